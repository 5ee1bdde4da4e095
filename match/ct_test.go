package match

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	ct "github.com/google/certificate-transparency-go"
	cttls "github.com/google/certificate-transparency-go/tls"
)

// testLog is an in-process RFC 6962 log serving entries the test made with
// crypto/x509. It answers get-entries with at most maxBatch entries, and
// with 429 (Retry-After: 0) to the requests listed in fail429.
type testLog struct {
	mu       sync.Mutex
	entries  []ct.LeafEntry
	maxBatch int
	requests int
	fail429  map[int]bool
	asked    []string
}

func (l *testLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.requests++
	if l.fail429[l.requests] {
		w.Header().Set("Retry-After", "0")
		http.Error(w, "slow down", http.StatusTooManyRequests)
		return
	}
	switch r.URL.Path {
	case "/ct/v1/get-sth":
		json.NewEncoder(w).Encode(ct.GetSTHResponse{TreeSize: uint64(len(l.entries)), Timestamp: 1})
	case "/ct/v1/get-entries":
		start, err1 := strconv.Atoi(r.URL.Query().Get("start"))
		end, err2 := strconv.Atoi(r.URL.Query().Get("end"))
		if err1 != nil || err2 != nil || start < 0 || end < start || start >= len(l.entries) {
			http.Error(w, "bad range", http.StatusBadRequest)
			return
		}
		l.asked = append(l.asked, r.URL.Query().Get("start"))
		end = min(end, len(l.entries)-1, start+l.maxBatch-1)
		json.NewEncoder(w).Encode(ct.GetEntriesResponse{Entries: l.entries[start : end+1]})
	default:
		http.NotFound(w, r)
	}
}

type certMaker struct {
	t      testing.TB
	caKey  *ecdsa.PrivateKey
	ca     *x509.Certificate
	caDER  []byte
	serial int64
}

func newCertMaker(t testing.TB) *certMaker {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test CA"},
		NotBefore: time.Unix(1700000000, 0), NotAfter: time.Unix(1900000000, 0),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(der)
	return &certMaker{t: t, caKey: key, ca: ca, caDER: der, serial: 1}
}

var poisonOID = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11129, 2, 4, 3} // RFC 6962 §3.1

func (m *certMaker) der(cn string, sans []string, poison bool) []byte {
	m.serial++
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(m.serial), Subject: pkix.Name{CommonName: cn}, DNSNames: sans,
		NotBefore: time.Unix(1700000000, 0), NotAfter: time.Unix(1800000000, 0),
	}
	if poison {
		tmpl.ExtraExtensions = []pkix.Extension{{Id: poisonOID, Critical: true, Value: []byte{0x05, 0x00}}}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, m.ca, &m.caKey.PublicKey, m.caKey)
	if err != nil {
		m.t.Fatal(err)
	}
	return der
}

// x509Entry is a log entry of a certificate.
func (m *certMaker) x509Entry(cn string, sans ...string) ct.LeafEntry {
	leaf := ct.MerkleTreeLeaf{Version: ct.V1, LeafType: ct.TimestampedEntryLeafType, TimestampedEntry: &ct.TimestampedEntry{
		Timestamp: 1, EntryType: ct.X509LogEntryType, X509Entry: &ct.ASN1Cert{Data: m.der(cn, sans, false)}}}
	return m.marshal(leaf, ct.CertificateChain{Entries: []ct.ASN1Cert{{Data: m.caDER}}})
}

// precertEntry is a log entry of a precertificate: the TBS without the
// poison in the leaf, the poisoned precertificate in the extra data.
func (m *certMaker) precertEntry(cn string, sans ...string) ct.LeafEntry {
	final, err := x509.ParseCertificate(m.der(cn, sans, false))
	if err != nil {
		m.t.Fatal(err)
	}
	leaf := ct.MerkleTreeLeaf{Version: ct.V1, LeafType: ct.TimestampedEntryLeafType, TimestampedEntry: &ct.TimestampedEntry{
		Timestamp: 1, EntryType: ct.PrecertLogEntryType,
		PrecertEntry: &ct.PreCert{IssuerKeyHash: sha256.Sum256(m.ca.RawSubjectPublicKeyInfo), TBSCertificate: final.RawTBSCertificate}}}
	return m.marshal(leaf, ct.PrecertChainEntry{PreCertificate: ct.ASN1Cert{Data: m.der(cn, sans, true)}, CertificateChain: []ct.ASN1Cert{{Data: m.caDER}}})
}

func (m *certMaker) marshal(leaf ct.MerkleTreeLeaf, extra any) ct.LeafEntry {
	in, err := cttls.Marshal(leaf)
	if err != nil {
		m.t.Fatal(err)
	}
	ex, err := cttls.Marshal(extra)
	if err != nil {
		m.t.Fatal(err)
	}
	return ct.LeafEntry{LeafInput: in, ExtraData: ex}
}

func newTestLog(t *testing.T) (*testLog, *httptest.Server) {
	m := newCertMaker(t)
	l := &testLog{maxBatch: 3, fail429: map[int]bool{}}
	l.entries = []ct.LeafEntry{
		m.x509Entry("www.example.org", "www.example.org", "example.org"),                                  // 0: benign
		m.x509Entry("paypal-login.com", "paypal-login.com", "www.paypal-login.com", "*.paypal-login.com"), // 1: one name once
		m.precertEntry("xn--pypal-4ve.com", "xn--pypal-4ve.com"),                                          // 2: precert, IDN
		{LeafInput: []byte{0, 0, 1, 2, 3}, ExtraData: nil},                                                // 3: malformed
		m.x509Entry("Example Corp", "shop.example.net", "paypal.com-secure.xyz"),                          // 4: CN no name; subdomain form
		m.precertEntry("", "*.discord-gift.ru"),                                                           // 5: wildcard, other brand
		m.x509Entry("paypal.com", "paypal.com", "www.paypal.com"),                                         // 6: the brand's own
	}
	srv := httptest.NewServer(l)
	t.Cleanup(srv.Close)
	return l, srv
}

func TestCTLog(t *testing.T) {
	l, srv := newTestLog(t)
	l.fail429[2] = true // the first get-entries is refused once
	state := &MemoryState{}
	o := CTOptions{URL: srv.URL, State: state, Rate: 1000, Backoff: time.Millisecond, Batch: 4}
	res, st := runAll(t, Options{Index: testIndex("paypal.com", "discord.com"), Workers: 1, Sources: []Source{CT(o)}})
	var got []string
	for _, r := range res {
		got = append(got, strconv.FormatInt(r.CTIndex, 10)+":"+r.Domain+":"+r.Kind)
	}
	want := "1:paypal-login.com:combo 2:xn--pypal-4ve.com:idn 4:paypal.com-secure.xyz:brand-in-subdomain 5:discord-gift.ru:combo"
	if strings.Join(got, " ") != want {
		t.Errorf("results\n %v\nwant\n %v", strings.Join(got, " "), want)
	}
	if st.Junk != 1 || st.Errors[0].Pos != 3 {
		t.Errorf("junk %+v, want entry 3 reported", st.Errors)
	}
	if next, ok, _ := state.Position(srv.URL); !ok || next != 7 {
		t.Errorf("saved position %d, %v; want 7", next, ok)
	}
	// Batches of 4 asked, 3 served: positions 0, 3, 6; the refused request retried.
	if strings.Join(l.asked, ",") != "0,3,6" || l.requests != 5 {
		t.Errorf("get-entries from %v in %d requests; want 0,3,6 in 5 (sth, a 429, three batches)", l.asked, l.requests)
	}

	// Resume: nothing new, nothing read; then one more entry.
	m := newCertMaker(t)
	l.mu.Lock()
	l.entries = append(l.entries, m.x509Entry("paypa1.com", "paypa1.com"))
	l.asked = nil
	l.mu.Unlock()
	res, _ = runAll(t, Options{Index: testIndex("paypal.com"), Workers: 1, Sources: []Source{CT(o)}})
	if len(res) != 1 || res[0].CTIndex != 7 || strings.Join(l.asked, ",") != "7" {
		t.Errorf("resumed run: %+v from %v; want paypa1.com at 7 only", res, l.asked)
	}
}

func TestCTGivesUp(t *testing.T) {
	l, srv := newTestLog(t)
	for i := 1; i < 100; i++ {
		l.fail429[i] = true
	}
	_, err := Run(t.Context(), Options{Index: testIndex("paypal.com"), Workers: 1,
		Sources: []Source{CT(CTOptions{URL: srv.URL, Rate: 1000, Backoff: time.Millisecond, Retries: 3})}}, func(Result) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "429") || l.requests != 4 {
		t.Errorf("Run: %v after %d requests; want a 429 error after 1 + 3 retries", err, l.requests)
	}
}

func TestCTBodyCap(t *testing.T) {
	_, srv := newTestLog(t)
	_, err := Run(t.Context(), Options{Index: testIndex("paypal.com"), Workers: 1,
		Sources: []Source{CT(CTOptions{URL: srv.URL, Rate: 1000, MaxBody: 10})}}, func(Result) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "larger than 10 bytes") {
		t.Errorf("Run: %v, want the body cap to stop it", err)
	}
}

func FuzzCTEntry(f *testing.F) {
	m := newCertMaker(f)
	for _, e := range []ct.LeafEntry{m.x509Entry("a.com", "b.com"), m.precertEntry("c.com", "*.d.com")} {
		f.Add(e.LeafInput, e.ExtraData)
	}
	f.Fuzz(func(t *testing.T, in, extra []byte) {
		doms, why := entryNames(0, &ct.LeafEntry{LeafInput: in, ExtraData: extra})
		if why != "" && doms != nil {
			t.Fatalf("entryNames: both names %v and a reason %q", doms, why)
		}
		for _, d := range doms {
			if d == "" || strings.HasPrefix(d, "*.") || strings.ToLower(d) != d {
				t.Fatalf("entryNames gave %q", d)
			}
		}
	})
}
