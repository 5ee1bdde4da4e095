package web

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Caps on what one page contributes, so that a hostile page costs bounded
// memory and time whatever it holds.
const (
	maxTextBytes = 256 << 10 // visible text kept for parking and mentions
	maxDepth     = 256       // open elements tracked for tag paths
	maxTokens    = 200_000   // tokens read from one body
	maxAttrs     = 200       // image alts and resource URLs kept
)

// Doc is what Extract reads from an HTML page.
type Doc struct {
	Title string
	// Text is the visible text, white space collapsed, lower-case, capped.
	Text string
	// LoginForm: an <input type=password> anywhere in the page.
	LoginForm bool
	// Alts are the alt and title texts of images; ImgSrcs their sources.
	Alts    []string
	ImgSrcs []string
	// Resources are the URLs of scripts, frames, stylesheets and form
	// actions: where a parking template gives itself away.
	Resources []string
	// Refresh is the URL of a meta refresh.
	Refresh string
	// Fingerprint is the page's shape.
	Fingerprint Fingerprint
}

// skipText are elements whose content is not visible text.
var skipText = map[atom.Atom]bool{atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true}

// void elements never have an end tag, so they are never pushed.
var void = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true,
	atom.Track: true, atom.Wbr: true,
}

// Extract reads an HTML document with a streaming tokenizer: it never builds
// the tree, so its memory is bounded by the caps above whatever the input.
// Every string it returns is valid UTF-8 without control characters.
func Extract(body []byte) Doc {
	var d Doc
	z := html.NewTokenizer(bytes.NewReader(body))
	z.SetMaxBuf(1 << 20)
	var stack []string
	var text, title strings.Builder
	inTitle, skip := false, 0
	sh := newShingler()
	for n := 0; n < maxTokens; n++ {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			a := tok.DataAtom
			name := tagName(tok)
			if a == atom.Title && title.Len() == 0 {
				inTitle = tt == html.StartTagToken
			}
			if skipText[a] && tt == html.StartTagToken {
				skip++
			}
			d.element(tok)
			sh.tag(stack, name)
			if tt == html.StartTagToken && !void[a] && len(stack) < maxDepth {
				stack = append(stack, name)
			}
		case html.EndTagToken:
			tok := z.Token()
			if tok.DataAtom == atom.Title {
				inTitle = false
			}
			if skipText[tok.DataAtom] && skip > 0 {
				skip--
			}
			// Pop to the matching open element; an unmatched end tag is
			// ignored, as browsers do.
			for i := len(stack) - 1; i >= 0; i-- {
				if base, _, _ := strings.Cut(stack[i], "["); base == tok.Data {
					stack = stack[:i]
					break
				}
			}
		case html.TextToken:
			t := string(z.Text())
			if inTitle {
				title.WriteString(t)
				continue
			}
			if skip > 0 {
				continue
			}
			if text.Len() < maxTextBytes {
				text.WriteString(t)
				text.WriteByte(' ')
			}
		}
	}
	d.Title = tidy(title.String(), 300)
	d.Text = tidy(strings.ToLower(text.String()), maxTextBytes)
	sh.text(d.Title + " " + d.Text)
	d.Fingerprint = sh.fingerprint()
	return d
}

// tagName is the element's name with the attribute that tells its role,
// as the structure comparison sees it: input[password], form, a.
func tagName(tok html.Token) string {
	if tok.DataAtom == atom.Input {
		t := strings.ToLower(attr(tok, "type"))
		if t == "" {
			t = "text"
		}
		return "input[" + clip(t, 20) + "]"
	}
	if tok.DataAtom != 0 {
		return tok.DataAtom.String()
	}
	return clip(tok.Data, 30)
}

func (d *Doc) element(tok html.Token) {
	add := func(list *[]string, s string) {
		if s = tidy(s, 300); s != "" && len(*list) < maxAttrs {
			*list = append(*list, s)
		}
	}
	switch tok.DataAtom {
	case atom.Input:
		if strings.EqualFold(attr(tok, "type"), "password") {
			d.LoginForm = true
		}
	case atom.Img:
		add(&d.Alts, attr(tok, "alt"))
		add(&d.Alts, attr(tok, "title"))
		add(&d.ImgSrcs, attr(tok, "src"))
	case atom.Script, atom.Iframe, atom.Frame:
		add(&d.Resources, attr(tok, "src"))
	case atom.Link:
		add(&d.Resources, attr(tok, "href"))
	case atom.Form:
		add(&d.Resources, attr(tok, "action"))
	case atom.Meta:
		if strings.EqualFold(attr(tok, "http-equiv"), "refresh") {
			if u, ok := refreshURL(attr(tok, "content")); ok {
				d.Refresh = tidy(u, 2000)
			}
		}
	}
}

// refreshURL reads the URL of a refresh's content ("0; url='…'"). The key
// is matched without case in ASCII only: lower-casing the whole string
// could change its length and so the offsets (a fuzzer found that).
func refreshURL(content string) (string, bool) {
	for i := 0; i+4 <= len(content); i++ {
		if strings.EqualFold(content[i:i+4], "url=") {
			return strings.Trim(content[i+4:], `'" `), true
		}
	}
	return "", false
}

func attr(tok html.Token, key string) string {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// tidy is network text made fit to store: valid UTF-8, no control
// characters, white space collapsed (line breaks and tabs first, so that
// they separate words rather than vanish), at most n bytes.
func tidy(s string, n int) string {
	return clip(collapse(Clean(collapse(s))), n)
}

// collapse folds every run of white space into one space and trims.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// analyse fills the page's fields from its body.
func (p *Page) analyse(body []byte, brand Brand) {
	d := Extract(body)
	p.Title = d.Title
	p.LoginForm = d.LoginForm
	p.Refresh = d.Refresh
	p.Fingerprint = d.Fingerprint
	p.Mentions = brandMentions(withoutHosts(d, hostOf(p.URL), hostOf(p.FinalURL)), brand)
	if svc, why, ok := parkedBy(d, p.FinalURL); ok {
		p.Parking, p.ParkingWhy = svc, why
	}
}

// withoutHosts removes the page's own host names from its title and text:
// a lander that says "acmebank-sale.com is for sale", or a webmail login
// titled with its host, shows the lookalike's name, not the brand's.
func withoutHosts(d Doc, hosts ...string) Doc {
	for _, h := range hosts {
		if h == "" {
			continue
		}
		h = strings.TrimPrefix(h, "www.")
		for _, form := range []string{"www." + h, h} {
			d.Title = replaceFold(d.Title, form)
			d.Text = replaceFold(d.Text, form)
		}
	}
	return d
}

// replaceFold replaces every ASCII-case-insensitive occurrence of host
// (lower-case ASCII, as a URL's host is here) in s by a space.
func replaceFold(s, host string) string {
	if host == "" || len(s) < len(host) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+len(host) <= len(s) && strings.EqualFold(s[i:i+len(host)], host) {
			b.WriteByte(' ')
			i += len(host)
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// brandMentions lists where the page names the brand.
func brandMentions(d Doc, b Brand) []string {
	var out []string
	if m := mentions(d.Title, b); m != "" {
		out = append(out, "title")
	}
	if m := mentions(d.Text, b); m != "" {
		out = append(out, "text")
	}
	for _, alt := range d.Alts {
		if mentions(alt, b) != "" {
			out = append(out, fmt.Sprintf("logo %q", clip(alt, 80)))
			break
		}
	}
	if !slices.ContainsFunc(out, func(s string) bool { return strings.HasPrefix(s, "logo") }) {
		for _, src := range d.ImgSrcs {
			if file := lastPathPart(src); mentions(file, b) != "" {
				out = append(out, fmt.Sprintf("logo %q", clip(file, 80)))
				break
			}
		}
	}
	for _, t := range b.Terms {
		if k := alnum(t); k != "" && k != alnum(b.label()) && containsName(d.Title+" "+d.Text, k) {
			out = append(out, fmt.Sprintf("term %q", clip(strings.ToLower(t), 80)))
		}
	}
	return out
}

// lastPathPart is the file name of a URL path: a logo's source names the
// brand ("/img/acmebank-logo.svg") far more often than its alt text does.
func lastPathPart(src string) string {
	src, _, _ = strings.Cut(src, "?")
	if i := strings.LastIndexByte(src, '/'); i >= 0 {
		src = src[i+1:]
	}
	return src
}

// mentions returns the brand's label or term that s names, or "".
func mentions(s string, b Brand) string {
	for _, k := range append([]string{b.label()}, b.Terms...) {
		if k = alnum(k); k != "" && containsName(s, k) {
			return k
		}
	}
	return ""
}

// containsName reports whether text names key (letters and digits only).
// A long key is found inside words and across spaces ("Acme Bank" names
// acmebank); a short one must be a whole word, or "ing" would be named by
// every English page.
func containsName(text, key string) bool {
	if len([]rune(key)) >= 5 {
		return strings.Contains(alnum(text), key)
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !isLetterOrDigit(r) }) {
		if w == key {
			return true
		}
	}
	return false
}
