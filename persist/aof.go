package persist

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"aeon/resp"
)

// Redis 7's multi-part AOF: a directory (appenddirname) holding one base
// file (an RDB, or commands when aof-use-rdb-preamble is no), the
// incremental files written since that base, in order, and a manifest
// naming them:
//
//	appendonlydir/
//	  appendonly.aof.1.base.rdb        base: the data set at the last rewrite
//	  appendonly.aof.1.incr.aof        commands after it
//	  appendonly.aof.2.incr.aof        (a rewrite in progress opened this one)
//	  appendonly.aof.manifest:
//	    file appendonly.aof.1.base.rdb seq 1 type b\n
//	    file appendonly.aof.1.incr.aof seq 1 type i\n
//	    file appendonly.aof.2.incr.aof seq 2 type i\n
//
// Manifest lines are key/value pairs in any order (unknown keys ignored,
// '#' starts a comment line); type b is the base, i an incremental file,
// h a file left from before a rewrite, to be deleted.

// AOF file types in a manifest.
const (
	AOFBase    = 'b'
	AOFHistory = 'h'
	AOFIncr    = 'i'
)

// AOFFile is one file a manifest names.
type AOFFile struct {
	Name string
	Seq  int64
	Type byte
}

// Manifest is a parsed multi-part AOF manifest.
type Manifest struct {
	Base    *AOFFile
	Incrs   []AOFFile // oldest first
	History []AOFFile
}

// errManifest is the error for a malformed manifest line.
var errManifest = errors.New("invalid AOF manifest file format")

// ParseManifest parses a manifest's bytes.
func ParseManifest(b []byte) (*Manifest, error) {
	m := &Manifest{}
	for n, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Fields(line)
		if len(f)%2 != 0 {
			return nil, fmt.Errorf("%w (line %d)", errManifest, n+1)
		}
		var af AOFFile
		for i := 0; i < len(f); i += 2 {
			switch f[i] {
			case "file":
				af.Name = f[i+1]
			case "seq":
				v, err := strconv.ParseInt(f[i+1], 10, 64)
				if err != nil || v < 1 {
					return nil, fmt.Errorf("%w (line %d: bad seq)", errManifest, n+1)
				}
				af.Seq = v
			case "type":
				if len(f[i+1]) != 1 {
					return nil, fmt.Errorf("%w (line %d: bad type)", errManifest, n+1)
				}
				af.Type = f[i+1][0]
			}
		}
		if af.Name == "" || af.Seq == 0 || strings.ContainsRune(af.Name, '/') {
			return nil, fmt.Errorf("%w (line %d)", errManifest, n+1)
		}
		switch af.Type {
		case AOFBase:
			if m.Base != nil {
				return nil, fmt.Errorf("%w (line %d: two base files)", errManifest, n+1)
			}
			m.Base = &af
		case AOFIncr:
			if k := len(m.Incrs); k > 0 && m.Incrs[k-1].Seq >= af.Seq {
				return nil, fmt.Errorf("%w (line %d: incr seq not ascending)", errManifest, n+1)
			}
			m.Incrs = append(m.Incrs, af)
		case AOFHistory:
			m.History = append(m.History, af)
		default:
			return nil, fmt.Errorf("%w (line %d: unknown type)", errManifest, n+1)
		}
	}
	if m.Base == nil && len(m.Incrs) == 0 {
		return nil, errors.New("Found an empty AOF manifest")
	}
	return m, nil
}

// Encode returns the manifest's bytes: base, history, then incr files.
func (m *Manifest) Encode() []byte {
	var b bytes.Buffer
	line := func(f AOFFile) {
		fmt.Fprintf(&b, "file %s seq %d type %c\n", f.Name, f.Seq, f.Type)
	}
	if m.Base != nil {
		line(*m.Base)
	}
	for _, f := range m.History {
		line(f)
	}
	for _, f := range m.Incrs {
		line(f)
	}
	return b.Bytes()
}

// ErrAOFTruncated is returned by AOFReader.Next when the file ends inside a
// command: the tail of a write cut short by a crash.
var ErrAOFTruncated = errors.New("unexpected end of file")

// AOFReader reads the commands of an AOF file, Redis's RESP multibulk
// form:
//
//	*<argc>\r\n  then argc times  $<len>\r\n<bytes>\r\n
//
// Lines starting with '#' between commands (Redis 7's timestamp
// annotations) are skipped.
type AOFReader struct {
	r    *bufio.Reader
	off  int64 // bytes consumed
	good int64 // end of the last complete command
	max  int64 // largest argument accepted
}

// NewAOFReader reads from r; maxBulk bounds one argument (proto-max-bulk-len).
func NewAOFReader(r io.Reader, maxBulk int64) *AOFReader {
	return &AOFReader{r: bufio.NewReaderSize(r, 1<<20), max: maxBulk}
}

// Offset returns the end of the last complete command: where a truncated
// file should be cut.
func (a *AOFReader) Offset() int64 { return a.good }

func (a *AOFReader) line() ([]byte, error) {
	l, err := a.r.ReadSlice('\n')
	a.off += int64(len(l))
	if err == io.EOF {
		return nil, ErrAOFTruncated
	}
	if err == bufio.ErrBufferFull {
		// A header or annotation longer than the read buffer: no
		// valid file has one.
		return nil, a.bad("line too long")
	}
	if err != nil {
		return nil, err
	}
	if len(l) < 2 || l[len(l)-2] != '\r' {
		return nil, a.bad("line without CRLF")
	}
	return l[:len(l)-2], nil
}

func (a *AOFReader) bad(what string) error {
	return &AOFError{Offset: a.off, What: what}
}

// AOFError is malformed AOF content at byte Offset of a file.
type AOFError struct {
	Offset int64
	What   string
}

func (e *AOFError) Error() string {
	return fmt.Sprintf("bad AOF format at offset %d: %s", e.Offset, e.What)
}

// Next reads one command into argv (reusing its backing array; the
// arguments are fresh slices the caller may keep). It returns io.EOF at a
// clean end, ErrAOFTruncated when the file ends inside a command, or an
// *AOFError naming the offset of bad bytes.
func (a *AOFReader) Next(argv [][]byte) ([][]byte, error) {
	argv = argv[:0]
	for {
		b, err := a.r.Peek(1)
		if err == io.EOF {
			return argv, io.EOF
		}
		if err != nil {
			return argv, err
		}
		if b[0] != '#' {
			break
		}
		if _, err := a.line(); err != nil {
			return argv, err
		}
		a.good = a.off
	}
	hdr, err := a.line()
	if err != nil {
		return argv, err
	}
	if len(hdr) < 2 || hdr[0] != '*' {
		return argv, a.bad("expected '*'")
	}
	// Any count a client may send (up to INT_MAX) is valid: the server
	// appends commands as they came. argv grows as arguments arrive, so
	// a huge count in a short file allocates nothing for it.
	argc, err := strconv.ParseInt(string(hdr[1:]), 10, 64)
	if err != nil || argc < 1 || argc > math.MaxInt32 {
		return argv, a.bad("invalid multibulk length")
	}
	for i := int64(0); i < argc; i++ {
		l, err := a.line()
		if err != nil {
			return argv, err
		}
		if len(l) < 2 || l[0] != '$' {
			return argv, a.bad("expected '$'")
		}
		n, err := strconv.ParseInt(string(l[1:]), 10, 64)
		if err != nil || n < 0 || n > a.max {
			return argv, a.bad("invalid bulk length")
		}
		arg := make([]byte, 0, min(n, 1<<20)+2)
		for int64(len(arg)) < n+2 {
			chunk := min(n+2-int64(len(arg)), 1<<20)
			start := len(arg)
			arg = append(arg, make([]byte, chunk)...)
			m, err := io.ReadFull(a.r, arg[start:])
			a.off += int64(m)
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return argv, ErrAOFTruncated
			}
			if err != nil {
				return argv, err
			}
		}
		if arg[n] != '\r' || arg[n+1] != '\n' {
			return argv, a.bad("bulk without CRLF")
		}
		argv = append(argv, arg[:n:n])
	}
	a.good = a.off
	return argv, nil
}

// AppendCommand appends argv in the AOF's RESP form (an array of bulk
// strings, as clients send commands) to dst.
func AppendCommand(dst []byte, argv ...[]byte) []byte {
	dst = resp.AppendArray(dst, len(argv))
	for _, a := range argv {
		dst = resp.AppendBulk(dst, a)
	}
	return dst
}
