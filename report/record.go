package report

import (
	"strconv"
	"strings"
)

// Field is one named value of a record. Value is a string, []string, int,
// bool, float64 or nil; writers render each kind the same way everywhere.
type Field struct {
	Key   string
	Value any
}

// Record is one output row: fields in the order they are written. Every record
// of one stream has the same keys in the same order.
type Record []Field

// Get returns the value of key, or nil.
func (r Record) Get(key string) any {
	for _, f := range r {
		if f.Key == key {
			return f.Value
		}
	}
	return nil
}

// Text renders a value for a text cell: lists joined by a space.
func Text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []string:
		return strings.Join(x, " ")
	case int:
		return strconv.Itoa(x)
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return ""
	}
}

// Clean strips control characters (C0, DEL, C1, and the Unicode bidi and
// zero-width format controls that can spoof a terminal line) from text that came
// from the network, so that it never drives a terminal.
func Clean(s string) string {
	clean := true
	for _, r := range s {
		if isControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !isControl(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isControl(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0xfeff:
		return true
	}
	return false
}

// Defuse makes a CSV cell safe to open in a spreadsheet: a cell that starts
// with = + - @ tab or CR would be read as a formula (CWE-1236), so it gets a
// leading apostrophe.
func Defuse(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
