package report_test

import (
	"fmt"
	"os"
	"time"

	"github.com/lookalike/lookalike/report"
)

// finding is the part of a scan record the defender formats read.
func exampleFinding(brand, domain, verdict string, risk int) report.Record {
	return report.Record{
		{Key: "domain", Value: domain},
		{Key: "brand", Value: brand},
		{Key: "verdict", Value: verdict},
		{Key: "risk", Value: risk},
		{Key: "evidence", Value: ""},
	}
}

func ExampleNewBlocklistWriter() {
	w := report.NewBlocklistWriter(os.Stdout, report.ExportOptions{})
	w.Write(exampleFinding("acmebank.com", "acmebank-login.com", "third-party", 94))
	w.Write(exampleFinding("acmebank.com", "acmebank-support.com", "owned", 74))
	w.Write(exampleFinding("acmebank.com", "acrnebank.com", "defend", 75))
	w.Write(exampleFinding("acmebank.com", "acmebank.org", "parked", 65))
	if err := w.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// acmebank-login.com
	// acmebank.org
}

func ExampleNewRPZWriter() {
	opts := report.ExportOptions{
		Now:  time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC),
		Zone: "rpz.example.com",
	}
	if err := opts.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	w := report.NewRPZWriter(os.Stdout, opts)
	w.Write(exampleFinding("acmebank.com", "acmebank-login.com", "third-party", 94))
	w.Write(exampleFinding("acmebank.com", "acmebank.com", "third-party", 50)) // the brand: never blocked
	if err := w.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// ; Response policy zone of lookalike names, made by lookalike at 2026-12-02T00:00:00Z
	// ; 1 names; "CNAME ." answers NXDOMAIN for the name and every name beneath it.
	// $ORIGIN rpz.example.com.
	// $TTL 300
	// @	SOA	localhost. hostmaster.localhost. 1796169600 3600 600 604800 300
	// @	NS	localhost.
	//
	// ; third-party acmebank-login.com risk 94 brand acmebank.com
	// acmebank-login.com	CNAME	.
	// *.acmebank-login.com	CNAME	.
}

func ExampleExportOptions_Validate() {
	opts := report.ExportOptions{Verdicts: []string{"third-party", "owned"}}
	fmt.Println(opts.Validate())
	// Output:
	// verdict filter "third-party,owned": owned names are the brand's own and are never exported to a blocklist; leave owned out
}
