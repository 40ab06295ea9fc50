package event

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSeedRecords reads every example record transcribed from the
// documentation (testdata/records/*.json: the IAM guide's seed examples and
// the CloudTrail guide's management, data, network activity and Insights
// examples): each is read as a single-record
// stream, decodes with ParseRecord and round-trips to the same JSON value
// (event/schema checks them against the record schema).
func TestSeedRecords(t *testing.T) {
	files, err := filepath.Glob("testdata/records/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no records in testdata/records")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			rd := NewReader(bytes.NewReader(b))
			rec, err := rd.Next()
			if err != nil {
				t.Fatalf("Next: %v", err)
			}
			if rd.Format() != FormatLines {
				t.Errorf("Format() = %v, want %v", rd.Format(), FormatLines)
			}
			if _, err := rd.Next(); err != io.EOF {
				t.Errorf("second Next: %v, want io.EOF", err)
			}
			if rec.EventVersion == "" || (rec.EventName == "" && rec.InsightDetails == nil) {
				t.Errorf("decoded record lacks eventVersion, or eventName outside an Insights record: %+v", rec)
			}
			parsed, err := ParseRecord(b)
			if err != nil {
				t.Fatalf("ParseRecord: %v", err)
			}
			if same, err := sameJSONValue(b, parsed.AppendJSON(nil)); err != nil || !same {
				t.Errorf("decode→encode changed the record (err %v):\n%s", err, parsed.AppendJSON(nil))
			}
		})
	}
}

// TestSeedRecordsMalformed pins where the examples published as invalid
// JSON are reported broken.
func TestSeedRecordsMalformed(t *testing.T) {
	cases := []struct {
		file         string
		line, column int
		msg          string
		reason       string
	}{
		{"seed-iam-html-02-AssumeRole.json", 20, 5, "expected ',' or '}' after object member, found '\"'",
			"no comma after \"sourceIdentity\": \"Alice\""},
		{"seed-iam-md-02-AssumeRole.json", 20, 5, "expected ',' or '}' after object member, found '\"'",
			"same example in the Markdown source"},
		{"seed-iam-md-09-ConsoleLogin.json", 22, 33, `invalid escape '\.' in string`,
			"Markdown link escapes in a JSON string"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata/records/malformed", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			_, err = NewReader(bytes.NewReader(b)).Next()
			var re *RecordError
			if !errors.As(err, &re) {
				t.Fatalf("Next: %v (%T), want a *RecordError (%s)", err, err, tc.reason)
			}
			if re.Line != tc.line || re.Column != tc.column || re.Index != 0 {
				t.Errorf("record %d at line %d, column %d; want record 0 at %d, %d (%s)",
					re.Index, re.Line, re.Column, tc.line, tc.column, tc.reason)
			}
			var se *SyntaxError
			if !errors.As(err, &se) || !strings.Contains(se.Msg, tc.msg) {
				t.Errorf("error %v, want a *SyntaxError saying %q", err, tc.msg)
			}
			// ParseRecord agrees on the position within the record.
			_, perr := ParseRecord(b)
			var pse *SyntaxError
			if !errors.As(perr, &pse) || pse.Line != tc.line || pse.Column != tc.column {
				t.Errorf("ParseRecord: %v, want a syntax error at %d, %d", perr, tc.line, tc.column)
			}
		})
	}
}
