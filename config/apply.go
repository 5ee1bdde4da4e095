package config

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
)

// Binding ties a configuration key to the flag it stands for.
type Binding struct {
	Key  string // key path in the file
	Flag string // flag name, without dashes
	// value renders the key's value as the flag's value(s): one string for a
	// scalar flag, the elements of a list.
	value func(c *Config) []string
	list  bool
}

func str(f func(c *Config) string) func(*Config) []string {
	return func(c *Config) []string { return []string{f(c)} }
}

func list(f func(c *Config) List) func(*Config) []string {
	return func(c *Config) []string { return []string(f(c)) }
}

func boolean(f func(c *Config) bool) func(*Config) []string {
	return func(c *Config) []string { return []string{strconv.FormatBool(f(c))} }
}

func integer(f func(c *Config) int) func(*Config) []string {
	return func(c *Config) []string { return []string{strconv.Itoa(f(c))} }
}

// bindings is the table of keys that stand for a flag. brands, outputs and
// notify.email (but its recipients) have no flag: the command reads them from
// the Config.
var bindings = []Binding{
	{Key: "brands_file", Flag: "brands", value: str(func(c *Config) string { return c.BrandsFile })},
	{Key: "fuzzers", Flag: "fuzzers", value: list(func(c *Config) List { return c.Fuzzers }), list: true},
	{Key: "keywords", Flag: "keywords", value: list(func(c *Config) List { return c.Keywords }), list: true},
	{Key: "no_default_keywords", Flag: "no-default-keywords", value: boolean(func(c *Config) bool { return c.NoDefaultKeywords })},
	{Key: "tlds", Flag: "tlds", value: list(func(c *Config) List { return c.TLDs }), list: true},
	{Key: "dictionary", Flag: "dictionary", value: str(func(c *Config) string { return c.Dictionary })},
	{Key: "layouts", Flag: "layouts", value: list(func(c *Config) List { return c.Layouts }), list: true},
	{Key: "keyword_pairs", Flag: "keyword-pairs", value: boolean(func(c *Config) bool { return c.KeywordPairs })},
	{Key: "keywords_all_tlds", Flag: "keywords-all-tlds", value: boolean(func(c *Config) bool { return c.KeywordsAllTLDs })},
	{Key: "candidates", Flag: "candidates", value: str(func(c *Config) string { return c.Candidates })},
	{Key: "portfolio", Flag: "portfolio", value: str(func(c *Config) string { return c.Portfolio })},
	{Key: "owner_ns", Flag: "owner-ns", value: list(func(c *Config) List { return c.OwnerNS }), list: true},
	{Key: "owner_mx", Flag: "owner-mx", value: list(func(c *Config) List { return c.OwnerMX }), list: true},
	{Key: "resolvers", Flag: "resolvers", value: list(func(c *Config) List { return c.Resolvers }), list: true},
	{Key: "rate", Flag: "rate", value: str(func(c *Config) string { return strconv.FormatFloat(c.Rate, 'g', -1, 64) })},
	{Key: "concurrency", Flag: "concurrency", value: integer(func(c *Config) int { return c.Concurrency })},
	{Key: "timeout", Flag: "timeout", value: str(func(c *Config) string { return c.Timeout.String() })},
	{Key: "retries", Flag: "retries", value: integer(func(c *Config) int { return c.Retries })},
	{Key: "records_via", Flag: "records-via", value: str(func(c *Config) string { return c.RecordsVia })},
	{Key: "rdap", Flag: "rdap", value: boolean(func(c *Config) bool { return c.RDAP })},
	{Key: "rdap_rate", Flag: "rdap-rate", value: str(func(c *Config) string {
		if c.RDAPRate == 0 {
			return ""
		}
		return strconv.FormatFloat(c.RDAPRate, 'g', -1, 64)
	})},
	{Key: "rdap_min_risk", Flag: "rdap-min-risk", value: str(func(c *Config) string {
		if c.RDAPMinRisk == nil {
			return ""
		}
		return strconv.Itoa(*c.RDAPMinRisk)
	})},
	{Key: "explain", Flag: "explain", value: boolean(func(c *Config) bool { return c.Explain })},
	{Key: "rdap_bootstrap", Flag: "rdap-bootstrap", value: str(func(c *Config) string { return c.RDAPBootstrap })},
	{Key: "state", Flag: "state", value: str(func(c *Config) string { return c.State })},
	{Key: "changes_only", Flag: "changes-only", value: boolean(func(c *Config) bool { return c.ChangesOnly })},
	{Key: "format", Flag: "format", value: str(func(c *Config) string { return c.Format })},
	{Key: "status", Flag: "status", value: list(func(c *Config) List { return c.Status }), list: true},
	{Key: "top", Flag: "top", value: integer(func(c *Config) int { return c.Top })},
	{Key: "registrar_csv", Flag: "registrar-csv", value: str(func(c *Config) string { return c.RegistrarCSV })},
	{Key: "no_progress", Flag: "no-progress", value: boolean(func(c *Config) bool { return c.NoProgress })},
	{Key: "notify.webhook", Flag: "notify-webhook", value: str(func(c *Config) string { return c.Notify.Webhook })},
	{Key: "notify.email.to", Flag: "notify-email", value: func(c *Config) []string {
		if c.Notify.Email == nil {
			return nil
		}
		return c.Notify.Email.To
	}, list: true},
}

// Bindings lists the keys that stand for a flag, in file order.
func Bindings() []Binding { return append([]Binding(nil), bindings...) }

// Apply sets every flag of fs that the file gives a value and the command
// line did not: the command line wins. Keys whose flag this command does not
// have are skipped (one file serves generate and scan). A flag set here
// reads as Changed afterwards.
//
// A list goes to a slice flag (pflag's StringSlice and the like) element by
// element, and to any other flag as one comma-separated value, as it would be
// typed.
func (c *Config) Apply(fs *pflag.FlagSet) error {
	for _, b := range bindings {
		if !c.Has(b.Key) {
			continue
		}
		f := fs.Lookup(b.Flag)
		if f == nil || f.Changed {
			continue
		}
		vals := b.value(c)
		if sv, ok := f.Value.(pflag.SliceValue); ok && b.list {
			if err := sv.Replace(vals); err != nil {
				return fmt.Errorf("%s: %w (flag --%s)", c.at(b.Key), err, b.Flag)
			}
			f.Changed = true
			continue
		}
		if err := fs.Set(b.Flag, strings.Join(vals, ",")); err != nil {
			return fmt.Errorf("%s: %w (flag --%s)", c.at(b.Key), err, b.Flag)
		}
	}
	return nil
}
