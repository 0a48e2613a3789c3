// Package ds holds aeon's data structures. It owns data structures only and
// knows nothing of the server, clients, or commands.
//
// # Dict: the keyspace dictionary
//
// Dict[V] is what Redis's dict.c gives the keyspace: SCAN cursors that return
// every key present for the whole scan at least once across growth and
// shrinking, fair random sampling (RANDOMKEY, eviction, active expiry), no
// stop-the-world rehash when the table grows, and few bytes per key.
//
// Design (Redis's): a chained hash table whose bucket arrays have a
// power-of-two length, hashed with hash/maphash under a per-dict seed. An
// Entry is {next, key, Val}: 48 bytes with the server's 24-byte value. The
// table grows when used >= buckets (load factor 1) to the next power of two
// >= used*2, starting at 4 buckets; it shrinks only through TryShrink (the
// cron), when it is more than 4 buckets and under 10% full, to the next power
// of two >= used. A resize allocates the second table and rehashes
// incrementally: every Find/Insert/Delete moves one bucket (visiting at most
// 10 empty ones), RehashMicroseconds moves more from the cron, and new keys go
// to the new table meanwhile. Range and Scan pause rehashing while their
// callbacks run.
//
// Scan is Redis's dictScan: the cursor is incremented on its reversed bits,
// so the set of buckets already visited at size 2^k corresponds exactly to
// the visited buckets at any other power-of-two size; while rehashing it
// visits the small table's bucket and every expansion of it in the large
// one. Keys may be returned more than once, never missed.
//
// SomeEntries is Redis's dictGetSomeKeys (random start, consecutive
// buckets of both tables, at most n*10 steps, jump after long empty runs),
// made repeat-free. RandomEntry is not Redis's dictGetFairRandomKey
// (SomeEntries(20) and pick one): that one weights each key by the number of
// buckets spanned by the keys before it, and measured (1000 keys, 200k draws)
// min/max 0.27x/1.82x of the mean in a dense table and 0.40x/2.77x at 3% fill
// (an exact enumeration of its windows gave up to 5.8x). RandomEntry instead
// picks a table in proportion to its entry count, a window of W consecutive buckets
// (W sized for ~16 entries) and an index in [0,32), retrying when the window
// has no such entry: every key lies in exactly W windows, so it is uniform
// (measured 0.75x..1.27x, the binomial noise of 200 draws per key), at about
// two windows per call.
//
// Alternatives rejected:
//
//   - Go's map plus a side slice of keys for sampling and scanning: the map is
//     a swiss table with no stable cursor and no sampling, so a key slice
//     would be needed for both, with its index kept in every value for O(1)
//     swap-delete (and fixed up for the moved key on every delete): +16 bytes
//     of slice header per key plus an index per value, on top of a map that
//     already costs more per key than Dict (below); and a cursor into that
//     slice is not stable either (swap-delete moves an unvisited key behind
//     the cursor), so SCAN's guarantee would still be lost.
//   - Open addressing (including swiss tables) is denser and faster to probe,
//     but deletion moves entries (backward shift) or leaves tombstones whose
//     cleanup rehashes in place, and insertion may displace entries; an entry
//     can move from an unvisited slot to a visited one, breaking SCAN's
//     guarantee, and there is no bucket structure that maps one-to-many
//     between sizes the way power-of-two chains do.
//
// Measured (go test -bench, amd64, 2 shared cores, Go 1.26; 16-byte keys,
// V = struct{p unsafe.Pointer; n int64; m uint64}; noisy machine, so read
// the ratios, not the digits):
//
//	                              Dict          map[string]V
//	heap bytes/key, 1M keys       56.4          100.5   (2^20 keys: 56.0 vs 96.1)
//	insert, building 2^20 keys    568 ns/key    470 ns/key
//	lookup, 2^20 keys, random     275 ns/op     179 ns/op
//	insert latency 0->4M keys:
//	  median                      910 ns        593 ns  (includes time.Now)
//	  p99.99                      141 µs        305 µs
//	  max                         22.6 ms       20.6 ms
//	  max with GOGC=off           22.4 ms       2.7 ms
//
// Bytes/key exclude the 16 bytes of key data (identical for both; the keys
// are allocated before the baseline). Dict's 56 = 48-byte Entry + 8 bytes of
// bucket pointer. Lookups are slower than the swiss map because each probe
// dereferences a separately allocated entry. With the GC running, the worst
// insert of both is a GC pause/assist; with GC off, Dict's worst insert is
// allocating (and faulting in) the new 64 MiB bucket array when 4M keys
// start the last growth, which Redis also pays (calloc); rehashing itself is
// spread over later operations. Every entry is a heap object, so the GC has
// more to mark than with a map.
//
// A Dict is not safe for concurrent use.
package ds
