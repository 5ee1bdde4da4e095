package report

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// This file checks a STIX 2.1 bundle against the rules of the specification
// (STIX Version 2.1, OASIS Standard, 10 June 2021) that apply to what
// lookalike writes: section 2.7 (type), 2.9 (identifier), 3.2 (timestamps),
// 3.1 and 3.5 (common properties), 4.3/4.5/4.7 (identity, indicator), 6.4
// (domain-name), 7.2 (marking definitions), 8 (bundle) and 9 (patterning).
// It is written from the text, not from a library, so that a mistake in the
// writer is not repeated in its judge.

var (
	stixTypeRE = regexp.MustCompile(`^[a-z][a-z0-9-]{1,248}[a-z0-9]$`)
	// Timestamps: RFC 3339, UTC with "Z", optional fraction (section 3.2).
	stixTimeRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$`)
	// created and modified MUST have millisecond precision (section 3.2).
	stixMilliRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$`)
)

// The object types of the specification that this checker knows; a
// producer may define custom ones, lookalike does not.
var (
	stixSDOs = map[string]bool{"attack-pattern": true, "campaign": true, "course-of-action": true, "grouping": true,
		"identity": true, "incident": true, "indicator": true, "infrastructure": true, "intrusion-set": true,
		"location": true, "malware": true, "malware-analysis": true, "note": true, "observed-data": true,
		"opinion": true, "report": true, "threat-actor": true, "tool": true, "vulnerability": true}
	stixSCOs = map[string]bool{"artifact": true, "autonomous-system": true, "directory": true, "domain-name": true,
		"email-addr": true, "email-message": true, "file": true, "ipv4-addr": true, "ipv6-addr": true,
		"mac-addr": true, "mutex": true, "network-traffic": true, "process": true, "software": true,
		"url": true, "user-account": true, "windows-registry-key": true, "x509-certificate": true}
)

// checkSTIXBundle returns every rule the bundle breaks.
func checkSTIXBundle(data []byte) []string {
	var probs []string
	bad := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	var bundle map[string]any
	if err := json.Unmarshal(data, &bundle); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	if bundle["type"] != "bundle" {
		bad("bundle type %v, want \"bundle\"", bundle["type"])
	}
	checkSTIXID(bundle["id"], "bundle", bad)
	if _, ok := bundle["spec_version"]; ok {
		bad("bundle has spec_version: STIX 2.1 removed it from bundles")
	}
	objs, ok := bundle["objects"].([]any)
	if !ok {
		bad("bundle objects is not a list")
		return probs
	}
	ids := map[string]string{}
	var refs [][2]string
	for i, raw := range objs {
		o, ok := raw.(map[string]any)
		if !ok {
			bad("object %d is not an object", i)
			continue
		}
		typ, _ := o["type"].(string)
		if !stixTypeRE.MatchString(typ) || strings.Contains(typ, "--") {
			bad("object %d: type %q is not a STIX type name", i, typ)
			continue
		}
		id, _ := o["id"].(string)
		checkSTIXID(o["id"], typ, bad)
		if prev, dup := ids[id]; dup {
			bad("object %d: id %s also used by a %s", i, id, prev)
		}
		ids[id] = typ
		sco := stixSCOs[typ]
		switch {
		case stixSDOs[typ] || typ == "marking-definition" || typ == "relationship" || typ == "sighting":
			if o["spec_version"] != "2.1" {
				bad("%s: spec_version %v, want \"2.1\"", id, o["spec_version"])
			}
			created, _ := o["created"].(string)
			if !stixMilliRE.MatchString(created) {
				bad("%s: created %q is not a UTC timestamp with milliseconds", id, created)
			}
			if typ != "marking-definition" {
				modified, _ := o["modified"].(string)
				if !stixMilliRE.MatchString(modified) {
					bad("%s: modified %q is not a UTC timestamp with milliseconds", id, modified)
				} else if modified < created {
					bad("%s: modified %s before created %s", id, modified, created)
				}
			}
		case sco:
			if v, ok := o["spec_version"]; ok && v != "2.1" {
				bad("%s: spec_version %v, want \"2.1\"", id, v)
			}
		default:
			bad("%s: type %q is not defined by STIX 2.1", id, typ)
		}
		for k, v := range o {
			switch {
			case strings.HasSuffix(k, "_ref"):
				if s, ok := v.(string); ok {
					refs = append(refs, [2]string{id, s})
				} else {
					bad("%s: %s is not an identifier", id, k)
				}
			case strings.HasSuffix(k, "_refs"):
				list, ok := v.([]any)
				if !ok || len(list) == 0 {
					bad("%s: %s is not a non-empty list", id, k)
				}
				for _, x := range list {
					s, _ := x.(string)
					refs = append(refs, [2]string{id, s})
				}
			}
		}
		switch typ {
		case "identity":
			if s, _ := o["name"].(string); s == "" {
				bad("%s: identity without name", id)
			}
		case "marking-definition":
			if o["definition_type"] == "tlp" {
				d, _ := o["definition"].(map[string]any)
				if t, _ := d["tlp"].(string); t != "white" && t != "green" && t != "amber" && t != "red" {
					bad("%s: tlp %v", id, d["tlp"])
				}
			}
		case "indicator":
			pattern, _ := o["pattern"].(string)
			if pattern == "" {
				bad("%s: indicator without pattern", id)
			}
			if o["pattern_type"] == "stix" {
				if err := parseSTIXPattern(pattern); err != nil {
					bad("%s: pattern %q: %v", id, pattern, err)
				}
			} else if s, _ := o["pattern_type"].(string); s == "" {
				bad("%s: indicator without pattern_type", id)
			}
			from, _ := o["valid_from"].(string)
			if !stixTimeRE.MatchString(from) {
				bad("%s: valid_from %q is not a UTC timestamp", id, from)
			}
			if until, ok := o["valid_until"].(string); ok && until <= from {
				bad("%s: valid_until %s not after valid_from %s", id, until, from)
			}
			if c, ok := o["confidence"].(float64); ok && (c < 0 || c > 100 || c != float64(int(c))) {
				bad("%s: confidence %v not an integer 0-100", id, c)
			}
		case "domain-name":
			value, _ := o["value"].(string)
			if value == "" {
				bad("%s: domain-name without value", id)
			}
			// Section 2.9: an SCO's id is UUIDv5 of its id contributing
			// properties (value, for domain-name) in the SCO namespace.
			canon, _ := json.Marshal(map[string]string{"value": value})
			want := "domain-name--" + uuid.NewSHA1(uuid.MustParse("00abedb4-aa42-4d86-b1f5-8b3e0bcb1ad4"), canon).String()
			if id != want {
				bad("%s: want the deterministic id %s", id, want)
			}
		}
	}
	for _, r := range refs {
		if _, ok := ids[r[1]]; !ok {
			bad("%s refers to %q, which is not in the bundle", r[0], r[1])
		}
	}
	return probs
}

// checkSTIXID: "type--UUID", the UUID in RFC 4122 form, variant 10 (section
// 2.9), the type the object's own.
func checkSTIXID(v any, typ string, bad func(string, ...any)) {
	s, _ := v.(string)
	prefix, rest, ok := strings.Cut(s, "--")
	if !ok || prefix != typ {
		bad("id %q is not %s--UUID", s, typ)
		return
	}
	u, err := uuid.Parse(rest)
	if err != nil || len(rest) != 36 || strings.ToLower(rest) != rest {
		bad("id %q: %q is not a lower-case RFC 4122 UUID", s, rest)
		return
	}
	if u.Variant() != uuid.RFC4122 {
		bad("id %q: UUID variant is %v, want RFC 4122", s, u.Variant())
	}
}

// parseSTIXPattern checks a STIX pattern against the grammar of section 9
// (the ANTLR grammar of Appendix A, STIXPattern.g4): observation expressions
// joined by AND, OR and FOLLOWEDBY with qualifiers, comparison expressions of
// object paths and literals joined by AND and OR, parentheses, string,
// number, boolean, timestamp, binary and hex literals, and sets.
func parseSTIXPattern(s string) error {
	p := &patternParser{src: s}
	p.next()
	if err := p.observations(); err != nil {
		return err
	}
	if p.tok.kind != tokEOF {
		return fmt.Errorf("unexpected %q at offset %d", p.tok.text, p.tok.pos)
	}
	return nil
}

type tokKind int

const (
	tokEOF tokKind = iota
	tokWord
	tokString
	tokNumber
	tokTyped // t'…', b'…', h'…'
	tokPunct
)

type token struct {
	kind tokKind
	text string
	pos  int
}

type patternParser struct {
	src string
	i   int
	tok token
	err error
}

var (
	stixPathWord = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*`)
	stixNumber   = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)`)
	stixTimeLit  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$`)
	stixHexLit   = regexp.MustCompile(`^([0-9a-fA-F]{2})*$`)
	stixB64Lit   = regexp.MustCompile(`^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$`)
)

func (p *patternParser) next() {
	for p.i < len(p.src) && strings.ContainsRune(" \t\r\n", rune(p.src[p.i])) {
		p.i++
	}
	start := p.i
	if p.i >= len(p.src) {
		p.tok = token{kind: tokEOF, pos: start}
		return
	}
	rest := p.src[p.i:]
	if len(rest) >= 2 && strings.ContainsRune("tbh", rune(rest[0])) && rest[1] == '\'' {
		end := strings.IndexByte(rest[2:], '\'')
		if end < 0 {
			p.fail("unterminated %c'' literal", rest[0])
			return
		}
		p.tok = token{kind: tokTyped, text: rest[:end+3], pos: start}
		p.i += end + 3
		return
	}
	switch c := rest[0]; {
	case c == '\'':
		// A string literal: ' with \' and \\ the only escapes (section 9.2).
		j := 1
		for ; j < len(rest); j++ {
			if rest[j] == '\\' {
				if j+1 >= len(rest) || (rest[j+1] != '\'' && rest[j+1] != '\\') {
					p.fail("bad escape in string at offset %d", start+j)
					return
				}
				j++
				continue
			}
			if rest[j] == '\'' {
				break
			}
		}
		if j >= len(rest) {
			p.fail("unterminated string at offset %d", start)
			return
		}
		p.tok = token{kind: tokString, text: rest[:j+1], pos: start}
		p.i += j + 1
	case strings.HasPrefix(rest, "!=") || strings.HasPrefix(rest, "<=") || strings.HasPrefix(rest, ">="):
		p.tok = token{kind: tokPunct, text: rest[:2], pos: start}
		p.i += 2
	case strings.ContainsRune("[]():.,=<>*", rune(c)):
		p.tok = token{kind: tokPunct, text: rest[:1], pos: start}
		p.i++
	case stixNumber.MatchString(rest):
		m := stixNumber.FindString(rest)
		p.tok = token{kind: tokNumber, text: m, pos: start}
		p.i += len(m)
	case stixPathWord.MatchString(rest):
		m := stixPathWord.FindString(rest)
		p.tok = token{kind: tokWord, text: m, pos: start}
		p.i += len(m)
	default:
		p.fail("unexpected character %q at offset %d", c, start)
	}
}

func (p *patternParser) fail(format string, args ...any) {
	if p.err == nil {
		p.err = fmt.Errorf(format, args...)
	}
	p.tok = token{kind: tokEOF, pos: len(p.src)}
	p.i = len(p.src)
}

func (p *patternParser) isWord(w string) bool {
	return p.tok.kind == tokWord && p.tok.text == w
}

func (p *patternParser) isPunct(s string) bool {
	return p.tok.kind == tokPunct && p.tok.text == s
}

func (p *patternParser) expectPunct(s string) error {
	if !p.isPunct(s) {
		return p.errorf("want %q", s)
	}
	p.next()
	return p.err
}

func (p *patternParser) errorf(format string, args ...any) error {
	if p.err != nil {
		return p.err
	}
	return fmt.Errorf(format+" at offset %d, got %q", append(args, p.tok.pos, p.tok.text)...)
}

// observations: observation (('AND'|'OR'|'FOLLOWEDBY') observation)*
func (p *patternParser) observations() error {
	for {
		if err := p.observation(); err != nil {
			return err
		}
		if !p.isWord("AND") && !p.isWord("OR") && !p.isWord("FOLLOWEDBY") {
			return p.err
		}
		p.next()
	}
}

// observation: '[' comparison ']' qualifier* | '(' observations ')' qualifier*
func (p *patternParser) observation() error {
	switch {
	case p.isPunct("["):
		p.next()
		if err := p.comparison(); err != nil {
			return err
		}
		if err := p.expectPunct("]"); err != nil {
			return err
		}
	case p.isPunct("("):
		p.next()
		if err := p.observations(); err != nil {
			return err
		}
		if err := p.expectPunct(")"); err != nil {
			return err
		}
	default:
		return p.errorf("want an observation expression '[' or '('")
	}
	return p.qualifiers()
}

// qualifiers: WITHIN n SECONDS | REPEATS n TIMES | START t'…' STOP t'…'
func (p *patternParser) qualifiers() error {
	for {
		switch {
		case p.isWord("WITHIN"), p.isWord("REPEATS"):
			unit := "SECONDS"
			if p.isWord("REPEATS") {
				unit = "TIMES"
			}
			p.next()
			if p.tok.kind != tokNumber {
				return p.errorf("want a number")
			}
			p.next()
			if !p.isWord(unit) {
				return p.errorf("want %s", unit)
			}
			p.next()
		case p.isWord("START"):
			p.next()
			if err := p.timestamp(); err != nil {
				return err
			}
			if !p.isWord("STOP") {
				return p.errorf("want STOP")
			}
			p.next()
			if err := p.timestamp(); err != nil {
				return err
			}
		default:
			return p.err
		}
	}
}

func (p *patternParser) timestamp() error {
	if p.tok.kind != tokTyped || p.tok.text[0] != 't' || !stixTimeLit.MatchString(p.tok.text[2:len(p.tok.text)-1]) {
		return p.errorf("want a timestamp literal t'…Z'")
	}
	p.next()
	return p.err
}

// comparison: and ('OR' and)*; and: test ('AND' test)*
func (p *patternParser) comparison() error {
	for {
		for {
			if err := p.propTest(); err != nil {
				return err
			}
			if !p.isWord("AND") {
				break
			}
			p.next()
		}
		if !p.isWord("OR") {
			return p.err
		}
		p.next()
	}
}

var stixOps = map[string]bool{"=": true, "!=": true, "<": true, ">": true, "<=": true, ">=": true,
	"IN": true, "LIKE": true, "MATCHES": true, "ISSUBSET": true, "ISSUPERSET": true}

// propTest: '(' comparison ')' | EXISTS path | path NOT? op literal
func (p *patternParser) propTest() error {
	if p.isPunct("(") {
		p.next()
		if err := p.comparison(); err != nil {
			return err
		}
		return p.expectPunct(")")
	}
	if p.isWord("EXISTS") {
		p.next()
		return p.objectPath()
	}
	if err := p.objectPath(); err != nil {
		return err
	}
	if p.isWord("NOT") {
		p.next()
	}
	op := p.tok.text
	if (p.tok.kind != tokPunct && p.tok.kind != tokWord) || !stixOps[op] {
		return p.errorf("want a comparison operator")
	}
	p.next()
	if op == "IN" {
		return p.set()
	}
	return p.literal()
}

// objectPath: type ':' property ('.' property | '[' index ']')*
func (p *patternParser) objectPath() error {
	if p.tok.kind != tokWord || !stixTypeRE.MatchString(p.tok.text) {
		return p.errorf("want an object type")
	}
	p.next()
	if err := p.expectPunct(":"); err != nil {
		return err
	}
	if p.tok.kind != tokWord && p.tok.kind != tokString {
		return p.errorf("want a property name")
	}
	p.next()
	for {
		switch {
		case p.isPunct("."):
			p.next()
			if p.tok.kind != tokWord && p.tok.kind != tokString {
				return p.errorf("want a property name")
			}
			p.next()
		case p.isPunct("["):
			p.next()
			if p.tok.kind != tokNumber && !p.isPunct("*") {
				return p.errorf("want an index or *")
			}
			p.next()
			if err := p.expectPunct("]"); err != nil {
				return err
			}
		default:
			return p.err
		}
	}
}

func (p *patternParser) literal() error {
	switch {
	case p.tok.kind == tokString, p.tok.kind == tokNumber, p.isWord("true"), p.isWord("false"):
	case p.tok.kind == tokTyped:
		body := p.tok.text[2 : len(p.tok.text)-1]
		ok := map[byte]*regexp.Regexp{'t': stixTimeLit, 'h': stixHexLit, 'b': stixB64Lit}[p.tok.text[0]].MatchString(body)
		if !ok {
			return p.errorf("malformed %c'' literal", p.tok.text[0])
		}
	default:
		return p.errorf("want a literal")
	}
	p.next()
	return p.err
}

// set: '(' literal (',' literal)* ')'
func (p *patternParser) set() error {
	if err := p.expectPunct("("); err != nil {
		return err
	}
	for {
		if err := p.literal(); err != nil {
			return err
		}
		if !p.isPunct(",") {
			return p.expectPunct(")")
		}
		p.next()
	}
}

func TestSTIXBundleFollowsTheSpecification(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts ExportOptions
		recs []Record
	}{
		{"fixture", ExportOptions{Now: exportNow}, exportFixture()},
		{"empty", ExportOptions{Now: exportNow, TLP: "red"}, nil},
		{"zero time", ExportOptions{}, exportFixture()[:2]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := exportWith(t, NewSTIXWriter, tc.opts, tc.recs)
			for _, p := range checkSTIXBundle(out) {
				t.Error(p)
			}
		})
	}
}

// TestSTIXCheckerCatches proves the checker can fail: each case breaks one
// rule in a bundle the writer made.
func TestSTIXCheckerCatches(t *testing.T) {
	base := exportWith(t, NewSTIXWriter, ExportOptions{Now: exportNow}, exportFixture()[:1])
	tests := []struct {
		name, old, new, want string
	}{
		{"id type mismatch", `"id": "indicator--`, `"id": "malware--`, "is not indicator--UUID"},
		{"uuid not lower case", `"id": "bundle--`, `"id": "bundle--ABCDEF00-0000-4000-8000-000000000000", "x": "`, "lower-case"},
		{"timestamp without milliseconds", `"created": "2026-12-02T03:15:00.000Z"`, `"created": "2026-12-02T03:15:00Z"`, "milliseconds"},
		{"unbalanced pattern", `"pattern": "[domain-name:value = 'acmebank-login.com']"`, `"pattern": "[domain-name:value = 'acmebank-login.com'"`, "want \"]\""},
		{"unquoted literal", `= 'acmebank-login.com'`, `= acmebank-login.com`, "want a literal"},
		{"bad escape", `= 'acmebank-login.com'`, `= 'acme\\qbank.com'`, "bad escape"},
		{"unknown reference", `"created_by_ref": "identity--`, `"created_by_ref": "identity--00000000-0000-4000-8000-000000000000", "y": "`, "not in the bundle"},
		{"sco id not deterministic", `"value": "acmebank-login.com"`, `"value": "other.com"`, "deterministic id"},
		{"missing valid_from", `"valid_from"`, `"valid_since"`, "valid_from"},
		{"spec_version on bundle", `"type": "bundle",`, `"type": "bundle", "spec_version": "2.1",`, "removed it"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			broken := strings.Replace(string(base), tc.old, tc.new, 1)
			if broken == string(base) {
				t.Fatalf("%q is not in the bundle:\n%s", tc.old, base)
			}
			probs := strings.Join(checkSTIXBundle([]byte(broken)), "\n")
			if !strings.Contains(probs, tc.want) {
				t.Errorf("checker said %q, want a problem containing %q", probs, tc.want)
			}
		})
	}
}

func TestParseSTIXPattern(t *testing.T) {
	good := []string{
		"[domain-name:value = 'acmebank.com']",
		`[domain-name:value = 'it\'s.com']`,
		"[domain-name:value = 'a.com' OR domain-name:value = 'b.com'] AND [ipv4-addr:value = '192.0.2.1'] WITHIN 300 SECONDS",
		"([file:hashes.'SHA-256' = h'aabb'] FOLLOWEDBY [url:value LIKE '%x%']) REPEATS 2 TIMES",
		"[network-traffic:dst_port IN (80, 443) AND network-traffic:protocols[*] NOT = 'udp'] START t'2026-01-01T00:00:00Z' STOP t'2026-12-31T00:00:00Z'",
	}
	bad := []string{
		"",
		"domain-name:value = 'a.com'",
		"[domain-name:value = 'a.com']]",
		"[domain-name value = 'a.com']",
		"[domain-name:value == 'a.com']",
		"[domain-name:value = 'a.com' OR]",
		"[d:value = 'a.com']",
		"[domain-name:value = t'yesterday']",
		"[domain-name:value = 'a.com'] WITHIN 5 MINUTES",
	}
	for _, s := range good {
		if err := parseSTIXPattern(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	for _, s := range bad {
		if err := parseSTIXPattern(s); err == nil {
			t.Errorf("%q parsed", s)
		}
	}
}

// FuzzSTIXQuote: a quoted name is always one string literal that the grammar
// reads back as the whole pattern.
func FuzzSTIXQuote(f *testing.F) {
	for _, s := range []string{"a.com", "it's", `back\slash`, `'\'`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsAny(s, "\x00") {
			return
		}
		p := "[domain-name:value = " + stixQuote(s) + "]"
		if err := parseSTIXPattern(p); err != nil {
			t.Fatalf("%q: %v", p, err)
		}
	})
}
