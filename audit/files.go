package audit

import (
	"bufio"
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

// MaxFileSize is the piece of a file that ScanPaths holds in memory at a
// time. Every file is read whole: a larger one (a 100 MB bundle, a data dump)
// is read piece by piece, each piece ending at a line break, or, in a file
// without one for that long (minified code), at a byte that cannot be part of
// a host name, so that no reference is cut in two. HTML is streamed through
// its tokenizer.
const MaxFileSize = 4 << 20

// cutBytes may end a piece of a file without a line break: none can be part
// of a URL's host.
const cutBytes = " \t\r\n\"'`<>(){}[],;|"

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
// and reads every file whole, MaxFileSize bytes at a time. A path that does not exist
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
	br := bufio.NewReaderSize(f, 64<<10)
	if kind == "" {
		kind = extractors[strings.ToLower(filepath.Ext(path))]
		if kind == "" {
			kind = "text"
			head, _ := br.Peek(1024)
			if looksLikeHTML(head) {
				kind = "html"
			}
		}
	}
	loc := locator{source: path, lines: true}
	if kind == "html" {
		if _, err := parseHTML(c, br, nil, loc); err != nil {
			return fmt.Errorf("audit %s: %w", path, err)
		}
		return nil
	}
	err = eachPiece(ctx, br, MaxFileSize, func(piece []byte, line int) error {
		ploc := loc.shift(line)
		switch kind {
		case "script":
			extractScript(c, string(piece), ploc, KindJSURL, KindJSHost)
		case "json":
			extractJSON(c, string(piece), ploc)
		default:
			if line > 1 {
				// Only a file's first lines can be mail headers: a later piece
				// starts past a blank line, as a body does.
				return extractText(c, io.MultiReader(strings.NewReader("\n"), bytes.NewReader(piece)), loc.shift(line-1))
			}
			return extractText(c, bytes.NewReader(piece), ploc)
		}
		return nil
	})
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("audit %s: %w", path, err)
	}
	return err
}

// eachPiece reads r to its end in pieces of at most size bytes, each cut after
// its last line break, or else after its last cutBytes byte, or else (size
// bytes without either) where it is; fn gets each piece and the number of its
// first line. An error reading is wrapped with the path by the caller.
func eachPiece(ctx context.Context, r io.Reader, size int, fn func(piece []byte, line int) error) error {
	buf := make([]byte, size)
	have, line := 0, 1
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := io.ReadFull(r, buf[have:])
		have += n
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return err
		}
		cut := have
		if !eof {
			if i := bytes.LastIndexByte(buf[:have], '\n'); i >= 0 {
				cut = i + 1
			} else if i := bytes.LastIndexAny(buf[:have], cutBytes); i >= 0 {
				cut = i + 1
			}
		}
		if cut > 0 {
			if err := fn(buf[:cut], line); err != nil {
				return err
			}
			line += bytes.Count(buf[:cut], []byte{'\n'})
		}
		if eof {
			return nil
		}
		have = copy(buf, buf[cut:have])
	}
}

func looksLikeHTML(data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), 1024)])
	return bytes.Contains(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<html")) ||
		bytes.Contains(head, []byte("<body")) || bytes.Contains(head, []byte("<div")) ||
		bytes.Contains(head, []byte("<form"))
}
