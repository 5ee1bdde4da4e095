package notify

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/report"
)

// Message is one notification: the same for every channel.
type Message struct {
	Subject string
	// Text is the listing people read: in the webhook's text field and as the
	// mail body.
	Text string
	// Alert is history.Alerting of the changes: exit status 3 material.
	Alert   bool
	Changes []history.Change
}

// maxTextLines bounds the listing in a message: chat services cut long
// messages (Slack at 40,000 characters), and the full list is in Changes.
const maxTextLines = 200

// NewMessage builds the message for changes (sorted as history.SortChanges
// does).
func NewMessage(changes []history.Change) Message {
	cs := slices.Clone(changes)
	history.SortChanges(cs)
	return Message{
		Subject: Subject(cs),
		Text:    Text(cs, maxTextLines),
		Alert:   history.Alerting(cs),
		Changes: cs,
	}
}

// Subject sums changes up in one line: "lookalike: 6 changes for brand.fr
// (2 newly-registered, 1 gained-mx, ...)".
func Subject(changes []history.Change) string {
	if len(changes) == 0 {
		return "lookalike: no changes"
	}
	n := map[history.Kind]int{}
	var brands []string
	for _, c := range changes {
		n[c.Kind]++
		if !slices.Contains(brands, c.Brand) {
			brands = append(brands, c.Brand)
		}
	}
	slices.Sort(brands)
	var parts []string
	for _, k := range history.Kinds {
		if n[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[k], k))
		}
	}
	plural := "s"
	if len(changes) == 1 {
		plural = ""
	}
	return clean(fmt.Sprintf("lookalike: %d change%s for %s (%s)",
		len(changes), plural, strings.Join(brands, ", "), strings.Join(parts, ", ")))
}

// Text lists changes one a line, in the order given, at most max lines of
// changes (max <= 0: all), followed by a line saying how many were left out.
// Every value that came from the network is stripped of control characters.
func Text(changes []history.Change, max int) string {
	var b strings.Builder
	b.WriteString(Subject(changes))
	b.WriteString("\n\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for i, c := range changes {
		if max > 0 && i == max {
			break
		}
		name := c.Domain
		if c.Unicode != "" && c.Unicode != c.Domain {
			name += " (" + c.Unicode + ")"
		}
		verdict := c.Verdict
		if verdict == "" {
			verdict = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", clean(string(c.Kind)), clean(name),
			clean(verdict), "risk "+strconv.Itoa(c.Risk), clean(detail(c)))
	}
	tw.Flush()
	if max > 0 && len(changes) > max {
		fmt.Fprintf(&b, "… and %d more (the full list is in the changes field, or run lookalike diff)\n", len(changes)-max)
	}
	return b.String()
}

// detail says what changed; for a new registration, where the name points.
func detail(c history.Change) string {
	list := func(l []string) string {
		if len(l) == 0 {
			return "(none)"
		}
		return strings.Join(l, " ")
	}
	if c.Kind == history.NewlyRegistered {
		var parts []string
		for _, r := range []struct {
			name string
			v    []string
		}{{"mx", c.MX}, {"a", c.A}, {"aaaa", c.AAAA}, {"ns", c.NS}} {
			if len(r.v) > 0 {
				parts = append(parts, r.name+" "+strings.Join(r.v, " "))
			}
		}
		if len(parts) == 0 {
			return "no records"
		}
		return strings.Join(parts, "; ")
	}
	return c.Field + ": " + list(c.Before) + " -> " + list(c.After)
}

// clean makes network text safe to show: valid UTF-8 (a stray 0xff byte is
// also tabwriter's escape character) without control characters.
func clean(s string) string {
	return report.Clean(strings.ToValidUTF8(s, "\uFFFD"))
}
