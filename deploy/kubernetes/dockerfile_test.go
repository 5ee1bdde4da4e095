package kubernetes

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	cmd, args string
	line      int
}

func parseDockerfile(t *testing.T, path string) []instruction {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var (
		out  []instruction
		cur  strings.Builder
		from int
	)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if cur.Len() == 0 && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if cur.Len() == 0 {
			from = n
		}
		if strings.HasSuffix(line, "\\") {
			cur.WriteString(strings.TrimSuffix(line, "\\") + " ")
			continue
		}
		cur.WriteString(line)
		cmd, args, _ := strings.Cut(cur.String(), " ")
		out = append(out, instruction{strings.ToUpper(cmd), strings.TrimSpace(args), from})
		cur.Reset()
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cur.Len() > 0 {
		t.Fatalf("%s ends in a continuation line", path)
	}
	return out
}

// The Dockerfile has the shape issue 15 asks for, checked without docker:
// multi-stage, a static binary, CA certificates, a user that is not root.
func TestDockerfile(t *testing.T) {
	ins := parseDockerfile(t, filepath.Join("..", "..", "Dockerfile"))
	var stages [][]instruction
	for _, in := range ins {
		if in.cmd == "FROM" {
			stages = append(stages, nil)
		}
		if len(stages) == 0 {
			t.Fatalf("line %d: %s before the first FROM", in.line, in.cmd)
		}
		stages[len(stages)-1] = append(stages[len(stages)-1], in)
	}
	if len(stages) < 2 {
		t.Fatalf("%d stages: want a build stage and a runtime stage", len(stages))
	}
	build, final := stages[0], stages[len(stages)-1]
	var built bool
	for _, in := range build {
		if in.cmd == "RUN" && strings.Contains(in.args, "go build") {
			built = true
			if !strings.Contains(in.args, "CGO_ENABLED=0") {
				t.Errorf("line %d: go build without CGO_ENABLED=0: the binary would not be static", in.line)
			}
			if !strings.Contains(in.args, "./cmd/lookalike") {
				t.Errorf("line %d: go build of something other than ./cmd/lookalike", in.line)
			}
		}
	}
	if !built {
		t.Error("the first stage runs no go build")
	}
	base := strings.Fields(final[0].args)[0]
	if base != "scratch" && !strings.Contains(base, "distroless") {
		t.Errorf("runtime base %s: want scratch or distroless (nothing but the binary)", base)
	}
	var certs, binary bool
	user := ""
	for _, in := range final {
		switch in.cmd {
		case "COPY":
			if strings.Contains(in.args, "--from=") && strings.Contains(in.args, "ca-certificates") {
				certs = true
			}
			if strings.Contains(in.args, "--from=") && strings.HasSuffix(in.args, "/usr/local/bin/lookalike") {
				binary = true
			}
		case "USER":
			user = in.args
		case "ENTRYPOINT":
			if !strings.Contains(in.args, "lookalike") {
				t.Errorf("line %d: ENTRYPOINT %s is not lookalike", in.line, in.args)
			}
		}
	}
	if !certs {
		t.Error("the runtime stage copies no CA certificates: RDAP, webhooks and TLS to PostgreSQL would fail")
	}
	if !binary {
		t.Error("the runtime stage copies no lookalike binary from the build stage")
	}
	uid, _, _ := strings.Cut(user, ":")
	if user == "" || uid == "0" || uid == "root" {
		t.Errorf("USER %q: the image must not run as root", user)
	}
	// The user of the image and of the pod agree, so runAsNonRoot holds.
	cj := one(t, load(t), "CronJob")
	if got := cj.num(t, "spec.jobTemplate.spec.template.spec.securityContext.runAsUser"); uid != "" && got != atoi(t, uid) {
		t.Errorf("pod runAsUser %d, image USER %s", got, uid)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("USER %q is not numeric: runAsNonRoot needs a numeric user", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func TestDockerignoreKeepsStateAndGitOut(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]bool{}
	for _, l := range strings.Split(string(b), "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	for _, want := range []string{".git", "*.db", "*.test"} {
		if !lines[want] {
			t.Errorf(".dockerignore does not leave out %s", want)
		}
	}
}
