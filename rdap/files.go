package rdap

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// LoadBootstrapFile reads the DNS bootstrap file at path (LoadBootstrap).
// The error names the file.
func LoadBootstrapFile(path string) (*Bootstrap, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := LoadBootstrap(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// LoadIPBootstrapFiles reads the address bootstrap files at paths
// (LoadIPBootstrap); nil when paths is empty, for the embedded snapshot.
func LoadIPBootstrapFiles(paths []string) (*IPBootstrap, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	rs := make([]io.Reader, 0, len(paths))
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		rs = append(rs, f)
	}
	b, err := LoadIPBootstrap(rs...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", strings.Join(paths, ","), err)
	}
	return b, nil
}

// NewFromFile is New with the DNS bootstrap read from bootstrapFile ("" for
// the embedded snapshot): what a command line's --rdap-bootstrap gives.
func NewFromFile(opts Options, bootstrapFile string) (*Client, error) {
	if bootstrapFile != "" {
		b, err := LoadBootstrapFile(bootstrapFile)
		if err != nil {
			return nil, err
		}
		opts.Bootstrap = b
	}
	return New(opts), nil
}
