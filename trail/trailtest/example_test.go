package trailtest_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/identity"
	"github.com/trailmap/trailmap/trail"
	"github.com/trailmap/trailmap/trail/trailtest"
)

// workflowDeployment has one trail per account: a multi-Region trail in
// 111122223333, and in 444455556666 a single-Region trail in us-west-2,
// which since 2021-11-22 no longer receives global service events such
// as STS calls through the global endpoint.
const workflowDeployment = `{
  "trails": [
    {"Name": "audit", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/audit",
     "HomeRegion": "us-east-1", "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true,
     "S3BucketName": "amzn-s3-demo-audit"},
    {"Name": "prod", "TrailARN": "arn:aws:cloudtrail:us-west-2:444455556666:trail/prod",
     "HomeRegion": "us-west-2", "IncludeGlobalServiceEvents": true,
     "S3BucketName": "amzn-s3-demo-prod"}
  ]
}`

// A user in 111122223333 assumes a role in 444455556666 and deletes an S3
// bucket there. The AssumeRole call is recorded in both accounts (the
// role owner sees the caller as AWSAccount); the DeleteBucket call only in
// the bucket owner's account, as the role session.
func Example() {
	d, err := trail.ParseDeployment([]byte(workflowDeployment))
	if err != nil {
		log.Fatal(err)
	}
	r, err := trailtest.NewRecorder(d, 1)
	if err != nil {
		log.Fatal(err)
	}

	alice := trailtest.NewIAMUser(trailtest.Account1, "Alice")
	admin, assume := r.AssumeRole(alice, "arn:aws:iam::444455556666:role/Admin", "alice")
	r.Call("s3.amazonaws.com", "DeleteBucket", trailtest.As(admin), trailtest.In("us-west-2"),
		trailtest.Resource("AWS::S3::Bucket", "arn:aws:s3:::amzn-s3-demo-bucket", trailtest.Account2),
		trailtest.Request(map[string]string{"bucketName": "amzn-s3-demo-bucket"}))

	fmt.Println("AssumeRole copies share sharedEventID:", assume[0].SharedEventID == assume[1].SharedEventID)
	for _, rec := range assume {
		fmt.Printf("  %s copy: %s\n", rec.RecipientAccountID, rec.UserIdentity.Type)
	}
	for _, arn := range []string{
		"arn:aws:cloudtrail:us-east-1:111122223333:trail/audit",
		"arn:aws:cloudtrail:us-west-2:444455556666:trail/prod",
	} {
		fmt.Println("trail", arn)
		for _, e := range r.Log(arn) {
			fmt.Printf("  %s by %s %s\n    -> %s\n", e.Record.EventName, e.Record.UserIdentity.Type, e.Record.UserIdentity.ARN, e.Delivery.KeyPrefix)
		}
	}
	res, _ := r.Result(assume[1])
	for _, s := range res.Skipped {
		fmt.Println("owner's AssumeRole copy skipped by", s.TrailARN, "-", s.Code)
	}

	for _, q := range []struct{ account, region string }{
		{trailtest.Account1, "us-east-1"},
		{trailtest.Account2, "us-east-1"},
		{trailtest.Account2, "us-west-2"},
	} {
		out, err := r.LookupEvents(q.account, q.region, nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("event history %s %s:\n", q.account, q.region)
		for _, e := range out.Events {
			fmt.Printf("  %s %s Username=%q ReadOnly=%s\n", e.EventSource, e.EventName, e.Username, e.ReadOnly)
		}
	}
	// Output:
	// AssumeRole copies share sharedEventID: true
	//   111122223333 copy: IAMUser
	//   444455556666 copy: AWSAccount
	// trail arn:aws:cloudtrail:us-east-1:111122223333:trail/audit
	//   AssumeRole by IAMUser arn:aws:iam::111122223333:user/Alice
	//     -> AWSLogs/111122223333/CloudTrail/us-east-1/2025/06/02/
	// trail arn:aws:cloudtrail:us-west-2:444455556666:trail/prod
	//   DeleteBucket by AssumedRole arn:aws:sts::444455556666:assumed-role/Admin/alice
	//     -> AWSLogs/444455556666/CloudTrail/us-west-2/2025/06/02/
	// owner's AssumeRole copy skipped by arn:aws:cloudtrail:us-east-1:111122223333:trail/audit - OtherAccount
	// owner's AssumeRole copy skipped by arn:aws:cloudtrail:us-west-2:444455556666:trail/prod - GlobalEventOutsideHomeRegion
	// event history 111122223333 us-east-1:
	//   sts.amazonaws.com AssumeRole Username="Alice" ReadOnly=true
	// event history 444455556666 us-east-1:
	//   sts.amazonaws.com AssumeRole Username="" ReadOnly=true
	// event history 444455556666 us-west-2:
	//   s3.amazonaws.com DeleteBucket Username="alice" ReadOnly=false
}

// Builder.Call builds one record; everything not chosen is generated from
// the seed.
func ExampleBuilder_Call() {
	b := trailtest.NewBuilder(7)
	rec := b.Call("s3.amazonaws.com", "GetObject",
		trailtest.As(trailtest.NewAssumedRole(trailtest.Account3, "reader", "job-42")),
		trailtest.In("us-west-2"),
		trailtest.Resource("AWS::S3::Object", "arn:aws:s3:::amzn-s3-demo-bucket/report.csv", ""),
		trailtest.Resource("AWS::S3::Bucket", "arn:aws:s3:::amzn-s3-demo-bucket", trailtest.Account3))
	fmt.Println(rec.EventCategory, rec.EventType, "readOnly:", rec.ReadOnly.Value, "managementEvent:", rec.ManagementEvent.Value)
	fmt.Println(rec.UserIdentity.ARN)
	fmt.Println(rec.UserIdentity.SessionContext.SessionIssuer.ARN)
	fmt.Println(rec.RecipientAccountID, rec.AWSRegion, rec.TLSDetails.ClientProvidedHostHeader)
	fmt.Println(rec.EventTime.Equal(b.Now()), len(rec.EventID), len(rec.RequestID))
	// Output:
	// Data AwsApiCall readOnly: true managementEvent: false
	// arn:aws:sts::123456789012:assumed-role/reader/job-42
	// arn:aws:iam::123456789012:role/reader
	// 123456789012 us-west-2 amzn-s3-demo-bucket.s3.us-west-2.amazonaws.com
	// true 36 16
}

// A failed console sign-in with a wrong IAM user name hides the name typed;
// one with an e-mail address of no account leaves no record anywhere.
func ExampleRecorder_ConsoleLoginFailure() {
	r, err := trailtest.NewRecorder(nil, 1)
	if err != nil {
		log.Fatal(err)
	}
	recs := r.ConsoleLoginFailure(trailtest.NewIAMUser(trailtest.Account1, "Alcie"), trailtest.WrongUserName)
	rec := recs[0]
	fmt.Println(rec.EventName, rec.EventType, rec.AWSRegion)
	fmt.Println(rec.UserIdentity.Type, rec.UserIdentity.UserName)
	fmt.Printf("errorCode=%q errorMessage=%q response=%s\n", rec.ErrorCode, rec.ErrorMessage, rec.ResponseElements)
	fmt.Println(len(r.ConsoleLoginFailure(trailtest.NewRoot(trailtest.Account2), trailtest.WrongUserName)), "records")
	// Output:
	// ConsoleLogin AwsConsoleSignIn us-east-1
	// IAMUser HIDDEN_DUE_TO_SECURITY_REASONS
	// errorCode="" errorMessage="No username found in supplied account" response={"ConsoleLogin":"Failure"}
	// 0 records
}

// LookupEvents pages newest first; a NextToken only continues the request
// it came from.
func ExampleHistory_LookupEvents() {
	b := trailtest.NewBuilder(1)
	h := &trailtest.History{Now: b.Now}
	for _, name := range []string{"CreateUser", "AttachUserPolicy", "CreateAccessKey"} {
		h.Add(b.Call("iam.amazonaws.com", name))
	}
	in := &trailtest.LookupEventsInput{
		LookupAttributes: []trailtest.LookupAttribute{{AttributeKey: "EventSource", AttributeValue: "iam.amazonaws.com"}},
		MaxResults:       2,
	}
	for {
		out, err := h.LookupEvents(trailtest.Account1, "us-east-1", in)
		if err != nil {
			log.Fatal(err)
		}
		for _, e := range out.Events {
			fmt.Println(e.EventName, e.Username)
		}
		if out.NextToken == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	in.LookupAttributes[0].AttributeValue = "sts.amazonaws.com"
	_, err := h.LookupEvents(trailtest.Account1, "us-east-1", in)
	var le *trailtest.LookupError
	if errors.As(err, &le) {
		fmt.Println(le.Code)
	}
	// Output:
	// CreateAccessKey Alice
	// AttachUserPolicy Alice
	// CreateUser Alice
	// InvalidNextTokenException
}

// When an AWS service assumes a role, the role owner's only copy shows the
// service; later calls with the credentials show the role session.
func ExampleRecorder_AssumeRole() {
	r, err := trailtest.NewRecorder(nil, 1)
	if err != nil {
		log.Fatal(err)
	}
	sess, recs := r.AssumeRole(trailtest.NewAWSService("lambda.amazonaws.com"),
		"arn:aws:iam::123456789012:role/service-role/report-fn", "report-fn", trailtest.In("eu-west-1"))
	rec := recs[0]
	fmt.Println(len(recs), rec.RecipientAccountID, rec.AWSRegion, rec.UserIdentity.Type, rec.UserIdentity.InvokedBy)
	fmt.Println(rec.SourceIPAddress, rec.TLSDetails == nil)
	fmt.Println(sess.Type, sess.ARN)
	fmt.Println(sess.SessionContext.SessionIssuer.ARN)
	// Output:
	// 1 123456789012 eu-west-1 AWSService lambda.amazonaws.com
	// lambda.amazonaws.com true
	// AssumedRole arn:aws:sts::123456789012:assumed-role/report-fn/report-fn
	// arn:aws:iam::123456789012:role/service-role/report-fn
}

// A partial expectation: IgnoreUnset compares only what the written record
// sets, so the event, Region, account and caller are checked and the rest
// of the record is not.
func ExampleIgnoreUnset() {
	b := trailtest.NewBuilder(1)
	got := b.Call("iam.amazonaws.com", "CreateUser", trailtest.As(trailtest.NewIAMUser(trailtest.Account1, "Alice")))
	want := &event.Record{EventSource: "iam.amazonaws.com", EventName: "CreateUser", AWSRegion: "us-east-1",
		UserIdentity: &identity.UserIdentity{Type: identity.IAMUser, UserName: "Alice"}}
	fmt.Printf("%q\n", trailtest.Diff(want, got, trailtest.IgnoreUnset()))
	want.UserIdentity.UserName = "Bob"
	fmt.Println(trailtest.Diff(want, got, trailtest.IgnoreUnset()) != "")
	// Output:
	// ""
	// true
}
