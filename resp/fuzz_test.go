package resp

import (
	"errors"
	"hash/fnv"
	"reflect"
	"testing"
)

// fuzzConfigs are the parser settings every fuzz input is run under.
var fuzzConfigs = []struct {
	name string
	new  func() *Parser
}{
	{"default", NewParser},
	{"unauth", func() *Parser { p := NewParser(); p.Unauthenticated = true; return p }},
	{"tight", func() *Parser { return &Parser{MaxBulkLen: 16, MaxInlineLen: 8, MaxMultibulkLen: 4} }},
}

type feedResult struct {
	cmds    [][]string
	err     error
	pending int // bytes left unconsumed at the end
}

// feed delivers the chunks to a fresh parser the way a server does: the
// unconsumed bytes are moved to a new backing array (the old one poisoned)
// whenever more bytes arrive, and complete commands are consumed in order.
func feed(t *testing.T, p *Parser, chunks ...[]byte) feedResult {
	var res feedResult
	var pending []byte
	for _, c := range chunks {
		moved := make([]byte, 0, len(pending)+len(c))
		moved = append(append(moved, pending...), c...)
		for i := range pending {
			pending[i] = 0xAA
		}
		pending = moved
		for len(pending) > 0 {
			argv, n, err := p.Parse(pending)
			if n < 0 || n > len(pending) {
				t.Fatalf("n = %d out of [0,%d]", n, len(pending))
			}
			if err != nil {
				if n != 0 {
					t.Fatalf("n = %d with error %v", n, err)
				}
				res.err = err
				return res
			}
			if n == 0 {
				if need := p.NeedBytes(); need != 0 && need <= len(pending) {
					t.Fatalf("incomplete but NeedBytes %d <= buffered %d", need, len(pending))
				}
				break
			}
			res.cmds = append(res.cmds, strs(argv))
			pending = pending[n:]
		}
	}
	res.pending = len(pending)
	return res
}

func sameResult(a, b feedResult) bool {
	return reflect.DeepEqual(a.cmds, b.cmds) && errors.Is(a.err, b.err) && a.err == b.err && a.pending == b.pending
}

// FuzzParse checks that Parse never panics, keeps n within bounds, and gives
// the same commands and error whether the input arrives whole or split.
func FuzzParse(f *testing.F) {
	f.Add([]byte("*1\r\n$4\r\nPING\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var splits []int
		if len(data) <= 256 {
			for k := 1; k < len(data); k++ {
				splits = append(splits, k)
			}
		} else {
			h := fnv.New64a()
			h.Write(data)
			x := h.Sum64()
			for range 8 {
				splits = append(splits, 1+int(x%uint64(len(data)-1)))
				x = x*6364136223846793005 + 1442695040888963407
			}
		}
		for _, cfg := range fuzzConfigs {
			whole := feed(t, cfg.new(), data)
			for _, k := range splits {
				got := feed(t, cfg.new(), data[:k], data[k:])
				if !sameResult(got, whole) {
					t.Fatalf("%s: split at %d: %q %v pending %d; whole: %q %v pending %d",
						cfg.name, k, got.cmds, got.err, got.pending, whole.cmds, whole.err, whole.pending)
				}
			}
			if len(data) <= 64 {
				chunks := make([][]byte, len(data))
				for i := range data {
					chunks[i] = data[i : i+1]
				}
				if got := feed(t, cfg.new(), chunks...); !sameResult(got, whole) {
					t.Fatalf("%s: bytewise: %q %v; whole: %q %v", cfg.name, got.cmds, got.err, whole.cmds, whole.err)
				}
			}
		}
	})
}
