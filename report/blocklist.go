package report

import (
	"bufio"
	"io"
)

// NewBlocklistWriter returns the blocklist format: the exported names, one a
// line, sorted, nothing else, as mail filters and web proxies read them.
// Records are kept until Close, which writes the list.
func NewBlocklistWriter(w io.Writer, o ExportOptions) Writer {
	return &blocklistWriter{w: w, set: newExportSet(o)}
}

type blocklistWriter struct {
	w   io.Writer
	set *exportSet
}

func (b *blocklistWriter) Write(r Record) error {
	b.set.add(r)
	return nil
}

func (b *blocklistWriter) Close() error {
	bw := bufio.NewWriter(b.w)
	for _, e := range b.set.sorted() {
		bw.WriteString(e.domain)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
