package server

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strconv"

	"aeon/ds"
)

// Sorted sets (Redis 7.0's t_zset.c). A sorted set is a listpack of
// member, score pairs ordered by (score, member) while it is small, and a
// zsetIndex (dict member->score plus skiplist) once it has more than
// zset-max-listpack-entries members or a member longer than
// zset-max-listpack-value bytes. Every command works on both encodings
// with Redis's algorithm for each: linear walks on the (small) listpack,
// O(log n) searches and rank lookups on the skiplist.

// Error replies of the sorted set group.
const (
	zsetErrNotFloat   = "ERR value is not a valid float"
	zsetErrNaN        = "ERR resulting score is not a number (NaN)"
	zsetErrNXXX       = "ERR XX and NX options at the same time are not compatible"
	zsetErrGTLTNX     = "ERR GT, LT, and/or NX options at the same time are not compatible"
	zsetErrIncrPair   = "ERR INCR option supports a single increment-element pair"
	zsetErrMinMax     = "ERR min or max is not a float"
	zsetErrLexRange   = "ERR min or max not valid string range item"
	zsetErrLimitRank  = "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"
	zsetErrScoresLex  = "ERR syntax error, WITHSCORES not supported in combination with BYLEX"
	zsetErrPositive   = "ERR value is out of range, must be positive"
	zsetErrNumkeys    = "ERR numkeys should be greater than 0"
	zsetErrCount      = "ERR count should be greater than 0"
	zsetErrRandRange  = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"
	zsetErrRandScores = "ERR value is out of range"
)

// zsetCommands is the sorted set group.
func zsetCommands() []*Command {
	const g = "sorted-set"
	return []*Command{
		{Name: "zadd", Proc: zsetAddCommand, Arity: -4, Flags: FlagWrite | FlagDenyOOM | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "1.2.0", Summary: "Add one or more members to a sorted set, or update its score if it already exists", Complex: "O(log(N)) for each item added, where N is the number of elements in the sorted set."},
		{Name: "zincrby", Proc: zsetIncrbyCommand, Arity: 4, Flags: FlagWrite | FlagDenyOOM | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "1.2.0", Summary: "Increment the score of a member in a sorted set", Complex: "O(log(N)) where N is the number of elements in the sorted set."},
		{Name: "zrem", Proc: zsetRemCommand, Arity: -3, Flags: FlagWrite | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "1.2.0", Summary: "Remove one or more members from a sorted set", Complex: "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed."},
		{Name: "zcard", Proc: zsetCardCommand, Arity: 2, Flags: FlagReadonly | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "1.2.0", Summary: "Get the number of members in a sorted set", Complex: "O(1)"},
		{Name: "zscore", Proc: zsetScoreCommand, Arity: 3, Flags: FlagReadonly | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "1.2.0", Summary: "Get the score associated with the given member in a sorted set", Complex: "O(1)"},
		{Name: "zmscore", Proc: zsetMscoreCommand, Arity: -3, Flags: FlagReadonly | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "6.2.0", Summary: "Get the score associated with the given members in a sorted set", Complex: "O(N) where N is the number of members being requested."},
		{Name: "zrank", Proc: zsetRankCommand, Arity: 3, Flags: FlagReadonly | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "2.0.0", Summary: "Determine the index of a member in a sorted set", Complex: "O(log(N))"},
		{Name: "zrevrank", Proc: zsetRevrankCommand, Arity: 3, Flags: FlagReadonly | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "2.0.0", Summary: "Determine the index of a member in a sorted set, with scores ordered from high to low", Complex: "O(log(N))"},
		{Name: "zcount", Proc: zsetCountCommand, Arity: 4, Flags: FlagReadonly | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "2.0.0", Summary: "Count the members in a sorted set with scores within the given values", Complex: "O(log(N)) with N being the number of elements in the sorted set."},
		{Name: "zlexcount", Proc: zsetLexcountCommand, Arity: 4, Flags: FlagReadonly | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "2.8.9", Summary: "Count the number of members in a sorted set between a given lexicographical range", Complex: "O(log(N)) with N being the number of elements in the sorted set."},
		{Name: "zrange", Proc: zsetRangeCommand, Arity: -4, Flags: FlagReadonly, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "1.2.0", Summary: "Return a range of members in a sorted set", Complex: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned."},
		{Name: "zrangebyscore", Proc: zsetRangebyscoreCommand, Arity: -4, Flags: FlagReadonly, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "1.0.5", Summary: "Return a range of members in a sorted set, by score", Complex: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N))."},
		{Name: "zrevrangebyscore", Proc: zsetRevrangebyscoreCommand, Arity: -4, Flags: FlagReadonly, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "2.2.0", Summary: "Return a range of members in a sorted set, by score, with scores ordered from high to low", Complex: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N))."},
		{Name: "zrangebylex", Proc: zsetRangebylexCommand, Arity: -4, Flags: FlagReadonly, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "2.8.9", Summary: "Return a range of members in a sorted set, by lexicographical range", Complex: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N))."},
		{Name: "zrevrangebylex", Proc: zsetRevrangebylexCommand, Arity: -4, Flags: FlagReadonly, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "2.8.9", Summary: "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.", Complex: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N))."},
		{Name: "zrevrange", Proc: zsetRevrangeCommand, Arity: -4, Flags: FlagReadonly, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "1.2.0", Summary: "Return a range of members in a sorted set, by index, with scores ordered from high to low", Complex: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned."},
		{Name: "zremrangebyrank", Proc: zsetRemrangebyrankCommand, Arity: 4, Flags: FlagWrite, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "2.0.0", Summary: "Remove all members in a sorted set within the given indexes", Complex: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation."},
		{Name: "zremrangebyscore", Proc: zsetRemrangebyscoreCommand, Arity: 4, Flags: FlagWrite, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "1.2.0", Summary: "Remove all members in a sorted set within the given scores", Complex: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation."},
		{Name: "zremrangebylex", Proc: zsetRemrangebylexCommand, Arity: 4, Flags: FlagWrite, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "2.8.9", Summary: "Remove all members in a sorted set between the given lexicographical range", Complex: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation."},
		{Name: "zpopmin", Proc: zsetPopminCommand, Arity: -2, Flags: FlagWrite | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "5.0.0", Summary: "Remove and return members with the lowest scores in a sorted set", Complex: "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped."},
		{Name: "zpopmax", Proc: zsetPopmaxCommand, Arity: -2, Flags: FlagWrite | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "5.0.0", Summary: "Remove and return members with the highest scores in a sorted set", Complex: "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped."},
		{Name: "bzpopmin", Proc: zsetBpopminCommand, Arity: -3, Flags: FlagWrite | FlagNoscript | FlagBlocking | FlagFast, FirstKey: 1, LastKey: -2, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "5.0.0", Summary: "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available", Complex: "O(log(N)) with N being the number of elements in the sorted set."},
		{Name: "bzpopmax", Proc: zsetBpopmaxCommand, Arity: -3, Flags: FlagWrite | FlagNoscript | FlagBlocking | FlagFast, FirstKey: 1, LastKey: -2, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "5.0.0", Summary: "Remove and return the member with the highest score from one or more sorted sets, or block until one is available", Complex: "O(log(N)) with N being the number of elements in the sorted set."},
		{Name: "zmpop", Proc: zsetMpopCommand, Arity: -4, Flags: FlagWrite, FirstKey: 0, LastKey: 0, Step: 0, Cats: CatSortedSet,
			Group: g, Since: "7.0.0", Summary: "Remove and return members with scores in a sorted set", Complex: "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped."},
		{Name: "bzmpop", Proc: zsetBmpopCommand, Arity: -5, Flags: FlagWrite | FlagBlocking, FirstKey: 0, LastKey: 0, Step: 0, Cats: CatSortedSet,
			Group: g, Since: "7.0.0", Summary: "Remove and return members with scores in a sorted set or block until one is available", Complex: "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped."},
		{Name: "zrandmember", Proc: zsetRandmemberCommand, Arity: -2, Flags: FlagReadonly, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "6.2.0", Summary: "Get one or multiple random elements from a sorted set", Complex: "O(N) where N is the number of elements returned"},
		{Name: "zscan", Proc: zsetScanCommand, Arity: -3, Flags: FlagReadonly, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "2.8.0", Summary: "Incrementally iterate sorted sets elements and associated scores", Complex: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.."},
		{Name: "zunion", Proc: zsetUnionCommand, Arity: -3, Flags: FlagReadonly, FirstKey: 0, LastKey: 0, Step: 0, Cats: CatSortedSet,
			Group: g, Since: "6.2.0", Summary: "Add multiple sorted sets", Complex: "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set."},
		{Name: "zinter", Proc: zsetInterCommand, Arity: -3, Flags: FlagReadonly, FirstKey: 0, LastKey: 0, Step: 0, Cats: CatSortedSet,
			Group: g, Since: "6.2.0", Summary: "Intersect multiple sorted sets", Complex: "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set."},
		{Name: "zdiff", Proc: zsetDiffCommand, Arity: -3, Flags: FlagReadonly, FirstKey: 0, LastKey: 0, Step: 0, Cats: CatSortedSet,
			Group: g, Since: "6.2.0", Summary: "Subtract multiple sorted sets", Complex: "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set."},
		{Name: "zunionstore", Proc: zsetUnionstoreCommand, Arity: -4, Flags: FlagWrite | FlagDenyOOM, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "2.0.0", Summary: "Add multiple sorted sets and store the resulting sorted set in a new key", Complex: "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set."},
		{Name: "zinterstore", Proc: zsetInterstoreCommand, Arity: -4, Flags: FlagWrite | FlagDenyOOM, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "2.0.0", Summary: "Intersect multiple sorted sets and store the resulting sorted set in a new key", Complex: "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set."},
		{Name: "zdiffstore", Proc: zsetDiffstoreCommand, Arity: -4, Flags: FlagWrite | FlagDenyOOM, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "6.2.0", Summary: "Subtract multiple sorted sets and store the resulting sorted set in a new key", Complex: "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set."},
		{Name: "zintercard", Proc: zsetIntercardCommand, Arity: -3, Flags: FlagReadonly, FirstKey: 0, LastKey: 0, Step: 0, Cats: CatSortedSet,
			Group: g, Since: "7.0.0", Summary: "Intersect multiple sorted sets and return the cardinality of the result", Complex: "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets."},
		{Name: "zrangestore", Proc: zsetRangestoreCommand, Arity: -5, Flags: FlagWrite | FlagDenyOOM, FirstKey: 1, LastKey: 2, Step: 1, Cats: CatSortedSet,
			Group: g, Since: "6.2.0", Summary: "Store a range of members from sorted set into another key", Complex: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key."},
	}
}

// --- parsing -----------------------------------------------------------------

// parseDigitsScore is zsetParseDouble's fast path: an optional sign and 1
// to 15 decimal digits, leading zeros allowed (redis-benchmark sends
// "000000123456"), is exactly the double strtod reads from it, since every
// such value is below 2^53; "-0" is -0.
func parseDigitsScore(b []byte) (float64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 15 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		return -float64(v), true
	}
	return float64(v), true
}

// zsetParseDouble parses a score as Redis's getDoubleFromObject: the whole
// argument must be a number as strtod reads it (decimal, hex, inf,
// infinity), with no leading space, not NaN, and not overflowing to ±inf or
// underflowing to 0 (ERANGE).
func zsetParseDouble(b []byte) (float64, bool) {
	if v, ok := parseDigitsScore(b); ok {
		return v, true
	}
	if len(b) == 0 || b[0] == '(' || zsetIsSpace(b[0]) || bytes.IndexByte(b, 0) >= 0 {
		return 0, false
	}
	r, ok := ds.ParseScoreRange(b, b)
	if !ok {
		return 0, false
	}
	v := r.Min
	if math.IsInf(v, 0) && !bytes.ContainsAny(b, "nN") {
		return 0, false // overflow, not a literal "inf"
	}
	if v == 0 && zsetMantissaNonZero(b) {
		return 0, false // underflow
	}
	return v, true
}

func zsetIsSpace(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') }

// zsetMantissaNonZero reports whether a number's mantissa has a non-zero
// digit (so that a zero result is an underflow).
func zsetMantissaNonZero(b []byte) bool {
	i := 0
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		i++
	}
	hex := i+1 < len(b) && b[i] == '0' && (b[i+1]|0x20) == 'x'
	if hex {
		i += 2
	}
	for ; i < len(b); i++ {
		ch := b[i]
		switch {
		case ch == '.' || ch == '0':
		case ch >= '1' && ch <= '9':
			return true
		case hex && (ch|0x20) >= 'a' && (ch|0x20) <= 'f':
			return true
		default:
			return false
		}
	}
	return false
}

func zsetGteMin(r *ds.ScoreRange, v float64) bool {
	if r.MinEx {
		return v > r.Min
	}
	return v >= r.Min
}

func zsetLteMax(r *ds.ScoreRange, v float64) bool {
	if r.MaxEx {
		return v < r.Max
	}
	return v <= r.Max
}

func zsetLexGteMin(r *ds.LexRange, m []byte) bool {
	switch r.MinInf {
	case -1:
		return true
	case 1:
		return false
	}
	c := bytes.Compare(m, r.Min)
	if r.MinEx {
		return c > 0
	}
	return c >= 0
}

func zsetLexLteMax(r *ds.LexRange, m []byte) bool {
	switch r.MaxInf {
	case 1:
		return true
	case -1:
		return false
	}
	c := bytes.Compare(m, r.Max)
	if r.MaxEx {
		return c < 0
	}
	return c <= 0
}

// --- the type: shared by both encodings ---------------------------------------

// zsetLen returns the number of members.
func zsetLen(o *Object) int {
	if o.enc == EncListpack {
		return o.listpack().Len() / 2
	}
	return o.zsetIndex().zsl.Len()
}

// zsetLpFind returns the position of member in a zset listpack, or -1.
func zsetLpFind(lp *ds.Listpack, member []byte) int {
	p := lp.First()
	if p < 0 {
		return -1
	}
	return lp.Find(p, member, 1)
}

// zsetScore returns member's score.
func zsetScore(o *Object, member []byte) (float64, bool) {
	if o.enc == EncListpack {
		lp := o.listpack()
		p := zsetLpFind(lp, member)
		if p < 0 {
			return 0, false
		}
		return zzlScore(lp, lp.Next(p), nil), true
	}
	e := o.zsetIndex().dict.Find(member)
	if e == nil {
		return 0, false
	}
	return e.Val, true
}

// zsetLpInsert inserts a member known to be absent at its place (zzlInsert).
func zsetLpInsert(lp *ds.Listpack, member []byte, score float64) {
	var sb [32]byte
	sbuf := d2string(sb[:0], score)
	var mb [24]byte
	for p := lp.First(); p >= 0; {
		sp := lp.Next(p)
		s := zzlScore(lp, sp, nil)
		if s > score || (s == score && bytes.Compare(lp.GetBytes(p, mb[:0]), member) > 0) {
			p = lp.Insert(p, member, false)
			lp.Insert(p, sbuf, true)
			return
		}
		p = lp.Next(sp)
	}
	lp.Append(member)
	lp.Append(sbuf)
}

// ZADD input flags and zsetObjAdd's result flags (ZADD_IN_*, ZADD_OUT_*).
const (
	zsetInNX = 1 << iota
	zsetInXX
	zsetInGT
	zsetInLT
	zsetInIncr
)

const (
	zsetOutAdded = 1 << iota
	zsetOutUpdated
	zsetOutNop
	zsetOutNaN
)

// zsetObjAdd adds or updates member in o as Redis's zsetAdd, converting a
// listpack to a skiplist when the new member makes it too big. It returns
// the zsetOut* flags and the member's resulting score (valid unless Nop or
// NaN). With zsetOutNaN nothing changed.
func (s *Server) zsetObjAdd(o *Object, score float64, member []byte, in int) (int, float64) {
	nx, xx := in&zsetInNX != 0, in&zsetInXX != 0
	gt, lt, incr := in&zsetInGT != 0, in&zsetInLT != 0, in&zsetInIncr != 0
	if math.IsNaN(score) {
		return zsetOutNaN, 0
	}
	if o.enc == EncListpack {
		lp := o.listpack()
		if p := zsetLpFind(lp, member); p >= 0 {
			if nx {
				return zsetOutNop, 0
			}
			cur := zzlScore(lp, lp.Next(p), nil)
			if incr {
				score += cur
				if math.IsNaN(score) {
					return zsetOutNaN, 0
				}
			}
			if (lt && score >= cur) || (gt && score <= cur) {
				return zsetOutNop, 0
			}
			if score == cur {
				return 0, score
			}
			p = lp.Delete(p)
			lp.Delete(p)
			zsetLpInsert(lp, member, score)
			return zsetOutUpdated, score
		}
		if xx {
			return zsetOutNop, 0
		}
		if int64(lp.Len()/2+1) <= s.cfg.ZsetMaxListpackEntries && int64(len(member)) <= s.cfg.ZsetMaxListpackValue {
			zsetLpInsert(lp, member, score)
			return zsetOutAdded, score
		}
		zsetConvertToSkiplist(o)
	}
	zi := o.zsetIndex()
	if e := zi.dict.Find(member); e != nil {
		if nx {
			return zsetOutNop, 0
		}
		cur := e.Val
		if incr {
			score += cur
			if math.IsNaN(score) {
				return zsetOutNaN, 0
			}
		}
		if (lt && score >= cur) || (gt && score <= cur) {
			return zsetOutNop, 0
		}
		if score == cur {
			return 0, score
		}
		zi.zsl.UpdateScore(cur, e.Key(), score)
		e.Val = score
		return zsetOutUpdated, score
	}
	if xx {
		return zsetOutNop, 0
	}
	m := string(member)
	zi.dict.Insert(m, score)
	zi.zsl.Insert(score, m)
	return zsetOutAdded, score
}

// zsetDelete removes member and reports whether it was there.
func zsetDelete(o *Object, member []byte) bool {
	if o.enc == EncListpack {
		lp := o.listpack()
		p := zsetLpFind(lp, member)
		if p < 0 {
			return false
		}
		p = lp.Delete(p)
		lp.Delete(p)
		return true
	}
	zi := o.zsetIndex()
	e := zi.dict.Delete(member)
	if e == nil {
		return false
	}
	zi.zsl.Delete(e.Val, e.Key())
	return true
}

// zsetShrink lets a skiplist's dict shrink after deletions (dictResize).
func zsetShrink(o *Object) {
	if o.enc == EncSkiplist {
		o.zsetIndex().dict.TryShrink()
	}
}

// zsetRank returns member's 0-based rank (from the top with reverse), or -1.
func zsetRank(o *Object, member []byte, reverse bool) int {
	n := zsetLen(o)
	rank := -1
	if o.enc == EncListpack {
		lp := o.listpack()
		i := 0
		for p := lp.First(); p >= 0; i++ {
			if lp.EntryEqual(p, member) {
				rank = i
				break
			}
			p = lp.Next(lp.Next(p))
		}
	} else {
		zi := o.zsetIndex()
		e := zi.dict.Find(member)
		if e == nil {
			return -1
		}
		rank = zi.zsl.Rank(e.Val, e.Key()) - 1
	}
	if rank >= 0 && reverse {
		rank = n - 1 - rank
	}
	return rank
}

// zsetIter walks a sorted set of either encoding in order, both ways.
type zsetIter struct {
	lp   *ds.Listpack
	p    int // member position in lp, -1 = done
	node *ds.SkiplistNode
	buf  [24]byte
}

func zsetIterInit(o *Object) zsetIter {
	if o.enc == EncListpack {
		return zsetIter{lp: o.listpack(), p: -1}
	}
	return zsetIter{}
}

func (it *zsetIter) valid() bool {
	if it.lp != nil {
		return it.p >= 0
	}
	return it.node != nil
}

// member returns the current member (a view, valid until the next move or
// modification).
func (it *zsetIter) member() []byte {
	if it.lp != nil {
		return it.lp.GetBytes(it.p, it.buf[:0])
	}
	return unsafeBytes(it.node.Member())
}

func (it *zsetIter) score() float64 {
	if it.lp != nil {
		return zzlScore(it.lp, it.lp.Next(it.p), nil)
	}
	return it.node.Score()
}

func (it *zsetIter) next() {
	if it.lp != nil {
		it.p = it.lp.Next(it.lp.Next(it.p))
		return
	}
	it.node = it.node.Next()
}

func (it *zsetIter) prev() {
	if it.lp != nil {
		if it.p = it.lp.Prev(it.p); it.p >= 0 {
			it.p = it.lp.Prev(it.p)
		}
		return
	}
	it.node = it.node.Prev()
}

func (it *zsetIter) move(reverse bool) {
	if reverse {
		it.prev()
	} else {
		it.next()
	}
}

// seekRank positions the iterator at 0-based rank (counted from the top
// with reverse); rank must be in range.
func (it *zsetIter) seekRank(o *Object, rank int, reverse bool) {
	if it.lp != nil {
		if reverse {
			it.p = it.lp.Seek(-2 - 2*rank)
		} else {
			it.p = it.lp.Seek(2 * rank)
		}
		return
	}
	zsl := o.zsetIndex().zsl
	switch {
	case reverse && rank == 0:
		it.node = zsl.Last()
	case reverse:
		it.node = zsl.ByRank(zsl.Len() - rank)
	case rank == 0:
		it.node = zsl.First()
	default:
		it.node = zsl.ByRank(rank + 1)
	}
}

// seekScore positions the iterator at the first (last with reverse) member
// whose score is in r, or makes it invalid.
func (it *zsetIter) seekScore(o *Object, r *ds.ScoreRange, reverse bool) {
	if it.lp == nil {
		zsl := o.zsetIndex().zsl
		if reverse {
			it.node = zsl.LastInScoreRange(*r)
		} else {
			it.node = zsl.FirstInScoreRange(*r)
		}
		return
	}
	lp := it.lp
	it.p = -1
	if !reverse {
		for p := lp.First(); p >= 0; {
			sp := lp.Next(p)
			sc := zzlScore(lp, sp, nil)
			if zsetGteMin(r, sc) {
				if zsetLteMax(r, sc) {
					it.p = p
				}
				return
			}
			p = lp.Next(sp)
		}
		return
	}
	for sp := lp.Last(); sp >= 0; {
		p := lp.Prev(sp)
		sc := zzlScore(lp, sp, nil)
		if zsetLteMax(r, sc) {
			if zsetGteMin(r, sc) {
				it.p = p
			}
			return
		}
		sp = lp.Prev(p)
	}
}

// seekLex is seekScore for a member range.
func (it *zsetIter) seekLex(o *Object, r *ds.LexRange, reverse bool) {
	if it.lp == nil {
		zsl := o.zsetIndex().zsl
		if reverse {
			it.node = zsl.LastInLexRange(*r)
		} else {
			it.node = zsl.FirstInLexRange(*r)
		}
		return
	}
	lp := it.lp
	it.p = -1
	if !reverse {
		for p := lp.First(); p >= 0; p = lp.Next(lp.Next(p)) {
			m := lp.GetBytes(p, it.buf[:0])
			if zsetLexGteMin(r, m) {
				if zsetLexLteMax(r, m) {
					it.p = p
				}
				return
			}
		}
		return
	}
	for sp := lp.Last(); sp >= 0; {
		p := lp.Prev(sp)
		m := lp.GetBytes(p, it.buf[:0])
		if zsetLexLteMax(r, m) {
			if zsetLexGteMin(r, m) {
				it.p = p
			}
			return
		}
		sp = lp.Prev(p)
	}
}

// skip moves the iterator n steps on (Redis's "while (ln && offset--)": a
// negative n runs off the end). On a skiplist it uses ranks: O(log N).
func (it *zsetIter) skip(o *Object, n int64, reverse bool) {
	if n == 0 || !it.valid() {
		return
	}
	if it.lp != nil {
		for it.p >= 0 && n != 0 {
			n--
			it.move(reverse)
		}
		return
	}
	if n < 0 {
		it.node = nil
		return
	}
	zsl := o.zsetIndex().zsl
	rank := int64(zsl.Rank(it.node.Score(), it.node.Member()))
	if reverse {
		rank -= n
	} else {
		rank += n
	}
	if rank < 1 || rank > int64(zsl.Len()) {
		it.node = nil
		return
	}
	it.node = zsl.ByRank(int(rank))
}

// zsetForEach calls fn for each member and score in order, until fn
// returns false. member is a view valid during the call only.
func zsetForEach(o *Object, fn func(member []byte, score float64) bool) {
	it := zsetIterInit(o)
	if it.lp != nil {
		it.p = it.lp.First()
	} else {
		it.node = o.zsetIndex().zsl.First()
	}
	for ; it.valid(); it.next() {
		if !fn(it.member(), it.score()) {
			return
		}
	}
}

// zsetForEachInScoreRange calls fn for each member whose score is in r, in
// order, until fn returns false (for GEO searches).
func zsetForEachInScoreRange(o *Object, r ds.ScoreRange, fn func(member []byte, score float64) bool) {
	it := zsetIterInit(o)
	it.seekScore(o, &r, false)
	for ; it.valid(); it.next() {
		sc := it.score()
		if !zsetLteMax(&r, sc) || !fn(it.member(), sc) {
			return
		}
	}
}

// zsetAdd adds member with score to the sorted set at key in c's db,
// creating the key as ZADD does, and reports whether the member is new.
// The caller has checked that key holds no other type.
func (s *Server) zsetAdd(c *Client, key []byte, score float64, member []byte) bool {
	o := s.lookupWriteKey(c, key)
	if o == nil {
		fresh := s.newZsetObject(0, len(member))
		s.zsetObjAdd(&fresh, score, member, 0)
		s.dbAdd(c.db, key, fresh)
		s.dirty++
		return true
	}
	out, _ := s.zsetObjAdd(o, score, member, 0)
	if out&(zsetOutAdded|zsetOutUpdated) != 0 {
		s.dirty++
	}
	return out&zsetOutAdded != 0
}

// --- ZADD, ZINCRBY, ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK ----------------------

func zsetAddCommand(s *Server, c *Client)    { zsetAddGeneric(s, c, 0) }
func zsetIncrbyCommand(s *Server, c *Client) { zsetAddGeneric(s, c, zsetInIncr) }

// zsetAddGeneric is zaddGenericCommand, shared by ZADD and ZINCRBY.
func zsetAddGeneric(s *Server, c *Client, in int) {
	ch := false
	scoreIdx := 2
opts:
	for ; scoreIdx < len(c.argv); scoreIdx++ {
		a := c.argv[scoreIdx]
		switch {
		case eqFold(a, "nx"):
			in |= zsetInNX
		case eqFold(a, "xx"):
			in |= zsetInXX
		case eqFold(a, "ch"):
			ch = true
		case eqFold(a, "incr"):
			in |= zsetInIncr
		case eqFold(a, "gt"):
			in |= zsetInGT
		case eqFold(a, "lt"):
			in |= zsetInLT
		default:
			break opts
		}
	}
	elements := len(c.argv) - scoreIdx
	if elements%2 != 0 || elements == 0 {
		c.addReplyError(errSyntax)
		return
	}
	elements /= 2
	nx, xx, gt, lt, incr := in&zsetInNX != 0, in&zsetInXX != 0, in&zsetInGT != 0, in&zsetInLT != 0, in&zsetInIncr != 0
	if nx && xx {
		c.addReplyError(zsetErrNXXX)
		return
	}
	if (gt && nx) || (lt && nx) || (gt && lt) {
		c.addReplyError(zsetErrGTLTNX)
		return
	}
	if incr && elements > 1 {
		c.addReplyError(zsetErrIncrPair)
		return
	}
	for j := 0; j < elements; j++ {
		if _, ok := zsetParseDouble(c.argv[scoreIdx+2*j]); !ok {
			c.addReplyError(zsetErrNotFloat)
			return
		}
	}
	key := c.argv[1]
	o := s.lookupWriteKey(c, key)
	if !checkType(c, o, TypeZSet) {
		return
	}
	var fresh Object
	created := false
	added, updated, processed := 0, 0, 0
	var score float64
	if o == nil {
		if xx {
			goto reply
		}
		fresh = s.newZsetObject(0, len(c.argv[scoreIdx+1]))
		o, created = &fresh, true
		if fresh.enc == EncListpack && int64(elements) <= s.cfg.ZsetMaxListpackEntries {
			fresh.listpack().ReserveFor(c.argv[scoreIdx:]) // one allocation for the new key
		}
	}
	for j := 0; j < elements; j++ {
		sc, _ := zsetParseDouble(c.argv[scoreIdx+2*j])
		out, ns := s.zsetObjAdd(o, sc, c.argv[scoreIdx+2*j+1], in)
		if out&zsetOutNaN != 0 {
			c.addReplyError(zsetErrNaN)
			return
		}
		if out&zsetOutAdded != 0 {
			added++
		}
		if out&zsetOutUpdated != 0 {
			updated++
		}
		if out&zsetOutNop == 0 {
			processed++
			score = ns
		}
	}
	if created && zsetLen(o) > 0 {
		s.dbAdd(c.db, key, fresh)
	}
	s.dirty += int64(added + updated)
reply:
	if incr {
		if processed > 0 {
			c.addReplyDouble(score)
		} else {
			c.addReplyNull()
		}
		return
	}
	if ch {
		added += updated
	}
	c.addReplyInt(int64(added))
}

func zsetRemCommand(s *Server, c *Client) {
	key := c.argv[1]
	o := s.lookupWriteKey(c, key)
	if o == nil {
		c.addReplyInt(0)
		return
	}
	if !checkType(c, o, TypeZSet) {
		return
	}
	deleted := 0
	for _, m := range c.argv[2:] {
		if zsetDelete(o, m) {
			deleted++
		}
		if zsetLen(o) == 0 {
			s.dbDelete(c.db, key)
			o = nil
			break
		}
	}
	if o != nil {
		zsetShrink(o)
	}
	s.dirty += int64(deleted)
	c.addReplyInt(int64(deleted))
}

func zsetCardCommand(s *Server, c *Client) {
	o := s.lookupRead(c, c.argv[1])
	if !checkType(c, o, TypeZSet) {
		return
	}
	if o == nil {
		c.addReplyInt(0)
		return
	}
	c.addReplyInt(int64(zsetLen(o)))
}

func zsetScoreCommand(s *Server, c *Client) {
	o := s.lookupRead(c, c.argv[1])
	if !checkType(c, o, TypeZSet) {
		return
	}
	if o == nil {
		c.addReplyNull()
		return
	}
	if sc, ok := zsetScore(o, c.argv[2]); ok {
		c.addReplyDouble(sc)
	} else {
		c.addReplyNull()
	}
}

func zsetMscoreCommand(s *Server, c *Client) {
	o := s.lookupRead(c, c.argv[1])
	if !checkType(c, o, TypeZSet) {
		return
	}
	c.addReplyArray(len(c.argv) - 2)
	for _, m := range c.argv[2:] {
		if o != nil {
			if sc, ok := zsetScore(o, m); ok {
				c.addReplyDouble(sc)
				continue
			}
		}
		c.addReplyNull()
	}
}

func zsetRankCommand(s *Server, c *Client)    { zsetRankGeneric(s, c, false) }
func zsetRevrankCommand(s *Server, c *Client) { zsetRankGeneric(s, c, true) }

func zsetRankGeneric(s *Server, c *Client, reverse bool) {
	o := s.lookupRead(c, c.argv[1])
	if !checkType(c, o, TypeZSet) {
		return
	}
	if o == nil {
		c.addReplyNull()
		return
	}
	if r := zsetRank(o, c.argv[2], reverse); r >= 0 {
		c.addReplyInt(int64(r))
	} else {
		c.addReplyNull()
	}
}

// --- ZCOUNT, ZLEXCOUNT -----------------------------------------------------

func zsetCountCommand(s *Server, c *Client) {
	r, ok := ds.ParseScoreRange(c.argv[2], c.argv[3])
	if !ok {
		c.addReplyError(zsetErrMinMax)
		return
	}
	o := s.lookupRead(c, c.argv[1])
	if !checkType(c, o, TypeZSet) {
		return
	}
	if o == nil {
		c.addReplyInt(0)
		return
	}
	count := 0
	if o.enc == EncListpack {
		it := zsetIterInit(o)
		for it.seekScore(o, &r, false); it.valid() && zsetLteMax(&r, it.score()); it.next() {
			count++
		}
	} else {
		zsl := o.zsetIndex().zsl
		if first := zsl.FirstInScoreRange(r); first != nil {
			last := zsl.LastInScoreRange(r)
			count = zsl.Rank(last.Score(), last.Member()) - zsl.Rank(first.Score(), first.Member()) + 1
		}
	}
	c.addReplyInt(int64(count))
}

func zsetLexcountCommand(s *Server, c *Client) {
	r, ok := ds.ParseLexRange(c.argv[2], c.argv[3])
	if !ok {
		c.addReplyError(zsetErrLexRange)
		return
	}
	o := s.lookupRead(c, c.argv[1])
	if !checkType(c, o, TypeZSet) {
		return
	}
	if o == nil {
		c.addReplyInt(0)
		return
	}
	count := 0
	if o.enc == EncListpack {
		it := zsetIterInit(o)
		for it.seekLex(o, &r, false); it.valid() && zsetLexLteMax(&r, it.member()); it.next() {
			count++
		}
	} else {
		zsl := o.zsetIndex().zsl
		if first := zsl.FirstInLexRange(r); first != nil {
			last := zsl.LastInLexRange(r)
			count = zsl.Rank(last.Score(), last.Member()) - zsl.Rank(first.Score(), first.Member()) + 1
		}
	}
	c.addReplyInt(int64(count))
}

// --- ZRANGE family -----------------------------------------------------------

// zsetSink receives a range's members: into the client's reply or, for
// ZRANGESTORE, into a new sorted set (Redis's zrange_result_handler).
type zsetSink struct {
	s        *Server
	c        *Client
	scores   bool // reply with scores
	store    bool
	dstKey   []byte
	dst      Object
	n        int
	at       int
	deferred bool
}

// begin starts the result; length < 0 means not known in advance.
func (h *zsetSink) begin(length int) {
	if h.store {
		h.dst = h.s.newZsetObject(max(length, 0), 0)
		return
	}
	if length < 0 {
		h.deferred, h.at = true, h.c.deferredLen()
		return
	}
	if h.scores && h.c.proto < 3 {
		length *= 2
	}
	h.c.addReplyArray(length)
}

func (h *zsetSink) emit(member []byte, score float64) {
	h.n++
	if h.store {
		h.s.zsetObjAdd(&h.dst, score, member, 0)
		return
	}
	c := h.c
	if h.scores && c.proto >= 3 {
		c.addReplyArray(2)
	}
	c.addReplyBulk(member)
	if h.scores {
		c.addReplyDouble(score)
	}
}

func (h *zsetSink) finish() {
	if h.store {
		s, c := h.s, h.c
		if h.n > 0 {
			s.setKey(c, c.db, h.dstKey, h.dst, false)
			c.addReplyInt(int64(h.n))
			s.dirty++
		} else {
			c.addReplyInt(0)
			if s.dbDelete(c.db, h.dstKey) {
				s.dirty++
			}
		}
		return
	}
	if h.deferred {
		n := h.n
		if h.scores && h.c.proto < 3 {
			n *= 2
		}
		h.c.setDeferredArrayLen(h.at, n)
	}
}

// Range kinds and directions of zsetRangeGeneric.
const (
	zsetByAuto = iota
	zsetByRank
	zsetByScore
	zsetByLex
)

const (
	zsetDirAuto = iota
	zsetDirForward
	zsetDirReverse
)

func zsetRangeCommand(s *Server, c *Client) {
	zsetRangeGeneric(s, c, &zsetSink{s: s, c: c}, 1, zsetByAuto, zsetDirAuto)
}

func zsetRangestoreCommand(s *Server, c *Client) {
	zsetRangeGeneric(s, c, &zsetSink{s: s, c: c, store: true, dstKey: c.argv[1]}, 2, zsetByAuto, zsetDirAuto)
}

func zsetRevrangeCommand(s *Server, c *Client) {
	zsetRangeGeneric(s, c, &zsetSink{s: s, c: c}, 1, zsetByRank, zsetDirReverse)
}

func zsetRangebyscoreCommand(s *Server, c *Client) {
	zsetRangeGeneric(s, c, &zsetSink{s: s, c: c}, 1, zsetByScore, zsetDirForward)
}

func zsetRevrangebyscoreCommand(s *Server, c *Client) {
	zsetRangeGeneric(s, c, &zsetSink{s: s, c: c}, 1, zsetByScore, zsetDirReverse)
}

func zsetRangebylexCommand(s *Server, c *Client) {
	zsetRangeGeneric(s, c, &zsetSink{s: s, c: c}, 1, zsetByLex, zsetDirForward)
}

func zsetRevrangebylexCommand(s *Server, c *Client) {
	zsetRangeGeneric(s, c, &zsetSink{s: s, c: c}, 1, zsetByLex, zsetDirReverse)
}

// zsetRangeGeneric is Redis 7.0's zrangeGenericCommand: the key is at
// argStart, followed by min, max and the options.
func zsetRangeGeneric(s *Server, c *Client, h *zsetSink, argStart, by, dir int) {
	key := c.argv[argStart]
	minIdx, maxIdx := argStart+1, argStart+2
	withScores := false
	offset, limit := int64(0), int64(-1)
	for j := argStart + 3; j < len(c.argv); j++ {
		left := len(c.argv) - j - 1
		a := c.argv[j]
		switch {
		case !h.store && eqFold(a, "withscores"):
			withScores = true
		case eqFold(a, "limit") && left >= 2:
			var ok bool
			if offset, ok = parseInt(c.argv[j+1]); ok {
				limit, ok = parseInt(c.argv[j+2])
			}
			if !ok {
				c.addReplyError(errNotInteger)
				return
			}
			j += 2
		case dir == zsetDirAuto && eqFold(a, "rev"):
			dir = zsetDirReverse
		case by == zsetByAuto && eqFold(a, "bylex"):
			by = zsetByLex
		case by == zsetByAuto && eqFold(a, "byscore"):
			by = zsetByScore
		default:
			c.addReplyError(errSyntax)
			return
		}
	}
	if dir == zsetDirAuto {
		dir = zsetDirForward
	}
	if by == zsetByAuto {
		by = zsetByRank
	}
	if limit != -1 && by == zsetByRank {
		c.addReplyError(zsetErrLimitRank)
		return
	}
	if withScores && by == zsetByLex {
		c.addReplyError(zsetErrScoresLex)
		return
	}
	reverse := dir == zsetDirReverse
	if reverse && by != zsetByRank {
		minIdx, maxIdx = maxIdx, minIdx
	}
	var start, end int64
	var sr ds.ScoreRange
	var lr ds.LexRange
	switch by {
	case zsetByRank:
		var ok bool
		if start, ok = parseInt(c.argv[minIdx]); ok {
			end, ok = parseInt(c.argv[maxIdx])
		}
		if !ok {
			c.addReplyError(errNotInteger)
			return
		}
	case zsetByScore:
		var ok bool
		if sr, ok = ds.ParseScoreRange(c.argv[minIdx], c.argv[maxIdx]); !ok {
			c.addReplyError(zsetErrMinMax)
			return
		}
	case zsetByLex:
		var ok bool
		if lr, ok = ds.ParseLexRange(c.argv[minIdx], c.argv[maxIdx]); !ok {
			c.addReplyError(zsetErrLexRange)
			return
		}
	}
	h.scores = withScores || h.store
	o := s.lookupRead(c, key)
	if o == nil {
		if h.store {
			h.begin(-1)
			h.finish()
		} else {
			c.addReplyArray(0)
		}
		return
	}
	if !checkType(c, o, TypeZSet) {
		return
	}
	switch by {
	case zsetByRank:
		zsetEmitRank(h, o, start, end, reverse)
	case zsetByScore:
		zsetEmitScore(h, o, &sr, offset, limit, reverse)
	case zsetByLex:
		zsetEmitLex(h, o, &lr, offset, limit, reverse)
	}
}

// zsetEmitRank emits the members of ranks start..end (genericZrangebyrank).
func zsetEmitRank(h *zsetSink, o *Object, start, end int64, reverse bool) {
	start, end, empty := rankRange(start, end, int64(zsetLen(o)))
	if empty {
		h.begin(0)
		h.finish()
		return
	}
	n := int(end - start + 1)
	h.begin(n)
	it := zsetIterInit(o)
	it.seekRank(o, int(start), reverse)
	for ; n > 0 && it.valid(); n-- {
		h.emit(it.member(), it.score())
		it.move(reverse)
	}
	h.finish()
}

// zsetEmitScore emits the members with scores in r, after skipping offset
// of them, at most limit (< 0: all) (genericZrangebyscore).
func zsetEmitScore(h *zsetSink, o *Object, r *ds.ScoreRange, offset, limit int64, reverse bool) {
	if offset > 0 && offset >= int64(zsetLen(o)) {
		h.begin(0)
		h.finish()
		return
	}
	h.begin(-1)
	it := zsetIterInit(o)
	it.seekScore(o, r, reverse)
	it.skip(o, offset, reverse)
	for ; it.valid() && limit != 0; it.move(reverse) {
		limit--
		sc := it.score()
		if reverse && !zsetGteMin(r, sc) || !reverse && !zsetLteMax(r, sc) {
			break
		}
		h.emit(it.member(), sc)
	}
	h.finish()
}

// zsetEmitLex is zsetEmitScore for a member range (genericZrangebylex).
func zsetEmitLex(h *zsetSink, o *Object, r *ds.LexRange, offset, limit int64, reverse bool) {
	if offset > 0 && offset >= int64(zsetLen(o)) {
		h.begin(0)
		h.finish()
		return
	}
	h.begin(-1)
	it := zsetIterInit(o)
	it.seekLex(o, r, reverse)
	it.skip(o, offset, reverse)
	for ; it.valid() && limit != 0; it.move(reverse) {
		limit--
		m := it.member()
		if reverse && !zsetLexGteMin(r, m) || !reverse && !zsetLexLteMax(r, m) {
			break
		}
		h.emit(m, it.score())
	}
	h.finish()
}

// --- ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX -------------------------

func zsetRemrangebyrankCommand(s *Server, c *Client)  { zsetRemrangeGeneric(s, c, zsetByRank) }
func zsetRemrangebyscoreCommand(s *Server, c *Client) { zsetRemrangeGeneric(s, c, zsetByScore) }
func zsetRemrangebylexCommand(s *Server, c *Client)   { zsetRemrangeGeneric(s, c, zsetByLex) }

// zsetRemrangeGeneric is zremrangeGenericCommand.
func zsetRemrangeGeneric(s *Server, c *Client, by int) {
	key := c.argv[1]
	var start, end int64
	var sr ds.ScoreRange
	var lr ds.LexRange
	ok := false
	switch by {
	case zsetByRank:
		if start, ok = parseInt(c.argv[2]); ok {
			end, ok = parseInt(c.argv[3])
		}
		if !ok {
			c.addReplyError(errNotInteger)
			return
		}
	case zsetByScore:
		if sr, ok = ds.ParseScoreRange(c.argv[2], c.argv[3]); !ok {
			c.addReplyError(zsetErrMinMax)
			return
		}
	case zsetByLex:
		if lr, ok = ds.ParseLexRange(c.argv[2], c.argv[3]); !ok {
			c.addReplyError(zsetErrLexRange)
			return
		}
	}
	o := s.lookupWriteKey(c, key)
	if o == nil {
		c.addReplyInt(0)
		return
	}
	if !checkType(c, o, TypeZSet) {
		return
	}
	if by == zsetByRank {
		var empty bool
		if start, end, empty = rankRange(start, end, int64(zsetLen(o))); empty {
			c.addReplyInt(0)
			return
		}
	}
	deleted := 0
	if o.enc == EncListpack {
		lp := o.listpack()
		switch by {
		case zsetByRank:
			deleted = int(end - start + 1)
			lp.DeleteRange(int(2*start), 2*deleted)
		case zsetByScore:
			it := zsetIterInit(o)
			it.seekScore(o, &sr, false)
			for p := it.p; p >= 0 && zsetLteMax(&sr, zzlScore(lp, lp.Next(p), nil)); deleted++ {
				p = lp.Delete(p)
				p = lp.Delete(p)
			}
		case zsetByLex:
			it := zsetIterInit(o)
			it.seekLex(o, &lr, false)
			var buf [24]byte
			for p := it.p; p >= 0 && zsetLexLteMax(&lr, lp.GetBytes(p, buf[:0])); deleted++ {
				p = lp.Delete(p)
				p = lp.Delete(p)
			}
		}
	} else {
		zi := o.zsetIndex()
		drop := func(m string) { zi.dict.DeleteString(m) }
		switch by {
		case zsetByRank:
			deleted = zi.zsl.DeleteRangeByRank(int(start+1), int(end+1), drop)
		case zsetByScore:
			deleted = zi.zsl.DeleteRangeByScore(sr, drop)
		case zsetByLex:
			deleted = zi.zsl.DeleteRangeByLex(lr, drop)
		}
		zi.dict.TryShrink()
	}
	if zsetLen(o) == 0 {
		s.dbDelete(c.db, key)
	}
	s.dirty += int64(deleted)
	c.addReplyInt(int64(deleted))
}

// --- ZPOPMIN, ZPOPMAX, BZPOPMIN, BZPOPMAX, ZMPOP, BZMPOP ------------------------

func zsetPopminCommand(s *Server, c *Client) { zsetPopCommand(s, c, false) }
func zsetPopmaxCommand(s *Server, c *Client) { zsetPopCommand(s, c, true) }

// zsetPopCommand is zpopMinMaxCommand: ZPOPMIN/ZPOPMAX key [count].
func zsetPopCommand(s *Server, c *Client, max bool) {
	if len(c.argv) > 3 {
		c.addReplyError(errSyntax)
		return
	}
	count := int64(-1)
	if len(c.argv) == 3 {
		v, ok := parseInt(c.argv[2])
		if !ok || v < 0 {
			c.addReplyError(zsetErrPositive)
			return
		}
		count = v
	}
	nested := c.proto >= 3 && count != -1
	zsetPopGeneric(s, c, c.argv[1:2], max, false, count, nested, false)
}

// zsetPopGeneric is genericZpopCommand: pop up to count (-1: one, flat)
// members from the first existing key of keys.
func zsetPopGeneric(s *Server, c *Client, keys [][]byte, max, emitKey bool, count int64, nested, nilWhenEmpty bool) {
	var o *Object
	var key []byte
	for _, k := range keys {
		if o = s.lookupWriteKey(c, k); o == nil {
			continue
		}
		if !checkType(c, o, TypeZSet) {
			return
		}
		key = k
		break
	}
	if o == nil {
		if nilWhenEmpty {
			c.addReplyNullArray()
		} else {
			c.addReplyArray(0)
		}
		return
	}
	if count == 0 {
		c.addReplyArray(0)
		return
	}
	if s.propOn() { // BZPOPMIN, ZMPOP, ... propagate as ZPOPMIN/ZPOPMAX key [count]
		name := []byte("ZPOPMIN")
		if max {
			name = []byte("ZPOPMAX")
		}
		if count == -1 {
			c.rewriteProp(name, key)
		} else {
			c.rewriteProp(name, key, intArg(count))
		}
	}
	if count == -1 {
		count = 1
	}
	n := int(min(count, int64(zsetLen(o))))
	switch {
	case !nested && !emitKey:
		c.addReplyArray(2 * n)
	case nested && !emitKey:
		c.addReplyArray(n)
	case !nested && emitKey:
		c.addReplyArray(2*n + 1)
		c.addReplyBulk(key)
	default:
		c.addReplyArray(2)
		c.addReplyBulk(key)
		c.addReplyArray(n)
	}
	for ; n > 0; n-- {
		if nested {
			c.addReplyArray(2)
		}
		if o.enc == EncListpack {
			lp := o.listpack()
			p := lp.First()
			if max {
				p = lp.Prev(lp.Last())
			}
			var buf [24]byte
			c.addReplyBulk(lp.GetBytes(p, buf[:0]))
			c.addReplyDouble(zzlScore(lp, lp.Next(p), nil))
			p = lp.Delete(p)
			lp.Delete(p)
		} else {
			zi := o.zsetIndex()
			x := zi.zsl.First()
			if max {
				x = zi.zsl.Last()
			}
			c.addReplyBulkString(x.Member())
			c.addReplyDouble(x.Score())
			zi.dict.DeleteString(x.Member())
			zi.zsl.Delete(x.Score(), x.Member())
		}
		s.dirty++
	}
	if zsetLen(o) == 0 {
		s.dbDelete(c.db, key)
	} else {
		zsetShrink(o)
	}
}

func zsetBpopminCommand(s *Server, c *Client) {
	zsetBlockingPop(s, c, c.argv[1:len(c.argv)-1], false, len(c.argv)-1, -1, false, false)
}

func zsetBpopmaxCommand(s *Server, c *Client) {
	zsetBlockingPop(s, c, c.argv[1:len(c.argv)-1], true, len(c.argv)-1, -1, false, false)
}

// zsetBlockingPop is blockingGenericZpopCommand: pop from the first
// non-empty key, or block on all of them.
func zsetBlockingPop(s *Server, c *Client, keys [][]byte, max bool, timeoutIdx int, count int64, nested, nilWhenEmpty bool) {
	deadline, ok := s.parseBlockTimeout(c, c.argv[timeoutIdx])
	if !ok {
		return
	}
	// Served after blocking, the key that became ready goes first.
	for _, k := range s.readyFirst(c, keys) {
		o := s.lookupWriteKey(c, k)
		if o == nil {
			continue
		}
		if !checkType(c, o, TypeZSet) {
			return
		}
		if zsetLen(o) == 0 {
			continue
		}
		zsetPopGeneric(s, c, [][]byte{k}, max, true, count, nested, nilWhenEmpty)
		return
	}
	s.blockForKeys(c, keys, deadline, false)
}

func zsetMpopCommand(s *Server, c *Client)  { zsetMpopGeneric(s, c, 1, false) }
func zsetBmpopCommand(s *Server, c *Client) { zsetMpopGeneric(s, c, 2, true) }

// zsetMpopGeneric is zmpopGenericCommand: [timeout] numkeys key... MIN|MAX
// [COUNT count].
func zsetMpopGeneric(s *Server, c *Client, numkeysIdx int, blocking bool) {
	numkeys, ok := parseInt(c.argv[numkeysIdx])
	if !ok || numkeys < 1 {
		c.addReplyError(zsetErrNumkeys)
		return
	}
	if numkeys >= int64(len(c.argv)) {
		c.addReplyError(errSyntax)
		return
	}
	whereIdx := numkeysIdx + int(numkeys) + 1
	if whereIdx >= len(c.argv) {
		c.addReplyError(errSyntax)
		return
	}
	var max bool
	switch {
	case eqFold(c.argv[whereIdx], "min"):
	case eqFold(c.argv[whereIdx], "max"):
		max = true
	default:
		c.addReplyError(errSyntax)
		return
	}
	count := int64(-1)
	for j := whereIdx + 1; j < len(c.argv); j++ {
		more := len(c.argv) - 1 - j
		if count == -1 && eqFold(c.argv[j], "count") && more > 0 {
			j++
			v, ok := parseInt(c.argv[j])
			if !ok || v < 1 {
				c.addReplyError(zsetErrCount)
				return
			}
			count = v
		} else {
			c.addReplyError(errSyntax)
			return
		}
	}
	if count == -1 {
		count = 1
	}
	keys := c.argv[numkeysIdx+1 : whereIdx]
	if blocking {
		zsetBlockingPop(s, c, keys, max, 1, count, true, true)
	} else {
		zsetPopGeneric(s, c, keys, max, true, count, true, true)
	}
}

// --- ZRANDMEMBER ---------------------------------------------------------------

func zsetRandmemberCommand(s *Server, c *Client) {
	if len(c.argv) >= 3 {
		zsetRandmemberWithCount(s, c)
		return
	}
	o := s.lookupRead(c, c.argv[1])
	if !checkType(c, o, TypeZSet) {
		return
	}
	if o == nil {
		c.addReplyNull()
		return
	}
	if o.enc == EncListpack {
		lp := o.listpack()
		var buf [24]byte
		c.addReplyBulk(lp.GetBytes(lp.Seek(2*rand.IntN(lp.Len()/2)), buf[:0]))
		return
	}
	c.addReplyBulkString(o.zsetIndex().dict.RandomEntry().Key())
}

// zsetRandmemberWithCount is zrandmemberWithCountCommand.
func zsetRandmemberWithCount(s *Server, c *Client) {
	l, ok := parseInt(c.argv[2])
	if !ok {
		c.addReplyError(errNotInteger)
		return
	}
	if l == math.MinInt64 {
		c.addReplyError(zsetErrRandRange)
		return
	}
	withScores := false
	if len(c.argv) > 4 || (len(c.argv) == 4 && !eqFold(c.argv[3], "withscores")) {
		c.addReplyError(errSyntax)
		return
	} else if len(c.argv) == 4 {
		withScores = true
		if l < -math.MaxInt64/2 || l > math.MaxInt64/2 {
			c.addReplyError(zsetErrRandScores)
			return
		}
	}
	o := s.lookupRead(c, c.argv[1])
	if !checkType(c, o, TypeZSet) {
		return
	}
	if o == nil {
		c.addReplyArray(0)
		return
	}
	size := zsetLen(o)
	count, uniq := l, true
	if l < 0 {
		count, uniq = -l, false
	}
	if count == 0 {
		c.addReplyArray(0)
		return
	}
	flat := withScores && c.proto < 3
	emit := func(member []byte, score float64) {
		if withScores && c.proto >= 3 {
			c.addReplyArray(2)
		}
		c.addReplyBulk(member)
		if withScores {
			c.addReplyDouble(score)
		}
	}
	header := func(n int64) {
		if flat {
			n *= 2
		}
		c.addReplyArray(int(n))
	}
	var buf [24]byte
	// CASE 1: negative count (repeats allowed, random order), or one member.
	if !uniq || count == 1 {
		header(count)
		if o.enc == EncListpack {
			lp := o.listpack()
			pos := make([]int, 0, size)
			for p := lp.First(); p >= 0; p = lp.Next(lp.Next(p)) {
				pos = append(pos, p)
			}
			for ; count > 0; count-- {
				p := pos[rand.IntN(size)]
				emit(lp.GetBytes(p, buf[:0]), zzlScore(lp, lp.Next(p), nil))
			}
			return
		}
		d := o.zsetIndex().dict
		for ; count > 0; count-- {
			e := d.RandomEntry()
			emit(unsafeBytes(e.Key()), e.Val)
		}
		return
	}
	// CASE 2: the whole set, from the highest member down (zuiNext's order).
	if count >= int64(size) {
		header(int64(size))
		it := zsetIterInit(o)
		it.seekRank(o, 0, true)
		for ; it.valid(); it.prev() {
			emit(it.member(), it.score())
		}
		return
	}
	header(count)
	n := int(count)
	if o.enc == EncListpack {
		// Unique members of a listpack, in their order (lpRandomPairsUnique).
		lp := o.listpack()
		left := size
		for p := lp.First(); p >= 0 && n > 0; p = lp.Next(lp.Next(p)) {
			if rand.IntN(left) < n {
				emit(lp.GetBytes(p, buf[:0]), zzlScore(lp, lp.Next(p), nil))
				n--
			}
			left--
		}
		return
	}
	d := o.zsetIndex().dict
	if n*3 > size {
		// CASE 3: take all, drop random ones until count remain.
		all := make([]*ds.Entry[float64], 0, size)
		d.Range(func(e *ds.Entry[float64]) bool { all = append(all, e); return true })
		for len(all) > n {
			i := rand.IntN(len(all))
			all[i] = all[len(all)-1]
			all = all[:len(all)-1]
		}
		for _, e := range all {
			emit(unsafeBytes(e.Key()), e.Val)
		}
		return
	}
	// CASE 4: add random members until count distinct ones were found.
	picked := make(map[*ds.Entry[float64]]struct{}, n)
	for len(picked) < n {
		e := d.RandomEntry()
		if _, dup := picked[e]; dup {
			continue
		}
		picked[e] = struct{}{}
		emit(unsafeBytes(e.Key()), e.Val)
	}
}

// --- ZSCAN ------------------------------------------------------------------------

func zsetScanCommand(s *Server, c *Client) {
	if _, ok := parseScanCursor(c.argv[2]); !ok {
		c.addReplyError("ERR invalid cursor")
		return
	}
	o := s.lookupRead(c, c.argv[1])
	if !checkType(c, o, TypeZSet) {
		return
	}
	if o == nil {
		c.addReplyScan(0, nil)
		return
	}
	opts, ok := parseScanArgs(c, 2, false)
	if !ok {
		return
	}
	var items [][]byte
	if o.enc == EncListpack {
		lp := o.listpack()
		var buf [24]byte
		for p := lp.First(); p >= 0; p = lp.Next(lp.Next(p)) {
			m := lp.GetBytes(p, buf[:0])
			if !opts.matches(m) {
				continue
			}
			items = append(items, append([]byte(nil), m...), append([]byte(nil), lp.GetBytes(lp.Next(p), buf[:0])...))
		}
		c.addReplyScan(0, items)
		return
	}
	cursor := scanDict(o.zsetIndex().dict, &opts, func(e *ds.Entry[float64]) {
		if m := unsafeBytes(e.Key()); opts.matches(m) {
			items = append(items, m, zsetScanScore(e.Val))
		}
	})
	c.addReplyScan(cursor, items)
}

// zsetScanScore formats a skiplist score for ZSCAN as Redis's ld2string
// ("%.17Lg" of the double: -0 stays "-0", unlike a listpack's d2string).
func zsetScanScore(v float64) []byte {
	switch {
	case math.IsInf(v, 1):
		return []byte("inf")
	case math.IsInf(v, -1):
		return []byte("-inf")
	}
	return strconv.AppendFloat(nil, v, 'g', 17, 64)
}
