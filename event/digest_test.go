package event

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDigestFiles(t *testing.T) {
	files, _ := filepath.Glob("testdata/digest/*.json")
	if len(files) != 3 {
		t.Fatalf("found %d digest files, want 3", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, mode := range []string{"plain", "gzip"} {
				in := b
				if mode == "gzip" {
					in = gzipped(t, string(b))
				}
				d, err := ReadDigest(bytes.NewReader(in))
				if err != nil {
					t.Fatalf("%s: %v", mode, err)
				}
				out, err := d.MarshalJSON()
				if err != nil {
					t.Fatal(err)
				}
				if same, err := sameJSONValue(b, out); err != nil || !same {
					t.Errorf("%s: round trip changed the digest (err %v):\n%s", mode, err, out)
				}
				var compact bytes.Buffer
				if err := compactJSON(&compact, b); err != nil {
					t.Fatal(err)
				}
				if compact.String() != string(out) {
					t.Errorf("%s: member order or text changed:\n%s\nwant\n%s", mode, out, compact.String())
				}
			}
		})
	}
}

func TestDigestFields(t *testing.T) {
	b, err := os.ReadFile("testdata/digest/sample.json")
	if err != nil {
		t.Fatal(err)
	}
	d, err := ParseDigest(b)
	if err != nil {
		t.Fatal(err)
	}
	wantStart := time.Date(2015, 8, 17, 14, 1, 31, 0, time.UTC)
	if d.AWSAccountID != "111122223333" || !d.DigestStartTime.Equal(wantStart) ||
		d.DigestSignatureAlgorithm != "SHA256withRSA" || d.PreviousDigestHashAlgorithm != "SHA-256" {
		t.Errorf("decoded %+v", d)
	}
	if d.Starting() {
		t.Error("Starting() = true for a digest with a previous digest")
	}
	if len(d.LogFiles) != 1 || d.LogFiles[0].HashAlgorithm != "SHA-256" ||
		!d.LogFiles[0].OldestEventTime.Equal(time.Date(2015, 8, 17, 14, 42, 27, 0, time.UTC)) {
		t.Errorf("LogFiles = %+v", d.LogFiles)
	}

	empty, err := os.ReadFile("testdata/digest/empty.json")
	if err != nil {
		t.Fatal(err)
	}
	e, err := ParseDigest(empty)
	if err != nil {
		t.Fatal(err)
	}
	if !e.NewestEventTime.IsZero() || e.LogFiles == nil || len(e.LogFiles) != 0 {
		t.Errorf("empty digest: NewestEventTime %v, LogFiles %#v; want zero and an empty list", e.NewestEventTime, e.LogFiles)
	}
	starting, err := os.ReadFile("testdata/digest/starting.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseDigest(starting)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Starting() || s.PreviousDigestS3Bucket != "" {
		t.Errorf("starting digest: Starting() = %v, previous bucket %q", s.Starting(), s.PreviousDigestS3Bucket)
	}
}

func TestDigestEdits(t *testing.T) {
	in := `{"awsAccountId":"111122223333","digestEndTime":"2015-08-17T15:01:31Z","x-unknown":[1,2.0],"newestEventTime":null,"oldestEventTime":"not a time","logFiles":[{"s3Bucket":"b","hashValue":"00","extra":true}]}`
	d, err := ParseDigest([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := d.MarshalJSON()
	if string(out) != in {
		t.Errorf("unchanged digest written as\n%s\nwant\n%s", out, in)
	}
	d.DigestEndTime = d.DigestEndTime.Add(time.Second)
	d.NewestEventTime = time.Date(2015, 8, 17, 15, 0, 0, 0, time.UTC)
	d.LogFiles[0].HashValue = "ff"
	d.DigestS3Bucket = "new-bucket"
	out, _ = d.MarshalJSON()
	want := `{"awsAccountId":"111122223333","digestEndTime":"2015-08-17T15:01:32Z","x-unknown":[1,2.0],"newestEventTime":"2015-08-17T15:00:00Z","oldestEventTime":"not a time","logFiles":[{"s3Bucket":"b","hashValue":"ff","extra":true}],"digestS3Bucket":"new-bucket"}`
	if string(out) != want {
		t.Errorf("edited digest written as\n%s\nwant\n%s", out, want)
	}
}

func TestParseDigestErrors(t *testing.T) {
	cases := []struct {
		name, in     string
		line, column int
		msg          string
		reason       string
	}{
		{"truncated", "{\n  \"awsAccountId\": \"1\",\n", 3, 1, "found end of input", "cut off"},
		{"missing comma", "{\"awsAccountId\": \"1\"\n \"logFiles\": []}", 2, 2, "expected ',' or '}' after object member", "no comma"},
		{"not an object", `["x"]`, 1, 1, "expected '{'", "an array"},
		{"trailing data", `{} x`, 1, 4, "expected end of input", "data after the object"},
		{"bad log file entry", `{"logFiles":[{"s3Bucket":1 2}]}`, 1, 28, "expected ',' or '}'", "inside logFiles"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseDigest([]byte(tc.in))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %v, want a *SyntaxError (%s)", err, tc.reason)
			}
			if se.Line != tc.line || se.Column != tc.column || !strings.Contains(se.Msg, tc.msg) {
				t.Errorf("error at %d:%d %q, want %d:%d %q (%s)", se.Line, se.Column, se.Msg, tc.line, tc.column, tc.msg, tc.reason)
			}
		})
	}
	if _, err := ParseDigest([]byte(`{"Records":[]}`)); err == nil || !strings.Contains(err.Error(), "not a digest file") {
		t.Errorf("log file parsed as a digest: %v", err)
	}
}

// FuzzParseDigest checks that ParseDigest never panics, that its errors
// locate a place in the input, and that a parsed digest writes back to the
// same JSON value.
func FuzzParseDigest(f *testing.F) {
	for _, name := range []string{"sample", "empty", "starting"} {
		b, err := os.ReadFile("testdata/digest/" + name + ".json")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"logFiles":[1,{"a":null}],"digestStartTime":5}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := ParseDigest(b)
		if err != nil {
			var se *SyntaxError
			if errors.As(err, &se) && (se.Offset < 0 || se.Offset > int64(len(b))) {
				t.Fatalf("error offset %d outside input of %d bytes", se.Offset, len(b))
			}
			return
		}
		out, err := d.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if same, err := sameJSONValue(b, out); err != nil || !same {
			t.Fatalf("round trip changed the digest (err %v):\n in: %s\nout: %s", err, b, out)
		}
	})
}

func compactJSON(dst *bytes.Buffer, b []byte) error { return json.Compact(dst, b) }

// TestReadDigestCapped: a digest file that decompresses to more than
// MaxDigestSize is refused without being read whole (a 1 MB .gz used to
// take 2.7 GB).
func TestReadDigestCapped(t *testing.T) {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte(`{"awsAccountId":"`))
	zw.Write(bytes.Repeat([]byte("1"), MaxDigestSize+10))
	zw.Write([]byte(`"}`))
	zw.Close()
	if _, err := ReadDigest(&z); !errors.Is(err, ErrDigestTooLarge) {
		t.Errorf("error %v, want ErrDigestTooLarge", err)
	}
}
