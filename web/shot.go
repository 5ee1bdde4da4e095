package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/corona10/goimagehash"
)

// DefaultChromium is where Debian's chromium package puts the browser.
const DefaultChromium = "/usr/bin/chromium"

// ErrNoChromium means no browser was found to take screenshots with. A scan
// asked for screenshots stops with it rather than go on without them.
var ErrNoChromium = errors.New("chromium not found")

// ShotOptions tune a Shooter.
type ShotOptions struct {
	// Chromium is the browser binary; empty means DefaultChromium, then
	// chromium or chromium-browser on PATH.
	Chromium string
	// Dir receives one PNG per name (created when missing).
	Dir string
	// Width and Height of the viewport (1280×800).
	Width, Height int
	// Timeout bounds one page, load and capture (20 s).
	Timeout time.Duration
}

// Shot is one screenshot.
type Shot struct {
	Name string `json:"name"`
	URL  string `json:"url"`
	// Path of the PNG.
	Path string `json:"path"`
	// PHash is the 64-bit perceptual hash (DCT of a 32×32 grey image).
	PHash uint64 `json:"phash"`
}

// ShotSimilarity is 0–100 from the perceptual hashes of two screenshots:
// 100 for the same picture, 0 from half the bits apart (32), where unrelated
// pictures land.
func ShotSimilarity(a, b Shot) int {
	d := goimagehash.NewImageHash(a.PHash, goimagehash.PHash)
	e := goimagehash.NewImageHash(b.PHash, goimagehash.PHash)
	dist, err := d.Distance(e)
	if err != nil {
		return 0
	}
	return int(math.Round(max(0, 100*(1-float64(dist)/32))))
}

// Shooter takes screenshots with one headless Chromium. All of its
// traffic goes through a proxy that dials with the fetcher's Dialer.
type Shooter struct {
	opt     ShotOptions
	proxy   *proxy
	dataDir string
	alloc   context.CancelFunc
	browser context.Context
	cancel  context.CancelFunc
}

// FindChromium returns the browser binary to use, or an error wrapping
// ErrNoChromium that says how to install one.
func FindChromium(path string) (string, error) {
	if path != "" {
		if p, err := exec.LookPath(path); err == nil {
			return p, nil
		}
		return "", fmt.Errorf("%w at %s: install Debian's chromium package (apt-get install chromium) or give the path of a Chromium binary", ErrNoChromium, path)
	}
	for _, p := range []string{DefaultChromium, "chromium", "chromium-browser"} {
		if found, err := exec.LookPath(p); err == nil {
			return found, nil
		}
	}
	return "", fmt.Errorf("%w at %s or on PATH: install Debian's chromium package (apt-get install chromium) to take screenshots", ErrNoChromium, DefaultChromium)
}

// NewShooter starts Chromium (headless, no sandbox, no GPU, no QUIC, no
// background networking, a fresh profile) behind a proxy that uses f's
// Dialer. ctx bounds the browser's life; Close ends it sooner.
func (f *Fetcher) NewShooter(ctx context.Context, o ShotOptions) (*Shooter, error) {
	bin, err := FindChromium(o.Chromium)
	if err != nil {
		return nil, err
	}
	if o.Width <= 0 || o.Height <= 0 {
		o.Width, o.Height = 1280, 800
	}
	if o.Timeout <= 0 {
		o.Timeout = 20 * time.Second
	}
	if o.Dir == "" {
		return nil, errors.New("screenshots: no directory given for the PNGs")
	}
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("screenshots: %w", err)
	}
	dataDir, err := os.MkdirTemp("", "lookalike-chromium-")
	if err != nil {
		return nil, fmt.Errorf("screenshots: profile directory: %w", err)
	}
	px, err := startProxy(f.dialer, o.Timeout)
	if err != nil {
		os.RemoveAll(dataDir)
		return nil, fmt.Errorf("screenshots: proxy: %w", err)
	}
	s := &Shooter{opt: o, proxy: px, dataDir: dataDir}
	allocCtx, allocCancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(dataDir),
		chromedp.WindowSize(o.Width, o.Height),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-client-side-phishing-detection", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints,DialMediaRouteProvider,DnsOverHttps,AsyncDns"),
		// WebRTC would send UDP around the proxy; only proxied traffic may go.
		chromedp.Flag("force-webrtc-ip-handling-policy", "disable_non_proxied_udp"),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("no-pings", true),
		// Every request, loopback included, goes to the proxy; the browser
		// never looks a name up itself.
		chromedp.ProxyServer("http://"+px.addr()),
		chromedp.Flag("proxy-bypass-list", "<-loopback>"),
		// A phishing page's certificate is often bad; it is recorded by the
		// fetcher, and the picture is wanted all the same.
		chromedp.IgnoreCertErrors,
	)
	s.alloc = allocCancel
	s.browser, s.cancel = chromedp.NewContext(allocCtx)
	// The first run starts the browser: fail here, not at the first page.
	if err := chromedp.Do(s.browser); err != nil {
		s.Close()
		return nil, fmt.Errorf("screenshots: start %s: %w", bin, err)
	}
	return s, nil
}

// Close ends the browser and the proxy and removes the profile.
func (s *Shooter) Close() {
	if s.cancel != nil {
		s.cancel()
	}
	if s.alloc != nil {
		s.alloc()
	}
	s.proxy.close()
	os.RemoveAll(s.dataDir)
}

// Shoot loads url in a new tab, captures the viewport, writes
// Dir/<name>.png and returns the shot with its perceptual hash.
func (s *Shooter) Shoot(ctx context.Context, name, url string) (Shot, error) {
	shot := Shot{Name: name, URL: url, Path: filepath.Join(s.opt.Dir, fileName(name)+".png")}
	tab, cancel := chromedp.NewContext(s.browser)
	defer cancel()
	tab, cancelT := context.WithTimeout(tab, s.opt.Timeout)
	defer cancelT()
	stop := context.AfterFunc(ctx, cancelT)
	defer stop()
	if err := chromedp.Do(tab, chromedp.Navigate(url)); err != nil {
		return shot, fmt.Errorf("screenshot of %s: load: %w", url, err)
	}
	img, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
	if err != nil {
		return shot, fmt.Errorf("screenshot of %s: capture: %w", url, err)
	}
	pic, err := png.Decode(bytes.NewReader(img))
	if err != nil {
		return shot, fmt.Errorf("screenshot of %s: decode: %w", url, err)
	}
	h, err := goimagehash.PerceptionHash(pic)
	if err != nil {
		return shot, fmt.Errorf("screenshot of %s: hash: %w", url, err)
	}
	shot.PHash = h.GetHash()
	if err := writeAtomic(shot.Path, img); err != nil {
		return shot, fmt.Errorf("screenshot of %s: %w", url, err)
	}
	return shot, nil
}

// fileName makes a name safe as a file name: an A-label already is, but
// the name may come from anywhere.
func fileName(name string) string {
	f := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '_'
	}, strings.ToLower(name))
	f = strings.Trim(f, ".")
	if f == "" {
		f = "_"
	}
	return clip(f, 200)
}

func writeAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".shot-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
