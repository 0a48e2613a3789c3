package server

import (
	"math"
	"strconv"
	"unsafe"

	"aeon/ds"
)

// Geospatial commands (Redis 7.0's geo.c). A geo set is a sorted set whose
// scores are 52-bit geohashes (ds/geohash.go): GEOADD is ZADD with encoded
// coordinates, and every sorted set command works on it. Searches scan the
// score ranges of the 9 cells around the centre at the step that fits the
// radius, keep the points inside the shape, and sort them by distance.

// Error replies of the geo group.
const (
	geoErrUnit       = "ERR unsupported unit provided. please use M, KM, FT, MI"
	geoErrMember     = "ERR could not decode requested zset member"
	geoErrRadius     = "ERR need numeric radius"
	geoErrNegRadius  = "ERR radius cannot be negative"
	geoErrWidth      = "ERR need numeric width"
	geoErrHeight     = "ERR need numeric height"
	geoErrNegBox     = "ERR height or width cannot be negative"
	geoErrCount      = "ERR COUNT must be > 0"
	geoErrAnyCount   = "ERR the ANY argument requires COUNT argument"
	geoErrStoreWith  = "ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options"
	geoErrSearchWith = "ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options"
)

// geoCommands is the geo group.
func geoCommands() []*Command {
	const g = "geo"
	const radiusComplex = "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index."
	const searchComplex = "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape"
	return []*Command{
		{Name: "geoadd", Proc: geoAddCommand, Arity: -5, Flags: FlagWrite | FlagDenyOOM, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatGeo,
			Group: g, Since: "3.2.0", Summary: "Add one or more geospatial items in the geospatial index represented using a sorted set", Complex: "O(log(N)) for each item added, where N is the number of elements in the sorted set."},
		{Name: "geodist", Proc: geoDistCommand, Arity: -4, Flags: FlagReadonly, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatGeo,
			Group: g, Since: "3.2.0", Summary: "Returns the distance between two members of a geospatial index", Complex: "O(log(N))"},
		{Name: "geohash", Proc: geoHashCommand, Arity: -2, Flags: FlagReadonly, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatGeo,
			Group: g, Since: "3.2.0", Summary: "Returns members of a geospatial index as standard geohash strings", Complex: "O(log(N)) for each member requested, where N is the number of elements in the sorted set."},
		{Name: "geopos", Proc: geoPosCommand, Arity: -2, Flags: FlagReadonly, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatGeo,
			Group: g, Since: "3.2.0", Summary: "Returns longitude and latitude of members of a geospatial index", Complex: "O(N) where N is the number of members requested."},
		{Name: "georadius", Proc: geoRadiusCommand, Arity: -6, Flags: FlagWrite | FlagDenyOOM, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatGeo,
			Group: g, Since: "3.2.0", Summary: "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point", Complex: radiusComplex},
		{Name: "georadius_ro", Proc: geoRadiusROCommand, Arity: -6, Flags: FlagReadonly, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatGeo,
			Group: g, Since: "3.2.10", Summary: "A read-only variant for GEORADIUS", Complex: radiusComplex},
		{Name: "georadiusbymember", Proc: geoRadiusByMemberCommand, Arity: -5, Flags: FlagWrite | FlagDenyOOM, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatGeo,
			Group: g, Since: "3.2.0", Summary: "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member", Complex: radiusComplex},
		{Name: "georadiusbymember_ro", Proc: geoRadiusByMemberROCommand, Arity: -5, Flags: FlagReadonly, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatGeo,
			Group: g, Since: "3.2.10", Summary: "A read-only variant for GEORADIUSBYMEMBER", Complex: radiusComplex},
		{Name: "geosearch", Proc: geoSearchCommand, Arity: -7, Flags: FlagReadonly, FirstKey: 1, LastKey: 1, Step: 1, Cats: CatGeo,
			Group: g, Since: "6.2.0", Summary: "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.", Complex: searchComplex},
		{Name: "geosearchstore", Proc: geoSearchStoreCommand, Arity: -8, Flags: FlagWrite | FlagDenyOOM, FirstKey: 1, LastKey: 2, Step: 1, Cats: CatGeo,
			Group: g, Since: "6.2.0", Summary: "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.", Complex: searchComplex},
	}
}

// --- argument and reply helpers ----------------------------------------------

// geoAppendF appends v as C's "%f".
func geoAppendF(dst []byte, v float64) []byte {
	switch {
	case math.IsInf(v, 1):
		return append(dst, "inf"...)
	case math.IsInf(v, -1):
		return append(dst, "-inf"...)
	case math.IsNaN(v):
		return append(dst, "nan"...)
	}
	return strconv.AppendFloat(dst, v, 'f', 6, 64)
}

// geoExtractLongLat parses a longitude, latitude pair (extractLongLatOrReply).
func geoExtractLongLat(c *Client, argv [][]byte, xy *[2]float64) bool {
	for i := 0; i < 2; i++ {
		v, ok := zsetParseDouble(argv[i])
		if !ok {
			c.addReplyError(zsetErrNotFloat)
			return false
		}
		xy[i] = v
	}
	if xy[0] < ds.GeoLongMin || xy[0] > ds.GeoLongMax || xy[1] < ds.GeoLatMin || xy[1] > ds.GeoLatMax {
		msg := append([]byte("ERR invalid longitude,latitude pair "), nil...)
		msg = geoAppendF(msg, xy[0])
		msg = append(msg, ',')
		msg = geoAppendF(msg, xy[1])
		c.addReplyError(string(msg))
		return false
	}
	return true
}

// geoExtractUnit returns the meters in one unit, or -1 after replying an
// error (extractUnitOrReply).
func geoExtractUnit(c *Client, u []byte) float64 {
	switch {
	case eqFold(u, "m"):
		return 1
	case eqFold(u, "km"):
		return 1000
	case eqFold(u, "ft"):
		return 0.3048
	case eqFold(u, "mi"):
		return 1609.34
	}
	c.addReplyError(geoErrUnit)
	return -1
}

// geoExtractDistance parses "radius unit" (extractDistanceOrReply).
func geoExtractDistance(c *Client, argv [][]byte, conversion, radius *float64) bool {
	d, ok := zsetParseDouble(argv[0])
	if !ok {
		c.addReplyError(geoErrRadius)
		return false
	}
	if d < 0 {
		c.addReplyError(geoErrNegRadius)
		return false
	}
	*radius = d
	u := geoExtractUnit(c, argv[1])
	if u < 0 {
		return false
	}
	*conversion = u
	return true
}

// geoExtractBox parses "width height unit" (extractBoxOrReply).
func geoExtractBox(c *Client, argv [][]byte, conversion, width, height *float64) bool {
	w, ok := zsetParseDouble(argv[0])
	if !ok {
		c.addReplyError(geoErrWidth)
		return false
	}
	h, ok := zsetParseDouble(argv[1])
	if !ok {
		c.addReplyError(geoErrHeight)
		return false
	}
	if h < 0 || w < 0 {
		c.addReplyError(geoErrNegBox)
		return false
	}
	*height, *width = h, w
	u := geoExtractUnit(c, argv[2])
	if u < 0 {
		return false
	}
	*conversion = u
	return true
}

// geoMemberLongLat decodes a member's position (longLatFromMember).
func geoMemberLongLat(o *Object, member []byte, xy *[2]float64) bool {
	score, ok := zsetScore(o, member)
	if !ok {
		return false
	}
	xy[0], xy[1], ok = ds.GeoDecodeScore(score)
	return ok
}

// geoAppendDistance appends d as "%.4f" (addReplyDoubleDistance).
func geoAppendDistance(dst []byte, d float64) []byte {
	switch {
	case math.IsNaN(d):
		if math.Signbit(d) {
			return append(dst, "-nan"...)
		}
		return append(dst, "nan"...)
	case math.IsInf(d, 0):
		return geoAppendF(dst, d)
	}
	return strconv.AppendFloat(dst, d, 'f', 4, 64)
}

func (c *Client) geoAddReplyDistance(d float64) {
	var buf [48]byte
	c.addReplyBulk(geoAppendDistance(buf[:0], d))
}

// geoAppendHuman appends v as Redis's ld2string(LD_STR_HUMAN) writes a long
// double holding it: "%.17Lf" with the trailing zeroes (and dot) removed,
// "-0" as "0". A double converts to long double exactly, so this is the
// double's exact value correctly rounded to 17 decimals.
func geoAppendHuman(dst []byte, v float64) []byte {
	if math.IsInf(v, 0) {
		if v > 0 {
			return append(dst, "inf"...)
		}
		return append(dst, "-inf"...)
	}
	if math.IsNaN(v) {
		return geoAppendF(dst, v)
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, v, 'f', 17, 64)
	l := len(dst)
	for l > start && dst[l-1] == '0' {
		l--
	}
	if dst[l-1] == '.' {
		l--
	}
	dst = dst[:l]
	if l-start == 2 && dst[start] == '-' && dst[start+1] == '0' {
		dst = append(dst[:start], '0')
	}
	return dst
}

// geoAddReplyHuman replies a coordinate (addReplyHumanLongDouble): a bulk
// string in RESP2, a double in RESP3.
func (c *Client) geoAddReplyHuman(v float64) {
	if c.muted() {
		return
	}
	var buf [64]byte
	b := geoAppendHuman(buf[:0], v)
	if c.proto >= 3 {
		c.reply = append(c.reply, ',')
		c.reply = append(c.reply, b...)
		c.reply = append(c.reply, '\r', '\n')
		return
	}
	c.addReplyBulk(b)
}

// --- GEOADD -------------------------------------------------------------------

// geoAddCommand is GEOADD key [NX|XX] [CH] long lat member ...: ZADD with
// the encoded positions as scores.
func geoAddCommand(s *Server, c *Client) {
	in, ch := 0, false
	longIdx := 2
	for ; longIdx < len(c.argv); longIdx++ {
		a := c.argv[longIdx]
		if eqFold(a, "nx") {
			in |= zsetInNX
		} else if eqFold(a, "xx") {
			in |= zsetInXX
		} else if eqFold(a, "ch") {
			ch = true
		} else {
			break
		}
	}
	n := len(c.argv) - longIdx
	if n%3 != 0 || (in&zsetInNX != 0 && in&zsetInXX != 0) || n == 0 {
		c.addReplyError(errSyntax)
		return
	}
	elements := n / 3
	var xy [2]float64
	for i := 0; i < elements; i++ {
		if !geoExtractLongLat(c, c.argv[longIdx+i*3:], &xy) {
			return
		}
	}
	key := c.argv[1]
	o := s.lookupWriteKey(c, key)
	if !checkType(c, o, TypeZSet) {
		return
	}
	added, updated := 0, 0
	if o == nil {
		if in&zsetInXX != 0 {
			c.addReplyInt(0)
			return
		}
		fresh := s.newZsetObject(0, len(c.argv[longIdx+2]))
		added, updated = s.geoAddAll(c, &fresh, longIdx, elements, in)
		s.dbAdd(c.db, key, fresh)
	} else {
		added, updated = s.geoAddAll(c, o, longIdx, elements, in)
	}
	s.dirty += int64(added + updated)
	if ch {
		added += updated
	}
	c.addReplyInt(int64(added))
}

// geoAddAll adds the (validated) elements of GEOADD to o.
func (s *Server) geoAddAll(c *Client, o *Object, longIdx, elements, in int) (added, updated int) {
	var xy [2]float64
	for i := 0; i < elements; i++ {
		a := c.argv[longIdx+i*3:]
		xy[0], _ = zsetParseDouble(a[0])
		xy[1], _ = zsetParseDouble(a[1])
		score, _ := ds.GeoEncodeScore(xy[0], xy[1])
		out, _ := s.zsetObjAdd(o, score, a[2], in)
		if out&zsetOutAdded != 0 {
			added++
		}
		if out&zsetOutUpdated != 0 {
			updated++
		}
	}
	return added, updated
}

// --- GEOPOS, GEOHASH, GEODIST -------------------------------------------------

func geoPosCommand(s *Server, c *Client) {
	o := s.lookupRead(c, c.argv[1])
	if !checkType(c, o, TypeZSet) {
		return
	}
	c.addReplyArray(len(c.argv) - 2)
	var xy [2]float64
	for _, m := range c.argv[2:] {
		if o == nil || !geoMemberLongLat(o, m, &xy) {
			c.addReplyNullArray()
			continue
		}
		c.addReplyArray(2)
		c.geoAddReplyHuman(xy[0])
		c.geoAddReplyHuman(xy[1])
	}
}

func geoHashCommand(s *Server, c *Client) {
	o := s.lookupRead(c, c.argv[1])
	if !checkType(c, o, TypeZSet) {
		return
	}
	c.addReplyArray(len(c.argv) - 2)
	var xy [2]float64
	var buf [11]byte
	for _, m := range c.argv[2:] {
		if o == nil || !geoMemberLongLat(o, m, &xy) {
			c.addReplyNull()
			continue
		}
		c.addReplyBulk(ds.GeohashString(buf[:0], xy[0], xy[1]))
	}
}

func geoDistCommand(s *Server, c *Client) {
	toMeter := 1.0
	if len(c.argv) == 5 {
		if toMeter = geoExtractUnit(c, c.argv[4]); toMeter < 0 {
			return
		}
	} else if len(c.argv) > 5 {
		c.addReplyError(errSyntax)
		return
	}
	o := s.lookupRead(c, c.argv[1])
	if o == nil {
		c.addReplyNull()
		return
	}
	if !checkType(c, o, TypeZSet) {
		return
	}
	var a, b [2]float64
	if !geoMemberLongLat(o, c.argv[2], &a) || !geoMemberLongLat(o, c.argv[3], &b) {
		c.addReplyNull()
		return
	}
	c.geoAddReplyDistance(ds.GeohashGetDistance(a[0], a[1], b[0], b[1]) / toMeter)
}

// --- GEORADIUS, GEORADIUSBYMEMBER, GEOSEARCH, GEOSEARCHSTORE -----------------

// georadiusGeneric flags.
const (
	geoFlagCoords      = 1 << iota // search around coordinates
	geoFlagMember                  // search around a member
	geoFlagNoStore                 // no STORE / STOREDIST (the _RO variants)
	geoFlagSearch                  // GEOSEARCH syntax
	geoFlagSearchStore             // GEOSEARCHSTORE: STOREDIST without argument
)

func geoRadiusCommand(s *Server, c *Client) { geoRadiusGeneric(s, c, 1, geoFlagCoords) }
func geoRadiusByMemberCommand(s *Server, c *Client) {
	geoRadiusGeneric(s, c, 1, geoFlagMember)
}
func geoRadiusROCommand(s *Server, c *Client) {
	geoRadiusGeneric(s, c, 1, geoFlagCoords|geoFlagNoStore)
}
func geoRadiusByMemberROCommand(s *Server, c *Client) {
	geoRadiusGeneric(s, c, 1, geoFlagMember|geoFlagNoStore)
}
func geoSearchCommand(s *Server, c *Client) { geoRadiusGeneric(s, c, 1, geoFlagSearch) }
func geoSearchStoreCommand(s *Server, c *Client) {
	geoRadiusGeneric(s, c, 2, geoFlagSearch|geoFlagSearchStore)
}

// geoPoint is a search result; its member is arena[off : off+n].
type geoPoint struct {
	lon, lat, dist, score float64
	off, n                int
}

// geoResults collects the points of a search.
type geoResults struct {
	pts   []geoPoint
	arena []byte
}

func (r *geoResults) member(p *geoPoint) []byte { return r.arena[p.off : p.off+p.n] }

// geoWithinShape decodes score and reports whether the point is inside the
// shape, with its distance from the centre in meters.
func geoWithinShape(shape *ds.GeoShape, score float64) (lon, lat, dist float64, ok bool) {
	lon, lat, ok = ds.GeoDecodeScore(score)
	if !ok {
		return
	}
	if shape.Type == ds.GeoCircular {
		dist, ok = ds.GeohashGetDistanceIfInRadius(shape.XY[0], shape.XY[1], lon, lat, shape.Radius*shape.Conversion)
	} else {
		dist, ok = ds.GeohashGetDistanceIfInRectangle(shape.Width*shape.Conversion, shape.Height*shape.Conversion,
			shape.XY[0], shape.XY[1], lon, lat)
	}
	return
}

// geoMembersOfAllNeighbors scans the cells of the search area in Redis's
// order, stopping once limit points are found (limit 0: no limit).
func geoMembersOfAllNeighbors(o *Object, area *ds.GeoHashRadius, shape *ds.GeoShape, res *geoResults, limit int) {
	cells := area.GeoSearchCells()
	last := 0
	for i := range cells {
		if cells[i].IsZero() {
			continue
		}
		// Huge radii can make adjacent cells equal: skip repeats.
		if last != 0 && cells[i] == cells[last] {
			continue
		}
		if len(res.pts) > 0 && limit > 0 && len(res.pts) >= limit {
			break
		}
		lo, hi := ds.GeohashScoreRange(cells[i])
		zsetForEachInScoreRange(o, ds.ScoreRange{Min: lo, Max: hi, MaxEx: true}, func(member []byte, score float64) bool {
			if lon, lat, dist, ok := geoWithinShape(shape, score); ok {
				res.pts = append(res.pts, geoPoint{lon: lon, lat: lat, dist: dist, score: score, off: len(res.arena), n: len(member)})
				res.arena = append(res.arena, member...)
			}
			return !(len(res.pts) > 0 && limit > 0 && len(res.pts) >= limit)
		})
		last = i
	}
}

func geoCmpAsc(a, b *geoPoint) int {
	if a.dist > b.dist {
		return 1
	} else if a.dist == b.dist {
		return 0
	}
	return -1
}

func geoCmpDesc(a, b *geoPoint) int { return -geoCmpAsc(a, b) }

// geoRadiusGeneric is georadiusGeneric: every search command.
func geoRadiusGeneric(s *Server, c *Client, srcKeyIndex int, flags int) {
	var storeKey []byte
	storeDist := false
	o := s.lookupRead(c, c.argv[srcKeyIndex])
	if !checkType(c, o, TypeZSet) {
		return
	}
	var shape ds.GeoShape
	var baseArgs int
	switch {
	case flags&geoFlagCoords != 0:
		baseArgs = 6
		shape.Type = ds.GeoCircular
		if !geoExtractLongLat(c, c.argv[2:], &shape.XY) {
			return
		}
		if !geoExtractDistance(c, c.argv[baseArgs-2:], &shape.Conversion, &shape.Radius) {
			return
		}
	case flags&geoFlagMember != 0 && o == nil:
		// No source key: parse the options anyway, for the reply type.
		baseArgs = 5
	case flags&geoFlagMember != 0:
		baseArgs = 5
		shape.Type = ds.GeoCircular
		if !geoMemberLongLat(o, c.argv[2], &shape.XY) {
			c.addReplyError(geoErrMember)
			return
		}
		if !geoExtractDistance(c, c.argv[baseArgs-2:], &shape.Conversion, &shape.Radius) {
			return
		}
	default:
		baseArgs = 2
		if flags&geoFlagSearchStore != 0 {
			baseArgs = 3
			storeKey = c.argv[1]
		}
	}

	withDist, withHash, withCoords := false, false, false
	fromMember, fromLoc, byRadius, byBox := false, false, false, false
	const (
		sortNone = iota
		sortAsc
		sortDesc
	)
	sort := sortNone
	anyHit := false
	var count int64
	search := flags&geoFlagSearch != 0
	remaining := len(c.argv) - baseArgs
	for i := 0; i < remaining; i++ {
		arg := c.argv[baseArgs+i]
		switch {
		case eqFold(arg, "withdist"):
			withDist = true
		case eqFold(arg, "withhash"):
			withHash = true
		case eqFold(arg, "withcoord"):
			withCoords = true
		case eqFold(arg, "any"):
			anyHit = true
		case eqFold(arg, "asc"):
			sort = sortAsc
		case eqFold(arg, "desc"):
			sort = sortDesc
		case eqFold(arg, "count") && i+1 < remaining:
			v, ok := parseInt(c.argv[baseArgs+i+1])
			if !ok {
				c.addReplyError(errNotInteger)
				return
			}
			if v <= 0 {
				c.addReplyError(geoErrCount)
				return
			}
			count = v
			i++
		case eqFold(arg, "store") && i+1 < remaining && flags&geoFlagNoStore == 0 && !search:
			storeKey = c.argv[baseArgs+i+1]
			storeDist = false
			i++
		case eqFold(arg, "storedist") && i+1 < remaining && flags&geoFlagNoStore == 0 && !search:
			storeKey = c.argv[baseArgs+i+1]
			storeDist = true
			i++
		case eqFold(arg, "storedist") && search && flags&geoFlagSearchStore != 0:
			storeDist = true
		case eqFold(arg, "frommember") && i+1 < remaining && search && !fromLoc:
			if o != nil && !geoMemberLongLat(o, c.argv[baseArgs+i+1], &shape.XY) {
				c.addReplyError(geoErrMember)
				return
			}
			fromMember = true
			i++
		case eqFold(arg, "fromlonlat") && i+2 < remaining && search && !fromMember:
			if !geoExtractLongLat(c, c.argv[baseArgs+i+1:], &shape.XY) {
				return
			}
			fromLoc = true
			i += 2
		case eqFold(arg, "byradius") && i+2 < remaining && search && !byBox:
			if !geoExtractDistance(c, c.argv[baseArgs+i+1:], &shape.Conversion, &shape.Radius) {
				return
			}
			shape.Type = ds.GeoCircular
			byRadius = true
			i += 2
		case eqFold(arg, "bybox") && i+3 < remaining && search && !byRadius:
			if !geoExtractBox(c, c.argv[baseArgs+i+1:], &shape.Conversion, &shape.Width, &shape.Height) {
				return
			}
			shape.Type = ds.GeoRectangle
			byBox = true
			i += 3
		default:
			c.addReplyError(errSyntax)
			return
		}
	}

	if storeKey != nil && (withDist || withHash || withCoords) {
		if flags&geoFlagSearchStore != 0 {
			c.addReplyError(geoErrSearchWith)
		} else {
			c.addReplyError(geoErrStoreWith)
		}
		return
	}
	if search && !(fromMember || fromLoc) {
		c.addReplyError("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + string(c.argv[0]))
		return
	}
	if search && !(byRadius || byBox) {
		c.addReplyError("ERR exactly one of BYRADIUS and BYBOX can be specified for " + string(c.argv[0]))
		return
	}
	if anyHit && count == 0 {
		c.addReplyError(geoErrAnyCount)
		return
	}

	if o == nil {
		if storeKey != nil {
			if s.dbDelete(c.db, storeKey) {
				s.dirty++
			}
			c.addReplyInt(0)
		} else {
			c.addReplyArray(0)
		}
		return
	}

	// COUNT without ordering returns the closest ones (not with ANY).
	if count != 0 && sort == sortNone && !anyHit {
		sort = sortAsc
	}

	area := ds.GeohashCalculateAreasByShapeWGS84(&shape)
	var res geoResults
	limit := 0
	if anyHit {
		limit = int(min(count, math.MaxInt32))
	}
	geoMembersOfAllNeighbors(o, &area, &shape, &res, limit)

	if len(res.pts) == 0 && storeKey == nil {
		c.addReplyArray(0)
		return
	}
	resultLen := len(res.pts)
	returned := resultLen
	if count != 0 && int64(resultLen) > count {
		returned = int(count)
	}
	if sort != sortNone {
		cmp := geoCmpAsc
		if sort == sortDesc {
			cmp = geoCmpDesc
		}
		if returned == resultLen {
			geoMsort(res.pts, cmp) // glibc's qsort: a stable merge sort
		} else {
			pqsort(res.pts, cmp, 0, returned-1)
		}
	}

	if storeKey == nil {
		optLen := 0
		if withDist {
			optLen++
		}
		if withCoords {
			optLen++
		}
		if withHash {
			optLen++
		}
		c.addReplyArray(returned)
		for i := 0; i < returned; i++ {
			p := &res.pts[i]
			p.dist /= shape.Conversion
			if optLen > 0 {
				c.addReplyArray(optLen + 1)
			}
			c.addReplyBulk(res.member(p))
			if withDist {
				c.geoAddReplyDistance(p.dist)
			}
			if withHash {
				c.addReplyInt(int64(p.score))
			}
			if withCoords {
				c.addReplyArray(2)
				c.geoAddReplyHuman(p.lon)
				c.geoAddReplyHuman(p.lat)
			}
		}
		return
	}

	if returned > 0 {
		zi := newZsetIndex()
		maxLen := 0
		for i := 0; i < returned; i++ {
			p := &res.pts[i]
			p.dist /= shape.Conversion
			score := p.score
			if storeDist {
				score = p.dist
			}
			m := res.member(p)
			if zi.dict.Find(m) != nil {
				continue
			}
			maxLen = max(maxLen, len(m))
			ms := string(m)
			zi.dict.Insert(ms, score)
			zi.zsl.Insert(score, ms)
		}
		dst := collectionObject(TypeZSet, EncSkiplist, unsafe.Pointer(zi))
		s.zsetConvertIfNeeded(&dst, maxLen)
		s.setKey(c, c.db, storeKey, dst, false)
		s.dirty += int64(returned)
	} else if s.dbDelete(c.db, storeKey) {
		s.dirty++
	}
	c.addReplyInt(int64(returned))
}

// --- sorting as Redis does ------------------------------------------------------

// geoMsort sorts as glibc's qsort (msort_with_tmp): a top-down stable merge
// sort, so that equal distances keep the order the scan found them in.
func geoMsort(a []geoPoint, cmp func(x, y *geoPoint) int) {
	if len(a) <= 1 {
		return
	}
	tmp := make([]geoPoint, len(a))
	geoMsortRec(a, tmp, cmp)
}

func geoMsortRec(b, tmp []geoPoint, cmp func(x, y *geoPoint) int) {
	n := len(b)
	if n <= 1 {
		return
	}
	n1 := n / 2
	b1, b2 := b[:n1], b[n1:]
	geoMsortRec(b1, tmp, cmp)
	geoMsortRec(b2, tmp, cmp)
	t := tmp[:0]
	i, j := 0, 0
	for i < len(b1) && j < len(b2) {
		if cmp(&b1[i], &b2[j]) <= 0 {
			t = append(t, b1[i])
			i++
		} else {
			t = append(t, b2[j])
			j++
		}
	}
	t = append(t, b1[i:]...)
	copy(b, t) // what is left of b2 is already in place
}
