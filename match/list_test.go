package match

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/similar"
)

func testIndex(domains ...string) *similar.Index {
	var bs []*similar.Brand
	for _, d := range domains {
		bs = append(bs, similar.MustBrand(d))
	}
	return similar.NewIndex(bs)
}

func runAll(t *testing.T, o Options) ([]Result, Stats) {
	t.Helper()
	var out []Result
	st, err := Run(context.Background(), o, func(r Result) error { out = append(out, r); return nil })
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return out, st
}

const junkList = `# nightly feed
paypal-login.com
example.org

not a domain
PayPal.co.
http://secure-paypal.xyz/login?x=1
com
paypal.com
` + "\xff\xfe.com" + `
xn--pypal-4ve.com
`

func TestListJunkLines(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"plain", []byte(junkList)},
		{"gzip", gz(junkList)},
		{"crlf", []byte(strings.ReplaceAll(junkList, "\n", "\r\n"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, st := runAll(t, Options{Index: testIndex("paypal.com"), Workers: 1,
				Sources: []Source{List("feed.txt", bytes.NewReader(tc.data))}})
			var got []string
			for _, r := range res {
				got = append(got, r.Domain+"@"+itoa(r.Line)+":"+r.Kind)
			}
			want := []string{"paypal-login.com@2:combo", "paypal.co@6:tld-swap", "secure-paypal.xyz@7:combo", "xn--pypal-4ve.com@11:idn"}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("results %v, want %v", got, want)
			}
			if st.Observed != 6 || st.Junk != 3 {
				t.Errorf("stats %+v, want 6 observed (paypal.com itself included) and 3 junk", st)
			}
			var lines []int64
			for _, j := range st.Errors {
				lines = append(lines, j.Pos)
			}
			if len(lines) != 3 || lines[0] != 5 || lines[1] != 8 || lines[2] != 10 {
				t.Errorf("junk lines %v, want [5 8 10]", lines)
			}
			if c := res[2].Candidate(); c.Domain != "secure-paypal.xyz" || c.Brand != "paypal.com" || c.Fuzzer() != "match:combo" {
				t.Errorf("Candidate() = %+v, want secure-paypal.xyz for paypal.com by match:combo", c)
			}
		})
	}
}

func TestListCSVAndErrorsKept(t *testing.T) {
	csvData := "first_seen,domain,source\n2026-12-01,discord-gift.ru,nrd\n2026-12-01,\"bad name\",nrd\n2026-12-01,weather.com,nrd\n"
	res, st := runAll(t, Options{Index: testIndex("discord.com"), Workers: 1,
		Sources: []Source{List("nrd.csv", strings.NewReader(csvData))}})
	if len(res) != 1 || res[0].Domain != "discord-gift.ru" || res[0].Line != 2 || res[0].Source != "list:nrd.csv" {
		t.Fatalf("results %+v, want discord-gift.ru from line 2", res)
	}
	if st.Junk != 1 || st.Errors[0].Pos != 3 {
		t.Errorf("junk %+v, want line 3", st.Errors)
	}
	var many strings.Builder
	for range 50 {
		many.WriteString("bad name\n")
	}
	_, st = runAll(t, Options{Index: testIndex("discord.com"), Workers: 1, MaxErrors: 3,
		Sources: []Source{List("junk.txt", strings.NewReader(many.String()))}})
	if st.Junk != 50 || len(st.Errors) != 3 {
		t.Errorf("stats %d junk, %d kept; want 50 counted, 3 kept", st.Junk, len(st.Errors))
	}
}

func TestListLongLine(t *testing.T) {
	data := "paypal-help.com\n" + strings.Repeat("a", 200000) + "\npaypal-help.net\n"
	res, st := runAll(t, Options{Index: testIndex("paypal.com"), Workers: 1,
		Sources: []Source{List("long.txt", strings.NewReader(data))}})
	if len(res) != 2 || res[1].Line != 3 || st.Junk != 1 || st.Errors[0].Pos != 2 || len(st.Errors[0].Input) > 100 {
		t.Errorf("results %+v, stats %+v: want two matches around one junk line 2", res, st)
	}
}

func TestWorkersSameResults(t *testing.T) {
	var b strings.Builder
	for i := range 5000 {
		b.WriteString([]string{"paypal-login", "weather", "paypa1", "garden-tools", "pay-pal"}[i%5])
		b.WriteString(".com\n")
	}
	one, _ := runAll(t, Options{Index: testIndex("paypal.com"), Workers: 1, Sources: []Source{List("l", strings.NewReader(b.String()))}})
	four, st := runAll(t, Options{Index: testIndex("paypal.com"), Workers: 4, Sources: []Source{List("l", strings.NewReader(b.String()))}})
	if len(one) != 3000 || len(four) != len(one) || st.Observed != 5000 {
		t.Errorf("1 worker: %d results; 4 workers: %d results, %d observed; want 3000, 3000, 5000", len(one), len(four), st.Observed)
	}
}

func FuzzParseList(f *testing.F) {
	for _, s := range []string{junkList, "domain\nx.com\n", "a,domain\n\"q,x.com\n", "\x1f\x8b", "*.x.co.uk\n"} {
		f.Add([]byte(s))
	}
	ix := testIndex("paypal.com")
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Run(context.Background(), Options{Index: ix, Workers: 1, Sources: []Source{List("f", bytes.NewReader(data))}},
			func(r Result) error {
				if r.Brand != "paypal.com" || r.Line < 1 || r.Domain == "" || r.Registrable == "paypal.com" {
					t.Fatalf("bad result %+v", r)
				}
				return nil
			})
		if err != nil && !strings.Contains(err.Error(), "gzip") {
			t.Fatalf("Run: %v (only a broken gzip stream may fail a list)", err)
		}
	})
}

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func itoa(n int64) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(n)) }

func fmtInt(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestSinkErrorStops(t *testing.T) {
	var b strings.Builder
	for range 100000 {
		b.WriteString("paypal-login.com\n")
	}
	for _, workers := range []int{1, 3} {
		t.Run(fmtInt(int64(workers))+" workers", func(t *testing.T) {
			stop := errors.New("disk full")
			n := 0
			st, err := Run(context.Background(), Options{Index: testIndex("paypal.com"), Workers: workers,
				Sources: []Source{List("l", strings.NewReader(b.String()))}}, func(Result) error {
				n++
				if n == 10 {
					return stop
				}
				return nil
			})
			if !errors.Is(err, stop) || n != 10 || st.Observed >= 100000 {
				t.Errorf("Run: %v after %d results, %d observed; want the sink's error after 10, the stream stopped early", err, n, st.Observed)
			}
		})
	}
	if _, err := Run(context.Background(), Options{}, func(Result) error { return nil }); !errors.Is(err, ErrNoIndex) {
		t.Errorf("Run without an index: %v, want ErrNoIndex", err)
	}
}
