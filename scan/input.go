package scan

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"iter"
	"os"
	"slices"
	"strings"

	"github.com/lookalike/lookalike/internal/lines"
	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/permute"
)

// keptLineErrors is how many bad lines a run keeps with their text; the rest
// are only counted, so a file of junk costs no memory.
const keptLineErrors = 20

// LineErrors are the lines of an input file that were not what they should
// be: the first few with their line numbers, and how many in all.
type LineErrors struct {
	First []error
	Count int
}

// Add counts err and keeps it while few are kept.
func (l *LineErrors) Add(err error) {
	l.Count++
	if len(l.First) < keptLineErrors {
		l.First = append(l.First, err)
	}
}

// Err is nil without errors, else an input error that says how many lines
// were bad (each kept one was reported as it came).
func (l *LineErrors) Err() error {
	if l.Count == 0 {
		return nil
	}
	if l.Count > len(l.First) {
		return inputErrorf("lookalike: %d bad input line(s) skipped (the first %d are listed above)", l.Count, len(l.First))
	}
	return inputErrorf("lookalike: %d bad input line(s) skipped (see above)", l.Count)
}

// inputError blames the caller's input: the CLI maps it to exit status 2.
type inputError struct{ msg string }

func (e inputError) Error() string { return e.msg }
func (e inputError) Unwrap() error { return permute.ErrBadInput }

func inputErrorf(format string, args ...any) error {
	return inputError{fmt.Sprintf(format, args...)}
}

// ReadBrands parses brands from args (all must be good: a bad one is an
// error before anything runs) and from the brand list r, if any, named name
// in messages (a bad line is kept in LineErrors and skipped, so the good ones
// still run). Duplicates are dropped, first one wins.
func ReadBrands(args []string, r io.Reader, name string) ([]permute.Brand, LineErrors, error) {
	var out []permute.Brand
	var bad LineErrors
	seen := map[string]bool{}
	add := func(b permute.Brand) {
		if !seen[b.Domain] {
			seen[b.Domain] = true
			out = append(out, b)
		}
	}
	for _, a := range args {
		b, err := permute.ParseBrand(a)
		if err != nil {
			return nil, bad, err
		}
		add(b)
	}
	if r != nil {
		err := lines.Scan(r, func(n int, line string, err error) bool {
			if err != nil {
				bad.Add(fmt.Errorf("%s:%d: %w", name, n, err))
				return true
			}
			b, err := permute.ParseBrandLine(line)
			if err != nil {
				bad.Add(fmt.Errorf("%s:%d: %w", name, n, err))
				return true
			}
			add(b)
			return true
		})
		if err != nil {
			return nil, bad, fmt.Errorf("%s: %w", name, err)
		}
	}
	if len(out) == 0 && bad.Count == 0 {
		return nil, bad, inputErrorf("no brand given: name one or more domains (lookalike scan example.com) or use --brands FILE")
	}
	return out, bad, nil
}

// input is what a run resolves: the stream, its length and the suffixes the
// probes must cover.
type input struct {
	seq      iter.Seq[permute.Candidate]
	total    int
	suffixes []string
	bad      LineErrors
	cleanup  func()
}

func (o *Options) input(ctx context.Context) (*input, error) {
	switch {
	case o.Candidates != nil:
		if len(o.Brands) > 1 {
			return nil, inputErrorf("a candidate list takes at most one brand (to credit the names to), got %d", len(o.Brands))
		}
		return o.spool()
	case o.Names != nil:
		var list []permute.Candidate
		for _, c := range o.Names {
			if o.owns(c.Domain) {
				list = append(list, c)
			}
		}
		in := &input{seq: slices.Values(list), total: len(list)}
		sfx := map[string]bool{}
		for _, c := range list {
			addSuffix(sfx, c.Domain)
		}
		in.suffixes = sortedKeys(sfx)
		return in, nil
	}
	if len(o.Brands) == 0 {
		return nil, inputErrorf("nothing to scan: give brands or a candidate list")
	}
	gen := o.Generator
	if gen == nil {
		var err error
		if gen, err = permute.New(permute.Options{}); err != nil {
			return nil, err
		}
	}
	in := &input{}
	seqs := make([]iter.Seq[permute.Candidate], 0, len(o.Brands))
	sfx := map[string]bool{}
	for _, b := range o.Brands {
		seq, err := gen.Generate(b)
		if err != nil {
			return nil, err
		}
		for _, w := range gen.Warnings(b) {
			o.warn(w)
		}
		// One pass to count and to learn the suffixes the probes must cover:
		// generation is two orders of magnitude faster than resolution.
		if o.Shard.Count > 1 {
			seq = o.ownedOnly(seq)
		}
		for c := range seq {
			in.total++
			addSuffix(sfx, c.Domain)
			// 200,000 brands take minutes to count: Ctrl-C must stop it.
			if in.total%4096 == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
		}
		seqs = append(seqs, seq)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	in.seq = concat(seqs)
	in.suffixes = sortedKeys(sfx)
	return in, nil
}

// spool reads the candidate list once, checking every line (errors name the
// line and are skipped), and writes the good names to a temporary file that
// the scan then streams: a pipe or /dev/stdin can be read only once, and a
// million-line list is never held in memory.
func (o *Options) spool() (*input, error) {
	brand := ""
	if len(o.Brands) == 1 {
		brand = o.Brands[0].Domain
	}
	name := o.CandidatesName
	if name == "" {
		name = "candidates"
	}
	tmp, err := os.CreateTemp("", "lookalike-candidates-*")
	if err != nil {
		return nil, fmt.Errorf("%s: spool: %w", name, err)
	}
	remove := func() { tmp.Close(); os.Remove(tmp.Name()) }
	in := &input{cleanup: remove}
	w := bufio.NewWriter(tmp)
	sfx := map[string]bool{}
	var fuzzers []string // ParseName's, the same for every name of a list
	err = lines.Scan(o.Candidates, func(n int, line string, err error) bool {
		if err != nil {
			in.bad.Add(fmt.Errorf("%s:%d: %w", name, n, err))
			return true
		}
		c, err := permute.ParseName(line, brand)
		if err != nil {
			in.bad.Add(fmt.Errorf("%s:%d: %w", name, n, err))
			return true
		}
		if !o.owns(c.Domain) {
			return true
		}
		in.total++
		addSuffix(sfx, c.Domain)
		if fuzzers == nil {
			fuzzers = c.Fuzzers
		}
		// What the scan needs of the parsed name, so that the second pass
		// does not parse (IDNA, the suffix list) every name again: the
		// A-label, the U-label when it differs, why it is not sold.
		w.WriteString(c.Domain)
		w.WriteByte('\t')
		if c.Unicode != c.Domain {
			w.WriteString(c.Unicode)
		}
		w.WriteByte('\t')
		w.WriteString(c.Unavailable)
		w.WriteByte('\n')
		return true
	})
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		remove()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if in.total == 0 && in.bad.Count == 0 {
		remove()
		return nil, inputErrorf("%s: no names in the list", name)
	}
	in.suffixes = sortedKeys(sfx)
	path := tmp.Name()
	in.seq = func(yield func(permute.Candidate) bool) {
		f, err := os.Open(path)
		if err != nil {
			return
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			// Lines were parsed on the way in: each holds the candidate
			// ParseName made, field for field.
			domain, rest, _ := strings.Cut(sc.Text(), "\t")
			unicode, unavailable, _ := strings.Cut(rest, "\t")
			if unicode == "" {
				unicode = domain
			}
			c := permute.Candidate{Domain: domain, Unicode: unicode, Fuzzers: fuzzers, Brand: brand, Unavailable: unavailable}
			if !yield(c) {
				return
			}
		}
	}
	return in, nil
}

// owns reports whether a name belongs to this run's shard.
func (o *Options) owns(domain string) bool {
	if o.Shard.Count < 2 {
		return true
	}
	reg, _ := names.Cut(domain)
	return o.Shard.Owns(reg)
}

func (o *Options) ownedOnly(seq iter.Seq[permute.Candidate]) iter.Seq[permute.Candidate] {
	return func(yield func(permute.Candidate) bool) {
		for c := range seq {
			if o.owns(c.Domain) && !yield(c) {
				return
			}
		}
	}
}

func addSuffix(m map[string]bool, domain string) {
	if _, x, ok := names.Registrable(domain); ok {
		m[x] = true
	}
}

func concat[T any](seqs []iter.Seq[T]) iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, s := range seqs {
			for v := range s {
				if !yield(v) {
					return
				}
			}
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
