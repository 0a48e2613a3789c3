package server

import (
	"time"

	"golang.org/x/sys/unix"
)

func getrusage(r *rusage) {
	var ru unix.Rusage
	if unix.Getrusage(unix.RUSAGE_SELF, &ru) == nil {
		r.user = time.Duration(ru.Utime.Nano())
		r.sys = time.Duration(ru.Stime.Nano())
	}
}
