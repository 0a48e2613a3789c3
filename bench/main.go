// Command bench compares aeon with redis-server on this machine.
//
//	go run ./bench [-rounds 3] [-n1 200000] [-n16 1000000] [-keys 1000000] [-out bench/RESULTS.md] [-quick]
//	               [-persist-keys 1000000] [-persist-n 400000] [-only strings,types,memory,big,persist]
//
// It builds aeon from the repository root, starts aeon and redis-server on free
// loopback ports with identical flags, and then runs the selected parts (-only;
// default all), each on freshly (re)started servers:
//
//   - memory: RSS (and INFO used_memory) growth per key / object for a
//     pipelined load of strings, hashes, sets, sorted sets and one big list;
//   - big: wall-clock time of building a 1M-member sorted set and a 1M-element
//     list and of 1000 ZRANGE / LINDEX lookups in them (median of -big-reps);
//   - strings: redis-benchmark set,get,incr,mset;
//   - types: redis-benchmark on list, set, hash and sorted-set commands;
//   - persist: SAVE time, RDB size and load time of a mixed data set,
//     SET latency and memory growth under back-to-back BGSAVEs, and SET
//     throughput with appendonly yes (appendfsync everysec) against no.
//
// redis-benchmark runs go against both servers interleaved (A B A B ...) for
// several rounds and report medians: requests/s, p50/p99 latency and server
// CPU time per request (from /proc/PID/stat). A data-type command that a
// server answers with an error is shown as ERR in its table cell instead of
// failing the run. Results are printed and written as Markdown to -out. Only
// 127.0.0.1 is used.
//
// Linux only (reads /proc). Needs redis-server and redis-benchmark on PATH
// (scripts/ensure-tools.sh installs them).
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

type config struct {
	settle     time.Duration // wait after a memory load before reading RSS
	rounds     int
	n1, n16    int
	clients    int
	keyspace   int
	tests      []string
	keys       int
	out        string
	quick      bool
	aeonBin    string
	redisBin   string
	benchBin   string
	runTimeout time.Duration

	only       map[string]bool // parts to run: strings, types, memory, big
	typeTests  []string        // data-type redis-benchmark tests, in run order
	typesScale float64         // multiplies the per-test request counts of typeRequests
	typeObjs   int             // hashes / sets / sorted sets loaded for the memory table
	listElems  int             // elements of the list loaded for the memory table
	bigN       int             // members / elements of the big collections
	bigQueries int             // ZRANGE and LINDEX lookups in the big collections
	bigReps    int             // repetitions of the big-collection timings
	pKeys      int             // persist: objects SAVEd and loaded; strings loaded for the BGSAVE runs
	pBgsaveN   int             // persist: requests per redis-benchmark run of the BGSAVE table
}

var allParts = []string{"strings", "types", "memory", "big", "persist"}

func main() {
	var cfg config
	var tests, only, typeTests string
	flag.IntVar(&cfg.rounds, "rounds", 3, "interleaved rounds per (test, pipeline); medians are reported")
	flag.IntVar(&cfg.n1, "n1", 200000, "requests per redis-benchmark run without pipelining (-P 1)")
	flag.IntVar(&cfg.n16, "n16", 1000000, "requests per redis-benchmark run with -P 16")
	flag.IntVar(&cfg.clients, "c", 50, "redis-benchmark parallel clients")
	flag.IntVar(&cfg.keyspace, "r", 1000000, "redis-benchmark random keyspace (-r)")
	flag.StringVar(&tests, "t", "set,get,incr,mset", "comma-separated redis-benchmark tests")
	flag.IntVar(&cfg.keys, "keys", 1000000, "keys loaded for the memory measurement")
	flag.StringVar(&cfg.out, "out", "", "Markdown results file (default <repo>/bench/RESULTS.md)")
	flag.DurationVar(&cfg.settle, "settle", 3*time.Second, "wait after each memory load before reading RSS (both allocators return freed pages in the background)")
	flag.BoolVar(&cfg.quick, "quick", false, "tiny smoke run: n=20000, 1 round, 100k keys, 2% data-type requests, 10k objects, 100k-element collections")
	flag.StringVar(&cfg.aeonBin, "aeon-bin", "", "use this server binary as aeon instead of building (testing the harness)")
	flag.StringVar(&cfg.redisBin, "redis-bin", "redis-server", "reference server binary")
	flag.StringVar(&cfg.benchBin, "benchmark-bin", "redis-benchmark", "redis-benchmark binary")
	flag.DurationVar(&cfg.runTimeout, "run-timeout", 10*time.Minute, "limit for one redis-benchmark run")
	flag.StringVar(&only, "only", strings.Join(allParts, ","), "comma-separated parts to run: strings (string throughput), types (data-type throughput), memory (memory tables), big (big collections), persist (SAVE/load, BGSAVE, AOF)")
	flag.StringVar(&typeTests, "types", defaultTypeTests, "comma-separated data-type redis-benchmark tests, run in this order without flushing in between")
	flag.Float64Var(&cfg.typesScale, "types-scale", 1, "multiplies the request counts of the data-type tests")
	flag.IntVar(&cfg.typeObjs, "objects", 100000, "hashes / sets / sorted sets loaded for the data-type memory table")
	flag.IntVar(&cfg.listElems, "list-elems", 1000000, "elements of the list loaded for the data-type memory table")
	flag.IntVar(&cfg.bigN, "big-n", 1000000, "members / elements of the big sorted set and list")
	flag.IntVar(&cfg.bigQueries, "big-queries", 1000, "ZRANGE and LINDEX lookups timed in the big collections")
	flag.IntVar(&cfg.bigReps, "big-reps", 3, "repetitions of the big-collection timings; medians are reported")
	flag.IntVar(&cfg.pKeys, "persist-keys", 1000000, "persist: objects of the SAVE/load data set, and strings loaded before the BGSAVE runs")
	flag.IntVar(&cfg.pBgsaveN, "persist-n", 400000, "persist: SET requests per redis-benchmark run of the BGSAVE table")
	hidden := map[string]bool{"aeon-bin": true}
	flag.Usage = func() {
		w := flag.CommandLine.Output()
		fmt.Fprintf(w, "usage: go run ./bench [flags]\n")
		flag.VisitAll(func(f *flag.Flag) {
			if hidden[f.Name] {
				return
			}
			if f.DefValue == "" || f.DefValue == "false" {
				fmt.Fprintf(w, "  -%s\t%s\n", f.Name, f.Usage)
			} else {
				fmt.Fprintf(w, "  -%s\t%s (default %s)\n", f.Name, f.Usage, f.DefValue)
			}
		})
	}
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	cfg.tests = splitList(tests)
	cfg.typeTests = splitList(typeTests)
	cfg.only = map[string]bool{}
	for _, p := range splitList(only) {
		if !slices.Contains(allParts, p) {
			fatalf("-only: unknown part %q (want some of %s)", p, strings.Join(allParts, ","))
		}
		cfg.only[p] = true
	}
	if cfg.quick {
		cfg.n1, cfg.n16, cfg.rounds, cfg.keys = 20000, 20000, 1, 100000
		cfg.typesScale, cfg.typeObjs, cfg.listElems, cfg.bigN, cfg.bigReps = 0.02, 10000, 100000, 100000, 1
		cfg.pKeys, cfg.pBgsaveN = 100000, 40000
	}
	if cfg.rounds < 1 || cfg.n1 < 1 || cfg.n16 < 1 || cfg.keys < 1 || len(cfg.only) == 0 ||
		(cfg.only["strings"] && len(cfg.tests) == 0) || (cfg.only["types"] && len(cfg.typeTests) == 0) ||
		cfg.typesScale <= 0 || cfg.typeObjs < 1 || cfg.listElems < 1 || cfg.bigN < 20 || cfg.bigQueries < 1 || cfg.bigReps < 1 ||
		cfg.pKeys < 100 || cfg.pBgsaveN < 1 {
		fatalf("bad flags")
	}

	go func() {
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
		s := <-ch
		logf("got %v; stopping servers", s)
		procs.killAll()
		procs.mu.Lock()
		if procs.tmp != "" {
			os.RemoveAll(procs.tmp)
		}
		procs.mu.Unlock()
		os.Exit(130)
	}()

	err := run(&cfg)
	procs.killAll()
	if err != nil {
		fatalf("%v", err)
	}
}

func splitList(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(strings.ToLower(t)); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func logf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", a...)
}

func fatalf(format string, a ...any) {
	logf(format, a...)
	procs.killAll()
	os.Exit(1)
}

// ---------------------------------------------------------------- processes

type procSet struct {
	mu    sync.Mutex
	cmds  []*exec.Cmd
	done  map[*exec.Cmd]chan struct{}
	final bool
	tmp   string // removed by the signal handler
}

var procs = &procSet{done: map[*exec.Cmd]chan struct{}{}}

// start starts cmd in its own process group (killed with us via Pdeathsig)
// and tracks it so killAll can stop it.
func (p *procSet) start(cmd *exec.Cmd) error {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.final {
		return errors.New("shutting down")
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan struct{})
	p.cmds = append(p.cmds, cmd)
	p.done[cmd] = done
	go func() { _ = cmd.Wait(); close(done) }()
	return nil
}

func (p *procSet) exited(cmd *exec.Cmd) <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done[cmd]
}

// stop sends SIGTERM to cmd's process group, then SIGKILL after grace.
func (p *procSet) stop(cmd *exec.Cmd, grace time.Duration) {
	done := p.exited(cmd)
	if done == nil || cmd.Process == nil {
		return
	}
	select {
	case <-done:
		return
	default:
	}
	pid := cmd.Process.Pid
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(grace):
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		select {
		case <-done:
		case <-time.After(2 * time.Second):
		}
	}
}

func (p *procSet) killAll() {
	p.mu.Lock()
	p.final = true
	cmds := append([]*exec.Cmd(nil), p.cmds...)
	p.mu.Unlock()
	var wg sync.WaitGroup
	for _, c := range cmds {
		wg.Add(1)
		go func() { defer wg.Done(); p.stop(c, 3*time.Second) }()
	}
	wg.Wait()
}

// ---------------------------------------------------------------- servers

type server struct {
	name string
	bin  string
	port int
	cmd  *exec.Cmd
	args []string
	log  string
	dir  string
	used bool // something was loaded since the last (re)start
	// extra are --name value pairs that replace (or add to) the common
	// flags on every (re)start; the persist part sets them.
	extra []string
}

func (s *server) addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }
func (s *server) pid() int     { return s.cmd.Process.Pid }

func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func startServer(s *server, dir string) error {
	s.dir = dir
	s.used = false
	s.args = withFlags([]string{"--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir}, s.extra)
	s.log = filepath.Join(dir, s.name+".log")
	lf, err := os.Create(s.log)
	if err != nil {
		return err
	}
	defer lf.Close()
	s.cmd = exec.Command(s.bin, s.args...)
	s.cmd.Dir = dir
	s.cmd.Stdout, s.cmd.Stderr = lf, lf
	if err := procs.start(s.cmd); err != nil {
		return fmt.Errorf("start %s: %w", s.name, err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case <-procs.exited(s.cmd):
			return fmt.Errorf("%s exited during startup; log:\n%s", s.name, tail(s.log, 2000))
		default:
		}
		if err := ping(s.addr()); err == nil {
			return nil
		} else if time.Now().After(deadline) {
			return fmt.Errorf("%s did not answer PING on %s: %v; log:\n%s", s.name, s.addr(), err, tail(s.log, 2000))
		}
		time.Sleep(5 * time.Millisecond) // fine enough for the persist part's startup timings
	}
}

// fresh makes sure s is a freshly started, empty process: if anything was
// loaded since it started, it is stopped and started again on the same port
// and directory. Freed memory is not reliably given back to the OS by either
// server (jemalloc, Go runtime), so RSS growth is only meaningful on a new process.
func fresh(s *server) error {
	if s.used {
		procs.stop(s.cmd, 5*time.Second)
		if err := startServer(s, s.dir); err != nil {
			return fmt.Errorf("restart: %w", err)
		}
		logf("%s restarted (pid %d)", s.name, s.pid())
	}
	s.used = true
	return nil
}

func tail(path string, n int) string {
	b, _ := os.ReadFile(path)
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// ---------------------------------------------------------------- RESP client

type conn struct {
	c net.Conn
	r *bufio.Reader
	w *bufio.Writer
}

func dial(addr string) (*conn, error) {
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return nil, err
	}
	return &conn{c: c, r: bufio.NewReaderSize(c, 64<<10), w: bufio.NewWriterSize(c, 64<<10)}, nil
}

func (c *conn) Close() error { return c.c.Close() }

func appendCmd(b []byte, args ...string) []byte {
	b = append(b, '*')
	b = strconv.AppendInt(b, int64(len(args)), 10)
	b = append(b, '\r', '\n')
	for _, a := range args {
		b = append(b, '$')
		b = strconv.AppendInt(b, int64(len(a)), 10)
		b = append(b, '\r', '\n')
		b = append(b, a...)
		b = append(b, '\r', '\n')
	}
	return b
}

// replyError is an error reply from a server (or reported by redis-benchmark
// as "Error from server: ...").
type replyError struct{ msg string }

func (e *replyError) Error() string { return "server error: " + e.msg }

// isReplyError reports whether err is (wraps) a server's error reply.
func isReplyError(err error) bool {
	var re *replyError
	return errors.As(err, &re)
}

// errMsg is a short form of err for a table note: the server's error reply
// (without the argument list Redis appends to "unknown command"), or err.
func errMsg(err error) string {
	msg := err.Error()
	var re *replyError
	if errors.As(err, &re) {
		msg = re.msg
	}
	msg, _, _ = strings.Cut(msg, ", with args beginning with")
	if len(msg) > 160 {
		msg = msg[:160] + "…"
	}
	return msg
}

// readReply reads one reply; error replies are returned as *replyError.
func (c *conn) readReply() (any, error) {
	line, err := c.r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	if len(line) < 3 || line[len(line)-2] != '\r' {
		return nil, fmt.Errorf("bad reply line %q", line)
	}
	body := line[1 : len(line)-2]
	switch line[0] {
	case '+':
		return body, nil
	case '-':
		return nil, &replyError{body}
	case ':':
		return strconv.ParseInt(body, 10, 64)
	case '$':
		n, err := strconv.Atoi(body)
		if err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, nil
		}
		buf := make([]byte, n+2)
		if _, err := io.ReadFull(c.r, buf); err != nil {
			return nil, err
		}
		return string(buf[:n]), nil
	case '*':
		n, err := strconv.Atoi(body)
		if err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, nil
		}
		arr := make([]any, 0, n)
		for range n {
			v, err := c.readReply()
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		return arr, nil
	}
	return nil, fmt.Errorf("unexpected reply %q", line)
}

func (c *conn) do(args ...string) (any, error) {
	_ = c.c.SetDeadline(time.Now().Add(60 * time.Second))
	if _, err := c.w.Write(appendCmd(nil, args...)); err != nil {
		return nil, err
	}
	if err := c.w.Flush(); err != nil {
		return nil, err
	}
	return c.readReply()
}

func ping(addr string) error {
	c, err := dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	v, err := c.do("PING")
	if err != nil {
		return err
	}
	if v != "PONG" {
		return fmt.Errorf("PING answered %v", v)
	}
	return nil
}

// load SETs key:%012d -> 16-byte values for i in [0,n), pipelined in batches.
func load(addr string, n int) error {
	c, err := dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	const batch = 1000
	buf := make([]byte, 0, batch*64)
	for i := 0; i < n; i += batch {
		_ = c.c.SetDeadline(time.Now().Add(60 * time.Second))
		end := min(i+batch, n)
		buf = buf[:0]
		for j := i; j < end; j++ {
			buf = appendCmd(buf, "SET", fmt.Sprintf("key:%012d", j), fmt.Sprintf("val:%012d", j))
		}
		if _, err := c.w.Write(buf); err != nil {
			return err
		}
		if err := c.w.Flush(); err != nil {
			return err
		}
		for j := i; j < end; j++ {
			v, err := c.readReply()
			if err != nil {
				return fmt.Errorf("SET #%d: %w", j, err)
			}
			if v != "OK" {
				return fmt.Errorf("SET #%d answered %v", j, v)
			}
		}
	}
	v, err := c.do("DBSIZE")
	if err != nil {
		return fmt.Errorf("DBSIZE: %w", err)
	}
	if got, ok := v.(int64); !ok || got != int64(n) {
		return fmt.Errorf("DBSIZE after load = %v, want %d", v, n)
	}
	return nil
}

// usedMemory returns used_memory from INFO memory, or -1 if unavailable.
func usedMemory(addr string) int64 {
	c, err := dial(addr)
	if err != nil {
		return -1
	}
	defer c.Close()
	v, err := c.do("INFO", "memory")
	s, ok := v.(string)
	if err != nil || !ok {
		return -1
	}
	for _, line := range strings.Split(s, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "used_memory:"); ok {
			if n, err := strconv.ParseInt(rest, 10, 64); err == nil {
				return n
			}
		}
	}
	return -1
}

// ---------------------------------------------------------------- /proc

var clkTck = func() int64 {
	out, err := exec.Command("getconf", "CLK_TCK").Output()
	if err == nil {
		if n, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64); err == nil && n > 0 {
			return n
		}
	}
	return 100
}()

// cpuMicros returns utime+stime of pid (all threads) in microseconds.
func cpuMicros(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("bad /proc/%d/stat", pid)
	}
	f := strings.Fields(s[i+1:]) // f[0] is field 3 (state); utime is field 14, stime 15
	if len(f) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("bad /proc/%d/stat times", pid)
	}
	return (ut + st) * 1_000_000 / clkTck, nil
}

// rssBytes returns VmRSS of pid in bytes.
func rssBytes(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) >= 1 {
				kb, err := strconv.ParseInt(f[0], 10, 64)
				return kb * 1024, err
			}
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
}

// ---------------------------------------------------------------- benchmark runs

type sample struct {
	rps, p50, p99, cpuPerReq float64
}

func benchArgs(cfg *config, port string, test string, pipeline, n int) []string {
	return []string{"-h", "127.0.0.1", "-p", port, "-t", test,
		"-c", strconv.Itoa(cfg.clients), "-P", strconv.Itoa(pipeline), "-n", strconv.Itoa(n),
		"-r", strconv.Itoa(cfg.keyspace), "--csv"}
}

func runBenchmark(cfg *config, s *server, test string, pipeline, n int) (string, sample, error) {
	var smp sample
	args := benchArgs(cfg, strconv.Itoa(s.port), test, pipeline, n)
	ctx, cancel := context.WithTimeout(context.Background(), cfg.runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, cfg.benchBin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Stdin = nil
	before, err := cpuMicros(s.pid())
	if err != nil {
		return "", smp, fmt.Errorf("%s: %w", s.name, err)
	}
	if err := procs.start(cmd); err != nil {
		return "", smp, err
	}
	<-procs.exited(cmd)
	after, err := cpuMicros(s.pid())
	if err != nil {
		return "", smp, fmt.Errorf("%s died during %s: %w; log:\n%s", s.name, test, err, tail(s.log, 2000))
	}
	if ctx.Err() != nil {
		return "", smp, fmt.Errorf("%s %s -P %d: timed out after %v", cfg.benchBin, test, pipeline, cfg.runTimeout)
	}
	if cmd.ProcessState == nil || !cmd.ProcessState.Success() {
		// redis-benchmark (7.x, non-cluster) exits 1 on the first error reply.
		for _, out := range []string{stderr.String(), stdout.String()} {
			if _, msg, ok := strings.Cut(out, "Error from server: "); ok {
				msg, _, _ = strings.Cut(msg, "\n")
				return "", smp, fmt.Errorf("%s %s on %s: %w", cfg.benchBin, test, s.name, &replyError{strings.TrimSpace(msg)})
			}
		}
		return "", smp, fmt.Errorf("%s %s: %v\nstdout: %s\nstderr: %s", cfg.benchBin, strings.Join(args, " "),
			cmd.ProcessState, stdout.String(), lastLines(stderr.String(), 5))
	}
	label, smp, err := parseCSV(stdout.Bytes())
	if err != nil {
		return "", smp, fmt.Errorf("%s on %s: %w\nstdout: %s\nstderr: %s", test, s.name, err, stdout.String(), lastLines(stderr.String(), 5))
	}
	smp.cpuPerReq = float64(after-before) / float64(n)
	return label, smp, nil
}

func lastLines(s string, n int) string {
	s = strings.ReplaceAll(s, "\r", "\n")
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			keep = append(keep, l)
		}
	}
	if len(keep) > n {
		keep = keep[len(keep)-n:]
	}
	return strings.Join(keep, "\n")
}

// parseCSV parses redis-benchmark --csv output for a single test:
//
//	"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
//	"SET","87719.30","0.440","0.064","0.215","1.527","3.559","5.591"
//
// The last row is used: for lrange_* redis-benchmark first prints a
// "LPUSH (needed to benchmark LRANGE)" row.
func parseCSV(out []byte) (string, sample, error) {
	var smp sample
	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		return "", smp, fmt.Errorf("parse csv: %w", err)
	}
	if len(recs) < 2 {
		return "", smp, errors.New("no results in csv output")
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, h := range []string{"test", "rps", "p50_latency_ms", "p99_latency_ms"} {
		if _, ok := col[h]; !ok {
			return "", smp, fmt.Errorf("csv header lacks %q: %v", h, recs[0])
		}
	}
	r := recs[len(recs)-1]
	get := func(h string) (float64, error) {
		if col[h] >= len(r) {
			return 0, fmt.Errorf("short csv row %v", r)
		}
		return strconv.ParseFloat(r[col[h]], 64)
	}
	if smp.rps, err = get("rps"); err != nil {
		return "", smp, err
	}
	if smp.p50, err = get("p50_latency_ms"); err != nil {
		return "", smp, err
	}
	if smp.p99, err = get("p99_latency_ms"); err != nil {
		return "", smp, err
	}
	return r[col["test"]], smp, nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func medianOf(ss []sample) sample {
	pick := func(f func(sample) float64) float64 {
		xs := make([]float64, len(ss))
		for i, s := range ss {
			xs[i] = f(s)
		}
		return median(xs)
	}
	return sample{
		rps:       pick(func(s sample) float64 { return s.rps }),
		p50:       pick(func(s sample) float64 { return s.p50 }),
		p99:       pick(func(s sample) float64 { return s.p99 }),
		cpuPerReq: pick(func(s sample) float64 { return s.cpuPerReq }),
	}
}

// ---------------------------------------------------------------- memory

type memResult struct {
	rssBefore, rssAfter   int64
	usedBefore, usedAfter int64
}

// measureMemory FLUSHALLs s, reads VmRSS and used_memory, runs loadFn
// against it and reads them again.
func measureMemory(s *server, settle time.Duration, loadFn func(addr string) error) (memResult, error) {
	var m memResult
	c, err := dial(s.addr())
	if err != nil {
		return m, err
	}
	_, err = c.do("FLUSHALL")
	c.Close()
	if err != nil {
		return m, fmt.Errorf("%s FLUSHALL: %w", s.name, err)
	}
	time.Sleep(200 * time.Millisecond)
	if m.rssBefore, err = rssBytes(s.pid()); err != nil {
		return m, err
	}
	m.usedBefore = usedMemory(s.addr())
	if err := loadFn(s.addr()); err != nil {
		return m, fmt.Errorf("%s load: %w", s.name, err)
	}
	time.Sleep(settle)
	if m.rssAfter, err = rssBytes(s.pid()); err != nil {
		return m, err
	}
	m.usedAfter = usedMemory(s.addr())
	return m, nil
}

// ---------------------------------------------------------------- main flow

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the current directory")
		}
		dir = parent
	}
}

func shellQuote(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if a != "" && strings.IndexFunc(a, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=,+@", r))
		}) < 0 {
			q[i] = a
		} else {
			q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(q, " ")
}

func cmdOutput(name string, args ...string) string {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func run(cfg *config) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	if cfg.out == "" {
		cfg.out = filepath.Join(root, "bench", "RESULTS.md")
	}
	for _, b := range []string{cfg.redisBin, cfg.benchBin} {
		if _, err := exec.LookPath(b); err != nil {
			return fmt.Errorf("%s not found (run scripts/ensure-tools.sh): %w", b, err)
		}
	}
	tmp, err := os.MkdirTemp("", "aeon-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	procs.mu.Lock()
	procs.tmp = tmp
	procs.mu.Unlock()

	var commands []string
	aeonBin := cfg.aeonBin
	if aeonBin == "" {
		aeonBin = filepath.Join(tmp, "aeon-server")
		logf("building aeon: go build -o %s .", aeonBin)
		build := exec.Command("go", "build", "-o", aeonBin, ".")
		build.Dir = root
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("go build: %w", err)
		}
		commands = append(commands, "go build -o $TMP/aeon .")
	} else {
		logf("using %s as aeon (no build)", aeonBin)
	}

	ports, err := freePorts(2)
	if err != nil {
		return err
	}
	aeon := &server{name: "aeon", bin: aeonBin, port: ports[0]}
	redis := &server{name: "redis", bin: cfg.redisBin, port: ports[1]}
	servers := []*server{aeon, redis}
	for _, s := range servers {
		dir := filepath.Join(tmp, s.name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := startServer(s, dir); err != nil {
			return err
		}
		logf("%s (pid %d) up on %s", s.name, s.pid(), s.addr())
		bin := s.bin
		if s == aeon && cfg.aeonBin == "" {
			bin = "$TMP/aeon"
		}
		commands = append(commands, strings.ReplaceAll(shellQuote(append([]string{bin}, s.args...)), tmp, "$TMP"))
	}

	rep := &report{commands: commands}
	if cfg.only["memory"] {
		if err := memorySection(cfg, servers, rep); err != nil {
			return err
		}
	}
	if cfg.only["big"] {
		if err := bigSection(cfg, servers, rep); err != nil {
			return err
		}
	}
	if cfg.only["strings"] {
		if err := stringsSection(cfg, servers, rep); err != nil {
			return err
		}
	}
	if cfg.only["types"] {
		if err := typesSection(cfg, servers, rep); err != nil {
			return err
		}
	}
	if cfg.only["persist"] {
		if err := persistSection(cfg, servers, rep); err != nil {
			return err
		}
	}

	procs.killAll()

	// Report.
	for _, t := range rep.tables {
		fmt.Printf("\n%s\n\n", t.title)
		printTable(os.Stdout, t.header, t.rows)
		if t.after != "" {
			fmt.Printf("\n%s\n", t.after)
		}
	}

	var md strings.Builder
	fmt.Fprintf(&md, "# aeon vs redis-server benchmark\n\n")
	fmt.Fprintf(&md, "Generated by `go run ./bench` (`make bench`) on %s.\n", time.Now().UTC().Format(time.RFC3339))
	if cfg.quick {
		md.WriteString("\n**Quick smoke run (`-quick`): numbers are not meaningful.**\n")
	}
	if cfg.aeonBin != "" {
		fmt.Fprintf(&md, "\n**aeon side was `%s` (`-aeon-bin`), not a build of this repository.**\n", cfg.aeonBin)
	}
	if len(cfg.only) != len(allParts) {
		var parts []string
		for _, p := range allParts {
			if cfg.only[p] {
				parts = append(parts, p)
			}
		}
		fmt.Fprintf(&md, "\n**Only part of the benchmark was run (`-only %s`).**\n", strings.Join(parts, ","))
	}
	md.WriteString("\n## Machine\n\n")
	fmt.Fprintf(&md, "- CPUs (nproc): %s\n", cmdOutput("nproc"))
	fmt.Fprintf(&md, "- CPU: %s\n", cpuModel())
	fmt.Fprintf(&md, "- Kernel: %s\n", cmdOutput("uname", "-srm"))
	fmt.Fprintf(&md, "- Go: %s (harness %s)\n", cmdOutput("go", "version"), runtime.Version())
	fmt.Fprintf(&md, "- Redis: %s\n", cmdOutput(cfg.redisBin, "--version"))
	fmt.Fprintf(&md, "- %s\n", firstLine(cmdOutput(cfg.benchBin, "--version")))
	md.WriteString("\n## Method\n\n")
	md.WriteString("Both servers run side by side on 127.0.0.1 with identical flags. Each part below starts on freshly started " +
		"(restarted) servers, and so does every memory load: neither jemalloc nor the Go runtime reliably returns freed " +
		"memory to the OS, so after a FLUSHALL the next load would reuse retained pages and its RSS growth would be understated. " +
		"Ratios are aeon/redis: for rps higher is better; for p99, CPU, memory and time lower is better.\n")
	for _, m := range rep.method {
		md.WriteString("\n" + m + "\n")
	}
	md.WriteString("\nCommands ($TMP is a temporary directory, $PORT each server's port):\n\n```sh\n")
	for _, c := range rep.commands {
		md.WriteString(c + "\n")
	}
	md.WriteString("```\n\n## Results\n")
	for _, t := range rep.tables {
		fmt.Fprintf(&md, "\n### %s\n\n", t.title)
		writeMarkdownTable(&md, t.header, t.rows)
		if t.after != "" {
			fmt.Fprintf(&md, "\n%s\n", t.after)
		}
	}

	if err := os.MkdirAll(filepath.Dir(cfg.out), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(cfg.out, []byte(md.String()), 0o644); err != nil {
		return err
	}
	logf("wrote %s", cfg.out)
	return nil
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func printTable(w io.Writer, header []string, rows [][]string) {
	width := make([]int, len(header))
	for i, h := range header {
		width[i] = len([]rune(h))
	}
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	line := func(cells []string) {
		for i, c := range cells {
			pad := width[i] - len([]rune(c))
			if i > 0 {
				fmt.Fprint(w, "  ")
			}
			fmt.Fprint(w, c+strings.Repeat(" ", pad))
		}
		fmt.Fprintln(w)
	}
	line(header)
	for _, r := range rows {
		line(r)
	}
}

func writeMarkdownTable(w io.Writer, header []string, rows [][]string) {
	fmt.Fprintf(w, "| %s |\n", strings.Join(header, " | "))
	sep := make([]string, len(header))
	for i := range sep {
		if i == 0 {
			sep[i] = "---"
		} else {
			sep[i] = "---:"
		}
	}
	fmt.Fprintf(w, "| %s |\n", strings.Join(sep, " | "))
	for _, r := range rows {
		fmt.Fprintf(w, "| %s |\n", strings.Join(r, " | "))
	}
}
