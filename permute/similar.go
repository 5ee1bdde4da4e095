package permute

import (
	"strconv"
	"strings"

	"github.com/lookalike/lookalike/names"
	"golang.org/x/net/idna"
)

// Similar reports whether name (any domain, A-label or Unicode) imitates the
// brand, and how: the same label under another suffix, a homoglyph, the brand
// inside a longer label, or a typo within a small edit distance. It works on
// one name at a time, so that the same judgement serves generated candidates,
// names found by audit and, later, observed-domain streams. The brand's own
// registrable domain is not a lookalike of itself.
func Similar(b Brand, name string) (bool, string) {
	reg, suffix, ok := names.Registrable(strings.ToLower(strings.TrimSuffix(name, ".")))
	if !ok {
		if a, err := idna.Lookup.ToASCII(name); err == nil {
			reg, suffix, ok = names.Registrable(strings.ToLower(a))
		}
		if !ok {
			return false, ""
		}
	}
	if reg == b.Domain {
		return false, ""
	}
	label := strings.TrimSuffix(reg, "."+suffix)
	if strings.HasPrefix(label, "xn--") {
		if u, err := idna.ToUnicode(label); err == nil {
			label = u
		}
	}
	brand := b.ULabel
	switch {
	case label == brand:
		return true, "the brand's label under ." + suffix
	case BareSkeleton(label) == BareSkeleton(brand):
		return true, "a homoglyph of " + brand
	}
	flat, flatBrand := strings.ReplaceAll(label, "-", ""), strings.ReplaceAll(brand, "-", "")
	if flat == flatBrand {
		return true, "the brand's label with hyphens changed"
	}
	if len([]rune(flatBrand)) >= 4 && strings.Contains(flat, flatBrand) {
		return true, "holds the brand's label (combosquat)"
	}
	if len([]rune(flatBrand)) >= 4 && strings.Contains(BareSkeleton(flat), BareSkeleton(flatBrand)) {
		return true, "holds a homoglyph of the brand's label"
	}
	limit := 1
	if len([]rune(brand)) >= 9 {
		limit = 2
	}
	if len([]rune(brand)) >= 4 {
		if d := names.EditDistance(label, brand); d <= limit {
			return true, "a typo of " + brand + " (" + strconv.Itoa(d) + " edit)"
		}
		if d := names.EditDistance(BareSkeleton(label), BareSkeleton(brand)); d <= limit {
			return true, "a typo of a homoglyph of " + brand
		}
	}
	return false, ""
}
