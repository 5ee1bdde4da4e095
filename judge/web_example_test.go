package judge_test

import (
	"fmt"
	"time"

	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
	"github.com/lookalike/lookalike/web"
)

// A registered lookalike whose page asks for a password with the brand's
// name: the web record turns a third-party name into an impersonating one,
// and the signal's evidence and why lead the finding.
func ExampleJudgeWeb() {
	brand, _ := permute.ParseBrand("acmebank.com")
	p := judge.NewProfile(brand, resolve.Result{NS: []string{"ns1.acmebank.com"}}, "", nil, nil, nil)
	now := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	c, _ := permute.ParseName("acmebnk.com", brand.Domain)
	r := resolve.Result{Candidate: c, Registrable: c.Domain, Status: resolve.Registered,
		NS: []string{"ns1.host.example"}, A: []string{"192.0.2.7"}}

	page := &web.Record{URL: "https://acmebnk.com/", Status: 200, LoginForm: true, Signals: []web.Signal{{
		Kind: web.Impersonating, Evidence: "login form naming acmebank",
		Why: "https://acmebnk.com/ asks for a password and names the brand (title)", URL: "https://acmebnk.com/"}}}
	f := judge.JudgeWeb(p, r, now, &judge.Web{Fetch: true, Page: page})
	fmt.Println(f.Verdict, f.Risk)
	fmt.Println(f.Evidence[0])
	for _, x := range f.Factors {
		fmt.Println(" ", x)
	}
	// Output:
	// impersonating 100
	// login form naming acmebank
	//   +30 name: typo: missing letter a
	//   +25 tld: .com, the brand's own suffix
	//   +12 mail: no mx, but an address that takes mail (RFC 5321 §5.1)
	//   +5 web: has an address: a site can be up
	//   +40 impersonating: https://acmebnk.com/ asks for a password and names the brand (title)
}
