package trailmap_test

import (
	"os"
	"strings"
	"testing"
)

// TestREADMESnippetsCompile keeps the README's Go snippets true: every line
// of a ```go block is a line of the compiled, run examples in
// example_readme_test.go (compared with white space runs folded), so a snippet
// cannot name an API that does not exist or call it in a way that does
// not compile.
func TestREADMESnippetsCompile(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	ex, err := os.ReadFile("example_readme_test.go")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, l := range strings.Split(string(ex), "\n") {
		have[fold(l)] = true
	}
	blocks, in := 0, false
	for i, l := range strings.Split(string(readme), "\n") {
		switch {
		case l == "```go":
			in = true
			blocks++
		case in && l == "```":
			in = false
		case in && fold(l) != "" && !have[fold(l)]:
			t.Errorf("README.md:%d: %q is in no example of example_readme_test.go", i+1, strings.TrimSpace(l))
		}
	}
	if blocks == 0 {
		t.Error("README.md has no Go snippets; the test reads the wrong file")
	}
}

// fold trims l and folds each run of white space to one space, as gofmt
// aligns comments differently in a shorter snippet.
func fold(l string) string { return strings.Join(strings.Fields(l), " ") }
