package web

import (
	"slices"
	"testing"
)

func TestAddShot(t *testing.T) {
	brand := Brand{Domain: "acmebank.test"}
	brandShot := Shot{Name: "acmebank.test", URL: "https://acmebank.test/", PHash: 0xf0f0_f0f0_0f0f_0f0f}
	tests := []struct {
		name   string
		shot   Shot
		before []Signal
		want   []SignalKind
		sim    int
	}{
		{"the same picture on a lookalike", Shot{URL: "https://acmebnk.test/", PHash: brandShot.PHash}, nil, []SignalKind{Impersonating}, 100},
		{"two bits apart", Shot{URL: "https://acmebnk.test/", PHash: brandShot.PHash ^ 0b101}, nil, []SignalKind{Impersonating}, 94},
		{"a different picture", Shot{URL: "https://acmebnk.test/", PHash: ^brandShot.PHash}, nil, nil, 0},
		{"the brand's own host", Shot{URL: "https://www.acmebank.test/", PHash: brandShot.PHash}, nil, nil, 100},
		{"before a parking signal", Shot{URL: "https://acmebnk.test/", PHash: brandShot.PHash}, []Signal{{Kind: ParkedContent}}, []SignalKind{Impersonating, ParkedContent}, 100},
		{"not twice", Shot{URL: "https://acmebnk.test/", PHash: brandShot.PHash}, []Signal{{Kind: Impersonating}}, []SignalKind{Impersonating}, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Assessment{Signals: slices.Clone(tt.before)}
			a.AddShot(tt.shot, brandShot, brand)
			if got := kinds(a); !slices.Equal(got, tt.want) {
				t.Errorf("signals %v, want %v", got, tt.want)
			}
			if a.ShotSimilarity == nil || *a.ShotSimilarity != tt.sim {
				t.Errorf("shot similarity %v, want %d", a.ShotSimilarity, tt.sim)
			}
		})
	}
}

func TestNewRecord(t *testing.T) {
	cert := &Cert{Issuer: "CN=Test"}
	site := &Site{Name: "acmebnk.test", Pages: []Page{
		{URL: "https://acmebnk.test/", Reason: "tls", TLS: cert},
		{URL: "http://acmebnk.test/", Status: 200, Title: "Sign in", LoginForm: true, Mentions: []string{"title"}},
	}}
	a := Assessment{Similarity: 55, Signals: []Signal{{Kind: Impersonating, Evidence: "login form naming acmebank"}}}
	r := NewRecord(site, a)
	if r.URL != "http://acmebnk.test/" || r.Status != 200 || !r.LoginForm || r.Similarity != 55 || len(r.Signals) != 1 {
		t.Errorf("record %+v", r)
	}
	if r.TLS != cert {
		t.Errorf("TLS %v, want the certificate of the https page", r.TLS)
	}
	dead := NewRecord(&Site{Pages: []Page{{URL: "https://x.test/", Reason: "timeout"}}}, Assessment{})
	if dead.Error != "timeout" {
		t.Errorf("error %q, want timeout", dead.Error)
	}
	if (NewRecord(&Site{}, Assessment{})).URL != "" {
		t.Error("record of nothing")
	}
}
