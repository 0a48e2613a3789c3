package server

import (
	"container/heap"
	"math"
)

// Blocking commands (BLPOP, BLMOVE, BZPOPMIN, ...), Redis's blocked.c.
//
// A command that finds nothing to serve calls blockForKeys: the client keeps
// a copy of its arguments, is indexed under each key (per database, first
// come first served) and in a deadline heap, and reads no more input. A
// write that may make a key ready (dbAdd/setKey) calls signalKeyAsReady;
// after the command (or transaction) that did it, handleBlockedClients
// re-executes each waiting client's command in order: it either serves the
// client, with exactly the reply it would have had unblocked, or finds the
// key empty again and leaves the client blocked in its place. Deadlines are
// checked before the loop sleeps and in the cron; no goroutine or timer per
// client, so idle blocked clients cost no CPU.
//
// A command that would block inside MULTI/EXEC replies as on timeout.

// blockState is a blocked client's command.
type blockState struct {
	db       *DB
	keys     []string
	cmd      *Command
	argv     [][]byte // own copy
	deadline int64    // unix ms, 0 = none
	nullBulk bool     // the timeout reply is a null bulk (BLMOVE), not a null array
	heapIdx  int
}

// blockedHeap orders blocked clients with a deadline by that deadline.
type blockedHeap []*Client

func (h blockedHeap) Len() int           { return len(h) }
func (h blockedHeap) Less(i, j int) bool { return h[i].blocked.deadline < h[j].blocked.deadline }
func (h blockedHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].blocked.heapIdx = i
	h[j].blocked.heapIdx = j
}
func (h *blockedHeap) Push(x any) {
	c := x.(*Client)
	c.blocked.heapIdx = len(*h)
	*h = append(*h, c)
}
func (h *blockedHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	c.blocked.heapIdx = -1
	return c
}

// parseBlockTimeout parses a blocking command's timeout in seconds into a
// deadline in unix ms (0 for none), as Redis 7.0's
// getTimeoutFromObjectOrReply: a long double, times 1000, truncated to a
// long long (so inf and huge values overflow to negative, and -0.0001
// becomes 0, "forever").
func (s *Server) parseBlockTimeout(c *Client, arg []byte) (int64, bool) {
	ld, ok := strParseLongDouble(arg)
	if !ok {
		c.addReplyError("ERR timeout is not a float or out of range")
		return 0, false
	}
	f, _ := ld.Float64()
	ms := f * 1000
	var tval int64
	if math.IsInf(ms, 0) || ms >= math.MaxInt64 || ms < math.MinInt64 {
		tval = math.MinInt64 // x86-64's conversion of an out-of-range double
	} else {
		tval = int64(ms)
	}
	if tval < 0 {
		c.addReplyError("ERR timeout is negative")
		return 0, false
	}
	if tval == 0 {
		return 0, true
	}
	return s.cmdTime + tval, true
}

// blockForKeys blocks c on keys (in its db) until one of them is ready or
// the deadline passes. nullBulk selects the timeout reply. Called while
// re-executing an already blocked client, it just keeps it blocked.
func (s *Server) blockForKeys(c *Client, keys [][]byte, deadline int64, nullBulk bool) {
	if s.reexec == c {
		s.stillBlocked = true
		return
	}
	if c.inExec || c.denyBlocking {
		replyBlockTimeout(c, nullBulk)
		return
	}
	st := &blockState{db: c.db, cmd: c.cmd, argv: copyArgv(c.argv), deadline: deadline, nullBulk: nullBulk, heapIdx: -1}
	if s.blockingKeys == nil {
		s.blockingKeys = make(map[*DB]map[string][]*Client)
	}
	m := s.blockingKeys[c.db]
	if m == nil {
		m = make(map[string][]*Client)
		s.blockingKeys[c.db] = m
	}
	for _, k := range keys {
		key := string(k)
		dup := false
		for _, have := range st.keys {
			dup = dup || have == key
		}
		if dup {
			continue
		}
		st.keys = append(st.keys, key)
		m[key] = append(m[key], c)
	}
	c.blocked = st
	if deadline > 0 {
		heap.Push(&s.blockedByDeadline, c)
	}
	s.numBlocked++
}

func replyBlockTimeout(c *Client, nullBulk bool) {
	if nullBulk {
		c.addReplyNull()
	} else {
		c.addReplyNullArray()
	}
}

// unblock removes c from the blocking indexes. With timedOut it gets the
// timeout reply. Its pending input is processed before the loop sleeps.
func (s *Server) unblock(c *Client, timedOut bool) {
	st := c.blocked
	if st == nil {
		return
	}
	m := s.blockingKeys[st.db]
	for _, k := range st.keys {
		list := m[k]
		for i, bc := range list {
			if bc == c {
				list = append(list[:i], list[i+1:]...)
				break
			}
		}
		if len(list) == 0 {
			delete(m, k)
		} else {
			m[k] = list
		}
	}
	if len(m) == 0 {
		delete(s.blockingKeys, st.db)
	}
	if st.heapIdx >= 0 {
		heap.Remove(&s.blockedByDeadline, st.heapIdx)
	}
	c.blocked = nil
	s.numBlocked--
	if c.closed {
		return
	}
	if timedOut {
		replyBlockTimeout(c, st.nullBulk)
	}
	s.queueWrite(c)
	s.unblocked = append(s.unblocked, c)
}

// signalKeyAsReady notes that key in db may now serve blocked clients.
func (s *Server) signalKeyAsReady(db *DB, key []byte) {
	if s.numBlocked == 0 || len(s.blockingKeys[db][string(key)]) == 0 {
		return
	}
	for _, rk := range s.readyKeys {
		if rk.db == db && rk.key == string(key) {
			return
		}
	}
	s.readyKeys = append(s.readyKeys, watchedKey{db: db, key: string(key)})
}

// handleBlockedClients serves clients blocked on keys made ready by the
// command that just ran, in the order they blocked, until no key is ready
// (a served command may make more keys ready, as BLMOVE does).
func (s *Server) handleBlockedClients() {
	for len(s.readyKeys) > 0 {
		ready := s.readyKeys
		s.readyKeys = nil
		for _, rk := range ready {
			waiting := append([]*Client(nil), s.blockingKeys[rk.db][rk.key]...)
			for _, bc := range waiting {
				if bc.blocked == nil || bc.closed {
					continue
				}
				e := rk.db.dict.FindString(rk.key)
				if e == nil {
					break // consumed: the rest keep waiting
				}
				if !servesType(bc.blocked.cmd, e.Val.typ) {
					continue // Redis 7.0: a key of another type leaves it blocked
				}
				s.reexecBlocked(bc, rk.key)
			}
		}
	}
}

// servesType reports whether a blocking command can be served by a key of
// type typ: list commands by lists, sorted set commands by sorted sets.
func servesType(cmd *Command, typ uint8) bool {
	switch {
	case cmd.Cats&CatList != 0:
		return typ == TypeList
	case cmd.Cats&CatSortedSet != 0:
		return typ == TypeZSet
	}
	return true
}

// readyFirst orders a multi-key blocking command's keys for serving: when
// the command is being re-run because a key became ready, that key comes
// first, as Redis serves the key that became ready rather than the first
// non-empty one.
func (s *Server) readyFirst(c *Client, keys [][]byte) [][]byte {
	if s.reexec != c || s.reexecKey == "" {
		return keys
	}
	for i, k := range keys {
		if string(k) == s.reexecKey {
			if i == 0 {
				return keys
			}
			out := make([][]byte, 0, len(keys))
			out = append(out, k)
			out = append(out, keys[:i]...)
			return append(out, keys[i+1:]...)
		}
	}
	return keys
}

// reexecBlocked runs a blocked client's command again, for the key that
// became ready; unless the command blocks again, the client is served and
// unblocked.
func (s *Server) reexecBlocked(c *Client, key string) {
	st := c.blocked
	s.reexec, s.stillBlocked, s.reexecKey = c, false, key
	c.argv = st.argv
	s.call(c, st.cmd)
	c.argv = nil
	s.reexec, s.reexecKey = nil, ""
	if !s.stillBlocked {
		s.unblock(c, false)
	}
}

// expireBlocked times out blocked clients whose deadline has passed.
func (s *Server) expireBlocked() {
	now := s.unixMs
	for len(s.blockedByDeadline) > 0 && s.blockedByDeadline[0].blocked.deadline <= now {
		s.unblock(s.blockedByDeadline[0], true)
	}
}

// resumeUnblocked processes the input that unblocked clients received
// while blocked.
func (s *Server) resumeUnblocked() {
	for len(s.unblocked) > 0 {
		list := s.unblocked
		s.unblocked = nil
		for _, c := range list {
			if !c.closed && c.blocked == nil && len(c.qbuf) > 0 {
				s.processInputBuffer(c)
			}
		}
	}
}

// clientUnblockCommand is CLIENT UNBLOCK id [TIMEOUT|ERROR].
func clientUnblockCommand(s *Server, c *Client) {
	id, ok := parseInt(c.argv[2])
	if !ok {
		c.addReplyError(errNotInteger)
		return
	}
	withError := false
	if len(c.argv) == 4 {
		switch {
		case eqFold(c.argv[3], "timeout"):
		case eqFold(c.argv[3], "error"):
			withError = true
		default:
			c.addReplyError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR")
			return
		}
	}
	var target *Client
	s.forEachClient(func(cl *Client) {
		if cl.id == id {
			target = cl
		}
	})
	if target == nil || target.blocked == nil {
		c.addReplyInt(0)
		return
	}
	if withError {
		target.addReplyError("UNBLOCKED client unblocked via CLIENT UNBLOCK")
		s.unblock(target, false)
	} else {
		s.unblock(target, true)
	}
	c.addReplyInt(1)
}
