package config_test

import (
	"fmt"
	"log"

	"github.com/spf13/pflag"

	"github.com/lookalike/lookalike/config"
)

func ExampleParse() {
	fs := pflag.NewFlagSet("scan", pflag.ContinueOnError)
	fs.Int("concurrency", 256, "names resolved at once")
	_, err := config.Parse([]byte("brands: [example.fr]\nconcurency: 64\n"), "nightly.yaml", fs)
	fmt.Println(err)
	// Output:
	// nightly.yaml:2: unknown key "concurency" (did you mean "concurrency"?)
}

// The file fills in what the command line left out.
func ExampleConfig_Apply() {
	fs := pflag.NewFlagSet("scan", pflag.ContinueOnError)
	rate := fs.Float64("rate", 0, "queries a second")
	tlds := fs.String("tlds", "", "TLD-swap set")
	c, err := config.Parse([]byte("rate: 200\ntlds: [com, net]\n"), "nightly.yaml", fs)
	if err != nil {
		log.Fatal(err)
	}
	if err := fs.Parse([]string{"--rate", "50"}); err != nil {
		log.Fatal(err)
	}
	if err := c.Apply(fs); err != nil {
		log.Fatal(err)
	}
	fmt.Println(*rate, *tlds)
	// Output:
	// 50 com,net
}
