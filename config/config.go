package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/report"
	"github.com/spf13/pflag"
)

// Config is what a nightly job needs. Every key is optional; see example.yaml
// for what each means. A key stands for the command-line flag of the same
// name (underscores for hyphens: no_progress is --no-progress; brands_file
// is --brands, notify.webhook is --notify-webhook, notify.email.to is
// --notify-email), so a key exists exactly when the flag does, and the
// flag's own value checks every value the file gives it (Apply). Brands,
// Outputs and Notify.Email have no flag: the command reads them from here.
type Config struct {
	// Brands are scanned when the command line names none.
	Brands  List     `yaml:"brands"`
	Outputs []Output `yaml:"outputs"`
	Notify  Notify   `yaml:"notify"`

	settings []setting // flag keys, in file order
	path     string
	lines    map[string]int // key path ("notify.email.to") → line, for keys given a value
}

// setting is one flag key of the file, its values as written.
type setting struct {
	key, flag string
	values    []string
}

// Output is one results file written by a run.
type Output struct {
	Path string `yaml:"path"`
	// Format is one of report.Formats; empty means the --format in effect.
	Format string `yaml:"format"`
}

// Notify holds where changes are sent.
type Notify struct {
	Webhook string `yaml:"webhook"`
	Email   *Email `yaml:"email"`
}

// Email is an SMTP account to send the change listing through.
type Email struct {
	// SMTP is the server as host:port (465: TLS at once; others: STARTTLS
	// when offered).
	SMTP     string `yaml:"smtp"`
	From     string `yaml:"from"`
	To       List   `yaml:"to"`
	Username string `yaml:"username"`
	// PasswordEnv names the environment variable holding the password, so
	// that the file holds no secret.
	PasswordEnv string `yaml:"password_env"`
}

// Password reads the password from the environment variable PasswordEnv
// names ("" when no username is set).
func (e *Email) Password() (string, error) {
	if e.Username == "" {
		return "", nil
	}
	if e.PasswordEnv == "" {
		return "", fmt.Errorf("notify.email: username %q needs password_env, the environment variable that holds the password", e.Username)
	}
	p, ok := os.LookupEnv(e.PasswordEnv)
	if !ok || p == "" {
		return "", fmt.Errorf("notify.email.password_env: $%s is empty or unset; set it in the job's environment", e.PasswordEnv)
	}
	return p, nil
}

// List is a list of strings written either as a YAML sequence or as one
// comma-separated string, as on the command line ("tlds: com,net" or
// "tlds: [com, net]").
type List []string

// UnmarshalYAML accepts a sequence of scalars or one scalar.
func (l *List) UnmarshalYAML(n *yaml.Node) error {
	var raw []string
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			*l = nil
			return nil
		}
		raw = strings.Split(n.Value, ",")
	case yaml.SequenceNode:
		if err := n.Decode(&raw); err != nil {
			return err
		}
	default:
		return fmt.Errorf("line %d: want a list or a comma-separated string", n.Line)
	}
	out := List{}
	for _, s := range raw {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	*l = out
	return nil
}

// Load reads the configuration file at path for the command whose flags are
// fs.
func Load(path string, fs *pflag.FlagSet) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return Parse(data, path, fs)
}

// Parse reads a configuration from data for the command whose flags are fs;
// name is used in error messages ("name:line: ..."). A key that is neither
// one of fs's flags nor read by the command is an error, with the line and
// the nearest known key.
func Parse(data []byte, name string, fs *pflag.FlagSet) (*Config, error) {
	c := &Config{path: name, lines: map[string]int{}}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return c, nil // an empty file configures nothing
		}
		return nil, c.yamlErr(err)
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: holds more than one YAML document; keep one", name)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return c, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: want a mapping of keys (brands:, tlds:, ...) at the top", name, root.Line)
	}
	w := walker{file: name, lines: c.lines, seen: map[walkKey]bool{}}
	if err := c.split(root, fs, w); err != nil {
		return nil, err
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// yamlErr puts the file name before yaml.v3's "line N:" messages.
func (c *Config) yamlErr(err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		var msgs []string
		for _, e := range te.Errors {
			msgs = append(msgs, c.path+":"+strings.TrimPrefix(e, "line "))
		}
		return errors.New(strings.Join(msgs, "\n"))
	}
	return fmt.Errorf("%s: %s", c.path, strings.TrimPrefix(err.Error(), "yaml: "))
}

// Has reports whether the file gave key (a path such as "rate" or
// "notify.email.to") a value. A key written with no value (null) is not set.
func (c *Config) Has(key string) bool {
	_, ok := c.lines[key]
	return ok
}

// Value returns the values the file gives a flag key, as written.
func (c *Config) Value(key string) ([]string, bool) {
	for _, s := range c.settings {
		if s.key == key {
			return s.values, true
		}
	}
	return nil, false
}

// Path is the file the configuration came from.
func (c *Config) Path() string { return c.path }

// at formats "file:line: key" for a message about key.
func (c *Config) at(key string) string {
	if l, ok := c.lines[key]; ok {
		return fmt.Sprintf("%s:%d: %s", c.path, l, key)
	}
	return c.path + ": " + key
}

func (c *Config) validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{c.at(key)}, args...)...))
	}
	paths := map[string]int{}
	for i, o := range c.Outputs {
		if strings.TrimSpace(o.Path) == "" {
			bad("outputs", "entry %d has no path", i+1)
		} else if j, dup := paths[filepath.Clean(o.Path)]; dup {
			bad("outputs", "entries %d and %d both write %s: give each output its own file", j, i+1, o.Path)
		} else {
			paths[filepath.Clean(o.Path)] = i + 1
		}
		if o.Format != "" {
			if _, err := report.ParseFormat(o.Format); err != nil {
				bad("outputs", "entry %d (%s): %v", i+1, o.Path, err)
			}
		}
	}
	if w := c.Notify.Webhook; w != "" {
		u, err := url.Parse(w)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			// The URL is a secret: do not echo it.
			bad("notify.webhook", "want an http or https URL")
		}
	}
	if e := c.Notify.Email; e != nil {
		if _, port, err := net.SplitHostPort(e.SMTP); err != nil || port == "" {
			bad("notify.email.smtp", "%q: want host:port, such as smtp.example.com:587", e.SMTP)
		}
		if _, err := mail.ParseAddress(e.From); err != nil {
			bad("notify.email.from", "%q: %v", e.From, err)
		}
		if len(e.To) == 0 {
			bad("notify.email.to", "give at least one recipient")
		}
		for _, t := range e.To {
			if _, err := mail.ParseAddress(t); err != nil {
				bad("notify.email.to", "%q: %v", t, err)
			}
		}
		if e.Username != "" && e.PasswordEnv == "" {
			bad("notify.email.password_env", "username is set: name the environment variable that holds the password")
		}
	}
	return errors.Join(errs...)
}

// walker checks every mapping key of the document against the yaml tags of
// the Config types, and records where each key was set.
type walker struct {
	file  string
	lines map[string]int
	seen  map[walkKey]bool // aliases: check each node once per type
}

type walkKey struct {
	n *yaml.Node
	t reflect.Type
}

func (w walker) check(n *yaml.Node, t reflect.Type, prefix string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil || w.seen[walkKey{n.Alias, t}] {
			return nil
		}
		w.seen[walkKey{n.Alias, t}] = true
		return w.check(n.Alias, t, prefix)
	}
	switch {
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "<<" && k.Tag == "!!merge" {
				if err := w.checkMerge(v, t, prefix); err != nil {
					return err
				}
				continue
			}
			f, ok := fieldByKey(t, k.Value)
			if !ok {
				return w.unknown(k, t, prefix)
			}
			key := prefix + k.Value
			if !(v.Kind == yaml.ScalarNode && v.Tag == "!!null") {
				w.lines[key] = k.Line
			}
			if err := w.check(v, f.Type, key+"."); err != nil {
				return err
			}
		}
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct && n.Kind == yaml.SequenceNode:
		for _, item := range n.Content {
			if err := w.check(item, t.Elem(), prefix); err != nil {
				return err
			}
		}
	}
	// Anything else is a value: yaml's decoder checks its type.
	return nil
}

func (w walker) checkMerge(v *yaml.Node, t reflect.Type, prefix string) error {
	if v.Kind == yaml.SequenceNode {
		for _, m := range v.Content {
			if err := w.check(m, t, prefix); err != nil {
				return err
			}
		}
		return nil
	}
	return w.check(v, t, prefix)
}

func (w walker) unknown(k *yaml.Node, t reflect.Type, prefix string) error {
	known := keysOf(t)
	msg := fmt.Sprintf("%s:%d: unknown key %q", w.file, k.Line, prefix+k.Value)
	if s := nearest(k.Value, known); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", prefix+s)
	} else {
		msg += fmt.Sprintf(" (known here: %s)", strings.Join(known, ", "))
	}
	return errors.New(msg)
}

// fieldByKey finds the field whose yaml tag is key.
func fieldByKey(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); name == key && f.IsExported() {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func keysOf(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

func typeOf(v any) reflect.Type { return reflect.TypeOf(v).Elem() }

// nearest returns the known key closest to key, if it is close enough to be a
// typo (at most a third of its letters wrong).
func nearest(key string, known []string) string {
	if len(key) > 64 {
		return "" // not a typo of any key
	}
	best, bestD := "", len(key)/3+1
	for _, k := range known {
		if d := names.EditDistance(key, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}
