package scan

import (
	"testing"

	"github.com/lookalike/lookalike/audit"
)

func TestInferBrand(t *testing.T) {
	ref := func(d string) audit.Ref { return audit.Ref{Host: d, Domain: d} }
	tests := []struct {
		name string
		refs []audit.Ref
		want string
	}{
		{"most referenced", []audit.Ref{ref("cdn.net"), ref("airbrand.fr"), ref("airbrand.fr")}, "airbrand.fr"},
		{"tie goes to name order", []audit.Ref{ref("b.fr"), ref("a.fr")}, "a.fr"},
		{"nothing", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := inferBrand(tt.refs).Domain; got != tt.want {
				t.Errorf("inferBrand = %q, want %q", got, tt.want)
			}
		})
	}
}
