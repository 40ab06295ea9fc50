package trail

import "testing"

func TestSTSEndpointType(t *testing.T) {
	tests := []struct{ in, want, reason string }{
		{`{"RequestDetails":{"awsServingRegion":"eu-west-1","endpointType":"global"}}`, "global", "global"},
		{`{"RequestDetails":{"endpointType" :  "regional"}}`, "regional", "spaces around the colon"},
		{`{"RequestDetails":{"endpointType":null}}`, "", "null"},
		{`{"endpointType"`, "", "truncated"},
		{``, "", "absent"},
	}
	for _, tt := range tests {
		if got := stsEndpointType([]byte(tt.in)); got != tt.want {
			t.Errorf("%s: stsEndpointType(%s) = %q, want %q", tt.reason, tt.in, got, tt.want)
		}
	}
}
