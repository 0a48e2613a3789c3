package anet

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestIsLoopback(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"127.0.0.1:6379", true},
		{"127.5.6.7:1", true},
		{"[::1]:5", false}, // Accept formats IPv6 without brackets
		{"::1:5", true},
		{"::ffff:127.0.0.1:80", true},
		{"10.0.0.1:5", false},
		{"192.168.1.2:6379", false},
		{"2001:db8::1:6379", false},
		{"/tmp/aeon.sock", true},
		{"garbage", false},
	}
	for _, tt := range tests {
		if got := IsLoopback(tt.addr); got != tt.want {
			t.Errorf("IsLoopback(%q) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}

func TestFormatAddr(t *testing.T) {
	tests := []struct {
		sa   unix.Sockaddr
		want string
	}{
		{&unix.SockaddrInet4{Port: 6379, Addr: [4]byte{127, 0, 0, 1}}, "127.0.0.1:6379"},
		{&unix.SockaddrInet6{Port: 1, Addr: [16]byte{15: 1}}, "::1:1"},
		{&unix.SockaddrUnix{Name: "/tmp/s"}, "/tmp/s"},
		{&unix.SockaddrUnix{}, "/unixsocket"},
	}
	for _, tt := range tests {
		if got := FormatAddr(tt.sa); got != tt.want {
			t.Errorf("FormatAddr(%#v) = %q, want %q", tt.sa, got, tt.want)
		}
	}
}

// acceptOne waits (bounded) for one connection on the non-blocking lfd.
func acceptOne(t *testing.T, lfd int) (int, string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		fd, addr, err := Accept(lfd)
		if err == nil {
			return fd, addr
		}
		if err != unix.EAGAIN {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("no connection accepted")
	return -1, ""
}

func TestListenAcceptTCP(t *testing.T) {
	for _, host := range []string{"127.0.0.1", "::1", "localhost"} {
		t.Run(host, func(t *testing.T) {
			lfd, err := ListenTCP(host, 0, 16)
			if err != nil {
				if host == "::1" {
					t.Skip("no IPv6 loopback here:", err)
				}
				t.Fatal(err)
			}
			defer unix.Close(lfd)
			sa, _ := unix.Getsockname(lfd)
			port := 0
			switch a := sa.(type) {
			case *unix.SockaddrInet4:
				port = a.Port
			case *unix.SockaddrInet6:
				port = a.Port
			}
			dialHost := host
			if host == "localhost" {
				dialHost = "127.0.0.1"
			}
			conn, err := net.Dial("tcp", net.JoinHostPort(dialHost, strconv.Itoa(port)))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fd, addr := acceptOne(t, lfd)
			defer unix.Close(fd)
			if !IsLoopback(addr) {
				t.Fatalf("peer %q not seen as loopback", addr)
			}
			if err := SetNoDelay(fd); err != nil {
				t.Fatal(err)
			}
			if err := SetKeepAlive(fd, 60); err != nil {
				t.Fatal(err)
			}
			if v, _ := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_KEEPALIVE); v != 1 {
				t.Fatal("keepalive not set")
			}
			// Raw non-blocking I/O both ways.
			if _, err := Read(fd, make([]byte, 8)); err != unix.EAGAIN {
				t.Fatalf("read on an idle socket: %v, want EAGAIN", err)
			}
			if n, err := Write(fd, []byte("+PONG\r\n")); n != 7 || err != nil {
				t.Fatalf("write: %d %v", n, err)
			}
			buf := make([]byte, 7)
			conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			if _, err := conn.Read(buf); err != nil || string(buf) != "+PONG\r\n" {
				t.Fatalf("peer read %q %v", buf, err)
			}
			if LocalAddr(fd) == "?:0" {
				t.Fatal("no local address")
			}
		})
	}
}

func TestListenErrors(t *testing.T) {
	if _, err := ListenTCP("not-an-ip", 0, 16); err == nil {
		t.Fatal("bad address accepted")
	}
	lfd, err := ListenTCP("127.0.0.1", 0, 16)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(lfd)
	sa, _ := unix.Getsockname(lfd)
	if _, err := ListenTCP("127.0.0.1", sa.(*unix.SockaddrInet4).Port, 16); err == nil {
		t.Fatal("second listener on a busy port")
	}
}

func TestListenUnix(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.sock")
	os.WriteFile(path, nil, 0644) // a stale file is replaced
	lfd, err := ListenUnix(path, 0700, 16)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(lfd)
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0700 || st.Mode()&os.ModeSocket == 0 {
		t.Fatalf("socket file: %v %v", st.Mode(), err)
	}
	conn, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fd, addr := acceptOne(t, lfd)
	defer unix.Close(fd)
	if !IsLoopback(addr) {
		t.Fatalf("unix peer %q not local", addr)
	}
}
