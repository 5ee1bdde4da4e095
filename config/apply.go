package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"
)

// keyOfFlag names the keys that are not the flag's name with underscores.
var keyOfFlag = map[string]string{
	"brands":         "brands_file", // "brands" is the list of brands itself
	"notify-webhook": "notify.webhook",
	"notify-email":   "notify.email.to",
}

// notInFile are flags a file cannot set: --config itself, --help, and -o
// (a file's results go to its outputs list).
var notInFile = map[string]bool{"help": true, "config": true, "output": true}

// KeyOf returns the configuration key that stands for a flag, or "" for a
// flag that a file cannot set. Hidden flags (those only test worlds use)
// have no key either: Keys and Parse leave them out.
func KeyOf(flag string) string {
	if notInFile[flag] {
		return ""
	}
	if k, ok := keyOfFlag[flag]; ok {
		return k
	}
	return strings.ReplaceAll(flag, "-", "_")
}

// ownKeys are the keys the command reads itself: they have no flag.
var ownKeys = []string{"brands", "outputs", "outputs.path", "outputs.format", "notify", "notify.email",
	"notify.email.smtp", "notify.email.from", "notify.email.username", "notify.email.password_env"}

// Keys lists every key a configuration for the command with flags fs may
// hold: the command's own keys, then one for each flag, sorted.
func Keys(fs *pflag.FlagSet) []string {
	out := slices.Clone(ownKeys)
	fs.VisitAll(func(f *pflag.Flag) {
		if k := KeyOf(f.Name); k != "" && !f.Hidden {
			out = append(out, k)
		}
	})
	slices.Sort(out)
	return slices.Compact(out)
}

// flagKeys maps each settable key of fs to its flag.
func flagKeys(fs *pflag.FlagSet) map[string]string {
	m := map[string]string{}
	fs.VisitAll(func(f *pflag.Flag) {
		if k := KeyOf(f.Name); k != "" && !f.Hidden {
			m[k] = f.Name
		}
	})
	return m
}

// split reads the top-level mapping: the command's own keys are decoded into
// c, every other key must stand for one of fs's flags and is kept as written
// for Apply.
func (c *Config) split(root *yaml.Node, fs *pflag.FlagSet, w walker) error {
	flags := flagKeys(fs)
	seen := map[string]int{}
	var walk func(m *yaml.Node) error
	walk = func(m *yaml.Node) error {
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			if k.Value == "<<" && k.Tag == "!!merge" {
				if v.Kind == yaml.AliasNode && v.Alias != nil {
					v = v.Alias
				}
				if v.Kind == yaml.MappingNode {
					if err := walk(v); err != nil {
						return err
					}
				}
				continue
			}
			if l, dup := seen[k.Value]; dup {
				return fmt.Errorf("%s:%d: key %q given twice (first on line %d)", c.path, k.Line, k.Value, l)
			}
			seen[k.Value] = k.Line
			null := v.Kind == yaml.ScalarNode && v.Tag == "!!null"
			if !null {
				c.lines[k.Value] = k.Line
			}
			switch k.Value {
			case "brands":
				if err := v.Decode(&c.Brands); err != nil {
					return c.yamlErr(err)
				}
				continue
			case "outputs", "notify":
				if err := c.decodeOwn(k.Value, v, w, flags); err != nil {
					return err
				}
				continue
			}
			flag, ok := flags[k.Value]
			if !ok {
				return c.unknownKey(k, fs)
			}
			if null {
				continue
			}
			vals, err := scalars(v)
			if err != nil {
				return fmt.Errorf("%s:%d: %s: %v", c.path, k.Line, k.Value, err)
			}
			c.settings = append(c.settings, setting{key: k.Value, flag: flag, values: vals})
		}
		return nil
	}
	return walk(root)
}

// decodeOwn decodes outputs or notify, whose keys are checked against the
// Config types; notify's webhook and recipients stand for flags too.
func (c *Config) decodeOwn(key string, v *yaml.Node, w walker, flags map[string]string) error {
	holder := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: key, Tag: "!!str", Line: v.Line}, v}}
	var sub struct {
		Outputs []Output `yaml:"outputs"`
		Notify  Notify   `yaml:"notify"`
	}
	if err := w.check(holder, typeOf(&sub), ""); err != nil {
		return err
	}
	if err := holder.Decode(&sub); err != nil {
		return c.yamlErr(err)
	}
	if key == "outputs" {
		c.Outputs = sub.Outputs
		return nil
	}
	c.Notify = sub.Notify
	if c.Has("notify.webhook") {
		if flag, ok := flags["notify.webhook"]; ok {
			c.settings = append(c.settings, setting{key: "notify.webhook", flag: flag, values: []string{c.Notify.Webhook}})
		}
	}
	if c.Has("notify.email.to") && c.Notify.Email != nil {
		if flag, ok := flags["notify.email.to"]; ok {
			c.settings = append(c.settings, setting{key: "notify.email.to", flag: flag, values: c.Notify.Email.To})
		}
	}
	return nil
}

// scalars reads a flag key's value: a scalar, a comma-separated scalar or a
// sequence of scalars, as List does.
func scalars(v *yaml.Node) ([]string, error) {
	if v.Kind == yaml.AliasNode && v.Alias != nil {
		v = v.Alias
	}
	var l List
	if err := v.Decode(&l); err != nil {
		return nil, fmt.Errorf("want a value or a list of values")
	}
	return l, nil
}

func (c *Config) unknownKey(k *yaml.Node, fs *pflag.FlagSet) error {
	known := Keys(fs)
	var top []string
	for _, key := range known {
		if !strings.Contains(key, ".") {
			top = append(top, key)
		}
	}
	msg := fmt.Sprintf("%s:%d: unknown key %q", c.path, k.Line, k.Value)
	if s := nearest(k.Value, top); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	} else {
		msg += fmt.Sprintf(" (known here: %s)", strings.Join(top, ", "))
	}
	return fmt.Errorf("%s", msg)
}

// Apply sets every flag of fs that the file gives a value and the command
// line did not: the command line wins. The value goes through the flag's own
// Set, so the file is checked exactly as the command line is. A flag set
// here reads as Changed afterwards.
//
// A list goes to a slice flag (pflag's StringSlice and the like) element by
// element, and to any other flag as one comma-separated value, as it would be
// typed.
func (c *Config) Apply(fs *pflag.FlagSet) error {
	for _, s := range c.settings {
		f := fs.Lookup(s.flag)
		if f == nil || f.Changed {
			continue
		}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			if err := sv.Replace(s.values); err != nil {
				return fmt.Errorf("%s: %w (flag --%s)", c.at(s.key), err, s.flag)
			}
			f.Changed = true
			continue
		}
		if err := fs.Set(s.flag, strings.Join(s.values, ",")); err != nil {
			return fmt.Errorf("%s: %w (flag --%s)", c.at(s.key), err, s.flag)
		}
	}
	return nil
}
