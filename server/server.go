package server

import (
	"bytes"
	crand "crypto/rand"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/signal"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"aeon/ae"
	anet "aeon/net"
	"aeon/persist"
	"aeon/resp"

	"github.com/rs/zerolog"
	"golang.org/x/sys/unix"
)

// Version is the Redis version aeon implements and reports.
const Version = "7.0.15"

// AeonVersion is aeon's own version.
const AeonVersion = "0.1.0"

const (
	aeReadable = ae.Readable
	aeWritable = ae.Writable
	// fdReserve is the number of fds kept free beyond maxclients for
	// listeners, files and the loop itself (Redis's CONFIG_FDSET_INCR).
	fdReserve = 128
)

// stats are the counters INFO stats reports.
type stats struct {
	numCommands       int64
	numConnections    int64
	rejectedConns     int64
	expiredKeys       int64
	expiredStalePerc  float64
	expiredTimeCapHit int64
	evictedKeys       int64
	keyspaceHits      int64
	keyspaceMisses    int64
	netInputBytes     int64
	netOutputBytes    int64
	totalErrorReplies int64
	errors            map[string]int64
	// instantaneous metrics: ring buffers sampled by the cron
	instOps, instIn, instOut metricRing
}

// metricRing keeps the last samples of a rate, as Redis's
// trackInstantaneousMetric.
type metricRing struct {
	lastTime  int64
	lastValue int64
	samples   [16]int64
	idx       int
}

func (m *metricRing) track(value, nowMs int64) {
	if m.lastTime != 0 {
		dt := nowMs - m.lastTime
		if dt > 0 {
			m.samples[m.idx] = (value - m.lastValue) * 1000 / dt
			m.idx = (m.idx + 1) % len(m.samples)
		}
	}
	m.lastTime, m.lastValue = nowMs, value
}

func (m *metricRing) rate() int64 {
	var sum int64
	for _, v := range m.samples {
		sum += v
	}
	return sum / int64(len(m.samples))
}

type listener struct {
	fd   int
	addr string
	unix bool
}

// Server is the whole server state. Everything in it is owned by the event
// loop's goroutine.
type Server struct {
	cfg        *Config
	configFile string
	opts       []*configOpt
	optIdx     map[string]*configOpt
	log        zerolog.Logger
	logOut     *os.File
	el         *ae.EventLoop

	listeners    []listener
	clients      []*Client // indexed by fd
	numClients   int
	cronClient   int // fd at which clientsCron resumes
	nextClientID int64
	pending      []*Client // clients with output to flush before sleeping
	toClose      []*Client // clients to free before sleeping
	monitors     []*Client

	dbs      []*DB
	commands map[string]*Command
	lowerBuf []byte

	cmdTime  int64  // unix ms at the start of the current command
	unixMs   int64  // unix ms, refreshed every loop iteration
	lruClock uint32 // seconds, 24 bits, as Redis's LRU clock

	dirty         int64
	loading       bool
	loadingStart  time.Time
	loadingTotal  int64  // bytes in the file being loaded
	loadingRead   *int64 // bytes read so far
	rdb           rdbState
	loadMerge     bool // DEBUG RELOAD MERGE: loaded keys replace existing ones
	aof           aofState
	dumper        persist.Dumper // DUMP's reused LZF table
	dumpChunk     persist.Chunk
	dumpBuf       []byte
	aofFsyncMode  atomic.Int32 // appendfsync for the syncer goroutine: 0 no, 1 everysec, 2 always
	prop          []propOp     // commands to propagate at the end of the outermost call
	callDepth     int
	snap          *snapshot        // a snapshot walking the keyspace: writes copy keys to it first
	snapKeys      []byte           // keys of the write command running during a snapshot, back to back
	snapKeyEnds   []int            // where each key of snapKeys ends
	snapKeyPos    []commandKey     // scratch for the keys of that command
	infoBuf       bytes.Buffer     // INFO's text, reused
	chunkPool     []*persist.Chunk // snapshot chunks kept between saves
	snapDB        *DB              // and its DB
	lastSave      int64
	stats         stats
	startTime     time.Time
	runID         string
	executable    string
	cronLoops     int64
	hz            int64
	expireOn      bool // DEBUG SET-ACTIVE-EXPIRE
	shutdownReq   bool
	shutdownSaved bool // SHUTDOWN already did prepareForShutdown
	exitCode      int

	pauseEnd   int64 // CLIENT PAUSE deadline, unix ms (0 = not paused)
	pauseWrite bool  // WRITE pause: only writes wait

	slowlog   []slowlogEntry
	slowlogID int64
	latency   map[string]*latencySeries

	sampleBuf         [][]byte
	usedCPU           func() (user, sys float64)
	watched           map[*DB]map[string][]*Client // WATCHed keys -> watching clients
	blockingKeys      map[*DB]map[string][]*Client // keys -> clients blocked on them, FIFO
	blockedByDeadline blockedHeap                  // blocked clients with a timeout
	numBlocked        int
	readyKeys         []watchedKey // keys that may serve blocked clients
	unblocked         []*Client    // unblocked clients with input to process
	reexec            *Client      // blocked client whose command is being re-run
	stillBlocked      bool         // its command blocked again
	reexecKey         string       // the ready key a blocked command is re-run for
	writeLookups      []watchedKey // keys fetched for writing by the current command, while keys are watched
	lfu               bool         // maxmemory-policy is an LFU one: lru fields hold LFU data
	rand              *rand.Rand   // sampling and LFU increments; not for secrets

	releasing      bool             // a FreeOSMemory goroutine is running
	lastRelease    int64            // when it last started, unix ms
	releaseCmds    int64            // numCommands at the previous check
	releaseSamples []metrics.Sample // reused runtime/metrics buffer
}

// New creates a server from cfg; configFile is the file CONFIG REWRITE
// writes back ("" for none).
func New(cfg *Config, configFile string) (*Server, error) {
	s := &Server{cfg: cfg, configFile: configFile, expireOn: true}
	s.opts = cfg.options()
	s.optIdx = optionIndex(s.opts)
	if err := s.setupLog(); err != nil {
		return nil, err
	}
	if configFile != "" {
		if abs, err := absPath(configFile); err == nil {
			s.configFile = abs
		}
	}
	if cfg.Dir != "" && cfg.Dir != "./" {
		if err := os.Chdir(cfg.Dir); err != nil {
			return nil, fmt.Errorf("can't chdir to '%s': %v", cfg.Dir, err)
		}
	}
	var id [20]byte
	crand.Read(id[:])
	s.runID = hex.EncodeToString(id[:])
	s.executable, _ = os.Executable()
	s.startTime = time.Now()
	s.unixMs = s.startTime.UnixMilli()
	s.cmdTime = s.unixMs
	s.lastSave = s.startTime.Unix()
	s.rdb.lastStatusOK = true
	s.rdb.lastSaveTime = -1
	s.aof.lastRewrite = -1
	s.updateLRUClock()
	s.stats.errors = make(map[string]int64)
	s.latency = make(map[string]*latencySeries)
	s.commands = commandTable()
	s.lowerBuf = make([]byte, 0, 64)
	s.dbs = make([]*DB, cfg.Databases)
	for i := range s.dbs {
		s.dbs[i] = newDB(i)
	}
	s.hz = cfg.Hz
	s.usedCPU = processCPU
	s.rand = rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), uint64(os.Getpid())))
	s.setEvictionPolicy()
	el, err := ae.New(int(cfg.MaxClients) + fdReserve)
	if err != nil {
		return nil, err
	}
	s.el = el
	s.clients = make([]*Client, el.SetSize())
	return s, nil
}

func absPath(p string) (string, error) {
	if strings.HasPrefix(p, "/") {
		return p, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	return wd + "/" + p, nil
}

// Run listens, then runs the event loop until shutdown. It returns the
// process exit code.
func (s *Server) Run() int {
	if err := s.listen(); err != nil {
		s.log.Error().Err(err).Msg("Failed listening")
		return 1
	}
	if s.cfg.PidFile != "" {
		os.WriteFile(s.cfg.PidFile, []byte(strconv.Itoa(os.Getpid())+"\n"), 0644)
	}
	s.banner()
	if err := s.LoadData(); err != nil {
		s.log.Error().Err(err).Msg("Fatal error loading the DB")
		return 1
	}
	s.el.CreateTimeEvent(1, s.serverCron)
	s.el.SetBeforeSleep(s.beforeSleep)
	s.setBusyPoll()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		for sig := range sigs {
			name := "SIGTERM"
			if sig == syscall.SIGINT {
				name = "SIGINT"
			}
			s.el.Post(func() {
				s.log.Warn().Msgf("Received %s scheduling shutdown...", name)
				s.shutdownReq = true
			})
		}
	}()
	// Commands run on this goroutine only. Pinning it to its OS thread was
	// measured A/B (redis-benchmark -c 50, 2 cores): -P 16 SET 1.10M vs
	// 0.98M req/s and p99 1.1-1.3 vs 1.4 ms; -P 1 GET unchanged (~139k).
	// So the loop keeps its thread.
	runtime.LockOSThread()
	s.el.Main()
	runtime.UnlockOSThread()
	signal.Stop(sigs)
	close(sigs)
	s.el.Close()
	if s.cfg.PidFile != "" {
		os.Remove(s.cfg.PidFile)
	}
	return s.exitCode
}

// listen opens every configured listener.
func (s *Server) listen() error {
	if s.cfg.Port != 0 {
		for _, addr := range s.cfg.Bind {
			optional := strings.HasPrefix(addr, "-")
			addr = strings.TrimPrefix(addr, "-")
			fd, err := anet.ListenTCP(addr, int(s.cfg.Port), int(s.cfg.TCPBacklog))
			if err != nil {
				if optional && (err == unix.EADDRNOTAVAIL || err == unix.EAFNOSUPPORT || err == unix.EPROTONOSUPPORT) {
					continue
				}
				s.closeListeners()
				return fmt.Errorf("Could not create server TCP listening socket %s:%d: %v", addr, s.cfg.Port, err)
			}
			if err := s.addListener(fd, fmt.Sprintf("%s:%d", addr, s.cfg.Port), false); err != nil {
				return err
			}
		}
	}
	if s.cfg.UnixSocket != "" {
		fd, err := anet.ListenUnix(s.cfg.UnixSocket, os.FileMode(s.cfg.UnixSocketPerm), int(s.cfg.TCPBacklog))
		if err != nil {
			s.closeListeners()
			return fmt.Errorf("Failed opening Unix socket: %v", err)
		}
		if err := s.addListener(fd, s.cfg.UnixSocket, true); err != nil {
			return err
		}
	}
	if len(s.listeners) == 0 {
		return fmt.Errorf("Configured to not listen anywhere, exiting.")
	}
	return nil
}

func (s *Server) addListener(fd int, addr string, isUnix bool) error {
	if err := s.el.CreateFileEvent(fd, aeReadable, s.acceptHandler); err != nil {
		unix.Close(fd)
		return err
	}
	s.listeners = append(s.listeners, listener{fd: fd, addr: addr, unix: isUnix})
	return nil
}

func (s *Server) closeListeners() {
	for _, l := range s.listeners {
		s.el.DeleteFileEvent(l.fd, aeReadable)
		unix.Close(l.fd)
	}
	s.listeners = s.listeners[:0]
}

// relisten re-opens the TCP listeners after CONFIG SET port/bind.
func (s *Server) relisten() error {
	if s.el == nil {
		return nil
	}
	old := s.listeners
	s.listeners = nil
	if err := s.listen(); err != nil {
		s.listeners = old
		return err
	}
	for _, l := range old {
		s.el.DeleteFileEvent(l.fd, aeReadable)
		unix.Close(l.fd)
	}
	return nil
}

// acceptHandler accepts pending connections (up to 1000 per event, as
// Redis's MAX_ACCEPTS_PER_CALL).
func (s *Server) acceptHandler(lfd, mask int) {
	isUnix := false
	for _, l := range s.listeners {
		if l.fd == lfd {
			isUnix = l.unix
		}
	}
	for i := 0; i < 1000; i++ {
		fd, addr, err := anet.Accept(lfd)
		if err != nil {
			if err != unix.EAGAIN {
				s.log.Warn().Err(err).Msg("Accepting client connection")
			}
			return
		}
		s.acceptClient(fd, addr, isUnix)
	}
}

// protectedModeMsg is Redis 7.0's reply to non-loopback clients in
// protected mode.
const protectedModeMsg = "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a bind address or an authentication password. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n"

func (s *Server) acceptClient(fd int, addr string, isUnix bool) {
	if int64(s.numClients) >= s.cfg.MaxClients || fd >= len(s.clients) {
		unix.Write(fd, []byte("-ERR max number of clients reached\r\n"))
		unix.Close(fd)
		s.stats.rejectedConns++
		return
	}
	if s.cfg.ProtectedMode && s.cfg.RequirePass == "" && !isUnix && !anet.IsLoopback(addr) {
		unix.Write(fd, []byte(protectedModeMsg))
		unix.Close(fd)
		s.stats.rejectedConns++
		return
	}
	if !isUnix {
		anet.SetNoDelay(fd)
		if s.cfg.TCPKeepAlive > 0 {
			anet.SetKeepAlive(fd, int(s.cfg.TCPKeepAlive))
		}
	}
	if err := s.el.CreateFileEvent(fd, aeReadable, s.readFromClient); err != nil {
		unix.Close(fd)
		return
	}
	s.nextClientID++
	c := &Client{
		s: s, id: s.nextClientID, fd: fd, addr: addr, unix: isUnix,
		db: s.dbs[0], proto: 2, user: "default", authed: s.cfg.RequirePass == "",
		parser: resp.NewParser(), ctime: s.unixMs, lastActive: s.unixMs,
	}
	if isUnix {
		c.addr = s.cfg.UnixSocket + ":0"
		c.laddr = s.cfg.UnixSocket + ":0"
	} else {
		c.laddr = anet.LocalAddr(fd)
	}
	c.parser.MaxBulkLen = s.cfg.ProtoMaxBulkLen
	s.clients[fd] = c
	s.numClients++
	s.stats.numConnections++
}

// freeClient closes c now. Safe to call from c's own handlers as long as
// the caller stops touching c.
func (s *Server) freeClient(c *Client) {
	if c.closed {
		return
	}
	c.closed = true
	s.unwatchAll(c)
	s.unblock(c, false)
	if c.monitor {
		s.removeMonitor(c)
	}
	if c.fd < 0 { // a socketless client (tests, scripts)
		return
	}
	s.el.DeleteFileEvent(c.fd, aeReadable|aeWritable)
	unix.Close(c.fd)
	if s.clients[c.fd] == c {
		s.clients[c.fd] = nil
	}
	s.numClients--
}

// freeClientAsync closes c before the loop next sleeps, after its pending
// output had a chance to go out.
func (s *Server) freeClientAsync(c *Client) {
	if c.closing || c.closed {
		return
	}
	c.closing = true
	s.toClose = append(s.toClose, c)
}

// forEachClient calls fn for every connected client.
func (s *Server) forEachClient(fn func(c *Client)) {
	for _, c := range s.clients {
		if c != nil && !c.closed {
			fn(c)
		}
	}
}

// resizeClientTable follows CONFIG SET maxclients.
func (s *Server) resizeClientTable() error {
	if s.el == nil {
		return nil
	}
	size := int(s.cfg.MaxClients) + fdReserve
	if err := s.el.Resize(size); err != nil {
		return fmt.Errorf("The event loop API used by Redis is not able to handle the specified number of clients")
	}
	cl := make([]*Client, size)
	copy(cl, s.clients)
	s.clients = cl
	return nil
}

// setBusyPoll applies busy-poll-us to the loop. With a single CPU the
// loop never spins: the clients it would wait for need that CPU.
func (s *Server) setBusyPoll() {
	spin := time.Duration(s.cfg.BusyPollUs) * time.Microsecond
	if runtime.GOMAXPROCS(0) < 2 {
		spin = 0
	}
	s.el.SetSpin(spin)
}

// beforeSleep runs before each wait: fast expiry, async frees, flushing
// replies (Redis's beforeSleep).
func (s *Server) beforeSleep() {
	s.unixMs = time.Now().UnixMilli()
	if s.expireOn && s.pauseEnd == 0 && !s.loading {
		s.activeExpireCycle(true)
	}
	if s.numBlocked > 0 {
		s.expireBlocked()
	}
	s.resumeUnblocked()
	s.flushAOF() // before any reply leaves
	s.flushPending()
	for i, c := range s.toClose {
		s.toClose[i] = nil
		s.freeClient(c)
	}
	s.toClose = s.toClose[:0]
	if s.shutdownReq && !s.loading {
		s.shutdown()
	}
}

// processEventsWhileBlocked serves clients during a long operation on the
// loop (loading a file): their commands get -LOADING. It is Redis's
// processEventsWhileBlocked, without time events.
func (s *Server) processEventsWhileBlocked() {
	s.el.ProcessEvents(ae.FileEvents | ae.DontWait)
	s.flushPending()
}

// updateLRUClock refreshes the 24-bit seconds clock keys are stamped with.
func (s *Server) updateLRUClock() {
	s.lruClock = uint32(s.unixMs/1000) & (1<<24 - 1)
}

// serverCron is the time event that runs hz times a second.
func (s *Server) serverCron(id int64) int64 {
	s.unixMs = time.Now().UnixMilli()
	s.updateLRUClock()
	s.cronLoops++
	if s.cfg.DynamicHz {
		s.hz = s.cfg.Hz
		for s.numClients/int(s.hz) > 200 && s.hz < 500 {
			s.hz *= 2
		}
		if s.hz > 500 {
			s.hz = 500
		}
	} else {
		s.hz = s.cfg.Hz
	}
	if s.runEvery(100) {
		s.stats.instOps.track(s.stats.numCommands, s.unixMs)
		s.stats.instIn.track(s.stats.netInputBytes, s.unixMs)
		s.stats.instOut.track(s.stats.netOutputBytes, s.unixMs)
	}
	s.clientsCron()
	s.databasesCron()
	if s.runEvery(1000) {
		s.releaseMemoryIfIdle()
	}
	s.saveCron()
	s.aofCron()
	if s.pauseEnd != 0 && s.unixMs >= s.pauseEnd {
		s.unpause()
	}
	return 1000 / s.hz
}

// runEvery reports whether a period of ms milliseconds has come round at
// this cron tick (Redis's run_with_period).
func (s *Server) runEvery(ms int64) bool {
	period := ms / (1000 / s.hz)
	return period <= 1 || s.cronLoops%period == 0
}

// clientsCronMinIterations is the fewest clients clientsCron visits per
// call (Redis's CLIENTS_CRON_MIN_ITERATIONS).
const clientsCronMinIterations = 5

// clientsCron closes idle clients, frees big idle query buffers and checks
// output limits. Like Redis's, it visits numClients/hz clients per call
// (at least clientsCronMinIterations), resuming where the last call
// stopped, so each client is visited about once a second whatever hz is:
// with 10,000 clients, visiting all of them at every tick of a dynamic hz
// of 80 took 4 % of a core while they all sat idle.
func (s *Server) clientsCron() {
	timeout := s.cfg.Timeout * 1000
	iterations := s.numClients / int(s.hz)
	if iterations < clientsCronMinIterations {
		iterations = min(s.numClients, clientsCronMinIterations)
	}
	for scanned := 0; iterations > 0 && scanned < len(s.clients); scanned++ {
		if s.cronClient >= len(s.clients) {
			s.cronClient = 0
		}
		c := s.clients[s.cronClient]
		s.cronClient++
		if c == nil || c.closed || c.closing {
			continue
		}
		iterations--
		idle := s.unixMs - c.lastActive
		if timeout > 0 && idle > timeout && c.kind == kindNormal && !c.monitor {
			s.log.Debug().Str("client", c.addr).Msg("Closing idle client")
			s.freeClient(c)
			continue
		}
		// Idle clients give their buffers back: 10,000 idle connections
		// then cost a few hundred bytes each, not 16 KB.
		if idle > queryShrinkIdle {
			if len(c.qbuf) == 0 && cap(c.qbuf) > 0 {
				c.qbuf = nil
			}
			if c.pendingOutput() == 0 && cap(c.reply) > 0 {
				c.reply = nil
				c.sent = 0
			}
		}
		s.checkOutputLimits(c)
	}
}

// checkOutputLimits closes a client whose pending output passed its class's
// client-output-buffer-limit.
func (s *Server) checkOutputLimits(c *Client) {
	class := 0
	switch c.kind {
	case kindReplica:
		class = 1
	case kindPubsub:
		class = 2
	}
	l := s.cfg.ObufLimits[class]
	if l.hard == 0 && l.soft == 0 {
		return
	}
	used := int64(c.pendingOutput())
	over := l.hard > 0 && used >= l.hard
	if l.soft > 0 && used >= l.soft {
		if c.obufSoftSet == 0 {
			c.obufSoftSet = s.unixMs
		} else if (s.unixMs-c.obufSoftSet)/1000 > l.softSeconds {
			over = true
		}
	} else {
		c.obufSoftSet = 0
	}
	if over && !c.closing {
		s.log.Warn().Str("client", c.addr).Int64("omem", used).Msg("Client scheduled to be closed ASAP for overcoming of output buffer limits.")
		c.reply = c.reply[:c.sent]
		s.freeClientAsync(c)
	}
}

// databasesCron runs the slow active expire cycle and incremental rehashing.
func (s *Server) databasesCron() {
	if s.expireOn && s.pauseEnd == 0 {
		s.activeExpireCycle(false)
	}
	for _, db := range s.dbs {
		db.dict.TryShrink()
		db.expires.TryShrink()
		if db.dict.IsRehashing() {
			db.dict.RehashMicroseconds(1000)
		} else if db.expires.IsRehashing() {
			db.expires.RehashMicroseconds(1000)
		}
	}
}

// Active expiry parameters (Redis's ACTIVE_EXPIRE_CYCLE_*).
const (
	expireKeysPerLoop     = 20
	expireFastDuration    = 1000 // µs
	expireSlowTimePerc    = 25
	expireAcceptableStale = 25 // % of a sample; Redis 5 used 25, Redis 7 uses 10 at effort 1
)

// activeExpireCycle samples keys with a TTL and deletes the expired ones,
// repeating in a database while the sample had too many expired keys, within
// a time budget (Redis's activeExpireCycle).
func (s *Server) activeExpireCycle(fast bool) {
	effort := s.cfg.ActiveExpireEffort - 1
	perLoop := int(expireKeysPerLoop + expireKeysPerLoop/4*effort)
	stale := expireAcceptableStale - effort
	if fast {
		if s.stats.expiredStalePerc < float64(stale) {
			return
		}
	}
	start := time.Now()
	budget := time.Duration(expireSlowTimePerc*(1000000/s.hz)/100) * time.Microsecond
	if fast {
		budget = time.Duration(expireFastDuration+expireFastDuration/4*effort) * time.Microsecond
	}
	now := time.Now().UnixMilli()
	var totalSampled, totalExpired int64
	for _, db := range s.dbs {
		for iter := 0; ; iter++ {
			if db.expires.Len() == 0 {
				break
			}
			sampled, expired := 0, 0
			keys := s.sampleBuf[:0]
			// Walk buckets from the db's cursor until perLoop keys are seen
			// (bounded, since buckets may be empty).
			for buckets := 0; sampled < perLoop && buckets < perLoop*20; buckets++ {
				db.expireCursor = db.expires.Scan(db.expireCursor, func(e *dsEntryInt64) {
					sampled++
					if e.Val < now {
						keys = append(keys, unsafeBytes(e.Key()))
					}
				})
				if db.expireCursor == 0 {
					break
				}
			}
			for _, k := range keys {
				s.deleteExpired(db, k)
				expired++
			}
			for i := range keys {
				keys[i] = nil
			}
			s.sampleBuf = keys[:0]
			totalSampled += int64(sampled)
			totalExpired += int64(expired)
			if iter%16 == 0 && time.Since(start) > budget {
				s.stats.expiredTimeCapHit++
				goto done
			}
			if sampled == 0 || expired*100/sampled <= int(stale) {
				break
			}
		}
	}
done:
	if totalSampled > 0 {
		perc := float64(totalExpired) / float64(totalSampled) * 100
		s.stats.expiredStalePerc = perc*0.05 + s.stats.expiredStalePerc*0.95
	}
}

// shutdown is Redis's prepareForShutdown + finishShutdown: stop accepting,
// flush what clients are owed, close and stop the loop.
func (s *Server) shutdown() {
	if !s.shutdownSaved {
		if err := s.prepareForShutdown(false, false); err != nil {
			s.log.Warn().Msg("SIGTERM received but errors trying to shut down the server, check the logs for more information")
			s.shutdownReq = false
			return
		}
	}
	s.aofShutdown()
	s.closeListeners()
	s.flushPending()
	s.forEachClient(func(c *Client) { s.freeClient(c) })
	if s.cfg.UnixSocket != "" {
		os.Remove(s.cfg.UnixSocket)
	}
	s.log.Warn().Msg("aeon is now ready to exit, bye bye...")
	s.el.Stop()
}

// Addr returns the first listener's address (for tests and logs).
func (s *Server) Addr() string {
	if len(s.listeners) == 0 {
		return ""
	}
	return s.listeners[0].addr
}
