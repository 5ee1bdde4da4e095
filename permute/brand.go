package permute

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/lookalike/lookalike/names"
)

// ErrBadInput is wrapped by every error that blames the caller's input; the CLI
// maps it to exit status 2.
var ErrBadInput = errors.New("bad input")

// InputError names the input that was rejected and says what to fix.
type InputError struct {
	Input string
	Msg   string
}

func (e *InputError) Error() string { return fmt.Sprintf("%q: %s", e.Input, e.Msg) }

// Unwrap lets errors.Is(err, ErrBadInput) hold.
func (e *InputError) Unwrap() error { return ErrBadInput }

func badInput(in, format string, args ...any) error {
	return &InputError{Input: in, Msg: fmt.Sprintf(format, args...)}
}

// Brand is a parsed brand domain.
type Brand struct {
	// Input is the text as the user gave it.
	Input string
	// Domain is the registrable domain, A-label: "airfrance.fr", "hsbc.co.uk".
	Domain string
	// Label is the registrable label, A-label: "airfrance", "xn--irfrance-yya".
	Label string
	// ULabel is Label in Unicode: "àirfrance".
	ULabel string
	// Suffix is the ICANN public suffix, A-label: "fr", "co.uk".
	Suffix string
	// Subdomain is what stood left of the registrable domain ("www"), if anything.
	Subdomain string
	// Terms are the brand's products and sub-brands ("icloud", "appleid" for
	// apple.com), lower-case labels: generation treats each like the brand's
	// label in typos, lookalikes, combos and TLD products. ParseBrandLine
	// reads them from a --brands line.
	Terms []string
}

// TLD returns the last label of the suffix: "uk" for "co.uk".
func (b Brand) TLD() string { return names.LastLabel(b.Suffix) }

// ParseBrand accepts a domain in any form an analyst pastes — "AirFrance.FR",
// "https://www.airfrance.fr/fr/remboursement", "airfrance.fr.", "àirfrance.fr",
// "xn--irfrance-yya.fr" — and splits it into registrable label and public suffix.
// Errors wrap ErrBadInput and say what is wrong.
func ParseBrand(input string) (Brand, error) {
	host, err := hostOf(input)
	if err != nil {
		return Brand{}, err
	}
	ascii, err := names.Registration.ToASCII(host)
	if err != nil {
		return Brand{}, describeIDNAError(input, host, err)
	}
	ascii = strings.ToLower(ascii)
	if err := checkLengths(input, ascii); err != nil {
		return Brand{}, err
	}
	if !strings.Contains(ascii, ".") {
		return Brand{}, badInput(input, "is a single label; give the brand's domain with its suffix, such as %s.com", ascii)
	}
	reg, suffix, ok := names.Registrable(ascii)
	if !ok {
		if names.IsPublicSuffix(ascii) {
			return Brand{}, badInput(input, "is a public suffix, not a brand's domain; give a name registered under it, such as example.%s", ascii)
		}
		return Brand{}, badInput(input, "has no known top-level domain (.%s); check the spelling", names.LastLabel(ascii))
	}
	b := Brand{Input: input, Suffix: suffix, Domain: reg, Label: names.Label(reg, suffix)}
	if ascii != reg {
		b.Subdomain = strings.TrimSuffix(ascii, "."+reg)
	}
	b.ULabel = names.ToUnicode(b.Label)
	return b, nil
}

// hostOf takes the host out of whatever was pasted: URL, host:port, trailing dot.
func hostOf(input string) (string, error) {
	s := strings.TrimSpace(input)
	if !utf8.ValidString(s) {
		return "", badInput(input, "is not valid UTF-8 text; check the file's encoding")
	}
	if s == "" {
		return "", badInput(input, "is empty; give a domain such as example.com")
	}
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			return "", badInput(input, "is not a URL a domain can be read from")
		}
		s = u.Hostname()
	} else {
		if i := strings.IndexAny(s, "/?#"); i >= 0 {
			s = s[:i]
		}
		if at := strings.LastIndexByte(s, '@'); at >= 0 {
			if strings.HasPrefix(strings.ToLower(s), "mailto:") || at > 0 {
				return "", badInput(input, "is an e-mail address; did you mean the domain after @ (%s)?", s[at+1:])
			}
		}
		if h, _, err := net.SplitHostPort(s); err == nil {
			s = h
		}
	}
	s = strings.Trim(s, "[]")
	if _, err := netip.ParseAddr(s); err == nil {
		return "", badInput(input, "is an IP address; lookalike needs the brand's domain name")
	}
	s = strings.TrimSuffix(s, ".")
	if s == "" {
		return "", badInput(input, "holds no domain name")
	}
	if strings.HasPrefix(s, ".") || strings.Contains(s, "..") {
		return "", badInput(input, "has an empty label (two dots in a row, or a leading dot)")
	}
	return s, nil
}

func checkLengths(input, ascii string) error {
	if len(ascii) > names.MaxNameLen {
		return badInput(input, "is %d octets long; a domain name holds at most %d", len(ascii), names.MaxNameLen)
	}
	for _, l := range strings.Split(ascii, ".") {
		if len(l) > names.MaxLabelLen {
			return badInput(input, "has a label of %d octets (%.20s…); a label holds at most %d", len(l), l, names.MaxLabelLen)
		}
	}
	return nil
}

func describeIDNAError(input, host string, err error) error {
	for _, l := range strings.Split(host, ".") {
		if len(l) > names.MaxLabelLen && names.IsASCII(l) {
			return badInput(input, "has a label of %d octets (%.20s…); a label holds at most %d", len(l), l, names.MaxLabelLen)
		}
	}
	if len(host) > names.MaxNameLen && names.IsASCII(host) {
		return badInput(input, "is %d octets long; a domain name holds at most %d", len(host), names.MaxNameLen)
	}
	for _, r := range host {
		if r < 0x80 && !names.IsLDH(byte(r)) && r != '.' {
			return badInput(input, "holds %q, a character no domain name may hold (letters, digits and hyphens only)", r)
		}
	}
	return badInput(input, "is not a valid domain name under IDNA2008 (%v)", err)
}

// Registrable is names.Registrable, kept while callers move to package names.
//
// Deprecated: use names.Registrable.
func Registrable(name string) (domain, suffix string, ok bool) { return names.Registrable(name) }

// ParseName reads one name of a candidate list (any case, Unicode or A-label,
// trailing dot allowed) into a Candidate of brand. Errors wrap ErrBadInput.
func ParseName(s, brand string) (Candidate, error) {
	host, err := hostOf(s)
	if err != nil {
		return Candidate{}, err
	}
	ascii, err := names.Registration.ToASCII(host)
	if err != nil {
		return Candidate{}, describeIDNAError(s, host, err)
	}
	ascii = strings.ToLower(ascii)
	if err := checkLengths(s, ascii); err != nil {
		return Candidate{}, err
	}
	if _, _, ok := names.Registrable(ascii); !ok {
		return Candidate{}, badInput(s, "is not under a known public suffix, or is a suffix itself")
	}
	return Candidate{Domain: ascii, Unicode: names.ToUnicode(ascii), Fuzzers: listFuzzers, Brand: brand, Unavailable: Unsellable(ascii)}, nil
}

// listFuzzers credits names read from a --candidates file.
var listFuzzers = []string{"list"}
