package match

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/similar"
)

// NewIndex prepares every brand once, with its terms, and the names the
// organisation owns (never reported), into the index Options takes.
func NewIndex(brands []permute.Brand, portfolio map[string]bool) (*similar.Index, error) {
	pf := slices.Sorted(maps.Keys(portfolio))
	sb := make([]*similar.Brand, 0, len(brands))
	for _, b := range brands {
		x, err := similar.NewBrand(b, b.Terms, pf)
		if err != nil {
			return nil, fmt.Errorf("brand %s: %w", b.Domain, err)
		}
		sb = append(sb, x)
	}
	return similar.NewIndex(sb), nil
}

// Collect runs the match and keeps each brand's lookalike registrable
// domains once, sorted by brand and domain: the names a scan of the
// matches resolves. Unlike Run it holds the matches in memory.
func Collect(ctx context.Context, o Options) ([]permute.Candidate, Stats, error) {
	seen := map[[2]string]bool{}
	cands := []permute.Candidate{} // not nil, even when nothing matched: a scan of no names
	st, err := Run(ctx, o, func(r Result) error {
		k := [2]string{r.Brand, r.Registrable}
		if !seen[k] {
			seen[k] = true
			cands = append(cands, r.Candidate())
		}
		return nil
	})
	// Workers > 1 hand matches on in any order.
	slices.SortFunc(cands, func(a, b permute.Candidate) int {
		return cmp.Or(cmp.Compare(a.Brand, b.Brand), cmp.Compare(a.Domain, b.Domain))
	})
	return cands, st, err
}
