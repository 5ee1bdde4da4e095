package takedown

import (
	"errors"
	"slices"
	"testing"

	"github.com/lookalike/lookalike/report"
)

func TestGatherFromFindings(t *testing.T) {
	rec := func(domain, verdict string) report.Record {
		return report.Record{{Key: "domain", Value: domain}, {Key: "brand", Value: "acmebank.com"}, {Key: "verdict", Value: verdict}}
	}
	found := map[string]report.Record{
		"acmebank-login.com": rec("acmebank-login.com", "impersonating"),
		"acmebank.net":       rec("acmebank.net", "owned"),
	}
	for _, tc := range []struct {
		name    string
		domains []string
		src     Sources
		verdict []string
		unknown []string
		err     error
	}{
		{name: "found", domains: []string{"acmebank-login.com"}, src: Sources{Findings: found}, verdict: []string{"impersonating"}},
		{name: "not in the findings", domains: []string{"acmebnk.com"}, src: Sources{Findings: found}, verdict: []string{""}, unknown: []string{"acmebnk.com"}},
		{name: "no source: the name alone, nothing to warn of", domains: []string{"acmebnk.com"}, verdict: []string{""}},
		{name: "any form of the name", domains: []string{"ACMEBANK-Login.com."}, src: Sources{Findings: found}, verdict: []string{"impersonating"}},
		{name: "not a domain is refused", domains: []string{"../etc/passwd"}, err: ErrNotDomain},
		{name: "a header in the name is refused", domains: []string{"x.com\r\nBcc: y"}, err: ErrNotDomain},
		{name: "owned is refused", domains: []string{"acmebank-login.com", "acmebank.net"}, src: Sources{Findings: found}, err: ErrOwned},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs, unknown, err := Gather(tc.domains, tc.src)
			if !errors.Is(err, tc.err) || (err == nil) != (tc.err == nil) {
				t.Fatalf("err %v, want %v", err, tc.err)
			}
			var verdicts []string
			for _, ev := range evs {
				verdicts = append(verdicts, ev.Verdict)
			}
			if !slices.Equal(verdicts, tc.verdict) || !slices.Equal(unknown, tc.unknown) {
				t.Errorf("verdicts %q unknown %q, want %q %q", verdicts, unknown, tc.verdict, tc.unknown)
			}
		})
	}
}
