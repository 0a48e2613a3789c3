package ds

import (
	"encoding/binary"
	"errors"
	"math"
)

// Intset layout (Redis's intset.c, byte for byte; all fields little-endian):
//
//	+----------+----------+------------------------------------------+
//	| encoding |  length  | contents                                 |
//	| uint32   |  uint32  | length × encoding bytes, signed LE ints, |
//	|          |          | strictly ascending (sorted, unique)      |
//	+----------+----------+------------------------------------------+
//	 0          4          8
//
// encoding is the width of every element: 2 (int16), 4 (int32) or 8 (int64).
// Adding a value that needs a wider encoding upgrades every element; the
// encoding never narrows again (Redis doesn't downgrade either). Example,
// SADD s 1 2 3:
//
//	02 00 00 00 | 03 00 00 00 | 01 00 02 00 03 00
const (
	intsetHeader = 8
	intsetEnc16  = 2
	intsetEnc32  = 4
	intsetEnc64  = 8
)

// Intset is a sorted set of distinct int64 values stored in Redis's intset
// byte layout (see above). It owns its serialized bytes: IntsetFromBytes
// copies its input, and the slice returned by Bytes stays owned by the Intset.
//
// An Intset is not safe for concurrent use.
type Intset struct {
	b []byte // always a valid intset, at least intsetHeader bytes
}

// NewIntset returns an empty intset with encoding 2 (int16), as intsetNew.
func NewIntset() *Intset { return NewIntsetCap(0) }

// NewIntsetCap returns an empty intset (16-bit encoding) with room for n
// 16-bit values, so a set built from n small integers is allocated once.
func NewIntsetCap(n int) *Intset {
	b := make([]byte, intsetHeader, intsetHeader+2*n)
	binary.LittleEndian.PutUint32(b, intsetEnc16)
	return &Intset{b: b}
}

// Errors returned by IntsetFromBytes.
var (
	errIntsetShort    = errors.New("intset: shorter than header")
	errIntsetEncoding = errors.New("intset: invalid encoding")
	errIntsetLength   = errors.New("intset: length does not match size")
	errIntsetOrder    = errors.New("intset: contents not strictly ascending")
)

// IntsetFromBytes validates b as a serialized intset and returns an Intset
// holding a copy of it. The checks are intsetValidateIntegrity's deep ones:
// encoding is 2, 4 or 8, 8+length*encoding equals len(b), and the contents
// are strictly ascending. One deviation: an empty intset (length 0) is
// accepted, since NewIntset produces it; Redis's RDB loader rejects empty
// sets, and callers loading RDB must do the same. A wider encoding than the
// values need is valid (it is what remains after removals). Never panics.
func IntsetFromBytes(b []byte) (*Intset, error) {
	if len(b) < intsetHeader {
		return nil, errIntsetShort
	}
	enc := binary.LittleEndian.Uint32(b)
	if enc != intsetEnc16 && enc != intsetEnc32 && enc != intsetEnc64 {
		return nil, errIntsetEncoding
	}
	n := uint64(binary.LittleEndian.Uint32(b[4:]))
	if uint64(len(b)-intsetHeader) != n*uint64(enc) {
		return nil, errIntsetLength
	}
	is := &Intset{b: b}
	for i := 1; i < int(n); i++ {
		if is.get(i-1, int(enc)) >= is.get(i, int(enc)) {
			return nil, errIntsetOrder
		}
	}
	return &Intset{b: append([]byte(nil), b...)}, nil
}

// Bytes returns the serialized intset. The slice is owned by the Intset: the
// caller must not modify it, and it is valid only until the next Add or
// Remove. Copy it to keep it.
func (is *Intset) Bytes() []byte { return is.b }

// Len returns the number of elements.
func (is *Intset) Len() int { return int(binary.LittleEndian.Uint32(is.b[4:])) }

// Encoding returns the element width in bytes: 2, 4 or 8.
func (is *Intset) Encoding() int { return int(binary.LittleEndian.Uint32(is.b)) }

// Size returns the serialized size in bytes (intsetBlobLen).
func (is *Intset) Size() int { return len(is.b) }

// Clone returns an independent copy.
func (is *Intset) Clone() *Intset { return &Intset{b: append([]byte(nil), is.b...)} }

// Get returns the element at index i (0-based, ascending order). It panics
// if i is out of range.
func (is *Intset) Get(i int) int64 {
	if uint(i) >= uint(is.Len()) {
		panic("ds: Intset.Get index out of range")
	}
	return is.get(i, is.Encoding())
}

// Random returns a random element, chosen as the element at index r(Len()).
// r must return a value in [0, n). It panics if the intset is empty.
func (is *Intset) Random(r func(n int) int) int64 {
	n := is.Len()
	if n == 0 {
		panic("ds: Intset.Random on empty intset")
	}
	return is.Get(r(n))
}

// Contains reports whether v is in the set (binary search, no allocation).
func (is *Intset) Contains(v int64) bool {
	enc := is.Encoding()
	if valueEncoding(v) > enc {
		return false
	}
	_, found := is.search(v, enc)
	return found
}

// Add inserts v and reports whether it was added (false if already present).
// A value that needs a wider encoding upgrades the whole set first.
func (is *Intset) Add(v int64) bool {
	enc := is.Encoding()
	if venc := valueEncoding(v); venc > enc {
		is.upgradeAndAdd(v, enc, venc)
		return true
	}
	pos, found := is.search(v, enc)
	if found {
		return false
	}
	n := is.Len()
	if len(is.b)+enc > cap(is.b) {
		nb := make([]byte, len(is.b), growCap(len(is.b)+enc)) // see Listpack.grow
		copy(nb, is.b)
		is.b = nb
	}
	is.b = is.b[:len(is.b)+enc]
	off := intsetHeader + pos*enc
	copy(is.b[off+enc:], is.b[off:intsetHeader+n*enc])
	is.set(pos, enc, v)
	binary.LittleEndian.PutUint32(is.b[4:], uint32(n+1))
	return true
}

// Remove deletes v and reports whether it was present. The encoding is kept.
func (is *Intset) Remove(v int64) bool {
	enc := is.Encoding()
	if valueEncoding(v) > enc {
		return false
	}
	pos, found := is.search(v, enc)
	if !found {
		return false
	}
	n := is.Len()
	off := intsetHeader + pos*enc
	copy(is.b[off:], is.b[off+enc:])
	is.b = is.b[:len(is.b)-enc]
	binary.LittleEndian.PutUint32(is.b[4:], uint32(n-1))
	return true
}

// upgradeAndAdd rewrites the set with encoding venc and adds v, which is
// either smaller or larger than every element (it didn't fit the old
// encoding), so it goes first or last, as intsetUpgradeAndAdd.
func (is *Intset) upgradeAndAdd(v int64, enc, venc int) {
	n := is.Len()
	nb := make([]byte, intsetHeader+(n+1)*venc)
	binary.LittleEndian.PutUint32(nb, uint32(venc))
	binary.LittleEndian.PutUint32(nb[4:], uint32(n+1))
	prepend := 0
	if v < 0 {
		prepend = 1
	}
	up := &Intset{b: nb}
	for i := range n {
		up.set(i+prepend, venc, is.get(i, enc))
	}
	if prepend == 1 {
		up.set(0, venc, v)
	} else {
		up.set(n, venc, v)
	}
	is.b = nb
}

// search returns the position of v, or where it would be inserted, as
// intsetSearch (including its fast paths for values beyond either end).
func (is *Intset) search(v int64, enc int) (int, bool) {
	n := is.Len()
	if n == 0 {
		return 0, false
	}
	if v > is.get(n-1, enc) {
		return n, false
	}
	if v < is.get(0, enc) {
		return 0, false
	}
	lo, hi := 0, n-1
	for lo <= hi {
		mid := int(uint(lo+hi) >> 1)
		cur := is.get(mid, enc)
		switch {
		case v > cur:
			lo = mid + 1
		case v < cur:
			hi = mid - 1
		default:
			return mid, true
		}
	}
	return lo, false
}

func (is *Intset) get(i, enc int) int64 {
	off := intsetHeader + i*enc
	switch enc {
	case intsetEnc16:
		return int64(int16(binary.LittleEndian.Uint16(is.b[off:])))
	case intsetEnc32:
		return int64(int32(binary.LittleEndian.Uint32(is.b[off:])))
	default:
		return int64(binary.LittleEndian.Uint64(is.b[off:]))
	}
}

func (is *Intset) set(i, enc int, v int64) {
	off := intsetHeader + i*enc
	switch enc {
	case intsetEnc16:
		binary.LittleEndian.PutUint16(is.b[off:], uint16(v))
	case intsetEnc32:
		binary.LittleEndian.PutUint32(is.b[off:], uint32(v))
	default:
		binary.LittleEndian.PutUint64(is.b[off:], uint64(v))
	}
}

// valueEncoding returns the narrowest encoding holding v (_intsetValueEncoding).
func valueEncoding(v int64) int {
	switch {
	case v < math.MinInt32 || v > math.MaxInt32:
		return intsetEnc64
	case v < math.MinInt16 || v > math.MaxInt16:
		return intsetEnc32
	default:
		return intsetEnc16
	}
}
