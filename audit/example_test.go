package audit_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/lookalike/lookalike/audit"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
)

func ExampleExtractHTML() {
	page := `<form method="post" action="https://websupport-airbrand.fr/refund">
<a href="/contact">Contact</a> <a href="mailto:help@airbrand-help.fr">Write</a>`
	base, _ := url.Parse("https://www.airbrand.fr/refund/")
	refs, _ := audit.ExtractHTML(strings.NewReader(page), base, "refund.html")
	for _, r := range refs {
		fmt.Println(r.Kind, r.Domain, r.Source)
	}
	// Output:
	// form-action websupport-airbrand.fr refund.html:1
	// link airbrand.fr refund.html:2
	// mailto airbrand-help.fr refund.html:2
}

func ExampleExtractScript() {
	js := `const api = "api.airbrand-support.com"; // not window.location
fetch("https://pay.airbrand-pay.com/v1/" + api); t("user.name")`
	for _, r := range audit.ExtractScript(js, "app.js") {
		fmt.Println(r.Kind, r.Host, r.Source)
	}
	// Output:
	// js-url pay.airbrand-pay.com app.js:2
	// js-host api.airbrand-support.com app.js:1
}

func ExampleParseSPF() {
	terms, _ := audit.ParseSPF("v=spf1 include:_spf.mailhost.com exists:%{i}._spf.brand.fr ip4:192.0.2.0/24 -all")
	for _, t := range terms {
		d, ok := t.Domain()
		fmt.Printf("%-28s %q %v\n", t, d, ok)
	}
	// Output:
	// include:_spf.mailhost.com    "_spf.mailhost.com" true
	// exists:%{i}._spf.brand.fr    "_spf.brand.fr" true
	// ip4:192.0.2.0/24             "" false
	// -all                         "" false
}

func ExampleParseDMARC() {
	d, _ := audit.ParseDMARC("v=DMARC1; p=reject; rua=mailto:dmarc@brand-reports.fr!10m")
	fmt.Println(d.Policy, d.RUA)
	// Output: reject [mailto:dmarc@brand-reports.fr]
}

func ExampleAssess() {
	refs := audit.ExtractScript(`fetch("https://websupport-airbrand.fr/refund"); fetch("https://cdn.airbrand.fr/x")`, "app.js")
	brand, _ := permute.ParseBrand("airbrand.fr")
	lookup := func(_ context.Context, d string) resolve.Result {
		if d == "websupport-airbrand.fr" {
			return resolve.Result{Status: resolve.Unregistered}
		}
		return resolve.Result{Status: resolve.Registered}
	}
	for _, f := range audit.Assess(context.Background(), refs, brand, lookup, nil, nil) {
		fmt.Println(f.Severity, f.Domain, "-", f.Why)
	}
	// Output:
	// critical websupport-airbrand.fr - websupport-airbrand.fr is not registered: whoever registers it gets the requests the brand's scripts send to it
	// info airbrand.fr - registered; the brand's own
}
