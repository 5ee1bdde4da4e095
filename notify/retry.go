package notify

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// tries bounds the attempts of one notification: enough to ride out a blip,
// few enough that a cron job never hangs on a dead endpoint.
const tries = 3

// backoff is the wait before the second attempt; it doubles after that. A
// variable so that tests need not sleep.
var backoff = 2 * time.Second

// maxWait caps a server's Retry-After: a cron job does not wait an hour.
const maxWait = time.Minute

// permanentError is a failure that another attempt would repeat: a 4xx from
// the webhook, a 5xx SMTP reply, a configuration that cannot work.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

func permanent(err error) error { return permanentError{err} }

// retryAfterError asks for a given wait before the next attempt.
type retryAfterError struct {
	err  error
	wait time.Duration
}

func (e retryAfterError) Error() string { return e.err.Error() }
func (e retryAfterError) Unwrap() error { return e.err }

// retry runs attempt up to tries times, waiting between attempts, and returns
// the last error with the number of attempts made.
func retry(ctx context.Context, attempt func(ctx context.Context) error) error {
	wait := backoff
	var err error
	for i := range tries {
		if i > 0 {
			d := wait
			var ra retryAfterError
			if errors.As(err, &ra) && ra.wait > 0 {
				d = min(ra.wait, maxWait)
			}
			t := time.NewTimer(d)
			select {
			case <-ctx.Done():
				t.Stop()
				return fmt.Errorf("%w (gave up after %d of %d tries: %w)", err, i, tries, ctx.Err())
			case <-t.C:
			}
			wait *= 2
		}
		err = attempt(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			// Interrupted mid-attempt, the error is often the closed
			// connection's; the caller must still see the cancellation (the
			// CLI exits 130 on it).
			if !errors.Is(err, ctx.Err()) {
				err = fmt.Errorf("%w (%w)", ctx.Err(), err)
			}
			return err
		}
		var p permanentError
		if errors.As(err, &p) {
			return err
		}
	}
	return fmt.Errorf("%w (after %d tries)", err, tries)
}
