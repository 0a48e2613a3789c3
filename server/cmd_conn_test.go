package server

import (
	"strconv"
	"strings"
	"testing"
)

func TestConnectionCommands(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"auth x", "-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n"},
		{"auth a b", "-WRONGPASS invalid username-password pair or user is disabled.\r\n"},
		{"auth default anything", "+OK\r\n"},
		{"auth a b c", "-ERR syntax error\r\n"},
		{"hello 4", "-NOPROTO unsupported protocol version\r\n"},
		{"hello x", "-ERR Protocol version is not an integer or out of range\r\n"},
		{"hello 3 foo", "-ERR Syntax error in HELLO option 'foo'\r\n"},
		{"client setname my-conn", "+OK\r\n"},
		{"client getname", "$7\r\nmy-conn\r\n"},
		{"client setinfo lib-name go-redis(x)", "+OK\r\n"},
		{"client setinfo lib-foo 1", "-ERR Unrecognized option 'lib-foo'\r\n"},
		{"client no-evict maybe", "-ERR syntax error\r\n"},
		{"client no-touch on", "+OK\r\n"},
		{"client kill 1.2.3.4:5", "-ERR No such client\r\n"},
		{"client kill id 0", "-ERR client-id should be greater than 0\r\n"},
		{"client kill type foo", "-ERR Unknown client type 'foo'\r\n"},
		{"client pause -1", "-ERR timeout is negative\r\n"},
		{"client pause abc", "-ERR timeout is not an integer or out of range\r\n"},
		{"client reply foo", "-ERR syntax error\r\n"},
		{"client foo", "-ERR unknown subcommand 'foo'. Try CLIENT HELP.\r\n"},
		{"client", "-ERR wrong number of arguments for 'client' command\r\n"},
		{"client getname x", "-ERR wrong number of arguments for 'client|getname' command\r\n"},
		{"reset", "+RESET\r\n"},
		{"client getname", "$-1\r\n"},
	})
	if got := s.run(c, "client", "setname", "a b"); got != "-ERR Client names cannot contain spaces, newlines or special characters.\r\n" {
		t.Fatalf("setname with space: %q", got)
	}
	hello := s.run(c, "hello", "3", "setname", "x")
	if !strings.HasPrefix(hello, "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n") || !strings.Contains(hello, "$5\r\nproto\r\n:3\r\n") {
		t.Fatalf("HELLO 3 reply: %q", hello)
	}
	if c.proto != 3 || c.name != "x" {
		t.Fatalf("HELLO did not switch: proto %d name %q", c.proto, c.name)
	}
	// RESP3 null for GETNAME after RESET goes back to RESP2.
	s.run(c, "reset")
	if got := s.run(c, "client", "id"); got != ":"+itoa(c.id)+"\r\n" {
		t.Fatalf("client id: %q", got)
	}
	info := s.run(c, "client", "info")
	for _, field := range []string{"id=", " addr=127.0.0.1:1 ", " laddr=", " name= ", " flags=N ", " db=0 ", " cmd=client|info ", " user=default ", " resp=2"} {
		if !strings.Contains(info, field) {
			t.Fatalf("client info lacks %q: %q", field, info)
		}
	}
}

func TestClientReplyModes(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"client reply off", ""},
		{"ping", ""},
		{"client reply on", "+OK\r\n"},
		{"client reply skip", ""},
		{"ping", ""},
		{"ping", "+PONG\r\n"},
	})
}

func TestRequirePass(t *testing.T) {
	s := newTestServer(t, "--requirepass", "secret")
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"ping", "-NOAUTH Authentication required.\r\n"},
		{"hello 3", "-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n"},
		{"auth wrong", "-WRONGPASS invalid username-password pair or user is disabled.\r\n"},
		{"auth secret", "+OK\r\n"},
		{"ping", "+PONG\r\n"},
		{"reset", "+RESET\r\n"},
		{"ping", "-NOAUTH Authentication required.\r\n"},
	})
	if got := s.run(c, "hello", "2", "auth", "default", "secret"); !strings.HasPrefix(got, "*14\r\n") {
		t.Fatalf("HELLO 2 AUTH: %q", got)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
