package audit

import (
	"strings"
	"testing"
)

func TestRobots(t *testing.T) {
	const site = `# comment
User-agent: *
Disallow: /

User-agent: Lookalike-Audit
User-agent: otherbot
Disallow: /private/
Allow: /private/faq.html
Disallow: /*.php$
Disallow: /tmp*/cache

User-agent: lookalike-audit/2.0
Allow: /private/open/
`
	tests := []struct {
		name    string
		robots  string
		path    string
		allowed bool
	}{
		{"own group overrides the star group", site, "/index.html", true},
		{"disallowed prefix", site, "/private/secret.html", false},
		{"longer allow wins", site, "/private/faq.html", true},
		{"groups naming the agent are merged, version ignored", site, "/private/open/x", true},
		{"end anchor matches", site, "/a/b.php", false},
		{"end anchor does not match a longer path", site, "/a/b.php?x=1", true},
		{"wildcard in the middle", site, "/tmp-1/cache/x", false},
		{"wildcard does not match elsewhere", site, "/tmp/x", true},
		{"robots.txt itself is always allowed", "User-agent: *\nDisallow: /\n", "/robots.txt", true},
		{"star group applies when no group names the agent", "User-agent: googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /x\n", "/x/y", false},
		{"other agents' groups do not apply", "User-agent: googlebot\nDisallow: /\n", "/x", true},
		{"empty disallow allows all", "User-agent: *\nDisallow:\n", "/x", true},
		{"a byte-order mark does not hide the first group", "\ufeffUser-agent: *\nDisallow: /admin\n", "/admin/x", false},
		{"a byte-order mark before the agent's own group", "\ufeffUser-agent: lookalike-audit\nDisallow: /\n\nUser-agent: *\nAllow: /\n", "/x", false},
		{"tie between allow and disallow goes to allow", "User-agent: *\nDisallow: /a\nAllow: /a\n", "/a", true},
		{"no robots.txt", "", "/anything", true},
		{"rules before any user-agent line are ignored", "Disallow: /\n", "/x", true},
		{"a user-agent line after rules starts a new group", "User-agent: lookalike-audit\nDisallow: /a\nUser-agent: googlebot\nDisallow: /b\n", "/b", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rb := parseRobots(strings.NewReader(tc.robots), agentToken)
			if got := rb.allowed(tc.path); got != tc.allowed {
				t.Errorf("allowed(%q) = %v, want %v (rules %+v)", tc.path, got, tc.allowed, rb.rules)
			}
		})
	}
}

func FuzzRobots(f *testing.F) {
	f.Add("User-agent: *\nDisallow: /*a*$\nAllow: /a", "/aa")
	f.Add("user-agent:lookalike-audit\ndisallow:$", "/")
	f.Fuzz(func(t *testing.T, robots, path string) {
		rb := parseRobots(strings.NewReader(robots), agentToken)
		_ = rb.allowed(path)
		if !rb.allowed("/robots.txt") {
			t.Fatal("robots.txt must always be allowed")
		}
	})
}
