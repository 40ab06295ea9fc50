package region_test

import (
	"strings"
	"testing"

	"github.com/trailmap/trailmap/region"
)

var (
	sinkRegion   region.Region
	sinkEndpoint region.Endpoint
	sinkBool     bool
)

// BenchmarkLookup compares Lookup (a generated switch) with a map
// lookup, the obvious alternative, as baseline.
func BenchmarkLookup(b *testing.B) {
	names := []string{"us-east-1", "ap-southeast-7", "eu-isoe-west-1", "ap-southeast-9"}
	b.Run("baseline-map", func(b *testing.B) {
		m := map[string]region.Region{}
		for _, p := range region.Partitions() {
			for _, r := range p.Regions() {
				m[r.Name] = r
			}
		}
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkRegion = m[names[i%len(names)]]
		}
	})
	b.Run("Lookup", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkRegion, sinkBool = region.Lookup(names[i%len(names)])
		}
	})
	b.Run("Infer", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkRegion, sinkBool = region.Infer(names[i%len(names)])
		}
	})
}

// BenchmarkParseEndpoint compares ParseEndpoint with splitting the host
// into labels, the least any parser must do, as baseline.
func BenchmarkParseEndpoint(b *testing.B) {
	hosts := []string{
		"sts.amazonaws.com",
		"sts.us-west-2.amazonaws.com",
		"us-east-2.signin.aws.amazon.com",
		"bucket.s3.dualstack.eu-west-1.amazonaws.com",
	}
	b.Run("baseline-split", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkBool = len(strings.Split(hosts[i%len(hosts)], ".")) > 2
		}
	})
	b.Run("ParseEndpoint", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkEndpoint, sinkBool = region.ParseEndpoint(hosts[i%len(hosts)])
		}
	})
	b.Run("Origin.IsGlobal", func(b *testing.B) {
		o := region.Origin{EventSource: "sts.amazonaws.com", AWSRegion: "us-west-2", HostHeader: "sts.us-west-2.amazonaws.com"}
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkBool = o.IsGlobal()
		}
	})
}
