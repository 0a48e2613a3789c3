package server

import (
	"fmt"
	"testing"
)

// pipeline builds n RESP commands like redis-benchmark's.
func pipeline(n int, args func(i int) []string) []byte {
	var b []byte
	for i := 0; i < n; i++ {
		a := args(i)
		b = fmt.Appendf(b, "*%d\r\n", len(a))
		for _, s := range a {
			b = fmt.Appendf(b, "$%d\r\n%s\r\n", len(s), s)
		}
	}
	return b
}

// runPipeline feeds buf through the real read path (parse, dispatch,
// reply) of a socketless client and discards the output.
func (s *Server) runPipeline(c *Client, buf []byte) {
	c.qbuf = append(c.qbuf[:0], buf...)
	s.processInputBuffer(c)
	c.reply = c.reply[:0]
	c.sent = 0
	c.pendingWrite = false
	s.pending = s.pending[:0]
}

var hotPipelines = []struct {
	name string
	args func(i int) []string
}{
	{"SET", func(i int) []string { return []string{"SET", fmt.Sprintf("key:%06d", i), "xxx"} }},
	{"GET", func(i int) []string { return []string{"GET", fmt.Sprintf("key:%06d", i)} }},
	{"INCR", func(i int) []string { return []string{"INCR", "counter"} }},
	{"MGET", func(i int) []string { return []string{"MGET", "key:000001", "key:000002", "key:000003"} }},
	{"PING", func(i int) []string { return []string{"PING"} }},
}

// TestHotPathNoAllocs proves the steady state of the commands the benchmarks
// hammer allocates nothing: 16 pipelined commands, parsed, executed and
// replied to, with 0 allocations once the keys exist.
func TestHotPathNoAllocs(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	for _, p := range hotPipelines {
		buf := pipeline(16, p.args)
		s.runPipeline(c, buf) // create keys, grow buffers
		allocs := testing.AllocsPerRun(200, func() { s.runPipeline(c, buf) })
		if allocs != 0 {
			t.Errorf("%s: %.1f allocations per 16-command pipeline, want 0", p.name, allocs)
		}
	}
}

func BenchmarkPipeline16(b *testing.B) {
	for _, p := range hotPipelines {
		b.Run(p.name, func(b *testing.B) {
			s := newTestServer(b)
			c := s.fakeClient()
			buf := pipeline(16, p.args)
			s.runPipeline(c, buf)
			b.ReportAllocs()
			b.SetBytes(int64(len(buf)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				s.runPipeline(c, buf)
			}
		})
	}
}
