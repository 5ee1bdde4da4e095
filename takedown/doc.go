// Package takedown prepares the requests that get a lookalike domain taken
// down: for each domain, the registrar and its abuse contact (RDAP entity
// with the role "abuse"), the abuse contact of each network that hosts it
// (RDAP for the address, through the IANA IP bootstrap and the RIRs'
// redirects), and one ready-to-send RFC 5322 message per contact, plain
// text with the evidence attached, written as an .eml file beside a JSON
// summary.
//
// It owns the wording of the request, the layout of the message and its
// attachments, the file names and the summary. RDAP answers are untrusted:
// package rdap caps their size and strips control characters, and only an
// address that stands alone reaches a To: header. It never sends a message
// unless Send is called (with an SMTP configuration; the sending is package
// notify's), never decides whether a name deserves a takedown (the caller
// hands in the verdict and the evidence), and never fetches a web page.
package takedown
