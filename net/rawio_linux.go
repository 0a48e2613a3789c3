//go:build linux

package anet

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Read reads from a non-blocking fd. The call cannot block, so it is made
// as a raw syscall, without the Go scheduler's bookkeeping for blocking
// calls (entersyscall/exitsyscall, and the sysmon thread's wake-ups to watch
// a P in a syscall). It returns unix.EAGAIN when nothing is available.
func Read(fd int, p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n, _, errno := unix.RawSyscall(unix.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}

// Write writes to a non-blocking fd as a raw syscall (see Read). It returns
// unix.EAGAIN when the socket buffer is full.
func Write(fd int, p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n, _, errno := unix.RawSyscall(unix.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}
