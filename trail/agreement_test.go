package trail_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/corpustest"
	"github.com/trailmap/trailmap/internal/txtar"
	"github.com/trailmap/trailmap/region"
	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
	"github.com/trailmap/trailmap/trail/trailtest"
)

// agreementRecord is one record of the agreement test and where it came
// from.
type agreementRecord struct {
	from string
	rec  *event.Record
}

// agreementRecords reads every record the project has: the real corpus
// (when present), the documentation records of the testdata folders, the
// records of the routing scenarios and of trailtest's documented
// scenarios, each in the testdata folder of its package; the count is
// checked by the caller.
func agreementRecords(t *testing.T) []agreementRecord {
	var out []agreementRecord
	add := func(from string, b []byte) {
		for rec, err := range event.Records(bytes.NewReader(b), event.ContinueOnError()) {
			if err == nil {
				out = append(out, agreementRecord{from, rec})
			}
		}
	}
	if _, err := corpustest.Lookup(); err == nil {
		for _, f := range corpustest.Files(t, corpustest.All) {
			add("corpus "+f.Path, f.Data)
		}
	}
	for _, pattern := range []string{
		"../event/testdata/*/*.json", "../event/testdata/*.json", "../identity/testdata/*.json",
	} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			if b, err := os.ReadFile(f); err == nil {
				add(f, b)
			}
		}
	}
	for _, pattern := range []string{"testdata/route/*.txtar", "trailtest/testdata/*.txtar"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			a, err := txtar.ParseFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, file := range a.Files {
				if strings.HasSuffix(file.Name, ".json") && !strings.Contains(file.Name, "deployment") {
					add(f+" "+file.Name, file.Data)
				}
			}
		}
	}
	return out
}

// TestFactsAgree runs every record through every consumer of the facts
// about a record and fails on any disagreement: the recipient account
// (event.Record.Recipient), the category (Record.Category), whether it is
// an Insights event (Record.IsInsight, InsightOn, selector.SelectsInsight),
// whether it is a global service event (trail.IsGlobalServiceEvent), the
// Region it is recorded in (Record.RecordedRegion) and its delivery folder
// (trail.KindOf), as the Router, the selector matcher and trailtest's
// event history use them.
func TestFactsAgree(t *testing.T) {
	recs := agreementRecords(t)
	if len(recs) < 40 {
		t.Fatalf("only %d records found; the testdata folders moved?", len(recs))
	}
	yes := true
	allInsights := []selector.Insight{
		{InsightType: selector.APICallRateInsight, EventCategories: []string{"Management", "Data"}},
		{InsightType: selector.APIErrorRateInsight, EventCategories: []string{"Management", "Data"}},
	}
	mgmt, err := selector.Compile([]selector.Advanced{{Fields: []selector.Field{{Field: "eventCategory", Equals: []string{"Management"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	routers := map[string]*trail.Router{}
	var checked, delivered int
	for _, ar := range recs {
		rec, from := ar.rec, ar.from
		cat, _ := rec.Category()
		acct, reg, kind := rec.Recipient(), rec.RecordedRegion(), trail.KindOf(rec)
		global := trail.IsGlobalServiceEvent(rec)
		fail := func(format string, args ...any) {
			t.Helper()
			t.Errorf("%s: record %s %s (%s): "+format, append([]any{from, rec.EventID, rec.EventName, cat}, args...)...)
		}

		// Category, insight and folder, among themselves and with the
		// selector package.
		typ, on, isIns := rec.InsightOn()
		if rec.IsInsight() != (cat == event.CategoryInsight) || isIns != rec.IsInsight() || (kind == trail.InsightFiles) != rec.IsInsight() {
			fail("IsInsight %v, InsightOn %v, KindOf %v disagree", rec.IsInsight(), isIns, kind)
		}
		if wantKind := map[event.Category]trail.FileKind{event.CategoryInsight: trail.InsightFiles, event.CategoryNetworkActivity: trail.NetworkActivityFiles, event.CategoryAggregated: trail.AggregatedFiles}[cat]; wantKind != 0 && kind != wantKind {
			fail("KindOf %v for category %s", kind, cat)
		}
		if got := selector.SelectsInsight(allInsights, rec); got != (isIns && (typ == "ApiCallRateInsight" || typ == "ApiErrorRateInsight")) {
			fail("selector.SelectsInsight %v; InsightOn says %q on %s", got, typ, on)
		}
		if got := mgmt.Match(rec); got != (cat == event.CategoryManagement) {
			fail("a management selector matches %v", got)
		}
		if global && (cat == event.CategoryInsight || cat == event.CategoryAggregated || !region.IsGlobalService(rec.EventSource)) {
			fail("global service event of source %q", rec.EventSource)
		}

		// The Router: a multi-Region trail of the recipient logging
		// everything the record could need delivers it to the recipient's
		// folder of the recorded Region, in KindOf's folder.
		p, known := region.PartitionOf(reg)
		if len(acct) != 12 || strings.Trim(acct, "0123456789") != "" || !known {
			continue // no trail can be made for it (a doc example's 11-digit account)
		}
		key := acct + " " + reg
		rt := routers[key]
		if rt == nil {
			home := p.GlobalEventRegion
			if home == "" {
				home = reg
			}
			sels := []selector.Advanced{{Fields: []selector.Field{{Field: "eventCategory", Equals: []string{"Management"}}}}}
			for _, ty := range []string{selector.S3Object, selector.LambdaFunction, selector.DynamoDBTable, "AWS::SNS::Topic", "AWS::S3Express::Object", "AWS::SQS::Queue"} {
				sels = append(sels, selector.Advanced{Fields: []selector.Field{
					{Field: "eventCategory", Equals: []string{"Data"}}, {Field: "resources.type", Equals: []string{ty}}}})
			}
			d := &trail.Deployment{Trails: []trail.Trail{{
				Name: "everything", TrailARN: "arn:" + p.ID + ":cloudtrail:" + home + ":" + acct + ":trail/everything",
				HomeRegion: home, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: &yes, S3BucketName: "b",
				AdvancedEventSelectors: sels, InsightSelectors: allInsights,
				AggregationConfigurations: []selector.Aggregation{{EventCategory: "Data", Templates: selector.AggregationTemplates()}},
			}}}
			if !region.IsEnabledByDefault(reg) {
				d.Accounts = map[string]trail.Account{acct: {EnabledRegions: []string{reg}}}
			}
			if rt, err = trail.NewRouter(d); err != nil {
				t.Fatalf("%s: %v", from, err)
			}
			routers[key] = rt
		}
		res := rt.Route(rec)
		checked++
		for _, s := range res.Skipped {
			switch s.Code {
			case trail.NoAccount, trail.OtherAccount, trail.UnknownRegion, trail.OtherPartition, trail.RegionNotEnabled, trail.RegionNotCovered:
				fail("the Router skips the recipient's own trail covering %s: %s: %s", reg, s.Code, s.Reason)
			case trail.NotSelected:
				if cat == event.CategoryManagement {
					fail("a management event not selected by a management selector: %s", s.Reason)
				}
			case trail.InsightNotSelected, trail.NoInsightSelectors:
				if typ == "ApiCallRateInsight" || typ == "ApiErrorRateInsight" {
					fail("Insights event of type %s not delivered: %s", typ, s.Reason)
				}
			case trail.AggregationTemplateNotConfigured, trail.NoAggregation:
				if rec.AggregationTemplate() != "" {
					fail("aggregated event of template %s not delivered: %s", rec.AggregationTemplate(), s.Reason)
				}
			}
		}
		for _, dl := range res.Deliveries {
			delivered++
			if dl.Account != acct || dl.Region != reg || dl.Kind != kind || !strings.Contains(dl.KeyPrefix, "/"+acct+"/"+kind.String()+"/"+reg+"/") {
				fail("delivered to account %s Region %s folder %v (%s); the facts say %s, %s, %v", dl.Account, dl.Region, dl.Kind, dl.KeyPrefix, acct, reg, kind)
			}
		}

		// trailtest's event history: management and Insights events are
		// in the recipient's history of the recorded Region; before
		// 2021-11-22 a global service event shows in every Region of the
		// partition, others only in their own.
		if (cat != event.CategoryManagement && cat != event.CategoryInsight) || rec.EventID == "" || rec.Time().IsZero() {
			continue
		}
		h := &trailtest.History{Now: func() time.Time { return rec.Time().Add(time.Hour) }}
		h.Add(rec)
		in := &trailtest.LookupEventsInput{LookupAttributes: []trailtest.LookupAttribute{{AttributeKey: "EventId", AttributeValue: rec.EventID}}}
		if cat == event.CategoryInsight {
			in.EventCategory = "insight"
		}
		if out, err := h.LookupEvents(acct, reg, in); err != nil || len(out.Events) != 1 {
			fail("event history of %s in %s does not hold it: %v", acct, reg, err)
		}
		if other := otherRegion(p, reg); other != "" && cat == event.CategoryManagement {
			out, err := h.LookupEvents(acct, other, in)
			shown := err == nil && len(out.Events) == 1
			if want := global && !region.DefaultGlobalEventRule().RecordedInHomeOnly(rec.Time()); shown != want {
				fail("event history of %s shows it in %s: %v; global service event %v", acct, other, shown, global)
			}
		}
	}
	if checked < 20 || delivered < 20 {
		t.Errorf("only %d records routed and %d delivered; the test checks too little", checked, delivered)
	}
	t.Logf("%d records, %d routed, %d deliveries checked", len(recs), checked, delivered)
}

// otherRegion returns a Region of partition p other than reg, or "".
func otherRegion(p region.Partition, reg string) string {
	for _, r := range p.Regions() {
		if r.Name != reg && region.IsEnabledByDefault(r.Name) {
			return r.Name
		}
	}
	return ""
}
