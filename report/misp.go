package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

// mispNamespace gives MISP objects UUIDv5 ids, so that an event imported
// again updates its attributes instead of doubling them.
var mispNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/lookalike/lookalike/misp"))

// NewMISPWriter returns the misp format: one MISP event (the JSON that MISP's
// "Add event from JSON" and the /events/add API read) with a "domain"
// attribute per exported name in category "Network activity", its comment the
// verdict, risk and evidence, and tags for the verdict and the fuzzers. The
// event is tagged with the TLP level and unpublished: an analyst publishes it.
func NewMISPWriter(w io.Writer, o ExportOptions) Writer {
	return &mispWriter{w: w, set: newExportSet(o), opts: o}
}

type mispWriter struct {
	w    io.Writer
	set  *exportSet
	opts ExportOptions
}

func (m *mispWriter) Write(r Record) error {
	m.set.add(r)
	return nil
}

type mispTag struct {
	Name string `json:"name"`
}

type mispAttribute struct {
	UUID         string    `json:"uuid"`
	Type         string    `json:"type"`
	Category     string    `json:"category"`
	ToIDS        bool      `json:"to_ids"`
	Distribution string    `json:"distribution"`
	Value        string    `json:"value"`
	Comment      string    `json:"comment"`
	Timestamp    string    `json:"timestamp"`
	Tag          []mispTag `json:"Tag"`
}

type mispOrg struct {
	Name string `json:"name"`
}

type mispEvent struct {
	UUID          string          `json:"uuid"`
	Info          string          `json:"info"`
	Date          string          `json:"date"`
	Timestamp     string          `json:"timestamp"`
	ThreatLevelID string          `json:"threat_level_id"`
	Analysis      string          `json:"analysis"`
	Distribution  string          `json:"distribution"`
	Published     bool            `json:"published"`
	Orgc          mispOrg         `json:"Orgc"`
	Tag           []mispTag       `json:"Tag"`
	Attribute     []mispAttribute `json:"Attribute"`
}

// mispTagValue quotes a machine-tag value: MISP's taxonomy form is
// namespace:predicate="value".
func mispTagValue(ns, pred, value string) mispTag {
	return mispTag{Name: ns + ":" + pred + "=\"" + strings.ReplaceAll(value, `"`, "'") + "\""}
}

func (m *mispWriter) Close() error {
	es := m.set.sorted()
	brands := brandsOf(es)
	ts := strconv.FormatInt(max(m.opts.Now.Unix(), 0), 10)
	info := "lookalike domains"
	if len(brands) > 0 {
		info = "lookalike domains of " + strings.Join(brands, ", ")
	}
	date := m.opts.Now.UTC().Format("2006-01-02")
	ev := mispEvent{
		// One event per brand set and day: a nightly export updates the
		// day's event, the next day opens a new one.
		UUID:      uuid.NewSHA1(mispNamespace, []byte("event|"+date+"|"+strings.Join(brands, ","))).String(),
		Info:      info,
		Date:      date,
		Timestamp: ts,
		// threat level 3 (low) and analysis 1 (ongoing): lookalikes are leads
		// until someone reads the evidence; distribution 0 is "your
		// organisation only", the safe start for an unreviewed event.
		ThreatLevelID: "3",
		Analysis:      "1",
		Distribution:  "0",
		Orgc:          mispOrg{Name: m.opts.producer()},
		Tag:           []mispTag{{Name: "tlp:" + m.opts.tlp()}},
		Attribute:     []mispAttribute{},
	}
	for _, b := range brands {
		ev.Tag = append(ev.Tag, mispTagValue("lookalike", "brand", b))
	}
	for _, e := range es {
		a := mispAttribute{
			UUID:         uuid.NewSHA1(mispNamespace, []byte("attribute|"+e.brand+"|"+e.domain)).String(),
			Type:         "domain",
			Category:     "Network activity",
			ToIDS:        e.verdict != VerdictDefend && e.verdict != VerdictUnknown,
			Distribution: "5", // inherit the event's
			Value:        e.domain,
			Comment:      describe(e),
			Timestamp:    ts,
			Tag:          []mispTag{mispTagValue("lookalike", "verdict", e.verdict)},
		}
		for _, f := range e.fuzzers {
			a.Tag = append(a.Tag, mispTagValue("lookalike", "fuzzer", f))
		}
		if e.mail {
			a.Tag = append(a.Tag, mispTag{Name: "lookalike:mail"})
		}
		ev.Attribute = append(ev.Attribute, a)
	}
	b, err := json.MarshalIndent(struct {
		Event mispEvent `json:"Event"`
	}{ev}, "", "  ")
	if err != nil {
		return fmt.Errorf("misp event: %w", err)
	}
	b = append(b, '\n')
	_, err = m.w.Write(b)
	return err
}
