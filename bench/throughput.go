package main

import (
	"fmt"
	"strconv"
	"strings"
)

// report collects what the parts produce, for the console and RESULTS.md.
type report struct {
	commands []string // exact commands, $TMP / $PORT substituted
	method   []string // Method paragraphs (Markdown)
	tables   []table
}

type table struct {
	title  string
	header []string
	rows   [][]string
	after  string // a line printed after the table
}

func ratioStr(a, b float64) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f", a/b)
}

// ---------------------------------------------------------------- redis-benchmark tables

// tcase is one redis-benchmark invocation: one test at one pipeline depth.
type tcase struct {
	test     string
	pipeline int
	n        int
}

type tresult struct {
	label string              // as printed by redis-benchmark, e.g. "MSET (10 keys)"
	s     map[string][]sample // per server
	err   map[string]string   // per server: first error reply, if any
}

// runThroughput runs every block of cases for cfg.rounds rounds. Within a
// round, blocks run in order and, inside a block, each case runs against every
// server in turn (A B A B). beforeBlock, if set, is called before each block
// of each round. With tolerant set, a case that a server answers with an error
// reply is recorded in tresult.err instead of failing the run.
func runThroughput(cfg *config, servers []*server, blocks [][]tcase, tolerant bool,
	beforeBlock func(round, block int) error) (map[tcase]*tresult, []tcase, error) {
	results := map[tcase]*tresult{}
	var order []tcase
	for _, b := range blocks {
		for _, tc := range b {
			if results[tc] == nil {
				results[tc] = &tresult{label: strings.ToUpper(tc.test), s: map[string][]sample{}, err: map[string]string{}}
				order = append(order, tc)
			}
		}
	}
	labelSet := map[tcase]bool{}
	for round := 1; round <= cfg.rounds; round++ {
		for bi, b := range blocks {
			if beforeBlock != nil {
				if err := beforeBlock(round, bi); err != nil {
					return nil, nil, err
				}
			}
			for _, tc := range b {
				r := results[tc]
				for _, s := range servers {
					label, smp, err := runBenchmark(cfg, s, tc.test, tc.pipeline, tc.n)
					if err != nil {
						if !tolerant || !isReplyError(err) {
							return nil, nil, err
						}
						if _, seen := r.err[s.name]; !seen {
							r.err[s.name] = errMsg(err)
						}
						logf("round %d/%d %-14s -P %-2d %-5s ERR: %v", round, cfg.rounds, strings.ToUpper(tc.test), tc.pipeline, s.name, err)
						continue
					}
					if !labelSet[tc] {
						r.label, labelSet[tc] = label, true
					}
					r.s[s.name] = append(r.s[s.name], smp)
					logf("round %d/%d %-14s -P %-2d %-5s %10.0f rps  p50 %.3f  p99 %.3f ms  cpu %.2f us/req",
						round, cfg.rounds, label, tc.pipeline, s.name, smp.rps, smp.p50, smp.p99, smp.cpuPerReq)
				}
			}
		}
	}
	return results, order, nil
}

var throughputHeader = []string{"test", "pipeline", "aeon rps", "redis rps", "rps ratio", "aeon p50/p99 ms",
	"redis p50/p99 ms", "p99 ratio", "aeon CPU µs/req", "redis CPU µs/req", "CPU ratio"}

// throughputRows builds the table rows; a server that answered any run of a
// case with an error gets ERR in its cells and n/a in the ratios.
func throughputRows(results map[tcase]*tresult, order []tcase, withN bool) [][]string {
	var rows [][]string
	for _, tc := range order {
		r := results[tc]
		_, aErr := r.err["aeon"]
		_, bErr := r.err["redis"]
		a, b := medianOf(r.s["aeon"]), medianOf(r.s["redis"])
		cells := func(m sample, bad bool) (rps, lat, cpu string) {
			if bad {
				return "ERR", "ERR", "ERR"
			}
			return fmt.Sprintf("%.0f", m.rps), fmt.Sprintf("%.3f / %.3f", m.p50, m.p99), fmt.Sprintf("%.2f", m.cpuPerReq)
		}
		ratio := func(x, y float64) string {
			if aErr || bErr {
				return "n/a"
			}
			return ratioStr(x, y)
		}
		aRPS, aLat, aCPU := cells(a, aErr)
		bRPS, bLat, bCPU := cells(b, bErr)
		row := []string{r.label, strconv.Itoa(tc.pipeline)}
		if withN {
			row = append(row, strconv.Itoa(tc.n))
		}
		rows = append(rows, append(row, aRPS, bRPS, ratio(a.rps, b.rps), aLat, bLat, ratio(a.p99, b.p99),
			aCPU, bCPU, ratio(a.cpuPerReq, b.cpuPerReq)))
	}
	return rows
}

func benchCommand(cfg *config, tc tcase) string {
	cmd := shellQuote(append([]string{cfg.benchBin}, benchArgs(cfg, "__PORT__", tc.test, tc.pipeline, tc.n)...))
	return strings.Replace(cmd, "__PORT__", "$PORT", 1)
}

// ---------------------------------------------------------------- strings

func stringsSection(cfg *config, servers []*server, rep *report) error {
	for _, s := range servers {
		if err := fresh(s); err != nil {
			return err
		}
	}
	var blocks [][]tcase
	for _, pl := range []struct{ p, n int }{{1, cfg.n1}, {16, cfg.n16}} {
		var b []tcase
		for _, t := range cfg.tests {
			tc := tcase{t, pl.p, pl.n}
			b = append(b, tc)
			rep.commands = append(rep.commands, benchCommand(cfg, tc))
		}
		blocks = append(blocks, b)
	}
	results, order, err := runThroughput(cfg, servers, blocks, false, nil)
	if err != nil {
		return err
	}
	rep.method = append(rep.method, fmt.Sprintf("**Throughput: strings.** Each redis-benchmark run below is executed "+
		"against aeon and redis alternately (A B A B), %d round(s); the table shows medians. CPU µs/req is the server's "+
		"utime+stime delta (/proc/PID/stat, all threads) over the run divided by the request count (`-t mset` counts one "+
		"request per MSET of 10 keys; resolution is 1/CLK_TCK = %d µs per run).", cfg.rounds, 1_000_000/clkTck))
	rep.tables = append(rep.tables, table{title: "Throughput: strings", header: throughputHeader,
		rows: throughputRows(results, order, false)})
	return nil
}

// ---------------------------------------------------------------- data types

const defaultTypeTests = "lpush,rpush,lpop,rpop,sadd,spop,hset,zadd,zpopmin,lrange_100,lrange_600"

// typeRequests is -n for one data-type redis-benchmark run, sized so that a
// run takes about 1-2 s against redis-server 7.0 on a 2-core VM (roughly
// 0.7-1.5M rps at -P 16 and 90-140k rps at -P 1 for the single-element
// commands, 230k / 95k rps for LRANGE_100, 20-27k rps for LRANGE_600), times
// -types-scale (at least 100).
func typeRequests(cfg *config, test string, pipeline int) int {
	p1, p16 := 200000, 1000000
	switch {
	case test == "lrange_100":
		p1, p16 = 100000, 300000
	case strings.HasPrefix(test, "lrange"):
		p1, p16 = 30000, 30000
	}
	n := p16
	if pipeline == 1 {
		n = p1
	}
	return max(100, int(float64(n)*cfg.typesScale))
}

func flushAll(s *server) error {
	c, err := dial(s.addr())
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.do("FLUSHALL"); err != nil {
		return fmt.Errorf("%s FLUSHALL: %w", s.name, err)
	}
	return nil
}

func typesSection(cfg *config, servers []*server, rep *report) error {
	for _, s := range servers {
		if err := fresh(s); err != nil {
			return err
		}
	}
	var blocks [][]tcase
	for _, p := range []int{1, 16} {
		var b []tcase
		for _, t := range cfg.typeTests {
			tc := tcase{t, p, typeRequests(cfg, t, p)}
			b = append(b, tc)
			rep.commands = append(rep.commands, benchCommand(cfg, tc))
		}
		blocks = append(blocks, b)
	}
	flush := func(round, block int) error { return flushAllServers(servers) }
	results, order, err := runThroughput(cfg, servers, blocks, true, flush)
	if err != nil {
		return err
	}
	rep.method = append(rep.method, fmt.Sprintf("**Throughput: data types.** Same method (A B A B, %d round(s), medians, "+
		"CPU from /proc), one redis-benchmark invocation per test, tests in the order `%s`. redis-benchmark's tests "+
		"work on the single keys `mylist`, `myset`, `myhash` and `myzset`; each test is independent, so the pops only find "+
		"data because the servers are not flushed between tests: FLUSHALL runs on both servers only before each "+
		"(round, pipeline) block, so every server goes through the same state sequence (LPUSH and RPUSH add n elements "+
		"each, LPOP and RPOP remove them all again; SADD/ZADD with `-r %d` add random members, about n·(1−e^(−n/r)) distinct "+
		"ones, so the last SPOP/ZPOPMIN calls of a run find the key empty - redis-benchmark seeds its random "+
		"generator per run, so the members differ between runs but the statistics do not). `lrange_*` first run n LPUSHes "+
		"on `mylist` inside the same invocation (the LPUSH row is not reported, but its CPU time is included in CPU µs/req). "+
		"-n per run (column n) is sized for about 1-2 s against redis-server on a 2-core VM: -P 16: %d for the "+
		"single-element commands, %d for LRANGE_100, %d for LRANGE_600; -P 1: %d / %d / %d (`-types-scale` multiplies them). "+
		"A server that answers a test with an error reply (redis-benchmark stops at the first one) gets ERR in its cells.",
		cfg.rounds, strings.Join(cfg.typeTests, ","), cfg.keyspace,
		typeRequests(cfg, "lpush", 16), typeRequests(cfg, "lrange_100", 16), typeRequests(cfg, "lrange_600", 16),
		typeRequests(cfg, "lpush", 1), typeRequests(cfg, "lrange_100", 1), typeRequests(cfg, "lrange_600", 1)))
	header := append([]string{"test", "pipeline", "n"}, throughputHeader[2:]...)
	t := table{title: "Throughput: data types", header: header, rows: throughputRows(results, order, true)}
	// One note per (server, error), listing the tests that got it.
	type errKey struct{ server, msg string }
	var errOrder []errKey
	errTests := map[errKey][]string{}
	for _, tc := range order {
		for _, s := range servers {
			if e, ok := results[tc].err[s.name]; ok {
				k := errKey{s.name, e}
				if errTests[k] == nil {
					errOrder = append(errOrder, k)
				}
				errTests[k] = append(errTests[k], fmt.Sprintf("%s -P %d", tc.test, tc.pipeline))
			}
		}
	}
	var notes []string
	for _, k := range errOrder {
		notes = append(notes, fmt.Sprintf("%s answered `%s` (%s)", k.server, k.msg, strings.Join(errTests[k], ", ")))
	}
	if len(notes) > 0 {
		t.after = "ERR: " + strings.Join(notes, "; ") + "."
	}
	rep.tables = append(rep.tables, t)
	return nil
}
