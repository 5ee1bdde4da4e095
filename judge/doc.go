// Package judge decides what a resolve result means to the brand: the brand's
// profile (its own name servers, mail hosts, portfolio and owner patterns),
// the verdict of each name (defend, third-party, parked, owned, unknown), the
// mail flag, the evidence an analyst can check, and the risk score with its
// factors, and the ranking prior of defend names (Prior, RankDefend, Budget).
// The risk's name term and the prior weigh the form package similar reads in
// the name (kind, affix words, the edit); judge owns only the points and the
// weights, and never reads a name's form itself. JudgeWeb adds what a name's
// site and mail servers showed (package web's signals): impersonating,
// parked by content, a redirect to the brand (evidence, never ownership).
//
// It owns the rules of judgement and nothing else: it never touches the
// network (the scan engine hands it results, RDAP answers and web records),
// never renders (package report writes findings) and never decides
// registration (package resolve does).
package judge
