package lines_test

import (
	"fmt"
	"strings"

	"github.com/lookalike/lookalike/internal/lines"
)

func ExampleEach() {
	portfolio := "# what we own\nairfrance.fr\nairfrance.com   # since 1998\n\nklm.nl\n"
	lines.Each(strings.NewReader(portfolio), func(n int, entry string) bool {
		fmt.Println(n, entry)
		return true
	})
	// Output:
	// 2 airfrance.fr
	// 3 airfrance.com
	// 5 klm.nl
}
