package judge

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
)

func TestReadPortfolio(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     []string
		wantErrs []string // each error must mention its line
	}{
		{"empty", "", nil, nil},
		{"comments and blanks", "# our names\n\n   \nairfrance.fr # main\n", []string{"airfrance.fr"}, nil},
		{"any form counts by its registrable domain",
			"AirFrance.COM.\nhttps://www.airfrance.de/fr\nlogin.airfrance.co.uk\nxn--irfrance-yya.fr\nàirfrance.fr\n",
			[]string{"airfrance.co.uk", "airfrance.com", "airfrance.de", "xn--irfrance-yya.fr"}, nil},
		{"bad lines are reported with their number and skipped",
			"airfrance.fr\nnot a domain\nco.uk\nairfrance.nl\n",
			[]string{"airfrance.fr", "airfrance.nl"}, []string{"line 2:", "line 3:"}},
		{"CRLF", "airfrance.fr\r\nairfrance.be\r\n", []string{"airfrance.be", "airfrance.fr"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := ReadPortfolio(strings.NewReader(tt.in))
			if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, tt.want) {
				t.Errorf("ReadPortfolio = %q, want %q", keys, tt.want)
			}
			if len(errs) != len(tt.wantErrs) {
				t.Fatalf("errors %v, want %d", errs, len(tt.wantErrs))
			}
			for i, e := range errs {
				if !strings.HasPrefix(e.Error(), tt.wantErrs[i]) {
					t.Errorf("error %q, want it to start with %q", e, tt.wantErrs[i])
				}
				if !errors.Is(e, permute.ErrBadInput) {
					t.Errorf("error %q does not wrap permute.ErrBadInput", e)
				}
			}
		})
	}
}

func TestReadPortfolioLongLine(t *testing.T) {
	_, errs := ReadPortfolio(strings.NewReader("airfrance.fr\n" + strings.Repeat("a", 70000) + "\n"))
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "line 2") {
		t.Errorf("errors %v, want one naming line 2", errs)
	}
}

// Every name ReadPortfolio returns is a registrable domain as resolve names
// them, whatever the input.
func FuzzReadPortfolio(f *testing.F) {
	for _, s := range []string{
		"airfrance.fr\n# c\nhttps://www.airfrance.de/x\n",
		"xn--irfrance-yya.fr\nàirfrance.fr\r\n",
		"co.uk\n\x00\n..\n-a.fr\n",
		"a.b.c.d.example.co.uk # deep\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, errs := ReadPortfolio(strings.NewReader(in))
		for d := range got {
			reg, _, ok := names.Registrable(d)
			if !ok || reg != d {
				t.Errorf("%q is not a registrable domain (Registrable gives %q, %v)", d, reg, ok)
			}
			if d != strings.ToLower(d) || len(d) > names.MaxNameLen {
				t.Errorf("%q is not a lower-case name of at most %d octets", d, names.MaxNameLen)
			}
		}
		for _, e := range errs {
			if !strings.HasPrefix(e.Error(), "line ") {
				t.Errorf("error %q does not name its line", e)
			}
		}
	})
}

func TestValidOwnerPattern(t *testing.T) {
	for _, tt := range []struct {
		pat string
		ok  bool
	}{
		{"klm-infra.net", true}, {"ns*.afkl-dns.*", true}, {"NS1.Example.NET.", true},
		{"", false}, {"  ", false}, {"ns[.example.net", false},
		{"not a pattern!", false}, {"ns1.example.net,", false}, {"ns_1.example.net", false},
	} {
		if err := ValidOwnerPattern(tt.pat); (err == nil) != tt.ok {
			t.Errorf("ValidOwnerPattern(%q) = %v, want ok=%v", tt.pat, err, tt.ok)
		}
	}
}

func TestMatchOwner(t *testing.T) {
	pats := normHosts([]string{"klm-infra.net", "ns?.afkl-dns.*"})
	for _, tt := range []struct {
		host string
		want string
	}{
		{"klm-infra.net", "klm-infra.net"},
		{"A.DNS.klm-infra.net.", "klm-infra.net"},
		{"notklm-infra.net", ""},
		{"ns1.afkl-dns.com", "ns?.afkl-dns.*"},
		{"ns12.afkl-dns.com", ""},
	} {
		got, _ := matchOwner(pats, tt.host)
		if got != tt.want {
			t.Errorf("matchOwner(%q) = %q, want %q", tt.host, got, tt.want)
		}
	}
}

func TestNewProfileNormalises(t *testing.T) {
	p := testProfile(t)
	if !slices.Equal(p.NS, []string{"ns1.airfrance.fr", "kate.ns.cloudflare.com"}) {
		t.Errorf("NS = %q", p.NS)
	}
	if !p.Portfolio["airfrance-defence.fr"] || p.Portfolio["ignored.fr"] || len(p.Portfolio) != 2 {
		t.Errorf("Portfolio = %v", p.Portfolio)
	}
	if p.SOAContact != "hostmaster.airfrance.fr" {
		t.Errorf("SOAContact = %q", p.SOAContact)
	}
	// The caller's slices are not kept: changing them later changes nothing.
	recs := resolve.Result{A: []string{"192.0.2.1"}}
	q := NewProfile(mustBrand(t, "example.com"), recs, "", nil, nil, nil)
	recs.A[0] = "changed"
	if q.A[0] != "192.0.2.1" {
		t.Error("NewProfile keeps the caller's slice")
	}
}
