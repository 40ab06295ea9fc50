package trail_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/selector"
	"github.com/trailmap/trailmap/trail"
)

const describeTrails = `{"trailList": [
 {"Name": "management", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/management",
  "HomeRegion": "us-east-1", "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true,
  "S3BucketName": "audit", "HasCustomEventSelectors": true, "HasInsightSelectors": true},
 {"Name": "eu-data", "TrailARN": "arn:aws:cloudtrail:eu-west-1:111122223333:trail/eu-data",
  "HomeRegion": "eu-west-1", "IncludeGlobalServiceEvents": false, "S3BucketName": "audit",
  "HasCustomEventSelectors": true}
]}`

func TestAssemble(t *testing.T) {
	selectors := trail.Output{Data: []byte(`{"TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/management",
 "EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true, "ExcludeManagementEventSources": ["kms.amazonaws.com"]}]}`)}
	insights := trail.Output{Data: []byte(`{"TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/management",
 "InsightSelectors": [{"InsightType": "ApiCallRateInsight"}]}`)}
	status := trail.Output{Trail: "eu-data", Data: []byte(`{"IsLogging": false, "LatestDeliveryTime": "2024-05-01T00:00:00Z"}`)}
	config := trail.Output{Data: []byte(`{"TrailARN": "arn:aws:cloudtrail:eu-west-1:111122223333:trail/eu-data",
 "AggregationConfigurations": [{"EventCategory": "Data", "Templates": ["API_ACTIVITY"]}]}`)}

	// A byte order mark before an output (PowerShell 5's Out-File
	// -Encoding utf8) is ignored, as RFC 8259 §8.1 allows.
	insights.Data = append([]byte("\ufeff"), insights.Data...)
	trails, err := trail.Assemble([]byte(describeTrails), selectors, insights, status, config)
	if err != nil {
		t.Fatal(err)
	}
	m := &trails[0]
	if len(m.EventSelectors) != 1 || m.EventSelectors[0].ExcludeManagementEventSources[0] != "kms.amazonaws.com" || len(m.InsightSelectors) != 1 {
		t.Errorf("management trail: selectors %+v, insight selectors %+v", m.EventSelectors, m.InsightSelectors)
	}
	e := &trails[1]
	if e.Logging() {
		t.Error("eu-data: get-trail-status said IsLogging false")
	}
	if a := e.AggregationConfigurations; len(a) != 1 || a[0].EventCategory != "Data" || len(a[0].Templates) != 1 || a[0].Templates[0] != "API_ACTIVITY" {
		t.Errorf("eu-data: AggregationConfigurations not set: %+v", a)
	}
	// eu-data's custom selectors were not given: Check says so.
	var found bool
	for _, f := range trail.Check(&trail.Deployment{Trails: trails}) {
		if f.Code == trail.FindingSelectorsNotGiven && f.Trails[0] == e.TrailARN {
			found = true
		}
		if f.Code == trail.FindingSelectorsNotGiven && f.Trails[0] == m.TrailARN || f.Code == trail.FindingInsightSelectorsNotGiven {
			t.Errorf("finding for selectors that were given: %s", f)
		}
	}
	if !found {
		t.Error("no SelectorsNotGiven finding for eu-data")
	}

	bad := []struct {
		reason string
		out    trail.Output
		want   string
	}{
		{"an output no trail claims", trail.Output{Data: []byte(`{"TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/other", "EventSelectors": []}`)}, "no trail of describe-trails is"},
		{"get-trail-status names no trail", trail.Output{Data: []byte(`{"IsLogging": true}`)}, "names no trail"},
		{"not a CLI output of these commands", trail.Output{Trail: "management", Data: []byte(`{"Foo": 1}`)}, "not an output of"},
		{"Output.Trail contradicts the TrailARN", trail.Output{Trail: "eu-data", Data: selectors.Data}, "not eu-data"},
		{"not JSON", trail.Output{Trail: "management", Data: []byte(`{"IsLogging": tru`)}, ""},
	}
	for _, b := range bad {
		_, err := trail.Assemble([]byte(describeTrails), selectors, b.out)
		if err == nil || !strings.Contains(err.Error(), b.want) || !strings.Contains(err.Error(), "outputs[1]") {
			t.Errorf("%s: err = %v, want one naming outputs[1] and containing %q", b.reason, err, b.want)
		}
	}
	// Every problem at once.
	_, err = trail.Assemble([]byte(describeTrails), bad[0].out, bad[1].out)
	if err == nil || !strings.Contains(err.Error(), "outputs[0]") || !strings.Contains(err.Error(), "outputs[1]") {
		t.Errorf("two bad outputs: %v", err)
	}
	var de *trail.DecodeError
	if _, err := trail.Assemble([]byte(`{"trailList": [`)); !errors.As(err, &de) {
		t.Errorf("bad describe-trails: %v, want a DecodeError", err)
	}
}

func TestCheckCoverage(t *testing.T) {
	yes, no := true, false
	d := &trail.Deployment{Trails: []trail.Trail{
		{Name: "management", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/management", HomeRegion: "us-east-1",
			IncludeGlobalServiceEvents: &yes, S3BucketName: "audit"},
		{Name: "copy", TrailARN: "arn:aws:cloudtrail:us-east-1:111122223333:trail/copy", HomeRegion: "us-east-1",
			IncludeGlobalServiceEvents: &no, S3BucketName: "audit", S3KeyPrefix: "again"},
		{Name: "eu-s3", TrailARN: "arn:aws:cloudtrail:eu-west-1:111122223333:trail/eu-s3", HomeRegion: "eu-west-1",
			IncludeGlobalServiceEvents: &no, S3BucketName: "data",
			EventSelectors: []selector.Basic{{IncludeManagementEvents: &no, DataResources: []selector.DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3"}}}}}},
	}}
	got := map[string][]string{}
	for _, f := range trail.Check(d) {
		got[f.Code] = append(got[f.Code], f.Message)
	}
	tests := []struct {
		code, msg, reason string
	}{
		{trail.FindingNoManagementEvents, "in ap-northeast-1, ap-northeast-2", "single-Region trails in us-east-1 only: the other 16 Regions log no management events"},
		{trail.FindingDataEventsSomeRegions, "AWS::S3::Object of account 111122223333 are logged in Region eu-west-1 only", "S3 data events only where the single-Region trail is"},
		{trail.FindingLoggedTwice, "management and arn:aws:cloudtrail:us-east-1:111122223333:trail/copy both log", "two trails of all management events into one bucket"},
	}
	for _, tc := range tests {
		if len(got[tc.code]) != 1 || !strings.Contains(got[tc.code][0], tc.msg) {
			t.Errorf("%s: %s findings %q, want one containing %q", tc.reason, tc.code, got[tc.code], tc.msg)
		}
	}
	if strings.Contains(strings.Join(got[trail.FindingNoManagementEvents], ""), "us-east-1") {
		t.Errorf("us-east-1 has management events: %q", got[trail.FindingNoManagementEvents])
	}
}

// The outputs of `aws organizations describe-organization` and
// `list-accounts` (AWS Organizations API Reference, DescribeOrganization
// and ListAccounts response syntax), as the AWS CLI prints them.
const (
	orgDescribeTrails = `{"trailList": [
 {"Name": "org-audit", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit",
  "HomeRegion": "us-east-1", "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true,
  "IsOrganizationTrail": true, "S3BucketName": "audit", "HasCustomEventSelectors": false}
]}`
	describeOrganization = `{
    "Organization": {
        "Id": "o-exampleorgid",
        "Arn": "arn:aws:organizations::111122223333:organization/o-exampleorgid",
        "FeatureSet": "ALL",
        "MasterAccountArn": "arn:aws:organizations::111122223333:account/o-exampleorgid/111122223333",
        "MasterAccountId": "111122223333",
        "MasterAccountEmail": "admin@example.com",
        "AvailablePolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]
    }
}`
	listAccountsPage1 = `{
    "Accounts": [
        {"Id": "111122223333", "Arn": "arn:aws:organizations::111122223333:account/o-exampleorgid/111122223333",
         "Email": "admin@example.com", "Name": "Management", "Status": "ACTIVE", "State": "ACTIVE",
         "Paths": ["o-exampleorgid/r-ab12/111122223333/"], "JoinedMethod": "INVITED", "JoinedTimestamp": "2020-01-01T00:00:00+00:00"},
        {"Id": "444455556666", "Arn": "arn:aws:organizations::111122223333:account/o-exampleorgid/444455556666",
         "Email": "dev@example.com", "Name": "Dev", "Status": "SUSPENDED", "JoinedMethod": "CREATED",
         "JoinedTimestamp": "2021-03-04T05:06:07.123000+00:00"}
    ],
    "NextToken": "eyJOZXh0VG9rZW4iOiBudWxsfQ=="
}`
	listAccountsPage2 = `{
    "Accounts": [
        {"Id": "777788889999", "Arn": "arn:aws:organizations::111122223333:account/o-exampleorgid/777788889999",
         "Email": "old@example.com", "Name": "Old", "Status": "PENDING_CLOSURE", "State": "PENDING_CLOSURE",
         "JoinedMethod": "CREATED", "JoinedTimestamp": "2019-01-01T00:00:00+00:00", "SomethingNew": {"x": 1}}
    ]
}`
)

func TestAssembleDeploymentOrganization(t *testing.T) {
	out := func(s string) trail.Output { return trail.Output{Data: []byte(s)} }
	all := []string{"111122223333", "444455556666", "777788889999"}
	for _, tc := range []struct {
		reason   string
		outputs  []trail.Output
		accounts []string
	}{
		{"describe-organization and two list-accounts pages as two outputs; SUSPENDED and PENDING_CLOSURE accounts are members (CloudTrail User Guide, AWS account closure and trails: organization trails go on delivering for closed member accounts)",
			[]trail.Output{out(describeOrganization), out(listAccountsPage1), out(listAccountsPage2)}, all},
		{"pages concatenated in one output, as cat page1.json page2.json writes them",
			[]trail.Output{out(describeOrganization), out(listAccountsPage1 + "\n" + listAccountsPage2)}, all},
		{"pages concatenated without white space between them",
			[]trail.Output{out(listAccountsPage2 + listAccountsPage1), out(describeOrganization)}, []string{"777788889999", "111122223333", "444455556666"}},
		{"describe-organization and list-accounts in one output, as (aws organizations describe-organization; aws organizations list-accounts) > org.json writes them",
			[]trail.Output{out(describeOrganization + "\n" + listAccountsPage1 + "\n" + listAccountsPage2)}, all},
		{"order of the outputs does not matter; trail outputs mix in",
			[]trail.Output{out(listAccountsPage1), out(`{"TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit", "EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true}]}`), out(describeOrganization)},
			all[:2]},
		{"an account listed twice (the same page given twice) counts once",
			[]trail.Output{out(describeOrganization), out(listAccountsPage1), out(listAccountsPage1)}, all[:2]},
		{"the same describe-organization twice is one organization",
			[]trail.Output{out(describeOrganization), out(describeOrganization), out(listAccountsPage2)}, all[2:]},
		{"unknown members of Organization, of an Account and at the top level are not needed and ignored, as AWS adds members",
			[]trail.Output{out(`{"Organization": {"Id": "o-exampleorgid", "MasterAccountId": "111122223333", "New": [1]}, "Extra": true}`),
				out(`{"Accounts": [{"Id": "444455556666", "Tags": {"a": "b"}}], "NextToken": null, "Other": 1}`)}, all[1:2]},
		{"an empty last page (NextToken answered with no accounts)",
			[]trail.Output{out(describeOrganization), out(listAccountsPage2), out(`{"Accounts": []}`)}, all[2:]},
		{"list-accounts alone: every account's Arn names the organization and its management account (arn:aws:organizations::MANAGEMENT:account/o-ID/ACCOUNT, AWS Organizations API Reference, Account), so describe-organization is not needed",
			[]trail.Output{out(listAccountsPage1), out(listAccountsPage2)}, all},
		{"list-accounts alone, pages in one output",
			[]trail.Output{out(listAccountsPage2 + "\n" + listAccountsPage1)}, []string{"777788889999", "111122223333", "444455556666"}},
	} {
		d, err := trail.AssembleDeployment([]byte(orgDescribeTrails), tc.outputs...)
		if err != nil {
			t.Errorf("%s: %v", tc.reason, err)
			continue
		}
		o := d.Organization
		if o == nil || o.ID != "o-exampleorgid" || o.MasterAccountID != "111122223333" || strings.Join(o.Accounts, ",") != strings.Join(tc.accounts, ",") {
			t.Errorf("%s: organization %+v, want o-exampleorgid of 111122223333 with accounts %v", tc.reason, o, tc.accounts)
			continue
		}
		if _, err := trail.NewRouter(d); err != nil {
			t.Errorf("%s: NewRouter refuses the assembled organization trail: %v", tc.reason, err)
		}
		// Assemble takes the same outputs and returns the trails.
		if trails, err := trail.Assemble([]byte(orgDescribeTrails), tc.outputs...); err != nil || len(trails) != 1 {
			t.Errorf("%s: Assemble: %d trails, %v", tc.reason, len(trails), err)
		}
	}
}

func TestAssembleDeploymentOrganizationErrors(t *testing.T) {
	out := func(s string) trail.Output { return trail.Output{Data: []byte(s)} }
	for _, tc := range []struct {
		reason    string
		outputs   []trail.Output
		want      string
		line, col int // of the *DecodeError, when there is one
	}{
		{"describe-organization alone names no accounts: refused, naming list-accounts, rather than guessing the members from the trails' ARNs",
			[]trail.Output{out(describeOrganization)}, "outputs[0]: describe-organization names organization o-exampleorgid but not its accounts: give the output of aws organizations list-accounts", 0, 0},
		{"list-accounts alone with an account without Arn: the organization cannot be read from it",
			[]trail.Output{out(listAccountsPage1), out("{\"Accounts\": [\n {\"Id\": \"777788889999\"}]}")},
			"outputs[1]: trail: 2:2: Accounts[0]: account 777788889999 has no Arn naming its organization (arn:aws:organizations::MANAGEMENT:account/o-ID/ACCOUNT), which list-accounts output needs without describe-organization: give the output of aws organizations describe-organization as well", 2, 2},
		{"list-accounts alone whose Arns name two organizations",
			[]trail.Output{out(listAccountsPage1), out("{\"Accounts\": [\n {\"Id\": \"777788889999\", \"Arn\": \"arn:aws:organizations::111122223333:account/o-otherorgid1/777788889999\"}]}")},
			"outputs[1]: trail: 2:2: Accounts[0]: account 777788889999 is of organization o-otherorgid1 (its Arn), not of o-exampleorgid (the Arn of account 111122223333)", 2, 2},
		{"list-accounts alone whose Arns name two management accounts",
			[]trail.Output{out(listAccountsPage1), out("{\"Accounts\": [\n {\"Id\": \"777788889999\", \"Arn\": \"arn:aws:organizations::999999999999:account/o-exampleorgid/777788889999\"}]}")},
			"outputs[1]: trail: 2:2: Accounts[0]: account 777788889999 is of the organization managed by 999999999999 (its Arn), not by 111122223333 (the Arn of account 111122223333)", 2, 2},
		{"list-accounts alone listing no account names no organization",
			[]trail.Output{out(`{"Accounts": []}`)}, "outputs[0]: list-accounts lists no account, so it names no organization: give the output of aws organizations describe-organization as well", 0, 0},
		{"an Arn that is not an account ARN of AWS Organizations names nothing",
			[]trail.Output{out(`{"Accounts": [{"Id": "444455556666", "Arn": "arn:aws:iam::111122223333:root"}]}`)}, "account 444455556666 has no Arn naming its organization", 1, 15},
		{"an account whose Arn names another management account than describe-organization",
			[]trail.Output{out(describeOrganization), out(`{"Accounts": [{"Id": "444455556666", "Arn": "arn:aws:organizations::999999999999:account/o-exampleorgid/444455556666"}]}`)},
			"outputs[1]: trail: 1:15: Accounts[0]: account 444455556666 is of the organization managed by 999999999999 (its Arn), not by 111122223333 (describe-organization)", 1, 15},
		{"malformed list-accounts page: a positioned syntax error",
			[]trail.Output{out(describeOrganization), out("{\"Accounts\": [\n  {\"Id\": \"444455556666\",}\n]}")}, "outputs[1]: trail: 2:25: invalid character '}'", 2, 25},
		{"malformed second page of a concatenation: positioned in the whole output",
			[]trail.Output{out(describeOrganization), out(listAccountsPage2 + "\n{\"Accounts\": [\n")}, "outputs[1]: trail: 9:1: unexpected end of JSON input", 9, 1},
		{"an Id that is not a string",
			[]trail.Output{out(describeOrganization), out("{\"Accounts\": [\n {\"Id\": 444455556666}]}")}, "outputs[1]: trail: 2:9: Accounts[0].Id: cannot decode JSON number into string", 2, 9},
		{"an Account without Id",
			[]trail.Output{out(describeOrganization), out("{\"Accounts\": [{\"Id\": \"1\"},\n {\"Name\": \"x\"}]}")}, "outputs[1]: trail: 2:2: Accounts[1]: an Account without Id", 2, 2},
		{"describe-organization without MasterAccountId",
			[]trail.Output{out(`{"Organization": {"Id": "o-exampleorgid"}}`), out(listAccountsPage1)}, "without Organization.MasterAccountId", 1, 1},
		{"an account of another organization (its Arn) is a mix-up of outputs",
			[]trail.Output{out(describeOrganization), out(`{"Accounts": [{"Id": "444455556666", "Arn": "arn:aws:organizations::999999999999:account/o-otherorgid1/444455556666"}]}`)},
			"outputs[1]: trail: 1:15: Accounts[0]: account 444455556666 is of organization o-otherorgid1 (its Arn), not of o-exampleorgid (describe-organization)", 1, 15},
		{"two different organizations",
			[]trail.Output{out(describeOrganization), out(`{"Organization": {"Id": "o-otherorgid1", "MasterAccountId": "999999999999"}}`), out(listAccountsPage1)}, "outputs[1]: trail: 1:1: Organization: organization o-otherorgid1 (management account 999999999999), but outputs[0] is organization o-exampleorgid", 1, 1},
		{"only organizations outputs may follow one another in one output",
			[]trail.Output{out(describeOrganization), out(listAccountsPage1 + "\n" + `{"TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit", "EventSelectors": []}`)},
			"outputs[1]: trail: 12:1: JSON value 2 is not an output of aws organizations", 12, 1},
		{"an organizations output given for a trail (TRAIL=FILE)",
			[]trail.Output{{Trail: "org-audit", Data: []byte(describeOrganization)}, out(listAccountsPage1)}, "outputs[0]: describe-organization output belongs to no trail", 0, 0},
		{"a trail output followed by another JSON value",
			[]trail.Output{out(describeOrganization), out(listAccountsPage1), out(`{"TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit", "EventSelectors": []}` + "\n" + listAccountsPage2)},
			"outputs[2]: trail: 2:1: a second JSON value", 2, 1},
		{"an empty output",
			[]trail.Output{out(describeOrganization), out(" \n")}, "outputs[1]: trail: 2:1: unexpected end of JSON input", 2, 1},
	} {
		_, err := trail.AssembleDeployment([]byte(orgDescribeTrails), tc.outputs...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want one containing %q", tc.reason, err, tc.want)
			continue
		}
		var de *trail.DecodeError
		if tc.line != 0 && (!errors.As(err, &de) || de.Line != tc.line || de.Column != tc.col) {
			t.Errorf("%s: err = %v, want a *DecodeError at %d:%d", tc.reason, err, tc.line, tc.col)
		}
		if _, err2 := trail.Assemble([]byte(orgDescribeTrails), tc.outputs...); err2 == nil || err2.Error() != err.Error() {
			t.Errorf("%s: Assemble says %v, AssembleDeployment %v", tc.reason, err2, err)
		}
	}

	// An organization trail without the organization: both fixes named.
	d, err := trail.AssembleDeployment([]byte(orgDescribeTrails))
	if err != nil || d.Organization != nil {
		t.Fatalf("describe-trails alone: %+v, %v", d, err)
	}
	_, err = trail.NewRouter(d)
	for _, want := range []string{trail.CodeOrganizationsNotInUse, `add "organization"`, "aws organizations describe-organization and aws organizations list-accounts", "-with"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("organization trail without organization: err = %v, want one containing %q", err, want)
		}
	}
}

// FuzzAssembleDeployment: any bytes given as list-accounts output beside
// describe-organization are assembled or refused with an error, never a
// panic; what is assembled is an organization with each account once.
func FuzzAssembleDeployment(f *testing.F) {
	for _, s := range []string{listAccountsPage1, listAccountsPage1 + listAccountsPage2, `{"Accounts": [{"Id": 7}]}`, `{"Accounts": null}`, "", "{} {}", `{"IsLogging": true}`, describeOrganization} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := trail.AssembleDeployment([]byte(orgDescribeTrails), trail.Output{Data: []byte(describeOrganization)}, trail.Output{Data: data})
		if err != nil {
			return
		}
		if d.Organization == nil || d.Organization.ID != "o-exampleorgid" {
			t.Fatalf("assembled without the organization: %+v", d.Organization)
		}
		seen := map[string]bool{}
		for _, a := range d.Organization.Accounts {
			if a == "" || seen[a] {
				t.Fatalf("account %q empty or listed twice: %q", a, d.Organization.Accounts)
			}
			seen[a] = true
		}
	})
}
