package event

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
)

// Records as CloudTrail writes them, for the envelope tests.
const (
	formRecA = `{"eventVersion":"1.08","eventTime":"2023-05-01T12:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","eventID":"a","recipientAccountId":"111122223333"}`
	formRecB = `{"eventVersion":"1.08","eventTime":"2023-05-01T12:01:00Z","eventSource":"s3.amazonaws.com","eventName":"CreateBucket","awsRegion":"eu-west-1","eventID":"b","recipientAccountId":"111122223333"}`
)

func gz(t testing.TB, parts ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, p := range parts {
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(p))
		zw.Close()
	}
	return b.Bytes()
}

func quoteJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// lookupPage is a page of `aws cloudtrail lookup-events` output.
func lookupPage(next string, recs ...string) string {
	var ev []string
	for _, r := range recs {
		var rec struct{ EventID, EventName, EventSource string }
		json.Unmarshal([]byte(r), &rec)
		ev = append(ev, `{"EventId":"`+rec.EventID+`","EventName":"`+rec.EventName+`","ReadOnly":"false","EventTime":"2023-05-01T12:00:00+00:00","EventSource":"`+rec.EventSource+`","Resources":[],"CloudTrailEvent":`+quoteJSON(r)+`}`)
	}
	s := `{"Events":[` + strings.Join(ev, ",") + `]`
	if next != "" {
		s += `,"NextToken":"` + next + `"`
	}
	return s + "}"
}

// lookupEvents is the events of a page of lookup-events output, without
// the page: the elements of its Events array, comma-separated.
func lookupEvents(recs ...string) string {
	p := lookupPage("", recs...)
	return strings.TrimSuffix(strings.TrimPrefix(p, `{"Events":[`), "]}")
}

func eventBridge(detailType, rec string) string {
	return `{"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"` + detailType +
		`","source":"aws.iam","account":"111122223333","time":"2023-05-01T12:00:00Z","region":"us-east-1","resources":[],"detail":` + rec + `}`
}

func cwlMessage(recs ...string) string {
	var ev []string
	for i, r := range recs {
		ev = append(ev, `{"id":"3719526713000000000000000000000000000000000000000000000`+string(rune('0'+i))+`","timestamp":1682942400000,"message":`+quoteJSON(r)+`}`)
	}
	return `{"messageType":"DATA_MESSAGE","owner":"111122223333","logGroup":"aws-cloudtrail-logs","logStream":"111122223333_CloudTrail_us-east-1","subscriptionFilters":["all"],"logEvents":[` + strings.Join(ev, ",") + `]}`
}

const cwlControl = `{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1682942400000,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}`

func awslogs(t testing.TB, payload string) string {
	return `{"awslogs":{"data":"` + base64.StdEncoding.EncodeToString(gz(t, payload)) + `"}}`
}

// readAll reads in with Records and ContinueOnError and describes the
// outcome as summarize does, plus the Summary.
func readAll(t *testing.T, in []byte, opts ...ReadOption) (string, Summary, []error) {
	t.Helper()
	rd := NewReader(bytes.NewReader(in), opts...)
	var out []string
	var errs []error
	for i := 0; i < 100000; i++ {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, err)
			var re *RecordError
			if errors.As(err, &re) {
				out = append(out, "E")
				continue
			}
			out = append(out, "X")
			break
		}
		out = append(out, "R:"+rec.EventID)
	}
	return strings.Join(out, " "), rd.Summary(), errs
}

func TestReaderForms(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     string
		want   string
		format Format
		reason string
	}{
		{"log file", `{"Records":[` + formRecA + `,` + formRecB + `]}`, "R:a R:b", FormatLogFile,
			"the envelope CloudTrail delivers"},
		{"log file Records last", `{"x":1,"Records":[` + formRecA + `]}`, "R:a", FormatLogFile, "any member order"},
		{"lookup-events", lookupPage("tok", formRecA, formRecB), "R:a R:b", FormatLookupEvents,
			"each CloudTrailEvent string is a record"},
		{"lookup-events pages", lookupPage("t1", formRecA) + "\n" + lookupPage("", formRecB), "R:a R:b", FormatLookupEvents,
			"several pages concatenated, as `aws cloudtrail lookup-events` prints them with --no-paginate in a loop"},
		{"lookup-events pretty", func() string {
			var b bytes.Buffer
			json.Indent(&b, []byte(lookupPage("t", formRecA)), "", "    ")
			return b.String()
		}(), "R:a", FormatLookupEvents, "the CLI's default output is indented"},
		{"lookup-events --query Events", "[" + lookupEvents(formRecA, formRecB) + "]", "R:a R:b", FormatArray,
			"the events alone, as aws cloudtrail lookup-events --query 'Events' prints them"},
		{"lookup-events --query Events[0]", lookupEvents(formRecA), "R:a", FormatLookupEvents,
			"one event, as aws cloudtrail lookup-events --query 'Events[0]' prints it"},
		{"lookup-events events as lines", lookupEvents(formRecA) + "\n" + lookupEvents(formRecB) + "\n", "R:a R:b", FormatLookupEvents,
			"events one per line, as jq -c '.Events[]' prints them"},
		{"lookup-events of records", `{"NextToken":"t","Events":[` + formRecA + `,` + formRecB + `]}`, "R:a R:b", FormatLookupEvents,
			"the records themselves as events, as the User Guide prints lookup-events --event-category insight and list-insights-data output"},
		{"lookup event without a record", `{"EventId":"a","CloudTrailEvent":null}`, "E", FormatLines,
			"a CloudTrailEvent that is not a string holds no record"},
		{"eventbridge", eventBridge("AWS API Call via CloudTrail", formRecA), "R:a", FormatEventBridge,
			"the detail is the record"},
		{"eventbridge lines", eventBridge("AWS API Call via CloudTrail", formRecA) + "\n" +
			eventBridge("AWS Console Sign In via CloudTrail", formRecB) + "\n", "R:a R:b", FormatEventBridge, "many events, one per line"},
		{"eventbridge array", "[" + eventBridge("AWS Service Event via CloudTrail", formRecA) + "," +
			eventBridge("AWS Insight via CloudTrail", formRecB) + "]", "R:a R:b", FormatArray, "an array of events"},
		{"eventbridge other", eventBridge("EC2 Instance State-change Notification", `{"instance-id":"i-1"}`), "E", FormatEventBridge,
			"an event CloudTrail did not send is an error naming its detail-type"},
		// The detail-types of EventBridge User Guide, "AWS service events
		// delivered via AWS CloudTrail", and the CloudTrail User Guide's
		// spelling of the sign-in one.
		{"eventbridge console signin", eventBridge("AWS Console Signin via CloudTrail", formRecA), "R:a", FormatEventBridge,
			"the EventBridge User Guide spells it Signin"},
		{"eventbridge console action", eventBridge("AWS Console Action via CloudTrail", formRecA), "R:a", FormatEventBridge,
			"console actions that are not API calls"},
		{"eventbridge network activity", eventBridge("AWS Network Activity Event via CloudTrail", formRecA), "R:a", FormatEventBridge,
			"network activity events"},
		{"eventbridge unknown via CloudTrail", eventBridge("AWS Aggregated Event via CloudTrail", formRecA), "R:a", FormatEventBridge,
			"a detail-type not documented yet that ends like CloudTrail's (an open enum: AWS added Insight and Network Activity Event to the list) is read when its detail is a record, not refused"},
		{"eventbridge unknown via CloudTrail, no record", eventBridge("Object Created via CloudTrail", `{"bucket":{"name":"b"}}`), "E", FormatEventBridge,
			"an undocumented detail-type whose detail is no record is an error, never an empty record"},
		{"eventbridge bare via CloudTrail", eventBridge("via CloudTrail", formRecA), "E", FormatEventBridge,
			"the suffix alone names no kind of event"},
		{"eventbridge empty detail", eventBridge("AWS API Call via CloudTrail", `{}`), "E", FormatEventBridge,
			"an empty detail holds no record: an error, never an empty record"},
		{"eventbridge detail of another kind", eventBridge("AWS API Call via CloudTrail", `{"instance-id":"i-1","state":"pending"}`), "E", FormatEventBridge,
			"a detail with no member of a record is not one"},
		{"eventbridge detail of an Insights record", eventBridge("AWS Insight via CloudTrail", `{"eventType":"AwsCloudTrailInsight","eventID":"i","insightDetails":{}}`), "R:i", FormatEventBridge,
			"an Insights record is a record"},
		{"eventbridge no detail-type", `{"version":"0","source":"aws.iam","detail":` + formRecA + `}`, "E", FormatEventBridge,
			"an event without a detail-type is not one CloudTrail sent"},
		{"cloudwatch logs", cwlMessage(formRecA, formRecB), "R:a R:b", FormatCloudWatchLogs,
			"a decoded DATA_MESSAGE: each message is a record"},
		{"cloudwatch logs of eventbridge events", cwlMessage(eventBridge("AWS API Call via CloudTrail", formRecA), eventBridge("AWS Insight via CloudTrail", formRecB)), "R:a R:b", FormatCloudWatchLogs,
			"a log group that is the target of an EventBridge rule holds the events: each event's detail is the record"},
		{"cloudwatch logs lambda of eventbridge events", awslogs(t, cwlMessage(eventBridge("AWS Network Activity Event via CloudTrail", formRecA))), "R:a", FormatCloudWatchLogs,
			"the same in the Lambda form"},
		{"cloudwatch logs of an eventbridge event of a detail-type not documented yet", cwlMessage(eventBridge("AWS Aggregated Event via CloudTrail", formRecA), formRecB), "R:a R:b", FormatCloudWatchLogs,
			"a log group that is the target of an EventBridge rule: an undocumented detail-type ending in \" via CloudTrail\" is read as in an EventBridge event"},
		{"cloudwatch logs of another eventbridge event", cwlMessage(eventBridge("EC2 Instance State-change Notification", `{"instance-id":"i-1"}`), formRecB), "E R:b", FormatCloudWatchLogs,
			"an event CloudTrail did not send is an error naming its detail-type; the next message is read"},
		{"cloudwatch logs control", cwlControl, "", FormatCloudWatchLogs,
			"a CONTROL_MESSAGE holds no records and is no error"},
		{"cloudwatch logs lambda", awslogs(t, cwlMessage(formRecA, formRecB)), "R:a R:b", FormatCloudWatchLogs,
			"the form a Lambda function receives: base64 of gzip"},
		{"cloudwatch logs lambda control", awslogs(t, cwlControl), "", FormatCloudWatchLogs,
			"a control message in the Lambda form"},
		{"json lines", formRecA + "\n" + formRecB + "\n", "R:a R:b", FormatLines, "JSON Lines"},
		{"single record", formRecA, "R:a", FormatLines, "a single record"},
		{"foo", `{"foo":1}`, "E", FormatLines, "not a record: an error, never an empty record"},
		{"empty object", `{}`, "E", FormatLines, "not a record"},
		{"array of numbers", `[1,2]`, "E", FormatArray, "not records: one error for the run"},
		{"records null", `{"Records":null}`, "E", FormatLines, "Records must be an array"},
		{"second Records member", `{"Records":[` + formRecA + `],"Records":[` + formRecB + `]}`, "R:a R:b", FormatLogFile,
			"a second Records array: its records come out too"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, mode := range []string{"plain", "gzip"} {
				in := []byte(tc.in)
				if mode == "gzip" {
					in = gz(t, tc.in)
				}
				got, sum, errs := readAll(t, in)
				if got != tc.want || sum.Format != tc.format {
					t.Errorf("%s: got %q (%v), want %q (%v) (%s); errors %v", mode, got, sum.Format, tc.want, tc.format, tc.reason, errs)
				}
				for _, err := range errs {
					if strings.Contains(tc.want, "E") && !errors.Is(err, ErrNotRecords) {
						t.Errorf("%s: error %v does not match ErrNotRecords", mode, err)
					}
				}
			}
		})
	}
}

// TestLookupEventBrokenRecord: a record in the CloudTrailEvent string of
// an event on its own is checked as any other, and costs that event only.
func TestLookupEventBrokenRecord(t *testing.T) {
	in := "[" + `{"EventId":"x","CloudTrailEvent":"{\"eventVersion\":"}` + "," + lookupEvents(formRecB) + "]"
	got, _, errs := readAll(t, []byte(in))
	if got != "E R:b" || len(errs) != 1 || !strings.Contains(errs[0].Error(), "in the record in CloudTrailEvent") {
		t.Errorf("got %q, errors %v; want the broken event's syntax error, then b", got, errs)
	}
}

func TestReaderFormErrorsNameWhatWasFound(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"foo":1,"bar":[2]}`, `found an object with members "foo", "bar"; expected a CloudTrail record`},
		// A digest file (CloudTrail User Guide, "CloudTrail digest file
		// structure") is CloudTrail's own and holds no records; tools that
		// read a bucket trip over them (wazuh/wazuh-documentation#23).
		{`{"awsAccountId":"111122223333","digestStartTime":"2015-08-17T14:01:31Z","digestEndTime":"2015-08-17T15:01:31Z","digestS3Bucket":"b","digestS3Object":"k","logFiles":[]}`,
			`found a CloudTrail digest file (log file integrity validation), which lists log files and holds no records; expected a CloudTrail record`},
		{`{}`, `found an empty object; expected a CloudTrail record`},
		{`{"Records":null}`, `an object whose Records member is null, not an array`},
		{`{"Events":{}}`, `an object whose Events member is an object, not an array`},
		{eventBridge("Scheduled Event", `{}`), `detail-type "Scheduled Event", not one CloudTrail sends`},
		{eventBridge("AWS Config Rule via CloudTrail", `{}`), `an EventBridge event from CloudTrail whose detail is not a CloudTrail record: found an empty object`},
		{eventBridge("Object Created", `{}`), `detail-type "Object Created", not one CloudTrail sends (CloudTrail sends "AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail"`},
		{`{"version":"0","source":"aws.iam","detail":{}}`, `an EventBridge event without a detail-type`},
		{eventBridge("AWS API Call via CloudTrail", `{"instance-id":"i-1","state":"pending"}`), `whose detail is not a CloudTrail record: found an object with members "instance-id", "state"`},
		{eventBridge("AWS API Call via CloudTrail", ` { } `), `whose detail is not a CloudTrail record: found an empty object`},
		{`[1,2]`, `expected record object, found number`},
		{`42`, `expected '{' or '[' at start of input, found '4'`},
		// Windows PowerShell 5's > writes UTF-16 with a byte order mark.
		// A subscription may carry any log group's messages: one that is
		// not a CloudTrail record is an error naming it, never a record
		// of nothing.
		{`{"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","timestamp":1,"message":"{\"level\":\"info\",\"msg\":\"started\"}"}]}`,
			`a CloudWatch Logs message that is not a CloudTrail record: found an object with members "level", "msg"`},
		{`{"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","timestamp":1,"message":"2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA"}]}`,
			`a CloudWatch Logs message that is not a CloudTrail record: found text "2 123456789010 eni-1235b8ca123…"`},
		{cwlMessage(eventBridge("Scheduled Event", `{}`)), `a CloudWatch Logs message that is an EventBridge event of detail-type "Scheduled Event", not one CloudTrail sends`},
		{"\xff\xfe{\x00}\x00", `found UTF-16 text (byte order mark FF FE); JSON records are UTF-8`},
		{"\xfe\xff\x00{\x00}", `found UTF-16 text (byte order mark FE FF); JSON records are UTF-8`},
	} {
		_, _, errs := readAll(t, []byte(tc.in))
		if len(errs) == 0 || !strings.Contains(errs[0].Error(), tc.want) {
			t.Errorf("%s: errors %v, want one saying %q", tc.in, errs, tc.want)
		}
	}
}

func TestSummaryString(t *testing.T) {
	in := gz(t, lookupPage("t1", formRecA, formRecB), lookupPage("", formRecA))
	_, sum, _ := readAll(t, in)
	if got, want := sum.String(), "lookup-events output, gzip (2 members): 2 lookup-events pages, 3 records"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
}

// TestRecordErrorIndexAcrossForms: RecordError.Index counts records, so
// the same broken record has the same index however the records came:
// the Lambda form's awslogs object and a control message are not records
// and take no index.
func TestRecordErrorIndexAcrossForms(t *testing.T) {
	const broken = `{"eventVersion":"1.08",`
	for _, tc := range []struct{ reason, in string }{
		{"decoded CloudWatch Logs data", cwlMessage(formRecA, broken, formRecB)},
		{"the Lambda form", awslogs(t, cwlMessage(formRecA, broken, formRecB))},
		{"a control message first", cwlControl + "\n" + cwlMessage(formRecA, broken, formRecB)},
		{"the Lambda form of a control message first", awslogs(t, cwlControl) + "\n" + awslogs(t, cwlMessage(formRecA, broken, formRecB))},
	} {
		_, _, errs := readAll(t, []byte(tc.in), ContinueOnError())
		var re *RecordError
		if len(errs) != 1 || !errors.As(errs[0], &re) || re.Index != 1 {
			t.Errorf("%s: errors %v, want one RecordError with Index 1 (the second record)", tc.reason, errs)
		}
	}
}

// TestLambdaFormErrorText: an error inside the Lambda form's data is
// placed in the decompressed data without a second record number (the
// outer RecordError numbers the record; the data's own reader counted
// from the start of the data, a number the caller never sees otherwise).
func TestLambdaFormErrorText(t *testing.T) {
	_, _, errs := readAll(t, []byte(awslogs(t, cwlMessage(formRecA, `{"eventVersion":"1.08",`, formRecB))), ContinueOnError())
	if len(errs) != 1 {
		t.Fatalf("errors %v, want one", errs)
	}
	msg := errs[0].Error()
	if n := len(regexp.MustCompile(`record [0-9]`).FindAllString(msg, -1)); n != 1 || !strings.Contains(msg, "in awslogs.data (line 1, column ") {
		t.Errorf("error %q: want one record number and the place in awslogs.data", msg)
	}
	var se *SyntaxError
	if !errors.As(errs[0], &se) {
		t.Errorf("error %q does not unwrap to the *SyntaxError", msg)
	}
}

// TestEventBridgeEnvelopeMembers: the members of an EventBridge event
// besides its detail (EventBridge User Guide, "Amazon EventBridge events":
// version, id, detail-type, source, account, time, region, resources) are
// not lost: Extra holds those of the event whose record came last, in
// input order, after the members of any log file envelope read before.
func TestEventBridgeEnvelopeMembers(t *testing.T) {
	names := func(ms []Member) string {
		var s []string
		for _, m := range ms {
			s = append(s, m.Name+"="+string(m.Value))
		}
		return strings.Join(s, " ")
	}
	ev2 := strings.Replace(eventBridge("AWS Insight via CloudTrail", formRecB), `"6a7e8feb-b491-4cf7-a9f1-bf3703467718"`, `"e2"`, 1)
	for _, tc := range []struct {
		reason, in string
		want       []string // Extra after each record
	}{
		{"one event", eventBridge("AWS API Call via CloudTrail", formRecA),
			[]string{`version="0" id="6a7e8feb-b491-4cf7-a9f1-bf3703467718" detail-type="AWS API Call via CloudTrail" source="aws.iam" account="111122223333" time="2023-05-01T12:00:00Z" region="us-east-1" resources=[]`}},
		{"two events: the second replaces the first", eventBridge("AWS API Call via CloudTrail", formRecA) + "\n" + ev2,
			[]string{`version="0" id="6a7e8feb-b491-4cf7-a9f1-bf3703467718" detail-type="AWS API Call via CloudTrail" source="aws.iam" account="111122223333" time="2023-05-01T12:00:00Z" region="us-east-1" resources=[]`,
				`version="0" id="e2" detail-type="AWS Insight via CloudTrail" source="aws.iam" account="111122223333" time="2023-05-01T12:00:00Z" region="us-east-1" resources=[]`}},
		{"an array of events", "[" + eventBridge("AWS API Call via CloudTrail", formRecA) + "," + ev2 + "]",
			[]string{`version="0" id="6a7e8feb-b491-4cf7-a9f1-bf3703467718" detail-type="AWS API Call via CloudTrail" source="aws.iam" account="111122223333" time="2023-05-01T12:00:00Z" region="us-east-1" resources=[]`,
				`version="0" id="e2" detail-type="AWS Insight via CloudTrail" source="aws.iam" account="111122223333" time="2023-05-01T12:00:00Z" region="us-east-1" resources=[]`}},
		{"a detail-type not documented yet is kept as it came", eventBridge("AWS Aggregated Event via CloudTrail", formRecA),
			[]string{`version="0" id="6a7e8feb-b491-4cf7-a9f1-bf3703467718" detail-type="AWS Aggregated Event via CloudTrail" source="aws.iam" account="111122223333" time="2023-05-01T12:00:00Z" region="us-east-1" resources=[]`}},
		{"a log file, then an event", `{"x":1,"Records":[` + formRecA + `]}` + "\n" + ev2,
			[]string{`x=1`, `x=1 version="0" id="e2" detail-type="AWS Insight via CloudTrail" source="aws.iam" account="111122223333" time="2023-05-01T12:00:00Z" region="us-east-1" resources=[]`}},
	} {
		rd := NewReader(strings.NewReader(tc.in))
		for i, want := range tc.want {
			if _, err := rd.Next(); err != nil {
				t.Fatalf("%s: record %d: %v", tc.reason, i, err)
			}
			if got := names(rd.Extra()); got != want {
				t.Errorf("%s: after record %d Extra() = %s, want %s", tc.reason, i, got, want)
			}
		}
	}
}
