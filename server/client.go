package server

import (
	"strconv"

	anet "aeon/net"
	"aeon/resp"

	"golang.org/x/sys/unix"
)

// Sizes for the client's buffers.
const (
	ioBufLen        = 16 * 1024        // PROTO_IOBUF_LEN: bytes read per call
	replyKeepCap    = 1 << 20          // reply buffers bigger than this are dropped once sent (idle clients drop theirs in the cron)
	replyBackoff    = 64 * 1024 * 1024 // stop reading from a client with this much unsent output
	queryShrinkIdle = 2000             // ms of idle before a big query buffer is freed
)

// Client reply modes (CLIENT REPLY).
const (
	replyOn = iota
	replyOff
	replySkipNext
	replySkip
)

// Client kinds (CLIENT LIST type=, CLIENT KILL TYPE).
const (
	kindNormal = iota
	kindReplica
	kindPubsub
	kindMaster
)

// Client is one connection. Its buffers are reused across commands:
//
//   - qbuf holds bytes read but not yet executed; argv aliases it, so a
//     command must copy any argument it keeps.
//   - reply holds output not yet written; sent counts how much of it went out.
//
// A Client is owned by the event loop; nothing else touches it.
type Client struct {
	s      *Server
	id     int64
	fd     int
	addr   string // peer "ip:port"
	laddr  string // local "ip:port"
	unix   bool   // connected through the Unix socket
	name   string
	db     *DB
	proto  int
	user   string
	authed bool

	qbuf   []byte
	parser *resp.Parser
	argv   [][]byte
	cmd    *Command // command being executed
	last   *Command // last command executed

	reply        []byte
	sent         int
	pendingWrite bool // in s.pending, flushed before the loop sleeps
	writeArmed   bool // a Writable handler is installed
	readPaused   bool // reading stopped until output drains

	ctime        int64 // creation, unix ms
	lastActive   int64 // last interaction, unix ms
	closeAfter   bool  // close once the reply is written (QUIT, protocol error)
	closing      bool  // freed asynchronously before the next sleep
	closed       bool
	monitor      bool
	replyMode    int
	noTouch      bool
	noEvict      bool
	kind         int
	libName      string
	libVer       string
	cmdFailed    bool         // the current command replied with an error
	obufSoftSet  int64        // when the soft output limit was first exceeded (ms), 0 = not over
	inMulti      bool         // between MULTI and EXEC/DISCARD
	inExec       bool         // running EXEC's queue
	dirtyExec    bool         // a command was rejected while queuing: EXEC aborts
	dirtyCAS     bool         // a watched key was touched: EXEC replies null
	queue        []queuedCmd  // commands queued by MULTI
	watched      []watchedKey // keys WATCHed by this client
	blocked      *blockState  // waiting in a blocking command
	denyBlocking bool         // blocking commands time out at once (the AOF loader)
	prop         [][]byte     // what the current command propagates instead of argv (propSet)
	propSet      bool
	loadingAOF   bool // the AOF loader's client: runs while loading
	totalNetIn   int64
	totalNetOut  int64
	scratch      [64]byte
}

// readFromClient is the Readable handler for client fds.
func (s *Server) readFromClient(fd, mask int) {
	c := s.clients[fd]
	if c == nil {
		return
	}
	readLen := ioBufLen
	// A big bulk argument is pending: make room for all of it at once
	// instead of doubling the buffer many times.
	if need := c.parser.NeedBytes(); need > len(c.qbuf) && need-len(c.qbuf) > readLen {
		readLen = need - len(c.qbuf)
	}
	if cap(c.qbuf)-len(c.qbuf) < readLen {
		grown := make([]byte, len(c.qbuf), len(c.qbuf)+readLen)
		copy(grown, c.qbuf)
		c.qbuf = grown
	}
	n, err := anet.Read(fd, c.qbuf[len(c.qbuf):cap(c.qbuf)])
	if err != nil {
		if err == unix.EAGAIN || err == unix.EINTR {
			return
		}
		s.freeClient(c)
		return
	}
	if n == 0 {
		s.freeClient(c)
		return
	}
	c.qbuf = c.qbuf[:len(c.qbuf)+n]
	c.totalNetIn += int64(n)
	s.stats.netInputBytes += int64(n)
	c.lastActive = s.unixMs
	if int64(len(c.qbuf)) > s.cfg.ClientQueryBufferLimit {
		s.log.Warn().Str("client", c.addr).Int("qbuf", len(c.qbuf)).Msg("Closing client that reached max query buffer length")
		s.freeClient(c)
		return
	}
	s.processInputBuffer(c)
}

// processInputBuffer parses and executes every complete command in c.qbuf.
func (s *Server) processInputBuffer(c *Client) {
	pos := 0
	for pos < len(c.qbuf) && !c.closeAfter && !c.closing && c.blocked == nil {
		if s.pausedFor(c, c.qbuf[pos:]) {
			break
		}
		c.parser.Unauthenticated = !c.authed && s.cfg.RequirePass != ""
		argv, n, err := c.parser.Parse(c.qbuf[pos:])
		if err != nil {
			s.log.Debug().Str("client", c.addr).Err(err).Msg("Protocol error")
			c.addReplyError("ERR " + err.Error())
			c.closeAfter = true
			c.parser.Reset()
			pos = len(c.qbuf)
			break
		}
		if n == 0 {
			break
		}
		pos += n
		if len(argv) == 0 {
			continue
		}
		c.argv = argv
		s.processCommand(c)
		c.argv = nil
	}
	// Keep only the unparsed tail, at the front of the buffer.
	if pos > 0 {
		rest := copy(c.qbuf, c.qbuf[pos:])
		c.qbuf = c.qbuf[:rest]
	}
	s.queueWrite(c)
}

// queueWrite puts c on the list flushed before the loop sleeps.
func (s *Server) queueWrite(c *Client) {
	if !c.pendingWrite && len(c.reply) > c.sent && !c.closed {
		c.pendingWrite = true
		s.pending = append(s.pending, c)
	}
	if c.closeAfter && len(c.reply) == c.sent && !c.closing {
		s.freeClientAsync(c)
	}
}

// flushPending writes every queued client's output directly; only a short
// write arms a Writable handler (Redis's handleClientsWithPendingWrites).
func (s *Server) flushPending() {
	for i, c := range s.pending {
		s.pending[i] = nil
		c.pendingWrite = false
		if c.closed {
			continue
		}
		if !s.writeToClient(c) {
			continue
		}
		if len(c.reply) > c.sent && !c.writeArmed {
			if err := s.el.CreateFileEvent(c.fd, aeWritable, s.writeHandler); err == nil {
				c.writeArmed = true
			}
		}
	}
	s.pending = s.pending[:0]
}

// writeHandler is the Writable handler, installed after a short write.
func (s *Server) writeHandler(fd, mask int) {
	c := s.clients[fd]
	if c == nil {
		return
	}
	s.writeToClient(c)
}

// writeToClient writes as much pending output as the socket takes. It
// returns false if the client was freed.
func (s *Server) writeToClient(c *Client) bool {
	for c.sent < len(c.reply) {
		n, err := anet.Write(c.fd, c.reply[c.sent:])
		if err != nil {
			if err == unix.EAGAIN {
				break
			}
			if err == unix.EINTR {
				continue
			}
			s.freeClient(c)
			return false
		}
		c.sent += n
		c.totalNetOut += int64(n)
		s.stats.netOutputBytes += int64(n)
		c.lastActive = s.unixMs
	}
	if c.sent == len(c.reply) {
		if cap(c.reply) > replyKeepCap {
			c.reply = nil
		} else {
			c.reply = c.reply[:0]
		}
		c.sent = 0
		if c.writeArmed {
			s.el.DeleteFileEvent(c.fd, aeWritable)
			c.writeArmed = false
		}
		if c.readPaused {
			c.readPaused = false
			s.el.CreateFileEvent(c.fd, aeReadable, s.readFromClient)
			if len(c.qbuf) > 0 {
				s.processInputBuffer(c)
			}
		}
		if c.closeAfter {
			s.freeClientAsync(c)
		}
	} else if len(c.reply)-c.sent > replyBackoff && !c.readPaused && !c.closed {
		// The client is not reading its replies: stop reading its
		// requests until the output drains, so memory stays bounded.
		c.readPaused = true
		s.el.DeleteFileEvent(c.fd, aeReadable)
	}
	return true
}

// pendingOutput returns the bytes of output not yet written.
func (c *Client) pendingOutput() int { return len(c.reply) - c.sent }

// --- replies -------------------------------------------------------------

// muted reports whether replies are being discarded (CLIENT REPLY OFF/SKIP).
func (c *Client) muted() bool { return c.replyMode != replyOn }

func (c *Client) addReplyOK() {
	if !c.muted() {
		c.reply = append(c.reply, "+OK\r\n"...)
	}
}

func (c *Client) addReplySimple(s string) {
	if !c.muted() {
		c.reply = resp.AppendSimple(c.reply, s)
	}
}

// addReplyError replies with the error text s (which includes its prefix,
// "ERR ..." or "WRONGTYPE ...") and counts it in errorstats.
func (c *Client) addReplyError(s string) {
	c.s.countError(s)
	c.cmdFailed = true
	if !c.muted() {
		c.reply = resp.AppendError(c.reply, s)
	}
}

func (c *Client) addReplyInt(n int64) {
	if !c.muted() {
		c.reply = resp.AppendInt(c.reply, n)
	}
}

func (c *Client) addReplyBulk(b []byte) {
	if !c.muted() {
		c.reply = resp.AppendBulk(c.reply, b)
	}
}

func (c *Client) addReplyBulkString(s string) {
	if !c.muted() {
		c.reply = resp.AppendBulkString(c.reply, s)
	}
}

func (c *Client) addReplyBulkInt(n int64) {
	if !c.muted() {
		c.reply = resp.AppendBulkInt(c.reply, n)
	}
}

// addReplyNull replies with the null bulk string ($-1, or _ in RESP3).
func (c *Client) addReplyNull() {
	if !c.muted() {
		c.reply = resp.AppendNullBulk(c.reply, c.proto)
	}
}

// addReplyNullArray replies with the null array (*-1, or _ in RESP3).
func (c *Client) addReplyNullArray() {
	if !c.muted() {
		c.reply = resp.AppendNullArray(c.reply, c.proto)
	}
}

func (c *Client) addReplyArray(n int) {
	if !c.muted() {
		c.reply = resp.AppendArray(c.reply, n)
	}
}

func (c *Client) addReplyMap(n int) {
	if !c.muted() {
		c.reply = resp.AppendMap(c.reply, c.proto, n)
	}
}

func (c *Client) addReplySet(n int) {
	if !c.muted() {
		c.reply = resp.AppendSet(c.reply, c.proto, n)
	}
}

func (c *Client) addReplyDouble(f float64) {
	if !c.muted() {
		c.reply = resp.AppendDouble(c.reply, c.proto, f)
	}
}

func (c *Client) addReplyVerbatim(s string) {
	if !c.muted() {
		c.reply = resp.AppendVerbatim(c.reply, c.proto, "txt", []byte(s))
	}
}

// addReplyStringObject replies with a string value as a bulk string.
func (c *Client) addReplyStringObject(o *Object) {
	if o.enc == EncInt {
		c.addReplyBulkInt(o.n)
		return
	}
	c.addReplyBulk(o.strBytes(nil))
}

// addReplyHelp replies with a command's HELP text, as Redis's
// addReplyHelp: a header line, the lines given, and a HELP line.
func (c *Client) addReplyHelp(cmd string, lines []string) {
	c.addReplyArray(len(lines) + 3)
	c.addReplySimple(cmd + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
	for _, l := range lines {
		c.addReplySimple(l)
	}
	c.addReplySimple("HELP")
	c.addReplySimple("    Prints this help.")
}

// deferredLen marks the spot of an aggregate header whose length is not yet
// known; setDeferred* fills it in.
func (c *Client) deferredLen() int {
	if c.muted() {
		return -1
	}
	return len(c.reply)
}

func (c *Client) setDeferredArrayLen(at, n int) {
	c.setDeferred(at, '*', n)
}

func (c *Client) setDeferredMapLen(at, n int) {
	if c.proto >= 3 {
		c.setDeferred(at, '%', n)
	} else {
		c.setDeferred(at, '*', 2*n)
	}
}

func (c *Client) setDeferredSetLen(at, n int) {
	if c.proto >= 3 {
		c.setDeferred(at, '~', n)
	} else {
		c.setDeferred(at, '*', n)
	}
}

func (c *Client) setDeferred(at int, prefix byte, n int) {
	if at < 0 {
		return
	}
	hdr := append(c.scratch[:0], prefix)
	hdr = strconv.AppendInt(hdr, int64(n), 10)
	hdr = append(hdr, '\r', '\n')
	old := len(c.reply)
	c.reply = append(c.reply, hdr...)
	copy(c.reply[at+len(hdr):], c.reply[at:old])
	copy(c.reply[at:], hdr)
}
