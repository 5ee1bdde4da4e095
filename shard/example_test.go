package shard_test

import (
	"fmt"

	"github.com/lookalike/lookalike/shard"
)

// Three processes of one run each keep the names they own.
func ExampleSpec_Owns() {
	names := []string{"acmebank.com", "acmebnk.com", "acrnebank.com", "acmebank-login.com"}
	for i := range 3 {
		s := shard.Spec{Index: i, Count: 3}
		for _, n := range names {
			if s.Owns(n) {
				fmt.Println(s, n)
			}
		}
	}
	// Output:
	// 0/3 acmebank-login.com
	// 1/3 acmebnk.com
	// 2/3 acmebank.com
	// 2/3 acrnebank.com
}
