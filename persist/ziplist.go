package persist

import (
	"encoding/binary"
	"errors"
	"strconv"

	"aeon/ds"
)

// Errors inside the blob encodings (wrapped in a *FormatError).
var (
	errZlHeader    = errors.New("bad ziplist header")
	errZlEntry     = errors.New("bad ziplist entry")
	errZlPrevlen   = errors.New("ziplist prevlen mismatch")
	errZlTail      = errors.New("ziplist tail offset mismatch")
	errZlCount     = errors.New("ziplist entry count mismatch")
	errZmEntry     = errors.New("bad zipmap entry")
	errZmCount     = errors.New("zipmap entry count mismatch")
	errEmptyIntset = errors.New("empty intset")
	errOddCount    = errors.New("odd number of entries")
	errBadScore    = errors.New("bad score")
	errDuplicate   = errors.New("duplicate field or member")
)

// Ziplist layout (RDB types 10, 12, 13 and the nodes of 14; all integers
// little endian):
//
//	+---------+--------+-------+---------+-----+---------+------+
//	| zlbytes | zltail | zllen | entry 0 | ... | entry N | 0xFF |
//	| uint32  | uint32 | u16   |         |     |         | end  |
//	+---------+--------+-------+---------+-----+---------+------+
//	 0         4        8       10
//
// zlbytes is the whole size, zltail the offset of the last entry (10 when
// empty), zllen the entry count (65535: count them). An entry is
//
//	+---------+----------+------+
//	| prevlen | encoding | data |
//	+---------+----------+------+
//
// where prevlen is the previous entry's size (0 for the first): one byte
// 0..253, or 0xFE and a uint32 (also allowed for small values). The
// encoding is
//
//	00pppppp                      string, 6-bit length
//	01pppppp qqqqqqqq             string, 14-bit length (big endian)
//	10______ <4 bytes big endian> string, 32-bit length
//	11000000  int16 (2 bytes)     11010000  int32 (4 bytes)
//	11100000  int64 (8 bytes)     11110000  int24 (3 bytes)
//	11111110  int8 (1 byte)       1111xxxx  xxxx in 0001..1101: the
//	                                        value xxxx-1 (0..12), no data
const (
	zlHeader  = 10
	zlEnd     = 0xFF
	zlBigPrev = 0xFE
	zlUnknown = 65535
)

// ziplistEach validates zl fully (header, every entry's encoding, bounds
// and prevlen, the tail offset, the count and the terminator) and calls fn
// for each entry in order: s aliases zl for a string, iv is the value of
// an integer. It returns the number of entries. Never panics.
func ziplistEach(zl []byte, fn func(s []byte, iv int64, isInt bool) error) (int, error) {
	if len(zl) < zlHeader+1 || uint64(binary.LittleEndian.Uint32(zl)) != uint64(len(zl)) || zl[len(zl)-1] != zlEnd {
		return 0, errZlHeader
	}
	tail := int(binary.LittleEndian.Uint32(zl[4:]))
	zllen := int(binary.LittleEndian.Uint16(zl[8:]))
	end := len(zl) - 1
	p, prev, last, count := zlHeader, 0, zlHeader, 0
	for p < end {
		if zl[p] == zlEnd {
			return 0, errZlEntry
		}
		// prevlen
		q, plen := p+1, int(zl[p])
		if zl[p] == zlBigPrev {
			if p+5 > end {
				return 0, errZlEntry
			}
			q, plen = p+5, int(binary.LittleEndian.Uint32(zl[p+1:]))
		}
		if plen != prev {
			return 0, errZlPrevlen
		}
		if q >= end {
			return 0, errZlEntry
		}
		// encoding and data
		enc := zl[q]
		var hdr, dlen int
		isInt := true
		switch enc >> 6 {
		case 0:
			hdr, dlen, isInt = 1, int(enc&0x3f), false
		case 1:
			if q+2 > end {
				return 0, errZlEntry
			}
			hdr, dlen, isInt = 2, int(enc&0x3f)<<8|int(zl[q+1]), false
		case 2:
			if q+5 > end {
				return 0, errZlEntry
			}
			n := binary.BigEndian.Uint32(zl[q+1:])
			if uint64(n) > uint64(end) {
				return 0, errZlEntry
			}
			hdr, dlen, isInt = 5, int(n), false
		default:
			hdr = 1
			switch {
			case enc == 0xC0:
				dlen = 2
			case enc == 0xD0:
				dlen = 4
			case enc == 0xE0:
				dlen = 8
			case enc == 0xF0:
				dlen = 3
			case enc == 0xFE:
				dlen = 1
			case enc >= 0xF1 && enc <= 0xFD:
				dlen = 0
			default:
				return 0, errZlEntry
			}
		}
		data := q + hdr
		if data+dlen > end {
			return 0, errZlEntry
		}
		d := zl[data : data+dlen]
		var iv int64
		if isInt {
			switch enc {
			case 0xC0:
				iv = int64(int16(binary.LittleEndian.Uint16(d)))
			case 0xD0:
				iv = int64(int32(binary.LittleEndian.Uint32(d)))
			case 0xE0:
				iv = int64(binary.LittleEndian.Uint64(d))
			case 0xF0:
				iv = int64(int32(uint32(d[0])<<8|uint32(d[1])<<16|uint32(d[2])<<24) >> 8)
			case 0xFE:
				iv = int64(int8(d[0]))
			default:
				iv = int64(enc&0x0F) - 1
			}
			d = nil
		}
		if err := fn(d, iv, isInt); err != nil {
			return 0, err
		}
		last, prev = p, data+dlen-p
		p = data + dlen
		count++
	}
	if tail != last {
		return 0, errZlTail
	}
	if zllen != zlUnknown && zllen != count {
		return 0, errZlCount
	}
	return count, nil
}

// pairsFromZiplist converts a hash or sorted set ziplist (field, value or
// member, score pairs) into a listpack, checking an even count, scores (for
// a sorted set) and duplicate fields or members, as Redis 7.0 does when it
// converts these (ziplistPairsConvertAndValidateIntegrity).
func pairsFromZiplist(zl []byte, zset bool) (*ds.Listpack, int, error) {
	lp := ds.NewListpack()
	lp.Reserve(len(zl))
	seen := make(map[string]struct{})
	i := 0
	n, err := ziplistEach(zl, func(s []byte, iv int64, isInt bool) error {
		if i%2 == 0 { // field or member
			key := string(s)
			if isInt {
				key = strconv.FormatInt(iv, 10)
			}
			if _, dup := seen[key]; dup {
				return errDuplicate
			}
			seen[key] = struct{}{}
		} else if zset && !isInt && !validScore(s) {
			return errBadScore
		}
		i++
		if isInt {
			lp.AppendInt(iv)
		} else {
			lp.Append(s)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	if n%2 != 0 {
		return nil, 0, errOddCount
	}
	return lp, n, nil
}

// Zipmap layout (RDB type 9, Redis < 2.6 hashes):
//
//	+-------+-----+-----+-----+------+-------+------+-----+------+
//	| zmlen | len | key | len | free | value | free | ... | 0xFF |
//	+-------+-----+-----+-----+------+-------+------+-----+------+
//
// zmlen is the pair count if below 254 (254: count them). A len is one
// byte 0..253, or 254 and a 4-byte little-endian length; free is one byte,
// the count of unused bytes after the value.
const (
	zmBigLen = 254
	zmEnd    = 0xFF
)

// hashFromZipmap validates a zipmap fully and converts it into a hash
// listpack, rejecting an empty zipmap and duplicate fields.
func hashFromZipmap(zm []byte) (*ds.Listpack, error) {
	if len(zm) < 2 {
		return nil, errZmEntry
	}
	// length reads a zipmap length at p: value, header size.
	length := func(p int) (int, int, bool) {
		if p >= len(zm) {
			return 0, 0, false
		}
		switch zm[p] {
		case zmEnd:
			return 0, 0, false
		case zmBigLen:
			if p+5 > len(zm) {
				return 0, 0, false
			}
			n := binary.LittleEndian.Uint32(zm[p+1:])
			if uint64(n) > uint64(len(zm)) {
				return 0, 0, false
			}
			return int(n), 5, true
		}
		return int(zm[p]), 1, true
	}
	lp := ds.NewListpack()
	lp.Reserve(len(zm))
	seen := make(map[string]struct{})
	p, count := 1, 0
	for {
		if p >= len(zm) {
			return nil, errZmEntry
		}
		if zm[p] == zmEnd {
			break
		}
		klen, h, ok := length(p)
		if !ok || p+h+klen > len(zm) {
			return nil, errZmEntry
		}
		key := zm[p+h : p+h+klen]
		p += h + klen
		vlen, h, ok := length(p)
		if !ok || p+h+1 > len(zm) {
			return nil, errZmEntry
		}
		free := int(zm[p+h])
		if p+h+1+vlen+free > len(zm) {
			return nil, errZmEntry
		}
		val := zm[p+h+1 : p+h+1+vlen]
		p += h + 1 + vlen + free
		if _, dup := seen[string(key)]; dup {
			return nil, errDuplicate
		}
		seen[string(key)] = struct{}{}
		lp.Append(key)
		lp.Append(val)
		count++
	}
	if p != len(zm)-1 || count == 0 {
		return nil, errZmEntry
	}
	if zm[0] < zmBigLen && int(zm[0]) != count {
		return nil, errZmCount
	}
	return lp, nil
}
