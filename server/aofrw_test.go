package server

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"aeon/ae"
	"aeon/persist"
)

// rwParseCmds parses a file of commands.
func rwParseCmds(t *testing.T, b []byte) [][]string {
	t.Helper()
	r := persist.NewAOFReader(bytes.NewReader(b), 1<<30)
	var out [][]string
	for {
		argv, err := r.Next(nil)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("parsing %q: %v", b, err)
		}
		var cmd []string
		for _, a := range argv {
			cmd = append(cmd, string(a))
		}
		out = append(out, cmd)
	}
}

// rwKeyCmds returns the commands aofSaveKey writes for key in DB 0.
func rwKeyCmds(t *testing.T, s *Server, key string) [][]string {
	t.Helper()
	db := s.dbs[0]
	e := db.dict.Find([]byte(key))
	if e == nil {
		t.Fatalf("no key %q", key)
	}
	expire := int64(-1)
	if x := db.expires.FindString(e.Key()); x != nil {
		expire = x.Val
	}
	ch := persist.NewChunk(0)
	aofSaveKey(ch, nil, e.Key(), &e.Val, expire)
	var buf bytes.Buffer
	w := persist.NewWriter(&buf, true) // no string spans: compression never applies
	if err := w.WriteChunk(ch); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	return rwParseCmds(t, buf.Bytes())
}

func rwSeq(prefix string, from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, fmt.Sprintf("%s%d", prefix, i))
	}
	return out
}

func rwPairs(from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, fmt.Sprint(i), fmt.Sprintf("m%d", i))
	}
	return out
}

func rwCmd(name, key string, items ...string) []string {
	return append([]string{name, key}, items...)
}

// TestAOFSaveKeyOrdered: what each ordered encoding becomes, checked
// against what redis-server 7.0 writes for the same commands
// (aof-use-rdb-preamble no): scores through "%.17g", integers in decimal,
// 64 items per command, PEXPIREAT after the key.
func TestAOFSaveKeyOrdered(t *testing.T) {
	s := newTestServer(t, "--zset-max-listpack-entries", "128")
	c := s.fakeClient()
	zbig := []string{"ZADD", "zskip"}
	for i := 150; i >= 1; i-- {
		zbig = append(zbig, fmt.Sprint(i), fmt.Sprintf("m%d", i))
	}
	for _, args := range [][]string{
		{"SET", "s", "hello"}, {"SET", "n", "12345"}, {"SET", "neg", "-5"}, {"SET", "big", "123456789012345678901"},
		{"SET", "ttl", "v", "PXAT", "9999999999999"},
		{"RPUSH", "l", "-1", "99999999999", "0.5", ""},
		append([]string{"RPUSH", "biglist"}, rwSeq("", 1, 150)...),
		{"SADD", "si", "3", "1", "2", "-40000"},
		{"ZADD", "z", "0.1", "a", "1e20", "b", "-0", "c", "-inf", "d", "3", "e", "1.7976931348623157e308", "f", "5e-324", "g"},
		zbig, {"ZADD", "zneg0", "-0", "x"},
		{"HSET", "h", "", "", "a", "1"},
		{"SET", "ttl2", "v"}, {"PEXPIREAT", "ttl2", "9999999999998"},
	} {
		if r := s.run(c, args...); strings.HasPrefix(r, "-") {
			t.Fatalf("%q: %q", args, r)
		}
	}
	s.run(c, "CONFIG", "SET", "zset-max-listpack-entries", "0")
	s.run(c, "ZADD", "zneg0", "1", "y") // now a skiplist: -0 stays "-0" there
	for _, tc := range []struct {
		key  string
		want [][]string
	}{
		{"s", [][]string{{"SET", "s", "hello"}}},
		{"n", [][]string{{"SET", "n", "12345"}}},
		{"neg", [][]string{{"SET", "neg", "-5"}}},
		{"big", [][]string{{"SET", "big", "123456789012345678901"}}},
		{"ttl", [][]string{{"SET", "ttl", "v"}, {"PEXPIREAT", "ttl", "9999999999999"}}},
		{"ttl2", [][]string{{"SET", "ttl2", "v"}, {"PEXPIREAT", "ttl2", "9999999999998"}}},
		{"l", [][]string{{"RPUSH", "l", "-1", "99999999999", "0.5", ""}}},
		{"biglist", [][]string{rwCmd("RPUSH", "biglist", rwSeq("", 1, 64)...), rwCmd("RPUSH", "biglist", rwSeq("", 65, 128)...), rwCmd("RPUSH", "biglist", rwSeq("", 129, 150)...)}},
		{"si", [][]string{{"SADD", "si", "-40000", "1", "2", "3"}}},
		{"z", [][]string{{"ZADD", "z", "-inf", "d", "0", "c", "4.9406564584124654e-324", "g", "0.10000000000000001", "a", "3", "e", "1e+20", "b", "1.7976931348623157e+308", "f"}}},
		{"zskip", [][]string{rwCmd("ZADD", "zskip", rwPairs(1, 64)...), rwCmd("ZADD", "zskip", rwPairs(65, 128)...), rwCmd("ZADD", "zskip", rwPairs(129, 150)...)}},
		{"zneg0", [][]string{{"ZADD", "zneg0", "0", "x", "1", "y"}}},
		{"h", [][]string{{"HMSET", "h", "", "", "a", "1"}}},
	} {
		if got := rwKeyCmds(t, s, tc.key); !slices.EqualFunc(got, tc.want, slices.Equal) {
			t.Errorf("%s:\n got %q\nwant %q", tc.key, got, tc.want)
		}
	}
}

// TestAOFSaveKeyHashOrder: hash table encodings come out in dict order,
// still 64 items a command and every item once.
func TestAOFSaveKeyHashOrder(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	sadd, hset := []string{"SADD", "set"}, []string{"HSET", "hash"}
	var wantSet, wantHash []string
	for i := 0; i < 200; i++ {
		sadd = append(sadd, fmt.Sprintf("m%d", i))
		hset = append(hset, fmt.Sprintf("f%d", i), fmt.Sprint(i))
		wantSet = append(wantSet, fmt.Sprintf("m%d", i))
		wantHash = append(wantHash, fmt.Sprintf("f%d=%d", i, i))
	}
	s.run(c, sadd...)
	s.run(c, hset...)
	check := func(key, name string, width int, want []string) {
		t.Helper()
		var got []string
		cmds := rwKeyCmds(t, s, key)
		for i, cm := range cmds {
			n := len(cm) - 2
			if cm[0] != name || cm[1] != key || n%width != 0 || (i < len(cmds)-1 && n != 64*width) {
				t.Fatalf("%s: command %d: %q", key, i, cm[:min(len(cm), 4)])
			}
			for j := 2; j < len(cm); j += width {
				got = append(got, strings.Join(cm[j:j+width], "="))
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if len(cmds) != 4 || !slices.Equal(got, want) {
			t.Fatalf("%s: %d commands, items %q", key, len(cmds), got)
		}
	}
	check("set", "SADD", 1, wantSet)
	check("hash", "HMSET", 2, wantHash)
}

// rwWaitRewrite runs s's event loop until no AOF rewrite is in progress.
func rwWaitRewrite(t *testing.T, s *Server) {
	t.Helper()
	rwLoopUntil(t, s, func() bool { return s.aof.rewriting == nil })
}

// rwLoopUntil runs s's event loop until done or the deadline.
func rwLoopUntil(t *testing.T, s *Server, done func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !done(); {
		if time.Now().After(deadline) {
			t.Fatal("timed out running the event loop")
		}
		s.el.ProcessEvents(ae.AllEvents)
	}
}

// rwDirFiles lists appendonlydir and returns the manifest.
func rwDirFiles(t *testing.T, dir string) ([]string, string) {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(dir, "appendonlydir"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	m, _ := os.ReadFile(filepath.Join(dir, "appendonlydir", "appendonly.aof.manifest"))
	return names, string(m)
}

func rwInfoHas(t *testing.T, s *Server, fields ...string) {
	t.Helper()
	info := s.run(s.fakeClient(), "INFO", "persistence")
	for _, f := range fields {
		if !strings.Contains(info, f+"\r\n") {
			t.Errorf("INFO persistence lacks %q:\n%s", f, info)
		}
	}
}

// TestAOFRewriteNoPreamble: with aof-use-rdb-preamble no the base is
// commands (.base.aof) written through the snapshot walk, copy-on-write
// included, and the AOF loads back into the same data set.
func TestAOFRewriteNoPreamble(t *testing.T) {
	dir := testDir(t)
	s := loadedTestServer(t, "--dir", dir, "--appendonly", "yes", "--aof-use-rdb-preamble", "no")
	names, m := rwDirFiles(t, dir)
	if m != "file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n" {
		t.Fatalf("startup manifest %q (%v)", m, names)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "appendonlydir", "appendonly.aof.1.base.aof")); len(b) != 0 {
		t.Fatalf("empty data set's base: %q", b)
	}
	c := s.fakeClient()
	for i := 0; i < 3000; i++ {
		s.run(c, "SET", fmt.Sprintf("k%d", i), fmt.Sprint(i))
	}
	s.run(c, "RPUSH", "list", "a", "b")
	s.run(c, "SELECT", "3")
	s.run(c, "SADD", "set3", "x")
	s.run(c, "SET", "ttl3", "v", "PXAT", "99999999999999")
	s.run(c, "SELECT", "0")
	want := s.run(c, "DEBUG", "DIGEST")
	if r := s.run(c, "BGREWRITEAOF"); r != "+Background append only file rewriting started\r\n" {
		t.Fatalf("BGREWRITEAOF: %q", r)
	}
	// Written while the walk runs: the base holds the old values.
	s.run(c, "SET", "k1", "changed")
	s.run(c, "RPUSH", "list", "c")
	s.run(c, "DEL", "k2")
	s.flushAOF()
	wantAfter := s.run(c, "DEBUG", "DIGEST")
	rwWaitRewrite(t, s)
	rwInfoHas(t, s, "aof_last_bgrewrite_status:ok", "aof_rewrites:1")
	names, m = rwDirFiles(t, dir)
	if m != "file appendonly.aof.2.base.aof seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n" || len(names) != 3 {
		t.Fatalf("manifest after rewrite %q (%v)", m, names)
	}
	b, err := os.ReadFile(filepath.Join(dir, "appendonlydir", "appendonly.aof.2.base.aof"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("*2\r\n$6\r\nSELECT\r\n$1\r\n")) {
		t.Fatalf("base starts %q", b[:min(len(b), 40)])
	}
	cmds := rwParseCmds(t, b)
	byKey := map[string][]string{}
	for _, cm := range cmds {
		if cm[0] != "SELECT" {
			byKey[cm[1]] = append(byKey[cm[1]], strings.Join(cm, " "))
		}
	}
	for key, want := range map[string]string{
		"k1": "SET k1 1", "k2": "SET k2 2", "list": "RPUSH list a b", "set3": "SADD set3 x",
		"ttl3": "SET ttl3 v|PEXPIREAT ttl3 99999999999999",
	} {
		if got := strings.Join(byKey[key], "|"); got != want {
			t.Errorf("base commands of %s: %q, want %q", key, got, want)
		}
	}
	if len(byKey) != 3003 {
		t.Errorf("base has %d keys", len(byKey))
	}
	s.aofShutdown()

	// Base alone: the data set as BGREWRITEAOF found it.
	s2 := newTestServer(t, "--dir", dir, "--appendonly", "yes")
	s2.aof.manifest = &persist.Manifest{Base: &persist.AOFFile{Name: "appendonly.aof.2.base.aof", Seq: 2, Type: persist.AOFBase}}
	if _, err := s2.aofLoadFile(*s2.aof.manifest.Base, 0, true); err != nil {
		t.Fatal(err)
	}
	if got := s2.run(s2.fakeClient(), "DEBUG", "DIGEST"); got != want {
		t.Errorf("base digest %q, want %q", got, want)
	}
	// Base and incr: the data set now.
	s3 := loadedTestServer(t, "--dir", dir, "--appendonly", "yes")
	t.Cleanup(s3.aofShutdown)
	if got := s3.run(s3.fakeClient(), "DEBUG", "DIGEST"); got != wantAfter {
		t.Errorf("reloaded digest %q, want %q", got, wantAfter)
	}
}

// TestAOFRewriteWhileOff: BGREWRITEAOF with appendonly no writes a base
// and a manifest naming it alone, continuing the numbering of the
// manifest found at startup; the old base and incr files are deleted, as
// Redis 7.0 does.
func TestAOFRewriteWhileOff(t *testing.T) {
	dir := testDir(t)
	s := loadedTestServer(t, "--dir", dir, "--appendonly", "yes")
	c := s.fakeClient()
	s.run(c, "SET", "a", "1")
	s.run(c, "BGREWRITEAOF")
	rwWaitRewrite(t, s)
	s.run(c, "SET", "b", "2")
	s.aofShutdown()
	names, m := rwDirFiles(t, dir)
	if m != "file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n" {
		t.Fatalf("manifest %q (%v)", m, names)
	}

	s = loadedTestServer(t, "--dir", dir, "--appendonly", "no")
	c = s.fakeClient()
	s.run(c, "SET", "c", "3")
	if r := s.run(c, "BGREWRITEAOF"); r != "+Background append only file rewriting started\r\n" {
		t.Fatalf("BGREWRITEAOF: %q", r)
	}
	rwInfoHas(t, s, "aof_enabled:0", "aof_rewrite_in_progress:1")
	rwWaitRewrite(t, s)
	rwInfoHas(t, s, "aof_enabled:0", "aof_rewrite_in_progress:0", "aof_last_bgrewrite_status:ok", "aof_rewrites:1")
	names, m = rwDirFiles(t, dir)
	if m != "file appendonly.aof.3.base.rdb seq 3 type b\n" || len(names) != 2 {
		t.Fatalf("manifest %q (%v)", m, names)
	}
	// Again, in the other format.
	s.run(c, "CONFIG", "SET", "aof-use-rdb-preamble", "no")
	s.run(c, "BGREWRITEAOF")
	rwWaitRewrite(t, s)
	names, m = rwDirFiles(t, dir)
	if m != "file appendonly.aof.4.base.aof seq 4 type b\n" || len(names) != 2 {
		t.Fatalf("manifest %q (%v)", m, names)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "appendonlydir", "appendonly.aof.4.base.aof")); string(b) !=
		"*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1\r\n3\r\n" {
		t.Fatalf("base %q", b)
	}
	// Turning the AOF on continues from there: base 5, incr 3 (the incr
	// numbering goes on from the files the off rewrite made history).
	if r := s.run(c, "CONFIG", "SET", "appendonly", "yes"); r != "+OK\r\n" {
		t.Fatalf("CONFIG SET appendonly yes: %q", r)
	}
	rwWaitRewrite(t, s)
	t.Cleanup(s.aofShutdown)
	names, m = rwDirFiles(t, dir)
	if m != "file appendonly.aof.5.base.aof seq 5 type b\nfile appendonly.aof.3.incr.aof seq 3 type i\n" || len(names) != 3 {
		t.Fatalf("manifest %q (%v)", m, names)
	}
}

// TestAOFRewriteCancelled: CONFIG SET appendonly no during a rewrite
// cancels it without counting a failure (Redis kills its child: status
// stays ok, aof_rewrites counted it when it started, the last rewrite time
// stays); turning the AOF on during a rewrite made with it off restarts
// the rewrite.
func TestAOFRewriteCancelled(t *testing.T) {
	dir := testDir(t)
	s := loadedTestServer(t, "--dir", dir, "--appendonly", "yes")
	c := s.fakeClient()
	for i := 0; i < 1000; i++ {
		s.run(c, "SET", fmt.Sprintf("k%d", i), "v")
	}
	s.aof.lastRewrite = 7 // as if one had finished before
	s.run(c, "BGREWRITEAOF")
	rwInfoHas(t, s, "aof_rewrite_in_progress:1", "aof_rewrites:1")
	if r := s.run(c, "CONFIG", "SET", "appendonly", "no"); r != "+OK\r\n" {
		t.Fatalf("CONFIG SET appendonly no: %q", r)
	}
	rwInfoHas(t, s, "aof_enabled:0", "aof_rewrite_in_progress:0", "aof_last_bgrewrite_status:ok",
		"aof_rewrites:1", "aof_rewrites_consecutive_failures:0", "aof_last_rewrite_time_sec:7")
	// The cancelled writer finishes in the background and renames nothing.
	for deadline := time.Now().Add(5 * time.Second); ; {
		s.el.ProcessEvents(ae.AllEvents | ae.DontWait)
		names, _ := rwDirFiles(t, dir)
		if !slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, "temp-") }) {
			if slices.Contains(names, "appendonly.aof.2.base.rdb") {
				t.Fatalf("cancelled rewrite left its base: %v", names)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("temp file left: %v", names)
		}
		time.Sleep(time.Millisecond)
	}
	_, m := rwDirFiles(t, dir)
	if m != "file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\nfile appendonly.aof.2.incr.aof seq 2 type i\n" {
		t.Fatalf("manifest %q", m)
	}
	rwInfoHas(t, s, "aof_last_bgrewrite_status:ok", "aof_rewrites_consecutive_failures:0")

	// Off: a rewrite; on while it runs: it is replaced by one that opens
	// the incr file.
	s.run(c, "BGREWRITEAOF")
	first := s.aof.rewriting
	if r := s.run(c, "CONFIG", "SET", "appendonly", "yes"); r != "+OK\r\n" {
		t.Fatalf("CONFIG SET appendonly yes: %q", r)
	}
	if s.aof.rewriting == nil || s.aof.rewriting == first || !s.aof.on {
		t.Fatal("the rewrite was not restarted with the AOF on")
	}
	s.run(c, "SET", "late", "1")
	rwWaitRewrite(t, s)
	rwInfoHas(t, s, "aof_last_bgrewrite_status:ok", "aof_rewrites:3", "aof_enabled:1")
	s.aofShutdown()
	names, m := rwDirFiles(t, dir)
	if m != "file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.3.incr.aof seq 3 type i\n" || len(names) != 3 {
		t.Fatalf("manifest %q (%v)", m, names)
	}
	s2 := loadedTestServer(t, "--dir", dir, "--appendonly", "yes")
	t.Cleanup(s2.aofShutdown)
	if got := s2.run(s2.fakeClient(), "DBSIZE"); got != ":1001\r\n" {
		t.Fatalf("DBSIZE after reload: %q", got)
	}
}

// TestAOFLoadRDBPreambleTail: a file that starts with an RDB and goes on
// with commands (a Redis 6 AOF with a preamble, as a base) loads both
// parts through the one RDB loader, and a command cut short in the tail is
// cut at its offset in the file.
func TestAOFLoadRDBPreambleTail(t *testing.T) {
	dir := testDir(t)
	src := newTestServer(t, "--dir", dir)
	c := src.fakeClient()
	src.run(c, "SET", "a", "1")
	src.run(c, "RPUSH", "l", "x", "y")
	if err := src.rdbSaveSync("dump.rdb"); err != nil {
		t.Fatal(err)
	}
	rdb, err := os.ReadFile("dump.rdb")
	if err != nil {
		t.Fatal(err)
	}
	tail := persist.AppendCommand(nil, []byte("SET"), []byte("b"), []byte("2"))
	cut := persist.AppendCommand(nil, []byte("SET"), []byte("c"), []byte("3"))
	if err := os.MkdirAll("appendonlydir", 0755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join("appendonlydir", "appendonly.aof.1.base.rdb")
	os.WriteFile(file, slices.Concat(rdb, tail, cut[:len(cut)-3]), 0644)
	os.WriteFile(filepath.Join("appendonlydir", "appendonly.aof.manifest"), []byte("file appendonly.aof.1.base.rdb seq 1 type b\n"), 0644)
	s := loadedTestServer(t, "--dir", dir, "--appendonly", "yes")
	t.Cleanup(s.aofShutdown)
	c = s.fakeClient()
	if got := s.run(c, "MGET", "a", "b", "c"); got != "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n" {
		t.Fatalf("MGET: %q", got)
	}
	if got := s.run(c, "LRANGE", "l", "0", "-1"); got != "*2\r\n$1\r\nx\r\n$1\r\ny\r\n" {
		t.Fatalf("LRANGE: %q", got)
	}
	if fi, _ := os.Stat(file); fi.Size() != int64(len(rdb)+len(tail)) {
		t.Fatalf("truncated to %d, want %d", fi.Size(), len(rdb)+len(tail))
	}
	rwInfoHas(t, s, "loading:0")
	if s.rdb.lastLoadKeys != 2 {
		t.Errorf("rdb_last_load_keys_loaded %d", s.rdb.lastLoadKeys)
	}
}

// TestRDBLoadStats: the shared loader reports loading_* while it runs and
// its key counts after.
func TestRDBLoadStats(t *testing.T) {
	dir := testDir(t)
	src := newTestServer(t, "--dir", dir)
	c := src.fakeClient()
	for i := 0; i < 100; i++ {
		src.run(c, "SET", fmt.Sprint(i), "v")
	}
	src.run(c, "SET", "gone", "v", "PXAT", "1")
	if err := src.rdbSaveSync("dump.rdb"); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat("dump.rdb")
	s := newTestServer(t, "--dir", dir)
	if found, err := s.rdbLoad("dump.rdb", false); !found || err != nil {
		t.Fatal(found, err)
	}
	if s.loading || s.loadingRead != nil || s.loadingTotal != fi.Size() || s.rdb.lastLoadKeys != 100 || s.rdb.lastLoadExp != 1 {
		t.Fatalf("after load: loading %v read %v total %d (file %d) keys %d expired %d",
			s.loading, s.loadingRead, s.loadingTotal, fi.Size(), s.rdb.lastLoadKeys, s.rdb.lastLoadExp)
	}
}

// TestAOFRewriteScheduled: BGREWRITEAOF during a BGSAVE is scheduled and
// run by the cron with the AOF off too; FLUSHALL aborting the first base
// of an AOF being turned on is no failure and schedules another, whose
// manifest leaves no file of the aborted attempt behind.
func TestAOFRewriteScheduled(t *testing.T) {
	dir := testDir(t)
	s := loadedTestServer(t, "--dir", dir)
	c := s.fakeClient()
	s.run(c, "SET", "a", "1")
	s.run(c, "BGSAVE")
	if r := s.run(c, "BGREWRITEAOF"); r != "+Background append only file rewriting scheduled\r\n" {
		t.Fatalf("BGREWRITEAOF during BGSAVE: %q", r)
	}
	rwLoopUntil(t, s, func() bool { return s.rdb.saving == nil })
	s.aofCron()
	rwInfoHas(t, s, "aof_rewrite_in_progress:1", "aof_rewrite_scheduled:0")
	rwWaitRewrite(t, s)
	if _, m := rwDirFiles(t, dir); m != "file appendonly.aof.1.base.rdb seq 1 type b\n" {
		t.Fatalf("manifest %q", m)
	}

	if r := s.run(c, "CONFIG", "SET", "appendonly", "yes"); r != "+OK\r\n" {
		t.Fatalf("CONFIG SET appendonly yes: %q", r)
	}
	s.run(c, "SET", "b", "2")
	s.run(c, "FLUSHALL")
	s.run(c, "SET", "c", "3")
	rwLoopUntil(t, s, func() bool { return s.aof.scheduled })
	rwInfoHas(t, s, "aof_rewrite_in_progress:0", "aof_last_bgrewrite_status:ok", "aof_rewrites_consecutive_failures:0")
	s.aofCron()
	s.run(c, "SET", "d", "4")
	rwWaitRewrite(t, s)
	s.aofShutdown()
	names, m := rwDirFiles(t, dir)
	if m != "file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n" || len(names) != 3 {
		t.Fatalf("manifest %q (%v)", m, names)
	}
	s2 := loadedTestServer(t, "--dir", dir, "--appendonly", "yes")
	t.Cleanup(s2.aofShutdown)
	if got := s2.run(s2.fakeClient(), "MGET", "a", "b", "c", "d"); got != "*4\r\n$-1\r\n$-1\r\n$1\r\n3\r\n$1\r\n4\r\n" {
		t.Fatalf("after reload: %q", got)
	}
}
