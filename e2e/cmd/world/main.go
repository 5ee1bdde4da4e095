package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/lookalike/lookalike/e2e/world"
	"golang.org/x/net/publicsuffix"
)

const usage = `usage:
  world up    --dir D [--spec default|FILE.json] [--net X] [--nsd-servers N] [--timeout 2m]
  world down  --dir D [--timeout 30s]
  world names --dir D [--status registered|unregistered|all] [--wildcard=false]
  world spec  --brands a.com,b.fr --candidates FILE [--registered 0.05] [--lame N] [--silent N] [--seed S] [--loss L]
  world check --dir D --format lookalike|dnstwist FILE
`

// errUsage makes main exit 2, as lookalike does for bad usage.
var errUsage = errors.New("bad usage")

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, errUsage) || errors.Is(err, flag.ErrHelp):
		fmt.Fprint(os.Stderr, usage)
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "world:", err)
		}
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "world:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: no command", errUsage)
	}
	switch args[0] {
	case "up":
		return up(args[1:], stdout)
	case "serve":
		return serve(args[1:])
	case "down":
		return down(args[1:], stdout)
	case "names":
		return names(args[1:], stdout)
	case "spec":
		return spec(args[1:], stdout, stderr)
	case "check":
		return check(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		return flag.ErrHelp
	}
	return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
}

func parse(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	return nil
}

type serveFlags struct {
	dir     string
	spec    string
	net     int
	servers int
	timeout time.Duration
}

func (f *serveFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.dir, "dir", "", "directory for the world's files (required)")
	fs.StringVar(&f.spec, "spec", "default", `"default" or a JSON spec file`)
	fs.IntVar(&f.net, "net", 0, "use 127.53.X.0/24 (0: first free)")
	fs.IntVar(&f.servers, "nsd-servers", 1, "nsd server processes")
	fs.DurationVar(&f.timeout, "timeout", 2*time.Minute, "how long the world may take to come up")
}

func (f *serveFlags) args() []string {
	return []string{"--dir", f.dir, "--spec", f.spec, "--net", strconv.Itoa(f.net),
		"--nsd-servers", strconv.Itoa(f.servers), "--timeout", f.timeout.String()}
}

func loadSpec(name string) (world.Spec, error) {
	if name == "default" {
		return world.Default(), nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return world.Spec{}, fmt.Errorf("read spec: %w (give a JSON file or \"default\")", err)
	}
	s, err := world.ParseSpec(data)
	if err != nil {
		return world.Spec{}, fmt.Errorf("spec %s: %w", name, err)
	}
	return s, nil
}

// up starts `world serve` in its own session, so that the world outlives
// this process (and `go run`), then waits for the env file it writes.
func up(args []string, stdout io.Writer) error {
	var f serveFlags
	fs := flag.NewFlagSet("up", flag.ContinueOnError)
	f.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if f.dir == "" {
		return fmt.Errorf("%w: --dir is required", errUsage)
	}
	if _, err := loadSpec(f.spec); err != nil { // fail here, not in the background
		return err
	}
	dir, err := filepath.Abs(f.dir)
	if err != nil {
		return err
	}
	f.dir = dir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	envPath := filepath.Join(dir, "env")
	if _, err := world.Attach(context.Background(), dir); err == nil {
		return fmt.Errorf("a world is already up in %s: `world down --dir %s` first", dir, dir)
	}
	os.Remove(envPath)
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	logPath := filepath.Join(dir, "serve.log")
	logf, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd := exec.Command(exe, append([]string{"serve"}, f.args()...)...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start world supervisor: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.After(f.timeout + 10*time.Second)
	for {
		if data, err := os.ReadFile(envPath); err == nil {
			vars, err := world.ParseEnv(strings.NewReader(string(data)))
			if err == nil && vars["LOOKALIKE_E2E_PID"] == strconv.Itoa(cmd.Process.Pid) {
				_, err = stdout.Write(data)
				return err
			}
		}
		select {
		case err := <-exited:
			return fmt.Errorf("world supervisor exited (%v); %s says:\n%s", err, logPath, readTail(logPath))
		case <-deadline:
			_ = cmd.Process.Signal(syscall.SIGTERM)
			return fmt.Errorf("world not up after %v; see %s", f.timeout, logPath)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func readTail(path string) string {
	data, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > 30 {
		lines = lines[len(lines)-30:]
	}
	return strings.Join(lines, "\n")
}

// serve owns a world until SIGTERM or SIGINT.
func serve(args []string) error {
	var f serveFlags
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	f.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := loadSpec(f.spec)
	if err != nil {
		return err
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
	w, err := world.Options{Dir: f.dir, Net: f.net, NSDServers: f.servers}.Start(ctx, s)
	cancel()
	if err != nil {
		return err
	}
	fmt.Printf("world up: nsd %s, unbound %s, %d names (pid %d)\n", w.NSD(), w.Unbound(), len(w.Manifest().Entries), os.Getpid())
	got := <-sig
	fmt.Printf("world down on %v\n", got)
	w.Stop()
	return nil
}

func down(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("down", flag.ContinueOnError)
	dir := fs.String("dir", "", "the world's directory (required)")
	timeout := fs.Duration("timeout", 30*time.Second, "how long to wait for the world to stop")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *dir == "" {
		return fmt.Errorf("%w: --dir is required", errUsage)
	}
	envPath := filepath.Join(*dir, "env")
	data, err := os.ReadFile(envPath)
	if errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(stdout, "no world up in %s\n", *dir)
		return nil
	}
	if err != nil {
		return err
	}
	vars, err := world.ParseEnv(strings.NewReader(string(data)))
	if err != nil {
		return fmt.Errorf("%s: %w", envPath, err)
	}
	pid, err := strconv.Atoi(vars["LOOKALIKE_E2E_PID"])
	if err != nil || pid <= 1 {
		return fmt.Errorf("%s: no supervisor pid", envPath)
	}
	if !alive(pid) {
		os.Remove(envPath)
		fmt.Fprintf(stdout, "world in %s was already down (pid %d gone)\n", *dir, pid)
		return nil
	}
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		return fmt.Errorf("stop world supervisor %d: %w", pid, err)
	}
	// The supervisor removes env once the daemons are gone.
	deadline := time.Now().Add(*timeout)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(envPath); errors.Is(err, os.ErrNotExist) || !alive(pid) {
			fmt.Fprintf(stdout, "world in %s is down\n", *dir)
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = syscall.Kill(pid, syscall.SIGKILL) // its daemons die with it (parent-death signal)
	return fmt.Errorf("world supervisor %d did not stop in %v; killed it", pid, *timeout)
}

// alive: the process exists and is not a zombie (a container's init may
// never reap a detached supervisor).
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// The state follows the parenthesised command name.
	if i := strings.LastIndexByte(string(stat), ')'); i >= 0 && i+2 < len(stat) {
		return stat[i+2] != 'Z'
	}
	return true
}

func names(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("names", flag.ContinueOnError)
	dir := fs.String("dir", "", "the world's directory (required)")
	status := fs.String("status", "all", "registered, unregistered or all")
	wildcard := fs.Bool("wildcard", true, "include names under wildcard TLDs")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *dir == "" {
		return fmt.Errorf("%w: --dir is required", errUsage)
	}
	m, err := world.ReadManifest(filepath.Join(*dir, "manifest.json"))
	if err != nil {
		return err
	}
	if *status != "all" && *status != "registered" && *status != "unregistered" {
		return fmt.Errorf("%w: --status %q: want registered, unregistered or all", errUsage, *status)
	}
	bw := bufio.NewWriter(stdout)
	for _, e := range m.Entries {
		if (*status == "registered" && !e.Registered) || (*status == "unregistered" && e.Registered) {
			continue
		}
		if e.Wildcard && !*wildcard {
			continue
		}
		fmt.Fprintln(bw, e.Domain)
	}
	return bw.Flush()
}

// spec builds a benchmark world from a candidate list: a fraction of the
// registrable candidates (picked by a seeded hash, so the same input gives
// the same world) registered with kinds in rotation, a few lame and silent,
// and every other candidate listed as unregistered.
func spec(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("spec", flag.ContinueOnError)
	brands := fs.String("brands", "", "comma-separated brand domains (required)")
	candidates := fs.String("candidates", "", "file of candidate names, one a line (required)")
	frac := fs.Float64("registered", 0.05, "fraction of candidates to register")
	lame := fs.Int("lame", 20, "how many registered names are lame")
	silent := fs.Int("silent", 20, "how many registered names are silent")
	seed := fs.Uint64("seed", 1, "seed of the pick")
	loss := fs.Float64("loss", 0.3, "loss of the lossy front")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *brands == "" || *candidates == "" {
		return fmt.Errorf("%w: --brands and --candidates are required", errUsage)
	}
	if *frac < 0 || *frac > 1 {
		return fmt.Errorf("%w: --registered %v: want a fraction in [0, 1]", errUsage, *frac)
	}
	s := world.Spec{Brands: strings.Split(*brands, ","), WildcardTLDs: []string{"ws"}, TLDs: []string{"ws"}, Loss: *loss}
	isBrand := map[string]bool{}
	for _, b := range s.Brands {
		isBrand[b] = true
	}
	f, err := os.Open(*candidates)
	if err != nil {
		return err
	}
	defer f.Close()
	var regs, unregs []string
	seen := map[string]bool{}
	skipped := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		d := strings.ToLower(strings.TrimSpace(sc.Text()))
		if d == "" || strings.HasPrefix(d, "#") || seen[d] || isBrand[d] {
			continue
		}
		seen[d] = true
		reg, err := publicsuffix.EffectiveTLDPlusOne(d)
		if err != nil || reg != d {
			skipped++ // a subdomain would sit inside another name's zone
			continue
		}
		if float64(pickHash(*seed, d)%1_000_000)/1_000_000 < *frac {
			regs = append(regs, d)
		} else {
			unregs = append(unregs, d)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	// Kinds go by the seeded hash too, not by file order: a generator lists
	// the simple typos first, and those should not all end up lame.
	slices.SortFunc(regs, func(a, b string) int { return cmp.Compare(pickHash(*seed+1, a), pickHash(*seed+1, b)) })
	kinds := []world.Kind{world.AMX, world.NSOnly, world.MXOnly, world.AOnly, world.Parked}
	for i, d := range regs {
		k := kinds[i%len(kinds)]
		switch {
		case i < *lame:
			k = world.Lame
		case i < *lame+*silent:
			k = world.Silent
		}
		s.Registered = append(s.Registered, world.Name{Domain: d, Kind: k})
	}
	s.Unregistered = unregs
	if err := s.Validate(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "world spec: %d registered (%d lame, %d silent), %d unregistered, %d subdomains skipped\n",
		len(regs), min(*lame, len(regs)), max(0, min(*silent, len(regs)-*lame)), len(unregs), skipped)
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", " ")
	return enc.Encode(s)
}

func pickHash(seed uint64, d string) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%s", seed, d)
	return h.Sum64()
}
