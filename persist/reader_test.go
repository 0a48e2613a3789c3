package persist

import (
	"bytes"
	"encoding/binary"
	"errors"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
)

// rdbFile returns a header, body and EOF with a valid checksum.
func rdbFile(version string, body ...[]byte) []byte {
	b := []byte("REDIS" + version)
	for _, p := range body {
		b = append(b, p...)
	}
	b = append(b, OpEOF)
	return binary.LittleEndian.AppendUint64(b, CRC64(0, b))
}

func TestLoadErrors(t *testing.T) {
	strRec := []byte("\x00\x01k\x01v")
	tests := []struct {
		name string
		in   []byte
		want string // error substring
		is   error
	}{
		{"empty", nil, "unexpected end of input at offset 0", nil},
		{"short magic", []byte("REDIS"), "unexpected end of input", nil},
		{"signature", []byte("RODIS0010"), "wrong signature", nil},
		{"version 12", []byte("REDIS0012"), "can't handle RDB format version 12", nil},
		{"version 0", []byte("REDIS0000"), "can't handle RDB format version 0", nil},
		{"version letters", []byte("REDIS00a0"), "bad version", nil},
		{"no EOF", []byte("REDIS0010\x00\x01k\x01v"), "unexpected end of input at offset 14", nil},
		{"no checksum", []byte("REDIS0010\xff\x00\x00"), "unexpected end of input", nil},
		{"bad checksum", append([]byte("REDIS0010\xff"), 1, 0, 0, 0, 0, 0, 0, 0), "wrong RDB checksum", nil},
		{"bad length", []byte("REDIS0010\xfe\x82"), "rdb: bad length encoding 0x82 at offset 10", nil},
		{"encoded length", []byte("REDIS0010\xfe\xc0\x01"), "bad length encoding (string encoding 0) at offset 10", nil},
		{"bad string encoding", []byte("REDIS0010\x00\xc4"), "unknown string encoding 4 at offset 10", nil},
		{"huge string", []byte("REDIS0010\x00\x81\x00\x00\x00\x01\x00\x00\x00\x00abc"), "unexpected end of input", nil},
		{"huge 32-bit string", []byte("REDIS0010\x00\x80\xff\xff\xff\xffabc"), "unexpected end of input", nil},
		{"huge set", []byte("REDIS0010\x02\x01k\x81\x00\x00\x01\x00\x00\x00\x00\x00\x01a"), "unexpected end of input", nil},
		{"too huge set", []byte("REDIS0010\x02\x01k\x81\x01\x00\x00\x00\x00\x00\x00\x00\x01a"), "set length", nil},
		{"lzf too long", []byte("REDIS0010\x00\x01k\xc3\x01\x80\x40\x00\x00\x00\x00"), "bad LZF string lengths", nil},
		{"lzf ratio", []byte("REDIS0010\x00\x01k\xc3\x02\x80\x00\x01\x00\x00\x00a"), "bad LZF string lengths 2 -> 65536", nil},
		{"lzf zero", []byte("REDIS0010\x00\x01k\xc3\x00\x00"), "bad LZF string lengths", nil},
		{"lzf corrupt", []byte("REDIS0010\x00\x01k\xc3\x02\x05\x05a"), "invalid LZF compressed string at offset 12", nil},
		{"lzf truncated", []byte("REDIS0010\x00\x01k\xc3\x09\x10\x05a"), "unexpected end of input", nil},
		{"unknown type", []byte("REDIS0010\xc8\x01k"), "unknown value type 200 at offset 9", nil},
		{"module aux", []byte("REDIS0010\xf7\x01"), "module aux data at offset 9", ErrUnsupported},
		{"function", []byte("REDIS0010\xf5\x01"), "function library", ErrUnsupported},
		{"module value", []byte("REDIS0010\x07\x01k\x01"), "module value at offset 12", ErrUnsupported},
		{"stream", []byte("REDIS0010\x0f\x01k\x01"), "stream value", ErrUnsupported},
		{"db too big", append([]byte("REDIS0010\xfe\x81\x00\x00\x00\x01\x00\x00\x00\x00"), strRec...), "bad db number", nil},
		{"bad listpack", rdbFile("0010", []byte("\x10\x01k\x07\x07\x00\x00\x00\x00\x00\xfe")), "hash listpack integrity check failed at offset 12", nil},
		{"bad intset", rdbFile("0010", []byte("\x0b\x01k\x08\x02\x00\x00\x00\x01\x00\x00\x00")), "intset integrity check failed", nil},
	}
	for _, tc := range tests {
		for _, r := range []*Reader{NewReader(bytes.NewReader(tc.in)), NewReader(iotest.OneByteReader(bytes.NewReader(tc.in)))} {
			_, err := r.Load(newCollector(t))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("%s: %v is not %v", tc.name, err, tc.is)
			}
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Errorf("%s: %T is not a *FormatError", tc.name, err)
			}
		}
	}
}

func TestLoadVersions(t *testing.T) {
	// RDB 4: no checksum after EOF; EXPIRETIME in seconds.
	f := []byte("REDIS0004\xfd\x10\x00\x00\x00\x00\x01k\x01v\xff")
	col := newCollector(t)
	if v, err := Load(bytes.NewReader(f), col); err != nil || v != 4 {
		t.Fatalf("%d, %v", v, err)
	}
	if r := col.records["0:k"]; r.Val != "v" || r.Expire != 16000 {
		t.Fatalf("%+v", r)
	}
	// A stored checksum of 0 is not checked.
	f = append([]byte("REDIS0009\x00\x01k\x01v\xff"), make([]byte, 8)...)
	if _, err := Load(bytes.NewReader(f), newCollector(t)); err != nil {
		t.Fatal(err)
	}
	// RDB 11 (Redis 7.2) reads.
	if v, err := Load(bytes.NewReader(rdbFile("0011")), newCollector(t)); err != nil || v != 11 {
		t.Fatalf("%d, %v", v, err)
	}
	// Rest returns what follows the RDB.
	r := NewReader(bytes.NewReader(append(rdbFile("0010"), "*1\r\n$4\r\nPING\r\n"...)))
	if _, err := r.Load(newCollector(t)); err != nil {
		t.Fatal(err)
	}
	var rest bytes.Buffer
	rest.ReadFrom(r.Rest())
	if rest.String() != "*1\r\n$4\r\nPING\r\n" {
		t.Fatalf("rest %q", rest.String())
	}
}

// TestAllocBound checks that declared sizes do not make the reader
// allocate: a 4 GiB string, a 2^40-element set and a 512 MiB LZF string
// declared in a few bytes.
func TestAllocBound(t *testing.T) {
	inputs := map[string][]byte{
		"string": []byte("REDIS0010\x00\x01k\x80\xff\xff\xff\xffabc"),
		"set":    []byte("REDIS0010\x02\x01k\x81\x00\x00\x01\x00\x00\x00\x00\x00\x01a"),
		"hash":   []byte("REDIS0010\x04\x01k\x81\x00\x00\x00\x10\x00\x00\x00\x00\x01a"),
		"zset":   []byte("REDIS0010\x05\x01k\x81\x00\x00\x00\x10\x00\x00\x00\x00\x01a"),
		"list":   []byte("REDIS0010\x12\x01k\x81\x00\x00\x00\x10\x00\x00\x00\x00\x02"),
		"lzf":    []byte("REDIS0010\x00\x01k\xc3\x80\x00\x80\x00\x00\x80\x20\x00\x00\x00a"),
	}
	for name, in := range inputs {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for _, r := range []*Reader{NewReader(bytes.NewReader(in)), NewReaderBytes(in)} {
			if _, err := r.Load(newCollector(t)); err == nil {
				t.Fatalf("%s: accepted", name)
			}
		}
		runtime.ReadMemStats(&after)
		if d := after.TotalAlloc - before.TotalAlloc; d > 4<<20 {
			t.Errorf("%s: allocated %d bytes", name, d)
		}
	}
}
