package server

import (
	"unsafe"

	"aeon/ds"
)

type dsEntryInt64 = ds.Entry[int64]

// unsafeBytes views s as bytes without copying; the result must not be
// modified.
func unsafeBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// rankRange normalises a start..end index range over n elements as Redis's
// list and sorted-set commands do: negative indexes count from the end,
// start is clamped to 0 and end to n-1; empty reports a range that selects
// nothing.
func rankRange(start, end, n int64) (int64, int64, bool) {
	if start < 0 {
		start += n
	}
	if end < 0 {
		end += n
	}
	if start < 0 {
		start = 0
	}
	if start > end || start >= n {
		return 0, 0, true
	}
	if end >= n {
		end = n - 1
	}
	return start, end, false
}

// copyArgv returns a copy of argv that owns its bytes (one allocation for
// all of them), for commands kept beyond the query buffer they alias:
// queued by MULTI, or waiting in a blocking command.
func copyArgv(argv [][]byte) [][]byte {
	n := 0
	for _, a := range argv {
		n += len(a)
	}
	buf := make([]byte, 0, n)
	out := make([][]byte, len(argv))
	for i, a := range argv {
		buf = append(buf, a...)
		out[i] = buf[len(buf)-len(a) : len(buf) : len(buf)]
	}
	return out
}
