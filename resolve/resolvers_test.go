package resolve

import (
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseResolvers(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "resolvers.txt")
	os.WriteFile(file, []byte("# local resolvers\n127.0.0.1:5300\n\n  ::1   # v6, port 53\n127.0.0.1:5300\n"), 0o644)
	badFile := filepath.Join(dir, "bad.txt")
	os.WriteFile(badFile, []byte("127.0.0.1\nresolver.example\n"), 0o644)
	// As massdns users keep them: one address a line, CRLF from a Windows
	// editor, tabs, comments at the end of a line.
	massdns := filepath.Join(dir, "massdns.txt")
	os.WriteFile(massdns, []byte("192.0.2.1\r\n\t192.0.2.2 \r\n# dead\r\n192.0.2.3:5353\t# alt port\r\n2001:db8::53\r\n"), 0o644)
	emptyFile := filepath.Join(dir, "empty.txt")
	os.WriteFile(emptyFile, []byte("# nothing\n"), 0o644)

	tests := []struct {
		name    string
		in      string
		want    []string
		wantErr string // substring of the error
	}{
		{name: "one IPv4", in: "192.0.2.1", want: []string{"192.0.2.1:53"}},
		{name: "list with ports", in: "192.0.2.1:5300, 127.0.0.1 ,[::1]:5353", want: []string{"192.0.2.1:5300", "127.0.0.1:53", "[::1]:5353"}},
		{name: "bare IPv6", in: "2001:db8::1", want: []string{"[2001:db8::1]:53"}},
		{name: "bracketed IPv6 without port", in: "[2001:db8::1]", want: []string{"[2001:db8::1]:53"}},
		{name: "IPv4-mapped IPv6 becomes IPv4", in: "[::ffff:192.0.2.1]:53", want: []string{"192.0.2.1:53"}},
		{name: "duplicates dropped", in: "127.0.0.1,127.0.0.1:53", want: []string{"127.0.0.1:53"}},
		{name: "file", in: file, want: []string{"127.0.0.1:5300", "[::1]:53"}},
		{name: "massdns file", in: massdns, want: []string{"192.0.2.1:53", "192.0.2.2:53", "192.0.2.3:5353", "[2001:db8::53]:53"}},
		{name: "empty", in: " ", wantErr: "no resolvers"},
		{name: "host name", in: "dns.example:53", wantErr: `"dns.example:53"`},
		{name: "port zero", in: "127.0.0.1:0", wantErr: "port"},
		{name: "port too big", in: "127.0.0.1:65536", wantErr: "port"},
		{name: "empty entry", in: "127.0.0.1,,", wantErr: "empty"},
		{name: "IPv4 in brackets", in: "[127.0.0.1]", wantErr: "brackets"},
		{name: "scheme", in: "udp:127.0.0.1", wantErr: `"udp:127.0.0.1"`},
		{name: "missing file is a bad entry", in: filepath.Join(dir, "nope.txt"), wantErr: "nope.txt"},
		{name: "bad line in file", in: badFile, wantErr: "line 2"},
		{name: "empty file", in: emptyFile, wantErr: "no resolver"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseResolvers(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseResolvers(%q) = %v, %v; want error containing %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("ParseResolvers(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestSystemResolvers(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "resolv.conf")
	os.WriteFile(conf, []byte("# generated\nsearch corp.example\nnameserver 127.0.0.53\n; comment\nnameserver ::1\nnameserver bogus\noptions edns0\nnameserver 127.0.0.53\n"), 0o644)
	got, err := SystemResolvers(conf)
	if want := []string{"127.0.0.53:53", "[::1]:53"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("SystemResolvers = %q, %v; want %q", got, err, want)
	}
	empty := filepath.Join(dir, "empty.conf")
	os.WriteFile(empty, []byte("search example\n"), 0o644)
	if _, err := SystemResolvers(empty); err == nil {
		t.Error("a resolv.conf without nameserver gave no error")
	}
	if _, err := SystemResolvers(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing resolv.conf gave no error")
	}
}

func FuzzParseResolvers(f *testing.F) {
	for _, s := range []string{"192.0.2.1", "1.2.3.4:53,[::1]:5353", "::1", "[::1]", "a:b:c", "127.0.0.1:99999", ",", "[fe80::1%eth0]:53"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if !strings.Contains(in, ",") {
			if _, err := os.Stat(strings.TrimSpace(in)); err == nil {
				t.Skip("names a file")
			}
		}
		got, err := ParseResolvers(in)
		if err != nil {
			if got != nil {
				t.Errorf("error %v with a result %q", err, got)
			}
			return
		}
		if len(got) == 0 {
			t.Fatalf("ParseResolvers(%q) gave nothing and no error", in)
		}
		seen := make(map[string]bool)
		for _, r := range got {
			ap, err := netip.ParseAddrPort(r)
			if err != nil || ap.Port() == 0 || ap.String() != r {
				t.Errorf("ParseResolvers(%q) gave %q, not a canonical ip:port", in, r)
			}
			if seen[r] {
				t.Errorf("ParseResolvers(%q) repeats %q", in, r)
			}
			seen[r] = true
		}
		// The output is a valid input, and a fixed point.
		again, err := ParseResolvers(strings.Join(got, ","))
		if err != nil || !slices.Equal(again, got) {
			t.Errorf("reparsing %q gave %q, %v", got, again, err)
		}
	})
}

func ExampleParseResolvers() {
	rs, err := ParseResolvers("192.0.2.1, [2001:db8::53]:5353, 127.0.0.1:5300")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rs)
	_, err = ParseResolvers("dns.example")
	fmt.Println(err)
	// Output:
	// [192.0.2.1:53 [2001:db8::53]:5353 127.0.0.1:5300]
	// bad resolver "dns.example": not an IP address (want ip[:port], e.g. 192.0.2.1, 192.0.2.1:5300, [2001:db8::1]:53)
}
