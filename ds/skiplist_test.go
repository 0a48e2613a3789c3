package ds

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// check verifies every skiplist invariant: level-0 order and backward links,
// tail and length, the level in use, that each level's chain holds exactly
// the nodes that tall, and every span (including the nil-forward ones).
func (zsl *Skiplist) check() error {
	h := zsl.header
	if int(h.nlevel) != skiplistMaxLevel || h.backward != nil {
		return errors.New("bad header")
	}
	if zsl.level < 1 || zsl.level > skiplistMaxLevel {
		return fmt.Errorf("level %d", zsl.level)
	}
	for i := zsl.level; i < skiplistMaxLevel; i++ {
		if h.lv(i).forward != nil {
			return fmt.Errorf("header level %d >= zsl.level in use", i)
		}
	}
	rank := make(map[*SkiplistNode]int, zsl.length+1)
	rank[h] = 0
	tall := make([]int, skiplistMaxLevel) // nodes with more than i levels
	maxLevel := 1
	var prev *SkiplistNode
	n := 0
	for x := h.lv(0).forward; x != nil; x = x.lv(0).forward {
		n++
		if n > zsl.length {
			return errors.New("level 0 longer than length (cycle?)")
		}
		rank[x] = n
		if x.backward != prev {
			return fmt.Errorf("node %d: bad backward link", n)
		}
		if prev != nil && !prev.less(x.score, x.Member()) {
			return fmt.Errorf("node %d (%v,%q) not after (%v,%q)", n, x.score, x.Member(), prev.score, prev.Member())
		}
		if x.nlevel < 1 || int(x.nlevel) > skiplistMaxLevel {
			return fmt.Errorf("node %d: %d levels", n, x.nlevel)
		}
		for i := range int(x.nlevel) {
			tall[i]++
		}
		maxLevel = max(maxLevel, int(x.nlevel))
		prev = x
	}
	if n != zsl.length {
		return fmt.Errorf("length %d, %d nodes", zsl.length, n)
	}
	if zsl.tail != prev {
		return errors.New("bad tail")
	}
	if zsl.level != maxLevel {
		return fmt.Errorf("level %d, tallest node %d", zsl.level, maxLevel)
	}
	for i := range zsl.level {
		seen := 0
		for x := h; ; {
			f := x.lv(i).forward
			if f == nil {
				if int(x.lv(i).span) != zsl.length-rank[x] {
					return fmt.Errorf("level %d rank %d: nil span %d, want %d", i, rank[x], x.lv(i).span, zsl.length-rank[x])
				}
				break
			}
			rf, ok := rank[f]
			if !ok || rf <= rank[x] || int(f.nlevel) <= i {
				return fmt.Errorf("level %d: bad forward link from rank %d", i, rank[x])
			}
			if int(x.lv(i).span) != rf-rank[x] {
				return fmt.Errorf("level %d rank %d: span %d, want %d", i, rank[x], x.lv(i).span, rf-rank[x])
			}
			if x.lv(i).fscore != float32(f.score) {
				return fmt.Errorf("level %d rank %d: cached score %v, forward's is %v", i, rank[x], x.lv(i).fscore, f.score)
			}
			seen++
			x = f
		}
		if seen != tall[i] {
			return fmt.Errorf("level %d links %d nodes, %d are that tall", i, seen, tall[i])
		}
	}
	return nil
}

func TestSkiplistBasic(t *testing.T) {
	zsl := NewSkiplist(1)
	if zsl.First() != nil || zsl.Last() != nil || zsl.ByRank(1) != nil || zsl.Rank(0, "a") != 0 {
		t.Fatal("empty list")
	}
	for _, e := range []struct {
		s float64
		m string
	}{{5, "x"}, {1, "b"}, {2, "a"}, {1, "a"}} {
		if n := zsl.Insert(e.s, e.m); n.Score() != e.s || n.Member() != e.m {
			t.Fatal("Insert returned wrong node")
		}
		if err := zsl.check(); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"a", "b", "a", "x"} // (1,a) (1,b) (2,a) (5,x)
	var got []string
	for x := zsl.First(); x != nil; x = x.Next() {
		got = append(got, x.Member())
	}
	if !slices.Equal(got, want) {
		t.Fatalf("order %q", got)
	}
	got = got[:0]
	for x := zsl.Last(); x != nil; x = x.Prev() {
		got = append(got, x.Member())
	}
	slices.Reverse(got)
	if !slices.Equal(got, want) {
		t.Fatalf("reverse order %q", got)
	}
	for r, tc := range []struct {
		s float64
		m string
	}{{1, "a"}, {1, "b"}, {2, "a"}, {5, "x"}} {
		if zsl.Rank(tc.s, tc.m) != r+1 {
			t.Fatalf("Rank(%v,%q) = %d", tc.s, tc.m, zsl.Rank(tc.s, tc.m))
		}
		if n := zsl.ByRank(r + 1); n.Score() != tc.s || n.Member() != tc.m {
			t.Fatalf("ByRank(%d)", r+1)
		}
	}
	if zsl.Rank(2, "b") != 0 || zsl.Rank(5, "a") != 0 || zsl.ByRank(0) != nil || zsl.ByRank(5) != nil {
		t.Fatal("absent lookups")
	}

	// In place: (2,a) -> (3,a) stays between (1,b) and (5,x); same node.
	n := zsl.ByRank(3)
	if zsl.UpdateScore(2, "a", 3) != n || n.Score() != 3 || zsl.Rank(3, "a") != 3 {
		t.Fatal("in-place UpdateScore")
	}
	// Moving: (1,a) -> (10,a) goes last; the node is reused.
	n = zsl.ByRank(1)
	if zsl.UpdateScore(1, "a", 10) != n || zsl.Last() != n || zsl.Rank(10, "a") != 4 {
		t.Fatal("moving UpdateScore")
	}
	if zsl.UpdateScore(1, "a", 0) != nil || zsl.UpdateScore(3, "zz", 0) != nil {
		t.Fatal("UpdateScore of absent element")
	}
	if err := zsl.check(); err != nil {
		t.Fatal(err)
	}
	if zsl.Delete(10, "b") || !zsl.Delete(10, "a") || zsl.Delete(10, "a") || zsl.Len() != 3 {
		t.Fatal("Delete")
	}
	if err := zsl.check(); err != nil {
		t.Fatal(err)
	}
}

// TestSkiplistUpdateScoreTies pins zslUpdateScore's strict comparisons: an
// equal neighbour score forces the delete+insert path, which must still
// order by member.
func TestSkiplistUpdateScoreTies(t *testing.T) {
	zsl := NewSkiplist(7)
	zsl.Insert(1, "a")
	zsl.Insert(2, "m")
	zsl.Insert(3, "z")
	zsl.UpdateScore(2, "m", 3) // ties with (3,z): m < z, stays before it
	zsl.UpdateScore(3, "z", 1) // ties with (1,a): z > a, goes after it
	var got []string
	for x := zsl.First(); x != nil; x = x.Next() {
		got = append(got, fmt.Sprintf("%v %s", x.Score(), x.Member()))
	}
	if want := []string{"1 a", "1 z", "3 m"}; !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if err := zsl.check(); err != nil {
		t.Fatal(err)
	}
}

func TestSkiplistRanges(t *testing.T) {
	build := func() *Skiplist {
		zsl := NewSkiplist(3)
		for i := range 10 {
			zsl.Insert(float64(i), strconv.Itoa(i))
		}
		return zsl
	}
	inf := math.Inf(1)
	scoreTests := []struct {
		r           ScoreRange
		first, last string // "" for none
		n           int
	}{
		{ScoreRange{Min: 2, Max: 4}, "2", "4", 3},
		{ScoreRange{Min: 2, Max: 4, MinEx: true, MaxEx: true}, "3", "3", 1},
		{ScoreRange{Min: -inf, Max: inf}, "0", "9", 10},
		{ScoreRange{Min: 2.5, Max: 2.7}, "", "", 0},
		{ScoreRange{Min: 4, Max: 2}, "", "", 0},
		{ScoreRange{Min: 3, Max: 3}, "3", "3", 1},
		{ScoreRange{Min: 3, Max: 3, MinEx: true}, "", "", 0},
		{ScoreRange{Min: 9, Max: inf, MinEx: true}, "", "", 0},
		{ScoreRange{Min: -inf, Max: 0, MaxEx: true}, "", "", 0},
		{ScoreRange{Min: 8.5, Max: 100}, "9", "9", 1},
	}
	name := func(n *SkiplistNode) string {
		if n == nil {
			return ""
		}
		return n.Member()
	}
	for _, tc := range scoreTests {
		t.Run(fmt.Sprintf("score %+v", tc.r), func(t *testing.T) {
			zsl := build()
			if got := name(zsl.FirstInScoreRange(tc.r)); got != tc.first {
				t.Fatalf("first %q, want %q", got, tc.first)
			}
			if got := name(zsl.LastInScoreRange(tc.r)); got != tc.last {
				t.Fatalf("last %q, want %q", got, tc.last)
			}
			var removed []string
			if n := zsl.DeleteRangeByScore(tc.r, func(m string) { removed = append(removed, m) }); n != tc.n || len(removed) != n {
				t.Fatalf("deleted %d (%q), want %d", n, removed, tc.n)
			}
			if zsl.Len() != 10-tc.n {
				t.Fatal("Len after delete")
			}
			if err := zsl.check(); err != nil {
				t.Fatal(err)
			}
		})
	}
	lex := func(min, max string) LexRange {
		r, ok := ParseLexRange([]byte(min), []byte(max))
		if !ok {
			t.Fatalf("ParseLexRange(%q, %q)", min, max)
		}
		return r
	}
	lexTests := []struct {
		min, max    string
		first, last string
		n           int
	}{
		{"-", "+", "a", "e", 5},
		{"+", "-", "", "", 0},
		{"-", "-", "", "", 0},
		{"+", "+", "", "", 0},
		{"[b", "[d", "b", "d", 3},
		{"(b", "(d", "c", "c", 1},
		{"[b", "(b", "", "", 0},
		{"[b", "[b", "b", "b", 1},
		{"(bb", "+", "c", "e", 3},
		{"-", "(a", "", "", 0},
		{"[", "[a", "a", "a", 1},
		{"(e", "+", "", "", 0},
		{"[d", "[b", "", "", 0},
	}
	for _, tc := range lexTests {
		t.Run("lex "+tc.min+" "+tc.max, func(t *testing.T) {
			zsl := NewSkiplist(5)
			for _, m := range []string{"e", "a", "c", "b", "d"} {
				zsl.Insert(0, m)
			}
			r := lex(tc.min, tc.max)
			if got := name(zsl.FirstInLexRange(r)); got != tc.first {
				t.Fatalf("first %q, want %q", got, tc.first)
			}
			if got := name(zsl.LastInLexRange(r)); got != tc.last {
				t.Fatalf("last %q, want %q", got, tc.last)
			}
			if n := zsl.DeleteRangeByLex(r, nil); n != tc.n {
				t.Fatalf("deleted %d, want %d", n, tc.n)
			}
			if err := zsl.check(); err != nil {
				t.Fatal(err)
			}
		})
	}
	rankTests := []struct{ start, end, n int }{
		{1, 10, 10}, {1, 1, 1}, {10, 10, 1}, {3, 5, 3}, {5, 3, 0}, {9, 20, 2}, {11, 12, 0},
	}
	for _, tc := range rankTests {
		t.Run(fmt.Sprintf("rank %d..%d", tc.start, tc.end), func(t *testing.T) {
			zsl := build()
			var removed []string
			n := zsl.DeleteRangeByRank(tc.start, tc.end, func(m string) { removed = append(removed, m) })
			if n != tc.n || len(removed) != n {
				t.Fatalf("deleted %d, want %d", n, tc.n)
			}
			for i, m := range removed {
				if m != strconv.Itoa(tc.start-1+i) {
					t.Fatalf("removed %q", removed)
				}
			}
			if err := zsl.check(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestParseScoreRange(t *testing.T) {
	inf := math.Inf(1)
	// Cases marked * were checked against redis-server 7.0.15 ZRANGEBYSCORE.
	tests := []struct {
		min, max string
		ok       bool
		want     ScoreRange
	}{
		{"1", "2", true, ScoreRange{Min: 1, Max: 2}},
		{"(1.5", "(2.5", true, ScoreRange{Min: 1.5, Max: 2.5, MinEx: true, MaxEx: true}},
		{"-inf", "+inf", true, ScoreRange{Min: -inf, Max: inf}},
		{"inf", "INF", true, ScoreRange{Min: inf, Max: inf}},
		{"infinity", "-Infinity", true, ScoreRange{Min: inf, Max: -inf}},                   // *
		{"(-inf", "(inf", true, ScoreRange{Min: -inf, Max: inf, MinEx: true, MaxEx: true}}, // *
		{"", "", true, ScoreRange{}},                                                       // * strtod("") is 0
		{"(", "0", true, ScoreRange{MinEx: true}},                                          // *
		{" 1", "\t\n\v\f\r2", true, ScoreRange{Min: 1, Max: 2}},                            // * leading space
		{"1 ", "2", false, ScoreRange{}},                                                   // * trailing space
		{"0x10", "0x1p4", true, ScoreRange{Min: 16, Max: 16}},                              // *
		{"0x.8p1", "0X1.8", true, ScoreRange{Min: 1, Max: 1.5}},                            // *
		{"0x", "1", false, ScoreRange{}},                                                   // *
		{"1e400", "-1e400", true, ScoreRange{Min: inf, Max: -inf}},                         // * overflow is ±inf
		{"1e-400", "4.9e-324", true, ScoreRange{Min: 0, Max: 5e-324}},
		{"1.", ".5", true, ScoreRange{Min: 1, Max: 0.5}}, // *
		{".", "1", false, ScoreRange{}},                  // *
		{"1e", "2", false, ScoreRange{}},                 // *
		{"1e+", "2", false, ScoreRange{}},                // *
		{"1E+2", "-2.5e-1", true, ScoreRange{Min: 100, Max: -0.25}},
		{"-", "5", false, ScoreRange{}}, // *
		{"+", "5", false, ScoreRange{}},
		{"nan", "1", false, ScoreRange{}},                       // *
		{"1", "(nan", false, ScoreRange{}},                      // *
		{"nan(abc)", "1", false, ScoreRange{}},                  // *
		{"infinit", "1", false, ScoreRange{}},                   // *
		{"1_0", "1", false, ScoreRange{}},                       // *
		{"1\x00abc", "100", true, ScoreRange{Min: 1, Max: 100}}, // * C string ends at NUL
		{"((1", "2", false, ScoreRange{}},
		{"1", "abc", false, ScoreRange{}},
		{"-0", "+0", true, ScoreRange{Min: math.Copysign(0, -1), Max: 0}}, // *
	}
	for _, tc := range tests {
		t.Run(strconv.Quote(tc.min)+" "+strconv.Quote(tc.max), func(t *testing.T) {
			got, ok := ParseScoreRange([]byte(tc.min), []byte(tc.max))
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if got != tc.want || math.Signbit(got.Min) != math.Signbit(tc.want.Min) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestParseLexRange(t *testing.T) {
	// Cases marked * were checked against redis-server 7.0.15 ZRANGEBYLEX.
	tests := []struct {
		min, max string
		ok       bool
		want     LexRange
	}{
		{"-", "+", true, LexRange{MinEx: true, MaxEx: true, MinInf: -1, MaxInf: 1}}, // *
		{"+", "-", true, LexRange{MinEx: true, MaxEx: true, MinInf: 1, MaxInf: -1}}, // *
		{"[a", "(c", true, LexRange{Min: []byte("a"), Max: []byte("c"), MaxEx: true}},
		{"[", "(", true, LexRange{Min: []byte{}, Max: []byte{}, MaxEx: true}},                    // *
		{"-\x00junk", "+\x00x", true, LexRange{MinEx: true, MaxEx: true, MinInf: -1, MaxInf: 1}}, // *
		{"a", "c", false, LexRange{}},  // *
		{"", "+", false, LexRange{}},   // *
		{"+x", "+", false, LexRange{}}, // *
		{"-", "--", false, LexRange{}},
		{"[a", "c", false, LexRange{}},
		{"(a", "", false, LexRange{}},
	}
	for _, tc := range tests {
		t.Run(strconv.Quote(tc.min)+" "+strconv.Quote(tc.max), func(t *testing.T) {
			got, ok := ParseLexRange([]byte(tc.min), []byte(tc.max))
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if string(got.Min) != string(tc.want.Min) || string(got.Max) != string(tc.want.Max) ||
				got.MinEx != tc.want.MinEx || got.MaxEx != tc.want.MaxEx ||
				got.MinInf != tc.want.MinInf || got.MaxInf != tc.want.MaxInf {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestSkiplistLookupNoAlloc(t *testing.T) {
	zsl := NewSkiplist(9)
	for i := range 1000 {
		zsl.Insert(float64(i%100), strconv.Itoa(i))
	}
	sr := ScoreRange{Min: 10, Max: 20, MinEx: true}
	lr := LexRange{Min: []byte("3"), Max: []byte("5"), MaxEx: true}
	allocs := testing.AllocsPerRun(100, func() {
		_ = zsl.Rank(42, "542")
		_ = zsl.ByRank(500)
		_ = zsl.FirstInScoreRange(sr)
		_ = zsl.LastInScoreRange(sr)
		_ = zsl.FirstInLexRange(lr)
		_ = zsl.LastInLexRange(lr)
		_, _ = ParseScoreRange([]byte("(1.5"), []byte("+inf"))
		_, _ = ParseLexRange([]byte("[a"), []byte("+"))
	})
	if allocs != 0 {
		t.Fatalf("%v allocs per lookup", allocs)
	}
}

// Fuzz model: a sorted slice of (score, member), plus the member -> score
// map the caller of a Skiplist keeps.
type zslModelEntry struct {
	score  float64
	member string
}

func zslModelCmp(a, b zslModelEntry) int {
	if a.score != b.score {
		return cmp.Compare(a.score, b.score)
	}
	return cmp.Compare(a.member, b.member)
}

// FuzzSkiplist runs an op stream against Skiplist and a sorted-slice model,
// checking every result and, after every op, the structure (check). Input:
// data[0] is the PRNG seed; bit 0 of data[1] selects lex mode (every score 0,
// so lex ranges are meaningful); then 3-byte ops (op, a, b).
func FuzzSkiplist(f *testing.F) {
	f.Add([]byte{1, 0, 0, 1, 2, 0, 3, 4, 1, 1, 5, 4, 0, 0, 5, 2, 0, 6, 0x12, 0x07})
	f.Add([]byte{2, 1, 0, 1, 0, 0, 2, 0, 0, 3, 0, 7, 0x41, 0x05, 8, 0x01, 0x83, 9, 0, 0})
	f.Add([]byte{3, 0, 0, 1, 2, 0, 3, 4, 0, 5, 6, 0, 7, 8, 0, 9, 10, 8, 2, 3, 8, 0, 0x1e})
	fuzzScores := [16]float64{math.Inf(-1), -1e300, -2.5, -1, math.Copysign(0, -1), 0, 0.5, 1, 1.5, 2, 3, 3.5, 100, 1e300, math.Inf(1), 7}
	fuzzMembers := []string{"", "\x00", "a", "a\x00", "aa", "ab", "b", "ba", "bb", "c", "\xff", "\xff\xff", "m", "n", "z", "zz"}
	for i := 16; i < 64; i++ {
		fuzzMembers = append(fuzzMembers, "k"+strconv.Itoa(i))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		zsl := NewSkiplist(uint64(data[0]))
		lexMode := data[1]&1 == 1
		data = data[2:]
		var model []zslModelEntry
		scores := map[string]float64{}
		score := func(b byte) float64 {
			if lexMode {
				return 0
			}
			return fuzzScores[b&15]
		}
		find := func(s float64, m string) (int, bool) {
			return slices.BinarySearchFunc(model, zslModelEntry{s, m}, zslModelCmp)
		}
		node := func(n *SkiplistNode, i int, op string, arg any) {
			t.Helper()
			if i < 0 || i >= len(model) {
				if n != nil {
					t.Fatalf("%s(%+v): got (%v,%q), want nil", op, arg, n.Score(), n.Member())
				}
				return
			}
			if n == nil || n.Score() != model[i].score || n.Member() != model[i].member {
				t.Fatalf("%s(%+v): got %v, want %v", op, arg, n, model[i])
			}
		}
		scoreRange := func(a, b byte) ScoreRange {
			return ScoreRange{Min: fuzzScores[a&15], Max: fuzzScores[b&15], MinEx: a&0x10 != 0, MaxEx: b&0x10 != 0}
		}
		lexRange := func(a, b byte) LexRange {
			r := LexRange{Min: []byte(fuzzMembers[a&15]), Max: []byte(fuzzMembers[b&15]), MinEx: a&0x10 != 0, MaxEx: b&0x10 != 0}
			switch a >> 5 {
			case 0:
				r.MinInf, r.MinEx = -1, true
			case 1:
				r.MinInf, r.MinEx = 1, true
			}
			switch b >> 5 {
			case 0:
				r.MaxInf, r.MaxEx = 1, true
			case 1:
				r.MaxInf, r.MaxEx = -1, true
			}
			return r
		}
		firstLast := func(in func(zslModelEntry) bool) (int, int) {
			first, last := -1, -1
			for i, e := range model {
				if in(e) {
					if first < 0 {
						first = i
					}
					last = i
				}
			}
			return first, last
		}
		deleteModel := func(in func(i int, e zslModelEntry) bool) []string {
			var gone []string
			kept := model[:0]
			for i, e := range model {
				if in(i, e) {
					gone = append(gone, e.member)
					delete(scores, e.member)
				} else {
					kept = append(kept, e)
				}
			}
			model = kept
			return gone
		}
		for ; len(data) >= 3; data = data[3:] {
			op, a, b := data[0], data[1], data[2]
			m := fuzzMembers[a&63]
			cur, present := scores[m]
			switch op % 10 {
			case 0, 1: // ZADD: insert or update
				s := score(b)
				if !present {
					n := zsl.Insert(s, m)
					if n.Score() != s || n.Member() != m {
						t.Fatal("Insert returned wrong node")
					}
					i, _ := find(s, m)
					model = slices.Insert(model, i, zslModelEntry{s, m})
					scores[m] = s
					break
				}
				fallthrough
			case 2: // update score
				s := score(b)
				n := zsl.UpdateScore(cur, m, s)
				if !present {
					if n != nil {
						t.Fatal("UpdateScore of absent member")
					}
					break
				}
				i, _ := find(cur, m)
				model = slices.Delete(model, i, i+1)
				i, _ = find(s, m)
				model = slices.Insert(model, i, zslModelEntry{s, m})
				scores[m] = s
				node(n, i, "UpdateScore", m)
			case 3: // delete, by the right score or a probe score
				s := score(b)
				if present && b&0x80 != 0 {
					s = cur
				}
				want := present && cur == s
				if got := zsl.Delete(s, m); got != want {
					t.Fatalf("Delete(%v,%q) = %v, want %v", s, m, got, want)
				}
				if want {
					i, _ := find(cur, m)
					model = slices.Delete(model, i, i+1)
					delete(scores, m)
				}
			case 4: // rank
				s := score(b)
				if present && b&0x80 != 0 {
					s = cur
				}
				want := 0
				if i, ok := find(s, m); ok {
					want = i + 1
				}
				if got := zsl.Rank(s, m); got != want {
					t.Fatalf("Rank(%v,%q) = %d, want %d", s, m, got, want)
				}
			case 5: // by rank, including out of range
				r := int(a)%(len(model)+3) - 1
				node(zsl.ByRank(r), r-1, "ByRank", r)
			case 6: // score range queries
				r := scoreRange(a, b)
				first, last := firstLast(func(e zslModelEntry) bool { return r.Contains(e.score) })
				node(zsl.FirstInScoreRange(r), first, "FirstInScoreRange", r)
				node(zsl.LastInScoreRange(r), last, "LastInScoreRange", r)
			case 7: // lex range queries: defined only when all scores are equal
				r := lexRange(a, b)
				f, l := zsl.FirstInLexRange(r), zsl.LastInLexRange(r)
				if !lexMode {
					break
				}
				first, last := firstLast(func(e zslModelEntry) bool { return r.Contains(e.member) })
				node(f, first, "FirstInLexRange", r)
				node(l, last, "LastInLexRange", r)
			case 8: // range deletes
				var got, want []string
				collect := func(m string) { got = append(got, m) }
				switch b % 3 {
				case 0:
					r := scoreRange(a, b>>2)
					zsl.DeleteRangeByScore(r, collect)
					want = deleteModel(func(_ int, e zslModelEntry) bool { return r.Contains(e.score) })
				case 1:
					if !lexMode {
						continue
					}
					r := lexRange(a, b)
					zsl.DeleteRangeByLex(r, collect)
					want = deleteModel(func(_ int, e zslModelEntry) bool { return r.Contains(e.member) })
				case 2:
					start := int(a)%(len(model)+2) + 1
					end := start + int(b>>2)%4 - 1
					n := zsl.DeleteRangeByRank(start, end, nil)
					want = deleteModel(func(i int, _ zslModelEntry) bool { return i+1 >= start && i+1 <= end })
					if n != len(want) {
						t.Fatalf("DeleteRangeByRank(%d,%d) = %d, want %d", start, end, n, len(want))
					}
					got = want
				}
				if !slices.Equal(got, want) {
					t.Fatalf("range delete removed %q, want %q", got, want)
				}
			case 9: // full walk both ways
				i := 0
				for x := zsl.First(); x != nil; x = x.Next() {
					node(x, i, "walk", i)
					i++
				}
				for x := zsl.Last(); x != nil; x = x.Prev() {
					i--
					node(x, i, "reverse walk", i)
				}
			}
			if zsl.Len() != len(model) {
				t.Fatalf("Len %d, want %d", zsl.Len(), len(model))
			}
			if op%10 <= 3 || op%10 == 8 { // mutated
				if err := zsl.check(); err != nil {
					t.Fatal(err)
				}
			}
		}
		for i := range model {
			node(zsl.ByRank(i+1), i, "final ByRank", i+1)
			if zsl.Rank(model[i].score, model[i].member) != i+1 {
				t.Fatal("final Rank")
			}
		}
	})
}

func benchSkiplistMembers(n int) []string {
	ms := make([]string, n)
	for i := range ms {
		ms[i] = "member:" + strconv.Itoa(i)
	}
	return ms
}

// BenchmarkSkiplistInsert1M builds a 1M-element skiplist with random scores
// per iteration; ns/insert is the mean over the build.
func BenchmarkSkiplistInsert1M(b *testing.B) {
	const n = 1 << 20
	ms := benchSkiplistMembers(n)
	r := rand.New(rand.NewPCG(1, 2))
	scores := make([]float64, n)
	for i := range scores {
		scores[i] = float64(r.IntN(1 << 30))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		zsl := NewSkiplist(1)
		for i := range n {
			zsl.Insert(scores[i], ms[i])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/insert")
}

// BenchmarkSkiplistRank1M looks up random elements' ranks in a 1M list.
func BenchmarkSkiplistRank1M(b *testing.B) {
	const n = 1 << 20
	ms := benchSkiplistMembers(n)
	r := rand.New(rand.NewPCG(1, 2))
	scores := make([]float64, n)
	zsl := NewSkiplist(1)
	for i := range n {
		scores[i] = float64(r.IntN(1 << 30))
		zsl.Insert(scores[i], ms[i])
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		j := int(uint32(i) * 2654435761 % n)
		if zsl.Rank(scores[j], ms[j]) == 0 {
			b.Fatal("missing")
		}
		i++
	}
}

// BenchmarkSkiplistByRank1M looks up random ranks in a 1M list.
func BenchmarkSkiplistByRank1M(b *testing.B) {
	const n = 1 << 20
	ms := benchSkiplistMembers(n)
	zsl := NewSkiplist(1)
	for i := range n {
		zsl.Insert(float64(i), ms[i])
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if zsl.ByRank(int(uint32(i)*2654435761%n)+1) == nil {
			b.Fatal("missing")
		}
		i++
	}
}
