package server

import (
	"encoding/binary"
	"math/bits"
)

// bitmapCommands is the bitmap group.
func bitmapCommands() []*Command {
	const g = "bitmap"
	return []*Command{
		{Name: "setbit", Proc: setbitCommand, Arity: 4, Flags: FlagWrite | FlagDenyOOM, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatBitmap,
			Group: g, Since: "2.2.0", Summary: "Sets or clears the bit at offset in the string value stored at key", Complex: "O(1)"},
		{Name: "getbit", Proc: getbitCommand, Arity: 3, Flags: FlagReadonly | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatBitmap,
			Group: g, Since: "2.2.0", Summary: "Returns the bit value at offset in the string value stored at key", Complex: "O(1)"},
		{Name: "bitcount", Proc: bitcountCommand, Arity: -2, Flags: FlagReadonly, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatBitmap,
			Group: g, Since: "2.6.0", Summary: "Count set bits in a string", Complex: "O(N)"},
		{Name: "bitpos", Proc: bitposCommand, Arity: -3, Flags: FlagReadonly, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatBitmap,
			Group: g, Since: "2.8.7", Summary: "Find first bit set or clear in a string", Complex: "O(N)"},
		{Name: "bitop", Proc: bitopCommand, Arity: -4, Flags: FlagWrite | FlagDenyOOM, FirstKey: 2, LastKey: -1, Step: 1, Cats: CatBitmap,
			Group: g, Since: "2.6.0", Summary: "Perform bitwise operations between strings", Complex: "O(N)"},
		{Name: "bitfield", Proc: bitfieldCommand, Arity: -2, Flags: FlagWrite | FlagDenyOOM, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatBitmap,
			Group: g, Since: "3.2.0", Summary: "Perform arbitrary bitfield integer operations on strings", Complex: "O(1) for each subcommand specified"},
		{Name: "bitfield_ro", Proc: bitfieldROCommand, Arity: -2, Flags: FlagReadonly | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatBitmap,
			Group: g, Since: "6.0.0", Summary: "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD", Complex: "O(1) for each subcommand specified"},
	}
}

const (
	bitErrOffset = "ERR bit offset is not an integer or out of range"
	bitErrBit    = "ERR bit is not an integer or out of range"
	bitErrType   = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."
)

// bitOffsetArg is Redis's getBitOffsetFromArgument: a bit offset, or with
// hash a "#N" offset in units of width bits.
func (s *Server) bitOffsetArg(c *Client, arg []byte, hash bool, width int) (uint64, bool) {
	usehash := len(arg) > 1 && arg[0] == '#' && hash
	p := arg
	if usehash {
		p = arg[1:]
	}
	v, ok := parseInt(p)
	if !ok {
		c.addReplyError(bitErrOffset)
		return 0, false
	}
	if usehash {
		v *= int64(width)
	}
	if v < 0 || v>>3 >= s.cfg.ProtoMaxBulkLen {
		c.addReplyError(bitErrOffset)
		return 0, false
	}
	return uint64(v), true
}

// bitTypeArg is Redis's getBitfieldTypeFromArgument: i1..i64, u1..u63.
func bitTypeArg(c *Client, arg []byte) (signed bool, width int, ok bool) {
	if i := indexZero(arg); i >= 0 {
		arg = arg[:i] // C string semantics
	}
	if len(arg) == 0 || (arg[0] != 'i' && arg[0] != 'u') {
		c.addReplyError(bitErrType)
		return false, 0, false
	}
	signed = arg[0] == 'i'
	n, ok := parseInt(arg[1:])
	if !ok || n < 1 || (signed && n > 64) || (!signed && n > 63) {
		c.addReplyError(bitErrType)
		return false, 0, false
	}
	return signed, int(n), true
}

func indexZero(b []byte) int {
	for i, ch := range b {
		if ch == 0 {
			return i
		}
	}
	return -1
}

// bitLookupForWrite is Redis's lookupStringForBitCommand: the key's value as
// a private raw buffer holding at least bit maxbit, created if missing. grew
// reports a new key or a longer string.
func (s *Server) bitLookupForWrite(c *Client, maxbit uint64) (buf []byte, grew, ok bool) {
	need := int(maxbit>>3) + 1
	key := c.argv[1]
	o := s.lookupWriteKey(c, key)
	if !checkType(c, o, TypeString) {
		return nil, false, false
	}
	if o == nil {
		nv, b := newRawString(need)
		s.dbAdd(c.db, key, nv)
		return b, true, true
	}
	oldlen := o.strLen()
	buf = rawBuf(o, need)
	return buf, int64(len(buf)) != oldlen, true
}

func setbitCommand(s *Server, c *Client) {
	off, ok := s.bitOffsetArg(c, c.argv[2], false, 0)
	if !ok {
		return
	}
	on, ok := strArgInt(c, c.argv[3], bitErrBit)
	if !ok {
		return
	}
	if on&^1 != 0 {
		c.addReplyError(bitErrBit)
		return
	}
	buf, grew, ok := s.bitLookupForWrite(c, off)
	if !ok {
		return
	}
	byteIdx := off >> 3
	bit := 7 - (off & 7)
	bitval := int64(buf[byteIdx]>>bit) & 1
	if grew || bitval != on {
		buf[byteIdx] = buf[byteIdx]&^(1<<bit) | byte(on)<<bit
		s.dirty++
	}
	c.addReplyInt(bitval)
}

func getbitCommand(s *Server, c *Client) {
	off, ok := s.bitOffsetArg(c, c.argv[2], false, 0)
	if !ok {
		return
	}
	o := s.lookupRead(c, c.argv[1])
	if o == nil {
		c.addReplyInt(0)
		return
	}
	if !checkType(c, o, TypeString) {
		return
	}
	var scratch [24]byte
	str := o.strBytes(scratch[:0])
	var bitval int64
	if byteIdx := off >> 3; byteIdx < uint64(len(str)) {
		bitval = int64(str[byteIdx]>>(7-(off&7))) & 1
	}
	c.addReplyInt(bitval)
}

// bitPopcount counts the set bits of p.
func bitPopcount(p []byte) int64 {
	var n int
	for len(p) >= 8 {
		n += bits.OnesCount64(binary.LittleEndian.Uint64(p))
		p = p[8:]
	}
	for _, b := range p {
		n += bits.OnesCount8(b)
	}
	return int64(n)
}

// bitNormalizeRange is the range arithmetic BITCOUNT and BITPOS share:
// negative indexes count from the end of the string (totlen bytes, or bits
// with isbit), the range is clamped to the string, and a bit range becomes
// a byte range plus masks for the bits of its first and last bytes that lie
// outside it.
func bitNormalizeRange(start, end, totlen int64, isbit bool) (int64, int64, byte, byte) {
	var firstNeg, lastNeg byte
	if isbit {
		totlen <<= 3
	}
	if start < 0 {
		start += totlen
	}
	if end < 0 {
		end += totlen
	}
	start, end = max(start, 0), max(end, 0)
	if end >= totlen {
		end = totlen - 1
	}
	if isbit && start <= end {
		firstNeg = ^byte((1 << (8 - (start & 7))) - 1)
		lastNeg = byte((1 << (7 - (end & 7))) - 1)
		start >>= 3
		end >>= 3
	}
	return start, end, firstNeg, lastNeg
}

func bitcountCommand(s *Server, c *Client) {
	o := s.lookupRead(c, c.argv[1])
	if o == nil {
		c.addReplyInt(0)
		return
	}
	if !checkType(c, o, TypeString) {
		return
	}
	var scratch [24]byte
	p := o.strBytes(scratch[:0])
	strlen := int64(len(p))
	var start, end int64
	var firstNeg, lastNeg byte
	argc := len(c.argv)
	switch argc {
	case 4, 5:
		totlen := strlen
		var ok bool
		if start, ok = strArgInt(c, c.argv[2], ""); !ok {
			return
		}
		if end, ok = strArgInt(c, c.argv[3], ""); !ok {
			return
		}
		// As Redis 7.0: an empty negative range answers 0 before the unit
		// is even looked at.
		if start < 0 && end < 0 && start > end {
			c.addReplyInt(0)
			return
		}
		isbit := false
		if argc == 5 {
			switch {
			case strArgIs(c.argv[4], "bit"):
				isbit = true
			case strArgIs(c.argv[4], "byte"):
			default:
				c.addReplyError(errSyntax)
				return
			}
		}
		start, end, firstNeg, lastNeg = bitNormalizeRange(start, end, totlen, isbit)
	case 2:
		start, end = 0, strlen-1
	default:
		c.addReplyError(errSyntax)
		return
	}
	if start > end {
		c.addReplyInt(0)
		return
	}
	count := bitPopcount(p[start : end+1])
	if firstNeg != 0 || lastNeg != 0 {
		var fl [2]byte
		if firstNeg != 0 {
			fl[0] = p[start] & firstNeg
		}
		if lastNeg != 0 {
			fl[1] = p[end] & lastNeg
		}
		count -= bitPopcount(fl[:])
	}
	c.addReplyInt(count)
}

// bitFirst is Redis's redisBitpos: the position of the first bit equal to
// bit in p; for 0 and none found, len(p)*8 (the string is zero padded); for
// 1 and none found, -1.
func bitFirst(p []byte, bit int64) int64 {
	var skip byte
	if bit == 0 {
		skip = 0xff
	}
	i := 0
	if bit == 1 {
		for i+8 <= len(p) && binary.LittleEndian.Uint64(p[i:]) == 0 {
			i += 8
		}
	} else {
		for i+8 <= len(p) && binary.LittleEndian.Uint64(p[i:]) == ^uint64(0) {
			i += 8
		}
	}
	for ; i < len(p); i++ {
		if p[i] != skip {
			b := p[i]
			if bit == 0 {
				b = ^b
			}
			return int64(i)*8 + int64(bits.LeadingZeros8(b))
		}
	}
	if bit == 1 {
		return -1
	}
	return int64(len(p)) * 8
}

func bitposCommand(s *Server, c *Client) {
	bit, ok := strArgInt(c, c.argv[2], "")
	if !ok {
		return
	}
	if bit != 0 && bit != 1 {
		c.addReplyError("ERR The bit argument must be 1 or 0.")
		return
	}
	o := s.lookupRead(c, c.argv[1])
	if o == nil {
		if bit == 1 {
			c.addReplyInt(-1)
		} else {
			c.addReplyInt(0)
		}
		return
	}
	if !checkType(c, o, TypeString) {
		return
	}
	var scratch [24]byte
	p := o.strBytes(scratch[:0])
	strlen := int64(len(p))
	var start, end int64
	var firstNeg, lastNeg byte
	endGiven := false
	argc := len(c.argv)
	switch argc {
	case 4, 5, 6:
		totlen := strlen
		if start, ok = strArgInt(c, c.argv[3], ""); !ok {
			return
		}
		isbit := false
		if argc == 6 {
			switch {
			case strArgIs(c.argv[5], "bit"):
				isbit = true
			case strArgIs(c.argv[5], "byte"):
			default:
				c.addReplyError(errSyntax)
				return
			}
		}
		if argc >= 5 {
			if end, ok = strArgInt(c, c.argv[4], ""); !ok {
				return
			}
			endGiven = true
		} else if isbit {
			end = totlen<<3 + 7
		} else {
			end = totlen - 1
		}
		start, end, firstNeg, lastNeg = bitNormalizeRange(start, end, totlen, isbit)
	case 3:
		start, end = 0, strlen-1
	default:
		c.addReplyError(errSyntax)
		return
	}
	if start > end {
		c.addReplyInt(-1)
		return
	}
	nbytes := end - start + 1
	var pos int64
	func() {
		if firstNeg != 0 {
			var tmp byte
			if bit == 1 {
				tmp = p[start] &^ firstNeg
			} else {
				tmp = p[start] | firstNeg
			}
			if lastNeg != 0 && nbytes == 1 {
				if bit == 1 {
					tmp &^= lastNeg
				} else {
					tmp |= lastNeg
				}
			}
			pos = bitFirst([]byte{tmp}, bit)
			if nbytes == 1 || (pos != -1 && pos != 8) {
				return
			}
			start++
			nbytes--
		}
		cur := nbytes
		if lastNeg != 0 {
			cur--
		}
		if cur > 0 {
			pos = bitFirst(p[start:start+cur], bit)
			if nbytes == cur || (pos != -1 && pos != cur<<3) {
				return
			}
			start += cur
			nbytes -= cur
		}
		var tmp byte
		if bit == 1 {
			tmp = p[end] &^ lastNeg
		} else {
			tmp = p[end] | lastNeg
		}
		pos = bitFirst([]byte{tmp}, bit)
	}()
	if endGiven && bit == 0 && pos == nbytes<<3 {
		c.addReplyInt(-1)
		return
	}
	if pos != -1 {
		pos += start << 3
	}
	c.addReplyInt(pos)
}

func bitopCommand(s *Server, c *Client) {
	const (
		opAnd = iota
		opOr
		opXor
		opNot
	)
	var op int
	switch name := c.argv[1]; {
	case strArgIs(name, "and"):
		op = opAnd
	case strArgIs(name, "or"):
		op = opOr
	case strArgIs(name, "xor"):
		op = opXor
	case strArgIs(name, "not"):
		op = opNot
	default:
		c.addReplyError(errSyntax)
		return
	}
	if op == opNot && len(c.argv) != 4 {
		c.addReplyError("ERR BITOP NOT must be called with a single source key.")
		return
	}
	keys := c.argv[3:]
	srcs := make([][]byte, len(keys))
	maxlen := 0
	for j, k := range keys {
		o := s.lookupRead(c, k)
		if o == nil {
			continue
		}
		if !checkType(c, o, TypeString) {
			return
		}
		srcs[j] = o.strBytes(nil)
		if len(srcs[j]) > maxlen {
			maxlen = len(srcs[j])
		}
	}
	target := c.argv[2]
	if maxlen == 0 {
		if s.dbDelete(c.db, target) {
			s.dirty++
		}
		c.addReplyInt(0)
		return
	}
	// Computed into a fresh buffer: a source may be the target itself.
	nv, res := newRawString(maxlen)
	copy(res, srcs[0])
	switch op {
	case opNot:
		for i := range res {
			res[i] = ^res[i]
		}
	case opAnd:
		for _, src := range srcs[1:] {
			n := min(len(src), len(res))
			for i := 0; i < n; i++ {
				res[i] &= src[i]
			}
			clear(res[n:])
		}
	case opOr, opXor:
		for _, src := range srcs[1:] {
			if op == opOr {
				for i, b := range src {
					res[i] |= b
				}
			} else {
				for i, b := range src {
					res[i] ^= b
				}
			}
		}
	}
	s.setKey(c, c.db, target, nv, false)
	s.dirty++
	c.addReplyInt(int64(maxlen))
}

// --- BITFIELD ------------------------------------------------------------

const (
	bfGet = iota
	bfSet
	bfIncrby
)

const (
	bfWrap = iota
	bfSat
	bfFail
)

type bitfieldOp struct {
	offset uint64
	i64    int64
	opcode int
	owtype int
	bits   int
	signed bool
}

func bitGetUnsigned(p []byte, offset uint64, width int) uint64 {
	var v uint64
	for j := 0; j < width; j++ {
		bitval := uint64(p[offset>>3]>>(7-(offset&7))) & 1
		v = v<<1 | bitval
		offset++
	}
	return v
}

func bitGetSigned(p []byte, offset uint64, width int) int64 {
	v := int64(bitGetUnsigned(p, offset, width))
	if width < 64 && v&(1<<(width-1)) != 0 {
		v |= -1 << width
	}
	return v
}

func bitSetUnsigned(p []byte, offset uint64, width int, value uint64) {
	for j := 0; j < width; j++ {
		bitval := byte(value>>(width-1-j)) & 1
		b := offset >> 3
		bit := 7 - (offset & 7)
		p[b] = p[b]&^(1<<bit) | bitval<<bit
		offset++
	}
}

// bitCheckUnsignedOverflow is Redis's checkUnsignedBitfieldOverflow.
func bitCheckUnsignedOverflow(value uint64, incr int64, width int, owtype int) (overflow bool, limit uint64) {
	var max uint64
	if width == 64 {
		max = ^uint64(0)
	} else {
		max = 1<<width - 1
	}
	maxincr := int64(max - value)
	minincr := -int64(value)
	wrap := func() uint64 {
		return (value + uint64(incr)) &^ (^uint64(0) << width)
	}
	if value > max || (incr > 0 && incr > maxincr) {
		switch owtype {
		case bfWrap:
			limit = wrap()
		case bfSat:
			limit = max
		}
		return true, limit
	} else if incr < 0 && incr < minincr {
		switch owtype {
		case bfWrap:
			limit = wrap()
		case bfSat:
			limit = 0
		}
		return true, limit
	}
	return false, 0
}

// bitCheckSignedOverflow is Redis's checkSignedBitfieldOverflow.
func bitCheckSignedOverflow(value, incr int64, width int, owtype int) (overflow bool, limit int64) {
	var max int64
	if width == 64 {
		max = 1<<63 - 1
	} else {
		max = 1<<(width-1) - 1
	}
	min := -max - 1
	maxincr := int64(uint64(max) - uint64(value))
	minincr := min - value
	wrap := func() int64 {
		msb := uint64(1) << (width - 1)
		r := uint64(value) + uint64(incr)
		if width < 64 {
			mask := ^uint64(0) << width
			if r&msb != 0 {
				r |= mask
			} else {
				r &^= mask
			}
		}
		return int64(r)
	}
	if value > max || (width != 64 && incr > maxincr) || (value >= 0 && incr > 0 && incr > maxincr) {
		switch owtype {
		case bfWrap:
			limit = wrap()
		case bfSat:
			limit = max
		}
		return true, limit
	} else if value < min || (width != 64 && incr < minincr) || (value < 0 && incr < 0 && incr < minincr) {
		switch owtype {
		case bfWrap:
			limit = wrap()
		case bfSat:
			limit = min
		}
		return true, limit
	}
	return false, 0
}

func bitfieldCommand(s *Server, c *Client)   { s.bitfieldGeneric(c, false) }
func bitfieldROCommand(s *Server, c *Client) { s.bitfieldGeneric(c, true) }

func (s *Server) bitfieldGeneric(c *Client, ro bool) {
	var ops []bitfieldOp
	owtype := bfWrap
	readonly := true
	var highest uint64
	argv := c.argv
	for j := 2; j < len(argv); j++ {
		remargs := len(argv) - j - 1
		sub := argv[j]
		var opcode int
		switch {
		case strArgIs(sub, "get") && remargs >= 2:
			opcode = bfGet
		case strArgIs(sub, "set") && remargs >= 3:
			opcode = bfSet
		case strArgIs(sub, "incrby") && remargs >= 3:
			opcode = bfIncrby
		case strArgIs(sub, "overflow") && remargs >= 1:
			t := argv[j+1]
			j++
			switch {
			case strArgIs(t, "wrap"):
				owtype = bfWrap
			case strArgIs(t, "sat"):
				owtype = bfSat
			case strArgIs(t, "fail"):
				owtype = bfFail
			default:
				c.addReplyError("ERR Invalid OVERFLOW type specified")
				return
			}
			continue
		default:
			c.addReplyError(errSyntax)
			return
		}
		signed, width, ok := bitTypeArg(c, argv[j+1])
		if !ok {
			return
		}
		off, ok := s.bitOffsetArg(c, argv[j+2], true, width)
		if !ok {
			return
		}
		var i64 int64
		if opcode != bfGet {
			readonly = false
			if highest < off+uint64(width)-1 {
				highest = off + uint64(width) - 1
			}
			if i64, ok = strArgInt(c, argv[j+3], ""); !ok {
				return
			}
		}
		ops = append(ops, bitfieldOp{offset: off, i64: i64, opcode: opcode, owtype: owtype, bits: width, signed: signed})
		if opcode == bfGet {
			j += 2
		} else {
			j += 3
		}
	}

	var o *Object
	var buf []byte
	if readonly {
		o = s.lookupRead(c, argv[1])
		if !checkType(c, o, TypeString) {
			return
		}
	} else {
		if ro {
			c.addReplyError("ERR BITFIELD_RO only supports the GET subcommand")
			return
		}
		var ok bool
		if buf, _, ok = s.bitLookupForWrite(c, highest); !ok {
			return
		}
	}

	c.addReplyArray(len(ops))
	changes := 0
	for i := range ops {
		op := &ops[i]
		if op.opcode == bfGet {
			var src []byte
			var scratch [24]byte
			if buf != nil {
				src = buf
			} else if o != nil {
				src = o.strBytes(scratch[:0])
			}
			var tmp [9]byte
			byteIdx := op.offset >> 3
			for k := uint64(0); k < 9 && byteIdx+k < uint64(len(src)); k++ {
				tmp[k] = src[byteIdx+k]
			}
			rel := op.offset - byteIdx*8
			if op.signed {
				c.addReplyInt(bitGetSigned(tmp[:], rel, op.bits))
			} else {
				c.addReplyInt(int64(bitGetUnsigned(tmp[:], rel, op.bits)))
			}
			continue
		}
		if op.signed {
			oldval := bitGetSigned(buf, op.offset, op.bits)
			var newval, retval int64
			var overflow bool
			var wrapped int64
			if op.opcode == bfIncrby {
				overflow, wrapped = bitCheckSignedOverflow(oldval, op.i64, op.bits, op.owtype)
				if overflow {
					newval = wrapped
				} else {
					newval = oldval + op.i64
				}
				retval = newval
			} else {
				newval = op.i64
				overflow, wrapped = bitCheckSignedOverflow(newval, 0, op.bits, op.owtype)
				if overflow {
					newval = wrapped
				}
				retval = oldval
			}
			if !(overflow && op.owtype == bfFail) {
				c.addReplyInt(retval)
				bitSetUnsigned(buf, op.offset, op.bits, uint64(newval))
			} else {
				c.addReplyNull()
			}
		} else {
			oldval := bitGetUnsigned(buf, op.offset, op.bits)
			var newval, retval, wrapped uint64
			var overflow bool
			if op.opcode == bfIncrby {
				newval = oldval + uint64(op.i64)
				overflow, wrapped = bitCheckUnsignedOverflow(oldval, op.i64, op.bits, op.owtype)
				if overflow {
					newval = wrapped
				}
				retval = newval
			} else {
				newval = uint64(op.i64)
				overflow, wrapped = bitCheckUnsignedOverflow(newval, 0, op.bits, op.owtype)
				if overflow {
					newval = wrapped
				}
				retval = oldval
			}
			if !(overflow && op.owtype == bfFail) {
				c.addReplyInt(int64(retval))
				bitSetUnsigned(buf, op.offset, op.bits, newval)
			} else {
				c.addReplyNull()
			}
		}
		changes++
	}
	s.dirty += int64(changes)
}
