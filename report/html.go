package report

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"
)

//go:embed assets/report.html.tmpl
var htmlTemplateText string

//go:embed assets/report.css
var htmlCSS string

//go:embed assets/report.js
var htmlJS string

var htmlTemplate = template.Must(template.New("report").Parse(htmlTemplateText))

// htmlCSP allows the page nothing but its own inline style and script (by
// hash, so that nothing injected runs) and data: images: opened from a mail
// attachment, the report cannot make a request, whatever a name or a page
// title holds.
var htmlCSP = func() string {
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	return "default-src 'none'; img-src data:; style-src " + hash(htmlCSS) + "; script-src " + hash(htmlJS) +
		"; base-uri 'none'; form-action 'none'"
}()

// DefaultMaxImageBytes bounds a screenshot inlined in the HTML report.
const DefaultMaxImageBytes = 1 << 20

// HTMLOptions configure the HTML report. The zero value is ready to use.
type HTMLOptions struct {
	// Title heads the page; empty means "Lookalike report" and the brands.
	Title string
	// Generated is the time the report shows (the scan's start); zero shows
	// none, which keeps golden files stable.
	Generated time.Time
	// Budget marks the first Budget names of the defend section, the ones
	// to register first (--budget); 0 marks none.
	Budget int
	// MaxRows caps the rows of each section (the riskiest are kept); 0
	// shows every name, so that every name can be searched.
	MaxRows int
	// History, with --state, adds the changes since the last run and a
	// chart of counts over past runs.
	History *HTMLHistory
	// Sections are the page's sections, grouped by the record field GroupBy;
	// nil and "" mean a scan's (DefaultHTMLSections, by verdict).
	Sections []HTMLSection
	GroupBy  string
	// MaxImageBytes bounds each inlined screenshot; 0 means
	// DefaultMaxImageBytes. A larger file is left out.
	MaxImageBytes int64
}

// HTMLHistory is what the report shows of the scan history.
type HTMLHistory struct {
	// Changes since the last complete run.
	Changes []HTMLChange
	// Runs are past runs, oldest first, the current one last.
	Runs []HTMLRun
}

// HTMLChange is one change between two runs, as history reports it.
type HTMLChange struct {
	Brand, Domain, Unicode string
	// Kind is the change ("newly-registered", "gained-mx", ...).
	Kind          string
	Field         string
	Before, After string
	Verdict       string
	Risk          int
}

// HTMLRun is one run's count of names by verdict.
type HTMLRun struct {
	// Label names the run under the chart; empty means Started as MM-DD.
	Label   string
	Started time.Time
	Counts  map[string]int
}

// htmlSection is a section of the report, in the order it is shown.
type htmlSectionDef struct {
	verdict, id, title, note string
	color                    string
}

// HTMLSection is one section of the page: the records whose GroupBy field
// (the verdict, for a scan) equals Key.
type HTMLSection struct {
	Key, Title, Note, Color string
}

// DefaultHTMLSections are a scan's: one per verdict, what to do first first.
var DefaultHTMLSections = []HTMLSection{
	{VerdictImpersonating, "Impersonating the brand: act now", "A third-party site that copies the brand's page or asks for a login with the brand's name.", "#b42318"},
	{VerdictThirdParty, "Registered by third parties", "Registered, and nothing shows the name is the brand's: look at the evidence; take down or watch.", "#d4580a"},
	{VerdictParked, "Parked", "Name servers or page of a parking or domain-marketplace service: often for sale.", "#9a6700"},
	{VerdictOwned, "Owned", "The brand's own: in the portfolio, or served by the brand's name servers or mail hosts.", "#1a7f37"},
	{VerdictDefend, "Register these first (defend)", "Unregistered: anyone can register these. Riskiest first.", "#0969da"},
	{"unavailable", "Not for sale", "Unregistered, but the registry does not sell these today: watch them.", "#8250df"},
	{VerdictUnknown, "Could not be decided", "The DNS could not tell; the reason says why. Scan again, with other resolvers or --rdap.", "#59636e"},
}

// AuditHTMLSections are audit's: one per severity, grouped by its severity
// field (HTMLOptions.GroupBy "severity").
var AuditHTMLSections = []HTMLSection{
	{"critical", "Critical: referenced and unregistered", "Anyone can register these and receive what the brand sends there: register them now.", "#b42318"},
	{"high", "High: lookalikes and dangling CNAMEs", "Registered by a third party while they look like the brand, or a CNAME that dangles.", "#d4580a"},
	{"unknown", "Could not be decided", "The DNS could not tell; never critical. Check again.", "#59636e"},
	{"info", "Everything else", "Owned or unrelated.", "#1a7f37"},
}

func sectionDefs(secs []HTMLSection) []htmlSectionDef {
	if len(secs) == 0 {
		secs = DefaultHTMLSections
	}
	out := make([]htmlSectionDef, len(secs))
	for i, s := range secs {
		out[i] = htmlSectionDef{verdict: s.Key, id: s.Key, title: s.Title, note: s.Note, color: s.Color}
	}
	return out
}

// sectionIndex is the section of key; a key the page does not know goes to
// the last section (undecided).
func (h *htmlWriter) sectionIndex(key string) int {
	for i, s := range h.defs {
		if s.verdict == key {
			return i
		}
	}
	return len(h.defs) - 1
}

type htmlRow struct {
	Domain, Unicode, Brand string
	Risk                   int
	RiskClass              string
	Mail                   bool
	Evidence               []string
	Registrar, Created     string
	Search                 string
	InBudget               bool
	Shot                   template.URL
	shotPath               string
}

type htmlSection struct {
	ID, Verdict, Title, Note string
	Count, Shown             int
	Rows                     []*htmlRow
	Shots                    bool
}

type htmlSummaryRow struct {
	Brand  string
	Counts []int
	Total  int
}

type htmlChartLine struct {
	Verdict, Color, Points string
	Last                   int
}

type htmlChartRun struct {
	X     string
	Label string
}

type htmlChart struct {
	Width, Height, Left, Right, Top, Bottom, LabelX, LabelY int
	Max                                                     int
	Lines                                                   []htmlChartLine
	Runs                                                    []htmlChartRun
}

type htmlHistoryView struct {
	Changes []HTMLChange
	Chart   *htmlChart
}

type htmlPage struct {
	Title, Generated string
	CSP              string
	CSS              template.CSS
	JS               template.JS
	Total            int
	Brands           []string
	MultiBrand       bool
	Summary          []htmlSummaryRow
	Sections         []*htmlSection
	History          *htmlHistoryView
}

// NewHTMLWriter returns the html format: one self-contained page (inline
// CSS and JS, screenshots as data: URIs, a Content-Security-Policy that
// forbids every request) with a summary by brand and verdict, a section per
// verdict with the evidence, a search box, verdict filters and sorting by
// risk, and, with History, the changes and a chart of past runs. Every text
// goes through html/template and Clean. Records are kept until Close.
//
// A record's "screenshot" field, when present, is the path of an image of
// the name's page; it is read at Close and inlined.
func NewHTMLWriter(w io.Writer, o HTMLOptions) Writer {
	defs := sectionDefs(o.Sections)
	return &htmlWriter{w: w, opts: o, counts: map[string][]int{}, defs: defs, rows: make([][]*htmlRow, len(defs))}
}

type htmlWriter struct {
	w      io.Writer
	opts   HTMLOptions
	defs   []htmlSectionDef
	rows   [][]*htmlRow
	counts map[string][]int // brand -> count per section
}

func (h *htmlWriter) Write(r Record) error {
	by := h.opts.GroupBy
	if by == "" {
		by = "verdict"
	}
	verdict := Text(r.Get(by))
	i := h.sectionIndex(verdict)
	brand := Clean(Text(r.Get("brand")))
	c := h.counts[brand]
	if c == nil {
		c = make([]int, len(h.defs))
		h.counts[brand] = c
	}
	c[i]++
	row := &htmlRow{
		Domain:    Clean(Text(r.Get("domain"))),
		Brand:     brand,
		Registrar: Clean(Text(r.Get("registrar"))),
		Created:   Clean(Text(r.Get("created"))),
		shotPath:  Text(r.Get("screenshot")),
	}
	if u := Clean(Text(r.Get("unicode"))); u != row.Domain {
		row.Unicode = u
	}
	if n, ok := r.Get("risk").(int); ok {
		row.Risk = n
	}
	row.RiskClass = htmlRiskClass(row.Risk)
	if m, ok := r.Get("mail").(bool); ok {
		row.Mail = m
	}
	if reason := Clean(Text(r.Get("reason"))); reason != "" && verdict == VerdictUnknown {
		row.Evidence = append(row.Evidence, "reason: "+reason)
	}
	if p := Clean(Text(r.Get("parking"))); p != "" {
		row.Evidence = append(row.Evidence, "parking service: "+p)
	}
	for e := range strings.SplitSeq(Text(r.Get("evidence")), EvidenceSep) {
		if e = Clean(strings.TrimSpace(e)); e != "" {
			row.Evidence = append(row.Evidence, e)
		}
	}
	if f, ok := r.Get("risk_factors").([]string); ok {
		for _, x := range f {
			row.Evidence = append(row.Evidence, Clean(x))
		}
	}
	if len(row.Evidence) == 0 {
		if f := Clean(Text(r.Get("fuzzers"))); f != "" {
			row.Evidence = append(row.Evidence, "made by "+f)
		}
	}
	row.Search = strings.ToLower(strings.Join(append([]string{row.Domain, row.Unicode, row.Brand, row.Registrar}, row.Evidence...), " "))
	if i >= 0 && i < len(h.rows) {
		h.rows[i] = append(h.rows[i], row)
	}
	return nil
}

func htmlRiskClass(r int) string {
	switch {
	case r >= 70:
		return "risk-high"
	case r >= 40:
		return "risk-mid"
	}
	return "risk-low"
}

func (h *htmlWriter) Close() error {
	page := &htmlPage{CSP: htmlCSP, CSS: template.CSS(htmlCSS), JS: template.JS(htmlJS)}
	for b := range h.counts {
		if b != "" {
			page.Brands = append(page.Brands, b)
		}
	}
	slices.Sort(page.Brands)
	page.MultiBrand = len(h.counts) > 1
	page.Title = Clean(h.opts.Title)
	if page.Title == "" {
		page.Title = "Lookalike report"
		if len(page.Brands) > 0 {
			page.Title += ": " + strings.Join(page.Brands, ", ")
		}
	}
	if !h.opts.Generated.IsZero() {
		page.Generated = h.opts.Generated.UTC().Format("2006-01-02 15:04 UTC")
	}

	brands := make([]string, 0, len(h.counts))
	for b := range h.counts {
		brands = append(brands, b)
	}
	slices.Sort(brands)
	all := make([]int, len(h.defs))
	for _, b := range brands {
		row := htmlSummaryRow{Brand: b, Counts: h.counts[b]}
		if b == "" {
			row.Brand = "(no brand)"
		}
		for i, n := range row.Counts {
			row.Total += n
			all[i] += n
		}
		page.Summary = append(page.Summary, row)
		page.Total += row.Total
	}
	if len(brands) != 1 {
		row := htmlSummaryRow{Brand: "all brands", Counts: all, Total: page.Total}
		page.Summary = append(page.Summary, row)
	}

	maxImage := h.opts.MaxImageBytes
	if maxImage <= 0 {
		maxImage = DefaultMaxImageBytes
	}
	for i, def := range h.defs {
		rows := h.rows[i]
		slices.SortFunc(rows, func(a, b *htmlRow) int {
			return cmp.Or(cmp.Compare(b.Risk, a.Risk), cmp.Compare(a.Domain, b.Domain), cmp.Compare(a.Brand, b.Brand))
		})
		sec := &htmlSection{ID: def.id, Verdict: def.verdict, Title: def.title, Note: def.note, Count: len(rows)}
		if h.opts.MaxRows > 0 && len(rows) > h.opts.MaxRows {
			rows = rows[:h.opts.MaxRows]
			sec.Shown = len(rows)
		}
		if def.verdict == VerdictDefend && h.opts.Budget > 0 {
			for j := 0; j < len(rows) && j < h.opts.Budget; j++ {
				rows[j].InBudget = true
			}
			sec.Note += fmt.Sprintf(" The %d marked are the budget: register them first.", min(h.opts.Budget, len(rows)))
		}
		for _, r := range rows {
			if r.shotPath != "" {
				r.Shot = inlineImage(r.shotPath, maxImage)
				sec.Shots = sec.Shots || r.Shot != ""
			}
		}
		sec.Rows = rows
		page.Sections = append(page.Sections, sec)
	}
	if h.opts.History != nil {
		page.History = &htmlHistoryView{Changes: cleanChanges(h.opts.History.Changes), Chart: chartOf(h.defs, h.opts.History.Runs)}
	}

	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, page); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	_, err := h.w.Write(buf.Bytes())
	return err
}

// inlineImage reads a screenshot and returns it as a data: URL, or "" when
// it is missing, too large or not an image a browser shows: the type is
// sniffed from the bytes, never taken from the name.
func inlineImage(path string, maxBytes int64) template.URL {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
	if err != nil || int64(len(data)) > maxBytes || len(data) == 0 {
		return ""
	}
	switch ct := http.DetectContentType(data); ct {
	case "image/png", "image/jpeg", "image/gif", "image/webp":
		// Base64 of a sniffed image holds nothing html/template must escape.
		return template.URL("data:" + ct + ";base64," + base64.StdEncoding.EncodeToString(data))
	}
	return ""
}

func cleanChanges(cs []HTMLChange) []HTMLChange {
	out := make([]HTMLChange, len(cs))
	for i, c := range cs {
		out[i] = HTMLChange{Brand: Clean(c.Brand), Domain: Clean(c.Domain), Kind: Clean(c.Kind), Field: Clean(c.Field),
			Before: Clean(c.Before), After: Clean(c.After), Verdict: Clean(c.Verdict), Risk: c.Risk}
		if u := Clean(c.Unicode); u != out[i].Domain {
			out[i].Unicode = u
		}
	}
	return out
}

// chartOf draws the counts of each verdict over the runs as polylines in a
// fixed viewBox; the page scales it. No runs, no chart.
func chartOf(defs []htmlSectionDef, runs []HTMLRun) *htmlChart {
	if len(runs) == 0 {
		return nil
	}
	c := &htmlChart{Width: 600, Height: 200, Left: 44, Right: 580, Top: 10, Bottom: 170, LabelX: 40, LabelY: 188}
	for _, r := range runs {
		for _, n := range r.Counts {
			c.Max = max(c.Max, n)
		}
	}
	if c.Max == 0 {
		c.Max = 1
	}
	x := func(i int) float64 {
		if len(runs) == 1 {
			return float64(c.Left+c.Right) / 2
		}
		return float64(c.Left) + float64(i)*float64(c.Right-c.Left)/float64(len(runs)-1)
	}
	// Label at most about ten runs, so that the labels never overlap.
	step := max(1, (len(runs)+9)/10)
	for i, r := range runs {
		if i%step != 0 && i != len(runs)-1 {
			continue
		}
		label := Clean(r.Label)
		if label == "" && !r.Started.IsZero() {
			label = r.Started.UTC().Format("01-02")
		}
		c.Runs = append(c.Runs, htmlChartRun{X: fmt.Sprintf("%.1f", x(i)), Label: label})
	}
	for _, def := range defs {
		var pts []string
		any := false
		for i, r := range runs {
			n := r.Counts[def.verdict]
			any = any || n > 0
			y := float64(c.Bottom) - float64(n)*float64(c.Bottom-c.Top)/float64(c.Max)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y))
		}
		if !any {
			continue
		}
		if len(pts) == 1 { // one run: a short flat stroke, so that it shows
			pts = []string{fmt.Sprintf("%.1f,%s", x(0)-6, strings.Split(pts[0], ",")[1]), fmt.Sprintf("%.1f,%s", x(0)+6, strings.Split(pts[0], ",")[1])}
		}
		c.Lines = append(c.Lines, htmlChartLine{Verdict: def.verdict, Color: def.color, Points: strings.Join(pts, " "), Last: runs[len(runs)-1].Counts[def.verdict]})
	}
	return c
}
