package server

// globMatch reports whether s matches the glob-style pattern, with exactly
// the semantics of Redis 7.0's stringmatchlen (util.c), quirks included:
//
//   - "*" matches any run of bytes (consecutive stars collapse);
//   - "?" matches any one byte;
//   - "[abc]" matches one byte of the set, "[^abc]" negates it, "[a-z]" is
//     a range (its ends may come in either order), and "\x" inside the
//     brackets is a literal x, compared case-sensitively even when nocase;
//   - "\x" is the literal x (a trailing backslash is a literal backslash).
//
// An unterminated "[" takes the rest of the pattern as its set, and an
// empty s matches only an empty pattern (even "*" does not match it: KEYS
// and SCAN special-case a lone "*" before matching). Range ends compare as
// C's signed chars, as in Redis's x86-64 builds, so bytes >= 0x80 sort below
// ASCII in a range. nocase folds only ASCII A-Z (the C locale's tolower).
//
// It does not allocate. Like Redis it gives up (no match) beyond 1000
// nested stars, and after a star has tried every suffix of s without a
// match it tells the enclosing stars not to try longer ones, which keeps
// patterns such as "*a*a*a*a*a*b" linear-ish instead of exponential.
func globMatch(pattern, s []byte, nocase bool) bool {
	skip := false
	return globMatchImpl(pattern, s, nocase, &skip, 0)
}

// globByte returns p[i], or 0 past the end: Redis's patterns are sds
// strings with a terminating NUL, which stringmatchlen reads at times.
func globByte(p []byte, i int) byte {
	if i < len(p) {
		return p[i]
	}
	return 0
}

// globLower is C's tolower in the C locale.
func globLower(c int) int {
	if c >= 'A' && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

func globMatchImpl(p, s []byte, nocase bool, skipLonger *bool, nesting int) bool {
	// Protection against abusive patterns.
	if nesting > 1000 {
		return false
	}
	for len(p) > 0 && len(s) > 0 {
		switch p[0] {
		case '*':
			for len(p) > 1 && p[1] == '*' {
				p = p[1:]
			}
			if len(p) == 1 {
				return true
			}
			for len(s) > 0 {
				if globMatchImpl(p[1:], s, nocase, skipLonger, nesting+1) {
					return true
				}
				if *skipLonger {
					return false
				}
				s = s[1:]
			}
			*skipLonger = true
			return false
		case '?':
			s = s[1:]
		case '[':
			p = p[1:]
			not := globByte(p, 0) == '^'
			if not {
				p = p[1:]
			}
			match := false
			// i indexes p; i == len(p) is the (virtual) terminating NUL.
			i := 0
			for {
				if globByte(p, i) == '\\' && len(p)-i >= 2 {
					i++
					if p[i] == s[0] {
						match = true
					}
				} else if globByte(p, i) == ']' {
					break
				} else if i == len(p) {
					// Unterminated set: it takes the rest of the pattern.
					break
				} else if len(p)-i >= 3 && p[i+1] == '-' {
					start, end, c := int(int8(p[i])), int(int8(p[i+2])), int(int8(s[0]))
					if start > end {
						start, end = end, start
					}
					if nocase {
						start, end, c = globLower(start), globLower(end), globLower(c)
					}
					i += 2
					if c >= start && c <= end {
						match = true
					}
				} else if !nocase {
					if p[i] == s[0] {
						match = true
					}
				} else if globLower(int(p[i])) == globLower(int(s[0])) {
					match = true
				}
				i++
			}
			if not {
				match = !match
			}
			if !match {
				return false
			}
			s = s[1:]
			// Leave p on the closing ']', which the advance below
			// consumes; an unterminated set consumed all of p.
			p = p[i:]
		case '\\':
			if len(p) >= 2 {
				p = p[1:]
			}
			fallthrough
		default:
			if !nocase {
				if p[0] != s[0] {
					return false
				}
			} else if globLower(int(p[0])) != globLower(int(s[0])) {
				return false
			}
			s = s[1:]
		}
		if len(p) > 0 {
			p = p[1:]
		}
		if len(s) == 0 {
			for len(p) > 0 && p[0] == '*' {
				p = p[1:]
			}
			break
		}
	}
	return len(p) == 0 && len(s) == 0
}
