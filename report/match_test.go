package report_test

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/lookalike/lookalike/match"
	"github.com/lookalike/lookalike/report"
)

func TestMatchRecord(t *testing.T) {
	tests := []struct {
		name     string
		in       match.Result
		wantKeys []string
		wantPos  any
	}{
		{"list line", match.Result{Domain: "paypa1-login.com", Registrable: "paypa1-login.com", Brand: "paypal.com", Kind: "combo", Score: 80, Source: "list:-", Line: 7},
			[]string{"domain", "unicode", "registrable", "brand", "kind", "edit", "score", "reason", "source", "line"}, 7},
		{"zone line", match.Result{Domain: "discord-nitro.com", Source: "zone:com.zone", Line: 3},
			[]string{"domain", "unicode", "registrable", "brand", "kind", "edit", "score", "reason", "source", "line"}, 3},
		// Entry 0 of a log is real: the key must still be ct_index, not line.
		{"ct index zero", match.Result{Domain: "www.paypal-secure.xyz", Source: "ct:http://127.0.0.1/log", CTIndex: 0},
			[]string{"domain", "unicode", "registrable", "brand", "kind", "edit", "score", "reason", "source", "ct_index"}, 0},
		{"ct index", match.Result{Domain: "paypal-secure.xyz", Source: "ct:http://127.0.0.1/log", CTIndex: 41},
			[]string{"domain", "unicode", "registrable", "brand", "kind", "edit", "score", "reason", "source", "ct_index"}, 41},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := report.MatchRecord(tt.in)
			var keys []string
			for _, f := range rec {
				keys = append(keys, f.Key)
			}
			if !slices.Equal(keys, tt.wantKeys) {
				t.Errorf("keys %q, want %q", keys, tt.wantKeys)
			}
			last := tt.wantKeys[len(tt.wantKeys)-1]
			if got := rec.Get(last); got != tt.wantPos {
				t.Errorf("%s = %v, want %v", last, got, tt.wantPos)
			}
			if got := rec.Get("score"); got != tt.in.Score {
				t.Errorf("score = %v, want %d", got, tt.in.Score)
			}
		})
	}
}

// The table shows MatchColumns only; CSV carries every field.
func TestMatchColumnsTable(t *testing.T) {
	r := match.Result{Domain: "dhl-express-tracking.com", Registrable: "dhl-express-tracking.com", Brand: "dhl.com",
		Kind: "combo", Score: 80, Reason: "the brand dhl as a token beside express, tracking", Source: "list:nrd.txt", Line: 4}
	var buf bytes.Buffer
	w := report.NewWriter(&buf, report.FormatTable, report.TableOptions{Columns: report.MatchColumns})
	if err := w.Write(report.MatchRecord(r)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := "SCORE  DOMAIN                    BRAND    KIND   REASON\n" +
		"80     dhl-express-tracking.com  dhl.com  combo  the brand dhl as a token beside express, tracking\n"
	if buf.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func ExampleMatchRecord() {
	w := report.NewWriter(os.Stdout, report.FormatJSONL, report.TableOptions{})
	err := w.Write(report.MatchRecord(match.Result{
		Domain: "paypa1-login.com", Unicode: "paypa1-login.com", Registrable: "paypa1-login.com",
		Brand: "paypal.com", Kind: "combo", Score: 80, Reason: "a typo of paypal beside login",
		Source: "list:-", Line: 1,
	}))
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"domain":"paypa1-login.com","unicode":"paypa1-login.com","registrable":"paypa1-login.com","brand":"paypal.com","kind":"combo","edit":"","score":80,"reason":"a typo of paypal beside login","source":"list:-","line":1}
}
