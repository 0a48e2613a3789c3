package server

import (
	"bufio"
	"math/rand/v2"
	"net"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"aeon/resp"
)

func TestGlobMatch(t *testing.T) {
	cases := []struct {
		pat, s string
		nocase bool
		want   bool
	}{
		{"*", "", false, false}, // Redis: an empty string matches only an empty pattern
		{"", "", false, true},
		{"", "a", false, false},
		{"*", "abc", false, true},
		{"**", "abc", false, true},
		{"a*", "a", false, true},
		{"a**", "a", false, true},
		{"a*b", "ab", false, true},
		{"a*b", "axxb", false, true},
		{"a*b", "axxbc", false, false},
		{"*b", "abcb", false, true},
		{"h?llo", "hello", false, true},
		{"h?llo", "hllo", false, false},
		{"h[ae]llo", "hallo", false, true},
		{"h[ae]llo", "hillo", false, false},
		{"h[^e]llo", "hallo", false, true},
		{"h[^e]llo", "hello", false, false},
		{"h[a-b]llo", "hbllo", false, true},
		{"h[b-a]llo", "hbllo", false, true}, // reversed range
		{"h[a-b]llo", "hcllo", false, false},
		{"[\\]]", "]", false, true},
		{"[\\-]", "-", false, true},
		{"\\*", "*", false, true},
		{"\\*", "a", false, false},
		{"\\", "\\", false, true}, // trailing backslash is literal
		{"a\\", "a\\", false, true},
		{"[abc", "a", false, true}, // unterminated set takes the rest
		{"[abc", "d", false, false},
		{"[", "a", false, false},
		{"[^", "a", false, true},
		{"[^", "", false, false},
		{"[a-]", "^", false, true}, // "a-]" is the range ']'..'a'
		{"[a-]", "]", false, true},
		{"[a-]", "b", false, false},
		{"[a-]x", "^x", false, false}, // ... and the set never closes
		{"[]", "]", false, false},
		{"[]]", "]", false, false}, // "[]" is an empty set
		{"[]]", "]]", false, false},
		{"**", "", false, false},
		{"HELLO", "hello", true, true},
		{"HELLO", "hello", false, false},
		{"[A-C]", "b", true, true},
		{"[a-c]", "B", true, true},
		{"[\\A]", "a", true, false}, // escapes in sets are case-sensitive
		{"[A]", "a", true, true},
		{"\\A", "a", true, true},
		{"[a-\xff]", "\x80", false, false}, // signed chars: 0xff is -1
		{"[\xff-a]", "\x80", false, false},
		{"[\x80-\xff]", "\x90", false, true},
		{"[\x80-a]", "A", false, true},
		{"a*\\*", "a", false, false},
		{"*a*a*a*a*a*a*a*a*b", strings.Repeat("a", 30), false, false},
	}
	for _, tc := range cases {
		if got := globMatch([]byte(tc.pat), []byte(tc.s), tc.nocase); got != tc.want {
			t.Errorf("globMatch(%q, %q, %v) = %v, want %v", tc.pat, tc.s, tc.nocase, got, tc.want)
		}
		if got := globRef([]byte(tc.pat), []byte(tc.s), tc.nocase); got != tc.want {
			t.Errorf("globRef(%q, %q, %v) = %v, want %v", tc.pat, tc.s, tc.nocase, got, tc.want)
		}
	}
}

func TestGlobPathological(t *testing.T) {
	long := []byte(strings.Repeat("a", 100000))
	start := time.Now()
	if globMatch([]byte("*a*a*a*a*a*a*a*a*b"), long, false) {
		t.Fatal("matched")
	}
	if globMatch([]byte(strings.Repeat("*a", 2000)+"b"), long[:5000], false) {
		t.Fatal("matched")
	}
	// Deep nesting gives up instead of recursing without bound.
	if globMatch([]byte(strings.Repeat("*a", 1500)), long[:1500], false) {
		t.Fatal("nesting beyond 1000 should not match (Redis's protection)")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("pathological patterns took %v", d)
	}
}

func TestGlobNoAlloc(t *testing.T) {
	pat, s := []byte("*a[b-d]?\\x*[^z]*"), []byte("xxabcxyyyyyq")
	n := testing.AllocsPerRun(100, func() { globMatch(pat, s, true) })
	if n != 0 {
		t.Fatalf("globMatch allocates %v times", n)
	}
}

// globRef is a naive reference for globMatch: it tokenizes the pattern,
// then matches by plain backtracking, with no pruning and no nesting limit.
func globRef(pat, s []byte, nocase bool) bool {
	// Redis's loop never runs for an empty string: only an empty pattern
	// matches it.
	if len(s) == 0 {
		return len(pat) == 0
	}
	return refMatch(refTokens(pat), s, nocase)
}

type refItem struct {
	lo, hi int  // range (signed chars); lo == hi for a single byte
	exact  bool // escaped byte: compared case-sensitively
	rng    bool
}

type refTok struct {
	kind  byte // '*', '?', '[', 'l' (literal)
	lit   byte
	not   bool
	items []refItem
}

func refTokens(p []byte) []refTok {
	var toks []refTok
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '*':
			toks = append(toks, refTok{kind: '*'})
		case '?':
			toks = append(toks, refTok{kind: '?'})
		case '[':
			tok := refTok{kind: '['}
			i++
			if i < len(p) && p[i] == '^' {
				tok.not = true
				i++
			}
			for ; i < len(p) && p[i] != ']'; i++ {
				switch {
				case p[i] == '\\' && i+1 < len(p):
					i++
					tok.items = append(tok.items, refItem{lo: int(p[i]), exact: true})
				case i+2 < len(p) && p[i+1] == '-':
					tok.items = append(tok.items, refItem{lo: int(int8(p[i])), hi: int(int8(p[i+2])), rng: true})
					i += 2
				default:
					tok.items = append(tok.items, refItem{lo: int(p[i])})
				}
			}
			toks = append(toks, tok)
		case '\\':
			if i+1 < len(p) {
				i++
			}
			toks = append(toks, refTok{kind: 'l', lit: p[i]})
		default:
			toks = append(toks, refTok{kind: 'l', lit: p[i]})
		}
	}
	return toks
}

func refFold(c int, nocase bool) int {
	if nocase && c >= 'A' && c <= 'Z' {
		return c + 32
	}
	return c
}

func refMatch(toks []refTok, s []byte, nocase bool) bool {
	if len(toks) == 0 {
		return len(s) == 0
	}
	t := toks[0]
	if t.kind == '*' {
		for k := 0; k <= len(s); k++ {
			if refMatch(toks[1:], s[k:], nocase) {
				return true
			}
		}
		return false
	}
	if len(s) == 0 {
		return false
	}
	c := s[0]
	switch t.kind {
	case '?':
	case 'l':
		if refFold(int(t.lit), nocase) != refFold(int(c), nocase) {
			return false
		}
	case '[':
		match := false
		for _, it := range t.items {
			switch {
			case it.exact:
				match = match || it.lo == int(c)
			case it.rng:
				lo, hi := min(it.lo, it.hi), max(it.lo, it.hi)
				v := int(int8(c))
				lo, hi, v = refFold(lo, nocase), refFold(hi, nocase), refFold(v, nocase)
				match = match || (v >= lo && v <= hi)
			default:
				match = match || refFold(it.lo, nocase) == refFold(int(c), nocase)
			}
		}
		if match == t.not {
			return false
		}
	}
	return refMatch(toks[1:], s[1:], nocase)
}

// globAlphabet is small so that random patterns exercise the syntax.
const globAlphabet = "ab*?[]^-\\A\x80\xff"

func randGlobString(r *rand.Rand, n int) []byte {
	b := make([]byte, r.IntN(n+1))
	for i := range b {
		b[i] = globAlphabet[r.IntN(len(globAlphabet))]
	}
	return b
}

func TestGlobRandomVsReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		p, s := randGlobString(r, 8), randGlobString(r, 6)
		nocase := i%2 == 0
		if got, want := globMatch(p, s, nocase), globRef(p, s, nocase); got != want {
			t.Fatalf("globMatch(%q, %q, %v) = %v, reference %v", p, s, nocase, got, want)
		}
	}
}

func FuzzGlob(f *testing.F) {
	f.Add([]byte("h[a-e]l*o"), []byte("hello"), false)
	f.Add([]byte("*\\[x?"), []byte("ab[xy"), true)
	f.Add([]byte("[^a-]"), []byte("]"), false)
	f.Fuzz(func(t *testing.T, p, s []byte, nocase bool) {
		if len(p) > 16 || len(s) > 16 {
			return // the reference is exponential
		}
		if got, want := globMatch(p, s, nocase), globRef(p, s, nocase); got != want {
			t.Fatalf("globMatch(%q, %q, %v) = %v, reference %v", p, s, nocase, got, want)
		}
	})
}

// TestGlobAgainstRedis compares globMatch with a real Redis's KEYS when
// AEON_REF_REDIS names one (host:port); the server is flushed.
func TestGlobAgainstRedis(t *testing.T) {
	addr := os.Getenv("AEON_REF_REDIS")
	if addr == "" {
		t.Skip("AEON_REF_REDIS not set")
	}
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rd := bufio.NewReader(conn)
	call := func(args ...[]byte) resp.Value {
		var b []byte
		b = resp.AppendArray(b, len(args))
		for _, a := range args {
			b = resp.AppendBulk(b, a)
		}
		if _, err := conn.Write(b); err != nil {
			t.Fatal(err)
		}
		v, err := resp.ReadValue(rd)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	r := rand.New(rand.NewPCG(3, 4))
	for round := 0; round < 40; round++ {
		call([]byte("FLUSHALL"))
		var keys [][]byte
		for i := 0; i < 50; i++ {
			k := randGlobString(r, 5)
			keys = append(keys, k)
			call([]byte("SET"), k, []byte("v"))
		}
		for j := 0; j < 100; j++ {
			p := randGlobString(r, 7)
			if string(p) == "*" {
				continue // KEYS's all-keys shortcut bypasses matching
			}
			var want []string
			seen := map[string]bool{}
			for _, k := range keys {
				if !seen[string(k)] && globMatch(p, k, false) {
					want = append(want, string(k))
				}
				seen[string(k)] = true
			}
			var have []string
			v := call([]byte("KEYS"), p)
			for _, e := range v.Elems {
				have = append(have, string(e.Str))
			}
			slices.Sort(want)
			slices.Sort(have)
			if !slices.Equal(want, have) {
				t.Fatalf("pattern %q: redis %q, globMatch %q", p, have, want)
			}
		}
	}
}
