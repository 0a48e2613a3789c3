package server

// Error replies shared by many commands, with Redis 7.0's exact texts
// (clients match on them). Texts used by one command stay next to it.
const (
	errNotInteger = "ERR value is not an integer or out of range"
	errIntRange   = "ERR value is out of range, value must between -2147483648 and 2147483647"
	errSyntax     = "ERR syntax error"
	errWrongType  = "WRONGTYPE Operation against a key holding the wrong kind of value"
	errNoSuchKey  = "ERR no such key"
	errDBRange    = "ERR DB index is out of range"
)

// eqFold reports whether b equals the lowercase ASCII word s, ignoring
// case: how every command matches its option keywords, without allocating.
func eqFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		ch := b[i]
		if ch >= 'A' && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		if ch != s[i] {
			return false
		}
	}
	return true
}

// checkType is Redis's checkType: a value that exists (o != nil) must be of
// type typ, or WRONGTYPE is replied and false returned. A missing key
// passes.
func checkType(c *Client, o *Object, typ uint8) bool {
	if o != nil && o.typ != typ {
		c.addReplyError(errWrongType)
		return false
	}
	return true
}
