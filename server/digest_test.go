package server

import (
	"strings"
	"testing"
)

const zeroDigest = "0000000000000000000000000000000000000000"

// TestDigestRedisVectors checks DEBUG DIGEST and DEBUG DIGEST-VALUE against
// the digests redis-server 7.0.15 printed for the same commands.
func TestDigestRedisVectors(t *testing.T) {
	tests := []struct {
		cmds        [][]string
		key         string
		digest, val string
	}{
		{[][]string{{"set", "a", "1"}}, "a",
			"943d800368fb9c0e951138f1bc0e313ac769d91f", "b4fc66738120fba0b5aa500ab5c2bf89cea1c5da"},
		{[][]string{{"set", "a", "-9223372036854775808"}}, "a",
			"1631558a4504ebe13499a045d8fcb19f84bb0ac1", "4191566616a6d8b974bba999f8e82b3f2c8dcce0"},
		{[][]string{{"set", "s", "hello"}}, "s",
			"a500c6b54937da22f2ac1167da1da852479c7339", "36b23a1456b2dce2c3ed252c456761301dba8060"},
		{[][]string{{"set", "s", ""}}, "s",
			"8d1f5fbcb1210891298fc45b053c2ee1d0e020de", "8b3447c33a834b810e3e181b6fd6a2ee1020921c"},
		{[][]string{{"rpush", "l", "a", "1", "b"}}, "l",
			"12c58c5170fa1820d3fdb9d1d5f5cc5793ee945a", "d5f44352f6226abea9252dad248ef5de0d964396"},
		{[][]string{{"sadd", "st", "1", "2", "3"}}, "st",
			"f15f8c168248140862f6c4c6a76c24c4143095ab", "2a462a3f51a1db89738ebbeef0c47ce1bbc85246"},
		{[][]string{{"sadd", "st2", "a", "b"}}, "st2",
			"d74bb1dc0d67d50d7f849f1a4185f3de9055f1af", "dd99329063ca0f1f28df2ac68d94b82fd95501c6"},
		{[][]string{{"zadd", "z", "1.5", "a", "-inf", "b", "0.1", "c", "1e300", "d"}}, "z",
			"f9df2b80c9f6eafe2cbb79372729aefa5b7ad7b8", "a9954bd9f5be03295335593f0366cfa5f52e42d1"},
		{[][]string{{"zadd", "z", "inf", "12", "-0", "x", "3", "y"}}, "z",
			"a2a6f1895e557ac43a213ea749f3a840d9b5ee4d", "9662e77781c133eebb8d9af07586220e5c542659"},
		{[][]string{{"hset", "h", "f", "v", "f2", "2"}}, "h",
			"43c616c08cc13037b7ae3d37386e7e5809f0fe76", "1975bda9765d0d36df5c62b918e428b50a6532fa"},
		{[][]string{{"set", "k", "v"}, {"expire", "k", "100"}}, "k",
			"bf83f210388eea94f06fb90d517490e16a08d7dd", "311b17018163335616e089f6b951c82c477335ac"},
		{[][]string{{"rpush", "l", "x"}, {"expire", "l", "100"}}, "l",
			"308e169304ccfad527d984e2aa24591b0712e3cb", "513a82800d1204ddf6715dfcad32e7acbbbf92d4"},
		{[][]string{{"select", "1"}, {"set", "a", "1"}}, "a",
			"8c8a6be2ca87c2882fea78af15ce43b8c3792dad", "b4fc66738120fba0b5aa500ab5c2bf89cea1c5da"},
	}
	for _, tc := range tests {
		var parts []string
		for _, cmd := range tc.cmds {
			parts = append(parts, strings.Join(cmd, " "))
		}
		name := strings.Join(parts, "; ")
		t.Run(name, func(t *testing.T) {
			s := newTestServer(t)
			c := s.fakeClient()
			for _, cmd := range tc.cmds {
				if r := s.run(c, cmd...); strings.HasPrefix(r, "-") {
					t.Fatalf("%v: %q", cmd, r)
				}
			}
			if got, want := s.run(c, "debug", "digest"), "+"+tc.digest+"\r\n"; got != want {
				t.Errorf("DEBUG DIGEST = %q, want %q", got, want)
			}
			want := "*2\r\n+" + tc.val + "\r\n+" + zeroDigest + "\r\n"
			if got := s.run(c, "debug", "digest-value", tc.key, "nosuch"); got != want {
				t.Errorf("DEBUG DIGEST-VALUE = %q, want %q", got, want)
			}
		})
	}
}

func TestDigestEmptyAndSyntax(t *testing.T) {
	s := newTestServer(t)
	c := s.fakeClient()
	expectReplies(t, s, c, [][2]string{
		{"debug digest", "+" + zeroDigest + "\r\n"},
		{"DEBUG DIGEST-VALUE", "*0\r\n"},
		{"debug digest-value a", "*1\r\n+" + zeroDigest + "\r\n"},
		{"debug digest x", "-ERR unknown subcommand or wrong number of arguments for 'digest'. Try DEBUG HELP.\r\n"},
		// A database emptied again digests to zeros like one never used.
		{"set a 1", "+OK\r\n"},
		{"del a", ":1\r\n"},
		{"debug digest", "+" + zeroDigest + "\r\n"},
	})
}

// digestOf runs cmds on a fresh server (with its config args) and returns
// DEBUG DIGEST's reply and DEBUG DIGEST-VALUE's reply for key.
func digestOf(t *testing.T, config []string, key string, cmds ...string) (all, val string) {
	t.Helper()
	s := newTestServer(t, config...)
	c := s.fakeClient()
	for _, cmd := range cmds {
		if r := s.run(c, strings.Fields(cmd)...); strings.HasPrefix(r, "-") {
			t.Fatalf("%s: %q", cmd, r)
		}
	}
	return s.run(c, "debug", "digest"), s.run(c, "debug", "digest-value", key)
}

// TestDigestProperties checks which changes move the digest and which must
// not: element order of sets, hashes and zsets and the encoding do not; a
// value, list order, a TTL, the key name and the database do.
func TestDigestProperties(t *testing.T) {
	bigHash := []string{"--hash-max-listpack-entries", "0"}
	bigSet := []string{"--set-max-intset-entries", "0"}
	bigZset := []string{"--zset-max-listpack-entries", "0"}
	tests := []struct {
		name   string
		a, b   []string // commands
		ca, cb []string // config of each side
		same   bool
	}{
		{"set order", []string{"sadd k a b c"}, []string{"sadd k c a b"}, nil, nil, true},
		{"intset order", []string{"sadd k 3 1 2"}, []string{"sadd k 2 3 1"}, nil, nil, true},
		{"intset vs hashtable", []string{"sadd k 3 1 2"}, []string{"sadd k 1 2 3"}, nil, bigSet, true},
		{"hash order", []string{"hset k f1 v1 f2 v2"}, []string{"hset k f2 v2 f1 v1"}, nil, nil, true},
		{"hash listpack vs hashtable", []string{"hset k f1 1 f2 v2"}, []string{"hset k f2 v2 f1 1"}, nil, bigHash, true},
		{"zset order", []string{"zadd k 1 a 2 b"}, []string{"zadd k 2 b 1 a"}, nil, nil, true},
		{"zset listpack vs skiplist", []string{"zadd k 1 a 2.5 b -inf 7"}, []string{"zadd k 1 a 2.5 b -inf 7"}, nil, bigZset, true},
		{"key order", []string{"set a 1", "set b 2"}, []string{"set b 2", "set a 1"}, nil, nil, true},
		{"string value", []string{"set k 1"}, []string{"set k 2"}, nil, nil, false},
		{"int vs raw same text", []string{"set k 10"}, []string{"set k 1", "append k 0"}, nil, nil, true},
		{"list order", []string{"rpush k a b"}, []string{"rpush k b a"}, nil, nil, false},
		{"hash field/value swap", []string{"hset k a b"}, []string{"hset k b a"}, nil, nil, false},
		{"zset score", []string{"zadd k 1 a"}, []string{"zadd k 2 a"}, nil, nil, false},
		{"ttl", []string{"set k v"}, []string{"set k v", "expire k 100"}, nil, nil, false},
		{"ttl length", []string{"set k v", "expire k 100"}, []string{"set k v", "expire k 200"}, nil, nil, true},
		{"type", []string{"sadd k a"}, []string{"rpush k a"}, nil, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			allA, valA := digestOf(t, tc.ca, "k", tc.a...)
			allB, valB := digestOf(t, tc.cb, "k", tc.b...)
			if (allA == allB) != tc.same || (valA == valB) != tc.same {
				t.Errorf("same=%v: DIGEST %q vs %q, DIGEST-VALUE %q vs %q", tc.same, allA, allB, valA, valB)
			}
		})
	}
	// The key name and the database count in DIGEST but not in DIGEST-VALUE.
	allA, valA := digestOf(t, nil, "k", "set k v")
	allB, _ := digestOf(t, nil, "k2", "set k2 v")
	allC, valC := digestOf(t, nil, "k", "select 3", "set k v")
	if allA == allB || allA == allC {
		t.Errorf("DIGEST ignores the key name or db: %q %q %q", allA, allB, allC)
	}
	if valA != valC || valA == "*1\r\n+"+zeroDigest+"\r\n" {
		t.Errorf("DIGEST-VALUE of k: %q in db 0, %q in db 3", valA, valC)
	}
}

// TestDigestBigList digests a list spanning several quicklist nodes, with
// compression, against the same list built as one node.
func TestDigestBigList(t *testing.T) {
	var cmds []string
	for i := 0; i < 500; i++ {
		cmds = append(cmds, "rpush k elem"+strings.Repeat("x", i%50)+" "+strings.Repeat("9", 1+i%18))
	}
	cmds = append(cmds, "rpush k "+strings.Repeat("p", 300))
	allA, valA := digestOf(t, []string{"--list-max-listpack-size", "4", "--list-compress-depth", "1"}, "k", cmds...)
	allB, valB := digestOf(t, []string{"--list-max-listpack-size", "-5"}, "k", cmds...)
	if allA != allB || valA != valB {
		t.Errorf("list digest depends on node layout: %q/%q vs %q/%q", allA, valA, allB, valB)
	}
}
