package report

import (
	"bufio"
	"container/heap"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/lookalike/lookalike/judge"
)

// DefaultTop is how many names each section shows when NewSections is given
// no positive limit.
const DefaultTop = 20

// Sections collects findings for the terminal report: exact counts by brand
// and verdict, and the top names of each verdict by risk. Memory is bounded by
// the limit, not by the number of findings: each section keeps a heap of its
// best entries.
type Sections struct {
	top    int
	counts map[string]*[len(sectionOrder)]int
	heaps  [len(sectionOrder)]rankHeap
	// offers, once UseOffers is called, are the defend section: the names
	// offered for registration, in the order offered (the likeliest first),
	// instead of the riskiest defend names.
	useOffers bool
	offers    []*entry
	offered   int
	// web: a finding came from a run that fetched pages (--web), so an
	// empty impersonating section means none was found, not none looked for.
	web bool
}

// UseOffers makes the defend section list the names given to Offer (ranked
// by the engine and confirmed by the registries) rather than the riskiest
// defend findings.
func (s *Sections) UseOffers() { s.useOffers = true }

// Offer adds a name offered for registration to the defend section.
func (s *Sections) Offer(f judge.Finding) {
	s.offered++
	if len(s.offers) < s.top {
		s.offers = append(s.offers, newEntry(f))
	}
}

// sectionOrder is the order of the report: what to do first comes first.
var sectionOrder = [...]judge.Verdict{judge.Impersonating, judge.Defend, judge.ThirdParty, judge.Parked, judge.Owned, judge.Unavailable, judge.Unknown}

var sectionTitles = [...]string{
	"Impersonating the brand: act now",
	"Register these first (defend)",
	"Registered by third parties",
	"Parked",
	"Owned",
	"Not for sale (the registry does not sell these today)",
	"Could not be decided",
}

// NewSections returns a collector that keeps the top names of each section
// (DefaultTop when top < 1).
func NewSections(top int) *Sections {
	if top < 1 {
		top = DefaultTop
	}
	return &Sections{top: top, counts: map[string]*[len(sectionOrder)]int{}}
}

// entry is what a section keeps of a finding: only what it shows.
type entry struct {
	risk     int
	domain   string // the A-label: the sort key
	display  string // the domain with its Unicode form when that differs
	brand    string
	mail     bool
	detail   string // why (defend), evidence, service, reason
	evidence string
}

// ranksAbove orders a section: higher risk first, then the domain
// alphabetically, so that ties never depend on arrival order.
func (e *entry) ranksAbove(o *entry) bool {
	if e.risk != o.risk {
		return e.risk > o.risk
	}
	return e.domain < o.domain
}

// rankHeap is a min-heap on rank: its root is the weakest entry kept, the
// one a better finding evicts.
type rankHeap []*entry

func (h rankHeap) Len() int           { return len(h) }
func (h rankHeap) Less(i, j int) bool { return h[j].ranksAbove(h[i]) }
func (h rankHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *rankHeap) Push(x any)        { *h = append(*h, x.(*entry)) }
func (h *rankHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

func sectionIndex(v judge.Verdict) int {
	if i := slices.Index(sectionOrder[:], v); i >= 0 {
		return i
	}
	return len(sectionOrder) - 1 // a verdict nobody set is undecided
}

// Add counts f and keeps it if it ranks among the top of its section.
func (s *Sections) Add(f judge.Finding) {
	i := sectionIndex(f.Verdict)
	c := s.counts[f.Brand]
	if c == nil {
		c = new([len(sectionOrder)]int)
		s.counts[f.Brand] = c
	}
	c[i]++
	s.web = s.web || f.Web != nil && f.Web.Fetch
	h := &s.heaps[i]
	probe := entry{risk: f.Risk, domain: f.Domain}
	if h.Len() >= s.top && !probe.ranksAbove((*h)[0]) {
		return // most findings stop here, without an allocation
	}
	e := newEntry(f)
	if h.Len() < s.top {
		heap.Push(h, e)
		return
	}
	(*h)[0] = e
	heap.Fix(h, 0)
}

func newEntry(f judge.Finding) *entry {
	e := &entry{risk: f.Risk, domain: f.Domain, brand: f.Brand, mail: f.Mail}
	e.display = f.Domain
	if f.Unicode != "" && f.Unicode != f.Domain {
		e.display += " (" + f.Unicode + ")"
	}
	switch f.Verdict {
	case judge.Defend:
		e.detail = f.NameWhy
	case judge.Unavailable:
		e.detail = f.Unavailable
	case judge.Parked:
		e.detail = f.Parking
	case judge.Unknown:
		e.detail = f.Reason
	}
	e.evidence = strings.Join(f.Evidence, EvidenceSep)
	return e
}

// Count returns how many findings of verdict v were added, over all brands.
func (s *Sections) Count(v judge.Verdict) int {
	n := 0
	for _, c := range s.counts {
		n += c[sectionIndex(v)]
	}
	return n
}

// ANSI styles for a terminal; WriteTable uses them only when asked.
const (
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiReset  = "\x1b[0m"
)

// WriteTable writes the report for a terminal: a summary of counts by verdict
// and brand, then each section's top names with their evidence. Text from the
// network goes through Clean. color adds ANSI styles (headings in bold, high
// risk in red, medium in yellow).
func (s *Sections) WriteTable(w io.Writer, color bool) error {
	bw := bufio.NewWriter(w)
	t := &textTable{color: color}
	brands := slices.Sorted(maps.Keys(s.counts))
	multi := len(brands) > 1

	t.heading(bw, "Summary")
	head := []string{"BRAND"}
	for _, v := range sectionOrder {
		head = append(head, strings.ToUpper(string(v)))
	}
	head = append(head, "TOTAL")
	rows := [][]cell{}
	var all [len(sectionOrder)]int
	for _, b := range brands {
		name := b
		if name == "" {
			name = "(no brand)"
		}
		rows = append(rows, countRow(name, s.counts[b]))
		for i, n := range s.counts[b] {
			all[i] += n
		}
	}
	if multi || len(brands) == 0 {
		rows = append(rows, countRow("all brands", &all))
	}
	t.write(bw, head, rows)

	for i, v := range sectionOrder {
		total := 0
		for _, c := range s.counts {
			total += c[i]
		}
		if v == judge.Defend && s.useOffers {
			s.writeOffers(bw, t, total, multi)
			continue
		}
		title := fmt.Sprintf("%s: %d", sectionTitles[i], total)
		if total > s.heaps[i].Len() {
			title = fmt.Sprintf("%s: top %d of %d", sectionTitles[i], s.heaps[i].Len(), total)
		}
		bw.WriteString("\n")
		t.heading(bw, title)
		if total == 0 {
			if v == judge.Impersonating && !s.web {
				bw.WriteString("none looked for: pages are examined with --web\n")
				continue
			}
			bw.WriteString("none\n")
			continue
		}
		entries := slices.Clone(s.heaps[i])
		slices.SortFunc(entries, func(a, b *entry) int {
			if a.ranksAbove(b) {
				return -1
			}
			return 1
		})
		head, rows := sectionRows(v, entries, multi)
		t.write(bw, head, rows)
	}
	return bw.Flush()
}

// writeOffers is the defend section made of the names offered, in the order
// offered: the likeliest registrations first, each confirmed free by its
// registry.
func (s *Sections) writeOffers(bw *bufio.Writer, t *textTable, defend int, multi bool) {
	defendTitle := sectionTitles[sectionIndex(judge.Defend)]
	title := fmt.Sprintf("%s: %d", defendTitle, s.offered)
	if s.offered > len(s.offers) {
		title = fmt.Sprintf("%s: the %d likeliest of %d", defendTitle, len(s.offers), s.offered)
	}
	if s.offered < defend {
		title += fmt.Sprintf(" offered (of %d defend: beyond the budget or not confirmed by the registry)", defend)
	}
	bw.WriteString("\n")
	t.heading(bw, title)
	if len(s.offers) == 0 {
		bw.WriteString("none\n")
		return
	}
	head, rows := sectionRows(judge.Defend, s.offers, multi)
	t.write(bw, head, rows)
}

func countRow(name string, c *[len(sectionOrder)]int) []cell {
	row := []cell{{text: name}}
	total := 0
	for _, n := range c {
		row = append(row, cell{text: strconv.Itoa(n)})
		total += n
	}
	return append(row, cell{text: strconv.Itoa(total)})
}

func sectionRows(v judge.Verdict, entries []*entry, multi bool) ([]string, [][]cell) {
	var head []string
	switch v {
	case judge.Defend:
		head = []string{"RISK", "DOMAIN", "WHY"}
	case judge.ThirdParty, judge.Impersonating:
		head = []string{"RISK", "MAIL", "DOMAIN", "EVIDENCE"}
	case judge.Parked:
		head = []string{"RISK", "DOMAIN", "SERVICE", "EVIDENCE"}
	case judge.Owned:
		head = []string{"RISK", "DOMAIN", "EVIDENCE"}
	default:
		head = []string{"RISK", "DOMAIN", "REASON"}
	}
	if multi {
		head = slices.Insert(head, 1, "BRAND")
	}
	rows := make([][]cell, 0, len(entries))
	for _, e := range entries {
		row := []cell{riskCell(e.risk)}
		if multi {
			row = append(row, cell{text: e.brand})
		}
		switch v {
		case judge.Defend:
			row = append(row, cell{text: e.display}, cell{text: e.detail})
		case judge.ThirdParty, judge.Impersonating:
			mail := cell{text: "no"}
			if e.mail {
				mail = cell{text: "yes", style: ansiRed}
			}
			row = append(row, mail, cell{text: e.display}, cell{text: e.evidence})
		case judge.Parked:
			row = append(row, cell{text: e.display}, cell{text: e.detail}, cell{text: e.evidence})
		case judge.Owned:
			row = append(row, cell{text: e.display}, cell{text: e.evidence})
		default:
			row = append(row, cell{text: e.display}, cell{text: e.detail})
		}
		rows = append(rows, row)
	}
	return head, rows
}

func riskCell(r int) cell {
	c := cell{text: strconv.Itoa(r)}
	switch {
	case r >= 70:
		c.style = ansiRed
	case r >= 40:
		c.style = ansiYellow
	}
	return c
}

// cell is one table cell; style is an ANSI code applied after padding, so
// that escape codes never upset the alignment.
type cell struct {
	text  string
	style string
}

type textTable struct{ color bool }

func (t *textTable) heading(w *bufio.Writer, title string) {
	if t.color {
		w.WriteString(ansiBold + title + ansiReset + "\n")
		return
	}
	w.WriteString(title + "\n")
}

// write aligns columns two spaces apart; the last column is not padded.
func (t *textTable) write(w *bufio.Writer, head []string, rows [][]cell) {
	hc := make([]cell, len(head))
	for i, h := range head {
		hc[i] = cell{text: h}
	}
	all := append([][]cell{hc}, rows...)
	width := make([]int, len(head))
	for _, r := range all {
		for i := range r {
			r[i].text = Clean(r[i].text)
			if r[i].text == "" {
				r[i].text = "-"
			}
			width[i] = max(width[i], utf8.RuneCountInString(r[i].text))
		}
	}
	for _, r := range all {
		for i, c := range r {
			text := c.text
			if i < len(r)-1 {
				text += strings.Repeat(" ", width[i]-utf8.RuneCountInString(text)+2)
			}
			if t.color && c.style != "" {
				// Style the text, not the padding after it.
				n := len(c.text)
				text = c.style + text[:n] + ansiReset + text[n:]
			}
			w.WriteString(text)
		}
		w.WriteString("\n")
	}
}
