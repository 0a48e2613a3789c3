package server

import (
	"bytes"
	"math/big"
)

// errWrongType is Redis's shared.wrongtypeerr.

// Common error replies of the string and bitmap groups.
const (
	strErrOverflow    = "ERR increment or decrement would overflow"
	strErrNotFloat    = "ERR value is not a valid float"
	strErrNaNInf      = "ERR increment would produce NaN or Infinity"
	strErrTooBig      = "ERR string exceeds maximum allowed size (proto-max-bulk-len)"
	strErrOffsetRange = "ERR offset is out of range"
)

// stringCommands is the string group.
func stringCommands() []*Command {
	const g = "string"
	w, wd, ro := FlagWrite, FlagWrite|FlagDenyOOM, FlagReadonly
	return []*Command{
		{Name: "set", Proc: setCommand, Arity: -3, Flags: wd, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatString,
			Group: g, Since: "1.0.0", Summary: "Set the string value of a key", Complex: "O(1)"},
		{Name: "get", Proc: getCommand, Arity: 2, Flags: ro | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatString,
			Group: g, Since: "1.0.0", Summary: "Get the value of a key", Complex: "O(1)"},
		{Name: "getdel", Proc: getdelCommand, Arity: 2, Flags: w | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatString,
			Group: g, Since: "6.2.0", Summary: "Get the value of a key and delete the key", Complex: "O(1)"},
		{Name: "getex", Proc: getexCommand, Arity: -2, Flags: w | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatString,
			Group: g, Since: "6.2.0", Summary: "Get the value of a key and optionally set its expiration", Complex: "O(1)"},
		{Name: "getset", Proc: getsetCommand, Arity: 3, Flags: wd | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatString,
			Group: g, Since: "1.0.0", Summary: "Set the string value of a key and return its old value", Complex: "O(1)"},
		{Name: "mget", Proc: mgetCommand, Arity: -2, Flags: ro | FlagFast, FirstKey: 1, LastKey: -1, Step: 1, Cats: CatString,
			Group: g, Since: "1.0.0", Summary: "Get the values of all the given keys", Complex: "O(N) where N is the number of keys to retrieve."},
		{Name: "mset", Proc: msetCommand, Arity: -3, Flags: wd, FirstKey: 1, LastKey: -1, Step: 2, Cats: CatString,
			Group: g, Since: "1.0.1", Summary: "Set multiple keys to multiple values", Complex: "O(N) where N is the number of keys to set."},
		{Name: "msetnx", Proc: msetnxCommand, Arity: -3, Flags: wd, FirstKey: 1, LastKey: -1, Step: 2, Cats: CatString,
			Group: g, Since: "1.0.1", Summary: "Set multiple keys to multiple values, only if none of the keys exist", Complex: "O(N) where N is the number of keys to set."},
		{Name: "setnx", Proc: setnxCommand, Arity: 3, Flags: wd | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatString,
			Group: g, Since: "1.0.0", Summary: "Set the value of a key, only if the key does not exist", Complex: "O(1)"},
		{Name: "setex", Proc: setexCommand, Arity: 4, Flags: wd, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatString,
			Group: g, Since: "2.0.0", Summary: "Set the value and expiration of a key", Complex: "O(1)"},
		{Name: "psetex", Proc: psetexCommand, Arity: 4, Flags: wd, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatString,
			Group: g, Since: "2.6.0", Summary: "Set the value and expiration in milliseconds of a key", Complex: "O(1)"},
		{Name: "incr", Proc: incrCommand, Arity: 2, Flags: wd | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatString,
			Group: g, Since: "1.0.0", Summary: "Increment the integer value of a key by one", Complex: "O(1)"},
		{Name: "decr", Proc: decrCommand, Arity: 2, Flags: wd | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatString,
			Group: g, Since: "1.0.0", Summary: "Decrement the integer value of a key by one", Complex: "O(1)"},
		{Name: "incrby", Proc: incrbyCommand, Arity: 3, Flags: wd | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatString,
			Group: g, Since: "1.0.0", Summary: "Increment the integer value of a key by the given amount", Complex: "O(1)"},
		{Name: "decrby", Proc: decrbyCommand, Arity: 3, Flags: wd | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatString,
			Group: g, Since: "1.0.0", Summary: "Decrement the integer value of a key by the given number", Complex: "O(1)"},
		{Name: "incrbyfloat", Proc: incrbyfloatCommand, Arity: 3, Flags: wd | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatString,
			Group: g, Since: "2.6.0", Summary: "Increment the float value of a key by the given amount", Complex: "O(1)"},
		{Name: "append", Proc: appendCommand, Arity: 3, Flags: wd | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatString,
			Group: g, Since: "2.0.0", Summary: "Append a value to a key",
			Complex: "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation."},
		{Name: "strlen", Proc: strlenCommand, Arity: 2, Flags: ro | FlagFast, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatString,
			Group: g, Since: "2.2.0", Summary: "Get the length of the value stored in a key", Complex: "O(1)"},
		{Name: "getrange", Proc: getrangeCommand, Arity: 4, Flags: ro, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatString,
			Group: g, Since: "2.4.0", Summary: "Get a substring of the string stored at a key", Complex: strGetrangeComplexity},
		{Name: "substr", Proc: getrangeCommand, Arity: 4, Flags: ro, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatString,
			Group: g, Since: "1.0.0", Summary: "Get a substring of the string stored at a key", Complex: strGetrangeComplexity},
		{Name: "setrange", Proc: setrangeCommand, Arity: 4, Flags: wd, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatString,
			Group: g, Since: "2.2.0", Summary: "Overwrite part of a string at key starting at the specified offset",
			Complex: "O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument."},
		{Name: "lcs", Proc: lcsCommand, Arity: -3, Flags: ro, FirstKey: 1, LastKey: 2, Step: 1, Cats: CatString,
			Group: g, Since: "7.0.0", Summary: "Find longest common substring", Complex: "O(N*M) where N and M are the lengths of s1 and s2, respectively"},
	}
}

const strGetrangeComplexity = "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings."

// --- small helpers -------------------------------------------------------

// strArgIs reports whether arg equals lower (which is lowercase ASCII),
// ignoring ASCII case, without allocating. Like Redis's strcasecmp on an
// sds, arg ends at its first NUL byte.
func strArgIs(arg []byte, lower string) bool {
	if len(arg) < len(lower) || (len(arg) > len(lower) && arg[len(lower)] != 0) {
		return false
	}
	return eqFold(arg[:len(lower)], lower)
}

// strArgInt parses arg as Redis's getLongLongFromObjectOrReply, replying
// with errMsg ("" for the standard text) on failure.
func strArgInt(c *Client, arg []byte, errMsg string) (int64, bool) {
	v, ok := parseInt(arg)
	if !ok {
		if errMsg == "" {
			errMsg = errNotInteger
		}
		c.addReplyError(errMsg)
	}
	return v, ok
}

// strCheckLength is Redis's checkStringLength.
func (s *Server) strCheckLength(c *Client, size, add int64) bool {
	total := int64(uint64(size) + uint64(add))
	if total > s.cfg.ProtoMaxBulkLen || total < size || total < add {
		c.addReplyError(strErrTooBig)
		return false
	}
	return true
}

// strArgObject builds the value a SET-like command stores for arg, as
// tryObjectEncoding would. An embstr result aliases arg: it is only valid
// for dbAdd, whose newKey copies embstr bytes next to the key.
func strArgObject(arg []byte) Object {
	if v, ok := canIntEncode(arg); ok {
		return intObject(v)
	}
	if len(arg) <= embstrLimit {
		return bytesObject(arg, true)
	}
	return bytesObject(append([]byte(nil), arg...), false)
}

// strStore stores arg under key as SET does. o is the key's current value
// (from lookupWriteKey, nil if absent); the TTL is dropped unless keepTTL.
// Overwriting a value with one of the same encoding and bytes keeps the
// stored value, so repeated SETs of the same value don't allocate.
func (s *Server) strStore(db *DB, key []byte, o *Object, arg []byte, keepTTL bool) {
	if o == nil {
		s.dbAdd(db, key, strArgObject(arg))
		return
	}
	if !strSameValue(o, arg) {
		nv := stringObject(arg)
		nv.lru = s.accessStamp()
		*o = nv
	} else {
		o.lru = s.accessStamp()
	}
	if !keepTTL && db.expires.Len() > 0 {
		db.expires.Delete(key)
	}
}

// strSameValue reports whether storing arg over o can keep o as is (an
// int-encoded value is updated in place).
func strSameValue(o *Object, arg []byte) bool {
	if o.typ != TypeString {
		return false
	}
	switch o.enc {
	case EncInt:
		if v, ok := canIntEncode(arg); ok {
			o.n = v
			return true
		}
	case EncEmbstr:
		if int64(len(arg)) == o.n && len(arg) <= embstrLimit && bytes.Equal(o.strBytes(nil), arg) {
			_, isInt := canIntEncode(arg)
			return !isInt
		}
	case EncRaw:
		if int64(len(arg)) == o.n && len(arg) > embstrLimit && bytes.Equal(o.strBytes(nil), arg) {
			_, isInt := canIntEncode(arg)
			return !isInt
		}
	}
	return false
}

// --- SET family ----------------------------------------------------------

// SET / GETEX option flags (Redis's OBJ_SET_* and friends).
const (
	strSetNX = 1 << iota
	strSetXX
	strSetGet
	strSetKeepTTL
	strSetPersist
	strSetEX
	strSetPX
	strSetEXAT
	strSetPXAT
)

const strAnyExpire = strSetEX | strSetPX | strSetEXAT | strSetPXAT

// strParseExtArgs is Redis's parseExtendedStringArgumentsOrReply: it parses
// argv[3:] for SET (forSet) or argv[2:] for GETEX.
func strParseExtArgs(c *Client, forSet bool) (flags int, expire []byte, ok bool) {
	start := 3
	if !forSet {
		start = 2
	}
	argv := c.argv
	for j := start; j < len(argv); j++ {
		opt := argv[j]
		hasNext := j < len(argv)-1
		switch {
		case forSet && strArgIs(opt, "nx") && flags&strSetXX == 0:
			flags |= strSetNX
		case forSet && strArgIs(opt, "xx") && flags&strSetNX == 0:
			flags |= strSetXX
		case forSet && strArgIs(opt, "get"):
			flags |= strSetGet
		case forSet && strArgIs(opt, "keepttl") && flags&(strSetPersist|strAnyExpire) == 0:
			flags |= strSetKeepTTL
		case !forSet && strArgIs(opt, "persist") && flags&(strAnyExpire|strSetKeepTTL) == 0:
			flags |= strSetPersist
		case hasNext && flags&(strSetKeepTTL|strSetPersist) == 0 && strExpireOpt(opt, flags) != 0:
			flags |= strExpireOpt(opt, flags)
			expire = argv[j+1]
			j++
		default:
			c.addReplyError(errSyntax)
			return 0, nil, false
		}
	}
	return flags, expire, true
}

// strExpireOpt returns the flag for an EX/PX/EXAT/PXAT option when no
// other expire option conflicts with it, else 0.
func strExpireOpt(opt []byte, flags int) int {
	var f int
	switch {
	case strArgIs(opt, "ex"):
		f = strSetEX
	case strArgIs(opt, "px"):
		f = strSetPX
	case strArgIs(opt, "exat"):
		f = strSetEXAT
	case strArgIs(opt, "pxat"):
		f = strSetPXAT
	default:
		return 0
	}
	if flags&strAnyExpire&^f != 0 {
		return 0
	}
	return f
}

// strExpireMs is Redis's getExpireMillisecondsOrReply: the absolute expire
// time in unix ms for expire given with flags.
func (s *Server) strExpireMs(c *Client, expire []byte, flags int) (int64, bool) {
	ms, ok := strArgInt(c, expire, "")
	if !ok {
		return 0, false
	}
	seconds := flags&(strSetEX|strSetEXAT) != 0
	if ms <= 0 || (seconds && ms > (1<<63-1)/1000) {
		s.strExpireError(c)
		return 0, false
	}
	if seconds {
		ms *= 1000
	}
	if flags&(strSetEX|strSetPX) != 0 {
		ms += s.cmdTime
	}
	if ms <= 0 {
		s.strExpireError(c)
		return 0, false
	}
	return ms, true
}

func (s *Server) strExpireError(c *Client) {
	name := "set"
	if c.cmd != nil {
		name = c.cmd.fullName()
	}
	c.addReplyError("ERR invalid expire time in '" + name + "' command")
}

// strGetGeneric is Redis's getGenericCommand; false means it replied with
// an error.
func (s *Server) strGetGeneric(c *Client, key []byte) bool {
	o := s.lookupRead(c, key)
	if o == nil {
		c.addReplyNull()
		return true
	}
	if o.typ != TypeString {
		c.addReplyError(errWrongType)
		return false
	}
	c.addReplyStringObject(o)
	return true
}

// strSetGeneric is Redis's setGenericCommand. setnx selects SETNX's
// integer replies instead of OK/null.
func (s *Server) strSetGeneric(c *Client, flags int, key, val, expire []byte, setnx bool) {
	var ms int64
	if expire != nil {
		var ok bool
		if ms, ok = s.strExpireMs(c, expire, flags); !ok {
			return
		}
	}
	if flags&strSetGet != 0 && !s.strGetGeneric(c, key) {
		return
	}
	o := s.lookupWriteKey(c, key)
	found := o != nil
	if (flags&strSetNX != 0 && found) || (flags&strSetXX != 0 && !found) {
		if flags&strSetGet == 0 {
			if setnx {
				c.addReplyInt(0)
			} else {
				c.addReplyNull()
			}
		}
		return
	}
	// With an expire time the old TTL is overwritten below: keeping it
	// meanwhile saves deleting and re-inserting its entry.
	s.strStore(c.db, key, o, val, flags&strSetKeepTTL != 0 || expire != nil)
	s.dirty++
	if expire != nil {
		s.setExpire(c.db, key, ms)
		if flags&strSetPXAT == 0 && s.propOn() {
			c.rewriteProp([]byte("SET"), key, val, []byte("PXAT"), intArg(ms))
		}
	}
	if flags&strSetGet == 0 {
		if setnx {
			c.addReplyInt(1)
		} else {
			c.addReplyOK()
		}
	}
}

func setCommand(s *Server, c *Client) {
	flags, expire := 0, []byte(nil)
	if len(c.argv) > 3 {
		var ok bool
		if flags, expire, ok = strParseExtArgs(c, true); !ok {
			return
		}
	}
	s.strSetGeneric(c, flags, c.argv[1], c.argv[2], expire, false)
}

func setnxCommand(s *Server, c *Client) {
	s.strSetGeneric(c, strSetNX, c.argv[1], c.argv[2], nil, true)
}

func setexCommand(s *Server, c *Client) {
	s.strSetGeneric(c, strSetEX, c.argv[1], c.argv[3], c.argv[2], false)
}

func psetexCommand(s *Server, c *Client) {
	s.strSetGeneric(c, strSetPX, c.argv[1], c.argv[3], c.argv[2], false)
}

func getCommand(s *Server, c *Client) { s.strGetGeneric(c, c.argv[1]) }

func getsetCommand(s *Server, c *Client) {
	key := c.argv[1]
	if !s.strGetGeneric(c, key) {
		return
	}
	s.strStore(c.db, key, s.lookupWriteKey(c, key), c.argv[2], false)
	s.dirty++
}

func getdelCommand(s *Server, c *Client) {
	key := c.argv[1]
	o := s.lookupRead(c, key)
	if o == nil {
		c.addReplyNull()
		return
	}
	if !checkType(c, o, TypeString) {
		return
	}
	c.addReplyStringObject(o)
	s.dbDelete(c.db, key)
	s.dirty++
}

func getexCommand(s *Server, c *Client) {
	flags, expire, ok := strParseExtArgs(c, false)
	if !ok {
		return
	}
	key := c.argv[1]
	o := s.lookupRead(c, key)
	if o == nil {
		c.addReplyNull()
		return
	}
	if !checkType(c, o, TypeString) {
		return
	}
	var ms int64
	if expire != nil {
		if ms, ok = s.strExpireMs(c, expire, flags); !ok {
			return
		}
	}
	c.addReplyStringObject(o)
	switch {
	case flags&(strSetEXAT|strSetPXAT) != 0 && ms <= s.cmdTime && !s.loading:
		s.dbDelete(c.db, key)
		s.dirty++
		c.rewriteProp(bDel, key)
	case expire != nil:
		s.setExpire(c.db, key, ms)
		s.dirty++
		if s.propOn() {
			c.rewriteProp([]byte("PEXPIREAT"), key, intArg(ms))
		}
	case flags&strSetPersist != 0:
		if c.db.removeExpire(key) {
			s.dirty++
			c.rewriteProp([]byte("PERSIST"), key)
		}
	}
}

func mgetCommand(s *Server, c *Client) {
	c.addReplyArray(len(c.argv) - 1)
	for _, key := range c.argv[1:] {
		o := s.lookupRead(c, key)
		if o == nil || o.typ != TypeString {
			c.addReplyNull()
		} else {
			c.addReplyStringObject(o)
		}
	}
}

func (s *Server) strMsetGeneric(c *Client, nx bool) {
	argv := c.argv
	if len(argv)%2 == 0 {
		name := "mset"
		if nx {
			name = "msetnx"
		}
		c.addReplyError("ERR wrong number of arguments for '" + name + "' command")
		return
	}
	if nx {
		for j := 1; j < len(argv); j += 2 {
			if s.lookupWriteKey(c, argv[j]) != nil {
				c.addReplyInt(0)
				return
			}
		}
	}
	for j := 1; j < len(argv); j += 2 {
		s.strStore(c.db, argv[j], s.lookupWriteKey(c, argv[j]), argv[j+1], false)
	}
	s.dirty += int64((len(argv) - 1) / 2)
	if nx {
		c.addReplyInt(1)
	} else {
		c.addReplyOK()
	}
}

func msetCommand(s *Server, c *Client)   { s.strMsetGeneric(c, false) }
func msetnxCommand(s *Server, c *Client) { s.strMsetGeneric(c, true) }

// --- counters ------------------------------------------------------------

func (s *Server) strIncrDecr(c *Client, incr int64) {
	key := c.argv[1]
	o := s.lookupWriteKey(c, key)
	if !checkType(c, o, TypeString) {
		return
	}
	var value int64
	if o != nil {
		if o.enc == EncInt {
			value = o.n
		} else {
			v, ok := parseInt(o.strBytes(nil))
			if !ok {
				c.addReplyError(errNotInteger)
				return
			}
			value = v
		}
	}
	if (incr < 0 && value < 0 && incr < -1<<63-value) ||
		(incr > 0 && value > 0 && incr > 1<<63-1-value) {
		c.addReplyError(strErrOverflow)
		return
	}
	value += incr
	if o != nil {
		lru := o.lru
		*o = intObject(value)
		o.lru = lru
	} else {
		s.dbAdd(c.db, key, intObject(value))
	}
	s.dirty++
	c.addReplyInt(value)
}

func incrCommand(s *Server, c *Client) { s.strIncrDecr(c, 1) }
func decrCommand(s *Server, c *Client) { s.strIncrDecr(c, -1) }

func incrbyCommand(s *Server, c *Client) {
	if incr, ok := strArgInt(c, c.argv[2], ""); ok {
		s.strIncrDecr(c, incr)
	}
}

func decrbyCommand(s *Server, c *Client) {
	incr, ok := strArgInt(c, c.argv[2], "")
	if !ok {
		return
	}
	if incr == -1<<63 {
		c.addReplyError("ERR decrement would overflow")
		return
	}
	s.strIncrDecr(c, -incr)
}

// INCRBYFLOAT works in C's long double (x87 80-bit extended on the
// platforms Redis runs on): a 64-bit mantissa, emulated with big.Float.
const (
	strLdPrec     = 64
	strLdMaxExp   = 16384  // |x| < 2^16384
	strLdMinExp   = -16444 // smallest denormal is 2^-16445
	strLdMaxChars = 5 * 1024
)

func strNewLd() *big.Float { return new(big.Float).SetPrec(strLdPrec).SetMode(big.ToNearestEven) }

// strParseLongDouble is Redis's string2ld (strtold with full-match,
// no leading space, no overflow, no NaN).
func strParseLongDouble(b []byte) (*big.Float, bool) {
	if len(b) == 0 || len(b) >= strLdMaxChars {
		return nil, false
	}
	switch b[0] {
	case ' ', '\t', '\n', '\v', '\f', '\r':
		return nil, false
	}
	body := b
	neg := false
	if body[0] == '+' || body[0] == '-' {
		neg = body[0] == '-'
		body = body[1:]
	}
	if eqFold(body, "inf") || eqFold(body, "infinity") {
		return strNewLd().SetInf(neg), true
	}
	hex := len(body) > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X')
	if !strFloatSyntax(body, hex) {
		return nil, false
	}
	base := 10
	if hex {
		base = 0
	}
	f, _, err := strNewLd().Parse(string(b), base)
	if err != nil {
		return nil, false
	}
	if f.IsInf() {
		return nil, false
	}
	if f.Sign() != 0 {
		exp := f.MantExp(nil)
		if exp > strLdMaxExp || exp < strLdMinExp {
			return nil, false
		}
	} else if strHasNonZeroDigit(body, hex) {
		return nil, false // underflow to zero: ERANGE
	}
	return f, true
}

// strFloatSyntax checks body (sign stripped) is a complete decimal or
// hexadecimal floating constant as strtold accepts.
func strFloatSyntax(b []byte, hex bool) bool {
	isDigit := func(ch byte) bool { return ch >= '0' && ch <= '9' }
	isMant := isDigit
	expCh := byte('e')
	if hex {
		b = b[2:]
		isMant = func(ch byte) bool {
			return isDigit(ch) || (ch|0x20 >= 'a' && ch|0x20 <= 'f')
		}
		expCh = 'p'
	}
	i, digits := 0, 0
	for i < len(b) && isMant(b[i]) {
		i++
		digits++
	}
	if i < len(b) && b[i] == '.' {
		i++
		for i < len(b) && isMant(b[i]) {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(b) && b[i]|0x20 == expCh {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		ed := 0
		for i < len(b) && isDigit(b[i]) {
			i++
			ed++
		}
		if ed == 0 {
			return false
		}
	}
	return i == len(b)
}

func strHasNonZeroDigit(b []byte, hex bool) bool {
	if hex {
		b = b[2:]
	}
	for _, ch := range b {
		if ch|0x20 == 'e' && !hex || ch|0x20 == 'p' && hex {
			break
		}
		if ch != '0' && ch != '.' {
			return true
		}
	}
	return false
}

// strFormatLongDouble is ld2string(LD_STR_HUMAN): "%.17Lf" with trailing
// zeros (and a trailing point) removed, "-0" as "0".
func strFormatLongDouble(f *big.Float) []byte {
	out := f.Append(make([]byte, 0, 32), 'f', 17)
	if bytes.IndexByte(out, '.') >= 0 {
		for out[len(out)-1] == '0' {
			out = out[:len(out)-1]
		}
		if out[len(out)-1] == '.' {
			out = out[:len(out)-1]
		}
	}
	if len(out) == 2 && out[0] == '-' && out[1] == '0' {
		out = out[1:]
	}
	return out
}

func incrbyfloatCommand(s *Server, c *Client) {
	key := c.argv[1]
	o := s.lookupWriteKey(c, key)
	if !checkType(c, o, TypeString) {
		return
	}
	var value *big.Float
	if o == nil {
		value = strNewLd()
	} else if o.enc == EncInt {
		value = strNewLd().SetInt64(o.n)
	} else {
		var ok bool
		if value, ok = strParseLongDouble(o.strBytes(nil)); !ok {
			c.addReplyError(strErrNotFloat)
			return
		}
	}
	incr, ok := strParseLongDouble(c.argv[2])
	if !ok {
		c.addReplyError(strErrNotFloat)
		return
	}
	if value.IsInf() || incr.IsInf() {
		c.addReplyError(strErrNaNInf)
		return
	}
	sum := strNewLd().Add(value, incr)
	if sum.Sign() != 0 && sum.MantExp(nil) > strLdMaxExp {
		c.addReplyError(strErrNaNInf)
		return
	}
	out := strFormatLongDouble(sum)
	if s.propOn() { // the sum is formatted once: replay stores that string
		c.rewriteProp([]byte("SET"), key, out, []byte("KEEPTTL"))
	}
	nv := bytesObject(out, len(out) <= embstrLimit)
	if o != nil {
		// dbOverwrite: the TTL stays.
		nv.lru = o.lru
		*o = nv
	} else {
		s.dbAdd(c.db, key, nv)
	}
	s.dirty++
	c.addReplyBulk(out)
}

// --- APPEND, STRLEN, GETRANGE, SETRANGE ----------------------------------

func appendCommand(s *Server, c *Client) {
	key, val := c.argv[1], c.argv[2]
	o := s.lookupWriteKey(c, key)
	var total int64
	if o == nil {
		s.dbAdd(c.db, key, strArgObject(val))
		total = int64(len(val))
	} else {
		if !checkType(c, o, TypeString) {
			return
		}
		cur := o.strLen()
		if !s.strCheckLength(c, cur, int64(len(val))) {
			return
		}
		buf := rawBuf(o, int(cur)+len(val))
		copy(buf[cur:], val)
		total = int64(len(buf))
	}
	s.dirty++
	c.addReplyInt(total)
}

func strlenCommand(s *Server, c *Client) {
	o := s.lookupRead(c, c.argv[1])
	if o == nil {
		c.addReplyInt(0)
		return
	}
	if !checkType(c, o, TypeString) {
		return
	}
	c.addReplyInt(o.strLen())
}

func getrangeCommand(s *Server, c *Client) {
	start, ok := strArgInt(c, c.argv[2], "")
	if !ok {
		return
	}
	end, ok := strArgInt(c, c.argv[3], "")
	if !ok {
		return
	}
	o := s.lookupRead(c, c.argv[1])
	if o == nil {
		c.addReplyBulk(nil)
		return
	}
	if !checkType(c, o, TypeString) {
		return
	}
	var scratch [24]byte
	str := o.strBytes(scratch[:0])
	n := int64(len(str))
	if start < 0 && end < 0 && start > end {
		c.addReplyBulk(nil)
		return
	}
	if start < 0 {
		start += n
	}
	if end < 0 {
		end += n
	}
	if start < 0 {
		start = 0
	}
	if end < 0 {
		end = 0
	}
	if uint64(end) >= uint64(n) {
		end = n - 1
	}
	if start > end || n == 0 {
		c.addReplyBulk(nil)
		return
	}
	c.addReplyBulk(str[start : end+1])
}

func setrangeCommand(s *Server, c *Client) {
	key, value := c.argv[1], c.argv[3]
	offset, ok := strArgInt(c, c.argv[2], "")
	if !ok {
		return
	}
	if offset < 0 {
		c.addReplyError(strErrOffsetRange)
		return
	}
	o := s.lookupWriteKey(c, key)
	var buf []byte
	if o == nil {
		if len(value) == 0 {
			c.addReplyInt(0)
			return
		}
		if !s.strCheckLength(c, offset, int64(len(value))) {
			return
		}
		var nv Object
		nv, buf = newRawString(int(offset) + len(value))
		s.dbAdd(c.db, key, nv)
	} else {
		if !checkType(c, o, TypeString) {
			return
		}
		olen := o.strLen()
		if len(value) == 0 {
			c.addReplyInt(olen)
			return
		}
		if !s.strCheckLength(c, offset, int64(len(value))) {
			return
		}
		buf = rawBuf(o, int(offset)+len(value))
	}
	copy(buf[offset:], value)
	s.dirty++
	c.addReplyInt(int64(len(buf)))
}

// --- LCS -----------------------------------------------------------------

func lcsCommand(s *Server, c *Client) {
	oa := s.lookupRead(c, c.argv[1])
	ob := s.lookupRead(c, c.argv[2])
	if (oa != nil && oa.typ != TypeString) || (ob != nil && ob.typ != TypeString) {
		c.addReplyError("ERR The specified keys must contain string values")
		return
	}
	var a, b []byte
	var sa, sb [24]byte
	if oa != nil {
		a = oa.strBytes(sa[:0])
	}
	if ob != nil {
		b = ob.strBytes(sb[:0])
	}
	var minmatchlen int64
	getlen, getidx, withmatchlen := false, false, false
	for j := 3; j < len(c.argv); j++ {
		opt := c.argv[j]
		moreargs := len(c.argv) - 1 - j
		switch {
		case strArgIs(opt, "idx"):
			getidx = true
		case strArgIs(opt, "len"):
			getlen = true
		case strArgIs(opt, "withmatchlen"):
			withmatchlen = true
		case strArgIs(opt, "minmatchlen") && moreargs > 0:
			v, ok := strArgInt(c, c.argv[j+1], "")
			if !ok {
				return
			}
			if v < 0 {
				v = 0
			}
			minmatchlen = v
			j++
		default:
			c.addReplyError(errSyntax)
			return
		}
	}
	if getidx && getlen {
		c.addReplyError("ERR If you want both the length and indexes, please just use IDX.")
		return
	}
	if uint64(len(a)) >= 1<<32-2 || uint64(len(b)) >= 1<<32-2 {
		c.addReplyError("ERR String too long for LCS")
		return
	}
	alen, blen := len(a), len(b)
	size := uint64(alen+1) * uint64(blen+1)
	if size*4 > uint64(s.cfg.ProtoMaxBulkLen) {
		c.addReplyError("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len")
		return
	}
	lcs := make([]uint32, size)
	w := blen + 1
	for i := 1; i <= alen; i++ {
		row, prev := lcs[i*w:(i+1)*w], lcs[(i-1)*w:i*w]
		ai := a[i-1]
		for j := 1; j <= blen; j++ {
			if ai == b[j-1] {
				row[j] = prev[j-1] + 1
			} else if prev[j] > row[j-1] {
				row[j] = prev[j]
			} else {
				row[j] = row[j-1]
			}
		}
	}
	at := func(i, j int) uint32 { return lcs[i*w+j] }

	idx := int(at(alen, blen))
	computelcs := getidx || !getlen
	var result []byte
	if computelcs {
		result = make([]byte, idx)
	}
	deferred := -1
	if getidx {
		c.addReplyMap(2)
		c.addReplyBulkString("matches")
		deferred = c.deferredLen()
	}
	arangeStart, arangeEnd, brangeStart, brangeEnd := alen, 0, 0, 0
	arraylen := 0
	i, j := alen, blen
	for computelcs && i > 0 && j > 0 {
		emit := false
		if a[i-1] == b[j-1] {
			result[idx-1] = a[i-1]
			if arangeStart == alen {
				arangeStart, arangeEnd = i-1, i-1
				brangeStart, brangeEnd = j-1, j-1
			} else if arangeStart == i && brangeStart == j {
				arangeStart--
				brangeStart--
			} else {
				emit = true
			}
			if arangeStart == 0 || brangeStart == 0 {
				emit = true
			}
			idx--
			i--
			j--
		} else {
			if at(i-1, j) > at(i, j-1) {
				i--
			} else {
				j--
			}
			if arangeStart != alen {
				emit = true
			}
		}
		matchLen := int64(uint32(arangeEnd - arangeStart + 1))
		if emit {
			if (minmatchlen == 0 || matchLen >= minmatchlen) && getidx {
				if withmatchlen {
					c.addReplyArray(3)
				} else {
					c.addReplyArray(2)
				}
				c.addReplyArray(2)
				c.addReplyInt(int64(arangeStart))
				c.addReplyInt(int64(arangeEnd))
				c.addReplyArray(2)
				c.addReplyInt(int64(brangeStart))
				c.addReplyInt(int64(brangeEnd))
				if withmatchlen {
					c.addReplyInt(matchLen)
				}
				arraylen++
			}
			arangeStart = alen
		}
	}
	switch {
	case getidx:
		c.addReplyBulkString("len")
		c.addReplyInt(int64(at(alen, blen)))
		c.setDeferredArrayLen(deferred, arraylen)
	case getlen:
		c.addReplyInt(int64(idx))
	default:
		c.addReplyBulk(result)
	}
}
