package tests

import (
	"bufio"
	"bytes"
	"context"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// redisCLI runs redis-cli against s with args and optional stdin, returning
// its standard output (stdout is not a terminal, so replies are raw).
func redisCLI(t *testing.T, s *srv, stdin []byte, args ...string) (string, error) {
	t.Helper()
	bin := requireTool(t, "redis-cli")
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"-h", "127.0.0.1", "-p", strconv.Itoa(s.Port)}, args...)...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("redis-cli %q timed out; stdout:\n%s\nstderr:\n%s", args, tail(out.String(), 2000), tail(errb.String(), 2000))
	}
	return out.String() + errb.String(), err
}

func TestRedisCLI(t *testing.T) {
	requireTool(t, "redis-cli")
	s := startTarget(t)

	oneShot := []struct{ args, want string }{
		{"PING", "PONG\n"},
		{"ECHO hi", "hi\n"},
		{"SET foo bar", "OK\n"},
		{"GET foo", "bar\n"},
		{"GET nosuch", "\n"},
		{"INCR cnt", "1\n"},
		{"INCRBY cnt 41", "42\n"},
		{"MSET a 1 b 2", "OK\n"},
		{"MGET a b nosuch", "1\n2\n\n"},
		{"EXISTS foo a nosuch", "2\n"},
		{"TYPE foo", "string\n"},
		{"EXPIRE foo 1000", "1\n"},
		{"PERSIST foo", "1\n"},
		{"TTL foo", "-1\n"},
		{"DEL a b", "2\n"},
		{"DBSIZE", "2\n"},
		{"SELECT 3", "OK\n"},
		{"-n 2 SET other x", "OK\n"},
		{"-n 2 DBSIZE", "1\n"},
		{"CONFIG GET databases", "databases\n16\n"},
		{"CLIENT SETNAME cli", "OK\n"},
		{"GET foo extra", "ERR wrong number of arguments for 'get' command\n\n"},
		{"NOSUCHCMD x", "ERR unknown command 'NOSUCHCMD', with args beginning with: 'x' \n\n"},
		{"INCR foo", "ERR value is not an integer or out of range\n\n"},
		{"FLUSHDB", "OK\n"},
		{"DBSIZE", "0\n"},
	}
	for _, tc := range oneShot {
		out, _ := redisCLI(t, s, nil, strings.Fields(tc.args)...)
		if out != tc.want {
			t.Errorf("redis-cli %s = %q, want %q", tc.args, out, tc.want)
		}
	}
	if out, _ := redisCLI(t, s, nil, "INFO", "server"); !strings.Contains(out, "redis_version:") {
		t.Errorf("redis-cli INFO server = %q", tail(out, 500))
	}
	// Commands from stdin, as in `redis-cli < file`.
	if out, _ := redisCLI(t, s, []byte("SET x 5\nINCR x\nGET x\n")); out != "OK\n6\n6\n" {
		t.Errorf("redis-cli < file = %q", out)
	}
	// -x: last argument from stdin.
	if out, _ := redisCLI(t, s, []byte("from-stdin"), "-x", "SET", "xin"); out != "OK\n" {
		t.Errorf("redis-cli -x SET = %q", out)
	}
	if out, _ := redisCLI(t, s, nil, "GET", "xin"); out != "from-stdin\n" {
		t.Errorf("GET xin after -x = %q", out)
	}
	// RESP3 mode.
	if out, _ := redisCLI(t, s, nil, "-3", "GET", "xin"); out != "from-stdin\n" {
		t.Errorf("redis-cli -3 GET = %q", out)
	}
	redisCLI(t, s, nil, "FLUSHDB")

	t.Run("Pipe100k", func(t *testing.T) {
		const n = 100000
		var b bytes.Buffer
		for i := 0; i < n; i++ {
			appendCmd(&b, "SET", "key:"+strconv.Itoa(i), "value:"+strconv.Itoa(i))
		}
		out, err := redisCLI(t, s, b.Bytes(), "--pipe")
		if err != nil || !strings.Contains(out, "errors: 0, replies: 100000") {
			t.Fatalf("redis-cli --pipe: err=%v output:\n%s", err, tail(out, 2000))
		}
		if out, _ := redisCLI(t, s, nil, "DBSIZE"); out != "100000\n" {
			t.Errorf("DBSIZE after --pipe = %q", out)
		}
		if out, _ := redisCLI(t, s, nil, "GET", "key:99999"); out != "value:99999\n" {
			t.Errorf("GET key:99999 = %q", out)
		}

		// --scan --pattern key:1* : key:1, key:10..19, ..., key:10000..19999.
		out, err = redisCLI(t, s, nil, "--scan", "--pattern", "key:1*")
		if err != nil {
			t.Fatalf("redis-cli --scan: %v\n%s", err, tail(out, 2000))
		}
		seen := map[string]bool{}
		sc := bufio.NewScanner(strings.NewReader(out))
		for sc.Scan() {
			k := sc.Text()
			if !strings.HasPrefix(k, "key:1") {
				t.Errorf("--scan returned non-matching %q", k)
				break
			}
			seen[k] = true
		}
		if want := 1 + 10 + 100 + 1000 + 10000; len(seen) != want {
			t.Errorf("--scan --pattern key:1* found %d distinct keys, want %d", len(seen), want)
		}
		// --pipe reporting errors for bad commands.
		var bad bytes.Buffer
		appendCmd(&bad, "INCR", "key:1")
		appendCmd(&bad, "SET", "ok", "1")
		appendCmd(&bad, "NOSUCH")
		out, _ = redisCLI(t, s, bad.Bytes(), "--pipe")
		if !strings.Contains(out, "errors: 2, replies: 3") {
			t.Errorf("redis-cli --pipe with errors: %s", tail(out, 2000))
		}
	})
	s.checkAlive(t)
}
