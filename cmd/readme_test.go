package cmd

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestReadmeRuleTable keeps the README's rule table equal to the catalogue:
// regenerate it with `go run ./cmd/replylint rules --format markdown`.
func TestReadmeRuleTable(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- rules:begin -->\n", "<!-- rules:end -->"
	s := string(readme)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %q … %q section", strings.TrimSpace(begin), end)
	}
	var out bytes.Buffer
	streams := &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &out}
	if err := runRules(&RulesOptions{IO: streams, Format: "markdown"}); err != nil {
		t.Fatal(err)
	}
	if got := s[i+len(begin) : j]; got != out.String() {
		t.Errorf("README.md's rule table is out of date; replace it with the output of\n  go run ./cmd/replylint rules --format markdown\n\nwant:\n%s", out.String())
	}
}
