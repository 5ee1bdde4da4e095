package notify

import (
	"bytes"
	"context"
	"fmt"
)

// EmailMessage sends a message someone else composed (a complete RFC 5322
// message, headers and body, CRLF line ends) through cfg's server, with the
// same TLS, password and retry rules as Email. The envelope is cfg.From and
// cfg.To; the message's own headers are not read. Package takedown uses it
// to send the .eml files it writes, so that what is sent is byte for byte
// what the analyst reviewed.
func EmailMessage(ctx context.Context, cfg SMTP, msg []byte) error {
	host, port, from, to, err := cfg.envelope("send mail")
	if err != nil {
		return err
	}
	if !bytes.Contains(msg, []byte("\r\n\r\n")) {
		return fmt.Errorf("send mail: the message has no header/body separator (CRLF CRLF): not an RFC 5322 message")
	}
	return cfg.send(ctx, "send mail", host, port, from, to, msg)
}
