// Package tests holds aeon's end-to-end suites: they build the aeon binary,
// start it (and, for comparison, redis-server) on free loopback ports and
// talk to them over real sockets with go-redis, redis-cli and raw RESP.
//
// Environment:
//
//	AEON_BIN       use this aeon binary instead of building one
//	TESTS_TARGET   'redis' runs the single-server suites against redis-server instead of aeon
//	CI             when set, a missing redis-server / redis-cli fails instead of skipping
//	DIFF_COMMANDS  commands per seed in the differential test (default 2000)
//	DIFF_SEEDS     number of seeds in the differential test (default 5)
//	DIFF_CMDS      comma-separated command names: restrict the differential generator
//	DIFF_MANGLE    0 turns off wrong-arity and unknown-command mutations
//	DIFF_CONTINUE  when set, keep going after a mismatch (up to 20 per run; for triage)
package tests

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"aeon/resp"
)

// aeonBin is the aeon binary built by TestMain.
var aeonBin string

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	if b := os.Getenv("AEON_BIN"); b != "" {
		aeonBin = b
		return m.Run()
	}
	if os.Getenv("TESTS_TARGET") == "redis" {
		return m.Run() // nothing to build
	}
	dir, err := os.MkdirTemp("", "aeon-tests-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "tests: mkdtemp:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	aeonBin = filepath.Join(dir, "aeon")
	cmd := exec.Command("go", "build", "-o", aeonBin, ".")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "tests: go build of aeon failed: %v\n%s\n", err, out)
		return 1
	}
	return m.Run()
}

// requireTool skips (locally) or fails (under CI) when a program is missing.
func requireTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not found in PATH (required under CI)", name)
		}
		t.Skipf("%s not found in PATH", name)
	}
	return p
}

// capBuffer keeps the first and last parts of a process's output.
type capBuffer struct {
	mu    sync.Mutex
	head  []byte
	tail  []byte
	total int64
}

const (
	capHead = 64 << 10
	capTail = 1 << 20
)

func (b *capBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.total += int64(len(p))
	q := p
	if n := capHead - len(b.head); n > 0 {
		n = min(n, len(q))
		b.head = append(b.head, q[:n]...)
		q = q[n:]
	}
	if len(q) > 0 {
		b.tail = append(b.tail, q...)
		if len(b.tail) > 2*capTail {
			b.tail = append(b.tail[:0:0], b.tail[len(b.tail)-capTail:]...)
		}
	}
	return len(p), nil
}

func (b *capBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	tail := b.tail
	if len(tail) > capTail {
		tail = tail[len(tail)-capTail:]
	}
	skipped := b.total - int64(len(b.head)) - int64(len(tail))
	if skipped > 0 {
		return string(b.head) + fmt.Sprintf("\n... [%d bytes skipped] ...\n", skipped) + string(tail)
	}
	return string(b.head) + string(tail)
}

// srv is a running server process (aeon or redis-server).
type srv struct {
	Name string // "aeon" or "redis"
	Port int
	Addr string
	Dir  string
	cmd  *exec.Cmd
	out  *capBuffer
	done chan struct{} // closed when the process has exited
	err  error         // Wait's result, valid after done
}

// Pid is the server's process id.
func (s *srv) Pid() int { return s.cmd.Process.Pid }

// Output returns what the process wrote so far.
func (s *srv) Output() string { return s.out.String() }

// exited reports whether the process has exited.
func (s *srv) exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startServer starts aeon with the standard flags plus extra ones.
func startServer(t testing.TB, extra ...string) *srv {
	t.Helper()
	if aeonBin == "" {
		t.Skip("aeon not built (TESTS_TARGET=redis)")
	}
	return startProc(t, "aeon", aeonBin, extra)
}

// startRedis starts redis-server with the standard flags plus extra ones.
func startRedis(t testing.TB, extra ...string) *srv {
	t.Helper()
	bin := requireTool(t, "redis-server")
	return startProc(t, "redis", bin, extra)
}

func startProc(t testing.TB, name, bin string, extra []string) *srv {
	t.Helper()
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		s, err := tryStart(t, name, bin, extra)
		if err == nil {
			return s
		}
		lastErr = err
		// A port taken between freePort and the server's bind is retried.
		if !strings.Contains(err.Error(), "ddress already in use") {
			break
		}
	}
	t.Fatalf("starting %s: %v", name, lastErr)
	return nil
}

func tryStart(t testing.TB, name, bin string, extra []string) (*srv, error) {
	port := freePort(t)
	dir := t.TempDir()
	args := []string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--enable-debug-command", "yes"}
	args = append(args, extra...)
	s := &srv{Name: name, Port: port, Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), Dir: dir,
		out: &capBuffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(bin, args...)
	s.cmd.Dir = dir
	s.cmd.Stdout = s.out
	s.cmd.Stderr = s.out
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.done)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if s.exited() {
			return nil, fmt.Errorf("%s exited during startup (%v); output:\n%s", name, s.err, s.Output())
		}
		if pingOnce(s.Addr) == nil {
			break
		}
		if time.Now().After(deadline) {
			s.kill()
			return nil, fmt.Errorf("%s did not answer PING within 10s; output:\n%s", name, s.Output())
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Cleanup(func() { s.shutdown(t) })
	return s, nil
}

func pingOnce(addr string) error {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := c.Write([]byte("*1\r\n$4\r\nPING\r\n")); err != nil {
		return err
	}
	r, err := resp.ReadRaw(bufio.NewReader(c))
	if err != nil {
		return err
	}
	if string(r) != "+PONG\r\n" {
		return fmt.Errorf("PING replied %q", r)
	}
	return nil
}

func (s *srv) kill() {
	s.cmd.Process.Kill()
	<-s.done
}

// crashMarkers are strings that only appear in output when a Go or C
// process crashed.
var crashMarkers = []string{"panic:", "fatal error:", "goroutine ", "WARNING: DATA RACE", "SIGSEGV", "=== REDIS BUG REPORT", "Guru Meditation"}

func crashTrace(out string) string {
	for _, m := range crashMarkers {
		if i := strings.Index(out, m); i >= 0 {
			if m == "goroutine " && !strings.Contains(out, "[running]") {
				continue
			}
			return out[max(0, i-2000):]
		}
	}
	return ""
}

// shutdown stops the server (SIGTERM, SIGKILL after 5s) and fails the test
// if it crashed or had died on its own.
func (s *srv) shutdown(t testing.TB) {
	t.Helper()
	diedEarly := s.exited()
	if !diedEarly {
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(5 * time.Second):
			s.cmd.Process.Kill()
			<-s.done
			t.Errorf("%s (pid %d) did not exit within 5s of SIGTERM; killed", s.Name, s.Pid())
		}
	}
	out := s.Output()
	if tr := crashTrace(out); tr != "" {
		t.Errorf("%s crashed (exit: %v); output from the crash on:\n%s", s.Name, s.err, tr)
		return
	}
	if diedEarly {
		t.Errorf("%s (pid %d) exited before the test ended (%v); output tail:\n%s", s.Name, s.Pid(), s.err, tail(out, 4000))
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// checkAlive fails the test if the process is gone or if a fresh client
// does not get PONG.
func (s *srv) checkAlive(t testing.TB) {
	t.Helper()
	if s.exited() {
		t.Fatalf("%s process exited (%v); output tail:\n%s", s.Name, s.err, tail(s.Output(), 8000))
	}
	var err error
	for i := 0; i < 3; i++ { // a dial may transiently fail under heavy load
		if err = pingOnceTimeout(s.Addr, 10*time.Second); err == nil {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s: healthy client did not get PONG: %v (process exited: %v)", s.Name, err, s.exited())
}

func pingOnceTimeout(addr string, d time.Duration) error {
	c, err := net.DialTimeout("tcp", addr, d)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(d))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	r, err := resp.ReadRaw(bufio.NewReader(c))
	if err != nil {
		return err
	}
	if string(r) != "+PONG\r\n" {
		return fmt.Errorf("PING replied %q", r)
	}
	return nil
}

// rssBytes returns the resident set size of a process from /proc.
func rssBytes(t testing.TB, pid int) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("cannot read /proc/%d/status: %v", pid, err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			kb, err := strconv.ParseInt(f[0], 10, 64)
			if err != nil {
				t.Fatalf("bad VmRSS line %q", line)
			}
			return kb * 1024
		}
	}
	t.Skipf("no VmRSS in /proc/%d/status", pid)
	return 0
}

// ioTimeout bounds every single read or write on a raw connection; it only
// guards against hangs and is never what a test asserts on.
const ioTimeout = 20 * time.Second

// rawConn is a plain TCP connection speaking hand-made RESP.
type rawConn struct {
	t testing.TB
	c net.Conn
	r *bufio.Reader
}

func dialRaw(t testing.TB, addr string) *rawConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, ioTimeout)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	rc := &rawConn{t: t, c: c, r: bufio.NewReaderSize(c, 64<<10)}
	t.Cleanup(func() { c.Close() })
	return rc
}

func (rc *rawConn) Close() error { return rc.c.Close() }

// send writes raw bytes.
func (rc *rawConn) send(b []byte) error {
	rc.c.SetWriteDeadline(time.Now().Add(ioTimeout))
	_, err := rc.c.Write(b)
	return err
}

// readReply reads exactly one complete RESP2/RESP3 reply.
func (rc *rawConn) readReply() ([]byte, error) {
	rc.c.SetReadDeadline(time.Now().Add(ioTimeout))
	return resp.ReadRaw(rc.r)
}

// do sends one command and returns its raw reply, failing the test on I/O
// errors.
func (rc *rawConn) do(args ...string) string {
	rc.t.Helper()
	if err := rc.send(encodeCmd(args...)); err != nil {
		rc.t.Fatalf("send %q: %v", args, err)
	}
	r, err := rc.readReply()
	if err != nil {
		rc.t.Fatalf("reply to %q: %v", args, err)
	}
	return string(r)
}

// waitClosed reports whether the peer closed the connection (EOF or reset)
// before any further byte arrived; extra holds bytes that did arrive.
func (rc *rawConn) waitClosed(d time.Duration) (closed bool, extra []byte) {
	rc.c.SetReadDeadline(time.Now().Add(d))
	b, err := io.ReadAll(rc.r)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return false, b
	}
	return true, b
}

// encodeCmd encodes args as a RESP array of bulk strings.
func encodeCmd(args ...string) []byte {
	var b bytes.Buffer
	appendCmd(&b, args...)
	return b.Bytes()
}

func appendCmd(b *bytes.Buffer, args ...string) {
	b.WriteByte('*')
	b.WriteString(strconv.Itoa(len(args)))
	b.WriteString("\r\n")
	for _, a := range args {
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(len(a)))
		b.WriteString("\r\n")
		b.WriteString(a)
		b.WriteString("\r\n")
	}
}

// TestHarness checks the harness itself against both servers.
func TestHarness(t *testing.T) {
	for _, start := range []func(testing.TB, ...string) *srv{startServer, startRedis} {
		s := start(t)
		c := dialRaw(t, s.Addr)
		if got := c.do("PING"); got != "+PONG\r\n" {
			t.Errorf("%s: PING = %q", s.Name, got)
		}
		if got := c.do("ECHO", "a\r\nb"); got != "$4\r\na\r\nb\r\n" {
			t.Errorf("%s: ECHO = %q", s.Name, got)
		}
		if got := c.do("SELECT", "1"); got != "+OK\r\n" {
			t.Errorf("%s: SELECT = %q", s.Name, got)
		}
		s.checkAlive(t)
	}
}

// startTarget starts the server under test: aeon, or redis-server when
// TESTS_TARGET=redis (used to validate the suites' expectations).
func startTarget(t testing.TB, extra ...string) *srv {
	t.Helper()
	if os.Getenv("TESTS_TARGET") == "redis" {
		return startRedis(t, extra...)
	}
	return startServer(t, extra...)
}

// TestHarnessCrashTrace checks that crash output is recognised and ordinary
// log output is not.
func TestHarnessCrashTrace(t *testing.T) {
	crashes := []string{
		"1:M 01 Jan ready\npanic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:\nmain.main()\n",
		"fatal error: concurrent map writes\n",
		"WARNING: DATA RACE\nWrite at 0x00c000\n",
		"=== REDIS BUG REPORT START: Cut & paste starting from here ===\n",
	}
	for _, out := range crashes {
		if crashTrace(out) == "" {
			t.Errorf("crash not recognised in %q", out)
		}
	}
	for _, out := range []string{"", "12:M 01 Jan 2026 Ready to accept connections tcp\n", "goroutine leak check ok\n"} {
		if tr := crashTrace(out); tr != "" {
			t.Errorf("false crash in %q: %q", out, tr)
		}
	}
}
