// Package audit finds the domains a brand already depends on: the hosts its own
// web pages, scripts, forms, e-mail templates, configuration files and DNS
// records point at, each reduced to its registrable domain, and judges which of
// them are dangerous (unregistered, dangling, or registered by someone imitating
// the brand).
//
// It owns extraction (HTML, JavaScript, JSON, plain text and e-mail, SPF, DMARC),
// the same-site crawler with its robots.txt parser, the DNS walk over MX, NS,
// SPF, DMARC and common CNAMEs through an injected Querier, and the grouping of
// references into findings. Extractors are pure: they read what they are given
// and nothing else.
//
// It never decides registration itself (the caller injects a lookup backed by
// package resolve), never judges similarity itself (the caller injects the
// lookalike check), never sends traffic to a site other than the one it was
// asked to crawl, and never prints.
package audit
