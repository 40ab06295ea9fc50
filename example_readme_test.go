package trailmap_test

// The examples of the README, compiled and run: the README's Go snippets
// are lines of these functions (TestREADMESnippetsCompile checks it).

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"testing/fstest"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
	"github.com/trailmap/trailmap/trail/archive"
)

// readmeDeployment is an organization trail and a member account.
var readmeDeployment = []byte(`{
  "organization": {"Id": "o-exampleorgid", "MasterAccountId": "111122223333",
                   "Accounts": ["111122223333", "444455556666"]},
  "trails": [
    {"Name": "org-audit", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit",
     "HomeRegion": "us-east-1", "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true,
     "IsOrganizationTrail": true, "S3BucketName": "audit-bucket", "S3KeyPrefix": "org",
     "AdvancedEventSelectors": [{"Name": "S3 objects", "FieldSelectors": [
       {"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}]}]}
  ]}`)

// readmeRecord is a role session's S3 call with MFA, in a member account.
const readmeRecord = `{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole",
  "principalId":"AROAEXAMPLE:alice","arn":"arn:aws:sts::444455556666:assumed-role/Admin/alice",
  "accountId":"444455556666","accessKeyId":"ASIAEXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role",
  "principalId":"AROAEXAMPLE","arn":"arn:aws:iam::444455556666:role/Admin","accountId":"444455556666",
  "userName":"Admin"},"attributes":{"creationDate":"2023-05-01T11:00:00Z","mfaAuthenticated":"true"}}},
  "eventTime":"2023-05-01T12:05:00Z","eventSource":"s3.amazonaws.com","eventName":"PutObject",
  "awsRegion":"eu-west-1","sourceIPAddress":"192.0.2.1","eventID":"11111111-2222-3333-4444-555555555555",
  "readOnly":false,"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::amzn-s3-demo-bucket/report.csv"}],
  "eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"444455556666","eventCategory":"Data"}`

// readmeLogFile returns a gzip-compressed log file holding readmeRecord
// and a record broken in the middle.
func readmeLogFile() *bytes.Reader {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	fmt.Fprintf(zw, `{"Records":[%s,{"eventName":"Broken" "x":1}]}`, readmeRecord)
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	return bytes.NewReader(b.Bytes())
}

// Example_route is the README's quick start: where each record of a log
// file is delivered. The broken record is reported and the stream goes on.
func Example_route() {
	dep, err := trail.ParseDeployment(readmeDeployment) // organization, accounts, trails (describe-trails shape)
	if err != nil {
		log.Fatal(err) // positions for bad JSON, AWS exception names for bad trails
	}
	rt, err := trail.NewRouter(dep) // validates and compiles every trail once
	if err != nil {
		log.Fatal(err)
	}

	f := readmeLogFile()                                              // an *os.File in a real program
	for rec, err := range event.Records(f, event.ContinueOnError()) { // gzip, envelope or JSON Lines; constant memory
		if err != nil {
			fmt.Println(err) // the record, line and column, and what is wrong
			continue
		}
		res := rt.Route(rec)
		for _, dl := range res.Deliveries {
			fmt.Println(rec.EventName, dl.TrailARN, dl.Account, dl.Region, dl.KeyPrefix)
		}
		for _, sk := range res.Skipped {
			fmt.Println(rec.EventName, "skipped by", sk.TrailARN, sk.Code)
		}
	}
	// Output:
	// PutObject arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit 444455556666 eu-west-1 org/AWSLogs/o-exampleorgid/444455556666/CloudTrail/eu-west-1/2023/05/01/
	// event: record 1 (line 9, column 134): expected ',' or '}' after object member, found '"'
}

// Example_selectors is the README's selector example: compile once, then
// match and explain.
func Example_selectors() {
	rec, err := event.ParseRecord([]byte(readmeRecord))
	if err != nil {
		log.Fatal(err)
	}
	m, err := selector.Compile([]selector.Advanced{{
		Name: "S3 writes except the log bucket",
		Fields: []selector.Field{
			{Field: "eventCategory", Equals: []string{"Data"}},
			{Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
			{Field: "readOnly", Equals: []string{"false"}},
			{Field: "resources.ARN", NotStartsWith: []string{"arn:aws:s3:::log-bucket/"}},
		},
	}})
	if err != nil {
		log.Fatal(err)
	}
	ok := m.Match(rec)          // no allocations
	fmt.Println(ok)             //
	fmt.Println(m.Explain(rec)) // which selector and condition decided, as a sentence
	// Output:
	// true
	// selected by AdvancedEventSelectors[0] ("S3 writes except the log bucket")
}

// Example_who is the README's "who made the call".
func Example_who() {
	rec, err := event.ParseRecord([]byte(readmeRecord))
	if err != nil {
		log.Fatal(err)
	}
	if p, ok := rec.UserIdentity.Principal(); ok {
		fmt.Println(p.Kind, p.ARN) // the role behind an assumed-role session, the user, root, …
	}
	used, known := rec.UserIdentity.MFA()
	fmt.Println(used, known)
	fmt.Println(rec.UserIdentity.Actor()) // one string for reports: principal ARN, else service, ARN or ID
	fmt.Println(rec)                      // a one-line summary
	// Output:
	// role arn:aws:iam::444455556666:role/Admin
	// true true
	// arn:aws:iam::444455556666:role/Admin
	// s3:PutObject by AssumedRole arn:aws:sts::444455556666:assumed-role/Admin/alice in eu-west-1 (account 444455556666, eventID 11111111-2222-3333-4444-555555555555)
}

// Example_archive is the README's whole-bucket example, over an in-memory
// copy of a bucket with one log file.
func Example_archive() {
	ctx := context.Background()
	weekStart := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	key := "AWSLogs/111122223333/CloudTrail/us-east-1/2023/05/01/111122223333_CloudTrail_us-east-1_20230501T1210Z_abcdefghijklmnop.json.gz"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	fmt.Fprint(zw, `{"Records":[{"eventVersion":"1.08","eventTime":"2023-05-01T12:05:00Z","eventSource":"s3.amazonaws.com",
	  "eventName":"DeleteBucket","awsRegion":"us-east-1","recipientAccountId":"111122223333"}]}`)
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	bucket := fstest.MapFS{key: {Data: gz.Bytes()}}

	a := archive.FS(bucket) // bucket := os.DirFS("audit-bucket"), any fs.FS
	o := &archive.Options{Filter: archive.Filter{
		Accounts: []string{"111122223333"}, Regions: []string{"us-east-1"},
		Start: weekStart, End: weekStart.AddDate(0, 0, 7), // objects delivered up to Slack (1 h) later are read too
	}}
	for r, err := range a.Records(ctx, o) { // Each(ctx, o, fn) calls fn in the workers instead
		if err != nil {
			log.Print(err) // archive: AWSLogs/…/…json.gz: record 3 (line 1, column 812): … — that object or record only
			continue
		}
		if r.Event.EventName == "DeleteBucket" {
			fmt.Println(r.Object.Key, r.Index, r.Event.EventTime)
		}
	}
	// Output:
	// AWSLogs/111122223333/CloudTrail/us-east-1/2023/05/01/111122223333_CloudTrail_us-east-1_20230501T1210Z_abcdefghijklmnop.json.gz 0 2023-05-01 12:05:00 +0000 UTC
}

// Example_coverage is the README's "what would no trail log?". It is
// compiled, not run: the gaps of a deployment change with the date and the
// tables of event sources, which would make its output a moving target
// (trail's own examples run coverage with fixed options).
func Example_coverage() {
	dep, err := trail.ParseDeployment(readmeDeployment)
	if err != nil {
		log.Fatal(err)
	}
	router, err := trail.NewRouter(dep)
	if err != nil {
		log.Fatal(err)
	}
	cov, err := router.Coverage(trail.CoverageOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, g := range cov.Gaps {
		fmt.Println(g) // account 111122223333 in 17 Regions (…): eventCategory Equals [Management], eventSource Equals [kms.amazonaws.com]
	}
	if len(cov.Gaps) > 0 {
		json.NewEncoder(os.Stdout).Encode(cov.Gaps[0]) // {"accounts":[…],"regions":[…],"selector":{"FieldSelectors":[…]},"witness":{…},"skipped":[…]}
	}
}
