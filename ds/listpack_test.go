package ds

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc64"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// loadVectors reads testdata/listpack_vectors.txt: "name hex" lines, '#'
// comments.
func loadVectors(t testing.TB) map[string][]byte {
	t.Helper()
	f, err := os.Open("testdata/listpack_vectors.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string][]byte{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		name, h, ok := strings.Cut(line, " ")
		if !ok {
			t.Fatalf("bad vector line %q", line)
		}
		b, err := hex.DecodeString(h)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		m[name] = b
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// rdbPayload is a minimal reader of a DUMP payload: type byte, value,
// 2-byte RDB version, 8-byte CRC64 (Jones, reflected, init 0, no xorout)
// of everything before it.
type rdbPayload struct {
	b   []byte
	off int
}

func newRDBPayload(t testing.TB, dump []byte) (*rdbPayload, byte) {
	t.Helper()
	if len(dump) < 11 {
		t.Fatalf("DUMP payload too short: %d", len(dump))
	}
	body := dump[:len(dump)-8]
	tab := crc64.MakeTable(0x95ac9329ac4bc9b5) // 0xad93d23594c935a9 reflected
	if got, want := ^crc64.Update(^uint64(0), tab, body), binary.LittleEndian.Uint64(dump[len(dump)-8:]); got != want {
		t.Fatalf("DUMP CRC64 %#x, want %#x", got, want)
	}
	if v := binary.LittleEndian.Uint16(dump[len(dump)-10:]); v != 10 {
		t.Fatalf("RDB version %d, want 10 (Redis 7.0)", v)
	}
	return &rdbPayload{b: dump[:len(dump)-10], off: 1}, dump[0]
}

func (r *rdbPayload) readByte(t testing.TB) byte {
	t.Helper()
	if r.off >= len(r.b) {
		t.Fatal("RDB payload truncated")
	}
	c := r.b[r.off]
	r.off++
	return c
}

// length reads an RDB length; enc reports the 11xxxxxx special encodings.
func (r *rdbPayload) length(t testing.TB) (n uint64, enc bool) {
	t.Helper()
	c := r.readByte(t)
	switch c >> 6 {
	case 0:
		return uint64(c & 0x3f), false
	case 1:
		return uint64(c&0x3f)<<8 | uint64(r.readByte(t)), false
	case 3:
		return uint64(c & 0x3f), true
	}
	w := 4
	if c == 0x81 {
		w = 8
	} else if c != 0x80 {
		t.Fatalf("bad RDB length byte %#x", c)
	}
	for i := 0; i < w; i++ {
		n = n<<8 | uint64(r.readByte(t))
	}
	return n, false
}

func (r *rdbPayload) bytesN(t testing.TB, n int) []byte {
	t.Helper()
	if r.off+n > len(r.b) {
		t.Fatal("RDB payload truncated")
	}
	b := r.b[r.off : r.off+n]
	r.off += n
	return b
}

// str reads an RDB string (raw, int-encoded or LZF) and reports whether it
// was LZF-compressed.
func (r *rdbPayload) str(t testing.TB) ([]byte, bool) {
	t.Helper()
	n, enc := r.length(t)
	if !enc {
		return r.bytesN(t, int(n)), false
	}
	switch n {
	case 0:
		return []byte(strconv.Itoa(int(int8(r.readByte(t))))), false
	case 1:
		return []byte(strconv.Itoa(int(int16(binary.LittleEndian.Uint16(r.bytesN(t, 2)))))), false
	case 2:
		return []byte(strconv.Itoa(int(int32(binary.LittleEndian.Uint32(r.bytesN(t, 4)))))), false
	case 3:
		clen, _ := r.length(t)
		ulen, _ := r.length(t)
		out, err := LZFDecompress(nil, r.bytesN(t, int(clen)), int(ulen))
		if err != nil {
			t.Fatalf("LZF: %v", err)
		}
		return out, true
	}
	t.Fatalf("bad RDB string encoding %d", n)
	return nil, false
}

func (r *rdbPayload) done(t testing.TB) {
	t.Helper()
	if r.off != len(r.b) {
		t.Fatalf("%d trailing bytes in RDB payload", len(r.b)-r.off)
	}
}

// dumpListpacks extracts the listpack blobs of a DUMP of a list (type 18,
// quicklist 2: packed nodes only), hash (16) or zset (17) listpack.
func dumpListpacks(t testing.TB, dump []byte) (typ byte, lps [][]byte) {
	t.Helper()
	r, typ := newRDBPayload(t, dump)
	switch typ {
	case 16, 17:
		s, _ := r.str(t)
		lps = append(lps, s)
	case 18:
		n, _ := r.length(t)
		for i := uint64(0); i < n; i++ {
			if c, _ := r.length(t); c != 2 {
				t.Fatalf("node %d container %d, want 2 (packed)", i, c)
			}
			s, _ := r.str(t)
			lps = append(lps, s)
		}
	default:
		t.Fatalf("unexpected RDB type %d", typ)
	}
	r.done(t)
	return typ, lps
}

func cycle(n int, from byte, k int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = from + byte(i%k)
	}
	return string(b)
}

var (
	s64   = cycle(64, 'a', 26)
	s200  = cycle(200, 'A', 26)
	s5000 = cycle(5000, '0', 10)
	s63   = "63chars" + strings.Repeat("x", 56)
)

func lpAppendAll(lp *Listpack, vals ...string) {
	for _, v := range vals {
		lp.Append([]byte(v))
	}
}

func TestListpackRedisVectors(t *testing.T) {
	vec := loadVectors(t)
	tests := []struct {
		name  string
		typ   byte
		build func() *Listpack
	}{
		{"list_ints_strs", 18, func() *Listpack {
			lp := NewListpack()
			lpAppendAll(lp, "a", "1", "-1", "127", "128", "-4096", "4095", "32767", "-32768", "8388607", "-8388608",
				"2147483647", "-2147483648", "9223372036854775807", "-9223372036854775808", s64, s5000)
			return lp
		}},
		{"list_edge_strings", 18, func() *Listpack {
			lp := NewListpack()
			lpAppendAll(lp, "", "0", "-0", "01", "+1", " 1", "1 ", "9223372036854775808", "-9223372036854775809",
				"18446744073709551615", "-4097", "4096", "-32769", "32768", "-8388609", "8388608", "2147483648",
				"-2147483649", s63, s200, "0x10", "1e3", "12345678901234567890")
			return lp
		}},
		{"list_ops", 18, func() *Listpack {
			lp := NewListpack()
			lpAppendAll(lp, "a", "b", "c", "d", "e", "f", "g") // RPUSH
			lp.Prepend([]byte("z"))                            // LPUSH z 99
			lp.Prepend([]byte("99"))
			lp.Insert(lp.Find(lp.First(), []byte("c"), 0), []byte("ins"), false) // LINSERT BEFORE c
			lp.Replace(lp.Seek(0), []byte("replaced"))                           // LSET 0
			lp.Delete(lp.Find(lp.First(), []byte("e"), 0))                       // LREM 1 e
			lp.DeleteRange(0, 1)                                                 // LTRIM 1 -2
			lp.DeleteRange(-1, 1)
			return lp
		}},
		{"hash", 16, func() *Listpack {
			lp := NewListpack()
			lpAppendAll(lp, "f1", "v1", "f2", "2", "num", "-300", "big", "100000", "s", s64)
			f := lp.Find(lp.First(), []byte("f2"), 1)
			lp.Replace(lp.Next(f), []byte("twenty"))
			f = lp.Find(lp.First(), []byte("num"), 1)
			lp.Delete(lp.Delete(f))
			return lp
		}},
		{"zset", 17, func() *Listpack {
			lp := NewListpack()
			lpAppendAll(lp, "c", "-3", "a", "1", "b", "2.5", "d", "100000", "e", "1e+20")
			return lp
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dump, ok := vec[tc.name]
			if !ok {
				t.Fatalf("no vector %q", tc.name)
			}
			typ, lps := dumpListpacks(t, dump)
			if typ != tc.typ || len(lps) != 1 {
				t.Fatalf("type %d with %d listpacks, want type %d with 1", typ, len(lps), tc.typ)
			}
			if _, err := ListpackFromBytes(bytes.Clone(lps[0])); err != nil {
				t.Fatalf("reference does not validate: %v", err)
			}
			got := tc.build().Bytes()
			if !bytes.Equal(got, lps[0]) {
				t.Fatalf("listpack differs from Redis's\n got %x\nwant %x", got, lps[0])
			}
		})
	}
}

func TestListpackEncodings(t *testing.T) {
	tests := []struct {
		in    string
		enc   string // hex of encoding+data+backlen
		isInt bool
	}{
		{"0", "0001", true},
		{"127", "7f01", true},
		{"128", "c08002", true},
		{"-1", "dfff02", true},
		{"-4096", "d00002", true},
		{"4096", "f1001003", true},
		{"-32768", "f1008003", true},
		{"32768", "f200800004", true},
		{"-8388609", "f3ffff7fff05", true},
		{"2147483648", "f4000000800000000009", true},
		{"", "8001", false},
		{"-0", "822d3003", false},
		{"007", "8330303704", false},
	}
	for _, tc := range tests {
		lp := NewListpack()
		lp.Append([]byte(tc.in))
		got := hex.EncodeToString(lp.Bytes()[lpHdrSize : lp.Size()-1])
		if got != tc.enc {
			t.Errorf("%q: entry %s, want %s", tc.in, got, tc.enc)
		}
		if _, _, isInt := lp.Get(lp.First()); isInt != tc.isInt {
			t.Errorf("%q: isInt %v", tc.in, isInt)
		}
		if g := string(lp.GetBytes(lp.First(), nil)); g != tc.in {
			t.Errorf("%q: GetBytes %q", tc.in, g)
		}
	}
}

func TestListpackBacklen(t *testing.T) {
	for _, l := range []int{1, 127, 128, 16382, 16383, 16384, 2097150, 2097151, 268435454, 268435455, 1 << 31} {
		var b [5]byte
		n := lpPutBacklen(b[:], l)
		if n != lpBacklenSize(l) {
			t.Fatalf("%d: size %d vs %d", l, n, lpBacklenSize(l))
		}
		if got := lpDecodeBacklen(b[:], n-1); got != l {
			t.Fatalf("%d: decoded %d", l, got)
		}
	}
	// Long strings exercise multi-byte backlens through the API.
	for _, n := range []int{63, 64, 125, 126, 127, 4095, 4096, 16377, 16378, 20000} {
		lp := NewListpack()
		s := bytes.Repeat([]byte{'x'}, n)
		lp.Append([]byte("a"))
		lp.Append(s)
		lp.Append([]byte("b"))
		if _, err := ListpackFromBytes(bytes.Clone(lp.Bytes())); err != nil {
			t.Fatalf("%d: %v", n, err)
		}
		p := lp.Prev(lp.Last())
		if got, _, _ := lp.Get(p); !bytes.Equal(got, s) {
			t.Fatalf("%d: Prev walk broken", n)
		}
	}
}

func TestListpackUnknownCount(t *testing.T) {
	lp := NewListpack()
	for i := 0; i < lpNumUnknown+10; i++ {
		lp.AppendInt(int64(i % 100))
	}
	if h := binary.LittleEndian.Uint16(lp.Bytes()[4:]); h != lpNumUnknown {
		t.Fatalf("header count %d, want 65535", h)
	}
	if lp.Len() != lpNumUnknown+10 {
		t.Fatalf("Len %d", lp.Len())
	}
	if _, v, _ := lp.Get(lp.Seek(-1)); v != int64((lpNumUnknown+9)%100) {
		t.Fatalf("Seek(-1) = %d", v)
	}
	if _, v, _ := lp.Get(lp.Seek(200)); v != 0 {
		t.Fatalf("Seek(200) = %d", v)
	}
	lp.DeleteRange(0, 20)
	if lp.Len() != lpNumUnknown-10 || binary.LittleEndian.Uint16(lp.Bytes()[4:]) != lpNumUnknown {
		t.Fatalf("after DeleteRange: Len %d", lp.Len())
	}
	if _, err := ListpackFromBytes(bytes.Clone(lp.Bytes())); err != nil {
		t.Fatal(err)
	}
}

func TestListpackFromBytesRejects(t *testing.T) {
	good := NewListpack()
	lpAppendAll(good, "a", "12345", s200)
	gb := good.Bytes()
	mut := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(gb)) }
	tests := []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"short", []byte{7, 0, 0, 0, 0, 0}},
		{"total", mut(func(b []byte) []byte { b[0]++; return b })},
		{"no eof", mut(func(b []byte) []byte { b[len(b)-1] = 0; return b })},
		{"count", mut(func(b []byte) []byte { b[4] = 2; return b })},
		{"backlen", mut(func(b []byte) []byte { b[lpHdrSize+2] = 3; return b })},
		{"encoding", mut(func(b []byte) []byte { b[lpHdrSize] = 0xF5; return b })},
		{"early eof", mut(func(b []byte) []byte { b[lpHdrSize] = 0xFF; return b })},
		{"str len", mut(func(b []byte) []byte { b[lpHdrSize] = 0x85; return b })},
	}
	for _, tc := range tests {
		if _, err := ListpackFromBytes(tc.b); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
	if _, err := ListpackFromBytes(bytes.Clone(gb)); err != nil {
		t.Fatal(err)
	}
}

func TestListpackFindSkip(t *testing.T) {
	lp := NewListpack()
	lpAppendAll(lp, "k1", "v", "v", "k2", "10", "x", "10", "y")
	tests := []struct {
		s    string
		skip int
		want int // index or -1
	}{
		{"v", 0, 1}, {"v", 1, 2}, {"k2", 1, -1}, {"10", 1, 4}, {"10", 0, 4}, {"010", 0, -1}, {"y", 1, -1}, {"y", 0, 7},
	}
	for _, tc := range tests {
		p := lp.Find(lp.First(), []byte(tc.s), tc.skip)
		want := -1
		if tc.want >= 0 {
			want = lp.Seek(tc.want)
		}
		if p != want {
			t.Errorf("Find(%q, skip %d) = %d, want %d", tc.s, tc.skip, p, want)
		}
	}
}

func TestListpackReadsDoNotAllocate(t *testing.T) {
	lp := NewListpack()
	lpAppendAll(lp, "a", "1", "-70000", s200)
	buf := make([]byte, 0, 32)
	n := testing.AllocsPerRun(100, func() {
		for p := lp.First(); p >= 0; p = lp.Next(p) {
			_ = lp.GetBytes(p, buf)
			_ = lp.EntryEqual(p, []byte("1"))
		}
		for p := lp.Last(); p >= 0; p = lp.Prev(p) {
			lp.Get(p)
		}
		_ = lp.Find(lp.First(), []byte("-70000"), 0)
		_ = lp.Seek(-2)
		_ = lp.Len()
	})
	if n != 0 {
		t.Fatalf("%v allocs per read pass", n)
	}
}

// fuzzReader turns fuzz input into choices; exhausted input reads zeros.
type fuzzReader struct{ b []byte }

func (r *fuzzReader) readByte() byte {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *fuzzReader) intn(n int) int {
	if n <= 0 {
		return 0
	}
	return int(uint16(r.readByte())<<8|uint16(r.readByte())) % n
}

// value picks a value that exercises every encoding boundary.
func (r *fuzzReader) value() []byte {
	switch r.readByte() % 10 {
	case 0:
		return []byte(strconv.Itoa(r.intn(300) - 150))
	case 1:
		edges := []int64{127, 128, -4096, -4097, 4095, 4096, 32767, 32768, -32768, -32769, 8388607, 8388608,
			-8388608, -8388609, math.MaxInt32, math.MaxInt32 + 1, math.MinInt32, math.MinInt32 - 1, math.MaxInt64, math.MinInt64}
		return []byte(strconv.FormatInt(edges[r.intn(len(edges))], 10))
	case 2:
		odd := []string{"", "-0", "01", "+1", " 1", "-", "9223372036854775808", "-9223372036854775809", "1e3"}
		return []byte(odd[r.intn(len(odd))])
	case 3:
		return bytes.Repeat([]byte{'a' + r.readByte()%26}, r.intn(5000))
	case 4:
		return bytes.Repeat([]byte{'b'}, 60+r.intn(10))
	case 5:
		return bytes.Repeat([]byte{'c'}, 4090+r.intn(10))
	default:
		n := r.intn(8)
		b := make([]byte, n)
		for i := range b {
			b[i] = 'x' + r.readByte()%3
		}
		return b
	}
}

func checkListpack(t *testing.T, lp *Listpack, model [][]byte) {
	t.Helper()
	if lp.Len() != len(model) {
		t.Fatalf("Len %d, model %d", lp.Len(), len(model))
	}
	if int(binary.LittleEndian.Uint32(lp.Bytes())) != lp.Size() {
		t.Fatal("header total bytes wrong")
	}
	var buf [32]byte
	i := 0
	for p := lp.First(); p >= 0; p = lp.Next(p) {
		if got := lp.GetBytes(p, buf[:]); !bytes.Equal(got, model[i]) {
			t.Fatalf("entry %d: %q, model %q", i, trunc(got), trunc(model[i]))
		}
		if !lp.EntryEqual(p, model[i]) {
			t.Fatalf("EntryEqual %d false", i)
		}
		i++
	}
	if i != len(model) {
		t.Fatalf("forward walk %d entries, model %d", i, len(model))
	}
	for p := lp.Last(); p >= 0; p = lp.Prev(p) {
		i--
		if got := lp.GetBytes(p, buf[:]); !bytes.Equal(got, model[i]) {
			t.Fatalf("backward entry %d: %q, model %q", i, trunc(got), trunc(model[i]))
		}
	}
	if i != 0 {
		t.Fatalf("backward walk ended at %d", i)
	}
	re, err := ListpackFromBytes(bytes.Clone(lp.Bytes()))
	if err != nil {
		t.Fatalf("reparse: %v", err)
	}
	if re.Len() != len(model) {
		t.Fatal("reparse Len")
	}
}

func trunc(b []byte) string {
	if len(b) > 20 {
		return fmt.Sprintf("%s...(%d)", b[:20], len(b))
	}
	return string(b)
}

func canonical(v []byte) []byte {
	if x, ok := ParseInt(v); ok {
		return []byte(strconv.FormatInt(x, 10))
	}
	return v
}

func FuzzListpack(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
	f.Add(bytes.Repeat([]byte{3, 1, 0, 5, 9, 7}, 30))
	f.Add([]byte("\x00\x01\x00\x02\x06\x03\x01\x04\x05\x00\x07\x08"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &fuzzReader{b: data}
		lp := NewListpack()
		var model [][]byte
		for ops := 0; len(r.b) > 0 && ops < 200; ops++ {
			switch op := r.readByte() % 10; op {
			case 0:
				v := r.value()
				lp.Append(v)
				model = append(model, canonical(v))
			case 1:
				x := int64(r.intn(1<<16)-1<<15) << (r.readByte() % 48)
				lp.AppendInt(x)
				model = append(model, []byte(strconv.FormatInt(x, 10)))
			case 2:
				v := r.value()
				lp.Prepend(v)
				model = append([][]byte{canonical(v)}, model...)
			case 3, 4:
				if len(model) == 0 {
					continue
				}
				i := r.intn(len(model))
				after := op == 4
				v := r.value()
				p := lp.Insert(lp.Seek(i), v, after)
				if after {
					i++
				}
				model = append(model[:i], append([][]byte{canonical(v)}, model[i:]...)...)
				if p != lp.Seek(i) {
					t.Fatal("Insert returned wrong position")
				}
			case 5:
				if len(model) == 0 {
					continue
				}
				i := r.intn(len(model))
				v := r.value()
				if p := lp.Replace(lp.Seek(i-len(model)), v); p != lp.Seek(i) {
					t.Fatal("Replace returned wrong position")
				}
				model[i] = canonical(v)
			case 6:
				if len(model) == 0 {
					continue
				}
				i := r.intn(len(model))
				n := lp.Delete(lp.Seek(i))
				model = append(model[:i], model[i+1:]...)
				if i == len(model) && n != -1 || i < len(model) && n != lp.Seek(i) {
					t.Fatal("Delete returned wrong position")
				}
			case 7:
				idx := r.intn(2*len(model)+2) - len(model) - 1
				cnt := r.intn(6)
				lp.DeleteRange(idx, cnt)
				if idx < 0 {
					idx += len(model)
				}
				if idx >= 0 && idx < len(model) && cnt > 0 {
					end := min(idx+cnt, len(model))
					model = append(model[:idx], model[end:]...)
				}
			case 8:
				v := canonical(r.value())
				skip := r.intn(3)
				want := -1
				for i := 0; i < len(model); i += skip + 1 {
					if bytes.Equal(model[i], v) {
						want = i
						break
					}
				}
				got := lp.Find(lp.First(), v, skip)
				if want >= 0 && got != lp.Seek(want) || want < 0 && got != -1 {
					t.Fatalf("Find(%q, %d) = %d, want index %d", trunc(v), skip, got, want)
				}
			case 9:
				i := r.intn(2*len(model)+2) - len(model) - 1
				p := lp.Seek(i)
				if i < 0 {
					i += len(model)
				}
				if i < 0 || i >= len(model) {
					if p != -1 {
						t.Fatal("Seek out of range returned a position")
					}
				} else if !lp.EntryEqual(p, model[i]) {
					t.Fatalf("Seek(%d) wrong entry", i)
				}
				c := lp.Clone()
				if !bytes.Equal(c.Bytes(), lp.Bytes()) {
					t.Fatal("Clone differs")
				}
			}
			checkListpack(t, lp, model)
		}
	})
}

func FuzzListpackFromBytes(f *testing.F) {
	lp := NewListpack()
	lpAppendAll(lp, "a", "1", "-1", "300", "-70000", "5000000000", s64, s200)
	f.Add(lp.Bytes())
	f.Add(NewListpack().Bytes())
	f.Add([]byte{7, 0, 0, 0, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		orig := bytes.Clone(b)
		lp, err := ListpackFromBytes(b)
		if err != nil {
			return
		}
		n := 0
		var buf [32]byte
		for p := lp.First(); p >= 0; p = lp.Next(p) {
			lp.GetBytes(p, buf[:])
			n++
		}
		for p := lp.Last(); p >= 0; p = lp.Prev(p) {
			n--
		}
		if n != 0 || lp.Len() < 0 {
			t.Fatal("walks disagree")
		}
		if !bytes.Equal(lp.Bytes(), orig) {
			t.Fatal("validation modified bytes")
		}
		// Modifying a loaded listpack must keep it valid.
		lp.Append([]byte("tail"))
		if p := lp.First(); p >= 0 {
			lp.Delete(p)
		}
		if _, err := ListpackFromBytes(bytes.Clone(lp.Bytes())); err != nil {
			t.Fatalf("modified listpack invalid: %v", err)
		}
	})
}

func TestListpackReserveForIsExact(t *testing.T) {
	cases := [][]string{
		{"f0", "v0", "f1", "12", "-7", "3000000000"},
		{strings.Repeat("x", 63), strings.Repeat("y", 64), strings.Repeat("z", 4096), "-9223372036854775808"},
		{"", "0", "01", " 1", "1.5"},
	}
	for _, entries := range cases {
		args := make([][]byte, len(entries))
		for i, e := range entries {
			args[i] = []byte(e)
		}
		lp := NewListpack()
		lp.ReserveFor(args)
		reserved := lp.Cap()
		for _, a := range args {
			lp.Append(a)
		}
		// Exact, unless the 32 bytes a new listpack starts with are more.
		if lp.Cap() != reserved || (lp.Size() != reserved && reserved != 32) {
			t.Errorf("%q: reserved %d bytes, filled %d (cap %d)", entries, reserved, lp.Size(), lp.Cap())
		}
	}
}
