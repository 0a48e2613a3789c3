package server

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"aeon/ds"
)

// hll_vectors.txt is a transcript recorded from Redis 7.0.15:
//
//	> ARG ARG ...      a command; each ARG is hex, or hex parts joined by
//	                   "," where "hex*N" repeats hex N times, or
//	                   "~hexprefix~N", N elements prefix0..prefix(N-1),
//	                   or "=", the empty string
//	< HEX              the raw RESP reply
//	<# LEN SHA256      a long raw reply, by length and digest
//	counts N SHA256    PFADD cnt c:i; PFCOUNT cnt for i in 0..N-1: digest
//	                   of the PFCOUNT replies
//	count N V          PFCOUNT after N elements of the above
//	# ...              comment

// hllDecodeArg decodes one transcript argument token.
func hllDecodeArg(t *testing.T, tok string) [][]byte {
	t.Helper()
	if strings.HasPrefix(tok, "~") {
		f := strings.Split(tok[1:], "~")
		prefix, err := hex.DecodeString(f[0])
		if err != nil {
			t.Fatal(err)
		}
		n, _ := strconv.Atoi(f[1])
		out := make([][]byte, n)
		for i := range out {
			out[i] = strconv.AppendInt(append([]byte(nil), prefix...), int64(i), 10)
		}
		return out
	}
	if tok == "=" {
		return [][]byte{{}}
	}
	var arg []byte
	for _, part := range strings.Split(tok, ",") {
		n := 1
		if i := strings.IndexByte(part, '*'); i >= 0 {
			n, _ = strconv.Atoi(part[i+1:])
			part = part[:i]
		}
		b, err := hex.DecodeString(part)
		if err != nil {
			t.Fatalf("bad token %q: %v", tok, err)
		}
		arg = append(arg, bytes.Repeat(b, n)...)
	}
	return [][]byte{arg}
}

// hllRunArgs runs a command with binary arguments.
func (s *Server) hllRunArgs(c *Client, args [][]byte) string {
	c.argv = append(c.argv[:0], args...)
	s.processCommand(c)
	c.argv = nil
	out := string(c.reply)
	c.reply = c.reply[:0]
	c.sent = 0
	return out
}

func hllShow(b string) string {
	if len(b) > 200 {
		return fmt.Sprintf("%q...(%d bytes)", b[:200], len(b))
	}
	return fmt.Sprintf("%q", b)
}

// TestHLLVectors replays the Redis transcript and compares every reply
// byte for byte: sparse encodings, sparse->dense promotion, merges,
// corrupted values, PFDEBUG, and PFCOUNT for 1..100000 elements.
func TestHLLVectors(t *testing.T) {
	f, err := os.Open("testdata/hll_vectors.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := newTestServer(t)
	c := s.fakeClient()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var last string
	var lastCmd string
	counts := map[int]string{}
	var countsN int
	var countsDigest string
	line := 0
	for sc.Scan() {
		line++
		l := sc.Text()
		if countsN > 0 && !strings.HasPrefix(l, "count ") {
			hllCheckCounts(t, s, c, countsN, countsDigest, counts)
			countsN = 0
		}
		switch {
		case strings.HasPrefix(l, "# ") || l == "":
		case strings.HasPrefix(l, "> "):
			var args [][]byte
			for _, tok := range strings.Fields(l[2:]) {
				args = append(args, hllDecodeArg(t, tok)...)
			}
			lastCmd = string(args[0])
			if len(args) > 1 {
				lastCmd += " " + hllShow(string(args[1]))
			}
			last = s.hllRunArgs(c, args)
		case strings.HasPrefix(l, "< "):
			want, err := hex.DecodeString(l[2:])
			if err != nil {
				t.Fatal(err)
			}
			if last != string(want) {
				t.Fatalf("line %d: %s: got %s, want %s", line, lastCmd, hllShow(last), hllShow(string(want)))
			}
		case strings.HasPrefix(l, "<# "):
			f := strings.Fields(l[3:])
			sum := sha256.Sum256([]byte(last))
			if strconv.Itoa(len(last)) != f[0] || hex.EncodeToString(sum[:]) != f[1] {
				t.Fatalf("line %d: %s: got %s (%d bytes), want a %s-byte reply", line, lastCmd, hllShow(last), len(last), f[0])
			}
		case strings.HasPrefix(l, "counts "):
			f := strings.Fields(l)
			countsN, _ = strconv.Atoi(f[1])
			countsDigest = f[2]
		case strings.HasPrefix(l, "count "):
			f := strings.Fields(l)
			n, _ := strconv.Atoi(f[1])
			counts[n] = f[2]
		default:
			t.Fatalf("line %d: bad line %q", line, l)
		}
	}
	if countsN > 0 {
		hllCheckCounts(t, s, c, countsN, countsDigest, counts)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

// hllCheckCounts runs PFADD cnt c:i / PFCOUNT cnt for i < n and checks
// the replies against Redis's (samples, then the digest of them all).
func hllCheckCounts(t *testing.T, s *Server, c *Client, n int, digest string, samples map[int]string) {
	t.Helper()
	h := sha256.New()
	args := [][]byte{[]byte("PFADD"), []byte("cnt"), nil}
	cnt := [][]byte{[]byte("PFCOUNT"), []byte("cnt")}
	for i := 0; i < n; i++ {
		args[2] = strconv.AppendInt([]byte("c:"), int64(i), 10)
		s.hllRunArgs(c, args)
		r := s.hllRunArgs(c, cnt)
		if want, ok := samples[i+1]; ok && r != ":"+want+"\r\n" {
			t.Fatalf("PFCOUNT after %d elements: got %q, want %s", i+1, r, want)
		}
		h.Write([]byte(r))
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != digest {
		t.Fatalf("PFCOUNT digest for 1..%d elements differs from Redis", n)
	}
}

func TestHLLCommands(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"pfadd", "-ERR wrong number of arguments for 'pfadd' command\r\n"},
		{"pfcount", "-ERR wrong number of arguments for 'pfcount' command\r\n"},
		{"pfmerge", "-ERR wrong number of arguments for 'pfmerge' command\r\n"},
		{"pfdebug encoding", "-ERR wrong number of arguments for 'pfdebug' command\r\n"},
		{"pfdebug encoding a b", "-ERR wrong number of arguments for 'pfdebug' command\r\n"},
		{"pfselftest x", "-ERR wrong number of arguments for 'pfselftest' command\r\n"},
		{"pfadd h a b c", ":1\r\n"},
		{"pfadd h a b c", ":0\r\n"},
		{"pfadd h", ":0\r\n"},
		{"pfcount h", ":3\r\n"},
		{"pfcount h nosuch", ":3\r\n"},
		{"pfcount nosuch", ":0\r\n"},
		{"type h", "+string\r\n"},
		{"object encoding h", "$3\r\nraw\r\n"},
		{"strlen h", ":27\r\n"},
		{"pfdebug encoding h", "+sparse\r\n"},
		{"pfdebug decode h", "$44\r\nZ:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603\r\n"},
		{"pfdebug todense h", ":1\r\n"},
		{"pfdebug todense h", ":0\r\n"},
		{"pfdebug encoding h", "+dense\r\n"},
		{"strlen h", ":12304\r\n"},
		{"pfdebug decode h", "-ERR HLL encoding is not sparse\r\n"},
		{"pfcount h", ":3\r\n"},
		{"pfdebug nosuch nokey", "-ERR The specified key does not exist\r\n"},
		{"pfdebug nosuch h", "-ERR Unknown PFDEBUG subcommand 'nosuch'\r\n"},
		{"pfmerge dst h", "+OK\r\n"},
		{"pfdebug encoding dst", "+dense\r\n"},
		{"pfcount dst", ":3\r\n"},
		{"pfmerge e1", "+OK\r\n"},
		{"pfdebug encoding e1", "+sparse\r\n"},
		{"pfcount e1", ":0\r\n"},
		{"set s hello", "+OK\r\n"},
		{"pfadd s a", "-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n"},
		{"pfcount s", "-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n"},
		{"pfcount h s", "-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n"},
		{"pfmerge h s", "-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n"},
		{"pfmerge s h", "-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n"},
		{"pfdebug encoding s", "-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n"},
		{"set i 123", "+OK\r\n"},
		{"pfadd i a", "-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n"},
	})
	// Values of other types get the ordinary WRONGTYPE error.
	var stub int
	c.db.dict.Insert("list", collectionObject(TypeList, EncQuicklist, unsafe.Pointer(&stub)))
	for _, cmd := range []string{"pfadd list a", "pfcount list", "pfcount h list", "pfmerge list", "pfmerge h list", "pfdebug getreg list"} {
		if got := s.run(c, strings.Fields(cmd)...); got != "-"+errWrongType+"\r\n" {
			t.Errorf("%s: got %q", cmd, got)
		}
	}
}

func TestHLLGetreg(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.run(c, "pfadd", "h", "a")
	r := s.run(c, "pfdebug", "getreg", "h")
	if !strings.HasPrefix(r, "*16384\r\n") || strings.Count(r, "\r\n") != 16385 {
		t.Fatalf("GETREG reply %q", hllShow(r))
	}
	// "a" sets register 12711 to 2 (Redis: PFDEBUG DECODE gives
	// "Z:12711 v:2,1 Z:3672").
	regs := strings.Split(r, "\r\n")[1:]
	for i := 0; i < ds.HLLRegisters; i++ {
		want := ":0"
		if i == 12711 {
			want = ":2"
		}
		if regs[i] != want {
			t.Fatalf("register %d = %s, want %s", i, regs[i], want)
		}
	}
	expectReplies(t, s, c, [][2]string{{"pfdebug encoding h", "+dense\r\n"}})
}

// TestHLLDirtyAndCache checks what counts as a change: PFADD adds one per
// changed register (and one for creating the key), PFCOUNT writes the
// cache (and touches WATCHers) only when it was stale.
func TestHLLDirtyAndCache(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	steps := []struct {
		cmd   string
		reply string
		dirty int64
	}{
		{"pfadd h", ":1\r\n", 1},
		{"pfadd h a b c", ":1\r\n", 3},
		{"pfadd h a b c", ":0\r\n", 0},
		{"pfcount h", ":3\r\n", 1},
		{"pfcount h", ":3\r\n", 0},
		{"pfcount h h", ":3\r\n", 0},
		{"pfcount nosuch", ":0\r\n", 0},
		{"pfmerge h", "+OK\r\n", 1},
		{"pfcount h", ":3\r\n", 1},
		{"pfdebug encoding h", "+sparse\r\n", 0},
		{"pfdebug todense h", ":1\r\n", 1},
		{"pfdebug todense h", ":0\r\n", 0},
		{"pfdebug getreg h", "", 0},
		{"pfadd s x", ":1\r\n", 2},
		{"pfdebug getreg s", "", 1},
	}
	for _, st := range steps {
		before := s.dirty
		got := s.run(c, strings.Fields(st.cmd)...)
		if st.reply != "" && got != st.reply {
			t.Fatalf("%s: got %q, want %q", st.cmd, got, st.reply)
		}
		if d := s.dirty - before; d != st.dirty {
			t.Fatalf("%s: dirty +%d, want +%d", st.cmd, d, st.dirty)
		}
	}

	// A stale cache written by PFCOUNT fails a WATCHer's EXEC; a valid one
	// doesn't.
	w := s.fakeClient()
	s.run(c, "pfadd", "h", "d")
	expectReplies(t, s, w, [][2]string{{"watch h", "+OK\r\n"}, {"multi", "+OK\r\n"}, {"ping", "+QUEUED\r\n"}})
	expectReplies(t, s, c, [][2]string{{"pfcount h", ":4\r\n"}})
	expectReplies(t, s, w, [][2]string{{"exec", "*-1\r\n"}})
	expectReplies(t, s, w, [][2]string{{"watch h", "+OK\r\n"}, {"multi", "+OK\r\n"}, {"ping", "+QUEUED\r\n"}})
	expectReplies(t, s, c, [][2]string{{"pfcount h", ":4\r\n"}, {"pfadd h a", ":0\r\n"}})
	expectReplies(t, s, w, [][2]string{{"exec", "*1\r\n+PONG\r\n"}})
	expectReplies(t, s, w, [][2]string{{"watch h", "+OK\r\n"}, {"multi", "+OK\r\n"}, {"ping", "+QUEUED\r\n"}})
	expectReplies(t, s, c, [][2]string{{"pfadd h e", ":1\r\n"}})
	expectReplies(t, s, w, [][2]string{{"exec", "*-1\r\n"}})
}

// TestHLLEncoding checks the string encoding of HLL values: PFADD/PFMERGE
// create raw strings; an embstr HLL (SET) becomes raw when a PF command
// unshares it, as dbUnshareStringValue does.
func TestHLLEncoding(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	empty := string(ds.HLLNew())
	for _, cmd := range [][]string{
		{"pfcount", "k"}, {"pfadd", "k"}, {"pfadd", "k", "a"}, {"pfmerge", "k"}, {"pfdebug", "encoding", "k"},
	} {
		s.run(c, "set", "k", empty)
		if got := s.run(c, "object", "encoding", "k"); got != "$6\r\nembstr\r\n" {
			t.Fatalf("after SET: %q", got)
		}
		s.run(c, cmd...)
		if got := s.run(c, "object", "encoding", "k"); got != "$3\r\nraw\r\n" {
			t.Fatalf("after %v: %q", cmd, got)
		}
	}
	// Multi-key PFCOUNT reads without unsharing.
	s.run(c, "set", "k", empty)
	s.run(c, "pfcount", "k", "k")
	if got := s.run(c, "object", "encoding", "k"); got != "$6\r\nembstr\r\n" {
		t.Fatalf("after multi-key PFCOUNT: %q", got)
	}
	// Growing in place: a sparse HLL edited many times keeps its bytes
	// identical to a fresh computation.
	for i := 0; i < 3000; i++ {
		s.run(c, "pfadd", "g", "e"+strconv.Itoa(i))
		if i%97 == 0 {
			got := s.run(c, "get", "g")
			want := ds.HLLNew()
			for j := 0; j <= i; j++ {
				want, _ = ds.HLLAdd(want, []byte("e"+strconv.Itoa(j)), ds.HLLSparseMax)
			}
			ds.HLLInvalidate(want)
			if got != string(fmt.Appendf(nil, "$%d\r\n%s\r\n", len(want), want)) {
				t.Fatalf("after %d elements: bytes differ", i+1)
			}
		}
	}
}

// TestHLLKeepsTTL: PF commands edit the value in place and keep its TTL.
func TestHLLKeepsTTL(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"pfadd h a", ":1\r\n"},
		{"expire h 1000", ":1\r\n"},
		{"pfadd h b", ":1\r\n"},
		{"pfcount h", ":2\r\n"},
		{"pfmerge h", "+OK\r\n"},
		{"pfdebug todense h", ":1\r\n"},
		{"ttl h", ":1000\r\n"},
	})
}

func TestHLLSelftest(t *testing.T) {
	if testing.Short() {
		t.Skip("PFSELFTEST adds 10M elements")
	}
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{{"pfselftest", "+OK\r\n"}})
}

// FuzzHLLParse stores arbitrary bytes as a string and runs the HLL
// commands on it: they must never panic, and must either accept the value
// or reject it with Redis's errors.
func FuzzHLLParse(f *testing.F) {
	f.Add(ds.HLLNew(), []byte("a"))
	f.Add([]byte("HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff\x00"), []byte("b"))
	f.Add([]byte("HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f"), []byte("c"))
	f.Add([]byte("HYLL\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80"), []byte("d"))
	f.Add([]byte("HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\xff\xff\xff\x7f\xfb"), []byte(""))
	s := newTestServer(f)
	c := s.fakeClient()
	errOK := func(r string) bool {
		return r == "-"+hllErrInvalid+"\r\n" || r == "-"+hllErrNotHLL+"\r\n"
	}
	f.Fuzz(func(t *testing.T, val, ele []byte) {
		run := func(args ...[]byte) string { return s.hllRunArgs(c, args) }
		b := func(s string) []byte { return []byte(s) }
		valid := ds.HLLValid(val)
		sparseOK := valid && (val[4] == ds.HLLDense || func() bool { var h ds.HLLHisto; return ds.HLLRegHisto(val, &h) }())
		run(b("set"), b("k"), val)
		r := run(b("pfcount"), b("k"))
		switch {
		case !valid:
			if r != "-"+hllErrNotHLL+"\r\n" {
				t.Fatalf("PFCOUNT of a non-HLL: %q", r)
			}
		case !sparseOK && val[15]&0x80 != 0:
			if r != "-"+hllErrInvalid+"\r\n" {
				t.Fatalf("PFCOUNT of a corrupted HLL: %q", r)
			}
		default:
			if !strings.HasPrefix(r, ":") {
				t.Fatalf("PFCOUNT: %q", r)
			}
		}
		for _, cmd := range [][][]byte{
			{b("pfcount"), b("k"), b("k")},
			{b("pfadd"), b("k"), ele, b("x"), b("y")},
			{b("pfcount"), b("k")},
			{b("pfmerge"), b("m"), b("k")},
			{b("pfmerge"), b("k"), b("m")},
			{b("pfdebug"), b("decode"), b("k")},
			{b("pfdebug"), b("todense"), b("k")},
			{b("pfcount"), b("k")},
		} {
			r := run(cmd...)
			if r[0] == '-' && !errOK(r) && r != "-"+hllErrNoSparse+"\r\n" {
				t.Fatalf("%s: %q", cmd[0], r)
			}
		}
		run(b("del"), b("k"), b("m"))
	})
}
