package history

import (
	"slices"
	"testing"

	"github.com/lookalike/lookalike/resolve"
)

// obs builders keep the tables readable.
func reg(domain, verdict string, recs ...func(*Observation)) Observation {
	o := Observation{Brand: "brand.fr", Domain: domain, Status: StatusRegistered, Verdict: verdict, Risk: 50}
	for _, f := range recs {
		f(&o)
	}
	return o
}

func unreg(domain string) Observation {
	return Observation{Brand: "brand.fr", Domain: domain, Status: StatusUnregistered, Verdict: "defend", Risk: 40}
}

func unknown(domain string) Observation {
	return Observation{Brand: "brand.fr", Domain: domain, Status: StatusUnknown, Reason: "timeout", Verdict: "unknown"}
}

func withA(a ...string) func(*Observation)    { return func(o *Observation) { o.A = a } }
func withAAAA(a ...string) func(*Observation) { return func(o *Observation) { o.AAAA = a } }
func withNS(ns ...string) func(*Observation)  { return func(o *Observation) { o.NS = ns } }
func withMX(mx ...string) func(*Observation) {
	return func(o *Observation) { o.MX = mx; o.Mail = len(mx) > 0 }
}

// kf is the part of a change the tables check.
type kf struct {
	Kind          Kind
	Field         string
	Before, After []string
}

func kinds(cs []Change) []kf {
	out := []kf{}
	for _, c := range cs {
		out = append(out, kf{c.Kind, c.Field, c.Before, c.After})
	}
	return out
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name   string
		before *Observation
		after  Observation
		want   []kf
	}{
		{"newly registered", ptr(unreg("x.fr")), reg("x.fr", "third-party", withA("192.0.2.1")),
			[]kf{{NewlyRegistered, "status", []string{"unregistered"}, []string{"registered"}}}},
		{"newly registered with mx is one change", ptr(unreg("x.fr")), reg("x.fr", "third-party", withMX("mx.x.fr")),
			[]kf{{NewlyRegistered, "status", []string{"unregistered"}, []string{"registered"}}}},
		{"watched but never known, now registered", nil, reg("x.fr", "third-party"),
			[]kf{{NewlyRegistered, "status", []string{"unknown"}, []string{"registered"}}}},
		{"watched but never known, now unregistered", nil, unreg("x.fr"), []kf{}},
		{"dropped", ptr(reg("x.fr", "owned")), unreg("x.fr"),
			[]kf{{Dropped, "status", []string{"registered"}, []string{"unregistered"}}}},
		{"gained mx", ptr(reg("x.fr", "third-party")), reg("x.fr", "third-party", withMX("mx1.evil.example")),
			[]kf{{GainedMX, "mx", []string{}, []string{"mx1.evil.example"}}}},
		{"lost mx is a records change", ptr(reg("x.fr", "third-party", withMX("mx1.evil.example"))), reg("x.fr", "third-party"),
			[]kf{{RecordsChanged, "mx", []string{"mx1.evil.example"}, []string{}}}},
		{"mx moved", ptr(reg("x.fr", "third-party", withMX("a.example"))), reg("x.fr", "third-party", withMX("b.example")),
			[]kf{{RecordsChanged, "mx", []string{"a.example"}, []string{"b.example"}}}},
		{"a changed", ptr(reg("x.fr", "third-party", withA("192.0.2.1"))), reg("x.fr", "third-party", withA("192.0.2.2")),
			[]kf{{RecordsChanged, "a", []string{"192.0.2.1"}, []string{"192.0.2.2"}}}},
		{"aaaa and ns changed: one change each", ptr(reg("x.fr", "third-party", withAAAA("2001:db8::1"), withNS("ns1.a.example"))),
			reg("x.fr", "third-party", withAAAA("2001:db8::2"), withNS("ns1.b.example")),
			[]kf{
				{RecordsChanged, "aaaa", []string{"2001:db8::1"}, []string{"2001:db8::2"}},
				{RecordsChanged, "ns", []string{"ns1.a.example"}, []string{"ns1.b.example"}},
			}},
		{"record order and case are no change", ptr(reg("x.fr", "third-party", withA("192.0.2.2", "192.0.2.1"), withNS("NS1.A.EXAMPLE."))),
			reg("x.fr", "third-party", withA("192.0.2.1", "192.0.2.2"), withNS("ns1.a.example")), []kf{}},
		{"now parked", ptr(reg("x.fr", "third-party")), reg("x.fr", "parked"),
			[]kf{{NowParked, "verdict", []string{"third-party"}, []string{"parked"}}}},
		{"verdict changed", ptr(reg("x.fr", "owned")), reg("x.fr", "third-party"),
			[]kf{{VerdictChanged, "verdict", []string{"owned"}, []string{"third-party"}}}},
		{"verdict missing on one side is no change", ptr(reg("x.fr", "")), reg("x.fr", "third-party"), []kf{}},
		{"unregistered both times is no change", ptr(unreg("x.fr")), unreg("x.fr"), []kf{}},
		{"unknown after is no change", ptr(reg("x.fr", "third-party")), unknown("x.fr"), []kf{}},
		{"unknown before is no change", ptr(unknown("x.fr")), reg("x.fr", "third-party"), []kf{}},
		{"same state is no change", ptr(reg("x.fr", "third-party", withA("192.0.2.1"), withMX("m.example"))),
			reg("x.fr", "third-party", withA("192.0.2.1"), withMX("m.example")), []kf{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := kinds(Compare(tt.before, tt.after))
			if !slices.EqualFunc(got, tt.want, eqKF) {
				t.Errorf("Compare:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func eqKF(a, b kf) bool {
	return a.Kind == b.Kind && a.Field == b.Field && slices.Equal(a.Before, b.Before) && slices.Equal(a.After, b.After)
}

func ptr[T any](v T) *T { return &v }

func TestCompareCarriesStateNow(t *testing.T) {
	after := reg("x.fr", "parked", withMX("mx.example"))
	after.Unicode, after.Risk = "x.fr", 77
	cs := Compare(ptr(unreg("x.fr")), after)
	if len(cs) != 1 {
		t.Fatalf("got %d changes, want 1", len(cs))
	}
	c := cs[0]
	if c.Verdict != "parked" || c.Risk != 77 || !c.Mail || c.Brand != "brand.fr" || c.Domain != "x.fr" {
		t.Errorf("change does not carry the state now: %+v", c)
	}
}

func TestAlerting(t *testing.T) {
	ch := func(k Kind, verdict string) Change { return Change{Kind: k, Verdict: verdict} }
	tests := []struct {
		name    string
		changes []Change
		want    bool
	}{
		{"nothing", nil, false},
		{"newly registered third party", []Change{ch(NewlyRegistered, "third-party")}, true},
		{"newly registered parked", []Change{ch(NewlyRegistered, "parked")}, true},
		{"newly registered without verdict", []Change{ch(NewlyRegistered, "")}, true},
		{"newly registered by the brand", []Change{ch(NewlyRegistered, "owned")}, false},
		{"gained mx", []Change{ch(GainedMX, "third-party")}, true},
		{"records changed on a parked name", []Change{ch(RecordsChanged, "parked")}, true},
		{"records changed on an owned name", []Change{ch(RecordsChanged, "owned")}, false},
		{"dropped", []Change{ch(Dropped, "defend")}, false},
		{"now parked", []Change{ch(NowParked, "parked")}, false},
		{"verdict changed", []Change{ch(VerdictChanged, "third-party")}, false},
		{"one alerting among others", []Change{ch(Dropped, "defend"), ch(GainedMX, "third-party")}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Alerting(tt.changes); got != tt.want {
				t.Errorf("Alerting = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSortChanges(t *testing.T) {
	cs := []Change{
		{Kind: Dropped, Domain: "a.fr"},
		{Kind: RecordsChanged, Domain: "b.fr", Field: "ns", Risk: 10},
		{Kind: RecordsChanged, Domain: "b.fr", Field: "a", Risk: 10},
		{Kind: NewlyRegistered, Domain: "z.fr", Risk: 10},
		{Kind: NewlyRegistered, Domain: "y.fr", Risk: 90},
	}
	SortChanges(cs)
	var got []string
	for _, c := range cs {
		got = append(got, string(c.Kind)+" "+c.Domain+" "+c.Field)
	}
	want := []string{"newly-registered y.fr ", "newly-registered z.fr ", "records-changed b.fr a", "records-changed b.fr ns", "dropped a.fr "}
	if !slices.Equal(got, want) {
		t.Errorf("order:\n got %q\nwant %q", got, want)
	}
}

// The store keeps statuses as text; they must read back with resolve's parser.
func TestStatusNamesMatchResolve(t *testing.T) {
	for s, want := range map[string]resolve.Status{
		StatusRegistered:   resolve.Registered,
		StatusUnregistered: resolve.Unregistered,
		StatusUnknown:      resolve.Unknown,
	} {
		if got, err := resolve.ParseStatus(s); err != nil || got != want {
			t.Errorf("resolve.ParseStatus(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
}
