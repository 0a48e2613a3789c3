package server

import (
	"bufio"
	"fmt"
	"math/rand"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"aeon/resp"
)

// strTestEnc returns the encoding name of key's value in db 0, or "".
func strTestEnc(s *Server, key string) string {
	e := s.dbs[0].dict.Find([]byte(key))
	if e == nil {
		return ""
	}
	return e.Val.EncName()
}

func strTestExpectEnc(t *testing.T, s *Server, key, want string) {
	t.Helper()
	if got := strTestEnc(s, key); got != want {
		t.Fatalf("encoding of %q: got %q, want %q", key, got, want)
	}
}

const (
	strNil   = "$-1\r\n"
	strOK    = "+OK\r\n"
	strWrong = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
	strSynt  = "-ERR syntax error\r\n"
	strNoInt = "-ERR value is not an integer or out of range\r\n"
)

func TestStringSetGet(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"get k", strNil},
		{"set k v", strOK},
		{"get k", "$1\r\nv\r\n"},
		{"set k", "-ERR wrong number of arguments for 'set' command\r\n"},
		{"set k v nx", strNil},
		{"set k v2 xx", strOK},
		{"get k", "$2\r\nv2\r\n"},
		{"set n v xx", strNil},
		{"get n", strNil},
		{"set n v NX", strOK},
		{"set k v nx xx", strSynt},
		{"set k v xx nx", strSynt},
		{"set k v ex 10 px 10", strSynt},
		{"set k v ex 10 exat 10", strSynt},
		{"set k v keepttl ex 10", strSynt},
		{"set k v ex 10 keepttl", strSynt},
		{"set k v ex", strSynt},
		{"set k v persist", strSynt},
		{"set k v foo", strSynt},
		{"set k v ex 10 ex 20", strOK},
		{"set k v nx nx", strNil},
		{"set k v ex 0", "-ERR invalid expire time in 'set' command\r\n"},
		{"set k v px -1", "-ERR invalid expire time in 'set' command\r\n"},
		{"set k v ex 9223372036854775", "-ERR invalid expire time in 'set' command\r\n"},
		{"set k v px 9223372036854775807", "-ERR invalid expire time in 'set' command\r\n"},
		{"set k v ex abc", strNoInt},
		{"set k v3 get", "$1\r\nv\r\n"},
		{"set k v4 nx get", "$2\r\nv3\r\n"},
		{"get k", "$2\r\nv3\r\n"},
		{"set k v5 xx get", "$2\r\nv3\r\n"},
		{"set absent v xx get", strNil},
		{"get absent", strNil},
		{"set absent2 v nx get", strNil},
		{"get absent2", "$1\r\nv\r\n"},
		{"set k v get ex 0", "-ERR invalid expire time in 'set' command\r\n"},
		{"setnx k x", ":0\r\n"},
		{"setnx k2 x", ":1\r\n"},
		{"get k2", "$1\r\nx\r\n"},
		{"setex k3 0 v", "-ERR invalid expire time in 'setex' command\r\n"},
		{"psetex k3 -5 v", "-ERR invalid expire time in 'psetex' command\r\n"},
		{"setex k3 abc v", strNoInt},
		{"setex k3 100 v", strOK},
		{"psetex k4 100000 v", strOK},
		{"get k3", "$1\r\nv\r\n"},
		{"mget k k2 nosuch k3", "*4\r\n$2\r\nv5\r\n$1\r\nx\r\n$-1\r\n$1\r\nv\r\n"},
	})
	// Expire times.
	db := s.dbs[0]
	if ttl := db.getExpire([]byte("k3")) - s.cmdTime; ttl < 99000 || ttl > 100000 {
		t.Fatalf("setex ttl %d", ttl)
	}
	if ttl := db.getExpire([]byte("k4")) - s.cmdTime; ttl < 99000 || ttl > 100000 {
		t.Fatalf("psetex ttl %d", ttl)
	}
	expectReplies(t, s, c, [][2]string{
		{"set k3 v keepttl", strOK},
		{"set k4 v", strOK},
	})
	if db.getExpire([]byte("k3")) < 0 || db.getExpire([]byte("k4")) != -1 {
		t.Fatal("KEEPTTL / plain SET TTL handling")
	}
	now := time.Now().UnixMilli()
	expectReplies(t, s, c, [][2]string{
		{fmt.Sprintf("set k5 v exat %d", now/1000+100), strOK},
		{fmt.Sprintf("set k6 v pxat %d", now+100000), strOK},
		{"set k7 v ex 100", strOK},
		{"set k8 v px 100000", strOK},
	})
	for _, k := range []string{"k5", "k6", "k7", "k8"} {
		if ttl := db.getExpire([]byte(k)) - now; ttl < 98000 || ttl > 101000 {
			t.Fatalf("%s ttl %d", k, ttl)
		}
	}
	// An expire time in the past: the key is gone (lazily expired).
	expectReplies(t, s, c, [][2]string{
		{"set past v exat 1", strOK},
		{"get past", strNil},
		{"set past v pxat 1 get", strNil},
		{"get past", strNil},
	})
	// Wrong types.
	s.dbAdd(db, []byte("list"), collectionObject(TypeList, EncQuicklist, nil))
	expectReplies(t, s, c, [][2]string{
		{"get list", strWrong},
		{"set list v get", strWrong},
		{"set list v nx get", strWrong},
		{"getset list v", strWrong},
		{"getdel list", strWrong},
		{"getex list", strWrong},
		{"mget list k", "*2\r\n$-1\r\n$2\r\nv5\r\n"},
		{"set list v", strOK},
		{"get list", "$1\r\nv\r\n"},
	})
	// Values with spaces and binary data.
	if got := s.run(c, "set", "sp", "a b\r\nc"); got != strOK {
		t.Fatal(got)
	}
	if got := s.run(c, "get", "sp"); got != "$6\r\na b\r\nc\r\n" {
		t.Fatal(got)
	}
	if got := s.run(c, "set", "empty", ""); got != strOK {
		t.Fatal(got)
	}
	if got := s.run(c, "get", "empty"); got != "$0\r\n\r\n" {
		t.Fatal(got)
	}
}

func TestStringEncodings(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	long := strings.Repeat("x", 45)
	cases := []struct{ cmd, key, enc string }{
		{"set a 123", "a", "int"},
		{"set a -9223372036854775808", "a", "int"},
		{"set a 9223372036854775808", "a", "embstr"},
		{"set a 0123", "a", "embstr"},
		{"set a abc", "a", "embstr"},
		{"set a abc", "a", "embstr"},
		{"set a " + strings.Repeat("y", 44), "a", "embstr"},
		{"set a " + long, "a", "raw"},
		{"set a " + long, "a", "raw"},
		{"set a 5", "a", "int"},
		{"set a 6", "a", "int"},
		{"append a 7", "a", "raw"},
		{"append new 12", "new", "int"},
		{"append new2 ab", "new2", "embstr"},
		{"append new2 c", "new2", "raw"},
		{"incr a", "a", "int"},
		{"incrbyfloat f 1", "f", "embstr"},
		{"set f 3", "f", "int"},
		{"incrbyfloat f 1.5", "f", "embstr"},
		{"setrange r 0 ab", "r", "raw"},
		{"setbit b 1 1", "b", "raw"},
		{"set b 12", "b", "int"},
		{"setbit b 1 1", "b", "raw"},
		{"mset m1 1 m2 hello m3 " + long, "m1", "int"},
		{"getset m1 abc", "m1", "embstr"},
		{"bitop or dest m2", "dest", "raw"},
	}
	for _, tc := range cases {
		s.run(c, strings.Fields(tc.cmd)...)
		strTestExpectEnc(t, s, tc.key, tc.enc)
	}
	strTestExpectEnc(t, s, "m2", "embstr")
	strTestExpectEnc(t, s, "m3", "raw")
	expectReplies(t, s, c, [][2]string{
		{"get a", "$2\r\n68\r\n"},
		{"get new2", "$3\r\nabc\r\n"},
		{"get f", "$3\r\n4.5\r\n"},
	})
}

func TestStringGetdelGetexGetset(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	db := s.dbs[0]
	expectReplies(t, s, c, [][2]string{
		{"getdel k", strNil},
		{"set k v", strOK},
		{"getdel k", "$1\r\nv\r\n"},
		{"get k", strNil},
		{"getset k v1", strNil},
		{"getset k v2", "$2\r\nv1\r\n"},
		{"get k", "$2\r\nv2\r\n"},
		{"getex nosuch", strNil},
		{"getex nosuch ex abc", strNil},
		{"getex nosuch foo", strSynt},
		{"getex k foo", strSynt},
		{"getex k ex abc", strNoInt},
		{"getex k ex 0", "-ERR invalid expire time in 'getex' command\r\n"},
		{"getex k persist ex 10", strSynt},
		{"getex k ex 10 persist", strSynt},
		{"getex k keepttl", strSynt},
		{"getex k nx", strSynt},
		{"getex k get", strSynt},
		{"getex k ex", strSynt},
		{"getex k", "$2\r\nv2\r\n"},
		{"getex k ex 100", "$2\r\nv2\r\n"},
	})
	if ttl := db.getExpire([]byte("k")) - s.cmdTime; ttl < 99000 || ttl > 100000 {
		t.Fatalf("getex ttl %d", ttl)
	}
	dirty := s.dirty
	expectReplies(t, s, c, [][2]string{
		{"getex k persist", "$2\r\nv2\r\n"},
		{"getex k persist", "$2\r\nv2\r\n"},
	})
	if db.getExpire([]byte("k")) != -1 || s.dirty != dirty+1 {
		t.Fatalf("persist: ttl %d dirty %d", db.getExpire([]byte("k")), s.dirty-dirty)
	}
	expectReplies(t, s, c, [][2]string{
		{"getex k px 100000", "$2\r\nv2\r\n"},
		{"getex k ex 10 ex 20", "$2\r\nv2\r\n"},
		{"set k2 v ex 100", strOK},
		{"getset k2 x", "$1\r\nv\r\n"},
	})
	if db.getExpire([]byte("k2")) != -1 {
		t.Fatal("getset keeps ttl")
	}
	expectReplies(t, s, c, [][2]string{
		{"getex k exat 1", "$2\r\nv2\r\n"},
		{"get k", strNil},
		{"set k v", strOK},
		{"getex k pxat 1", "$1\r\nv\r\n"},
		{"get k", strNil},
	})
	if s.stats.expiredKeys != 0 {
		t.Fatalf("getex exat in the past counts as a deletion, not an expiry")
	}
}

func TestStringMset(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	dirty := s.dirty
	expectReplies(t, s, c, [][2]string{
		{"mset a", "-ERR wrong number of arguments for 'mset' command\r\n"},
		{"mset a 1 b", "-ERR wrong number of arguments for 'mset' command\r\n"},
		{"msetnx a 1 b", "-ERR wrong number of arguments for 'msetnx' command\r\n"},
		{"mset a 1 b 2", strOK},
		{"mget a b c", "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n"},
		{"msetnx c 3 a 9", ":0\r\n"},
		{"get c", strNil},
		{"msetnx c 3 d 4", ":1\r\n"},
		{"msetnx e 1 e 2", ":1\r\n"},
		{"get e", "$1\r\n2\r\n"},
		{"mset a x a y", strOK},
		{"get a", "$1\r\ny\r\n"},
	})
	if s.dirty-dirty != 2+2+2+2 {
		t.Fatalf("dirty %d", s.dirty-dirty)
	}
	expectReplies(t, s, c, [][2]string{
		{"set t v ex 100", strOK},
		{"mset t w", strOK},
	})
	if s.dbs[0].getExpire([]byte("t")) != -1 {
		t.Fatal("mset keeps ttl")
	}
}

func TestStringIncrDecr(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.dbAdd(s.dbs[0], []byte("list"), collectionObject(TypeList, EncQuicklist, nil))
	expectReplies(t, s, c, [][2]string{
		{"incr n", ":1\r\n"},
		{"incr n", ":2\r\n"},
		{"decr n", ":1\r\n"},
		{"decr m", ":-1\r\n"},
		{"incrby n 10", ":11\r\n"},
		{"incrby n -20", ":-9\r\n"},
		{"decrby n 1", ":-10\r\n"},
		{"decrby n -10", ":0\r\n"},
		{"incrby n abc", strNoInt},
		{"incrby n 1.5", strNoInt},
		{"incrby n 99999999999999999999", strNoInt},
		{"decrby n -9223372036854775808", "-ERR decrement would overflow\r\n"},
		{"set big 9223372036854775807", strOK},
		{"incr big", "-ERR increment or decrement would overflow\r\n"},
		{"incrby big 0", ":9223372036854775807\r\n"},
		{"set small -9223372036854775808", strOK},
		{"decr small", "-ERR increment or decrement would overflow\r\n"},
		{"incrby small -1", "-ERR increment or decrement would overflow\r\n"},
		{"incrby small 9223372036854775807", ":-1\r\n"},
		{"set s abc", strOK},
		{"incr s", strNoInt},
		{"set s 12a", strOK},
		{"incr s", strNoInt},
		{"set s 007", strOK},
		{"incr s", strNoInt},
		{"set s +7", strOK},
		{"incr s", strNoInt},
		{"set s 10", strOK},
		{"append s 0", ":3\r\n"},
		{"incr s", ":101\r\n"},
		{"incr list", strWrong},
		{"incrby list x", strNoInt},
		{"incrby list 1", strWrong},
		{"decrby list 1", strWrong},
	})
	// INCR keeps the TTL.
	expectReplies(t, s, c, [][2]string{
		{"set t 1 ex 100", strOK},
		{"incr t", ":2\r\n"},
	})
	if s.dbs[0].getExpire([]byte("t")) < 0 {
		t.Fatal("incr dropped ttl")
	}
}

func TestStringIncrbyfloat(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.dbAdd(s.dbs[0], []byte("list"), collectionObject(TypeList, EncQuicklist, nil))
	bulk := func(v string) string { return fmt.Sprintf("$%d\r\n%s\r\n", len(v), v) }
	expectReplies(t, s, c, [][2]string{
		{"incrbyfloat f 10.5", bulk("10.5")},
		{"incrbyfloat f 0.1", bulk("10.6")},
		{"incrbyfloat f 0x1p3", bulk("18.6")},
		{"incrbyfloat f .5", bulk("19.1")},
		{"incrbyfloat f 5.", bulk("24.1")},
		{"incrbyfloat f -24.1", bulk("0")},
		{"set f 3.0e3", strOK},
		{"incrbyfloat f 5.0e3", bulk("8000")},
		{"incrbyfloat f 2.0e2", bulk("8200")},
		{"incrbyfloat g 1.1e-5", bulk("0.000011")},
		{"incrbyfloat z -0.00000000000000000001", bulk("0")},
		{"incrbyfloat z +1.5E+2", bulk("150")},
		{"incrbyfloat h 1e300", bulk("1000000000000000000008997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327135641843653294084255107606016789726652932370030551382947620994540294772781889620606179267611627097410650567187386105690089424915104006144")},
		{"incrbyfloat h 1e300", bulk("2000000000000000000017994648159118387741047888546581495876520164642531293192361871511698304167500994380700745017228549671807185112369345967826192521041497292574654271283687306588168510215212033579453305864740061102765895241989080589545563779241212358535223254194821301134374772211380178849830208012288")},
		{"incrbyfloat i inf", "-ERR increment would produce NaN or Infinity\r\n"},
		{"incrbyfloat i -Infinity", "-ERR increment would produce NaN or Infinity\r\n"},
		{"incrbyfloat i nan", "-ERR value is not a valid float\r\n"},
		{"incrbyfloat i abc", "-ERR value is not a valid float\r\n"},
		{"incrbyfloat i 1e", "-ERR value is not a valid float\r\n"},
		{"incrbyfloat i 0x", "-ERR value is not a valid float\r\n"},
		{"incrbyfloat i 1e-5000", "-ERR value is not a valid float\r\n"},
		{"incrbyfloat i 1e5000", "-ERR value is not a valid float\r\n"},
		{"incrbyfloat i 1_0", "-ERR value is not a valid float\r\n"},
		{"set m 1.1e4932", strOK},
		{"incrbyfloat m 1.1e4932", "-ERR increment would produce NaN or Infinity\r\n"},
		{"set m inf", strOK},
		{"incrbyfloat m 1", "-ERR increment would produce NaN or Infinity\r\n"},
		{"set m x", strOK},
		{"incrbyfloat m 1", "-ERR value is not a valid float\r\n"},
		{"set m 7", strOK},
		{"incrbyfloat m 1", bulk("8")},
		{"incrbyfloat list 1", strWrong},
	})
	for _, bad := range []string{" 1", "1 ", "", "\t1"} {
		if got := s.run(c, "incrbyfloat", "i", bad); got != "-ERR value is not a valid float\r\n" {
			t.Fatalf("%q: %q", bad, got)
		}
	}
	expectReplies(t, s, c, [][2]string{
		{"set t 1 ex 100", strOK},
		{"incrbyfloat t 1", bulk("2")},
	})
	if s.dbs[0].getExpire([]byte("t")) < 0 {
		t.Fatal("incrbyfloat dropped ttl")
	}
}

func TestStringAppendStrlenRange(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.dbAdd(s.dbs[0], []byte("list"), collectionObject(TypeList, EncQuicklist, nil))
	expectReplies(t, s, c, [][2]string{
		{"strlen k", ":0\r\n"},
		{"append k hello", ":5\r\n"},
		{"append k world", ":10\r\n"},
		{"get k", "$10\r\nhelloworld\r\n"},
		{"strlen k", ":10\r\n"},
		{"append list x", strWrong},
		{"strlen list", strWrong},
		{"set n 12345", strOK},
		{"strlen n", ":5\r\n"},
		{"append n 6", ":6\r\n"},
		{"get n", "$6\r\n123456\r\n"},
		{"getrange k 0 4", "$5\r\nhello\r\n"},
		{"getrange k -5 -1", "$5\r\nworld\r\n"},
		{"getrange k 5 100", "$5\r\nworld\r\n"},
		{"getrange k -100 2", "$3\r\nhel\r\n"},
		{"getrange k -1 -5", "$0\r\n\r\n"},
		{"getrange k 5 3", "$0\r\n\r\n"},
		{"getrange k 20 30", "$0\r\n\r\n"},
		{"getrange k 0 -100", "$1\r\nh\r\n"},
		{"getrange k 0 9223372036854775807", "$10\r\nhelloworld\r\n"},
		{"getrange k -9223372036854775808 -9223372036854775807", "$1\r\nh\r\n"},
		{"substr k 1 2", "$2\r\nel\r\n"},
		{"getrange nosuch 0 1", "$0\r\n\r\n"},
		{"getrange k a 1", strNoInt},
		{"getrange k 0 b", strNoInt},
		{"getrange list 0 1", strWrong},
		{"getrange n 1 3", "$3\r\n234\r\n"},
		{"setrange k -1 x", "-ERR offset is out of range\r\n"},
		{"setrange k a x", strNoInt},
		{"setrange k 5 W", ":10\r\n"},
		{"get k", "$10\r\nhelloWorld\r\n"},
		{"setrange k 12 !", ":13\r\n"},
		{"get k", "$13\r\nhelloWorld\x00\x00!\r\n"},
		{"setrange new 3 abc", ":6\r\n"},
		{"get new", "$6\r\n\x00\x00\x00abc\r\n"},
		{"setrange list 0 x", strWrong},
		{"setrange n 0 9", ":6\r\n"},
		{"get n", "$6\r\n923456\r\n"},
		{"setrange k 536870912 x", "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n"},
		{"setrange nosuch2 536870912 x", "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n"},
	})
	if got := s.run(c, "setrange", "nosuch3", "5", ""); got != ":0\r\n" {
		t.Fatal(got)
	}
	if got := s.run(c, "setrange", "k", "100", ""); got != ":13\r\n" {
		t.Fatal(got)
	}
	if strTestEnc(s, "nosuch3") != "" {
		t.Fatal("empty setrange created the key")
	}
	if got := s.run(c, "append", "k", ""); got != ":13\r\n" {
		t.Fatal(got)
	}
	// Growing through APPEND keeps earlier content and is amortized.
	var want strings.Builder
	for i := 0; i < 2000; i++ {
		chunk := fmt.Sprintf("<%d>", i)
		want.WriteString(chunk)
		if got := s.run(c, "append", "grow", chunk); got != fmt.Sprintf(":%d\r\n", want.Len()) {
			t.Fatal(got)
		}
	}
	if got := s.run(c, "get", "grow"); got != fmt.Sprintf("$%d\r\n%s\r\n", want.Len(), want.String()) {
		t.Fatal("append content")
	}
	c.argv = [][]byte{[]byte("append"), []byte("grow"), []byte("x")}
	allocs := testing.AllocsPerRun(100, func() {
		s.processCommand(c)
		c.reply = c.reply[:0]
	})
	if allocs > 0.1 {
		t.Fatalf("APPEND allocates %.2f per call", allocs)
	}
	c.argv = nil
}

func TestStringLCS(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.dbAdd(s.dbs[0], []byte("list"), collectionObject(TypeList, EncQuicklist, nil))
	expectReplies(t, s, c, [][2]string{
		{"lcs a b", "$0\r\n\r\n"},
		{"set a ohmytext", strOK},
		{"set b mynewtext", strOK},
		{"lcs a b", "$6\r\nmytext\r\n"},
		{"lcs a b len", ":6\r\n"},
		{"lcs a b LEN", ":6\r\n"},
		{"lcs a b idx", "*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n"},
		{"lcs a b idx minmatchlen 4 withmatchlen", "*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n"},
		{"lcs a b idx withmatchlen", "*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n"},
		{"lcs a b idx minmatchlen -5", "*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n"},
		{"lcs a nosuch idx", "*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n"},
		{"lcs a b idx len", "-ERR If you want both the length and indexes, please just use IDX.\r\n"},
		{"lcs a b foo", strSynt},
		{"lcs a b minmatchlen", strSynt},
		{"lcs a b minmatchlen x", strNoInt},
		{"lcs list b", "-ERR The specified keys must contain string values\r\n"},
		{"lcs a list", "-ERR The specified keys must contain string values\r\n"},
		{"set n1 12345", strOK},
		{"set n2 2945", strOK},
		{"lcs n1 n2", "$3\r\n245\r\n"},
	})
	c.proto = 3
	expectReplies(t, s, c, [][2]string{
		{"lcs a b idx minmatchlen 4", "%2\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n$3\r\nlen\r\n:6\r\n"},
	})
}

func TestStringDirty(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	cases := []struct {
		cmd   string
		dirty int64
	}{
		{"set a 1", 1}, {"set a 1 nx", 0}, {"get a", 0}, {"incr a", 1}, {"incrby a x", 0},
		{"append a x", 1}, {"setrange a 0 y", 1}, {"mset a 1 b 2 c 3", 3}, {"msetnx a 1 d 1", 0},
		{"getdel a", 1}, {"getdel a", 0}, {"getex b", 0}, {"getex b ex 10", 1}, {"getex b persist", 1},
		{"getset b 5", 1}, {"incrbyfloat b 1", 1}, {"setnx b 1", 0}, {"setex b 10 1", 1},
	}
	for _, tc := range cases {
		d := s.dirty
		s.run(c, strings.Fields(tc.cmd)...)
		if s.dirty-d != tc.dirty {
			t.Fatalf("%s: dirty +%d, want +%d", tc.cmd, s.dirty-d, tc.dirty)
		}
	}
}

func TestStringCommandTable(t *testing.T) {
	s := newTestServer(t)
	want := map[string]string{
		"set": "-3 write|denyoom 1 1 1", "get": "2 readonly|fast 1 1 1", "getdel": "2 write|fast 1 1 1",
		"getex": "-2 write|fast 1 1 1", "getset": "3 write|denyoom|fast 1 1 1", "mget": "-2 readonly|fast 1 -1 1",
		"mset": "-3 write|denyoom 1 -1 2", "msetnx": "-3 write|denyoom 1 -1 2", "setnx": "3 write|denyoom|fast 1 1 1",
		"setex": "4 write|denyoom 1 1 1", "psetex": "4 write|denyoom 1 1 1", "incr": "2 write|denyoom|fast 1 1 1",
		"incrbyfloat": "3 write|denyoom|fast 1 1 1", "append": "3 write|denyoom|fast 1 1 1",
		"strlen": "2 readonly|fast 1 1 1", "getrange": "4 readonly 1 1 1", "substr": "4 readonly 1 1 1",
		"setrange": "4 write|denyoom 1 1 1", "lcs": "-3 readonly 1 2 1",
		"setbit": "4 write|denyoom 1 1 1", "getbit": "3 readonly|fast 1 1 1", "bitcount": "-2 readonly 1 1 1",
		"bitpos": "-3 readonly 1 1 1", "bitop": "-4 write|denyoom 2 -1 1", "bitfield": "-2 write|denyoom 1 1 1",
		"bitfield_ro": "-2 readonly|fast 1 1 1",
	}
	for name, w := range want {
		cmd := s.commands[name]
		if cmd == nil {
			t.Fatalf("%s missing", name)
		}
		var fl []string
		for _, f := range flagNames {
			if cmd.Flags&f.f != 0 {
				fl = append(fl, f.name)
			}
		}
		got := fmt.Sprintf("%d %s %d %d %d", cmd.Arity, strings.Join(fl, "|"), cmd.FirstKey, cmd.LastKey, cmd.Step)
		if got != w {
			t.Errorf("%s: got %q, want %q", name, got, w)
		}
		if cmd.Group == "" || cmd.Since == "" || cmd.Summary == "" || cmd.Complex == "" {
			t.Errorf("%s: docs missing", name)
		}
	}
}

// TestStringAllocs: GET and SET of an existing key don't allocate.
func TestStringAllocs(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.run(c, "set", "key:1", "xxx")
	s.run(c, "set", "counter", "1")
	measure := func(args ...string) float64 {
		c.argv = c.argv[:0]
		for _, a := range args {
			c.argv = append(c.argv, []byte(a))
		}
		n := testing.AllocsPerRun(200, func() {
			s.processCommand(c)
			c.reply = c.reply[:0]
		})
		c.argv = nil
		return n
	}
	for _, args := range [][]string{
		{"get", "key:1"},
		{"set", "key:1", "xxx"},
		{"set", "counter", "12345"},
		{"incr", "counter"},
		{"get", "counter"},
		{"mget", "key:1", "counter", "nosuch"},
		{"mset", "key:1", "xxx", "counter", "7"},
		{"set", "key:1", "xxx", "EX", "100"},
	} {
		if n := measure(args...); n != 0 {
			t.Errorf("%v: %.1f allocs", args, n)
		}
	}
	// A different value costs exactly the one allocation it stores.
	i := 0
	vals := [][]byte{[]byte("aaa"), []byte("bbb")}
	c.argv = [][]byte{[]byte("set"), []byte("key:1"), nil}
	n := testing.AllocsPerRun(200, func() {
		c.argv[2] = vals[i&1]
		i++
		s.processCommand(c)
		c.reply = c.reply[:0]
	})
	c.argv = nil
	if n > 1 {
		t.Errorf("set new value: %.1f allocs", n)
	}
}

func BenchmarkStringSetGet(b *testing.B) {
	s := newTestServer(b)
	c := s.fakeClient()
	set := [][]byte{[]byte("set"), []byte("key:000001"), []byte("xxx")}
	get := [][]byte{[]byte("get"), []byte("key:000001")}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		c.argv = set
		s.processCommand(c)
		c.argv = get
		s.processCommand(c)
		c.reply = c.reply[:0]
	}
}

// --- differential testing against a real redis-server ---------------------
//
// AEON_REF_ADDR=127.0.0.1:7001 go test ./server/ -run Differential
// compares random string/bitmap commands with a reference redis-server
// (FLUSHALL is sent to it). Skipped when the variable is unset.

type strRef struct {
	conn net.Conn
	r    *bufio.Reader
}

func strDialRef(t *testing.T) *strRef {
	addr := os.Getenv("AEON_REF_ADDR")
	if addr == "" {
		t.Skip("AEON_REF_ADDR not set")
	}
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Skip(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &strRef{conn: conn, r: bufio.NewReader(conn)}
}

func (r *strRef) do(t *testing.T, args ...string) string {
	var b []byte
	b = fmt.Appendf(b, "*%d\r\n", len(args))
	for _, a := range args {
		b = fmt.Appendf(b, "$%d\r\n%s\r\n", len(a), a)
	}
	if _, err := r.conn.Write(b); err != nil {
		t.Fatal(err)
	}
	raw, err := resp.ReadRaw(r.r)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func strDifferential(t *testing.T, gen func(rng *rand.Rand) []string, n int) {
	ref := strDialRef(t)
	ref.do(t, "flushall")
	s := newTestServer(t)
	c := s.fakeClient()
	rng := rand.New(rand.NewSource(1))
	var hist []string
	for i := 0; i < n; i++ {
		args := gen(rng)
		hist = append(hist, fmt.Sprintf("%q", args))
		if len(hist) > 12 {
			hist = hist[1:]
		}
		want := ref.do(t, args...)
		got := s.run(c, args...)
		if got != want {
			t.Fatalf("%q:\n got %q\nwant %q\nhistory:\n%s", args, got, want, strings.Join(hist, "\n"))
		}
	}
}

func strRandInt(rng *rand.Rand) string {
	switch rng.Intn(10) {
	case 0:
		return fmt.Sprint(rng.Int63() - rng.Int63())
	case 1:
		return "x"
	case 2:
		return fmt.Sprint(-rng.Intn(30))
	default:
		return fmt.Sprint(rng.Intn(40) - 5)
	}
}

func TestStringDifferential(t *testing.T) {
	keys := []string{"a", "b", "c"}
	vals := []string{"", "0", "12", "-5", "hello", "ohmytext", "mynewtext", "3.5", "1e3", strings.Repeat("ab", 30), "007"}
	floats := []string{"0.1", "10.5", "-3.25", "1e10", "1.1e-5", "5.0e3", "2e2", "123456789.987654321", "1e300", "-1e-300", "0x1p-3", "inf", "abc", "1e4000"}
	strDifferential(t, func(rng *rand.Rand) []string {
		k := keys[rng.Intn(len(keys))]
		v := vals[rng.Intn(len(vals))]
		switch rng.Intn(13) {
		case 0:
			return []string{"set", k, v}
		case 1:
			return []string{"get", k}
		case 2:
			return []string{"append", k, v}
		case 3:
			return []string{"incrby", k, strRandInt(rng)}
		case 4:
			return []string{"incrbyfloat", k, floats[rng.Intn(len(floats))]}
		case 5:
			return []string{"getrange", k, strRandInt(rng), strRandInt(rng)}
		case 6:
			return []string{"setrange", k, fmt.Sprint(rng.Intn(20)), v}
		case 7:
			return []string{"strlen", k}
		case 8:
			args := []string{"lcs", k, keys[rng.Intn(len(keys))]}
			for _, o := range []string{"len", "idx", "withmatchlen"} {
				if rng.Intn(2) == 0 {
					args = append(args, o)
				}
			}
			if rng.Intn(2) == 0 {
				args = append(args, "minmatchlen", strRandInt(rng))
			}
			return args
		case 9:
			return []string{"mget", k, keys[rng.Intn(len(keys))], "nosuch"}
		case 10:
			return []string{"getset", k, v}
		case 11:
			return []string{"getdel", k}
		default:
			return []string{"set", k, v, []string{"nx", "xx", "get", "keepttl"}[rng.Intn(4)]}
		}
	}, 20000)
}

func TestStringFloatDifferential(t *testing.T) {
	keys := []string{"a", "b"}
	randFloat := func(rng *rand.Rand) string {
		switch rng.Intn(6) {
		case 0:
			return fmt.Sprintf("%d.%d", rng.Intn(1000)-500, rng.Intn(1000))
		case 1:
			return fmt.Sprintf("%de%d", rng.Intn(100000)-50000, rng.Intn(80)-40)
		case 2:
			return fmt.Sprintf("%.*g", 1+rng.Intn(20), rng.NormFloat64()*1e6)
		case 3:
			return fmt.Sprintf("%.3fe%d", rng.Float64()*10, rng.Intn(700)-350)
		case 4:
			return fmt.Sprintf("0x%xp%d", rng.Intn(1<<20), rng.Intn(40)-20)
		default:
			return fmt.Sprint(rng.Intn(200) - 100)
		}
	}
	strDifferential(t, func(rng *rand.Rand) []string {
		k := keys[rng.Intn(len(keys))]
		if rng.Intn(8) == 0 {
			return []string{"set", k, randFloat(rng)}
		}
		return []string{"incrbyfloat", k, randFloat(rng)}
	}, 20000)
}

func TestStringOptionsDifferential(t *testing.T) {
	keys := []string{"a", "b"}
	toks := []string{"nx", "xx", "get", "keepttl", "ex", "px", "exat", "pxat", "persist", "100000", "0", "-1", "abc", "EX", "Get", "99999999999", "9223372036854775807"}
	strDifferential(t, func(rng *rand.Rand) []string {
		k := keys[rng.Intn(len(keys))]
		var args []string
		switch rng.Intn(5) {
		case 0, 1:
			args = []string{"set", k, "v"}
		case 2:
			args = []string{"getex", k}
		case 3:
			return []string{[]string{"setex", "psetex"}[rng.Intn(2)], k, toks[rng.Intn(len(toks))], "v"}
		default:
			return []string{"set", k, "v"}
		}
		for n := rng.Intn(5); n > 0; n-- {
			args = append(args, toks[rng.Intn(len(toks))])
		}
		return args
	}, 20000)
}
