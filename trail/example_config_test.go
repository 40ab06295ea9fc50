package trail_test

import (
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/trailmap/trailmap/trail"
)

// A deployment is checked as AWS would have checked the calls that built
// it; every problem is reported at once, with its path and AWS exception.
func ExampleDeployment_Validate() {
	d, err := trail.ParseDeployment([]byte(`{
	  "trails": [
	    {"Name": "my--trail", "TrailARN": "arn:aws:cloudtrail:us-east-1:123456789012:trail/my--trail",
	     "S3BucketName": "amzn-s3-demo-bucket"},
	    {"Name": "everywhere", "TrailARN": "arn:aws:cloudtrail:us-east-1:123456789012:trail/everywhere",
	     "S3BucketName": "amzn-s3-demo-bucket", "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": false}
	  ]
	}`))
	if err != nil {
		log.Fatal(err)
	}
	err = d.Validate()
	var problems trail.Errors
	if !errors.As(err, &problems) {
		log.Fatalf("unexpected error %v", err)
	}
	for _, p := range problems {
		fmt.Printf("%s\n  %s: %s\n", p.Path, p.Code, p.Msg)
	}
	// Output:
	// trails[0].Name
	//   InvalidTrailNameException: Trail name or ARN cannot have adjacent periods (.), hyphens (-), or underscores (_).
	// trails[1].IncludeGlobalServiceEvents
	//   InvalidParameterCombinationException: Multi-Region trail must include global service events.
}

// ParseDeployment reports where a deployment file goes wrong.
func ExampleParseDeployment_error() {
	_, err := trail.ParseDeployment([]byte("{\n  \"trails\": [\n    {\"Name\": \"a1b\", \"IsMultiRegionTrail\": \"yes\"}\n  ]\n}"))
	fmt.Println(err)
	// Output:
	// trail: 3:43: trails[0].IsMultiRegionTrail: cannot decode JSON string into bool
}

// A trail's resolved values come from its methods: the owning account from
// the ARN, and AWS's defaults for absent flags.
func ExampleParseTrails() {
	trails, err := trail.ParseTrails([]byte(`{"trailList": [{
	  "Name": "management-events", "HomeRegion": "eu-west-1",
	  "TrailARN": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/management-events",
	  "S3BucketName": "amzn-s3-demo-bucket", "IsMultiRegionTrail": true}]}`))
	if err != nil {
		log.Fatal(err)
	}
	t := trails[0]
	fmt.Println(t.Account(), t.Partition(), t.Home(), t.IncludesGlobalServiceEvents(), t.Logging())
	// Output:
	// 123456789012 aws eu-west-1 true true
}

// Object keys are built and parsed symmetrically; DayPrefix is the folder
// of one day's files.
func ExampleParseKey() {
	k, err := trail.ParseKey("org/AWSLogs/o-exampleorgid/444455556666/CloudTrail/us-east-1/2023/05/01/444455556666_CloudTrail_us-east-1_20230501T1230Z_EXAMPLEEXAMPLE12.json.gz")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(k.Account, k.OrgID, k.Kind, k.Region, k.Time.Format(time.RFC3339))
	fmt.Println(k.DayPrefix())
	d := trail.DigestKey("", "", "111122223333", "us-west-2", "org-audit", "us-east-1", time.Date(2023, 5, 1, 13, 0, 59, 0, time.UTC))
	fmt.Println(d)
	// Output:
	// 444455556666 o-exampleorgid CloudTrail us-east-1 2023-05-01T12:30:00Z
	// org/AWSLogs/o-exampleorgid/444455556666/CloudTrail/us-east-1/2023/05/01/
	// AWSLogs/111122223333/CloudTrail-Digest/us-west-2/2023/05/01/111122223333_CloudTrail-Digest_us-west-2_org-audit_us-east-1_20230501T130059Z.json.gz
}

// Log streams of organization trails start with the organization ID.
func ExampleParseStream() {
	s, err := trail.ParseStream("o-exampleorgid_444455556666_CloudTrail_us-east-1_2")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.OrgID, s.Account, s.Region, s.N)
	s.N = 0
	fmt.Println(s)
	// Output:
	// o-exampleorgid 444455556666 us-east-1 2
	// o-exampleorgid_444455556666_CloudTrail_us-east-1
}

// Check points out configurations that do not do what they seem to.
func ExampleCheck() {
	d, err := trail.ParseDeployment([]byte(`{"trails": [
	  {"Name": "audit", "TrailARN": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/audit",
	   "S3BucketName": "amzn-s3-demo-bucket", "IncludeGlobalServiceEvents": true},
	  {"Name": "data", "TrailARN": "arn:aws:cloudtrail:us-east-1:123456789012:trail/data",
	   "S3BucketName": "amzn-s3-demo-bucket", "S3KeyPrefix": "data", "IsMultiRegionTrail": true,
	   "AdvancedEventSelectors": [{"Name": "all S3 but the log bucket", "FieldSelectors": [
	     {"Field": "eventCategory", "Equals": ["Data"]},
	     {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
	     {"Field": "resources.ARN", "NotEquals": ["arn:aws:s3:::amzn-s3-demo-bucket/"]}]}]}
	]}`))
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range trail.Check(d) {
		if f.Path == "" { // a finding about accounts
			fmt.Println(f.Code, f.Accounts)
			continue
		}
		fmt.Println(f.Code, f.Path)
	}
	// Output:
	// DeselectExcludesNothing trails[1].AdvancedEventSelectors[0].FieldSelectors[2]
	// GlobalEventsNotLogged [123456789012]
	// GlobalEventsNotReceived trails[0].IncludeGlobalServiceEvents
	// NoManagementEvents [123456789012]
}
