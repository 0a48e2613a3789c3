package server

import (
	"strconv"
	"unsafe"

	"aeon/ds"
)

// Value types, as TYPE reports them.
const (
	TypeString uint8 = iota
	TypeList
	TypeSet
	TypeZSet
	TypeHash
	TypeStream
)

// Encodings, as OBJECT ENCODING reports them.
const (
	EncRaw uint8 = iota
	EncInt
	EncEmbstr
	EncHashtable
	EncQuicklist
	EncListpack
	EncIntset
	EncSkiplist
	EncStream
)

var typeNames = [...]string{"string", "list", "set", "zset", "hash", "stream"}

var encNames = [...]string{"raw", "int", "embstr", "hashtable", "quicklist", "listpack", "intset", "skiplist", "stream"}

// embstrLimit is the longest string Redis keeps in one allocation with its
// object (OBJ_ENCODING_EMBSTR_SIZE_LIMIT).
const embstrLimit = 44

// sharedIntegers mirrors OBJ_SHARED_INTEGERS: integers below it are shared
// objects in Redis, which OBJECT REFCOUNT reports as INT_MAX.
const sharedIntegers = 10000

// Object is a value in the keyspace, Redis's robj without the refcount.
// It is 24 bytes and lives inside the dict entry, so a string key costs one
// entry plus one allocation holding the key and (for embstr) the value:
//
//	ptr  string bytes (EncRaw, EncEmbstr) or *T for collections
//	n    byte length (EncRaw, EncEmbstr), or the value itself (EncInt)
//	lru  LRU clock in seconds (24 bits used), or LFU data
//	typ  TypeString, TypeList, ...
//	enc  EncRaw, EncInt, ...
//	capLog  for EncRaw: the buffer behind ptr is this Object's own and
//	        holds 1<<capLog bytes; 0 means it is not to be written
//	epoch   the last snapshot that wrote it, or current when it was
//	        created (see snapshot.go)
//
// Only a raw string with capLog != 0 is mutated in place (APPEND,
// SETRANGE, SETBIT, BITFIELD: see rawBuf); anything else is copied first,
// so embstr bytes, which may share an allocation with the key, are never
// written. Copying an Object to another key must go through dupValue,
// which gives the copy its own bytes.
type Object struct {
	ptr    unsafe.Pointer
	n      int64
	lru    uint32
	typ    uint8
	enc    uint8
	capLog uint8
	epoch  uint8
}

// Type returns the value's type.
func (o *Object) Type() uint8 { return o.typ }

// Enc returns the value's encoding.
func (o *Object) Enc() uint8 { return o.enc }

// TypeName returns the name TYPE reports.
func (o *Object) TypeName() string { return typeNames[o.typ] }

// EncName returns the name OBJECT ENCODING reports.
func (o *Object) EncName() string { return encNames[o.enc] }

// strBytes returns a string value's bytes; an int-encoded value is
// formatted into scratch. The result aliases the object (or scratch): copy
// it before storing it anywhere.
func (o *Object) strBytes(scratch []byte) []byte {
	if o.enc == EncInt {
		return strconv.AppendInt(scratch[:0], o.n, 10)
	}
	if o.ptr == nil {
		return nil
	}
	return unsafe.Slice((*byte)(o.ptr), o.n)
}

// strLen returns the length of a string value.
func (o *Object) strLen() int64 {
	if o.enc == EncInt {
		var buf [24]byte
		return int64(len(strconv.AppendInt(buf[:0], o.n, 10)))
	}
	return o.n
}

// intObject returns an int-encoded string value.
func intObject(v int64) Object { return Object{typ: TypeString, enc: EncInt, n: v} }

// canIntEncode reports whether s is a canonical integer Redis would store
// int-encoded (string2ll succeeds and len <= 20), and its value.
func canIntEncode(s []byte) (int64, bool) {
	if len(s) == 0 || len(s) > 20 {
		return 0, false
	}
	return parseInt(s)
}

// stringObject builds a string value from b, choosing int, embstr or raw as
// Redis's tryObjectEncoding does. The bytes are copied.
func stringObject(b []byte) Object {
	if v, ok := canIntEncode(b); ok {
		return intObject(v)
	}
	return bytesObject(append([]byte(nil), b...), len(b) <= embstrLimit)
}

// bytesObject wraps b (which the object takes ownership of) as a string
// value, embstr or raw.
func bytesObject(b []byte, embstr bool) Object {
	o := Object{typ: TypeString, enc: EncRaw, n: int64(len(b))}
	if embstr {
		o.enc = EncEmbstr
	}
	if len(b) > 0 {
		o.ptr = unsafe.Pointer(&b[0])
	} else {
		o.ptr = unsafe.Pointer(&emptyByte)
	}
	return o
}

// newRawString returns a raw string value of n zero bytes in a buffer it
// owns, with room to grow (capacity: the next power of two, at least 64),
// and the bytes, which the caller may fill.
func newRawString(n int) (Object, []byte) {
	capLog := uint8(6)
	for 1<<capLog < n {
		capLog++
	}
	buf := make([]byte, n, 1<<capLog)
	o := bytesObject(buf[:cap(buf)], false)
	o.n = int64(n)
	o.capLog = capLog
	return o, buf
}

// rawBuf makes o (a string value) a raw string owning a buffer of at least
// need bytes (growing it with zero bytes) and returns the bytes, which the
// caller may modify: Redis's dbUnshareStringValue plus sdsgrowzero.
// Afterwards the value is raw whatever its encoding was.
func rawBuf(o *Object, need int) []byte {
	var scratch [24]byte
	cur := o.strBytes(scratch[:0])
	n := len(cur)
	if need < n {
		need = n
	}
	if o.enc == EncRaw && o.capLog != 0 && need <= 1<<o.capLog {
		buf := unsafe.Slice((*byte)(o.ptr), 1<<o.capLog)[:need]
		clear(buf[n:])
		o.n = int64(need)
		return buf
	}
	nv, buf := newRawString(need)
	copy(buf, cur)
	nv.lru = o.lru
	*o = nv
	return buf
}

// emptyByte backs zero-length strings so that ptr is never nil for them.
// It is never written.
var emptyByte byte

// collectionObject wraps a pointer to a collection (lists, sets, ... come
// with their types; tests use it to make values of other types).
func collectionObject(typ, enc uint8, p unsafe.Pointer) Object {
	return Object{typ: typ, enc: enc, ptr: p}
}

// parseInt parses a decimal int64 as Redis's string2ll: optional '-', no
// '+', no leading zeros (except "0"), no spaces, no overflow.
func parseInt(s []byte) (int64, bool) { return ds.ParseInt(s) }
