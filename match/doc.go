// Package match finds the lookalikes of many brands among names observed
// elsewhere: newly-registered-domain lists and logs (List), TLD zone files
// (Zone) and Certificate Transparency logs (CT). Run streams each source's
// names through similar.Index — the project's one judgement of likeness —
// and hands every lookalike to a sink, with the source and line (or CT log
// index) it came from.
//
// It owns reading those sources (gzip detection, CSV lists, RFC 1035 master
// files, the RFC 6962 client with its rate limit, back-off and size caps),
// the brands' index (NewIndex), the one source a command line names, checked
// and opened (SourceSpec), the
// CT position committed only once a run's output is kept (LaterState),
// the worker pool and the junk report: an input that is no name is counted
// and the first few are kept with their line, never fatal. It never judges
// likeness itself (package similar), never resolves (the scan engine takes
// the matches on with --resolve), never prints, and keeps no set of names:
// memory stays flat however long the stream (Collect alone, the names a
// scan of the matches resolves, holds each match once). The only network it touches is
// the CT log it is given.
package match
