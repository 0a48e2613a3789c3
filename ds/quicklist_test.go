package ds

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// qlValue is the value the reference workload pushed: "x" for 1-byte
// elements, else "v" + the index zero-padded to elen-1 digits.
func qlValue(i, elen int) []byte {
	if elen == 1 {
		return []byte("x")
	}
	s := fmt.Sprintf("%0*d", elen, i)
	return []byte("v" + s[1:])
}

// TestQuicklistNodeCountsMatchRedis checks ql_nodes from DEBUG OBJECT of
// redis-server 7.0.15 after pushing n elements of elen bytes, for each
// list-max-listpack-size (captured once; see testdata/listpack_vectors.txt
// for the setup).
func TestQuicklistNodeCountsMatchRedis(t *testing.T) {
	tests := []struct {
		fill, n, elen int
		head          bool
		nodes         int
	}{
		{-1, 1000, 5, false, 2}, {-1, 1000, 5, true, 2}, {-1, 5000, 1, false, 4}, {-1, 300, 100, false, 8},
		{-1, 300, 100, true, 8}, {-1, 100, 1000, false, 25}, {-1, 50, 5000, false, 50}, {-1, 20000, 10, false, 59},
		{-2, 1000, 5, false, 1}, {-2, 1000, 5, true, 1}, {-2, 5000, 1, false, 2}, {-2, 300, 100, false, 4},
		{-2, 300, 100, true, 4}, {-2, 100, 1000, false, 13}, {-2, 50, 5000, false, 50}, {-2, 20000, 10, false, 30},
		{-3, 1000, 5, false, 1}, {-3, 1000, 5, true, 1}, {-3, 5000, 1, false, 1}, {-3, 300, 100, false, 2},
		{-3, 300, 100, true, 2}, {-3, 100, 1000, false, 7}, {-3, 50, 5000, false, 17}, {-3, 20000, 10, false, 15},
		{-5, 1000, 5, false, 1}, {-5, 1000, 5, true, 1}, {-5, 5000, 1, false, 1}, {-5, 300, 100, false, 1},
		{-5, 300, 100, true, 1}, {-5, 100, 1000, false, 2}, {-5, 50, 5000, false, 4}, {-5, 20000, 10, false, 4},
		{1, 1000, 5, false, 1000}, {1, 1000, 5, true, 1000}, {1, 5000, 1, false, 5000}, {1, 300, 100, false, 300},
		{1, 300, 100, true, 300}, {1, 100, 1000, false, 100}, {1, 50, 5000, false, 50}, {1, 20000, 10, false, 20000},
		{5, 1000, 5, false, 200}, {5, 1000, 5, true, 200}, {5, 5000, 1, false, 1000}, {5, 300, 100, false, 60},
		{5, 300, 100, true, 60}, {5, 100, 1000, false, 20}, {5, 50, 5000, false, 50}, {5, 20000, 10, false, 4000},
		{128, 1000, 5, false, 8}, {128, 1000, 5, true, 8}, {128, 5000, 1, false, 40}, {128, 300, 100, false, 4},
		{128, 300, 100, true, 4}, {128, 100, 1000, false, 13}, {128, 50, 5000, false, 50}, {128, 20000, 10, false, 157},
	}
	for _, tc := range tests {
		q := NewQuicklist(tc.fill, 0)
		for i := 0; i < tc.n; i++ {
			if tc.head {
				q.PushHead(qlValue(i, tc.elen))
			} else {
				q.PushTail(qlValue(i, tc.elen))
			}
		}
		if q.NodeCount() != tc.nodes || q.Len() != tc.n {
			t.Errorf("fill %d, %d x %d bytes, head %v: %d nodes (len %d), Redis has %d",
				tc.fill, tc.n, tc.elen, tc.head, q.NodeCount(), q.Len(), tc.nodes)
		}
	}
}

// TestQuicklistCompressedMatchesRedis rebuilds the ql_compressed vector:
// fill 5, depth 1, 15 pushes -> 3 nodes whose middle one Redis keeps
// LZF-compressed; the DUMP stores it as is (the ends are LZF-compressed by
// rdbcompression with the same algorithm).
func TestQuicklistCompressedMatchesRedis(t *testing.T) {
	vec := loadVectors(t)
	r, typ := newRDBPayload(t, vec["ql_compressed"])
	if typ != 18 {
		t.Fatalf("type %d", typ)
	}
	n, _ := r.length(t)
	var raw [][]byte
	for i := uint64(0); i < n; i++ {
		if c, _ := r.length(t); c != 2 {
			t.Fatalf("container %d", c)
		}
		comp, _ := r.lzfRaw(t)
		raw = append(raw, comp)
	}
	r.done(t)
	q := NewQuicklist(5, 1)
	for i := 0; i < 15; i++ {
		q.PushTail([]byte(fmt.Sprintf("element-number-%05d", i)))
	}
	if q.NodeCount() != len(raw) {
		t.Fatalf("%d nodes, Redis %d", q.NodeCount(), len(raw))
	}
	mid := q.head.next
	if mid.lzf == nil || q.head.lzf != nil || q.tail.lzf != nil {
		t.Fatal("only the middle node should be compressed")
	}
	if !bytes.Equal(mid.lzf, raw[1]) {
		t.Fatalf("middle node\n got %x\nredis %x", mid.lzf, raw[1])
	}
	i := 0
	q.ForEachNode(func(lp []byte, plain bool) bool {
		if c := LZFCompress(nil, lp); plain || !bytes.Equal(c, raw[i]) {
			t.Fatalf("node %d differs", i)
		}
		i++
		return true
	})
}

func TestQuicklistBasics(t *testing.T) {
	q := NewQuicklist(3, 1)
	for i := 0; i < 10; i++ {
		q.PushTail([]byte(strconv.Itoa(i)))
	}
	q.PushHead([]byte("h"))
	var buf []byte
	tests := []struct {
		idx  int
		want string
		ok   bool
	}{{0, "h", true}, {1, "0", true}, {-1, "9", true}, {-11, "h", true}, {11, "", false}, {-12, "", false}}
	for _, tc := range tests {
		v, ok := q.Index(tc.idx, buf)
		if ok != tc.ok || string(v) != tc.want {
			t.Errorf("Index(%d) = %q, %v", tc.idx, v, ok)
		}
	}
	if v, _ := q.PopHead(nil); string(v) != "h" {
		t.Fatal(string(v))
	}
	if v, _ := q.PopTail(nil); string(v) != "9" {
		t.Fatal(string(v))
	}
	if !q.Replace(4, []byte("four")) || q.Replace(9, nil) {
		t.Fatal("Replace")
	}
	q.Insert(0, []byte("before0"), false)
	q.Insert(-1, []byte("after8"), true)
	if d := q.DelRange(-3, 10); d != 3 {
		t.Fatalf("DelRange deleted %d", d)
	}
	want := []string{"before0", "0", "1", "2", "3", "four", "5", "6"}
	checkQuicklist(t, q, toModel(want))
	// LREM-style: delete every even-looking element walking backwards.
	it := q.Iterator(-1, false)
	for v, ok := it.Next(nil); ok; v, ok = it.Next(nil) {
		if len(v) == 1 && (v[0]-'0')%2 == 0 {
			it.DeleteCurrent()
		}
	}
	checkQuicklist(t, q, toModel([]string{"before0", "1", "3", "four", "5"}))
}

func TestQuicklistPlainNodes(t *testing.T) {
	q := NewQuicklist(-2, 1)
	q.SetPackedThreshold(100)
	big := bytes.Repeat([]byte("B"), 150)
	model := [][]byte{}
	for i := 0; i < 5; i++ {
		q.PushTail([]byte(strconv.Itoa(i)))
		model = append(model, []byte(strconv.Itoa(i)))
	}
	q.PushTail(big)
	q.PushHead(big)
	model = append(append([][]byte{big}, model...), big)
	q.Insert(3, big, true) // splits the packed node around a plain one
	model = append(model[:4], append([][]byte{big}, model[4:]...)...)
	checkQuicklist(t, q, model)
	if q.NodeCount() != 5 {
		t.Fatalf("%d nodes", q.NodeCount())
	}
	q.Replace(0, []byte("small"))
	model[0] = []byte("small")
	q.Replace(2, big)
	model[2] = big
	checkQuicklist(t, q, model)
	plains := 0
	q.ForEachNode(func(lp []byte, plain bool) bool {
		if plain {
			plains++
		}
		return true
	})
	if plains != 3 {
		t.Fatalf("%d plain nodes", plains)
	}
}

func TestQuicklistAppendNodeListpack(t *testing.T) {
	q := NewQuicklist(-2, 2)
	var model [][]byte
	for n := 0; n < 7; n++ {
		lp := NewListpack()
		for i := 0; i < 20; i++ {
			v := []byte(fmt.Sprintf("node%d-elem%02d-padding-padding", n, i))
			lp.Append(v)
			model = append(model, v)
		}
		q.AppendNodeListpack(lp)
	}
	q.AppendNodeListpack(NewListpack())
	if q.NodeCount() != 7 {
		t.Fatalf("%d nodes", q.NodeCount())
	}
	compressed := 0
	for n := q.head; n != nil; n = n.next {
		if n.lzf != nil {
			compressed++
		}
	}
	if compressed != 3 {
		t.Fatalf("%d compressed nodes, want 3", compressed)
	}
	checkQuicklist(t, q, model)
	before := q.MemoryUsage()
	q.SetOptions(-2, 0)
	if raw := q.MemoryUsage(); raw <= before {
		t.Fatalf("MemoryUsage %d compressed, %d raw", before, raw)
	}
	checkQuicklist(t, q, model)
}

func toModel(s []string) [][]byte {
	m := make([][]byte, len(s))
	for i, v := range s {
		m[i] = []byte(v)
	}
	return m
}

// checkQuicklist compares q with model through every read path and checks
// the node invariants.
func checkQuicklist(t *testing.T, q *Quicklist, model [][]byte) {
	t.Helper()
	if q.Len() != len(model) {
		t.Fatalf("Len %d, model %d", q.Len(), len(model))
	}
	var buf []byte
	it := q.Iterator(0, true)
	i := 0
	for v, ok := it.Next(buf); ok; v, ok = it.Next(buf) {
		if i >= len(model) || !bytes.Equal(v, model[i]) {
			t.Fatalf("forward %d: %q", i, trunc(v))
		}
		buf = v
		i++
	}
	if i != len(model) {
		t.Fatalf("forward walk %d, model %d", i, len(model))
	}
	it = q.Iterator(-1, false)
	for v, ok := it.Next(buf); ok; v, ok = it.Next(buf) {
		i--
		if !bytes.Equal(v, model[i]) {
			t.Fatalf("backward %d: %q", i, trunc(v))
		}
	}
	if i != 0 {
		t.Fatalf("backward walk stopped at %d", i)
	}
	if len(model) > 0 {
		for _, k := range []int{0, len(model) / 2, len(model) - 1, -1, -len(model)} {
			v, ok := q.Index(k, nil)
			j := k
			if j < 0 {
				j += len(model)
			}
			if !ok || !bytes.Equal(v, model[j]) {
				t.Fatalf("Index(%d) = %q", k, trunc(v))
			}
		}
	}
	// Node invariants.
	total, nodes := 0, 0
	var prev *qlNode
	for n := q.head; n != nil; n = n.next {
		if n.prev != prev {
			t.Fatal("broken prev link")
		}
		if n.count <= 0 {
			t.Fatal("empty node")
		}
		data := q.nodeData(n)
		if len(data) != n.sz {
			t.Fatalf("node sz %d, data %d", n.sz, len(data))
		}
		if n.isPlain {
			if n.count != 1 {
				t.Fatal("plain node count")
			}
		} else {
			lp, err := ListpackFromBytes(bytes.Clone(data))
			if err != nil {
				t.Fatalf("node listpack: %v", err)
			}
			if lp.Len() != n.count {
				t.Fatalf("node count %d, listpack %d", n.count, lp.Len())
			}
		}
		if (n == q.head || n == q.tail) && n.lzf != nil {
			t.Fatal("head/tail compressed")
		}
		total += n.count
		nodes++
		prev = n
	}
	if prev != q.tail || total != q.count || nodes != q.nodes {
		t.Fatalf("tail/count/nodes out of sync: %d/%d %d/%d", total, q.count, nodes, q.nodes)
	}
	if q.depth > 0 {
		// Nodes within depth of either end are raw.
		i := 0
		for n := q.head; n != nil; n = n.next {
			if (i < q.depth || i >= q.nodes-q.depth) && n.lzf != nil && q.used != n {
				t.Fatalf("node %d of %d within depth %d is compressed", i, q.nodes, q.depth)
			}
			i++
		}
	}
	got := 0
	q.ForEachNode(func(lp []byte, plain bool) bool {
		if plain {
			if !bytes.Equal(lp, model[got]) {
				t.Fatal("ForEachNode plain element")
			}
			got++
			return true
		}
		l := &Listpack{b: lp}
		for p := l.First(); p >= 0; p = l.Next(p) {
			if !l.EntryEqual(p, model[got]) {
				t.Fatalf("ForEachNode element %d", got)
			}
			got++
		}
		return true
	})
	if got != len(model) {
		t.Fatal("ForEachNode count")
	}
}

func FuzzQuicklist(f *testing.F) {
	f.Add([]byte{0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	f.Add(append([]byte{3, 2}, bytes.Repeat([]byte{0, 1, 5, 9, 1, 0, 0, 2, 3, 3}, 40)...))
	f.Add(append([]byte{9, 1}, bytes.Repeat([]byte{1, 6, 3, 2, 1, 1, 7, 0, 0, 4}, 40)...))
	f.Fuzz(runQL)
}

func runQL(t *testing.T, data []byte) {
	{
		r := &fuzzReader{b: data}
		fills := []int{-1, -2, -5, 1, 2, 3, 5, 16, 0, -7}
		fill := fills[int(r.readByte())%len(fills)]
		depth := int(r.readByte() % 4)
		q := NewQuicklist(fill, depth)
		plainAt := 1 << 30
		if r.readByte()%3 == 0 {
			plainAt = 200
			q.SetPackedThreshold(plainAt)
		}
		var model [][]byte
		value := func() []byte {
			switch r.readByte() % 6 {
			case 0:
				return bytes.Repeat([]byte{'p'}, 190+r.intn(30)) // around the plain threshold
			case 1:
				return []byte(strconv.Itoa(r.intn(100000) - 50000))
			case 2:
				return []byte(strings.Repeat("pad-", 1+r.intn(40)))
			default:
				return []byte(fmt.Sprintf("v%d", r.intn(20)))
			}
		}
		for ops := 0; len(r.b) > 0 && ops < 100; ops++ {
			switch r.readByte() % 11 {
			case 0, 1:
				// bulk push to get many nodes
				for k := r.intn(16); k >= 0; k-- {
					v := value()
					if r.readByte()%2 == 0 {
						q.PushTail(v)
						model = append(model, v)
					} else {
						q.PushHead(v)
						model = append([][]byte{v}, model...)
					}
				}
			case 2:
				v, ok := q.PopHead(nil)
				if ok != (len(model) > 0) || ok && !bytes.Equal(v, model[0]) {
					t.Fatalf("PopHead %q", trunc(v))
				}
				if ok {
					model = model[1:]
				}
			case 3:
				v, ok := q.PopTail(make([]byte, 0, 8))
				if ok != (len(model) > 0) || ok && !bytes.Equal(v, model[len(model)-1]) {
					t.Fatalf("PopTail %q", trunc(v))
				}
				if ok {
					model = model[:len(model)-1]
				}
			case 4:
				i := r.intn(2*len(model)+2) - len(model) - 1
				v := value()
				ok := q.Replace(i, v)
				if i < 0 {
					i += len(model)
				}
				if ok != (i >= 0 && i < len(model)) {
					t.Fatal("Replace range")
				}
				if ok {
					model[i] = v
				}
			case 5, 6:
				i := r.intn(len(model) + 1)
				after := r.readByte()%2 == 0
				v := value()
				q.Insert(i, v, after)
				if len(model) == 0 {
					model = [][]byte{v}
				} else if i < len(model) {
					if after {
						i++
					}
					model = append(model[:i], append([][]byte{v}, model[i:]...)...)
				}
			case 7:
				start := r.intn(2*len(model)+2) - len(model) - 1
				cnt := r.intn(60) - 2
				d := q.DelRange(start, cnt)
				if start < 0 {
					start += len(model)
				}
				want := 0
				if start >= 0 && start < len(model) && cnt > 0 {
					want = min(cnt, len(model)-start)
					model = append(model[:start], model[start+want:]...)
				}
				if d != want {
					t.Fatalf("DelRange deleted %d, want %d", d, want)
				}
			case 8:
				// LREM-like: delete up to n matches of a value, either direction.
				target := value()
				forward := r.readByte()%2 == 0
				limit := r.intn(4)
				start := 0
				if !forward {
					start = -1
				}
				it := q.Iterator(start, forward)
				removed := 0
				var keep [][]byte
				idx := make([]int, 0)
				i := 0
				for v, ok := it.Next(nil); ok; v, ok = it.Next(nil) {
					if bytes.Equal(v, target) && (limit == 0 || removed < limit) {
						it.DeleteCurrent()
						it.DeleteCurrent() // no-op: nothing current
						removed++
						if forward {
							idx = append(idx, i)
						} else {
							idx = append(idx, len(model)-1-i)
						}
					}
					i++
				}
				del := map[int]bool{}
				for _, k := range idx {
					del[k] = true
				}
				for k, v := range model {
					if !del[k] {
						keep = append(keep, v)
					}
				}
				model = keep
			case 9:
				// partial iteration from the middle, abandoned midway
				if len(model) == 0 {
					continue
				}
				s := r.intn(len(model))
				forward := r.readByte()%2 == 0
				it := q.Iterator(s, forward)
				for k := r.intn(10); k >= 0; k-- {
					v, ok := it.Next(nil)
					if !ok {
						if forward && s != len(model) || !forward && s != -1 {
							t.Fatal("iterator ended early")
						}
						break
					}
					if !bytes.Equal(v, model[s]) {
						t.Fatalf("iterator at %d: %q", s, trunc(v))
					}
					if forward {
						s++
					} else {
						s--
					}
				}
			case 10:
				q.SetOptions(fills[int(r.readByte())%len(fills)], int(r.readByte()%4))
			}
			checkQuicklist(t, q, model)
		}
	}
}

// A list grown by pushes never allocates a node past its byte limit: the
// last entries of a full node must not move it into a bigger size class.
func TestQuicklistNodesStayWithinByteLimit(t *testing.T) {
	for _, fill := range []int{-1, -2, -3} {
		limit := 4096 << (-fill - 1)
		for _, tail := range []bool{true, false} {
			q := NewQuicklist(fill, 0)
			for i := range 200000 {
				v := []byte("v" + strconv.Itoa(i))
				if i%7 == 0 {
					v = []byte(strconv.Itoa(i)) // integer entries too
				}
				if tail {
					q.PushTail(v)
				} else {
					q.PushHead(v)
				}
			}
			for n := q.head; n != nil; n = n.next {
				if n.lp.Cap() > limit {
					t.Fatalf("fill %d tail %v: a node of %d bytes has %d allocated, limit %d", fill, tail, n.lp.Size(), n.lp.Cap(), limit)
				}
			}
		}
	}
}
