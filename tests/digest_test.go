package tests

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"aeon/resp"
)

// The digest test sends the same seeded command sequences to redis-server
// and aeon and then compares DEBUG DIGEST and the DEBUG DIGEST-VALUE of every
// key byte for byte: the digests must be redis-server's exactly, whatever
// encoding each side chose. Replies are not compared here (the differential
// test does that); a digest mismatch is reported with the key's type and
// encoding on both sides and the commands that touched it.
//
// Environment: DIGEST_SEEDS (default 4) seeds of DIGEST_COMMANDS (default
// 3000) commands each, compared every 500 commands and at the end.

// digestGen generates commands over typed key pools (so most commands
// succeed) in databases 0..3, with TTLs far in the future.
type digestGen struct {
	r  *rand.Rand
	db int // the connection's current database
}

func (g *digestGen) n(k int) int { return g.r.IntN(k) }

func (g *digestGen) pick(s ...string) string { return s[g.n(len(s))] }

// key returns a key of the given kind: "s", "l", "h", "st" or "z".
func (g *digestGen) key(kind string) string { return kind + ":" + strconv.Itoa(g.n(6)) }

// anyKey returns a key of any kind.
func (g *digestGen) anyKey() string { return g.key(g.pick("s", "l", "h", "st", "z")) }

// integer returns a decimal integer of random magnitude (so listpacks use
// every integer width), or an edge of int64.
func (g *digestGen) integer() string {
	switch g.n(8) {
	case 0:
		return g.pick("9223372036854775807", "-9223372036854775808", "0", "-1")
	case 1:
		return strconv.Itoa(g.n(100))
	}
	v := g.r.Int64N(1 << uint(1+g.n(62)))
	if g.n(3) == 0 {
		v = -v
	}
	return strconv.FormatInt(v, 10)
}

// elem returns a list element, hash field or value, or set/zset member.
func (g *digestGen) elem() string {
	switch g.n(10) {
	case 0, 1, 2:
		return g.integer()
	case 3:
		return g.pick("007", "+1", "1.5", "-0", "99999999999999999999", " 1", "", "1e3")
	case 4:
		return strings.Repeat(g.pick("x", "ab", "\x00\xff"), 30+g.n(150)) // past the listpack value limits
	default:
		return "e" + strconv.Itoa(g.n(40))
	}
}

// score returns a sorted set score as a client would write it.
func (g *digestGen) score() string {
	switch g.n(6) {
	case 0:
		return g.pick("1.5", "-inf", "+inf", "inf", "1e300", "-1e300", "0.1", "-0", "0", "1e-300",
			"123456789.123", "9007199254740993", "4503599627370496", "-4503599627370495", "5e-324", "1.7976931348623157e308", "3.0", "2.5e15")
	case 1:
		return g.integer()
	case 2:
		return strconv.Itoa(g.n(20) - 10)
	}
	f := g.r.NormFloat64() * math.Pow(10, float64(g.n(40)-20))
	return strconv.FormatFloat(f, g.pick("g", "f", "e")[0], -1, 64)
}

// ttl returns a relative TTL in seconds that cannot run out during a test.
func (g *digestGen) ttl() string { return strconv.Itoa(100000 + g.n(100000)) }

// pairs appends n field/value (or score/member) pairs.
func (g *digestGen) pairs(args []string, n int, first, second func() string) []string {
	for i := 0; i < n; i++ {
		args = append(args, first(), second())
	}
	return args
}

func (g *digestGen) elems(args []string, n int) []string {
	for i := 0; i < n; i++ {
		args = append(args, g.elem())
	}
	return args
}

// next returns the next command.
func (g *digestGen) next() []string {
	small := 1 + g.n(4)
	big := 130 + g.n(600) // past the *-max-listpack-entries / set-max-intset-entries limits
	count := small
	if g.n(8) == 0 {
		count = big
	}
	switch g.n(44) {
	// strings
	case 0, 1:
		return []string{"SET", g.key("s"), g.elem()}
	case 2:
		return []string{"SET", g.key("s"), g.integer(), "EX", g.ttl()}
	case 3:
		return []string{"APPEND", g.key("s"), g.elem()}
	case 4:
		return []string{"INCRBY", g.key("s"), strconv.Itoa(g.n(2000) - 1000)}
	case 5:
		return []string{"INCRBYFLOAT", g.key("s"), g.pick("1.5", "0.1", "-3", "1e10", "2.5e-3")}
	case 6:
		return []string{"SETRANGE", g.key("s"), strconv.Itoa(g.n(60)), g.elem()}
	// lists
	case 7, 8, 9:
		return g.elems([]string{g.pick("RPUSH", "LPUSH"), g.key("l")}, count)
	case 10:
		return []string{g.pick("LPOP", "RPOP"), g.key("l"), strconv.Itoa(1 + g.n(5))}
	case 11:
		return []string{"LSET", g.key("l"), strconv.Itoa(g.n(20) - 10), g.elem()}
	case 12:
		return []string{"LINSERT", g.key("l"), g.pick("BEFORE", "AFTER"), g.elem(), g.elem()}
	case 13:
		return []string{"LREM", g.key("l"), strconv.Itoa(g.n(5) - 2), g.elem()}
	case 14:
		return []string{"LTRIM", g.key("l"), strconv.Itoa(g.n(10)), strconv.Itoa(g.n(400) - 20)}
	// hashes
	case 15, 16, 17:
		return g.pairs([]string{"HSET", g.key("h")}, count, g.elem, g.elem)
	case 18:
		return g.elems([]string{"HDEL", g.key("h")}, small)
	case 19:
		return []string{"HINCRBY", g.key("h"), g.elem(), strconv.Itoa(g.n(200) - 100)}
	case 20:
		return []string{"HINCRBYFLOAT", g.key("h"), g.elem(), g.pick("1.5", "0.1", "-2", "3e5")}
	// sets
	case 21, 22:
		return g.pairs([]string{"SADD", g.key("st")}, (count+1)/2, g.integer, g.integer)
	case 23:
		return g.elems([]string{"SADD", g.key("st")}, count)
	case 24:
		return g.elems([]string{"SREM", g.key("st")}, small)
	case 25:
		return []string{g.pick("SUNIONSTORE", "SINTERSTORE", "SDIFFSTORE"), g.key("st"), g.key("st"), g.key("st")}
	case 26:
		return []string{"SMOVE", g.key("st"), g.key("st"), g.elem()}
	// sorted sets
	case 27, 28, 29:
		return g.pairs([]string{"ZADD", g.key("z")}, count, g.score, g.elem)
	case 30:
		return g.elems([]string{"ZREM", g.key("z")}, small)
	case 31:
		return []string{"ZINCRBY", g.key("z"), g.score(), g.elem()}
	case 32:
		return []string{g.pick("ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"), g.key("z"), "2", g.key("z"), g.key(g.pick("z", "st"))}
	case 33:
		return []string{"ZREMRANGEBYRANK", g.key("z"), strconv.Itoa(g.n(5)), strconv.Itoa(g.n(300))}
	case 34:
		return []string{"ZRANGESTORE", g.key("z"), g.key("z"), "0", strconv.Itoa(g.n(200))}
	// keys, TTLs and databases
	case 35, 36:
		return []string{g.pick("EXPIRE", "PEXPIRE"), g.anyKey(), g.ttl() + g.pick("", "000")}
	case 37:
		return []string{"PERSIST", g.anyKey()}
	case 38:
		return []string{"DEL", g.anyKey()}
	case 39:
		k := g.pick("s", "l", "h", "st", "z")
		return []string{"RENAME", g.key(k), g.key(k)}
	case 40:
		k := g.pick("s", "l", "h", "st", "z")
		return []string{"COPY", g.key(k), g.key(k), "DB", strconv.Itoa(g.n(4)), "REPLACE"}
	case 41:
		return []string{"MOVE", g.anyKey(), strconv.Itoa(g.n(4))}
	case 42:
		g.db = g.n(4)
		return []string{"SELECT", strconv.Itoa(g.db)}
	default:
		return []string{"GETEX", g.key("s"), "PERSIST"}
	}
}

// digestSide is one server of the pair with its connection.
type digestSide struct {
	name string
	c    *rawConn
}

// digestRun drives both servers for one seed.
type digestRun struct {
	t         *testing.T
	seed      uint64
	ref, sut  digestSide
	gen       *digestGen
	history   map[string][]string // "db/key" -> commands that named the key
	encodings map[string]bool     // "type/encoding" seen on redis-server
	compared  int                 // keys whose DIGEST-VALUE was compared
}

func (x *digestRun) both(args ...string) (want, got string) {
	return x.ref.c.do(args...), x.sut.c.do(args...)
}

// note records cmd in the history of every argument that looks like a key,
// in the current database and (for COPY/MOVE) the target one.
func (x *digestRun) note(cmd []string) {
	dbs := []int{x.gen.db}
	target := map[string]int{"MOVE": 2, "COPY": 4}[cmd[0]] // MOVE k db, COPY src dst DB db REPLACE
	if target > 0 {
		d, _ := strconv.Atoi(cmd[target])
		dbs = append(dbs, d)
	}
	line := fmtArgs(cmd)
	if len(line) > 200 {
		line = line[:200] + "..."
	}
	for _, a := range cmd[1:] {
		if i := strings.IndexByte(a, ':'); i > 0 && i <= 2 && len(a) <= 4 {
			for _, d := range dbs {
				k := strconv.Itoa(d) + "/" + a
				x.history[k] = append(x.history[k], line)
			}
		}
	}
}

// keys returns the sorted keys of db on redis-server, leaving the
// connection in that database.
func (x *digestRun) keys(db int) []string {
	x.both("SELECT", strconv.Itoa(db))
	v, err := resp.ReadValue(bufioFrom([]byte(x.ref.c.do("KEYS", "*"))))
	if err != nil {
		x.t.Fatalf("seed %d: KEYS: %v", x.seed, err)
	}
	var ks []string
	for _, e := range v.Elems {
		ks = append(ks, e.Str)
	}
	slices.Sort(ks)
	return ks
}

// compare checks DEBUG DIGEST and every key's DEBUG DIGEST-VALUE; it fails
// the test (with details) on a mismatch.
func (x *digestRun) compare(where string) {
	t := x.t
	t.Helper()
	wantAll, gotAll := x.both("DEBUG", "DIGEST")
	if !strings.HasPrefix(wantAll, "+") {
		t.Fatalf("seed %d: redis DEBUG DIGEST: %q", x.seed, wantAll)
	}
	var bad []string
	for db := 0; db < 4; db++ {
		ks := x.keys(db)
		if w, g := x.both("DBSIZE"); w != g {
			bad = append(bad, fmt.Sprintf("db %d: DBSIZE redis %q aeon %q", db, w, g))
		}
		args := append([]string{"DEBUG", "DIGEST-VALUE"}, ks...)
		args = append(args, "no:such")
		want, got := x.both(args...)
		x.compared += len(ks)
		for _, k := range ks {
			typ, _ := x.both("TYPE", k)
			enc, _ := x.both("OBJECT", "ENCODING", k)
			x.encodings[strings.TrimSpace(typ[1:])+"/"+strings.TrimSpace(enc[strings.IndexByte(enc, '\n')+1:])] = true
		}
		if want == got {
			continue
		}
		for _, k := range ks {
			w, g := x.both("DEBUG", "DIGEST-VALUE", k)
			if w == g {
				continue
			}
			var b strings.Builder
			fmt.Fprintf(&b, "db %d key %q: DIGEST-VALUE redis %q aeon %q\n", db, k, w, g)
			for _, side := range []digestSide{x.ref, x.sut} {
				fmt.Fprintf(&b, "  %s: TYPE %q ENCODING %q TTL %q\n", side.name,
					side.c.do("TYPE", k), side.c.do("OBJECT", "ENCODING", k), side.c.do("TTL", k))
			}
			h := x.history[strconv.Itoa(db)+"/"+k]
			fmt.Fprintf(&b, "  %d commands named it; the last ones:\n", len(h))
			for _, l := range h[max(0, len(h)-15):] {
				fmt.Fprintf(&b, "    %s\n", l)
			}
			bad = append(bad, b.String())
			if len(bad) >= 5 {
				break
			}
		}
		if len(bad) == 0 {
			bad = append(bad, fmt.Sprintf("db %d: DIGEST-VALUE replies differ: redis %q aeon %q", db, want, got))
		}
	}
	x.both("SELECT", strconv.Itoa(x.gen.db))
	if wantAll != gotAll || len(bad) > 0 {
		t.Fatalf("seed %d, %s: DEBUG DIGEST redis %q aeon %q\n%s", x.seed, where, wantAll, gotAll, strings.Join(bad, "\n"))
	}
}

func TestDigestDiff(t *testing.T) {
	requireTool(t, "redis-server")
	seeds := envInt("DIGEST_SEEDS", 4)
	n := envInt("DIGEST_COMMANDS", 3000)
	ref := startRedis(t)
	sut := startTarget(t)
	encodings := map[string]bool{}
	for seed := uint64(1); seed <= uint64(seeds); seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			x := &digestRun{t: t, seed: seed, gen: &digestGen{r: rand.New(rand.NewPCG(seed, 0xd16e57))},
				ref: digestSide{"redis", dialRaw(t, ref.Addr)}, sut: digestSide{"aeon", dialRaw(t, sut.Addr)},
				history: map[string][]string{}, encodings: encodings}
			x.both("FLUSHALL")
			// Odd seeds compress list nodes and keep them small, so lists
			// span many (compressed) quicklist nodes.
			for _, kv := range [][2]string{{"list-compress-depth", "0"}, {"list-max-listpack-size", "-2"}} {
				if seed%2 == 1 {
					kv[1] = map[string]string{"list-compress-depth": "1", "list-max-listpack-size": "5"}[kv[0]]
				}
				if w, g := x.both("CONFIG", "SET", kv[0], kv[1]); w != "+OK\r\n" || g != w {
					t.Fatalf("CONFIG SET %s %s: redis %q aeon %q", kv[0], kv[1], w, g)
				}
			}
			x.compare("empty")
			for i := 1; i <= n; i++ {
				cmd := x.gen.next()
				x.note(cmd)
				x.both(cmd...)
				if i%500 == 0 || i == n {
					x.compare(fmt.Sprintf("after %d commands", i))
				}
			}
			if x.compared == 0 {
				t.Fatalf("no keys compared")
			}
		})
	}
	if t.Failed() || seeds < 2 {
		return
	}
	// The sequences must have produced every encoding the digest handles.
	for _, want := range []string{"string/int", "string/embstr", "string/raw", "list/quicklist",
		"hash/listpack", "hash/hashtable", "set/intset", "set/hashtable", "zset/listpack", "zset/skiplist"} {
		if !encodings[want] {
			t.Errorf("no %s value was compared (seen: %v)", want, encodings)
		}
	}
}

// TestDigestExpiredKeys checks that the digests count a key whose TTL has
// passed but which was not reclaimed yet, as Redis does (DEBUG does not
// expire keys), and stop counting it once an access reclaims it.
func TestDigestExpiredKeys(t *testing.T) {
	requireTool(t, "redis-server")
	x := &digestRun{t: t, gen: &digestGen{r: rand.New(rand.NewPCG(1, 1))},
		ref: digestSide{"redis", dialRaw(t, startRedis(t).Addr)}, sut: digestSide{"aeon", dialRaw(t, startTarget(t).Addr)},
		history: map[string][]string{}, encodings: map[string]bool{}}
	x.both("DEBUG", "SET-ACTIVE-EXPIRE", "0")
	// TTLs of 50 ms, not 1: redis-server 7.0 computes a relative TTL's
	// deadline and then checks it against a fresh clock reading, so a
	// stall of a whole TTL in between (a loaded CI machine) makes it treat
	// the key as already expired and delete it at once.
	x.both("SET", "s:1", "v", "PX", "50")
	x.both("RPUSH", "l:1", "a", "b")
	x.both("PEXPIRE", "l:1", "50")
	x.both("SET", "s:2", "kept")
	time.Sleep(200 * time.Millisecond)
	x.compare("keys expired, not reclaimed")
	for _, k := range []string{"s:1", "l:1"} {
		w, g := x.both("DEBUG", "DIGEST-VALUE", k)
		if w == "*1\r\n+0000000000000000000000000000000000000000\r\n" || w != g {
			t.Errorf("DIGEST-VALUE %s of an expired key: redis %q aeon %q", k, w, g)
		}
	}
	x.both("GET", "s:1")
	x.compare("s:1 reclaimed")
	x.both("DEBUG", "SET-ACTIVE-EXPIRE", "1")
}
