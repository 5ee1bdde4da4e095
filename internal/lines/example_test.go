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

// A line too long to be an entry is an error for that line alone.
func ExampleScan() {
	brands := "airfrance.fr\n" + strings.Repeat("x", lines.MaxLine+1) + "\nklm.nl\n"
	lines.Scan(strings.NewReader(brands), func(n int, entry string, err error) bool {
		if err != nil {
			fmt.Println(err)
			return true
		}
		fmt.Println(n, entry)
		return true
	})
	// Output:
	// 1 airfrance.fr
	// line 2: line too long: over 64 KiB; give one entry a line
	// 3 klm.nl
}
