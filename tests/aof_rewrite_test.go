package tests

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"aeon/persist"
)

// AOF rewrites side by side with redis-server 7.0: the base of commands
// written with aof-use-rdb-preamble no (compared key by key), BGREWRITEAOF
// with the AOF off, and a rewrite cancelled by CONFIG SET appendonly no.

// rewriteDone waits for a rewrite to finish and checks it succeeded.
func rewriteDone(t *testing.T, addr string) {
	t.Helper()
	rc := dialRaw(t, addr)
	for deadline := time.Now().Add(60 * time.Second); infoField(t, rc, "persistence", "aof_rewrite_in_progress") != "0" ||
		infoField(t, rc, "persistence", "aof_rewrite_scheduled") != "0"; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("rewrite did not finish")
		}
	}
	if st := infoField(t, rc, "persistence", "aof_last_bgrewrite_status"); st != "ok" {
		t.Fatalf("aof_last_bgrewrite_status %s", st)
	}
}

// bgrewriteaof runs BGREWRITEAOF and waits for it.
func bgrewriteaof(t *testing.T, addr string) {
	t.Helper()
	if r := dialRaw(t, addr).do("BGREWRITEAOF"); r != "+Background append only file rewriting started\r\n" {
		t.Fatalf("BGREWRITEAOF: %q", r)
	}
	rewriteDone(t, addr)
}

// aofDir lists dir/appendonlydir (temp files waited for) and returns its
// manifest.
func aofDir(t *testing.T, dir string) (names []string, manifest string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		ents, err := os.ReadDir(filepath.Join(dir, "appendonlydir"))
		if err != nil {
			t.Fatal(err)
		}
		names = names[:0]
		for _, e := range ents {
			names = append(names, e.Name())
		}
		if !slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, "temp-") }) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("temp files left in appendonlydir: %v", names)
		}
	}
	m, err := os.ReadFile(filepath.Join(dir, "appendonlydir", "appendonly.aof.manifest"))
	if err != nil {
		t.Fatal(err)
	}
	return names, string(m)
}

// baseFile returns the path of the base file a manifest names.
func baseFile(t *testing.T, dir, manifest string) string {
	t.Helper()
	for _, l := range strings.Split(manifest, "\n") {
		if f := strings.Fields(l); len(f) == 6 && f[5] == "b" {
			return filepath.Join(dir, "appendonlydir", f[1])
		}
	}
	t.Fatalf("no base in manifest %q", manifest)
	return ""
}

// baseKey is what a base of commands holds for one key.
type baseKey struct {
	cmds   [][]string // without PEXPIREAT
	expire int64      // -1 none
}

// parseBase reads a base of commands into "db key" -> commands, checking
// that every command is one a rewrite writes.
func parseBase(t *testing.T, path string) map[string]*baseKey {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(b, []byte("REDIS")) {
		t.Fatalf("%s is an RDB", path)
	}
	r := persist.NewAOFReader(bytes.NewReader(b), 1<<30)
	out := map[string]*baseKey{}
	db := -1
	for {
		argv, err := r.Next(nil)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		name := strings.ToUpper(string(argv[0]))
		if name == "SELECT" {
			db, _ = strconv.Atoi(string(argv[1]))
			continue
		}
		if db < 0 || len(argv) < 3 {
			t.Fatalf("%s: %q before SELECT or too short", path, argv)
		}
		k := fmt.Sprintf("%d %q", db, argv[1])
		bk := out[k]
		if bk == nil {
			bk = &baseKey{expire: -1}
			out[k] = bk
		}
		switch name {
		case "PEXPIREAT":
			bk.expire, _ = strconv.ParseInt(string(argv[2]), 10, 64)
		case "SET", "RPUSH", "SADD", "ZADD", "HMSET":
			var cmd []string
			for _, a := range argv {
				cmd = append(cmd, string(a))
			}
			bk.cmds = append(bk.cmds, cmd)
		default:
			t.Fatalf("%s: unexpected command %q", path, argv[0])
		}
	}
}

// items returns a key's items, sorted, and its commands' sizes: what two
// bases of the same hash-table-encoded key share whatever the order.
func (bk *baseKey) items() (sizes []int, items []string) {
	width := 1
	if n := bk.cmds[0][0]; n == "ZADD" || n == "HMSET" {
		width = 2
	}
	for _, c := range bk.cmds {
		sizes = append(sizes, len(c))
		for i := 2; i < len(c); i += width {
			items = append(items, strings.Join(c[i:i+width], " "))
		}
	}
	slices.Sort(items)
	return sizes, items
}

// rewriteFixture writes the same data to a server: populate's data set
// plus scores and values whose text the rewrite must reproduce exactly.
func rewriteFixture(t *testing.T, addr string) {
	populate(t, addr, 21, 1)
	rc := dialRaw(t, addr)
	for _, c := range [][]string{
		{"ZADD", "scores", "0.1", "a", "1e20", "b", "-0", "c", "-inf", "d", "5e-324", "e", "1.7976931348623157e308", "f", "0.30000000000000004", "g"},
		{"ZADD", "zneg", "-0", "x", "1", strings.Repeat("y", 100)},
		{"SET", "abs", "v", "PXAT", "99999999999999"},
		{"HSET", "empty", "", ""},
		{"RPUSH", "ints", "-1", "99999999999", "0.5", "", "9223372036854775807"},
		{"SELECT", "9"}, {"SET", "db9", "x"},
	} {
		if r := rc.do(c...); strings.HasPrefix(r, "-") {
			t.Fatalf("%q: %q", c, r)
		}
	}
}

// TestAOFRewriteNoPreambleMatchesRedis: with aof-use-rdb-preamble no,
// aeon's base holds, key by key, the commands redis-server 7.0 writes for
// the same data: the same bytes for encodings with an order (strings,
// lists, intsets, listpacks), the same command sizes and items for hash
// tables and skiplists (dict order differs). Expiry times were set
// relative, so they only have to be close.
func TestAOFRewriteNoPreambleMatchesRedis(t *testing.T) {
	redisBin := requireTool(t, "redis-server")
	_, bin := ownTarget(t)
	args := []string{"--aof-use-rdb-preamble", "no"}
	adir, rdir := t.TempDir(), t.TempDir()
	a := startAOF(t, bin, "aeon", adir, args...)
	r := startAOF(t, redisBin, "redis", rdir, args...)
	for _, s := range []*ownSrv{a, r} {
		rewriteFixture(t, s.Addr)
		bgrewriteaof(t, s.Addr)
	}
	aNames, aMan := aofDir(t, adir)
	rNames, rMan := aofDir(t, rdir)
	if aMan != rMan || !slices.Equal(aNames, rNames) {
		t.Fatalf("after BGREWRITEAOF aeon has %v:\n%s\nredis has %v:\n%s", aNames, aMan, rNames, rMan)
	}
	got, want := parseBase(t, baseFile(t, adir, aMan)), parseBase(t, baseFile(t, rdir, rMan))
	if len(got) != len(want) {
		t.Errorf("aeon's base has %d keys, redis's %d", len(got), len(want))
	}
	rc := dialRaw(t, r.Addr)
	db := -1
	bad := 0
	for k, w := range want {
		g := got[k]
		if g == nil {
			t.Errorf("%s missing from aeon's base", k)
			continue
		}
		if (g.expire == -1) != (w.expire == -1) || g.expire-w.expire > 60000 || w.expire-g.expire > 60000 {
			t.Errorf("%s: PEXPIREAT %d, redis %d", k, g.expire, w.expire)
		}
		var kdb int
		var key string
		fmt.Sscanf(k, "%d %q", &kdb, &key)
		if kdb != db {
			rc.do("SELECT", strconv.Itoa(kdb))
			db = kdb
		}
		switch enc := rc.value("OBJECT", "ENCODING", key).Str; enc {
		case "hashtable", "skiplist":
			gs, gi := g.items()
			ws, wi := w.items()
			if g.cmds[0][0] != w.cmds[0][0] || !slices.Equal(gs, ws) || !slices.Equal(gi, wi) {
				t.Errorf("%s (%s): %d commands of %v, redis %d of %v", k, enc, len(g.cmds), gs, len(w.cmds), ws)
				bad++
			}
		default:
			if !slices.EqualFunc(g.cmds, w.cmds, slices.Equal) {
				t.Errorf("%s (%s):\n aeon  %.300q\n redis %.300q", k, enc, g.cmds, w.cmds)
				bad++
			}
		}
		if bad > 10 {
			t.Fatal("too many differences")
		}
	}
}

// TestAOFNoPreambleRoundTrip: aeon's AOF with a base of commands passes
// redis-check-aof and loads into aeon and redis-server with the same data;
// aeon loads redis-server's such AOF too.
func TestAOFNoPreambleRoundTrip(t *testing.T) {
	_, bin := ownTarget(t)
	dir := t.TempDir()
	a := startAOF(t, bin, "aeon", dir, "--aof-use-rdb-preamble", "no")
	populate(t, a.Addr, 22, 2)
	aofWorkload(t, a.Addr)
	rc := dialRaw(t, a.Addr)
	cmds := [][]string{{"BGREWRITEAOF"}}
	for i := 0; i < 3000; i++ { // written while the walk runs
		cmds = append(cmds, []string{"INCR", fmt.Sprintf("c%d", i%100)}, []string{"RPUSH", fmt.Sprintf("k0:%d:list", i%50), "x"})
	}
	pipeline(t, rc, cmds)
	rewriteDone(t, a.Addr)
	want := datasetOf(t, a.Addr)
	a.sigterm(t, 10*time.Second)
	_, m := aofDir(t, dir)
	if !strings.Contains(m, "appendonly.aof.2.base.aof seq 2 type b") {
		t.Fatalf("manifest:\n%s", m)
	}
	checkAOF(t, dir)
	b := startAOF(t, bin, "aeon", dir)
	compareDatasets(t, "aeon base of commands -> aeon", want, datasetOf(t, b.Addr))
	b.sigterm(t, 10*time.Second)
	redisBin := requireTool(t, "redis-server")
	r := startAOF(t, redisBin, "redis", dir)
	compareDatasets(t, "aeon base of commands -> redis-server", want, datasetOf(t, r.Addr))

	// The other way: redis-server's base of commands, loaded by aeon.
	rdir := t.TempDir()
	r2 := startAOF(t, redisBin, "redis", rdir, "--aof-use-rdb-preamble", "no")
	populate(t, r2.Addr, 23, 1)
	bgrewriteaof(t, r2.Addr)
	dialRaw(t, r2.Addr).do("SET", "after", "rewrite")
	want = datasetOf(t, r2.Addr)
	r2.sigterm(t, 10*time.Second)
	a2 := startAOF(t, bin, "aeon", rdir)
	compareDatasets(t, "redis base of commands -> aeon", want, datasetOf(t, a2.Addr))
}

// TestAOFRewriteWhileOffMatchesRedis: BGREWRITEAOF with appendonly no
// does in aeon what it does in redis-server 7.0, on copies of one AOF
// directory: a new base (numbered on from the manifest found at startup),
// a manifest naming it alone, the old files deleted; then CONFIG SET
// appendonly yes starts from there.
func TestAOFRewriteWhileOffMatchesRedis(t *testing.T) {
	redisBin := requireTool(t, "redis-server")
	_, bin := ownTarget(t)
	adir := t.TempDir()
	a := startAOF(t, bin, "aeon", adir)
	populate(t, a.Addr, 24, 1)
	bgrewriteaof(t, a.Addr)
	dialRaw(t, a.Addr).do("SET", "x", "1")
	a.sigterm(t, 10*time.Second)
	rdir := t.TempDir()
	if out, err := exec.Command("cp", "-a", filepath.Join(adir, "appendonlydir"), rdir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	a = startWithDir(t, "aeon", bin, adir)
	r := startWithDir(t, "redis", redisBin, rdir)
	for _, s := range []*ownSrv{a, r} {
		populate(t, s.Addr, 25, 1)
		bgrewriteaof(t, s.Addr)
	}
	want := datasetOf(t, a.Addr)
	aNames, aMan := aofDir(t, adir)
	rNames, rMan := aofDir(t, rdir)
	if aMan != rMan || !slices.Equal(aNames, rNames) || strings.Contains(aMan, "type i") {
		t.Fatalf("after BGREWRITEAOF with the AOF off aeon has %v:\n%s\nredis has %v:\n%s", aNames, aMan, rNames, rMan)
	}
	for _, s := range []*ownSrv{a, r} {
		rc := dialRaw(t, s.Addr)
		if got := infoField(t, rc, "persistence", "aof_rewrites"); got != "1" {
			t.Errorf("%s: aof_rewrites %s", s.Name, got)
		}
		if r := rc.do("CONFIG", "SET", "appendonly", "yes"); r != "+OK\r\n" {
			t.Fatalf("%s: CONFIG SET appendonly yes: %q", s.Name, r)
		}
		rewriteDone(t, s.Addr)
	}
	aNames, aMan = aofDir(t, adir)
	rNames, rMan = aofDir(t, rdir)
	if aMan != rMan || !slices.Equal(aNames, rNames) {
		t.Fatalf("after CONFIG SET appendonly yes aeon has %v:\n%s\nredis has %v:\n%s", aNames, aMan, rNames, rMan)
	}
	a.sigterm(t, 10*time.Second)
	checkAOF(t, adir)
	// redis-server loads the directory aeon's rewrite with the AOF off made.
	r2 := startAOF(t, redisBin, "redis", adir)
	compareDatasets(t, "aeon AOF -> redis-server", want, datasetOf(t, r2.Addr))
}

// TestAOFRewriteCancelledMatchesRedis: CONFIG SET appendonly no while a
// rewrite runs cancels it, as Redis kills its child: no failure is
// counted, and the files left are the same.
func TestAOFRewriteCancelledMatchesRedis(t *testing.T) {
	redisBin := requireTool(t, "redis-server")
	_, bin := ownTarget(t)
	dirs := []string{t.TempDir(), t.TempDir()}
	a := startAOF(t, bin, "aeon", dirs[0])
	r := startAOF(t, redisBin, "redis", dirs[1])
	fields := []string{"aof_enabled", "aof_rewrite_in_progress", "aof_rewrite_scheduled", "aof_last_bgrewrite_status",
		"aof_rewrites", "aof_rewrites_consecutive_failures"}
	var infos [2][]string
	var names [2][]string
	var mans [2]string
	for i, s := range []*ownSrv{a, r} {
		populate(t, s.Addr, 26, 1)
		rc := dialRaw(t, s.Addr)
		// One write: the rewrite is still running when CONFIG SET arrives.
		reps := pipeline(t, rc, [][]string{{"BGREWRITEAOF"}, {"CONFIG", "SET", "appendonly", "no"}})
		if reps[0] != "+Background append only file rewriting started\r\n" || reps[1] != "+OK\r\n" {
			t.Fatalf("%s: %q", s.Name, reps)
		}
		time.Sleep(300 * time.Millisecond) // a cron tick or so
		for _, f := range fields {
			infos[i] = append(infos[i], f+":"+infoField(t, rc, "persistence", f))
		}
		names[i], mans[i] = aofDir(t, dirs[i])
	}
	if !slices.Equal(infos[0], infos[1]) {
		t.Errorf("INFO after the cancelled rewrite: aeon %q, redis %q", infos[0], infos[1])
	}
	if !slices.Contains(infos[0], "aof_last_bgrewrite_status:ok") {
		t.Errorf("aeon: %q", infos[0])
	}
	if mans[0] != mans[1] || !slices.Equal(names[0], names[1]) {
		t.Errorf("files after the cancelled rewrite: aeon %v:\n%s\nredis %v:\n%s", names[0], mans[0], names[1], mans[1])
	}
}
