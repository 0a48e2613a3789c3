package server

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"

	"aeon/persist"
)

// Persistence commands: SAVE, BGSAVE, DUMP, RESTORE (LASTSAVE lives with
// the introspection commands), and the server's side of RDB files: save
// points, loading at startup, saving at shutdown.

func persistCommands() []*Command {
	const srv, g = "server", "generic"
	adm := FlagAdmin | FlagNoscript
	return []*Command{
		{Name: "save", Proc: saveCommand, Arity: 1, Flags: adm | FlagNoMulti,
			Group: srv, Since: "1.0.0", Summary: "Synchronously save the dataset to disk", Complex: "O(N) where N is the total number of keys in all databases"},
		{Name: "bgsave", Proc: bgsaveCommand, Arity: -1, Flags: adm,
			Group: srv, Since: "1.0.0", Summary: "Asynchronously save the dataset to disk", Complex: "O(1)"},
		{Name: "bgrewriteaof", Proc: bgrewriteaofCommand, Arity: 1, Flags: adm,
			Group: srv, Since: "1.0.0", Summary: "Asynchronously rewrite the append-only file", Complex: "O(1)"},
		{Name: "dump", Proc: dumpCommand, Arity: 2, Flags: FlagReadonly, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatKeyspace,
			Group: g, Since: "2.6.0", Summary: "Return a serialized version of the value stored at the specified key.", Complex: "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1)."},
		{Name: "restore", Proc: restoreCommand, Arity: -4, Flags: FlagWrite | FlagDenyOOM, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatKeyspace | CatDangerous,
			Group: g, Since: "2.6.0", Summary: "Create a key using the provided serialized value, previously obtained using DUMP.", Complex: "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N))."},
	}
}

func saveCommand(s *Server, c *Client) {
	if s.rdb.saving != nil {
		c.addReplyError("ERR Background save already in progress")
		return
	}
	if err := s.rdbSaveSync(s.cfg.DBFilename); err != nil {
		c.addReplyError("ERR")
		return
	}
	c.addReplyOK()
}

func bgsaveCommand(s *Server, c *Client) {
	schedule := false
	if len(c.argv) > 1 {
		if len(c.argv) == 2 && eqFold(c.argv[1], "schedule") {
			schedule = true
		} else {
			c.addReplyError(errSyntax)
			return
		}
	}
	switch {
	case s.rdb.saving != nil:
		c.addReplyError("ERR Background save already in progress")
	case s.aof.rewriting != nil && !schedule:
		c.addReplyError("ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.")
	case c.inExec || (schedule && s.aof.rewriting != nil):
		// Redis defers a BGSAVE inside a transaction to the cron.
		s.rdb.scheduled = true
		c.addReplySimple("Background saving scheduled")
	default:
		if err := s.bgsaveStart(); err != nil {
			c.addReplyError("ERR")
			return
		}
		c.addReplySimple("Background saving started")
	}
}

// saveCron starts a BGSAVE when a save point is reached, or one was
// scheduled (Redis's serverCron: after a failed save it waits 5 s).
func (s *Server) saveCron() {
	if s.rdb.saving != nil || s.snap != nil {
		return
	}
	now := s.unixMs / 1000
	if s.rdb.scheduled {
		s.rdb.scheduled = false
		s.bgsaveStart()
		return
	}
	for _, sp := range s.cfg.savePoints {
		if s.dirty >= sp.changes && now-s.lastSave > sp.seconds &&
			(now-s.rdb.lastBgsaveTry > 5 || s.rdb.lastStatusOK) {
			s.log.Info().Msgf("%d changes in %d seconds. Saving...", sp.changes, sp.seconds)
			s.bgsaveStart()
			return
		}
	}
}

// errMisconf is Redis's reply to writes while the last background save
// failed (stop-writes-on-bgsave-error).
const errMisconf = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error."

// writesDeniedByDiskError is Redis's writeCommandsDeniedByDiskError with
// writeCommandsGetDiskErrorMessage: the MISCONF error for writes while the
// last background save failed (with save points and
// stop-writes-on-bgsave-error) or the AOF cannot be written or fsynced,
// or "" when writes are allowed.
func (s *Server) writesDeniedByDiskError() string {
	if s.cfg.StopWritesOnBgsaveError && len(s.cfg.savePoints) > 0 && !s.rdb.lastStatusOK {
		return errMisconf
	}
	if s.aof.on {
		if err := s.aofWriteError(); err != nil {
			return "MISCONF Errors writing to the AOF file: " + strerror(err)
		}
	}
	return ""
}

// strerror is err's text as C's strerror words it ("No space left on
// device"): Go's errno texts are the same, lowercased.
func strerror(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		msg := errno.Error()
		if msg != "" && msg[0] >= 'a' && msg[0] <= 'z' {
			msg = string(msg[0]-'a'+'A') + msg[1:]
		}
		return msg
	}
	return err.Error()
}

// --- DUMP / RESTORE ----------------------------------------------------------

func dumpCommand(s *Server, c *Client) {
	o := s.lookupRead(c, c.argv[1])
	if o == nil {
		c.addReplyNull()
		return
	}
	ch := &s.dumpChunk
	ch.Reset()
	rdbSaveValue(ch, o)
	s.dumpBuf = s.dumper.Payload(s.dumpBuf[:0], ch, s.cfg.RDBCompression)
	c.addReplyBulk(s.dumpBuf)
	if cap(s.dumpBuf) > 1<<20 {
		s.dumpBuf, s.dumpChunk = nil, persist.Chunk{}
	}
}

func restoreCommand(s *Server, c *Client) {
	replace, absttl := false, false
	idle, freq := int64(-1), int64(-1)
	argv := c.argv
	for j := 4; j < len(argv); j++ {
		more := len(argv) - j - 1
		switch {
		case eqFold(argv[j], "replace"):
			replace = true
		case eqFold(argv[j], "absttl"):
			absttl = true
		case eqFold(argv[j], "idletime") && more >= 1 && freq == -1:
			v, ok := strArgInt(c, argv[j+1], "")
			if !ok {
				return
			}
			if v < 0 {
				c.addReplyError("ERR Invalid IDLETIME value, must be >= 0")
				return
			}
			idle = v
			j++
		case eqFold(argv[j], "freq") && more >= 1 && idle == -1:
			v, ok := strArgInt(c, argv[j+1], "")
			if !ok {
				return
			}
			if v < 0 || v > 255 {
				c.addReplyError("ERR Invalid FREQ value, must be >= 0 and <= 255")
				return
			}
			freq = v
			j++
		default:
			c.addReplyError(errSyntax)
			return
		}
	}
	key := argv[1]
	if !replace && s.lookupWriteKey(c, key) != nil {
		c.addReplyError("BUSYKEY Target key name already exists.")
		return
	}
	ttl, ok := strArgInt(c, argv[2], "")
	if !ok {
		return
	}
	if ttl < 0 {
		c.addReplyError("ERR Invalid TTL value, must be >= 0")
		return
	}
	body, err := persist.VerifyDumpPayload(argv[3])
	if err != nil {
		c.addReplyError("ERR DUMP payload version or checksum are wrong")
		return
	}
	o, err := s.restoreValue(body)
	if err != nil {
		c.addReplyError("ERR Bad data format")
		return
	}
	deleted := replace && s.dbDelete(c.db, key)
	if ttl > 0 && !absttl {
		ttl += s.cmdTime
	}
	if ttl > 0 && ttl <= s.cmdTime { // already expired: nothing is created
		if deleted {
			s.dirty++
			c.rewriteProp(bDel, key)
		}
		c.addReplyOK()
		return
	}
	s.dbAdd(c.db, key, o)
	if ttl > 0 {
		s.setExpire(c.db, key, ttl)
		if !absttl && s.propOn() {
			prop := append([][]byte{argv[0], key, intArg(ttl)}, argv[3:]...)
			c.rewriteProp(append(prop, []byte("ABSTTL"))...)
		}
	}
	if e := c.db.dict.Find(key); e != nil {
		s.setAccessFromRDB(&e.Val, idle, freq)
	}
	s.dirty++
	c.addReplyOK()
}

// restoreValue decodes a DUMP payload's body (type byte and value).
func (s *Server) restoreValue(body []byte) (Object, error) {
	r := persist.NewReaderBytes(body)
	typ, err := r.ReadByte()
	if err != nil {
		return Object{}, err
	}
	v, err := r.ReadValue(typ)
	if err != nil {
		return Object{}, err
	}
	return s.objectFromRDB(v)
}

// setAccessFromRDB applies a loaded IDLE (seconds) or FREQ to o under the
// current policy (Redis's objectSetLRUOrLFU); -1 means not given.
func (s *Server) setAccessFromRDB(o *Object, idle, freq int64) {
	switch {
	case s.lfu && freq >= 0:
		o.lru = s.lfuMinutes()<<8 | uint32(freq)
	case !s.lfu && idle >= 0:
		clock := int64(s.lruClock)
		if idle > clock {
			clock += lruClockMax
		}
		o.lru = uint32(clock-idle) & lruClockMax
	}
}

// --- loading -----------------------------------------------------------------

// rdbLoader is the persist.Handler that fills the keyspace from a file.
type rdbLoader struct {
	s       *Server
	now     int64
	keys    int64
	expired int64
	lastLog time.Time
	serve   bool // serve clients (-LOADING) between keys: only at startup
	r       *countingReader
	start   time.Time
}

func (l *rdbLoader) Aux(key, val []byte) error {
	l.s.log.Debug().Msgf("RDB '%s': %s", key, val)
	return nil
}

// maxResizeHint caps what a file's RESIZEDB may make the loader allocate
// up front (8M buckets, 64 MB): a bogus hint must not exhaust memory, and
// bigger DBs just rehash incrementally past it.
const maxResizeHint = 1 << 23

// ResizeDB sizes an empty DB's dicts for the keys that follow.
func (l *rdbLoader) ResizeDB(db int, size, expires uint64) error {
	if db >= 0 && db < len(l.s.dbs) {
		d := l.s.dbs[db]
		d.dict.Expand(int(min(size, maxResizeHint)))
		d.expires.Expand(int(min(expires, maxResizeHint)))
	}
	return nil
}

func (l *rdbLoader) Record(rec *persist.Record) error {
	s := l.s
	if rec.DB < 0 || rec.DB >= len(s.dbs) {
		return fmt.Errorf("DB index %d out of range (databases %d)", rec.DB, len(s.dbs))
	}
	db := s.dbs[rec.DB]
	if v := rec.Value; v.Kind == persist.KindString && len(v.Str) > embstrLimit {
		v.Str = bytes.Clone(v.Str) // Load reuses it; shorter ones are copied next to the key
	}
	o, err := s.objectFromRDB(rec.Value)
	if err != nil {
		return fmt.Errorf("key '%s': %v", rec.Key, err)
	}
	// A master drops keys that expired while the file was on disk.
	if rec.ExpireMs != -1 && rec.ExpireMs < l.now {
		l.expired++
		return nil
	}
	// One insert that also finds a duplicate: the loader's hot path (Redis's
	// dbAddRDBLoad; nothing watches or blocks on keys while loading).
	o.lru = s.accessStamp()
	o.epoch = s.rdb.epoch
	k := newKey(rec.Key, &o) // may move o's bytes next to the key: before o is copied
	e, fresh := db.dict.Insert(k, o)
	if !fresh {
		if !s.loadMerge {
			return fmt.Errorf("duplicate key '%s' in RDB", rec.Key)
		}
		s.dbDelete(db, rec.Key)
		e, _ = db.dict.Insert(k, o)
	}
	if rec.ExpireMs != -1 {
		db.expires.Insert(e.Key(), rec.ExpireMs)
	}
	if rec.Idle >= 0 || rec.Freq >= 0 {
		s.setAccessFromRDB(&e.Val, rec.Idle, int64(rec.Freq))
	}
	l.keys++
	if l.keys&1023 == 0 && l.serve {
		l.progress()
	}
	return nil
}

// progress serves clients (with -LOADING) and logs progress while a long
// load runs, as Redis's processEventsWhileBlocked.
func (l *rdbLoader) progress() {
	now := time.Now()
	if now.Sub(l.lastLog) >= 2*time.Second {
		l.lastLog = now
		mb := float64(l.r.n) / (1 << 20)
		secs := now.Sub(l.start).Seconds()
		l.s.log.Info().Msgf("Loading RDB: %d keys, %.1f MB, %.1f MB/s", l.keys, mb, mb/max(secs, 1e-3))
	}
	l.s.processEventsWhileBlocked()
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// startLoading marks the server as loading (INFO's loading_* fields,
// -LOADING to clients served meanwhile); total is loading_total_bytes.
func (s *Server) startLoading(total int64) {
	s.loading = true
	s.loadingStart = time.Now()
	s.loadingTotal = total
	s.loadingRead = nil
}

// stopLoading ends what startLoading began.
func (s *Server) stopLoading() {
	s.loading = false
	s.loadingRead = nil
}

// rdbLoadStream is the one RDB loader, for the dump file (rdbLoad) and an
// AOF that starts with an RDB (aofLoadFile): it loads the RDB at f's
// current offset into the keyspace, reading through a 1 MB buffer with the
// GC set to 400%, and counts what it reads into loading_loaded_bytes
// (done is what was loaded before it, of the loading_total_bytes the
// caller gave startLoading). With serve, clients are served (-LOADING) and
// progress is logged every 1024 keys: only outside a command (startup),
// never from one (DEBUG RELOAD). The keys and expired keys it loaded are
// INFO's rdb_last_load_keys_*. The Reader it returns has consumed exactly
// the RDB (Offset) and gives what follows it (Rest: an AOF's commands).
func (s *Server) rdbLoadStream(f *os.File, done int64, serve bool) (*persist.Reader, error) {
	start := time.Now()
	cr := &countingReader{r: bufio.NewReaderSize(f, 1<<20), n: done}
	l := &rdbLoader{s: s, now: start.UnixMilli(), r: cr, start: start, lastLog: start, serve: serve}
	s.loadingRead = &cr.n
	// A load makes almost no garbage: the heap is the data set, growing.
	// The GC would still mark it at every doubling; marking at every 5x
	// instead costs no memory and a third of the load's GC time.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	r := persist.NewReader(cr)
	_, err := r.Load(l)
	s.rdb.lastLoadKeys = l.keys
	s.rdb.lastLoadExp = l.expired
	if err != nil {
		return nil, err
	}
	return r, nil
}

// rdbLoad loads path into the keyspace, which is expected to be empty. A
// missing file is not an error (found is false). serve is rdbLoadStream's.
func (s *Server) rdbLoad(path string, serve bool) (found bool, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	start := time.Now()
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	s.startLoading(size)
	r, err := s.rdbLoadStream(f, 0, serve)
	s.stopLoading()
	if err != nil {
		return true, err
	}
	secs := time.Since(start).Seconds()
	s.log.Info().Msgf("DB loaded from disk: %.3f seconds (%d keys, %d expired, %.1f MB/s)",
		secs, s.rdb.lastLoadKeys, s.rdb.lastLoadExp, float64(r.Offset())/(1<<20)/max(secs, 1e-3))
	return true, nil
}

// LoadData loads the RDB file at startup (Redis's loadDataFromDisk).
func (s *Server) LoadData() error {
	s.aofFsyncMode.Store(fsyncMode(s.cfg.AppendFsync))
	if s.cfg.AppendOnly {
		// The AOF wins over the RDB, as in Redis (even when it is missing).
		if _, err := s.aofLoad(); err != nil {
			return err
		}
		s.dirty = 0
		return s.aofStartup()
	}
	// With the AOF off only its manifest is read: BGREWRITEAOF continues
	// its numbering, as Redis's.
	if _, err := s.aofLoadManifest(); err != nil {
		return err
	}
	found, err := s.rdbLoad(s.cfg.DBFilename, true)
	if err != nil {
		return rdbLoadError(s.cfg.DBFilename, err)
	}
	if found {
		s.dirty = 0
		s.lastSave = time.Now().Unix()
	}
	return nil
}

// prepareForShutdown aborts a background save and, when save points are
// set (or SAVE was asked for) and NOSAVE was not, saves synchronously.
func (s *Server) prepareForShutdown(save, nosave bool) error {
	if s.snap != nil {
		s.log.Warn().Msg("There is a child saving an .rdb. Killing it!")
		s.snapshotAbort()
	}
	if (len(s.cfg.savePoints) > 0 && !nosave) || save {
		s.log.Info().Msg("Saving the final RDB snapshot before exiting.")
		if err := s.rdbSaveSync(s.cfg.DBFilename); err != nil {
			s.log.Warn().Msg("Error trying to save the DB, can't exit.")
			return err
		}
	}
	return nil
}

// debugReload is DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, empty
// the data set, load the file again.
func (s *Server) debugReload(c *Client) {
	flush, save, merge := true, true, false
	for _, a := range c.argv[2:] {
		switch {
		case eqFold(a, "merge"):
			merge = true
		case eqFold(a, "noflush"):
			flush = false
		case eqFold(a, "nosave"):
			save = false
		default:
			c.addReplyError("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.")
			return
		}
	}
	if save {
		if err := s.rdbSaveSync(s.cfg.DBFilename); err != nil {
			c.addReplyError("ERR")
			return
		}
	}
	if flush {
		s.snapshotAbort()
		s.emptyData()
	}
	s.loadMerge = merge
	_, err := s.rdbLoad(s.cfg.DBFilename, false)
	s.loadMerge = false
	if err != nil {
		s.log.Warn().Err(err).Msg("DEBUG RELOAD failed")
		c.addReplyError("ERR Error trying to load the RDB dump")
		return
	}
	s.log.Warn().Msg("DB reloaded by DEBUG RELOAD")
	c.addReplyOK()
}

// emptyData drops every key of every DB (DEBUG RELOAD, FLUSHALL).
func (s *Server) emptyData() {
	for _, db := range s.dbs {
		s.touchWatchedKeysInDBs(db, nil)
		db.flush()
	}
}

// infoLoading writes the loading_* fields of INFO persistence.
func (s *Server) infoLoading(w infoWriter) {
	var read int64
	if s.loadingRead != nil {
		read = *s.loadingRead
	}
	perc := 0.0
	if s.loadingTotal > 0 {
		perc = float64(read) / float64(s.loadingTotal) * 100
	}
	elapsed := time.Since(s.loadingStart).Seconds()
	eta := int64(1)
	if read > 0 && s.loadingTotal > read {
		eta = int64(elapsed * float64(s.loadingTotal-read) / float64(read))
	}
	w.int("loading_start_time", s.loadingStart.Unix())
	w.int("loading_total_bytes", s.loadingTotal)
	w.int("loading_rdb_used_mem", 0)
	w.int("loading_loaded_bytes", read)
	w.str("loading_loaded_perc", strconv.FormatFloat(perc, 'f', 2, 64))
	w.int("loading_eta_seconds", eta)
}

func okErr(ok bool) string {
	if ok {
		return "ok"
	}
	return "err"
}
