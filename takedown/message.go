package takedown

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/mail"
	"net/textproto"
	"os"
	"strings"
	"time"
)

// compose renders one message: headers, a plain-text request and the
// evidence as attachments (evidence.json, the screenshot). The boundary and
// Message-ID derive from the content, so that the same request gives the same
// file. It returns the names of the attachments.
func compose(o Options, from *mail.Address, ev Evidence, req Request, m *planned) ([]byte, []string, error) {
	seed := sha256.Sum256([]byte(m.File + "|" + m.To + "|" + o.Now.UTC().Format(time.RFC3339)))
	boundary := "lookalike-" + hex.EncodeToString(seed[:12])

	var b bytes.Buffer
	hdr := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	hdr("From", from.String())
	hdr("To", (&mail.Address{Address: m.To}).String())
	hdr("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	hdr("Date", o.Now.Format(time.RFC1123Z))
	hdr("Message-ID", "<"+hex.EncodeToString(seed[12:24])+"@lookalike.invalid>")
	hdr("MIME-Version", "1.0")
	hdr("Content-Type", `multipart/mixed; boundary="`+boundary+`"`)
	b.WriteString("\r\n")

	mw := multipart.NewWriter(&b)
	if err := mw.SetBoundary(boundary); err != nil {
		return nil, nil, err
	}
	text, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {"text/plain; charset=utf-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err != nil {
		return nil, nil, err
	}
	qp := quotedprintable.NewWriter(text)
	if _, err := io.WriteString(qp, crlf(body(o, ev, m))); err != nil {
		return nil, nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, nil, err
	}

	attached := []string{"evidence.json"}
	shot, ct := screenshot(ev.Screenshot, o.MaxAttachment)
	// The recipient knows the screenshot by its attachment's name; our
	// path means nothing to them.
	sent := ev
	sent.Screenshot = ""
	if shot != nil {
		sent.Screenshot = ev.Domain + extension(ct)
	}
	ej, err := json.MarshalIndent(struct {
		Evidence Evidence `json:"evidence"`
		Parties  []Party  `json:"parties"`
	}{sent, m.parties}, "", "  ")
	if err != nil {
		return nil, nil, err
	}
	if err := attach(mw, "evidence.json", "application/json", ej); err != nil {
		return nil, nil, err
	}
	if shot != nil {
		if err := attach(mw, sent.Screenshot, ct, shot); err != nil {
			return nil, nil, err
		}
		attached = append(attached, sent.Screenshot)
	}
	if err := mw.Close(); err != nil {
		return nil, nil, err
	}
	return b.Bytes(), attached, nil
}

// attach adds a base64 part, lines of 76 characters (RFC 2045 section 6.8).
func attach(mw *multipart.Writer, name, ct string, data []byte) error {
	w, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {mime.FormatMediaType(ct, map[string]string{"name": name})},
		"Content-Disposition":       {mime.FormatMediaType("attachment", map[string]string{"filename": name})},
		"Content-Transfer-Encoding": {"base64"},
	})
	if err != nil {
		return err
	}
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 76 {
		io.WriteString(w, enc[:76]+"\r\n")
		enc = enc[76:]
	}
	_, err = io.WriteString(w, enc+"\r\n")
	return err
}

// screenshot reads the image to attach, its type sniffed from the bytes; nil
// when there is none, it is too large or it is not an image.
func screenshot(path string, maxBytes int64) ([]byte, string) {
	if path == "" {
		return nil, ""
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, ""
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
	if err != nil || len(data) == 0 || int64(len(data)) > maxBytes {
		return nil, ""
	}
	switch ct := http.DetectContentType(data); ct {
	case "image/png", "image/jpeg", "image/gif", "image/webp":
		return data, ct
	}
	return nil, ""
}

func extension(ct string) string {
	switch ct {
	case "image/jpeg":
		return ".jpg"
	case "image/gif":
		return ".gif"
	case "image/webp":
		return ".webp"
	}
	return ".png"
}

func crlf(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
}

// body is the request in plain words: what the domain is, why it is abuse,
// the evidence, what is asked.
func body(o Options, ev Evidence, m *planned) string {
	var b strings.Builder
	org := o.Organisation
	if org == "" && ev.Brand != "" {
		org = "the owner of " + ev.Brand
	}
	who := m.parties[0].Name
	if who == "" {
		who = m.parties[0].Handle
	}
	if who != "" {
		fmt.Fprintf(&b, "Dear %s abuse team,\n\n", who)
	} else {
		b.WriteString("Dear abuse team,\n\n")
	}
	switch m.Role {
	case "registrar":
		fmt.Fprintf(&b, "We report the domain %s, registered through you", ev.Domain)
		if id := m.parties[0].Handle; id != "" {
			fmt.Fprintf(&b, " (IANA Registrar ID %s)", id)
		}
		b.WriteString(".\n")
	default:
		fmt.Fprintf(&b, "We report the domain %s, hosted on your network:\n", ev.Domain)
		for _, p := range m.parties {
			fmt.Fprintf(&b, "  %s", p.Address)
			if p.Name != "" || p.Range != "" {
				fmt.Fprintf(&b, " (%s)", strings.TrimSpace(p.Name+" "+p.Range))
			}
			b.WriteString("\n")
		}
	}
	if ev.Brand != "" {
		fmt.Fprintf(&b, "It imitates %s", ev.Brand)
		if org != "" {
			fmt.Fprintf(&b, ", the domain of %s", org)
		}
		b.WriteString(".")
		if ev.Verdict != "" {
			fmt.Fprintf(&b, " Our finding: %s", ev.Verdict)
			if ev.Risk > 0 {
				fmt.Fprintf(&b, " (risk %d of 100)", ev.Risk)
			}
			b.WriteString(".")
		}
		b.WriteString("\n")
	}

	b.WriteString("\nEvidence\n")
	if !ev.Observed.IsZero() {
		fmt.Fprintf(&b, "DNS records, as seen %s:\n", ev.Observed.UTC().Format(time.RFC3339))
	} else {
		b.WriteString("DNS records:\n")
	}
	records := 0
	for _, rr := range []struct {
		typ string
		v   []string
	}{{"NS", ev.NS}, {"A", ev.A}, {"AAAA", ev.AAAA}, {"MX", ev.MX}, {"CNAME", ev.CNAME}} {
		for _, v := range rr.v {
			fmt.Fprintf(&b, "  %s %s %s\n", ev.Domain, rr.typ, v)
			records++
		}
	}
	if records == 0 {
		b.WriteString("  (none given)\n")
	}
	if !ev.FirstSeen.IsZero() {
		fmt.Fprintf(&b, "First seen registered: %s\n", ev.FirstSeen.UTC().Format("2006-01-02"))
	}
	for _, e := range ev.Evidence {
		fmt.Fprintf(&b, "- %s\n", e)
	}
	for _, e := range ev.Web {
		fmt.Fprintf(&b, "- web: %s\n", e)
	}
	if _, ct := screenshot(ev.Screenshot, o.MaxAttachment); ct != "" {
		fmt.Fprintf(&b, "- a screenshot of the site is attached (%s%s)\n", ev.Domain, extension(ct))
	}
	b.WriteString("The attached evidence.json holds the same evidence and the RDAP data we used.\n")

	b.WriteString("\nRequest\n")
	if m.Role == "registrar" {
		fmt.Fprintf(&b, "Please investigate %s under your abuse policy and suspend it. We will answer any question\nat the address this message comes from.\n", ev.Domain)
	} else {
		fmt.Fprintf(&b, "Please investigate the content served for %s from your network and stop it under your\nacceptable use policy. We will answer any question at the address this message comes from.\n", ev.Domain)
	}
	b.WriteString("\nRegards,\n")
	if o.Organisation != "" {
		b.WriteString(o.Organisation + "\n")
	}
	return b.String()
}
