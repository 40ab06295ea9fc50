package selector_test

import (
	"fmt"

	"github.com/trailmap/trailmap/selector"
)

// What does one trail log that another does not? A trail that excludes
// AWS KMS events misses every KMS management event, read or write; one
// probe record of another service would say "covered".
func ExampleSet_Minus() {
	all := selector.MustCompile(selector.DefaultManagement()).Set()
	noKMS, err := selector.CompileBasic([]selector.Basic{{ExcludeManagementEventSources: []string{"kms.amazonaws.com"}}})
	if err != nil {
		panic(err)
	}
	gap := all.Minus(noKMS.Set())
	fmt.Println(gap)
	w, _ := gap.Witness()
	fmt.Println("witness:", w.EventCategory, w.EventSource)
	// Output:
	// eventCategory Equals [Management], eventSource Equals [kms.amazonaws.com]
	// witness: Management kms.amazonaws.com
}

// Does one set of selectors cover another?
func ExampleSet_Covers() {
	allS3 := selector.MustCompile([]selector.Advanced{{Fields: []selector.Field{
		{Field: "eventCategory", Equals: []string{"Data"}},
		{Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
	}}}).Set()
	onePrefix := selector.MustCompile([]selector.Advanced{{Fields: []selector.Field{
		{Field: "eventCategory", Equals: []string{"Data"}},
		{Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
		{Field: "eventName", Equals: []string{"PutObject", "DeleteObject"}},
		{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::amzn-s3-demo-bucket/logs/"}},
	}}}).Set()
	fmt.Println(allS3.Covers(onePrefix), onePrefix.Covers(allS3))
	// Output: true false
}

// Can a selector ever match? (Compile accepts both; they contradict.)
func ExampleMatcher_Dead() {
	m := selector.MustCompile([]selector.Advanced{
		{Name: "S3 writes", Fields: []selector.Field{
			{Field: "eventCategory", Equals: []string{"Data"}},
			{Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
			{Field: "resources.ARN", StartsWith: []string{"arn:aws:s3:::amzn-s3-demo-bucket/logs/"},
				NotStartsWith: []string{"arn:aws:s3:::amzn-s3-demo-bucket/"}},
		}},
	})
	fmt.Println(m.Dead())
	// Output: [0]
}
