package permute

import "strings"

// fuzzDictionary joins each dictionary word (--dictionary) to the label, as
// dnstwist does: airfrance-login, airfrancelogin, login-airfrance,
// loginairfrance; and for a hyphenated label, the word in place of its first
// or last part (air-login, login-france). A word that both starts and ends the
// label (the label itself) is skipped.
func fuzzDictionary(c *fuzzCtx, emit emitFunc) {
	if len(c.opt.dictionary) == 0 {
		return
	}
	label := string(c.label)
	buf := make([]byte, 0, 2*len(label)+16)
	join := func(a, sep, b string) {
		buf = append(append(append(buf[:0], a...), sep...), b...)
		emit(variant{label: string(buf)})
	}
	for _, w := range c.opt.dictionary {
		if w == "" || strings.HasPrefix(label, w) && strings.HasSuffix(label, w) {
			continue
		}
		join(label, "-", w)
		join(label, "", w)
		join(w, "-", label)
		join(w, "", label)
	}
	first := strings.IndexByte(label, '-')
	if first < 0 {
		return
	}
	last := strings.LastIndexByte(label, '-')
	for _, w := range c.opt.dictionary {
		if w == "" {
			continue
		}
		join(label[:last], "-", w)
		join(w, "-", label[first+1:])
	}
}
