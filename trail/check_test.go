package trail_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

func advanced(fields ...selector.Field) []selector.Advanced {
	return []selector.Advanced{{Name: "sel", Fields: fields}}
}

func eqField(field string, vs ...string) selector.Field {
	return selector.Field{Field: field, Equals: vs}
}

func s3Data(extra ...selector.Field) []selector.Advanced {
	return advanced(append([]selector.Field{eqField(selector.FieldEventCategory, "Data"), eqField(selector.FieldResourcesType, selector.S3Object)}, extra...)...)
}

func TestCheck(t *testing.T) {
	f := false
	arn := func(acct, region, name string) string {
		return "arn:aws:cloudtrail:" + region + ":" + acct + ":trail/" + name
	}
	with := func(tr trail.Trail, edit func(*trail.Trail)) trail.Trail {
		edit(&tr)
		return tr
	}
	type want struct {
		code, path string
		trails     []string
		msg        string // substring
	}
	for _, tc := range []struct {
		reason string
		d      *trail.Deployment
		want   []want
	}{
		{
			"no trail at all: beyond the 90 days of Event history nothing is recorded (CloudTrail User Guide, \"Security best practices in AWS CloudTrail\": create a trail); describe-trails of such an account prints an empty trailList",
			&trail.Deployment{Trails: []trail.Trail{}},
			[]want{{trail.FindingNoTrails, "trails", nil, "no trail"}},
		},
		{"one multi-Region trail: nothing to say", &trail.Deployment{Trails: []trail.Trail{multi(mk(soloAcct, "us-east-1", "main"))}}, nil},
		{
			"a resources.type outside the documented table (Logging data events) is named with the table's date and the nearest type",
			&trail.Deployment{Trails: []trail.Trail{with(multi(mk(soloAcct, "us-east-1", "main")), func(t *trail.Trail) {
				t.AdvancedEventSelectors = advanced(eqField(selector.FieldEventCategory, "Data"), eqField(selector.FieldResourcesType, "AWS::S3::Objects"))
			})}},
			[]want{{trail.FindingUnknownResourceType, "trails[0].AdvancedEventSelectors[0].FieldSelectors[1].Equals[0]", []string{arn(soloAcct, "us-east-1", "main")}, "documented on " + selector.TablesDate + "; the nearest is AWS::S3::Object"}},
		},
		{
			"a trail without a bucket is valid for routing but incomplete: CreateTrail requires S3BucketName",
			&trail.Deployment{Trails: []trail.Trail{with(multi(mk(soloAcct, "us-east-1", "main")), func(t *trail.Trail) { t.S3BucketName = "" })}},
			[]want{{trail.FindingNoBucket, "trails[0].S3BucketName", []string{arn(soloAcct, "us-east-1", "main")}, "names no S3 bucket"}},
		},
		{
			"two multi-Region trails into one bucket and prefix duplicate global events in both eras",
			&trail.Deployment{Trails: []trail.Trail{multi(mk(soloAcct, "us-east-1", "a-1")), multi(mk(soloAcct, "eu-west-1", "b-1"))}},
			[]want{
				{trail.FindingGlobalEventsDuplicated, "", []string{arn(soloAcct, "us-east-1", "a-1"), arn(soloAcct, "eu-west-1", "b-1")}, "stored 2 times"},
				{trail.FindingGlobalEventsDuplicatedBefore2021, "", []string{arn(soloAcct, "us-east-1", "a-1"), arn(soloAcct, "eu-west-1", "b-1")}, "Before 2021-11-22"},
			},
		},
		{
			"different prefixes: no duplicates in one place",
			&trail.Deployment{Trails: []trail.Trail{multi(mk(soloAcct, "us-east-1", "a-1")), with(multi(mk(soloAcct, "eu-west-1", "b-1")), func(t *trail.Trail) { t.S3KeyPrefix = "other" })}},
			nil,
		},
		{
			"single-Region trails in us-east-1 and eu-west-1 with global events: duplicates only before 2021, and the eu-west-1 one receives none now",
			&trail.Deployment{Trails: []trail.Trail{mk(soloAcct, "us-east-1", "east"), mk(soloAcct, "eu-west-1", "west")}},
			[]want{
				{trail.FindingGlobalEventsDuplicatedBefore2021, "", []string{arn(soloAcct, "us-east-1", "east"), arn(soloAcct, "eu-west-1", "west")}, "accounts 123456789012"},
				{trail.FindingGlobalEventsNotReceived, "trails[1].IncludeGlobalServiceEvents", []string{arn(soloAcct, "eu-west-1", "west")}, "recorded only in us-east-1"},
			},
		},
		{
			"a single-Region trail in us-east-2 with global events still receives the console sign-ins recorded there (CloudTrail User Guide, AWS Management Console sign-in events)",
			&trail.Deployment{Trails: []trail.Trail{mk(soloAcct, "us-east-2", "ohio")}},
			[]want{
				{trail.FindingGlobalEventsNotReceived, "trails[0].IncludeGlobalServiceEvents", []string{arn(soloAcct, "us-east-2", "ohio")}, "it can receive only the console sign-in events recorded in us-east-2"},
			},
		},
		{
			"an organization trail and a member's own trail into one bucket: the member's global events twice",
			orgDeployment(org(multi(mk(mgmtAcct, "us-east-1", "org-audit"))), multi(mk(memberAcct, "us-east-1", "own"))),
			[]want{
				{trail.FindingGlobalEventsDuplicated, "", []string{arn(mgmtAcct, "us-east-1", "org-audit"), arn(memberAcct, "us-east-1", "own")}, "accounts 444455556666"},
				{trail.FindingGlobalEventsDuplicatedBefore2021, "", []string{arn(mgmtAcct, "us-east-1", "org-audit"), arn(memberAcct, "us-east-1", "own")}, ""},
			},
		},
		{
			"a trail without management events does not duplicate global events",
			&trail.Deployment{Trails: []trail.Trail{multi(mk(soloAcct, "us-east-1", "a-1")), with(multi(mk(soloAcct, "eu-west-1", "b-1")), func(t *trail.Trail) {
				t.AdvancedEventSelectors = s3Data()
			})}},
			nil,
		},
		{
			"not logging, and basic selectors that select nothing",
			&trail.Deployment{Trails: []trail.Trail{
				with(multi(mk(soloAcct, "us-east-1", "off")), func(t *trail.Trail) { t.IsLogging = &f }),
				with(multi(mk(soloAcct, "us-east-1", "empty")), func(t *trail.Trail) {
					t.S3KeyPrefix = "e"
					t.EventSelectors = []selector.Basic{{ReadWriteType: selector.All, IncludeManagementEvents: &f}}
				}),
			}},
			[]want{
				{trail.FindingLogsNothing, "trails[1].EventSelectors", []string{arn(soloAcct, "us-east-1", "empty")}, "logs nothing"},
				{trail.FindingNotLogging, "trails[0].IsLogging", []string{arn(soloAcct, "us-east-1", "off")}, "not logging"},
			},
		},
		{
			"the S3 NotEquals pitfall (terraform-provider-aws#28582)",
			&trail.Deployment{Trails: []trail.Trail{with(multi(mk(soloAcct, "us-east-1", "data")), func(t *trail.Trail) {
				t.AdvancedEventSelectors = s3Data(selector.Field{Field: selector.FieldResourcesARN, NotEquals: []string{"arn:aws:s3:::audit-bucket/"}})
			})}},
			[]want{{trail.FindingDeselectExcludesNothing, "trails[0].AdvancedEventSelectors[0].FieldSelectors[2]", []string{arn(soloAcct, "us-east-1", "data")}, `Use NotStartsWith "arn:aws:s3:::audit-bucket/"`}},
		},
		{
			"NotStartsWith a bucket is the right way: nothing to say",
			&trail.Deployment{Trails: []trail.Trail{with(multi(mk(soloAcct, "us-east-1", "data")), func(t *trail.Trail) {
				t.AdvancedEventSelectors = s3Data(selector.Field{Field: selector.FieldResourcesARN, NotStartsWith: []string{"arn:aws:s3:::audit-bucket/"}})
			})}},
			nil,
		},
		{
			"Equals an ARN of another service than resources.type, and Equals a bucket: the only selector never matches",
			&trail.Deployment{Trails: []trail.Trail{with(multi(mk(soloAcct, "us-east-1", "data")), func(t *trail.Trail) {
				t.AdvancedEventSelectors = s3Data(eqField(selector.FieldResourcesARN, "arn:aws:lambda:us-east-1:123456789012:function:f", "arn:aws:s3:::bucket"))
			})}},
			[]want{
				{trail.FindingLogsNothing, "trails[0].AdvancedEventSelectors", nil, "none of its advanced event selectors"},
				{trail.FindingSelectorNeverMatches, "trails[0].AdvancedEventSelectors[0].FieldSelectors[2]", nil, "not an ARN of a AWS::S3::Object resource"},
				{trail.FindingSelectorNeverMatches, "trails[0].AdvancedEventSelectors[0].FieldSelectors[2]", nil, "matches no object"},
			},
		},
		{
			"an ARN prefix of a related service (cognito-identity for AWS::Cognito::IdentityPool) is fine",
			&trail.Deployment{Trails: []trail.Trail{with(multi(mk(soloAcct, "us-east-1", "data")), func(t *trail.Trail) {
				t.AdvancedEventSelectors = advanced(eqField(selector.FieldEventCategory, "Data"), eqField(selector.FieldResourcesType, "AWS::Cognito::IdentityPool"),
					selector.Field{Field: selector.FieldResourcesARN, StartsWith: []string{"arn:aws:cognito-identity:us-east-1:123456789012:identitypool/"}})
			})}},
			nil,
		},
		{
			"Equals deselected again, and disjoint Equals on one field",
			&trail.Deployment{Trails: []trail.Trail{with(multi(mk(soloAcct, "us-east-1", "mgmt")), func(t *trail.Trail) {
				t.AdvancedEventSelectors = []selector.Advanced{
					{Name: "a", Fields: []selector.Field{eqField(selector.FieldEventCategory, "Management"), {Field: selector.FieldReadOnly, Equals: []string{"true"}, NotEquals: []string{"true"}}}},
					{Name: "b", Fields: []selector.Field{eqField(selector.FieldEventCategory, "Management"), eqField(selector.FieldEventCategory, "Data")}},
				}
			})}},
			[]want{
				{trail.FindingLogsNothing, "trails[0].AdvancedEventSelectors", nil, ""},
				{trail.FindingSelectorNeverMatches, "trails[0].AdvancedEventSelectors[0].FieldSelectors[1]", nil, "also a NotEquals value"},
				{trail.FindingSelectorNeverMatches, "trails[0].AdvancedEventSelectors[1].FieldSelectors[1]", nil, "no Equals value in common"},
			},
		},
		{
			"a single-Region trail selecting a Lambda function of another Region: its Invoke events are recorded in that Region, which the trail does not cover (a single-Region trail has only the events logged in its Region); with no management events it logs nothing",
			&trail.Deployment{Trails: []trail.Trail{with(mk(soloAcct, "us-east-1", "fn"), func(t *trail.Trail) {
				t.EventSelectors = []selector.Basic{{IncludeManagementEvents: &f, DataResources: []selector.DataResource{{Type: selector.LambdaFunction,
					Values: []string{"arn:aws:lambda:eu-west-1:123456789012:function:f"}}}}}
			})}},
			[]want{
				{trail.FindingLogsNothing, "trails[0].EventSelectors", nil, "logs nothing"},
				{trail.FindingSelectorNeverMatches, "trails[0].EventSelectors[0].DataResources[0].Values[0]", nil, "eu-west-1"},
			},
		},
		{
			"a resource of another partition: a trail logs only its own partition's events (a multi-Region trail covers the Regions of its partition), so a multi-Region trail in aws selecting a function in aws-cn logs nothing",
			&trail.Deployment{Trails: []trail.Trail{with(multi(mk(soloAcct, "us-east-1", "fn")), func(t *trail.Trail) {
				t.EventSelectors = []selector.Basic{{IncludeManagementEvents: &f, DataResources: []selector.DataResource{{Type: selector.LambdaFunction,
					Values: []string{"arn:aws-cn:lambda:cn-north-1:123456789012:function:f"}}}}}
			})}},
			[]want{
				{trail.FindingLogsNothing, "trails[0].EventSelectors", nil, "logs nothing"},
				{trail.FindingSelectorNeverMatches, "trails[0].EventSelectors[0].DataResources[0].Values[0]", nil, "partition aws-cn"},
			},
		},
		{
			"the same function on a multi-Region trail is logged: nothing to say",
			&trail.Deployment{Trails: []trail.Trail{with(multi(mk(soloAcct, "us-east-1", "fn")), func(t *trail.Trail) {
				t.EventSelectors = []selector.Basic{{DataResources: []selector.DataResource{{Type: selector.LambdaFunction,
					Values: []string{"arn:aws:lambda:eu-west-1:123456789012:function:f"}}}}}
			})}},
			nil,
		},
		{
			"a single-Region trail in eu-west-1 with resources.ARN StartsWith tables of us-west-2 and of eu-west-1: only the us-west-2 value is dead",
			&trail.Deployment{Trails: []trail.Trail{with(mk(soloAcct, "eu-west-1", "tables"), func(t *trail.Trail) {
				t.IncludeGlobalServiceEvents = &f
				t.AdvancedEventSelectors = advanced(eqField(selector.FieldEventCategory, "Data"), eqField(selector.FieldResourcesType, selector.DynamoDBTable),
					selector.Field{Field: selector.FieldResourcesARN, StartsWith: []string{"arn:aws:dynamodb:us-west-2:123456789012:table/", "arn:aws:dynamodb:eu-west-1:123456789012:table/"}})
			})}},
			[]want{{trail.FindingSelectorNeverMatches, "trails[0].AdvancedEventSelectors[0].FieldSelectors[2]", nil, "us-west-2"}},
		},
		{
			"the same with only the us-west-2 value: the selector selects nothing",
			&trail.Deployment{Trails: []trail.Trail{with(mk(soloAcct, "eu-west-1", "tables"), func(t *trail.Trail) {
				t.IncludeGlobalServiceEvents = &f
				t.AdvancedEventSelectors = advanced(eqField(selector.FieldEventCategory, "Data"), eqField(selector.FieldResourcesType, selector.DynamoDBTable),
					eqField(selector.FieldResourcesARN, "arn:aws:dynamodb:us-west-2:123456789012:table/t"))
			})}},
			[]want{
				{trail.FindingLogsNothing, "trails[0].AdvancedEventSelectors", nil, ""},
				{trail.FindingSelectorNeverMatches, "trails[0].AdvancedEventSelectors[0].FieldSelectors[2]", nil, "us-west-2"},
			},
		},
		{
			"an asterisk is matched literally (API AdvancedFieldSelector: selectors don't support wildcards like *; use StartsWith or EndsWith): StartsWith arn:aws:s3:::* selects no bucket, NotEquals eventName Get* excludes nothing",
			&trail.Deployment{Trails: []trail.Trail{with(multi(mk(soloAcct, "us-east-1", "data")), func(t *trail.Trail) {
				t.AdvancedEventSelectors = s3Data(selector.Field{Field: selector.FieldResourcesARN, StartsWith: []string{"arn:aws:s3:::*"}},
					selector.Field{Field: selector.FieldEventName, NotEquals: []string{"Get*"}})
			})}},
			[]want{
				{trail.FindingLiteralWildcard, "trails[0].AdvancedEventSelectors[0].FieldSelectors[2].StartsWith[0]", nil, `"arn:aws:s3:::*"`},
				{trail.FindingLiteralWildcard, "trails[0].AdvancedEventSelectors[0].FieldSelectors[3].NotEquals[0]", nil, `"Get*"`},
			},
		},
		{
			"organization trail homed in an opt-in Region a member has not enabled; a default Region listed",
			func() *trail.Deployment {
				d := orgDeployment(org(multi(mk(mgmtAcct, "af-south-1", "org-south"))))
				d.Organization.Accounts = append(d.Organization.Accounts, soloAcct)
				d.Accounts[mgmtAcct] = trail.Account{EnabledRegions: []string{"af-south-1", "eu-west-1"}}
				return d
			}(),
			[]want{
				{trail.FindingDefaultRegionListed, `accounts["111122223333"].EnabledRegions[1]`, nil, "enabled by default"},
				{trail.FindingOrgTrailOptInHome, "trails[0].HomeRegion", []string{arn(mgmtAcct, "af-south-1", "org-south")}, "member account 123456789012 has not enabled"},
			},
		},
	} {
		got := withoutCoverage(trail.Check(tc.d))
		if len(got) != len(tc.want) {
			var lines []string
			for _, g := range got {
				lines = append(lines, g.String())
			}
			t.Errorf("%s: got %d findings, want %d:\n%s", tc.reason, len(got), len(tc.want), strings.Join(lines, "\n"))
			continue
		}
		for i, w := range tc.want {
			g := got[i]
			if g.Code != w.code || g.Path != w.path || !strings.Contains(g.Message, w.msg) || g.Fact == "" {
				t.Errorf("%s: finding %d: got %s %q %q (fact %q), want %s %q containing %q", tc.reason, i, g.Code, g.Path, g.Message, g.Fact, w.code, w.path, w.msg)
			}
			if w.trails != nil && !reflect.DeepEqual(g.Trails, w.trails) {
				t.Errorf("%s: finding %d: trails %q, want %q", tc.reason, i, g.Trails, w.trails)
			}
		}
	}
	if trail.Check(nil) != nil {
		t.Error("Check(nil) found something")
	}
}

// withoutCoverage drops the findings of Router.Coverage, which
// TestCheckCoverage checks.
func withoutCoverage(fs []trail.Finding) []trail.Finding {
	var out []trail.Finding
	for _, f := range fs {
		switch f.Code {
		case trail.FindingNoManagementEvents, trail.FindingDataEventsSomeRegions, trail.FindingLoggedTwice, trail.FindingManagementEventsCharged, trail.FindingManagementEventsPartial, trail.FindingDataEventsCharged, trail.FindingGlobalEventsNotLogged:
			continue
		}
		out = append(out, f)
	}
	return out
}
