package permute

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/wordlists"
)

// Options choose what Generate makes. The zero value is the default set: every
// default fuzzer, English keywords plus the languages of the brand's ccTLD, the
// embedded TLD-swap set, every keyboard layout.
type Options struct {
	// Fuzzers names the fuzzers to run ("all" for every one); empty means the
	// default set.
	Fuzzers []string
	// Languages picks keyword languages ("all" for every one); empty means
	// English plus the languages of the brand's ccTLD.
	Languages []string
	// Keywords are added to the combo keywords (from --keywords FILE).
	Keywords []string
	// NoDefaultKeywords leaves the embedded keyword lists out.
	NoDefaultKeywords bool
	// TLDs replaces the TLD-swap set ("all" for every ICANN TLD); the brand's
	// own suffix family (hsbc.co.uk → org.uk, uk) is always added.
	TLDs []string
	// Dictionary holds words for the dnstwist-compatible dictionary fuzzer.
	Dictionary []string
	// Layouts names keyboard layouts; empty means all embedded layouts.
	Layouts []string
	// KeywordPairs also makes brand + two keywords ("airfrance-web-support"):
	// a large sweep, off by default.
	KeywordPairs bool
	// AllKeywordsAllTLDs puts every keyword (not only the core ones) under
	// every swapped TLD: a large sweep, off by default.
	AllKeywordsAllTLDs bool
	// NoAbusedTLDs leaves out the cheap-TLD product: the typos and ASCII
	// lookalikes of the brand under the TLDs abuse reports name most
	// (wordlists.AbusedTLDs). On by default; with TLDs set, only those of
	// TLDs that the abuse reports name.
	NoAbusedTLDs bool
	// Terms are brand terms (products, sub-brands: "icloud", "appleid") for
	// every brand, beside each Brand's own Terms (--terms, the config's
	// terms key; ParseTerms reads the comma-separated form).
	Terms []string
	// SellableOnly leaves out the names the registry does not sell today
	// (Candidate.Unavailable): the grandfathered IDN forms under .com and
	// .net. Off by default: such names exist and are detected.
	SellableOnly bool
}

// Generator turns brands into candidates under fixed options.
type Generator struct {
	opt       Options
	fuzzers   []*fuzzer
	mask      uint64 // bits of the fuzzers selected
	keyboards []map[rune]string
	extraKW   []string
	terms     []string

	// plans caches planFor by suffix: a plan depends on the brand only through
	// its suffix (languages, SLD family), and 1,000 brands share a few dozen.
	mu    sync.Mutex
	plans map[string]*plan
}

// New checks opt and returns a Generator. Errors wrap ErrBadInput.
func New(opt Options) (*Generator, error) {
	g := &Generator{opt: opt}
	sel, err := selectFuzzers(opt.Fuzzers)
	if err != nil {
		return nil, err
	}
	g.fuzzers = sel
	for _, f := range sel {
		g.mask |= 1 << fuzzerIndex[f.name]
	}
	layouts := opt.Layouts
	if len(layouts) == 0 {
		layouts = wordlists.Layouts()
	}
	for _, name := range layouts {
		kb, err := wordlists.Keyboard(name)
		if err != nil {
			return nil, badInput(name, "is not a keyboard layout (have %s)", strings.Join(wordlists.Layouts(), ", "))
		}
		g.keyboards = append(g.keyboards, kb)
	}
	for _, l := range opt.Languages {
		if l == "all" {
			continue
		}
		if !slices.Contains(wordlists.KeywordLanguages(), l) {
			return nil, badInput(l, "is not a keyword language (have %s, or all)", strings.Join(wordlists.KeywordLanguages(), ", "))
		}
	}
	for i, w := range opt.Keywords {
		w = strings.ToLower(strings.TrimSpace(w))
		if w == "" {
			continue
		}
		if _, ok := names.ToALabel(w); !ok {
			return nil, badInput(w, "keyword %d is not usable in a domain label (letters, digits, inner hyphens)", i+1)
		}
		g.extraKW = append(g.extraKW, w)
	}
	terms, err := ParseTerms(strings.Join(opt.Terms, ","))
	if err != nil {
		return nil, err
	}
	g.terms = terms
	for _, t := range opt.TLDs {
		if t == "all" {
			continue
		}
		if !names.Valid(t) {
			return nil, badInput(t, "is not a TLD or suffix (give A-labels such as com, co.uk, xn--p1ai)")
		}
		if !names.IsPublicSuffix(strings.ToLower(t)) {
			return nil, badInput(t, "is not a public suffix names are registered under (for .za, give co.za)")
		}
	}
	return g, nil
}

func selectFuzzers(names []string) ([]*fuzzer, error) {
	if len(names) == 0 {
		var out []*fuzzer
		for _, f := range registry {
			if f.inDefault {
				out = append(out, f)
			}
		}
		return out, nil
	}
	var out []*fuzzer
	seen := map[string]bool{}
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if n == "all" {
			return slices.Clone(registry), nil
		}
		i, ok := fuzzerIndex[n]
		if !ok {
			return nil, badInput(n, "is not a fuzzer (have %s, or all)", strings.Join(FuzzerNames(), ", "))
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, registry[i])
		}
	}
	// Registry order, whatever order the user typed: output must not depend on it.
	slices.SortFunc(out, func(a, b *fuzzer) int { return fuzzerIndex[a.name] - fuzzerIndex[b.name] })
	return out, nil
}

// FuzzerNames lists every fuzzer in registry order.
func FuzzerNames() []string {
	out := make([]string, len(registry))
	for i, f := range registry {
		out[i] = f.name
	}
	return out
}

// DefaultFuzzerNames lists the fuzzers the default set runs.
func DefaultFuzzerNames() []string {
	var out []string
	for _, f := range registry {
		if f.inDefault {
			out = append(out, f.name)
		}
	}
	return out
}

// planFor resolves the options against one brand. Plans are read-only once
// made, so brands under one suffix share one.
func (g *Generator) planFor(b Brand) (*plan, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if p, ok := g.plans[b.Suffix]; ok {
		return p, nil
	}
	p, err := g.makePlan(b)
	if err != nil {
		return nil, err
	}
	if g.plans == nil {
		g.plans = map[string]*plan{}
	}
	g.plans[b.Suffix] = p
	return p, nil
}

func (g *Generator) makePlan(b Brand) (*plan, error) {
	p := &plan{fuzzers: g.fuzzers, keyboards: g.keyboards, dictionary: g.opt.Dictionary, keywordPairs: g.opt.KeywordPairs}
	if !g.opt.NoDefaultKeywords && g.mask&(1<<fuzzerIndex["combo"]) != 0 {
		langs := g.opt.Languages
		if len(langs) == 0 {
			langs = append([]string{"en"}, wordlists.LanguagesForTLD(b.TLD())...)
		}
		kws, err := wordlists.Keywords(langs...)
		if err != nil {
			return nil, fmt.Errorf("keywords: %w", err)
		}
		for _, k := range kws {
			p.keywords = append(p.keywords, keyword{word: k.Word, core: k.Core || g.opt.AllKeywordsAllTLDs})
		}
		p.pairs = wordlists.KeywordPairs()
	}
	for _, w := range g.extraKW {
		// A keyword the analyst asked for is one they care about: give it the TLD product too.
		p.keywords = append(p.keywords, keyword{word: w, core: true})
	}
	p.keywords = dedupKeywords(p.keywords)

	var swap []string
	switch {
	case len(g.opt.TLDs) == 0:
		swap = wordlists.SwapTLDs()
	case slices.Contains(g.opt.TLDs, "all"):
		swap = wordlists.AllTLDs()
	default:
		swap = g.opt.TLDs
	}
	swap = append(slices.Clone(swap), wordlists.SuffixFamily(b.Suffix)...)
	seen := map[string]bool{b.Suffix: true}
	for _, s := range swap {
		s = strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(s, "."), "."))
		// A TLD whose registry sells only under second-level suffixes (za:
		// co.za) would give names nobody can register, or resolve.
		if !seen[s] && names.IsPublicSuffix(s) {
			seen[s] = true
			p.swapSuffixes = append(p.swapSuffixes, s)
			p.suffixes = append(p.suffixes, suffix{ascii: s, unicode: unicodeSuffix(s), tld: names.LastLabel(s), tier: tierSwap})
		}
	}
	if !g.opt.NoAbusedTLDs {
		explicit := len(g.opt.TLDs) > 0 && !slices.Contains(g.opt.TLDs, "all")
		for _, s := range wordlists.AbusedTLDs() {
			// An explicit --tlds list is the whole TLD set the analyst wants:
			// the cheap-TLD product keeps to the part of it the reports name.
			if s == b.Suffix || explicit && !slices.Contains(p.swapSuffixes, s) {
				continue
			}
			tier := tierAbused
			if slices.Contains(mainTLDs, s) {
				tier = tierMain
			}
			if i := slices.Index(p.swapSuffixes, s); i >= 0 {
				p.suffixes[i].tier = tier
				continue
			}
			if names.IsPublicSuffix(s) {
				p.suffixes = append(p.suffixes, suffix{ascii: s, unicode: s, tld: s, tier: tier})
			}
		}
	}
	return p, nil
}

// mainTLDs hold the most names of all, phishing included (Interisle 2025:
// com first, net and org in the top 20 by count): every combo goes there.
var mainTLDs = []string{"com", "net", "org"}

func dedupKeywords(in []keyword) []keyword {
	idx := make(map[string]int, len(in))
	out := in[:0]
	for _, k := range in {
		if i, ok := idx[k.word]; ok {
			out[i].core = out[i].core || k.core
			continue
		}
		idx[k.word] = len(out)
		out = append(out, k)
	}
	return out
}
