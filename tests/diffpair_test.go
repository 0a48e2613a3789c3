package tests

import (
	"fmt"
	"strings"
	"testing"

	"aeon/resp"
)

// diffPair is one connection to each server of a differential run: the
// reference (redis-server) and the server under test (aeon).
type diffPair struct {
	t      *testing.T
	seed   uint64
	rc, ac *rawConn
}

func (x *diffPair) parse(b []byte) resp.Value {
	v, err := resp.ReadValue(bufioFrom(b))
	if err != nil {
		x.t.Fatalf("seed %d: cannot parse reply %q: %v", x.seed, b, err)
	}
	return v
}

// raw sends args to both servers and returns both raw replies.
func (x *diffPair) raw(args ...string) (want, got []byte, err error) {
	wire := encodeCmd(args...)
	if err := x.rc.send(wire); err != nil {
		x.t.Fatalf("seed %d: redis send: %v", x.seed, err)
	}
	want, err = x.rc.readReply()
	if err != nil {
		x.t.Fatalf("seed %d: redis reply to %s: %v", x.seed, fmtArgs(args), err)
	}
	err = x.ac.send(wire)
	if err == nil {
		got, err = x.ac.readReply()
	}
	return want, got, err
}

// newDiffPair starts redis-server and the server under test and connects
// to both, switching both connections to RESP3 when proto is 3.
func newDiffPair(t *testing.T, seed uint64, proto int) (diffPair, *srv, *srv) {
	ref := startRedis(t)
	sut := startTarget(t)
	x := diffPair{t: t, seed: seed, rc: dialRaw(t, ref.Addr), ac: dialRaw(t, sut.Addr)}
	if proto == 3 {
		for _, c := range []*rawConn{x.rc, x.ac} {
			if r := c.do("HELLO", "3"); !strings.HasPrefix(r, "%") {
				t.Fatalf("HELLO 3: %q", r)
			}
		}
	}
	return x, ref, sut
}

// runDiffSeeds runs a differential test for its seeds: PREFIX_SEEDS of them
// in RESP2 (or just PREFIX_SEED), then the first in RESP3, each of
// PREFIX_COMMANDS steps.
func runDiffSeeds(t *testing.T, prefix string, defCommands, defSeeds int, run func(t *testing.T, seed uint64, n, proto int)) {
	requireTool(t, "redis-server")
	n := envInt(prefix+"_COMMANDS", defCommands)
	seeds := envInt(prefix+"_SEEDS", defSeeds)
	first := 1
	if s := envInt(prefix+"_SEED", 0); s > 0 {
		first, seeds = s, 1
	}
	for seed := first; seed < first+seeds; seed++ {
		t.Run(fmt.Sprintf("resp2/seed=%d", seed), func(t *testing.T) { run(t, uint64(seed), n, 2) })
	}
	t.Run(fmt.Sprintf("resp3/seed=%d", first), func(t *testing.T) { run(t, uint64(first), n, 3) })
}
