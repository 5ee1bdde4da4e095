// Package smtpbanner reads what a lookalike's mail server says to a client
// that connects: the greeting and the EHLO capabilities (RFC 5321 §4.1.1.1,
// §4.2), so that an analyst sees whether the name really accepts mail.
//
// It owns one short, bounded exchange per host: connect, read the greeting,
// EHLO, read the reply, QUIT. Every line is capped and the number of lines
// bounded; text from the server is stripped of control characters. It never
// sends MAIL FROM, RCPT TO, DATA, VRFY or EXPN, never starts TLS, and never
// decides what the answer means (the verdict code does). Connections go
// through a caller's dialer, normally web.Dialer, so that the same address
// policy applies as to web pages: no loopback or private address unless
// allowed.
package smtpbanner
