package persist

import (
	"errors"
	"io"
	"math"
)

// Record is one key read by Load. Load reuses the Record, its Value and the
// Value's slices (Nodes, Members, Scores) from key to key, so they are
// valid only during the Handler call; what they hold is new for every key
// and the handler may keep it: Key, Str, each Members[i], each node's
// listpack or plain bytes, Listpack, Intset.
type Record struct {
	DB       int
	Key      []byte
	ExpireMs int64 // unix ms; -1 for none
	Idle     int64 // LRU idle seconds (OpIdle); -1 for none
	Freq     int   // LFU counter (OpFreq); -1 for none
	Value    *Value
}

// Handler receives what Load reads. An error it returns stops Load, which
// returns it as is.
type Handler interface {
	// Aux is an aux field (redis-ver, ctime, repl-id, ...).
	Aux(key, val []byte) error
	// ResizeDB is the size hint before the keys of db.
	ResizeDB(db int, size, expires uint64) error
	// Record is a key and its value. r.Key, and r.Value.Str of a string,
	// are valid only during the call (Load reuses their storage): copy
	// what is kept. The rest of r.Value is the handler's to keep.
	Record(r *Record) error
}

// EmptyKeyHandler is implemented by a Handler that wants to hear of the
// keys Load skips because their value is empty (Redis logs "skipping empty
// key").
type EmptyKeyHandler interface {
	EmptyKey(db int, key []byte)
}

// Load reads a whole RDB file from rd: the header, then aux fields, db
// selectors, size hints and keys up to OpEOF, then the checksum (checked
// unless stored as 0). Keys with an empty value are skipped. Module data,
// streams and functions are errors wrapping ErrUnsupported. It returns the
// file's RDB version.
func Load(rd io.Reader, h Handler) (version int, err error) {
	return NewReader(rd).Load(h)
}

// keep returns b[:0] to be reused as a scratch buffer, or nil when it is
// too big to keep around.
func keep(b []byte) []byte {
	if cap(b) > chunkKeepCap {
		return nil
	}
	return b[:0]
}

// Load is the package's Load on this Reader; afterwards Rest returns what
// follows the RDB (an AOF preamble's commands).
func (r *Reader) Load(h Handler) (version int, err error) {
	if version, err = r.ReadHeader(); err != nil {
		return 0, err
	}
	eh, _ := h.(EmptyKeyHandler)
	var val Value
	rec := Record{ExpireMs: -1, Idle: -1, Freq: -1, Value: &val}
	for {
		at := r.Offset()
		typ, err := r.ReadByte()
		if err != nil {
			return version, err
		}
		switch typ {
		case OpEOF:
			return version, r.ReadChecksum(version)
		case OpExpireTime:
			sec, err := r.ReadSeconds()
			if err != nil {
				return version, err
			}
			rec.ExpireMs = sec * 1000
		case OpExpireTimeMs:
			if rec.ExpireMs, err = r.ReadMillis(); err != nil {
				return version, err
			}
		case OpFreq:
			f, err := r.ReadByte()
			if err != nil {
				return version, err
			}
			rec.Freq = int(f)
		case OpIdle:
			idle, err := r.ReadLen()
			if err != nil {
				return version, err
			}
			rec.Idle = int64(min(idle, math.MaxInt64))
		case OpSelectDB:
			db, err := r.ReadLen()
			if err != nil {
				return version, err
			}
			if db > math.MaxInt32 {
				return version, r.fail(at, "bad db number %d", db)
			}
			rec.DB = int(db)
		case OpResizeDB:
			size, err := r.ReadLen()
			if err != nil {
				return version, err
			}
			expires, err := r.ReadLen()
			if err != nil {
				return version, err
			}
			if err := h.ResizeDB(rec.DB, size, expires); err != nil {
				return version, err
			}
		case OpAux:
			key, err := r.ReadString()
			if err != nil {
				return version, err
			}
			val, err := r.ReadString()
			if err != nil {
				return version, err
			}
			if err := h.Aux(key, val); err != nil {
				return version, err
			}
		case OpModuleAux:
			return version, &FormatError{Offset: at, What: "module aux data", Err: ErrUnsupported}
		case OpFunction2, OpFunctionPreGA:
			return version, &FormatError{Offset: at, What: "function library", Err: ErrUnsupported}
		default:
			if !knownType(typ) {
				return version, r.fail(at, "unknown value type %d", typ)
			}
			key, err := r.appendString(r.keyBuf)
			if err != nil {
				return version, err
			}
			r.keyBuf = keep(key)
			val.reset()
			if typ == TypeString { // the hot case: no allocation here
				val.Kind, val.Type = KindString, typ
				val.Str, err = r.appendString(r.strBuf)
				r.strBuf = keep(val.Str)
			} else {
				err = r.readValue(typ, &val)
			}
			switch {
			case errors.Is(err, ErrEmptyKey):
				if eh != nil {
					eh.EmptyKey(rec.DB, key)
				}
			case err != nil:
				return version, err
			default:
				rec.Key = key
				if err := h.Record(&rec); err != nil {
					return version, err
				}
			}
			rec.Key, rec.ExpireMs, rec.Idle, rec.Freq = nil, -1, -1, -1
		}
	}
}
