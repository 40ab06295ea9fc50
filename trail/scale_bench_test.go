package trail_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

// orgScaleDeployment returns an organization of n member accounts with one
// organization trail (multi-Region, homed in us-east-1) and one trail in
// every member account: n+1 trails. Every tenth member trail is
// multi-Region, the others single-Region in one of four Regions; every
// hundredth account enables an opt-in Region, and every fiftieth member
// trail is homed in one (which enables it for that account).
func orgScaleDeployment(n int) *trail.Deployment {
	yes := true
	const mgmt = "100000000000"
	d := &trail.Deployment{
		Organization: &trail.Organization{ID: "o-exampleorgid", MasterAccountID: mgmt},
		Accounts:     map[string]trail.Account{},
		Trails: []trail.Trail{{Name: "org-audit", TrailARN: "arn:aws:cloudtrail:us-east-1:" + mgmt + ":trail/org-audit",
			HomeRegion: "us-east-1", IsMultiRegionTrail: true, IncludeGlobalServiceEvents: &yes, IsOrganizationTrail: true,
			S3BucketName: "org-bucket", S3KeyPrefix: "org"}},
	}
	homes := []string{"eu-west-1", "us-west-2", "ap-southeast-2", "sa-east-1"}
	for i := 0; i < n; i++ {
		acct := fmt.Sprintf("%012d", 200000000000+i)
		d.Organization.Accounts = append(d.Organization.Accounts, acct)
		home := homes[i%len(homes)]
		if i%100 == 0 {
			d.Accounts[acct] = trail.Account{EnabledRegions: []string{"af-south-1"}}
		}
		if i%50 == 25 {
			home = "me-central-1"
		}
		t := trail.Trail{Name: "local", TrailARN: "arn:aws:cloudtrail:" + home + ":" + acct + ":trail/local",
			HomeRegion: home, IsMultiRegionTrail: i%10 == 0, IncludeGlobalServiceEvents: &yes, S3BucketName: "b-" + acct,
			AdvancedEventSelectors: []selector.Advanced{{Fields: []selector.Field{{Field: "eventCategory", Equals: []string{"Management"}}}}}}
		d.Trails = append(d.Trails, t)
	}
	return d
}

// TestWithoutOtherAccounts: routing with WithoutOtherAccounts delivers
// exactly as without it, and leaves out of Skipped only OtherAccount
// skips and other accounts' NotLogging skips, counted in OtherAccounts.
func TestWithoutOtherAccounts(t *testing.T) {
	d := orgScaleDeployment(300)
	no := false
	d.Trails[7].IsLogging = &no
	all, err := trail.NewRouter(d)
	if err != nil {
		t.Fatal(err)
	}
	some, err := trail.NewRouter(d, trail.WithoutOtherAccounts())
	if err != nil {
		t.Fatal(err)
	}
	for _, acct := range []string{"200000000004", "200000000006", "100000000000", "999999999999", ""} {
		for _, reg := range []string{"eu-west-1", "us-east-1", "me-central-1", "af-south-1"} {
			rec := &event.Record{EventTime: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), EventSource: "ec2.amazonaws.com",
				EventName: "RunInstances", AWSRegion: reg, RecipientAccountID: acct, EventCategory: event.CategoryManagement}
			a, s := all.Route(rec), some.Route(rec)
			if fmt.Sprint(a.Deliveries) != fmt.Sprint(s.Deliveries) {
				t.Errorf("%s %s: deliveries differ:\n%v\n%v", acct, reg, a.Deliveries, s.Deliveries)
			}
			kept := map[string]trail.Skip{}
			for _, sk := range s.Skipped {
				kept[sk.TrailARN] = sk
			}
			left := 0
			for _, sk := range a.Skipped {
				if k, ok := kept[sk.TrailARN]; ok {
					if k != sk {
						t.Errorf("%s %s: skip %+v differs: %+v", acct, reg, k, sk)
					}
					continue
				}
				left++
				if sk.Code != trail.OtherAccount && sk.Code != trail.NotLogging && !(acct == "" && sk.Code == trail.NoAccount) {
					t.Errorf("%s %s: %s left out, code %s", acct, reg, sk.TrailARN, sk.Code)
				}
			}
			if acct != "" && (left != s.OtherAccounts || len(s.Skipped)+len(s.Deliveries)+s.OtherAccounts != len(d.Trails)) {
				t.Errorf("%s %s: %d left out, OtherAccounts %d", acct, reg, left, s.OtherAccounts)
			}
			if acct != "" && len(s.Skipped)+len(s.Deliveries) > 2 {
				t.Errorf("%s %s: %d trails listed; only the account's own and the organization trail can deliver", acct, reg, len(s.Skipped)+len(s.Deliveries))
			}
		}
	}
}

// BenchmarkOrganizationScale measures Validate, Check and NewRouter on
// organizations of 1,000, 10,000 and 50,000 member accounts, each with a
// trail of its own and an organization trail, and RouteInto of one record
// (whose account has one trail of its own) at each size. The growth
// factor from one size to the next (time ratio over size ratio) is
// reported as growth/x: 1.0 is linear.
func BenchmarkOrganizationScale(b *testing.B) {
	rec := &event.Record{EventVersion: "1.08", EventTime: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC),
		EventSource: "ec2.amazonaws.com", EventName: "RunInstances", AWSRegion: "eu-west-1",
		RecipientAccountID: "200000000004", EventCategory: event.CategoryManagement, ManagementEvent: event.BoolOf(true), ReadOnly: event.BoolOf(false)}
	prev := map[string]float64{}
	prevN := 0
	for _, n := range []int{1000, 10000, 50000} {
		d := orgScaleDeployment(n)
		for _, step := range []struct {
			name string
			run  func(b *testing.B)
		}{
			{"Validate", func(b *testing.B) {
				for range b.N {
					if err := d.Validate(); err != nil {
						b.Fatal(err)
					}
				}
			}},
			{"Check", func(b *testing.B) {
				for range b.N {
					_ = trail.Check(d)
				}
			}},
			{"NewRouter", func(b *testing.B) {
				for range b.N {
					if _, err := trail.NewRouter(d); err != nil {
						b.Fatal(err)
					}
				}
			}},
			{"RouteInto", func(b *testing.B) {
				r, err := trail.NewRouter(d)
				if err != nil {
					b.Fatal(err)
				}
				var res trail.Result
				r.RouteInto(rec, &res) // warm: keys and reasons built once
				b.ResetTimer()
				for range b.N {
					r.RouteInto(rec, &res)
				}
			}},
			{"RouteInto-WithoutOtherAccounts", func(b *testing.B) {
				r, err := trail.NewRouter(d, trail.WithoutOtherAccounts())
				if err != nil {
					b.Fatal(err)
				}
				var res trail.Result
				r.RouteInto(rec, &res) // warm: keys and reasons built once
				b.ResetTimer()
				for range b.N {
					r.RouteInto(rec, &res)
				}
			}},
		} {
			var last float64
			b.Run(fmt.Sprintf("%s/trails=%d", step.name, n+1), func(b *testing.B) {
				step.run(b)
				last = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
				if p, ok := prev[step.name]; ok && prevN > 0 {
					b.ReportMetric((last/p)/(float64(n)/float64(prevN)), "growth/x")
				}
			})
			prev[step.name] = last
		}
		prevN = n
	}
}
