package trail_test

import (
	"testing"

	"github.com/trailmap/trailmap/trail"
)

func TestFindingSeverity(t *testing.T) {
	tests := []struct {
		code   string
		want   trail.Severity
		reason string
	}{
		{trail.FindingNotLogging, trail.SeverityError, "a stopped trail delivers nothing"},
		{trail.FindingLogsNothing, trail.SeverityError, "selectors that select nothing lose every event"},
		{trail.FindingSelectorNeverMatches, trail.SeverityError, "a selector that never matches loses what it names"},
		{trail.FindingDeselectExcludesNothing, trail.SeverityError, "objects meant to be excluded are logged: the trail does not do what it says"},
		{trail.FindingOrgTrailOptInHome, trail.SeverityError, "members without the Region get nothing logged"},
		{trail.FindingNoBucket, trail.SeverityError, "CreateTrail requires a bucket"},
		{trail.FindingGlobalEventsDuplicated, trail.SeverityWarning, "events stored twice cost money, none is lost"},
		{trail.FindingGlobalEventsDuplicatedBefore2021, trail.SeverityWarning, "history, worth knowing when reading old logs"},
		{trail.FindingGlobalEventsNotReceived, trail.SeverityWarning, "the setting has no effect; other trails may receive them"},
		{trail.FindingDefaultRegionListed, trail.SeverityWarning, "the entry changes nothing"},
		{"SomeFutureCode", trail.SeverityWarning, "a code this version does not know is not an error"},
	}
	for _, tt := range tests {
		if got := (trail.Finding{Code: tt.code}).Severity(); got != tt.want {
			t.Errorf("%s: Severity() = %v, want %v (%s)", tt.code, got, tt.want, tt.reason)
		}
	}
	for _, s := range []trail.Severity{trail.SeverityWarning, trail.SeverityError} {
		if got, err := trail.ParseSeverity(s.String()); err != nil || got != s {
			t.Errorf("ParseSeverity(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := trail.ParseSeverity("fatal"); err == nil {
		t.Error("ParseSeverity(\"fatal\") succeeded")
	}
}
