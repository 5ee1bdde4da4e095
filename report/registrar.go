package report

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"io"
	"slices"
	"strconv"

	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/names"
)

// RegistrarColumns are the columns of the registrar CSV, in order.
var RegistrarColumns = []string{"domain", "unicode", "tld", "risk", "reason", "brand"}

// RegistrarCSV collects the defend findings and writes them, ranked by risk,
// as a bulk-registration upload: one row a registrable domain. It keeps a
// small struct per defend name (there are far fewer of them than candidates)
// because the ranking needs them all.
type RegistrarCSV struct {
	w    io.Writer
	rows map[string]*registrarRow // by registrable domain
}

type registrarRow struct {
	domain, unicode, tld, reason, brand string
	risk                                int
}

// NewRegistrarCSV returns a collector that writes to w at Close.
func NewRegistrarCSV(w io.Writer) *RegistrarCSV {
	return &RegistrarCSV{w: w, rows: map[string]*registrarRow{}}
}

// Add keeps f if its verdict is defend. The row names the registrable domain,
// the one a registrar sells: a candidate such as air.france.fr is registered
// as france.fr. When several candidates share a registrable domain, the
// riskiest one gives the row its risk and reason.
func (c *RegistrarCSV) Add(f judge.Finding) {
	if f.Verdict != judge.Defend {
		return
	}
	domain := f.Registrable
	if domain == "" {
		domain = f.Domain
	}
	row := &registrarRow{domain: domain, risk: f.Risk, brand: f.Brand, reason: f.NameWhy}
	if reasonLapsed(f) {
		row.reason = "lapsed from the portfolio; " + row.reason
	}
	if old, ok := c.rows[domain]; ok && !row.before(old) {
		return
	}
	row.unicode = names.ToUnicode(domain)
	if domain == f.Domain && f.Unicode != "" {
		row.unicode = f.Unicode
	}
	if _, sfx, ok := names.Registrable(domain); ok {
		row.tld = sfx
	}
	c.rows[domain] = row
}

// before decides which of two candidates of one registrable domain gives the
// row, whatever the order they arrive in: the riskier, then by reason and brand.
func (r *registrarRow) before(o *registrarRow) bool {
	return cmp.Or(cmp.Compare(o.risk, r.risk), cmp.Compare(r.reason, o.reason), cmp.Compare(r.brand, o.brand)) < 0
}

func reasonLapsed(f judge.Finding) bool {
	for _, e := range f.Evidence {
		if e == judge.EvidenceLapsed {
			return true
		}
	}
	return false
}

// Len is how many rows Close will write.
func (c *RegistrarCSV) Len() int { return len(c.rows) }

// Close writes the header and the rows, riskiest first, then by domain. Every
// cell goes through Clean and Defuse.
func (c *RegistrarCSV) Close() error {
	rows := make([]*registrarRow, 0, len(c.rows))
	for _, r := range c.rows {
		rows = append(rows, r)
	}
	slices.SortFunc(rows, func(a, b *registrarRow) int {
		return cmp.Or(cmp.Compare(b.risk, a.risk), cmp.Compare(a.domain, b.domain))
	})
	bw := bufio.NewWriter(c.w)
	cw := csv.NewWriter(bw)
	if err := cw.Write(RegistrarColumns); err != nil {
		return err
	}
	for _, r := range rows {
		rec := []string{r.domain, r.unicode, r.tld, strconv.Itoa(r.risk), r.reason, r.brand}
		for i, v := range rec {
			rec[i] = Defuse(Clean(v))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
