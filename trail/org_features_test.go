package trail_test

import (
	"strings"
	"testing"

	"github.com/trailmap/trailmap/trail"
)

// TestOrganizationFeatureSet: an organization trail needs an organization
// with all features enabled (CloudTrail API Reference,
// OrganizationNotInAllFeaturesModeException: "All features must be enabled
// in Organizations to support creating an organization trail"); the
// FeatureSet member of describe-organization says which.
func TestOrganizationFeatureSet(t *testing.T) {
	describe := func(fs string) string {
		return strings.Replace(describeOrganization, `"FeatureSet": "ALL"`, `"FeatureSet": "`+fs+`"`, 1)
	}
	file := func(fs string, orgTrail bool) string {
		return `{"organization": {"Id": "o-exampleorgid", "MasterAccountId": "111122223333", "FeatureSet": "` + fs + `", "Accounts": ["444455556666"]},
		  "trails": [{"Name": "org-audit", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit", "IsMultiRegionTrail": true,
		  "IsOrganizationTrail": ` + map[bool]string{true: "true", false: "false"}[orgTrail] + `, "S3BucketName": "audit"}]}`
	}
	const code = "OrganizationNotInAllFeaturesModeException"
	for _, tc := range []struct {
		reason string
		d      func() (*trail.Deployment, error)
		want   bool // the exception
	}{
		{"describe-organization with FeatureSet CONSOLIDATED_BILLING and an organization trail", func() (*trail.Deployment, error) {
			return trail.AssembleDeployment([]byte(orgDescribeTrails), trail.Output{Data: []byte(describe("CONSOLIDATED_BILLING"))}, trail.Output{Data: []byte(listAccountsPage1)})
		}, true},
		{"describe-organization with FeatureSet ALL", func() (*trail.Deployment, error) {
			return trail.AssembleDeployment([]byte(orgDescribeTrails), trail.Output{Data: []byte(describe("ALL"))}, trail.Output{Data: []byte(listAccountsPage1)})
		}, false},
		{"a deployment file's organization with FeatureSet CONSOLIDATED_BILLING and an organization trail", func() (*trail.Deployment, error) {
			return trail.ParseDeployment([]byte(file("CONSOLIDATED_BILLING", true)))
		}, true},
		{"consolidated billing only, and no organization trail: nothing wrong", func() (*trail.Deployment, error) {
			return trail.ParseDeployment([]byte(file("CONSOLIDATED_BILLING", false)))
		}, false},
	} {
		d, err := tc.d()
		if err != nil {
			t.Fatalf("%s: %v", tc.reason, err)
		}
		err = d.Validate()
		got := err != nil && strings.Contains(err.Error(), "trails[0].IsOrganizationTrail: "+code+": ")
		if got != tc.want {
			t.Errorf("%s: Validate: %v; want %s: %v", tc.reason, err, code, tc.want)
		}
		if !tc.want && err != nil {
			t.Errorf("%s: Validate: %v", tc.reason, err)
		}
	}
}
