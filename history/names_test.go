package history

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func TestDefaultRunName(t *testing.T) {
	day := time.Date(2026, 12, 2, 2, 15, 0, 0, time.UTC)
	a := DefaultRunName(day, []string{"airfrance.fr", "AirFrance.com."})
	tests := []struct {
		name   string
		got    string
		sameAs bool
	}{
		{"order, case and dots do not matter", DefaultRunName(day, []string{"airfrance.com", "airfrance.fr", "airfrance.fr"}), true},
		{"same UTC day, later hour", DefaultRunName(day.Add(20*time.Hour), []string{"airfrance.fr", "airfrance.com"}), true},
		{"another day", DefaultRunName(day.AddDate(0, 0, 1), []string{"airfrance.fr", "airfrance.com"}), false},
		{"another brand set", DefaultRunName(day, []string{"airfrance.fr"}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if (tt.got == a) != tt.sameAs {
				t.Errorf("%q vs %q: same = %v, want %v", tt.got, a, tt.got == a, tt.sameAs)
			}
		})
	}
	if a[:11] != "2026-12-02-" || len(a) != 19 {
		t.Errorf("DefaultRunName = %q, want 2026-12-02-xxxxxxxx", a)
	}
}

func TestParseRetention(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"90d", 90 * 24 * time.Hour, false},
		{"12w", 84 * 24 * time.Hour, false},
		{"720h", 720 * time.Hour, false},
		{"0d", 0, false},
		{"-1d", 0, true},
		{"-5h", 0, true},
		{"d", 0, true},
		{"ninety", 0, true},
		{"99999999999d", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRetention(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("ParseRetention(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
			if err != nil && !errors.Is(err, ErrUsage) {
				t.Errorf("error %v does not wrap ErrUsage", err)
			}
		})
	}
}

func FuzzParseRetention(f *testing.F) {
	f.Add("90d")
	f.Add("1h30m")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseRetention(s)
		if err == nil && d < 0 {
			t.Fatalf("ParseRetention(%q) = %v: negative", s, d)
		}
	})
}

// history and diff can read while a scan writes: with the writer's -wal
// present the read goes through the WAL and sees what was committed.
func TestOpenReadOnlyWhileWriting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	w, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	record(t, w, run(unreg("x.fr")))
	r, err := w.BeginRun([]string{"brand.fr"}, "writing")
	if err != nil {
		t.Fatal(err)
	}
	must(t, r.Add(reg("x.fr", "third-party")))
	must(t, r.Flush())
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("OpenReadOnly beside a writer: %v", err)
	}
	defer ro.Close()
	runs, err := ro.Runs("brand.fr")
	if err != nil || len(runs) != 2 || runs[1].Complete {
		t.Fatalf("Runs beside a writer = %+v, %v; want the complete run and the one being written", runs, err)
	}
	if obs, _ := ro.Observations(runs[1].ID, "brand.fr"); len(obs) != 1 || obs[0].Status != StatusRegistered {
		t.Errorf("the committed batch is not visible: %+v", obs)
	}
}
