package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

const setWrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"

// setBulks renders a RESP2 array of bulk strings, in the order given.
func setBulks(items ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(items))
	for _, it := range items {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(it), it)
	}
	return b.String()
}

// setParseFlat parses a reply that is an array/set of bulk strings (prefix
// '*' or '~') and returns the header byte and the items.
func setParseFlat(t *testing.T, raw string) (byte, []string) {
	t.Helper()
	r := bufio.NewReader(strings.NewReader(raw))
	line, err := r.ReadString('\n')
	if err != nil || len(line) < 3 || (line[0] != '*' && line[0] != '~') {
		t.Fatalf("not an array reply: %q", raw)
	}
	n, _ := strconv.Atoi(strings.TrimSpace(line[1:]))
	items := make([]string, 0, n)
	for range n {
		hdr, _ := r.ReadString('\n')
		if len(hdr) < 3 || hdr[0] != '$' {
			t.Fatalf("not a bulk item in %q", raw)
		}
		l, _ := strconv.Atoi(strings.TrimSpace(hdr[1:]))
		buf := make([]byte, l+2)
		if _, err := io.ReadFull(r, buf); err != nil {
			t.Fatalf("short reply %q", raw)
		}
		items = append(items, string(buf[:l]))
	}
	if rest, _ := r.ReadString(0); rest != "" {
		t.Fatalf("trailing bytes in %q", raw)
	}
	return line[0], items
}

// setSorted runs a command returning an array of bulks and returns the
// items sorted.
func setSorted(t *testing.T, s *Server, c *Client, args ...string) []string {
	t.Helper()
	_, items := setParseFlat(t, s.run(c, args...))
	slices.Sort(items)
	return items
}

func setEnc(s *Server, c *Client, key string) string { return s.run(c, "object", "encoding", key) }

const (
	setEncIntset = "$6\r\nintset\r\n"
	setEncHT     = "$9\r\nhashtable\r\n"
)

func TestSetBasics(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"set str x", "+OK\r\n"},
		{"sadd s 3 1 2", ":3\r\n"},
		{"sadd s 2 4", ":1\r\n"},
		{"smembers s", setBulks("1", "2", "3", "4")},
		{"scard s", ":4\r\n"},
		{"scard nokey", ":0\r\n"},
		{"sismember s 2", ":1\r\n"},
		{"sismember s 02", ":0\r\n"},
		{"sismember s x", ":0\r\n"},
		{"sismember nokey 1", ":0\r\n"},
		{"smismember s 1 9 x 4", "*4\r\n:1\r\n:0\r\n:0\r\n:1\r\n"},
		{"smismember nokey 1 2", "*2\r\n:0\r\n:0\r\n"},
		{"srem s 1 9 x", ":1\r\n"},
		{"srem nokey 1", ":0\r\n"},
		{"smembers s", setBulks("2", "3", "4")},
		{"srem s 2 3 4 5", ":3\r\n"},
		{"exists s", ":0\r\n"},
		{"smembers nokey", "*0\r\n"},
		{"sadd", "-ERR wrong number of arguments for 'sadd' command\r\n"},
		{"sadd s", "-ERR wrong number of arguments for 'sadd' command\r\n"},
		{"srem s", "-ERR wrong number of arguments for 'srem' command\r\n"},
		{"sismember s", "-ERR wrong number of arguments for 'sismember' command\r\n"},
		{"smismember s", "-ERR wrong number of arguments for 'smismember' command\r\n"},
		{"scard", "-ERR wrong number of arguments for 'scard' command\r\n"},
	})
	// WRONGTYPE everywhere.
	for _, cmd := range []string{"sadd str 1", "srem str 1", "scard str", "sismember str 1", "smismember str 1",
		"smembers str", "srandmember str", "srandmember str 2", "spop str", "spop str 2", "smove str s 1",
		"sinter str", "sintercard 1 str", "sinterstore d str", "sunion str", "sunionstore d str",
		"sdiff str", "sdiffstore d str", "sscan str 0",
		// every key is checked, even after a missing one
		"sinter nokey str", "sunion nokey str", "sdiff nokey str", "sinterstore d nokey str",
		"sunionstore d nokey str", "sdiffstore d nokey str", "sintercard 2 nokey str"} {
		if got := s.run(c, strings.Fields(cmd)...); got != setWrongType {
			t.Fatalf("%s: got %q", cmd, got)
		}
	}
}

func TestSetHashtableMembers(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"sadd h a b c 1", ":4\r\n"},
		{"sadd h a d", ":1\r\n"},
		{"scard h", ":5\r\n"},
		{"sismember h 1", ":1\r\n"},
		{"sismember h a", ":1\r\n"},
		{"sismember h z", ":0\r\n"},
		{"srem h a z", ":1\r\n"},
	})
	if got := setSorted(t, s, c, "smembers", "h"); !slices.Equal(got, []string{"1", "b", "c", "d"}) {
		t.Fatalf("smembers: %v", got)
	}
	// Binary-safe members.
	if got := s.run(c, "sadd", "bin", "a\x00b", ""); got != ":2\r\n" {
		t.Fatal(got)
	}
	if got := s.run(c, "sismember", "bin", "a\x00b"); got != ":1\r\n" {
		t.Fatal(got)
	}
	if got := s.run(c, "sismember", "bin", ""); got != ":1\r\n" {
		t.Fatal(got)
	}
}

func TestSetEncodings(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	// Non-integer member converts.
	expectReplies(t, s, c, [][2]string{
		{"sadd s 1 2", ":2\r\n"},
		{"object encoding s", setEncIntset},
		{"sadd s 01", ":1\r\n"},
		{"object encoding s", setEncHT},
		{"sadd t a", ":1\r\n"},
		{"object encoding t", setEncHT},
		{"srem t a", ":1\r\n"},
		{"sadd t 1", ":1\r\n"}, // a new set: intset again
		{"object encoding t", setEncIntset},
		{"sadd big 9223372036854775807 -9223372036854775808", ":2\r\n"},
		{"object encoding big", setEncIntset},
		{"sadd big 9223372036854775808", ":1\r\n"},
		{"object encoding big", setEncHT},
		{"sadd sp x 1", ":2\r\n"}, // first member decides
		{"object encoding sp", setEncHT},
		{"sadd sp2 1 x", ":2\r\n"},
		{"object encoding sp2", setEncHT},
	})
	// Size threshold: 512 by default, then CONFIG SET.
	args := []string{"sadd", "n"}
	for i := range 512 {
		args = append(args, strconv.Itoa(i))
	}
	if got := s.run(c, args...); got != ":512\r\n" {
		t.Fatal(got)
	}
	if got := setEnc(s, c, "n"); got != setEncIntset {
		t.Fatal(got)
	}
	expectReplies(t, s, c, [][2]string{
		{"sadd n 512", ":1\r\n"},
		{"object encoding n", setEncHT},
		{"srem n 512 511 510", ":3\r\n"},
		{"object encoding n", setEncHT}, // never converted back
		{"config set set-max-intset-entries 3", "+OK\r\n"},
		{"sadd m 1 2 3", ":3\r\n"},
		{"object encoding m", setEncIntset},
		{"sadd m 4", ":1\r\n"},
		{"object encoding m", setEncHT},
		{"sadd m2 1 2 3 4", ":4\r\n"},
		{"object encoding m2", setEncHT},
		{"config set set-max-intset-entries 512", "+OK\r\n"},
	})
}

func TestSetSmove(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"set str x", "+OK\r\n"},
		{"sadd a 1 2 3", ":3\r\n"},
		{"sadd b x", ":1\r\n"},
		{"smove nokey b 1", ":0\r\n"},
		{"smove nokey str 1", ":0\r\n"},
		{"smove str a 1", setWrongType},
		{"smove a str 1", setWrongType},
		{"smove a a 1", ":1\r\n"},
		{"smove a a 9", ":0\r\n"},
		{"smove a b 9", ":0\r\n"},
		{"smove a b 1", ":1\r\n"},
		{"smembers a", setBulks("2", "3")},
		{"sismember b 1", ":1\r\n"},
		{"smove a new 2", ":1\r\n"},
		{"object encoding new", setEncIntset},
		{"smove b new2 x", ":1\r\n"},
		{"object encoding new2", setEncHT},
		{"smove a new 3", ":1\r\n"},
		{"exists a", ":0\r\n"},
		{"smembers new", setBulks("2", "3")},
		{"smove new b 3", ":1\r\n"},
		{"smove b new 1", ":1\r\n"},
		{"object encoding b", setEncHT},
		{"smove", "-ERR wrong number of arguments for 'smove' command\r\n"},
	})
	// dirty: 2 when the member was added, 1 when dst already had it.
	s.run(c, "sadd", "p", "1", "2")
	s.run(c, "sadd", "q", "2")
	d0 := s.dirty
	s.run(c, "smove", "p", "q", "1")
	if s.dirty-d0 != 2 {
		t.Fatalf("dirty %d", s.dirty-d0)
	}
	d0 = s.dirty
	s.run(c, "smove", "p", "q", "2")
	if s.dirty-d0 != 1 {
		t.Fatalf("dirty %d", s.dirty-d0)
	}
}

func TestSetSpop(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"set str x", "+OK\r\n"},
		{"spop nokey", "$-1\r\n"},
		{"spop nokey 3", "*0\r\n"},
		{"spop nokey 0", "*0\r\n"},
		{"spop nokey -1", "-ERR value is out of range, must be positive\r\n"},
		{"spop nokey abc", "-ERR value is out of range, must be positive\r\n"},
		{"spop nokey 1 2", "-ERR syntax error\r\n"},
		{"spop str 0", setWrongType},
		{"sadd s 5", ":1\r\n"},
		{"spop s 0", "*0\r\n"},
		{"spop s", "$1\r\n5\r\n"},
		{"exists s", ":0\r\n"},
		{"sadd s 3 1 2", ":3\r\n"},
		{"spop s 10", setBulks("1", "2", "3")}, // case 1: as SUNION replies
		{"exists s", ":0\r\n"},
		{"sadd h a 3 1 2", ":4\r\n"},
		{"srem h a", ":1\r\n"},
		{"spop h 3", setBulks("1", "2", "3")}, // SUNION's result is an intset
	})
	for _, enc := range []string{"int", "str"} {
		for _, count := range []int{1, 2, 10, 30, 45, 49, 50} {
			members := map[string]bool{}
			args := []string{"sadd", "p"}
			for i := range 50 {
				m := strconv.Itoa(i)
				if enc == "str" {
					m = "m" + m
				}
				members[m] = true
				args = append(args, m)
			}
			s.run(c, args...)
			d0 := s.dirty
			got := s.run(c, "spop", "p", strconv.Itoa(count))
			if s.dirty-d0 != int64(count) {
				t.Fatalf("%s %d: dirty %d", enc, count, s.dirty-d0)
			}
			_, items := setParseFlat(t, got)
			if len(items) != count {
				t.Fatalf("%s %d: %d items", enc, count, len(items))
			}
			seen := map[string]bool{}
			for _, it := range items {
				if !members[it] || seen[it] {
					t.Fatalf("%s %d: bad or repeated %q", enc, count, it)
				}
				seen[it] = true
				if s.run(c, "sismember", "p", it) != ":0\r\n" {
					t.Fatalf("%s %d: %q still a member", enc, count, it)
				}
			}
			want := fmt.Sprintf(":%d\r\n", 50-count)
			if count == 50 {
				want = ":0\r\n"
			}
			if got := s.run(c, "scard", "p"); got != want {
				t.Fatalf("%s %d: scard %q", enc, count, got)
			}
			s.run(c, "del", "p")
		}
	}
	// Case 3 builds a new set: a hashtable whose remaining members are
	// integers becomes an intset; the TTL stays.
	args := []string{"sadd", "h2", "x"}
	for i := range 20 {
		args = append(args, strconv.Itoa(i))
	}
	s.run(c, args...)
	s.run(c, "srem", "h2", "x")
	s.run(c, "expire", "h2", "100")
	s.run(c, "spop", "h2", "19")
	if got := setEnc(s, c, "h2"); got != setEncIntset {
		t.Fatalf("encoding %q", got)
	}
	if got := s.run(c, "ttl", "h2"); got != ":100\r\n" {
		t.Fatalf("ttl %q", got)
	}
	// RESP3: a set.
	c3 := s.fakeClient()
	c3.proto = 3
	s.run(c3, "sadd", "r", "1", "2")
	if got := s.run(c3, "spop", "r", "5"); got != "~2\r\n$1\r\n1\r\n$1\r\n2\r\n" {
		t.Fatal(got)
	}
	if got := s.run(c3, "spop", "r", "5"); got != "~0\r\n" {
		t.Fatal(got)
	}
	if got := s.run(c3, "spop", "r"); got != "_\r\n" {
		t.Fatal(got)
	}
}

func TestSetSrandmember(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"set str x", "+OK\r\n"},
		{"srandmember nokey", "$-1\r\n"},
		{"srandmember nokey 2", "*0\r\n"},
		{"srandmember nokey 0", "*0\r\n"},
		{"srandmember nokey -2", "*0\r\n"},
		{"srandmember nokey abc", "-ERR value is not an integer or out of range\r\n"},
		{"srandmember nokey -9223372036854775808",
			"-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n"},
		{"srandmember nokey 1 2", "-ERR syntax error\r\n"},
		{"sadd one 7", ":1\r\n"},
		{"srandmember one", "$1\r\n7\r\n"},
		{"srandmember one 1", setBulks("7")},
		{"srandmember one -3", setBulks("7", "7", "7")},
		{"srandmember one 0", "*0\r\n"},
		{"sadd s 3 1 2", ":3\r\n"},
		{"srandmember s 3", setBulks("1", "2", "3")}, // case 2: the set's order
		{"srandmember s 100", setBulks("1", "2", "3")},
	})
	for _, enc := range []string{"int", "str"} {
		members := map[string]bool{}
		args := []string{"sadd", "p"}
		for i := range 60 {
			m := strconv.Itoa(i)
			if enc == "str" {
				m = "m" + m
			}
			members[m] = true
			args = append(args, m)
		}
		s.run(c, args...)
		// count 1, negative (repeats), case 3 (count*3 > size), case 4.
		for _, count := range []int{1, -1, -100, 5, 19, 20, 21, 59, 60, 61} {
			_, items := setParseFlat(t, s.run(c, "srandmember", "p", strconv.Itoa(count)))
			want := count
			if want < 0 {
				want = -want
			} else if want > 60 {
				want = 60
			}
			if len(items) != want {
				t.Fatalf("%s %d: %d items", enc, count, len(items))
			}
			seen := map[string]bool{}
			for _, it := range items {
				if !members[it] {
					t.Fatalf("%s %d: bad %q", enc, count, it)
				}
				if count > 0 && seen[it] {
					t.Fatalf("%s %d: repeated %q", enc, count, it)
				}
				seen[it] = true
			}
		}
		// Every member shows up eventually.
		seen := map[string]bool{}
		for range 2000 {
			seen[strings.Split(s.run(c, "srandmember", "p"), "\r\n")[1]] = true
		}
		if len(seen) != 60 {
			t.Fatalf("%s: %d distinct of 60", enc, len(seen))
		}
		if got := s.run(c, "scard", "p"); got != ":60\r\n" {
			t.Fatal(got)
		}
		s.run(c, "del", "p")
	}
	// RESP3: an array, null for a missing key.
	c3 := s.fakeClient()
	c3.proto = 3
	if got := s.run(c3, "srandmember", "s", "3"); got != setBulks("1", "2", "3") {
		t.Fatal(got)
	}
	if got := s.run(c3, "srandmember", "nokey"); got != "_\r\n" {
		t.Fatal(got)
	}
	if got := s.run(c3, "srandmember", "nokey", "3"); got != "*0\r\n" {
		t.Fatal(got)
	}
}

func TestSetInter(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"sadd a 1 2 3 4 5", ":5\r\n"},
		{"sadd b 2 3 4 9", ":4\r\n"},
		{"sadd c 3 4 x", ":3\r\n"},
		{"sinter a b", setBulks("2", "3", "4")},
		{"sinter a", setBulks("1", "2", "3", "4", "5")},
		{"sinter a a", setBulks("1", "2", "3", "4", "5")},
		{"sinter a nokey", "*0\r\n"},
		{"sinter nokey", "*0\r\n"},
		{"sintercard 2 a b", ":3\r\n"},
		{"sintercard 2 a b limit 2", ":2\r\n"},
		{"sintercard 2 a b limit 0", ":3\r\n"},
		{"sintercard 2 a b LIMIT 10", ":3\r\n"},
		{"sintercard 2 a b limit 1 limit 0", ":3\r\n"},
		{"sintercard 1 a", ":5\r\n"},
		{"sintercard 2 a nokey", ":0\r\n"},
		{"sintercard 3 a b c", ":2\r\n"},
		{"sintercard 0 a", "-ERR numkeys should be greater than 0\r\n"},
		{"sintercard -1 a", "-ERR numkeys should be greater than 0\r\n"},
		{"sintercard abc a", "-ERR numkeys should be greater than 0\r\n"},
		{"sintercard 3 a b", "-ERR Number of keys can't be greater than number of args\r\n"},
		{"sintercard 1 a limit -1", "-ERR LIMIT can't be negative\r\n"},
		{"sintercard 1 a limit abc", "-ERR LIMIT can't be negative\r\n"},
		{"sintercard 1 a limit", "-ERR syntax error\r\n"},
		{"sintercard 1 a foo 1", "-ERR syntax error\r\n"},
		{"sintercard 1 a b", "-ERR syntax error\r\n"},
		{"sintercard 1", "-ERR wrong number of arguments for 'sintercard' command\r\n"},
		{"sinterstore d a b", ":3\r\n"},
		{"smembers d", setBulks("2", "3", "4")},
		{"object encoding d", setEncIntset},
		{"sinterstore d a nokey", ":0\r\n"},
		{"exists d", ":0\r\n"},
		{"sinterstore d a c", ":2\r\n"},
		{"object encoding d", setEncIntset}, // from a hashtable, built as an intset
		{"sinterstore d b c x", ":0\r\n"},
		{"exists d", ":0\r\n"},
		{"sinterstore a a b", ":3\r\n"},
		{"smembers a", setBulks("2", "3", "4")},
		{"sinterstore d", "-ERR wrong number of arguments for 'sinterstore' command\r\n"},
	})
	// Hashtable members: compare sorted.
	if got := setSorted(t, s, c, "sinter", "a", "b", "c"); !slices.Equal(got, []string{"3", "4"}) {
		t.Fatal(got)
	}
	s.run(c, "sadd", "h1", "x", "y", "z", "1")
	s.run(c, "sadd", "h2", "y", "z", "w", "1")
	if got := setSorted(t, s, c, "sinter", "h1", "h2"); !slices.Equal(got, []string{"1", "y", "z"}) {
		t.Fatal(got)
	}
	if got := s.run(c, "sinterstore", "hd", "h1", "h2"); got != ":3\r\n" {
		t.Fatal(got)
	}
	if got := setEnc(s, c, "hd"); got != setEncHT {
		t.Fatal(got)
	}
	// The store overwrites any type and drops the TTL.
	expectReplies(t, s, c, [][2]string{
		{"set str v", "+OK\r\n"},
		{"expire str 100", ":1\r\n"},
		{"sinterstore str h1 h2", ":3\r\n"},
		{"type str", "+set\r\n"},
		{"ttl str", ":-1\r\n"},
	})
	// RESP3 set replies.
	c3 := s.fakeClient()
	c3.proto = 3
	if got := s.run(c3, "sinter", "b", "nokey"); got != "~0\r\n" {
		t.Fatal(got)
	}
	if got := s.run(c3, "sinter", "b", "a"); got != "~3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n" {
		t.Fatal(got)
	}
	if got := s.run(c3, "smembers", "b"); got != "~4\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n9\r\n" {
		t.Fatal(got)
	}
	if got := s.run(c3, "smembers", "nokey"); got != "~0\r\n" {
		t.Fatal(got)
	}
	// Store with the result over the intset limit.
	s.run(c, "config", "set", "set-max-intset-entries", "2")
	s.run(c, "sadd", "i1", "1", "2", "3")
	s.run(c, "sadd", "i2", "1", "2", "3")
	if got := s.run(c, "sinterstore", "id", "i1", "i2"); got != ":3\r\n" {
		t.Fatal(got)
	}
	if got := setEnc(s, c, "id"); got != setEncHT {
		t.Fatal(got)
	}
}

func TestSetUnionDiff(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"sadd a 1 2 3 4 5", ":5\r\n"},
		{"sadd b 4 5 6", ":3\r\n"},
		{"sadd c 1 9", ":2\r\n"},
		{"sunion a b", setBulks("1", "2", "3", "4", "5", "6")},
		{"sunion nokey", "*0\r\n"},
		{"sunion a nokey c", setBulks("1", "2", "3", "4", "5", "9")},
		{"sdiff a b", setBulks("1", "2", "3")},
		{"sdiff a b c", setBulks("2", "3")},
		{"sdiff a nokey", setBulks("1", "2", "3", "4", "5")},
		{"sdiff a a", "*0\r\n"},
		{"sdiff a b a", "*0\r\n"},
		{"sdiff nokey a", "*0\r\n"},
		{"sdiff c a b", setBulks("9")},
		{"sunionstore d a b", ":6\r\n"},
		{"object encoding d", setEncIntset},
		{"sdiffstore d a b", ":3\r\n"},
		{"smembers d", setBulks("1", "2", "3")},
		{"sdiffstore d a a", ":0\r\n"},
		{"exists d", ":0\r\n"},
		{"sunionstore d nokey", ":0\r\n"},
		{"sunionstore a a b", ":6\r\n"},
		{"smembers a", setBulks("1", "2", "3", "4", "5", "6")},
		{"sunion", "-ERR wrong number of arguments for 'sunion' command\r\n"},
		{"sdiffstore d", "-ERR wrong number of arguments for 'sdiffstore' command\r\n"},
	})
	// A hashtable holding only integers gives an intset result (reply
	// ascending), as Redis builds the result with setTypeAdd.
	expectReplies(t, s, c, [][2]string{
		{"sadd h x 3 1 2", ":4\r\n"},
		{"srem h x", ":1\r\n"},
		{"object encoding h", setEncHT},
		{"sunion h", setBulks("1", "2", "3")},
		{"sdiff h", setBulks("1", "2", "3")},
		{"sunionstore hd h", ":3\r\n"},
		{"object encoding hd", setEncIntset},
	})
	s.run(c, "sadd", "s1", "a", "b", "c", "1")
	s.run(c, "sadd", "s2", "b", "1", "z")
	if got := setSorted(t, s, c, "sunion", "s1", "s2"); !slices.Equal(got, []string{"1", "a", "b", "c", "z"}) {
		t.Fatal(got)
	}
	if got := setSorted(t, s, c, "sdiff", "s1", "s2"); !slices.Equal(got, []string{"a", "c"}) {
		t.Fatal(got)
	}
	if got := s.run(c, "sdiffstore", "sd", "s1", "s2"); got != ":2\r\n" {
		t.Fatal(got)
	}
	if got := setEnc(s, c, "sd"); got != setEncHT {
		t.Fatal(got)
	}
	// Algorithm 2 (a big first set against small others) and algorithm 1.
	args := []string{"sadd", "big"}
	for i := range 300 {
		args = append(args, "e"+strconv.Itoa(i))
	}
	s.run(c, args...)
	s.run(c, "sadd", "small", "e1", "e2", "nope")
	if got := s.run(c, "scard", "big"); got != ":300\r\n" {
		t.Fatal(got)
	}
	if got := s.run(c, "sdiffstore", "r", "big", "small", "nokey"); got != ":298\r\n" {
		t.Fatal(got)
	}
	if got := setSorted(t, s, c, "sdiff", "small", "big"); !slices.Equal(got, []string{"nope"}) {
		t.Fatal(got)
	}
	// RESP3
	c3 := s.fakeClient()
	c3.proto = 3
	if got := s.run(c3, "sunion", "c"); got != "~2\r\n$1\r\n1\r\n$1\r\n9\r\n" {
		t.Fatal(got)
	}
	if got := s.run(c3, "sdiff", "c", "c"); got != "~0\r\n" {
		t.Fatal(got)
	}
}

func TestSetStoreDirty(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.run(c, "sadd", "a", "1", "2")
	s.run(c, "sadd", "b", "2", "3")
	for _, tc := range []struct {
		cmd   string
		dirty int64
	}{
		{"sinterstore d a b", 1},
		{"sinterstore d a nokey", 1}, // deleted d
		{"sinterstore d a nokey", 0},
		{"sunionstore d a b", 1},
		{"sdiffstore d a a", 1},
		{"sdiffstore d a a", 0},
		{"sadd a 1 2 3 x", 2},
		{"srem a 1 9 x", 2},
		{"spop a", 1},
		{"sinter a b", 0},
	} {
		d0 := s.dirty
		s.run(c, strings.Fields(tc.cmd)...)
		if s.dirty-d0 != tc.dirty {
			t.Fatalf("%s: dirty +%d, want +%d", tc.cmd, s.dirty-d0, tc.dirty)
		}
	}
}

func TestSetSscan(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"set str x", "+OK\r\n"},
		{"sadd i 3 1 12 2", ":4\r\n"},
		{"sscan i 0", "*2\r\n$1\r\n0\r\n" + setBulks("1", "2", "3", "12")},
		{"sscan i 123", "*2\r\n$1\r\n0\r\n" + setBulks("1", "2", "3", "12")},
		{"sscan i 0 match 1*", "*2\r\n$1\r\n0\r\n" + setBulks("1", "12")},
		{"sscan i 0 count 1", "*2\r\n$1\r\n0\r\n" + setBulks("1", "2", "3", "12")},
		{"sscan i 0 match nothing", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"sscan i abc", "-ERR invalid cursor\r\n"},
		{"sscan i 0 count 0", "-ERR syntax error\r\n"},
		{"sscan i 0 count x", "-ERR value is not an integer or out of range\r\n"},
		{"sscan i 0 foo", "-ERR syntax error\r\n"},
		{"sscan i 0 type string", "-ERR syntax error\r\n"},
		{"sscan nokey 0", "*2\r\n$1\r\n0\r\n*0\r\n"},
		{"sscan nokey 0 count 0", "*2\r\n$1\r\n0\r\n*0\r\n"}, // options parsed after the key
		{"sscan nokey abc", "-ERR invalid cursor\r\n"},
		{"sscan str 0 count 0", setWrongType},
		{"sscan i", "-ERR wrong number of arguments for 'sscan' command\r\n"},
	})
	// A hashtable: iterate to cursor 0, every member at least once.
	args := []string{"sadd", "h"}
	for i := range 1000 {
		args = append(args, "m"+strconv.Itoa(i))
	}
	s.run(c, args...)
	seen := map[string]bool{}
	cursor := "0"
	for calls := 0; ; calls++ {
		raw := s.run(c, "sscan", "h", cursor, "count", "50")
		parts := strings.SplitN(raw, "\r\n", 4)
		cursor = parts[2]
		_, items := setParseFlat(t, parts[3])
		for _, it := range items {
			seen[it] = true
		}
		if cursor == "0" {
			break
		}
		if calls > 1000 {
			t.Fatal("scan does not end")
		}
	}
	if len(seen) != 1000 {
		t.Fatalf("saw %d", len(seen))
	}
	// MATCH on a hashtable.
	cursor = "0"
	var matched []string
	for {
		raw := s.run(c, "sscan", "h", cursor, "match", "m99*")
		parts := strings.SplitN(raw, "\r\n", 4)
		cursor = parts[2]
		_, items := setParseFlat(t, parts[3])
		matched = append(matched, items...)
		if cursor == "0" {
			break
		}
	}
	slices.Sort(matched)
	matched = slices.Compact(matched)
	if len(matched) != 11 {
		t.Fatalf("matched %v", matched)
	}
}

func TestSetMembersHelper(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.run(c, "sadd", "i", "5", "-3", "100000")
	s.run(c, "sadd", "h", "a", "b", "7")
	for key, want := range map[string][]string{"i": {"-3", "5", "100000"}, "h": {"7", "a", "b"}} {
		o := s.lookupRead(c, []byte(key))
		var got []string
		setMembers(o, func(m []byte) { got = append(got, string(m)) })
		if key == "h" {
			slices.Sort(got)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%s: %v", key, got)
		}
	}
}

func TestSetCommandTable(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	for _, tc := range []struct{ name, want string }{
		{"sadd", "*3\r\n$4\r\nsadd\r\n:-3\r\n*3\r\n+write\r\n+denyoom\r\n+fast\r\n"},
		{"smove", "*3\r\n$5\r\nsmove\r\n:4\r\n*2\r\n+write\r\n+fast\r\n"},
		{"sintercard", "*3\r\n$10\r\nsintercard\r\n:-3\r\n*2\r\n+readonly\r\n+movablekeys\r\n"},
	} {
		got := s.run(c, "command", "info", tc.name)
		if !strings.Contains(got, tc.want[4:]) {
			t.Fatalf("%s: %q", tc.name, got)
		}
	}
	if got := s.run(c, "command", "getkeys", "sintercard", "2", "a", "b", "limit", "1"); got != setBulks("a", "b") {
		t.Fatalf("getkeys: %q", got)
	}
	if got := s.run(c, "command", "getkeys", "smove", "a", "b", "m"); got != setBulks("a", "b") {
		t.Fatalf("getkeys: %q", got)
	}
}

// TestSetAgainstRedis replays deterministic command sequences on a live
// Redis 7.0 (SET_REF_ADDR=host:port, which is FLUSHALLed) and on aeon, and
// compares the raw replies (sorted items where a hashtable's order shows).
func TestSetAgainstRedis(t *testing.T) {
	addr := os.Getenv("SET_REF_ADDR")
	if addr == "" {
		t.Skip("SET_REF_ADDR not set")
	}
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		t.Skip(err)
	}
	defer conn.Close()
	br := bufio.NewReader(conn)
	ref := func(args ...string) string {
		var b strings.Builder
		fmt.Fprintf(&b, "*%d\r\n", len(args))
		for _, a := range args {
			fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
		}
		conn.Write([]byte(b.String()))
		return setReadReply(t, br)
	}
	s := newTestServer(t)
	c := s.fakeClient()
	ref("flushall")
	lines := []string{
		"set str x", "sadd a 1 2 3 4 5 6", "sadd b 4 5 6 7 x y", "sadd c 6 y z",
		"sinter a b", "sinter b c", "sunion a c", "sdiff a b c", "sdiff b a", "sdiff b nokey a",
		"sinterstore d a b", "object encoding d", "sunionstore d a b", "object encoding d",
		"sdiffstore d b a", "object encoding d", "scard d", "sintercard 3 a b c", "sintercard 2 a b limit 1",
		"smismember b 4 x q", "smove b a x", "object encoding a", "smembers c", "srem c y z 6 q",
		"exists c", "sadd n 9223372036854775807", "sadd n -9223372036854775808 0", "smembers n",
		"sadd n 9223372036854775808", "object encoding n", "sscan a 0 match *", "sscan nokey 1 count 0",
		"spop str", "spop nokey 1", "srandmember nokey -5", "spop a 0", "spop a -3", "spop a 1 1",
		"srandmember a 1 1", "srandmember a -9223372036854775808", "srandmember a 99999999999999999999",
		"spop a 99999999999999999999", "sintercard 99999999999999999999 a", "sintercard 1 a limit 99999999999999999999",
		"sscan a 18446744073709551616", "sadd e 1", "spop e 5", "exists e",
		"config set set-max-intset-entries 4", "sadd m 1 2 3 4", "object encoding m", "sadd m 5",
		"object encoding m", "sunionstore u m", "object encoding u", "sinterstore u m m", "object encoding u",
		"config set set-max-intset-entries 512", "sintercard 1 a limit 1 limit 0", "sintercard 1 a limit 0 limit 1", "smismember nokey a",
		"sadd z 5 -5 70000 -70000 5000000000", "smembers z", "sinter z z", "sdiff z nokey", "srem z 70000 5000000000", "smembers z", "sinterstore z2 z", "sscan z2 0",
	}
	for _, line := range lines {
		args := strings.Fields(line)
		want := ref(args...)
		got := s.run(c, args...)
		if got == want {
			continue
		}
		if args[0] == "sscan" && strings.HasPrefix(got, "*2\r\n$") && strings.HasPrefix(want, "*2\r\n$") {
			gp, wp := strings.SplitN(got, "\r\n", 4), strings.SplitN(want, "\r\n", 4)
			if gp[2] != wp[2] {
				t.Errorf("%s: cursor %q, redis %q", line, gp[2], wp[2])
				continue
			}
			got, want = gp[3], wp[3]
		}
		if (strings.HasPrefix(got, "*") || strings.HasPrefix(got, "~")) && got[0] == want[0] {
			_, gi := setParseFlat(t, got)
			_, wi := setParseFlat(t, want)
			slices.Sort(gi)
			slices.Sort(wi)
			if slices.Equal(gi, wi) {
				continue
			}
		}
		t.Errorf("%s: aeon %q, redis %q", line, got, want)
	}
}

// setReadReply reads one full RESP2 reply and returns its raw bytes.
func setReadReply(t *testing.T, br *bufio.Reader) string {
	t.Helper()
	line, err := br.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	switch line[0] {
	case '$':
		n, _ := strconv.Atoi(strings.TrimSpace(line[1:]))
		if n < 0 {
			return line
		}
		buf := make([]byte, n+2)
		io.ReadFull(br, buf)
		return line + string(buf)
	case '*', '~', '%':
		n, _ := strconv.Atoi(strings.TrimSpace(line[1:]))
		if line[0] == '%' {
			n *= 2
		}
		out := line
		for range n {
			out += setReadReply(t, br)
		}
		return out
	}
	return line
}
