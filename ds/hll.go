package ds

import "math"

// HyperLogLog in Redis's byte format (hyperloglog.c, Redis 7.0). An HLL is
// a plain byte string:
//
//	+------+---+-----+----------+---------//
//	| HYLL | E | N/U | Cardin.  | registers
//	+------+---+-----+----------+---------//
//
// E is the encoding (HLLDense or HLLSparse), N/U three unused bytes, and
// Cardin. the cached cardinality, 64 bits little endian, whose most
// significant bit set means the cache is stale.
//
// Dense: 16384 6-bit registers packed LSB first (12288 bytes).
// Sparse: run-length opcodes, ZERO 00xxxxxx (1..64 zero registers), XZERO
// 01xxxxxx yyyyyyyy (1..16384 zero registers), VAL 1vvvvvxx (1..4
// registers set to 1..32).
//
// The functions here work on the whole string (header included) unless
// they say otherwise. Corrupted input never makes them panic: they report
// it, with the same verdicts as Redis.

// HLL geometry and format constants.
const (
	HLLP          = 14             // register index bits
	HLLQ          = 64 - HLLP      // bits left for the run of zeros
	HLLRegisters  = 1 << HLLP      // 16384
	HLLBits       = 6              // bits per dense register
	HLLRegMax     = 1<<HLLBits - 1 // largest register value
	HLLHdrSize    = 16             // header bytes
	HLLDenseSize  = HLLHdrSize + (HLLRegisters*HLLBits+7)/8
	HLLDense      = 0 // dense encoding byte
	HLLSparse     = 1 // sparse encoding byte
	HLLMaxEnc     = 1
	HLLEmptySize  = HLLHdrSize + 2 // a new (sparse) HLL: one XZERO:16384
	HLLSparseMax  = 3000           // hll-sparse-max-bytes default
	HLLSparseVMax = 32             // largest value a sparse VAL holds
	hllSeed       = 0xadc83b19
	hllAlphaInf   = 0.721347520444481703680 // 0.5/ln(2)
)

// Results of HLLSparseSet.
const (
	HLLSetInvalid   = -1 // corrupted sparse representation
	HLLSetUnchanged = 0
	HLLSetUpdated   = 1
	HLLSetPromote   = 2 // must become dense first; nothing was changed
)

// HLLMurmurHash64A is Redis's MurmurHash64A (little-endian reading).
func HLLMurmurHash64A(key []byte, seed uint32) uint64 {
	const m = 0xc6a4a7935bd1e995
	const r = 47
	h := uint64(seed) ^ uint64(len(key))*m
	n := len(key) &^ 7
	for i := 0; i < n; i += 8 {
		k := uint64(key[i]) | uint64(key[i+1])<<8 | uint64(key[i+2])<<16 | uint64(key[i+3])<<24 |
			uint64(key[i+4])<<32 | uint64(key[i+5])<<40 | uint64(key[i+6])<<48 | uint64(key[i+7])<<56
		k *= m
		k ^= k >> r
		k *= m
		h ^= k
		h *= m
	}
	tail := key[n:]
	switch len(tail) {
	case 7:
		h ^= uint64(tail[6]) << 48
		fallthrough
	case 6:
		h ^= uint64(tail[5]) << 40
		fallthrough
	case 5:
		h ^= uint64(tail[4]) << 32
		fallthrough
	case 4:
		h ^= uint64(tail[3]) << 24
		fallthrough
	case 3:
		h ^= uint64(tail[2]) << 16
		fallthrough
	case 2:
		h ^= uint64(tail[1]) << 8
		fallthrough
	case 1:
		h ^= uint64(tail[0])
		h *= m
	}
	h ^= h >> r
	h *= m
	h ^= h >> r
	return h
}

// HLLPatLen is Redis's hllPatLen: the register an element maps to and the
// length of its "000..1" pattern (1..HLLQ+1).
func HLLPatLen(ele []byte) (index int, count uint8) {
	hash := HLLMurmurHash64A(ele, hllSeed)
	index = int(hash & (HLLRegisters - 1))
	hash >>= HLLP
	hash |= 1 << HLLQ
	count = 1
	for bit := uint64(1); hash&bit == 0; bit <<= 1 {
		count++
	}
	return index, count
}

// HLLValid is the format check of Redis's isHLLObjectOrReply: header
// present, magic "HYLL", known encoding, exact dense length. It does not
// look at sparse opcodes.
func HLLValid(b []byte) bool {
	if len(b) < HLLHdrSize || b[0] != 'H' || b[1] != 'Y' || b[2] != 'L' || b[3] != 'L' {
		return false
	}
	if b[4] > HLLMaxEnc {
		return false
	}
	return b[4] != HLLDense || len(b) == HLLDenseSize
}

// HLLInitEmpty writes a new, empty sparse HLL (Redis's createHLLObject)
// into dst, which must hold HLLEmptySize bytes.
func HLLInitEmpty(dst []byte) {
	dst = dst[:HLLEmptySize]
	clear(dst)
	copy(dst, "HYLL")
	dst[4] = HLLSparse
	dst[16] = 0x40 | byte((HLLRegisters-1)>>8) // XZERO:16384
	dst[17] = byte((HLLRegisters - 1) & 0xff)
}

// HLLNew returns a new, empty sparse HLL.
func HLLNew() []byte {
	b := make([]byte, HLLEmptySize)
	HLLInitEmpty(b)
	return b
}

// HLLCachedCard returns the cached cardinality and whether it is valid.
func HLLCachedCard(b []byte) (uint64, bool) {
	if b[15]&0x80 != 0 {
		return 0, false
	}
	var v uint64
	for i := 7; i >= 0; i-- {
		v = v<<8 | uint64(b[8+i])
	}
	return v, true
}

// HLLSetCard stores card as the cached cardinality.
func HLLSetCard(b []byte, card uint64) {
	for i := 0; i < 8; i++ {
		b[8+i] = byte(card >> (8 * i))
	}
}

// HLLInvalidate marks the cached cardinality stale.
func HLLInvalidate(b []byte) { b[15] |= 0x80 }

// --- dense registers -----------------------------------------------------

// HLLDenseGet returns register i of dense registers regs (the bytes after
// the header). Like Redis, the byte after the last one reads as zero.
func HLLDenseGet(regs []byte, i int) uint8 {
	byteIdx := i * HLLBits / 8
	fb := uint(i*HLLBits) & 7
	b0 := uint(regs[byteIdx])
	var b1 uint
	if byteIdx+1 < len(regs) {
		b1 = uint(regs[byteIdx+1])
	}
	return uint8((b0>>fb | b1<<(8-fb)) & HLLRegMax)
}

// HLLDenseSetReg sets register i of regs to v (0..63).
func HLLDenseSetReg(regs []byte, i int, v uint8) {
	byteIdx := i * HLLBits / 8
	fb := uint(i*HLLBits) & 7
	fb8 := 8 - fb
	regs[byteIdx] &^= byte(HLLRegMax << fb)
	regs[byteIdx] |= byte(uint(v) << fb)
	if byteIdx+1 < len(regs) {
		regs[byteIdx+1] &^= byte(HLLRegMax >> fb8)
		regs[byteIdx+1] |= byte(uint(v) >> fb8)
	}
}

// HLLDenseSet is Redis's hllDenseSet: raise register i of regs to count
// and report whether it changed.
func HLLDenseSet(regs []byte, i int, count uint8) bool {
	if count > HLLDenseGet(regs, i) {
		HLLDenseSetReg(regs, i, count)
		return true
	}
	return false
}

// --- sparse representation ----------------------------------------------

func hllIsZero(op byte) bool  { return op&0xc0 == 0 }
func hllIsXZero(op byte) bool { return op&0xc0 == 0x40 }
func hllIsVal(op byte) bool   { return op&0x80 != 0 }
func hllZeroLen(op byte) int  { return int(op&0x3f) + 1 }
func hllValLen(op byte) int   { return int(op&3) + 1 }
func hllValValue(op byte) int { return int(op>>2&0x1f) + 1 }

// hllXZeroLen reads the XZERO opcode at b[p]; a missing second byte reads
// as zero, as Redis reads the string's NUL terminator.
func hllXZeroLen(b []byte, p int) int {
	var lo int
	if p+1 < len(b) {
		lo = int(b[p+1])
	}
	return (int(b[p]&0x3f)<<8 | lo) + 1
}

func hllValOp(val, n int) byte { return byte((val-1)<<2|(n-1)) | 0x80 }

// HLLSparseSet is Redis's hllSparseSet on the sparse HLL b: raise register
// index to count. It edits b in place, growing it by up to 3 bytes (give b
// room: it is appended to otherwise), and returns the new slice with one of
// HLLSetUpdated/Unchanged/Invalid/Promote. HLLSetPromote means the
// register needs a value a VAL can't hold or the sparse form would exceed
// maxBytes: convert to dense and set the register there (b is unchanged).
// An update marks the cached cardinality stale.
func HLLSparseSet(b []byte, index int, count uint8, maxBytes int) ([]byte, int) {
	if count > HLLSparseVMax {
		return b, HLLSetPromote
	}
	end := len(b)
	p, first, prev, span := HLLHdrSize, 0, -1, 0
	for p < end {
		oplen := 1
		op := b[p]
		switch {
		case hllIsZero(op):
			span = hllZeroLen(op)
		case hllIsVal(op):
			span = hllValLen(op)
		default:
			span = hllXZeroLen(b, p)
			oplen = 2
		}
		if index <= first+span-1 {
			break
		}
		prev = p
		p += oplen
		first += span
	}
	if span == 0 || p >= end {
		return b, HLLSetInvalid
	}
	op := b[p]
	next := p + 1
	if hllIsXZero(op) {
		next = p + 2
	}
	if next >= end {
		next = -1
	}
	isZero, isXZero, isVal := hllIsZero(op), hllIsXZero(op), hllIsVal(op)
	var runlen int
	switch {
	case isZero:
		runlen = hllZeroLen(op)
	case isXZero:
		runlen = hllXZeroLen(b, p)
	default:
		runlen = hllValLen(op)
	}

	if isVal {
		if hllValValue(op) >= int(count) {
			return b, HLLSetUnchanged
		}
		if runlen == 1 {
			b[p] = hllValOp(int(count), 1)
			return hllSparseMergeAdjacent(b, prev), HLLSetUpdated
		}
	}
	if isZero && runlen == 1 {
		b[p] = hllValOp(int(count), 1)
		return hllSparseMergeAdjacent(b, prev), HLLSetUpdated
	}

	// General case: split the opcode into up to three.
	var seq [5]byte
	n := 0
	last := first + span - 1
	if isZero || isXZero {
		zeros := func(l int) {
			if l > 64 {
				seq[n] = 0x40 | byte((l-1)>>8)&0x3f
				seq[n+1] = byte((l - 1) & 0xff)
				n += 2
			} else {
				seq[n] = byte(l - 1)
				n++
			}
		}
		if index != first {
			zeros(index - first)
		}
		seq[n] = hllValOp(int(count), 1)
		n++
		if index != last {
			zeros(last - index)
		}
	} else {
		curval := hllValValue(op)
		if index != first {
			seq[n] = hllValOp(curval, index-first)
			n++
		}
		seq[n] = hllValOp(int(count), 1)
		n++
		if index != last {
			seq[n] = hllValOp(curval, last-index)
			n++
		}
	}
	oldlen := 1
	if isXZero {
		oldlen = 2
	}
	delta := n - oldlen
	if delta > 0 && len(b)+delta > maxBytes {
		return b, HLLSetPromote
	}
	newEnd := end + delta
	if newEnd > cap(b) {
		nb := make([]byte, end, newEnd*2)
		copy(nb, b)
		b = nb
	}
	if delta != 0 && next >= 0 {
		if delta > 0 {
			b = b[:newEnd]
		}
		copy(b[next+delta:newEnd], b[next:end])
	}
	b = b[:newEnd]
	if p < newEnd {
		copy(b[p:], seq[:n])
	}
	return hllSparseMergeAdjacent(b, prev), HLLSetUpdated
}

// hllSparseMergeAdjacent is step 4 of hllSparseSet: merge adjacent VAL
// opcodes with the same value, scanning up to 5 opcodes from prev, then
// invalidate the cached cardinality.
func hllSparseMergeAdjacent(b []byte, prev int) []byte {
	p := prev
	if p < 0 {
		p = HLLHdrSize
	}
	end := len(b)
	for scan := 5; p < end && scan > 0; {
		scan--
		op := b[p]
		if hllIsXZero(op) {
			p += 2
			continue
		} else if hllIsZero(op) {
			p++
			continue
		}
		if p+1 < end && hllIsVal(b[p+1]) {
			v1, v2 := hllValValue(op), hllValValue(b[p+1])
			if v1 == v2 {
				if l := hllValLen(op) + hllValLen(b[p+1]); l <= 4 {
					b[p+1] = hllValOp(v1, l)
					copy(b[p:end-1], b[p+1:end])
					end--
					b = b[:end]
					continue
				}
			}
		}
		p++
	}
	HLLInvalidate(b)
	return b
}

// HLLSparseToDense is Redis's hllSparseToDense: it writes the dense form
// of sparse HLL src into dst (HLLDenseSize zero bytes), header copied, and
// reports whether src was a valid sparse representation.
func HLLSparseToDense(dst, src []byte) bool {
	dst = dst[:HLLDenseSize]
	copy(dst[:HLLHdrSize], src[:HLLHdrSize])
	dst[4] = HLLDense
	regs := dst[HLLHdrSize:]
	idx := 0
	for p := HLLHdrSize; p < len(src); {
		op := src[p]
		switch {
		case hllIsZero(op):
			idx += hllZeroLen(op)
			p++
		case hllIsXZero(op):
			idx += hllXZeroLen(src, p)
			p += 2
		default:
			runlen, v := hllValLen(op), uint8(hllValValue(op))
			if runlen+idx > HLLRegisters {
				return false
			}
			for ; runlen > 0; runlen-- {
				HLLDenseSetReg(regs, idx, v)
				idx++
			}
			p++
		}
	}
	return idx == HLLRegisters
}

// HLLAdd adds ele to the HLL b (Redis's hllAdd), growing it or converting
// it to dense as needed (the result may be a new slice), with maxBytes as
// hll-sparse-max-bytes. It returns 1 if a register changed, 0 if not, -1
// for a corrupted HLL.
func HLLAdd(b, ele []byte, maxBytes int) ([]byte, int) {
	index, count := HLLPatLen(ele)
	return HLLSetRegister(b, index, count, maxBytes)
}

// HLLSetRegister raises register index of b to count, as HLLAdd.
func HLLSetRegister(b []byte, index int, count uint8, maxBytes int) ([]byte, int) {
	switch b[4] {
	case HLLDense:
		if HLLDenseSet(b[HLLHdrSize:], index, count) {
			return b, 1
		}
		return b, 0
	case HLLSparse:
		nb, r := HLLSparseSet(b, index, count, maxBytes)
		if r != HLLSetPromote {
			return nb, r
		}
		dense := make([]byte, HLLDenseSize)
		if !HLLSparseToDense(dense, b) {
			return b, -1
		}
		HLLDenseSet(dense[HLLHdrSize:], index, count)
		return dense, 1
	}
	return b, -1
}

// --- counting and merging ------------------------------------------------

// HLLHisto is a register histogram: how many registers hold each value.
type HLLHisto [64]int

// HLLRegHisto adds the registers of HLL b (dense or sparse) to h and
// reports whether a sparse representation covered exactly all registers.
func HLLRegHisto(b []byte, h *HLLHisto) bool {
	if b[4] == HLLDense {
		HLLDenseRegHisto(b[HLLHdrSize:], h)
		return true
	}
	idx := 0
	for p := HLLHdrSize; p < len(b); {
		op := b[p]
		switch {
		case hllIsZero(op):
			n := hllZeroLen(op)
			idx += n
			h[0] += n
			p++
		case hllIsXZero(op):
			n := hllXZeroLen(b, p)
			idx += n
			h[0] += n
			p += 2
		default:
			n := hllValLen(op)
			idx += n
			h[hllValValue(op)] += n
			p++
		}
	}
	return idx == HLLRegisters
}

// HLLDenseRegHisto adds the dense registers regs to h.
func HLLDenseRegHisto(regs []byte, h *HLLHisto) {
	regs = regs[:HLLRegisters*HLLBits/8]
	for i := 0; i+3 <= len(regs); i += 3 {
		b0, b1, b2 := regs[i], regs[i+1], regs[i+2]
		h[b0&63]++
		h[(b0>>6|b1<<2)&63]++
		h[(b1>>4|b2<<4)&63]++
		h[b2>>2]++
	}
}

// HLLRawRegHisto adds registers held one per byte (values < 64) to h.
func HLLRawRegHisto(regs *[HLLRegisters]uint8, h *HLLHisto) {
	for _, v := range regs {
		h[v&63]++
	}
}

// hllSigma and hllTau are from Ertl, "New cardinality estimation
// algorithms for HyperLogLog sketches" (arXiv:1702.01284), as in Redis.
// The float64 conversions keep every operation separately rounded (no
// fused multiply-add), as the C code computes.
func hllSigma(x float64) float64 {
	if x == 1 {
		return math.Inf(1)
	}
	y := 1.0
	z := x
	for {
		x = float64(x * x)
		zPrime := z
		z += float64(x * y)
		y += y
		if zPrime == z {
			return z
		}
	}
}

func hllTau(x float64) float64 {
	if x == 0 || x == 1 {
		return 0
	}
	y := 1.0
	z := 1 - x
	for {
		x = math.Sqrt(x)
		zPrime := z
		y *= 0.5
		d := 1 - x
		z -= float64(float64(d*d) * y)
		if zPrime == z {
			return z / 3
		}
	}
}

// HLLEstimate is the cardinality estimate of Redis's hllCount for a
// register histogram.
func HLLEstimate(h *HLLHisto) uint64 {
	const m = float64(HLLRegisters)
	z := m * hllTau((m-float64(h[HLLQ+1]))/m)
	for j := HLLQ; j >= 1; j-- {
		z += float64(h[j])
		z *= 0.5
	}
	z += float64(m * hllSigma(float64(h[0])/m))
	e := math.Round(float64(hllAlphaInf*m*m) / z)
	if !(e < 1<<63) {
		// llroundl of an infinite or too big value: LLONG_MIN on x86-64.
		return 1 << 63
	}
	return uint64(e)
}

// HLLCount returns the estimated cardinality of HLL b (ignoring the cache)
// and whether b's registers were valid.
func HLLCount(b []byte) (uint64, bool) {
	var h HLLHisto
	if !HLLRegHisto(b, &h) {
		return 0, false
	}
	return HLLEstimate(&h), true
}

// HLLMerge is Redis's hllMerge: max[i] = MAX(max[i], register i of b). It
// reports false for a corrupted sparse representation.
func HLLMerge(max *[HLLRegisters]uint8, b []byte) bool {
	if b[4] == HLLDense {
		regs := b[HLLHdrSize:]
		for i := 0; i < HLLRegisters; i += 4 {
			j := i * HLLBits / 8
			b0, b1, b2 := regs[j], regs[j+1], regs[j+2]
			for k, v := range [4]uint8{b0 & 63, (b0>>6 | b1<<2) & 63, (b1>>4 | b2<<4) & 63, b2 >> 2} {
				if v > max[i+k] {
					max[i+k] = v
				}
			}
		}
		return true
	}
	i := 0
	for p := HLLHdrSize; p < len(b); {
		op := b[p]
		switch {
		case hllIsZero(op):
			i += hllZeroLen(op)
			p++
		case hllIsXZero(op):
			i += hllXZeroLen(b, p)
			p += 2
		default:
			runlen, v := hllValLen(op), uint8(hllValValue(op))
			if runlen+i > HLLRegisters {
				return false
			}
			for ; runlen > 0; runlen-- {
				if v > max[i] {
					max[i] = v
				}
				i++
			}
			p++
		}
	}
	return i == HLLRegisters
}

// HLLDecode appends PFDEBUG DECODE's text for sparse HLL b to dst:
// "z:N" for ZERO, "Z:N" for XZERO, "v:VAL,N" for VAL, space separated.
func HLLDecode(dst, b []byte) []byte {
	start := len(dst)
	for p := HLLHdrSize; p < len(b); {
		op := b[p]
		if len(dst) > start {
			dst = append(dst, ' ')
		}
		switch {
		case hllIsZero(op):
			dst = append(dst, "z:"...)
			dst = hllAppendInt(dst, hllZeroLen(op))
			p++
		case hllIsXZero(op):
			dst = append(dst, "Z:"...)
			dst = hllAppendInt(dst, hllXZeroLen(b, p))
			p += 2
		default:
			dst = append(dst, "v:"...)
			dst = hllAppendInt(dst, hllValValue(op))
			dst = append(dst, ',')
			dst = hllAppendInt(dst, hllValLen(op))
			p++
		}
	}
	return dst
}

func hllAppendInt(dst []byte, v int) []byte {
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return append(dst, buf[i:]...)
}

// HLLSelfTest is Redis's PFSELFTEST: register access with random values
// (rnd returns random numbers) and the approximation error of dense and
// sparse HLLs up to 10M elements. It returns "" on success, or the error
// text ("TESTFAILED ...").
func HLLSelfTest(rnd func() uint32, maxBytes int) string {
	dense := make([]byte, HLLDenseSize)
	regs := dense[HLLHdrSize:]
	var bytecounters [HLLRegisters]uint8
	for j := 0; j < 1000; j++ {
		for i := range bytecounters {
			r := uint8(rnd() & HLLRegMax)
			bytecounters[i] = r
			HLLDenseSetReg(regs, i, r)
		}
		for i, want := range bytecounters {
			if v := HLLDenseGet(regs, i); v != want {
				return "TESTFAILED Register " + hllItoa(i) + " should be " + hllItoa(int(want)) + " but is " + hllItoa(int(v))
			}
		}
	}

	clear(regs)
	copy(dense, "HYLL")
	sparse := HLLNew()
	relerr := 1.04 / math.Sqrt(HLLRegisters)
	checkpoint := int64(1)
	seed := uint64(rnd()) | uint64(rnd())<<32
	var ele [8]byte
	for j := int64(1); j <= 10000000; j++ {
		v := uint64(j) ^ seed
		for k := range ele {
			ele[k] = byte(v >> (8 * k))
		}
		index, count := HLLPatLen(ele[:])
		HLLDenseSet(regs, index, count)
		sparse, _ = HLLSetRegister(sparse, index, count, maxBytes)
		if j != checkpoint {
			continue
		}
		if j < int64(maxBytes/2) && sparse[4] != HLLSparse {
			return "TESTFAILED sparse encoding not used"
		}
		dc, _ := HLLCount(dense)
		sc, _ := HLLCount(sparse)
		if dc != sc {
			return "TESTFAILED dense/sparse disagree"
		}
		abserr := checkpoint - int64(dc)
		maxerr := uint64(math.Ceil(relerr * 6 * float64(checkpoint)))
		if j == 10 {
			maxerr = 1
		}
		if abserr < 0 {
			abserr = -abserr
		}
		if abserr > int64(maxerr) {
			return "TESTFAILED Too big error. card:" + hllItoa(int(checkpoint)) + " abserr:" + hllItoa(int(abserr))
		}
		checkpoint *= 10
	}
	return ""
}

func hllItoa(v int) string {
	if v < 0 {
		return "-" + string(hllAppendInt(nil, -v))
	}
	return string(hllAppendInt(nil, v))
}
