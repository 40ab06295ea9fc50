package event

import (
	"bytes"
	"encoding/json"
	"testing"
)

// compactOracle is what oneLine must give: json.Compact's text, or b as
// it is when b is not JSON.
func compactOracle(b []byte) string {
	var c bytes.Buffer
	if json.Compact(&c, b) != nil {
		return string(b)
	}
	return c.String()
}

var oneLineTests = []struct{ in, reason string }{
	{`{"eventVersion":"1.08","userAgent":"aws-cli/2.13.5 Python/3.11.4","requestParameters":{"name":"a b"}}`, "one line already: spaces only in strings"},
	{`{"a": {"b" : [1, 2]},` + "\n" + `"c":"d e"}`, "pretty-printed payloads"},
	{`{"a":"\" ","b":"\\"}`, "escaped quote and backslash"},
	{"{\"a\":1}\n", "a line feed after the record"},
	{`{"a": tru}`, "not JSON, with white space: kept as it is"},
	{`{"a":tru}`, "not JSON, one line: kept as it is"},
	{`"unterminated`, "an unterminated string: kept as it is"},
	{"{\"a\":\"\xff \"}", "invalid UTF-8 in a string (json.Compact keeps it)"},
	{``, "no text"},
}

func TestOneLine(t *testing.T) {
	for _, tt := range oneLineTests {
		if got, want := oneLine([]byte(tt.in)), compactOracle([]byte(tt.in)); got != want {
			t.Errorf("%s: oneLine(%q) = %q, json.Compact gives %q", tt.reason, tt.in, got, want)
		}
	}
}

// FuzzOneLine: oneLine gives what json.Compact gives, or the text as it is
// when it is not JSON, for any bytes.
func FuzzOneLine(f *testing.F) {
	for _, tt := range oneLineTests {
		f.Add([]byte(tt.in))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want := compactOracle(b)
		if got := oneLine(bytes.Clone(b)); got != want {
			t.Errorf("oneLine(%q) = %q, json.Compact gives %q", b, got, want)
		}
	})
}
