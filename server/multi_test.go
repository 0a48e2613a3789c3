package server

import "testing"

func TestMultiExec(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"exec", "-ERR EXEC without MULTI\r\n"},
		{"discard", "-ERR DISCARD without MULTI\r\n"},
		{"multi", "+OK\r\n"},
		{"multi", "-ERR MULTI calls can not be nested\r\n"},
		{"set a 1", "+QUEUED\r\n"},
		{"incr a", "+QUEUED\r\n"},
		{"get a", "+QUEUED\r\n"},
		{"exec", "*3\r\n+OK\r\n:2\r\n$1\r\n2\r\n"},
		// A rejected command aborts the whole transaction.
		{"multi", "+OK\r\n"},
		{"set a 5", "+QUEUED\r\n"},
		{"get", "-ERR wrong number of arguments for 'get' command\r\n"},
		{"nosuch", "-ERR unknown command 'nosuch', with args beginning with: \r\n"},
		{"exec", "-EXECABORT Transaction discarded because of previous errors.\r\n"},
		{"get a", "$1\r\n2\r\n"},
		// Runtime errors are replies inside EXEC, the rest still runs.
		{"multi", "+OK\r\n"},
		{"set s x", "+QUEUED\r\n"},
		{"incr s", "+QUEUED\r\n"},
		{"set t y", "+QUEUED\r\n"},
		{"exec", "*3\r\n+OK\r\n-ERR value is not an integer or out of range\r\n+OK\r\n"},
		{"multi", "+OK\r\n"},
		{"watch x", "-ERR WATCH inside MULTI is not allowed\r\n"},
		{"shutdown", "-ERR Command not allowed inside a transaction\r\n"},
		{"discard", "+OK\r\n"},
		{"multi", "+OK\r\n"},
		{"exec", "*0\r\n"},
	})
}

func TestWatch(t *testing.T) {
	s := newTestServer(t)
	a, b := s.fakeClient(), s.fakeClient()
	type step struct {
		c       *Client
		cmd     string
		want    string
		comment string
	}
	run := func(steps []step) {
		t.Helper()
		for _, st := range steps {
			if got := s.run(st.c, splitArgs(st.cmd)...); got != st.want {
				t.Fatalf("%s: %s: got %q, want %q", st.comment, st.cmd, got, st.want)
			}
		}
	}
	run([]step{
		{a, "watch k", "+OK\r\n", "untouched watch"},
		{a, "multi", "+OK\r\n", ""},
		{a, "set k 1", "+QUEUED\r\n", ""},
		{a, "exec", "*1\r\n+OK\r\n", "EXEC runs"},

		{a, "watch k", "+OK\r\n", "another client writes"},
		{b, "set k 2", "+OK\r\n", ""},
		{a, "multi", "+OK\r\n", ""},
		{a, "get k", "+QUEUED\r\n", ""},
		{a, "exec", "*-1\r\n", "EXEC aborted"},

		{a, "watch k", "+OK\r\n", "in-place change (APPEND)"},
		{b, "append k x", ":2\r\n", ""},
		{a, "multi", "+OK\r\n", ""},
		{a, "exec", "*-1\r\n", ""},

		{a, "watch k", "+OK\r\n", "a failed write touches nothing"},
		{b, "incr k", "-ERR value is not an integer or out of range\r\n", ""},
		{b, "set k v nx", "$-1\r\n", ""},
		{a, "multi", "+OK\r\n", ""},
		{a, "exec", "*0\r\n", ""},

		{a, "watch k", "+OK\r\n", "UNWATCH forgets"},
		{b, "del k", ":1\r\n", ""},
		{a, "unwatch", "+OK\r\n", ""},
		{a, "multi", "+OK\r\n", ""},
		{a, "exec", "*0\r\n", ""},

		{b, "set k 1", "+OK\r\n", "FLUSHDB touches existing watched keys"},
		{a, "watch k", "+OK\r\n", ""},
		{b, "flushdb", "+OK\r\n", ""},
		{a, "multi", "+OK\r\n", ""},
		{a, "exec", "*-1\r\n", ""},

		{a, "watch k", "+OK\r\n", "a write in another db does not touch"},
		{b, "select 1", "+OK\r\n", ""},
		{b, "set k 1", "+OK\r\n", ""},
		{a, "multi", "+OK\r\n", ""},
		{a, "exec", "*0\r\n", ""},

		{a, "watch k", "+OK\r\n", "SWAPDB brings the key in"},
		{b, "swapdb 0 1", "+OK\r\n", ""},
		{a, "multi", "+OK\r\n", ""},
		{a, "exec", "*-1\r\n", ""},

		{a, "watch k", "+OK\r\n", "EXPIRE touches"},
		{b, "select 0", "+OK\r\n", ""},
		{b, "expire k 100", ":1\r\n", ""},
		{a, "multi", "+OK\r\n", ""},
		{a, "exec", "*-1\r\n", ""},
	})
	if len(s.watched) != 0 {
		t.Fatalf("watch index not empty after EXEC: %v", s.watched)
	}
	// A watched key that expires makes EXEC fail.
	run([]step{
		{b, "set e 1", "+OK\r\n", "expiry"},
		{a, "watch e", "+OK\r\n", ""},
	})
	s.setExpire(s.dbs[0], []byte("e"), s.cmdTime-1000)
	for _, c := range s.watched[s.dbs[0]]["e"] {
		c.dirtyCAS = false // setExpire touched it; test expiry detection alone
	}
	run([]step{
		{a, "multi", "+OK\r\n", ""},
		{a, "exec", "*-1\r\n", ""},
	})
}

// splitArgs splits a command line on spaces (test helper).
func splitArgs(line string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(line); i++ {
		if i == len(line) || line[i] == ' ' {
			if start >= 0 {
				out = append(out, line[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	return out
}
