package audit

import (
	"cmp"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/lookalike/lookalike/names"
)

// Ref is one place where the brand's material points at a host.
type Ref struct {
	// Host is the name as referenced: lower-case A-label, no trailing dot.
	Host string
	// Domain is Host's registrable domain under the ICANN section of the public
	// suffix list, A-label: the name someone would have to register.
	Domain string
	// Kind says how the host is referenced: one of the Kind constants.
	Kind string
	// Source says where: a URL, "file:line", or "dns:<name> <TYPE>".
	Source string
	// Value is the URL, address or record data as found (resolved against the
	// page's base), so that a report can show exactly what points where. When
	// the same host is referenced the same way several times at one Source, it
	// is the first such value.
	Value string
}

// Kinds of reference. Web and file extractors produce the first group, DNSRefs
// the second.
const (
	KindFormAction  = "form-action"  // <form action>, formaction=
	KindLink        = "link"         // <a href>, <area href>, <link href> other than stylesheets, <base href>
	KindScript      = "script"       // <script src>
	KindImg         = "img"          // <img src|srcset>, <picture><source>
	KindIframe      = "iframe"       // <iframe src>, <frame src>
	KindStylesheet  = "stylesheet"   // <link rel=stylesheet>, url() in CSS
	KindMedia       = "media"        // <video>, <audio>, <source>, <track>, <embed>, <object>
	KindMailto      = "mailto"       // mailto: URLs
	KindEmail       = "email"        // addresses in text, attributes, scripts
	KindMetaRefresh = "meta-refresh" // <meta http-equiv=refresh>
	KindAttrURL     = "attr-url"     // an absolute URL in any other attribute (data-*, og:url …)
	KindTextURL     = "text-url"     // a URL in page text, comments, plain text files
	KindTextHost    = "text-host"    // a bare host name in plain text or configuration
	KindHeader      = "header"       // an address or host in an e-mail header
	KindJSURL       = "js-url"       // a URL in JavaScript
	KindJSHost      = "js-host"      // a quoted bare host name in JavaScript
	KindJSONURL     = "json-url"     // a URL in JSON or JSON-LD
	KindJSONHost    = "json-host"    // a bare host name as a JSON string
	KindRedirect    = "redirect"     // the target of an HTTP redirect met while crawling

	KindSPFInclude    = "spf-include"
	KindSPFRedirect   = "spf-redirect"
	KindSPFA          = "spf-a"
	KindSPFMX         = "spf-mx" // the domain of an mx: mechanism, and its MX targets
	KindSPFExists     = "spf-exists"
	KindSPFExp        = "spf-exp"
	KindDMARCRUA      = "dmarc-rua"
	KindDMARCRUF      = "dmarc-ruf"
	KindMX            = "mx"
	KindNS            = "ns"
	KindCNAME         = "cname"
	KindDanglingCNAME = "cname-dangling" // a CNAME whose target does not exist (NXDOMAIN)
)

// specialUse are top-level names that no registry sells (RFC 2606, 6761, 6762,
// 7686, 9476, ICANN's .internal, and .home, .corp and .lan, which ICANN will
// not delegate). A reference under them cannot be taken by a stranger, so it
// is not worth reporting; most are not in the public suffix list anyway, and
// .arpa is.
var specialUse = map[string]bool{
	"localhost": true, "local": true, "test": true, "invalid": true, "example": true,
	"onion": true, "internal": true, "alt": true, "arpa": true, "home": true, "corp": true,
	"lan": true, "localdomain": true,
}

// normalizeHost turns a host as written into a lower-case A-label without the
// trailing dot, or reports false when it is not a domain name: an IP address,
// a single label, something IDNA rejects, or a name under a special-use TLD.
func normalizeHost(h string) (string, bool) {
	h = strings.TrimSuffix(strings.TrimSpace(h), ".")
	if h == "" || len(h) > 253*4 {
		return "", false
	}
	if strings.HasPrefix(h, "[") {
		return "", false
	}
	if _, err := netip.ParseAddr(h); err == nil {
		return "", false
	}
	a, err := names.Lookup.ToASCII(h)
	if err != nil {
		// Underscore labels (_spf, _dmarc) are valid DNS names that IDNA refuses;
		// accept them when they are plain ASCII.
		if !names.ValidHost(strings.ToLower(h)) {
			return "", false
		}
		a = strings.ToLower(h)
	}
	a = strings.ToLower(a)
	if !names.ValidHost(a) || !strings.Contains(a, ".") || badULabel(a) {
		return "", false
	}
	if specialUse[names.LastLabel(a)] {
		return "", false
	}
	return a, true
}

// registrable returns the registrable domain of an A-label host, and false
// when its top-level domain is not in the ICANN section of the list (nobody can
// register under a TLD that does not exist) or when the host is itself a
// public suffix.
func registrable(host string) (string, bool) {
	reg, _, ok := names.Registrable(host)
	// A leading underscore label (_spf) is a service name, never registrable.
	if !ok || strings.HasPrefix(reg, "_") {
		return "", false
	}
	return reg, true
}

// newRef builds a Ref from a host as written, or reports false when the host is
// not a registrable name.
func newRef(host, kind, source, value string) (Ref, bool) {
	h, ok := normalizeHost(host)
	if !ok {
		return Ref{}, false
	}
	d, ok := registrable(h)
	if !ok {
		return Ref{}, false
	}
	return Ref{Host: h, Domain: d, Kind: kind, Source: source, Value: value}, true
}

// urlRef builds a Ref from an absolute URL, skipping schemes that name no host.
func urlRef(u *url.URL, kind, source string) (Ref, bool) {
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "ws", "wss", "ftp", "ftps", "sftp":
	default:
		return Ref{}, false
	}
	return newRef(u.Hostname(), kind, source, u.String())
}

// emailRef builds a Ref from an e-mail address (the part after the last @).
func emailRef(addr, kind, source string) (Ref, bool) {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || at == len(addr)-1 {
		return Ref{}, false
	}
	return newRef(addr[at+1:], kind, source, addr)
}

// collector gathers refs in the order found, dropping repeats of the same host
// referenced the same way at the same source.
type collector struct {
	refs []Ref
	seen map[[3]string]bool
}

func (c *collector) add(r Ref, ok bool) {
	if !ok {
		return
	}
	if c.seen == nil {
		c.seen = map[[3]string]bool{}
	}
	k := [3]string{r.Host, r.Kind, r.Source}
	if c.seen[k] {
		return
	}
	c.seen[k] = true
	c.refs = append(c.refs, r)
}

func (c *collector) addAll(rs []Ref) {
	for _, r := range rs {
		c.add(r, true)
	}
}

// locator names where in a document something was found. File sources get a
// line number; a URL source stands alone, because a crawl reports pages.
type locator struct {
	source string
	lines  bool
	// line0 is added to the line numbers counted inside a fragment (an inline
	// script starts part-way down its page).
	line0 int
}

func newLocator(source string) locator {
	return locator{source: source, lines: !isHTTPURL(source)}
}

func (l locator) at(line int) string {
	if !l.lines {
		return l.source
	}
	return l.source + ":" + strconv.Itoa(l.line0+line)
}

// shift returns a locator for a fragment that starts on line (1-based) of this one.
func (l locator) shift(line int) locator {
	l.line0 += line - 1
	return l
}

func isHTTPURL(s string) bool {
	ls := strings.ToLower(s)
	return strings.HasPrefix(ls, "http://") || strings.HasPrefix(ls, "https://")
}

// SortRefs orders refs by domain, host, source, kind and value, the order
// reports and golden files use.
func SortRefs(refs []Ref) {
	slices.SortStableFunc(refs, func(a, b Ref) int {
		return cmp.Or(
			cmp.Compare(a.Domain, b.Domain),
			cmp.Compare(a.Host, b.Host),
			compareSource(a.Source, b.Source),
			cmp.Compare(a.Kind, b.Kind),
			cmp.Compare(a.Value, b.Value),
		)
	})
}

// compareSource orders "file:9" before "file:10".
func compareSource(a, b string) int {
	ai, bi := strings.LastIndexByte(a, ':'), strings.LastIndexByte(b, ':')
	if ai > 0 && bi > 0 && a[:ai] == b[:bi] {
		an, aerr := strconv.Atoi(a[ai+1:])
		bn, berr := strconv.Atoi(b[bi+1:])
		if aerr == nil && berr == nil {
			return cmp.Compare(an, bn)
		}
	}
	return cmp.Compare(a, b)
}
