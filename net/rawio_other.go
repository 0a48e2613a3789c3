//go:build !linux

package anet

import "golang.org/x/sys/unix"

// Read reads from a non-blocking fd; unix.EAGAIN when nothing is available.
func Read(fd int, p []byte) (int, error) { return unix.Read(fd, p) }

// Write writes to a non-blocking fd; unix.EAGAIN when the buffer is full.
func Write(fd int, p []byte) (int, error) { return unix.Write(fd, p) }
