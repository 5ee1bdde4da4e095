package permute

// fuzzCombo joins the brand with keywords, the way combosquatters do:
// brand+keyword and keyword+brand, with and without a hyphen
// (websupportairfrance, airfrance-refund). Core keywords also go under the
// TLD-swap set (websupportairfrance.com). With KeywordPairs, brand + two core
// keywords (airfrance-web-support).
func fuzzCombo(c *fuzzCtx, emit emitFunc) {
	brand := string(c.label)
	for _, k := range c.opt.keywords {
		w := k.word
		emit(variant{label: brand + w, swap: k.core})
		emit(variant{label: brand + "-" + w, swap: k.core})
		emit(variant{label: w + brand, swap: k.core})
		emit(variant{label: w + "-" + brand, swap: k.core})
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
