package rdap

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/lookalike/lookalike/names"
)

// Limits on what a response may put into an Answer: the strings end up in
// terminals, CSV cells and the history database.
const (
	maxText   = 200 // runes per string
	maxStatus = 32  // status values kept
	maxDepth  = 4   // levels of nested entities searched for the registrar
)

var errWrongObject = errors.New("wrong object")

// registration is what a domain object says about the name.
type registration struct {
	Registrar string
	Created   string
	Expires   string
	Status    []string
}

// domainObject holds the members of an RDAP domain object (RFC 9083 section
// 5.3) that lookalike reads, and the error members (section 6) that some
// servers send with a 200.
type domainObject struct {
	ObjectClassName string   `json:"objectClassName"`
	LDHName         string   `json:"ldhName"`
	UnicodeName     string   `json:"unicodeName"`
	Status          []string `json:"status"`
	Events          []event  `json:"events"`
	Entities        []entity `json:"entities"`
	ErrorCode       *int     `json:"errorCode"`
	Title           string   `json:"title"`
}

type event struct {
	Action string `json:"eventAction"`
	Date   string `json:"eventDate"`
}

type entity struct {
	Roles     []string        `json:"roles"`
	Handle    string          `json:"handle"`
	VCard     json.RawMessage `json:"vcardArray"`
	PublicIDs []publicID      `json:"publicIds"`
	Entities  []entity        `json:"entities"`
}

type publicID struct {
	Type       string `json:"type"`
	Identifier string `json:"identifier"`
}

// parseDomain reads a 200 body that should be the domain object for want (a
// lower-case A-label). Anything else (not JSON, an error object, another
// object class, another name) is an error: a caller must treat it as Failed,
// never as NotFound.
func parseDomain(body []byte, want string) (registration, error) {
	var obj domainObject
	if err := json.Unmarshal(body, &obj); err != nil {
		return registration{}, fmt.Errorf("malformed RDAP response: %v", err)
	}
	if obj.ErrorCode != nil {
		return registration{}, fmt.Errorf("%w: RDAP error object with HTTP 200 (errorCode %d %q)", errWrongObject, *obj.ErrorCode, clean(obj.Title))
	}
	if obj.ObjectClassName != "" && !strings.EqualFold(obj.ObjectClassName, "domain") {
		return registration{}, fmt.Errorf("%w: objectClassName %q, want \"domain\"", errWrongObject, clean(obj.ObjectClassName))
	}
	got := obj.LDHName
	if got == "" {
		got = obj.UnicodeName
	}
	if got == "" {
		return registration{}, fmt.Errorf("%w: domain object names no domain (no ldhName or unicodeName)", errWrongObject)
	}
	if name, ok := aLabel(got); !ok || name != want {
		return registration{}, fmt.Errorf("%w: answer is about %q, not %q", errWrongObject, clean(got), want)
	}

	var reg registration
	for _, s := range obj.Status {
		if len(reg.Status) == maxStatus {
			break
		}
		if s = clean(s); s != "" {
			reg.Status = append(reg.Status, s)
		}
	}
	for _, e := range obj.Events {
		switch strings.ToLower(e.Action) {
		case "registration":
			if reg.Created == "" {
				reg.Created = clean(e.Date)
			}
		case "expiration":
			if reg.Expires == "" {
				reg.Expires = clean(e.Date)
			}
		}
	}
	reg.Registrar = registrar(obj.Entities)
	return reg, nil
}

// aLabel brings a name from a response to the form Lookup asks with.
func aLabel(s string) (string, bool) {
	a, ok := names.ToASCII(s)
	return a, ok && names.Valid(a)
}

// registrar names the entity with role "registrar", searching the domain's own
// entities first and nested ones after (breadth first): its vCard "fn", else
// its public IDs ("IANA Registrar ID 292"), else its handle.
func registrar(level []entity) string {
	for depth := 0; depth < maxDepth && len(level) > 0; depth++ {
		var next []entity
		for _, e := range level {
			if hasRole(e.Roles, "registrar") {
				if name := registrarName(e); name != "" {
					return name
				}
			}
			next = append(next, e.Entities...)
		}
		level = next
	}
	return ""
}

func hasRole(roles []string, want string) bool {
	for _, r := range roles {
		if strings.EqualFold(strings.TrimSpace(r), want) {
			return true
		}
	}
	return false
}

func registrarName(e entity) string {
	if fn := clean(vcardFN(e.VCard)); fn != "" {
		return fn
	}
	for _, id := range e.PublicIDs {
		if clean(id.Identifier) != "" {
			return clean(id.Type + " " + id.Identifier)
		}
	}
	return clean(e.Handle)
}

// vcardFN reads the "fn" property of a jCard (RFC 7095): ["vcard", [[name,
// params, type, value], ...]]. A malformed card gives "" rather than failing
// the whole answer: the registrar is a detail, the registration is the fact.
func vcardFN(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var card []json.RawMessage
	if json.Unmarshal(raw, &card) != nil || len(card) < 2 {
		return ""
	}
	var props [][]json.RawMessage
	if json.Unmarshal(card[1], &props) != nil {
		return ""
	}
	for _, p := range props {
		if len(p) < 4 {
			continue
		}
		var name, value string
		if json.Unmarshal(p[0], &name) != nil || !strings.EqualFold(name, "fn") {
			continue
		}
		if json.Unmarshal(p[3], &value) == nil && strings.TrimSpace(value) != "" {
			return value
		}
	}
	return ""
}

// isHold reports a status that keeps a registered name out of the zone. RDAP
// spells EPP's clientHold and serverHold as "client hold" and "server hold"
// (RFC 8056 section 2); some servers send the EPP forms, so spaces, hyphens,
// underscores and case are ignored.
func isHold(status []string) bool {
	for _, s := range status {
		var b strings.Builder
		for _, r := range strings.ToLower(s) {
			if r != ' ' && r != '-' && r != '_' {
				b.WriteRune(r)
			}
		}
		switch b.String() {
		case "clienthold", "serverhold", "inactive":
			return true
		}
	}
	return false
}

// clean makes a string from the network safe to store and print: valid UTF-8,
// no control characters, trimmed, at most maxText runes.
func clean(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if n == maxText {
			break
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r) {
			r = ' '
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}
