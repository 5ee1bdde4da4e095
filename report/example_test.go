package report_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/report"
	"github.com/lookalike/lookalike/resolve"
)

func ExampleJudge() {
	brand, _ := permute.ParseBrand("airfrance.fr")
	portfolio, _ := report.ReadPortfolio(strings.NewReader("airfrance.com\n"))
	// The brand's own records come from DNS at scan start.
	own := resolve.Result{NS: []string{"ns1.airfrance.fr"}, MX: []string{"aspmx.l.google.com"}}
	p := report.NewProfile(brand, own, "hostmaster.airfrance.fr", portfolio, nil, nil)
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

	c, _ := permute.ParseName("websupportairfrance.fr", brand.Domain)
	r := resolve.Result{Candidate: c, Registrable: c.Domain, Status: resolve.Registered,
		NS: []string{"ns1.example-dns.net"}, MX: []string{"aspmx.l.google.com"}}
	f := report.Judge(p, r, now)
	fmt.Println(f.Verdict, f.Risk, f.Mail)
	for _, e := range f.Evidence {
		fmt.Println(" ", e)
	}
	for _, x := range report.RiskFactors(p, f, now) {
		fmt.Println(" ", x)
	}
	// Output:
	// third-party 94 true
	//   mx aspmx.l.google.com
	//   mx aspmx.l.google.com shared with brand: not proof of ownership
	//   +49 name: combo: support keyword websupport
	//   +25 tld: .fr, the brand's own suffix
	//   +20 mail: mx: receives mail meant for the brand
}

func ExampleNewRegistrarCSV() {
	brand, _ := permute.ParseBrand("airfrance.fr")
	p := report.NewProfile(brand, resolve.Result{}, "", nil, nil, nil)
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

	csv := report.NewRegistrarCSV(os.Stdout)
	for _, name := range []string{"airfbance.fr", "websupportairfrance.fr", "xn--irfrance-yya.fr"} {
		c, _ := permute.ParseName(name, brand.Domain)
		csv.Add(report.Judge(p, resolve.Result{Candidate: c, Registrable: c.Domain, Status: resolve.Unregistered}, now))
	}
	if err := csv.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// domain,unicode,tld,risk,reason,brand
	// websupportairfrance.fr,websupportairfrance.fr,fr,74,combo: support keyword websupport,airfrance.fr
	// xn--irfrance-yya.fr,àirfrance.fr,fr,67,homoglyph: differs from the brand only by accents,airfrance.fr
	// airfbance.fr,airfbance.fr,fr,37,bitsquat: one bit flipped r→b,airfrance.fr
}

func ExampleSections() {
	brand, _ := permute.ParseBrand("airfrance.fr")
	p := report.NewProfile(brand, resolve.Result{}, "", nil, nil, nil)
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	s := report.NewSections(1)
	for _, name := range []string{"airfbance.fr", "websupportairfrance.fr"} {
		c, _ := permute.ParseName(name, brand.Domain)
		s.Add(report.Judge(p, resolve.Result{Candidate: c, Registrable: c.Domain, Status: resolve.Unregistered}, now))
	}
	s.WriteTable(os.Stdout, false)
	// Output:
	// Summary
	// BRAND         DEFEND  THIRD-PARTY  PARKED  OWNED  UNKNOWN  TOTAL
	// airfrance.fr  2       0            0       0      0        2
	//
	// Register these first (defend): top 1 of 2
	// RISK  DOMAIN                  WHY
	// 74    websupportairfrance.fr  combo: support keyword websupport
	//
	// Registered by third parties: 0
	// none
	//
	// Parked: 0
	// none
	//
	// Owned: 0
	// none
	//
	// Could not be decided: 0
	// none
}
