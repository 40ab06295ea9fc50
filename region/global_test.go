package region_test

import (
	"slices"
	"testing"
	"time"

	"github.com/trailmap/trailmap/region"
)

func TestIsGlobalService(t *testing.T) {
	tests := []struct {
		source string
		want   bool
		reason string
	}{
		{"iam.amazonaws.com", true, "IAM is global (CloudTrail concepts, Global service events)"},
		{"sts.amazonaws.com", true, "STS through its global endpoint is global"},
		{"cloudfront.amazonaws.com", true, "CloudFront is global"},
		{"signin.amazonaws.com", true, "console sign-in through the global endpoint is global"},
		{"route53.amazonaws.com", false, "Route 53 is called global only by third parties"},
		{"organizations.amazonaws.com", false, "Organizations events are ordinary us-east-1 events"},
		{"s3.amazonaws.com", false, "Regional service"},
		{"IAM.amazonaws.com", false, "event sources are matched exactly"},
		{"", false, "empty"},
	}
	for _, tt := range tests {
		if got := region.IsGlobalService(tt.source); got != tt.want {
			t.Errorf("IsGlobalService(%q) = %v, want %v (%s)", tt.source, got, tt.want, tt.reason)
		}
	}
}

func TestOriginIsGlobal(t *testing.T) {
	type O = region.Origin
	tests := []struct {
		o      O
		want   bool
		reason string
	}{
		{O{EventSource: "iam.amazonaws.com", AWSRegion: "us-east-1"}, true, "IAM events are always global"},
		{O{EventSource: "cloudfront.amazonaws.com", AWSRegion: "us-east-1"}, true, "CloudFront events are always global"},
		{O{EventSource: "ec2.amazonaws.com", AWSRegion: "us-east-1", HostHeader: "ec2.amazonaws.com"}, false, "not a global service, whatever the host"},
		// STS (IAM User Guide, "AWS STS Regions and endpoints").
		{O{EventSource: "sts.amazonaws.com", AWSRegion: "us-east-1", EndpointType: "global"}, true, "endpointType global"},
		{O{EventSource: "sts.amazonaws.com", AWSRegion: "us-east-1", EndpointType: "regional"}, false, "endpointType regional, even in us-east-1"},
		{O{EventSource: "sts.amazonaws.com", AWSRegion: "us-east-1", EndpointType: "regional", HostHeader: "sts.amazonaws.com"}, false, "endpointType outranks the host header"},
		{O{EventSource: "sts.amazonaws.com", AWSRegion: "us-east-1", HostHeader: "sts.amazonaws.com"}, true, "global host header"},
		{O{EventSource: "sts.amazonaws.com", AWSRegion: "us-east-1", HostHeader: "sts.us-east-1.amazonaws.com"}, false, "Regional host header in us-east-1"},
		{O{EventSource: "sts.amazonaws.com", AWSRegion: "eu-west-1", HostHeader: "sts.eu-west-1.amazonaws.com"}, false, "Regional host header"},
		{O{EventSource: "sts.amazonaws.com", AWSRegion: "us-east-1"}, true, "no hint: STS in us-east-1 taken for the global endpoint"},
		{O{EventSource: "sts.amazonaws.com", AWSRegion: "us-west-2"}, false, "no hint: STS outside us-east-1 is Regional"},
		{O{EventSource: "sts.amazonaws.com", AWSRegion: "us-gov-west-1"}, true, "no hint: GovCloud's global event Region"},
		{O{EventSource: "sts.amazonaws.com", AWSRegion: "us-gov-east-1"}, false, "no hint: other GovCloud Region"},
		{O{EventSource: "sts.amazonaws.com", AWSRegion: "us-west-2", HostHeader: "example.com"}, false, "unparseable host falls back to the Region"},
		{O{EventSource: "sts.amazonaws.com", AWSRegion: "us-north-2r"}, false, "unknown Region, no hint"},
		// Console sign-in (CloudTrail User Guide, "AWS Management Console sign-in events").
		{O{EventSource: "signin.amazonaws.com", AWSRegion: "us-east-1", HostHeader: "signin.aws.amazon.com"}, true, "global sign-in endpoint"},
		{O{EventSource: "signin.amazonaws.com", AWSRegion: "us-east-1", HostHeader: "us-east-1.signin.aws.amazon.com"}, true, "IAM user without alias cookie: the proxy sends the global sign-in to us-east-1's host (guide's example)"},
		{O{EventSource: "signin.amazonaws.com", AWSRegion: "eu-north-1", HostHeader: "eu-north-1.signin.aws.amazon.com"}, true, "latency-routed global sign-in"},
		{O{EventSource: "signin.amazonaws.com", AWSRegion: "ap-south-1", HostHeader: "ap-south-1.signin.aws.amazon.com"}, false, "Regional sign-in endpoint outside the global sign-in Regions"},
		{O{EventSource: "signin.amazonaws.com", AWSRegion: "us-east-1", HostHeader: "ap-south-1.signin.aws.amazon.com"}, false, "a Regional host outside the global sign-in Regions outranks awsRegion"},
		{O{EventSource: "signin.amazonaws.com", AWSRegion: "us-gov-east-1", HostHeader: "us-gov-east-1.signin.amazonaws-us-gov.com"}, false, "GovCloud Regional sign-in"},
		{O{EventSource: "signin.amazonaws.com", AWSRegion: "eu-north-1"}, true, "no hint: IAM user, global endpoint, alias cookie"},
		{O{EventSource: "signin.amazonaws.com", AWSRegion: "us-west-2"}, true, "no hint: root sign-in may be recorded in us-west-2"},
		{O{EventSource: "signin.amazonaws.com", AWSRegion: "ap-south-1"}, false, "no hint: not a global sign-in Region"},
		{O{EventSource: "signin.amazonaws.com", AWSRegion: "us-gov-west-1"}, true, "no hint: GovCloud global event Region"},
		{O{EventSource: "signin.amazonaws.com", AWSRegion: "eu-north-1", HostHeader: "sts.amazonaws.com"}, true, "a host of another service is no evidence"},
	}
	for _, tt := range tests {
		if got := tt.o.IsGlobal(); got != tt.want {
			t.Errorf("%+v.IsGlobal() = %v, want %v (%s)", tt.o, got, tt.want, tt.reason)
		}
	}
}

func TestConsoleSignInRegions(t *testing.T) {
	tests := []struct {
		partition string
		want      []string
		reason    string
	}{
		{"aws", []string{"ap-southeast-2", "eu-north-1", "us-east-1", "us-east-2", "us-west-2"}, "root: us-east-1/2, us-west-2; IAM user: us-east-2, eu-north-1, ap-southeast-2, or us-east-1"},
		{"aws-us-gov", []string{"us-gov-west-1"}, "undocumented: the global event Region"},
		{"aws-cn", []string{"cn-north-1"}, "undocumented: the global event Region"},
		{"nope", nil, "unknown partition"},
	}
	for _, tt := range tests {
		got := region.ConsoleSignInRegions(tt.partition)
		if !slices.Equal(got, tt.want) {
			t.Errorf("ConsoleSignInRegions(%q) = %v, want %v (%s)", tt.partition, got, tt.want, tt.reason)
		}
		if len(got) > 0 {
			got[0] = "mutated"
			if again := region.ConsoleSignInRegions(tt.partition); again[0] == "mutated" {
				t.Errorf("ConsoleSignInRegions(%q) returned shared storage", tt.partition)
			}
		}
	}
}

func TestGlobalEventRule(t *testing.T) {
	def := region.DefaultGlobalEventRule()
	if want := time.Date(2021, 11, 22, 0, 0, 0, 0, time.UTC); !def.Cutover.Equal(want) {
		t.Fatalf("DefaultGlobalEventRule().Cutover = %v, want %v", def.Cutover, want)
	}
	tests := []struct {
		rule   region.GlobalEventRule
		at     string
		want   bool
		reason string
	}{
		{def, "2021-11-21T23:59:59Z", false, "the day before: delivered to every trail with global service events"},
		{def, "2021-11-22T00:00:00Z", true, "the cutover instant itself is after"},
		{def, "2023-05-01T12:00:00Z", true, "long after"},
		{def, "2019-01-01T00:00:00Z", false, "long before"},
		{def, "2021-11-22T00:30:00+01:00", false, "instants compare across zones: this is 23:30 UTC the day before"},
		{region.GlobalEventRule{}, "2010-01-01T00:00:00Z", true, "zero rule: current behaviour at every time"},
		{region.GlobalEventRule{}, "0001-01-01T00:00:00Z", true, "zero rule, zero time"},
		{region.GlobalEventRule{Cutover: time.Date(2021, 11, 23, 0, 0, 0, 0, time.UTC)}, "2021-11-22T12:00:00Z", false, "a caller may move the cutover"},
	}
	for _, tt := range tests {
		at, err := time.Parse(time.RFC3339, tt.at)
		if err != nil {
			t.Fatal(err)
		}
		if got := tt.rule.RecordedInHomeOnly(at); got != tt.want {
			t.Errorf("%v.RecordedInHomeOnly(%s) = %v, want %v (%s)", tt.rule.Cutover, tt.at, got, tt.want, tt.reason)
		}
	}
	// The default is a fresh value: changing one copy leaves the next alone.
	def.Cutover = time.Time{}
	if region.DefaultGlobalEventRule().Cutover.IsZero() {
		t.Error("DefaultGlobalEventRule shares state between calls")
	}
}
