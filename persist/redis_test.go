package persist

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"aeon/resp"
)

// This file checks the codec against redis-server 7.0: files and DUMP
// payloads Redis writes must decode to what was stored, and files this
// package writes must pass redis-check-rdb and load into redis-server.
// redis-server listens on a port in 23100..23199.

// requireTool returns the path of a tool; a missing one skips the test,
// except under CI, where it fails.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not found in PATH (required under CI)", name)
		}
		t.Skipf("%s not found in PATH", name)
	}
	return p
}

// redisProc is a redis-server started by a test, with one connection.
type redisProc struct {
	cmd  *exec.Cmd
	out  bytes.Buffer
	dir  string
	conn net.Conn
	rd   *bufio.Reader
}

// startRedis starts redis-server in dir with extra arguments.
func startRedis(t *testing.T, dir string, extra ...string) *redisProc {
	t.Helper()
	bin := requireTool(t, "redis-server")
	var lastOut string
	for attempt := range 10 {
		port := 23100 + (os.Getpid()+attempt*37+rand.IntN(100))%100
		if l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port)); err != nil {
			continue
		} else {
			l.Close()
		}
		args := append([]string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "",
			"--appendonly", "no", "--dir", dir}, extra...)
		p := &redisProc{dir: dir}
		p.cmd = exec.Command(bin, args...)
		p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.out
		p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		if err := p.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { p.cmd.Wait(); close(done) }()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			select {
			case <-done:
				lastOut = p.out.String()
				goto next
			default:
			}
			if c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port)); err == nil {
				p.conn, p.rd = c, bufio.NewReader(c)
				if v := p.do(t, "PING"); v.Str == "PONG" {
					t.Cleanup(func() {
						p.conn.Close()
						p.cmd.Process.Kill()
						<-done
					})
					return p
				}
				c.Close()
			}
			time.Sleep(20 * time.Millisecond)
		}
		p.cmd.Process.Kill()
		<-done
		t.Fatalf("redis-server did not start:\n%s", p.out.String())
	next:
		if !strings.Contains(lastOut, "in use") {
			break
		}
	}
	t.Fatalf("redis-server did not start:\n%s", lastOut)
	return nil
}

// do sends a command and returns the reply; an error reply fails the test.
func (p *redisProc) do(t *testing.T, args ...string) resp.Value {
	t.Helper()
	b := resp.AppendArray(nil, len(args))
	for _, a := range args {
		b = resp.AppendBulkString(b, a)
	}
	p.conn.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := p.conn.Write(b); err != nil {
		t.Fatal(err)
	}
	v, err := resp.ReadValue(p.rd)
	if err != nil {
		t.Fatal(err)
	}
	if v.Type == '-' {
		t.Fatalf("%q: %s", args[:min(len(args), 3)], v.Str)
	}
	return v
}

// redisKey is a key stored in redis-server: the commands, the value
// expected back and the RDB type Redis 7.0 writes it with.
type redisKey struct {
	key  string
	cmds [][]string
	want any
	typ  byte
	dump func(c *Chunk) // builds the same value, for byte-equal DUMPs
}

func redisKeys() []redisKey {
	rng := rand.New(rand.NewPCG(7, 7))
	random := make([]byte, 100)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	long := strings.Repeat("abcdefghij", 20)
	str := func(key, val string) redisKey {
		return redisKey{key, [][]string{{"SET", key, val}}, val, TypeString, func(c *Chunk) {
			c.Byte(TypeString)
			if v, err := strconv.ParseInt(val, 10, 64); err == nil && itoa(v) == val {
				c.IntString(v) // an int-encoded object
			} else {
				c.StringS(val)
			}
		}}
	}
	bigList := make([]string, 3000)
	for i := range bigList {
		bigList[i] = fmt.Sprintf("element-%d-%s", i, strings.Repeat("p", i%40))
	}
	bigHash := map[string]string{}
	hset := []string{"HSET", "hash:big"}
	for i := range 600 {
		f, v := "f"+itoa(int64(i)), "value-"+itoa(int64(i*i))
		bigHash[f] = v
		hset = append(hset, f, v)
	}
	var bigSet []string
	sadd := []string{"SADD", "set:bigint"}
	for i := range 1000 {
		bigSet = append(bigSet, itoa(int64(i)))
		sadd = append(sadd, itoa(int64(i)))
	}
	slices.Sort(bigSet)
	bigZ := map[string]float64{}
	zadd := []string{"ZADD", "zset:big"}
	for i := range 200 {
		m, s := "m"+itoa(int64(i)), float64(i)*1.5-100
		bigZ[m] = s
		zadd = append(zadd, strconv.FormatFloat(s, 'g', -1, 64), m)
	}
	return []redisKey{
		str("str:int", "12345"),
		str("str:neg", "-5"),
		str("str:bigint", "9999999999"),
		str("str:short", "hello"),
		str("str:long", long),
		str("str:rand", string(random)),
		str("str:empty", ""),
		str("str:21", strings.Repeat("z", 21)),
		{"str:ttl", [][]string{{"SET", "str:ttl", "v", "PX", "100000000"}}, "v", TypeString, nil},
		{"list:small", [][]string{{"RPUSH", "list:small", "a", "b", "1", "2", "-3"}}, []string{"a", "b", "1", "2", "-3"},
			TypeListQuicklist2, func(c *Chunk) {
				c.Byte(TypeListQuicklist2)
				c.Len(1)
				c.Len(containerPacked)
				c.String(listpackOf("a", "b", "1", "2", "-3").Bytes())
			}},
		{"list:big", [][]string{append([]string{"RPUSH", "list:big"}, bigList...)}, bigList, TypeListQuicklist2, nil},
		{"hash:small", [][]string{{"HSET", "hash:small", "f1", "v1", "f2", "2"}}, map[string]string{"f1": "v1", "f2": "2"},
			TypeHashListpack, func(c *Chunk) {
				c.Byte(TypeHashListpack)
				c.String(listpackOf("f1", "v1", "f2", "2").Bytes())
			}},
		{"hash:big", [][]string{hset[:102], append([]string{"HSET", "hash:big"}, hset[102:]...)}, bigHash, TypeHash, nil},
		{"hash:longval", [][]string{{"HSET", "hash:longval", "f", long}}, map[string]string{"f": long}, TypeHash,
			func(c *Chunk) {
				c.Byte(TypeHash)
				c.Len(1)
				c.StringS("f")
				c.StringS(long)
			}},
		{"set:int", [][]string{{"SADD", "set:int", "3", "1", "-100", "2"}}, []string{"-100", "1", "2", "3"}, TypeSetIntset,
			func(c *Chunk) {
				c.Byte(TypeSetIntset)
				c.String(intsetOf(3, 1, -100, 2).Bytes())
			}},
		{"set:bigint", [][]string{sadd}, bigSet, TypeSet, nil},
		{"set:str", [][]string{{"SADD", "set:str", "a", "b", "c"}}, []string{"a", "b", "c"}, TypeSet, nil},
		{"zset:small", [][]string{{"ZADD", "zset:small", "1", "a", "2.5", "b", "-inf", "c"}},
			map[string]float64{"a": 1, "b": 2.5, "c": math.Inf(-1)}, TypeZSetListpack, func(c *Chunk) {
				c.Byte(TypeZSetListpack)
				c.String(listpackOf("c", "-inf", "a", "1", "b", "2.5").Bytes())
			}},
		{"zset:big", [][]string{zadd}, bigZ, TypeZSet2, nil},
	}
}

func TestRedisServerFiles(t *testing.T) {
	dir := t.TempDir()
	p := startRedis(t, dir, "--list-compress-depth", "1", "--maxmemory-policy", "allkeys-lfu")
	keys := redisKeys()
	for _, k := range keys {
		for _, cmd := range k.cmds {
			p.do(t, cmd...)
		}
	}
	p.do(t, "SELECT", "3")
	p.do(t, "SET", "db3", "x")
	p.do(t, "SELECT", "0")
	if enc := p.do(t, "OBJECT", "ENCODING", "list:big"); enc.Str != "quicklist" {
		t.Fatalf("list:big is %s", enc.Str)
	}

	check := func(lfu bool) []byte {
		t.Helper()
		p.do(t, "SAVE")
		file, err := os.ReadFile(filepath.Join(dir, "dump.rdb"))
		if err != nil {
			t.Fatal(err)
		}
		col := newCollector(t)
		ver, err := Load(bytes.NewReader(file), col)
		if err != nil || ver != 10 {
			t.Fatalf("Load: %d, %v", ver, err)
		}
		if col.aux["redis-ver"] == "" || col.aux["redis-bits"] != "64" {
			t.Errorf("aux %v", col.aux)
		}
		if len(col.records) != len(keys)+1 {
			t.Errorf("%d records, want %d", len(col.records), len(keys)+1)
		}
		now := time.Now().UnixMilli()
		for _, k := range keys {
			got, ok := col.records["0:"+k.key]
			if !ok {
				t.Errorf("%s missing", k.key)
				continue
			}
			if !reflect.DeepEqual(got.Val, k.want) || got.Type != k.typ {
				t.Errorf("%s: type %d %s\nwant type %d %s", k.key, got.Type, short(got.Val), k.typ, short(k.want))
			}
			if k.key == "str:ttl" {
				if got.Expire < now+99000000 || got.Expire > now+100000000 {
					t.Errorf("str:ttl expire %d, now %d", got.Expire, now)
				}
			} else if got.Expire != -1 {
				t.Errorf("%s: expire %d", k.key, got.Expire)
			}
			if lfu && (got.Freq < 0 || got.Idle != -1) || !lfu && (got.Freq != -1 || got.Idle < 0) {
				t.Errorf("%s: freq %d idle %d (lfu %v)", k.key, got.Freq, got.Idle, lfu)
			}
		}
		if got := col.records["3:db3"]; got.Val != "x" {
			t.Errorf("db 3: %+v", got)
		}
		if len(col.resize) != 2 {
			t.Errorf("resizedb %v", col.resize)
		}
		return file
	}
	check(true)
	p.do(t, "CONFIG", "SET", "maxmemory-policy", "allkeys-lru")
	check(false)

	// DUMP payloads: decode them; where the test can build the same value,
	// the payload must be byte for byte Redis's.
	for _, k := range keys {
		payload := []byte(p.do(t, "DUMP", k.key).Str)
		v, err := DecodeDump(payload)
		if err != nil {
			t.Errorf("%s: DecodeDump: %v", k.key, err)
			continue
		}
		if got := canon(t, v); !reflect.DeepEqual(got, k.want) || v.Type != k.typ {
			t.Errorf("%s: DUMP gives type %d %s", k.key, v.Type, short(got))
		}
		if k.dump != nil {
			var c Chunk
			k.dump(&c)
			if mine := DumpPayload(&c, true); !bytes.Equal(mine, payload) {
				t.Errorf("%s: DumpPayload\n% x\nredis\n% x", k.key, mine, payload)
			}
		}
	}
	// Redis accepts our DUMP payloads.
	for _, k := range keys {
		if k.dump == nil {
			continue
		}
		var c Chunk
		k.dump(&c)
		p.do(t, "RESTORE", "copy:"+k.key, "0", string(DumpPayload(&c, true)))
		again, err := DecodeDump([]byte(p.do(t, "DUMP", "copy:"+k.key).Str))
		if err != nil || !reflect.DeepEqual(canon(t, again), k.want) {
			t.Errorf("%s: RESTORE of our payload: %v", k.key, err)
		}
	}
}

// smallKeys are the keys of testdata/redis-7.0-small.rdb, saved by
// redis-server with small encoding limits (smallConfig) so that every
// encoding, compressed quicklist nodes included, fits in a small file (a
// fuzz seed).
func smallKeys() []redisKey {
	var list []string
	for i := range 12 {
		list = append(list, strings.Repeat("a", 20)+"-"+itoa(int64(i)))
	}
	return []redisKey{
		{"int", [][]string{{"SET", "int", "-300"}}, "-300", TypeString, nil},
		{"str", [][]string{{"SET", "str", "hello"}}, "hello", TypeString, nil},
		{"long", [][]string{{"SET", "long", strings.Repeat("0123456789", 6)}}, strings.Repeat("0123456789", 6), TypeString, nil},
		{"ttl", [][]string{{"SET", "ttl", "x", "PXAT", "4102444800000"}}, "x", TypeString, nil},
		{"list", [][]string{append([]string{"RPUSH", "list"}, list...)}, list, TypeListQuicklist2, nil},
		{"hashlp", [][]string{{"HSET", "hashlp", "a", "1", "b", "2"}}, map[string]string{"a": "1", "b": "2"}, TypeHashListpack, nil},
		{"hash", [][]string{{"HSET", "hash", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5"}},
			map[string]string{"a": "1", "b": "2", "c": "3", "d": "4", "e": "5"}, TypeHash, nil},
		{"intset", [][]string{{"SADD", "intset", "1", "-2", "70000"}}, []string{"-2", "1", "70000"}, TypeSetIntset, nil},
		{"set", [][]string{{"SADD", "set", "1", "2", "3", "4", "5"}}, []string{"1", "2", "3", "4", "5"}, TypeSet, nil},
		{"sset", [][]string{{"SADD", "sset", "x", "y"}}, []string{"x", "y"}, TypeSet, nil},
		{"zsetlp", [][]string{{"ZADD", "zsetlp", "1", "a", "-1.5", "b"}}, map[string]float64{"a": 1, "b": -1.5}, TypeZSetListpack, nil},
		{"zset", [][]string{{"ZADD", "zset", "1", "a", "2", "b", "3", "c", "4", "d", "inf", "e"}},
			map[string]float64{"a": 1, "b": 2, "c": 3, "d": 4, "e": math.Inf(1)}, TypeZSet2, nil},
	}
}

// smallConfig are the redis-server options of testdata/redis-7.0-small.rdb.
var smallConfig = []string{"--list-max-listpack-size", "4", "--list-compress-depth", "1",
	"--hash-max-listpack-entries", "4", "--zset-max-listpack-entries", "4", "--set-max-intset-entries", "4",
	"--maxmemory-policy", "allkeys-lfu"}

// TestRedisSmallFile checks testdata/redis-7.0-small.rdb (no redis-server
// needed); with AEON_PERSIST_WRITE_TESTDATA=1 and redis-server it first
// writes it again, with the fuzz seed corpora.
func TestRedisSmallFile(t *testing.T) {
	path := filepath.Join("testdata", "redis-7.0-small.rdb")
	if os.Getenv("AEON_PERSIST_WRITE_TESTDATA") != "" {
		dir := t.TempDir()
		p := startRedis(t, dir, smallConfig...)
		for _, k := range smallKeys() {
			for _, cmd := range k.cmds {
				p.do(t, cmd...)
			}
		}
		p.do(t, "SELECT", "1")
		p.do(t, "SET", "db1", "x")
		p.do(t, "SAVE")
		b, err := os.ReadFile(filepath.Join(dir, "dump.rdb"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		writeSeeds(t, b)
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	col := newCollector(t)
	if _, err := Load(bytes.NewReader(file), col); err != nil {
		t.Fatal(err)
	}
	for _, k := range smallKeys() {
		got := col.records["0:"+k.key]
		if !reflect.DeepEqual(got.Val, k.want) || got.Type != k.typ || got.Freq < 0 {
			t.Errorf("%s: type %d freq %d %v, want type %d %v", k.key, got.Type, got.Freq, got.Val, k.typ, k.want)
		}
	}
	if got := col.records["0:ttl"].Expire; got != 4102444800000 {
		t.Errorf("ttl expire %d", got)
	}
	if got := col.records["1:db1"].Val; got != "x" || len(col.records) != len(smallKeys())+1 {
		t.Errorf("db1 %v, %d records", got, len(col.records))
	}
	// The list has a compressed node: its bytes contain an LZF string.
	if !bytes.Contains(file, []byte{containerPacked, encVal<<6 | encLZF}) {
		t.Error("no compressed quicklist node")
	}
}

// ourFile writes testRecords (with a future expire on the first) plus a
// second db into an RDB file.
func ourFile(t *testing.T, compress bool) []byte {
	var file bytes.Buffer
	w := NewWriter(&file, compress)
	w.Header()
	var c Chunk
	c.Aux("redis-ver", "7.0.15")
	c.Aux("redis-bits", "64")
	c.Aux("ctime", itoa(time.Now().Unix()))
	c.Aux("used-mem", "1000000")
	c.Aux("aof-base", "0")
	c.SelectDB(0)
	c.ResizeDB(uint64(len(testRecords())), 1)
	for i, rc := range testRecords() {
		switch i {
		case 0:
			c.ExpireMs(time.Now().Add(24 * time.Hour).UnixMilli())
		case 1:
			c.Idle(42)
		case 2:
			c.Freq(7)
		}
		rc.write(&c)
	}
	c.SelectDB(2)
	c.ResizeDB(1, 0)
	c.Byte(TypeString)
	c.StringS("db2")
	c.IntString(77)
	w.WriteChunk(&c)
	if err := w.Finish(true); err != nil {
		t.Fatal(err)
	}
	return file.Bytes()
}

func TestRedisLoadsOurFile(t *testing.T) {
	check := requireTool(t, "redis-check-rdb")
	for _, compress := range []bool{true, false} {
		dir := t.TempDir()
		path := filepath.Join(dir, "ours.rdb")
		if err := os.WriteFile(path, ourFile(t, compress), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(check, path).CombinedOutput()
		if err != nil || !bytes.Contains(out, []byte("RDB looks OK")) {
			t.Fatalf("redis-check-rdb: %v\n%s", err, out)
		}
		p := startRedis(t, dir, "--dbfilename", "ours.rdb")
		if n := p.do(t, "DBSIZE").Int; n != int64(len(testRecords())) {
			t.Fatalf("DBSIZE %d", n)
		}
		for i, rc := range testRecords() {
			v, err := DecodeDump([]byte(p.do(t, "DUMP", rc.key).Str))
			if err != nil {
				t.Fatalf("%s: %v", rc.key, err)
			}
			if got := canon(t, v); !reflect.DeepEqual(got, rc.want) {
				t.Errorf("%s: redis has %s", rc.key, short(got))
			}
			if ttl := p.do(t, "PTTL", rc.key).Int; (i == 0) != (ttl > 0) {
				t.Errorf("%s: PTTL %d", rc.key, ttl)
			}
		}
		p.do(t, "SELECT", "2")
		if v := p.do(t, "GET", "db2"); v.Str != "77" {
			t.Errorf("db2 %q", v.Str)
		}
	}
}

// short formats v, cut to 300 bytes.
func short(v any) string {
	s := fmt.Sprint(v)
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}
