package report

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzReadJSONL: any file either is refused or gives records keyed by
// their own lower-case domain, holding only the kinds a Record holds.
func FuzzReadJSONL(f *testing.F) {
	f.Add([]byte(`{"domain":"irfrance.fr","a":["192.0.2.10"],"risk":97,"mail":true}` + "\n"))
	f.Add([]byte("{}\n\n{\"domain\":\"X.FR\",\"risk\":1.5}\n"))
	f.Add([]byte("not json\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := ReadJSONL(bytes.NewReader(data), "f.jsonl")
		if err != nil {
			return
		}
		for d, r := range recs {
			if got, _ := r.Get("domain").(string); strings.ToLower(got) != d {
				t.Errorf("record %v filed under %q", r, d)
			}
			for _, fl := range r {
				switch fl.Value.(type) {
				case nil, string, []string, int, bool, float64, map[string]any:
				default:
					t.Errorf("field %s holds a %T", fl.Key, fl.Value)
				}
			}
		}
	})
}
