package server

import (
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"math"
	"strconv"

	"aeon/ds"
)

// DEBUG DIGEST and DEBUG DIGEST-VALUE: a SHA1-based signature of the data
// set (or of single values) that equals redis-server 7.0's for the same
// data, so tests can compare a whole keyspace with one command.
//
// Two operations build every digest (d is 20 bytes, initially zero):
//
//	xor(d, data):  d = d XOR SHA1(data)        order independent
//	mix(d, data):  d = SHA1(d XOR SHA1(data))  order dependent
//
// A value's digest, added to d (all zeros for DIGEST-VALUE; the key's
// digest for DIGEST):
//
//	mix(d, type)        the type as a 4-byte big-endian integer, with
//	                    Redis's numbers: string 0, list 1, set 2, zset 3,
//	                    hash 4, stream 6
//	string              mix(d, bytes); an int-encoded value as decimal
//	list                mix(d, element) for each element, head to tail
//	set                 xor(d, member) for each member (intset members
//	                    as decimal)
//	zset                per member e = 0; mix(e, member);
//	                    mix(e, score as C's "%.17g"); then xor(d, e)
//	hash                per field e = 0; mix(e, field); mix(e, value);
//	                    then xor(d, e)
//	TTL                 xor(d, "!!expire!!") if the key has one
//
// The data set's digest, f (all zeros for an empty data set):
//
//	for each db with keys, in order:
//	    mix(f, db index as a 4-byte big-endian integer)
//	    for each key: d = 0; mix(d, key); add the value's digest to d;
//	                  xor(f, d)
//
// Keys are found without expiring them, so a logically expired key that
// was not reclaimed yet still counts, as in Redis.

// digest is a 20-byte DEBUG DIGEST accumulator.
type digest [sha1.Size]byte

// xor adds data to d order-independently: d ^= SHA1(data).
func (d *digest) xor(data []byte) {
	h := sha1.Sum(data)
	for i := range d {
		d[i] ^= h[i]
	}
}

// mix adds data to d order-dependently: d = SHA1(d ^ SHA1(data)).
func (d *digest) mix(data []byte) {
	d.xor(data)
	*d = sha1.Sum(d[:])
}

// mixUint32 mixes v as 4 big-endian bytes (Redis's htonl'd integers).
func (d *digest) mixUint32(v uint32) {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], v)
	d.mix(b[:])
}

// String returns the 40 lowercase hex digits DEBUG replies with.
func (d *digest) String() string { return hex.EncodeToString(d[:]) }

// redisTypeID maps a value type to Redis's OBJ_* number, which the digest
// hashes (aeon numbers streams 5; Redis has modules at 5 and streams at 6).
func redisTypeID(typ uint8) uint32 {
	if typ == TypeStream {
		return 6
	}
	return uint32(typ)
}

// expiredMarker is xored into a value's digest when its key has a TTL.
var expiredMarker = []byte("!!expire!!")

// appendDigestScore appends a score as C's printf("%.17g") writes it, which
// is how Redis 7.0 hashes scores whatever the encoding stored.
func appendDigestScore(dst []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(dst, "nan"...)
	case math.IsInf(v, 1):
		return append(dst, "inf"...)
	case math.IsInf(v, -1):
		return append(dst, "-inf"...)
	}
	return strconv.AppendFloat(dst, v, 'g', 17, 64)
}

// addValueDigest adds the digest of o, stored under key in db, to d.
func addValueDigest(d *digest, db *DB, key string, o *Object) {
	d.mixUint32(redisTypeID(o.typ))
	var buf [64]byte
	switch o.typ {
	case TypeString:
		d.mix(o.strBytes(buf[:0]))
	case TypeList:
		it := o.quicklist().Iterator(0, true)
		for {
			v, ok := it.Next(buf[:0])
			if !ok {
				break
			}
			d.mix(v)
		}
	case TypeSet:
		if o.enc == EncIntset {
			is := o.intset()
			for i := 0; i < is.Len(); i++ {
				d.xor(strconv.AppendInt(buf[:0], is.Get(i), 10))
			}
		} else {
			o.setDict().Range(func(e *ds.Entry[struct{}]) bool {
				d.xor(unsafeBytes(e.Key()))
				return true
			})
		}
	case TypeZSet:
		pair := func(member []byte, score float64) {
			var e digest
			var sb [32]byte
			e.mix(member)
			e.mix(appendDigestScore(sb[:0], score))
			d.xor(e[:])
		}
		if o.enc == EncListpack {
			lp := o.listpack()
			for p := lp.First(); p >= 0; {
				m := lp.GetBytes(p, buf[:0])
				p = lp.Next(p)
				pair(m, zzlScore(lp, p, nil))
				p = lp.Next(p)
			}
		} else {
			for n := o.zsetIndex().zsl.First(); n != nil; n = n.Next() {
				pair(unsafeBytes(n.Member()), n.Score())
			}
		}
	case TypeHash:
		pair := func(field, value []byte) {
			var e digest
			e.mix(field)
			e.mix(value)
			d.xor(e[:])
		}
		if o.enc == EncListpack {
			lp := o.listpack()
			var vb [32]byte
			for p := lp.First(); p >= 0; {
				f := lp.GetBytes(p, buf[:0])
				p = lp.Next(p)
				v := lp.GetBytes(p, vb[:0])
				p = lp.Next(p)
				pair(f, v)
			}
		} else {
			o.hashDict().Range(func(e *ds.Entry[string]) bool {
				pair(unsafeBytes(e.Key()), unsafeBytes(e.Val))
				return true
			})
		}
	}
	if db.expires.Len() > 0 && db.expires.FindString(key) != nil {
		d.xor(expiredMarker)
	}
}

// valueDigest returns the DEBUG DIGEST-VALUE digest of key in db: all
// zeros for a missing key.
func valueDigest(db *DB, key []byte) digest {
	var d digest
	if e := db.dict.Find(key); e != nil {
		addValueDigest(&d, db, e.Key(), &e.Val)
	}
	return d
}

// datasetDigest returns the DEBUG DIGEST digest of every database.
func (s *Server) datasetDigest() digest {
	var f digest
	for i, db := range s.dbs {
		if db.dict.Len() == 0 {
			continue
		}
		f.mixUint32(uint32(i))
		db.dict.Range(func(e *ds.Entry[Object]) bool {
			var d digest
			d.mix(unsafeBytes(e.Key()))
			addValueDigest(&d, db, e.Key(), &e.Val)
			f.xor(d[:])
			return true
		})
	}
	return f
}

// debugDigest replies to DEBUG DIGEST.
func (s *Server) debugDigest(c *Client) {
	d := s.datasetDigest()
	c.addReplySimple(d.String())
}

// debugDigestValue replies to DEBUG DIGEST-VALUE key [key ...]: one status
// reply per key.
func (s *Server) debugDigestValue(c *Client) {
	keys := c.argv[2:]
	c.addReplyArray(len(keys))
	for _, k := range keys {
		d := valueDigest(c.db, k)
		c.addReplySimple(d.String())
	}
}
