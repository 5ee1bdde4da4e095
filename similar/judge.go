package similar

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/wordlists"
)

// Kind is how a name imitates a brand.
type Kind string

// The kinds, strongest likeness first.
const (
	KindIDN        Kind = "idn"                // Unicode letters that look like the brand's: xn--pypal-4ve.com
	KindHomoglyph  Kind = "homoglyph"          // ASCII that reads as the brand: rnicrosoft.com, d1scord.xyz
	KindTLDSwap    Kind = "tld-swap"           // the brand's label under another suffix: paypal.co
	KindTypo       Kind = "typo"               // a small edit of the whole label: paypa.com, pay-pal.com
	KindMissingDot Kind = "missing-dot"        // wwwpaypal.com, www-paypal.com
	KindTLDInLabel Kind = "tld-in-label"       // paypalcom.net, paypal-com.xyz
	KindSubdomain  Kind = "brand-in-subdomain" // paypal.com-secure.xyz: the host reads as paypal.com
	KindCombo      Kind = "combo"              // the brand as a token among keywords: paypal-login.com
	KindComboTypo  Kind = "combo-typo"         // a typo of the brand among keywords: paypa1-login.com
	KindTerm       Kind = "term"               // one of the brand's terms as a token: nitro-gift.com
)

// Match is the judgement of one name against one brand.
type Match struct {
	Brand       string // the brand's registrable domain
	Registrable string // the registrable domain judged: ICANN's, or the private section's (x.ru.com)
	Kind        Kind
	Edit        string // for typos: the edit ("d→f", "missing o", "2 edits")
	Distance    int    // edits between the brand's label and what stands for it (0 for an exact form)
	Score       int    // 1–100: how closely the name imitates the brand
	Reason      string // one line for a person
	Form        Form   // the parts of the reading, as written (form.go)
}

// Scores by kind; within a kind, more edits score less.
const (
	scoreHomoglyph  = 95
	scoreTLDSwap    = 90
	scoreHyphen     = 86
	scoreTypo1      = 86 // minus 8 for each further edit
	scoreMissingDot = 85
	scoreTLDInLabel = 84
	scoreSubdomain  = 82
	scoreComboKW    = 80 // the brand beside a known phishing keyword
	scoreComboWord  = 72 // beside ordinary words or numbers
	scoreComboBare  = 60 // inside a label whose rest means nothing
	scoreComboTypo  = 62 // minus 6 for a second edit
	scoreTerm       = 60
)

// Judge tells whether name (any domain: A-labels or Unicode, any case, a
// host under the registrable domain) imitates the brand, how, and how
// closely. The brand's own domain and its portfolio are never a match, nor
// is a name without a registrable domain.
func (b *Brand) Judge(name string) (Match, bool) {
	n, ok := ParseName(name)
	if !ok {
		return Match{}, false
	}
	return b.JudgeName(n)
}

// JudgeName is Judge for a name already prepared with ParseName, for
// callers that judge one name against many brands.
func (b *Brand) JudgeName(n *Name) (Match, bool) {
	if b.Owns(n.Registrable) {
		return Match{}, false
	}
	m, ok := b.judgeReadings(n)
	if n.alt != nil && !b.Owns(n.alt.Registrable) {
		if am, aok := b.judgeReadings(n.alt); aok && am.Score > m.Score {
			b.finishForm(n.alt, &am)
			return am, true
		}
	}
	if ok {
		b.finishForm(n, &m)
	}
	return m, ok
}

// judgeReadings judges the name as seen (letter pairs folded: rn as m)
// and, when a pair was folded in the name or the brand, as written, and
// keeps the closer reading: a fold may only help a name look like the
// brand (airfrnce is airfrance without its a, hsbclogin holds hsbc).
func (b *Brand) judgeReadings(n *Name) (Match, bool) {
	m, ok := b.judge(n)
	if n.un == nil && b.plain == nil {
		return m, ok
	}
	bp, np := b, n
	if b.plain != nil {
		bp = b.plain
	}
	if n.un != nil {
		np = n.un
	}
	if pm, pok := bp.judge(np); pok && pm.Score > m.Score {
		return pm, true
	}
	return m, ok
}

func (b *Brand) judge(n *Name) (Match, bool) {
	if b.Owns(n.Registrable) {
		return Match{}, false
	}
	best := Match{}
	keep := func(m Match) {
		if m.Score > best.Score {
			best = m
		}
	}
	bu := b.ULabel
	if bu == "" {
		bu = b.Label
	}
	dom := b.Domain
	switch {
	case n.ulabel == bu:
		m := b.match(KindTLDSwap, "", 0, scoreTLDSwap, fmt.Sprintf("the brand's label under .%s", n.Suffix))
		m.Registrable = n.Registrable
		return m, true
	case bytes.Equal(n.flat, b.visual):
		if strings.ReplaceAll(n.ulabel, "-", "") == strings.ReplaceAll(bu, "-", "") {
			best = b.match(KindTypo, "hyphens changed", 1, scoreHyphen, fmt.Sprintf("%s with its hyphens changed", bu))
			best.Registrable = n.Registrable
			return best, true
		}
		kind, what := KindHomoglyph, "letters that read as "
		if !n.ascii {
			kind, what = KindIDN, "Unicode letters that look like "
		}
		best = b.match(kind, "", 0, scoreHomoglyph, what+bu)
		best.Registrable = n.Registrable
		return best, true
	}
	if d := osa(n.flat, b.visual, b.wholeLimit); d <= b.wholeLimit && d > 0 && !isPlainWord(n.ulabel, bu) {
		kind := KindTypo
		if !n.ascii {
			kind = KindIDN
		}
		edit := describeEdit(b.visual, n.flat, d)
		keep(b.match(kind, edit, d, scoreTypo1-8*(d-1), fmt.Sprintf("a typo of %s (%s)", dom, edit)))
	}
	if n.sub != "" {
		if m, ok := b.subdomain(n); ok {
			keep(m)
		}
	}
	if best.Score < scoreComboKW {
		if m, ok := b.tokens(n, b.visual, KindCombo); ok {
			keep(m)
		} else if b.tokenLimit > 0 && b.semiLev(n.flat, b.tokenLimit+1) <= b.tokenLimit+1 {
			// (a typo within tokenLimit edits is within one more in
			// Levenshtein's count, which counts a swap two, unless it
			// holds two swaps; most labels are not)
			if m, ok := b.tokenTypo(n); ok {
				keep(m)
			}
		}
	}
	if best.Score == 0 {
		for _, t := range b.terms {
			if m, ok := b.tokens(n, t.visual, KindTerm); ok {
				m.Reason = fmt.Sprintf("the term %q of %s: %s", t.word, dom, m.Reason)
				keep(m)
				break
			}
		}
	}
	best.Registrable = n.Registrable
	return best, best.Score > 0
}

func (b *Brand) match(k Kind, edit string, d, score int, reason string) Match {
	return Match{Brand: b.Domain, Kind: k, Edit: edit, Distance: d, Score: score, Reason: reason}
}

// isPlainWord: a label that is an English word ("ample" for apple) is a
// word, not a typo, unless it is the brand with an s (apples).
func isPlainWord(label, brand string) bool {
	return label != brand+"s" && isEnglish(label)
}

// tokens looks for pattern (the brand's visual label, or a term's) inside
// the label: in a hyphen-separated token, or across hyphens when no token
// holds it. It applies the rules of doc.go: not inside a longer English word,
// and the rest of the token explained by keywords, words, numbers, www or a
// TLD unless the pattern is long enough (6+ letters) to stand on its own.
func (b *Brand) tokens(n *Name, pat []byte, kind Kind) (Match, bool) {
	if len(pat) == 0 || len(n.flat) < len(pat) {
		return Match{}, false
	}
	var tb [8]token // (on the stack: most labels have few parts)
	toks := splitTokens(tb[:0], n)
	best := Match{}
	for ti, t := range toks {
		tv := n.v[t.vs:t.ve]
		for off := 0; ; {
			k := bytes.Index(tv[off:], pat)
			if k < 0 {
				break
			}
			i, j := t.vs+off+k, t.vs+off+k+len(pat)
			off += k + 1
			raw := n.ulabel[n.pos[t.vs]:n.pos[t.ve]]
			ri, rj := int(n.pos[i]-n.pos[t.vs]), int(n.pos[j]-n.pos[t.vs])
			if covered(raw, ri, rj) {
				continue
			}
			m, ok := b.affixes(n, toks, ti, raw[:ri], raw[rj:], string(n.v[t.vs:i]), string(n.v[j:t.ve]), len(pat), kind)
			if ok && m.Score > best.Score {
				m.Form = spanForm(n, int(n.pos[i]), int(n.pos[j]), m.Form.Words)
				best = m
			}
		}
	}
	if best.Score == 0 && len(toks) > 1 {
		// Across hyphens: pancake-swap-finance, aus-post-parcel.
		if k := bytes.Index(n.flat, pat); k >= 0 && crossesHyphen(n, k, k+len(pat)) {
			pre := strings.ReplaceAll(n.ulabel[:n.fpos[k]], "-", "")
			suf := strings.ReplaceAll(n.ulabel[n.fpos[k+len(pat)]:], "-", "")
			vpre, vsuf := string(n.flat[:k]), string(n.flat[k+len(pat):])
			if m, ok := b.affixes(n, nil, -1, pre, suf, vpre, vsuf, len(pat), kind); ok {
				m.Form = spanForm(n, int(n.fpos[k]), int(n.fpos[k+len(pat)]), m.Form.Words)
				m.Reason += ", split by hyphens"
				m.Score -= 4
				best = m
			}
		}
	}
	return best, best.Score > 0
}

// crossesHyphen: the span [i, j) of n.flat has a hyphen inside it in the
// label as written.
func crossesHyphen(n *Name, i, j int) bool {
	return j > i && strings.Contains(n.ulabel[n.fpos[i]:n.fpos[j-1]], "-")
}

type token struct{ vs, ve int } // a span of n.v between hyphens

func splitTokens(out []token, n *Name) []token {
	s := 0
	for i := 0; i <= len(n.v); i++ {
		if i == len(n.v) || n.v[i] == '-' {
			if i > s {
				out = append(out, token{s, i})
			}
			s = i + 1
		}
	}
	return out
}

// affixes judges what stands before and after the pattern in its token, and
// the tokens around it.
//
// pre and suf are as written; vpre and vsuf in visual form, so that
// "chase0nline" reads as chase + online.
func (b *Brand) affixes(n *Name, toks []token, ti int, pre, suf, vpre, vsuf string, plen int, kind Kind) (Match, bool) {
	bu := b.Domain
	rawTok := func(i int) string {
		if i < 0 || i >= len(toks) {
			return ""
		}
		return n.ulabel[n.pos[toks[i].vs]:n.pos[toks[i].ve]]
	}
	if kind == KindCombo {
		if isWWW(pre) && (suf == "" || isDigits(suf)) || pre == "" && isWWW(rawTok(ti-1)) && ti == 1 {
			return b.match(KindMissingDot, "", 0, scoreMissingDot, fmt.Sprintf("www.%s without its dot", bu)), true
		}
		if pre == "" && (b.isTLDForm(strings.TrimRight(suf, "0123456789"), false) ||
			suf == "" && ti+1 < len(toks) && b.isTLDForm(rawTok(ti+1), true)) {
			return b.match(KindTLDInLabel, "", 0, scoreTLDInLabel, fmt.Sprintf("%s with a TLD written into the label", bu)), true
		}
	}
	pw, pok := explain(pre)
	if !pok {
		pw, pok = explain(vpre)
	}
	sw, sok := explain(suf)
	if !sok {
		sw, sok = explain(vsuf)
	}
	var parts, others []string
	kw := false
	for _, w := range append(pw, sw...) {
		parts = append(parts, w)
		kw = kw || isKeyword(w)
	}
	for i := range toks {
		if i != ti {
			t := rawTok(i)
			parts = append(parts, t)
			others = append(others, t)
			kw = kw || isKeyword(t)
		}
	}
	what := "the brand " + b.Label
	if kind == KindTerm {
		what = "the term"
	}
	switch {
	case kind == KindTerm && (!pok || !sok):
		return Match{}, false
	case pok && sok:
		score := scoreComboWord
		if kw {
			score = scoreComboKW
		}
		if kind == KindTerm {
			score = scoreTerm
		}
		reason := what + " as a token"
		if len(parts) > 0 {
			reason += " beside " + strings.Join(parts, ", ")
		}
		m := b.match(kind, "", 0, score, reason)
		m.Form.Words = formWords(parts[:len(parts)-len(others)], others)
		return m, true
	case plen >= 6, plen >= 4 && kind == KindCombo && (pre == "" || suf == "") && !isEnglish(b.Label):
		// Long enough to stand on its own; or 4–5 letters that are no word
		// (smbc, mufg), starting or ending their part (smbcsb, jjcvpass).
		return b.match(kind, "", 0, scoreComboBare, fmt.Sprintf("holds %s (rest: %s)", what, strings.Trim(pre+"…"+suf, "…"))), true
	}
	return Match{}, false
}

// tokenTypo looks for a typo of the brand (within tokenLimit edits) inside
// a token or across hyphens: dscord-nitro, ratuten-bank, webtellegram.
func (b *Brand) tokenTypo(n *Name) (Match, bool) {
	var tb [8]token // (on the stack: most labels have few parts)
	toks := splitTokens(tb[:0], n)
	type span struct {
		v        []byte
		raw      string
		pos      []int32
		ti       int
		acrossed bool
	}
	var sb [8]span
	spans := sb[:0]
	for ti, t := range toks {
		spans = append(spans, span{n.v[t.vs:t.ve], n.ulabel[n.pos[t.vs]:n.pos[t.ve]], n.pos[t.vs : t.ve+1], ti, false})
	}
	if len(toks) > 1 {
		spans = append(spans, span{n.flat, "", n.fpos, -1, true})
	}
	for _, s := range spans {
		if len(s.v) < len(b.visual)-b.tokenLimit {
			continue
		}
		// Cheap answers first, the same as occurrence's: the brand itself
		// in the span (distance 0), or no span within 2×tokenLimit in
		// Levenshtein's count (a swap counts two there, one here).
		if bytes.Contains(s.v, b.visual) || b.semiLev(s.v, 2*b.tokenLimit) > 2*b.tokenLimit {
			continue
		}
		if !s.acrossed && isEnglish(s.raw) {
			continue // a word is no typo (asked below too; cheaper first)
		}
		d, i, j := occurrenceWithin(b.visual, s.v, b.tokenLimit)
		if d == 0 || d > b.tokenLimit {
			continue
		}
		var pre, mid, suf string
		if s.acrossed {
			if !crossesHyphen(n, i, j) {
				continue // a token's own typo was judged above
			}
			pre = strings.ReplaceAll(n.ulabel[:s.pos[i]], "-", "")
			mid = strings.ReplaceAll(n.ulabel[s.pos[i]:s.pos[j]], "-", "")
			suf = strings.ReplaceAll(n.ulabel[s.pos[j]:], "-", "")
		} else {
			base := s.pos[0]
			ri, rj := int(s.pos[i]-base), int(s.pos[j]-base)
			pre, mid, suf = s.raw[:ri], s.raw[ri:rj], s.raw[rj:]
			// (the cheap tests first; covered asks the word list most)
			if (ri > 0 && rj < len(s.raw)) || isEnglish(s.raw) {
				continue
			}
		}
		if isEnglish(mid) {
			continue
		}
		// (covered first: where the rest is words it is cheaper to ask)
		if !s.acrossed && covered(s.raw, int(s.pos[i]-s.pos[0]), int(s.pos[j]-s.pos[0])) {
			continue
		}
		if len(b.visual) < 7 && (!explained(pre) || !explained(suf)) {
			continue
		}
		edit := describeEdit(b.visual, s.v[i:j], d)
		return b.match(KindComboTypo, edit, d, scoreComboTypo-6*(d-1),
			fmt.Sprintf("%s, a typo of %s (%s), among other words", mid, b.Domain, edit)), true
	}
	return Match{}, false
}

// subdomain recognises a host that reads as the brand's domain when the
// eye stops early: paypal.com-secure.xyz, paypal.com.evil.xyz.
func (b *Brand) subdomain(n *Name) (Match, bool) {
	labels := strings.Split(n.sub, ".")
	for i, l := range labels {
		v, _ := visual(nil, nil, names.ToUnicode(l))
		if !bytes.Equal(bytes.ReplaceAll(v, []byte("-"), nil), b.visual) {
			continue
		}
		var next string
		if i+1 < len(labels) {
			next = labels[i+1]
		} else {
			next, _, _ = strings.Cut(n.label, "-")
		}
		if b.isTLDForm(next, true) {
			return b.match(KindSubdomain, "", 0, scoreSubdomain,
				fmt.Sprintf("%s reads as %s.%s", n.Domain, l, next)), true
		}
	}
	return Match{}, false
}

// isTLDForm: the brand's suffix written into a label (fr, co-uk, couk), or
// .com, .net, .org, .co; with any, also any country-code TLD (discord-ro,
// rbc-ca), which only counts as a token of its own.
func (b *Brand) isTLDForm(s string, any bool) bool {
	if s == "" {
		return false
	}
	for _, f := range b.tldForms {
		if s == f {
			return true
		}
	}
	return any && len(s) == 2 && tldSet()[s]
}

var tldSet = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, t := range wordlists.AllTLDs() {
		m[t] = true
	}
	return m
})

var keywordSet = sync.OnceValue(func() map[string]bool {
	kws, err := wordlists.Keywords("all")
	if err != nil {
		panic(err) // embedded data: the wordlists tests catch it
	}
	m := make(map[string]bool, len(kws))
	for _, k := range kws {
		m[strings.ReplaceAll(k.Word, "-", "")] = true
	}
	return m
})

func isWWW(s string) bool {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	switch s[:i] {
	case "www", "ww", "wwww", "http", "https":
		return true
	}
	return false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// inflections may follow a brand without making a longer word of it
// (telegrams, discorder): "telegramsupport" holds the brand telegram.
var inflections = []string{"s", "es", "ed", "er", "ers", "ing", "d"}

// covered reports whether the span [i, j) of token sits inside a longer
// English word of the token: apple in pineapple, applesauce, grapple and
// appleton; booking in overbooking; ups in groups; bt in debt.
func covered(token string, i, j int) bool {
	for a := i; a >= 0; a-- {
		for e := j; e <= len(token) && e-a <= 24; e++ {
			if a == i && e == j {
				continue
			}
			w := token[a:e]
			if a == i && e < len(token) && isInflection(token[j:e]) {
				continue
			}
			if len(w) >= 3 && isEnglish(w) {
				return true
			}
		}
	}
	return false
}

func isInflection(s string) bool {
	for _, f := range inflections {
		if s == f {
			return true
		}
	}
	return false
}

// explain splits what stands beside the brand into known pieces: up to
// three keywords, English words (3+ letters), www, a plural s or numbers.
// The empty string is explained by nothing.
func explain(s string) ([]string, bool) {
	if s == "" {
		return nil, true
	}
	if !utf8.ValidString(s) || len(s) > 40 {
		return nil, false
	}
	if s == "s" || known(s) {
		return []string{s}, true
	}
	// Two or three pieces; the first split that works, longest first piece.
	var try func(s string, depth int) ([]string, bool)
	try = func(s string, depth int) ([]string, bool) {
		if piece(s) {
			return []string{s}, true
		}
		if depth == 1 {
			return nil, false
		}
		for k := len(s) - 1; k >= 1; k-- {
			if !piece(s[:k]) {
				continue
			}
			if rest, ok := try(s[k:], depth-1); ok {
				return append([]string{s[:k]}, rest...), true
			}
		}
		return nil, false
	}
	return try(s, 3)
}

// explained is explain's answer without its pieces.
func explained(s string) bool {
	switch {
	case s == "":
		return true
	case !utf8.ValidString(s) || len(s) > 40:
		return false
	}
	return s == "s" || known(s) || splitsIn(s, 3)
}

// splitsIn: s is depth pieces or fewer, as explain splits it.
func splitsIn(s string, depth int) bool {
	if piece(s) {
		return true
	}
	if depth == 1 {
		return false
	}
	for k := len(s) - 1; k >= 1; k-- {
		if piece(s[:k]) && splitsIn(s[k:], depth-1) {
			return true
		}
	}
	return false
}

func piece(s string) bool {
	if f, ok := wordFlags(s); ok { // letters only: no digits, one look-up
		return f&(flagKeyword|flagWWW) != 0 || len(s) >= 3 && f&flagEnglish != 0
	}
	return isDigits(s) || isKeyword(s) || isWWW(s) || (len(s) >= 3 && isEnglish(s))
}

// known: s is digits, a keyword, www or an English word.
func known(s string) bool {
	if f, ok := wordFlags(s); ok {
		return f != 0
	}
	return isDigits(s) || isKeyword(s) || isWWW(s) || isEnglish(s)
}
