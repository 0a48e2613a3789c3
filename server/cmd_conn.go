package server

import (
	"fmt"
	"sort"
	"strings"
)

// connectionCommands are the connection group: PING, ECHO, QUIT, SELECT,
// HELLO, AUTH, RESET and CLIENT.
func connectionCommands() []*Command {
	return []*Command{
		{Name: "ping", Proc: pingCommand, Arity: -1, Flags: FlagFast, Cats: CatConnection,
			Group: "connection", Since: "1.0.0", Summary: "Returns the server's liveliness response.", Complex: "O(1)"},
		{Name: "echo", Proc: echoCommand, Arity: 2, Flags: FlagFast | FlagStale | FlagLoading, Cats: CatConnection,
			Group: "connection", Since: "1.0.0", Summary: "Returns the given string.", Complex: "O(1)"},
		{Name: "quit", Proc: quitCommand, Arity: -1, Flags: FlagNoAuth | FlagStale | FlagLoading | FlagFast | FlagNoscript | FlagAllowBusy, Cats: CatConnection,
			Group: "connection", Since: "1.0.0", Summary: "Closes the connection.", Complex: "O(1)"},
		{Name: "select", Proc: selectCommand, Arity: 2, Flags: FlagLoading | FlagStale | FlagFast, Cats: CatConnection,
			Group: "connection", Since: "1.0.0", Summary: "Changes the selected database.", Complex: "O(1)"},
	}
}

func pingCommand(s *Server, c *Client) {
	if len(c.argv) > 2 {
		c.addReplyError("ERR wrong number of arguments for 'ping' command")
		return
	}
	if c.kind == kindPubsub && c.proto == 2 {
		c.addReplyArray(2)
		c.addReplyBulkString("pong")
		if len(c.argv) == 1 {
			c.addReplyBulkString("")
		} else {
			c.addReplyBulk(c.argv[1])
		}
		return
	}
	if len(c.argv) == 1 {
		c.addReplySimple("PONG")
	} else {
		c.addReplyBulk(c.argv[1])
	}
}

func echoCommand(s *Server, c *Client) { c.addReplyBulk(c.argv[1]) }

func quitCommand(s *Server, c *Client) {
	c.addReplyOK()
	c.closeAfter = true
}

func selectCommand(s *Server, c *Client) {
	id, ok := intArgOrReply(c, c.argv[1], "")
	if !ok {
		return
	}
	if id < 0 || id >= len(s.dbs) {
		c.addReplyError(errDBRange)
		return
	}
	c.db = s.dbs[id]
	c.addReplyOK()
}

// connectionCommands2 are HELLO, AUTH, RESET and CLIENT.
func connectionCommands2() []*Command {
	return []*Command{
		{Name: "hello", Proc: helloCommand, Arity: -1, Flags: FlagNoscript | FlagLoading | FlagStale | FlagFast | FlagNoAuth | FlagAllowBusy, Cats: CatConnection,
			Group: "connection", Since: "6.0.0", Summary: "Handshakes with the Redis server.", Complex: "O(1)"},
		{Name: "auth", Proc: authCommand, Arity: -2, Flags: FlagNoscript | FlagLoading | FlagStale | FlagFast | FlagNoAuth | FlagAllowBusy, Cats: CatConnection,
			Group: "connection", Since: "1.0.0", Summary: "Authenticates the connection.", Complex: "O(N) where N is the number of passwords defined for the user"},
		{Name: "reset", Proc: resetCommand, Arity: 1, Flags: FlagNoscript | FlagLoading | FlagStale | FlagFast | FlagNoAuth | FlagAllowBusy, Cats: CatConnection,
			Group: "connection", Since: "6.2.0", Summary: "Resets the connection.", Complex: "O(1)"},
		{Name: "client", Arity: -2, Cats: CatSlow, Group: "connection", Since: "2.4.0", Summary: "A container for client connection commands.", Complex: "Depends on subcommand.",
			Subs: []*Command{
				{Name: "id", Proc: clientIDCommand, Arity: 2, Flags: FlagNoscript | FlagLoading | FlagStale, Cats: CatConnection, Since: "5.0.0", Summary: "Returns the unique client ID of the connection.", Complex: "O(1)"},
				{Name: "setname", Proc: clientSetnameCommand, Arity: 3, Flags: FlagNoscript | FlagLoading | FlagStale, Cats: CatConnection, Since: "2.6.9", Summary: "Sets the connection name.", Complex: "O(1)"},
				{Name: "getname", Proc: clientGetnameCommand, Arity: 2, Flags: FlagNoscript | FlagLoading | FlagStale, Cats: CatConnection, Since: "2.6.9", Summary: "Returns the name of the connection.", Complex: "O(1)"},
				{Name: "setinfo", Proc: clientSetinfoCommand, Arity: 4, Flags: FlagNoscript | FlagLoading | FlagStale, Cats: CatConnection, Since: "7.2.0", Summary: "Sets information specific to the client or connection.", Complex: "O(1)"},
				{Name: "info", Proc: clientInfoCommand, Arity: 2, Flags: FlagNoscript | FlagLoading | FlagStale, Cats: CatConnection, Since: "6.2.0", Summary: "Returns information about the connection.", Complex: "O(1)"},
				{Name: "list", Proc: clientListCommand, Arity: -2, Flags: FlagAdmin | FlagNoscript | FlagLoading | FlagStale, Cats: CatConnection, Since: "2.4.0", Summary: "Lists open connections.", Complex: "O(N) where N is the number of client connections"},
				{Name: "kill", Proc: clientKillCommand, Arity: -3, Flags: FlagAdmin | FlagNoscript | FlagLoading | FlagStale, Cats: CatConnection, Since: "2.4.0", Summary: "Terminates open connections.", Complex: "O(N) where N is the number of client connections"},
				{Name: "pause", Proc: clientPauseCommand, Arity: -3, Flags: FlagAdmin | FlagNoscript | FlagLoading | FlagStale, Cats: CatConnection, Since: "3.0.0", Summary: "Suspends commands processing.", Complex: "O(1)"},
				{Name: "unpause", Proc: clientUnpauseCommand, Arity: 2, Flags: FlagAdmin | FlagNoscript | FlagLoading | FlagStale, Cats: CatConnection, Since: "6.2.0", Summary: "Resumes processing commands from paused clients.", Complex: "O(N) Where N is the number of paused clients"},
				{Name: "unblock", Proc: clientUnblockCommand, Arity: -3, Flags: FlagAdmin | FlagNoscript | FlagLoading | FlagStale, Cats: CatConnection, Since: "5.0.0", Summary: "Unblocks a client blocked by a blocking command from a different connection.", Complex: "O(log N) where N is the number of client connections"},
				{Name: "reply", Proc: clientReplyCommand, Arity: 3, Flags: FlagNoscript | FlagLoading | FlagStale, Cats: CatConnection, Since: "3.2.0", Summary: "Instructs the server whether to reply to commands.", Complex: "O(1)"},
				{Name: "no-evict", Proc: clientNoEvictCommand, Arity: 3, Flags: FlagAdmin | FlagNoscript | FlagLoading | FlagStale, Cats: CatConnection, Since: "7.0.0", Summary: "Sets the client eviction mode of the connection.", Complex: "O(1)"},
				{Name: "no-touch", Proc: clientNoTouchCommand, Arity: 3, Flags: FlagNoscript | FlagLoading | FlagStale, Cats: CatConnection, Since: "7.2.0", Summary: "Controls whether commands sent by the client affect the LRU/LFU of accessed keys.", Complex: "O(1)"},
				{Name: "help", Proc: clientHelpCommand, Arity: 2, Flags: FlagLoading | FlagStale, Cats: CatConnection, Since: "5.0.0", Summary: "Returns helpful text about the different subcommands.", Complex: "O(1)"},
			}},
	}
}

const (
	errWrongPass   = "WRONGPASS invalid username-password pair or user is disabled."
	errBadName     = "ERR Client names cannot contain spaces, newlines or special characters."
	errNoPassword  = "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?"
	errHelloNoAuth = "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"
)

// checkPassword authenticates user/pass against the default user.
func (s *Server) checkPassword(user, pass []byte) bool {
	if string(user) != "default" {
		return false
	}
	if s.cfg.RequirePass == "" {
		return true
	}
	return string(pass) == s.cfg.RequirePass
}

func authCommand(s *Server, c *Client) {
	if len(c.argv) > 3 {
		c.addReplyError(errSyntax)
		return
	}
	user, pass := []byte("default"), c.argv[1]
	if len(c.argv) == 3 {
		user, pass = c.argv[1], c.argv[2]
	} else if s.cfg.RequirePass == "" {
		c.addReplyError(errNoPassword)
		return
	}
	if !s.checkPassword(user, pass) {
		c.addReplyError(errWrongPass)
		return
	}
	c.authed = true
	c.user = "default"
	c.addReplyOK()
}

// validName reports whether a client or library name has only the
// characters Redis allows ('!' to '~').
func validName(b []byte) bool {
	for _, ch := range b {
		if ch < '!' || ch > '~' {
			return false
		}
	}
	return true
}

func helloCommand(s *Server, c *Client) {
	ver := int64(0)
	next := 1
	if len(c.argv) >= 2 {
		v, ok := parseInt(c.argv[1])
		if !ok {
			c.addReplyError("ERR Protocol version is not an integer or out of range")
			return
		}
		if v < 2 || v > 3 {
			c.addReplyError("NOPROTO unsupported protocol version")
			return
		}
		ver = v
		next = 2
	}
	var name []byte
	setName := false
	for j := next; j < len(c.argv); j++ {
		more := len(c.argv) - j - 1
		switch {
		case eqFold(c.argv[j], "auth") && more >= 2:
			if !s.checkPassword(c.argv[j+1], c.argv[j+2]) {
				c.addReplyError(errWrongPass)
				return
			}
			c.authed = true
			c.user = "default"
			j += 2
		case eqFold(c.argv[j], "setname") && more >= 1:
			name = c.argv[j+1]
			if !validName(name) {
				c.addReplyError(errBadName)
				return
			}
			setName = true
			j++
		default:
			c.addReplyError("ERR Syntax error in HELLO option '" + string(c.argv[j]) + "'")
			return
		}
	}
	if !c.authed {
		c.addReplyError(errHelloNoAuth)
		return
	}
	if setName {
		c.name = string(name)
	}
	if ver != 0 {
		c.proto = int(ver)
	}
	c.addReplyMap(7)
	c.addReplyBulkString("server")
	c.addReplyBulkString("redis")
	c.addReplyBulkString("version")
	c.addReplyBulkString(Version)
	c.addReplyBulkString("proto")
	c.addReplyInt(int64(c.proto))
	c.addReplyBulkString("id")
	c.addReplyInt(c.id)
	c.addReplyBulkString("mode")
	c.addReplyBulkString("standalone")
	c.addReplyBulkString("role")
	c.addReplyBulkString("master")
	c.addReplyBulkString("modules")
	c.addReplyArray(0)
}

func resetCommand(s *Server, c *Client) {
	if c.monitor {
		s.removeMonitor(c)
	}
	c.db = s.dbs[0]
	c.proto = 2
	c.name = ""
	c.replyMode = replyOn
	c.noEvict = false
	c.noTouch = false
	c.authed = s.cfg.RequirePass == ""
	c.user = "default"
	c.kind = kindNormal
	c.addReplySimple("RESET")
}

func clientIDCommand(s *Server, c *Client) { c.addReplyInt(c.id) }

func clientSetnameCommand(s *Server, c *Client) {
	if !validName(c.argv[2]) {
		c.addReplyError(errBadName)
		return
	}
	c.name = string(c.argv[2])
	c.addReplyOK()
}

func clientGetnameCommand(s *Server, c *Client) {
	if c.name == "" {
		c.addReplyNull()
		return
	}
	c.addReplyBulkString(c.name)
}

func clientSetinfoCommand(s *Server, c *Client) {
	attr := c.argv[2]
	var field *string
	switch {
	case eqFold(attr, "lib-name"):
		field = &c.libName
	case eqFold(attr, "lib-ver"):
		field = &c.libVer
	default:
		c.addReplyError("ERR Unrecognized option '" + string(attr) + "'")
		return
	}
	if !validName(c.argv[3]) {
		c.addReplyError("ERR " + strings.ToLower(string(attr)) + " cannot contain spaces, newlines or special characters.")
		return
	}
	*field = string(c.argv[3])
	c.addReplyOK()
}

// clientFlags renders CLIENT LIST's flags= field.
func (c *Client) flagString() string {
	var f []byte
	switch c.kind {
	case kindReplica:
		f = append(f, 'S')
	case kindMaster:
		f = append(f, 'M')
	}
	if c.kind == kindPubsub {
		f = append(f, 'P')
	}
	if c.monitor {
		f = append(f, 'O')
	}
	if c.closeAfter {
		f = append(f, 'c')
	}
	if c.closing {
		f = append(f, 'A')
	}
	if c.noEvict {
		f = append(f, 'e')
	}
	if c.noTouch {
		f = append(f, 'T')
	}
	if c.blocked != nil {
		f = append(f, 'b')
	}
	if len(f) == 0 {
		return "N"
	}
	return string(f)
}

// infoLine renders c as one CLIENT LIST line (Redis 7.0's fields, plus
// 7.2's lib-name and lib-ver).
func (s *Server) clientInfoLine(c *Client) string {
	events := "r"
	if c.readPaused {
		events = ""
	}
	if c.writeArmed {
		events += "w"
	}
	cmd := "NULL"
	if c.cmd != nil {
		cmd = c.cmd.Name
	} else if c.last != nil {
		cmd = c.last.Name
	}
	argvMem := 0
	for _, a := range c.argv {
		argvMem += len(a)
	}
	omem := c.pendingOutput()
	totMem := cap(c.qbuf) + cap(c.reply) + 1024
	return fmt.Sprintf("id=%d addr=%s laddr=%s fd=%d name=%s age=%d idle=%d flags=%s db=%d sub=0 psub=0 ssub=0 multi=-1 qbuf=%d qbuf-free=%d argv-mem=%d multi-mem=0 rbs=%d rbp=%d obl=0 oll=0 omem=%d tot-mem=%d events=%s cmd=%s user=%s redir=-1 resp=%d lib-name=%s lib-ver=%s",
		c.id, c.addr, c.laddr, c.fd, c.name, (s.unixMs-c.ctime)/1000, (s.unixMs-c.lastActive)/1000,
		c.flagString(), c.db.id, len(c.qbuf), cap(c.qbuf)-len(c.qbuf), argvMem, cap(c.reply), len(c.reply),
		omem, totMem, events, cmd, c.user, c.proto, c.libName, c.libVer)
}

func clientInfoCommand(s *Server, c *Client) {
	c.addReplyVerbatim(s.clientInfoLine(c) + "\n")
}

// clientsByID returns the connected clients sorted by id (creation order,
// as Redis's client list).
func (s *Server) clientsByID() []*Client {
	var out []*Client
	s.forEachClient(func(c *Client) { out = append(out, c) })
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// parseClientType maps CLIENT LIST/KILL TYPE names to client kinds.
func parseClientType(b []byte) (int, bool) {
	switch {
	case eqFold(b, "normal"):
		return kindNormal, true
	case eqFold(b, "replica"), eqFold(b, "slave"):
		return kindReplica, true
	case eqFold(b, "pubsub"):
		return kindPubsub, true
	case eqFold(b, "master"):
		return kindMaster, true
	}
	return 0, false
}

func clientListCommand(s *Server, c *Client) {
	typ := -1
	var ids map[int64]bool
	if len(c.argv) == 4 && eqFold(c.argv[2], "type") {
		t, ok := parseClientType(c.argv[3])
		if !ok {
			c.addReplyError("ERR Unknown client type '" + string(c.argv[3]) + "'")
			return
		}
		typ = t
	} else if len(c.argv) > 3 && eqFold(c.argv[2], "id") {
		ids = make(map[int64]bool)
		for _, a := range c.argv[3:] {
			id, ok := parseInt(a)
			if !ok || id <= 0 {
				c.addReplyError("ERR Invalid client ID")
				return
			}
			ids[id] = true
		}
	} else if len(c.argv) != 2 {
		c.addReplyError(errSyntax)
		return
	}
	var b strings.Builder
	for _, cl := range s.clientsByID() {
		if typ >= 0 && cl.kind != typ {
			continue
		}
		if ids != nil && !ids[cl.id] {
			continue
		}
		b.WriteString(s.clientInfoLine(cl))
		b.WriteByte('\n')
	}
	c.addReplyVerbatim(b.String())
}

func clientKillCommand(s *Server, c *Client) {
	// Old form: CLIENT KILL addr:port
	if len(c.argv) == 3 {
		for _, cl := range s.clientsByID() {
			if cl.addr == string(c.argv[2]) {
				c.addReplyOK()
				s.killClient(c, cl)
				return
			}
		}
		c.addReplyError("ERR No such client")
		return
	}
	var (
		id                    int64
		typ                   = -1
		addr, laddr, user     string
		haveUser              bool
		skipMe                = true
		maxAge                int64
		haveID, haveAddr, hLA bool
	)
	for i := 2; i < len(c.argv); i += 2 {
		if i+1 >= len(c.argv) {
			c.addReplyError(errSyntax)
			return
		}
		opt, val := c.argv[i], c.argv[i+1]
		switch {
		case eqFold(opt, "id"):
			v, ok := parseInt(val)
			if !ok || v <= 0 {
				c.addReplyError("ERR client-id should be greater than 0")
				return
			}
			id, haveID = v, true
		case eqFold(opt, "type"):
			t, ok := parseClientType(val)
			if !ok {
				c.addReplyError("ERR Unknown client type '" + string(val) + "'")
				return
			}
			typ = t
		case eqFold(opt, "addr"):
			addr, haveAddr = string(val), true
		case eqFold(opt, "laddr"):
			laddr, hLA = string(val), true
		case eqFold(opt, "user"):
			if string(val) != "default" {
				c.addReplyError("ERR No such user '" + string(val) + "'")
				return
			}
			user, haveUser = string(val), true
		case eqFold(opt, "skipme"):
			switch {
			case eqFold(val, "yes"):
				skipMe = true
			case eqFold(val, "no"):
				skipMe = false
			default:
				c.addReplyError(errSyntax)
				return
			}
		case eqFold(opt, "maxage"):
			v, ok := parseInt(val)
			if !ok || v < 0 {
				c.addReplyError(errSyntax)
				return
			}
			maxAge = v
		default:
			c.addReplyError(errSyntax)
			return
		}
	}
	killed := 0
	var self *Client
	for _, cl := range s.clientsByID() {
		if (haveID && cl.id != id) || (typ >= 0 && cl.kind != typ) ||
			(haveAddr && cl.addr != addr) || (hLA && cl.laddr != laddr) ||
			(haveUser && cl.user != user) || (skipMe && cl == c) ||
			(maxAge > 0 && (s.unixMs-cl.ctime)/1000 < maxAge) {
			continue
		}
		killed++
		if cl == c {
			self = cl
			continue
		}
		s.killClient(c, cl)
	}
	c.addReplyInt(int64(killed))
	if self != nil {
		c.closeAfter = true
	}
}

// killClient closes victim for CLIENT KILL; killing oneself closes after the
// reply.
func (s *Server) killClient(by, victim *Client) {
	if victim == by {
		by.closeAfter = true
		return
	}
	s.freeClientAsync(victim)
}

func clientPauseCommand(s *Server, c *Client) {
	ms, ok := parseInt(c.argv[2])
	if !ok {
		c.addReplyError("ERR timeout is not an integer or out of range")
		return
	}
	if ms < 0 {
		c.addReplyError("ERR timeout is negative")
		return
	}
	write := false
	if len(c.argv) == 4 {
		switch {
		case eqFold(c.argv[3], "write"):
			write = true
		case eqFold(c.argv[3], "all"):
		default:
			c.addReplyError("ERR CLIENT PAUSE mode must be WRITE or ALL")
			return
		}
	} else if len(c.argv) > 4 {
		c.addReplyError(errSyntax)
		return
	}
	end := s.unixMs + ms
	// A stricter pause (ALL over WRITE) or a later end wins, as in Redis.
	if s.pauseEnd == 0 || end > s.pauseEnd {
		s.pauseEnd = end
	}
	if s.pauseEnd != 0 && s.pauseWrite && !write {
		s.pauseWrite = false
	} else if s.pauseEnd == end {
		s.pauseWrite = write
	}
	c.addReplyOK()
}

func clientUnpauseCommand(s *Server, c *Client) {
	c.addReplyOK()
	if s.pauseEnd != 0 {
		// Resume the paused clients from the loop, not from inside this
		// client's command.
		s.el.Post(s.unpause)
	}
}

func clientReplyCommand(s *Server, c *Client) {
	switch {
	case eqFold(c.argv[2], "on"):
		c.replyMode = replyOn
		c.addReplyOK()
	case eqFold(c.argv[2], "off"):
		c.replyMode = replyOff
	case eqFold(c.argv[2], "skip"):
		if c.replyMode == replyOn {
			c.replyMode = replySkipNext
		}
	default:
		c.addReplyError(errSyntax)
	}
}

// onOff parses an on|off argument, replying a syntax error otherwise.
func onOff(c *Client, b []byte) (bool, bool) {
	switch {
	case eqFold(b, "on"):
		return true, true
	case eqFold(b, "off"):
		return false, true
	}
	c.addReplyError(errSyntax)
	return false, false
}

func clientNoEvictCommand(s *Server, c *Client) {
	if v, ok := onOff(c, c.argv[2]); ok {
		c.noEvict = v
		c.addReplyOK()
	}
}

func clientNoTouchCommand(s *Server, c *Client) {
	if v, ok := onOff(c, c.argv[2]); ok {
		c.noTouch = v
		c.addReplyOK()
	}
}

func clientHelpCommand(s *Server, c *Client) {
	c.addReplyHelp("CLIENT", []string{
		"GETNAME",
		"    Return the name of the current connection.",
		"ID",
		"    Return the ID of the current connection.",
		"INFO",
		"    Return information about the current client connection.",
		"KILL <ip:port>",
		"    Kill connection made from <ip:port>.",
		"KILL <option> <value> [<option> <value> [...]]",
		"    Kill connections. Options are:",
		"    * ADDR (<ip:port>|<unixsocket>:0)",
		"      Kill connections made from the specified address",
		"    * LADDR (<ip:port>|<unixsocket>:0)",
		"      Kill connections made to specified local address",
		"    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
		"      Kill connections by type.",
		"    * USER <username>",
		"      Kill connections authenticated by <username>.",
		"    * SKIPME (YES|NO)",
		"      Skip killing current connection (default: yes).",
		"    * ID <client-id>",
		"      Kill connections by client id.",
		"    * MAXAGE <maxage>",
		"      Kill connections older than the specified age.",
		"LIST [options ...]",
		"    Return information about client connections. Options:",
		"    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
		"      Return clients of specified type.",
		"UNPAUSE",
		"    Stop the current client pause, resuming traffic.",
		"UNBLOCK <clientid> [TIMEOUT|ERROR]",
		"    Unblock the specified blocked client.",
		"PAUSE <timeout> [WRITE|ALL]",
		"    Suspend all, or just write, clients for <timeout> milliseconds.",
		"REPLY (ON|OFF|SKIP)",
		"    Control the replies sent to the current connection.",
		"SETNAME <name>",
		"    Assign the name <name> to the current connection.",
		"SETINFO <option> <value>",
		"    Set client meta attr. Options are:",
		"    * LIB-NAME: the client lib name.",
		"    * LIB-VER: the client lib version.",
		"NO-EVICT (ON|OFF)",
		"    Protect current client connection from eviction.",
		"NO-TOUCH (ON|OFF)",
		"    Will not touch LRU/LFU stats when this mode is on.",
	})
}
