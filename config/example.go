package config

import _ "embed"

// Example is example.yaml: every key, explained, in a file that loads. The
// README shows it, and a command can print it as a starting point.
//
//go:embed example.yaml
var Example string
