package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAOFWriteErrorRefusesWrites: while the incr file cannot be written,
// write commands (and PING) get Redis's MISCONF error and INFO says
// aof_last_write_status:err; once a write succeeds again they are allowed.
func TestAOFWriteErrorRefusesWrites(t *testing.T) {
	dir := testDir(t)
	s := loadedTestServer(t, "--dir", dir, "--appendonly", "yes", "--appendfsync", "everysec")
	t.Cleanup(s.aofShutdown)
	c := s.fakeClient()
	if got := s.run(c, "SET", "a", "1"); got != "+OK\r\n" {
		t.Fatalf("SET: %q", got)
	}
	s.flushAOF()
	if !strings.Contains(s.run(c, "INFO", "persistence"), "aof_last_write_status:ok") {
		t.Fatal("status not ok")
	}

	good := s.aof.f
	ro, err := os.Open(good.Name()) // writes fail with EBADF
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	s.aof.f = ro
	if got := s.run(c, "SET", "b", "2"); got != "+OK\r\n" { // already executed when the write fails
		t.Fatalf("SET: %q", got)
	}
	s.flushAOF()
	const misconf = "-MISCONF Errors writing to the AOF file: Bad file descriptor\r\n"
	for _, cmd := range [][]string{{"SET", "c", "3"}, {"PING"}, {"DEL", "a"}} {
		if got := s.run(c, cmd...); got != misconf {
			t.Fatalf("%v: %q, want %q", cmd, got, misconf)
		}
	}
	if got := s.run(c, "GET", "a"); got != "$1\r\n1\r\n" {
		t.Fatalf("GET (reads still served): %q", got)
	}
	if !strings.Contains(s.run(c, "INFO", "persistence"), "aof_last_write_status:err") {
		t.Fatal("status not err")
	}

	s.aof.f = good // the disk is back: the kept buffer is written
	s.flushAOF()
	if got := s.run(c, "SET", "c", "3"); got != "+OK\r\n" {
		t.Fatalf("SET after recovery: %q", got)
	}
	s.flushAOF()
	b, err := os.ReadFile(filepath.Join(dir, "appendonlydir", "appendonly.aof.1.incr.aof"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"$1\r\na\r\n$1\r\n1", "$1\r\nb\r\n$1\r\n2", "$1\r\nc\r\n$1\r\n3"} {
		if !strings.Contains(string(b), want) {
			t.Fatalf("incr file lacks %q:\n%q", want, b)
		}
	}
}

// TestConfigSetAppendfsync: the syncer goroutine sees CONFIG SET appendfsync.
func TestConfigSetAppendfsync(t *testing.T) {
	s := newTestServer(t, "--appendfsync", "no")
	c := s.fakeClient()
	for _, tc := range []struct {
		mode     string
		everysec bool
	}{{"everysec", true}, {"always", false}, {"no", false}, {"everysec", true}} {
		if got := s.run(c, "CONFIG", "SET", "appendfsync", tc.mode); got != "+OK\r\n" {
			t.Fatalf("CONFIG SET: %q", got)
		}
		if s.aofEverysec() != tc.everysec {
			t.Fatalf("after CONFIG SET appendfsync %s: everysec = %v", tc.mode, !tc.everysec)
		}
	}
}
