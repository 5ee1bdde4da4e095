package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/lookalike/lookalike/permute"
)

// MaxFileSize is how much of one file ScanPaths reads. Templates and
// configuration are far smaller; a larger file is a bundle or a data dump, and
// its first megabytes hold what a deployment references.
const MaxFileSize = 4 << 20

// extractors by file extension, for files found while walking a directory.
// A file named on the command line is read whatever its extension: as HTML
// when it looks like HTML, as text otherwise.
var extractors = map[string]string{
	".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
	".js": "script", ".mjs": "script", ".cjs": "script",
	".json": "json", ".webmanifest": "json",
	".eml": "text", ".txt": "text", ".xml": "text", ".yml": "text", ".yaml": "text",
	".conf": "text", ".env": "text", ".properties": "text", ".cfg": "text", ".ini": "text",
	".toml": "text",
}

// skipDirs are directories whose contents are not the organisation's own:
// version control and installed dependencies.
var skipDirs = map[string]bool{".git": true, ".hg": true, ".svn": true, "node_modules": true}

// ScanPaths reads the files and directory trees named by paths and returns what
// the extractors find in them, in walk order (paths in the order given,
// directories in lexical order), each Ref's Source being "path:line". Inside a
// directory it reads the extensions in extractors, skips .git and node_modules,
// and reads at most MaxFileSize bytes of each file. A path that does not exist
// is an input error (errors.Is(err, permute.ErrBadInput)).
func ScanPaths(ctx context.Context, paths []string) ([]Ref, error) {
	var c collector
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return c.refs, &permute.InputError{Input: root, Msg: "does not exist; give a file or directory to audit"}
			}
			return c.refs, fmt.Errorf("audit %s: %w", root, err)
		}
		if !info.IsDir() {
			if err := scanFile(ctx, &c, root, ""); err != nil {
				return c.refs, err
			}
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("audit %s: %w", path, err)
			}
			if d.IsDir() {
				if path != root && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			kind, ok := extractors[strings.ToLower(filepath.Ext(path))]
			if !ok {
				return nil
			}
			return scanFile(ctx, &c, path, kind)
		})
		if err != nil {
			return c.refs, err
		}
	}
	return c.refs, nil
}

func scanFile(ctx context.Context, c *collector, path, kind string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("audit %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize))
	if err != nil {
		return fmt.Errorf("audit %s: %w", path, err)
	}
	if kind == "" {
		kind = extractors[strings.ToLower(filepath.Ext(path))]
		if kind == "" {
			kind = "text"
			if looksLikeHTML(data) {
				kind = "html"
			}
		}
	}
	loc := locator{source: path, lines: true}
	switch kind {
	case "html":
		_, err = parseHTML(c, bytes.NewReader(data), nil, loc)
	case "script":
		extractScript(c, string(data), loc, KindJSURL, KindJSHost)
	case "json":
		extractJSON(c, string(data), loc)
	default:
		err = extractText(c, bytes.NewReader(data), loc)
	}
	return err
}

func looksLikeHTML(data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), 1024)])
	return bytes.Contains(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<html")) ||
		bytes.Contains(head, []byte("<body")) || bytes.Contains(head, []byte("<div")) ||
		bytes.Contains(head, []byte("<form"))
}
