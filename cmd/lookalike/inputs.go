package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/lookalike/lookalike/internal/lines"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/scan"
	"github.com/lookalike/lookalike/wordlists"
	"github.com/spf13/pflag"
)

// genFlags are the generator's flags, shared by generate and scan.
type genFlags struct {
	brandsFile string
	spec       scan.GeneratorSpec
}

func (g *genFlags) register(fs *pflag.FlagSet) {
	sw := &g.spec.Switches
	fs.StringVar(&g.brandsFile, "brands", "", "read brands from `FILE`, one a line (# starts a comment)")
	fs.StringVar(&g.spec.Fuzzers, "fuzzers", "", "comma-separated `LIST` of fuzzers to run, or all (default: the default set; see 'lookalike generate --help')")
	fs.StringSliceVar(&g.spec.Keywords, "keywords", nil, "keyword `LANG|FILE`s for combos: languages ("+strings.Join(wordlists.KeywordLanguages(), ",")+",all) and/or files of words, one a line")
	fs.BoolVar(&sw.NoDefaultKeywords, "no-default-keywords", false, "leave out the embedded keyword lists (keep --keywords files)")
	fs.StringVar(&g.spec.TLDs, "tlds", "", "TLD-swap set: comma-separated `LIST|FILE`, or all (default: the embedded set)")
	fs.StringVar(&g.spec.Dictionary, "dictionary", "", "words for the dnstwist-compatible dictionary fuzzer, from `FILE`")
	fs.StringVar(&g.spec.Layouts, "layouts", "", "keyboard layouts, comma-separated (default: "+strings.Join(wordlists.Layouts(), ",")+")")
	fs.BoolVar(&sw.KeywordPairs, "keyword-pairs", false, "also combine the brand with two core keywords at once (a large sweep)")
	fs.BoolVar(&sw.AllKeywordsAllTLDs, "keywords-all-tlds", false, "put every keyword combo, not only the core ones, under every swapped TLD (a large sweep)")
	fs.StringVar(&g.spec.Terms, "terms", "", "products and sub-brands treated like the brand's label (`LIST`: icloud,appleid); a --brands line may name its own after the domain")
	fs.BoolVar(&sw.NoAbusedTLDs, "no-abused-tlds", false, "leave typos and lookalikes out of the cheap TLDs abuse reports name most")
	fs.BoolVar(&sw.SellableOnly, "sellable-only", false, "leave out names the registry does not sell today (grandfathered IDN homographs)")
}

// options turns the flags into permute.Options, reading the files they
// name; the spec's errors start with the option's name.
func (g *genFlags) options() (permute.Options, error) {
	o, err := g.spec.Options()
	switch {
	case errors.Is(err, permute.ErrBadInput):
		return o, usagef("--%v", err)
	case err != nil:
		return o, fmt.Errorf("--%w", err)
	}
	return o, nil
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
	r, done, err := lines.Open(path, e.stdin)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, nil, usagef("%s %s: no such file", flag, path)
	case err != nil:
		return nil, nil, fmt.Errorf("%s %s: %w", flag, path, err)
	}
	return r, done, nil
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
