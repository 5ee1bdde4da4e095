package report

import (
	"fmt"
	"io"

	"github.com/lookalike/lookalike/history"

	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/resolve"
	"github.com/lookalike/lookalike/scan"
)

// ScanOutputs are every place a scan writes: the main output, extra files
// (a config's outputs), the registrar CSV, and the sections of a table. It
// is the scan engine's Sink.
type ScanOutputs struct {
	Main  *Output
	Extra []*Output
	// Registrar, when set, receives the names offered for registration.
	Registrar *RegistrarFile
	// Sections is the table of a terminal; nil for machine formats.
	Sections *Sections
	// Filter, when set, keeps only these statuses in the outputs (the
	// registrar CSV still gets every offer).
	Filter map[resolve.Status]bool
	// Explain adds risk_factors to every record.
	Explain bool
	// ChangesOnly writes the changes instead of the findings.
	ChangesOnly bool
	// TTY: the sections table goes to a terminal (colour, widths).
	TTY bool
	// Talk is where change lines go when the main format has no place for
	// them (stderr).
	Talk io.Writer
	// History, when set, is the HTML report's history (the writers hold
	// it): at Finish it gets the run's changes and the chart of the last
	// complete runs of HistoryBrands in HistoryStore. Warn hears why the
	// chart is missing.
	History       *HTMLHistory
	HistoryStore  history.Store
	HistoryBrands []string
	Warn          func(string)
}

// Offer puts a name offered for registration into the registrar CSV.
func (o *ScanOutputs) Offer(f judge.Finding) error {
	if o.Registrar != nil {
		o.Registrar.csv.Add(f)
	}
	if o.Sections != nil {
		o.Sections.Offer(f)
	}
	return nil
}

// Add writes one finding everywhere it goes.
func (o *ScanOutputs) Add(f judge.Finding) error {
	if o.Filter != nil && !o.Filter[f.Status] {
		return nil
	}
	rec := FindingRecord(f)
	if o.Explain {
		factors := make([]string, len(f.Factors))
		for i, x := range f.Factors {
			factors[i] = x.String()
		}
		rec = append(rec, Field{Key: "risk_factors", Value: factors})
	}
	for _, x := range o.Extra {
		if err := x.W.Write(rec); err != nil {
			return err
		}
	}
	switch {
	case o.ChangesOnly:
		return nil
	case o.Sections != nil:
		o.Sections.Add(f)
		return nil
	}
	return o.Main.W.Write(rec)
}

// Finish writes the whole-document parts (the changes, the sections table)
// and commits every file.
func (o *ScanOutputs) Finish(sum *scan.Summary) error {
	if o.History != nil && sum != nil {
		if err := o.History.Fill(sum.Changes, o.HistoryStore, o.HistoryBrands); err != nil && o.Warn != nil {
			o.Warn(err.Error())
		}
	}
	err := o.finishMain(sum)
	if cerr := o.close(err == nil); err == nil {
		err = cerr
	}
	return err
}

func (o *ScanOutputs) finishMain(sum *scan.Summary) error {
	switch {
	case o.Sections != nil:
		if sum.Stored {
			if err := WriteChangesTable(o.Main.Raw, sum.Changes, sum.Baselines); err != nil {
				return err
			}
		}
		if !o.ChangesOnly {
			return o.Sections.WriteTable(o.Main.Raw, o.TTY)
		}
	case o.ChangesOnly:
		for _, c := range sum.Changes {
			if err := o.Main.W.Write(ChangeRecord(c)); err != nil {
				return err
			}
		}
	case o.Talk != nil:
		for _, c := range sum.Changes {
			fmt.Fprintf(o.Talk, "lookalike: change: %s %s (%s, risk %d) %s\n", c.Kind, Clean(c.Domain), c.Verdict, c.Risk, Clean(ChangeText(c)))
		}
	}
	return nil
}

// Abort discards every file: a failed run replaces no earlier output.
func (o *ScanOutputs) Abort() { o.close(false) }

// close finishes every file; commit decides whether files replace old ones.
func (o *ScanOutputs) close(commit bool) error {
	var first error
	keep := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	if o.Main != nil {
		keep(o.Main.Close(commit))
	}
	for _, x := range o.Extra {
		keep(x.Close(commit))
	}
	if o.Registrar != nil {
		keep(o.Registrar.Close(commit))
	}
	return first
}

// RegistrarFile is a registrar CSV being written to its file.
type RegistrarFile struct {
	file *AtomicFile
	csv  *RegistrarCSV
}

// CreateRegistrar opens path for a registrar CSV, written whole and sorted
// at Close.
func CreateRegistrar(path string) (*RegistrarFile, error) {
	f, err := CreateAtomic(path)
	if err != nil {
		return nil, err
	}
	return &RegistrarFile{file: f, csv: NewRegistrarCSV(f)}, nil
}

// Add adds a finding (only defend ones are written).
func (r *RegistrarFile) Add(f judge.Finding) { r.csv.Add(f) }

// Close writes the rows and commits the file, or discards it.
func (r *RegistrarFile) Close(commit bool) error {
	if !commit {
		r.file.Abort()
		return nil
	}
	if err := r.csv.Close(); err != nil {
		r.file.Abort()
		return fmt.Errorf("--registrar-csv: %w", err)
	}
	return r.file.Commit()
}
