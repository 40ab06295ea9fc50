package trail

import "testing"

func TestRegionPartition(t *testing.T) {
	tests := []struct {
		region, want string
		byDefault    bool
		reason       string
	}{
		{"us-east-1", "aws", true, "default commercial Region"},
		{"ap-northeast-3", "aws", true, "default since it launched before 2019-03-20"},
		{"af-south-1", "aws", false, "opt-in Region"},
		{"mx-central-1", "aws", false, "opt-in Region"},
		{"eu-west-9", "aws", false, "a commercial Region newer than the table is opt-in"},
		{"us-gov-west-1", "aws-us-gov", true, "GovCloud: no opt-in"},
		{"cn-northwest-1", "aws-cn", true, "China: no opt-in"},
		{"us-iso-east-1", "aws-iso", true, "ISO"},
		{"us-isob-east-1", "aws-iso-b", true, "ISO-B"},
		{"eu-isoe-west-1", "aws-iso-e", true, "ISO-E"},
		{"us-isof-south-1", "aws-iso-f", true, "ISO-F"},
		{"eusc-de-east-1", "aws-eusc", true, "European Sovereign Cloud"},
		{"euiso-south-3r", "", true, "fictitious (anonymised) Region"},
		{"us-east", "", true, "no number"},
		{"", "", true, "empty"},
		{"us--1", "", true, "empty part"},
		{"US-EAST-1", "", true, "upper case"},
		{"us-east-1-x", "", true, "too many parts"},
	}
	for _, tt := range tests {
		if got := regionPartition(tt.region); got != tt.want {
			t.Errorf("%s: regionPartition(%q) = %q, want %q", tt.reason, tt.region, got, tt.want)
		}
		if tt.want != "" {
			if got := regionEnabledByDefault(tt.region); got != tt.byDefault {
				t.Errorf("%s: regionEnabledByDefault(%q) = %v, want %v", tt.reason, tt.region, got, tt.byDefault)
			}
		}
	}
	if g := globalRegionOf("aws"); g != "us-east-1" {
		t.Errorf("global-event Region of aws = %q", g)
	}
	if g := globalRegionOf("aws-us-gov"); g != "us-gov-west-1" {
		t.Errorf("global-event Region of aws-us-gov = %q", g)
	}
}

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
