package server

// Transactions (MULTI/EXEC/DISCARD) and optimistic locking (WATCH).
//
// While a client is in MULTI, commands other than EXEC, DISCARD, MULTI,
// WATCH, QUIT and RESET are checked (existence, arity) and queued with a
// copy of their arguments; a rejected one marks the transaction so that
// EXEC aborts with EXECABORT. EXEC runs the queue through call, so each
// command is accounted for as if sent alone, unless a WATCHed key was
// modified (or expired) since WATCH, in which case EXEC replies with a null
// array and runs nothing.
//
// Watched keys are indexed per database (s.watched[db][key] -> clients) so
// that a write touches only its own key's watchers. The db-level writers in
// db.go (dbAdd, setKey, dbDelete, setExpire, removeExpire) touch their key;
// values changed in place through lookupWriteKey (APPEND, INCR, SETBIT, ...)
// are touched after the command if it changed anything (s.dirty moved), as
// Redis's signalModifiedKey follows each successful write.

// queuedCmd is one command queued by MULTI: its entry and own argv copy.
type queuedCmd struct {
	cmd  *Command
	argv [][]byte
}

// watchedKey is one key a client WATCHes.
type watchedKey struct {
	db  *DB
	key string
}

func multiCommands() []*Command {
	const f = FlagNoscript | FlagLoading | FlagStale | FlagFast | FlagAllowBusy
	return []*Command{
		{Name: "multi", Proc: multiCommand, Arity: 1, Flags: f, Cats: CatTransaction,
			Group: "transactions", Since: "1.2.0", Summary: "Starts a transaction.", Complex: "O(1)"},
		{Name: "exec", Proc: execCommand, Arity: 1, Flags: FlagNoscript | FlagLoading | FlagStale | FlagSkipSlowlog, Cats: CatTransaction,
			Group: "transactions", Since: "1.2.0", Summary: "Executes all commands in a transaction.", Complex: "Depends on commands in the transaction"},
		{Name: "discard", Proc: discardCommand, Arity: 1, Flags: f, Cats: CatTransaction,
			Group: "transactions", Since: "2.0.0", Summary: "Discards a transaction.", Complex: "O(N), when N is the number of queued commands"},
		{Name: "watch", Proc: watchCommand, Arity: -2, Flags: f, FirstKey: 1, LastKey: -1, Step: 1, Cats: CatTransaction,
			Group: "transactions", Since: "2.2.0", Summary: "Monitors changes to keys to determine the execution of a transaction.", Complex: "O(1) for every key."},
		{Name: "unwatch", Proc: unwatchCommand, Arity: 1, Flags: f, Cats: CatTransaction,
			Group: "transactions", Since: "2.2.0", Summary: "Forgets about watched keys of a transaction.", Complex: "O(1)"},
	}
}

// queuesInMulti reports whether cmd is queued (rather than run) in MULTI.
func queuesInMulti(cmd *Command) bool {
	switch cmd.Name {
	case "exec", "discard", "multi", "watch", "quit", "reset":
		return false
	}
	return true
}

// queueCommand appends c's current command to its transaction.
func (c *Client) queueCommand(cmd *Command) {
	c.queue = append(c.queue, queuedCmd{cmd: cmd, argv: copyArgv(c.argv)})
}

// discardTransaction leaves MULTI state and forgets watched keys.
func (s *Server) discardTransaction(c *Client) {
	c.inMulti = false
	c.dirtyExec = false
	c.dirtyCAS = false
	c.queue = nil
	s.unwatchAll(c)
}

func multiCommand(s *Server, c *Client) {
	if c.inMulti {
		c.addReplyError("ERR MULTI calls can not be nested")
		return
	}
	c.inMulti = true
	c.addReplyOK()
}

func discardCommand(s *Server, c *Client) {
	if !c.inMulti {
		c.addReplyError("ERR DISCARD without MULTI")
		return
	}
	s.discardTransaction(c)
	c.addReplyOK()
}

func execCommand(s *Server, c *Client) {
	if !c.inMulti {
		c.addReplyError("ERR EXEC without MULTI")
		return
	}
	if s.watchedKeyExpired(c) {
		c.dirtyCAS = true
	}
	if c.dirtyExec || c.dirtyCAS {
		if c.dirtyExec {
			c.addReplyError("EXECABORT Transaction discarded because of previous errors.")
		} else {
			c.addReplyNullArray()
		}
		s.discardTransaction(c)
		return
	}
	queue := c.queue
	s.unwatchAll(c)
	c.inMulti = false
	c.queue = nil
	c.inExec = true
	c.addReplyArray(len(queue))
	execCmd, execArgv := c.cmd, c.argv
	for _, q := range queue {
		c.argv = q.argv
		s.call(c, q.cmd)
	}
	c.cmd, c.argv = execCmd, execArgv
	c.inExec = false
	// EXEC itself is accounted as succeeded whatever its commands replied.
	c.cmdFailed = false
}

func watchCommand(s *Server, c *Client) {
	if c.inMulti {
		c.addReplyError("ERR WATCH inside MULTI is not allowed")
		return
	}
	for _, k := range c.argv[1:] {
		s.watchKey(c, k)
	}
	c.addReplyOK()
}

func unwatchCommand(s *Server, c *Client) {
	s.unwatchAll(c)
	c.dirtyCAS = false
	c.addReplyOK()
}

// watchKey adds key in c's db to c's watched keys.
func (s *Server) watchKey(c *Client, key []byte) {
	for _, w := range c.watched {
		if w.db == c.db && w.key == string(key) {
			return
		}
	}
	k := string(key)
	c.watched = append(c.watched, watchedKey{db: c.db, key: k})
	if s.watched == nil {
		s.watched = make(map[*DB]map[string][]*Client)
	}
	m := s.watched[c.db]
	if m == nil {
		m = make(map[string][]*Client)
		s.watched[c.db] = m
	}
	m[k] = append(m[k], c)
}

// unwatchAll forgets every key c watches.
func (s *Server) unwatchAll(c *Client) {
	for _, w := range c.watched {
		m := s.watched[w.db]
		list := m[w.key]
		for i, wc := range list {
			if wc == c {
				list = append(list[:i], list[i+1:]...)
				break
			}
		}
		if len(list) == 0 {
			delete(m, w.key)
			if len(m) == 0 {
				delete(s.watched, w.db)
			}
		} else {
			m[w.key] = list
		}
	}
	c.watched = nil
}

// touchWatchedKey marks every client watching key in db as failing its
// next EXEC (Redis's touchWatchedKey, from signalModifiedKey).
func (s *Server) touchWatchedKey(db *DB, key []byte) {
	if len(s.watched) == 0 {
		return
	}
	for _, c := range s.watched[db][string(key)] {
		c.dirtyCAS = true
	}
}

// touchWatchedKeysInDBs is FLUSHDB/FLUSHALL/SWAPDB's touchAllWatchedKeysInDb:
// watched keys of db that exist in db or in other (nil for a flush, where
// the keys are checked before flushing) are touched.
func (s *Server) touchWatchedKeysInDBs(db, other *DB) {
	for key, clients := range s.watched[db] {
		exists := db.dict.FindString(key) != nil || (other != nil && other.dict.FindString(key) != nil)
		if !exists {
			continue
		}
		for _, c := range clients {
			c.dirtyCAS = true
		}
	}
}

// watchedKeyExpired reports whether a key c watches has logically expired
// (Redis 7.0: EXEC fails if a watched key expired after WATCH).
func (s *Server) watchedKeyExpired(c *Client) bool {
	for _, w := range c.watched {
		if when := w.db.getExpire(unsafeBytes(w.key)); when >= 0 && when < s.cmdTime {
			return true
		}
	}
	return false
}

// noteWriteLookup remembers a key fetched for writing while someone WATCHes
// keys; touchWriteLookups touches them if the command changed anything.
func (s *Server) noteWriteLookup(db *DB, key []byte) {
	if len(s.watched) > 0 && s.watched[db] != nil {
		s.writeLookups = append(s.writeLookups, watchedKey{db: db, key: string(key)})
	}
}

func (s *Server) touchWriteLookups(changed bool) {
	if changed {
		for _, w := range s.writeLookups {
			s.touchWatchedKey(w.db, unsafeBytes(w.key))
		}
	}
	s.writeLookups = s.writeLookups[:0]
}
