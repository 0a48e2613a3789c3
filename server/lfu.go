package server

import "strings"

// LFU access counters (Redis's evict.c). Under an LFU maxmemory-policy an
// Object's 24-bit lru field holds, instead of a seconds clock:
//
//	 16 bits            8 bits
//	+------------------+--------+
//	| last decr. time  | LOG_C  |
//	| (minutes)        |        |
//	+------------------+--------+
//
// LOG_C is a logarithmic access counter that starts at lfuInitVal, grows
// with probability 1/((c-lfuInitVal)*lfu-log-factor+1) per access, and
// decays by one per lfu-decay-time minutes without access.
const lfuInitVal = 5

// lfuMinutes is the 16-bit minutes clock LFU data is stamped with.
func (s *Server) lfuMinutes() uint32 { return uint32(s.unixMs/1000/60) & 65535 }

// setEvictionPolicy follows maxmemory-policy: it decides whether the lru
// field of values holds LRU time or LFU data.
func (s *Server) setEvictionPolicy() {
	s.lfu = strings.HasSuffix(s.cfg.MaxmemoryPolicy, "-lfu")
}

// accessStamp is the lru field a freshly written value gets.
func (s *Server) accessStamp() uint32 {
	if s.lfu {
		return s.lfuMinutes()<<8 | lfuInitVal
	}
	return s.lruClock
}

// touch records an access to o: the LRU clock, or an LFU counter update
// (Redis's updateLFU: decay, then a probabilistic log increment).
func (s *Server) touch(o *Object) {
	if !s.lfu {
		o.lru = s.lruClock
		return
	}
	counter := s.lfuDecrAndReturn(o)
	if counter < 255 {
		base := float64(counter - lfuInitVal)
		if base < 0 {
			base = 0
		}
		if s.rand.Float64() < 1.0/(base*float64(s.cfg.LFULogFactor)+1) {
			counter++
		}
	}
	o.lru = s.lfuMinutes()<<8 | uint32(counter)
}
