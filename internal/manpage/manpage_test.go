package manpage

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestRender(t *testing.T) {
	root := &cobra.Command{Use: "tool", Short: "does things", Long: "Tool does things.\n\n  indented block\n.dot line"}
	sub := &cobra.Command{Use: "scan BRAND", Short: "scan a brand", Example: "  tool scan a.fr --rate 5", Run: func(*cobra.Command, []string) {}}
	sub.Flags().Int("rate", 0, "queries a `Q` second")
	hidden := &cobra.Command{Use: "secret", Hidden: true, Run: func(*cobra.Command, []string) {}}
	root.AddCommand(sub, hidden)
	var b bytes.Buffer
	if err := Render(&b, root, Page{Date: "2026-12-02", Version: "1.0", ExitStatus: "0  done\n2  bad usage"}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		`.TH TOOL 1 "2026-12-02" "tool 1.0"`,
		".SH NAME\ntool \\- does things",
		".SS tool scan BRAND",
		".TP\n\\-\\-rate Q\nqueries a Q second",
		"tool scan a.fr \\-\\-rate 5",
		".nf\n  indented block\n.fi",
		"\\&.dot line",
		".SH EXIT STATUS\n.nf\n0  done\n2  bad usage\n.fi",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "secret") {
		t.Error("a hidden command is on the page")
	}
}
