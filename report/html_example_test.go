package report_test

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/lookalike/lookalike/report"
)

func ExampleNewHTMLWriter() {
	var page strings.Builder
	w := report.NewHTMLWriter(&page, report.HTMLOptions{Budget: 20, History: &report.HTMLHistory{
		Changes: []report.HTMLChange{{Domain: "acmebank-login.com", Kind: "gained-mx", Field: "mx", After: "mail.acmebank-login.com", Verdict: "third-party", Risk: 94}},
	}})
	w.Write(exampleFinding("acmebank.com", "acmebank-login.com", "third-party", 94))
	w.Write(exampleFinding("acmebank.com", "acrnebank.com", "defend", 75))
	w.Write(exampleFinding("acmebank.com", "<b>x</b>.com", "unknown", 10))
	if err := w.Close(); err != nil {
		fmt.Println(err)
	}
	for _, h := range regexp.MustCompile(`<h2>([^<]*)</h2>`).FindAllStringSubmatch(page.String(), -1) {
		fmt.Println(h[1])
	}
	fmt.Println(strings.Contains(page.String(), "&lt;b&gt;x&lt;/b&gt;.com"))
	// Output:
	// Summary
	// Changes since the last run
	// Impersonating the brand: act now: 0
	// Registered by third parties: 1
	// Parked: 0
	// Owned: 0
	// Register these first (defend): 1
	// Not for sale: 0
	// Could not be decided: 1
	// true
}
