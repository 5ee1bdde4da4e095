package main

import (
	"slices"
	"strings"
	"time"

	"github.com/lookalike/lookalike/internal/flagval"
	"github.com/lookalike/lookalike/report"
	"github.com/spf13/pflag"
)

// handOnFlags are the options of the formats that hand findings on (--format
// html, rpz, stix, misp, blocklist). A command that registers them offers
// those formats; the others refuse them at flag time.
type handOnFlags struct {
	// export and html are filled by the flags, and by the run with what it
	// adds once its options are known (its clock, what it owns, its history).
	export report.ExportOptions
	html   report.HTMLOptions
	// formats are the hand-on formats offered; nil offers all of them.
	formats []report.Format
}

// register adds the flags to fs and makes out offer the hand-on formats.
func (h *handOnFlags) register(fs *pflag.FlagSet, out *outFlags) {
	h.offer(fs, out, nil)
	fs.Var(flagval.List(&h.export.Verdicts, func(l []string) error { return report.ExportOptions{Verdicts: l}.Validate() }), "verdict", "the verdicts the rpz, stix, misp and blocklist formats hold: comma-separated `LIST` of "+
		strings.Join(report.ExportableVerdicts, ",")+" (default "+strings.Join(report.DefaultExportVerdicts, ",")+"; owned never)")
	fs.Var(flagval.Checked(&h.export.Zone, func(s string) (string, error) {
		s = strings.TrimSpace(s)
		return s, report.ExportOptions{Zone: s}.Validate()
	}), "rpz-zone", "the origin `NAME` of --format rpz (default "+report.DefaultRPZZone+")")
	fs.Var(flagval.Checked(&h.export.TLP, func(s string) (string, error) {
		s = strings.TrimSpace(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "tlp:"))
		return s, report.ExportOptions{TLP: s}.Validate()
	}), "tlp", "the TLP `LEVEL` of --format stix and misp: clear, green, amber or red (default amber)")
	fs.StringVar(&h.export.Producer, "org", "", "the organisation `NAME` that produced the findings (stix identity, misp Orgc, rpz comment; takedown's signature)")
}

// registerHTML makes out offer the html format alone: the page of a
// command whose records are not a scan's findings (diff, audit).
func (h *handOnFlags) registerHTML(fs *pflag.FlagSet, out *outFlags) {
	h.offer(fs, out, []report.Format{report.FormatHTML})
}

func (h *handOnFlags) offer(fs *pflag.FlagSet, out *outFlags, formats []report.Format) {
	out.handOn, h.formats = h, formats
	if f := fs.Lookup("format"); f != nil {
		f.Usage = "output `FORMAT`: " + formatNames(h.offered()) + " (default: table on a terminal, csv otherwise)"
	}
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

// stamp sets the one clock of the run's documents (its start: the RDAP
// ages the scan measures and the time the files are stamped with).
func (h *handOnFlags) stamp(now time.Time) {
	if h != nil {
		h.export.Now, h.html.Generated = now, now
	}
}

// options are what every writer of the command reads; a command without
// hand-on formats gets its table options alone.
func (h *handOnFlags) options(table report.TableOptions) report.OutputOptions {
	o := report.OutputOptions{Table: table}
	if h != nil {
		o.Export, o.HTML = h.export, h.html
	}
	return o
}
