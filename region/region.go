package region

//go:generate go run ./internal/gen/partitionsgen -in partitions.json -out zz_generated.go

// Partition is an AWS partition: a group of Regions that share a DNS
// suffix, an ARN partition and a set of accounts. Partitions are isolated
// from each other; a multi-Region trail covers the Regions of its own
// partition only.
//
// Partition is a comparable value; the zero Partition is not a partition.
type Partition struct {
	// ID is the partition identifier, which is also the partition
	// element of ARNs: "aws", "aws-cn", "aws-us-gov", ...
	ID string
	// Name is the partition's descriptive name, such as "AWS GovCloud (US)".
	Name string
	// DNSSuffix is the DNS suffix of the partition's service
	// endpoints, such as "amazonaws.com" or "amazonaws.com.cn".
	DNSSuffix string
	// DualStackDNSSuffix is the DNS suffix of the partition's
	// dual-stack (IPv4 and IPv6) endpoints, such as "api.aws".
	DualStackDNSSuffix string
	// SignInDomain is the host of the partition's global AWS Sign-In
	// endpoint, such as "signin.aws.amazon.com"; Regional sign-in
	// endpoints are "<region>." + SignInDomain.
	SignInDomain string
	// GlobalEventRegion is the Region in which CloudTrail records the
	// partition's global service events (IAM, CloudFront, STS through
	// the global endpoint): "us-east-1" for aws, "us-gov-west-1" for
	// aws-us-gov. For the other partitions AWS documents none; see
	// [GlobalEventRegion].
	GlobalEventRegion string
}

// Region is one AWS Region as this package knows it.
//
// The zero Region is not a Region.
type Region struct {
	// Name is the Region code, such as "us-east-1". It is the value of
	// a record's awsRegion field and of a trail's HomeRegion.
	Name string
	// Partition is the ID of the Region's partition, such as "aws".
	Partition string
	// Description is the Region's descriptive name, such as
	// "US East (N. Virginia)". It is empty for Regions this package
	// does not know.
	Description string
	// OptIn reports whether the Region is disabled by default: an
	// account must enable it before it can be used, and multi-Region
	// trails cover it only in accounts that enabled it. In the aws
	// partition, Regions launched on or after 2019-03-20 are opt-in.
	OptIn bool
}

// Partitions returns every partition this package knows, in a fixed
// order: aws first. The slice is a copy.
func Partitions() []Partition {
	out := make([]Partition, len(partitionTable))
	for i := range partitionTable {
		out[i] = partitionTable[i].Partition
	}
	return out
}

// PartitionByID returns the partition with the given ID, such as "aws"
// or "aws-us-gov". It reports false for an ID this package does not know.
func PartitionByID(id string) (Partition, bool) {
	i := partitionIndex(id)
	if i < 0 {
		return Partition{}, false
	}
	return partitionTable[i].Partition, true
}

// Lookup returns the Region with the given name, such as "eu-west-1".
// It reports false for a name this package does not know; use
// [PartitionOf] or [Infer] for Regions newer than this package.
func Lookup(name string) (Region, bool) {
	i := regionIndex(name)
	if i < 0 {
		return Region{}, false
	}
	return regionTable[i], true
}

// Infer returns the Region with the given name: the known Region if
// there is one, else a Region inferred from the name's shape (see
// [PartitionOf]) with an empty Description and OptIn set as
// [IsEnabledByDefault] decides. It reports false when the name is
// neither known nor shaped like a Region of any partition.
func Infer(name string) (Region, bool) {
	if r, ok := Lookup(name); ok {
		return r, true
	}
	pi := inferPartition(name)
	if pi < 0 {
		return Region{}, false
	}
	return Region{
		Name:      name,
		Partition: partitionTable[pi].ID,
		OptIn:     partitionTable[pi].newRegionsOptIn,
	}, true
}

// PartitionOf returns the partition of the named Region.
//
// A Region this package knows has its recorded partition. Any other
// name is matched against each partition's Region pattern, as the AWS
// SDKs do (botocore partitions.json regionRegex): "<prefix>-<word>-<n>"
// where prefix is "cn" for aws-cn, "us-gov" for aws-us-gov, "us-iso"
// for aws-iso, "us-isob" for aws-iso-b, "eu-isoe" for aws-iso-e,
// "us-isof" for aws-iso-f, "eusc-de" for aws-eusc and one of us, eu,
// ap, sa, ca, me, af, il, mx for aws; word is ASCII letters, digits and
// underscores and n is decimal digits. So "ap-southeast-9" is in aws
// and "us-gov-central-1" in aws-us-gov even before this package lists
// them. PartitionOf reports false for a name that fits no pattern.
func PartitionOf(region string) (Partition, bool) {
	if i := regionIndex(region); i >= 0 {
		return partitionTable[regionPartition(i)].Partition, true
	}
	pi := inferPartition(region)
	if pi < 0 {
		return Partition{}, false
	}
	return partitionTable[pi].Partition, true
}

// IsEnabledByDefault reports whether the named Region is enabled in
// every account of its partition without opting in.
//
// Known Regions answer from the table. In the aws partition, a Region
// this package does not know but whose name fits the partition's
// pattern is newer than the table, hence launched after 2019-03-20,
// hence opt-in: IsEnabledByDefault reports false. The other partitions
// have no opt-in Regions, so a well-formed unknown Region there is
// enabled by default. A name that fits no partition reports false.
func IsEnabledByDefault(region string) bool {
	r, ok := Infer(region)
	return ok && !r.OptIn
}

// Regions returns the Regions of p this package knows, sorted by name.
// The slice is a copy. It is empty for a partition this package does
// not know.
func (p Partition) Regions() []Region {
	return p.filter(func(Region) bool { return true })
}

// DefaultRegions returns the Regions of p that are enabled by default,
// sorted by name. The slice is a copy.
func (p Partition) DefaultRegions() []Region {
	return p.filter(func(r Region) bool { return !r.OptIn })
}

// OptInRegions returns the opt-in Regions of p, sorted by name. The
// slice is a copy.
func (p Partition) OptInRegions() []Region {
	return p.filter(func(r Region) bool { return r.OptIn })
}

// Contains reports whether the named Region belongs to p, by the rules
// of [PartitionOf].
func (p Partition) Contains(region string) bool {
	q, ok := PartitionOf(region)
	return ok && q.ID == p.ID
}

func (p Partition) filter(keep func(Region) bool) []Region {
	i := partitionIndex(p.ID)
	if i < 0 {
		return nil
	}
	info := &partitionTable[i]
	out := make([]Region, 0, info.hi-info.lo)
	for _, r := range regionTable[info.lo:info.hi] {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

// regionPartition returns the index in partitionTable of the partition
// of regionTable[i].
func regionPartition(i int) int {
	for pi := range partitionTable {
		if i >= partitionTable[pi].lo && i < partitionTable[pi].hi {
			return pi
		}
	}
	return -1
}

// inferPartition returns the index in partitionTable of the first
// partition whose Region pattern the name fits, or -1.
func inferPartition(name string) int {
	for pi := range partitionTable {
		for _, prefix := range partitionTable[pi].regionPrefixes {
			if fitsRegionPattern(name, prefix) {
				return pi
			}
		}
	}
	return -1
}

// fitsRegionPattern reports whether name is prefix + "-" + word + "-" +
// digits, word being one or more of [A-Za-z0-9_] and digits one or more
// of [0-9]: the regular expression ^prefix\-\w+\-\d+$ of botocore.
func fitsRegionPattern(name, prefix string) bool {
	if len(name) <= len(prefix)+1 || name[:len(prefix)] != prefix || name[len(prefix)] != '-' {
		return false
	}
	rest := name[len(prefix)+1:]
	dash := -1
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		switch {
		case c == '-':
			if dash >= 0 {
				return false
			}
			dash = i
		case dash < 0 && isWordByte(c):
		case dash >= 0 && '0' <= c && c <= '9':
		default:
			return false
		}
	}
	return dash > 0 && dash < len(rest)-1
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

// partitionInfo is a row of the generated partitionTable: the exported
// Partition plus what the package needs to answer questions about it.
type partitionInfo struct {
	Partition
	regionRegex     string   // botocore's pattern, kept for tests
	regionPrefixes  []string // fitsRegionPattern prefixes
	newRegionsOptIn bool     // Regions missing from the table are opt-in

	// Regions of console sign-ins through the global sign-in endpoint.
	signInRoot               []string
	signInIAMUserAliasCookie []string
	signInIAMUserNoCookie    []string

	lo, hi int // the partition's Regions are regionTable[lo:hi]
}
