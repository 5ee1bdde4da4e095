package names

import (
	"github.com/weppos/publicsuffix-go/publicsuffix"
)

var pslFindAll = &publicsuffix.FindOptions{IgnorePrivate: false, DefaultRule: nil}

// RegistrablePrivate is Registrable with the list's private section too:
// "steamcommunity.ru.com" → "steamcommunity.ru.com", "ru.com"; a lookalike
// under a suffix sold by a company (ru.com, pp.ua) or a hosting platform
// (github.io) reads as the label left of that suffix. ok is false where the
// private section has no rule longer than the ICANN one.
func RegistrablePrivate(name string) (domain, suffix string, ok bool) {
	rule := publicsuffix.DefaultList.Find(name, pslFindAll)
	if rule == nil || !rule.Private {
		return "", "", false
	}
	return split(rule, name)
}
