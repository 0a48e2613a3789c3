package persist

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"testing"

	"aeon/ds"
)

// encode runs c through a Writer and returns the bytes.
func encode(t testing.TB, c *Chunk, compress bool) []byte {
	t.Helper()
	var b bytes.Buffer
	w := NewWriter(&b, compress)
	if err := w.WriteChunk(c); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if w.Written() != int64(b.Len()) {
		t.Fatalf("Written %d, wrote %d", w.Written(), b.Len())
	}
	return b.Bytes()
}

// canon turns a Value into plain Go data for comparisons: string; []string
// for a list; a sorted []string for a set; map[string]string for a hash;
// map[string]float64 for a sorted set.
func canon(t testing.TB, v *Value) any {
	t.Helper()
	lpStrings := func(lp *ds.Listpack) []string {
		var out []string
		var num [20]byte
		for p := lp.First(); p >= 0; p = lp.Next(p) {
			out = append(out, string(lp.GetBytes(p, num[:0])))
		}
		return out
	}
	switch v.Kind {
	case KindString:
		return string(v.Str)
	case KindList:
		out := []string{}
		for _, n := range v.Nodes {
			if n.LP != nil {
				if n.LP.Len() == 0 {
					t.Fatal("empty list node")
				}
				out = append(out, lpStrings(n.LP)...)
			} else {
				out = append(out, string(n.Plain))
			}
		}
		return out
	case KindSet:
		var out []string
		if v.Intset != nil {
			for i := range v.Intset.Len() {
				out = append(out, strconv.FormatInt(v.Intset.Get(i), 10))
			}
		}
		for _, m := range v.Members {
			out = append(out, string(m))
		}
		slices.Sort(out)
		return out
	case KindHash:
		m := map[string]string{}
		var s []string
		if v.Listpack != nil {
			s = lpStrings(v.Listpack)
		}
		for _, b := range v.Members {
			s = append(s, string(b))
		}
		if len(s)%2 != 0 {
			t.Fatalf("odd hash entries %q", s)
		}
		for i := 0; i < len(s); i += 2 {
			m[s[i]] = s[i+1]
		}
		return m
	case KindZSet:
		m := map[string]float64{}
		if v.Listpack != nil {
			s := lpStrings(v.Listpack)
			for i := 0; i < len(s); i += 2 {
				f, err := strconv.ParseFloat(s[i+1], 64)
				if err != nil && !isRangeErr(err) {
					t.Fatalf("score %q: %v", s[i+1], err)
				}
				m[s[i]] = f
			}
		}
		if len(v.Scores) != len(v.Members) {
			t.Fatalf("%d scores for %d members", len(v.Scores), len(v.Members))
		}
		for i, b := range v.Members {
			m[string(b)] = v.Scores[i]
		}
		return m
	}
	t.Fatalf("kind %d", v.Kind)
	return nil
}

// collector is a Handler that keeps everything it is given.
type collector struct {
	aux     map[string]string
	resize  []string
	records map[string]collected // "db:key"
	order   []string
	empty   []string
	t       testing.TB
}

type collected struct {
	Type         byte
	Val          any
	Expire, Idle int64
	Freq         int
}

func newCollector(t testing.TB) *collector {
	return &collector{aux: map[string]string{}, records: map[string]collected{}, t: t}
}

func (c *collector) Aux(k, v []byte) error { c.aux[string(k)] = string(v); return nil }
func (c *collector) ResizeDB(db int, size, exp uint64) error {
	c.resize = append(c.resize, fmt.Sprintf("%d:%d:%d", db, size, exp))
	return nil
}
func (c *collector) Record(r *Record) error {
	k := fmt.Sprintf("%d:%s", r.DB, r.Key)
	if _, dup := c.records[k]; dup {
		return fmt.Errorf("duplicate key %s", k)
	}
	c.records[k] = collected{r.Value.Type, canon(c.t, r.Value), r.ExpireMs, r.Idle, r.Freq}
	c.order = append(c.order, k)
	return nil
}
func (c *collector) EmptyKey(db int, key []byte) {
	c.empty = append(c.empty, fmt.Sprintf("%d:%s", db, key))
}

// listpackOf builds a listpack of the given strings.
func listpackOf(s ...string) *ds.Listpack {
	lp := ds.NewListpack()
	for _, e := range s {
		lp.Append([]byte(e))
	}
	return lp
}

// intsetOf builds an intset.
func intsetOf(v ...int64) *ds.Intset {
	is := ds.NewIntset()
	for _, x := range v {
		is.Add(x)
	}
	return is
}
