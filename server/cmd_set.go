package server

import (
	"slices"
	"strconv"
	"unsafe"

	"aeon/ds"
)

// The set group, as Redis 7.0's t_set.c. A set is an intset while every
// member is an integer (string2ll) and there are at most
// set-max-intset-entries of them, a hashtable (*ds.Dict[struct{}], the
// member strings as keys) otherwise; see types.go.
//
// Members are handled in two forms: a []byte (from argv) for the commands
// that take members, and (m string, v int64, isInt bool) when members come
// from another set: an intset yields v with isInt, a hashtable its member
// string m, which is immutable and may be shared with another dict.

// Error replies of the set group (Redis 7.0's texts).
const (
	setErrPopCount     = "ERR value is out of range, must be positive"
	setErrRandCount    = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"
	setErrNumkeys      = "ERR numkeys should be greater than 0"
	setErrNumkeysArgs  = "ERR Number of keys can't be greater than number of args"
	setErrLimit        = "ERR LIMIT can't be negative"
	setPopMoveMul      = 5 // SPOP_MOVE_STRATEGY_MUL
	setRandSubMul      = 3 // SRANDMEMBER_SUB_STRATEGY_MUL
	setRandCheckPeriod = 1024
)

// setCommands is the set group.
func setCommands() []*Command {
	const g = "set"
	w, wd, ro := FlagWrite, FlagWrite|FlagDenyOOM, FlagReadonly
	const nN = "O(N) where N is the total number of elements in all given sets."
	const nM = "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets."
	return []*Command{
		{Name: "sadd", Proc: setSaddCommand, Arity: -3, Flags: wd | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSet,
			Group: g, Since: "1.0.0", Summary: "Add one or more members to a set",
			Complex: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments."},
		{Name: "srem", Proc: setSremCommand, Arity: -3, Flags: w | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSet,
			Group: g, Since: "1.0.0", Summary: "Remove one or more members from a set",
			Complex: "O(N) where N is the number of members to be removed."},
		{Name: "scard", Proc: setScardCommand, Arity: 2, Flags: ro | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSet,
			Group: g, Since: "1.0.0", Summary: "Get the number of members in a set", Complex: "O(1)"},
		{Name: "sismember", Proc: setSismemberCommand, Arity: 3, Flags: ro | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSet,
			Group: g, Since: "1.0.0", Summary: "Determine if a given value is a member of a set", Complex: "O(1)"},
		{Name: "smismember", Proc: setSmismemberCommand, Arity: -3, Flags: ro | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSet,
			Group: g, Since: "6.2.0", Summary: "Returns the membership associated with the given elements for a set",
			Complex: "O(N) where N is the number of elements being checked for membership"},
		{Name: "smembers", Proc: setSmembersCommand, Arity: 2, Flags: ro, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSet,
			Group: g, Since: "1.0.0", Summary: "Get all the members in a set", Complex: "O(N) where N is the set cardinality."},
		{Name: "srandmember", Proc: setSrandmemberCommand, Arity: -2, Flags: ro, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSet,
			Group: g, Since: "1.0.0", Summary: "Get one or multiple random members from a set",
			Complex: "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count."},
		{Name: "spop", Proc: setSpopCommand, Arity: -2, Flags: w | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSet,
			Group: g, Since: "1.0.0", Summary: "Remove and return one or multiple random members from a set",
			Complex: "Without the count argument O(1), otherwise O(N) where N is the value of the passed count."},
		{Name: "smove", Proc: setSmoveCommand, Arity: 4, Flags: w | FlagFast, FirstKey: 1, LastKey: 2, Step: 1, Cats: CatSet,
			Group: g, Since: "1.0.0", Summary: "Move a member from one set to another", Complex: "O(1)"},
		{Name: "sinter", Proc: setSinterCommand, Arity: -2, Flags: ro, FirstKey: 1, LastKey: -1, Step: 1, Cats: CatSet,
			Group: g, Since: "1.0.0", Summary: "Intersect multiple sets", Complex: nM},
		{Name: "sintercard", Proc: setSintercardCommand, Arity: -3, Flags: ro, Cats: CatSet,
			Group: g, Since: "7.0.0", Summary: "Intersect multiple sets and return the cardinality of the result", Complex: nM},
		{Name: "sinterstore", Proc: setSinterstoreCommand, Arity: -3, Flags: wd, FirstKey: 1, LastKey: -1, Step: 1, Cats: CatSet,
			Group: g, Since: "1.0.0", Summary: "Intersect multiple sets and store the resulting set in a key", Complex: nM},
		{Name: "sunion", Proc: setSunionCommand, Arity: -2, Flags: ro, FirstKey: 1, LastKey: -1, Step: 1, Cats: CatSet,
			Group: g, Since: "1.0.0", Summary: "Add multiple sets", Complex: nN},
		{Name: "sunionstore", Proc: setSunionstoreCommand, Arity: -3, Flags: wd, FirstKey: 1, LastKey: -1, Step: 1, Cats: CatSet,
			Group: g, Since: "1.0.0", Summary: "Add multiple sets and store the resulting set in a key", Complex: nN},
		{Name: "sdiff", Proc: setSdiffCommand, Arity: -2, Flags: ro, FirstKey: 1, LastKey: -1, Step: 1, Cats: CatSet,
			Group: g, Since: "1.0.0", Summary: "Subtract multiple sets", Complex: nN},
		{Name: "sdiffstore", Proc: setSdiffstoreCommand, Arity: -3, Flags: wd, FirstKey: 1, LastKey: -1, Step: 1, Cats: CatSet,
			Group: g, Since: "1.0.0", Summary: "Subtract multiple sets and store the resulting set in a key", Complex: nN},
		{Name: "sscan", Proc: setSscanCommand, Arity: -3, Flags: ro, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSet,
			Group: g, Since: "2.8.0", Summary: "Incrementally iterate Set elements",
			Complex: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.."},
	}
}

// --- the set type (setType* of t_set.c) --------------------------------------

// setMembers calls fn for every member of the set o, in the encoding's
// order (ascending for an intset). member is only valid during the call:
// it aliases the set's string or a scratch buffer. fn must not modify o.
func setMembers(o *Object, fn func(member []byte)) {
	if o.enc == EncIntset {
		is := o.intset()
		var buf [24]byte
		for i, n := 0, is.Len(); i < n; i++ {
			fn(strconv.AppendInt(buf[:0], is.Get(i), 10))
		}
		return
	}
	o.setDict().Range(func(e *ds.Entry[struct{}]) bool {
		fn(unsafeBytes(e.Key()))
		return true
	})
}

// setTypeEach calls fn for each member until it returns false: v for an
// intset, m for a hashtable. fn must not modify o.
func setTypeEach(o *Object, fn func(m string, v int64, isInt bool) bool) {
	if o.enc == EncIntset {
		is := o.intset()
		for i, n := 0, is.Len(); i < n; i++ {
			if !fn("", is.Get(i), true) {
				return
			}
		}
		return
	}
	o.setDict().Range(func(e *ds.Entry[struct{}]) bool { return fn(e.Key(), 0, false) })
}

// setTypeSize returns the number of members.
func setTypeSize(o *Object) int {
	if o.enc == EncIntset {
		return o.intset().Len()
	}
	return o.setDict().Len()
}

// setNewIntset returns an empty intset-encoded set (createIntsetObject).
func setNewIntset() Object {
	return collectionObject(TypeSet, EncIntset, unsafe.Pointer(ds.NewIntset()))
}

// setTypeAdd adds member m (copied when stored) and reports whether it was
// new, converting the intset as Redis's setTypeAdd does.
func (s *Server) setTypeAdd(o *Object, m []byte) bool {
	if o.enc == EncIntset {
		if v, ok := parseInt(m); ok {
			return s.setIntsetAdd(o, v)
		}
		setConvert(o)
		o.setDict().Insert(string(m), struct{}{})
		return true
	}
	d := o.setDict()
	if d.Find(m) != nil {
		return false
	}
	d.Insert(string(m), struct{}{})
	return true
}

// setIntsetAdd adds v to an intset set, converting it when it grows past
// set-max-intset-entries.
func (s *Server) setIntsetAdd(o *Object, v int64) bool {
	is := o.intset()
	if !is.Add(v) {
		return false
	}
	if int64(is.Len()) > s.cfg.SetMaxIntsetEntries {
		setConvert(o)
	}
	return true
}

// setTypeAddElem is setTypeAdd for a member taken from another set; a
// hashtable member string is shared, not copied.
func (s *Server) setTypeAddElem(o *Object, m string, v int64, isInt bool) bool {
	if o.enc == EncIntset {
		if !isInt {
			if pv, ok := parseInt(unsafeBytes(m)); ok {
				return s.setIntsetAdd(o, pv)
			}
			setConvert(o)
			o.setDict().Insert(m, struct{}{})
			return true
		}
		return s.setIntsetAdd(o, v)
	}
	d := o.setDict()
	if isInt {
		var buf [24]byte
		b := strconv.AppendInt(buf[:0], v, 10)
		if d.Find(b) != nil {
			return false
		}
		d.Insert(string(b), struct{}{})
		return true
	}
	_, added := d.Insert(m, struct{}{})
	return added
}

// setTypeRemove removes member m and reports whether it was present; a
// hashtable is shrunk when it became too sparse, as Redis does.
func setTypeRemove(o *Object, m []byte) bool {
	if o.enc == EncIntset {
		v, ok := parseInt(m)
		return ok && o.intset().Remove(v)
	}
	d := o.setDict()
	if d.Delete(m) == nil {
		return false
	}
	d.TryShrink()
	return true
}

// setTypeRemoveElem is setTypeRemove for a member taken from another set.
func setTypeRemoveElem(o *Object, m string, v int64, isInt bool) bool {
	if isInt {
		if o.enc == EncIntset {
			return o.intset().Remove(v)
		}
		var buf [24]byte
		return setTypeRemove(o, strconv.AppendInt(buf[:0], v, 10))
	}
	return setTypeRemove(o, unsafeBytes(m))
}

// setTypeIsMember reports whether m is a member.
func setTypeIsMember(o *Object, m []byte) bool {
	if o.enc == EncIntset {
		v, ok := parseInt(m)
		return ok && o.intset().Contains(v)
	}
	return o.setDict().Find(m) != nil
}

// setTypeIsMemberElem is setTypeIsMember for a member taken from another set.
func setTypeIsMemberElem(o *Object, m string, v int64, isInt bool) bool {
	if isInt {
		if o.enc == EncIntset {
			return o.intset().Contains(v)
		}
		var buf [24]byte
		return o.setDict().Find(strconv.AppendInt(buf[:0], v, 10)) != nil
	}
	if o.enc == EncIntset {
		return setTypeIsMember(o, unsafeBytes(m))
	}
	return o.setDict().FindString(m) != nil
}

// setTypeRandom returns a random member of a non-empty set: v for an
// intset (O(1)), m for a hashtable (a fair random entry).
func (s *Server) setTypeRandom(o *Object) (m string, v int64, isInt bool) {
	if o.enc == EncIntset {
		return "", o.intset().Random(s.rand.IntN), true
	}
	return o.setDict().RandomEntry().Key(), 0, false
}

// setReplyElem replies with one member as a bulk string.
func setReplyElem(c *Client, m string, v int64, isInt bool) {
	if isInt {
		c.addReplyBulkInt(v)
	} else {
		c.addReplyBulkString(m)
	}
}

// --- single-key commands -------------------------------------------------------

func setSaddCommand(s *Server, c *Client) {
	key := c.argv[1]
	o := s.lookupWriteKey(c, key)
	added := int64(0)
	if o == nil {
		obj := newSetObjectHint(c.argv[2], min(len(c.argv)-2, int(s.cfg.SetMaxIntsetEntries)))
		for _, m := range c.argv[2:] {
			if s.setTypeAdd(&obj, m) {
				added++
			}
		}
		s.dbAdd(c.db, key, obj)
	} else {
		if !checkType(c, o, TypeSet) {
			return
		}
		for _, m := range c.argv[2:] {
			if s.setTypeAdd(o, m) {
				added++
			}
		}
	}
	s.dirty += added
	c.addReplyInt(added)
}

func setSremCommand(s *Server, c *Client) {
	key := c.argv[1]
	o := s.lookupWriteKey(c, key)
	if o == nil {
		c.addReplyInt(0)
		return
	}
	if !checkType(c, o, TypeSet) {
		return
	}
	deleted := int64(0)
	for _, m := range c.argv[2:] {
		if setTypeRemove(o, m) {
			deleted++
			if setTypeSize(o) == 0 {
				s.dbDelete(c.db, key)
				break
			}
		}
	}
	s.dirty += deleted
	c.addReplyInt(deleted)
}

func setScardCommand(s *Server, c *Client) {
	o := s.lookupRead(c, c.argv[1])
	if o == nil {
		c.addReplyInt(0)
		return
	}
	if checkType(c, o, TypeSet) {
		c.addReplyInt(int64(setTypeSize(o)))
	}
}

func setSismemberCommand(s *Server, c *Client) {
	o := s.lookupRead(c, c.argv[1])
	if o == nil {
		c.addReplyInt(0)
		return
	}
	if !checkType(c, o, TypeSet) {
		return
	}
	if setTypeIsMember(o, c.argv[2]) {
		c.addReplyInt(1)
	} else {
		c.addReplyInt(0)
	}
}

func setSmismemberCommand(s *Server, c *Client) {
	o := s.lookupRead(c, c.argv[1])
	if o != nil && !checkType(c, o, TypeSet) {
		return
	}
	c.addReplyArray(len(c.argv) - 2)
	for _, m := range c.argv[2:] {
		if o != nil && setTypeIsMember(o, m) {
			c.addReplyInt(1)
		} else {
			c.addReplyInt(0)
		}
	}
}

// setSmembersCommand is SINTER of one key (Redis 7.0 runs sinterCommand),
// which replies the members in the set's own order.
func setSmembersCommand(s *Server, c *Client) {
	o := s.lookupRead(c, c.argv[1])
	if o == nil {
		c.addReplySet(0)
		return
	}
	if !checkType(c, o, TypeSet) {
		return
	}
	c.addReplySet(setTypeSize(o))
	setTypeEach(o, func(m string, v int64, isInt bool) bool {
		setReplyElem(c, m, v, isInt)
		return true
	})
}

func setSmoveCommand(s *Server, c *Client) {
	srcKey, dstKey, ele := c.argv[1], c.argv[2], c.argv[3]
	src := s.lookupWriteKey(c, srcKey)
	dst := s.lookupWriteKey(c, dstKey)
	if src == nil {
		c.addReplyInt(0)
		return
	}
	if !checkType(c, src, TypeSet) || (dst != nil && !checkType(c, dst, TypeSet)) {
		return
	}
	if src == dst { // same key: a no-op
		if setTypeIsMember(src, ele) {
			c.addReplyInt(1)
		} else {
			c.addReplyInt(0)
		}
		return
	}
	if !setTypeRemove(src, ele) {
		c.addReplyInt(0)
		return
	}
	if setTypeSize(src) == 0 {
		s.dbDelete(c.db, srcKey)
	}
	s.dirty++
	if dst == nil {
		obj := newSetObject(ele)
		s.setTypeAdd(&obj, ele)
		s.dbAdd(c.db, dstKey, obj)
		s.dirty++
	} else if s.setTypeAdd(dst, ele) {
		s.dirty++
	}
	c.addReplyInt(1)
}

// --- SPOP and SRANDMEMBER ------------------------------------------------------

func setSpopCommand(s *Server, c *Client) {
	if len(c.argv) == 3 {
		s.setSpopWithCount(c)
		return
	}
	if len(c.argv) > 3 {
		c.addReplyError(errSyntax)
		return
	}
	key := c.argv[1]
	o := s.lookupWriteKey(c, key)
	if o == nil {
		c.addReplyNull()
		return
	}
	if !checkType(c, o, TypeSet) {
		return
	}
	if o.enc == EncIntset {
		is := o.intset()
		v := is.Random(s.rand.IntN)
		is.Remove(v)
		c.addReplyBulkInt(v)
		if s.propOn() {
			c.rewriteProp([]byte("SREM"), key, intArg(v))
		}
	} else {
		d := o.setDict()
		m := d.RandomEntry().Key()
		d.DeleteString(m)
		d.TryShrink()
		c.addReplyBulkString(m)
		if s.propOn() {
			c.rewriteProp([]byte("SREM"), key, []byte(m))
		}
	}
	if setTypeSize(o) == 0 {
		s.dbDelete(c.db, key)
	}
	s.dirty++
}

// setSpopWithCount is spopWithCountCommand: the whole set when count
// covers it, count random pops when few members remain popped relative to
// those left (case 2), otherwise the members to keep are moved into a new
// set and the rest of the old one is returned (case 3).
func (s *Server) setSpopWithCount(c *Client) {
	l, ok := parseInt(c.argv[2])
	if !ok || l < 0 {
		c.addReplyError(setErrPopCount)
		return
	}
	count := int(l)
	key := c.argv[1]
	o := s.lookupWriteKey(c, key)
	if o == nil {
		c.addReplySet(0)
		return
	}
	if !checkType(c, o, TypeSet) {
		return
	}
	if count == 0 {
		c.addReplySet(0)
		return
	}
	size := setTypeSize(o)

	// Case 1: the whole set, replied as SUNION of the key does.
	if count >= size {
		s.setUnionDiff(c, c.argv[1:2], nil, false)
		s.dbDelete(c.db, key)
		s.dirty += int64(size)
		c.rewriteProp(bDel, key)
		return
	}
	s.dirty += int64(count)
	c.addReplySet(count)
	remaining := size - count
	if s.propOn() {
		// Propagated as SREM of what was popped, which is known only
		// once it is gone: compute it from the members left afterwards.
		before := setMembersBytes(o)
		defer func() {
			if e := c.db.dict.Find(key); e != nil {
				c.rewriteProp(append([][]byte{[]byte("SREM"), key}, setMinus(before, &e.Val)...)...)
			}
		}()
	}

	// Case 2: pop count random members.
	if remaining*setPopMoveMul > count {
		if o.enc == EncIntset {
			is := o.intset()
			for range count {
				v := is.Random(s.rand.IntN)
				is.Remove(v)
				c.addReplyBulkInt(v)
			}
			return
		}
		d := o.setDict()
		for range count {
			m := d.RandomEntry().Key()
			d.DeleteString(m)
			d.TryShrink()
			c.addReplyBulkString(m)
		}
		return
	}

	// Case 3: move the remaining members to a new set, reply the old one.
	var newset Object
	for i := range remaining {
		m, v, isInt := s.setTypeRandom(o)
		if i == 0 {
			if isInt {
				newset = setNewIntset()
			} else {
				newset = newSetObject(unsafeBytes(m))
			}
		}
		s.setTypeAddElem(&newset, m, v, isInt)
		setTypeRemoveElem(o, m, v, isInt)
	}
	setTypeEach(o, func(m string, v int64, isInt bool) bool {
		setReplyElem(c, m, v, isInt)
		return true
	})
	newset.lru = o.lru
	*o = newset // dbOverwrite: the TTL stays
}

func setSrandmemberCommand(s *Server, c *Client) {
	if len(c.argv) == 3 {
		s.setSrandmemberWithCount(c)
		return
	}
	if len(c.argv) > 3 {
		c.addReplyError(errSyntax)
		return
	}
	o := s.lookupRead(c, c.argv[1])
	if o == nil {
		c.addReplyNull()
		return
	}
	if !checkType(c, o, TypeSet) {
		return
	}
	m, v, isInt := s.setTypeRandom(o)
	setReplyElem(c, m, v, isInt)
}

// setSrandmemberWithCount is srandmemberWithCountCommand and its four
// cases: a negative count (repeats allowed) or 1, the whole set, a copy
// with random members removed (count*3 > size), or random picks until
// count distinct ones were found.
func (s *Server) setSrandmemberWithCount(c *Client) {
	l, ok := parseInt(c.argv[2])
	if !ok {
		c.addReplyError(errNotInteger)
		return
	}
	if l == -1<<63 {
		c.addReplyError(setErrRandCount)
		return
	}
	uniq := true
	if l < 0 {
		l = -l
		uniq = false
	}
	count := uint64(l)
	o := s.lookupRead(c, c.argv[1])
	if o == nil {
		c.addReplyArray(0)
		return
	}
	if !checkType(c, o, TypeSet) {
		return
	}
	size := uint64(setTypeSize(o))
	if count == 0 {
		c.addReplyArray(0)
		return
	}

	// Case 1: count random members, repeats allowed.
	if !uniq || count == 1 {
		c.addReplyArray(int(count))
		for i := uint64(0); i < count; i++ {
			m, v, isInt := s.setTypeRandom(o)
			setReplyElem(c, m, v, isInt)
			if i%setRandCheckPeriod == setRandCheckPeriod-1 {
				// Redis stops once the client is to be closed (output
				// buffer limits).
				s.checkOutputLimits(c)
				if c.closing {
					break
				}
			}
		}
		return
	}

	// Case 2: the whole set.
	if count >= size {
		c.addReplyArray(int(size))
		setTypeEach(o, func(m string, v int64, isInt bool) bool {
			setReplyElem(c, m, v, isInt)
			return true
		})
		return
	}

	n := int(count)
	c.addReplyArray(n)
	if count*setRandSubMul > size {
		// Case 3: count is close to the size. Redis copies the set and
		// removes random members; a partial Fisher-Yates shuffle of the
		// members picks the same uniform subset in O(size) without hashing.
		if o.enc == EncIntset {
			is := o.intset()
			vals := make([]int64, is.Len())
			for i := range vals {
				vals[i] = is.Get(i)
			}
			for i := range n {
				k := i + s.rand.IntN(len(vals)-i)
				vals[i], vals[k] = vals[k], vals[i]
				c.addReplyBulkInt(vals[i])
			}
			return
		}
		keys := make([]string, 0, size)
		o.setDict().Range(func(e *ds.Entry[struct{}]) bool {
			keys = append(keys, e.Key())
			return true
		})
		for i := range n {
			k := i + s.rand.IntN(len(keys)-i)
			keys[i], keys[k] = keys[k], keys[i]
			c.addReplyBulkString(keys[i])
		}
		return
	}
	// Case 4: the set is big compared to count: random picks until count
	// distinct members were found (count*3 <= size, so few repeats).
	if o.enc == EncIntset {
		is := o.intset()
		seen := make(map[int64]struct{}, n)
		for len(seen) < n {
			v := is.Random(s.rand.IntN)
			if _, dup := seen[v]; !dup {
				seen[v] = struct{}{}
				c.addReplyBulkInt(v)
			}
		}
		return
	}
	d := o.setDict()
	seen := make(map[string]struct{}, n)
	for len(seen) < n {
		m := d.RandomEntry().Key()
		if _, dup := seen[m]; !dup {
			seen[m] = struct{}{}
			c.addReplyBulkString(m)
		}
	}
}

// --- multi-key commands ----------------------------------------------------------

// setLookupAll looks up keys for SINTER/SUNION/SDIFF and their store forms:
// nil for a missing key, WRONGTYPE (ok false) if any key holds another type.
func (s *Server) setLookupAll(c *Client, keys [][]byte) ([]*Object, bool) {
	sets := make([]*Object, len(keys))
	for i, k := range keys {
		o := s.lookupRead(c, k)
		if o != nil && !checkType(c, o, TypeSet) {
			return nil, false
		}
		sets[i] = o
	}
	return sets, true
}

// setStoreResult stores a store command's result in dst (an empty result
// deletes dst) and replies its size.
func (s *Server) setStoreResult(c *Client, dst []byte, res *Object) {
	n := setTypeSize(res)
	if n > 0 {
		s.setKey(c, c.db, dst, *res, false)
		s.dirty++
	} else if s.dbDelete(c.db, dst) {
		s.dirty++
	}
	c.addReplyInt(int64(n))
}

func setSinterCommand(s *Server, c *Client) { s.setInter(c, c.argv[1:], nil, false, 0) }

func setSinterstoreCommand(s *Server, c *Client) { s.setInter(c, c.argv[2:], c.argv[1], false, 0) }

func setSintercardCommand(s *Server, c *Client) {
	numkeys, ok := parseInt(c.argv[1])
	if !ok || numkeys < 1 {
		c.addReplyError(setErrNumkeys)
		return
	}
	if numkeys > int64(len(c.argv)-2) {
		c.addReplyError(setErrNumkeysArgs)
		return
	}
	limit := int64(0)
	for j := 2 + int(numkeys); j < len(c.argv); j++ {
		if eqFold(c.argv[j], "limit") && j+1 < len(c.argv) {
			j++
			v, ok := parseInt(c.argv[j])
			if !ok || v < 0 {
				c.addReplyError(setErrLimit)
				return
			}
			limit = v
		} else {
			c.addReplyError(errSyntax)
			return
		}
	}
	s.setInter(c, c.argv[2:2+numkeys], nil, true, limit)
}

// setInter is sinterGenericCommand: SINTER (dst nil), SINTERSTORE and
// SINTERCARD (cardOnly, stopping at limit when non-zero). The members of
// the smallest set are tested against the others.
func (s *Server) setInter(c *Client, keys [][]byte, dst []byte, cardOnly bool, limit int64) {
	sets, ok := s.setLookupAll(c, keys)
	if !ok {
		return
	}
	if slices.Contains(sets, nil) { // an empty set: the result is empty
		switch {
		case dst != nil:
			if s.dbDelete(c.db, dst) {
				s.dirty++
			}
			c.addReplyInt(0)
		case cardOnly:
			c.addReplyInt(0)
		default:
			c.addReplySet(0)
		}
		return
	}
	slices.SortStableFunc(sets, func(a, b *Object) int { return setTypeSize(a) - setTypeSize(b) })

	var res Object
	at := -1
	if dst != nil {
		res = setNewIntset()
	} else if !cardOnly {
		at = c.deferredLen()
	}
	first := sets[0]
	card := int64(0)
	setTypeEach(first, func(m string, v int64, isInt bool) bool {
		for _, o := range sets[1:] {
			if o != first && !setTypeIsMemberElem(o, m, v, isInt) {
				return true
			}
		}
		switch {
		case cardOnly:
			card++
			if limit != 0 && card >= limit {
				return false
			}
		case dst == nil:
			setReplyElem(c, m, v, isInt)
			card++
		default:
			s.setTypeAddElem(&res, m, v, isInt)
		}
		return true
	})
	switch {
	case cardOnly:
		c.addReplyInt(card)
	case dst != nil:
		s.setStoreResult(c, dst, &res)
	default:
		c.setDeferredSetLen(at, int(card))
	}
}

func setSunionCommand(s *Server, c *Client) { s.setUnionDiff(c, c.argv[1:], nil, false) }

func setSunionstoreCommand(s *Server, c *Client) { s.setUnionDiff(c, c.argv[2:], c.argv[1], false) }

func setSdiffCommand(s *Server, c *Client) { s.setUnionDiff(c, c.argv[1:], nil, true) }

func setSdiffstoreCommand(s *Server, c *Client) { s.setUnionDiff(c, c.argv[2:], c.argv[1], true) }

// setUnionDiff is sunionDiffGenericCommand: the result is built in a new
// set (an intset until a member or its size needs a hashtable), then
// replied or stored in dst. SDIFF picks Redis's algorithm: testing each
// member of the first set against the others (1), or adding the first set
// and removing the others' members (2), whichever is estimated cheaper.
func (s *Server) setUnionDiff(c *Client, keys [][]byte, dst []byte, diff bool) {
	sets, ok := s.setLookupAll(c, keys)
	if !ok {
		return
	}
	sameset := false
	for j := 1; j < len(sets); j++ {
		if sets[j] != nil && sets[j] == sets[0] {
			sameset = true
		}
	}
	algo := 1
	if diff && sets[0] != nil && !sameset {
		var one, two int
		for _, o := range sets {
			if o != nil {
				one += setTypeSize(sets[0])
				two += setTypeSize(o)
			}
		}
		one /= 2
		if one > two {
			algo = 2
		}
		if algo == 1 && len(sets) > 1 {
			// Subtract the biggest sets first: members are found sooner.
			slices.SortStableFunc(sets[1:], func(a, b *Object) int { return setSizeOrZero(b) - setSizeOrZero(a) })
		}
	}

	res := setNewIntset()
	card := 0
	switch {
	case !diff:
		for _, o := range sets {
			if o == nil {
				continue
			}
			setTypeEach(o, func(m string, v int64, isInt bool) bool {
				if s.setTypeAddElem(&res, m, v, isInt) {
					card++
				}
				return true
			})
		}
	case sameset || sets[0] == nil:
		// A set minus itself, or nothing: empty.
	case algo == 1:
		first := sets[0]
		setTypeEach(first, func(m string, v int64, isInt bool) bool {
			for _, o := range sets[1:] {
				if o == nil {
					continue
				}
				if o == first || setTypeIsMemberElem(o, m, v, isInt) {
					return true
				}
			}
			s.setTypeAddElem(&res, m, v, isInt)
			card++
			return true
		})
	default:
		for j, o := range sets {
			if o == nil {
				continue
			}
			setTypeEach(o, func(m string, v int64, isInt bool) bool {
				if j == 0 {
					if s.setTypeAddElem(&res, m, v, isInt) {
						card++
					}
				} else if setTypeRemoveElem(&res, m, v, isInt) {
					card--
				}
				return true
			})
			if card == 0 {
				break
			}
		}
	}

	if dst != nil {
		s.setStoreResult(c, dst, &res)
		return
	}
	c.addReplySet(card)
	setTypeEach(&res, func(m string, v int64, isInt bool) bool {
		setReplyElem(c, m, v, isInt)
		return true
	})
}

func setSizeOrZero(o *Object) int {
	if o == nil {
		return 0
	}
	return setTypeSize(o)
}

// --- SSCAN ---------------------------------------------------------------------------

// setSscanCommand: the cursor is checked before the key, the options after
// it (as Redis); an intset is returned whole with cursor 0.
func setSscanCommand(s *Server, c *Client) {
	if _, ok := parseScanCursor(c.argv[2]); !ok {
		c.addReplyError("ERR invalid cursor")
		return
	}
	o := s.lookupRead(c, c.argv[1])
	if o == nil {
		c.addReplyScan(0, nil)
		return
	}
	if !checkType(c, o, TypeSet) {
		return
	}
	opts, ok := parseScanArgs(c, 2, false)
	if !ok {
		return
	}
	if o.enc == EncIntset {
		is := o.intset()
		n := is.Len()
		buf := make([]byte, 0, n*8)
		ends := make([]int, 0, n)
		for i := range n {
			start := len(buf)
			buf = strconv.AppendInt(buf, is.Get(i), 10)
			if !opts.matches(buf[start:]) {
				buf = buf[:start]
				continue
			}
			ends = append(ends, len(buf))
		}
		items := make([][]byte, len(ends))
		start := 0
		for i, end := range ends {
			items[i] = buf[start:end:end]
			start = end
		}
		c.addReplyScan(0, items)
		return
	}
	var items [][]byte
	cursor := scanDict(o.setDict(), &opts, func(e *ds.Entry[struct{}]) {
		if k := unsafeBytes(e.Key()); opts.matches(k) {
			items = append(items, k)
		}
	})
	c.addReplyScan(cursor, items)
}

// setMembersBytes lists a set's members (for SPOP's propagation).
func setMembersBytes(o *Object) [][]byte {
	var out [][]byte
	setTypeEach(o, func(m string, v int64, isInt bool) bool {
		if isInt {
			out = append(out, strconv.AppendInt(nil, v, 10))
		} else {
			out = append(out, []byte(m))
		}
		return true
	})
	return out
}

// setMinus returns the members of before that o no longer holds.
func setMinus(before [][]byte, o *Object) [][]byte {
	var out [][]byte
	for _, m := range before {
		v, isInt := parseInt(m)
		if !setTypeIsMemberElem(o, string(m), v, isInt) {
			out = append(out, m)
		}
	}
	return out
}
