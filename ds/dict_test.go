package ds

import (
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"
	"unsafe"
)

// checkDict verifies the dict's structural invariants and returns its
// contents as a map.
func checkDict[V any](t testing.TB, d *Dict[V]) map[string]*Entry[V] {
	t.Helper()
	all := make(map[string]*Entry[V])
	for ti := range 2 {
		tb := &d.ht[ti]
		n := len(tb.buckets)
		if n != 0 && n&(n-1) != 0 {
			t.Fatalf("table %d: size %d not a power of two", ti, n)
		}
		count := 0
		for i, head := range tb.buckets {
			if ti == 0 && d.rehashIdx >= 0 && i < d.rehashIdx && head != nil {
				t.Fatalf("table 0 bucket %d below rehashIdx %d not empty", i, d.rehashIdx)
			}
			for e := head; e != nil; e = e.next {
				full := maphash.String(d.seed, e.Key())
				if h := full & tb.mask(); h != uint64(i) {
					t.Fatalf("table %d: key %q in bucket %d, hashes to %d", ti, e.Key(), i, h)
				}
				if e.hash != uint32(full) {
					t.Fatalf("key %q: stored hash %#x, hashes to %#x", e.Key(), e.hash, uint32(full))
				}
				if _, dup := all[e.Key()]; dup {
					t.Fatalf("key %q present twice", e.Key())
				}
				all[e.Key()] = e
				count++
			}
		}
		if count != tb.used {
			t.Fatalf("table %d: used=%d, chains hold %d", ti, tb.used, count)
		}
	}
	if d.rehashIdx < 0 {
		if len(d.ht[1].buckets) != 0 || d.ht[1].used != 0 {
			t.Fatalf("not rehashing but table 1 has %d buckets, %d used", len(d.ht[1].buckets), d.ht[1].used)
		}
	} else {
		// ht[0] may be empty here (deletes took its last entries); the
		// next rehash step completes the rehash.
		if len(d.ht[1].buckets) == 0 {
			t.Fatalf("rehashing into an empty table")
		}
	}
	if len(d.ht[0].buckets) > 0 && d.rehashIdx < 0 && d.ht[0].used > len(d.ht[0].buckets) {
		t.Fatalf("load factor > 1 while not rehashing: %d in %d", d.ht[0].used, len(d.ht[0].buckets))
	}
	if d.Len() != len(all) {
		t.Fatalf("Len()=%d, found %d entries", d.Len(), len(all))
	}
	return all
}

func finishRehash[V any](d *Dict[V]) {
	for d.RehashMicroseconds(1000) {
	}
}

func TestEntrySize(t *testing.T) {
	if s := unsafe.Sizeof(Entry[serverVal]{}); s != 48 {
		t.Fatalf("Entry with a 24-byte value is %d bytes, want 48", s)
	}
}

func TestDictBasic(t *testing.T) {
	type op struct {
		kind    string // ins, del, find
		key     string
		val     int
		wantOK  bool // ins: inserted; del/find: found
		wantVal int
		wantLen int
	}
	tests := []struct {
		name string
		ops  []op
	}{
		{"empty", []op{
			{kind: "find", key: "a", wantLen: 0},
			{kind: "del", key: "a", wantLen: 0},
		}},
		{"insert find delete", []op{
			{kind: "ins", key: "a", val: 1, wantOK: true, wantVal: 1, wantLen: 1},
			{kind: "find", key: "a", wantOK: true, wantVal: 1, wantLen: 1},
			{kind: "find", key: "b", wantLen: 1},
			{kind: "del", key: "a", wantOK: true, wantVal: 1, wantLen: 0},
			{kind: "find", key: "a", wantLen: 0},
			{kind: "del", key: "a", wantLen: 0},
		}},
		{"duplicate insert keeps old", []op{
			{kind: "ins", key: "a", val: 1, wantOK: true, wantVal: 1, wantLen: 1},
			{kind: "ins", key: "a", val: 2, wantOK: false, wantVal: 1, wantLen: 1},
			{kind: "find", key: "a", wantOK: true, wantVal: 1, wantLen: 1},
		}},
		{"empty key", []op{
			{kind: "ins", key: "", val: 7, wantOK: true, wantVal: 7, wantLen: 1},
			{kind: "find", key: "", wantOK: true, wantVal: 7, wantLen: 1},
			{kind: "del", key: "", wantOK: true, wantVal: 7, wantLen: 0},
		}},
		{"binary keys", []op{
			{kind: "ins", key: "a\x00b", val: 1, wantOK: true, wantVal: 1, wantLen: 1},
			{kind: "ins", key: "a\x00c", val: 2, wantOK: true, wantVal: 2, wantLen: 2},
			{kind: "find", key: "a\x00b", wantOK: true, wantVal: 1, wantLen: 2},
			{kind: "find", key: "a", wantLen: 2},
		}},
	}
	for _, tt := range tests {
		for _, viaString := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/string=%v", tt.name, viaString), func(t *testing.T) {
				d := NewDict[int]()
				for i, o := range tt.ops {
					var e *Entry[int]
					ok := false
					switch o.kind {
					case "ins":
						e, ok = d.Insert(o.key, o.val)
					case "find":
						if viaString {
							e = d.FindString(o.key)
						} else {
							e = d.Find([]byte(o.key))
						}
						ok = e != nil
					case "del":
						if viaString {
							e = d.DeleteString(o.key)
						} else {
							e = d.Delete([]byte(o.key))
						}
						ok = e != nil
					}
					if ok != o.wantOK {
						t.Fatalf("op %d %s %q: ok=%v, want %v", i, o.kind, o.key, ok, o.wantOK)
					}
					if e != nil && (e.Val != o.wantVal || e.Key() != o.key) {
						t.Fatalf("op %d %s %q: entry %q=%d, want %d", i, o.kind, o.key, e.Key(), e.Val, o.wantVal)
					}
					if d.Len() != o.wantLen {
						t.Fatalf("op %d: Len()=%d, want %d", i, d.Len(), o.wantLen)
					}
					checkDict(t, d)
				}
			})
		}
	}
}

func TestDictValInPlace(t *testing.T) {
	d := NewDict[int]()
	e, _ := d.Insert("x", 1)
	e.Val = 42
	if got := d.FindString("x").Val; got != 42 {
		t.Fatalf("Val=%d, want 42", got)
	}
}

func TestDictGrowShrink(t *testing.T) {
	d := NewDict[int]()
	if a, b := d.Buckets(); a != 0 || b != 0 {
		t.Fatalf("new dict has buckets %d,%d", a, b)
	}
	d.Insert("k0", 0)
	if a, _ := d.Buckets(); a != dictInitialSize {
		t.Fatalf("first insert: %d buckets, want %d", a, dictInitialSize)
	}
	const n = 10000
	sawRehash := false
	for i := 1; i < n; i++ {
		if _, ok := d.Insert("k"+strconv.Itoa(i), i); !ok {
			t.Fatalf("insert %d failed", i)
		}
		sawRehash = sawRehash || d.IsRehashing()
		if i%997 == 0 {
			checkDict(t, d)
		}
	}
	if !sawRehash {
		t.Fatal("never rehashed while growing")
	}
	// Entries are still reachable while a rehash is in progress.
	for i := 0; i < n; i++ {
		if e := d.FindString("k" + strconv.Itoa(i)); e == nil || e.Val != i {
			t.Fatalf("k%d: got %v", i, e)
		}
	}
	finishRehash(d)
	if a, b := d.Buckets(); a != 16384 || b != 0 {
		t.Fatalf("after %d inserts: buckets %d,%d, want 16384,0", n, a, b)
	}
	checkDict(t, d)

	// Deleting never shrinks by itself.
	for i := 100; i < n; i++ {
		if d.DeleteString("k"+strconv.Itoa(i)) == nil {
			t.Fatalf("delete k%d failed", i)
		}
	}
	finishRehash(d)
	if a, _ := d.Buckets(); a != 16384 {
		t.Fatalf("delete shrank the table to %d", a)
	}
	d.TryShrink()
	if !d.IsRehashing() {
		t.Fatal("TryShrink at <1% fill did not start a rehash")
	}
	for i := 0; i < 100; i++ {
		if e := d.FindString("k" + strconv.Itoa(i)); e == nil || e.Val != i {
			t.Fatalf("during shrink k%d: got %v", i, e)
		}
	}
	finishRehash(d)
	if a, b := d.Buckets(); a != 128 || b != 0 {
		t.Fatalf("after shrink: buckets %d,%d, want 128,0", a, b)
	}
	if d.Len() != 100 {
		t.Fatalf("Len()=%d, want 100", d.Len())
	}
	checkDict(t, d)

	// Above 10% fill TryShrink does nothing.
	d.TryShrink()
	if d.IsRehashing() {
		t.Fatal("TryShrink at 78% fill started a rehash")
	}
	// Shrinking an emptied table goes straight to the initial size.
	for i := 0; i < 100; i++ {
		d.DeleteString("k" + strconv.Itoa(i))
	}
	d.TryShrink()
	if a, b := d.Buckets(); a != dictInitialSize || b != 0 || d.IsRehashing() {
		t.Fatalf("empty shrink: buckets %d,%d rehashing=%v", a, b, d.IsRehashing())
	}

	d.Insert("z", 1)
	d.Clear()
	if d.Len() != 0 || d.FindString("z") != nil || d.RandomEntry() != nil {
		t.Fatal("Clear left entries")
	}
	if d.Scan(0, func(*Entry[int]) { t.Fatal("Scan of empty dict called fn") }) != 0 {
		t.Fatal("Scan of empty dict returned non-zero cursor")
	}
	d.Insert("z", 2)
	if e := d.FindString("z"); e == nil || e.Val != 2 {
		t.Fatal("insert after Clear failed")
	}
}

func TestRehashMicroseconds(t *testing.T) {
	d := NewDict[int]()
	if d.RehashMicroseconds(100) {
		t.Fatal("empty dict claims to be rehashing")
	}
	for i := 0; i < 40000; i++ {
		d.Insert(strconv.Itoa(i), i)
	}
	// The last growth (32768 -> 65536 buckets) started at 32768 keys and
	// moves one bucket per insert: 7232 inserts cannot have finished it.
	if !d.IsRehashing() {
		t.Fatal("expected a rehash in progress")
	}
	deadline := time.Now().Add(10 * time.Second)
	for d.RehashMicroseconds(50) {
		if time.Now().After(deadline) {
			t.Fatal("RehashMicroseconds never finished")
		}
	}
	if d.IsRehashing() {
		t.Fatal("IsRehashing after RehashMicroseconds returned false")
	}
	checkDict(t, d)
}

func TestDictAllocs(t *testing.T) {
	d := NewDict[int]()
	keys := make([][]byte, 5000)
	for i := range keys {
		keys[i] = []byte(fmt.Sprintf("key-%040d", i)) // longer than the 32-byte stack buffer
		d.Insert(string(keys[i]), i)
	}
	if !d.IsRehashing() {
		t.Log("note: not rehashing during alloc test")
	}
	absent := []byte("absent-key-that-is-definitely-longer-than-32-bytes")
	i := 0
	cases := []struct {
		name string
		fn   func()
		want float64
	}{
		{"Find", func() { d.Find(keys[i%len(keys)]); i++ }, 0},
		{"FindString", func() { d.FindString("key-0000000000000000000000000000000000000001") }, 0},
		{"Delete absent", func() { d.Delete(absent) }, 0},
		{"Delete+Insert", func() {
			e := d.Delete(keys[i%len(keys)])
			d.Insert(e.Key(), e.Val)
			i++
		}, 1},
		{"RandomEntry", func() { d.RandomEntry() }, 0},
		{"Scan", func() { d.Scan(uint64(i), func(*Entry[int]) {}); i++ }, 0},
	}
	for _, c := range cases {
		if got := testing.AllocsPerRun(1000, c.fn); got != c.want {
			t.Errorf("%s: %v allocs/op, want %v", c.name, got, c.want)
		}
	}
}

func TestRange(t *testing.T) {
	d := NewDict[int]()
	for i := 0; i < 3000; i++ {
		d.Insert(strconv.Itoa(i), i)
	}
	if !d.IsRehashing() {
		t.Fatal("want a rehash in progress for this test")
	}
	seen := map[string]int{}
	d.Range(func(e *Entry[int]) bool {
		seen[e.Key()]++
		d.FindString(e.Key()) // reads must not move entries under Range
		return true
	})
	if len(seen) != 3000 {
		t.Fatalf("Range visited %d distinct keys, want 3000", len(seen))
	}
	for k, n := range seen {
		if n != 1 {
			t.Fatalf("Range visited %q %d times", k, n)
		}
	}
	// Early stop.
	n := 0
	d.Range(func(*Entry[int]) bool { n++; return n < 10 })
	if n != 10 {
		t.Fatalf("Range did not stop: %d calls", n)
	}
	// Deleting the current entry (lazy expiry during KEYS) is allowed.
	visited := 0
	d.Range(func(e *Entry[int]) bool {
		visited++
		if e.Val%2 == 0 {
			if d.DeleteString(e.Key()) != e {
				t.Fatalf("delete of current entry %q failed", e.Key())
			}
		}
		return true
	})
	if visited != 3000 || d.Len() != 1500 {
		t.Fatalf("visited %d, Len %d; want 3000, 1500", visited, d.Len())
	}
	checkDict(t, d)
}

// TestScanGuarantee runs full scans while other keys are inserted and
// deleted between Scan calls, forcing growth, shrinking and scans across
// in-progress rehashes in both directions. Every key present for the whole
// scan must be returned.
func TestScanGuarantee(t *testing.T) {
	var sawGrow, sawShrink, sawRehashScan, sawShrinkRehashScan int
	for round := range 40 {
		rng := rand.New(rand.NewPCG(uint64(round), 0x5ca9))
		d := NewDict[int]()
		stable := make([]string, 1+rng.IntN(300))
		for i := range stable {
			stable[i] = "s" + strconv.Itoa(i)
			d.Insert(stable[i], i)
		}
		var volatile []string
		next := 0
		insertVolatile := func() {
			k := "v" + strconv.Itoa(next)
			next++
			d.Insert(k, -1)
			volatile = append(volatile, k)
		}
		for range rng.IntN(3000) {
			insertVolatile()
		}
		seen := make(map[string]bool)
		grow := rng.IntN(2) == 0
		phaseLeft := 0
		cursor := uint64(0)
		prevSize, _ := d.Buckets()
		for calls := 0; ; calls++ {
			if calls > 1_000_000 {
				t.Fatalf("round %d: scan did not terminate", round)
			}
			if d.IsRehashing() {
				sawRehashScan++
				if a, b := d.Buckets(); a > b {
					sawShrinkRehashScan++
				}
			}
			cursor = d.Scan(cursor, func(e *Entry[int]) { seen[e.Key()] = true })
			if cursor == 0 {
				break
			}
			// Mutate between calls.
			if phaseLeft == 0 {
				grow = !grow
				phaseLeft = 5 + rng.IntN(200)
			}
			phaseLeft--
			ops := rng.IntN(60)
			for range ops {
				switch {
				case grow && rng.IntN(10) < 8, len(volatile) == 0:
					insertVolatile()
				default:
					j := rng.IntN(len(volatile))
					if d.DeleteString(volatile[j]) == nil {
						t.Fatalf("round %d: volatile key %q missing", round, volatile[j])
					}
					volatile[j] = volatile[len(volatile)-1]
					volatile = volatile[:len(volatile)-1]
				}
			}
			switch rng.IntN(8) {
			case 0:
				d.TryShrink()
			case 1:
				d.RehashMicroseconds(int64(rng.IntN(3)))
			case 2:
				d.FindString(stable[rng.IntN(len(stable))])
			}
			if size, _ := d.Buckets(); size > prevSize {
				sawGrow++
				prevSize = size
			} else if size < prevSize {
				sawShrink++
				prevSize = size
			}
		}
		for _, k := range stable {
			if !seen[k] {
				t.Fatalf("round %d: key %q present for the whole scan was not returned", round, k)
			}
		}
		checkDict(t, d)
	}
	t.Logf("table size changes during scans: %d grow, %d shrink; Scan calls during rehash: %d (%d shrinking)",
		sawGrow, sawShrink, sawRehashScan, sawShrinkRehashScan)
	if sawGrow == 0 || sawShrink == 0 || sawRehashScan == 0 || sawShrinkRehashScan == 0 {
		t.Fatal("test did not exercise growth, shrink and rehashing in the middle of scans")
	}
}

// TestScanQuiescent: with no modification a scan returns each key exactly
// once, including when it starts in the middle of a rehash.
func TestScanQuiescent(t *testing.T) {
	for _, n := range []int{1, 3, 4, 5, 100, 1000, 5000} {
		d := NewDict[int]()
		for i := range n {
			d.Insert(strconv.Itoa(i), i)
		}
		rehashing := d.IsRehashing()
		seen := map[string]int{}
		c := uint64(0)
		for {
			c = d.Scan(c, func(e *Entry[int]) { seen[e.Key()]++ })
			if c == 0 {
				break
			}
		}
		if len(seen) != n {
			t.Fatalf("n=%d: scanned %d keys", n, len(seen))
		}
		if !rehashing {
			for k, v := range seen {
				if v != 1 {
					t.Fatalf("n=%d: key %q returned %d times", n, k, v)
				}
			}
		}
	}
}

func TestRandomEntryFairness(t *testing.T) {
	const keys = 1000
	const draws = 200_000
	cases := []struct {
		name  string
		build func() *Dict[int]
	}{
		{"dense", func() *Dict[int] {
			d := NewDict[int]()
			for i := range keys {
				d.Insert("k"+strconv.Itoa(i), i)
			}
			finishRehash(d)
			return d
		}},
		{"sparse after deletes", func() *Dict[int] {
			d := NewDict[int]()
			for i := range 30 * keys {
				d.Insert("k"+strconv.Itoa(i), i)
			}
			for i := keys; i < 30*keys; i++ {
				d.DeleteString("k" + strconv.Itoa(i))
			}
			finishRehash(d)
			return d
		}},
		{"mid rehash", func() *Dict[int] {
			d := NewDict[int]()
			for i := range keys + 30 {
				d.Insert("k"+strconv.Itoa(i), i)
			}
			for i := keys; i < keys+30; i++ {
				d.DeleteString("k" + strconv.Itoa(i))
			}
			return d
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := c.build()
			a, b := d.Buckets()
			counts := make([]int, keys)
			for range draws {
				e := d.RandomEntry()
				if e == nil {
					t.Fatal("RandomEntry returned nil")
				}
				counts[e.Val]++
			}
			mean := float64(draws) / keys
			// For comparison only: Redis's dictGetFairRandomKey.
			redis := make([]int, keys)
			var buf []*Entry[int]
			for range draws {
				buf = d.SomeEntries(buf[:0], 20)
				if len(buf) == 0 {
					redis[d.randomEntryBucket().Val]++
				} else {
					redis[buf[rand.IntN(len(buf))].Val]++
				}
			}
			t.Logf("Redis-style SomeEntries(20)+pick: min %.2fx, max %.2fx",
				float64(slices.Min(redis))/mean, float64(slices.Max(redis))/mean)
			lo, hi := slices.Min(counts), slices.Max(counts)
			t.Logf("buckets %d,%d: mean %.0f, min %d (%.2fx), max %d (%.2fx)", a, b, mean, lo, float64(lo)/mean, hi, float64(hi)/mean)
			if float64(lo) < 0.3*mean || float64(hi) > 3*mean {
				t.Fatalf("unfair: min %d max %d mean %.0f", lo, hi, mean)
			}
		})
	}
}

func TestSomeEntries(t *testing.T) {
	d := NewDict[int]()
	if got := d.SomeEntries(nil, 5); len(got) != 0 {
		t.Fatalf("empty dict: %d entries", len(got))
	}
	for i := range 500 {
		d.Insert(strconv.Itoa(i), i)
	}
	for _, n := range []int{0, 1, 5, 20, 100, 500, 1000} {
		prefix := []*Entry[int]{nil}
		got := d.SomeEntries(prefix, n)
		if got[0] != nil {
			t.Fatal("SomeEntries overwrote dst")
		}
		got = got[1:]
		if len(got) > n || len(got) > d.Len() {
			t.Fatalf("n=%d: got %d entries", n, len(got))
		}
		if n > 0 && len(got) == 0 {
			t.Fatalf("n=%d: got nothing from a dense dict", n)
		}
		seen := map[*Entry[int]]bool{}
		for _, e := range got {
			if seen[e] {
				t.Fatalf("n=%d: duplicate entry %q", n, e.Key())
			}
			seen[e] = true
			if d.FindString(e.Key()) != e {
				t.Fatalf("n=%d: returned entry %q not in dict", n, e.Key())
			}
		}
	}
}

// FuzzDict compares random operation sequences against a map model, checks
// the structural invariants, and runs a scan across the whole sequence whose
// guarantee it verifies each time the scan completes.
func FuzzDict(f *testing.F) {
	f.Add([]byte{0, 1, 0, 2, 1, 1, 2, 2})
	f.Add([]byte{7, 200, 8, 0, 5, 0, 7, 255, 5, 0, 9, 0, 8, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		d := NewDict[int]()
		model := map[string]int{}
		scanning := false
		var cursor uint64
		var throughout, seen map[string]bool
		bulk := 0
		startScan := func() {
			scanning, cursor = true, 0
			throughout, seen = map[string]bool{}, map[string]bool{}
			for k := range model {
				throughout[k] = true
			}
		}
		del := func(k string) {
			e := d.DeleteString(k)
			v, ok := model[k]
			if (e != nil) != ok || (e != nil && (e.Val != v || e.Key() != k)) {
				t.Fatalf("Delete(%q)=%v, model has %v,%v", k, e, v, ok)
			}
			delete(model, k)
			delete(throughout, k)
		}
		for len(data) >= 2 {
			op, arg := int(data[0]%12), int(data[1])
			data = data[2:]
			k := "k" + strconv.Itoa(arg)
			switch op {
			case 0, 1: // insert
				e, ok := d.Insert(k, arg*7+op)
				v, had := model[k]
				if ok == had || e.Key() != k || (had && e.Val != v) {
					t.Fatalf("Insert(%q)=%v,%v, model has %v,%v", k, e, ok, v, had)
				}
				if !had {
					model[k] = arg*7 + op
				}
			case 2: // delete
				if arg%2 == 0 {
					del(k)
				} else {
					e := d.Delete([]byte(k))
					if e != nil {
						d.Insert(k, e.Val) // re-insert to exercise the []byte path
					}
					del(k)
				}
			case 3: // find, update in place
				e := d.Find([]byte(k))
				v, ok := model[k]
				if (e != nil) != ok || (e != nil && e.Val != v) {
					t.Fatalf("Find(%q)=%v, model has %v,%v", k, e, v, ok)
				}
				if e != nil {
					e.Val++
					model[k]++
				}
			case 4: // scan step
				if !scanning {
					startScan()
				}
				for range 1 + arg%4 {
					cursor = d.Scan(cursor, func(e *Entry[int]) {
						if _, ok := model[e.Key()]; !ok {
							t.Fatalf("Scan returned absent key %q", e.Key())
						}
						seen[e.Key()] = true
					})
					if cursor == 0 {
						for k := range throughout {
							if !seen[k] {
								t.Fatalf("scan missed %q", k)
							}
						}
						scanning = false
						break
					}
				}
			case 5:
				d.TryShrink()
			case 6:
				d.RehashMicroseconds(int64(arg % 3))
			case 7: // bulk insert to force growth (bounded to keep execs fast)
				for range min(arg*4, 4096-len(model)) {
					bk := "b" + strconv.Itoa(bulk)
					bulk++
					d.Insert(bk, -1)
					model[bk] = -1
				}
			case 8: // bulk delete to allow shrinking
				for mk := range model {
					if mk[0] == 'b' && arg%4 != 0 {
						del(mk)
					}
				}
			case 9:
				e := d.RandomEntry()
				if (e == nil) != (len(model) == 0) {
					t.Fatalf("RandomEntry()=%v with %d keys", e, len(model))
				}
				if e != nil {
					if _, ok := model[e.Key()]; !ok {
						t.Fatalf("RandomEntry returned absent key %q", e.Key())
					}
				}
			case 10:
				got := d.SomeEntries(nil, arg%30)
				dup := map[string]bool{}
				for _, e := range got {
					if _, ok := model[e.Key()]; !ok || dup[e.Key()] {
						t.Fatalf("SomeEntries returned absent or duplicate key %q", e.Key())
					}
					dup[e.Key()] = true
				}
			case 11:
				if arg == 0 {
					d.Clear()
					clear(model)
					scanning = false
				} else {
					n := 0
					d.Range(func(e *Entry[int]) bool {
						n++
						if model[e.Key()] != e.Val {
							t.Fatalf("Range: %q=%d, model %d", e.Key(), e.Val, model[e.Key()])
						}
						return true
					})
					if n != len(model) {
						t.Fatalf("Range visited %d, model has %d", n, len(model))
					}
				}
			}
			if d.Len() != len(model) {
				t.Fatalf("Len()=%d, model %d", d.Len(), len(model))
			}
		}
		got := checkDict(t, d)
		if len(got) != len(model) {
			t.Fatalf("dict has %d keys, model %d", len(got), len(model))
		}
		for k, v := range model {
			if e := got[k]; e == nil || e.Val != v {
				t.Fatalf("key %q: dict %v, model %d", k, e, v)
			}
		}
	})
}

// ---- measurements (benchmarks; numbers are recorded in doc.go) ----

// serverVal has the shape of the server's 24-byte Object.
type serverVal struct {
	_ unsafe.Pointer
	_ int64
	_ uint64
}

// benchKeys returns n distinct 16-byte keys in random order.
func benchKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("key:%012d", i)
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(n, func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	return keys
}

const benchN = 1 << 20 // "1M"

func BenchmarkInsert1M(b *testing.B) {
	keys := benchKeys(benchN)
	b.Run("dict", func(b *testing.B) {
		for b.Loop() {
			d := NewDict[serverVal]()
			for _, k := range keys {
				d.Insert(k, serverVal{})
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchN, "ns/insert")
	})
	b.Run("map", func(b *testing.B) {
		for b.Loop() {
			m := make(map[string]serverVal)
			for _, k := range keys {
				if _, ok := m[k]; !ok {
					m[k] = serverVal{}
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchN, "ns/insert")
	})
}

func BenchmarkFind1M(b *testing.B) {
	keys := benchKeys(benchN)
	probe := make([][]byte, len(keys))
	for i, k := range keys {
		probe[i] = []byte(k)
	}
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(probe), func(i, j int) { probe[i], probe[j] = probe[j], probe[i] })
	b.Run("dict", func(b *testing.B) {
		d := NewDict[serverVal]()
		for _, k := range keys {
			d.Insert(k, serverVal{})
		}
		finishRehash(d)
		i := 0
		for b.Loop() {
			if d.Find(probe[i&(benchN-1)]) == nil {
				b.Fatal("missing")
			}
			i++
		}
	})
	b.Run("map", func(b *testing.B) {
		m := make(map[string]serverVal)
		for _, k := range keys {
			m[k] = serverVal{}
		}
		i := 0
		for b.Loop() {
			if _, ok := m[string(probe[i&(benchN-1)])]; !ok {
				b.Fatal("missing")
			}
			i++
		}
	})
}

func heapAlloc() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkBytesPerKey reports the heap bytes per key of the structure
// itself: the keys are allocated before the baseline, so the 16 bytes of
// key data per key (identical for both) are excluded. Run with
// -benchtime=1x.
func BenchmarkBytesPerKey(b *testing.B) {
	for _, n := range []int{1_000_000, benchN} {
		keys := benchKeys(n)
		b.Run(fmt.Sprintf("dict/%d", n), func(b *testing.B) {
			var per float64
			for b.Loop() {
				base := heapAlloc()
				d := NewDict[serverVal]()
				for _, k := range keys {
					d.Insert(k, serverVal{})
				}
				finishRehash(d)
				per = float64(heapAlloc()-base) / float64(n)
				runtime.KeepAlive(d)
			}
			b.ReportMetric(per, "bytes/key")
		})
		b.Run(fmt.Sprintf("map/%d", n), func(b *testing.B) {
			var per float64
			for b.Loop() {
				base := heapAlloc()
				m := make(map[string]serverVal)
				for _, k := range keys {
					m[k] = serverVal{}
				}
				per = float64(heapAlloc()-base) / float64(n)
				runtime.KeepAlive(m)
			}
			b.ReportMetric(per, "bytes/key")
		})
	}
}

// BenchmarkGrowthLatency reports the worst single insert (and the 99.99th
// percentile) while growing from 0 to 4M keys. Run with -benchtime=1x.
func BenchmarkGrowthLatency(b *testing.B) {
	const n = 4 << 20
	keys := benchKeys(n)
	lat := make([]int64, n)
	report := func(b *testing.B) {
		slices.Sort(lat)
		b.ReportMetric(float64(lat[n-1])/1e3, "max-µs")
		b.ReportMetric(float64(lat[n-n/10000])/1e3, "p99.99-µs")
		b.ReportMetric(float64(lat[n/2]), "p50-ns")
	}
	b.Run("dict", func(b *testing.B) {
		for b.Loop() {
			d := NewDict[serverVal]()
			for i, k := range keys {
				t0 := time.Now()
				d.Insert(k, serverVal{})
				lat[i] = int64(time.Since(t0))
			}
			runtime.KeepAlive(d)
		}
		report(b)
	})
	b.Run("map", func(b *testing.B) {
		for b.Loop() {
			m := make(map[string]serverVal)
			for i, k := range keys {
				t0 := time.Now()
				if _, ok := m[k]; !ok {
					m[k] = serverVal{}
				}
				lat[i] = int64(time.Since(t0))
			}
			runtime.KeepAlive(m)
		}
		report(b)
	})
}

func TestDictExpand(t *testing.T) {
	for _, n := range []int{1, 5, 1000, 4096, 100000} {
		d := NewDict[int]()
		d.Expand(n)
		for i := 0; i < n; i++ {
			d.Insert("k"+strconv.Itoa(i), i)
			if d.IsRehashing() {
				t.Fatalf("n=%d: rehashing after %d inserts into an expanded dict", n, i+1)
			}
		}
		if d.Len() != n {
			t.Fatalf("n=%d: Len %d", n, d.Len())
		}
		d.Expand(10 * n) // not empty: no effect
		if d.IsRehashing() {
			t.Fatalf("n=%d: Expand of a non-empty dict started a rehash", n)
		}
	}
}
