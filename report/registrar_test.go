package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/resolve"
)

func TestRegistrarCSVGolden(t *testing.T) {
	// Two candidates under one registrable domain make one row, with the
	// riskier candidate's reason: air.france.fr, credited to the subdomain
	// fuzzer, scores above france.fr, whose form nothing reads.
	p := testProfile(t)
	sub := result(t, "airfrance.fr", "air.france.fr", resolve.Unregistered)
	sub.Fuzzers = []string{"subdomain"}
	subF := judge.Judge(p, sub, testNow)
	bare := judge.Judge(p, result(t, "airfrance.fr", "france.fr", resolve.Unregistered), testNow)
	if subF.Risk <= bare.Risk {
		t.Fatalf("air.france.fr risk %d, france.fr %d: the fixture no longer tells the riskier reason", subF.Risk, bare.Risk)
	}
	fs := append(sampleFindings(t), subF, bare)
	var buf bytes.Buffer
	c := NewRegistrarCSV(&buf)
	for _, f := range fs {
		c.Add(f)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	goldenFile(t, "registrar.csv", buf.Bytes())

	// The order findings arrive in changes nothing.
	var rev bytes.Buffer
	c2 := NewRegistrarCSV(&rev)
	for i := len(fs) - 1; i >= 0; i-- {
		c2.Add(fs[i])
	}
	if err := c2.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(rev.Bytes(), buf.Bytes()) {
		t.Errorf("reversed input gives another file:\n%s", rev.Bytes())
	}

	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "domain,unicode,tld,risk,reason,brand" {
		t.Errorf("header %q", rows[0])
	}
	defend := map[string]bool{}
	for _, f := range sampleFindings(t) {
		if f.Verdict == judge.Defend {
			defend[f.Registrable] = true
		}
	}
	defend["france.fr"] = true
	if len(rows)-1 != len(defend) || c.Len() != len(defend) {
		t.Errorf("%d rows (Len %d), want exactly the %d defend names", len(rows)-1, c.Len(), len(defend))
	}
	for _, r := range rows[1:] {
		if !defend[r[0]] {
			t.Errorf("row %q is not a defend name", r)
		}
		if r[0] == "france.fr" && (r[3] != strconv.Itoa(subF.Risk) || r[4] != subF.NameWhy) {
			t.Errorf("france.fr row %q, want the riskier candidate's risk %d and reason %q", r, subF.Risk, subF.NameWhy)
		}
	}
}

// Free text that could run as a spreadsheet formula is defused, and control
// characters never reach the file.
func TestRegistrarCSVDefuses(t *testing.T) {
	var buf bytes.Buffer
	c := NewRegistrarCSV(&buf)
	f := judge.Finding{Verdict: judge.Defend, Risk: 50, NameWhy: "=HYPERLINK(\"http://x\")\x07"}
	f.Domain, f.Unicode, f.Registrable, f.Brand = "airfrance-x.fr", "airfrance-x.fr", "airfrance-x.fr", "+brand\r"
	c.Add(f)
	c.Add(judge.Finding{Verdict: judge.ThirdParty, Result: resolve.Result{Registrable: "taken.fr"}})
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("rows %q, want the header and one defend row", rows)
	}
	if got := rows[1][4]; got != "'=HYPERLINK(\"http://x\")" {
		t.Errorf("reason cell %q, want it defused and cleaned", got)
	}
	if got := rows[1][5]; got != "'+brand" {
		t.Errorf("brand cell %q, want it defused and cleaned", got)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestRegistrarCSVWriteError(t *testing.T) {
	c := NewRegistrarCSV(failWriter{})
	c.Add(judge.Finding{Verdict: judge.Defend, Result: resolve.Result{Registrable: "a.fr"}})
	if err := c.Close(); err == nil {
		t.Error("Close hid a write error")
	}
}
