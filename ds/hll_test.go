package ds

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"testing"
)

// Register index and pattern length of a few elements, as Redis 7.0 sets
// them (PFDEBUG DECODE/GETREG on a reference server).
func TestHLLPatLen(t *testing.T) {
	for _, tc := range []struct {
		ele   string
		index int
		count uint8
	}{
		{"a", 12711, 2},
		{"big:3244251397", -1, 35},
	} {
		i, c := HLLPatLen([]byte(tc.ele))
		if (tc.index >= 0 && i != tc.index) || c != tc.count {
			t.Errorf("%q: got (%d,%d), want (%d,%d)", tc.ele, i, c, tc.index, tc.count)
		}
	}
	// PFADD h a b c gives "Z:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603".
	b := HLLNew()
	for _, e := range []string{"a", "b", "c"} {
		b, _ = HLLAdd(b, []byte(e), HLLSparseMax)
	}
	if got := string(HLLDecode(nil, b)); got != "Z:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603" {
		t.Fatalf("decode: %q", got)
	}
	if n, ok := HLLCount(b); !ok || n != 3 {
		t.Fatalf("count: %d %v", n, ok)
	}
}

func TestHLLMurmurTail(t *testing.T) {
	// Every tail length goes through its own switch case; the hash must
	// depend on every byte.
	data := []byte("0123456789abcdefg")
	seen := map[uint64]bool{}
	for n := 0; n <= len(data); n++ {
		h := HLLMurmurHash64A(data[:n], hllSeed)
		if seen[h] {
			t.Fatalf("collision at length %d", n)
		}
		seen[h] = true
		for i := 0; i < n; i++ {
			d := append([]byte(nil), data[:n]...)
			d[i] ^= 1
			if HLLMurmurHash64A(d, hllSeed) == h {
				t.Fatalf("length %d: byte %d ignored", n, i)
			}
		}
	}
}

func TestHLLDenseRegisters(t *testing.T) {
	regs := make([]byte, HLLDenseSize-HLLHdrSize)
	want := make([]uint8, HLLRegisters)
	r := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 5; round++ {
		for i := range want {
			want[i] = uint8(r.IntN(64))
			HLLDenseSetReg(regs, i, want[i])
		}
		for i := range want {
			if got := HLLDenseGet(regs, i); got != want[i] {
				t.Fatalf("register %d = %d, want %d", i, got, want[i])
			}
		}
		var h, h2 HLLHisto
		HLLDenseRegHisto(regs, &h)
		for _, v := range want {
			h2[v]++
		}
		if h != h2 {
			t.Fatal("histogram differs")
		}
	}
	if !HLLDenseSet(regs, 0, 64-1) && want[0] != 63 {
		t.Fatal("DenseSet did not raise")
	}
	if HLLDenseSet(regs, 0, 1) {
		t.Fatal("DenseSet lowered a register")
	}
}

// TestHLLSparseMatchesDense adds the same elements to a sparse HLL (which
// is promoted along the way) and to a dense one: their registers, and so
// their counts, agree at every step.
func TestHLLSparseMatchesDense(t *testing.T) {
	sparse := HLLNew()
	dense := make([]byte, HLLDenseSize)
	HLLSparseToDense(dense, sparse)
	promotedAt := -1
	for i := 0; i < 4000; i++ {
		ele := []byte("e:" + strconv.Itoa(i))
		var r1, r2 int
		sparse, r1 = HLLAdd(sparse, ele, HLLSparseMax)
		dense, r2 = HLLAdd(dense, ele, HLLSparseMax)
		if r1 != r2 {
			t.Fatalf("element %d: sparse %d, dense %d", i, r1, r2)
		}
		if sparse[4] == HLLDense && promotedAt < 0 {
			promotedAt = i
		}
		if sparse[4] == HLLSparse && len(sparse) > HLLSparseMax {
			t.Fatalf("sparse HLL of %d bytes", len(sparse))
		}
		if i%50 == 0 || sparse[4] == HLLDense {
			conv := sparse
			if sparse[4] == HLLSparse {
				conv = make([]byte, HLLDenseSize)
				if !HLLSparseToDense(conv, sparse) {
					t.Fatalf("element %d: invalid sparse", i)
				}
			}
			if !bytes.Equal(conv[HLLHdrSize:], dense[HLLHdrSize:]) {
				t.Fatalf("element %d: registers differ", i)
			}
			c1, ok1 := HLLCount(sparse)
			c2, ok2 := HLLCount(dense)
			if c1 != c2 || !ok1 || !ok2 {
				t.Fatalf("element %d: counts %d/%d", i, c1, c2)
			}
		}
		if sparse[4] == HLLDense && i > promotedAt+10 {
			break
		}
	}
	if promotedAt < 0 {
		t.Fatal("never promoted")
	}
}

func TestHLLMerge(t *testing.T) {
	a, b := HLLNew(), HLLNew()
	for i := 0; i < 300; i++ {
		a, _ = HLLAdd(a, []byte("a"+strconv.Itoa(i)), HLLSparseMax)
		b, _ = HLLAdd(b, []byte("b"+strconv.Itoa(i)), HLLSparseMax)
	}
	bd := make([]byte, HLLDenseSize)
	HLLSparseToDense(bd, b)
	var max [HLLRegisters]uint8
	if !HLLMerge(&max, a) || !HLLMerge(&max, bd) {
		t.Fatal("merge failed")
	}
	var h HLLHisto
	HLLRawRegHisto(&max, &h)
	n := HLLEstimate(&h)
	if n < 570 || n > 630 {
		t.Fatalf("union estimate %d", n)
	}
	// Overlong sparse: rejected.
	bad := append(HLLNew(), 0x00)
	if HLLMerge(&max, bad) {
		t.Fatal("accepted 16385 registers")
	}
	if _, ok := HLLCount(bad); ok {
		t.Fatal("count accepted 16385 registers")
	}
}

func TestHLLEstimateEdges(t *testing.T) {
	var h HLLHisto
	h[0] = HLLRegisters
	if n := HLLEstimate(&h); n != 0 {
		t.Fatalf("empty: %d", n)
	}
	h = HLLHisto{}
	h[HLLQ+1] = HLLRegisters // z == 0: llroundl(inf)
	if n := HLLEstimate(&h); n != 1<<63 {
		t.Fatalf("all registers at Q+1: %d", n)
	}
}

func TestHLLHeader(t *testing.T) {
	b := HLLNew()
	if string(b) != "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x7f\xff" || !HLLValid(b) {
		t.Fatalf("new HLL %q", b)
	}
	if c, ok := HLLCachedCard(b); !ok || c != 0 {
		t.Fatal("new HLL cache")
	}
	HLLSetCard(b, 0x0102030405060708)
	if c, ok := HLLCachedCard(b); !ok || c != 0x0102030405060708 || b[8] != 8 {
		t.Fatal("card round trip")
	}
	HLLInvalidate(b)
	if _, ok := HLLCachedCard(b); ok {
		t.Fatal("still valid")
	}
	for _, bad := range []string{"", "HYLL", "HYLX\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
		"HYLL\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", "HYLL\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"} {
		if HLLValid([]byte(bad)) {
			t.Errorf("valid: %q", bad)
		}
	}
}

func TestHLLSelfTestRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("10M elements")
	}
	r := rand.New(rand.NewPCG(3, 4))
	if msg := HLLSelfTest(r.Uint32, HLLSparseMax); msg != "" {
		t.Fatal(msg)
	}
}

// FuzzHLLSparseSet edits arbitrary sparse opcodes: no panics, and a valid
// sparse HLL stays valid, with the register raised.
func FuzzHLLSparseSet(f *testing.F) {
	f.Add([]byte{0x7f, 0xff}, uint16(0), uint8(3))
	f.Add([]byte{0x7f}, uint16(100), uint8(1))
	f.Add([]byte{0x80, 0x84, 0x7f, 0xfd}, uint16(1), uint8(2))
	f.Add([]byte{0x00, 0x00, 0x7f, 0xfd}, uint16(16383), uint8(40))
	f.Fuzz(func(t *testing.T, ops []byte, index uint16, count uint8) {
		idx := int(index) % HLLRegisters
		cnt := count%51 + 1
		b := append(append(HLLNew()[:HLLHdrSize:HLLHdrSize], ops...), 0, 0, 0)[:HLLHdrSize+len(ops)]
		valid := func(b []byte) bool { var h HLLHisto; return HLLRegHisto(b, &h) }
		wasValid := valid(b)
		nb, r := HLLSetRegister(b, idx, cnt, HLLSparseMax)
		if !wasValid || r < 0 {
			return
		}
		if nb[4] == HLLSparse && !valid(nb) {
			t.Fatalf("valid sparse %x became invalid: %x", ops, nb[HLLHdrSize:])
		}
		d := nb
		if nb[4] == HLLSparse {
			d = make([]byte, HLLDenseSize)
			HLLSparseToDense(d, nb)
		}
		if HLLDenseGet(d[HLLHdrSize:], idx) < cnt {
			t.Fatalf("register %d not raised to %d", idx, cnt)
		}
	})
}
