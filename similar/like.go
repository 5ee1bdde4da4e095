package similar

import (
	"fmt"

	"github.com/lookalike/lookalike/permute"
)

// Like is the judgement in the shape of a func(permute.Brand, string)
// (bool, string), for callers such as scan.AuditOptions.Similar that take
// one: whether domain imitates the brand, and the reason with its kind
// ("combo: the brand paypal as a token beside login"). It prepares the
// brand on every call; judge many names with a Brand or an Index instead.
func Like(b permute.Brand, domain string) (bool, string) {
	nb, err := NewBrand(b, nil, nil)
	if err != nil {
		return false, ""
	}
	m, ok := nb.Judge(domain)
	if !ok {
		return false, ""
	}
	return true, fmt.Sprintf("%s: %s", m.Kind, m.Reason)
}
