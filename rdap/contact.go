package rdap

import (
	"context"
	"encoding/json"
	"fmt"
	"net/mail"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"
)

// maxContacts bounds the abuse contacts kept from one answer.
const maxContacts = 8

// Contact is a point of contact of an RDAP entity (RFC 9083 section 5.1),
// read from its jCard (RFC 7095). Every string has had control characters
// removed and is capped; Email is an address net/mail accepts.
type Contact struct {
	// Roles are the entity's roles ("abuse", "registrar", "technical", ...).
	Roles  []string `json:"roles"`
	Handle string   `json:"handle,omitempty"`
	Name   string   `json:"name,omitempty"` // the jCard's fn
	Org    string   `json:"org,omitempty"`
	Email  string   `json:"email,omitempty"`
	Phone  string   `json:"phone,omitempty"`
}

// Holder is what a takedown needs of an RDAP answer: who holds the object
// (the registrar of a domain, the network of an address) and whom to tell.
type Holder struct {
	Outcome Outcome `json:"outcome"`
	// Name is the registrar's name (domain) or the network's (IP).
	Name string `json:"name,omitempty"`
	// Handle is the network's handle, or the registrar's IANA ID.
	Handle string `json:"handle,omitempty"`
	// Range is the network's first and last address ("192.0.2.0 - 192.0.2.255").
	Range   string `json:"range,omitempty"`
	Country string `json:"country,omitempty"`
	// Abuse are the contacts of entities with the role "abuse", nearest first.
	Abuse []Contact `json:"abuse,omitempty"`
	// Server is the base URL asked; URL is where the answer came from, after
	// redirects (from one RIR to another).
	Server string `json:"server,omitempty"`
	URL    string `json:"url,omitempty"`
	Code   int    `json:"code,omitempty"`
	Err    string `json:"err,omitempty"`
}

// DomainHolder asks the domain's registry for its registration and returns
// the registrar and the registrar's abuse contact (the ICANN RDAP profile
// puts it on an entity with role "abuse" inside the registrar entity).
func (c *Client) DomainHolder(ctx context.Context, domain string) Holder {
	name, ok := aLabel(domain)
	if !ok || !strings.Contains(name, ".") {
		return Holder{Outcome: Failed, Err: fmt.Sprintf("%q is not a registrable domain name", clean(domain))}
	}
	base, ok := c.opts.Bootstrap.ServerFor(name)
	if !ok {
		return Holder{Outcome: NoServer, Err: fmt.Sprintf("the RDAP bootstrap names no service for %s", tldOf(name))}
	}
	return c.fetchObject(ctx, base, "domain/"+name, name)
}

// IPHolder asks the regional registry that the IP bootstrap names (nil
// means DefaultIPBootstrap) about addr, following its redirects to another
// RIR, and returns the network and its abuse contact.
func (c *Client) IPHolder(ctx context.Context, addr netip.Addr, b *IPBootstrap) Holder {
	if b == nil {
		b = DefaultIPBootstrap()
	}
	addr = addr.Unmap()
	if !addr.IsValid() {
		return Holder{Outcome: Failed, Err: "no address"}
	}
	base, ok := b.ServerFor(addr)
	if !ok {
		return Holder{Outcome: NoServer, Err: fmt.Sprintf("the RDAP IP bootstrap names no registry for %s (private, reserved or unallocated space)", addr)}
	}
	return c.fetchObject(ctx, base, "ip/"+addr.String(), "")
}

// fetchObject GETs base+path under the client's throttles, retries and
// limits, and reads the object's holder; domain, when set, is the name a
// domain object must be about.
func (c *Client) fetchObject(ctx context.Context, base, path, domain string) Holder {
	u, err := url.Parse(base + path)
	if err != nil {
		return Holder{Outcome: Failed, Server: base, Err: fmt.Sprintf("RDAP URL %s%s: %v", base, path, err)}
	}
	if !allowedURL(u) {
		return Holder{Outcome: NoServer, Server: base, Err: fmt.Sprintf("the RDAP service %s is plain http; lookalike only sends RDAP queries over https", base)}
	}
	host := c.host(u.Host)
	for attempt := 0; ; attempt++ {
		if rest := host.paused(); rest > c.opts.MaxRetryWait {
			return Holder{Outcome: Throttled, Server: base, Err: fmt.Sprintf("the RDAP server asked lookalike to pause for %s more, longer than the %s cap", rest.Round(time.Second), c.opts.MaxRetryWait)}
		}
		if err := host.wait(ctx); err != nil {
			return Holder{Outcome: Failed, Server: base, Err: "cancelled while waiting for the RDAP host's rate limit: " + err.Error()}
		}
		h, wait := c.objectAttempt(ctx, u, domain)
		h.Server = base
		if wait < 0 {
			return h
		}
		host.pause(wait)
		if wait > c.opts.MaxRetryWait || attempt == c.opts.MaxRetries {
			h.Err += fmt.Sprintf(" (gave up after %d attempts)", attempt+1)
			return h
		}
	}
}

// objectAttempt asks for a domain or network object's holder once (see get
// for wait).
func (c *Client) objectAttempt(ctx context.Context, u *url.URL, domain string) (Holder, time.Duration) {
	r, wait := c.get(ctx, u)
	h := Holder{Code: r.code, URL: r.url, Outcome: r.outcome, Err: r.err}
	if r.outcome != Found {
		return h, wait
	}
	if err := parseHolder(r.body, domain, &h); err != nil {
		h.Outcome, h.Err = Failed, err.Error()
		return h, -1
	}
	h.Outcome = Found
	return h, -1
}

// holderObject is the part of a domain or ip network object (RFC 9083
// sections 5.3 and 5.4) a takedown reads.
type holderObject struct {
	ObjectClassName string   `json:"objectClassName"`
	LDHName         string   `json:"ldhName"`
	Handle          string   `json:"handle"`
	Name            string   `json:"name"`
	StartAddress    string   `json:"startAddress"`
	EndAddress      string   `json:"endAddress"`
	Country         string   `json:"country"`
	Entities        []entity `json:"entities"`
	ErrorCode       *int     `json:"errorCode"`
	Title           string   `json:"title"`
}

// parseHolder reads a 200 body. For a domain (the object must be about
// domain), the holder is the registrar; for an ip network (asked for when
// domain is ""), the network. Abuse contacts are searched breadth first
// through nested entities, at most maxDepth levels.
func parseHolder(body []byte, domain string, h *Holder) error {
	var obj holderObject
	if err := json.Unmarshal(body, &obj); err != nil {
		return fmt.Errorf("malformed RDAP response: %v", err)
	}
	if obj.ErrorCode != nil {
		return fmt.Errorf("%w: RDAP error object with HTTP 200 (errorCode %d %q)", errWrongObject, *obj.ErrorCode, clean(obj.Title))
	}
	switch class := strings.ToLower(obj.ObjectClassName); {
	case domain != "" && class == "domain":
		if got, ok := aLabel(obj.LDHName); !ok || got != domain {
			return fmt.Errorf("%w: answer is about %q, not %q", errWrongObject, clean(obj.LDHName), domain)
		}
		h.Name = registrar(obj.Entities)
		h.Handle = registrarID(obj.Entities)
	case domain == "" && class == "ip network":
		h.Name, h.Handle, h.Country = clean(obj.Name), clean(obj.Handle), clean(obj.Country)
		if s, e := clean(obj.StartAddress), clean(obj.EndAddress); s != "" && e != "" {
			h.Range = s + " - " + e
		}
	default:
		want := "ip network"
		if domain != "" {
			want = "domain"
		}
		return fmt.Errorf("%w: objectClassName %q, want %q", errWrongObject, clean(obj.ObjectClassName), want)
	}
	h.Abuse = abuseContacts(obj.Entities)
	return nil
}

// registrarID is the IANA Registrar ID of the registrar entity, if any.
func registrarID(es []entity) string {
	for _, e := range es {
		if !hasRole(e.Roles, "registrar") {
			continue
		}
		for _, id := range e.PublicIDs {
			if strings.EqualFold(strings.TrimSpace(id.Type), "IANA Registrar ID") {
				return clean(id.Identifier)
			}
		}
	}
	return ""
}

func abuseContacts(level []entity) []Contact {
	var out []Contact
	seen := map[string]bool{}
	for depth := 0; depth < maxDepth && len(level) > 0 && len(out) < maxContacts; depth++ {
		var next []entity
		for _, e := range level {
			if hasRole(e.Roles, "abuse") && len(out) < maxContacts {
				c := contactOf(e)
				key := c.Email + "|" + c.Phone + "|" + c.Handle
				if (c.Email != "" || c.Phone != "") && !seen[key] {
					seen[key] = true
					out = append(out, c)
				}
			}
			next = append(next, e.Entities...)
		}
		level = next
	}
	return out
}

func contactOf(e entity) Contact {
	c := Contact{Handle: clean(e.Handle)}
	for _, r := range e.Roles {
		if r = strings.ToLower(clean(r)); r != "" && !slices.Contains(c.Roles, r) && len(c.Roles) < 8 {
			c.Roles = append(c.Roles, r)
		}
	}
	for _, p := range vcardProps(e.VCard) {
		switch strings.ToLower(p.name) {
		case "fn":
			if c.Name == "" {
				c.Name = clean(p.value)
			}
		case "org":
			if c.Org == "" {
				c.Org = clean(p.value)
			}
		case "email":
			if c.Email == "" {
				c.Email = cleanEmail(p.value)
			}
		case "tel":
			if c.Phone == "" {
				c.Phone = cleanPhone(p.value)
			}
		}
	}
	return c
}

// cleanEmail keeps an address only if it is one address and nothing else: it
// goes into a To: header.
func cleanEmail(s string) string {
	s = clean(strings.TrimPrefix(strings.TrimSpace(s), "mailto:"))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s || strings.ContainsAny(s, "<>,;\"' ") {
		return ""
	}
	return s
}

// cleanPhone keeps the characters of a phone number (RFC 3966 tel: URI or
// text): digits, + . - ( ) space, x or ;ext= for an extension.
func cleanPhone(s string) string {
	s = strings.TrimPrefix(clean(s), "tel:")
	var b strings.Builder
	for _, r := range s {
		if (r >= '0' && r <= '9') || strings.ContainsRune("+.-() x;=ext", r) {
			b.WriteRune(r)
		}
	}
	out := strings.TrimSpace(b.String())
	if !strings.ContainsAny(out, "0123456789") || len(out) > 40 {
		return ""
	}
	return out
}

type vcardProp struct{ name, value string }

// vcardProps reads the properties of a jCard whose value is a string, or a
// list whose first string is taken (org, structured values). A malformed card
// gives none.
func vcardProps(raw json.RawMessage) []vcardProp {
	if len(raw) == 0 {
		return nil
	}
	var card []json.RawMessage
	if json.Unmarshal(raw, &card) != nil || len(card) < 2 {
		return nil
	}
	var props [][]json.RawMessage
	if json.Unmarshal(card[1], &props) != nil {
		return nil
	}
	var out []vcardProp
	for _, p := range props {
		if len(p) < 4 || len(out) >= 64 {
			continue
		}
		var name string
		if json.Unmarshal(p[0], &name) != nil {
			continue
		}
		var value string
		if json.Unmarshal(p[3], &value) != nil {
			var list []any
			if json.Unmarshal(p[3], &list) != nil || len(list) == 0 {
				continue
			}
			value, _ = list[0].(string)
		}
		if strings.TrimSpace(value) != "" {
			out = append(out, vcardProp{name: name, value: value})
		}
	}
	return out
}
