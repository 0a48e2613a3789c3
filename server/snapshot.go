package server

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"aeon/ae"
	"aeon/ds"
	"aeon/persist"
)

// Snapshots without fork.
//
// Redis's BGSAVE forks: the child writes the data set as of the fork while
// the kernel copies pages the parent then modifies. Go cannot fork, so a
// snapshot here is a walk of the keyspace done by the event loop itself,
// a slice at a time between events, with copy-on-write done per key:
//
//	loop (this goroutine)                          writer goroutine
//	--------------------                           ----------------
//	BGSAVE: epoch++, remember every DB's dicts
//	time event, ~1 ms a slice:                     for chunk := range full:
//	  SCAN the dicts; each key whose object's        encode strings (int/LZF),
//	  epoch is old: append its record to a           CRC64, write to temp file
//	  Chunk, set the object's epoch          ---->   give the chunk back (free)
//	before a write to a key (command keys,         at the end: EOF + checksum,
//	  delete, expire, overwrite): if its epoch       fsync, rename, fsync dir
//	  is old, append its record first              post the result to the loop
//
// An object's epoch says which snapshot has written it. Every object that
// exists when a snapshot starts has an older epoch; objects created while
// it runs get the current one, so they are left out, and a key written
// before it changes is never written again. Between snapshots every object
// carries the epoch of the last one (an aborted walk is finished in a
// mark-only pass), so the 8-bit counter cannot wrap onto a stale value.
//
// FLUSHDB during a snapshot hands the old dicts to it instead of clearing
// them (nothing else can reach them any more); SWAPDB swaps dicts, which
// the snapshot holds by identity. FLUSHALL aborts it, as Redis kills its
// child. What is copied is only what is written while the snapshot runs,
// one key at a time, and the Chunks queued for the writer (bounded).

// errSaveAborted is the writer's result when the loop aborted the save.
var errSaveAborted = errors.New("snapshot aborted")

// snapChunkSize is the size at which a Chunk is handed to the writer, and
// snapChunks how many may be in flight (the memory a snapshot holds beyond
// copies of keys written during it).
const (
	snapChunkSize = 128 << 10
	snapChunks    = 4
	snapSlice     = 500 * time.Microsecond // longest walk slice
	snapMinSlice  = 200 * time.Microsecond // shortest walk slice
)

// snapFormat is what a snapshot writes: an RDB file, or an AOF base as an
// RDB (aof-use-rdb-preamble yes) or as commands (no; see aofrw.go). The
// walk and its copy-on-write are the same for all three; only what a key
// becomes and how the writer frames the file differ.
type snapFormat uint8

const (
	snapRDB     snapFormat = iota // dump.rdb: BGSAVE, SAVE
	snapAOFRDB                    // an AOF base in RDB form (aux aof-base 1)
	snapAOFCmds                   // an AOF base of commands: no header, EOF or checksum
)

// snapDB is one database as the snapshot found it.
type snapDB struct {
	id      int
	dict    *ds.Dict[Object]
	expires *ds.Dict[int64]
}

// snapshot is a save in progress.
type snapshot struct {
	epoch   uint8
	dbs     []snapDB
	di      int    // index in dbs of the DB being walked
	started bool   // its SELECTDB/RESIZEDB are written
	cursor  uint64 // SCAN cursor in dbs[di].dict
	curDB   int    // DB of the last SELECTDB written
	ch      *persist.Chunk
	full    chan *persist.Chunk // to the writer
	free    chan *persist.Chunk // back from the writer
	visit   func(e *ds.Entry[Object])
	timer   int64
	lastEnd time.Time // when the last walk slice ended
	path    string    // final file name
	tmp     string
	start   time.Time
	dirty   int64      // s.dirty when it started
	keys    int64      // records written
	walked  bool       // the walk is over; the writer is finishing
	gate    renameGate // lets the loop cancel the writer's rename
	format  snapFormat
	cmds    []byte // snapAOFCmds: the command being built (aofrw.go)
}

// rdbState is what INFO persistence reports about saves.
type rdbState struct {
	saving        *snapshot // a BGSAVE in progress (walking or being written)
	lastStatusOK  bool
	lastBgsaveTry int64 // unix s
	lastSaveTime  int64 // seconds the last BGSAVE took, -1 none
	saves         int64
	scheduled     bool // BGSAVE SCHEDULE / inside EXEC
	lastLoadKeys  int64
	lastLoadExp   int64
	epoch         uint8 // of the last snapshot: every object between snapshots
}

// bgsaveStart starts a background save to the configured file.
func (s *Server) bgsaveStart() error {
	if s.rdb.saving != nil {
		return errors.New("Background save already in progress")
	}
	s.rdb.lastBgsaveTry = s.unixMs / 1000
	tmp := fmt.Sprintf("temp-%d-bg.rdb", os.Getpid())
	sn, err := s.snapshotStart(s.cfg.DBFilename, tmp, snapRDB, s.bgsaveDone)
	if err != nil {
		s.log.Warn().Err(err).Msg("Failed opening the temp RDB file for BGSAVE")
		s.rdb.lastStatusOK = false
		return err
	}
	s.rdb.saving = sn
	s.log.Info().Msg("Background saving started")
	return nil
}

// snapshotStart starts a walk writing a file of the given format to tmp,
// renamed to path when complete; done runs on the loop afterwards.
func (s *Server) snapshotStart(path, tmp string, format snapFormat, done func(*snapshot, error)) (*snapshot, error) {
	if s.snap != nil {
		return nil, errors.New("a snapshot is already running")
	}
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0644)
	if err != nil {
		return nil, err
	}
	sn := s.newSnapshot(path, tmp, format)
	sn.full = make(chan *persist.Chunk, snapChunks)
	sn.free = make(chan *persist.Chunk, snapChunks+1)
	for i := 0; i < snapChunks; i++ {
		sn.free <- s.getChunk()
	}
	s.snap = sn
	compress, checksum := s.cfg.RDBCompression, s.cfg.RDBChecksum
	go func() {
		err := writeSnapshotFile(f, tmp, path, format == snapAOFCmds, compress, checksum, sn.full, sn.free, &sn.gate)
		s.el.Post(func() {
			for len(sn.free) > 0 { // the writer has given every chunk back
				s.putChunk(<-sn.free)
			}
			done(sn, err)
		})
	}()
	sn.timer = s.el.CreateTimeEvent(0, s.snapshotStep)
	return sn, nil
}

// newSnapshot starts a walk: a new epoch, the DBs with keys, an RDB's aux
// fields in the first chunk.
func (s *Server) newSnapshot(path, tmp string, format snapFormat) *snapshot {
	s.rdb.epoch++
	sn := &snapshot{epoch: s.rdb.epoch, path: path, tmp: tmp, start: time.Now(), dirty: s.dirty, curDB: -1,
		ch: s.getChunk(), format: format}
	for _, db := range s.dbs {
		if db.dict.Len() > 0 {
			sn.dbs = append(sn.dbs, snapDB{id: db.id, dict: db.dict, expires: db.expires})
		}
	}
	sn.visit = func(e *ds.Entry[Object]) {
		if e.Val.epoch != sn.epoch {
			s.snapSaveEntry(sn, &sn.dbs[sn.di], e)
		}
	}
	if format != snapAOFCmds {
		s.rdbAux(sn.ch, format == snapAOFRDB)
	}
	return sn
}

// writeSnapshotFile is the writer goroutine: it writes the chunks it
// receives, then finishes, fsyncs and renames the file and fsyncs its
// directory. Every chunk goes back on free, also after an error. An RDB
// gets its header, EOF and checksum; a file of commands (cmds) is the
// chunks' bytes alone.
func writeSnapshotFile(f *os.File, tmp, path string, cmds, compress, checksum bool, full <-chan *persist.Chunk, free chan<- *persist.Chunk, gate *renameGate) error {
	w := persist.NewWriter(f, compress)
	var err error
	if !cmds {
		err = w.Header()
	}
	for ch := range full {
		if err == nil {
			err = w.WriteChunk(ch)
		}
		ch.Reset()
		free <- ch
	}
	if err == nil && gate.isCancelled() {
		err = errSaveAborted
	}
	if err == nil {
		err = finishStream(w, cmds, checksum)
	}
	return finishFile(f, tmp, path, err, gate)
}

// finishStream ends what w wrote: an RDB's EOF and checksum, or for a file
// of commands just what is still buffered.
func finishStream(w *persist.Writer, cmds, checksum bool) error {
	if cmds {
		return w.Flush()
	}
	return w.Finish(checksum)
}

// renameGate is how the loop cancels a background save: once cancel has
// returned, the writer has either renamed its file already (so a save made
// afterwards replaces it) or never will.
type renameGate struct {
	mu        sync.Mutex
	cancelled bool
}

func (g *renameGate) cancel() {
	g.mu.Lock()
	g.cancelled = true
	g.mu.Unlock()
}

func (g *renameGate) isCancelled() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.cancelled
}

// rename renames tmp to path unless cancelled (a nil gate always renames).
func (g *renameGate) rename(tmp, path string) error {
	if g == nil {
		return os.Rename(tmp, path)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.cancelled {
		return errSaveAborted
	}
	return os.Rename(tmp, path)
}

// finishFile fsyncs and closes f, renames tmp to path (through gate, nil
// for none) and fsyncs the directory; after an earlier error (err) it
// closes and removes tmp.
func finishFile(f *os.File, tmp, path string, err error, gate *renameGate) error {
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = gate.rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

// syncDir fsyncs a directory so a rename in it is durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	d.Close()
	return err
}

// snapshotStep is the time event that walks the keyspace, one slice per
// call, handing full chunks to the writer.
func (s *Server) snapshotStep(int64) int64 {
	sn := s.snap
	if sn == nil || sn.walked {
		return ae.NoMore
	}
	// The walk takes as long as the rest of the loop took since its last
	// slice (clients first: about half the loop while they keep it busy,
	// nearly all of it when idle), between snapMinSlice and snapSlice.
	now := time.Now()
	slice := snapSlice
	if !sn.lastEnd.IsZero() {
		slice = min(max(now.Sub(sn.lastEnd), snapMinSlice), snapSlice)
	}
	deadline := now.Add(slice)
	defer func() { sn.lastEnd = time.Now() }()
	for n := 0; sn.di < len(sn.dbs); n++ {
		if sn.ch.Size() >= snapChunkSize && !s.snapHandOff(sn) {
			return 1 // the writer is behind: let it catch up
		}
		if n&63 == 63 && time.Now().After(deadline) {
			return 0
		}
		d := &sn.dbs[sn.di]
		if !sn.started {
			sn.started = true
			s.snapStartDB(sn, d)
		}
		sn.cursor = d.dict.Scan(sn.cursor, sn.visit)
		if sn.cursor == 0 {
			sn.di++
			sn.started = false
		}
	}
	// Walk done: nothing needs copying on write any more.
	sn.walked = true
	s.snap = nil
	if sn.ch.Size() > 0 {
		sn.full <- sn.ch // the writer gave back all but one chunk: room for this one
	} else {
		s.putChunk(sn.ch)
	}
	sn.ch = nil
	close(sn.full)
	return ae.NoMore
}

// getChunk returns a Chunk for a snapshot from the server's pool: chunks
// (their grown buffers) are reused across saves, so that a BGSAVE leaves
// no garbage behind it for the GC to let the heap grow by.
func (s *Server) getChunk() *persist.Chunk {
	if n := len(s.chunkPool); n > 0 {
		ch := s.chunkPool[n-1]
		s.chunkPool = s.chunkPool[:n-1]
		return ch
	}
	return persist.NewChunk(snapChunkSize + snapChunkSize/4) // a record may end past the hand-off size
}

// putChunk gives ch back to the pool.
func (s *Server) putChunk(ch *persist.Chunk) {
	ch.Reset()
	s.chunkPool = append(s.chunkPool, ch)
}

// snapHandOff gives the current chunk to the writer if a free one can
// replace it, and reports whether it did.
func (s *Server) snapHandOff(sn *snapshot) bool {
	select {
	case next := <-sn.free:
		sn.full <- sn.ch
		sn.ch = next
		return true
	default:
		return false
	}
}

// snapStartDB begins the walk of d: an RDB's SELECTDB and RESIZEDB, a
// SELECT command in a file of commands.
func (s *Server) snapStartDB(sn *snapshot, d *snapDB) {
	sn.curDB = d.id
	if sn.format == snapAOFCmds {
		sn.cmds = aofSelect(sn.ch, sn.cmds, d.id)
		return
	}
	sn.ch.SelectDB(d.id)
	sn.ch.ResizeDB(uint64(d.dict.Len()), uint64(d.expires.Len()))
}

// snapSaveEntry writes one key of d and marks its object written.
func (s *Server) snapSaveEntry(sn *snapshot, d *snapDB, e *ds.Entry[Object]) {
	if sn.curDB != d.id {
		sn.curDB = d.id
		if sn.format == snapAOFCmds {
			sn.cmds = aofSelect(sn.ch, sn.cmds, d.id)
		} else {
			sn.ch.SelectDB(d.id)
		}
	}
	expire := int64(-1)
	if d.expires.Len() > 0 {
		if x := d.expires.FindString(e.Key()); x != nil {
			expire = x.Val
		}
	}
	if sn.format == snapAOFCmds {
		sn.cmds = aofSaveKey(sn.ch, sn.cmds, e.Key(), &e.Val, expire)
	} else {
		s.rdbSaveKey(sn.ch, e.Key(), &e.Val, expire)
	}
	e.Val.epoch = sn.epoch
	sn.keys++
}

// snapshotKey is called before key in db is changed in any way (value,
// TTL, deletion): if a snapshot is walking and has not written the key
// yet, its record is written now, as it is.
func (s *Server) snapshotKey(db *DB, key []byte) {
	sn := s.snap
	e := db.dict.Find(key)
	if e == nil || e.Val.epoch == sn.epoch {
		return
	}
	for i := range sn.dbs {
		if sn.dbs[i].dict == db.dict {
			s.snapSaveEntry(sn, &sn.dbs[i], e)
			return
		}
	}
	e.Val.epoch = sn.epoch // a dict the snapshot does not cover: only new keys
}

// snapshotCommandKeys is called before a write command runs while a
// snapshot walks: every key it names is written first. The keys are kept
// so snapshotMarkKeys can mark the objects the command left (it may have
// replaced them, e.g. converting an encoding).
func (s *Server) snapshotCommandKeys(c *Client, cmd *Command) {
	keys, _ := getKeysFromSpecs(s.snapKeyPos, cmd, c.argv)
	s.snapKeyPos = keys
	s.snapKeys, s.snapKeyEnds = s.snapKeys[:0], s.snapKeyEnds[:0]
	for _, k := range keys {
		s.snapKeys = append(s.snapKeys, c.argv[k.pos]...)
		s.snapKeyEnds = append(s.snapKeyEnds, len(s.snapKeys))
		s.snapshotKey(c.db, c.argv[k.pos])
	}
	s.snapDB = c.db
}

// snapshotMarkKeys marks the objects under the keys of the command that
// just ran as written (or new) for the current snapshot.
func (s *Server) snapshotMarkKeys() {
	sn := s.snap
	if sn == nil {
		return
	}
	start := 0
	for _, end := range s.snapKeyEnds {
		if e := s.snapDB.dict.Find(s.snapKeys[start:end]); e != nil {
			e.Val.epoch = sn.epoch
		}
		start = end
	}
	s.snapKeys, s.snapKeyEnds = s.snapKeys[:0], s.snapKeyEnds[:0]
}

// snapshotAbort stops a walking snapshot (FLUSHALL, shutdown, a write
// error): the remaining objects are marked so that the epoch invariant
// holds, and the writer is told to stop; bgsaveDone then reports failure.
// A BGSAVE whose walk is over but whose writer has not renamed its file
// yet is cancelled too, as Redis kills its child: its file must not land
// after a save made once this returns.
func (s *Server) snapshotAbort() {
	sn := s.snap
	if sn == nil {
		if bg := s.rdb.saving; bg != nil {
			bg.gate.cancel()
		}
		return
	}
	sn.gate.cancel()
	s.el.DeleteTimeEvent(sn.timer)
	sn.markRest()
	sn.walked = true
	s.snap = nil
	if sn.ch != nil {
		s.putChunk(sn.ch)
		sn.ch = nil
	}
	if sn.full != nil {
		close(sn.full) // the writer finishes the file, which bgsaveDone then drops
	}
}

// markRest marks every object of the DBs not yet walked (from the current
// one on) as written by sn, so that between snapshots every object carries
// the last epoch: what an aborted or failed walk must restore.
func (sn *snapshot) markRest() {
	for ; sn.di < len(sn.dbs); sn.di++ {
		sn.dbs[sn.di].dict.Range(func(e *ds.Entry[Object]) bool {
			e.Val.epoch = sn.epoch
			return true
		})
	}
}

// bgsaveDone runs on the loop when the writer has finished.
func (s *Server) bgsaveDone(sn *snapshot, err error) {
	if s.rdb.saving != sn {
		return
	}
	s.rdb.saving = nil
	s.rdb.lastSaveTime = int64(time.Since(sn.start).Seconds())
	if errors.Is(err, errSaveAborted) {
		// Cancelled on purpose (FLUSHALL, shutdown): not a failure, as
		// Redis's SIGUSR1 kill of its child does not set the error state.
		s.log.Warn().Msg("Background saving terminated by the server")
		return
	}
	if err != nil {
		s.rdb.lastStatusOK = false
		s.log.Warn().Err(err).Msg("Background saving error")
		return
	}
	s.rdb.lastStatusOK = true
	s.rdb.saves++
	s.dirty -= sn.dirty
	s.lastSave = time.Now().Unix()
	s.log.Info().Int64("keys", sn.keys).Msg("Background saving terminated with success")
}

// rdbSaveSync writes the whole data set to path now, on the loop (SAVE,
// SHUTDOWN, FLUSHALL, DEBUG RELOAD).
func (s *Server) rdbSaveSync(path string) error {
	if err := s.rdbSaveSyncTo(path, snapRDB); err != nil {
		return err
	}
	s.dirty = 0
	s.lastSave = time.Now().Unix()
	s.rdb.lastStatusOK = true
	s.log.Info().Msg("DB saved on disk")
	return nil
}

// rdbSaveSyncTo writes the data set to path on the loop, in the given
// format (an RDB, or an AOF base).
func (s *Server) rdbSaveSyncTo(path string, format snapFormat) error {
	if s.snap != nil {
		return errors.New("Background save already in progress")
	}
	tmp := filepath.Join(filepath.Dir(path), fmt.Sprintf("temp-%d.rdb", os.Getpid()))
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0644)
	if err != nil {
		s.log.Warn().Err(err).Msgf("Failed opening the temp RDB file %s (in server root dir %s) for saving", tmp, s.cfg.Dir)
		return err
	}
	sn := s.newSnapshot(path, tmp, format)
	defer func() { s.putChunk(sn.ch) }()
	cmds := format == snapAOFCmds
	w := persist.NewWriter(f, s.cfg.RDBCompression)
	if !cmds {
		err = w.Header()
	}
	for _, d := range sn.dbs {
		if err != nil {
			break
		}
		s.snapStartDB(sn, &d)
		d.dict.Range(func(e *ds.Entry[Object]) bool {
			s.snapSaveEntry(sn, &d, e)
			if sn.ch.Size() >= snapChunkSize {
				err = w.WriteChunk(sn.ch)
				sn.ch.Reset()
			}
			return err == nil
		})
	}
	if err == nil {
		err = w.WriteChunk(sn.ch)
	}
	if err == nil {
		err = finishStream(w, cmds, s.cfg.RDBChecksum)
	}
	if err = finishFile(f, tmp, path, err, nil); err != nil {
		sn.markRest() // the walk may have stopped early
		s.log.Warn().Err(err).Msg("Write error saving DB on disk")
		return err
	}
	return nil
}
