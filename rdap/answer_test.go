package rdap

import (
	"testing"

	"github.com/lookalike/lookalike/resolve"
)

func TestConfirm(t *testing.T) {
	const keep = "" // Confirm's "keep the DNS reason"
	cases := []struct {
		name       string
		dns        resolve.Status
		outcome    Outcome
		wantStatus resolve.Status
		wantReason string
	}{
		{name: "404 confirms unregistered", dns: resolve.Unregistered, outcome: NotFound, wantStatus: resolve.Unregistered, wantReason: keep},
		{name: "hold: registered, not delegated", dns: resolve.Unregistered, outcome: Hold, wantStatus: resolve.Registered, wantReason: resolve.ReasonRDAPHold},
		{name: "registry knows a name DNS does not", dns: resolve.Unregistered, outcome: Found, wantStatus: resolve.Unknown, wantReason: resolve.ReasonRDAPDisagrees},
		{name: "no RDAP service: never defend", dns: resolve.Unregistered, outcome: NoServer, wantStatus: resolve.Unknown, wantReason: ReasonNoServer},
		{name: "throttled: never defend", dns: resolve.Unregistered, outcome: Throttled, wantStatus: resolve.Unknown, wantReason: ReasonThrottled},
		{name: "failed: never defend", dns: resolve.Unregistered, outcome: Failed, wantStatus: resolve.Unknown, wantReason: ReasonFailed},
		{name: "unfilled answer: never defend", dns: resolve.Unregistered, outcome: Outcome(0), wantStatus: resolve.Unknown, wantReason: ReasonFailed},
		{name: "unheard-of outcome: never defend", dns: resolve.Unregistered, outcome: Outcome(99), wantStatus: resolve.Unknown, wantReason: ReasonFailed},

		{name: "registered stays registered on 404", dns: resolve.Registered, outcome: NotFound, wantStatus: resolve.Registered, wantReason: keep},
		{name: "registered, found", dns: resolve.Registered, outcome: Found, wantStatus: resolve.Registered, wantReason: keep},
		{name: "registered, hold: DNS delegation stands", dns: resolve.Registered, outcome: Hold, wantStatus: resolve.Registered, wantReason: keep},
		{name: "registered, failed", dns: resolve.Registered, outcome: Failed, wantStatus: resolve.Registered, wantReason: keep},
		{name: "registered, no server", dns: resolve.Registered, outcome: NoServer, wantStatus: resolve.Registered, wantReason: keep},

		{name: "unknown, found: the registry proves it", dns: resolve.Unknown, outcome: Found, wantStatus: resolve.Registered, wantReason: ReasonRegistered},
		{name: "unknown, hold", dns: resolve.Unknown, outcome: Hold, wantStatus: resolve.Registered, wantReason: resolve.ReasonRDAPHold},
		{name: "unknown, 404: never defend from unknown", dns: resolve.Unknown, outcome: NotFound, wantStatus: resolve.Unknown, wantReason: keep},
		{name: "unknown, throttled", dns: resolve.Unknown, outcome: Throttled, wantStatus: resolve.Unknown, wantReason: keep},
		{name: "unknown, no server", dns: resolve.Unknown, outcome: NoServer, wantStatus: resolve.Unknown, wantReason: keep},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, reason := Confirm(tc.dns, Answer{Outcome: tc.outcome})
			if status != tc.wantStatus || reason != tc.wantReason {
				t.Errorf("Confirm(%v, %v) = %v, %q; want %v, %q", tc.dns, tc.outcome, status, reason, tc.wantStatus, tc.wantReason)
			}
		})
	}
}

// TestConfirmNeverInventsUnregistered: whatever DNS and RDAP said, Confirm
// only answers Unregistered when DNS said so and the registry said 404.
func TestConfirmNeverInventsUnregistered(t *testing.T) {
	for _, dns := range []resolve.Status{resolve.Unknown, resolve.Registered, resolve.Unregistered, resolve.Status(7)} {
		for o := range Outcome(255) {
			status, _ := Confirm(dns, Answer{Outcome: o})
			if status == resolve.Unregistered && (dns != resolve.Unregistered || o != NotFound) {
				t.Errorf("Confirm(%v, %v) = unregistered", dns, o)
			}
		}
	}
}

func TestAnswerRDAP(t *testing.T) {
	a := Answer{Outcome: Hold, Registrar: "R", Created: "2026-01-01", Expires: "2027-01-01", Status: []string{"client hold"}, Server: "https://rdap.example/"}
	r := a.RDAP()
	if r == nil || r.Registrar != "R" || r.Created != "2026-01-01" || r.Expires != "2027-01-01" || r.Server != a.Server || len(r.Status) != 1 {
		t.Fatalf("RDAP() = %+v, want the answer's data", r)
	}
	r.Status[0] = "changed"
	if a.Status[0] != "client hold" {
		t.Error("RDAP() shares its Status slice with the Answer")
	}
	for _, o := range []Outcome{Failed, NotFound, NoServer, Throttled} {
		if (Answer{Outcome: o, Registrar: "R"}).RDAP() != nil {
			t.Errorf("%v answer gave registration data", o)
		}
	}
}
