package region

import "strings"

// Endpoint is what a service endpoint host name says about where a
// request was sent: which service, which Region, and whether the host is
// a partition-wide (global) endpoint. CloudTrail records the host a
// client asked for in tlsDetails.clientProvidedHostHeader.
//
// Endpoint is a comparable value; the zero Endpoint is not an endpoint.
type Endpoint struct {
	// Service is the endpoint prefix of the service, without any
	// "-fips" suffix: "sts", "iam", "s3", "signin" for AWS Sign-In.
	Service string
	// Region is the Region the host names, or, for a global endpoint,
	// the Region that endpoint belongs to: "us-east-1" for
	// sts.amazonaws.com and signin.aws.amazon.com.
	Region string
	// Partition is the ID of the partition of Region.
	Partition string
	// Global reports a partition-wide endpoint, such as
	// sts.amazonaws.com, iam.amazonaws.com or signin.aws.amazon.com,
	// rather than a Regional one such as sts.us-west-2.amazonaws.com.
	Global bool
	// FIPS reports a FIPS 140 endpoint ("sts-fips.us-east-1...").
	FIPS bool
	// DualStack reports an IPv4 and IPv6 endpoint ("sts.us-east-1.api.aws",
	// "s3.dualstack.us-east-1.amazonaws.com").
	DualStack bool
}

// ParseEndpoint parses an AWS service endpoint host name, as found in a
// record's tlsDetails.clientProvidedHostHeader. Case does not matter; a
// trailing dot and a ":port" are ignored. It reports false for a host
// that is not an endpoint of a known partition.
//
// The forms understood are:
//
//   - the partition-wide endpoints of IAM, STS and CloudFront listed by
//     the AWS SDKs, such as iam.amazonaws.com, sts.amazonaws.com,
//     iam.us-gov.amazonaws.com and iam.cn-north-1.amazonaws.com.cn
//     (Global, with the Region the endpoint is scoped to);
//   - AWS Sign-In: signin.aws.amazon.com and
//     <account-id-or-alias>.signin.aws.amazon.com (Global, us-east-1),
//     <region>.signin.aws.amazon.com (Regional), and the partitions'
//     equivalents such as signin.amazonaws-us-gov.com and
//     signin.amazonaws.cn;
//   - <service>.<region>.<dnsSuffix> and its FIPS
//     (<service>-fips.<region>...) and dual-stack
//     (<service>.<region>.<dualStackDnsSuffix>,
//     <service>.dualstack.<region>.<dnsSuffix>) variants, with any
//     labels in front (a bucket name, say) ignored;
//   - VPC endpoint names <id>.<service>.<region>.vpce.<dnsSuffix>;
//   - the legacy S3 form s3-<region>.amazonaws.com;
//   - <service>.<dnsSuffix> and <service>.global.<dualStackDnsSuffix>:
//     Global, with the partition's [Partition.GlobalEventRegion];
//   - <service>.<region-prefix>.<dnsSuffix> such as
//     route53.us-gov.amazonaws.com: Global in that partition.
//
// A label in the Region position that is shaped like a Region but
// belongs to no partition using the host's DNS suffix (such as
// sts.cn-north-1.amazonaws.com) makes the host invalid.
//
// ParseEndpoint parses host names only. A service principal such as
// "cloudtrail.amazonaws.com" in sourceIPAddress is not a request to an
// endpoint, even though it parses as one.
func ParseEndpoint(host string) (Endpoint, bool) {
	h, ok := normalizeHost(host)
	if !ok {
		return Endpoint{}, false
	}
	if e, ok := globalEndpoint(h); ok {
		return e, true
	}
	if e, ok, matched := parseSignIn(h); matched {
		return e, ok
	}
	return parseServiceHost(h)
}

// normalizeHost lower-cases host and strips a trailing dot and a
// ":port". It reports false unless the result is a syntactically valid
// DNS name of letters, digits, hyphens and underscores.
func normalizeHost(host string) (string, bool) {
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		port := host[i+1:]
		if port == "" || strings.IndexByte(host[:i], ':') >= 0 {
			return "", false
		}
		for j := 0; j < len(port); j++ {
			if port[j] < '0' || port[j] > '9' {
				return "", false
			}
		}
		host = host[:i]
	}
	host = strings.TrimSuffix(host, ".")
	if host == "" || len(host) > 253 {
		return "", false
	}
	upper := false
	label := 0
	for i := 0; i < len(host); i++ {
		c := host[i]
		switch {
		case c == '.':
			if label == 0 {
				return "", false
			}
			label = 0
			continue
		case 'A' <= c && c <= 'Z':
			upper = true
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_':
		default:
			return "", false
		}
		label++
		if label > 63 {
			return "", false
		}
	}
	if label == 0 {
		return "", false
	}
	if upper {
		host = strings.ToLower(host)
	}
	return host, true
}

// parseSignIn parses AWS Sign-In hosts: [<prefix>.]signin[-fips].<domain>
// where signin.<domain> is a partition's SignInDomain. matched reports
// whether h is under a partition's sign-in domain at all.
func parseSignIn(h string) (e Endpoint, ok, matched bool) {
	for pi := range partitionTable {
		p := &partitionTable[pi].Partition
		domain, cut := strings.CutPrefix(p.SignInDomain, "signin.")
		if !cut {
			continue
		}
		head, cut := cutDotSuffix(h, domain)
		if !cut {
			continue
		}
		label, prefix := splitLastLabel(head)
		var fips bool
		switch label {
		case "signin":
		case "signin-fips":
			// signin-fips.<domain>, used in GovCloud (US).
			fips = true
		default:
			continue
		}
		global := Endpoint{Service: "signin", Region: p.GlobalEventRegion, Partition: p.ID, Global: true, FIPS: fips}
		if prefix == "" {
			return global, true, true
		}
		first := lastLabel(prefix)
		if r, known := Infer(first); known {
			if r.Partition != p.ID {
				return Endpoint{}, false, true
			}
			return Endpoint{Service: "signin", Region: first, Partition: p.ID, FIPS: fips}, true, true
		}
		// <account-id-or-alias>.signin.aws.amazon.com: the global
		// endpoint, addressed through the account's sign-in URL.
		return global, true, true
	}
	return Endpoint{}, false, false
}

// parseServiceHost parses <...>.<service>.<region>.<suffix> and the
// other generic forms listed on ParseEndpoint.
func parseServiceHost(h string) (Endpoint, bool) {
	// Find the longest partition DNS suffix h ends with, and every
	// partition using it (aws and aws-us-gov share theirs).
	best, dual := "", false
	for pi := range partitionTable {
		p := &partitionTable[pi].Partition
		for _, s := range [...]struct {
			suffix string
			dual   bool
		}{{p.DNSSuffix, false}, {p.DualStackDNSSuffix, true}} {
			if len(s.suffix) > len(best) && hasDotSuffix(h, s.suffix) {
				best, dual = s.suffix, s.dual
			}
		}
	}
	if best == "" {
		return Endpoint{}, false
	}
	usesSuffix := func(pi int) bool {
		p := &partitionTable[pi].Partition
		if dual {
			return p.DualStackDNSSuffix == best
		}
		return p.DNSSuffix == best
	}
	firstPartition := -1
	for pi := range partitionTable {
		if usesSuffix(pi) {
			firstPartition = pi
			break
		}
	}
	rest := h[:len(h)-len(best)-1]
	last, before := splitLastLabel(rest)

	// regional returns the Regional endpoint of service svcLabel in
	// Region name, if name is a Region of a partition using the suffix.
	regional := func(svcLabel, name string, dualStack bool) (Endpoint, bool) {
		r, ok := Infer(name)
		if !ok {
			return Endpoint{}, false
		}
		pi := partitionIndex(r.Partition)
		if pi < 0 || !usesSuffix(pi) {
			return Endpoint{}, false
		}
		svc, fips := strings.CutSuffix(svcLabel, "-fips")
		if !isServiceLabel(svc) {
			return Endpoint{}, false
		}
		return Endpoint{Service: svc, Region: name, Partition: r.Partition, FIPS: fips, DualStack: dualStack || dual}, true
	}

	switch {
	case isRegionOfSuffix(last, usesSuffix):
		// <...>.<service>[.dualstack].<region>.<suffix>
		svc, more := splitLastLabel(before)
		dualStack := false
		if svc == "dualstack" {
			svc, _ = splitLastLabel(more)
			dualStack = true
		}
		if svc == "" {
			return Endpoint{}, false
		}
		return regional(svc, last, dualStack)

	case last == "vpce" && !dual:
		// <vpce-id>.<service>.<region>.vpce.<suffix>
		name, more := splitLastLabel(before)
		svc, _ := splitLastLabel(more)
		if svc == "" || name == "" {
			return Endpoint{}, false
		}
		return regional(svc, name, false)

	case strings.HasPrefix(last, "s3-") && !dual && isRegionOfSuffix(last[len("s3-"):], usesSuffix):
		// Legacy S3: <bucket>.s3-<region>.amazonaws.com
		return regional("s3", last[len("s3-"):], false)

	case last == "global" && dual:
		// <service>.global.<dualStackDnsSuffix>
		svc, _ := splitLastLabel(before)
		return globalService(svc, firstPartition, true)

	case looksLikeRegion(last):
		if pi := partitionWithPrefix(last, usesSuffix); pi >= 0 {
			// <service>.us-gov.amazonaws.com and the like.
			svc, _ := splitLastLabel(before)
			return globalService(svc, pi, dual)
		}
		return Endpoint{}, false

	case dual:
		// A dual-stack host must name a Region or "global".
		return Endpoint{}, false

	default:
		// <...>.<service>.<suffix>
		return globalService(last, firstPartition, false)
	}
}

func globalService(svcLabel string, pi int, dual bool) (Endpoint, bool) {
	if pi < 0 {
		return Endpoint{}, false
	}
	svc, fips := strings.CutSuffix(svcLabel, "-fips")
	if !isServiceLabel(svc) {
		return Endpoint{}, false
	}
	p := &partitionTable[pi].Partition
	return Endpoint{Service: svc, Region: p.GlobalEventRegion, Partition: p.ID, Global: true, FIPS: fips, DualStack: dual}, true
}

// isServiceLabel reports whether svc can be a service's endpoint prefix:
// not empty and not one of the labels endpoint host names use for
// something else.
func isServiceLabel(svc string) bool {
	switch svc {
	case "", "global", "dualstack", "vpce", "fips":
		return false
	}
	return true
}

// isRegionOfSuffix reports whether name is a Region (known or inferred)
// of a partition for which uses reports true.
func isRegionOfSuffix(name string, uses func(pi int) bool) bool {
	r, ok := Infer(name)
	if !ok {
		return false
	}
	pi := partitionIndex(r.Partition)
	return pi >= 0 && uses(pi)
}

// partitionWithPrefix returns the partition using the suffix one of
// whose Region prefixes, containing a hyphen, is label; or -1.
func partitionWithPrefix(label string, uses func(pi int) bool) int {
	for pi := range partitionTable {
		if !uses(pi) {
			continue
		}
		for _, pre := range partitionTable[pi].regionPrefixes {
			if pre == label && strings.IndexByte(pre, '-') >= 0 {
				return pi
			}
		}
	}
	return -1
}

// looksLikeRegion reports whether label is shaped like a Region name of
// some partition, known or not, rather than like a service name: a
// hyphenated Region prefix such as "us-gov", or at least three
// hyphen-separated parts of which the first is two to four letters and
// the last starts with a digit ("us-east-1", "ap-isob-east-1", and
// made-up names such as "us-north-2r" in anonymised logs). Service
// labels such as "ec2-instance-connect" or "s3-external-1" start with
// a digit-bearing part and do not qualify.
func looksLikeRegion(label string) bool {
	if partitionWithPrefix(label, func(int) bool { return true }) >= 0 {
		return true
	}
	first := strings.IndexByte(label, '-')
	last := strings.LastIndexByte(label, '-')
	if first < 2 || first > 4 || first == last || last == len(label)-1 {
		return false
	}
	for i := 0; i < first; i++ {
		if c := label[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	c := label[last+1]
	return '0' <= c && c <= '9'
}

// hasDotSuffix reports whether h is "<something>." + suffix.
func hasDotSuffix(h, suffix string) bool {
	return len(h) > len(suffix)+1 && h[len(h)-len(suffix)-1] == '.' && h[len(h)-len(suffix):] == suffix
}

// cutDotSuffix returns h without "." + suffix, if h has it.
func cutDotSuffix(h, suffix string) (string, bool) {
	if !hasDotSuffix(h, suffix) {
		return "", false
	}
	return h[:len(h)-len(suffix)-1], true
}

// lastLabel returns the last dot-separated label of s.
func lastLabel(s string) string {
	l, _ := splitLastLabel(s)
	return l
}

// splitLastLabel splits s into its last dot-separated label and what
// comes before it (without the dot).
func splitLastLabel(s string) (last, before string) {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:], s[:i]
	}
	return s, ""
}
