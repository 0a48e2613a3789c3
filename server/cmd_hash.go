package server

import (
	"math"
	"math/big"
	"strconv"
	"unsafe"

	"aeon/ds"
)

// The hash group, after Redis 7.0's t_hash.c. A small hash is a listpack
// of field, value, field, value... kept byte-identical to the one Redis
// builds: a new pair is appended, an update replaces the value entry in
// place, HDEL removes the pair. It becomes a hashtable (never back) when a
// field or value longer than hash-max-listpack-value is about to be added,
// or when it holds more than hash-max-listpack-entries fields after a set.

// hashCommands is the hash group.
func hashCommands() []*Command {
	const g = "hash"
	wd, w, ro := FlagWrite|FlagDenyOOM, FlagWrite, FlagReadonly
	const allN = "O(N) where N is the size of the hash."
	return []*Command{
		{Name: "hset", Proc: hsetCommand, Arity: -4, Flags: wd | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatHash,
			Group: g, Since: "2.0.0", Summary: "Set the string value of a hash field",
			Complex: "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs."},
		{Name: "hsetnx", Proc: hsetnxCommand, Arity: 4, Flags: wd | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatHash,
			Group: g, Since: "2.0.0", Summary: "Set the value of a hash field, only if the field does not exist", Complex: "O(1)"},
		{Name: "hmset", Proc: hmsetCommand, Arity: -4, Flags: wd | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatHash,
			Group: g, Since: "2.0.0", Summary: "Set multiple hash fields to multiple values",
			Complex: "O(N) where N is the number of fields being set."},
		{Name: "hget", Proc: hgetCommand, Arity: 3, Flags: ro | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatHash,
			Group: g, Since: "2.0.0", Summary: "Get the value of a hash field", Complex: "O(1)"},
		{Name: "hmget", Proc: hmgetCommand, Arity: -3, Flags: ro | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatHash,
			Group: g, Since: "2.0.0", Summary: "Get the values of all the given hash fields",
			Complex: "O(N) where N is the number of fields being requested."},
		{Name: "hdel", Proc: hdelCommand, Arity: -3, Flags: w | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatHash,
			Group: g, Since: "2.0.0", Summary: "Delete one or more hash fields",
			Complex: "O(N) where N is the number of fields to be removed."},
		{Name: "hlen", Proc: hlenCommand, Arity: 2, Flags: ro | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatHash,
			Group: g, Since: "2.0.0", Summary: "Get the number of fields in a hash", Complex: "O(1)"},
		{Name: "hstrlen", Proc: hstrlenCommand, Arity: 3, Flags: ro | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatHash,
			Group: g, Since: "3.2.0", Summary: "Get the length of the value of a hash field", Complex: "O(1)"},
		{Name: "hexists", Proc: hexistsCommand, Arity: 3, Flags: ro | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatHash,
			Group: g, Since: "2.0.0", Summary: "Determine if a hash field exists", Complex: "O(1)"},
		{Name: "hkeys", Proc: hkeysCommand, Arity: 2, Flags: ro, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatHash,
			Group: g, Since: "2.0.0", Summary: "Get all the fields in a hash", Complex: allN},
		{Name: "hvals", Proc: hvalsCommand, Arity: 2, Flags: ro, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatHash,
			Group: g, Since: "2.0.0", Summary: "Get all the values in a hash", Complex: allN},
		{Name: "hgetall", Proc: hgetallCommand, Arity: 2, Flags: ro, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatHash,
			Group: g, Since: "2.0.0", Summary: "Get all the fields and values in a hash", Complex: allN},
		{Name: "hincrby", Proc: hincrbyCommand, Arity: 4, Flags: wd | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatHash,
			Group: g, Since: "2.0.0", Summary: "Increment the integer value of a hash field by the given number", Complex: "O(1)"},
		{Name: "hincrbyfloat", Proc: hincrbyfloatCommand, Arity: 4, Flags: wd | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatHash,
			Group: g, Since: "2.6.0", Summary: "Increment the float value of a hash field by the given amount", Complex: "O(1)"},
		{Name: "hrandfield", Proc: hrandfieldCommand, Arity: -2, Flags: ro, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatHash,
			Group: g, Since: "6.2.0", Summary: "Get one or multiple random fields from a hash",
			Complex: "O(N) where N is the number of fields returned"},
		{Name: "hscan", Proc: hscanCommand, Arity: -3, Flags: ro, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatHash,
			Group: g, Since: "2.8.0", Summary: "Incrementally iterate hash fields and associated values",
			Complex: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.."},
	}
}

// Error replies of the hash group.
const (
	hashErrNotInt      = "ERR hash value is not an integer"
	hashErrNotFloat    = "ERR hash value is not a float"
	hashErrIncrNaNInf  = "ERR value is NaN or Infinity"
	hashErrRandRange   = "ERR value is out of range"
	hashErrCountBounds = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"
)

// hashListpackSafety is LISTPACK_MAX_SAFETY_SIZE: a listpack that would
// grow past it is converted first (lpSafeToAdd).
const hashListpackSafety = 1 << 30

// hashRandSubStrategyMul is HRANDFIELD_SUB_STRATEGY_MUL.
const hashRandSubStrategyMul = 3

// --- type helpers ----------------------------------------------------------

// hashLookupRead finds a hash for reading. It returns nil when the key is
// missing, and (nil, false) after replying WRONGTYPE.
func (s *Server) hashLookupRead(c *Client, key []byte) (*Object, bool) {
	o := s.lookupRead(c, key)
	if !checkType(c, o, TypeHash) {
		return nil, false
	}
	return o, true
}

// hashLookupWrite finds a hash about to be modified (nil if missing);
// false means it replied WRONGTYPE.
func (s *Server) hashLookupWrite(c *Client, key []byte) (*Object, bool) {
	o := s.lookupWriteKey(c, key)
	if !checkType(c, o, TypeHash) {
		return nil, false
	}
	return o, true
}

// hashLen returns the number of fields (hashTypeLength).
func hashLen(o *Object) int {
	if o.enc == EncListpack {
		return o.listpack().Len() / 2
	}
	return o.hashDict().Len()
}

// hashLpFind returns the position of field's entry in a listpack hash, or -1.
func hashLpFind(lp *ds.Listpack, field []byte) int {
	p := lp.First()
	if p < 0 {
		return -1
	}
	return lp.Find(p, field, 1)
}

// hashTryConversion is hashTypeTryConversion: convert before adding args
// if one is too long for a listpack or the listpack would grow unsafely big.
func (s *Server) hashTryConversion(o *Object, args [][]byte) {
	s.hashTryConvert(o, args)
	if o.enc != EncListpack {
		return
	}
	sum := 0
	for _, a := range args {
		sum += len(a)
	}
	if o.listpack().Size()+sum > hashListpackSafety {
		hashConvert(o)
	}
}

// hashPair copies a field and value into one allocation for a new dict
// entry.
func hashPair(field, value []byte) (string, string) {
	buf := make([]byte, len(field)+len(value))
	copy(buf, field)
	copy(buf[len(field):], value)
	all := unsafe.String(unsafe.SliceData(buf), len(buf))
	return all[:len(field)], all[len(field):]
}

// hashSet is hashTypeSet (HASH_SET_COPY): it sets field to value and
// reports whether the field already existed.
func (s *Server) hashSet(o *Object, field, value []byte) bool {
	if o.enc == EncListpack {
		// Long fields or values may come from HINCRBY*, which skip
		// hashTryConversion.
		if max := s.cfg.HashMaxListpackValue; int64(len(field)) > max || int64(len(value)) > max {
			hashConvert(o)
		}
	}
	if o.enc == EncListpack {
		lp := o.listpack()
		update := false
		if fp := hashLpFind(lp, field); fp >= 0 {
			lp.Replace(lp.Next(fp), value)
			update = true
		} else {
			lp.Append(field)
			lp.Append(value)
		}
		s.hashConvertIfTooBig(o)
		return update
	}
	d := o.hashDict()
	if e := d.Find(field); e != nil {
		e.Val = string(value)
		return true
	}
	k, v := hashPair(field, value)
	d.Insert(k, v)
	return false
}

// hashDelete is hashTypeDelete: it removes field and reports whether it
// existed.
func hashDelete(o *Object, field []byte) bool {
	if o.enc == EncListpack {
		lp := o.listpack()
		fp := hashLpFind(lp, field)
		if fp < 0 {
			return false
		}
		lp.Delete(lp.Delete(fp)) // the field, then its value
		return true
	}
	d := o.hashDict()
	if d.Delete(field) == nil {
		return false
	}
	d.TryShrink()
	return true
}

// hashReplyLp replies with the listpack entry at p as a bulk string.
func hashReplyLp(c *Client, lp *ds.Listpack, p int) {
	if s, v, isInt := lp.Get(p); isInt {
		c.addReplyBulkInt(v)
	} else {
		c.addReplyBulk(s)
	}
}

// hashReplyField replies with field's value, or null (addHashFieldToReply).
func hashReplyField(c *Client, o *Object, field []byte) {
	if o == nil {
		c.addReplyNull()
		return
	}
	if o.enc == EncListpack {
		lp := o.listpack()
		if fp := hashLpFind(lp, field); fp >= 0 {
			hashReplyLp(c, lp, lp.Next(fp))
			return
		}
	} else if e := o.hashDict().Find(field); e != nil {
		c.addReplyBulk(unsafeBytes(e.Val))
		return
	}
	c.addReplyNull()
}

// --- HSET, HMSET, HSETNX -----------------------------------------------------

func hsetCommand(s *Server, c *Client)  { s.hashSetGeneric(c, false) }
func hmsetCommand(s *Server, c *Client) { s.hashSetGeneric(c, true) }

// hashSetGeneric is hsetCommand, which serves HSET and HMSET (replying OK).
func (s *Server) hashSetGeneric(c *Client, hmset bool) {
	if len(c.argv)%2 == 1 {
		if hmset {
			c.addReplyError("ERR wrong number of arguments for 'hmset' command")
		} else {
			c.addReplyError("ERR wrong number of arguments for 'hset' command")
		}
		return
	}
	key := c.argv[1]
	o, ok := s.hashLookupWrite(c, key)
	if !ok {
		return
	}
	var local Object
	isNew := o == nil
	if isNew {
		local = newHashObject()
		o = &local
	}
	s.hashTryConversion(o, c.argv[2:])
	if isNew && o.enc == EncListpack {
		o.listpack().ReserveFor(c.argv[2:]) // one allocation for the new key
	}
	created := 0
	for i := 2; i < len(c.argv); i += 2 {
		if !s.hashSet(o, c.argv[i], c.argv[i+1]) {
			created++
		}
	}
	if isNew {
		s.dbAdd(c.db, key, local)
	}
	if hmset {
		c.addReplyOK()
	} else {
		c.addReplyInt(int64(created))
	}
	s.dirty += int64(len(c.argv)-2) / 2
}

func hsetnxCommand(s *Server, c *Client) {
	key, field := c.argv[1], c.argv[2]
	o, ok := s.hashLookupWrite(c, key)
	if !ok {
		return
	}
	var local Object
	isNew := o == nil
	if isNew {
		local = newHashObject()
		o = &local
	} else if hashExists(o, field) {
		c.addReplyInt(0)
		return
	}
	s.hashTryConversion(o, c.argv[2:4])
	s.hashSet(o, field, c.argv[3])
	if isNew {
		s.dbAdd(c.db, key, local)
	}
	c.addReplyInt(1)
	s.dirty++
}

// --- reads -------------------------------------------------------------------

func hashExists(o *Object, field []byte) bool {
	if o.enc == EncListpack {
		return hashLpFind(o.listpack(), field) >= 0
	}
	return o.hashDict().Find(field) != nil
}

func hgetCommand(s *Server, c *Client) {
	o, ok := s.hashLookupRead(c, c.argv[1])
	if !ok {
		return
	}
	hashReplyField(c, o, c.argv[2])
}

func hmgetCommand(s *Server, c *Client) {
	o, ok := s.hashLookupRead(c, c.argv[1])
	if !ok {
		return
	}
	c.addReplyArray(len(c.argv) - 2)
	for _, f := range c.argv[2:] {
		hashReplyField(c, o, f)
	}
}

func hlenCommand(s *Server, c *Client) {
	o, ok := s.hashLookupRead(c, c.argv[1])
	if !ok {
		return
	}
	if o == nil {
		c.addReplyInt(0)
		return
	}
	c.addReplyInt(int64(hashLen(o)))
}

func hstrlenCommand(s *Server, c *Client) {
	o, ok := s.hashLookupRead(c, c.argv[1])
	if !ok {
		return
	}
	n := 0
	if o != nil {
		if o.enc == EncListpack {
			lp := o.listpack()
			if fp := hashLpFind(lp, c.argv[2]); fp >= 0 {
				if s, v, isInt := lp.Get(lp.Next(fp)); isInt {
					n = len(strconv.AppendInt(c.scratch[:0], v, 10))
				} else {
					n = len(s)
				}
			}
		} else if e := o.hashDict().Find(c.argv[2]); e != nil {
			n = len(e.Val)
		}
	}
	c.addReplyInt(int64(n))
}

func hexistsCommand(s *Server, c *Client) {
	o, ok := s.hashLookupRead(c, c.argv[1])
	if !ok {
		return
	}
	if o != nil && hashExists(o, c.argv[2]) {
		c.addReplyInt(1)
	} else {
		c.addReplyInt(0)
	}
}

const (
	hashWantKeys = 1 << iota
	hashWantVals
)

// hashGetAll is genericHgetallCommand: HKEYS, HVALS and HGETALL (a map).
func (s *Server) hashGetAll(c *Client, want int) {
	o, ok := s.hashLookupRead(c, c.argv[1])
	if !ok {
		return
	}
	both := want == hashWantKeys|hashWantVals
	n := 0
	if o != nil {
		n = hashLen(o)
	}
	if both {
		c.addReplyMap(n)
	} else {
		c.addReplyArray(n)
	}
	if o == nil {
		return
	}
	if o.enc == EncListpack {
		lp := o.listpack()
		for p := lp.First(); p >= 0; p = lp.Next(p) {
			if want&hashWantKeys != 0 {
				hashReplyLp(c, lp, p)
			}
			p = lp.Next(p)
			if want&hashWantVals != 0 {
				hashReplyLp(c, lp, p)
			}
		}
		return
	}
	o.hashDict().Range(func(e *ds.Entry[string]) bool {
		if want&hashWantKeys != 0 {
			c.addReplyBulk(unsafeBytes(e.Key()))
		}
		if want&hashWantVals != 0 {
			c.addReplyBulk(unsafeBytes(e.Val))
		}
		return true
	})
}

func hkeysCommand(s *Server, c *Client)   { s.hashGetAll(c, hashWantKeys) }
func hvalsCommand(s *Server, c *Client)   { s.hashGetAll(c, hashWantVals) }
func hgetallCommand(s *Server, c *Client) { s.hashGetAll(c, hashWantKeys|hashWantVals) }

// --- HDEL --------------------------------------------------------------------

func hdelCommand(s *Server, c *Client) {
	key := c.argv[1]
	o, ok := s.hashLookupWrite(c, key)
	if !ok {
		return
	}
	if o == nil {
		c.addReplyInt(0)
		return
	}
	deleted := 0
	for _, f := range c.argv[2:] {
		if hashDelete(o, f) {
			deleted++
			if hashLen(o) == 0 {
				s.dbDelete(c.db, key)
				break
			}
		}
	}
	s.dirty += int64(deleted)
	c.addReplyInt(int64(deleted))
}

// --- HINCRBY, HINCRBYFLOAT -----------------------------------------------------

// hashLookupOrCreate is hashTypeLookupWriteOrCreate without the dbAdd: a
// new hash is built in *local and added by the caller once it is filled.
func (s *Server) hashLookupOrCreate(c *Client, key []byte, local *Object) (o *Object, isNew, ok bool) {
	o, ok = s.hashLookupWrite(c, key)
	if !ok {
		return nil, false, false
	}
	if o == nil {
		*local = newHashObject()
		return local, true, true
	}
	return o, false, true
}

func hincrbyCommand(s *Server, c *Client) {
	key, field := c.argv[1], c.argv[2]
	incr, ok := parseInt(c.argv[3])
	if !ok {
		c.addReplyError(errNotInteger)
		return
	}
	var local Object
	o, isNew, ok := s.hashLookupOrCreate(c, key, &local)
	if !ok {
		return
	}
	var value int64
	if o.enc == EncListpack {
		lp := o.listpack()
		if fp := hashLpFind(lp, field); fp >= 0 {
			sv, v, isInt := lp.Get(lp.Next(fp))
			if !isInt {
				if v, isInt = parseInt(sv); !isInt {
					c.addReplyError(hashErrNotInt)
					return
				}
			}
			value = v
		}
	} else if e := o.hashDict().Find(field); e != nil {
		v, ok := parseInt(unsafeBytes(e.Val))
		if !ok {
			c.addReplyError(hashErrNotInt)
			return
		}
		value = v
	}
	if (incr < 0 && value < 0 && incr < math.MinInt64-value) ||
		(incr > 0 && value > 0 && incr > math.MaxInt64-value) {
		c.addReplyError(strErrOverflow)
		return
	}
	value += incr
	var buf [24]byte
	s.hashSet(o, field, strconv.AppendInt(buf[:0], value, 10))
	if isNew {
		s.dbAdd(c.db, key, local)
	}
	c.addReplyInt(value)
	s.dirty++
}

func hincrbyfloatCommand(s *Server, c *Client) {
	key, field := c.argv[1], c.argv[2]
	incr, ok := strParseLongDouble(c.argv[3])
	if !ok {
		c.addReplyError(strErrNotFloat)
		return
	}
	if incr.IsInf() {
		c.addReplyError(hashErrIncrNaNInf)
		return
	}
	var local Object
	o, isNew, ok := s.hashLookupOrCreate(c, key, &local)
	if !ok {
		return
	}
	var value *big.Float
	if o.enc == EncListpack {
		lp := o.listpack()
		if fp := hashLpFind(lp, field); fp >= 0 {
			sv, v, isInt := lp.Get(lp.Next(fp))
			if isInt {
				value = strNewLd().SetInt64(v)
			} else if value, ok = strParseLongDouble(sv); !ok {
				c.addReplyError(hashErrNotFloat)
				return
			}
		}
	} else if e := o.hashDict().Find(field); e != nil {
		if value, ok = strParseLongDouble(unsafeBytes(e.Val)); !ok {
			c.addReplyError(hashErrNotFloat)
			return
		}
	}
	if value == nil {
		value = strNewLd()
	}
	if value.IsInf() {
		c.addReplyError(strErrNaNInf)
		return
	}
	sum := strNewLd().Add(value, incr)
	if sum.Sign() != 0 && sum.MantExp(nil) > strLdMaxExp {
		c.addReplyError(strErrNaNInf)
		return
	}
	out := strFormatLongDouble(sum)
	if s.propOn() {
		c.rewriteProp([]byte("HSET"), key, field, out)
	}
	s.hashSet(o, field, out)
	if isNew {
		s.dbAdd(c.db, key, local)
	}
	c.addReplyBulk(out)
	s.dirty++
}

// --- HRANDFIELD ----------------------------------------------------------------

func hrandfieldCommand(s *Server, c *Client) {
	if len(c.argv) >= 3 {
		l, ok := parseInt(c.argv[2])
		if !ok {
			c.addReplyError(errNotInteger)
			return
		}
		if l < -math.MaxInt64 {
			c.addReplyError(hashErrCountBounds)
			return
		}
		withValues := false
		if len(c.argv) > 4 || (len(c.argv) == 4 && !eqFold(c.argv[3], "withvalues")) {
			c.addReplyError(errSyntax)
			return
		} else if len(c.argv) == 4 {
			withValues = true
			if l < -math.MaxInt64/2 || l > math.MaxInt64/2 {
				c.addReplyError(hashErrRandRange)
				return
			}
		}
		s.hashRandWithCount(c, l, withValues)
		return
	}
	o, ok := s.hashLookupRead(c, c.argv[1])
	if !ok {
		return
	}
	if o == nil {
		c.addReplyNull()
		return
	}
	if o.enc == EncListpack {
		lp := o.listpack()
		hashReplyLp(c, lp, lp.Seek(2*s.rand.IntN(lp.Len()/2)))
		return
	}
	c.addReplyBulk(unsafeBytes(o.hashDict().RandomEntry().Key()))
}

// hashRandReplyLp replies with the pair whose field is at p.
func hashRandReplyLp(c *Client, lp *ds.Listpack, p int, withValues bool) {
	if withValues && c.proto > 2 {
		c.addReplyArray(2)
	}
	hashReplyLp(c, lp, p)
	if withValues {
		hashReplyLp(c, lp, lp.Next(p))
	}
}

// hashRandReplyEntry replies with a hashtable pair.
func hashRandReplyEntry(c *Client, e *ds.Entry[string], withValues bool) {
	if withValues && c.proto > 2 {
		c.addReplyArray(2)
	}
	c.addReplyBulk(unsafeBytes(e.Key()))
	if withValues {
		c.addReplyBulk(unsafeBytes(e.Val))
	}
}

// hashLpFields returns the position of every field of a listpack hash.
func hashLpFields(lp *ds.Listpack) []int {
	pos := make([]int, 0, lp.Len()/2)
	for p := lp.First(); p >= 0; p = lp.Next(lp.Next(p)) {
		pos = append(pos, p)
	}
	return pos
}

// hashRandWithCount is hrandfieldWithCountCommand, with Redis 7.0's four
// cases.
func (s *Server) hashRandWithCount(c *Client, l int64, withValues bool) {
	o, ok := s.hashLookupRead(c, c.argv[1])
	if !ok {
		return
	}
	if o == nil {
		c.addReplyArray(0)
		return
	}
	size := uint64(hashLen(o))
	count, uniq := uint64(l), true
	if l < 0 {
		count, uniq = uint64(-l), false
	}
	if count == 0 {
		c.addReplyArray(0)
		return
	}
	replyLen := func(n uint64) {
		if withValues && c.proto == 2 {
			n *= 2
		}
		c.addReplyArray(int(n))
	}

	// CASE 1: negative count (repeats allowed, random order), or just one.
	if !uniq || count == 1 {
		replyLen(count)
		var lpPos []int // every field's position, for more than one pick
		if o.enc == EncListpack && count > 1 {
			lpPos = hashLpFields(o.listpack())
		}
		for i := uint64(0); i < count; i++ {
			if o.enc == EncListpack {
				lp := o.listpack()
				if lpPos == nil {
					hashRandReplyLp(c, lp, lp.Seek(2*s.rand.IntN(int(size))), withValues)
				} else {
					hashRandReplyLp(c, lp, lpPos[s.rand.IntN(len(lpPos))], withValues)
				}
			} else {
				hashRandReplyEntry(c, o.hashDict().RandomEntry(), withValues)
			}
			if i%1024 == 1023 {
				// A huge count must not grow the reply forever: stop once
				// the client is to be closed for its output buffer limit.
				s.checkOutputLimits(c)
				if c.closing {
					return
				}
			}
		}
		return
	}

	replyLen(min(count, size))

	// CASE 2: the whole hash.
	if count >= size {
		if o.enc == EncListpack {
			lp := o.listpack()
			for p := lp.First(); p >= 0; p = lp.Next(lp.Next(p)) {
				hashRandReplyLp(c, lp, p, withValues)
			}
		} else {
			o.hashDict().Range(func(e *ds.Entry[string]) bool {
				hashRandReplyEntry(c, e, withValues)
				return true
			})
		}
		return
	}

	// CASE 3: count is close to size: take everything, then remove random
	// elements down to count.
	if count*hashRandSubStrategyMul > size {
		if o.enc == EncListpack {
			pos := hashLpFields(o.listpack())
			for n := len(pos); uint64(n) > count; n-- {
				i := s.rand.IntN(n)
				pos[i] = pos[n-1]
			}
			for _, p := range pos[:count] {
				hashRandReplyLp(c, o.listpack(), p, withValues)
			}
			return
		}
		entries := make([]*ds.Entry[string], 0, size)
		o.hashDict().Range(func(e *ds.Entry[string]) bool {
			entries = append(entries, e)
			return true
		})
		for n := len(entries); uint64(n) > count; n-- {
			i := s.rand.IntN(n)
			entries[i] = entries[n-1]
		}
		for _, e := range entries[:count] {
			hashRandReplyEntry(c, e, withValues)
		}
		return
	}

	// CASE 4: count is small compared to size.
	if o.enc == EncListpack {
		// Selection sampling in listpack order (lpRandomPairsUnique).
		lp := o.listpack()
		remaining, avail := int(count), int(size)
		for p := lp.First(); p >= 0 && remaining > 0; p = lp.Next(lp.Next(p)) {
			if s.rand.IntN(avail) < remaining {
				hashRandReplyLp(c, lp, p, withValues)
				remaining--
			}
			avail--
		}
		return
	}
	d := o.hashDict()
	picked := make(map[*ds.Entry[string]]struct{}, count)
	for uint64(len(picked)) < count {
		e := d.RandomEntry()
		if _, dup := picked[e]; dup {
			continue
		}
		picked[e] = struct{}{}
		hashRandReplyEntry(c, e, withValues)
	}
}

// --- HSCAN -----------------------------------------------------------------------

func hscanCommand(s *Server, c *Client) {
	if _, ok := parseScanCursor(c.argv[2]); !ok {
		c.addReplyError("ERR invalid cursor")
		return
	}
	o, ok := s.hashLookupRead(c, c.argv[1])
	if !ok {
		return
	}
	if o == nil {
		c.addReplyScan(0, nil)
		return
	}
	opts, ok := parseScanArgs(c, 2, false)
	if !ok {
		return
	}
	if o.enc == EncListpack {
		// A listpack is returned whole, with cursor 0.
		c.addReplyArray(2)
		c.addReplyBulkString("0")
		at := c.deferredLen()
		n := 0
		lp := o.listpack()
		var buf [24]byte
		for p := lp.First(); p >= 0; p = lp.Next(lp.Next(p)) {
			if opts.pattern != nil && !opts.matches(lp.GetBytes(p, buf[:0])) {
				continue
			}
			hashReplyLp(c, lp, p)
			hashReplyLp(c, lp, lp.Next(p))
			n += 2
		}
		c.setDeferredArrayLen(at, n)
		return
	}
	// The items alias the dict's strings, which nothing changes before
	// the reply is written.
	var items [][]byte
	cursor := scanDict(o.hashDict(), &opts, func(e *ds.Entry[string]) {
		if opts.matches(unsafeBytes(e.Key())) {
			items = append(items, unsafeBytes(e.Key()), unsafeBytes(e.Val))
		}
	})
	c.addReplyScan(cursor, items)
}
