package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// ErrBadRecord is wrapped by ReadJSONL's error for a line that is not a
// record: the caller's input is wrong.
var ErrBadRecord = errors.New("not a record")

// ReadJSONL reads the records of a scan's JSONL output (name names it in
// errors) by domain. A line that is not a JSON object is refused with its
// number: evidence sent to an abuse desk must not come from a half-read file.
func ReadJSONL(f io.Reader, name string) (map[string]Record, error) {
	out := map[string]Record{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			return nil, fmt.Errorf("%s:%d: not a JSON object (%v); give the output of scan --format jsonl: %w", name, n, err, ErrBadRecord)
		}
		var r Record
		for _, k := range slices.Sorted(maps.Keys(m)) {
			r = append(r, Field{Key: k, Value: jsonValue(m[k])})
		}
		if d, ok := m["domain"].(string); ok {
			out[strings.ToLower(d)] = r
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// jsonValue brings a decoded JSON value to the kinds a Record holds.
func jsonValue(v any) any {
	switch x := v.(type) {
	case float64:
		if x == float64(int(x)) {
			return int(x)
		}
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return v
}
