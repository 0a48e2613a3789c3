package server

import (
	"math/rand/v2"

	"aeon/ds"
)

// HyperLogLog commands (Redis 7.0 hyperloglog.c). An HLL is a string value
// holding Redis's byte format (see ds/hll.go), so GET/SET/DUMP of it are
// byte-compatible with Redis. A modified HLL is a raw string owning its
// buffer (dbUnshareStringValue), edited in place.

// hllCommands is the hyperloglog group.
func hllCommands() []*Command {
	const g = "hyperloglog"
	return []*Command{
		{Name: "pfadd", Proc: pfaddCommand, Arity: -2, Flags: FlagWrite | FlagDenyOOM | FlagFast, FirstKey: 1, LastKey: 1, Step: 1,
			Cats: CatHyperLogLog, Group: g, Since: "2.8.9", Summary: "Adds the specified elements to the specified HyperLogLog.",
			Complex: "O(1) to add every element."},
		{Name: "pfcount", Proc: pfcountCommand, Arity: -2, Flags: FlagReadonly, FirstKey: 1, LastKey: -1, Step: 1,
			Cats: CatHyperLogLog, Group: g, Since: "2.8.9",
			Summary: "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).",
			Complex: "O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys."},
		{Name: "pfmerge", Proc: pfmergeCommand, Arity: -2, Flags: FlagWrite | FlagDenyOOM, FirstKey: 1, LastKey: -1, Step: 1,
			Cats: CatHyperLogLog, Group: g, Since: "2.8.9", Summary: "Merge N different HyperLogLogs into a single one.",
			Complex: "O(N) to merge N HyperLogLogs, but with high constant times."},
		{Name: "pfdebug", Proc: pfdebugCommand, Arity: 3, Flags: FlagWrite | FlagDenyOOM | FlagAdmin, FirstKey: 2, LastKey: 2, Step: 1,
			Cats: CatHyperLogLog, Group: g, Since: "2.8.9", Summary: "Internal commands for debugging HyperLogLog values",
			Complex: "N/A"},
		{Name: "pfselftest", Proc: pfselftestCommand, Arity: 1, Flags: FlagAdmin,
			Cats: CatHyperLogLog, Group: g, Since: "2.8.9", Summary: "An internal command for testing HyperLogLog values",
			Complex: "N/A"},
	}
}

const (
	hllErrNotHLL   = "WRONGTYPE Key is not a valid HyperLogLog string value."
	hllErrInvalid  = "INVALIDOBJ Corrupted HLL object detected"
	hllErrNoKey    = "ERR The specified key does not exist"
	hllErrNoSparse = "ERR HLL encoding is not sparse"
)

// hllSparseMaxBytes is the hll-sparse-max-bytes option: the largest sparse
// HLL, header included, before it is converted to dense.
func (s *Server) hllSparseMaxBytes() int { return int(s.cfg.HllSparseMaxBytes) }

// hllCheck is Redis's isHLLObjectOrReply: o (which exists) must be a
// string holding a well-formed HLL header.
func hllCheck(c *Client, o *Object) bool {
	if o.typ != TypeString {
		c.addReplyError(errWrongType)
		return false
	}
	if o.enc == EncInt || !ds.HLLValid(o.strBytes(nil)) {
		c.addReplyError(hllErrNotHLL)
		return false
	}
	return true
}

// hllUnshare is dbUnshareStringValue: o becomes a raw string owning its
// bytes, which it returns for editing.
func hllUnshare(o *Object) []byte { return rawBuf(o, 0) }

// hllNewObject returns a new, empty (sparse) HLL value, Redis's
// createHLLObject.
func hllNewObject() Object {
	o, buf := newRawString(ds.HLLEmptySize)
	ds.HLLInitEmpty(buf)
	return o
}

// hllToDense converts the HLL in o (raw, owned) to dense if it is sparse,
// reporting false if the sparse form is corrupted (o is then unchanged).
func hllToDense(o *Object) bool {
	cur := o.strBytes(nil)
	if cur[4] == ds.HLLDense {
		return true
	}
	nv, buf := newRawString(ds.HLLDenseSize)
	if !ds.HLLSparseToDense(buf, cur) {
		return false
	}
	nv.lru = o.lru
	*o = nv
	return true
}

// hllSet raises register index of the HLL in o (raw, owned) to count,
// growing it or converting it to dense as Redis's hllSparseSet does. It
// returns 1 if the register changed, 0 if not, -1 if the HLL is corrupted.
func hllSet(o *Object, index int, count uint8, maxBytes int) int {
	cur := o.strBytes(nil)
	if cur[4] == ds.HLLDense {
		if ds.HLLDenseSet(cur[ds.HLLHdrSize:], index, count) {
			return 1
		}
		return 0
	}
	// Room for the worst case split (XZERO -> XZERO VAL XZERO).
	n := len(cur)
	buf := rawBuf(o, n+3)[:n]
	o.n = int64(n)
	nb, r := ds.HLLSparseSet(buf, index, count, maxBytes)
	switch r {
	case ds.HLLSetPromote:
		if !hllToDense(o) {
			return -1
		}
		if ds.HLLDenseSet(o.strBytes(nil)[ds.HLLHdrSize:], index, count) {
			return 1
		}
		return 0
	case ds.HLLSetUpdated:
		if len(nb) > 0 && &nb[0] != &buf[0] {
			// Cannot happen (rawBuf left room), but keep the value right.
			nv := bytesObject(nb, false)
			nv.lru = o.lru
			*o = nv
			return r
		}
		o.n = int64(len(nb))
	}
	return r
}

// PFADD key [element ...]
func pfaddCommand(s *Server, c *Client) {
	key := c.argv[1]
	o := s.lookupWriteKey(c, key)
	updated := 0
	var created Object
	if o == nil {
		created = hllNewObject()
		o = &created
		updated++
	} else {
		if !hllCheck(c, o) {
			return
		}
		hllUnshare(o)
	}
	maxBytes := s.hllSparseMaxBytes()
	for _, ele := range c.argv[2:] {
		index, count := ds.HLLPatLen(ele)
		switch hllSet(o, index, count, maxBytes) {
		case 1:
			updated++
		case -1:
			c.addReplyError(hllErrInvalid)
			return
		}
	}
	if updated > 0 {
		ds.HLLInvalidate(o.strBytes(nil))
		if o == &created {
			s.dbAdd(c.db, key, created)
		}
		s.dirty += int64(updated)
		c.addReplyInt(1)
		return
	}
	c.addReplyInt(0)
}

// PFCOUNT key [key ...]
func pfcountCommand(s *Server, c *Client) {
	if len(c.argv) > 2 {
		// The cardinality of the union, merged into a scratch array
		// without touching the keys.
		var max [ds.HLLRegisters]uint8
		for _, key := range c.argv[1:] {
			o := s.lookupRead(c, key)
			if o == nil {
				continue
			}
			if !hllCheck(c, o) {
				return
			}
			if !ds.HLLMerge(&max, o.strBytes(nil)) {
				c.addReplyError(hllErrInvalid)
				return
			}
		}
		var h ds.HLLHisto
		ds.HLLRawRegHisto(&max, &h)
		c.addReplyInt(int64(ds.HLLEstimate(&h)))
		return
	}

	key := c.argv[1]
	o := s.lookupRead(c, key)
	if o == nil {
		c.addReplyInt(0)
		return
	}
	if !hllCheck(c, o) {
		return
	}
	b := hllUnshare(o)
	card, ok := ds.HLLCachedCard(b)
	if !ok {
		var h ds.HLLHisto
		if !ds.HLLRegHisto(b, &h) {
			c.addReplyError(hllErrInvalid)
			return
		}
		card = ds.HLLEstimate(&h)
		ds.HLLSetCard(b, card)
		// Updating the cache modifies the value: Redis signals the key
		// and propagates the command.
		s.touchWatchedKey(c.db, key)
		s.dirty++
	}
	c.addReplyInt(int64(card))
}

// PFMERGE destkey [sourcekey ...]
func pfmergeCommand(s *Server, c *Client) {
	var max [ds.HLLRegisters]uint8
	useDense := false
	for _, key := range c.argv[1:] {
		o := s.lookupRead(c, key)
		if o == nil {
			continue
		}
		if !hllCheck(c, o) {
			return
		}
		b := o.strBytes(nil)
		if b[4] == ds.HLLDense {
			useDense = true
		}
		if !ds.HLLMerge(&max, b) {
			c.addReplyError(hllErrInvalid)
			return
		}
	}

	key := c.argv[1]
	o := s.lookupWriteKey(c, key)
	var created Object
	if o == nil {
		created = hllNewObject()
		o = &created
	} else {
		hllUnshare(o)
	}
	if useDense && !hllToDense(o) {
		if o == &created {
			s.dbAdd(c.db, key, created)
		}
		c.addReplyError(hllErrInvalid)
		return
	}
	maxBytes := s.hllSparseMaxBytes()
	for i, v := range max {
		if v != 0 {
			hllSet(o, i, v, maxBytes)
		}
	}
	ds.HLLInvalidate(o.strBytes(nil))
	if o == &created {
		s.dbAdd(c.db, key, created)
	}
	s.dirty++
	c.addReplyOK()
}

// PFDEBUG <GETREG|DECODE|ENCODING|TODENSE> key
func pfdebugCommand(s *Server, c *Client) {
	sub := c.argv[1]
	o := s.lookupWriteKey(c, c.argv[2])
	if o == nil {
		c.addReplyError(hllErrNoKey)
		return
	}
	if !hllCheck(c, o) {
		return
	}
	b := hllUnshare(o)
	switch {
	case strArgIs(sub, "getreg"):
		if b[4] == ds.HLLSparse {
			if !hllToDense(o) {
				c.addReplyError(hllErrInvalid)
				return
			}
			s.dirty++ // force propagation on encoding change
			b = o.strBytes(nil)
		}
		regs := b[ds.HLLHdrSize:]
		c.addReplyArray(ds.HLLRegisters)
		for i := 0; i < ds.HLLRegisters; i++ {
			c.addReplyInt(int64(ds.HLLDenseGet(regs, i)))
		}
	case strArgIs(sub, "decode"):
		if b[4] != ds.HLLSparse {
			c.addReplyError(hllErrNoSparse)
			return
		}
		c.addReplyBulk(ds.HLLDecode(nil, b))
	case strArgIs(sub, "encoding"):
		if b[4] == ds.HLLDense {
			c.addReplySimple("dense")
		} else {
			c.addReplySimple("sparse")
		}
	case strArgIs(sub, "todense"):
		conv := int64(0)
		if b[4] == ds.HLLSparse {
			if !hllToDense(o) {
				c.addReplyError(hllErrInvalid)
				return
			}
			conv = 1
			s.dirty++
		}
		c.addReplyInt(conv)
	default:
		// Redis prints the subcommand as a C string: up to its first NUL.
		name := sub
		for i, ch := range name {
			if ch == 0 {
				name = name[:i]
				break
			}
		}
		c.addReplyError("ERR Unknown PFDEBUG subcommand '" + string(name) + "'")
	}
}

// PFSELFTEST
func pfselftestCommand(s *Server, c *Client) {
	if msg := ds.HLLSelfTest(rand.Uint32, s.hllSparseMaxBytes()); msg != "" {
		c.addReplyError(msg)
		return
	}
	c.addReplyOK()
}
