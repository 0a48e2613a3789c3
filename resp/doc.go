// Package resp owns the Redis serialization protocol (RESP2 and RESP3) as it
// appears on the wire: parsing client requests (multibulk and inline, with the
// exact Redis 7.0 protocol-error semantics), appending replies of every RESP2
// and RESP3 type to a caller-owned byte slice, and a small client-side reader
// that returns one complete raw or decoded reply (used by tests and by
// replication).
//
// The package must not know anything about the server, clients, commands,
// the keyspace or configuration: callers pass limits in (Parser fields) and
// decide what to do with errors (the server replies "-ERR <err>" and closes
// the connection on any protocol error returned by Parser.Parse).
//
// Ownership rules are stated on each API. In short: arguments returned by the
// Parser alias either the caller's buffer or the Parser's own scratch space
// and are only valid until the next Parse call or until the buffer is
// modified; the Append* writers only ever append to the slice they are given
// and never retain it; the reader functions return freshly allocated data.
//
// The package holds no package-level mutable state; the only package-level
// variables are immutable error values.
package resp
