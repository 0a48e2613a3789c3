//go:build !linux

package ae

import "golang.org/x/sys/unix"

// wakeup is a non-blocking pipe: signal writes a byte, drain empties it.
type wakeup struct{ r, w int }

func newWakeup() (wakeup, error) {
	var p [2]int
	if err := unix.Pipe(p[:]); err != nil {
		return wakeup{}, err
	}
	for _, fd := range p {
		unix.SetNonblock(fd, true)
		unix.CloseOnExec(fd)
	}
	return wakeup{r: p[0], w: p[1]}, nil
}

func (w wakeup) readFd() int { return w.r }

func (w wakeup) signal() { unix.Write(w.w, []byte{1}) }

func (w wakeup) drain() {
	var buf [128]byte
	for {
		n, err := unix.Read(w.r, buf[:])
		if n <= 0 || err != nil {
			return
		}
	}
}

func (w wakeup) close() { unix.Close(w.r); unix.Close(w.w) }
