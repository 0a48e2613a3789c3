package server

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

const (
	bitErrOffsetReply = "-ERR bit offset is not an integer or out of range\r\n"
	bitErrTypeReply   = "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n"
)

func TestBitmapSetGetBit(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.dbAdd(s.dbs[0], []byte("list"), collectionObject(TypeList, EncQuicklist, nil))
	expectReplies(t, s, c, [][2]string{
		{"getbit b 0", ":0\r\n"},
		{"setbit b 7 1", ":0\r\n"},
		{"get b", "$1\r\n\x01\r\n"},
		{"setbit b 7 1", ":1\r\n"},
		{"setbit b 7 0", ":1\r\n"},
		{"setbit b 0 1", ":0\r\n"},
		{"getbit b 0", ":1\r\n"},
		{"getbit b 1", ":0\r\n"},
		{"getbit b 100", ":0\r\n"},
		{"setbit b 17 1", ":0\r\n"},
		{"get b", "$3\r\n\x80\x00\x40\r\n"},
		{"setbit b -1 1", bitErrOffsetReply},
		{"setbit b x 1", bitErrOffsetReply},
		{"setbit b 4294967296 1", bitErrOffsetReply},
		{"getbit b 4294967296", bitErrOffsetReply},
		{"getbit b -1", bitErrOffsetReply},
		{"setbit b 1 2", "-ERR bit is not an integer or out of range\r\n"},
		{"setbit b 1 -1", "-ERR bit is not an integer or out of range\r\n"},
		{"setbit b 1 x", "-ERR bit is not an integer or out of range\r\n"},
		{"setbit list 1 1", strWrong},
		{"getbit list 1", strWrong},
		{"set n 1", strOK},
		{"getbit n 2", ":1\r\n"},
		{"getbit n 7", ":1\r\n"},
		{"getbit n 6", ":0\r\n"},
		{"setbit n 6 1", ":0\r\n"},
		{"get n", "$1\r\n3\r\n"},
	})
	// Dirty only counts real changes.
	for _, tc := range []struct {
		cmd   string
		dirty int64
	}{{"setbit d 3 0", 1}, {"setbit d 3 0", 0}, {"setbit d 3 1", 1}, {"setbit d 3 1", 0}, {"setbit d 100 0", 1}} {
		d := s.dirty
		s.run(c, strings.Fields(tc.cmd)...)
		if s.dirty-d != tc.dirty {
			t.Fatalf("%s: dirty +%d, want %d", tc.cmd, s.dirty-d, tc.dirty)
		}
	}
	// SETBIT in place on a long bitmap doesn't allocate.
	s.run(c, "setbit", "big", "100000", "1")
	c.argv = [][]byte{[]byte("setbit"), []byte("big"), []byte("5000"), []byte("1")}
	if n := testing.AllocsPerRun(100, func() { s.processCommand(c); c.reply = c.reply[:0] }); n != 0 {
		t.Fatalf("setbit allocs %.1f", n)
	}
	c.argv = nil
	// The max offset with a smaller proto-max-bulk-len.
	s.cfg.ProtoMaxBulkLen = 1 << 20
	expectReplies(t, s, c, [][2]string{
		{"setbit m 8388608 1", bitErrOffsetReply},
		{"setbit m 8388607 1", ":0\r\n"},
		{"strlen m", ":1048576\r\n"},
	})
}

func TestBitmapBitcount(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.dbAdd(s.dbs[0], []byte("list"), collectionObject(TypeList, EncQuicklist, nil))
	expectReplies(t, s, c, [][2]string{
		{"bitcount nokey", ":0\r\n"},
		{"bitcount nokey 1", ":0\r\n"},
		{"bitcount nokey a b", ":0\r\n"},
		{"set k foobar", strOK},
		{"bitcount k", ":26\r\n"},
		{"bitcount k 0 0", ":4\r\n"},
		{"bitcount k 1 1", ":6\r\n"},
		{"bitcount k 1 1 byte", ":6\r\n"},
		{"bitcount k 5 30 bit", ":17\r\n"},
		{"bitcount k -1 -1", ":4\r\n"},
		{"bitcount k -2 -3", ":0\r\n"},
		{"bitcount k 2 1", ":0\r\n"},
		{"bitcount k 0 100", ":26\r\n"},
		{"bitcount k -100 -1", ":26\r\n"},
		{"bitcount k 0 -100", ":4\r\n"},
		{"bitcount k 1", strSynt},
		{"bitcount k 1 2 3", strSynt},
		{"bitcount k 1 2 bit 4", strSynt},
		{"bitcount k a 1", strNoInt},
		{"bitcount k 1 a", strNoInt},
		{"bitcount list", strWrong},
		{"set n 12345", strOK},
		{"bitcount n", ":17\r\n"},
	})
	big := strings.Repeat("\xff\x01", 100)
	s.run(c, "set", "big", big)
	if got := s.run(c, "bitcount", "big", "3", "-3"); got != ":874\r\n" {
		t.Fatal(got)
	}
}

func TestBitmapBitpos(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.dbAdd(s.dbs[0], []byte("list"), collectionObject(TypeList, EncQuicklist, nil))
	set := func(k, v string) { s.run(c, "set", k, v) }
	set("a", "\xff\xf0\x00")
	set("ones", "\xff\xff\xff")
	set("zeros", "\x00\x00\x00")
	expectReplies(t, s, c, [][2]string{
		{"bitpos nokey 0", ":0\r\n"},
		{"bitpos nokey 1", ":-1\r\n"},
		{"bitpos nokey 0 a", ":0\r\n"},
		{"bitpos nokey 2", "-ERR The bit argument must be 1 or 0.\r\n"},
		{"bitpos a x", strNoInt},
		{"bitpos a 0", ":12\r\n"},
		{"bitpos a 1", ":0\r\n"},
		{"bitpos a 1 2", ":-1\r\n"},
		{"bitpos a 0 2", ":16\r\n"},
		{"bitpos ones 0", ":24\r\n"},
		{"bitpos ones 0 0", ":24\r\n"},
		{"bitpos ones 0 0 -1", ":-1\r\n"},
		{"bitpos ones 0 0 -1 bit", ":-1\r\n"},
		{"bitpos ones 0 0 -1 byte", ":-1\r\n"},
		{"bitpos ones 0 3 bit", strNoInt},
		{"bitpos zeros 1", ":-1\r\n"},
		{"bitpos zeros 0", ":0\r\n"},
		{"bitpos a 0 7 15 bit", ":12\r\n"},
		{"bitpos a 1 7 15 bit", ":7\r\n"},
		{"bitpos a 1 12 15 bit", ":-1\r\n"},
		{"bitpos a 0 3 10 bit", ":-1\r\n"},
		{"bitpos a 1 -1 -1", ":-1\r\n"},
		{"bitpos a 0 2 1", ":-1\r\n"},
		{"bitpos a 0 1 2 x", strSynt},
		{"bitpos a 0 1 2 bit x", strSynt},
		{"bitpos a 0 1 x", strNoInt},
		{"bitpos a 0 x", strNoInt},
		{"bitpos list 1", strWrong},
		{"set n 0", strOK},
		{"bitpos n 1", ":2\r\n"},
	})
}

func TestBitmapBitop(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.dbAdd(s.dbs[0], []byte("list"), collectionObject(TypeList, EncQuicklist, nil))
	s.run(c, "set", "a", "\xff\x0f\x55")
	s.run(c, "set", "b", "\x0f\xff")
	expectReplies(t, s, c, [][2]string{
		{"bitop and d a b", ":3\r\n"},
		{"get d", "$3\r\n\x0f\x0f\x00\r\n"},
		{"bitop or d a b", ":3\r\n"},
		{"get d", "$3\r\n\xff\xff\x55\r\n"},
		{"bitop xor d a b", ":3\r\n"},
		{"get d", "$3\r\n\xf0\xf0\x55\r\n"},
		{"bitop not d a", ":3\r\n"},
		{"get d", "$3\r\n\x00\xf0\xaa\r\n"},
		{"bitop AND d a nokey", ":3\r\n"},
		{"get d", "$3\r\n\x00\x00\x00\r\n"},
		{"bitop or d nokey a", ":3\r\n"},
		{"get d", "$3\r\n\xff\x0f\x55\r\n"},
		{"bitop or a a b", ":3\r\n"},
		{"get a", "$3\r\n\xff\xff\x55\r\n"},
		{"bitop not d a b", "-ERR BITOP NOT must be called with a single source key.\r\n"},
		{"bitop nand d a b", strSynt},
		{"bitop and d a list", strWrong},
		{"bitop and d nokey nokey2", ":0\r\n"},
		{"exists d", ":0\r\n"},
		{"get d", strNil},
		{"set n 12", strOK},
		{"bitop not d n", ":2\r\n"},
		{"get d", "$2\r\n\xce\xcd\r\n"},
		{"bitop", "-ERR wrong number of arguments for 'bitop' command\r\n"},
	})
	// The destination's TTL is dropped.
	s.run(c, "set", "t", "x", "ex", "100")
	s.run(c, "bitop", "or", "t", "a")
	if s.dbs[0].getExpire([]byte("t")) != -1 {
		t.Fatal("bitop kept ttl")
	}
}

func TestBitmapBitfield(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	s.dbAdd(s.dbs[0], []byte("list"), collectionObject(TypeList, EncQuicklist, nil))
	expectReplies(t, s, c, [][2]string{
		{"bitfield bf", "*0\r\n"},
		{"bitfield bf get i8 0", "*1\r\n:0\r\n"},
		{"exists bf", ":0\r\n"},
		{"bitfield bf set i8 0 -1", "*1\r\n:0\r\n"},
		{"get bf", "$1\r\n\xff\r\n"},
		{"bitfield bf get i8 0 get u8 0 get u4 4 get i4 4 get u1 0", "*5\r\n:-1\r\n:255\r\n:15\r\n:-1\r\n:1\r\n"},
		{"bitfield bf set u8 #1 200 get u8 8", "*2\r\n:0\r\n:200\r\n"},
		{"bitfield bf incrby u8 #1 100", "*1\r\n:44\r\n"},
		{"bitfield bf overflow sat incrby u8 #1 250", "*1\r\n:255\r\n"},
		{"bitfield bf overflow fail incrby u8 #1 1", "*1\r\n$-1\r\n"},
		{"bitfield bf overflow fail incrby u8 #1 -255 incrby u8 #1 -1", "*2\r\n:0\r\n$-1\r\n"},
		{"bitfield bf overflow wrap incrby i8 #1 127 incrby i8 #1 1", "*2\r\n:127\r\n:-128\r\n"},
		{"bitfield bf overflow sat incrby i8 #1 -1000", "*1\r\n:-128\r\n"},
		{"bitfield bf overflow sat set i8 #1 1000 get i8 #1", "*2\r\n:-128\r\n:127\r\n"},
		{"bitfield bf overflow wrap set u8 #1 257 get u8 #1", "*2\r\n:127\r\n:1\r\n"},
		{"bitfield bf overflow fail set u8 #1 256 get u8 #1", "*2\r\n$-1\r\n:1\r\n"},
		{"bitfield bf set u8 #1 -1", "*1\r\n:1\r\n"},
		{"bitfield bf get u8 #1", "*1\r\n:255\r\n"},
		{"bitfield i64 set i64 0 -9223372036854775808 get i64 0 get u63 0", "*3\r\n:0\r\n:-9223372036854775808\r\n:4611686018427387904\r\n"},
		{"bitfield i64 incrby i64 0 -1", "*1\r\n:9223372036854775807\r\n"},
		{"bitfield i64 overflow sat incrby i64 0 1", "*1\r\n:9223372036854775807\r\n"},
		{"bitfield i64 overflow fail incrby i64 0 1", "*1\r\n$-1\r\n"},
		{"bitfield u63 set u63 3 9223372036854775807 get u63 3", "*2\r\n:0\r\n:9223372036854775807\r\n"},
		{"strlen u63", ":9\r\n"},
		{"bitfield bf get i8", strSynt},
		{"bitfield bf set i8 0", strSynt},
		{"bitfield bf foo", strSynt},
		{"bitfield bf overflow", strSynt},
		{"bitfield bf overflow foo", "-ERR Invalid OVERFLOW type specified\r\n"},
		{"bitfield bf get x8 0", bitErrTypeReply},
		{"bitfield bf get I8 0", bitErrTypeReply},
		{"bitfield bf get u64 0", bitErrTypeReply},
		{"bitfield bf get i65 0", bitErrTypeReply},
		{"bitfield bf get i0 0", bitErrTypeReply},
		{"bitfield bf get i 0", bitErrTypeReply},
		{"bitfield bf get i8 -1", bitErrOffsetReply},
		{"bitfield bf get i8 #-1", bitErrOffsetReply},
		{"bitfield bf get i8 x", bitErrOffsetReply},
		{"bitfield bf get i8 4294967296", bitErrOffsetReply},
		{"bitfield bf get i8 #536870912", bitErrOffsetReply},
		{"bitfield bf get i8 #", bitErrOffsetReply},
		{"bitfield bf set i8 0 x", strNoInt},
		{"bitfield list get i8 0", strWrong},
		{"bitfield list set i8 0 1", strWrong},
		{"bitfield_ro bf get u8 #1", "*1\r\n:255\r\n"},
		{"bitfield_ro bf set u8 0 1", "-ERR BITFIELD_RO only supports the GET subcommand\r\n"},
		{"bitfield_ro bf incrby u8 0 1", "-ERR BITFIELD_RO only supports the GET subcommand\r\n"},
		{"bitfield_ro list get u8 0", strWrong},
		{"set n 12", strOK},
		{"bitfield n get u8 0 get u16 0", "*2\r\n:49\r\n:12594\r\n"},
		{"bitfield n set u8 0 51", "*1\r\n:49\r\n"},
		{"get n", "$2\r\n32\r\n"},
	})
	// Dirty counts every SET/INCRBY, failed ones included.
	d := s.dirty
	s.run(c, strings.Fields("bitfield bf overflow fail incrby u8 0 1000 set u8 0 1 get u8 0")...)
	if s.dirty-d != 2 {
		t.Fatalf("dirty +%d", s.dirty-d)
	}
}

func TestBitmapDifferential(t *testing.T) {
	keys := []string{"a", "b", "c"}
	vals := []string{"", "0", "12", "foobar", "\xff\xf0\x00", "\x00\x00\x01", "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f", strings.Repeat("\x00", 20) + "\x10"}
	units := []string{"", "bit", "byte", "BIT"}
	types := []string{"i1", "u1", "i5", "u7", "i8", "u8", "i13", "u16", "i32", "u31", "i63", "u63", "i64"}
	strDifferential(t, func(rng *rand.Rand) []string {
		k := keys[rng.Intn(len(keys))]
		switch rng.Intn(9) {
		case 0:
			return []string{"set", k, vals[rng.Intn(len(vals))]}
		case 1:
			return []string{"setbit", k, fmt.Sprint(rng.Intn(100)), fmt.Sprint(rng.Intn(2))}
		case 2:
			return []string{"getbit", k, fmt.Sprint(rng.Intn(100))}
		case 3:
			args := []string{"bitcount", k}
			if rng.Intn(4) > 0 {
				args = append(args, strRandInt(rng), strRandInt(rng))
				if u := units[rng.Intn(len(units))]; u != "" {
					args = append(args, u)
				}
			}
			return args
		case 4:
			args := []string{"bitpos", k, fmt.Sprint(rng.Intn(2))}
			switch rng.Intn(4) {
			case 1:
				args = append(args, strRandInt(rng))
			case 2:
				args = append(args, strRandInt(rng), strRandInt(rng))
			case 3:
				args = append(args, strRandInt(rng), strRandInt(rng), units[1+rng.Intn(3)])
			}
			return args
		case 5:
			op := []string{"and", "or", "xor", "not"}[rng.Intn(4)]
			args := []string{"bitop", op, k, keys[rng.Intn(len(keys))]}
			if op != "not" {
				args = append(args, keys[rng.Intn(len(keys))], "nosuch")
			}
			return args
		case 6, 7:
			cmd := "bitfield"
			if rng.Intn(5) == 0 {
				cmd = "bitfield_ro"
			}
			args := []string{cmd, k}
			for n := rng.Intn(4); n >= 0; n-- {
				typ := types[rng.Intn(len(types))]
				off := fmt.Sprint(rng.Intn(90))
				if rng.Intn(4) == 0 {
					off = "#" + fmt.Sprint(rng.Intn(4))
				}
				switch rng.Intn(4) {
				case 0:
					args = append(args, "get", typ, off)
				case 1:
					args = append(args, "set", typ, off, strRandInt(rng))
				case 2:
					args = append(args, "incrby", typ, off, strRandInt(rng))
				default:
					args = append(args, "overflow", []string{"wrap", "sat", "fail"}[rng.Intn(3)])
				}
			}
			return args
		default:
			return []string{"get", k}
		}
	}, 30000)
}
