package judge

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/resolve"
)

// defendRisk judges an unregistered name of brand and returns its risk.
func defendRisk(t *testing.T, brand, name string) int {
	t.Helper()
	p := NewProfile(mustBrand(t, brand), resolve.Result{}, "", nil, nil, nil)
	return Judge(p, result(t, brand, name, resolve.Unregistered), testNow).Risk
}

// The orderings an analyst relies on, as properties: each pair must rank the
// first name above the second.
func TestRiskOrdering(t *testing.T) {
	tests := []struct {
		name          string
		brand         string
		higher, lower string
	}{
		{"the seed combo above a random bitsquat", "airfrance.fr", "websupportairfrance.fr", "airfbance.fr"},
		{"adjacent-key typo above far-key typo", "airfrance.fr", "airfrsnce.fr", "airfrpnce.fr"},
		{"far-key typo above a bitsquat", "airfrance.fr", "airfrpnce.fr", "airfbance.fr"},
		{"login combo above a generic-word combo", "airfrance.fr", "airfrance-login.fr", "airfrance-app.fr"},
		{"homograph above accents", "airfrance.fr", "аirfrance.fr", "àirfrance.fr"},
		{"Cyrillic homograph above a typo", "paypal.com", "раураl.com", "paypak.com"},
		{"missing dot above an addition", "airfrance.fr", "wwwairfrance.fr", "airfrancek.fr"},
		{"own suffix above an abused TLD", "airfrance.fr", "airfrance-support.fr", "airfrance-support.xyz"},
		{".com above an abused TLD", "airfrance.fr", "airfrance-support.com", "airfrance-support.xyz"},
		{"abused TLD above an unlisted one", "airfrance.fr", "airfrance-support.xyz", "airfrance-support.museum"},
		{"brand's country family above a big gTLD", "hsbc.co.uk", "hsbc-login.org.uk", "hsbc-login.net"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hi, lo := defendRisk(t, tt.brand, tt.higher), defendRisk(t, tt.brand, tt.lower)
			if hi <= lo {
				t.Errorf("risk(%s) = %d, not above risk(%s) = %d", tt.higher, hi, tt.lower, lo)
			}
		})
	}
}

func TestNameFactor(t *testing.T) {
	tests := []struct {
		brand, name string
		wantPts     int
		wantWhy     string
	}{
		{"airfrance.fr", "websupportairfrance.fr", ptsComboHigh + ptsCore, "combo: support keyword websupport"},
		{"airfrance.fr", "airfrance-remboursement.fr", ptsComboHigh + ptsCore, "combo: refund keyword remboursement"},
		{"airfrance.fr", "airfrance-web-support.com", ptsComboHigh, "combo: support keyword"},
		{"airfrance.fr", "airfrancewebsupportlogin.com", ptsComboHigh, "combo: support keywords websupport+login"},
		{"airfrance.fr", "airfrance-colis.fr", ptsComboMid + ptsCore, "combo: delivery keyword colis"},
		{"airfrance.fr", "airfrance-zorglub.fr", ptsComboWord, "combo: brand with word zorglub"},
		{"airfrance.fr", "wwwairfrance.fr", ptsMissingDot, "missing-dot: www.airfrance"},
		{"airfrance.fr", "loginairfrance.fr", ptsComboHigh + ptsCore, "combo: login keyword login"},
		{"airfrance.fr", "airfrance-helpcenter.fr", ptsComboHigh, "combo: support keyword helpcenter"},
		{"airfrance.fr", "mairfrance.fr", ptsMissingDot2, "missing-dot: m.airfrance"},
		{"microsoft.com", "mmicrosoft.com", ptsMissingDot2, "missing-dot: m.microsoft"},
		{"airfrance.fr", "mail-airfrance.fr", ptsComboMid + ptsCore, "combo: mail keyword mail"}, // a hyphen is no missing dot
		{"airfrance.fr", "account-airfrance-verify.fr", ptsComboHigh, "combo: account keywords account+verify"},
		{"airfrance.fr", "airfrance-accountverify.fr", ptsComboHigh, "combo: account keywords account+verify"},
		{"airfrance.fr", "airfrance-my.fr", ptsComboHigh + ptsCore, "combo: account keyword my"}, // stronger than tld-in-label
		{"airfrance.fr", "airfrance-uk.fr", ptsTLDInLabel, "tld-in-label: uk"},
		{"airfrance.fr", "airfrance-m.fr", ptsComboLow, "combo: web keyword m"},
		{"airfrance.fr", "airfrancefr.com", ptsTLDInLabel, "tld-in-label: fr"},
		{"hsbc.co.uk", "hsbc-co-uk.com", ptsTLDInLabel, "tld-in-label: co-uk"},
		{"airfrance.fr", "airfrance.com", ptsSameLabel, "the brand's label under another suffix"},
		{"airfrance.fr", "аirfrance.fr", ptsSkeleton, "IDN homograph"},
		{"paypal.com", "paypa1.com", ptsSkeleton, "homoglyph: looks the same"},
		{"amazon.com", "arnazon.com", ptsSkeleton, "homoglyph: looks the same"},
		{"airfrance.fr", "airfr4nce.fr", ptsSkeleton, "homoglyph: looks the same"},       // a digit among letters
		{"commbank.com.au", "clmmbank.com.au", ptsAdjacentKey, "typo: adjacent key o→l"}, // as typed, not as seen (cl for d)
		{"airfrance.fr", "àirfrance.fr", ptsAccents, "only by accents"},
		{"airfrance.fr", "airfrsnce.fr", ptsAdjacentKey, "typo: adjacent key a→s"},
		{"airfrance.fr", "airfrancw.fr", ptsAdjacentKey, "typo: adjacent key e→w"},
		{"airfrance.fr", "airfrpnce.fr", ptsFarKey, "typo: far key a→p"},
		{"airfrance.fr", "airfranse.fr", ptsNearKey, "typo: key two away c→s"},
		{"airfrance.fr", "airfrince.fr", ptsVowel, "vowel swap a→i"},
		{"airfrance.fr", "airfbance.fr", ptsBitsquat, "bitsquat: one bit flipped r→b"},
		{"airfrance.fr", "iarfrance.fr", ptsTransposed, "typo: swapped letters ai"},
		{"airfrance.fr", "airrfrance.fr", ptsDoubled, "typo: doubled letter r"},
		{"airfrance.fr", "airfreance.fr", ptsExtraKey, "typo: extra adjacent key e"},
		{"airfrance.fr", "airfrancek.fr", ptsAddition, "addition: extra character k"},
		{"airfrance.fr", "airfrancez.fr", ptsExtraKey, "typo: extra adjacent key z"}, // beside e on AZERTY
		{"airfrance.fr", "aifrance.fr", ptsMissing, "typo: missing letter r"},
		{"airfrance.fr", "air-france.fr", ptsHyphen, "hyphenation"},
		{"air-france.fr", "airfrance.fr", ptsHyphen, "hyphen left out"},
		{"airfrance.fr", "airfrances.fr", ptsPlural, "plural"},
		{"airfrance.fr", "unrelated.fr", ptsList, "form not recognised"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewProfile(mustBrand(t, tt.brand), resolve.Result{}, "", nil, nil, nil)
			r := result(t, tt.brand, tt.name, resolve.Unregistered)
			got := nameFactor(p.similarBrand(), r.Candidate)
			if got.Points != tt.wantPts || !strings.Contains(got.Why, tt.wantWhy) {
				t.Errorf("nameFactor(%s) = %+d %q, want %+d %q", tt.name, got.Points, got.Why, tt.wantPts, tt.wantWhy)
			}
		})
	}
}

// A name package similar does not read as imitating the brand is scored by
// the fuzzers that made its label; tld-swap, which only moved it, does not
// count beside them.
func TestNameFactorFallsBackToFuzzer(t *testing.T) {
	tests := []struct {
		brand, name string
		fuzzers     []string
		wantPts     int
		wantWhy     string
	}{
		// the registrable name is france.fr
		{"airfrance.fr", "air.france.fr", []string{"subdomain"}, ptsSubdomain, "made by subdomain"},
		// no typos of a label of 4 letters or fewer
		{"dhl.com", "dhla.net", []string{"addition", "tld-swap"}, ptsAddition, "made by addition"},
		{"dhl.com", "dhk.com", []string{"replacement", "one-edit"}, fuzzerPoints["replacement"], "made by replacement"},
		{"dhl.com", "unrelated.com", nil, ptsList, "form not recognised"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewProfile(mustBrand(t, tt.brand), resolve.Result{}, "", nil, nil, nil)
			r := result(t, tt.brand, tt.name, resolve.Unregistered)
			r.Fuzzers = tt.fuzzers
			got := nameFactor(p.similarBrand(), r.Candidate)
			if got.Points != tt.wantPts || got.Why != tt.wantWhy {
				t.Errorf("nameFactor(%s) = %+d %q, want %+d %q", tt.name, got.Points, got.Why, tt.wantPts, tt.wantWhy)
			}
		})
	}
}

func TestEvidenceFactors(t *testing.T) {
	p := testProfile(t)
	tests := []struct {
		name   string
		domain string
		setup  func(r *resolve.Result)
		want   []string // terms with sign, e.g. "mail+20"
		absent []string
	}{
		{"mx and address", "airfrance-support.com", func(r *resolve.Result) {
			r.MX, r.A = []string{"mail.evil.net"}, []string{"203.0.113.1"}
		}, []string{"mail+20", "web+5"}, nil},
		{"mail by fallback", "airfrance-support.com", func(r *resolve.Result) {
			r.A = []string{"203.0.113.1"}
		}, []string{"mail+12", "web+5"}, nil},
		{"null mx", "airfrance-support.com", func(r *resolve.Result) {
			r.MX = []string{"."}
		}, nil, []string{"mail"}},
		{"registered this month", "airfrance-support.com", func(r *resolve.Result) {
			r.RDAP = &resolve.RDAP{Created: "2026-11-20"}
		}, []string{"age+15"}, nil},
		{"registered this quarter", "airfrance-support.com", func(r *resolve.Result) {
			r.RDAP = &resolve.RDAP{Created: "2026-09-20"}
		}, []string{"age+10"}, nil},
		{"registered this year", "airfrance-support.com", func(r *resolve.Result) {
			r.RDAP = &resolve.RDAP{Created: "2026-01-20"}
		}, []string{"age+5"}, nil},
		{"old registration", "airfrance-support.com", func(r *resolve.Result) {
			r.RDAP = &resolve.RDAP{Created: "2001-01-20"}
		}, nil, []string{"age"}},
		{"parked", "airfrance-support.com", func(r *resolve.Result) {
			r.NS = []string{"ns1.parkingcrew.net"}
		}, []string{"parked-15"}, nil},
		{"for sale", "airfrance-support.com", func(r *resolve.Result) {
			r.NS = []string{"ns1.afternic.com"}
		}, []string{"parked-10"}, nil},
		{"dormant", "airfrance-support.com", func(r *resolve.Result) {
			r.Reason = resolve.ReasonRDAPHold
		}, []string{"dormant-10"}, nil},
		{"owned names get no evidence terms", "airfrance-defence.fr", func(r *resolve.Result) {
			r.MX, r.A = []string{"mail.evil.net"}, []string{"203.0.113.1"}
		}, nil, []string{"mail", "web"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := result(t, "airfrance.fr", tt.domain, resolve.Registered)
			tt.setup(&r)
			f := Judge(p, r, testNow)
			factors := RiskFactors(p, f, testNow)
			var got []string
			for _, x := range factors {
				got = append(got, fmt.Sprintf("%s%+d", x.Term, x.Points))
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("factors %v lack %s", got, w)
				}
			}
			for _, a := range tt.absent {
				for _, x := range factors {
					if x.Term == a {
						t.Errorf("factors %v hold a %s term", got, a)
					}
				}
			}
			if f.Risk != Risk(factors) {
				t.Errorf("Judge risk %d, RiskFactors sum %d: the explanation must add up", f.Risk, Risk(factors))
			}
		})
	}
}

func TestLapsedPortfolioNameRanksHigher(t *testing.T) {
	p := testProfile(t)
	lapsed := Judge(p, result(t, "airfrance.fr", "airfrance-defence.fr", resolve.Unregistered), testNow)
	other := Judge(p, result(t, "airfrance.fr", "airfrance-defense.fr", resolve.Unregistered), testNow)
	if lapsed.Risk != other.Risk+10 {
		t.Errorf("lapsed portfolio name risk %d, other %d: want +10", lapsed.Risk, other.Risk)
	}
}

func TestRiskClamps(t *testing.T) {
	for _, tt := range []struct {
		factors []Factor
		want    int
	}{
		{nil, 0},
		{[]Factor{{Points: 60}, {Points: 60}}, 100},
		{[]Factor{{Points: 6}, {Points: -15}}, 0},
		{[]Factor{{Points: 46}, {Points: 25}}, 71},
	} {
		if got := Risk(tt.factors); got != tt.want {
			t.Errorf("Risk(%v) = %d, want %d", tt.factors, got, tt.want)
		}
	}
	f := Factor{TermTLD, -15, "parked"}
	if f.String() != "-15 tld: parked" {
		t.Errorf("Factor.String() = %q", f.String())
	}
}

func TestKeyDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b rune
		want int
	}{
		{'a', 's', 1}, {'s', 'a', 1}, {'e', 'r', 1},
		{'a', 'q', 1}, // QWERTY and AZERTY both
		{'t', 'z', 1}, // QWERTZ
		{'z', 'e', 1}, // AZERTY
		{'c', 's', 2},
		{'a', 'p', 0}, {'q', 'm', 0},
	} {
		if got := keyDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("keyDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
