package trail_test

import (
	"testing"

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
