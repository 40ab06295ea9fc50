package trail_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

// BenchmarkRoute routes one record through 3 accounts × 5 trails plus an
// organization trail (16 trails), reusing the Result. The Match
// sub-benchmarks are the baseline: the selector evaluation alone, for one
// trail's selectors and for the 16 matchers a routing runs at most.
func BenchmarkRoute(b *testing.B) {
	d := routeBenchDeployment(b)
	rt, err := trail.NewRouter(d)
	if err != nil {
		b.Fatal(err)
	}
	matchers := make([]*selector.Matcher, len(d.Trails))
	for i, t := range d.Trails {
		m, err := selector.Config{EventSelectors: t.EventSelectors, AdvancedEventSelectors: t.AdvancedEventSelectors}.Compile()
		if err != nil {
			b.Fatal(err)
		}
		matchers[i] = m
	}
	for _, bc := range []struct{ name, rec string }{
		{"global", recCreateUser},
		{"data", recGetObject},
		{"regional", recRunInst},
		{"sts-host", recAssumeRoleHost},
	} {
		rec := routeMustRecord(b, bc.rec)
		b.Run(bc.name+"/RouteInto", func(b *testing.B) {
			var res trail.Result
			rt.RouteInto(rec, &res)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				rt.RouteInto(rec, &res)
			}
		})
		if bc.name == "data" {
			// Every record on a new object: the s3-data trail's selectors
			// name resources.ARN, so no two records route alike and no
			// outcome is remembered (the cost of looking for one).
			recs := make([]*event.Record, 4096)
			for j := range recs {
				recs[j] = routeMustRecord(b, strings.Replace(bc.rec, "a.txt", fmt.Sprintf("new-%d.txt", j), 1))
			}
			b.Run("new-objects/RouteInto", func(b *testing.B) {
				var res trail.Result
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					rt.RouteInto(recs[i%len(recs)], &res)
				}
			})
		}
		b.Run(bc.name+"/Route", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				_ = rt.Route(rec)
			}
		})
		b.Run(bc.name+"/Match1", func(b *testing.B) {
			m := matchers[3] // an advanced data selector
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				_ = m.Match(rec)
			}
		})
		b.Run(bc.name+"/Match16", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for _, m := range matchers {
					_ = m.Match(rec)
				}
			}
		})
	}
}

// recAssumeRoleHost is an STS call whose endpoint is known only from its
// host header: deciding whether it is a global service event parses the
// host (region.ParseEndpoint), which RouteInto remembers between records.
const recAssumeRoleHost = `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","accountId":"444455556666"},"eventTime":"2023-05-01T12:00:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"eu-west-1","eventID":"e4","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"444455556666","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"sts.eu-west-1.amazonaws.com"}}`

// TestRouteIntoAllocsHostHeader: routing STS records known by their host
// header allocates nothing in steady state and parses the host once.
func TestRouteIntoAllocsHostHeader(t *testing.T) {
	rt, err := trail.NewRouter(routeBenchDeployment(t))
	if err != nil {
		t.Fatal(err)
	}
	rec := routeMustRecord(t, recAssumeRoleHost)
	var res trail.Result
	rt.RouteInto(rec, &res)
	if n := testing.AllocsPerRun(100, func() { rt.RouteInto(rec, &res) }); n != 0 {
		t.Errorf("RouteInto allocates %.1f times per STS record, want 0", n)
	}
	if len(res.Deliveries) == 0 || res.Deliveries[0].Region != "eu-west-1" {
		t.Errorf("Regional STS call: deliveries %+v, want the eu-west-1 folder first", res.Deliveries)
	}
}

// TestRouteIntoDaysAround1970: records on either side of 1970-01-01
// 00:00 UTC routed into one Result get their own day folders (the cache
// of keys is keyed by day).
func TestRouteIntoDaysAround1970(t *testing.T) {
	rt, err := trail.NewRouter(routeBenchDeployment(t))
	if err != nil {
		t.Fatal(err)
	}
	var res trail.Result
	for _, tc := range []struct{ reason, time, day string }{
		{"first second of 1970", "1970-01-01T00:00:01Z", "/1970/01/01/"},
		{"last day before 1970, same days-since-epoch when truncated", "1969-12-31T12:00:00Z", "/1969/12/31/"},
		{"first second of 1970 again", "1970-01-01T00:00:01Z", "/1970/01/01/"},
	} {
		rec := routeMustRecord(t, strings.Replace(recRunInst, "2023-05-01T12:00:00Z", tc.time, 1))
		rt.RouteInto(rec, &res)
		if len(res.Deliveries) == 0 {
			t.Fatalf("%s: no delivery", tc.reason)
		}
		for _, d := range res.Deliveries {
			if !strings.HasSuffix(d.KeyPrefix, tc.day) {
				t.Errorf("%s: key %s, want it to end in %s", tc.reason, d.KeyPrefix, tc.day)
			}
		}
	}
}
