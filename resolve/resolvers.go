package resolve

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
)

// ParseResolvers reads a --resolvers value: a comma-separated list of
// "ip[:port]" entries ("1.2.3.4", "1.2.3.4:5300", "[::1]:5353", "::1"), or the
// path of a file holding one entry a line ('#' starts a comment). Port 53 is
// the default. The result is "ip:port" strings in input order, without
// duplicates. Host names are refused: finding a resolver must not need one.
func ParseResolvers(list string) ([]string, error) {
	list = strings.TrimSpace(list)
	if list == "" {
		return nil, errors.New("no resolvers given: pass ip[:port] entries separated by commas, or a file with one a line")
	}
	if !strings.Contains(list, ",") {
		if _, err := normalizeResolver(list); err != nil {
			if fi, statErr := os.Stat(list); statErr == nil && !fi.IsDir() {
				return resolversFile(list)
			}
		}
	}
	var out []string
	seen := make(map[string]bool)
	for entry := range strings.SplitSeq(list, ",") {
		addr, err := normalizeResolver(entry)
		if err != nil {
			return nil, err
		}
		if !seen[addr] {
			seen[addr] = true
			out = append(out, addr)
		}
	}
	return out, nil
}

func resolversFile(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read resolvers file: %w", err)
	}
	var out []string
	seen := make(map[string]bool)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if strings.TrimSpace(line) == "" {
			continue
		}
		addr, err := normalizeResolver(line)
		if err != nil {
			return nil, fmt.Errorf("resolvers file %s line %d: %w", path, n, err)
		}
		if !seen[addr] {
			seen[addr] = true
			out = append(out, addr)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read resolvers file %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("resolvers file %s lists no resolver: write one ip[:port] a line", path)
	}
	return out, nil
}

// normalizeResolver turns one entry into "ip:port" ("[v6]:port").
func normalizeResolver(entry string) (string, error) {
	s := strings.TrimSpace(entry)
	bad := func(why string) error {
		return fmt.Errorf("bad resolver %q: %s (want ip[:port], e.g. 192.0.2.1, 192.0.2.1:5300, [2001:db8::1]:53)", entry, why)
	}
	if s == "" {
		return "", bad("empty entry")
	}
	// A bare address, v4 or v6, the v6 one with or without brackets.
	inner := s
	bracketed := strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]")
	if bracketed {
		inner = s[1 : len(s)-1]
	}
	if a, err := netip.ParseAddr(inner); err == nil {
		if !plainZone(a) {
			return "", bad("odd characters in the IPv6 zone")
		}
		if bracketed && !a.Is6() {
			return "", bad("brackets are for IPv6 addresses")
		}
		return netip.AddrPortFrom(a.Unmap(), 53).String(), nil
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return "", bad("not an IP address")
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return "", bad("not an IP address (host names are not accepted)")
	}
	if !plainZone(a) {
		return "", bad("odd characters in the IPv6 zone")
	}
	p, err := strconv.ParseUint(port, 10, 16)
	if err != nil || p == 0 {
		return "", bad("port must be 1-65535")
	}
	return netip.AddrPortFrom(a.Unmap(), uint16(p)).String(), nil
}

// SystemResolvers reads the nameserver lines of a resolv.conf file
// (/etc/resolv.conf on most systems).
func SystemResolvers(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read system resolvers: %w (pass --resolvers instead)", err)
	}
	var out []string
	seen := make(map[string]bool)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 || f[0] != "nameserver" {
			continue
		}
		a, err := netip.ParseAddr(f[1])
		if err != nil || !plainZone(a) {
			continue // resolv(5) ignores what it cannot read; so do we
		}
		addr := netip.AddrPortFrom(a.Unmap(), 53).String()
		if !seen[addr] {
			seen[addr] = true
			out = append(out, addr)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read system resolvers %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s lists no nameserver: pass --resolvers with one or more ip[:port]", path)
	}
	return out, nil
}

// plainZone accepts an address without zone or with an interface name
// ("fe80::1%eth0") as zone, which is all resolv.conf ever holds.
func plainZone(a netip.Addr) bool {
	for _, c := range a.Zone() {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}
