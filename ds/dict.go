package ds

import (
	"hash/maphash"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"time"
	"unsafe"
)

const (
	dictInitialSize    = 4  // DICT_HT_INITIAL_SIZE
	dictMinFillPercent = 10 // HASHTABLE_MIN_FILL
	dictEmptyVisits    = 10 // empty buckets one rehash step may skip per bucket moved
)

// Entry is one key/value pair. Key is fixed for the entry's life; Val may be
// modified in place by the owner.
//
// The key is kept as pointer and 32-bit length, and the other 32 bits of
// what a string header would take hold the low bits of the key's hash: a
// lookup compares them before the key's bytes (a chain neighbour costs
// one cache miss, not two), and rehashing needs no hashing at all (the
// bucket index is those low bits for tables of up to 2^32 buckets).
type Entry[V any] struct {
	next *Entry[V]
	kp   *byte  // the key's bytes (kept alive by this pointer)
	klen uint32 // so keys are < 4 GiB (Insert panics otherwise)
	hash uint32 // low 32 bits of the key's hash
	Val  V
}

// Key returns the entry's key.
func (e *Entry[V]) Key() string { return unsafe.String(e.kp, e.klen) }

// is reports whether e's key is key, whose hash is h.
func (e *Entry[V]) is(h uint64, key string) bool {
	return e.hash == uint32(h) && int(e.klen) == len(key) && e.Key() == key
}

// table is one power-of-two array of bucket chains.
type table[V any] struct {
	buckets []*Entry[V] // len is 0 or a power of two
	used    int         // entries in this table
}

func (t *table[V]) mask() uint64 { return uint64(len(t.buckets)) - 1 }

// Dict is a chained hash table with incremental rehashing, modelled on
// Redis's dict.c. See the package documentation for the design.
//
// A Dict is not safe for concurrent use.
type Dict[V any] struct {
	ht        [2]table[V] // ht[1] is non-empty only while rehashing
	rehashIdx int         // next ht[0] bucket to move; -1 when not rehashing
	pause     int         // >0 while Range/Scan callbacks run: no rehash steps
	seed      maphash.Seed
	rng       uint64 // wyrand state for sampling
}

// NewDict returns an empty dict. The first insert allocates a 4-bucket table.
func NewDict[V any]() *Dict[V] {
	return &Dict[V]{
		rehashIdx: -1,
		seed:      maphash.MakeSeed(),
		rng:       rand.Uint64(),
	}
}

// Len returns the number of entries.
func (d *Dict[V]) Len() int { return d.ht[0].used + d.ht[1].used }

// IsRehashing reports whether an incremental rehash is in progress.
func (d *Dict[V]) IsRehashing() bool { return d.rehashIdx >= 0 }

// Buckets reports the bucket counts of table 0 and table 1 (table 1 is
// non-zero only while rehashing).
func (d *Dict[V]) Buckets() (int, int) { return len(d.ht[0].buckets), len(d.ht[1].buckets) }

func (d *Dict[V]) random() uint64 {
	d.rng += 0xa0761d6478bd642f
	hi, lo := bits.Mul64(d.rng, d.rng^0xe7037ed1a0b428db)
	return hi ^ lo
}

// randN returns a value in [0, n); n > 0.
func (d *Dict[V]) randN(n uint64) uint64 {
	hi, _ := bits.Mul64(d.random(), n)
	return hi
}

// Find returns the entry for key, or nil. It does not allocate.
func (d *Dict[V]) Find(key []byte) *Entry[V] {
	if d.Len() == 0 {
		return nil
	}
	if d.rehashIdx >= 0 && d.pause == 0 {
		d.rehashStep()
	}
	return d.lookup(maphash.Bytes(d.seed, key), bytesView(key))
}

// FindString is Find for a string key.
func (d *Dict[V]) FindString(key string) *Entry[V] {
	if d.Len() == 0 {
		return nil
	}
	if d.rehashIdx >= 0 && d.pause == 0 {
		d.rehashStep()
	}
	return d.lookup(maphash.String(d.seed, key), key)
}

// bytesView returns b's bytes as a string without copying. Only for keys
// that are compared and never retained (lookup, unlink).
func bytesView(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

func (d *Dict[V]) lookup(h uint64, key string) *Entry[V] {
	t := &d.ht[0]
	if len(t.buckets) != 0 {
		for e := t.buckets[h&t.mask()]; e != nil; e = e.next {
			if e.is(h, key) {
				return e
			}
		}
	}
	if d.rehashIdx < 0 {
		return nil
	}
	t = &d.ht[1]
	for e := t.buckets[h&t.mask()]; e != nil; e = e.next {
		if e.is(h, key) {
			return e
		}
	}
	return nil
}

// Insert adds key with v if absent and returns (newEntry, true); if key is
// present it returns (existing, false) and changes nothing. The dict keeps
// key as given (no copy): the caller decides its allocation.
func (d *Dict[V]) Insert(key string, v V) (*Entry[V], bool) {
	if d.rehashIdx >= 0 && d.pause == 0 {
		d.rehashStep()
	}
	d.expandIfNeeded()
	h := maphash.String(d.seed, key)
	if e := d.lookup(h, key); e != nil {
		return e, false
	}
	t := &d.ht[0]
	if d.rehashIdx >= 0 {
		t = &d.ht[1] // new entries go to the new table while rehashing
	}
	i := h & t.mask()
	if uint64(len(key)) > math.MaxUint32 {
		panic("ds: dict key of 4 GiB or more")
	}
	e := &Entry[V]{next: t.buckets[i], kp: unsafe.StringData(key), klen: uint32(len(key)), hash: uint32(h), Val: v}
	t.buckets[i] = e
	t.used++
	return e, true
}

// Delete removes key and returns the removed entry, or nil if absent. The
// dict never touches the removed entry again. It does not allocate.
func (d *Dict[V]) Delete(key []byte) *Entry[V] {
	if d.Len() == 0 {
		return nil
	}
	if d.rehashIdx >= 0 && d.pause == 0 {
		d.rehashStep()
	}
	return d.unlink(maphash.Bytes(d.seed, key), bytesView(key))
}

// DeleteString is Delete for a string key.
func (d *Dict[V]) DeleteString(key string) *Entry[V] {
	if d.Len() == 0 {
		return nil
	}
	if d.rehashIdx >= 0 && d.pause == 0 {
		d.rehashStep()
	}
	return d.unlink(maphash.String(d.seed, key), key)
}

func (d *Dict[V]) unlink(h uint64, key string) *Entry[V] {
	for ti := 0; ti < 2; ti++ {
		t := &d.ht[ti]
		if len(t.buckets) == 0 {
			break
		}
		i := h & t.mask()
		var prev *Entry[V]
		for e := t.buckets[i]; e != nil; prev, e = e, e.next {
			if !e.is(h, key) {
				continue
			}
			if prev == nil {
				t.buckets[i] = e.next
			} else {
				prev.next = e.next
			}
			e.next = nil // don't let a caller-held entry retain the chain
			t.used--
			return e
		}
		if d.rehashIdx < 0 {
			break
		}
	}
	return nil
}

// Clear removes all entries and drops the tables. An in-progress Scan must
// be restarted (its cursor is meaningless for the fresh table).
func (d *Dict[V]) Clear() {
	d.ht[0] = table[V]{}
	d.ht[1] = table[V]{}
	d.rehashIdx = -1
}

// expandIfNeeded grows ht[0] when the load factor reaches 1.
func (d *Dict[V]) expandIfNeeded() {
	if d.rehashIdx >= 0 {
		return
	}
	n := len(d.ht[0].buckets)
	if n == 0 {
		d.ht[0].buckets = make([]*Entry[V], dictInitialSize)
		return
	}
	if d.ht[0].used >= n {
		d.resize(d.ht[0].used * 2)
	}
}

// Expand sizes an empty dict for n entries at once (Redis's dictExpand,
// used with the RDB's RESIZEDB hint): loading then never rehashes. It does
// nothing to a dict that holds entries or is rehashing.
func (d *Dict[V]) Expand(n int) {
	if d.Len() > 0 || d.rehashIdx >= 0 || n <= 0 || n > 1<<30 {
		return
	}
	d.ht[0] = table[V]{buckets: make([]*Entry[V], nextPow2(n))}
}

// nextPow2 returns the smallest power of two >= max(n, dictInitialSize).
func nextPow2(n int) int {
	if n <= dictInitialSize {
		return dictInitialSize
	}
	return 1 << bits.Len64(uint64(n-1))
}

// resize starts an incremental rehash into a table of nextPow2(n) buckets.
func (d *Dict[V]) resize(n int) {
	size := nextPow2(n)
	if d.rehashIdx >= 0 || size == len(d.ht[0].buckets) || size < d.ht[0].used {
		return
	}
	d.ht[1] = table[V]{buckets: make([]*Entry[V], size)}
	d.rehashIdx = 0
	if d.ht[0].used == 0 {
		d.finishRehash()
	}
}

func (d *Dict[V]) finishRehash() {
	d.ht[0] = d.ht[1]
	d.ht[1] = table[V]{}
	d.rehashIdx = -1
	// Inserts during a shrinking rehash can overfill the small table; start
	// growing it at once rather than on the next insert.
	if d.ht[0].used >= len(d.ht[0].buckets) {
		d.resize(d.ht[0].used * 2)
	}
}

// TryShrink starts shrinking ht[0] when it is larger than the initial size
// and less than 10% full (Redis's htNeedsResize/dictResize). Call it from the
// cron; it does nothing while a rehash is in progress.
func (d *Dict[V]) TryShrink() {
	if d.rehashIdx >= 0 {
		return
	}
	size, used := len(d.ht[0].buckets), d.ht[0].used
	if size > dictInitialSize && used*100/size < dictMinFillPercent {
		d.resize(used)
	}
}

// rehashStep is Redis's _dictRehashStep: move one bucket.
func (d *Dict[V]) rehashStep() { d.rehash(1) }

// rehash moves up to n non-empty buckets from ht[0] to ht[1], visiting at
// most n*10 empty buckets, and reports whether rehashing is still going on.
func (d *Dict[V]) rehash(n int) bool {
	if d.rehashIdx < 0 {
		return false
	}
	emptyVisits := n * dictEmptyVisits
	t0, t1 := &d.ht[0], &d.ht[1]
	mask1 := t1.mask()
	for ; n > 0 && t0.used != 0; n-- {
		for t0.buckets[d.rehashIdx] == nil {
			d.rehashIdx++
			if emptyVisits--; emptyVisits == 0 {
				return true
			}
		}
		e := t0.buckets[d.rehashIdx]
		t0.buckets[d.rehashIdx] = nil
		for e != nil {
			next := e.next
			i := uint64(e.hash) & mask1
			if mask1 > math.MaxUint32 {
				i = maphash.String(d.seed, e.Key()) & mask1
			}
			e.next = t1.buckets[i]
			t1.buckets[i] = e
			t0.used--
			t1.used++
			e = next
		}
		d.rehashIdx++
	}
	if t0.used == 0 {
		d.finishRehash()
	}
	return d.rehashIdx >= 0
}

// RehashMicroseconds performs rehash steps (100 buckets at a time) for about
// us microseconds and reports whether rehashing is still in progress. It does
// nothing while a Range or Scan callback is running.
func (d *Dict[V]) RehashMicroseconds(us int64) bool {
	if d.rehashIdx < 0 {
		return false
	}
	if d.pause > 0 {
		return true
	}
	start := time.Now()
	limit := time.Duration(us) * time.Microsecond
	for d.rehash(100) {
		if time.Since(start) >= limit {
			break
		}
	}
	return d.rehashIdx >= 0
}

// Range calls fn for each entry until fn returns false. Rehashing is paused
// while it runs. fn may read the dict (Find), modify e.Val, and delete e
// itself (only e); it must not insert, and must not delete other keys.
func (d *Dict[V]) Range(fn func(e *Entry[V]) bool) {
	d.pause++
	defer func() { d.pause-- }()
	for ti := 0; ti < 2; ti++ {
		t := &d.ht[ti]
		for i := 0; i < len(t.buckets); i++ {
			for e := t.buckets[i]; e != nil; {
				next := e.next
				if !fn(e) {
					return
				}
				e = next
			}
		}
		if d.rehashIdx < 0 {
			return
		}
	}
}

// Scan calls fn for every entry in the bucket(s) at cursor and returns the
// next cursor; 0 means the scan is complete. Start with cursor 0. Every
// entry present for the whole scan is returned at least once, whatever
// inserts, deletes, growth, shrinking and rehashing happen between calls;
// entries may be returned more than once. fn must not modify the dict (it
// may modify e.Val).
//
// This is Redis's dictScan: the cursor's bits are incremented from the most
// significant bit downward (reverse, increment, reverse), so that the buckets
// already visited in a table of size 2^k are exactly the ones whose
// expansions/contractions in any other power-of-two size were visited too.
func (d *Dict[V]) Scan(cursor uint64, fn func(e *Entry[V])) uint64 {
	if d.Len() == 0 {
		return 0
	}
	d.pause++
	defer func() { d.pause-- }()
	v := cursor
	if d.rehashIdx < 0 {
		t := &d.ht[0]
		m0 := t.mask()
		emitBucket(t.buckets[v&m0], fn)
		v |= ^m0
		v = bits.Reverse64(bits.Reverse64(v) + 1)
		return v
	}
	t0, t1 := &d.ht[0], &d.ht[1]
	if len(t0.buckets) > len(t1.buckets) {
		t0, t1 = t1, t0
	}
	m0, m1 := t0.mask(), t1.mask()
	// The small table's bucket, then every bucket of the large table that
	// is an expansion of it.
	emitBucket(t0.buckets[v&m0], fn)
	for {
		emitBucket(t1.buckets[v&m1], fn)
		v |= ^m1
		v = bits.Reverse64(bits.Reverse64(v) + 1)
		if v&(m0^m1) == 0 {
			break
		}
	}
	return v
}

func emitBucket[V any](e *Entry[V], fn func(e *Entry[V])) {
	for e != nil {
		next := e.next
		fn(e)
		e = next
	}
}

// SomeEntries appends up to n entries sampled from random positions to dst
// and returns it (Redis's dictGetSomeKeys): it starts at a random bucket and
// walks consecutive buckets, of both tables while rehashing, for at most
// n*10 steps, jumping elsewhere after a long run of empty buckets. It may
// return fewer than n entries; it never returns an entry twice (Redis's can,
// after a jump; here a jump turns on a check against the entries taken).
func (d *Dict[V]) SomeEntries(dst []*Entry[V], n int) []*Entry[V] {
	size := d.Len()
	if n > size {
		n = size
	}
	if n <= 0 {
		return dst
	}
	maxSteps := n * 10
	// Help rehashing along, proportionally to the work requested.
	for j := 0; j < n && d.rehashIdx >= 0 && d.pause == 0; j++ {
		d.rehashStep()
	}
	tables := 1
	maxMask := d.ht[0].mask()
	if d.rehashIdx >= 0 {
		tables = 2
		if m1 := d.ht[1].mask(); m1 > maxMask {
			maxMask = m1
		}
	}
	i := d.random() & maxMask
	stored, emptyLen := 0, 0
	// After a jump or a wrap-around the walk may revisit buckets; only then
	// are the (few) entries already taken checked for repeats.
	start, mayRepeat := len(dst), false
	for stored < n && maxSteps > 0 {
		maxSteps--
		for ti := 0; ti < tables; ti++ {
			t := &d.ht[ti]
			// Buckets of ht[0] below rehashIdx are empty: skip them, or
			// jump to rehashIdx if ht[1] has no bucket i either.
			if tables == 2 && ti == 0 && i < uint64(d.rehashIdx) {
				if i >= uint64(len(d.ht[1].buckets)) {
					i = uint64(d.rehashIdx)
				} else {
					continue
				}
			}
			if i >= uint64(len(t.buckets)) {
				continue
			}
			e := t.buckets[i]
			if e == nil {
				emptyLen++
				if emptyLen >= 5 && emptyLen > n {
					i = d.random() & maxMask
					emptyLen = 0
					mayRepeat = true
				}
				continue
			}
			emptyLen = 0
			for ; e != nil; e = e.next {
				if mayRepeat && slices.Contains(dst[start:], e) {
					continue
				}
				dst = append(dst, e)
				stored++
				if stored == n {
					return dst
				}
			}
		}
		if i = (i + 1) & maxMask; i == 0 {
			mayRepeat = true
		}
	}
	return dst
}

// RandomEntry returns a random entry, or nil when the dict is empty. It does
// not allocate.
//
// It deliberately differs from Redis's dictGetFairRandomKey (take up to 20
// consecutive keys with SomeEntries, pick one): that weights each key by the
// number of buckets spanned by the 19 keys before it, which measured between
// 0.35x and 2.2x of the mean in a dense table and up to 5.8x in a 3%-full
// one. Instead it picks a table in proportion to its entry count, a random
// window of W consecutive live buckets of it (W chosen to hold about 16
// entries on average) and a random index j in [0, 32); if the window holds a
// j-th entry that is the result, otherwise it retries (about 2 tries on
// average). Every entry lies in exactly W windows, so each is returned with
// the same probability, except in the rare window holding more than 32
// entries. After 64 failed tries it falls back to Redis's dictGetRandomKey
// (random non-empty bucket, random chain element).
func (d *Dict[V]) RandomEntry() *Entry[V] {
	n := d.Len()
	if n == 0 {
		return nil
	}
	if d.rehashIdx >= 0 && d.pause == 0 {
		d.rehashStep()
	}
	const perWindow, limit = 16, 2 * 16
	for range 64 {
		t, lo := &d.ht[0], 0
		if d.rehashIdx >= 0 {
			if d.randN(uint64(d.Len())) < uint64(d.ht[1].used) {
				t = &d.ht[1]
			} else {
				lo = d.rehashIdx // ht[0] buckets below rehashIdx are empty
			}
		}
		if t.used == 0 {
			continue
		}
		live := len(t.buckets) - lo
		w := (perWindow*live + t.used - 1) / t.used
		w = min(w, live)
		b := lo + int(d.randN(uint64(live)))
		j := int(d.randN(limit))
		for range w {
			for e := t.buckets[b]; e != nil; e = e.next {
				if j == 0 {
					return e
				}
				j--
			}
			if b++; b == len(t.buckets) {
				b = lo
			}
		}
	}
	return d.randomEntryBucket()
}

// randomEntryBucket is Redis's dictGetRandomKey.
func (d *Dict[V]) randomEntryBucket() *Entry[V] {
	if d.Len() == 0 {
		return nil
	}
	if d.rehashIdx >= 0 && d.pause == 0 {
		d.rehashStep()
	}
	var e *Entry[V]
	if d.rehashIdx >= 0 {
		// Buckets of ht[0] below rehashIdx are empty.
		s0 := uint64(len(d.ht[0].buckets))
		span := s0 + uint64(len(d.ht[1].buckets)) - uint64(d.rehashIdx)
		for e == nil {
			h := uint64(d.rehashIdx) + d.randN(span)
			if h >= s0 {
				e = d.ht[1].buckets[h-s0]
			} else {
				e = d.ht[0].buckets[h]
			}
		}
	} else {
		m := d.ht[0].mask()
		for e == nil {
			e = d.ht[0].buckets[d.random()&m]
		}
	}
	n := 0
	for c := e; c != nil; c = c.next {
		n++
	}
	for k := d.randN(uint64(n)); k > 0; k-- {
		e = e.next
	}
	return e
}
