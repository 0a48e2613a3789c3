package ds

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"hash/crc64"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// redisCRC64 is Redis's crc64 (Jones polynomial, reflected, init 0, no final
// xor). Go's crc64 inverts before and after, so pre- and post-invert to undo it.
func redisCRC64(p []byte) uint64 {
	tab := crc64.MakeTable(0x95ac9329ac4bc9b5) // 0xad93d23594c935a9 reflected
	return ^crc64.Update(^uint64(0), tab, p)
}

// dumpPayloadString parses a DUMP payload of one RDB string-typed object
// (type byte, RDB length-prefixed raw string, 2-byte RDB version, CRC64) and
// returns the type byte and the string.
func dumpPayloadString(t *testing.T, p []byte) (byte, []byte) {
	t.Helper()
	if len(p) < 1+1+10 {
		t.Fatalf("payload too short: %x", p)
	}
	body, footer := p[:len(p)-8], p[len(p)-8:]
	if got, want := binary.LittleEndian.Uint64(footer), redisCRC64(body); got != want {
		t.Fatalf("crc64 %#x, computed %#x", got, want)
	}
	if v := binary.LittleEndian.Uint16(body[len(body)-2:]); v != 10 {
		t.Fatalf("rdb version %d, want 10 (Redis 7.0)", v)
	}
	typ, rest := body[0], body[1:len(body)-2]
	var n int
	switch rest[0] >> 6 {
	case 0: // 6-bit length
		n, rest = int(rest[0]&0x3f), rest[1:]
	case 1: // 14-bit length, big-endian
		n, rest = int(rest[0]&0x3f)<<8|int(rest[1]), rest[2:]
	case 2:
		if rest[0] != 0x80 {
			t.Fatalf("unsupported length prefix %#x", rest[0])
		}
		n, rest = int(binary.BigEndian.Uint32(rest[1:])), rest[5:]
	default:
		t.Fatalf("encoded (LZF/int) string, not raw: %#x", rest[0])
	}
	if n != len(rest) {
		t.Fatalf("string length %d, %d bytes left", n, len(rest))
	}
	return typ, rest
}

func TestRedisCRC64(t *testing.T) {
	// crc64.c's own test vector.
	if got := redisCRC64([]byte("123456789")); got != 0xe9c6d914c4b8d9ca {
		t.Fatalf("crc64 = %#x", got)
	}
}

// TestIntsetRedisVectors builds each set from testdata/intset_vectors.txt
// with the same SADD/SREM sequence Redis saw and compares bytes with the
// intset inside Redis's DUMP payload.
func TestIntsetRedisVectors(t *testing.T) {
	f, err := os.Open("testdata/intset_vectors.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	cases := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Fields(line)
		name, payloadHex, ops := fields[0], fields[1], fields[2:]
		t.Run(name, func(t *testing.T) {
			payload, err := hex.DecodeString(payloadHex)
			if err != nil {
				t.Fatal(err)
			}
			typ, want := dumpPayloadString(t, payload)
			if typ != 11 {
				t.Fatalf("rdb type %d, want 11 (RDB_TYPE_SET_INTSET)", typ)
			}
			is := NewIntset()
			for _, op := range ops {
				v, err := strconv.ParseInt(op[1:], 10, 64)
				if err != nil {
					t.Fatal(err)
				}
				if op[0] == '+' {
					is.Add(v)
				} else {
					is.Remove(v)
				}
			}
			if !bytes.Equal(is.Bytes(), want) {
				t.Fatalf("bytes\n got %x\nwant %x", is.Bytes(), want)
			}
			parsed, err := IntsetFromBytes(want)
			if err != nil {
				t.Fatalf("IntsetFromBytes(redis bytes): %v", err)
			}
			if !bytes.Equal(parsed.Bytes(), want) {
				t.Fatal("IntsetFromBytes round trip differs")
			}
		})
		cases++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cases < 10 {
		t.Fatalf("only %d vectors", cases)
	}
}

func TestIntsetOps(t *testing.T) {
	tests := []struct {
		name    string
		adds    []int64
		removes []int64
		want    []int64
		enc     int
	}{
		{"empty", nil, nil, nil, 2},
		{"int16", []int64{3, -1, 2, 3}, nil, []int64{-1, 2, 3}, 2},
		{"int16 bounds", []int64{math.MaxInt16, math.MinInt16}, nil, []int64{math.MinInt16, math.MaxInt16}, 2},
		{"upgrade to 32 append", []int64{1, 2, math.MaxInt16 + 1}, nil, []int64{1, 2, math.MaxInt16 + 1}, 4},
		{"upgrade to 32 prepend", []int64{1, 2, math.MinInt16 - 1}, nil, []int64{math.MinInt16 - 1, 1, 2}, 4},
		{"upgrade 16 to 64", []int64{5, math.MinInt64}, nil, []int64{math.MinInt64, 5}, 8},
		{"int32 bounds", []int64{math.MaxInt32, math.MinInt32}, nil, []int64{math.MinInt32, math.MaxInt32}, 4},
		{"int64 bounds", []int64{math.MaxInt64, math.MinInt64, 0}, nil, []int64{math.MinInt64, 0, math.MaxInt64}, 8},
		{"no downgrade", []int64{1, 1 << 40}, []int64{1 << 40}, []int64{1}, 8},
		{"remove absent", []int64{1, 3}, []int64{2, 1 << 40, -(1 << 20)}, []int64{1, 3}, 2},
		{"remove all", []int64{1, 2, 3}, []int64{2, 1, 3}, nil, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			is := NewIntset()
			for _, v := range tc.adds {
				is.Add(v)
			}
			for _, v := range tc.removes {
				is.Remove(v)
			}
			var got []int64
			for i := range is.Len() {
				got = append(got, is.Get(i))
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("contents %v, want %v", got, tc.want)
			}
			if is.Encoding() != tc.enc {
				t.Fatalf("encoding %d, want %d", is.Encoding(), tc.enc)
			}
			if is.Size() != 8+len(tc.want)*tc.enc || len(is.Bytes()) != is.Size() {
				t.Fatalf("size %d", is.Size())
			}
			for _, v := range tc.want {
				if !is.Contains(v) {
					t.Fatalf("missing %d", v)
				}
			}
			for _, v := range tc.removes {
				if is.Contains(v) {
					t.Fatalf("removed %d still present", v)
				}
			}
		})
	}
}

func TestIntsetAddRemoveResults(t *testing.T) {
	is := NewIntset()
	if !is.Add(7) || is.Add(7) {
		t.Fatal("Add results")
	}
	if !is.Add(1<<33) || is.Add(1<<33) || is.Add(7) {
		t.Fatal("Add results after upgrade")
	}
	if is.Remove(8) || !is.Remove(7) || is.Remove(7) {
		t.Fatal("Remove results")
	}
	c := is.Clone()
	c.Add(9)
	if is.Contains(9) || !c.Contains(1<<33) {
		t.Fatal("Clone not independent")
	}
	got := is.Random(func(n int) int {
		if n != 1 {
			t.Fatalf("Random n=%d", n)
		}
		return 0
	})
	if got != 1<<33 {
		t.Fatalf("Random = %d", got)
	}
}

func TestIntsetFromBytes(t *testing.T) {
	le := func(enc uint32, n uint32, vals ...any) []byte {
		b := binary.LittleEndian.AppendUint32(nil, enc)
		b = binary.LittleEndian.AppendUint32(b, n)
		for _, v := range vals {
			b, _ = binary.Append(b, binary.LittleEndian, v)
		}
		return b
	}
	tests := []struct {
		name string
		b    []byte
		ok   bool
	}{
		{"nil", nil, false},
		{"short", []byte{2, 0, 0, 0, 0, 0, 0}, false},
		{"empty", le(2, 0), true},
		{"empty enc8", le(8, 0), true},
		{"enc 0", le(0, 0), false},
		{"enc 3", le(3, 0), false},
		{"enc 16", le(16, 0), false},
		{"int16", le(2, 2, int16(-1), int16(5)), true},
		{"int32 wide", le(4, 2, int32(1), int32(2)), true},
		{"int64", le(8, 2, int64(math.MinInt64), int64(math.MaxInt64)), true},
		{"length too big", le(2, 3, int16(1), int16(2)), false},
		{"length too small", le(2, 1, int16(1), int16(2)), false},
		{"trailing byte", append(le(2, 1, int16(1)), 0), false},
		{"length overflow", le(8, 0xffffffff, int64(1)), false},
		{"duplicate", le(2, 2, int16(1), int16(1)), false},
		{"descending", le(4, 2, int32(2), int32(1)), false},
		{"signed order", le(2, 2, int16(1), int16(-1)), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			is, err := IntsetFromBytes(tc.b)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok=%v", err, tc.ok)
			}
			if err != nil {
				return
			}
			if !bytes.Equal(is.Bytes(), tc.b) {
				t.Fatal("bytes differ")
			}
			if len(tc.b) > 0 {
				tc.b[len(tc.b)-1] ^= 0xff // the intset holds a copy
				if bytes.Equal(is.Bytes(), tc.b) {
					t.Fatal("IntsetFromBytes aliases its input")
				}
			}
		})
	}
}

func TestIntsetLookupNoAlloc(t *testing.T) {
	is := NewIntset()
	for i := range int64(1000) {
		is.Add(i * 1000)
	}
	allocs := testing.AllocsPerRun(100, func() {
		_ = is.Contains(5000) || is.Contains(-7) || is.Contains(1<<40)
		_ = is.Get(3) + is.Random(func(n int) int { return n - 1 })
	})
	if allocs != 0 {
		t.Fatalf("%v allocs per lookup", allocs)
	}
}

// FuzzIntset checks Intset against a map model. The input is an op stream:
// a selector byte (op in the low 2 bits, value width in bits 4-5) followed by
// 8 bytes of value.
func FuzzIntset(f *testing.F) {
	f.Add([]byte{0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x10, 0x80})
	f.Fuzz(func(t *testing.T, data []byte) {
		is := NewIntset()
		model := map[int64]bool{}
		maxEnc := 2
		for len(data) > 0 {
			op := data[0]
			data = data[1:]
			var raw [8]byte
			k := copy(raw[:], data)
			data = data[k:]
			// Vary widths so values collide and cross encoding boundaries.
			var v int64
			switch op >> 4 & 3 {
			case 0:
				v = int64(int8(raw[0]))
			case 1:
				v = int64(int16(binary.LittleEndian.Uint16(raw[:])))
			case 2:
				v = int64(int32(binary.LittleEndian.Uint32(raw[:])))
			default:
				v = int64(binary.LittleEndian.Uint64(raw[:]))
			}
			switch op % 4 {
			case 0, 1:
				if got, want := is.Add(v), !model[v]; got != want {
					t.Fatalf("Add(%d) = %v, want %v", v, got, want)
				}
				model[v] = true
				maxEnc = max(maxEnc, valueEncoding(v))
			case 2:
				if got, want := is.Remove(v), model[v]; got != want {
					t.Fatalf("Remove(%d) = %v, want %v", v, got, want)
				}
				delete(model, v)
			case 3:
				if got, want := is.Contains(v), model[v]; got != want {
					t.Fatalf("Contains(%d) = %v, want %v", v, got, want)
				}
			}
		}
		want := make([]int64, 0, len(model))
		for v := range model {
			want = append(want, v)
		}
		slices.Sort(want)
		if is.Len() != len(want) {
			t.Fatalf("Len %d, want %d", is.Len(), len(want))
		}
		for i, v := range want {
			if got := is.Get(i); got != v {
				t.Fatalf("Get(%d) = %d, want %d", i, got, v)
			}
		}
		if is.Encoding() != maxEnc {
			t.Fatalf("encoding %d, want %d", is.Encoding(), maxEnc)
		}
		back, err := IntsetFromBytes(is.Bytes())
		if err != nil || !bytes.Equal(back.Bytes(), is.Bytes()) {
			t.Fatalf("round trip: %v", err)
		}
	})
}

func FuzzIntsetFromBytes(f *testing.F) {
	f.Add([]byte{2, 0, 0, 0, 3, 0, 0, 0, 1, 0, 2, 0, 3, 0})
	f.Add([]byte{4, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0x70, 0x11, 1, 0})
	f.Add([]byte{8, 0, 0, 0, 1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{2, 0, 0, 0, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		is, err := IntsetFromBytes(b)
		if err != nil {
			return
		}
		// Valid: every operation must work and keep it valid.
		n := is.Len()
		for i := 1; i < n; i++ {
			if is.Get(i-1) >= is.Get(i) {
				t.Fatal("accepted unsorted intset")
			}
		}
		if n > 0 {
			v := is.Get(n / 2)
			if !is.Contains(v) || !is.Remove(v) || is.Contains(v) || !is.Add(v) {
				t.Fatal("ops on parsed intset")
			}
		}
		is.Add(math.MinInt64)
		is.Add(math.MaxInt64)
		if _, err := IntsetFromBytes(is.Bytes()); err != nil {
			t.Fatalf("mutated intset invalid: %v", err)
		}
	})
}
