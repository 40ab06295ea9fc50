package event

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/identity"
)

// routeMembers are the members a router reads of each record.
var routeMembers = []string{"eventTime", "eventSource", "eventName", "awsRegion", "recipientAccountId",
	"eventCategory", "eventType", "readOnly", "managementEvent", "eventID"}

// onlySets are the member name lists the DecodeOnly tests read with.
var onlySets = [][]string{
	routeMembers, // flat: read from the buffer, values copied
	append(append([]string(nil), routeMembers...), "userIdentity", "resources"), // nested values: from a copy of the input
	{"eventName"},
	{"requestParameters", "eventTime", "tlsDetails", "no such member"},
	{"userAgent", "errorCode", "sessionCredentialFromConsole", "additionalEventData", "insightDetails", "addendum"},
	// Paths into userIdentity: the members routing reads of it (the
	// selector field userIdentity.arn, the account of a record older
	// than recipientAccountId), then every string member a path may
	// name, then paths that name the whole member they go into.
	append(append([]string(nil), routeMembers...), "userIdentity.arn", "userIdentity.accountId", "resources"),
	{"userIdentity.type", "userIdentity.principalId", "userIdentity.arn", "userIdentity.accountId", "userIdentity.accessKeyId",
		"userIdentity.userName", "userIdentity.invokedBy", "userIdentity.identityProvider", "userIdentity.credentialId", "eventName"},
	{"userIdentity.sessionContext.sessionIssuer.arn", "resources.ARN", "userIdentity.arn", "eventName.x"},
	{"no such member"}, // nothing decoded
	{},                 // DecodeOnly(): every member
}

// projected returns what a full decoding of rec becomes under DecodeOnly
// of names: rec itself for no names.
func projected(rec *Record, names []string) *Record {
	return projectedIf(rec, names, Condition{})
}

// projectedIf returns what a full decoding of rec becomes under
// DecodeOnly of names and DecodeOnlyIf(c): the members of names, and
// those of c when c.When reports true of rec's c.Key member (c.Members
// of every record when c.Key is no string member named).
func projectedIf(rec *Record, names []string, c Condition) *Record {
	if rec == nil {
		return nil
	}
	out := *rec
	if p := newProjection(names, c); p != nil {
		only := p.only
		if f := fieldOf(c.Key); p.cond != 0 && c.When(*rec.strField(f)) {
			only |= p.cond
		}
		out.wire.extra = append([]member(nil), rec.wire.extra...)
		out.project(only)
		p.projectIdentity(&out)
	}
	return &out
}

// sameProjection reports how got, read under DecodeOnly, differs from
// want, a full decoding projected: the exported fields, the eventTime
// text, and the JSON written.
func sameProjection(got, want *Record) string {
	if (got == nil) != (want == nil) {
		return fmt.Sprintf("record %v, want %v", got != nil, want != nil)
	}
	if got == nil {
		return ""
	}
	gv, wv := reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem()
	for i := 0; i < gv.NumField(); i++ {
		f := gv.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
			return fmt.Sprintf("%s = %#v, want %#v", f.Name, gv.Field(i).Interface(), wv.Field(i).Interface())
		}
	}
	gt, gok := got.EventTimeText()
	wt, wok := want.EventTimeText()
	if gt != wt || gok != wok {
		return fmt.Sprintf("EventTimeText() = %q, %v, want %q, %v", gt, gok, wt, wok)
	}
	genc, wenc := got.AppendJSON(nil), want.AppendJSON(nil)
	if !bytes.Equal(genc, wenc) {
		if same, err := sameJSONValue(genc, wenc); err != nil || !same {
			return fmt.Sprintf("writes %s, want %s", genc, wenc)
		}
	}
	return ""
}

// compareOnly reads b with a Reader under DecodeOnly(names...) and with
// one decoding every member, in step, through Next or ReadRecord, and
// reports the first difference: records (projected), errors, offsets,
// raw bytes and summaries must be the same.
func compareOnly(t testing.TB, b []byte, names []string, next bool, opts ...ReadOption) {
	t.Helper()
	compareOnlyIf(t, b, names, Condition{}, next, opts...)
}

// compareOnlyIf is compareOnly with DecodeOnlyIf(c) too.
func compareOnlyIf(t testing.TB, b []byte, names []string, c Condition, next bool, opts ...ReadOption) {
	t.Helper()
	compareOnlyFrom(t, bytes.NewReader(b), bytes.NewReader(b), len(b), names, c, next, opts...)
}

// compareOnlyFrom is compareOnlyIf reading src under the projection and
// again decoding in full, n bytes of input in all.
func compareOnlyFrom(t testing.TB, src, again io.Reader, n int, names []string, c Condition, next bool, opts ...ReadOption) {
	t.Helper()
	only := NewReader(src, append(opts, DecodeOnly(names...), DecodeOnlyIf(c))...)
	full := NewReader(again, opts...)
	var grec, wrec Record // reused by ReadRecord
	var kept [][2]*Record // records read and what they should be
	read := func(rd *Reader, rec *Record) (*Record, error) {
		if next {
			return rd.Next()
		}
		if err := rd.ReadRecord(rec); err != nil {
			return nil, err
		}
		return rec, nil
	}
	for steps := 0; ; steps++ {
		if steps > n+2 {
			t.Fatalf("more than %d results from %d bytes", steps, n)
		}
		got, gerr := read(only, &grec)
		want, werr := read(full, &wrec)
		if fmt.Sprint(gerr) != fmt.Sprint(werr) || reflect.TypeOf(gerr) != reflect.TypeOf(werr) {
			t.Fatalf("DecodeOnly%q, result %d: error %v, full decoding %v", names, steps, gerr, werr)
		}
		if diff := sameProjection(got, projectedIf(want, names, c)); diff != "" {
			t.Fatalf("DecodeOnly%q, result %d: %s", names, steps, diff)
		}
		if got != nil {
			// A copy of a record stays valid after the next read: the
			// values were copied out of the reader's buffer.
			g, w := *got, *projectedIf(want, names, c)
			kept = append(kept, [2]*Record{&g, &w})
		}
		if only.Offset() != full.Offset() || !sameRaw(only.Raw(), full.Raw(), gerr != nil) {
			t.Fatalf("DecodeOnly%q, result %d: Offset %d Raw %q, full decoding %d %q", names, steps, only.Offset(), only.Raw(), full.Offset(), full.Raw())
		}
		if only.Summary() != full.Summary() {
			t.Fatalf("DecodeOnly%q, result %d: Summary %v, full decoding %v", names, steps, only.Summary(), full.Summary())
		}
		if gerr == io.EOF {
			break
		}
		if streamEnded(gerr) {
			break
		}
	}
	for i, k := range kept {
		if diff := sameProjection(k[0], k[1]); diff != "" {
			t.Fatalf("DecodeOnly%q, record %d after reading on: %s", names, i, diff)
		}
	}
}

// onlyReadOptions are the reader options the comparisons run under:
// the one-pass path, framing first, and buffers so small that every
// record is read by pieces.
var onlyReadOptions = [][]ReadOption{
	{},
	{byTheBook()},
	{MaxRecordSize(64), bufferSize(8)},
	{bufferSize(4), MaxErrors(1)},
}

func compareOnlyAll(t testing.TB, b []byte) {
	t.Helper()
	for _, names := range onlySets {
		for _, opts := range onlyReadOptions {
			for _, next := range []bool{false, true} {
				compareOnly(t, b, names, next, opts...)
			}
		}
	}
}

const onlyRec = `{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:s","arn":"arn:aws:sts::111122223333:assumed-role/R/s","accountId":"111122223333","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/R"},"attributes":{"creationDate":"2023-01-01T00:00:00Z","mfaAuthenticated":"false"}}},` +
	`"eventTime":"2023-01-02T03:04:05Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.1","userAgent":"aws-cli/2","requestParameters":{"bucketName":"b","key":"k\u00e9"},"responseElements":null,` +
	`"requestID":"R1","eventID":"e-1","readOnly":true,"resources":[{"accountId":"111122223333","type":"AWS::S3::Object","ARN":"arn:aws:s3:::b/k"}],"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333","eventCategory":"Data","tlsDetails":{"tlsVersion":"TLSv1.3"},"p_extra":{"a":1}}`

func TestDecodeOnly(t *testing.T) {
	for _, tc := range []struct {
		name, reason, in string
	}{
		{"log file", "a typical record, read in one pass after the first", `{"Records":[` + onlyRec + `,` + onlyRec + `,` + strings.Replace(onlyRec, "GetObject", "PutObject", 1) + `]}`},
		{"lines", "records of JSON Lines are framed first, then decoded", onlyRec + "\n" + onlyRec + "\n"},
		{"lookup-events", "a record unwrapped from a JSON string", `{"Events":[{"EventId":"e-1","CloudTrailEvent":` + quoteJSON(onlyRec) + `}]}`},
		{"unknown only", "members that are no field of Record are skipped and not kept", `{"Records":[{"x":1,"y":[{"z":"\u0041"}],"eventName":"A"},{"x":2,"eventName":"B"}]}`},
		{"mistyped", "a named member of another JSON type is kept raw, as in a full decoding", `{"Records":[{"eventName":5,"awsRegion":{"a":1},"readOnly":"yes","eventTime":7},{"eventName":"A","readOnly":"true","eventTime":"2023-01-01T00:00:00Z"}]}`},
		{"escaped", "string values with escapes are unescaped and copied", `{"Records":[{"eventName":"Get\"Object\"","awsRegion":"us-\u0065ast-1","eventID":"\ud800"},{"eventName":"é","awsRegion":""}]}`},
		{"repeat same", "a member repeated with the same value is read once, in both", `{"Records":[{"eventName":"A","eventName":"A","x":1},{"eventSource":"s","x":1,"x":1}]}`},
		{"repeat other", "a member repeated with another value is an error, named or not", `{"Records":[{"eventName":"A","eventName":"B"},{"x":1,"x":2},{"eventID":"a","requestID":"r","requestID":"s"},{"eventName":"ok"}]}`},
		{"nested repeat", "a member name twice in a skipped userIdentity, resources or tlsDetails is the same error", `{"Records":[{"userIdentity":{"type":"A","type":"B"}},{"resources":[{"ARN":"a","ARN":"b"}]},{"tlsDetails":{"x":1,"x":2}},{"userIdentity":{"sessionContext":{"attributes":{"a":"1","a":"1"}}}},{"eventName":"ok"}]}`},
		{"syntax in skipped", "malformed JSON inside a member not named is the same error at the same place", `{"Records":[{"eventName":"A","requestParameters":{"a":[1,2,}},{"eventName":"B","userIdentity":{"type":"x" "y"}},{"eventName":"C","x":"` + "\xff" + `"},{"eventName":"D","x":01},{"eventName":"E"}]}`},
		{"syntax in named", "malformed JSON in a named member: the same error", `{"Records":[{"eventName":"A\q"},{"eventName":"B"}]}`},
		{"log file record", "a record that is itself a log file is refused alike", `{"Records":[{"Records":[1]},{"eventName":"A"},{"Records":[{"eventName":"B"}]},{"Records":[],"x":1}]}`},
		{"log file element", "a log file in a top-level array is no record either", `[{"Records":[{"eventName":"A"}]},{"eventName":"B"}]`},
		{"empty", "an empty object is no record, whatever is named", `{"Records":[{},{"eventName":"A"},{ }]}`},
		{"cut off", "a record cut off is framed and reported alike", `{"Records":[{"eventName":"A"},{"eventName":"B","x":[`},
		{"deep", "nesting past the limit in a skipped member is the same error", `{"Records":[{"eventName":"A","x":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `},{"eventName":"B"}]}`},
		{"deep nested", "nesting past the limit inside a named or skipped nested object is the same error", `{"Records":[{"eventName":"A","tlsDetails":{"x":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}},{"eventName":"A","tlsDetails":{"x":` + strings.Repeat("[", 9998) + strings.Repeat("]", 9998) + `}},{"userIdentity":{"x":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}},{"eventName":"B"}]}`},
		{"tlsDetails", "a tlsDetails the same as the last one's is a copy of it; another is decoded", `{"Records":[{"tlsDetails":{"tlsVersion":"TLSv1.2","x":[1]}},{"tlsDetails":{"tlsVersion":"TLSv1.2","x":[1]}},{"tlsDetails":{"tlsVersion":"TLSv1.3"}},{"tlsDetails":{"tlsVersion":"TLSv1.2","x":[1]}},{"tlsDetails":"TLSv1.2"},{"tlsDetails":{"tlsVersion":"TLSv1.3"},"tlsDetails":{"tlsVersion":"TLSv1.3"}},{"tlsDetails":{"tlsVersion":"TLSv1.3","tlsVersion":"TLSv1.2"}},{"tlsDetails":{"tlsVersion":"TLSv1.3"}}]}`},
		{"repeated identity", "a skipped userIdentity seen before, well formed, is that one again; one with a name twice or malformed is never taken for one seen", `{"Records":[{"userIdentity":{"type":"A","arn":"arn:aws:iam::111122223333:user/x","accountId":"111122223333","sessionContext":{"attributes":{"a":"1"}}},"eventName":"1"},{"userIdentity":{"type":"A","arn":"arn:aws:iam::111122223333:user/x","accountId":"111122223333","sessionContext":{"attributes":{"a":"1"}}},"eventName":"2"},` +
			`{"userIdentity":{"type":"A","type":"B","arn":"arn:aws:iam::111122223333:user/y","accountId":"111122223333"},"eventName":"3"},{"userIdentity":{"type":"A","type":"B","arn":"arn:aws:iam::111122223333:user/y","accountId":"111122223333"},"eventName":"4"},` +
			`{"userIdentity":{"type":"A","arn":"arn:aws:iam::111122223333:user/x","accountId":"111122223333","sessionContext":{"attributes":{"a":"1"}}],"eventName":"5"},{"userIdentity":{"type":"A","arn":"arn:aws:iam::111122223333:user/x","accountId":"111122223333","sessionContext":{"attributes":{"a":"1"}}},"eventName":"6"}]}`},
		{"resources", "resources of every form: none, of other types, more than a few records' worth, repeated, and after them records kept", `{"Records":[{"resources":[]},{"resources":null},{"resources":[1,{"ARN":"a"}]},{"resources":[{"ARN":"a"},"b"]},{"resources":{"ARN":"a"}},` +
			`{"resources":[` + strings.Repeat(`{"ARN":"arn:aws:s3:::b/k","type":"AWS::S3::Object","x":[1]},`, 40) + `{"ARNPrefix":"arn:aws:s3:::b/"}]},{"resources":[{"ARN":"a","accountId":"111122223333","type":"AWS::S3::Bucket"}],"resources":[{"ARN":"a","accountId":"111122223333","type":"AWS::S3::Bucket"}]},` +
			`{"resources":[{"ARN":"a"}],"resources":[{"ARN":"b"}]},{"resources":[{"ARN":"","type":null,"accountId":7}]},{"resources":[{"ARN":"c"},{"ARN":"d"}],"eventName":"A"}]}`},
		{"booleans", "true and false before ',' or '}', with space, quoted, misspelt, repeated", `{"Records":[{"readOnly":true},{"readOnly":false,"managementEvent":true},{"readOnly":true ,"managementEvent":false }` + "\n" + `,{"readOnly":"true","sessionCredentialFromConsole":"false"},{"readOnly":tru},{"readOnly":truex},{"readOnly":true,"readOnly":true},{"readOnly":true,"readOnly":false},{"readOnly":null,"managementEvent":1}]}`},
		{"long identity", "a skipped userIdentity longer than what is remembered, repeated", `{"Records":[{"userIdentity":{"type":"A","x":"` + strings.Repeat("y", 3000) + `"},"eventName":"1"},{"userIdentity":{"type":"A","x":"` + strings.Repeat("y", 3000) + `"},"eventName":"2"},{"userIdentity":{"type":"A","x":"` + strings.Repeat("y", 3000) + `","x":1},"eventName":"3"}]}`},
		{"event times", "times in the hour of the one before (read from its minutes on), out of range, in other layouts, and an hour again after them, are read as in full", `{"Records":[` +
			`{"eventTime":"2024-02-29T10:00:00Z"},{"eventTime":"2024-02-29T10:59:59Z"},{"eventTime":"2024-02-29T10:60:00Z"},{"eventTime":"2024-02-29T10:00:60Z"},` +
			`{"eventTime":"2024-02-29T10:5x:00Z"},{"eventTime":"2024-02-29T10:-1:00Z"},{"eventTime":"2024-02-29T10:05:07X"},{"eventTime":"2024-02-29T10:05:07.5Z"},` +
			`{"eventTime":"2024-02-29T10:05 07Z"},{"eventTime":"20240229T100507Z"},{"eventTime":"2024-02-29T10:07:09Z"},{"eventTime":"2024-02-29T11:07:09Z"},` +
			`{"eventTime":"2023-02-29T10:07:09Z"},{"eventTime":"2023-02-28T10:07:09Z"},{"eventTime":"2023-02-28T10:07:09Z","eventTime":"2023-02-28T10:07:09Z"},` +
			`{"eventTime":"0001-01-01T00:00:00Z"},{"eventTime":"0001-01-01T00:00:01Z"},{"eventTime":"0001-01-01T00:00:00Z"},{"eventTime":"2023-02-28 10:07:09Z"},{"eventTime":"2023-02-28T10:08:\u00309Z"}]}`},
		{"skipped literals", "null, true and false skipped, and what only starts like them", `{"Records":[{"eventName":"A","responseElements":null,"x":true,"y":false,"requestParameters":null},` +
			`{"eventName":"B","responseElements":nul},{"eventName":"C","x":truex},{"eventName":"D","responseElements":nullnull},{"eventName":"E","x":fals},{"eventName":"F","x":nulL},{"eventName":"G","x":n},{"eventName":"H","y":false}]}`},
		{"many members", "more unknown members than the name filter tells apart, one repeated", `{"Records":[{` + manyMembers(30) + `,"m3":0},{` + manyMembers(30) + `}]}`},
		{"eventbridge", "an EventBridge event's detail", `{"version":"0","id":"1","detail-type":"AWS API Call via CloudTrail","source":"aws.s3","account":"1","time":"2023-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":` + onlyRec + `}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			compareOnlyAll(t, []byte(tc.in))
			compareLogFile(t, []byte(tc.in))
		})
	}
}

// compareLogFile compares ReadLogFile under each of onlySets with
// ReadLogFile decoding every member.
func compareLogFile(t *testing.T, b []byte) {
	t.Helper()
	want, werr := ReadLogFile(bytes.NewReader(b))
	for _, names := range onlySets {
		got, gerr := ReadLogFile(bytes.NewReader(b), DecodeOnly(names...))
		if fmt.Sprint(gerr) != fmt.Sprint(werr) {
			t.Fatalf("ReadLogFile, DecodeOnly%q: error %v, full decoding %v", names, gerr, werr)
		}
		if gerr != nil {
			continue
		}
		if len(got.Records) != len(want.Records) {
			t.Fatalf("ReadLogFile, DecodeOnly%q: %d records, full decoding %d", names, len(got.Records), len(want.Records))
		}
		for i := range got.Records {
			if diff := sameProjection(&got.Records[i], projected(&want.Records[i], names)); diff != "" {
				t.Fatalf("ReadLogFile, DecodeOnly%q, record %d: %s", names, i, diff)
			}
		}
	}
}

func manyMembers(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"m%d":%d`, i, i)
	}
	return b.String()
}

// TestDecodeOnlyFields checks, member by member, what a Record read
// under DecodeOnly holds.
func TestDecodeOnlyFields(t *testing.T) {
	in := `{"Records":[` + onlyRec + `,` + onlyRec + `]}`
	for _, tc := range []struct {
		name, reason string
		names        []string
		check        func(*Record) string
	}{
		{"route", "the members named are decoded, the others zero", routeMembers, func(r *Record) string {
			if r.EventName != "GetObject" || r.AWSRegion != "us-east-1" || r.RecipientAccountID != "111122223333" || !r.ReadOnly.True() || !r.ManagementEvent.False() || r.EventTime.IsZero() || r.EventID != "e-1" {
				return "named member missing"
			}
			if r.UserIdentity != nil || r.Resources != nil || r.UserAgent != "" || r.RequestParameters != nil || r.TLSDetails != nil || r.EventVersion != "" {
				return "member not named decoded"
			}
			if enc := string(r.AppendJSON(nil)); strings.Contains(enc, "p_extra") {
				return "unknown member kept: " + enc
			}
			return ""
		}},
		{"userIdentity", "a nested userIdentity named is decoded in full", []string{"userIdentity"}, func(r *Record) string {
			if r.UserIdentity == nil || r.UserIdentity.SessionContext == nil || r.UserIdentity.SessionContext.SessionIssuer == nil || r.UserIdentity.SessionContext.SessionIssuer.ARN != "arn:aws:iam::111122223333:role/R" {
				return "userIdentity not decoded"
			}
			if r.EventName != "" {
				return "eventName decoded"
			}
			return ""
		}},
		{"identity paths", "paths into userIdentity decode those of its members only", []string{"userIdentity.arn", "userIdentity.accountId"}, func(r *Record) string {
			want := identity.UserIdentity{ARN: "arn:aws:sts::111122223333:assumed-role/R/s", AccountID: "111122223333"}
			if r.UserIdentity == nil || !reflect.DeepEqual(*r.UserIdentity, want) {
				return fmt.Sprintf("UserIdentity %+v, want %+v", r.UserIdentity, want)
			}
			if enc, want := string(r.AppendJSON(nil)), `{"userIdentity":{"arn":"arn:aws:sts::111122223333:assumed-role/R/s","accountId":"111122223333"}}`; enc != want {
				return "writes " + enc + ", want " + want
			}
			return ""
		}},
		{"unknown names", "names that are no member of a record are ignored", []string{"nope", "eventName", "userIdentity arn", "eventname"}, func(r *Record) string {
			if r.EventName != "GetObject" || r.UserIdentity != nil {
				return fmt.Sprintf("EventName %q, UserIdentity %v", r.EventName, r.UserIdentity)
			}
			return ""
		}},
		{"none", "DecodeOnly() decodes every member, unknown ones kept", nil, func(r *Record) string {
			if enc := string(r.AppendJSON(nil)); !strings.Contains(enc, "p_extra") || r.UserIdentity == nil {
				return "not a full decoding: " + enc
			}
			return ""
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, next := range []bool{false, true} {
				rd := NewReader(strings.NewReader(in), DecodeOnly(tc.names...))
				for i := 0; ; i++ {
					var rec *Record
					var err error
					if next {
						rec, err = rd.Next()
					} else {
						rec = new(Record)
						err = rd.ReadRecord(rec)
					}
					if err == io.EOF {
						if i != 2 {
							t.Fatalf("%d records, want 2", i)
						}
						break
					}
					if err != nil {
						t.Fatal(err)
					}
					if msg := tc.check(rec); msg != "" {
						t.Errorf("record %d (Next %v): %s", i, next, msg)
					}
				}
			}
		})
	}
}

// TestDecodeOnlyRecords compares DecodeOnly reading with full reading
// over the transcribed records and the real corpus, as one log file.
func TestDecodeOnlyRecords(t *testing.T) {
	bad, _ := filepath.Glob("testdata/records/malformed/*.json")
	compareOnlyAll(t, testdataLogFile(t))
	for _, p := range bad {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		compareOnlyAll(t, b)
		compareOnlyAll(t, append(append([]byte(`{"Records":[{"eventName":"A"},`), b...), "]}"...))
	}
}

// TestDecodeOnlyAllocs pins what reading some members costs: reading the
// records of a log file with ReadRecord into one Record allocates only the
// blocks the values are copied into (and the TLSDetails, 32 at a time),
// well under one allocation a record, with the members a router reads
// too (tlsDetails, additionalEventData), and paths into userIdentity
// (whose values are taken 32 at a time).
func TestDecodeOnlyAllocs(t *testing.T) {
	for _, names := range [][]string{routeMembers, routerMembers,
		append(append([]string(nil), routerMembers...), "userIdentity.arn", "userIdentity.accountId")} {
		decodeOnlyAllocs(t, names)
	}
}

func decodeOnlyAllocs(t *testing.T, names []string) {
	var in bytes.Buffer
	in.WriteString(`{"Records":[`)
	const n = 200
	for i := range n {
		if i > 0 {
			in.WriteByte(',')
		}
		in.WriteString(strings.Replace(onlyRec, `"e-1"`, fmt.Sprintf(`"e-%04d"`, i), 1))
	}
	in.WriteString("]}")
	data := in.Bytes()
	rd := NewReader(bytes.NewReader(data), DecodeOnly(names...))
	var rec Record
	src := bytes.NewReader(data)
	allocs := testing.AllocsPerRun(20, func() {
		src.Reset(data)
		rd.Reset(src)
		for {
			if err := rd.ReadRecord(&rec); err != nil {
				if err != io.EOF {
					t.Fatal(err)
				}
				return
			}
		}
	})
	if per := allocs / n; per > 0.1 {
		t.Errorf("DecodeOnly%q: %.1f allocations per pass of %d records (%.3f a record), want at most 0.1 a record", names, allocs, n, per)
	}
}

func FuzzDecodeOnly(f *testing.F) {
	addRecordSeeds(f)
	for _, s := range []string{
		`{"Records":[` + onlyRec + `,` + onlyRec + `]}`,
		`{"Records":[{"eventName":"A","eventName":"A"},{"x":1,"x":2},{"userIdentity":{"type":"A","type":"B"}},{"eventName":5}]}`,
		`{"Records":[{"eventName":"A","requestParameters":{"a":[1,2,}},{"eventName":"B","userIdentity":{"type":"x" "y"}},{"eventName":"C"}]}`,
		`[{"Records":[{"eventName":"A"}]},{"eventName":"B"}]`,
		`{"Events":[{"CloudTrailEvent":"{\"eventName\":\"A\",\"x\":[}"},{"CloudTrailEvent":"{\"eventName\":\"B\"}"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for i, names := range onlySets {
			opts := onlyReadOptions[i%len(onlyReadOptions)]
			compareOnly(t, b, names, i%2 == 0, opts...)
			compareOnly(t, b, names, i%2 != 0, onlyReadOptions[(i+1)%len(onlyReadOptions)]...)
		}
	})
}

// BenchmarkStreamDecodeOnly: gzip log file → Reader.ReadRecord into one
// reused Record, decoding the members a router reads; compare with
// BenchmarkStreamReadRecord (every member) and
// BenchmarkStreamBaselineGunzip in the same run.
func BenchmarkStreamDecodeOnly(b *testing.B) {
	in := benchLogFile(b)
	for _, c := range []struct {
		name  string
		names []string
	}{
		{"route", routeMembers},
		{"route+userIdentity", append(append([]string(nil), routeMembers...), "userIdentity", "resources")},
	} {
		b.Run(c.name+"/ReadRecord", func(b *testing.B) {
			perRecord(b, in, func() {
				rd := NewReader(bytes.NewReader(in.gz), DecodeOnly(c.names...))
				var rec Record
				for {
					if err := rd.ReadRecord(&rec); err != nil {
						if err == io.EOF {
							return
						}
						b.Fatal(err)
					}
				}
			})
		})
		b.Run(c.name+"/Records", func(b *testing.B) {
			perRecord(b, in, func() {
				for _, err := range Records(bytes.NewReader(in.gz), DecodeOnly(c.names...)) {
					if err != nil {
						b.Fatal(err)
					}
				}
			})
		})
		b.Run(c.name+"/plain", func(b *testing.B) {
			perRecord(b, in, func() {
				rd := NewReader(bytes.NewReader(in.plain), DecodeOnly(c.names...))
				var rec Record
				for {
					if err := rd.ReadRecord(&rec); err != nil {
						if err == io.EOF {
							return
						}
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// TestDecodeOnlyGzip compares DecodeOnly reading with full reading over
// gzip-compressed input, one member and several, where the one-pass
// reading meets the end of what is decompressed in the middle of records.
func TestDecodeOnlyGzip(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"Records":[`)
	for i := range 120 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strings.Replace(onlyRec, `"e-1"`, fmt.Sprintf(`"e-%d"`, i), 1))
	}
	b.WriteString("]}")
	lf := b.String()
	for _, in := range [][]byte{gzipped(t, lf), gzipped(t, lf, lf), gzipped(t, lf[:len(lf)/2])} {
		for _, names := range onlySets {
			for _, next := range []bool{false, true} {
				compareOnly(t, in, names, next)
				compareOnly(t, in, names, next, bufferSize(100))
			}
		}
	}
}

// TestDecodeOnlyPooled reads with Records, whose Readers come from a
// pool, under one projection, another and none in turn: what a Reader
// decodes follows its options, whatever it read before.
func TestDecodeOnlyPooled(t *testing.T) {
	in := []byte(`{"Records":[` + onlyRec + `,` + onlyRec + `]}`)
	full := NewReader(bytes.NewReader(in))
	var want []*Record
	for {
		rec, err := full.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, rec)
	}
	for round := range 3 {
		for _, names := range onlySets {
			i := 0
			for rec, err := range Records(bytes.NewReader(in), DecodeOnly(names...)) {
				if err != nil {
					t.Fatal(err)
				}
				if diff := sameProjection(rec, projected(want[i], names)); diff != "" {
					t.Fatalf("round %d, DecodeOnly%q, record %d: %s", round, names, i, diff)
				}
				i++
			}
			i = 0
			for rec, err := range Records(bytes.NewReader(in)) {
				if err != nil {
					t.Fatal(err)
				}
				if diff := sameProjection(rec, want[i]); diff != "" {
					t.Fatalf("round %d, after DecodeOnly%q, every member, record %d: %s", round, names, i, diff)
				}
				i++
			}
		}
	}
}

// TestMemoSet: the set of a remembered value is decided by its own text,
// and values that begin alike (the sessions of one role) spread over the
// sets instead of sharing one.
func TestMemoSet(t *testing.T) {
	for _, tc := range []struct {
		reason string
		a, b   string
		same   bool
	}{
		{"an object ending in its first '}' is hashed without what follows", `{"tlsVersion":"TLSv1.3"},"eventTime":"1"`, `{"tlsVersion":"TLSv1.3"},"eventTime":"2"`, true},
		{"a '}' in the word's last byte", `{"a":"bcdefghijklm"}X`, `{"a":"bcdefghijklm"}Y`, true},
		{"texts that differ before the first '}'", `{"tlsVersion":"TLSv1.2"}`, `{"tlsVersion":"TLSv1.3"}`, false},
	} {
		if got := memoSet(tc.a, 0) == memoSet(tc.b, 0); got != tc.same {
			t.Errorf("%s: same set %v, want %v", tc.reason, got, tc.same)
		}
	}
	sets := map[int]bool{}
	const n = 300
	for i := range n {
		id := fmt.Sprintf(`{"type":"AssumedRole","principalId":"AROAEXAMPLEIDEXAMPLE:session-name-%d@example.com","arn":"arn:aws:sts::111122223333:assumed-role/R/session-%d@example.com","accountId":"111122223333"}`, i, i)
		sets[memoSet(id, 0)] = true
	}
	if len(sets) < memoSets/2 {
		t.Errorf("%d identities that differ after their first 64 bytes fall in %d sets of %d", n, len(sets), memoSets)
	}
}

// testdataLogFile is a log file of every transcribed record of
// testdata/records.
func testdataLogFile(t *testing.T) []byte {
	t.Helper()
	files, _ := filepath.Glob("testdata/records/*.json")
	if len(files) == 0 {
		t.Fatal("no testdata records")
	}
	var all bytes.Buffer
	all.WriteString(`{"Records":[`)
	for i, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			all.WriteByte(',')
		}
		all.Write(bytes.TrimSpace(b))
	}
	all.WriteString("]}")
	return all.Bytes()
}

// TestDecodeOnlyResourcesOwn: the resources of records read under
// DecodeOnly, taken from one array for many records, are each record's
// own: changing or appending to one record's changes no other's.
func TestDecodeOnlyResourcesOwn(t *testing.T) {
	rec := `{"eventName":"GetObject","resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::b/k"},{"accountId":"111122223333","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::b","x":[1]}]}`
	in := `{"Records":[` + strings.Repeat(rec+",", 5) + rec + `]}`
	for _, next := range []bool{false, true} {
		rd := NewReader(strings.NewReader(in), DecodeOnly("eventName", "resources"))
		var recs []*Record
		for {
			r := new(Record)
			var err error
			if next {
				r, err = rd.Next()
			} else {
				err = rd.ReadRecord(r)
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) > 0 && len(r.Resources) > 0 {
				if r.Resources[0].ARN != "arn:aws:s3:::b/k" || cap(r.Resources) != len(r.Resources) {
					t.Fatalf("Next %v, record %d: resources %+v (capacity %d) after changing the records before", next, len(recs), r.Resources, cap(r.Resources))
				}
			}
			if len(r.Resources) != 2 {
				t.Fatalf("Next %v, record %d: %d resources, want 2", next, len(recs), len(r.Resources))
			}
			r.Resources[0].ARN = "changed"
			r.Resources = append(r.Resources, Resource{ARN: "appended"})
			recs = append(recs, r)
		}
		if len(recs) != 6 {
			t.Fatalf("Next %v: %d records, want 6", next, len(recs))
		}
		for i, r := range recs {
			if rs := r.Resources; len(rs) != 3 || rs[0].ARN != "changed" || rs[1].ARN != "arn:aws:s3:::b" || rs[2].ARN != "appended" {
				t.Errorf("Next %v, record %d: resources %+v after reading the records after it", next, i, rs)
			}
		}
	}
}

// streamEnded reports whether err, from a read that delivered no
// record, ends the stream: an error that is neither one record's nor the
// one after too many of them.
func streamEnded(err error) bool {
	var re *RecordError
	var tm *TooManyErrorsError
	return err != nil && !errors.As(err, &re) && !errors.As(err, &tm)
}
