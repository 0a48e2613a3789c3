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
