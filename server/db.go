package server

import (
	"unsafe"

	"aeon/ds"
)

// DB is one numbered database: a dict of keys and a dict of expiry times
// (unix ms) for the keys that have one. Both dicts share each key's string.
type DB struct {
	id      int
	dict    *ds.Dict[Object]
	expires *ds.Dict[int64]

	expireCursor uint64 // where the active expire cycle resumes
	avgTTL       int64  // running average TTL of sampled keys, for INFO keyspace
}

func newDB(id int) *DB {
	return &DB{id: id, dict: ds.NewDict[Object](), expires: ds.NewDict[int64]()}
}

// Len returns the number of keys (expired ones not yet reclaimed included).
func (db *DB) Len() int { return db.dict.Len() }

// lookup flags
const (
	lookupNone     = 0
	lookupWrite    = 1 << iota // the caller is about to modify: no hit/miss stats
	lookupNoTouch              // don't update the access time
	lookupNoExpire             // don't delete an expired key (used by replicas, DEBUG)
)

// expireIfNeeded deletes key if its time has passed and reports whether the
// key is (now) gone because it expired.
func (s *Server) expireIfNeeded(db *DB, key []byte) bool {
	if db.expires.Len() == 0 {
		return false
	}
	e := db.expires.Find(key)
	if e == nil || e.Val >= s.cmdTime {
		return false // Redis: expired only once now > when
	}
	if s.loading {
		return false
	}
	s.deleteExpired(db, key)
	return true
}

// deleteExpired removes an expired key and counts it.
func (s *Server) deleteExpired(db *DB, key []byte) {
	s.propagateExpired(db, key)
	s.dbDelete(db, key)
	s.stats.expiredKeys++
	s.dirty++
}

// lookupKey finds key in db for a command, expiring it lazily. It returns
// a pointer into the dict entry: valid until the db is next modified.
func (s *Server) lookupKey(c *Client, db *DB, key []byte, flags int) *Object {
	var e *ds.Entry[Object]
	if !s.expireIfNeeded(db, key) {
		e = db.dict.Find(key)
	}
	if e == nil {
		if flags&lookupWrite == 0 {
			s.stats.keyspaceMisses++
		}
		return nil
	}
	if flags&lookupWrite == 0 {
		s.stats.keyspaceHits++
	} else {
		s.noteWriteLookup(db, key)
		if s.snap != nil {
			s.snapshotKey(db, key)
		}
	}
	if flags&lookupNoTouch == 0 && (c == nil || !c.noTouch) {
		s.touch(&e.Val)
	}
	return &e.Val
}

// lookupRead finds a key for reading.
func (s *Server) lookupRead(c *Client, key []byte) *Object {
	return s.lookupKey(c, c.db, key, lookupNone)
}

// lookupWriteKey finds a key that is about to be modified.
func (s *Server) lookupWriteKey(c *Client, key []byte) *Object {
	return s.lookupKey(c, c.db, key, lookupWrite)
}

// newKey makes the dict's string for key. When val is an embstr-sized string
// (which it then rewrites to point into the same allocation) key and value
// share one allocation, as Redis's embstr shares it with the robj.
func newKey(key []byte, val *Object) string {
	if val.typ == TypeString && val.enc == EncEmbstr {
		buf := make([]byte, len(key)+int(val.n))
		copy(buf, key)
		copy(buf[len(key):], unsafe.Slice((*byte)(val.ptr), val.n))
		if val.n > 0 {
			val.ptr = unsafe.Pointer(&buf[len(key)])
		}
		return unsafe.String(unsafe.SliceData(buf), len(key))
	}
	return string(key)
}

// dbAdd adds key, which must not exist, with val.
func (s *Server) dbAdd(db *DB, key []byte, val Object) {
	val.lru = s.accessStamp()
	val.epoch = s.rdb.epoch
	k := newKey(key, &val)
	db.dict.Insert(k, val)
	s.touchWatchedKey(db, key)
	s.signalKeyAsReady(db, key)
}

// setKey is Redis's setKey: add or overwrite key with val, dropping any TTL
// unless keepTTL.
func (s *Server) setKey(c *Client, db *DB, key []byte, val Object, keepTTL bool) {
	val.lru = s.accessStamp()
	val.epoch = s.rdb.epoch
	if s.snap != nil {
		s.snapshotKey(db, key)
	}
	if e := db.dict.Find(key); e != nil {
		e.Val = val
		if !keepTTL {
			db.expires.Delete(key)
		}
	} else {
		k := newKey(key, &val)
		db.dict.Insert(k, val)
	}
	s.touchWatchedKey(db, key)
	s.signalKeyAsReady(db, key)
}

// setStringKey stores a string built from b (copied) under key.
func (s *Server) setStringKey(c *Client, db *DB, key, b []byte, keepTTL bool) {
	s.setKey(c, db, key, stringObject(b), keepTTL)
}

// dbDelete removes key and its TTL; it reports whether the key existed.
func (s *Server) dbDelete(db *DB, key []byte) bool {
	if s.snap != nil {
		s.snapshotKey(db, key)
	}
	if db.dict.Delete(key) == nil {
		return false
	}
	s.touchWatchedKey(db, key)
	if db.expires.Len() > 0 {
		db.expires.Delete(key)
	}
	return true
}

// setExpire sets key's expiry to when (unix ms); the key must exist.
func (s *Server) setExpire(db *DB, key []byte, when int64) {
	if s.snap != nil {
		s.snapshotKey(db, key)
	}
	s.touchWatchedKey(db, key)
	if e := db.expires.Find(key); e != nil {
		e.Val = when
		return
	}
	kd := db.dict.Find(key)
	if kd == nil {
		return
	}
	db.expires.Insert(kd.Key(), when)
}

// getExpire returns key's expiry (unix ms) or -1.
func (db *DB) getExpire(key []byte) int64 {
	if db.expires.Len() == 0 {
		return -1
	}
	if e := db.expires.Find(key); e != nil {
		return e.Val
	}
	return -1
}

// removeExpire drops key's TTL and reports whether it had one.
func (db *DB) removeExpire(key []byte) bool {
	return db.expires.Delete(key) != nil
}

// flush empties db.
func (db *DB) flush() {
	db.dict.Clear()
	db.expires.Clear()
	db.expireCursor = 0
	db.avgTTL = 0
}
