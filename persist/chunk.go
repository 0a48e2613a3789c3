package persist

import (
	"encoding/binary"
	"math"
	"strconv"

	"aeon/ds"
)

// Chunk is a piece of an RDB stream (or of a DUMP payload) built on the
// server's event loop and encoded by a Writer, possibly on another
// goroutine. Building only copies bytes: the RDB string encoding of each
// String (integer, LZF or raw) is left to the Writer, which does the costly
// part. A Chunk holds raw bytes plus the spans of those bytes that are
// string payloads:
//
//	buf:   | raw | string payload | raw | string payload | raw ... |
//	spans:       ^off, n                ^off, n
//
// The Chunk owns buf and spans; everything passed in is copied. Reset
// empties it for reuse. A Chunk is not safe for concurrent use; hand it to
// the Writer's goroutine and do not touch it until WriteChunk returns.
type Chunk struct {
	buf   []byte
	spans []span
}

// span is one string payload in Chunk.buf.
type span struct{ off, n int }

// chunkKeepCap is the capacity Reset keeps: a Chunk that held one huge value
// drops its buffer instead of holding it forever.
const chunkKeepCap = 8 << 20

// Reset empties the chunk, keeping its buffers (up to 8 MiB of bytes).
func (c *Chunk) Reset() {
	if cap(c.buf) > chunkKeepCap {
		c.buf = nil
	}
	if cap(c.spans) > chunkKeepCap/16 {
		c.spans = nil
	}
	c.buf, c.spans = c.buf[:0], c.spans[:0]
}

// NewChunk returns a Chunk with room for size bytes (and the spans of
// strings of 8 bytes on average), so that filling it up to size does not
// reallocate.
func NewChunk(size int) *Chunk {
	return &Chunk{buf: make([]byte, 0, size), spans: make([]span, 0, size/8)}
}

// Size returns the bytes buffered, to decide when to hand the chunk off.
func (c *Chunk) Size() int { return len(c.buf) }

// Byte appends a raw byte (a value type or an opcode).
func (c *Chunk) Byte(b byte) { c.buf = append(c.buf, b) }

// Raw appends bytes already in RDB form (copied).
func (c *Chunk) Raw(b []byte) { c.buf = append(c.buf, b...) }

// Len appends n in the RDB length encoding.
func (c *Chunk) Len(n uint64) { c.buf = appendLen(c.buf, n) }

// String appends an RDB string holding b (copied). The Writer encodes it as
// Redis's rdbSaveRawString does: as an 8/16/32-bit integer when b is the
// canonical decimal form of one, LZF-compressed when compression is on, b
// is longer than 20 bytes and it shrinks by more than 4, else raw.
func (c *Chunk) String(b []byte) {
	c.spans = append(c.spans, span{len(c.buf), len(b)})
	c.buf = append(c.buf, b...)
}

// StringS is String for a Go string.
func (c *Chunk) StringS(s string) {
	c.spans = append(c.spans, span{len(c.buf), len(s)})
	c.buf = append(c.buf, s...)
}

// IntString appends an RDB string that is the decimal form of v, as
// rdbSaveLongLongAsStringObject: an integer encoding when v fits in 32
// bits, else the digits.
func (c *Chunk) IntString(v int64) {
	if v >= math.MinInt32 && v <= math.MaxInt32 {
		c.buf = appendIntEnc(c.buf, v)
		return
	}
	var d [20]byte
	s := strconv.AppendInt(d[:0], v, 10)
	c.buf = appendLen(c.buf, uint64(len(s)))
	c.buf = append(c.buf, s...)
}

// LZFString appends an RDB string already LZF-compressed (a compressed
// quicklist node): comp expands to rawLen bytes. Written as is.
func (c *Chunk) LZFString(comp []byte, rawLen int) {
	c.buf = append(c.buf, encVal<<6|encLZF)
	c.buf = appendLen(c.buf, uint64(len(comp)))
	c.buf = appendLen(c.buf, uint64(rawLen))
	c.buf = append(c.buf, comp...)
}

// BinaryDouble appends f as 8 bytes little endian (TypeZSet2 scores).
func (c *Chunk) BinaryDouble(f float64) {
	c.buf = binary.LittleEndian.AppendUint64(c.buf, math.Float64bits(f))
}

// Millis appends ms as 8 bytes little endian.
func (c *Chunk) Millis(ms int64) {
	c.buf = binary.LittleEndian.AppendUint64(c.buf, uint64(ms))
}

// Aux appends an aux field: OpAux, key, val.
func (c *Chunk) Aux(key, val string) {
	c.Byte(OpAux)
	c.StringS(key)
	c.StringS(val)
}

// SelectDB appends OpSelectDB and the db number.
func (c *Chunk) SelectDB(n int) {
	c.Byte(OpSelectDB)
	c.Len(uint64(n))
}

// ResizeDB appends OpResizeDB with the db's key count and expires count.
func (c *Chunk) ResizeDB(size, expires uint64) {
	c.Byte(OpResizeDB)
	c.Len(size)
	c.Len(expires)
}

// ExpireMs appends OpExpireTimeMs with the next key's expire time (unix ms).
func (c *Chunk) ExpireMs(ms int64) {
	c.Byte(OpExpireTimeMs)
	c.Millis(ms)
}

// Idle appends OpIdle with the next key's LRU idle time in seconds.
func (c *Chunk) Idle(sec uint64) {
	c.Byte(OpIdle)
	c.Len(sec)
}

// Freq appends OpFreq with the next key's LFU counter.
func (c *Chunk) Freq(f uint8) {
	c.Byte(OpFreq)
	c.Byte(f)
}

// appendLen appends n in the RDB length encoding (rdbSaveLen).
func appendLen(b []byte, n uint64) []byte {
	switch {
	case n < 1<<6:
		return append(b, byte(n))
	case n < 1<<14:
		return append(b, len14Bit<<6|byte(n>>8), byte(n))
	case n <= math.MaxUint32:
		b = append(b, len32Bit)
		return binary.BigEndian.AppendUint32(b, uint32(n))
	default:
		b = append(b, len64Bit)
		return binary.BigEndian.AppendUint64(b, n)
	}
}

// appendIntEnc appends v, which must fit in 32 bits, as an integer-encoded
// string (rdbEncodeInteger): the smallest of INT8, INT16, INT32.
func appendIntEnc(b []byte, v int64) []byte {
	switch {
	case v >= math.MinInt8 && v <= math.MaxInt8:
		return append(b, encVal<<6|encInt8, byte(v))
	case v >= math.MinInt16 && v <= math.MaxInt16:
		return append(b, encVal<<6|encInt16, byte(v), byte(v>>8))
	default:
		return append(b, encVal<<6|encInt32, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
	}
}

// canonicalInt32 reports whether s is the canonical decimal form of a value
// that fits in 32 bits, the test of rdbTryIntegerEncoding (string2ll plus
// the round trip through ll2string): an optional '-', no leading zeros
// ("0" itself is fine, "-0" is not), no '+' or spaces, at most 11 bytes.
func canonicalInt32(s []byte) (int64, bool) {
	if len(s) > 11 {
		return 0, false
	}
	v, ok := ds.ParseInt(s)
	if !ok || v < math.MinInt32 || v > math.MaxInt32 {
		return 0, false
	}
	return v, true
}
