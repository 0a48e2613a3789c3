//go:build linux

package ae

import "golang.org/x/sys/unix"

// wakeup is an eventfd: signal adds 1, drain reads the counter back to 0.
type wakeup struct{ fd int }

func newWakeup() (wakeup, error) {
	fd, err := unix.Eventfd(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
	return wakeup{fd: fd}, err
}

func (w wakeup) readFd() int { return w.fd }

func (w wakeup) signal() {
	one := [8]byte{1}
	unix.Write(w.fd, one[:])
}

func (w wakeup) drain() {
	var buf [8]byte
	unix.Read(w.fd, buf[:])
}

func (w wakeup) close() { unix.Close(w.fd) }
