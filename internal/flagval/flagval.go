package flagval

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// IntValue is an int flag with inclusive bounds.
type IntValue struct {
	p        *int
	min, max int
}

// Int sets *p to def and returns a flag value that accepts whole numbers
// from min to max (math.MaxInt for no upper bound).
func Int(p *int, def, min, max int) *IntValue {
	*p = def
	return &IntValue{p: p, min: min, max: max}
}

func (v *IntValue) String() string { return strconv.Itoa(*v.p) }
func (v *IntValue) Type() string   { return "int" }

// Set parses s; a fraction ("1.5") is refused, never rounded.
func (v *IntValue) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("%q is not a whole number", s)
	}
	if n < v.min || n > v.max {
		return fmt.Errorf("%d is out of range: want %s", n, bounds(v.min, v.max))
	}
	*v.p = n
	return nil
}

func bounds(min, max int) string {
	switch {
	case max == math.MaxInt:
		return fmt.Sprintf("%d or more", min)
	default:
		return fmt.Sprintf("%d to %d", min, max)
	}
}

// FloatValue is a float flag with a lower bound.
type FloatValue struct {
	p         *float64
	min       float64
	inclusive bool
}

// Float sets *p to def and returns a flag value that accepts finite numbers
// above min (or from min, when inclusive).
func Float(p *float64, def, min float64, inclusive bool) *FloatValue {
	*p = def
	return &FloatValue{p: p, min: min, inclusive: inclusive}
}

func (v *FloatValue) String() string { return strconv.FormatFloat(*v.p, 'g', -1, 64) }
func (v *FloatValue) Type() string   { return "float" }

// Set parses s and checks the bound.
func (v *FloatValue) Set(s string) error {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Errorf("%q is not a number", s)
	}
	if f < v.min || (!v.inclusive && f == v.min) {
		rel := "more than"
		if v.inclusive {
			rel = "at least"
		}
		return fmt.Errorf("%g is out of range: want %s %g", f, rel, v.min)
	}
	*v.p = f
	return nil
}

// DurationValue is a positive duration flag.
type DurationValue struct{ p *time.Duration }

// Duration sets *p to def and returns a flag value that accepts positive
// durations ("2s", "500ms").
func Duration(p *time.Duration, def time.Duration) *DurationValue {
	*p = def
	return &DurationValue{p: p}
}

func (v *DurationValue) String() string { return v.p.String() }
func (v *DurationValue) Type() string   { return "duration" }

// Set parses s; zero and negative durations are refused.
func (v *DurationValue) Set(s string) error {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("%q is not a duration such as 2s or 500ms", s)
	}
	if d <= 0 {
		return fmt.Errorf("%s: want a positive duration, such as 2s or 500ms", d)
	}
	*v.p = d
	return nil
}

// EnumValue is a string flag that takes one of a few words.
type EnumValue struct {
	p      *string
	values []string
}

// Enum sets *p to def and returns a flag value that accepts one of values
// (case-insensitive; stored in lower case).
func Enum(p *string, def string, values ...string) *EnumValue {
	*p = def
	return &EnumValue{p: p, values: values}
}

func (v *EnumValue) String() string { return *v.p }
func (v *EnumValue) Type() string   { return "string" }

// Set checks s against the choices.
func (v *EnumValue) Set(s string) error {
	s = strings.ToLower(strings.TrimSpace(s))
	if !slices.Contains(v.values, s) {
		return fmt.Errorf("%q: want %s", s, strings.Join(v.values, " or "))
	}
	*v.p = s
	return nil
}

// CheckedValue is a string flag whose value a function tidies and checks,
// the same from the command line and a config file.
type CheckedValue struct {
	p     *string
	check func(string) (string, error)
}

// Checked returns a flag value that stores check(s) in *p, or refuses s
// with check's error.
func Checked(p *string, check func(string) (string, error)) *CheckedValue {
	return &CheckedValue{p: p, check: check}
}

func (v *CheckedValue) String() string { return *v.p }
func (v *CheckedValue) Type() string   { return "string" }

// Set tidies and checks s.
func (v *CheckedValue) Set(s string) error {
	s, err := v.check(s)
	if err != nil {
		return err
	}
	*v.p = s
	return nil
}

// ListValue is a comma-separated list flag (each element trimmed and lower
// case) whose whole list a function checks.
type ListValue struct {
	p     *[]string
	check func([]string) error
}

// List returns a flag value that stores the list in *p once check accepts it.
func List(p *[]string, check func([]string) error) *ListValue {
	return &ListValue{p: p, check: check}
}

func (v *ListValue) String() string { return strings.Join(*v.p, ",") }
func (v *ListValue) Type() string   { return "list" }

// Set splits, tidies and checks s.
func (v *ListValue) Set(s string) error {
	var list []string
	for p := range strings.SplitSeq(s, ",") {
		list = append(list, strings.ToLower(strings.TrimSpace(p)))
	}
	if err := v.check(list); err != nil {
		return err
	}
	*v.p = list
	return nil
}
