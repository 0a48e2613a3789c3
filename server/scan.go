package server

import (
	"math"
	"strconv"

	"aeon/ds"
)

// scanOpts are the parsed arguments shared by SCAN, SSCAN, HSCAN and ZSCAN
// (Redis's scanGenericCommand): cursor, COUNT, MATCH and (SCAN only) TYPE.
type scanOpts struct {
	cursor   uint64
	count    int64
	pattern  []byte // nil: no MATCH, or MATCH *
	typeName []byte // nil: no TYPE
}

// parseScanArgs parses argv[cursorAt] and the options after it, replying
// Redis's error on failure. withType allows SCAN's TYPE option.
func parseScanArgs(c *Client, cursorAt int, withType bool) (scanOpts, bool) {
	o := scanOpts{count: 10}
	cursor, ok := parseScanCursor(c.argv[cursorAt])
	if !ok {
		c.addReplyError("ERR invalid cursor")
		return o, false
	}
	o.cursor = cursor
	for i := cursorAt + 1; i < len(c.argv); {
		left := len(c.argv) - i
		switch {
		case eqFold(c.argv[i], "count") && left >= 2:
			v, ok := parseInt(c.argv[i+1])
			if !ok {
				c.addReplyError(errNotInteger)
				return o, false
			}
			if v < 1 {
				c.addReplyError(errSyntax)
				return o, false
			}
			o.count = v
			i += 2
		case eqFold(c.argv[i], "match") && left >= 2:
			o.pattern = c.argv[i+1]
			if len(o.pattern) == 1 && o.pattern[0] == '*' {
				o.pattern = nil // matches everything
			}
			i += 2
		case withType && eqFold(c.argv[i], "type") && left >= 2:
			o.typeName = c.argv[i+1]
			i += 2
		default:
			c.addReplyError(errSyntax)
			return o, false
		}
	}
	return o, true
}

// matches reports whether an element passes MATCH.
func (o *scanOpts) matches(b []byte) bool {
	return o.pattern == nil || globMatch(o.pattern, b, false)
}

// scanDict advances a SCAN over d from o.cursor, calling fn for each entry
// visited, until about o.count entries were seen or o.count*10 buckets were
// visited (Redis's maxiterations), and returns the next cursor. fn must not
// modify d.
func scanDict[V any](d *ds.Dict[V], o *scanOpts, fn func(e *ds.Entry[V])) uint64 {
	cursor := o.cursor
	maxIter := int64(math.MaxInt64)
	if o.count <= math.MaxInt64/10 {
		maxIter = o.count * 10
	}
	seen := int64(0)
	visit := func(e *ds.Entry[V]) { seen++; fn(e) }
	// As Redis: do { scan } while (cursor && maxiterations-- && seen < count)
	for {
		cursor = d.Scan(cursor, visit)
		if cursor == 0 || maxIter == 0 {
			return cursor
		}
		maxIter--
		if seen >= o.count {
			return cursor
		}
	}
}

// addReplyScan writes a SCAN-family reply: the next cursor, then the items
// (already flattened: keys, or field/value or member/score pairs).
func (c *Client) addReplyScan(cursor uint64, items [][]byte) {
	c.addReplyArray(2)
	c.addReplyBulk(strconv.AppendUint(c.scratch[:0], cursor, 10))
	c.addReplyArray(len(items))
	for _, it := range items {
		c.addReplyBulk(it)
	}
}
