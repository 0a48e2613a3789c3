package persist

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"

	"aeon/ds"
)

// Reader decodes an RDB stream (or a DUMP payload body): the primitives
// (lengths, strings, timestamps), whole values (ReadValue) and whole files
// (Load). It owns a read-ahead buffer over the io.Reader, the count of bytes
// consumed (Offset, used in every error) and the running CRC-64 of them
// (ReadChecksum). Every slice and value it returns is new and owned by the
// caller, except where Load says otherwise. Malformed input gives a
// *FormatError, never a panic, and the reader never allocates much more
// than it has read: big strings are read in growing pieces and declared
// element counts only bound the preallocation. Not safe for concurrent use.
type Reader struct {
	rd     io.Reader // nil: buf is all there is (NewReaderBytes)
	buf    []byte
	r, w   int    // buf[r:w] is read ahead, not consumed
	base   int64  // stream offset of buf[0]
	crc    uint64 // CRC-64 of the stream before buf[crcAt]
	crcAt  int
	err    error  // sticky error of rd (io.EOF included)
	lzfBuf []byte // compressed bytes of an LZF string that spans reads
	keyBuf []byte // Load's scratch for keys
	strBuf []byte // Load's scratch for string values
	lb     listBuilder
}

// readerBuf is the read-ahead buffer size.
const readerBuf = 64 << 10

// NewReader returns a Reader on rd. It reads ahead: after the last item
// read, Rest returns what follows (an AOF after its RDB preamble).
func NewReader(rd io.Reader) *Reader {
	return &Reader{rd: rd, buf: make([]byte, readerBuf)}
}

// NewReaderBytes returns a Reader on b, which it only reads (a DUMP body).
func NewReaderBytes(b []byte) *Reader {
	return &Reader{buf: b, w: len(b)}
}

// Offset returns the number of bytes consumed.
func (r *Reader) Offset() int64 { return r.base + int64(r.r) }

// Rest returns a reader of the stream after the bytes consumed.
func (r *Reader) Rest() io.Reader {
	rest := bytes.NewReader(bytes.Clone(r.buf[r.r:r.w]))
	if r.rd == nil || r.err != nil {
		return rest
	}
	return io.MultiReader(rest, r.rd)
}

// fail returns a *FormatError at offset off.
func (r *Reader) fail(off int64, format string, args ...any) error {
	return &FormatError{Offset: off, What: fmt.Sprintf(format, args...)}
}

// eof returns the error for input that ended (or failed) early.
func (r *Reader) eof() error {
	err := r.err
	if err == nil || err == io.EOF || err == io.ErrUnexpectedEOF {
		return &FormatError{Offset: r.Offset(), What: "unexpected end of input", Err: io.ErrUnexpectedEOF}
	}
	return &FormatError{Offset: r.Offset(), What: "read error", Err: err}
}

// fill makes at least need bytes (need <= len(buf)) available in
// buf[r:w], or reports false when the input ends first.
func (r *Reader) fill(need int) bool {
	zero := 0
	for r.w-r.r < need {
		if r.err != nil || r.rd == nil {
			return false
		}
		if r.r > 0 { // slide the unread bytes to the front
			r.crc = CRC64(r.crc, r.buf[r.crcAt:r.r])
			copy(r.buf, r.buf[r.r:r.w])
			r.base += int64(r.r)
			r.w -= r.r
			r.r, r.crcAt = 0, 0
		}
		n, err := r.rd.Read(r.buf[r.w:])
		r.w += n
		switch {
		case err != nil:
			r.err = err
		case n == 0:
			if zero++; zero >= 100 {
				r.err = io.ErrNoProgress
			}
		}
	}
	return true
}

// next consumes n bytes (n <= len(buf)) and returns them; the slice aliases
// the buffer and is valid until the next read.
func (r *Reader) next(n int) ([]byte, error) {
	if r.w-r.r < n && !r.fill(n) {
		return nil, r.eof()
	}
	b := r.buf[r.r : r.r+n]
	r.r += n
	return b, nil
}

// ReadByte reads one byte: a value type or an opcode.
func (r *Reader) ReadByte() (byte, error) {
	if r.r == r.w && !r.fill(1) {
		return 0, r.eof()
	}
	b := r.buf[r.r]
	r.r++
	return b, nil
}

// readLen reads an RDB length, or the 2-bit encoding of an encoded string
// (enc true, n = encInt8 .. encLZF).
func (r *Reader) readLen() (n uint64, enc bool, err error) {
	start := r.Offset()
	b, err := r.ReadByte()
	if err != nil {
		return 0, false, err
	}
	switch b >> 6 {
	case len6Bit:
		return uint64(b & 0x3f), false, nil
	case len14Bit:
		c, err := r.ReadByte()
		if err != nil {
			return 0, false, err
		}
		return uint64(b&0x3f)<<8 | uint64(c), false, nil
	case encVal:
		return uint64(b & 0x3f), true, nil
	}
	switch b {
	case len32Bit:
		p, err := r.next(4)
		if err != nil {
			return 0, false, err
		}
		return uint64(binary.BigEndian.Uint32(p)), false, nil
	case len64Bit:
		p, err := r.next(8)
		if err != nil {
			return 0, false, err
		}
		return binary.BigEndian.Uint64(p), false, nil
	}
	return 0, false, r.fail(start, "bad length encoding 0x%02x", b)
}

// ReadLen reads an RDB length.
func (r *Reader) ReadLen() (uint64, error) {
	start := r.Offset()
	n, enc, err := r.readLen()
	if err == nil && enc {
		return 0, r.fail(start, "bad length encoding (string encoding %d)", n)
	}
	return n, err
}

// readCount reads an element count and checks that it is not 0 (an empty
// key) and fits an int.
func (r *Reader) readCount(what string) (int, error) {
	start := r.Offset()
	n, err := r.ReadLen()
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, &FormatError{Offset: start, What: "empty " + what, Err: ErrEmptyKey}
	}
	if n > 1<<40 {
		return 0, r.fail(start, "%s length %d too big", what, n)
	}
	return int(n), nil
}

// ReadString reads an RDB string in any encoding (raw, integer, LZF) and
// returns its bytes, a new slice owned by the caller.
func (r *Reader) ReadString() ([]byte, error) { return r.appendString(nil) }

// appendString is ReadString appending to dst[:0], which it reuses when it
// has room: for strings the caller copies anyway (Load's keys and string
// values).
func (r *Reader) appendString(dst []byte) ([]byte, error) {
	start := r.Offset()
	n, enc, err := r.readLen()
	if err != nil {
		return nil, err
	}
	if !enc {
		if dst == nil {
			return r.readBytes(n)
		}
		if n <= uint64(r.w-r.r) {
			out := append(dst[:0], r.buf[r.r:r.r+int(n)]...)
			r.r += int(n)
			return out, nil
		}
		return r.readInto(dst, n)
	}
	switch n {
	case encInt8:
		p, err := r.next(1)
		if err != nil {
			return nil, err
		}
		return strconv.AppendInt(dst[:0], int64(int8(p[0])), 10), nil
	case encInt16:
		p, err := r.next(2)
		if err != nil {
			return nil, err
		}
		return strconv.AppendInt(dst[:0], int64(int16(binary.LittleEndian.Uint16(p))), 10), nil
	case encInt32:
		p, err := r.next(4)
		if err != nil {
			return nil, err
		}
		return strconv.AppendInt(dst[:0], int64(int32(binary.LittleEndian.Uint32(p))), 10), nil
	case encLZF:
		return r.readLZF(dst, start)
	}
	return nil, r.fail(start, "unknown string encoding %d", n)
}

// readLZF reads the rest of an LZF string: compressed length, length, data.
func (r *Reader) readLZF(dst []byte, start int64) ([]byte, error) {
	clen, err := r.ReadLen()
	if err != nil {
		return nil, err
	}
	ulen, err := r.ReadLen()
	if err != nil {
		return nil, err
	}
	if clen == 0 || ulen == 0 || ulen > maxLZFLen || ulen > clen*lzfMaxRatio {
		return nil, r.fail(start, "bad LZF string lengths %d -> %d", clen, ulen)
	}
	var comp []byte
	if clen <= uint64(len(r.buf)) { // through the buffer, no copy
		if comp, err = r.next(int(clen)); err != nil {
			return nil, err
		}
	} else {
		if comp, err = r.readInto(r.lzfBuf[:0], clen); err != nil {
			return nil, err
		}
		if cap(comp) <= chunkKeepCap {
			r.lzfBuf = comp[:0]
		}
	}
	out, err := ds.LZFDecompress(dst, comp, int(ulen))
	if err != nil {
		return nil, r.fail(start, "invalid LZF compressed string")
	}
	return out, nil
}

// readBytes reads n raw bytes into a new slice.
func (r *Reader) readBytes(n uint64) ([]byte, error) {
	if n <= uint64(r.w-r.r) {
		b := make([]byte, n)
		copy(b, r.buf[r.r:])
		r.r += int(n)
		return b, nil
	}
	return r.readInto(nil, n)
}

// readInto appends n bytes to dst[:0], growing it as the bytes arrive (at
// most readPiece ahead of them), so a huge declared length in a short input
// fails without a huge allocation.
func (r *Reader) readInto(dst []byte, n uint64) ([]byte, error) {
	if r.rd == nil && n > uint64(r.w-r.r) {
		r.r = r.w
		return nil, r.eof()
	}
	out := dst[:0]
	if uint64(cap(out)) < min(n, readPiece) {
		out = make([]byte, 0, min(n, readPiece))
	}
	for uint64(len(out)) < n {
		if r.r == r.w && !r.fill(1) {
			return nil, r.eof()
		}
		take := min(n-uint64(len(out)), uint64(r.w-r.r))
		if need := uint64(len(out)) + take; need > uint64(cap(out)) {
			grown := make([]byte, len(out), min(n, max(need, 2*uint64(cap(out)))))
			copy(grown, out)
			out = grown
		}
		out = append(out, r.buf[r.r:r.r+int(take)]...)
		r.r += int(take)
	}
	return out, nil
}

// ReadMillis reads an 8-byte little-endian time in milliseconds
// (OpExpireTimeMs).
func (r *Reader) ReadMillis() (int64, error) {
	p, err := r.next(8)
	if err != nil {
		return 0, err
	}
	return int64(binary.LittleEndian.Uint64(p)), nil
}

// ReadSeconds reads a 4-byte little-endian signed time in seconds
// (OpExpireTime).
func (r *Reader) ReadSeconds() (int64, error) {
	p, err := r.next(4)
	if err != nil {
		return 0, err
	}
	return int64(int32(binary.LittleEndian.Uint32(p))), nil
}

// ReadHeader reads the magic "REDIS" and the 4-digit version, which must be
// 1..MaxReadVersion.
func (r *Reader) ReadHeader() (version int, err error) {
	p, err := r.next(9)
	if err != nil {
		return 0, err
	}
	if string(p[:5]) != "REDIS" {
		return 0, r.fail(0, "wrong signature %q", p[:5])
	}
	for _, c := range p[5:] {
		if c < '0' || c > '9' {
			return 0, r.fail(5, "bad version %q", p[5:])
		}
		version = version*10 + int(c-'0')
	}
	if version < 1 || version > MaxReadVersion {
		return 0, r.fail(5, "can't handle RDB format version %d", version)
	}
	return version, nil
}

// ReadChecksum reads the checksum after OpEOF (RDB version >= 5 has one)
// and compares it with the CRC-64 of everything consumed before it; a
// stored 0 means the writer did not compute one and is not checked.
func (r *Reader) ReadChecksum(version int) error {
	if version < 5 {
		return nil
	}
	r.crc = CRC64(r.crc, r.buf[r.crcAt:r.r])
	r.crcAt = r.r
	want, start := r.crc, r.Offset()
	p, err := r.next(8)
	if err != nil {
		return err
	}
	if got := binary.LittleEndian.Uint64(p); got != 0 && got != want {
		return r.fail(start, "wrong RDB checksum (stored %016x, computed %016x)", got, want)
	}
	return nil
}
