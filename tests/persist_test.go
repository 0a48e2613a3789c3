package tests

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"aeon/resp"
)

// Persistence end to end: RDB files and DUMP payloads between aeon and
// redis-server in both directions, restarts, and BGSAVE's snapshot
// consistency. Data sets are compared with datasetOf, a canonical listing
// of every key of every DB (type, encoding, value, absolute expiry).

// value sends one command and decodes the reply.
func (rc *rawConn) value(args ...string) resp.Value {
	rc.t.Helper()
	r := rc.do(args...)
	v, err := resp.ReadValue(bufioFrom([]byte(r)))
	if err != nil {
		rc.t.Fatalf("%q: bad reply %q: %v", args, r, err)
	}
	return v
}

func strs(v resp.Value) []string {
	out := make([]string, len(v.Elems))
	for i, e := range v.Elems {
		out[i] = e.Str
	}
	return out
}

// datasetOf lists every key of DBs 0..15 as "db key -> type enc ttl value".
// Set members and hash fields are sorted, so the listing does not depend
// on hash table order.
func datasetOf(t *testing.T, addr string) map[string]string {
	t.Helper()
	rc := dialRaw(t, addr)
	out := map[string]string{}
	for db := 0; db < 16; db++ {
		if r := rc.do("SELECT", strconv.Itoa(db)); r != "+OK\r\n" {
			t.Fatalf("SELECT %d: %q", db, r)
		}
		cursor := "0"
		for {
			v := rc.value("SCAN", cursor, "COUNT", "1000")
			cursor = v.Elems[0].Str
			for _, k := range strs(v.Elems[1]) {
				out[fmt.Sprintf("%d %q", db, k)] = describeKey(t, rc, k)
			}
			if cursor == "0" {
				break
			}
		}
	}
	return out
}

func describeKey(t *testing.T, rc *rawConn, k string) string {
	typ := rc.value("TYPE", k).Str
	enc := rc.value("OBJECT", "ENCODING", k).Str
	exp := rc.value("PEXPIRETIME", k).Int
	var val string
	switch typ {
	case "string":
		val = strconv.Quote(rc.value("GET", k).Str)
	case "list":
		val = fmt.Sprintf("%q", strs(rc.value("LRANGE", k, "0", "-1")))
	case "set":
		m := strs(rc.value("SMEMBERS", k))
		sort.Strings(m)
		val = fmt.Sprintf("%q", m)
	case "zset":
		val = fmt.Sprintf("%q", strs(rc.value("ZRANGE", k, "0", "-1", "WITHSCORES")))
	case "hash":
		kv := strs(rc.value("HGETALL", k))
		var pairs []string
		for i := 0; i+1 < len(kv); i += 2 {
			pairs = append(pairs, kv[i]+"="+kv[i+1])
		}
		sort.Strings(pairs)
		val = fmt.Sprintf("%q", pairs)
	}
	return fmt.Sprintf("%s %s exp=%d %s", typ, enc, exp, val)
}

// compareDatasets fails with the first differences between two listings.
func compareDatasets(t *testing.T, what string, want, got map[string]string) {
	t.Helper()
	if len(want) == 0 {
		t.Fatalf("%s: the expected data set is empty", what)
	}
	var diffs []string
	for k, w := range want {
		if g, ok := got[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("missing %s (want %.200s)", k, w))
		} else if g != w {
			diffs = append(diffs, fmt.Sprintf("key %s:\n  want %.300s\n  got  %.300s", k, w, g))
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("extra %s (%.200s)", k, g))
		}
	}
	if len(diffs) > 0 {
		sort.Strings(diffs)
		if len(diffs) > 10 {
			diffs = append(diffs[:10], fmt.Sprintf("... %d more", len(diffs)-10))
		}
		t.Fatalf("%s: %d keys vs %d, differences:\n%s", what, len(want), len(got), strings.Join(diffs, "\n"))
	}
}

// populate writes a data set holding every type in every encoding, small
// and large values, integers, expiries and several DBs. scale multiplies
// the number of keys.
func populate(t *testing.T, addr string, seed uint64, scale int) {
	t.Helper()
	rc := dialRaw(t, addr)
	r := rand.New(rand.NewPCG(seed, 7))
	var cmds [][]string
	flush := func() {
		if len(cmds) == 0 {
			return
		}
		for i, rep := range pipeline(t, rc, cmds) {
			if strings.HasPrefix(rep, "-") {
				t.Fatalf("populate: %q -> %q", cmds[i], rep)
			}
		}
		cmds = cmds[:0]
	}
	add := func(args ...string) {
		cmds = append(cmds, args)
		if len(cmds) >= 500 {
			flush()
		}
	}
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abcdefgh"[r.IntN(8)]
		}
		return string(b)
	}
	for _, db := range []string{"0", "1", "5"} {
		add("SELECT", db)
		for i := 0; i < 50*scale; i++ {
			p := fmt.Sprintf("k%s:%d:", db, i)
			add("SET", p+"int", strconv.Itoa(r.IntN(1<<20)-1<<19))
			add("SET", p+"bigint", "-9223372036854775808")
			add("SET", p+"short", word(1+r.IntN(30)))
			add("SET", p+"long", strings.Repeat(word(8), 20+r.IntN(20)))
			add("SET", p+"rnd", fmt.Sprintf("%x%x%x", r.Uint64(), r.Uint64(), r.Uint64()))
			add("RPUSH", p+"list", word(3), "12", word(40), "-7")
			add("HSET", p+"hash", "f1", word(5), "f2", "100", "f3", word(10))
			add("SADD", p+"iset", "1", "2", strconv.Itoa(r.IntN(100000)), "-40000")
			add("SADD", p+"sset", word(4), word(5), word(6))
			add("ZADD", p+"zset", "1", "a", "2.5", "b", "-inf", "c", strconv.Itoa(r.IntN(1000)), word(6))
			if i%3 == 0 {
				add("PEXPIRE", p+"short", strconv.Itoa(3600000+r.IntN(1000000)))
				add("EXPIRE", p+"hash", "86400")
			}
		}
		// Big encodings: hashtable hashes and sets, skiplist zsets, long lists.
		for i := 0; i < 3*scale; i++ {
			p := fmt.Sprintf("big%s:%d:", db, i)
			var l, h, s, is, z []string
			for j := 0; j < 700; j++ {
				l = append(l, word(1+j%50))
				h = append(h, fmt.Sprintf("field%d", j), word(1+j%30))
				s = append(s, word(6)+strconv.Itoa(j))
				is = append(is, strconv.Itoa(j*3-1000))
				z = append(z, strconv.FormatFloat(r.NormFloat64()*1e3, 'g', -1, 64), fmt.Sprintf("m%d", j))
			}
			add(append([]string{"RPUSH", p + "list"}, l...)...)
			add(append([]string{"HSET", p + "hash"}, h...)...)
			add(append([]string{"SADD", p + "set"}, s...)...)
			add(append([]string{"SADD", p + "iset"}, is...)...)
			add(append([]string{"ZADD", p + "zset"}, z...)...)
			add("HSET", p+"hashlong", "f", strings.Repeat("x", 100))
			add("ZADD", p+"zsetlong", "1", strings.Repeat("y", 100))
			add("RPUSH", p+"biglist", strings.Repeat(word(10), 2000)) // a plain node? no: 20 KB < list limit
		}
	}
	flush()
}

// saveAndWait runs SAVE (sync) and fails on an error reply.
func saveNow(t *testing.T, addr string) {
	t.Helper()
	if r := dialRaw(t, addr).do("SAVE"); r != "+OK\r\n" {
		t.Fatalf("SAVE: %q", r)
	}
}

// copyFile copies src to dst.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0644); err != nil {
		t.Fatal(err)
	}
}

// startWithDir starts bin (aeon or redis-server) over an existing dir
// holding dump.rdb.
func startWithDir(t *testing.T, name, bin, dir string, extra ...string) *ownSrv {
	t.Helper()
	return startOwn(t, name, bin, func(port int, _ string) []string {
		args := append(stdArgs(port, dir), "--enable-debug-command", "yes")
		return append(args, extra...)
	})
}

func TestRDBRestart(t *testing.T) {
	a := startServer(t)
	populate(t, a.Addr, 1, 2)
	want := datasetOf(t, a.Addr)
	saveNow(t, a.Addr)
	name, bin := ownTarget(t)
	b := startWithDir(t, name, bin, a.Dir)
	compareDatasets(t, "aeon SAVE -> aeon load", want, datasetOf(t, b.Addr))
}

func TestRDBFromRedis(t *testing.T) {
	requireTool(t, "redis-server")
	ref := startRedis(t)
	populate(t, ref.Addr, 2, 2)
	want := datasetOf(t, ref.Addr)
	saveNow(t, ref.Addr)
	dir := t.TempDir()
	copyFile(t, filepath.Join(ref.Dir, "dump.rdb"), filepath.Join(dir, "dump.rdb"))
	_, bin := ownTarget(t)
	a := startWithDir(t, "aeon", bin, dir)
	compareDatasets(t, "redis SAVE -> aeon load", want, datasetOf(t, a.Addr))
}

func TestRDBToRedis(t *testing.T) {
	redisBin := requireTool(t, "redis-server")
	check := requireTool(t, "redis-check-rdb")
	a := startServer(t)
	populate(t, a.Addr, 3, 2)
	want := datasetOf(t, a.Addr)
	saveNow(t, a.Addr)
	file := filepath.Join(a.Dir, "dump.rdb")
	if out, err := exec.Command(check, file).CombinedOutput(); err != nil {
		t.Fatalf("redis-check-rdb: %v\n%s", err, out)
	}
	dir := t.TempDir()
	copyFile(t, file, filepath.Join(dir, "dump.rdb"))
	r := startWithDir(t, "redis", redisBin, dir)
	compareDatasets(t, "aeon SAVE -> redis load", want, datasetOf(t, r.Addr))
}

// TestDumpRestoreInterop moves every key of a data set with DUMP/RESTORE
// from redis-server to aeon and from aeon to redis-server.
func TestDumpRestoreInterop(t *testing.T) {
	requireTool(t, "redis-server")
	for _, dir := range []struct {
		name     string
		from, to func(testing.TB, ...string) *srv
	}{{"redis->aeon", startRedis, startServer}, {"aeon->redis", startServer, startRedis}} {
		t.Run(dir.name, func(t *testing.T) {
			src, dst := dir.from(t), dir.to(t)
			populate(t, src.Addr, 4, 1)
			want := datasetOf(t, src.Addr)
			sc, dc := dialRaw(t, src.Addr), dialRaw(t, dst.Addr)
			for db := 0; db < 16; db++ {
				sc.do("SELECT", strconv.Itoa(db))
				dc.do("SELECT", strconv.Itoa(db))
				for _, k := range strs(sc.value("KEYS", "*")) {
					payload := sc.value("DUMP", k).Str
					at := sc.value("PEXPIRETIME", k).Int
					ttl := "0"
					if at > 0 {
						ttl = strconv.FormatInt(at, 10)
					}
					if r := dc.do("RESTORE", k, ttl, payload, "ABSTTL"); r != "+OK\r\n" {
						t.Fatalf("RESTORE %q: %q", k, r)
					}
				}
			}
			compareDatasets(t, dir.name, want, datasetOf(t, dst.Addr))
		})
	}
}

func TestRestoreErrors(t *testing.T) {
	for _, st := range bothServers {
		t.Run(st.name, func(t *testing.T) {
			s := st.start(t)
			rc := dialRaw(t, s.Addr)
			rc.do("SET", "k", "v")
			rc.do("RPUSH", "l", "a", "b")
			payload := rc.value("DUMP", "k").Str
			lp := rc.value("DUMP", "l").Str
			bad := []byte(payload)
			bad[0] ^= 0x40
			short := payload[:len(payload)-3]
			cases := [][]string{
				{"RESTORE", "k", "0", payload},
				{"RESTORE", "n", "-1", payload},
				{"RESTORE", "n", "x", payload},
				{"RESTORE", "n", "0", string(bad)},
				{"RESTORE", "n", "0", short},
				{"RESTORE", "n", "0", "garbage"},
				{"RESTORE", "n", "0", payload, "IDLETIME", "-1"},
				{"RESTORE", "n", "0", payload, "FREQ", "256"},
				{"RESTORE", "n", "0", payload, "IDLETIME", "1", "FREQ", "1"},
				{"RESTORE", "n", "0", payload, "BOGUS"},
				{"RESTORE", "n", "1", payload, "ABSTTL"},
				{"EXISTS", "n"},
				{"RESTORE", "k", "0", lp, "REPLACE"},
				{"TYPE", "k"},
				{"LRANGE", "k", "0", "-1"},
				{"RESTORE", "t", "100000", payload},
				{"DUMP", "nokey"},
			}
			var got []string
			for _, c := range cases {
				got = append(got, rc.do(c...))
			}
			if pt := rc.value("PTTL", "t").Int; pt <= 0 || pt > 100000 {
				t.Errorf("PTTL after RESTORE with ttl: %d", pt)
			}
			want := []string{
				"-BUSYKEY Target key name already exists.\r\n",
				"-ERR Invalid TTL value, must be >= 0\r\n",
				"-ERR value is not an integer or out of range\r\n",
				"-ERR DUMP payload version or checksum are wrong\r\n",
				"-ERR DUMP payload version or checksum are wrong\r\n",
				"-ERR DUMP payload version or checksum are wrong\r\n",
				"-ERR Invalid IDLETIME value, must be >= 0\r\n",
				"-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n",
				"-ERR syntax error\r\n",
				"-ERR syntax error\r\n",
				"+OK\r\n",
				":0\r\n",
				"+OK\r\n",
				"+list\r\n",
				"*2\r\n$1\r\na\r\n$1\r\nb\r\n",
				"+OK\r\n",
				"$-1\r\n",
			}
			for i := range cases {
				if got[i] != want[i] {
					t.Errorf("%q: got %q, want %q", cases[i], got[i], want[i])
				}
			}
		})
	}
}

// TestBGSAVEConsistency checks that a BGSAVE's file holds the data set as
// it was when BGSAVE ran: writes sent right behind it (overwrites, deletes,
// in-place changes, new keys, TTL changes, FLUSHDB, SWAPDB) are absent,
// and every key present then is there with its value of that moment. The
// file is loaded by redis-server too when it is installed.
func TestBGSAVEConsistency(t *testing.T) {
	a := startServer(t)
	populate(t, a.Addr, 5, 20)
	want := datasetOf(t, a.Addr)
	rc := dialRaw(t, a.Addr)
	cmds := [][]string{{"BGSAVE"}}
	r := rand.New(rand.NewPCG(9, 9))
	for i := 0; i < 20000; i++ {
		db := []string{"0", "1", "5"}[r.IntN(3)]
		n := r.IntN(1000)
		p := fmt.Sprintf("k%s:%d:", db, n)
		cmds = append(cmds, []string{"SELECT", db})
		switch r.IntN(10) {
		case 0:
			cmds = append(cmds, []string{"SET", p + "short", "changed"})
		case 1:
			cmds = append(cmds, []string{"DEL", p + "long"})
		case 2:
			cmds = append(cmds, []string{"APPEND", p + "rnd", "more"})
		case 3:
			cmds = append(cmds, []string{"RPUSH", p + "list", "x", "y"})
		case 4:
			cmds = append(cmds, []string{"HSET", p + "hash", "new", strings.Repeat("z", 100)}) // converts
		case 5:
			cmds = append(cmds, []string{"SADD", p + "iset", "notanint"}) // converts
		case 6:
			cmds = append(cmds, []string{"ZINCRBY", p + "zset", "5", "a"})
		case 7:
			cmds = append(cmds, []string{"SET", fmt.Sprintf("new:%d", i), "v"})
		case 8:
			cmds = append(cmds, []string{"PERSIST", p + "short"}, []string{"EXPIRE", p + "int", "100"})
		case 9:
			cmds = append(cmds, []string{"INCR", p + "int"}, []string{"RENAME", p + "sset", p + "sset2"})
		}
	}
	cmds = append(cmds, []string{"SWAPDB", "0", "1"}, []string{"SELECT", "5"}, []string{"FLUSHDB"})
	reps := pipeline(t, rc, cmds)
	if reps[0] != "+Background saving started\r\n" {
		t.Fatalf("BGSAVE: %q", reps[0])
	}
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if infoField(t, rc, "persistence", "rdb_bgsave_in_progress") == "0" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("BGSAVE did not finish in 60 s")
		}
	}
	if st := infoField(t, rc, "persistence", "rdb_last_bgsave_status"); st != "ok" {
		t.Fatalf("rdb_last_bgsave_status: %s", st)
	}
	// The writes did change the live data set, so the file holding the
	// old one is not a coincidence.
	after := datasetOf(t, a.Addr)
	changed := 0
	for k, v := range want {
		if after[k] != v {
			changed++
		}
	}
	if changed < 1000 {
		t.Fatalf("only %d keys changed after BGSAVE", changed)
	}
	t.Logf("%d keys, %d changed after BGSAVE started", len(want), changed)
	file := filepath.Join(a.Dir, "dump.rdb")
	dir := t.TempDir()
	copyFile(t, file, filepath.Join(dir, "dump.rdb"))
	_, bin := ownTarget(t)
	b := startWithDir(t, "aeon", bin, dir)
	compareDatasets(t, "BGSAVE file loaded by aeon", want, datasetOf(t, b.Addr))
	if redisBin, err := exec.LookPath("redis-server"); err == nil {
		dir2 := t.TempDir()
		copyFile(t, file, filepath.Join(dir2, "dump.rdb"))
		rs := startWithDir(t, "redis", redisBin, dir2)
		compareDatasets(t, "BGSAVE file loaded by redis-server", want, datasetOf(t, rs.Addr))
	}
}

// TestSaveCommands covers LASTSAVE, BGSAVE while one runs, save points and
// the INFO persistence fields.
func TestSaveCommands(t *testing.T) {
	a := startServer(t, "--save", "1 1")
	rc := dialRaw(t, a.Addr)
	last := rc.value("LASTSAVE").Int
	rc.do("SET", "a", "1")
	if d := infoField(t, rc, "persistence", "rdb_changes_since_last_save"); d != "1" {
		t.Errorf("rdb_changes_since_last_save = %s, want 1", d)
	}
	// The save point (1 change in 1 s) fires from the cron within ~2 s.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if rc.value("LASTSAVE").Int > last && infoField(t, rc, "persistence", "rdb_bgsave_in_progress") == "0" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no save point BGSAVE within 10 s; INFO: %s", rc.do("INFO", "persistence"))
		}
	}
	if d := infoField(t, rc, "persistence", "rdb_changes_since_last_save"); d != "0" {
		t.Errorf("after save: rdb_changes_since_last_save = %s", d)
	}
	if n := infoField(t, rc, "persistence", "rdb_saves"); n == "0" {
		t.Errorf("rdb_saves = 0 after a save point")
	}
	if _, err := os.Stat(filepath.Join(a.Dir, "dump.rdb")); err != nil {
		t.Errorf("dump.rdb: %v", err)
	}
	if r := rc.do("BGSAVE", "NOW"); r != "-ERR syntax error\r\n" {
		t.Errorf("BGSAVE NOW: %q", r)
	}
	// No temp files stay behind.
	ents, _ := os.ReadDir(a.Dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "temp-") {
			t.Errorf("temp file left: %s", e.Name())
		}
	}
}

// TestFlushallDuringBGSAVE: FLUSHALL cancels a BGSAVE (as Redis kills its
// child) and, with save points set, saves the empty data set; the
// cancelled save is no error (no MISCONF) and its file never lands after.
func TestFlushallDuringBGSAVE(t *testing.T) {
	a := startServer(t, "--save", "3600 1000000")
	populate(t, a.Addr, 6, 10)
	rc := dialRaw(t, a.Addr)
	reps := pipeline(t, rc, [][]string{{"BGSAVE"}, {"FLUSHALL"}})
	if reps[0] != "+Background saving started\r\n" || reps[1] != "+OK\r\n" {
		t.Fatalf("BGSAVE, FLUSHALL: %q", reps)
	}
	for deadline := time.Now().Add(30 * time.Second); infoField(t, rc, "persistence", "rdb_bgsave_in_progress") != "0"; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("BGSAVE did not end")
		}
	}
	if st := infoField(t, rc, "persistence", "rdb_last_bgsave_status"); st != "ok" {
		t.Errorf("rdb_last_bgsave_status after a cancelled BGSAVE: %s", st)
	}
	if r := rc.do("SET", "after", "1"); r != "+OK\r\n" {
		t.Errorf("SET after the cancelled BGSAVE: %q", r)
	}
	// The file is FLUSHALL's save: empty, not the cancelled snapshot.
	dir := t.TempDir()
	copyFile(t, filepath.Join(a.Dir, "dump.rdb"), filepath.Join(dir, "dump.rdb"))
	_, bin := ownTarget(t)
	b := startWithDir(t, "aeon", bin, dir)
	if r := dialRaw(t, b.Addr).do("DBSIZE"); r != ":0\r\n" {
		t.Errorf("DBSIZE after loading the file saved after FLUSHALL: %q", r)
	}
}

// TestShutdownSaves checks SHUTDOWN (and SIGTERM) save when save points are
// set, and SHUTDOWN NOSAVE does not.
func TestShutdownSaves(t *testing.T) {
	_, bin := ownTarget(t)
	dir := t.TempDir()
	s := startOwn(t, "aeon", bin, func(port int, _ string) []string {
		return []string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "3600 1"}
	})
	dialRaw(t, s.Addr).do("SET", "persisted", "yes")
	if exited, _ := s.sigterm(t, 10*time.Second); !exited {
		t.Fatal("no exit on SIGTERM")
	}
	b, err := os.ReadFile(filepath.Join(dir, "dump.rdb"))
	if err != nil || !bytes.HasPrefix(b, []byte("REDIS0010")) {
		t.Fatalf("dump.rdb after SIGTERM: %v %q", err, b[:min(len(b), 9)])
	}
	s2 := startOwn(t, "aeon", bin, func(port int, _ string) []string {
		return []string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "3600 1"}
	})
	rc := dialRaw(t, s2.Addr)
	if v := rc.value("GET", "persisted").Str; v != "yes" {
		t.Fatalf("after restart GET persisted = %q", v)
	}
	rc.do("SET", "lost", "1")
	s2.expectExit.Store(true)
	rc.send(encodeCmd("SHUTDOWN", "NOSAVE"))
	<-s2.done
	s3 := startOwn(t, "aeon", bin, func(port int, _ string) []string {
		return []string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""}
	})
	if r := dialRaw(t, s3.Addr).do("EXISTS", "lost"); r != ":0\r\n" {
		t.Fatalf("SHUTDOWN NOSAVE saved anyway: EXISTS lost = %q", r)
	}
}
