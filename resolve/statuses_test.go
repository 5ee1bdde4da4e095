package resolve

import (
	"maps"
	"testing"
)

func TestParseStatuses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      []string
		want    map[Status]bool
		wantErr bool
	}{
		{"none: every status", nil, nil, false},
		{"any case", []string{"Registered", "unknown"}, map[Status]bool{Registered: true, Unknown: true}, false},
		{"a bad name", []string{"registered", "free"}, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseStatuses(tc.in)
			if (err != nil) != tc.wantErr || !maps.Equal(got, tc.want) {
				t.Errorf("ParseStatuses(%q) = %v, %v", tc.in, got, err)
			}
		})
	}
}
