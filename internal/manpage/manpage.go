package manpage

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Page is what the page says beyond the commands.
type Page struct {
	// Date is shown in the footer ("2026-12-02"); a fixed date keeps the page
	// reproducible.
	Date string
	// Version is shown in the footer.
	Version string
	// ExitStatus is the EXIT STATUS section, one "code  meaning" a line.
	ExitStatus string
}

// Render writes the man page of root and its visible subcommands to w.
func Render(w io.Writer, root *cobra.Command, p Page) error {
	bw := bufio.NewWriter(w)
	name := root.Name()
	fmt.Fprintf(bw, ".TH %s 1 %q %q %q\n", strings.ToUpper(name), p.Date, strings.TrimSpace(name+" "+p.Version), "User Commands")
	bw.WriteString(".SH NAME\n")
	fmt.Fprintf(bw, "%s \\- %s\n", name, roff(root.Short))
	bw.WriteString(".SH SYNOPSIS\n")
	fmt.Fprintf(bw, ".B %s\n.I command\n[flags]\n", name)
	if root.Long != "" {
		bw.WriteString(".SH DESCRIPTION\n")
		paragraphs(bw, root.Long)
	}
	bw.WriteString(".SH COMMANDS\n")
	for _, c := range root.Commands() {
		if c.Hidden || !c.IsAvailableCommand() || c.Name() == "help" {
			continue
		}
		fmt.Fprintf(bw, ".SS %s\n", roff(name+" "+c.Use))
		paragraphs(bw, firstNonEmpty(c.Long, c.Short))
		flags(bw, c.NonInheritedFlags())
		if c.Example != "" {
			bw.WriteString(".PP\nExamples:\n.PP\n.nf\n.RS\n")
			for l := range strings.SplitSeq(strings.TrimRight(c.Example, "\n"), "\n") {
				bw.WriteString(roff(strings.TrimSpace(l)) + "\n")
			}
			bw.WriteString(".RE\n.fi\n")
		}
	}
	if p.ExitStatus != "" {
		bw.WriteString(".SH EXIT STATUS\n.nf\n")
		for l := range strings.SplitSeq(strings.TrimSpace(p.ExitStatus), "\n") {
			bw.WriteString(roff(strings.TrimSpace(l)) + "\n")
		}
		bw.WriteString(".fi\n")
	}
	return bw.Flush()
}

// flags lists a command's flags as tagged paragraphs, sorted by name.
func flags(bw *bufio.Writer, fs *pflag.FlagSet) {
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden || f.Name == "help" {
			return
		}
		varName, usage := pflag.UnquoteUsage(f)
		head := "\\-\\-" + roff(f.Name)
		if f.Shorthand != "" {
			head = "\\-" + f.Shorthand + ", " + head
		}
		if varName != "" {
			head += " " + roff(varName)
		}
		fmt.Fprintf(bw, ".TP\n%s\n%s\n", head, roff(usage))
	})
}

// paragraphs writes text, keeping its blank-line paragraphs and indented
// blocks (which stay as they are, unfilled).
func paragraphs(bw *bufio.Writer, text string) {
	bw.WriteString(".PP\n")
	inBlock := false
	for l := range strings.SplitSeq(strings.TrimSpace(text), "\n") {
		switch {
		case strings.TrimSpace(l) == "":
			if inBlock {
				bw.WriteString(".fi\n")
				inBlock = false
			}
			bw.WriteString(".PP\n")
		case strings.HasPrefix(l, "  "):
			if !inBlock {
				bw.WriteString(".nf\n")
				inBlock = true
			}
			bw.WriteString(roff(l) + "\n")
		default:
			if inBlock {
				bw.WriteString(".fi\n")
				inBlock = false
			}
			bw.WriteString(roff(l) + "\n")
		}
	}
	if inBlock {
		bw.WriteString(".fi\n")
	}
}

// roff escapes text for a roff line: backslashes and hyphens, and a
// leading dot or quote that roff would read as a request.
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
