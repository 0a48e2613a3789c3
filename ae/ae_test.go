package ae

import (
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestTimersRunAndRepeat(t *testing.T) {
	el, err := New(64)
	if err != nil {
		t.Fatal(err)
	}
	defer el.Close()
	var fired []int64
	el.CreateTimeEvent(1, func(id int64) int64 {
		fired = append(fired, id)
		if len(fired) == 3 {
			el.Stop()
			return NoMore
		}
		return 1
	})
	done := make(chan struct{})
	go func() { time.Sleep(2 * time.Second); el.Post(el.Stop); close(done) }()
	el.Main()
	if len(fired) != 3 {
		t.Fatalf("timer fired %d times, want 3", len(fired))
	}
}

func TestDeleteTimeEvent(t *testing.T) {
	el, _ := New(64)
	defer el.Close()
	ran := false
	id := el.CreateTimeEvent(0, func(int64) int64 { ran = true; return NoMore })
	el.DeleteTimeEvent(id)
	el.CreateTimeEvent(5, func(int64) int64 { el.Stop(); return NoMore })
	el.Main()
	if ran {
		t.Fatal("deleted timer ran")
	}
}

func TestPostFromGoroutines(t *testing.T) {
	el, _ := New(64)
	defer el.Close()
	const n = 1000
	got := 0
	for i := 0; i < n; i++ {
		go el.Post(func() {
			got++
			if got == n {
				el.Stop()
			}
		})
	}
	el.Main()
	if got != n {
		t.Fatalf("got %d posted funcs, want %d", got, n)
	}
}

func TestFileEvents(t *testing.T) {
	el, _ := New(1024)
	defer el.Close()
	var p [2]int
	if err := unix.Pipe(p[:]); err != nil {
		t.Fatal(err)
	}
	defer unix.Close(p[0])
	defer unix.Close(p[1])
	var read []byte
	wrote := false
	if err := el.CreateFileEvent(p[0], Readable, func(fd, mask int) {
		buf := make([]byte, 16)
		n, _ := unix.Read(fd, buf)
		read = append(read, buf[:n]...)
		el.DeleteFileEvent(fd, Readable)
		el.Stop()
	}); err != nil {
		t.Fatal(err)
	}
	if err := el.CreateFileEvent(p[1], Writable, func(fd, mask int) {
		unix.Write(fd, []byte("hi"))
		wrote = true
		el.DeleteFileEvent(fd, Writable)
	}); err != nil {
		t.Fatal(err)
	}
	beforeSleeps := 0
	el.SetBeforeSleep(func() { beforeSleeps++ })
	el.Main()
	if !wrote || string(read) != "hi" {
		t.Fatalf("wrote=%v read=%q", wrote, read)
	}
	if beforeSleeps == 0 {
		t.Fatal("before-sleep hook never ran")
	}
	if el.FileEvents(p[0]) != None || el.FileEvents(p[1]) != None {
		t.Fatal("events not deleted")
	}
	if err := el.CreateFileEvent(5000, Readable, nil); err != ErrRange {
		t.Fatalf("out of range fd: %v", err)
	}
}

// threadCPU returns the CPU time the calling OS thread has used.
func threadCPU(t *testing.T) time.Duration {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_THREAD, &ru); err != nil {
		t.Skip("no RUSAGE_THREAD:", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestSpinOnlyWhileBusy(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	el, _ := New(64)
	defer el.Close()
	el.SetSpin(time.Hour) // once busy, only an event ends a wait
	work := func() {
		for start := time.Now(); time.Since(start) < 2*time.Millisecond; {
		}
	}
	for i := 0; i < 10 && !el.busyWindow; i++ {
		el.Post(work)
		el.ProcessEvents(FileEvents)
	}
	if !el.busyWindow {
		t.Fatal("a loop doing nothing but work is not busy")
	}
	// A busy loop spins, and an event that comes meanwhile is handled.
	got := false
	go func() { time.Sleep(5 * time.Millisecond); el.Post(func() { got = true }) }()
	for !got {
		el.ProcessEvents(FileEvents)
	}
	// A quiet loop sleeps in the kernel: waiting for timers costs no CPU.
	el.CreateTimeEvent(20, func(int64) int64 { el.Stop(); return NoMore })
	el.Main()
	if el.busyWindow {
		t.Fatal("a loop waiting for a timer is busy")
	}
	cpu := threadCPU(t)
	el.CreateTimeEvent(50, func(int64) int64 { el.Stop(); return NoMore })
	el.Main()
	if used := threadCPU(t) - cpu; used > 25*time.Millisecond {
		t.Fatalf("a quiet loop used %v of CPU in a 50 ms wait", used)
	}
}

func TestSpinStopsWhenItMisses(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	el, _ := New(64)
	defer el.Close()
	el.SetSpin(50 * time.Millisecond)
	// Pin the busy verdict: no measuring window ends during the test.
	el.busyWindow, el.winStart = true, time.Now().Add(time.Hour)
	waitTimer := func() time.Duration {
		cpu := threadCPU(t)
		el.CreateTimeEvent(150, func(int64) int64 { el.Stop(); return NoMore })
		el.Main()
		return threadCPU(t) - cpu
	}
	// Nothing comes within the spin: it runs out, and the sleep after it
	// is long, so spinning no longer pays.
	waitTimer()
	if !el.spinMissed {
		t.Fatal("a spin that ran out before a long sleep is not recorded")
	}
	// The next wait sleeps at once, busy as the loop is.
	if used := waitTimer(); used > 25*time.Millisecond {
		t.Fatalf("a loop whose last spin missed used %v of CPU in a 150 ms wait", used)
	}
	// An event that comes soon after the loop fell asleep shows that a
	// spin would have caught it: the next wait spins again.
	got := false
	go func() { time.Sleep(time.Millisecond); el.Post(func() { got = true }) }()
	for !got {
		el.ProcessEvents(FileEvents)
	}
	if el.spinMissed {
		t.Fatal("a short sleep did not turn spinning back on")
	}
}
