package ds

// Quicklist layout (Redis 7.0's quicklist.c):
//
//	head                                                          tail
//	 |                                                              |
//	 v                                                              v
//	[node] <-> [node] <-> [node] <-> ... <-> [node] <-> [node] <-> [node]
//	 raw        raw       LZF        LZF      LZF        raw        raw
//	 <- depth ->                                         <- depth ->
//
// Every node holds either a listpack of up to `fill` entries (packed) or,
// for one element of packedThreshold bytes or more, that element alone
// (plain). With a compress depth N > 0 the N nodes at each end stay raw and
// inner nodes are LZF-compressed (the listpack's bytes, or the plain
// element) when they are at least 48 bytes and compression saves at least
// 8 bytes; a node decompressed for an operation is compressed again after
// it.
const (
	qlSizeSafetyLimit      = 8192 // SIZE_SAFETY_LIMIT
	qlMinCompressBytes     = 48   // MIN_COMPRESS_BYTES
	qlMinCompressImprove   = 8    // MIN_COMPRESS_IMPROVE
	qlFillMax              = 1<<15 - 1
	qlCompressMax          = 1<<16 - 1
	qlDefaultPackThreshold = 1 << 30
	qlNodeOverhead         = 64 // approximate bytes of a qlNode, for MemoryUsage
)

// qlNode is one quicklist node. Exactly one of lp (packed, raw), plain
// (plain, raw) and lzf (compressed) holds the data; all are owned by the
// node.
type qlNode struct {
	prev, next *qlNode
	lp         *Listpack
	plain      []byte
	lzf        []byte
	isPlain    bool
	sz         int // uncompressed bytes: listpack size or plain element length
	count      int
	recompress bool // decompressed for use; compress again when done
}

// Quicklist is Redis 7.0's quicklist: a doubly linked list of listpack
// nodes with Redis's node fill rules (list-max-listpack-size) and LZF
// compression of inner nodes (list-compress-depth). It owns all its nodes
// and their bytes; values passed in are copied, values returned are the
// caller's. Not safe for concurrent use.
type Quicklist struct {
	head, tail *qlNode
	count      int // elements
	nodes      int // nodes
	fill       int
	depth      int
	threshold  int     // elements this large get a plain node
	used       *qlNode // inner node an iterator left decompressed
}

// NewQuicklist returns an empty quicklist; fill and compressDepth are as in
// SetOptions.
func NewQuicklist(fill, compressDepth int) *Quicklist {
	q := &Quicklist{threshold: qlDefaultPackThreshold}
	q.SetOptions(fill, compressDepth)
	return q
}

// UncompressedSize returns the bytes of all nodes' listpacks (or plain
// elements) before compression.
func (q *Quicklist) UncompressedSize() int {
	n := 0
	for node := q.head; node != nil; node = node.next {
		n += node.sz
	}
	return n
}

// Options returns the fill factor and compress depth, as set.
func (q *Quicklist) Options() (fill, compressDepth int) { return q.fill, q.depth }

// SetOptions sets the fill factor (positive: max entries per node, capped at
// 32767 and at 8 KiB per node; 0 behaves as 1; -1..-5: max node bytes 4, 8,
// 16, 32, 64 KiB, lower values clamp to -5) and the compress depth (0 = no
// compression; N: N nodes at each end stay raw). Existing nodes are
// recompressed to match the new depth; existing node sizes are kept.
func (q *Quicklist) SetOptions(fill, compressDepth int) {
	q.fill = min(max(fill, -5), qlFillMax)
	compressDepth = min(max(compressDepth, 0), qlCompressMax)
	if compressDepth != q.depth {
		q.settle()
		q.depth = compressDepth
		for n := q.head; n != nil; n = n.next {
			q.decompress(n)
		}
		i := 0
		for n := q.head; n != nil; n = n.next {
			if q.depth > 0 && i >= q.depth && i < q.nodes-q.depth {
				q.compressNode(n)
			}
			i++
		}
	}
}

// SetPackedThreshold sets the element size from which elements get their
// own plain node (Redis's packed_threshold, default 1 GiB; DEBUG
// QUICKLIST-PACKED-THRESHOLD).
func (q *Quicklist) SetPackedThreshold(n int) { q.threshold = max(n, 1) }

// Len returns the number of elements.
func (q *Quicklist) Len() int { return q.count }

// NodeCount returns the number of nodes (DEBUG OBJECT's ql_nodes).
func (q *Quicklist) NodeCount() int { return q.nodes }

// MemoryUsage returns an approximation of the bytes held: the quicklist,
// its nodes, and each node's (compressed, if so) data.
func (q *Quicklist) MemoryUsage() int {
	total := 64
	for n := q.head; n != nil; n = n.next {
		total += qlNodeOverhead
		switch {
		case n.lzf != nil:
			total += cap(n.lzf)
		case n.isPlain:
			total += cap(n.plain)
		default:
			total += cap(n.lp.b)
		}
	}
	return total
}

// --- compression ---

// settle compresses the node an iterator left decompressed.
func (q *Quicklist) settle() {
	if n := q.used; n != nil {
		q.used = nil
		if n.recompress && n.lzf == nil {
			n.recompress = false
			q.compress(n)
		}
	}
}

// decompress makes n raw (quicklistDecompressNode).
func (q *Quicklist) decompress(n *qlNode) {
	if n.lzf == nil {
		return
	}
	out, err := LZFDecompress(nil, n.lzf, n.sz)
	if err != nil {
		panic("quicklist: corrupt compressed node")
	}
	if n.isPlain {
		n.plain = out
	} else {
		n.lp = &Listpack{b: out}
	}
	n.lzf = nil
}

// decompressForUse makes n raw for an operation and marks it to be
// compressed again afterwards (quicklistDecompressNodeForUse).
func (q *Quicklist) decompressForUse(n *qlNode) {
	if n.lzf != nil {
		q.decompress(n)
		n.recompress = true
	}
}

// recompressOnly compresses n again if it was decompressed for use.
func (q *Quicklist) recompressOnly(n *qlNode) {
	if n.recompress {
		q.compressNode(n)
	}
}

// nodeData returns n's uncompressed bytes; for a compressed node they are
// decompressed into a new slice (n is left compressed).
func (q *Quicklist) nodeData(n *qlNode) []byte {
	if n.lzf != nil {
		out, err := LZFDecompress(nil, n.lzf, n.sz)
		if err != nil {
			panic("quicklist: corrupt compressed node")
		}
		return out
	}
	if n.isPlain {
		return n.plain
	}
	return n.lp.b
}

// compressNode LZF-compresses n if it is big enough and it pays
// (__quicklistCompressNode).
func (q *Quicklist) compressNode(n *qlNode) {
	n.recompress = false
	if n.lzf != nil || n.sz < qlMinCompressBytes || n.prev == nil || n.next == nil {
		return
	}
	src := n.plain
	if !n.isPlain {
		src = n.lp.b
	}
	out := lzfCompress(nil, src, len(src), make([]uint32, lzfHSize))
	if out == nil || len(out)+qlMinCompressImprove >= n.sz {
		return
	}
	n.lzf = append([]byte(nil), out...) // trim to size
	n.lp, n.plain = nil, nil
}

// compress is Redis's quicklistCompress: a node decompressed for use is
// compressed again; otherwise the nodes within depth of both ends are made
// raw, and node (if beyond depth) and the first node beyond depth on each
// side are compressed.
func (q *Quicklist) compress(node *qlNode) {
	if node != nil && node.recompress {
		q.compressNode(node)
		return
	}
	if q.nodes == 0 || q.depth == 0 || q.nodes < q.depth*2 {
		return
	}
	fwd, rev := q.head, q.tail
	inDepth := false
	for d := 0; d < q.depth; d++ {
		q.decompress(fwd)
		q.decompress(rev)
		if fwd == node || rev == node {
			inDepth = true
		}
		if fwd == rev || fwd.next == rev {
			return
		}
		fwd, rev = fwd.next, rev.prev
	}
	if !inDepth && node != nil {
		q.compressNode(node)
	}
	q.compressNode(fwd)
	q.compressNode(rev)
}

// --- node management ---

func (q *Quicklist) newPackedNode(v []byte) *qlNode {
	lp := NewListpack()
	lp.Append(v)
	return &qlNode{lp: lp, sz: lp.Size(), count: 1}
}

func (q *Quicklist) newPlainNode(v []byte) *qlNode {
	return &qlNode{plain: append([]byte(nil), v...), isPlain: true, sz: len(v), count: 1}
}

// insertNode links n next to old (after or before; old nil: n becomes the
// only node) and compresses around them (__quicklistInsertNode).
func (q *Quicklist) insertNode(old, n *qlNode, after bool) {
	if after {
		n.prev = old
		if old != nil {
			n.next = old.next
			if old.next != nil {
				old.next.prev = n
			}
			old.next = n
		}
		if q.tail == old {
			q.tail = n
		}
	} else {
		n.next = old
		if old != nil {
			n.prev = old.prev
			if old.prev != nil {
				old.prev.next = n
			}
			old.prev = n
		}
		if q.head == old {
			q.head = n
		}
	}
	if q.nodes == 0 {
		q.head, q.tail = n, n
	}
	q.nodes++
	if old != nil {
		q.compress(old)
	}
	q.compress(n)
}

// delNode unlinks n and its elements (__quicklistDelNode).
func (q *Quicklist) delNode(n *qlNode) {
	if n.next != nil {
		n.next.prev = n.prev
	}
	if n.prev != nil {
		n.prev.next = n.next
	}
	if n == q.tail {
		q.tail = n.prev
	}
	if n == q.head {
		q.head = n.next
	}
	if q.used == n {
		q.used = nil
	}
	q.nodes--
	q.count -= n.count
	q.compress(nil)
	n.prev, n.next, n.lp, n.plain, n.lzf = nil, nil, nil, nil, nil
}

// updateSz records n's listpack size.
func (n *qlNode) updateSz() { n.sz = n.lp.Size() }

// sizeMeetsOptimization is _quicklistNodeSizeMeetsOptimizationRequirement.
func sizeMeetsOptimization(sz, fill int) bool {
	if fill >= 0 {
		return false
	}
	off := -fill - 1 // optimization_level: 4096 << off bytes for fill -1..-5
	return off < 5 && sz <= 4096<<off
}

// reserve grows a node's listpack ahead of pushing v: doubling, but never
// past the node's byte limit, so a full node holds exactly its bytes and
// filling one costs a few copies, not one per 25%. The entry's exact size
// counts: a bound with slack would push the last entries of a full node
// past the limit, into the next allocator size class (8 KB -> 9.25 KB).
func (q *Quicklist) reserve(lp *Listpack, v []byte) {
	need := lp.Size() + lpEntrySizeOf(v)
	if need <= lp.Cap() {
		return
	}
	target := max(2*lp.Cap(), need)
	if q.fill < 0 {
		limit := 4096 << min(-q.fill-1, 4)
		target = max(min(target, limit), need)
	}
	lp.Reserve(target)
}

// allowInsert is Redis 7.0's _quicklistNodeAllowInsert, including its
// ziplist-era estimate of the new entry's overhead.
func (q *Quicklist) allowInsert(n *qlNode, sz int) bool {
	if n == nil || n.isPlain || sz >= q.threshold {
		return false
	}
	overhead := 5
	if sz < 254 {
		overhead = 1
	}
	switch {
	case sz < 64:
		overhead++
	case sz < 16384:
		overhead += 2
	default:
		overhead += 5
	}
	newSz := n.sz + sz + overhead
	if sizeMeetsOptimization(newSz, q.fill) {
		return true
	}
	if newSz > qlSizeSafetyLimit {
		return false
	}
	return n.count < q.fill
}

// allowMerge is _quicklistNodeAllowMerge.
func (q *Quicklist) allowMerge(a, b *qlNode) bool {
	if a == nil || b == nil || a.isPlain || b.isPlain {
		return false
	}
	mergeSz := a.sz + b.sz - 7 // one listpack header and terminator less
	if sizeMeetsOptimization(mergeSz, q.fill) {
		return true
	}
	if mergeSz > qlSizeSafetyLimit {
		return false
	}
	return a.count+b.count <= q.fill
}

// merge appends b's entries to a and deletes b (_quicklistListpackMerge).
func (q *Quicklist) merge(a, b *qlNode) *qlNode {
	q.decompress(a)
	q.decompress(b)
	a.lp.appendListpack(b.lp)
	a.count += b.count
	a.updateSz()
	a.recompress = false
	q.count += b.count // delNode subtracts them again
	q.delNode(b)
	q.compress(a)
	return a
}

// mergeAround is _quicklistMergeNodes.
func (q *Quicklist) mergeAround(center *qlNode) {
	var prev, prevPrev, next, nextNext *qlNode
	if center.prev != nil {
		prev, prevPrev = center.prev, center.prev.prev
	}
	if center.next != nil {
		next, nextNext = center.next, center.next.next
	}
	if q.allowMerge(prev, prevPrev) {
		q.merge(prevPrev, prev)
	}
	if q.allowMerge(next, nextNext) {
		q.merge(next, nextNext)
	}
	target := center
	if q.allowMerge(center, center.prev) {
		target = q.merge(center.prev, center)
	}
	if q.allowMerge(target, target.next) {
		q.merge(target, target.next)
	}
}

// split splits n at offset (_quicklistSplitNode): after, n keeps
// [0, offset] and the returned node gets the rest; before, n keeps
// [offset, end) and the returned node gets [0, offset). n must be raw.
func (q *Quicklist) split(n *qlNode, offset int, after bool) *qlNode {
	nn := &qlNode{lp: n.lp.Clone()}
	if after {
		n.lp.DeleteRange(offset+1, n.count)
		nn.lp.DeleteRange(0, offset+1)
	} else {
		n.lp.DeleteRange(0, offset)
		nn.lp.DeleteRange(offset, n.count)
	}
	n.count = n.lp.Len()
	n.updateSz()
	nn.count = nn.lp.Len()
	nn.updateSz()
	return nn
}

// locate returns the node holding element i (0 <= i < count) and i's
// offset in it, walking from the nearer end.
func (q *Quicklist) locate(i int) (*qlNode, int) {
	if i < 0 || i >= q.count {
		return nil, 0
	}
	if i <= (q.count-1)/2 {
		for n := q.head; n != nil; n = n.next {
			if i < n.count {
				return n, i
			}
			i -= n.count
		}
	} else {
		j := q.count - 1 - i // index from the tail
		for n := q.tail; n != nil; n = n.prev {
			if j < n.count {
				return n, n.count - 1 - j
			}
			j -= n.count
		}
	}
	panic("quicklist: counts out of sync")
}

func (q *Quicklist) normIndex(i int) int {
	if i < 0 {
		i += q.count
	}
	return i
}

// --- public operations ---

// PushHead adds v (copied) at the head.
func (q *Quicklist) PushHead(v []byte) { q.push(v, false) }

// PushTail adds v (copied) at the tail.
func (q *Quicklist) PushTail(v []byte) { q.push(v, true) }

func (q *Quicklist) push(v []byte, tail bool) {
	q.settle()
	end := q.head
	if tail {
		end = q.tail
	}
	switch {
	case len(v) >= q.threshold:
		q.insertNode(end, q.newPlainNode(v), tail)
		q.count++
		return
	case q.allowInsert(end, len(v)):
		q.reserve(end.lp, v)
		if tail {
			end.lp.Append(v)
		} else {
			end.lp.Prepend(v)
		}
		end.updateSz()
		end.count++
	default:
		n := q.newPackedNode(v)
		if end != nil && !end.isPlain && q.fill < 0 {
			// The end node is full: the list is growing at this end, so
			// the new node gets its whole byte limit at once instead of
			// leaving a trail of outgrown buffers behind.
			n.lp.Reserve(4096 << min(-q.fill-1, 4))
		}
		q.insertNode(end, n, tail)
	}
	q.count++
}

// PopHead removes and returns the head element, appended to buf[:0] (or,
// for a plain node, its own slice, handed over).
func (q *Quicklist) PopHead(buf []byte) ([]byte, bool) { return q.pop(buf, false) }

// PopTail removes and returns the tail element, like PopHead.
func (q *Quicklist) PopTail(buf []byte) ([]byte, bool) { return q.pop(buf, true) }

func (q *Quicklist) pop(buf []byte, tail bool) ([]byte, bool) {
	q.settle()
	if q.count == 0 {
		return nil, false
	}
	n := q.head
	if tail {
		n = q.tail
	}
	if n.isPlain {
		q.decompress(n)
		v := n.plain
		q.delNode(n)
		return v, true
	}
	p := n.lp.First()
	if tail {
		p = n.lp.Last()
	}
	v := append(buf[:0], n.lp.GetBytes(p, buf)...)
	q.delIndex(n, p)
	return v, true
}

// delIndex deletes the entry at p of raw node n (quicklistDelIndex),
// returning the position of the following entry (-1 if none) and whether
// the node was deleted.
func (q *Quicklist) delIndex(n *qlNode, p int) (int, bool) {
	if n.isPlain {
		q.delNode(n)
		return -1, true
	}
	next := n.lp.Delete(p)
	n.count--
	q.count--
	if n.count == 0 {
		q.count++ // delNode subtracts the node's count; keep accounting exact
		n.count = 1
		q.delNode(n)
		return -1, true
	}
	n.updateSz()
	return next, false
}

// Index returns element i (negative from the end) appended to buf[:0].
func (q *Quicklist) Index(i int, buf []byte) ([]byte, bool) {
	q.settle()
	n, off := q.locate(q.normIndex(i))
	if n == nil {
		return nil, false
	}
	data := q.nodeData(n)
	if n.isPlain {
		return append(buf[:0], data...), true
	}
	lp := Listpack{b: data}
	return append(buf[:0], lp.GetBytes(lp.Seek(off), buf)...), true
}

// Replace sets element i (negative from the end) to v; false if i is out
// of range (quicklistReplaceEntry).
func (q *Quicklist) Replace(i int, v []byte) bool {
	q.settle()
	i = q.normIndex(i)
	n, off := q.locate(i)
	if n == nil {
		return false
	}
	large := len(v) >= q.threshold
	switch {
	case !n.isPlain && !large:
		q.decompressForUse(n)
		n.lp.Replace(n.lp.Seek(off), v)
		n.updateSz()
		q.compress(n)
	case n.isPlain && large:
		q.decompressForUse(n)
		n.plain = append(n.plain[:0], v...)
		n.sz = len(v)
		q.compress(n)
	default:
		// Insert the new value after the old one, then delete the old.
		q.insertAt(n, off, v, true)
		n2, off2 := q.locate(i)
		q.decompressForUse(n2)
		if n2.isPlain {
			q.delIndex(n2, -1)
		} else {
			if _, gone := q.delIndex(n2, n2.lp.Seek(off2)); !gone {
				q.compress(n2)
			}
		}
	}
	return true
}

// Insert adds v before (after = false) or after the element at pivotIndex
// (negative from the end). An out-of-range pivot on an empty list creates
// the first element; otherwise it does nothing.
func (q *Quicklist) Insert(pivotIndex int, v []byte, after bool) {
	q.settle()
	if q.count == 0 {
		q.push(v, true)
		return
	}
	n, off := q.locate(q.normIndex(pivotIndex))
	if n == nil {
		return
	}
	q.insertAt(n, off, v, after)
}

// insertAt is _quicklistInsert next to entry off of node n.
func (q *Quicklist) insertAt(n *qlNode, off int, v []byte, after bool) {
	sz := len(v)
	full := !q.allowInsert(n, sz)
	atTail, atHead, availNext, availPrev := false, false, false, false
	if after && off == n.count-1 {
		atTail = true
		availNext = q.allowInsert(n.next, sz)
	}
	if !after && off == 0 {
		atHead = true
		availPrev = q.allowInsert(n.prev, sz)
	}
	if sz >= q.threshold {
		if n.isPlain || (atTail && after) || (atHead && !after) {
			q.insertNode(n, q.newPlainNode(v), after)
		} else {
			q.decompressForUse(n)
			nn := q.split(n, off, after)
			pn := q.newPlainNode(v)
			q.insertNode(n, pn, after)
			q.insertNode(pn, nn, after)
		}
		q.count++
		return
	}
	switch {
	case !full:
		q.decompressForUse(n)
		n.lp.Insert(n.lp.Seek(off), v, after)
		n.count++
		n.updateSz()
		q.recompressOnly(n)
	case atTail && availNext && after:
		nn := n.next
		q.decompressForUse(nn)
		nn.lp.Prepend(v)
		nn.count++
		nn.updateSz()
		q.recompressOnly(nn)
		q.recompressOnly(n)
	case atHead && availPrev && !after:
		nn := n.prev
		q.decompressForUse(nn)
		nn.lp.Append(v)
		nn.count++
		nn.updateSz()
		q.recompressOnly(nn)
		q.recompressOnly(n)
	case atTail && after, atHead && !after:
		q.insertNode(n, q.newPackedNode(v), after)
	default:
		q.decompressForUse(n)
		nn := q.split(n, off, after)
		if after {
			nn.lp.Prepend(v)
		} else {
			nn.lp.Append(v)
		}
		nn.count++
		nn.updateSz()
		q.insertNode(n, nn, after)
		q.mergeAround(n)
	}
	q.count++
}

// DelRange deletes count elements from start (negative from the end),
// clipped to the list, and returns how many were deleted
// (quicklistDelRange).
func (q *Quicklist) DelRange(start, count int) int {
	q.settle()
	if count <= 0 {
		return 0
	}
	start = q.normIndex(start)
	n, off := q.locate(start)
	if n == nil {
		return 0
	}
	extent := min(count, q.count-start)
	deleted := extent
	for extent > 0 {
		next := n.next
		var del int
		whole := false
		switch {
		case off == 0 && extent >= n.count:
			whole, del = true, n.count
		case extent+off >= n.count:
			del = n.count - off
		default:
			del = extent
		}
		if whole || n.isPlain {
			q.delNode(n)
		} else {
			q.decompressForUse(n)
			n.lp.DeleteRange(off, del)
			n.updateSz()
			n.count -= del
			q.count -= del
			q.recompressOnly(n)
		}
		extent -= del
		n, off = next, 0
	}
	return deleted
}

// ForEachNode calls fn with each node's uncompressed bytes, head to tail:
// the listpack of a packed node, the element of a plain one. The bytes are
// valid only during the call and must not be modified. It stops when fn
// returns false.
func (q *Quicklist) ForEachNode(fn func(lp []byte, plain bool) bool) {
	q.settle()
	for n := q.head; n != nil; n = n.next {
		if !fn(q.nodeData(n), n.isPlain) {
			return
		}
	}
}

// AppendNodeListpack appends lp as a new tail node, taking ownership (the
// RDB loader's quicklistAppendListpack). An empty listpack is dropped.
func (q *Quicklist) AppendNodeListpack(lp *Listpack) {
	q.settle()
	cnt := lp.Len()
	if cnt == 0 {
		return
	}
	n := &qlNode{lp: lp, sz: lp.Size(), count: cnt}
	q.count += cnt
	q.insertNode(q.tail, n, true)
}

// AppendPlainNode appends v (copied) as a plain tail node (the RDB
// loader's quicklistAppendPlainNode).
func (q *Quicklist) AppendPlainNode(v []byte) {
	q.settle()
	q.count++
	q.insertNode(q.tail, q.newPlainNode(v), true)
}

// QuicklistIter walks a quicklist from an index in one direction. Any
// change to the quicklist other than through DeleteCurrent invalidates it.
type QuicklistIter struct {
	q       *Quicklist
	node    *qlNode
	off     int  // offset in node of the next element (when pos < 0)
	pos     int  // byte position of the current element, -1 if not yet read
	forward bool // direction
	fresh   bool // pos already points at the next element (after a delete)
	cur     bool // there is a current element to delete
}

// Iterator returns an iterator starting at element start (negative from
// the end) moving towards the tail (forward) or the head. An out-of-range
// start yields an empty iteration.
func (q *Quicklist) Iterator(start int, forward bool) *QuicklistIter {
	q.settle()
	it := &QuicklistIter{q: q, forward: forward, pos: -1}
	it.node, it.off = q.locate(q.normIndex(start))
	return it
}

// enter makes the iterator's node raw, recompressing the node an iterator
// left before.
func (it *QuicklistIter) enter() {
	q := it.q
	if it.node.lzf == nil {
		return
	}
	if q.used != nil && q.used != it.node {
		q.settle()
	}
	q.decompressForUse(it.node)
	q.used = it.node
}

// leave recompresses the current node if the iterator decompressed it.
func (it *QuicklistIter) leave() {
	q := it.q
	if q.used == it.node {
		q.settle()
	}
}

// Next returns the next element, appended to buf[:0] (or a plain node's
// element copied), and false at the end.
func (it *QuicklistIter) Next(buf []byte) ([]byte, bool) {
	it.cur = false
	for it.node != nil {
		n := it.node
		it.enter()
		if n.isPlain {
			if it.pos < 0 && !it.fresh {
				it.pos = 0
				it.cur = true
				return append(buf[:0], n.plain...), true
			}
		} else {
			switch {
			case it.fresh:
				it.fresh = false
			case it.pos < 0:
				it.pos = n.lp.Seek(it.off)
			case it.forward:
				it.pos = n.lp.Next(it.pos)
			default:
				it.pos = n.lp.Prev(it.pos)
			}
			if it.pos >= 0 {
				it.cur = true
				return append(buf[:0], n.lp.GetBytes(it.pos, buf)...), true
			}
		}
		it.leave()
		it.fresh = false
		it.pos = -1
		if it.forward {
			it.node, it.off = n.next, 0
		} else {
			it.node, it.off = n.prev, -1
		}
	}
	return nil, false
}

// DeleteCurrent deletes the element last returned by Next; the following
// Next continues with the element after it (in the iteration direction).
// It does nothing if there is no current element.
func (it *QuicklistIter) DeleteCurrent() {
	if !it.cur {
		return
	}
	it.cur = false
	n := it.node
	it.enter()
	prev, next := n.prev, n.next
	p := it.pos
	np, gone := it.q.delIndex(n, p)
	if gone {
		it.pos, it.fresh = -1, false
		if it.forward {
			it.node, it.off = next, 0
		} else {
			it.node, it.off = prev, -1
		}
		return
	}
	if it.forward {
		it.pos = np
	} else {
		it.pos = n.lp.Prev(p)
	}
	it.fresh = true
}
