package persist

import (
	"encoding/binary"
	"errors"
	"io"
	"strconv"

	"aeon/ds"
)

// Writer turns Chunks into RDB bytes on an io.Writer: it chooses each
// string's encoding, compresses, keeps the running CRC-64 and buffers the
// output. It owns its buffer, LZF table and compression scratch; the chunks
// it is given stay the caller's. Errors are sticky: after a write error
// every call returns it. A Writer is not safe for concurrent use (one
// goroutine writes the file).
type Writer struct {
	w        io.Writer
	compress bool
	buf      []byte // pending output, not yet in crc
	crc      uint64 // over everything flushed to w
	written  int64  // bytes produced, buffered ones included
	err      error
	lzf      ds.LZF
	comp     []byte // LZF output scratch
}

// writerBuf is the output buffer size; strings this big or bigger bypass it.
const writerBuf = 64 << 10

// NewWriter returns a Writer on w; compress is rdbcompression (LZF for
// strings longer than 20 bytes).
func NewWriter(w io.Writer, compress bool) *Writer {
	return &Writer{w: w, compress: compress, buf: make([]byte, 0, writerBuf+64)}
}

// Reset makes the Writer write a new stream to w, keeping its buffers and
// LZF table.
func (w *Writer) Reset(dst io.Writer, compress bool) {
	w.w, w.compress = dst, compress
	w.buf, w.crc, w.written, w.err = w.buf[:0], 0, 0, nil
}

// Header writes the magic and version, "REDIS0010".
func (w *Writer) Header() error {
	w.raw([]byte("REDIS00" + strconv.Itoa(Version)))
	return w.err
}

// WriteChunk encodes c: raw bytes as they are, string spans with their
// RDB string encoding. c is only read.
func (w *Writer) WriteChunk(c *Chunk) error {
	pos := 0
	for _, s := range c.spans {
		w.raw(c.buf[pos:s.off])
		pos = s.off + s.n
		w.str(c.buf[s.off:pos])
	}
	w.raw(c.buf[pos:])
	return w.err
}

// Finish writes OpEOF and the 8-byte checksum, CRC-64 of everything before
// it, little endian (0 when checksum is false, which readers take as "not
// checked"), and flushes the buffer to the io.Writer.
func (w *Writer) Finish(checksum bool) error {
	w.raw([]byte{OpEOF})
	w.flush()
	var sum uint64
	if checksum {
		sum = w.crc
	}
	w.raw(binary.LittleEndian.AppendUint64(nil, sum))
	w.flush()
	return w.err
}

// Flush writes the buffered bytes to the io.Writer.
func (w *Writer) Flush() error {
	w.flush()
	return w.err
}

// Written returns the bytes produced so far (buffered ones included).
func (w *Writer) Written() int64 { return w.written }

// raw appends b to the output.
func (w *Writer) raw(b []byte) {
	w.written += int64(len(b))
	if len(b) >= writerBuf {
		w.flush()
		w.out(b)
		return
	}
	w.buf = append(w.buf, b...)
	if len(w.buf) >= writerBuf {
		w.flush()
	}
}

// str writes s with its RDB string encoding (rdbSaveRawString).
func (w *Writer) str(s []byte) {
	n := len(s)
	if n <= 11 {
		if v, ok := canonicalInt32(s); ok {
			w.small(appendIntEnc(w.buf, v))
			return
		}
	}
	if w.compress && n > 20 {
		// rdbSaveLzfStringObject: the output must fit in len-4 bytes.
		if comp := w.lzf.CompressMax(w.comp, s, n-4); comp != nil {
			w.comp = comp[:0]
			if cap(w.comp) > chunkKeepCap {
				w.comp = nil // after writing comp: it stays valid
			}
			b := append(w.buf, encVal<<6|encLZF)
			b = appendLen(b, uint64(len(comp)))
			w.small(appendLen(b, uint64(n)))
			w.raw(comp)
			return
		}
	}
	w.small(appendLen(w.buf, uint64(n)))
	w.raw(s)
}

// small takes b = w.buf plus a few appended bytes.
func (w *Writer) small(b []byte) {
	w.written += int64(len(b) - len(w.buf))
	w.buf = b
	if len(w.buf) >= writerBuf {
		w.flush()
	}
}

// flush moves the buffer to the io.Writer.
func (w *Writer) flush() {
	if len(w.buf) > 0 {
		w.out(w.buf)
		w.buf = w.buf[:0]
	}
}

// out writes b to the io.Writer, adding it to the checksum.
func (w *Writer) out(b []byte) {
	if w.err != nil {
		return
	}
	w.crc = CRC64(w.crc, b)
	if _, err := w.w.Write(b); err != nil {
		w.err = err
	}
}

// sliceWriter is an io.Writer appending to a slice.
type sliceWriter struct{ b []byte }

func (s *sliceWriter) Write(p []byte) (int, error) {
	s.b = append(s.b, p...)
	return len(p), nil
}

// Dumper builds DUMP payloads, keeping its Writer and LZF table between
// calls; the event loop keeps one. Not safe for concurrent use.
type Dumper struct {
	w  Writer
	sw sliceWriter
}

// Payload returns c's DUMP payload (see DumpPayload), appended to dst.
func (d *Dumper) Payload(dst []byte, c *Chunk, compress bool) []byte {
	d.sw.b = dst
	if d.w.buf == nil {
		d.w.buf = make([]byte, 0, 4<<10)
	}
	d.w.Reset(&d.sw, compress)
	d.w.WriteChunk(c)
	d.w.raw([]byte{Version, 0})
	d.w.flush()
	out := binary.LittleEndian.AppendUint64(d.sw.b, d.w.crc)
	d.sw.b = nil
	if cap(d.w.buf) > chunkKeepCap {
		d.w.buf = nil
	}
	return out
}

// DumpPayload returns the DUMP payload of the value in c (its type byte and
// value, as for a key record without the key):
//
//	+-------------------------+------------------+-----------------------+
//	| type byte, value (as in | RDB version,     | CRC-64 of all before, |
//	| a record, without key)  | 2 B LE (10)      | 8 B little endian     |
//	+-------------------------+------------------+-----------------------+
//
// compress is rdbcompression. The result is a new slice owned by the
// caller. Use a Dumper to reuse the LZF table across calls.
func DumpPayload(c *Chunk, compress bool) []byte {
	var d Dumper
	return d.Payload(nil, c, compress)
}

// Errors of VerifyDumpPayload; RESTORE answers both with "ERR DUMP payload
// version or checksum are wrong".
var (
	errDumpShort    = errors.New("DUMP payload too short")
	errDumpVersion  = errors.New("DUMP payload RDB version too new")
	errDumpChecksum = errors.New("DUMP payload checksum mismatch")
)

// VerifyDumpPayload checks a DUMP payload's footer (verifyDumpPayload): at
// least 10 bytes, an RDB version of at most MaxReadVersion and a matching
// CRC-64. It returns the body (type byte and value, aliasing p) to decode
// with NewReaderBytes or DecodeDump.
func VerifyDumpPayload(p []byte) (body []byte, err error) {
	if len(p) < 10 {
		return nil, errDumpShort
	}
	n := len(p) - 10
	if binary.LittleEndian.Uint16(p[n:]) > MaxReadVersion {
		return nil, errDumpVersion
	}
	if CRC64(0, p[:n+2]) != binary.LittleEndian.Uint64(p[n+2:]) {
		return nil, errDumpChecksum
	}
	return p[:n:n], nil
}

// DecodeDump verifies a DUMP payload and decodes its value (RESTORE). The
// Value and everything in it are new and owned by the caller.
func DecodeDump(p []byte) (*Value, error) {
	body, err := VerifyDumpPayload(p)
	if err != nil {
		return nil, err
	}
	r := NewReaderBytes(body)
	typ, err := r.ReadByte()
	if err != nil {
		return nil, err
	}
	return r.ReadValue(typ)
}
