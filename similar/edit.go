package similar

import "fmt"

// osa is the optimal string alignment distance over bytes (the visual forms
// are ASCII but for scripts without confusables, where a byte edit still
// counts one per changed byte: such a label is far from an ASCII brand either
// way). It stops early when the lengths alone exceed limit.
func osa(a, b []byte, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return max(d, -d)
	}
	n := len(b)
	var buf [3 * 65]int
	var prev2, prev, cur []int
	if n < 65 {
		prev2, prev, cur = buf[:n+1], buf[65:65+n+1], buf[130:130+n+1]
	} else {
		prev2, prev, cur = make([]int, n+1), make([]int, n+1), make([]int, n+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= n; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[n]
}

// occurrence finds where pattern p occurs in text t with the fewest edits
// (optimal string alignment, the text's start and end free): the distance
// and the span [start, end) of t. Among spans of equal distance it keeps the
// first end, and the longest span ending there.
func occurrence(p, t []byte) (dist, start, end int) {
	return occurrenceWithin(p, t, len(p)) // no place costs more than len(p)
}

// occurrenceWithin is occurrence when only a distance of k or less
// matters: it answers the same then, and a distance above k otherwise.
// A column is computed only down to the row after the last that was
// within k in the column before (Ukkonen's cut-off: a place's distance is
// at least that of the place one letter up and left of it); the row below
// holds k+1, a floor of its own distance. A place above k never wins over
// one within k (a tie needs equal distances), so every place within k, its
// distance and where its span starts, is as without the cut-off.
func occurrenceWithin(p, t []byte, k int) (dist, start, end int) {
	m := len(p)
	// Column-wise over t: cost[i] is the distance of p[:i] against the best
	// suffix of t[:j]; from[i] is where that suffix starts.
	// (int32: a distance or place within a label; the buffer is zeroed
	// at each call, so the smaller the better)
	var buf [6 * 65]int32
	var cost2, cost1, cost, from2, from1, from []int32
	if m < 65 {
		cost2, cost1, cost = buf[0:m+1], buf[65:65+m+1], buf[130:130+m+1]
		from2, from1, from = buf[195:195+m+1], buf[260:260+m+1], buf[325:325+m+1]
	} else {
		cost2, cost1, cost = make([]int32, m+1), make([]int32, m+1), make([]int32, m+1)
		from2, from1, from = make([]int32, m+1), make([]int32, m+1), make([]int32, m+1)
	}
	for i := range cost1 {
		cost1[i], from1[i] = int32(i), 0
	}
	K := int32(min(k, m))
	hi := int(K) // the last row within K of the column before
	d, st, en := cost1[m], int32(0), 0
	for j := 1; j <= len(t); j++ {
		cost[0], from[0] = 0, int32(j)
		top := min(m, hi+1)
		for i := 1; i <= top; i++ {
			c, f := cost1[i]+1, from1[i] // t[j-1] extra
			if v := cost[i-1] + 1; v < c {
				c, f = v, from[i-1] // p[i-1] missing
			}
			sub := int32(1)
			if p[i-1] == t[j-1] {
				sub = 0
			}
			if v := cost1[i-1] + sub; v < c || (v == c && from1[i-1] < f) {
				c, f = v, from1[i-1]
			}
			if i > 1 && j > 1 && p[i-1] == t[j-2] && p[i-2] == t[j-1] {
				if v := cost2[i-2] + 1; v < c {
					c, f = v, from2[i-2]
				}
			}
			cost[i], from[i] = c, f
		}
		if top < m {
			cost[top+1] = K + 1 // read by the next column, never computed in this one
		}
		for hi = top; hi > 0 && cost[hi] > K; hi-- {
		}
		if top == m && cost[m] < d {
			d, st, en = cost[m], from[m], j
		}
		cost2, cost1, cost = cost1, cost, cost2
		from2, from1, from = from1, from, from2
	}
	return int(d), int(st), en
}

// describeEdit names the one edit that turns brand into name ("d→f",
// "missing o", "extra s", "swapped ab", "hyphen added"; form.go's oneEdit
// finds it), or says how many edits there are.
func describeEdit(brand, name []byte, d int) string {
	if d != 1 {
		return fmt.Sprintf("%d edits", d)
	}
	e, _ := oneEdit(brand, name)
	return e.String()
}

// semiLev is Myers' bit-parallel edit distance (Levenshtein, Myers 1999) of
// the brand's visual label against its best match anywhere in text. It
// returns as soon as the distance drops to limit or below. Labels over 64
// letters return 0 (no screen).
func (b *Brand) semiLev(text []byte, limit int) int {
	m := len(b.visual)
	if m > 64 || m == 0 {
		return 0
	}
	peq := b.peq
	var pv, mv uint64 = ^uint64(0), 0
	if m < 64 {
		pv = (1 << uint(m)) - 1
	}
	high := uint64(1) << uint(m-1)
	score, best := m, m
	for _, c := range text {
		eq := peq[c]
		xv := eq | mv
		xh := (((eq & pv) + pv) ^ pv) | eq
		ph := mv | ^(xh | pv)
		mh := pv & xh
		if ph&high != 0 {
			score++
		} else if mh&high != 0 {
			score--
		}
		ph <<= 1
		mh <<= 1
		pv = mh | ^(xv | ph)
		mv = ph & xv
		if score < best {
			best = score
			if best <= limit {
				return best
			}
		}
	}
	return best
}
