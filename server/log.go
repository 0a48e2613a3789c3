package server

import (
	"io"
	"os"
	"runtime"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"
)

// setupLog builds the zerolog logger from logfile, log-format and loglevel.
// Only events that matter are logged, never anything per request.
func (s *Server) setupLog() error {
	var out io.Writer = os.Stdout
	if s.cfg.LogFile != "" {
		f, err := os.OpenFile(s.cfg.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0644)
		if err != nil {
			return err
		}
		s.logOut = f
		out = f
	}
	if s.cfg.LogFormat == "console" {
		color := s.cfg.LogFile == "" && isatty.IsTerminal(os.Stdout.Fd())
		out = zerolog.ConsoleWriter{Out: out, TimeFormat: "02 Jan 2006 15:04:05.000", NoColor: !color}
	}
	// The time field is added by a hook, with milliseconds, rather than by
	// zerolog's Timestamp, whose format is a zerolog package global.
	s.log = zerolog.New(out).Hook(timeHook{}).With().Int("pid", os.Getpid()).Logger()
	s.setLogLevel()
	return nil
}

// timeHook stamps each event with the time, in RFC 3339 with milliseconds.
type timeHook struct{}

func (timeHook) Run(e *zerolog.Event, _ zerolog.Level, _ string) {
	e.Str(zerolog.TimestampFieldName, time.Now().Format("2006-01-02T15:04:05.000Z07:00"))
}

// setLogLevel maps Redis's loglevel onto zerolog's levels.
func (s *Server) setLogLevel() {
	lvl := zerolog.InfoLevel
	switch s.cfg.LogLevel {
	case "debug":
		lvl = zerolog.TraceLevel
	case "verbose":
		lvl = zerolog.DebugLevel
	case "notice":
		lvl = zerolog.InfoLevel
	case "warning":
		lvl = zerolog.WarnLevel
	case "nothing":
		lvl = zerolog.Disabled
	}
	s.log = s.log.Level(lvl)
}

// banner logs the startup lines: version, pid, port, mode, config.
func (s *Server) banner() {
	s.log.Info().Str("version", AeonVersion).Str("redis_version", Version).
		Str("go", runtime.Version()).Int("bits", 64).Msg("aeon starting")
	if s.configFile == "" {
		s.log.Warn().Msg("No config file specified, using the default config. In order to specify a config file use 'aeon /path/to/config.json'")
	} else {
		s.log.Info().Str("file", s.configFile).Msg("Configuration loaded")
	}
	addrs := make([]string, 0, len(s.listeners))
	for _, l := range s.listeners {
		addrs = append(addrs, l.addr)
	}
	s.log.Info().Str("mode", "standalone").Int64("port", s.cfg.Port).Strs("listening", addrs).
		Int64("maxclients", s.cfg.MaxClients).Msg("Ready to accept connections")
}

// processCPU returns the process's user and system CPU seconds.
func processCPU() (user, sys float64) {
	var ru rusage
	getrusage(&ru)
	return ru.user.Seconds(), ru.sys.Seconds()
}

type rusage struct{ user, sys time.Duration }
