package persist

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"aeon/ds"
)

// writeSeeds writes the fuzz seed corpora under testdata/fuzz from a small
// file redis-server wrote (see TestRedisSmallFile): the file, truncated and
// bit-flipped versions, small files of this package with old encodings,
// and DUMP payloads.
func writeSeeds(t *testing.T, redisFile []byte) {
	t.Helper()
	load := map[string][]byte{
		"redis":        redisFile,
		"redis-half":   redisFile[:len(redisFile)/2],
		"redis-no-crc": redisFile[:len(redisFile)-8],
		"ours":         seedFile(t, true),
		"ours-raw":     seedFile(t, false),
		"empty-rdb":    rdbFile("0010"),
		"rdb4":         []byte("REDIS0004\xfd\x10\x00\x00\x00\x00\x01k\x01v\xff"),
	}
	for i, off := range []int{9, 40, len(redisFile) / 3, len(redisFile) - 12} {
		b := bytes.Clone(redisFile)
		b[off] ^= 1 << (i % 8)
		load["redis-flip-"+strconv.Itoa(i)] = b
	}
	writeCorpus(t, "FuzzLoad", load)
	dump := map[string][]byte{}
	for _, rc := range seedRecords() {
		var c Chunk
		rc.write(&c)
		body := encode(t, &c, true)
		r := NewReaderBytes(body)
		typ, _ := r.ReadByte()
		r.ReadString()
		var d Chunk
		d.Byte(typ)
		d.Raw(body[r.Offset():])
		dump[rc.key] = DumpPayload(&d, true)
	}
	for _, k := range redisKeys() {
		if k.dump != nil && !strings.HasPrefix(k.key, "str:") {
			var c Chunk
			k.dump(&c)
			dump["redis-"+k.key] = DumpPayload(&c, true)
		}
	}
	writeCorpus(t, "FuzzDumpPayload", dump)
}

// seedRecords are small records of every type, old encodings included.
func seedRecords() []fileCase {
	var out []fileCase
	for _, rc := range testRecords() {
		if rc.key != "list" && rc.key != "hash" {
			out = append(out, rc)
		}
	}
	lp := listpackOf(strings.Repeat("abc", 20), "x", "y")
	blob := func(typ byte, b []byte) func(c *Chunk) {
		return func(c *Chunk) { c.Byte(typ); c.StringS("k"); c.String(b) }
	}
	return append(out,
		fileCase{"qlist", func(c *Chunk) {
			c.Byte(TypeListQuicklist2)
			c.StringS("qlist")
			c.Len(2)
			c.Len(containerPlain)
			c.StringS("plain")
			c.Len(containerPacked)
			c.LZFString(ds.LZFCompress(nil, lp.Bytes()), lp.Size())
		}, nil, TypeListQuicklist2},
		fileCase{"ziplist", blob(TypeListZiplist, ziplistOf("a", 1, 300, 70000, 1<<40, "b")), nil, 0},
		fileCase{"qlist1", func(c *Chunk) {
			c.Byte(TypeListQuicklist)
			c.StringS("k")
			c.Len(2)
			c.String(ziplistOf("a", 1))
			c.String(ziplistOf(strings.Repeat("z", 300), -1))
		}, nil, 0},
		fileCase{"hashzl", blob(TypeHashZiplist, ziplistOf("f", "v", "g", 5)), nil, 0},
		fileCase{"zsetzl", blob(TypeZSetZiplist, ziplistOf("m", "1.5", "n", 2)), nil, 0},
		fileCase{"zipmap", blob(TypeHashZipmap, []byte("\x02\x03foo\x03\x00bar\x05hello\x05\x02worldXY\xff")), nil, 0},
		fileCase{"setlp", blob(TypeSetListpack, listpackOf("a", "1").Bytes()), nil, 0},
		fileCase{"list1", func(c *Chunk) { c.Byte(TypeList); c.StringS("k"); c.Len(2); c.StringS("a"); c.IntString(5) }, nil, 0},
		fileCase{"zset1", func(c *Chunk) {
			c.Byte(TypeZSet)
			c.StringS("k")
			c.Len(2)
			c.StringS("a")
			c.Raw([]byte{3, '1', '.', '5'})
			c.StringS("b")
			c.Byte(254)
		}, nil, 0},
	)
}

// seedFile writes seedRecords into an RDB file.
func seedFile(t *testing.T, compress bool) []byte {
	var file bytes.Buffer
	w := NewWriter(&file, compress)
	w.Header()
	var c Chunk
	c.Aux("redis-ver", "7.0.15")
	c.SelectDB(0)
	c.ResizeDB(3, 1)
	for i, rc := range seedRecords() {
		switch i {
		case 0:
			c.ExpireMs(1700000000000)
		case 1:
			c.Idle(5)
		case 2:
			c.Freq(9)
		case 3:
			c.SelectDB(1)
		}
		rc.write(&c)
	}
	w.WriteChunk(&c)
	if err := w.Finish(true); err != nil {
		t.Fatal(err)
	}
	return file.Bytes()
}

func writeCorpus(t *testing.T, name string, seeds map[string][]byte) {
	dir := filepath.Join("testdata", "fuzz", name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for n, b := range seeds {
		data := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", b)
		if err := os.WriteFile(filepath.Join(dir, "seed-"+n), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
