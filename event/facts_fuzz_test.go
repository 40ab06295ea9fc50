package event_test

import (
	"testing"

	"github.com/trailmap/trailmap/event"
)

// FuzzRecordFacts: the one-owner facts about a record (Recipient,
// Category, IsInsight, InsightOn, RecordedRegion, Time, EndpointType,
// AggregationTemplate, Aggregated) answer on any record that parses,
// without panicking, and agree with each other. (AggregationTemplate reads
// the first primaryDimension member exactly as spelt, the typed view
// whatever encoding/json picks, so they are compared on the documented
// examples only: TestAggregatedExamples.)
func FuzzRecordFacts(f *testing.F) {
	f.Add(`{"eventType":"AwsAggregatedEvent","accountId":"111122223333","summary":{"primaryDimension":{"dimension":"eventName"}},"timeWindow":{"windowEnd":"2025-11-17T19:25:00Z"}}`)
	f.Add(`{"eventType":"AwsVpceEvent","vpcEndpointAccountId":"444455556666","userIdentity":{"accountId":"111122223333"}}`)
	f.Add(`{"eventType":"AwsCloudTrailInsight","insightDetails":{"eventSource":"s3.amazonaws.com","eventName":"GetObject","insightType":"ApiCallRateInsight"}}`)
	f.Add(`{"eventSource":"sts.amazonaws.com","additionalEventData":{"RequestDetails":{"endpointType":"global"}}}`)
	f.Fuzz(func(t *testing.T, s string) {
		rec, err := event.ParseRecord([]byte(s))
		if err != nil {
			return
		}
		c, _ := rec.Category()
		_, _, isIns := rec.InsightOn()
		if rec.IsInsight() != (c == event.CategoryInsight) || isIns != rec.IsInsight() {
			t.Fatalf("IsInsight %v, InsightOn %v, Category %v disagree", rec.IsInsight(), isIns, c)
		}
		a, aerr := rec.Aggregated()
		if (c == event.CategoryAggregated) != (aerr == nil || a != nil) {
			t.Fatalf("Aggregated %v, %v for category %v", a, aerr, c)
		}
		if tpl := rec.AggregationTemplate(); tpl != "" && c != event.CategoryAggregated {
			t.Fatalf("AggregationTemplate %q of a %v record", tpl, c)
		}
		_, _, _, _ = rec.Recipient(), rec.RecordedRegion(), rec.Time(), rec.EndpointType()
	})
}
