package similar_test

import (
	"fmt"

	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/similar"
)

func ExampleBrand_Judge() {
	b := similar.MustBrand("apple.com")
	for _, name := range []string{"apple-support.net", "pineapple.com", "xn--pple-43d.com", "appel.com"} {
		m, ok := b.Judge(name)
		if !ok {
			fmt.Println(name, "no match")
			continue
		}
		fmt.Printf("%s %s %d: %s\n", name, m.Kind, m.Score, m.Reason)
	}
	// Output:
	// apple-support.net combo 80: the brand apple as a token beside support
	// pineapple.com no match
	// xn--pple-43d.com idn 95: Unicode letters that look like apple
	// appel.com typo 86: a typo of apple.com (swapped le)
}

func ExampleLike() {
	b, _ := permute.ParseBrand("paypal.com")
	fmt.Println(similar.Like(b, "login-paypal.net"))
	fmt.Println(similar.Like(b, "example.org"))
	// Output:
	// true combo: the brand paypal as a token beside login
	// false
}
