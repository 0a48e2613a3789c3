package tests

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"aeon/resp"
)

// The blocking tests run the same multi-client scenario against a fresh
// redis-server and the server under test, record on each a transcript of
// every reply (and of which client was served when), and compare the two.
// The order in which blocked clients are served is part of the transcript.
// Waits are bounded by read deadlines; nothing asserts on timing beyond
// generous bounds.
//
// Environment: BLOCK_ROUNDS repeats every scenario that many times (default
// 1) on the same servers, to shake out races; BLOCK_SHOW=1 logs redis's
// transcripts.

// bside runs a scenario against one server.
type bside struct {
	t     *testing.T
	s     *srv
	proto int
	conns map[int]*rawConn
	ctl   *rawConn
	lines []string
	dead  string            // set after a read that got no reply: the rest is skipped
	ids   map[string]string // client id -> how transcripts show it
}

// shown renders args for the transcript, with client ids as names.
func (b *bside) shown(args []string) string {
	a := make([]string, len(args))
	for i, s := range args {
		a[i] = s
		if n, ok := b.ids[s]; ok {
			a[i] = n
		}
	}
	return fmtArgs(a)
}

const bWait = 5 * time.Second // bound for a reply that must come

func (b *bside) log(format string, a ...any) {
	b.lines = append(b.lines, fmt.Sprintf(format, a...))
}

func (b *bside) conn(i int) *rawConn {
	if c, ok := b.conns[i]; ok {
		return c
	}
	c := dialRaw(b.t, b.s.Addr)
	if b.proto == 3 {
		if r := c.do("HELLO", "3"); !strings.HasPrefix(r, "%") {
			b.t.Fatalf("%s: HELLO 3: %q", b.s.Name, r)
		}
	}
	b.conns[i] = c
	return c
}

func (b *bside) read(c *rawConn, d time.Duration) ([]byte, error) {
	c.c.SetReadDeadline(time.Now().Add(d))
	return resp.ReadRaw(c.r)
}

// do sends a command on client i and records its reply.
func (b *bside) do(i int, args ...string) string {
	if b.dead != "" {
		return ""
	}
	c := b.conn(i)
	if err := c.send(encodeCmd(args...)); err != nil {
		b.t.Fatalf("%s: send: %v", b.s.Name, err)
	}
	r, err := b.read(c, bWait)
	if err != nil {
		b.log("c%d %s -> no reply within %v (%v)", i, b.shown(args), bWait, err)
		b.dead = b.shown(args)
		return ""
	}
	b.log("c%d %s -> %q", i, b.shown(args), r)
	return string(r)
}

// send sends a command on client i without reading the reply.
func (b *bside) send(i int, args ...string) {
	if b.dead != "" {
		return
	}
	if err := b.conn(i).send(encodeCmd(args...)); err != nil {
		b.t.Fatalf("%s: send: %v", b.s.Name, err)
	}
	b.log("c%d %s (sent)", i, b.shown(args))
}

// served reads the reply a blocked client i got.
func (b *bside) served(i int) string {
	if b.dead != "" {
		return ""
	}
	r, err := b.read(b.conn(i), bWait)
	if err != nil {
		b.log("c%d <- no reply within %v (%v)", i, bWait, err)
		b.dead = fmt.Sprintf("c%d's reply", i)
		return ""
	}
	b.log("c%d <- %q", i, r)
	return string(r)
}

// quiet checks that client i gets no reply for a while (it is still
// blocked).
func (b *bside) quiet(i int) {
	if b.dead != "" {
		return
	}
	r, err := b.read(b.conn(i), 100*time.Millisecond)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() && len(r) == 0 {
		b.log("c%d: no reply (still blocked)", i)
		return
	}
	b.log("c%d: unexpected reply %q (%v)", i, r, err)
}

func infoLine(info, name string) string {
	for _, l := range strings.Split(info, "\r\n") {
		if v, ok := strings.CutPrefix(l, name+":"); ok {
			return v
		}
	}
	return "?"
}

func (b *bside) control() *rawConn {
	if b.ctl == nil {
		b.ctl = dialRaw(b.t, b.s.Addr)
	}
	return b.ctl
}

func (b *bside) blockedClients() string {
	v, err := resp.ReadValue(bufioFrom([]byte(b.control().do("INFO", "clients"))))
	if err != nil {
		return "?"
	}
	return infoLine(v.Str, "blocked_clients")
}

// blocked waits (bounded) until INFO says n clients are blocked and
// records the count it saw.
func (b *bside) blocked(n int) {
	if b.dead != "" {
		return
	}
	want := strconv.Itoa(n)
	got := ""
	for deadline := time.Now().Add(bWait); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if got = b.blockedClients(); got == want {
			break
		}
	}
	b.log("blocked_clients:%s", got)
}

// id returns client i's CLIENT ID (not recorded: ids differ).
func (b *bside) id(i int) string {
	c := b.conn(i)
	r := c.do("CLIENT", "ID")
	id := strings.TrimSuffix(strings.TrimPrefix(r, ":"), "\r\n")
	b.ids[id] = fmt.Sprintf("<id of c%d>", i)
	return id
}

// flags records the flags CLIENT LIST shows for client i.
func (b *bside) flags(i int, id string) {
	if b.dead != "" {
		return
	}
	v, err := resp.ReadValue(bufioFrom([]byte(b.control().do("CLIENT", "LIST", "ID", id))))
	f := "?"
	if err == nil {
		for _, field := range strings.Fields(v.Str) {
			if x, ok := strings.CutPrefix(field, "flags="); ok {
				f = x
			}
		}
	}
	b.log("c%d flags=%s", i, f)
}

type bscenario struct {
	name  string
	proto int
	run   func(b *bside)
}

// blockCmds are the blocking commands with a way to feed them; the key
// they block on is "q".
var blockCmds = []struct {
	name  string
	block []string
	push  func(elems ...string) []string
	state [][]string
}{
	{"BLPOP", []string{"BLPOP", "q", "0"}, rpushQ, [][]string{{"LRANGE", "q", "0", "-1"}}},
	{"BRPOP", []string{"BRPOP", "nokey", "q", "0"}, rpushQ, [][]string{{"LRANGE", "q", "0", "-1"}}},
	{"BLMOVE", []string{"BLMOVE", "q", "dst", "RIGHT", "LEFT", "0"}, rpushQ, [][]string{{"LRANGE", "q", "0", "-1"}, {"LRANGE", "dst", "0", "-1"}}},
	{"BRPOPLPUSH", []string{"BRPOPLPUSH", "q", "dst", "0"}, rpushQ, [][]string{{"LRANGE", "q", "0", "-1"}, {"LRANGE", "dst", "0", "-1"}}},
	{"BLMPOP", []string{"BLMPOP", "0", "2", "nokey", "q", "RIGHT", "COUNT", "1"}, rpushQ, [][]string{{"LRANGE", "q", "0", "-1"}}},
	{"BZPOPMIN", []string{"BZPOPMIN", "q", "0"}, zaddQ, [][]string{{"ZRANGE", "q", "0", "-1", "WITHSCORES"}}},
	{"BZPOPMAX", []string{"BZPOPMAX", "nokey", "q", "0"}, zaddQ, [][]string{{"ZRANGE", "q", "0", "-1", "WITHSCORES"}}},
	{"BZMPOP", []string{"BZMPOP", "0", "1", "q", "MIN", "COUNT", "1"}, zaddQ, [][]string{{"ZRANGE", "q", "0", "-1", "WITHSCORES"}}},
}

func rpushQ(elems ...string) []string { return append([]string{"RPUSH", "q"}, elems...) }

func zaddQ(elems ...string) []string {
	a := []string{"ZADD", "q"}
	for i, e := range elems {
		a = append(a, strconv.Itoa(10+i), e)
	}
	return a
}

func blockScenarios() []bscenario {
	var out []bscenario
	for _, proto := range []int{2, 3} {
		for _, bc := range blockCmds {
			bc := bc
			out = append(out, bscenario{fmt.Sprintf("three-clients/%s/resp%d", bc.name, proto), proto, func(b *bside) {
				// Three clients block in turn; a push of two serves the
				// first two in order; the third stays blocked until the
				// next push.
				id3 := b.id(3)
				for i := 1; i <= 3; i++ {
					b.send(i, bc.block...)
					b.blocked(i)
				}
				b.do(4, bc.push("a", "b")...)
				b.served(1)
				b.served(2)
				b.quiet(3)
				b.blocked(1)
				b.flags(3, id3)
				b.do(4, bc.push("c", "d")...)
				b.served(3)
				b.blocked(0)
				for _, s := range bc.state {
					b.do(4, s...)
				}
			}})
		}
		out = append(out, bscenario{fmt.Sprintf("timeouts/resp%d", proto), proto, func(b *bside) {
			b.do(1, "SET", "str", "x")
			for _, a := range [][]string{
				{"BLPOP", "q", "0.1"}, {"BRPOP", "q", "q2", "0.1"}, {"BLMOVE", "q", "d", "LEFT", "RIGHT", "0.1"},
				{"BRPOPLPUSH", "q", "d", "0.1"}, {"BLMPOP", "0.1", "1", "q", "LEFT"}, {"BZPOPMIN", "q", "0.1"},
				{"BZPOPMAX", "q", "0.1"}, {"BZMPOP", "0.1", "2", "q", "q2", "MAX", "COUNT", "3"},
				{"BLPOP", "str", "0.1"}, {"BZPOPMIN", "str", "0"}, {"BLPOP", "q", "-1"}, {"BLPOP", "q", "abc"},
				{"BLMPOP", "0.1", "0", "q", "LEFT"}, {"BZMPOP", "0.1", "1", "q", "MIN", "COUNT", "0"},
			} {
				b.do(1, a...)
			}
			b.blocked(0)
		}})
		out = append(out, bscenario{fmt.Sprintf("multi/resp%d", proto), proto, func(b *bside) {
			// Blocking commands inside MULTI never block.
			b.do(1, "MULTI")
			b.do(1, "BLPOP", "q", "0")
			b.do(1, "BLMOVE", "q", "d", "LEFT", "LEFT", "0")
			b.do(1, "BZPOPMIN", "z", "0")
			b.do(1, "BLMPOP", "0", "1", "q", "LEFT")
			b.do(1, "BZMPOP", "0", "1", "z", "MIN")
			b.do(1, "RPUSH", "q", "x")
			b.do(1, "BRPOP", "q", "0")
			b.do(1, "EXEC")
			b.blocked(0)
		}})
	}
	out = append(out,
		bscenario{"unblock-by-exec", 2, func(b *bside) {
			// Clients are served after EXEC, with what the whole
			// transaction left.
			b.send(1, "BLPOP", "q", "0")
			b.blocked(1)
			b.send(2, "BZPOPMAX", "z", "0")
			b.blocked(2)
			b.do(3, "MULTI")
			b.do(3, "RPUSH", "q", "x")
			b.do(3, "RPUSH", "q", "y")
			b.do(3, "LPUSH", "q", "z")
			b.do(3, "ZADD", "z", "1", "a", "3", "c")
			b.do(3, "ZADD", "z", "5", "e")
			b.quiet(1)
			b.do(3, "EXEC")
			b.served(1)
			b.served(2)
			b.do(3, "LRANGE", "q", "0", "-1")
			b.do(3, "ZRANGE", "z", "0", "-1", "WITHSCORES")
			// A key pushed and deleted in one transaction serves nobody.
			b.send(1, "BLPOP", "q2", "0")
			b.blocked(1)
			b.do(3, "MULTI")
			b.do(3, "RPUSH", "q2", "x")
			b.do(3, "DEL", "q2")
			b.do(3, "EXEC")
			b.quiet(1)
			b.blocked(1)
			b.do(3, "RPUSH", "q2", "y")
			b.served(1)
		}},
		bscenario{"keys-ready-order", 2, func(b *bside) {
			// Keys are served in the order they became ready, each to
			// its clients in the order they blocked.
			b.send(1, "BLPOP", "a", "0")
			b.blocked(1)
			b.send(2, "BLPOP", "b", "0")
			b.blocked(2)
			b.send(3, "BLPOP", "a", "b", "0")
			b.blocked(3)
			b.do(4, "MULTI")
			b.do(4, "RPUSH", "b", "x")
			b.do(4, "RPUSH", "a", "y")
			b.do(4, "EXEC")
			b.served(2)
			b.served(1)
			b.quiet(3)
			b.do(4, "RPUSH", "b", "1", "2")
			b.served(3)
			b.do(4, "LRANGE", "b", "0", "-1")
			b.blocked(0)
		}},
		bscenario{"blmove-chain", 2, func(b *bside) {
			b.send(1, "BLMOVE", "a", "b", "LEFT", "RIGHT", "0")
			b.blocked(1)
			b.send(2, "BLMOVE", "b", "c", "LEFT", "RIGHT", "0")
			b.blocked(2)
			b.send(3, "BRPOPLPUSH", "c", "d", "0")
			b.blocked(3)
			b.send(5, "BLPOP", "d", "0")
			b.blocked(4)
			b.do(4, "RPUSH", "a", "x", "y")
			b.served(1)
			b.served(2)
			b.served(3)
			b.served(5)
			b.blocked(0)
			for _, k := range []string{"a", "b", "c", "d"} {
				b.do(4, "LRANGE", k, "0", "-1")
			}
			// Rotation onto the same list.
			b.send(1, "BLMOVE", "r", "r", "RIGHT", "LEFT", "0")
			b.blocked(1)
			b.do(4, "RPUSH", "r", "1", "2", "3")
			b.served(1)
			b.do(4, "LRANGE", "r", "0", "-1")
		}},
		bscenario{"client-unblock", 2, func(b *bside) {
			id := b.id(1)
			b.send(1, "BLPOP", "q", "0")
			b.blocked(1)
			b.do(2, "CLIENT", "UNBLOCK", id, "TIMEOUT")
			b.served(1)
			b.blocked(0)
			b.send(1, "BZPOPMIN", "q", "0")
			b.blocked(1)
			b.do(2, "CLIENT", "UNBLOCK", id, "ERROR")
			b.served(1)
			b.send(1, "BLMPOP", "0", "1", "q", "LEFT")
			b.blocked(1)
			b.do(2, "CLIENT", "UNBLOCK", id, "BOGUS")
			b.do(2, "CLIENT", "UNBLOCK", id)
			b.served(1)
			b.do(2, "CLIENT", "UNBLOCK", id)
			b.do(2, "CLIENT", "UNBLOCK", "999999")
			b.do(2, "CLIENT", "UNBLOCK", "abc")
			b.do(1, "PING")
			b.blocked(0)
		}},
		bscenario{"wrongtype-while-blocked", 2, func(b *bside) {
			// A key that turns into another type does not serve the
			// client; it stays blocked until a list shows up.
			b.send(1, "BLPOP", "q", "0")
			b.blocked(1)
			b.do(2, "SET", "q", "str")
			b.quiet(1)
			b.do(2, "DEL", "q")
			b.do(2, "ZADD", "q", "1", "m")
			b.quiet(1)
			b.do(2, "DEL", "q")
			b.do(2, "LPUSH", "q", "v")
			b.served(1)
			// A zset client and a list push on its key.
			b.send(1, "BZPOPMIN", "z", "0")
			b.blocked(1)
			b.do(2, "RPUSH", "z", "x")
			b.quiet(1)
			b.do(2, "DEL", "z")
			b.do(2, "ZADD", "z", "2", "m", "1", "n")
			b.served(1)
			b.blocked(0)
		}},
		bscenario{"counts", 2, func(b *bside) {
			b.send(1, "BLMPOP", "0", "2", "a", "b", "LEFT", "COUNT", "2")
			b.blocked(1)
			b.send(2, "BZMPOP", "0", "2", "y", "z", "MAX", "COUNT", "5")
			b.blocked(2)
			b.do(3, "RPUSH", "b", "1", "2", "3")
			b.served(1)
			b.do(3, "ZADD", "z", "1", "a", "2", "b", "3", "c")
			b.served(2)
			b.do(3, "LRANGE", "b", "0", "-1")
			b.do(3, "EXISTS", "z")
			// A client that disconnects while blocked is forgotten.
			b.send(1, "BLPOP", "gone", "0")
			b.blocked(1)
			b.conn(1).Close()
			delete(b.conns, 1)
			b.blocked(0)
			b.do(3, "RPUSH", "gone", "v")
			b.do(3, "LRANGE", "gone", "0", "-1")
			// A timeout of 0.1 s among blocked clients; the others stay.
			b.send(1, "BLPOP", "t", "0.1")
			b.send(2, "BLPOP", "t", "0")
			b.blocked(2)
			b.served(1)
			b.blocked(1)
			b.do(3, "RPUSH", "t", "v")
			b.served(2)
		}},
	)
	return out
}

func TestBlocking(t *testing.T) {
	requireTool(t, "redis-server")
	ref := startRedis(t)
	sut := startTarget(t)
	rounds := envInt("BLOCK_ROUNDS", 1)
	for _, sc := range blockScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			for round := 0; round < rounds; round++ {
				var tr [2][]string
				var dead [2]string
				for i, s := range []*srv{ref, sut} {
					b := &bside{t: t, s: s, proto: sc.proto, conns: map[int]*rawConn{}, ids: map[string]string{}}
					b.control().do("FLUSHALL")
					sc.run(b)
					for _, c := range b.conns {
						c.Close()
					}
					// Let closed connections go before the next scenario.
					b.blocked(0)
					b.ctl.Close()
					tr[i], dead[i] = b.lines, b.dead
				}
				if dead[0] != "" {
					t.Fatalf("redis did not reply to %s; transcript:\n  %s", dead[0], strings.Join(tr[0], "\n  "))
				}
				if os.Getenv("BLOCK_SHOW") != "" {
					t.Logf("redis transcript:\n  %s", strings.Join(tr[0], "\n  "))
				}
				if d := diffTranscripts(tr[0], tr[1]); d != "" {
					t.Fatalf("round %d: transcripts differ (first difference marked >>):\n%s", round, d)
				}
			}
		})
	}
	sut.checkAlive(t)
}

func diffTranscripts(a, b []string) string {
	n := max(len(a), len(b))
	first := -1
	for i := 0; i < n; i++ {
		if i >= len(a) || i >= len(b) || a[i] != b[i] {
			first = i
			break
		}
	}
	if first < 0 {
		return ""
	}
	var sb strings.Builder
	for i := 0; i < n; i++ {
		mark := "  "
		if i == first {
			mark = ">>"
		}
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x == y {
			fmt.Fprintf(&sb, "%s %s\n", mark, x)
		} else {
			fmt.Fprintf(&sb, "%s redis: %s\n%s aeon:  %s\n", mark, x, mark, y)
		}
	}
	return sb.String()
}

// procCPU returns the user+system CPU time a process has used so far
// (/proc/PID/stat, in clock ticks of 10 ms).
func procCPU(t *testing.T, pid int) time.Duration {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Skipf("cannot read /proc/%d/stat: %v", pid, err)
	}
	// Fields after the parenthesised command name: state is the first,
	// utime and stime are the 12th and 13th.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		t.Fatalf("bad /proc/%d/stat: %q", pid, b)
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// TestManyBlockedClientsIdle blocks 10,000 clients in BLPOP, half of them
// on one key and half on a key each. Blocked clients are entries in the
// loop's tables, not goroutines, so while nothing happens the server costs
// about what an idle one does; and a push still serves the first client
// blocked on its key.
func TestManyBlockedClientsIdle(t *testing.T) {
	n := connBudget(t, 10000)
	s := startTarget(t, "--maxclients", "20000")
	conns := dialMany(t, s.Addr, n, func(i int) []byte {
		if i%2 == 1 {
			return encodeCmd("BLPOP", "own:"+strconv.Itoa(i), "0")
		}
		return encodeCmd("BLPOP", "shared", "0")
	})
	ctl := dialRaw(t, s.Addr)
	deadline := time.Now().Add(30 * time.Second)
	for infoField(t, ctl, "clients", "blocked_clients") != strconv.Itoa(n) {
		if time.Now().After(deadline) {
			t.Fatalf("blocked_clients = %s, want %d", infoField(t, ctl, "clients", "blocked_clients"), n)
		}
		time.Sleep(50 * time.Millisecond)
	}
	const idle = 2 * time.Second
	before := procCPU(t, s.Pid())
	time.Sleep(idle)
	used := procCPU(t, s.Pid()) - before
	t.Logf("%s with %d clients blocked in BLPOP used %v of CPU in %v; RSS %d MB", s.Name, n, used, idle, rssBytes(t, s.Pid())>>20)
	if used > idle/40 { // redis-server: 20-30 ms
		t.Errorf("%s used %v of CPU in %v with %d blocked clients and nothing to do", s.Name, used, idle, n)
	}
	// The first two clients blocked on "shared" get the two elements, in
	// the order they blocked; one pushed to own:1 wakes client 1.
	ctl.do("RPUSH", "shared", "a", "b")
	ctl.do("RPUSH", "own:1", "x")
	for _, w := range []struct {
		i        int
		key, val string
	}{{0, "shared", "a"}, {2, "shared", "b"}, {1, "own:1", "x"}} {
		c := &rawConn{t: t, c: conns[w.i], r: bufio.NewReader(conns[w.i])}
		r, err := c.readReply()
		if want := string(encodeCmd(w.key, w.val)); err != nil || string(r) != want {
			t.Errorf("client %d got %q, %v; want %q", w.i, r, err, want)
		}
	}
	if got := infoField(t, ctl, "clients", "blocked_clients"); got != strconv.Itoa(n-3) {
		t.Errorf("blocked_clients = %s after serving 3, want %d", got, n-3)
	}
}
