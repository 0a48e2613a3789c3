package persist

import (
	"hash/crc64"
	"math/rand/v2"
	"strconv"
	"testing"
)

// crc64Bitwise is the textbook bit-at-a-time reflected CRC, the reference
// for the table-driven one.
func crc64Bitwise(crc uint64, p []byte) uint64 {
	for _, b := range p {
		crc ^= uint64(b)
		for range 8 {
			if crc&1 != 0 {
				crc = crc>>1 ^ crc64Poly
			} else {
				crc >>= 1
			}
		}
	}
	return crc
}

func TestCRC64(t *testing.T) {
	tests := []struct {
		in   string
		want uint64
	}{
		{"", 0},
		{"123456789", 0xe9c6d914c4b8d9ca}, // Redis's crc64 self-test
		{"This is a test of the emergency broadcast system.", 0},
	}
	for _, tc := range tests {
		got := CRC64(0, []byte(tc.in))
		if tc.want == 0 && tc.in != "" {
			tc.want = crc64Bitwise(0, []byte(tc.in))
		}
		if got != tc.want {
			t.Errorf("CRC64(%q) = %#x, want %#x", tc.in, got, tc.want)
		}
	}
	// Go's hash/crc64 with the same reversed polynomial computes the
	// inverted-init variant: Redis's = ^Update(^0, ...).
	tab := crc64.MakeTable(crc64Poly)
	rng := rand.New(rand.NewPCG(3, 4))
	buf := make([]byte, 5000)
	for i := range buf {
		buf[i] = byte(rng.Uint32())
	}
	for n := 0; n < len(buf); n += 1 + n/3 {
		want := crc64Bitwise(0, buf[:n])
		if got := CRC64(0, buf[:n]); got != want {
			t.Fatalf("len %d: %#x, want %#x", n, got, want)
		}
		if got := ^crc64.Update(^uint64(0), tab, buf[:n]); got != want {
			t.Fatalf("len %d: hash/crc64 gives %#x, want %#x", n, got, want)
		}
		// Incremental in two parts.
		k := n / 3
		if got := CRC64(CRC64(0, buf[:k]), buf[k:n]); got != want {
			t.Fatalf("len %d split %d: %#x, want %#x", n, k, got, want)
		}
	}
}

func BenchmarkCRC64(b *testing.B) {
	for _, n := range []int{16, 1 << 10, 64 << 10} {
		buf := make([]byte, n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				CRC64(0, buf)
			}
		})
	}
}
