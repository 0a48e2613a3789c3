package resp

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// full marks a test case whose command spans the whole input.
const full = -1

var parseTests = []struct {
	name   string
	in     string
	unauth bool
	want   []string // the argv when complete
	n      int      // bytes consumed: full, 0 (incomplete/error) or exact
	err    error
}{
	// multibulk, complete
	{name: "set", in: "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\nb\r\n", want: []string{"SET", "a", "b"}, n: full},
	{name: "empty bulk", in: "*1\r\n$0\r\n\r\n", want: []string{""}, n: full},
	{name: "binary bulk", in: "*1\r\n$4\r\n\r\n\x00\xff\r\n", want: []string{"\r\n\x00\xff"}, n: full},
	{name: "zero count", in: "*0\r\n", want: []string{}, n: full},
	{name: "null count", in: "*-1\r\n", want: []string{}, n: full},
	{name: "negative count", in: "*-5\r\n", want: []string{}, n: full},
	{name: "trailer not checked", in: "*1\r\n$3\r\nabcXY", want: []string{"abc"}, n: full},
	{name: "count line only cr", in: "*1\rX$1\r\na\r\n", want: []string{"a"}, n: full},
	{name: "only first command", in: "*1\r\n$4\r\nPING\r\n*1\r\n", want: []string{"PING"}, n: 14},
	{name: "max bulk accepted", in: "*1\r\n$536870912\r\n", n: 0},
	{name: "max count accepted", in: "*2147483647\r\n", n: 0},
	{name: "unauth count 10", in: "*10\r\n", unauth: true, n: 0},
	{name: "unauth bulk 16384", in: "*1\r\n$16384\r\n", unauth: true, n: 0},
	// multibulk, incomplete
	{name: "star only", in: "*", n: 0},
	{name: "count no lf", in: "*1\r", n: 0},
	{name: "no bulk header", in: "*1\r\n", n: 0},
	{name: "partial bulk header", in: "*1\r\n$3", n: 0},
	{name: "partial bulk data", in: "*1\r\n$3\r\nab", n: 0},
	{name: "bulk data no trailer", in: "*1\r\n$3\r\nabc", n: 0},
	{name: "bulk data half trailer", in: "*1\r\n$3\r\nabc\r", n: 0},
	{name: "count header at limit", in: "*" + strings.Repeat("1", 65535), n: 0},
	// multibulk errors
	{name: "count not int", in: "*abc\r\n", err: ErrInvalidMultibulkLength},
	{name: "count empty", in: "*\r\n", err: ErrInvalidMultibulkLength},
	{name: "count plus", in: "*+1\r\n", err: ErrInvalidMultibulkLength},
	{name: "count space", in: "* 1\r\n", err: ErrInvalidMultibulkLength},
	{name: "count leading zero", in: "*01\r\n", err: ErrInvalidMultibulkLength},
	{name: "count minus zero", in: "*-0\r\n", err: ErrInvalidMultibulkLength},
	{name: "count over int max", in: "*2147483648\r\n", err: ErrInvalidMultibulkLength},
	{name: "count huge", in: "*99999999999\r\n", err: ErrInvalidMultibulkLength},
	{name: "count overflow", in: "*99999999999999999999\r\n", err: ErrInvalidMultibulkLength},
	{name: "count too big string", in: "*" + strings.Repeat("1", 65536), err: ErrTooBigMbulkCount},
	{name: "count cr beyond limit", in: "*" + strings.Repeat("1", 65536) + "\r\n", err: ErrTooBigMbulkCount},
	{name: "unauth count", in: "*11\r\n", unauth: true, err: ErrUnauthenticatedMultibulk},
	{name: "unauth invalid first", in: "*x\r\n", unauth: true, err: ErrInvalidMultibulkLength},
	{name: "missing dollar", in: "*1\r\nx3\r\nabc\r\n", err: ExpectedDollarError('x')},
	{name: "missing dollar cr", in: "*1\r\n\r\n", err: ExpectedDollarError('\r')},
	{name: "missing dollar second", in: "*2\r\n$1\r\na\r\n:1\r\n", err: ExpectedDollarError(':')},
	{name: "bulk minus one", in: "*1\r\n$-1\r\n", err: ErrInvalidBulkLength},
	{name: "bulk negative", in: "*1\r\n$-5\r\n", err: ErrInvalidBulkLength},
	{name: "bulk not int", in: "*1\r\n$abc\r\n", err: ErrInvalidBulkLength},
	{name: "bulk empty len", in: "*1\r\n$\r\n", err: ErrInvalidBulkLength},
	{name: "bulk over max", in: "*1\r\n$536870913\r\n", err: ErrInvalidBulkLength},
	{name: "bulk over int max", in: "*1\r\n$2147483648\r\n", err: ErrInvalidBulkLength},
	{name: "bulk too big string", in: "*1\r\n$" + strings.Repeat("1", 65536), err: ErrTooBigBulkCount},
	{name: "bulk header at limit", in: "*1\r\n$" + strings.Repeat("1", 65535), n: 0},
	{name: "unauth bulk", in: "*1\r\n$16385\r\n", unauth: true, err: ErrUnauthenticatedBulk},
	// inline
	{name: "inline crlf", in: "PING\r\n", want: []string{"PING"}, n: full},
	{name: "inline lf", in: "PING\n", want: []string{"PING"}, n: full},
	{name: "inline args", in: "set  key\tvalue \r\n", want: []string{"set", "key", "value"}, n: full},
	{name: "inline empty crlf", in: "\r\n", want: []string{}, n: full},
	{name: "inline empty lf", in: "\n", want: []string{}, n: full},
	{name: "inline blanks", in: " \t \r\n", want: []string{}, n: full},
	{name: "inline quotes", in: "set \"a b\" 'c d'\r\n", want: []string{"set", "a b", "c d"}, n: full},
	{name: "inline hex escape", in: "\"\\x41\\n\"\n", want: []string{"A\n"}, n: full},
	{name: "inline escapes", in: "\"\\n\\r\\t\\b\\a\\\\\\\"\\q\"\n", want: []string{"\n\r\t\b\a\\\"q"}, n: full},
	{name: "inline bad hex", in: "\"\\xZZ\"\n", want: []string{"xZZ"}, n: full},
	{name: "inline single escape", in: "'it\\'s' 'a\\nb'\n", want: []string{"it's", "a\\nb"}, n: full},
	{name: "inline quote mid token", in: "a\"b c\" x\n", want: []string{"ab c", "x"}, n: full},
	{name: "inline empty quotes", in: "\"\" ''\n", want: []string{"", ""}, n: full},
	{name: "inline quote then vtab", in: "\"a\"\vb\n", want: []string{"a", "b"}, n: full},
	{name: "inline vtab not separator", in: "a\vb\n", want: []string{"a\vb"}, n: full},
	{name: "inline inner cr", in: "x\r\ry\r\n", want: []string{"x", "y"}, n: full},
	{name: "inline nul ends line", in: "GET k\x00junk\n", want: []string{"GET", "k"}, n: full},
	{name: "inline only first line", in: "PING\nPING\n", want: []string{"PING"}, n: 5},
	{name: "inline incomplete", in: "PING", n: 0},
	{name: "inline at limit", in: strings.Repeat("a", 65536), n: 0},
	{name: "inline too big", in: strings.Repeat("a", 65537), err: ErrTooBigInline},
	{name: "inline lf beyond limit", in: strings.Repeat("a", 65537) + "\n", err: ErrTooBigInline},
	{name: "inline closing quote glued", in: "\"foo\"bar\n", err: ErrUnbalancedQuotes},
	{name: "inline closing squote glued", in: "'foo'bar\n", err: ErrUnbalancedQuotes},
	{name: "inline unterminated", in: "get \"foo\r\n", err: ErrUnbalancedQuotes},
	{name: "inline unterminated squote", in: "get 'foo\n", err: ErrUnbalancedQuotes},
	{name: "inline escaped closing", in: "\"\\\"\n", err: ErrUnbalancedQuotes},
	{name: "inline trailing backslash", in: "\"abc\\\n", err: ErrUnbalancedQuotes},
	{name: "inline nul in quotes", in: "\"a\x00\"\n", err: ErrUnbalancedQuotes},
}

func strs(argv [][]byte) []string {
	out := make([]string, len(argv))
	for i, a := range argv {
		out[i] = string(a)
	}
	return out
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewParser()
			p.Unauthenticated = tt.unauth
			argv, n, err := p.Parse([]byte(tt.in))
			wantN := tt.n
			if wantN == full {
				wantN = len(tt.in)
			}
			if err != tt.err {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if n != wantN {
				t.Fatalf("n = %d, want %d", n, wantN)
			}
			if n > 0 && !reflect.DeepEqual(strs(argv), tt.want) {
				t.Fatalf("argv = %q, want %q", strs(argv), tt.want)
			}
		})
	}
}

// TestParseBytewise feeds every test input one byte at a time, moving the
// pending bytes to a fresh backing array (and poisoning the old one) before
// each call, and checks the outcome equals parsing the input whole.
func TestParseBytewise(t *testing.T) {
	for _, tt := range parseTests {
		if len(tt.in) > 1024 {
			continue // quadratic; the big cases are covered by TestParseChunked
		}
		t.Run(tt.name, func(t *testing.T) {
			p := NewParser()
			p.Unauthenticated = tt.unauth
			wantArgv, wantN, wantErr := p.Parse([]byte(tt.in))
			want := strs(wantArgv)

			q := NewParser()
			q.Unauthenticated = tt.unauth
			var buf []byte
			for i := 0; i < len(tt.in); i++ {
				nb := make([]byte, i+1)
				copy(nb, buf)
				for j := range buf {
					buf[j] = '?'
				}
				nb[i] = tt.in[i]
				buf = nb
				argv, n, err := q.Parse(buf)
				if n < 0 || n > len(buf) {
					t.Fatalf("n = %d out of [0,%d]", n, len(buf))
				}
				if err != nil || n > 0 {
					if err != wantErr || n != wantN || !reflect.DeepEqual(strs(argv), want) {
						t.Fatalf("after %d bytes: %q %d %v, whole: %q %d %v",
							i+1, strs(argv), n, err, want, wantN, wantErr)
					}
					return
				}
			}
			if wantN != 0 || wantErr != nil {
				t.Fatalf("bytewise never completed, whole: %q %d %v", want, wantN, wantErr)
			}
		})
	}
}

// TestParseChunked feeds every input in chunks of several sizes.
func TestParseChunked(t *testing.T) {
	for _, tt := range parseTests {
		for _, chunk := range []int{2, 7, 4096, 16384} {
			if chunk < 4096 && len(tt.in) > 1024 {
				continue // quadratic copying
			}
			p := NewParser()
			p.Unauthenticated = tt.unauth
			wantArgv, wantN, wantErr := p.Parse([]byte(tt.in))
			want := strs(wantArgv)
			q := NewParser()
			q.Unauthenticated = tt.unauth
			var buf []byte
			var got []string
			var gotN int
			var gotErr error
			for off := 0; off < len(tt.in); off += chunk {
				buf = append(bytes.Clone(buf), tt.in[off:min(off+chunk, len(tt.in))]...)
				argv, n, err := q.Parse(buf)
				if err != nil || n > 0 {
					got, gotN, gotErr = strs(argv), n, err
					break
				}
			}
			if gotErr != wantErr || gotN != wantN || (gotN > 0 && !reflect.DeepEqual(got, want)) {
				t.Errorf("%s/chunk %d: %q %d %v, whole: %q %d %v", tt.name, chunk, got, gotN, gotErr, want, wantN, wantErr)
			}
		}
	}
}

// parseAll parses every complete command in buf.
func parseAll(p *Parser, buf []byte) (cmds [][]string, consumed int, err error) {
	for consumed < len(buf) {
		argv, n, err := p.Parse(buf[consumed:])
		if err != nil {
			return cmds, consumed, err
		}
		if n == 0 {
			break
		}
		cmds = append(cmds, strs(argv))
		consumed += n
	}
	return cmds, consumed, nil
}

func TestParsePipelined(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     [][]string
		consumed int
		err      error
	}{
		{
			name: "mixed",
			in:   "PING\r\n*1\r\n$4\r\nPING\r\nECHO x\n*0\r\n\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n",
			want: [][]string{{"PING"}, {"PING"}, {"ECHO", "x"}, {}, {}, {"GET", "k"}},
		},
		{
			name:     "trailing partial",
			in:       "*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\n",
			want:     [][]string{{"PING"}},
			consumed: 14,
		},
		{
			name:     "error after good",
			in:       "*1\r\n$4\r\nPING\r\n*x\r\n",
			want:     [][]string{{"PING"}},
			consumed: 14,
			err:      ErrInvalidMultibulkLength,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmds, consumed, err := parseAll(NewParser(), []byte(tt.in))
			wantConsumed := tt.consumed
			if wantConsumed == 0 {
				wantConsumed = len(tt.in)
			}
			if err != tt.err || consumed != wantConsumed || !reflect.DeepEqual(cmds, tt.want) {
				t.Fatalf("got %q %d %v, want %q %d %v", cmds, consumed, err, tt.want, wantConsumed, tt.err)
			}
		})
	}
}

func TestParseLimits(t *testing.T) {
	tests := []struct {
		name string
		p    Parser
		in   string
		n    int
		err  error
	}{
		{name: "zero value defaults", p: Parser{}, in: "*1\r\n$536870913\r\n", err: ErrInvalidBulkLength},
		{name: "small max bulk", p: Parser{MaxBulkLen: 3}, in: "*1\r\n$4\r\n", err: ErrInvalidBulkLength},
		{name: "small max bulk ok", p: Parser{MaxBulkLen: 3}, in: "*1\r\n$3\r\nabc\r\n", n: 13},
		{name: "master huge bulk", p: Parser{MaxBulkLen: 1 << 62}, in: "*1\r\n$4611686018427387904\r\n", n: 0},
		{name: "small inline", p: Parser{MaxInlineLen: 4}, in: "PINGX", err: ErrTooBigInline},
		{name: "small inline ok", p: Parser{MaxInlineLen: 4}, in: "PIN\r\n", n: 5},
		{name: "small count string", p: Parser{MaxInlineLen: 2}, in: "*100\r\n", err: ErrTooBigMbulkCount},
		{name: "small count", p: Parser{MaxMultibulkLen: 2}, in: "*3\r\n", err: ErrInvalidMultibulkLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, n, err := tt.p.Parse([]byte(tt.in))
			if n != tt.n || err != tt.err {
				t.Fatalf("got %d %v, want %d %v", n, err, tt.n, tt.err)
			}
		})
	}
}

func TestNeedBytes(t *testing.T) {
	p := NewParser()
	in := []byte("*2\r\n$3\r\nSET\r\n$100000\r\nabc")
	if _, n, err := p.Parse(in); n != 0 || err != nil {
		t.Fatalf("got %d %v, want incomplete", n, err)
	}
	want := len("*2\r\n$3\r\nSET\r\n$100000\r\n") + 100000 + 2
	if got := p.NeedBytes(); got != want {
		t.Fatalf("NeedBytes = %d, want %d", got, want)
	}
	buf := make([]byte, want)
	copy(buf, in)
	argv, n, err := p.Parse(buf)
	if n != want || err != nil || len(argv) != 2 || len(argv[1]) != 100000 {
		t.Fatalf("got %d args, n %d, err %v", len(argv), n, err)
	}
	if p.NeedBytes() != 0 {
		t.Fatalf("NeedBytes after completion = %d", p.NeedBytes())
	}
}

func TestParseResetAndMisuse(t *testing.T) {
	p := NewParser()
	if _, n, _ := p.Parse([]byte("*2\r\n$3\r\nGET\r\n")); n != 0 {
		t.Fatal("expected incomplete")
	}
	p.Reset()
	argv, n, err := p.Parse([]byte("PING\r\n"))
	if err != nil || n != 6 || len(argv) != 1 || string(argv[0]) != "PING" {
		t.Fatalf("after Reset: %q %d %v", strs(argv), n, err)
	}
	// A caller that switches buffers without Reset must not make Parse panic.
	if _, n, _ := p.Parse([]byte("*2\r\n$3\r\nGET\r\n")); n != 0 {
		t.Fatal("expected incomplete")
	}
	argv, n, err = p.Parse([]byte("ECHO\r\n"))
	if err != nil || n != 6 || string(argv[0]) != "ECHO" {
		t.Fatalf("after misuse: %q %d %v", strs(argv), n, err)
	}
	if _, n, _ = p.Parse([]byte("*1\r\n$3\r\nGET\r\n")[:6]); n != 0 {
		t.Fatal("expected incomplete")
	}
	if _, n, err = p.Parse([]byte("*1")); n != 0 || err != nil {
		t.Fatalf("shorter buffer: %d %v", n, err)
	}
}

func TestParseArgsClipped(t *testing.T) {
	buf := []byte("*2\r\n$1\r\na\r\n$1\r\nb\r\n")
	argv, _, _ := NewParser().Parse(buf)
	_ = append(argv[0], 'X')
	if string(buf) != "*2\r\n$1\r\na\r\n$1\r\nb\r\n" {
		t.Fatalf("append to an argument overwrote the buffer: %q", buf)
	}
}

func TestExpectedDollarErrorText(t *testing.T) {
	tests := []struct {
		e    error
		want string
	}{
		{ExpectedDollarError('x'), "Protocol error: expected '$', got 'x'"},
		{ExpectedDollarError(':'), "Protocol error: expected '$', got ':'"},
	}
	for _, tt := range tests {
		if tt.e.Error() != tt.want {
			t.Errorf("got %q, want %q", tt.e.Error(), tt.want)
		}
	}
	var ed ExpectedDollarError
	if !errors.As(error(ExpectedDollarError('y')), &ed) || ed != 'y' {
		t.Error("errors.As failed")
	}
}

func TestParseInt(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"1", 1, true}, {"-1", -1, true}, {"123", 123, true},
		{"9223372036854775807", 1<<63 - 1, true},
		{"-9223372036854775808", -1 << 63, true},
		{"9223372036854775808", 0, false}, {"-9223372036854775809", 0, false},
		{"18446744073709551616", 0, false}, {"99999999999999999999", 0, false},
		{"", 0, false}, {"-", 0, false}, {"-0", 0, false}, {"00", 0, false},
		{"01", 0, false}, {"+1", 0, false}, {" 1", 0, false}, {"1 ", 0, false},
		{"1a", 0, false}, {"0x1", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseInt([]byte(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseInt(%q) = %d %v, want %d %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func pipelineBuf(cmds int) []byte {
	var b []byte
	for i := 0; i < cmds; i++ {
		key := fmt.Sprintf("key:%06d", i)
		b = AppendArray(b, 3)
		b = AppendBulkString(b, "SET")
		b = AppendBulkString(b, key)
		b = AppendBulkString(b, "xxx")
	}
	return b
}

func TestParseAllocs(t *testing.T) {
	tests := []struct {
		name string
		buf  []byte
	}{
		{"multibulk pipeline", pipelineBuf(16)},
		{"inline pipeline", []byte(strings.Repeat("SET \"key 1\" 'x y' z\r\n", 16))},
	}
	for _, tt := range tests {
		p := NewParser()
		allocs := testing.AllocsPerRun(100, func() {
			for off := 0; off < len(tt.buf); {
				_, n, err := p.Parse(tt.buf[off:])
				if err != nil || n == 0 {
					panic("bad pipeline")
				}
				off += n
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocs per run, want 0", tt.name, allocs)
		}
	}
}

func BenchmarkParsePipeline(b *testing.B) {
	buf := pipelineBuf(16)
	p := NewParser()
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		for off := 0; off < len(buf); {
			_, n, err := p.Parse(buf[off:])
			if err != nil || n == 0 {
				b.Fatal("bad pipeline")
			}
			off += n
		}
	}
}

func BenchmarkParseInline(b *testing.B) {
	buf := []byte(strings.Repeat("SET key:000001 xxx\r\n", 16))
	p := NewParser()
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		for off := 0; off < len(buf); {
			_, n, err := p.Parse(buf[off:])
			if err != nil || n == 0 {
				b.Fatal("bad pipeline")
			}
			off += n
		}
	}
}
