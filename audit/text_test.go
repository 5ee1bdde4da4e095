package audit

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/permute"
)

func TestExtractText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"headers and body",
			"From: Brand <noreply@brand.fr>\nReply-To: help@brand-help.fr\nSubject: Hi\n\nSee https://www.brand-deals.fr/x\n",
			[]string{"header:brand.fr", "header:brand-help.fr", "text-url:www.brand-deals.fr"}},
		{"folded header",
			"From: a@brand.fr\nList-Unsubscribe: <https://u.brand-mail.com/x>,\n <mailto:u@brand-unsub.com>\n\nbody\n",
			[]string{"header:brand.fr", "header:u.brand-mail.com", "header:brand-unsub.com"}},
		{"quoted-printable soft line break",
			"From: a@brand.fr\nContent-Transfer-Encoding: quoted-printable\n\n<a href=3D\"https://websupport-br=\nand.fr/x\">\n",
			[]string{"header:brand.fr", "text-url:websupport-brand.fr"}},
		{"YAML is not a header block",
			"cdn: static.brand.fr\nmail: help@brand-help.fr\n",
			[]string{"text-host:static.brand.fr", "email:brand-help.fr"}},
		{"env file", "SMTP_HOST=smtp.brand-relay.com\nLEVEL=info\n", []string{"text-host:smtp.brand-relay.com"}},
		{"prose false positives", "Read readme.md and setup.py, ask user.name, see Node.js 1.2.3\n", nil},
		{"host glued to an identifier", "x_brand.com $brand.com {{brand.com}}\n", nil},
		{"URL with credentials is one reference", "https://key@o1.ingest.sentry.io/4\n", []string{"text-url:o1.ingest.sentry.io"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			refs, err := ExtractText(strings.NewReader(tc.in), "t.txt")
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range refs {
				checkRef(t, r)
			}
			if got := hosts(refs); !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestScanPathsGolden(t *testing.T) {
	refs, err := ScanPaths(context.Background(), []string{filepath.Join("testdata", "templates")})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range refs {
		checkRef(t, r)
	}
	goldenFile(t, "templates.golden", formatRefs(refs))
}

func TestScanPaths(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site/a.html", `<a href="https://a-brand.com/">`)
	write("site/node_modules/x/i.js", `"https://dependency.com/"`)
	write("site/.git/config", "url = https://git-host.com/x\n")
	write("site/.cache/c.txt", "https://cache-host.com/\n")
	write("site/image.png", "https://png-host.com/\n")
	write("site/big.txt", strings.Repeat("x\n", MaxFileSize/2)+"https://past-the-cap.com/\n")
	write("template.tpl", "<html><body><form action=\"https://tpl-brand.com/\"></form>")
	write("notes", "write to help@notes-brand.com\n")

	tests := []struct {
		name  string
		paths []string
		want  []string
	}{
		{"walk skips dependencies, hidden directories and other extensions, and reads big files whole",
			[]string{filepath.Join(dir, "site")}, []string{"link:a-brand.com", "text-url:past-the-cap.com"}},
		{"a named file is read whatever its extension, as HTML when it looks like HTML",
			[]string{filepath.Join(dir, "template.tpl"), filepath.Join(dir, "notes")},
			[]string{"form-action:tpl-brand.com", "email:notes-brand.com"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			refs, err := ScanPaths(context.Background(), tc.paths)
			if err != nil {
				t.Fatal(err)
			}
			if got := hosts(refs); !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}

	t.Run("missing path is an input error", func(t *testing.T) {
		_, err := ScanPaths(context.Background(), []string{filepath.Join(dir, "nope")})
		if !errors.Is(err, permute.ErrBadInput) {
			t.Errorf("err = %v, want ErrBadInput", err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := ScanPaths(ctx, []string{filepath.Join(dir, "site")}); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
}

func FuzzExtractText(f *testing.F) {
	for _, s := range []string{
		"From: a@b.fr\nContent-Transfer-Encoding: quoted-printable\n\nhttps://x.com/=\n=3D\n",
		"k: v\n\n x", "=\n=", "host=api.brand.com:8080/x\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		refs, err := ExtractText(strings.NewReader(s), "f.txt")
		if err != nil {
			t.Fatalf("a strings.Reader cannot fail, yet: %v", err)
		}
		for _, r := range refs {
			checkRef(t, r)
		}
	})
}
