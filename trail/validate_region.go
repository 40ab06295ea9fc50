package trail

// This file holds the Region knowledge validation needs: which Regions
// exist in which partition and which are opt-in. It follows botocore's
// partitions.json and the AWS Account Management Reference ("Regions
// launched before 20 March 2019 are enabled by default"; later ones are
// opt-in).

// regionInfo describes one Region.
type regionInfo struct {
	name      string
	partition string
	optIn     bool
}

// knownRegions lists every Region, sorted by name.
var knownRegions = [...]regionInfo{
	{"af-south-1", "aws", true},
	{"ap-east-1", "aws", true},
	{"ap-east-2", "aws", true},
	{"ap-northeast-1", "aws", false},
	{"ap-northeast-2", "aws", false},
	{"ap-northeast-3", "aws", false},
	{"ap-south-1", "aws", false},
	{"ap-south-2", "aws", true},
	{"ap-southeast-1", "aws", false},
	{"ap-southeast-2", "aws", false},
	{"ap-southeast-3", "aws", true},
	{"ap-southeast-4", "aws", true},
	{"ap-southeast-5", "aws", true},
	{"ap-southeast-6", "aws", true},
	{"ap-southeast-7", "aws", true},
	{"ca-central-1", "aws", false},
	{"ca-west-1", "aws", true},
	{"cn-north-1", "aws-cn", false},
	{"cn-northwest-1", "aws-cn", false},
	{"eu-central-1", "aws", false},
	{"eu-central-2", "aws", true},
	{"eu-isoe-west-1", "aws-iso-e", false},
	{"eu-north-1", "aws", false},
	{"eu-south-1", "aws", true},
	{"eu-south-2", "aws", true},
	{"eu-west-1", "aws", false},
	{"eu-west-2", "aws", false},
	{"eu-west-3", "aws", false},
	{"eusc-de-east-1", "aws-eusc", false},
	{"il-central-1", "aws", true},
	{"me-central-1", "aws", true},
	{"me-south-1", "aws", true},
	{"mx-central-1", "aws", true},
	{"sa-east-1", "aws", false},
	{"us-east-1", "aws", false},
	{"us-east-2", "aws", false},
	{"us-gov-east-1", "aws-us-gov", false},
	{"us-gov-west-1", "aws-us-gov", false},
	{"us-iso-east-1", "aws-iso", false},
	{"us-iso-west-1", "aws-iso", false},
	{"us-isob-east-1", "aws-iso-b", false},
	{"us-isob-west-1", "aws-iso-b", false},
	{"us-isof-east-1", "aws-iso-f", false},
	{"us-isof-south-1", "aws-iso-f", false},
	{"us-west-1", "aws", false},
	{"us-west-2", "aws", false},
}

// lookupRegion returns what is known of a Region.
func lookupRegion(name string) (regionInfo, bool) {
	lo, hi := 0, len(knownRegions)
	for lo < hi {
		m := (lo + hi) / 2
		if knownRegions[m].name < name {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(knownRegions) && knownRegions[lo].name == name {
		return knownRegions[lo], true
	}
	return regionInfo{}, false
}

// regionsOf returns the Regions of a partition in name order.
func regionsOf(partition string) []string {
	var out []string
	for _, r := range knownRegions {
		if r.partition == partition {
			out = append(out, r.name)
		}
	}
	return out
}

// RegionEnabled reports whether region is enabled in account: Regions
// enabled by default always are; an opt-in Region is when the account's
// EnabledRegions lists it. A Region this package does not know is enabled
// only when listed.
func (d *Deployment) RegionEnabled(account, region string) bool {
	info, known := lookupRegion(region)
	if known && !info.optIn {
		return true
	}
	if d == nil {
		return false
	}
	for _, r := range d.Accounts[account].EnabledRegions {
		if r == region {
			return true
		}
	}
	return false
}

// EnabledRegions returns the Regions of partition enabled in account, in
// name order: those enabled by default and the opt-in ones the account
// lists.
func (d *Deployment) EnabledRegions(account, partition string) []string {
	var out []string
	for _, r := range regionsOf(partition) {
		if d.RegionEnabled(account, r) {
			out = append(out, r)
		}
	}
	return out
}
