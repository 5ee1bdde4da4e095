package audit

import (
	"bufio"
	"io"
	"strings"
)

// robots is the part of a robots.txt (RFC 9309) that applies to one crawler.
type robots struct {
	rules []robotsRule
}

type robotsRule struct {
	allow   bool
	pattern string
}

// parseRobots reads a robots.txt and keeps the rules of the groups that name
// agent (its product token, matched without regard to case), or of the "*"
// groups when none does (RFC 9309 §2.2.1). Groups that name the same agent are
// merged. Lines it does not understand are skipped, as the RFC asks.
func parseRobots(r io.Reader, agent string) robots {
	agent = strings.ToLower(agent)
	var mine, star []robotsRule
	var matchMine, matchStar, inRules bool
	sawMine := false
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 512*1024)
	first := true
	for sc.Scan() {
		line := sc.Text()
		if first {
			// A UTF-8 byte-order mark (Windows editors write one) would glue
			// itself to the first key, and "\ufeffUser-agent" starts no group:
			// the first group's rules would be lost (RFC 9309 §2.2 lets
			// crawlers ignore it).
			line, first = strings.TrimPrefix(line, "\ufeff"), false
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		val = strings.TrimSpace(val)
		switch key {
		case "user-agent":
			if inRules {
				matchMine, matchStar, inRules = false, false, false
			}
			ua := strings.ToLower(val)
			if i := strings.IndexAny(ua, "/ "); i >= 0 {
				ua = ua[:i]
			}
			switch {
			case ua == "*":
				matchStar = true
			case ua != "" && ua == agent:
				matchMine, sawMine = true, true
			}
		case "allow", "disallow":
			inRules = true
			if val == "" {
				continue // "Disallow:" with nothing allows everything
			}
			rule := robotsRule{allow: key == "allow", pattern: val}
			if matchMine {
				mine = append(mine, rule)
			}
			if matchStar {
				star = append(star, rule)
			}
		default:
			// Sitemap, Crawl-delay and friends end nothing and start nothing.
		}
	}
	if sawMine {
		return robots{rules: mine}
	}
	return robots{rules: star}
}

// allowed applies the longest matching rule to a URL path with its query; on a
// tie, Allow wins (RFC 9309 §2.2.2). /robots.txt itself is always allowed.
func (r robots) allowed(path string) bool {
	if path == "" {
		path = "/"
	}
	if path == "/robots.txt" {
		return true
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if !robotsMatch(rule.pattern, path) {
			continue
		}
		n := len(rule.pattern)
		if n > best || n == best && rule.allow {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// robotsMatch matches a path against a pattern where "*" stands for any run
// of characters and a final "$" anchors the end; otherwise a pattern is a
// prefix.
func robotsMatch(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	pos := len(parts[0])
	if len(parts) == 1 {
		return !anchored || pos == len(path)
	}
	for i, part := range parts[1:] {
		last := i == len(parts)-2
		if last && anchored {
			return len(path)-pos >= len(part) && strings.HasSuffix(path, part)
		}
		j := strings.Index(path[pos:], part)
		if j < 0 {
			return false
		}
		pos += j + len(part)
	}
	return true
}
