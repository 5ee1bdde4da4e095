package permute

import (
	"strings"
	"sync"
	"unicode"

	"github.com/lookalike/lookalike/wordlists"
	"golang.org/x/text/unicode/norm"
)

var confusableTable = sync.OnceValue(wordlists.Confusables)

// Skeleton is the UTS #39 §4 skeleton of a label, case-folded: NFD, each
// character replaced by its confusables prototype, NFD again. Two labels with
// the same skeleton look the same: "раураl" (Cyrillic), "paypa1" and "paypal"
// all give "paypal"; "arnazon" and "amazon" both give "arnazon". Case is
// folded first and last because DNS labels are case-insensitive, so "0" (whose
// prototype is "O") meets "o". The table covers the lookalikes of a–z and 0–9
// in Latin, Greek and Cyrillic (wordlists.Confusables).
func Skeleton(label string) string {
	table := confusableTable()
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(label)) {
		if p, ok := table[r]; ok {
			b.WriteString(p)
		} else {
			b.WriteRune(r)
		}
	}
	return strings.ToLower(norm.NFD.String(b.String()))
}

// BareSkeleton is Skeleton without combining marks: "àirfrance" and
// "airfrance" differ only by accents, which a reader skims over.
func BareSkeleton(label string) string {
	s := Skeleton(label)
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, s)
}
