// Package notify tells people what changed: a JSON POST to a webhook (Slack
// and Microsoft Teams incoming webhooks show its text field) and a plain-text
// e-mail through SMTP.
//
// It owns the text of a change listing, the webhook payload, the mail message,
// and the retries (a few, with backoff; errors are returned, never swallowed;
// a cancelled context shows in the error as context.Canceled). What a server
// may make it read is capped (limit.go): an SMTP reply line at 4 KiB, a whole
// SMTP session at 1 MiB, a webhook's response headers at 64 KiB and body at
// 1 MiB.
// It never decides whether to notify (the CLI sends only when there are
// changes), never reads configuration files, and sends a password only over
// TLS or to a loopback relay.
package notify
