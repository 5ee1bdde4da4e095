package main

import (
	"embed"
	"strings"

	"github.com/lookalike/lookalike/permute"
	"github.com/spf13/cobra"
)

// helpFiles are the commands' manual: each command's long help and
// examples, as prose apart from the wiring (and the source of docs/man).
//
//go:embed help/*.txt
var helpFiles embed.FS

// describe gives c and its subcommands their long help and examples from
// help/NAME.txt: the text, then, after a line "--- examples", the
// examples. {{fuzzers}} stands for the fuzzers' names.
func describe(c *cobra.Command) {
	for _, sub := range c.Commands() {
		describe(sub)
	}
	b, err := helpFiles.ReadFile("help/" + c.Name() + ".txt")
	if err != nil {
		return
	}
	long, ex, _ := strings.Cut(strings.TrimSuffix(string(b), "\n"), "\n--- examples\n")
	c.Long = strings.ReplaceAll(long, "{{fuzzers}}", strings.Join(permute.FuzzerNames(), ", "))
	c.Example = ex
}
