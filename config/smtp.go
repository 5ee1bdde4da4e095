package config

import (
	"fmt"

	"github.com/lookalike/lookalike/notify"
)

// SMTP is the account of notify.email, with its password read from the
// environment, ready to send through. what names the flag that needs it, for
// the error when the file (or the server in it) is missing; c may be nil.
func (c *Config) SMTP(what string) (notify.SMTP, error) {
	if c == nil || c.Notify.Email == nil || c.Notify.Email.SMTP == "" {
		return notify.SMTP{}, fmt.Errorf("%s needs an SMTP server: set notify.email.smtp and from in --config", what)
	}
	em := c.Notify.Email
	pw, err := em.Password()
	if err != nil {
		return notify.SMTP{}, err
	}
	return notify.SMTP{Addr: em.SMTP, From: em.From, To: em.To, Username: em.Username, Password: pw}, nil
}
