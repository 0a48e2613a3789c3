package server

import (
	"math"
	"sort"
	"strconv"
	"unsafe"

	"aeon/ds"
)

// ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD (Redis 7.0's
// zunionInterDiffGenericCommand). Inputs may be sorted sets or plain sets
// (members of a set score 1). The result is built as a skiplist and, for
// the STORE forms, converted to a listpack when small enough, as Redis.

// Set operations.
const (
	zsetOpUnion = iota
	zsetOpInter
	zsetOpDiff
)

// Score aggregation (REDIS_AGGR_*).
const (
	zsetAggrSum = iota
	zsetAggrMin
	zsetAggrMax
)

// zsetOpSrc is one input (zsetopsrc): a sorted set, a set, or nil (missing).
type zsetOpSrc struct {
	o      *Object
	weight float64
}

func (src *zsetOpSrc) length() int {
	switch {
	case src.o == nil:
		return 0
	case src.o.typ == TypeZSet:
		return zsetLen(src.o)
	case src.o.enc == EncIntset:
		return src.o.intset().Len()
	}
	return src.o.setDict().Len()
}

// forEach calls fn with each member and score (1 for a set).
func (src *zsetOpSrc) forEach(fn func(member []byte, score float64) bool) {
	switch {
	case src.o == nil:
	case src.o.typ == TypeZSet:
		zsetForEach(src.o, fn)
	case src.o.enc == EncIntset:
		is := src.o.intset()
		var buf [24]byte
		for i := 0; i < is.Len(); i++ {
			if !fn(strconv.AppendInt(buf[:0], is.Get(i), 10), 1) {
				return
			}
		}
	default:
		src.o.setDict().Range(func(e *ds.Entry[struct{}]) bool { return fn(unsafeBytes(e.Key()), 1) })
	}
}

// find returns member's score in the input (zuiFind).
func (src *zsetOpSrc) find(member []byte) (float64, bool) {
	switch {
	case src.o == nil:
		return 0, false
	case src.o.typ == TypeZSet:
		return zsetScore(src.o, member)
	case src.o.enc == EncIntset:
		v, ok := parseInt(member)
		return 1, ok && src.o.intset().Contains(v)
	}
	return 1, src.o.setDict().Find(member) != nil
}

// zsetAggregate folds val into *target (zunionInterAggregate).
func zsetAggregate(target *float64, val float64, aggr int) {
	switch aggr {
	case zsetAggrSum:
		*target += val
		// +inf + -inf is NaN: Redis's convention is 0.
		if math.IsNaN(*target) {
			*target = 0
		}
	case zsetAggrMin:
		if val < *target {
			*target = val
		}
	case zsetAggrMax:
		if val > *target {
			*target = val
		}
	}
}

func zsetUnionCommand(s *Server, c *Client) {
	zsetOpGeneric(s, c, "zunion", nil, 1, zsetOpUnion, false)
}
func zsetInterCommand(s *Server, c *Client) {
	zsetOpGeneric(s, c, "zinter", nil, 1, zsetOpInter, false)
}
func zsetDiffCommand(s *Server, c *Client) { zsetOpGeneric(s, c, "zdiff", nil, 1, zsetOpDiff, false) }
func zsetUnionstoreCommand(s *Server, c *Client) {
	zsetOpGeneric(s, c, "zunionstore", c.argv[1], 2, zsetOpUnion, false)
}
func zsetInterstoreCommand(s *Server, c *Client) {
	zsetOpGeneric(s, c, "zinterstore", c.argv[1], 2, zsetOpInter, false)
}
func zsetDiffstoreCommand(s *Server, c *Client) {
	zsetOpGeneric(s, c, "zdiffstore", c.argv[1], 2, zsetOpDiff, false)
}
func zsetIntercardCommand(s *Server, c *Client) {
	zsetOpGeneric(s, c, "zintercard", nil, 1, zsetOpInter, true)
}

// zsetOpGeneric is zunionInterDiffGenericCommand; name is the command's
// (for its error). dstKey is nil unless a STORE form; cardOnly is ZINTERCARD.
func zsetOpGeneric(s *Server, c *Client, name string, dstKey []byte, numkeysIdx, op int, cardOnly bool) {
	setnum, ok := parseInt(c.argv[numkeysIdx])
	if !ok {
		c.addReplyError(errNotInteger)
		return
	}
	if setnum < 1 {
		c.addReplyError("ERR at least 1 input key is needed for '" + name + "' command")
		return
	}
	if setnum > int64(len(c.argv)-(numkeysIdx+1)) {
		c.addReplyError(errSyntax)
		return
	}
	n := int(setnum)
	var stack [8]zsetOpSrc
	src := stack[:0]
	if n > len(stack) {
		src = make([]zsetOpSrc, 0, n)
	}
	j := numkeysIdx + 1
	for i := 0; i < n; i, j = i+1, j+1 {
		o := s.lookupRead(c, c.argv[j])
		if o != nil && o.typ != TypeZSet && o.typ != TypeSet {
			c.addReplyError(errWrongType)
			return
		}
		src = append(src, zsetOpSrc{o: o, weight: 1})
	}
	aggr := zsetAggrSum
	withScores := false
	limit := int64(0)
	for j < len(c.argv) {
		remaining := len(c.argv) - j
		a := c.argv[j]
		switch {
		case op != zsetOpDiff && !cardOnly && remaining >= n+1 && eqFold(a, "weights"):
			j++
			for i := 0; i < n; i, j = i+1, j+1 {
				w, ok := zsetParseDouble(c.argv[j])
				if !ok {
					c.addReplyError("ERR weight value is not a float")
					return
				}
				src[i].weight = w
			}
		case op != zsetOpDiff && !cardOnly && remaining >= 2 && eqFold(a, "aggregate"):
			switch b := c.argv[j+1]; {
			case eqFold(b, "sum"):
				aggr = zsetAggrSum
			case eqFold(b, "min"):
				aggr = zsetAggrMin
			case eqFold(b, "max"):
				aggr = zsetAggrMax
			default:
				c.addReplyError(errSyntax)
				return
			}
			j += 2
		case dstKey == nil && !cardOnly && eqFold(a, "withscores"):
			withScores = true
			j++
		case cardOnly && remaining >= 2 && eqFold(a, "limit"):
			v, ok := parseInt(c.argv[j+1])
			if !ok || v < 0 {
				c.addReplyError("ERR LIMIT can't be negative")
				return
			}
			limit = v
			j += 2
		default:
			c.addReplyError(errSyntax)
			return
		}
	}
	if op != zsetOpDiff {
		sort.SliceStable(src, func(a, b int) bool { return src[a].length() < src[b].length() })
	}

	var zi *zsetIndex
	if !cardOnly {
		zi = newZsetIndex()
	}
	maxLen := 0
	addResult := func(member []byte, score float64) {
		m := string(member)
		zi.dict.Insert(m, score)
		zi.zsl.Insert(score, m)
		maxLen = max(maxLen, len(m))
	}
	cardinality := int64(0)
	switch op {
	case zsetOpInter:
		if src[0].length() == 0 {
			break
		}
		src[0].forEach(func(member []byte, sc float64) bool {
			score := src[0].weight * sc
			if math.IsNaN(score) {
				score = 0
			}
			for k := 1; k < n; k++ {
				var value float64
				if src[k].o == src[0].o {
					value = sc * src[k].weight
				} else if v, ok := src[k].find(member); ok {
					value = v * src[k].weight
				} else {
					return true // not in every input
				}
				zsetAggregate(&score, value, aggr)
			}
			if cardOnly {
				cardinality++
				return limit == 0 || cardinality < limit
			}
			addResult(member, score)
			return true
		})
	case zsetOpUnion:
		// The result's dict is the accumulator.
		for i := range src {
			src[i].forEach(func(member []byte, sc float64) bool {
				score := src[i].weight * sc
				if math.IsNaN(score) {
					score = 0
				}
				if e := zi.dict.Find(member); e != nil {
					zsetAggregate(&e.Val, score, aggr)
				} else {
					zi.dict.Insert(string(member), score)
					maxLen = max(maxLen, len(member))
				}
				return true
			})
		}
		zi.dict.Range(func(e *ds.Entry[float64]) bool {
			zi.zsl.Insert(e.Val, e.Key())
			return true
		})
	case zsetOpDiff:
		if src[0].length() == 0 {
			break
		}
		for k := 1; k < n; k++ {
			if src[k].o == src[0].o {
				goto done // everything would be removed
			}
		}
		src[0].forEach(func(member []byte, sc float64) bool {
			for k := 1; k < n; k++ {
				if _, ok := src[k].find(member); ok {
					return true
				}
			}
			addResult(member, sc)
			return true
		})
	}
done:
	switch {
	case cardOnly:
		c.addReplyInt(cardinality)
	case dstKey != nil:
		if zi.zsl.Len() > 0 {
			dst := collectionObject(TypeZSet, EncSkiplist, unsafe.Pointer(zi))
			s.zsetConvertIfNeeded(&dst, maxLen)
			s.setKey(c, c.db, dstKey, dst, false)
			c.addReplyInt(int64(zi.zsl.Len()))
			s.dirty++
		} else {
			c.addReplyInt(0)
			if s.dbDelete(c.db, dstKey) {
				s.dirty++
			}
		}
	default:
		length := zi.zsl.Len()
		if withScores && c.proto < 3 {
			c.addReplyArray(2 * length)
		} else {
			c.addReplyArray(length)
		}
		for x := zi.zsl.First(); x != nil; x = x.Next() {
			if withScores && c.proto >= 3 {
				c.addReplyArray(2)
			}
			c.addReplyBulkString(x.Member())
			if withScores {
				c.addReplyDouble(x.Score())
			}
		}
	}
}
