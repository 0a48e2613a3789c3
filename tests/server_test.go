package tests

// Server-level behaviour: listeners (Unix socket, live port rebinding),
// idle timeouts, keepalive, query/output buffer limits, CLIENT PAUSE,
// MONITOR, active expiry, SIGTERM shutdown, maxclients, requirepass,
// RESP3 through redis-cli and CONFIG REWRITE of a real config file.
//
// Every test starts its own server. Tests that stop the server themselves
// or need a config file as the first argument start the process with
// startOwn (below), since startServer puts its flags first and fails a test
// whose server exited before cleanup. With TESTS_TARGET=redis the same
// expectations run against redis-server (except CONFIG REWRITE, which uses
// aeon's JSON config format).

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// ---- harness additions -----------------------------------------------------

// ownSrv is a server process started by startOwn. expectExit marks an exit
// before cleanup as intended (the test stopped the server itself).
type ownSrv struct {
	*srv
	expectExit atomic.Bool
}

// ownTarget is the binary startOwn runs: aeon, or redis-server when
// TESTS_TARGET=redis.
func ownTarget(t *testing.T) (name, bin string) {
	t.Helper()
	if os.Getenv("TESTS_TARGET") == "redis" {
		return "redis", requireTool(t, "redis-server")
	}
	if aeonBin == "" {
		t.Skip("aeon not built")
	}
	return "aeon", aeonBin
}

// stdArgs are the flags startServer passes, for startOwn's callers.
func stdArgs(port int, dir string) []string {
	return []string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir}
}

// startOwn starts bin with exactly args(port, dir) and waits for PING on
// 127.0.0.1:port (+PONG, or NOAUTH under requirepass). Cleanup stops it like srv.shutdown, but an exit before
// cleanup only fails the test when expectExit is not set.
func startOwn(t *testing.T, name, bin string, args func(port int, dir string) []string) *ownSrv {
	t.Helper()
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port := freePort(t)
		dir := t.TempDir()
		s := &srv{Name: name, Port: port, Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), Dir: dir,
			out: &capBuffer{}, done: make(chan struct{})}
		s.cmd = exec.Command(bin, args(port, dir)...)
		s.cmd.Dir = dir
		s.cmd.Stdout = s.out
		s.cmd.Stderr = s.out
		s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		if err := s.cmd.Start(); err != nil {
			t.Fatalf("starting %s: %v", name, err)
		}
		go func() {
			s.err = s.cmd.Wait()
			close(s.done)
		}()
		deadline := time.Now().Add(10 * time.Second)
		for lastErr = nil; ; time.Sleep(20 * time.Millisecond) {
			if s.exited() {
				lastErr = fmt.Errorf("%s exited during startup (%v); output:\n%s", name, s.err, s.Output())
				break
			}
			// A server with requirepass answers PING with NOAUTH: also ready.
			if err := pingOnce(s.Addr); err == nil || strings.Contains(err.Error(), "NOAUTH") {
				break
			}
			if time.Now().After(deadline) {
				s.kill()
				lastErr = fmt.Errorf("%s did not answer PING within 10s; output:\n%s", name, s.Output())
				break
			}
		}
		if lastErr == nil {
			o := &ownSrv{srv: s}
			t.Cleanup(func() { o.stop(t) })
			return o
		}
		if !strings.Contains(lastErr.Error(), "ddress already in use") {
			break
		}
	}
	t.Fatalf("starting %s: %v", name, lastErr)
	return nil
}

func (o *ownSrv) stop(t *testing.T) {
	diedEarly := o.exited()
	if !diedEarly {
		o.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-o.done:
		case <-time.After(5 * time.Second):
			o.cmd.Process.Kill()
			<-o.done
			t.Errorf("%s (pid %d) did not exit within 5s of SIGTERM; killed", o.Name, o.Pid())
		}
	}
	out := o.Output()
	if tr := crashTrace(out); tr != "" {
		t.Errorf("%s crashed (exit: %v); output from the crash on:\n%s", o.Name, o.err, tr)
		return
	}
	if diedEarly && !o.expectExit.Load() {
		t.Errorf("%s (pid %d) exited before the test ended (%v); output tail:\n%s", o.Name, o.Pid(), o.err, tail(out, 4000))
	}
}

// sigterm sends SIGTERM and waits up to d for the process to exit.
func (o *ownSrv) sigterm(t *testing.T, d time.Duration) (exited bool, took time.Duration) {
	t.Helper()
	o.expectExit.Store(true)
	start := time.Now()
	if err := o.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	select {
	case <-o.done:
		return true, time.Since(start)
	case <-time.After(d):
		return false, time.Since(start)
	}
}

// serverStarter starts one kind of server for the tests that compare aeon
// with redis-server directly.
type serverStarter struct {
	name  string
	start func(testing.TB, ...string) *srv
}

// bothServers is aeon then redis-server (each subtest skips when its server
// is unavailable: no aeon under TESTS_TARGET=redis, no redis-server locally).
var bothServers = []serverStarter{{"aeon", startServer}, {"redis", startRedis}}

// debugArgs lets DEBUG run on redis-server (7.0 refuses it by default).
func debugArgs() []string {
	if os.Getenv("TESTS_TARGET") == "redis" {
		return []string{"--enable-debug-command", "yes"}
	}
	return nil
}

func dialUnixRaw(t *testing.T, path string) *rawConn {
	t.Helper()
	c, err := net.DialTimeout("unix", path, ioTimeout)
	if err != nil {
		t.Fatalf("dial unix %s: %v", path, err)
	}
	t.Cleanup(func() { c.Close() })
	return &rawConn{t: t, c: c, r: bufio.NewReaderSize(c, 64<<10)}
}

// timedReply is a reply read in the background, with when it arrived.
type timedReply struct {
	r   string
	err error
	at  time.Time
}

// sendAsync sends one command and reads n replies in the background; each
// is delivered on the channel as it arrives.
func sendAsync(t *testing.T, rc *rawConn, n int, cmds ...[]string) <-chan timedReply {
	t.Helper()
	var b bytes.Buffer
	for _, c := range cmds {
		appendCmd(&b, c...)
	}
	if err := rc.send(b.Bytes()); err != nil {
		t.Fatalf("send: %v", err)
	}
	ch := make(chan timedReply, n)
	go func() {
		for i := 0; i < n; i++ {
			r, err := rc.readReply()
			ch <- timedReply{string(r), err, time.Now()}
			if err != nil {
				return
			}
		}
	}()
	return ch
}

// noReplyUntil fails when a reply arrives on ch before deadline.
func noReplyUntil(t *testing.T, ch <-chan timedReply, deadline time.Time, t0 time.Time, what string) {
	t.Helper()
	select {
	case r := <-ch:
		t.Fatalf("%s answered %q after %v, during the pause", what, r.r, r.at.Sub(t0))
	case <-time.After(time.Until(deadline)):
	}
}

// waitReply waits for the next reply on ch.
func waitReply(t *testing.T, ch <-chan timedReply, what string) timedReply {
	t.Helper()
	select {
	case r := <-ch:
		if r.err != nil {
			t.Fatalf("%s: %v", what, r.err)
		}
		return r
	case <-time.After(ioTimeout):
		t.Fatalf("%s: no reply within %v", what, ioTimeout)
	}
	return timedReply{}
}

// infoField returns field from INFO section.
func infoField(t *testing.T, rc *rawConn, section, field string) string {
	t.Helper()
	r := rc.do("INFO", section)
	for _, line := range strings.Split(r, "\r\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return v
		}
	}
	t.Fatalf("INFO %s has no %s:\n%s", section, field, r)
	return ""
}

// pipeline sends cmds in one write and returns their replies.
func pipeline(t *testing.T, rc *rawConn, cmds [][]string) []string {
	t.Helper()
	var b bytes.Buffer
	for _, c := range cmds {
		appendCmd(&b, c...)
	}
	if err := rc.send(b.Bytes()); err != nil {
		t.Fatalf("pipeline send: %v", err)
	}
	out := make([]string, len(cmds))
	for i := range cmds {
		r, err := rc.readReply()
		if err != nil {
			t.Fatalf("pipeline reply %d of %d: %v", i+1, len(cmds), err)
		}
		out[i] = string(r)
	}
	return out
}

// ---- 1. Unix socket ----------------------------------------------------------

func TestServerUnixSocket(t *testing.T) {
	name, bin := ownTarget(t)
	sock := filepath.Join(t.TempDir(), "aeon.sock")
	o := startOwn(t, name, bin, func(port int, dir string) []string {
		return append(stdArgs(port, dir), "--unixsocket", sock, "--unixsocketperm", "700")
	})

	fi, err := os.Stat(sock)
	if err != nil {
		t.Fatalf("socket file: %v", err)
	}
	if fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != 0o700 {
		t.Errorf("socket file mode = %v, want a socket with 0700", fi.Mode())
	}

	mon := dialRaw(t, o.Addr)
	if r := mon.do("MONITOR"); r != "+OK\r\n" {
		t.Fatalf("MONITOR = %q", r)
	}

	c := dialUnixRaw(t, sock)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"PING"}, "+PONG\r\n"},
		{[]string{"SET", "k", "v"}, "+OK\r\n"},
		{[]string{"GET", "k"}, "$1\r\nv\r\n"},
	} {
		if got := c.do(tc.args...); got != tc.want {
			t.Errorf("%q over the Unix socket = %q, want %q", tc.args, got, tc.want)
		}
	}
	list := c.do("CLIENT", "LIST")
	want := " addr=" + sock + ":0 laddr=" + sock + ":0 "
	if !strings.Contains(list, want) {
		t.Errorf("CLIENT LIST does not contain %q:\n%s", want, list)
	}
	// The monitor names Unix-socket clients "unix:<path>".
	re := regexp.MustCompile(`^\+\d+\.\d{6} \[0 unix:` + regexp.QuoteMeta(sock) + `\] "PING"\r\n$`)
	if r, err := mon.readReply(); err != nil || !re.Match(r) {
		t.Errorf("MONITOR line for a Unix-socket client = %q (%v), want match of %s", r, err, re)
	}

	exited, took := o.sigterm(t, 5*time.Second)
	if !exited {
		t.Fatalf("no exit within %v of SIGTERM", took)
	}
	if o.err != nil {
		t.Errorf("exit status after SIGTERM: %v, want 0", o.err)
	}
	if _, err := os.Stat(sock); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket file after shutdown: stat error %v, want not-exist", err)
	}
}

// ---- 2. timeout ----------------------------------------------------------------

func TestServerTimeout(t *testing.T) {
	s := startTarget(t, "--timeout", "1")
	idle := dialRaw(t, s.Addr)
	active := dialRaw(t, s.Addr)
	idle.do("PING")
	active.do("PING")
	start := time.Now()

	// The active client PINGs every 300 ms for 3 s.
	activeErr := make(chan error, 1)
	go func() {
		for time.Since(start) < 3*time.Second {
			time.Sleep(300 * time.Millisecond)
			if err := active.send(encodeCmd("PING")); err != nil {
				activeErr <- err
				return
			}
			r, err := active.readReply()
			if err != nil || string(r) != "+PONG\r\n" {
				activeErr <- fmt.Errorf("PING after %v: %q, %v", time.Since(start), r, err)
				return
			}
		}
		activeErr <- nil
	}()

	closed, extra := idle.waitClosed(10 * time.Second)
	took := time.Since(start)
	if !closed {
		t.Errorf("idle client not closed within 10s with timeout 1")
	} else if took < 500*time.Millisecond || took > 4*time.Second {
		t.Errorf("idle client closed after %v, want about 1-2s", took)
	}
	if len(extra) > 0 {
		t.Errorf("idle client received %q before being closed", extra)
	}
	if err := <-activeErr; err != nil {
		t.Errorf("active client: %v", err)
	}
	if r := active.do("PING"); r != "+PONG\r\n" {
		t.Errorf("active client final PING = %q", r)
	}
}

// ---- 3. tcp-keepalive ----------------------------------------------------------

func TestServerTCPKeepalive(t *testing.T) {
	s := startTarget(t, "--tcp-keepalive", "60")
	c := dialRaw(t, s.Addr)
	if r := c.do("CONFIG", "GET", "tcp-keepalive"); r != "*2\r\n$13\r\ntcp-keepalive\r\n$2\r\n60\r\n" {
		t.Errorf("CONFIG GET tcp-keepalive = %q", r)
	}
	ss, err := exec.LookPath("ss")
	if err != nil {
		t.Skip("ss not found: cannot inspect the server-side socket")
	}
	cport := c.c.LocalAddr().(*net.TCPAddr).Port
	// The server's end of this connection: sport = server port, dport = ours.
	filter := fmt.Sprintf("( sport = :%d and dport = :%d )", s.Port, cport)
	out, err := exec.Command(ss, "-tnoH", "state", "established", filter).CombinedOutput()
	if err != nil {
		t.Skipf("ss failed: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`timer:\(keepalive,([^,)]+)`).FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("server socket has no keepalive timer; ss:\n%s", out)
	}
	// ss prints the time left as e.g. "1min", "59sec", "1min2sec", "900ms".
	d := regexp.MustCompile(`^(?:(\d+)min)?(?:(\d+)sec)?(?:(\d+)ms)?$`).FindStringSubmatch(m[1])
	if d == nil {
		t.Fatalf("cannot parse keepalive timer %q; ss:\n%s", m[1], out)
	}
	mins, _ := strconv.Atoi(d[1])
	secs, _ := strconv.Atoi(d[2])
	secs += 60 * mins
	if secs > 60 || secs < 30 {
		t.Errorf("keepalive timer %ds, want at most 60 (tcp-keepalive 60); ss:\n%s", secs, out)
	}
}

// ---- 4. client-output-buffer-limit ---------------------------------------------

func TestServerOutputLimit(t *testing.T) {
	for _, st := range bothServers {
		t.Run(st.name, func(t *testing.T) {
			s := st.start(t)
			admin := dialRaw(t, s.Addr)
			if r := admin.do("CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 0 0"); r != "+OK\r\n" {
				t.Fatalf("CONFIG SET client-output-buffer-limit = %q", r)
			}
			big := strings.Repeat("x", 512<<10)
			admin.do("SET", "big", big)

			const n = 200
			slow := dialRaw(t, s.Addr)
			var b bytes.Buffer
			for i := 0; i < n; i++ {
				appendCmd(&b, "GET", "big")
			}
			if err := slow.send(b.Bytes()); err != nil {
				t.Fatalf("send: %v", err)
			}
			closed, extra := slow.waitClosed(ioTimeout)
			if !closed {
				t.Errorf("client with %d unread 512KB replies not closed (limit 1mb); got %d bytes", n, len(extra))
			} else if len(extra) >= n*len(big) {
				t.Errorf("client received all %d bytes despite the 1mb output limit", len(extra))
			}

			other := dialRaw(t, s.Addr)
			if r := other.do("GET", "big"); r != "$524288\r\n"+big+"\r\n" {
				t.Errorf("another client's GET big: %d bytes", len(r))
			}
			if r := other.do("PING"); r != "+PONG\r\n" {
				t.Errorf("another client's PING = %q", r)
			}
			if r := admin.do("PING"); r != "+PONG\r\n" {
				t.Errorf("admin PING = %q", r)
			}
		})
	}
}

// ---- 5. client-query-buffer-limit ----------------------------------------------

func TestServerQueryLimit(t *testing.T) {
	for _, st := range bothServers {
		t.Run(st.name, func(t *testing.T) {
			s := st.start(t, "--client-query-buffer-limit", "1mb")
			other := dialRaw(t, s.Addr)
			other.do("SET", "k", "v")

			c := dialRaw(t, s.Addr)
			payload := append([]byte("*2\r\n$3\r\nGET\r\n$2000000\r\n"), bytes.Repeat([]byte("x"), 1200<<10)...)
			sendErr := make(chan error, 1)
			go func() { sendErr <- c.send(payload) }()
			closed, extra := c.waitClosed(10 * time.Second)
			if !closed {
				t.Errorf("client past the 1mb query buffer limit (2000000-byte bulk, 1.2MB sent) not closed within 10s")
			}
			if len(extra) > 0 {
				t.Errorf("client got %q before being closed", extra)
			}
			if err := <-sendErr; err != nil && !isClosedErr(err) {
				t.Errorf("sending: %v", err)
			}
			if r := other.do("GET", "k"); r != "$1\r\nv\r\n" {
				t.Errorf("other client's GET k = %q", r)
			}
			s.checkAlive(t)
		})
	}
}

// ---- 6. proto-max-bulk-len -----------------------------------------------------

func TestServerProtoMaxBulkLen(t *testing.T) {
	for _, st := range bothServers {
		t.Run(st.name, func(t *testing.T) {
			s := st.start(t)
			c := dialRaw(t, s.Addr)
			if r := c.do("CONFIG", "SET", "proto-max-bulk-len", "1mb"); r != "+OK\r\n" {
				t.Fatalf("CONFIG SET proto-max-bulk-len = %q", r)
			}
			// Exactly the limit is accepted.
			if r := c.do("SET", "k", strings.Repeat("v", 1<<20)); r != "+OK\r\n" {
				t.Errorf("SET of a 1mb value = %q, want +OK", r)
			}
			bad := dialRaw(t, s.Addr)
			if err := bad.send([]byte("*2\r\n$3\r\nGET\r\n$2097152\r\n")); err != nil {
				t.Fatal(err)
			}
			r, err := bad.readReply()
			if want := "-ERR Protocol error: invalid bulk length\r\n"; string(r) != want {
				t.Errorf("2mb bulk header: reply %q (%v), want %q", r, err, want)
			}
			if closed, extra := bad.waitClosed(5 * time.Second); !closed || len(extra) > 0 {
				t.Errorf("after the protocol error: closed=%v extra=%q, want closed", closed, extra)
			}
			if r := c.do("STRLEN", "k"); r != ":1048576\r\n" {
				t.Errorf("STRLEN k = %q", r)
			}
		})
	}
}

// ---- 7. CLIENT PAUSE -----------------------------------------------------------

func TestServerClientPause(t *testing.T) {
	const pauseMs = 800
	// Writes/reads blocked by a pause must not be answered before this much
	// of it has passed (measured from before the PAUSE was sent).
	const minBlocked = 600 * time.Millisecond

	t.Run("write pause blocks writes, not reads", func(t *testing.T) {
		s := startTarget(t)
		a, b := dialRaw(t, s.Addr), dialRaw(t, s.Addr)
		b.do("SET", "k", "v0")
		t0 := time.Now()
		if r := a.do("CLIENT", "PAUSE", strconv.Itoa(pauseMs), "WRITE"); r != "+OK\r\n" {
			t.Fatalf("CLIENT PAUSE = %q", r)
		}
		if r := b.do("GET", "k"); r != "$2\r\nv0\r\n" {
			t.Errorf("GET during WRITE pause = %q", r)
		}
		if d := time.Since(t0); d >= minBlocked {
			t.Errorf("GET during a WRITE pause answered only after %v", d)
		}
		ch := sendAsync(t, b, 1, []string{"SET", "k", "v1"})
		noReplyUntil(t, ch, t0.Add(minBlocked), t0, "SET")
		r := waitReply(t, ch, "SET after the pause")
		if r.r != "+OK\r\n" {
			t.Errorf("SET after the pause = %q", r.r)
		}
		if d := r.at.Sub(t0); d > 5*time.Second {
			t.Errorf("SET answered %v after a %dms pause", d, pauseMs)
		}
		if r := b.do("GET", "k"); r != "$2\r\nv1\r\n" {
			t.Errorf("GET after the pause = %q", r)
		}
	})

	t.Run("write pause with pipelined read then write", func(t *testing.T) {
		s := startTarget(t)
		a, b := dialRaw(t, s.Addr), dialRaw(t, s.Addr)
		b.do("SET", "k", "v0")
		t0 := time.Now()
		a.do("CLIENT", "PAUSE", strconv.Itoa(pauseMs), "WRITE")
		ch := sendAsync(t, b, 2, []string{"GET", "k"}, []string{"SET", "k", "v2"})
		r := waitReply(t, ch, "pipelined GET")
		if r.r != "$2\r\nv0\r\n" || r.at.Sub(t0) >= minBlocked {
			t.Errorf("pipelined GET = %q after %v, want v0 at once", r.r, r.at.Sub(t0))
		}
		noReplyUntil(t, ch, t0.Add(minBlocked), t0, "pipelined SET after a GET")
		if r := waitReply(t, ch, "pipelined SET"); r.r != "+OK\r\n" {
			t.Errorf("pipelined SET = %q", r.r)
		}
	})

	t.Run("all pause blocks reads", func(t *testing.T) {
		s := startTarget(t)
		a, b := dialRaw(t, s.Addr), dialRaw(t, s.Addr)
		t0 := time.Now()
		if r := a.do("CLIENT", "PAUSE", strconv.Itoa(pauseMs)); r != "+OK\r\n" {
			t.Fatalf("CLIENT PAUSE = %q", r)
		}
		ch := sendAsync(t, b, 1, []string{"GET", "k"})
		noReplyUntil(t, ch, t0.Add(minBlocked), t0, "GET during an ALL pause")
		r := waitReply(t, ch, "GET after the pause")
		if r.r != "$-1\r\n" {
			t.Errorf("GET after the pause = %q", r.r)
		}
		if d := r.at.Sub(t0); d > 5*time.Second {
			t.Errorf("GET answered %v after a %dms pause", d, pauseMs)
		}
	})

	t.Run("unpause releases waiting clients", func(t *testing.T) {
		s := startTarget(t)
		a, b := dialRaw(t, s.Addr), dialRaw(t, s.Addr)
		t0 := time.Now()
		a.do("CLIENT", "PAUSE", "30000", "WRITE")
		ch := sendAsync(t, b, 1, []string{"SET", "k", "v"})
		noReplyUntil(t, ch, t0.Add(300*time.Millisecond), t0, "SET")
		u0 := time.Now()
		if r := a.do("CLIENT", "UNPAUSE"); r != "+OK\r\n" {
			t.Fatalf("CLIENT UNPAUSE = %q", r)
		}
		r := waitReply(t, ch, "SET after UNPAUSE")
		if r.r != "+OK\r\n" {
			t.Errorf("SET after UNPAUSE = %q", r.r)
		}
		if d := r.at.Sub(u0); d > 2*time.Second {
			t.Errorf("SET answered %v after CLIENT UNPAUSE, want at once", d)
		}
		if r := dialRaw(t, s.Addr).do("SET", "k2", "v"); r != "+OK\r\n" {
			t.Errorf("new client's SET after UNPAUSE = %q", r)
		}
	})
}

// ---- 8. MONITOR ----------------------------------------------------------------

func TestServerMonitor(t *testing.T) {
	s := startTarget(t)
	m := dialRaw(t, s.Addr)
	if r := m.do("MONITOR"); r != "+OK\r\n" {
		t.Fatalf("MONITOR = %q", r)
	}
	c := dialRaw(t, s.Addr)
	addr := c.c.LocalAddr().String()

	// want is the db and argument part of the monitor line; "" means the
	// command is not shown (admin commands).
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"set", "k", "v"}, `0 "set" "k" "v"`},
		{[]string{"GET", "k"}, `0 "GET" "k"`},
		{[]string{"CONFIG", "GET", "port"}, ``},
		{[]string{"select", "3"}, `3 "select" "3"`},
		{[]string{"set", "k3", "a\"b\n\x01"}, `3 "set" "k3" "a\"b\n\x01"`},
		{[]string{"incr", "n"}, `3 "incr" "n"`},
	}
	for _, st := range steps {
		c.do(st.args...)
	}
	re := regexp.MustCompile(`^\+(\d{10})\.(\d{6}) \[(\d+) ([^\]]+)\] (.*)\r\n$`)
	now := time.Now().Unix()
	for _, st := range steps {
		if st.want == "" {
			continue
		}
		r, err := m.readReply()
		if err != nil {
			t.Fatalf("monitor: waiting for %q: %v", st.args, err)
		}
		sm := re.FindStringSubmatch(string(r))
		if sm == nil {
			t.Errorf("monitor line %q does not match %s", r, re)
			continue
		}
		if ts, _ := strconv.ParseInt(sm[1], 10, 64); ts < now-60 || ts > now+60 {
			t.Errorf("monitor line %q: timestamp far from now (%d)", r, now)
		}
		if sm[4] != addr {
			t.Errorf("monitor line %q: client %q, want %q", r, sm[4], addr)
		}
		if got := sm[3] + " " + sm[5]; got != st.want {
			t.Errorf("monitor line for %q: %q, want %q", st.args, got, st.want)
		}
	}
	// Nothing more (CONFIG was not shown).
	if err := c.send(encodeCmd("PING")); err != nil {
		t.Fatal(err)
	}
	if r, err := m.readReply(); err != nil || !strings.HasSuffix(string(r), `] "PING"`+"\r\n") {
		t.Errorf("monitor line after the steps = %q (%v), want the PING", r, err)
	}
}

// ---- 9. CONFIG SET port ----------------------------------------------------------

func TestServerConfigSetPort(t *testing.T) {
	s := startTarget(t)
	c := dialRaw(t, s.Addr)
	c.do("SET", "k", "v")
	newPort := freePort(t)
	if r := c.do("CONFIG", "SET", "port", strconv.Itoa(newPort)); r != "+OK\r\n" {
		t.Fatalf("CONFIG SET port = %q", r)
	}
	newAddr := net.JoinHostPort("127.0.0.1", strconv.Itoa(newPort))
	n := dialRaw(t, newAddr)
	if r := n.do("GET", "k"); r != "$1\r\nv\r\n" {
		t.Errorf("GET on the new port = %q", r)
	}
	if conn, err := net.DialTimeout("tcp", s.Addr, 2*time.Second); err == nil {
		conn.Close()
		t.Errorf("old port %d still accepts connections", s.Port)
	}
	if r := c.do("PING"); r != "+PONG\r\n" {
		t.Errorf("existing connection PING = %q", r)
	}
	want := fmt.Sprintf("*2\r\n$4\r\nport\r\n$%d\r\n%d\r\n", len(strconv.Itoa(newPort)), newPort)
	if r := c.do("CONFIG", "GET", "port"); r != want {
		t.Errorf("CONFIG GET port = %q, want %q", r, want)
	}
}

// ---- 10. active expiry -----------------------------------------------------------

func TestServerActiveExpire(t *testing.T) {
	const volatile, persistent = 2000, 10
	fill := func(t *testing.T, c *rawConn) {
		cmds := make([][]string, 0, volatile+persistent)
		for i := 0; i < volatile; i++ {
			cmds = append(cmds, []string{"SET", "v:" + strconv.Itoa(i), "x", "PX", "100"})
		}
		for i := 0; i < persistent; i++ {
			cmds = append(cmds, []string{"SET", "p:" + strconv.Itoa(i), "x"})
		}
		for i, r := range pipeline(t, c, cmds) {
			if r != "+OK\r\n" {
				t.Fatalf("%q = %q", cmds[i], r)
			}
		}
	}
	dbsize := func(c *rawConn) int {
		r := c.do("DBSIZE")
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r, ":"), "\r\n"))
		if err != nil {
			c.t.Fatalf("DBSIZE = %q", r)
		}
		return n
	}

	t.Run("active cycle deletes", func(t *testing.T) {
		s := startTarget(t, debugArgs()...)
		c := dialRaw(t, s.Addr)
		fill(t, c)
		start := time.Now()
		n := dbsize(c)
		for n != persistent && time.Since(start) < 6*time.Second {
			time.Sleep(100 * time.Millisecond)
			n = dbsize(c)
		}
		if n != persistent {
			t.Fatalf("DBSIZE %d after %v untouched, want %d", n, time.Since(start), persistent)
		}
		t.Logf("active expiry emptied %d keys in about %v", volatile, time.Since(start))
		if got := infoField(t, c, "stats", "expired_keys"); got != strconv.Itoa(volatile) {
			t.Errorf("expired_keys = %s, want %d", got, volatile)
		}
	})

	t.Run("active expire off", func(t *testing.T) {
		s := startTarget(t, debugArgs()...)
		c := dialRaw(t, s.Addr)
		if r := c.do("DEBUG", "SET-ACTIVE-EXPIRE", "0"); r != "+OK\r\n" {
			t.Fatalf("DEBUG SET-ACTIVE-EXPIRE 0 = %q", r)
		}
		fill(t, c)
		time.Sleep(1000 * time.Millisecond)
		if n := dbsize(c); n != volatile+persistent {
			t.Errorf("DBSIZE %d with active expiry off, want %d", n, volatile+persistent)
		}
		if got := infoField(t, c, "stats", "expired_keys"); got != "0" {
			t.Errorf("expired_keys = %s before access, want 0", got)
		}
		cmds := make([][]string, volatile)
		for i := range cmds {
			cmds[i] = []string{"GET", "v:" + strconv.Itoa(i)}
		}
		for i, r := range pipeline(t, c, cmds) {
			if r != "$-1\r\n" {
				t.Fatalf("%q = %q after expiry", cmds[i], r)
			}
		}
		if n := dbsize(c); n != persistent {
			t.Errorf("DBSIZE %d after accessing the expired keys, want %d", n, persistent)
		}
		if got := infoField(t, c, "stats", "expired_keys"); got != strconv.Itoa(volatile) {
			t.Errorf("expired_keys = %s after access, want %d", got, volatile)
		}
	})
}

// ---- 11. SIGTERM -------------------------------------------------------------------

func TestServerSIGTERM(t *testing.T) {
	name, bin := ownTarget(t)
	o := startOwn(t, name, bin, stdArgs)
	c := dialRaw(t, o.Addr)

	const n = 10000
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		appendCmd(&b, "INCR", "c")
	}
	go c.send(b.Bytes()) // fails once the server is gone; that is fine
	got := 0
	signalled := false
	var took time.Duration
	var exited bool
	for got < n {
		r, err := c.readReply()
		if err != nil {
			break
		}
		if want := ":" + strconv.Itoa(got+1) + "\r\n"; string(r) != want {
			t.Fatalf("reply %d = %q, want %q", got+1, r, want)
		}
		got++
		if got == 1000 {
			exited, took = o.sigterm(t, 0)
			signalled = true
		}
	}
	if !signalled {
		t.Fatalf("only %d replies before the connection failed", got)
	}
	t.Logf("%d of %d INCR replies read", got, n)
	if !exited {
		select {
		case <-o.done:
		case <-time.After(5*time.Second - took):
			t.Fatalf("process did not exit within 5s of SIGTERM")
		}
	}
	if o.err != nil {
		t.Errorf("exit status after SIGTERM: %v, want 0", o.err)
	}
	if out := o.Output(); !strings.Contains(out, "ready to exit") {
		t.Errorf("log has no \"ready to exit\":\n%s", tail(out, 2000))
	}
	if conn, err := net.DialTimeout("tcp", o.Addr, 2*time.Second); err == nil {
		conn.Close()
		t.Errorf("connection accepted after shutdown")
	}
}

// ---- 12. maxclients ---------------------------------------------------------------

func TestServerMaxClients(t *testing.T) {
	s := startTarget(t)
	admin := dialRaw(t, s.Addr)
	if r := admin.do("CONFIG", "SET", "maxclients", "5"); r != "+OK\r\n" {
		t.Fatalf("CONFIG SET maxclients = %q", r)
	}
	conns := []*rawConn{admin}
	for i := 0; i < 4; i++ {
		c := dialRaw(t, s.Addr)
		if r := c.do("PING"); r != "+PONG\r\n" {
			t.Fatalf("client %d of 5: PING = %q", i+2, r)
		}
		conns = append(conns, c)
	}
	sixth := dialRaw(t, s.Addr)
	r, err := sixth.readReply()
	if want := "-ERR max number of clients reached\r\n"; string(r) != want {
		t.Errorf("6th client: %q (%v), want %q", r, err, want)
	}
	if closed, extra := sixth.waitClosed(5 * time.Second); !closed || len(extra) > 0 {
		t.Errorf("6th client: closed=%v extra=%q, want closed", closed, extra)
	}
	conns[4].Close()
	ok := false
	for i := 0; i < 50 && !ok; i++ {
		ok = pingOnceTimeout(s.Addr, 5*time.Second) == nil
		if !ok {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if !ok {
		t.Errorf("no client accepted after one of 5 disconnected")
	}
}

// ---- 13. requirepass ---------------------------------------------------------------

func TestServerRequirePass(t *testing.T) {
	// startServer's readiness PING expects +PONG, which a server with
	// requirepass never gives: startOwn also accepts NOAUTH.
	name, bin := ownTarget(t)
	s := startOwn(t, name, bin, func(port int, dir string) []string {
		return append(stdArgs(port, dir), "--requirepass", "s3cret")
	})
	ctx := context.Background()
	newClient := func(t *testing.T, password string) *redis.Client {
		rdb := redis.NewClient(&redis.Options{Addr: s.Addr, Password: password, MaxRetries: -1,
			DialTimeout: 10 * time.Second, ReadTimeout: 20 * time.Second, WriteTimeout: 20 * time.Second})
		t.Cleanup(func() { rdb.Close() })
		return rdb
	}

	t.Run("go-redis with password", func(t *testing.T) {
		rdb := newClient(t, "s3cret")
		expect(t, "PING", "PONG")(rdb.Ping(ctx).Result())
		expect(t, "SET", "OK")(rdb.Set(ctx, "k", "v", 0).Result())
		expect(t, "GET", "v")(rdb.Get(ctx, "k").Result())
	})
	t.Run("go-redis without password", func(t *testing.T) {
		expectErr(t, "PING", newClient(t, "").Ping(ctx).Err(), "NOAUTH")
	})
	t.Run("go-redis wrong password", func(t *testing.T) {
		expectErr(t, "PING", newClient(t, "nope").Ping(ctx).Err(), "WRONGPASS")
	})
	t.Run("raw", func(t *testing.T) {
		c := dialRaw(t, s.Addr)
		steps := []struct {
			args []string
			want string // exact, or a prefix when it ends in "..."
		}{
			{[]string{"GET", "k"}, "-NOAUTH Authentication required.\r\n"},
			{[]string{"HELLO", "3"}, "-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n"},
			{[]string{"HELLO", "3", "AUTH", "default", "nope"}, "-WRONGPASS invalid username-password pair or user is disabled.\r\n"},
			{[]string{"AUTH", "nope"}, "-WRONGPASS invalid username-password pair or user is disabled.\r\n"},
			{[]string{"HELLO", "3", "AUTH", "default", "s3cret"}, "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n..."},
			{[]string{"GET", "nokey"}, "_\r\n"},
			{[]string{"PING"}, "+PONG\r\n"},
		}
		for _, st := range steps {
			got := c.do(st.args...)
			if p, ok := strings.CutSuffix(st.want, "..."); ok {
				if !strings.HasPrefix(got, p) {
					t.Errorf("%q = %q, want prefix %q", st.args, got, p)
				}
			} else if got != st.want {
				t.Errorf("%q = %q, want %q", st.args, got, st.want)
			}
		}
		c2 := dialRaw(t, s.Addr)
		if r := c2.do("AUTH", "s3cret"); r != "+OK\r\n" {
			t.Errorf("AUTH s3cret = %q", r)
		}
		if r := c2.do("GET", "nokey"); r != "$-1\r\n" {
			t.Errorf("GET after AUTH = %q", r)
		}
	})
	t.Run("protected mode", func(t *testing.T) {
		t.Skip("needs a non-loopback client address, which this machine does not offer")
	})
}

// ---- 14. RESP3 through redis-cli ---------------------------------------------------

func TestServerRESP3Cli(t *testing.T) {
	requireTool(t, "redis-cli")
	a := startServer(t)
	r := startRedis(t)
	mapKeys := regexp.MustCompile(`(?m)^\s*\d+# "([^"]+)" =>`)

	hello := func(s *srv) (string, []string) {
		out, err := redisCLI(t, s, nil, "-3", "--no-raw", "hello", "3")
		if err != nil {
			t.Fatalf("%s: redis-cli -3 hello 3: %v\n%s", s.Name, err, out)
		}
		var keys []string
		for _, m := range mapKeys.FindAllStringSubmatch(out, -1) {
			keys = append(keys, m[1])
		}
		return out, keys
	}
	aOut, aKeys := hello(a)
	rOut, rKeys := hello(r)
	if !strings.Contains(aOut, `"proto" => (integer) 3`) || !strings.Contains(aOut, `1# "server" => "redis"`) {
		t.Errorf("aeon: redis-cli -3 hello 3 shows no RESP3 map:\n%s", aOut)
	}
	if !slices.Equal(aKeys, rKeys) {
		t.Errorf("hello 3 map keys: aeon %q, redis %q\naeon:\n%s\nredis:\n%s", aKeys, rKeys, aOut, rOut)
	}

	for _, mode := range [][]string{{"-3"}, {"-3", "--no-raw"}, {"-2", "--no-raw"}} {
		args := append(slices.Clone(mode), "config", "get", "port")
		run := func(s *srv) string {
			out, err := redisCLI(t, s, nil, args...)
			if err != nil {
				t.Fatalf("%s: redis-cli %q: %v\n%s", s.Name, args, err, out)
			}
			return strings.ReplaceAll(out, strconv.Itoa(s.Port), "PORT")
		}
		if got, want := run(a), run(r); got != want {
			t.Errorf("redis-cli %q: aeon %q, redis %q", args, got, want)
		}
	}
}

// ---- 15. CONFIG REWRITE ----------------------------------------------------------

func TestServerConfigRewrite(t *testing.T) {
	if os.Getenv("TESTS_TARGET") == "redis" || aeonBin == "" {
		t.Skip("aeon's JSON config file")
	}
	orig, err := os.ReadFile("../config.json")
	if err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(t.TempDir(), "aeon.json")
	if err := os.WriteFile(cfg, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	withFile := func(port int, dir string) []string { return append([]string{cfg}, stdArgs(port, dir)...) }

	s := startOwn(t, "aeon", aeonBin, withFile)
	c := dialRaw(t, s.Addr)
	if r := c.do("CONFIG", "GET", "maxmemory-policy"); r != "*2\r\n$16\r\nmaxmemory-policy\r\n$10\r\nnoeviction\r\n" {
		t.Errorf("CONFIG GET maxmemory-policy at start = %q", r)
	}
	if r := c.do("CONFIG", "SET", "maxmemory-policy", "allkeys-lru"); r != "+OK\r\n" {
		t.Fatalf("CONFIG SET maxmemory-policy = %q", r)
	}
	if r := c.do("CONFIG", "REWRITE"); r != "+OK\r\n" {
		t.Fatalf("CONFIG REWRITE = %q", r)
	}

	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var before, after map[string]json.RawMessage
	if err := json.Unmarshal(orig, &before); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &after); err != nil {
		t.Fatalf("rewritten config is not valid JSON: %v\n%s", err, data)
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			t.Errorf("rewritten config lost option %q", k)
		}
	}
	policy := after["maxmemory-policy"]
	var wrapped struct {
		Value string `json:"value"`
	}
	var plain string
	if json.Unmarshal(policy, &plain) != nil && (json.Unmarshal(policy, &wrapped) != nil || wrapped.Value == "") {
		t.Errorf("rewritten maxmemory-policy is neither a string nor {\"value\":...}: %s", policy)
	} else if plain != "allkeys-lru" && wrapped.Value != "allkeys-lru" {
		t.Errorf("rewritten maxmemory-policy = %s, want allkeys-lru", policy)
	}

	s2 := startOwn(t, "aeon", aeonBin, withFile)
	if r := dialRaw(t, s2.Addr).do("CONFIG", "GET", "maxmemory-policy"); r != "*2\r\n$16\r\nmaxmemory-policy\r\n$11\r\nallkeys-lru\r\n" {
		t.Errorf("server started from the rewritten file: CONFIG GET maxmemory-policy = %q", r)
	}
}
