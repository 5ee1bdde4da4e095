package judge

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/similar"
	"github.com/lookalike/lookalike/wordlists"
)

// Likelihood is the prior that a third party registers a name against the
// brand: what "Register these first" and --budget order by. It is a weight,
// comparable between the names of one brand, not a probability.
type Likelihood struct {
	// Score is Kind's weight times the TLD's, times 0.8 for a name made from
	// a brand term rather than the brand's label; 0 for a name the registry
	// does not sell (Candidate.Unavailable), which is never offered.
	Score float64
	// Kind names the form, as package similar reads it: lookalike,
	// idn-lookalike, accents, typo, hyphen, same-label, missing-dot,
	// tld-in-label, brand-in-subdomain, combo-core, combo, combo-pair,
	// combo-word, combo-typo, typo2; other for a name similar does not read
	// as the brand's.
	Kind string
	// Why says it in words, for --explain: "one-edit typo under .com".
	Why string
}

// The weights of the prior. The order, not the values, is what the sources
// support; the values were set by class and checked on the shared set of real
// registrations by class (docs/BENCHMARKS.md, "Detection (issue 11)"), never
// against single names.
//
//   - One-edit typos and visual lookalikes of the registrable label lead:
//     squatters register the one-edit (Damerau–Levenshtein 1) typos of
//     popular domains nearly exhaustively, and of less popular ones too
//     (Agten et al., "Seven months' worth of mistakes", NDSS 2015; Szurdi et
//     al., "The Long 'Taile' of Typosquatting Domain Names", USENIX Security
//     2014), and homographs are
//     registered for phishing because they pass a reader's eye (Holgers et
//     al., "Cutting through the Confusion", USENIX ATC 2006).
//   - Unicode homographs below them: they exist and deceive, but are
//     registered far less often than typos (380 of the 22,713 real names of
//     the shared set are IDN, 5,448 are typos) and a .com brand has
//     thousands of them, which would fill any budget.
//   - Then the brand's label under another TLD and the missing dot of www.
//   - Combos are the most numerous squats overall (Kintis et al., "Hiding in
//     Plain Sight", CCS 2017), but spread over thousands of words: one given
//     combo is less likely than one given typo, the core lure words (login,
//     account, verify, support: Akamai 2022) most, two words and long words
//     less.
//   - The brand's domain read in a subdomain (brand.com-secure.xyz) weighs
//     as a combo: it buys one name of a long tail too.
//   - Two edits, one edit only as seen, and typos inside combos come last,
//     then what package similar does not read as the brand at all ("other":
//     a subdomain form whose registrable domain is no likeness, a digit
//     run, an English word).
var kindWeight = map[string]float64{
	"lookalike":          1.0,
	"typo":               0.9,
	"idn-lookalike":      0.5,
	"same-label":         0.8,
	"missing-dot":        0.7,
	"accents":            0.7,
	"hyphen":             0.6,
	"combo-core":         0.55,
	"tld-in-label":       0.45,
	"brand-in-subdomain": 0.3,
	"combo":              0.3,
	"combo-pair":         0.3,
	"combo-word":         0.15,
	"typo2":              0.15,
	"combo-typo":         0.15,
	"other":              0.05,
}

// phishingDomains2025 counts the phishing domains per TLD, May 2024 – April
// 2025 (Interisle Consulting Group, "Phishing Landscape 2025", table "Ranking
// of TLDs by Phishing Domains", via cybercrimeinfocenter.org). Beyond com,
// net and org, which get weights of their own, a TLD's weight grows with its
// count; the cheap-TLD set (wordlists.AbusedTLDs) outside this table gets
// the floor.
var phishingDomains2025 = map[string]int{
	"top": 187749, "bond": 79875, "xyz": 73509, "shop": 50052, "info": 44540,
	"xin": 42724, "cn": 40763, "online": 33414, "ru": 31312, "vip": 30216,
	"cc": 24550, "cfd": 24241, "lol": 24187, "sbs": 23293, "site": 20595,
	"icu": 19392, "pro": 17078,
}

// tldWeight says how likely a squat of the brand sits under suffix: the
// brand's own and .com first (where customers type and where most phishing
// domains are, Interisle 2025), the brand's country family, .net and .org,
// then the abused TLDs by their phishing counts, the rest of the swap set,
// anything else.
func tldWeight(b permute.Brand, suffix string) (float64, string) {
	tld := names.LastLabel(suffix)
	switch {
	case suffix == b.Suffix:
		return 1, "the brand's own suffix ." + suffix
	case suffix == "com":
		return 0.8, ".com"
	case slices.Contains(wordlists.SuffixFamily(b.Suffix), suffix):
		return 0.5, "." + suffix + ", the brand's country"
	case suffix == "net" || suffix == "org":
		return 0.35, "." + suffix
	}
	if n, ok := phishingDomains2025[tld]; ok && tld == suffix {
		return 0.12 + 0.38*float64(n)/float64(phishingDomains2025["top"]), "." + suffix + ", abused for phishing"
	}
	if slices.Contains(cheapTLDs(), suffix) {
		return 0.12, "." + suffix + ", abused for phishing"
	}
	if slices.Contains(swapSet(), suffix) {
		return 0.08, "." + suffix + ", a major market's TLD"
	}
	return 0.04, "." + suffix
}

var cheapTLDs = sync.OnceValue(wordlists.AbusedTLDs)

// Prior gives a candidate of brand b its likelihood. The form of the name —
// its kind, the words beside the brand, the edit of a typo — is package
// similar's reading (Brand.Judge: Match.Kind and Match.Form), the one that
// risk, audit and match use; this file only gives the weights. A name made
// from a brand term is read against that term, as if it were the brand's
// label. A name similar does not read as imitating the brand (or the term)
// is "other", whatever fuzzer made it.
func Prior(b permute.Brand, c permute.Candidate) Likelihood {
	if c.Unavailable != "" {
		return Likelihood{Kind: "unavailable", Why: c.Unavailable}
	}
	_, suffix, ok := names.Registrable(c.Domain)
	if !ok {
		return Likelihood{Kind: "other", Why: "not under a public suffix"}
	}
	sb, term := rankBrand(b), 1.0
	if c.Term != "" {
		sb, term = termBrand(b, c.Term), 0.8
	}
	r := reading{"other", "made by " + strings.Join(c.Fuzzers, ", "), 1}
	if sb != nil {
		if m, ok := sb.Judge(c.Domain); ok {
			r = readingOf(sb, m)
		}
	}
	tw, twhy := tldWeight(b, suffix)
	if r.kind == "same-label" && names.EditDistance(suffix, b.Suffix) == 1 && tw < 0.6 {
		// paypal.cm, paypal.co: the user's typo of the suffix, not a
		// squatter's choice of TLD; .cm and .om are known for that traffic.
		tw, twhy = 0.6, "."+suffix+", a typo of ."+b.Suffix
	}
	return Likelihood{
		Score: kindWeight[r.kind] * r.sub * tw * term,
		Kind:  r.kind,
		Why:   r.why + " under " + twhy,
	}
}

// rankBrands holds the brands (and terms) prepared for similar's judgement,
// by registrable domain: Prior is called once a candidate, and a brand's
// preparation costs more than a judgement.
var rankBrands sync.Map // string → *similar.Brand

// rankBrand is b prepared for similar's judgement, nil if it cannot be.
func rankBrand(b permute.Brand) *similar.Brand {
	if b.Domain == "" {
		return nil
	}
	if sb, ok := rankBrands.Load(b.Domain); ok {
		return sb.(*similar.Brand)
	}
	sb, err := similar.NewBrand(b, nil, nil)
	if err != nil {
		return nil
	}
	v, _ := rankBrands.LoadOrStore(b.Domain, sb)
	return v.(*similar.Brand)
}

// termBrand is a term of b as a brand of its own under b's suffix
// (icloud.com for apple.com's icloud), so that a name made from the term is
// read against it.
func termBrand(b permute.Brand, term string) *similar.Brand {
	tb, err := permute.ParseBrand(term + "." + b.Suffix)
	if err != nil {
		return nil
	}
	return rankBrand(tb)
}

// reading is the prior's kind for similar's reading of a name, why in
// words, and the weight within the kind.
type reading struct {
	kind, why string
	sub       float64
}

// readingOf turns similar's reading of a name into a kind of the prior.
func readingOf(sb *similar.Brand, m similar.Match) reading {
	base := sb.ULabel
	if base == "" {
		base = sb.Label
	}
	f := m.Form
	switch m.Kind {
	case similar.KindTLDSwap:
		return reading{"same-label", "the brand's label", 1}
	case similar.KindIDN, similar.KindHomoglyph:
		if m.Distance > 0 {
			return editReading(base, m)
		}
		switch {
		case f.Accents:
			return reading{"accents", "differs from " + base + " by accents", 1}
		case m.Kind == similar.KindIDN:
			return reading{"idn-lookalike", "looks the same as " + base + " (Unicode)", 1}
		}
		return reading{"lookalike", "looks the same as " + base, 1}
	case similar.KindTypo:
		// mairfrance is also m.airfrance without its dot: the likelier
		// reading counts.
		r := editReading(base, m)
		if h := strings.Trim(f.Prefix, "-"); f.Suffix == "" && slices.Contains(missingDotHosts, h) && kindWeight["missing-dot"] > kindWeight[r.kind]*r.sub {
			return reading{"missing-dot", h + "." + base + " without its dot", 1}
		}
		return r
	case similar.KindMissingDot:
		return reading{"missing-dot", strings.Trim(f.Prefix, "-") + "." + base + " without its dot", 1}
	case similar.KindTLDInLabel:
		return reading{"tld-in-label", "the suffix written into the label", 1}
	case similar.KindCombo, similar.KindTerm:
		return comboReading(base, f)
	case similar.KindComboTypo:
		return reading{"combo-typo", fmt.Sprintf("a typo of %s (%s) among other words", base, m.Edit), 1}
	case similar.KindSubdomain:
		return reading{"brand-in-subdomain", "reads as " + base + " in a subdomain", 1}
	}
	return reading{"other", m.Reason, 1}
}

// editReading weighs a typo, or a lookalike with a change, by its edit: one
// edit as written is a typo (or a hyphen), weighed by the slip that makes
// it; two edits, or one only as seen, are typo2.
func editReading(base string, m similar.Match) reading {
	e := m.Form.Edit
	switch {
	case e.Op == similar.OpInsert && e.Is == '-', e.Op == similar.OpOmit && e.Was == '-':
		return reading{"hyphen", "a hyphen added or left out", 1}
	case e.Op != "":
		w, what := typoWeight(e)
		return reading{"typo", fmt.Sprintf("one-edit typo of %s (%s)", base, what), w}
	case m.Distance == 1:
		return reading{"typo2", fmt.Sprintf("one edit from %s as seen (%s)", base, m.Edit), 1}
	case m.Distance == 2:
		return reading{"typo2", "two edits from " + base, 1}
	}
	return reading{"other", fmt.Sprintf("%d edits from %s", m.Distance, base), 1}
}

// typoSub weighs the kinds of one-edit typo against each other: the errors
// of the typing models (a letter left out, two swapped, a neighbouring key, a
// letter doubled: Wang et al., "Strider Typo-Patrol", SRUTI 2006; Moore and
// Edelman, "Measuring the Perpetrators and Funders of Typosquatting", FC
// 2010) before an arbitrary letter or digit put in, which no slip of the
// fingers explains.
var typoSub = map[string]float64{
	"letter left out": 1, "letters swapped": 1, "neighbouring key": 1,
	"letter doubled": 1, "neighbouring key added": 0.95, "vowel swapped": 0.95,
	"letter replaced": 0.8, "letter added": 0.75,
}

// typoWeight names the one-edit typo of similar's Form.Edit and weighs it.
func typoWeight(e similar.Edit) (float64, string) {
	what := "letter replaced"
	switch e.Op {
	case similar.OpOmit:
		what = "letter left out"
	case similar.OpSwap:
		what = "letters swapped"
	case similar.OpDouble:
		what = "letter doubled"
	case similar.OpInsert:
		what = "letter added"
		if e.Prev != 0 && keyDistance(e.Prev, e.Is) == 1 || e.Next != 0 && keyDistance(e.Next, e.Is) == 1 {
			what = "neighbouring key added"
		}
	case similar.OpReplace:
		switch {
		case keyDistance(e.Was, e.Is) == 1:
			what = "neighbouring key"
		case isVowel(e.Was) && isVowel(e.Is):
			what = "vowel swapped"
		}
	}
	return typoSub[what], what
}

// missingDotHosts glued before the brand, with nothing after it, weigh as
// the missing dot of a host of the brand's domain (mailbrand: mail.brand);
// login and secure weigh as the keywords they are.
var missingDotHosts = []string{"m", "mail", "webmail"}

// comboReading weighs what similar found beside the brand: a host word
// glued before it, else the words (Form.Words) by how many there are, how
// many are keywords and whether they are core ones.
func comboReading(base string, f similar.Form) reading {
	pre, post := strings.Trim(f.Prefix, "-"), strings.Trim(f.Suffix, "-")
	if post == "" && slices.Contains(missingDotHosts, pre) {
		return reading{"missing-dot", pre + "." + base + " without its dot", 1}
	}
	idx := keywordIndex()
	core, known := 0, 0
	for _, w := range f.Words {
		if k, ok := idx[w]; ok {
			known++
			if k.Core {
				core++
			}
		}
	}
	words := f.Words
	switch {
	case len(words) == 1 && core == 1:
		return reading{"combo-core", "combo with the core keyword " + words[0], 1}
	case len(words) == 1 && known == 1:
		return reading{"combo", "combo with the keyword " + words[0], 1}
	case len(words) == 2 && known == 2 && words[0] != words[1]:
		return reading{"combo-pair", "combo with two keywords " + strings.Join(words, "+"), 1}
	case len(words) == 0:
		return reading{"combo-word", "combo with " + strings.Trim(pre+"…"+post, "…"), 1}
	case len(words) == 1:
		return reading{"combo-word", fmt.Sprintf("combo with %q", words[0]), 1}
	}
	return reading{"combo-word", "combo with " + strings.Join(words, "+"), 1}
}

// RankDefend orders the defend findings of brand b by likelihood, most
// likely first; ties by risk, then by domain, so that two runs give one
// order. A name the registry does not sell (Candidate.Unavailable) goes last.
func RankDefend(b permute.Brand, fs []Finding) {
	prior := make(map[string]float64, len(fs))
	for _, f := range fs {
		prior[f.Domain] = Prior(b, f.Candidate).Score
	}
	slices.SortStableFunc(fs, func(x, y Finding) int {
		return CompareDefend(x, y, prior[x.Domain], prior[y.Domain])
	})
}

// CompareDefend is the defend order of two findings whose Prior scores are
// px and py: negative when x comes first. RankDefend sorts with it; a writer
// that keeps only the first N as results stream by (the table's section, the
// registrar CSV) compares with it too, so that every list has one order.
func CompareDefend(x, y Finding, px, py float64) int {
	return cmp.Or(
		cmp.Compare(py, px),
		cmp.Compare(y.Risk, x.Risk),
		strings.Compare(x.Domain, y.Domain),
	)
}

// Budget keeps the findings of the first n distinct registrable domains of a
// ranked list (RankDefend), in order: --budget N, the names an analyst can
// register tonight. Every finding of a kept registrable domain stays (a
// subdomain candidate buys its parent); n ≤ 0 keeps everything.
func Budget(fs []Finding, n int) []Finding {
	if n <= 0 {
		return fs
	}
	kept := make(map[string]bool, n)
	var out []Finding
	for _, f := range fs {
		reg := f.Registrable
		if reg == "" {
			reg = f.Domain
		}
		if !kept[reg] {
			if len(kept) == n {
				continue
			}
			kept[reg] = true
		}
		out = append(out, f)
	}
	return out
}
