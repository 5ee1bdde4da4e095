package webtest

import (
	"fmt"
	"net/http"
	"strings"
)

// Case names, the keys of Handlers.
const (
	Brand           = "brand"
	Clone           = "clone"
	Kit             = "kit"
	Parked          = "parked"
	Affiliate       = "affiliate"
	Unrelated       = "unrelated"
	Hang            = "hang"
	Big             = "big"
	PrivateRedirect = "private-redirect"
)

// Cases lists every case, in a fixed order.
var Cases = []string{Brand, Clone, Kit, Parked, Affiliate, Unrelated, Hang, Big, PrivateRedirect}

// BigSize is what the Big case sends: far past any body cap.
const BigSize = 50 << 20

// AffiliateQuery is what the Affiliate case appends to the brand's URL.
const AffiliateQuery = "aff=lk-4711&utm_source=typo&lang=en"

// PrivateTarget is where the PrivateRedirect case sends its visitors: an
// RFC 1918 address that a fetcher must refuse before sending a packet.
const PrivateTarget = "http://10.11.12.13/login"

// BrandPage is the brand's home page: a logo, a sign-in form, news.
func BrandPage(name, domain string) string {
	return fmt.Sprintf(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>%[1]s – Online Banking</title>
<link rel="stylesheet" href="/static/main.css"></head>
<body>
<header><a href="/"><img src="/static/logo.svg" alt="%[1]s"></a>
<nav><ul><li><a href="/accounts">Accounts</a></li><li><a href="/cards">Cards</a></li>
<li><a href="/loans">Loans</a></li><li><a href="/help">Help</a></li></ul></nav></header>
<main>
<section class="login"><h1>Sign in to %[1]s Online Banking</h1>
<form method="post" action="/login"><label>Customer number <input type="text" name="user"></label>
<label>Password <input type="password" name="pass"></label><button type="submit">Sign in</button></form>
<p><a href="/forgot">Forgotten your customer number or password?</a></p></section>
<section class="news"><h2>News</h2>
<article><h3>Savings rates rise from 1 December</h3><p>Our easy access saver now pays more interest on every balance, with no notice needed to withdraw.</p></article>
<article><h3>Beware of fraudsters</h3><p>We will never ask for your password by e-mail, text or phone. Report suspicious messages to security@%[2]s.</p></article>
</section></main>
<footer><p>%[1]s plc is authorised and regulated. Copyright 2026 %[1]s.</p></footer>
</body></html>
`, name, domain)
}

// KitPage is a phishing kit made from BrandPage: the same markup and form,
// words of its own ("verify your account"), the brand's name and logo kept.
func KitPage(name string) string {
	return fmt.Sprintf(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>%[1]s – Account verification</title>
<link rel="stylesheet" href="/static/main.css"></head>
<body>
<header><a href="/"><img src="/static/logo.svg" alt="%[1]s"></a>
<nav><ul><li><a href="#">Security</a></li><li><a href="#">Verify</a></li>
<li><a href="#">Support</a></li><li><a href="#">Contact</a></li></ul></nav></header>
<main>
<section class="login"><h1>Your access has been limited</h1>
<form method="post" action="gate.php"><label>Customer ID <input type="text" name="user"></label>
<label>Passcode <input type="password" name="pass"></label><button type="submit">Continue</button></form>
<p><a href="#">Why am I seeing this?</a></p></section>
<section class="news"><h2>Important</h2>
<article><h3>Unusual activity detected</h3><p>To restore full access, confirm your identity within 24 hours or your account will be suspended.</p></article>
<article><h3>Secure session</h3><p>This session is protected with 256-bit encryption for your safety.</p></article>
</section></main>
<footer><p>Copyright 2026. All rights reserved.</p></footer>
</body></html>
`, name)
}

// ParkedPage is a Sedo-style for-sale lander for domain.
func ParkedPage(domain string) string {
	return fmt.Sprintf(`<!doctype html>
<html><head><title>%[1]s</title>
<script src="https://img.sedoparking.com/templates/js/lander.js"></script></head>
<body><div id="header"><h1>%[1]s</h1><p>This domain may be for sale!</p>
<a href="https://sedo.com/search/details/?domain=%[1]s">Buy this domain</a></div>
<div id="related"><h2>Related Searches</h2><ul><li><a href="#">Online Banking</a></li><li><a href="#">Credit Cards</a></li><li><a href="#">Personal Loans</a></li></ul></div>
<div id="footer">Copyright 2026. All rights reserved. Privacy Policy</div>
</body></html>
`, domain)
}

// UnrelatedPage is a shop that has nothing to do with any bank.
const UnrelatedPage = `<!doctype html>
<html><head><title>Crumb &amp; Co – Sourdough Bakery</title></head>
<body><div class="hero"><h1>Fresh bread every morning</h1>
<p>Our bakers start at four so that your loaf is warm at seven. Rye, spelt and the house sourdough, baked in a wood-fired oven.</p></div>
<div class="menu"><table><tr><td>Country loaf</td><td>4.50</td></tr><tr><td>Seeded rye</td><td>5.20</td></tr><tr><td>Cinnamon bun</td><td>2.80</td></tr></table></div>
<div class="visit"><p>Open Tuesday to Sunday, 7 till 2. Find us on Mill Lane, next to the river.</p>
<form action="/newsletter"><input type="email" name="email" placeholder="Your e-mail"><button>Subscribe</button></form></div>
</body></html>
`

// Handlers returns a handler per case for a brand called name (as its page
// says it) at domain. The brand's page is served over HTTP at www.domain by
// Affiliate's redirect.
func Handlers(name, domain string) map[string]http.Handler {
	html := func(body string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Server", "webtest")
			fmt.Fprint(w, body)
		})
	}
	brandPage := BrandPage(name, domain)
	return map[string]http.Handler{
		Brand: html(brandPage),
		Clone: html(brandPage),
		Kit:   html(KitPage(name)),
		Parked: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, ParkedPage(strings.TrimPrefix(hostOnly(r.Host), "www.")))
		}),
		Affiliate: http.RedirectHandler("http://www."+domain+"/?"+AffiliateQuery, http.StatusFound),
		Unrelated: html(UnrelatedPage),
		// Hang reads the request and never answers; it lets go when the
		// client does, so that a test's server can close.
		Hang: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}),
		Big: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><head><title>Big</title></head><body>")
			chunk := []byte(strings.Repeat("<p>padding padding padding padding padding</p>\n", 1024))
			for sent := 0; sent < BigSize; sent += len(chunk) {
				if _, err := w.Write(chunk); err != nil {
					return // the client stopped reading: the point of the case
				}
			}
		}),
		PrivateRedirect: http.RedirectHandler(PrivateTarget, http.StatusFound),
	}
}

func hostOnly(hostport string) string {
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 && !strings.Contains(hostport[i:], "]") {
		return hostport[:i]
	}
	return hostport
}
