package region_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trailmap/trailmap/region"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		name   string
		want   region.Region
		wantOK bool
		reason string
	}{
		{"us-east-1", region.Region{Name: "us-east-1", Partition: "aws", Description: "US East (N. Virginia)"}, true, "the oldest Region, enabled by default"},
		{"eu-north-1", region.Region{Name: "eu-north-1", Partition: "aws", Description: "Europe (Stockholm)"}, true, "launched 2018-12, before the 2019-03-20 opt-in rule"},
		{"ap-east-1", region.Region{Name: "ap-east-1", Partition: "aws", Description: "Asia Pacific (Hong Kong)", OptIn: true}, true, "first Region launched after 2019-03-20"},
		{"ap-southeast-6", region.Region{Name: "ap-southeast-6", Partition: "aws", Description: "Asia Pacific (New Zealand)", OptIn: true}, true, "in botocore though not yet on the CloudTrail Regions page"},
		{"mx-central-1", region.Region{Name: "mx-central-1", Partition: "aws", Description: "Mexico (Central)", OptIn: true}, true, "opt-in, 2025"},
		{"cn-northwest-1", region.Region{Name: "cn-northwest-1", Partition: "aws-cn", Description: "China (Ningxia)"}, true, "China partition"},
		{"us-gov-west-1", region.Region{Name: "us-gov-west-1", Partition: "aws-us-gov", Description: "AWS GovCloud (US-West)"}, true, "GovCloud partition"},
		{"us-isob-west-1", region.Region{Name: "us-isob-west-1", Partition: "aws-iso-b", Description: "US ISOB West"}, true, "newest ISOB Region in botocore"},
		{"eusc-de-east-1", region.Region{Name: "eusc-de-east-1", Partition: "aws-eusc", Description: "AWS European Sovereign Cloud (Germany)"}, true, "European Sovereign Cloud"},
		{"aws-global", region.Region{}, false, "botocore's pseudo-Region for global endpoints is not a Region"},
		{"ap-southeast-9", region.Region{}, false, "well-formed but unknown: Lookup is table-only, see Infer"},
		{"US-EAST-1", region.Region{}, false, "Region names are lower case"},
		{"", region.Region{}, false, "empty name"},
	}
	for _, tt := range tests {
		got, ok := region.Lookup(tt.name)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("Lookup(%q) = %+v, %v; want %+v, %v (%s)", tt.name, got, ok, tt.want, tt.wantOK, tt.reason)
		}
	}
}

func TestInfer(t *testing.T) {
	tests := []struct {
		name          string
		wantPartition string
		wantOptIn     bool
		wantOK        bool
		reason        string
	}{
		{"us-west-2", "aws", false, true, "known Region answers from the table"},
		{"ap-southeast-9", "aws", true, true, "unknown aws Region is newer than the table, so opt-in"},
		{"us-north-1", "aws", true, true, "unknown aws Region, us prefix"},
		{"us-gov-central-1", "aws-us-gov", false, true, "GovCloud has no opt-in Regions"},
		{"cn-south-1", "aws-cn", false, true, "China has no opt-in Regions"},
		{"us-iso-south-1", "aws-iso", false, true, "ISO pattern"},
		{"us-isob-south-1", "aws-iso-b", false, true, "ISOB pattern"},
		{"us-isof-west-1", "aws-iso-f", false, true, "ISOF pattern"},
		{"eu-isoe-north-1", "aws-iso-e", false, true, "ISOE pattern, not the aws eu prefix"},
		{"eusc-de-west-1", "aws-eusc", false, true, "EUSC pattern"},
		{"us-gov-1", "aws", true, true, "botocore's aws pattern us-\\w+-\\d+ takes it; kept for SDK parity"},
		{"eusc-fr-east-1", "", false, false, "EUSC pattern lists only de"},
		{"zz-east-1", "", false, false, "zz is no partition's prefix"},
		{"us-north-2r", "", false, false, "anonymised Region name from published logs"},
		{"us-east", "", false, false, "no number"},
		{"region-ID", "", false, false, "documentation placeholder"},
	}
	for _, tt := range tests {
		got, ok := region.Infer(tt.name)
		if ok != tt.wantOK || got.Partition != tt.wantPartition || got.OptIn != tt.wantOptIn {
			t.Errorf("Infer(%q) = %+v, %v; want partition %q, opt-in %v, %v (%s)", tt.name, got, ok, tt.wantPartition, tt.wantOptIn, tt.wantOK, tt.reason)
		}
		if ok && got.Name != tt.name {
			t.Errorf("Infer(%q).Name = %q", tt.name, got.Name)
		}
		if got, want := region.IsEnabledByDefault(tt.name), tt.wantOK && !tt.wantOptIn; got != want {
			t.Errorf("IsEnabledByDefault(%q) = %v, want %v (%s)", tt.name, got, want, tt.reason)
		}
		p, pok := region.PartitionOf(tt.name)
		if pok != tt.wantOK || p.ID != tt.wantPartition {
			t.Errorf("PartitionOf(%q) = %q, %v; want %q, %v (%s)", tt.name, p.ID, pok, tt.wantPartition, tt.wantOK, tt.reason)
		}
	}
}

func TestPartitionOf(t *testing.T) {
	tests := []struct {
		region, want, reason string
	}{
		{"us-east-1", "aws", "commercial"},
		{"il-central-1", "aws", "il prefix is aws"},
		{"cn-north-1", "aws-cn", "China"},
		{"us-gov-east-1", "aws-us-gov", "us-gov before us: more specific pattern"},
		{"us-iso-west-1", "aws-iso", "us-iso"},
		{"us-isob-east-1", "aws-iso-b", "us-isob"},
		{"eu-isoe-west-1", "aws-iso-e", "eu-isoe, not aws eu"},
		{"us-isof-south-1", "aws-iso-f", "us-isof"},
		{"eusc-de-east-1", "aws-eusc", "eusc-de"},
	}
	for _, tt := range tests {
		p, ok := region.PartitionOf(tt.region)
		if !ok || p.ID != tt.want {
			t.Errorf("PartitionOf(%q) = %q, %v; want %q (%s)", tt.region, p.ID, ok, tt.want, tt.reason)
		}
		if !p.Contains(tt.region) {
			t.Errorf("%s.Contains(%q) = false", p.ID, tt.region)
		}
	}
}

func TestPartitionByID(t *testing.T) {
	tests := []struct {
		id, dnsSuffix, dual, signIn, global string
		wantOK                              bool
		reason                              string
	}{
		{"aws", "amazonaws.com", "api.aws", "signin.aws.amazon.com", "us-east-1", true, "CloudTrail documents us-east-1"},
		{"aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", "signin.amazonaws.cn", "cn-north-1", true, "IAM's partition endpoint Region (undocumented for CloudTrail)"},
		{"aws-us-gov", "amazonaws.com", "api.aws", "signin.amazonaws-us-gov.com", "us-gov-west-1", true, "GovCloud guide documents us-gov-west-1"},
		{"aws-iso", "c2s.ic.gov", "api.aws.ic.gov", "signin.c2shome.ic.gov", "us-iso-east-1", true, "IAM's partition endpoint Region"},
		{"aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud", "signin.sc2shome.sgov.gov", "us-isob-east-1", true, "IAM's partition endpoint Region"},
		{"aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", "signin.csphome.adc-e.uk", "eu-isoe-west-1", true, "the partition's only Region"},
		{"aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov", "signin.csphome.hci.ic.gov", "us-isof-south-1", true, "IAM's partition endpoint Region"},
		{"aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu", "signin.amazonaws-eusc.eu", "eusc-de-east-1", true, "the partition's only Region"},
		{"AWS", "", "", "", "", false, "IDs are lower case"},
		{"aws-xx", "", "", "", "", false, "unknown partition"},
	}
	for _, tt := range tests {
		p, ok := region.PartitionByID(tt.id)
		if ok != tt.wantOK || p.DNSSuffix != tt.dnsSuffix || p.DualStackDNSSuffix != tt.dual || p.SignInDomain != tt.signIn || p.GlobalEventRegion != tt.global {
			t.Errorf("PartitionByID(%q) = %+v, %v (%s)", tt.id, p, ok, tt.reason)
		}
		if ok && p.ID != tt.id {
			t.Errorf("PartitionByID(%q).ID = %q", tt.id, p.ID)
		}
		if got := region.GlobalEventRegion(tt.id); got != tt.global {
			t.Errorf("GlobalEventRegion(%q) = %q, want %q (%s)", tt.id, got, tt.global, tt.reason)
		}
	}
}

// TestCommercialRegions pins the aws partition's 17 default and 17
// opt-in Regions (AWS Account Management Reference, manage-acct-regions).
func TestCommercialRegions(t *testing.T) {
	aws, ok := region.PartitionByID("aws")
	if !ok {
		t.Fatal("no aws partition")
	}
	wantDefault := []string{"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
		"ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1",
		"us-east-1", "us-east-2", "us-west-1", "us-west-2"}
	wantOptIn := []string{"af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
		"ap-southeast-6", "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1",
		"me-central-1", "me-south-1", "mx-central-1"}
	if got := names(aws.DefaultRegions()); !slices.Equal(got, wantDefault) {
		t.Errorf("aws.DefaultRegions() = %v, want %v", got, wantDefault)
	}
	if got := names(aws.OptInRegions()); !slices.Equal(got, wantOptIn) {
		t.Errorf("aws.OptInRegions() = %v, want %v", got, wantOptIn)
	}
	all := aws.Regions()
	if len(all) != 34 || !slices.IsSortedFunc(all, func(a, b region.Region) int { return strings.Compare(a.Name, b.Name) }) {
		t.Errorf("aws.Regions() has %d Regions (want 34, botocore), sorted %v", len(all), slices.IsSortedFunc(all, func(a, b region.Region) int { return strings.Compare(a.Name, b.Name) }))
	}
	// Regions returns a copy.
	all[0].Name = "mutated"
	if again := aws.Regions(); again[0].Name == "mutated" {
		t.Error("Regions returned the package's own table")
	}
	for _, r := range aws.OptInRegions() {
		if region.IsEnabledByDefault(r.Name) {
			t.Errorf("IsEnabledByDefault(%q) = true for an opt-in Region", r.Name)
		}
	}
	if got := (region.Partition{ID: "nope"}).Regions(); len(got) != 0 {
		t.Errorf("unknown partition has Regions %v", got)
	}
}

// TestOptInFollowsLaunchDates checks the opt-in flags against the rule
// "launched before 2019-03-20 = enabled by default", using the dates of
// the CloudTrail User Guide page "CloudTrail supported Regions".
func TestOptInFollowsLaunchDates(t *testing.T) {
	launched := map[string]string{
		"us-east-1": "2013-11-13", "us-east-2": "2016-10-17", "us-west-1": "2014-05-13", "us-west-2": "2013-11-13",
		"af-south-1": "2020-04-22", "ap-east-1": "2019-04-24", "ap-south-2": "2022-11-22", "ap-southeast-3": "2021-12-13",
		"ap-southeast-5": "2024-08-22", "ap-southeast-4": "2023-01-23", "ap-south-1": "2016-06-27", "ap-northeast-3": "2018-02-12",
		"ap-northeast-2": "2016-01-06", "ap-southeast-1": "2014-06-30", "ap-southeast-2": "2014-05-13", "ap-southeast-7": "2025-01-07",
		"ap-northeast-1": "2014-06-30", "ca-central-1": "2016-12-08", "ca-west-1": "2023-12-20", "eu-central-1": "2014-10-23",
		"eu-west-1": "2014-05-13", "eu-west-2": "2016-12-13", "eu-south-1": "2020-04-27", "eu-west-3": "2017-12-18",
		"eu-south-2": "2022-11-16", "eu-north-1": "2018-12-11", "eu-central-2": "2022-11-09", "il-central-1": "2023-07-31",
		"mx-central-1": "2025-01-13", "me-south-1": "2019-07-29", "me-central-1": "2022-08-30", "sa-east-1": "2014-06-30",
	}
	rule := time.Date(2019, 3, 20, 0, 0, 0, 0, time.UTC)
	for name, date := range launched {
		d, err := time.Parse(time.DateOnly, date)
		if err != nil {
			t.Fatal(err)
		}
		r, ok := region.Lookup(name)
		if !ok {
			t.Errorf("Lookup(%q): unknown", name)
			continue
		}
		if want := !d.Before(rule); r.OptIn != want {
			t.Errorf("%s launched %s: OptIn = %v, want %v", name, date, r.OptIn, want)
		}
	}
}

func TestPartitions(t *testing.T) {
	var ids []string
	for _, p := range region.Partitions() {
		ids = append(ids, p.ID)
		for _, r := range p.Regions() {
			if r.Partition != p.ID {
				t.Errorf("%s lists %s of partition %s", p.ID, r.Name, r.Partition)
			}
			if q, ok := region.PartitionOf(r.Name); !ok || q != p {
				t.Errorf("PartitionOf(%q) = %+v, want %+v", r.Name, q, p)
			}
		}
		if !p.Contains(p.GlobalEventRegion) {
			t.Errorf("%s: global event Region %s outside the partition", p.ID, p.GlobalEventRegion)
		}
	}
	want := []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}
	if !slices.Equal(ids, want) {
		t.Errorf("Partitions() = %v, want %v", ids, want)
	}
}

func TestNoAllocs(t *testing.T) {
	tests := []struct {
		name string
		f    func()
	}{
		{"Lookup", func() { region.Lookup("eu-west-3") }},
		{"PartitionOf known", func() { region.PartitionOf("us-gov-west-1") }},
		{"PartitionOf inferred", func() { region.PartitionOf("ap-southeast-9") }},
		{"IsEnabledByDefault", func() { region.IsEnabledByDefault("me-south-1") }},
		{"ParseEndpoint", func() { region.ParseEndpoint("sts-fips.dualstack.us-east-2.amazonaws.com") }},
		{"ParseEndpoint sign-in", func() { region.ParseEndpoint("us-east-2.signin.aws.amazon.com") }},
		{"Origin.IsGlobal", func() {
			region.Origin{EventSource: "signin.amazonaws.com", AWSRegion: "eu-north-1"}.IsGlobal()
		}},
	}
	for _, tt := range tests {
		if n := testing.AllocsPerRun(100, tt.f); n != 0 {
			t.Errorf("%s: %v allocations, want 0", tt.name, n)
		}
	}
}

func names(rs []region.Region) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Name
	}
	return out
}
