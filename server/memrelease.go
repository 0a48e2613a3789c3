package server

import (
	"runtime/debug"
	"runtime/metrics"
)

// Returning freed memory to the OS.
//
// Go's collector frees garbage into the heap, where it stays resident until
// reused or scavenged; after a burst of writes (a bulk load, a big DEL) the
// process keeps the memory of its peak. Redis's allocator purges such pages
// in a background thread (jemalloc's decay). This is the Go counterpart:
// once a second the cron compares the heap the process holds with the live
// heap after the last collection, and when the server has been idle for a
// second and holds over a sixteenth more (plus 1 MB), a goroutine, never the
// event loop, runs debug.FreeOSMemory (a collection, then every free page
// back to the OS). At most once every 5 seconds.
const (
	releaseSlack    = 1 << 20
	releaseInterval = 5000 // ms
)

var releaseMetricNames = [...]string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/free:bytes",
	"/memory/classes/heap/unused:bytes",
	"/gc/heap/live:bytes",
}

// releaseMemoryIfIdle is called from the cron once a second.
func (s *Server) releaseMemoryIfIdle() {
	idle := s.stats.numCommands == s.releaseCmds
	s.releaseCmds = s.stats.numCommands
	if !idle || s.releasing || s.unixMs-s.lastRelease < releaseInterval {
		return
	}
	if s.releaseSamples == nil {
		s.releaseSamples = make([]metrics.Sample, len(releaseMetricNames))
		for i, n := range releaseMetricNames {
			s.releaseSamples[i].Name = n
		}
	}
	metrics.Read(s.releaseSamples)
	held := s.releaseSamples[0].Value.Uint64() + s.releaseSamples[1].Value.Uint64() + s.releaseSamples[2].Value.Uint64()
	live := s.releaseSamples[3].Value.Uint64()
	if held <= live+live/16+releaseSlack {
		return
	}
	s.releasing = true
	s.lastRelease = s.unixMs
	s.log.Debug().Uint64("held", held).Uint64("live", live).Msg("Returning free memory to the OS")
	go func() {
		debug.FreeOSMemory()
		s.el.Post(func() { s.releasing = false })
	}()
}
