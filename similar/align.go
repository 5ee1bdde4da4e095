package similar

// align is the fewest edits, counted as osa counts them (optimal string
// alignment), that turn the pattern p into a prefix of t at least need
// bytes long (need == len(t): into t), when that is at most k; otherwise it
// returns k+1. It is a branch-and-bound over the first mismatch (a letter
// changed, missing, extra, or two neighbours swapped), so a hopeless pair
// costs a compare or two: the index runs it at every piece of a brand found
// where the brand can stand.
func align(p, t []byte, k, need int) int {
	i := 0
	for i < len(p) && i < len(t) && p[i] == t[i] {
		i++
	}
	p, t, need = p[i:], t[i:], need-i
	switch {
	case len(p) == 0:
		return min(max(need, 0), k+1)
	case len(t) == 0:
		return min(len(p), k+1)
	case k == 0:
		return 1
	case len(p)-len(t) > k || need-len(p) > k:
		return k + 1
	}
	best := k + 1
	if len(p) > 1 && len(t) > 1 && p[0] == t[1] && p[1] == t[0] {
		if best = 1 + align(p[2:], t[2:], k-1, need-2); best == 1 {
			return 1
		}
	}
	if d := 1 + align(p[1:], t[1:], min(k, best-1)-1, need-1); d < best { // changed
		if best = d; d == 1 {
			return 1
		}
	}
	if best <= 1 {
		return best
	}
	if d := 1 + align(p[1:], t, min(k, best-1)-1, need); d < best { // missing
		if best = d; d == 1 {
			return 1
		}
	}
	if best <= 1 {
		return best
	}
	if d := 1 + align(p, t[1:], min(k, best-1)-1, need-1); d < best { // extra
		best = d
	}
	return best
}
