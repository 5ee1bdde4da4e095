package match

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/similar"
	"golang.org/x/sync/errgroup"
)

// Observed is one name a source saw.
type Observed struct {
	Domain string // lower-case A-labels, no trailing dot
	// Registrable and Suffix, when the source knows them (a zone's
	// delegations); empty otherwise, and the matcher cuts the name.
	Registrable, Suffix string
	Pos                 int64 // the line (list, zone) or the log index (CT) it came from
}

// Junk is an input a source could not read as a name: reported, counted,
// never fatal.
type Junk struct {
	Source string
	Pos    int64  // line, or CT log index
	Input  string // the text, cut to 100 bytes
	Why    string
}

func (j Junk) Error() string {
	return fmt.Sprintf("%s:%d: %q: %s", j.Source, j.Pos, j.Input, j.Why)
}

// Source streams observed names: a list, a zone file, a CT log. Read calls
// emit for each name in order and junk for each input it skips; it returns
// when the input ends, emit fails or ctx is done.
type Source interface {
	Name() string // "list:FILE", "zone:FILE", "ct:URL"
	Kind() string // "list", "zone" or "ct"
	Read(ctx context.Context, emit func(Observed) error, junk func(Junk)) error
}

// Result is one lookalike found: the name, and how it imitates which brand.
type Result struct {
	Domain      string `json:"domain"`      // as observed, A-labels
	Unicode     string `json:"unicode"`     // the registrable domain for display
	Registrable string `json:"registrable"` // the registrable domain judged
	Brand       string `json:"brand"`       // the brand's registrable domain
	Kind        string `json:"kind"`        // similar.Kind: typo, combo, homoglyph …
	Edit        string `json:"edit,omitempty"`
	Score       int    `json:"score"` // 1–100
	Reason      string `json:"reason"`
	Source      string `json:"source"`             // the Source's Name
	Line        int64  `json:"line,omitempty"`     // in a list or zone file
	CTIndex     int64  `json:"ct_index,omitempty"` // in a CT log
}

// Options says what to match against what.
type Options struct {
	// Index holds the brands (similar.NewIndex). Required.
	Index *similar.Index
	// Sources are read one after the other.
	Sources []Source
	// Workers judge names in parallel; 0 means one per CPU, 1 judges in the
	// reading goroutine, which keeps the output in input order.
	Workers int
	// All reports every brand a name imitates, not only the best one.
	All bool
	// MaxErrors is how many junk inputs Stats keeps (10 if 0); all are counted.
	MaxErrors int
}

// Stats counts what a run read and found.
type Stats struct {
	Observed int64  // names read from the sources
	Matched  int64  // results sent to the sink
	Junk     int64  // inputs skipped
	Errors   []Junk // the first MaxErrors of them
}

// ErrNoIndex is returned when Options has no Index.
var ErrNoIndex = errors.New("match: no brands: Options.Index is nil")

const batchSize = 512

// Run reads every source, judges each name against the index's brands and
// calls sink for each lookalike, from one goroutine at a time. Memory stays
// flat: names stream through in batches and nothing is collected. A sink
// error stops the run and is returned.
func Run(ctx context.Context, o Options, sink func(Result) error) (Stats, error) {
	var st Stats
	if o.Index == nil {
		return st, ErrNoIndex
	}
	maxErr := o.MaxErrors
	if maxErr <= 0 {
		maxErr = 10
	}
	var mu sync.Mutex // guards st.Junk and st.Errors: CT sources report from their goroutine
	junk := func(j Junk) {
		if len(j.Input) > 100 {
			j.Input = j.Input[:100]
		}
		mu.Lock()
		st.Junk++
		if len(st.Errors) < maxErr {
			st.Errors = append(st.Errors, j)
		}
		mu.Unlock()
	}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers == 1 {
		var s similar.Scratch
		var buf []similar.Match
		for _, src := range o.Sources {
			err := src.Read(ctx, func(ob Observed) error {
				st.Observed++
				buf = judge(o.Index, &s, ob, o.All, buf[:0])
				for _, m := range buf {
					st.Matched++
					if err := sink(result(src, ob, m)); err != nil {
						return err
					}
				}
				return ctx.Err()
			}, junk)
			if err != nil {
				return st, err
			}
		}
		return st, nil
	}
	type batch struct {
		src   Source
		names []Observed
	}
	type found struct {
		src Source
		ob  Observed
		m   similar.Match
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g, gctx := errgroup.WithContext(cctx)
	in := make(chan batch, workers*2)
	out := make(chan []found, workers*2)
	g.Go(func() error {
		defer close(in)
		for _, src := range o.Sources {
			b := batch{src: src}
			err := src.Read(gctx, func(ob Observed) error {
				b.names = append(b.names, ob)
				if len(b.names) < batchSize {
					return nil
				}
				select {
				case in <- b:
				case <-gctx.Done():
					return gctx.Err()
				}
				b = batch{src: src, names: make([]Observed, 0, batchSize)}
				return nil
			}, junk)
			if err != nil {
				return err
			}
			if len(b.names) > 0 {
				select {
				case in <- b:
				case <-gctx.Done():
					return gctx.Err()
				}
			}
		}
		return nil
	})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		g.Go(func() error {
			defer wg.Done()
			var s similar.Scratch
			var buf []similar.Match
			for b := range in {
				var fs []found
				for _, ob := range b.names {
					buf = judge(o.Index, &s, ob, o.All, buf[:0])
					for _, m := range buf {
						fs = append(fs, found{b.src, ob, m})
					}
				}
				mu.Lock()
				st.Observed += int64(len(b.names))
				mu.Unlock()
				if len(fs) == 0 {
					continue
				}
				select {
				case out <- fs:
				case <-gctx.Done():
					return gctx.Err()
				}
			}
			return nil
		})
	}
	go func() { wg.Wait(); close(out) }()
	var sinkErr error
	for fs := range out {
		if sinkErr != nil {
			continue // drain, so the workers can end
		}
		for _, f := range fs {
			st.Matched++
			if err := sink(result(f.src, f.ob, f.m)); err != nil {
				sinkErr = err
				break
			}
		}
		if sinkErr != nil {
			cancel() // stop the sources and workers
		}
	}
	err := g.Wait()
	if sinkErr != nil {
		return st, sinkErr
	}
	return st, err
}

func judge(ix *similar.Index, s *similar.Scratch, ob Observed, all bool, buf []similar.Match) []similar.Match {
	buf = ix.Match(s, ob.Domain, ob.Registrable, ob.Suffix, buf)
	if !all && len(buf) > 1 {
		buf = buf[:1]
	}
	return buf
}

func result(src Source, ob Observed, m similar.Match) Result {
	r := Result{
		Domain: ob.Domain, Registrable: m.Registrable, Brand: m.Brand, Kind: string(m.Kind),
		Edit: m.Edit, Score: m.Score, Reason: m.Reason, Source: src.Name(),
	}
	r.Unicode = unicodeOf(r.Registrable)
	if src.Kind() == "ct" {
		r.CTIndex = ob.Pos
	} else {
		r.Line = ob.Pos
	}
	return r
}

// Candidate is the result as the scan engine takes names in
// (scan.Options.Names): the registrable domain, credited to the brand, its
// "fuzzer" the match's kind ("match:combo") so reports show where it came from.
func (r Result) Candidate() permute.Candidate {
	return permute.Candidate{Domain: r.Registrable, Unicode: r.Unicode, Fuzzers: []string{"match:" + r.Kind}, Brand: r.Brand}
}
