package config_test

import (
	"fmt"
	"log"

	"github.com/spf13/pflag"

	"github.com/lookalike/lookalike/config"
)

func ExampleParse() {
	_, err := config.Parse([]byte("brands: [example.fr]\nconcurency: 64\n"), "nightly.yaml")
	fmt.Println(err)
	// Output:
	// nightly.yaml:2: unknown key "concurency" (did you mean "concurrency"?)
}

// The file fills in what the command line left out.
func ExampleConfig_Apply() {
	c, err := config.Parse([]byte("rate: 200\ntlds: [com, net]\n"), "nightly.yaml")
	if err != nil {
		log.Fatal(err)
	}
	fs := pflag.NewFlagSet("scan", pflag.ContinueOnError)
	rate := fs.Float64("rate", 0, "queries a second")
	tlds := fs.String("tlds", "", "TLD-swap set")
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
