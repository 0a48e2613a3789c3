package tests

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"aeon/resp"
)

// sentinel is appended to malformed input that should leave the connection
// usable: its reply marks the end of the server's answers to the input.
const (
	sentinelCmd   = "*2\r\n$4\r\nECHO\r\n$8\r\nSENTINEL\r\n"
	sentinelReply = "$8\r\nSENTINEL\r\n"
)

// probeResult is what a server did with one malformed input.
type probeResult struct {
	replies []string
	closed  bool // EOF or reset after the replies
	reset   bool // the close was a reset (replies may have been lost)
	timeout bool // neither the sentinel's reply nor a close within the wait
}

func (p probeResult) String() string {
	return fmt.Sprintf("replies=%q closed=%v reset=%v timeout=%v", p.replies, p.closed, p.reset, p.timeout)
}

// probe sends input (plus the sentinel, in the same write) on a new
// connection and collects replies until the sentinel's reply, a close, or
// wait without news.
func probe(t *testing.T, addr string, input []byte, sentinel bool, wait time.Duration) probeResult {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, ioTimeout)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	defer c.Close()
	buf := append([]byte(nil), input...)
	if sentinel {
		buf = append(buf, sentinelCmd...)
	}
	c.SetWriteDeadline(time.Now().Add(ioTimeout))
	if _, err := c.Write(buf); err != nil && !isClosedErr(err) {
		t.Fatalf("write: %v", err)
	}
	var res probeResult
	r := bufio.NewReader(c)
	for {
		c.SetReadDeadline(time.Now().Add(wait))
		reply, err := resp.ReadRaw(r)
		if err != nil {
			var ne net.Error
			switch {
			case errors.As(err, &ne) && ne.Timeout():
				res.timeout = true
			case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
				res.closed = true
			case isClosedErr(err):
				res.closed, res.reset = true, true
			default:
				res.replies = append(res.replies, "read error: "+err.Error())
				res.closed = true
			}
			return res
		}
		res.replies = append(res.replies, string(reply))
		if sentinel && string(reply) == sentinelReply {
			// The server kept the connection: make sure it did not close
			// it right after (it would have said so with an error first).
			return res
		}
		if len(res.replies) > 100 {
			return res
		}
	}
}

func isClosedErr(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed)
}

// sameProbe compares two probe results, tolerating replies lost to a reset.
func sameProbe(a, b probeResult) bool {
	if a.closed != b.closed || a.timeout != b.timeout {
		return false
	}
	if (a.reset && len(a.replies) == 0) || (b.reset && len(b.replies) == 0) {
		return true
	}
	return fmt.Sprint(a.replies) == fmt.Sprint(b.replies)
}

type malformedCase struct {
	name     string
	input    string
	sentinel bool   // the connection is expected to stay usable
	want     string // if set, aeon's first reply must be exactly this
	closed   bool   // with want: the connection must then be closed
}

func malformedCases() []malformedCase {
	return []malformedCase{
		{name: "multibulk-len-huge", input: "*99999999999\r\n", sentinel: true, want: "-ERR Protocol error: invalid multibulk length\r\n", closed: true},
		{name: "multibulk-len-int-max+1", input: "*2147483648\r\n", sentinel: true},
		{name: "multibulk-len-negative", input: "*-5\r\n", sentinel: true},
		{name: "multibulk-len-minus-1", input: "*-1\r\n", sentinel: true},
		{name: "multibulk-len-zero", input: "*0\r\n", sentinel: true},
		{name: "multibulk-len-nan", input: "*abc\r\n", sentinel: true},
		{name: "multibulk-len-empty", input: "*\r\n", sentinel: true},
		{name: "multibulk-len-plus", input: "*+1\r\n$4\r\nPING\r\n", sentinel: true},
		{name: "multibulk-len-space", input: "* 1\r\n$4\r\nPING\r\n", sentinel: true},
		{name: "bulk-len-negative", input: "*1\r\n$-5\r\n", sentinel: true, want: "-ERR Protocol error: invalid bulk length\r\n", closed: true},
		{name: "bulk-len-minus-1", input: "*1\r\n$-1\r\n", sentinel: true},
		{name: "bulk-len-2gb", input: "*1\r\n$2147483648\r\n", sentinel: true, want: "-ERR Protocol error: invalid bulk length\r\n", closed: true},
		{name: "bulk-len-512mb+1", input: "*1\r\n$536870913\r\n", sentinel: true, want: "-ERR Protocol error: invalid bulk length\r\n", closed: true},
		{name: "bulk-len-nan", input: "*1\r\n$abc\r\n", sentinel: true},
		{name: "bulk-len-empty", input: "*1\r\n$\r\n", sentinel: true},
		{name: "bulk-no-dollar", input: "*1\r\nPING\r\n", sentinel: true, want: "-ERR Protocol error: expected '$', got 'P'\r\n", closed: true},
		{name: "bulk-integer-arg", input: "*2\r\n$4\r\nECHO\r\n:5\r\n", sentinel: true},
		{name: "bulk-bad-terminator", input: "*1\r\n$4\r\nPINGxx", sentinel: true},
		{name: "bulk-zero-length-command", input: "*1\r\n$0\r\n\r\n", sentinel: true},
		{name: "bulk-nul-command", input: "*2\r\n$3\r\nG\x00T\r\n$1\r\nk\r\n", sentinel: true},
		{name: "multibulk-then-inline", input: "*1\r\n$4\r\nPING\r\nPING\r\n", sentinel: true},
		{name: "unknown-long-args", input: "*3\r\n$3\r\nFOO\r\n$200\r\n" + strings.Repeat("a", 200) + "\r\n$3\r\nb\nc\r\n", sentinel: true},
		{name: "too-many-args", input: "*3\r\n$4\r\nPING\r\n$1\r\na\r\n$1\r\nb\r\n", sentinel: true},
		{name: "inline-ping", input: "PING\r\n", sentinel: true},
		{name: "inline-lf-only", input: "PING\n", sentinel: true},
		{name: "inline-spaces", input: "   PING   hello   \r\n", sentinel: true},
		{name: "inline-empty-lines", input: "\r\n\n\r\n", sentinel: true},
		{name: "inline-quoted", input: "ECHO \"a\\x41\\n\\\"\"\r\n", sentinel: true},
		{name: "inline-single-quoted", input: "ECHO 'it\\'s'\r\n", sentinel: true},
		{name: "inline-unbalanced-quotes", input: "ECHO \"abc\r\n", sentinel: true, want: "-ERR Protocol error: unbalanced quotes in request\r\n", closed: true},
		{name: "inline-quote-no-space", input: "ECHO \"a\"b\r\n", sentinel: true},
		{name: "inline-unknown-crlf-arg", input: "FOO a\rb\r\n", sentinel: true},
		{name: "inline-too-big", input: strings.Repeat("a", 81920)},
		{name: "bulk-count-too-big", input: "*1\r\n$" + strings.Repeat("1", 81920-6)},
		{name: "mbulk-count-too-big", input: "*" + strings.Repeat("1", 81920-1)},
	}
}

func TestBadInput(t *testing.T) {
	s := startTarget(t)

	t.Run("RandomBytes", func(t *testing.T) {
		randomBytes(t, s, 1, 1<<20)
		s.checkAlive(t)
	})

	t.Run("Malformed", func(t *testing.T) {
		ref := startRedis(t)
		for _, tc := range malformedCases() {
			t.Run(tc.name, func(t *testing.T) {
				wait := 10 * time.Second
				got := probe(t, s.Addr, []byte(tc.input), tc.sentinel, wait)
				if tc.want != "" {
					if len(got.replies) == 0 || got.replies[0] != tc.want {
						t.Errorf("input %q: got %v, want first reply %q", trunc([]byte(tc.input), 60), got, tc.want)
					} else if tc.closed && (!got.closed || len(got.replies) != 1) {
						t.Errorf("input %q: got %v, want the connection closed after the error", trunc([]byte(tc.input), 60), got)
					}
				}
				want := probe(t, ref.Addr, []byte(tc.input), tc.sentinel, wait)
				if testing.Verbose() {
					t.Logf("redis: %v", want)
				}
				if !sameProbe(got, want) {
					t.Errorf("input %q:\n  aeon:  %v\n  redis: %v", trunc([]byte(tc.input), 60), got, want)
				}
				s.checkAlive(t)
			})
		}
	})

	t.Run("HalfSentBigBulk", func(t *testing.T) {
		halfSentBigBulk(t, s)
	})
}

// randomBytes writes n seeded random bytes (a mix of noise and RESP-like
// fragments) in chunks, reconnecting whenever the server drops the
// connection, while draining replies.
func randomBytes(t *testing.T, s *srv, seed uint64, n int) {
	r := rand.New(rand.NewPCG(seed, 99))
	frags := []string{"*", "$", "\r\n", "*1\r\n", "*2\r\n$3\r\nGET\r\n", "$-1\r\n", "*-1\r\n", "PING", "ECHO ", "\"", "'", "\\x", "$99999\r\n", "*3\r\n", "SET", "\n", "\x00", " "}
	var (
		conn      net.Conn
		drainDone chan struct{}
		reconnect int
	)
	closeConn := func() {
		if conn != nil {
			conn.Close()
			<-drainDone
			conn = nil
		}
	}
	defer closeConn()
	sent := 0
	for sent < n {
		if conn == nil {
			c, err := net.DialTimeout("tcp", s.Addr, ioTimeout)
			if err != nil {
				t.Fatalf("dial after %d bytes: %v", sent, err)
			}
			conn = c
			drainDone = make(chan struct{})
			go func() {
				io.Copy(io.Discard, c)
				close(drainDone)
			}()
			reconnect++
		}
		var chunk bytes.Buffer
		for chunk.Len() < 4096 {
			if r.IntN(3) == 0 {
				chunk.WriteString(frags[r.IntN(len(frags))])
			} else {
				for i := r.IntN(32); i >= 0; i-- {
					chunk.WriteByte(byte(r.IntN(256)))
				}
			}
		}
		conn.SetWriteDeadline(time.Now().Add(ioTimeout))
		_, err := conn.Write(chunk.Bytes())
		sent += chunk.Len()
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Fatalf("write of random bytes blocked for %v (server stopped reading?)", ioTimeout)
			}
			closeConn()
		}
	}
	t.Logf("sent %d random bytes over %d connections", sent, reconnect)
}

// halfSentBigBulk announces a 100 MB argument, sends half of it and
// disconnects, several times; the server must free the partial buffers.
func halfSentBigBulk(t *testing.T, s *srv) {
	const (
		rounds = 10
		bulk   = 100_000_000
		half   = bulk / 2
		limit  = 350 << 20
	)
	body := bytes.Repeat([]byte("x"), 1<<20)
	before := rssBytes(t, s.Pid())
	for i := 0; i < rounds; i++ {
		c := dialRaw(t, s.Addr)
		if err := c.send([]byte("*2\r\n$3\r\nGET\r\n$" + strconv.Itoa(bulk) + "\r\n")); err != nil {
			t.Fatalf("round %d: header: %v", i, err)
		}
		for sent := 0; sent < half; sent += len(body) {
			if err := c.send(body); err != nil {
				t.Fatalf("round %d: body after %d bytes: %v", i, sent, err)
			}
		}
		if i == 0 {
			s.checkAlive(t) // not blocked by the pending argument
		}
		c.Close()
		if testing.Verbose() {
			s.checkAlive(t)
			t.Logf("round %d: RSS %d MB", i, rssBytes(t, s.Pid())>>20)
		}
	}
	s.checkAlive(t)
	after := rssBytes(t, s.Pid())
	t.Logf("%s RSS before %d MB, after %d x %d MB half-sent arguments: %d MB", s.Name, before>>20, rounds, half>>20, after>>20)
	if after > limit {
		t.Errorf("%s RSS %d MB after %d abandoned half-sent %d MB arguments (limit %d MB): partial query buffers not freed?",
			s.Name, after>>20, rounds, bulk/1_000_000, limit>>20)
	}
}

// connBudget raises RLIMIT_NOFILE (soft, up to the hard limit) so that want
// connections fit, and returns how many do (want, or fewer if the hard limit
// is lower). It skips the test if fewer than 100 do.
func connBudget(t *testing.T, want int) int {
	t.Helper()
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		t.Fatalf("getrlimit: %v", err)
	}
	if rl.Cur < uint64(want)+256 && rl.Cur < rl.Max {
		rl.Cur = min(rl.Max, uint64(want)+256)
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
			t.Logf("setrlimit: %v", err)
		}
		syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl)
	}
	n := want
	if avail := int(rl.Cur) - 256; avail < n {
		n = avail
		t.Logf("RLIMIT_NOFILE is %d: using %d connections instead of %d", rl.Cur, n, want)
	}
	if n < 100 {
		t.Skipf("RLIMIT_NOFILE %d too low", rl.Cur)
	}
	return n
}

// dialMany opens n connections to addr, writes first(i) on connection i
// when first is not nil, and closes them all when the test ends.
func dialMany(t *testing.T, addr string, n int, first func(i int) []byte) []net.Conn {
	t.Helper()
	conns := make([]net.Conn, 0, n)
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	for i := range n {
		c, err := net.DialTimeout("tcp", addr, ioTimeout)
		if err != nil {
			t.Fatalf("dial #%d: %v", i, err)
		}
		conns = append(conns, c)
		if first != nil {
			c.SetWriteDeadline(time.Now().Add(ioTimeout))
			if _, err := c.Write(first(i)); err != nil {
				t.Fatalf("connection #%d: write: %v", i, err)
			}
		}
	}
	return conns
}

func TestManyIdleConnections(t *testing.T) {
	n := connBudget(t, 10000)
	s := startTarget(t, "--maxclients", "20000")
	conns := dialMany(t, s.Addr, n, nil)
	s.checkAlive(t)
	// Spot-check that idle connections were accepted and still work.
	for _, i := range []int{0, n / 2, n - 1} {
		c := conns[i]
		c.SetDeadline(time.Now().Add(ioTimeout))
		if _, err := c.Write([]byte("PING\r\n")); err != nil {
			t.Fatalf("idle connection #%d: write: %v", i, err)
		}
		r, err := resp.ReadRaw(bufio.NewReader(c))
		if err != nil || string(r) != "+PONG\r\n" {
			t.Errorf("idle connection #%d: PING = %q, %v", i, r, err)
		}
	}
	c := dialRaw(t, s.Addr)
	if info := c.do("INFO", "clients"); strings.HasPrefix(info, "$") && !strings.Contains(info, "connected_clients:"+strconv.Itoa(n+1)+"\r\n") {
		t.Errorf("INFO clients with %d idle + 1 connections:\n%s", n, info)
	}
	for _, c := range conns {
		c.Close()
	}
	s.checkAlive(t)
}

func TestSlowReaderOutputBackoff(t *testing.T) {
	s := startServer(t)
	c := dialRaw(t, s.Addr)
	if r := c.do("SET", "bigkey", strings.Repeat("v", 10240)); r != "+OK\r\n" {
		t.Fatalf("SET bigkey: %q", r)
	}
	const n = 200000
	req := bytes.Repeat([]byte("*2\r\n$3\r\nGET\r\n$6\r\nbigkey\r\n"), n)
	greedy, err := net.DialTimeout("tcp", s.Addr, ioTimeout)
	if err != nil {
		t.Fatal(err)
	}
	var written atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		greedy.SetWriteDeadline(time.Now().Add(120 * time.Second))
		for off := 0; off < len(req); off += 64 << 10 {
			k, err := greedy.Write(req[off:min(len(req), off+64<<10)])
			written.Add(int64(k))
			if err != nil {
				return
			}
		}
	}()
	defer func() {
		greedy.Close()
		wg.Wait()
	}()

	const limit = 1 << 30
	var maxRSS, lastRSS, lastWritten int64
	stable := 0
	deadline := time.Now().Add(60 * time.Second) // observation window, not an assertion
	for time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		if err := pingOnceTimeout(s.Addr, 10*time.Second); err != nil {
			t.Fatalf("healthy client while another does not read: %v (written %d of %d bytes)", err, written.Load(), len(req))
		}
		rss := rssBytes(t, s.Pid())
		maxRSS = max(maxRSS, rss)
		if maxRSS > limit {
			break
		}
		w := written.Load()
		if w == int64(len(req)) || (w == lastWritten && rss-lastRSS < 4<<20 && lastRSS-rss < 4<<20) {
			stable++
		} else {
			stable = 0
		}
		lastRSS, lastWritten = rss, w
		if stable >= 20 {
			break
		}
	}
	t.Logf("non-reading client wrote %d of %d request bytes; max server RSS %d MB", written.Load(), len(req), maxRSS>>20)
	if maxRSS > limit {
		t.Errorf("server RSS reached %d MB while a client pipelined %d GETs of a 10 KB value without reading (limit %d MB)", maxRSS>>20, n, limit>>20)
	}
	greedy.Close()
	wg.Wait()
	s.checkAlive(t)
	if r := c.do("GET", "bigkey"); len(r) != 10240+len("$10240\r\n\r\n") {
		t.Errorf("GET bigkey afterwards: %d bytes", len(r))
	}
}

func TestMaxClients(t *testing.T) {
	run := func(t *testing.T, s *srv) (reply string, closed bool) {
		var conns []*rawConn
		for i := 0; i < 10; i++ {
			c := dialRaw(t, s.Addr)
			if r := c.do("PING"); r != "+PONG\r\n" {
				t.Fatalf("%s: client %d of 10: PING = %q", s.Name, i+1, r)
			}
			conns = append(conns, c)
		}
		extra := dialRaw(t, s.Addr)
		b, err := extra.readReply()
		if err != nil {
			t.Errorf("%s: 11th client: no reply (%v)", s.Name, err)
		}
		closed, more := extra.waitClosed(ioTimeout)
		if len(more) > 0 {
			t.Errorf("%s: 11th client got more after the error: %q", s.Name, more)
		}
		// A freed slot is reusable.
		conns[0].Close()
		ok := false
		for i := 0; i < 100 && !ok; i++ {
			ok = pingOnceTimeout(s.Addr, 10*time.Second) == nil
			if !ok {
				time.Sleep(100 * time.Millisecond)
			}
		}
		if !ok {
			t.Errorf("%s: no client accepted after one of 10 disconnected", s.Name)
		}
		for _, c := range conns {
			c.Close()
		}
		return string(b), closed
	}
	s := startTarget(t, "--maxclients", "10")
	got, closed := run(t, s)
	if got != "-ERR max number of clients reached\r\n" || !closed {
		t.Errorf("11th client: reply %q, closed %v; want %q and closed", got, closed, "-ERR max number of clients reached\r\n")
	}
	ref := startRedis(t, "--maxclients", "10")
	want, wantClosed := run(t, ref)
	if got != want || closed != wantClosed {
		t.Errorf("11th client: aeon %q closed=%v, redis %q closed=%v", got, closed, want, wantClosed)
	}
	for i := 0; i < 50; i++ {
		if pingOnceTimeout(s.Addr, 10*time.Second) == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.checkAlive(t)
}
