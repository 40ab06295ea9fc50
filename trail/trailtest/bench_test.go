package trailtest

import (
	"testing"

	"github.com/trailmap/trailmap/trail"
)

// BenchmarkBuilderCall is the baseline: building one record.
func BenchmarkBuilderCall(b *testing.B) {
	bl := NewBuilder(1)
	who := NewAssumedRole(Account2, "Admin", "s")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		bl.Call("s3.amazonaws.com", "DeleteBucket", As(who), In("us-west-2"),
			Resource("AWS::S3::Bucket", "arn:aws:s3:::amzn-s3-demo-bucket", Account2))
	}
}

// BenchmarkRecorderCall adds routing through two trails and event history
// (which encodes the record) to BenchmarkBuilderCall.
func BenchmarkRecorderCall(b *testing.B) {
	d := &trail.Deployment{Trails: []trail.Trail{
		{Name: "dev", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/dev", HomeRegion: "us-east-1", IsMultiRegionTrail: true, S3BucketName: "amzn-s3-demo-a"},
		{Name: "prod", TrailARN: "arn:aws:cloudtrail:us-east-1:444455556666:trail/prod", HomeRegion: "us-east-1", IsMultiRegionTrail: true, S3BucketName: "amzn-s3-demo-b"},
	}}
	r, err := NewRecorder(d, 1)
	if err != nil {
		b.Fatal(err)
	}
	who := NewAssumedRole(Account2, "Admin", "s")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		r.Call("s3.amazonaws.com", "DeleteBucket", As(who), In("us-west-2"),
			Resource("AWS::S3::Bucket", "arn:aws:s3:::amzn-s3-demo-bucket", Account2))
	}
}

// BenchmarkLookupEvents pages through 1000 events, 50 at a time.
func BenchmarkLookupEvents(b *testing.B) {
	bl := NewBuilder(1)
	h := &History{Now: bl.Now}
	for i := 0; i < 1000; i++ {
		h.Add(bl.Call("iam.amazonaws.com", "ListUsers"))
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		in := &LookupEventsInput{}
		for {
			out, err := h.LookupEvents(Account1, "us-east-1", in)
			if err != nil {
				b.Fatal(err)
			}
			if out.NextToken == "" {
				break
			}
			in.NextToken = out.NextToken
		}
	}
}
