package event

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/internal/corpustest"
)

// realCorpus returns the directory of real published records, skipping
// the test when it is absent.
func realCorpus(t testing.TB) string {
	t.Helper()
	return corpustest.Dir(t)
}

// sameJSONValue reports whether a and b hold the same JSON value. Numbers
// are compared by their text (json.Number), so 791.0 and 791 differ: a
// lossless round trip keeps number literals as written.
func sameJSONValue(a, b []byte) (bool, error) {
	va, err := decodeUseNumber(a)
	if err != nil {
		return false, err
	}
	vb, err := decodeUseNumber(b)
	if err != nil {
		return false, err
	}
	return reflect.DeepEqual(va, vb), nil
}

func decodeUseNumber(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the value")
	}
	return v, nil
}

// independentCount counts the records of a corpus file with encoding/json:
// the elements of {"Records":[...]}, or the non-blank lines of JSON Lines.
func independentCount(path string, b []byte) (int, error) {
	if strings.HasSuffix(path, ".jsonl") {
		n := 0
		for _, line := range bytes.Split(b, []byte("\n")) {
			if len(bytes.TrimSpace(line)) > 0 {
				n++
			}
		}
		return n, nil
	}
	var lf struct{ Records []json.RawMessage }
	if err := json.Unmarshal(b, &lf); err != nil {
		return 0, err
	}
	return len(lf.Records), nil
}

type corpusCounts map[string]map[string]int

func (c corpusCounts) add(dim, key string) {
	if c[dim] == nil {
		c[dim] = map[string]int{}
	}
	if key == "" {
		key = "(absent)"
	}
	c[dim][key]++
}

func (c corpusCounts) log(t *testing.T) {
	dims := make([]string, 0, len(c))
	for d := range c {
		dims = append(dims, d)
	}
	sort.Strings(dims)
	for _, d := range dims {
		keys := make([]string, 0, len(c[d]))
		for k := range c[d] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		for _, k := range keys {
			fmt.Fprintf(&b, " %s=%d", k, c[d][k])
		}
		t.Logf("%s:%s", d, b.String())
	}
}

// TestCorpusStream reads every file of the real corpus (and the
// documentation templates) through the stream reader, plain and gzipped:
// no record is dropped, each decodes, and decode→encode gives the same
// JSON value as the published bytes.
func TestCorpusStream(t *testing.T) {
	counts := corpusCounts{}
	files, records := 0, 0
	for _, f := range corpustest.Files(t, corpustest.All) {
		rel, b := f.Path, f.Data
		files++
		want, err := independentCount(rel, b)
		if err != nil {
			t.Errorf("%s: encoding/json cannot count the records: %v", rel, err)
			continue
		}
		n := streamCorpusFile(t, rel, b, counts)
		if n != want {
			t.Errorf("%s: read %d records, encoding/json counts %d", rel, n, want)
		}
		records += n

		// The same bytes through a tiny buffer: every record crosses
		// buffer boundaries, and the spans found must not change.
		if got := rawSpans(t, NewReader(bytes.NewReader(b), bufferSize(7))); got != rawSpans(t, NewReader(bytes.NewReader(b))) {
			t.Errorf("%s: record spans differ with a tiny buffer", rel)
		}

		// The same bytes gzipped, as CloudTrail delivers them.
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		zw.Write(b)
		zw.Close()
		gz := 0
		for _, err := range Records(&z, ContinueOnError()) {
			if err != nil {
				t.Errorf("%s (gzip): %v", rel, err)
				break
			}
			gz++
		}
		if gz != want {
			t.Errorf("%s (gzip): read %d records, want %d", rel, gz, want)
		}
	}
	if files == 0 {
		t.Fatal("no corpus files found")
	}
	t.Logf("%d files, %d records read and round-tripped", files, records)
	if testing.Verbose() {
		counts.log(t)
	}
}

// rawSpans lists the offset and length of every record rd reads.
func rawSpans(t *testing.T, rd *Reader) string {
	t.Helper()
	var b strings.Builder
	for {
		raw, err := rd.NextRaw()
		if err == io.EOF {
			return b.String()
		}
		if err != nil {
			t.Errorf("NextRaw: %v", err)
			return b.String()
		}
		fmt.Fprintf(&b, "%d+%d ", rd.Offset(), len(raw))
	}
}

func streamCorpusFile(t *testing.T, rel string, b []byte, counts corpusCounts) int {
	t.Helper()
	rd := NewReader(bytes.NewReader(b))
	n := 0
	var rec Record
	for {
		err := rd.ReadRecord(&rec)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			return n
		}
		raw := rd.Raw()
		enc := rec.AppendJSON(nil)
		same, err := sameJSONValue(raw, enc)
		if err != nil || !same {
			t.Errorf("%s: record %d does not round-trip (err %v):\n in: %s\nout: %s", rel, n, err, raw, enc)
		}
		want := FormatLogFile
		if strings.HasSuffix(rel, ".jsonl") {
			want = FormatLines
		}
		if rd.Format() != want {
			t.Errorf("%s: Format() = %v, want %v", rel, rd.Format(), want)
		}
		counts.add("eventVersion", string(rec.EventVersion))
		counts.add("eventType", string(rec.EventType))
		counts.add("eventCategory", string(rec.EventCategory))
		n++
	}
	return n
}

// malformedCases gives, for each published malformed file, where the first
// error must be reported. Columns count bytes, so a line holding a
// typographic quote (3 bytes in UTF-8) reports a column 2 greater than a
// character count would.
var malformedCases = []struct {
	file         string
	line, column int
	msg          string // a fragment of the message
	reason       string
}{
	{"awsdocs__amazon-cloudfront-developer-guide__logging_using_cloudtrail__1.txt", 109, 17, "expected ',' or '}' after object member, found ']'", "stray ']' after an object"},
	{"awsdocs__amazon-comprehend-developer-guide__logging-using-cloudtrail__1.txt", 4, 38, "control character '\\n'", "typographic quote leaves the string open to the line end"},
	{"awsdocs__amazon-comprehend-developer-guide__logging-using-cloudtrail__2.txt", 4, 34, "control character '\\n'", "same defect"},
	{"awsdocs__amazon-efs-user-guide__logging-using-cloudtrail__1.txt", 2, 1, "found U+00A0", "no-break space is not JSON whitespace"},
	{"awsdocs__amazon-efs-user-guide__logging-using-cloudtrail__2.txt", 2, 1, "found U+00A0", "no-break space is not JSON whitespace"},
	{"awsdocs__amazon-elasticache-docs__logging-using-cloudtrail__1.txt", 24, 5, "expected string for object member name, found '}'", "trailing comma"},
	{"awsdocs__amazon-opensearch-service-developer-guide__osis-logging-using-cloudtrail__1.txt", 36, 43, "found 's'", "stray bare word"},
	{"awsdocs__amazon-personalize-developer-guide__logging-using-cloudtrail__1.txt", 8, 36, "control character", "unterminated string"},
	{"awsdocs__amazon-redshift-management-guide__logging-with-cloudtrail__1.txt", 56, 1, "found '}'", "trailing comma after the last member"},
	{"awsdocs__amazon-s3-developer-guide__cloudtrail-logging__1.txt", 68, 11, "expected ',' or '}' after object member", "missing comma (record 1; record 0 is fine)"},
	{"awsdocs__amazon-sagemaker-developer-guide__feature-store-logging-using-cloudtrail__1.txt", 36, 9, "found '.'", "elided content '...'"},
	{"awsdocs__amazon-sns-developer-guide__sns-logging-using-cloudtrail__1.txt", 8, 8, "expected ',' or '}' after object member", "missing comma"},
	{"awsdocs__amazon-workmail-administration-guide__logging-using-cloudtrail__1.txt", 9, 5, "expected ',' or '}'", "missing comma"},
	{"awsdocs__amazon-workmail-administration-guide__logging-using-cloudtrail__2.txt", 20, 5, "expected ',' or '}'", "missing comma"},
	{"awsdocs__amazon-workspaces-administration-guide__signin-events__1.txt", 30, 9, "found 'C'", "key without its opening quote"},
	{"awsdocs__amazon-workspaces-administration-guide__signin-events__2.txt", 30, 9, "found 'C'", "key without its opening quote"},
	{"awsdocs__amazon-workspaces-administration-guide__signin-events__3.txt", 31, 9, "found 'U'", "key without its opening quote"},
	{"awsdocs__amazon-workspaces-administration-guide__signin-events__4.txt", 30, 9, "found 'C'", "key without its opening quote"},
	{"awsdocs__amazon-workspaces-administration-guide__signin-events__5.txt", 30, 9, "found 'C'", "key without its opening quote"},
	{"awsdocs__aws-certificate-user-guide__acm-supported-actions-in-cloudtrail__1.txt", 58, 46, "control character '\\n'", "PEM block with raw line breaks"},
	{"awsdocs__aws-certificate-user-guide__acm-supported-actions-in-cloudtrail__2.txt", 26, 41, "control character '\\n'", "PEM block with raw line breaks"},
	{"awsdocs__aws-cloud9-user-guide__cloudtrail__1.txt", 29, 7, "found '}'", "trailing comma"},
	{"awsdocs__aws-cloudtrail-user-guide__cloudtrail-event-reference-user-identity__1.txt", 1, 1, "expected '{' or '[' at start of input", "fragment without braces"},
	{"awsdocs__aws-cloudtrail-user-guide__cloudtrail-log-file-examples__1.txt", 19, 124, "control character '\\n'", "line break inside a string"},
	{"awsdocs__aws-codecommit-user-guide__integ-cloudtrail__1.txt", 24, 5, "found '}'", "trailing comma"},
	{"awsdocs__aws-codecommit-user-guide__integ-cloudtrail__2.txt", 24, 5, "found '}'", "trailing comma"},
	{"awsdocs__aws-codepipeline-user-guide__monitoring-cloudtrail-logs__1.txt", 52, 6, "expected array element, found '('", "elided content '(...)'"},
	{"awsdocs__aws-config-developer-guide__cloudtrail-log-files-for-aws-config__1.txt", 38, 7, "found 'r'", "key without its opening quote"},
	{"awsdocs__aws-kms-developer-guide__ct-decrypt-enclave__1.txt", 26, 9, "found '}'", "trailing comma"},
	{"awsdocs__aws-kms-developer-guide__ct-decrypt__1.txt", 18, 5, "expected ',' or '}'", "missing comma"},
	{"awsdocs__aws-kms-developer-guide__ct-encrypt__1.txt", 23, 5, "found '}'", "trailing comma"},
	{"awsdocs__aws-kms-developer-guide__ct-replicate-key__1.txt", 56, 5, "found '}'", "trailing comma"},
	{"awsdocs__aws-organizations-docs__orgs_security_incident-response__1.txt", 25, 29, "expected value of object member, found 'J'", "unquoted date"},
	{"awsdocs__aws-storagegateway-user-guide__logging-using-cloudtrail__1.txt", 8, 46, "expected ':' after object member name", "garbled quoting"},
	{"awsdocs__iam-user-guide__cloudtrail-integration__1.txt", 36, 9, "expected ',' or '}'", "missing comma"},
	{"awsdocs__iam-user-guide__cloudtrail-integration__2.txt", 20, 9, "expected ',' or '}'", "missing comma"},
	{"awsdocs__iam-user-guide__cloudtrail-integration__3.txt", 22, 33, `invalid escape '\.'`, "markdown escape in a string"},
	{"awsdocs__iam-user-guide__id_credentials_temp_control-access_monitor__1.txt", 1, 1, "expected '{' or '['", "fragment without braces"},
	{"awsdocs__iam-user-guide__logging-using-cloudtrail__1.txt", 22, 5, "found '}'", "trailing comma"},
	{"cloudgrep__bad_cloudtrail.json.txt", 27, 1, "found end of input", "truncated log file"},
}

// TestCorpusMalformed checks that every published malformed record is
// reported where it is broken, with a message saying what was expected,
// and that reading on with ContinueOnError never panics and reports only
// positions inside the input.
func TestCorpusMalformed(t *testing.T) {
	dir := filepath.Join(realCorpus(t), "malformed")
	seen := map[string]bool{}
	for _, tc := range malformedCases {
		t.Run(tc.file, func(t *testing.T) {
			seen[tc.file] = true
			b, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			var first error
			for _, err := range Records(bytes.NewReader(b)) {
				if err != nil {
					first = err
				}
			}
			if first == nil {
				t.Fatalf("no error (%s)", tc.reason)
			}
			line, col, off, ok := errorPosition(first)
			if !ok {
				t.Fatalf("error %v (%T) carries no position", first, first)
			}
			if line != tc.line || col != tc.column {
				t.Errorf("error at line %d, column %d, want %d, %d (%s): %v", line, col, tc.line, tc.column, tc.reason, first)
			}
			if wl, wc := lineCol(b, int(off)); wl != line || wc != col {
				t.Errorf("offset %d is line %d, column %d but the error says %d, %d", off, wl, wc, line, col)
			}
			if !strings.Contains(first.Error(), tc.msg) {
				t.Errorf("error %q does not contain %q", first, tc.msg)
			}
			checkContinue(t, b)
		})
	}
	for _, p := range corpustest.MalformedFiles(t) {
		if name := filepath.Base(p); !seen[name] {
			t.Errorf("malformed file %s has no expected position in malformedCases", name)
		}
	}
}

// errorPosition extracts the position of a *RecordError or *SyntaxError.
func errorPosition(err error) (line, col int, off int64, ok bool) {
	var re *RecordError
	if errors.As(err, &re) {
		return re.Line, re.Column, re.Offset, true
	}
	var se *SyntaxError
	if errors.As(err, &se) {
		return se.Line, se.Column, se.Offset, true
	}
	return 0, 0, 0, false
}

// checkContinue reads b to its end with ContinueOnError and checks every
// error's position lies in b and matches its offset.
func checkContinue(t *testing.T, b []byte) {
	t.Helper()
	for _, opts := range [][]ReadOption{{ContinueOnError()}, {ContinueOnError(), bufferSize(5)}} {
		checkContinueWith(t, b, opts)
	}
}

func checkContinueWith(t *testing.T, b []byte, opts []ReadOption) {
	t.Helper()
	steps := 0
	for _, err := range Records(bytes.NewReader(b), opts...) {
		if steps++; steps > len(b)+10 {
			t.Fatal("no progress")
		}
		if err == nil {
			continue
		}
		line, col, off, ok := errorPosition(err)
		if !ok {
			t.Errorf("error without position: %v", err)
			continue
		}
		if off < 0 || off > int64(len(b)) {
			t.Errorf("offset %d outside input of %d bytes: %v", off, len(b), err)
			continue
		}
		if wl, wc := lineCol(b, int(off)); wl != line || wc != col {
			t.Errorf("offset %d is line %d, column %d but the error says %d, %d: %v", off, wl, wc, line, col, err)
		}
	}
}
