package ae

import (
	"errors"
	"sync"
	"time"
)

// Event masks for file events.
const (
	None     = 0
	Readable = 1
	Writable = 2
)

// Flags for ProcessEvents.
const (
	FileEvents = 1 << iota
	TimeEvents
	DontWait
	AllEvents = FileEvents | TimeEvents
)

// NoMore is returned by a TimeProc to delete its timer.
const NoMore = -1

// FileProc handles readiness on fd; mask says which of Readable/Writable fired.
type FileProc func(fd int, mask int)

// TimeProc handles a timer. It returns the delay in ms until it should run
// again, or NoMore to be deleted.
type TimeProc func(id int64) int64

// ErrRange is returned when an fd does not fit the loop's set size.
var ErrRange = errors.New("ae: fd out of range")

type fileEvent struct {
	mask  int
	rproc FileProc
	wproc FileProc
}

type timeEvent struct {
	id      int64
	when    int64 // unix ms
	proc    TimeProc
	deleted bool
}

// EventLoop is a single-threaded reactor. Create it with New.
type EventLoop struct {
	events      []fileEvent // indexed by fd
	maxfd       int
	timers      []*timeEvent
	nextTimerID int64
	beforeSleep func()
	stop        bool
	poll        poller

	// Busy polling (SetSpin): spin is the longest poll before sleeping;
	// the rest measures how busy the loop is, in windows of spinWindow,
	// and whether spinning still pays.
	spin       time.Duration
	wokeAt     time.Time     // when the last wait returned
	winStart   time.Time     // start of the current measuring window
	winBusy    time.Duration // time spent handling events in the window
	busyWindow bool          // the last full window was busy enough to spin
	spinMissed bool          // the last spin ran out and no short sleep followed

	// Post queue: the only state touched by other goroutines.
	mu     sync.Mutex
	queue  []func()
	spare  []func()
	wakeFd wakeup
}

// New creates a loop able to watch fds below setsize.
func New(setsize int) (*EventLoop, error) {
	el := &EventLoop{events: make([]fileEvent, setsize), maxfd: -1}
	p, err := newPoller(setsize)
	if err != nil {
		return nil, err
	}
	el.poll = p
	w, err := newWakeup()
	if err != nil {
		p.close()
		return nil, err
	}
	el.wakeFd = w
	if err := el.CreateFileEvent(w.readFd(), Readable, el.drainPosted); err != nil {
		return nil, err
	}
	return el, nil
}

// SetSize returns the number of fds the loop can watch.
func (el *EventLoop) SetSize() int { return len(el.events) }

// Resize changes the loop's set size; it fails if an fd >= size is in use.
func (el *EventLoop) Resize(size int) error {
	if size == len(el.events) {
		return nil
	}
	if el.maxfd >= size {
		return ErrRange
	}
	ev := make([]fileEvent, size)
	copy(ev, el.events)
	el.events = ev
	return el.poll.resize(size)
}

// CreateFileEvent adds mask to the events watched on fd, with proc as the
// handler for the bits in mask.
func (el *EventLoop) CreateFileEvent(fd int, mask int, proc FileProc) error {
	if fd < 0 || fd >= len(el.events) {
		return ErrRange
	}
	fe := &el.events[fd]
	if err := el.poll.add(fd, fe.mask, mask); err != nil {
		return err
	}
	fe.mask |= mask
	if mask&Readable != 0 {
		fe.rproc = proc
	}
	if mask&Writable != 0 {
		fe.wproc = proc
	}
	if fd > el.maxfd {
		el.maxfd = fd
	}
	return nil
}

// DeleteFileEvent stops watching mask on fd.
func (el *EventLoop) DeleteFileEvent(fd int, mask int) {
	if fd < 0 || fd >= len(el.events) {
		return
	}
	fe := &el.events[fd]
	if fe.mask == None {
		return
	}
	el.poll.del(fd, fe.mask, mask)
	fe.mask &^= mask
	if mask&Readable != 0 {
		fe.rproc = nil
	}
	if mask&Writable != 0 {
		fe.wproc = nil
	}
	if fd == el.maxfd && fe.mask == None {
		for el.maxfd >= 0 && el.events[el.maxfd].mask == None {
			el.maxfd--
		}
	}
}

// FileEvents returns the mask watched on fd.
func (el *EventLoop) FileEvents(fd int) int {
	if fd < 0 || fd >= len(el.events) {
		return None
	}
	return el.events[fd].mask
}

// CreateTimeEvent schedules proc to run after ms milliseconds and returns the
// timer's id.
func (el *EventLoop) CreateTimeEvent(ms int64, proc TimeProc) int64 {
	el.nextTimerID++
	te := &timeEvent{id: el.nextTimerID, when: nowMs() + ms, proc: proc}
	el.timers = append(el.timers, te)
	return te.id
}

// DeleteTimeEvent cancels the timer id; it is a no-op for unknown ids.
func (el *EventLoop) DeleteTimeEvent(id int64) {
	for _, te := range el.timers {
		if te.id == id {
			te.deleted = true
			return
		}
	}
}

// SetSpin makes the loop poll for events for up to max before it sleeps,
// but only while it is busy and spinning pays:
//
//   - busy: handling events took at least a quarter of the last
//     millisecond (spinBusyShare), so spinning at most quadruples the
//     CPU the loop uses; a quiet loop sleeps at once;
//   - pays: after a spin that ran out, the loop sleeps without spinning
//     until one of its sleeps ends within max, so events that come
//     further apart than max cost one wasted spin, not one per wait.
//
// A client that sends its next request while the loop polls needs no
// wake-up of the loop's thread. The sender pays for waking a sleeping
// receiver, and on a VM the wake-up also delays the request by tens of
// microseconds. 0 (the default) turns spinning off.
func (el *EventLoop) SetSpin(max time.Duration) {
	el.spin = max
	el.wokeAt, el.winStart, el.winBusy = time.Now(), time.Now(), 0
}

// SetBeforeSleep sets the hook run before every wait for events.
func (el *EventLoop) SetBeforeSleep(fn func()) { el.beforeSleep = fn }

// Post queues fn to run on the loop's goroutine and wakes the loop. It is
// the only method safe to call from other goroutines.
func (el *EventLoop) Post(fn func()) {
	el.mu.Lock()
	wake := len(el.queue) == 0
	el.queue = append(el.queue, fn)
	el.mu.Unlock()
	if wake {
		el.wakeFd.signal()
	}
}

func (el *EventLoop) drainPosted(int, int) {
	el.wakeFd.drain()
	el.mu.Lock()
	q := el.queue
	el.queue = el.spare[:0]
	el.mu.Unlock()
	for i, fn := range q {
		q[i] = nil
		fn()
	}
	el.spare = q[:0]
}

// Stop makes Main return after the current iteration.
func (el *EventLoop) Stop() { el.stop = true }

// Main runs the loop until Stop is called.
func (el *EventLoop) Main() {
	el.stop = false
	for !el.stop {
		el.ProcessEvents(AllEvents)
	}
}

// Close releases the poller and wake-up fds.
func (el *EventLoop) Close() {
	el.poll.close()
	el.wakeFd.close()
}

func nowMs() int64 { return time.Now().UnixMilli() }

// nearestTimer returns the ms until the nearest timer, or -1 if none.
func (el *EventLoop) nearestTimer() int64 {
	var nearest int64 = -1
	for _, te := range el.timers {
		if te.deleted {
			continue
		}
		if nearest == -1 || te.when < nearest {
			nearest = te.when
		}
	}
	if nearest == -1 {
		return -1
	}
	d := nearest - nowMs()
	if d < 0 {
		d = 0
	}
	return d
}

// ProcessEvents waits for and dispatches file events and due timers, as
// selected by flags, and returns the number of events processed.
func (el *EventLoop) ProcessEvents(flags int) int {
	processed := 0
	if flags&(FileEvents|TimeEvents) == 0 {
		return 0
	}
	timeout := int64(-1)
	if flags&TimeEvents != 0 && flags&DontWait == 0 {
		timeout = el.nearestTimer()
	}
	if flags&DontWait != 0 {
		timeout = 0
	}
	if el.beforeSleep != nil {
		el.beforeSleep()
	}
	if flags&FileEvents != 0 {
		n := el.wait(timeout)
		for i := 0; i < n; i++ {
			fd, mask := el.poll.fired(i)
			fe := &el.events[fd]
			// Read first, then write, as Redis does by default; re-check the
			// mask since an earlier handler may have removed the event.
			var rproc FileProc
			if fe.mask&mask&Readable != 0 {
				rproc = fe.rproc
				rproc(fd, mask)
			}
			if fe.mask&mask&Writable != 0 && fe.wproc != nil {
				fe.wproc(fd, mask)
			}
			processed++
		}
	} else if timeout > 0 {
		time.Sleep(time.Duration(timeout) * time.Millisecond)
	}
	if flags&TimeEvents != 0 {
		processed += el.processTimers()
	}
	return processed
}

// spinWindow is the span over which the loop's busyness is measured, and
// spinBusyShare the share of it that handling events must take for the
// loop to spin.
const (
	spinWindow    = time.Millisecond
	spinBusyShare = 4 // a quarter
)

// wait returns the number of fired events, waiting up to timeout ms (-1:
// no limit); while the loop is busy it polls for up to el.spin first.
func (el *EventLoop) wait(timeout int64) int {
	if el.spin == 0 {
		return el.poll.wait(timeout)
	}
	now := time.Now()
	el.winBusy += now.Sub(el.wokeAt)
	if span := now.Sub(el.winStart); span >= spinWindow {
		el.busyWindow = spinBusyShare*el.winBusy >= span
		el.winStart, el.winBusy = now, 0
	}
	if timeout != 0 && el.busyWindow && !el.spinMissed {
		limit := el.spin
		if timeout > 0 {
			limit = min(limit, time.Duration(timeout)*time.Millisecond) // a timer is due
		}
		for time.Since(now) < limit {
			if n := el.poll.wait(0); n > 0 {
				el.wokeAt = time.Now()
				return n
			}
		}
		el.spinMissed = true
		if timeout > 0 {
			timeout = max(0, timeout-int64(limit/time.Millisecond))
		}
	}
	slept := time.Now()
	n := el.poll.wait(timeout)
	el.wokeAt = time.Now()
	if n > 0 && el.wokeAt.Sub(slept) < el.spin {
		el.spinMissed = false // a spin would have caught these events
	}
	return n
}

func (el *EventLoop) processTimers() int {
	processed := 0
	now := nowMs()
	// Only timers existing at the start run in this pass.
	n := len(el.timers)
	for i := 0; i < n; i++ {
		te := el.timers[i]
		if te.deleted || te.when > now {
			continue
		}
		next := te.proc(te.id)
		processed++
		if next == NoMore {
			te.deleted = true
		} else {
			te.when = nowMs() + next
		}
	}
	// Compact deleted timers.
	j := 0
	for _, te := range el.timers {
		if !te.deleted {
			el.timers[j] = te
			j++
		}
	}
	for k := j; k < len(el.timers); k++ {
		el.timers[k] = nil
	}
	el.timers = el.timers[:j]
	return processed
}
