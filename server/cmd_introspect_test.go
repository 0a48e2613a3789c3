package server

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"aeon/resp"
)

// parseReply decodes one raw reply.
func parseReply(t *testing.T, raw string) resp.Value {
	t.Helper()
	v, err := resp.ReadValue(bufio.NewReader(bytes.NewReader([]byte(raw))))
	if err != nil {
		t.Fatalf("bad reply %q: %v", raw, err)
	}
	return v
}

// TestIntrospectCommandInfoBytes compares COMMAND INFO with Redis 7.0.15's
// bytes for commands whose entries exist.
func TestIntrospectCommandInfoBytes(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"command info echo", "*1\r\n*10\r\n$4\r\necho\r\n:2\r\n*3\r\n+loading\r\n+stale\r\n+fast\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@fast\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n"},
		{"command info time", "*1\r\n*10\r\n$4\r\ntime\r\n:1\r\n*3\r\n+loading\r\n+stale\r\n+fast\r\n:0\r\n:0\r\n:0\r\n*1\r\n+@fast\r\n*1\r\n$23\r\nnondeterministic_output\r\n*0\r\n*0\r\n"},
		{"command info lastsave", "*1\r\n*10\r\n$8\r\nlastsave\r\n:1\r\n*3\r\n+loading\r\n+stale\r\n+fast\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@fast\r\n+@dangerous\r\n*1\r\n$23\r\nnondeterministic_output\r\n*0\r\n*0\r\n"},
		{"command info info", "*1\r\n*10\r\n$4\r\ninfo\r\n:-1\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@dangerous\r\n*3\r\n$23\r\nnondeterministic_output\r\n$25\r\nrequest_policy:all_shards\r\n$23\r\nresponse_policy:special\r\n*0\r\n*0\r\n"},
		{"command info debug", "*1\r\n*10\r\n$5\r\ndebug\r\n:-2\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*0\r\n*0\r\n*0\r\n"},
		{"command info memory|usage", "*1\r\n*10\r\n$12\r\nmemory|usage\r\n:-3\r\n*1\r\n+readonly\r\n:2\r\n:2\r\n:1\r\n*2\r\n+@read\r\n+@slow\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*1\r\n+RO\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n"},
		{"command info slowlog|get", "*1\r\n*10\r\n$11\r\nslowlog|get\r\n:-2\r\n*3\r\n+admin\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*2\r\n$24\r\nrequest_policy:all_nodes\r\n$23\r\nnondeterministic_output\r\n*0\r\n*0\r\n"},
		{"command info COMMAND|LIST nosuch", "*2\r\n*10\r\n$12\r\ncommand|list\r\n:-2\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@connection\r\n*1\r\n$29\r\nnondeterministic_output_order\r\n*0\r\n*0\r\n*-1\r\n"},
	})
	c.proto = 3
	expectReplies(t, s, c, [][2]string{
		{"command info memory|usage", "*1\r\n*10\r\n$12\r\nmemory|usage\r\n:-3\r\n~1\r\n+readonly\r\n:2\r\n:2\r\n:1\r\n~2\r\n+@read\r\n+@slow\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~1\r\n+RO\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"},
		{"command info nosuch", "*1\r\n_\r\n"},
	})
}

// TestIntrospectCommandAll checks COMMAND, COMMAND COUNT, LIST and DOCS
// structurally over the whole table.
func TestIntrospectCommandAll(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	all := parseReply(t, s.run(c, "command"))
	if len(all.Elems) != len(s.commands) {
		t.Fatalf("COMMAND: %d entries, want %d", len(all.Elems), len(s.commands))
	}
	for _, e := range all.Elems {
		if len(e.Elems) != 10 {
			t.Fatalf("entry %v has %d fields", e, len(e.Elems))
		}
		for _, sub := range e.Elems[9].Elems {
			if len(sub.Elems) != 10 || !strings.HasPrefix(sub.Elems[0].Str, e.Elems[0].Str+"|") {
				t.Fatalf("bad subcommand entry %v", sub)
			}
		}
	}
	if got := s.run(c, "command", "count"); got != ":"+strconv.Itoa(len(s.commands))+"\r\n" {
		t.Fatalf("COMMAND COUNT: %q", got)
	}
	list := parseReply(t, s.run(c, "command", "list"))
	n := 0
	for _, cmd := range s.commands {
		n += 1 + len(cmd.Subs)
	}
	if len(list.Elems) != n {
		t.Fatalf("COMMAND LIST: %d names, want %d", len(list.Elems), n)
	}
	pat := parseReply(t, s.run(c, "command", "list", "filterby", "pattern", "LATENCY|H*"))
	if pat.String() == "" || len(pat.Elems) != 3 {
		t.Fatalf("COMMAND LIST PATTERN: %v", pat)
	}
	cat := parseReply(t, s.run(c, "command", "list", "filterby", "aclcat", "connection"))
	for _, e := range cat.Elems {
		if cmd := s.lookupCommandName(e.Str); cmd == nil || cmd.Cats&CatConnection == 0 {
			t.Fatalf("COMMAND LIST ACLCAT listed %q", e.Str)
		}
	}
	expectReplies(t, s, c, [][2]string{
		{"command list filterby module x", "*0\r\n"},
		{"command list filterby aclcat nosuch", "*0\r\n"},
		{"command list x", "-ERR syntax error\r\n"},
		{"command list filterby pattern", "-ERR syntax error\r\n"},
		{"command docs nosuch", "*0\r\n"},
		{"command docs time nosuch lastsave", "*4\r\n$4\r\ntime\r\n*8\r\n$7\r\nsummary\r\n$30\r\nReturn the current server time\r\n$5\r\nsince\r\n$5\r\n2.6.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$8\r\nlastsave\r\n*8\r\n$7\r\nsummary\r\n$59\r\nGet the UNIX time stamp of the last successful save to disk\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n"},
		{"command foo", "-ERR unknown subcommand 'foo'. Try COMMAND HELP.\r\n"},
	})
	docs := parseReply(t, s.run(c, "command", "docs"))
	if len(docs.Elems) != 2*len(s.commands) {
		t.Fatalf("COMMAND DOCS: %d elements", len(docs.Elems))
	}
	c.proto = 3
	mem := parseReply(t, s.run(c, "command", "docs", "memory"))
	if mem.Type != '%' || len(mem.Elems) != 2 || mem.Elems[1].Elems[8].Str != "subcommands" || len(mem.Elems[1].Elems[9].Elems) != 12 {
		t.Fatalf("COMMAND DOCS memory: %v", mem)
	}
	help := parseReply(t, s.run(c, "command", "help"))
	if len(help.Elems) != 21 || help.Elems[20].Str != "    Prints this help." {
		t.Fatalf("COMMAND HELP: %v", help)
	}
}

func TestIntrospectCommandGetKeys(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"command getkeys nosuch a", "-ERR Invalid command specified\r\n"},
		{"command getkeys ping a", "-ERR The command has no key arguments\r\n"},
		{"command getkeys memory", "-ERR wrong number of arguments for 'command|getkeys' command\r\n"},
		{"command getkeys memory usage", "-ERR Invalid number of arguments specified for command\r\n"},
		{"command getkeys memory usage k", "*1\r\n$1\r\nk\r\n"},
		{"command getkeysandflags memory usage k", "*1\r\n*2\r\n$1\r\nk\r\n*1\r\n+RO\r\n"},
	})
	// Key specs of commands other files define, straight from the table.
	cases := []struct {
		name string
		argv []string
		want []int
	}{
		{"mset", []string{"mset", "a", "1", "b", "2"}, []int{1, 3}},
		{"zunionstore", []string{"zunionstore", "d", "2", "a", "b", "weights", "1", "2"}, []int{1, 3, 4}},
		{"xread", []string{"xread", "count", "2", "streams", "s1", "s2", "0", "0"}, []int{4, 5}},
		{"eval", []string{"eval", "return 1", "1", "k", "arg"}, []int{3}},
	}
	for _, tc := range cases {
		cmd := &Command{Name: tc.name}
		argv := make([][]byte, len(tc.argv))
		for i, a := range tc.argv {
			argv[i] = []byte(a)
		}
		keys, ok := getKeysFromSpecs(nil, cmd, argv)
		var got []int
		for _, k := range keys {
			got = append(got, k.pos)
		}
		if !ok || joinInts(got) != joinInts(tc.want) {
			t.Fatalf("%s: keys at %v, want %v", tc.name, got, tc.want)
		}
	}
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

func TestIntrospectInfo(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.run(c, "ping")
	s.run(c, "nosuch")
	s.dbAdd(s.dbs[0], []byte("k"), stringObject([]byte("v")))
	raw := s.run(c, "info", "everything")
	v := parseReply(t, raw)
	if v.Type != '$' {
		t.Fatalf("INFO reply type %q", v.Type)
	}
	text := v.Str
	if strings.Contains(strings.ReplaceAll(text, "\r\n", ""), "\n") {
		t.Fatal("INFO has bare newlines")
	}
	for _, want := range []string{
		"# Server\r\n", "redis_version:" + Version + "\r\n", "redis_mode:standalone\r\n", "os:", "arch_bits:64\r\n",
		"multiplexing_api:", "gcc_version:0.0.0\r\n", "process_id:", "run_id:" + s.runID + "\r\n", "tcp_port:",
		"server_time_usec:", "uptime_in_seconds:", "uptime_in_days:", "hz:", "configured_hz:", "lru_clock:",
		"executable:", "config_file:", "io_threads_active:0\r\n", "aeon_version:" + AeonVersion + "\r\n",
		"\r\n\r\n# Clients\r\n", "connected_clients:", "cluster_connections:0\r\n", "maxclients:", "client_recent_max_input_buffer:",
		"client_recent_max_output_buffer:", "blocked_clients:0\r\n", "tracking_clients:0\r\n", "clients_in_timeout_table:0\r\n",
		"\r\n\r\n# Memory\r\n", "used_memory:", "used_memory_human:", "used_memory_rss:", "used_memory_peak:", "maxmemory:0\r\n",
		"maxmemory_policy:noeviction\r\n", "mem_fragmentation_ratio:", "mem_allocator:go",
		"\r\n\r\n# Persistence\r\n", "loading:0\r\n", "rdb_changes_since_last_save:", "rdb_bgsave_in_progress:0\r\n",
		"rdb_last_save_time:" + strconv.FormatInt(s.lastSave, 10) + "\r\n", "rdb_last_bgsave_status:ok\r\n", "aof_enabled:0\r\n", "aof_rewrite_in_progress:0\r\n",
		"\r\n\r\n# Stats\r\n", "total_connections_received:", "total_commands_processed:1\r\n", "instantaneous_ops_per_sec:",
		"total_net_input_bytes:", "total_net_output_bytes:", "instantaneous_input_kbps:", "rejected_connections:",
		"expired_keys:", "expired_stale_perc:", "expired_time_cap_reached_count:", "evicted_keys:", "keyspace_hits:",
		"keyspace_misses:", "total_error_replies:1\r\n",
		"\r\n\r\n# Replication\r\n", "role:master\r\n", "connected_slaves:0\r\n", "master_replid:" + s.runID + "\r\n",
		"master_replid2:0000000000000000000000000000000000000000\r\n", "master_repl_offset:0\r\n",
		"\r\n\r\n# CPU\r\n", "used_cpu_sys:", "used_cpu_user:",
		"\r\n\r\n# Commandstats\r\n", "cmdstat_ping:calls=1,usec=",
		"\r\n\r\n# Errorstats\r\n", "errorstat_ERR:count=1\r\n",
		"\r\n\r\n# Keyspace\r\n", "db0:keys=1,expires=0,avg_ttl=0\r\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("INFO lacks %q", want)
		}
	}
	for _, line := range strings.Split(text, "\r\n") {
		if strings.HasPrefix(line, "used_cpu_") && len(line[strings.IndexByte(line, '.')+1:]) != 6 {
			t.Errorf("CPU line %q not 6 decimals", line)
		}
	}
	def := parseReply(t, s.run(c, "info")).Str
	if strings.Contains(def, "# Commandstats") || !strings.Contains(def, "# Keyspace") {
		t.Fatal("INFO default sections wrong")
	}
	one := parseReply(t, s.run(c, "info", "CPU", "keyspace")).Str
	if !strings.HasPrefix(one, "# CPU\r\n") || !strings.Contains(one, "\r\n\r\n# Keyspace\r\ndb0:") || strings.Contains(one, "# Server") {
		t.Fatalf("INFO cpu keyspace: %q", one)
	}
	c.proto = 3
	if got := s.run(c, "info", "nosuch"); got != "=4\r\ntxt:\r\n" {
		t.Fatalf("RESP3 INFO nosuch: %q", got)
	}
	s.resetStats()
	st := parseReply(t, s.run(c, "info", "stats", "commandstats", "errorstats")).Str
	if !strings.Contains(st, "total_commands_processed:0\r\n") || strings.Contains(st, "cmdstat_ping") || strings.Contains(st, "errorstat_") {
		t.Fatalf("after resetStats: %q", st)
	}
}

func TestIntrospectBytesToHuman(t *testing.T) {
	for n, want := range map[int64]string{0: "0B", 1023: "1023B", 1024: "1.00K", 916336: "894.86K", 6590464: "6.29M", 25276502016: "23.54G"} {
		if got := bytesToHuman(n); got != want {
			t.Errorf("bytesToHuman(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestIntrospectMemory(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	set := func(k, v string) { s.setStringKey(c, c.db, []byte(k), []byte(v), false) }
	set("k", "x")
	set("n", "123")
	set("big", strings.Repeat("x", 70))
	set("foo", "bar")
	set(strings.Repeat("y", 20), "5")
	// Values measured on Redis 7.0.15 (jemalloc).
	expectReplies(t, s, c, [][2]string{
		{"memory usage nokey", "$-1\r\n"},
		{"memory usage foo", ":64\r\n"},
		{"memory usage n", ":48\r\n"},
		{"memory usage big", ":128\r\n"},
		{"memory usage " + strings.Repeat("y", 20), ":72\r\n"},
		{"memory usage foo samples 0", ":64\r\n"},
		{"memory usage foo samples", "-ERR syntax error\r\n"},
		{"memory usage foo samples x", "-ERR value is not an integer or out of range\r\n"},
		{"memory usage foo samples -1", "-ERR syntax error\r\n"},
		{"memory usage foo bar 1", "-ERR syntax error\r\n"},
		{"memory purge", "+OK\r\n"},
		{"memory nosuch", "-ERR unknown subcommand 'nosuch'. Try MEMORY HELP.\r\n"},
	})
	for n, want := range map[int]int64{1: 64, 10: 64, 13: 80, 44: 96, 45: 112, 100: 160, 200: 272, 1000: 1072} {
		set("k", strings.Repeat("x", n))
		if got := s.run(c, "memory", "usage", "k"); got != ":"+strconv.FormatInt(want, 10)+"\r\n" {
			t.Errorf("value of %d bytes: %q, want %d", n, got, want)
		}
	}
	c.proto = 3
	st := parseReply(t, s.run(c, "memory", "stats"))
	if st.Type != '%' {
		t.Fatalf("MEMORY STATS type %q", st.Type)
	}
	fields := map[string]resp.Value{}
	for i := 0; i+1 < len(st.Elems); i += 2 {
		fields[st.Elems[i].Str] = st.Elems[i+1]
	}
	for _, f := range []string{"peak.allocated", "total.allocated", "startup.allocated", "overhead.total", "keys.count", "dataset.bytes", "fragmentation", "db.0"} {
		if _, ok := fields[f]; !ok {
			t.Errorf("MEMORY STATS lacks %s", f)
		}
	}
	if fields["keys.count"].Int != 5 || fields["fragmentation"].Type != ',' {
		t.Fatalf("MEMORY STATS: %v", st)
	}
	doc := s.run(c, "memory", "doctor")
	if !strings.HasPrefix(doc, "=") || !strings.Contains(doc, "Sam") {
		t.Fatalf("MEMORY DOCTOR: %q", doc)
	}
	if ms := parseReply(t, s.run(c, "memory", "malloc-stats")); ms.Type != '=' || ms.Str == "" {
		t.Fatalf("MEMORY MALLOC-STATS: %v", ms)
	}
	if h := parseReply(t, s.run(c, "memory", "help")); len(h.Elems) != 14 {
		t.Fatalf("MEMORY HELP: %v", h)
	}
}

func TestIntrospectDebug(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.setStringKey(c, c.db, []byte("foo"), []byte("bar"), false)
	s.setStringKey(c, c.db, []byte("n"), []byte("123"), false)
	s.setStringKey(c, c.db, []byte("big"), []byte(strings.Repeat("x", 70)), false)
	expectReplies(t, s, c, [][2]string{
		{"debug nosuch", "-ERR unknown subcommand or wrong number of arguments for 'nosuch'. Try DEBUG HELP.\r\n"},
		{"debug sleep", "-ERR unknown subcommand or wrong number of arguments for 'sleep'. Try DEBUG HELP.\r\n"},
		{"debug object nokey", "-ERR no such key\r\n"},
		{"debug htstats 99", "-ERR Out of range database\r\n"},
		{"debug htstats x", "-ERR value is not an integer or out of range\r\n"},
		{"debug set-active-expire 0", "+OK\r\n"},
		{"debug error MYERR boom", "-ERR unknown subcommand or wrong number of arguments for 'error'. Try DEBUG HELP.\r\n"},
		{"debug error MYERR", "-MYERR\r\n"},
	})
	if s.expireOn {
		t.Fatal("set-active-expire 0 left expiry on")
	}
	s.run(c, "debug", "set-active-expire", "1")
	if !s.expireOn {
		t.Fatal("set-active-expire 1 left expiry off")
	}
	start := time.Now()
	if got := s.run(c, "debug", "sleep", "0.05"); got != "+OK\r\n" || time.Since(start) < 50*time.Millisecond {
		t.Fatalf("DEBUG SLEEP: %q after %v", got, time.Since(start))
	}
	for key, want := range map[string]string{
		"foo": " refcount:1 encoding:embstr serializedlength:4 lru:",
		"n":   " refcount:2147483647 encoding:int serializedlength:2 lru:",
		"big": " refcount:1 encoding:raw serializedlength:72 lru:",
	} {
		got := s.run(c, "debug", "object", key)
		if !strings.HasPrefix(got, "+Value at:0x") || !strings.Contains(got, want) || !strings.HasSuffix(got, " lru_seconds_idle:0\r\n") {
			t.Errorf("DEBUG OBJECT %s: %q", key, got)
		}
	}
	ht := parseReply(t, s.run(c, "debug", "htstats", "0")).Str
	if !strings.HasPrefix(ht, "[Dictionary HT]\nHash table 0 stats (main hash table):\n table size: ") ||
		!strings.Contains(ht, " number of elements: 3\n") || !strings.Contains(ht, " Chain length distribution:\n") ||
		!strings.HasSuffix(ht, "[Expires HT]\nHash table 0 stats (main hash table):\nNo stats available for empty dictionaries\n") {
		t.Fatalf("DEBUG HTSTATS: %q", ht)
	}
	if h := parseReply(t, s.run(c, "debug", "help")); h.Elems[0].Str != "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:" || h.Elems[len(h.Elems)-1].Str != "    Prints this help." {
		t.Fatalf("DEBUG HELP: %v", h)
	}
}

func TestIntrospectSlowlog(t *testing.T) {
	s := newTestServer(t, "--slowlog-log-slower-than", "0")
	c := s.fakeClient()
	c.name = "me"
	s.run(c, "slowlog", "reset")
	s.run(c, "echo", "hello")
	s.run(c, "ping")
	if got := s.run(c, "slowlog", "len"); got != ":3\r\n" {
		t.Fatalf("SLOWLOG LEN: %q", got)
	}
	v := parseReply(t, s.run(c, "slowlog", "get", "3"))
	if len(v.Elems) != 3 {
		t.Fatalf("SLOWLOG GET 3: %v", v)
	}
	e := v.Elems[2] // echo hello
	if len(e.Elems) != 6 || e.Elems[0].Int != 1 || e.Elems[3].String() == "" || len(e.Elems[3].Elems) != 2 ||
		e.Elems[3].Elems[1].Str != "hello" || e.Elems[4].Str != "127.0.0.1:1" || e.Elems[5].Str != "me" {
		t.Fatalf("SLOWLOG entry: %v", e)
	}
	if e.Elems[1].Int < time.Now().Unix()-5 || e.Elems[2].Type != ':' {
		t.Fatalf("SLOWLOG entry time: %v", e)
	}
	all := parseReply(t, s.run(c, "slowlog", "get", "-1"))
	def := parseReply(t, s.run(c, "slowlog", "get"))
	if len(all.Elems) != 5 || len(def.Elems) != 6 { // 4 before, GET 3, GET -1
		t.Fatalf("SLOWLOG GET -1: %d, GET: %d", len(all.Elems), len(def.Elems))
	}
	expectReplies(t, s, c, [][2]string{
		{"slowlog get -2", "-ERR count should be greater than or equal to -1\r\n"},
		{"slowlog get x", "-ERR count should be greater than or equal to -1\r\n"},
		{"slowlog get 1 2", "-ERR unknown subcommand or wrong number of arguments for 'get'. Try SLOWLOG HELP.\r\n"},
		{"slowlog reset", "+OK\r\n"},
		{"slowlog get 0", "*0\r\n"},
	})
	if h := parseReply(t, s.run(c, "slowlog", "help")); len(h.Elems) != 12 {
		t.Fatalf("SLOWLOG HELP: %v", h)
	}
}

func TestIntrospectLatency(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"latency latest", "*0\r\n"},
		{"latency history command", "*0\r\n"},
		{"latency graph command", "-ERR No samples available for event 'command'\r\n"},
		{"latency reset", ":0\r\n"},
		{"latency history", "-ERR wrong number of arguments for 'latency|history' command\r\n"},
	})
	doc := parseReply(t, s.run(c, "latency", "doctor")).Str
	if !strings.HasPrefix(doc, "I'm sorry, Dave, I can't do that. Latency monitoring is disabled") {
		t.Fatalf("LATENCY DOCTOR: %q", doc)
	}
	s.latencyAddSample("command", 200)
	s.latencyAddSample("fast-command", 5)
	v := parseReply(t, s.run(c, "latency", "latest"))
	if len(v.Elems) != 2 || v.Elems[0].Elems[0].Str != "command" || v.Elems[0].Elems[2].Int != 200 || v.Elems[0].Elems[3].Int != 200 {
		t.Fatalf("LATENCY LATEST: %v", v)
	}
	h := parseReply(t, s.run(c, "latency", "history", "command"))
	if len(h.Elems) != 1 || h.Elems[0].Elems[1].Int != 200 {
		t.Fatalf("LATENCY HISTORY: %v", h)
	}
	g := parseReply(t, s.run(c, "latency", "graph", "command")).Str
	if !strings.HasPrefix(g, "command - high 200 ms, low 200 ms (all time high 200 ms)\n"+strings.Repeat("-", 80)+"\n") {
		t.Fatalf("LATENCY GRAPH: %q", g)
	}
	doc = parseReply(t, s.run(c, "latency", "doctor")).Str
	if !strings.Contains(doc, "1. command: 1 latency spikes (average 200ms, mean deviation 0ms, period 1.00 sec). Worst all time event 200ms.\n") {
		t.Fatalf("LATENCY DOCTOR: %q", doc)
	}
	expectReplies(t, s, c, [][2]string{
		{"latency reset command nosuch", ":1\r\n"},
		{"latency reset", ":1\r\n"},
		{"latency latest", "*0\r\n"},
	})
	s.run(c, "time")
	hist := parseReply(t, s.run(c, "latency", "histogram", "time", "nosuch"))
	if len(hist.Elems) != 2 || hist.Elems[0].Str != "time" || hist.Elems[1].Elems[1].Int != 1 {
		t.Fatalf("LATENCY HISTOGRAM: %v", hist)
	}
	if h := parseReply(t, s.run(c, "latency", "help")); len(h.Elems) != 17 {
		t.Fatalf("LATENCY HELP: %v", h)
	}
}

func TestIntrospectTimeLastsave(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	v := parseReply(t, s.run(c, "time"))
	if len(v.Elems) != 2 || v.Elems[0].Type != '$' {
		t.Fatalf("TIME: %v", v)
	}
	sec, _ := strconv.ParseInt(v.Elems[0].Str, 10, 64)
	us, _ := strconv.ParseInt(v.Elems[1].Str, 10, 64)
	if d := time.Now().Unix() - sec; d < 0 || d > 2 || us < 0 || us > 999999 {
		t.Fatalf("TIME: %v", v)
	}
	expectReplies(t, s, c, [][2]string{
		{"lastsave", ":" + strconv.FormatInt(s.lastSave, 10) + "\r\n"},
		{"lastsave x", "-ERR wrong number of arguments for 'lastsave' command\r\n"},
	})
}

// TestIntrospectMetaTable checks the generated Redis metadata is sane.
func TestIntrospectMetaTable(t *testing.T) {
	for name, m := range redisCmdMeta {
		for _, ks := range m.specs {
			if len(ks.flags) == 0 || (ks.bs == ksIndex && ks.bsIndex <= 0) {
				t.Errorf("%s: bad key spec %+v", name, ks)
			}
		}
	}
	if len(redisCmdMeta["get"].specs) != 1 || !redisCmdMeta["sort"].movable {
		t.Fatal("meta table incomplete")
	}
}
