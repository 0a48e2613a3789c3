package main

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// bigOp is one timed step of the big-collections part: pre-encoded batches of
// commands, each batch written with one flush and its replies read back before
// the next batch.
type bigOp struct {
	name   string
	n      int      // elements / queries, for the table
	batch  [][]byte // encoded commands, one flush each
	counts []int    // commands in each batch
	check  func(k int, v any) error
	dep    int // index of an op that must have succeeded first, or -1
}

// wrongReply is a reply that is not an error but not the expected answer.
type wrongReply struct{ msg string }

func (e *wrongReply) Error() string { return "wrong reply: " + e.msg }

func timeOp(addr string, op *bigOp) (time.Duration, error) {
	c, err := dial(addr)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	k := 0
	start := time.Now()
	for b, buf := range op.batch {
		_ = c.c.SetDeadline(time.Now().Add(120 * time.Second))
		if _, err := c.w.Write(buf); err != nil {
			return 0, err
		}
		if err := c.w.Flush(); err != nil {
			return 0, err
		}
		for range op.counts[b] {
			v, err := c.readReply()
			if err != nil {
				return 0, fmt.Errorf("command #%d: %w", k, err)
			}
			if err := op.check(k, v); err != nil {
				return 0, fmt.Errorf("command #%d: %w", k, err)
			}
			k++
		}
	}
	return time.Since(start), nil
}

// batches groups cmds encoded commands, per at a time, into flush batches.
func batches(cmds, per int, gen func(b []byte, i int) []byte) ([][]byte, []int) {
	var bs [][]byte
	var counts []int
	for i := 0; i < cmds; i += per {
		var b []byte
		end := min(i+per, cmds)
		for j := i; j < end; j++ {
			b = gen(b, j)
		}
		bs = append(bs, b)
		counts = append(counts, end-i)
	}
	return bs, counts
}

func bigOps(cfg *config) []*bigOp {
	n, q := cfg.bigN, cfg.bigQueries
	rng := rand.New(rand.NewPCG(20240601, 7)) // fixed: both servers get identical commands
	width := max(7, len(strconv.Itoa(n-1)))
	member := func(i int) string { return fmt.Sprintf("m%0*d", width, i) }
	scores := make([]int64, n)
	for i := range scores {
		scores[i] = rng.Int64N(1 << 40)
	}
	// Expected rank order: by score, then member (same width, so by index).
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if scores[a] != scores[b] {
			if scores[a] < scores[b] {
				return -1
			}
			return 1
		}
		return int(a - b)
	})

	const perCmd, perFlush = 1000, 10
	zaddCmds := (n + perCmd - 1) / perCmd
	zadd := &bigOp{name: fmt.Sprintf("ZADD bigz: %d members (random scores), %d per ZADD, %d ZADDs per flush", n, perCmd, perFlush), n: n, dep: -1}
	zadd.batch, zadd.counts = batches(zaddCmds, perFlush, func(b []byte, c int) []byte {
		args := []string{"ZADD", "bigz"}
		for i := c * perCmd; i < min((c+1)*perCmd, n); i++ {
			args = append(args, strconv.FormatInt(scores[i], 10), member(i))
		}
		return appendCmd(b, args...)
	})
	zadd.check = func(k int, v any) error {
		return wantInt(int64(min((k+1)*perCmd, n)-k*perCmd))(k, v)
	}

	rpushCmds := (n + listBatch - 1) / listBatch
	rpush := &bigOp{name: fmt.Sprintf("RPUSH biglist: %d elements, %d per RPUSH, %d RPUSHes per flush", n, listBatch, perFlush), n: n, dep: -1}
	rpush.batch, rpush.counts = batches(rpushCmds, perFlush, func(b []byte, c int) []byte {
		return appendRPush(b, "biglist", c*listBatch, min((c+1)*listBatch, n))
	})
	rpush.check = func(k int, v any) error { return wantInt(int64(min((k+1)*listBatch, n)))(k, v) }

	const qPerFlush = 100
	offsets := make([]int, q)
	for i := range offsets {
		offsets[i] = rng.IntN(n - 9)
	}
	zrange := &bigOp{name: fmt.Sprintf("ZRANGE bigz off off+9: %d random offsets, %d per flush", q, qPerFlush), n: q, dep: 0}
	zrange.batch, zrange.counts = batches(q, qPerFlush, func(b []byte, i int) []byte {
		return appendCmd(b, "ZRANGE", "bigz", strconv.Itoa(offsets[i]), strconv.Itoa(offsets[i]+9))
	})
	zrange.check = func(k int, v any) error {
		arr, ok := v.([]any)
		if !ok || len(arr) != 10 {
			return &wrongReply{fmt.Sprintf("ZRANGE bigz %d %d answered %s", offsets[k], offsets[k]+9, short(v))}
		}
		for j, m := range arr {
			if want := member(int(order[offsets[k]+j])); m != want {
				return &wrongReply{fmt.Sprintf("ZRANGE bigz %d %d: element %d is %v, want %s", offsets[k], offsets[k]+9, j, m, want)}
			}
		}
		return nil
	}

	spread := n / 10
	indexes := make([]int, q)
	for i := range indexes {
		indexes[i] = n/2 - spread + rng.IntN(2*spread+1)
	}
	lindex := &bigOp{name: fmt.Sprintf("LINDEX biglist middle±%d: %d random indexes, %d per flush", spread, q, qPerFlush), n: q, dep: 1}
	lindex.batch, lindex.counts = batches(q, qPerFlush, func(b []byte, i int) []byte {
		return appendCmd(b, "LINDEX", "biglist", strconv.Itoa(indexes[i]))
	})
	lindex.check = func(k int, v any) error {
		if want := string(listValue(nil, indexes[k])); v != want {
			return &wrongReply{fmt.Sprintf("LINDEX biglist %d answered %s, want %s", indexes[k], short(v), want)}
		}
		return nil
	}
	return []*bigOp{zadd, rpush, zrange, lindex}
}

func bigSection(cfg *config, servers []*server, rep *report) error {
	for _, s := range servers {
		if err := fresh(s); err != nil {
			return err
		}
	}
	logf("big: encoding commands for %d-element collections", cfg.bigN)
	ops := bigOps(cfg)
	ms := make([]map[string][]float64, len(ops))
	errs := make([]map[string]string, len(ops))
	for i := range ops {
		ms[i], errs[i] = map[string][]float64{}, map[string]string{}
	}
	for r := 1; r <= cfg.bigReps; r++ {
		for _, s := range servers {
			if err := flushAll(s); err != nil {
				return err
			}
			failed := map[int]bool{}
			for i, op := range ops {
				if op.dep >= 0 && failed[op.dep] {
					failed[i] = true
					if _, ok := errs[i][s.name]; !ok {
						errs[i][s.name] = "ERR: needs " + strings.Fields(ops[op.dep].name)[0]
					}
					continue
				}
				d, err := timeOp(s.addr(), op)
				if err != nil {
					var wr *wrongReply
					switch {
					case isReplyError(err):
						if _, ok := errs[i][s.name]; !ok {
							errs[i][s.name] = "ERR: " + errMsg(err)
						}
					case errors.As(err, &wr):
						if _, ok := errs[i][s.name]; !ok {
							errs[i][s.name] = "WRONG: " + errMsg(err)
						}
					default:
						return fmt.Errorf("big: %s on %s: %w", op.name, s.name, err)
					}
					failed[i] = true
					logf("big %d/%d %-5s %s: %s", r, cfg.bigReps, s.name, op.name, errs[i][s.name])
					continue
				}
				v := float64(d.Microseconds()) / 1000
				ms[i][s.name] = append(ms[i][s.name], v)
				logf("big %d/%d %-5s %s: %.2f ms", r, cfg.bigReps, s.name, op.name, v)
			}
		}
	}
	if err := flushAllServers(servers); err != nil {
		return err
	}

	var rows [][]string
	var notes []string
	for i, op := range ops {
		cell := func(name string) (float64, string, bool) {
			if e, ok := errs[i][name]; ok {
				kind, _, _ := strings.Cut(e, ":")
				return 0, kind, false
			}
			m := median(ms[i][name])
			return m, fmt.Sprintf("%.2f", m), true
		}
		a, aS, aOK := cell("aeon")
		b, bS, bOK := cell("redis")
		ratio, within := "n/a", "n/a"
		if aOK && bOK {
			ratio = ratioStr(a, b)
			if b > 0 && a/b <= 1.5 {
				within = "yes"
			} else {
				within = "no"
			}
		}
		rows = append(rows, []string{op.name, aS, bS, ratio, within})
		for _, s := range servers {
			if e, ok := errs[i][s.name]; ok {
				kind, msg, _ := strings.Cut(e, ": ")
				notes = append(notes, fmt.Sprintf("%s %s on %s: `%s`", kind, strings.Fields(op.name)[0], s.name, msg))
			}
		}
	}
	t := table{title: "Big collections", header: []string{"operation", "aeon ms", "redis ms", "time ratio", "within 1.5×"}, rows: rows}
	if len(notes) > 0 {
		t.after = strings.Join(notes, "; ") + "."
	}
	rep.tables = append(rep.tables, t)
	rep.method = append(rep.method, fmt.Sprintf("**Big collections.** On freshly started servers, %d repetition(s), each "+
		"server in turn (A B A B), each repetition after FLUSHALL: build one sorted set `bigz` of %d members "+
		"`m%%07d` with pseudo-random integer scores, then one list `biglist` of %d elements `v0`, `v1`, ..., then run %d "+
		"`ZRANGE bigz <off> <off+9>` with random offsets over the whole set and %d `LINDEX biglist <i>` with i uniformly "+
		"within ±10%% of the middle. Every step is pipelined in batches (one write, then all replies read) over one "+
		"connection; the table shows the median wall-clock time of a step in ms, measured by the client, replies "+
		"included. Commands are generated from a fixed seed, so both servers get identical bytes, and every reply is "+
		"checked against the expected answer (WRONG in the cell otherwise; ERR for an error reply, also for steps that "+
		"need a failed one). Target: aeon within 1.5× of redis.", cfg.bigReps, cfg.bigN, cfg.bigN, cfg.bigQueries, cfg.bigQueries))
	return nil
}

func flushAllServers(servers []*server) error {
	for _, s := range servers {
		if err := flushAll(s); err != nil {
			return err
		}
	}
	return nil
}

// short formats a reply for a message, cut to 200 characters.
func short(v any) string {
	s := fmt.Sprintf("%q", fmt.Sprint(v))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
