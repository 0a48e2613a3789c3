package resp

import (
	"math"
	"strconv"
)

// The Append* writers append one reply (or one aggregate header) to b and
// return the extended slice, like append. They never retain b and never
// allocate except when b has to grow. proto is the client's protocol
// version: 3 selects RESP3 encodings, anything else RESP2.

// AppendSimple appends the simple string "+s\r\n". s must not contain '\r'
// or '\n'.
func AppendSimple(b []byte, s string) []byte {
	b = append(b, '+')
	b = append(b, s...)
	return append(b, '\r', '\n')
}

// AppendError appends the error "-s\r\n". s carries its own code prefix
// ("ERR ", "WRONGTYPE ", ...) and no leading '-'; any '\r' or '\n' in s is
// written as a space, as Redis does, so the reply stays well formed.
func AppendError(b []byte, s string) []byte {
	b = append(b, '-')
	start := len(b)
	b = append(b, s...)
	for i := start; i < len(b); i++ {
		if b[i] == '\r' || b[i] == '\n' {
			b[i] = ' '
		}
	}
	return append(b, '\r', '\n')
}

// AppendInt appends the integer reply ":n\r\n".
func AppendInt(b []byte, n int64) []byte {
	return appendPrefixed(b, ':', n)
}

// appendPrefixed appends "<c><n>\r\n".
func appendPrefixed(b []byte, c byte, n int64) []byte {
	b = append(b, c)
	b = strconv.AppendInt(b, n, 10)
	return append(b, '\r', '\n')
}

// AppendBulk appends v as a bulk string "$<len>\r\n<v>\r\n". A nil v is
// written as an empty bulk string, not as a null.
func AppendBulk(b []byte, v []byte) []byte {
	b = appendPrefixed(b, '$', int64(len(v)))
	b = append(b, v...)
	return append(b, '\r', '\n')
}

// AppendBulkString appends s as a bulk string.
func AppendBulkString(b []byte, s string) []byte {
	b = appendPrefixed(b, '$', int64(len(s)))
	b = append(b, s...)
	return append(b, '\r', '\n')
}

// AppendBulkInt appends the decimal form of n as a bulk string.
func AppendBulkInt(b []byte, n int64) []byte {
	var tmp [20]byte
	return AppendBulk(b, strconv.AppendInt(tmp[:0], n, 10))
}

// AppendNullBulk appends a null bulk string: "$-1\r\n" (RESP2) or "_\r\n".
func AppendNullBulk(b []byte, proto int) []byte {
	if proto == 3 {
		return append(b, "_\r\n"...)
	}
	return append(b, "$-1\r\n"...)
}

// AppendNullArray appends a null array: "*-1\r\n" (RESP2) or "_\r\n".
func AppendNullArray(b []byte, proto int) []byte {
	if proto == 3 {
		return append(b, "_\r\n"...)
	}
	return append(b, "*-1\r\n"...)
}

// AppendArray appends the header "*n\r\n" of an array of n elements.
func AppendArray(b []byte, n int) []byte {
	return appendPrefixed(b, '*', int64(n))
}

// AppendMap appends the header of a map of n key/value pairs: "%n\r\n" in
// RESP3, a flat array "*<2n>\r\n" in RESP2.
func AppendMap(b []byte, proto, n int) []byte {
	if proto == 3 {
		return appendPrefixed(b, '%', int64(n))
	}
	return appendPrefixed(b, '*', 2*int64(n))
}

// AppendSet appends the header of a set of n elements: "~n\r\n" in RESP3,
// "*n\r\n" in RESP2.
func AppendSet(b []byte, proto, n int) []byte {
	if proto == 3 {
		return appendPrefixed(b, '~', int64(n))
	}
	return appendPrefixed(b, '*', int64(n))
}

// AppendPush appends the header of an out-of-band push of n elements:
// ">n\r\n" in RESP3, "*n\r\n" in RESP2.
func AppendPush(b []byte, proto, n int) []byte {
	if proto == 3 {
		return appendPrefixed(b, '>', int64(n))
	}
	return appendPrefixed(b, '*', int64(n))
}

// AppendAttribute appends the RESP3 attribute header "|n\r\n" (n key/value
// pairs, followed by the reply they describe). Callers must only use it for
// RESP3 clients; RESP2 has no attributes.
func AppendAttribute(b []byte, n int) []byte {
	return appendPrefixed(b, '|', int64(n))
}

// AppendDouble appends f as Redis 7.0's addReplyDouble does: a RESP3 double
// ",<x>\r\n", or in RESP2 a bulk string holding <x>. <x> is "inf", "-inf",
// "nan", or C's printf("%.17g") rendering of f.
func AppendDouble(b []byte, proto int, f float64) []byte {
	var tmp [32]byte
	x := appendDouble17g(tmp[:0], f)
	if proto == 3 {
		b = append(b, ',')
		b = append(b, x...)
		return append(b, '\r', '\n')
	}
	return AppendBulk(b, x)
}

// appendDouble17g appends f formatted like C's "%.17g" (inf, -inf and nan
// spelled as Redis does).
func appendDouble17g(b []byte, f float64) []byte {
	switch {
	case math.IsInf(f, 1):
		return append(b, "inf"...)
	case math.IsInf(f, -1):
		return append(b, "-inf"...)
	case math.IsNaN(f):
		return append(b, "nan"...)
	}
	// Go's %g with an explicit precision picks %e versus %f, trims trailing
	// zeros and writes at least two exponent digits exactly like C's %g
	// (checked against glibc in the tests).
	return strconv.AppendFloat(b, f, 'g', 17, 64)
}

// AppendBool appends a boolean: "#t\r\n"/"#f\r\n" in RESP3, ":1\r\n"/":0\r\n"
// in RESP2.
func AppendBool(b []byte, proto int, v bool) []byte {
	switch {
	case proto == 3 && v:
		return append(b, "#t\r\n"...)
	case proto == 3:
		return append(b, "#f\r\n"...)
	case v:
		return append(b, ":1\r\n"...)
	}
	return append(b, ":0\r\n"...)
}

// AppendVerbatim appends s as a RESP3 verbatim string
// "=<len>\r\n<format>:<s>\r\n" (format is the three-letter type, "txt" or
// "mkd"), or in RESP2 as a plain bulk string of s.
func AppendVerbatim(b []byte, proto int, format string, s []byte) []byte {
	if proto != 3 {
		return AppendBulk(b, s)
	}
	b = appendPrefixed(b, '=', int64(len(format)+1+len(s)))
	b = append(b, format...)
	b = append(b, ':')
	b = append(b, s...)
	return append(b, '\r', '\n')
}

// AppendBigNumber appends the decimal digits s as a RESP3 big number
// "(<s>\r\n", or in RESP2 as a bulk string.
func AppendBigNumber(b []byte, proto int, s string) []byte {
	if proto != 3 {
		return AppendBulkString(b, s)
	}
	b = append(b, '(')
	b = append(b, s...)
	return append(b, '\r', '\n')
}
