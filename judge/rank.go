package judge

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/permute"
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
	// Kind names the form: lookalike, typo, same-label, missing-dot, combo,
	// combo-pair, tld-in-label, typo2, other.
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
//   - Two edits and typos inside combos come last.
var kindWeight = map[string]float64{
	"lookalike":     1.0,
	"typo":          0.9,
	"idn-lookalike": 0.5,
	"same-label":    0.8,
	"missing-dot":   0.7,
	"accents":       0.7,
	"hyphen":        0.6,
	"combo-core":    0.55,
	"tld-in-label":  0.45,
	"combo":         0.3,
	"combo-pair":    0.3,
	"combo-word":    0.15,
	"typo2":         0.15,
	"bitsquat":      0.08,
	"other":         0.05,
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

// Prior gives a candidate of brand b its likelihood. A name made from a
// brand term is judged against that term, as if it were the brand's label.
func Prior(b permute.Brand, c permute.Candidate) Likelihood {
	if c.Unavailable != "" {
		return Likelihood{Kind: "unavailable", Why: c.Unavailable}
	}
	reg, suffix, ok := names.Registrable(c.Domain)
	if !ok {
		return Likelihood{Kind: "other", Why: "not under a public suffix"}
	}
	base := b.ULabel
	if base == "" {
		base = b.Label
	}
	term := 1.0
	if c.Term != "" {
		base, term = c.Term, 0.8
	}
	left := names.ToUnicode(strings.TrimSuffix(c.Domain, "."+suffix))
	if left != names.ToUnicode(strings.TrimSuffix(reg, "."+suffix)) {
		// A dot inside the label: buys the part right of it.
		left = strings.ReplaceAll(left, ".", "")
	}
	kind, why, sub := classify(b, base, left, c.Fuzzers)
	tw, twhy := tldWeight(b, suffix)
	if kind == "same-label" && names.EditDistance(suffix, b.Suffix) == 1 && tw < 0.6 {
		// paypal.cm, paypal.co: the user's typo of the suffix, not a
		// squatter's choice of TLD; .cm and .om are known for that traffic.
		tw, twhy = 0.6, "."+suffix+", a typo of ."+b.Suffix
	}
	return Likelihood{
		Score: kindWeight[kind] * sub * tw * term,
		Kind:  kind,
		Why:   why + " under " + twhy,
	}
}

// classify reads the form of label left against base.
func classify(b permute.Brand, base, left string, fuzzers []string) (string, string, float64) {
	switch {
	case left == base:
		return "same-label", "the brand's label", 1
	case permute.Skeleton(left) == permute.Skeleton(base):
		if !names.IsASCII(left) {
			return "idn-lookalike", "looks the same as " + base + " (Unicode)", 1
		}
		return "lookalike", "looks the same as " + base, 1
	case permute.BareSkeleton(left) == permute.BareSkeleton(base):
		return "accents", "differs from " + base + " by accents", 1
	}
	d := names.EditDistance(left, base)
	if d == 1 {
		if strings.ReplaceAll(left, "-", "") == strings.ReplaceAll(base, "-", "") {
			return "hyphen", "a hyphen added or left out", 1
		}
		if slices.Contains(fuzzers, "bitsquatting") && len(fuzzers) == 1 {
			return "bitsquat", "one bit flipped", 1
		}
		w, what := typoWeight([]rune(base), []rune(left))
		return "typo", fmt.Sprintf("one-edit typo of %s (%s)", base, what), w
	}
	if i := strings.Index(left, base); i >= 0 {
		k, why := classifyAffix(b, base, left[:i], left[i+len(base):])
		return k, why, 1
	}
	if d == 2 {
		return "typo2", "two edits from " + base, 1
	}
	return "other", "made by " + strings.Join(fuzzers, ", "), 1
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

// typoWeight names the one-edit typo that turns base into cand and weighs it.
func typoWeight(base, cand []rune) (float64, string) {
	what := "letter replaced"
	switch len(cand) - len(base) {
	case -1:
		what = "letter left out"
	case 1:
		i := firstDiff(base, cand)
		ins := cand[i]
		switch {
		case i > 0 && cand[i-1] == ins, i+1 < len(cand) && cand[i+1] == ins:
			what = "letter doubled"
		case i > 0 && keyDistance(cand[i-1], ins) == 1, i+1 < len(cand) && keyDistance(cand[i+1], ins) == 1:
			what = "neighbouring key added"
		default:
			what = "letter added"
		}
	case 0:
		i := firstDiff(base, cand)
		switch {
		case i+1 < len(base) && base[i] == cand[i+1] && base[i+1] == cand[i]:
			what = "letters swapped"
		case keyDistance(base[i], cand[i]) == 1:
			what = "neighbouring key"
		case isVowel(base[i]) && isVowel(cand[i]):
			what = "vowel swapped"
		}
	}
	return typoSub[what], what
}

// classifyAffix reads what stands before and after the base label.
func classifyAffix(b permute.Brand, base, before, after string) (string, string) {
	pre, post := strings.Trim(before, "-"), strings.Trim(after, "-")
	if post == "" {
		switch pre {
		case "www", "ww", "wwww", "www2", "m", "mail", "webmail", "login", "secure":
			if pre != "login" && pre != "secure" {
				return "missing-dot", pre + "." + base + " without its dot"
			}
		}
	}
	if pre == "" && slices.Contains(tldForms(b.Suffix), post) {
		return "tld-in-label", "the suffix written into the label"
	}
	idx := keywordIndex()
	var words []string
	for _, part := range []string{pre, post} {
		for w := range strings.SplitSeq(part, "-") {
			if w != "" {
				words = append(words, w)
			}
		}
	}
	affix := len([]rune(pre)) + len([]rune(post))
	core, known := 0, 0
	for _, w := range words {
		if k, ok := idx[w]; ok {
			known++
			if k.Core {
				core++
			}
		}
	}
	switch {
	case len(words) == 1 && core == 1:
		return "combo-core", "combo with the core keyword " + words[0]
	case len(words) == 1 && known == 1:
		return "combo", "combo with the keyword " + words[0]
	case len(words) == 2 && known == 2:
		return "combo-pair", "combo with two keywords " + strings.Join(words, "+")
	case len(words) == 1 && affix <= 3:
		return "combo-word", fmt.Sprintf("combo with %q", words[0])
	}
	return "combo-word", "combo with " + strings.Join(words, "+")
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

func firstDiff(short, long []rune) int {
	for i := range short {
		if short[i] != long[i] {
			return i
		}
	}
	return len(short)
}

// tldForms are the ways the TLD-in-label fuzzer writes a suffix into the
// label, and the big TLDs a user types glued on.
func tldForms(suffix string) []string {
	parts := strings.Split(suffix, ".")
	forms := []string{strings.Join(parts, ""), strings.Join(parts, "-"), "com", "net", "org"}
	if len(parts) > 1 {
		forms = append(forms, parts[len(parts)-1])
	}
	return forms
}
