package region_test

import (
	"strings"
	"testing"

	"github.com/trailmap/trailmap/region"
)

func TestParseEndpoint(t *testing.T) {
	type E = region.Endpoint
	tests := []struct {
		host   string
		want   E
		wantOK bool
		reason string
	}{
		// STS (IAM User Guide, "AWS STS Regions and endpoints").
		{"sts.amazonaws.com", E{Service: "sts", Region: "us-east-1", Partition: "aws", Global: true}, true, "STS global endpoint, logged in us-east-1"},
		{"sts.us-west-2.amazonaws.com", E{Service: "sts", Region: "us-west-2", Partition: "aws"}, true, "STS Regional endpoint"},
		{"sts.us-east-1.amazonaws.com", E{Service: "sts", Region: "us-east-1", Partition: "aws"}, true, "Regional endpoint in us-east-1 is not the global one"},
		{"sts-fips.us-east-2.amazonaws.com", E{Service: "sts", Region: "us-east-2", Partition: "aws", FIPS: true}, true, "FIPS endpoint (botocore endpoints.json)"},
		{"sts.af-south-1.amazonaws.com", E{Service: "sts", Region: "af-south-1", Partition: "aws"}, true, "opt-in Region endpoint"},
		{"sts.cn-north-1.amazonaws.com.cn", E{Service: "sts", Region: "cn-north-1", Partition: "aws-cn"}, true, "China suffix"},
		{"sts.us-gov-west-1.amazonaws.com", E{Service: "sts", Region: "us-gov-west-1", Partition: "aws-us-gov"}, true, "GovCloud shares amazonaws.com; the Region decides"},
		{"sts.us-east-1.api.aws", E{Service: "sts", Region: "us-east-1", Partition: "aws", DualStack: true}, true, "dual-stack suffix"},
		{"sts-fips.us-gov-east-1.api.aws", E{Service: "sts", Region: "us-gov-east-1", Partition: "aws-us-gov", FIPS: true, DualStack: true}, true, "GovCloud shares api.aws too"},
		{"sts.ap-southeast-9.amazonaws.com", E{Service: "sts", Region: "ap-southeast-9", Partition: "aws"}, true, "a Region newer than the table still parses"},
		// IAM and CloudFront partition endpoints (botocore endpoints.json).
		{"iam.amazonaws.com", E{Service: "iam", Region: "us-east-1", Partition: "aws", Global: true}, true, "IAM has only a global endpoint"},
		{"iam-fips.amazonaws.com", E{Service: "iam", Region: "us-east-1", Partition: "aws", Global: true, FIPS: true}, true, "IAM FIPS endpoint"},
		{"iam.global.api.aws", E{Service: "iam", Region: "us-east-1", Partition: "aws", Global: true, DualStack: true}, true, "IAM dual-stack endpoint"},
		{"iam.us-gov.amazonaws.com", E{Service: "iam", Region: "us-gov-west-1", Partition: "aws-us-gov", Global: true}, true, "GovCloud IAM"},
		{"iam.cn-north-1.amazonaws.com.cn", E{Service: "iam", Region: "cn-north-1", Partition: "aws-cn", Global: true}, true, "China IAM looks Regional but is the partition endpoint"},
		{"cloudfront.amazonaws.com", E{Service: "cloudfront", Region: "us-east-1", Partition: "aws", Global: true}, true, "CloudFront"},
		{"route53.us-gov.amazonaws.com", E{Service: "route53", Region: "us-gov-west-1", Partition: "aws-us-gov", Global: true}, true, "<service>.us-gov.amazonaws.com pattern"},
		// AWS Sign-In (General Reference, "AWS Sign-In endpoints and quotas").
		{"signin.aws.amazon.com", E{Service: "signin", Region: "us-east-1", Partition: "aws", Global: true}, true, "global sign-in endpoint"},
		{"us-east-2.signin.aws.amazon.com", E{Service: "signin", Region: "us-east-2", Partition: "aws"}, true, "Regional sign-in endpoint"},
		{"us-east-1.signin.aws.amazon.com", E{Service: "signin", Region: "us-east-1", Partition: "aws"}, true, "Regional sign-in in us-east-1 (CloudTrail sign-in examples)"},
		{"111122223333.signin.aws.amazon.com", E{Service: "signin", Region: "us-east-1", Partition: "aws", Global: true}, true, "account sign-in URL is the global endpoint"},
		{"my-alias.signin.aws.amazon.com", E{Service: "signin", Region: "us-east-1", Partition: "aws", Global: true}, true, "account alias sign-in URL"},
		{"signin.amazonaws-us-gov.com", E{Service: "signin", Region: "us-gov-west-1", Partition: "aws-us-gov", Global: true}, true, "GovCloud sign-in"},
		{"us-gov-east-1.signin.amazonaws-us-gov.com", E{Service: "signin", Region: "us-gov-east-1", Partition: "aws-us-gov"}, true, "GovCloud Regional sign-in"},
		{"us-gov-west-1.signin-fips.amazonaws-us-gov.com", E{Service: "signin", Region: "us-gov-west-1", Partition: "aws-us-gov", FIPS: true}, true, "GovCloud FIPS sign-in (botocore signin rules)"},
		{"signin.amazonaws.cn", E{Service: "signin", Region: "cn-north-1", Partition: "aws-cn", Global: true}, true, "China sign-in"},
		{"cn-north-1.signin.aws.amazon.com", E{}, false, "a China Region under the aws sign-in domain"},
		{"signin.us-east-1.api.aws", E{Service: "signin", Region: "us-east-1", Partition: "aws", DualStack: true}, true, "sign-in API dual-stack host"},
		// S3 forms.
		{"my-bucket.s3.us-east-1.amazonaws.com", E{Service: "s3", Region: "us-east-1", Partition: "aws"}, true, "virtual-hosted bucket: the bucket label is ignored"},
		{"my.dotted.bucket.s3.eu-west-1.amazonaws.com", E{Service: "s3", Region: "eu-west-1", Partition: "aws"}, true, "dotted bucket name"},
		{"s3.dualstack.us-west-2.amazonaws.com", E{Service: "s3", Region: "us-west-2", Partition: "aws", DualStack: true}, true, "legacy dual-stack form"},
		{"s3-fips.dualstack.us-east-1.amazonaws.com", E{Service: "s3", Region: "us-east-1", Partition: "aws", FIPS: true, DualStack: true}, true, "FIPS dual-stack"},
		{"bucket.s3-us-west-2.amazonaws.com", E{Service: "s3", Region: "us-west-2", Partition: "aws"}, true, "legacy s3-<region> form"},
		{"bucket.s3.amazonaws.com", E{Service: "s3", Region: "us-east-1", Partition: "aws", Global: true}, true, "legacy global S3 endpoint"},
		{"vpce-0123456789abcdef0-abcdefgh.sts.us-east-1.vpce.amazonaws.com", E{Service: "sts", Region: "us-east-1", Partition: "aws"}, true, "VPC endpoint DNS name"},
		// Normalisation.
		{"STS.US-WEST-2.AMAZONAWS.COM", E{Service: "sts", Region: "us-west-2", Partition: "aws"}, true, "DNS is case-insensitive"},
		{"sts.amazonaws.com.", E{Service: "sts", Region: "us-east-1", Partition: "aws", Global: true}, true, "fully qualified"},
		{"sts.us-west-2.amazonaws.com:443", E{Service: "sts", Region: "us-west-2", Partition: "aws"}, true, "host header with port"},
		{"ec2.us-iso-east-1.c2s.ic.gov", E{Service: "ec2", Region: "us-iso-east-1", Partition: "aws-iso"}, true, "ISO suffix"},
		{"ec2.eusc-de-east-1.amazonaws.eu", E{Service: "ec2", Region: "eusc-de-east-1", Partition: "aws-eusc"}, true, "EUSC suffix"},
		// Not endpoints.
		{"", E{}, false, "empty"},
		{"amazonaws.com", E{}, false, "bare suffix"},
		{"example.com", E{}, false, "not AWS"},
		{"us-east-1.amazonaws.com", E{}, false, "Region with no service"},
		{"sts.cn-north-1.amazonaws.com", E{}, false, "China Region under the commercial suffix"},
		{"sts.us-east-1.amazonaws.com.cn", E{}, false, "commercial Region under the China suffix"},
		{"ec2.us-north-2r.amazonaws.com", E{}, false, "anonymised Region name: Region-shaped, so not a global service"},
		{"sts..amazonaws.com", E{}, false, "empty label"},
		{"sts.amazonaws.com:https", E{}, false, "non-numeric port"},
		{"[::1]:443", E{}, false, "IP literal"},
		{"sts amazonaws.com", E{}, false, "space"},
		{"api.aws", E{}, false, "bare dual-stack suffix"},
		{"sts.api.aws", E{}, false, "dual-stack host must name a Region or global"},
		{"clientProvidedHostHeader", E{}, false, "placeholder seen in published records"},
		{"iam.global.amazonaws.com", E{}, false, "global names a dual-stack partition endpoint only"},
		{"dualstack.amazonaws.com", E{}, false, "dualstack is not a service"},
		{"dualstack.us-east-1.amazonaws.com", E{}, false, "dual-stack form without a service"},
		{"vpce.us-east-1.vpce.amazonaws.com", E{}, false, "VPC endpoint form without a service"},
		{strings.Repeat("a", 64) + ".amazonaws.com", E{}, false, "label over 63 bytes"},
	}
	for _, tt := range tests {
		got, ok := region.ParseEndpoint(tt.host)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ParseEndpoint(%q) = %+v, %v; want %+v, %v (%s)", tt.host, got, ok, tt.want, tt.wantOK, tt.reason)
		}
	}
}

// FuzzParseEndpoint checks ParseEndpoint never panics, that a parsed
// endpoint's Region lies in its partition, and that parsing does not
// depend on case, a trailing dot or a port.
func FuzzParseEndpoint(f *testing.F) {
	for _, s := range []string{
		"sts.amazonaws.com", "sts.us-west-2.amazonaws.com", "signin.aws.amazon.com", "us-east-2.signin.aws.amazon.com",
		"iam.amazonaws.com", "iam.global.api.aws", "s3-fips.dualstack.us-east-1.amazonaws.com", "sts.cn-north-1.amazonaws.com.cn",
		"iam.us-gov.amazonaws.com", "bucket.s3-us-west-2.amazonaws.com", "vpce-1.sts.us-east-1.vpce.amazonaws.com",
		"111122223333.signin.aws.amazon.com", "x.eu-isoe.cloud.adc-e.uk", "sts.us-east-1.amazonaws.com:443", "a..b", ":", ".",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, host string) {
		e, ok := region.ParseEndpoint(host)
		if !ok {
			if e != (region.Endpoint{}) {
				t.Fatalf("ParseEndpoint(%q) = %+v with ok false", host, e)
			}
			return
		}
		if e.Service == "" || e.Region == "" {
			t.Fatalf("ParseEndpoint(%q) = %+v: empty service or Region", host, e)
		}
		p, pok := region.PartitionOf(e.Region)
		if !pok || p.ID != e.Partition {
			t.Fatalf("ParseEndpoint(%q) = %+v: Region is in partition %q (%v)", host, e, p.ID, pok)
		}
		if _, known := region.Lookup(e.Region); !known {
			if _, wellFormed := region.Infer(e.Region); !wellFormed {
				t.Fatalf("ParseEndpoint(%q) = %+v: Region neither known nor well-formed", host, e)
			}
		}
		for _, variant := range []string{strings.ToUpper(host), host + ".", host + ":443"} {
			if strings.HasSuffix(host, ".") || strings.Contains(host, ":") {
				break
			}
			if e2, ok2 := region.ParseEndpoint(variant); !ok2 || e2 != e {
				t.Fatalf("ParseEndpoint(%q) = %+v, %v; ParseEndpoint(%q) = %+v", variant, e2, ok2, host, e)
			}
		}
	})
}
