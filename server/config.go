package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Config holds the server's settings. Every field is named after, and
// parsed like, the Redis option of the same name; the option table below
// is the one place that lists them.
type Config struct {
	Bind                    []string
	Port                    int64
	TCPBacklog              int64
	UnixSocket              string
	UnixSocketPerm          int64
	Timeout                 int64
	TCPKeepAlive            int64
	ProtectedMode           bool
	Databases               int64
	LogLevel                string
	LogFile                 string
	LogFormat               string
	MaxClients              int64
	RequirePass             string
	Hz                      int64
	DynamicHz               bool
	Save                    string
	savePoints              []savePoint // Save, parsed
	DBFilename              string
	RDBCompression          bool
	RDBChecksum             bool
	StopWritesOnBgsaveError bool
	SanitizeDumpPayload     string
	Dir                     string
	AppendOnly              bool
	AppendFilename          string
	AppendDirname           string
	AppendFsync             string
	AOFUseRDBPreamble       bool
	AutoAOFRewritePerc      int64
	AutoAOFRewriteMinSize   int64
	AOFLoadTruncated        bool
	ClientQueryBufferLimit  int64
	ProtoMaxBulkLen         int64
	ObufLimits              [3]obufLimit // normal, replica, pubsub
	SlowlogSlowerThan       int64
	SlowlogMaxLen           int64
	LatencyMonitorThreshold int64
	ActiveExpireEffort      int64
	BusyPollUs              int64
	Daemonize               bool
	PidFile                 string
	MaxmemoryPolicy         string
	LFULogFactor            int64
	LFUDecayTime            int64
	ListMaxListpackSize     int64
	ListCompressDepth       int64
	HashMaxListpackEntries  int64
	HashMaxListpackValue    int64
	SetMaxIntsetEntries     int64
	ZsetMaxListpackEntries  int64
	ZsetMaxListpackValue    int64
	HllSparseMaxBytes       int64
	EnableDebugCommand      string
}

// savePoint is one "save <seconds> <changes>" pair.
type savePoint struct{ seconds, changes int64 }

// obufLimit is one class of client-output-buffer-limit.
type obufLimit struct{ hard, soft, softSeconds int64 }

var obufClassNames = [3]string{"normal", "replica", "pubsub"}

// configOpt is one option of the table: how to read, parse and apply it.
type configOpt struct {
	name      string
	alias     string
	desc      string
	def       string // default, in Redis's config-file syntax
	immutable bool
	get       func() string
	set       func(v string) error // parse, validate and store
	apply     func(s *Server) error
}

// Errors reported by option parsers; CONFIG SET wraps them as Redis does.
var (
	errBool   = errors.New("argument must be 'yes' or 'no'")
	errInt    = errors.New("argument couldn't be parsed into an integer")
	errMemory = errors.New("argument must be a memory value")
)

func boolOpt(name string, p *bool, def bool, desc string) *configOpt {
	return &configOpt{name: name, desc: desc, def: yesno(def),
		get: func() string { return yesno(*p) },
		set: func(v string) error {
			switch strings.ToLower(v) {
			case "yes":
				*p = true
			case "no":
				*p = false
			default:
				return errBool
			}
			return nil
		}}
}

func yesno(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func intOpt(name string, p *int64, def, min, max int64, desc string) *configOpt {
	return &configOpt{name: name, desc: desc, def: strconv.FormatInt(def, 10),
		get: func() string { return strconv.FormatInt(*p, 10) },
		set: func(v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return errInt
			}
			if n < min || n > max {
				return fmt.Errorf("argument must be between %d and %d inclusive", min, max)
			}
			*p = n
			return nil
		}}
}

func memOpt(name string, p *int64, def string, min, max int64, desc string) *configOpt {
	return &configOpt{name: name, desc: desc, def: def,
		get: func() string { return strconv.FormatInt(*p, 10) },
		set: func(v string) error {
			n, ok := parseMemory(v)
			if !ok {
				return errMemory
			}
			if n < min || n > max {
				return fmt.Errorf("argument must be between %d and %d inclusive", min, max)
			}
			*p = n
			return nil
		}}
}

func strOpt(name string, p *string, def, desc string) *configOpt {
	return &configOpt{name: name, desc: desc, def: def,
		get: func() string { return *p },
		set: func(v string) error { *p = v; return nil }}
}

func enumOpt(name string, p *string, def string, values []string, desc string) *configOpt {
	return &configOpt{name: name, desc: desc, def: def,
		get: func() string { return *p },
		set: func(v string) error {
			for _, ok := range values {
				if strings.EqualFold(v, ok) {
					*p = ok
					return nil
				}
			}
			return errors.New("argument(s) must be one of the following: " + strings.Join(values, ", "))
		}}
}

// parseMemory parses "100", "1k", "1kb", "2mb", "1gb" as Redis's memtoull.
func parseMemory(v string) (int64, bool) {
	v = strings.ToLower(v)
	mul := int64(1)
	for _, u := range []struct {
		suffix string
		mul    int64
	}{{"kb", 1024}, {"mb", 1 << 20}, {"gb", 1 << 30}, {"k", 1000}, {"m", 1e6}, {"g", 1e9}, {"b", 1}} {
		if strings.HasSuffix(v, u.suffix) {
			v, mul = v[:len(v)-len(u.suffix)], u.mul
			break
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	return n * mul, true
}

const (
	maxInt64 = int64(^uint64(0) >> 1)
	intMax   = int64(1<<31 - 1)
)

// withClamp makes an integer option clamp into [min, max] after parsing,
// as Redis does for hz.
func withClamp(o *configOpt, p *int64, min, max int64) *configOpt {
	set := o.set
	o.set = func(v string) error {
		if err := set(v); err != nil {
			return err
		}
		*p = clampInt(*p, min, max)
		return nil
	}
	return o
}

func clampInt(v, min, max int64) int64 {
	if v < min {
		return min
	}
	if v > max {
		return max
	}
	return v
}

// options returns the option table bound to cfg. s may be nil when only
// parsing; apply hooks then do nothing.
func (cfg *Config) options() []*configOpt {
	opts := []*configOpt{
		{name: "bind", def: "* -::*", desc: "Interfaces to listen on (space separated; a leading '-' means the address may be unavailable).",
			get:   func() string { return strings.Join(cfg.Bind, " ") },
			set:   func(v string) error { cfg.Bind = strings.Fields(v); return nil },
			apply: func(s *Server) error { return s.relisten() }},
		withApply(intOpt("port", &cfg.Port, 6379, 0, 65535, "TCP port to accept connections on; 0 disables TCP."),
			func(s *Server) error { return s.relisten() }),
		immutable(intOpt("tcp-backlog", &cfg.TCPBacklog, 511, 0, intMax, "Backlog of the listen() call.")),
		immutable(strOpt("unixsocket", &cfg.UnixSocket, "", "Path of a Unix socket to listen on; empty for none.")),
		immutable(&configOpt{name: "unixsocketperm", def: "0", desc: "Permissions of the Unix socket, in octal.",
			get: func() string { return strconv.FormatInt(cfg.UnixSocketPerm, 8) },
			set: func(v string) error {
				n, err := strconv.ParseInt(v, 8, 64)
				if err != nil || n < 0 || n > 0777 {
					return errors.New("argument must be between 0 and 777 inclusive")
				}
				cfg.UnixSocketPerm = n
				return nil
			}}),
		intOpt("timeout", &cfg.Timeout, 0, 0, intMax, "Close a client after it is idle this many seconds (0 = never)."),
		intOpt("tcp-keepalive", &cfg.TCPKeepAlive, 300, 0, intMax, "Seconds between TCP keepalive probes on client sockets (0 = off)."),
		boolOpt("protected-mode", &cfg.ProtectedMode, true, "With no password set, accept only loopback and Unix-socket clients."),
		immutable(intOpt("databases", &cfg.Databases, 16, 1, 1<<20, "Number of databases (SELECT 0 .. databases-1).")),
		withApply(enumOpt("loglevel", &cfg.LogLevel, "notice", []string{"debug", "verbose", "notice", "warning", "nothing"}, "Log verbosity."),
			func(s *Server) error { s.setLogLevel(); return nil }),
		immutable(strOpt("logfile", &cfg.LogFile, "", "Log file path; empty logs to standard output.")),
		immutable(enumOpt("log-format", &cfg.LogFormat, "console", []string{"console", "json"}, "Log line format (aeon option): human-readable console or JSON.")),
		withApply(intOpt("maxclients", &cfg.MaxClients, 10000, 1, maxInt64, "Maximum number of connected clients."),
			func(s *Server) error { return s.resizeClientTable() }),
		strOpt("requirepass", &cfg.RequirePass, "", "Password clients must AUTH with; empty for none."),
		withClamp(intOpt("hz", &cfg.Hz, 10, 0, intMax, "Frequency (per second) of the server cron: expiry, timeouts, statistics (clamped to 1..500)."), &cfg.Hz, 1, 500),
		boolOpt("dynamic-hz", &cfg.DynamicHz, true, "Raise hz temporarily when many clients are connected."),
		{name: "save", def: "3600 1 300 100 60 10000", desc: "RDB save points: pairs of <seconds> <changes>; a BGSAVE starts when at least <changes> writes happened in <seconds>. Empty disables them.",
			get: func() string { return cfg.Save },
			set: func(v string) error {
				f := strings.Fields(v)
				if len(f)%2 != 0 {
					return errors.New("Invalid save parameters")
				}
				var points []savePoint
				for i := 0; i < len(f); i += 2 {
					sec, err1 := strconv.ParseInt(f[i], 10, 64)
					ch, err2 := strconv.ParseInt(f[i+1], 10, 64)
					if err1 != nil || err2 != nil || sec < 1 || ch < 0 {
						return errors.New("Invalid save parameters")
					}
					points = append(points, savePoint{sec, ch})
				}
				cfg.Save = strings.Join(f, " ")
				cfg.savePoints = points
				return nil
			}},
		{name: "dbfilename", def: "dump.rdb", desc: "RDB file name, inside dir.",
			get: func() string { return cfg.DBFilename },
			set: func(v string) error {
				if strings.ContainsRune(v, '/') {
					return errors.New("dbfilename can't be a path, just a filename")
				}
				cfg.DBFilename = v
				return nil
			}},
		boolOpt("rdbcompression", &cfg.RDBCompression, true, "Compress strings longer than 20 bytes in RDB files with LZF."),
		boolOpt("rdbchecksum", &cfg.RDBChecksum, true, "End RDB files and DUMP payloads with a CRC64 checksum (checked on load when not 0)."),
		boolOpt("stop-writes-on-bgsave-error", &cfg.StopWritesOnBgsaveError, true, "Refuse writes (MISCONF) while the last background save failed and save points are set."),
		enumOpt("sanitize-dump-payload", &cfg.SanitizeDumpPayload, "no", []string{"no", "yes", "clients"}, "Deep integrity checks of RESTORE payloads (aeon always validates a payload's structure fully)."),
		{name: "dir", def: "./", desc: "Working directory: RDB and AOF files are written here.",
			get: func() string {
				if wd, err := os.Getwd(); err == nil {
					return wd
				}
				return cfg.Dir
			},
			set:   func(v string) error { cfg.Dir = v; return nil },
			apply: func(s *Server) error { return os.Chdir(s.cfg.Dir) }},
		withApply(boolOpt("appendonly", &cfg.AppendOnly, false, "Append-only file: every write is logged to a multi-part AOF in appenddirname and replayed at startup (the AOF wins over the RDB)."),
			func(s *Server) error { return s.setAppendOnly(s.cfg.AppendOnly) }),
		immutable(strOpt("appendfilename", &cfg.AppendFilename, "appendonly.aof", "Base name of the AOF files and manifest.")),
		immutable(strOpt("appenddirname", &cfg.AppendDirname, "appendonlydir", "Directory (inside dir) of the multi-part AOF.")),
		withApply(enumOpt("appendfsync", &cfg.AppendFsync, "everysec", []string{"everysec", "always", "no"}, "When the AOF is fsynced: always (before replies go out), everysec (by a background goroutine), no (left to the OS)."),
			func(s *Server) error { s.aofFsyncMode.Store(fsyncMode(s.cfg.AppendFsync)); return nil }),
		boolOpt("aof-use-rdb-preamble", &cfg.AOFUseRDBPreamble, true, "The AOF base file a rewrite writes is an RDB (appendonly.aof.N.base.rdb); with no it is commands, as Redis's rewrite writes them (SET, RPUSH, SADD, ZADD, HMSET, PEXPIREAT; .base.aof)."),
		intOpt("auto-aof-rewrite-percentage", &cfg.AutoAOFRewritePerc, 100, 0, intMax, "Rewrite the AOF when it grew by this percentage over its size after the last rewrite (0 disables)."),
		memOpt("auto-aof-rewrite-min-size", &cfg.AutoAOFRewriteMinSize, "64mb", 0, maxInt64, "No automatic rewrite below this AOF size."),
		boolOpt("aof-load-truncated", &cfg.AOFLoadTruncated, true, "Load an AOF whose last command was cut short (the tail is dropped with a warning) instead of refusing to start."),
		memOpt("client-query-buffer-limit", &cfg.ClientQueryBufferLimit, "1gb", 1<<20, maxInt64, "Close a client whose query buffer grows past this."),
		withApply(memOpt("proto-max-bulk-len", &cfg.ProtoMaxBulkLen, "512mb", 1<<20, maxInt64, "Largest bulk string a client may send."),
			func(s *Server) error {
				s.forEachClient(func(c *Client) { c.parser.MaxBulkLen = s.cfg.ProtoMaxBulkLen })
				return nil
			}),
		{name: "client-output-buffer-limit", def: "normal 0 0 0 replica 256mb 64mb 60 pubsub 32mb 8mb 60",
			desc: "Per class (normal, replica, pubsub): hard limit, soft limit and soft seconds of a client's pending output; 0 = none.",
			get:  cfg.obufString, set: cfg.setObuf},
		intOpt("slowlog-log-slower-than", &cfg.SlowlogSlowerThan, 10000, -1, maxInt64, "Log commands slower than this many microseconds (-1 = off, 0 = all)."),
		withApply(intOpt("slowlog-max-len", &cfg.SlowlogMaxLen, 128, 0, maxInt64, "Entries kept in the slow log."),
			func(s *Server) error { s.slowlogTrim(); return nil }),
		intOpt("latency-monitor-threshold", &cfg.LatencyMonitorThreshold, 0, 0, maxInt64, "Record events at least this many ms long (0 = off)."),
		intOpt("active-expire-effort", &cfg.ActiveExpireEffort, 1, 1, 10, "Effort of the active expire cycle (1-10)."),
		withApply(intOpt("busy-poll-us", &cfg.BusyPollUs, 100, 0, 1000000, "Busy polling (aeon option): while handling events took at least a quarter of the event loop's last ms, it polls up to this many microseconds for new events before sleeping, which spares clients the cost of waking it (5-10% more requests/s at -c 50 -P 1, twice as many at -c 1); after a poll that found nothing it sleeps at once until events come closer together again; 0 = off. Off with a single CPU (GOMAXPROCS 1)."),
			func(s *Server) error { s.setBusyPoll(); return nil }),
		immutable(enumOpt("enable-debug-command", &cfg.EnableDebugCommand, "no", []string{"no", "yes", "local"}, "Allow DEBUG: no, yes, or local (only from loopback and Unix-socket clients).")),
		immutable(boolOpt("daemonize", &cfg.Daemonize, false, "Accepted for compatibility; aeon always runs in the foreground (use your supervisor).")),
		immutable(strOpt("pidfile", &cfg.PidFile, "", "Write the process id to this file at startup.")),
		withApply(enumOpt("maxmemory-policy", &cfg.MaxmemoryPolicy, "noeviction", []string{"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"}, "Eviction policy; decides whether keys track LRU time or LFU counters."),
			func(s *Server) error { s.setEvictionPolicy(); return nil }),
		intOpt("lfu-log-factor", &cfg.LFULogFactor, 10, 0, maxInt64, "LFU counter logarithm factor."),
		intOpt("lfu-decay-time", &cfg.LFUDecayTime, 1, 0, maxInt64, "LFU counter decay period, in minutes."),
		aliased("list-max-ziplist-size", intOpt("list-max-listpack-size", &cfg.ListMaxListpackSize, -2, -5, intMax, "Per list node: positive = max entries, -1..-5 = max bytes 4/8/16/32/64 KB.")),
		intOpt("list-compress-depth", &cfg.ListCompressDepth, 0, 0, intMax, "List nodes kept uncompressed at each end; inner nodes are LZF-compressed (0 = off)."),
		aliased("hash-max-ziplist-entries", intOpt("hash-max-listpack-entries", &cfg.HashMaxListpackEntries, 512, 0, maxInt64, "Hashes with more fields use a hashtable instead of a listpack.")),
		aliased("hash-max-ziplist-value", intOpt("hash-max-listpack-value", &cfg.HashMaxListpackValue, 64, 0, maxInt64, "Hashes with a longer field or value use a hashtable.")),
		intOpt("set-max-intset-entries", &cfg.SetMaxIntsetEntries, 512, 0, maxInt64, "Integer sets with more members use a hashtable instead of an intset."),
		aliased("zset-max-ziplist-entries", intOpt("zset-max-listpack-entries", &cfg.ZsetMaxListpackEntries, 128, 0, maxInt64, "Sorted sets with more members use a skiplist instead of a listpack.")),
		intOpt("hll-sparse-max-bytes", &cfg.HllSparseMaxBytes, 3000, 0, maxInt64, "HyperLogLogs whose sparse form grows past this many bytes turn dense."),
		aliased("zset-max-ziplist-value", intOpt("zset-max-listpack-value", &cfg.ZsetMaxListpackValue, 64, 0, maxInt64, "Sorted sets with a longer member use a skiplist.")),
	}
	return opts
}

func immutable(o *configOpt) *configOpt { o.immutable = true; return o }

// aliased gives o its old name (Redis 7 accepts the *-ziplist-* names).
func aliased(alias string, o *configOpt) *configOpt { o.alias = alias; return o }

func withApply(o *configOpt, fn func(*Server) error) *configOpt { o.apply = fn; return o }

func (cfg *Config) obufString() string {
	var b strings.Builder
	for i, l := range cfg.ObufLimits {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s %d %d %d", obufClassNames[i], l.hard, l.soft, l.softSeconds)
	}
	return b.String()
}

func (cfg *Config) setObuf(v string) error {
	f := strings.Fields(v)
	if len(f)%4 != 0 || len(f) == 0 {
		return errors.New("Wrong number of arguments in buffer limit configuration.")
	}
	limits := cfg.ObufLimits
	for i := 0; i < len(f); i += 4 {
		class := -1
		switch strings.ToLower(f[i]) {
		case "normal":
			class = 0
		case "replica", "slave":
			class = 1
		case "pubsub":
			class = 2
		default:
			return errors.New("Invalid client class specified in buffer limit configuration.")
		}
		hard, ok1 := parseMemory(f[i+1])
		soft, ok2 := parseMemory(f[i+2])
		secs, err := strconv.ParseInt(f[i+3], 10, 64)
		if !ok1 || !ok2 || err != nil || secs < 0 {
			return errors.New("Error in hard, soft or soft_seconds setting in buffer limit configuration.")
		}
		limits[class] = obufLimit{hard, soft, secs}
	}
	cfg.ObufLimits = limits
	return nil
}

// optionIndex maps option names (and aliases) to options.
func optionIndex(opts []*configOpt) map[string]*configOpt {
	m := make(map[string]*configOpt, len(opts))
	for _, o := range opts {
		m[o.name] = o
		if o.alias != "" {
			m[o.alias] = o
		}
	}
	return m
}

// DefaultConfig returns Redis's built-in defaults.
func DefaultConfig() *Config {
	cfg := &Config{}
	for _, o := range cfg.options() {
		if err := o.set(o.def); err != nil {
			panic("bad default for " + o.name + ": " + err.Error())
		}
	}
	return cfg
}

// LoadConfig builds the configuration as redis-server does: defaults, then
// the config file (if args[0] names one), then "--name value..." pairs.
func LoadConfig(args []string) (*Config, string, error) {
	cfg := DefaultConfig()
	idx := optionIndex(cfg.options())
	file := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "--") {
		file = args[0]
		args = args[1:]
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, "", fmt.Errorf("can't open config file '%s': %v", file, err)
		}
		if err := cfg.applyJSON(idx, data); err != nil {
			return nil, "", fmt.Errorf("%s: %v", file, err)
		}
	}
	for i := 0; i < len(args); {
		if !strings.HasPrefix(args[i], "--") {
			return nil, "", fmt.Errorf("invalid argument '%s': options are --name value", args[i])
		}
		name := strings.ToLower(args[i][2:])
		// The value is every following word up to the next --option, as
		// redis-server takes "--save 900 1 300 10".
		j := i + 1
		for j < len(args) && !strings.HasPrefix(args[j], "--") {
			j++
		}
		val := strings.Join(args[i+1:j], " ")
		o := idx[name]
		if o == nil {
			return nil, "", fmt.Errorf("Bad directive or wrong number of arguments: '%s'", name)
		}
		if err := o.set(val); err != nil {
			return nil, "", fmt.Errorf("option '%s': %v", name, err)
		}
		i = j
	}
	return cfg, file, nil
}

// applyJSON reads a config.json: an object whose keys are option names and
// whose values are either the value itself or {"value": ..., "description": ...}.
func (cfg *Config) applyJSON(idx map[string]*configOpt, data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	names := make([]string, 0, len(raw))
	for k := range raw {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		o := idx[strings.ToLower(name)]
		if o == nil {
			return fmt.Errorf("unknown option '%s'", name)
		}
		v := raw[name]
		var wrapped struct {
			Value json.RawMessage `json:"value"`
		}
		if bytes.HasPrefix(bytes.TrimSpace(v), []byte("{")) {
			if err := json.Unmarshal(v, &wrapped); err != nil {
				return fmt.Errorf("option '%s': %v", name, err)
			}
			v = wrapped.Value
		}
		s, err := jsonScalar(v)
		if err != nil {
			return fmt.Errorf("option '%s': %v", name, err)
		}
		if err := o.set(s); err != nil {
			return fmt.Errorf("option '%s': %v", name, err)
		}
	}
	return nil
}

// jsonScalar turns a JSON string, number or boolean into Redis's
// config-file text.
func jsonScalar(v json.RawMessage) (string, error) {
	var x any
	if err := json.Unmarshal(v, &x); err != nil {
		return "", err
	}
	switch t := x.(type) {
	case string:
		return t, nil
	case bool:
		return yesno(t), nil
	case float64:
		return strings.TrimSpace(string(v)), nil
	}
	return "", errors.New("value must be a string, number or boolean")
}

// renderJSON writes the configuration in config.json's format, every
// option with its value and description, in table order.
func (cfg *Config) renderJSON() []byte {
	var b bytes.Buffer
	b.WriteString("{\n")
	opts := cfg.options()
	for i, o := range opts {
		name, _ := json.Marshal(o.name)
		desc, _ := json.Marshal(o.desc)
		fmt.Fprintf(&b, "  %s: {\"value\": %s, \"description\": %s}", name, cfg.jsonValue(o), desc)
		if i < len(opts)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// jsonValue renders an option's value: numbers as numbers, yes/no as
// booleans, everything else as strings.
func (cfg *Config) jsonValue(o *configOpt) string {
	v := o.get()
	if o.name == "dir" {
		v = cfg.Dir // as configured, not the resolved working directory
	}
	if v == "yes" || v == "no" {
		if o.def == "yes" || o.def == "no" {
			return strconv.FormatBool(v == "yes")
		}
	}
	if _, err := strconv.ParseInt(v, 10, 64); err == nil && o.name != "unixsocketperm" {
		if _, err := strconv.ParseInt(o.def, 10, 64); err == nil {
			return v
		}
	}
	q, _ := json.Marshal(v)
	return string(q)
}

// rewriteConfig writes the running configuration back to the config file
// (CONFIG REWRITE), through a temp file, fsync and rename.
func (s *Server) rewriteConfig() error {
	if s.configFile == "" {
		return errors.New("The server is running without a config file")
	}
	return writeFileAtomic(s.configFile, s.cfg.renderJSON())
}

// writeFileAtomic writes data to path through a temp file in the same
// directory: write, fsync, rename, fsync the directory.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
