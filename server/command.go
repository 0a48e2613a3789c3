package server

import (
	"bytes"

	anet "aeon/net"
	"sort"
	"strings"
	"time"
)

// CmdFlag is a command's flags, as COMMAND INFO reports them.
type CmdFlag uint32

// Command flags (Redis's CMD_*).
const (
	FlagWrite CmdFlag = 1 << iota
	FlagReadonly
	FlagDenyOOM
	FlagAdmin
	FlagPubsub
	FlagNoscript
	FlagBlocking
	FlagLoading
	FlagStale
	FlagSkipMonitor
	FlagSkipSlowlog
	FlagFast
	FlagNoAuth
	FlagMayReplicate
	FlagNoMandatoryKeys
	FlagNoMulti
	FlagAllowBusy
	FlagSentinel
)

var flagNames = []struct {
	f    CmdFlag
	name string
}{
	{FlagWrite, "write"}, {FlagReadonly, "readonly"}, {FlagDenyOOM, "denyoom"},
	{FlagAdmin, "admin"}, {FlagPubsub, "pubsub"}, {FlagNoscript, "noscript"},
	{FlagBlocking, "blocking"}, {FlagLoading, "loading"}, {FlagStale, "stale"},
	{FlagSkipMonitor, "skip_monitor"}, {FlagSkipSlowlog, "skip_slowlog"},
	{FlagFast, "fast"}, {FlagNoAuth, "no_auth"}, {FlagMayReplicate, "may_replicate"},
	{FlagNoMandatoryKeys, "no_mandatory_keys"}, {FlagNoMulti, "no_multi"},
	{FlagAllowBusy, "allow_busy"},
}

// ACL categories (Redis's ACL_CATEGORY_*).
type ACLCat uint32

const (
	CatKeyspace ACLCat = 1 << iota
	CatRead
	CatWrite
	CatSet
	CatSortedSet
	CatList
	CatHash
	CatString
	CatBitmap
	CatHyperLogLog
	CatGeo
	CatStream
	CatPubsub
	CatAdmin
	CatFast
	CatSlow
	CatBlocking
	CatDangerous
	CatConnection
	CatTransaction
	CatScripting
)

var catNames = []string{"keyspace", "read", "write", "set", "sortedset", "list", "hash",
	"string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast",
	"slow", "blocking", "dangerous", "connection", "transaction", "scripting"}

// Command is one entry of the command table: everything the dispatcher,
// COMMAND, ACL, scripting and replication need to know about a command.
// Subcommands (CONFIG GET, CLIENT LIST, ...) are Commands of their own,
// listed in Subs and named "parent|sub".
type Command struct {
	Name     string // lowercase; "parent|sub" for subcommands
	Proc     func(s *Server, c *Client)
	Arity    int // exact argc, or -N for at least N
	Flags    CmdFlag
	FirstKey int // position of the first key, 0 for none
	LastKey  int // position of the last key, negative counts from the end
	Step     int
	Cats     ACLCat
	Group    string // docs: "string", "generic", "server", ...
	Since    string
	Summary  string
	Complex  string // docs: complexity
	Subs     []*Command

	parent *Command
	subs   map[string]*Command

	// statistics (INFO commandstats)
	calls, nsec, rejected, failed int64 // nsec: summed exactly, reported in µs
}

// fullName returns the name with "|" as Redis's error messages spell it.
func (cmd *Command) fullName() string { return cmd.Name }

// implicitCats adds the categories Redis derives from flags
// (setImplicitACLCategories).
func (cmd *Command) implicitCats() {
	if cmd.Flags&FlagWrite != 0 {
		cmd.Cats |= CatWrite
	}
	if cmd.Flags&FlagReadonly != 0 && cmd.Cats&CatScripting == 0 {
		cmd.Cats |= CatRead
	}
	if cmd.Flags&FlagAdmin != 0 {
		cmd.Cats |= CatAdmin | CatDangerous
	}
	if cmd.Flags&FlagPubsub != 0 {
		cmd.Cats |= CatPubsub
	}
	if cmd.Flags&FlagFast != 0 {
		cmd.Cats |= CatFast
	}
	if cmd.Flags&FlagBlocking != 0 {
		cmd.Cats |= CatBlocking
	}
	if cmd.Cats&CatFast == 0 {
		cmd.Cats |= CatSlow
	}
}

// commandTable builds the server's command table from the declarative
// lists in the cmd_*.go files. Each Server builds its own, since entries
// carry statistics.
func commandTable() map[string]*Command {
	var all []*Command
	for _, group := range [][]*Command{
		connectionCommands(), connectionCommands2(), multiCommands(), keyCommands(), stringCommands(), bitmapCommands(),
		serverCommands(), introspectionCommands(), persistCommands(),
		listCommands(), hashCommands(), setCommands(), zsetCommands(), hllCommands(), sortCommands(), geoCommands(),
	} {
		all = append(all, group...)
	}
	table := make(map[string]*Command, len(all))
	for _, cmd := range all {
		cmd.implicitCats()
		if len(cmd.Subs) > 0 {
			cmd.subs = make(map[string]*Command, len(cmd.Subs))
			for _, sub := range cmd.Subs {
				sub.parent = cmd
				sub.Group = cmd.Group
				if !strings.Contains(sub.Name, "|") {
					sub.Name = cmd.Name + "|" + sub.Name
				}
				sub.implicitCats()
				cmd.subs[sub.Name[len(cmd.Name)+1:]] = sub
			}
		}
		if _, dup := table[cmd.Name]; dup {
			panic("duplicate command " + cmd.Name)
		}
		table[cmd.Name] = cmd
	}
	return table
}

// sortedCommands returns the table's commands sorted by name.
func (s *Server) sortedCommands() []*Command {
	out := make([]*Command, 0, len(s.commands))
	for _, cmd := range s.commands {
		out = append(out, cmd)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// lookupCommand finds the command for argv (subcommand included), without
// allocating. It lowercases into the server's scratch buffer.
func (s *Server) lookupCommand(argv [][]byte) *Command {
	cmd := s.commands[string(lower(s.lowerBuf[:0], argv[0]))]
	if cmd == nil || cmd.subs == nil || len(argv) < 2 {
		return cmd
	}
	return cmd.subs[string(lower(s.lowerBuf[:0], argv[1]))]
}

// lower appends the ASCII-lowercased b to dst.
func lower(dst, b []byte) []byte {
	for _, ch := range b {
		if ch >= 'A' && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		dst = append(dst, ch)
	}
	return dst
}

// cString cuts b at its first NUL byte, as C's "%s" reads it.
func cString(b []byte) []byte {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i]
	}
	return b
}

// argsPreview formats the arguments of an unknown command as Redis does:
// "'a' 'b' ", at most about 128 bytes, each argument read as a C string.
func argsPreview(argv [][]byte) string {
	var b strings.Builder
	for i := 0; i < len(argv) && b.Len() < 128; i++ {
		a := cString(argv[i])
		if room := 128 - b.Len(); len(a) > room {
			a = a[:room]
		}
		b.WriteByte('\'')
		b.Write(a)
		b.WriteString("' ")
	}
	return b.String()
}

// clip128 formats b as C's "%.128s" would: up to a NUL, at most 128 bytes.
func clip128(b []byte) string {
	b = cString(b)
	if len(b) > 128 {
		b = b[:128]
	}
	return string(b)
}

// processCommand is Redis's processCommand: look the command up, check
// arity, authentication and state, then call it.
func (s *Server) processCommand(c *Client) {
	c.cmdFailed = false
	cmd := s.lookupCommand(c.argv)
	if cmd == nil {
		parent := s.commands[string(lower(s.lowerBuf[:0], c.argv[0]))]
		if parent != nil && parent.subs != nil {
			c.addReplyError("ERR unknown subcommand '" + clip128(c.argv[1]) + "'. Try " +
				strings.ToUpper(parent.Name) + " HELP.")
		} else {
			c.addReplyError("ERR unknown command '" + clip128(c.argv[0]) +
				"', with args beginning with: " + argsPreview(c.argv[1:]))
		}
		c.dirtyExec = c.inMulti
		return
	}
	c.cmd = cmd
	argc := len(c.argv)
	if (cmd.Arity > 0 && argc != cmd.Arity) || argc < -cmd.Arity {
		s.rejectCommand(c, cmd, "ERR wrong number of arguments for '"+cmd.fullName()+"' command")
		return
	}
	if s.cfg.RequirePass != "" && !c.authed && cmd.Flags&FlagNoAuth == 0 {
		s.rejectCommand(c, cmd, "NOAUTH Authentication required.")
		return
	}
	if cmd.Name == "debug" && !s.allowProtected(c, s.cfg.EnableDebugCommand) {
		s.rejectCommand(c, cmd, "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.")
		return
	}
	if cmd.Flags&FlagWrite != 0 || cmd.Name == "ping" {
		if msg := s.writesDeniedByDiskError(); msg != "" {
			s.rejectCommand(c, cmd, msg)
			return
		}
	}
	if s.loading && cmd.Flags&FlagLoading == 0 && !c.loadingAOF {
		s.rejectCommand(c, cmd, "LOADING Redis is loading the dataset in memory")
		return
	}
	if c.inMulti && queuesInMulti(cmd) {
		if cmd.Flags&FlagNoMulti != 0 {
			s.rejectCommand(c, cmd, "ERR Command not allowed inside a transaction")
			return
		}
		c.queueCommand(cmd)
		c.addReplySimple("QUEUED")
		return
	}
	s.call(c, cmd)
	if len(s.readyKeys) > 0 {
		s.handleBlockedClients()
	}
}

// allowProtected is Redis's allowProtectedAction for an enable-*-command
// setting: yes, or local for loopback and Unix-socket clients.
func (s *Server) allowProtected(c *Client, setting string) bool {
	return setting == "yes" || (setting == "local" && (c.unix || anet.IsLoopback(c.addr)))
}

// rejectCommand refuses cmd before it runs (Redis's rejectCommand): the
// error is counted, a transaction in progress is marked to abort, and a
// rejected EXEC discards the transaction with EXECABORT.
func (s *Server) rejectCommand(c *Client, cmd *Command, msg string) {
	cmd.rejected++
	if cmd.Name == "exec" { // even outside MULTI, as Redis
		s.discardTransaction(c)
		c.addReplyError("EXECABORT Transaction discarded because of: " + strings.TrimPrefix(msg, "ERR "))
		return
	}
	c.addReplyError(msg)
	c.dirtyExec = c.inMulti
}

// call executes cmd for c and accounts for it: commandstats, slowlog,
// latency monitor, MONITOR feed.
func (s *Server) call(c *Client, cmd *Command) {
	// One clock read per command: it times the call and is the "now" that
	// expiry checks inside the command use (Redis's cmd_time_snapshot).
	c.cmd = cmd // also for commands run by EXEC and re-run blocked ones
	start := time.Now()
	if !c.inExec {
		s.cmdTime = start.UnixMilli() // a transaction shares EXEC's time
	}
	dirty := s.dirty
	// A snapshot walking the keyspace gets the command's keys first.
	snapKeys := s.snap != nil && cmd.Flags&FlagWrite != 0
	if snapKeys {
		s.snapshotCommandKeys(c, cmd)
	}
	s.callDepth++
	cmd.Proc(s, c)
	s.callDepth--
	if snapKeys {
		s.snapshotMarkKeys()
	}
	s.propagateCall(c, cmd, s.dirty > dirty)
	if len(s.writeLookups) > 0 {
		s.touchWriteLookups(s.dirty != dirty)
	}
	dur := time.Since(start)
	// Monitors see the command after it ran, with the db it left selected
	// (Redis 7.0: "select 3" is shown under db 3).
	if len(s.monitors) > 0 && cmd.Flags&(FlagSkipMonitor|FlagAdmin) == 0 {
		s.feedMonitors(c)
	}
	us := dur.Microseconds()
	// A command that blocked is accounted for when it is finally served.
	if c.blocked != nil && (s.reexec != c || s.stillBlocked) {
		c.cmd = nil
		return
	}
	cmd.calls++
	cmd.nsec += dur.Nanoseconds()
	if c.cmdFailed {
		cmd.failed++
	}
	s.stats.numCommands++
	c.last = cmd
	if cmd.Flags&FlagSkipSlowlog == 0 {
		s.slowlogPush(c, us)
	}
	if s.cfg.LatencyMonitorThreshold > 0 && us/1000 >= s.cfg.LatencyMonitorThreshold {
		event := "command"
		if cmd.Flags&FlagFast != 0 {
			event = "fast-command"
		}
		s.latencyAddSample(event, us/1000)
	}
	switch c.replyMode {
	case replySkipNext:
		c.replyMode = replySkip
	case replySkip:
		c.replyMode = replyOn
	}
	c.cmd = nil
	s.checkOutputLimits(c)
}

// countError counts an error reply by its prefix for INFO errorstats.
func (s *Server) countError(msg string) {
	s.stats.totalErrorReplies++
	prefix := msg
	if i := strings.IndexByte(msg, ' '); i >= 0 {
		prefix = msg[:i]
	}
	if len(s.stats.errors) >= 128 {
		if _, ok := s.stats.errors[prefix]; !ok {
			return
		}
	}
	s.stats.errors[prefix]++
}
