// Package judge decides what a resolve result means to the brand: the brand's
// profile (its own name servers, mail hosts, portfolio and owner patterns),
// the verdict of each name (defend, third-party, parked, owned, unknown), the
// mail flag, the evidence an analyst can check, and the risk score with its
// factors.
//
// It owns the rules of judgement and nothing else: it never touches the
// network (the scan engine hands it results and RDAP answers), never renders
// (package report writes findings) and never decides registration (package
// resolve does).
package judge
