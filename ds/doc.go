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
// Entry is {next, key pointer, 32-bit key length, low 32 bits of the key's
// hash, Val}: 48 bytes with the server's 24-byte value, the size a string
// header would take. The stored hash bits let a lookup skip chain
// neighbours without touching their keys' bytes and let rehashing move
// entries without hashing (BenchmarkInsert1M: 661 -> 484 ns/insert, below the
// built-in map's 532; BenchmarkGrowthLatency p99.99: 182 -> 123 us). The
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
//
// # Intset: small integer sets
//
// Intset is Redis's intset.c byte for byte: a uint32 LE encoding (2, 4 or 8
// bytes per element), a uint32 LE count, then the elements as sorted, unique
// little-endian integers of that width. A value that needs a wider encoding
// upgrades every element on insert; removal never narrows. Lookup is a binary
// search over the bytes, so Bytes() is the RDB payload of RDB_TYPE_SET_INTSET
// with no conversion, and IntsetFromBytes validates a loaded one (encoding,
// size, strict order) without panicking. Tests compare against DUMP payloads
// captured from redis-server 7.0 (testdata/intset_vectors.txt).
//
// # Skiplist: the ordered index of sorted sets
//
// Skiplist is Redis's zskiplist: nodes ordered by (score, member bytes), up to
// 32 levels with p = 0.25 drawn from a per-skiplist splitmix64 seeded at
// NewSkiplist, spans on every link for O(log n) Rank/ByRank, and backward
// links on level 0 for reverse iteration. The member -> score dict stays with
// the caller, as in Redis's zset; range deletes report each removed member
// through a callback so the caller can update it. As in Redis, a node's
// levels follow it in one allocation (a 32-byte node with the member as
// pointer and 32-bit length, then 16 bytes per level), so a one-level node
// is 48 bytes and a two-level one a single 64-byte cache line holding the
// score and levels 0 and 1; measured: random inserts into a 1M-member
// skiplist 3.6 µs instead of 5.2 µs with a separate level slice, and the
// 32-byte header takes BenchmarkSkiplistInsert1M from 72.9 to 56.1 MB.
// Unlike Redis, a link also caches its forward node's score rounded to
// float32 (the span is 32 bits, so a link is still 16 bytes): a search
// step that does not move on is decided without loading the forward node,
// usually a cache miss (Insert1M 1733 -> 1635 ns; redis-benchmark ZADD
// -P 16 into a 600k-900k member zset +6-8%). UpdateScore updates
// in place when the node stays between its neighbours (zslUpdateScore) and
// otherwise relinks the same node. ParseScoreRange / ParseLexRange are
// zslParseRange / zslParseLexRange, including strtod's grammar (leading white
// space, hex floats, inf/infinity, overflow to ±inf, text after a NUL byte
// ignored) as Redis 7.0 accepts it; LexRange marks "-" / "+" with MinInf /
// MaxInf = -1 / +1.
//
// Intset and Skiplist are not safe for concurrent use.
//
// # Listpack: Redis's compact sequence encoding
//
// Listpack is Redis 7.0's listpack, byte for byte (listpack.md): a 6-byte
// header (total bytes uint32 LE, entry count uint16 LE, 65535 = unknown),
// entries of encoding+data+backlen, and a 0xFF terminator. A string that
// parses as a canonical int64 (Redis's string2ll) is stored as the smallest
// of the 7/13/16/24/32/64-bit integer encodings, so the same operations give
// the same bytes as Redis; testdata/listpack_vectors.txt holds DUMP payloads
// of lists, hashes and zsets from redis-server 7.0.15 that the tests rebuild
// exactly. Positions are byte offsets; reads and iteration do not allocate.
// ListpackFromBytes validates a foreign buffer fully (every entry, backlen,
// count, terminator) and never panics on garbage (fuzzed). Unlike lpLength,
// Len never writes a walked count back into the header.
//
// # LZF
//
// LZFCompress/LZFDecompress are liblzf 3.6 as built into Redis (HLOG 16,
// VERY_FAST), used for RDB strings and quicklist nodes; the compressor
// reproduces Redis's bytes for the captured vectors. The decompressor
// checks every bound and the exact output length. LZFCompress allocates
// the 256 KiB hash table per call (Redis keeps it on the stack,
// uninitialized); an LZF value keeps one table across calls for callers
// that compress many strings (RDB writing, DUMP). There is no
// package-level scratch.
//
// # Quicklist: Redis's list
//
// Quicklist is Redis 7.0's quicklist: a doubly linked list of listpack
// nodes. Node fill follows _quicklistNodeAllowInsert (7.0's estimate of the
// entry overhead, the 8 KiB safety limit for positive fills, 4..64 KiB for
// -1..-5), inserts split and merge nodes as _quicklistInsert and
// _quicklistMergeNodes do, and node counts after pushes match DEBUG
// OBJECT's ql_nodes for every fill tested. Elements of at least the packed
// threshold (1 GiB by default) get plain nodes. With a compress depth N,
// inner nodes beyond N of either end are LZF-compressed when they are at
// least 48 bytes and it saves at least 8 (Redis's rules and, for the tested
// vector, Redis's bytes). Reads of a compressed node decompress into a
// temporary; operations and iterators decompress a node in place and
// compress it again afterwards.
package ds
