package persist

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"runtime/metrics"
	"testing"
)

// fuzzHandler checks every record it gets and re-encodes its value.
type fuzzHandler struct {
	t       *testing.T
	d       *Dumper
	records int
}

func (h *fuzzHandler) Aux(k, v []byte) error              { return nil }
func (h *fuzzHandler) ResizeDB(db int, s, e uint64) error { return nil }
func (h *fuzzHandler) Record(r *Record) error {
	h.records++
	checkValue(h.t, h.d, r.Value)
	return nil
}

// checkValue checks a decoded value's invariants (see Value) and that it
// survives being written in the modern encodings and read back.
func checkValue(t *testing.T, d *Dumper, v *Value) {
	t.Helper()
	switch v.Kind {
	case KindString:
	case KindList:
		if len(v.Nodes) == 0 {
			t.Fatal("list without nodes")
		}
		for _, n := range v.Nodes {
			if (n.LP == nil) == (n.Plain == nil) || n.LP != nil && n.LP.Len() == 0 || n.LP == nil && len(n.Plain) == 0 {
				t.Fatalf("bad node %+v", n)
			}
		}
	case KindSet:
		if v.Intset != nil && v.Intset.Len() == 0 || v.Intset == nil && len(v.Members) == 0 {
			t.Fatal("empty set")
		}
	case KindHash, KindZSet:
		if v.Listpack != nil {
			if n := v.Listpack.Len(); n == 0 || n%2 != 0 {
				t.Fatalf("listpack of %d entries", n)
			}
		} else if len(v.Members) == 0 || v.Kind == KindHash && len(v.Members)%2 != 0 {
			t.Fatalf("%d members", len(v.Members))
		}
		if v.Kind == KindZSet {
			if len(v.Scores) != len(v.Members) {
				t.Fatal("scores")
			}
			for _, s := range v.Scores {
				if math.IsNaN(s) {
					t.Fatal("NaN score")
				}
			}
		}
	default:
		t.Fatalf("kind %d", v.Kind)
	}
	want := canon(t, v)
	var c Chunk
	writeValue(&c, v)
	p := d.Payload(nil, &c, true)
	back, err := DecodeDump(p)
	if err != nil {
		t.Fatalf("re-encoded value does not decode: %v", err)
	}
	if got := canon(t, back); !reflect.DeepEqual(got, want) {
		t.Fatalf("re-encoded value differs: %v, want %v", short(got), short(want))
	}
}

// writeValue writes v as the server would, in the modern encodings.
func writeValue(c *Chunk, v *Value) {
	switch v.Kind {
	case KindString:
		c.Byte(TypeString)
		c.String(v.Str)
	case KindList:
		c.Byte(TypeListQuicklist2)
		c.Len(uint64(len(v.Nodes)))
		for _, n := range v.Nodes {
			if n.LP != nil {
				c.Len(containerPacked)
				c.String(n.LP.Bytes())
			} else {
				c.Len(containerPlain)
				c.String(n.Plain)
			}
		}
	case KindSet:
		if v.Intset != nil {
			c.Byte(TypeSetIntset)
			c.String(v.Intset.Bytes())
			return
		}
		c.Byte(TypeSet)
		c.Len(uint64(len(v.Members)))
		for _, m := range v.Members {
			c.String(m)
		}
	case KindHash:
		if v.Listpack != nil {
			c.Byte(TypeHashListpack)
			c.String(v.Listpack.Bytes())
			return
		}
		c.Byte(TypeHash)
		c.Len(uint64(len(v.Members) / 2))
		for _, m := range v.Members {
			c.String(m)
		}
	case KindZSet:
		if v.Listpack != nil {
			c.Byte(TypeZSetListpack)
			c.String(v.Listpack.Bytes())
			return
		}
		c.Byte(TypeZSet2)
		c.Len(uint64(len(v.Members)))
		for i, m := range v.Members {
			c.String(m)
			c.BinaryDouble(v.Scores[i])
		}
	}
}

// checkAlloc fails if f, decoding n bytes of input, allocated more than a
// bound proportional to n (process-wide, so only as precise as the other
// goroutines are quiet; runtime/metrics does not stop the world).
func checkAlloc(t *testing.T, n int, f func()) {
	m := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(m)
	before := m[0].Value.Uint64()
	f()
	metrics.Read(m)
	if d := m[0].Value.Uint64() - before; d > uint64(200*n)+16<<20 {
		t.Fatalf("%d bytes of input allocated %d bytes", n, d)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(rdbFile("0010"))
	f.Add(rdbFile("0010", []byte("\x00\x01k\x01v")))
	var d Dumper // the fuzz function runs serially in a worker
	f.Fuzz(func(t *testing.T, b []byte) {
		var err1, err2 error
		h1, h2 := &fuzzHandler{t: t, d: &d}, &fuzzHandler{t: t, d: &d}
		checkAlloc(t, len(b), func() {
			_, err1 = NewReader(bytes.NewReader(b)).Load(h1)
			_, err2 = NewReaderBytes(b).Load(h2)
		})
		if (err1 == nil) != (err2 == nil) || h1.records != h2.records {
			t.Fatalf("stream and bytes readers disagree: %v / %v", err1, err2)
		}
		var fe *FormatError
		if err1 != nil && !errors.As(err1, &fe) {
			t.Fatalf("%T: %v", err1, err1)
		}
	})
}

func FuzzDumpPayload(f *testing.F) {
	var c Chunk
	c.Byte(TypeString)
	c.StringS("v")
	f.Add(DumpPayload(&c, false))
	var d Dumper
	f.Fuzz(func(t *testing.T, p []byte) {
		checkAlloc(t, len(p), func() {
			if v, err := DecodeDump(p); err == nil {
				checkValue(t, &d, v)
			}
			// The body without the footer, so mutations reach the value
			// decoder despite the checksum.
			if len(p) > 0 {
				r := NewReaderBytes(p)
				typ, _ := r.ReadByte()
				if v, err := r.ReadValue(typ); err == nil {
					checkValue(t, &d, v)
				} else if fe := (*FormatError)(nil); !errors.As(err, &fe) {
					t.Fatalf("%T: %v", err, err)
				}
			}
		})
	})
}
