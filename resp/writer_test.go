package resp

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

func TestWriters(t *testing.T) {
	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{"simple", AppendSimple(nil, "OK"), "+OK\r\n"},
		{"error", AppendError(nil, "ERR bad"), "-ERR bad\r\n"},
		{"error newlines", AppendError(nil, "ERR a\r\nb\nc"), "-ERR a  b c\r\n"},
		{"int", AppendInt(nil, 42), ":42\r\n"},
		{"int negative", AppendInt(nil, -1), ":-1\r\n"},
		{"int min", AppendInt(nil, math.MinInt64), ":-9223372036854775808\r\n"},
		{"bulk", AppendBulk(nil, []byte("foo")), "$3\r\nfoo\r\n"},
		{"bulk empty", AppendBulk(nil, nil), "$0\r\n\r\n"},
		{"bulk binary", AppendBulk(nil, []byte("a\r\n\x00")), "$4\r\na\r\n\x00\r\n"},
		{"bulk string", AppendBulkString(nil, "hello"), "$5\r\nhello\r\n"},
		{"bulk int", AppendBulkInt(nil, -123), "$4\r\n-123\r\n"},
		{"bulk int zero", AppendBulkInt(nil, 0), "$1\r\n0\r\n"},
		{"null bulk 2", AppendNullBulk(nil, 2), "$-1\r\n"},
		{"null bulk 3", AppendNullBulk(nil, 3), "_\r\n"},
		{"null array 2", AppendNullArray(nil, 2), "*-1\r\n"},
		{"null array 3", AppendNullArray(nil, 3), "_\r\n"},
		{"array", AppendArray(nil, 3), "*3\r\n"},
		{"array empty", AppendArray(nil, 0), "*0\r\n"},
		{"map 2", AppendMap(nil, 2, 2), "*4\r\n"},
		{"map 3", AppendMap(nil, 3, 2), "%2\r\n"},
		{"set 2", AppendSet(nil, 2, 5), "*5\r\n"},
		{"set 3", AppendSet(nil, 3, 5), "~5\r\n"},
		{"push 2", AppendPush(nil, 2, 3), "*3\r\n"},
		{"push 3", AppendPush(nil, 3, 3), ">3\r\n"},
		{"attribute", AppendAttribute(nil, 1), "|1\r\n"},
		{"double 2", AppendDouble(nil, 2, 1.5), "$3\r\n1.5\r\n"},
		{"double 3", AppendDouble(nil, 3, 1.5), ",1.5\r\n"},
		{"double 2 tenth", AppendDouble(nil, 2, 0.1), "$19\r\n0.10000000000000001\r\n"},
		{"double 3 inf", AppendDouble(nil, 3, math.Inf(1)), ",inf\r\n"},
		{"double 3 -inf", AppendDouble(nil, 3, math.Inf(-1)), ",-inf\r\n"},
		{"double 2 inf", AppendDouble(nil, 2, math.Inf(1)), "$3\r\ninf\r\n"},
		{"double 2 -inf", AppendDouble(nil, 2, math.Inf(-1)), "$4\r\n-inf\r\n"},
		{"double 3 nan", AppendDouble(nil, 3, math.NaN()), ",nan\r\n"},
		{"bool 2 true", AppendBool(nil, 2, true), ":1\r\n"},
		{"bool 2 false", AppendBool(nil, 2, false), ":0\r\n"},
		{"bool 3 true", AppendBool(nil, 3, true), "#t\r\n"},
		{"bool 3 false", AppendBool(nil, 3, false), "#f\r\n"},
		{"verbatim 2", AppendVerbatim(nil, 2, "txt", []byte("hi")), "$2\r\nhi\r\n"},
		{"verbatim 3", AppendVerbatim(nil, 3, "txt", []byte("hi")), "=6\r\ntxt:hi\r\n"},
		{"bignum 2", AppendBigNumber(nil, 2, "12345678901234567890"), "$20\r\n12345678901234567890\r\n"},
		{"bignum 3", AppendBigNumber(nil, 3, "12345678901234567890"), "(12345678901234567890\r\n"},
		{"appends", AppendInt([]byte("+OK\r\n"), 1), "+OK\r\n:1\r\n"},
	}
	for _, tt := range tests {
		if string(tt.got) != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

// TestDoubleKnown checks the %.17g rendering against printf outputs.
func TestDoubleKnown(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		{1.5, "1.5"},
		{0.1, "0.10000000000000001"},
		{1e100, "1e+100"},
		{1e-5, "1.0000000000000001e-05"},
		{3.0, "3"},
		{0, "0"},
		{math.Copysign(0, -1), "-0"},
		{100, "100"},
		{1e16, "10000000000000000"},
		{1e17, "1e+17"},
		{123456789012345678, "1.2345678901234568e+17"},
		{0.0001, "0.0001"},
		{5e-324, "4.9406564584124654e-324"},
		{math.MaxFloat64, "1.7976931348623157e+308"},
		{math.Inf(1), "inf"},
		{math.Inf(-1), "-inf"},
		{math.NaN(), "nan"},
	}
	for _, tt := range tests {
		if got := string(appendDouble17g(nil, tt.f)); got != tt.want {
			t.Errorf("%v: got %q, want %q", tt.f, got, tt.want)
		}
	}
}

// TestDoubleGlibc compares against testdata/double17g.txt, produced by glibc
// printf("%016llx %.17g\n") over special, random-bit and decimal values.
func TestDoubleGlibc(t *testing.T) {
	f, err := os.Open("testdata/double17g.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	lines := 0
	for sc.Scan() {
		bitsHex, want, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			t.Fatalf("bad line %q", sc.Text())
		}
		bits, err := strconv.ParseUint(bitsHex, 16, 64)
		if err != nil {
			t.Fatal(err)
		}
		d := math.Float64frombits(bits)
		if got := string(appendDouble17g(nil, d)); got != want {
			t.Errorf("%s (%v): got %q, want %q", bitsHex, d, got, want)
		}
		lines++
	}
	if lines < 100 {
		t.Fatalf("only %d lines", lines)
	}
}

func TestWriterAllocs(t *testing.T) {
	buf := make([]byte, 0, 4096)
	val := []byte("some value")
	allocs := testing.AllocsPerRun(100, func() {
		b := buf[:0]
		for _, proto := range []int{2, 3} {
			b = AppendSimple(b, "OK")
			b = AppendError(b, "ERR x\ny")
			b = AppendInt(b, 12345)
			b = AppendBulk(b, val)
			b = AppendBulkString(b, "str")
			b = AppendBulkInt(b, -987654321)
			b = AppendNullBulk(b, proto)
			b = AppendNullArray(b, proto)
			b = AppendArray(b, 2)
			b = AppendMap(b, proto, 2)
			b = AppendSet(b, proto, 2)
			b = AppendPush(b, proto, 2)
			b = AppendAttribute(b, 1)
			b = AppendDouble(b, proto, 3.14159)
			b = AppendDouble(b, proto, math.Inf(-1))
			b = AppendBool(b, proto, true)
			b = AppendVerbatim(b, proto, "txt", val)
			b = AppendBigNumber(b, proto, "123")
		}
		buf = b
	})
	if allocs != 0 {
		t.Fatalf("%v allocs per run, want 0", allocs)
	}
}

func BenchmarkAppendBulk(b *testing.B) {
	buf := make([]byte, 0, 1024)
	val := []byte("some value of moderate length")
	b.ReportAllocs()
	for b.Loop() {
		buf = buf[:0]
		for range 16 {
			buf = AppendBulk(buf, val)
		}
	}
}

func BenchmarkAppendDouble(b *testing.B) {
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendDouble(buf[:0], 2, 3.14159)
	}
}
