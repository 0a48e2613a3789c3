//go:build !linux

package anet

import "golang.org/x/sys/unix"

// socket and accept set non-blocking and close-on-exec in separate calls
// where the system has no flags for it.
func socket(family int) (int, error) {
	fd, err := unix.Socket(family, unix.SOCK_STREAM, 0)
	if err != nil {
		return -1, err
	}
	unix.SetNonblock(fd, true)
	unix.CloseOnExec(fd)
	return fd, nil
}

func accept(lfd int) (int, unix.Sockaddr, error) {
	fd, sa, err := unix.Accept(lfd)
	if err != nil {
		return -1, nil, err
	}
	unix.SetNonblock(fd, true)
	unix.CloseOnExec(fd)
	return fd, sa, nil
}
