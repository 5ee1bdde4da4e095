package rdap

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/lookalike/lookalike/internal/golden"
	"github.com/lookalike/lookalike/names"
)

// parsed is what the golden files hold for one response fixture.
type parsed struct {
	Asked     string   `json:"asked"`
	Outcome   string   `json:"outcome"`
	Registrar string   `json:"registrar,omitempty"`
	Created   string   `json:"created,omitempty"`
	Expires   string   `json:"expires,omitempty"`
	Status    []string `json:"status,omitempty"`
	Err       string   `json:"err,omitempty"`
}

func TestParseDomainGolden(t *testing.T) {
	cases := []struct {
		file      string
		asked     string
		wrongKind bool // the error must say the object was the wrong one
	}{
		{file: "thin-registry", asked: "example.com"},
		{file: "registrar-public-id", asked: "example.com"},
		{file: "registrar-nested", asked: "example.com"},
		{file: "hold-rdap", asked: "example.com"},
		{file: "hold-epp", asked: "example.com"},
		{file: "inactive", asked: "example.com"},
		{file: "unicode-name", asked: "xn--bcher-kva.example"},
		{file: "hostile-strings", asked: "example.com"},
		{file: "bad-vcard", asked: "example.com"},
		{file: "other-name", asked: "example.com", wrongKind: true},
		{file: "error-object", asked: "example.com", wrongKind: true},
		{file: "entity-object", asked: "example.com", wrongKind: true},
		{file: "no-name", asked: "example.com", wrongKind: true},
		{file: "truncated", asked: "example.com"},
		{file: "wrong-types", asked: "example.com"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", "responses", tc.file+".json"))
			if err != nil {
				t.Fatal(err)
			}
			got := parsed{Asked: tc.asked}
			reg, err := parseDomain(body, tc.asked)
			switch {
			case err != nil:
				got.Outcome, got.Err = Failed.String(), err.Error()
				if tc.wrongKind != errors.Is(err, errWrongObject) {
					t.Errorf("errors.Is(err, errWrongObject) = %v, want %v (err: %v)", !tc.wrongKind, tc.wrongKind, err)
				}
			case isHold(reg.Status):
				got.Outcome = Hold.String()
			default:
				got.Outcome = Found.String()
			}
			got.Registrar, got.Created, got.Expires, got.Status = reg.Registrar, reg.Created, reg.Expires, reg.Status
			out, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, '\n')
			golden.Check(t, filepath.Join("testdata", "responses", tc.file+".golden"), out)
		})
	}
}

func TestIsHold(t *testing.T) {
	cases := []struct {
		name   string
		status []string
		want   bool
	}{
		{name: "RDAP client hold", status: []string{"client hold"}, want: true},
		{name: "RDAP server hold", status: []string{"active", "server hold"}, want: true},
		{name: "EPP clientHold", status: []string{"clientHold"}, want: true},
		{name: "EPP serverHold", status: []string{"serverHold"}, want: true},
		{name: "inactive", status: []string{"Inactive"}, want: true},
		{name: "underscored", status: []string{"SERVER_HOLD"}, want: true},
		{name: "transfer lock is not a hold", status: []string{"client transfer prohibited", "server update prohibited"}},
		{name: "active", status: []string{"active"}},
		{name: "pending delete", status: []string{"pending delete", "redemption period"}},
		{name: "hold as a substring only", status: []string{"client hold release requested"}},
		{name: "none", status: nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := isHold(tc.status); got != tc.want {
				t.Errorf("isHold(%q) = %v, want %v", tc.status, got, tc.want)
			}
		})
	}
}

func TestClean(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{name: "plain", in: "Example Registrar, Inc.", want: "Example Registrar, Inc."},
		{name: "terminal escape", in: "a\x1b[31mb", want: "a [31mb"},
		{name: "newlines and tabs", in: "a\r\n\tb", want: "a   b"},
		{name: "bidi override", in: "\u202egnp.exe", want: "gnp.exe"},
		{name: "line separator", in: "a\u2028b", want: "a b"},
		{name: "invalid UTF-8", in: "a\xffb", want: "a\uFFFDb"},
		{name: "trimmed", in: "  x  ", want: "x"},
		{name: "capped", in: strings.Repeat("é", 500), want: strings.Repeat("é", maxText)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := clean(tc.in); got != tc.want {
				t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// FuzzParseDomain: no input makes the parser panic, and whatever it accepts
// is safe to print and bounded.
func FuzzParseDomain(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "responses", "*.json"))
	for _, p := range files {
		body, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body, "example.com")
	}
	f.Add([]byte(`{"ldhName":"xn--bcher-kva.example","entities":[{"roles":["registrar"],"vcardArray":["vcard",[["fn",{},"text",["x"]]]]}]}`), "xn--bcher-kva.example")
	f.Add([]byte(`null`), "example.com")
	f.Add([]byte(`[]`), "example.com")
	f.Fuzz(func(t *testing.T, body []byte, asked string) {
		reg, err := parseDomain(body, asked)
		if err != nil {
			if reg.Registrar != "" || reg.Status != nil || reg.Created != "" || reg.Expires != "" {
				t.Fatalf("error %v came with data %+v", err, reg)
			}
			return
		}
		if !names.Valid(asked) {
			t.Fatalf("accepted an answer for %q, which is not a name Lookup asks about", asked)
		}
		if len(reg.Status) > maxStatus {
			t.Fatalf("%d status values kept, limit %d", len(reg.Status), maxStatus)
		}
		for _, s := range append([]string{reg.Registrar, reg.Created, reg.Expires}, reg.Status...) {
			if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxText {
				t.Fatalf("string %q is invalid UTF-8 or longer than %d runes", s, maxText)
			}
			for _, r := range s {
				if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
					t.Fatalf("string %q keeps control character %U", s, r)
				}
			}
		}
	})
}
