package trail_test

import (
	"fmt"
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
	// the first witness is skipped as NotSelected
}
