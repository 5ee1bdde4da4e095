package web

import "testing"

func TestClean(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain text stays", "Acme Bank – Sign in", "Acme Bank – Sign in"},
		{"terminal escape", "a\x1b[2Jb", "a[2Jb"},
		{"C1 control", "a\u0085b", "ab"},
		{"bidi override", "abc\u202egnp.exe", "abcgnp.exe"},
		{"zero-width space and BOM", "pay\u200bpal\ufeff", "paypal"},
		{"invalid UTF-8", "ok\xff", "ok"},
		{"NUL and DEL", "a\x00b\x7f", "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
