package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/internal/flagval"
	"github.com/lookalike/lookalike/report"
	"github.com/lookalike/lookalike/resolve"
	"github.com/lookalike/lookalike/scan"
	"github.com/spf13/pflag"
)

// handOnFlags are the options of the formats that hand findings on (--format
// html, rpz, stix, misp, blocklist). A command that registers them offers
// those formats; the others refuse them at flag time.
type handOnFlags struct {
	verdicts []string
	zone     string
	tlp      string
	org      string
	// formats are the hand-on formats offered; nil offers all of them.
	formats []report.Format

	// What the run adds once its options are known (scan's openOutputs).
	started time.Time
	protect []string
	budget  int
	store   history.Store
	brands  []string
	history *report.HTMLHistory
	warn    func(string)

	// htmlSections and groupBy give a command's page its own sections
	// (audit's severities); zero means a scan's verdicts.
	htmlSections []report.HTMLSection
	groupBy      string
}

// register adds the flags to fs and makes out offer the hand-on formats.
func (h *handOnFlags) register(fs *pflag.FlagSet, out *outFlags) {
	out.handOn = h
	if f := fs.Lookup("format"); f != nil {
		f.Usage = "output `FORMAT`: " + formatNames(h.offered()) + " (default: table on a terminal, csv otherwise)"
	}
	fs.Var(flagval.List(&h.verdicts, func(l []string) error { return report.ExportOptions{Verdicts: l}.Validate() }), "verdict", "the verdicts the rpz, stix, misp and blocklist formats hold: comma-separated `LIST` of "+
		strings.Join(report.ExportableVerdicts, ",")+" (default "+strings.Join(report.DefaultExportVerdicts, ",")+"; owned never)")
	fs.Var(flagval.Checked(&h.zone, func(s string) (string, error) {
		s = strings.TrimSpace(s)
		return s, report.ExportOptions{Zone: s}.Validate()
	}), "rpz-zone", "the origin `NAME` of --format rpz (default "+report.DefaultRPZZone+")")
	fs.Var(flagval.Checked(&h.tlp, func(s string) (string, error) {
		s = strings.TrimSpace(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "tlp:"))
		return s, report.ExportOptions{TLP: s}.Validate()
	}), "tlp", "the TLP `LEVEL` of --format stix and misp: clear, green, amber or red (default amber)")
	fs.StringVar(&h.org, "org", "", "the organisation `NAME` that produced the findings (stix identity, misp Orgc, rpz comment; takedown's signature)")
}

func formatNames(fs []report.Format) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// offers reports whether a command with these flags writes format f.
func (h *handOnFlags) offers(f report.Format) bool {
	return slices.Contains(report.BaseFormats, f) || h != nil && (h.formats == nil || slices.Contains(h.formats, f))
}

// offered lists the formats a command with these flags writes.
func (h *handOnFlags) offered() []report.Format {
	switch {
	case h == nil:
		return report.BaseFormats
	case h.formats == nil:
		return report.Formats
	}
	return slices.Concat(report.BaseFormats, h.formats)
}

// registerHTML makes out offer the html format alone: the page of a
// command whose records are changes, not findings (diff).
func (h *handOnFlags) registerHTML(fs *pflag.FlagSet, out *outFlags) {
	out.handOn = h
	h.formats = []report.Format{report.FormatHTML}
	if f := fs.Lookup("format"); f != nil {
		f.Usage = "output `FORMAT`: " + formatNames(h.offered()) + " (default: table on a terminal, csv otherwise)"
	}
}

// useChanges makes the html page of diff: the changes as its history,
// with the chart of the brands' complete runs up to now.
func (h *handOnFlags) useChanges(db history.Store, brands []string, changes []history.Change, stderr io.Writer) {
	if h == nil {
		return
	}
	h.started = time.Now()
	h.brands = brands
	h.store = db
	h.history = &report.HTMLHistory{}
	h.warn = func(msg string) { fmt.Fprintln(stderr, "lookalike: warning:", msg) }
	h.fillHistory(&scan.Summary{Changes: changes})
}

// options are what every writer of the command reads; a command without
// hand-on formats gets its table options alone.
func (h *handOnFlags) options(table report.TableOptions) report.OutputOptions {
	o := report.OutputOptions{Table: table}
	if h == nil {
		return o
	}
	o.Export = report.ExportOptions{
		Verdicts: h.verdicts,
		Protect:  h.protect,
		Now:      h.started,
		Producer: h.org,
		Zone:     h.zone,
		TLP:      h.tlp,
	}
	o.HTML = report.HTMLOptions{Generated: h.started, Budget: h.budget, History: h.history, Sections: h.htmlSections, GroupBy: h.groupBy}
	return o
}

// openScan fills in what the scan adds (its start, the brands and portfolio
// to protect, the budget, the state) and opens the scan's outputs.
func (h *handOnFlags) openScan(s *scanCmd, e *env, filter map[resolve.Status]bool, o *scan.Options) (*report.ScanOutputs, error) {
	if h != nil {
		if err := h.use(s, e, o); err != nil {
			return nil, err
		}
	}
	return s.openOutputs(e, filter)
}

func (h *handOnFlags) use(s *scanCmd, e *env, o *scan.Options) error {
	if s.cron.changesOnly && slices.Contains(report.HandOnFormats, report.Format(s.out.format)) {
		return usagef("--changes-only with --format %s: the %s format holds every finding, not the changes; drop --changes-only or use csv, json or jsonl", s.out.format, s.out.format)
	}
	// One clock for the run and its documents: the RDAP ages the scan
	// measures and the time the files are stamped with.
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	h.started = o.Now
	h.budget = s.budget
	h.protect, h.brands = nil, nil
	for _, b := range o.Brands {
		h.protect = append(h.protect, b.Domain)
		h.brands = append(h.brands, b.Domain)
	}
	h.protect = append(h.protect, slices.Sorted(maps.Keys(o.Portfolio))...)
	h.store = o.Store
	if h.store != nil {
		// The changes and the runs are known at Finish; the writers hold
		// this pointer until then.
		h.history = &report.HTMLHistory{}
	}
	h.warn = func(msg string) { fmt.Fprintln(e.stderr, "lookalike: warning:", msg) }
	return nil
}

// sink is the scan's sink: outs, with the history filled in for the HTML
// report before the documents are finished.
func (h *handOnFlags) sink(outs *report.ScanOutputs) scan.Sink {
	if h == nil || h.history == nil {
		return outs
	}
	return &historySink{ScanOutputs: outs, h: h}
}

type historySink struct {
	*report.ScanOutputs
	h *handOnFlags
}

func (x *historySink) Finish(sum *scan.Summary) error {
	if sum != nil {
		x.h.fillHistory(sum)
	}
	return x.ScanOutputs.Finish(sum)
}

// fillHistory puts the run's changes and the counts of the last complete
// runs of its brands into the report's history. A store that cannot list
// its runs costs the chart, not the report.
func (h *handOnFlags) fillHistory(sum *scan.Summary) {
	h.history.AddChanges(sum.Changes)
	runs, err := h.store.Runs("")
	if err != nil {
		h.warn("html report without the chart of past runs: " + err.Error())
		return
	}
	h.history.SetRuns(runs, h.brands)
}
