//go:build linux

package anet

import "golang.org/x/sys/unix"

// setKeepAliveTimers sets the probe timings as Redis's anetKeepAlive does:
// first probe after interval s, then every interval/3 s, 3 probes.
func setKeepAliveTimers(fd, interval int) error {
	intvl := interval / 3
	if intvl == 0 {
		intvl = 1
	}
	if err := unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_KEEPIDLE, interval); err != nil {
		return err
	}
	if err := unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_KEEPINTVL, intvl); err != nil {
		return err
	}
	return unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_KEEPCNT, 3)
}
