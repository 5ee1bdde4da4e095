// Package config reads the YAML file a nightly job runs from (--config):
// brands, generator and resolver settings, outputs, history and notification
// targets.
//
// It owns the file's keys (every one documented in example.yaml), strict
// parsing (an unknown key is an error naming the key, its line and the
// nearest known key), validation of values, and the table that maps keys onto
// command-line flags, where the command line wins. It never reads secrets
// from the file (a password comes from the environment variable the file
// names) and never acts on what it reads.
package config
