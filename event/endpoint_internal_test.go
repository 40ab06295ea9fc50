package event

import "testing"

var endpointTypeTests = []struct{ in, want, reason string }{
	{`{"RequestDetails":{"awsServingRegion":"eu-west-1","endpointType":"global"}}`, "global", "global"},
	{`{"RequestDetails":{"endpointType" :  "regional"}}`, "regional", "spaces around the colon"},
	{`{"RequestDetails":{"endpointType":null}}`, "", "null"},
	{`{"endpointType":"global"}`, "", "endpointType outside RequestDetails"},
	{`{"RequestDetails":{"endpointType"`, "", "truncated"},
	{`{"MFAUsed":"No","RequestDetails":{"awsServingRegion":"us-west-2","endpointType":"regional"}}`, "regional", "after other members"},
	{``, "", "absent"},
}

func TestEndpointTypeOf(t *testing.T) {
	for _, tt := range endpointTypeTests {
		if got := endpointTypeOf([]byte(tt.in)); got != tt.want {
			t.Errorf("%s: endpointTypeOf(%s) = %q, want %q", tt.reason, tt.in, got, tt.want)
		}
	}
}

// FuzzEndpointType: the allocation-free scan of EndpointType agrees
// with Record.Endpoint on every well-formed additionalEventData in which
// "endpointType" occurs only inside RequestDetails, and never panics.
func FuzzEndpointType(f *testing.F) {
	for _, tt := range endpointTypeTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := endpointTypeOf([]byte(s))
		rec, err := ParseRecord([]byte(`{"eventSource":"sts.amazonaws.com","additionalEventData":` + s + `}`))
		if err != nil || !onlyInRequestDetails(s) {
			return
		}
		if want := rec.Endpoint().EndpointType; (want == "global" || want == "regional") && got != want {
			t.Fatalf("endpointTypeOf(%s) = %q, Record.Endpoint says %q", s, got, want)
		}
	})
}

// onlyInRequestDetails reports whether "endpointType" occurs once, after
// the only "RequestDetails", and no string holds an escaped quote (which
// a scan for member names could take for a name).
func onlyInRequestDetails(s string) bool {
	count := func(sub string) int {
		n := 0
		for i := 0; i+len(sub) <= len(s); i++ {
			if s[i:i+len(sub)] == sub {
				n++
			}
		}
		return n
	}
	return count(`"endpointType"`) == 1 && count(`"RequestDetails"`) == 1 && count(`\`) == 0
}
