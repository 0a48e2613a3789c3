package server

import (
	"bytes"

	"aeon/ds"
)

// The list group, Redis 7.0's t_list.c. A list is always a quicklist
// (s.newListObject); a list that becomes empty is deleted. Elements are
// located with the quicklist's node walk (Index/Iterator, O(nodes) to reach
// an index from the nearer end), never by walking elements from the head.
//
// Blocking variants are the plain command plus one blockForKeys call: the
// server re-executes them when a key they wait on is created. While being
// re-executed, a key of another type is passed over as if it were empty
// (Redis 7.0 only serves a blocked client from a ready key that holds a
// list, and leaves it blocked otherwise).

// Error replies of the list group.
const (
	listErrIndexRange = "ERR index out of range"
	listErrPositive   = "ERR value is out of range, must be positive"
	listErrRankZero   = "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"
	listErrCountNeg   = "ERR COUNT can't be negative"
	listErrMaxlenNeg  = "ERR MAXLEN can't be negative"
	listErrNumkeys    = "ERR numkeys should be greater than 0"
	listErrCountPos   = "ERR count should be greater than 0"
)

// listCommands is the list group.
func listCommands() []*Command {
	const g = "list"
	w, wd, ro := FlagWrite, FlagWrite|FlagDenyOOM, FlagReadonly
	const pushComplex = "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments."
	return []*Command{
		{Name: "lpush", Proc: lpushCommand, Arity: -3, Flags: wd | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatList,
			Group: g, Since: "1.0.0", Summary: "Prepend one or multiple elements to a list", Complex: pushComplex},
		{Name: "rpush", Proc: rpushCommand, Arity: -3, Flags: wd | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatList,
			Group: g, Since: "1.0.0", Summary: "Append one or multiple elements to a list", Complex: pushComplex},
		{Name: "lpushx", Proc: lpushxCommand, Arity: -3, Flags: wd | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatList,
			Group: g, Since: "2.2.0", Summary: "Prepend an element to a list, only if the list exists", Complex: pushComplex},
		{Name: "rpushx", Proc: rpushxCommand, Arity: -3, Flags: wd | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatList,
			Group: g, Since: "2.2.0", Summary: "Append an element to a list, only if the list exists", Complex: pushComplex},
		{Name: "lpop", Proc: lpopCommand, Arity: -2, Flags: w | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatList,
			Group: g, Since: "1.0.0", Summary: "Remove and get the first elements in a list", Complex: "O(N) where N is the number of elements returned"},
		{Name: "rpop", Proc: rpopCommand, Arity: -2, Flags: w | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatList,
			Group: g, Since: "1.0.0", Summary: "Remove and get the last elements in a list", Complex: "O(N) where N is the number of elements returned"},
		{Name: "llen", Proc: llenCommand, Arity: 2, Flags: ro | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatList,
			Group: g, Since: "1.0.0", Summary: "Get the length of a list", Complex: "O(1)"},
		{Name: "lindex", Proc: lindexCommand, Arity: 3, Flags: ro, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatList,
			Group: g, Since: "1.0.0", Summary: "Get an element from a list by its index",
			Complex: "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1)."},
		{Name: "linsert", Proc: linsertCommand, Arity: 5, Flags: wd, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatList,
			Group: g, Since: "2.2.0", Summary: "Insert an element before or after another element in a list",
			Complex: "O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N)."},
		{Name: "lset", Proc: lsetCommand, Arity: 4, Flags: wd, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatList,
			Group: g, Since: "1.0.0", Summary: "Set the value of an element in a list by its index",
			Complex: "O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1)."},
		{Name: "lrange", Proc: lrangeCommand, Arity: 4, Flags: ro, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatList,
			Group: g, Since: "1.0.0", Summary: "Get a range of elements from a list",
			Complex: "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range."},
		{Name: "lrem", Proc: lremCommand, Arity: 4, Flags: w, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatList,
			Group: g, Since: "1.0.0", Summary: "Remove elements from a list",
			Complex: "O(N+M) where N is the length of the list and M is the number of elements removed."},
		{Name: "ltrim", Proc: ltrimCommand, Arity: 4, Flags: w, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatList,
			Group: g, Since: "1.0.0", Summary: "Trim a list to the specified range",
			Complex: "O(N) where N is the number of elements to be removed by the operation."},
		{Name: "lpos", Proc: lposCommand, Arity: -3, Flags: ro, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatList,
			Group: g, Since: "6.0.6", Summary: "Return the index of matching elements on a list",
			Complex: "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time."},
		{Name: "lmove", Proc: lmoveCommand, Arity: 5, Flags: wd, FirstKey: 1, LastKey: 2, Step: 1, Cats: CatList,
			Group: g, Since: "6.2.0", Summary: "Pop an element from a list, push it to another list and return it", Complex: "O(1)"},
		{Name: "rpoplpush", Proc: rpoplpushCommand, Arity: 3, Flags: wd, FirstKey: 1, LastKey: 2, Step: 1, Cats: CatList,
			Group: g, Since: "1.2.0", Summary: "Remove the last element in a list, prepend it to another list and return it", Complex: "O(1)"},
		{Name: "lmpop", Proc: lmpopCommand, Arity: -4, Flags: w, Cats: CatList,
			Group: g, Since: "7.0.0", Summary: "Pop elements from a list",
			Complex: "O(N+M) where N is the number of provided keys and M is the number of elements returned."},
		{Name: "blpop", Proc: blpopCommand, Arity: -3, Flags: w | FlagNoscript | FlagBlocking, FirstKey: 1, LastKey: -2, Step: 1, Cats: CatList,
			Group: g, Since: "2.0.0", Summary: "Remove and get the first element in a list, or block until one is available",
			Complex: "O(N) where N is the number of provided keys."},
		{Name: "brpop", Proc: brpopCommand, Arity: -3, Flags: w | FlagNoscript | FlagBlocking, FirstKey: 1, LastKey: -2, Step: 1, Cats: CatList,
			Group: g, Since: "2.0.0", Summary: "Remove and get the last element in a list, or block until one is available",
			Complex: "O(N) where N is the number of provided keys."},
		{Name: "blmove", Proc: blmoveCommand, Arity: 6, Flags: wd | FlagNoscript | FlagBlocking, FirstKey: 1, LastKey: 2, Step: 1, Cats: CatList,
			Group: g, Since: "6.2.0", Summary: "Pop an element from a list, push it to another list and return it; or block until one is available", Complex: "O(1)"},
		{Name: "brpoplpush", Proc: brpoplpushCommand, Arity: 4, Flags: wd | FlagNoscript | FlagBlocking, FirstKey: 1, LastKey: 2, Step: 1, Cats: CatList,
			Group: g, Since: "2.2.0", Summary: "Pop an element from a list, push it to another list and return it; or block until one is available", Complex: "O(1)"},
		{Name: "blmpop", Proc: blmpopCommand, Arity: -5, Flags: w | FlagBlocking, Cats: CatList,
			Group: g, Since: "7.0.0", Summary: "Pop elements from a list, or block until one is available",
			Complex: "O(N+M) where N is the number of provided keys and M is the number of elements returned."},
	}
}

// --- helpers -------------------------------------------------------------

// listParseWhere parses LEFT/RIGHT (getListPositionFromObjectOrReply):
// head is true for LEFT.
func listParseWhere(c *Client, arg []byte) (head, ok bool) {
	switch {
	case eqFold(arg, "left"):
		return true, true
	case eqFold(arg, "right"):
		return false, true
	}
	c.addReplyError(errSyntax)
	return false, false
}

// listLookupWrite finds key for modification. It returns nil for a missing
// key; for a key of another type it replies WRONGTYPE and reports !ok,
// except while a blocked client is re-executed (skipWrongType), where such
// a key counts as missing.
func (s *Server) listLookupWrite(c *Client, key []byte, skipWrongType bool) (*ds.Quicklist, bool) {
	o := s.lookupWriteKey(c, key)
	if o == nil {
		return nil, true
	}
	if o.typ != TypeList {
		if skipWrongType && s.reexec == c {
			return nil, true
		}
		c.addReplyError(errWrongType)
		return nil, false
	}
	return o.quicklist(), true
}

// listLookupRead finds key for reading, as listLookupWrite.
func (s *Server) listLookupRead(c *Client, key []byte) (*ds.Quicklist, bool) {
	o := s.lookupRead(c, key)
	if o == nil {
		return nil, true
	}
	if !checkType(c, o, TypeList) {
		return nil, false
	}
	return o.quicklist(), true
}

// listCreate adds an empty list under key and returns it.
func (s *Server) listCreate(c *Client, key []byte) *ds.Quicklist {
	obj := s.newListObject()
	q := obj.quicklist()
	s.dbAdd(c.db, key, obj)
	return q
}

// listElementsRemoved deletes key once its list q is empty and counts the
// n elements removed (listElementsRemoved).
func (s *Server) listElementsRemoved(c *Client, key []byte, q *ds.Quicklist, n int64) {
	if q.Len() == 0 {
		s.dbDelete(c.db, key)
	}
	s.dirty += n
}

// listPop removes one element from the head or the tail of q.
func listPop(q *ds.Quicklist, head bool, buf []byte) []byte {
	var v []byte
	if head {
		v, _ = q.PopHead(buf)
	} else {
		v, _ = q.PopTail(buf)
	}
	return v
}

func listPush(q *ds.Quicklist, head bool, v []byte) {
	if head {
		q.PushHead(v)
	} else {
		q.PushTail(v)
	}
}

// listRangeReply replies with the elements start..end (negative from the
// end, clipped to the list), tail to head when reverse
// (addListRangeReply). It walks nodes to the first element, then
// iterates.
func listRangeReply(c *Client, q *ds.Quicklist, start, end int64, reverse bool) {
	llen := int64(q.Len())
	start, end, empty := rankRange(start, end, llen)
	if empty {
		c.addReplyArray(0)
		return
	}
	n := end - start + 1
	c.addReplyArray(int(n))
	if c.muted() {
		return
	}
	from := start
	if reverse {
		from = end
	}
	it := q.Iterator(int(from), !reverse)
	var sb [64]byte
	buf := sb[:0]
	for ; n > 0; n-- {
		v, ok := it.Next(buf)
		if !ok {
			break
		}
		c.addReplyBulk(v)
		buf = v
	}
}

// listPopRangeReply pops up to count (> 0) elements from one end of the
// non-empty list q, replying with them in pop order; it returns how many.
func listPopRangeReply(c *Client, q *ds.Quicklist, head bool, count int64) int64 {
	n := min(count, int64(q.Len()))
	if head {
		listRangeReply(c, q, 0, n-1, false)
		q.DelRange(0, int(n))
	} else {
		listRangeReply(c, q, -n, -1, true)
		q.DelRange(-int(n), int(n))
	}
	return n
}

// --- push and pop ----------------------------------------------------------

func lpushCommand(s *Server, c *Client)  { listPushGeneric(s, c, true, false) }
func rpushCommand(s *Server, c *Client)  { listPushGeneric(s, c, false, false) }
func lpushxCommand(s *Server, c *Client) { listPushGeneric(s, c, true, true) }
func rpushxCommand(s *Server, c *Client) { listPushGeneric(s, c, false, true) }

// listPushGeneric is [LR]PUSH[X] key element [element ...].
func listPushGeneric(s *Server, c *Client, head, xx bool) {
	key := c.argv[1]
	q, ok := s.listLookupWrite(c, key, false)
	if !ok {
		return
	}
	if q == nil {
		if xx {
			c.addReplyInt(0)
			return
		}
		q = s.listCreate(c, key)
	}
	for _, v := range c.argv[2:] {
		listPush(q, head, v)
	}
	s.dirty += int64(len(c.argv) - 2)
	c.addReplyInt(int64(q.Len()))
}

func lpopCommand(s *Server, c *Client) { listPopGeneric(s, c, true) }
func rpopCommand(s *Server, c *Client) { listPopGeneric(s, c, false) }

// listPopGeneric is [LR]POP key [count].
func listPopGeneric(s *Server, c *Client, head bool) {
	if len(c.argv) > 3 {
		name := "rpop"
		if head {
			name = "lpop"
		}
		c.addReplyError("ERR wrong number of arguments for '" + name + "' command")
		return
	}
	hasCount := len(c.argv) == 3
	var count int64
	if hasCount {
		v, ok := parseInt(c.argv[2])
		if !ok || v < 0 {
			c.addReplyError(listErrPositive)
			return
		}
		count = v
	}
	key := c.argv[1]
	q, ok := s.listLookupWrite(c, key, false)
	if !ok {
		return
	}
	if q == nil {
		if hasCount {
			c.addReplyNullArray()
		} else {
			c.addReplyNull()
		}
		return
	}
	if !hasCount {
		var buf [64]byte
		c.addReplyBulk(listPop(q, head, buf[:0]))
		s.listElementsRemoved(c, key, q, 1)
		return
	}
	if count == 0 {
		c.addReplyArray(0)
		return
	}
	n := listPopRangeReply(c, q, head, count)
	s.listElementsRemoved(c, key, q, n)
}

// --- reads -----------------------------------------------------------------

// llenCommand is LLEN key.
func llenCommand(s *Server, c *Client) {
	q, ok := s.listLookupRead(c, c.argv[1])
	if !ok {
		return
	}
	if q == nil {
		c.addReplyInt(0)
		return
	}
	c.addReplyInt(int64(q.Len()))
}

// lindexCommand is LINDEX key index: the element's node is found by
// walking nodes from the nearer end.
func lindexCommand(s *Server, c *Client) {
	q, ok := s.listLookupRead(c, c.argv[1])
	if !ok {
		return
	}
	if q == nil {
		c.addReplyNull()
		return
	}
	idx, ok := parseInt(c.argv[2])
	if !ok {
		c.addReplyError(errNotInteger)
		return
	}
	if idx < -int64(q.Len()) || idx >= int64(q.Len()) {
		c.addReplyNull()
		return
	}
	var buf [64]byte
	v, found := q.Index(int(idx), buf[:0])
	if !found {
		c.addReplyNull()
		return
	}
	c.addReplyBulk(v)
}

// lrangeCommand is LRANGE key start stop.
func lrangeCommand(s *Server, c *Client) {
	start, ok1 := parseInt(c.argv[2])
	end, ok2 := parseInt(c.argv[3])
	if !ok1 || !ok2 {
		c.addReplyError(errNotInteger)
		return
	}
	q, ok := s.listLookupRead(c, c.argv[1])
	if !ok {
		return
	}
	if q == nil {
		c.addReplyArray(0)
		return
	}
	listRangeReply(c, q, start, end, false)
}

// lposCommand is LPOS key element [RANK rank] [COUNT num-matches]
// [MAXLEN len].
func lposCommand(s *Server, c *Client) {
	ele := c.argv[2]
	rank, count, maxlen := int64(1), int64(-1), int64(0)
	for j := 3; j < len(c.argv); j++ {
		opt := c.argv[j]
		more := j+1 < len(c.argv)
		switch {
		case more && eqFold(opt, "rank"):
			j++
			v, ok := parseInt(c.argv[j])
			if !ok {
				c.addReplyError(errNotInteger)
				return
			}
			if v == 0 {
				c.addReplyError(listErrRankZero)
				return
			}
			rank = v
		case more && eqFold(opt, "count"):
			j++
			v, ok := parseInt(c.argv[j])
			if !ok || v < 0 {
				c.addReplyError(listErrCountNeg)
				return
			}
			count = v
		case more && eqFold(opt, "maxlen"):
			j++
			v, ok := parseInt(c.argv[j])
			if !ok || v < 0 {
				c.addReplyError(listErrMaxlenNeg)
				return
			}
			maxlen = v
		default:
			c.addReplyError(errSyntax)
			return
		}
	}
	forward := true
	if rank < 0 {
		rank = -rank // wraps for the most negative value, as in Redis
		forward = false
	}
	q, ok := s.listLookupRead(c, c.argv[1])
	if !ok {
		return
	}
	if q == nil {
		if count != -1 {
			c.addReplyArray(0)
		} else {
			c.addReplyNull()
		}
		return
	}
	at := -1
	if count != -1 {
		at = c.deferredLen()
	}
	start := 0
	if !forward {
		start = -1
	}
	it := q.Iterator(start, forward)
	llen := int64(q.Len())
	var sb [64]byte
	buf := sb[:0]
	var index, matches, arrayLen int64
	matchIndex := int64(-1)
	for maxlen == 0 || index < maxlen {
		v, more := it.Next(buf)
		if !more {
			break
		}
		buf = v
		if bytes.Equal(v, ele) {
			matches++
			if forward {
				matchIndex = index
			} else {
				matchIndex = llen - index - 1
			}
			if matches >= rank {
				if count == -1 {
					break
				}
				arrayLen++
				c.addReplyInt(matchIndex)
				if count != 0 && matches-rank+1 >= count {
					break
				}
			}
		}
		index++
		matchIndex = -1
	}
	if count != -1 {
		c.setDeferredArrayLen(at, int(arrayLen))
	} else if matchIndex != -1 {
		c.addReplyInt(matchIndex)
	} else {
		c.addReplyNull()
	}
}

// --- in-place modifications ----------------------------------------------

// lsetCommand is LSET key index element.
func lsetCommand(s *Server, c *Client) {
	q, ok := s.listLookupWrite(c, c.argv[1], false)
	if !ok {
		return
	}
	if q == nil {
		c.addReplyError(errNoSuchKey)
		return
	}
	idx, ok := parseInt(c.argv[2])
	if !ok {
		c.addReplyError(errNotInteger)
		return
	}
	if idx < -int64(q.Len()) || idx >= int64(q.Len()) || !q.Replace(int(idx), c.argv[3]) {
		c.addReplyError(listErrIndexRange)
		return
	}
	s.dirty++
	c.addReplyOK()
}

// linsertCommand is LINSERT key BEFORE|AFTER pivot element.
func linsertCommand(s *Server, c *Client) {
	var after bool
	switch {
	case eqFold(c.argv[2], "after"):
		after = true
	case eqFold(c.argv[2], "before"):
	default:
		c.addReplyError(errSyntax)
		return
	}
	q, ok := s.listLookupWrite(c, c.argv[1], false)
	if !ok {
		return
	}
	if q == nil {
		c.addReplyInt(0)
		return
	}
	pivot := c.argv[3]
	it := q.Iterator(0, true)
	var sb [64]byte
	buf := sb[:0]
	for i := 0; ; i++ {
		v, more := it.Next(buf)
		if !more {
			c.addReplyInt(-1)
			return
		}
		buf = v
		if bytes.Equal(v, pivot) {
			q.Insert(i, c.argv[4], after)
			break
		}
	}
	s.dirty++
	c.addReplyInt(int64(q.Len()))
}

// lremCommand is LREM key count element.
func lremCommand(s *Server, c *Client) {
	toRemove, ok := parseInt(c.argv[2])
	if !ok {
		c.addReplyError(errNotInteger)
		return
	}
	key := c.argv[1]
	q, ok := s.listLookupWrite(c, key, false)
	if !ok {
		return
	}
	if q == nil {
		c.addReplyInt(0)
		return
	}
	ele := c.argv[3]
	var it *ds.QuicklistIter
	if toRemove < 0 {
		toRemove = -toRemove // the most negative value stays negative: remove all, as Redis
		it = q.Iterator(-1, false)
	} else {
		it = q.Iterator(0, true)
	}
	var sb [64]byte
	buf := sb[:0]
	var removed int64
	for {
		v, more := it.Next(buf)
		if !more {
			break
		}
		buf = v
		if bytes.Equal(v, ele) {
			it.DeleteCurrent()
			removed++
			if toRemove != 0 && removed == toRemove {
				break
			}
		}
	}
	s.listElementsRemoved(c, key, q, removed)
	c.addReplyInt(removed)
}

// ltrimCommand is LTRIM key start stop.
func ltrimCommand(s *Server, c *Client) {
	start, ok1 := parseInt(c.argv[2])
	end, ok2 := parseInt(c.argv[3])
	if !ok1 || !ok2 {
		c.addReplyError(errNotInteger)
		return
	}
	key := c.argv[1]
	q, ok := s.listLookupWrite(c, key, false)
	if !ok {
		return
	}
	if q == nil {
		c.addReplyOK()
		return
	}
	llen := int64(q.Len())
	ltrim, rtrim := llen, int64(0)
	if start, end, empty := rankRange(start, end, llen); !empty {
		ltrim, rtrim = start, llen-end-1
	}
	q.DelRange(0, int(ltrim))
	q.DelRange(-int(rtrim), int(rtrim))
	// Redis signals the key as modified even when nothing was trimmed.
	s.touchWatchedKey(c.db, key)
	s.listElementsRemoved(c, key, q, ltrim+rtrim)
	c.addReplyOK()
}

// --- moves -----------------------------------------------------------------

// lmoveCommand is LMOVE source destination LEFT|RIGHT LEFT|RIGHT.
func lmoveCommand(s *Server, c *Client) {
	from, ok := listParseWhere(c, c.argv[3])
	if !ok {
		return
	}
	to, ok := listParseWhere(c, c.argv[4])
	if !ok {
		return
	}
	listMoveGeneric(s, c, from, to)
}

// rpoplpushCommand is RPOPLPUSH source destination.
func rpoplpushCommand(s *Server, c *Client) { listMoveGeneric(s, c, false, true) }

// listMoveGeneric moves an element from the source list (argv[1]) to the
// destination (argv[2]), replying with it (lmoveGenericCommand). With the
// same key at both ends the list rotates.
func listMoveGeneric(s *Server, c *Client, from, to bool) {
	src, ok := s.listLookupWrite(c, c.argv[1], false)
	if !ok {
		return
	}
	if src == nil {
		c.addReplyNull()
		return
	}
	listMoveFrom(s, c, src, from, to)
}

// listMoveFrom is listMoveGeneric once the non-empty source list is found.
func listMoveFrom(s *Server, c *Client, src *ds.Quicklist, from, to bool) {
	srcKey, dstKey := c.argv[1], c.argv[2]
	dst, ok := s.listLookupWrite(c, dstKey, false)
	if !ok {
		return
	}
	var buf [64]byte
	v := listPop(src, from, buf[:0])
	if dst == nil {
		dst = s.listCreate(c, dstKey)
	}
	listPush(dst, to, v)
	c.addReplyBulk(v)
	s.listElementsRemoved(c, srcKey, src, 1)
}

// --- multi-key pops --------------------------------------------------------

// lmpopCommand is LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count].
func lmpopCommand(s *Server, c *Client) { listMpopGeneric(s, c, 1, false) }

// blmpopCommand is BLMPOP timeout numkeys key [key ...] LEFT|RIGHT
// [COUNT count].
func blmpopCommand(s *Server, c *Client) { listMpopGeneric(s, c, 2, true) }

// listMpopGeneric is lmpopGenericCommand: parse, then pop up to count
// elements from the first non-empty list, replying [key, [elements]].
func listMpopGeneric(s *Server, c *Client, numkeysIdx int, block bool) {
	argc := len(c.argv)
	numkeys, ok := parseInt(c.argv[numkeysIdx])
	if !ok || numkeys < 1 {
		c.addReplyError(listErrNumkeys)
		return
	}
	if numkeys >= int64(argc) {
		c.addReplyError(errSyntax)
		return
	}
	whereIdx := numkeysIdx + int(numkeys) + 1
	if whereIdx >= argc {
		c.addReplyError(errSyntax)
		return
	}
	head, ok := listParseWhere(c, c.argv[whereIdx])
	if !ok {
		return
	}
	count := int64(-1)
	for j := whereIdx + 1; j < argc; j++ {
		if count == -1 && eqFold(c.argv[j], "count") && j+1 < argc {
			j++
			v, ok := parseInt(c.argv[j])
			if !ok || v < 1 {
				c.addReplyError(listErrCountPos)
				return
			}
			count = v
			continue
		}
		c.addReplyError(errSyntax)
		return
	}
	if count == -1 {
		count = 1
	}
	var deadline int64
	if block {
		if deadline, ok = s.parseBlockTimeout(c, c.argv[1]); !ok {
			return
		}
	}
	keys := c.argv[numkeysIdx+1 : whereIdx]
	for _, key := range s.readyFirst(c, keys) {
		q, ok := s.listLookupWrite(c, key, block)
		if !ok {
			return
		}
		if q == nil || q.Len() == 0 {
			continue
		}
		if s.propOn() {
			c.rewriteProp(listPopName(head), key, intArg(count))
		}
		c.addReplyArray(2)
		c.addReplyBulk(key)
		n := listPopRangeReply(c, q, head, count)
		s.listElementsRemoved(c, key, q, n)
		return
	}
	if !block {
		c.addReplyNullArray()
		return
	}
	s.blockForKeys(c, keys, deadline, false)
}

// --- blocking --------------------------------------------------------------

func blpopCommand(s *Server, c *Client) { listBlockingPop(s, c, true) }
func brpopCommand(s *Server, c *Client) { listBlockingPop(s, c, false) }

// listBlockingPop is B[LR]POP key [key ...] timeout: pop from the first
// non-empty list, replying [key, element], or block.
func listBlockingPop(s *Server, c *Client, head bool) {
	deadline, ok := s.parseBlockTimeout(c, c.argv[len(c.argv)-1])
	if !ok {
		return
	}
	keys := c.argv[1 : len(c.argv)-1]
	for _, key := range s.readyFirst(c, keys) {
		q, ok := s.listLookupWrite(c, key, true)
		if !ok {
			return
		}
		if q == nil || q.Len() == 0 {
			continue
		}
		var buf [64]byte
		v := listPop(q, head, buf[:0])
		if s.propOn() {
			c.rewriteProp(listPopName(head), key)
		}
		c.addReplyArray(2)
		c.addReplyBulk(key)
		c.addReplyBulk(v)
		s.listElementsRemoved(c, key, q, 1)
		return
	}
	s.blockForKeys(c, keys, deadline, false)
}

func whereArg(head bool) []byte {
	if head {
		return []byte("LEFT")
	}
	return []byte("RIGHT")
}

// listPopName is the command a pop from the head or tail propagates as.
func listPopName(head bool) []byte {
	if head {
		return []byte("LPOP")
	}
	return []byte("RPOP")
}

// blmoveCommand is BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout.
func blmoveCommand(s *Server, c *Client) {
	from, ok := listParseWhere(c, c.argv[3])
	if !ok {
		return
	}
	to, ok := listParseWhere(c, c.argv[4])
	if !ok {
		return
	}
	listBlockingMove(s, c, from, to, c.argv[5])
}

// brpoplpushCommand is BRPOPLPUSH source destination timeout.
func brpoplpushCommand(s *Server, c *Client) { listBlockingMove(s, c, false, true, c.argv[3]) }

// listBlockingMove is blmoveGenericCommand. Redis 7.0 replies a null bulk
// when it may not block (inside MULTI) but, on timeout, the null array
// every blocked list command gets.
func listBlockingMove(s *Server, c *Client, from, to bool, timeout []byte) {
	deadline, ok := s.parseBlockTimeout(c, timeout)
	if !ok {
		return
	}
	src, ok := s.listLookupWrite(c, c.argv[1], true)
	if !ok {
		return
	}
	if src == nil || src.Len() == 0 {
		if c.inExec && s.reexec != c {
			c.addReplyNull()
			return
		}
		s.blockForKeys(c, c.argv[1:2], deadline, false)
		return
	}
	if s.propOn() {
		c.rewriteProp([]byte("LMOVE"), c.argv[1], c.argv[2], whereArg(from), whereArg(to))
	}
	listMoveFrom(s, c, src, from, to)
}
