package ds

import (
	"bytes"
	"math"
	"math/bits"
	"strconv"
	"unsafe"
)

// Skiplist layout (Redis's zskiplist, t_zset.c). Nodes are ordered by
// (score, member), members compared bytewise (memcmp, as sdscmp). Each node
// has 1..32 levels; level i links to the next node having more than i levels,
// and its span counts the level-0 steps that link skips, so summing spans
// along a search path gives a node's 1-based rank. Level 0 also has backward
// links. The header is a node with no member and all 32 levels; a nil
// forward link's span is the number of nodes after its node (Len-rank).
//
//	level
//	  2   header ----------------------------------(3)--> C -----(2)--> nil
//	  1   header ----(1)--> A ---------------(2)--------> C -----(2)--> nil
//	  0   header ----(1)--> A ----(1)--> B ----(1)------> C -(1)-> D -(1)-> nil
//	                 nil <- A <-------- B <-------------- C <---- D      (backward)
//	                      (1,"a")     (1,"b")           (2,"a")  (5,"x")
//
// Ranks: A=1 B=2 C=3 D=4. zsl.level is the highest level in use (3 above);
// header levels at or above it are unused. A node's level is 1 + the number
// of successive 1-in-4 successes (p = 0.25), capped at 32, drawn from a
// per-skiplist PRNG.
const (
	skiplistMaxLevel = 32 // ZSKIPLIST_MAXLEVEL
)

// skiplistLevel is one forward link of a node (zskiplistLevel), plus the
// forward node's score rounded to float32. A search compares against the
// forward node at every step but moves to it only about half the time;
// the rounded score decides most comparisons (rounding is monotonic, so
// fscore < float32(s) means score < s) without touching the forward node,
// a cache miss in a big skiplist. The span is 32 bits, so the link stays
// 16 bytes: a skiplist holds fewer than 2^32 nodes.
type skiplistLevel struct {
	forward *SkiplistNode
	span    uint32
	fscore  float32 // float32(forward.score) when forward != nil
}

// before reports whether l's forward node exists and sorts before (score,
// member); s32 is float32(score).
func (l *skiplistLevel) before(score float64, s32 float32, member string) bool {
	if l.forward == nil {
		return false
	}
	if l.fscore != s32 {
		return l.fscore < s32
	}
	return l.forward.less(score, member)
}

// SkiplistNode is one element of a Skiplist. Nodes are owned by their
// Skiplist; a node removed from it (by Delete, UpdateScore's reinsertion or
// a range delete) must no longer be used.
//
// As Redis's zskiplistNode, a node's levels follow it in the same
// allocation (a flexible array): the 32-byte header below, then nlevel
// skiplistLevel entries of 16 bytes. The member is kept as pointer and
// 32-bit length (a string header would take 8 more bytes). A one-level
// node is 48 bytes and a two-level one 64: most nodes hold the score and
// levels 0 and 1, which is what a search reads, in one cache line.
//
//	+-------+----------+--------+------+--------+---------------------+---
//	| score | backward | member | mlen | nlevel | level[0]            | level[1] ...
//	|       |          | bytes  |      |        | fwd | span | fscore |
//	+-------+----------+--------+------+--------+-----+------+--------+---
//	0       8          16       24     28       32    40     44       48

type SkiplistNode struct {
	score    float64
	backward *SkiplistNode
	mp       *byte  // the member's bytes
	mlen     uint32 // the member's length (members are < 4 GiB)
	nlevel   int32
}

const (
	skiplistNodeSize  = unsafe.Sizeof(SkiplistNode{})
	skiplistLevelSize = unsafe.Sizeof(skiplistLevel{})
)

// lv returns the node's level i (i < nlevel), stored right after the node
// in the same allocation (see newSkiplistNode).
func (n *SkiplistNode) lv(i int) *skiplistLevel {
	return (*skiplistLevel)(unsafe.Add(unsafe.Pointer(n), skiplistNodeSize+uintptr(i)*skiplistLevelSize))
}

// Member returns the node's member.
func (n *SkiplistNode) Member() string { return unsafe.String(n.mp, n.mlen) }

// Score returns the node's score.
func (n *SkiplistNode) Score() float64 { return n.score }

// Next returns the following node in (score, member) order, or nil.
func (n *SkiplistNode) Next() *SkiplistNode { return n.lv(0).forward }

// Prev returns the preceding node, or nil.
func (n *SkiplistNode) Prev() *SkiplistNode { return n.backward }

// A node and its levels are one typed allocation (so the collector sees
// the forward pointers): the smallest of these shapes that fits.
type (
	skiplistNode1 struct {
		n SkiplistNode
		//lint:ignore U1000 reached through SkiplistNode.lv, by address
		lv [1]skiplistLevel
	}
	skiplistNode2 struct {
		n SkiplistNode
		//lint:ignore U1000 reached through SkiplistNode.lv, by address
		lv [2]skiplistLevel
	}
	skiplistNode3 struct {
		n SkiplistNode
		//lint:ignore U1000 reached through SkiplistNode.lv, by address
		lv [3]skiplistLevel
	}
	skiplistNode4 struct {
		n SkiplistNode
		//lint:ignore U1000 reached through SkiplistNode.lv, by address
		lv [4]skiplistLevel
	}
	skiplistNode8 struct {
		n SkiplistNode
		//lint:ignore U1000 reached through SkiplistNode.lv, by address
		lv [8]skiplistLevel
	}
	skiplistNode32 struct {
		n SkiplistNode
		//lint:ignore U1000 reached through SkiplistNode.lv, by address
		lv [skiplistMaxLevel]skiplistLevel
	}
)

func newSkiplistNode(level int, score float64, member string) *SkiplistNode {
	var n *SkiplistNode
	switch {
	case level == 1:
		n = &new(skiplistNode1).n
	case level == 2:
		n = &new(skiplistNode2).n
	case level == 3:
		n = &new(skiplistNode3).n
	case level == 4:
		n = &new(skiplistNode4).n
	case level <= 8:
		n = &new(skiplistNode8).n
	default:
		n = &new(skiplistNode32).n
	}
	if uint64(len(member)) > math.MaxUint32 {
		panic("ds: sorted set member of 4 GiB or more")
	}
	n.nlevel = int32(level)
	n.score, n.mp, n.mlen = score, unsafe.StringData(member), uint32(len(member))
	return n
}

// Skiplist is Redis's zskiplist: the ordered half of a sorted set, with
// O(log n) insert, delete, rank and rank lookup. It owns its nodes; members
// are stored as given (the caller hands over a string it won't mutate, which
// in Go is any string). It does not index members: the caller keeps the
// member->score dict, as Redis's zset does, and guarantees members are unique
// and scores are never NaN.
//
// A Skiplist is not safe for concurrent use.
type Skiplist struct {
	header *SkiplistNode
	tail   *SkiplistNode
	length int
	level  int    // levels in use, 1..32
	rng    uint64 // splitmix64 state for random levels
}

// NewSkiplist returns an empty skiplist whose node levels are drawn from a
// PRNG seeded with seed (so a given seed and operation sequence always
// builds the same shape).
func NewSkiplist(seed uint64) *Skiplist {
	return &Skiplist{
		header: newSkiplistNode(skiplistMaxLevel, 0, ""),
		level:  1,
		rng:    seed,
	}
}

// Len returns the number of elements.
func (zsl *Skiplist) Len() int { return zsl.length }

// First returns the lowest node, or nil if empty.
func (zsl *Skiplist) First() *SkiplistNode { return zsl.header.lv(0).forward }

// Last returns the highest node, or nil if empty.
func (zsl *Skiplist) Last() *SkiplistNode { return zsl.tail }

// randomLevel returns 1 + the number of successive 1-in-4 successes, capped
// at 32 (zslRandomLevel). Each 2-bit group of one 64-bit draw is one trial:
// trailing zero bits / 2 counts the leading successes, and 32 groups cover
// the cap exactly.
func (zsl *Skiplist) randomLevel() int {
	zsl.rng += 0x9e3779b97f4a7c15 // splitmix64
	z := zsl.rng
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	z ^= z >> 31
	return min(1+bits.TrailingZeros64(z)/2, skiplistMaxLevel)
}

// less reports whether node x sorts before (score, member).
func (x *SkiplistNode) less(score float64, member string) bool {
	return x.score < score || (x.score == score && x.Member() < member)
}

// Insert adds a new node and returns it (zslInsert). The caller guarantees
// member is not already present and score is not NaN.
func (zsl *Skiplist) Insert(score float64, member string) *SkiplistNode {
	return zsl.insertNode(newSkiplistNode(zsl.randomLevel(), score, member))
}

// insertNode links x (its score, member and level already set) into place.
func (zsl *Skiplist) insertNode(x *SkiplistNode) *SkiplistNode {
	var update [skiplistMaxLevel]*SkiplistNode
	var rank [skiplistMaxLevel]int
	if zsl.length >= math.MaxUint32 {
		panic("ds: skiplist of 2^32 nodes")
	}
	h := zsl.header
	member, s32 := x.Member(), float32(x.score)
	for i := zsl.level - 1; i >= 0; i-- {
		if i != zsl.level-1 {
			rank[i] = rank[i+1]
		}
		for h.lv(i).before(x.score, s32, member) {
			rank[i] += int(h.lv(i).span)
			h = h.lv(i).forward
		}
		update[i] = h
	}
	level := int(x.nlevel)
	if level > zsl.level {
		for i := zsl.level; i < level; i++ {
			rank[i] = 0
			update[i] = zsl.header
			update[i].lv(i).span = uint32(zsl.length)
		}
		zsl.level = level
	}
	for i := range level {
		ul, xl := update[i].lv(i), x.lv(i)
		xl.forward, xl.fscore = ul.forward, ul.fscore
		ul.forward, ul.fscore = x, float32(x.score)
		xl.span = ul.span - uint32(rank[0]-rank[i])
		ul.span = uint32(rank[0]-rank[i]) + 1
	}
	for i := level; i < zsl.level; i++ {
		update[i].lv(i).span++
	}
	if update[0] != zsl.header {
		x.backward = update[0]
	} else {
		x.backward = nil
	}
	if x.lv(0).forward != nil {
		x.lv(0).forward.backward = x
	} else {
		zsl.tail = x
	}
	zsl.length++
	return x
}

// deleteNode unlinks x given its predecessors at every level (zslDeleteNode).
func (zsl *Skiplist) deleteNode(x *SkiplistNode, update *[skiplistMaxLevel]*SkiplistNode) {
	for i := range zsl.level {
		if ul := update[i].lv(i); ul.forward == x {
			xl := x.lv(i)
			ul.span += xl.span - 1
			ul.forward, ul.fscore = xl.forward, xl.fscore
		} else {
			update[i].lv(i).span--
		}
	}
	if x.lv(0).forward != nil {
		x.lv(0).forward.backward = x.backward
	} else {
		zsl.tail = x.backward
	}
	for zsl.level > 1 && zsl.header.lv(zsl.level-1).forward == nil {
		zsl.level--
	}
	zsl.length--
}

// findUpdate fills update with the last node before (score, member) at
// every level and returns the level-0 successor of update[0].
func (zsl *Skiplist) findUpdate(score float64, member string, update *[skiplistMaxLevel]*SkiplistNode) *SkiplistNode {
	x := zsl.header
	s32 := float32(score)
	for i := zsl.level - 1; i >= 0; i-- {
		for x.lv(i).before(score, s32, member) {
			x = x.lv(i).forward
		}
		update[i] = x
	}
	return x.lv(0).forward
}

// Delete removes the node with this score and member and reports whether it
// was found (zslDelete).
func (zsl *Skiplist) Delete(score float64, member string) bool {
	var update [skiplistMaxLevel]*SkiplistNode
	x := zsl.findUpdate(score, member, &update)
	if x == nil || x.score != score || x.Member() != member {
		return false
	}
	zsl.deleteNode(x, &update)
	return true
}

// UpdateScore changes the score of the node (curScore, member) to newScore
// and returns the node (zslUpdateScore). When the node stays between its
// neighbours it is updated in place; otherwise it is unlinked and relinked
// at its new position (the same node, keeping its level, where Redis 7.0
// allocates a new one). Returns nil, changing nothing, if (curScore, member)
// is not present (Redis asserts).
func (zsl *Skiplist) UpdateScore(curScore float64, member string, newScore float64) *SkiplistNode {
	var update [skiplistMaxLevel]*SkiplistNode
	x := zsl.findUpdate(curScore, member, &update)
	if x == nil || x.score != curScore || x.Member() != member {
		return nil
	}
	if (x.backward == nil || x.backward.score < newScore) &&
		(x.lv(0).forward == nil || x.lv(0).forward.score > newScore) {
		x.score = newScore
		for i := range int(x.nlevel) {
			update[i].lv(i).fscore = float32(newScore) // update[i] links to x
		}
		return x
	}
	zsl.deleteNode(x, &update)
	x.score = newScore
	x.backward = nil
	for i := range int(x.nlevel) {
		*x.lv(i) = skiplistLevel{}
	}
	return zsl.insertNode(x)
}

// Rank returns the 1-based rank of (score, member), or 0 if it is absent
// (zslGetRank).
func (zsl *Skiplist) Rank(score float64, member string) int {
	rank := 0
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for f := x.lv(i).forward; f != nil &&
			(f.score < score || (f.score == score && f.Member() <= member)); f = x.lv(i).forward {
			rank += int(x.lv(i).span)
			x = f
		}
		if x != zsl.header && x.score == score && x.Member() == member {
			return rank
		}
	}
	return 0
}

// ByRank returns the node at 1-based rank, or nil if rank is out of range
// (zslGetElementByRank).
func (zsl *Skiplist) ByRank(rank int) *SkiplistNode {
	if rank < 1 || rank > zsl.length {
		return nil
	}
	traversed := 0
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for x.lv(i).forward != nil && traversed+int(x.lv(i).span) <= rank {
			traversed += int(x.lv(i).span)
			x = x.lv(i).forward
		}
		if traversed == rank {
			return x
		}
	}
	return nil
}

// ScoreRange is a score interval, as Redis's zrangespec: Min and Max are
// inclusive unless MinEx / MaxEx. ±Inf are ordinary bounds; NaN is never
// valid (ParseScoreRange rejects it).
type ScoreRange struct {
	Min, Max     float64
	MinEx, MaxEx bool
}

func (r *ScoreRange) gteMin(v float64) bool {
	if r.MinEx {
		return v > r.Min
	}
	return v >= r.Min
}

func (r *ScoreRange) lteMax(v float64) bool {
	if r.MaxEx {
		return v < r.Max
	}
	return v <= r.Max
}

// Contains reports whether v lies in the range.
func (r ScoreRange) Contains(v float64) bool { return r.gteMin(v) && r.lteMax(v) }

// isInRange reports whether any node can be in r (zslIsInRange).
func (zsl *Skiplist) isInRange(r *ScoreRange) bool {
	if r.Min > r.Max || (r.Min == r.Max && (r.MinEx || r.MaxEx)) {
		return false
	}
	if zsl.tail == nil || !r.gteMin(zsl.tail.score) {
		return false
	}
	return r.lteMax(zsl.header.lv(0).forward.score)
}

// FirstInScoreRange returns the lowest node whose score is in r, or nil
// (zslFirstInRange).
func (zsl *Skiplist) FirstInScoreRange(r ScoreRange) *SkiplistNode {
	if !zsl.isInRange(&r) {
		return nil
	}
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for x.lv(i).forward != nil && !r.gteMin(x.lv(i).forward.score) {
			x = x.lv(i).forward
		}
	}
	x = x.lv(0).forward // non-nil: isInRange saw the tail >= min
	if !r.lteMax(x.score) {
		return nil
	}
	return x
}

// LastInScoreRange returns the highest node whose score is in r, or nil
// (zslLastInRange).
func (zsl *Skiplist) LastInScoreRange(r ScoreRange) *SkiplistNode {
	if !zsl.isInRange(&r) {
		return nil
	}
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for x.lv(i).forward != nil && r.lteMax(x.lv(i).forward.score) {
			x = x.lv(i).forward
		}
	}
	// non-header: isInRange saw the first node <= max
	if !r.gteMin(x.score) {
		return nil
	}
	return x
}

// LexRange is a member interval, as Redis's zlexrangespec. MinInf / MaxInf
// select an infinite bound instead of Min / Max: -1 is "-" (below every
// member), +1 is "+" (above every member), 0 means the bound is the finite
// Min / Max. MinEx / MaxEx make a finite bound exclusive. As in Redis, "-"
// and "+" parse with the exclusive flag set, which matters only when both
// bounds are the same infinity ("- -" and "+ +" are empty ranges). Members
// compare bytewise. The lex functions assume all nodes have the same score
// (ZRANGEBYLEX's precondition); otherwise their result is unspecified, as
// in Redis.
type LexRange struct {
	Min, Max       []byte
	MinEx, MaxEx   bool
	MinInf, MaxInf int
}

// lexCmp compares member (finite) with a bound (sdscmplex).
func lexCmp(member string, bound []byte, inf int) int {
	if inf < 0 {
		return 1
	}
	if inf > 0 {
		return -1
	}
	switch {
	case member < string(bound):
		return -1
	case member > string(bound):
		return 1
	}
	return 0
}

func (r *LexRange) gteMin(m string) bool {
	c := lexCmp(m, r.Min, r.MinInf)
	if r.MinEx {
		return c > 0
	}
	return c >= 0
}

func (r *LexRange) lteMax(m string) bool {
	c := lexCmp(m, r.Max, r.MaxInf)
	if r.MaxEx {
		return c < 0
	}
	return c <= 0
}

// Contains reports whether member lies in the range.
func (r LexRange) Contains(member string) bool { return r.gteMin(member) && r.lteMax(member) }

// empty reports whether min > max, or min == max with an exclusive end.
func (r *LexRange) empty() bool {
	var c int
	switch {
	case r.MinInf != 0 && r.MinInf == r.MaxInf:
		c = 0
	case r.MinInf < 0 || r.MaxInf > 0:
		c = -1
	case r.MinInf > 0 || r.MaxInf < 0:
		c = 1
	default:
		c = bytes.Compare(r.Min, r.Max)
	}
	return c > 0 || (c == 0 && (r.MinEx || r.MaxEx))
}

// isInLexRange reports whether any node can be in r (zslIsInLexRange).
func (zsl *Skiplist) isInLexRange(r *LexRange) bool {
	if r.empty() {
		return false
	}
	if zsl.tail == nil || !r.gteMin(zsl.tail.Member()) {
		return false
	}
	return r.lteMax(zsl.header.lv(0).forward.Member())
}

// FirstInLexRange returns the lowest node whose member is in r, or nil
// (zslFirstInLexRange).
func (zsl *Skiplist) FirstInLexRange(r LexRange) *SkiplistNode {
	if !zsl.isInLexRange(&r) {
		return nil
	}
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for x.lv(i).forward != nil && !r.gteMin(x.lv(i).forward.Member()) {
			x = x.lv(i).forward
		}
	}
	x = x.lv(0).forward
	if x == nil || !r.lteMax(x.Member()) {
		return nil
	}
	return x
}

// LastInLexRange returns the highest node whose member is in r, or nil
// (zslLastInLexRange).
func (zsl *Skiplist) LastInLexRange(r LexRange) *SkiplistNode {
	if !zsl.isInLexRange(&r) {
		return nil
	}
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for x.lv(i).forward != nil && r.lteMax(x.lv(i).forward.Member()) {
			x = x.lv(i).forward
		}
	}
	if x == zsl.header || !r.gteMin(x.Member()) {
		return nil
	}
	return x
}

// DeleteRangeByScore removes every node whose score is in r, calling fn (if
// non-nil) with each removed member after unlinking it, and returns the
// number removed (zslDeleteRangeByScore).
func (zsl *Skiplist) DeleteRangeByScore(r ScoreRange, fn func(member string)) int {
	var update [skiplistMaxLevel]*SkiplistNode
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for x.lv(i).forward != nil && !r.gteMin(x.lv(i).forward.score) {
			x = x.lv(i).forward
		}
		update[i] = x
	}
	x = x.lv(0).forward
	removed := 0
	for x != nil && r.lteMax(x.score) {
		next := x.lv(0).forward
		zsl.deleteNode(x, &update)
		if fn != nil {
			fn(x.Member())
		}
		removed++
		x = next
	}
	return removed
}

// DeleteRangeByLex removes every node whose member is in r, calling fn (if
// non-nil) with each removed member, and returns the number removed
// (zslDeleteRangeByLex).
func (zsl *Skiplist) DeleteRangeByLex(r LexRange, fn func(member string)) int {
	var update [skiplistMaxLevel]*SkiplistNode
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for x.lv(i).forward != nil && !r.gteMin(x.lv(i).forward.Member()) {
			x = x.lv(i).forward
		}
		update[i] = x
	}
	x = x.lv(0).forward
	removed := 0
	for x != nil && r.lteMax(x.Member()) {
		next := x.lv(0).forward
		zsl.deleteNode(x, &update)
		if fn != nil {
			fn(x.Member())
		}
		removed++
		x = next
	}
	return removed
}

// DeleteRangeByRank removes the nodes with 1-based ranks start..end
// inclusive (clamped to the list), calling fn (if non-nil) with each removed
// member, and returns the number removed (zslDeleteRangeByRank).
func (zsl *Skiplist) DeleteRangeByRank(start, end int, fn func(member string)) int {
	var update [skiplistMaxLevel]*SkiplistNode
	traversed := 0
	x := zsl.header
	for i := zsl.level - 1; i >= 0; i-- {
		for x.lv(i).forward != nil && traversed+int(x.lv(i).span) < start {
			traversed += int(x.lv(i).span)
			x = x.lv(i).forward
		}
		update[i] = x
	}
	traversed++
	x = x.lv(0).forward
	removed := 0
	for x != nil && traversed <= end {
		next := x.lv(0).forward
		zsl.deleteNode(x, &update)
		if fn != nil {
			fn(x.Member())
		}
		removed++
		traversed++
		x = next
	}
	return removed
}

// ParseScoreRange parses ZRANGEBYSCORE-style bounds (zslParseRange): each is
// a score as Redis's strtod reads it, optionally prefixed by '(' to make it
// exclusive. It reports false if a bound is not a number or is NaN.
func ParseScoreRange(min, max []byte) (ScoreRange, bool) {
	var r ScoreRange
	var ok bool
	if r.Min, r.MinEx, ok = parseScoreBound(min); !ok {
		return ScoreRange{}, false
	}
	if r.Max, r.MaxEx, ok = parseScoreBound(max); !ok {
		return ScoreRange{}, false
	}
	return r, true
}

func parseScoreBound(b []byte) (float64, bool, bool) {
	ex := len(b) > 0 && b[0] == '('
	if ex {
		b = b[1:]
	}
	v, n := strtod(b)
	// Redis checks eptr[0] != '\0': the C string ends at the first NUL, so
	// the parse must stop at the end or at a NUL byte.
	if (n < len(b) && b[n] != 0) || math.IsNaN(v) {
		return 0, false, false
	}
	return v, ex, true
}

// ParseLexRange parses ZRANGEBYLEX-style bounds (zslParseLexRange): "-" and
// "+" are the infinities, "[x" is x inclusive and "(x" is x exclusive;
// anything else, including the empty string, is invalid. Min and Max of the
// result alias min and max (no copy). As in Redis, which checks the byte
// after '-' / '+' against the C string terminator, "-" or "+" followed by a
// NUL byte and anything reads as "-" / "+".
func ParseLexRange(min, max []byte) (LexRange, bool) {
	var r LexRange
	var ok bool
	if r.Min, r.MinEx, r.MinInf, ok = parseLexBound(min); !ok {
		return LexRange{}, false
	}
	if r.Max, r.MaxEx, r.MaxInf, ok = parseLexBound(max); !ok {
		return LexRange{}, false
	}
	return r, true
}

func parseLexBound(b []byte) (bound []byte, ex bool, inf int, ok bool) {
	if len(b) == 0 {
		return nil, false, 0, false
	}
	switch b[0] {
	case '+', '-':
		if len(b) > 1 && b[1] != 0 {
			return nil, false, 0, false
		}
		if b[0] == '+' {
			return nil, true, 1, true
		}
		return nil, true, -1, true
	case '(':
		return b[1:], true, 0, true
	case '[':
		return b[1:], false, 0, true
	}
	return nil, false, 0, false
}

// strtod parses the longest prefix of b that C's strtod (glibc) accepts and
// returns its value and length; n is 0 when there is no number, as strtod
// setting endptr to the start. Accepted, after optional C-locale white space
// and sign: decimal (digits with optional '.', at least one digit, optional
// e[sign]digits), hexadecimal (0x, hex digits with optional '.', optional
// p[sign]digits), "inf", "infinity" and "nan", "nan(chars)", case-insensitive.
// Out-of-range values give ±Inf (or 0 / subnormal), as strtod does with
// ERANGE, which Redis does not check.
func strtod(b []byte) (float64, int) {
	i := 0
	for i < len(b) && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r')) {
		i++
	}
	neg := false
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = b[i] == '-'
		i++
	}
	sign := func(v float64) float64 {
		if neg {
			return -v
		}
		return v
	}
	start := i // first byte after the sign
	if hasPrefixFold(b[i:], "inf") {
		i += 3
		if hasPrefixFold(b[i:], "inity") {
			i += 5
		}
		return sign(math.Inf(1)), i
	}
	if hasPrefixFold(b[i:], "nan") {
		i += 3
		if i < len(b) && b[i] == '(' {
			j := i + 1
			for j < len(b) && (isAlnum(b[j]) || b[j] == '_') {
				j++
			}
			if j < len(b) && b[j] == ')' {
				i = j + 1
			}
		}
		return math.NaN(), i
	}
	if i+1 < len(b) && b[i] == '0' && (b[i+1] == 'x' || b[i+1] == 'X') {
		if end, ok := scanMantissa(b, i+2, isHex); ok {
			mantEnd := end
			end = scanExponent(b, end, 'p')
			var buf [64]byte
			s := append(buf[:0], b[start:end]...)
			if end == mantEnd {
				s = append(s, "p0"...) // strconv requires the exponent
			}
			return sign(parseFloatPrefix(s)), end
		}
		// "0x" without hex digits: strtod reads the "0".
		return sign(0), i + 1
	}
	end, ok := scanMantissa(b, i, isDigit)
	if !ok {
		return 0, 0
	}
	end = scanExponent(b, end, 'e')
	return sign(parseFloatPrefix(b[start:end])), end
}

// parseFloatPrefix converts an unsigned decimal or hex float that strtod's
// grammar accepted; strconv's grammar is a superset of it for these forms.
// strconv reports ±Inf with ErrRange on overflow, which is strtod's result.
func parseFloatPrefix(s []byte) float64 {
	v, _ := strconv.ParseFloat(string(s), 64)
	return v
}

// scanMantissa scans digits [. digits] from i, requiring at least one digit.
func scanMantissa(b []byte, i int, digit func(byte) bool) (int, bool) {
	n := 0
	for i < len(b) && digit(b[i]) {
		i++
		n++
	}
	if i < len(b) && b[i] == '.' {
		i++
		for i < len(b) && digit(b[i]) {
			i++
			n++
		}
	}
	return i, n > 0
}

// scanExponent consumes e[sign]digits (or p...) at i if complete.
func scanExponent(b []byte, i int, e byte) int {
	if i >= len(b) || (b[i]|0x20) != e {
		return i
	}
	j := i + 1
	if j < len(b) && (b[j] == '+' || b[j] == '-') {
		j++
	}
	k := j
	for k < len(b) && isDigit(b[k]) {
		k++
	}
	if k == j {
		return i
	}
	return k
}

func hasPrefixFold(b []byte, lower string) bool {
	if len(b) < len(lower) {
		return false
	}
	for i := range len(lower) {
		if b[i]|0x20 != lower[i] {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }
func isAlnum(c byte) bool { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'z') }
