package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/internal/txtar"
)

// isDeploymentFileAsBefore is isDeploymentFile as it was before
// topMembers, all through encoding/json.
func isDeploymentFileAsBefore(b []byte) (ok bool, top map[string]json.RawMessage) {
	t := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\ufeff")), " \t\r\n")
	if len(t) > 0 && t[0] == '[' {
		return false, nil
	}
	t = bytes.TrimPrefix(b, []byte("\ufeff"))
	dec := json.NewDecoder(bytes.NewReader(t))
	if dec.Decode(&top) != nil {
		return true, nil
	}
	_, list := top["trailList"]
	_, one := top["Trail"]
	if len(bytes.TrimLeft(t[dec.InputOffset():], " \t\r\n")) != 0 {
		top = nil
	}
	return !list && !one, top
}

// kindAgrees checks that isDeploymentFile says of b what it said before,
// and reports whether topMembers read b.
func kindAgrees(t testing.TB, b []byte) bool {
	t.Helper()
	ok, top := isDeploymentFile(b)
	wok, wtop := isDeploymentFileAsBefore(b)
	if ok != wok || !reflect.DeepEqual(top, wtop) {
		t.Fatalf("isDeploymentFile(%q) = %t, %q; before %t, %q", b, ok, top, wok, wtop)
	}
	_, fast := topMembers(bytes.TrimPrefix(b, []byte("\ufeff")))
	return fast
}

// TestIsDeploymentFileFast: the kind checks read the top level without
// encoding/json where they can, and say what they said before of every
// input: deployment files, CLI outputs, broken and unusual JSON.
func TestIsDeploymentFileFast(t *testing.T) {
	for _, tc := range []struct {
		reason, in string
		fast       bool // topMembers reads it
	}{
		{"a deployment file", `{"organization": {"Id": "o-1"}, "trails": [{"Name": "a"}]}`, true},
		{"describe-trails output", `{"trailList": [{"Name": "a", "HomeRegion": "us-east-1"}]}`, true},
		{"get-trail output", "\ufeff" + `{"Trail": {"Name": "a"}}`, true},
		{"an empty object", ` { } `, true},
		{"a member given twice: the last", `{"Records": 1, "Records": [2]}`, true},
		{"escaped names and values", `{"Tr\u0061il": "\u00e9\n", "a": {"b": [1, 2.5e3, true, null]}}`, true},
		{"an array", `[{"Name": "a"}]`, false},
		{"two objects: not one", `{"trailList": []} {"trailList": []}`, false},
		{"text after the object", `{"trails": []} x`, false},
		{"null", `null`, false},
		{"a string", `"x"`, false},
		{"broken", `{"trails": [}`, false},
		{"empty", ``, false},
		{"invalid UTF-8", "{\"a\xff\": 1}", false},
		{"deep nesting", `{"a": ` + strings.Repeat("[", 200) + strings.Repeat("]", 200) + `}`, false},
	} {
		if got := kindAgrees(t, []byte(tc.in)); got != tc.fast {
			t.Errorf("%s: topMembers read it: %t, want %t", tc.reason, got, tc.fast)
		}
	}
}

// kindFiles returns the JSON files of the testdata: deployments and CLI
// outputs, from the scenario archives too.
func kindFiles(t testing.TB) [][]byte {
	var out [][]byte
	files, _ := filepath.Glob("demo/*.json")
	more, _ := filepath.Glob("testdata/awscli/*")
	for _, f := range append(files, more...) {
		if b, err := os.ReadFile(f); err == nil {
			out = append(out, b)
		}
	}
	archives, _ := filepath.Glob("testdata/*/*.txtar")
	for _, f := range archives {
		a, err := txtar.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range a.Files {
			if strings.HasSuffix(m.Name, ".json") {
				out = append(out, m.Data)
			}
		}
	}
	return out
}

// TestIsDeploymentFileFiles: over the testdata's JSON files, the kind
// checks say what they said before, and topMembers reads most of them.
func TestIsDeploymentFileFiles(t *testing.T) {
	files := kindFiles(t)
	fast := 0
	for _, b := range files {
		if kindAgrees(t, b) {
			fast++
		}
	}
	if len(files) < 20 || fast < len(files)/2 {
		t.Errorf("topMembers read %d of %d files of the testdata", fast, len(files))
	}
}

// FuzzIsDeploymentFile: for any input, the kind checks say what they said
// before.
func FuzzIsDeploymentFile(f *testing.F) {
	for _, b := range kindFiles(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) { kindAgrees(t, b) })
}
