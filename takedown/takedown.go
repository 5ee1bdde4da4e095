package takedown

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/rdap"
	"github.com/lookalike/lookalike/report"
)

// Defaults for the zero Options.
const (
	DefaultMaxAttachment = 2 << 20 // a screenshot; abuse desks refuse big mail
	DefaultMaxAddresses  = 4       // addresses of one domain whose network is asked
	SummaryFile          = "takedown.json"
)

// Evidence is what the caller knows about one domain: the scan's record, the
// history's first sighting, the web evidence and a screenshot.
type Evidence struct {
	Domain  string `json:"domain"`
	Brand   string `json:"brand,omitempty"`
	Verdict string `json:"verdict,omitempty"`
	Risk    int    `json:"risk,omitempty"`
	// The domain's records when they were seen.
	NS    []string `json:"ns,omitempty"`
	A     []string `json:"a,omitempty"`
	AAAA  []string `json:"aaaa,omitempty"`
	MX    []string `json:"mx,omitempty"`
	CNAME []string `json:"cname,omitempty"`
	// Observed is when the records were seen; FirstSeen when the history
	// first saw the name registered. Zero when unknown.
	Observed  time.Time `json:"observed,omitzero"`
	FirstSeen time.Time `json:"first_seen,omitzero"`
	// Evidence are the scan's phrases ("mx mail.example.net"); Web the web
	// evidence ("login form with the brand's name").
	Evidence []string `json:"evidence,omitempty"`
	Web      []string `json:"web,omitempty"`
	// Screenshot is the path of an image of the site, attached when it is
	// an image within Options.MaxAttachment.
	Screenshot string `json:"screenshot,omitempty"`
}

// Options configure Prepare. From and OutDir are required.
type Options struct {
	// RDAP asks the registries; nil means a client with rdap's defaults.
	RDAP *rdap.Client
	// IPBootstrap maps addresses to RIRs; nil means rdap.DefaultIPBootstrap.
	IPBootstrap *rdap.IPBootstrap
	// From is the reporter's address, as the messages' From:
	// ("Acme Bank Security <security@acmebank.com>").
	From string
	// Organisation names the brand's owner in the text ("Acme Bank").
	Organisation string
	// OutDir receives the .eml files and takedown.json.
	OutDir string
	// Now dates the messages and the summary.
	Now time.Time
	// MaxAttachment bounds the screenshot attached; 0 means
	// DefaultMaxAttachment.
	MaxAttachment int64
	// MaxAddresses bounds the addresses of a domain whose network is asked;
	// 0 means DefaultMaxAddresses.
	MaxAddresses int
}

// Summary is takedown.json: per domain, who holds it and the messages made.
type Summary struct {
	Generated time.Time `json:"generated"`
	Requests  []Request `json:"requests"`
}

// Request is what Prepare found and wrote for one domain.
type Request struct {
	Domain    string    `json:"domain"`
	Brand     string    `json:"brand,omitempty"`
	Verdict   string    `json:"verdict,omitempty"`
	Registrar Party     `json:"registrar"`
	Hosting   []Party   `json:"hosting"`
	Messages  []Message `json:"messages"`
	// Problems say what could not be done and what to do instead.
	Problems []string `json:"problems"`
}

// Party is a registrar or a hosting network, as RDAP described it.
type Party struct {
	// Address is the hosted address (hosting only).
	Address string         `json:"address,omitempty"`
	Name    string         `json:"name,omitempty"`
	Handle  string         `json:"handle,omitempty"`
	Range   string         `json:"range,omitempty"`
	Country string         `json:"country,omitempty"`
	Outcome string         `json:"outcome"`
	Server  string         `json:"server,omitempty"`
	URL     string         `json:"url,omitempty"`
	Abuse   []rdap.Contact `json:"abuse"`
	Err     string         `json:"error,omitempty"`
}

// Message is one written request.
type Message struct {
	// File is the .eml's name inside OutDir.
	File string `json:"file"`
	// Role is "registrar" or "hosting".
	Role    string   `json:"role"`
	To      string   `json:"to"`
	Subject string   `json:"subject"`
	Attach  []string `json:"attachments"`
}

// ErrNoFrom and ErrNoOutDir are returned for Options that cannot work.
var (
	ErrNoFrom   = errors.New("takedown: no From address; give the reporter's address, e.g. security@brand.example")
	ErrNoOutDir = errors.New("takedown: no output directory; give --out DIR")
)

// Prepare looks up the registrar and the hosting networks of each domain and
// writes one message per abuse address to OutDir, then the summary. A domain
// whose registry or network publishes no abuse address gets no message for
// it, and a problem in its Request that says where to turn instead. The
// error is for what stops the whole run: bad Options, a bad domain, a file
// that cannot be written.
func Prepare(ctx context.Context, o Options, evs []Evidence) (*Summary, error) {
	from, err := mail.ParseAddress(o.From)
	if o.From == "" {
		return nil, ErrNoFrom
	}
	if err != nil {
		return nil, fmt.Errorf("takedown: from %q: %w (want an address such as security@brand.example)", o.From, err)
	}
	if o.OutDir == "" {
		return nil, ErrNoOutDir
	}
	if o.RDAP == nil {
		o.RDAP = rdap.New(rdap.Options{})
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	o.Organisation = clip(o.Organisation, 200)
	if o.MaxAttachment <= 0 {
		o.MaxAttachment = DefaultMaxAttachment
	}
	if o.MaxAddresses <= 0 {
		o.MaxAddresses = DefaultMaxAddresses
	}
	if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
		return nil, fmt.Errorf("takedown: output directory %s: %w", o.OutDir, err)
	}
	s := &Summary{Generated: o.Now.UTC(), Requests: []Request{}}
	for _, ev := range evs {
		name, err := domainName(ev.Domain)
		if err != nil {
			return nil, err
		}
		ev.Domain = name
		ev = cleanEvidence(ev)
		req := request(ctx, o, ev)
		for _, m := range messagesFor(&req) {
			data, attached, err := compose(o, from, ev, req, m)
			if err != nil {
				return nil, fmt.Errorf("takedown %s: %w", name, err)
			}
			if err := writeFile(filepath.Join(o.OutDir, m.File), data); err != nil {
				return nil, err
			}
			m.Attach = attached
			req.Messages = append(req.Messages, m.Message)
		}
		if len(req.Messages) == 0 {
			req.Messages = []Message{}
		}
		s.Requests = append(s.Requests, req)
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := writeFile(filepath.Join(o.OutDir, SummaryFile), append(b, '\n')); err != nil {
		return nil, err
	}
	return s, nil
}

// ErrNotDomain marks a domain argument that is no registrable-looking
// host name: the caller is to blame.
var ErrNotDomain = errors.New("not a domain name")

// domainName checks the caller's domain: it names files and goes into a
// Subject header, so it must be a plain A-label name (names.Valid).
func domainName(s string) (string, error) {
	n, ok := names.ToASCII(s)
	if !ok || !strings.Contains(n, ".") || !names.Valid(n) {
		return "", fmt.Errorf("takedown %q: %w; give the lookalike's domain, such as acmebank-login.com", s, ErrNotDomain)
	}
	return n, nil
}

func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = clip(s, 500); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// clip caps free text from the network or the caller, in runes, after
// turning line breaks and other C0/C1 controls into spaces (a line break
// would end the list item, or a header) and dropping what report.Clean drops.
func clip(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(report.Clean(s)), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func cleanEvidence(ev Evidence) Evidence {
	ev.Brand = clip(ev.Brand, 253)
	ev.Verdict = clip(ev.Verdict, 40)
	ev.NS, ev.A, ev.AAAA, ev.MX, ev.CNAME = cleanList(ev.NS), cleanList(ev.A), cleanList(ev.AAAA), cleanList(ev.MX), cleanList(ev.CNAME)
	ev.Evidence, ev.Web = cleanList(ev.Evidence), cleanList(ev.Web)
	return ev
}

// request asks RDAP about the domain and its addresses.
func request(ctx context.Context, o Options, ev Evidence) Request {
	req := Request{Domain: ev.Domain, Brand: ev.Brand, Verdict: ev.Verdict, Hosting: []Party{}, Problems: []string{}}
	h := o.RDAP.DomainHolder(ctx, ev.Domain)
	req.Registrar = party(h)
	switch {
	case h.Outcome != rdap.Found:
		req.Problems = append(req.Problems, fmt.Sprintf("registrar: RDAP %s for %s (%s); look the registrar up by hand (whois) and use its abuse form", h.Outcome, ev.Domain, cmp.Or(h.Err, "no answer")))
	case !hasEmail(h.Abuse):
		req.Problems = append(req.Problems, fmt.Sprintf("registrar %s publishes no abuse e-mail in RDAP; use the abuse form on its web site (ICANN requires one, RAA 3.18)", cmp.Or(h.Name, "(unnamed)")))
	}
	var addrs []netip.Addr
	for _, s := range append(slices.Clone(ev.A), ev.AAAA...) {
		a, err := netip.ParseAddr(s)
		if err != nil {
			req.Problems = append(req.Problems, fmt.Sprintf("address %q does not parse; left out", s))
			continue
		}
		a = a.Unmap()
		if !a.IsGlobalUnicast() || a.IsPrivate() {
			req.Problems = append(req.Problems, fmt.Sprintf("address %s is not public: no hosting network to ask", a))
			continue
		}
		if !slices.Contains(addrs, a) {
			addrs = append(addrs, a)
		}
	}
	if len(addrs) > o.MaxAddresses {
		req.Problems = append(req.Problems, fmt.Sprintf("%d addresses; the networks of the first %d were asked", len(addrs), o.MaxAddresses))
		addrs = addrs[:o.MaxAddresses]
	}
	for _, a := range addrs {
		h := o.RDAP.IPHolder(ctx, a, o.IPBootstrap)
		p := party(h)
		p.Address = a.String()
		req.Hosting = append(req.Hosting, p)
		switch {
		case h.Outcome != rdap.Found:
			req.Problems = append(req.Problems, fmt.Sprintf("hosting %s: RDAP %s (%s)", a, h.Outcome, cmp.Or(h.Err, "no answer")))
		case !hasEmail(h.Abuse):
			req.Problems = append(req.Problems, fmt.Sprintf("hosting %s: network %s publishes no abuse e-mail in RDAP", a, cmp.Or(h.Name, h.Handle, "(unnamed)")))
		}
	}
	return req
}

func party(h rdap.Holder) Party {
	p := Party{Name: h.Name, Handle: h.Handle, Range: h.Range, Country: h.Country, Outcome: h.Outcome.String(),
		Server: h.Server, URL: h.URL, Abuse: h.Abuse, Err: h.Err}
	if p.Abuse == nil {
		p.Abuse = []rdap.Contact{}
	}
	return p
}

func hasEmail(cs []rdap.Contact) bool {
	return slices.ContainsFunc(cs, func(c rdap.Contact) bool { return c.Email != "" })
}

// planned is a message to write: whom, about which parties.
type planned struct {
	Message
	parties []Party
}

// messagesFor plans one message per abuse address: the registrar's first,
// then each network's; two addresses on one network share a message.
func messagesFor(req *Request) []*planned {
	var out []*planned
	byKey := map[string]*planned{}
	add := func(role string, p Party) {
		for _, c := range p.Abuse {
			if c.Email == "" {
				continue
			}
			key := role + "|" + c.Email
			if m, ok := byKey[key]; ok {
				m.parties = append(m.parties, p)
				return
			}
			m := &planned{Message: Message{Role: role, To: c.Email}, parties: []Party{p}}
			byKey[key] = m
			out = append(out, m)
			return // one address per party: the first abuse e-mail
		}
	}
	add("registrar", req.Registrar)
	for _, h := range req.Hosting {
		add("hosting", h)
	}
	count := map[string]int{}
	for _, m := range out {
		count[m.Role]++
		m.File = req.Domain + "." + m.Role + ".eml"
		if n := count[m.Role]; n > 1 {
			m.File = fmt.Sprintf("%s.%s-%d.eml", req.Domain, m.Role, n)
		}
		m.Subject = subject(req.Domain, req.Brand)
	}
	return out
}

func subject(domain, brand string) string {
	if brand != "" {
		return "Abuse report: " + domain + " imitates " + brand
	}
	return "Abuse report: " + domain
}

// writeFile writes atomically: a half-written message is never sent.
func writeFile(path string, data []byte) error {
	f, err := report.CreateAtomic(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Commit()
}
