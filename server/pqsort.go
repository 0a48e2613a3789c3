package server

// pqsort is Redis's pqsort (pqsort.c: NetBSD's qsort, Bentley & McIlroy,
// that only recurses into the partitions holding positions lrange..rrange),
// ported step for step. SORT ... BY ... LIMIT and GEO searches with COUNT
// use it, and Redis's replies show the order it leaves equal elements in
// (different from a full sort's), so it must be this exact algorithm.
func pqsort[T any](v []T, cmp func(x, y *T) int, lrange, rrange int) {
	pqsortRange(v, 0, len(v), cmp, lrange, rrange)
}

// pqsortRange sorts v[a:a+n] as pqsort does.
func pqsortRange[T any](v []T, a, n int, cmpItems func(x, y *T) int, lr, rr int) {
	cmp := func(i, j int) int { return cmpItems(&v[i], &v[j]) }
	swap := func(i, j int) { v[i], v[j] = v[j], v[i] }
	vecswap := func(i, j, k int) {
		for ; k > 0; k-- {
			swap(i, j)
			i++
			j++
		}
	}
	med3 := func(x, y, z int) int {
		if cmp(x, y) < 0 {
			if cmp(y, z) < 0 {
				return y
			}
			if cmp(x, z) < 0 {
				return z
			}
			return x
		}
		if cmp(y, z) > 0 {
			return y
		}
		if cmp(x, z) < 0 {
			return x
		}
		return z
	}
	insertion := func() {
		for pm := a + 1; pm < a+n; pm++ {
			for pl := pm; pl > a && cmp(pl-1, pl) > 0; pl-- {
				swap(pl, pl-1)
			}
		}
	}
	// outside reports whether lrange..rrange lies wholly before or after
	// the elements [lo, lo+m).
	outside := func(lo, m int) bool {
		return (lr < lo && rr < lo) || (lr >= lo+m && rr >= lo+m)
	}
	for {
		swapCnt := false
		if n < 7 {
			insertion()
			return
		}
		pm := a + n/2
		if n > 7 {
			pl, pn := a, a+n-1
			if n > 40 {
				d := n / 8
				pl = med3(pl, pl+d, pl+2*d)
				pm = med3(pm-d, pm, pm+d)
				pn = med3(pn-2*d, pn-d, pn)
			}
			pm = med3(pl, pm, pn)
		}
		swap(a, pm)
		pa, pb := a+1, a+1
		pc, pd := a+n-1, a+n-1
		for {
			for pb <= pc {
				r := cmp(pb, a)
				if r > 0 {
					break
				}
				if r == 0 {
					swapCnt = true
					swap(pa, pb)
					pa++
				}
				pb++
			}
			for pb <= pc {
				r := cmp(pc, a)
				if r < 0 {
					break
				}
				if r == 0 {
					swapCnt = true
					swap(pc, pd)
					pd--
				}
				pc--
			}
			if pb > pc {
				break
			}
			swap(pb, pc)
			swapCnt = true
			pb++
			pc--
		}
		if !swapCnt {
			insertion()
			return
		}
		pn := a + n
		r := min(pa-a, pb-pa)
		vecswap(a, pb-r, r)
		r = min(pd-pc, pn-pd-1)
		vecswap(pb, pn-r, r)
		if r = pb - pa; r > 1 && !outside(a, r) {
			pqsortRange(v, a, r, cmpItems, lr, rr)
		}
		if r = pd - pc; r > 1 {
			a = pn - r
			n = r
			if !outside(a, n) {
				continue
			}
		}
		return
	}
}
