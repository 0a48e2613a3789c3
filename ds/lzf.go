package ds

import "errors"

// LZF is liblzf 3.6's format as built into Redis (lzf_c.c/lzf_d.c with
// Redis's lzfP.h: HLOG 16, VERY_FAST, offsets in the hash table). RDB
// strings and compressed quicklist nodes use it. A compressed stream is a
// sequence of chunks, each starting with a control byte:
//
//	000LLLLL <L+1 literal bytes>              literal run, 1..32 bytes
//	LLLooooo oooooooo                         back reference, L in 1..6:
//	                                          copy L+2 bytes from
//	                                          out[len(out)-o-1]
//	111ooooo LLLLLLLL oooooooo                back reference, length
//	                                          L+9 (9..264)
//
// where o (13 bits, high bits in the control byte) is the distance minus
// one, so references reach back at most 8192 bytes. The stream carries no
// length; the RDB and the quicklist store the uncompressed length next to
// it.
const (
	lzfHLog   = 16
	lzfHSize  = 1 << lzfHLog
	lzfMaxLit = 1 << 5
	lzfMaxOff = 1 << 13
	lzfMaxRef = (1 << 8) + (1 << 3)
)

var errLZFCorrupt = errors.New("lzf: corrupt input")

// LZFCompress compresses src with liblzf's algorithm, appending to dst[:0]
// (reused if it has room), and returns the result, or nil if the output
// would not be smaller than src (the caller then stores src raw; liblzf's
// conservative bound also gives up on outputs within 3 bytes of len(src)).
// The output is
// owned by the caller. Each call allocates liblzf's 256 KiB hash table
// (zeroed; liblzf leaves it uninitialized, which can only make it find
// fewer matches than Redis in rare cases, never produce a different valid
// encoding of what it finds).
func LZFCompress(dst, src []byte) []byte {
	if len(src) < 2 {
		return nil
	}
	htab := make([]uint32, lzfHSize)
	out := lzfCompress(dst, src, len(src), htab)
	if len(out) >= len(src) {
		return nil
	}
	return out
}

// lzfIdx is liblzf's IDX for VERY_FAST.
func lzfIdx(h uint32) uint32 {
	return ((h >> (3*8 - lzfHLog)) - h*5) & (lzfHSize - 1)
}

// LZF is a reusable liblzf compressor: it keeps the 256 KiB hash table
// between calls instead of allocating one per call as LZFCompress does, and
// produces exactly LZFCompress's bytes. The table is not cleared between
// calls: every stored offset is biased by base, which advances past each
// input, so entries left by earlier inputs read as negative offsets and are
// ignored exactly like the zero entries of a fresh table; the table is
// cleared only when base would overflow uint32. The zero value is ready to
// use. An LZF is not safe for concurrent use.
type LZF struct {
	htab []uint32
	base uint32
}

// Compress is LZFCompress with the reused table: it appends to dst[:0] and
// returns the compressed bytes, or nil if they would not be smaller than
// src.
func (z *LZF) Compress(dst, src []byte) []byte {
	if len(src) < 2 {
		return nil
	}
	out := z.CompressMax(dst, src, len(src))
	if len(out) >= len(src) {
		return nil
	}
	return out
}

// CompressMax is lzf_compress with out_len = maxOut: it appends to dst[:0]
// (reused if it has room for maxOut bytes) and returns the compressed bytes,
// or nil if they would not fit in maxOut bytes (liblzf's checks are
// conservative: it may give up within 3 bytes of the limit). Redis's RDB
// writer calls it with maxOut = len(src)-4.
func (z *LZF) CompressMax(dst, src []byte, maxOut int) []byte {
	if len(src) == 0 || maxOut <= 0 {
		return nil
	}
	if z.htab == nil {
		z.htab = make([]uint32, lzfHSize)
	}
	if uint64(z.base)+uint64(len(src)) >= 1<<32 {
		clear(z.htab)
		z.base = 0
	}
	out := lzfCompressBase(dst, src, maxOut, z.htab, z.base)
	if uint64(len(src)) >= 1<<32 {
		clear(z.htab) // offsets wrapped: start clean next time
	} else {
		z.base += uint32(len(src))
	}
	return out
}

// lzfCompress is lzf_compress with out_len = outLen: it returns nil if the
// output would exceed outLen bytes. htab holds input offsets (0 = none:
// liblzf never matches against offset 0).
func lzfCompress(dst, src []byte, outLen int, htab []uint32) []byte {
	return lzfCompressBase(dst, src, outLen, htab, 0)
}

// lzfCompressBase is lzfCompress with the offsets in htab biased by base:
// an entry e means input offset e-base, so entries below base (left by
// earlier inputs) mean negative offsets, which never match.
func lzfCompressBase(dst, src []byte, outLen int, htab []uint32, base uint32) []byte {
	inLen := len(src)
	if inLen == 0 || outLen <= 0 {
		return nil
	}
	if cap(dst) < outLen {
		dst = make([]byte, outLen)
	}
	out := dst[:outLen]
	ip, op, lit := 0, 1, 0 // op starts past the first literal-run header
	var hval uint32
	if inLen >= 2 {
		hval = uint32(src[0])<<8 | uint32(src[1])
	}
	for ip < inLen-2 {
		hval = hval<<8 | uint32(src[ip+2])
		slot := lzfIdx(hval)
		ref := int(htab[slot]) - int(base)
		htab[slot] = base + uint32(ip)
		off := ip - ref - 1
		if ref > 0 && ref < ip && off < lzfMaxOff &&
			src[ref+2] == src[ip+2] && src[ref] == src[ip] && src[ref+1] == src[ip+1] {
			n := 2
			maxlen := inLen - ip - n
			if maxlen > lzfMaxRef {
				maxlen = lzfMaxRef
			}
			if op+3+1 >= outLen {
				b := 0
				if lit == 0 {
					b = 1
				}
				if op-b+3+1 >= outLen {
					return nil
				}
			}
			out[op-lit-1] = byte(lit - 1) // stop run
			if lit == 0 {
				op-- // undo empty run
			}
			// liblzf's unrolled first 16 steps do not check maxlen.
			matched := false
			if maxlen > 16 {
				for k := 0; k < 16; k++ {
					n++
					if src[ref+n] != src[ip+n] {
						matched = true
						break
					}
				}
			}
			if !matched {
				for {
					n++
					if !(n < maxlen && src[ref+n] == src[ip+n]) {
						break
					}
				}
			}
			n -= 2 // octets - 2
			ip++
			if n < 7 {
				out[op] = byte(off>>8) + byte(n<<5)
				op++
			} else {
				out[op] = byte(off>>8) + 7<<5
				out[op+1] = byte(n - 7)
				op += 2
			}
			out[op] = byte(off)
			op++
			lit = 0
			op++ // start run
			ip += n + 1
			if ip >= inLen-2 {
				break
			}
			ip -= 2
			hval = uint32(src[ip])<<8 | uint32(src[ip+1])
			hval = hval<<8 | uint32(src[ip+2])
			htab[lzfIdx(hval)] = base + uint32(ip)
			ip++
			hval = hval<<8 | uint32(src[ip+2])
			htab[lzfIdx(hval)] = base + uint32(ip)
			ip++
		} else {
			if op >= outLen {
				return nil
			}
			lit++
			out[op] = src[ip]
			op++
			ip++
			if lit == lzfMaxLit {
				out[op-lit-1] = byte(lit - 1)
				lit = 0
				op++
			}
		}
	}
	if op+3 > outLen {
		return nil
	}
	for ip < inLen {
		lit++
		out[op] = src[ip]
		op++
		ip++
		if lit == lzfMaxLit {
			out[op-lit-1] = byte(lit - 1)
			lit = 0
			op++
		}
	}
	out[op-lit-1] = byte(lit - 1)
	if lit == 0 {
		op--
	}
	return out[:op]
}

// LZFDecompress decompresses src, which must expand to exactly outLen
// bytes, appending to dst[:0] (reused if it has room). It returns an error,
// never panics, on malformed input. The result is owned by the caller.
func LZFDecompress(dst, src []byte, outLen int) ([]byte, error) {
	if outLen < 0 {
		return nil, errLZFCorrupt
	}
	if cap(dst) < outLen {
		dst = make([]byte, 0, outLen)
	}
	out := dst[:0]
	ip := 0
	for ip < len(src) {
		ctrl := int(src[ip])
		ip++
		if ctrl < 1<<5 { // literal run
			ctrl++
			if len(out)+ctrl > outLen || ip+ctrl > len(src) {
				return nil, errLZFCorrupt
			}
			out = append(out, src[ip:ip+ctrl]...)
			ip += ctrl
			continue
		}
		n := ctrl >> 5
		ref := len(out) - (ctrl&0x1f)<<8 - 1
		if ip >= len(src) {
			return nil, errLZFCorrupt
		}
		if n == 7 {
			n += int(src[ip])
			ip++
			if ip >= len(src) {
				return nil, errLZFCorrupt
			}
		}
		ref -= int(src[ip])
		ip++
		n += 2
		if len(out)+n > outLen || ref < 0 {
			return nil, errLZFCorrupt
		}
		for i := 0; i < n; i++ { // byte by byte: the copy may overlap
			out = append(out, out[ref+i])
		}
	}
	if len(out) != outLen {
		return nil, errLZFCorrupt
	}
	return out, nil
}
