package server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The expected replies and listpack bytes in the tables below were taken
// from redis-server 7.0.15 (DUMP, with rdbcompression off, for the
// listpacks).
//
// Table syntax: arguments are separated by spaces; "\s" in an argument
// stands for a space and "@repN:x" for x repeated N times. A row
// {"@lp key", want} checks key's listpack bytes: want is their hex, or
// "sha256:" and the hex digest of long ones (and of long replies).

func hashTestArgs(line string) []string {
	args := strings.Fields(line)
	for i, a := range args {
		if strings.HasPrefix(a, "@rep") {
			n, ch, _ := strings.Cut(a[4:], ":")
			k, _ := strconv.Atoi(n)
			args[i] = strings.Repeat(ch, k)
			continue
		}
		args[i] = strings.ReplaceAll(a, `\s`, " ")
	}
	return args
}

func hashTestMatch(got, want string) bool {
	if h, ok := strings.CutPrefix(want, "sha256:"); ok {
		sum := sha256.Sum256([]byte(got))
		return hex.EncodeToString(sum[:]) == h
	}
	return got == want
}

// hashTestListpack returns key's listpack bytes in c's db, or "" when the
// key is missing or not a listpack.
func hashTestListpack(c *Client, key string) (string, bool) {
	e := c.db.dict.Find([]byte(key))
	if e == nil || e.Val.enc != EncListpack {
		return "", false
	}
	return string(e.Val.listpack().Bytes()), true
}

func hashRunTable(t *testing.T, s *Server, c *Client, cases [][2]string) {
	t.Helper()
	for _, tc := range cases {
		args := hashTestArgs(tc[0])
		if args[0] == "@lp" {
			lp, ok := hashTestListpack(c, args[1])
			if !ok {
				t.Fatalf("%s: not a listpack", tc[0])
			}
			want := tc[1]
			if !strings.HasPrefix(want, "sha256:") {
				b, _ := hex.DecodeString(want)
				want = string(b)
			}
			if !hashTestMatch(lp, want) {
				t.Fatalf("%s: listpack\n got %x\nwant %s", tc[0], lp, tc[1])
			}
			continue
		}
		got := s.run(c, args...)
		if !hashTestMatch(got, tc[1]) {
			if len(got) > 300 {
				got = got[:300] + "..."
			}
			t.Fatalf("%s: got %q, want %q", tc[0], got, tc[1])
		}
	}
}

func TestHashCommands(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	hashRunTable(t, s, c, [][2]string{
		// HSET, HMSET, HSETNX
		{"hset h a 1 b 2 c 3", ":3\r\n"},
		{"hset h a 100000 b xyz d -5", ":1\r\n"},
		{"hset h b 1 a 2", ":0\r\n"},
		{"hset h", "-ERR wrong number of arguments for 'hset' command\r\n"},
		{"hset h a", "-ERR wrong number of arguments for 'hset' command\r\n"},
		{"hset h a 1 b", "-ERR wrong number of arguments for 'hset' command\r\n"},
		{"hmset h f 1 g 2", "+OK\r\n"},
		{"hmset h f", "-ERR wrong number of arguments for 'hmset' command\r\n"},
		{"hmset h f 1 g", "-ERR wrong number of arguments for 'hmset' command\r\n"},
		{"hsetnx h a 5", ":0\r\n"},
		{"hsetnx h e 5", ":1\r\n"},
		{"hsetnx h2 x y", ":1\r\n"},
		{"hsetnx h2", "-ERR wrong number of arguments for 'hsetnx' command\r\n"},
		{"hsetnx h2 a", "-ERR wrong number of arguments for 'hsetnx' command\r\n"},
		{"hsetnx h2 a b c", "-ERR wrong number of arguments for 'hsetnx' command\r\n"},
		// reads
		{"hget h a", "$1\r\n2\r\n"},
		{"hget h b", "$1\r\n1\r\n"},
		{"hget h zz", "$-1\r\n"},
		{"hget nokey a", "$-1\r\n"},
		{"hget h", "-ERR wrong number of arguments for 'hget' command\r\n"},
		{"hget h a b", "-ERR wrong number of arguments for 'hget' command\r\n"},
		{"hmget h a b zz e", "*4\r\n$1\r\n2\r\n$1\r\n1\r\n$-1\r\n$1\r\n5\r\n"},
		{"hmget nokey a b", "*2\r\n$-1\r\n$-1\r\n"},
		{"hmget h", "-ERR wrong number of arguments for 'hmget' command\r\n"},
		{"hlen h", ":7\r\n"},
		{"hlen nokey", ":0\r\n"},
		{"hlen", "-ERR wrong number of arguments for 'hlen' command\r\n"},
		{"hstrlen h a", ":1\r\n"},
		{"hstrlen h d", ":2\r\n"},
		{"hstrlen h b", ":1\r\n"},
		{"hstrlen h zz", ":0\r\n"},
		{"hstrlen nokey a", ":0\r\n"},
		{"hexists h a", ":1\r\n"},
		{"hexists h zz", ":0\r\n"},
		{"hexists nokey a", ":0\r\n"},
		{"hkeys h", "*7\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\nf\r\n$1\r\ng\r\n$1\r\ne\r\n"},
		{"hvals h", "*7\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\n3\r\n$2\r\n-5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n5\r\n"},
		{"hgetall h", "*14\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n$1\r\n1\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$2\r\n-5\r\n$1\r\nf\r\n$1\r\n1\r\n$1\r\ng\r\n$1\r\n2\r\n$1\r\ne\r\n$1\r\n5\r\n"},
		{"hkeys nokey", "*0\r\n"},
		{"hvals nokey", "*0\r\n"},
		{"hgetall nokey", "*0\r\n"},
		{"hkeys h x", "-ERR wrong number of arguments for 'hkeys' command\r\n"},
		// HDEL
		{"hdel h a zz b", ":2\r\n"},
		{"hgetall h", "*10\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$2\r\n-5\r\n$1\r\nf\r\n$1\r\n1\r\n$1\r\ng\r\n$1\r\n2\r\n$1\r\ne\r\n$1\r\n5\r\n"},
		{"hdel h nope", ":0\r\n"},
		{"hdel nokey a", ":0\r\n"},
		{"hdel h", "-ERR wrong number of arguments for 'hdel' command\r\n"},
		{"hdel h2 x", ":1\r\n"},
		{"exists h2", ":0\r\n"},
		{"hdel h d e f g", ":4\r\n"},
		{"exists h", ":1\r\n"},
		// HINCRBY
		{"hincrby h f 10", ":10\r\n"},
		{"hincrby h f -100", ":-90\r\n"},
		{"hincrby h f", "-ERR wrong number of arguments for 'hincrby' command\r\n"},
		{"hincrby h f x", "-ERR value is not an integer or out of range\r\n"},
		{"hincrby h f 1.5", "-ERR value is not an integer or out of range\r\n"},
		{"hincrby h f 99999999999999999999", "-ERR value is not an integer or out of range\r\n"},
		{"hget h f", "$3\r\n-90\r\n"},
		{"hset h s abc n 9223372036854775807 m -9223372036854775808 z 007 sp \\s1 e \\s", ":6\r\n"},
		{"hincrby h s 1", "-ERR hash value is not an integer\r\n"},
		{"hincrby h z 1", "-ERR hash value is not an integer\r\n"},
		{"hincrby h sp 1", "-ERR hash value is not an integer\r\n"},
		{"hincrby h e 1", "-ERR hash value is not an integer\r\n"},
		{"hincrby h n 1", "-ERR increment or decrement would overflow\r\n"},
		{"hincrby h n 0", ":9223372036854775807\r\n"},
		{"hincrby h n -1", ":9223372036854775806\r\n"},
		{"hincrby h m -1", "-ERR increment or decrement would overflow\r\n"},
		{"hincrby h m 1", ":-9223372036854775807\r\n"},
		{"hincrby h n -9223372036854775808", ":-2\r\n"},
		{"hincrby h n -9223372036854775807", "-ERR increment or decrement would overflow\r\n"},
		{"hget h n", "$2\r\n-2\r\n"},
		{"hincrby h2 x 5", ":5\r\n"},
		{"hincrby h2 x -5", ":0\r\n"},
		{"hgetall h2", "*2\r\n$1\r\nx\r\n$1\r\n0\r\n"},
		// HINCRBYFLOAT
		{"hincrbyfloat h2 x 1.5", "$3\r\n1.5\r\n"},
		{"hincrbyfloat h2 x 0.1", "$3\r\n1.6\r\n"},
		{"hincrbyfloat h2 y 10", "$2\r\n10\r\n"},
		{"hincrbyfloat h2 y 1e3", "$4\r\n1010\r\n"},
		{"hincrbyfloat h2 y -1010", "$1\r\n0\r\n"},
		{"hincrbyfloat h2 y x", "-ERR value is not a valid float\r\n"},
		{"hincrbyfloat h2 y", "-ERR wrong number of arguments for 'hincrbyfloat' command\r\n"},
		{"hincrbyfloat h2 y inf", "-ERR value is NaN or Infinity\r\n"},
		{"hincrbyfloat h2 y -inf", "-ERR value is NaN or Infinity\r\n"},
		{"hincrbyfloat h2 y +inf", "-ERR value is NaN or Infinity\r\n"},
		{"hincrbyfloat h2 y nan", "-ERR value is not a valid float\r\n"},
		{"hincrbyfloat h2 y 1.5x", "-ERR value is not a valid float\r\n"},
		{"hincrbyfloat h2 y \\s1", "-ERR value is not a valid float\r\n"},
		{"hincrbyfloat h2 y 0x10", "$2\r\n16\r\n"},
		{"hincrbyfloat h2 z 5.0e3", "$4\r\n5000\r\n"},
		{"hincrbyfloat h2 z 1.1e-5", "$22\r\n5000.00001100000000021\r\n"},
		{"hset h2 q abc i inf s \\s1", ":3\r\n"},
		{"hincrbyfloat h2 q 1", "-ERR hash value is not a float\r\n"},
		{"hincrbyfloat h2 i 1", "-ERR increment would produce NaN or Infinity\r\n"},
		{"hincrbyfloat h2 s 1", "-ERR hash value is not a float\r\n"},
		{"hincrbyfloat h2 v 3.0000000000000000001", "$1\r\n3\r\n"},
		{"hincrbyfloat h2 u -0", "$1\r\n0\r\n"},
		{"hincrbyfloat h2 u 1e-20", "$1\r\n0\r\n"},
		{"hincrbyfloat h3 t 1.7976931348623157e308", "$309\r\n179769313486231569995921046774104434048386446944329178485314420765176628523124396354701868608387085564428793419425520689308708363451136055357897278026477617073498977686288394835618163294045594434929537447290627480669417384648879122776218333598953852832103282504751611691208117720159985926376802466863339536384\r\n"},
		{"hincrbyfloat h3 r 1e4933", "-ERR value is not a valid float\r\n"},
		{"hincrbyfloat h3 u 1e4932", "sha256:061a343e0007d4756182202294d0280fbd1242dd8da6bb758fbfc69054e7c97d"},
		{"hincrbyfloat h3 u 1e4932", "-ERR increment would produce NaN or Infinity\r\n"},
		{"hincrbyfloat h3 u -1e4932", "$1\r\n0\r\n"},
		{"hstrlen h3 t", ":309\r\n"},
		{"object encoding h3", "$9\r\nhashtable\r\n"},
		{"object encoding h2", "$8\r\nlistpack\r\n"},
		{"hgetall h2", "*16\r\n$1\r\nx\r\n$3\r\n1.6\r\n$1\r\ny\r\n$2\r\n16\r\n$1\r\nz\r\n$22\r\n5000.00001100000000021\r\n$1\r\nq\r\n$3\r\nabc\r\n$1\r\ni\r\n$3\r\ninf\r\n$1\r\ns\r\n$2\r\n 1\r\n$1\r\nv\r\n$1\r\n3\r\n$1\r\nu\r\n$1\r\n0\r\n"},
		// WRONGTYPE
		{"set str x", "+OK\r\n"},
		{"hset str a b", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"hsetnx str a b", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"hmset str a b", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"hget str a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"hmget str a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"hdel str a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"hlen str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"hstrlen str a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"hexists str a", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"hkeys str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"hvals str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"hgetall str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"hincrby str a 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"hincrby str a x", "-ERR value is not an integer or out of range\r\n"},
		{"hincrbyfloat str a 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"hincrbyfloat str a x", "-ERR value is not a valid float\r\n"},
		{"hincrbyfloat str a inf", "-ERR value is NaN or Infinity\r\n"},
		{"hrandfield str", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"hrandfield str 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"hrandfield str -1 withvalues", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"hrandfield str x", "-ERR value is not an integer or out of range\r\n"},
		{"hscan str 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"hscan str x", "-ERR invalid cursor\r\n"},
		{"hset str a", "-ERR wrong number of arguments for 'hset' command\r\n"},
		{"get str", "$1\r\nx\r\n"},
		// HSCAN
		{"hset hs f1 v1 f2 v2 g1 12 10 x 11 y", ":5\r\n"},
		{"hscan hs 0", "*2\r\n$1\r\n0\r\n*10\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\ng1\r\n$2\r\n12\r\n$2\r\n10\r\n$1\r\nx\r\n$2\r\n11\r\n$1\r\ny\r\n"},
		{"hscan hs 0 match f*", "*2\r\n$1\r\n0\r\n*4\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$2\r\nv2\r\n"},
		{"hscan hs 0 match * count 1", "*2\r\n$1\r\n0\r\n*10\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\ng1\r\n$2\r\n12\r\n$2\r\n10\r\n$1\r\nx\r\n$2\r\n11\r\n$1\r\ny\r\n"},
		{"hscan hs 0 MATCH 1* COUNT 100", "*2\r\n$1\r\n0\r\n*4\r\n$2\r\n10\r\n$1\r\nx\r\n$2\r\n11\r\n$1\r\ny\r\n"},
		{"hscan hs 0 match 10", "*2\r\n$1\r\n0\r\n*2\r\n$2\r\n10\r\n$1\r\nx\r\n"},
		{"hscan hs 0 match nomatch", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"hscan hs 0 count 0", "-ERR syntax error\r\n"},
		{"hscan hs 0 count -1", "-ERR syntax error\r\n"},
		{"hscan hs 0 count x", "-ERR value is not an integer or out of range\r\n"},
		{"hscan hs 0 count", "-ERR syntax error\r\n"},
		{"hscan hs 0 foo", "-ERR syntax error\r\n"},
		{"hscan hs 0 match", "-ERR syntax error\r\n"},
		{"hscan hs x", "-ERR invalid cursor\r\n"},
		{"hscan hs 1.5", "-ERR invalid cursor\r\n"},
		{"hscan hs -1", "*2\r\n$1\r\n0\r\n*10\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\ng1\r\n$2\r\n12\r\n$2\r\n10\r\n$1\r\nx\r\n$2\r\n11\r\n$1\r\ny\r\n"},
		{"hscan hs 18446744073709551616", "-ERR invalid cursor\r\n"},
		{"hscan hs 123", "*2\r\n$1\r\n0\r\n*10\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\ng1\r\n$2\r\n12\r\n$2\r\n10\r\n$1\r\nx\r\n$2\r\n11\r\n$1\r\ny\r\n"},
		{"hscan nokey 0 foo", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"hscan nokey 0", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"hscan", "-ERR wrong number of arguments for 'hscan' command\r\n"},
		{"hscan hs", "-ERR wrong number of arguments for 'hscan' command\r\n"},
		// HRANDFIELD errors and exact cases
		{"hrandfield nokey", "$-1\r\n"},
		{"hrandfield nokey 5", "*0\r\n"},
		{"hrandfield nokey -5 withvalues", "*0\r\n"},
		{"hrandfield nokey x", "-ERR value is not an integer or out of range\r\n"},
		{"hrandfield nokey 1 foo", "-ERR syntax error\r\n"},
		{"hrandfield nokey 1 withvalues foo", "-ERR syntax error\r\n"},
		{"hrandfield hs 0", "*0\r\n"},
		{"hrandfield hs 0 withvalues", "*0\r\n"},
		{"hrandfield hs -9223372036854775808", "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n"},
		{"hrandfield hs -9223372036854775808 withvalues", "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n"},
		{"hrandfield hs 9223372036854775807 withvalues", "-ERR value is out of range\r\n"},
		{"hrandfield hs -9223372036854775807 withvalues", "-ERR value is out of range\r\n"},
		{"hrandfield hs 4611686018427387904 withvalues", "-ERR value is out of range\r\n"},
		{"hrandfield hs -4611686018427387904 withvalues", "-ERR value is out of range\r\n"},
		{"hrandfield hs 1.5", "-ERR value is not an integer or out of range\r\n"},
		{"hrandfield hs 1 withvalue", "-ERR syntax error\r\n"},
		{"hrandfield hs 1 WithValues x", "-ERR syntax error\r\n"},
		{"hrandfield hs 5 WITHVALUES", "*10\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\ng1\r\n$2\r\n12\r\n$2\r\n10\r\n$1\r\nx\r\n$2\r\n11\r\n$1\r\ny\r\n"},
		{"hrandfield hs 100", "*5\r\n$2\r\nf1\r\n$2\r\nf2\r\n$2\r\ng1\r\n$2\r\n10\r\n$2\r\n11\r\n"},
		{"hrandfield", "-ERR wrong number of arguments for 'hrandfield' command\r\n"},
	})
}

func TestHashEncodings(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	hashRunTable(t, s, c, [][2]string{
		{"config set hash-max-listpack-entries 4", "+OK\r\n"},
		{"config set hash-max-listpack-value 8", "+OK\r\n"},
		{"hset h a 1 b 2 c 3 d 4", ":4\r\n"},
		{"object encoding h", "$8\r\nlistpack\r\n"},
		{"@lp h", "1b00000008008161020101816202020181630203018164020401ff"},
		{"hset h b 12345678 d xyz", ":0\r\n"},
		{"@lp h", "2200000008008161020101816202f34e61bc000581630203018164028378797a04ff"},
		{"hdel h a", ":1\r\n"},
		{"@lp h", "1d0000000600816202f34e61bc000581630203018164028378797a04ff"},
		{"hdel h d", ":1\r\n"},
		{"@lp h", "150000000400816202f34e61bc00058163020301ff"},
		{"hset h a 1 d 4", ":2\r\n"},
		{"hset h e 5", ":1\r\n"},
		{"object encoding h", "$9\r\nhashtable\r\n"},
		{"hlen h", ":5\r\n"},
		{"hset h2 a 12345678", ":1\r\n"},
		{"object encoding h2", "$8\r\nlistpack\r\n"},
		{"hset h2 b 123456789", ":1\r\n"},
		{"object encoding h2", "$9\r\nhashtable\r\n"},
		{"hset h3 abcdefgh 1", ":1\r\n"},
		{"object encoding h3", "$8\r\nlistpack\r\n"},
		{"hset h3 abcdefghi 1", ":1\r\n"},
		{"object encoding h3", "$9\r\nhashtable\r\n"},
		{"hset h4 a 1 abcdefghi", "-ERR wrong number of arguments for 'hset' command\r\n"},
		{"object encoding h4", "$-1\r\n"},
		{"hset h4b abcdefghi", "-ERR wrong number of arguments for 'hset' command\r\n"},
		{"object encoding h4b", "$-1\r\n"},
		{"hsetnx h5 abcdefghi 1", ":1\r\n"},
		{"object encoding h5", "$9\r\nhashtable\r\n"},
		{"hsetnx h6 a 1", ":1\r\n"},
		{"hsetnx h6 a abcdefghi", ":0\r\n"},
		{"object encoding h6", "$8\r\nlistpack\r\n"},
		{"hsetnx h6 b abcdefghi", ":1\r\n"},
		{"object encoding h6", "$9\r\nhashtable\r\n"},
		{"hincrby h7 abcdefghi 1", ":1\r\n"},
		{"object encoding h7", "$9\r\nhashtable\r\n"},
		{"hset h8 a 99999999", ":1\r\n"},
		{"hincrby h8 a 1", ":100000000\r\n"},
		{"object encoding h8", "$9\r\nhashtable\r\n"},
		{"hset h9 a 9999999", ":1\r\n"},
		{"hincrby h9 a 1", ":10000000\r\n"},
		{"object encoding h9", "$8\r\nlistpack\r\n"},
		{"@lp h9", "100000000200816102f38096980005ff"},
		{"hincrbyfloat h10 abcdefghi 1", "$1\r\n1\r\n"},
		{"object encoding h10", "$9\r\nhashtable\r\n"},
		{"hset h11 a 1", ":1\r\n"},
		{"hincrbyfloat h11 a 0.0000001", "$9\r\n1.0000001\r\n"},
		{"object encoding h11", "$9\r\nhashtable\r\n"},
		{"hset h11b a 1", ":1\r\n"},
		{"hincrbyfloat h11b a 0.5", "$3\r\n1.5\r\n"},
		{"object encoding h11b", "$8\r\nlistpack\r\n"},
		{"@lp h11b", "0f000000020081610283312e3504ff"},
		{"hset h12 a 1 b 2 c 3 d 4", ":4\r\n"},
		{"config set hash-max-listpack-entries 2", "+OK\r\n"},
		{"hset h12 a 5", ":0\r\n"},
		{"object encoding h12", "$9\r\nhashtable\r\n"},
		{"hset h13 a 1", ":1\r\n"},
		{"hset h13 b 1", ":1\r\n"},
		{"hset h13 c 1", ":1\r\n"},
		{"object encoding h13", "$9\r\nhashtable\r\n"},
		{"hsetnx h13 c 2", ":0\r\n"},
		{"hdel h13 c", ":1\r\n"},
		{"object encoding h13", "$9\r\nhashtable\r\n"},
		{"config set hash-max-listpack-entries 0", "+OK\r\n"},
		{"hset h14 a 1", ":1\r\n"},
		{"object encoding h14", "$9\r\nhashtable\r\n"},
		{"config set hash-max-listpack-value 0", "+OK\r\n"},
		{"config set hash-max-listpack-entries 128", "+OK\r\n"},
		{"hset h15 a 1", ":1\r\n"},
		{"object encoding h15", "$9\r\nhashtable\r\n"},
		{"config set hash-max-listpack-value 64", "+OK\r\n"},
		{"hdel h h a b c d e", ":5\r\n"},
		{"exists h", ":0\r\n"},
		{"hset big a @rep70:x", ":1\r\n"},
		{"object encoding big", "$9\r\nhashtable\r\n"},
		{"config set hash-max-listpack-value 100000", "+OK\r\n"},
		{"hset big2 a @rep70000:x b @rep300:y c 12 d -1 e 4294967296 f 1.5", ":6\r\n"},
		{"object encoding big2", "$8\r\nlistpack\r\n"},
		{"@lp big2", "sha256:9679274a264e9e1107f607b3ff1be152037ff981a4b8b58d5a41416aea715baa"},
		{"hstrlen big2 a", ":70000\r\n"},
		{"hset big2 b @rep5000:q", ":0\r\n"},
		{"@lp big2", "sha256:bffe153cca151e370affe0602a63fe7771073ee2162bad03b50910128de4228a"},
		{"hdel big2 a", ":1\r\n"},
		{"@lp big2", "sha256:ec5e03d5c49ed582feb409a0877dd8ebceebd31adca8568d6ac9a02da2414e7c"},
		{"hdel big2 b c", ":2\r\n"},
		{"@lp big2", "220000000600816402dfff02816502f400000000010000000981660283312e3504ff"},
		{"hset lpn 0 127 128 -4096 4095 -32768 32767 8388607 -8388608 2147483647 -2147483648 2147483648 -9223372036854775808 +1 01 -0 1e3 9223372036854775808", ":9\r\n"},
		{"@lp lpn", "6c000000120000017f01c08002d00002cfff02f1008003f1ff7f03f2ffff7f04f200008004f3ffffff7f05f30000008005f4000000800000000009f4000000000000008009822b310382303103822d30038331653304933932323333373230333638353437373538303814ff"},
		{"hgetall lpn", "*18\r\n$1\r\n0\r\n$3\r\n127\r\n$3\r\n128\r\n$5\r\n-4096\r\n$4\r\n4095\r\n$6\r\n-32768\r\n$5\r\n32767\r\n$7\r\n8388607\r\n$8\r\n-8388608\r\n$10\r\n2147483647\r\n$11\r\n-2147483648\r\n$10\r\n2147483648\r\n$20\r\n-9223372036854775808\r\n$2\r\n+1\r\n$2\r\n01\r\n$2\r\n-0\r\n$3\r\n1e3\r\n$19\r\n9223372036854775808\r\n"},
		{"hset lpn 0 @rep63:a 128 @rep64:b 4095 @rep4095:c -4096 @rep4096:d", ":1\r\n"},
		{"@lp lpn", "sha256:b31f6c71fa610d64e49bd2f93f8aa1ec6ba38163bc3ffe29b8b5827e1a05ffec"},
		{"hset lpn 0 1 128 2 4095 3 -4096 4", ":0\r\n"},
		{"@lp lpn", "6e000000140000010101c080020201cfff020301f1ff7f03f2ffff7f04f200008004f3ffffff7f05f30000008005f4000000800000000009f4000000000000008009822b310382303103822d30038331653304933932323333373230333638353437373538303814d000020401ff"},
		{"hincrby lpn 127 1", ":1\r\n"},
		{"hincrby lpn 127 -256", ":-255\r\n"},
		{"hincrbyfloat lpn 4095 0.5", "$3\r\n3.5\r\n"},
		{"@lp lpn", "76000000160000010101c080020201cfff0283332e3504f1ff7f03f2ffff7f04f200008004f3ffffff7f05f30000008005f4000000800000000009f4000000000000008009822b310382303103822d30038331653304933932323333373230333638353437373538303814d0000204017f01df0102ff"},
		{"config set hash-max-listpack-value 64", "+OK\r\n"},
	})
}

func TestHashResp3(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	c.proto = 3
	hashRunTable(t, s, c, [][2]string{
		{"hset h a 1 b xyz 10 -5", ":3\r\n"},
		{"hgetall h", "%3\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\nxyz\r\n$2\r\n10\r\n$2\r\n-5\r\n"},
		{"hgetall nokey", "%0\r\n"},
		{"hkeys h", "*3\r\n$1\r\na\r\n$1\r\nb\r\n$2\r\n10\r\n"},
		{"hvals h", "*3\r\n$1\r\n1\r\n$3\r\nxyz\r\n$2\r\n-5\r\n"},
		{"hkeys nokey", "*0\r\n"},
		{"hmget h a nope b", "*3\r\n$1\r\n1\r\n_\r\n$3\r\nxyz\r\n"},
		{"hmget nokey a", "*1\r\n_\r\n"},
		{"hget h nope", "_\r\n"},
		{"hget nokey a", "_\r\n"},
		{"hrandfield nokey", "_\r\n"},
		{"hrandfield nokey 3", "*0\r\n"},
		{"hrandfield nokey 3 withvalues", "*0\r\n"},
		{"hrandfield h 3 withvalues", "*3\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$3\r\nxyz\r\n*2\r\n$2\r\n10\r\n$2\r\n-5\r\n"},
		{"hrandfield h 10 withvalues", "*3\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$3\r\nxyz\r\n*2\r\n$2\r\n10\r\n$2\r\n-5\r\n"},
		{"hrandfield h 10", "*3\r\n$1\r\na\r\n$1\r\nb\r\n$2\r\n10\r\n"},
		{"hrandfield h 0 withvalues", "*0\r\n"},
		{"hscan h 0", "*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\nxyz\r\n$2\r\n10\r\n$2\r\n-5\r\n"},
		{"hscan nokey 0", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"hincrbyfloat h a 1.5", "$3\r\n2.5\r\n"},
		{"hincrby h 10 5", ":0\r\n"},
	})
}

// hashTestElems parses a flat reply of bulk strings (one level, or pairs
// in RESP3 arrays of two) into its strings.
func hashTestElems(t *testing.T, raw string) []string {
	t.Helper()
	v := parseReply(t, raw)
	var out []string
	for _, e := range v.Elems {
		if len(e.Elems) > 0 {
			for _, p := range e.Elems {
				out = append(out, p.Str)
			}
			continue
		}
		out = append(out, e.Str)
	}
	return out
}

// hashTestFill creates key with n fields fI -> vI.
func hashTestFill(s *Server, c *Client, key string, n int) {
	for i := 0; i < n; i++ {
		s.run(c, "hset", key, "f"+strconv.Itoa(i), "v"+strconv.Itoa(i))
	}
}

func TestHashRandField(t *testing.T) {
	for _, tc := range []struct {
		size int
		enc  string
	}{{5, "listpack"}, {100, "listpack"}, {1000, "hashtable"}} {
		for _, proto := range []int{2, 3} {
			s := newTestServer(t)
			c := s.fakeClient()
			c.proto = proto
			hashTestFill(s, c, "h", tc.size)
			if got := strTestEnc(s, "h"); got != tc.enc {
				t.Fatalf("size %d: encoding %s", tc.size, got)
			}
			name := fmt.Sprintf("size %d resp%d", tc.size, proto)
			// No count: one field, as a bulk string.
			for i := 0; i < 50; i++ {
				f := s.run(c, "hrandfield", "h")
				if !strings.HasPrefix(f, "$") || !strings.Contains(f, "\r\nf") {
					t.Fatalf("%s: hrandfield %q", name, f)
				}
			}
			// Positive counts: distinct fields, min(count, size) of them, in
			// every case (1, whole hash, remove from all, sample).
			for _, count := range []int{1, 2, tc.size / 3, tc.size/3 + 1, tc.size - 1, tc.size, tc.size + 5} {
				if count <= 0 {
					continue
				}
				for _, wv := range []bool{false, true} {
					args := []string{"hrandfield", "h", strconv.Itoa(count)}
					if wv {
						args = append(args, "withvalues")
					}
					raw := s.run(c, args...)
					elems := hashTestElems(t, raw)
					want := min(count, tc.size)
					step := 1
					if wv {
						step = 2
						if proto == 3 && !strings.HasPrefix(raw, fmt.Sprintf("*%d\r\n*2\r\n", want)) {
							t.Fatalf("%s count %d: RESP3 pairs expected: %.40q", name, count, raw)
						}
					}
					if len(elems) != want*step {
						t.Fatalf("%s count %d wv %v: %d elements", name, count, wv, len(elems))
					}
					seen := map[string]bool{}
					for i := 0; i < len(elems); i += step {
						f := elems[i]
						if seen[f] {
							t.Fatalf("%s count %d: repeated %s", name, count, f)
						}
						seen[f] = true
						if wv && "v"+f[1:] != elems[i+1] {
							t.Fatalf("%s: pair %s %s", name, f, elems[i+1])
						}
					}
				}
			}
			// Negative counts: exactly |count| fields, repeats allowed, and
			// every field shows up eventually.
			seen := map[string]int{}
			for round := 0; round < 20; round++ {
				raw := s.run(c, "hrandfield", "h", "-"+strconv.Itoa(tc.size*3), "withvalues")
				elems := hashTestElems(t, raw)
				if len(elems) != 2*tc.size*3 {
					t.Fatalf("%s: negative count gave %d elements", name, len(elems))
				}
				for i := 0; i < len(elems); i += 2 {
					if "v"+elems[i][1:] != elems[i+1] {
						t.Fatalf("%s: pair %s %s", name, elems[i], elems[i+1])
					}
					seen[elems[i]]++
				}
			}
			if len(seen) != tc.size {
				t.Fatalf("%s: negative counts reached %d of %d fields", name, len(seen), tc.size)
			}
		}
	}
}

// TestHashRandFieldHugeCount: a huge negative count stops once the client
// passes its output buffer limit (Redis stops on CLIENT_CLOSE_ASAP).
func TestHashRandFieldHugeCount(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	for _, enc := range []string{"listpack", "hashtable"} {
		c.closing = false
		s.run(c, "del", "h")
		hashTestFill(s, c, "h", map[string]int{"listpack": 3, "hashtable": 600}[enc])
		strTestExpectEnc(t, s, "h", enc)
		hashRunTable(t, s, c, [][2]string{{`config set client-output-buffer-limit normal\s1mb\s0\s0`, "+OK\r\n"}})
		s.run(c, "hrandfield", "h", "-9223372036854775807")
		if !c.closing {
			t.Fatalf("%s: client not closed", enc)
		}
		s.toClose = s.toClose[:0]
		hashRunTable(t, s, c, [][2]string{{`config set client-output-buffer-limit normal\s0\s0\s0`, "+OK\r\n"}})
	}
}

// TestHashRandFieldSpread checks that the sampling cases pick every field
// with about the same probability.
func TestHashRandFieldSpread(t *testing.T) {
	for _, size := range []int{30, 300} {
		s := newTestServer(t)
		c := s.fakeClient()
		hashTestFill(s, c, "h", size)
		for _, count := range []int{-1, 1, 5, size/3 + 1, size - 2} {
			hits := map[string]int{}
			rounds := 150 * size / hashAbs(count)
			for i := 0; i < rounds; i++ {
				for _, f := range hashTestElems(t, s.run(c, "hrandfield", "h", strconv.Itoa(count))) {
					hits[f]++
				}
			}
			mean := float64(rounds*hashAbs(count)) / float64(size)
			tol := 6 * math.Sqrt(mean) // six standard deviations
			for f, n := range hits {
				if math.Abs(float64(n)-mean) > tol {
					t.Fatalf("size %d count %d: %s picked %d times, mean %.0f", size, count, f, n, mean)
				}
			}
			if len(hits) != size {
				t.Fatalf("size %d count %d: %d fields seen", size, count, len(hits))
			}
		}
	}
}

func hashAbs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func TestHashScanHashtable(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	hashTestFill(s, c, "h", 1000)
	strTestExpectEnc(t, s, "h", "hashtable")
	for _, opts := range [][]string{nil, {"count", "3"}, {"count", "100"}, {"match", "f1*"}, {"match", "f1*", "count", "1000"}} {
		cursor := "0"
		got := map[string]string{}
		calls := 0
		for {
			raw := s.run(c, append([]string{"hscan", "h", cursor}, opts...)...)
			v := parseReply(t, raw)
			cursor = v.Elems[0].Str
			items := v.Elems[1].Elems
			if len(items)%2 != 0 {
				t.Fatalf("odd item count %d", len(items))
			}
			for i := 0; i < len(items); i += 2 {
				got[items[i].Str] = items[i+1].Str
			}
			calls++
			if cursor == "0" {
				break
			}
			if calls > 10000 {
				t.Fatal("HSCAN does not terminate")
			}
		}
		want := 0
		for i := 0; i < 1000; i++ {
			f := "f" + strconv.Itoa(i)
			if len(opts) > 0 && opts[0] == "match" && !strings.HasPrefix(f, "f1") {
				if _, ok := got[f]; ok {
					t.Fatalf("%v: %s not filtered", opts, f)
				}
				continue
			}
			want++
			if got[f] != "v"+strconv.Itoa(i) {
				t.Fatalf("%v: %s = %q", opts, f, got[f])
			}
		}
		if len(got) != want {
			t.Fatalf("%v: %d fields, want %d", opts, len(got), want)
		}
		if len(opts) == 2 && opts[1] == "3" && calls < 100 {
			t.Fatalf("COUNT 3 took only %d calls", calls)
		}
	}
}

// TestHashHashtableOps runs every command on a hashtable-encoded hash
// (order-independent checks).
func TestHashHashtableOps(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.run(c, "config", "set", "hash-max-listpack-entries", "128")
	hashTestFill(s, c, "h", 200)
	strTestExpectEnc(t, s, "h", "hashtable")
	hashRunTable(t, s, c, [][2]string{
		{"hlen h", ":200\r\n"},
		{"hget h f7", "$2\r\nv7\r\n"},
		{"hget h nope", "$-1\r\n"},
		{"hmget h f1 nope f2", "*3\r\n$2\r\nv1\r\n$-1\r\n$2\r\nv2\r\n"},
		{"hset h f1 x f500 y", ":1\r\n"},
		{"hget h f1", "$1\r\nx\r\n"},
		{"hsetnx h f1 z", ":0\r\n"},
		{"hsetnx h f501 z", ":1\r\n"},
		{"hstrlen h f500", ":1\r\n"},
		{"hstrlen h f199", ":4\r\n"},
		{"hexists h f501", ":1\r\n"},
		{"hexists h f502", ":0\r\n"},
		{"hincrby h cnt 5", ":5\r\n"},
		{"hincrby h cnt -7", ":-2\r\n"},
		{"hincrby h f1 1", "-ERR hash value is not an integer\r\n"},
		{"hincrbyfloat h cnt 0.5", "$4\r\n-1.5\r\n"},
		{"hincrbyfloat h f1 1", "-ERR hash value is not a float\r\n"},
		{"hset h inf inf", ":1\r\n"},
		{"hincrbyfloat h inf 1", "-ERR increment would produce NaN or Infinity\r\n"},
		{"hset h max 9223372036854775807", ":1\r\n"},
		{"hincrby h max 1", "-ERR increment or decrement would overflow\r\n"},
		{"hlen h", ":205\r\n"},
		{"hdel h f1 f2 nope f500", ":3\r\n"},
		{"hlen h", ":202\r\n"},
		{"hrandfield h 0", "*0\r\n"},
		{"object encoding h", "$9\r\nhashtable\r\n"},
	})
	keys := hashTestElems(t, s.run(c, "hkeys", "h"))
	vals := hashTestElems(t, s.run(c, "hvals", "h"))
	all := hashTestElems(t, s.run(c, "hgetall", "h"))
	if len(keys) != 202 || len(vals) != 202 || len(all) != 404 {
		t.Fatalf("hkeys %d hvals %d hgetall %d", len(keys), len(vals), len(all))
	}
	for i := 0; i < len(all); i += 2 {
		if keys[i/2] != all[i] || vals[i/2] != all[i+1] {
			t.Fatalf("HKEYS/HVALS/HGETALL orders differ at %d", i/2)
		}
	}
	c.proto = 3
	if raw := s.run(c, "hgetall", "h"); !strings.HasPrefix(raw, "%202\r\n") {
		t.Fatalf("RESP3 HGETALL: %.20q", raw)
	}
	c.proto = 2
	// Deleting every field deletes the key; the dict shrinks on the way.
	sort.Strings(keys)
	for i, k := range keys {
		want := ":1\r\n"
		if got := s.run(c, "hdel", "h", k); got != want {
			t.Fatalf("hdel %s: %q", k, got)
		}
		if left := len(keys) - i - 1; left == 16 {
			// Under 10% full: HDEL resizes it (to ht[1] while rehashing).
			e := c.db.dict.Find([]byte("h"))
			b0, b1 := e.Val.hashDict().Buckets()
			if b1 != 0 {
				b0 = b1
			}
			if b0 > 32 {
				t.Fatalf("dict did not shrink: %d buckets for %d fields", b0, left)
			}
		}
	}
	expectReplies(t, s, c, [][2]string{{"exists h", ":0\r\n"}})
}

// TestHashDirty checks the change counts (WATCH and the save counters
// depend on them), as Redis: HSET counts every pair, HDEL every field.
func TestHashDirty(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	for _, tc := range []struct {
		cmd   string
		delta int64
	}{
		{"hset h a 1 b 2 a 3", 3},
		{"hset h a 3", 1},
		{"hmset h c 1 d 2", 2},
		{"hsetnx h a 1", 0},
		{"hsetnx h e 1", 1},
		{"hdel h a b nope", 2},
		{"hdel h nope", 0},
		{"hincrby h n 1", 1},
		{"hincrby h c x", 0},
		{"hincrbyfloat h f 1", 1},
		{"hget h c", 0},
		{"hdel h c d e n f", 5},
	} {
		before := s.dirty
		s.run(c, strings.Fields(tc.cmd)...)
		if got := s.dirty - before; got != tc.delta {
			t.Fatalf("%s: dirty +%d, want +%d", tc.cmd, got, tc.delta)
		}
	}
	expectReplies(t, s, c, [][2]string{{"exists h", ":0\r\n"}})
}

func TestHashWatch(t *testing.T) {
	s := newTestServer(t)
	a, b := s.fakeClient(), s.fakeClient()
	s.run(a, "hset", "h", "a", "1")
	for _, cmd := range [][]string{{"hset", "h", "a", "2"}, {"hdel", "h", "a"}, {"hincrby", "h", "x", "1"}, {"hset", "new", "a", "1"}} {
		s.run(a, "watch", cmd[1])
		s.run(a, "multi")
		s.run(a, "hget", cmd[1], "a")
		s.run(b, cmd...)
		if got := s.run(a, "exec"); got != "*-1\r\n" {
			t.Fatalf("%v did not touch the watched key: %q", cmd, got)
		}
	}
	s.run(a, "watch", "h")
	s.run(a, "multi")
	s.run(b, "hdel", "h", "nope")
	s.run(b, "hsetnx", "h", "x", "5")
	if got := s.run(a, "exec"); got != "*0\r\n" {
		t.Fatalf("no-op HDEL/HSETNX touched the key: %q", got)
	}
}

// TestHashAllocs: HSET/HGET on a small hash must not allocate (listpack
// lookups compare bytes in place).
func TestHashAllocs(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.run(c, "hset", "h", "name", "aeon", "count", "12", "other", "value")
	s.run(c, "hset", "big", "x", strings.Repeat("y", 100))
	argv := func(a ...string) [][]byte {
		out := make([][]byte, len(a))
		for i, x := range a {
			out[i] = []byte(x)
		}
		return out
	}
	for _, tc := range []struct {
		args [][]byte
		max  float64
	}{
		{argv("hget", "h", "count"), 0},
		{argv("hget", "h", "name"), 0},
		{argv("hget", "h", "nope"), 0},
		{argv("hget", "big", "x"), 0},
		{argv("hset", "h", "name", "redis"), 0},
		{argv("hset", "h", "count", "13"), 0},
		{argv("hmget", "h", "name", "count"), 0},
		{argv("hexists", "h", "other"), 0},
		{argv("hstrlen", "h", "count"), 0},
		{argv("hlen", "h"), 0},
		{argv("hincrby", "h", "count", "1"), 0},
		{argv("hset", "big", "x", "z"), 1},
	} {
		n := testing.AllocsPerRun(200, func() {
			c.argv = tc.args
			s.processCommand(c)
			c.reply = c.reply[:0]
		})
		if n > tc.max {
			t.Errorf("%s: %.1f allocs", tc.args, n)
		}
	}
	c.argv = nil
}

func BenchmarkHashSetGet(b *testing.B) {
	s := newTestServer(b)
	c := s.fakeClient()
	set := [][]byte{[]byte("hset"), []byte("h"), []byte("field:3"), []byte("value")}
	get := [][]byte{[]byte("hget"), []byte("h"), []byte("field:3")}
	for i := 0; i < 10; i++ {
		s.run(c, "hset", "h", "field:"+strconv.Itoa(i), "v")
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		c.argv = set
		s.processCommand(c)
		c.argv = get
		s.processCommand(c)
		c.reply = c.reply[:0]
	}
}

// TestHashDifferential compares random hash commands with a reference
// redis-server (AEON_REF_ADDR=127.0.0.1:PORT; FLUSHALL is sent to it), and
// after each command the listpack bytes with the reference's DUMP.
// Replies whose order depends on the hashtable (HGETALL... of a converted
// hash) are compared sorted.
func TestHashDifferential(t *testing.T) {
	ref := strDialRef(t)
	ref.do(t, "flushall")
	ref.do(t, "config", "set", "rdbcompression", "no") // DUMP then holds the raw listpack
	defer ref.do(t, "config", "set", "rdbcompression", "yes")
	ref.do(t, "config", "set", "hash-max-listpack-entries", "8")
	ref.do(t, "config", "set", "hash-max-listpack-value", "16")
	defer ref.do(t, "config", "set", "hash-max-listpack-entries", "128")
	defer ref.do(t, "config", "set", "hash-max-listpack-value", "64")
	s := newTestServer(t, "--hash-max-listpack-entries", "8", "--hash-max-listpack-value", "16")
	c := s.fakeClient()
	rng := rand.New(rand.NewSource(7))
	keys := []string{"h1", "h2", "h3"}
	fields := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "10", "-3", "longfieldname-xyz"}
	vals := []string{"", "0", "1", "-7", "12345", "abc", "1.5", "3e2", "9223372036854775807", "0x10", "a-value-longer-than-16"}
	incrs := []string{"1", "-1", "100", "x", "1.5", "-2.25", "9223372036854775807", "1e3"}
	pick := func(a []string) string { return a[rng.Intn(len(a))] }
	var hist []string
	for i := 0; i < 5000; i++ {
		k := pick(keys)
		var args []string
		switch rng.Intn(12) {
		case 0, 1, 2:
			args = []string{"hset", k}
			for n := 1 + rng.Intn(3); n > 0; n-- {
				args = append(args, pick(fields), pick(vals))
			}
		case 3:
			args = []string{"hsetnx", k, pick(fields), pick(vals)}
		case 4, 5:
			args = []string{"hdel", k, pick(fields)}
			if rng.Intn(3) == 0 {
				args = append(args, pick(fields))
			}
		case 6:
			args = []string{"hincrby", k, pick(fields), pick(incrs)}
		case 7:
			args = []string{"hincrbyfloat", k, pick(fields), pick(incrs)}
		case 8:
			args = []string{"hget", k, pick(fields)}
		case 9:
			args = []string{"hmget", k, pick(fields), pick(fields)}
		case 10:
			args = []string{pick([]string{"hlen", "hkeys", "hvals", "hgetall"}), k}
		case 11:
			args = []string{pick([]string{"hstrlen", "hexists"}), k, pick(fields)}
		}
		hist = append(hist, fmt.Sprintf("%q", args))
		want := ref.do(t, args...)
		got := s.run(c, args...)
		if got != want {
			enc := strTestEnc(s, k)
			if enc == "hashtable" && (args[0] == "hkeys" || args[0] == "hvals" || args[0] == "hgetall") {
				g, w := hashTestElems(t, got), hashTestElems(t, want)
				sort.Strings(g)
				sort.Strings(w)
				if strings.Join(g, "\x00") == strings.Join(w, "\x00") {
					continue
				}
			}
			t.Fatalf("%q:\n got %q\nwant %q\nhistory:\n%s", args, got, want, strings.Join(hist[max(0, len(hist)-12):], "\n"))
		}
		if enc := ref.do(t, "object", "encoding", k); enc != s.run(c, "object", "encoding", k) {
			t.Fatalf("%q: encoding %q differs", args, enc)
		}
		if lp, ok := hashTestListpack(c, k); ok {
			dump := parseReply(t, ref.do(t, "dump", k)).Str
			// type 16 (hash listpack), then the RDB string length.
			if len(dump) < 2 || dump[0] != 16 {
				t.Fatalf("%q: reference DUMP type %d", args, dump[0])
			}
			d := dump[1:]
			n := 0
			switch d[0] >> 6 {
			case 0:
				n, d = int(d[0]&63), d[1:]
			case 1:
				n, d = int(d[0]&63)<<8|int(d[1]), d[2:]
			default:
				t.Fatalf("%q: compressed or long DUMP", args)
			}
			if string(d[:n]) != lp {
				t.Fatalf("%q: listpack\n got %x\nwant %x\nhistory:\n%s", args, lp, d[:n], strings.Join(hist[max(0, len(hist)-12):], "\n"))
			}
		}
	}
}
