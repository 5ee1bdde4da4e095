package match

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/lookalike/lookalike/internal/lines"
)

// ErrSpec marks a SourceSpec that cannot be read as given: two sources, a
// zone origin without a zone, a CT URL that is no http(s) URL, a file that
// does not exist. The command line is to blame.
var ErrSpec = errors.New("bad source")

type specError string

func (e specError) Error() string        { return string(e) }
func (e specError) Is(target error) bool { return target == ErrSpec }

// SourceSpec is the one source of a run as a command line names it.
type SourceSpec struct {
	// List and Zone are files ("-" is Stdin), read as List and Zone read
	// them; ZoneOrigin is the zone's name when the file has no $ORIGIN.
	List, Zone, ZoneOrigin string
	// CT is the log to read (its URL, first index, limit and rate); its
	// State is set by Open.
	CT CTOptions
	// CTState is the file the CT position is kept in; "" means
	// History+".ct.json" when History (the run's --state) is a file path,
	// and no position kept when History is "".
	CTState, History string
	Stdin            io.Reader
}

// Check refuses sources that cannot go together: exactly one of a list,
// a zone and a CT log URL (http or https), and a zone origin only with a
// zone. Errors wrap ErrSpec.
func (s SourceSpec) Check() error {
	n := 0
	for _, v := range []string{s.List, s.Zone, s.CT.URL} {
		if v != "" {
			n++
		}
	}
	switch {
	case n == 0:
		return specError("nothing to read: give one source, --list FILE (- for standard input), --zone FILE or --ct URL")
	case n > 1:
		return specError("one source a run: give only one of --list, --zone and --ct")
	case s.ZoneOrigin != "" && s.Zone == "":
		return specError("--zone-origin goes with --zone")
	}
	if s.CT.URL != "" {
		u, err := url.Parse(s.CT.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return specError(fmt.Sprintf("--ct %q: not an http(s) URL of a log (give its base, e.g. https://ct.example/2026h1)", s.CT.URL))
		}
	}
	return nil
}

// Open opens the source. For a CT log, pos is the position to Commit once
// the run's output is kept; it is nil when no position is kept (the next
// run starts again at CT.From). done closes what Open opened.
func (s SourceSpec) Open() (src Source, pos *LaterState, done func(), err error) {
	done = func() {}
	if err := s.Check(); err != nil {
		return nil, nil, done, err
	}
	switch {
	case s.List != "":
		r, closeR, err := s.file(s.List, "--list")
		return List(s.List, r), nil, closeR, err
	case s.Zone != "":
		r, closeR, err := s.file(s.Zone, "--zone")
		return Zone(s.Zone, r, s.ZoneOrigin), nil, closeR, err
	}
	path := s.CTState
	if path == "" && s.History != "" {
		if strings.Contains(s.History, "://") {
			return nil, nil, done, specError(fmt.Sprintf("--ct with --state %s: the CT position is kept in a file; give --ct-state FILE", s.History))
		}
		path = s.History + ".ct.json"
	}
	co := s.CT
	if path != "" {
		pos = &LaterState{State: &FileState{Path: path}}
		co.State = pos
	}
	return CT(co), pos, done, nil
}

func (s SourceSpec) file(path, flag string) (io.Reader, func(), error) {
	r, done, err := lines.Open(path, s.Stdin)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, done, specError(fmt.Sprintf("%s %s: no such file", flag, path))
	case err != nil:
		return nil, done, fmt.Errorf("%s %s: %w", flag, path, err)
	}
	return r, done, nil
}

// Lines are the end-of-run lines of a match against brands brands: the
// first skipped inputs with their place, how many more, and one summary.
func (st *Stats) Lines(brands int, source string) []string {
	var out []string
	for _, j := range st.Errors {
		out = append(out, j.Error())
	}
	if more := st.Junk - int64(len(st.Errors)); more > 0 {
		out = append(out, fmt.Sprintf("and %d more input(s) that are no name", more))
	}
	return append(out, fmt.Sprintf("matched %d of %d observed names against %d brand(s) from %s; %d skipped",
		st.Matched, st.Observed, brands, source, st.Junk))
}
