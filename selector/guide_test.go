package selector

import (
	"testing"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/identity"
)

// The worked examples of the CloudTrail user guide page "Filtering data
// events by using advanced event selectors", with the outcomes the page
// states.
func TestMatchUserGuideFiltering(t *testing.T) {
	obj := func(arn string) *event.Record {
		r := s3Data("GetObject", "x", "y", yes())
		r.Resources = []event.Resource{{Type: S3Object, ARN: arn}}
		return r
	}
	// "How CloudTrail evaluates multiple conditions for a field".
	multi := []Advanced{sel("S3Select", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object), Field{
		Field:         FieldResourcesARN,
		Equals:        []string{"arn:aws:s3:::amzn-s3-demo-bucket/object1"},
		StartsWith:    []string{"arn:aws:s3:::amzn-s3-demo-bucket/"},
		EndsWith:      []string{"object3"},
		NotStartsWith: []string{"arn:aws:s3:::amzn-s3-demo-bucket/deselect"},
		NotEndsWith:   []string{"object5"},
		NotEquals:     []string{"arn:aws:s3:::amzn-s3-demo-bucket/object6"},
	})}
	// Example 2: a bucket except one role's calls.
	scanner := []Advanced{sel("S3EventSelector", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object),
		Field{Field: FieldResourcesARN, StartsWith: []string{"arn:aws:s3:::amzn-s3-demo-bucket/"}},
		Field{Field: FieldUserIdentityARN, NotStartsWith: []string{"arn:aws:sts::123456789012:assumed-role/bucket-scanner-role"}})}
	as := func(rec *event.Record, arn string) *event.Record {
		rec.UserIdentity = &identity.UserIdentity{ARN: arn}
		return rec
	}
	// Example 3: all S3 object events except the per-object DeleteObject
	// service events of DeleteObjects.
	deletes := []Advanced{
		sel("Exclude Events for DeleteObject operation", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object),
			Field{Field: FieldEventName, NotEquals: []string{"DeleteObject"}}),
		sel("Exclude DeleteObject Events for individual objects deleted by DeleteObjects Operation", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object),
			eq(FieldEventName, "DeleteObject"), Field{Field: FieldEventType, NotEquals: []string{"AwsServiceEvent"}}),
	}
	serviceEvent := func(rec *event.Record) *event.Record {
		rec.EventType = event.AwsServiceEvent
		return rec
	}
	// Example 4: S3 data events without lifecycle operations.
	lifecycle := []Advanced{sel("Log S3 data events but exclude lifecycle operations", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object),
		Field{Field: FieldEventSource, NotEquals: []string{"s3lifecycle.amazonaws.com"}})}
	fromSource := func(rec *event.Record, src string) *event.Record {
		rec.EventSource = src
		return rec
	}
	tests := []struct {
		name   string
		reason string
		sels   []Advanced
		rec    *event.Record
		want   bool
	}{
		{"multi/object1", "matches Equals and no DESELECT value", multi, obj("arn:aws:s3:::amzn-s3-demo-bucket/object1"), true},
		{"multi/object2", "matches StartsWith and no DESELECT value", multi, obj("arn:aws:s3:::amzn-s3-demo-bucket/object2"), true},
		{"multi/bucket1 object3", "matches EndsWith in another bucket", multi, obj("arn:aws:s3:::amzn-s3-demo-bucket1/object3"), true},
		{"multi/deselectObject4", "NotStartsWith wins over StartsWith", multi, obj("arn:aws:s3:::amzn-s3-demo-bucket/deselectObject4"), false},
		{"multi/object5", "NotEndsWith wins over StartsWith", multi, obj("arn:aws:s3:::amzn-s3-demo-bucket/object5"), false},
		{"multi/object6", "NotEquals wins over StartsWith", multi, obj("arn:aws:s3:::amzn-s3-demo-bucket/object6"), false},
		{"multi/other bucket", "no SELECT value holds", multi, obj("arn:aws:s3:::other/object2"), false},
		{"scanner/user", "other identities are logged", scanner,
			as(obj("arn:aws:s3:::amzn-s3-demo-bucket/k"), "arn:aws:iam::123456789012:user/Alice"), true},
		{"scanner/role", "the scanner role's sessions are excluded", scanner,
			as(obj("arn:aws:s3:::amzn-s3-demo-bucket/k"), "arn:aws:sts::123456789012:assumed-role/bucket-scanner-role/session"), false},
		{"deletes/DeleteObject call", "a DeleteObject API call matches the second selector", deletes, s3Data("DeleteObject", "b", "k", no()), true},
		{"deletes/DeleteObjects per-object event", "the per-object service event is excluded by both selectors", deletes, serviceEvent(s3Data("DeleteObject", "b", "k", no())), false},
		{"deletes/GetObject", "other events match the first selector", deletes, s3Data("GetObject", "b", "k", yes()), true},
		{"lifecycle/user call", "user calls are logged", lifecycle, s3Data("PutObject", "b", "k", no()), true},
		{"lifecycle/expiration", "s3lifecycle.amazonaws.com events are excluded", lifecycle, fromSource(s3Data("DeleteObject", "b", "k", no()), "s3lifecycle.amazonaws.com"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Compile(tt.sels)
			if err != nil {
				t.Fatalf("Compile: %v", err)
			}
			if got := m.Match(tt.rec); got != tt.want {
				t.Errorf("Match = %v, want %v (%s)\n%s", got, tt.want, tt.reason, m.Explain(tt.rec))
			}
		})
	}
}
