package region

import (
	"slices"
	"strings"
	"time"
)

// GlobalEventRegion returns the Region in which CloudTrail records the
// global service events of the partition with the given ID, or "" for a
// partition this package does not know.
//
// For aws it is us-east-1 (CloudTrail User Guide, "Global service
// events") and for aws-us-gov us-gov-west-1 (AWS GovCloud (US) User
// Guide, "AWS CloudTrail in AWS GovCloud (US)"). AWS documents no such
// Region for the other partitions; this package uses the Region the
// AWS SDKs scope IAM's partition endpoint to (cn-north-1,
// us-iso-east-1, us-isob-east-1, us-isof-south-1), and for aws-iso-e
// and aws-eusc, which have no IAM partition endpoint in the SDKs, the
// partition's only Region (eu-isoe-west-1, eusc-de-east-1).
func GlobalEventRegion(partition string) string {
	p, _ := PartitionByID(partition)
	return p.GlobalEventRegion
}

// IsGlobalService reports whether CloudTrail treats the service with
// the given event source as a global service: IAM
// ("iam.amazonaws.com"), AWS STS ("sts.amazonaws.com"), CloudFront
// ("cloudfront.amazonaws.com") and AWS Sign-In ("signin.amazonaws.com").
//
// For STS and sign-in only calls to the global endpoint are global
// service events; calls to Regional endpoints are recorded in their
// Region like any other event. Use [Origin.IsGlobal] to decide for one
// record.
func IsGlobalService(eventSource string) bool {
	return isGlobalServiceSource(eventSource)
}

// Origin holds the fields of a CloudTrail record that tell whether it is
// a global service event. Fill in what the record has; leave the rest
// empty.
type Origin struct {
	// EventSource is the record's eventSource, such as "sts.amazonaws.com".
	EventSource string
	// AWSRegion is the record's awsRegion.
	AWSRegion string
	// HostHeader is tlsDetails.clientProvidedHostHeader: the endpoint
	// host the client called (eventVersion 1.08 and later).
	HostHeader string
	// EndpointType is additionalEventData.RequestDetails.endpointType
	// of STS records: "global" or "regional".
	EndpointType string
}

// IsGlobal reports whether the record is a global service event: one
// that trails receive only when IncludeGlobalServiceEvents is true, and
// that before 2021-11-22 was delivered to every such trail in every
// Region (see [GlobalEventRule]).
//
// IAM and CloudFront events are always global. An STS event is global
// when the global endpoint sts.amazonaws.com was called (IAM User Guide,
// "AWS STS Regions and endpoints": global endpoint calls are logged in
// us-east-1, Regional endpoint calls in their Region); a console
// sign-in event is global when the global sign-in endpoint was used
// (CloudTrail User Guide, "AWS Management Console sign-in events").
// For these two the evidence is weighed in this order:
//
//  1. EndpointType, "global" or "regional" (STS records since 2025);
//  2. HostHeader, parsed by [ParseEndpoint]: a global endpoint host means
//     global, a Regional one Regional. For sign-in there is one
//     exception: the console proxy forwards sign-ins begun at the global
//     endpoint to the sign-in hosts of the [ConsoleSignInRegions] (the
//     guide's IAM-user examples, recorded in us-east-1, carry the host
//     us-east-1.signin.aws.amazon.com), so a Regional sign-in host in
//     one of those Regions is no evidence either way;
//  3. otherwise AWSRegion: an STS event recorded in its partition's
//     [GlobalEventRegion] is taken to be a global-endpoint call, and a
//     sign-in event recorded in one of [ConsoleSignInRegions] a global
//     sign-in. This guess can only be wrong for a Regional call made in
//     that very Region, which is recorded in the same place.
//
// Every other event source is not global.
func (o Origin) IsGlobal() bool {
	switch o.EventSource {
	case "iam.amazonaws.com", "cloudfront.amazonaws.com":
		return true
	case "sts.amazonaws.com", "signin.amazonaws.com":
	default:
		return false
	}
	service := "sts"
	if o.EventSource == "signin.amazonaws.com" {
		service = "signin"
	}
	switch {
	case strings.EqualFold(o.EndpointType, "global"):
		return true
	case strings.EqualFold(o.EndpointType, "regional"):
		return false
	}
	if e, ok := ParseEndpoint(o.HostHeader); ok && e.Service == service {
		if e.Global {
			return true
		}
		if service == "sts" || !isConsoleSignInRegion(partitionIndex(e.Partition), e.Region) {
			return false
		}
		// A Regional sign-in host in one of the Regions the console
		// proxy forwards global sign-ins to proves nothing: decide by
		// awsRegion, below.
	}
	p, ok := PartitionOf(o.AWSRegion)
	if !ok {
		return false
	}
	if service == "signin" {
		return isConsoleSignInRegion(partitionIndex(p.ID), o.AWSRegion)
	}
	return o.AWSRegion == p.GlobalEventRegion
}

// ConsoleSignInRegions returns, sorted, the Regions in which CloudTrail
// may record a console sign-in through the global sign-in endpoint of
// the partition with the given ID. The slice is a copy.
//
// For aws (CloudTrail User Guide, "AWS Management Console sign-in
// events"): a root user's sign-in is recorded in us-east-1, us-east-2
// or us-west-2; an IAM user's in us-east-2, eu-north-1 or
// ap-southeast-2 when the browser has an account-alias cookie (the
// console proxy routes by latency) and in us-east-1 when it has not.
// A sign-in through a Regional endpoint is recorded in that Region. For
// the other partitions AWS documents nothing; the result is the
// partition's [GlobalEventRegion] alone. It is nil for an unknown
// partition.
func ConsoleSignInRegions(partition string) []string {
	return consoleSignInRegions(partitionIndex(partition))
}

// isConsoleSignInRegion reports whether name is one of
// consoleSignInRegions(pi), without allocating.
func isConsoleSignInRegion(pi int, name string) bool {
	if pi < 0 {
		return false
	}
	info := &partitionTable[pi]
	if info.signInRoot == nil && info.signInIAMUserAliasCookie == nil && info.signInIAMUserNoCookie == nil {
		return name == info.GlobalEventRegion
	}
	return slices.Contains(info.signInRoot, name) ||
		slices.Contains(info.signInIAMUserAliasCookie, name) ||
		slices.Contains(info.signInIAMUserNoCookie, name)
}

func consoleSignInRegions(pi int) []string {
	if pi < 0 {
		return nil
	}
	info := &partitionTable[pi]
	var out []string
	for _, list := range [...][]string{info.signInRoot, info.signInIAMUserAliasCookie, info.signInIAMUserNoCookie} {
		for _, r := range list {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	if len(out) == 0 {
		out = append(out, info.GlobalEventRegion)
	}
	slices.Sort(out)
	return out
}

// GlobalEventRule is the dated rule for where CloudTrail records global
// service events.
//
// Before the cutover, global service events were delivered to every
// trail with IncludeGlobalServiceEvents set, whatever its Region, so
// several single-Region trails each received a copy. From the cutover
// on (2021-11-22, CloudTrail User Guide, "Global service events"; AWS
// GovCloud (US) User Guide, "AWS CloudTrail in AWS GovCloud (US)"), a
// global service event is recorded only in the Region its awsRegion
// names, which for IAM, CloudFront and global-endpoint STS is the
// partition's [GlobalEventRegion] (us-east-1; us-gov-west-1 in GovCloud
// (US)): only trails that cover that Region and include global service
// events receive it. The guide notes that some global service events
// are logged as occurring in us-east-2 or us-west-2, and console
// sign-ins may be recorded in several Regions (see
// [ConsoleSignInRegions]); such events are taken to be recorded in the
// Region their awsRegion names.
//
// The zero GlobalEventRule applies the current behaviour at every
// time. AWS gives the change as a day, not an instant;
// [DefaultGlobalEventRule] takes midnight UTC, and callers that know
// better can set their own Cutover.
type GlobalEventRule struct {
	// Cutover is the first instant from which global service events
	// are recorded only in their own Region.
	Cutover time.Time
}

// DefaultGlobalEventRule returns the rule as AWS documents it: cutover
// at 2021-11-22T00:00:00Z.
func DefaultGlobalEventRule() GlobalEventRule {
	return GlobalEventRule{Cutover: globalEventCutover()}
}

// RecordedInHomeOnly reports whether a global service event that
// happened at t is recorded only in the Region its awsRegion names (for
// IAM, CloudFront and global STS, the partition's [GlobalEventRegion])
// rather than delivered to trails with IncludeGlobalServiceEvents in
// every Region. It is true from r.Cutover on.
func (r GlobalEventRule) RecordedInHomeOnly(t time.Time) bool {
	return !t.Before(r.Cutover)
}
