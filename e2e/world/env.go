package world

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/miekg/dns"
)

// EnvWorld names the directory of a running world (one brought up with
// `world up --dir D`); tests that can share a world attach to it instead of
// starting their own.
const EnvWorld = "LOOKALIKE_E2E_WORLD"

// Keys of the env file a world writes into its directory. The file is
// shell-sourceable: `. D/env` gives scripts the addresses.
const (
	envDir      = "LOOKALIKE_E2E_WORLD"
	envNet      = "LOOKALIKE_E2E_NET"
	envNSD      = "LOOKALIKE_E2E_NSD"
	envNSDIP    = "LOOKALIKE_E2E_NSD_IP"
	envUnbound  = "LOOKALIKE_E2E_UNBOUND"
	envUnbndIP  = "LOOKALIKE_E2E_UNBOUND_IP"
	envLossy    = "LOOKALIKE_E2E_LOSSY"
	envLame     = "LOOKALIKE_E2E_LAME"
	envSilent   = "LOOKALIKE_E2E_SILENT"
	envManifest = "LOOKALIKE_E2E_MANIFEST"
	envPID      = "LOOKALIKE_E2E_PID"
)

// envVar is one KEY=value line; a slice keeps the file's order stable.
type envVar struct{ key, value string }

func (w *World) envVars() []envVar {
	lossy := ""
	if w.spec.Loss > 0 {
		lossy = w.Lossy()
	}
	return []envVar{
		{envDir, w.dir},
		{envNet, strconv.Itoa(w.Net)},
		{envNSD, w.NSD()},
		{envNSDIP, w.ip(hostNSD)},
		{envUnbound, w.Unbound()},
		{envUnbndIP, w.ip(hostUnbound)},
		{envLossy, lossy},
		{envLame, w.Lame()},
		{envSilent, w.Silent()},
		{envManifest, w.layout.manifest()},
		{envPID, strconv.Itoa(os.Getpid())},
	}
}

func writeEnv(path string, vars []envVar) error {
	var b strings.Builder
	b.WriteString("# lookalike e2e world: source this file for the addresses\n")
	for _, v := range vars {
		// Single quotes make any value without a quote safe for a shell.
		fmt.Fprintf(&b, "%s='%s'\n", v.key, v.value)
	}
	return writeFileAtomic(path, []byte(b.String()))
}

// ParseEnv reads a world's env file: KEY='value' or KEY=value lines, blank
// lines and # comments. It reads what writeEnv writes and rejects anything a
// shell would read differently.
func ParseEnv(r io.Reader) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok || !validEnvKey(key) {
			return nil, fmt.Errorf("env line %d: want KEY=value with KEY in [A-Z0-9_], got %q", n, line)
		}
		if len(val) >= 2 && val[0] == '\'' && val[len(val)-1] == '\'' {
			val = val[1 : len(val)-1]
		}
		if strings.ContainsAny(val, "'\"\\$`;&|<> \t\r") || strings.ContainsFunc(val, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return nil, fmt.Errorf("env line %d: value of %s holds quotes, spaces or shell characters", n, key)
		}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("env line %d: %s set twice", n, key)
		}
		out[key] = val
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read env: %w", err)
	}
	return out, nil
}

func validEnvKey(k string) bool {
	if k == "" || (k[0] >= '0' && k[0] <= '9') {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Attach opens a world another process runs from dir (written by `world up
// --dir dir`). The returned World reads addresses and manifest; Apply fails
// with ErrAttached and Stop does nothing.
func Attach(ctx context.Context, dir string) (*World, error) {
	f, err := os.Open(filepath.Join(dir, "env"))
	if err != nil {
		return nil, fmt.Errorf("attach world: %w (bring one up with `go run ./e2e/cmd/world up --dir %s`)", err, dir)
	}
	vars, err := ParseEnv(f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("attach world %s: %w", dir, err)
	}
	x, err := strconv.Atoi(vars[envNet])
	if err != nil || x < 1 || x > 249 {
		return nil, fmt.Errorf("attach world %s: %s=%q is not a net in 1…249", dir, envNet, vars[envNet])
	}
	if pid, err := strconv.Atoi(vars[envPID]); err != nil || syscall.Kill(pid, 0) != nil {
		return nil, fmt.Errorf("attach world %s: its owner (pid %q) is gone; bring the world up again", dir, vars[envPID])
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	w := &World{Addrs: Addrs{Net: x}, layout: layout{dir: abs}}
	if w.manifest, err = ReadManifest(w.layout.manifest()); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(w.layout.spec())
	if err != nil {
		return nil, fmt.Errorf("attach world: %w", err)
	}
	if w.spec, err = ParseSpec(data); err != nil {
		return nil, fmt.Errorf("attach world %s: %w", dir, err)
	}
	// One answer from the root proves the addresses are this world's.
	c := &dns.Client{Timeout: 2 * time.Second}
	m := new(dns.Msg)
	m.SetQuestion(".", dns.TypeSOA)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if r, _, err := c.ExchangeContext(ctx, m, w.NSD()); err != nil || !r.Authoritative {
		return nil, fmt.Errorf("attach world %s: nsd at %s does not answer for the root (%v)", dir, w.NSD(), err)
	}
	return w, nil
}

// ErrUnavailable means this machine cannot run a world.
var ErrUnavailable = errors.New("cannot run a DNS world here")

// Available reports why worlds cannot run here, or nil: nsd and unbound
// must be installed and the process must be root to bind port 53.
func Available() error {
	var missing []string
	for _, bin := range []string{"nsd", "unbound"} {
		if _, err := lookPath(bin); err != nil {
			missing = append(missing, bin)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %s not installed (apt-get install -y nsd unbound)", ErrUnavailable, strings.Join(missing, " and "))
	}
	if os.Geteuid() != 0 {
		return fmt.Errorf("%w: port 53 needs root", ErrUnavailable)
	}
	return nil
}
