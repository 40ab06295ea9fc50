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
		{"records not array", `{"Records":{}}`, "input is JSON lines", "Records must be an array"},
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
	// A bad record is a *RecordError, not ErrNotLogFile.
	_, err := ReadLogFile(strings.NewReader(`{"Records":[{"eventID":}]}`))
	var re *RecordError
	if !errors.As(err, &re) || errors.Is(err, ErrNotLogFile) {
		t.Errorf("error %v, want a *RecordError", err)
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
