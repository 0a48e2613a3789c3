package server

import (
	"strconv"

	"aeon/persist"
)

// Propagation: what the AOF (and later replicas) receive for each command
// that changed the data set. As in Redis 7.0:
//
//   - a command that changed something (s.dirty grew) is propagated as it
//     was sent, unless it rewrote itself into a deterministic form first
//     (c.prop: SET ... EX -> SET ... PXAT, EXPIRE -> PEXPIREAT, INCRBYFLOAT
//     -> SET ... KEEPTTL, SPOP -> SREM, BLPOP -> LPOP, ...);
//   - keys deleted because they expired are propagated as DEL before the
//     command that found them;
//   - what one call propagated (with EXEC: the whole transaction) is
//     written as one unit, inside MULTI/EXEC when it is more than one
//     command, with a SELECT when the DB differs from the last one.

// propOp is one command to propagate, its arguments owned.
type propOp struct {
	db   int
	argv [][]byte
}

// alsoPropagate queues a command (copied) to propagate with the current
// call's unit.
func (s *Server) alsoPropagate(db *DB, argv ...[]byte) {
	if !s.aof.on || s.loading {
		return
	}
	s.prop = append(s.prop, propOp{db: db.id, argv: copyArgv(argv)})
}

// rewriteProp sets what c's current command propagates instead of its
// argv (Redis's rewriteClientCommandVector).
func (c *Client) rewriteProp(argv ...[]byte) {
	c.prop = argv
	c.propSet = true
}

// propagateCall queues c's command after it ran, if it changed the data
// set; at the end of the outermost call the queued unit is written.
func (s *Server) propagateCall(c *Client, cmd *Command, changed bool) {
	if s.aof.on && !s.loading && changed && cmd.Name != "exec" {
		argv := c.argv
		if c.propSet {
			argv = c.prop // nil: nothing to propagate
		}
		switch {
		case argv == nil:
		case s.callDepth == 0 && len(s.prop) == 0:
			// The common case, a unit of one command: written as it is,
			// with no copy.
			s.aofSelect(c.db.id)
			s.aof.buf = persist.AppendCommand(s.aof.buf, argv...)
		default:
			s.prop = append(s.prop, propOp{db: c.db.id, argv: copyArgv(argv)})
		}
	}
	c.prop, c.propSet = nil, false
	if s.callDepth == 0 {
		s.flushProp()
	}
}

var (
	bMulti  = []byte("MULTI")
	bExec   = []byte("EXEC")
	bSelect = []byte("SELECT")
	bDel    = []byte("DEL")
)

// flushProp appends the queued unit to the AOF buffer.
func (s *Server) flushProp() {
	ops := s.prop
	if len(ops) == 0 {
		return
	}
	if s.aof.on {
		wrap := len(ops) > 1
		if wrap {
			s.aofSelect(ops[0].db)
			s.aof.buf = persist.AppendCommand(s.aof.buf, bMulti)
		}
		for _, op := range ops {
			s.aofSelect(op.db)
			s.aof.buf = persist.AppendCommand(s.aof.buf, op.argv...)
		}
		if wrap {
			s.aof.buf = persist.AppendCommand(s.aof.buf, bExec)
		}
	}
	clear(ops)
	s.prop = ops[:0]
}

func (s *Server) aofSelect(db int) {
	if s.aof.seldb != db {
		s.aof.buf = persist.AppendCommand(s.aof.buf, bSelect, strconv.AppendInt(nil, int64(db), 10))
		s.aof.seldb = db
	}
}

// propagateExpired queues the DEL of a key deleted because it expired:
// inside a command it joins the command's unit, from the cron it is a
// unit of its own.
func (s *Server) propagateExpired(db *DB, key []byte) {
	if !s.aof.on || s.loading {
		return
	}
	s.alsoPropagate(db, bDel, key)
	if s.callDepth == 0 {
		s.flushProp()
	}
}

// propOn reports whether commands are being propagated (the AOF is on and
// nothing is being loaded): rewrites that allocate check it first, so the
// hot path does not pay for them.
func (s *Server) propOn() bool { return s.aof.on && !s.loading }

// intArg formats an integer (a unix ms time, a count) as an argument.
func intArg(ms int64) []byte { return strconv.AppendInt(nil, ms, 10) }
