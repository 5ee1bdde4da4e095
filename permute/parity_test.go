package permute

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/wordlists"
	"golang.org/x/net/idna"
)

// TestDnstwistParity checks that each fuzzer makes every registrable name that
// dnstwist's fuzzer of the same name makes, for the lists kept under
// testdata/dnstwist/<version>/<domain>.csv (made by dnstwist 0~20221213, the
// Debian package, and by dnstwist 20250130; see the header of each file).
//
// A dnstwist name counts when it is valid under IDNA2008 registration rules
// and the TLD's registry sells its Unicode characters. The names that do not
// are written to testdata/dnstwist/excluded.golden with the reason, so that
// the exclusions can be reviewed; -update rewrites that file.
func TestDnstwistParity(t *testing.T) {
	dict := readDnstwistDict(t, filepath.Join("testdata", "dnstwist", "english.dict"))
	files, err := filepath.Glob(filepath.Join("testdata", "dnstwist", "*", "*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no dnstwist lists under testdata/dnstwist (%v)", err)
	}
	runs := map[string]func(*fuzzCtx, emitFunc){}
	for _, f := range dnstwistFuzzers {
		runs[f.name] = f.run
	}
	var excluded []string
	for _, file := range files {
		version := filepath.Base(filepath.Dir(file))
		domain := strings.TrimSuffix(filepath.Base(file), ".csv")
		byFuzzer := readDnstwistCSV(t, file)
		for _, fz := range sortedKeys(byFuzzer) {
			run, ok := runs[fz]
			if !ok {
				// tld-swap is the engine's product, tested with the engine.
				t.Logf("%s %s: no fuzzer %q here, skipped", version, domain, fz)
				continue
			}
			t.Run(version+"/"+domain+"/"+fz, func(t *testing.T) {
				c := testCtx(t, domain, dict)
				ours := map[string]bool{}
				for _, n := range collect(c, run) {
					ours[n.domain] = true
				}
				var missing []string
				for _, d := range byFuzzer[fz] {
					why := notRegistrable(d)
					if d == c.brand.Domain {
						why = "the-brand-itself" // dnstwist lists it under the fuzzer that remade it
					}
					if why != "" {
						excluded = append(excluded, fmt.Sprintf("%s %s %s %s", version, fz, d, why))
						continue
					}
					if !ours[d] {
						missing = append(missing, d)
					}
				}
				if len(missing) > 0 {
					t.Errorf("%d of dnstwist %s's %d names missing, such as %q", len(missing), version, len(byFuzzer[fz]), missing[:min(len(missing), 10)])
				}
			})
		}
	}
	slices.Sort(excluded)
	var sb strings.Builder
	sb.WriteString("# dnstwist names the parity test does not require: version fuzzer domain reason.\n")
	for _, e := range excluded {
		sb.WriteString(e + "\n")
	}
	checkGolden(t, filepath.Join("testdata", "dnstwist", "excluded.golden"), sb.String())
}

// notRegistrable says why a dnstwist name is no name lookalike may emit, or ""
// when it is one.
func notRegistrable(domain string) string {
	if !names.Valid(domain) {
		return "invalid-under-idna2008"
	}
	labels := strings.Split(domain, ".")
	b, err := ParseBrand(domain)
	if err != nil {
		return "unparsable"
	}
	for _, l := range labels[:len(labels)-strings.Count(b.Suffix, ".")-1] {
		if !strings.HasPrefix(l, "xn--") {
			continue
		}
		u, err := idna.ToUnicode(l)
		if err != nil {
			return "invalid-under-idna2008"
		}
		// A registry that once sold every label (.com, .net) may hold
		// the name still: lookalike must make it, marked Unavailable.
		if !wordlists.IDNAllowed(b.TLD(), u) && !wordlists.IDNOnceSold(b.TLD()) {
			return "not-sold-by-registry-of-" + b.TLD()
		}
	}
	return ""
}

func readDnstwistCSV(t *testing.T, path string) map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]string{}
	sc := bufio.NewScanner(f)
	header := false
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		if !header {
			if line != "fuzzer,domain" {
				t.Fatalf("%s: header %q, want fuzzer,domain", path, line)
			}
			header = true
			continue
		}
		fz, d, ok := strings.Cut(line, ",")
		if !ok {
			t.Fatalf("%s: bad line %q", path, line)
		}
		out[fz] = append(out[fz], d)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("%s: no names", path)
	}
	return out
}

// dnstwistWord is the filter dnstwist 20250130 applies to dictionary lines.
var dnstwistWord = regexp.MustCompile(`^(?:(?:xn--)[a-z0-9-]{3,59}|[a-z0-9-]{1,63})$`)

func readDnstwistDict(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, l := range strings.Split(strings.ToLower(string(b)), "\n") {
		l = strings.TrimSpace(l)
		if dnstwistWord.MatchString(l) && !slices.Contains(words, l) {
			words = append(words, l)
		}
	}
	return words
}
