package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"
)

// stixSCONamespace is the namespace STIX 2.1 (section 2.9) fixes for the
// UUIDv5 ids of cyber-observable objects: every producer gives the same
// domain-name the same id.
var stixSCONamespace = uuid.MustParse("00abedb4-aa42-4d86-b1f5-8b3e0bcb1ad4")

// stixNamespace is lookalike's own namespace for the ids of the objects it
// makes (indicators, the identity, the bundle), so that one finding keeps its
// id from one run to the next and a platform updates it instead of adding a
// copy.
var stixNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/lookalike/lookalike/stix"))

// stixTLP are the TLP marking definitions STIX 2.1 predefines (section
// 7.2.1.4), by TLP level; "clear" is TLP 2.0's name for white. The bundle
// carries the object it refers to, so that a validator finds the reference.
var stixTLP = map[string]stixMarking{
	"clear": {ID: "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", Name: "TLP:WHITE", Level: "white"},
	"green": {ID: "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", Name: "TLP:GREEN", Level: "green"},
	"amber": {ID: "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", Name: "TLP:AMBER", Level: "amber"},
	"red":   {ID: "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", Name: "TLP:RED", Level: "red"},
}

type stixMarking struct {
	ID, Name, Level string
}

// object is the marking definition as the specification prints it.
func (m stixMarking) object() any {
	return struct {
		Type           string            `json:"type"`
		SpecVersion    string            `json:"spec_version"`
		ID             string            `json:"id"`
		Created        string            `json:"created"`
		DefinitionType string            `json:"definition_type"`
		Name           string            `json:"name"`
		Definition     map[string]string `json:"definition"`
	}{"marking-definition", "2.1", m.ID, "2017-01-20T00:00:00.000Z", "tlp", m.Name, map[string]string{"tlp": m.Level}}
}

// NewSTIXWriter returns the stix format: a STIX 2.1 bundle with an identity
// for the producer and, per exported name, an indicator (pattern
// [domain-name:value = '…'], valid_from, labels for the verdict and the
// fuzzers) and the domain-name object it is about. Ids are UUIDv5: the
// domain-name's as the specification derives it, the indicator's from brand
// and name. created, modified and valid_from are ExportOptions.Now.
func NewSTIXWriter(w io.Writer, o ExportOptions) Writer {
	return &stixWriter{w: w, set: newExportSet(o), opts: o}
}

type stixWriter struct {
	w    io.Writer
	set  *exportSet
	opts ExportOptions
}

func (s *stixWriter) Write(r Record) error {
	s.set.add(r)
	return nil
}

type stixIdentity struct {
	Type          string `json:"type"`
	SpecVersion   string `json:"spec_version"`
	ID            string `json:"id"`
	Created       string `json:"created"`
	Modified      string `json:"modified"`
	Name          string `json:"name"`
	IdentityClass string `json:"identity_class"`
}

type stixIndicator struct {
	Type           string   `json:"type"`
	SpecVersion    string   `json:"spec_version"`
	ID             string   `json:"id"`
	CreatedByRef   string   `json:"created_by_ref"`
	Created        string   `json:"created"`
	Modified       string   `json:"modified"`
	Name           string   `json:"name"`
	Description    string   `json:"description"`
	IndicatorTypes []string `json:"indicator_types"`
	Pattern        string   `json:"pattern"`
	PatternType    string   `json:"pattern_type"`
	ValidFrom      string   `json:"valid_from"`
	Labels         []string `json:"labels"`
	Confidence     int      `json:"confidence"`
	MarkingRefs    []string `json:"object_marking_refs"`
}

type stixDomain struct {
	Type        string `json:"type"`
	SpecVersion string `json:"spec_version"`
	ID          string `json:"id"`
	Value       string `json:"value"`
}

type stixBundle struct {
	Type    string `json:"type"`
	ID      string `json:"id"`
	Objects []any  `json:"objects"`
}

// stixTime is the timestamp form STIX 2.1 section 3.2 asks of created and
// modified: UTC, "Z", milliseconds.
func stixTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// stixDomainID is the id STIX 2.1 gives a domain-name: UUIDv5 in the SCO
// namespace over the JCS-canonical JSON of its id contributing property,
// value (section 2.9, 6.4). A checked name needs no escaping in JSON.
func stixDomainID(name string) string {
	return "domain-name--" + uuid.NewSHA1(stixSCONamespace, []byte(`{"value":"`+name+`"}`)).String()
}

// stixQuote quotes s as a STIX pattern string literal: single quotes, with
// backslash and quote escaped (STIX 2.1 section 9.2).
func stixQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func (s *stixWriter) Close() error {
	now := stixTime(s.opts.Now)
	producer := s.opts.producer()
	identity := stixIdentity{
		Type: "identity", SpecVersion: "2.1",
		ID:      "identity--" + uuid.NewSHA1(stixNamespace, []byte("identity|"+producer)).String(),
		Created: now, Modified: now, Name: producer, IdentityClass: "system",
	}
	marking := stixTLP[s.opts.tlp()]
	objects := []any{marking.object(), identity}
	var ids []string
	for _, e := range s.set.sorted() {
		ind := stixIndicator{
			Type: "indicator", SpecVersion: "2.1",
			ID:           "indicator--" + uuid.NewSHA1(stixNamespace, []byte("indicator|"+e.brand+"|"+e.domain)).String(),
			CreatedByRef: identity.ID,
			Created:      now, Modified: now,
			Name:           "Lookalike domain " + displayName(e),
			Description:    describe(e),
			IndicatorTypes: []string{stixIndicatorType(e.verdict)},
			Pattern:        "[domain-name:value = " + stixQuote(e.domain) + "]",
			PatternType:    "stix",
			ValidFrom:      now,
			Labels:         exportLabels(e),
			Confidence:     stixConfidence(e.verdict),
			MarkingRefs:    []string{marking.ID},
		}
		objects = append(objects, ind, stixDomain{Type: "domain-name", SpecVersion: "2.1", ID: stixDomainID(e.domain), Value: e.domain})
		ids = append(ids, ind.ID)
	}
	// The bundle's id follows its content, so that the same findings at the
	// same time make the same file.
	bundle := stixBundle{
		Type:    "bundle",
		ID:      "bundle--" + uuid.NewSHA1(stixNamespace, []byte("bundle|"+now+"|"+strings.Join(ids, ","))).String(),
		Objects: objects,
	}
	b, err := json.MarshalIndent(bundle, "", "  ")
	if err != nil {
		return fmt.Errorf("stix bundle: %w", err)
	}
	b = append(b, '\n')
	_, err = s.w.Write(b)
	return err
}

// stixIndicatorType picks from the indicator-type-ov vocabulary (STIX 2.1
// section 10.11): a site that copies the brand is malicious activity, any
// other lookalike registered by a stranger is anomalous until looked at.
func stixIndicatorType(verdict string) string {
	if verdict == VerdictImpersonating {
		return "malicious-activity"
	}
	return "anomalous-activity"
}

// stixConfidence (0–100, STIX 2.1 appendix A) says how sure the verdict is
// that the name is hostile: a copy of the brand's page is evidence, a
// registration alone is a suspicion.
func stixConfidence(verdict string) int {
	switch verdict {
	case VerdictImpersonating:
		return 85
	case VerdictThirdParty:
		return 50
	case VerdictParked:
		return 30
	}
	return 15
}

// exportLabels are the labels STIX and the tags MISP carry: the verdict, the
// fuzzers that made the name, whether it takes mail.
func exportLabels(e *exported) []string {
	out := []string{"lookalike", "verdict:" + e.verdict}
	for _, f := range e.fuzzers {
		out = append(out, "fuzzer:"+f)
	}
	if e.mail {
		out = append(out, "mail")
	}
	return out
}

func displayName(e *exported) string {
	if e.unicode != "" && e.unicode != e.domain {
		return e.domain + " (" + e.unicode + ")"
	}
	return e.domain
}

// describe is the one-line account of a finding the threat-intel formats
// carry: verdict, brand, risk, evidence.
func describe(e *exported) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s, risk %d", e.verdict, e.risk)
	if e.brand != "" {
		fmt.Fprintf(&b, ", lookalike of %s", e.brand)
	}
	if e.parking != "" {
		fmt.Fprintf(&b, ", parked at %s", e.parking)
	}
	if e.mail {
		b.WriteString(", receives mail")
	}
	if e.evidence != "" {
		b.WriteString(": " + e.evidence)
	}
	return b.String()
}
