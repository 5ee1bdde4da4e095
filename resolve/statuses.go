package resolve

import "strings"

// ParseStatuses reads a list of status names (any case); nil when the
// list is empty: every status.
func ParseStatuses(list []string) (map[Status]bool, error) {
	if len(list) == 0 {
		return nil, nil
	}
	m := map[Status]bool{}
	for _, p := range list {
		st, err := ParseStatus(strings.ToLower(p))
		if err != nil {
			return nil, err
		}
		m[st] = true
	}
	return m, nil
}
