package server

import (
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

	"aeon/ds"
)

// introspectionCommands are the server-introspection group: COMMAND, INFO,
// MEMORY, DEBUG, SLOWLOG, LATENCY, TIME and LASTSAVE.
func introspectionCommands() []*Command {
	const srv = "server"
	ls := FlagLoading | FlagStale
	adm := FlagAdmin | FlagLoading | FlagStale
	admNS := FlagAdmin | FlagNoscript | FlagLoading | FlagStale
	return []*Command{
		{Name: "command", Proc: commandCommand, Arity: -1, Flags: ls, Cats: CatConnection,
			Group: srv, Since: "2.8.13", Summary: "Get array of Redis command details", Complex: "O(N) where N is the total number of Redis commands",
			Subs: []*Command{
				{Name: "count", Proc: commandCountCommand, Arity: 2, Flags: ls, Cats: CatConnection,
					Since: "2.8.13", Summary: "Get total number of Redis commands", Complex: "O(1)"},
				{Name: "docs", Proc: commandDocsCommand, Arity: -2, Flags: ls, Cats: CatConnection,
					Since: "7.0.0", Summary: "Get array of specific Redis command documentation", Complex: "O(N) where N is the number of commands to look up"},
				{Name: "getkeys", Proc: commandGetKeysCommand, Arity: -4, Flags: ls, Cats: CatConnection,
					Since: "2.8.13", Summary: "Extract keys given a full Redis command", Complex: "O(N) where N is the number of arguments to the command"},
				{Name: "getkeysandflags", Proc: commandGetKeysAndFlagsCommand, Arity: -4, Flags: ls, Cats: CatConnection,
					Since: "7.0.0", Summary: "Extract keys and access flags given a full Redis command", Complex: "O(N) where N is the number of arguments to the command"},
				{Name: "help", Proc: commandHelpCommand, Arity: 2, Flags: ls, Cats: CatConnection,
					Since: "5.0.0", Summary: "Show helpful text about the different subcommands", Complex: "O(1)"},
				{Name: "info", Proc: commandInfoCommand, Arity: -2, Flags: ls, Cats: CatConnection,
					Since: "2.8.13", Summary: "Get array of specific Redis command details, or all when no argument is given.", Complex: "O(N) where N is the number of commands to look up"},
				{Name: "list", Proc: commandListCommand, Arity: -2, Flags: ls, Cats: CatConnection,
					Since: "7.0.0", Summary: "Get an array of Redis command names", Complex: "O(N) where N is the total number of Redis commands"},
			}},
		{Name: "info", Proc: infoCommand, Arity: -1, Flags: ls, Cats: CatDangerous,
			Group: srv, Since: "1.0.0", Summary: "Get information and statistics about the server", Complex: "O(1)"},
		{Name: "memory", Arity: -2, Group: srv, Since: "4.0.0", Summary: "A container for memory diagnostics commands", Complex: "Depends on subcommand.",
			Subs: []*Command{
				{Name: "doctor", Proc: memoryDoctorCommand, Arity: 2,
					Since: "4.0.0", Summary: "Outputs memory problems report", Complex: "O(1)"},
				{Name: "help", Proc: memoryHelpCommand, Arity: 2, Flags: ls,
					Since: "4.0.0", Summary: "Show helpful text about the different subcommands", Complex: "O(1)"},
				{Name: "malloc-stats", Proc: memoryMallocStatsCommand, Arity: 2,
					Since: "4.0.0", Summary: "Show allocator internal stats", Complex: "Depends on how much memory is allocated, could be slow"},
				{Name: "purge", Proc: memoryPurgeCommand, Arity: 2,
					Since: "4.0.0", Summary: "Ask the allocator to release memory", Complex: "Depends on how much memory is allocated, could be slow"},
				{Name: "stats", Proc: memoryStatsCommand, Arity: 2,
					Since: "4.0.0", Summary: "Show memory usage details", Complex: "O(1)"},
				{Name: "usage", Proc: memoryUsageCommand, Arity: -3, Flags: FlagReadonly, FirstKey: 2, LastKey: 2, Step: 1,
					Since: "4.0.0", Summary: "Estimate the memory usage of a key", Complex: "O(N) where N is the number of samples."},
			}},
		{Name: "debug", Proc: debugCommand, Arity: -2, Flags: admNS,
			Group: srv, Since: "1.0.0", Summary: "A container for debugging commands", Complex: "Depends on subcommand."},
		{Name: "slowlog", Arity: -2, Group: srv, Since: "2.2.12", Summary: "A container for slow log commands", Complex: "Depends on subcommand.",
			Subs: []*Command{
				{Name: "get", Proc: slowlogGetCommand, Arity: -2, Flags: adm,
					Since: "2.2.12", Summary: "Get the slow log's entries", Complex: "O(N) where N is the number of entries returned"},
				{Name: "help", Proc: slowlogHelpCommand, Arity: 2, Flags: ls,
					Since: "6.2.0", Summary: "Show helpful text about the different subcommands", Complex: "O(1)"},
				{Name: "len", Proc: slowlogLenCommand, Arity: 2, Flags: adm,
					Since: "2.2.12", Summary: "Get the slow log's length", Complex: "O(1)"},
				{Name: "reset", Proc: slowlogResetCommand, Arity: 2, Flags: adm,
					Since: "2.2.12", Summary: "Clear all entries from the slow log", Complex: "O(N) where N is the number of entries in the slowlog"},
			}},
		{Name: "latency", Arity: -2, Group: srv, Since: "2.8.13", Summary: "A container for latency diagnostics commands", Complex: "Depends on subcommand.",
			Subs: []*Command{
				{Name: "doctor", Proc: latencyDoctorCommand, Arity: 2, Flags: admNS,
					Since: "2.8.13", Summary: "Return a human readable latency analysis report.", Complex: "O(1)"},
				{Name: "graph", Proc: latencyGraphCommand, Arity: 3, Flags: admNS,
					Since: "2.8.13", Summary: "Return a latency graph for the event.", Complex: "O(1)"},
				{Name: "help", Proc: latencyHelpCommand, Arity: 2, Flags: ls,
					Since: "2.8.13", Summary: "Show helpful text about the different subcommands.", Complex: "O(1)"},
				{Name: "histogram", Proc: latencyHistogramCommand, Arity: -2, Flags: admNS,
					Since: "7.0.0", Summary: "Return the cumulative distribution of latencies of a subset of commands or all.", Complex: "O(N) where N is the number of commands with latency information being retrieved."},
				{Name: "history", Proc: latencyHistoryCommand, Arity: 3, Flags: admNS,
					Since: "2.8.13", Summary: "Return timestamp-latency samples for the event.", Complex: "O(1)"},
				{Name: "latest", Proc: latencyLatestCommand, Arity: 2, Flags: admNS,
					Since: "2.8.13", Summary: "Return the latest latency samples for all events.", Complex: "O(1)"},
				{Name: "reset", Proc: latencyResetCommand, Arity: -2, Flags: admNS,
					Since: "2.8.13", Summary: "Reset latency data for one or more events.", Complex: "O(1)"},
			}},
		{Name: "time", Proc: timeCommand, Arity: 1, Flags: ls | FlagFast,
			Group: srv, Since: "2.6.0", Summary: "Return the current server time", Complex: "O(1)"},
		{Name: "lastsave", Proc: lastsaveCommand, Arity: 1, Flags: ls | FlagFast, Cats: CatAdmin | CatDangerous,
			Group: srv, Since: "1.0.0", Summary: "Get the UNIX time stamp of the last successful save to disk", Complex: "O(1)"},
	}
}

// --- COMMAND -----------------------------------------------------------------

// cmdMeta is what Redis 7.0's command table knows about a command beyond
// aeon's Command entries: tips, key specs, and the flags aeon does not model.
type cmdMeta struct {
	movable bool // movablekeys
	noAsync bool // no_async_loading
	asking  bool
	tips    []string
	specs   []keySpec
}

// keySpec is one Redis 7.0 key specification.
type keySpec struct {
	notes     string
	flags     []string
	bs        int // ksUnknown, ksIndex, ksKeyword
	bsIndex   int
	bsKeyword string
	bsStart   int
	fk        int // ksUnknown, ksRange, ksKeynum
	// range: lastkey, keystep, limit; keynum: keynumidx, firstkey, keystep
	fkA, fkB, fkC int
}

const (
	ksUnknown = 0
	ksIndex   = 1
	ksKeyword = 2
	ksRange   = 1
	ksKeynum  = 2
)

// meta returns cmd's Redis metadata (zero if Redis has none).
func (cmd *Command) meta() cmdMeta { return redisCmdMeta[cmd.Name] }

// keySpecs returns cmd's key specs: Redis's, or one built from the legacy
// first/last/step range for commands Redis does not describe.
func (cmd *Command) keySpecs() []keySpec {
	if m := cmd.meta(); len(m.specs) > 0 {
		return m.specs
	}
	if cmd.FirstKey <= 0 {
		return nil
	}
	last := cmd.LastKey
	if last >= 0 {
		last -= cmd.FirstKey
	}
	var flags []string
	switch {
	case cmd.Flags&FlagWrite != 0:
		flags = []string{"RW"}
	case cmd.Flags&FlagReadonly != 0:
		flags = []string{"RO"}
	}
	return []keySpec{{flags: flags, bs: ksIndex, bsIndex: cmd.FirstKey, fk: ksRange, fkA: last, fkB: max(cmd.Step, 1)}}
}

// lookupCommandName finds a command by its full name ("get", "config|get").
func (s *Server) lookupCommandName(name string) *Command {
	name = strings.ToLower(name)
	parent, sub, isSub := strings.Cut(name, "|")
	cmd := s.commands[parent]
	if cmd == nil || !isSub {
		return cmd
	}
	if cmd.subs == nil {
		return nil
	}
	return cmd.subs[sub]
}

func (c *Client) addReplyCommandFlags(cmd *Command) {
	m := cmd.meta()
	at := c.deferredLen()
	n := 0
	add := func(name string) { c.addReplySimple(name); n++ }
	for _, f := range flagNames {
		if f.f == FlagAllowBusy && m.movable {
			add("movablekeys")
		}
		if f.f == FlagFast && m.asking {
			add("asking")
		}
		if f.f == FlagNoMulti && m.noAsync {
			add("no_async_loading")
		}
		if cmd.Flags&f.f != 0 {
			add(f.name)
		}
	}
	c.setDeferredSetLen(at, n)
}

func (c *Client) addReplyCommandCats(cmd *Command) {
	at := c.deferredLen()
	n := 0
	for i, name := range catNames {
		if cmd.Cats&(1<<i) != 0 {
			c.addReplySimple("@" + name)
			n++
		}
	}
	c.setDeferredSetLen(at, n)
}

func (c *Client) addReplyKeySpecs(cmd *Command) {
	specs := cmd.keySpecs()
	c.addReplySet(len(specs))
	for _, ks := range specs {
		n := 3
		if ks.notes != "" {
			n++
		}
		c.addReplyMap(n)
		if ks.notes != "" {
			c.addReplyBulkString("notes")
			c.addReplyBulkString(ks.notes)
		}
		c.addReplyBulkString("flags")
		c.addReplySet(len(ks.flags))
		for _, f := range ks.flags {
			c.addReplySimple(f)
		}
		c.addReplyBulkString("begin_search")
		c.addReplyMap(2)
		c.addReplyBulkString("type")
		switch ks.bs {
		case ksIndex:
			c.addReplyBulkString("index")
			c.addReplyBulkString("spec")
			c.addReplyMap(1)
			c.addReplyBulkString("index")
			c.addReplyInt(int64(ks.bsIndex))
		case ksKeyword:
			c.addReplyBulkString("keyword")
			c.addReplyBulkString("spec")
			c.addReplyMap(2)
			c.addReplyBulkString("keyword")
			c.addReplyBulkString(ks.bsKeyword)
			c.addReplyBulkString("startfrom")
			c.addReplyInt(int64(ks.bsStart))
		default:
			c.addReplyBulkString("unknown")
			c.addReplyBulkString("spec")
			c.addReplyMap(0)
		}
		c.addReplyBulkString("find_keys")
		c.addReplyMap(2)
		c.addReplyBulkString("type")
		switch ks.fk {
		case ksRange:
			c.addReplyBulkString("range")
			c.addReplyBulkString("spec")
			c.addReplyMap(3)
			c.addReplyBulkString("lastkey")
			c.addReplyInt(int64(ks.fkA))
			c.addReplyBulkString("keystep")
			c.addReplyInt(int64(ks.fkB))
			c.addReplyBulkString("limit")
			c.addReplyInt(int64(ks.fkC))
		case ksKeynum:
			c.addReplyBulkString("keynum")
			c.addReplyBulkString("spec")
			c.addReplyMap(3)
			c.addReplyBulkString("keynumidx")
			c.addReplyInt(int64(ks.fkA))
			c.addReplyBulkString("firstkey")
			c.addReplyInt(int64(ks.fkB))
			c.addReplyBulkString("keystep")
			c.addReplyInt(int64(ks.fkC))
		default:
			c.addReplyBulkString("unknown")
			c.addReplyBulkString("spec")
			c.addReplyMap(0)
		}
	}
}

// addReplyCommandInfo replies with cmd's 10-field COMMAND INFO entry.
func (c *Client) addReplyCommandInfo(cmd *Command) {
	c.addReplyArray(10)
	c.addReplyBulkString(cmd.Name)
	c.addReplyInt(int64(cmd.Arity))
	c.addReplyCommandFlags(cmd)
	c.addReplyInt(int64(cmd.FirstKey))
	c.addReplyInt(int64(cmd.LastKey))
	c.addReplyInt(int64(cmd.Step))
	c.addReplyCommandCats(cmd)
	tips := cmd.meta().tips
	c.addReplySet(len(tips))
	for _, t := range tips {
		c.addReplyBulkString(t)
	}
	c.addReplyKeySpecs(cmd)
	if len(cmd.Subs) == 0 {
		c.addReplySet(0)
		return
	}
	c.addReplyArray(len(cmd.Subs))
	for _, sub := range cmd.Subs {
		c.addReplyCommandInfo(sub)
	}
}

// addReplyCommandDocs replies with cmd's COMMAND DOCS map (arguments and
// history are not described).
func (c *Client) addReplyCommandDocs(cmd *Command) {
	n := 0
	fields := [...][2]string{{"summary", cmd.Summary}, {"since", cmd.Since}, {"group", cmd.Group}, {"complexity", cmd.Complex}}
	for _, f := range fields {
		if f[1] != "" {
			n++
		}
	}
	if len(cmd.Subs) > 0 {
		n++
	}
	c.addReplyMap(n)
	for _, f := range fields {
		if f[1] != "" {
			c.addReplyBulkString(f[0])
			c.addReplyBulkString(f[1])
		}
	}
	if len(cmd.Subs) > 0 {
		c.addReplyBulkString("subcommands")
		c.addReplyMap(len(cmd.Subs))
		for _, sub := range cmd.Subs {
			c.addReplyBulkString(sub.Name)
			c.addReplyCommandDocs(sub)
		}
	}
}

func commandCommand(s *Server, c *Client) {
	if len(c.argv) != 1 {
		// Only reached for an unknown subcommand with arity -1.
		c.addReplyError("ERR unknown subcommand '" + clip128(c.argv[1]) + "'. Try COMMAND HELP.")
		return
	}
	cmds := s.sortedCommands()
	c.addReplyArray(len(cmds))
	for _, cmd := range cmds {
		c.addReplyCommandInfo(cmd)
	}
}

func commandCountCommand(s *Server, c *Client) { c.addReplyInt(int64(len(s.commands))) }

func commandInfoCommand(s *Server, c *Client) {
	if len(c.argv) == 2 {
		cmds := s.sortedCommands()
		c.addReplyArray(len(cmds))
		for _, cmd := range cmds {
			c.addReplyCommandInfo(cmd)
		}
		return
	}
	c.addReplyArray(len(c.argv) - 2)
	for _, name := range c.argv[2:] {
		if cmd := s.lookupCommandName(string(name)); cmd != nil {
			c.addReplyCommandInfo(cmd)
		} else {
			c.addReplyNullArray()
		}
	}
}

func commandDocsCommand(s *Server, c *Client) {
	if len(c.argv) == 2 {
		cmds := s.sortedCommands()
		c.addReplyMap(len(cmds))
		for _, cmd := range cmds {
			c.addReplyBulkString(cmd.Name)
			c.addReplyCommandDocs(cmd)
		}
		return
	}
	at := c.deferredLen()
	n := 0
	for _, name := range c.argv[2:] {
		if cmd := s.lookupCommandName(string(name)); cmd != nil {
			c.addReplyBulkString(cmd.Name)
			c.addReplyCommandDocs(cmd)
			n++
		}
	}
	c.setDeferredMapLen(at, n)
}

func commandListCommand(s *Server, c *Client) {
	var match func(cmd *Command) bool
	switch {
	case len(c.argv) == 2:
		match = func(*Command) bool { return true }
	case len(c.argv) == 5 && strings.EqualFold(string(c.argv[2]), "filterby"):
		arg := string(c.argv[4])
		switch strings.ToLower(string(c.argv[3])) {
		case "module":
			match = func(*Command) bool { return false }
		case "aclcat":
			cat := ACLCat(0)
			for i, name := range catNames {
				if strings.EqualFold(name, arg) {
					cat = 1 << i
				}
			}
			match = func(cmd *Command) bool { return cmd.Cats&cat != 0 }
		case "pattern":
			match = func(cmd *Command) bool { return globMatch([]byte(arg), []byte(cmd.Name), true) }
		}
	}
	if match == nil {
		c.addReplyError("ERR syntax error")
		return
	}
	at := c.deferredLen()
	n := 0
	for _, cmd := range s.sortedCommands() {
		if match(cmd) {
			c.addReplyBulkString(cmd.Name)
			n++
		}
		for _, sub := range cmd.Subs {
			if match(sub) {
				c.addReplyBulkString(sub.Name)
				n++
			}
		}
	}
	c.setDeferredArrayLen(at, n)
}

// commandKey is one key found in a command line, with its key-spec flags.
type commandKey struct {
	pos   int
	flags []string
}

// getKeysFromSpecs finds the keys of argv (a full command line) using
// cmd's key specs, as Redis's getKeysUsingKeySpecs. ok is false when a
// spec cannot be applied (bad numkeys). The keys are appended to dst[:0]
// (reused when it has room).
func getKeysFromSpecs(dst []commandKey, cmd *Command, argv [][]byte) (keys []commandKey, ok bool) {
	if cmd.Name == "sort" {
		return sortGetKeys(cmd, argv), true
	}
	keys = dst[:0]
	argc := len(argv)
	for _, ks := range cmd.keySpecs() {
		first := 0
		switch ks.bs {
		case ksIndex:
			first = ks.bsIndex
		case ksKeyword:
			start, end := ks.bsStart, argc-1
			if ks.bsStart <= 0 {
				start, end = argc+ks.bsStart, 0
			}
			for i := start; i != end; {
				if i >= argc || i < 1 {
					break
				}
				if strings.EqualFold(string(argv[i]), ks.bsKeyword) {
					first = i + 1
					break
				}
				if start <= end {
					i++
				} else {
					i--
				}
			}
			if first == 0 {
				continue
			}
		default:
			continue
		}
		var last, step int
		switch ks.fk {
		case ksRange:
			switch {
			case ks.fkA >= 0:
				last = first + ks.fkA
			case ks.fkC == 0:
				last = argc + ks.fkA
			default:
				last = first + ((argc-first)/ks.fkC + ks.fkA)
			}
			step = ks.fkB
		case ksKeynum:
			step = ks.fkC
			if ks.fkA >= argc-first {
				return nil, false
			}
			n, err := strconv.ParseInt(string(argv[first+ks.fkA]), 10, 64)
			if err != nil || n < 0 {
				return nil, false
			}
			first += ks.fkB
			last = first + int(n) - 1
		default:
			continue
		}
		if step <= 0 {
			step = 1
		}
		for i := first; i <= last; i += step {
			if i >= argc || i < first {
				continue
			}
			keys = append(keys, commandKey{pos: i, flags: ks.flags})
		}
	}
	return keys, true
}

// sortGetKeys is Redis's sortGetKeys: SORT's STORE destination has no
// fixed position, so the options are walked (LIMIT takes two arguments,
// BY and GET one; the last STORE wins).
func sortGetKeys(cmd *Command, argv [][]byte) []commandKey {
	specs := cmd.keySpecs()
	keys := []commandKey{{pos: 1, flags: specs[0].flags}}
	store := 0
	for i := 2; i < len(argv); i++ {
		switch {
		case eqFold(argv[i], "limit"):
			i += 2
		case eqFold(argv[i], "get"), eqFold(argv[i], "by"):
			i++
		case eqFold(argv[i], "store") && i+1 < len(argv):
			store = i + 1
			i++
		}
	}
	if store > 0 && len(specs) > 2 { // spec 1 is BY/GET, spec 2 STORE
		keys = append(keys, commandKey{pos: store, flags: specs[2].flags})
	}
	return keys
}

func commandGetKeysCommand(s *Server, c *Client)         { commandGetKeys(s, c, false) }
func commandGetKeysAndFlagsCommand(s *Server, c *Client) { commandGetKeys(s, c, true) }

func commandGetKeys(s *Server, c *Client, withFlags bool) {
	argv := c.argv[2:]
	cmd := s.lookupCommand(argv)
	switch {
	case cmd == nil:
		c.addReplyError("ERR Invalid command specified")
		return
	case len(cmd.keySpecs()) == 0:
		c.addReplyError("ERR The command has no key arguments")
		return
	case (cmd.Arity > 0 && cmd.Arity != len(argv)) || len(argv) < -cmd.Arity:
		c.addReplyError("ERR Invalid number of arguments specified for command")
		return
	}
	keys, ok := getKeysFromSpecs(nil, cmd, argv)
	if !ok || len(keys) == 0 {
		if cmd.Flags&FlagNoMandatoryKeys != 0 {
			c.addReplyArray(0)
		} else {
			c.addReplyError("ERR Invalid arguments specified for command")
		}
		return
	}
	c.addReplyArray(len(keys))
	for _, k := range keys {
		if !withFlags {
			c.addReplyBulk(argv[k.pos])
			continue
		}
		c.addReplyArray(2)
		c.addReplyBulk(argv[k.pos])
		c.addReplySet(len(k.flags))
		for _, f := range k.flags {
			c.addReplySimple(f)
		}
	}
}

func commandHelpCommand(s *Server, c *Client) {
	c.addReplyHelp("COMMAND", []string{
		"(no subcommand)",
		"    Return details about all Redis commands.",
		"COUNT",
		"    Return the total number of commands in this Redis server.",
		"LIST",
		"    Return a list of all commands in this Redis server.",
		"INFO [<command-name> ...]",
		"    Return details about multiple Redis commands.",
		"    If no command names are given, documentation details for all",
		"    commands are returned.",
		"DOCS [<command-name> ...]",
		"    Return documentation details about multiple Redis commands.",
		"    If no command names are given, documentation details for all",
		"    commands are returned.",
		"GETKEYS <full-command>",
		"    Return the keys from a full Redis command.",
		"GETKEYSANDFLAGS <full-command>",
		"    Return the keys and the access flags from a full Redis command.",
	})
}

// --- MEMORY ------------------------------------------------------------------

// jemallocSize rounds n up to jemalloc's size class, so estimates match
// the numbers Redis reports.
func jemallocSize(n int64) int64 {
	switch {
	case n <= 8:
		return 8
	case n <= 128:
		return (n + 15) &^ 15
	}
	k := int64(1) << (63 - leadingZeros64(uint64(n-1))) // 2^k < n <= 2^(k+1)
	spacing := k / 4
	return (n + spacing - 1) / spacing * spacing
}

func leadingZeros64(x uint64) int {
	n := 0
	for i := 63; i >= 0 && x&(1<<uint(i)) == 0; i-- {
		n++
	}
	return n
}

// sdsAllocSize is the allocation of an sds string of length n (type5
// headers allowed for short ones when short is set).
func sdsAllocSize(n int64, short bool) int64 {
	hdr := int64(17)
	switch {
	case n < 32 && short:
		hdr = 1
	case n < 1<<8:
		hdr = 3
	case n < 1<<16:
		hdr = 5
	case n < 1<<32:
		hdr = 9
	}
	return jemallocSize(hdr + n + 1)
}

// objectSize estimates the bytes used by a value, as Redis's
// objectComputeSize with jemalloc's size classes.
func objectSize(o *Object, samples int64) int64 {
	const robj = 16
	if o.typ == TypeString {
		switch o.enc {
		case EncInt:
			return robj
		case EncEmbstr:
			return jemallocSize(robj + 3 + o.n + 1)
		default:
			return robj + sdsAllocSize(o.n, false)
		}
	}
	return robj + collectionSize(o, samples)
}

// keyMemoryUsage is MEMORY USAGE's estimate for a key: its dict entry,
// its name and its value.
func keyMemoryUsage(key []byte, o *Object, samples int64) int64 {
	return 24 + sdsAllocSize(int64(len(key)), true) + objectSize(o, samples)
}

func memoryUsageCommand(s *Server, c *Client) {
	samples := int64(5)
	for j := 3; j < len(c.argv); j++ {
		if strings.EqualFold(string(c.argv[j]), "samples") && j+1 < len(c.argv) {
			n, ok := parseInt(c.argv[j+1])
			if !ok {
				c.addReplyError("ERR value is not an integer or out of range")
				return
			}
			if n < 0 {
				c.addReplyError("ERR syntax error")
				return
			}
			samples = n
			j++
		} else {
			c.addReplyError("ERR syntax error")
			return
		}
	}
	o := s.lookupKey(c, c.db, c.argv[2], lookupNoTouch)
	if o == nil {
		c.addReplyNull()
		return
	}
	c.addReplyInt(keyMemoryUsage(c.argv[2], o, samples))
}

func memoryStatsCommand(s *Server, c *Client) {
	mi := s.memInfo()
	at := c.deferredLen()
	n := 0
	kv := func(k string, v int64) { c.addReplyBulkString(k); c.addReplyInt(v); n++ }
	kd := func(k string, v float64) { c.addReplyBulkString(k); c.addReplyDouble(v); n++ }
	kv("peak.allocated", mi.peak)
	kv("total.allocated", mi.used)
	kv("startup.allocated", mi.startup)
	kv("replication.backlog", 0)
	kv("clients.slaves", 0)
	kv("clients.normal", mi.clients)
	kv("cluster.links", 0)
	kv("aof.buffer", 0)
	kv("lua.caches", 0)
	kv("functions.caches", 0)
	var keys int64
	for _, db := range s.dbs {
		if db.dict.Len() == 0 && db.expires.Len() == 0 {
			continue
		}
		keys += int64(db.dict.Len())
		c.addReplyBulkString("db." + strconv.Itoa(db.id))
		c.addReplyMap(2)
		main, _ := db.dict.Buckets()
		exp, _ := db.expires.Buckets()
		c.addReplyBulkString("overhead.hashtable.main")
		c.addReplyInt(int64(main)*8 + int64(db.dict.Len())*24)
		c.addReplyBulkString("overhead.hashtable.expires")
		c.addReplyInt(int64(exp)*8 + int64(db.expires.Len())*24)
		n++
	}
	kv("overhead.total", mi.overhead)
	kv("keys.count", keys)
	if keys > 0 {
		kv("keys.bytes-per-key", (mi.used-mi.startup)/keys)
	} else {
		kv("keys.bytes-per-key", 0)
	}
	kv("dataset.bytes", mi.dataset)
	kd("dataset.percentage", mi.datasetPerc)
	kd("peak.percentage", mi.peakPerc)
	kv("allocator.allocated", mi.used)
	kv("allocator.active", mi.active)
	kv("allocator.resident", mi.resident)
	kd("allocator-fragmentation.ratio", ratio(mi.active, mi.used))
	kv("allocator-fragmentation.bytes", mi.active-mi.used)
	kd("allocator-rss.ratio", ratio(mi.resident, mi.active))
	kv("allocator-rss.bytes", mi.resident-mi.active)
	kd("rss-overhead.ratio", ratio(mi.rss, mi.resident))
	kv("rss-overhead.bytes", mi.rss-mi.resident)
	kd("fragmentation", mi.fragRatio)
	kv("fragmentation.bytes", mi.rss-mi.used)
	c.setDeferredMapLen(at, n)
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func memoryDoctorCommand(s *Server, c *Client) {
	mi := s.memInfo()
	var report string
	if mi.used < 5*1024*1024 {
		report = "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting."
	} else {
		var issues []string
		if mi.peak > 0 && float64(mi.used)/float64(mi.peak) < 0.5 {
			issues = append(issues, " * Peak memory: In the past this instance used more than 150% the memory that is currently using. The allocator is normally not able to release memory after a peak, so you can expect to see a big fragmentation ratio, however this is actually harmless and is only due to the memory peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than expected, the memory will be used as soon as you fill the Redis instance with more data. If the memory peak was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE command, otherwise the only other option is to shutdown and restart the instance.\n\n")
		}
		if mi.fragRatio > 1.4 {
			issues = append(issues, fmt.Sprintf(" * High total RSS: This instance has a memory fragmentation and RSS overhead greater than 1.4 (this means that the Resident Set Size of the Redis process is much larger than the sum of the logical allocations Redis performed). This problem is usually due either to a large peak memory (check if there is a peak memory entry above in the report) or may result from a workload that causes the allocator to fragment memory a lot. If the problem is a large peak memory, then there is no issue. Otherwise, make sure you are using the Jemalloc allocator and not the default libc malloc. Note: The currently used allocator is \"%s\".\n\n", "go"))
		}
		if len(issues) == 0 {
			report = "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base."
		} else {
			report = "Sam, I detected a few issues in this Redis instance memory implants:\n\n" + strings.Join(issues, "") +
				"I'm here to keep you safe, Sam. I want to help you.\n"
		}
	}
	c.addReplyVerbatim(report)
}

func memoryMallocStatsCommand(s *Server, c *Client) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	var b strings.Builder
	b.WriteString("___ Begin Go runtime statistics ___\n")
	fmt.Fprintf(&b, "Version: %s\n", runtime.Version())
	fmt.Fprintf(&b, "HeapAlloc: %d\nHeapInuse: %d\nHeapIdle: %d\nHeapReleased: %d\nHeapSys: %d\nHeapObjects: %d\n",
		m.HeapAlloc, m.HeapInuse, m.HeapIdle, m.HeapReleased, m.HeapSys, m.HeapObjects)
	fmt.Fprintf(&b, "StackInuse: %d\nStackSys: %d\nSys: %d\nMallocs: %d\nFrees: %d\nNumGC: %d\nGCSys: %d\nNextGC: %d\n",
		m.StackInuse, m.StackSys, m.Sys, m.Mallocs, m.Frees, m.NumGC, m.GCSys, m.NextGC)
	b.WriteString("--- End Go runtime statistics ---\n")
	c.addReplyVerbatim(b.String())
}

func memoryPurgeCommand(s *Server, c *Client) {
	debug.FreeOSMemory()
	c.addReplyOK()
}

func memoryHelpCommand(s *Server, c *Client) {
	c.addReplyHelp("MEMORY", []string{
		"DOCTOR",
		"    Return memory problems reports.",
		"MALLOC-STATS",
		"    Return internal statistics report from the memory allocator.",
		"PURGE",
		"    Attempt to purge dirty pages for reclamation by the allocator.",
		"STATS",
		"    Return information about the memory usage of the server.",
		"USAGE <key> [SAMPLES <count>]",
		"    Return memory in bytes used by <key> and its value. Nested values are",
		"    sampled up to <count> times (default: 5, 0 means sample all).",
	})
}

// --- DEBUG -------------------------------------------------------------------

func debugSyntaxError(c *Client) {
	c.addReplyError("ERR unknown subcommand or wrong number of arguments for '" + clip128(c.argv[1]) + "'. Try DEBUG HELP.")
}

func debugCommand(s *Server, c *Client) {
	sub := strings.ToLower(string(c.argv[1]))
	argc := len(c.argv)
	switch {
	case sub == "help" && argc == 2:
		debugHelp(c)
	case sub == "sleep" && argc == 3:
		secs, _ := strconv.ParseFloat(strings.TrimSpace(string(c.argv[2])), 64)
		if secs > 0 && !math.IsInf(secs, 1) {
			time.Sleep(time.Duration(secs * 1e9))
		}
		c.addReplyOK()
	case sub == "object" && argc == 3:
		e := c.db.dict.Find(c.argv[2])
		if e == nil {
			c.addReplyError("ERR no such key")
			return
		}
		c.addReplySimple(s.debugObjectLine(c.argv[2], &e.Val))
	case sub == "digest" && argc == 2:
		s.debugDigest(c)
	case sub == "digest-value" && argc >= 2:
		s.debugDigestValue(c)
	case sub == "reload":
		s.debugReload(c)
	case sub == "set-active-expire" && argc == 3:
		v, _ := strconv.Atoi(string(c.argv[2]))
		s.expireOn = v != 0
		c.addReplyOK()
	case sub == "htstats" && argc >= 3:
		id, ok := parseInt(c.argv[2])
		if !ok {
			c.addReplyError("ERR value is not an integer or out of range")
			return
		}
		if id < 0 || id >= int64(len(s.dbs)) {
			c.addReplyError("ERR Out of range database")
			return
		}
		db := s.dbs[id]
		var b strings.Builder
		b.WriteString("[Dictionary HT]\n")
		writeHTStats(&b, db.dict)
		b.WriteString("[Expires HT]\n")
		writeHTStats(&b, db.expires)
		c.addReplyVerbatim(b.String())
	case sub == "log" && argc == 3:
		s.log.Warn().Msgf("DEBUG LOG: %s", c.argv[2])
		c.addReplyOK()
	case sub == "error" && argc == 3:
		c.addReplyError(string(c.argv[2]))
	default:
		debugSyntaxError(c)
	}
}

// writeHTStats appends Redis's dictGetStats report for d.
func writeHTStats[V any](b *strings.Builder, d *ds.Dict[V]) {
	b.WriteString("Hash table 0 stats (main hash table):\n")
	if d.Len() == 0 {
		b.WriteString("No stats available for empty dictionaries\n")
		return
	}
	size, size1 := d.Buckets()
	if d.IsRehashing() {
		// Chains are not attributed to tables while rehashing.
		fmt.Fprintf(b, " table size: %d\n number of elements: %d\n", size, d.Len())
		fmt.Fprintf(b, "Hash table 1 stats (rehashing target):\n table size: %d\n", size1)
		return
	}
	const vecLen = 50
	var vec [vecLen]int
	slots, maxChain, total := 0, 0, 0
	cursor := uint64(0)
	for {
		chain := 0
		cursor = d.Scan(cursor, func(*ds.Entry[V]) { chain++ })
		vec[min(chain, vecLen-1)]++
		if chain > 0 {
			slots++
			total += chain
			maxChain = max(maxChain, chain)
		}
		if cursor == 0 {
			break
		}
	}
	fmt.Fprintf(b, " table size: %d\n number of elements: %d\n different slots: %d\n max chain length: %d\n",
		size, d.Len(), slots, maxChain)
	fmt.Fprintf(b, " avg chain length (counted): %.02f\n avg chain length (computed): %.02f\n Chain length distribution:\n",
		float64(total)/float64(slots), float64(d.Len())/float64(slots))
	for i, n := range vec {
		if n != 0 {
			fmt.Fprintf(b, "   %d: %d (%.02f%%)\n", i, n, float64(n)/float64(size)*100)
		}
	}
}

// debugObjectLine is DEBUG OBJECT's reply.
func (s *Server) debugObjectLine(key []byte, o *Object) string {
	refcount := int64(1)
	if o.typ == TypeString && o.enc == EncInt && o.n >= 0 && o.n < sharedIntegers {
		refcount = math.MaxInt32
	}
	idle := s.objectIdleMs(o) / 1000
	line := fmt.Sprintf("Value at:%p refcount:%d encoding:%s serializedlength:%d lru:%d lru_seconds_idle:%d",
		o, refcount, o.EncName(), serializedLength(o), o.lru, idle)
	if o.enc == EncQuicklist {
		q := o.quicklist()
		fill, depth := q.Options()
		compressed := 0
		if depth != 0 {
			compressed = 1
		}
		line += fmt.Sprintf(" ql_nodes:%d ql_avg_node:%.2f ql_listpack_max:%d ql_compressed:%d ql_uncompressed_size:%d",
			q.NodeCount(), float64(q.Len())/float64(max(q.NodeCount(), 1)), fill, compressed, q.UncompressedSize())
	}
	return line
}

// rdbLenSize is the bytes of an RDB length prefix for n.
func rdbLenSize(n int64) int64 {
	switch {
	case n < 1<<6:
		return 1
	case n < 1<<14:
		return 2
	case n <= math.MaxUint32:
		return 5
	}
	return 9
}

// serializedLength estimates the RDB size of a value (strings exactly,
// except that LZF compression is not attempted).
func serializedLength(o *Object) int64 {
	if o.typ != TypeString {
		return objectSize(o, 0)
	}
	b := o.strBytes(nil)
	if len(b) <= 11 {
		if v, ok := parseInt(b); ok {
			switch {
			case v >= math.MinInt8 && v <= math.MaxInt8:
				return 2
			case v >= math.MinInt16 && v <= math.MaxInt16:
				return 3
			case v >= math.MinInt32 && v <= math.MaxInt32:
				return 5
			}
		}
	}
	return rdbLenSize(int64(len(b))) + int64(len(b))
}

func debugHelp(c *Client) {
	c.addReplyHelp("DEBUG", []string{
		"DIGEST",
		"    Output a hex signature representing the current DB content.",
		"DIGEST-VALUE <key> [<key> ...]",
		"    Output a hex signature of the values of all the specified keys.",
		"ERROR <string>",
		"    Return a Redis protocol error with <string> as message. Useful for clients",
		"    unit tests to simulate Redis errors.",
		"LOG <message>",
		"    Write <message> to the server log.",
		"HTSTATS <dbid>",
		"    Return hash table statistics of the specified Redis database.",
		"OBJECT <key>",
		"    Show low level info about `key` and associated value.",
		"SET-ACTIVE-EXPIRE <0|1>",
		"    Setting it to 0 disables expiring keys in background when they are not",
		"    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
		"    default.",
		"SLEEP <seconds>",
		"    Stop the server for <seconds>. Decimals allowed.",
	})
}

// --- SLOWLOG -----------------------------------------------------------------

func slowlogGetCommand(s *Server, c *Client) {
	if len(c.argv) > 3 {
		c.addReplyError("ERR unknown subcommand or wrong number of arguments for '" + clip128(c.argv[1]) + "'. Try SLOWLOG HELP.")
		return
	}
	count := int64(10)
	if len(c.argv) == 3 {
		n, ok := parseInt(c.argv[2])
		if !ok || n < -1 {
			c.addReplyError("ERR count should be greater than or equal to -1")
			return
		}
		count = n
	}
	if count == -1 || count > int64(len(s.slowlog)) {
		count = int64(len(s.slowlog))
	}
	c.addReplyArray(int(count))
	for _, e := range s.slowlog[:count] {
		c.addReplyArray(6)
		c.addReplyInt(e.id)
		c.addReplyInt(e.time)
		c.addReplyInt(e.duration)
		c.addReplyArray(len(e.argv))
		for _, a := range e.argv {
			c.addReplyBulkString(a)
		}
		c.addReplyBulkString(e.addr)
		c.addReplyBulkString(e.name)
	}
}

func slowlogLenCommand(s *Server, c *Client) { c.addReplyInt(int64(len(s.slowlog))) }

func slowlogResetCommand(s *Server, c *Client) {
	s.slowlog = nil
	c.addReplyOK()
}

func slowlogHelpCommand(s *Server, c *Client) {
	c.addReplyHelp("SLOWLOG", []string{
		"GET [<count>]",
		"    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
		"    Entries are made of:",
		"    id, timestamp, time in microseconds, arguments array, client IP and port,",
		"    client name",
		"LEN",
		"    Return the length of the slowlog.",
		"RESET",
		"    Reset the slowlog.",
	})
}

// --- LATENCY -----------------------------------------------------------------

// latencyEvents returns the monitored event names, sorted.
func (s *Server) latencyEvents() []string {
	names := make([]string, 0, len(s.latency))
	for name, ls := range s.latency {
		if len(ls.samples) > 0 {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

func latencyLatestCommand(s *Server, c *Client) {
	events := s.latencyEvents()
	c.addReplyArray(len(events))
	for _, name := range events {
		ls := s.latency[name]
		last := ls.samples[len(ls.samples)-1]
		c.addReplyArray(4)
		c.addReplyBulkString(name)
		c.addReplyInt(last.time)
		c.addReplyInt(last.duration)
		c.addReplyInt(ls.max)
	}
}

func latencyHistoryCommand(s *Server, c *Client) {
	ls := s.latency[string(c.argv[2])]
	if ls == nil {
		c.addReplyArray(0)
		return
	}
	c.addReplyArray(len(ls.samples))
	for _, smp := range ls.samples {
		c.addReplyArray(2)
		c.addReplyInt(smp.time)
		c.addReplyInt(smp.duration)
	}
}

func latencyResetCommand(s *Server, c *Client) {
	n := 0
	if len(c.argv) == 2 {
		n = len(s.latency)
		clear(s.latency)
	} else {
		for _, a := range c.argv[2:] {
			if _, ok := s.latency[string(a)]; ok {
				delete(s.latency, string(a))
				n++
			}
		}
	}
	c.addReplyInt(int64(n))
}

// latencyGraphCols is the width of LATENCY GRAPH, as Redis's.
const latencyGraphCols = 80

func latencyGraphCommand(s *Server, c *Client) {
	event := string(c.argv[2])
	ls := s.latency[event]
	if ls == nil || len(ls.samples) == 0 {
		c.addReplyError("ERR No samples available for event '" + event + "'")
		return
	}
	c.addReplyVerbatim(latencyGraph(event, ls, time.Now().Unix()))
}

// latencyGraph renders an event's samples as Redis's sparkline: four rows
// of bars (scaled between the lowest and highest sample), then the age of
// each sample written vertically.
func latencyGraph(event string, ls *latencySeries, now int64) string {
	samples := ls.samples
	if len(samples) > latencyGraphCols {
		samples = samples[len(samples)-latencyGraphCols:]
	}
	lo, hi := samples[0].duration, samples[0].duration
	for _, smp := range samples {
		lo, hi = min(lo, smp.duration), max(hi, smp.duration)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s - high %d ms, low %d ms (all time high %d ms)\n", event, hi, lo, ls.max)
	b.WriteString(strings.Repeat("-", latencyGraphCols) + "\n")
	const rows = 4
	levels := make([]int, len(samples)) // 0..rows*2
	for i, smp := range samples {
		if hi == lo {
			levels[i] = rows * 2 / 2
		} else {
			levels[i] = int((smp.duration - lo) * rows * 2 / (hi - lo))
		}
	}
	for r := rows - 1; r >= 0; r-- {
		for _, l := range levels {
			switch {
			case l >= r*2+2:
				b.WriteByte('#')
			case l == r*2+1:
				b.WriteByte('_')
			case r == 0 && l == 0:
				b.WriteByte('_')
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteByte('\n')
	}
	labels := make([]string, len(samples))
	width := 0
	for i, smp := range samples {
		labels[i] = ageLabel(now - smp.time)
		width = max(width, len(labels[i]))
	}
	for r := 0; r < width; r++ {
		for _, l := range labels {
			if r < len(l) {
				b.WriteByte(l[r])
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// ageLabel is a sample's age as the graph prints it: "12s", "3m", "2h", "1d".
func ageLabel(secs int64) string {
	switch {
	case secs < 60:
		return strconv.FormatInt(secs, 10) + "s"
	case secs < 3600:
		return strconv.FormatInt(secs/60, 10) + "m"
	case secs < 86400:
		return strconv.FormatInt(secs/3600, 10) + "h"
	}
	return strconv.FormatInt(secs/86400, 10) + "d"
}

func latencyDoctorCommand(s *Server, c *Client) {
	c.addReplyVerbatim(s.latencyReport())
}

// latencyReport is LATENCY DOCTOR's text: Redis's per-event summary, and
// its general advice.
func (s *Server) latencyReport() string {
	events := s.latencyEvents()
	if len(events) == 0 {
		if s.cfg.LatencyMonitorThreshold == 0 {
			return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n"
		}
		return "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n"
	}
	var b strings.Builder
	b.WriteString("Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n")
	slowCmd := false
	for i, name := range events {
		ls := s.latency[name]
		var sum int64
		for _, smp := range ls.samples {
			sum += smp.duration
		}
		n := int64(len(ls.samples))
		avg := sum / n
		var dev int64
		for _, smp := range ls.samples {
			d := smp.duration - avg
			if d < 0 {
				d = -d
			}
			dev += d
		}
		dev /= n
		period := float64(time.Now().Unix()-ls.samples[0].time) / float64(n)
		if period == 0 {
			period = 1
		}
		fmt.Fprintf(&b, "%d. %s: %d latency spikes (average %dms, mean deviation %dms, period %.2f sec). Worst all time event %dms.\n",
			i+1, name, n, avg, dev, period, ls.max)
		if name == "command" || name == "fast-command" {
			slowCmd = true
		}
	}
	b.WriteString("\nI have a few advices for you:\n\n")
	if s.cfg.SlowlogSlowerThan < 0 || s.cfg.SlowlogSlowerThan/1000 > s.cfg.LatencyMonitorThreshold {
		fmt.Fprintf(&b, "- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than %d'.\n", s.cfg.LatencyMonitorThreshold*1000)
	}
	if slowCmd {
		b.WriteString("- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n")
		b.WriteString("- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n")
	}
	return b.String()
}

// latencyHistogramCommand reports, per command, the calls made; aeon keeps
// no per-command latency distribution, so histogram_usec is empty.
func latencyHistogramCommand(s *Server, c *Client) {
	var cmds []*Command
	add := func(cmd *Command) {
		if len(cmd.Subs) == 0 {
			if cmd.calls > 0 {
				cmds = append(cmds, cmd)
			}
			return
		}
		for _, sub := range cmd.Subs {
			if sub.calls > 0 {
				cmds = append(cmds, sub)
			}
		}
	}
	if len(c.argv) == 2 {
		for _, cmd := range s.sortedCommands() {
			add(cmd)
		}
	} else {
		for _, a := range c.argv[2:] {
			if cmd := s.lookupCommandName(string(a)); cmd != nil {
				add(cmd)
			}
		}
	}
	c.addReplyMap(len(cmds))
	for _, cmd := range cmds {
		c.addReplyBulkString(cmd.Name)
		c.addReplyMap(2)
		c.addReplyBulkString("calls")
		c.addReplyInt(cmd.calls)
		c.addReplyBulkString("histogram_usec")
		c.addReplyMap(0)
	}
}

func latencyHelpCommand(s *Server, c *Client) {
	c.addReplyHelp("LATENCY", []string{
		"DOCTOR",
		"    Return a human readable latency analysis report.",
		"GRAPH <event>",
		"    Return an ASCII latency graph for the <event> class.",
		"HISTORY <event>",
		"    Return time-latency samples for the <event> class.",
		"LATEST",
		"    Return the latest latency samples for all events.",
		"RESET [<event> ...]",
		"    Reset latency data of one or more <event> classes.",
		"    (default: reset all data for all event classes)",
		"HISTOGRAM [COMMAND ...]",
		"    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
		"    If no commands are specified then all histograms are replied.",
	})
}

// --- TIME, LASTSAVE --------------------------------------------------------

func timeCommand(s *Server, c *Client) {
	now := time.Now()
	c.addReplyArray(2)
	c.addReplyBulkInt(now.Unix())
	c.addReplyBulkInt(int64(now.Nanosecond() / 1000))
}

func lastsaveCommand(s *Server, c *Client) { c.addReplyInt(s.lastSave) }

// --- Redis 7.0's command metadata --------------------------------------------

// redisCmdMeta holds, for every Redis 7.0 command that has any, its
// command tips, key specs and the flags aeon's table does not model; it
// was generated from Redis 7.0.15's COMMAND output.
var redisCmdMeta = map[string]cmdMeta{
	"append": {specs: []keySpec{
		{flags: []string{"RW", "insert"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"bgrewriteaof": {noAsync: true},
	"bgsave":       {noAsync: true},
	"bitcount": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"bitfield": {specs: []keySpec{
		{notes: "This command allows both access and modification of the key", flags: []string{"RW", "access", "update", "variable_flags"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"bitfield_ro": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"bitop": {specs: []keySpec{
		{flags: []string{"OW", "update"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 3, fk: ksRange, fkA: -1, fkB: 1, fkC: 0}}},
	"bitpos": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"blmove": {specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"RW", "insert"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"blmpop": {movable: true, specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 2, fk: ksKeynum, fkA: 0, fkB: 1, fkC: 1}}},
	"blpop": {specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: -2, fkB: 1, fkC: 0}}},
	"brpop": {specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: -2, fkB: 1, fkC: 0}}},
	"brpoplpush": {specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"RW", "insert"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"bzmpop": {movable: true, specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 2, fk: ksKeynum, fkA: 0, fkB: 1, fkC: 1}}},
	"bzpopmax": {specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: -2, fkB: 1, fkC: 0}}},
	"bzpopmin": {specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: -2, fkB: 1, fkC: 0}}},
	"client|info":                   {tips: []string{"nondeterministic_output"}},
	"client|list":                   {tips: []string{"nondeterministic_output"}},
	"cluster|addslots":              {noAsync: true},
	"cluster|addslotsrange":         {noAsync: true},
	"cluster|bumpepoch":             {noAsync: true, tips: []string{"nondeterministic_output"}},
	"cluster|count-failure-reports": {tips: []string{"nondeterministic_output"}},
	"cluster|delslots":              {noAsync: true},
	"cluster|delslotsrange":         {noAsync: true},
	"cluster|failover":              {noAsync: true},
	"cluster|flushslots":            {noAsync: true},
	"cluster|forget":                {noAsync: true},
	"cluster|getkeysinslot":         {tips: []string{"nondeterministic_output"}},
	"cluster|info":                  {tips: []string{"nondeterministic_output"}},
	"cluster|links":                 {tips: []string{"nondeterministic_output"}},
	"cluster|meet":                  {noAsync: true},
	"cluster|nodes":                 {tips: []string{"nondeterministic_output"}},
	"cluster|replicas":              {tips: []string{"nondeterministic_output"}},
	"cluster|replicate":             {noAsync: true},
	"cluster|saveconfig":            {noAsync: true},
	"cluster|set-config-epoch":      {noAsync: true},
	"cluster|setslot":               {noAsync: true},
	"cluster|shards":                {tips: []string{"nondeterministic_output"}},
	"cluster|slaves":                {tips: []string{"nondeterministic_output"}},
	"cluster|slots":                 {tips: []string{"nondeterministic_output"}},
	"command":                       {tips: []string{"nondeterministic_output_order"}},
	"command|docs":                  {tips: []string{"nondeterministic_output_order"}},
	"command|info":                  {tips: []string{"nondeterministic_output_order"}},
	"command|list":                  {tips: []string{"nondeterministic_output_order"}},
	"config|set":                    {tips: []string{"request_policy:all_nodes", "response_policy:all_succeeded"}},
	"copy": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"OW", "update"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"dbsize": {tips: []string{"request_policy:all_shards", "response_policy:agg_sum"}},
	"decr": {specs: []keySpec{
		{flags: []string{"RW", "access", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"decrby": {specs: []keySpec{
		{flags: []string{"RW", "access", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"del": {tips: []string{"request_policy:multi_shard", "response_policy:agg_sum"}, specs: []keySpec{
		{flags: []string{"RM", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: -1, fkB: 1, fkC: 0}}},
	"dump": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"eval": {movable: true, specs: []keySpec{
		{notes: "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE", flags: []string{"RW", "access", "update"}, bs: ksIndex, bsIndex: 2, fk: ksKeynum, fkA: 0, fkB: 1, fkC: 1}}},
	"eval_ro": {movable: true, specs: []keySpec{
		{notes: "We cannot tell how the keys will be used so we assume the worst, RO and ACCESS", flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 2, fk: ksKeynum, fkA: 0, fkB: 1, fkC: 1}}},
	"evalsha": {movable: true, specs: []keySpec{
		{flags: []string{"RW", "access", "update"}, bs: ksIndex, bsIndex: 2, fk: ksKeynum, fkA: 0, fkB: 1, fkC: 1}}},
	"evalsha_ro": {movable: true, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 2, fk: ksKeynum, fkA: 0, fkB: 1, fkC: 1}}},
	"exists": {tips: []string{"request_policy:multi_shard", "response_policy:agg_sum"}, specs: []keySpec{
		{flags: []string{"RO"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: -1, fkB: 1, fkC: 0}}},
	"expire": {specs: []keySpec{
		{flags: []string{"RW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"expireat": {specs: []keySpec{
		{flags: []string{"RW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"expiretime": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"fcall": {movable: true, specs: []keySpec{
		{notes: "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE", flags: []string{"RW", "access", "update"}, bs: ksIndex, bsIndex: 2, fk: ksKeynum, fkA: 0, fkB: 1, fkC: 1}}},
	"fcall_ro": {movable: true, specs: []keySpec{
		{notes: "We cannot tell how the keys will be used so we assume the worst, RO and ACCESS", flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 2, fk: ksKeynum, fkA: 0, fkB: 1, fkC: 1}}},
	"flushall":         {tips: []string{"request_policy:all_shards", "response_policy:all_succeeded"}},
	"flushdb":          {tips: []string{"request_policy:all_shards", "response_policy:all_succeeded"}},
	"function|delete":  {tips: []string{"request_policy:all_shards", "response_policy:all_succeeded"}},
	"function|flush":   {tips: []string{"request_policy:all_shards", "response_policy:all_succeeded"}},
	"function|kill":    {tips: []string{"request_policy:all_shards", "response_policy:one_succeeded"}},
	"function|list":    {tips: []string{"nondeterministic_output_order"}},
	"function|load":    {tips: []string{"request_policy:all_shards", "response_policy:all_succeeded"}},
	"function|restore": {tips: []string{"request_policy:all_shards", "response_policy:all_succeeded"}},
	"function|stats":   {tips: []string{"nondeterministic_output", "request_policy:all_shards", "response_policy:special"}},
	"geoadd": {specs: []keySpec{
		{flags: []string{"RW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"geodist": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"geohash": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"geopos": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"georadius": {movable: true, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"OW", "update"}, bs: ksKeyword, bsKeyword: "STORE", bsStart: 6, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"OW", "update"}, bs: ksKeyword, bsKeyword: "STOREDIST", bsStart: 6, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"georadius_ro": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"georadiusbymember": {movable: true, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"OW", "update"}, bs: ksKeyword, bsKeyword: "STORE", bsStart: 5, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"OW", "update"}, bs: ksKeyword, bsKeyword: "STOREDIST", bsStart: 5, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"georadiusbymember_ro": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"geosearch": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"geosearchstore": {specs: []keySpec{
		{flags: []string{"OW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"get": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"getbit": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"getdel": {specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"getex": {specs: []keySpec{
		{notes: "RW and UPDATE because it changes the TTL", flags: []string{"RW", "access", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"getrange": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"getset": {specs: []keySpec{
		{flags: []string{"RW", "access", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"hdel": {specs: []keySpec{
		{flags: []string{"RW", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"hexists": {specs: []keySpec{
		{flags: []string{"RO"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"hget": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"hgetall": {tips: []string{"nondeterministic_output_order"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"hincrby": {specs: []keySpec{
		{flags: []string{"RW", "access", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"hincrbyfloat": {specs: []keySpec{
		{flags: []string{"RW", "access", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"hkeys": {tips: []string{"nondeterministic_output_order"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"hlen": {specs: []keySpec{
		{flags: []string{"RO"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"hmget": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"hmset": {specs: []keySpec{
		{flags: []string{"RW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"hrandfield": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"hscan": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"hset": {specs: []keySpec{
		{flags: []string{"RW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"hsetnx": {specs: []keySpec{
		{flags: []string{"RW", "insert"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"hstrlen": {specs: []keySpec{
		{flags: []string{"RO"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"hvals": {tips: []string{"nondeterministic_output_order"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"incr": {specs: []keySpec{
		{flags: []string{"RW", "access", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"incrby": {specs: []keySpec{
		{flags: []string{"RW", "access", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"incrbyfloat": {specs: []keySpec{
		{flags: []string{"RW", "access", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"info":              {tips: []string{"nondeterministic_output", "request_policy:all_shards", "response_policy:special"}},
	"keys":              {tips: []string{"request_policy:all_shards", "nondeterministic_output_order"}},
	"lastsave":          {tips: []string{"nondeterministic_output"}},
	"latency|doctor":    {tips: []string{"nondeterministic_output", "request_policy:all_nodes", "response_policy:special"}},
	"latency|graph":     {tips: []string{"nondeterministic_output", "request_policy:all_nodes", "response_policy:special"}},
	"latency|histogram": {tips: []string{"nondeterministic_output", "request_policy:all_nodes", "response_policy:special"}},
	"latency|history":   {tips: []string{"nondeterministic_output", "request_policy:all_nodes", "response_policy:special"}},
	"latency|latest":    {tips: []string{"nondeterministic_output", "request_policy:all_nodes", "response_policy:special"}},
	"latency|reset":     {tips: []string{"request_policy:all_nodes", "response_policy:all_succeeded"}},
	"lcs": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 1, fkB: 1, fkC: 0}}},
	"lindex": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"linsert": {specs: []keySpec{
		{flags: []string{"RW", "insert"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"llen": {specs: []keySpec{
		{flags: []string{"RO"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"lmove": {specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"RW", "insert"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"lmpop": {movable: true, specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksKeynum, fkA: 0, fkB: 1, fkC: 1}}},
	"lpop": {specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"lpos": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"lpush": {specs: []keySpec{
		{flags: []string{"RW", "insert"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"lpushx": {specs: []keySpec{
		{flags: []string{"RW", "insert"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"lrange": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"lrem": {specs: []keySpec{
		{flags: []string{"RW", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"lset": {specs: []keySpec{
		{flags: []string{"RW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"ltrim": {specs: []keySpec{
		{flags: []string{"RW", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"memory|doctor":       {tips: []string{"nondeterministic_output", "request_policy:all_shards", "response_policy:special"}},
	"memory|malloc-stats": {tips: []string{"nondeterministic_output", "request_policy:all_shards", "response_policy:special"}},
	"memory|purge":        {tips: []string{"request_policy:all_shards", "response_policy:all_succeeded"}},
	"memory|stats":        {tips: []string{"nondeterministic_output", "request_policy:all_shards", "response_policy:special"}},
	"memory|usage": {specs: []keySpec{
		{flags: []string{"RO"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"mget": {tips: []string{"request_policy:multi_shard"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: -1, fkB: 1, fkC: 0}}},
	"migrate": {movable: true, tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 3, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"RW", "access", "delete", "incomplete"}, bs: ksKeyword, bsKeyword: "KEYS", bsStart: -2, fk: ksRange, fkA: -1, fkB: 1, fkC: 0}}},
	"module|list":   {tips: []string{"nondeterministic_output_order"}},
	"module|load":   {noAsync: true},
	"module|loadex": {noAsync: true},
	"module|unload": {noAsync: true},
	"move": {specs: []keySpec{
		{flags: []string{"RW", "access", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"mset": {tips: []string{"request_policy:multi_shard", "response_policy:all_succeeded"}, specs: []keySpec{
		{flags: []string{"OW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: -1, fkB: 2, fkC: 0}}},
	"msetnx": {tips: []string{"request_policy:multi_shard", "response_policy:agg_min"}, specs: []keySpec{
		{flags: []string{"OW", "insert"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: -1, fkB: 2, fkC: 0}}},
	"object|encoding": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RO"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"object|freq": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RO"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"object|idletime": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RO"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"object|refcount": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RO"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"persist": {specs: []keySpec{
		{flags: []string{"RW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"pexpire": {specs: []keySpec{
		{flags: []string{"RW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"pexpireat": {specs: []keySpec{
		{flags: []string{"RW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"pexpiretime": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"pfadd": {specs: []keySpec{
		{flags: []string{"RW", "insert"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"pfcount": {specs: []keySpec{
		{notes: "RW because it may change the internal representation of the key, and propagate to replicas", flags: []string{"RW", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: -1, fkB: 1, fkC: 0}}},
	"pfdebug": {specs: []keySpec{
		{flags: []string{"RW", "access"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"pfmerge": {specs: []keySpec{
		{flags: []string{"RW", "access", "insert"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: -1, fkB: 1, fkC: 0}}},
	"ping": {tips: []string{"request_policy:all_shards", "response_policy:all_succeeded"}},
	"psetex": {specs: []keySpec{
		{flags: []string{"OW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"psync": {noAsync: true},
	"pttl": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"randomkey": {tips: []string{"request_policy:all_shards", "nondeterministic_output"}},
	"rename": {specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"OW", "update"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"renamenx": {specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"OW", "insert"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"replicaof": {noAsync: true},
	"restore": {specs: []keySpec{
		{flags: []string{"OW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"restore-asking": {asking: true, specs: []keySpec{
		{flags: []string{"OW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"rpop": {specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"rpoplpush": {specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"RW", "insert"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"rpush": {specs: []keySpec{
		{flags: []string{"RW", "insert"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"rpushx": {specs: []keySpec{
		{flags: []string{"RW", "insert"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"sadd": {specs: []keySpec{
		{flags: []string{"RW", "insert"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"save": {noAsync: true},
	"scan": {tips: []string{"nondeterministic_output", "request_policy:special"}},
	"scard": {specs: []keySpec{
		{flags: []string{"RO"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"script|exists": {tips: []string{"request_policy:all_shards", "response_policy:agg_logical_and"}},
	"script|flush":  {tips: []string{"request_policy:all_nodes", "response_policy:all_succeeded"}},
	"script|kill":   {tips: []string{"request_policy:all_shards", "response_policy:one_succeeded"}},
	"script|load":   {tips: []string{"request_policy:all_nodes", "response_policy:all_succeeded"}},
	"sdiff": {tips: []string{"nondeterministic_output_order"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: -1, fkB: 1, fkC: 0}}},
	"sdiffstore": {specs: []keySpec{
		{flags: []string{"OW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: -1, fkB: 1, fkC: 0}}},
	"set": {specs: []keySpec{
		{notes: "RW and ACCESS due to the optional `GET` argument", flags: []string{"RW", "access", "update", "variable_flags"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"setbit": {specs: []keySpec{
		{flags: []string{"RW", "access", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"setex": {specs: []keySpec{
		{flags: []string{"OW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"setnx": {specs: []keySpec{
		{flags: []string{"OW", "insert"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"setrange": {specs: []keySpec{
		{flags: []string{"RW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"sinter": {tips: []string{"nondeterministic_output_order"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: -1, fkB: 1, fkC: 0}}},
	"sintercard": {movable: true, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksKeynum, fkA: 0, fkB: 1, fkC: 1}}},
	"sinterstore": {specs: []keySpec{
		{flags: []string{"RW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: -1, fkB: 1, fkC: 0}}},
	"sismember": {specs: []keySpec{
		{flags: []string{"RO"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"slaveof":       {noAsync: true},
	"slowlog|get":   {tips: []string{"request_policy:all_nodes", "nondeterministic_output"}},
	"slowlog|len":   {tips: []string{"request_policy:all_nodes", "response_policy:agg_sum", "nondeterministic_output"}},
	"slowlog|reset": {tips: []string{"request_policy:all_nodes", "response_policy:all_succeeded"}},
	"smembers": {tips: []string{"nondeterministic_output_order"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"smismember": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"smove": {specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"RW", "insert"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"sort": {movable: true, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{notes: "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort", flags: []string{"RO", "access"}, bs: ksUnknown, fk: ksUnknown},
		{notes: "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array", flags: []string{"OW", "update"}, bs: ksUnknown, fk: ksUnknown}}},
	"sort_ro": {movable: true, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{notes: "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort", flags: []string{"RO", "access"}, bs: ksUnknown, fk: ksUnknown}}},
	"spop": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"spublish": {specs: []keySpec{
		{flags: []string{"not_key"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"srandmember": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"srem": {specs: []keySpec{
		{flags: []string{"RW", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"sscan": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"ssubscribe": {specs: []keySpec{
		{flags: []string{"not_key"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: -1, fkB: 1, fkC: 0}}},
	"strlen": {specs: []keySpec{
		{flags: []string{"RO"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"substr": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"sunion": {tips: []string{"nondeterministic_output_order"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: -1, fkB: 1, fkC: 0}}},
	"sunionstore": {specs: []keySpec{
		{flags: []string{"OW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: -1, fkB: 1, fkC: 0}}},
	"sunsubscribe": {specs: []keySpec{
		{flags: []string{"not_key"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: -1, fkB: 1, fkC: 0}}},
	"sync": {noAsync: true},
	"time": {tips: []string{"nondeterministic_output"}},
	"touch": {tips: []string{"request_policy:multi_shard", "response_policy:agg_sum"}, specs: []keySpec{
		{flags: []string{"RO"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: -1, fkB: 1, fkC: 0}}},
	"ttl": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"type": {specs: []keySpec{
		{flags: []string{"RO"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"unlink": {tips: []string{"request_policy:multi_shard", "response_policy:agg_sum"}, specs: []keySpec{
		{flags: []string{"RM", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: -1, fkB: 1, fkC: 0}}},
	"wait": {tips: []string{"request_policy:all_shards", "response_policy:agg_min"}},
	"watch": {specs: []keySpec{
		{flags: []string{"RO"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: -1, fkB: 1, fkC: 0}}},
	"xack": {specs: []keySpec{
		{flags: []string{"RW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"xadd": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{notes: "UPDATE instead of INSERT because of the optional trimming feature", flags: []string{"RW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"xautoclaim": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RW", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"xclaim": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"xdel": {specs: []keySpec{
		{flags: []string{"RW", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"xgroup|create": {specs: []keySpec{
		{flags: []string{"RW", "insert"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"xgroup|createconsumer": {specs: []keySpec{
		{flags: []string{"RW", "insert"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"xgroup|delconsumer": {specs: []keySpec{
		{flags: []string{"RW", "delete"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"xgroup|destroy": {specs: []keySpec{
		{flags: []string{"RW", "delete"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"xgroup|setid": {specs: []keySpec{
		{flags: []string{"RW", "update"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"xinfo|consumers": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"xinfo|groups": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"xinfo|stream": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"xlen": {specs: []keySpec{
		{flags: []string{"RO"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"xpending": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"xrange": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"xread": {movable: true, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksKeyword, bsKeyword: "STREAMS", bsStart: 1, fk: ksRange, fkA: -1, fkB: 1, fkC: 2}}},
	"xreadgroup": {movable: true, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksKeyword, bsKeyword: "STREAMS", bsStart: 4, fk: ksRange, fkA: -1, fkB: 1, fkC: 2}}},
	"xrevrange": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"xsetid": {specs: []keySpec{
		{flags: []string{"RW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"xtrim": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RW", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zadd": {specs: []keySpec{
		{flags: []string{"RW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zcard": {specs: []keySpec{
		{flags: []string{"RO"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zcount": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zdiff": {movable: true, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksKeynum, fkA: 0, fkB: 1, fkC: 1}}},
	"zdiffstore": {movable: true, specs: []keySpec{
		{flags: []string{"OW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 2, fk: ksKeynum, fkA: 0, fkB: 1, fkC: 1}}},
	"zincrby": {specs: []keySpec{
		{flags: []string{"RW", "access", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zinter": {movable: true, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksKeynum, fkA: 0, fkB: 1, fkC: 1}}},
	"zintercard": {movable: true, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksKeynum, fkA: 0, fkB: 1, fkC: 1}}},
	"zinterstore": {movable: true, specs: []keySpec{
		{flags: []string{"OW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 2, fk: ksKeynum, fkA: 0, fkB: 1, fkC: 1}}},
	"zlexcount": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zmpop": {movable: true, specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksKeynum, fkA: 0, fkB: 1, fkC: 1}}},
	"zmscore": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zpopmax": {specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zpopmin": {specs: []keySpec{
		{flags: []string{"RW", "access", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zrandmember": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zrange": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zrangebylex": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zrangebyscore": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zrangestore": {specs: []keySpec{
		{flags: []string{"OW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 2, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zrank": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zrem": {specs: []keySpec{
		{flags: []string{"RW", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zremrangebylex": {specs: []keySpec{
		{flags: []string{"RW", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zremrangebyrank": {specs: []keySpec{
		{flags: []string{"RW", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zremrangebyscore": {specs: []keySpec{
		{flags: []string{"RW", "delete"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zrevrange": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zrevrangebylex": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zrevrangebyscore": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zrevrank": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zscan": {tips: []string{"nondeterministic_output"}, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zscore": {specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0}}},
	"zunion": {movable: true, specs: []keySpec{
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 1, fk: ksKeynum, fkA: 0, fkB: 1, fkC: 1}}},
	"zunionstore": {movable: true, specs: []keySpec{
		{flags: []string{"OW", "update"}, bs: ksIndex, bsIndex: 1, fk: ksRange, fkA: 0, fkB: 1, fkC: 0},
		{flags: []string{"RO", "access"}, bs: ksIndex, bsIndex: 2, fk: ksKeynum, fkA: 0, fkB: 1, fkC: 1}}},
}
