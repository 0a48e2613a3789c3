package server

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"aeon/ds"
)

// zsetB is a RESP2 bulk string.
func zsetB(s string) string { return "$" + strconv.Itoa(len(s)) + "\r\n" + s + "\r\n" }

// zsetArr is a RESP2 array of bulk strings.
func zsetArr(items ...string) string {
	out := "*" + strconv.Itoa(len(items)) + "\r\n"
	for _, it := range items {
		out += zsetB(it)
	}
	return out
}

const (
	zsetWT    = "-" + errWrongType + "\r\n"
	zsetNull  = "$-1\r\n"
	zsetNullA = "*-1\r\n"
	zsetEmpty = "*0\r\n"
	zsetSyn   = "-ERR syntax error\r\n"
	zsetNI    = "-ERR value is not an integer or out of range\r\n"
)

func zsetErr(msg string) string { return "-" + msg + "\r\n" }

// zsetBothEncodings runs fn on a server whose sorted sets are listpacks
// and on one where they are all skiplists.
func zsetBothEncodings(t *testing.T, fn func(t *testing.T, s *Server, c *Client)) {
	for _, entries := range []string{"128", "0"} {
		t.Run("entries="+entries, func(t *testing.T) {
			s := newTestServer(t, "--zset-max-listpack-entries", entries)
			fn(t, s, s.fakeClient())
		})
	}
}

func TestZsetAddAndScores(t *testing.T) {
	zsetBothEncodings(t, func(t *testing.T, s *Server, c *Client) {
		expectReplies(t, s, c, [][2]string{
			{"zadd z 1 a 2 b 3 c", ":3\r\n"},
			{"zadd z 1.5 x 0.1 y inf p -inf n", ":4\r\n"},
			{"zcard z", ":7\r\n"},
			{"zscore z x", zsetB("1.5")},
			{"zscore z y", zsetB("0.10000000000000001")},
			{"zscore z p", zsetB("inf")},
			{"zscore z n", zsetB("-inf")},
			{"zscore z nosuch", zsetNull},
			{"zscore nokey a", zsetNull},
			{"zmscore z a nosuch y", "*3\r\n" + zsetB("1") + zsetNull + zsetB("0.10000000000000001")},
			{"zmscore nokey a b", "*2\r\n" + zsetNull + zsetNull},
			{"zrange z 0 -1", zsetArr("n", "y", "a", "x", "b", "c", "p")},
			// options
			{"zadd z nx 100 a 100 new1", ":1\r\n"},
			{"zscore z a", zsetB("1")},
			{"zadd z xx 100 a 100 new2", ":0\r\n"},
			{"zscore z a", zsetB("100")},
			{"zscore z new2", zsetNull},
			{"zadd z xx ch 101 a 100 b", ":2\r\n"},
			{"zadd z ch 101 a 100 b 1 q", ":1\r\n"},
			{"zadd z gt ch 50 a", ":0\r\n"},
			{"zadd z gt ch 500 a", ":1\r\n"},
			{"zadd z lt ch 600 a", ":0\r\n"},
			{"zadd z lt ch 5 a", ":1\r\n"},
			{"zadd z gt 1000 gtnew", ":1\r\n"},
			{"zadd z incr 1 a", zsetB("6")},
			{"zadd z incr nx 1 a", zsetNull},
			{"zadd z incr xx 1 nosuch", zsetNull},
			{"zadd z incr gt -1 a", zsetNull},
			{"zadd z incr lt -1 a", zsetB("5")},
			{"zadd z GT CH 0 a", ":0\r\n"},
			{"zadd nokey xx 1 a", ":0\r\n"},
			{"zadd nokey xx incr 1 a", zsetNull},
			{"exists nokey", ":0\r\n"},
			// errors
			{"zadd z nx xx 1 a", zsetErr(zsetErrNXXX)},
			{"zadd z gt lt 1 a", zsetErr(zsetErrGTLTNX)},
			{"zadd z gt nx 1 a", zsetErr(zsetErrGTLTNX)},
			{"zadd z lt nx 1 a", zsetErr(zsetErrGTLTNX)},
			{"zadd z incr 1 a 2 b", zsetErr(zsetErrIncrPair)},
			{"zadd z 1 a 2", zsetSyn},
			{"zadd z xx", "-ERR wrong number of arguments for 'zadd' command\r\n"},
			{"zadd z nx 1", zsetSyn},
			{"zadd z nan a", zsetErr(zsetErrNotFloat)},
			{"zadd z 1e400 a", zsetErr(zsetErrNotFloat)},
			{"zadd z 1e-400 a", zsetErr(zsetErrNotFloat)},
			{"zadd z 1x a", zsetErr(zsetErrNotFloat)},
			{"zadd z 1 a x b", zsetErr(zsetErrNotFloat)},
			{"zadd z 0x10 hex 4.9e-324 tiny 1e-320 sub", ":3\r\n"},
			{"zscore z hex", zsetB("16")},
			{"zscore z tiny", zsetB("4.9406564584124654e-324")},
			{"zadd z inf inf", ":1\r\n"},
			{"zadd z incr -inf inf", zsetErr(zsetErrNaN)},
			{"zscore z inf", zsetB("inf")},
			// ZINCRBY
			{"zincrby z 2.5 a", zsetB("7.5")},
			{"zincrby z 1 brandnew", zsetB("1")},
			{"zincrby z x a", zsetErr(zsetErrNotFloat)},
			{"zincrby z nx a", zsetSyn},
			{"zincrby z -inf inf", zsetErr(zsetErrNaN)},
			{"zincrby z 0.1 y", zsetB("0.20000000000000001")},
			// ZREM
			{"zrem z a b nosuch", ":2\r\n"},
			{"zrem z nosuch", ":0\r\n"},
			{"zrem nokey a", ":0\r\n"},
			{"del z", ":1\r\n"},
			{"zadd z 1 a 2 b", ":2\r\n"},
			{"zrem z a b", ":2\r\n"},
			{"exists z", ":0\r\n"},
		})
	})
}

func TestZsetRanks(t *testing.T) {
	zsetBothEncodings(t, func(t *testing.T, s *Server, c *Client) {
		expectReplies(t, s, c, [][2]string{
			{"zadd z 1 a 2 b 3 c 3 d", ":4\r\n"},
			{"zrank z a", ":0\r\n"},
			{"zrank z d", ":3\r\n"},
			{"zrevrank z a", ":3\r\n"},
			{"zrevrank z c", ":1\r\n"},
			{"zrank z nosuch", zsetNull},
			{"zrank nokey a", zsetNull},
			{"zcount z -inf +inf", ":4\r\n"},
			{"zcount z (1 3", ":3\r\n"},
			{"zcount z (1 (3", ":1\r\n"},
			{"zcount z 3 1", ":0\r\n"},
			{"zcount z (3 3", ":0\r\n"},
			{"zcount z a b", zsetErr(zsetErrMinMax)},
			{"zcount nokey 0 1", ":0\r\n"},
			{"zlexcount z - +", ":4\r\n"},
			{"zlexcount z x y", zsetErr(zsetErrLexRange)},
			{"zlexcount nokey - +", ":0\r\n"},
			{"zadd l 0 a 0 b 0 c 0 d 0 e", ":5\r\n"},
			{"zlexcount l [b (e", ":3\r\n"},
			{"zlexcount l (e +", ":0\r\n"},
			{"zlexcount l - -", ":0\r\n"},
		})
	})
}

func TestZsetRange(t *testing.T) {
	zsetBothEncodings(t, func(t *testing.T, s *Server, c *Client) {
		expectReplies(t, s, c, [][2]string{
			{"zadd z 1 a 2 b 3 c 4 d 5 e", ":5\r\n"},
			{"zrange z 0 -1", zsetArr("a", "b", "c", "d", "e")},
			{"zrange z 1 2 withscores", zsetArr("b", "2", "c", "3")},
			{"zrange z -2 -1", zsetArr("d", "e")},
			{"zrange z -100 100", zsetArr("a", "b", "c", "d", "e")},
			{"zrange z 3 1", zsetEmpty},
			{"zrange z 10 20", zsetEmpty},
			{"zrange nokey 0 -1", zsetEmpty},
			{"zrange z 0 1 rev", zsetArr("e", "d")},
			{"zrevrange z 0 1 withscores", zsetArr("e", "5", "d", "4")},
			{"zrevrange z -1 -1", zsetArr("a")},
			{"zrange z (1 4 byscore", zsetArr("b", "c", "d")},
			{"zrange z 4 (1 byscore rev withscores", zsetArr("d", "4", "c", "3", "b", "2")},
			{"zrange z -inf +inf byscore limit 1 2", zsetArr("b", "c")},
			{"zrange z -inf +inf byscore limit 1 -1", zsetArr("b", "c", "d", "e")},
			{"zrange z -inf +inf byscore limit -1 2", zsetEmpty},
			{"zrange z -inf +inf byscore limit 5 2", zsetEmpty},
			{"zrange z -inf +inf byscore limit 0 0", zsetEmpty},
			{"zrange z +inf -inf byscore rev limit 1 2", zsetArr("d", "c")},
			{"zrangebyscore z 2 4", zsetArr("b", "c", "d")},
			{"zrangebyscore z (2 (4 withscores", zsetArr("c", "3")},
			{"zrangebyscore z 4 2", zsetEmpty},
			{"zrangebyscore z -inf inf withscores limit 1 1", zsetArr("b", "2")},
			{"zrevrangebyscore z 4 2", zsetArr("d", "c", "b")},
			{"zrevrangebyscore z +inf -inf limit 3 5", zsetArr("b", "a")},
			// errors, in Redis 7.0's order
			{"zrangebyscore z 1 x", zsetErr(zsetErrMinMax)},
			{"zrangebyscore z 1 2 foo", zsetSyn},
			{"zrangebyscore z 1 2 limit 1", zsetSyn},
			{"zrangebyscore z 1 2 limit a b", zsetNI},
			{"zrangebyscore z 1 2 rev", zsetSyn},
			{"zrange z 0 -1 limit 1 2", zsetErr(zsetErrLimitRank)},
			{"zrange z - + bylex withscores", zsetErr(zsetErrScoresLex)},
			{"zrangebylex z - + withscores", zsetErr(zsetErrScoresLex)},
			{"zrange z 0 -1 byscore bylex", zsetSyn},
			{"zrange z 0 -1 rev rev", zsetSyn},
			{"zrevrange z 0 -1 rev", zsetSyn},
			{"zrange z a b", zsetNI},
			{"zrange z x y byscore", zsetErr(zsetErrMinMax)},
			{"zrange z x y bylex", zsetErr(zsetErrLexRange)},
			{"zadd l 0 a 0 b 0 c 0 d 0 e 0 f", ":6\r\n"},
			{"zrangebylex l - +", zsetArr("a", "b", "c", "d", "e", "f")},
			{"zrangebylex l [b (f", zsetArr("b", "c", "d", "e")},
			{"zrangebylex l (b [f limit 1 2", zsetArr("d", "e")},
			{"zrangebylex l + -", zsetEmpty},
			{"zrangebylex l - -", zsetEmpty},
			{"zrangebylex l [a [a", zsetArr("a")},
			{"zrangebylex l (a (a", zsetEmpty},
			{"zrangebylex l a b", zsetErr(zsetErrLexRange)},
			{"zrevrangebylex l + -", zsetArr("f", "e", "d", "c", "b", "a")},
			{"zrevrangebylex l (f [b limit 1 2", zsetArr("d", "c")},
			{"zrange l [f [b bylex rev limit 0 2", zsetArr("f", "e")},
		})
	})
}

func TestZsetRangeResp3(t *testing.T) {
	zsetBothEncodings(t, func(t *testing.T, s *Server, c *Client) {
		s.run(c, "hello", "3")
		expectReplies(t, s, c, [][2]string{
			{"zadd z 1 a 2.5 b", ":2\r\n"},
			{"zrange z 0 -1 withscores", "*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n"},
			{"zrangebyscore z 2 3 withscores", "*1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n"},
			{"zrange z 0 -1", "*2\r\n$1\r\na\r\n$1\r\nb\r\n"},
			{"zscore z b", ",2.5\r\n"},
			{"zscore z x", "_\r\n"},
			{"zincrby z 1 a", ",2\r\n"},
			{"zpopmin z", "*2\r\n$1\r\na\r\n,2\r\n"},
			{"zpopmin z 1", "*1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n"},
			{"zpopmin z", "*0\r\n"},
			{"zmpop 1 z min", "_\r\n"},
			{"zadd z 1 a", ":1\r\n"},
			{"zrandmember z 1 withscores", "*1\r\n*2\r\n$1\r\na\r\n,1\r\n"},
			{"zunion 1 z withscores", "*1\r\n*2\r\n$1\r\na\r\n,1\r\n"},
			{"bzpopmax z 0", "*3\r\n$1\r\nz\r\n$1\r\na\r\n,1\r\n"},
		})
	})
}

func TestZsetRemrange(t *testing.T) {
	zsetBothEncodings(t, func(t *testing.T, s *Server, c *Client) {
		expectReplies(t, s, c, [][2]string{
			{"zadd z 1 a 2 b 3 c 4 d 5 e 6 f", ":6\r\n"},
			{"zremrangebyrank z 0 1", ":2\r\n"},
			{"zremrangebyrank z -1 -1", ":1\r\n"},
			{"zremrangebyrank z 5 10", ":0\r\n"},
			{"zremrangebyrank z 2 1", ":0\r\n"},
			{"zremrangebyrank z x 1", zsetNI},
			{"zrange z 0 -1", zsetArr("c", "d", "e")},
			{"zremrangebyscore z (3 4", ":1\r\n"},
			{"zremrangebyscore z 10 20", ":0\r\n"},
			{"zremrangebyscore z a b", zsetErr(zsetErrMinMax)},
			{"zremrangebyscore z -inf +inf", ":2\r\n"},
			{"exists z", ":0\r\n"},
			{"zremrangebyrank nokey 0 -1", ":0\r\n"},
			{"zadd l 0 a 0 b 0 c 0 d", ":4\r\n"},
			{"zremrangebylex l [b [c", ":2\r\n"},
			{"zremrangebylex l x y", zsetErr(zsetErrLexRange)},
			{"zremrangebylex l - (a", ":0\r\n"},
			{"zrange l 0 -1", zsetArr("a", "d")},
			{"zremrangebylex l - +", ":2\r\n"},
			{"exists l", ":0\r\n"},
		})
	})
}

func TestZsetPop(t *testing.T) {
	zsetBothEncodings(t, func(t *testing.T, s *Server, c *Client) {
		expectReplies(t, s, c, [][2]string{
			{"zadd z 1 a 2 b 3 c 4 d 5 e 6 f", ":6\r\n"},
			{"zpopmin z", zsetArr("a", "1")},
			{"zpopmax z", zsetArr("f", "6")},
			{"zpopmin z 2", zsetArr("b", "2", "c", "3")},
			{"zpopmax z 0", zsetEmpty},
			{"zpopmin z -1", zsetErr(zsetErrPositive)},
			{"zpopmin z x", zsetErr(zsetErrPositive)},
			{"zpopmin z 1 2", zsetSyn},
			{"zpopmax z 10", zsetArr("e", "5", "d", "4")},
			{"exists z", ":0\r\n"},
			{"zpopmin nokey", zsetEmpty},
			{"zpopmin nokey 0", zsetEmpty},
			{"zadd z 1 a 2 b 3 c", ":3\r\n"},
			{"zmpop 1 z min", "*2\r\n$1\r\nz\r\n*1\r\n" + zsetArr("a", "1")},
			{"zmpop 2 nokey z max count 10", "*2\r\n$1\r\nz\r\n*2\r\n" + zsetArr("c", "3") + zsetArr("b", "2")},
			{"zmpop 1 z min", zsetNullA},
			{"zmpop 0 z min", zsetErr(zsetErrNumkeys)},
			{"zmpop x z min", zsetErr(zsetErrNumkeys)},
			{"zmpop 1 z foo", zsetSyn},
			{"zmpop 2 z min", zsetSyn},
			{"zmpop 9223372036854775807 z min", zsetSyn},
			{"zmpop 1 z min count 0", zsetErr(zsetErrCount)},
			{"zmpop 1 z min count x", zsetErr(zsetErrCount)},
			{"zmpop 1 z min count 1 count 1", zsetSyn},
			{"zmpop 1 z min count", zsetSyn},
			{"zadd z 1 a 2 b", ":2\r\n"},
			{"bzpopmin nokey z 0", zsetArr("z", "a", "1")},
			{"bzpopmax z 0", zsetArr("z", "b", "2")},
			{"bzpopmin z -1", zsetErr("ERR timeout is negative")},
			{"bzpopmin z x", zsetErr("ERR timeout is not a float or out of range")},
			{"bzmpop 0 0 z min", zsetErr(zsetErrNumkeys)},
			{"bzmpop x 1 z min", zsetErr("ERR timeout is not a float or out of range")},
			{"zadd z 1 a 2 b 3 c", ":3\r\n"},
			{"bzmpop 0 1 z max count 2", "*2\r\n$1\r\nz\r\n*2\r\n" + zsetArr("c", "3") + zsetArr("b", "2")},
		})
	})
}

func TestZsetWrongType(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.run(c, "set", "str", "x")
	for _, cmd := range []string{
		"zadd str 1 a", "zincrby str 1 a", "zrem str a", "zcard str", "zscore str a", "zmscore str a",
		"zrank str a", "zrevrank str a", "zcount str 0 1", "zlexcount str - +", "zrange str 0 -1",
		"zrangebyscore str 0 1", "zrevrangebyscore str 1 0", "zrangebylex str - +", "zrevrangebylex str + -",
		"zrevrange str 0 -1", "zremrangebyrank str 0 1", "zremrangebyscore str 0 1", "zremrangebylex str - +",
		"zpopmin str", "zpopmax str 1", "bzpopmin str 0", "bzpopmin nokey str 0", "bzpopmax str 0",
		"zmpop 1 str min", "bzmpop 0 1 str min", "zrandmember str", "zrandmember str 1", "zscan str 0",
		"zrangestore dst str 0 -1", "zunion 1 str", "zinter 2 nokey str", "zdiff 1 str",
		"zunionstore dst 1 str", "zinterstore dst 1 str", "zdiffstore dst 1 str", "zintercard 1 str",
	} {
		if got := s.run(c, strings.Fields(cmd)...); got != zsetWT {
			t.Errorf("%s: got %q", cmd, got)
		}
	}
	// argument errors come first where Redis checks them first
	expectReplies(t, s, c, [][2]string{
		{"zpopmin str x", zsetErr(zsetErrPositive)},
		{"zadd str x a", zsetErr(zsetErrNotFloat)},
		{"zrange str 0 -1 limit 0 1", zsetErr(zsetErrLimitRank)},
	})
}

func TestZsetRandmember(t *testing.T) {
	zsetBothEncodings(t, func(t *testing.T, s *Server, c *Client) {
		expectReplies(t, s, c, [][2]string{
			{"zadd z 1 a 2 b 3 c", ":3\r\n"},
			{"zrandmember nokey", zsetNull},
			{"zrandmember nokey 5", zsetEmpty},
			{"zrandmember z 0", zsetEmpty},
			{"zrandmember z 3 withscores", zsetArr("c", "3", "b", "2", "a", "1")},
			{"zrandmember z 10", zsetArr("c", "b", "a")},
			{"zrandmember z 1 foo", zsetSyn},
			{"zrandmember z 1 withscores foo", zsetSyn},
			{"zrandmember z -9223372036854775808", zsetErr(zsetErrRandRange)},
			{"zrandmember z 9223372036854775807 withscores", zsetErr(zsetErrRandScores)},
			{"zrandmember z x", zsetNI},
		})
		score := map[string]string{"a": "1", "b": "2", "c": "3"}
		for i := 0; i < 50; i++ {
			r := parseReply(t, s.run(c, "zrandmember", "z"))
			if score[r.Str] == "" {
				t.Fatalf("zrandmember: %q", r.Str)
			}
			for _, cnt := range []string{"2", "-5"} {
				r := parseReply(t, s.run(c, "zrandmember", "z", cnt, "withscores"))
				want := 4
				if cnt == "-5" {
					want = 10
				}
				if len(r.Elems) != want {
					t.Fatalf("zrandmember %s: %d elements", cnt, len(r.Elems))
				}
				seen := map[string]bool{}
				for j := 0; j < len(r.Elems); j += 2 {
					m := r.Elems[j].Str
					if score[m] != r.Elems[j+1].Str {
						t.Fatalf("zrandmember %s: %q %q", cnt, m, r.Elems[j+1].Str)
					}
					if cnt == "2" && seen[m] {
						t.Fatalf("zrandmember 2: repeated %q", m)
					}
					seen[m] = true
				}
			}
		}
	})
	// unique sampling of a big skiplist (both the "most" and "few" cases)
	s := newTestServer(t)
	c := s.fakeClient()
	for i := 0; i < 300; i++ {
		s.run(c, "zadd", "big", strconv.Itoa(i), "m"+strconv.Itoa(i))
	}
	for _, n := range []int{250, 20} {
		r := parseReply(t, s.run(c, "zrandmember", "big", strconv.Itoa(n)))
		seen := map[string]bool{}
		for _, e := range r.Elems {
			seen[e.Str] = true
		}
		if len(r.Elems) != n || len(seen) != n {
			t.Fatalf("zrandmember big %d: %d elements, %d distinct", n, len(r.Elems), len(seen))
		}
	}
}

func TestZsetScan(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"zadd z 1 a 2.5 b 0.1 c", ":3\r\n"},
		{"zscan z 0", "*2\r\n$1\r\n0\r\n" + zsetArr("c", "0.10000000000000001", "a", "1", "b", "2.5")},
		{"zscan z 0 match a*", "*2\r\n$1\r\n0\r\n" + zsetArr("a", "1")},
		{"zscan z 0 count 0", zsetSyn},
		{"zscan z x", zsetErr("ERR invalid cursor")},
		{"zscan nokey 0 count 0", "*2\r\n$1\r\n0\r\n*0\r\n"},
	})
	// a skiplist is scanned through its dict: every member exactly once
	for i := 0; i < 500; i++ {
		s.run(c, "zadd", "big", strconv.Itoa(i), "m"+strconv.Itoa(i))
	}
	seen := map[string]string{}
	cursor := "0"
	for {
		r := parseReply(t, s.run(c, "zscan", "big", cursor, "count", "50"))
		cursor = r.Elems[0].Str
		items := r.Elems[1].Elems
		for j := 0; j < len(items); j += 2 {
			seen[items[j].Str] = items[j+1].Str
		}
		if cursor == "0" {
			break
		}
	}
	if len(seen) != 500 || seen["m42"] != "42" {
		t.Fatalf("zscan saw %d members, m42=%q", len(seen), seen["m42"])
	}
}

func TestZsetEncodings(t *testing.T) {
	s := newTestServer(t, "--zset-max-listpack-entries", "4", "--zset-max-listpack-value", "8")
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"zadd z 1 a 2 b 3 c 4 d", ":4\r\n"},
		{"object encoding z", zsetB("listpack")},
		{"zadd z 5 e", ":1\r\n"},
		{"object encoding z", zsetB("skiplist")},
		{"zrem z a b c d", ":4\r\n"},
		{"object encoding z", zsetB("skiplist")}, // never back
		{"zadd v 1 12345678", ":1\r\n"},
		{"object encoding v", zsetB("listpack")},
		{"zadd v 1 123456789", ":1\r\n"},
		{"object encoding v", zsetB("skiplist")},
		{"zadd w 1 123456789", ":1\r\n"},
		{"object encoding w", zsetB("skiplist")},
		{"zincrby x 1 123456789", zsetB("1")},
		{"object encoding x", zsetB("skiplist")},
		{"zadd small 1 a 2 b", ":2\r\n"},
		// store commands pick the encoding for the result's size
		{"zunionstore dst 1 z", ":1\r\n"},
		{"object encoding dst", zsetB("listpack")},
		{"zunionstore dst 1 v", ":2\r\n"},
		{"object encoding dst", zsetB("skiplist")},
		{"zadd six 1 a 2 b 3 c 4 d 5 e 6 f", ":6\r\n"},
		{"zinterstore dst 2 six six", ":6\r\n"},
		{"object encoding dst", zsetB("skiplist")},
		{"zdiffstore dst 2 six small", ":4\r\n"},
		{"object encoding dst", zsetB("listpack")},
		{"zrangestore dst six 0 3", ":4\r\n"},
		{"object encoding dst", zsetB("listpack")},
		{"zrangestore dst six 0 4", ":5\r\n"},
		{"object encoding dst", zsetB("skiplist")},
		{"zrangestore dst six -inf +inf byscore limit 0 4", ":4\r\n"},
		{"object encoding dst", zsetB("listpack")},
		{"zrangestore dst v 0 -1", ":2\r\n"},
		{"object encoding dst", zsetB("skiplist")},
		{"config set zset-max-listpack-entries 1", "+OK\r\n"},
		{"zadd one 1 a", ":1\r\n"},
		{"object encoding one", zsetB("listpack")},
		{"zadd one 2 b", ":1\r\n"},
		{"object encoding one", zsetB("skiplist")},
		{"config set zset-max-listpack-entries 0", "+OK\r\n"},
		{"zadd zero 1 a", ":1\r\n"},
		{"object encoding zero", zsetB("skiplist")},
		{"zunionstore dst 1 small", ":2\r\n"},
		{"object encoding dst", zsetB("skiplist")},
	})
	// listpack bytes hold scores as Redis writes them
	s.run(c, "config", "set", "zset-max-listpack-entries", "128")
	s.run(c, "zadd", "lp", "1.5", "a", "-0.0", "b", "3", "c", "1e20", "d")
	expectReplies(t, s, c, [][2]string{
		{"zscan lp 0", "*2\r\n$1\r\n0\r\n" + zsetArr("b", "0", "a", "1.5", "c", "3", "d", "1e+20")},
	})
}

// zsetSetKey stores a set built directly (the set commands live elsewhere).
func zsetSetKey(s *Server, c *Client, key string, members ...string) {
	o := newSetObject([]byte(members[0]))
	if o.enc == EncIntset {
		for _, m := range members {
			v, _ := strconv.ParseInt(m, 10, 64)
			o.intset().Add(v)
		}
	} else {
		for _, m := range members {
			o.setDict().Insert(m, struct{}{})
		}
	}
	s.dbAdd(c.db, []byte(key), o)
}

func TestZsetSetOps(t *testing.T) {
	zsetBothEncodings(t, func(t *testing.T, s *Server, c *Client) {
		zsetSetKey(s, c, "s", "c", "e", "f")
		zsetSetKey(s, c, "si", "1", "2", "3")
		expectReplies(t, s, c, [][2]string{
			{"zadd z 1 a 2 b 3 c 4 d", ":4\r\n"},
			{"zadd z2 10 c 20 d 30 e", ":3\r\n"},
			{"zadd zi 5 1 6 2 7 9", ":3\r\n"},
			{"zunion 2 z z2", zsetArr("a", "b", "c", "d", "e")},
			{"zunion 2 z z2 withscores", zsetArr("a", "1", "b", "2", "c", "13", "d", "24", "e", "30")},
			{"zunion 2 z z2 weights 2 3 withscores", zsetArr("a", "2", "b", "4", "c", "36", "d", "68", "e", "90")},
			{"zunion 2 z z2 weights 2 3 aggregate min withscores", zsetArr("a", "2", "b", "4", "c", "6", "d", "8", "e", "90")},
			{"zunion 2 z z2 aggregate max withscores", zsetArr("a", "1", "b", "2", "c", "10", "d", "20", "e", "30")},
			{"zunion 3 z z2 s withscores", zsetArr("a", "1", "f", "1", "b", "2", "c", "14", "d", "24", "e", "31")},
			{"zunion 3 z z2 nokey withscores", zsetArr("a", "1", "b", "2", "c", "13", "d", "24", "e", "30")},
			{"zunion 1 si withscores", zsetArr("1", "1", "2", "1", "3", "1")},
			{"zunion 2 si zi withscores", zsetArr("3", "1", "1", "6", "2", "7", "9", "7")},
			{"zinter 2 si zi withscores", zsetArr("1", "6", "2", "7")},
			{"zinter 2 z z2 withscores", zsetArr("c", "13", "d", "24")},
			{"zinter 2 z z2 weights 1 -1 withscores", zsetArr("d", "-16", "c", "-7")},
			{"zinter 2 z z aggregate min withscores", zsetArr("a", "1", "b", "2", "c", "3", "d", "4")},
			{"zinter 2 z z withscores", zsetArr("a", "2", "b", "4", "c", "6", "d", "8")},
			{"zinter 3 z z2 s withscores", zsetArr("c", "14")},
			{"zinter 2 z nokey withscores", zsetEmpty},
			{"zdiff 2 z z2 withscores", zsetArr("a", "1", "b", "2")},
			{"zdiff 2 z z", zsetEmpty},
			{"zdiff 1 z", zsetArr("a", "b", "c", "d")},
			{"zdiff 3 z s z2 withscores", zsetArr("a", "1", "b", "2")},
			{"zdiff 2 nokey z", zsetEmpty},
			{"zdiff 2 z weights 1", zsetSyn},
			{"zdiff 1 z aggregate sum", zsetSyn},
			{"zunion 0 z", zsetErr("ERR at least 1 input key is needed for 'zunion' command")},
			{"zunion x z", zsetNI},
			{"zunion 3 z z2", zsetSyn},
			{"zunion 1 z weights x", zsetErr("ERR weight value is not a float")},
			{"zunion 1 z weights 1 2", zsetSyn},
			{"zunion 1 z aggregate foo", zsetSyn},
			{"zunion 1 z aggregate", zsetSyn},
			{"zunionstore dst 2 z z2", ":5\r\n"},
			{"zrange dst 0 -1 withscores", zsetArr("a", "1", "b", "2", "c", "13", "d", "24", "e", "30")},
			{"zunionstore dst 2 z z2 withscores", zsetSyn},
			{"zinterstore dst 2 z z2 weights 2 2", ":2\r\n"},
			{"zrange dst 0 -1 withscores", zsetArr("c", "26", "d", "48")},
			{"zinterstore dst 2 z nokey", ":0\r\n"},
			{"exists dst", ":0\r\n"},
			{"zdiffstore dst 2 z z2", ":2\r\n"},
			{"zrange dst 0 -1 withscores", zsetArr("a", "1", "b", "2")},
			{"zdiffstore dst 2 z z", ":0\r\n"},
			{"exists dst", ":0\r\n"},
			{"zunionstore dst 0 z", zsetErr("ERR at least 1 input key is needed for 'zunionstore' command")},
			{"zinterstore dst 0 z", zsetErr("ERR at least 1 input key is needed for 'zinterstore' command")},
			{"zdiffstore dst 0 z", zsetErr("ERR at least 1 input key is needed for 'zdiffstore' command")},
			{"zintercard 2 z z2", ":2\r\n"},
			{"zintercard 2 z z2 limit 1", ":1\r\n"},
			{"zintercard 2 z z2 limit 0", ":2\r\n"},
			{"zintercard 1 z limit 2", ":2\r\n"},
			{"zintercard 0 z", zsetErr("ERR at least 1 input key is needed for 'zintercard' command")},
			{"zintercard x z", zsetNI},
			{"zintercard 1 z limit -1", zsetErr("ERR LIMIT can't be negative")},
			{"zintercard 1 z limit x", zsetErr("ERR LIMIT can't be negative")},
			{"zintercard 1 z withscores", zsetSyn},
			{"zintercard 2 z nokey", ":0\r\n"},
			// inf arithmetic: inf + -inf and inf * 0 are 0, as Redis
			{"zadd inf1 inf a -inf b 1 c", ":3\r\n"},
			{"zadd inf2 -inf a inf b 2 c", ":3\r\n"},
			{"zunion 2 inf1 inf2 withscores", zsetArr("a", "0", "b", "0", "c", "3")},
			{"zinter 2 inf1 inf2 weights 0 0 withscores", zsetArr("a", "0", "b", "0", "c", "0")},
			{"zunion 2 inf1 inf2 aggregate min withscores", zsetArr("a", "-inf", "b", "-inf", "c", "1")},
			// ZRANGESTORE
			{"zrangestore dst z 0 -1", ":4\r\n"},
			{"zrange dst 0 -1 withscores", zsetArr("a", "1", "b", "2", "c", "3", "d", "4")},
			{"zrangestore dst z (1 3 byscore limit 0 1", ":1\r\n"},
			{"zrange dst 0 -1 withscores", zsetArr("b", "2")},
			{"zrangestore dst z [c [b bylex rev", ":2\r\n"},
			{"zrange dst 0 -1 withscores", zsetArr("b", "2", "c", "3")},
			{"zrangestore dst z 0 -1 withscores", zsetSyn},
			{"zrangestore dst z 5 10", ":0\r\n"},
			{"zrangestore dst nokey 0 -1", ":0\r\n"},
			{"set dst x", "+OK\r\n"},
			{"expire dst 100", ":1\r\n"},
			{"zrangestore dst z 0 0", ":1\r\n"},
			{"ttl dst", ":-1\r\n"},
			{"zrangestore z z 1 2", ":2\r\n"},
			{"zrange z 0 -1 withscores", zsetArr("b", "2", "c", "3")},
		})
	})
}

func TestZsetBlocking(t *testing.T) {
	s := newTestServer(t)
	a, b, w := s.fakeClient(), s.fakeClient(), s.fakeClient()
	// FIFO: the first client blocked on a key is served first.
	if got := s.run(a, "bzpopmin", "k1", "k2", "0"); got != "" {
		t.Fatalf("a: %q", got)
	}
	if got := s.run(b, "bzpopmax", "k2", "0"); got != "" {
		t.Fatalf("b: %q", got)
	}
	expectReplies(t, s, w, [][2]string{{"zadd k2 1 x 2 y 3 z", ":3\r\n"}})
	if got := string(a.reply); got != zsetArr("k2", "x", "1") {
		t.Fatalf("a served %q", got)
	}
	if got := string(b.reply); got != zsetArr("k2", "z", "3") {
		t.Fatalf("b served %q", got)
	}
	a.reply, b.reply = a.reply[:0], b.reply[:0]
	expectReplies(t, s, w, [][2]string{{"zrange k2 0 -1", zsetArr("y")}})
	// a client whose key gets one member: only the first is served
	s.run(a, "bzmpop", "0", "1", "k3", "max", "count", "5")
	s.run(b, "bzpopmin", "k3", "0")
	expectReplies(t, s, w, [][2]string{{"zadd k3 1 only", ":1\r\n"}})
	if got := string(a.reply); got != "*2\r\n$2\r\nk3\r\n*1\r\n"+zsetArr("only", "1") {
		t.Fatalf("a served %q", got)
	}
	if len(b.reply) != 0 || b.blocked == nil {
		t.Fatalf("b should still block: %q", b.reply)
	}
	expectReplies(t, s, w, [][2]string{{"zadd k3 5 next", ":1\r\n"}, {"exists k3", ":0\r\n"}})
	if got := string(b.reply); got != zsetArr("k3", "next", "5") {
		t.Fatalf("b served %q", got)
	}
	// a wrong type key does not wake a ZSET waiter into an error
	b.reply = b.reply[:0]
	s.run(b, "bzpopmin", "k4", "0")
	expectReplies(t, s, w, [][2]string{{"set k4 v", "+OK\r\n"}})
	if len(b.reply) != 0 && string(b.reply) != zsetWT {
		t.Fatalf("b got %q", b.reply)
	}
	// inside MULTI a blocking pop on nothing replies as on timeout
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"multi", "+OK\r\n"},
		{"bzpopmin empty 0", "+QUEUED\r\n"},
		{"bzmpop 0 1 empty min", "+QUEUED\r\n"},
		{"zadd empty 1 a", "+QUEUED\r\n"},
		{"bzpopmax empty 0", "+QUEUED\r\n"},
		{"exec", "*4\r\n*-1\r\n*-1\r\n:1\r\n" + zsetArr("empty", "a", "1")},
	})
	// a timeout: the deadline passes and the client gets a null array
	d := s.fakeClient()
	s.run(d, "bzpopmin", "never", "0.01")
	if d.blocked == nil {
		t.Fatal("not blocked")
	}
	time.Sleep(20 * time.Millisecond)
	s.unixMs = time.Now().UnixMilli()
	s.expireBlocked()
	if got := string(d.reply); got != zsetNullA {
		t.Fatalf("timeout reply %q", got)
	}
}

// TestZsetBig checks that rank and offset operations on a big skiplist
// are logarithmic, not linear walks.
func TestZsetBig(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	const n = 1000000
	key := []byte("big")
	var buf []byte
	for i := 0; i < n; i++ {
		buf = append(buf[:0], 'm')
		buf = strconv.AppendInt(buf, int64(i), 10)
		s.zsetAdd(c, key, float64(i), buf)
	}
	start := time.Now()
	for i := 0; i < 1000; i++ {
		mid := strconv.Itoa(n/2 + i)
		expectReplies(t, s, c, [][2]string{
			{"zrange big " + mid + " " + mid, zsetArr("m" + mid)},
			{"zrevrange big " + mid + " " + mid, zsetArr("m" + strconv.Itoa(n-1-n/2-i))},
			{"zrank big m" + mid, ":" + mid + "\r\n"},
			{"zrangebyscore big -inf +inf limit " + mid + " 1", zsetArr("m" + mid)},
			{"zrange big +inf -inf byscore rev limit " + mid + " 1", zsetArr("m" + strconv.Itoa(n-1-n/2-i))},
			{"zcount big 1000 (900000", ":899000\r\n"},
		})
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("6000 ops on a 1M zset took %v", d)
	}
	expectReplies(t, s, c, [][2]string{
		{"zcard big", ":" + fmt.Sprint(n) + "\r\n"},
		{"zremrangebyrank big 0 499999", ":500000\r\n"},
		{"zrange big 0 0 withscores", zsetArr("m500000", "500000")},
	})
}

// zsetForEach and zsetForEachInScoreRange iterate in order.
func TestZsetHelpers(t *testing.T) {
	zsetBothEncodings(t, func(t *testing.T, s *Server, c *Client) {
		s.run(c, "zadd", "z", "3", "c", "1", "a", "2", "b", "4", "d")
		o := s.lookupRead(c, []byte("z"))
		var got []string
		zsetForEach(o, func(m []byte, sc float64) bool {
			got = append(got, fmt.Sprintf("%s=%g", m, sc))
			return len(got) < 3
		})
		if strings.Join(got, ",") != "a=1,b=2,c=3" {
			t.Fatalf("zsetForEach: %v", got)
		}
		got = nil
		zsetForEachInScoreRange(o, zsetMustRange("(1", "3"), func(m []byte, sc float64) bool {
			got = append(got, string(m))
			return true
		})
		if strings.Join(got, ",") != "b,c" {
			t.Fatalf("zsetForEachInScoreRange: %v", got)
		}
		if !s.zsetAdd(c, []byte("new"), 1, []byte("x")) || s.zsetAdd(c, []byte("new"), 2, []byte("x")) {
			t.Fatal("zsetAdd")
		}
		expectReplies(t, s, c, [][2]string{{"zscore new x", zsetB("2")}})
	})
}

func zsetMustRange(min, max string) ds.ScoreRange {
	r, ok := ds.ParseScoreRange([]byte(min), []byte(max))
	if !ok {
		panic("bad range")
	}
	return r
}

func TestZsetMulti(t *testing.T) {
	s := newTestServer(t)
	c, other := s.fakeClient(), s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"multi", "+OK\r\n"},
		{"zadd z 1 a 2 b", "+QUEUED\r\n"},
		{"zunion 0 z", "+QUEUED\r\n"},
		{"zpopmin z", "+QUEUED\r\n"},
		{"exec", "*3\r\n:2\r\n-ERR at least 1 input key is needed for 'zunion' command\r\n" + zsetArr("a", "1")},
		// WATCHed sorted sets are touched by every kind of change
		{"watch z", "+OK\r\n"},
	})
	for _, change := range []string{"zadd z 5 c", "zincrby z 1 x", "zrem z x", "zpopmax z", "zremrangebyrank z 0 0",
		"zunionstore z 1 z", "zrangestore z z 0 0", "zmpop 1 z min", "bzpopmin z 0", "zremrangebyscore z -inf +inf"} {
		s.run(other, "del", "z")
		s.run(other, "zadd", "z", "1", "x", "2", "y")
		expectReplies(t, s, c, [][2]string{{"watch z", "+OK\r\n"}, {"multi", "+OK\r\n"}, {"ping", "+QUEUED\r\n"}})
		s.run(other, strings.Fields(change)...)
		if got := s.run(c, "exec"); got != zsetNullA {
			t.Fatalf("%s did not touch the watched key: %q", change, got)
		}
	}
	// no-ops and reads do not touch it
	s.run(other, "zadd", "z", "1", "x")
	expectReplies(t, s, c, [][2]string{{"watch z", "+OK\r\n"}, {"multi", "+OK\r\n"}, {"ping", "+QUEUED\r\n"}})
	for _, noop := range []string{"zadd z nx 100 x", "zadd z 1 x", "zrem z nosuch", "zrange z 0 -1", "zremrangebyscore z 5 6",
		"zunionstore other 1 z", "zpopmin z 0", "zadd z xx 1 nosuch"} {
		s.run(other, strings.Fields(noop)...)
	}
	if got := s.run(c, "exec"); got != "*1\r\n+PONG\r\n" {
		t.Fatalf("no-op touched the key: %q", got)
	}
}

func TestZsetParseDouble(t *testing.T) {
	for _, tc := range []struct {
		in  string
		ok  bool
		out float64
	}{
		{"000000123456", true, 123456}, // redis-benchmark's __rand_int__
		{"+7", true, 7},
		{"-000", true, math.Copysign(0, -1)},
		{"-0", true, math.Copysign(0, -1)},
		{"999999999999999", true, 999999999999999},
		{"9007199254740993", true, 9007199254740992}, // 16 digits: strtod's rounding
		{"1.5", true, 1.5},
		{"1e3", true, 1000},
		{"0x10", true, 16},
		{"-inf", true, math.Inf(-1)},
		{"", false, 0},
		{"+", false, 0},
		{"-", false, 0},
		{"12a", false, 0},
		{" 1", false, 0},
		{"1 ", false, 0},
		{"nan", false, 0},
		{"1e400", false, 0},
	} {
		v, ok := zsetParseDouble([]byte(tc.in))
		if ok != tc.ok || (ok && (v != tc.out || math.Signbit(v) != math.Signbit(tc.out))) {
			t.Errorf("zsetParseDouble(%q) = %v, %v; want %v, %v", tc.in, v, ok, tc.out, tc.ok)
		}
	}
}
