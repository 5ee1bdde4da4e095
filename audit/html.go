package audit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// ExtractHTML finds the hosts an HTML document refers to: form actions, links,
// the sources of scripts, images (src and srcset), frames, media and style
// sheets, mailto: links and e-mail addresses in text and attributes, meta
// refresh targets, absolute URLs in any other attribute, url() in CSS, and
// whatever ExtractScript finds in inline scripts, event handlers and JSON-LD.
// Relative URLs are resolved against base (and a <base href>); with a nil base
// they name no host and are skipped. When source is not an http(s) URL, each
// Ref's Source is "source:line".
//
// It reads r to the end and fails only when r does.
func ExtractHTML(r io.Reader, base *url.URL, source string) ([]Ref, error) {
	var c collector
	_, err := parseHTML(&c, r, base, newLocator(source))
	return c.refs, err
}

// links is what a crawler may fetch next from a page.
type links struct {
	pages   []*url.URL // a, area, iframe, frame, meta refresh
	scripts []*url.URL // script src
	jsons   []*url.URL // manifests and JSON the page links
}

type htmlParser struct {
	c    *collector
	base *url.URL
	loc  locator
	out  links
}

var cssURLRE = regexp.MustCompile(`(?i)(?:url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+))`)

func parseHTML(c *collector, r io.Reader, base *url.URL, loc locator) (links, error) {
	p := &htmlParser{c: c, base: base, loc: loc}
	z := html.NewTokenizer(r)
	line := 1
	var rawParent string // the element whose raw text comes next: script, style
	var scriptType string
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if errors.Is(z.Err(), io.EOF) {
				return p.out, nil
			}
			return p.out, fmt.Errorf("read HTML %s: %w", loc.source, z.Err())
		}
		raw := z.Raw()
		nl := bytes.Count(raw, []byte{'\n'})
		rawCopy := raw
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			rawCopy = bytes.Clone(raw)
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			p.tag(tok, rawCopy, line)
			rawParent = ""
			switch tok.Data {
			case "script":
				rawParent, scriptType = "script", strings.ToLower(strings.TrimSpace(attr(tok, "type")))
			case "style":
				rawParent = "style"
			case "noscript", "noembed", "noframes", "iframe":
				// Their content is markup worth reading (tracking pixels, fallbacks).
				z.NextIsNotRawText()
			}
			if tt == html.SelfClosingTagToken {
				rawParent = ""
			}
		case html.EndTagToken:
			rawParent = ""
		case html.TextToken:
			switch rawParent {
			case "script":
				if isJSONType(scriptType) {
					extractJSON(p.c, tok.Data, p.loc.shift(line))
				} else {
					p.script(tok.Data, line)
				}
			case "style":
				p.css(tok.Data, line)
			default:
				p.text(tok.Data, line, KindTextHost)
			}
		case html.CommentToken:
			p.text(tok.Data, line, "")
		}
		line += nl
	}
}

func isJSONType(t string) bool {
	if i := strings.IndexByte(t, ';'); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	return t == "application/json" || t == "importmap" || t == "speculationrules" ||
		strings.HasSuffix(t, "+json")
}

func attr(t html.Token, key string) string {
	for _, a := range t.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// text scans text or a comment line by line.
func (p *htmlParser) text(s string, line int, bare string) {
	for i, l := range strings.Split(s, "\n") {
		scanLine(p.c, l, p.loc.at(line+i), KindTextURL, bare)
	}
}

func (p *htmlParser) css(s string, line int) {
	for i, l := range strings.Split(s, "\n") {
		for _, m := range cssURLRE.FindAllStringSubmatch(l, -1) {
			v := m[1]
			if v == "" {
				v = m[2]
			}
			p.url(v, KindStylesheet, line+i)
		}
	}
}

// resolve parses an attribute value as a URL and resolves it against the base.
func (p *htmlParser) resolve(v string) (*url.URL, bool) {
	v = strings.TrimSpace(v)
	if v == "" || strings.HasPrefix(v, "#") {
		return nil, false
	}
	u, err := url.Parse(v)
	if err != nil {
		return nil, false
	}
	if p.base != nil {
		u = p.base.ResolveReference(u)
	}
	u.Fragment, u.RawFragment = "", ""
	return u, true
}

// url records a reference to an attribute's URL, found on line, and returns
// it resolved.
func (p *htmlParser) url(v, kind string, line int) (*url.URL, bool) {
	src := p.loc.at(line)
	lv := strings.ToLower(strings.TrimSpace(v))
	switch {
	case strings.HasPrefix(lv, "mailto:"):
		p.mailto(v, src)
		return nil, false
	case strings.HasPrefix(lv, "javascript:"):
		p.script(v[strings.IndexByte(v, ':')+1:], line)
		return nil, false
	}
	u, ok := p.resolve(v)
	if !ok {
		return nil, false
	}
	p.c.add(urlRef(u, kind, src))
	return u, true
}

func (p *htmlParser) mailto(v, src string) {
	if s, err := url.PathUnescape(v); err == nil {
		v = s
	}
	for _, a := range emailRE.FindAllString(v, -1) {
		p.c.add(emailRef(a, KindMailto, src))
	}
}

// script reads JavaScript that starts on line: an inline script, an event
// handler, a javascript: URL.
func (p *htmlParser) script(s string, line int) {
	extractScript(p.c, s, p.loc.shift(line), KindJSURL, KindJSHost)
}

// tag reads the attributes of one start tag.
func (p *htmlParser) tag(t html.Token, raw []byte, line int) {
	// An attribute of a tag that spans lines is reported on its own line
	// when its value appears verbatim in the source.
	lineOf := func(val string) int {
		if val != "" {
			if i := bytes.Index(raw, []byte(val)); i >= 0 {
				return line + bytes.Count(raw[:i], []byte{'\n'})
			}
		}
		return line
	}
	rel := strings.ToLower(attr(t, "rel"))
	for _, a := range t.Attr {
		ln := lineOf(a.Val)
		src := p.loc.at(ln)
		key := a.Key
		switch {
		case strings.HasPrefix(key, "on"):
			p.script(a.Val, ln)
			continue
		case key == "style":
			p.css(a.Val, ln)
			continue
		case key == "srcset" || key == "data-srcset" || key == "imagesrcset":
			for _, cand := range strings.Split(a.Val, ",") {
				if f := strings.Fields(cand); len(f) > 0 {
					p.url(f[0], KindImg, ln)
				}
			}
			continue
		}
		kind := urlKind(t.Data, key, rel, attr(t, "http-equiv"))
		switch kind {
		case "":
			p.other(a.Val, src)
		case KindMetaRefresh:
			if target, ok := refreshTarget(a.Val); ok {
				if u, ok := p.url(target, KindMetaRefresh, ln); ok {
					p.out.pages = append(p.out.pages, u)
				}
			}
		default:
			u, ok := p.url(a.Val, kind, ln)
			if !ok {
				continue
			}
			switch {
			case t.Data == "base" && key == "href":
				p.base = u
			case kind == KindLink && (t.Data == "a" || t.Data == "area"), kind == KindIframe:
				p.out.pages = append(p.out.pages, u)
			case kind == KindScript:
				p.out.scripts = append(p.out.scripts, u)
			case t.Data == "link" && (hasWord(rel, "manifest") || strings.HasSuffix(strings.ToLower(u.Path), ".json")):
				p.out.jsons = append(p.out.jsons, u)
			case t.Data == "link" && (hasWord(rel, "modulepreload") || hasWord(rel, "preload") && strings.EqualFold(attr(t, "as"), "script")):
				p.out.scripts = append(p.out.scripts, u)
			}
		}
	}
}

// urlKind says what a URL-valued attribute is, or "" for an attribute that is
// not URL-valued by definition.
func urlKind(tag, key, rel, httpEquiv string) string {
	switch key {
	case "action":
		if tag == "form" {
			return KindFormAction
		}
	case "formaction":
		return KindFormAction
	case "href":
		switch tag {
		case "a", "area", "base":
			return KindLink
		case "link":
			if hasWord(rel, "stylesheet") {
				return KindStylesheet
			}
			return KindLink
		}
	case "src", "data-src":
		switch tag {
		case "script":
			return KindScript
		case "img", "input":
			return KindImg
		case "iframe", "frame":
			return KindIframe
		case "video", "audio", "source", "track", "embed":
			return KindMedia
		}
	case "poster":
		return KindMedia
	case "data":
		if tag == "object" {
			return KindMedia
		}
	case "content":
		if tag == "meta" && strings.EqualFold(strings.TrimSpace(httpEquiv), "refresh") {
			return KindMetaRefresh
		}
	}
	return ""
}

// other reads an attribute that is not a URL by definition: an absolute URL or
// an address in it is still a reference (data-api="https://…", og:url, value=).
func (p *htmlParser) other(v, src string) {
	lv := strings.ToLower(strings.TrimSpace(v))
	switch {
	case strings.HasPrefix(lv, "mailto:"):
		p.mailto(v, src)
	case strings.HasPrefix(lv, "//") && len(lv) > 2 && lv[2] != '/':
		if u, err := url.Parse("https:" + strings.TrimSpace(v)); err == nil {
			p.c.add(urlRef(u, KindAttrURL, src))
		}
	default:
		scanLine(p.c, v, src, KindAttrURL, "")
	}
}

func hasWord(list, w string) bool {
	for f := range strings.FieldsSeq(list) {
		if f == w {
			return true
		}
	}
	return false
}

// refreshTarget reads "5; url=https://…" (HTML §4.2.5.3 shared declarative refresh).
func refreshTarget(content string) (string, bool) {
	i := strings.IndexAny(content, ";,")
	if i < 0 {
		return "", false
	}
	rest := strings.TrimSpace(content[i+1:])
	if len(rest) >= 3 && strings.EqualFold(rest[:3], "url") {
		rest = strings.TrimSpace(rest[3:])
		if !strings.HasPrefix(rest, "=") {
			return "", false
		}
		rest = strings.TrimSpace(rest[1:])
	}
	rest = strings.Trim(rest, `'"`)
	return rest, rest != ""
}
