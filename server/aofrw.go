package server

import (
	"aeon/ds"
	"aeon/persist"
	"aeon/resp"
)

// An AOF base of commands (aof-use-rdb-preamble no): what a rewrite's
// snapshot (snapshot.go, format snapAOFCmds) writes for each key instead
// of an RDB record. The file is RESP arrays and nothing else, as Redis
// 7.0's rewrite writes it:
//
//	*2 $6 SELECT $<n> <db>                    before each DB's keys (and again
//	                                          when copy-on-write saved a key
//	                                          of another DB in between)
//	*3 $3 SET <key> <value>                   string
//	*<2+n> $5 RPUSH <key> <item>...           list, head to tail
//	*<2+n> $4 SADD <key> <member>...          set
//	*<2+2n> $4 ZADD <key> <score> <member>... zset, score as "%.17g"
//	*<2+2n> $5 HMSET <key> <field> <value>... hash
//	*3 $9 PEXPIREAT <key> <unix ms>           after a key with a TTL
//
// (each element "$<len>\r\n<bytes>\r\n"). A collection is split into
// commands of at most aofRewriteItemsPerCmd items (members, pairs). Small
// encodings (listpack, intset) are written in their order; hash tables in
// the dict's, skiplist zsets by rank. Integers stored as such are written
// in decimal. LRU/LFU data is not kept, as in Redis.
//
// Every command is built in a scratch buffer (the snapshot's, passed in
// and returned grown) and then copied to the chunk as raw bytes: the
// writer adds nothing (no RDB string encoding, header or checksum), and a
// huge collection never needs more than one command's worth of scratch.

// aofRewriteItemsPerCmd is Redis's AOF_REWRITE_ITEMS_PER_CMD.
const aofRewriteItemsPerCmd = 64

// aofScratchKeep is the scratch capacity kept between commands.
const aofScratchKeep = 1 << 20

// aofSelect appends SELECT db to ch.
func aofSelect(ch *persist.Chunk, buf []byte, db int) []byte {
	buf = resp.AppendArray(buf[:0], 2)
	buf = resp.AppendBulkString(buf, "SELECT")
	buf = resp.AppendBulkInt(buf, int64(db))
	return aofEmit(ch, buf)
}

// aofEmit copies the command in buf to ch and returns buf emptied (or
// dropped when one huge command grew it).
func aofEmit(ch *persist.Chunk, buf []byte) []byte {
	ch.Raw(buf)
	if cap(buf) > aofScratchKeep {
		return nil
	}
	return buf[:0]
}

// aofBatch builds the commands of one collection: name key item... with at
// most aofRewriteItemsPerCmd items (of width elements each) per command.
type aofBatch struct {
	ch    *persist.Chunk
	buf   []byte // the command being built
	name  string
	key   string
	width int // elements per item: 1, or 2 for pairs
	left  int // items not yet written, this command's included
	inCmd int // items in the command being built
}

// item starts the next item, opening a command when needed; the caller
// then appends its width elements to b.buf.
func (b *aofBatch) item() {
	if b.inCmd == 0 {
		n := min(b.left, aofRewriteItemsPerCmd)
		b.buf = resp.AppendArray(b.buf[:0], 2+n*b.width)
		b.buf = resp.AppendBulkString(b.buf, b.name)
		b.buf = resp.AppendBulkString(b.buf, b.key)
	}
	b.inCmd++
}

// done ends the item started by item, emitting a complete command.
func (b *aofBatch) done() {
	b.left--
	if b.inCmd == aofRewriteItemsPerCmd || b.left == 0 {
		b.buf = aofEmit(b.ch, b.buf)
		b.inCmd = 0
	}
}

// bulk is item, one element, done.
func (b *aofBatch) bulk(v []byte) {
	b.item()
	b.buf = resp.AppendBulk(b.buf, v)
	b.done()
}

// aofSaveKey appends the commands that rebuild key (value o, expire unix
// ms or -1) to ch; buf is the scratch buffer, returned for reuse.
func aofSaveKey(ch *persist.Chunk, buf []byte, key string, o *Object, expire int64) []byte {
	switch o.typ {
	case TypeString:
		buf = resp.AppendArray(buf[:0], 3)
		buf = resp.AppendBulkString(buf, "SET")
		buf = resp.AppendBulkString(buf, key)
		if o.enc == EncInt {
			buf = resp.AppendBulkInt(buf, o.n)
		} else {
			buf = resp.AppendBulk(buf, o.strBytes(nil))
		}
		buf = aofEmit(ch, buf)
	case TypeList:
		buf = aofSaveList(&aofBatch{ch: ch, buf: buf, name: "RPUSH", key: key, width: 1}, o.quicklist())
	case TypeSet:
		buf = aofSaveSet(&aofBatch{ch: ch, buf: buf, name: "SADD", key: key, width: 1}, o)
	case TypeZSet:
		buf = aofSaveZSet(&aofBatch{ch: ch, buf: buf, name: "ZADD", key: key, width: 2}, o)
	case TypeHash:
		buf = aofSaveHash(&aofBatch{ch: ch, buf: buf, name: "HMSET", key: key, width: 2}, o)
	}
	if expire != -1 {
		buf = resp.AppendArray(buf[:0], 3)
		buf = resp.AppendBulkString(buf, "PEXPIREAT")
		buf = resp.AppendBulkString(buf, key)
		buf = resp.AppendBulkInt(buf, expire)
		buf = aofEmit(ch, buf)
	}
	return buf
}

func aofSaveList(b *aofBatch, q *ds.Quicklist) []byte {
	b.left = q.Len()
	it := q.Iterator(0, true)
	var scratch []byte
	for {
		v, ok := it.Next(scratch)
		if !ok {
			break
		}
		b.bulk(v)
		if cap(v) <= aofScratchKeep {
			scratch = v[:0] // a plain node's element may be huge: not kept
		}
	}
	return b.buf
}

func aofSaveSet(b *aofBatch, o *Object) []byte {
	if o.enc == EncIntset {
		is := o.intset()
		b.left = is.Len()
		for i := 0; i < is.Len(); i++ {
			b.item()
			b.buf = resp.AppendBulkInt(b.buf, is.Get(i))
			b.done()
		}
		return b.buf
	}
	d := o.setDict()
	b.left = d.Len()
	d.Range(func(e *ds.Entry[struct{}]) bool {
		b.item()
		b.buf = resp.AppendBulkString(b.buf, e.Key())
		b.done()
		return true
	})
	return b.buf
}

func aofSaveZSet(b *aofBatch, o *Object) []byte {
	if o.enc == EncListpack {
		lp := o.listpack()
		b.left = lp.Len() / 2
		var num [24]byte
		for p := lp.First(); p >= 0; p = lp.Next(p) {
			member := lp.GetBytes(p, num[:0])
			b.item()
			sp := lp.Next(p)
			b.buf = aofAppendScore(b.buf, zzlScore(lp, sp, nil))
			b.buf = resp.AppendBulk(b.buf, member)
			b.done()
			p = sp
		}
		return b.buf
	}
	zsl := o.zsetIndex().zsl
	b.left = zsl.Len()
	for n := zsl.First(); n != nil; n = n.Next() {
		b.item()
		b.buf = aofAppendScore(b.buf, n.Score())
		b.buf = resp.AppendBulkString(b.buf, n.Member())
		b.done()
	}
	return b.buf
}

// aofAppendScore appends a score as Redis's rewrite does (C's "%.17g" of
// the double, whatever the encoding stored: a listpack's "0.1" becomes
// "0.10000000000000001").
func aofAppendScore(buf []byte, score float64) []byte {
	var tmp [32]byte
	return resp.AppendBulk(buf, appendDigestScore(tmp[:0], score))
}

func aofSaveHash(b *aofBatch, o *Object) []byte {
	if o.enc == EncListpack {
		lp := o.listpack()
		b.left = lp.Len() / 2
		var num [24]byte
		for p := lp.First(); p >= 0; p = lp.Next(p) {
			b.item()
			b.buf = resp.AppendBulk(b.buf, lp.GetBytes(p, num[:0]))
			p = lp.Next(p)
			b.buf = resp.AppendBulk(b.buf, lp.GetBytes(p, num[:0]))
			b.done()
		}
		return b.buf
	}
	d := o.hashDict()
	b.left = d.Len()
	d.Range(func(e *ds.Entry[string]) bool {
		b.item()
		b.buf = resp.AppendBulkString(b.buf, e.Key())
		b.buf = resp.AppendBulkString(b.buf, e.Val)
		b.done()
		return true
	})
	return b.buf
}

// aofBaseFormat is the format of a new AOF base: aof-use-rdb-preamble.
func (s *Server) aofBaseFormat() snapFormat {
	if s.cfg.AOFUseRDBPreamble {
		return snapAOFRDB
	}
	return snapAOFCmds
}

// aofBaseExt is the extension of a base file in that format.
func aofBaseExt(f snapFormat) string {
	if f == snapAOFCmds {
		return "aof"
	}
	return "rdb"
}
