package trail

import "strings"

// This file holds the Region facts the Router needs. They are kept
// unexported and small: the partition of a Region name (the regionRegex
// of each partition in the AWS SDKs' partitions.json), the Regions enabled
// by default, and the Region global service events are recorded in.

// partitionOf returns the partition of a Region name, or "" when the name
// belongs to no partition.
func regionPartition(name string) string {
	a, rest, ok := strings.Cut(name, "-")
	if !ok || !regionNameTail(rest) {
		return ""
	}
	b, _, _ := strings.Cut(rest, "-")
	switch a {
	case "us":
		switch b {
		case "gov":
			return "aws-us-gov"
		case "iso":
			return "aws-iso"
		case "isob":
			return "aws-iso-b"
		case "isof":
			return "aws-iso-f"
		}
		return "aws"
	case "eu":
		if b == "isoe" {
			return "aws-iso-e"
		}
		return "aws"
	case "ap", "sa", "ca", "me", "af", "il", "mx":
		return "aws"
	case "cn":
		return "aws-cn"
	case "eusc":
		return "aws-eusc"
	}
	return ""
}

// regionNameTail reports whether s is "<word>-<digits>" or
// "<word>-<word>-<digits>", the rest of a Region name after its first
// part, with words of lower-case letters.
func regionNameTail(s string) bool {
	parts, start := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '-' {
			continue
		}
		p := s[start:i]
		start = i + 1
		parts++
		if p == "" || parts > 3 {
			return false
		}
		last := i == len(s)
		for j := 0; j < len(p); j++ {
			c := p[j]
			if last {
				if c < '0' || c > '9' {
					return false
				}
			} else if c < 'a' || c > 'z' {
				return false
			}
		}
	}
	return parts >= 2
}

// optInRegions lists the commercial Regions launched after 2019-03-20, which an
// account must enable before use (AWS Account Management Reference Guide,
// "Enable or disable AWS Regions in your account").
var optInRegions = map[string]bool{
	"af-south-1": true, "ap-east-1": true, "ap-east-2": true, "ap-south-2": true,
	"ap-southeast-3": true, "ap-southeast-4": true, "ap-southeast-5": true,
	"ap-southeast-6": true, "ap-southeast-7": true, "ca-west-1": true,
	"eu-central-2": true, "eu-south-1": true, "eu-south-2": true,
	"il-central-1": true, "me-central-1": true, "me-south-1": true,
	"mx-central-1": true,
}

// defaultRegions lists the commercial Regions enabled by default.
var defaultRegions = map[string]bool{
	"us-east-1": true, "us-east-2": true, "us-west-1": true, "us-west-2": true,
	"ca-central-1": true, "sa-east-1": true, "eu-west-1": true, "eu-west-2": true,
	"eu-west-3": true, "eu-central-1": true, "eu-north-1": true, "ap-south-1": true,
	"ap-northeast-1": true, "ap-northeast-2": true, "ap-northeast-3": true,
	"ap-southeast-1": true, "ap-southeast-2": true,
}

// regionEnabledByDefault reports whether every account can use the Region
// without enabling it. Commercial Regions not in the table are newer than
// the table and therefore opt-in; the Regions of the other partitions need
// no enabling.
func regionEnabledByDefault(name string) bool {
	if regionPartition(name) != "aws" {
		return true
	}
	return defaultRegions[name] && !optInRegions[name]
}

// globalRegionOf returns the Region global service events of a
// partition are recorded in since 2021-11-22: us-east-1, us-gov-west-1
// in AWS GovCloud (US) (AWS GovCloud (US) User Guide, "AWS CloudTrail"),
// and "" for partitions the documentation does not name.
func globalRegionOf(partition string) string {
	switch partition {
	case "aws":
		return "us-east-1"
	case "aws-us-gov":
		return "us-gov-west-1"
	}
	return ""
}
