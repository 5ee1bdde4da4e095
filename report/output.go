package report

import (
	"io"
	"iter"
)

// Output is one place results go: a Writer in one format over standard
// output or over a file written atomically.
type Output struct {
	W Writer
	// Raw is what W writes to: where a whole-document writer (the sections
	// table, the changes table) goes.
	Raw    io.Writer
	Format Format
	file   *AtomicFile
}

// OpenOutput opens an output in format f: to path (atomically: it appears
// complete or not at all) or, when path is "", to stdout.
func OpenOutput(stdout io.Writer, path string, f Format, table TableOptions) (*Output, error) {
	return OpenOutputWith(stdout, path, f, OutputOptions{Table: table})
}

// OpenOutputWith is OpenOutput for any format, the hand-on ones included:
// opts carries what their writers need (see NewFormatWriter).
func OpenOutputWith(stdout io.Writer, path string, f Format, opts OutputOptions) (*Output, error) {
	o := &Output{Format: f, Raw: stdout}
	if path != "" {
		af, err := CreateAtomic(path)
		if err != nil {
			return nil, err
		}
		o.file, o.Raw = af, af
	}
	o.W = NewFormatWriter(o.Raw, f, opts)
	return o, nil
}

// Close finishes the document; commit decides whether a file replaces the
// old one (an interrupted run commits what it has: the records are
// complete).
func (o *Output) Close(commit bool) error {
	err := o.W.Close()
	if o.file == nil {
		return err
	}
	if err != nil || !commit {
		o.file.Abort()
		return err
	}
	return o.file.Commit()
}

// WriteAll writes every record of recs and closes the document: a file
// replaces the old one only when every record was written. It returns the
// first error, of a write or of the close.
func (o *Output) WriteAll(recs iter.Seq[Record]) error {
	var werr error
	for r := range recs {
		if werr = o.W.Write(r); werr != nil {
			break
		}
	}
	if err := o.Close(werr == nil); werr == nil {
		werr = err
	}
	return werr
}

// Records maps each item of items to its record, for WriteAll.
func Records[T any](items []T, rec func(T) Record) iter.Seq[Record] {
	return func(yield func(Record) bool) {
		for _, x := range items {
			if !yield(rec(x)) {
				return
			}
		}
	}
}
