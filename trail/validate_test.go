package trail_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

const (
	mgmtAcct   = "111122223333"
	memberAcct = "444455556666"
	soloAcct   = "123456789012"
)

// mk returns a valid single-Region trail of account in region.
func mk(account, region, name string) trail.Trail {
	return trail.Trail{
		Name:         name,
		TrailARN:     "arn:aws:cloudtrail:" + region + ":" + account + ":trail/" + name,
		HomeRegion:   region,
		S3BucketName: "amzn-s3-demo-bucket",
	}
}

func multi(t trail.Trail) trail.Trail {
	t.IsMultiRegionTrail = true
	return t
}

func org(t trail.Trail) trail.Trail {
	t.IsOrganizationTrail = true
	return t
}

func orgDeployment(trails ...trail.Trail) *trail.Deployment {
	return &trail.Deployment{
		Organization: &trail.Organization{ID: "o-exampleorgid", MasterAccountID: mgmtAcct, Accounts: []string{mgmtAcct, memberAcct}},
		Accounts:     map[string]trail.Account{memberAcct: {EnabledRegions: []string{"af-south-1"}}},
		Trails:       trails,
	}
}

// problem is the comparable part of a *trail.Error.
type problem struct{ Path, Code, Msg string }

func problemsOf(t *testing.T, err error) []problem {
	t.Helper()
	if err == nil {
		return nil
	}
	var es trail.Errors
	if !errors.As(err, &es) {
		t.Fatalf("error %v (%T) is not a trail.Errors", err, err)
	}
	var out []problem
	for _, e := range es {
		out = append(out, problem{e.Path, e.Code, e.Msg})
	}
	return out
}

func TestValidate(t *testing.T) {
	six := func(region string) []trail.Trail {
		var ts []trail.Trail
		for i := range 6 {
			ts = append(ts, mk(soloAcct, region, fmt.Sprintf("trail-%d", i)))
		}
		return ts
	}
	withName := func(name string) *trail.Deployment {
		tr := mk(soloAcct, "us-east-1", "x")
		tr.Name = name
		tr.TrailARN = "arn:aws:cloudtrail:us-east-1:" + soloAcct + ":trail/" + name
		return &trail.Deployment{Trails: []trail.Trail{tr}}
	}
	nameProblem := func(name, msg string) []problem {
		return []problem{{"trails[0].Name", trail.CodeInvalidTrailName, msg}}
	}
	f := false
	for _, tc := range []struct {
		reason string
		d      *trail.Deployment
		want   []problem // nil: valid; Msg "" matches any message
	}{
		{"the design's organization deployment is valid", orgDeployment(org(multi(mk(mgmtAcct, "us-east-1", "org-audit"))), mk(memberAcct, "af-south-1", "app-data")), nil},
		{"a default Region listed in EnabledRegions is accepted", &trail.Deployment{Accounts: map[string]trail.Account{soloAcct: {EnabledRegions: []string{"us-east-1"}}}, Trails: []trail.Trail{mk(soloAcct, "us-east-1", "abc")}}, nil},
		{"names: blank", withName(""), []problem{{"trails[0].Name", trail.CodeInvalidTrailName, "Trail name cannot be blank!"}, {"trails[0].TrailARN", trail.CodeCloudTrailARNInvalid, ""}}},
		{"names: too short (moto/AWS message)", withName("ab"), nameProblem("ab", "Trail name too short. Minimum allowed length: 3 characters. Specified name length: 2 characters.")},
		{"names: too long", withName(strings.Repeat("a", 129)), nameProblem("", "Trail name too long. Maximum allowed length: 128 characters. Specified name length: 129 characters.")},
		{"names: 128 characters is fine", withName(strings.Repeat("a", 128)), nil},
		{"names: space", withName("my trail"), nameProblem("", "Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).")},
		{"names: a space inside is a bad character", withName("a b"), nameProblem("", "Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).")},
		{"names: the first character is checked before the characters (moto's order)", withName(" ab"), nameProblem("", "Trail name must starts with a letter or number.")},
		{"names: must start alphanumeric", withName("-abc"), nameProblem("", "Trail name must starts with a letter or number.")},
		{"names: must end alphanumeric", withName("abc."), nameProblem("", "Trail name must ends with a letter or number.")},
		{"names: my-_namespace (API reference example)", withName("my-_namespace"), nameProblem("", `Trail name or ARN cannot have adjacent periods (.), hyphens (-), or underscores (_).`)},
		{"names: my--namespace (API reference example)", withName("my--namespace"), nameProblem("", `Trail name or ARN cannot have adjacent periods (.), hyphens (-), or underscores (_).`)},
		{"names: IP address format (API reference example)", withName("192.168.5.4"), nameProblem("", "Trail names must not be formatted as an IP address.")},
		{"names: dots, dashes and underscores apart are fine", withName("My.trail_2-x"), nil},
		{"ARN: missing", &trail.Deployment{Trails: []trail.Trail{{Name: "abc", HomeRegion: "us-east-1", S3BucketName: "b-1"}}},
			[]problem{{"trails[0].TrailARN", trail.CodeCloudTrailARNInvalid, "TrailARN is required: the trail's owning account and home Region come from it."}}},
		{"ARN: 11-digit account", &trail.Deployment{Trails: []trail.Trail{{Name: "abc", TrailARN: "arn:aws:cloudtrail:us-east-1:12345678901:trail/abc", S3BucketName: "b-1"}}},
			[]problem{{"trails[0].TrailARN", trail.CodeCloudTrailARNInvalid, ""}}},
		{"ARN: name differs from Name", func() *trail.Deployment {
			tr := mk(soloAcct, "us-east-1", "abc")
			tr.Name = "abd"
			return &trail.Deployment{Trails: []trail.Trail{tr}}
		}(), []problem{{"trails[0].TrailARN", trail.CodeCloudTrailARNInvalid, `The trail name in ARN arn:aws:cloudtrail:us-east-1:123456789012:trail/abc is "abc", not the trail's Name "abd".`}}},
		{"ARN: Region differs from HomeRegion", func() *trail.Deployment {
			tr := mk(soloAcct, "us-east-1", "abc")
			tr.HomeRegion = "us-west-2"
			return &trail.Deployment{Trails: []trail.Trail{tr}}
		}(), []problem{{"trails[0].HomeRegion", trail.CodeCloudTrailARNInvalid, "HomeRegion us-west-2 differs from the Region us-east-1 in TrailARN."}}},
		{"ARN: partition does not match the Region", func() *trail.Deployment {
			tr := mk(soloAcct, "cn-north-1", "abc")
			tr.TrailARN = "arn:aws:cloudtrail:cn-north-1:" + soloAcct + ":trail/abc"
			return &trail.Deployment{Trails: []trail.Trail{tr}}
		}(), []problem{{"trails[0].TrailARN", trail.CodeCloudTrailARNInvalid, ""}}},
		{"ARN: unknown Region", &trail.Deployment{Trails: []trail.Trail{mk(soloAcct, "us-moon-1", "abc")}},
			[]problem{{"trails[0].HomeRegion", trail.CodeInvalidHomeRegion, `Unknown Region "us-moon-1".`}, {"trails[0].TrailARN", trail.CodeCloudTrailARNInvalid, ""}}},
		{"same ARN twice", &trail.Deployment{Trails: []trail.Trail{mk(soloAcct, "us-east-1", "abc"), mk(soloAcct, "us-east-1", "abc")}},
			[]problem{{"trails[1].TrailARN", trail.CodeTrailAlreadyExists, "Trail abc already exists for customer: " + soloAcct}}},
		{"prefix at most 200; a missing bucket is Check's finding, not an error", func() *trail.Deployment {
			a, b := mk(soloAcct, "us-east-1", "abc"), mk(soloAcct, "us-east-1", "abd")
			a.S3BucketName = ""
			b.S3KeyPrefix = strings.Repeat("p", 201)
			return &trail.Deployment{Trails: []trail.Trail{a, b}}
		}(), []problem{
			{"trails[1].S3KeyPrefix", trail.CodeInvalidS3Prefix, "S3KeyPrefix is 201 characters long; the maximum is 200."},
		}},
		{"multi-Region trail without global service events (AWS message)", func() *trail.Deployment {
			tr := multi(mk(soloAcct, "us-east-1", "abc"))
			tr.IncludeGlobalServiceEvents = &f
			return &trail.Deployment{Trails: []trail.Trail{tr}}
		}(), []problem{{"trails[0].IncludeGlobalServiceEvents", trail.CodeInvalidParameterCombination, "Multi-Region trail must include global service events."}}},
		{"single-Region trail without global service events is fine", func() *trail.Deployment {
			tr := mk(soloAcct, "us-east-1", "abc")
			tr.IncludeGlobalServiceEvents = &f
			return &trail.Deployment{Trails: []trail.Trail{tr}}
		}(), nil},
		{"basic and advanced selectors on one trail: InvalidEventSelectorsException (PutEventSelectors errors)", func() *trail.Deployment {
			tr := mk(soloAcct, "us-east-1", "abc")
			tr.EventSelectors = []selector.Basic{{ReadWriteType: selector.All}}
			tr.AdvancedEventSelectors = selector.DefaultManagement()
			return &trail.Deployment{Trails: []trail.Trail{tr}}
		}(), []problem{{"trails[0]", selector.CodeInvalidEventSelectors, "You can use either EventSelectors or AdvancedEventSelectors, but not both."}}},
		{"selector problems come from the selector package under trails[i].", func() *trail.Deployment {
			tr := mk(soloAcct, "us-east-1", "abc")
			tr.EventSelectors = []selector.Basic{{ReadWriteType: "read-only"}}
			return &trail.Deployment{Trails: []trail.Trail{mk(soloAcct, "us-east-1", "abd"), tr}}
		}(), []problem{{"trails[1].EventSelectors[0].ReadWriteType", selector.CodeInvalidEventSelectors, ""}}},
		{"insight precondition: call-rate Insights need write management events", func() *trail.Deployment {
			tr := mk(soloAcct, "us-east-1", "abc")
			tr.EventSelectors = []selector.Basic{{ReadWriteType: selector.ReadOnly}}
			tr.InsightSelectors = []selector.Insight{{InsightType: selector.APICallRateInsight}}
			return &trail.Deployment{Trails: []trail.Trail{tr}}
		}(), []problem{{"trails[0].InsightSelectors[0]", selector.CodeInvalidInsightSelectors, ""}}},
		{"data-event Insights without a data event selector: PutInsightSelectors refuses them", func() *trail.Deployment {
			tr := mk(soloAcct, "us-east-1", "abc")
			tr.InsightSelectors = []selector.Insight{{InsightType: selector.APICallRateInsight, EventCategories: []string{selector.InsightData}}}
			return &trail.Deployment{Trails: []trail.Trail{tr}}
		}(), []problem{{"trails[0].InsightSelectors[0]", selector.CodeInvalidInsightSelectors, ""}}},
		{"the same on describe-trails output saying HasCustomEventSelectors without get-event-selectors output: the selectors AWS checked are unknown, so the preconditions are not judged (Check reports SelectorsNotGiven)", func() *trail.Deployment {
			tr := mk(soloAcct, "us-east-1", "abc")
			tr.HasCustomEventSelectors = true
			tr.InsightSelectors = []selector.Insight{{InsightType: selector.APICallRateInsight, EventCategories: []string{selector.InsightData}}}
			tr.AggregationConfigurations = []selector.Aggregation{{EventCategory: selector.AggregationData, Templates: []string{"API_ACTIVITY"}}}
			return &trail.Deployment{Trails: []trail.Trail{tr}}
		}(), nil},
		{"unknown selectors still leave the values checked", func() *trail.Deployment {
			tr := mk(soloAcct, "us-east-1", "abc")
			tr.HasCustomEventSelectors = true
			tr.InsightSelectors = []selector.Insight{{InsightType: "ApiCallInsight"}}
			return &trail.Deployment{Trails: []trail.Trail{tr}}
		}(), []problem{{"trails[0].InsightSelectors[0].InsightType", selector.CodeInvalidInsightSelectors, ""}}},
		{"organization trail without an organization (a member account's describe-trails): the message names the management account", &trail.Deployment{Trails: []trail.Trail{org(mk(mgmtAcct, "us-east-1", "abc"))}},
			[]problem{{"trails[0].IsOrganizationTrail", trail.CodeOrganizationsNotInUse, `abc is an organization trail of management account 111122223333, and the deployment has no organization to say which accounts it covers: add "organization": {"Id": "o-…", "MasterAccountId": …, "Accounts": […]} to a deployment file, or give the outputs of aws organizations describe-organization and aws organizations list-accounts with the describe-trails output (trailmap: -with FILE -with FILE; Go: trail.AssembleDeployment).`}}},
		{"organization trail owned by a member account", orgDeployment(org(mk(memberAcct, "us-east-1", "abc"))),
			[]problem{{"trails[0].IsOrganizationTrail", trail.CodeNotOrganizationMaster, ""}}},
		{"six single-Region trails in one Region (AWS message)", &trail.Deployment{Trails: six("us-east-1")},
			[]problem{{"trails[5]", trail.CodeMaximumNumberOfTrails, "User: 123456789012 already has 5 trails in us-east-1."}}},
		{"five per Region is fine", &trail.Deployment{Trails: six("us-east-1")[:5]}, nil},
		{"a multi-Region trail counts in every Region: the sixth in eu-west-1", &trail.Deployment{Trails: append(six("eu-west-1")[:5], multi(mk(soloAcct, "us-east-1", "everywhere")))},
			[]problem{{"trails[5]", trail.CodeMaximumNumberOfTrails, "User: 123456789012 already has 5 trails in eu-west-1."}}},
		{"a multi-Region trail counts in the opt-in Regions its account enabled", &trail.Deployment{
			Accounts: map[string]trail.Account{soloAcct: {EnabledRegions: []string{"af-south-1"}}},
			Trails:   append(six("af-south-1")[:5], multi(mk(soloAcct, "us-east-1", "everywhere")))},
			[]problem{{"trails[5]", trail.CodeMaximumNumberOfTrails, "User: 123456789012 already has 5 trails in af-south-1."}}},
		{"... and not in those of another account", &trail.Deployment{
			Accounts: map[string]trail.Account{soloAcct: {EnabledRegions: []string{"af-south-1"}}},
			Trails:   append(six("af-south-1")[:5], multi(mk("210987654321", "us-east-1", "other-account")))}, nil},
		{"an organization trail's copy counts in the member account", orgDeployment(
			mk(memberAcct, "us-east-1", "mem-1"), mk(memberAcct, "us-east-1", "mem-2"), mk(memberAcct, "us-east-1", "mem-3"),
			mk(memberAcct, "us-east-1", "mem-4"), mk(memberAcct, "us-east-1", "mem-5"), org(mk(mgmtAcct, "us-east-1", "org-audit"))),
			[]problem{{"trails[5]", trail.CodeMaximumNumberOfTrails, "User: 444455556666 already has 5 trails in us-east-1."}}},
		{"no copy in a member that has not enabled the organization trail's opt-in home Region", func() *trail.Deployment {
			d := orgDeployment(mk(soloAcct, "eu-west-1", "solo-1"))
			d.Organization.Accounts = append(d.Organization.Accounts, soloAcct)
			d.Accounts[mgmtAcct] = trail.Account{EnabledRegions: []string{"me-south-1"}}
			for i := 2; i <= 5; i++ {
				d.Trails = append(d.Trails, mk(soloAcct, "eu-west-1", fmt.Sprintf("solo-%d", i)))
			}
			d.Trails = append(d.Trails, org(multi(mk(mgmtAcct, "me-south-1", "org-optin"))))
			return d
		}(), nil},
		{"a trail homed in an opt-in Region shows its account enabled that Region (no EnabledRegions entry needed)",
			&trail.Deployment{Trails: []trail.Trail{mk(soloAcct, "af-south-1", "abc")}}, nil},
		{"trails homed in an opt-in Region not listed in EnabledRegions still count toward its quota",
			&trail.Deployment{Trails: six("af-south-1")},
			[]problem{{"trails[5]", trail.CodeMaximumNumberOfTrails, "User: 123456789012 already has 5 trails in af-south-1."}}},
		{"deployment: bad IDs and an unknown Region", &trail.Deployment{
			Organization: &trail.Organization{ID: "o-short", MasterAccountID: "1111", Accounts: []string{"x", mgmtAcct, mgmtAcct}},
			Accounts:     map[string]trail.Account{"12": {EnabledRegions: []string{"moon-1"}}},
		}, []problem{
			{`accounts["12"]`, trail.CodeInvalidDeployment, `Account ID "12" must be 12 digits.`},
			{`accounts["12"].EnabledRegions[0]`, trail.CodeInvalidDeployment, `Unknown Region "moon-1".`},
			{"organization.Accounts[0]", trail.CodeInvalidDeployment, `Account ID "x" must be 12 digits.`},
			{"organization.Accounts[2]", trail.CodeInvalidDeployment, "Account 111122223333 is listed more than once."},
			{"organization.Id", trail.CodeInvalidDeployment, ""},
			{"organization.MasterAccountId", trail.CodeInvalidDeployment, ""},
		}},
		{"every problem at once, sorted with trails[2] before trails[10]", func() *trail.Deployment {
			var ts []trail.Trail
			for i := range 11 {
				ts = append(ts, mk(soloAcct, fmt.Sprintf("%s", []string{"us-east-1", "us-east-2", "us-west-1", "us-west-2"}[i%4]), fmt.Sprintf("t%02d", i)))
			}
			ts[10].Name = "t10-"
			ts[10].TrailARN = "arn:aws:cloudtrail:us-west-1:" + soloAcct + ":trail/t10-"
			ts[2].Name = "t2_"
			ts[2].TrailARN = "arn:aws:cloudtrail:us-west-1:" + soloAcct + ":trail/t2_"
			return &trail.Deployment{Trails: ts}
		}(), []problem{
			{"trails[2].Name", trail.CodeInvalidTrailName, "Trail name must ends with a letter or number."},
			{"trails[10].Name", trail.CodeInvalidTrailName, "Trail name must ends with a letter or number."},
		}},
	} {
		got := problemsOf(t, tc.d.Validate())
		if len(got) != len(tc.want) {
			t.Errorf("%s: got %d problems %+v, want %d %+v", tc.reason, len(got), got, len(tc.want), tc.want)
			continue
		}
		for i := range got {
			w := tc.want[i]
			if w.Msg == "" {
				w.Msg = got[i].Msg
			}
			if got[i] != w {
				t.Errorf("%s: problem %d:\n got %+v\nwant %+v", tc.reason, i, got[i], w)
			}
		}
	}
}

func TestValidateErrorsMatch(t *testing.T) {
	d := &trail.Deployment{Trails: []trail.Trail{mk(soloAcct, "us-east-1", "ab")}}
	err := d.Validate()
	var e *trail.Error
	if !errors.As(err, &e) || e.Code != trail.CodeInvalidTrailName {
		t.Fatalf("errors.As(%v, *trail.Error) = %v, want the InvalidTrailNameException problem", err, e)
	}
	var es trail.Errors
	if !errors.As(err, &es) || !es.Has(trail.CodeInvalidTrailName) || es.Has(trail.CodeMaximumNumberOfTrails) {
		t.Errorf("Errors.Has wrong for %v", err)
	}
	want := "trail: trails[0].Name: InvalidTrailNameException: Trail name too short. Minimum allowed length: 3 characters. Specified name length: 2 characters."
	if err.Error() != want {
		t.Errorf("got %q, want %q", err.Error(), want)
	}
	var nilD *trail.Deployment
	if nilD.Validate() == nil {
		t.Error("nil deployment validated")
	}
}

func TestValidateTestdataDeployments(t *testing.T) {
	d, err := trail.ParseDeployment(readTestdata(t, "deployments/org.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Validate(); err != nil {
		t.Errorf("deployments/org.json: %v", err)
	}
}

func TestRegionEnabled(t *testing.T) {
	d := orgDeployment()
	for _, tc := range []struct {
		reason, account, region string
		want                    bool
	}{
		{"default Region", soloAcct, "eu-west-1", true},
		{"opt-in Region the account enabled", memberAcct, "af-south-1", true},
		{"opt-in Region another account enabled", mgmtAcct, "af-south-1", false},
		{"GovCloud has no opt-in Regions", soloAcct, "us-gov-west-1", true},
	} {
		if got := d.RegionEnabled(tc.account, tc.region); got != tc.want {
			t.Errorf("%s: RegionEnabled(%s, %s) = %v, want %v", tc.reason, tc.account, tc.region, got, tc.want)
		}
	}
	got := d.EnabledRegions(memberAcct, "aws")
	if len(got) != 18 || !reflect.DeepEqual(got[:2], []string{"af-south-1", "ap-northeast-1"}) {
		t.Errorf("EnabledRegions(member, aws) = %q, want the 17 default Regions and af-south-1", got)
	}
}

// The invalid deployments under testdata are rejected with the AWS
// exception and, where AWS's text is known, its message.
func TestValidateInvalidTestdata(t *testing.T) {
	for _, tc := range []struct {
		file, path, code, msg string
	}{
		{"six-trails-with-multi-region.json", "trails[5]", trail.CodeMaximumNumberOfTrails, "User: 123456789012 already has 5 trails in eu-west-1."},
		{"multi-region-without-global-events.json", "trails[0].IncludeGlobalServiceEvents", trail.CodeInvalidParameterCombination, "Multi-Region trail must include global service events."},
		{"basic-and-advanced-selectors.json", "trails[0]", selector.CodeInvalidEventSelectors, "You can use either EventSelectors or AdvancedEventSelectors, but not both."},
		{"invalid-selector.json", "trails[0].EventSelectors[0].DataResources[0].Values[0]", selector.CodeInvalidEventSelectors, "Value arn:aws:s3:::* for DataResources.Values is invalid."},
		{"bad-trail-name.json", "trails[0].Name", trail.CodeInvalidTrailName, `Trail name or ARN cannot have adjacent periods (.), hyphens (-), or underscores (_).`},
		{"org-trail-in-member-account.json", "trails[0].IsOrganizationTrail", trail.CodeNotOrganizationMaster, ""},
	} {
		d, err := trail.ParseDeployment(readTestdata(t, "deployments/invalid/"+tc.file))
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		got := problemsOf(t, d.Validate())
		if len(got) != 1 || got[0].Path != tc.path || got[0].Code != tc.code || (tc.msg != "" && got[0].Msg != tc.msg) {
			t.Errorf("%s: got %+v, want one problem {%s %s %q}", tc.file, got, tc.path, tc.code, tc.msg)
		}
	}
}
