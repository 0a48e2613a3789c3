package ds

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// rdbLZFString reads an LZF-encoded RDB string (0xC3 clen ulen data) and
// returns the compressed bytes and the uncompressed length.
func (r *rdbPayload) lzfRaw(t testing.TB) ([]byte, int) {
	t.Helper()
	if n, enc := r.length(t); !enc || n != 3 {
		t.Fatalf("RDB string is not LZF-encoded (%d, %v)", n, enc)
	}
	clen, _ := r.length(t)
	ulen, _ := r.length(t)
	return r.bytesN(t, int(clen)), int(ulen)
}

func TestLZFRedisVectors(t *testing.T) {
	vec := loadVectors(t)
	// Hand-built listpack of the lzf_list vector.
	lp := NewListpack()
	for i := 0; i < 100; i++ {
		lp.Append([]byte("item:" + strconv.Itoa(i%7) + ":payload"))
	}
	tests := []struct {
		name string
		want []byte
		read func(t *testing.T, r *rdbPayload) ([]byte, int)
	}{
		{"lzf_string", []byte(strings.Repeat("abcdefghij", 20)), func(t *testing.T, r *rdbPayload) ([]byte, int) {
			return r.lzfRaw(t)
		}},
		{"lzf_list", lp.Bytes(), func(t *testing.T, r *rdbPayload) ([]byte, int) {
			if n, _ := r.length(t); n != 1 {
				t.Fatalf("%d nodes", n)
			}
			if c, _ := r.length(t); c != 2 {
				t.Fatalf("container %d", c)
			}
			return r.lzfRaw(t)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := newRDBPayload(t, vec[tc.name])
			comp, ulen := tc.read(t, r)
			r.done(t)
			got, err := LZFDecompress(nil, comp, ulen)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tc.want) {
				t.Fatalf("decompressed %q\nwant %q", got, tc.want)
			}
			// Our compressor reproduces liblzf's bytes too.
			if mine := LZFCompress(nil, tc.want); !bytes.Equal(mine, comp) {
				t.Fatalf("compressed %x\n  redis %x", mine, comp)
			}
		})
	}
}

func TestLZFRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	rnd := func(n, alpha int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + rng.IntN(alpha))
		}
		return b
	}
	tests := []struct {
		name       string
		in         []byte
		compresses bool
	}{
		{"empty", nil, false},
		{"one", []byte("a"), false},
		{"three", []byte("aaa"), false},
		{"zeros", make([]byte, 10000), true},
		{"repeat", bytes.Repeat([]byte("hello world "), 1000), true},
		{"lowentropy", rnd(50000, 3), true},
		{"random", func() []byte {
			b := make([]byte, 4096)
			for i := range b {
				b[i] = byte(rng.Uint32())
			}
			return b
		}(), false},
		{"runs at end", append(rnd(100, 26), bytes.Repeat([]byte{'z'}, 300)...), true},
		{"far refs", func() []byte {
			b := make([]byte, 20000)
			for i := range b {
				b[i] = byte(rng.Uint32())
			}
			copy(b[10000:], b[10000-8192:10000-8192+2000]) // reference exactly at MAX_OFF
			copy(b[15000:], b[15000-8193:15000-8193+2000]) // one beyond: unreachable
			return b
		}(), true},
	}
	for _, tc := range tests {
		c := LZFCompress(nil, tc.in)
		if (c != nil) != tc.compresses {
			t.Fatalf("%s: compressed = %v (len %d of %d)", tc.name, c != nil, len(c), len(tc.in))
		}
		if c == nil {
			continue
		}
		if len(c) >= len(tc.in) {
			t.Fatalf("%s: did not shrink", tc.name)
		}
		d, err := LZFDecompress(make([]byte, 3), c, len(tc.in))
		if err != nil || !bytes.Equal(d, tc.in) {
			t.Fatalf("%s: round trip failed: %v", tc.name, err)
		}
		if _, err := LZFDecompress(nil, c, len(tc.in)-1); err == nil {
			t.Fatalf("%s: short outLen accepted", tc.name)
		}
		if _, err := LZFDecompress(nil, c, len(tc.in)+1); err == nil {
			t.Fatalf("%s: long outLen accepted", tc.name)
		}
	}
}

func TestLZFDecompressRejects(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		n    int
	}{
		{"literal past input", []byte{5, 'a'}, 6},
		{"ref before start", []byte{0, 'a', 0x20, 5}, 4},
		{"ref missing offset", []byte{0, 'a', 0x20}, 4},
		{"long ref missing", []byte{0, 'a', 0xE0, 1}, 20},
		{"too long output", []byte{1, 'a', 'b'}, 1},
		{"empty", nil, 1},
		{"negative", []byte{0, 'a'}, -1},
	}
	for _, tc := range tests {
		if _, err := LZFDecompress(nil, tc.in, tc.n); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
	if out, err := LZFDecompress(nil, nil, 0); err != nil || len(out) != 0 {
		t.Fatal("empty to empty failed")
	}
}

func FuzzLZF(f *testing.F) {
	f.Add([]byte("abcabcabcabcabcabc"), 18)
	f.Add([]byte{0, 'a', 0xE0, 10, 0}, 13)
	f.Add(bytes.Repeat([]byte("xyz"), 200), 600)
	f.Fuzz(func(t *testing.T, b []byte, n int) {
		// b as a compressed stream: must not panic.
		if n >= 0 && n < 1<<20 {
			if out, err := LZFDecompress(nil, b, n); err == nil && len(out) != n {
				t.Fatal("wrong length accepted")
			}
		}
		// b as plain data: must round-trip.
		if c := LZFCompress(nil, b); c != nil {
			d, err := LZFDecompress(nil, c, len(b))
			if err != nil || !bytes.Equal(d, b) {
				t.Fatalf("round trip: %v", err)
			}
		}
	})
}
