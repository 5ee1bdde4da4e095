package permute

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lookalike/lookalike/names"
)

func TestParseBrand(t *testing.T) {
	tests := []struct {
		name, in                           string
		domain, label, ulabel, suffix, sub string
	}{
		{"plain", "airfrance.fr", "airfrance.fr", "airfrance", "airfrance", "fr", ""},
		{"upper case", "AirFrance.FR", "airfrance.fr", "airfrance", "airfrance", "fr", ""},
		{"www", "www.airfrance.fr", "airfrance.fr", "airfrance", "airfrance", "fr", "www"},
		{"url", "https://www.airfrance.fr/fr/remboursement", "airfrance.fr", "airfrance", "airfrance", "fr", "www"},
		{"url with port and query", "http://user@www.airfrance.fr:8443/x?y=1#z", "airfrance.fr", "airfrance", "airfrance", "fr", "www"},
		{"trailing dot", "airfrance.fr.", "airfrance.fr", "airfrance", "airfrance", "fr", ""},
		{"unicode", "àirfrance.fr", "xn--irfrance-yya.fr", "xn--irfrance-yya", "àirfrance", "fr", ""},
		{"a-label", "xn--irfrance-yya.fr", "xn--irfrance-yya.fr", "xn--irfrance-yya", "àirfrance", "fr", ""},
		{"multi-label suffix", "hsbc.co.uk", "hsbc.co.uk", "hsbc", "hsbc", "co.uk", ""},
		{"deep subdomain", "a.b.hsbc.co.uk", "hsbc.co.uk", "hsbc", "hsbc", "co.uk", "a.b"},
		{"host without scheme and path", "www.paypal.com/signin", "paypal.com", "paypal", "paypal", "com", "www"},
		{"surrounding space", "  paypal.com\t", "paypal.com", "paypal", "paypal", "com", ""},
		{"private suffix is ignored", "foo.blogspot.com", "blogspot.com", "blogspot", "blogspot", "com", "foo"},
		{"idn tld", "пример.рф", "xn--e1afmkfd.xn--p1ai", "xn--e1afmkfd", "пример", "xn--p1ai", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ParseBrand(tt.in)
			if err != nil {
				t.Fatalf("ParseBrand(%q): %v", tt.in, err)
			}
			if b.Domain != tt.domain || b.Label != tt.label || b.ULabel != tt.ulabel || b.Suffix != tt.suffix || b.Subdomain != tt.sub {
				t.Errorf("ParseBrand(%q) = %+v", tt.in, b)
			}
		})
	}
}

func TestParseBrandRejects(t *testing.T) {
	long := strings.Repeat("a", 64)
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "empty"},
		{"blank", "   ", "empty"},
		{"ipv4", "192.0.2.1", "IP address"},
		{"ipv6", "2001:db8::1", "IP address"},
		{"bracketed ipv6 url", "http://[2001:db8::1]/", "IP address"},
		{"bare public suffix", "co.uk", "public suffix"},
		{"bare tld", "com", "single label"},
		{"single label", "airfrance", "single label"},
		{"label over 63", long + ".com", "63"},
		{"name over 253", strings.Repeat("abcdefghi.", 26) + "com", "253"},
		{"bad character", "air_france.fr", "'_'"},
		{"space inside", "air france.fr", "' '"},
		{"email", "refunds@airfrance.fr", "did you mean the domain after @ (airfrance.fr)"},
		{"mailto", "mailto:refunds@airfrance.fr", "did you mean the domain after @"},
		{"empty label", "air..france.fr", "empty label"},
		{"unknown tld", "airfrance.notatld", "no known top-level domain"},
		{"leading hyphen", "-airfrance.fr", "not a valid domain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseBrand(tt.in)
			if err == nil {
				t.Fatalf("ParseBrand(%q) succeeded, want error", tt.in)
			}
			if !errors.Is(err, ErrBadInput) {
				t.Errorf("error %v does not wrap ErrBadInput", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseBrand(%q) = %q, want it to mention %q", tt.in, err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.in) {
				t.Errorf("error %q does not name the input", err)
			}
		})
	}
}

func TestRegistrable(t *testing.T) {
	tests := []struct{ in, domain, suffix string }{
		{"air.france.fr", "france.fr", "fr"},
		{"hsbc.co.uk", "hsbc.co.uk", "co.uk"},
		{"www.hsbc.org.uk", "hsbc.org.uk", "org.uk"},
		{"paypal.com", "paypal.com", "com"},
	}
	for _, tt := range tests {
		d, s, ok := names.Registrable(tt.in)
		if !ok || d != tt.domain || s != tt.suffix {
			t.Errorf("names.Registrable(%q) = %q, %q, %v; want %q, %q", tt.in, d, s, ok, tt.domain, tt.suffix)
		}
	}
	for _, bad := range []string{"co.uk", "com", "x.notatld"} {
		if _, _, ok := names.Registrable(bad); ok {
			t.Errorf("names.Registrable(%q) ok, want not", bad)
		}
	}
}

func FuzzParseBrand(f *testing.F) {
	for _, s := range []string{"airfrance.fr", "https://www.airfrance.fr/x", "àirfrance.fr", "xn--irfrance-yya.fr", "co.uk", "a@b.com", "[::1]", "hsbc.co.uk."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		b, err := ParseBrand(in)
		if err != nil {
			if !errors.Is(err, ErrBadInput) {
				t.Fatalf("error %v does not wrap ErrBadInput", err)
			}
			return
		}
		if !names.Valid(b.Domain) {
			t.Fatalf("ParseBrand(%q).Domain = %q, not a valid name", in, b.Domain)
		}
		if b.Domain != b.Label+"."+b.Suffix || strings.Contains(b.Label, ".") {
			t.Fatalf("inconsistent split %+v", b)
		}
		if !utf8.ValidString(b.ULabel) {
			t.Fatalf("ULabel not UTF-8: %q", b.ULabel)
		}
		if again, err := ParseBrand(b.Domain); err != nil || again.Domain != b.Domain {
			t.Fatalf("re-parsing %q: %+v, %v", b.Domain, again, err)
		}
	})
}

func TestToALabel(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"ascii", "paypal", "paypal", true},
		{"french accent", "pàypal", "xn--pypal-rqa", true},
		{"upper case unicode refused", "PÀYPAL", "", false},
		{"upper case ascii refused", "PayPal", "", false},
		{"leading hyphen", "-paypal", "", false},
		{"double hyphen", "pa--ypal", "", false},
		{"valid a-label", "xn--pypal-rqa", "xn--pypal-rqa", true},
		{"bogus a-label", "xn--zz", "", false},
		{"too long", strings.Repeat("é", 60), "", false},
		{"full-width refused", "ｐaypal", "", false},
		{"joiner refused", "pay\u200dpal", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := names.ToALabel(tt.in)
			if ok != tt.ok || (ok && got != tt.want) {
				t.Errorf("names.ToALabel(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}
