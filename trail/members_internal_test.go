package trail

import (
	"slices"
	"testing"
)

// TestSelectorMembers: every member a selector field reads (a bit of
// explainUses, which usesOf sets) is among Members' routeMembers or
// selectorMembers, so that a field added to usesOf without its member
// fails here rather than leave the member undecoded.
func TestSelectorMembers(t *testing.T) {
	inRoute := map[explainUses]string{usesSource: "eventSource", usesName: "eventName", usesType: "eventType"}
	for bit := explainUses(1); bit < usesUnknown; bit <<= 1 {
		if m, ok := inRoute[bit]; ok {
			if !slices.Contains(routeMembers, m) {
				t.Errorf("uses bit %#x: %s is not among routeMembers", bit, m)
			}
			continue
		}
		if !slices.ContainsFunc(selectorMembers, func(s selectorMember) bool { return s.uses == bit }) {
			t.Errorf("uses bit %#x: no member in selectorMembers", bit)
		}
	}
}
