package server

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"aeon/persist"
)

// The append-only file, Redis 7's multi-part AOF (layout in persist/aof.go).
//
// Every command that changed the data set is propagated (propagate.go) in
// a deterministic form into aof.buf. Before the loop sleeps, buf is
// written to the last incr file, and only then are replies sent:
//
//	appendfsync always    fsync on the loop, before the replies leave
//	appendfsync everysec  the syncer goroutine fsyncs once a second; the
//	                      loop never waits for the disk
//	appendfsync no        the kernel decides
//
// BGREWRITEAOF needs no fork either: it opens a new incr file (listed in
// the manifest at once, so a crash loses nothing) and runs a snapshot
// (snapshot.go) into a new base file: an RDB, or commands with
// aof-use-rdb-preamble no (aofrw.go). When the base is complete the
// manifest names it and the new incr file only; the older files become
// history and are deleted. With the AOF off a rewrite (BGREWRITEAOF is
// allowed, as in Redis) writes a base only, and the manifest then names
// that base alone.

// aofState is the AOF's state, owned by the loop.
type aofState struct {
	on       bool
	manifest *persist.Manifest
	f        *os.File // last incr file, appended to
	incrSeq  int64
	baseSeq  int64
	buf      []byte // propagated commands not yet written
	seldb    int    // DB selected in the file, -1 for none yet
	size     int64  // base + incr bytes
	baseSize int64  // size right after the last rewrite

	rewriting    *snapshot
	pendingBase  bool // the AOF was just turned on: no manifest until the first base exists
	scheduled    bool
	rewrites     int64 // rewrites started (Redis's aof_rewrites)
	lastRewrite  int64 // seconds the last finished rewrite took, -1 none
	rewriteErr   bool  // the last rewrite failed
	writeErr     error // the last write to the incr file failed (retried each iteration)
	fsyncFailing bool  // the syncer's error, as the cron last logged it
	rewriteFail  int64

	syncer *aofSyncer
}

// aofSyncer is the goroutine that fsyncs for appendfsync everysec and
// fsyncs and closes incr files the loop has moved away from.
type aofSyncer struct {
	cur    atomic.Pointer[os.File]
	dirty  atomic.Bool // written since the last fsync
	retire chan *os.File
	stop   chan struct{}
	done   chan struct{}
	err    atomic.Pointer[error] // the last background fsync's error, nil once one succeeds
}

func newAOFSyncer(f *os.File, everysec func() bool) *aofSyncer {
	y := &aofSyncer{retire: make(chan *os.File, 16), stop: make(chan struct{}), done: make(chan struct{})}
	y.cur.Store(f)
	go func() {
		defer close(y.done)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				if everysec() && y.dirty.Swap(false) {
					if err := y.cur.Load().Sync(); err != nil {
						y.err.Store(&err)
						y.dirty.Store(true) // try again in a second
					} else {
						y.err.Store(nil)
					}
				}
			case f := <-y.retire:
				f.Sync()
				f.Close()
			case <-y.stop:
				for {
					select {
					case f := <-y.retire:
						f.Sync()
						f.Close()
					default:
						return
					}
				}
			}
		}
	}()
	return y
}

func (s *Server) aofPath(name string) string { return filepath.Join(s.cfg.AppendDirname, name) }

// aofBaseName names a base file in the given format: .base.rdb for an RDB,
// .base.aof for commands.
func (s *Server) aofBaseName(seq int64, f snapFormat) string {
	return fmt.Sprintf("%s.%d.base.%s", s.cfg.AppendFilename, seq, aofBaseExt(f))
}

func (s *Server) aofIncrName(seq int64) string {
	return fmt.Sprintf("%s.%d.incr.aof", s.cfg.AppendFilename, seq)
}

func (s *Server) aofManifestName() string { return s.cfg.AppendFilename + ".manifest" }

// writeManifest replaces the manifest atomically (temp file, fsync,
// rename, fsync of the directory).
func (s *Server) writeManifest(m *persist.Manifest) error {
	path := s.aofPath(s.aofManifestName())
	tmp := s.aofPath("temp-" + s.aofManifestName())
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0644)
	if err != nil {
		return err
	}
	_, err = f.Write(m.Encode())
	return finishFile(f, tmp, path, err, nil)
}

// aofLoadManifest reads the manifest, if there is one, and takes the base
// and incr sequence numbers from it. It runs at startup with the AOF off
// too, as Redis's: a rewrite then continues the numbering (and a bad
// manifest stops the server either way).
func (s *Server) aofLoadManifest() (*persist.Manifest, error) {
	b, err := os.ReadFile(s.aofPath(s.aofManifestName()))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	m, err := persist.ParseManifest(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", s.aofManifestName(), err)
	}
	s.aof.manifest = m
	if m.Base != nil {
		s.aof.baseSeq = m.Base.Seq
	}
	if k := len(m.Incrs); k > 0 {
		s.aof.incrSeq = m.Incrs[k-1].Seq
	}
	return m, nil
}

// aofLoad loads the AOF named by the manifest, if there is one; it
// reports whether it found one.
func (s *Server) aofLoad() (bool, error) {
	m, err := s.aofLoadManifest()
	if m == nil || err != nil {
		return false, err
	}
	files := m.Incrs
	if m.Base != nil {
		files = append([]persist.AOFFile{*m.Base}, files...)
	}
	var size int64 // loading_total_bytes: all the files, as Redis
	for _, f := range files {
		if fi, err := os.Stat(s.aofPath(f.Name)); err == nil {
			size += fi.Size()
		}
	}
	start := time.Now()
	s.startLoading(size)
	defer s.stopLoading()
	var total int64
	for i, f := range files {
		last := i == len(files)-1
		n, err := s.aofLoadFile(f, total, last)
		if err != nil {
			return true, err
		}
		total += n
	}
	s.aof.size = total
	s.aof.baseSize = total
	secs := time.Since(start).Seconds()
	s.log.Info().Msgf("DB loaded from append only file: %.3f seconds (%d keys)", secs, s.keyCount())
	return true, nil
}

// keyCount is the number of keys in all DBs.
func (s *Server) keyCount() int64 {
	var n int64
	for _, db := range s.dbs {
		n += int64(db.dict.Len())
	}
	return n
}

// aofLoadFile loads one file of the AOF and returns its size; done is
// what the files before it held (for INFO's loading_loaded_bytes). A file
// may start with an RDB (the REDIS magic: a base, or an old AOF with an
// RDB preamble) followed by commands, or be commands only; the last file
// may end in a truncated command, dropped (and cut from the file) when
// aof-load-truncated is yes.
func (s *Server) aofLoadFile(af persist.AOFFile, done int64, last bool) (int64, error) {
	path := s.aofPath(af.Name)
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && af.Type == persist.AOFIncr && last {
			return 0, nil // a fresh incr file not yet created
		}
		return 0, fmt.Errorf("Can't open the append-only file %s: %v", af.Name, err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	size := fi.Size()
	var magic [5]byte
	n, _ := io.ReadFull(f, magic[:])
	f.Seek(0, io.SeekStart)
	cr := &countingReader{r: f, n: done}
	rdbLen := int64(0) // bytes of the RDB at the head of the file
	if n == 5 && string(magic[:]) == "REDIS" {
		rr, err := s.rdbLoadStream(f, done, true)
		if err != nil {
			return 0, fmt.Errorf("Bad file format reading the append only file %s: %v", af.Name, err)
		}
		if rdbLen = rr.Offset(); rdbLen == size {
			return size, nil
		}
		s.log.Info().Msgf("Reading the remaining AOF tail of %s...", af.Name)
		cr.r, cr.n = rr.Rest(), done+rdbLen
	}
	s.loadingRead = &cr.n
	fake := s.newFakeClient()
	r := persist.NewAOFReader(cr, s.cfg.ProtoMaxBulkLen)
	var argv [][]byte
	validBeforeMulti := int64(0)
	for loops := 1; ; loops++ {
		if loops&1023 == 0 {
			s.processEventsWhileBlocked() // -LOADING to clients meanwhile, as Redis
		}
		before := r.Offset()
		argv, err = r.Next(argv)
		if err != nil {
			break
		}
		if eqFold(argv[0], "multi") {
			validBeforeMulti = before
		}
		fake.argv = argv
		if cmd := s.lookupCommand(argv); cmd == nil {
			return 0, fmt.Errorf("Unknown command '%s' reading the append only file %s", clip128(argv[0]), af.Name)
		}
		s.processCommand(fake)
		fake.reply = fake.reply[:0]
	}
	cut := int64(-1)
	switch {
	case err == io.EOF:
		if fake.inMulti {
			cut = validBeforeMulti
			s.log.Warn().Msgf("Revert incomplete MULTI/EXEC transaction in AOF file %s", af.Name)
		}
	case errors.Is(err, persist.ErrAOFTruncated):
		cut = r.Offset()
		if fake.inMulti {
			cut = validBeforeMulti
		}
	default:
		return 0, fmt.Errorf("Bad file format reading the append only file %s: %v", af.Name, err)
	}
	if fake.inMulti {
		s.discardTransaction(fake)
	}
	if cut >= 0 {
		cut += rdbLen
		if !last || !s.cfg.AOFLoadTruncated {
			return 0, fmt.Errorf("Unexpected end of file reading the append only file %s at offset %d. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.", af.Name, cut)
		}
		s.log.Warn().Msgf("!!! Warning: short read while loading the AOF file %s!!! AOF loaded anyway because aof-load-truncated is enabled; the last %d bytes were dropped", af.Name, size-cut)
		if err := os.Truncate(path, cut); err != nil {
			return 0, fmt.Errorf("Error truncating the AOF file %s: %v", af.Name, err)
		}
		size = cut
	}
	return size, nil
}

// newFakeClient is the client AOF commands run as: no connection, no
// replies, never blocks.
func (s *Server) newFakeClient() *Client {
	return &Client{s: s, id: -1, fd: -1, db: s.dbs[0], proto: 2, authed: true, replyMode: replyOff,
		denyBlocking: true, loadingAOF: true, addr: "aof", laddr: "aof"}
}

// aofStartup opens the AOF for appending after loading (Redis's
// aofOpenIfNeededOnServerStart): a fresh AOF gets a base file of the
// (empty) data set first, and a manifest.
func (s *Server) aofStartup() error {
	if err := os.MkdirAll(s.cfg.AppendDirname, 0755); err != nil {
		return fmt.Errorf("Can't open or create append-only dir %s: %v", s.cfg.AppendDirname, err)
	}
	m := s.aof.manifest
	if m == nil {
		m = &persist.Manifest{}
		s.aof.baseSeq = 1
		format := s.aofBaseFormat()
		base := s.aofBaseName(1, format)
		if err := s.rdbSaveSyncTo(s.aofPath(base), format); err != nil {
			return err
		}
		m.Base = &persist.AOFFile{Name: base, Seq: 1, Type: persist.AOFBase}
		s.aof.manifest = m
	}
	if len(m.Incrs) == 0 {
		s.aof.incrSeq++
		m.Incrs = append(m.Incrs, persist.AOFFile{Name: s.aofIncrName(s.aof.incrSeq), Seq: s.aof.incrSeq, Type: persist.AOFIncr})
	}
	f, err := os.OpenFile(s.aofPath(m.Incrs[len(m.Incrs)-1].Name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0644)
	if err != nil {
		return err
	}
	if err := s.writeManifest(m); err != nil {
		f.Close()
		return err
	}
	s.aofDeleteHistory()
	s.aofOpened(f)
	return nil
}

// aofOpened makes f the file appended to and starts the syncer.
func (s *Server) aofOpened(f *os.File) {
	s.aof.f = f
	s.aof.on = true
	s.aof.seldb = -1
	s.aof.writeErr = nil
	s.aof.rewriteErr = false
	if s.aof.syncer == nil {
		s.aof.syncer = newAOFSyncer(f, s.aofEverysec)
	} else {
		s.aof.syncer.cur.Store(f)
	}
}

// aofEverysec is read by the syncer goroutine: appendfsync is only
// changed on the loop, and a stale read costs one fsync more or less.
func (s *Server) aofEverysec() bool { return s.aofFsyncMode.Load() == 1 }

// aofDeleteHistory removes the files the manifest lists as history.
func (s *Server) aofDeleteHistory() {
	m := s.aof.manifest
	if m == nil || len(m.History) == 0 {
		return
	}
	for _, h := range m.History {
		os.Remove(s.aofPath(h.Name))
	}
	m.History = nil
	s.writeManifest(m)
}

// flushAOF writes the propagated commands to the incr file; with
// appendfsync always it also fsyncs. It runs before replies are sent.
func (s *Server) flushAOF() {
	if !s.aof.on || len(s.aof.buf) == 0 {
		return
	}
	n, err := s.aof.f.Write(s.aof.buf)
	s.aof.size += int64(n)
	if err != nil {
		if s.cfg.AppendFsync == "always" {
			// The replies about to go out promise what is not on disk.
			s.log.Error().Err(err).Msg("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...")
			os.Exit(1)
		}
		// Keep what was not written and retry on the next iteration;
		// write commands get MISCONF meanwhile (writesDeniedByDiskError).
		s.aof.buf = append(s.aof.buf[:0], s.aof.buf[n:]...)
		if s.aof.writeErr == nil {
			s.log.Warn().Err(err).Msg("Error writing to the AOF file")
		}
		s.aof.writeErr = err
		return
	}
	if s.aof.writeErr != nil {
		s.log.Warn().Msg("AOF write error looks solved, Redis can write again.")
		s.aof.writeErr = nil
	}
	if cap(s.aof.buf) > 4<<20 {
		s.aof.buf = nil
	} else {
		s.aof.buf = s.aof.buf[:0]
	}
	switch s.cfg.AppendFsync {
	case "always":
		if err := s.aof.f.Sync(); err != nil {
			// Redis exits here: a write it cannot make durable.
			s.log.Error().Err(err).Msg("Can't persist AOF for fsync error when the AOF fsync policy is 'always'. Exiting...")
			os.Exit(1)
		}
	case "everysec":
		s.aof.syncer.dirty.Store(true)
	}
}

// aofWriteError is why writes are refused (MISCONF): the last write's
// error, or the last background fsync's until one succeeds; nil if none.
func (s *Server) aofWriteError() error {
	if s.aof.writeErr != nil {
		return s.aof.writeErr
	}
	if y := s.aof.syncer; y != nil {
		if p := y.err.Load(); p != nil {
			return *p
		}
	}
	return nil
}

// setAppendOnly turns the AOF on (a rewrite creates its first base) or
// off, for CONFIG SET appendonly. Turning it off cancels a rewrite in
// progress and a scheduled one, as Redis's stopAppendOnly.
func (s *Server) setAppendOnly(on bool) error {
	s.aofFsyncMode.Store(fsyncMode(s.cfg.AppendFsync))
	if s.el == nil {
		return nil
	}
	waiting := s.aof.pendingBase && !s.aof.on // turned on, its rewrite scheduled
	if !on {
		if !s.aof.on && !waiting {
			return nil
		}
		s.flushAOF()
		s.aofRewriteCancel()
		s.aof.scheduled = false
		if s.aof.f != nil {
			s.aof.syncer.retire <- s.aof.f
			s.aof.f = nil
		}
		s.aof.on = false
		s.aof.pendingBase = false
		return nil
	}
	if s.aof.on || waiting {
		return nil
	}
	// A rewrite running with the AOF off misses the writes made from now
	// on: it is cancelled for one that opens the incr file, as Redis
	// kills its child and starts another.
	s.aofRewriteCancel()
	// The data set goes into a new base; writes from now on into a new
	// incr file; the manifest names both once the base is complete.
	s.aof.pendingBase = true
	if err := s.aofRewriteStart(); err != nil {
		s.aof.pendingBase = false
		return err
	}
	return nil
}

func fsyncMode(v string) int32 {
	switch v {
	case "everysec":
		return 1
	case "always":
		return 2
	}
	return 0
}

// aofRewriteStart begins a BGREWRITEAOF (or the first base of an AOF
// being turned on), or schedules it while a BGSAVE runs.
func (s *Server) aofRewriteStart() error {
	if s.aof.rewriting != nil {
		return errors.New("Background append only file rewriting already in progress")
	}
	if s.snap != nil || s.rdb.saving != nil {
		s.aof.scheduled = true
		return nil
	}
	if err := os.MkdirAll(s.cfg.AppendDirname, 0755); err != nil {
		s.aof.rewriteErr = true
		return fmt.Errorf("Can't open or create append-only dir %s: %v", s.cfg.AppendDirname, err)
	}
	// 1. With the AOF on, a new incr file: everything written from now on
	// goes there. With it off there is none (incrSeq 0).
	incrSeq := int64(0)
	if s.aof.on || s.aof.pendingBase {
		s.flushAOF()
		seq := s.aof.incrSeq + 1
		name := s.aofIncrName(seq)
		f, err := os.OpenFile(s.aofPath(name), os.O_CREATE|os.O_WRONLY|os.O_APPEND|os.O_TRUNC, 0644)
		if err != nil {
			s.aof.rewriteErr = true
			return err
		}
		if m := s.aof.manifest; m != nil && !s.aof.pendingBase {
			m.Incrs = append(m.Incrs, persist.AOFFile{Name: name, Seq: seq, Type: persist.AOFIncr})
			if err := s.writeManifest(m); err != nil {
				m.Incrs = m.Incrs[:len(m.Incrs)-1]
				f.Close()
				os.Remove(s.aofPath(name))
				s.aof.rewriteErr = true
				return err
			}
		}
		s.aof.incrSeq = seq
		if old := s.aof.f; old != nil {
			if s.aof.pendingBase {
				// An earlier attempt at the first base was aborted: its
				// incr file is in no manifest, and what it holds is in
				// the snapshot about to be taken.
				os.Remove(old.Name())
			}
			s.aof.syncer.retire <- old
		}
		s.aofOpened(f)
		incrSeq = seq
	}
	// 2. The new base: a snapshot of this very moment. The temp file is
	// the rewrite's own: a cancelled one may still be finishing.
	baseSeq := s.aof.baseSeq + 1
	format := s.aofBaseFormat()
	tmp := s.aofPath(fmt.Sprintf("temp-rewriteaof-bg-%d-%d.aof", os.Getpid(), s.aof.rewrites+1))
	base := s.aofBaseName(baseSeq, format)
	sn, err := s.snapshotStart(s.aofPath(base), tmp, format, func(sn *snapshot, err error) {
		s.aofRewriteDone(sn, err, base, baseSeq, incrSeq)
	})
	if err != nil {
		s.aof.rewriteErr = true
		return err
	}
	s.aof.rewriting = sn
	s.aof.rewrites++
	s.log.Info().Msg("Background append only file rewriting started")
	return nil
}

// aofRewriteCancel stops a rewrite in progress, as Redis kills its child
// (CONFIG SET appendonly): its base never replaces the current one, and
// that is no failure (aof_last_bgrewrite_status and the time of the last
// rewrite stay as they were). An incr file it opened stays in the
// manifest.
func (s *Server) aofRewriteCancel() {
	sn := s.aof.rewriting
	if sn == nil {
		return
	}
	s.log.Info().Msg("Killing running AOF rewrite")
	if s.snap == sn {
		s.snapshotAbort()
	} else {
		sn.gate.cancel() // walk over: the writer must not rename its file
	}
	s.aof.rewriting = nil
}

// aofRewriteDone runs on the loop when the new base file is complete (or
// failed): the manifest switches to it and the incr files from incrSeq on
// (none when the rewrite ran with the AOF off); the others become history.
func (s *Server) aofRewriteDone(sn *snapshot, err error, base string, baseSeq, incrSeq int64) {
	if s.aof.rewriting != sn {
		return // cancelled (aofRewriteCancel)
	}
	s.aof.rewriting = nil
	if errors.Is(err, errSaveAborted) {
		// FLUSHALL or shutdown aborted the walk: the rewrite did not
		// happen, which is no failure either. An AOF being turned on
		// still needs its first base: another rewrite is scheduled.
		s.log.Warn().Msg("Background AOF rewrite terminated by the server")
		if s.aof.pendingBase {
			s.aof.scheduled = true
		}
		return
	}
	s.aof.lastRewrite = int64(time.Since(sn.start).Seconds())
	if err != nil {
		s.aof.rewriteErr = true
		s.aof.rewriteFail++
		s.log.Warn().Err(err).Msg("Background AOF rewrite failed")
		return
	}
	old := s.aof.manifest
	m := &persist.Manifest{Base: &persist.AOFFile{Name: base, Seq: baseSeq, Type: persist.AOFBase}}
	if old != nil {
		if old.Base != nil {
			m.History = append(m.History, persist.AOFFile{Name: old.Base.Name, Seq: old.Base.Seq, Type: persist.AOFHistory})
		}
		for _, f := range old.Incrs {
			if incrSeq == 0 || f.Seq < incrSeq {
				m.History = append(m.History, persist.AOFFile{Name: f.Name, Seq: f.Seq, Type: persist.AOFHistory})
			}
		}
	}
	for seq := incrSeq; incrSeq > 0 && seq <= s.aof.incrSeq; seq++ {
		m.Incrs = append(m.Incrs, persist.AOFFile{Name: s.aofIncrName(seq), Seq: seq, Type: persist.AOFIncr})
	}
	if err := s.writeManifest(m); err != nil {
		s.aof.rewriteErr = true
		s.aof.rewriteFail++
		s.log.Warn().Err(err).Msg("Can't persist the AOF manifest after a rewrite")
		return
	}
	s.aof.manifest = m
	s.aof.baseSeq = baseSeq
	s.aof.pendingBase = false
	s.aof.rewriteErr = false
	s.aof.rewriteFail = 0
	if fi, err := os.Stat(s.aofPath(base)); err == nil && s.aof.on {
		s.aof.baseSize = fi.Size()
		s.aof.size = fi.Size()
	}
	s.aofDeleteHistory()
	s.log.Info().Msg("Background AOF rewrite finished successfully")
}

// aofCron starts a scheduled rewrite or an automatic one when the AOF grew
// by auto-aof-rewrite-percentage over its size after the last rewrite.
func (s *Server) aofCron() {
	if s.snap != nil || s.rdb.saving != nil || s.aof.rewriting != nil {
		return
	}
	if s.aof.scheduled { // with the AOF off too (BGREWRITEAOF during a BGSAVE)
		s.aof.scheduled = false
		s.aofRewriteStart()
		return
	}
	if !s.aof.on {
		return
	}
	if y := s.aof.syncer; y != nil {
		failing := y.err.Load() != nil
		if failing && !s.aof.fsyncFailing {
			s.log.Warn().Err(*y.err.Load()).Msg("Error fsyncing the AOF: writes are refused until an fsync succeeds")
		} else if !failing && s.aof.fsyncFailing {
			s.log.Warn().Msg("AOF fsync error looks solved, Redis can write again.")
		}
		s.aof.fsyncFailing = failing
	}
	perc, min := s.cfg.AutoAOFRewritePerc, s.cfg.AutoAOFRewriteMinSize
	if perc > 0 && s.aof.size > min {
		base := max(s.aof.baseSize, 1)
		if growth := (s.aof.size*100)/base - 100; growth >= perc {
			s.log.Info().Msgf("Starting automatic rewriting of AOF on %d%% growth", growth)
			s.aofRewriteStart()
		}
	}
}

// aofShutdown flushes and fsyncs the AOF at shutdown.
func (s *Server) aofShutdown() {
	if !s.aof.on {
		return
	}
	s.flushAOF()
	s.aof.f.Sync()
	y := s.aof.syncer
	close(y.stop)
	<-y.done
	s.aof.f.Close()
	s.aof.on = false
}

func bgrewriteaofCommand(s *Server, c *Client) {
	switch {
	case s.aof.rewriting != nil:
		c.addReplyError("ERR Background append only file rewriting already in progress")
	case s.snap != nil || s.rdb.saving != nil:
		s.aof.scheduled = true
		c.addReplySimple("Background append only file rewriting scheduled")
	default: // the AOF on or off: off, only a new base and manifest are written
		if err := s.aofRewriteStart(); err != nil {
			c.addReplyError("ERR Background append only file rewriting error: " + err.Error())
			return
		}
		c.addReplySimple("Background append only file rewriting started")
	}
}

// aofInfo writes INFO persistence's aof_* fields.
func (s *Server) aofInfo(w infoWriter) {
	a := &s.aof
	current := int64(-1)
	if a.rewriting != nil {
		current = int64(time.Since(a.rewriting.start).Seconds())
	}
	w.int("aof_enabled", boolInt(a.on))
	w.int("aof_rewrite_in_progress", boolInt(a.rewriting != nil))
	w.int("aof_rewrite_scheduled", boolInt(a.scheduled))
	w.int("aof_last_rewrite_time_sec", a.lastRewrite)
	w.int("aof_current_rewrite_time_sec", current)
	w.str("aof_last_bgrewrite_status", okErr(!a.rewriteErr))
	w.int("aof_rewrites", a.rewrites)
	w.int("aof_rewrites_consecutive_failures", a.rewriteFail)
	w.str("aof_last_write_status", okErr(s.aofWriteError() == nil))
	w.int("aof_last_cow_size", 0)
	w.int("module_fork_in_progress", 0)
	w.int("module_fork_last_cow_size", 0)
	if a.on {
		w.int("aof_current_size", a.size)
		w.int("aof_base_size", a.baseSize)
		w.int("aof_pending_rewrite", boolInt(a.scheduled))
		w.int("aof_buffer_length", int64(len(a.buf)))
		w.int("aof_pending_bio_fsync", 0)
		w.int("aof_delayed_fsync", 0)
	}
}
