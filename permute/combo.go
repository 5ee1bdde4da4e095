package permute

// fuzzCombo joins the brand with keywords, the way combosquatters do:
// brand+keyword and keyword+brand, with and without a hyphen
// (websupportairfrance, airfrance-refund). Core keywords also go under the
// TLD-swap set (websupportairfrance.com), the others under com, net and org.
// The short list of default pairs (wordlists.KeywordPairs) makes
// brand-account-verify and secure-brand-login, under the brand's suffix and
// the cheap-TLD set. With KeywordPairs, brand + every two core keywords
// (airfrance-web-support).
func fuzzCombo(c *fuzzCtx, emit emitFunc) {
	brand := string(c.label)
	for _, k := range c.opt.keywords {
		w := k.word
		main := !k.core
		emit(variant{label: brand + w, swap: k.core, main: main})
		emit(variant{label: brand + "-" + w, swap: k.core, main: main})
		emit(variant{label: w + brand, swap: k.core, main: main})
		emit(variant{label: w + "-" + brand, swap: k.core, main: main})
	}
	for _, p := range c.opt.pairs {
		a, b := p.First, p.Second
		for _, l := range []string{
			brand + "-" + a + "-" + b, brand + a + b, brand + "-" + a + b,
			a + "-" + b + "-" + brand, a + b + brand,
			a + "-" + brand + "-" + b, a + brand + b,
		} {
			emit(variant{label: l, abuse: true})
		}
	}
	if !c.opt.keywordPairs {
		return
	}
	for _, a := range c.opt.keywords {
		if !a.core {
			continue
		}
		for _, b := range c.opt.keywords {
			if !b.core || a.word == b.word {
				continue
			}
			emit(variant{label: brand + a.word + b.word})
			emit(variant{label: brand + "-" + a.word + "-" + b.word})
			emit(variant{label: brand + "-" + a.word + b.word})
			emit(variant{label: a.word + b.word + brand})
			emit(variant{label: a.word + "-" + b.word + "-" + brand})
			emit(variant{label: a.word + b.word + "-" + brand})
		}
	}
}
