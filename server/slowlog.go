package server

import (
	"strconv"
	"time"
)

// slowlogEntry is one SLOWLOG entry; argv is a copy, trimmed as Redis trims
// it (at most 32 arguments, each at most 128 bytes).
type slowlogEntry struct {
	id       int64
	time     int64 // unix seconds
	duration int64 // µs
	argv     []string
	addr     string
	name     string
}

const (
	slowlogMaxArgc   = 32
	slowlogMaxArgLen = 128
)

// slowlogPush records the command c just ran if it took at least
// slowlog-log-slower-than µs.
func (s *Server) slowlogPush(c *Client, us int64) {
	if s.cfg.SlowlogSlowerThan < 0 || us < s.cfg.SlowlogSlowerThan {
		return
	}
	argc := len(c.argv)
	n := argc
	if n > slowlogMaxArgc {
		n = slowlogMaxArgc
	}
	e := slowlogEntry{id: s.slowlogID, time: time.Now().Unix(), duration: us, addr: c.addr, name: c.name}
	s.slowlogID++
	e.argv = make([]string, n)
	for i := 0; i < n; i++ {
		if i == n-1 && n != argc {
			e.argv[i] = "... (" + strconv.Itoa(argc-slowlogMaxArgc+1) + " more arguments)"
			break
		}
		a := c.argv[i]
		if len(a) > slowlogMaxArgLen {
			e.argv[i] = string(a[:slowlogMaxArgLen]) + "... (" + strconv.Itoa(len(a)-slowlogMaxArgLen) + " more bytes)"
		} else {
			e.argv[i] = string(a)
		}
	}
	s.slowlog = append([]slowlogEntry{e}, s.slowlog...)
	s.slowlogTrim()
}

func (s *Server) slowlogTrim() {
	if int64(len(s.slowlog)) > s.cfg.SlowlogMaxLen {
		s.slowlog = s.slowlog[:s.cfg.SlowlogMaxLen]
	}
}

// latencySeries is one event's history for the latency monitor: the last
// 160 samples, as Redis's LATENCY_TS_LEN.
type latencySeries struct {
	samples []latencySample
	max     int64
}

type latencySample struct {
	time     int64 // unix seconds
	duration int64 // ms
}

const latencyTSLen = 160

// latencyAddSample records ms for event; samples in the same second merge,
// keeping the max.
func (s *Server) latencyAddSample(event string, ms int64) {
	ls := s.latency[event]
	if ls == nil {
		ls = &latencySeries{}
		s.latency[event] = ls
	}
	now := time.Now().Unix()
	if ms > ls.max {
		ls.max = ms
	}
	if n := len(ls.samples); n > 0 && ls.samples[n-1].time == now {
		if ms > ls.samples[n-1].duration {
			ls.samples[n-1].duration = ms
		}
		return
	}
	ls.samples = append(ls.samples, latencySample{now, ms})
	if len(ls.samples) > latencyTSLen {
		ls.samples = ls.samples[1:]
	}
}
