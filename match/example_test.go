package match_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/lookalike/lookalike/match"
	"github.com/lookalike/lookalike/similar"
)

// A nightly feed of newly registered domains, matched against two brands.
func ExampleRun() {
	ix := similar.NewIndex([]*similar.Brand{similar.MustBrand("paypal.com"), similar.MustBrand("dhl.com")})
	feed := strings.NewReader("# nrd 2026-12-01\npaypal-refund.net\ngroups.io\ndhl-express-tracking.com\nnot a domain\npineapple.shop\n")
	st, err := match.Run(context.Background(), match.Options{
		Index: ix, Workers: 1, Sources: []match.Source{match.List("nrd.txt", feed)},
	}, func(r match.Result) error {
		fmt.Printf("%s line %d: %s (%s %d)\n", r.Domain, r.Line, r.Brand, r.Kind, r.Score)
		return nil
	})
	if err != nil {
		fmt.Println(err)
	}
	fmt.Printf("%d observed, %d matched, %d junk (line %d)\n", st.Observed, st.Matched, st.Junk, st.Errors[0].Pos)
	// Output:
	// paypal-refund.net line 2: paypal.com (combo 80)
	// dhl-express-tracking.com line 4: dhl.com (combo 80)
	// 4 observed, 2 matched, 1 junk (line 5)
}

// A zone file as a registry publishes it: each delegation observed once.
func ExampleZone() {
	zone := `$ORIGIN com.
$TTL 172800
@ IN SOA a.gtld-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400
discord-nitro IN NS ns1.example.net.
discord-nitro IN NS ns2.example.net.
weather.com. IN NS ns1.example.net.
`
	ix := similar.NewIndex([]*similar.Brand{similar.MustBrand("discord.com")})
	_, err := match.Run(context.Background(), match.Options{Index: ix, Workers: 1,
		Sources: []match.Source{match.Zone("com.zone", strings.NewReader(zone), "com")}},
		func(r match.Result) error { fmt.Println(r.Domain, r.Kind, r.Reason); return nil })
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// discord-nitro.com combo the brand discord as a token beside nitro
}
