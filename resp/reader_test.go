package resp

import (
	"bufio"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

var replyTests = []struct {
	name string
	in   string
	want Value
}{
	{"simple", "+OK\r\n", Value{Type: '+', Str: "OK"}},
	{"error", "-ERR x\r\n", Value{Type: '-', Str: "ERR x"}},
	{"int", ":-42\r\n", Value{Type: ':', Str: "-42", Int: -42}},
	{"bulk", "$3\r\na\r\n\r\n", Value{Type: '$', Str: "a\r\n"}},
	{"null bulk", "$-1\r\n", Value{Type: '$', Null: true}},
	{"null array", "*-1\r\n", Value{Type: '*', Null: true}},
	{"null", "_\r\n", Value{Type: '_', Null: true}},
	{"bool", "#t\r\n", Value{Type: '#', Str: "t", Int: 1}},
	{"double", ",1.5\r\n", Value{Type: ',', Str: "1.5"}},
	{"bignum", "(123\r\n", Value{Type: '(', Str: "123"}},
	{"verbatim", "=6\r\ntxt:hi\r\n", Value{Type: '=', Str: "hi"}},
	{"blob error", "!3\r\nERR\r\n", Value{Type: '!', Str: "ERR"}},
	{"array", "*2\r\n:1\r\n$1\r\nx\r\n", Value{Type: '*', Elems: []Value{{Type: ':', Str: "1", Int: 1}, {Type: '$', Str: "x"}}}},
	{"nested", "*1\r\n*1\r\n+a\r\n", Value{Type: '*', Elems: []Value{{Type: '*', Elems: []Value{{Type: '+', Str: "a"}}}}}},
	{"map", "%1\r\n+k\r\n:1\r\n", Value{Type: '%', Elems: []Value{{Type: '+', Str: "k"}, {Type: ':', Str: "1", Int: 1}}}},
	{"set", "~1\r\n+a\r\n", Value{Type: '~', Elems: []Value{{Type: '+', Str: "a"}}}},
	{"push", ">2\r\n+message\r\n+x\r\n", Value{Type: '>', Elems: []Value{{Type: '+', Str: "message"}, {Type: '+', Str: "x"}}}},
	{"empty array", "*0\r\n", Value{Type: '*', Elems: []Value{}}},
	{"attribute", "|1\r\n+key\r\n:7\r\n+real\r\n", Value{Type: '+', Str: "real", Attrs: []Value{{Type: '+', Str: "key"}, {Type: ':', Str: "7", Int: 7}}}},
	{"attribute in array", "*1\r\n|1\r\n+k\r\n+v\r\n:1\r\n", Value{Type: '*', Elems: []Value{{Type: ':', Str: "1", Int: 1, Attrs: []Value{{Type: '+', Str: "k"}, {Type: '+', Str: "v"}}}}}},
}

func TestReadRawAndValue(t *testing.T) {
	for _, tt := range replyTests {
		t.Run(tt.name, func(t *testing.T) {
			const next = "+NEXT\r\n"
			r := bufio.NewReaderSize(strings.NewReader(tt.in+next), 16)
			raw, err := ReadRaw(r)
			if err != nil || string(raw) != tt.in {
				t.Fatalf("ReadRaw = %q %v, want %q", raw, err, tt.in)
			}
			if raw, _ := ReadRaw(r); string(raw) != next {
				t.Fatalf("ReadRaw over-read: next is %q", raw)
			}
			r = bufio.NewReaderSize(strings.NewReader(tt.in+next), 16)
			v, err := ReadValue(r)
			if err != nil || !reflect.DeepEqual(v, tt.want) {
				t.Fatalf("ReadValue = %v %v, want %v", v, err, tt.want)
			}
			if v, _ := ReadValue(r); v.Str != "NEXT" {
				t.Fatalf("ReadValue over-read: next is %v", v)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		err  error
	}{
		{"eof", "", io.EOF},
		{"truncated line", "+OK", io.ErrUnexpectedEOF},
		{"truncated bulk", "$5\r\nab", io.ErrUnexpectedEOF},
		{"truncated array", "*2\r\n:1\r\n", io.ErrUnexpectedEOF},
		{"bare lf", "+OK\n", ErrMalformedReply},
		{"empty line", "\r\n", ErrMalformedReply},
		{"unknown type", "x\r\n", ErrMalformedReply},
		{"bad bulk len", "$x\r\n", ErrMalformedReply},
		{"negative bulk len", "$-2\r\n", ErrMalformedReply},
		{"bulk trailer", "$1\r\nabc\r\n", ErrMalformedReply},
		{"null map", "%-1\r\n", ErrMalformedReply},
		{"too deep", strings.Repeat("*1\r\n", maxReplyDepth+2) + ":1\r\n", ErrReplyTooDeep},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadRaw(bufio.NewReader(strings.NewReader(tt.in)))
			if !errors.Is(err, tt.err) {
				t.Errorf("ReadRaw err = %v, want %v", err, tt.err)
			}
			_, err = ReadValue(bufio.NewReader(strings.NewReader(tt.in)))
			if err == nil {
				t.Errorf("ReadValue err = nil, want %v", tt.err)
			}
		})
	}
}

func TestReadLongLine(t *testing.T) {
	in := "+" + strings.Repeat("a", 100) + "\r\n"
	raw, err := ReadRaw(bufio.NewReaderSize(strings.NewReader(in), 16))
	if err != nil || string(raw) != in {
		t.Fatalf("got %q %v", raw, err)
	}
}

func TestValueString(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"+OK\r\n", "OK"},
		{"-ERR x\r\n", "(error) ERR x"},
		{":5\r\n", "(integer) 5"},
		{"$2\r\nhi\r\n", `"hi"`},
		{"$-1\r\n", "(nil)"},
		{"*2\r\n:1\r\n$1\r\na\r\n", `[(integer) 1, "a"]`},
		{"%1\r\n$1\r\nk\r\n#f\r\n", `{"k": (false)}`},
		{"~1\r\n,1.5\r\n", `~{(double) 1.5}`},
		{">1\r\n(12\r\n", `>[(bignum) 12]`},
		{"|1\r\n+a\r\n+b\r\n=5\r\ntxt:x\r\n", `|{a: b} (verbatim) "x"`},
	}
	for _, tt := range tests {
		v, err := ReadValue(bufio.NewReader(strings.NewReader(tt.in)))
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		if got := v.String(); got != tt.want {
			t.Errorf("%q: got %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestWriterReaderRoundTrip checks that what the writers produce is read
// back as one reply per top-level value.
func TestWriterReaderRoundTrip(t *testing.T) {
	for _, proto := range []int{2, 3} {
		var b []byte
		b = AppendMap(b, proto, 2)
		b = AppendBulkString(b, "a")
		b = AppendDouble(b, proto, 0.1)
		b = AppendBulkString(b, "b")
		b = AppendSet(b, proto, 2)
		b = AppendBool(b, proto, true)
		b = AppendNullBulk(b, proto)
		want := string(b)
		b = AppendVerbatim(b, proto, "txt", []byte("end"))
		r := bufio.NewReader(strings.NewReader(string(b)))
		raw, err := ReadRaw(r)
		if err != nil || string(raw) != want {
			t.Fatalf("proto %d: got %q %v, want %q", proto, raw, err, want)
		}
		v, err := ReadValue(r)
		if err != nil || v.Str != "end" {
			t.Fatalf("proto %d: trailing value %v %v", proto, v, err)
		}
	}
}
