package persist

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"runtime/metrics"
	"strings"
	"testing"
)

// Fuzz targets for the AOF readers. The seed corpora under
// testdata/fuzz/FuzzAOFReader and testdata/fuzz/FuzzManifest hold files
// redis-server 7.0 wrote (incr files with and without #TS annotations and
// MULTI/EXEC, a base of commands, manifests), truncated and bit-flipped
// copies of them, and hand-made edge cases.

// fuzzMaxBulk is the proto-max-bulk-len the fuzzed reader runs with.
const fuzzMaxBulk = 1 << 20

// aofReadAll reads every command of b. It returns the commands (copies of
// the argv slices), the reader's Offset when it stopped and the error
// that stopped it; it fails t when a step breaks the reader's contract.
func aofReadAll(t *testing.T, b []byte) (cmds [][][]byte, good int64, err error) {
	t.Helper()
	r := NewAOFReader(bytes.NewReader(b), fuzzMaxBulk)
	var argv [][]byte
	for {
		before := r.Offset()
		argv, err = r.Next(argv)
		if err != nil {
			break
		}
		if len(argv) == 0 {
			t.Fatal("Next returned an empty command")
		}
		if r.Offset() <= before || r.Offset() > int64(len(b)) {
			t.Fatalf("Offset %d after a command read from %d (input %d bytes)", r.Offset(), before, len(b))
		}
		cmds = append(cmds, append([][]byte(nil), argv...))
	}
	return cmds, r.Offset(), err
}

// allocBytes returns the bytes f allocated (process-wide: as precise as
// the other goroutines are quiet).
func allocBytes(f func()) uint64 {
	m := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(m)
	before := m[0].Value.Uint64()
	f()
	metrics.Read(m)
	return m[0].Value.Uint64() - before
}

// aofAllocBound is what reading n bytes of AOF may allocate: the 1 MiB
// read buffer, one argument of at most maxBulk bytes read in 1 MiB steps
// (so up to twice that while it grows), and per command and argument
// slices proportional to the input (an argument costs at least 6 bytes,
// "$0\r\n\r\n", and a slice header of 24 bytes, twice while argv grows,
// plus its own small allocation).
func aofAllocBound(n int) uint64 {
	return 1<<20 + 2*(fuzzMaxBulk+2) + uint64(64*n) + 1<<20
}

func FuzzAOFReader(f *testing.F) {
	f.Add([]byte("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"))
	f.Add([]byte("#TS:1700000000\r\n*1\r\n$5\r\nMULTI\r\n*2\r\n$4\r\nINCR\r\n$1\r\nm\r\n*1\r\n$4\r\nEXEC\r\n"))
	f.Add([]byte("*999999999\r\n$1\r\nx\r\n"))
	f.Add([]byte("*1\r\n$1048576\r\nabc"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var (
			cmds [][][]byte
			err  error
			good int64
		)
		if d := allocBytes(func() { cmds, good, err = aofReadAll(t, b) }); d > aofAllocBound(len(b)) {
			t.Fatalf("%d bytes of input allocated %d bytes", len(b), d)
		}
		var ae *AOFError
		switch {
		case err == io.EOF:
			if good != int64(len(b)) {
				t.Fatalf("clean end at offset %d of %d bytes", good, len(b))
			}
		case errors.Is(err, ErrAOFTruncated):
		case errors.As(err, &ae):
			if ae.Offset < good || ae.Offset > int64(len(b)) {
				t.Fatalf("error offset %d outside [%d, %d]: %v", ae.Offset, good, len(b), err)
			}
		default:
			t.Fatalf("unexpected error %T: %v", err, err)
		}
		if good < 0 || good > int64(len(b)) {
			t.Fatalf("Offset %d of %d bytes", good, len(b))
		}

		// What a server keeps when it cuts the file at Offset (a
		// truncated tail) reads back as the same commands, cleanly.
		kept, good2, err2 := aofReadAll(t, b[:good])
		if err2 != io.EOF || good2 != good || !sameCommands(kept, cmds) {
			t.Fatalf("prefix of %d bytes: %d commands, %v at %d; want %d commands", good, len(kept), err2, good2, len(cmds))
		}

		// The commands re-encoded read back the same.
		var enc []byte
		for _, c := range cmds {
			enc = AppendCommand(enc, c...)
		}
		back, good3, err3 := aofReadAll(t, enc)
		if err3 != io.EOF || good3 != int64(len(enc)) || !sameCommands(back, cmds) {
			t.Fatalf("re-encoded commands: %d read, %v at %d of %d bytes; want %d", len(back), err3, good3, len(enc), len(cmds))
		}
	})
}

func sameCommands(a, b [][][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if !bytes.Equal(a[i][j], b[i][j]) {
				return false
			}
		}
	}
	return true
}

func FuzzManifest(f *testing.F) {
	f.Add([]byte("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n"))
	f.Add([]byte("# comment\ntype h seq 3 file old.aof\n\nfile a.2.incr seq 2 type i x y\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseManifest(b)
		if err != nil {
			if m != nil {
				t.Fatal("a manifest and an error")
			}
			if !errors.Is(err, errManifest) && err.Error() != "Found an empty AOF manifest" {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		if m.Base == nil && len(m.Incrs) == 0 {
			t.Fatal("accepted a manifest without base and incr files")
		}
		all := append(append([]AOFFile(nil), m.Incrs...), m.History...)
		if m.Base != nil {
			all = append(all, *m.Base)
			if m.Base.Type != AOFBase {
				t.Fatalf("base of type %q", m.Base.Type)
			}
		}
		for _, af := range all {
			if af.Name == "" || strings.ContainsRune(af.Name, '/') || af.Seq < 1 {
				t.Fatalf("accepted file %+v", af)
			}
		}
		for i, af := range m.Incrs {
			if af.Type != AOFIncr || i > 0 && af.Seq <= m.Incrs[i-1].Seq {
				t.Fatalf("incr files %+v", m.Incrs)
			}
		}
		for _, af := range m.History {
			if af.Type != AOFHistory {
				t.Fatalf("history file %+v", af)
			}
		}
		enc := m.Encode()
		m2, err := ParseManifest(enc)
		if err != nil {
			t.Fatalf("encoded manifest %q does not parse: %v", enc, err)
		}
		if !reflect.DeepEqual(m, m2) {
			t.Fatalf("manifest %+v encoded as %q parses as %+v", m, enc, m2)
		}
		if enc2 := m2.Encode(); !bytes.Equal(enc, enc2) {
			t.Fatalf("encoding not stable: %q then %q", enc, enc2)
		}
	})
}

// TestAOFReaderBounds: headers announcing huge counts or lengths neither
// allocate for them nor read past the input, and lines longer than the
// read buffer are format errors.
func TestAOFReaderBounds(t *testing.T) {
	tests := []struct {
		name string
		in   string
		cmds int
		err  string // "eof", "truncated" or the *AOFError's What
	}{
		{"empty", "", 0, "eof"},
		{"huge argc", "*999999999\r\n", 0, "truncated"},
		{"huge argc, args follow", "*999999999\r\n$1\r\nx\r\n$1\r\ny\r\n", 0, "truncated"},
		{"argc INT_MAX", "*2147483647\r\n$1\r\nx\r\n", 0, "truncated"},
		{"argc over INT_MAX", "*2147483648\r\n", 0, "invalid multibulk length"},
		{"argc over int64", "*99999999999999999999\r\n", 0, "invalid multibulk length"},
		{"argc 1M, 2 args", "*1048576\r\n$1\r\nx\r\n$1\r\ny\r\n", 0, "truncated"},
		{"zero argc", "*0\r\n", 0, "invalid multibulk length"},
		{"negative argc", "*-1\r\n", 0, "invalid multibulk length"},
		{"bulk over maxBulk", "*1\r\n$1048577\r\n", 0, "invalid bulk length"},
		{"huge bulk", "*1\r\n$99999999999\r\n", 0, "invalid bulk length"},
		{"negative bulk", "*1\r\n$-1\r\n", 0, "invalid bulk length"},
		{"bulk of maxBulk, cut", "*1\r\n$1048576\r\nabc", 0, "truncated"},
		{"bulk without CRLF", "*1\r\n$3\r\nfooXY", 0, "bulk without CRLF"},
		{"LF only", "*1\n$3\nfoo\n", 0, "line without CRLF"},
		{"cut header", "*1\r", 0, "truncated"},
		{"annotation", "#TS:1\r\n*1\r\n$4\r\nPING\r\n#TS:2\r\n", 1, "eof"},
		{"annotation without CRLF", "#TS:1\n", 0, "line without CRLF"},
		{"cut annotation", "*1\r\n$4\r\nPING\r\n#TS", 1, "truncated"},
		{"not a command", "+OK\r\n", 0, "expected '*'"},
		{"long line", "*" + strings.Repeat("1", 1<<20+10) + "\r\n", 0, "line too long"},
		{"long annotation", "#" + strings.Repeat("x", 3<<20) + "\r\n", 0, "line too long"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var (
				cmds [][][]byte
				err  error
			)
			if d := allocBytes(func() { cmds, _, err = aofReadAll(t, []byte(tc.in)) }); d > aofAllocBound(len(tc.in)) {
				t.Errorf("%d bytes of input allocated %d bytes", len(tc.in), d)
			}
			if len(cmds) != tc.cmds {
				t.Errorf("%d commands, want %d", len(cmds), tc.cmds)
			}
			var ae *AOFError
			switch {
			case tc.err == "eof":
				if err != io.EOF {
					t.Errorf("err %v, want EOF", err)
				}
			case tc.err == "truncated":
				if !errors.Is(err, ErrAOFTruncated) {
					t.Errorf("err %v, want ErrAOFTruncated", err)
				}
			case !errors.As(err, &ae) || ae.What != tc.err:
				t.Errorf("err %v, want %q", err, tc.err)
			}
		})
	}
}

// TestAOFReaderManyArgs: a command with more arguments than 1<<20 (a
// client may send up to INT_MAX, and the server appends it as it came)
// reads back.
func TestAOFReaderManyArgs(t *testing.T) {
	argv := [][]byte{[]byte("SADD"), []byte("s")}
	for i := 0; i < 1<<20+10; i++ {
		argv = append(argv, []byte("m"))
	}
	cmds, _, err := aofReadAll(t, AppendCommand(nil, argv...))
	if err != io.EOF || len(cmds) != 1 || len(cmds[0]) != len(argv) {
		t.Fatalf("%d commands, %v", len(cmds), err)
	}
}
