package region

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/trailmap/trailmap/region/internal/gen"
)

// TestGeneratedUpToDate re-runs the generator on partitions.json in
// memory and checks the committed zz_generated.go is its output.
func TestGeneratedUpToDate(t *testing.T) {
	src, err := os.ReadFile("partitions.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := gen.Generate(src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("zz_generated.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("zz_generated.go is stale: run go generate in the region directory")
	}
	if !bytes.HasPrefix(got, []byte(gen.Header+"\n")) {
		t.Errorf("zz_generated.go does not start with %q", gen.Header)
	}
}

// TestGeneratorRejects checks the generator refuses inconsistent data
// rather than writing a table that lies.
func TestGeneratorRejects(t *testing.T) {
	src, err := os.ReadFile("partitions.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, old, new, wantErr, reason string
	}{
		{"unknown member", `"comment":`, `"comments":`, "unknown field", "typos in the data must not pass silently"},
		{"bad cutover", `"2021-11-22T00:00:00Z"`, `"2021-11-22"`, "globalEventCutover", "the cutover must be an RFC 3339 instant"},
		{"global Region outside partition", `"globalEventRegion": "us-gov-west-1"`, `"globalEventRegion": "us-east-1"`, "is not one of its regions", "GovCloud's global Region must be a GovCloud Region"},
		{"Region not matching pattern", `{"name": "cn-north-1"`, `{"name": "bj-north-1"`, "does not match regionRegex", "every listed Region must fit its partition's botocore pattern"},
		{"opt-in outside aws", `{"name": "cn-north-1", "description": "China (Beijing)"}`, `{"name": "cn-north-1", "description": "China (Beijing)", "optIn": true}`, "has no opt-in Regions", "only the aws partition has opt-in Regions"},
		{"duplicate Region", `{"name": "us-gov-east-1"`, `{"name": "us-east-1"`, "already in", "a Region belongs to one partition"},
		{"unsorted Regions", `{"name": "af-south-1"`, `{"name": "zz-south-1"`, "not sorted", "the table and Partition.Regions rely on name order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !bytes.Contains(src, []byte(tt.old)) {
				t.Fatalf("test is stale: %q not in partitions.json", tt.old)
			}
			bad := bytes.Replace(src, []byte(tt.old), []byte(tt.new), 1)
			_, err := gen.Generate(bad)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Generate: got error %v, want one containing %q (%s)", err, tt.wantErr, tt.reason)
			}
		})
	}
}

// TestRegionPatternMatchesBotocore checks the hand-written Region
// pattern matcher against botocore's regionRegex, compiled.
func TestRegionPatternMatchesBotocore(t *testing.T) {
	names := []string{
		"", "-", "us", "us-", "us-east", "us-east-", "us-east-1", "us-east-1x", "us-east-12",
		"us-gov-west-1", "us-gov-1", "us-iso-east-1", "us-isob-east-1", "us-isof-south-1",
		"eu-isoe-west-1", "eusc-de-east-1", "eusc-fr-east-1", "cn-north-1", "cn-north-1-1",
		"ap-southeast-9", "mx-central-1", "zz-east-1", "US-EAST-1", "us-EAST-1", "us-ea_st-1",
		"us--1", "us-east--1", "us-north-2r", "ap-isob-east-1r", "il-central-1", "me-central-1",
		"us-east-1 ", " us-east-1", "us-east-١", "us-éast-1",
	}
	for _, r := range regionTable {
		names = append(names, r.Name, r.Name+"x", strings.ToUpper(r.Name), strings.Replace(r.Name, "-", "_", 1))
	}
	for pi := range partitionTable {
		info := &partitionTable[pi]
		re := regexp.MustCompile(info.regionRegex)
		for _, name := range names {
			got := false
			for _, pre := range info.regionPrefixes {
				got = got || fitsRegionPattern(name, pre)
			}
			if want := re.MatchString(name); got != want {
				t.Errorf("%s: fitsRegionPattern(%q) = %v, botocore regexp %s says %v", info.ID, name, got, info.regionRegex, want)
			}
		}
	}
}

// FuzzRegionPattern checks the matcher against botocore's regexps on
// arbitrary input.
func FuzzRegionPattern(f *testing.F) {
	for _, s := range []string{"us-east-1", "us-gov-west-1", "eusc-de-east-1", "cn-north-1", "us-_-0", "ap-isob-east-1r"} {
		f.Add(s)
	}
	res := make([]*regexp.Regexp, len(partitionTable))
	for pi := range partitionTable {
		res[pi] = regexp.MustCompile(partitionTable[pi].regionRegex)
	}
	f.Fuzz(func(t *testing.T, name string) {
		for pi := range partitionTable {
			got := false
			for _, pre := range partitionTable[pi].regionPrefixes {
				got = got || fitsRegionPattern(name, pre)
			}
			if want := res[pi].MatchString(name); got != want {
				t.Errorf("%s: fitsRegionPattern(%q) = %v, regexp says %v", partitionTable[pi].ID, name, got, want)
			}
		}
	})
}
