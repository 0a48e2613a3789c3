package server

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Reply shorthands for the tables below.
func rInt(n int64) string { return ":" + strconv.FormatInt(n, 10) + "\r\n" }
func rBulk(s string) string {
	return "$" + strconv.Itoa(len(s)) + "\r\n" + s + "\r\n"
}
func rErr(s string) string { return "-" + s + "\r\n" }

const (
	rOK   = "+OK\r\n"
	rNull = "$-1\r\n"
)

func rArr(elems ...string) string {
	return "*" + strconv.Itoa(len(elems)) + "\r\n" + strings.Join(elems, "")
}

// setStr stores a string value directly (the string commands live in
// another group).
func setStr(s *Server, db *DB, key, val string) {
	s.setStringKey(nil, db, []byte(key), []byte(val), false)
}

// expireNow gives key an expiry already in the past without deleting it,
// as if its time had run out since it was set.
func expireNow(s *Server, db *DB, key string) {
	s.setExpire(db, []byte(key), time.Now().UnixMilli()-1000)
}

func wrongArgs(cmd string) string {
	return rErr("ERR wrong number of arguments for '" + cmd + "' command")
}

func TestKeysCommandTable(t *testing.T) {
	s := newTestServer(t)
	// name arity flags first last step categories, as Redis 7.0's COMMAND INFO.
	want := []string{
		"del -2 [write] 1 -1 1 [keyspace write slow]",
		"unlink -2 [write fast] 1 -1 1 [keyspace write fast]",
		"exists -2 [readonly fast] 1 -1 1 [keyspace read fast]",
		"type 2 [readonly fast] 1 1 1 [keyspace read fast]",
		"keys 2 [readonly] 0 0 0 [keyspace read slow dangerous]",
		"scan -2 [readonly] 0 0 0 [keyspace read slow]",
		"randomkey 1 [readonly] 0 0 0 [keyspace read slow]",
		"rename 3 [write] 1 2 1 [keyspace write slow]",
		"renamenx 3 [write fast] 1 2 1 [keyspace write fast]",
		"copy -3 [write denyoom] 1 2 1 [keyspace write slow]",
		"move 3 [write fast] 1 1 1 [keyspace write fast]",
		"touch -2 [readonly fast] 1 -1 1 [keyspace read fast]",
		"expire -3 [write fast] 1 1 1 [keyspace write fast]",
		"pexpire -3 [write fast] 1 1 1 [keyspace write fast]",
		"expireat -3 [write fast] 1 1 1 [keyspace write fast]",
		"pexpireat -3 [write fast] 1 1 1 [keyspace write fast]",
		"ttl 2 [readonly fast] 1 1 1 [keyspace read fast]",
		"pttl 2 [readonly fast] 1 1 1 [keyspace read fast]",
		"expiretime 2 [readonly fast] 1 1 1 [keyspace read fast]",
		"pexpiretime 2 [readonly fast] 1 1 1 [keyspace read fast]",
		"persist 2 [write fast] 1 1 1 [keyspace write fast]",
		"object -2 [] 0 0 0 [slow]",
		"object|encoding 3 [readonly] 2 2 1 [keyspace read slow]",
		"object|freq 3 [readonly] 2 2 1 [keyspace read slow]",
		"object|idletime 3 [readonly] 2 2 1 [keyspace read slow]",
		"object|refcount 3 [readonly] 2 2 1 [keyspace read slow]",
		"object|help 2 [loading stale] 0 0 0 [keyspace slow]",
		"dbsize 1 [readonly fast] 0 0 0 [keyspace read fast]",
		"flushdb -1 [write] 0 0 0 [keyspace write slow dangerous]",
		"flushall -1 [write] 0 0 0 [keyspace write slow dangerous]",
		"swapdb 3 [write fast] 0 0 0 [keyspace write fast dangerous]",
	}
	for _, w := range want {
		name := strings.Fields(w)[0]
		cmd := s.commands[name]
		if parent, sub, ok := strings.Cut(name, "|"); ok {
			cmd = s.commands[parent].subs[sub]
		}
		if cmd == nil {
			t.Errorf("%s: missing", name)
			continue
		}
		var flags, cats []string
		for _, f := range flagNames {
			if cmd.Flags&f.f != 0 {
				flags = append(flags, f.name)
			}
		}
		for i, n := range catNames {
			if cmd.Cats&(1<<i) != 0 {
				cats = append(cats, n)
			}
		}
		// Redis lists categories in this order: keyspace, read/write, fast/slow, dangerous.
		order := map[string]int{"keyspace": 0, "read": 1, "write": 1, "fast": 2, "slow": 2, "dangerous": 3}
		slices.SortFunc(cats, func(a, b string) int { return order[a] - order[b] })
		got := fmt.Sprintf("%s %d %v %d %d %d %v", cmd.Name, cmd.Arity, flags, cmd.FirstKey, cmd.LastKey, cmd.Step, cats)
		got = strings.ReplaceAll(got, "[[]]", "[]")
		if got != w {
			t.Errorf("got  %s\nwant %s", got, w)
		}
		if cmd.Group != "generic" || cmd.Since == "" || cmd.Summary == "" || cmd.Complex == "" {
			t.Errorf("%s: docs missing", name)
		}
	}
}

func TestKeysDelExistsTypeTouch(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	db := s.dbs[0]
	for _, k := range []string{"a", "b", "c", "d"} {
		setStr(s, db, k, "v")
	}
	db.dict.Insert("list", s.newListObject())
	expireNow(s, db, "d")
	dirty := s.dirty
	expectReplies(t, s, c, [][2]string{
		{"del", wrongArgs("del")},
		{"unlink", wrongArgs("unlink")},
		{"exists", wrongArgs("exists")},
		{"type", wrongArgs("type")},
		{"type a b", wrongArgs("type")},
		{"touch", wrongArgs("touch")},
		{"exists a a a nosuch", rInt(3)}, // duplicates count
		{"exists d", rInt(0)},            // expired
		{"touch a b nosuch a", rInt(3)},
		{"type a", "+string\r\n"},
		{"type list", "+list\r\n"},
		{"type nosuch", "+none\r\n"},
		{"del a nosuch a", rInt(1)},
		{"unlink b c", rInt(2)},
		{"del b", rInt(0)},
		{"exists a b c", rInt(0)},
		{"DEL LIST", rInt(0)},
		{"Del list", rInt(1)},
	})
	if s.dirty-dirty < 4 {
		t.Fatalf("dirty grew by %d, want >= 4", s.dirty-dirty)
	}
	if db.Len() != 0 {
		t.Fatalf("db has %d keys", db.Len())
	}
}

func TestKeysKeys(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	db := s.dbs[0]
	for _, k := range []string{"hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo", "Hello"} {
		setStr(s, db, k, "v")
	}
	sorted := func(args ...string) []string {
		v := s.run(c, args...)
		lines := strings.Split(strings.TrimSuffix(v, "\r\n"), "\r\n")
		var keys []string
		for i := 2; i < len(lines); i += 2 {
			keys = append(keys, lines[i])
		}
		slices.Sort(keys)
		if want := "*" + strconv.Itoa(len(keys)); lines[0] != want {
			t.Fatalf("%v: header %q, want %q", args, lines[0], want)
		}
		return keys
	}
	cases := []struct {
		pat  string
		want []string
	}{
		{"*", []string{"Hello", "h*llo", "hallo", "heeeello", "hello", "hllo", "hxllo"}},
		{"h?llo", []string{"h*llo", "hallo", "hello", "hxllo"}},
		{"h*llo", []string{"h*llo", "hallo", "heeeello", "hello", "hllo", "hxllo"}},
		{"h[ae]llo", []string{"hallo", "hello"}},
		{"h[^e]llo", []string{"h*llo", "hallo", "hxllo"}},
		{"h[a-b]llo", []string{"hallo"}},
		{"h\\*llo", []string{"h*llo"}},
		{"nomatch*", nil},
	}
	for _, tc := range cases {
		if got := sorted("keys", tc.pat); !slices.Equal(got, tc.want) {
			t.Errorf("KEYS %s: got %q, want %q", tc.pat, got, tc.want)
		}
	}
	// Expired keys are not listed, and not deleted by KEYS either.
	expireNow(s, db, "hello")
	if got := sorted("keys", "h?llo"); !slices.Equal(got, []string{"h*llo", "hallo", "hxllo"}) {
		t.Fatalf("KEYS after expiry: %q", got)
	}
	if got := sorted("keys", "*"); len(got) != 6 {
		t.Fatalf("KEYS * after expiry: %q", got)
	}
	expectReplies(t, s, c, [][2]string{
		{"keys", wrongArgs("keys")},
		{"keys a b", wrongArgs("keys")},
		{"select 1", rOK},
		{"keys *", "*0\r\n"},
	})
}

func TestKeysKeysLarge(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	db := s.dbs[0]
	for i := 0; i < 20000; i++ {
		setStr(s, db, "key:"+strconv.Itoa(i), "v")
	}
	out := s.run(c, "keys", "key:1*")
	// 1, 10-19, 100-199, 1000-1999, 10000-19999
	if !strings.HasPrefix(out, "*11111\r\n") {
		t.Fatalf("KEYS key:1* header %q", out[:min(20, len(out))])
	}
}

// scanAll runs SCAN to completion and returns every key returned (with
// repeats) and the number of calls.
func scanAll(t *testing.T, s *Server, c *Client, between func(call int), args ...string) ([]string, int) {
	t.Helper()
	cursor := "0"
	var keys []string
	calls := 0
	for {
		v := s.run(c, append([]string{"scan", cursor}, args...)...)
		cur, ks := parseScanReply(t, v)
		keys = append(keys, ks...)
		calls++
		if cur == "0" {
			return keys, calls
		}
		if calls > 100000 {
			t.Fatal("SCAN does not terminate")
		}
		if between != nil {
			between(calls)
		}
		cursor = cur
	}
}

func parseScanReply(t *testing.T, v string) (string, []string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(v, "\r\n"), "\r\n")
	if len(lines) < 4 || lines[0] != "*2" || lines[1][0] != '$' || lines[3][0] != '*' {
		t.Fatalf("bad SCAN reply %q", v)
	}
	n, _ := strconv.Atoi(lines[3][1:])
	var keys []string
	for i := 0; i < n; i++ {
		keys = append(keys, lines[5+2*i])
	}
	if len(lines) != 4+2*n {
		t.Fatalf("bad SCAN reply %q", v)
	}
	return lines[2], keys
}

func TestKeysScanBasics(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	db := s.dbs[0]
	expectReplies(t, s, c, [][2]string{
		{"scan", wrongArgs("scan")},
		{"scan 0", rArr(rBulk("0"), "*0\r\n")},
		{"scan x", rErr("ERR invalid cursor")},
		{"scan 1x", rErr("ERR invalid cursor")},
		{"scan -", rErr("ERR invalid cursor")},
		{"scan 18446744073709551616", rErr("ERR invalid cursor")},
		{"scan 0 count", rErr("ERR syntax error")},
		{"scan 0 count 0", rErr("ERR syntax error")},
		{"scan 0 count -1", rErr("ERR syntax error")},
		{"scan 0 count x", rErr("ERR value is not an integer or out of range")},
		{"scan 0 match", rErr("ERR syntax error")},
		{"scan 0 type", rErr("ERR syntax error")},
		{"scan 0 foo bar", rErr("ERR syntax error")},
		{"scan 0 type string type", rErr("ERR syntax error")},
	})
	// strtoul-style cursors are accepted.
	for _, cur := range []string{"", "+0", "-0", "18446744073709551615", "-18446744073709551615", "7\x00junk"} {
		if v := s.run(c, "scan", cur); !strings.HasPrefix(v, "*2\r\n") {
			t.Errorf("SCAN %q: %q", cur, v)
		}
	}
	if v := s.run(c, "scan", " 1"); v != rErr("ERR invalid cursor") {
		t.Errorf("SCAN ' 1': %q", v)
	}
	for _, tc := range []struct {
		in   string
		want uint64
		ok   bool
	}{{"", 0, true}, {"42", 42, true}, {"+42", 42, true}, {"-1", 1<<64 - 1, true}, {"-", 0, false}, {"\x00", 0, true}, {"4\x002", 4, true}, {"\t1", 0, false}} {
		v, ok := parseScanCursor([]byte(tc.in))
		if v != tc.want || ok != tc.ok {
			t.Errorf("parseScanCursor(%q) = %d, %v", tc.in, v, ok)
		}
	}

	for i := 0; i < 1000; i++ {
		setStr(s, db, "key:"+strconv.Itoa(i), strconv.Itoa(i))
	}
	db.dict.Insert("alist", s.newListObject())
	keys, calls := scanAll(t, s, c, nil)
	slices.Sort(keys)
	keys = slices.Compact(keys)
	if len(keys) != 1001 {
		t.Fatalf("SCAN returned %d distinct keys, want 1001", len(keys))
	}
	if calls < 50 {
		t.Fatalf("SCAN with default COUNT took only %d calls", calls)
	}
	_, calls = scanAll(t, s, c, nil, "COUNT", "500")
	if calls > 10 {
		t.Fatalf("SCAN COUNT 500 took %d calls", calls)
	}
	keys, _ = scanAll(t, s, c, nil, "match", "key:1?", "count", "100")
	slices.Sort(keys)
	keys = slices.Compact(keys)
	if !slices.Equal(keys, []string{"key:10", "key:11", "key:12", "key:13", "key:14", "key:15", "key:16", "key:17", "key:18", "key:19"}) {
		t.Fatalf("SCAN MATCH: %q", keys)
	}
	keys, _ = scanAll(t, s, c, nil, "type", "LIST")
	if !slices.Equal(slices.Compact(keys), []string{"alist"}) {
		t.Fatalf("SCAN TYPE list: %q", keys)
	}
	keys, _ = scanAll(t, s, c, nil, "type", "hash")
	if len(keys) != 0 {
		t.Fatalf("SCAN TYPE hash: %q", keys)
	}
	// ASCII-only case folding, as strcasecmp: U+017F does not fold to 's'.
	keys, _ = scanAll(t, s, c, nil, "type", "\u017ftring")
	if len(keys) != 0 {
		t.Fatalf("SCAN TYPE with a non-ASCII fold: %q", keys)
	}
	keys, _ = scanAll(t, s, c, nil, "type", "string", "match", "key:99?", "count", "1000")
	slices.Sort(keys)
	if len(slices.Compact(keys)) != 10 {
		t.Fatalf("SCAN TYPE+MATCH: %q", keys)
	}

	// Expired keys are skipped, and deleted on the way.
	for i := 0; i < 1000; i += 2 {
		expireNow(s, db, "key:"+strconv.Itoa(i))
	}
	keys, _ = scanAll(t, s, c, nil, "count", "50")
	slices.Sort(keys)
	keys = slices.Compact(keys)
	if len(keys) != 501 {
		t.Fatalf("SCAN after expiry returned %d keys, want 501", len(keys))
	}
	if db.Len() != 501 {
		t.Fatalf("SCAN did not delete expired keys: %d left", db.Len())
	}
}

// TestKeysScanGuarantee: every key present for the whole scan is returned,
// however many keys are added and removed between calls (growing and
// shrinking the table).
func TestKeysScanGuarantee(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	db := s.dbs[0]
	const stable = 500
	for i := 0; i < stable; i++ {
		setStr(s, db, "stable:"+strconv.Itoa(i), "v")
	}
	count := map[string]string{"grow": "10", "shrink": "100", "churn": "10"}
	for _, phase := range []string{"grow", "shrink", "churn"} {
		if phase == "shrink" {
			for i := 0; i < 20000; i++ {
				setStr(s, db, "tmp:"+strconv.Itoa(i), "v")
			}
		}
		n := 0
		between := func(call int) {
			switch phase {
			case "grow":
				for j := 0; j < 8; j++ {
					setStr(s, db, "tmp:"+strconv.Itoa(n), "v")
					n++
				}
			case "shrink":
				for j := 0; j < 1000 && n < 20000; j++ {
					db.dict.Delete([]byte("tmp:" + strconv.Itoa(n)))
					n++
				}
				db.dict.TryShrink()
			case "churn":
				for j := 0; j < 50; j++ {
					setStr(s, db, "churn:"+strconv.Itoa(n), "v")
					db.dict.Delete([]byte("churn:" + strconv.Itoa(n-25)))
					n++
				}
			}
			db.dict.RehashMicroseconds(50)
		}
		keys, calls := scanAll(t, s, c, between, "match", "stable:*", "count", count[phase])
		t.Logf("%s: %d calls, %d keys at the end", phase, calls, db.Len())
		seen := map[string]bool{}
		for _, k := range keys {
			seen[k] = true
		}
		for i := 0; i < stable; i++ {
			if !seen["stable:"+strconv.Itoa(i)] {
				t.Fatalf("%s: stable:%d not returned by SCAN", phase, i)
			}
		}
		if len(seen) != stable {
			t.Fatalf("%s: %d distinct stable keys, want %d", phase, len(seen), stable)
		}
		s.run(c, "flushdb")
		for i := 0; i < stable; i++ {
			setStr(s, db, "stable:"+strconv.Itoa(i), "v")
		}
	}
}

func TestKeysRandomkey(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	db := s.dbs[0]
	expectReplies(t, s, c, [][2]string{
		{"randomkey", rNull},
		{"randomkey x", wrongArgs("randomkey")},
	})
	setStr(s, db, "live", "v")
	for i := 0; i < 50; i++ {
		k := "dead:" + strconv.Itoa(i)
		setStr(s, db, k, "v")
		expireNow(s, db, k)
	}
	for i := 0; i < 20; i++ {
		if got := s.run(c, "randomkey"); got != rBulk("live") {
			t.Fatalf("RANDOMKEY = %q", got)
		}
	}
	s.run(c, "del", "live")
	for i := 0; i < 5; i++ {
		setStr(s, db, "dead2:"+strconv.Itoa(i), "v")
		expireNow(s, db, "dead2:"+strconv.Itoa(i))
	}
	if got := s.run(c, "randomkey"); got != rNull {
		t.Fatalf("RANDOMKEY with only expired keys = %q", got)
	}
	if db.Len() != 0 {
		t.Fatalf("%d keys left", db.Len())
	}
	c.proto = 3
	expectReplies(t, s, c, [][2]string{{"randomkey", "_\r\n"}, {"object encoding nosuch", "_\r\n"}})
}

func TestKeysRename(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	db := s.dbs[0]
	setStr(s, db, "a", "hello")
	setStr(s, db, "b", "world")
	setStr(s, db, "n", "123")
	long := strings.Repeat("x", 100)
	setStr(s, db, "raw", long)
	expectReplies(t, s, c, [][2]string{
		{"rename a", wrongArgs("rename")},
		{"renamenx a", wrongArgs("renamenx")},
		{"rename nosuch x", rErr("ERR no such key")},
		{"renamenx nosuch x", rErr("ERR no such key")},
		{"rename nosuch nosuch", rErr("ERR no such key")},
		{"rename a a", rOK},
		{"renamenx a a", rInt(0)},
		{"renamenx a b", rInt(0)},
		{"pexpireat a 99999999999999", rInt(1)},
		{"rename a c", rOK},
		{"exists a", rInt(0)},
		{"pexpiretime c", rInt(99999999999999)},
		{"rename c b", rOK}, // overwrites b, which had no TTL: TTL moves along
		{"pexpiretime b", rInt(99999999999999)},
		{"rename n b", rOK}, // n had no TTL: b's is dropped with the old b
		{"ttl b", rInt(-1)},
		{"object encoding b", rBulk("int")},
		{"renamenx raw fresh", rInt(1)},
		{"object encoding fresh", rBulk("raw")},
		{"dbsize", rInt(2)},
	})
	e := db.dict.Find([]byte("fresh"))
	if e == nil || string(e.Val.strBytes(nil)) != long {
		t.Fatal("renamed value lost")
	}
	// An embstr value keeps its bytes when its key's allocation changes.
	setStr(s, db, "e1", "embedded")
	expectReplies(t, s, c, [][2]string{
		{"rename e1 e2", rOK},
		{"object encoding e2", rBulk("embstr")},
	})
	if e := db.dict.Find([]byte("e2")); e == nil || string(e.Val.strBytes(nil)) != "embedded" {
		t.Fatal("embstr value lost")
	}
	// The value keeps its access time, which the source lookup refreshed
	// (as Redis's lookupKeyWrite does).
	db.dict.Find([]byte("e2")).Val.lru = (s.lruClock - 50) & lruClockMax
	s.run(c, "rename", "e2", "e3")
	if got := s.run(c, "object", "idletime", "e3"); got != rInt(0) {
		t.Fatalf("idletime after rename %q", got)
	}
	// An expired source is missing.
	setStr(s, db, "old", "v")
	expireNow(s, db, "old")
	expectReplies(t, s, c, [][2]string{{"rename old new", rErr("ERR no such key")}})
}

func TestKeysCopy(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	db := s.dbs[0]
	setStr(s, db, "s", "embedded")
	setStr(s, db, "n", "42")
	setStr(s, db, "raw", strings.Repeat("r", 50))
	setStr(s, db, "other", "x")
	db.dict.Insert("list", s.newListObject())
	expectReplies(t, s, c, [][2]string{
		{"copy s", wrongArgs("copy")},
		{"copy s s", rErr("ERR source and destination objects are the same")},
		{"copy s s db 0", rErr("ERR source and destination objects are the same")},
		{"copy s t foo", rErr("ERR syntax error")},
		{"copy s t db", rErr("ERR syntax error")},
		{"copy s t db x", rErr("ERR value is not an integer or out of range")},
		{"copy s t db 99999999999", rErr("ERR value is out of range, value must between -2147483648 and 2147483647")},
		{"copy s t db 16", rErr("ERR DB index is out of range")},
		{"copy s t db -1", rErr("ERR DB index is out of range")},
		{"copy nosuch t", rInt(0)},
		{"copy s other", rInt(0)},
		{"copy s other REPLACE", rInt(1)},
		{"copy list l2", ":1\r\n"},
		{"pexpireat s 99999999999999", rInt(1)},
		{"copy s t", rInt(1)},
		{"pexpiretime t", rInt(99999999999999)},
		{"object encoding t", rBulk("embstr")},
		{"copy n t2", rInt(1)},
		{"object encoding t2", rBulk("int")},
		{"copy raw t3", rInt(1)},
		{"object encoding t3", rBulk("raw")},
		{"copy s s db 1", rInt(1)},
		{"copy s s db 1", rInt(0)},
		{"copy s s db 1 replace", rInt(1)},
		{"copy s x replace db 1 replace", rInt(1)},
		{"select 1", rOK},
		{"pexpiretime s", rInt(99999999999999)},
		{"dbsize", rInt(2)},
		{"select 0", rOK},
	})
	src, dst := db.dict.Find([]byte("raw")), db.dict.Find([]byte("t3"))
	if src.Val.ptr == dst.Val.ptr || string(dst.Val.strBytes(nil)) != strings.Repeat("r", 50) {
		t.Fatal("COPY did not deep-copy the raw string")
	}
	if e := db.dict.Find([]byte("other")); string(e.Val.strBytes(nil)) != "embedded" {
		t.Fatal("COPY REPLACE did not replace")
	}
}

func TestKeysDupValue(t *testing.T) {
	s := newTestServer(t)
	for _, o := range []Object{stringObject([]byte("12")), stringObject([]byte("")), stringObject([]byte("abc")), stringObject([]byte(strings.Repeat("z", 100)))} {
		d := s.dupValue(&o)
		if d.typ != o.typ || d.enc != o.enc || string(d.strBytes(nil)) != string(o.strBytes(nil)) {
			t.Fatalf("dup of %q: %+v", o.strBytes(nil), d)
		}
		if o.enc != EncInt && len(o.strBytes(nil)) > 0 && d.ptr == o.ptr {
			t.Fatal("dup shares bytes")
		}
	}
	// Collections are deep copies: same type and encoding, own structure.
	for _, o := range []Object{newHashObject(), s.newListObject(), newSetObject([]byte("1")), newSetObject([]byte("a")), s.newZsetObject(1, 1)} {
		d := s.dupValue(&o)
		if d.typ != o.typ || d.enc != o.enc || d.ptr == o.ptr {
			t.Fatalf("dup of %s/%s: %+v", o.TypeName(), o.EncName(), d)
		}
	}
}

func TestKeysMove(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	db := s.dbs[0]
	setStr(s, db, "a", "va")
	setStr(s, db, "b", "vb")
	setStr(s, s.dbs[1], "b", "other")
	expectReplies(t, s, c, [][2]string{
		{"move a", wrongArgs("move")},
		{"move a x", rErr("ERR value is not an integer or out of range")},
		{"move a 99999999999", rErr("ERR value is out of range, value must between -2147483648 and 2147483647")},
		{"move a 16", rErr("ERR DB index is out of range")},
		{"move a -1", rErr("ERR DB index is out of range")},
		{"move a 0", rErr("ERR source and destination objects are the same")},
		{"move nosuch 0", rErr("ERR source and destination objects are the same")},
		{"move nosuch 1", rInt(0)},
		{"move b 1", rInt(0)},
		{"pexpireat a 99999999999999", rInt(1)},
		{"move a 1", rInt(1)},
		{"exists a", rInt(0)},
		{"select 1", rOK},
		{"pexpiretime a", rInt(99999999999999)},
		{"object encoding a", rBulk("embstr")},
		{"move a 0", rInt(1)},
		{"select 0", rOK},
		{"exists a", rInt(1)},
	})
	if e := db.dict.Find([]byte("a")); e == nil || string(e.Val.strBytes(nil)) != "va" {
		t.Fatal("moved value lost")
	}
}

func TestKeysExpire(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	db := s.dbs[0]
	for _, k := range []string{"a", "b", "c", "d"} {
		setStr(s, db, k, "v")
	}
	const far = "99999999999999" // ms; year 5138
	expectReplies(t, s, c, [][2]string{
		{"expire a", wrongArgs("expire")},
		{"pexpire a", wrongArgs("pexpire")},
		{"expireat a", wrongArgs("expireat")},
		{"pexpireat a", wrongArgs("pexpireat")},
		{"ttl", wrongArgs("ttl")},
		{"pttl a b", wrongArgs("pttl")},
		{"expiretime", wrongArgs("expiretime")},
		{"pexpiretime", wrongArgs("pexpiretime")},
		{"persist", wrongArgs("persist")},
		{"expire a x", rErr("ERR value is not an integer or out of range")},
		{"expire a 1.5", rErr("ERR value is not an integer or out of range")},
		{"expire a 10 foo", rErr("ERR Unsupported option foo")},
		{"expire a x foo", rErr("ERR Unsupported option foo")}, // options are checked first
		{"expire a 10 nx xx", rErr("ERR NX and XX, GT or LT options at the same time are not compatible")},
		{"expire a 10 nx gt", rErr("ERR NX and XX, GT or LT options at the same time are not compatible")},
		{"expire a 10 lt nx", rErr("ERR NX and XX, GT or LT options at the same time are not compatible")},
		{"expire a 10 gt lt", rErr("ERR GT and LT options at the same time are not compatible")},
		{"expire a 10 xx gt lt", rErr("ERR GT and LT options at the same time are not compatible")},
		{"expire a 9223372036854775807", rErr("ERR invalid expire time in 'expire' command")},
		{"expire a -9223372036854775807", rErr("ERR invalid expire time in 'expire' command")},
		{"pexpire a 9223372036854775807", rErr("ERR invalid expire time in 'pexpire' command")},
		{"expireat a 9223372036854775807", rErr("ERR invalid expire time in 'expireat' command")},
		{"expireat a 9223372036854775", rInt(1)},
		{"pexpireat a 9223372036854775807", rInt(1)},
		{"pexpiretime a", rInt(9223372036854775807)},
		{"persist a", rInt(1)},
		{"persist a", rInt(0)},
		{"persist nosuch", rInt(0)},
		{"expire nosuch 10", rInt(0)},
		{"ttl nosuch", rInt(-2)},
		{"pttl nosuch", rInt(-2)},
		{"expiretime nosuch", rInt(-2)},
		{"pexpiretime nosuch", rInt(-2)},
		{"ttl a", rInt(-1)},
		{"pttl a", rInt(-1)},
		{"expiretime a", rInt(-1)},
		{"pexpiretime a", rInt(-1)},

		// NX / XX / GT / LT
		{"pexpireat a " + far + " xx", rInt(0)}, // no TTL
		{"pexpireat a " + far + " gt", rInt(0)}, // no TTL is infinite
		{"pexpireat a 99999999999000 nx", rInt(1)},
		{"pexpireat a " + far + " NX", rInt(0)},
		{"pexpireat a 99999999999500 XX", rInt(1)},
		{"pexpireat a 99999999999400 gt", rInt(0)},
		{"pexpireat a 99999999999500 gt", rInt(0)}, // equal is not greater
		{"pexpireat a 99999999999600 gt xx", rInt(1)},
		{"pexpireat a 99999999999700 lt", rInt(0)},
		{"pexpireat a 99999999999600 lt", rInt(0)},
		{"pexpireat a 99999999999100 LT", rInt(1)},
		{"pexpiretime a", rInt(99999999999100)},
		{"expiretime a", rInt(99999999999)}, // (ms+500)/1000
		{"pexpireat b 99999999999500", rInt(1)},
		{"expiretime b", rInt(100000000000)},
		{"pexpireat c " + far + " lt", rInt(1)}, // no TTL: LT succeeds

		// Relative forms.
		{"expire d 100", rInt(1)},
		{"ttl d", rInt(100)},
		{"pexpire d 1000 gt", rInt(0)},
		{"expire d 200 gt", rInt(1)},
		{"ttl d", rInt(200)},
		{"pexpire d 50000", rInt(1)},
		{"ttl d", rInt(50)},

		// A time in the past deletes the key and replies 1.
		{"pexpireat d 1", rInt(1)},
		{"exists d", rInt(0)},
		{"expire c -1", rInt(1)},
		{"exists c", rInt(0)},
		{"expire b 0", rInt(1)},
		{"exists b", rInt(0)},
		{"pexpire a -100 lt", rInt(1)},
		{"exists a", rInt(0)},
		{"dbsize", rInt(0)},
	})
	// A flag that fails leaves the key alone even for past times.
	setStr(s, db, "k", "v")
	expectReplies(t, s, c, [][2]string{
		{"pexpireat k 1 xx", rInt(0)},
		{"exists k", rInt(1)},
		{"pexpireat k 1 gt", rInt(0)},
		{"pexpireat k 1 nx", rInt(1)},
		{"exists k", rInt(0)},
	})
	// TTL of an expired key: missing. PTTL rounds nothing.
	setStr(s, db, "x", "v")
	expireNow(s, db, "x")
	expectReplies(t, s, c, [][2]string{
		{"ttl x", rInt(-2)},
		{"persist x", rInt(0)},
	})
	dirty := s.dirty
	setStr(s, db, "y", "v")
	s.run(c, "expire", "y", "100")
	s.run(c, "persist", "y")
	s.run(c, "expire", "y", "-1")
	if s.dirty-dirty != 3 {
		t.Fatalf("dirty grew by %d, want 3", s.dirty-dirty)
	}
	// The option text stops at a NUL byte, as Redis's %s.
	if got := s.run(c, "expire", "y", "1", "a\x00b"); got != rErr("ERR Unsupported option a") {
		t.Fatalf("%q", got)
	}
	// PTTL is in ms, not rounded.
	setStr(s, db, "z", "v")
	s.run(c, "pexpire", "z", "100000")
	v := s.run(c, "pttl", "z")
	n, _ := strconv.Atoi(strings.Trim(v, ":\r\n"))
	if n <= 99000 || n > 100000 {
		t.Fatalf("PTTL %q", v)
	}
}

func TestKeysObject(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	db := s.dbs[0]
	setStr(s, db, "int", "12")
	setStr(s, db, "bigint", "12345")
	setStr(s, db, "neg", "-1")
	setStr(s, db, "emb", "hello")
	setStr(s, db, "raw", strings.Repeat("x", 45))
	setStr(s, db, "emb44", strings.Repeat("x", 44))
	db.dict.Insert("list", s.newListObject())
	help := rArr(
		"+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n",
		"+ENCODING <key>\r\n",
		"+    Return the kind of internal representation used in order to store the value\r\n",
		"+    associated with a <key>.\r\n",
		"+FREQ <key>\r\n",
		"+    Return the access frequency index of the <key>. The returned integer is\r\n",
		"+    proportional to the logarithm of the recent access frequency of the key.\r\n",
		"+IDLETIME <key>\r\n",
		"+    Return the idle time of the <key>, that is the approximated number of\r\n",
		"+    seconds elapsed since the last access to the key.\r\n",
		"+REFCOUNT <key>\r\n",
		"+    Return the number of references of the value associated with the specified\r\n",
		"+    <key>.\r\n",
		"+HELP\r\n",
		"+    Prints this help.\r\n",
	)
	expectReplies(t, s, c, [][2]string{
		{"object", wrongArgs("object")},
		{"object foo", rErr("ERR unknown subcommand 'foo'. Try OBJECT HELP.")},
		{"object encoding", wrongArgs("object|encoding")},
		{"object encoding a b", wrongArgs("object|encoding")},
		{"object refcount", wrongArgs("object|refcount")},
		{"object idletime", wrongArgs("object|idletime")},
		{"object freq", wrongArgs("object|freq")},
		{"object help x", wrongArgs("object|help")},
		{"object help", help},
		{"OBJECT HELP", help},
		{"object encoding nosuch", rNull},
		{"object refcount nosuch", rNull},
		{"object idletime nosuch", rNull},
		{"object freq nosuch", rNull},
		{"object encoding int", rBulk("int")},
		{"object encoding emb", rBulk("embstr")},
		{"object encoding emb44", rBulk("embstr")},
		{"object encoding raw", rBulk("raw")},
		{"object encoding list", rBulk("quicklist")},
		{"OBJECT ENCODING int", rBulk("int")},
		{"object refcount int", rInt(2147483647)},
		{"object refcount bigint", rInt(1)},
		{"object refcount neg", rInt(1)},
		{"object refcount emb", rInt(1)},
		{"object idletime emb", rInt(0)},
		{"object freq emb", rErr(keysErrLFUFreq)},
	})
	// IDLETIME from the 24-bit LRU clock, with wraparound; OBJECT and TYPE
	// do not touch the key, a read does.
	e := db.dict.Find([]byte("emb"))
	e.Val.lru = (s.lruClock - 100) & lruClockMax
	expectReplies(t, s, c, [][2]string{
		{"object idletime emb", rInt(100)},
		{"type emb", "+string\r\n"},
		{"exists emb", rInt(1)},
		{"ttl emb", rInt(-1)},
		{"object idletime emb", rInt(100)},
		{"touch emb", rInt(1)},
		{"object idletime emb", rInt(0)},
	})
	clock := s.lruClock
	defer func() { s.lruClock = clock }()
	s.lruClock = 5
	e.Val.lru = lruClockMax - 10
	expectReplies(t, s, c, [][2]string{{"object idletime emb", rInt(15)}})

	// Under an LFU policy the errors swap.
	s2 := newTestServer(t, "--maxmemory-policy", "allkeys-lfu")
	c2 := s2.fakeClient()
	setStr(s2, s2.dbs[0], "k", "v")
	k := s2.dbs[0].dict.Find([]byte("k"))
	minutes := uint32(s2.unixMs/1000/60) & 65535
	k.Val.lru = minutes<<8 | 5
	expectReplies(t, s2, c2, [][2]string{
		{"object idletime k", rErr(keysErrLFUIdle)},
		{"object freq k", rInt(5)},
		{"object freq nosuch", rNull},
	})
	// The counter decays by one per lfu-decay-time minutes.
	k.Val.lru = ((minutes-3)&65535)<<8 | 5
	expectReplies(t, s2, c2, [][2]string{{"object freq k", rInt(2)}})
	k.Val.lru = ((minutes-300)&65535)<<8 | 5
	expectReplies(t, s2, c2, [][2]string{{"object freq k", rInt(0)}})
}

func TestKeysDBCommands(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	c1 := s.fakeClient()
	s.run(c1, "select", "1")
	for i := 0; i < 5; i++ {
		setStr(s, s.dbs[0], "a"+strconv.Itoa(i), "v")
	}
	for i := 0; i < 3; i++ {
		setStr(s, s.dbs[1], "b"+strconv.Itoa(i), "v")
	}
	s.run(c, "expire", "a0", "1000")
	expectReplies(t, s, c, [][2]string{
		{"dbsize x", wrongArgs("dbsize")},
		{"swapdb 0", wrongArgs("swapdb")},
		{"dbsize", rInt(5)},
		{"swapdb x 1", rErr("ERR invalid first DB index")},
		{"swapdb 0 x", rErr("ERR invalid second DB index")},
		{"swapdb 99999999999 1", rErr("ERR invalid first DB index")},
		{"swapdb 0 99999999999", rErr("ERR invalid second DB index")},
		{"swapdb 0 16", rErr("ERR DB index is out of range")},
		{"swapdb -1 0", rErr("ERR DB index is out of range")},
		{"swapdb 0 0", rOK},
		{"dbsize", rInt(5)},
		{"swapdb 0 1", rOK},
		{"dbsize", rInt(3)},
		{"exists b0", rInt(1)},
	})
	// The client on DB 1 now sees the former DB 0, TTLs included.
	expectReplies(t, s, c1, [][2]string{
		{"dbsize", rInt(5)},
		{"ttl a0", rInt(1000)},
		{"swapdb 1 0", rOK},
		{"dbsize", rInt(3)},
	})
	dirty := s.dirty
	expectReplies(t, s, c, [][2]string{
		{"flushdb foo", rErr("ERR syntax error")},
		{"flushdb sync x", rErr("ERR syntax error")},
		{"flushall foo", rErr("ERR syntax error")},
		{"flushdb", rOK},
		{"dbsize", rInt(0)},
		{"flushdb ASYNC", rOK},
		{"flushdb sync", rOK},
		{"select 1", rOK},
		{"dbsize", rInt(3)},
		{"flushall async", rOK},
		{"dbsize", rInt(0)},
		{"ttl a0", rInt(-2)},
		{"flushall SYNC", rOK},
		{"flushall", rOK},
	})
	if got := s.dirty - dirty; got != 5+3+3 {
		t.Fatalf("dirty grew by %d, want 11", got)
	}
	if s.dbs[0].expires.Len() != 0 {
		t.Fatal("FLUSHDB left expires")
	}
}
