// Package config reads the YAML file a nightly job runs from (--config):
// brands, generator and resolver settings, outputs, history and notification
// targets.
//
// It owns the file's keys — one for each flag of the command, named after it,
// and the few the command reads itself (brands, outputs, notify.email) —, strict
// parsing (an unknown key is an error naming the key, its line and the
// nearest known key), the checks of its own keys, and Apply, which sets the
// flags through their own Set so that a value is checked once, the same way
// from the file and from the command line, where the command line wins.
// Every key is documented in example.yaml. It never reads secrets
// from the file (a password comes from the environment variable the file
// names) and never acts on what it reads.
package config
