package server

import (
	"math"
	"strconv"
	"unsafe"

	"aeon/ds"
)

// The collection types and their encodings, as Redis 7.0 keeps them:
//
//	type  encoding    Object.ptr           converted when
//	list  quicklist   *ds.Quicklist        (always a quicklist in 7.0)
//	hash  listpack    *ds.Listpack         > hash-max-listpack-entries fields,
//	      hashtable   *ds.Dict[string]       or a field/value > hash-max-listpack-value
//	set   intset      *ds.Intset           a non-integer member,
//	      hashtable   *ds.Dict[struct{}]     or > set-max-intset-entries
//	zset  listpack    *ds.Listpack         > zset-max-listpack-entries members,
//	      skiplist    *zsetIndex             or a member > zset-max-listpack-value
//
// Conversions only go from the compact encoding to the big one while a
// value is modified, as in Redis (store commands may build a compact one).
// A hash listpack holds field, value, field, value...; a zset listpack
// holds member, score pairs ordered by (score, member), scores written as
// Redis's d2string writes them.

// zsetIndex is the big sorted set encoding: the skiplist orders members
// by score, the dict maps each member to its score. Both hold the same
// member strings.
type zsetIndex struct {
	dict *ds.Dict[float64]
	zsl  *ds.Skiplist
}

func (o *Object) quicklist() *ds.Quicklist    { return (*ds.Quicklist)(o.ptr) }
func (o *Object) listpack() *ds.Listpack      { return (*ds.Listpack)(o.ptr) }
func (o *Object) intset() *ds.Intset          { return (*ds.Intset)(o.ptr) }
func (o *Object) hashDict() *ds.Dict[string]  { return (*ds.Dict[string])(o.ptr) }
func (o *Object) setDict() *ds.Dict[struct{}] { return (*ds.Dict[struct{}])(o.ptr) }
func (o *Object) zsetIndex() *zsetIndex       { return (*zsetIndex)(o.ptr) }

// newListObject returns an empty list with the configured node options.
func (s *Server) newListObject() Object {
	q := ds.NewQuicklist(int(s.cfg.ListMaxListpackSize), int(s.cfg.ListCompressDepth))
	return collectionObject(TypeList, EncQuicklist, unsafe.Pointer(q))
}

// newHashObject returns an empty hash (listpack).
func newHashObject() Object {
	return collectionObject(TypeHash, EncListpack, unsafe.Pointer(ds.NewListpack()))
}

// newSetObject returns an empty set suited to its first member: an intset
// for an integer, a hashtable otherwise (Redis's setTypeCreate).
func newSetObject(first []byte) Object { return newSetObjectHint(first, 0) }

// newSetObjectHint is newSetObject for a set about to get n members: an
// intset is allocated with room for n small integers.
func newSetObjectHint(first []byte, n int) Object {
	if _, ok := parseInt(first); ok {
		return collectionObject(TypeSet, EncIntset, unsafe.Pointer(ds.NewIntsetCap(n)))
	}
	return collectionObject(TypeSet, EncHashtable, unsafe.Pointer(ds.NewDict[struct{}]()))
}

// newZsetObject returns an empty sorted set, a listpack unless the first
// member (of length firstLen) or the expected size already exceeds the
// limits (Redis's zsetTypeCreate).
func (s *Server) newZsetObject(sizeHint, firstLen int) Object {
	if int64(sizeHint) <= s.cfg.ZsetMaxListpackEntries && int64(firstLen) <= s.cfg.ZsetMaxListpackValue &&
		s.cfg.ZsetMaxListpackEntries > 0 {
		return collectionObject(TypeZSet, EncListpack, unsafe.Pointer(ds.NewListpack()))
	}
	return collectionObject(TypeZSet, EncSkiplist, unsafe.Pointer(newZsetIndex()))
}

func newZsetIndex() *zsetIndex {
	return &zsetIndex{dict: ds.NewDict[float64](), zsl: ds.NewSkiplist(0x5eed)}
}

// --- conversions -----------------------------------------------------------

// hashConvert turns a listpack hash into a hashtable.
func hashConvert(o *Object) {
	lp := o.listpack()
	d := ds.NewDict[string]()
	var fb, vb [24]byte
	for p := lp.First(); p >= 0; {
		f := string(lp.GetBytes(p, fb[:0]))
		p = lp.Next(p)
		v := string(lp.GetBytes(p, vb[:0]))
		p = lp.Next(p)
		d.Insert(f, v)
	}
	*o = Object{typ: TypeHash, enc: EncHashtable, ptr: unsafe.Pointer(d), lru: o.lru}
}

// hashTryConvert converts a listpack hash before fields and values of the
// given lengths are added, if one of them is too long (hashTypeTryConversion).
func (s *Server) hashTryConvert(o *Object, args [][]byte) {
	if o.enc != EncListpack {
		return
	}
	for _, a := range args {
		if int64(len(a)) > s.cfg.HashMaxListpackValue {
			hashConvert(o)
			return
		}
	}
}

// hashConvertIfTooBig converts a listpack hash with too many fields.
func (s *Server) hashConvertIfTooBig(o *Object) {
	if o.enc == EncListpack && int64(o.listpack().Len()/2) > s.cfg.HashMaxListpackEntries {
		hashConvert(o)
	}
}

// setConvert turns an intset into a hashtable.
func setConvert(o *Object) {
	is := o.intset()
	d := ds.NewDict[struct{}]()
	for i := 0; i < is.Len(); i++ {
		d.Insert(strconv.FormatInt(is.Get(i), 10), struct{}{})
	}
	*o = Object{typ: TypeSet, enc: EncHashtable, ptr: unsafe.Pointer(d), lru: o.lru}
}

// zsetConvertToSkiplist turns a listpack sorted set into a skiplist+dict.
func zsetConvertToSkiplist(o *Object) {
	lp := o.listpack()
	zi := newZsetIndex()
	var mb, sb [32]byte
	for p := lp.First(); p >= 0; {
		m := string(lp.GetBytes(p, mb[:0]))
		p = lp.Next(p)
		score := zzlScore(lp, p, sb[:0])
		p = lp.Next(p)
		zi.dict.Insert(m, score)
		zi.zsl.Insert(score, m)
	}
	*o = Object{typ: TypeZSet, enc: EncSkiplist, ptr: unsafe.Pointer(zi), lru: o.lru}
}

// zsetConvertToListpack turns a skiplist sorted set into a listpack.
func zsetConvertToListpack(o *Object) {
	zi := o.zsetIndex()
	lp := ds.NewListpack()
	var buf [32]byte
	for n := zi.zsl.First(); n != nil; n = n.Next() {
		lp.Append(unsafeBytes(n.Member()))
		lp.Append(d2string(buf[:0], n.Score()))
	}
	*o = Object{typ: TypeZSet, enc: EncListpack, ptr: unsafe.Pointer(lp), lru: o.lru}
}

// zsetConvertIfNeeded picks the encoding a stored sorted set of its size
// should have (Redis's zsetConvertToListpackIfNeeded, for store commands).
func (s *Server) zsetConvertIfNeeded(o *Object, maxLen int) {
	if o.enc != EncSkiplist {
		return
	}
	zi := o.zsetIndex()
	if int64(zi.zsl.Len()) <= s.cfg.ZsetMaxListpackEntries && int64(maxLen) <= s.cfg.ZsetMaxListpackValue {
		zsetConvertToListpack(o)
	}
}

// zzlScore reads the score stored at p of a zset listpack.
func zzlScore(lp *ds.Listpack, p int, scratch []byte) float64 {
	s, v, isInt := lp.Get(p)
	if isInt {
		return float64(v)
	}
	_ = scratch
	f, _ := strconv.ParseFloat(string(s), 64)
	return f
}

// d2string appends a score as Redis 7.0's d2string writes it into a
// listpack: integers (|v| < 2^52, -0 included, which becomes "0") in
// decimal, "inf"/"-inf", and "%.17g" otherwise.
func d2string(dst []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(dst, "nan"...)
	case math.IsInf(v, 1):
		return append(dst, "inf"...)
	case math.IsInf(v, -1):
		return append(dst, "-inf"...)
	case v > -4503599627370495 && v < 4503599627370496 && v == float64(int64(v)):
		return strconv.AppendInt(dst, int64(v), 10)
	}
	return strconv.AppendFloat(dst, v, 'g', 17, 64)
}

// --- duplication (COPY) and size (MEMORY USAGE) ------------------------------

// dupCollection returns a deep copy of a list, hash, set or zset value.
func dupCollection(o *Object) Object {
	switch o.typ {
	case TypeList:
		src := o.quicklist()
		q := ds.NewQuicklist(src.Options())
		it := src.Iterator(0, true)
		var buf [32]byte
		for {
			v, ok := it.Next(buf[:0])
			if !ok {
				break
			}
			q.PushTail(v)
		}
		return collectionObject(TypeList, EncQuicklist, unsafe.Pointer(q))
	case TypeHash, TypeZSet:
		if o.enc == EncListpack {
			return collectionObject(o.typ, EncListpack, unsafe.Pointer(o.listpack().Clone()))
		}
		if o.typ == TypeHash {
			d := ds.NewDict[string]()
			o.hashDict().Range(func(e *ds.Entry[string]) bool {
				d.Insert(e.Key(), e.Val)
				return true
			})
			return collectionObject(TypeHash, EncHashtable, unsafe.Pointer(d))
		}
		zi := newZsetIndex()
		for n := o.zsetIndex().zsl.First(); n != nil; n = n.Next() {
			zi.dict.Insert(n.Member(), n.Score())
			zi.zsl.Insert(n.Score(), n.Member())
		}
		return collectionObject(TypeZSet, EncSkiplist, unsafe.Pointer(zi))
	case TypeSet:
		if o.enc == EncIntset {
			return collectionObject(TypeSet, EncIntset, unsafe.Pointer(o.intset().Clone()))
		}
		d := ds.NewDict[struct{}]()
		o.setDict().Range(func(e *ds.Entry[struct{}]) bool {
			d.Insert(e.Key(), struct{}{})
			return true
		})
		return collectionObject(TypeSet, EncHashtable, unsafe.Pointer(d))
	}
	return Object{typ: typeUnknown}
}

// collectionSize estimates the bytes a collection uses beyond its object
// header, sampling up to samples elements of big encodings (0 = all), as
// Redis's objectComputeSize.
func collectionSize(o *Object, samples int64) int64 {
	const entry = 48 // a ds.Entry with a 16-byte value
	switch o.enc {
	case EncQuicklist:
		return int64(o.quicklist().MemoryUsage())
	case EncListpack:
		return int64(o.listpack().Size())
	case EncIntset:
		return int64(o.intset().Size())
	}
	var n, sampled, bytes int64
	visit := func(k string, extra int64) bool {
		bytes += entry + int64(len(k)) + extra
		sampled++
		return samples == 0 || sampled < samples
	}
	switch o.typ {
	case TypeHash:
		d := o.hashDict()
		n = int64(d.Len())
		d.Range(func(e *ds.Entry[string]) bool { return visit(e.Key(), int64(len(e.Val))+16) })
	case TypeSet:
		d := o.setDict()
		n = int64(d.Len())
		d.Range(func(e *ds.Entry[struct{}]) bool { return visit(e.Key(), 0) })
	case TypeZSet:
		zi := o.zsetIndex()
		n = int64(zi.zsl.Len())
		for nd := zi.zsl.First(); nd != nil; nd = nd.Next() {
			if !visit(nd.Member(), 48) { // the skiplist node
				break
			}
		}
	default:
		return 64
	}
	if sampled == 0 {
		return 0
	}
	return bytes * n / sampled
}
