package trailmap_test

import (
	"fmt"
	"log"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
)

// Example routes one IAM record, made after global service events moved to
// us-east-1 only, through an organization trail and a single-Region trail
// in Ireland.
func Example() {
	d, err := trail.ParseDeployment([]byte(`{
	  "organization": {"Id": "o-exampleorgid", "MasterAccountId": "111122223333",
	                   "Accounts": ["111122223333", "444455556666"]},
	  "trails": [
	    {"Name": "org-audit", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit",
	     "HomeRegion": "us-east-1", "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true,
	     "IsOrganizationTrail": true, "S3BucketName": "audit-bucket", "S3KeyPrefix": "org"},
	    {"Name": "dublin", "TrailARN": "arn:aws:cloudtrail:eu-west-1:444455556666:trail/dublin",
	     "HomeRegion": "eu-west-1", "IncludeGlobalServiceEvents": true, "S3BucketName": "dublin-logs"}
	  ]}`))
	if err != nil {
		log.Fatal(err)
	}
	rt, err := trail.NewRouter(d)
	if err != nil {
		log.Fatal(err)
	}
	rec, err := event.ParseRecord([]byte(`{"eventVersion": "1.08",
	  "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLE", "arn": "arn:aws:iam::444455556666:user/Mary",
	                   "accountId": "444455556666", "userName": "Mary"},
	  "eventTime": "2023-05-01T12:00:00Z", "eventSource": "iam.amazonaws.com", "eventName": "CreateUser",
	  "awsRegion": "us-east-1", "sourceIPAddress": "192.0.2.1", "requestParameters": {"userName": "Bob"},
	  "responseElements": null, "eventID": "11111111-2222-3333-4444-555555555555", "readOnly": false,
	  "eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": "444455556666",
	  "eventCategory": "Management"}`))
	if err != nil {
		log.Fatal(err)
	}
	res := rt.Route(rec)
	for _, d := range res.Deliveries {
		fmt.Println("delivered:", d.KeyPrefix)
	}
	for _, s := range res.Skipped {
		fmt.Println("skipped:", s.Code)
	}
	// Output:
	// delivered: org/AWSLogs/o-exampleorgid/444455556666/CloudTrail/us-east-1/2023/05/01/
	// skipped: GlobalEventOutsideHomeRegion
}
