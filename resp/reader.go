package resp

import (
	"bufio"
	"errors"
	"io"
	"strconv"
	"strings"
)

// maxReplyDepth bounds the nesting of aggregates accepted by the readers.
const maxReplyDepth = 10000

// ReadRaw reads exactly one complete reply (RESP2 or RESP3, any nesting,
// including attributes and the reply they precede) from r and returns its raw
// bytes in a newly allocated slice owned by the caller. It returns
// ErrMalformedReply for input that is not a reply and io.ErrUnexpectedEOF
// (or the reader's error) when the stream ends inside a reply.
func ReadRaw(r *bufio.Reader) ([]byte, error) {
	return readRaw(r, nil, 0)
}

func readRaw(r *bufio.Reader, b []byte, depth int) ([]byte, error) {
	if depth > maxReplyDepth {
		return b, ErrReplyTooDeep
	}
	start := len(b)
	b, err := readLine(r, b)
	if err != nil {
		return b, err
	}
	line := b[start : len(b)-2]
	if len(line) == 0 {
		return b, ErrMalformedReply
	}
	switch t := line[0]; t {
	case '+', '-', ':', '_', '#', ',', '(':
		return b, nil
	case '$', '!', '=':
		n, ok := parseInt(line[1:])
		if !ok || n < -1 || (n == -1 && t != '$') {
			return b, ErrMalformedReply
		}
		if n == -1 {
			return b, nil
		}
		return readBulkData(r, b, n)
	case '*', '~', '>', '%', '|':
		n, ok := parseInt(line[1:])
		if !ok || n < -1 || (n == -1 && t != '*') {
			return b, ErrMalformedReply
		}
		if t == '%' || t == '|' {
			n *= 2
		}
		for ; n > 0; n-- {
			if b, err = readRaw(r, b, depth+1); err != nil {
				return b, err
			}
		}
		if t == '|' { // an attribute is followed by the reply it describes
			return readRaw(r, b, depth)
		}
		return b, nil
	}
	return b, ErrMalformedReply
}

// readLine appends one "\r\n"-terminated line, terminator included, to b.
func readLine(r *bufio.Reader, b []byte) ([]byte, error) {
	for {
		chunk, err := r.ReadSlice('\n')
		b = append(b, chunk...)
		switch {
		case err == nil:
			if len(b) < 2 || b[len(b)-2] != '\r' {
				return b, ErrMalformedReply
			}
			return b, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(b) > 0:
			return b, io.ErrUnexpectedEOF
		default:
			return b, err
		}
	}
}

// readBulkData appends n data bytes plus the "\r\n" trailer to b, growing b
// as data actually arrives rather than trusting n up front.
func readBulkData(r *bufio.Reader, b []byte, n int64) ([]byte, error) {
	need := n + 2
	for need > 0 {
		chunk := int(min(need, 64<<10))
		start := len(b)
		b = append(b, make([]byte, chunk)...)
		if _, err := io.ReadFull(r, b[start:]); err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return b[:start], err
		}
		need -= int64(chunk)
	}
	if b[len(b)-2] != '\r' || b[len(b)-1] != '\n' {
		return b, ErrMalformedReply
	}
	return b, nil
}

// Value is a decoded reply, meant for tests and diagnostics.
//
// Type is the RESP type byte: '+', '-', ':', '$', '*', '%', '~', '_', '#',
// ',', '(', '=', '>' or '!'. Str holds the payload of simple strings, errors,
// bulk strings, doubles, big numbers, verbatim strings (without the "txt:"
// format prefix) and the text of integers and booleans ("t"/"f"). Int holds
// the value of integers and booleans (1/0). Elems holds the elements of
// arrays, sets and pushes, and the flattened key, value, key, value... of
// maps. Null is set for "$-1", "*-1" and "_". Attrs holds the flattened
// key/value pairs of a RESP3 attribute ('|') that preceded this reply; the
// attribute itself never appears as a Value of its own.
type Value struct {
	Type  byte
	Str   string
	Int   int64
	Elems []Value
	Null  bool
	Attrs []Value
}

// ReadValue reads exactly one complete reply from r (as ReadRaw) and decodes
// it. The returned Value shares no memory with r.
func ReadValue(r *bufio.Reader) (Value, error) {
	return readValue(r, 0)
}

func readValue(r *bufio.Reader, depth int) (Value, error) {
	if depth > maxReplyDepth {
		return Value{}, ErrReplyTooDeep
	}
	b, err := readLine(r, nil)
	if err != nil {
		return Value{}, err
	}
	line := b[:len(b)-2]
	if len(line) == 0 {
		return Value{}, ErrMalformedReply
	}
	v := Value{Type: line[0]}
	switch v.Type {
	case '+', '-', ',', '(':
		v.Str = string(line[1:])
	case ':':
		v.Str = string(line[1:])
		if v.Int, err = strconv.ParseInt(v.Str, 10, 64); err != nil {
			return v, ErrMalformedReply
		}
	case '_':
		v.Null = true
	case '#':
		v.Str = string(line[1:])
		switch v.Str {
		case "t":
			v.Int = 1
		case "f":
		default:
			return v, ErrMalformedReply
		}
	case '$', '!', '=':
		n, ok := parseInt(line[1:])
		if !ok || n < -1 || (n == -1 && v.Type != '$') {
			return v, ErrMalformedReply
		}
		if n == -1 {
			v.Null = true
			return v, nil
		}
		data, err := readBulkData(r, nil, n)
		if err != nil {
			return v, err
		}
		data = data[:len(data)-2]
		if v.Type == '=' {
			if len(data) < 4 || data[3] != ':' {
				return v, ErrMalformedReply
			}
			data = data[4:]
		}
		v.Str = string(data)
	case '*', '~', '>', '%', '|':
		n, ok := parseInt(line[1:])
		if !ok || n < -1 || (n == -1 && v.Type != '*') {
			return v, ErrMalformedReply
		}
		if n == -1 {
			v.Null = true
			return v, nil
		}
		if v.Type == '%' || v.Type == '|' {
			n *= 2
		}
		v.Elems = make([]Value, 0, min(n, 1024))
		for ; n > 0; n-- {
			e, err := readValue(r, depth+1)
			if err != nil {
				return v, err
			}
			v.Elems = append(v.Elems, e)
		}
		if v.Type == '|' {
			next, err := readValue(r, depth)
			if err != nil {
				return next, err
			}
			next.Attrs = append(v.Elems, next.Attrs...)
			return next, nil
		}
	default:
		return v, ErrMalformedReply
	}
	return v, nil
}

// String renders v readably (redis-cli style) for test failure messages.
func (v Value) String() string {
	var sb strings.Builder
	v.render(&sb)
	return sb.String()
}

func (v Value) render(sb *strings.Builder) {
	if len(v.Attrs) > 0 {
		sb.WriteString("|")
		renderElems(sb, '{', '}', v.Attrs, true)
		sb.WriteByte(' ')
	}
	if v.Null {
		sb.WriteString("(nil)")
		return
	}
	switch v.Type {
	case '+':
		sb.WriteString(v.Str)
	case '-', '!':
		sb.WriteString("(error) ")
		sb.WriteString(v.Str)
	case ':':
		sb.WriteString("(integer) ")
		sb.WriteString(strconv.FormatInt(v.Int, 10))
	case '$':
		sb.WriteString(strconv.Quote(v.Str))
	case '=':
		sb.WriteString("(verbatim) ")
		sb.WriteString(strconv.Quote(v.Str))
	case ',':
		sb.WriteString("(double) ")
		sb.WriteString(v.Str)
	case '(':
		sb.WriteString("(bignum) ")
		sb.WriteString(v.Str)
	case '#':
		if v.Int != 0 {
			sb.WriteString("(true)")
		} else {
			sb.WriteString("(false)")
		}
	case '*':
		renderElems(sb, '[', ']', v.Elems, false)
	case '~':
		sb.WriteByte('~')
		renderElems(sb, '{', '}', v.Elems, false)
	case '>':
		sb.WriteByte('>')
		renderElems(sb, '[', ']', v.Elems, false)
	case '%':
		renderElems(sb, '{', '}', v.Elems, true)
	default:
		sb.WriteString("(unknown ")
		sb.WriteString(strconv.QuoteRune(rune(v.Type)))
		sb.WriteString(") ")
		sb.WriteString(strconv.Quote(v.Str))
	}
}

func renderElems(sb *strings.Builder, open, close byte, elems []Value, pairs bool) {
	sb.WriteByte(open)
	for i, e := range elems {
		if i > 0 {
			if pairs && i%2 == 1 {
				sb.WriteString(": ")
			} else {
				sb.WriteString(", ")
			}
		}
		e.render(sb)
	}
	sb.WriteByte(close)
}
