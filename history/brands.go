package history

import (
	"errors"
	"fmt"
	"slices"
)

// ErrSince wraps a since argument Diff cannot read.
var ErrSince = errors.New("bad since")

// Brands lists every brand the store has runs of, sorted.
func Brands(st Store) ([]string, error) {
	runs, err := st.Runs("")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range runs {
		for _, b := range r.Brands {
			if !slices.Contains(out, b) {
				out = append(out, b)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// Diff gathers the changes of brands between run (0: each brand's latest
// complete run) and the run since names (a run number, a date or a time, as
// ParseSince reads it, or ErrSince; "": the complete run before). A brand
// with a single complete run is listed in baselines; a brand with none is
// ErrNoRun.
func Diff(st Store, brands []string, run RunID, since string) (changes []Change, baselines []string, err error) {
	for _, b := range brands {
		var from RunID
		if since != "" {
			runs, err := st.Runs(b)
			if err != nil {
				return nil, nil, err
			}
			if from, err = ParseSince(runs, since, nil); err != nil {
				return nil, nil, fmt.Errorf("%w: %w", ErrSince, err)
			}
		}
		cs, err := st.Changes(b, run, from)
		switch {
		case errors.Is(err, ErrNoBaseline):
			baselines = append(baselines, b)
		case errors.Is(err, ErrNoRun):
			return nil, nil, fmt.Errorf("%s: no complete run of this brand: %w", b, err)
		case err != nil:
			return nil, nil, err
		}
		changes = append(changes, cs...)
	}
	SortChanges(changes)
	return changes, baselines, nil
}
