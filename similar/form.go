package similar

import (
	"fmt"

	"github.com/lookalike/lookalike/permute"
)

// Form is the shape of a match in parts a scorer can weigh (package judge's
// risk points weigh the affix words and the keys of a typo): what stands
// beside the brand and the one edit of a typo, as the name is written.
// Judge fills it for the reading it chose; Form never decides a Kind.
type Form struct {
	// Prefix and Suffix are what stands before and after the brand in the
	// registrable label as written, with any hyphen that joins them
	// ("login-", "-support"; combo, term, missing-dot, tld-in-label). For a
	// typo that adds one character at either end of the label they hold that
	// character: mairfrance is also m + airfrance.
	Prefix, Suffix string
	// Words are the known pieces beside the brand in a combo or term: the
	// keywords, English words, numbers, www or plural s of its own part, in
	// order, then the label's other hyphen-separated tokens. Nil when the
	// rest is unexplained (a bare combo).
	Words []string
	// Edit is the one edit between the brand's label and the name's as
	// written (d1scord: i→1, where Match.Edit says i→l as seen; clmmbank:
	// o→l, though it reads as two edits, cl for d), or as written without
	// hyphens (airfrance-m: extra m), of any reading. Op is "" when there is
	// none: a name one edit from the brand only as seen (acrnebark) is a
	// lookalike with a change, no slip of the fingers.
	Edit Edit
	// Accents: a homoglyph or idn of the whole label whose only difference
	// from the brand is accents (àirfrance), not letters of another script.
	Accents bool
}

// EditOp is the kind of one edit.
type EditOp string

// The one-edit operations.
const (
	OpReplace EditOp = "replace" // Was became Is
	OpSwap    EditOp = "swap"    // Was and Is, neighbours in the brand, swapped
	OpDouble  EditOp = "double"  // Is typed a second time beside itself
	OpInsert  EditOp = "insert"  // Is added between Prev and Next (a hyphen too)
	OpOmit    EditOp = "omit"    // Was left out (a hyphen too)
)

// Edit is one edit that turns the brand's label into the name's. Op is ""
// when the two are not one edit apart.
type Edit struct {
	Op      EditOp
	Was, Is rune
	// Prev and Next are the name's characters either side of the one added
	// (OpInsert, OpDouble), 0 at an edge of the label.
	Prev, Next rune
	// At is the position of the edit, in characters of the brand's label.
	At int
}

// String is the edit as Match.Edit words it: "d→f", "swapped sc",
// "doubled r", "extra k", "hyphen added", "missing o".
func (e Edit) String() string {
	switch e.Op {
	case OpReplace:
		return fmt.Sprintf("%c→%c", e.Was, e.Is)
	case OpSwap:
		return fmt.Sprintf("swapped %c%c", e.Was, e.Is)
	case OpDouble:
		return fmt.Sprintf("doubled %c", e.Is)
	case OpInsert:
		if e.Is == '-' {
			return "hyphen added"
		}
		return fmt.Sprintf("extra %c", e.Is)
	case OpOmit:
		return fmt.Sprintf("missing %c", e.Was)
	}
	return "1 edit"
}

// oneEdit is the edit that turns brand into name when they are exactly one
// replacement, swap of neighbours, addition or omission apart; false
// otherwise. It works on visual bytes and on written runes alike.
func oneEdit[T byte | rune](brand, name []T) (Edit, bool) {
	i := 0
	for i < len(brand) && i < len(name) && brand[i] == name[i] {
		i++
	}
	switch len(name) - len(brand) {
	case 0:
		if i == len(brand) {
			return Edit{}, false // the same
		}
		if i+1 < len(brand) && brand[i] == name[i+1] && brand[i+1] == name[i] && equal(brand[i+2:], name[i+2:]) {
			return Edit{Op: OpSwap, Was: rune(brand[i]), Is: rune(brand[i+1]), At: i}, true
		}
		if equal(brand[i+1:], name[i+1:]) {
			return Edit{Op: OpReplace, Was: rune(brand[i]), Is: rune(name[i]), At: i}, true
		}
	case 1:
		if !equal(brand[i:], name[i+1:]) {
			return Edit{}, false
		}
		e := Edit{Op: OpInsert, Is: rune(name[i]), At: i}
		if i > 0 {
			e.Prev = rune(name[i-1])
		}
		if i+1 < len(name) {
			e.Next = rune(name[i+1])
		}
		if e.Is != '-' && (e.Is == e.Prev || e.Is == e.Next) {
			e.Op = OpDouble
		}
		return e, true
	case -1:
		if equal(brand[i+1:], name[i:]) {
			return Edit{Op: OpOmit, Was: rune(brand[i]), At: i}, true
		}
	}
	return Edit{}, false
}

func equal[T byte | rune](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// finishForm adds to m, judged on n, what does not depend on the reading:
// the one edit between the labels (Form.Edit); the character such an edit
// adds at an edge, as an affix; and for a homoglyph, whether only accents
// differ.
func (b *Brand) finishForm(n *Name, m *Match) {
	f := &m.Form
	bu, nu := []rune(b.unicodeLabel()), []rune(n.ulabel)
	e, ok := oneEdit(bu, nu)
	if !ok {
		// airfrance-m: two edits as written, one without the hyphen.
		bu, nu = dropHyphens(bu), dropHyphens(nu)
		e, ok = oneEdit(bu, nu)
	}
	if ok {
		f.Edit = e
		if f.Prefix == "" && f.Suffix == "" && len(nu) == len(bu)+1 {
			// The added character is an affix too, with the hyphen that
			// joins it.
			switch l := n.ulabel; {
			case equal(nu[1:], bu):
				k := len(string(nu[0]))
				for k < len(l) && l[k] == '-' {
					k++
				}
				f.Prefix = l[:k]
			case equal(nu[:len(bu)], bu):
				k := len(l) - len(string(nu[len(bu)]))
				for k > 0 && l[k-1] == '-' {
					k--
				}
				f.Suffix = l[k:]
			}
		}
	}
	if (m.Kind == KindHomoglyph || m.Kind == KindIDN) && m.Distance == 0 && !n.ascii {
		f.Accents = b.accentsOnly(n.ulabel)
	}
}

func dropHyphens(r []rune) []rune {
	out := make([]rune, 0, len(r))
	for _, c := range r {
		if c != '-' {
			out = append(out, c)
		}
	}
	return out
}

// spanForm is the Form of a reading that found the brand (or a term) at
// ulabel[i:j] of the name as written.
func spanForm(n *Name, i, j int, words []string) Form {
	return Form{Prefix: n.ulabel[:i], Suffix: n.ulabel[j:], Words: words}
}

// formWords are Form.Words: the pieces beside the pattern in its own part,
// then each other token of the label cut into its known pieces, or whole
// when it has none.
func formWords(own, others []string) []string {
	words := append([]string(nil), own...)
	for _, t := range others {
		if ws, ok := explain(t); ok {
			words = append(words, ws...)
		} else {
			words = append(words, t)
		}
	}
	return words
}

// accentsOnly: label (Unicode) differs from the brand's only by accents:
// the confusables skeletons differ, the skeletons without marks agree.
func (b *Brand) accentsOnly(label string) bool {
	bu := b.unicodeLabel()
	return permute.Skeleton(label) != permute.Skeleton(bu) && permute.BareSkeleton(label) == permute.BareSkeleton(bu)
}

func (b *Brand) unicodeLabel() string {
	if b.ULabel != "" {
		return b.ULabel
	}
	return b.Label
}
