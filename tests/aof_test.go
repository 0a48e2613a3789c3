package tests

import (
	"bufio"
	"fmt"
	"math/rand/v2"
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
)

// AOF end to end: restart from the AOF, rewrite under writes, the files
// checked by redis-check-aof and loaded by redis-server, truncated and
// corrupt files, and kill -9 under load with appendfsync always.

// startAOF starts aeon (or bin) over dir with the AOF on.
func startAOF(t *testing.T, bin, name, dir string, extra ...string) *ownSrv {
	t.Helper()
	return startWithDir(t, name, bin, dir, append([]string{"--appendonly", "yes"}, extra...)...)
}

func checkAOF(t *testing.T, dir string) {
	t.Helper()
	check := requireTool(t, "redis-check-aof")
	out, err := exec.Command(check, filepath.Join(dir, "appendonlydir", "appendonly.aof.manifest")).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "is valid") {
		t.Fatalf("redis-check-aof: %v\n%s", err, out)
	}
}

// aofWorkload runs commands whose propagation must be rewritten to replay
// deterministically.
func aofWorkload(t *testing.T, addr string) {
	rc := dialRaw(t, addr)
	cmds := [][]string{
		{"SET", "ex", "v", "EX", "1000"}, {"SETEX", "setex", "1000", "v"}, {"PSETEX", "psetex", "1000000", "v"},
		{"SET", "gone", "v", "PX", "1"}, {"SET", "f", "1.5"}, {"INCRBYFLOAT", "f", "0.1"}, {"INCRBYFLOAT", "f", "3e2"},
		{"HSET", "h", "x", "1"}, {"HINCRBYFLOAT", "h", "x", "0.25"},
		{"SADD", "s", "a", "b", "c", "d", "e", "f", "1", "2"}, {"SPOP", "s"}, {"SPOP", "s", "3"},
		{"SADD", "s2", "1", "2"}, {"SPOP", "s2", "5"},
		{"RPUSH", "l", "a", "b", "c", "d"}, {"BLPOP", "l", "0"}, {"BRPOP", "l", "0"}, {"LMPOP", "1", "l", "LEFT", "COUNT", "1"},
		{"RPUSH", "l2", "x"}, {"BLMOVE", "l2", "l3", "LEFT", "RIGHT", "0"},
		{"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"}, {"BZPOPMIN", "z", "0"}, {"ZMPOP", "1", "z", "MAX", "COUNT", "2"},
		{"SET", "e", "v"}, {"EXPIRE", "e", "500"}, {"SET", "e2", "v"}, {"EXPIRE", "e2", "-1"},
		{"SET", "g", "v"}, {"GETEX", "g", "PX", "700000"}, {"SET", "g2", "v", "EX", "100"}, {"GETEX", "g2", "PERSIST"},
		{"MULTI"}, {"INCR", "m"}, {"INCR", "m"}, {"SET", "m2", "x", "EX", "100"}, {"EXEC"},
		{"SELECT", "3"}, {"SET", "db3", "v"}, {"SELECT", "0"},
		{"SET", "r", "v"},
	}
	for _, c := range cmds {
		if r := rc.do(c...); strings.HasPrefix(r, "-") {
			t.Fatalf("%q: %q", c, r)
		}
	}
	payload := rc.value("DUMP", "r").Str
	rc.do("RESTORE", "restored", "100000", payload)
	time.Sleep(5 * time.Millisecond) // "gone" expires, is found and deleted (DEL propagated)
	rc.do("GET", "gone")
}

func TestAOFRestart(t *testing.T) {
	_, bin := ownTarget(t)
	dir := t.TempDir()
	a := startAOF(t, bin, "aeon", dir, "--appendfsync", "always")
	populate(t, a.Addr, 11, 1)
	aofWorkload(t, a.Addr)
	want := datasetOf(t, a.Addr)
	a.sigterm(t, 10*time.Second)
	checkAOF(t, dir)
	b := startAOF(t, bin, "aeon", dir)
	compareDatasets(t, "aeon AOF -> aeon", want, datasetOf(t, b.Addr))
	b.sigterm(t, 10*time.Second)
	// redis-server loads aeon's multi-part AOF too.
	if redisBin, err := exec.LookPath("redis-server"); err == nil {
		r := startAOF(t, redisBin, "redis", dir)
		compareDatasets(t, "aeon AOF -> redis-server", want, datasetOf(t, r.Addr))
	}
}

// TestAOFRewrite rewrites the AOF while writes go on, then restarts.
func TestAOFRewrite(t *testing.T) {
	_, bin := ownTarget(t)
	dir := t.TempDir()
	a := startAOF(t, bin, "aeon", dir)
	populate(t, a.Addr, 12, 10)
	rc := dialRaw(t, a.Addr)
	cmds := [][]string{{"BGREWRITEAOF"}}
	for i := 0; i < 5000; i++ {
		cmds = append(cmds, []string{"INCR", fmt.Sprintf("c%d", i%100)}, []string{"SET", fmt.Sprintf("k0:%d:short", i%400), strconv.Itoa(i)})
	}
	reps := pipeline(t, rc, cmds)
	if reps[0] != "+Background append only file rewriting started\r\n" {
		t.Fatalf("BGREWRITEAOF: %q", reps[0])
	}
	for deadline := time.Now().Add(60 * time.Second); infoField(t, rc, "persistence", "aof_rewrite_in_progress") != "0"; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("rewrite did not finish")
		}
	}
	if st := infoField(t, rc, "persistence", "aof_last_bgrewrite_status"); st != "ok" {
		t.Fatalf("aof_last_bgrewrite_status %s", st)
	}
	want := datasetOf(t, a.Addr)
	manifest, _ := os.ReadFile(filepath.Join(dir, "appendonlydir", "appendonly.aof.manifest"))
	if !strings.Contains(string(manifest), "appendonly.aof.2.base.rdb seq 2 type b") || strings.Contains(string(manifest), "type h") {
		t.Fatalf("manifest after rewrite:\n%s", manifest)
	}
	ents, _ := os.ReadDir(filepath.Join(dir, "appendonlydir"))
	if len(ents) != 3 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("files after rewrite: %v (want base, incr, manifest)", names)
	}
	a.sigterm(t, 10*time.Second)
	checkAOF(t, dir)
	b := startAOF(t, bin, "aeon", dir)
	compareDatasets(t, "after BGREWRITEAOF", want, datasetOf(t, b.Addr))
}

func incrFile(dir string) string {
	m, _ := os.ReadFile(filepath.Join(dir, "appendonlydir", "appendonly.aof.manifest"))
	for _, l := range strings.Split(string(m), "\n") {
		f := strings.Fields(l)
		if len(f) == 6 && f[5] == "i" {
			return filepath.Join(dir, "appendonlydir", f[1])
		}
	}
	return ""
}

// TestAOFTruncatedAndCorrupt: a cut last command loads (and is cut off)
// with aof-load-truncated yes, refuses to start with no; garbage in the
// middle refuses to start naming the file and the offset.
func TestAOFTruncatedAndCorrupt(t *testing.T) {
	_, bin := ownTarget(t)
	dir := t.TempDir()
	a := startAOF(t, bin, "aeon", dir, "--appendfsync", "always")
	rc := dialRaw(t, a.Addr)
	rc.do("SET", "a", "1")
	rc.do("SET", "b", "2")
	a.sigterm(t, 10*time.Second)
	incr := incrFile(dir)
	good, _ := os.ReadFile(incr)
	os.WriteFile(incr, append(append([]byte{}, good...), "*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$2\r\n3"...), 0644)

	// aof-load-truncated no: refuses.
	cmd := exec.Command(bin, "--port", strconv.Itoa(freePort(t)), "--bind", "127.0.0.1", "--save", "", "--dir", dir, "--appendonly", "yes", "--aof-load-truncated", "no")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "Unexpected end of file") {
		t.Fatalf("aof-load-truncated no: %v\n%s", err, out)
	}
	b := startAOF(t, bin, "aeon", dir)
	rb := dialRaw(t, b.Addr)
	if r := rb.do("MGET", "a", "b", "c"); r != "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n" {
		t.Fatalf("after truncated load: %q", r)
	}
	rb.do("SET", "d", "4")
	b.sigterm(t, 10*time.Second)
	checkAOF(t, dir)

	// Garbage in the middle.
	cur, _ := os.ReadFile(incr)
	bad := append(append(append([]byte{}, cur[:len(good)]...), "*2\r\n$3\r\nGET\r\nXX\r\n"...), cur[len(good):]...)
	os.WriteFile(incr, bad, 0644)
	cmd = exec.Command(bin, "--port", strconv.Itoa(freePort(t)), "--bind", "127.0.0.1", "--save", "", "--dir", dir, "--appendonly", "yes")
	out, err = cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), filepath.Base(incr)) || !strings.Contains(string(out), "offset") {
		t.Fatalf("corrupt AOF: %v\n%s", err, out)
	}
}

// startWriters starts one client per element of from: client i sets the
// key prefix<i> to from[i]+1, from[i]+2, ... one command at a time and calls
// ack(i, v) for each value acknowledged, until a write fails or stop is
// called; stop waits for the clients.
func startWriters(addr, prefix string, from []int, ack func(i, v int)) (stop func()) {
	var wg sync.WaitGroup
	done := make(chan struct{})
	for i := range from {
		wg.Add(1)
		go func(i, first int) {
			defer wg.Done()
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				return
			}
			defer conn.Close()
			br := bufio.NewReader(conn)
			key := prefix + strconv.Itoa(i)
			for v := first; ; v++ {
				select {
				case <-done:
					return
				default:
				}
				conn.SetDeadline(time.Now().Add(5 * time.Second))
				if _, err := conn.Write(encodeCmd("SET", key, strconv.Itoa(v))); err != nil {
					return
				}
				line, err := br.ReadString('\n')
				if err != nil || line != "+OK\r\n" {
					return
				}
				ack(i, v)
			}
		}(i, from[i]+1)
	}
	return func() { close(done); wg.Wait() }
}

// TestAOFCrash kills aeon with SIGKILL while clients write with
// appendfsync always, restarts it, and checks that every acknowledged
// write is there. Each client owns a key and sets it to increasing values.
func TestAOFCrash(t *testing.T) {
	_, bin := ownTarget(t)
	rounds := 5
	if os.Getenv("CI") != "" {
		rounds = 20
	}
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	const clients = 4
	acked := make([]int, clients)
	for round := 0; round < rounds; round++ {
		a := startAOF(t, bin, "aeon", dir, "--appendfsync", "always")
		a.expectExit.Store(true)
		stop := startWriters(a.Addr, "client:", acked, func(i, v int) { acked[i] = v })
		time.Sleep(time.Duration(50+r.IntN(250)) * time.Millisecond)
		a.cmd.Process.Signal(syscall.SIGKILL)
		stop()
		<-a.done
		b := startAOF(t, bin, "aeon", dir)
		rc := dialRaw(t, b.Addr)
		for i := 0; i < clients; i++ {
			got := rc.value("GET", fmt.Sprintf("client:%d", i))
			n, _ := strconv.Atoi(got.Str)
			// The value is the last acknowledged one, or the one in flight.
			if n != acked[i] && n != acked[i]+1 {
				t.Fatalf("round %d: client %d acked %d, after restart %q", round, i, acked[i], got.Str)
			}
			acked[i] = n
		}
		b.expectExit.Store(true)
		b.cmd.Process.Signal(syscall.SIGKILL)
		<-b.done
	}
	for i, n := range acked {
		if n < rounds {
			t.Errorf("client %d: only %d writes acknowledged in %d rounds", i, n, rounds)
		}
	}
	checkAOF(t, dir)
}
