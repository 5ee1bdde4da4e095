package report

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
)

// ErrOutputs marks outputs a command line or config asks for that cannot
// be written as asked: two outputs to one file, a table in a file.
var ErrOutputs = errors.New("bad outputs")

type outputsError string

func (e outputsError) Error() string        { return string(e) }
func (e outputsError) Is(target error) bool { return target == ErrOutputs }

// ExtraFile is one more file a scan writes beside its main output (a
// config's outputs list); an empty Format is the main output's.
type ExtraFile struct {
	Path   string
	Format Format
}

// OpenFiles opens, beside o.Main (written to mainPath, "" for stdout), the
// registrar CSV and the extra files, each with the options opt. Two outputs
// to one path, and a table in an extra file, are refused with an error
// wrapping ErrOutputs. On any error every output opened, o.Main included,
// is aborted.
func (o *ScanOutputs) OpenFiles(mainPath, registrar string, extra []ExtraFile, stdout io.Writer, opt OutputOptions) error {
	err := o.openFiles(mainPath, registrar, extra, stdout, opt)
	if err != nil {
		o.Abort()
	}
	return err
}

func (o *ScanOutputs) openFiles(mainPath, registrar string, extra []ExtraFile, stdout io.Writer, opt OutputOptions) error {
	written := map[string]string{}
	claim := func(path, what string) error {
		if path == "" {
			return nil
		}
		p := filepath.Clean(path)
		if other, dup := written[p]; dup {
			return outputsError(fmt.Sprintf("%s and %s both write %s: give each its own file", other, what, path))
		}
		written[p] = what
		return nil
	}
	if err := claim(mainPath, "-o"); err != nil {
		return err
	}
	if err := claim(registrar, "--registrar-csv"); err != nil {
		return err
	}
	for _, x := range extra {
		f := x.Format
		if f == "" {
			f = o.Main.Format
		}
		if f == FormatTable {
			return outputsError(fmt.Sprintf("--config outputs: %s: table is for terminals; use csv, json, jsonl or list", x.Path))
		}
		if err := claim(x.Path, "--config outputs"); err != nil {
			return err
		}
		out, err := OpenOutputWith(stdout, x.Path, f, opt)
		if err != nil {
			return fmt.Errorf("--config outputs: %w", err)
		}
		o.Extra = append(o.Extra, out)
	}
	if registrar != "" {
		var err error
		if o.Registrar, err = CreateRegistrar(registrar); err != nil {
			return err
		}
	}
	return nil
}
