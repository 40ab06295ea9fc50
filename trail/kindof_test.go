package trail_test

import (
	"testing"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
)

// TestKindOf pins the folder of each kind of record, and that an
// aggregated event is told by the same rule (event.Record.IsAggregated)
// as its eventId and accountId are read by, whatever its eventCategory
// says.
func TestKindOf(t *testing.T) {
	tests := []struct {
		name string
		rec  *event.Record
		want trail.FileKind
		why  string
	}{
		{"nil", nil, trail.LogFiles, "no record: the CloudTrail folder"},
		{"management", &event.Record{EventCategory: event.CategoryManagement}, trail.LogFiles, "management events go to CloudTrail/"},
		{"data", &event.Record{EventCategory: event.CategoryData}, trail.LogFiles, "data events go to CloudTrail/ too"},
		{"insight", &event.Record{EventType: event.AwsCloudTrailInsight, EventCategory: event.CategoryInsight}, trail.InsightFiles, "Insights go to CloudTrail-Insight/"},
		{"insight by type", &event.Record{EventType: event.AwsCloudTrailInsight}, trail.InsightFiles, "an Insights record without eventCategory (before 1.07) is told by its eventType"},
		{"network activity", &event.Record{EventCategory: event.CategoryNetworkActivity}, trail.NetworkActivityFiles, "network activity goes to CloudTrail-NetworkActivity/"},
		{"aggregated", &event.Record{EventType: event.AwsAggregatedEvent, EventCategory: event.CategoryAggregated}, trail.AggregatedFiles, "the documented aggregated record carries both"},
		{"aggregated by type", &event.Record{EventType: event.AwsAggregatedEvent}, trail.AggregatedFiles, "eventType alone makes it aggregated"},
		{"aggregated by category", &event.Record{EventCategory: event.CategoryAggregated}, trail.AggregatedFiles, "eventCategory alone makes it aggregated"},
		{"aggregated type, data category", &event.Record{EventType: event.AwsAggregatedEvent, EventCategory: event.CategoryData}, trail.AggregatedFiles, "IsAggregated, which ID and Recipient follow, says aggregated: its eventId and accountId are read as an aggregated event's, so it is delivered as one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := trail.KindOf(tt.rec); got != tt.want {
				t.Errorf("KindOf = %v, want %v (%s)", got, tt.want, tt.why)
			}
		})
	}
}
