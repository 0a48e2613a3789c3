package persist

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"aeon/ds"
)

func TestLenEncoding(t *testing.T) {
	tests := []struct {
		n    uint64
		want []byte
	}{
		{0, []byte{0x00}},
		{63, []byte{0x3f}},
		{64, []byte{0x40, 0x40}},
		{16383, []byte{0x7f, 0xff}},
		{16384, []byte{0x80, 0, 0, 0x40, 0}},
		{math.MaxUint32, []byte{0x80, 0xff, 0xff, 0xff, 0xff}},
		{math.MaxUint32 + 1, []byte{0x81, 0, 0, 0, 1, 0, 0, 0, 0}},
		{math.MaxUint64, []byte{0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
	}
	for _, tc := range tests {
		var c Chunk
		c.Len(tc.n)
		got := encode(t, &c, true)
		if !bytes.Equal(got, tc.want) {
			t.Errorf("Len(%d) = % x, want % x", tc.n, got, tc.want)
		}
		r := NewReaderBytes(got)
		if n, err := r.ReadLen(); err != nil || n != tc.n || r.Offset() != int64(len(got)) {
			t.Errorf("ReadLen(% x) = %d, %v", got, n, err)
		}
	}
}

func TestStringEncoding(t *testing.T) {
	compressible := strings.Repeat("abcdefghij", 20)
	rng := rand.New(rand.NewPCG(1, 1))
	random := make([]byte, 100)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	tests := []struct {
		in       string
		compress bool
		want     []byte // nil: only check the round trip and the first byte
		first    byte
	}{
		{"", true, []byte{0}, 0},
		{"0", true, []byte{0xc0, 0}, 0},
		{"-1", true, []byte{0xc0, 0xff}, 0},
		{"127", true, []byte{0xc0, 0x7f}, 0},
		{"-128", true, []byte{0xc0, 0x80}, 0},
		{"128", true, []byte{0xc1, 0x80, 0}, 0},
		{"-129", true, []byte{0xc1, 0x7f, 0xff}, 0},
		{"32768", true, []byte{0xc2, 0, 0x80, 0, 0}, 0},
		{"2147483647", true, []byte{0xc2, 0xff, 0xff, 0xff, 0x7f}, 0},
		{"-2147483648", true, []byte{0xc2, 0, 0, 0, 0x80}, 0},
		{"2147483648", true, append([]byte{10}, "2147483648"...), 0},
		{"007", true, []byte{3, '0', '0', '7'}, 0},
		{"-0", true, []byte{2, '-', '0'}, 0},
		{"+1", true, []byte{2, '+', '1'}, 0},
		{" 1", true, []byte{2, ' ', '1'}, 0},
		{"1 ", true, []byte{2, '1', ' '}, 0},
		{"-", true, []byte{1, '-'}, 0},
		{"hello", true, []byte{5, 'h', 'e', 'l', 'l', 'o'}, 0},
		{strings.Repeat("a", 20), true, append([]byte{20}, strings.Repeat("a", 20)...), 0},
		{strings.Repeat("a", 21), true, nil, 0xc3},
		{strings.Repeat("a", 21), false, append([]byte{21}, strings.Repeat("a", 21)...), 0},
		{compressible, true, nil, 0xc3},
		{compressible, false, nil, 0x40},
		{string(random), true, nil, 0x40},
		{strings.Repeat("xy", 100000), true, nil, 0xc3},
		{string(bytes.Repeat(random, 2000)), false, nil, 0x80},
	}
	for _, tc := range tests {
		var c Chunk
		c.StringS(tc.in)
		got := encode(t, &c, tc.compress)
		if tc.want != nil && !bytes.Equal(got, tc.want) {
			t.Errorf("%.20q (compress %v) = % x, want % x", tc.in, tc.compress, got, tc.want)
		}
		if tc.want == nil && got[0] != tc.first {
			t.Errorf("%.20q (compress %v): first byte %#x, want %#x", tc.in, tc.compress, got[0], tc.first)
		}
		for _, r := range []*Reader{NewReaderBytes(got), NewReader(iotest.OneByteReader(bytes.NewReader(got)))} {
			s, err := r.ReadString()
			if err != nil || string(s) != tc.in || r.Offset() != int64(len(got)) {
				t.Errorf("%.20q: read back %.20q, %v (offset %d of %d)", tc.in, s, err, r.Offset(), len(got))
			}
		}
	}
}

func TestIntString(t *testing.T) {
	for _, v := range []int64{0, 1, -1, 127, -128, 128, 40000, -40000, math.MaxInt32, math.MinInt32,
		math.MaxInt32 + 1, math.MinInt32 - 1, math.MaxInt64, math.MinInt64} {
		var c, d Chunk
		c.IntString(v)
		d.StringS(itoa(v))
		got, want := encode(t, &c, true), encode(t, &d, true)
		if !bytes.Equal(got, want) {
			t.Errorf("IntString(%d) = % x, String gives % x", v, got, want)
		}
		s, err := NewReaderBytes(got).ReadString()
		if err != nil || string(s) != itoa(v) {
			t.Errorf("IntString(%d) read back %q, %v", v, s, err)
		}
	}
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func TestLZFReuse(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var z ds.LZF
	for i := range 300 {
		n := rng.IntN(3000)
		if i%50 == 0 {
			n = 100000
		}
		b := make([]byte, n)
		alpha := 1 + rng.IntN(20)
		for j := range b {
			b[j] = byte('a' + rng.IntN(alpha))
		}
		want := ds.LZFCompress(nil, b)
		if got := z.Compress(nil, b); !bytes.Equal(got, want) {
			t.Fatalf("input %d (len %d): reused table gives different output", i, n)
		}
		var fresh ds.LZF
		if got, want := z.CompressMax(nil, b, n-4), fresh.CompressMax(nil, b, n-4); !bytes.Equal(got, want) {
			t.Fatalf("input %d (len %d): CompressMax differs", i, n)
		}
	}
}

func TestDumpPayload(t *testing.T) {
	var c Chunk
	c.Byte(TypeString)
	c.StringS(strings.Repeat("payload ", 10))
	for _, compress := range []bool{false, true} {
		p := DumpPayload(&c, compress)
		n := len(p)
		if binary.LittleEndian.Uint16(p[n-10:]) != Version {
			t.Fatalf("version % x", p[n-10:n-8])
		}
		if CRC64(0, p[:n-8]) != binary.LittleEndian.Uint64(p[n-8:]) {
			t.Fatal("bad crc")
		}
		v, err := DecodeDump(p)
		if err != nil || v.Kind != KindString || string(v.Str) != strings.Repeat("payload ", 10) {
			t.Fatalf("DecodeDump: %+v, %v", v, err)
		}
		var d Dumper
		if q := d.Payload([]byte("prefix"), &c, compress); string(q[:6]) != "prefix" || !bytes.Equal(q[6:], p) {
			t.Fatal("Dumper.Payload differs from DumpPayload")
		}
	}
	good := DumpPayload(&c, false)
	mutate := func(f func(p []byte) []byte) []byte { return f(bytes.Clone(good)) }
	bad := map[string][]byte{
		"short":      good[:9],
		"empty":      nil,
		"version 12": mutate(func(p []byte) []byte { p[len(p)-10] = 12; return p }),
		"crc":        mutate(func(p []byte) []byte { p[len(p)-1] ^= 1; return p }),
		"body":       mutate(func(p []byte) []byte { p[3] ^= 1; return p }),
		"truncated":  good[:len(good)-1],
	}
	for name, p := range bad {
		if _, err := VerifyDumpPayload(p); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// Version 11 (Redis 7.2) is accepted.
	p11 := mutate(func(p []byte) []byte {
		n := len(p)
		p[n-10] = 11
		binary.LittleEndian.PutUint64(p[n-8:], CRC64(0, p[:n-8]))
		return p
	})
	if _, err := VerifyDumpPayload(p11); err != nil {
		t.Errorf("version 11: %v", err)
	}
}

// fileCase is a record written by Chunk calls and what Load must return.
type fileCase struct {
	key   string
	write func(c *Chunk)
	want  any
	typ   byte
}

func testRecords() []fileCase {
	bigList := make([]string, 3000)
	for i := range bigList {
		bigList[i] = "element-" + itoa(int64(i)) + strings.Repeat("x", i%50)
	}
	nodes := [][]string{bigList[:1000], bigList[1000:2000], bigList[2000:]}
	hash := map[string]string{}
	for i := range 300 {
		hash["field:"+itoa(int64(i))] = strings.Repeat("v", i)
	}
	zs := map[string]float64{"a": 1, "b": -2.5, "c": math.Inf(1), "d": math.Inf(-1), "e": 1e300, "f": 0.1}
	return []fileCase{
		{"str", func(c *Chunk) { c.Byte(TypeString); c.StringS("str"); c.StringS("hello") }, "hello", TypeString},
		{"int", func(c *Chunk) { c.Byte(TypeString); c.StringS("int"); c.IntString(-123456789012) }, "-123456789012", TypeString},
		{"long", func(c *Chunk) {
			c.Byte(TypeString)
			c.StringS("long")
			c.StringS(strings.Repeat("abc", 1000))
		}, strings.Repeat("abc", 1000), TypeString},
		{"list", func(c *Chunk) {
			c.Byte(TypeListQuicklist2)
			c.StringS("list")
			c.Len(4)
			c.Len(containerPacked)
			c.String(listpackOf(nodes[0]...).Bytes())
			c.Len(containerPacked)
			lp := listpackOf(nodes[1]...)
			c.LZFString(ds.LZFCompress(nil, lp.Bytes()), lp.Size())
			c.Len(containerPlain)
			c.StringS("plain element")
			c.Len(containerPacked)
			c.String(listpackOf(nodes[2]...).Bytes())
		}, append(append(append(append([]string{}, nodes[0]...), nodes[1]...), "plain element"), nodes[2]...), TypeListQuicklist2},
		{"intset", func(c *Chunk) {
			c.Byte(TypeSetIntset)
			c.StringS("intset")
			c.String(intsetOf(5, -3, 100000, 7).Bytes())
		}, []string{"-3", "100000", "5", "7"}, TypeSetIntset},
		{"set", func(c *Chunk) {
			c.Byte(TypeSet)
			c.StringS("set")
			c.Len(3)
			c.StringS("x")
			c.StringS("12")
			c.StringS(strings.Repeat("y", 40))
		}, []string{"12", "x", strings.Repeat("y", 40)}, TypeSet},
		{"hashlp", func(c *Chunk) {
			c.Byte(TypeHashListpack)
			c.StringS("hashlp")
			c.String(listpackOf("f1", "v1", "f2", "2").Bytes())
		}, map[string]string{"f1": "v1", "f2": "2"}, TypeHashListpack},
		{"hash", func(c *Chunk) {
			c.Byte(TypeHash)
			c.StringS("hash")
			c.Len(uint64(len(hash)))
			for f, v := range hash {
				c.StringS(f)
				c.StringS(v)
			}
		}, hash, TypeHash},
		{"zsetlp", func(c *Chunk) {
			c.Byte(TypeZSetListpack)
			c.StringS("zsetlp")
			c.String(listpackOf("a", "1", "b", "2.5", "c", "-inf").Bytes())
		}, map[string]float64{"a": 1, "b": 2.5, "c": math.Inf(-1)}, TypeZSetListpack},
		{"zset", func(c *Chunk) {
			c.Byte(TypeZSet2)
			c.StringS("zset")
			c.Len(uint64(len(zs)))
			for m, s := range zs {
				c.StringS(m)
				c.BinaryDouble(s)
			}
		}, zs, TypeZSet2},
	}
}

func TestFileRoundTrip(t *testing.T) {
	for _, compress := range []bool{false, true} {
		for _, checksum := range []bool{false, true} {
			var c Chunk
			var file bytes.Buffer
			w := NewWriter(&file, compress)
			if err := w.Header(); err != nil {
				t.Fatal(err)
			}
			c.Aux("redis-ver", "7.0.15")
			c.Aux("redis-bits", "64")
			c.SelectDB(0)
			c.ResizeDB(uint64(len(testRecords())), 1)
			for i, rc := range testRecords() {
				switch i {
				case 0:
					c.ExpireMs(1700000000123)
				case 1:
					c.Idle(42)
				case 2:
					c.Freq(7)
				}
				rc.write(&c)
				if c.Size() > 1000 { // hand off in pieces
					if err := w.WriteChunk(&c); err != nil {
						t.Fatal(err)
					}
					c.Reset()
				}
			}
			c.SelectDB(5)
			c.Byte(TypeString)
			c.StringS("other")
			c.StringS("db")
			if err := w.WriteChunk(&c); err != nil {
				t.Fatal(err)
			}
			if err := w.Finish(checksum); err != nil {
				t.Fatal(err)
			}
			if w.Written() != int64(file.Len()) {
				t.Fatalf("Written %d, file %d", w.Written(), file.Len())
			}
			b := file.Bytes()
			if string(b[:9]) != "REDIS0010" || b[len(b)-9] != OpEOF {
				t.Fatalf("header %q, byte before checksum %#x", b[:9], b[len(b)-9])
			}
			sum := binary.LittleEndian.Uint64(b[len(b)-8:])
			if want := CRC64(0, b[:len(b)-8]); checksum && sum != want || !checksum && sum != 0 {
				t.Fatalf("checksum %#x (checksum %v)", sum, checksum)
			}
			for _, rd := range []io.Reader{bytes.NewReader(b), iotest.HalfReader(bytes.NewReader(b))} {
				col := newCollector(t)
				ver, err := Load(rd, col)
				if err != nil || ver != 10 {
					t.Fatalf("Load: %d, %v", ver, err)
				}
				if col.aux["redis-ver"] != "7.0.15" || col.aux["redis-bits"] != "64" {
					t.Fatalf("aux %v", col.aux)
				}
				if len(col.resize) != 1 || col.resize[0] != "0:10:1" {
					t.Fatalf("resize %v", col.resize)
				}
				for i, rc := range testRecords() {
					got, ok := col.records["0:"+rc.key]
					if !ok {
						t.Fatalf("%s missing", rc.key)
					}
					if !reflect.DeepEqual(got.Val, rc.want) || got.Type != rc.typ {
						t.Errorf("%s: type %d %v\nwant type %d %v", rc.key, got.Type, got.Val, rc.typ, rc.want)
					}
					wantExp, wantIdle, wantFreq := int64(-1), int64(-1), -1
					switch i {
					case 0:
						wantExp = 1700000000123
					case 1:
						wantIdle = 42
					case 2:
						wantFreq = 7
					}
					if got.Expire != wantExp || got.Idle != wantIdle || got.Freq != wantFreq {
						t.Errorf("%s: expire %d idle %d freq %d", rc.key, got.Expire, got.Idle, got.Freq)
					}
				}
				if got := col.records["5:other"]; got.Val != "db" {
					t.Errorf("db 5: %v", got)
				}
			}
			// A flipped byte in the body fails the checksum (or the parse).
			if checksum {
				bad := bytes.Clone(b)
				bad[len(bad)/2] ^= 0x20
				if _, err := Load(bytes.NewReader(bad), newCollector(t)); err == nil {
					t.Fatal("flipped byte accepted")
				}
			}
		}
	}
}

func TestDumpRoundTrip(t *testing.T) {
	for _, rc := range testRecords() {
		var c Chunk
		rc.write(&c)
		// Drop the key: a DUMP payload is the type and the value.
		body := encode(t, &c, true)
		r := NewReaderBytes(body)
		typ, _ := r.ReadByte()
		if _, err := r.ReadString(); err != nil {
			t.Fatal(err)
		}
		var d Chunk
		d.Byte(typ)
		d.Raw(body[r.Offset():])
		p := DumpPayload(&d, false)
		v, err := DecodeDump(p)
		if err != nil {
			t.Fatalf("%s: %v", rc.key, err)
		}
		if got := canon(t, v); !reflect.DeepEqual(got, rc.want) {
			t.Errorf("%s: %v, want %v", rc.key, got, rc.want)
		}
	}
}

func TestEmptyKeys(t *testing.T) {
	empties := map[string]func(c *Chunk){
		"list":      func(c *Chunk) { c.Byte(TypeList); c.StringS("k"); c.Len(0) },
		"set":       func(c *Chunk) { c.Byte(TypeSet); c.StringS("k"); c.Len(0) },
		"zset":      func(c *Chunk) { c.Byte(TypeZSet2); c.StringS("k"); c.Len(0) },
		"hash":      func(c *Chunk) { c.Byte(TypeHash); c.StringS("k"); c.Len(0) },
		"quicklist": func(c *Chunk) { c.Byte(TypeListQuicklist2); c.StringS("k"); c.Len(0) },
		"quicklist 2": func(c *Chunk) {
			c.Byte(TypeListQuicklist2)
			c.StringS("k")
			c.Len(1)
			c.Len(2)
			c.String(ds.NewListpack().Bytes())
		},
		"hash lp": func(c *Chunk) { c.Byte(TypeHashListpack); c.StringS("k"); c.String(ds.NewListpack().Bytes()) },
		"zset lp": func(c *Chunk) { c.Byte(TypeZSetListpack); c.StringS("k"); c.String(ds.NewListpack().Bytes()) },
		"ziplist": func(c *Chunk) { c.Byte(TypeListZiplist); c.StringS("k"); c.String(ziplistOf()) },
		"hash zl": func(c *Chunk) { c.Byte(TypeHashZiplist); c.StringS("k"); c.String(ziplistOf()) },
	}
	for name, write := range empties {
		var c Chunk
		write(&c)
		c.Byte(TypeString)
		c.StringS("after")
		c.StringS("ok")
		var f bytes.Buffer
		w := NewWriter(&f, true)
		w.Header()
		w.WriteChunk(&c)
		w.Finish(true)
		col := newCollector(t)
		if _, err := Load(&f, col); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(col.empty) != 1 || col.empty[0] != "0:k" || len(col.records) != 1 {
			t.Errorf("%s: empty %v, records %v", name, col.empty, col.records)
		}
		// As a DUMP payload it is an error wrapping ErrEmptyKey.
		body := encode(t, &c, true)
		r := NewReaderBytes(body)
		typ, _ := r.ReadByte()
		r.ReadString()
		if _, err := r.ReadValue(typ); !errors.Is(err, ErrEmptyKey) {
			t.Errorf("%s: ReadValue: %v", name, err)
		}
	}
}
