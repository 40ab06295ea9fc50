package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/corpustest"
)

const validRecord = `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/Alice","accountId":"111122223333","sessionContext":{"attributes":{"creationDate":"20131102T010628Z","mfaAuthenticated":"false"}}},"eventTime":"2023-07-19T21:11:57Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.1","userAgent":"aws-cli/2","requestParameters":{"userName":"Bob"},"responseElements":null,"requestID":"r","eventID":"e","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management","sessionCredentialFromConsole":"true","tlsDetails":{"tlsVersion":"TLSv1.3","keyExchange":"X25519MLKEM768"}}`

// withMembers returns validRecord with members replaced, added (name:
// value) or removed (value "").
func withMembers(t *testing.T, edits map[string]string) []byte {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(validRecord), &m); err != nil {
		t.Fatal(err)
	}
	for k, v := range edits {
		if v == "" {
			delete(m, k)
		} else {
			m[k] = json.RawMessage(v)
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// lakeInsight is an Insights event of an event data store, with the
// members of "CloudTrail record contents for Insights events for event data
// stores".
const lakeInsight = `{"eventVersion":"1.08","eventCategory":"Insight","eventType":"AwsCloudTrailInsight","eventID":"EXAMPLE-9b6f-45f8-bc6b-9b41c052ebc7","eventTime":"2023-07-10T01:42:00Z","awsRegion":"us-east-1","recipientAccountId":"111122223333","sharedEventID":"EXAMPLE8-02b2-4e93-9aab-08ed47ea5fd3","insightSource":"arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE","insightState":"Start","insightEventSource":"ec2.amazonaws.com","insightEventName":"RunInstances","insightErrorCode":"Client.RequestLimitExceeded","insightType":"ApiErrorRateInsight","insightContext":{"baselineAverage":0.0020833333,"insightAverage":6,"baselineDuration":11084,"insightDuration":1,"attributions":[{"attribute":"userIdentityArn","insightValue":"arn:aws:sts::111122223333:assumed-role/Admin","insightAverage":6,"baselineValue":"arn:aws:sts::111122223333:assumed-role/Admin","baselineAverage":0.0020833333,"insight":[{"value":"arn:aws:sts::111122223333:assumed-role/Admin","average":6}],"baseline":[{"value":"arn:aws:sts::111122223333:assumed-role/Admin","average":0.0020833333}]}]}}`

// aggregated is an aggregated event as "CloudTrail record contents for
// aggregated events" documents it.
const aggregated = `{"eventVersion":"1.0","accountId":"111122223333","eventId":"62759c1a-6248-48e1-a6b3-d5fb7e6c4bc0","eventCategory":"Aggregated","eventType":"AwsAggregatedEvent","awsRegion":"us-west-2","eventSource":"s3.amazonaws.com","timeWindow":{"windowStart":"2025-11-17T19:20:00Z","windowEnd":"2025-11-17T19:25:00Z","windowSize":"PT5M"},"summary":{"primaryDimension":{"dimension":"eventName","statistics":[{"name":"PutObject","value":1000}],"aggregationType":"Count"},"details":[{"dimension":"userAgent","statistics":[{"name":"aws-cli/2","value":1000}],"aggregationType":"Count"}]}}`

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestValidate(t *testing.T) {
	insight := `{"eventVersion":"1.07","eventTime":"2020-11-11T20:30:00Z","awsRegion":"us-east-1","eventID":"e","eventType":"AwsCloudTrailInsight","recipientAccountId":"111122223333","sharedEventID":"s","insightDetails":{"state":"Start","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","insightType":"ApiCallRateInsight","insightContext":{"statistics":{"baseline":{"average":0.0},"insight":{"average":2.5}},"attributions":[{"attribute":"errorCode","insight":[{"value":"null","average":2.5}],"baseline":[]}]}},"eventCategory":"Insight"}`
	cases := []struct {
		name   string
		in     []byte
		want   []string // "pointer keyword"
		reason string
	}{
		{"valid", []byte(validRecord), nil, "every member documented and well typed"},
		{"insight", []byte(insight), nil, "Insights records have no userIdentity, eventSource or eventName"},
		{"old version", []byte(`{"eventVersion":"1.0","eventTime":"2014-03-25T21:08:14Z","userIdentity":{"type":"Root"},"eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.1"}`),
			nil, "eventID and eventType are not required before 1.01/1.02"},
		{"pipeline members", withMembers(t, map[string]string{"@timestamp": `"2023-07-19T21:11:57.000Z"`, "p_log_type": `"AWS.CloudTrail"`}),
			[]string{"/@timestamp additionalProperties", "/p_log_type additionalProperties"}, "members added by log pipelines are flagged"},
		{"eventTime layout", withMembers(t, map[string]string{"eventTime": `"2023-07-19 21:11:57"`}),
			[]string{"/eventTime format", "/eventTime pattern"}, "the documented layout is YYYY-MM-DDTHH:MM:SSZ"},
		{"eventTime fraction", withMembers(t, map[string]string{"eventTime": `"2023-07-19T21:11:57.123Z"`}),
			[]string{"/eventTime pattern"}, "a valid RFC 3339 time but not the documented layout"},
		{"eventTime missing", withMembers(t, map[string]string{"eventTime": ""}),
			[]string{"/eventTime required"}, "eventTime is required"},
		{"readOnly string", withMembers(t, map[string]string{"readOnly": `"true"`}),
			[]string{"/readOnly type"}, "readOnly is a boolean in records (a string only in LookupEvents)"},
		{"sessionCredentialFromConsole bool", withMembers(t, map[string]string{"sessionCredentialFromConsole": `true`}),
			[]string{"/sessionCredentialFromConsole type"}, "sessionCredentialFromConsole is the string \"true\""},
		{"mfaAuthenticated bool", withMembers(t, map[string]string{"userIdentity": `{"type":"IAMUser","sessionContext":{"attributes":{"mfaAuthenticated":true}}}`}),
			[]string{"/userIdentity/sessionContext/attributes/mfaAuthenticated type"}, "mfaAuthenticated is a string"},
		{"eventVersion", withMembers(t, map[string]string{"eventVersion": `1.08`}),
			[]string{"/eventVersion type"}, "eventVersion is a string"},
		{"eventVersion pattern", withMembers(t, map[string]string{"eventVersion": `"v1"`}),
			[]string{"/eventVersion pattern"}, "eventVersion is 1.NN"},
		{"eventType typo", withMembers(t, map[string]string{"eventType": `"AwsConsoleSignin"`}),
			[]string{"/eventType enum"}, "a documentation typo"},
		{"required since 1.02", withMembers(t, map[string]string{"eventID": "", "eventType": ""}),
			[]string{"/eventID required", "/eventType required"}, "eventID and eventType are required from 1.02"},
		{"resources", withMembers(t, map[string]string{"resources": `[{"ARN":"arn:aws:s3:::b","accountId":1}]`}),
			[]string{"/resources/0/accountId type"}, "the pointer reaches into arrays"},
		{"addendum reason", withMembers(t, map[string]string{"addendum": `{"reason":"LATE"}`}),
			[]string{"/addendum/reason enum"}, "documented reasons only"},
		{"event data store Insights", []byte(lakeInsight), nil,
			"an event data store's Insights event has flat insight* members and no insightDetails (record contents for Insights events for event data stores)"},
		{"event data store Insights without insightSource", []byte(strings.Replace(lakeInsight, `"insightSource"`, `"source"`, 1)),
			[]string{"/insightSource required", "/source additionalProperties"}, "insightSource is not optional; members of other shapes are flagged"},
		{"event data store Insights state", []byte(strings.Replace(lakeInsight, `"insightState":"Start"`, `"insightState":"Begin"`, 1)),
			[]string{"/insightState enum"}, "Start or End"},
		{"event data store Insights average", []byte(strings.Replace(lakeInsight, `"insightAverage":6,"baselineDuration"`, `"insightAverage":"6","baselineDuration"`, 1)),
			[]string{"/insightContext/insightAverage type"}, "averages are numbers"},
		{"aggregated", []byte(aggregated), nil,
			"an aggregated event has its own members (accountId, eventId, timeWindow, summary) and no eventTime or userIdentity"},
		{"aggregated, the page's example", mustRead(t, filepath.Join("..", "testdata", "aggregated", "record-contents-example.json")), nil,
			"the example of \"CloudTrail record contents for aggregated events\""},
		{"aggregated without timeWindow", []byte(strings.Replace(aggregated, `"timeWindow"`, `"window"`, 1)),
			[]string{"/timeWindow required", "/window additionalProperties"}, "timeWindow is not optional; members of other records are flagged"},
		{"aggregated eventTime", []byte(strings.Replace(aggregated, `"eventId"`, `"eventTime":"2025-11-17T19:20:00Z","eventId"`, 1)),
			[]string{"/eventTime additionalProperties"}, "an aggregated event has no eventTime"},
		{"aggregated statistic value", []byte(strings.Replace(aggregated, `"value":1000`, `"value":"1000"`, 1)),
			[]string{"/summary/primaryDimension/statistics/0/value type"}, "a statistic's value is a number"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(tc.in)
			var got []string
			var ve *ValidationError
			if errors.As(err, &ve) {
				for _, p := range ve.Problems {
					got = append(got, p.Pointer+" "+p.Keyword)
				}
				if !strings.HasPrefix(err.Error(), "schema: record does not match the schema: ") {
					t.Errorf("message %q", err)
				}
			} else if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if strings.Join(got, "; ") != strings.Join(tc.want, "; ") {
				t.Errorf("problems %q, want %q (%s)\n%v", got, tc.want, tc.reason, err)
			}
		})
	}
}

func TestValidateSyntax(t *testing.T) {
	err := Validate([]byte("{\n  \"eventVersion\": \"1.08\",,\n}"))
	var se *event.SyntaxError
	if !errors.As(err, &se) || se.Line != 2 || se.Column != 26 {
		t.Errorf("Validate: %v, want a syntax error at 2:26", err)
	}
}

func TestJSONIsDraft2020(t *testing.T) {
	var s struct {
		Schema string `json:"$schema"`
		Defs   struct {
			Record struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"record"`
			Aggregated struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"aggregatedEvent"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(JSON(), &s); err != nil {
		t.Fatal(err)
	}
	if s.Schema != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %q", s.Schema)
	}
	// Every member of the aggregated events page.
	for _, m := range []string{"eventVersion", "accountId", "eventId", "eventCategory", "eventType", "awsRegion",
		"eventSource", "timeWindow", "summary", "addendum"} {
		if _, ok := s.Defs.Aggregated.Properties[m]; !ok {
			t.Errorf("schema lacks aggregated %s", m)
		}
	}
	props := s.Defs.Record.Properties
	// Every member of the record contents page, eventVersion 1.0 to 1.11.
	for _, m := range []string{"eventVersion", "eventTime", "userIdentity", "eventSource", "eventName", "awsRegion",
		"sourceIPAddress", "userAgent", "errorCode", "errorMessage", "requestParameters", "responseElements",
		"additionalEventData", "requestID", "eventID", "eventType", "apiVersion", "managementEvent", "readOnly",
		"resources", "recipientAccountId", "serviceEventDetails", "sharedEventID", "vpcEndpointId",
		"vpcEndpointAccountId", "eventCategory", "addendum", "sessionCredentialFromConsole", "edgeDeviceDetails",
		"tlsDetails", "insightDetails", "eventContext"} {
		if _, ok := props[m]; !ok {
			t.Errorf("schema lacks %s", m)
		}
	}
}

// TestValidateCorpus validates every real record. The strict schema flags
// what pipelines add or change (Logstash's @timestamp, Panther's p_*
// members and eventTime layout): those records must be flagged, and for
// every record Validate must return nil or a *ValidationError.
func TestValidateCorpus(t *testing.T) {
	root := corpustest.Dir(t)
	valid, invalid := 0, 0
	keywords := map[string]int{}
	err := filepath.WalkDir(root, func(path string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() || (filepath.Ext(path) != ".json" && filepath.Ext(path) != ".jsonl") ||
			strings.Contains(path, "malformed") || strings.Contains(path, "awsdocs-templates") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rd := event.NewReader(bytes.NewReader(b))
		for {
			raw, err := rd.NextRaw()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			verr := Validate(raw)
			var ve *ValidationError
			switch {
			case verr == nil:
				valid++
			case errors.As(verr, &ve):
				invalid++
				for _, p := range ve.Problems {
					keywords[p.Keyword]++
				}
			default:
				t.Errorf("%s: Validate: %v", path, verr)
			}
			pipelined := bytes.Contains(raw, []byte(`"@timestamp"`)) || bytes.Contains(raw, []byte(`"p_log_type"`))
			if pipelined && verr == nil {
				t.Errorf("%s: a record with pipeline members passes validation: %.200s", path, raw)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("real records: %d match the schema, %d do not", valid, invalid)
	if testing.Verbose() {
		t.Logf("problems by keyword: %v", keywords)
	}
}

// TestValidateConcurrent checks Validate is safe for concurrent use (run
// with -race): the schema is compiled once, on first use, by whichever
// goroutine comes first.
func TestValidateConcurrent(t *testing.T) {
	done := make(chan error)
	for i := 0; i < 8; i++ {
		go func() { done <- Validate([]byte(validRecord)) }()
	}
	for i := 0; i < 8; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// TestSeedRecords checks every example record transcribed from the
// documentation against the schema: only the known slips of the pages are
// flagged.
func TestSeedRecords(t *testing.T) {
	files, err := filepath.Glob("../testdata/records/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no records in testdata/records")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		var ve *ValidationError
		if err := Validate(b); errors.As(err, &ve) {
			for _, p := range ve.Problems {
				got = append(got, p.Pointer+" "+p.Keyword)
			}
		} else if err != nil {
			t.Fatalf("%s: Validate: %v", f, err)
		}
		want := seedProblems[filepath.Base(f)]
		if strings.Join(got, "; ") != strings.Join(want, "; ") {
			t.Errorf("%s: Validate problems = %q, want %q", filepath.Base(f), got, want)
		}
	}
}

// TestValidationErrorHas finds problems by keyword.
func TestValidationErrorHas(t *testing.T) {
	err := Validate(withMembers(t, map[string]string{"@timestamp": `"x"`}))
	var ve *ValidationError
	if !errors.As(err, &ve) || !ve.Has("additionalProperties") || ve.Has("required") {
		t.Errorf("Validate with a pipeline member: %v", err)
	}
}

// seedProblems lists what the strict schema flags in the documentation
// examples: the pages trim eventType (required since eventVersion 1.02) from
// several examples and spell one AwsConsoleSignin.
var seedProblems = map[string][]string{
	"seed-iam-html-01-GetUserPolicy.json": {"/eventType required"},
	"seed-iam-html-03-AssumeRole.json":    {"/eventType required"},
	"seed-iam-html-07-ConsoleLogin.json":  {"/eventType required"},
	"seed-iam-html-08-ConsoleLogin.json":  {"/eventType enum"},
	"seed-iam-html-09-ConsoleLogin.json":  {"/eventType required"},
	"seed-iam-md-03-AssumeRole.json":      {"/eventType required"},
}
