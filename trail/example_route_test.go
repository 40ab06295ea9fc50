package trail_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
)

// readRecord reads the one record in s.
func routeReadRecord(s string) *event.Record {
	for rec, err := range event.Records(bytes.NewReader([]byte(s))) {
		if err != nil {
			log.Fatal(err)
		}
		return rec
	}
	log.Fatal("no record")
	return nil
}

// A single-Region trail in eu-west-1 and a multi-Region trail of the same
// account: since 2021-11-22 an IAM event is recorded in us-east-1 only, so
// only the multi-Region trail delivers it.
func ExampleRouter_Route() {
	d, err := trail.ParseDeployment([]byte(`{"trails": [
	  {"Name": "management-events", "TrailARN": "arn:aws:cloudtrail:us-east-2:123456789012:trail/management-events",
	   "HomeRegion": "us-east-2", "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true,
	   "S3BucketName": "amzn-s3-demo-bucket"},
	  {"Name": "dublin", "TrailARN": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/dublin",
	   "HomeRegion": "eu-west-1", "IsMultiRegionTrail": false, "IncludeGlobalServiceEvents": true,
	   "S3BucketName": "amzn-s3-demo-bucket", "S3KeyPrefix": "dublin"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	rt, err := trail.NewRouter(d)
	if err != nil {
		log.Fatal(err)
	}
	rec := routeReadRecord(`{"eventVersion": "1.08", "eventTime": "2023-05-01T09:30:00Z",
	  "userIdentity": {"type": "IAMUser", "accountId": "123456789012", "userName": "Alice"},
	  "eventSource": "iam.amazonaws.com", "eventName": "CreateUser", "awsRegion": "us-east-1",
	  "eventType": "AwsApiCall", "readOnly": false, "managementEvent": true,
	  "recipientAccountId": "123456789012", "eventCategory": "Management"}`)

	res := rt.Route(rec)
	for _, dl := range res.Deliveries {
		fmt.Println("deliver", dl.Region, dl.KeyPrefix)
	}
	for _, s := range res.Skipped {
		fmt.Println("skip", s.Code)
	}
	// Output:
	// deliver us-east-1 AWSLogs/123456789012/CloudTrail/us-east-1/2023/05/01/
	// skip GlobalEventOutsideHomeRegion
}

// An organization trail files a member account's events under the
// organization ID; a trail of another account skips them.
func ExampleRouter_Route_orgTrail() {
	d, err := trail.ParseDeployment([]byte(`{
	  "organization": {"Id": "o-exampleorgid", "MasterAccountId": "111122223333",
	                   "Accounts": ["111122223333", "444455556666"]},
	  "trails": [
	    {"Name": "org-audit", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit",
	     "HomeRegion": "us-east-1", "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true,
	     "IsOrganizationTrail": true, "S3BucketName": "audit-bucket", "S3KeyPrefix": "org",
	     "CloudWatchLogsLogGroupArn": "arn:aws:logs:us-east-1:111122223333:log-group:org-audit:*"},
	    {"Name": "management-trail", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-trail",
	     "HomeRegion": "us-east-1", "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true,
	     "S3BucketName": "management-bucket"}]}`))
	if err != nil {
		log.Fatal(err)
	}
	rt, err := trail.NewRouter(d)
	if err != nil {
		log.Fatal(err)
	}
	rec := routeReadRecord(`{"eventVersion": "1.08", "eventTime": "2023-05-01T23:58:00Z",
	  "userIdentity": {"type": "IAMUser", "accountId": "444455556666", "userName": "Mateo"},
	  "eventSource": "ec2.amazonaws.com", "eventName": "RunInstances", "awsRegion": "eu-west-1",
	  "eventType": "AwsApiCall", "readOnly": false, "managementEvent": true,
	  "recipientAccountId": "444455556666", "eventCategory": "Management"}`)

	var res trail.Result
	rt.RouteInto(rec, &res)
	for _, dl := range res.Deliveries {
		fmt.Println("deliver", dl.Account, dl.Region)
		fmt.Println("  key:", dl.KeyPrefix)
		fmt.Println("  log stream:", dl.LogStream)
	}
	for _, s := range res.Skipped {
		fmt.Println("skip", s.TrailARN)
		fmt.Println("  ", s.Code, "-", s.Reason)
	}
	// Output:
	// deliver 444455556666 eu-west-1
	//   key: org/AWSLogs/o-exampleorgid/444455556666/CloudTrail/eu-west-1/2023/05/01/
	//   log stream: o-exampleorgid_444455556666_CloudTrail_eu-west-1
	// skip arn:aws:cloudtrail:us-east-1:111122223333:trail/management-trail
	//    OtherAccount - the trail belongs to account 111122223333; the record is account 444455556666's copy (a trail logs only its own account's events unless it is an organization trail)
}
