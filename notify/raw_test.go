package notify

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestEmailMessage(t *testing.T) {
	msg := []byte("From: soc@example.org\r\nTo: abuse@registrar.example\r\nSubject: Abuse report\r\n\r\n.a line that starts with a dot\r\nbody\r\n")
	tests := []struct {
		name    string
		msg     []byte
		cfg     SMTP
		wantErr string
	}{
		{name: "sent as written", msg: msg, cfg: SMTP{From: "soc@example.org", To: []string{"abuse@registrar.example"}}},
		{name: "no recipients", msg: msg, cfg: SMTP{From: "soc@example.org"}, wantErr: "no recipients"},
		{name: "bad recipient", msg: msg, cfg: SMTP{From: "soc@example.org", To: []string{"a@b, c@d"}}, wantErr: "to \"a@b, c@d\""},
		{name: "not a message", msg: []byte("hello"), cfg: SMTP{From: "soc@example.org", To: []string{"abuse@registrar.example"}}, wantErr: "no header/body separator"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := &smtpServer{}
			tc.cfg.Addr = startSMTP(t, s)
			err := EmailMessage(context.Background(), tc.cfg, tc.msg)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			if len(s.mails) != 1 {
				t.Fatalf("%d mails", len(s.mails))
			}
			got := s.mails[0]
			if got.from != "soc@example.org" || len(got.to) != 1 || got.to[0] != "abuse@registrar.example" {
				t.Errorf("envelope %q -> %q", got.from, got.to)
			}
			if !bytes.Equal(bytes.ReplaceAll(got.data, []byte("\n"), []byte("\r\n")), tc.msg) && !bytes.Equal(got.data, tc.msg) {
				t.Errorf("server got\n%q\nwant\n%q", got.data, tc.msg)
			}
		})
	}
}
