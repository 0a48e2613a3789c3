package tests

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"aeon/resp"
)

// TestDiffTypes is the differential test for the data types: lists, hashes,
// sets, sorted sets, HyperLogLog and SORT, on a small key space shared
// between the types so that WRONGTYPE happens, with the encoding thresholds
// changed now and then so that conversions happen.
//
// Redis leaves the order of some replies unspecified: members of hashtable
// sets, fields of hashtable hashes, SCAN over hashtables, the random
// commands. Those are compared as multisets, by shape, or (SCAN) by a full
// iteration per server; everything else byte for byte. Whether an order is
// defined is decided by asking both servers OBJECT ENCODING first (that
// reply is compared too): listpacks and intsets are ordered.
//
// Environment (besides TESTS_TARGET, DIFF_CONTINUE of diff_test.go):
//
//	DIFF_TYPES_COMMANDS  generated steps per seed (default 4000)
//	DIFF_TYPES_SEEDS     number of RESP2 seeds (default 3; one RESP3 seed more)
//	DIFF_TYPES_SEED      run only this seed (RESP2 and RESP3)
//	DIFF_TYPES_CMDS      comma-separated generator names (see typesTable) to restrict to

type tcmp int

const (
	tExact tcmp = iota
	tSet        // aggregate replies compared as multisets of elements
	tPairs      // aggregate replies compared as multisets of (field, value) pairs
	tShape      // same types and lengths only (random replies)
	tLen        // same type and length at the top level only
)

func (k tcmp) String() string {
	return [...]string{"exact", "multiset", "multiset of pairs", "shape", "length"}[k]
}

// tx sends commands to both servers and compares the replies.
type tx struct {
	diffPair
	proto      int
	ref, sut   *srv
	keys       []string
	hist       diffLog
	step       int
	stopped    bool
	mismatches int
	keepGoing  bool
	stats      map[string]int
	errs       int // error replies (of the compared commands)
	wrongType  int // of which WRONGTYPE
}

// do exchanges one command and compares the replies as kind says; it
// returns redis's reply (a zero Value once the run stopped).
func (x *tx) do(kind tcmp, args ...string) resp.Value {
	if x.stopped {
		return resp.Value{}
	}
	want, got, err := x.raw(args...)
	if err != nil {
		x.mismatch(args, kind, want, got, fmt.Sprintf("aeon I/O error %v", err))
		x.stopped = true
		return resp.Value{}
	}
	if kind == tExact {
		if string(want) != string(got) {
			x.mismatch(args, kind, want, got, "reply mismatch")
		}
	} else if gv, err := resp.ReadValue(bufioFrom(got)); err != nil || !sameTyped(kind, x.parse(want), gv) {
		x.mismatch(args, kind, want, got, "reply mismatch")
	}
	x.hist.add(fmt.Sprintf("#%d %s -> %q", x.step, fmtArgs(args), trunc(want, 160)))
	x.stats[strings.ToUpper(args[0])]++
	if len(want) > 0 && want[0] == '-' {
		x.errs++
		if strings.HasPrefix(string(want), "-WRONGTYPE") {
			x.wrongType++
		}
	}
	return x.parse(want)
}

// each exchanges a command without comparing the replies.
func (x *tx) each(args ...string) (resp.Value, resp.Value, bool) {
	if x.stopped {
		return resp.Value{}, resp.Value{}, false
	}
	want, got, err := x.raw(args...)
	if err != nil {
		x.mismatch(args, tExact, want, got, fmt.Sprintf("aeon I/O error %v", err))
		x.stopped = true
		return resp.Value{}, resp.Value{}, false
	}
	x.hist.add(fmt.Sprintf("#%d %s -> %q (not compared)", x.step, fmtArgs(args), trunc(want, 160)))
	return x.parse(want), x.parse(got), true
}

func (x *tx) mismatch(args []string, kind tcmp, want, got []byte, what string) {
	x.t.Helper()
	x.t.Errorf("seed %d (RESP%d), step #%d: %s (compared: %s)\n  command: %s\n  redis:   %q\n  aeon:    %q\nprevious commands (with redis's replies):\n  %s\n%srerun: DIFF_TYPES_SEED=%d go test ./tests -run 'TestDiffTypes/resp%d' (DIFF_TYPES_COMMANDS=%d)",
		x.seed, x.proto, x.step, what, kind, fmtArgs(args), trunc(want, 2000), trunc(got, 2000), strings.Join(x.hist.entries, "\n  "),
		typesStateDiff(x.t, x.ref, x.sut, x.keys), x.seed, x.proto, envInt("DIFF_TYPES_COMMANDS", 4000))
	x.mismatches++
	if !x.keepGoing || x.mismatches >= 20 {
		x.stopped = true
	}
}

// canon renders a value with its types, recursively, for multiset
// comparisons.
func canon(v resp.Value) string {
	var sb strings.Builder
	canonTo(&sb, v)
	return sb.String()
}

func canonTo(sb *strings.Builder, v resp.Value) {
	sb.WriteByte(v.Type)
	if v.Null {
		sb.WriteString("null")
		return
	}
	if !isAgg(v) {
		sb.WriteString(strconv.Quote(v.Str))
		return
	}
	sb.WriteString(strconv.Itoa(len(v.Elems)))
	sb.WriteByte('[')
	for _, e := range v.Elems {
		canonTo(sb, e)
		sb.WriteByte(',')
	}
	sb.WriteByte(']')
}

func shapeOf(v resp.Value) string {
	var sb strings.Builder
	var walk func(v resp.Value)
	walk = func(v resp.Value) {
		sb.WriteByte(v.Type)
		if v.Null {
			sb.WriteString("null")
			return
		}
		if v.Type == '-' {
			sb.WriteString(v.Str)
			return
		}
		if isAgg(v) {
			sb.WriteString(strconv.Itoa(len(v.Elems)))
			sb.WriteByte('[')
			for _, e := range v.Elems {
				walk(e)
			}
			sb.WriteByte(']')
		}
	}
	walk(v)
	return sb.String()
}

func isAgg(v resp.Value) bool {
	switch v.Type {
	case '*', '~', '%', '>':
		return true
	}
	return false
}

// multiset returns the canonical forms of v's elements (pairs of them for
// tPairs), sorted.
func multiset(v resp.Value, pairs bool) []string {
	var out []string
	if pairs {
		for i := 0; i+1 < len(v.Elems); i += 2 {
			out = append(out, canon(v.Elems[i])+"="+canon(v.Elems[i+1]))
		}
		if len(v.Elems)%2 == 1 {
			out = append(out, "odd:"+canon(v.Elems[len(v.Elems)-1]))
		}
	} else {
		for _, e := range v.Elems {
			out = append(out, canon(e))
		}
	}
	slices.Sort(out)
	return out
}

func sameTyped(kind tcmp, a, b resp.Value) bool {
	switch kind {
	case tShape:
		return shapeOf(a) == shapeOf(b)
	case tLen:
		if isAgg(a) && isAgg(b) {
			return a.Type == b.Type && len(a.Elems) == len(b.Elems)
		}
	case tSet, tPairs:
		if isAgg(a) && isAgg(b) && a.Type == b.Type && len(a.Elems) == len(b.Elems) {
			return slices.Equal(multiset(a, kind == tPairs), multiset(b, kind == tPairs))
		}
	}
	return canon(a) == canon(b)
}

// typesStateDiff describes how the contents of keys (db 0) differ.
func typesStateDiff(t *testing.T, ref, sut *srv, keys []string) string {
	dump := func(s *srv) map[string]string {
		out := map[string]string{}
		c := dialRaw(t, s.Addr)
		defer c.Close()
		val := func(args ...string) resp.Value {
			v, _ := resp.ReadValue(bufioFrom([]byte(c.do(args...))))
			return v
		}
		for _, k := range keys {
			typ := val("TYPE", k).Str
			enc := val("OBJECT", "ENCODING", k).Str
			var content string
			switch typ {
			case "none":
				continue
			case "string":
				content = strconv.Quote(val("GET", k).Str)
			case "list":
				content = canon(val("LRANGE", k, "0", "-1"))
			case "hash":
				content = strings.Join(multiset(val("HGETALL", k), true), " ")
			case "set":
				content = strings.Join(multiset(val("SMEMBERS", k), false), " ")
			case "zset":
				content = canon(val("ZRANGE", k, "0", "-1", "WITHSCORES"))
			}
			out[k] = typ + "/" + enc + " " + content
		}
		return out
	}
	a, b := dump(ref), dump(sut)
	var lines []string
	for _, k := range keys {
		if a[k] != b[k] {
			lines = append(lines, fmt.Sprintf("  %q:\n    redis %s\n    aeon  %s", k, trunc([]byte(a[k]), 400), trunc([]byte(b[k]), 400)))
		}
	}
	if len(lines) == 0 {
		return "key contents (db 0) are identical\n"
	}
	return "key content differences (db 0; type/encoding content):\n" + strings.Join(lines, "\n") + "\n"
}

// tgen generates the data-type commands.
type tgen struct {
	r         *rand.Rand
	keys      []string
	inMulti   bool
	intsetMax int  // current set-max-intset-entries
	cur       byte // the current entry's type (see entryType)
	table     []tEntry
	total     int
	proto     int
}

type tEntry struct {
	name    string
	weight  int
	multiOK bool                   // simple: one exact command, may be queued in MULTI
	simple  func(g *tgen) []string // one command compared exactly
	run     func(g *tgen, x *tx)   // anything else
}

func (g *tgen) n(k int) int           { return g.r.IntN(k) }
func (g *tgen) chance(p float64) bool { return g.r.Float64() < p }
func (g *tgen) pick(s ...string) string {
	return s[g.n(len(s))]
}

// key returns a key, most often one of the two that the current entry's
// type prefers (so that WRONGTYPE happens, but not all the time).
func (g *tgen) key() string {
	if pref := typeKeys[g.cur]; pref != nil && g.chance(0.85) {
		return pref[g.n(len(pref))]
	}
	return g.keys[g.n(len(g.keys))]
}

var typeKeys = map[byte][]string{
	'l': {"k1", "k2", "k9"},
	'h': {"k3", "k4"},
	's': {"k5", "k6", "k9"},
	'z': {"k7", "k8", "k9"},
	'p': {"k9", "w_x"},
	'S': {"k1", "k2", "k5", "k6", "k7", "k8"},
}

// entryType maps a generator name to the type whose keys it prefers.
func entryType(name string) byte {
	switch {
	case name == "SORT":
		return 'S'
	case strings.HasPrefix(name, "PF"):
		return 'p'
	case strings.HasPrefix(name, "L"), name == "BLPOP":
		return 'l'
	case strings.HasPrefix(name, "H"):
		return 'h'
	case strings.HasPrefix(name, "Z"):
		return 'z'
	case strings.HasPrefix(name, "S") && name != "SET":
		return 's'
	}
	return 0
}
func (g *tgen) keysN(lo, hi int) []string {
	out := make([]string, lo+g.n(hi-lo+1))
	for i := range out {
		out[i] = g.key()
	}
	return out
}

func (g *tgen) str(n int) string {
	const alpha = "abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, n)
	for i := range b {
		b[i] = alpha[g.n(len(alpha))]
	}
	return string(b)
}

// elem is a list/set/zset member: small integers (intsets, SORT), letters
// (SORT BY/GET patterns), integers of every intset width, non-canonical
// numbers, long strings (over the listpack value limits) and binary.
func (g *tgen) elem() string {
	switch x := g.n(20); {
	case x < 7:
		return strconv.Itoa(g.n(13) - 2)
	case x < 8:
		return g.pick("1000000", "-9223372036854775808", "9223372036854775807", "4294967296", "65536", "-32769", "007", "+1", "1.0", "-0")
	case x < 13:
		return g.pick("a", "b", "c", "d", "e", "f", "x", "y")
	case x < 14:
		return g.pick("1.5", "0.1", "-2.5", "1e3", "3.0")
	case x < 16:
		return g.str(3 + g.n(10))
	case x < 17:
		return g.str(60 + g.n(10))
	case x < 18:
		return g.pick("\xff\xfe", "a\r\nb", "é", "\x01\x02", "sp ace")
	default:
		return "m" + strconv.Itoa(g.n(30))
	}
}

func (g *tgen) elems(lo, hi int) []string {
	out := make([]string, lo+g.n(hi-lo+1))
	for i := range out {
		out[i] = g.elem()
	}
	return out
}

func (g *tgen) field() string {
	if g.chance(0.05) {
		return g.str(60 + g.n(10))
	}
	return g.pick("f", "g", "h", "f1", "f2", "field:3", "1", "2", "x")
}

func (g *tgen) hval() string {
	switch g.n(8) {
	case 0, 1:
		return strconv.Itoa(g.n(21) - 10)
	case 2:
		return g.pick("1.5", "-0.25", "1e3", "9223372036854775807", "abc", "", "3.0")
	case 3:
		return g.str(60 + g.n(10))
	default:
		return g.str(1 + g.n(8))
	}
}

func (g *tgen) score() string {
	switch g.n(12) {
	case 0:
		return g.pick("inf", "-inf", "+inf", "1e-5", "0.1", "1e308", "-0", "1.7976931348623157e308")
	case 1:
		if g.chance(0.3) {
			return g.pick("nan", "abc", "", "1x", "(1")
		}
		return strconv.Itoa(g.n(3))
	case 2, 3, 4:
		return "0"
	case 5:
		return strconv.Itoa(g.n(11)-5) + ".5"
	default:
		return strconv.Itoa(g.n(11) - 5)
	}
}

func (g *tgen) scoreRange() string {
	switch g.n(10) {
	case 0:
		return g.pick("-inf", "+inf", "inf", "(-inf", "(+inf")
	case 1:
		if g.chance(0.3) {
			return g.pick("abc", "(", "nan", "[1", "")
		}
		return "(" + strconv.Itoa(g.n(11)-5)
	case 2:
		return "(" + strconv.Itoa(g.n(11)-5) + ".5"
	case 3:
		return strconv.Itoa(g.n(11)-5) + ".5"
	default:
		return strconv.Itoa(g.n(11) - 5)
	}
}

func (g *tgen) lexRange() string {
	if g.chance(0.05) {
		return g.pick("a", "", "(", "[", "b")
	}
	if g.chance(0.2) {
		return g.pick("-", "+")
	}
	return g.pick("[", "(") + g.pick("a", "b", "c", "d", "x", "1", "5", "m1", "m2", "")
}

func (g *tgen) idx() string {
	if g.chance(0.05) {
		return g.pick("abc", "9223372036854775807", "-9223372036854775808", "1.5", "")
	}
	return strconv.Itoa(g.n(15) - 7)
}

func (g *tgen) count() string {
	if g.chance(0.08) {
		return g.pick("0", "-1", "abc", "9223372036854775807", "-9223372036854775808")
	}
	return strconv.Itoa(1 + g.n(5))
}

func (g *tgen) timeout() string {
	if g.chance(0.05) {
		return g.pick("-1", "abc", "0.001")
	}
	return "0.01"
}

func (g *tgen) numkeys(keys []string) []string {
	n := strconv.Itoa(len(keys))
	if g.chance(0.04) {
		n = g.pick("0", "-1", strconv.Itoa(len(keys)+1), "abc")
	}
	return append([]string{n}, keys...)
}

// compact reports whether the keys' orders are defined: each key's OBJECT
// ENCODING (asked of both servers) is not hashtable / skiplist.
func (g *tgen) compact(x *tx, keys ...string) bool {
	ok := true
	for _, k := range keys {
		v := x.do(tExact, "OBJECT", "ENCODING", k)
		if v.Str == "hashtable" || v.Str == "skiplist" {
			ok = false
		}
	}
	return ok
}

// lexOK reports whether a lexicographic range on key is specified (all
// scores equal, or not a non-empty zset).
func (g *tgen) lexOK(x *tx, key string) bool {
	first := x.do(tExact, "ZRANGE", key, "0", "0", "WITHSCORES")
	last := x.do(tExact, "ZRANGE", key, "-1", "-1", "WITHSCORES")
	sc := func(v resp.Value) string {
		if len(v.Elems) == 2 && !isAgg(v.Elems[0]) {
			return v.Elems[1].Str
		}
		if len(v.Elems) == 1 && len(v.Elems[0].Elems) == 2 {
			return v.Elems[0].Elems[1].Str
		}
		return ""
	}
	return sc(first) == sc(last)
}

// scanAll runs a SCAN-family command to completion on one connection and
// returns the set of elements (or pairs) seen.
func scanAll(c *rawConn, pairs bool, args []string) ([]string, error) {
	seen := map[string]bool{}
	cursor := "0"
	for i := 0; i < 10000; i++ {
		a := append([]string{args[0], args[1], cursor}, args[2:]...)
		if err := c.send(encodeCmd(a...)); err != nil {
			return nil, err
		}
		b, err := c.readReply()
		if err != nil {
			return nil, err
		}
		v, err := resp.ReadValue(bufioFrom(b))
		if err != nil {
			return nil, err
		}
		if v.Type == '-' {
			return []string{"error:" + v.Str}, nil
		}
		if len(v.Elems) != 2 {
			return nil, fmt.Errorf("bad SCAN reply %q", b)
		}
		for _, e := range multiset(v.Elems[1], pairs) {
			seen[e] = true
		}
		cursor = v.Elems[0].Str
		if cursor == "0" {
			out := make([]string, 0, len(seen))
			for e := range seen {
				out = append(out, e)
			}
			slices.Sort(out)
			return out, nil
		}
	}
	return nil, fmt.Errorf("SCAN did not finish in 10000 calls")
}

func scanGen(g *tgen, x *tx, name string, pairs bool) {
	k := g.key()
	var opts []string
	if g.chance(0.4) {
		opts = append(opts, "MATCH", g.pick("*", "f*", "*1*", "?", "m*", "[a-c]"))
	}
	if g.chance(0.4) {
		opts = append(opts, "COUNT", g.pick("1", "2", "10", "0", "abc"))
	}
	if g.compact(x, k) {
		cursor := "0"
		if g.chance(0.1) {
			cursor = g.pick("17", "abc", "-1")
		}
		x.do(tExact, append([]string{name, k, cursor}, opts...)...)
		return
	}
	args := append([]string{name, k}, opts...)
	if x.stopped {
		return
	}
	want, err1 := scanAll(x.rc, pairs, args)
	got, err2 := scanAll(x.ac, pairs, args)
	if err1 != nil {
		x.t.Fatalf("seed %d: redis %s: %v", x.seed, fmtArgs(args), err1)
	}
	if err2 != nil || !slices.Equal(want, got) {
		shown := append([]string{name, args[1], "<cursor>"}, opts...)
		x.mismatch(shown, tSet,
			[]byte(strings.Join(want, " ")), []byte(strings.Join(got, " ")), fmt.Sprintf("full SCAN iteration differs (err %v)", err2))
	}
	x.hist.add(fmt.Sprintf("#%d %s (full iteration) -> %d elements", x.step, fmtArgs(args), len(want)))
	x.stats[name]++
}

// setOpExact: SINTER/SUNION/SDIFF reply orders are defined when every input
// is an intset and the result set (and, for SDIFF, the first input) stays
// within set-max-intset-entries: the result is then an intset.
func setOp(g *tgen, x *tx, name string) {
	keys := g.keysN(1, 3)
	exact := g.compact(x, keys...)
	if exact && name == "SDIFF" {
		if c := x.do(tExact, "SCARD", keys[0]); c.Type == ':' && c.Int > int64(g.intsetMax) {
			exact = false
		}
	}
	v := x.do(tSet, append([]string{name}, keys...)...)
	_ = exact
	if exact && len(v.Elems) <= g.intsetMax && !x.stopped {
		// Already compared as a multiset; now the order too.
		x.do(tExact, append([]string{name}, keys...)...)
	}
}

func withLimit(g *tgen, a []string) []string {
	if g.chance(0.3) {
		a = append(a, "LIMIT", g.pick("0", "1", "2", "-1", "abc"), g.pick("1", "2", "3", "-1", "0", "10"))
	}
	return a
}

// zrangeArgs builds ZRANGE's arguments after the key(s); lex tells whether
// BYLEX was chosen.
func zrangeArgs(g *tgen) (a []string, lex bool) {
	switch g.n(4) {
	case 0, 1:
		a = []string{g.idx(), g.idx()}
		if g.chance(0.3) {
			a = append(a, "REV")
		}
		if g.chance(0.05) {
			a = append(a, "LIMIT", "0", "1") // error: LIMIT needs BY*
		}
	case 2:
		a = []string{g.scoreRange(), g.scoreRange(), "BYSCORE"}
		if g.chance(0.4) {
			a = append(a, "REV")
		}
		a = withLimit(g, a)
	default:
		lex = true
		a = []string{g.lexRange(), g.lexRange(), "BYLEX"}
		if g.chance(0.4) {
			a = append(a, "REV")
		}
		a = withLimit(g, a)
	}
	return a, lex
}

func zweights(g *tgen, a []string, n int, diff bool) []string {
	if g.chance(0.3) || (diff && g.chance(0.05)) {
		a = append(a, "WEIGHTS")
		m := n
		if g.chance(0.05) {
			m = n + 1
		}
		for i := 0; i < m; i++ {
			a = append(a, g.pick("1", "2", "0", "-1", "0.5", "3", "inf", "-inf", "abc"))
		}
	}
	if g.chance(0.3) || (diff && g.chance(0.05)) {
		a = append(a, "AGGREGATE", g.pick("SUM", "MIN", "MAX", "sum", "max", "AVG"))
	}
	return a
}

func sortArgs(g *tgen, ro bool) ([]string, tcmp, bool) {
	k := g.key()
	a := []string{"SORT", k}
	if ro {
		a[0] = "SORT_RO"
	}
	by := ""
	if g.chance(0.4) {
		by = g.pick("w_*", "k*->f", "nosort", "nokey_*", "k*->g")
		a = append(a, "BY", by)
	}
	if g.chance(0.3) {
		a = append(a, "LIMIT", g.pick("0", "1", "-1", "2"), g.pick("1", "2", "5", "-1", "0"))
	}
	for i, n := 0, g.n(3); i < n; i++ {
		a = append(a, "GET", g.pick("#", "w_*", "k*->f", "k*->g", "nope_*", "k*"))
	}
	if g.chance(0.3) {
		a = append(a, g.pick("ASC", "DESC", "desc"))
	}
	alpha := g.chance(0.5)
	if alpha {
		a = append(a, "ALPHA")
	}
	store := !ro && g.chance(0.25)
	byPattern := by != "" && by != "nosort"
	if store {
		if alpha && byPattern {
			// Equal BY values leave the order to the sort algorithm.
			return sortArgs(g, ro)
		}
		a = append(a, "STORE", g.key())
	}
	if g.chance(0.03) {
		a = append(a, g.pick("BOGUS", "LIMIT", "GET", "BY"))
	}
	kind := tExact
	hasLimit := slices.Contains(a, "LIMIT")
	if alpha && byPattern {
		kind = tSet
		if hasLimit {
			kind = tLen
		}
	}
	return a, kind, by == "nosort" && !store
}

func configGen(g *tgen, x *tx) {
	type opt struct {
		names []string
		small []string
		def   string
	}
	opts := []opt{
		{[]string{"hash-max-listpack-entries", "hash-max-ziplist-entries"}, []string{"0", "1", "2", "4"}, "512"}, // 512 in Redis 7.0, not 128
		{[]string{"hash-max-listpack-value", "hash-max-ziplist-value"}, []string{"0", "1", "3", "8"}, "64"},
		{[]string{"set-max-intset-entries"}, []string{"0", "1", "2", "4"}, "512"},
		{[]string{"zset-max-listpack-entries", "zset-max-ziplist-entries"}, []string{"0", "1", "2", "4"}, "128"},
		{[]string{"zset-max-listpack-value", "zset-max-ziplist-value"}, []string{"0", "1", "3", "8"}, "64"},
		{[]string{"list-max-listpack-size", "list-max-ziplist-size"}, []string{"1", "2", "3", "-1", "-5"}, "-2"},
		{[]string{"list-compress-depth"}, []string{"1", "2"}, "0"},
		{[]string{"hll-sparse-max-bytes"}, []string{"0", "20", "60", "200"}, "3000"},
	}
	o := opts[g.n(len(opts))]
	name := o.names[g.n(len(o.names))]
	if g.chance(0.15) {
		x.do(tExact, "CONFIG", "GET", o.names[0])
		return
	}
	v := o.def
	if g.chance(0.55) {
		v = o.small[g.n(len(o.small))]
	}
	r := x.do(tExact, "CONFIG", "SET", name, v)
	if name == "set-max-intset-entries" && r.Type == '+' {
		g.intsetMax, _ = strconv.Atoi(v)
	}
}

var typesTable = []tEntry{
	// Strings and keys, for WRONGTYPE and SORT's BY/GET keys.
	{name: "SET", weight: 6, multiOK: true, simple: func(g *tgen) []string {
		if g.chance(0.8) {
			return []string{"SET", g.pick("w_1", "w_2", "w_x"), g.pick(strconv.Itoa(g.n(10)-3), g.hval())}
		}
		return []string{"SET", g.key(), g.hval()}
	}},
	{name: "GET", weight: 3, multiOK: true, simple: func(g *tgen) []string { return []string{"GET", g.key()} }},
	{name: "DEL", weight: 8, multiOK: true, simple: func(g *tgen) []string { return append([]string{"DEL"}, g.keysN(1, 2)...) }},
	{name: "TYPE", weight: 2, multiOK: true, simple: func(g *tgen) []string { return []string{"TYPE", g.key()} }},
	{name: "EXISTS", weight: 1, multiOK: true, simple: func(g *tgen) []string { return append([]string{"EXISTS"}, g.keysN(1, 3)...) }},
	{name: "RENAME", weight: 2, multiOK: true, simple: func(g *tgen) []string { return []string{g.pick("RENAME", "RENAMENX"), g.key(), g.key()} }},
	{name: "COPY", weight: 2, simple: func(g *tgen) []string {
		a := []string{"COPY", g.key(), g.key()}
		if g.chance(0.5) {
			a = append(a, "REPLACE")
		}
		return a
	}},
	{name: "OBJECT", weight: 6, run: func(g *tgen, x *tx) { g.compact(x, g.key()) }},
	{name: "CONFIG", weight: 3, run: configGen},
	{name: "MULTI", weight: 2, simple: func(g *tgen) []string { return []string{"MULTI"} }},
	{name: "EXEC", weight: 2, multiOK: true, simple: func(g *tgen) []string { return execEntry.simple(g) }},

	// Lists.
	{name: "LPUSH", weight: 14, multiOK: true, simple: func(g *tgen) []string {
		return append([]string{g.pick("LPUSH", "RPUSH", "LPUSH", "RPUSH", "LPUSHX", "RPUSHX"), g.key()}, g.elems(1, 4)...)
	}},
	{name: "LPOP", weight: 6, multiOK: true, simple: func(g *tgen) []string {
		a := []string{g.pick("LPOP", "RPOP"), g.key()}
		if g.chance(0.4) {
			a = append(a, g.count())
		}
		return a
	}},
	{name: "LLEN", weight: 2, multiOK: true, simple: func(g *tgen) []string { return []string{"LLEN", g.key()} }},
	{name: "LRANGE", weight: 8, multiOK: true, simple: func(g *tgen) []string {
		if g.chance(0.5) {
			return []string{"LRANGE", g.key(), "0", "-1"}
		}
		return []string{"LRANGE", g.key(), g.idx(), g.idx()}
	}},
	{name: "LINDEX", weight: 3, multiOK: true, simple: func(g *tgen) []string { return []string{"LINDEX", g.key(), g.idx()} }},
	{name: "LSET", weight: 3, multiOK: true, simple: func(g *tgen) []string { return []string{"LSET", g.key(), g.idx(), g.elem()} }},
	{name: "LINSERT", weight: 3, multiOK: true, simple: func(g *tgen) []string {
		return []string{"LINSERT", g.key(), g.pick("BEFORE", "AFTER", "after", "MIDDLE"), g.elem(), g.elem()}
	}},
	{name: "LREM", weight: 3, multiOK: true, simple: func(g *tgen) []string {
		return []string{"LREM", g.key(), g.pick("0", "1", "-1", "2", "-2", "abc"), g.elem()}
	}},
	{name: "LTRIM", weight: 2, multiOK: true, simple: func(g *tgen) []string { return []string{"LTRIM", g.key(), g.idx(), g.idx()} }},
	{name: "LPOS", weight: 4, multiOK: true, simple: func(g *tgen) []string {
		a := []string{"LPOS", g.key(), g.elem()}
		if g.chance(0.4) {
			a = append(a, "RANK", g.pick("1", "2", "-1", "-2", "0", "abc", "-9223372036854775808"))
		}
		if g.chance(0.4) {
			a = append(a, "COUNT", g.pick("0", "1", "2", "-1"))
		}
		if g.chance(0.3) {
			a = append(a, "MAXLEN", g.pick("0", "1", "3", "-1"))
		}
		return a
	}},
	{name: "LMOVE", weight: 4, multiOK: true, simple: func(g *tgen) []string {
		if g.chance(0.3) {
			return []string{"RPOPLPUSH", g.key(), g.key()}
		}
		return []string{"LMOVE", g.key(), g.key(), g.pick("LEFT", "RIGHT", "left"), g.pick("LEFT", "RIGHT", "UP")}
	}},
	{name: "LMPOP", weight: 3, multiOK: true, simple: func(g *tgen) []string {
		a := append([]string{"LMPOP"}, g.numkeys(g.keysN(1, 3))...)
		a = append(a, g.pick("LEFT", "RIGHT", "right", "MIDDLE"))
		if g.chance(0.5) {
			a = append(a, "COUNT", g.count())
		}
		return a
	}},
	{name: "BLPOP", weight: 2, simple: func(g *tgen) []string {
		switch g.n(5) {
		case 0:
			return append(append([]string{g.pick("BLPOP", "BRPOP")}, g.keysN(1, 2)...), g.timeout())
		case 1:
			return []string{"BLMOVE", g.key(), g.key(), g.pick("LEFT", "RIGHT"), g.pick("LEFT", "RIGHT"), g.timeout()}
		case 2:
			return []string{"BRPOPLPUSH", g.key(), g.key(), g.timeout()}
		case 3:
			a := append([]string{"BLMPOP", g.timeout()}, g.numkeys(g.keysN(1, 2))...)
			a = append(a, g.pick("LEFT", "RIGHT"))
			if g.chance(0.5) {
				a = append(a, "COUNT", g.count())
			}
			return a
		default:
			if g.chance(0.5) {
				return append(append([]string{g.pick("BZPOPMIN", "BZPOPMAX")}, g.keysN(1, 2)...), g.timeout())
			}
			a := append([]string{"BZMPOP", g.timeout()}, g.numkeys(g.keysN(1, 2))...)
			a = append(a, g.pick("MIN", "MAX"))
			if g.chance(0.5) {
				a = append(a, "COUNT", g.count())
			}
			return a
		}
	}},

	// Hashes.
	{name: "HSET", weight: 14, multiOK: true, simple: func(g *tgen) []string {
		a := []string{g.pick("HSET", "HSET", "HMSET", "HSETNX"), g.key()}
		n := 1
		if a[0] != "HSETNX" {
			n += g.n(3)
		}
		for i := 0; i < n; i++ {
			a = append(a, g.field(), g.hval())
		}
		return a
	}},
	{name: "HGET", weight: 5, multiOK: true, simple: func(g *tgen) []string {
		switch g.n(4) {
		case 0:
			return append([]string{"HMGET", g.key()}, g.field(), g.field())
		case 1:
			return []string{"HSTRLEN", g.key(), g.field()}
		case 2:
			return []string{"HEXISTS", g.key(), g.field()}
		default:
			return []string{"HGET", g.key(), g.field()}
		}
	}},
	{name: "HDEL", weight: 4, multiOK: true, simple: func(g *tgen) []string { return []string{"HDEL", g.key(), g.field(), g.field()} }},
	{name: "HLEN", weight: 2, multiOK: true, simple: func(g *tgen) []string { return []string{"HLEN", g.key()} }},
	{name: "HINCRBY", weight: 4, multiOK: true, simple: func(g *tgen) []string {
		if g.chance(0.5) {
			return []string{"HINCRBY", g.key(), g.field(), g.pick("1", "-3", "100", "9223372036854775807", "abc", "1.5")}
		}
		return []string{"HINCRBYFLOAT", g.key(), g.field(), g.pick("1", "-0.25", "1.5", "1e3", "abc", "inf", "0.1", "5.0e3")}
	}},
	{name: "HGETALL", weight: 5, run: func(g *tgen, x *tx) {
		k := g.key()
		kind := tPairs
		name := g.pick("HGETALL", "HKEYS", "HVALS")
		if name != "HGETALL" {
			kind = tSet
		}
		if g.compact(x, k) {
			kind = tExact
		}
		x.do(kind, name, k)
	}},
	{name: "HSCAN", weight: 2, run: func(g *tgen, x *tx) { scanGen(g, x, "HSCAN", true) }},
	{name: "HRANDFIELD", weight: 3, run: func(g *tgen, x *tx) {
		a := []string{"HRANDFIELD", g.key()}
		if g.chance(0.7) {
			a = append(a, g.pick("1", "2", "5", "-3", "-1", "0", "100", "abc"))
			if g.chance(0.5) {
				a = append(a, "WITHVALUES")
			}
		}
		x.do(tShape, a...)
	}},

	// Sets.
	{name: "SADD", weight: 14, multiOK: true, simple: func(g *tgen) []string {
		return append([]string{"SADD", g.key()}, g.elems(1, 4)...)
	}},
	{name: "SREM", weight: 4, multiOK: true, simple: func(g *tgen) []string { return append([]string{"SREM", g.key()}, g.elems(1, 3)...) }},
	{name: "SCARD", weight: 2, multiOK: true, simple: func(g *tgen) []string { return []string{"SCARD", g.key()} }},
	{name: "SISMEMBER", weight: 4, multiOK: true, simple: func(g *tgen) []string {
		if g.chance(0.5) {
			return append([]string{"SMISMEMBER", g.key()}, g.elems(1, 3)...)
		}
		return []string{"SISMEMBER", g.key(), g.elem()}
	}},
	{name: "SMOVE", weight: 3, multiOK: true, simple: func(g *tgen) []string { return []string{"SMOVE", g.key(), g.key(), g.elem()} }},
	{name: "SMEMBERS", weight: 4, run: func(g *tgen, x *tx) {
		k := g.key()
		kind := tSet
		if g.compact(x, k) {
			kind = tExact
		}
		x.do(kind, "SMEMBERS", k)
	}},
	{name: "SINTER", weight: 3, run: func(g *tgen, x *tx) { setOp(g, x, "SINTER") }},
	{name: "SUNION", weight: 3, run: func(g *tgen, x *tx) { setOp(g, x, "SUNION") }},
	{name: "SDIFF", weight: 3, run: func(g *tgen, x *tx) { setOp(g, x, "SDIFF") }},
	{name: "SSTORE", weight: 4, multiOK: true, simple: func(g *tgen) []string {
		return append([]string{g.pick("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"), g.key()}, g.keysN(1, 3)...)
	}},
	{name: "SINTERCARD", weight: 2, multiOK: true, simple: func(g *tgen) []string {
		a := append([]string{"SINTERCARD"}, g.numkeys(g.keysN(1, 3))...)
		if g.chance(0.4) {
			a = append(a, "LIMIT", g.pick("0", "1", "2", "-1", "abc"))
		}
		return a
	}},
	{name: "SRANDMEMBER", weight: 3, run: func(g *tgen, x *tx) {
		a := []string{"SRANDMEMBER", g.key()}
		if g.chance(0.7) {
			a = append(a, g.pick("1", "2", "5", "-3", "-1", "0", "100", "abc"))
		}
		x.do(tShape, a...)
	}},
	{name: "SPOP", weight: 3, run: func(g *tgen, x *tx) {
		k := g.key()
		n := x.do(tExact, "SCARD", k)
		a := []string{"SPOP", k}
		cnt := int64(1)
		if g.chance(0.6) {
			c := g.pick("1", "2", "3", "10", "0", "-1", "abc")
			a = append(a, c)
			cnt, _ = strconv.ParseInt(c, 10, 64)
		}
		if n.Type != ':' || cnt <= 0 || cnt >= n.Int {
			x.do(tSet, a...) // everything (or nothing) is popped
			return
		}
		x.do(tShape, a...)
		// Random members went: make both servers hold what redis kept.
		rest, _, ok := x.each("SMEMBERS", k)
		if !ok {
			return
		}
		x.do(tExact, "DEL", k)
		args := []string{"SADD", k}
		for _, e := range rest.Elems {
			args = append(args, e.Str)
		}
		x.do(tExact, args...)
	}},
	{name: "SSCAN", weight: 2, run: func(g *tgen, x *tx) { scanGen(g, x, "SSCAN", false) }},

	// Sorted sets.
	{name: "ZADD", weight: 16, multiOK: true, simple: func(g *tgen) []string {
		a := []string{"ZADD", g.key()}
		if g.chance(0.3) {
			a = append(a, g.pick("NX", "XX"))
		}
		if g.chance(0.25) {
			a = append(a, g.pick("GT", "LT"))
		}
		if g.chance(0.25) {
			a = append(a, "CH")
		}
		n := 1 + g.n(3)
		if g.chance(0.15) {
			a = append(a, "INCR")
			if g.chance(0.8) {
				n = 1
			}
		}
		for i := 0; i < n; i++ {
			a = append(a, g.score(), g.elem())
		}
		if g.chance(0.02) {
			a = a[:len(a)-1]
		}
		return a
	}},
	{name: "ZINCRBY", weight: 3, multiOK: true, simple: func(g *tgen) []string { return []string{"ZINCRBY", g.key(), g.score(), g.elem()} }},
	{name: "ZREM", weight: 3, multiOK: true, simple: func(g *tgen) []string { return append([]string{"ZREM", g.key()}, g.elems(1, 3)...) }},
	{name: "ZCARD", weight: 2, multiOK: true, simple: func(g *tgen) []string {
		if g.chance(0.5) {
			return []string{"ZCOUNT", g.key(), g.scoreRange(), g.scoreRange()}
		}
		return []string{"ZCARD", g.key()}
	}},
	{name: "ZSCORE", weight: 5, multiOK: true, simple: func(g *tgen) []string {
		switch g.n(4) {
		case 0:
			return append([]string{"ZMSCORE", g.key()}, g.elems(1, 3)...)
		case 1:
			return []string{g.pick("ZRANK", "ZREVRANK"), g.key(), g.elem()}
		default:
			return []string{"ZSCORE", g.key(), g.elem()}
		}
	}},
	{name: "ZRANGE", weight: 14, run: func(g *tgen, x *tx) {
		k := g.key()
		a, lex := zrangeArgs(g)
		if lex && !g.lexOK(x, k) {
			return
		}
		if !lex && g.chance(0.4) {
			a = append(a, "WITHSCORES")
		} else if lex && g.chance(0.05) {
			a = append(a, "WITHSCORES") // error
		}
		x.do(tExact, append([]string{"ZRANGE", k}, a...)...)
	}},
	{name: "ZRANGEBY", weight: 6, run: func(g *tgen, x *tx) {
		k := g.key()
		var a []string
		switch g.n(5) {
		case 0:
			a = []string{g.pick("ZRANGEBYSCORE", "ZREVRANGEBYSCORE"), k, g.scoreRange(), g.scoreRange()}
			if g.chance(0.4) {
				a = append(a, "WITHSCORES")
			}
			a = withLimit(g, a)
		case 1:
			if !g.lexOK(x, k) {
				return
			}
			a = withLimit(g, []string{g.pick("ZRANGEBYLEX", "ZREVRANGEBYLEX"), k, g.lexRange(), g.lexRange()})
		case 2:
			if !g.lexOK(x, k) {
				return
			}
			a = []string{"ZLEXCOUNT", k, g.lexRange(), g.lexRange()}
		case 3:
			a = []string{"ZREVRANGE", k, g.idx(), g.idx()}
			if g.chance(0.4) {
				a = append(a, "WITHSCORES")
			}
		default:
			a = []string{"ZRANGE", k, "0", "-1", "WITHSCORES"}
		}
		x.do(tExact, a...)
	}},
	{name: "ZRANGESTORE", weight: 3, run: func(g *tgen, x *tx) {
		src := g.key()
		a, lex := zrangeArgs(g)
		if lex && !g.lexOK(x, src) {
			return
		}
		x.do(tExact, append([]string{"ZRANGESTORE", g.key(), src}, a...)...)
	}},
	{name: "ZREMRANGE", weight: 3, run: func(g *tgen, x *tx) {
		k := g.key()
		switch g.n(3) {
		case 0:
			x.do(tExact, "ZREMRANGEBYRANK", k, g.idx(), g.idx())
		case 1:
			x.do(tExact, "ZREMRANGEBYSCORE", k, g.scoreRange(), g.scoreRange())
		default:
			if g.lexOK(x, k) {
				x.do(tExact, "ZREMRANGEBYLEX", k, g.lexRange(), g.lexRange())
			}
		}
	}},
	{name: "ZPOPMIN", weight: 4, multiOK: true, simple: func(g *tgen) []string {
		a := []string{g.pick("ZPOPMIN", "ZPOPMAX"), g.key()}
		if g.chance(0.4) {
			a = append(a, g.count())
		}
		return a
	}},
	{name: "ZMPOP", weight: 3, multiOK: true, simple: func(g *tgen) []string {
		a := append([]string{"ZMPOP"}, g.numkeys(g.keysN(1, 3))...)
		a = append(a, g.pick("MIN", "MAX", "min", "MID"))
		if g.chance(0.5) {
			a = append(a, "COUNT", g.count())
		}
		return a
	}},
	{name: "ZUNION", weight: 6, multiOK: true, simple: func(g *tgen) []string {
		op := g.pick("ZUNION", "ZINTER", "ZDIFF", "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE")
		keys := g.keysN(1, 3)
		a := []string{op}
		if strings.HasSuffix(op, "STORE") {
			a = append(a, g.key())
		}
		a = append(a, g.numkeys(keys)...)
		a = zweights(g, a, len(keys), strings.HasPrefix(op, "ZDIFF"))
		if !strings.HasSuffix(op, "STORE") && g.chance(0.5) {
			a = append(a, "WITHSCORES")
		}
		return a
	}},
	{name: "ZINTERCARD", weight: 2, multiOK: true, simple: func(g *tgen) []string {
		a := append([]string{"ZINTERCARD"}, g.numkeys(g.keysN(1, 3))...)
		if g.chance(0.4) {
			a = append(a, "LIMIT", g.pick("0", "1", "2", "-1"))
		}
		return a
	}},
	{name: "ZRANDMEMBER", weight: 3, run: func(g *tgen, x *tx) {
		a := []string{"ZRANDMEMBER", g.key()}
		if g.chance(0.7) {
			a = append(a, g.pick("1", "2", "5", "-3", "-1", "0", "100", "abc"))
			if g.chance(0.5) {
				a = append(a, "WITHSCORES")
			}
		}
		x.do(tShape, a...)
	}},
	{name: "ZSCAN", weight: 2, run: func(g *tgen, x *tx) { scanGen(g, x, "ZSCAN", true) }},

	// HyperLogLog.
	{name: "PFADD", weight: 6, multiOK: true, simple: func(g *tgen) []string {
		a := []string{"PFADD", g.key()}
		n := g.n(4)
		if g.chance(0.15) {
			n = 20 + g.n(200)
		}
		base := g.n(3000)
		for i := 0; i < n; i++ {
			a = append(a, "e"+strconv.Itoa(base+i*7))
		}
		return a
	}},
	{name: "PFCOUNT", weight: 4, multiOK: true, simple: func(g *tgen) []string { return append([]string{"PFCOUNT"}, g.keysN(1, 3)...) }},
	{name: "PFMERGE", weight: 2, multiOK: true, simple: func(g *tgen) []string { return append([]string{"PFMERGE", g.key()}, g.keysN(0, 2)...) }},
	{name: "PFGET", weight: 3, multiOK: true, simple: func(g *tgen) []string {
		if g.chance(0.1) {
			// Corrupt the header or registers now and then.
			return []string{"SETRANGE", g.key(), g.pick("4", "3", "16", "20"), g.pick("\x01", "\x02", "\xff\xff", "x")}
		}
		return []string{"GET", g.key()}
	}},

	// SORT.
	{name: "SORT", weight: 6, run: func(g *tgen, x *tx) {
		a, kind, nosort := sortArgs(g, g.chance(0.3))
		if nosort && kind == tExact && !g.compact(x, a[1]) {
			// A hashtable set in its own (unspecified) order.
			kind = tSet
			if slices.Contains(a, "LIMIT") {
				kind = tLen
			}
		}
		x.do(kind, a...)
	}},
}

var execEntry = tEntry{name: "EXEC", multiOK: true, simple: func(g *tgen) []string { return []string{g.pick("EXEC", "EXEC", "DISCARD")} }}

func newTGen(seed uint64, proto int) *tgen {
	g := &tgen{r: rand.New(rand.NewPCG(seed, 0x7e5)), intsetMax: 512, proto: proto}
	for i := 1; i <= 9; i++ {
		g.keys = append(g.keys, "k"+strconv.Itoa(i))
	}
	g.keys = append(g.keys, "w_1", "w_2", "w_x")
	var only map[string]bool
	if f := os.Getenv("DIFF_TYPES_CMDS"); f != "" {
		only = map[string]bool{"MULTI": false}
		for _, n := range strings.Split(f, ",") {
			only[strings.ToUpper(strings.TrimSpace(n))] = true
		}
	}
	for _, e := range typesTable {
		if only == nil || only[e.name] {
			g.table = append(g.table, e)
			g.total += e.weight
		}
	}
	return g
}

// step runs one generated step.
func (g *tgen) step(x *tx) {
	for {
		v := g.n(g.total)
		var e tEntry
		for _, e = range g.table {
			if v < e.weight {
				break
			}
			v -= e.weight
		}
		if g.inMulti && !e.multiOK {
			if g.chance(0.1) {
				e = execEntry
			} else {
				continue
			}
		}
		g.cur = entryType(e.name)
		if e.simple == nil {
			e.run(g, x)
			return
		}
		a := e.simple(g)
		switch a[0] {
		case "MULTI":
			g.inMulti = true
		case "EXEC", "DISCARD":
			g.inMulti = false
		}
		x.do(tExact, a...)
		return
	}
}

func TestDiffTypes(t *testing.T) {
	runDiffSeeds(t, "DIFF_TYPES", 4000, 3, runTypes)
}

func runTypes(t *testing.T, seed uint64, n, proto int) {
	pair, ref, sut := newDiffPair(t, seed, proto)
	x := &tx{diffPair: pair, proto: proto, ref: ref, sut: sut,
		keepGoing: os.Getenv("DIFF_CONTINUE") != "", stats: map[string]int{}}
	g := newTGen(seed, proto)
	x.keys = g.keys
	start := time.Now()
	for x.step = 0; x.step < n && !x.stopped; x.step++ {
		g.step(x)
		if !g.inMulti && x.step%5 == 4 {
			g.compact(x, g.key()) // OBJECT ENCODING after every few writes
		}
	}
	if g.inMulti && !x.stopped {
		x.do(tExact, "DISCARD")
	}
	if testing.Verbose() {
		t.Logf("seed %d: %d steps in %v; %d error replies, %d of them WRONGTYPE; commands exchanged: %v", seed, n, time.Since(start).Round(time.Millisecond), x.errs, x.wrongType, x.stats)
	}
	sut.checkAlive(t)
}
