package trail_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

// scaleDeployment is an organization of n accounts with 20 trails with
// advanced selectors: four organization trails (management without KMS,
// writes only, S3 objects but one bucket, Lambda invocations and KMS
// network activity) and sixteen trails of member accounts (multi- and
// single-Region, management and data), at most five in any Region.
func scaleDeployment(n int) *trail.Deployment {
	accounts := make([]string, n)
	for i := range accounts {
		accounts[i] = fmt.Sprintf("%012d", 100000000000+i)
	}
	d := &trail.Deployment{Organization: &trail.Organization{ID: "o-exampleorgid", MasterAccountID: accounts[0], Accounts: accounts[1:]}}
	yes, no := true, false
	cat := func(c string) selector.Field { return selector.Field{Field: "eventCategory", Equals: []string{c}} }
	orgSels := [][]selector.Advanced{
		{{Fields: []selector.Field{cat("Management"), {Field: "eventSource", NotEquals: []string{"kms.amazonaws.com"}}}}},
		{{Fields: []selector.Field{cat("Management"), {Field: "readOnly", Equals: []string{"false"}}}}},
		{{Fields: []selector.Field{cat("Data"), {Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
			{Field: "resources.ARN", NotStartsWith: []string{"arn:aws:s3:::amzn-s3-demo-bucket/"}}}}},
		{{Fields: []selector.Field{cat("Data"), {Field: "resources.type", Equals: []string{"AWS::Lambda::Function"}}}},
			{Fields: []selector.Field{cat("NetworkActivity"), {Field: "eventSource", Equals: []string{"kms.amazonaws.com"}}}}},
	}
	for i, s := range orgSels {
		d.Trails = append(d.Trails, trail.Trail{Name: fmt.Sprintf("org-%d", i),
			TrailARN:   fmt.Sprintf("arn:aws:cloudtrail:us-east-1:%s:trail/org-%d", accounts[0], i),
			HomeRegion: "us-east-1", IsMultiRegionTrail: true, IncludeGlobalServiceEvents: &yes, IsOrganizationTrail: true,
			S3BucketName: "org-bucket", S3KeyPrefix: fmt.Sprintf("org%d", i), AdvancedEventSelectors: s})
	}
	homes := []string{"eu-west-1", "us-west-2", "ap-south-1"}
	for i := 0; i < 16; i++ {
		a := accounts[1+i%(n-1)]
		t := trail.Trail{Name: fmt.Sprintf("acct-%d", i), HomeRegion: homes[i%3], S3BucketName: "b-" + a,
			TrailARN: fmt.Sprintf("arn:aws:cloudtrail:%s:%s:trail/acct-%d", homes[i%3], a, i)}
		t.IsMultiRegionTrail = i%2 == 0
		t.IncludeGlobalServiceEvents = &yes
		if !t.IsMultiRegionTrail {
			t.IncludeGlobalServiceEvents = &no
		}
		t.AdvancedEventSelectors = []selector.Advanced{
			{Fields: []selector.Field{cat("Management"), {Field: "eventSource", NotEquals: []string{"rdsdata.amazonaws.com"}}}},
			{Fields: []selector.Field{cat("Data"), {Field: "resources.type", Equals: []string{"AWS::DynamoDB::Table"}},
				{Field: "eventName", Equals: []string{"PutItem", "DeleteItem"}}}},
		}
		d.Trails = append(d.Trails, t)
	}
	return d
}

// BenchmarkCoverage measures Coverage of an organization of 250, 500 and
// 1,000 accounts × 17 Regions × 20 trails; ns/cell says how cost grows
// with accounts × Regions (constant per cell is linear growth). The
// baseline is routing one record (BenchmarkCoverage/route-one-record), so
// a cell's cost can be read in records routed.
func BenchmarkCoverage(b *testing.B) {
	at := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, n := range []int{250, 500, 1000} {
		r, err := trail.NewRouter(scaleDeployment(n))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("accounts=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var cov *trail.Coverage
			for i := 0; i < b.N; i++ {
				cov, err = r.Coverage(trail.CoverageOptions{At: at})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n*17), "ns/cell")
			b.ReportMetric(float64(len(cov.Gaps)), "gaps")
		})
	}
	b.Run("route-one-record", func(b *testing.B) {
		r, _ := trail.NewRouter(scaleDeployment(1000))
		rec := randomRecordFixed(at)
		var res trail.Result
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			r.RouteInto(rec, &res)
		}
	})
}
