package takedown

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/lookalike/lookalike/notify"
)

// Sent is the outcome of sending one message.
type Sent struct {
	File string `json:"file"`
	To   string `json:"to"`
	Err  string `json:"error,omitempty"`
}

// Send mails each message of s, as written in dir, through cfg's server;
// cfg.To is ignored (each message goes to its own abuse address) and
// cfg.From is the envelope sender. The files are sent as they are, so that
// what goes out is what the analyst read. One failure does not stop the
// others; err says how many failed.
func Send(ctx context.Context, cfg notify.SMTP, dir string, s *Summary) ([]Sent, error) {
	var out []Sent
	failed := 0
	for _, r := range s.Requests {
		for _, m := range r.Messages {
			res := Sent{File: m.File, To: m.To}
			data, err := os.ReadFile(filepath.Join(dir, m.File))
			if err == nil {
				c := cfg
				c.To = []string{m.To}
				err = notify.EmailMessage(ctx, c, data)
			}
			if err != nil {
				res.Err = err.Error()
				failed++
			}
			out = append(out, res)
		}
	}
	if failed > 0 {
		return out, fmt.Errorf("takedown: %d of %d messages not sent; the .eml files in %s can be sent by hand", failed, len(out), dir)
	}
	return out, nil
}
