package event

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestReadLogFile(t *testing.T) {
	in := `{"a":1,"Records":[{"eventVersion":"1.08","eventID":"x","readOnly":true},{"eventID":"y","zz":[1.0]}],"b":{"c":"d"}}`
	for _, mode := range []string{"plain", "gzip"} {
		r := bytes.NewReader([]byte(in))
		if mode == "gzip" {
			r = bytes.NewReader(gzipped(t, in))
		}
		lf, err := ReadLogFile(r)
		if err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		if len(lf.Records) != 2 || lf.Records[0].EventID != "x" || lf.Records[1].EventID != "y" {
			t.Errorf("%s: records %+v", mode, lf.Records)
		}
		if len(lf.Extra) != 2 || lf.Extra[0].Name != "a" || lf.Extra[1].Name != "b" || string(lf.Extra[1].Value) != `{"c":"d"}` {
			t.Errorf("%s: Extra = %v", mode, lf.Extra)
		}
		out, err := json.Marshal(lf)
		if err != nil {
			t.Fatal(err)
		}
		// Members keep their order: the output is the input, compacted.
		if string(out) != in {
			t.Errorf("%s: MarshalJSON =\n%s\nwant\n%s", mode, out, in)
		}
	}
}

func TestLogFileMarshalNew(t *testing.T) {
	lf := LogFile{Records: []Record{{EventID: "a"}}, Extra: []Member{{Name: "note", Value: json.RawMessage(`"x"`)}}}
	out, err := lf.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"Records":[{"eventID":"a"}],"note":"x"}`; string(out) != want {
		t.Errorf("MarshalJSON = %s, want %s", out, want)
	}
	lf.Extra[0].Value = json.RawMessage(`{bad`)
	if _, err := lf.MarshalJSON(); err == nil || !strings.HasPrefix(err.Error(), "event: ") {
		t.Errorf("MarshalJSON with a bad extra value: %v, want an event: error", err)
	}
}

func TestReadLogFileNotLogFile(t *testing.T) {
	cases := []struct {
		name, in, msg string
		reason        string
	}{
		{"json lines", "{\"eventID\":\"a\"}\n{\"eventID\":\"b\"}\n", "input is JSON lines", "records, not an envelope"},
		{"single record", `{"eventVersion":"1.08"}`, "input is JSON lines", "one record"},
		{"array", `[{"eventID":"a"}]`, "input is array", "an array of records"},
		{"records not array", `{"Records":{}}`, "an object whose Records member is an object, not an array", "Records must be an array, and the error says what it is"},
		{"other object", `{"foo":1}`, `found an object with members "foo"`, "neither a record nor an envelope: the error names what was found"},
		{"empty", "", "empty input", "nothing at all"},
		{"record after log file", `{"Records":[{"eventID":"a"}]}` + "\n" + `{"eventID":"b"}`, "record 1 (offset 30) is outside", "a bare record after the envelope"},
		{"array after log file", `{"Records":[]}[{"eventID":"b"}]`, "record 0 (offset 15) is outside", "an array after the envelope"},
		{"not json", "<xml/>", "expected '{' or '['", "not JSON"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadLogFile(strings.NewReader(tc.in))
			if !errors.Is(err, ErrNotLogFile) {
				t.Fatalf("error %v, want ErrNotLogFile (%s)", err, tc.reason)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not say %q", err, tc.msg)
			}
		})
	}
}

// TestReadLogFileBadRecord: a log file whose Records array holds a bad
// element is a log file with a bad record, not something else: the error
// is that record's *RecordError, with its index and position, and does not
// match ErrNotLogFile (DESIGN, Reading records: a bad record costs that
// record only).
func TestReadLogFileBadRecord(t *testing.T) {
	for _, tc := range []struct {
		name, in    string
		index       int
		msg, reason string
	}{
		{"syntax", `{"Records":[{"eventID":}]}`, 0, "record 0 (line 1, column 24)", "broken JSON inside a record"},
		{"number", `{"Records":[1]}`, 0, "record 0 (line 1, column 13): expected record object, found number",
			"an element that is not an object is a bad record of the file, not a sign the file is no log file"},
		{"string after a record", `{"Records":[{"eventID":"a"},"x"]}`, 1, "record 1 (line 1, column 29): expected record object, found string",
			"the position and index of the bad element, after a good one"},
		{"null", `{"Records":[null]}`, 0, "expected record object, found null", "null is no record"},
		{"array", `{"Records":[[]]}`, 0, "expected record object, found array", "nor is an array"},
		{"empty object", `{"Records":[{}]}`, 0, "found an empty object in Records", "an empty object holds no record"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadLogFile(strings.NewReader(tc.in))
			var re *RecordError
			if !errors.As(err, &re) || errors.Is(err, ErrNotLogFile) {
				t.Fatalf("error %v, want a *RecordError not matching ErrNotLogFile (%s)", err, tc.reason)
			}
			if re.Index != tc.index || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q (index %d), want index %d saying %q (%s)", err, re.Index, tc.index, tc.msg, tc.reason)
			}
		})
	}
}

func TestLogFileUnmarshalJSON(t *testing.T) {
	var v struct {
		File   LogFile
		Digest Digest
	}
	in := `{"File":{"Records":[{"eventID":"a"}],"x":1},"Digest":{"awsAccountId":"111122223333","logFiles":[]}}`
	if err := json.Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.File.Records) != 1 || v.File.Records[0].EventID != "a" || v.Digest.AWSAccountID != "111122223333" {
		t.Errorf("decoded %+v", v)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != in {
		t.Errorf("json.Marshal = %s, want %s", out, in)
	}
	if err := json.Unmarshal([]byte(`{"File":[1]}`), &v); !errors.Is(err, ErrNotLogFile) {
		t.Errorf("array as a log file: %v, want ErrNotLogFile", err)
	}
}
