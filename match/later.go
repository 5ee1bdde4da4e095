package match

import (
	"maps"
	"slices"
)

// LaterState is a State that keeps the positions a run reached in memory and
// writes them to the state below only on Commit, once the run's output is
// kept: a run that fails after reading leaves the position where it was, so
// the next one reads those entries again instead of losing their matches.
type LaterState struct {
	State State
	next  map[string]int64
}

// Position implements State: the position kept below.
func (l *LaterState) Position(log string) (int64, bool, error) { return l.State.Position(log) }

// SetPosition implements State: remembered until Commit.
func (l *LaterState) SetPosition(log string, next int64) error {
	if l.next == nil {
		l.next = map[string]int64{}
	}
	l.next[log] = next
	return nil
}

// Commit writes the positions reached to the state below. A nil LaterState
// commits nothing.
func (l *LaterState) Commit() error {
	if l == nil {
		return nil
	}
	for _, log := range slices.Sorted(maps.Keys(l.next)) {
		if err := l.State.SetPosition(log, l.next[log]); err != nil {
			return err
		}
	}
	return nil
}
