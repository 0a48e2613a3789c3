package server

import (
	"strings"
)

// serverCommands are CONFIG, MONITOR and SHUTDOWN.
func serverCommands() []*Command {
	return []*Command{
		{Name: "config", Arity: -2, Cats: CatSlow, Group: "server", Since: "2.0.0", Summary: "A container for server configuration commands.", Complex: "Depends on subcommand.",
			Subs: []*Command{
				{Name: "get", Proc: configGetCommand, Arity: -3, Flags: FlagAdmin | FlagNoscript | FlagLoading | FlagStale, Since: "2.0.0", Summary: "Returns the effective values of configuration parameters.", Complex: "O(N) when N is the number of configuration parameters provided"},
				{Name: "set", Proc: configSetCommand, Arity: -4, Flags: FlagAdmin | FlagNoscript | FlagLoading | FlagStale, Since: "2.0.0", Summary: "Sets configuration parameters in-flight.", Complex: "O(N) when N is the number of configuration parameters provided"},
				{Name: "resetstat", Proc: configResetstatCommand, Arity: 2, Flags: FlagAdmin | FlagNoscript | FlagLoading | FlagStale, Since: "2.0.0", Summary: "Resets the server's statistics.", Complex: "O(1)"},
				{Name: "rewrite", Proc: configRewriteCommand, Arity: 2, Flags: FlagAdmin | FlagNoscript | FlagLoading | FlagStale, Since: "2.8.0", Summary: "Persists the effective configuration to file.", Complex: "O(1)"},
				{Name: "help", Proc: configHelpCommand, Arity: 2, Flags: FlagLoading | FlagStale, Since: "5.0.0", Summary: "Returns helpful text about the different subcommands.", Complex: "O(1)"},
			}},
		{Name: "monitor", Proc: monitorCommand, Arity: 1, Flags: FlagAdmin | FlagNoscript | FlagLoading | FlagStale, Group: "server", Since: "1.0.0",
			Summary: "Listens for all requests received by the server in real-time.", Complex: ""},
		{Name: "shutdown", Proc: shutdownCommand, Arity: -1, Flags: FlagAdmin | FlagNoscript | FlagLoading | FlagStale | FlagNoMulti | FlagSentinel | FlagAllowBusy, Group: "server", Since: "1.0.0",
			Summary: "Synchronously saves the database(s) to disk and shuts down the Redis server.", Complex: "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)"},
	}
}

func configGetCommand(s *Server, c *Client) {
	var pairs []string
	seen := make(map[string]bool)
	for _, pat := range c.argv[2:] {
		lp := strings.ToLower(string(pat))
		// An exact name (or alias) needs no glob, as in Redis.
		if o := s.optIdx[lp]; o != nil && !strings.ContainsAny(lp, "*?[") {
			if !seen[lp] {
				seen[lp] = true
				pairs = append(pairs, lp, o.get())
			}
			continue
		}
		for _, o := range s.opts {
			if !seen[o.name] && globMatch([]byte(lp), []byte(o.name), true) {
				seen[o.name] = true
				pairs = append(pairs, o.name, o.get())
			}
		}
	}
	c.addReplyMap(len(pairs) / 2)
	for _, p := range pairs {
		c.addReplyBulkString(p)
	}
}

// configSetCommand sets several options atomically: all are validated and
// applied, or, if any fails, all are restored.
func configSetCommand(s *Server, c *Client) {
	if len(c.argv)%2 != 0 {
		c.addReplyError("ERR wrong number of arguments for 'config|set' command")
		return
	}
	type change struct {
		o   *configOpt
		old string
	}
	var changes []change
	seen := make(map[*configOpt]bool)
	for i := 2; i < len(c.argv); i += 2 {
		name := strings.ToLower(string(c.argv[i]))
		o := s.optIdx[name]
		if o == nil {
			c.addReplyError("ERR Unknown option or number of arguments for CONFIG SET - '" + string(c.argv[i]) + "'")
			return
		}
		if o.immutable {
			c.addReplyError("ERR CONFIG SET failed (possibly related to argument '" + string(c.argv[i]) + "') - can't set immutable config")
			return
		}
		if seen[o] {
			c.addReplyError("ERR CONFIG SET failed (possibly related to argument '" + string(c.argv[i]) + "') - duplicate parameter")
			return
		}
		seen[o] = true
		changes = append(changes, change{o, o.get()})
	}
	restore := func() {
		for _, ch := range changes {
			ch.o.set(ch.old)
		}
		for _, ch := range changes {
			if ch.o.apply != nil {
				ch.o.apply(s)
			}
		}
	}
	for i, ch := range changes {
		if err := ch.o.set(string(c.argv[3+2*i])); err != nil {
			restore()
			c.addReplyError("ERR CONFIG SET failed (possibly related to argument '" + string(c.argv[2+2*i]) + "') - " + err.Error())
			return
		}
	}
	for i, ch := range changes {
		if ch.o.apply == nil {
			continue
		}
		if err := ch.o.apply(s); err != nil {
			restore()
			c.addReplyError("ERR CONFIG SET failed (possibly related to argument '" + string(c.argv[2+2*i]) + "') - " + err.Error())
			return
		}
	}
	c.addReplyOK()
}

func configResetstatCommand(s *Server, c *Client) {
	s.resetStats()
	c.addReplyOK()
}

func configRewriteCommand(s *Server, c *Client) {
	if s.configFile == "" {
		c.addReplyError("ERR The server is running without a config file")
		return
	}
	if err := s.rewriteConfig(); err != nil {
		s.log.Warn().Err(err).Msg("CONFIG REWRITE failed")
		c.addReplyError("ERR Rewriting config file: " + err.Error())
		return
	}
	s.log.Info().Msg("CONFIG REWRITE executed with success.")
	c.addReplyOK()
}

func configHelpCommand(s *Server, c *Client) {
	c.addReplyHelp("CONFIG", []string{
		"GET <pattern>",
		"    Return parameters matching the glob-like <pattern> and their values.",
		"SET <directive> <value>",
		"    Set the configuration <directive> to <value>.",
		"RESETSTAT",
		"    Reset statistics reported by the INFO command.",
		"REWRITE",
		"    Rewrite the configuration file.",
	})
}

func monitorCommand(s *Server, c *Client) {
	if c.monitor {
		return
	}
	c.monitor = true
	s.monitors = append(s.monitors, c)
	c.addReplyOK()
}

// shutdownCommand stops the server, saving first when save points are set
// (or SAVE is given) unless NOSAVE; a failed save keeps it running unless
// FORCE.
func shutdownCommand(s *Server, c *Client) {
	save, nosave, force := false, false, false
	for _, a := range c.argv[1:] {
		switch {
		case eqFold(a, "nosave"):
			nosave = true
		case eqFold(a, "save"):
			save = true
		case eqFold(a, "force"):
			force = true
		case eqFold(a, "now"):
		case eqFold(a, "abort"):
			if len(c.argv) == 2 {
				c.addReplyError("ERR No shutdown in progress.")
				return
			}
			c.addReplyError(errSyntax)
			return
		default:
			c.addReplyError(errSyntax)
			return
		}
	}
	if save && nosave {
		c.addReplyError(errSyntax)
		return
	}
	s.log.Warn().Str("client", c.addr).Msg("User requested shutdown...")
	if err := s.prepareForShutdown(save, nosave); err != nil && !force {
		c.addReplyError("ERR Errors trying to SHUTDOWN. Check logs.")
		return
	}
	s.shutdownSaved = true
	s.shutdownReq = true
	c.closeAfter = true
}
