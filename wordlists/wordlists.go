package wordlists

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
)

// dataFS holds every data file of the package. It is the package's only embed
// directive: other files read through readData, never through an embed of their own.
//
//go:embed data
var dataFS embed.FS

// headerKeys are the facts every data file must record in its leading comment
// block, as "# key: value" lines (case-insensitive keys, any order, other
// comment lines allowed between them). "license" is accepted for "licence".
var headerKeys = []string{"source", "licence", "date"}

// headerDate is the form of the "# date:" value: the day the data was taken.
var headerDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// readData is the shared loader for the package's embedded data. For anyone
// adding a data file:
//
//   - name is relative to data/, e.g. "parking/parking.txt".
//   - The file must start with a block of "#" comment lines (the header)
//     containing "# source: ...", "# licence: ..." (or "license") and
//     "# date: YYYY-MM-DD". Several source lines are fine. Without them readData
//     fails, so a file can never ship without saying where it came from.
//   - After the header, blank lines and lines whose first non-space character is
//     '#' are skipped. A field that starts with '#' begins a trailing comment
//     ("sedoparking.com  # Sedo's parking NS"), so no datum may start with '#'.
//   - Every other line is returned split on Unicode white space
//     (strings.Fields), in file order. A UTF-8 BOM or CRLF endings are tolerated.
//
// Content checks (lower case, LDH, duplicates...) belong to the caller, whose
// test should exercise them: readData only guarantees the header and the shape.
func readData(name string) ([][]string, error) {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return nil, fmt.Errorf("wordlists: read embedded data/%s: %w (is the file under wordlists/data?)", name, err)
	}
	return parseData(name, b)
}

// parseData is readData without the file system, so tests can feed it bytes.
func parseData(name string, b []byte) ([][]string, error) {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	seen := map[string]bool{}
	inHeader := true
	var lines [][]string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if inHeader {
			if strings.HasPrefix(line, "#") {
				key, val, ok := strings.Cut(strings.TrimSpace(line[1:]), ":")
				key = strings.ToLower(strings.TrimSpace(key))
				if key == "license" {
					key = "licence"
				}
				val = strings.TrimSpace(val)
				if ok && val != "" {
					if key == "date" && !headerDate.MatchString(val) {
						return nil, fmt.Errorf("wordlists: data/%s:%d: header date %q is not YYYY-MM-DD", name, n, val)
					}
					seen[key] = true
				}
				continue
			}
			if n == 1 {
				return nil, fmt.Errorf("wordlists: data/%s: no header: start the file with # source:, # licence: and # date: lines", name)
			}
			inHeader = false
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		for i, f := range fields {
			if strings.HasPrefix(f, "#") {
				fields = fields[:i]
				break
			}
		}
		lines = append(lines, fields)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("wordlists: scan data/%s: %w", name, err)
	}
	for _, k := range headerKeys {
		if !seen[k] {
			return nil, fmt.Errorf("wordlists: data/%s: header lacks a \"# %s: ...\" line; say where the data came from", name, k)
		}
	}
	return lines, nil
}

// mustData is readData that panics when the file is broken. The data is compiled
// into the binary, so a broken file is a build defect that the package tests
// catch, like a bad regexp.MustCompile pattern; callers with a public API that
// cannot return an error use it, inside a package-level sync.OnceValue so the
// file is parsed once:
//
//	var parkingData = sync.OnceValue(func() []ParkingService { ... mustData("parking/parking.txt") ... })
func mustData(name string) [][]string {
	lines, err := readData(name)
	if err != nil {
		panic(err)
	}
	return lines
}

// dataFiles lists every embedded data file relative to data/, for the tests
// that check all headers at once.
func dataFiles() ([]string, error) {
	var names []string
	err := fs.WalkDir(dataFS, "data", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		names = append(names, strings.TrimPrefix(p, "data/"))
		return nil
	})
	return names, err
}
