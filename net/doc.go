// Package anet (directory net/) is aeon's socket layer, after Redis's anet.c.
//
// It owns creating listening sockets (TCP over IPv4 and IPv6, Unix domain),
// accepting connections as non-blocking fds, socket options (TCP_NODELAY,
// keepalive) and formatting peer and local addresses. It works on raw fds so
// that the reactor in ae/ can watch them; it deliberately avoids the standard
// library's net.Conn, whose runtime poller would move I/O off the event loop.
//
// anet knows nothing of clients, the protocol or commands.
package anet
