package selector_test

import (
	"testing"

	"github.com/trailmap/trailmap/selector"
)

// TestProject: a Set seen through eventSource holds the sources of its
// events, whatever their other fields, and only those.
func TestProject(t *testing.T) {
	f := func(field string, eq ...string) selector.Field { return selector.Field{Field: field, Equals: eq} }
	tests := []struct {
		reason string
		sels   []selector.Advanced
		source string
		want   bool
	}{
		{"a source the selector names", []selector.Advanced{{Fields: []selector.Field{f("eventCategory", "Data"), f("eventSource", "s3.amazonaws.com")}}}, "s3.amazonaws.com", true},
		{"another source", []selector.Advanced{{Fields: []selector.Field{f("eventCategory", "Data"), f("eventSource", "s3.amazonaws.com")}}}, "lambda.amazonaws.com", false},
		{"no condition on eventSource: every source", []selector.Advanced{{Fields: []selector.Field{f("eventCategory", "Data"), f("eventName", "PutObject")}}}, "lambda.amazonaws.com", true},
		{"a selector that selects nothing projects to nothing", []selector.Advanced{{Fields: []selector.Field{f("readOnly", "true"), f("readOnly", "false"), f("eventSource", "s3.amazonaws.com")}}}, "s3.amazonaws.com", false},
		{"the union of two selectors' sources", []selector.Advanced{{Fields: []selector.Field{f("eventSource", "s3.amazonaws.com")}}, {Fields: []selector.Field{f("eventSource", "sns.amazonaws.com")}}}, "sns.amazonaws.com", true},
	}
	for _, tc := range tests {
		p := selector.SetOf(tc.sels).Project(selector.FieldEventSource)
		// Fields other than eventSource are free: the management category
		// and a write are in the projection when the source is.
		got := p.Contains(selector.Point{EventCategory: "Management", EventSource: tc.source, ReadOnly: "false", SessionCredentialFromConsole: "false"})
		if got != tc.want {
			t.Errorf("%s: Project holds %s = %v, want %v", tc.reason, tc.source, got, tc.want)
		}
	}
}
