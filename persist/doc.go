// Package persist owns aeon's persistence formats: the RDB file format of
// Redis 7.0 (it writes RDB version 10, "REDIS0010", and reads versions 1 to
// 11), the DUMP/RESTORE payload framing and Redis 7's multi-part AOF files
// (manifest, command reader). It knows ds (listpack, intset, LZF) and resp
// (AOF commands are RESP arrays) and nothing of the server: no objects,
// databases, clients or configuration. The server turns its objects into
// Chunks and Values into its objects.
//
// Writing: the event loop appends records to a Chunk (raw bytes plus marked
// string payloads), and a Writer, possibly on another goroutine, encodes
// them: integer or LZF string encodings, the CRC-64, buffering and I/O. A
// Dumper (or DumpPayload) frames one value as a DUMP payload.
//
// Reading: a Reader decodes the primitives and whole values (ReadValue,
// converting the old encodings: zipmap, ziplists, quicklist v1, linked
// lists); Load reads a whole file and hands each key to a Handler.
// Malformed input of any kind is an error (*FormatError, with the byte
// offset), never a panic, and never makes the reader allocate much more
// than it has read (fuzzed).
//
// # File layout
//
//	+-----------+------------------------------------------------------+
//	| "REDIS"   | 4 ASCII digits: the version ("0010")                 |
//	+-----------+------------------------------------------------------+
//	| 0xFA AUX  | string key, string value       (redis-ver, ctime...) |
//	| ...       |                                                      |
//	| 0xFE      | length: SELECTDB, the db of the keys that follow     |
//	| 0xFB      | length, length: RESIZEDB, db size and expires size   |
//	| key       | [0xFC expire: 8-byte LE unix ms]                     |
//	| records   | [0xFD expire: 4-byte LE unix s (old files)]          |
//	|           | [0xF8 IDLE: length, LRU idle seconds]                |
//	|           | [0xF9 FREQ: 1 byte, LFU counter]                     |
//	|           | value type byte, string key, value                   |
//	| ...       | (more SELECTDB / RESIZEDB / records)                 |
//	+-----------+------------------------------------------------------+
//	| 0xFF EOF  | 8-byte LE CRC-64 of everything before it (RDB >= 5;  |
//	|           | 0 = not computed)                                    |
//	+-----------+------------------------------------------------------+
//
// Other opcodes are function libraries (0xF5, 0xF6) and module aux data
// (0xF7), which this package does not decode.
//
// # Length encoding
//
// Counts and string lengths are RDB lengths; the top two bits of the first
// byte select the form:
//
//	00pppppp                        6-bit length, 0..63
//	01pppppp qqqqqqqq               14-bit length, big endian
//	10000000 <4 bytes big endian>   32-bit length (0x80)
//	10000001 <8 bytes big endian>   64-bit length (0x81)
//	11eeeeee                        not a length: an encoded string, e below
//
// # String encoding
//
// A string is a length and that many bytes, or one of the encodings:
//
//	0xC0 <1 byte>                   INT8: the decimal text of a signed int8
//	0xC1 <2 bytes little endian>    INT16
//	0xC2 <4 bytes little endian>    INT32
//	0xC3 <len clen> <len n> <clen bytes of LZF>   n bytes once decompressed
//
// Writers use an integer encoding for a string of at most 11 bytes that is
// the canonical decimal form of a value fitting in 32 bits (no '+', no
// leading zeros, not "-0"); otherwise, with rdbcompression, LZF for strings
// longer than 20 bytes when the output fits in n-4 bytes; otherwise raw.
//
// # Values
//
// Values by type byte (see the Type constants): strings are one string;
// sets, lists and hashes in their big encodings are a count and strings
// (hashes: field, value pairs); sorted sets are a count and member, score
// pairs (TypeZSet2: an 8-byte little-endian double; TypeZSet: a length
// byte then decimal text, 253/254/255 = NaN/+inf/-inf); quicklists are a
// node count and nodes (TypeListQuicklist2: a container length, 1 plain or
// 2 packed, then a string); the compact encodings (listpacks, intsets,
// ziplists, zipmaps) are one string holding the blob, whose layouts are in
// ds (listpack, intset) and in ziplist.go (ziplist, zipmap).
//
// # DUMP payload
//
//	+-------------------------+------------------+-----------------------+
//	| type byte, value (as in | RDB version,     | CRC-64 of all before, |
//	| a record, without key)  | 2 B LE (10)      | 8 B little endian     |
//	+-------------------------+------------------+-----------------------+
package persist
