// Package ae is aeon's event loop: a small reactor modelled on Redis's ae.c.
//
// It owns file events (an fd-indexed table of readable/writable handlers
// multiplexed with epoll on Linux and kqueue on macOS/BSD), time events
// (millisecond timers such as the server cron), a before-sleep hook, and a
// wake-up fd through which other goroutines hand work back to the loop.
//
// The API mirrors Redis's:
//
//	CreateFileEvent / DeleteFileEvent   register or remove fd handlers
//	CreateTimeEvent / DeleteTimeEvent   register or remove timers
//	SetBeforeSleep                      hook run before each wait
//	SetSpin                             busy-poll before sleeping while busy
//	Post                                queue a func to run on the loop (any goroutine)
//	ProcessEvents / Main / Stop         drive the loop
//
// Everything except Post must be called from the loop's own goroutine; all
// handlers run there, one at a time, so they need no locks.
//
// ae knows nothing of clients, commands or the protocol: it moves events,
// nothing more.
package ae
