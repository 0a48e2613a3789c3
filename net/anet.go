package anet

import (
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// ListenTCP creates a non-blocking listening socket bound to host:port.
// host may be an IPv4 or IPv6 literal, "*" (all IPv4) or "::*" (all IPv6),
// as in Redis's bind directive; a leading "-" (Redis's "ignore if
// unavailable") is stripped by the caller.
func ListenTCP(host string, port, backlog int) (int, error) {
	switch host {
	case "*":
		host = "0.0.0.0"
	case "::*":
		host = "::"
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		if host == "localhost" {
			ip = netip.MustParseAddr("127.0.0.1")
		} else {
			return -1, fmt.Errorf("invalid bind address '%s'", host)
		}
	}
	family := unix.AF_INET
	if ip.Is6() && !ip.Is4In6() {
		family = unix.AF_INET6
	}
	fd, err := socket(family)
	if err != nil {
		return -1, err
	}
	unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1)
	var sa unix.Sockaddr
	if family == unix.AF_INET6 {
		unix.SetsockoptInt(fd, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, 1)
		sa = &unix.SockaddrInet6{Port: port, Addr: ip.As16()}
	} else {
		sa = &unix.SockaddrInet4{Port: port, Addr: ip.Unmap().As4()}
	}
	if err := unix.Bind(fd, sa); err != nil {
		unix.Close(fd)
		return -1, err
	}
	if err := unix.Listen(fd, backlog); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

// ListenUnix creates a non-blocking Unix socket at path with permissions
// perm (0 keeps the umask's), removing a stale socket file first.
func ListenUnix(path string, perm os.FileMode, backlog int) (int, error) {
	os.Remove(path)
	fd, err := socket(unix.AF_UNIX)
	if err != nil {
		return -1, err
	}
	if err := unix.Bind(fd, &unix.SockaddrUnix{Name: path}); err != nil {
		unix.Close(fd)
		return -1, err
	}
	if perm != 0 {
		os.Chmod(path, perm)
	}
	if err := unix.Listen(fd, backlog); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

// Accept accepts one connection from the listening fd lfd and returns it as a
// non-blocking, close-on-exec fd with its peer address ("ip:port", or the
// socket path for Unix sockets). It returns unix.EAGAIN when none is pending.
func Accept(lfd int) (int, string, error) {
	for {
		fd, sa, err := accept(lfd)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return -1, "", err
		}
		return fd, FormatAddr(sa), nil
	}
}

// FormatAddr renders a socket address as Redis does: "ip:port" for IPv4 and
// IPv6 alike, the path (or "/unixsocket") for Unix sockets.
func FormatAddr(sa unix.Sockaddr) string {
	switch a := sa.(type) {
	case *unix.SockaddrInet4:
		return netip.AddrFrom4(a.Addr).String() + ":" + strconv.Itoa(a.Port)
	case *unix.SockaddrInet6:
		return netip.AddrFrom16(a.Addr).String() + ":" + strconv.Itoa(a.Port)
	case *unix.SockaddrUnix:
		if a.Name == "" || a.Name == "@" { // an unnamed peer
			return "/unixsocket"
		}
		return a.Name
	}
	return "?:0"
}

// LocalAddr returns the local address of a connected fd.
func LocalAddr(fd int) string {
	sa, err := unix.Getsockname(fd)
	if err != nil {
		return "?:0"
	}
	return FormatAddr(sa)
}

// IsLoopback reports whether an "ip:port" address (as from Accept) is a
// loopback or Unix-socket peer; protected mode lets only those in.
func IsLoopback(addr string) bool {
	if strings.HasPrefix(addr, "/") {
		return true
	}
	i := strings.LastIndexByte(addr, ':')
	if i < 0 {
		return false
	}
	ip, err := netip.ParseAddr(addr[:i])
	return err == nil && ip.Unmap().IsLoopback()
}

// SetNoDelay turns off Nagle's algorithm on a TCP fd.
func SetNoDelay(fd int) error {
	return unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
}

// SetKeepAlive enables TCP keepalive probes, idle after interval seconds.
func SetKeepAlive(fd int, interval int) error {
	if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_KEEPALIVE, 1); err != nil {
		return err
	}
	return setKeepAliveTimers(fd, interval)
}
