package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// pipelineLoad sends cmds commands over one connection, perFlush at a time
// (write them all, then read their replies), checking every reply with check.
// gen appends command i to b. Error replies come back as *replyError.
func pipelineLoad(addr string, cmds, perFlush int, gen func(b []byte, i int) []byte, check func(i int, v any) error) error {
	c, err := dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	var buf []byte
	for i := 0; i < cmds; i += perFlush {
		_ = c.c.SetDeadline(time.Now().Add(60 * time.Second))
		end := min(i+perFlush, cmds)
		buf = buf[:0]
		for j := i; j < end; j++ {
			buf = gen(buf, j)
		}
		if _, err := c.w.Write(buf); err != nil {
			return err
		}
		if err := c.w.Flush(); err != nil {
			return err
		}
		for j := i; j < end; j++ {
			v, err := c.readReply()
			if err != nil {
				return fmt.Errorf("command #%d: %w", j, err)
			}
			if err := check(j, v); err != nil {
				return fmt.Errorf("command #%d: %w", j, err)
			}
		}
	}
	return nil
}

func wantInt(want int64) func(int, any) error {
	return func(_ int, v any) error {
		if got, ok := v.(int64); !ok || got != want {
			return fmt.Errorf("answered %v, want %d", v, want)
		}
		return nil
	}
}

// expectInt runs one command and checks that it answers want.
func expectInt(addr string, want int64, args ...string) error {
	c, err := dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	v, err := c.do(args...)
	if err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	if got, ok := v.(int64); !ok || got != want {
		return fmt.Errorf("%s answered %v, want %d", strings.Join(args, " "), v, want)
	}
	return nil
}

// listValue is element i of the lists loaded by the memory and big parts.
func listValue(b []byte, i int) []byte {
	b = append(b, 'v')
	return strconv.AppendInt(b, int64(i), 10)
}

// appendRPush appends RPUSH key listValue(from) ... listValue(to-1).
func appendRPush(b []byte, key string, from, to int) []byte {
	b = append(b, '*')
	b = strconv.AppendInt(b, int64(to-from+2), 10)
	b = append(b, "\r\n$5\r\nRPUSH\r\n$"...)
	b = strconv.AppendInt(b, int64(len(key)), 10)
	b = append(b, "\r\n"...)
	b = append(b, key...)
	b = append(b, "\r\n"...)
	var v []byte
	for i := from; i < to; i++ {
		v = listValue(v[:0], i)
		b = append(b, '$')
		b = strconv.AppendInt(b, int64(len(v)), 10)
		b = append(b, "\r\n"...)
		b = append(b, v...)
		b = append(b, "\r\n"...)
	}
	return b
}

const listBatch = 1000 // values per RPUSH

// loadList RPUSHes listValue(0..n-1) onto key, listBatch values per command.
func loadList(addr, key string, n int) error {
	cmds := (n + listBatch - 1) / listBatch
	err := pipelineLoad(addr, cmds, 10, func(b []byte, i int) []byte {
		return appendRPush(b, key, i*listBatch, min((i+1)*listBatch, n))
	}, func(i int, v any) error {
		return wantInt(int64(min((i+1)*listBatch, n)))(i, v)
	})
	if err != nil {
		return fmt.Errorf("RPUSH %s: %w", key, err)
	}
	return expectInt(addr, int64(n), "LLEN", key)
}

type typeLoad struct {
	label string // row label
	count int    // objects (elements for the list): the divisor
	load  func(addr string) error
}

func typeLoads(cfg *config) []typeLoad {
	n := cfg.typeObjs
	objects := func(cmd string, gen func(i int) []string) func(addr string) error {
		return func(addr string) error {
			err := pipelineLoad(addr, n, 1000, func(b []byte, i int) []byte { return appendCmd(b, gen(i)...) }, wantInt(10))
			if err != nil {
				return fmt.Errorf("%s: %w", cmd, err)
			}
			return expectInt(addr, int64(n), "DBSIZE")
		}
	}
	return []typeLoad{
		{fmt.Sprintf("hash: `HSET h:%%06d f0 v0 … f9 v9` × %d (B/hash)", n), n,
			objects("HSET", func(i int) []string {
				a := []string{"HSET", fmt.Sprintf("h:%06d", i)}
				for f := range 10 {
					a = append(a, "f"+strconv.Itoa(f), "v"+strconv.Itoa(f))
				}
				return a
			})},
		{fmt.Sprintf("set: `SADD s:%%06d 1 … 10` × %d (B/set)", n), n,
			objects("SADD", func(i int) []string {
				a := []string{"SADD", fmt.Sprintf("s:%06d", i)}
				for m := 1; m <= 10; m++ {
					a = append(a, strconv.Itoa(m))
				}
				return a
			})},
		{fmt.Sprintf("zset: `ZADD z:%%06d 1 m1 … 10 m10` × %d (B/zset)", n), n,
			objects("ZADD", func(i int) []string {
				a := []string{"ZADD", fmt.Sprintf("z:%06d", i)}
				for m := 1; m <= 10; m++ {
					a = append(a, strconv.Itoa(m), "m"+strconv.Itoa(m))
				}
				return a
			})},
		{fmt.Sprintf("list: `RPUSH biglist v0 … v%d`, %d per RPUSH (B/element)", cfg.listElems-1, listBatch), cfg.listElems,
			func(addr string) error { return loadList(addr, "biglist", cfg.listElems) }},
	}
}

// memCells formats per-unit RSS and used_memory growth.
func memCells(m memResult, count int) (rss float64, rssS string, used float64, usedS string) {
	rss = float64(m.rssAfter-m.rssBefore) / float64(count)
	rssS = fmt.Sprintf("%.1f", rss)
	if m.usedBefore < 0 || m.usedAfter < 0 {
		return rss, rssS, 0, "n/a"
	}
	used = float64(m.usedAfter-m.usedBefore) / float64(count)
	return rss, rssS, used, fmt.Sprintf("%.1f", used)
}

// memRow is one memory table row; a server whose load failed with an error
// reply (errs) gets ERR cells.
func memRow(label string, count int, mem map[string]memResult, errs map[string]string) []string {
	aRSS, aRSSs, aUsed, aUsedS := memCells(mem["aeon"], count)
	rRSS, rRSSs, rUsed, rUsedS := memCells(mem["redis"], count)
	_, aErr := errs["aeon"]
	_, rErr := errs["redis"]
	if aErr {
		aRSSs, aUsedS = "ERR", "ERR"
	}
	if rErr {
		rRSSs, rUsedS = "ERR", "ERR"
	}
	rssRatio, usedRatio := "n/a", "n/a"
	if !aErr && !rErr {
		rssRatio = ratioStr(aRSS, rRSS)
		if aUsedS != "n/a" && rUsedS != "n/a" {
			usedRatio = ratioStr(aUsed, rUsed)
		}
	}
	return []string{label, strconv.Itoa(count), aRSSs, rRSSs, rssRatio, aUsedS, rUsedS, usedRatio}
}

func mb(x int64) string { return fmt.Sprintf("%.1f", float64(x)/1e6) }

func memorySection(cfg *config, servers []*server, rep *report) error {
	// Strings, as before.
	mem := map[string]memResult{}
	for _, s := range servers {
		if err := fresh(s); err != nil {
			return err
		}
		logf("memory: loading %d keys into %s", cfg.keys, s.name)
		m, err := measureMemory(s, cfg.settle, func(addr string) error { return load(addr, cfg.keys) })
		if err != nil {
			return err
		}
		mem[s.name] = m
	}
	am, rm := mem["aeon"], mem["redis"]
	rep.tables = append(rep.tables, table{
		title:  "Memory: strings",
		header: []string{"memory", "keys", "aeon RSS B/key", "redis RSS B/key", "RSS ratio", "aeon used_memory B/key", "redis used_memory B/key", "used_memory ratio"},
		rows:   [][]string{memRow("SET 16B key + 16B value", cfg.keys, mem, nil)},
		after: fmt.Sprintf("RSS before/after load: aeon %.1f/%.1f MB, redis %.1f/%.1f MB.",
			float64(am.rssBefore)/1e6, float64(am.rssAfter)/1e6, float64(rm.rssBefore)/1e6, float64(rm.rssAfter)/1e6),
	})

	// Data types, each load on freshly started servers.
	var rows [][]string
	var notes, errNotes []string
	for _, tl := range typeLoads(cfg) {
		mem := map[string]memResult{}
		errs := map[string]string{}
		for _, s := range servers {
			if err := fresh(s); err != nil {
				return err
			}
			logf("memory: %s into %s", tl.label, s.name)
			m, err := measureMemory(s, cfg.settle, tl.load)
			if err != nil {
				if !isReplyError(err) {
					return err
				}
				logf("memory: %s on %s: ERR: %v", tl.label, s.name, err)
				errs[s.name] = errMsg(err)
				kind, _, _ := strings.Cut(tl.label, ":")
				errNotes = append(errNotes, fmt.Sprintf("%s on %s answered `%s`", kind, s.name, errs[s.name]))
			}
			mem[s.name] = m
		}
		rows = append(rows, memRow(tl.label, tl.count, mem, errs))
		kind, _, _ := strings.Cut(tl.label, ":")
		beforeAfter := func(name string) string {
			if _, bad := errs[name]; bad {
				return "ERR"
			}
			return mb(mem[name].rssBefore) + "/" + mb(mem[name].rssAfter)
		}
		notes = append(notes, fmt.Sprintf("%s aeon %s, redis %s", kind, beforeAfter("aeon"), beforeAfter("redis")))
	}
	after := "RSS before/after load (MB): " + strings.Join(notes, "; ") + "."
	if len(errNotes) > 0 {
		after += "\n\nERR: " + strings.Join(errNotes, "; ") + "."
	}
	rep.tables = append(rep.tables, table{
		title: "Memory: data types",
		header: []string{"data type", "objects", "aeon RSS B/obj", "redis RSS B/obj", "RSS ratio",
			"aeon used_memory B/obj", "redis used_memory B/obj", "used_memory ratio"},
		rows:  rows,
		after: after,
	})
	rep.method = append(rep.method, fmt.Sprintf("**Memory.** For each load, on freshly started servers: FLUSHALL, wait 200 ms, read "+
		"VmRSS (/proc/PID/status) and INFO used_memory, load over one pipelined connection, wait %s (both allocators return freed pages to the OS in the background: jemalloc's decay in Redis, the idle release in aeon), read again; the growth "+
		"is divided by the number of keys / objects (list elements for the list). Strings: %d keys `key:%%012d` with 16-byte "+
		"values via SET, 1000 commands per flush. Data types: %d hashes of 10 fields `f0`..`f9` with values `v0`..`v9`, "+
		"%d sets of the integers 1..10, %d sorted sets of members `m1`..`m10` with scores 1..10 (one HSET / SADD / ZADD per "+
		"object, 1000 commands per flush), and one list `biglist` of %d elements `v0`, `v1`, ... built with RPUSH, %d values per "+
		"command, 10 commands per flush. Every load is checked (replies, DBSIZE / LLEN); a server that answers with an error "+
		"gets ERR.", cfg.settle, cfg.keys, cfg.typeObjs, cfg.typeObjs, cfg.typeObjs, cfg.listElems, listBatch))
	return nil
}
