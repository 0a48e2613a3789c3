package persist

import (
	"encoding/binary"
	"math"
	"strconv"

	"aeon/ds"
)

// Kind is the data type of a decoded Value.
type Kind uint8

// Value kinds.
const (
	KindString Kind = iota
	KindList
	KindSet
	KindZSet
	KindHash
)

// Value is a decoded value, neutral of the server's objects. Old encodings
// are converted so that only these forms appear:
//
//	Kind        fields set                 from RDB types
//	KindString  Str                        String
//	KindList    Nodes                      ListQuicklist2 (nodes as stored);
//	                                       ListQuicklist (each ziplist node
//	                                       becomes a listpack node); List and
//	                                       ListZiplist (packed into listpack
//	                                       nodes of up to 8 KiB)
//	KindSet     Intset                     SetIntset (never empty)
//	KindSet     Members                    Set; SetListpack (Redis 7.2)
//	KindZSet    Listpack                   ZSetListpack; ZSetZiplist
//	KindZSet    Members, Scores            ZSet (string scores), ZSet2
//	KindHash    Listpack                   HashListpack; HashZiplist,
//	                                       HashZipmap
//	KindHash    Members (field, value, ..) Hash
//
// Every listpack, intset, ziplist and zipmap is validated fully (structure,
// counts; hash and sorted set listpacks have an even number of entries and
// sorted set scores parse as doubles other than NaN). Duplicates are
// detected only in the old encodings that are converted here (ziplist and
// zipmap hashes and sorted sets, as Redis 7.0 always does there); for the
// others, as Redis without sanitize-dump-payload, the server finds them
// when it builds its dicts (Members of sets, hashes and sorted sets). Kinds
// the package does not decode (modules, streams) are errors wrapping
// ErrUnsupported.
type Value struct {
	Kind Kind
	Type byte // the RDB type it was read from

	Str   []byte     // KindString
	Nodes []ListNode // KindList, in order, none empty

	Listpack *ds.Listpack // hash: field, value, ...; zset: member, score, ...
	Intset   *ds.Intset

	Members [][]byte  // set members; hash field, value, field, value, ...
	Scores  []float64 // zset: the score of Members[i], never NaN
}

// ListNode is one quicklist node: a listpack (LP, validated, not empty) or
// a plain node holding one element (Plain, not empty).
type ListNode struct {
	LP    *ds.Listpack
	Plain []byte
}

// reset clears v for reuse, keeping the slices' storage (unless huge).
func (v *Value) reset() {
	clear(v.Nodes)
	clear(v.Members)
	nodes, members, scores := v.Nodes[:0], v.Members[:0], v.Scores[:0]
	if cap(members) > 1<<16 {
		members, scores = nil, nil
	}
	if cap(nodes) > 1<<16 {
		nodes = nil
	}
	*v = Value{Nodes: nodes, Members: members, Scores: scores}
}

// ReadValue reads a value of RDB type typ (the byte before the key, or the
// first byte of a DUMP payload) and returns it, new and owned by the
// caller. An empty collection gives an error wrapping ErrEmptyKey.
func (r *Reader) ReadValue(typ byte) (*Value, error) {
	v := new(Value)
	if err := r.readValue(typ, v); err != nil {
		return nil, err
	}
	return v, nil
}

// readValue reads a value of type typ into v (reset).
func (r *Reader) readValue(typ byte, v *Value) error {
	start := r.Offset()
	v.Type = typ
	switch typ {
	case TypeString:
		s, err := r.ReadString()
		v.Kind, v.Str = KindString, s
		return err
	case TypeList:
		v.Kind = KindList
		n, err := r.readCount("list")
		if err != nil {
			return err
		}
		r.lb.start(v)
		for range n {
			s, err := r.ReadString()
			if err != nil {
				return err
			}
			r.lb.add(s, 0, false)
		}
		return nil
	case TypeSet:
		v.Kind = KindSet
		n, err := r.readCount("set")
		if err != nil {
			return err
		}
		v.Members = grow(v.Members, n)
		for range n {
			s, err := r.ReadString()
			if err != nil {
				return err
			}
			v.Members = append(v.Members, s)
		}
		return nil
	case TypeZSet, TypeZSet2:
		v.Kind = KindZSet
		n, err := r.readCount("sorted set")
		if err != nil {
			return err
		}
		v.Members, v.Scores = grow(v.Members, n), grow(v.Scores, n)
		for range n {
			s, err := r.ReadString()
			if err != nil {
				return err
			}
			at := r.Offset()
			var f float64
			if typ == TypeZSet {
				f, err = r.readStringDouble()
			} else {
				f, err = r.readBinaryDouble()
			}
			if err != nil {
				return err
			}
			if math.IsNaN(f) {
				return r.fail(at, "sorted set with NaN score")
			}
			v.Members, v.Scores = append(v.Members, s), append(v.Scores, f)
		}
		return nil
	case TypeHash:
		v.Kind = KindHash
		n, err := r.readCount("hash")
		if err != nil {
			return err
		}
		v.Members = grow(v.Members, 2*n)
		for range 2 * n {
			s, err := r.ReadString()
			if err != nil {
				return err
			}
			v.Members = append(v.Members, s)
		}
		return nil
	case TypeListQuicklist, TypeListQuicklist2:
		v.Kind = KindList
		return r.readQuicklist(typ, v)
	case TypeHashZipmap, TypeListZiplist, TypeSetIntset, TypeZSetZiplist,
		TypeHashZiplist, TypeHashListpack, TypeZSetListpack, TypeSetListpack:
		blob, err := r.ReadString()
		if err != nil {
			return err
		}
		return r.decodeBlob(typ, blob, start, v)
	case TypeModule, TypeModule2:
		return &FormatError{Offset: start, What: "module value", Err: ErrUnsupported}
	case TypeStreamListpacks, TypeStreamListpacks2, TypeStreamListpacks3:
		return &FormatError{Offset: start, What: "stream value", Err: ErrUnsupported}
	}
	return r.fail(start, "unknown value type %d", typ)
}

// knownType reports whether typ is an RDB value type (decodable or not).
func knownType(typ byte) bool {
	return typ <= TypeStreamListpacks3 && typ != 8
}

// grow returns s with room for min(n, maxPrealloc) more elements.
func grow[T any](s []T, n int) []T {
	n = min(n, maxPrealloc)
	if cap(s)-len(s) < n {
		t := make([]T, len(s), len(s)+n)
		copy(t, s)
		return t
	}
	return s
}

// readStringDouble reads a TypeZSet score (rdbLoadDoubleValue): a length
// byte, 253 = NaN, 254 = +inf, 255 = -inf, else that many bytes of
// decimal text.
func (r *Reader) readStringDouble() (float64, error) {
	start := r.Offset()
	n, err := r.ReadByte()
	if err != nil {
		return 0, err
	}
	switch n {
	case 253:
		return math.NaN(), nil
	case 254:
		return math.Inf(1), nil
	case 255:
		return math.Inf(-1), nil
	}
	p, err := r.next(int(n))
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(string(p), 64)
	if err != nil && !isRangeErr(err) {
		return 0, r.fail(start, "bad double value %q", p)
	}
	return f, nil
}

// isRangeErr reports whether err is strconv's out of range error (the
// value is ±Inf or 0, as strtod gives).
func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// readBinaryDouble reads a TypeZSet2 score: 8 bytes little endian.
func (r *Reader) readBinaryDouble() (float64, error) {
	p, err := r.next(8)
	if err != nil {
		return 0, err
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(p)), nil
}

// readQuicklist reads TypeListQuicklist (ziplist nodes) or
// TypeListQuicklist2 (container, blob nodes). Empty nodes are skipped; a
// list with no elements is an empty key.
func (r *Reader) readQuicklist(typ byte, v *Value) error {
	n, err := r.readCount("quicklist")
	if err != nil {
		return err
	}
	v.Nodes = grow(v.Nodes, n)
	for range n {
		container := uint64(containerPacked)
		at := r.Offset()
		if typ == TypeListQuicklist2 {
			if container, err = r.ReadLen(); err != nil {
				return err
			}
			if container != containerPlain && container != containerPacked {
				return r.fail(at, "bad quicklist node container %d", container)
			}
		}
		at = r.Offset()
		blob, err := r.ReadString()
		if err != nil {
			return err
		}
		switch {
		case container == containerPlain:
			if len(blob) == 0 {
				return r.fail(at, "empty plain quicklist node")
			}
			v.Nodes = append(v.Nodes, ListNode{Plain: blob})
		case typ == TypeListQuicklist2:
			lp, err := ds.ListpackFromBytes(blob)
			if err != nil {
				return &FormatError{Offset: at, What: "quicklist listpack integrity check failed", Err: err}
			}
			if lp.Len() > 0 {
				v.Nodes = append(v.Nodes, ListNode{LP: lp})
			}
		default:
			lp := ds.NewListpack()
			lp.Reserve(len(blob))
			if _, err := ziplistEach(blob, func(s []byte, iv int64, isInt bool) error {
				if isInt {
					lp.AppendInt(iv)
				} else {
					lp.Append(s)
				}
				return nil
			}); err != nil {
				return &FormatError{Offset: at, What: "quicklist ziplist integrity check failed", Err: err}
			}
			if lp.Len() > 0 {
				v.Nodes = append(v.Nodes, ListNode{LP: lp})
			}
		}
	}
	if len(v.Nodes) == 0 {
		return &FormatError{Offset: r.Offset(), What: "empty list", Err: ErrEmptyKey}
	}
	return nil
}

// decodeBlob decodes the string-wrapped encodings: zipmap, ziplists,
// intset, listpacks. blob is owned (listpacks keep it); start is the offset
// of the value, for errors.
func (r *Reader) decodeBlob(typ byte, blob []byte, start int64, v *Value) error {
	bad := func(what string, err error) error {
		return &FormatError{Offset: start, What: what + " integrity check failed", Err: err}
	}
	empty := func(what string) error {
		return &FormatError{Offset: start, What: "empty " + what, Err: ErrEmptyKey}
	}
	switch typ {
	case TypeSetIntset:
		v.Kind = KindSet
		is, err := ds.IntsetFromBytes(blob)
		if err != nil {
			return bad("intset", err)
		}
		if is.Len() == 0 {
			return bad("intset", errEmptyIntset)
		}
		v.Intset = is
		return nil
	case TypeListZiplist:
		v.Kind = KindList
		r.lb.start(v)
		n, err := ziplistEach(blob, func(s []byte, iv int64, isInt bool) error {
			r.lb.add(s, iv, isInt) // copies s
			return nil
		})
		if err != nil {
			return bad("list ziplist", err)
		}
		if n == 0 {
			return empty("list")
		}
		return nil
	case TypeHashZiplist, TypeZSetZiplist:
		lp, n, err := pairsFromZiplist(blob, typ == TypeZSetZiplist)
		v.Kind = KindHash
		what := "hash ziplist"
		if typ == TypeZSetZiplist {
			v.Kind, what = KindZSet, "zset ziplist"
		}
		if err != nil {
			return bad(what, err)
		}
		if n == 0 {
			return empty(what)
		}
		v.Listpack = lp
		return nil
	case TypeHashZipmap:
		v.Kind = KindHash
		lp, err := hashFromZipmap(blob)
		if err != nil {
			return bad("zipmap", err)
		}
		v.Listpack = lp
		return nil
	case TypeHashListpack, TypeZSetListpack:
		v.Kind = KindHash
		what := "hash listpack"
		if typ == TypeZSetListpack {
			v.Kind, what = KindZSet, "zset listpack"
		}
		lp, err := ds.ListpackFromBytes(blob)
		if err != nil {
			return bad(what, err)
		}
		n, err := checkPairs(lp, typ == TypeZSetListpack)
		if err != nil {
			return bad(what, err)
		}
		if n == 0 {
			return empty(what)
		}
		v.Listpack = lp
		return nil
	case TypeSetListpack:
		v.Kind = KindSet
		lp, err := ds.ListpackFromBytes(blob)
		if err != nil {
			return bad("set listpack", err)
		}
		v.Members = grow(v.Members, lp.Len())
		var num [20]byte
		for p := lp.First(); p >= 0; p = lp.Next(p) {
			v.Members = append(v.Members, append([]byte(nil), lp.GetBytes(p, num[:0])...))
		}
		if len(v.Members) == 0 {
			return empty("set listpack")
		}
		return nil
	}
	return r.fail(start, "unknown value type %d", typ)
}

// checkPairs checks that lp holds pairs (an even number of entries) and,
// for a sorted set, that every second entry is a score; it returns the
// number of entries.
func checkPairs(lp *ds.Listpack, zset bool) (int, error) {
	n := 0
	for p := lp.First(); p >= 0; p = lp.Next(p) {
		if zset && n%2 == 1 {
			s, _, isInt := lp.Get(p)
			if !isInt && !validScore(s) {
				return 0, errBadScore
			}
		}
		n++
	}
	if n%2 != 0 {
		return 0, errOddCount
	}
	return n, nil
}

// validScore reports whether s is a sorted set score in a listpack or
// ziplist: a number strconv.ParseFloat reads (overflow included), not NaN.
func validScore(s []byte) bool {
	f, err := strconv.ParseFloat(string(s), 64)
	return (err == nil || isRangeErr(err)) && !math.IsNaN(f)
}

// listBuilder packs list elements into listpack nodes of up to
// listNodeSize bytes (list-max-listpack-size -2, the default).
type listBuilder struct {
	v   *Value
	cur *ds.Listpack
}

func (b *listBuilder) start(v *Value) { b.v, b.cur = v, nil }

// add appends an element (s, or the integer iv when isInt).
func (b *listBuilder) add(s []byte, iv int64, isInt bool) {
	est := len(s) + 11 // entry header and backlen, at most
	if b.cur == nil || b.cur.Size()+est > listNodeSize {
		b.cur = ds.NewListpack()
		b.v.Nodes = append(b.v.Nodes, ListNode{LP: b.cur})
	}
	if isInt {
		b.cur.AppendInt(iv)
	} else {
		b.cur.Append(s)
	}
}
