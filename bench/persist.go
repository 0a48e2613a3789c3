package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The persist part: three tables comparing aeon's persistence with
// redis-server's, each on processes (re)started with extra flags (see
// server.extra):
//
//   - SAVE and load: SAVE time and RDB size of a mixed data set (pSet), and
//     the time a fresh process takes to load redis-server's RDB file of it;
//   - BGSAVE under a SET load: redis-benchmark latency with and without
//     back-to-back BGSAVEs, and the peak memory growth meanwhile;
//   - AOF: SET throughput with appendonly yes / appendfsync everysec
//     against appendonly no.

// File names inside each server's directory.
const (
	pFile     = "persist.rdb" // --dbfilename of the SAVE and BGSAVE servers
	pLoadFile = "load.rdb"    // --dbfilename of a loading start: a copy of redis's persist.rdb
	pNoFile   = "absent.rdb"  // --dbfilename of an empty start: never exists
	pAOFDir   = "persist-aof" // --appenddirname of the AOF table
	pExpireAt = "4102444800"  // 2100-01-01T00:00:00Z: the far-future TTL
)

// withFlags returns base, a list of --name value pairs, with each pair of
// extra replacing base's pair of the same name, or appended.
func withFlags(base, extra []string) []string {
	out := slices.Clone(base)
	for i := 0; i+1 < len(extra); i += 2 {
		j := 0
		for j+1 < len(out) && out[j] != extra[i] {
			j += 2
		}
		if j+1 < len(out) {
			out[j+1] = extra[i+1]
		} else {
			out = append(out, extra[i], extra[i+1])
		}
	}
	return out
}

// restartWith stops s and starts it again on its port and directory with
// the extra flags (see withFlags). It returns the time from just before
// the exec to the first PING answered with +PONG (startServer polls every
// 5 ms; -LOADING replies do not count).
func restartWith(s *server, extra ...string) (time.Duration, error) {
	procs.stop(s.cmd, 10*time.Second)
	s.extra = extra
	start := time.Now()
	if err := startServer(s, s.dir); err != nil {
		return 0, err
	}
	d := time.Since(start)
	s.used = true
	return d, nil
}

// ---------------------------------------------------------------- data set

// pSet is the mixed data set of the SAVE/load table: n objects, object i
// being
//
//	[0, 70%)     string  str:%08d   i%4 == 0: an integer (int-encoded); else 16-100
//	                                bytes: odd i random letters and digits, even i
//	                                a repeated "value-<i>-" (compressible)
//	[70%, 80%)   hash    hash:%08d  fields f1..f5, values integers or short strings
//	[80%, 90%)   set     set:%08d   5 members: integers for even i (intset),
//	                                strings for odd i (hashtable in 7.0)
//	[90%, 95%)   zset    zset:%08d  members m1..m5, scores multiples of 0.25
//	[95%, 100%)  list    list:%08d  5 elements, integers and strings
//
// and every 10th object (i%10 == 0) gets EXPIREAT 2100-01-01. Everything is
// a function of i, so both servers get identical bytes.
type pSet struct{ n int }

type pKind int

const (
	pString pKind = iota
	pHash
	pSetKind
	pZset
	pList
)

var pPrefix = [...]string{pString: "str", pHash: "hash", pSetKind: "set", pZset: "zset", pList: "list"}

func (d pSet) kind(i int) pKind {
	switch {
	case i < d.n*70/100:
		return pString
	case i < d.n*80/100:
		return pHash
	case i < d.n*90/100:
		return pSetKind
	case i < d.n*95/100:
		return pZset
	}
	return pList
}

// count returns the number of objects of kind k.
func (d pSet) count(k pKind) int {
	bounds := [...]int{0, d.n * 70 / 100, d.n * 80 / 100, d.n * 90 / 100, d.n * 95 / 100, d.n}
	return bounds[k+1] - bounds[k]
}

func (d pSet) key(i int) string { return fmt.Sprintf("%s:%08d", pPrefix[d.kind(i)], i) }

// mix64 is SplitMix64's finalizer: a cheap deterministic hash of x.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func pStrValue(i int) string {
	h := mix64(uint64(i))
	if i%4 == 0 {
		return strconv.FormatInt(int64(h%2_000_000_000_000)-1_000_000_000_000, 10)
	}
	n := 16 + int(h%85)
	b := make([]byte, 0, n+16)
	if i%2 == 1 {
		const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		for len(b) < n {
			h = mix64(h)
			for k := 0; k < 8 && len(b) < n; k++ {
				b = append(b, alnum[byte(h>>(8*k))%byte(len(alnum))])
			}
		}
		return string(b)
	}
	p := "value-" + strconv.Itoa(i) + "-"
	for len(b) < n {
		b = append(b, p...)
	}
	return string(b[:n])
}

// pHashValue is field f<k>'s value (k in 1..5).
func pHashValue(i, k int) string {
	if k%2 == 1 {
		return strconv.Itoa(i*10 + k)
	}
	return "hv-" + strconv.Itoa(i) + "-" + strconv.Itoa(k)
}

// pSetMember is member k (1..5) of set i.
func pSetMember(i, k int) string {
	if i%2 == 0 {
		return strconv.Itoa(i*5 + k)
	}
	return "m" + strconv.Itoa(i*5+k)
}

// pZScore is the score of member m<k> (k in 1..5) of sorted set i.
func pZScore(i, k int) float64 { return float64(mix64(uint64(i))%1000+uint64(k)) / 4 }

// pListElem is element k (0..4) of list i.
func pListElem(i, k int) string {
	if k%2 == 0 {
		return strconv.Itoa(i*5 + k)
	}
	return "e" + strconv.Itoa(i*5+k)
}

// create appends the command that creates object i.
func (d pSet) create(b []byte, i int) []byte {
	key := d.key(i)
	switch d.kind(i) {
	case pString:
		return appendCmd(b, "SET", key, pStrValue(i))
	case pHash:
		args := []string{"HSET", key}
		for k := 1; k <= 5; k++ {
			args = append(args, "f"+strconv.Itoa(k), pHashValue(i, k))
		}
		return appendCmd(b, args...)
	case pSetKind:
		args := []string{"SADD", key}
		for k := 1; k <= 5; k++ {
			args = append(args, pSetMember(i, k))
		}
		return appendCmd(b, args...)
	case pZset:
		args := []string{"ZADD", key}
		for k := 1; k <= 5; k++ {
			args = append(args, strconv.FormatFloat(pZScore(i, k), 'f', -1, 64), "m"+strconv.Itoa(k))
		}
		return appendCmd(b, args...)
	}
	args := []string{"RPUSH", key}
	for k := range 5 {
		args = append(args, pListElem(i, k))
	}
	return appendCmd(b, args...)
}

func (d pSet) checkCreate(i int, v any) error {
	if d.kind(i) == pString {
		if v != "OK" {
			return fmt.Errorf("SET answered %v", short(v))
		}
		return nil
	}
	return wantInt(5)(i, v)
}

// load creates the data set over one pipelined connection (1000 commands
// per flush), sets the TTLs, and checks DBSIZE and a sample (verify).
func (d pSet) load(addr string) error {
	if err := pipelineLoad(addr, d.n, 1000, d.create, d.checkCreate); err != nil {
		return fmt.Errorf("create: %w", err)
	}
	ttls := (d.n + 9) / 10
	err := pipelineLoad(addr, ttls, 1000, func(b []byte, j int) []byte {
		return appendCmd(b, "EXPIREAT", d.key(10*j), pExpireAt)
	}, wantInt(1))
	if err != nil {
		return fmt.Errorf("EXPIREAT: %w", err)
	}
	return d.verify(addr)
}

// samples returns the objects verify reads: about 1000, spread over the
// whole set with a step that is odd and not a multiple of 5, so the
// sample has objects with and without a TTL.
func (d pSet) samples() []int {
	step := max(1, d.n/1000) | 1
	if step%5 == 0 {
		step += 2
	}
	var s []int
	for i := 0; i < d.n; i += step {
		s = append(s, i)
	}
	return append(s, d.n-1)
}

// verify checks DBSIZE and, for every sampled object, one value (GET,
// HGET f3, SISMEMBER, ZSCORE m3 or LINDEX 4) and its TTL.
func (d pSet) verify(addr string) error {
	if err := expectInt(addr, int64(d.n), "DBSIZE"); err != nil {
		return err
	}
	sm := d.samples()
	return pipelineLoad(addr, 2*len(sm), 1000, func(b []byte, j int) []byte {
		i := sm[j/2]
		key := d.key(i)
		if j%2 == 1 {
			return appendCmd(b, "TTL", key)
		}
		switch d.kind(i) {
		case pString:
			return appendCmd(b, "GET", key)
		case pHash:
			return appendCmd(b, "HGET", key, "f3")
		case pSetKind:
			return appendCmd(b, "SISMEMBER", key, pSetMember(i, 3))
		case pZset:
			return appendCmd(b, "ZSCORE", key, "m3")
		}
		return appendCmd(b, "LINDEX", key, "4")
	}, func(j int, v any) error {
		i := sm[j/2]
		if j%2 == 1 {
			ttl, ok := v.(int64)
			if i%10 == 0 && (!ok || ttl <= 0) || i%10 != 0 && ttl != -1 {
				return fmt.Errorf("TTL %s answered %v", d.key(i), short(v))
			}
			return nil
		}
		var want any
		switch d.kind(i) {
		case pString:
			want = pStrValue(i)
		case pHash:
			want = pHashValue(i, 3)
		case pSetKind:
			want = int64(1)
		case pZset:
			if s, ok := v.(string); ok {
				if f, err := strconv.ParseFloat(s, 64); err == nil && f == pZScore(i, 3) {
					return nil
				}
			}
			return fmt.Errorf("ZSCORE %s m3 answered %v, want %v", d.key(i), short(v), pZScore(i, 3))
		case pList:
			want = pListElem(i, 4)
		}
		if v != want {
			return fmt.Errorf("reading %s answered %v, want %v", d.key(i), short(v), short(want))
		}
		return nil
	})
}

// ---------------------------------------------------------------- /proc: Pss of a process tree

// pssBytes returns the Pss of /proc/PID/smaps_rollup, in bytes.
func pssBytes(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "Pss:"); ok {
			f := strings.Fields(rest)
			if len(f) >= 1 {
				kb, err := strconv.ParseInt(f[0], 10, 64)
				return kb * 1024, err
			}
		}
	}
	return 0, fmt.Errorf("no Pss in /proc/%d/smaps_rollup", pid)
}

// childPids returns pid's children from /proc/PID/task/*/children, or,
// on a kernel without those files, by scanning every /proc/N/stat's ppid.
func childPids(pid int) []int {
	var out []int
	files, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	read := false
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		read = true
		for _, w := range strings.Fields(string(b)) {
			if c, err := strconv.Atoi(w); err == nil {
				out = append(out, c)
			}
		}
	}
	if read {
		return out
	}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		fs := strings.Fields(s[i+1:]) // state, ppid, ...
		if len(fs) >= 2 && fs[1] == strconv.Itoa(pid) {
			if c, err := strconv.Atoi(strings.Split(f, "/")[2]); err == nil {
				out = append(out, c)
			}
		}
	}
	return out
}

// pssTree returns the summed Pss of pid and all its descendants: a page
// shared after a fork counts once in the sum, a copied one twice.
// Descendants that exit meanwhile are skipped.
func pssTree(pid int) (int64, error) {
	total, err := pssBytes(pid)
	if err != nil {
		return 0, err
	}
	for _, c := range childPids(pid) {
		if p, err := pssTree(c); err == nil {
			total += p
		}
	}
	return total, nil
}

// ---------------------------------------------------------------- INFO persistence

func infoFields(c *conn, section string) (map[string]string, error) {
	v, err := c.do("INFO", section)
	if err != nil {
		return nil, fmt.Errorf("INFO %s: %w", section, err)
	}
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("INFO %s answered %v", section, short(v))
	}
	m := map[string]string{}
	for _, line := range strings.Split(s, "\n") {
		if k, val, ok := strings.Cut(strings.TrimSpace(line), ":"); ok {
			m[k] = val
		}
	}
	return m, nil
}

// expectInfo checks that INFO section has each field: value pair of want.
func expectInfo(addr, section string, want ...string) error {
	c, err := dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	m, err := infoFields(c, section)
	if err != nil {
		return err
	}
	for i := 0; i+1 < len(want); i += 2 {
		if got := m[want[i]]; got != want[i+1] {
			return fmt.Errorf("INFO %s: %s is %q, want %q", section, want[i], got, want[i+1])
		}
	}
	return nil
}

// checkAOFWritten checks INFO persistence after an AOF run:
// aof_last_write_status:ok and a non-empty aof_current_size.
func checkAOFWritten(addr string) error {
	c, err := dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	m, err := infoFields(c, "persistence")
	if err != nil {
		return err
	}
	if st := m["aof_last_write_status"]; st != "ok" {
		return fmt.Errorf("INFO persistence: aof_last_write_status:%s", st)
	}
	if n, err := strconv.ParseInt(m["aof_current_size"], 10, 64); err != nil || n <= 0 {
		return fmt.Errorf("INFO persistence: aof_current_size:%s after the run", m["aof_current_size"])
	}
	return nil
}

func startBgsave(c *conn) error {
	v, err := c.do("BGSAVE")
	if err != nil {
		return fmt.Errorf("BGSAVE: %w", err)
	}
	if v != "Background saving started" {
		return fmt.Errorf("BGSAVE answered %v", short(v))
	}
	return nil
}

// ---------------------------------------------------------------- memory monitor

// memMonitor samples the Pss of a server's process tree every 10 ms until
// stopped, keeping the peak; with bgsave it also keeps BGSAVE running back
// to back: it polls INFO persistence at each sample and issues the next
// BGSAVE as soon as rdb_bgsave_in_progress is 0 (after checking
// rdb_last_bgsave_status:ok). When stopped it waits for the BGSAVE in
// flight to finish (still sampling), without counting it.
type memMonitor struct {
	pid        int
	stop, done chan struct{}
	before     int64 // Pss before the run
	peak       int64
	saves      int // BGSAVEs that completed before stop
	err        error
}

func startMonitor(s *server, bgsave bool) (*memMonitor, error) {
	before, err := pssTree(s.pid())
	if err != nil {
		return nil, err
	}
	m := &memMonitor{pid: s.pid(), stop: make(chan struct{}), done: make(chan struct{}), before: before, peak: before}
	var c *conn
	if bgsave {
		if c, err = dial(s.addr()); err != nil {
			return nil, err
		}
		if err := startBgsave(c); err != nil {
			c.Close()
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
	}
	go m.loop(c)
	return m, nil
}

func (m *memMonitor) loop(c *conn) {
	defer close(m.done)
	if c != nil {
		defer c.Close()
	}
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	stop := m.stop
	var stoppedAt time.Time
	for {
		select {
		case <-stop:
			stop, stoppedAt = nil, time.Now()
		case <-tick.C:
		}
		pss, err := pssTree(m.pid)
		if err != nil {
			m.err = err
			return
		}
		m.peak = max(m.peak, pss)
		if c == nil {
			if stop == nil {
				return
			}
			continue
		}
		info, err := infoFields(c, "persistence")
		if err != nil {
			m.err = err
			return
		}
		if info["rdb_bgsave_in_progress"] != "0" {
			if stop == nil && time.Since(stoppedAt) > 5*time.Minute {
				m.err = fmt.Errorf("BGSAVE still in progress 5 minutes after the run")
				return
			}
			continue
		}
		if st := info["rdb_last_bgsave_status"]; st != "ok" {
			m.err = fmt.Errorf("rdb_last_bgsave_status:%s", st)
			return
		}
		if stop == nil {
			return
		}
		m.saves++
		if err := startBgsave(c); err != nil {
			m.err = err
			return
		}
	}
}

// finish stops the monitor and waits for it.
func (m *memMonitor) finish() error {
	close(m.stop)
	<-m.done
	return m.err
}

// ---------------------------------------------------------------- the part

func persistSection(cfg *config, servers []*server, rep *report) error {
	defer func() {
		for _, s := range servers {
			s.extra, s.used = nil, true // the next part restarts them with the common flags
			for _, f := range []string{pFile, pLoadFile, pNoFile, pAOFDir} {
				os.RemoveAll(filepath.Join(s.dir, f))
			}
		}
	}()
	if err := saveLoadTable(cfg, servers, rep); err != nil {
		return err
	}
	if err := bgsaveTable(cfg, servers, rep); err != nil {
		return err
	}
	return aofTable(cfg, servers, rep)
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func msOf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// targetCell is "yes" when a/b ≤ limit (lower is better) and "no" otherwise.
func targetCell(a, b, limit float64) string {
	if b > 0 && a/b <= limit {
		return "yes"
	}
	return "no"
}

func saveLoadTable(cfg *config, servers []*server, rep *report) error {
	d := pSet{cfg.pKeys}
	rep.commands = append(rep.commands, fmt.Sprintf("# persist, SAVE and load: each server restarted with --dbfilename %s, "+
		"then %s (none there), then %s (a copy of redis's %s)", pFile, pNoFile, pLoadFile, pFile))
	for _, s := range servers {
		if _, err := restartWith(s, "--dbfilename", pFile); err != nil {
			return err
		}
		logf("persist: loading %d mixed objects into %s", d.n, s.name)
		start := time.Now()
		if err := d.load(s.addr()); err != nil {
			return fmt.Errorf("persist: %s: %w", s.name, err)
		}
		logf("persist: %s loaded in %v", s.name, time.Since(start).Round(time.Millisecond))
	}

	saveMs := map[string][]float64{}
	size := map[string]int64{}
	for r := 1; r <= cfg.rounds; r++ {
		for _, s := range servers {
			c, err := dial(s.addr())
			if err != nil {
				return err
			}
			start := time.Now()
			v, err := c.do("SAVE")
			el := time.Since(start)
			c.Close()
			if err != nil {
				return fmt.Errorf("%s SAVE: %w", s.name, err)
			}
			if v != "OK" {
				return fmt.Errorf("%s SAVE answered %v", s.name, short(v))
			}
			fi, err := os.Stat(filepath.Join(s.dir, pFile))
			if err != nil {
				return fmt.Errorf("%s SAVE: %w", s.name, err)
			}
			size[s.name] = fi.Size()
			saveMs[s.name] = append(saveMs[s.name], msOf(el))
			logf("persist: round %d/%d %-5s SAVE %.1f ms, %d bytes", r, cfg.rounds, s.name, msOf(el), fi.Size())
		}
	}

	var redisDir string
	for _, s := range servers {
		if s.name == "redis" {
			redisDir = s.dir
		}
	}
	ref := filepath.Join(filepath.Dir(redisDir), "persist-redis.rdb")
	if err := copyFile(ref, filepath.Join(redisDir, pFile)); err != nil {
		return err
	}
	defer os.Remove(ref)

	emptyMs, loadMs := map[string][]float64{}, map[string][]float64{}
	for r := 1; r <= cfg.rounds; r++ {
		for _, s := range servers {
			os.Remove(filepath.Join(s.dir, pNoFile))
			e, err := restartWith(s, "--dbfilename", pNoFile)
			if err != nil {
				return err
			}
			if err := expectInt(s.addr(), 0, "DBSIZE"); err != nil {
				return fmt.Errorf("%s empty start: %w", s.name, err)
			}
			if err := copyFile(filepath.Join(s.dir, pLoadFile), ref); err != nil {
				return err
			}
			l, err := restartWith(s, "--dbfilename", pLoadFile)
			if err != nil {
				return err
			}
			if err := d.verify(s.addr()); err != nil {
				return fmt.Errorf("%s after loading redis's RDB file: %w", s.name, err)
			}
			emptyMs[s.name] = append(emptyMs[s.name], msOf(e))
			loadMs[s.name] = append(loadMs[s.name], msOf(l))
			logf("persist: round %d/%d %-5s start: empty %.1f ms, with redis's RDB file %.1f ms", r, cfg.rounds, s.name, msOf(e), msOf(l))
		}
	}

	med := func(m map[string][]float64, name string) float64 { return median(m[name]) }
	row := func(label string, a, b float64, format string, target bool) []string {
		t := ""
		if target {
			t = targetCell(a, b, 1)
		}
		return []string{label, fmt.Sprintf(format, a), fmt.Sprintf(format, b), ratioStr(a, b), t}
	}
	aLoad := med(loadMs, "aeon") - med(emptyMs, "aeon")
	rLoad := med(loadMs, "redis") - med(emptyMs, "redis")
	rows := [][]string{
		row("`SAVE`, ms", med(saveMs, "aeon"), med(saveMs, "redis"), "%.1f", true),
		row("RDB file size, MB", float64(size["aeon"])/1e6, float64(size["redis"])/1e6, "%.2f", false),
		row("start with an empty dir, ms", med(emptyMs, "aeon"), med(emptyMs, "redis"), "%.1f", false),
		row("start with redis's RDB file, ms", med(loadMs, "aeon"), med(loadMs, "redis"), "%.1f", true),
		row("load = difference of the two, ms", aLoad, rLoad, "%.1f", true),
	}
	rep.tables = append(rep.tables, table{
		title:  fmt.Sprintf("Persistence: SAVE and load, %d keys of mixed types", d.n),
		header: []string{"step", "aeon", "redis", "ratio", "≤ redis"},
		rows:   rows,
		after: fmt.Sprintf("Data set: %d strings (a quarter integers), %d hashes, %d sets, %d sorted sets, %d lists; %d keys "+
			"with a TTL. After every load DBSIZE was %d on both and %d sampled keys had their values and TTLs.",
			d.count(pString), d.count(pHash), d.count(pSetKind), d.count(pZset), d.count(pList), (d.n+9)/10, d.n, len(d.samples())),
	})
	rep.method = append(rep.method, fmt.Sprintf("**Persistence: SAVE and load.** Both servers are restarted with "+
		"`--dbfilename %s` and get the same data set over one pipelined connection (1000 commands per flush): %d keys, "+
		"70%% strings `str:%%08d` (every 4th an integer, so int-encoded; the rest 16-100 bytes, half random letters and "+
		"digits, half a repeated `value-<i>-`), 10%% hashes `hash:%%08d` of 5 fields, 10%% sets `set:%%08d` of 5 members "+
		"(integers in half of them, intset; strings in the other half), 5%% sorted sets `zset:%%08d` of 5 members, 5%% lists "+
		"`list:%%08d` of 5 elements, and `EXPIREAT <key> %s` (year 2100) on every 10th key; every reply is checked. "+
		"Then %d round(s), aeon then redis: `SAVE`, timed by the client (command sent to reply read; both servers fsync "+
		"the file), and the file's size. Then redis's file is copied, and %d round(s), aeon then redis: start a new "+
		"process with `--dbfilename %s` (no such file), then one on a fresh copy of redis's file (`--dbfilename %s`, "+
		"the same file for both servers); each start is timed from just before the exec to the first PING answered "+
		"with +PONG (a new connection every 5 ms; -LOADING does not count), and after the load DBSIZE and ~1000 "+
		"sampled keys (a value and the TTL of each) are checked. The table shows medians; *load* is the median start "+
		"with the file minus the median empty start, i.e. the load itself without process startup. Target: SAVE and "+
		"load no slower than redis.", pFile, d.n, pExpireAt, cfg.rounds, cfg.rounds, pNoFile, pLoadFile))
	return nil
}

// bgRun is one redis-benchmark run of the BGSAVE table.
type bgRun struct {
	smp          sample
	before, peak int64
	saves        int
}

func (r bgRun) growth() float64 { return float64(r.peak-r.before) / float64(r.before) }

func bgsaveTable(cfg *config, servers []*server, rep *report) error {
	bcfg := *cfg
	bcfg.keyspace = cfg.pKeys // overwrite the loaded keys
	tc := tcase{"set", 1, cfg.pBgsaveN}
	rep.commands = append(rep.commands, "# persist, BGSAVE: each server restarted with --dbfilename "+pFile,
		benchCommand(&bcfg, tc))
	for _, s := range servers {
		os.Remove(filepath.Join(s.dir, pFile))
		if _, err := restartWith(s, "--dbfilename", pFile); err != nil {
			return err
		}
		logf("persist: loading %d strings into %s", cfg.pKeys, s.name)
		if err := load(s.addr(), cfg.pKeys); err != nil {
			return fmt.Errorf("persist: %s: %w", s.name, err)
		}
	}
	runs := map[string]map[bool][]bgRun{}
	for _, s := range servers {
		runs[s.name] = map[bool][]bgRun{}
	}
	for r := 1; r <= cfg.rounds; r++ {
		for _, bg := range []bool{false, true} {
			for _, s := range servers {
				time.Sleep(time.Second) // let the previous run's background work settle
				m, err := startMonitor(s, bg)
				if err != nil {
					return err
				}
				_, smp, err := runBenchmark(&bcfg, s, tc.test, tc.pipeline, tc.n)
				merr := m.finish()
				if err != nil {
					return err
				}
				if merr != nil {
					return fmt.Errorf("%s: %w", s.name, merr)
				}
				run := bgRun{smp: smp, before: m.before, peak: m.peak, saves: m.saves}
				runs[s.name][bg] = append(runs[s.name][bg], run)
				what := "plain "
				if bg {
					what = "BGSAVE"
				}
				logf("persist: round %d/%d %-5s SET %s %8.0f rps  p50 %.3f  p99 %.3f ms  %d BGSAVEs  Pss %.1f -> peak %.1f MB (+%.1f%%)",
					r, cfg.rounds, s.name, what, smp.rps, smp.p50, smp.p99, run.saves, float64(run.before)/1e6, float64(run.peak)/1e6, 100*run.growth())
			}
		}
	}

	type agg struct {
		smp                   sample
		saves, before, growth float64
		growthMB              float64
	}
	sum := func(rs []bgRun) agg {
		var smps []sample
		var saves, before, growth, growthMB []float64
		for _, r := range rs {
			smps = append(smps, r.smp)
			saves = append(saves, float64(r.saves))
			before = append(before, float64(r.before))
			growth = append(growth, r.growth())
			growthMB = append(growthMB, float64(r.peak-r.before)/1e6)
		}
		return agg{medianOf(smps), median(saves), median(before), median(growth), median(growthMB)}
	}
	ap, ab := sum(runs["aeon"][false]), sum(runs["aeon"][true])
	rp, rb := sum(runs["redis"][false]), sum(runs["redis"][true])
	lat := func(s sample) string { return fmt.Sprintf("%.3f / %.3f", s.p50, s.p99) }
	pct := func(a agg) string { return fmt.Sprintf("%.1f %% (%.1f MB)", 100*a.growth, a.growthMB) }
	rows := [][]string{
		{"SET rps, no BGSAVE", fmt.Sprintf("%.0f", ap.smp.rps), fmt.Sprintf("%.0f", rp.smp.rps), ratioStr(ap.smp.rps, rp.smp.rps)},
		{"SET rps, BGSAVE back to back", fmt.Sprintf("%.0f", ab.smp.rps), fmt.Sprintf("%.0f", rb.smp.rps), ratioStr(ab.smp.rps, rb.smp.rps)},
		{"p50 / p99 ms, no BGSAVE (ratio: p99)", lat(ap.smp), lat(rp.smp), ratioStr(ap.smp.p99, rp.smp.p99)},
		{"p50 / p99 ms, BGSAVE back to back (ratio: p99)", lat(ab.smp), lat(rb.smp), ratioStr(ab.smp.p99, rb.smp.p99)},
		{"p99 with BGSAVE / p99 without", ratioStr(ab.smp.p99, ap.smp.p99), ratioStr(rb.smp.p99, rp.smp.p99), ""},
		{"p50 with BGSAVE / p50 without", ratioStr(ab.smp.p50, ap.smp.p50), ratioStr(rb.smp.p50, rp.smp.p50), ""},
		{"BGSAVEs completed during a run", fmt.Sprintf("%.0f", ab.saves), fmt.Sprintf("%.0f", rb.saves), ratioStr(ab.saves, rb.saves)},
		{"Pss before the BGSAVE run, MB", fmt.Sprintf("%.1f", ab.before/1e6), fmt.Sprintf("%.1f", rb.before/1e6), ratioStr(ab.before, rb.before)},
		{"peak memory growth, no BGSAVE", pct(ap), pct(rp), ""},
		{"peak memory growth, BGSAVE back to back", pct(ab), pct(rb), ""},
	}
	met := "no"
	if ab.growth <= 0.10 {
		met = "yes"
	}
	rep.tables = append(rep.tables, table{
		title:  fmt.Sprintf("Persistence: BGSAVE under a SET load (%d keys)", cfg.pKeys),
		header: []string{"measure", "aeon", "redis", "aeon/redis"},
		rows:   rows,
		after: fmt.Sprintf("Target aeon's peak memory growth with BGSAVE ≤ 10 %%: %s (%.1f %%). Growth is of the summed Pss of the "+
			"server and its children (Redis's BGSAVE child; aeon has none), peak during the run minus the value just before it.",
			met, 100*ab.growth),
	})
	rep.method = append(rep.method, fmt.Sprintf("**Persistence: BGSAVE under a SET load.** Both servers are restarted with "+
		"`--dbfilename %s` and loaded with %d strings `key:%%012d` → `val:%%012d` (SET, pipelined, checked with DBSIZE). "+
		"Then %d round(s) of: a plain run of `%s` against aeon, then redis; then the same run against aeon, then redis, "+
		"while BGSAVE runs back to back (a second connection issues BGSAVE, polls INFO persistence every 10 ms and issues "+
		"the next one as soon as `rdb_bgsave_in_progress` is 0 and `rdb_last_bgsave_status` is ok; the save still in flight "+
		"when redis-benchmark ends is waited for, not counted). `-r %d` makes every SET overwrite a loaded key "+
		"(with the 3-byte value `xxx`), so each one after a snapshot started is a copy-on-write: a page copy for Redis's "+
		"forked child, a per-key record for aeon. During both runs the Pss (/proc/PID/smaps_rollup) of the server and of "+
		"all its descendants (/proc/PID/task/*/children; Redis's fork child) is summed every 10 ms; *peak memory growth* is "+
		"the highest sum minus the sum just before the run, as a %% of the latter. Each run starts after a 1 s pause. "+
		"The table shows medians over the rounds; latencies and rps are redis-benchmark's. Target: aeon's growth ≤ 10 %%.",
		pFile, cfg.pKeys, cfg.rounds, benchCommand(&bcfg, tc), cfg.pKeys))
	return nil
}

func aofTable(cfg *config, servers []*server, rep *report) error {
	type mode struct {
		name  string
		extra []string
		info  string // aof_enabled
	}
	common := []string{"--dbfilename", pNoFile, "--appenddirname", pAOFDir}
	modes := []mode{
		{"off", append([]string{"--appendonly", "no"}, common...), "0"},
		{"everysec", append([]string{"--appendonly", "yes", "--appendfsync", "everysec"}, common...), "1"},
	}
	cases := []tcase{{"set", 1, cfg.n1}, {"set", 16, cfg.n16}}
	rep.commands = append(rep.commands, "# persist, AOF: each server restarted with "+shellQuote(modes[0].extra)+
		", or with "+shellQuote(modes[1].extra))
	for _, tc := range cases {
		rep.commands = append(rep.commands, benchCommand(cfg, tc))
	}
	res := map[string][]sample{} // server/mode/pipeline
	keyOf := func(s, m string, p int) string { return fmt.Sprintf("%s/%s/%d", s, m, p) }
	for r := 1; r <= cfg.rounds; r++ {
		order := modes
		if r%2 == 0 {
			order = []mode{modes[1], modes[0]}
		}
		for _, tc := range cases {
			for _, m := range order {
				for _, s := range servers {
					os.RemoveAll(filepath.Join(s.dir, pAOFDir))
					os.Remove(filepath.Join(s.dir, pNoFile))
					if _, err := restartWith(s, m.extra...); err != nil {
						return err
					}
					if err := expectInt(s.addr(), 0, "DBSIZE"); err != nil {
						return fmt.Errorf("%s: %w", s.name, err)
					}
					if err := expectInfo(s.addr(), "persistence", "aof_enabled", m.info); err != nil {
						return fmt.Errorf("%s: %w", s.name, err)
					}
					_, smp, err := runBenchmark(cfg, s, tc.test, tc.pipeline, tc.n)
					if err != nil {
						return err
					}
					if m.info == "1" {
						if err := checkAOFWritten(s.addr()); err != nil {
							return fmt.Errorf("%s: %w", s.name, err)
						}
					}
					k := keyOf(s.name, m.name, tc.pipeline)
					res[k] = append(res[k], smp)
					logf("persist: round %d/%d SET -P %-2d appendonly %-8s %-5s %10.0f rps  p50 %.3f  p99 %.3f ms",
						r, cfg.rounds, tc.pipeline, m.name, s.name, smp.rps, smp.p50, smp.p99)
				}
			}
		}
	}
	for _, s := range servers {
		procs.stop(s.cmd, 10*time.Second)
		os.RemoveAll(filepath.Join(s.dir, pAOFDir))
	}

	var rows [][]string
	allMet := true
	for _, tc := range cases {
		get := func(s, m string) sample { return medianOf(res[keyOf(s, m, tc.pipeline)]) }
		ao, ae := get("aeon", "off"), get("aeon", "everysec")
		ro, re := get("redis", "off"), get("redis", "everysec")
		if ao.rps == 0 || ae.rps/ao.rps < 0.9 {
			allMet = false
		}
		p99s := func(off, ev sample) string { return fmt.Sprintf("%.3f / %.3f", off.p99, ev.p99) }
		rows = append(rows, []string{"SET", strconv.Itoa(tc.pipeline),
			fmt.Sprintf("%.0f", ao.rps), fmt.Sprintf("%.0f", ae.rps), ratioStr(ae.rps, ao.rps),
			fmt.Sprintf("%.0f", ro.rps), fmt.Sprintf("%.0f", re.rps), ratioStr(re.rps, ro.rps),
			ratioStr(ae.rps, re.rps), p99s(ao, ae), p99s(ro, re)})
	}
	met := "no"
	if allMet {
		met = "yes"
	}
	rep.tables = append(rep.tables, table{
		title: "Persistence: AOF appendfsync everysec vs appendonly no",
		header: []string{"test", "pipeline", "aeon rps off", "aeon rps everysec", "aeon everysec/off",
			"redis rps off", "redis rps everysec", "redis everysec/off", "everysec rps aeon/redis",
			"aeon p99 ms off / everysec", "redis p99 ms off / everysec"},
		rows:  rows,
		after: "Target aeon everysec/off ≥ 0.9: " + met + ".",
	})
	rep.method = append(rep.method, fmt.Sprintf("**Persistence: AOF.** For each of %d round(s), for -P 1 (-n %d) and -P 16 "+
		"(-n %d), for each mode (`--appendonly no`, and `--appendonly yes --appendfsync everysec`; the order of the two "+
		"modes alternates between rounds), for aeon then redis: start a new process with that mode (plus `--appenddirname %s` "+
		"removed before, and `--dbfilename %s`, which does not exist, so it starts empty; checked: DBSIZE 0 and INFO "+
		"`aof_enabled`), run `redis-benchmark -t set -r %d -c %d` once, then (everysec) check `aof_last_write_status:ok` and a non-zero `aof_current_size`. The table "+
		"shows median rps and p99, and the ratio everysec/off of each server. Target: aeon everysec/off ≥ 0.9.",
		cfg.rounds, cfg.n1, cfg.n16, pAOFDir, pNoFile, cfg.keyspace, cfg.clients))
	return nil
}
