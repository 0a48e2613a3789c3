package server

import (
	"strconv"
	"time"
)

// --- MONITOR ---------------------------------------------------------------

// feedMonitors sends the command c is about to run to every monitor, in
// Redis's format: +<unix.micro> [<db> <addr>] "arg" "arg"...
func (s *Server) feedMonitors(c *Client) {
	now := time.Now()
	line := make([]byte, 0, 128)
	line = append(line, '+')
	line = strconv.AppendInt(line, now.Unix(), 10)
	line = append(line, '.')
	us := strconv.AppendInt(nil, int64(now.Nanosecond()/1000), 10)
	for i := len(us); i < 6; i++ {
		line = append(line, '0')
	}
	line = append(line, us...)
	line = append(line, " ["...)
	line = strconv.AppendInt(line, int64(c.db.id), 10)
	line = append(line, ' ')
	if c.unix {
		line = append(line, "unix:"...)
		line = append(line, s.cfg.UnixSocket...)
	} else {
		line = append(line, c.addr...)
	}
	line = append(line, ']')
	for _, a := range c.argv {
		line = append(line, ' ')
		line = appendRepr(line, a)
	}
	line = append(line, '\r', '\n')
	for _, m := range s.monitors {
		if !m.closed {
			m.reply = append(m.reply, line...)
			s.queueWrite(m)
		}
	}
}

// appendRepr appends b quoted as Redis's sdscatrepr does.
func appendRepr(dst, b []byte) []byte {
	dst = append(dst, '"')
	for _, ch := range b {
		switch ch {
		case '\\', '"':
			dst = append(dst, '\\', ch)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\a':
			dst = append(dst, '\\', 'a')
		case '\b':
			dst = append(dst, '\\', 'b')
		default:
			if ch >= 32 && ch < 127 {
				dst = append(dst, ch)
			} else {
				const hexd = "0123456789abcdef"
				dst = append(dst, '\\', 'x', hexd[ch>>4], hexd[ch&15])
			}
		}
	}
	return append(dst, '"')
}

func (s *Server) removeMonitor(c *Client) {
	for i, m := range s.monitors {
		if m == c {
			s.monitors = append(s.monitors[:i], s.monitors[i+1:]...)
			break
		}
	}
	c.monitor = false
}

// --- CLIENT PAUSE ------------------------------------------------------------

// pausedFor reports whether c's next command must wait for CLIENT PAUSE to
// end. A WRITE pause lets through clients whose next command is not a write.
func (s *Server) pausedFor(c *Client, next []byte) bool {
	if s.pauseEnd == 0 || c.kind != kindNormal {
		return false
	}
	if !s.pauseWrite {
		return true
	}
	// Peek at the next command (next: the unexecuted part of the query
	// buffer) without consuming it.
	argv, n, err := c.parser.Parse(next)
	c.parser.Reset()
	if err != nil || n == 0 || len(argv) == 0 {
		return false
	}
	cmd := s.lookupCommand(argv)
	return cmd != nil && cmd.Flags&(FlagWrite|FlagMayReplicate) != 0
}

// unpause ends CLIENT PAUSE and resumes the clients that were waiting.
func (s *Server) unpause() {
	s.pauseEnd = 0
	s.pauseWrite = false
	s.forEachClient(func(c *Client) {
		if len(c.qbuf) > 0 && !c.closing {
			s.processInputBuffer(c)
		}
	})
}
