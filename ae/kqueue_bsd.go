//go:build darwin || freebsd || netbsd || openbsd || dragonfly

package ae

import "golang.org/x/sys/unix"

// poller is the kqueue backend. kqueue reports read and write readiness as
// separate events; fired merges nothing and reports each on its own.
type poller struct {
	kq     int
	events []unix.Kevent_t
}

func newPoller(setsize int) (poller, error) {
	kq, err := unix.Kqueue()
	if err != nil {
		return poller{}, err
	}
	unix.CloseOnExec(kq)
	return poller{kq: kq, events: make([]unix.Kevent_t, 1024)}, nil
}

func (p *poller) resize(int) error { return nil }

func (p *poller) close() { unix.Close(p.kq) }

func (p *poller) change(fd int, filter int16, flags uint16) error {
	var ch [1]unix.Kevent_t
	unix.SetKevent(&ch[0], fd, int(filter), int(flags))
	_, err := unix.Kevent(p.kq, ch[:], nil, nil)
	return err
}

func (p *poller) add(fd, old, mask int) error {
	if mask&Readable != 0 && old&Readable == 0 {
		if err := p.change(fd, unix.EVFILT_READ, unix.EV_ADD); err != nil {
			return err
		}
	}
	if mask&Writable != 0 && old&Writable == 0 {
		if err := p.change(fd, unix.EVFILT_WRITE, unix.EV_ADD); err != nil {
			return err
		}
	}
	return nil
}

func (p *poller) del(fd, old, mask int) {
	if mask&Readable != 0 && old&Readable != 0 {
		p.change(fd, unix.EVFILT_READ, unix.EV_DELETE)
	}
	if mask&Writable != 0 && old&Writable != 0 {
		p.change(fd, unix.EVFILT_WRITE, unix.EV_DELETE)
	}
}

func (p *poller) wait(timeout int64) int {
	var ts *unix.Timespec
	if timeout >= 0 {
		t := unix.NsecToTimespec(timeout * 1e6)
		ts = &t
	}
	for {
		n, err := unix.Kevent(p.kq, nil, p.events, ts)
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
	switch e.Filter {
	case unix.EVFILT_READ:
		mask = Readable
	case unix.EVFILT_WRITE:
		mask = Writable
	}
	if e.Flags&(unix.EV_EOF|unix.EV_ERROR) != 0 {
		mask |= Readable
	}
	return int(e.Ident), mask
}
