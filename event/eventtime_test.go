package event_test

import (
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
)

// Absent, the zero instant and text that is not a time are three
// different things, and decode→encode keeps each as it came.
func TestEventTimeStates(t *testing.T) {
	for _, tc := range []struct {
		name     string
		member   string // the eventTime member, "" for none
		has      bool   // HasEventTime
		text     string // EventTimeText
		textOK   bool
		occurred bool
	}{
		{"Absent", ``, false, "", false, false},
		{"ZeroInstant", `"eventTime":"0001-01-01T00:00:00Z"`, true, "0001-01-01T00:00:00Z", true, true},
		{"Plain", `"eventTime":"2023-05-01T12:00:00Z"`, true, "2023-05-01T12:00:00Z", true, true},
		{"Unparseable", `"eventTime":"soon"`, false, "soon", true, false},
		{"Empty", `"eventTime":""`, false, "", true, false},
		{"NotAString", `"eventTime":17`, false, "17", true, false},
		{"Null", `"eventTime":null`, false, "null", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := `{"eventName":"X"`
			if tc.member != "" {
				in += "," + tc.member
			}
			in += "}"
			var r event.Record
			if err := r.DecodeString(in); err != nil {
				t.Fatal(err)
			}
			if got := r.HasEventTime(); got != tc.has {
				t.Errorf("HasEventTime = %v, want %v", got, tc.has)
			}
			if text, ok := r.EventTimeText(); text != tc.text || ok != tc.textOK {
				t.Errorf("EventTimeText = %q, %v, want %q, %v", text, ok, tc.text, tc.textOK)
			}
			if _, ok := r.Occurred(); ok != tc.occurred {
				t.Errorf("Occurred ok = %v, want %v", ok, tc.occurred)
			}
			if out := string(r.AppendJSON(nil)); out != in {
				t.Errorf("encode %s, want %s", out, in)
			}
		})
	}
}

// A time set by the caller counts; clearing a decoded one removes it.
func TestEventTimeSetByCaller(t *testing.T) {
	var r event.Record
	if r.HasEventTime() {
		t.Error("zero Record has an eventTime")
	}
	r.EventTime = time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	if !r.HasEventTime() {
		t.Error("a time set by the caller is not seen")
	}
	if err := r.DecodeString(`{"eventTime":"0001-01-01T00:00:00Z"}`); err != nil {
		t.Fatal(err)
	}
	r.EventTime = time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	if got := string(r.AppendJSON(nil)); got != `{"eventTime":"2023-05-01T00:00:00Z"}` {
		t.Errorf("changed time written as %s", got)
	}
	if err := r.DecodeString(`{"eventTime":"2023-05-01T00:00:00Z"}`); err != nil {
		t.Fatal(err)
	}
	r.EventTime = time.Time{}
	if r.HasEventTime() {
		t.Error("a cleared eventTime is still seen")
	}
}
