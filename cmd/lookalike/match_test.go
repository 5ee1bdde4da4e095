package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/csv"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	ct "github.com/google/certificate-transparency-go"
	cttls "github.com/google/certificate-transparency-go/tls"
	"github.com/lookalike/lookalike/internal/dnstest"
)

// runMatchCLI runs the command line with stdin.
func runMatchCLI(t *testing.T, stdin string, tty bool, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, stdoutTTY: tty, stderrTTY: tty}
	code = run(context.Background(), args, e)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// jsonlRows parses match's JSONL, keyed by domain; a line that is not JSON
// fails the test (stdout is data only).
func jsonlRows(t *testing.T, out string) map[string]map[string]any {
	t.Helper()
	rows := map[string]map[string]any{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("stdout line %q is not JSON: %v", l, err)
		}
		rows[m["domain"].(string)] = m
	}
	return rows
}

const nrdList = `# newly registered 2026-12-01
paypal-refund.net
groups.io
not a name
dhl-express-tracking.com
pineapple.shop
xn--pypal-4ve.com
paypal.com
bad..name
`

// Junk lines are named with their line on stderr, the good lines are all
// written, and the run ends with exit status 2.
func TestMatchListJunkLines(t *testing.T) {
	list := writeFile(t, "nrd.txt", nrdList)
	code, out, errs := runMatchCLI(t, "", false, "match", "paypal.com", "dhl.com", "--list", list, "--format", "jsonl")
	if code != exitUsage {
		t.Fatalf("exit %d, want 2 for the junk lines: %s", code, errs)
	}
	rows := jsonlRows(t, out)
	want := map[string]string{"paypal-refund.net": "paypal.com", "dhl-express-tracking.com": "dhl.com", "xn--pypal-4ve.com": "paypal.com"}
	if len(rows) != len(want) {
		t.Errorf("rows %v, want exactly %v (no groups, pineapple or the brand itself)", rows, want)
	}
	for d, b := range want {
		if rows[d]["brand"] != b {
			t.Errorf("%s: brand %v, want %s", d, rows[d]["brand"], b)
		}
	}
	if rows["dhl-express-tracking.com"]["line"] != 5.0 || rows["paypal-refund.net"]["source"] != "list:"+list {
		t.Errorf("line/source: %v", rows["dhl-express-tracking.com"])
	}
	for _, l := range []string{list + ":4:", list + ":9:"} {
		if !strings.Contains(errs, l) {
			t.Errorf("stderr does not name junk line %s:\n%s", l, errs)
		}
	}
	if strings.Contains(errs, "--help") {
		t.Errorf("junk lines are no usage error: %s", errs)
	}
}

// The untwist case: one name typed in answers "which brand does it imitate".
func TestMatchUntwistStdin(t *testing.T) {
	brands := writeFile(t, "top.txt", "# top brands\npaypal.com\ndhl.com\napple.com icloud\nnot_a_brand!\n")
	tests := []struct {
		name   string
		tty    bool
		stdin  string
		want   []string
		exit   int
		absent string
	}{
		{"pipe csv", false, "paypa1-login.com\n", []string{"domain,unicode,registrable,brand,kind,edit,score,reason,source,line\n", "paypa1-login.com,paypa1-login.com,paypa1-login.com,paypal.com,"}, exitUsage, ""},
		{"terminal table", true, "paypa1-login.com\n", []string{"SCORE", "BRAND", "paypal.com", "paypa1-login.com"}, exitUsage, "source"},
		{"term of a brand", false, "icloud-verify.com\n", []string{",apple.com,term,"}, exitUsage, ""},
		{"no lookalike", false, "weather.com\n", nil, exitUsage, "weather.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runMatchCLI(t, tt.stdin, tt.tty, "match", "--brands", brands, "--list", "-")
			// The brands file's bad line still makes the run exit 2, after the output.
			if code != tt.exit {
				t.Errorf("exit %d, want %d: %s", code, tt.exit, errs)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			if tt.absent != "" && strings.Contains(strings.ToLower(out), tt.absent) {
				t.Errorf("stdout holds %q:\n%s", tt.absent, out)
			}
			if !strings.Contains(errs, "top.txt:5:") {
				t.Errorf("the bad brand line is not named: %s", errs)
			}
		})
	}
}

const smallZone = `$ORIGIN com.
$TTL 172800
@ IN SOA a.gtld-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400
@ IN NS a.gtld-servers.net.
discord-nitro IN NS ns1.example.net.
discord-nitro IN NS ns2.example.net.
weather IN NS ns1.example.net.
dicsord.com. IN NS ns1.example.net.
discord IN NS ns1.discord.com.
grapple IN NS ns1.example.net.
`

func TestMatchZoneFile(t *testing.T) {
	zone := writeFile(t, "com.zone", smallZone)
	code, out, errs := runMatchCLI(t, "", false, "match", "discord.com", "apple.com", "--zone", zone, "--format", "jsonl", "--workers", "0")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows := jsonlRows(t, out)
	if len(rows) != 2 || rows["discord-nitro.com"]["kind"] != "combo" || rows["dicsord.com"]["kind"] != "typo" {
		t.Errorf("rows %v: want discord-nitro.com (combo) and dicsord.com (typo) only", rows)
	}
	if !strings.Contains(errs, "matched 2 of 5 observed names against 2 brand(s) from zone:"+zone) {
		t.Errorf("summary: %s", errs)
	}
}

// Every base format writes the same matches.
func TestMatchFormats(t *testing.T) {
	list := writeFile(t, "nrd.txt", "paypal-refund.net\ndhl-express.com\nweather.com\n")
	for _, tt := range []struct {
		format string
		check  func(t *testing.T, out string)
	}{
		{"csv", func(t *testing.T, out string) {
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil || len(recs) != 3 || strings.Join(recs[0], ",") != "domain,unicode,registrable,brand,kind,edit,score,reason,source,line" {
				t.Errorf("csv %q (%v)", recs, err)
			}
		}},
		{"json", func(t *testing.T, out string) {
			var rows []map[string]any
			if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 2 || rows[1]["brand"] != "dhl.com" {
				t.Errorf("json %v (%v)", rows, err)
			}
		}},
		{"jsonl", func(t *testing.T, out string) {
			if rows := jsonlRows(t, out); len(rows) != 2 || rows["paypal-refund.net"]["score"] != 80.0 {
				t.Errorf("jsonl %v", rows)
			}
		}},
		{"list", func(t *testing.T, out string) {
			if out != "paypal-refund.net\ndhl-express.com\n" {
				t.Errorf("list %q", out)
			}
		}},
		{"table", func(t *testing.T, out string) {
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 3 || !strings.HasPrefix(lines[0], "SCORE  DOMAIN") || !strings.Contains(lines[2], "dhl.com") {
				t.Errorf("table %q", out)
			}
		}},
	} {
		t.Run(tt.format, func(t *testing.T) {
			code, out, errs := runMatchCLI(t, "", false, "match", "paypal.com", "dhl.com", "--list", list, "--format", tt.format)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			tt.check(t, out)
		})
	}
	// -o writes the file atomically and leaves stdout empty.
	dst := filepath.Join(t.TempDir(), "m.csv")
	code, out, errs := runMatchCLI(t, "", true, "match", "paypal.com", "--list", list, "-o", dst)
	if b, _ := os.ReadFile(dst); code != exitOK || out != "" || !strings.Contains(string(b), "paypal-refund.net") {
		t.Errorf("-o: exit %d, stdout %q, file %q: %s", code, out, b, errs)
	}
}

func TestMatchUsageErrors(t *testing.T) {
	list := writeFile(t, "nrd.txt", "paypal-refund.net\n")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no source", []string{"paypal.com"}, "nothing to read"},
		{"two sources", []string{"paypal.com", "--list", list, "--zone", list}, "one source a run"},
		{"missing file", []string{"paypal.com", "--list", "/nonexistent/nrd.txt"}, "--list /nonexistent/nrd.txt: no such file"},
		{"missing zone", []string{"paypal.com", "--zone", "/nonexistent/com.zone"}, "--zone /nonexistent/com.zone: no such file"},
		{"ct not http", []string{"paypal.com", "--ct", "ftp://ct.example/log"}, "not an http(s) URL"},
		{"ct no host", []string{"paypal.com", "--ct", "https://"}, "not an http(s) URL"},
		{"no brand", []string{"--list", list}, "no brand given"},
		{"bad brand", []string{"not_a_domain!", "--list", list}, "not_a_domain!"},
		{"resolvers without resolve", []string{"paypal.com", "--list", list, "--resolvers", "127.0.0.1"}, "--resolvers goes with --resolve"},
		{"hand-on format without resolve", []string{"paypal.com", "--list", list, "--format", "rpz"}, "give --resolve"},
		{"ct flag without ct", []string{"paypal.com", "--list", list, "--ct-from", "5"}, "--ct-from goes with --ct"},
		{"zone origin without zone", []string{"paypal.com", "--list", list, "--zone-origin", "com"}, "--zone-origin goes with --zone"},
		{"state without resolve or ct", []string{"paypal.com", "--list", list, "--state", filepath.Join(t.TempDir(), "s.db")}, "give --resolve or --ct"},
		{"ct with postgres state", []string{"paypal.com", "--ct", "http://127.0.0.1:1/log", "--state", "postgres://u@127.0.0.1/db"}, "give --ct-state FILE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runMatchCLI(t, "", false, append([]string{"match"}, tt.args...)...)
			if code != exitUsage || out != "" || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d (want 2), stdout %q (want empty), stderr %q (want %q)", code, out, errs, tt.want)
			}
		})
	}
}

// ctLog is an in-process RFC 6962 log of certificates the test makes.
type ctLog struct {
	mu      sync.Mutex
	entries []ct.LeafEntry
	starts  []int
}

func (l *ctLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch r.URL.Path {
	case "/log/ct/v1/get-sth":
		json.NewEncoder(w).Encode(ct.GetSTHResponse{TreeSize: uint64(len(l.entries)), Timestamp: 1})
	case "/log/ct/v1/get-entries":
		start, err1 := strconv.Atoi(r.URL.Query().Get("start"))
		end, err2 := strconv.Atoi(r.URL.Query().Get("end"))
		if err1 != nil || err2 != nil || start < 0 || end < start || start >= len(l.entries) {
			http.Error(w, "bad range", http.StatusBadRequest)
			return
		}
		l.starts = append(l.starts, start)
		end = min(end, len(l.entries)-1, start+1) // two a batch, as real logs cap them
		json.NewEncoder(w).Encode(ct.GetEntriesResponse{Entries: l.entries[start : end+1]})
	default:
		http.NotFound(w, r)
	}
}

type testCA struct {
	t      *testing.T
	key    *ecdsa.PrivateKey
	cert   *x509.Certificate
	serial int64
}

func newTestCA(t *testing.T) *testCA {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test CA"}, IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign, NotBefore: time.Unix(1700000000, 0), NotAfter: time.Unix(1900000000, 0)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	return &testCA{t: t, key: key, cert: c, serial: 1}
}

// RFC 6962 §3.1: the precertificate's poison extension.
var ctPoison = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11129, 2, 4, 3}

func (c *testCA) der(cn string, sans []string, poison bool) []byte {
	c.serial++
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(c.serial), Subject: pkix.Name{CommonName: cn}, DNSNames: sans,
		NotBefore: time.Unix(1700000000, 0), NotAfter: time.Unix(1800000000, 0)}
	if poison {
		tmpl.ExtraExtensions = []pkix.Extension{{Id: ctPoison, Critical: true, Value: []byte{0x05, 0x00}}}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, c.cert, &c.key.PublicKey, c.key)
	if err != nil {
		c.t.Fatal(err)
	}
	return der
}

func (c *testCA) entry(leaf ct.MerkleTreeLeaf, extra any) ct.LeafEntry {
	in, err := cttls.Marshal(leaf)
	if err != nil {
		c.t.Fatal(err)
	}
	ex, err := cttls.Marshal(extra)
	if err != nil {
		c.t.Fatal(err)
	}
	return ct.LeafEntry{LeafInput: in, ExtraData: ex}
}

func (c *testCA) certificate(cn string, sans ...string) ct.LeafEntry {
	return c.entry(ct.MerkleTreeLeaf{Version: ct.V1, LeafType: ct.TimestampedEntryLeafType, TimestampedEntry: &ct.TimestampedEntry{
		Timestamp: 1, EntryType: ct.X509LogEntryType, X509Entry: &ct.ASN1Cert{Data: c.der(cn, sans, false)}}},
		ct.CertificateChain{Entries: []ct.ASN1Cert{{Data: c.cert.Raw}}})
}

func (c *testCA) precertificate(cn string, sans ...string) ct.LeafEntry {
	final, err := x509.ParseCertificate(c.der(cn, sans, false))
	if err != nil {
		c.t.Fatal(err)
	}
	return c.entry(ct.MerkleTreeLeaf{Version: ct.V1, LeafType: ct.TimestampedEntryLeafType, TimestampedEntry: &ct.TimestampedEntry{
		Timestamp: 1, EntryType: ct.PrecertLogEntryType,
		PrecertEntry: &ct.PreCert{IssuerKeyHash: sha256.Sum256(c.cert.RawSubjectPublicKeyInfo), TBSCertificate: final.RawTBSCertificate}}},
		ct.PrecertChainEntry{PreCertificate: ct.ASN1Cert{Data: c.der(cn, sans, true)}, CertificateChain: []ct.ASN1Cert{{Data: c.cert.Raw}}})
}

// A CT run reads from the kept position to the tree size, saves the next
// position beside --state, and the next run starts there.
func TestMatchCTResume(t *testing.T) {
	ca := newTestCA(t)
	l := &ctLog{entries: []ct.LeafEntry{
		ca.certificate("www.example.org", "www.example.org"),                         // 0
		ca.certificate("paypal-login.com", "paypal-login.com", "*.paypal-login.com"), // 1
		{LeafInput: []byte{0, 0, 1, 2, 3}},                                           // 2: malformed
		ca.precertificate("", "*.dhl-tracking.xyz"),                                  // 3: precert, wildcard
	}}
	srv := httptest.NewServer(l)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	state := filepath.Join(dir, "state.db")
	args := []string{"match", "paypal.com", "dhl.com", "--ct", srv.URL + "/log", "--state", state, "--ct-rate", "1000", "--format", "jsonl"}

	code, out, errs := runMatchCLI(t, "", false, args...)
	if code != exitOK {
		t.Fatalf("night 1: exit %d (a malformed entry is the log's, reported, not exit 2): %s", code, errs)
	}
	rows := jsonlRows(t, out)
	if len(rows) != 2 || rows["paypal-login.com"]["ct_index"] != 1.0 || rows["dhl-tracking.xyz"]["ct_index"] != 3.0 {
		t.Errorf("night 1 rows %v", rows)
	}
	if !strings.Contains(errs, ":2:") {
		t.Errorf("the malformed entry 2 is not reported: %s", errs)
	}
	b, err := os.ReadFile(state + ".ct.json")
	if err != nil || !strings.Contains(string(b), `"`+srv.URL+`/log": 4`) {
		t.Fatalf("position beside the state: %q (%v)", b, err)
	}

	// The log grows; the second night reads only the new entries.
	l.mu.Lock()
	l.entries = append(l.entries, ca.certificate("paypal-secure.net", "paypal-secure.net", "weather.com"))
	l.starts = nil
	l.mu.Unlock()
	code, out, errs = runMatchCLI(t, "", false, args...)
	if code != exitOK {
		t.Fatalf("night 2: exit %d: %s", code, errs)
	}
	rows = jsonlRows(t, out)
	if len(rows) != 1 || rows["paypal-secure.net"]["ct_index"] != 4.0 {
		t.Errorf("night 2 rows %v: want only the new entry 4", rows)
	}
	l.mu.Lock()
	starts := l.starts
	l.mu.Unlock()
	if len(starts) != 1 || starts[0] != 4 {
		t.Errorf("night 2 asked from %v, want [4]", starts)
	}

	// A run that fails after reading (here: every resolver says NXDOMAIN for
	// the brand, a liar) leaves the position where it was, so the next run
	// reads those entries again instead of losing their matches.
	l.mu.Lock()
	l.entries = append(l.entries, ca.certificate("paypal-verify.org", "paypal-verify.org"))
	l.mu.Unlock()
	liar := dnstest.New(t)
	code, _, errs = runMatchCLI(t, "", false, append(args, "--resolve", "--resolvers", liar.Addr(), "--timeout", "100ms", "--retries", "0")...)
	if code != exitFailure {
		t.Errorf("resolve through a liar: exit %d, want 1: %s", code, errs)
	}
	if b, _ := os.ReadFile(state + ".ct.json"); !strings.Contains(string(b), `"`+srv.URL+`/log": 5`) {
		t.Errorf("a failed run moved the position: %q", b)
	}

	// --ct-state names the file itself; --ct-from the first index.
	own := filepath.Join(dir, "own.json")
	code, out, errs = runMatchCLI(t, "", false, "match", "paypal.com", "--ct", srv.URL+"/log", "--ct-state", own, "--ct-from", "4", "--ct-rate", "1000", "--format", "list")
	if b, _ := os.ReadFile(own); code != exitOK || out != "paypal-secure.net\npaypal-verify.org\n" || !strings.Contains(string(b), ": 6") {
		t.Errorf("--ct-state/--ct-from: exit %d, out %q, state %q: %s", code, out, b, errs)
	}
}

// --resolve takes the matches through scan's engine: statuses from DNS,
// verdicts, and scan's fields; the names that match nothing are not asked.
func TestMatchResolve(t *testing.T) {
	s := scanWorld(t)
	list := writeFile(t, "nrd.txt", "arfrance.fr\nairfranse.fr\nweather.fr\nirfrance.fr\nnot a name\n")
	state := filepath.Join(t.TempDir(), "state.db")
	args := []string{"match", "airfrance.fr", "--list", list, "--resolve", "--resolvers", s.Addr(), "--auth-port", authPort(s),
		"--timeout", "200ms", "--retries", "1", "--format", "jsonl", "--state", state}
	code, out, errs := runMatchCLI(t, "", false, args...)
	if code != exitUsage {
		t.Fatalf("exit %d, want 2 for the junk line after the scan: %s", code, errs)
	}
	rows := parseJSONL(t, out)
	want := map[string]string{"arfrance.fr": "registered", "airfranse.fr": "unregistered", "irfrance.fr": "unknown"}
	if len(rows) != len(want) {
		t.Errorf("rows %v, want %v", rows, want)
	}
	for d, st := range want {
		if rows[d]["status"] != st || rows[d]["verdict"] == nil || rows[d]["brand"] != "airfrance.fr" {
			t.Errorf("%s: %v, want status %s with a verdict", d, rows[d], st)
		}
	}
	if f, _ := rows["arfrance.fr"]["fuzzer"].(string); f != "match:typo" {
		t.Errorf("fuzzer %v, want match:typo", rows["arfrance.fr"]["fuzzer"])
	}
	if !strings.Contains(errs, "baseline recorded for airfrance.fr") || !strings.Contains(errs, list+":5:") {
		t.Errorf("stderr: %s", errs)
	}

	// The hand-on formats read scan's findings: offered with --resolve.
	code, out, errs = runMatchCLI(t, "", false, "match", "airfrance.fr", "--list", list, "--resolve", "--resolvers", s.Addr(),
		"--auth-port", authPort(s), "--timeout", "200ms", "--retries", "1", "--format", "blocklist")
	if code != exitUsage || !strings.Contains(out, "arfrance.fr") || strings.Contains(out, "airfranse.fr") {
		t.Errorf("--format blocklist: exit %d, out %q: want the third-party arfrance.fr only: %s", code, out, errs)
	}

	// Night 2: a lookalike watched last night was registered since: exit 3.
	// (A name new on tonight's list is no change, as in scan's history.)
	register(s, "airfranse.fr", true)
	list2 := writeFile(t, "nrd2.txt", "arfrance.fr\nairfranse.fr\nairfrance-refund.fr\n")
	args[3] = list2
	code, out, errs = runMatchCLI(t, "", false, args...)
	if code != exitChanges {
		t.Fatalf("night 2: exit %d, want 3: %s", code, errs)
	}
	if rows := parseJSONL(t, out); rows["airfranse.fr"]["status"] != "registered" || rows["airfrance-refund.fr"]["status"] != "unregistered" {
		t.Errorf("night 2 rows %v", rows)
	}
	if !strings.Contains(errs, "newly-registered") || !strings.Contains(errs, "1 change(s)") {
		t.Errorf("night 2 stderr lacks the change: %s", errs)
	}
}

// --config holds match's flags like scan's; resolvers kept there for the
// nights that resolve do not stop a run that does not.
func TestMatchConfig(t *testing.T) {
	list := writeFile(t, "nrd.txt", "paypal-login.com\nweather.com\n")
	cfg := writeFile(t, "match.yaml", "brands: [paypal.com]\nresolvers: [127.0.0.1:53]\nlist: "+list+"\nformat: jsonl\n")
	code, out, errs := runMatchCLI(t, "", false, "match", "--config", cfg)
	if rows := jsonlRows(t, out); code != exitOK || len(rows) != 1 || rows["paypal-login.com"]["brand"] != "paypal.com" {
		t.Errorf("exit %d, rows %v: %s", code, rows, errs)
	}
	code, _, errs = runMatchCLI(t, "", false, "match", "--config", writeFile(t, "bad.yaml", "fuzzers: all\n"))
	if code != exitUsage || !strings.Contains(errs, "fuzzers") {
		t.Errorf("a key match does not know: exit %d: %s", code, errs)
	}
}

// Issue 13: match takes the web flags with --resolve, as scan does, and
// refuses them without it (nothing is fetched without resolving).
func TestMatchWebFlags(t *testing.T) {
	list := writeFile(t, "nrd.txt", "airfrnce.fr\n")
	code, out, errs := runCLI(t, false, "match", "airfrance.fr", "--list", list, "--web")
	if code != exitUsage || out != "" || !strings.Contains(errs, "--web goes with --resolve") {
		t.Errorf("--web without --resolve: exit %d, out %q, err %q", code, out, errs)
	}
}
