package judge

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
	"github.com/lookalike/lookalike/similar"
	"github.com/lookalike/lookalike/wordlists"
)

// The terms of the risk score. The README's "Risk score" section explains
// each; keep the two in step.
const (
	TermName    = "name"    // how the name imitates the brand, 0–50
	TermTLD     = "tld"     // where it is registered, 6–25
	TermMail    = "mail"    // can receive mail meant for the brand, +12 or +20
	TermWeb     = "web"     // has an address, +5
	TermAge     = "age"     // recently registered (RDAP), +5 to +15
	TermParked  = "parked"  // parked or for sale, −15 or −10
	TermDormant = "dormant" // on hold, not delegated, −10
	TermLapsed  = "lapsed"  // in the portfolio but unregistered, +10
)

// Factor is one term of a risk score.
type Factor struct {
	Term   string
	Points int
	Why    string
}

func (f Factor) String() string { return fmt.Sprintf("%+d %s: %s", f.Points, f.Term, f.Why) }

// Risk adds the factors and keeps the sum within 0–100.
func Risk(factors []Factor) int {
	sum := 0
	for _, f := range factors {
		sum += f.Points
	}
	return min(max(sum, 0), 100)
}

// RiskFactors explains the risk of a finding, term by term: how the name was
// made, its TLD, and for a registered name that is not the organisation's, what
// its records and registration show. f.Verdict, f.Mail and f.Result must be
// set (Judge sets them). The result is deterministic: same input, same terms.
func RiskFactors(p *Profile, f Finding, now time.Time) []Factor {
	var b permute.Brand
	if p != nil {
		b = p.Brand
	}
	_, suffix, _ := names.Registrable(f.Domain)
	out := []Factor{nameFactor(p.similarBrand(), f.Candidate), tldFactor(b, suffix)}
	switch f.Verdict {
	case Defend:
		if p != nil && p.Portfolio[f.Registrable] {
			out = append(out, Factor{TermLapsed, 10, "in the portfolio but unregistered"})
		}
	case ThirdParty, Parked:
		out = append(out, evidenceFactors(f, now)...)
	}
	return out
}

func evidenceFactors(f Finding, now time.Time) []Factor {
	var out []Factor
	switch {
	case len(f.MX) > 0 && f.Mail:
		out = append(out, Factor{TermMail, 20, "mx: receives mail meant for the brand"})
	case f.Mail:
		out = append(out, Factor{TermMail, 12, "no mx, but an address that takes mail (RFC 5321 §5.1)"})
	}
	if len(f.A) > 0 || len(f.AAAA) > 0 {
		out = append(out, Factor{TermWeb, 5, "has an address: a site can be up"})
	}
	if f.RDAP != nil {
		if c, ok := parseDate(f.RDAP.Created); ok {
			switch d := ageDays(c, now); {
			case d <= 30:
				out = append(out, Factor{TermAge, 15, fmt.Sprintf("registered %d days ago", d)})
			case d <= 90:
				out = append(out, Factor{TermAge, 10, fmt.Sprintf("registered %d days ago", d)})
			case d <= 365:
				out = append(out, Factor{TermAge, 5, fmt.Sprintf("registered %d days ago", d)})
			}
		}
	}
	if f.Verdict == Parked {
		kind := "parking"
		for _, ns := range f.NS {
			if s, ok := wordlists.ParkingByNS(ns); ok {
				kind = s.Kind
				break
			}
		}
		if kind == "marketplace" {
			out = append(out, Factor{TermParked, -10, "for sale on a marketplace: not in use, but anyone can buy it"})
		} else {
			out = append(out, Factor{TermParked, -15, "parked with ads: not in use"})
		}
	}
	if f.Reason == resolve.ReasonRDAPHold {
		out = append(out, Factor{TermDormant, -10, "on hold, not delegated"})
	}
	return out
}

// The TLD term: the brand's own suffix and .com are where customers type and
// where squatters register first; then the brand's country family, the other
// big gTLDs, the cheap TLDs most abused for phishing (the sources of
// wordlists' swap.txt: Interisle 2023–2024, Spamhaus 2024), the rest of the
// swap set, anything else.
var (
	bigGTLDs   = []string{"net", "org"}
	abusedTLDs = []string{
		"xyz", "top", "shop", "online", "site", "live", "club", "store", "info",
		"icu", "cyou", "buzz", "sbs", "cfd", "bond", "click", "vip", "lol", "support",
		"help", "rest", "mom", "monster", "quest", "beauty", "hair", "skin", "makeup",
		"fun", "pw", "ws", "win",
	}
	swapSet = sync.OnceValue(wordlists.SwapTLDs)
)

func tldFactor(b permute.Brand, suffix string) Factor {
	tld := suffix[strings.LastIndexByte(suffix, '.')+1:]
	switch {
	case suffix == "":
		return Factor{TermTLD, 6, "no known public suffix"}
	case b.Suffix != "" && suffix == b.Suffix:
		return Factor{TermTLD, 25, "." + suffix + ", the brand's own suffix"}
	case suffix == "com":
		return Factor{TermTLD, 25, ".com, where users type by default"}
	case b.Suffix != "" && slices.Contains(wordlists.SuffixFamily(b.Suffix), suffix):
		return Factor{TermTLD, 20, "." + suffix + ", in the brand's country"}
	case slices.Contains(bigGTLDs, tld):
		return Factor{TermTLD, 18, "." + suffix + ", a big gTLD"}
	case slices.Contains(abusedTLDs, tld):
		return Factor{TermTLD, 16, "." + suffix + ", cheap and abused for phishing"}
	case slices.Contains(swapSet(), tld):
		return Factor{TermTLD, 12, "." + suffix + ", a major market's TLD"}
	}
	return Factor{TermTLD, 6, "." + suffix}
}

// Points of the name term. The ranking follows what attackers register
// most (Kintis et al., CCS 2017: combosquatting outnumbers typosquatting;
// Akamai 2022: support/login/account words lead), then how likely a typo is.
const (
	ptsSkeleton    = 50 // looks the same: the brand's visual form (similar's homoglyph, idn)
	ptsMissingDot  = 46 // wwwbrand: the dot left out of www.brand
	ptsComboHigh   = 46 // brand + a login, account, support, refund … word
	ptsSameLabel   = 45 // the brand's label under another suffix
	ptsTLDInLabel  = 44 // brandfr.com, brand-com.fr
	ptsMissingDot2 = 44 // mbrand, mailbrand, loginbrand
	ptsAccents     = 42 // differs only by accents
	ptsComboMid    = 38 // brand + a delivery, booking, update … word
	ptsAdjacentKey = 36 // one key replaced by its neighbour
	ptsTransposed  = 32
	ptsDoubled     = 32
	ptsExtraKey    = 32 // an extra key next to the one meant
	ptsPlural      = 32
	ptsComboLow    = 30 // brand + a generic word (web, app, shop …)
	ptsVowel       = 30
	ptsMissing     = 30
	ptsHyphen      = 30
	ptsNearKey     = 28 // two keys away
	ptsComboWord   = 28 // brand + a word that is no keyword (--dictionary)
	ptsSubdomain   = 26
	ptsFarKey      = 22
	ptsAddition    = 20 // a character that is no typo added
	ptsBitsquat    = 12 // one bit flipped: needs a hardware error, rarely hit
	ptsList        = 10 // from a list, form not recognised
)

var comboPoints = map[string]int{
	"login": ptsComboHigh, "security": ptsComboHigh, "verify": ptsComboHigh,
	"account": ptsComboHigh, "support": ptsComboHigh, "refund": ptsComboHigh,
	"payment": ptsComboHigh, "billing": ptsComboHigh, "claim": ptsComboHigh,
	"delivery": ptsComboMid, "booking": ptsComboMid, "update": ptsComboMid,
	"alert": ptsComboMid, "mail": ptsComboMid, "contact": ptsComboMid,
	"careers": ptsComboMid, "gift": ptsComboMid, "promo": ptsComboMid,
}

// fuzzerPoints score a name whose form earns no points from similar's
// reading (similar does not read it as imitating the brand, or reads it as a
// kind without points), by the fuzzer that made it.
var fuzzerPoints = map[string]int{
	"addition": ptsAddition, "bitsquatting": ptsBitsquat, "cyrillic": 40, "homoglyph": 34,
	"hyphenation": ptsHyphen, "insertion": ptsExtraKey, "omission": ptsMissing,
	"plural": ptsPlural, "repetition": ptsDoubled, "replacement": 26, "subdomain": ptsSubdomain,
	"transposition": ptsTransposed, "vowel-swap": ptsVowel, "various": 30, "dictionary": ptsComboWord,
	"tld-swap": 40, "homophone": 30, "combo": 34, "tld-in-label": ptsTLDInLabel,
	"missing-dot": ptsMissingDot2, "one-edit": ptsAddition, "idn-homograph": 34,
}

var keywordIndex = sync.OnceValue(func() map[string]wordlists.Keyword {
	kws, err := wordlists.Keywords("all")
	if err != nil {
		panic(err) // embedded data: the wordlists tests catch it
	}
	m := make(map[string]wordlists.Keyword, len(kws))
	for _, k := range kws {
		m[k.Word] = k
	}
	return m
})

type nameScore struct {
	pts int
	why string
}

func better(a, b nameScore) nameScore {
	if b.pts > a.pts {
		return b
	}
	return a
}

// nameFactor scores how the name imitates the brand. The form of the name —
// its kind, the words beside the brand, the edit of a typo — is package
// similar's judgement (the one audit and match use), read from the name
// itself so that a name from a list is judged like a generated one; this
// file only gives the points. The credited fuzzers score a name whose form
// earns no points here.
func nameFactor(sb *similar.Brand, c permute.Candidate) Factor {
	best := nameScore{}
	if sb != nil {
		if m, ok := sb.Judge(c.Domain); ok {
			best = formScore(sb, m)
		}
	}
	if best.pts == 0 {
		for _, fz := range c.Fuzzers {
			if fz == "tld-swap" && len(c.Fuzzers) > 1 {
				// It moved a name another fuzzer made: the TLD term
				// scores the move, the other fuzzers the label.
				continue
			}
			best = better(best, nameScore{fuzzerPoints[fz], "made by " + fz})
		}
	}
	if best.pts == 0 {
		best = nameScore{ptsList, "form not recognised"}
	}
	return Factor{TermName, best.pts, best.why}
}

// formScore gives the points of similar's reading of the name. A name can be
// two things at once (mairfrance: m.airfrance without its dot and an extra
// m; loginairfrance: a missing dot and a login word); the stronger reading
// counts. Kinds without points of their own (a typo of two edits, the brand
// in a subdomain, a typo among words, a term) score only by the edit and
// affix they carry, else by the fuzzers.
func formScore(sb *similar.Brand, m similar.Match) nameScore {
	brandU := sb.ULabel
	if brandU == "" {
		brandU = sb.Label
	}
	f := m.Form
	best := nameScore{}
	switch m.Kind {
	case similar.KindTLDSwap:
		return nameScore{ptsSameLabel, "the brand's label under another suffix"}
	case similar.KindIDN, similar.KindHomoglyph:
		if m.Distance == 0 {
			if f.Accents {
				return nameScore{ptsAccents, "homoglyph: differs from the brand only by accents"}
			}
			what := "homoglyph"
			if m.Kind == similar.KindIDN {
				what = "IDN homograph"
			}
			return nameScore{ptsSkeleton, what + ": looks the same as the brand (confusables skeleton)"}
		}
	case similar.KindMissingDot:
		best = nameScore{ptsMissingDot, "missing-dot: " + strings.Trim(f.Prefix, "-") + "." + brandU + " without its dot"}
	case similar.KindTLDInLabel:
		best = nameScore{ptsTLDInLabel, "tld-in-label: " + strings.Trim(f.Suffix, "-")}
	}
	switch m.Kind {
	case similar.KindCombo, similar.KindTypo, similar.KindIDN, similar.KindMissingDot, similar.KindTLDInLabel:
		best = better(best, affixScore(brandU, f))
	}
	return better(best, editScore(f.Edit))
}

// hostWords glued before the brand read as a host of the brand's domain
// with its dot left out (mairfrance: m.airfrance).
var hostWords = []string{"m", "mail", "webmail", "login", "secure"}

// affixScore weighs what stands beside the brand: a host word glued before
// it, a plural, keywords by category, any other word.
func affixScore(brandU string, f similar.Form) nameScore {
	pre, suf := strings.Trim(f.Prefix, "-"), strings.Trim(f.Suffix, "-")
	word := pre + suf
	if pre != "" && suf != "" {
		word = pre + "-" + suf
	}
	if word == "" {
		return nameScore{}
	}
	best := nameScore{}
	switch {
	case f.Suffix == "" && slices.Contains(hostWords, f.Prefix):
		best = nameScore{ptsMissingDot2, "missing-dot: " + pre + "." + brandU + " without its dot"}
	case f.Prefix == "" && (f.Suffix == "s" || f.Suffix == "es"):
		return nameScore{ptsPlural, "plural"}
	}
	idx := keywordIndex()
	if k, ok := idx[word]; ok {
		return better(best, nameScore{comboScore(k.Category) + coreBonus(k), fmt.Sprintf("combo: %s keyword %s", k.Category, word)})
	}
	if best.pts > 0 {
		return best
	}
	// Several words (airfrance-web-support, websupportlogin): the strongest
	// keyword among them counts.
	var kw *wordlists.Keyword
	for _, w := range f.Words {
		if k, ok := idx[w]; ok && (kw == nil || comboScore(k.Category) > comboScore(kw.Category)) {
			kw = &k
		}
	}
	if kw != nil && len(f.Words) > 1 {
		return nameScore{comboScore(kw.Category), fmt.Sprintf("combo: %s keywords %s", kw.Category, strings.Join(f.Words, "+"))}
	}
	if len([]rune(word)) >= 3 {
		return nameScore{ptsComboWord, "combo: brand with word " + word}
	}
	return nameScore{}
}

// ptsCore lifts a core keyword (the words attackers combine with brands most,
// which lookalike also puts under every swapped TLD) above the other words of
// its class, so that the defend section opens with them instead of with
// alphabetical ties.
const ptsCore = 3

func coreBonus(k wordlists.Keyword) int {
	if k.Core {
		return ptsCore
	}
	return 0
}

func comboScore(category string) int {
	if p, ok := comboPoints[category]; ok {
		return p
	}
	return ptsComboLow
}

// editScore scores one typing error: a key replaced (by keyboard distance),
// two keys swapped, one key doubled, added or left out.
func editScore(e similar.Edit) nameScore {
	switch e.Op {
	case similar.OpReplace:
		return replacementScore(e.Was, e.Is)
	case similar.OpSwap:
		return nameScore{ptsTransposed, fmt.Sprintf("typo: swapped letters %c%c", e.Was, e.Is)}
	case similar.OpDouble:
		return nameScore{ptsDoubled, fmt.Sprintf("typo: doubled letter %c", e.Is)}
	case similar.OpInsert:
		switch {
		case e.Is == '-':
			return nameScore{ptsHyphen, "hyphenation"}
		case e.Prev != 0 && keyDistance(e.Prev, e.Is) == 1, e.Next != 0 && keyDistance(e.Next, e.Is) == 1:
			return nameScore{ptsExtraKey, fmt.Sprintf("typo: extra adjacent key %c", e.Is)}
		}
		return nameScore{ptsAddition, fmt.Sprintf("addition: extra character %c", e.Is)}
	case similar.OpOmit:
		if e.Was == '-' {
			return nameScore{ptsHyphen, "hyphen left out"}
		}
		return nameScore{ptsMissing, fmt.Sprintf("typo: missing letter %c", e.Was)}
	}
	return nameScore{}
}

func replacementScore(was, is rune) nameScore {
	switch d := keyDistance(was, is); {
	case d == 1:
		return nameScore{ptsAdjacentKey, fmt.Sprintf("typo: adjacent key %c→%c", was, is)}
	case isVowel(was) && isVowel(is):
		return nameScore{ptsVowel, fmt.Sprintf("vowel swap %c→%c", was, is)}
	case d == 2:
		return nameScore{ptsNearKey, fmt.Sprintf("typo: key two away %c→%c", was, is)}
	case bits.OnesCount32(uint32(was^is)) == 1:
		return nameScore{ptsBitsquat, fmt.Sprintf("bitsquat: one bit flipped %c→%c", was, is)}
	}
	return nameScore{ptsFarKey, fmt.Sprintf("typo: far key %c→%c", was, is)}
}

func isVowel(r rune) bool { return strings.ContainsRune("aeiouy", r) }

var keyboards = sync.OnceValue(func() []map[rune]string {
	var out []map[rune]string
	for _, name := range wordlists.Layouts() {
		kb, err := wordlists.Keyboard(name)
		if err != nil {
			panic(err) // embedded data: the wordlists tests catch it
		}
		out = append(out, kb)
	}
	return out
})

// keyDistance is 1 when b is next to a on any embedded layout (QWERTY,
// QWERTZ, AZERTY), 2 when it is a neighbour's neighbour, 0 otherwise.
func keyDistance(a, b rune) int {
	best := 0
	for _, kb := range keyboards() {
		if strings.ContainsRune(kb[a], b) || strings.ContainsRune(kb[b], a) {
			return 1
		}
		for _, n := range kb[a] {
			if strings.ContainsRune(kb[n], b) {
				best = 2
			}
		}
	}
	return best
}
