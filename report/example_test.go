package report_test

import (
	"fmt"
	"os"
	"time"

	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/report"
	"github.com/lookalike/lookalike/resolve"
)

func ExampleNewRegistrarCSV() {
	brand, _ := permute.ParseBrand("airfrance.fr")
	p := judge.NewProfile(brand, resolve.Result{}, "", nil, nil, nil)
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

	csv := report.NewRegistrarCSV(os.Stdout)
	for _, name := range []string{"airfbance.fr", "websupportairfrance.fr", "xn--irfrance-yya.fr"} {
		c, _ := permute.ParseName(name, brand.Domain)
		csv.Add(judge.Judge(p, resolve.Result{Candidate: c, Registrable: c.Domain, Status: resolve.Unregistered}, now))
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
	p := judge.NewProfile(brand, resolve.Result{}, "", nil, nil, nil)
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	s := report.NewSections(1)
	for _, name := range []string{"airfbance.fr", "websupportairfrance.fr"} {
		c, _ := permute.ParseName(name, brand.Domain)
		s.Add(judge.Judge(p, resolve.Result{Candidate: c, Registrable: c.Domain, Status: resolve.Unregistered}, now))
	}
	s.WriteTable(os.Stdout, false)
	// Output:
	// Summary
	// BRAND         IMPERSONATING  DEFEND  THIRD-PARTY  PARKED  OWNED  UNAVAILABLE  UNKNOWN  TOTAL
	// airfrance.fr  0              2       0            0       0      0            0        2
	//
	// Impersonating the brand: act now: 0
	// none looked for: pages are examined with --web
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
	// Not for sale (the registry does not sell these today): 0
	// none
	//
	// Could not be decided: 0
	// none
}
