package audit

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
)

// fakeDNS answers lookups from a table; a domain not in it is registered.
type fakeDNS map[string]resolve.Result

func (f fakeDNS) lookup(_ context.Context, d string) resolve.Result {
	if r, ok := f[d]; ok {
		return r
	}
	return resolve.Result{Status: resolve.Registered, Reason: resolve.ReasonDelegation}
}

func TestAssess(t *testing.T) {
	brand := permute.Brand{Input: "airbrand.fr", Domain: "airbrand.fr", Label: "airbrand", ULabel: "airbrand", Suffix: "fr"}
	ref := func(host, kind string) Ref {
		r, ok := newRef(host, kind, "src", host)
		if !ok {
			t.Fatalf("bad test host %q", host)
		}
		return r
	}
	dnsTable := fakeDNS{
		"websupport-airbrand.fr":  {Status: resolve.Unregistered},
		"airbrand-reports.fr":     {Status: resolve.Unregistered},
		"airbrand-old.fr":         {Status: resolve.Unregistered},
		"airbrand-maybe.fr":       {Status: resolve.Unknown, Reason: resolve.ReasonTimeout},
		"airbrand-maybe-gone.com": {Status: resolve.Unknown, Reason: resolve.ReasonServfail},
	}
	lookalike := func(d string) (bool, string) {
		if strings.Contains(d, "airbrand") {
			return true, "contains the brand label"
		}
		return false, ""
	}
	owned := func(d string) bool { return d == "airbrand-old.fr" || d == "airbrand.com" }
	tests := []struct {
		name string
		refs []Ref
		want []string // domain:severity in order
	}{
		{"unregistered form action is critical", []Ref{ref("websupport-airbrand.fr", KindFormAction)},
			[]string{"websupport-airbrand.fr:critical"}},
		{"unregistered DMARC report domain is critical", []Ref{ref("airbrand-reports.fr", KindDMARCRUA)},
			[]string{"airbrand-reports.fr:critical"}},
		{"an owned name that lapsed is still critical", []Ref{ref("www.airbrand-old.fr", KindLink)},
			[]string{"airbrand-old.fr:critical"}},
		{"registered lookalike run by someone else is high", []Ref{ref("api.airbrand-support.com", KindJSURL)},
			[]string{"airbrand-support.com:high"}},
		{"the brand's own and owned names are info", []Ref{ref("www.airbrand.fr", KindLink), ref("airbrand.com", KindLink)},
			[]string{"airbrand.com:info", "airbrand.fr:info"}},
		{"unrelated third party is info", []Ref{ref("www.googletagmanager.com", KindScript)},
			[]string{"googletagmanager.com:info"}},
		{"dangling CNAME on a third party is high", []Ref{ref("brand.azurewebsites.net", KindDanglingCNAME)},
			[]string{"azurewebsites.net:high"}},
		{"dangling CNAME into the brand's own zone is info", []Ref{ref("old.airbrand.fr", KindDanglingCNAME)},
			[]string{"airbrand.fr:info"}},
		{"undecided is never critical", []Ref{ref("airbrand-maybe.fr", KindFormAction), ref("x.airbrand-maybe-gone.com", KindDanglingCNAME)},
			[]string{"airbrand-maybe-gone.com:unknown", "airbrand-maybe.fr:unknown"}},
		{"sorted by severity, then domain", []Ref{
			ref("www.googletagmanager.com", KindScript), ref("airbrand-maybe.fr", KindLink),
			ref("api.airbrand-support.com", KindJSURL), ref("websupport-airbrand.fr", KindFormAction),
			ref("airbrand-reports.fr", KindDMARCRUA)},
			[]string{"airbrand-reports.fr:critical", "websupport-airbrand.fr:critical", "airbrand-support.com:high",
				"airbrand-maybe.fr:unknown", "googletagmanager.com:info"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := Assess(context.Background(), tc.refs, brand, dnsTable.lookup, owned, lookalike)
			var got []string
			for _, f := range fs {
				got = append(got, f.Domain+":"+f.Severity)
				if f.Why == "" || len(f.Refs) == 0 {
					t.Errorf("finding %s has no Why or no refs", f.Domain)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestAssessGroupsAndLooksUpOnce(t *testing.T) {
	brand := permute.Brand{Domain: "airbrand.fr"}
	refs := []Ref{
		{Host: "b.brand-x.com", Domain: "brand-x.com", Kind: KindLink, Source: "p:2"},
		{Host: "a.brand-x.com", Domain: "brand-x.com", Kind: KindImg, Source: "p:1"},
		{Host: "a.brand-x.com", Domain: "brand-x.com", Kind: KindImg, Source: "p:10"},
	}
	calls := map[string]int{}
	fs := Assess(context.Background(), refs, brand, func(_ context.Context, d string) resolve.Result {
		calls[d]++
		return resolve.Result{Status: resolve.Unregistered}
	}, nil, nil)
	if len(fs) != 1 || calls["brand-x.com"] != 1 {
		t.Fatalf("findings %+v, calls %v; want one finding, one lookup", fs, calls)
	}
	var order []string
	for _, r := range fs[0].Refs {
		order = append(order, r.Host+"@"+r.Source)
	}
	want := []string{"a.brand-x.com@p:1", "a.brand-x.com@p:10", "b.brand-x.com@p:2"}
	if !slices.Equal(order, want) {
		t.Errorf("refs %q, want %q", order, want)
	}
}

// TestSiteFindings runs the whole test site through extraction and Assess with
// a DNS table in which the lookalikes the site references are unregistered:
// the critical and high findings must be exactly those.
func TestSiteFindings(t *testing.T) {
	site := newTestSite(t, http.StatusOK)
	refs, err := Crawl(context.Background(), site.URL+"/", CrawlOptions{})
	if err != nil {
		t.Fatal(err)
	}
	brand, err := permute.ParseBrand("airbrand.fr")
	if err != nil {
		t.Fatal(err)
	}
	dnsTable := fakeDNS{
		"websupport-airbrand.fr":    {Status: resolve.Unregistered}, // the refund form
		"airbrand-remboursement.fr": {Status: resolve.Unregistered}, // the mailto:
	}
	lookalike := func(d string) (bool, string) {
		return strings.Contains(d, "airbrand"), "contains the brand label"
	}
	owned := func(d string) bool {
		return d == "airbrand-static.com" || d == "airbrand-helpdesk.com"
	}
	var got []string
	for _, f := range Assess(context.Background(), refs, brand, dnsTable.lookup, owned, lookalike) {
		if f.Severity == SeverityCritical || f.Severity == SeverityHigh {
			got = append(got, f.Severity+":"+f.Domain)
		}
	}
	want := []string{
		"critical:airbrand-remboursement.fr", "critical:websupport-airbrand.fr",
		"high:airbrand-aide.fr", "high:airbrand-backup.fr", "high:airbrand-clients.fr",
		"high:airbrand-mobile.fr", "high:airbrand-nouveau.fr", "high:airbrand-old-analytics.com",
		"high:airbrand-pay.com", "high:airbrand-payments.com", "high:airbrand-support.com",
		"high:airbrand-travel.com", "high:bagages-airbrand.fr",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
