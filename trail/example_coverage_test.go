package trail_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

// What would no trail log? A multi-Region trail that excludes AWS KMS
// logs EC2 writes in every Region but KMS events in none; one probe
// record of EC2 would say "covered".
func ExampleRouter_Coverage() {
	yes := true
	d := &trail.Deployment{Trails: []trail.Trail{{
		Name: "management", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/management",
		HomeRegion: "us-east-1", IsMultiRegionTrail: true, IncludeGlobalServiceEvents: &yes, S3BucketName: "audit",
		EventSelectors: []selector.Basic{{ExcludeManagementEventSources: []string{"kms.amazonaws.com"}}},
	}}}
	r, err := trail.NewRouter(d)
	if err != nil {
		panic(err)
	}
	cov, err := r.Coverage(trail.CoverageOptions{At: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
		ResourceTypes: []string{"AWS::S3::Object", "AWS::Lambda::Function"}, NetworkEventSources: []string{"kms.amazonaws.com"}})
	if err != nil {
		panic(err)
	}
	for _, g := range cov.Gaps {
		fmt.Println(g)
	}
	fmt.Println("the first witness is skipped as", cov.Gaps[0].Skipped[0].Code)
	// Output:
	// account 111122223333 in 17 Regions (ap-northeast-1 … us-west-2): eventCategory Equals [Management], eventSource Equals [kms.amazonaws.com]
	// account 111122223333 in 17 Regions (ap-northeast-1 … us-west-2): eventCategory Equals [Data], eventSource NotEquals [cloudfront.amazonaws.com iam.amazonaws.com], resources.type Equals [AWS::Lambda::Function AWS::S3::Object]
	// account 111122223333 in 17 Regions (ap-northeast-1 … us-west-2): eventCategory Equals [NetworkActivity], eventSource Equals [kms.amazonaws.com]
	// account 111122223333 in 17 Regions (ap-northeast-1 … us-west-2): Insights events ApiCallRateInsight about Management events
	// account 111122223333 in 17 Regions (ap-northeast-1 … us-west-2): Insights events ApiCallRateInsight about Data events
	// account 111122223333 in 17 Regions (ap-northeast-1 … us-west-2): Insights events ApiErrorRateInsight about Management events
	// account 111122223333 in 17 Regions (ap-northeast-1 … us-west-2): Insights events ApiErrorRateInsight about Data events
	// account 111122223333 in 17 Regions (ap-northeast-1 … us-west-2): aggregated events of template API_ACTIVITY
	// account 111122223333 in 17 Regions (ap-northeast-1 … us-west-2): aggregated events of template RESOURCE_ACCESS
	// account 111122223333 in 17 Regions (ap-northeast-1 … us-west-2): aggregated events of template USER_ACTIONS
	// the first witness is skipped as NotSelected
}

// A gap as `trailmap coverage -json` prints it: the selector of the
// events no trail logs, where, a witness record and each trail's reason.
func ExampleGap_MarshalJSON() {
	yes := true
	d := &trail.Deployment{Trails: []trail.Trail{{
		Name: "virginia", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/virginia",
		HomeRegion: "us-east-1", IncludeGlobalServiceEvents: &yes, S3BucketName: "audit",
		InsightSelectors: []selector.Insight{{InsightType: selector.APICallRateInsight}, {InsightType: selector.APIErrorRateInsight}},
		AdvancedEventSelectors: []selector.Advanced{{Fields: []selector.Field{
			{Field: "eventCategory", Equals: []string{"Management"}},
			{Field: "readOnly", Equals: []string{"false"}},
		}}},
	}}}
	r, err := trail.NewRouter(d)
	if err != nil {
		panic(err)
	}
	cov, err := r.Coverage(trail.CoverageOptions{At: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
		ResourceTypes: []string{}, NetworkEventSources: []string{}})
	if err != nil {
		panic(err)
	}
	for _, g := range cov.Gaps {
		if len(g.Regions) == 1 && g.Selector != nil && !g.GlobalServiceEvents {
			b, _ := json.MarshalIndent(g, "", " ")
			fmt.Println(string(b))
		}
	}
	// Output:
	// {
	//  "accounts": [
	//   "111122223333"
	//  ],
	//  "regions": [
	//   "us-east-1"
	//  ],
	//  "selector": {
	//   "FieldSelectors": [
	//    {
	//     "Field": "eventCategory",
	//     "Equals": [
	//      "Management"
	//     ]
	//    },
	//    {
	//     "Field": "eventSource",
	//     "NotEquals": [
	//      "cloudfront.amazonaws.com",
	//      "iam.amazonaws.com"
	//     ]
	//    },
	//    {
	//     "Field": "readOnly",
	//     "NotEquals": [
	//      "false"
	//     ]
	//    }
	//   ]
	//  },
	//  "witness": {
	//   "eventVersion": "1.11",
	//   "userIdentity": {
	//    "type": "Root",
	//    "principalId": "111122223333",
	//    "arn": "arn:aws:iam::111122223333:root",
	//    "accountId": "111122223333"
	//   },
	//   "eventTime": "2024-05-01T00:00:00Z",
	//   "eventSource": "ec2.amazonaws.com",
	//   "eventName": "DescribeInstances",
	//   "awsRegion": "us-east-1",
	//   "sourceIPAddress": "192.0.2.1",
	//   "eventID": "00000000-0000-4000-8000-000000000000",
	//   "readOnly": true,
	//   "eventType": "AwsApiCall",
	//   "managementEvent": true,
	//   "recipientAccountId": "111122223333",
	//   "eventCategory": "Management"
	//  },
	//  "skipped": [
	//   {
	//    "trail": "arn:aws:cloudtrail:us-east-1:111122223333:trail/virginia",
	//    "code": "NotSelected",
	//    "reason": "no event selector of the trail selects the record: AdvancedEventSelectors[0]: readOnly \"true\" matches no Equals value \"false\""
	//   }
	//  ]
	// }
}

// Trails from real CLI output: describe-trails, then the selectors and
// status of each trail, matched by TrailARN (get-trail-status names none,
// so Output.Trail does).
func ExampleAssemble() {
	describe := []byte(`{"trailList": [{"Name": "management", "HomeRegion": "us-east-1",
	  "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/management",
	  "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true, "S3BucketName": "audit",
	  "HasCustomEventSelectors": true, "HasInsightSelectors": false}]}`)
	selectors := []byte(`{"TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/management",
	  "EventSelectors": [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": true}]}`)
	status := []byte(`{"IsLogging": true, "LatestDeliveryTime": "2024-05-01T00:00:00Z"}`)
	trails, err := trail.Assemble(describe, trail.Output{Data: selectors}, trail.Output{Trail: "management", Data: status})
	if err != nil {
		panic(err)
	}
	t := trails[0]
	fmt.Println(t.Name, t.EventSelectors[0].ReadWriteType, t.Logging())
	// Output: management WriteOnly true
}

// A deployment with an organization trail from real CLI output:
// describe-trails, and the organization from `aws organizations
// describe-organization` and `list-accounts` (two pages, one after the
// other). A record of a member account, a closed one included, is
// delivered under the organization's folder.
func ExampleAssembleDeployment() {
	describe := []byte(`{"trailList": [{"Name": "org-audit", "HomeRegion": "us-east-1",
	  "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit",
	  "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true, "IsOrganizationTrail": true,
	  "S3BucketName": "audit", "HasCustomEventSelectors": false}]}`)
	org := []byte(`{"Organization": {"Id": "o-exampleorgid", "FeatureSet": "ALL",
	  "Arn": "arn:aws:organizations::111122223333:organization/o-exampleorgid",
	  "MasterAccountId": "111122223333", "MasterAccountEmail": "admin@example.com"}}`)
	accounts := []byte(`{"Accounts": [{"Id": "111122223333", "Name": "Management", "Status": "ACTIVE"}], "NextToken": "AAAA"}
{"Accounts": [{"Id": "444455556666", "Name": "Old", "Status": "SUSPENDED", "State": "CLOSED"}]}`)
	d, err := trail.AssembleDeployment(describe, trail.Output{Data: org}, trail.Output{Data: accounts})
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Organization.ID, d.Organization.Members())

	// Without the organization, the organization trail is refused.
	d2, _ := trail.AssembleDeployment(describe)
	_, err = trail.NewRouter(d2)
	fmt.Println(strings.Contains(err.Error(), "OrganizationsNotInUseException"))
	// Output:
	// o-exampleorgid [111122223333 444455556666]
	// true
}
