package persist

import (
	"bytes"
	"io"
	"strconv"
	"testing"
)

// benchKeys is the number of string records in the benchmarks.
const benchKeys = 1_000_000

// writeStrings writes n small string records (key:i -> value:i, every
// fourth value an integer) through Chunks handed off every 64 KiB.
func writeStrings(w io.Writer, n int) (int64, error) {
	wr := NewWriter(w, true)
	wr.Header()
	var c Chunk
	c.SelectDB(0)
	c.ResizeDB(uint64(n), 0)
	var key, val []byte
	for i := range n {
		key = strconv.AppendInt(append(key[:0], "key:"...), int64(i), 10)
		c.Byte(TypeString)
		c.String(key)
		if i%4 == 0 {
			c.IntString(int64(i))
		} else {
			val = strconv.AppendInt(append(val[:0], "value:"...), int64(i), 10)
			c.String(val)
		}
		if c.Size() >= 64<<10 {
			if err := wr.WriteChunk(&c); err != nil {
				return 0, err
			}
			c.Reset()
		}
	}
	wr.WriteChunk(&c)
	err := wr.Finish(true)
	return wr.Written(), err
}

func BenchmarkWriteStrings(b *testing.B) {
	b.ReportAllocs()
	var size int64
	for b.Loop() {
		size, _ = writeStrings(io.Discard, benchKeys)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchKeys, "ns/key")
	b.ReportMetric(float64(size), "file-bytes")
}

// nopHandler drops everything.
type nopHandler struct{}

func (nopHandler) Aux(k, v []byte) error              { return nil }
func (nopHandler) ResizeDB(db int, s, e uint64) error { return nil }
func (nopHandler) Record(r *Record) error             { return nil }

func BenchmarkLoadStrings(b *testing.B) {
	var file bytes.Buffer
	if _, err := writeStrings(&file, benchKeys); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(file.Len()))
	for b.Loop() {
		if _, err := Load(bytes.NewReader(file.Bytes()), nopHandler{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchKeys, "ns/key")
}
