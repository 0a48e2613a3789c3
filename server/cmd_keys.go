package server

import (
	"bytes"
	"math"

	"aeon/ds"
)

// keyCommands are the keyspace ("generic") group: DEL, EXISTS, KEYS, SCAN,
// RENAME, COPY, MOVE, the EXPIRE family, OBJECT, FLUSHDB, SWAPDB, ...
// Flags, arities, key positions and ACL categories are Redis 7.0's (as
// COMMAND INFO shows them); write/read/fast/slow/admin categories are
// derived from the flags by implicitCats.
func keyCommands() []*Command {
	const g = "generic"
	return []*Command{
		{Name: "del", Proc: delCommand, Arity: -2, Flags: FlagWrite, FirstKey: 1, LastKey: -1, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "1.0.0", Summary: "Delete a key", Complex: "O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1)."},
		{Name: "unlink", Proc: delCommand, Arity: -2, Flags: FlagWrite | FlagFast, FirstKey: 1, LastKey: -1, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "4.0.0", Summary: "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.", Complex: "O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of."},
		{Name: "exists", Proc: existsCommand, Arity: -2, Flags: FlagReadonly | FlagFast, FirstKey: 1, LastKey: -1, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "1.0.0", Summary: "Determine if a key exists", Complex: "O(N) where N is the number of keys to check."},
		{Name: "type", Proc: typeCommand, Arity: 2, Flags: FlagReadonly | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "1.0.0", Summary: "Determine the type stored at key", Complex: "O(1)"},
		{Name: "keys", Proc: keysCommand, Arity: 2, Flags: FlagReadonly, Cats: CatKeyspace | CatDangerous,
			Group: g, Since: "1.0.0", Summary: "Find all keys matching the given pattern", Complex: "O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length."},
		{Name: "scan", Proc: scanCommand, Arity: -2, Flags: FlagReadonly, Cats: CatKeyspace,
			Group: g, Since: "2.8.0", Summary: "Incrementally iterate the keys space", Complex: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection."},
		{Name: "randomkey", Proc: randomkeyCommand, Arity: 1, Flags: FlagReadonly, Cats: CatKeyspace,
			Group: g, Since: "1.0.0", Summary: "Return a random key from the keyspace", Complex: "O(1)"},
		{Name: "rename", Proc: renameCommand, Arity: 3, Flags: FlagWrite, FirstKey: 1, LastKey: 2, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "1.0.0", Summary: "Rename a key", Complex: "O(1)"},
		{Name: "renamenx", Proc: renamenxCommand, Arity: 3, Flags: FlagWrite | FlagFast, FirstKey: 1, LastKey: 2, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "1.0.0", Summary: "Rename a key, only if the new key does not exist", Complex: "O(1)"},
		{Name: "copy", Proc: copyCommand, Arity: -3, Flags: FlagWrite | FlagDenyOOM, FirstKey: 1, LastKey: 2, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "6.2.0", Summary: "Copy a key", Complex: "O(N) worst case for collections, where N is the number of nested items. O(1) for string values."},
		{Name: "move", Proc: moveCommand, Arity: 3, Flags: FlagWrite | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "1.0.0", Summary: "Move a key to another database", Complex: "O(1)"},
		{Name: "touch", Proc: touchCommand, Arity: -2, Flags: FlagReadonly | FlagFast, FirstKey: 1, LastKey: -1, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "3.2.1", Summary: "Alters the last access time of a key(s). Returns the number of existing keys specified.", Complex: "O(N) where N is the number of keys that will be touched."},
		{Name: "expire", Proc: expireCommand, Arity: -3, Flags: FlagWrite | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "1.0.0", Summary: "Set a key's time to live in seconds", Complex: "O(1)"},
		{Name: "pexpire", Proc: pexpireCommand, Arity: -3, Flags: FlagWrite | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "2.6.0", Summary: "Set a key's time to live in milliseconds", Complex: "O(1)"},
		{Name: "expireat", Proc: expireatCommand, Arity: -3, Flags: FlagWrite | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "1.2.0", Summary: "Set the expiration for a key as a UNIX timestamp", Complex: "O(1)"},
		{Name: "pexpireat", Proc: pexpireatCommand, Arity: -3, Flags: FlagWrite | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "2.6.0", Summary: "Set the expiration for a key as a UNIX timestamp specified in milliseconds", Complex: "O(1)"},
		{Name: "ttl", Proc: ttlCommand, Arity: 2, Flags: FlagReadonly | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "1.0.0", Summary: "Get the time to live for a key in seconds", Complex: "O(1)"},
		{Name: "pttl", Proc: pttlCommand, Arity: 2, Flags: FlagReadonly | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "2.6.0", Summary: "Get the time to live for a key in milliseconds", Complex: "O(1)"},
		{Name: "expiretime", Proc: expiretimeCommand, Arity: 2, Flags: FlagReadonly | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "7.0.0", Summary: "Get the expiration Unix timestamp for a key", Complex: "O(1)"},
		{Name: "pexpiretime", Proc: pexpiretimeCommand, Arity: 2, Flags: FlagReadonly | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "7.0.0", Summary: "Get the expiration Unix timestamp for a key in milliseconds", Complex: "O(1)"},
		{Name: "persist", Proc: persistCommand, Arity: 2, Flags: FlagWrite | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "2.2.0", Summary: "Remove the expiration from a key", Complex: "O(1)"},
		{Name: "object", Arity: -2, Group: g, Since: "2.2.3", Summary: "A container for object introspection commands", Complex: "Depends on subcommand.",
			Subs: []*Command{
				{Name: "encoding", Proc: objectEncodingCommand, Arity: 3, Flags: FlagReadonly, FirstKey: 2, LastKey: 2, Step: 1, Cats: CatKeyspace,
					Since: "2.2.3", Summary: "Inspect the internal encoding of a Redis object", Complex: "O(1)"},
				{Name: "freq", Proc: objectFreqCommand, Arity: 3, Flags: FlagReadonly, FirstKey: 2, LastKey: 2, Step: 1, Cats: CatKeyspace,
					Since: "4.0.0", Summary: "Get the logarithmic access frequency counter of a Redis object", Complex: "O(1)"},
				{Name: "idletime", Proc: objectIdletimeCommand, Arity: 3, Flags: FlagReadonly, FirstKey: 2, LastKey: 2, Step: 1, Cats: CatKeyspace,
					Since: "2.2.3", Summary: "Get the time since a Redis object was last accessed", Complex: "O(1)"},
				{Name: "refcount", Proc: objectRefcountCommand, Arity: 3, Flags: FlagReadonly, FirstKey: 2, LastKey: 2, Step: 1, Cats: CatKeyspace,
					Since: "2.2.3", Summary: "Get the number of references to the value of the key", Complex: "O(1)"},
				{Name: "help", Proc: objectHelpCommand, Arity: 2, Flags: FlagLoading | FlagStale, Cats: CatKeyspace,
					Since: "6.2.0", Summary: "Show helpful text about the different subcommands", Complex: "O(1)"},
			}},
		{Name: "dbsize", Proc: dbsizeCommand, Arity: 1, Flags: FlagReadonly | FlagFast, Cats: CatKeyspace,
			Group: g, Since: "1.0.0", Summary: "Return the number of keys in the selected database", Complex: "O(1)"},
		{Name: "flushdb", Proc: flushdbCommand, Arity: -1, Flags: FlagWrite, Cats: CatKeyspace | CatDangerous,
			Group: g, Since: "1.0.0", Summary: "Remove all keys from the current database", Complex: "O(N) where N is the number of keys in the selected database"},
		{Name: "flushall", Proc: flushallCommand, Arity: -1, Flags: FlagWrite, Cats: CatKeyspace | CatDangerous,
			Group: g, Since: "1.0.0", Summary: "Remove all keys from all databases", Complex: "O(N) where N is the total number of keys in all databases"},
		{Name: "swapdb", Proc: swapdbCommand, Arity: 3, Flags: FlagWrite | FlagFast, Cats: CatKeyspace | CatDangerous,
			Group: g, Since: "4.0.0", Summary: "Swaps two Redis databases", Complex: "O(N) where N is the count of clients watching or blocking on keys from both databases."},
	}
}

// Error replies of this group (named apart from other groups' constants).
const (
	keysErrSameObject = "ERR source and destination objects are the same"
	keysErrLFUIdle    = "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."
	keysErrLFUFreq    = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."
)

// intArgOrReply parses b as Redis's getIntFromObjectOrReply: a strict
// 64-bit integer that must also fit a C int. msg, if not empty, replaces
// both error replies.
func intArgOrReply(c *Client, b []byte, msg string) (int, bool) {
	v, ok := parseInt(b)
	if !ok {
		if msg == "" {
			msg = errNotInteger
		}
		c.addReplyError(msg)
		return 0, false
	}
	if v < math.MinInt32 || v > math.MaxInt32 {
		if msg == "" {
			msg = errIntRange
		}
		c.addReplyError(msg)
		return 0, false
	}
	return int(v), true
}

// dbByIndex returns database id, or nil if out of range (selectDb).
func (s *Server) dbByIndex(id int) *DB {
	if id < 0 || id >= len(s.dbs) {
		return nil
	}
	return s.dbs[id]
}

// keyExpiredNoDelete reports whether key has a TTL that has passed,
// without deleting it (Redis's keyIsExpired). It uses the same comparison
// as expireIfNeeded so that the two never disagree within a command.
func (s *Server) keyExpiredNoDelete(db *DB, key []byte) bool {
	if db.expires.Len() == 0 || s.loading {
		return false
	}
	e := db.expires.Find(key)
	return e != nil && e.Val <= s.cmdTime
}

// --- DEL, UNLINK, EXISTS, TYPE, TOUCH ------------------------------------

// delCommand is DEL and UNLINK. UNLINK frees values in a background thread
// in Redis; here the Go GC reclaims them anyway, so both unlink the key at
// once and leave the freeing to the collector.
func delCommand(s *Server, c *Client) {
	var n int64
	for _, key := range c.argv[1:] {
		s.expireIfNeeded(c.db, key)
		if s.dbDelete(c.db, key) {
			s.dirty++
			n++
		}
	}
	c.addReplyInt(n)
}

func existsCommand(s *Server, c *Client) {
	var n int64
	for _, key := range c.argv[1:] {
		if s.lookupKey(c, c.db, key, lookupNoTouch) != nil {
			n++
		}
	}
	c.addReplyInt(n)
}

func typeCommand(s *Server, c *Client) {
	o := s.lookupKey(c, c.db, c.argv[1], lookupNoTouch)
	if o == nil {
		c.addReplySimple("none")
		return
	}
	c.addReplySimple(o.TypeName())
}

func touchCommand(s *Server, c *Client) {
	var n int64
	for _, key := range c.argv[1:] {
		if s.lookupRead(c, key) != nil {
			n++
		}
	}
	c.addReplyInt(n)
}

// --- KEYS, SCAN, RANDOMKEY, DBSIZE -----------------------------------------

// keysCommand walks the whole dict. Like Redis it skips logically expired
// keys without deleting them (deleting is not allowed during Range).
func keysCommand(s *Server, c *Client) {
	pattern := c.argv[1]
	allKeys := len(pattern) == 1 && pattern[0] == '*'
	db := c.db
	checkExpire := db.expires.Len() > 0 && !s.loading
	at := c.deferredLen()
	n := 0
	db.dict.Range(func(e *ds.Entry[Object]) bool {
		k := e.Key()
		if !allKeys && !globMatch(pattern, unsafeBytes(k), false) {
			return true
		}
		if checkExpire && s.keyExpiredNoDelete(db, unsafeBytes(k)) {
			return true
		}
		c.addReplyBulkString(k)
		n++
		return true
	})
	c.setDeferredArrayLen(at, n)
}

// parseScanCursor parses a SCAN cursor as Redis's parseScanCursorOrReply,
// that is strtoul(3) in base 10: no leading space, an optional sign (a
// negative value wraps around), digits up to the end of the argument or a
// NUL byte, no overflow. An empty argument is cursor 0.
func parseScanCursor(b []byte) (uint64, bool) {
	if len(b) > 0 {
		switch b[0] {
		case ' ', '\t', '\n', '\v', '\f', '\r':
			return 0, false
		}
	}
	i, neg := 0, false
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = b[i] == '-'
		i++
	}
	start := i
	var v uint64
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		d := uint64(b[i] - '0')
		if v > (math.MaxUint64-d)/10 {
			return 0, false // ERANGE
		}
		v = v*10 + d
	}
	if i == start {
		// No digits: strtoul leaves the end pointer at the start.
		return 0, len(b) == 0 || b[0] == 0
	}
	if i < len(b) && b[i] != 0 {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}

// scanCommand is SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
// (Redis's scanGenericCommand for the keyspace).
func scanCommand(s *Server, c *Client) {
	opts, ok := parseScanArgs(c, 1, true)
	if !ok {
		return
	}
	db := c.db
	var keys []string
	cursor := scanDict(db.dict, &opts, func(e *ds.Entry[Object]) { keys = append(keys, e.Key()) })

	// Filter: pattern, type, then expired keys (deleted here, lazily).
	items := make([][]byte, 0, len(keys))
	for _, k := range keys {
		kb := unsafeBytes(k)
		if !opts.matches(kb) {
			continue
		}
		if opts.typeName != nil {
			name := "none"
			if o := s.lookupKey(c, db, kb, lookupNoTouch); o != nil {
				name = o.TypeName()
			}
			if !eqFold(opts.typeName, name) {
				continue
			}
		}
		if s.expireIfNeeded(db, kb) {
			continue
		}
		items = append(items, kb)
	}
	c.addReplyScan(cursor, items)
}

// randomkeyCommand is Redis's dbRandomKey: pick random keys until one is
// not expired (expired ones are deleted on the way).
func randomkeyCommand(s *Server, c *Client) {
	db := c.db
	for {
		e := db.dict.RandomEntry()
		if e == nil {
			c.addReplyNull()
			return
		}
		k := e.Key()
		if db.expires.Len() > 0 && s.expireIfNeeded(db, unsafeBytes(k)) {
			continue
		}
		c.addReplyBulkString(k)
		return
	}
}

func dbsizeCommand(s *Server, c *Client) { c.addReplyInt(int64(c.db.Len())) }

// --- RENAME, RENAMENX, MOVE, COPY ------------------------------------------

func renameCommand(s *Server, c *Client)   { renameGeneric(s, c, false) }
func renamenxCommand(s *Server, c *Client) { renameGeneric(s, c, true) }

func renameGeneric(s *Server, c *Client, nx bool) {
	src, dst := c.argv[1], c.argv[2]
	o := s.lookupWriteKey(c, src)
	if o == nil {
		c.addReplyError(errNoSuchKey)
		return
	}
	if bytes.Equal(src, dst) {
		if nx {
			c.addReplyInt(0)
		} else {
			c.addReplyOK()
		}
		return
	}
	val := *o
	expire := c.db.getExpire(src)
	if s.lookupWriteKey(c, dst) != nil {
		if nx {
			c.addReplyInt(0)
			return
		}
		s.dbDelete(c.db, dst)
	}
	s.dbAddKeepLRU(c.db, dst, val)
	if expire != -1 {
		s.setExpire(c.db, dst, expire)
	}
	s.dbDelete(c.db, src)
	s.dirty++
	if nx {
		c.addReplyInt(1)
	} else {
		c.addReplyOK()
	}
}

// dbAddKeepLRU adds a value that moves from another key (RENAME, MOVE):
// Redis moves the object itself, so its access time travels with it.
func (s *Server) dbAddKeepLRU(db *DB, key []byte, val Object) {
	lru := val.lru
	s.dbAdd(db, key, val)
	if e := db.dict.Find(key); e != nil {
		e.Val.lru = lru
	}
}

func moveCommand(s *Server, c *Client) {
	id, ok := intArgOrReply(c, c.argv[2], "")
	if !ok {
		return
	}
	dst := s.dbByIndex(id)
	if dst == nil {
		c.addReplyError(errDBRange)
		return
	}
	src := c.db
	if src == dst {
		c.addReplyError(keysErrSameObject)
		return
	}
	key := c.argv[1]
	o := s.lookupWriteKey(c, key)
	if o == nil {
		c.addReplyInt(0)
		return
	}
	val := *o
	expire := src.getExpire(key)
	if s.lookupKey(c, dst, key, lookupWrite) != nil {
		c.addReplyInt(0)
		return
	}
	s.dbAddKeepLRU(dst, key, val)
	if expire != -1 {
		s.setExpire(dst, key, expire)
	}
	s.dbDelete(src, key)
	s.dirty++
	c.addReplyInt(1)
}

// typeUnknown marks the result of dupValue for a type it cannot copy yet.
const typeUnknown uint8 = 0xff

// dupValue returns a deep copy of o that shares no mutable memory with it
// (Redis's dup*Object, as COPY uses them), keeping its encoding. Types not
// handled yet give an Object whose typ is typeUnknown, which COPY turns
// into Redis's "unknown type object" error; each collection type adds its
// case here.
func (s *Server) dupValue(o *Object) Object {
	switch o.typ {
	case TypeString:
		switch o.enc {
		case EncInt:
			return intObject(o.n)
		case EncEmbstr, EncRaw:
			b := o.strBytes(nil)
			return bytesObject(append(make([]byte, 0, len(b)), b...), o.enc == EncEmbstr)
		}
	}
	return dupCollection(o)
}

// copyCommand is COPY source destination [DB destination-db] [REPLACE].
func copyCommand(s *Server, c *Client) {
	src, dst := c.db, c.db
	replace := false
	for j := 3; j < len(c.argv); j++ {
		additional := len(c.argv) - j - 1
		switch {
		case eqFold(c.argv[j], "replace"):
			replace = true
		case eqFold(c.argv[j], "db") && additional >= 1:
			id, ok := intArgOrReply(c, c.argv[j+1], "")
			if !ok {
				return
			}
			if dst = s.dbByIndex(id); dst == nil {
				c.addReplyError(errDBRange)
				return
			}
			j++
		default:
			c.addReplyError(errSyntax)
			return
		}
	}
	key, newKey := c.argv[1], c.argv[2]
	if src == dst && bytes.Equal(key, newKey) {
		c.addReplyError(keysErrSameObject)
		return
	}
	o := s.lookupRead(c, key)
	if o == nil {
		c.addReplyInt(0)
		return
	}
	val := *o
	expire := src.getExpire(key)
	exists := s.lookupKey(c, dst, newKey, lookupWrite) != nil
	if exists && !replace {
		c.addReplyInt(0)
		return
	}
	dup := s.dupValue(&val)
	if dup.typ == typeUnknown {
		c.addReplyError("ERR unknown type object")
		return
	}
	if exists {
		s.dbDelete(dst, newKey)
	}
	s.dbAdd(dst, newKey, dup)
	if expire != -1 {
		s.setExpire(dst, newKey, expire)
	}
	s.dirty++
	c.addReplyInt(1)
}

// --- EXPIRE family, TTL family, PERSIST -----------------------------------

// Options of the EXPIRE family.
const (
	expireNX = 1 << iota
	expireXX
	expireGT
	expireLT
)

func expireCommand(s *Server, c *Client)    { expireGeneric(s, c, s.cmdTime, true) }
func pexpireCommand(s *Server, c *Client)   { expireGeneric(s, c, s.cmdTime, false) }
func expireatCommand(s *Server, c *Client)  { expireGeneric(s, c, 0, true) }
func pexpireatCommand(s *Server, c *Client) { expireGeneric(s, c, 0, false) }

// parseExpireFlags parses NX|XX|GT|LT from argv[3:] as Redis 7.0's
// parseExtendedExpireArgumentsOrReply.
func parseExpireFlags(c *Client) (int, bool) {
	flags := 0
	for _, opt := range c.argv[3:] {
		switch {
		case eqFold(opt, "nx"):
			flags |= expireNX
		case eqFold(opt, "xx"):
			flags |= expireXX
		case eqFold(opt, "gt"):
			flags |= expireGT
		case eqFold(opt, "lt"):
			flags |= expireLT
		default:
			// Redis formats the option with %s: it ends at a NUL byte.
			if i := bytes.IndexByte(opt, 0); i >= 0 {
				opt = opt[:i]
			}
			c.addReplyError("ERR Unsupported option " + string(opt))
			return 0, false
		}
	}
	if flags&expireNX != 0 && flags&(expireXX|expireGT|expireLT) != 0 {
		c.addReplyError("ERR NX and XX, GT or LT options at the same time are not compatible")
		return 0, false
	}
	if flags&expireGT != 0 && flags&expireLT != 0 {
		c.addReplyError("ERR GT and LT options at the same time are not compatible")
		return 0, false
	}
	return flags, true
}

// expireGeneric is Redis's expireGenericCommand: basetime is added to the
// argument (0 for the *AT forms), seconds are scaled to milliseconds. A
// time already past deletes the key (and replies 1).
func expireGeneric(s *Server, c *Client, basetime int64, seconds bool) {
	key := c.argv[1]
	flags, ok := parseExpireFlags(c)
	if !ok {
		return
	}
	when, ok := parseInt(c.argv[2])
	if !ok {
		c.addReplyError(errNotInteger)
		return
	}
	badTime := "ERR invalid expire time in '" + c.cmd.fullName() + "' command"
	if seconds {
		if when > math.MaxInt64/1000 || when < math.MinInt64/1000 {
			c.addReplyError(badTime)
			return
		}
		when *= 1000
	}
	if when > math.MaxInt64-basetime {
		c.addReplyError(badTime)
		return
	}
	when += basetime

	if s.lookupWriteKey(c, key) == nil {
		c.addReplyInt(0)
		return
	}
	if flags != 0 {
		cur := c.db.getExpire(key)
		if flags&expireNX != 0 && cur != -1 {
			c.addReplyInt(0)
			return
		}
		if flags&expireXX != 0 && cur == -1 {
			c.addReplyInt(0)
			return
		}
		// No TTL counts as infinite: GT always fails, LT always succeeds.
		if flags&expireGT != 0 && (when <= cur || cur == -1) {
			c.addReplyInt(0)
			return
		}
		if flags&expireLT != 0 && cur != -1 && when >= cur {
			c.addReplyInt(0)
			return
		}
	}
	if when <= s.cmdTime && !s.loading {
		// Already expired: delete, propagated as DEL.
		s.dbDelete(c.db, key)
		s.dirty++
		c.rewriteProp(bDel, key)
		c.addReplyInt(1)
		return
	}
	s.setExpire(c.db, key, when)
	s.dirty++
	if s.propOn() {
		c.rewriteProp([]byte("PEXPIREAT"), key, intArg(when))
	}
	c.addReplyInt(1)
}

func ttlCommand(s *Server, c *Client)         { ttlGeneric(s, c, false, false) }
func pttlCommand(s *Server, c *Client)        { ttlGeneric(s, c, true, false) }
func expiretimeCommand(s *Server, c *Client)  { ttlGeneric(s, c, false, true) }
func pexpiretimeCommand(s *Server, c *Client) { ttlGeneric(s, c, true, true) }

// ttlGeneric replies -2 for a missing key, -1 for no TTL, else the TTL (or
// the absolute expire time), in ms or rounded to seconds.
func ttlGeneric(s *Server, c *Client, ms, abs bool) {
	if s.lookupKey(c, c.db, c.argv[1], lookupNoTouch) == nil {
		c.addReplyInt(-2)
		return
	}
	expire := c.db.getExpire(c.argv[1])
	if expire == -1 {
		c.addReplyInt(-1)
		return
	}
	ttl := expire
	if !abs {
		ttl = expire - s.cmdTime
	}
	if ttl < 0 {
		ttl = 0
	}
	if !ms {
		ttl = (ttl + 500) / 1000
	}
	c.addReplyInt(ttl)
}

func persistCommand(s *Server, c *Client) {
	if s.lookupWriteKey(c, c.argv[1]) != nil && c.db.removeExpire(c.argv[1]) {
		s.dirty++
		c.addReplyInt(1)
		return
	}
	c.addReplyInt(0)
}

// --- OBJECT ---------------------------------------------------------------

// objectLookup finds OBJECT's key without touching it, replying null when
// it is missing.
func objectLookup(s *Server, c *Client) *Object {
	o := s.lookupKey(c, c.db, c.argv[2], lookupNoTouch)
	if o == nil {
		c.addReplyNull()
	}
	return o
}

func objectEncodingCommand(s *Server, c *Client) {
	if o := objectLookup(s, c); o != nil {
		c.addReplyBulkString(o.EncName())
	}
}

// objectRefcountCommand reports what Redis would: shared integer objects
// (int-encoded 0..9999) have refcount INT_MAX, everything else 1.
func objectRefcountCommand(s *Server, c *Client) {
	o := objectLookup(s, c)
	if o == nil {
		return
	}
	if o.typ == TypeString && o.enc == EncInt && o.n >= 0 && o.n < sharedIntegers {
		c.addReplyInt(math.MaxInt32)
		return
	}
	c.addReplyInt(1)
}

// lruClockMax is LRU_CLOCK_MAX: the LRU clock is 24 bits of seconds.
const lruClockMax = 1<<24 - 1

// objectIdleMs is Redis's estimateObjectIdleTime: the ms since o's LRU
// stamp, allowing for one wraparound of the 24-bit clock.
func (s *Server) objectIdleMs(o *Object) int64 {
	now, lru := int64(s.lruClock), int64(o.lru)
	if now >= lru {
		return (now - lru) * 1000
	}
	return (now + (lruClockMax - lru)) * 1000
}

func objectIdletimeCommand(s *Server, c *Client) {
	o := objectLookup(s, c)
	if o == nil {
		return
	}
	if s.lfu {
		c.addReplyError(keysErrLFUIdle)
		return
	}
	c.addReplyInt(s.objectIdleMs(o) / 1000)
}

// lfuDecrAndReturn is Redis's LFUDecrAndReturn: under an LFU policy, lru
// holds 16 bits of minutes (last decrement time) and an 8-bit log counter,
// which decays by one per lfu-decay-time minutes elapsed.
func (s *Server) lfuDecrAndReturn(o *Object) int64 {
	ldt := int64(o.lru >> 8)
	counter := int64(o.lru & 255)
	now := (s.unixMs / 1000 / 60) & 65535
	elapsed := now - ldt
	if now < ldt {
		elapsed = 65535 - ldt + now
	}
	if s.cfg.LFUDecayTime > 0 {
		if periods := elapsed / s.cfg.LFUDecayTime; periods > 0 {
			counter = max(counter-periods, 0)
		}
	}
	return counter
}

func objectFreqCommand(s *Server, c *Client) {
	o := objectLookup(s, c)
	if o == nil {
		return
	}
	if !s.lfu {
		c.addReplyError(keysErrLFUFreq)
		return
	}
	c.addReplyInt(s.lfuDecrAndReturn(o))
}

var objectHelp = []string{
	"ENCODING <key>",
	"    Return the kind of internal representation used in order to store the value",
	"    associated with a <key>.",
	"FREQ <key>",
	"    Return the access frequency index of the <key>. The returned integer is",
	"    proportional to the logarithm of the recent access frequency of the key.",
	"IDLETIME <key>",
	"    Return the idle time of the <key>, that is the approximated number of",
	"    seconds elapsed since the last access to the key.",
	"REFCOUNT <key>",
	"    Return the number of references of the value associated with the specified",
	"    <key>.",
}

// objectHelpCommand writes Redis 7.0's addReplyHelp output itself: 7.0's
// closing line is "Prints this help.".
func objectHelpCommand(s *Server, c *Client) {
	c.addReplyArray(len(objectHelp) + 3)
	c.addReplySimple("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
	for _, l := range objectHelp {
		c.addReplySimple(l)
	}
	c.addReplySimple("HELP")
	c.addReplySimple("    Prints this help.")
}

// --- FLUSHDB, FLUSHALL, SWAPDB --------------------------------------------

// flushArgsOrReply parses FLUSHDB/FLUSHALL's optional ASYNC|SYNC. Both
// free synchronously: dropping the tables is O(1) here and the Go GC
// reclaims the entries in the background, which is what ASYNC asks for.
func flushArgsOrReply(c *Client) bool {
	if len(c.argv) == 1 {
		return true
	}
	if len(c.argv) == 2 && (eqFold(c.argv[1], "sync") || eqFold(c.argv[1], "async")) {
		return true
	}
	c.addReplyError(errSyntax)
	return false
}

func flushdbCommand(s *Server, c *Client) {
	if !flushArgsOrReply(c) {
		return
	}
	s.dirty += int64(c.db.Len())
	s.touchWatchedKeysInDBs(c.db, nil)
	if s.snap != nil {
		// The snapshot keeps the old dicts: nothing else reaches them.
		c.db.dict, c.db.expires = ds.NewDict[Object](), ds.NewDict[int64]()
	}
	c.db.flush()
	c.addReplyOK()
}

func flushallCommand(s *Server, c *Client) {
	if !flushArgsOrReply(c) {
		return
	}
	for _, db := range s.dbs {
		s.dirty += int64(db.Len())
	}
	// As Redis: a save in progress is killed, and with save points set
	// the now empty data set is saved at once.
	s.snapshotAbort()
	s.emptyData()
	if len(s.cfg.savePoints) > 0 {
		s.rdbSaveSync(s.cfg.DBFilename)
	}
	s.dirty++
	c.addReplyOK()
}

// swapdbCommand swaps the data of two databases, as dbSwapDatabases:
// clients keep their selected DB number and see the other data set.
func swapdbCommand(s *Server, c *Client) {
	id1, ok := intArgOrReply(c, c.argv[1], "ERR invalid first DB index")
	if !ok {
		return
	}
	id2, ok := intArgOrReply(c, c.argv[2], "ERR invalid second DB index")
	if !ok {
		return
	}
	a, b := s.dbByIndex(id1), s.dbByIndex(id2)
	if a == nil || b == nil {
		c.addReplyError(errDBRange)
		return
	}
	if a != b {
		s.touchWatchedKeysInDBs(a, b)
		s.touchWatchedKeysInDBs(b, a)
		a.dict, b.dict = b.dict, a.dict
		a.expires, b.expires = b.expires, a.expires
		a.avgTTL, b.avgTTL = b.avgTTL, a.avgTTL
		a.expireCursor, b.expireCursor = b.expireCursor, a.expireCursor
	}
	s.dirty++
	c.addReplyOK()
}
