package scan

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/lookalike/lookalike/internal/lines"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/wordlists"
)

// GeneratorSpec is the generator as a command line or a config file gives it:
// comma-separated lists, and words that name either a built-in list or a
// file of words. Options reads the files it names; the switches are taken
// as they are.
type GeneratorSpec struct {
	// Switches holds the options that need no reading (NoDefaultKeywords,
	// KeywordPairs, AllKeywordsAllTLDs, NoAbusedTLDs, SellableOnly).
	Switches permute.Options
	// Fuzzers and Layouts are comma-separated names ("all" for every
	// fuzzer); Terms comma-separated brand terms.
	Fuzzers, Layouts, Terms string
	// Keywords are keyword languages (en, fr, all) or files of words, one a
	// line.
	Keywords []string
	// TLDs is a comma-separated list, "all", or a file of suffixes.
	TLDs string
	// Dictionary is a file of words for the dictionary fuzzer.
	Dictionary string
}

// Options turns the spec into permute.Options, reading the files it names. Each
// error starts with the option it is about (keywords, tlds, dictionary,
// terms); a file that does not exist, or a bad term, wraps permute.ErrBadInput.
func (s GeneratorSpec) Options() (permute.Options, error) {
	o := s.Switches
	o.Fuzzers, o.Layouts = lines.Split(s.Fuzzers), lines.Split(s.Layouts)
	o.Languages, o.Keywords, o.TLDs, o.Dictionary, o.Terms = nil, nil, nil, nil, nil
	if s.Terms != "" {
		terms, err := permute.ParseTerms(s.Terms)
		if err != nil {
			return o, fmt.Errorf("terms: %w", err)
		}
		o.Terms = terms
	}
	langs := wordlists.KeywordLanguages()
	for _, k := range s.Keywords {
		k = strings.TrimSpace(k)
		switch {
		case k == "":
		case k == "all" || slices.Contains(langs, strings.ToLower(k)):
			o.Languages = append(o.Languages, strings.ToLower(k))
		default:
			words, err := readWords("keywords", k)
			if err != nil {
				return o, err
			}
			o.Keywords = append(o.Keywords, words...)
		}
	}
	if s.TLDs != "" {
		if st, err := os.Stat(s.TLDs); err == nil && !st.IsDir() {
			words, err := readWords("tlds", s.TLDs)
			if err != nil {
				return o, err
			}
			o.TLDs = words
		} else {
			o.TLDs = lines.Split(s.TLDs)
		}
	}
	if s.Dictionary != "" {
		words, err := readWords("dictionary", s.Dictionary)
		if err != nil {
			return o, err
		}
		o.Dictionary = words
	}
	return o, nil
}

// readWords reads a word file for option opt.
func readWords(opt, path string) ([]string, error) {
	words, err := lines.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, specError(fmt.Sprintf("%s %s: no such file (give a file, or a list the option accepts)", opt, path))
	case err != nil:
		return nil, fmt.Errorf("%s %s: %w", opt, path, err)
	}
	return words, nil
}

// specError is a GeneratorSpec's bad input: what to fix, with the option first.
type specError string

func (e specError) Error() string { return string(e) }
func (e specError) Unwrap() error { return permute.ErrBadInput }
