package event

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/trailmap/trailmap/internal/jsonwire"
)

// roundTrip decodes in, checks that encoding gives the same JSON value and
// that a second decode and encode are stable, and returns the record.
func roundTrip(t *testing.T, in string) (*Record, []byte) {
	t.Helper()
	r, err := ParseRecord([]byte(in))
	if err != nil {
		t.Fatalf("ParseRecord: %v", err)
	}
	out := r.AppendJSON(nil)
	same, path, err := sameJSON([]byte(in), out)
	if err != nil {
		t.Fatalf("encoding is not JSON: %v\n%s", err, out)
	}
	if !same {
		t.Fatalf("decode→encode changed the value at %s\nin:  %s\nout: %s", path, in, out)
	}
	r2, err := ParseRecord(out)
	if err != nil {
		t.Fatalf("re-parse: %v", err)
	}
	if out2 := r2.AppendJSON(nil); !bytes.Equal(out, out2) {
		t.Fatalf("second encoding differs\n1: %s\n2: %s", out, out2)
	}
	return r, out
}

func TestCodecQuirks(t *testing.T) {
	for _, tc := range []struct {
		name, reason, in string
		check            func(t *testing.T, r *Record, out []byte)
	}{
		{
			name:   "sessionCredentialFromConsole",
			reason: "records carry it as the string \"true\" (record contents, eventVersion 1.08)",
			in:     `{"eventVersion":"1.08","sessionCredentialFromConsole":"true"}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if got := r.SessionCredentialFromConsole; got != (Bool{Set: true, Value: true, Quoted: true}) {
					t.Errorf("got %+v, want set, true, quoted", got)
				}
				if !bytes.Contains(out, []byte(`"sessionCredentialFromConsole":"true"`)) {
					t.Errorf("not written back quoted: %s", out)
				}
			},
		},
		{
			name:   "readOnly string",
			reason: "LookupEvents' CloudTrailEvent copies have readOnly as a string",
			in:     `{"readOnly":"false","managementEvent":true}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if ro, known := r.IsReadOnly(); ro || !known || !r.ReadOnly.Quoted {
					t.Errorf("IsReadOnly = %v, %v (quoted %v), want false, true, quoted", ro, known, r.ReadOnly.Quoted)
				}
				if !bytes.Contains(out, []byte(`"readOnly":"false"`)) {
					t.Errorf("not written back quoted: %s", out)
				}
			},
		},
		{
			name:   "readOnly odd string",
			reason: "a string that is not a boolean is not guessed at; it is kept raw",
			in:     `{"readOnly":"yes"}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if r.ReadOnly.Set {
					t.Errorf("ReadOnly = %+v, want unset", r.ReadOnly)
				}
			},
		},
		{
			name:   "boolean readOnly",
			reason: "the documented type",
			in:     `{"readOnly":true}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if r.ReadOnly != (Bool{Set: true, Value: true}) {
					t.Errorf("ReadOnly = %+v", r.ReadOnly)
				}
			},
		},
		{
			name:   "canonical eventTime",
			reason: "the documented layout is read without time.Parse",
			in:     `{"eventTime":"2023-05-01T12:00:07Z"}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if want := time.Date(2023, 5, 1, 12, 0, 7, 0, time.UTC); !r.EventTime.Equal(want) {
					t.Errorf("EventTime = %v, want %v", r.EventTime, want)
				}
			},
		},
		{
			name:   "Panther eventTime",
			reason: "pipelines rewrite eventTime; the time is read and the text kept",
			in:     `{"eventTime":"2023-05-01 12:00:00.000000000"}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if want := time.Date(2023, 5, 1, 12, 0, 0, 0, time.UTC); !r.EventTime.Equal(want) {
					t.Errorf("EventTime = %v, want %v", r.EventTime, want)
				}
				if !bytes.Contains(out, []byte(`"eventTime":"2023-05-01 12:00:00.000000000"`)) {
					t.Errorf("text not kept: %s", out)
				}
			},
		},
		{
			name:   "placeholder eventTime",
			reason: "documentation templates say \"timestamp\"; EventTime is zero and the text kept",
			in:     `{"eventTime":"timestamp"}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if !r.EventTime.IsZero() {
					t.Errorf("EventTime = %v, want zero", r.EventTime)
				}
			},
		},
		{
			name:   "no eventTime",
			reason: "Logstash captures drop eventTime; nothing is invented",
			in:     `{"@timestamp":"2020-09-14T01:19:40.000Z","eventName":"GetObject"}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if !r.EventTime.IsZero() || bytes.Contains(out, []byte("eventTime")) {
					t.Errorf("EventTime = %v, out %s", r.EventTime, out)
				}
			},
		},
		{
			name:   "numeric eventTime",
			reason: "a member of another JSON type is kept raw",
			in:     `{"eventTime":1683028800}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if !r.EventTime.IsZero() {
					t.Errorf("EventTime = %v, want zero", r.EventTime)
				}
			},
		},
		{
			name:   "eventVersion verbatim",
			reason: "\"1.05\" keeps its leading zero and compares as minor 5",
			in:     `{"eventVersion":"1.05"}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if r.EventVersion != "1.05" || r.EventVersion.Minor() != 5 {
					t.Errorf("EventVersion = %q (minor %d)", r.EventVersion, r.EventVersion.Minor())
				}
			},
		},
		{
			name:   "AwsVpceEvents",
			reason: "the record-contents page's typo is kept as recorded and canonicalized on request",
			in:     `{"eventType":"AwsVpceEvents"}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if r.EventType != "AwsVpceEvents" || r.EventType.Canonical() != AwsVpceEvent {
					t.Errorf("EventType = %q, Canonical %q", r.EventType, r.EventType.Canonical())
				}
			},
		},
		{
			name:   "AwsConsoleSignin",
			reason: "an IAM User Guide example's spelling",
			in:     `{"eventType":"AwsConsoleSignin"}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if r.EventType.Canonical() != AwsConsoleSignIn {
					t.Errorf("Canonical = %q", r.EventType.Canonical())
				}
			},
		},
		{
			name:   "userIdentity without type",
			reason: "the AwsServiceEvent example of the User Guide has none",
			in:     `{"userIdentity":{"accountId":"123456789012","invokedBy":"AWS Internal"},"eventType":"AwsServiceEvent"}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if r.UserIdentity == nil || r.UserIdentity.Type != "" || r.UserIdentity.InvokedBy != "AWS Internal" {
					t.Errorf("UserIdentity = %+v", r.UserIdentity)
				}
			},
		},
		{
			name:   "numbers keep their text",
			reason: "791.0 and 1e3 are not rewritten",
			in:     `{"additionalEventData":{"bytesTransferredIn":791.0,"x":1e3,"y":-0}}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if !bytes.Contains(out, []byte(`791.0`)) || !bytes.Contains(out, []byte(`1e3`)) {
					t.Errorf("numbers rewritten: %s", out)
				}
			},
		},
		{
			name:   "null payloads",
			reason: "responseElements is null for read-only calls; null stays null",
			in:     `{"requestParameters":null,"responseElements":null}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if string(r.RequestParameters) != "null" || string(r.ResponseElements) != "null" {
					t.Errorf("payloads = %q, %q", r.RequestParameters, r.ResponseElements)
				}
			},
		},
		{
			name:   "empty strings",
			reason: "a member present with \"\" is written back, an absent one is not",
			in:     `{"errorCode":"","userAgent":"","eventName":"x"}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if !bytes.Contains(out, []byte(`"errorCode":""`)) || bytes.Contains(out, []byte("errorMessage")) {
					t.Errorf("out %s", out)
				}
				if r.IsError() {
					t.Error("IsError with an empty errorCode")
				}
			},
		},
		{
			name:   "nulls and other types",
			reason: "members whose JSON type is not the documented one are kept raw",
			in:     `{"errorCode":null,"userAgent":42,"userIdentity":null,"resources":"none","tlsDetails":[],"managementEvent":"maybe"}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if r.ErrorCode != "" || r.UserIdentity != nil || r.Resources != nil || r.TLSDetails != nil || r.ManagementEvent.Set {
					t.Errorf("typed fields set: %+v", r)
				}
			},
		},
		{
			name:   "unknown members",
			reason: "pipeline enrichment (p_*, @version) survives",
			in:     `{"eventName":"x","p_any_ip_addresses":["192.0.2.1"],"@version":"1","p_log_type":"AWS.CloudTrail"}`,
		},
		{
			name:   "resources entries",
			reason: "unknown and misspelled members of a resources entry are kept",
			in:     `{"resources":[{"ARN":"arn:aws:s3:::b/k","accountid":"111122223333","type":"AWS::S3::Object","extra":{"a":[1]}},{"ARN":"","type":"AWS::S3::Bucket"}]}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if len(r.Resources) != 2 || r.Resources[0].AccountID != "" || r.Resources[1].ARN != "" {
					t.Errorf("Resources = %+v", r.Resources)
				}
			},
		},
		{
			name:   "many members in a nested object",
			reason: "more members than the remembered order holds still round-trip",
			in:     `{"tlsDetails":{"a":1,"b":2,"tlsVersion":"TLSv1.2","c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":null,"keyExchange":"x25519"}}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if r.TLSDetails.TLSVersion != "TLSv1.2" || r.TLSDetails.KeyExchange != "x25519" {
					t.Errorf("TLSDetails = %+v", r.TLSDetails)
				}
			},
		},
		{
			name:   "empty resources",
			reason: "[] is not absence",
			in:     `{"resources":[]}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if r.Resources == nil || len(r.Resources) != 0 {
					t.Errorf("Resources = %#v", r.Resources)
				}
			},
		},
		{
			name:   "resources not all objects",
			reason: "an array that is not a list of entries is kept raw as a whole",
			in:     `{"resources":[{"ARN":"a"},"b"]}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if r.Resources != nil {
					t.Errorf("Resources = %+v", r.Resources)
				}
			},
		},
		{
			name:   "tlsDetails and addendum",
			reason: "keyExchange and unknown members of nested objects survive",
			in:     `{"tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"sts.amazonaws.com","keyExchange":"X25519MLKEM768","future":true},"addendum":{"reason":"UPDATED_DATA","updatedFields":"userIdentity","originalRequestID":"r","originalEventID":"e","n":null}}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if r.TLSDetails.KeyExchange != "X25519MLKEM768" || r.Addendum.Reason != "UPDATED_DATA" {
					t.Errorf("TLSDetails %+v Addendum %+v", r.TLSDetails, r.Addendum)
				}
			},
		},
		{
			name:   "insights record",
			reason: "insightDetails with its context tree and unknown members; no userIdentity",
			in:     `{"eventVersion":"1.07","eventTime":"2023-01-01T00:00:00Z","awsRegion":"us-east-1","eventID":"e","eventType":"AwsCloudTrailInsight","recipientAccountId":"111122223333","sharedEventID":"s","insightDetails":{"state":"Start","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","insightType":"ApiCallRateInsight","insightContext":{"statistics":{"baseline":{"average":0.0000882145},"insight":{"average":0.6},"insightDuration":1,"baselineDuration":11444},"attributions":[{"attribute":"errorCode","insight":[{"value":"null","average":0.6}],"baseline":[{"value":"null","average":0.0000882145}]}]},"weird":1},"eventCategory":"Insight"}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if !r.IsInsight() || r.InsightDetails.State != "Start" || !bytes.Contains(r.InsightDetails.InsightContext, []byte("0.0000882145")) {
					t.Errorf("InsightDetails = %+v", r.InsightDetails)
				}
			},
		},
		{
			name:   "escapes",
			reason: "escaped strings are unescaped and written back as the same value",
			in:     `{"userAgent":"a\"b\\c\u00e9\ud83d\ude00\n","event\u004eame":"x"}`,
			check: func(t *testing.T, r *Record, out []byte) {
				if r.UserAgent != "a\"b\\cé😀\n" || r.EventName != "x" {
					t.Errorf("UserAgent %q EventName %q", r.UserAgent, r.EventName)
				}
			},
		},
		{
			name:   "empty record",
			reason: "nothing is required",
			in:     ` {} `,
		},
		{
			name:   "CRLF and tabs",
			reason: "white space of published records",
			in:     "{\r\n\t\"eventName\" :\t\"x\" ,\r\n\"requestParameters\": {\r\n \"a\" : [ 1 , 2 ] }\r\n}",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, out := roundTrip(t, tc.in)
			if tc.check != nil {
				tc.check(t, r, out)
			}
		})
	}
}

func TestCompactRecordComesBackByteForByte(t *testing.T) {
	// Compact input without escapes is written back exactly: members keep
	// their order at every level, unknown ones included.
	in := `{"eventVersion":"1.10","p_x":1,"eventTime":"2023-05-01T12:00:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRoot","resources":[{"accountId":"111122223333","type":"AWS::IAM::Role","ARN":"arn:aws:iam::111122223333:role/r","z":[]}],"readOnly":"true","requestParameters":{"a":1.50},"tlsDetails":{"keyExchange":"x25519","tlsVersion":"TLSv1.3"},"insightDetails":{"x":0,"insightContext":{},"state":"End"},"eventCategory":"Management","zz":null}`
	r, err := ParseRecord([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if out := r.AppendJSON(nil); string(out) != in {
		t.Errorf("got  %s\nwant %s", out, in)
	}
	// Fields set afterwards follow the recorded members.
	r.Resources[0].wire = wireState{}
	r.TLSDetails.CipherSuite = "TLS_AES_128_GCM_SHA256"
	out := string(r.AppendJSON(nil))
	for _, want := range []string{
		`{"ARN":"arn:aws:iam::111122223333:role/r","accountId":"111122223333","type":"AWS::IAM::Role"}`,
		`{"keyExchange":"x25519","tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256"}`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("%s lacks %s", out, want)
		}
	}
}

func TestEncodeAfterChanges(t *testing.T) {
	r, err := ParseRecord([]byte(`{"eventTime":"2023-05-01 12:00:00","errorCode":7,"userIdentity":{"type":"Root"},"x":1}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		reason string
		change func(r *Record)
		want   string
	}{
		{"unchanged: the text as recorded", func(r *Record) {}, `{"eventTime":"2023-05-01 12:00:00","errorCode":7,"userIdentity":{"type":"Root"},"x":1}`},
		{"a changed time is written in the canonical layout, in UTC",
			func(r *Record) { r.EventTime = time.Date(2024, 1, 2, 4, 4, 5, 999, time.FixedZone("X", 3600)) },
			`{"eventTime":"2024-01-02T03:04:05Z","errorCode":7,"userIdentity":{"type":"Root"},"x":1}`},
		{"a cleared time is omitted", func(r *Record) { r.EventTime = time.Time{} }, `{"errorCode":7,"userIdentity":{"type":"Root"},"x":1}`},
		{"a typed value replaces the raw member it stood in for",
			func(r *Record) { r.ErrorCode = "AccessDenied" },
			`{"eventTime":"2023-05-01 12:00:00","errorCode":"AccessDenied","userIdentity":{"type":"Root"},"x":1}`},
		{"fields set by the caller come after the recorded ones",
			func(r *Record) {
				r.EventName = "GetObject"
				r.ReadOnly = Bool{Set: true, Value: true}
				r.UserIdentity = nil
			},
			`{"eventTime":"2023-05-01 12:00:00","errorCode":7,"x":1,"eventName":"GetObject","readOnly":true}`},
	} {
		c := *r
		tc.change(&c)
		if got := string(c.AppendJSON(nil)); got != tc.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tc.reason, got, tc.want)
		}
	}
}

func TestMarshalWithEncodingJSON(t *testing.T) {
	// Record works inside the caller's own types through encoding/json.
	type wrapper struct {
		Rec  Record     `json:"rec"`
		Res  Resource   `json:"res"`
		Recs []Record   `json:"recs"`
		TLS  TLSDetails `json:"tls"`
	}
	in := `{"rec":{"eventName":"x","u":1},"res":{"ARN":"a","u":[2]},"recs":[{"readOnly":"true"}],"tls":{"tlsVersion":"TLSv1.2","u":"3"}}`
	var w wrapper
	if err := json.Unmarshal([]byte(in), &w); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	if same, path, err := sameJSON([]byte(in), out); err != nil || !same {
		t.Errorf("at %s (%v): got %s", path, err, out)
	}
}

func TestSyntaxErrors(t *testing.T) {
	for _, tc := range []struct {
		reason, in     string
		line, col, off int
		msg            string
	}{
		{"trailing comma", "{\n  \"eventName\": \"x\",\n}", 3, 1, 22, "expected string for object member name"},
		{"not an object", `["x"]`, 1, 1, 0, "expected '{'"},
		{"text after the record", `{} {}`, 1, 4, 3, "expected end of input"},
		{"bad payload, offset within the whole record", `{"eventName":"x","requestParameters":{"a":tru}}`, 1, 43, 42, `"true"`},
		{"unterminated string", `{"eventName":"x`, 1, 16, 15, "unterminated string"},
		{"bad identity, offset within the whole record", `{"userIdentity":{"type":"Root",}}`, 1, 32, 31, "expected"},
		{"empty input", ``, 1, 1, 0, "expected '{'"},
	} {
		_, err := ParseRecord([]byte(tc.in))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%s: got %v, want *SyntaxError", tc.reason, err)
			continue
		}
		if se.Line != tc.line || se.Column != tc.col || se.Offset != int64(tc.off) || !strings.Contains(se.Msg, tc.msg) {
			t.Errorf("%s: got line %d col %d offset %d %q, want line %d col %d offset %d containing %q",
				tc.reason, se.Line, se.Column, se.Offset, se.Msg, tc.line, tc.col, tc.off, tc.msg)
		}
		if !strings.HasPrefix(err.Error(), "event: ") {
			t.Errorf("%s: error %q lacks the package prefix", tc.reason, err)
		}
	}
}

func TestDecodeResets(t *testing.T) {
	var r Record
	if err := r.Decode([]byte(`{"eventName":"a","errorCode":"x","tlsDetails":{"tlsVersion":"v"},"u":1}`)); err != nil {
		t.Fatal(err)
	}
	if err := r.Decode([]byte(`{"eventName":"b"}`)); err != nil {
		t.Fatal(err)
	}
	if got := string(r.AppendJSON(nil)); got != `{"eventName":"b"}` {
		t.Errorf("after reuse got %s", got)
	}
	if err := r.Decode([]byte(`{"eventName":`)); err == nil {
		t.Fatal("no error")
	}
	if !reflect.DeepEqual(r, Record{}) {
		t.Errorf("after an error r = %+v, want zero", r)
	}
}

func TestDecodeDoesNotAliasInput(t *testing.T) {
	b := []byte(`{"eventName":"GetObject","requestParameters":{"k":"v"},"u":"w"}`)
	r, err := ParseRecord(b)
	if err != nil {
		t.Fatal(err)
	}
	want := string(r.AppendJSON(nil))
	for i := range b {
		b[i] = ' '
	}
	if got := string(r.AppendJSON(nil)); got != want {
		t.Errorf("record changed with its input: %s", got)
	}
	// Appending to one payload does not clobber another.
	r.RequestParameters = append(r.RequestParameters, "xxxxxxxx"...)
	if got := string(r.AppendJSON(nil)); !strings.Contains(got, `"eventName":"GetObject"`) {
		t.Errorf("got %s", got)
	}
}

func TestAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	b := []byte(typicalRecord)
	// One copy of the text for strings, one for raw payloads, and one
	// block holding the Record and its nested values, userIdentity
	// included.
	if n := testing.AllocsPerRun(100, func() {
		if _, err := ParseRecord(b); err != nil {
			t.Fatal(err)
		}
	}); n > 3 {
		t.Errorf("ParseRecord of a typical record: %v allocations, want at most 3", n)
	}
	// Decode into a reused Record: the copy of the text, the raw payloads
	// and the block of nested values.
	var rec Record
	if n := testing.AllocsPerRun(100, func() {
		if err := rec.Decode(b); err != nil {
			t.Fatal(err)
		}
	}); n > 3 {
		t.Errorf("Decode of a typical record: %v allocations, want at most 3", n)
	}
	// A record already held in a string costs one allocation less.
	s := string(b)
	if n := testing.AllocsPerRun(100, func() {
		if err := rec.DecodeString(s); err != nil {
			t.Fatal(err)
		}
	}); n > 2 {
		t.Errorf("DecodeString of a typical record: %v allocations, want at most 2", n)
	}
	r, _ := ParseRecord(b)
	buf := make([]byte, 0, 8192)
	if n := testing.AllocsPerRun(100, func() { buf = r.AppendJSON(buf[:0]) }); n != 0 {
		t.Errorf("AppendJSON into a large enough buffer: %v allocations, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() {
		_ = r.Endpoint()
		_, _ = r.Category()
		_, _ = r.SourceAddr()
		_ = r.Recipient()
	}); n != 0 {
		t.Errorf("classification of a record without RequestDetails: %v allocations, want 0", n)
	}
}

// exported returns r without what only decoding sees, for comparing
// records field by field; the identity is compared by its encoding.
func exported(p *Record) (Record, string) {
	r := *p
	var id string
	if r.UserIdentity != nil {
		id = string(r.UserIdentity.AppendJSON(nil))
	}
	r.UserIdentity = nil
	r.wire = recordWire{}
	if r.Resources != nil {
		rs := make([]Resource, len(r.Resources))
		for i, x := range r.Resources {
			x.wire = wireState{}
			rs[i] = x
		}
		r.Resources = rs
	}
	if r.TLSDetails != nil {
		x := *r.TLSDetails
		x.wire = wireState{}
		r.TLSDetails = &x
	}
	if r.Addendum != nil {
		x := *r.Addendum
		x.wire = wireState{}
		r.Addendum = &x
	}
	if r.InsightDetails != nil {
		x := *r.InsightDetails
		x.wire = wireState{}
		r.InsightDetails = &x
	}
	return r, id
}

// FuzzParseRecord checks that ParseRecord never panics, accepts every
// JSON object encoding/json does but those with a member repeated with two
// values (refused naming two members whose values differ) and log files,
// and that decode→encode keeps the JSON value and is stable.
func FuzzParseRecord(f *testing.F) {
	f.Add([]byte(typicalRecord))
	for _, s := range []string{
		`{}`, `{"eventTime":"2023-05-01 12:00:00.000000000","readOnly":"true","x":[1,{"y":null}]}`,
		`{"resources":[{"ARN":"a","accountid":"b"}],"errorCode":1,"errorCode":"x"}`,
		`{"insightDetails":{"insightContext":{"a":1},"state":"End","q":2},"eventType":"AwsCloudTrailInsight"}`,
		`{"userIdentity":{"type":"AssumedRole","sessionContext":{"attributes":{"mfaAuthenticated":"true","creationDate":"20131102T010628Z"}}}}`,
		`{"tlsDetails":{"tlsVersion":"","keyExchange":null},"addendum":{"reason":"DELIVERY_DELAY"}}`,
		`{"readOnly":true,"eventType":"AwsServiceEvent","readOnly":true,"eventType":"AwsServiceEvent"}`,
		`{"userIdentity":{"type":"Root","type":"Root"},"resources":[{"ARN":"a","ARN":"a"}],"x":{},"x":{}}`,
	} {
		f.Add([]byte(s))
	}
	// Modelled members repeated among unknown ones, alike or not, past the
	// count of unknown names from which duplicates are looked for in a map.
	var many [4]strings.Builder
	for i := range 40 {
		many[0].WriteString(`,"readOnly":true,"z":1`)
		fmt.Fprintf(&many[1], `,"readOnly":"x","u%d":1,"readOnly":true`, i)
		fmt.Fprintf(&many[2], `,"tlsVersion":1,"u%d":1`, i)
		many[3].WriteString(`,"z":1,"type":1,"errorCode":null`)
	}
	f.Add([]byte(`{"eventVersion":"1.08"` + many[0].String() + `}`))
	f.Add([]byte(`{"eventVersion":"1.08"` + many[1].String() + `}`))
	f.Add([]byte(`{"tlsDetails":{"tlsVersion":"x"` + many[2].String() + `}}`))
	f.Add([]byte(`{"userIdentity":{"type":1` + many[3].String() + `},"errorCode":null` + many[3].String() + `}`))
	if corpusDir(f) != "" {
		recs := corpusRecords(f)
		for i := 0; i < len(recs); i += 50 {
			f.Add(recs[i].b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseRecord(b)
		if err != nil {
			var se *SyntaxError
			if errors.As(err, &se) && (se.Offset < 0 || se.Offset > int64(len(b))) {
				t.Fatalf("offset %d outside the input", se.Offset)
			}
			// json.Valid accepts invalid UTF-8 in strings; RFC 8259 texts
			// are UTF-8, and the reader refuses other bytes with a position.
			if json.Valid(b) && utf8.Valid(b) && bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) && !errors.Is(err, ErrNotRecord) &&
				!errors.Is(err, ErrDuplicateMember) {
				t.Fatalf("valid JSON object rejected: %v", err)
			}
			checkDuplicateDiffers(t, string(b), err)
			return
		}
		if !json.Valid(b) {
			t.Fatalf("invalid JSON accepted")
		}
		out := r.AppendJSON(nil)
		if same, path, err := sameJSON(b, out); err != nil || !same {
			t.Fatalf("decode→encode changed the value at %s (%v)\nin:  %s\nout: %s", path, err, b, out)
		}
		r2, err := ParseRecord(out)
		if err != nil {
			t.Fatalf("re-parse: %v\n%s", err, out)
		}
		e1, id1 := exported(r)
		e2, id2 := exported(r2)
		if !reflect.DeepEqual(e1, e2) || id1 != id2 {
			t.Fatalf("records differ after a round trip\n1: %+v\n2: %+v", e1, e2)
		}
		if out2 := r2.AppendJSON(nil); !bytes.Equal(out, out2) {
			t.Fatalf("second encoding differs\n1: %s\n2: %s", out, out2)
		}
	})
}

func TestBoolJSON(t *testing.T) {
	for _, tc := range []struct {
		in     string
		want   Bool
		reason string
	}{
		{`true`, Bool{Set: true, Value: true}, "JSON boolean"},
		{`false`, Bool{Set: true}, "JSON boolean"},
		{`"true"`, Bool{Set: true, Value: true, Quoted: true}, "string, as sessionCredentialFromConsole"},
		{`"false"`, Bool{Set: true, Quoted: true}, "string, as readOnly from LookupEvents"},
		{`null`, Bool{}, "null leaves it unset"},
	} {
		var b Bool
		if err := json.Unmarshal([]byte(tc.in), &b); err != nil || b != tc.want {
			t.Errorf("%s: %s: got %+v, %v", tc.reason, tc.in, b, err)
		}
		if out, _ := json.Marshal(b); string(out) != tc.in {
			t.Errorf("%s: Marshal gives %s, want %s", tc.reason, out, tc.in)
		}
	}
	var b Bool
	if err := json.Unmarshal([]byte(`"yes"`), &b); err == nil {
		t.Error(`"yes" accepted`)
	}
}

func TestManyMembers(t *testing.T) {
	// A record with more members than the remembered order holds is
	// written with the modelled fields first and the rest after, still
	// the same JSON value.
	var b strings.Builder
	b.WriteString(`{"p_0":0`)
	for i := 1; i < 300; i++ {
		b.WriteString(`,"p_` + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + `_` + strconv.Itoa(i) + `":` + strconv.Itoa(i))
		if i == 150 {
			b.WriteString(`,"eventName":"GetObject","readOnly":true,"errorCode":7`)
		}
	}
	b.WriteString(`}`)
	r, _ := roundTrip(t, b.String())
	if r.EventName != "GetObject" || !r.ReadOnly.True() || len(r.wire.extra) != 301 {
		t.Errorf("EventName %q ReadOnly %+v extras %d", r.EventName, r.ReadOnly, len(r.wire.extra))
	}
}

func TestLogFileIsNotARecord(t *testing.T) {
	_, err := ParseRecord([]byte(`{"Records":[{"eventName":"GetObject"}]}`))
	if !errors.Is(err, ErrNotRecord) {
		t.Errorf("log file: got %v, want ErrNotRecord", err)
	}
	// A record that merely has a Records member among others is a record.
	if _, err := ParseRecord([]byte(`{"eventName":"x","Records":[]}`)); err != nil {
		t.Errorf("record with a Records member: %v", err)
	}
}

// FuzzRecordShapes builds records from known member names and values of
// every JSON kind, repeated and mistyped, and checks the same round-trip
// properties as FuzzParseRecord: it reaches the corners (a member given
// twice, once with the wrong type; nested objects with odd members) that
// byte-level mutation rarely finds.
func FuzzRecordShapes(f *testing.F) {
	f.Add([]byte{0, 0, 1, 2, 3, 4}, "x")
	f.Add([]byte{19, 9, 19, 0, 27, 12, 27, 1}, "")
	f.Add([]byte{29, 13, 29, 14, 26, 15, 30, 16}, "AwsVpceEvents")
	// A mistyped member alternating with an unknown one, then a typed
	// member and a nested object alternating with unknown ones, 32 members.
	f.Add(bytes.Repeat([]byte{15, 3, 32, 3}, 16), "")
	f.Add(bytes.Repeat([]byte{15, 4, 32, 4, 27, 11, 32, 4}, 8), "")
	keys := []string{
		"eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion",
		"sourceIPAddress", "userAgent", "errorCode", "errorMessage", "requestParameters",
		"responseElements", "additionalEventData", "requestID", "eventID", "readOnly", "resources",
		"eventType", "apiVersion", "managementEvent", "recipientAccountId", "sharedEventID",
		"vpcEndpointId", "vpcEndpointAccountId", "serviceEventDetails", "eventCategory", "addendum",
		"tlsDetails", "sessionCredentialFromConsole", "edgeDeviceDetails", "insightDetails",
		"eventContext", "unknown", "Records",
	}
	f.Fuzz(func(t *testing.T, shape []byte, s string) {
		vals := []string{
			jsonString(s), `""`, `null`, `1.0`, `true`, `"true"`, `"false"`, `[]`, `{}`,
			`[{"ARN":` + jsonString(s) + `,"accountId":"1","type":"AWS::S3::Object","x":1}]`,
			`[{"ARN":null},{"ARN":"a","ARN":1}]`,
			`{"tlsVersion":"v","cipherSuite":1,"keyExchange":null,"u":[]}`,
			`{"reason":"UPDATED_DATA","reason":null,"updatedFields":""}`,
			`{"state":"Start","insightContext":{"statistics":{}},"insightContext":null,"errorCode":"null"}`,
			`{"type":"Root","accountId":` + jsonString(s) + `}`,
			`"2023-05-01T12:00:00Z"`, `"2023-05-01 12:00:00.000000000"`, `[1,"x",{"y":null}]`,
		}
		if len(shape) > 64 {
			shape = shape[:64]
		}
		var b strings.Builder
		b.WriteByte('{')
		for i := 0; i+1 < len(shape); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(jsonString(keys[int(shape[i])%len(keys)]))
			b.WriteByte(':')
			b.WriteString(vals[int(shape[i+1])%len(vals)])
		}
		b.WriteByte('}')
		in := []byte(b.String())
		r, err := ParseRecord(in)
		if err != nil {
			if errors.Is(err, ErrNotRecord) || errors.Is(err, ErrDuplicateMember) {
				checkDuplicateDiffers(t, string(in), err)
				return
			}
			t.Fatalf("%s: %v", in, err)
		}
		out := r.AppendJSON(nil)
		if same, path, err := sameJSON(in, out); err != nil || !same {
			t.Fatalf("decode→encode changed the value at %s (%v)\nin:  %s\nout: %s", path, err, in, out)
		}
		r2, err := ParseRecord(out)
		if err != nil {
			t.Fatalf("re-parse: %v\n%s", err, out)
		}
		e1, id1 := exported(r)
		e2, id2 := exported(r2)
		if !reflect.DeepEqual(e1, e2) || id1 != id2 {
			t.Fatalf("records differ after a round trip\nin: %s\n1: %+v\n2: %+v", in, e1, e2)
		}
		if out2 := r2.AppendJSON(nil); !bytes.Equal(out, out2) {
			t.Fatalf("second encoding differs\n1: %s\n2: %s", out, out2)
		}
	})
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestEventTimeLayouts covers the layouts eventTime is read in: the
// documented one and the ones pipelines rewrite it to. The text is kept
// either way; EventTime is zero when no layout fits.
func TestEventTimeLayouts(t *testing.T) {
	for _, tc := range []struct {
		in, want string // want in RFC 3339 with nanoseconds, "" for zero
		reason   string
	}{
		{"2023-05-01T12:00:00Z", "2023-05-01T12:00:00Z", "the documented layout"},
		{"20230501T120000Z", "2023-05-01T12:00:00Z", "ISO 8601 basic"},
		{"2023-05-01T12:00:00.25Z", "2023-05-01T12:00:00.25Z", "fractional seconds"},
		{"2023-05-01T14:00:00+02:00", "2023-05-01T12:00:00Z", "an offset, converted to UTC"},
		{"2023-05-01T12:00:00", "2023-05-01T12:00:00Z", "no zone: UTC"},
		{"2023-05-01 12:00:00.000000000", "2023-05-01T12:00:00Z", "Panther's layout"},
		{"2023-05-01 12:00:00", "2023-05-01T12:00:00Z", "space, no fraction"},
		{"2023-05-01 12:00:00Z", "2023-05-01T12:00:00Z", "space and zone"},
		{"2023-05-01 12:00:00-01:00", "2023-05-01T13:00:00Z", "space and offset"},
		{"2023-05-01X12:00:00Z", "", "an unknown separator"},
		{"2023-02-30T12:00:00Z", "", "no such day"},
		{"timestamp", "", "not a time"},
		{"", "", "empty"},
	} {
		rec, err := ParseRecord([]byte(`{"eventTime":"` + tc.in + `"}`))
		if err != nil {
			t.Fatalf("%s: %v", tc.reason, err)
		}
		got := ""
		if !rec.EventTime.IsZero() {
			got = rec.EventTime.Format(time.RFC3339Nano)
		}
		if got != tc.want || (got != "" && rec.EventTime.Location() != time.UTC) {
			t.Errorf("%s: eventTime %q read as %q (%v), want %q", tc.reason, tc.in, got, rec.EventTime.Location(), tc.want)
		}
		if out := string(rec.AppendJSON(nil)); out != `{"eventTime":"`+tc.in+`"}` {
			t.Errorf("%s: written back as %s", tc.reason, out)
		}
	}
}

// TestDuplicateMembers: a record with a member name twice is refused,
// naming the member and both places: it is how a crafted record shows one
// action to one reader and another to the next (CreateBucket, then
// DeleteBucket), and no genuine record has one.
func TestDuplicateMembers(t *testing.T) {
	for _, tc := range []struct {
		in, name string
		first    int64
	}{
		{`{"eventName":"CreateBucket","eventSource":"s3.amazonaws.com","eventName":"DeleteBucket"}`, "eventName", 1},
		{`{"errorCode":1,"errorCode":"Throttling"}`, "errorCode", 1},
		{`{"x":1,"y":2,"x":3}`, "x", 1},
		{`{"userIdentity":{"type":"Root"},"userIdentity":null}`, "userIdentity", 1},
	} {
		_, err := ParseRecord([]byte(tc.in))
		var de *DuplicateMemberError
		if !errors.As(err, &de) || !errors.Is(err, ErrDuplicateMember) || de.Name != tc.name || de.First != tc.first ||
			de.Second != int64(strings.LastIndex(tc.in, `"`+tc.name+`"`)) {
			t.Errorf("%s: %v (%+v), want duplicate %q at %d and %d", tc.in, err, de, tc.name, tc.first, strings.LastIndex(tc.in, `"`+tc.name+`"`))
		}
	}
	// Many unknown members, all distinct, are read in linear time; one
	// repeated among them is found.
	var b strings.Builder
	b.WriteString(`{"eventID":"a"`)
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&b, `,"m%d":1`, i)
	}
	if _, err := ParseRecord([]byte(b.String() + "}")); err != nil {
		t.Errorf("20000 distinct members: %v", err)
	}
	if _, err := ParseRecord([]byte(b.String() + `,"m7":2}`)); !errors.Is(err, ErrDuplicateMember) {
		t.Errorf("20000 members, one twice: %v", err)
	}
	// In a stream, the record is reported with both positions in the
	// input, and reading goes on.
	in := `{"Records":[{"eventID":"a","eventName":"CreateBucket","eventName":"DeleteBucket"},{"eventID":"b"}]}`
	var got []string
	for rec, err := range Records(strings.NewReader(in), ContinueOnError()) {
		if err != nil {
			got = append(got, err.Error())
			continue
		}
		got = append(got, rec.EventID)
	}
	want := `event: record 0 (line 1, column 55): duplicate member "eventName" at line 1, column 55 (offset 54); first at line 1, column 28 (offset 27)`
	if len(got) != 2 || got[0] != want || got[1] != "b" {
		t.Errorf("got %q, want [%q b]", got, want)
	}
}

// checkDuplicateDiffers fails t when err is a *DuplicateMemberError that
// does not name two members of s with different value texts: a repeat
// with the same value is read, not refused. (encoding/json accepts every
// repeat, keeping the last; the decoder refuses those that differ.)
func checkDuplicateDiffers(t *testing.T, s string, err error) {
	t.Helper()
	var de *DuplicateMemberError
	if !errors.As(err, &de) {
		return
	}
	a, ok1 := memberValueAt(s, de.First)
	b, ok2 := memberValueAt(s, de.Second)
	if !ok1 || !ok2 || a != b {
		return
	}
	t.Fatalf("%v: refused, but both members have the value %s\n%s", err, a, s)
}

// memberValueAt returns the value text of the member whose name opens at
// offset off of s.
func memberValueAt(s string, off int64) (string, bool) {
	if off < 0 || off >= int64(len(s)) {
		return "", false
	}
	sc := jsonwire.New(s)
	sc.Reset(int(off))
	if _, err := sc.ReadString(); err != nil {
		return "", false
	}
	i := sc.Pos()
	for i < len(s) && jsonwire.IsSpace(s[i]) {
		i++
	}
	if i >= len(s) || s[i] != ':' {
		return "", false
	}
	sc.Reset(i + 1)
	v, err := sc.SkipValue()
	return v, err == nil
}

// TestDuplicateMembersIdentical: a member repeated with the same value,
// its JSON text byte for byte, is read as if it were there once (the
// Record has it once, and writes it once): it shows every reader the same
// value, whichever occurrence the reader keeps. A documentation example
// has one (Organizations' incident response guide: readOnly and
// eventType twice). The same value written otherwise inside it (white
// space, an escape, a number form) is another text: refused, as
// different values are, since telling equal values apart from different
// ones by their meaning would take a second reading of JSON; white space
// around the value, outside its text, does not count.
func TestDuplicateMembersIdentical(t *testing.T) {
	for _, tc := range []struct {
		reason, in, want string // want: the record written back; "" for refused
		path, name       string // the refused member
	}{
		{"identical scalar", `{"eventID":"a","readOnly":true,"readOnly":true}`, `{"eventID":"a","readOnly":true}`, "", ""},
		{"identical scalars of the documented example", `{"eventID":"a","readOnly":false,"eventType":"AwsServiceEvent","readOnly":false,"eventType":"AwsServiceEvent","managementEvent":true}`,
			`{"eventID":"a","readOnly":false,"eventType":"AwsServiceEvent","managementEvent":true}`, "", ""},
		{"identical string, three times", `{"eventName":"GetObject","eventID":"a","eventName":"GetObject","eventName":"GetObject"}`, `{"eventName":"GetObject","eventID":"a"}`, "", ""},
		{"identical unknown member", `{"x":[1,{"y":null}],"eventID":"a","x":[1,{"y":null}]}`, `{"x":[1,{"y":null}],"eventID":"a"}`, "", ""},
		{"identical raw payload object", `{"requestParameters":{"bucketName":"b"},"requestParameters":{"bucketName":"b"}}`, `{"requestParameters":{"bucketName":"b"}}`, "", ""},
		{"identical modelled object", `{"tlsDetails":{"tlsVersion":"TLSv1.3"},"eventID":"a","tlsDetails":{"tlsVersion":"TLSv1.3"}}`, `{"tlsDetails":{"tlsVersion":"TLSv1.3"},"eventID":"a"}`, "", ""},
		{"identical userIdentity", `{"userIdentity":{"type":"Root","accountId":"1"},"userIdentity":{"type":"Root","accountId":"1"}}`, `{"userIdentity":{"type":"Root","accountId":"1"}}`, "", ""},
		{"identical member inside userIdentity", `{"userIdentity":{"type":"Root","type":"Root"},"eventID":"a"}`, `{"userIdentity":{"type":"Root"},"eventID":"a"}`, "", ""},
		{"identical member inside a resources entry", `{"resources":[{"ARN":"a","type":"t","ARN":"a"}]}`, `{"resources":[{"ARN":"a","type":"t"}]}`, "", ""},
		{"identical member inside insightDetails", `{"insightDetails":{"state":"Start","insightContext":{},"insightContext":{}}}`, `{"insightDetails":{"state":"Start","insightContext":{}}}`, "", ""},
		{"repeats inside a repeat", `{"addendum":{"reason":"r","reason":"r"},"addendum":{"reason":"r","reason":"r"}}`, `{"addendum":{"reason":"r"}}`, "", ""},
		{"the same name escaped", `{"eventID":"a","event\u0049D":"a"}`, `{"eventID":"a"}`, "", ""},
		{"white space around the value, outside its text", "{\"readOnly\": true ,\n\"readOnly\":true}", `{"readOnly":true}`, "", ""},
		{"different values", `{"readOnly":true,"readOnly":false}`, "", "", "readOnly"},
		{"the same object with other white space inside", `{"requestParameters":{"a":1},"requestParameters":{ "a":1}}`, "", "", "requestParameters"},
		{"the same string with an escape", `{"eventName":"GetObject","eventName":"G\u0065tObject"}`, "", "", "eventName"},
		{"the same number in another form", `{"x":1,"x":1.0}`, "", "", "x"},
		{"identical twice, then different", `{"eventName":"a","eventName":"a","eventName":"b"}`, "", "", "eventName"},
		{"an identical repeat, and another member with two values", `{"eventID":"a","eventID":"a","eventName":"x","eventName":"y"}`, "", "", "eventName"},
		{"different values inside identical userIdentity members", `{"userIdentity":{"type":"A","type":"B"},"userIdentity":{"type":"A","type":"B"}}`, "", "userIdentity", "type"},
		{"different values in a resources entry", `{"resources":[{"ARN":"a"},{"ARN":"a","ARN":"b"}]}`, "", "resources", "ARN"},
	} {
		r, err := ParseRecord([]byte(tc.in))
		if tc.want == "" {
			var de *DuplicateMemberError
			if !errors.As(err, &de) || de.Path != tc.path || de.Name != tc.name {
				t.Errorf("%s: ParseRecord(%s) = %v, want a duplicate %q in %q", tc.reason, tc.in, err, tc.name, tc.path)
				continue
			}
			checkDuplicateDiffers(t, tc.in, err)
			continue
		}
		if err != nil {
			t.Errorf("%s: ParseRecord(%s): %v", tc.reason, tc.in, err)
			continue
		}
		if got := string(r.AppendJSON(nil)); got != tc.want {
			t.Errorf("%s: ParseRecord(%s) written back as %s, want %s", tc.reason, tc.in, got, tc.want)
		}
		if same, path, err := sameJSON([]byte(tc.in), r.AppendJSON(nil)); err != nil || !same {
			t.Errorf("%s: the value changed at %s (%v)", tc.reason, path, err)
		}
		// Read from a stream, with records before and after: the record
		// reads the same, and so does the next.
		in := "{\"Records\":[{\"eventID\":\"0\"},\n" + tc.in + ",\n{\"eventID\":\"b\"}]}"
		var got []string
		for rec, err := range Records(strings.NewReader(in), ContinueOnError()) {
			if err != nil {
				got = append(got, err.Error())
				continue
			}
			got = append(got, string(rec.AppendJSON(nil)))
		}
		if want := []string{`{"eventID":"0"}`, tc.want, `{"eventID":"b"}`}; !slices.Equal(got, want) {
			t.Errorf("%s: in a log file, got %q, want %q", tc.reason, got, want)
		}
		// Decoding into a Record used before gives the same.
		var reused Record
		if err := reused.DecodeString(typicalRecord); err != nil {
			t.Fatal(err)
		}
		if err := reused.DecodeString(tc.in); err != nil || string(reused.AppendJSON(nil)) != tc.want {
			t.Errorf("%s: DecodeString: %s, %v", tc.reason, reused.AppendJSON(nil), err)
		}
	}
}

// TestDuplicateMembersIdenticalCost: a record of many identical repeats
// in many objects reads, each object read once more to drop them (a
// reading of the whole record per object would take minutes here): ten
// thousand resources entries with a repeat each, and a hundred thousand
// repeats of a modelled member, then of an unknown one.
func TestDuplicateMembersIdenticalCost(t *testing.T) {
	for _, repeat := range []string{`,"readOnly":true`, `,"z":1`} {
		var b strings.Builder
		b.WriteString(`{"eventID":"a","readOnly":true,"z":1,"resources":[`)
		for i := range 10000 {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`{"ARN":"x","ARN":"x"}`)
		}
		b.WriteString(`]`)
		for range 100000 {
			b.WriteString(repeat)
		}
		b.WriteString(`}`)
		r, err := ParseRecord([]byte(b.String()))
		if err != nil {
			t.Fatalf("%s: %v", repeat, err)
		}
		if out := string(r.AppendJSON(nil)); len(r.Resources) != 10000 || !strings.HasPrefix(out, `{"eventID":"a","readOnly":true,"z":1,"resources":[{"ARN":"x"},`) || len(out) > 150000 {
			t.Errorf("%s: %d resources, written as %.80s... in %d bytes", repeat, len(r.Resources), out, len(out))
		}
	}
}

// TestNestedDuplicateMembers: a member twice inside a nested object the
// record's types own is refused as one twice at the top: the same error,
// the object named by Path, both places in the input, and a stream goes on
// past the record.
func TestNestedDuplicateMembers(t *testing.T) {
	for _, tc := range []struct {
		name, in, path, member string
	}{
		{"UserIdentityType", `{"eventID":"a","userIdentity":{"type":"Root","type":"IAMUser"}}`, "userIdentity", "type"},
		{"SessionContextAttributes", `{"eventID":"a","userIdentity":{"sessionContext":{"attributes":{"mfaAuthenticated":"false","mfaAuthenticated":"true"}}}}`, "userIdentity.sessionContext.attributes", "mfaAuthenticated"},
		{"SessionIssuerArn", `{"eventID":"a","userIdentity":{"sessionContext":{"sessionIssuer":{"arn":"a","arn":"b"}}}}`, "userIdentity.sessionContext.sessionIssuer", "arn"},
		{"OnBehalfOf", `{"eventID":"a","userIdentity":{"onBehalfOf":{"userId":"u","x":1,"userId":"v"}}}`, "userIdentity.onBehalfOf", "userId"},
		{"TLSDetails", `{"eventID":"a","tlsDetails":{"tlsVersion":"TLSv1.2","tlsVersion":"TLSv1.3"}}`, "tlsDetails", "tlsVersion"},
		{"TLSDetailsUnknown", `{"eventID":"a","tlsDetails":{"z":1,"z":2}}`, "tlsDetails", "z"},
		{"ResourcesEntry", `{"eventID":"a","resources":[{"ARN":"x"},{"ARN":"a","type":"t","ARN":"b"}]}`, "resources", "ARN"},
		{"Addendum", `{"eventID":"a","addendum":{"reason":"r","reason":"s"}}`, "addendum", "reason"},
		{"InsightDetails", `{"eventID":"a","insightDetails":{"state":"Start","state":"End"}}`, "insightDetails", "state"},
		{"InsightContext", `{"eventID":"a","insightDetails":{"insightContext":{},"insightContext":{"a":1}}}`, "insightDetails", "insightContext"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRecord([]byte(tc.in))
			var de *DuplicateMemberError
			if !errors.As(err, &de) || !errors.Is(err, ErrDuplicateMember) {
				t.Fatalf("ParseRecord: %v, want a *DuplicateMemberError", err)
			}
			wantSecond := int64(strings.LastIndex(tc.in, `"`+tc.member+`"`))
			if de.Path != tc.path || de.Name != tc.member || de.Second != wantSecond || de.First <= 0 || de.First >= de.Second ||
				tc.in[de.First:de.First+int64(len(tc.member))+2] != `"`+tc.member+`"` {
				t.Errorf("got %+v, want %q %q, second at %d", de, tc.path, tc.member, wantSecond)
			}
			if !strings.Contains(err.Error(), " in "+tc.path+" ") {
				t.Errorf("error %q does not name %s", err, tc.path)
			}
			// In a log file: the error gives input offsets, and the next
			// record comes out.
			in := `{"Records":[{"eventID":"0"},` + tc.in + `,{"eventID":"b"}]}`
			var got []string
			for rec, err := range Records(strings.NewReader(in), ContinueOnError()) {
				if err != nil {
					if !errors.As(err, &de) || de.Second != int64(len(`{"Records":[{"eventID":"0"},`))+wantSecond {
						t.Errorf("stream error %v", err)
					}
					got = append(got, "error")
					continue
				}
				got = append(got, rec.EventID)
			}
			if strings.Join(got, " ") != "0 error b" {
				t.Errorf("stream gave %q", got)
			}
		})
	}
}
