//go:build linux

package ae

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// poller is the epoll backend: one epoll fd and a reusable event array.
type poller struct {
	epfd   int
	events []unix.EpollEvent
}

func newPoller(setsize int) (poller, error) {
	fd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return poller{}, err
	}
	return poller{epfd: fd, events: make([]unix.EpollEvent, 1024)}, nil
}

func (p *poller) resize(int) error { return nil }

func (p *poller) close() { unix.Close(p.epfd) }

func toEpoll(mask int) uint32 {
	var ev uint32
	if mask&Readable != 0 {
		ev |= unix.EPOLLIN
	}
	if mask&Writable != 0 {
		ev |= unix.EPOLLOUT
	}
	return ev
}

// add watches mask on fd, which already had old watched.
func (p *poller) add(fd, old, mask int) error {
	op := unix.EPOLL_CTL_ADD
	if old != None {
		op = unix.EPOLL_CTL_MOD
	}
	ev := unix.EpollEvent{Events: toEpoll(old | mask), Fd: int32(fd)}
	return unix.EpollCtl(p.epfd, op, fd, &ev)
}

// del stops watching mask on fd, which had old watched.
func (p *poller) del(fd, old, mask int) {
	rest := old &^ mask
	ev := unix.EpollEvent{Events: toEpoll(rest), Fd: int32(fd)}
	if rest == None {
		unix.EpollCtl(p.epfd, unix.EPOLL_CTL_DEL, fd, &ev)
	} else {
		unix.EpollCtl(p.epfd, unix.EPOLL_CTL_MOD, fd, &ev)
	}
}

// wait blocks up to timeout ms (-1: forever) and returns the number of
// fired events, readable through fired.
//
// Under load events are usually already pending, so it first polls with a
// zero timeout as a raw syscall, which cannot block and so skips the Go
// scheduler's syscall bookkeeping; only when nothing is ready does it make
// the blocking call.
func (p *poller) wait(timeout int64) int {
	if timeout != 0 {
		n, _, errno := unix.RawSyscall6(unix.SYS_EPOLL_PWAIT, uintptr(p.epfd),
			uintptr(unsafe.Pointer(&p.events[0])), uintptr(len(p.events)), 0, 0, 0)
		if errno == 0 && n > 0 {
			return int(n)
		}
	}
	for {
		n, err := unix.EpollWait(p.epfd, p.events, int(timeout))
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return 0
		}
		return n
	}
}

func (p *poller) fired(i int) (fd int, mask int) {
	e := &p.events[i]
	if e.Events&(unix.EPOLLIN|unix.EPOLLERR|unix.EPOLLHUP) != 0 {
		mask |= Readable
	}
	if e.Events&(unix.EPOLLOUT|unix.EPOLLERR|unix.EPOLLHUP) != 0 {
		mask |= Writable
	}
	return int(e.Fd), mask
}
