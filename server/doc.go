// Package server is aeon's server: clients, the command table, the keyspace
// and the commands, driven by the reactor in ae/.
//
// # What it owns
//
//   - Server: the one struct holding all state (no package-level mutable
//     state). It is created by New and owned by the event loop's goroutine:
//     parsing, execution and reply writing all happen there, one client at a
//     time, so nothing in the keyspace needs a lock.
//   - Client: a connection's buffers and settings. Requests are read in
//     16 KB batches into a query buffer, every complete pipelined command is
//     parsed (argv slices alias the buffer: commands copy what they keep) and
//     executed, and replies are appended to a reused byte buffer
//     (redcon-style appends from resp/). Before the loop sleeps every client
//     with output is written to directly; only a short write arms a Writable
//     event. A client with more than 64 MB of unsent output stops being read
//     until it drains, so a client that never reads its replies cannot grow
//     the server without bound.
//   - The command table (command.go): one declarative Command per command
//     and subcommand with its handler, arity, flags, key positions, ACL
//     categories and docs. Dispatch is one map lookup on the lowercased name
//     (no allocation) and one arity check; COMMAND, INFO commandstats and
//     the dispatcher's checks all read the same entries.
//   - The keyspace (db.go, object.go): databases, each a ds.Dict of keys and
//     a ds.Dict of expiry times sharing the key strings. A value is a 24-byte
//     Object stored inside the dict entry; an embstr string shares one
//     allocation with its key, so a small string key costs one 48-byte entry
//     plus one key+value allocation. Expiry is lazy on access and active in
//     the cron (Redis's activeExpireCycle: sample keys with a TTL, repeat
//     while more than 25% of a sample had expired, within 25% of a cron
//     tick's time; a 1 ms fast cycle before sleeping).
//   - Configuration (config.go): one option table gives every option's
//     Redis name, default, description, parser and live-apply hook; it
//     drives config.json, the command line, CONFIG GET/SET/REWRITE and the
//     README's table.
//
// # What it must not know
//
// The wire format (resp/), socket calls (net/), event multiplexing (ae/) and
// the dict's internals (ds/) stay in their packages; server uses their APIs.
package server
