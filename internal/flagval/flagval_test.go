package flagval

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func TestValues(t *testing.T) {
	var n int
	var f, r float64
	var d time.Duration
	var e string
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.Var(Int(&n, 5, 1, math.MaxInt), "top", "")
	fs.Var(Int(&n, 5, 0, 100), "risk", "")
	fs.Var(Float(&f, 0, 0, true), "rate", "")
	fs.Var(Float(&r, 1, 0, false), "rdap-rate", "")
	fs.Var(Duration(&d, time.Second), "timeout", "")
	fs.Var(Enum(&e, "lean", "lean", "dnsx"), "via", "")
	var c string
	var l []string
	fs.Var(Checked(&c, func(s string) (string, error) {
		if s = strings.TrimSpace(s); s == "" {
			return "", errors.New("empty")
		}
		return s, nil
	}), "zone", "")
	fs.Var(List(&l, func(l []string) error {
		if slices.Contains(l, "owned") {
			return errors.New("owned never")
		}
		return nil
	}), "verdict", "")
	tests := []struct {
		name, flag, value string
		ok                bool
	}{
		{"whole number", "top", "3", true},
		{"fraction is refused, not rounded", "top", "1.5", false},
		{"below the minimum", "top", "0", false},
		{"within bounds", "risk", "100", true},
		{"above the maximum", "risk", "101", false},
		{"zero rate allowed", "rate", "0", true},
		{"negative rate", "rate", "-1", false},
		{"not a number", "rate", "fast", false},
		{"infinite", "rate", "Inf", false},
		{"exclusive bound", "rdap-rate", "0", false},
		{"positive", "rdap-rate", "0.5", true},
		{"duration", "timeout", "500ms", true},
		{"zero duration", "timeout", "0s", false},
		{"bare number is not a duration", "timeout", "2", false},
		{"choice", "via", "DNSX", true},
		{"not a choice", "via", "udp", false},
		{"checked", "zone", " rpz.example ", true},
		{"refused by the check", "zone", " ", false},
		{"list", "verdict", "Impersonating, parked", true},
		{"list refused whole", "verdict", "parked,owned", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := fs.Set(tt.flag, tt.value)
			if (err == nil) != tt.ok {
				t.Errorf("--%s %s: err %v, want ok=%v", tt.flag, tt.value, err, tt.ok)
			}
		})
	}
	if c != "rpz.example" || strings.Join(l, ",") != "impersonating,parked" {
		t.Errorf("checked stored %q and list %q: a refused value must leave the last good one", c, l)
	}
	if e != "dnsx" {
		t.Errorf("enum stored %q, want dnsx", e)
	}
}
