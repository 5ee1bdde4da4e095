package main

import (
	"fmt"
	"time"

	"github.com/lookalike/lookalike/resolve"
	"github.com/schollz/progressbar/v3"
)

// progress draws a bar on stderr when stderr is a terminal, and nothing
// otherwise: cron mail stays one summary line.
type progress struct {
	bar    *progressbar.ProgressBar
	counts [3]int
	last   time.Time
}

func newProgress(e *env, total int, want bool) *progress {
	p := &progress{}
	if !want || !e.stderrTTY {
		return p
	}
	p.bar = progressbar.NewOptions(total,
		progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionSetDescription("resolving"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("names"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetWidth(24),
		progressbar.OptionClearOnFinish(),
	)
	return p
}

func (p *progress) add(s resolve.Status) {
	if p.bar == nil {
		return
	}
	p.counts[s]++
	if now := time.Now(); now.Sub(p.last) > 200*time.Millisecond {
		p.last = now
		p.bar.Describe(fmt.Sprintf("reg %d · unreg %d · unknown %d", p.counts[resolve.Registered], p.counts[resolve.Unregistered], p.counts[resolve.Unknown]))
	}
	_ = p.bar.Add(1)
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
