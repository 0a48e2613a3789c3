package tests

import (
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
