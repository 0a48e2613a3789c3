package persist

import (
	"errors"
	"fmt"
	"io"
)

// Version is the RDB version this package writes (Redis 7.0's RDB_VERSION):
// the header is "REDIS0010" and DUMP payloads carry 10. MaxReadVersion is
// the newest version it reads (Redis 7.2's 11, which adds TypeSetListpack
// and TypeStreamListpacks3).
const (
	Version        = 10
	MaxReadVersion = 11
)

// RDB value types: the byte before a key (rdbSaveObjectType). Types 9..14
// and 1 are older encodings that Redis 7.0 still loads and converts; the
// reader converts them too (see Value).
const (
	TypeString           = 0
	TypeList             = 1 // linked list of strings (RDB <= 6)
	TypeSet              = 2
	TypeZSet             = 3 // scores as strings
	TypeHash             = 4
	TypeZSet2            = 5 // scores as binary doubles
	TypeModule           = 6 // pre-GA module value
	TypeModule2          = 7
	TypeHashZipmap       = 9
	TypeListZiplist      = 10
	TypeSetIntset        = 11
	TypeZSetZiplist      = 12
	TypeHashZiplist      = 13
	TypeListQuicklist    = 14 // quicklist of ziplists
	TypeStreamListpacks  = 15
	TypeHashListpack     = 16
	TypeZSetListpack     = 17
	TypeListQuicklist2   = 18 // quicklist of listpacks / plain nodes
	TypeStreamListpacks2 = 19
	TypeSetListpack      = 20 // Redis 7.2 (RDB 11)
	TypeStreamListpacks3 = 21 // Redis 7.2 (RDB 11)
)

// Opcodes: special bytes in the place of a value type.
const (
	OpFunction2     = 245 // a function library (Redis 7.0 GA)
	OpFunctionPreGA = 246 // a function library (7.0 release candidates)
	OpModuleAux     = 247
	OpIdle          = 248 // LRU idle seconds of the next key, RDB length
	OpFreq          = 249 // LFU counter of the next key, 1 byte
	OpAux           = 250 // two strings: field, value
	OpResizeDB      = 251 // two lengths: db size, expires size
	OpExpireTimeMs  = 252 // 8 bytes LE, unix ms, for the next key
	OpExpireTime    = 253 // 4 bytes LE, unix seconds, for the next key
	OpSelectDB      = 254 // RDB length: the db of the keys that follow
	OpEOF           = 255 // then the 8-byte checksum (RDB >= 5)
)

// Quicklist (TypeListQuicklist2) node containers.
const (
	containerPlain  = 1
	containerPacked = 2
)

// Length and string encodings (see doc.go).
const (
	len6Bit  = 0
	len14Bit = 1
	len32Bit = 0x80
	len64Bit = 0x81
	encVal   = 3 // 11xxxxxx: an encoded string follows
	encInt8  = 0
	encInt16 = 1
	encInt32 = 2
	encLZF   = 3
)

// Limits on what a file can make the reader allocate.
const (
	maxLZFLen    = 512 << 20 // declared uncompressed LZF length
	lzfMaxRatio  = 88        // 3 bytes of LZF expand to at most 264
	readPiece    = 1 << 20   // big strings are read in pieces this big
	maxPrealloc  = 4096      // elements preallocated for a declared count
	listNodeSize = 8 << 10   // listpack node limit for converted lists
)

// ErrEmptyKey is wrapped by ReadValue's error for a value with no elements
// (an empty list, set, hash or sorted set, or a quicklist whose nodes are
// all empty). Redis skips such keys when loading a file (Load does too) and
// rejects them in RESTORE.
var ErrEmptyKey = errors.New("empty key")

// ErrUnsupported is wrapped by the errors for content this package does not
// decode: module values and module aux data, streams, functions.
var ErrUnsupported = errors.New("not supported")

// FormatError is a malformed or truncated input: What went wrong at byte
// Offset of the input (counted from the start of the file or payload).
type FormatError struct {
	Offset int64
	What   string
	Err    error // ErrEmptyKey, ErrUnsupported, an I/O error, or nil
}

func (e *FormatError) Error() string {
	s := fmt.Sprintf("rdb: %s at offset %d", e.What, e.Offset)
	if e.Err != nil && e.Err != ErrEmptyKey && e.Err != ErrUnsupported && e.Err != io.ErrUnexpectedEOF {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *FormatError) Unwrap() error { return e.Err }
