package world

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testRPZ = "$ORIGIN block.test.\n$TTL 300\n@ SOA localhost. hostmaster.localhost. 1 3600 600 604800 300\n@ NS localhost.\nevil.com CNAME .\n*.evil.com CNAME .\n"

func TestValidateRPZ(t *testing.T) {
	tests := []struct {
		name    string
		rpz     []RPZ
		wantErr string
	}{
		{name: "none"},
		{name: "one", rpz: []RPZ{{Name: "block.test", Zone: testRPZ}}},
		{name: "bad name", rpz: []RPZ{{Name: "block test", Zone: testRPZ}}, wantErr: "not a domain name"},
		{name: "twice", rpz: []RPZ{{Name: "block.test", Zone: testRPZ}, {Name: "Block.Test.", Zone: testRPZ}}, wantErr: "listed twice"},
		{name: "bad zone", rpz: []RPZ{{Name: "block.test", Zone: "evil.com CNAME\n"}}, wantErr: "does not parse"},
		{name: "empty zone", rpz: []RPZ{{Name: "block.test", Zone: "; nothing\n"}}, wantErr: "no records"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := Default()
			s.RPZ = tc.rpz
			err := s.Validate()
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr) || !errors.Is(err, ErrSpec)):
				t.Fatalf("error %v, want an ErrSpec containing %q", err, tc.wantErr)
			}
		})
	}
}

// TestWriteUnboundRPZ: without policy zones unbound's configuration is the
// one it always was; with one, respip leads the modules and an rpz: clause
// names the zone file written beside it.
func TestWriteUnboundRPZ(t *testing.T) {
	dir := t.TempDir()
	w := &World{Addrs: Addrs{Net: 7}, layout: layout{dir: dir}}
	if err := os.MkdirAll(w.unboundDir(), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := w.writeUnbound(Default()); err != nil {
		t.Fatal(err)
	}
	plain, _ := os.ReadFile(w.unboundConf())
	if string(plain) != unboundConf(w.layout, w.Addrs) {
		t.Errorf("a spec without RPZ changed unbound.conf:\n%s", plain)
	}
	s := Default()
	s.RPZ = []RPZ{{Name: "block.test.", Zone: testRPZ}}
	if err := w.writeUnbound(s); err != nil {
		t.Fatal(err)
	}
	conf, _ := os.ReadFile(w.unboundConf())
	zone := filepath.Join(w.unboundDir(), "rpz-0.zone")
	for _, want := range []string{`module-config: "respip iterator"`, "rpz:\n\tname: \"block.test\"\n\tzonefile: \"" + zone + "\""} {
		if !strings.Contains(string(conf), want) {
			t.Errorf("unbound.conf lacks %q:\n%s", want, conf)
		}
	}
	if got, _ := os.ReadFile(zone); string(got) != testRPZ {
		t.Errorf("zone file holds %q", got)
	}
}
