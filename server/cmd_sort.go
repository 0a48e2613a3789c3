package server

import (
	"bytes"
	"errors"
	"math"
	"math/big"
	"slices"
	"strconv"
	"unsafe"

	"aeon/ds"
)

// SORT and SORT_RO, as Redis 7.0's sort.c (sortCommandGeneric).

func sortCommands() []*Command {
	const (
		g       = "generic"
		cats    = CatSet | CatSortedSet | CatList | CatDangerous
		complex = "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N)."
	)
	return []*Command{
		{Name: "sort", Proc: sortCommand, Arity: -2, Flags: FlagWrite | FlagDenyOOM, FirstKey: 1, LastKey: 1, Step: 1, Cats: cats,
			Group: g, Since: "1.0.0", Summary: "Sort the elements in a list, set or sorted set", Complex: complex},
		{Name: "sort_ro", Proc: sortROCommand, Arity: -2, Flags: FlagReadonly, FirstKey: 1, LastKey: 1, Step: 1, Cats: cats,
			Group: g, Since: "7.0.0", Summary: "Sort the elements in a list, set or sorted set. Read-only variant of SORT.", Complex: complex},
	}
}

func sortCommand(s *Server, c *Client)   { s.sortGeneric(c, false) }
func sortROCommand(s *Server, c *Client) { s.sortGeneric(c, true) }

// sortItem is one element of the sorting vector (redisSortObject): a
// view of the element and its numeric weight, kept small since the sort
// moves items around.
type sortItem struct {
	p     *byte
	n     uint32
	idx   uint32 // load order: equal items keep it, and the index into by
	score float64
}

func sortItemOf(b []byte, idx int) sortItem {
	it := sortItem{n: uint32(len(b)), idx: uint32(idx)}
	if len(b) > 0 {
		it.p = &b[0]
	}
	return it
}

func (it sortItem) el() []byte {
	if it.n == 0 {
		return nil
	}
	return unsafe.Slice(it.p, it.n)
}

// sortByVal is an element's BY value for ALPHA; ok is false when the key
// or field is missing.
type sortByVal struct {
	b  []byte
	ok bool
}

// sortComparator returns Redis's sortCompare for the given options (which
// Redis passes through server globals).
//
// strcoll (without STORE) stops at a NUL byte; nul says whether any
// compared string holds one, else plain byte comparison is the same.
func sortComparator(desc, alpha, byPattern, store, nul bool, by []sortByVal) func(a, b sortItem) int {
	var f func(a, b sortItem) int
	switch {
	case !alpha:
		f = func(a, b sortItem) int {
			switch {
			case a.score > b.score:
				return 1
			case a.score < b.score:
				return -1
			}
			// Equal scores: compareStringObjects, binary.
			return bytes.Compare(a.el(), b.el())
		}
	case byPattern:
		f = func(a, b sortItem) int {
			x, y := &by[a.idx], &by[b.idx]
			switch {
			case !x.ok || !y.ok:
				switch {
				case x.ok == y.ok:
					return 0
				case !x.ok:
					return -1
				}
				return 1
			case store || !nul:
				return bytes.Compare(x.b, y.b)
			}
			// strcoll in the C locale: strcmp, which stops at a NUL.
			return bytes.Compare(cString(x.b), cString(y.b))
		}
	case store || !nul:
		f = func(a, b sortItem) int { return bytes.Compare(a.el(), b.el()) }
	default:
		f = func(a, b sortItem) int { return bytes.Compare(cString(a.el()), cString(b.el())) }
	}
	if desc {
		return func(a, b sortItem) int { return -f(a, b) }
	}
	return f
}

func (s *Server) sortGeneric(c *Client, readonly bool) {
	argv := c.argv
	var (
		desc, alpha, dontsort bool
		limitStart            int64
		limitCount            int64 = -1
		sortby, storekey      []byte
		gets                  [][]byte // GET patterns, views of argv
	)
	for j := 2; j < len(argv); j++ {
		left := len(argv) - j - 1
		a := argv[j]
		switch {
		case eqFold(a, "asc"):
			desc = false
		case eqFold(a, "desc"):
			desc = true
		case eqFold(a, "alpha"):
			alpha = true
		case eqFold(a, "limit") && left >= 2:
			v1, ok1 := parseInt(argv[j+1])
			v2, ok2 := parseInt(argv[j+2])
			if !ok1 || !ok2 {
				c.addReplyError(errNotInteger)
				return
			}
			limitStart, limitCount = v1, v2
			j += 2
		case !readonly && eqFold(a, "store") && left >= 1:
			storekey = argv[j+1]
			j++
		case eqFold(a, "by") && left >= 1:
			sortby = argv[j+1]
			// A BY pattern without '*' (read as a C string) is constant:
			// nothing to sort, no weights to look up.
			if bytes.IndexByte(cString(sortby), '*') < 0 {
				dontsort = true
			}
			j++
		case eqFold(a, "get") && left >= 1:
			gets = append(gets, argv[j+1])
			j++
		default:
			c.addReplyError(errSyntax)
			return
		}
	}

	o := s.lookupRead(c, argv[1])
	if o != nil && o.typ != TypeList && o.typ != TypeSet && o.typ != TypeZSet {
		c.addReplyError(errWrongType)
		return
	}
	typ := TypeList // a missing key sorts as an empty list
	if o != nil {
		typ = o.typ
	}

	// A set has no order of its own: when storing, sort it (ALPHA) so the
	// result is the same everywhere.
	if dontsort && typ == TypeSet && storekey != nil {
		dontsort = false
		alpha = true
		sortby = nil
	}

	// Redis destructively converts a listpack sorted set for SORT.
	if typ == TypeZSet && o.enc == EncListpack {
		zsetConvertToSkiplist(o)
	}

	vectorlen := 0
	if o != nil {
		switch typ {
		case TypeList:
			vectorlen = o.quicklist().Len()
		case TypeSet:
			if o.enc == EncIntset {
				vectorlen = o.intset().Len()
			} else {
				vectorlen = o.setDict().Len()
			}
		case TypeZSet:
			vectorlen = o.zsetIndex().dict.Len()
		}
	}

	// LIMIT sanity checks, clamped as Redis does to avoid overflow.
	vl := int64(vectorlen)
	start := min(max(limitStart, 0), vl)
	limitCount = min(max(limitCount, -1), vl)
	end := vl - 1
	if limitCount >= 0 {
		end = start + limitCount - 1
	}
	if start >= vl {
		start, end = vl-1, vl-2
	}
	if end >= vl {
		end = vl - 1
	}

	// Lists and sorted sets keep their own order when not sorted: load just
	// the requested range then.
	if (typ == TypeZSet || typ == TypeList) && dontsort && (start != 0 || end != vl-1) {
		vectorlen = int(end - start + 1)
	}

	vector := make([]sortItem, 0, vectorlen)
	var arena []byte // copies of list and intset elements
	add := func(v []byte) {
		at := len(arena)
		arena = append(arena, v...)
		vector = append(vector, sortItemOf(arena[at:], len(vector)))
	}
	var buf [32]byte
	switch {
	case o == nil:
	case typ == TypeList && dontsort:
		if end >= start {
			q := o.quicklist()
			from := int(start)
			if desc {
				from = q.Len() - int(start) - 1
			}
			it := q.Iterator(from, !desc)
			for len(vector) < vectorlen {
				v, ok := it.Next(buf[:0])
				if !ok {
					break
				}
				add(v)
			}
			end -= start
			start = 0
		}
	case typ == TypeList:
		it := o.quicklist().Iterator(0, true)
		for {
			v, ok := it.Next(buf[:0])
			if !ok {
				break
			}
			add(v)
		}
	case typ == TypeSet && o.enc == EncIntset:
		is := o.intset()
		arena = make([]byte, 0, is.Len()*8)
		for i := 0; i < is.Len(); i++ {
			add(strconv.AppendInt(buf[:0], is.Get(i), 10))
		}
	case typ == TypeSet:
		o.setDict().Range(func(e *ds.Entry[struct{}]) bool {
			vector = append(vector, sortItemOf(unsafeBytes(e.Key()), len(vector)))
			return true
		})
	case typ == TypeZSet && dontsort:
		zsl := o.zsetIndex().zsl
		n := zsl.First()
		if desc {
			n = zsl.Last()
			if start > 0 {
				n = zsl.ByRank(zsl.Len() - int(start))
			}
		} else if start > 0 {
			n = zsl.ByRank(int(start) + 1)
		}
		for len(vector) < vectorlen && n != nil {
			vector = append(vector, sortItemOf(unsafeBytes(n.Member()), len(vector)))
			if desc {
				n = n.Prev()
			} else {
				n = n.Next()
			}
		}
		end -= start
		start = 0
	case typ == TypeZSet:
		o.zsetIndex().dict.Range(func(e *ds.Entry[float64]) bool {
			vector = append(vector, sortItemOf(unsafeBytes(e.Key()), len(vector)))
			return true
		})
	}
	o = nil // lookups below may change the db: the pointer is stale then

	var keybuf []byte
	if !dontsort {
		convErr, nul := false, false
		var by []sortByVal
		if alpha && sortby != nil {
			by = make([]sortByVal, len(vector))
		}
		for i := range vector {
			it := &vector[i]
			byval := it.el()
			if alpha && sortby == nil && !nul {
				nul = bytes.IndexByte(byval, 0) >= 0
			}
			if sortby != nil {
				v, ok := s.sortLookup(c, sortby, byval, &keybuf, buf[:0])
				if !ok {
					continue
				}
				byval = v
			}
			if alpha {
				if sortby != nil {
					at := len(arena)
					arena = append(arena, byval...)
					by[i] = sortByVal{b: arena[at:len(arena):len(arena)], ok: true}
					nul = nul || bytes.IndexByte(byval, 0) >= 0
				}
			} else {
				f, ok := sortStrtod(byval)
				if !ok {
					convErr = true
				}
				it.score = f
			}
		}
		if convErr {
			c.addReplyError("ERR One or more scores can't be converted into double")
			return
		}
		cmp := sortComparator(desc, alpha, sortby != nil, storekey != nil, nul, by)
		if sortby != nil && (start != 0 || end != int64(len(vector))-1) {
			pqsort(vector, func(x, y *sortItem) int { return cmp(*x, *y) }, int(start), int(end))
		} else {
			// glibc's qsort is a merge sort: stable.
			slices.SortFunc(vector, func(a, b sortItem) int {
				if r := cmp(a, b); r != 0 {
					return r
				}
				return int(a.idx) - int(b.idx)
			})
		}
	}

	n := int(end - start + 1)
	outputlen := n
	if len(gets) > 0 {
		outputlen = len(gets) * n
	}
	if storekey == nil {
		c.addReplyArray(outputlen)
		for j := start; j <= end; j++ {
			el := vector[j].el()
			if len(gets) == 0 {
				c.addReplyBulk(el)
			}
			for _, pat := range gets {
				if v, ok := s.sortLookup(c, pat, el, &keybuf, buf[:0]); ok {
					c.addReplyBulk(v)
				} else {
					c.addReplyNull()
				}
			}
		}
		return
	}

	if outputlen == 0 {
		if s.dbDelete(c.db, storekey) {
			s.dirty++
		}
		c.addReplyInt(0)
		return
	}
	lo := s.newListObject()
	q := lo.quicklist()
	for j := start; j <= end; j++ {
		el := vector[j].el()
		if len(gets) == 0 {
			q.PushTail(el)
		}
		for _, pat := range gets {
			v, _ := s.sortLookup(c, pat, el, &keybuf, buf[:0])
			q.PushTail(v) // a missing value is stored as ""
		}
	}
	s.setKey(c, c.db, storekey, lo, false)
	s.dirty += int64(outputlen)
	c.addReplyInt(int64(outputlen))
}

// sortLookup is Redis's lookupKeyByPattern: "#" gives the element itself;
// otherwise the first '*' of the pattern is replaced by the element and
// the resulting key read as a string, or, with "->field" after the '*',
// as a hash whose field is read. ok is false for a missing key, field, or
// a value of another type. The result is a view: use it before the next
// lookup.
func (s *Server) sortLookup(c *Client, pat, subst []byte, keybuf *[]byte, scratch []byte) ([]byte, bool) {
	// The pattern is read as a C string where Redis does so.
	if len(pat) > 0 && pat[0] == '#' && (len(pat) == 1 || pat[1] == 0) {
		return subst, true
	}
	cpat := cString(pat)
	p := bytes.IndexByte(cpat, '*')
	if p < 0 {
		return nil, false
	}
	var field []byte
	if f := bytes.Index(cpat[p+1:], []byte("->")); f >= 0 {
		f += p + 1
		if f+2 < len(cpat) {
			field = pat[f+2:]
		}
	}
	post := len(pat) - p - 1
	if field != nil {
		post -= len(field) + 2
	}
	key := append((*keybuf)[:0], pat[:p]...)
	key = append(key, subst...)
	key = append(key, pat[p+1:p+1+post]...)
	*keybuf = key

	o := s.lookupRead(c, key)
	if o == nil {
		return nil, false
	}
	if field == nil {
		if o.typ != TypeString {
			return nil, false
		}
		return o.strBytes(scratch), true
	}
	if o.typ != TypeHash {
		return nil, false
	}
	if o.enc == EncListpack {
		lp := o.listpack()
		fp := lp.First()
		if fp < 0 {
			return nil, false
		}
		if fp = lp.Find(fp, field, 1); fp < 0 {
			return nil, false
		}
		return lp.GetBytes(lp.Next(fp), scratch[:0]), true
	}
	e := o.hashDict().Find(field)
	if e == nil {
		return nil, false
	}
	return unsafeBytes(e.Val), true
}

// sortStrtod converts a weight as Redis's SORT does: strtod on the value
// read as a C string, failing unless the whole string is consumed, on
// ERANGE (overflow, or an inexact result below the normal range) and on
// NaN. An empty string is 0.
func sortStrtod(b []byte) (float64, bool) {
	b = cString(b)
	if len(b) == 0 {
		return 0, true
	}
	i := 0
	for i < len(b) && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r')) {
		i++
	}
	neg := false
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = b[i] == '-'
		i++
	}
	rest := b[i:]
	sign := func(v float64) float64 {
		if neg {
			return -v
		}
		return v
	}
	if eqFold(rest, "inf") || eqFold(rest, "infinity") {
		return sign(math.Inf(1)), true
	}
	hex := len(rest) > 2 && rest[0] == '0' && (rest[1]|0x20) == 'x'
	digit := sortIsDigit
	expCh := byte('e')
	k := 0
	if hex {
		digit, expCh, k = sortIsHex, 'p', 2
	}
	nonzero, ndigits := false, 0
	for k < len(rest) && digit(rest[k]) {
		nonzero = nonzero || rest[k] != '0'
		k++
		ndigits++
	}
	if k < len(rest) && rest[k] == '.' {
		k++
		for k < len(rest) && digit(rest[k]) {
			nonzero = nonzero || rest[k] != '0'
			k++
			ndigits++
		}
	}
	if ndigits == 0 {
		return 0, false // no number, or "0x" with nothing after it
	}
	mantEnd := k
	if k < len(rest) && (rest[k]|0x20) == expCh {
		k++
		if k < len(rest) && (rest[k] == '+' || rest[k] == '-') {
			k++
		}
		e := k
		for k < len(rest) && sortIsDigit(rest[k]) {
			k++
		}
		if k == e {
			return 0, false // strtod stops before the 'e': trailing garbage
		}
	}
	if k != len(rest) {
		return 0, false
	}
	num := unsafe.String(&rest[0], len(rest)) // strconv does not keep it
	if hex && mantEnd == len(rest) {
		num = string(rest) + "p0" // strconv wants the binary exponent
	}
	v, err := strconv.ParseFloat(num, 64)
	if (err != nil && !errors.Is(err, strconv.ErrRange)) || math.IsInf(v, 0) {
		return 0, false // overflow: ERANGE
	}
	if nonzero && v <= 0x1p-1022 {
		if v == 0 || !sortExactNormal(num, v) {
			return 0, false // underflow: ERANGE
		}
	}
	return sign(v), true
}

// sortExactNormal reports whether strtod would not set ERANGE for a tiny
// result v of the unsigned number num: glibc does when the value, rounded
// to 53 bits with an unbounded exponent, is below the normal range and
// the result is inexact.
func sortExactNormal(num string, v float64) bool {
	r, ok := new(big.Rat).SetString(num)
	if !ok {
		return false
	}
	f := new(big.Float).SetPrec(53).SetMode(big.ToNearestEven).SetRat(r)
	if f.Cmp(big.NewFloat(0x1p-1022)) >= 0 {
		return true
	}
	return r.Cmp(new(big.Rat).SetFloat64(v)) == 0
}

func sortIsDigit(c byte) bool { return c >= '0' && c <= '9' }
func sortIsHex(c byte) bool   { return sortIsDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }
