package wordlists

import (
	"strings"
	"testing"
)

func TestEnglishWords(t *testing.T) {
	words := EnglishWords()
	if len(words) < 50000 {
		t.Fatalf("EnglishWords: %d words, want the SCOWL size-50 list (> 50,000)", len(words))
	}
	for _, tc := range []struct {
		word string
		want bool
	}{
		{"pineapple", true},
		{"grapple", true},
		{"overbooking", true},
		{"appleton", true},
		{"discord", true},
		{"metamask", false},
		{"xqzv", false},
		{"Apple", false}, // the list is lower case; callers lower-case first
	} {
		if got := IsEnglishWord(tc.word); got != tc.want {
			t.Errorf("IsEnglishWord(%q) = %v, want %v", tc.word, got, tc.want)
		}
	}
}

func TestParseEnglishRejects(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines [][]string
		want  string
	}{
		{"empty", nil, "holds no words"},
		{"two fields", [][]string{{"apple", "pie"}}, "one word a line"},
		{"upper case", [][]string{{"Apple"}}, "letters a-z"},
		{"too short", [][]string{{"ab"}}, "letters a-z"},
		{"digit", [][]string{{"abc1"}}, "letters a-z"},
		{"unsorted", [][]string{{"pear"}, {"apple"}}, "out of order"},
		{"repeated", [][]string{{"apple"}, {"apple"}}, "out of order"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseEnglish("test.txt", tc.lines)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("parseEnglish: err = %v, want one saying %q", err, tc.want)
			}
		})
	}
}
