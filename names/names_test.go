package names

import "testing"

func TestValid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"plain", "airfrance.fr", true},
		{"a-label", "xn--irfrance-yya.fr", true},
		{"bogus a-label", "xn--zz.fr", false},
		{"double hyphen not idna", "ab--cd.fr", false},
		{"leading hyphen", "-air.fr", false},
		{"trailing hyphen", "air-.fr", false},
		{"underscore", "_dmarc.air.fr", false},
		{"upper case", "Air.fr", false},
		{"empty label", "air..fr", false},
		{"label too long", string(make64('a')) + ".fr", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Valid(tt.in); got != tt.want {
				t.Errorf("Valid(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func make64(c byte) []byte {
	b := make([]byte, 64)
	for i := range b {
		b[i] = c
	}
	return b
}

func TestValidHost(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"plain", "mail.airfrance.fr", true},
		{"service label", "_dmarc.airfrance.fr", true},
		{"leading hyphen is refused", "-x.airfrance.fr", false},
		{"numeric tld is an address", "10.0.0.1", false},
		{"space", "air france.fr", false},
		{"single label", "localhost", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidHost(tt.in); got != tt.want {
				t.Errorf("ValidHost(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestRegistrable(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		reg, sfx  string
		ok        bool
		cutReg    string
		cutSuffix string
	}{
		{"subdomain", "air.france.fr", "france.fr", "fr", true, "france.fr", "fr"},
		{"second level suffix", "www.hsbc.co.uk", "hsbc.co.uk", "co.uk", true, "hsbc.co.uk", "co.uk"},
		{"private section ignored", "x.blogspot.com", "blogspot.com", "com", true, "blogspot.com", "com"},
		{"suffix itself", "co.uk", "", "", false, "co.uk", "uk"},
		{"unknown tld", "a.b.notatld", "", "", false, "b.notatld", "notatld"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg, sfx, ok := Registrable(tt.in)
			if reg != tt.reg || sfx != tt.sfx || ok != tt.ok {
				t.Errorf("Registrable(%q) = %q, %q, %v; want %q, %q, %v", tt.in, reg, sfx, ok, tt.reg, tt.sfx, tt.ok)
			}
			cr, cs := Cut(tt.in)
			if cr != tt.cutReg || cs != tt.cutSuffix {
				t.Errorf("Cut(%q) = %q, %q; want %q, %q", tt.in, cr, cs, tt.cutReg, tt.cutSuffix)
			}
		})
	}
}

func TestToUnicodeAndASCII(t *testing.T) {
	if got := ToUnicode("xn--irfrance-yya.fr"); got != "àirfrance.fr" {
		t.Errorf("ToUnicode = %q", got)
	}
	if got := ToUnicode("xn--zz.fr"); got != "xn--zz.fr" {
		t.Errorf("ToUnicode of a bad label = %q, want it unchanged", got)
	}
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"ÀirFrance.FR.", "xn--irfrance-yya.fr", true},
		{"_spf.Example.com", "_spf.example.com", true},
		{"exa mple.com", "", false},
		{"", "", false},
	} {
		got, ok := ToASCII(tt.in)
		if got != tt.want && tt.ok || ok != tt.ok {
			t.Errorf("ToASCII(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want int
	}{
		{"same", "paypal", "paypal", 0},
		{"omission", "paypal", "paypl", 1},
		{"swap", "paypal", "papyal", 1},
		{"substitution", "paypal", "paypa1", 1},
		{"runes", "аpple", "apple", 1},
		{"far apart", "a", "abcdefgh", 7},
		{"empty", "", "abc", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EditDistance(tt.a, tt.b); got != tt.want {
				t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if got := EditDistance(tt.b, tt.a); got != tt.want {
				t.Errorf("EditDistance is not symmetric for %q, %q: %d", tt.b, tt.a, got)
			}
		})
	}
}

func FuzzToASCII(f *testing.F) {
	for _, s := range []string{"airfrance.fr", "ÀirFrance.FR.", "_spf.x.com", "xn--zz", "a..b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, ok := ToASCII(s)
		if !ok {
			return
		}
		if !ValidHost(a) {
			t.Fatalf("ToASCII(%q) = %q, not a valid host", s, a)
		}
		if a2, ok2 := ToASCII(a); !ok2 || a2 != a {
			t.Fatalf("ToASCII is not idempotent: %q → %q → %q (%v)", s, a, a2, ok2)
		}
	})
}
