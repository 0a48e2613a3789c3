package ds

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Listpack layout (Redis's listpack.md, byte for byte):
//
//	+-------------+-------------+---------+---------+-----+---------+------+
//	| total bytes | num entries | entry 0 | entry 1 | ... | entry N | 0xFF |
//	|  uint32 LE  |  uint16 LE  |         |         |     |         | EOF  |
//	+-------------+-------------+---------+---------+-----+---------+------+
//	 0             4             6 (lpHdrSize)
//
// total bytes counts the whole buffer, header and terminator included. num
// entries is 65535 (lpNumUnknown) once the count no longer fits; the count
// is then found by walking. Each entry is
//
//	+----------+------+---------+
//	| encoding | data | backlen |
//	+----------+------+---------+
//	 <- encoded size -> 1..5 bytes
//
// where backlen is the encoded size (encoding+data, not backlen itself) in
// 7-bit groups, written so that it reads backwards from the entry's last
// byte: the last byte holds the low 7 bits, and every byte but the first
// (the most significant group) has its high bit set.
const (
	lpHdrSize    = 6
	lpNumUnknown = 65535
	lpEOF        = 0xFF
)

// Entry encodings (first byte of an entry):
//
//	0xxxxxxx                          7-bit unsigned int, 0..127
//	10xxxxxx <data>                   string, 6-bit length 0..63
//	110xxxxx yyyyyyyy                 13-bit signed int, x = high bits
//	1110xxxx yyyyyyyy <data>          string, 12-bit length (x high bits)
//	11110000 <4-byte LE len> <data>   string, 32-bit length
//	11110001 <2 bytes LE>             16-bit signed int
//	11110010 <3 bytes LE>             24-bit signed int
//	11110011 <4 bytes LE>             32-bit signed int
//	11110100 <8 bytes LE>             64-bit signed int
//	11110101 .. 11111110              unused (invalid)
//	11111111                          end of listpack (lpEOF)
//
// Negative ints of the 13/16/24/32-bit encodings are stored in two's
// complement of their width. A string that parses as a canonical int64
// (ParseInt) is always stored as the smallest int encoding.
const (
	lpEnc7BitUint  = 0x00
	lpEnc6BitStr   = 0x80
	lpEnc13BitInt  = 0xC0
	lpEnc12BitStr  = 0xE0
	lpEnc32BitStr  = 0xF0
	lpEnc16BitInt  = 0xF1
	lpEnc24BitInt  = 0xF2
	lpEnc32BitInt  = 0xF3
	lpEnc64BitInt  = 0xF4
	lpMaxIntStrLen = 20 // longest string ParseInt accepts
)

// Listpack is Redis's listpack: a sequence of strings and integers in one
// contiguous buffer. The buffer b is owned by the Listpack; slices returned
// by Bytes, Get and GetBytes alias it and are valid until the next
// modification. Positions are byte offsets of entries into b (-1 = none) and
// are invalidated by any modification except as returned by it.
// A Listpack is not safe for concurrent use.
type Listpack struct{ b []byte }

// NewListpack returns an empty listpack (7 bytes: header and terminator).
func NewListpack() *Listpack {
	b := make([]byte, lpHdrSize+1, 32)
	binary.LittleEndian.PutUint32(b, lpHdrSize+1)
	b[lpHdrSize] = lpEOF
	return &Listpack{b: b}
}

var (
	errLpHeader  = errors.New("listpack: bad header")
	errLpEntry   = errors.New("listpack: bad entry")
	errLpBacklen = errors.New("listpack: bad backlen")
	errLpCount   = errors.New("listpack: entry count mismatch")
)

// ListpackFromBytes takes ownership of b and validates it fully: the
// header's total bytes, every entry's encoding, length and backlen, the
// terminator, and the header's entry count (unless 65535). It never panics.
func ListpackFromBytes(b []byte) (*Listpack, error) {
	if len(b) < lpHdrSize+1 || len(b) > math.MaxUint32 {
		return nil, errLpHeader
	}
	if int(binary.LittleEndian.Uint32(b)) != len(b) || b[len(b)-1] != lpEOF {
		return nil, errLpHeader
	}
	numele := int(binary.LittleEndian.Uint16(b[4:]))
	end := len(b) - 1 // offset of the terminator
	count := 0
	p := lpHdrSize
	for p < end {
		if b[p] == lpEOF {
			return nil, errLpEntry // terminator before the end
		}
		hl := lpEncodingHeaderLen(b[p])
		if hl == 0 || p+hl > end {
			return nil, errLpEntry
		}
		el := lpEncodedSize(b, p)
		if el <= 0 || el > end-p {
			return nil, errLpEntry
		}
		bl := lpBacklenSize(el)
		if el+bl > end-p {
			return nil, errLpBacklen
		}
		var want [5]byte
		lpPutBacklen(want[:], el)
		for i := 0; i < bl; i++ {
			if b[p+el+i] != want[i] {
				return nil, errLpBacklen
			}
		}
		p += el + bl
		count++
	}
	if p != end {
		return nil, errLpEntry
	}
	if numele != lpNumUnknown && numele != count {
		return nil, fmt.Errorf("%w: header %d, entries %d", errLpCount, numele, count)
	}
	return &Listpack{b: b}, nil
}

// Bytes returns the serialized listpack; it aliases the Listpack's buffer
// and is valid until the next modification.
func (lp *Listpack) Bytes() []byte { return lp.b }

// Size returns the listpack's size in bytes.
func (lp *Listpack) Size() int { return len(lp.b) }

// Len returns the number of entries. When the header says 65535 (unknown)
// it counts by walking; unlike Redis's lpLength it does not write the count
// back into the header (a read never modifies the bytes).
func (lp *Listpack) Len() int {
	n := int(binary.LittleEndian.Uint16(lp.b[4:]))
	if n != lpNumUnknown {
		return n
	}
	n = 0
	for p := lp.First(); p >= 0; p = lp.Next(p) {
		n++
	}
	return n
}

// Clone returns a deep copy.
func (lp *Listpack) Clone() *Listpack {
	b := make([]byte, len(lp.b))
	copy(b, lp.b)
	return &Listpack{b: b}
}

// First returns the position of the first entry, or -1 if empty.
func (lp *Listpack) First() int {
	if lp.b[lpHdrSize] == lpEOF {
		return -1
	}
	return lpHdrSize
}

// Last returns the position of the last entry, or -1 if empty.
func (lp *Listpack) Last() int {
	return lp.Prev(len(lp.b) - 1)
}

// Next returns the position of the entry after p, or -1.
func (lp *Listpack) Next(p int) int {
	el := lpEncodedSize(lp.b, p)
	n := p + el + lpBacklenSize(el)
	if lp.b[n] == lpEOF {
		return -1
	}
	return n
}

// Prev returns the position of the entry before p (p may be the
// terminator's offset), or -1.
func (lp *Listpack) Prev(p int) int {
	if p <= lpHdrSize {
		return -1
	}
	el := lpDecodeBacklen(lp.b, p-1)
	return p - el - lpBacklenSize(el)
}

// Seek returns the position of the entry at index (negative counts from the
// end, -1 = last), or -1 if out of range. Like lpSeek it walks from the
// nearer end when the count is known.
func (lp *Listpack) Seek(index int) int {
	n := int(binary.LittleEndian.Uint16(lp.b[4:]))
	forward := true
	if n != lpNumUnknown {
		if index < 0 {
			index += n
		}
		if index < 0 || index >= n {
			return -1
		}
		if index > n/2 {
			forward = false
			index -= n
		}
	} else if index < 0 {
		forward = false
	}
	if forward {
		p := lp.First()
		for ; p >= 0 && index > 0; index-- {
			p = lp.Next(p)
		}
		return p
	}
	p := lp.Last()
	for ; p >= 0 && index < -1; index++ {
		p = lp.Prev(p)
	}
	return p
}

// Get returns the entry at p: a string s (aliasing the listpack, isInt
// false; s is non-nil, possibly empty) or an integer v (isInt true).
func (lp *Listpack) Get(p int) (s []byte, v int64, isInt bool) {
	b := lp.b
	c := b[p]
	switch {
	case c < 0x80:
		return nil, int64(c), true
	case c&0xC0 == lpEnc6BitStr:
		n := int(c & 0x3F)
		return b[p+1 : p+1+n : p+1+n], 0, false
	case c&0xE0 == lpEnc13BitInt:
		u := uint64(c&0x1F)<<8 | uint64(b[p+1])
		return nil, signExtend(u, 13), true
	case c&0xF0 == lpEnc12BitStr:
		n := int(c&0x0F)<<8 | int(b[p+1])
		return b[p+2 : p+2+n : p+2+n], 0, false
	case c == lpEnc16BitInt:
		return nil, int64(int16(binary.LittleEndian.Uint16(b[p+1:]))), true
	case c == lpEnc24BitInt:
		u := uint64(b[p+1]) | uint64(b[p+2])<<8 | uint64(b[p+3])<<16
		return nil, signExtend(u, 24), true
	case c == lpEnc32BitInt:
		return nil, int64(int32(binary.LittleEndian.Uint32(b[p+1:]))), true
	case c == lpEnc64BitInt:
		return nil, int64(binary.LittleEndian.Uint64(b[p+1:])), true
	case c == lpEnc32BitStr:
		n := int(binary.LittleEndian.Uint32(b[p+1:]))
		return b[p+5 : p+5+n : p+5+n], 0, false
	}
	panic("listpack: invalid entry encoding")
}

// GetBytes returns the entry at p as bytes: a string aliases the listpack,
// an integer is formatted into buf (appended to buf[:0]).
func (lp *Listpack) GetBytes(p int, buf []byte) []byte {
	s, v, isInt := lp.Get(p)
	if isInt {
		return strconv.AppendInt(buf[:0], v, 10)
	}
	return s
}

// EntryEqual reports whether the entry at p equals s (an integer entry
// equals its decimal form).
func (lp *Listpack) EntryEqual(p int, s []byte) bool {
	es, v, isInt := lp.Get(p)
	if !isInt {
		return string(es) == string(s)
	}
	sv, ok := ParseInt(s)
	return ok && sv == v
}

// Find returns the position of the first entry equal to s at or after p,
// comparing only every (skip+1)-th entry starting with p (skip = 1 searches
// the fields of field/value pairs), or -1. Like lpFind, s is parsed as an
// integer at most once.
func (lp *Listpack) Find(p int, s []byte, skip int) int {
	parsed := 0 // 0 not yet, 1 ok, -1 not an int
	var sv int64
	skipcnt := 0
	for ; p >= 0; p = lp.Next(p) {
		if skipcnt > 0 {
			skipcnt--
			continue
		}
		es, v, isInt := lp.Get(p)
		if !isInt {
			if string(es) == string(s) {
				return p
			}
		} else {
			if parsed == 0 {
				parsed = -1
				if x, ok := ParseInt(s); ok {
					sv, parsed = x, 1
				}
			}
			if parsed == 1 && v == sv {
				return p
			}
		}
		skipcnt = skip
	}
	return -1
}

// Append adds s at the end (stored as an integer if it is a canonical one).
func (lp *Listpack) Append(s []byte) {
	lp.insert(len(lp.b)-1, 0, s, 0, false, true)
}

// AppendInt adds the integer v at the end.
func (lp *Listpack) AppendInt(v int64) {
	lp.insert(len(lp.b)-1, 0, nil, v, true, true)
}

// Prepend adds s at the front.
func (lp *Listpack) Prepend(s []byte) {
	lp.insert(lpHdrSize, 0, s, 0, false, true)
}

// Insert adds s before (after = false) or after the entry at p and returns
// the new entry's position.
func (lp *Listpack) Insert(p int, s []byte, after bool) int {
	if after {
		el := lpEncodedSize(lp.b, p)
		p += el + lpBacklenSize(el)
	}
	lp.insert(p, 0, s, 0, false, true)
	return p
}

// Replace replaces the entry at p with s and returns its position (p).
func (lp *Listpack) Replace(p int, s []byte) int {
	lp.insert(p, lpEntrySize(lp.b, p), s, 0, false, true)
	return p
}

// Delete removes the entry at p and returns the position of the entry that
// followed it, or -1 if it was the last.
func (lp *Listpack) Delete(p int) int {
	lp.insert(p, lpEntrySize(lp.b, p), nil, 0, false, false)
	if lp.b[p] == lpEOF {
		return -1
	}
	return p
}

// DeleteRange removes count entries starting at index (negative from the
// end), stopping at the end; out-of-range index or count <= 0 does nothing.
func (lp *Listpack) DeleteRange(index, count int) {
	if count <= 0 {
		return
	}
	p := lp.Seek(index)
	if p < 0 {
		return
	}
	q := p
	deleted := 0
	for ; deleted < count && lp.b[q] != lpEOF; deleted++ {
		q += lpEntrySize(lp.b, q)
	}
	n := copy(lp.b[p:], lp.b[q:])
	lp.b = lp.b[:p+n]
	binary.LittleEndian.PutUint32(lp.b, uint32(len(lp.b)))
	lp.addCount(-deleted)
}

// insert replaces the old bytes at b[p:p+old] (0 = pure insertion) with a
// new entry (if add) holding s, or the integer v if isInt, and updates the
// header. This is lpInsert for LP_BEFORE and LP_REPLACE (LP_AFTER is
// LP_BEFORE on the next entry; delete is replace by nothing).
func (lp *Listpack) insert(p, old int, s []byte, v int64, isInt, add bool) {
	var hdr [9]byte // encoding bytes (and whole int entries)
	hl, dl := 0, 0  // header bytes, string data bytes
	if add {
		hl, dl = lpEncodeHeader(&hdr, s, v, isInt)
	}
	el := hl + dl
	size := 0
	if add {
		size = el + lpBacklenSize(el)
	}
	total := len(lp.b) - old + size
	if total > math.MaxUint32 {
		panic("listpack: exceeds 4 GiB")
	}
	switch delta := size - old; {
	case delta > 0:
		lp.grow(delta)
		lp.b = lp.b[:len(lp.b)+delta]
		copy(lp.b[p+size:], lp.b[p+old:])
	case delta < 0:
		copy(lp.b[p+size:], lp.b[p+old:])
		lp.b = lp.b[:total]
	}
	if add {
		copy(lp.b[p:], hdr[:hl])
		copy(lp.b[p+hl:], s[:dl])
		lpPutBacklen(lp.b[p+el:], el)
	}
	binary.LittleEndian.PutUint32(lp.b, uint32(total))
	if old == 0 {
		lp.addCount(1)
	} else if !add {
		lp.addCount(-1)
	}
}

// grow makes room for n more bytes.
//
// Growth leaves 12.5% headroom rather than doubling: a listpack is memory
// the server keeps for as long as the key lives, and Redis reallocates to
// the next allocator size class, so doubling would cost up to twice the
// bytes Redis uses for the same value.
func (lp *Listpack) grow(n int) {
	if len(lp.b)+n <= cap(lp.b) {
		return
	}
	nb := make([]byte, len(lp.b), growCap(len(lp.b)+n))
	copy(nb, lp.b)
	lp.b = nb
}

// Reserve makes room for at least total bytes in one allocation of exactly
// that size, for owners that know how big the listpack will get (a
// quicklist node's byte limit).
func (lp *Listpack) Reserve(total int) {
	if total <= cap(lp.b) {
		return
	}
	nb := make([]byte, len(lp.b), total)
	copy(nb, lp.b)
	lp.b = nb
}

// ReserveFor makes room for entries (as Append would store them: integers
// in an integer encoding) in one allocation, for a listpack about to be
// filled from a command's arguments.
func (lp *Listpack) ReserveFor(entries [][]byte) {
	total := len(lp.b)
	for _, s := range entries {
		total += lpEntrySizeOf(s)
	}
	lp.Reserve(total)
}

// lpEntrySizeOf returns the bytes s takes as an entry, as Append stores it
// (an integer encoding if s is one), backlen included.
func lpEntrySizeOf(s []byte) int {
	var hdr [9]byte
	hl, dl := lpEncodeHeader(&hdr, s, 0, false)
	return hl + dl + lpBacklenSize(hl+dl)
}

// lpEncodeHeader writes into hdr the encoding of an entry for v (isInt) or
// s (stored as an integer if it is one) and returns the header bytes
// written (a whole entry for integers) and the string data bytes that
// follow them.
func lpEncodeHeader(hdr *[9]byte, s []byte, v int64, isInt bool) (hl, dl int) {
	if !isInt {
		if x, ok := ParseInt(s); ok {
			v, isInt = x, true
		}
	}
	if isInt {
		return lpPutInt(hdr[:], v), 0
	}
	return lpPutStrHeader(hdr[:], len(s)), len(s)
}

// Cap returns the bytes allocated for the listpack.
func (lp *Listpack) Cap() int { return cap(lp.b) }

// growCap returns the capacity to allocate for need bytes: need plus an
// eighth, rounded up to 16 bytes (appends stay amortized O(1)).
func growCap(need int) int {
	c := need + need/8
	return (c + 15) &^ 15
}

// addCount adjusts the header count unless it is unknown (lpSetNumElements
// with the same arithmetic, so a count reaching 65535 becomes unknown).
func (lp *Listpack) addCount(d int) {
	n := int(binary.LittleEndian.Uint16(lp.b[4:]))
	if n == lpNumUnknown {
		return
	}
	n += d
	if n > lpNumUnknown {
		n = lpNumUnknown
	}
	binary.LittleEndian.PutUint16(lp.b[4:], uint16(n))
}

// ParseInt is Redis's string2ll (also listpack.c's copy of it): at most
// 20 bytes, optional '-', no leading zeros (except "0" itself), no '+' or
// spaces, within int64. The server, listpacks and the RDB writer all
// decide "is this an integer" with it.
func ParseInt(s []byte) (int64, bool) {
	n := len(s)
	if n == 0 || n > lpMaxIntStrLen {
		return 0, false
	}
	if n == 1 && s[0] == '0' {
		return 0, true
	}
	i, neg := 0, false
	if s[0] == '-' {
		neg, i = true, 1
		if n == 1 {
			return 0, false
		}
	}
	if s[i] < '1' || s[i] > '9' {
		return 0, false
	}
	var u uint64
	for ; i < n; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if u > math.MaxUint64/10 {
			return 0, false
		}
		u *= 10
		if u > math.MaxUint64-uint64(c-'0') {
			return 0, false
		}
		u += uint64(c - '0')
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return int64(-u), true
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

func signExtend(u uint64, bits uint) int64 {
	shift := 64 - bits
	return int64(u<<shift) >> shift
}

// lpPutInt writes the smallest integer encoding of v into dst (>= 9 bytes)
// and returns its length (lpEncodeIntegerGetType + lpEncodeInteger).
func lpPutInt(dst []byte, v int64) int {
	switch {
	case v >= 0 && v <= 127:
		dst[0] = byte(v)
		return 1
	case v >= -4096 && v <= 4095:
		u := uint64(v) & 0x1FFF
		dst[0] = byte(u>>8) | lpEnc13BitInt
		dst[1] = byte(u)
		return 2
	case v >= -32768 && v <= 32767:
		dst[0] = lpEnc16BitInt
		binary.LittleEndian.PutUint16(dst[1:], uint16(v))
		return 3
	case v >= -8388608 && v <= 8388607:
		dst[0] = lpEnc24BitInt
		dst[1], dst[2], dst[3] = byte(v), byte(v>>8), byte(v>>16)
		return 4
	case v >= math.MinInt32 && v <= math.MaxInt32:
		dst[0] = lpEnc32BitInt
		binary.LittleEndian.PutUint32(dst[1:], uint32(v))
		return 5
	}
	dst[0] = lpEnc64BitInt
	binary.LittleEndian.PutUint64(dst[1:], uint64(v))
	return 9
}

// lpPutStrHeader writes the string encoding header for length n and
// returns its length (1, 2 or 5).
func lpPutStrHeader(dst []byte, n int) int {
	switch {
	case n < 64:
		dst[0] = lpEnc6BitStr | byte(n)
		return 1
	case n < 4096:
		dst[0] = lpEnc12BitStr | byte(n>>8)
		dst[1] = byte(n)
		return 2
	}
	dst[0] = lpEnc32BitStr
	binary.LittleEndian.PutUint32(dst[1:], uint32(n))
	return 5
}

// lpEncodingHeaderLen returns how many bytes of the entry must be read to
// know its encoded size (lpCurrentEncodedSizeBytes), 0 if c is invalid or
// the terminator.
func lpEncodingHeaderLen(c byte) int {
	switch {
	case c < 0x80, c&0xC0 == lpEnc6BitStr:
		return 1
	case c&0xE0 == lpEnc13BitInt, c&0xF0 == lpEnc12BitStr:
		return 2
	case c == lpEnc16BitInt, c == lpEnc24BitInt, c == lpEnc32BitInt, c == lpEnc64BitInt:
		return 1
	case c == lpEnc32BitStr:
		return 5
	}
	return 0
}

// lpEncodedSize returns the encoding+data size of the entry at p
// (lpCurrentEncodedSizeUnsafe); the first lpEncodingHeaderLen bytes must be
// readable. It returns 0 for an invalid encoding or the terminator.
func lpEncodedSize(b []byte, p int) int {
	c := b[p]
	switch {
	case c < 0x80:
		return 1
	case c&0xC0 == lpEnc6BitStr:
		return 1 + int(c&0x3F)
	case c&0xE0 == lpEnc13BitInt:
		return 2
	case c&0xF0 == lpEnc12BitStr:
		return 2 + (int(c&0x0F)<<8 | int(b[p+1]))
	case c == lpEnc16BitInt:
		return 3
	case c == lpEnc24BitInt:
		return 4
	case c == lpEnc32BitInt:
		return 5
	case c == lpEnc64BitInt:
		return 9
	case c == lpEnc32BitStr:
		return 5 + int(binary.LittleEndian.Uint32(b[p+1:]))
	}
	return 0
}

// lpEntrySize returns the whole size (with backlen) of the entry at p.
func lpEntrySize(b []byte, p int) int {
	el := lpEncodedSize(b, p)
	return el + lpBacklenSize(el)
}

// Backlen encoding (lpEncodeBacklen), l = encoded size of the entry; the
// bytes are in buffer order, the last one is read first when walking back:
//
//	l <= 127          [l]
//	l < 16383         [l>>7] [l&127|128]
//	l < 2097151       [l>>14] [(l>>7)&127|128] [l&127|128]
//	l < 268435455     [l>>21] [..|128] [..|128] [l&127|128]
//	otherwise         [l>>28] [..|128] [..|128] [..|128] [l&127|128]
//
// (The bounds are Redis's, including the strict "<": 16383 takes 3 bytes.)
func lpBacklenSize(l int) int {
	switch {
	case l <= 127:
		return 1
	case l < 16383:
		return 2
	case l < 2097151:
		return 3
	case l < 268435455:
		return 4
	}
	return 5
}

// lpPutBacklen writes the backlen of l into dst and returns its length.
func lpPutBacklen(dst []byte, l int) int {
	n := lpBacklenSize(l)
	for i := n - 1; i >= 0; i-- {
		dst[i] = byte(l&127) | 128
		l >>= 7
	}
	dst[0] &= 127
	return n
}

// lpDecodeBacklen reads the backlen whose last byte is b[p], walking back
// (lpDecodeBacklen).
func lpDecodeBacklen(b []byte, p int) int {
	v, shift := 0, 0
	for i := 0; i < 5; i++ {
		c := b[p-i]
		v |= int(c&127) << shift
		if c&128 == 0 {
			break
		}
		shift += 7
	}
	return v
}

// appendListpack appends o's entries to lp (Redis's lpMerge keeping the
// first listpack): entries are copied as they are and the count saturates
// at 65535 (unknown) as lpMerge does.
func (lp *Listpack) appendListpack(o *Listpack) {
	ents := o.b[lpHdrSize : len(o.b)-1]
	n1 := int(binary.LittleEndian.Uint16(lp.b[4:]))
	n2 := int(binary.LittleEndian.Uint16(o.b[4:]))
	if n1 == lpNumUnknown {
		n1 = lp.Len()
	}
	if n2 == lpNumUnknown {
		n2 = o.Len()
	}
	lp.grow(len(ents))
	lp.b = append(lp.b[:len(lp.b)-1], ents...)
	lp.b = append(lp.b, lpEOF)
	binary.LittleEndian.PutUint32(lp.b, uint32(len(lp.b)))
	binary.LittleEndian.PutUint16(lp.b[4:], uint16(min(n1+n2, lpNumUnknown)))
}
