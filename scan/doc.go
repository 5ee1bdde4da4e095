// Package scan is lookalike's engine: one library call that takes brands (or
// a list of names) through generation, the resolver probes, the brands'
// profiles, resolution, judgement, the RDAP second opinion and the history
// store, and hands every finding to a Sink in input order. With Options.Web,
// registered names that are not the brand's are also fetched (web) and their
// mail servers greeted (smtpbanner), and judged again with what they showed.
//
// It owns the rules of a run: which inputs are read and how (a candidate list
// is read once, spooled to a temporary file, so a pipe works; bad lines are
// counted and the first few kept with their line numbers; GeneratorSpec reads
// the word files a command line or config names for the generator), which verdicts get
// an RDAP lookup, which findings are offered for registration, how a finding
// becomes a stored observation, when a run is complete and so a baseline, and
// when its changes are handed to the notifier. The scan command, audit and
// match call Run; so can any program, such as a worker of a Kubernetes job.
//
// It never parses flags, never prints (warnings go to Options.Warn, results
// to the Sink) and never formats output (package report does).
package scan
