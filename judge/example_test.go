package judge_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
)

func ExampleJudge() {
	brand, _ := permute.ParseBrand("airfrance.fr")
	portfolio, _ := judge.ReadPortfolio(strings.NewReader("airfrance.com\n"))
	// The brand's own records come from DNS at scan start.
	own := resolve.Result{NS: []string{"ns1.airfrance.fr"}, MX: []string{"aspmx.l.google.com"}}
	p := judge.NewProfile(brand, own, "hostmaster.airfrance.fr", portfolio, nil, nil)
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

	c, _ := permute.ParseName("websupportairfrance.fr", brand.Domain)
	r := resolve.Result{Candidate: c, Registrable: c.Domain, Status: resolve.Registered,
		NS: []string{"ns1.example-dns.net"}, MX: []string{"aspmx.l.google.com"}}
	f := judge.Judge(p, r, now)
	fmt.Println(f.Verdict, f.Risk, f.Mail)
	for _, e := range f.Evidence {
		fmt.Println(" ", e)
	}
	for _, x := range judge.RiskFactors(p, f, now) {
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
