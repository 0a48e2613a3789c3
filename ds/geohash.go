package ds

import "math"

// Geohash math as Redis 7.0 computes it (geohash.c, geohash_helper.c). A
// point is stored in a sorted set as a 52-bit integer score: 26 bits of
// latitude and 26 bits of longitude, interleaved (latitude in the even
// bits, longitude in the odd ones), each the point's offset in the range
// [GeoLatMin, GeoLatMax] (not the usual ±90: Web Mercator's limits) or
// [GeoLongMin, GeoLongMax] scaled to 2^26 cells. Decoding returns the centre
// of the cell, so a stored point is off by up to half a cell (~0.3 m).
//
// Every floating point expression is written so that Go evaluates it
// exactly as Redis's C does (the same operations in the same order, with
// explicit float64 conversions so that no multiply-add is fused), since
// replies print coordinates with 17 decimals.

// Coordinate limits (GEO_LAT_MIN ...) and the maximum precision.
const (
	GeoLatMin  = -85.05112878
	GeoLatMax  = 85.05112878
	GeoLongMin = -180.0
	GeoLongMax = 180.0
	GeoStepMax = 26 // 26*2 = 52 bits

	// GeoEarthRadiusMeters is Earth's quadratic mean radius for WGS-84.
	GeoEarthRadiusMeters = 6372797.560856
	geoMercatorMax       = 20037726.37
	geoDR                = math.Pi / 180.0
)

// GeoHashBits is a geohash of step*2 bits.
type GeoHashBits struct {
	Bits uint64
	Step uint8
}

// IsZero reports whether h is the zeroed (excluded) hash (HASHISZERO).
func (h GeoHashBits) IsZero() bool { return h.Bits == 0 && h.Step == 0 }

// GeoHashRange is a closed coordinate interval.
type GeoHashRange struct{ Min, Max float64 }

// GeoHashArea is the cell of a hash.
type GeoHashArea struct {
	Hash      GeoHashBits
	Longitude GeoHashRange
	Latitude  GeoHashRange
}

// GeoHashNeighbors are the 8 cells around one, at the same step.
type GeoHashNeighbors struct {
	North, East, West, South                   GeoHashBits
	NorthEast, SouthEast, NorthWest, SouthWest GeoHashBits
}

// GeoHashRadius is the centre cell of a search and its (possibly zeroed)
// neighbors.
type GeoHashRadius struct {
	Hash      GeoHashBits
	Area      GeoHashArea
	Neighbors GeoHashNeighbors
}

// Search shapes (GeoShape.type).
const (
	GeoCircular = iota + 1
	GeoRectangle
)

// GeoShape is a search area: a circle of Radius or a Width x Height box,
// in units that Conversion turns into meters, centred on XY (long, lat).
// Bounds (min long, min lat, max long, max lat) is filled by
// GeohashCalculateAreasByShapeWGS84.
type GeoShape struct {
	Type          int
	XY            [2]float64
	Conversion    float64
	Radius        float64
	Width, Height float64
	Bounds        [4]float64
}

// GeoCoordRange returns the WGS84 ranges used to index points.
func GeoCoordRange() (long, lat GeoHashRange) {
	return GeoHashRange{GeoLongMin, GeoLongMax}, GeoHashRange{GeoLatMin, GeoLatMax}
}

// geoInterleave64 interleaves the bits of x (even positions) and y (odd).
func geoInterleave64(xlo, ylo uint32) uint64 {
	x, y := uint64(xlo), uint64(ylo)
	x = (x | x<<16) & 0x0000FFFF0000FFFF
	y = (y | y<<16) & 0x0000FFFF0000FFFF
	x = (x | x<<8) & 0x00FF00FF00FF00FF
	y = (y | y<<8) & 0x00FF00FF00FF00FF
	x = (x | x<<4) & 0x0F0F0F0F0F0F0F0F
	y = (y | y<<4) & 0x0F0F0F0F0F0F0F0F
	x = (x | x<<2) & 0x3333333333333333
	y = (y | y<<2) & 0x3333333333333333
	x = (x | x<<1) & 0x5555555555555555
	y = (y | y<<1) & 0x5555555555555555
	return x | y<<1
}

// geoDeinterleave64 reverses geoInterleave64: even bits in the low 32 bits
// of the result, odd bits in the high 32.
func geoDeinterleave64(v uint64) uint64 {
	x, y := v, v>>1
	x &= 0x5555555555555555
	y &= 0x5555555555555555
	x = (x | x>>1) & 0x3333333333333333
	y = (y | y>>1) & 0x3333333333333333
	x = (x | x>>2) & 0x0F0F0F0F0F0F0F0F
	y = (y | y>>2) & 0x0F0F0F0F0F0F0F0F
	x = (x | x>>4) & 0x00FF00FF00FF00FF
	y = (y | y>>4) & 0x00FF00FF00FF00FF
	x = (x | x>>8) & 0x0000FFFF0000FFFF
	y = (y | y>>8) & 0x0000FFFF0000FFFF
	x = (x | x>>16) & 0x00000000FFFFFFFF
	y = (y | y>>16) & 0x00000000FFFFFFFF
	return x | y<<32
}

// GeohashEncode encodes a point at step (1..32) within the given ranges
// (geohashEncode). ok is false for a point outside the WGS84 limits or the
// ranges.
func GeohashEncode(longRange, latRange GeoHashRange, longitude, latitude float64, step uint8) (GeoHashBits, bool) {
	if step > 32 || step == 0 || (latRange.Min == 0 && latRange.Max == 0) || (longRange.Min == 0 && longRange.Max == 0) {
		return GeoHashBits{}, false
	}
	if longitude > GeoLongMax || longitude < GeoLongMin || latitude > GeoLatMax || latitude < GeoLatMin {
		return GeoHashBits{}, false
	}
	h := GeoHashBits{Step: step}
	if latitude < latRange.Min || latitude > latRange.Max || longitude < longRange.Min || longitude > longRange.Max {
		return h, false
	}
	latOffset := (latitude - latRange.Min) / (latRange.Max - latRange.Min)
	longOffset := (longitude - longRange.Min) / (longRange.Max - longRange.Min)
	latOffset *= float64(uint64(1) << step)
	longOffset *= float64(uint64(1) << step)
	h.Bits = geoInterleave64(uint32(latOffset), uint32(longOffset))
	return h, true
}

// GeohashEncodeWGS84 encodes a point with the index's ranges.
func GeohashEncodeWGS84(longitude, latitude float64, step uint8) (GeoHashBits, bool) {
	lo, la := GeoCoordRange()
	return GeohashEncode(lo, la, longitude, latitude, step)
}

// GeohashDecode returns the cell of hash (geohashDecode).
func GeohashDecode(longRange, latRange GeoHashRange, hash GeoHashBits) (GeoHashArea, bool) {
	if hash.IsZero() || (latRange.Min == 0 && latRange.Max == 0) || (longRange.Min == 0 && longRange.Max == 0) {
		return GeoHashArea{}, false
	}
	sep := geoDeinterleave64(hash.Bits)
	latScale := latRange.Max - latRange.Min
	longScale := longRange.Max - longRange.Min
	ilato := uint32(sep)
	ilono := uint32(sep >> 32)
	div := float64(uint64(1) << hash.Step)
	a := GeoHashArea{Hash: hash}
	a.Latitude.Min = latRange.Min + float64(float64(ilato)*1.0/div*latScale)
	a.Latitude.Max = latRange.Min + float64(float64(ilato+1)*1.0/div*latScale)
	a.Longitude.Min = longRange.Min + float64(float64(ilono)*1.0/div*longScale)
	a.Longitude.Max = longRange.Min + float64(float64(ilono+1)*1.0/div*longScale)
	return a, true
}

// GeohashDecodeToLongLatWGS84 returns the centre of hash's cell, clamped to
// the WGS84 limits (geohashDecodeToLongLatWGS84).
func GeohashDecodeToLongLatWGS84(hash GeoHashBits) (longitude, latitude float64, ok bool) {
	lo, la := GeoCoordRange()
	a, ok := GeohashDecode(lo, la, hash)
	if !ok {
		return 0, 0, false
	}
	longitude = (a.Longitude.Min + a.Longitude.Max) / 2
	longitude = min(max(longitude, GeoLongMin), GeoLongMax)
	latitude = (a.Latitude.Min + a.Latitude.Max) / 2
	latitude = min(max(latitude, GeoLatMin), GeoLatMax)
	return longitude, latitude, true
}

// GeoScoreBits converts a sorted set score to the hash bits as C's
// (uint64_t) cast does on x86-64: values from 2^63 up through the
// subtract-2^63 path, NaN and values below -2^63 to 1<<63, values of 2^64
// and more to 0, negative ones in int64 range to their two's complement.
func GeoScoreBits(score float64) uint64 {
	const two63 = 9223372036854775808.0
	if score >= two63 {
		x := score - two63
		if x >= two63 {
			return 0
		}
		return uint64(int64(x)) ^ 1<<63
	}
	if score != score || score < -two63 {
		return 1 << 63
	}
	return uint64(int64(score))
}

// GeoDecodeScore returns the point stored as score (decodeGeohash).
func GeoDecodeScore(score float64) (longitude, latitude float64, ok bool) {
	return GeohashDecodeToLongLatWGS84(GeoHashBits{Bits: GeoScoreBits(score), Step: GeoStepMax})
}

// GeoEncodeScore returns the score of a point (GEOADD), false if it is
// outside the WGS84 limits.
func GeoEncodeScore(longitude, latitude float64) (float64, bool) {
	h, ok := GeohashEncodeWGS84(longitude, latitude, GeoStepMax)
	if !ok {
		return 0, false
	}
	return float64(GeohashAlign52Bits(h)), true
}

// geoAlphabet is the standard geohash base32 alphabet.
const geoAlphabet = "0123456789bcdefghjkmnpqrstuvwxyz"

// GeohashString returns the 11-character standard geohash of a point as
// GEOHASH computes it: re-encoded with the standard ±90 latitude range at
// 26 steps, the 11th character (bits Redis does not have) always '0'.
func GeohashString(dst []byte, longitude, latitude float64) []byte {
	h, _ := GeohashEncode(GeoHashRange{-180, 180}, GeoHashRange{-90, 90}, longitude, latitude, 26)
	for i := 0; i < 11; i++ {
		idx := 0
		if i < 10 {
			idx = int(h.Bits>>(52-uint((i+1)*5))) & 0x1f
		}
		dst = append(dst, geoAlphabet[idx])
	}
	return dst
}

func geohashMoveX(h *GeoHashBits, d int) {
	if d == 0 {
		return
	}
	x := h.Bits & 0xaaaaaaaaaaaaaaaa
	y := h.Bits & 0x5555555555555555
	zz := uint64(0x5555555555555555) >> (64 - uint(h.Step)*2)
	if d > 0 {
		x = x + (zz + 1)
	} else {
		x = x | zz
		x = x - (zz + 1)
	}
	x &= uint64(0xaaaaaaaaaaaaaaaa) >> (64 - uint(h.Step)*2)
	h.Bits = x | y
}

func geohashMoveY(h *GeoHashBits, d int) {
	if d == 0 {
		return
	}
	x := h.Bits & 0xaaaaaaaaaaaaaaaa
	y := h.Bits & 0x5555555555555555
	zz := uint64(0xaaaaaaaaaaaaaaaa) >> (64 - uint(h.Step)*2)
	if d > 0 {
		y = y + (zz + 1)
	} else {
		y = y | zz
		y = y - (zz + 1)
	}
	y &= uint64(0x5555555555555555) >> (64 - uint(h.Step)*2)
	h.Bits = x | y
}

// GeohashNeighbors returns the 8 cells around hash, wrapping around at the
// edges of the index (geohashNeighbors).
func GeohashNeighbors(h GeoHashBits) GeoHashNeighbors {
	n := GeoHashNeighbors{North: h, East: h, West: h, South: h, NorthEast: h, SouthEast: h, NorthWest: h, SouthWest: h}
	geohashMoveX(&n.East, 1)
	geohashMoveX(&n.West, -1)
	geohashMoveY(&n.South, -1)
	geohashMoveY(&n.North, 1)
	geohashMoveX(&n.NorthWest, -1)
	geohashMoveY(&n.NorthWest, 1)
	geohashMoveX(&n.NorthEast, 1)
	geohashMoveY(&n.NorthEast, 1)
	geohashMoveX(&n.SouthEast, 1)
	geohashMoveY(&n.SouthEast, -1)
	geohashMoveX(&n.SouthWest, -1)
	geohashMoveY(&n.SouthWest, -1)
	return n
}

// GeohashAlign52Bits shifts a hash of any step to 52 bits.
func GeohashAlign52Bits(h GeoHashBits) uint64 {
	return h.Bits << (52 - uint(h.Step)*2)
}

// GeohashScoreRange returns the sorted set scores [min, max) that hold the
// points of the cell h (scoresOfGeoHashBox).
func GeohashScoreRange(h GeoHashBits) (lo, hi float64) {
	lo = float64(GeohashAlign52Bits(h))
	h.Bits++
	hi = float64(GeohashAlign52Bits(h))
	return lo, hi
}

func geoDegRad(ang float64) float64 { return ang * geoDR }
func geoRadDeg(ang float64) float64 { return ang / geoDR }

// GeohashEstimateStepsByRadius picks the step whose cells are about as big
// as the search radius at latitude lat.
func GeohashEstimateStepsByRadius(rangeMeters, lat float64) uint8 {
	if rangeMeters == 0 {
		return 26
	}
	step := 1
	for rangeMeters < geoMercatorMax {
		rangeMeters *= 2
		step++
	}
	step -= 2
	if lat > 66 || lat < -66 {
		step--
		if lat > 80 || lat < -80 {
			step--
		}
	}
	if step < 1 {
		step = 1
	}
	if step > 26 {
		step = 26
	}
	return uint8(step)
}

// GeohashBoundingBox returns the shape's bounding box: min long, min lat,
// max long, max lat (geohashBoundingBox).
func GeohashBoundingBox(shape *GeoShape) [4]float64 {
	longitude, latitude := shape.XY[0], shape.XY[1]
	var height, width float64
	if shape.Type == GeoCircular {
		height = float64(shape.Conversion * shape.Radius)
		width = height
	} else {
		height = float64(shape.Conversion * (shape.Height / 2))
		width = float64(shape.Conversion * (shape.Width / 2))
	}
	latDelta := geoRadDeg(height / GeoEarthRadiusMeters)
	longDeltaTop := geoRadDeg(width / GeoEarthRadiusMeters / geoCos(geoDegRad(latitude+latDelta)))
	longDeltaBottom := geoRadDeg(width / GeoEarthRadiusMeters / geoCos(geoDegRad(latitude-latDelta)))
	var b [4]float64
	if latitude < 0 {
		b[0] = longitude - longDeltaBottom
		b[2] = longitude + longDeltaBottom
	} else {
		b[0] = longitude - longDeltaTop
		b[2] = longitude + longDeltaTop
	}
	b[1] = latitude - latDelta
	b[3] = latitude + latDelta
	return b
}

// GeohashCalculateAreasByShapeWGS84 returns the 9 cells (centre and
// neighbors, those not needed zeroed) that cover the shape, filling
// shape.Bounds (geohashCalculateAreasByShapeWGS84).
func GeohashCalculateAreasByShapeWGS84(shape *GeoShape) GeoHashRadius {
	shape.Bounds = GeohashBoundingBox(shape)
	minLon, minLat, maxLon, maxLat := shape.Bounds[0], shape.Bounds[1], shape.Bounds[2], shape.Bounds[3]
	longitude, latitude := shape.XY[0], shape.XY[1]
	var radiusMeters float64
	if shape.Type == GeoCircular {
		radiusMeters = shape.Radius
	} else {
		w, h := shape.Width/2, shape.Height/2
		radiusMeters = math.Sqrt(float64(w*w) + float64(h*h))
	}
	radiusMeters *= shape.Conversion
	steps := GeohashEstimateStepsByRadius(radiusMeters, latitude)

	longRange, latRange := GeoCoordRange()
	hash, _ := GeohashEncode(longRange, latRange, longitude, latitude, steps)
	neighbors := GeohashNeighbors(hash)
	area, _ := GeohashDecode(longRange, latRange, hash)

	// Check whether the step is small enough at the edges of the area.
	north, _ := GeohashDecode(longRange, latRange, neighbors.North)
	south, _ := GeohashDecode(longRange, latRange, neighbors.South)
	east, _ := GeohashDecode(longRange, latRange, neighbors.East)
	west, _ := GeohashDecode(longRange, latRange, neighbors.West)
	decrease := north.Latitude.Max < maxLat || south.Latitude.Min > minLat ||
		east.Longitude.Max < maxLon || west.Longitude.Min > minLon
	if steps > 1 && decrease {
		steps--
		hash, _ = GeohashEncode(longRange, latRange, longitude, latitude, steps)
		neighbors = GeohashNeighbors(hash)
		area, _ = GeohashDecode(longRange, latRange, hash)
	}

	// Exclude the search areas that are useless.
	if steps >= 2 {
		if area.Latitude.Min < minLat {
			neighbors.South, neighbors.SouthWest, neighbors.SouthEast = GeoHashBits{}, GeoHashBits{}, GeoHashBits{}
		}
		if area.Latitude.Max > maxLat {
			neighbors.North, neighbors.NorthEast, neighbors.NorthWest = GeoHashBits{}, GeoHashBits{}, GeoHashBits{}
		}
		if area.Longitude.Min < minLon {
			neighbors.West, neighbors.SouthWest, neighbors.NorthWest = GeoHashBits{}, GeoHashBits{}, GeoHashBits{}
		}
		if area.Longitude.Max > maxLon {
			neighbors.East, neighbors.SouthEast, neighbors.NorthEast = GeoHashBits{}, GeoHashBits{}, GeoHashBits{}
		}
	}
	return GeoHashRadius{Hash: hash, Area: area, Neighbors: neighbors}
}

// GeoSearchCells returns the cells to scan for a search in Redis's order:
// the centre, then north, south, east, west, north-east, north-west,
// south-east, south-west (membersOfAllNeighbors).
func (r *GeoHashRadius) GeoSearchCells() [9]GeoHashBits {
	n := &r.Neighbors
	return [9]GeoHashBits{r.Hash, n.North, n.South, n.East, n.West, n.NorthEast, n.NorthWest, n.SouthEast, n.SouthWest}
}

// GeohashGetDistance is the haversine distance in meters between two
// points given in degrees (geohashGetDistance).
func GeohashGetDistance(lon1d, lat1d, lon2d, lat2d float64) float64 {
	lat1r := geoDegRad(lat1d)
	lon1r := geoDegRad(lon1d)
	lat2r := geoDegRad(lat2d)
	lon2r := geoDegRad(lon2d)
	u := geoSin((lat2r - lat1r) / 2)
	v := geoSin((lon2r - lon1r) / 2)
	cc := float64(geoCos(lat1r) * geoCos(lat2r))
	a := float64(u*u) + float64(float64(cc*v)*v)
	return 2.0 * GeoEarthRadiusMeters * geoAsin(math.Sqrt(a))
}

// GeohashGetDistanceIfInRadius returns the distance and whether it is
// within radius meters.
func GeohashGetDistanceIfInRadius(x1, y1, x2, y2, radius float64) (float64, bool) {
	d := GeohashGetDistance(x1, y1, x2, y2)
	return d, !(d > radius)
}

// GeohashGetDistanceIfInRectangle reports whether (x2, y2) is inside the
// width x height (meters) box centred on (x1, y1), and its distance from
// the centre (geohashGetDistanceIfInRectangle).
func GeohashGetDistanceIfInRectangle(widthM, heightM, x1, y1, x2, y2 float64) (float64, bool) {
	lonDistance := GeohashGetDistance(x2, y2, x1, y2)
	latDistance := GeohashGetDistance(x2, y2, x2, y1)
	if lonDistance > widthM/2 || latDistance > heightM/2 {
		return 0, false
	}
	return GeohashGetDistance(x1, y1, x2, y2), true
}

// geoSin, geoCos and geoAsin are the libm functions of the distance math,
// correctly rounded as glibc's (which Redis uses) are in practice: Go's
// math.Sin, Cos and Asin are often 1 ulp away, which shows in the distances
// GEORADIUS ... STOREDIST stores (printed with 17 digits). The value is
// computed in double-double arithmetic (about 106 bits) and rounded once.
// Arguments outside the range where the reduction is accurate fall back to
// package math.
func geoSin(x float64) float64 {
	s, _, ok := geoSinCosDD(x, true, false)
	if !ok {
		return math.Sin(x)
	}
	return s.hi + s.lo
}

func geoCos(x float64) float64 {
	_, c, ok := geoSinCosDD(x, false, true)
	if !ok {
		return math.Cos(x)
	}
	return c.hi + c.lo
}

// geoAsin refines math.Asin with one Newton step computed in double-double.
func geoAsin(x float64) float64 {
	y0 := math.Asin(x)
	if !(x > 0 && x < 1) && !(x < 0 && x > -1) {
		return y0 // 0, ±1, NaN
	}
	s, c, ok := geoSinCosDD(y0, true, true)
	if !ok || c.hi == 0 {
		return y0
	}
	d := geoDDAdd(geoDD{x, 0}, geoDD{-s.hi, -s.lo})
	corr := (d.hi + d.lo) / (c.hi + c.lo)
	r := geoQuickTwoSum(y0, corr)
	return r.hi + r.lo
}

// geoDD is an unevaluated sum hi+lo, |lo| <= ulp(hi)/2.
type geoDD struct{ hi, lo float64 }

func geoTwoSum(a, b float64) geoDD {
	s := a + b
	bb := s - a
	return geoDD{s, (a - (s - bb)) + (b - bb)}
}

func geoQuickTwoSum(a, b float64) geoDD {
	s := a + b
	return geoDD{s, b - (s - a)}
}

func geoDDAdd(x, y geoDD) geoDD {
	s := geoTwoSum(x.hi, y.hi)
	t := geoTwoSum(x.lo, y.lo)
	s.lo += t.hi
	s = geoQuickTwoSum(s.hi, s.lo)
	s.lo += t.lo
	return geoQuickTwoSum(s.hi, s.lo)
}

func geoDDMul(x, y geoDD) geoDD {
	p := x.hi * y.hi
	e := math.FMA(x.hi, y.hi, -p)
	e += float64(x.hi*y.lo) + float64(x.lo*y.hi)
	return geoQuickTwoSum(p, e)
}

func geoDDMulD(x geoDD, d float64) geoDD {
	p := x.hi * d
	e := math.FMA(x.hi, d, -p)
	e += float64(x.lo * d)
	return geoQuickTwoSum(p, e)
}

func geoDDDivD(x geoDD, d float64) geoDD {
	q1 := x.hi / d
	p := q1 * d
	e := math.FMA(q1, d, -p)
	s := geoTwoSum(x.hi, -p)
	s.lo -= e
	s.lo += x.lo
	q2 := (s.hi + s.lo) / d
	return geoQuickTwoSum(q1, q2)
}

// geoSinCosDD returns sin x and/or cos x (as asked by wantSin, wantCos) in
// double-double, ok false when |x| is too large for the 3-part reduction
// by pi/2.
func geoSinCosDD(x float64, wantSin, wantCos bool) (sin, cos geoDD, ok bool) {
	const (
		pio2Hi  = 1.5707963267948966
		pio2Mid = 6.123233995736766e-17
		pio2Lo  = -1.4973849048591698e-33
		twoOPi  = 0.6366197723675814
	)
	if !(math.Abs(x) < 1<<20) {
		return geoDD{}, geoDD{}, false
	}
	k := math.RoundToEven(x * twoOPi)
	r := geoDD{x, 0}
	if k != 0 {
		kp := geoDDMulD(geoDD{pio2Hi, pio2Mid}, k)
		r = geoDDAdd(r, geoDD{-kp.hi, -kp.lo})
		r = geoDDAdd(r, geoDD{-float64(k * pio2Lo), 0})
	}
	q := int64(k) & 3
	// sin x needs sin r for even quadrants, cos r for odd ones.
	needS := (wantSin && q&1 == 0) || (wantCos && q&1 == 1)
	needC := (wantSin && q&1 == 1) || (wantCos && q&1 == 0)
	r2 := geoDDMul(r, r)
	var s, c geoDD
	if needS { // r - r^3/3! + r^5/5! ...
		term := r
		s = r
		for i := 1.0; i < 30; i++ {
			term = geoDDDivD(geoDDMul(term, r2), -(2*i)*(2*i+1))
			s = geoDDAdd(s, term)
			if math.Abs(term.hi) < 1e-34*math.Abs(s.hi) {
				break
			}
		}
	}
	if needC { // 1 - r^2/2! + r^4/4! ...
		term := geoDD{1, 0}
		c = term
		for i := 1.0; i < 30; i++ {
			term = geoDDDivD(geoDDMul(term, r2), -(2*i-1)*(2*i))
			c = geoDDAdd(c, term)
			if math.Abs(term.hi) < 1e-34 {
				break
			}
		}
	}
	neg := func(v geoDD) geoDD { return geoDD{-v.hi, -v.lo} }
	switch q {
	case 0:
		return s, c, true
	case 1:
		return c, neg(s), true
	case 2:
		return neg(s), neg(c), true
	default:
		return neg(c), s, true
	}
}
