package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/lookalike/lookalike/internal/lines"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/scan"
	"github.com/lookalike/lookalike/wordlists"
	"github.com/spf13/pflag"
)

// genFlags are the generator's flags, shared by generate and scan.
type genFlags struct {
	brandsFile        string
	fuzzers           string
	keywords          []string
	noDefaultKeywords bool
	tlds              string
	dictionary        string
	layouts           string
	keywordPairs      bool
	keywordsAllTLDs   bool
	terms             string
	noAbusedTLDs      bool
	sellableOnly      bool
}

func (g *genFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&g.brandsFile, "brands", "", "read brands from `FILE`, one a line (# starts a comment)")
	fs.StringVar(&g.fuzzers, "fuzzers", "", "comma-separated `LIST` of fuzzers to run, or all (default: the default set; see 'lookalike generate --help')")
	fs.StringSliceVar(&g.keywords, "keywords", nil, "keyword `LANG|FILE`s for combos: languages ("+strings.Join(wordlists.KeywordLanguages(), ",")+",all) and/or files of words, one a line")
	fs.BoolVar(&g.noDefaultKeywords, "no-default-keywords", false, "leave out the embedded keyword lists (keep --keywords files)")
	fs.StringVar(&g.tlds, "tlds", "", "TLD-swap set: comma-separated `LIST|FILE`, or all (default: the embedded set)")
	fs.StringVar(&g.dictionary, "dictionary", "", "words for the dnstwist-compatible dictionary fuzzer, from `FILE`")
	fs.StringVar(&g.layouts, "layouts", "", "keyboard layouts, comma-separated (default: "+strings.Join(wordlists.Layouts(), ",")+")")
	fs.BoolVar(&g.keywordPairs, "keyword-pairs", false, "also combine the brand with two core keywords at once (a large sweep)")
	fs.BoolVar(&g.keywordsAllTLDs, "keywords-all-tlds", false, "put every keyword combo, not only the core ones, under every swapped TLD (a large sweep)")
	fs.StringVar(&g.terms, "terms", "", "products and sub-brands treated like the brand's label (`LIST`: icloud,appleid); a --brands line may name its own after the domain")
	fs.BoolVar(&g.noAbusedTLDs, "no-abused-tlds", false, "leave typos and lookalikes out of the cheap TLDs abuse reports name most")
	fs.BoolVar(&g.sellableOnly, "sellable-only", false, "leave out names the registry does not sell today (grandfathered IDN homographs)")
}

// options turns the flags into permute.Options, reading the files they name.
func (g *genFlags) options() (permute.Options, error) {
	var o permute.Options
	o.Fuzzers = splitList(g.fuzzers)
	o.NoDefaultKeywords = g.noDefaultKeywords
	o.KeywordPairs = g.keywordPairs
	o.AllKeywordsAllTLDs = g.keywordsAllTLDs
	o.Layouts = splitList(g.layouts)
	o.NoAbusedTLDs, o.SellableOnly = g.noAbusedTLDs, g.sellableOnly
	if g.terms != "" {
		terms, err := permute.ParseTerms(g.terms)
		if err != nil {
			return o, usagef("--terms: %v", err)
		}
		o.Terms = terms
	}
	langs := wordlists.KeywordLanguages()
	for _, k := range g.keywords {
		k = strings.TrimSpace(k)
		switch {
		case k == "":
		case k == "all" || slices.Contains(langs, strings.ToLower(k)):
			o.Languages = append(o.Languages, strings.ToLower(k))
		default:
			words, err := readLines(k, "--keywords")
			if err != nil {
				return o, err
			}
			o.Keywords = append(o.Keywords, words...)
		}
	}
	if g.tlds != "" {
		if fileExists(g.tlds) {
			lines, err := readLines(g.tlds, "--tlds")
			if err != nil {
				return o, err
			}
			o.TLDs = lines
		} else {
			o.TLDs = splitList(g.tlds)
		}
	}
	if g.dictionary != "" {
		words, err := readLines(g.dictionary, "--dictionary")
		if err != nil {
			return o, err
		}
		o.Dictionary = words
	}
	return o, nil
}

func splitList(s string) []string {
	var out []string
	for p := range strings.SplitSeq(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// readLines reads a word file: one entry a line, blank lines and # comments
// skipped. A file that does not exist is a usage error naming the flag.
func readLines(path, flag string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, usagef("%s %s: no such file (give a file, or a list the flag accepts)", flag, path)
		}
		return nil, fmt.Errorf("%s %s: %w", flag, path, err)
	}
	defer f.Close()
	var out []string
	if err := lines.Each(f, func(_ int, e string) bool { out = append(out, e); return true }); err != nil {
		return nil, fmt.Errorf("%s %s: %w", flag, path, err)
	}
	return out, nil
}

// brandList parses the brands from the arguments (all must be good: a bad one
// is exit 2 before anything is written) and from --brands FILE (a bad line is
// printed with its number and skipped, so the good lines are not lost; the
// run still ends with exit 2, through lineErrors).
func brandList(e *env, args []string, file string) ([]permute.Brand, *scan.LineErrors, error) {
	if len(args) == 0 && file == "" {
		return nil, nil, nil
	}
	var r io.Reader
	if file != "" {
		f, closeF, err := openInput(e, file, "--brands")
		if err != nil {
			return nil, nil, err
		}
		defer closeF()
		r = f
	}
	brands, bad, err := scan.ReadBrands(args, r, file)
	if err != nil {
		return nil, nil, err
	}
	for _, le := range bad.First {
		fmt.Fprintln(e.stderr, "lookalike:", le)
	}
	return brands, &bad, nil
}

// openInput opens an input file a flag names; "-" is standard input.
func openInput(e *env, path, flag string) (io.Reader, func(), error) {
	if path == "-" {
		return e.stdin, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil, usagef("%s %s: no such file", flag, path)
		}
		return nil, nil, fmt.Errorf("%s %s: %w", flag, path, err)
	}
	return f, func() { f.Close() }, nil
}

// lineErrors turns skipped input lines into the run's exit status 2, after
// the good lines were done.
func lineErrors(bad *scan.LineErrors) error {
	if bad == nil {
		return nil
	}
	if err := bad.Err(); err != nil {
		return usagef("%v", err)
	}
	return nil
}
