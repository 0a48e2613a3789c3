package resp

import (
	"bytes"
	"math"
)

// Default limits used by a Parser whose corresponding field is zero.
const (
	DefaultMaxBulkLen      = 512 << 20 // proto-max-bulk-len
	DefaultMaxInlineLen    = 64 << 10  // PROTO_INLINE_MAX_SIZE
	DefaultMaxMultibulkLen = 1<<31 - 1 // INT_MAX
	unauthMaxMultibulkLen  = 10        // multibulk count allowed before AUTH
	unauthMaxBulkLen       = 16384     // bulk length allowed before AUTH
	maxPreallocArgs        = 1024      // never trust a count for more slots
)

// Parser parses client requests, both multibulk ("*2\r\n$3\r\nGET\r\n...") and
// inline ("GET key\r\n"), with Redis 7.0 semantics.
//
// A Parser is stateful: while a command is only partially received it keeps
// its progress as offsets relative to the start of the current command, never
// as slices, so the caller may move the buffered bytes to a new backing array
// between calls. The zero value is ready to use (zero limits mean the
// defaults); NewParser returns one with the defaults filled in. A Parser is not
// safe for concurrent use.
type Parser struct {
	// MaxBulkLen is the largest accepted bulk argument (proto-max-bulk-len).
	// Zero means DefaultMaxBulkLen. A server may raise it for its master link.
	MaxBulkLen int64
	// MaxInlineLen bounds an inline request line and a multibulk or bulk
	// header line (Redis's PROTO_INLINE_MAX_SIZE). Zero means DefaultMaxInlineLen.
	MaxInlineLen int
	// MaxMultibulkLen is the largest accepted argument count. Zero means
	// DefaultMaxMultibulkLen.
	MaxMultibulkLen int64
	// Unauthenticated enables the pre-AUTH limits: a multibulk count above
	// 10 or a bulk length above 16384 is a protocol error.
	Unauthenticated bool

	started bool  // a command is in progress (partial state may be kept)
	multi   bool  // the command in progress is multibulk
	inMulti bool  // the multibulk count line has been consumed
	hasBulk bool  // a bulk header has been consumed, its data is pending
	left    int   // bulk arguments still to read
	pos     int   // offset of the next unparsed byte, from command start
	scan    int   // offset up to which no line terminator was found
	bulkLen int64 // length of the pending bulk argument

	offs    []int    // start,end pairs of the arguments parsed so far
	argv    [][]byte // reused result slice
	scratch []byte   // unescaped inline arguments
}

// NewParser returns a Parser with the default limits set explicitly:
// MaxBulkLen 512 MiB, MaxInlineLen 64 KiB, MaxMultibulkLen 2^31-1.
func NewParser() *Parser {
	return &Parser{
		MaxBulkLen:      DefaultMaxBulkLen,
		MaxInlineLen:    DefaultMaxInlineLen,
		MaxMultibulkLen: DefaultMaxMultibulkLen,
	}
}

// Reset forgets any partially parsed command; the next Parse call must be
// given a buffer starting at the beginning of a new command.
func (p *Parser) Reset() {
	p.started = false
	p.multi = false
	p.inMulti = false
	p.hasBulk = false
	p.left = 0
	p.pos = 0
	p.scan = 0
	p.bulkLen = 0
	p.offs = p.offs[:0]
}

// NeedBytes reports, while the data of a bulk argument is pending, how many
// bytes in total (counted from the start of the current command) the buffer
// must hold for that argument to be complete. It returns 0 when no bulk
// length is known. Callers use it to grow their buffer once for a big
// argument instead of repeatedly.
func (p *Parser) NeedBytes() int {
	if !p.hasBulk {
		return 0
	}
	if p.bulkLen > int64(math.MaxInt-2-p.pos) {
		return math.MaxInt
	}
	return p.pos + int(p.bulkLen) + 2
}

// Parse parses one command from buf, which must start at the beginning of the
// current command (the same start as in the previous call while that call
// reported the command incomplete, with more bytes appended).
//
// It returns the arguments, the number of bytes of buf the command occupies,
// and an error. When n == 0 and err == nil the command is incomplete: call
// again with more bytes. A complete empty command (empty inline line, "*0" or
// "*-1") yields len(argv) == 0 and n > 0. On error n is 0, the Parser is reset
// and the connection should be closed after replying "-ERR " + err.Error().
//
// The arguments alias buf (multibulk and plain inline arguments) or the
// Parser's scratch space (inline arguments written with quotes): they are
// valid only until buf is modified or Parse is called again. Each argument has
// its capacity clipped to its length, so appending to one never overwrites
// its neighbour. The argv slice itself is reused by the next call.
func (p *Parser) Parse(buf []byte) (argv [][]byte, n int, err error) {
	if len(buf) == 0 {
		p.Reset()
		return p.argv[:0], 0, nil
	}
	multi := buf[0] == '*'
	if p.started && (multi != p.multi || p.pos > len(buf) || p.scan > len(buf)) {
		// The caller broke the "same start, more bytes" contract: start
		// over rather than slice out of range.
		p.Reset()
	}
	p.started, p.multi = true, multi
	if multi {
		argv, n, err = p.parseMultibulk(buf)
	} else {
		argv, n, err = p.parseInline(buf)
	}
	if n != 0 || err != nil {
		p.Reset()
	}
	return argv, n, err
}

func (p *Parser) maxInline() int {
	if p.MaxInlineLen > 0 {
		return p.MaxInlineLen
	}
	return DefaultMaxInlineLen
}

// findCR looks for the '\r' ending the header line that starts at p.pos.
// It returns the index of the '\r' when the line is complete (at least one
// byte follows the '\r', as Redis requires), -1 when more bytes are needed,
// or -2 when the header is too long. Only the first MaxInlineLen+1 bytes of
// the line are searched, so the outcome does not depend on how the input
// was split into reads.
func (p *Parser) findCR(buf []byte) int {
	limit := p.pos + p.maxInline() + 1
	end := min(len(buf), limit)
	if p.scan < p.pos {
		p.scan = p.pos
	}
	if p.scan < end {
		if i := bytes.IndexByte(buf[p.scan:end], '\r'); i >= 0 {
			nl := p.scan + i
			if nl > len(buf)-2 {
				p.scan = nl
				return -1
			}
			return nl
		}
		p.scan = end
	}
	if end == limit {
		return -2
	}
	return -1
}

func (p *Parser) parseMultibulk(buf []byte) ([][]byte, int, error) {
	if !p.inMulti {
		nl := p.findCR(buf)
		switch nl {
		case -1:
			return nil, 0, nil
		case -2:
			return nil, 0, ErrTooBigMbulkCount
		}
		ll, ok := parseInt(buf[1:nl])
		maxCount := p.MaxMultibulkLen
		if maxCount <= 0 {
			maxCount = DefaultMaxMultibulkLen
		}
		if !ok || ll > maxCount {
			return nil, 0, ErrInvalidMultibulkLength
		}
		if ll > unauthMaxMultibulkLen && p.Unauthenticated {
			return nil, 0, ErrUnauthenticatedMultibulk
		}
		if ll <= 0 {
			return p.argv[:0], nl + 2, nil
		}
		p.inMulti = true
		p.left = int(ll)
		p.pos = nl + 2
		p.scan = p.pos
		p.offs = p.offs[:0]
		if want := 2 * min(p.left, maxPreallocArgs); cap(p.offs) < want {
			p.offs = make([]int, 0, want)
		}
	}
	maxBulk := p.MaxBulkLen
	if maxBulk <= 0 {
		maxBulk = DefaultMaxBulkLen
	}
	for p.left > 0 {
		if !p.hasBulk {
			nl := p.findCR(buf)
			switch nl {
			case -1:
				return nil, 0, nil
			case -2:
				return nil, 0, ErrTooBigBulkCount
			}
			if buf[p.pos] != '$' {
				return nil, 0, ExpectedDollarError(buf[p.pos])
			}
			ll, ok := parseInt(buf[p.pos+1 : nl])
			if !ok || ll < 0 || ll > maxBulk {
				return nil, 0, ErrInvalidBulkLength
			}
			if ll > unauthMaxBulkLen && p.Unauthenticated {
				return nil, 0, ErrUnauthenticatedBulk
			}
			p.pos = nl + 2
			p.scan = p.pos
			p.bulkLen = ll
			p.hasBulk = true
		}
		if rem := len(buf) - p.pos; rem < 2 || int64(rem-2) < p.bulkLen {
			return nil, 0, nil
		}
		end := p.pos + int(p.bulkLen)
		p.offs = append(p.offs, p.pos, end)
		p.pos = end + 2 // Redis skips the 2 bytes without checking them
		p.scan = p.pos
		p.hasBulk = false
		p.left--
	}
	return p.buildArgv(buf), p.pos, nil
}

// buildArgv turns p.offs into argument slices of src.
func (p *Parser) buildArgv(src []byte) [][]byte {
	argv := p.argv[:0]
	for i := 0; i+1 < len(p.offs); i += 2 {
		s, e := p.offs[i], p.offs[i+1]
		argv = append(argv, src[s:e:e])
	}
	p.argv = argv
	return argv
}

func (p *Parser) parseInline(buf []byte) ([][]byte, int, error) {
	limit := p.maxInline() + 1
	end := min(len(buf), limit)
	i := -1
	if p.scan < end {
		if i = bytes.IndexByte(buf[p.scan:end], '\n'); i >= 0 {
			i += p.scan
		} else {
			p.scan = end
		}
	}
	if i < 0 {
		if end == limit {
			return nil, 0, ErrTooBigInline
		}
		return nil, 0, nil
	}
	n := i + 1
	line := buf[:i]
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	// Redis splits a C string: a NUL byte ends the line.
	if z := bytes.IndexByte(line, 0); z >= 0 {
		line = line[:z]
	}
	if !p.splitArgs(line) {
		return nil, 0, ErrUnbalancedQuotes
	}
	return p.buildArgv(p.scratch), n, nil
}

// isSpace is C's isspace in the "C" locale.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// splitArgs is Redis's sdssplitargs: it writes the unescaped arguments of
// line into p.scratch and their offsets into p.offs. It reports false on
// unbalanced quotes.
func (p *Parser) splitArgs(line []byte) bool {
	if cap(p.scratch) < len(line) {
		p.scratch = make([]byte, 0, max(len(line), 2*cap(p.scratch)))
	}
	out := p.scratch[:0] // never grows: output is at most len(line)
	p.offs = p.offs[:0]
	// at returns the byte at i, or 0 past the end (C string semantics).
	at := func(i int) byte {
		if i < len(line) {
			return line[i]
		}
		return 0
	}
	i := 0
	for {
		for i < len(line) && isSpace(line[i]) {
			i++
		}
		if i >= len(line) {
			p.scratch = out
			return true
		}
		start := len(out)
		inq, insq, done := false, false, false
		for !done {
			c := at(i)
			switch {
			case inq:
				if c == '\\' && at(i+1) == 'x' {
					hi, ok1 := hexVal(at(i + 2))
					lo, ok2 := hexVal(at(i + 3))
					if ok1 && ok2 {
						out = append(out, hi<<4|lo)
						i += 3
						break
					}
				}
				if c == '\\' && at(i+1) != 0 {
					i++
					switch e := line[i]; e {
					case 'n':
						out = append(out, '\n')
					case 'r':
						out = append(out, '\r')
					case 't':
						out = append(out, '\t')
					case 'b':
						out = append(out, '\b')
					case 'a':
						out = append(out, '\a')
					default:
						out = append(out, e)
					}
				} else if c == '"' {
					if n := at(i + 1); n != 0 && !isSpace(n) {
						return false
					}
					done = true
				} else if c == 0 {
					return false
				} else {
					out = append(out, c)
				}
			case insq:
				if c == '\\' && at(i+1) == '\'' {
					i++
					out = append(out, '\'')
				} else if c == '\'' {
					if n := at(i + 1); n != 0 && !isSpace(n) {
						return false
					}
					done = true
				} else if c == 0 {
					return false
				} else {
					out = append(out, c)
				}
			default:
				switch c {
				case ' ', '\n', '\r', '\t', 0:
					done = true
				case '"':
					inq = true
				case '\'':
					insq = true
				default:
					out = append(out, c)
				}
			}
			if i < len(line) {
				i++
			}
		}
		p.offs = append(p.offs, start, len(out))
	}
}

// parseInt is Redis's string2ll: an optional '-', then a decimal number
// without leading zeros, '+' or spaces, fitting in an int64.
func parseInt(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) >= 21 {
		return 0, false
	}
	if len(b) == 1 && b[0] == '0' {
		return 0, true
	}
	neg := false
	if b[0] == '-' {
		neg = true
		b = b[1:]
		if len(b) == 0 {
			return 0, false
		}
	}
	if b[0] < '1' || b[0] > '9' {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		if v > math.MaxUint64/10 {
			return 0, false
		}
		v *= 10
		d := uint64(c - '0')
		if v > math.MaxUint64-d {
			return 0, false
		}
		v += d
	}
	if neg {
		if v > 1<<63 {
			return 0, false
		}
		return -int64(v), true // -(1<<63) wraps to MinInt64 as intended
	}
	if v > math.MaxInt64 {
		return 0, false
	}
	return int64(v), true
}
