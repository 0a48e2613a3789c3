package server

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unsafe"

	"aeon/ds"
	"aeon/persist"
)

// This file maps keyspace values to RDB records and back; persist/ owns
// the byte format. How each encoding is written (Redis 7.0, RDB 10):
//
//	string  int       TypeString, integer string (INT8/16/32 or digits)
//	        raw/emb   TypeString, string (LZF when rdbcompression)
//	list    quicklist TypeListQuicklist2: node count, then per node its
//	                  container (1 plain, 2 packed) and its bytes
//	set     intset    TypeSetIntset: the intset bytes as one string
//	        hashtable TypeSet: count, members
//	zset    listpack  TypeZSetListpack: the listpack bytes
//	        skiplist  TypeZSet2: count, then member and binary double,
//	                  highest score first (loading then inserts at the head)
//	hash    listpack  TypeHashListpack: the listpack bytes
//	        hashtable TypeHash: count, field, value, ...

// errRDBDuplicate and friends are load errors for values no Redis writes.
var (
	errRDBDuplicate = errors.New("duplicate member in a loaded collection")
	errRDBEmpty     = errors.New("empty collection in RDB")
	errRDBHashPairs = errors.New("hash listpack with an odd number of entries")
	errRDBZsetPairs = errors.New("zset listpack with an odd number of entries or a bad score")
	errRDBType      = errors.New("unknown value kind")
)

// rdbType is the RDB type byte o is written with.
func rdbType(o *Object) byte {
	switch o.typ {
	case TypeList:
		return persist.TypeListQuicklist2
	case TypeSet:
		if o.enc == EncIntset {
			return persist.TypeSetIntset
		}
		return persist.TypeSet
	case TypeZSet:
		if o.enc == EncListpack {
			return persist.TypeZSetListpack
		}
		return persist.TypeZSet2
	case TypeHash:
		if o.enc == EncListpack {
			return persist.TypeHashListpack
		}
		return persist.TypeHash
	}
	return persist.TypeString
}

// rdbSaveValue appends o's RDB type byte and value to ch (a DUMP payload's
// body).
func rdbSaveValue(ch *persist.Chunk, o *Object) {
	ch.Byte(rdbType(o))
	rdbSaveBody(ch, o)
}

// rdbSaveBody appends o's value, the part after the type byte and key.
func rdbSaveBody(ch *persist.Chunk, o *Object) {
	switch o.typ {
	case TypeString:
		if o.enc == EncInt {
			ch.IntString(o.n)
		} else {
			ch.String(o.strBytes(nil))
		}
	case TypeList:
		q := o.quicklist()
		ch.Len(uint64(q.NodeCount()))
		q.ForEachNode(func(b []byte, plain bool) bool {
			if plain {
				ch.Len(1)
			} else {
				ch.Len(2)
			}
			ch.String(b)
			return true
		})
	case TypeSet:
		if o.enc == EncIntset {
			ch.String(o.intset().Bytes())
			return
		}
		d := o.setDict()
		ch.Len(uint64(d.Len()))
		d.Range(func(e *ds.Entry[struct{}]) bool {
			ch.String(unsafeBytes(e.Key()))
			return true
		})
	case TypeZSet:
		if o.enc == EncListpack {
			ch.String(o.listpack().Bytes())
			return
		}
		zsl := o.zsetIndex().zsl
		ch.Len(uint64(zsl.Len()))
		for n := zsl.Last(); n != nil; n = n.Prev() {
			ch.String(unsafeBytes(n.Member()))
			ch.BinaryDouble(n.Score())
		}
	case TypeHash:
		if o.enc == EncListpack {
			ch.String(o.listpack().Bytes())
			return
		}
		d := o.hashDict()
		ch.Len(uint64(d.Len()))
		d.Range(func(e *ds.Entry[string]) bool {
			ch.String(unsafeBytes(e.Key()))
			ch.String(unsafeBytes(e.Val))
			return true
		})
	}
}

// rdbSaveKey appends one key record: its expiry (unix ms, -1 for none),
// its idle time or LFU counter when maxmemory-policy keeps them (Redis
// writes IDLE for LRU policies and FREQ for LFU ones), then type, key and
// value.
func (s *Server) rdbSaveKey(ch *persist.Chunk, key string, o *Object, expire int64) {
	if expire != -1 {
		ch.ExpireMs(expire)
	}
	switch {
	case s.lfu:
		ch.Freq(uint8(s.lfuDecrAndReturn(o)))
	case strings.HasSuffix(s.cfg.MaxmemoryPolicy, "-lru"):
		ch.Idle(uint64(s.objectIdleMs(o) / 1000))
	}
	ch.Byte(rdbType(o))
	ch.String(unsafeBytes(key))
	rdbSaveBody(ch, o)
}

// rdbAux appends the aux fields Redis 7.0 writes at the head of a file.
func (s *Server) rdbAux(ch *persist.Chunk, aofBase bool) {
	ch.Aux("redis-ver", Version)
	ch.Aux("redis-bits", strconv.Itoa(int(unsafe.Sizeof(uintptr(0))*8)))
	ch.Aux("ctime", strconv.FormatInt(s.unixMs/1000, 10))
	ch.Aux("used-mem", strconv.FormatInt(s.memInfo().used, 10))
	ch.Aux("aof-base", strconv.FormatInt(boolInt(aofBase), 10))
}

// --- loading ---------------------------------------------------------------

// objectFromRDB builds a keyspace value from a decoded RDB value, choosing
// the encoding Redis 7.0's loader would with the current thresholds. It
// takes ownership of v's slices.
func (s *Server) objectFromRDB(v *persist.Value) (Object, error) {
	switch v.Kind {
	case persist.KindString:
		if n, ok := canIntEncode(v.Str); ok {
			return intObject(n), nil
		}
		return bytesObject(v.Str, len(v.Str) <= embstrLimit), nil
	case persist.KindList:
		o := s.newListObject()
		q := o.quicklist()
		for _, n := range v.Nodes {
			if n.LP != nil {
				q.AppendNodeListpack(n.LP)
			} else {
				q.AppendPlainNode(n.Plain)
			}
		}
		if q.Len() == 0 {
			return Object{}, errRDBEmpty
		}
		return o, nil
	case persist.KindSet:
		return s.setFromRDB(v)
	case persist.KindZSet:
		return s.zsetFromRDB(v)
	case persist.KindHash:
		return s.hashFromRDB(v)
	}
	return Object{}, errRDBType
}

func (s *Server) setFromRDB(v *persist.Value) (Object, error) {
	max := s.cfg.SetMaxIntsetEntries
	if v.Intset != nil {
		if v.Intset.Len() == 0 {
			return Object{}, errRDBEmpty
		}
		o := collectionObject(TypeSet, EncIntset, unsafe.Pointer(v.Intset))
		if int64(v.Intset.Len()) > max {
			setConvert(&o)
		}
		return o, nil
	}
	members := v.Members
	if v.Listpack != nil { // Redis 7.2's set listpack: 7.0 has intset or hashtable
		lp := v.Listpack
		members = members[:0]
		for p := lp.First(); p >= 0; p = lp.Next(p) {
			members = append(members, lp.GetBytes(p, nil))
		}
	}
	if len(members) == 0 {
		return Object{}, errRDBEmpty
	}
	allInts := int64(len(members)) <= max
	for _, m := range members {
		if !allInts {
			break
		}
		_, allInts = parseInt(m)
	}
	if allInts {
		is := ds.NewIntset()
		for _, m := range members {
			n, _ := parseInt(m)
			if !is.Add(n) {
				return Object{}, errRDBDuplicate
			}
		}
		return collectionObject(TypeSet, EncIntset, unsafe.Pointer(is)), nil
	}
	d := ds.NewDict[struct{}]()
	for _, m := range members {
		if _, fresh := d.Insert(string(m), struct{}{}); !fresh {
			return Object{}, errRDBDuplicate
		}
	}
	return collectionObject(TypeSet, EncHashtable, unsafe.Pointer(d)), nil
}

func (s *Server) zsetFromRDB(v *persist.Value) (Object, error) {
	if lp := v.Listpack; lp != nil {
		n := lp.Len()
		if n == 0 {
			return Object{}, errRDBEmpty
		}
		if n%2 != 0 {
			return Object{}, errRDBZsetPairs
		}
		o := collectionObject(TypeZSet, EncListpack, unsafe.Pointer(lp))
		maxLen := 0
		for p := lp.First(); p >= 0; p = lp.Next(lp.Next(p)) {
			m, _, isInt := lp.Get(p)
			if !isInt && len(m) > maxLen {
				maxLen = len(m)
			}
			sp := lp.Next(p)
			if str, _, isInt := lp.Get(sp); !isInt {
				if _, err := strconv.ParseFloat(string(str), 64); err != nil && !isInfString(str) {
					return Object{}, errRDBZsetPairs
				}
			}
		}
		if int64(n/2) > s.cfg.ZsetMaxListpackEntries || int64(maxLen) > s.cfg.ZsetMaxListpackValue {
			zsetConvertToSkiplist(&o)
		}
		return o, nil
	}
	if len(v.Members) == 0 {
		return Object{}, errRDBEmpty
	}
	zi := newZsetIndex()
	maxLen := 0
	for i, m := range v.Members {
		score := v.Scores[i]
		if math.IsNaN(score) {
			return Object{}, errors.New("zset score is NaN")
		}
		ms := string(m)
		if _, fresh := zi.dict.Insert(ms, score); !fresh {
			return Object{}, errRDBDuplicate
		}
		zi.zsl.Insert(score, ms)
		maxLen = max(maxLen, len(m))
	}
	o := collectionObject(TypeZSet, EncSkiplist, unsafe.Pointer(zi))
	s.zsetConvertIfNeeded(&o, maxLen)
	return o, nil
}

// isInfString reports whether b is a score string strconv does not take
// but Redis writes ("inf", "-inf").
func isInfString(b []byte) bool {
	switch string(b) {
	case "inf", "-inf", "+inf":
		return true
	}
	return false
}

func (s *Server) hashFromRDB(v *persist.Value) (Object, error) {
	if lp := v.Listpack; lp != nil {
		n := lp.Len()
		if n == 0 {
			return Object{}, errRDBEmpty
		}
		if n%2 != 0 {
			return Object{}, errRDBHashPairs
		}
		o := collectionObject(TypeHash, EncListpack, unsafe.Pointer(lp))
		maxLen := 0
		var buf [24]byte
		for p := lp.First(); p >= 0; p = lp.Next(p) {
			maxLen = max(maxLen, len(lp.GetBytes(p, buf[:0])))
		}
		if int64(n/2) > s.cfg.HashMaxListpackEntries || int64(maxLen) > s.cfg.HashMaxListpackValue {
			hashConvert(&o)
		}
		return o, nil
	}
	if len(v.Members) == 0 {
		return Object{}, errRDBEmpty
	}
	if len(v.Members)%2 != 0 {
		return Object{}, errRDBHashPairs
	}
	small := int64(len(v.Members)/2) <= s.cfg.HashMaxListpackEntries
	for _, m := range v.Members {
		if !small {
			break
		}
		small = int64(len(m)) <= s.cfg.HashMaxListpackValue
	}
	d := ds.NewDict[string]()
	for i := 0; i < len(v.Members); i += 2 {
		if _, fresh := d.Insert(string(v.Members[i]), string(v.Members[i+1])); !fresh {
			return Object{}, errRDBDuplicate
		}
	}
	if !small {
		return collectionObject(TypeHash, EncHashtable, unsafe.Pointer(d)), nil
	}
	lp := ds.NewListpack()
	for i := 0; i < len(v.Members); i += 2 {
		lp.Append(v.Members[i])
		lp.Append(v.Members[i+1])
	}
	return collectionObject(TypeHash, EncListpack, unsafe.Pointer(lp)), nil
}

// rdbLoadError wraps a load failure with the file it came from.
func rdbLoadError(file string, err error) error {
	return fmt.Errorf("Short read or OOM loading DB. Unrecoverable error, aborting now. (%s: %v)", file, err)
}
