package permute

import (
	"strings"

	"github.com/lookalike/lookalike/wordlists"
)

// fuzzTLDInLabel puts the suffix inside the label, as when a user types the
// dot-less form or a squatter spells the market out: airfrancefr.fr,
// airfrance-fr.com, paypalcom.com, hsbc-co-uk.com, hsbcuk.co.uk. Under the TLD-
// swap set too.
func fuzzTLDInLabel(c *fuzzCtx, emit emitFunc) {
	brand := string(c.label)
	parts := strings.Split(c.brand.Suffix, ".")
	forms := []string{strings.Join(parts, ""), strings.Join(parts, "-")}
	if len(parts) > 1 {
		forms = append(forms, parts[len(parts)-1])
	}
	for _, f := range forms {
		emit(variant{label: brand + f, swap: true})
		emit(variant{label: brand + "-" + f, swap: true})
	}
	// The brand's label glued to another big TLD, under its own suffix
	// (airfrancecom.fr: the user who typed airfrance.com without the dot).
	for _, t := range []string{"com", "net", "org"} {
		if t != c.brand.Suffix {
			emit(variant{label: brand + t})
			emit(variant{label: brand + "-" + t})
		}
	}
}

// fuzzMissingDot drops the dot after a host prefix: wwwpaypal.com,
// www-paypal.com, and the near misses ww/wwww. Under the TLD-swap set too.
func fuzzMissingDot(c *fuzzCtx, emit emitFunc) {
	brand := string(c.label)
	for _, p := range []string{"www", "ww", "wwww", "www2", "m", "mail", "webmail", "login", "secure"} {
		emit(variant{label: p + brand, swap: p == "www"})
	}
	emit(variant{label: "www-" + brand, swap: true})
	if c.brand.Subdomain != "" && c.brand.Subdomain != "www" {
		for _, p := range strings.Split(c.brand.Subdomain, ".") {
			emit(variant{label: p + brand})
			emit(variant{label: p + "-" + brand})
		}
	}
}

// fuzzHomophone swaps spellings that sound alike (airfrance → airfranse,
// phone → fone), each substitution alone and every pair of them, both ways.
func fuzzHomophone(c *fuzzCtx, emit emitFunc) {
	brand := string(c.label)
	singles := homophoneVariants(brand)
	for _, v := range singles {
		emit(variant{label: v})
	}
	for _, v := range singles {
		for _, w := range homophoneVariants(v) {
			if w != brand {
				emit(variant{label: w})
			}
		}
	}
}

// homophoneVariants applies each substitution at each position, one at a time.
func homophoneVariants(s string) []string {
	var out []string
	for _, h := range wordlists.Homophones() {
		for _, pair := range [2][2]string{{h.From, h.To}, {h.To, h.From}} {
			from, to := pair[0], pair[1]
			if from == "" {
				continue
			}
			for i := 0; ; {
				j := strings.Index(s[i:], from)
				if j < 0 {
					break
				}
				j += i
				out = append(out, s[:j]+to+s[j+len(from):])
				i = j + 1
			}
		}
	}
	return out
}
