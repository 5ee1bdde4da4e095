// Package flagval declares a command-line option once: a pflag.Value that
// holds the option's variable and checks every value it is given, whether it
// comes from the command line or from a --config file (which sets flags
// through the same Set). So a value the command line refuses, the file
// refuses too, with the same message.
//
// It owns the checks (bounds, choices) and their messages; it never reads
// files and never decides defaults beyond the one it is handed.
package flagval
