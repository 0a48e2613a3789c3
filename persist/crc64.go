package persist

import (
	"encoding/binary"
	"math/bits"
)

// crc64Poly is the CRC-64/Jones polynomial in Redis's crc64.c,
// 0xad93d23594c935a9, bit-reversed for the reflected (LSB-first) algorithm.
// Redis runs it with init 0 and no final xor, so that
// crc64(0, "123456789") = 0xe9c6d914c4b8d9ca; RDB files and DUMP payloads
// end with this checksum, little endian.
var crc64Poly = bits.Reverse64(0xad93d23594c935a9)

// crc64Table holds the slicing-by-8 tables: crc64Table[0] is the classic
// byte table, crc64Table[k][b] is the CRC of byte b followed by k zero
// bytes. Computed once at init and only read afterwards.
var crc64Table = makeCRC64Table()

func makeCRC64Table() *[8][256]uint64 {
	t := new([8][256]uint64)
	for i := range 256 {
		c := uint64(i)
		for range 8 {
			if c&1 != 0 {
				c = c>>1 ^ crc64Poly
			} else {
				c >>= 1
			}
		}
		t[0][i] = c
	}
	for i := range 256 {
		c := t[0][i]
		for k := 1; k < 8; k++ {
			c = t[0][c&0xff] ^ c>>8
			t[k][i] = c
		}
	}
	return t
}

// CRC64 continues Redis's CRC-64 crc over p: CRC64(CRC64(0, a), b) equals
// CRC64(0, a+b). Slicing-by-8: eight bytes per step through eight tables.
func CRC64(crc uint64, p []byte) uint64 {
	t := crc64Table
	for len(p) >= 8 {
		crc ^= binary.LittleEndian.Uint64(p)
		crc = t[7][crc&0xff] ^
			t[6][crc>>8&0xff] ^
			t[5][crc>>16&0xff] ^
			t[4][crc>>24&0xff] ^
			t[3][crc>>32&0xff] ^
			t[2][crc>>40&0xff] ^
			t[1][crc>>48&0xff] ^
			t[0][crc>>56]
		p = p[8:]
	}
	for _, b := range p {
		crc = t[0][byte(crc)^b] ^ crc>>8
	}
	return crc
}
