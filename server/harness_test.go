package server

import (
	"strings"
	"testing"

	"aeon/resp"
)

// newTestServer returns a server that is not listening, for running
// commands in-process through fake clients.
func newTestServer(t testing.TB, args ...string) *Server {
	t.Helper()
	cfg, _, err := LoadConfig(append([]string{"--save", "", "--loglevel", "warning", "--enable-debug-command", "yes"}, args...))
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(cfg, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.el.Close)
	return s
}

// testDir returns a new temporary directory for a test server's --dir.
// The server chdirs into its dir; t.Chdir restores the working directory
// when the test ends.
func testDir(t testing.TB) string {
	dir := t.TempDir()
	t.Chdir(dir)
	return dir
}

// loadedTestServer is newTestServer after LoadData, as at startup (the
// RDB or AOF in the --dir given is loaded; the AOF is opened).
func loadedTestServer(t testing.TB, args ...string) *Server {
	t.Helper()
	s := newTestServer(t, args...)
	if err := s.LoadData(); err != nil {
		t.Fatal(err)
	}
	return s
}

// fakeClient returns a client with no socket, in RESP2.
func (s *Server) fakeClient() *Client {
	s.nextClientID++
	return &Client{s: s, id: s.nextClientID, fd: -1, addr: "127.0.0.1:1", laddr: "127.0.0.1:6379",
		db: s.dbs[0], proto: 2, user: "default", authed: s.cfg.RequirePass == "",
		parser: resp.NewParser(), ctime: s.unixMs, lastActive: s.unixMs}
}

// run executes one command for c and returns its raw reply.
func (s *Server) run(c *Client, args ...string) string {
	c.argv = c.argv[:0]
	for _, a := range args {
		c.argv = append(c.argv, []byte(a))
	}
	s.processCommand(c)
	c.argv = nil
	out := string(c.reply)
	c.reply = c.reply[:0]
	c.sent = 0
	return out
}

// expectReplies runs each {command, raw reply} pair in order on one client.
func expectReplies(t *testing.T, s *Server, c *Client, cases [][2]string) {
	t.Helper()
	for _, tc := range cases {
		got := s.run(c, strings.Fields(tc[0])...)
		if got != tc[1] {
			t.Fatalf("%s: got %q, want %q", tc[0], got, tc[1])
		}
	}
}

func TestHarnessPing(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"PING", "+PONG\r\n"},
		{"ping hello", "$5\r\nhello\r\n"},
		{"echo", "-ERR wrong number of arguments for 'echo' command\r\n"},
		{"nosuch a b", "-ERR unknown command 'nosuch', with args beginning with: 'a' 'b' \r\n"},
		{"select 16", "-ERR DB index is out of range\r\n"},
		{"select 1", "+OK\r\n"},
	})
}
