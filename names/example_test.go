package names_test

import (
	"fmt"

	"github.com/lookalike/lookalike/names"
)

func ExampleRegistrable() {
	reg, suffix, ok := names.Registrable("websupport.airfrance.co.uk")
	fmt.Println(reg, suffix, ok)
	fmt.Println(names.ToUnicode("xn--irfrance-yya.fr"), names.EditDistance("airfrance", "airfranse"))
	// Output:
	// airfrance.co.uk co.uk true
	// àirfrance.fr 1
}
