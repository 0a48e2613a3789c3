package tests

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// newGoRedis returns a go-redis client with its default handshake (HELLO 3
// and CLIENT SETINFO) and no retries, so that errors surface.
func newGoRedis(t testing.TB, s *srv, db int) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{
		Addr:         s.Addr,
		DB:           db,
		MaxRetries:   -1,
		DialTimeout:  10 * time.Second,
		ReadTimeout:  20 * time.Second,
		WriteTimeout: 20 * time.Second,
		PoolSize:     4,
	})
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

// expect returns a checker for a go-redis (value, error) result:
//
//	expect(t, "GET k", "v")(rdb.Get(ctx, "k").Result())
func expect[T any](t *testing.T, what string, want T) func(T, error) {
	t.Helper()
	return func(got T, err error) {
		t.Helper()
		if err != nil {
			t.Errorf("%s: error %v, want %#v", what, err, want)
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", what, got, want)
		}
	}
}

// expectErr checks that a command failed with redis.Nil or an error
// containing want.
func expectErr(t *testing.T, what string, err error, want string) {
	t.Helper()
	switch {
	case err == nil:
		t.Errorf("%s: no error, want %q", what, want)
	case want == "nil" && errors.Is(err, redis.Nil):
	case want != "nil" && strings.Contains(err.Error(), want):
	default:
		t.Errorf("%s: error %q, want %q", what, err, want)
	}
}

func noErr(t *testing.T, what string, err error) bool {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %v", what, err)
		return false
	}
	return true
}

func TestGoRedis(t *testing.T) {
	s := startTarget(t)
	ctx := context.Background()
	rdb := newGoRedis(t, s, 0)

	t.Run("Handshake", func(t *testing.T) {
		expect(t, "PING", "PONG")(rdb.Ping(ctx).Result())
		expect(t, "ECHO", "hello\r\nworld")(rdb.Echo(ctx, "hello\r\nworld").Result())
	})

	t.Run("Strings", func(t *testing.T) {
		p := "str:"
		expect(t, "SET EX", "OK")(rdb.Set(ctx, p+"a", "v1", 100*time.Second).Result())
		expect(t, "GET", "v1")(rdb.Get(ctx, p+"a").Result())
		if ttl, err := rdb.TTL(ctx, p+"a").Result(); noErr(t, "TTL", err) && (ttl <= 0 || ttl > 100*time.Second) {
			t.Errorf("TTL after SET EX 100 = %v", ttl)
		}
		expect(t, "SET PX", "OK")(rdb.Set(ctx, p+"px", "v", 1500*time.Second+500*time.Millisecond).Result())
		if pttl, err := rdb.PTTL(ctx, p+"px").Result(); noErr(t, "PTTL", err) && (pttl <= 0 || pttl > 1501*time.Second) {
			t.Errorf("PTTL after SET PX = %v", pttl)
		}
		_, err := rdb.Get(ctx, p+"missing").Result()
		expectErr(t, "GET missing", err, "nil")

		expect(t, "INCR", int64(1))(rdb.Incr(ctx, p+"n").Result())
		expect(t, "INCR", int64(2))(rdb.Incr(ctx, p+"n").Result())
		expect(t, "INCRBY", int64(12))(rdb.IncrBy(ctx, p+"n", 10).Result())
		expect(t, "DECR", int64(11))(rdb.Decr(ctx, p+"n").Result())
		expect(t, "DECRBY", int64(-89))(rdb.DecrBy(ctx, p+"n", 100).Result())
		_, err = rdb.Incr(ctx, p+"a").Result()
		expectErr(t, "INCR non-integer", err, "ERR value is not an integer or out of range")
		rdb.Set(ctx, p+"max", "9223372036854775807", 0)
		_, err = rdb.Incr(ctx, p+"max").Result()
		expectErr(t, "INCR overflow", err, "ERR increment or decrement would overflow")

		expect(t, "MSET", "OK")(rdb.MSet(ctx, p+"m1", "1", p+"m2", "two").Result())
		expect(t, "MGET", []any{"1", "two", nil})(rdb.MGet(ctx, p+"m1", p+"m2", p+"nope").Result())

		expect(t, "GETEX EX", "two")(rdb.GetEx(ctx, p+"m2", 50*time.Second).Result())
		if ttl, err := rdb.TTL(ctx, p+"m2").Result(); noErr(t, "TTL", err) && (ttl <= 0 || ttl > 50*time.Second) {
			t.Errorf("TTL after GETEX EX 50 = %v", ttl)
		}
		expect(t, "GETEX PERSIST", "two")(rdb.GetEx(ctx, p+"m2", 0).Result())
		expect(t, "TTL after PERSIST", time.Duration(-1))(rdb.TTL(ctx, p+"m2").Result())

		expect(t, "SETNX new", true)(rdb.SetNX(ctx, p+"nx", "1", 0).Result())
		expect(t, "SETNX existing", false)(rdb.SetNX(ctx, p+"nx", "2", 0).Result())
		expect(t, "GET nx", "1")(rdb.Get(ctx, p+"nx").Result())
		expect(t, "SET XX missing", false)(rdb.SetXX(ctx, p+"xx", "1", 0).Result())
		expect(t, "SET GET", "1")(rdb.SetArgs(ctx, p+"nx", "3", redis.SetArgs{Get: true}).Result())
		//lint:ignore SA1019 SETEX itself is under test
		expect(t, "SETEX", "OK")(rdb.SetEx(ctx, p+"se", "x", time.Hour).Result())

		expect(t, "APPEND new", int64(5))(rdb.Append(ctx, p+"ap", "Hello").Result())
		expect(t, "APPEND", int64(11))(rdb.Append(ctx, p+"ap", " World").Result())
		expect(t, "STRLEN", int64(11))(rdb.StrLen(ctx, p+"ap").Result())
		expect(t, "GETRANGE 0 4", "Hello")(rdb.GetRange(ctx, p+"ap", 0, 4).Result())
		expect(t, "GETRANGE -5 -1", "World")(rdb.GetRange(ctx, p+"ap", -5, -1).Result())
		expect(t, "GETRANGE 5 1", "")(rdb.GetRange(ctx, p+"ap", 5, 1).Result())
		expect(t, "SETRANGE", int64(11))(rdb.SetRange(ctx, p+"ap", 6, "Redis").Result())
		expect(t, "GET after SETRANGE", "Hello Redis")(rdb.Get(ctx, p+"ap").Result())
		expect(t, "SETRANGE pad", int64(8))(rdb.SetRange(ctx, p+"pad", 5, "abc").Result())
		expect(t, "GET padded", "\x00\x00\x00\x00\x00abc")(rdb.Get(ctx, p+"pad").Result())

		rdb.Set(ctx, p+"f", "10.5", 0)
		expect(t, "INCRBYFLOAT", 10.6)(rdb.IncrByFloat(ctx, p+"f", 0.1).Result())
		rdb.Set(ctx, p+"f2", "5.0e3", 0)
		expect(t, "INCRBYFLOAT exp", 5200.0)(rdb.IncrByFloat(ctx, p+"f2", 2.0e2).Result())
		expect(t, "GET float", "5200")(rdb.Get(ctx, p+"f2").Result())
		_, err = rdb.IncrByFloat(ctx, p+"a", 1).Result()
		expectErr(t, "INCRBYFLOAT non-float", err, "ERR value is not a valid float")

		expect(t, "GETDEL", "Hello Redis")(rdb.GetDel(ctx, p+"ap").Result())
		expect(t, "EXISTS after GETDEL", int64(0))(rdb.Exists(ctx, p+"ap").Result())
		//lint:ignore SA1019 GETSET itself is under test
		expect(t, "GETSET", "3")(rdb.GetSet(ctx, p+"nx", "4").Result())

		rdb.MSet(ctx, p+"l1", "ohmytext", p+"l2", "mynewtext")
		expect(t, "LCS", &redis.LCSMatch{MatchString: "mytext"})(rdb.LCS(ctx, &redis.LCSQuery{Key1: p + "l1", Key2: p + "l2"}).Result())
		expect(t, "LCS LEN", &redis.LCSMatch{Len: 6})(rdb.LCS(ctx, &redis.LCSQuery{Key1: p + "l1", Key2: p + "l2", Len: true}).Result())
		expect(t, "LCS IDX", &redis.LCSMatch{Len: 6, Matches: []redis.LCSMatchedPosition{
			{Key1: redis.LCSPosition{Start: 4, End: 7}, Key2: redis.LCSPosition{Start: 5, End: 8}, MatchLen: 4},
			{Key1: redis.LCSPosition{Start: 2, End: 3}, Key2: redis.LCSPosition{Start: 0, End: 1}, MatchLen: 2},
		}})(rdb.LCS(ctx, &redis.LCSQuery{Key1: p + "l1", Key2: p + "l2", Idx: true, WithMatchLen: true}).Result())
	})

	t.Run("Keys", func(t *testing.T) {
		p := "keys:"
		rdb.MSet(ctx, p+"a", "1", p+"b", "2", p+"c", "3")
		expect(t, "EXISTS", int64(3))(rdb.Exists(ctx, p+"a", p+"b", p+"a", p+"zz").Result())
		expect(t, "DEL", int64(2))(rdb.Del(ctx, p+"a", p+"b", p+"zz").Result())
		expect(t, "TYPE", "string")(rdb.Type(ctx, p+"c").Result())
		expect(t, "TYPE none", "none")(rdb.Type(ctx, p+"a").Result())

		expect(t, "TTL no expire", time.Duration(-1))(rdb.TTL(ctx, p+"c").Result())
		expect(t, "TTL missing", time.Duration(-2))(rdb.TTL(ctx, p+"a").Result())
		expect(t, "EXPIRE", true)(rdb.Expire(ctx, p+"c", 1000*time.Second).Result())
		if ttl, err := rdb.TTL(ctx, p+"c").Result(); noErr(t, "TTL", err) && (ttl <= 990*time.Second || ttl > 1000*time.Second) {
			t.Errorf("TTL after EXPIRE 1000 = %v", ttl)
		}
		if pttl, err := rdb.PTTL(ctx, p+"c").Result(); noErr(t, "PTTL", err) && (pttl <= 990*time.Second || pttl > 1000*time.Second) {
			t.Errorf("PTTL after EXPIRE 1000 = %v", pttl)
		}
		expect(t, "EXPIRE NX existing", false)(rdb.ExpireNX(ctx, p+"c", 10*time.Second).Result())
		expect(t, "EXPIRE GT smaller", false)(rdb.ExpireGT(ctx, p+"c", 10*time.Second).Result())
		expect(t, "EXPIRE LT smaller", true)(rdb.ExpireLT(ctx, p+"c", 500*time.Second).Result())
		at := time.Now().Add(24 * time.Hour).Truncate(time.Second)
		expect(t, "EXPIREAT", true)(rdb.ExpireAt(ctx, p+"c", at).Result())
		expect(t, "EXPIRETIME", time.Duration(at.Unix())*time.Second)(rdb.ExpireTime(ctx, p+"c").Result())
		expect(t, "PERSIST", true)(rdb.Persist(ctx, p+"c").Result())
		expect(t, "PERSIST again", false)(rdb.Persist(ctx, p+"c").Result())
		expect(t, "EXPIRE missing", false)(rdb.Expire(ctx, p+"a", time.Second).Result())
		rdb.Set(ctx, p+"gone", "x", 0)
		expect(t, "EXPIRE negative deletes", true)(rdb.Expire(ctx, p+"gone", -time.Second).Result())
		expect(t, "EXISTS after negative EXPIRE", int64(0))(rdb.Exists(ctx, p+"gone").Result())

		expect(t, "RENAME", "OK")(rdb.Rename(ctx, p+"c", p+"d").Result())
		_, err := rdb.Rename(ctx, p+"c", p+"d").Result()
		expectErr(t, "RENAME missing", err, "ERR no such key")
		expect(t, "RENAMENX", false)(rdb.RenameNX(ctx, p+"d", p+"d").Result())
		expect(t, "COPY", int64(1))(rdb.Copy(ctx, p+"d", p+"e", 0, false).Result())
		expect(t, "COPY existing", int64(0))(rdb.Copy(ctx, p+"d", p+"e", 0, false).Result())
		rdb.Set(ctx, p+"d", "new", 0)
		expect(t, "COPY REPLACE", int64(1))(rdb.Copy(ctx, p+"d", p+"e", 0, true).Result())
		expect(t, "GET copy", "new")(rdb.Get(ctx, p+"e").Result())

		expect(t, "KEYS", []string{p + "d", p + "e"})(func() ([]string, error) {
			k, err := rdb.Keys(ctx, p+"*").Result()
			slices.Sort(k)
			return k, err
		}())
		expect(t, "TOUCH", int64(2))(rdb.Touch(ctx, p+"d", p+"e", p+"zz").Result())
		expect(t, "UNLINK", int64(1))(rdb.Unlink(ctx, p+"e").Result())
	})

	t.Run("DBs", func(t *testing.T) {
		rdb1 := newGoRedis(t, s, 1)
		rdb2 := newGoRedis(t, s, 2)
		rdb3 := newGoRedis(t, s, 3)
		noErr(t, "FLUSHDB 3", rdb3.FlushDB(ctx).Err())
		expect(t, "DBSIZE empty", int64(0))(rdb3.DBSize(ctx).Result())
		_, err := rdb3.RandomKey(ctx).Result()
		expectErr(t, "RANDOMKEY empty", err, "nil")
		rdb3.Set(ctx, "only", "1", 0)
		expect(t, "RANDOMKEY one key", "only")(rdb3.RandomKey(ctx).Result())
		expect(t, "DBSIZE", int64(1))(rdb3.DBSize(ctx).Result())

		expect(t, "SET db1", "OK")(rdb1.Set(ctx, "db:x", "one", 0).Result())
		_, err = rdb.Get(ctx, "db:x").Result()
		expectErr(t, "GET db0 of db1 key", err, "nil")
		expect(t, "GET db1", "one")(rdb1.Get(ctx, "db:x").Result())
		expect(t, "MOVE", true)(rdb1.Move(ctx, "db:x", 2).Result())
		expect(t, "GET after MOVE", "one")(rdb2.Get(ctx, "db:x").Result())
		expect(t, "EXISTS in source", int64(0))(rdb1.Exists(ctx, "db:x").Result())
		expect(t, "COPY DB", int64(1))(rdb2.Copy(ctx, "db:x", "db:y", 1, false).Result())
		expect(t, "GET copied to db1", "one")(rdb1.Get(ctx, "db:y").Result())

		expect(t, "SWAPDB", "OK")(rdb.Do(ctx, "SWAPDB", 1, 2).Text())
		expect(t, "db1 after SWAPDB", "one")(rdb1.Get(ctx, "db:x").Result())
		expect(t, "db2 after SWAPDB", int64(1))(rdb2.Exists(ctx, "db:y").Result())
		expect(t, "db1 after SWAPDB lacks", int64(0))(rdb1.Exists(ctx, "db:y").Result())
		expect(t, "FLUSHDB", "OK")(rdb1.FlushDB(ctx).Result())
		expect(t, "DBSIZE after FLUSHDB", int64(0))(rdb1.DBSize(ctx).Result())
		expect(t, "db2 untouched", int64(1))(rdb2.DBSize(ctx).Result())
	})

	t.Run("Scan10k", func(t *testing.T) {
		rdb4 := newGoRedis(t, s, 4)
		const n = 10000
		pipe := rdb4.Pipeline()
		for i := 0; i < n; i++ {
			pipe.Set(ctx, fmt.Sprintf("scan:%05d", i), i, 0)
		}
		if _, err := pipe.Exec(ctx); !noErr(t, "pipeline SET", err) {
			return
		}
		expect(t, "DBSIZE", int64(n))(rdb4.DBSize(ctx).Result())
		seen := make(map[string]bool, n)
		iter := rdb4.Scan(ctx, 0, "", 100).Iterator()
		for iter.Next(ctx) {
			seen[iter.Val()] = true
		}
		if !noErr(t, "SCAN", iter.Err()) {
			return
		}
		if len(seen) != n {
			t.Errorf("SCAN returned %d distinct keys, want %d", len(seen), n)
		}
		for i := 0; i < n; i++ {
			if k := fmt.Sprintf("scan:%05d", i); !seen[k] {
				t.Errorf("SCAN missed %s", k)
				break
			}
		}
		cnt := 0
		iter = rdb4.Scan(ctx, 0, "scan:000*", 1000).Iterator()
		for iter.Next(ctx) {
			cnt++
		}
		noErr(t, "SCAN MATCH", iter.Err())
		if cnt != 100 {
			t.Errorf("SCAN MATCH scan:000* returned %d keys, want 100", cnt)
		}
		keys, err := rdb4.Keys(ctx, "scan:0999?").Result()
		if noErr(t, "KEYS", err) && len(keys) != 10 {
			t.Errorf("KEYS scan:0999? = %d keys, want 10", len(keys))
		}
		noErr(t, "FLUSHDB", rdb4.FlushDB(ctx).Err())
	})

	t.Run("ObjectEncoding", func(t *testing.T) {
		rdb.Set(ctx, "enc:int", "12345", 0)
		rdb.Set(ctx, "enc:emb", "hello", 0)
		rdb.Set(ctx, "enc:raw", strings.Repeat("x", 45), 0)
		expect(t, "int", "int")(rdb.ObjectEncoding(ctx, "enc:int").Result())
		expect(t, "embstr", "embstr")(rdb.ObjectEncoding(ctx, "enc:emb").Result())
		expect(t, "raw", "raw")(rdb.ObjectEncoding(ctx, "enc:raw").Result())
		rdb.Append(ctx, "enc:emb", "!")
		expect(t, "raw after APPEND", "raw")(rdb.ObjectEncoding(ctx, "enc:emb").Result())
		_, err := rdb.ObjectEncoding(ctx, "enc:missing").Result()
		expectErr(t, "missing", err, "nil")
	})

	t.Run("Bitmaps", func(t *testing.T) {
		p := "bit:"
		expect(t, "SETBIT", int64(0))(rdb.SetBit(ctx, p+"a", 7, 1).Result())
		expect(t, "SETBIT again", int64(1))(rdb.SetBit(ctx, p+"a", 7, 1).Result())
		expect(t, "GETBIT", int64(1))(rdb.GetBit(ctx, p+"a", 7).Result())
		expect(t, "GETBIT unset", int64(0))(rdb.GetBit(ctx, p+"a", 100).Result())
		expect(t, "GET", "\x01")(rdb.Get(ctx, p+"a").Result())
		rdb.Set(ctx, p+"s", "foobar", 0)
		expect(t, "BITCOUNT", int64(26))(rdb.BitCount(ctx, p+"s", nil).Result())
		expect(t, "BITCOUNT 1 1", int64(6))(rdb.BitCount(ctx, p+"s", &redis.BitCount{Start: 1, End: 1}).Result())
		expect(t, "BITCOUNT BIT 5 30", int64(17))(rdb.BitCount(ctx, p+"s", &redis.BitCount{Start: 5, End: 30, Unit: "BIT"}).Result())
		rdb.Set(ctx, p+"p", "\xff\xf0\x00", 0)
		expect(t, "BITPOS 0", int64(12))(rdb.BitPos(ctx, p+"p", 0).Result())
		expect(t, "BITPOS 1 2", int64(-1))(rdb.BitPos(ctx, p+"p", 1, 2).Result())
		expect(t, "BITPOS BIT", int64(7))(rdb.BitPosSpan(ctx, p+"p", 1, 7, 15, "bit").Result())
		rdb.Set(ctx, p+"x", "abc", 0)
		rdb.Set(ctx, p+"y", "a", 0)
		expect(t, "BITOP AND", int64(3))(rdb.BitOpAnd(ctx, p+"and", p+"x", p+"y").Result())
		expect(t, "AND result", "a\x00\x00")(rdb.Get(ctx, p+"and").Result())
		expect(t, "BITOP OR", int64(3))(rdb.BitOpOr(ctx, p+"or", p+"x", p+"y").Result())
		expect(t, "OR result", "abc")(rdb.Get(ctx, p+"or").Result())
		expect(t, "BITOP XOR", int64(3))(rdb.BitOpXor(ctx, p+"xor", p+"x", p+"y").Result())
		expect(t, "XOR result", "\x00bc")(rdb.Get(ctx, p+"xor").Result())
		expect(t, "BITOP NOT", int64(1))(rdb.BitOpNot(ctx, p+"not", p+"y").Result())
		expect(t, "NOT result", "\x9e")(rdb.Get(ctx, p+"not").Result())
		expect(t, "BITFIELD", []int64{0, 255, 100})(rdb.BitField(ctx, p+"bf", "SET", "u8", 0, 255, "GET", "u8", 0, "INCRBY", "i8", 8, 100).Result())
		expect(t, "BITFIELD overflow", []int64{-56, 127})(rdb.BitField(ctx, p+"bf", "INCRBY", "i8", 8, 100, "OVERFLOW", "SAT", "INCRBY", "i8", 8, 1000).Result())
		expect(t, "BITFIELD_RO", []int64{255})(rdb.BitFieldRO(ctx, p+"bf", "u8", "#0").Result())
		_, err := rdb.SetBit(ctx, p+"a", 1<<32, 1).Result()
		expectErr(t, "SETBIT huge offset", err, "ERR bit offset is not an integer or out of range")
	})

	t.Run("Server", func(t *testing.T) {
		info, err := rdb.Info(ctx).Result()
		if noErr(t, "INFO", err) {
			for _, want := range []string{"# Server", "redis_version:", "# Clients", "connected_clients:", "# Keyspace"} {
				if !strings.Contains(info, want) {
					t.Errorf("INFO lacks %q", want)
				}
			}
		}
		info, err = rdb.Info(ctx, "server").Result()
		if noErr(t, "INFO server", err) && (!strings.Contains(info, "tcp_port:"+strconv.Itoa(s.Port)) || strings.Contains(info, "# Clients")) {
			t.Errorf("INFO server:\n%s", info)
		}

		expect(t, "CONFIG GET maxclients", map[string]string{"maxclients": "10000"})(rdb.ConfigGet(ctx, "maxclients").Result())
		expect(t, "CONFIG SET", "OK")(rdb.ConfigSet(ctx, "slowlog-max-len", "64").Result())
		expect(t, "CONFIG GET after SET", map[string]string{"slowlog-max-len": "64"})(rdb.ConfigGet(ctx, "slowlog-max-len").Result())
		cfg, err := rdb.ConfigGet(ctx, "*").Result()
		if noErr(t, "CONFIG GET *", err) && (cfg["port"] != strconv.Itoa(s.Port) || cfg["save"] != "" || cfg["appendonly"] != "no" || len(cfg) < 30) {
			t.Errorf("CONFIG GET * (%d entries): port=%q save=%q appendonly=%q", len(cfg), cfg["port"], cfg["save"], cfg["appendonly"])
		}
		err = rdb.ConfigSet(ctx, "no-such-option", "1").Err()
		expectErr(t, "CONFIG SET unknown", err, "ERR Unknown option or number of arguments for CONFIG SET - 'no-such-option'")

		conn := rdb.Conn()
		defer conn.Close()
		id, err := conn.ClientID(ctx).Result()
		if noErr(t, "CLIENT ID", err) && id <= 0 {
			t.Errorf("CLIENT ID = %d", id)
		}
		expect(t, "CLIENT SETNAME", true)(conn.ClientSetName(ctx, "tester").Result())
		expect(t, "CLIENT GETNAME", "tester")(conn.ClientGetName(ctx).Result())
		list, err := conn.ClientList(ctx).Result()
		if noErr(t, "CLIENT LIST", err) && (!strings.Contains(list, fmt.Sprintf("id=%d ", id)) || !strings.Contains(list, " name=tester ")) {
			t.Errorf("CLIENT LIST lacks id=%d / name=tester:\n%s", id, list)
		}
		if s.Name == "aeon" && !strings.Contains(list, "lib-name=go-redis") {
			t.Errorf("CLIENT LIST lacks lib-name=go-redis from CLIENT SETINFO:\n%s", list)
		}

		tm, err := rdb.Time(ctx).Result()
		if noErr(t, "TIME", err) && tm.Year() < 2024 {
			t.Errorf("TIME = %v", tm)
		}

		cmds, err := rdb.Command(ctx).Result()
		if noErr(t, "COMMAND", err) {
			for name, arity := range map[string]int8{"get": 2, "set": -3, "ping": -1, "mset": -3, "client": -2} {
				if ci := cmds[name]; ci == nil || ci.Arity != arity {
					t.Errorf("COMMAND %s = %+v, want arity %d", name, ci, arity)
				}
			}
			if ci := cmds["get"]; ci != nil && (ci.FirstKeyPos != 1 || ci.LastKeyPos != 1 || ci.StepCount != 1 || !ci.ReadOnly) {
				t.Errorf("COMMAND get = %+v", ci)
			}
		}
		n, err := rdb.Do(ctx, "COMMAND", "COUNT").Int64()
		if noErr(t, "COMMAND COUNT", err) && n < 10 {
			t.Errorf("COMMAND COUNT = %d", n)
		}

		noErr(t, "SLOWLOG RESET", rdb.SlowLogReset(ctx).Err())
		noErr(t, "CONFIG SET slowlog-log-slower-than 0", rdb.ConfigSet(ctx, "slowlog-log-slower-than", "0").Err())
		rdb.Echo(ctx, "slow-marker")
		logs, err := rdb.SlowLogGet(ctx, 10).Result()
		if noErr(t, "SLOWLOG GET", err) {
			found := false
			for _, l := range logs {
				if len(l.Args) == 2 && strings.EqualFold(l.Args[0], "echo") && l.Args[1] == "slow-marker" {
					found = true
				}
			}
			if !found {
				t.Errorf("SLOWLOG GET lacks ECHO slow-marker: %+v", logs)
			}
		}
		rdb.ConfigSet(ctx, "slowlog-log-slower-than", "10000")
	})

	t.Run("Pipeline1000", func(t *testing.T) {
		pipe := rdb.Pipeline()
		incrs := make([]*redis.IntCmd, 0, 500)
		gets := make([]*redis.StringCmd, 0, 500)
		for i := 0; i < 500; i++ {
			incrs = append(incrs, pipe.Incr(ctx, "pipe:counter"))
			gets = append(gets, pipe.Get(ctx, "pipe:counter"))
		}
		if _, err := pipe.Exec(ctx); !noErr(t, "pipeline", err) {
			return
		}
		for i := range incrs {
			if incrs[i].Val() != int64(i+1) || gets[i].Val() != strconv.Itoa(i+1) {
				t.Fatalf("pipeline reply %d: INCR=%d GET=%q", i, incrs[i].Val(), gets[i].Val())
			}
		}
	})

	t.Run("RESP2Client", func(t *testing.T) {
		r2 := redis.NewClient(&redis.Options{Addr: s.Addr, Protocol: 2, MaxRetries: -1, DB: 5, ReadTimeout: 20 * time.Second})
		defer r2.Close()
		expect(t, "SET", "OK")(r2.Set(ctx, "r2", "v", 0).Result())
		expect(t, "GET", "v")(r2.Get(ctx, "r2").Result())
		expect(t, "CONFIG GET", map[string]string{"databases": "16"})(r2.ConfigGet(ctx, "databases").Result())
	})

	s.checkAlive(t)
}
