package server

import (
	"os"
	"strings"
	"testing"
)

func TestConfigGetSet(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"config get maxclients", "*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n"},
		{"config get hz maxclients", "*4\r\n$2\r\nhz\r\n$2\r\n10\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n"},
		{"config get nosuch*", "*0\r\n"},
		{"config set port abc", "-ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer\r\n"},
		{"config set appendfsync bad", "-ERR CONFIG SET failed (possibly related to argument 'appendfsync') - argument(s) must be one of the following: everysec, always, no\r\n"},
		{"config set daemonize yes", "-ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config\r\n"},
		{"config set nosuch 1", "-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n"},
		{"config set hz 5 hz 6", "-ERR CONFIG SET failed (possibly related to argument 'hz') - duplicate parameter\r\n"},
		{"config set hz 1000", "+OK\r\n"},
		{"config get hz", "*2\r\n$2\r\nhz\r\n$3\r\n500\r\n"},
		{"config set protected-mode maybe", "-ERR CONFIG SET failed (possibly related to argument 'protected-mode') - argument must be 'yes' or 'no'\r\n"},
		{"config set save 1", "-ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters\r\n"},
		{"config set tcp-keepalive -1", "-ERR CONFIG SET failed (possibly related to argument 'tcp-keepalive') - argument must be between 0 and 2147483647 inclusive\r\n"},
		{"config set client-output-buffer-limit normal", "-ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Wrong number of arguments in buffer limit configuration.\r\n"},
		{"config set slowlog-max-len 5 timeout 7", "+OK\r\n"},
		{"config get timeout", "*2\r\n$7\r\ntimeout\r\n$1\r\n7\r\n"},
		{"config set timeout 9 slowlog-max-len -5", "-ERR CONFIG SET failed (possibly related to argument 'slowlog-max-len') - argument must be between 0 and 9223372036854775807 inclusive\r\n"},
		{"config get timeout", "*2\r\n$7\r\ntimeout\r\n$1\r\n7\r\n"},
		{"config set timeout", "-ERR wrong number of arguments for 'config|set' command\r\n"},
		{"config rewrite", "-ERR The server is running without a config file\r\n"},
		{"config resetstat", "+OK\r\n"},
	})
	// RESP3: a map.
	c.proto = 3
	if got := s.run(c, "config", "get", "port"); got != "%1\r\n$4\r\nport\r\n$4\r\n6379\r\n" {
		t.Fatalf("RESP3 config get: %q", got)
	}
	if got := s.run(c, "config", "get", "*"); !strings.Contains(got, "$28\r\nclient-query-buffer-limit\r\n") && !strings.Contains(got, "client-query-buffer-limit") {
		t.Fatalf("config get *: %q", got)
	}
}

func TestConfigRewrite(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/aeon.json"
	if err := os.WriteFile(path, []byte(`{"port": 7000, "save": ""}`), 0644); err != nil {
		t.Fatal(err)
	}
	cfg, file, err := LoadConfig([]string{path, "--loglevel", "warning"})
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(cfg, file)
	if err != nil {
		t.Fatal(err)
	}
	defer s.el.Close()
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"config set maxclients 777", "+OK\r\n"},
		{"config rewrite", "+OK\r\n"},
	})
	again, _, err := LoadConfig([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	if again.MaxClients != 777 || again.Port != 7000 || again.Save != "" || again.LogLevel != "warning" {
		t.Fatalf("rewritten config: %+v", again)
	}
}

func TestShutdownArgs(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"shutdown abort", "-ERR No shutdown in progress.\r\n"},
		{"shutdown bogus", "-ERR syntax error\r\n"},
	})
	if s.shutdownReq {
		t.Fatal("shutdown requested by a failed SHUTDOWN")
	}
	s.run(c, "shutdown", "nosave")
	if !s.shutdownReq || !c.closeAfter {
		t.Fatal("SHUTDOWN NOSAVE did not request shutdown")
	}
}

func TestMonitorFeed(t *testing.T) {
	s := newTestServer(t)
	m := s.fakeClient()
	c := s.fakeClient()
	expectReplies(t, s, m, [][2]string{{"monitor", "+OK\r\n"}})
	s.run(c, "ping", "a\"b\n")
	line := string(m.reply)
	if !strings.HasPrefix(line, "+") || !strings.HasSuffix(line, ` [0 127.0.0.1:1] "ping" "a\"b\n"`+"\r\n") {
		t.Fatalf("monitor line: %q", line)
	}
}

func TestEnableDebugCommand(t *testing.T) {
	const refused = "-ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.\r\n"
	for _, tt := range []struct {
		setting, addr string
		allowed       bool
	}{
		{"no", "127.0.0.1:1", false},
		{"yes", "10.0.0.1:1", true},
		{"local", "127.0.0.1:1", true},
		{"local", "10.0.0.1:1", false},
	} {
		s := newTestServer(t, "--enable-debug-command", tt.setting)
		c := s.fakeClient()
		c.addr = tt.addr
		got := s.run(c, "debug", "set-active-expire", "1")
		if (got == "+OK\r\n") != tt.allowed || (!tt.allowed && got != refused) {
			t.Fatalf("%s from %s: %q", tt.setting, tt.addr, got)
		}
	}
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"config set enable-debug-command no", "-ERR CONFIG SET failed (possibly related to argument 'enable-debug-command') - can't set immutable config\r\n"},
		{"rpush l a b c", ":3\r\n"},
	})
	line := s.run(c, "debug", "object", "l")
	if !strings.Contains(line, "encoding:quicklist") || !strings.HasSuffix(line, " ql_nodes:1 ql_avg_node:3.00 ql_listpack_max:-2 ql_compressed:0 ql_uncompressed_size:16\r\n") {
		t.Fatalf("DEBUG OBJECT of a list: %q", line)
	}
}

func TestCommandGetKeysSort(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"command getkeys sort l store d", "*2\r\n$1\r\nl\r\n$1\r\nd\r\n"},
		{"command getkeys sort l limit 0 1 store d by x get y", "*2\r\n$1\r\nl\r\n$1\r\nd\r\n"},
		{"command getkeys sort l get store store d", "*2\r\n$1\r\nl\r\n$1\r\nd\r\n"},
		{"command getkeys sort l store d store e", "*2\r\n$1\r\nl\r\n$1\r\ne\r\n"},
		{"command getkeys sort l", "*1\r\n$1\r\nl\r\n"},
		{"command getkeysandflags sort l store d", "*2\r\n*2\r\n$1\r\nl\r\n*2\r\n+RO\r\n+access\r\n*2\r\n$1\r\nd\r\n*2\r\n+OW\r\n+update\r\n"},
	})
}
