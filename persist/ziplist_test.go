package persist

import (
	"encoding/binary"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// zlEntry is a ziplist entry for ziplistOf: a string, or an int64.
type zlEntry = any

// ziplistOf builds a ziplist by hand from the layout in ziplist.go: the
// smallest encoding for each entry, 1-byte prevlens below 254.
func ziplistOf(entries ...zlEntry) []byte {
	zl := make([]byte, zlHeader)
	prev, last := 0, zlHeader
	for _, e := range entries {
		start := len(zl)
		if prev < 254 {
			zl = append(zl, byte(prev))
		} else {
			zl = append(zl, zlBigPrev)
			zl = binary.LittleEndian.AppendUint32(zl, uint32(prev))
		}
		switch v := e.(type) {
		case string:
			switch n := len(v); {
			case n < 64:
				zl = append(zl, byte(n))
			case n < 16384:
				zl = append(zl, 0x40|byte(n>>8), byte(n))
			default:
				zl = append(zl, 0x80)
				zl = binary.BigEndian.AppendUint32(zl, uint32(n))
			}
			zl = append(zl, v...)
		case int:
			zl = zlInt(zl, int64(v))
		case int64:
			zl = zlInt(zl, v)
		}
		last, prev = start, len(zl)-start
	}
	zl = append(zl, zlEnd)
	binary.LittleEndian.PutUint32(zl, uint32(len(zl)))
	binary.LittleEndian.PutUint32(zl[4:], uint32(last))
	binary.LittleEndian.PutUint16(zl[8:], uint16(min(len(entries), zlUnknown)))
	return zl
}

func zlInt(zl []byte, v int64) []byte {
	switch {
	case v >= 0 && v <= 12:
		return append(zl, 0xF1+byte(v))
	case v >= math.MinInt8 && v <= math.MaxInt8:
		return append(zl, 0xFE, byte(v))
	case v >= math.MinInt16 && v <= math.MaxInt16:
		return binary.LittleEndian.AppendUint16(append(zl, 0xC0), uint16(v))
	case v >= -1<<23 && v < 1<<23:
		return append(zl, 0xF0, byte(v), byte(v>>8), byte(v>>16))
	case v >= math.MinInt32 && v <= math.MaxInt32:
		return binary.LittleEndian.AppendUint32(append(zl, 0xD0), uint32(v))
	}
	return binary.LittleEndian.AppendUint64(append(zl, 0xE0), uint64(v))
}

// zlRead returns a ziplist's entries as strings, or the error.
func zlRead(zl []byte) ([]string, error) {
	var out []string
	_, err := ziplistEach(zl, func(s []byte, iv int64, isInt bool) error {
		if isInt {
			out = append(out, itoa(iv))
		} else {
			out = append(out, string(s))
		}
		return nil
	})
	return out, err
}

func TestZiplist(t *testing.T) {
	long := strings.Repeat("L", 300)
	huge := strings.Repeat("H", 17000)
	tests := []struct {
		name string
		zl   []byte
		want []string // nil: must fail
	}{
		// ziplist.c's own example: "2" and "5".
		{"redis example", []byte{0x0f, 0, 0, 0, 0x0c, 0, 0, 0, 2, 0, 0x00, 0xf3, 0x02, 0xf6, 0xff}, []string{"2", "5"}},
		{"empty", ziplistOf(), []string{}},
		{"ints", ziplistOf(0, 12, 13, -1, 127, -128, 128, -32768, 32767, 32768, -8388608, 8388607, 8388608,
			math.MinInt32, math.MaxInt32, int64(math.MaxInt32)+1, int64(math.MinInt64), int64(math.MaxInt64)),
			[]string{"0", "12", "13", "-1", "127", "-128", "128", "-32768", "32767", "32768", "-8388608", "8388607",
				"8388608", "-2147483648", "2147483647", "2147483648", "-9223372036854775808", "9223372036854775807"}},
		{"strings", ziplistOf("", "a", long, "b", huge, "c"), []string{"", "a", long, "b", huge, "c"}},
		{"5-byte prevlen", func() []byte {
			// Second entry's prevlen in 5 bytes although 2 fits in 1.
			zl := []byte{0, 0, 0, 0, 0x0c, 0, 0, 0, 2, 0, 0x00, 0xf3, 0xfe, 0x02, 0, 0, 0, 0xf6, 0xff}
			binary.LittleEndian.PutUint32(zl, uint32(len(zl)))
			return zl
		}(), []string{"2", "5"}},
		{"unknown count", func() []byte {
			zl := ziplistOf("a", "b")
			zl[8], zl[9] = 0xff, 0xff
			return zl
		}(), []string{"a", "b"}},
		{"wrong count", func() []byte { zl := ziplistOf("a", "b"); zl[8] = 3; return zl }(), nil},
		{"wrong zlbytes", func() []byte { zl := ziplistOf("a", "b"); zl[0]++; return zl }(), nil},
		{"wrong tail", func() []byte { zl := ziplistOf("a", "b"); zl[4] = 10; return zl }(), nil},
		{"wrong prevlen", func() []byte { zl := ziplistOf("a", "b"); zl[13] = 2; return zl }(), nil},
		{"first prevlen not 0", func() []byte { zl := ziplistOf("a", "b"); zl[10] = 1; return zl }(), nil},
		{"bad int encoding", func() []byte { zl := ziplistOf(1, 2); zl[11] = 0xC1; return zl }(), nil},
		{"imm 13 is not an int", func() []byte { zl := ziplistOf(1, 2); zl[11] = 0xFF; return zl }(), nil},
		{"string past end", func() []byte { zl := ziplistOf("a", "b"); zl[14] = 5; return zl }(), nil},
		{"32-bit length overflow", func() []byte {
			zl := ziplistOf(huge)
			binary.BigEndian.PutUint32(zl[12:], 0xffffffff)
			return zl
		}(), nil},
		{"terminator inside", func() []byte { zl := ziplistOf("a", "b"); zl[13] = 0xff; return zl }(), nil},
		{"no terminator", func() []byte { zl := ziplistOf("a", "b"); zl[len(zl)-1] = 0; return zl }(), nil},
		{"short", []byte{11, 0, 0, 0, 10, 0, 0, 0, 0, 0}, nil},
		{"truncated prevlen", []byte{12, 0, 0, 0, 10, 0, 0, 0, 1, 0, 0xfe, 0xff}, nil},
	}
	for _, tc := range tests {
		got, err := zlRead(tc.zl)
		if tc.want == nil {
			if err == nil {
				t.Errorf("%s: accepted: %q", tc.name, got)
			}
			continue
		}
		if err != nil || len(got) != len(tc.want) || (len(got) > 0 && !reflect.DeepEqual(got, tc.want)) {
			t.Errorf("%s: %.80q, %v\nwant %.80q", tc.name, got, err, tc.want)
		}
	}
}

// TestOldEncodings loads values in the pre-7.0 encodings, built by hand,
// and checks the conversions.
func TestOldEncodings(t *testing.T) {
	bigList := make([]zlEntry, 2000)
	wantBig := make([]string, 2000)
	for i := range bigList {
		if i%3 == 0 {
			bigList[i] = i * 1000
		} else {
			bigList[i] = "item-" + itoa(int64(i))
		}
		wantBig[i] = itoa(int64(i * 1000))
		if i%3 != 0 {
			wantBig[i] = "item-" + itoa(int64(i))
		}
	}
	zipmap := []byte("\x02\x03foo\x03\x00bar\x05hello\x05\x02worldXY\xff")
	bigKey := strings.Repeat("k", 300)
	zipmapBig := append([]byte{1, 254}, binary.LittleEndian.AppendUint32(nil, 300)...)
	zipmapBig = append(append(zipmapBig, bigKey...), 1, 0, 'v', 0xff)
	tests := []struct {
		name  string
		typ   byte
		write func(c *Chunk)
		want  any // nil: must fail
		err   error
	}{
		{"list ziplist", TypeListZiplist, func(c *Chunk) { c.String(ziplistOf("a", 1, "b", -70000)) },
			[]string{"a", "1", "b", "-70000"}, nil},
		{"list ziplist big", TypeListZiplist, func(c *Chunk) { c.String(ziplistOf(bigList...)) }, wantBig, nil},
		{"list linked", TypeList, func(c *Chunk) {
			c.Len(2000)
			for _, s := range wantBig {
				c.StringS(s)
			}
		}, wantBig, nil},
		{"quicklist v1", TypeListQuicklist, func(c *Chunk) {
			c.Len(3)
			c.String(ziplistOf("a", "b"))
			c.String(ziplistOf())
			c.String(ziplistOf(3, "c"))
		}, []string{"a", "b", "3", "c"}, nil},
		{"quicklist v1 all empty", TypeListQuicklist, func(c *Chunk) { c.Len(1); c.String(ziplistOf()) }, nil, ErrEmptyKey},
		{"quicklist v1 bad node", TypeListQuicklist, func(c *Chunk) { c.Len(1); c.StringS("garbage") }, nil, nil},
		{"hash ziplist", TypeHashZiplist, func(c *Chunk) { c.String(ziplistOf("f", "v", 1, 2, "n", "")) },
			map[string]string{"f": "v", "1": "2", "n": ""}, nil},
		{"hash ziplist odd", TypeHashZiplist, func(c *Chunk) { c.String(ziplistOf("f", "v", "g")) }, nil, nil},
		{"hash ziplist dup", TypeHashZiplist, func(c *Chunk) { c.String(ziplistOf("f", "v", "f", "w")) }, nil, nil},
		{"hash ziplist dup int", TypeHashZiplist, func(c *Chunk) { c.String(ziplistOf(7, "v", "7", "w")) }, nil, nil},
		{"zset ziplist", TypeZSetZiplist, func(c *Chunk) { c.String(ziplistOf("a", 1, "b", "2.5", "c", "-inf", "d", "1e400")) },
			map[string]float64{"a": 1, "b": 2.5, "c": math.Inf(-1), "d": math.Inf(1)}, nil},
		{"zset ziplist bad score", TypeZSetZiplist, func(c *Chunk) { c.String(ziplistOf("a", "x")) }, nil, nil},
		{"zset ziplist nan", TypeZSetZiplist, func(c *Chunk) { c.String(ziplistOf("a", "nan")) }, nil, nil},
		{"zset ziplist dup", TypeZSetZiplist, func(c *Chunk) { c.String(ziplistOf("a", 1, "a", 2)) }, nil, nil},
		{"zset strings", TypeZSet, func(c *Chunk) {
			c.Len(4)
			c.StringS("a")
			c.Raw([]byte{3, '1', '.', '5'})
			c.StringS("b")
			c.Byte(254)
			c.StringS("c")
			c.Byte(255)
			c.StringS("d")
			c.Raw([]byte{4, '1', 'e', '-', '3'})
		}, map[string]float64{"a": 1.5, "b": math.Inf(1), "c": math.Inf(-1), "d": 1e-3}, nil},
		{"zset string nan", TypeZSet, func(c *Chunk) { c.Len(1); c.StringS("a"); c.Byte(253) }, nil, nil},
		{"zset string garbage", TypeZSet, func(c *Chunk) { c.Len(1); c.StringS("a"); c.Raw([]byte{2, 'x', 'y'}) }, nil, nil},
		{"zset2 nan", TypeZSet2, func(c *Chunk) { c.Len(1); c.StringS("a"); c.BinaryDouble(math.NaN()) }, nil, nil},
		{"zipmap", TypeHashZipmap, func(c *Chunk) { c.String(zipmap) }, map[string]string{"foo": "bar", "hello": "world"}, nil},
		{"zipmap big len", TypeHashZipmap, func(c *Chunk) { c.String(zipmapBig) }, map[string]string{bigKey: "v"}, nil},
		{"zipmap count 254", TypeHashZipmap, func(c *Chunk) {
			zm := append([]byte{254}, zipmap[1:]...)
			c.String(zm)
		}, map[string]string{"foo": "bar", "hello": "world"}, nil},
		{"zipmap empty", TypeHashZipmap, func(c *Chunk) { c.String([]byte{0, 0xff}) }, nil, nil},
		{"zipmap wrong count", TypeHashZipmap, func(c *Chunk) { c.String(append([]byte{3}, zipmap[1:]...)) }, nil, nil},
		{"zipmap dup", TypeHashZipmap, func(c *Chunk) { c.String([]byte("\x02\x01a\x01\x00b\x01a\x01\x00c\xff")) }, nil, nil},
		{"zipmap truncated", TypeHashZipmap, func(c *Chunk) { c.String(zipmap[:len(zipmap)-1]) }, nil, nil},
		{"zipmap free past end", TypeHashZipmap, func(c *Chunk) { c.String([]byte("\x01\x01a\x01\x09b\xff")) }, nil, nil},
		{"zipmap trailing", TypeHashZipmap, func(c *Chunk) { c.String(append(bytesClone(zipmap), 0)) }, nil, nil},
		{"intset empty", TypeSetIntset, func(c *Chunk) { c.String(intsetOf().Bytes()) }, nil, nil},
		{"intset unsorted", TypeSetIntset, func(c *Chunk) {
			b := intsetOf(1, 2).Bytes()
			b[8], b[10] = 2, 1
			c.String(b)
		}, nil, nil},
		{"set listpack", TypeSetListpack, func(c *Chunk) { c.String(listpackOf("a", "1", "b").Bytes()) },
			[]string{"1", "a", "b"}, nil},
		{"hash listpack odd", TypeHashListpack, func(c *Chunk) { c.String(listpackOf("a", "1", "b").Bytes()) }, nil, nil},
		{"zset listpack bad score", TypeZSetListpack, func(c *Chunk) { c.String(listpackOf("a", "one").Bytes()) }, nil, nil},
		{"quicklist2 bad container", TypeListQuicklist2, func(c *Chunk) { c.Len(1); c.Len(3); c.String(listpackOf("a").Bytes()) }, nil, nil},
		{"module", TypeModule2, func(c *Chunk) { c.Len(1) }, nil, ErrUnsupported},
		{"stream", TypeStreamListpacks, func(c *Chunk) { c.Len(1) }, nil, ErrUnsupported},
		{"unknown type", 8, func(c *Chunk) {}, nil, nil},
	}
	for _, tc := range tests {
		var c Chunk
		tc.write(&c)
		body := encode(t, &c, true)
		v, err := NewReaderBytes(body).ReadValue(tc.typ)
		if tc.want == nil {
			if err == nil {
				t.Errorf("%s: accepted: %v", tc.name, canon(t, v))
			} else if tc.err != nil && !errors.Is(err, tc.err) {
				t.Errorf("%s: %v, want %v", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := canon(t, v); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v\nwant %v", tc.name, got, tc.want)
		}
		if v.Type != tc.typ {
			t.Errorf("%s: Type %d", tc.name, v.Type)
		}
		if v.Kind == KindList {
			for _, n := range v.Nodes {
				if n.LP != nil && n.LP.Size() > listNodeSize+64 {
					t.Errorf("%s: node of %d bytes", tc.name, n.LP.Size())
				}
			}
		}
	}
}

func bytesClone(b []byte) []byte { return append([]byte(nil), b...) }

// TestRedisCorruptPayloads feeds payloads from Redis's test suite
// (tests/integration/corrupt-dump.tcl; the body, without version and CRC)
// that Redis rejects, to ReadValue.
func TestRedisCorruptPayloads(t *testing.T) {
	bad := map[string]string{
		"invalid entry len":        "\x0D\x1B\x1B\x00\x00\x00\x16\x00\x00\x00\x04\x00\x00\x02\x61\x00\x04\x02\x62\x00\x04\x14\x63\x00\x04\x02\x64\x00\xFF",
		"invalid zlbytes":          "\x0D\x1B\x25\x00\x00\x00\x16\x00\x00\x00\x04\x00\x00\x02\x61\x00\x04\x02\x62\x00\x04\x02\x63\x00\x04\x02\x64\x00\xFF",
		"dup records":              "\x0D\x1B\x1B\x00\x00\x00\x16\x00\x00\x00\x04\x00\x00\x02\x61\x00\x04\x02\x62\x00\x04\x02\x61\x00\x04\x02\x64\x00\xFF",
		"big prev len":             "\x0E\x01\x13\x13\x00\x00\x00\x0E\x00\x00\x00\x02\x00\x00\x02\x61\x00\x0E\x02\x62\x00\xFF",
		"small prev len":           "\x0E\x01\x13\x13\x00\x00\x00\x0E\x00\x00\x00\x02\x00\x00\x02\x61\x00\x02\x02\x62\x00\xFF",
		"wrong count":              "\x0E\x01\x13\x13\x00\x00\x00\x0E\x00\x00\x00\x03\x00\x00\x02\x61\x00\x04\x02\x62\x00\xFF",
		"#3080 quicklist":          "\x0E\x01\x80\x00\x00\x00\x10\x41\x41\x41\x41\x41\x41\x41\x41\x02\x00\x00\x80\x41\x41\x41\x41",
		"#3080 ziplist":            "\x0A\x80\x00\x00\x00\x10\x41\x41\x41\x41\x41\x41\x41\x41\x02\x00\x00\x80\x41\x41\x41\x41",
		"empty ziplist":            "\x0E\x01\x0B\x0B\x00\x00\x00\x0A\x00\x00\x00\x00\x00\xFF",
		"encoded_len is 0":         "\x12\x01\x01\x00",
		"listpack entry EOF":       "\x12\x01\x02\x0b\x0b\x00\x00\x00\x01\x00\x81\x61\x02\xff\xff",
		"#7445":                    "\x0E\x01\x1D\x1D\x00\x00\x00\x16\x00\x00\x00\x03\x00\x00\x04\x43\x43\x43\x43\x06\x04\x42\x42\x42\x42\x06\x3F\x41\x41\x41\x41\xFF",
		"empty zipmap":             "\x09\x02\x00\xFF",
		"NPD in quicklistIndex":    "\x0E\x01\x13\x13\x00\x00\x00\x10\x00\x00\x00\x03\x12\x00\xF3\x02\x02\x5F\x31\x04\xF1\xFF",
		"entry header outside":     "\x0D\x19\x19\x00\x00\x00\x16\x00\x00\x00\x06\x00\x00\xF1\x02\xF1\x02\xF2\x02\x02\x5F\x31\x04\x99\x02\xF3\xFF",
		"invalid ziplist encoding": "\x0E\x02\x1B\x1B\x00\x00\x00\x16\x00\x00\x00\x05\x00\x00\x02\x5F\x39\x04\xF9\x02\x86\x5F\x37\x04\xF7\x02\x02\x5F\x35\xFF\x19\x19\x00\x00\x00\x16\x00\x00\x00\x05\x00\x00\xF5\x02\x02\x5F\x33\x04\xF3\x02\x02\x5F\x31\x04\xF1\xFF",
		"uneven count in hash":     "\x0D\x3D\x3D\x00\x00\x00\x38\x00\x00\x00\x14\x00\x00\xF2\x02\x02\x5F\x31\x04\x1C\x02\xF7\x02\xF1\x02\xF1\x02\xF5\x02\xF5\x02\xF4\x02\x02\x5F\x33\x04\xF6\x02\x02\x5F\x35\x04\xF8\x02\x02\x5F\x37\x04\xF9\x02\xF9\x02\xF3\x02\xF3\x02\xFA\x02\x02\x5F\x39\xFF",
		"lzf_decompress":           "\x02\x03\x02\x5F\x31\xC0\x02\xC3\x00",
		"empty intset":             "\x02\xC0\xC0\x06\x02\x5F\x39\xC0\x02\x02\x5F\x33\xC0\x00\x02\x5F\x31\xC0\x04\xC0\x08\x02\x5F\x37\x02\x5F\x35",
		"zset ziplist lensize 0":   "\x0C\x3D\x3D\x00\x00\x00\x3A\x00\x00\x00\x14\x00\x00\xF1\x02\xF1\x02\x02\x5F\x31\x04\xF2\x02\xF3\x02\xF3\x02\x02\x5F\x33\x04\xF4\x02\xEE\x02\xF5\x02\x02\x5F\x35\x04\xF6\x02\xF7\x02\xF7\x02\x02\x5F\x37\x04\xF8\x02\xF9\x02\xF9\x02\x02\x5F\x39\x04\xFA\xFF",
		"prevlen outside":          "\x0E\x02\x1B\x1B\x00\x00\x00\x16\x00\x00\x00\x05\x00\x00\x02\x5F\x39\x04\xF9\x02\x02\x5F\x37\x04\xF7\x02\x02\x5F\x35\xFF\x19\x19\x00\x00\x00\x16\x00\x00\x00\x05\x00\x00\xF5\x02\x02\x5F\x33\x04\xF3\x95\x02\x5F\x31\x04\xF1\xFF",
		"bad rdbLoadDoubleValue":   "\x03\x01\x11\x11\x00\x00\x00\x0A\x00\x00\x00\x01\x00\x00\xD0\x07\x1A\xE9\x02\xFF",
		"ziplist prev too big":     "\x0E\x01\x13\x13\x00\x00\x00\x10\x00\x00\x00\x03\x00\x00\xF3\x02\x02\x5F\x31\xC1\xF1\xFF",
	}
	for name, body := range bad {
		r := NewReaderBytes([]byte(body))
		typ, _ := r.ReadByte()
		if v, err := r.ReadValue(typ); err == nil {
			t.Errorf("%s: accepted: %v", name, canon(t, v))
		}
	}
	// "fuzzer findings - hash crash": a valid hash ziplist Redis restores.
	r := NewReaderBytes([]byte("\x0D\x19\x19\x00\x00\x00\x16\x00\x00\x00\x06\x00\x00\xF1\x02\xF1\x02\xF2\x02\x02\x5F\x31\x04\xF3\x02\xF3\xFF"))
	typ, _ := r.ReadByte()
	v, err := r.ReadValue(typ)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := canon(t, v), map[string]string{"0": "0", "1": "_1", "2": "2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("hash crash: %v", got)
	}
}
