package notify

import (
	"context"
	"errors"
	"fmt"

	"github.com/lookalike/lookalike/history"
)

// Targets are where changes go; the zero value sends nowhere.
type Targets struct {
	// Webhook is a URL to POST the payload to.
	Webhook string
	// Email, when set, is the SMTP account and recipients to mail.
	Email *SMTP
}

// Empty reports whether there is nowhere to send.
func (t Targets) Empty() bool { return t.Webhook == "" && t.Email == nil }

// Send sends changes to every target, when there are any changes. Each
// failure is returned, labelled with its channel; one failing channel does
// not keep the others from being tried.
func Send(ctx context.Context, t Targets, changes []history.Change) error {
	if len(changes) == 0 || t.Empty() {
		return nil
	}
	msg := NewMessage(changes)
	var errs []error
	if t.Webhook != "" {
		if err := Webhook(ctx, t.Webhook, msg); err != nil {
			errs = append(errs, fmt.Errorf("webhook: %w", err))
		}
	}
	if t.Email != nil {
		if err := Email(ctx, *t.Email, msg); err != nil {
			errs = append(errs, fmt.Errorf("e-mail: %w", err))
		}
	}
	return errors.Join(errs...)
}
