package server

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"aeon/resp"
)

// infoSections lists INFO's sections in the order Redis prints them, and
// whether each is part of "default".
var infoSections = []struct {
	name string
	def  bool
}{
	{"server", true}, {"clients", true}, {"memory", true}, {"persistence", true},
	{"stats", true}, {"replication", true}, {"cpu", true}, {"modules", true},
	{"commandstats", false}, {"errorstats", true}, {"latencystats", false},
	{"cluster", true}, {"keyspace", true},
}

// infoCommand is INFO [section ...].
func infoCommand(s *Server, c *Client) {
	if !c.muted() {
		c.reply = resp.AppendVerbatim(c.reply, c.proto, "txt", s.genInfo(c.argv[1:]))
	}
}

// genInfo renders the INFO text for the requested section names (none:
// "default") into s.infoBuf and returns it, valid until the next call:
// monitoring polls INFO all the time, so it reuses its buffer.
func (s *Server) genInfo(args [][]byte) []byte {
	var want uint64 // bit i: infoSections[i]
	if len(args) == 0 {
		args = [][]byte{[]byte("default")}
	}
	for _, a := range args {
		for i, sec := range infoSections {
			switch {
			case bytes.EqualFold(a, []byte("default")):
				if sec.def {
					want |= 1 << i
				}
			case bytes.EqualFold(a, []byte("all")), bytes.EqualFold(a, []byte("everything")),
				bytes.EqualFold(a, []byte(sec.name)):
				want |= 1 << i
			}
		}
	}
	b := &s.infoBuf
	b.Reset()
	n := 0
	for i, sec := range infoSections {
		if want&(1<<i) == 0 {
			continue
		}
		if n > 0 {
			b.WriteString("\r\n")
		}
		n++
		s.infoSection(b, sec.name)
	}
	return b.Bytes()
}

// infoWriter appends "name:value\r\n" lines.
type infoWriter struct{ b *bytes.Buffer }

func (w infoWriter) str(name, v string) {
	w.b.WriteString(name)
	w.b.WriteByte(':')
	w.b.WriteString(v)
	w.b.WriteString("\r\n")
}

func (w infoWriter) int(name string, v int64) {
	w.b.WriteString(name)
	w.b.WriteByte(':')
	w.b.Write(strconv.AppendInt(w.b.AvailableBuffer(), v, 10))
	w.b.WriteString("\r\n")
}

func (w infoWriter) f2(name string, v float64) { w.str(name, strconv.FormatFloat(v, 'f', 2, 64)) }

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (s *Server) infoSection(b *bytes.Buffer, name string) {
	w := infoWriter{b}
	switch name {
	case "server":
		b.WriteString("# Server\r\n")
		w.str("redis_version", Version)
		w.str("redis_git_sha1", "00000000")
		w.int("redis_git_dirty", 0)
		w.str("redis_build_id", "0")
		w.str("redis_mode", "standalone")
		w.str("os", osName())
		w.int("arch_bits", strconv.IntSize)
		w.str("monotonic_clock", "POSIX clock_gettime")
		w.str("multiplexing_api", multiplexingAPI())
		w.str("atomicvar_api", "c11-builtin")
		w.str("gcc_version", "0.0.0")
		w.int("process_id", int64(os.Getpid()))
		w.str("process_supervised", "no")
		w.str("run_id", s.runID)
		w.int("tcp_port", s.cfg.Port)
		now := time.Now()
		w.int("server_time_usec", now.UnixMicro())
		up := int64(now.Sub(s.startTime) / time.Second)
		w.int("uptime_in_seconds", up)
		w.int("uptime_in_days", up/86400)
		w.int("hz", s.hz)
		w.int("configured_hz", s.cfg.Hz)
		w.int("lru_clock", int64(s.lruClock))
		w.str("executable", s.executable)
		w.str("config_file", s.configFile)
		w.int("io_threads_active", 0)
		w.str("aeon_version", AeonVersion)
	case "clients":
		var maxIn, maxOut int64
		s.forEachClient(func(c *Client) {
			maxIn = max(maxIn, int64(len(c.qbuf)))
			maxOut = max(maxOut, int64(c.pendingOutput()))
		})
		b.WriteString("# Clients\r\n")
		w.int("connected_clients", int64(s.numClients))
		w.int("cluster_connections", 0)
		w.int("maxclients", s.cfg.MaxClients)
		w.int("client_recent_max_input_buffer", maxIn)
		w.int("client_recent_max_output_buffer", maxOut)
		w.int("blocked_clients", int64(s.numBlocked))
		w.int("tracking_clients", 0)
		w.int("clients_in_timeout_table", 0)
	case "memory":
		mi := s.memInfo()
		sysMem := totalSystemMemory()
		b.WriteString("# Memory\r\n")
		w.int("used_memory", mi.used)
		w.str("used_memory_human", bytesToHuman(mi.used))
		w.int("used_memory_rss", mi.rss)
		w.str("used_memory_rss_human", bytesToHuman(mi.rss))
		w.int("used_memory_peak", mi.peak)
		w.str("used_memory_peak_human", bytesToHuman(mi.peak))
		w.str("used_memory_peak_perc", strconv.FormatFloat(mi.peakPerc, 'f', 2, 64)+"%")
		w.int("used_memory_overhead", mi.overhead)
		w.int("used_memory_startup", mi.startup)
		w.int("used_memory_dataset", mi.dataset)
		w.str("used_memory_dataset_perc", strconv.FormatFloat(mi.datasetPerc, 'f', 2, 64)+"%")
		w.int("allocator_allocated", mi.used)
		w.int("allocator_active", mi.active)
		w.int("allocator_resident", mi.resident)
		w.int("total_system_memory", sysMem)
		w.str("total_system_memory_human", bytesToHuman(sysMem))
		w.int("used_memory_lua", 0)
		w.int("used_memory_vm_eval", 0)
		w.str("used_memory_lua_human", bytesToHuman(0))
		w.int("used_memory_scripts_eval", 0)
		w.int("number_of_cached_scripts", 0)
		w.int("number_of_functions", 0)
		w.int("number_of_libraries", 0)
		w.int("used_memory_vm_functions", 0)
		w.int("used_memory_vm_total", 0)
		w.str("used_memory_vm_total_human", bytesToHuman(0))
		w.int("used_memory_functions", 0)
		w.int("used_memory_scripts", 0)
		w.str("used_memory_scripts_human", bytesToHuman(0))
		w.int("maxmemory", 0)
		w.str("maxmemory_human", bytesToHuman(0))
		w.str("maxmemory_policy", s.cfg.MaxmemoryPolicy)
		w.f2("allocator_frag_ratio", ratio(mi.active, mi.used))
		w.int("allocator_frag_bytes", mi.active-mi.used)
		w.f2("allocator_rss_ratio", ratio(mi.resident, mi.active))
		w.int("allocator_rss_bytes", mi.resident-mi.active)
		w.f2("rss_overhead_ratio", ratio(mi.rss, mi.resident))
		w.int("rss_overhead_bytes", mi.rss-mi.resident)
		w.f2("mem_fragmentation_ratio", mi.fragRatio)
		w.int("mem_fragmentation_bytes", mi.rss-mi.used)
		w.int("mem_not_counted_for_evict", 0)
		w.int("mem_replication_backlog", 0)
		w.int("mem_total_replication_buffers", 0)
		w.int("mem_clients_slaves", 0)
		w.int("mem_clients_normal", mi.clients)
		w.int("mem_cluster_links", 0)
		w.int("mem_aof_buffer", 0)
		w.str("mem_allocator", "go-"+strings.TrimPrefix(runtime.Version(), "go"))
		w.int("active_defrag_running", 0)
		w.int("lazyfree_pending_objects", 0)
		w.int("lazyfreed_objects", 0)
	case "persistence":
		b.WriteString("# Persistence\r\n")
		w.int("loading", boolInt(s.loading))
		w.int("async_loading", 0)
		if s.loading {
			s.infoLoading(w)
		}
		sn := s.rdb.saving
		var processed, total, current int64 = 0, 0, -1
		if sn != nil {
			processed, current = sn.keys, int64(time.Since(sn.start).Seconds())
			for _, d := range sn.dbs {
				total += int64(d.dict.Len())
			}
		}
		// No fork, so no copy-on-write: what a snapshot copies is in
		// current_save_keys_processed's records, written as it goes.
		w.int("current_cow_peak", 0)
		w.int("current_cow_size", 0)
		w.int("current_cow_size_age", 0)
		w.str("current_fork_perc", "0.00")
		w.int("current_save_keys_processed", processed)
		w.int("current_save_keys_total", total)
		w.int("rdb_changes_since_last_save", s.dirty)
		w.int("rdb_bgsave_in_progress", boolInt(sn != nil))
		w.int("rdb_last_save_time", s.lastSave)
		w.str("rdb_last_bgsave_status", okErr(s.rdb.lastStatusOK))
		w.int("rdb_last_bgsave_time_sec", s.rdb.lastSaveTime)
		w.int("rdb_current_bgsave_time_sec", current)
		w.int("rdb_saves", s.rdb.saves)
		w.int("rdb_last_cow_size", 0)
		w.int("rdb_last_load_keys_expired", s.rdb.lastLoadExp)
		w.int("rdb_last_load_keys_loaded", s.rdb.lastLoadKeys)
		s.aofInfo(w)
	case "stats":
		st := &s.stats
		b.WriteString("# Stats\r\n")
		w.int("total_connections_received", st.numConnections)
		w.int("total_commands_processed", st.numCommands)
		w.int("instantaneous_ops_per_sec", st.instOps.rate())
		w.int("total_net_input_bytes", st.netInputBytes)
		w.int("total_net_output_bytes", st.netOutputBytes)
		w.int("total_net_repl_input_bytes", 0)
		w.int("total_net_repl_output_bytes", 0)
		w.f2("instantaneous_input_kbps", float64(st.instIn.rate())/1024)
		w.f2("instantaneous_output_kbps", float64(st.instOut.rate())/1024)
		w.str("instantaneous_input_repl_kbps", "0.00")
		w.str("instantaneous_output_repl_kbps", "0.00")
		w.int("rejected_connections", st.rejectedConns)
		w.int("sync_full", 0)
		w.int("sync_partial_ok", 0)
		w.int("sync_partial_err", 0)
		w.int("expired_keys", st.expiredKeys)
		w.f2("expired_stale_perc", st.expiredStalePerc)
		w.int("expired_time_cap_reached_count", st.expiredTimeCapHit)
		w.int("expire_cycle_cpu_milliseconds", 0)
		w.int("evicted_keys", st.evictedKeys)
		w.int("evicted_clients", 0)
		w.int("total_eviction_exceeded_time", 0)
		w.int("current_eviction_exceeded_time", 0)
		w.int("keyspace_hits", st.keyspaceHits)
		w.int("keyspace_misses", st.keyspaceMisses)
		w.int("pubsub_channels", 0)
		w.int("pubsub_patterns", 0)
		w.int("pubsubshard_channels", 0)
		w.int("latest_fork_usec", 0)
		w.int("total_forks", 0)
		w.int("migrate_cached_sockets", 0)
		w.int("slave_expires_tracked_keys", 0)
		w.int("active_defrag_hits", 0)
		w.int("active_defrag_misses", 0)
		w.int("active_defrag_key_hits", 0)
		w.int("active_defrag_key_misses", 0)
		w.int("total_active_defrag_time", 0)
		w.int("current_active_defrag_time", 0)
		w.int("tracking_total_keys", 0)
		w.int("tracking_total_items", 0)
		w.int("tracking_total_prefixes", 0)
		w.int("unexpected_error_replies", 0)
		w.int("total_error_replies", st.totalErrorReplies)
		w.int("dump_payload_sanitizations", 0)
		w.int("total_reads_processed", 0)
		w.int("total_writes_processed", 0)
		w.int("io_threaded_reads_processed", 0)
		w.int("io_threaded_writes_processed", 0)
		w.int("reply_buffer_shrinks", 0)
		w.int("reply_buffer_expands", 0)
	case "replication":
		b.WriteString("# Replication\r\n")
		w.str("role", "master")
		w.int("connected_slaves", 0)
		w.str("master_failover_state", "no-failover")
		w.str("master_replid", s.runID)
		w.str("master_replid2", "0000000000000000000000000000000000000000")
		w.int("master_repl_offset", 0)
		w.int("second_repl_offset", -1)
		w.int("repl_backlog_active", 0)
		w.int("repl_backlog_size", 1048576)
		w.int("repl_backlog_first_byte_offset", 0)
		w.int("repl_backlog_histlen", 0)
	case "cpu":
		user, sys := s.usedCPU()
		f6 := func(name string, v float64) { w.str(name, strconv.FormatFloat(v, 'f', 6, 64)) }
		b.WriteString("# CPU\r\n")
		f6("used_cpu_sys", sys)
		f6("used_cpu_user", user)
		f6("used_cpu_sys_children", 0)
		f6("used_cpu_user_children", 0)
		f6("used_cpu_sys_main_thread", sys)
		f6("used_cpu_user_main_thread", user)
	case "modules":
		b.WriteString("# Modules\r\n")
	case "commandstats":
		b.WriteString("# Commandstats\r\n")
		stat := func(cmd *Command) {
			if cmd.calls == 0 && cmd.failed == 0 && cmd.rejected == 0 {
				return
			}
			perCall := 0.0
			if cmd.calls > 0 {
				perCall = float64(cmd.nsec) / 1000 / float64(cmd.calls)
			}
			fmt.Fprintf(b, "cmdstat_%s:calls=%d,usec=%d,usec_per_call=%.2f,rejected_calls=%d,failed_calls=%d\r\n",
				cmd.Name, cmd.calls, cmd.nsec/1000, perCall, cmd.rejected, cmd.failed)
		}
		for _, cmd := range s.sortedCommands() {
			stat(cmd)
			subs := append([]*Command(nil), cmd.Subs...)
			sort.Slice(subs, func(i, j int) bool { return subs[i].Name < subs[j].Name })
			for _, sub := range subs {
				stat(sub)
			}
		}
	case "errorstats":
		b.WriteString("# Errorstats\r\n")
		names := make([]string, 0, len(s.stats.errors))
		for name := range s.stats.errors {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			fmt.Fprintf(b, "errorstat_%s:count=%d\r\n", name, s.stats.errors[name])
		}
	case "latencystats":
		b.WriteString("# Latencystats\r\n")
	case "cluster":
		b.WriteString("# Cluster\r\n")
		w.int("cluster_enabled", 0)
	case "keyspace":
		b.WriteString("# Keyspace\r\n")
		for _, db := range s.dbs {
			if db.dict.Len() == 0 {
				continue
			}
			fmt.Fprintf(b, "db%d:keys=%d,expires=%d,avg_ttl=%d\r\n", db.id, db.dict.Len(), db.expires.Len(), db.avgTTL)
		}
	}
}

// bytesToHuman formats n as Redis's bytesToHuman: "512B", "1.50K",
// "2.00M", ...
func bytesToHuman(n int64) string {
	d := float64(n)
	switch {
	case n < 1024:
		return strconv.FormatInt(n, 10) + "B"
	case n < 1024*1024:
		return fmt.Sprintf("%.2fK", d/1024)
	case n < 1024*1024*1024:
		return fmt.Sprintf("%.2fM", d/(1024*1024))
	case n < 1024*1024*1024*1024:
		return fmt.Sprintf("%.2fG", d/(1024*1024*1024))
	case n < 1024*1024*1024*1024*1024:
		return fmt.Sprintf("%.2fT", d/(1024*1024*1024*1024))
	case n < 1024*1024*1024*1024*1024*1024:
		return fmt.Sprintf("%.2fP", d/(1024*1024*1024*1024*1024))
	}
	return strconv.FormatInt(n, 10) + "B"
}

func osName() string {
	var u unix.Utsname
	if unix.Uname(&u) != nil {
		return runtime.GOOS
	}
	return unix.ByteSliceToString(u.Sysname[:]) + " " + unix.ByteSliceToString(u.Release[:]) + " " + unix.ByteSliceToString(u.Machine[:])
}

func multiplexingAPI() string {
	switch runtime.GOOS {
	case "linux":
		return "epoll"
	case "darwin", "freebsd", "netbsd", "openbsd", "dragonfly":
		return "kqueue"
	}
	return "select"
}

func totalSystemMemory() int64 {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// processRSS returns the resident set size from /proc/self/statm, or 0.
func processRSS() int64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(data))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

// memStartup is the heap in use when the package was initialised (Redis's
// used_memory_startup); memPeak the highest used_memory seen.
var memStartup, memPeak atomic.Int64

func init() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	memStartup.Store(int64(m.HeapAlloc))
	memPeak.Store(int64(m.HeapAlloc))
}

// memInfo is the memory accounting INFO memory and MEMORY STATS report,
// in Redis's terms, from the Go runtime's statistics.
type memInfo struct {
	used, peak, startup, rss int64
	active, resident         int64
	overhead, dataset        int64
	clients                  int64
	datasetPerc, peakPerc    float64
	fragRatio                float64
}

// memInfo reads the runtime's statistics (ReadMemStats stops the world
// briefly, acceptable for INFO and MEMORY).
func (s *Server) memInfo() memInfo {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	mi := memInfo{used: int64(m.HeapAlloc), active: int64(m.HeapInuse), startup: memStartup.Load()}
	mi.resident = int64(m.Sys - m.HeapReleased)
	mi.rss = processRSS()
	if mi.rss == 0 {
		mi.rss = mi.resident
	}
	for {
		p := memPeak.Load()
		if mi.used <= p {
			mi.peak = p
			break
		}
		if memPeak.CompareAndSwap(p, mi.used) {
			mi.peak = mi.used
			break
		}
	}
	s.forEachClient(func(c *Client) {
		mi.clients += int64(cap(c.qbuf) + cap(c.reply))
	})
	var dicts int64
	for _, db := range s.dbs {
		main, rehash := db.dict.Buckets()
		exp, exprehash := db.expires.Buckets()
		dicts += int64(main+rehash+exp+exprehash)*8 + int64(db.dict.Len()+db.expires.Len())*24
	}
	mi.overhead = mi.startup + mi.clients + dicts
	if mi.used > mi.overhead {
		mi.dataset = mi.used - mi.overhead
	}
	if net := mi.used - mi.startup; net > 0 {
		mi.datasetPerc = float64(mi.dataset) * 100 / float64(net)
	}
	if mi.peak > 0 {
		mi.peakPerc = float64(mi.used) * 100 / float64(mi.peak)
	}
	mi.fragRatio = ratio(mi.rss, mi.used)
	return mi
}

// resetStats zeroes the statistics CONFIG RESETSTAT resets: the INFO
// stats counters, errorstats and commandstats (not the slowlog).
func (s *Server) resetStats() {
	st := &s.stats
	st.numCommands = 0
	st.numConnections = 0
	st.rejectedConns = 0
	st.expiredKeys = 0
	st.expiredStalePerc = 0
	st.expiredTimeCapHit = 0
	st.evictedKeys = 0
	st.keyspaceHits = 0
	st.keyspaceMisses = 0
	st.netInputBytes = 0
	st.netOutputBytes = 0
	st.totalErrorReplies = 0
	clear(st.errors)
	st.instOps, st.instIn, st.instOut = metricRing{}, metricRing{}, metricRing{}
	for _, cmd := range s.commands {
		cmd.calls, cmd.nsec, cmd.rejected, cmd.failed = 0, 0, 0, 0
		for _, sub := range cmd.Subs {
			sub.calls, sub.nsec, sub.rejected, sub.failed = 0, 0, 0, 0
		}
	}
}
