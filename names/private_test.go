package names

import "testing"

func TestRegistrablePrivate(t *testing.T) {
	for _, tc := range []struct {
		name, in, reg, suffix string
		ok                    bool
	}{
		{"company-sold SLD", "steamcommunity.ru.com", "steamcommunity.ru.com", "ru.com", true},
		{"host below it", "www.paypal-login.pp.ua", "paypal-login.pp.ua", "pp.ua", true},
		{"hosting platform", "paypal-login.github.io", "paypal-login.github.io", "github.io", true},
		{"ICANN only", "www.example.com", "", "", false},
		{"the private suffix itself", "ru.com", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reg, suffix, ok := RegistrablePrivate(tc.in)
			if reg != tc.reg || suffix != tc.suffix || ok != tc.ok {
				t.Errorf("RegistrablePrivate(%q) = %q, %q, %v; want %q, %q, %v", tc.in, reg, suffix, ok, tc.reg, tc.suffix, tc.ok)
			}
		})
	}
}
