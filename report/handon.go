package report

import "io"

// The formats that hand findings on to other people: a report for a manager,
// and lists and threat-intel documents for the teams that block names.
const (
	FormatHTML      Format = "html"
	FormatRPZ       Format = "rpz"
	FormatSTIX      Format = "stix"
	FormatMISP      Format = "misp"
	FormatBlocklist Format = "blocklist"
)

// HandOnFormats lists them in the order help text shows them, after Formats.
var HandOnFormats = []Format{FormatHTML, FormatRPZ, FormatSTIX, FormatMISP, FormatBlocklist}

// NewHandOnWriter returns the writer of a hand-on format; ok is false for
// any other format (NewWriter's). The defender formats read e, the HTML
// report h.
func NewHandOnWriter(w io.Writer, f Format, e ExportOptions, h HTMLOptions) (_ Writer, ok bool) {
	switch f {
	case FormatHTML:
		return NewHTMLWriter(w, h), true
	case FormatRPZ:
		return NewRPZWriter(w, e), true
	case FormatSTIX:
		return NewSTIXWriter(w, e), true
	case FormatMISP:
		return NewMISPWriter(w, e), true
	case FormatBlocklist:
		return NewBlocklistWriter(w, e), true
	}
	return nil, false
}
