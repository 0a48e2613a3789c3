package server

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"aeon/ds"
)

// listExpect runs {command, raw reply} pairs on c; a reply of "?" is not
// checked.
func listExpect(t *testing.T, s *Server, c *Client, cases [][2]string) {
	t.Helper()
	for _, tc := range cases {
		got := s.run(c, strings.Fields(tc[0])...)
		if tc[1] != "?" && got != tc[1] {
			t.Fatalf("%s: got %q, want %q", tc[0], got, tc[1])
		}
	}
}

// listTake returns and clears what a (blocked or served) client has been
// sent outside s.run.
func listTake(c *Client) string {
	out := string(c.reply)
	c.reply = c.reply[:0]
	c.sent = 0
	return out
}

// listQuicklist returns the quicklist stored under key in db 0.
func listQuicklist(t *testing.T, s *Server, key string) *ds.Quicklist {
	t.Helper()
	e := s.dbs[0].dict.FindString(key)
	if e == nil || e.Val.typ != TypeList {
		t.Fatalf("%s: no list", key)
	}
	return e.Val.quicklist()
}

// TestListReplies checks replies byte for byte against Redis 7.0.15
// (recorded from redis-server), RESP2 then RESP3.
func TestListReplies(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	listExpect(t, s, c, [][2]string{
		{"flushall", "+OK\r\n"},
		{"multi", "+OK\r\n"},
		{"blmove a b left left 0", "+QUEUED\r\n"},
		{"brpoplpush a b 0", "+QUEUED\r\n"},
		{"blpop a 0", "+QUEUED\r\n"},
		{"blmpop 0 1 a left", "+QUEUED\r\n"},
		{"brpop a 0", "+QUEUED\r\n"},
		{"exec", "*5\r\n$-1\r\n$-1\r\n*-1\r\n*-1\r\n*-1\r\n"},
		{"lpop a 0", "*-1\r\n"},
		{"lpop a 1", "*-1\r\n"},
		{"lpop a -1", "-ERR value is out of range, must be positive\r\n"},
		{"lpop a abc", "-ERR value is out of range, must be positive\r\n"},
		{"lpop a 1 2", "-ERR wrong number of arguments for 'lpop' command\r\n"},
		{"rpush a 1 2 3", ":3\r\n"},
		{"lpop a 0", "*0\r\n"},
		{"lpop a -1", "-ERR value is out of range, must be positive\r\n"},
		{"lpop a abc", "-ERR value is out of range, must be positive\r\n"},
		{"lpop a", "$1\r\n1\r\n"},
		{"rpop a 5", "*2\r\n$1\r\n3\r\n$1\r\n2\r\n"},
		{"rpop a 5", "*-1\r\n"},
		{"set s x", "+OK\r\n"},
		{"lpop s 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"lpop s", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"llen s", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"llen nokey", ":0\r\n"},
		{"lindex nokey abc", "$-1\r\n"},
		{"lindex s abc", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"rpush a x", ":1\r\n"},
		{"lindex a abc", "-ERR value is not an integer or out of range\r\n"},
		{"lset nokey 0 x", "-ERR no such key\r\n"},
		{"lset s 0 x", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"lset a abc x", "-ERR value is not an integer or out of range\r\n"},
		{"lset a 5 x", "-ERR index out of range\r\n"},
		{"lset a -1 y", "+OK\r\n"},
		{"lrange a 0 -1", "*1\r\n$1\r\ny\r\n"},
		{"lrange nokey a b", "-ERR value is not an integer or out of range\r\n"},
		{"lrange nokey 0 1", "*0\r\n"},
		{"lrange s 0 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"ltrim nokey a 0", "-ERR value is not an integer or out of range\r\n"},
		{"ltrim nokey 0 1", "+OK\r\n"},
		{"ltrim s 0 1", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"flushall", "+OK\r\n"},
		{"rpush a a b c a b c a", ":7\r\n"},
		{"lpos a a rank -9223372036854775808", ":6\r\n"},
		{"lpos a a rank 9223372036854775807", "$-1\r\n"},
		{"lpos a a rank -9223372036854775807", "$-1\r\n"},
		{"lpos a a", ":0\r\n"},
		{"lpos a a rank 2", ":3\r\n"},
		{"lpos a a rank -1", ":6\r\n"},
		{"lpos a a rank -2 count 2", "*2\r\n:3\r\n:0\r\n"},
		{"lpos a a count 0", "*3\r\n:0\r\n:3\r\n:6\r\n"},
		{"lpos a a count 0 maxlen 3", "*1\r\n:0\r\n"},
		{"lpos a a count 0 rank 2 maxlen 4", "*1\r\n:3\r\n"},
		{"lpos a a count 0 rank -1 maxlen 4", "*2\r\n:6\r\n:3\r\n"},
		{"lpos a a maxlen 1 rank 2", "$-1\r\n"},
		{"lpos a c count 1 count 0", "*2\r\n:2\r\n:5\r\n"},
		{"lpos a a COUNT 2 RANK 2", "*2\r\n:3\r\n:6\r\n"},
		{"lpos a a rank -9223372036854775808 count 2", "*3\r\n:6\r\n:3\r\n:0\r\n"},
		{"lpos a x rank 0 count -1", "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n"},
		{"lpos a x count -1 rank 0", "-ERR COUNT can't be negative\r\n"},
		{"lpos a 3 rank 0", "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n"},
		{"lpos a 3 rank abc", "-ERR value is not an integer or out of range\r\n"},
		{"lpos a 3 count -1", "-ERR COUNT can't be negative\r\n"},
		{"lpos a 3 count abc", "-ERR COUNT can't be negative\r\n"},
		{"lpos a 3 maxlen -1", "-ERR MAXLEN can't be negative\r\n"},
		{"lpos a 3 maxlen abc", "-ERR MAXLEN can't be negative\r\n"},
		{"lpos a 3 foo", "-ERR syntax error\r\n"},
		{"lpos a 3 rank", "-ERR syntax error\r\n"},
		{"lpos nokey 3 rank 0", "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n"},
		{"lpop a 9223372036854775807", "*7\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\na\r\n"},
		{"rpush a 1 2 3 4 5", ":5\r\n"},
		{"lrange a -100 100", "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n"},
		{"lrange a 2 1", "*0\r\n"},
		{"lrange a -2 -1", "*2\r\n$1\r\n4\r\n$1\r\n5\r\n"},
		{"lrange a 5 10", "*0\r\n"},
		{"lrange a 0 -9223372036854775808", "*0\r\n"},
		{"lrange a 9223372036854775807 -1", "*0\r\n"},
		{"lrange a -9223372036854775808 9223372036854775807", "*5\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\n5\r\n"},
		{"lindex a -9223372036854775808", "$-1\r\n"},
		{"lindex a 9223372036854775807", "$-1\r\n"},
		{"lindex a -5", "$1\r\n1\r\n"},
		{"lindex a -6", "$-1\r\n"},
		{"lindex a 4", "$1\r\n5\r\n"},
		{"lindex a 5", "$-1\r\n"},
		{"lset a -9223372036854775808 x", "-ERR index out of range\r\n"},
		{"lset a -5 x", "+OK\r\n"},
		{"ltrim a 1 -2", "+OK\r\n"},
		{"lrange a 0 -1", "*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n"},
		{"ltrim a 5 1", "+OK\r\n"},
		{"exists a", ":0\r\n"},
		{"rpush a 1 2 3 1 2 3 1", ":7\r\n"},
		{"lrem a -9223372036854775808 1", ":3\r\n"},
		{"lrange a 0 -1", "*4\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n3\r\n"},
		{"lrem a abc 1", "-ERR value is not an integer or out of range\r\n"},
		{"lrem nokey 1 1", ":0\r\n"},
		{"lrem s 1 1", ":0\r\n"},
		{"lrem a -1 3", ":1\r\n"},
		{"lrange a 0 -1", "*3\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n2\r\n"},
		{"lrem a 1 2", ":1\r\n"},
		{"lrange a 0 -1", "*2\r\n$1\r\n3\r\n$1\r\n2\r\n"},
		{"lrem a 0 3", ":1\r\n"},
		{"exists a", ":1\r\n"},
		{"linsert a middle 1 2", "-ERR syntax error\r\n"},
		{"linsert nokey before 1 2", ":0\r\n"},
		{"linsert nokey middle 1 2", "-ERR syntax error\r\n"},
		{"linsert s before 1 2", ":0\r\n"},
		{"rpush a x", ":2\r\n"},
		{"linsert a before x y", ":3\r\n"},
		{"linsert a AFTER x z", ":4\r\n"},
		{"linsert a after q z", ":-1\r\n"},
		{"lrange a 0 -1", "*4\r\n$1\r\n2\r\n$1\r\ny\r\n$1\r\nx\r\n$1\r\nz\r\n"},
		{"lpushx nokey a", ":0\r\n"},
		{"rpushx nokey a", ":0\r\n"},
		{"lpushx s a", ":0\r\n"},
		{"lpushx a 1 2", ":6\r\n"},
		{"rpushx a 3 4", ":8\r\n"},
		{"lrange a 0 -1", "*8\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\ny\r\n$1\r\nx\r\n$1\r\nz\r\n$1\r\n3\r\n$1\r\n4\r\n"},
		{"ltrim a 0 -9223372036854775808", "+OK\r\n"},
		{"exists a", ":0\r\n"},
		{"ltrim a 0 -9223372036854775808", "+OK\r\n"},
		{"flushall", "+OK\r\n"},
		{"blmove a b up left 0", "-ERR syntax error\r\n"},
		{"blmove a b left left abc", "-ERR timeout is not a float or out of range\r\n"},
		{"blmove a b left up abc", "-ERR syntax error\r\n"},
		{"brpoplpush a b abc", "-ERR timeout is not a float or out of range\r\n"},
		{"blmpop abc 1 a left", "-ERR timeout is not a float or out of range\r\n"},
		{"blmpop 0 0 a left", "-ERR numkeys should be greater than 0\r\n"},
		{"blmpop -1 0 a left", "-ERR numkeys should be greater than 0\r\n"},
		{"blmpop 0 1 a left count 0", "-ERR count should be greater than 0\r\n"},
		{"blmpop 0 1 a left count 2 count 2", "-ERR syntax error\r\n"},
		{"blmpop abc 0 a left", "-ERR numkeys should be greater than 0\r\n"},
		{"blmpop abc 1 a middle", "-ERR syntax error\r\n"},
		{"blmpop 0 1 a left count 0 extra", "-ERR count should be greater than 0\r\n"},
		{"lmpop 1 a left count 0 extra", "-ERR count should be greater than 0\r\n"},
		{"blmove a b left left -1", "-ERR timeout is negative\r\n"},
		{"lmpop 0 a left", "-ERR numkeys should be greater than 0\r\n"},
		{"lmpop abc a left", "-ERR numkeys should be greater than 0\r\n"},
		{"lmpop -1 a left", "-ERR numkeys should be greater than 0\r\n"},
		{"lmpop 1 a middle", "-ERR syntax error\r\n"},
		{"lmpop 2 a left", "-ERR syntax error\r\n"},
		{"lmpop 1 a left count 0", "-ERR count should be greater than 0\r\n"},
		{"lmpop 1 a left count -1", "-ERR count should be greater than 0\r\n"},
		{"lmpop 1 a left count abc", "-ERR count should be greater than 0\r\n"},
		{"lmpop 1 a left count 1 count 1", "-ERR syntax error\r\n"},
		{"lmpop 1 a left count", "-ERR syntax error\r\n"},
		{"lmpop 1 a left foo", "-ERR syntax error\r\n"},
		{"lmpop 9223372036854775807 a left", "-ERR syntax error\r\n"},
		{"lmpop 9223372036854775806 a left", "-ERR syntax error\r\n"},
		{"lmpop 3 a b left", "-ERR syntax error\r\n"},
		{"set s x", "+OK\r\n"},
		{"rpush a 1 2 3", ":3\r\n"},
		{"blpop s a 0", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"blpop a s 0", "*2\r\n$1\r\na\r\n$1\r\n1\r\n"},
		{"brpop a s 0", "*2\r\n$1\r\na\r\n$1\r\n3\r\n"},
		{"lmove a s left left", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"lmove s a left left", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"lmove a b up left", "-ERR syntax error\r\n"},
		{"lmove nokey b up left", "-ERR syntax error\r\n"},
		{"lmove nokey b left right", "$-1\r\n"},
		{"rpush a 4 5", ":3\r\n"},
		{"lmove a a left right", "$1\r\n2\r\n"},
		{"lrange a 0 -1", "*3\r\n$1\r\n4\r\n$1\r\n5\r\n$1\r\n2\r\n"},
		{"rpoplpush a a", "$1\r\n2\r\n"},
		{"lrange a 0 -1", "*3\r\n$1\r\n2\r\n$1\r\n4\r\n$1\r\n5\r\n"},
		{"blmpop 0 2 nokey a right count 2", "*2\r\n$1\r\na\r\n*2\r\n$1\r\n5\r\n$1\r\n4\r\n"},
		{"lmpop 2 nokey a right count 5", "*2\r\n$1\r\na\r\n*1\r\n$1\r\n2\r\n"},
		{"lmpop 2 nokey a right count 5", "*-1\r\n"},
		{"exists a", ":0\r\n"},
		{"rpush a 1", ":1\r\n"},
		{"lmpop 2 s a left", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"blmpop 0 2 s a left", "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"},
		{"rpoplpush a nokey2", "$1\r\n1\r\n"},
		{"lrange nokey2 0 -1", "*1\r\n$1\r\n1\r\n"},
		{"rpush big 1 2 3 4 5 6 7 8 9 10", ":10\r\n"},
		{"lmpop 1 big right count 3", "*2\r\n$3\r\nbig\r\n*3\r\n$2\r\n10\r\n$1\r\n9\r\n$1\r\n8\r\n"},
		{"lmpop 1 big left count 3", "*2\r\n$3\r\nbig\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n"},
		{"lpop big 2", "*2\r\n$1\r\n4\r\n$1\r\n5\r\n"},
		{"rpop big 1", "*1\r\n$1\r\n7\r\n"},
		{"lrange big 0 -1", "*1\r\n$1\r\n6\r\n"},
		{"blmove big nokey3 right left 0", "$1\r\n6\r\n"},
		{"brpoplpush nokey3 big 0", "$1\r\n6\r\n"},
		{"lrange big 0 -1", "*1\r\n$1\r\n6\r\n"},
		{"lpush biglist 1 2 3", ":3\r\n"},
		{"object encoding biglist", "$9\r\nquicklist\r\n"},
		{"hello 3", "?"},
		{"lpop a 0", "_\r\n"},
		{"lpop a 1", "_\r\n"},
		{"lpop a", "_\r\n"},
		{"lindex biglist 9", "_\r\n"},
		{"lpos biglist zz", "_\r\n"},
		{"lpos biglist zz count 0", "*0\r\n"},
		{"lpos nokey zz", "_\r\n"},
		{"lpos nokey zz count 1", "*0\r\n"},
		{"lmove nokey b left left", "_\r\n"},
		{"rpoplpush nokey b", "_\r\n"},
		{"lmpop 1 nokey left", "_\r\n"},
		{"blpop biglist 0", "*2\r\n$7\r\nbiglist\r\n$1\r\n3\r\n"},
		{"lrange biglist 0 -1", "*2\r\n$1\r\n2\r\n$1\r\n1\r\n"},
		{"lpop biglist 0", "*0\r\n"},
		{"multi", "+OK\r\n"},
		{"blmove a b left left 0", "+QUEUED\r\n"},
		{"brpoplpush a b 0", "+QUEUED\r\n"},
		{"blpop a 0", "+QUEUED\r\n"},
		{"blmpop 0 1 a left", "+QUEUED\r\n"},
		{"brpop a 0", "+QUEUED\r\n"},
		{"exec", "*5\r\n_\r\n_\r\n_\r\n_\r\n_\r\n"},
	})
}

func TestListWrongType(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.run(c, "set", "s", "x")
	s.run(c, "rpush", "l", "a")
	const wt = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
	for _, cmd := range []string{
		"lpush s a", "rpush s a", "lpushx s a", "rpushx s a", "lpop s", "rpop s", "lpop s 2", "rpop s 0",
		"llen s", "lindex s 0", "linsert s before a b", "lset s 0 a", "lrange s 0 -1", "lrem s 0 a",
		"ltrim s 0 1", "lpos s a", "lpos s a count 0", "lmove s l left left", "lmove l s left left",
		"rpoplpush s l", "rpoplpush l s", "lmpop 1 s left", "lmpop 2 nokey s left", "blpop s 0", "brpop nokey s 0",
		"blmove s l left left 0", "blmove l s left left 0", "brpoplpush s l 0", "brpoplpush l s 0",
		"blmpop 0 1 s left", "blmpop 0 2 nokey s right count 3",
	} {
		if got := s.run(c, strings.Fields(cmd)...); got != wt {
			t.Fatalf("%s: got %q", cmd, got)
		}
	}
	// Nothing moved out of l.
	listExpect(t, s, c, [][2]string{{"lrange l 0 -1", "*1\r\n$1\r\na\r\n"}, {"get s", "$1\r\nx\r\n"}})
}

func TestListArity(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	for _, cmd := range []string{"lpush k", "rpush k", "lpushx k", "rpushx k", "lpop", "rpop", "llen", "llen a b",
		"lindex k", "linsert k before a", "lset k 0", "lrange k 0", "lrem k 0", "ltrim k 0", "lpos k",
		"lmove a b left", "rpoplpush a", "lmpop 1 a", "blpop k", "brpop k", "blmove a b left left",
		"brpoplpush a b", "blmpop 0 1 a"} {
		name := strings.Fields(cmd)[0]
		want := "-ERR wrong number of arguments for '" + name + "' command\r\n"
		if got := s.run(c, strings.Fields(cmd)...); got != want {
			t.Fatalf("%s: got %q", cmd, got)
		}
	}
	listExpect(t, s, c, [][2]string{
		{"rpop k 1 2", "-ERR wrong number of arguments for 'rpop' command\r\n"},
		{"lpop k 1 2", "-ERR wrong number of arguments for 'lpop' command\r\n"},
	})
}

func TestListEmptyDeletesKey(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	for _, tc := range []struct{ setup, cmd string }{
		{"rpush k a", "lpop k"},
		{"rpush k a", "rpop k"},
		{"rpush k a b", "lpop k 5"},
		{"rpush k a b", "rpop k 2"},
		{"rpush k a a", "lrem k 0 a"},
		{"rpush k a b", "ltrim k 2 1"},
		{"rpush k a", "lmove k d left left"},
		{"rpush k a", "rpoplpush k d"},
		{"rpush k a b", "lmpop 1 k right count 9"},
		{"rpush k a", "blpop k 0"},
		{"rpush k a", "brpop k 0"},
		{"rpush k a", "blmove k d left left 0"},
		{"rpush k a", "brpoplpush k d 0"},
		{"rpush k a", "blmpop 0 1 k left"},
	} {
		s.run(c, "flushall")
		s.run(c, strings.Fields(tc.setup)...)
		s.run(c, strings.Fields(tc.cmd)...)
		if got := s.run(c, "exists", "k"); got != ":0\r\n" {
			t.Fatalf("%s: key left behind", tc.cmd)
		}
	}
	// A rotation of a one-element list keeps it.
	listExpect(t, s, c, [][2]string{
		{"rpush r x", ":1\r\n"},
		{"lmove r r left right", "$1\r\nx\r\n"},
		{"rpoplpush r r", "$1\r\nx\r\n"},
		{"lrange r 0 -1", "*1\r\n$1\r\nx\r\n"},
		{"rpush r y z", ":3\r\n"},
		{"lmove r r right left", "$1\r\nz\r\n"},
		{"lmove r r left right", "$1\r\nz\r\n"},
		{"lmove r r left left", "$1\r\nx\r\n"},
		{"lrange r 0 -1", "*3\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n"},
	})
}

func TestListDirty(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	for _, tc := range []struct {
		cmd   string
		delta int64
	}{
		{"rpush k a b c d e f", 6},
		{"lpushx k x y", 2},
		{"lpushx nokey x y", 0},
		{"lpop k 3", 3},
		{"rpop k", 1},
		{"lpop k 0", 0},
		{"lset k 0 q", 1},
		{"linsert k after q w", 1},
		{"linsert k after nosuch w", 0},
		{"lrem k 0 w", 1},
		{"lrem k 0 nosuch", 0},
		{"rpush k 1 2 3 4", 4},
		{"ltrim k 1 -2", 2},
		{"ltrim k 0 -1", 0},
		{"lmove k d left left", 1},
		{"lmpop 1 k left count 2", 2},
		{"lrange k 0 -1", 0},
		{"lindex k 0", 0},
		{"lpos k 2", 0},
		{"llen k", 0},
	} {
		before := s.dirty
		s.run(c, strings.Fields(tc.cmd)...)
		if d := s.dirty - before; d != tc.delta {
			t.Fatalf("%s: dirty +%d, want +%d", tc.cmd, d, tc.delta)
		}
	}
}

func TestListWatch(t *testing.T) {
	s := newTestServer(t)
	a, b := s.fakeClient(), s.fakeClient()
	s.run(b, "rpush", "k", "1", "2", "3")
	// As Redis 7.0: LTRIM and LSET always touch the key; a no-op LREM,
	// LINSERT or LPOP 0 does not.
	for _, tc := range []struct {
		cmd     string
		touches bool
	}{
		{"ltrim k 0 -1", true},
		{"lset k 0 1", true},
		{"lrem k 0 zz", false},
		{"linsert k before zz x", false},
		{"lpop k 0", false},
		{"rpush k 4", true},
		{"rpop k", true},
		{"lmove other k left left", false},
		{"lpush other 1", false},
		{"lmove other k left left", true},
	} {
		s.run(a, "watch", "k")
		s.run(b, strings.Fields(tc.cmd)...)
		s.run(a, "multi")
		s.run(a, "ping")
		got := s.run(a, "exec")
		if touched := got == "*-1\r\n"; touched != tc.touches {
			t.Fatalf("%s: exec %q", tc.cmd, got)
		}
	}
}

func TestListEncoding(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	listExpect(t, s, c, [][2]string{
		{"rpush a 1 2 3 4 5", ":5\r\n"},
		{"object encoding a", "$9\r\nquicklist\r\n"},
		{"config set list-max-listpack-size 2", "+OK\r\n"},
		{"rpush b 1 2 3 4 5", ":5\r\n"},
		{"object encoding b", "$9\r\nquicklist\r\n"},
		{"config set list-compress-depth 1", "+OK\r\n"},
		{"rpush c 1 2 3 4 5 6 7 8", ":8\r\n"},
		{"lmove c d left left", "$1\r\n1\r\n"},
		{"object encoding c", "$9\r\nquicklist\r\n"},
		{"config set list-max-ziplist-size 4", "+OK\r\n"},
		{"rpush e 1 2 3 4 5", ":5\r\n"},
	})
	for _, tc := range []struct {
		key          string
		fill, depth  int
		nodes, count int
	}{
		{"a", -2, 0, 1, 5},
		{"b", 2, 0, 3, 5},
		{"c", 2, 1, 4, 7},
		{"d", 2, 1, 1, 1},
		{"e", 4, 1, 2, 5},
	} {
		q := listQuicklist(t, s, tc.key)
		fill, depth := q.Options()
		if fill != tc.fill || depth != tc.depth || q.NodeCount() != tc.nodes || q.Len() != tc.count {
			t.Fatalf("%s: fill %d depth %d nodes %d len %d", tc.key, fill, depth, q.NodeCount(), q.Len())
		}
	}
	// Existing lists keep their node size; commands work across nodes
	// and compressed inner nodes.
	listExpect(t, s, c, [][2]string{
		{"rpush b 6 7 8 9 10", ":10\r\n"},
		{"lindex b 5", "$1\r\n6\r\n"},
		{"lset b 4 x", "+OK\r\n"},
		{"linsert b after x y", ":11\r\n"},
		{"lrange b 3 6", "*4\r\n$1\r\n4\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\n6\r\n"},
		{"lrem b -1 y", ":1\r\n"},
		{"lpos b 9", ":8\r\n"},
		{"ltrim b 2 -3", "+OK\r\n"},
		{"lrange b 0 -1", "*6\r\n$1\r\n3\r\n$1\r\n4\r\n$1\r\nx\r\n$1\r\n6\r\n$1\r\n7\r\n$1\r\n8\r\n"},
		{"object encoding b", "$9\r\nquicklist\r\n"},
	})
	if q := listQuicklist(t, s, "b"); q.NodeCount() < 3 {
		t.Fatalf("b: %d nodes", q.NodeCount())
	}
}

// TestListBig checks that LINDEX, LSET and LRANGE in the middle of a
// 1,000,000-element list locate the element by nodes, not by a walk.
func TestListBig(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.run(c, "rpush", "big", "0")
	q := listQuicklist(t, s, "big")
	const n = 1000000
	var buf []byte
	for i := 1; i < n; i++ {
		buf = strconv.AppendInt(buf[:0], int64(i), 10)
		q.PushTail(buf)
	}
	listExpect(t, s, c, [][2]string{
		{"llen big", ":1000000\r\n"},
		{"lindex big 500000", "$6\r\n500000\r\n"},
		{"lindex big -500001", "$6\r\n499999\r\n"},
		{"lrange big 500000 500002", "*3\r\n$6\r\n500000\r\n$6\r\n500001\r\n$6\r\n500002\r\n"},
		{"lrange big -2 -1", "*2\r\n$6\r\n999998\r\n$6\r\n999999\r\n"},
		{"lset big 500000 x", "+OK\r\n"},
		{"lindex big 500000", "$1\r\nx\r\n"},
		{"lpos big 999999 rank -1", ":999999\r\n"},
	})
	start := time.Now()
	for i := 0; i < 2000; i++ {
		idx := 400000 + i*97
		got := s.run(c, "lindex", "big", strconv.Itoa(idx))
		if want := "$6\r\n" + strconv.Itoa(idx) + "\r\n"; got != want {
			t.Fatalf("lindex %d: %q", idx, got)
		}
		s.run(c, "lrange", "big", strconv.Itoa(idx), strconv.Itoa(idx+2))
	}
	// A walk from the head would be ~1,000,000 element steps per call.
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("4000 middle LINDEX/LRANGE took %v", d)
	}
}

func TestListBlockingServe(t *testing.T) {
	s := newTestServer(t)
	a, b := s.fakeClient(), s.fakeClient()
	if got := s.run(a, "blpop", "k", "0"); got != "" || a.blocked == nil {
		t.Fatalf("blpop: %q, blocked %v", got, a.blocked != nil)
	}
	if got := s.run(b, "rpush", "k", "a"); got != ":1\r\n" {
		t.Fatalf("rpush: %q", got)
	}
	if got := listTake(a); got != "*2\r\n$1\r\nk\r\n$1\r\na\r\n" || a.blocked != nil {
		t.Fatalf("served: %q", got)
	}
	listExpect(t, s, b, [][2]string{{"exists k", ":0\r\n"}})

	// Each blocking command, blocked then served. A key that meanwhile
	// got another type is passed over while re-executing (Redis 7.0 leaves
	// such a client blocked rather than replying WRONGTYPE).
	for _, tc := range []struct{ block, mid, push, want, check, left string }{
		{"brpop k1 k2 0", "set k1 str", "rpush k2 a b", "*2\r\n$2\r\nk2\r\n$1\r\nb\r\n", "lrange k2 0 -1", "*1\r\n$1\r\na\r\n"},
		{"blpop k1 k2 0", "set k1 str", "rpush k2 a b", "*2\r\n$2\r\nk2\r\n$1\r\na\r\n", "lrange k2 0 -1", "*1\r\n$1\r\nb\r\n"},
		{"blmove k1 d right left 0", "rpush d z", "rpush k1 a b", "$1\r\nb\r\n", "lrange d 0 -1", "*2\r\n$1\r\nb\r\n$1\r\nz\r\n"},
		{"brpoplpush k1 d 0", "ping", "rpush k1 a b", "$1\r\nb\r\n", "lrange d 0 -1", "*1\r\n$1\r\nb\r\n"},
		{"blmpop 0 2 k0 k1 right count 5", "set k0 str", "rpush k1 a b c", "*2\r\n$2\r\nk1\r\n*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n", "exists k1", ":0\r\n"},
		{"blmpop 0 1 k1 left", "ping", "rpush k1 a b c", "*2\r\n$2\r\nk1\r\n*1\r\n$1\r\na\r\n", "lrange k1 0 -1", "*2\r\n$1\r\nb\r\n$1\r\nc\r\n"},
		{"brpoplpush k1 k1 0", "ping", "rpush k1 a b", "$1\r\nb\r\n", "lrange k1 0 -1", "*2\r\n$1\r\nb\r\n$1\r\na\r\n"},
		{"blpop k1 k1 k1 0", "ping", "rpush k1 a b", "*2\r\n$2\r\nk1\r\n$1\r\na\r\n", "lrange k1 0 -1", "*1\r\n$1\r\nb\r\n"},
	} {
		s.run(b, "flushall")
		if got := s.run(a, strings.Fields(tc.block)...); got != "" || a.blocked == nil {
			t.Fatalf("%s: %q", tc.block, got)
		}
		s.run(b, strings.Fields(tc.mid)...)
		if got := listTake(a); got != "" || a.blocked == nil {
			t.Fatalf("%s: after %s: %q", tc.block, tc.mid, got)
		}
		s.run(b, strings.Fields(tc.push)...)
		if got := listTake(a); got != tc.want || a.blocked != nil {
			t.Fatalf("%s: served %q", tc.block, got)
		}
		if got := s.run(b, strings.Fields(tc.check)...); got != tc.left {
			t.Fatalf("%s: %s: %q", tc.block, tc.check, got)
		}
	}
	if s.numBlocked != 0 {
		t.Fatalf("numBlocked %d", s.numBlocked)
	}
}

func TestListBlockingFIFO(t *testing.T) {
	s := newTestServer(t)
	a, b, c, d := s.fakeClient(), s.fakeClient(), s.fakeClient(), s.fakeClient()
	for _, cl := range []*Client{a, b, c} {
		if got := s.run(cl, "blpop", "k", "0"); got != "" {
			t.Fatalf("blpop: %q", got)
		}
	}
	if s.numBlocked != 3 {
		t.Fatalf("numBlocked %d", s.numBlocked)
	}
	if got := s.run(d, "rpush", "k", "1", "2"); got != ":2\r\n" {
		t.Fatalf("rpush: %q", got)
	}
	if ga, gb, gc := listTake(a), listTake(b), listTake(c); ga != "*2\r\n$1\r\nk\r\n$1\r\n1\r\n" ||
		gb != "*2\r\n$1\r\nk\r\n$1\r\n2\r\n" || gc != "" || c.blocked == nil {
		t.Fatalf("served %q %q %q", ga, gb, gc)
	}
	s.run(d, "rpush", "k", "3", "4")
	if gc := listTake(c); gc != "*2\r\n$1\r\nk\r\n$1\r\n3\r\n" || c.blocked != nil {
		t.Fatalf("c: %q", gc)
	}
	listExpect(t, s, d, [][2]string{{"lrange k 0 -1", "*1\r\n$1\r\n4\r\n"}})
	if s.numBlocked != 0 {
		t.Fatalf("numBlocked %d", s.numBlocked)
	}
}

func TestListBlockingChain(t *testing.T) {
	s := newTestServer(t)
	a, b, c := s.fakeClient(), s.fakeClient(), s.fakeClient()
	if got := s.run(a, "blmove", "src", "dst", "LEFT", "RIGHT", "0"); got != "" || a.blocked == nil {
		t.Fatalf("blmove: %q", got)
	}
	if got := s.run(c, "blpop", "dst", "0"); got != "" || c.blocked == nil {
		t.Fatalf("blpop: %q", got)
	}
	if got := s.run(b, "rpush", "src", "x"); got != ":1\r\n" {
		t.Fatalf("rpush: %q", got)
	}
	if ga, gc := listTake(a), listTake(c); ga != "$1\r\nx\r\n" || gc != "*2\r\n$3\r\ndst\r\n$1\r\nx\r\n" {
		t.Fatalf("served %q %q", ga, gc)
	}
	listExpect(t, s, b, [][2]string{{"exists src dst", ":0\r\n"}})
}

func TestListBlockingMulti(t *testing.T) {
	s := newTestServer(t)
	a, b := s.fakeClient(), s.fakeClient()
	// Inside MULTI nothing blocks: BLMOVE/BRPOPLPUSH reply a null bulk,
	// the others a null array (Redis 7.0).
	listExpect(t, s, b, [][2]string{
		{"multi", "+OK\r\n"},
		{"blpop k 0", "+QUEUED\r\n"},
		{"brpop k 0", "+QUEUED\r\n"},
		{"blmove k d left left 0", "+QUEUED\r\n"},
		{"brpoplpush k d 0", "+QUEUED\r\n"},
		{"blmpop 0 1 k left", "+QUEUED\r\n"},
		{"exec", "*5\r\n*-1\r\n*-1\r\n$-1\r\n$-1\r\n*-1\r\n"},
	})
	if b.blocked != nil || s.numBlocked != 0 {
		t.Fatal("blocked inside MULTI")
	}
	// A transaction that pushes and pops the key leaves a waiter blocked.
	s.run(a, "blpop", "k", "0")
	listExpect(t, s, b, [][2]string{
		{"multi", "+OK\r\n"},
		{"lpush k a", "+QUEUED\r\n"},
		{"lpop k", "+QUEUED\r\n"},
		{"exec", "*2\r\n:1\r\n$1\r\na\r\n"},
	})
	if got := listTake(a); got != "" || a.blocked == nil {
		t.Fatalf("a: %q", got)
	}
	// A key of another type does not serve it either.
	s.run(b, "set", "k", "str")
	if got := listTake(a); got != "" || a.blocked == nil {
		t.Fatalf("a after SET: %q", got)
	}
	s.run(b, "del", "k")
	// A transaction that pushes serves it after EXEC.
	listExpect(t, s, b, [][2]string{
		{"multi", "+OK\r\n"},
		{"rpush k x y", "+QUEUED\r\n"},
		{"llen k", "+QUEUED\r\n"},
		{"exec", "*2\r\n:2\r\n:2\r\n"},
		{"lrange k 0 -1", "*1\r\n$1\r\ny\r\n"},
	})
	if got := listTake(a); got != "*2\r\n$1\r\nk\r\n$1\r\nx\r\n" || a.blocked != nil {
		t.Fatalf("a: %q", got)
	}
}

func TestListBlockingWrongTypeDestination(t *testing.T) {
	s := newTestServer(t)
	a, b := s.fakeClient(), s.fakeClient()
	s.run(a, "blmove", "src", "dst", "left", "left", "0")
	s.run(b, "set", "dst", "str")
	s.run(b, "rpush", "src", "y")
	if got := listTake(a); got != "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n" || a.blocked != nil {
		t.Fatalf("a: %q", got)
	}
	listExpect(t, s, b, [][2]string{{"lrange src 0 -1", "*1\r\n$1\r\ny\r\n"}})
}

func TestListBlockingTimeout(t *testing.T) {
	for _, proto := range []string{"2", "3"} {
		s := newTestServer(t)
		a, b := s.fakeClient(), s.fakeClient()
		s.run(a, "hello", proto)
		null := "*-1\r\n"
		if proto == "3" {
			null = "_\r\n"
		}
		// Redis 7.0 times every blocked list command out with a null
		// array, BLMOVE and BRPOPLPUSH included.
		for _, cmd := range []string{"blpop k 1", "brpop k j 0.5", "blmove k d left right 1", "brpoplpush k d 2", "blmpop 1.5 2 k j left count 2"} {
			if got := s.run(a, strings.Fields(cmd)...); got != "" || a.blocked == nil {
				t.Fatalf("%s: %q", cmd, got)
			}
			deadline := a.blocked.deadline
			if deadline <= s.cmdTime {
				t.Fatalf("%s: deadline %d", cmd, deadline)
			}
			s.unixMs = deadline - 1
			s.expireBlocked()
			if got := listTake(a); got != "" || a.blocked == nil {
				t.Fatalf("%s: early %q", cmd, got)
			}
			s.unixMs = deadline
			s.expireBlocked()
			if got := listTake(a); got != null || a.blocked != nil {
				t.Fatalf("%s: timeout %q", cmd, got)
			}
			// No longer waiting: a push does not reach it.
			s.run(b, "rpush", "k", "v")
			if got := listTake(a); got != "" {
				t.Fatalf("%s: served after timeout %q", cmd, got)
			}
			s.run(b, "del", "k", "d")
		}
		// Timeout 0 waits forever.
		s.run(a, "blpop", "k", "0")
		s.unixMs += 1 << 40
		s.expireBlocked()
		if a.blocked == nil || a.blocked.deadline != 0 {
			t.Fatal("blpop k 0 timed out")
		}
		s.run(b, "rpush", "k", "v")
		if got := listTake(a); got != "*2\r\n$1\r\nk\r\n$1\r\nv\r\n" {
			t.Fatalf("served %q", got)
		}
	}
}

func TestListClientUnblock(t *testing.T) {
	s := newTestServer(t)
	a, b := s.fakeClient(), s.fakeClient()
	slot := len(s.clients) - 1
	s.clients[slot] = a
	t.Cleanup(func() { s.clients[slot] = nil })
	id := strconv.FormatInt(a.id, 10)
	listExpect(t, s, b, [][2]string{{"client unblock " + id, ":0\r\n"}})
	for _, tc := range []struct{ block, reason, want string }{
		{"blpop k 0", "timeout", "*-1\r\n"},
		{"blmove k d left left 0", "TIMEOUT", "*-1\r\n"},
		{"blmpop 0 1 k left", "", "*-1\r\n"},
		{"brpop k 0", "error", "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n"},
		{"brpoplpush k d 0", "ERROR", "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n"},
	} {
		s.run(a, strings.Fields(tc.block)...)
		if a.blocked == nil {
			t.Fatalf("%s: not blocked", tc.block)
		}
		cmd := "client unblock " + id + " " + tc.reason
		if got := s.run(b, strings.Fields(cmd)...); got != ":1\r\n" {
			t.Fatalf("%s: %q", cmd, got)
		}
		if got := listTake(a); got != tc.want || a.blocked != nil {
			t.Fatalf("%s: %q", tc.block, got)
		}
	}
	listExpect(t, s, b, [][2]string{{"rpush k v", ":1\r\n"}})
	if got := listTake(a); got != "" {
		t.Fatalf("served after unblock: %q", got)
	}
}
