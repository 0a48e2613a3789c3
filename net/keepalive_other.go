//go:build !linux

package anet

// setKeepAliveTimers keeps the system's probe timings where they cannot be
// set portably.
func setKeepAliveTimers(fd, interval int) error { return nil }
