package ds

import (
	"math"
	"testing"
)

// Values below were checked against Redis 7.0.15 (scores, GEOHASH strings,
// GEOPOS coordinates) and, for the libm functions, against glibc 2.36 and
// 200-bit mpmath.

func TestGeoEncodeDecode(t *testing.T) {
	cases := []struct {
		lon, lat   float64
		score      float64
		dlon, dlat float64
		hash       string
	}{
		{13.361389, 38.115556, 3479099956230698, 13.361389338970184, 38.1155563954963, "sqc8b49rny0"},
		{15.087269, 37.502669, 3479447370796909, 15.087267458438873, 37.50266842333162, "sqdtr74hyu0"},
		{180, 85.05112878, 13510798882111488, 180, 85.05112878, "bp05b5048p0"},
		{-180, -85.05112878, 0, -179.99999731779099, -85.05112751263943, "00bh0hbj200"},
	}
	for _, tc := range cases {
		score, ok := GeoEncodeScore(tc.lon, tc.lat)
		if !ok || score != tc.score {
			t.Fatalf("encode %v,%v: %v %v, want %v", tc.lon, tc.lat, score, ok, tc.score)
		}
		lon, lat, ok := GeoDecodeScore(score)
		if !ok || lon != tc.dlon || lat != tc.dlat {
			t.Fatalf("decode %v: %v,%v want %v,%v", score, lon, lat, tc.dlon, tc.dlat)
		}
		if h := string(GeohashString(nil, lon, lat)); h != tc.hash {
			t.Fatalf("geohash %v: %s want %s", score, h, tc.hash)
		}
	}
	for _, bad := range [][2]float64{{180.0000001, 0}, {0, 85.05112879}, {-181, 0}, {0, -90}} {
		if _, ok := GeoEncodeScore(bad[0], bad[1]); ok {
			t.Fatalf("encode %v accepted", bad)
		}
	}
}

// TestGeoScoreBits: scores that are not geohashes convert as C's
// (uint64_t) cast does on x86-64 (GEOPOS of ZADD'ed scores in Redis).
func TestGeoScoreBits(t *testing.T) {
	cases := []struct {
		score float64
		bits  uint64
	}{
		{0, 0}, {3.5, 3}, {-1, math.MaxUint64}, {1e300, 0}, {math.Inf(1), 0},
		{math.Inf(-1), 1 << 63}, {math.NaN(), 1 << 63}, {9223372036854775808.0, 1 << 63},
		{18446744073709551616.0, 0},
	}
	for _, tc := range cases {
		if got := GeoScoreBits(tc.score); got != tc.bits {
			t.Fatalf("%v: %x want %x", tc.score, got, tc.bits)
		}
	}
	// -1 decodes out of range and is clamped, as Redis does.
	lon, lat, _ := GeoDecodeScore(-1)
	if lon != 180 || lat != GeoLatMax {
		t.Fatalf("decode -1: %v %v", lon, lat)
	}
}

func TestGeoInterleave(t *testing.T) {
	for _, v := range [][2]uint32{{0, 0}, {1, 0}, {0, 1}, {0x3ffffff, 0x2aaaaaa}, {12345, 67890}, {math.MaxUint32, 7}} {
		i := geoInterleave64(v[0], v[1])
		if d := geoDeinterleave64(i); uint32(d) != v[0] || uint32(d>>32) != v[1] {
			t.Fatalf("%v: %x -> %x", v, i, d)
		}
	}
	if geoInterleave64(1, 0) != 1 || geoInterleave64(0, 1) != 2 {
		t.Fatal("bit order")
	}
}

func TestGeoNeighbors(t *testing.T) {
	// Step 1 wraps around: east == west, north == south.
	h := GeoHashBits{Bits: 0, Step: 1}
	n := GeohashNeighbors(h)
	if n.East != n.West || n.North != n.South || n.East.Bits != 2 || n.North.Bits != 1 || n.NorthEast.Bits != 3 {
		t.Fatalf("step 1: %+v", n)
	}
	// At step 26 a cell's neighbours decode to the adjacent cells.
	c, _ := GeohashEncodeWGS84(13.361389, 38.115556, 26)
	lo, la := GeoCoordRange()
	a, _ := GeohashDecode(lo, la, c)
	nb := GeohashNeighbors(c)
	e, _ := GeohashDecode(lo, la, nb.East)
	s, _ := GeohashDecode(lo, la, nb.South)
	if e.Longitude.Min != a.Longitude.Max || e.Latitude != a.Latitude || s.Latitude.Max != a.Latitude.Min || s.Longitude != a.Longitude {
		t.Fatalf("neighbours: %+v %+v %+v", a, e, s)
	}
}

func TestGeoEstimateSteps(t *testing.T) {
	cases := []struct {
		meters, lat float64
		step        uint8
	}{
		{0, 0, 26}, {1, 0, 24}, {1000, 0, 14}, {200000, 37, 6}, {200000, 70, 5}, {200000, 81, 4},
		{1e7, 0, 1}, {math.Inf(1), 0, 1},
	}
	for _, tc := range cases {
		if got := GeohashEstimateStepsByRadius(tc.meters, tc.lat); got != tc.step {
			t.Fatalf("%v m at %v: step %d want %d", tc.meters, tc.lat, got, tc.step)
		}
	}
}

func TestGeoDistance(t *testing.T) {
	plon, plat, _ := GeoDecodeScore(3479099956230698)
	clon, clat, _ := GeoDecodeScore(3479447370796909)
	// GEODIST Sicily Palermo Catania: 166274.1516 m.
	if d := GeohashGetDistance(plon, plat, clon, clat); math.Abs(d-166274.1516) > 0.00005 {
		t.Fatalf("distance %v", d)
	}
	if d, ok := GeohashGetDistanceIfInRadius(15, 37, clon, clat, 56441); ok {
		t.Fatalf("56441 m radius includes Catania at %v", d)
	}
	if d, ok := GeohashGetDistanceIfInRadius(15, 37, clon, clat, 56442); !ok || math.Abs(d-56441.2579) > 0.0001 {
		t.Fatalf("radius: %v %v", d, ok)
	}
	if _, ok := GeohashGetDistanceIfInRectangle(400000, 400000, 15, 37, plon, plat); !ok {
		t.Fatal("box excludes Palermo")
	}
	if _, ok := GeohashGetDistanceIfInRectangle(250000, 400000, 15, 37, plon, plat); ok {
		t.Fatal("narrow box includes Palermo")
	}
}

// TestGeoLibm: the correctly rounded sin, cos and asin agree with glibc
// where Go's math package is 1 ulp off.
func TestGeoLibm(t *testing.T) {
	cases := []struct {
		f    func(float64) float64
		x, y float64
	}{
		{geoSin, 0.1304138461737918, 0.1300444856026405},
		{geoSin, -1.0128429764304336, -0.8483404878130406},
		{geoSin, 0.6436143529569205, 0.600090591483443},
		{geoAsin, 0.015519007953715436, 0.015519630953202138},
		{geoAsin, 0.23819146822340934, 0.24050329744702334},
		{geoSin, 0, 0}, {geoCos, 0, 1}, {geoAsin, 1, math.Pi / 2}, {geoAsin, 0, 0},
	}
	for _, tc := range cases {
		if got := tc.f(tc.x); got != tc.y {
			t.Fatalf("f(%v) = %v, want %v", tc.x, got, tc.y)
		}
	}
	for x := -10.0; x < 10; x += 0.01 {
		if d := math.Abs(geoSin(x) - math.Sin(x)); d > 2e-16 {
			t.Fatalf("sin(%v): %v vs %v", x, geoSin(x), math.Sin(x))
		}
		if d := math.Abs(geoCos(x) - math.Cos(x)); d > 2e-16 {
			t.Fatalf("cos(%v): %v vs %v", x, geoCos(x), math.Cos(x))
		}
	}
}

func TestGeoAreas(t *testing.T) {
	shape := GeoShape{Type: GeoCircular, XY: [2]float64{15, 37}, Conversion: 1000, Radius: 200}
	r := GeohashCalculateAreasByShapeWGS84(&shape)
	if r.Hash.Step != 6 {
		t.Fatalf("step %d", r.Hash.Step)
	}
	cells := r.GeoSearchCells()
	if cells[0] != r.Hash {
		t.Fatal("centre first")
	}
	if !(shape.Bounds[0] < 15 && shape.Bounds[2] > 15 && shape.Bounds[1] < 37 && shape.Bounds[3] > 37) {
		t.Fatalf("bounds %v", shape.Bounds)
	}
	lo, hi := GeohashScoreRange(r.Hash)
	p, _ := GeoEncodeScore(15.087269, 37.502669)
	q, _ := GeoEncodeScore(15, 37)
	if !(lo <= q && q < hi) || hi-lo != float64(uint64(1)<<(52-2*6)) {
		t.Fatalf("range %v %v (%v %v)", lo, hi, p, q)
	}
}

func BenchmarkGeoDistance(b *testing.B) {
	for i := 0; i < b.N; i++ {
		GeohashGetDistance(13.361389, 38.115556, 15.087269+float64(i&7)*1e-3, 37.502669)
	}
}
