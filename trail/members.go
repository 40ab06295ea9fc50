package trail

import (
	"slices"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/region"
)

// routeMembers are the top-level members of a record that routing reads
// under every deployment:
//
//   - the account of the copy (event.Record.Recipient):
//     recipientAccountId, a network activity event's
//     vpcEndpointAccountId (userIdentity.accountId, last, is left to
//     NeedsWhole);
//   - the Region and the category, and from it the folder
//     (event.Record.Category, KindOf): awsRegion, eventCategory,
//     eventType, insightDetails, managementEvent, and eventSource and
//     eventName for records that predate managementEvent;
//   - whether it is a global service event (IsGlobalServiceEvent):
//     eventSource, awsRegion, tlsDetails.clientProvidedHostHeader and
//     additionalEventData.RequestDetails.endpointType;
//   - the day folder and the global-event rule of its date
//     (event.Record.Occurred): eventTime;
//   - what decides Insights events and the reasons given for them:
//     insightDetails (event.Record.InsightOn).
//
// Aggregated events and an event data store's Insights records are
// routed by members Record does not model (accountId, timeWindow,
// summary, insightType), which a reader that decodes some members only
// does not keep: NeedsWhole reports them.
var routeMembers = []string{
	"recipientAccountId", "vpcEndpointAccountId",
	"awsRegion", "eventCategory", "eventType", "insightDetails", "managementEvent",
	"eventSource", "eventName",
	"tlsDetails", "additionalEventData",
	"eventTime",
}

// selectorMembers are the members the event selector fields (selector
// package) read beside those of routeMembers (eventCategory, eventSource,
// eventName, eventType), by the explainUses bit of the field
// (TestSelectorMembers checks every bit has its member). userIdentity.arn
// is read as the path it is (event.DecodeOnly decodes that member of
// userIdentity only), with userIdentity.accountId, the account of a
// record that names none elsewhere (event.Record.Recipient), which
// NeedsWhole would otherwise report for each record with a userIdentity.
var selectorMembers = []selectorMember{
	{usesReadOnly, "readOnly"},
	{usesConsole, "sessionCredentialFromConsole"},
	{usesUserARN, "userIdentity.arn"},
	{usesUserARN, "userIdentity.accountId"},
	{usesResourceType, "resources"},
	{usesResourceARN, "resources"},
	{usesErrorCode, "errorCode"},
	{usesVPCE, "vpcEndpointId"},
}

// selectorMember is the member a selector field reads.
type selectorMember struct {
	uses   explainUses
	member string
}

// Members returns the names of the members of a record (the names of
// the JSON, as in event.Record's json tags, and paths into userIdentity
// as event.DecodeOnly reads them) that routing reads under this Router,
// for a reader that decodes only those (event.DecodeOnly): routing a
// record of which only these members were decoded, the others left zero,
// gives the Result routing the whole record gives, reasons included,
// unless NeedsWhole reports it. They are what decides the account,
// Region, category, folder, day and global-service rule of a record and
// its Insights, and the members the trails' event selectors name
// (readOnly, sessionCredentialFromConsole, userIdentity.arn, resources
// for resources.type and resources.ARN, errorCode, vpcEndpointId).
//
// Of userIdentity, the paths userIdentity.arn and userIdentity.accountId
// are among them when a selector names userIdentity.arn (the account of
// a record that names none elsewhere, event.Record.Recipient, is
// userIdentity.accountId); otherwise routing reads userIdentity only for
// that account, which NeedsWhole reports.
//
// Members returns nil, which event.DecodeOnly reads as every member, when
// a selector names a field routing does not know. The slice is the
// caller's, sorted.
func (r *Router) Members() []string {
	if r.uses&usesUnknown != 0 {
		return nil
	}
	out := slices.Clone(routeMembers)
	for _, m := range selectorMembers {
		if r.uses&m.uses != 0 {
			out = append(out, m.member)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// globalMembers are the members of routeMembers that routing reads of the
// records of a global service only (originOf), whose eventSource
// region.IsGlobalService reports: the endpoint a call went to.
var globalMembers = []string{"tlsDetails", "additionalEventData"}

// MembersIf returns Members less the members routing reads of some
// records only, and those as a condition for event.DecodeOnlyIf:
// tlsDetails and additionalEventData, which tell the endpoint of a call
// to a global service (IsGlobalServiceEvent), are read of the records
// whose eventSource is a global service's (region.IsGlobalService) and
// of no other. A reader that decodes members with
// event.DecodeOnly(members...) and event.DecodeOnlyIf(c) gives records
// that route as those read with event.DecodeOnly(Members()...) do; it
// skips the two members of most records. Both are zero when Members is
// nil.
func (r *Router) MembersIf() (members []string, c event.Condition) {
	all := r.Members()
	if all == nil {
		return nil, event.Condition{}
	}
	members = slices.DeleteFunc(all, func(m string) bool { return slices.Contains(globalMembers, m) })
	c = event.Condition{Key: "eventSource", When: region.IsGlobalService, Members: slices.Clone(globalMembers)}
	return members, c
}

// NeedsWhole reports whether rec, a record of which only Members were
// decoded, may lack something routing it reads, so that it must be
// decoded whole to be routed right. Such records are rare:
//
//   - aggregated events, routed by their accountId, timeWindow and
//     summary, members event.Record does not model: records of category
//     Aggregated (event.Record.Category), and any record of eventType
//     AwsAggregatedEvent or eventCategory Aggregated, whose time is its
//     timeWindow's end when it has no eventTime (event.Record.Occurred);
//   - an event data store's Insights records, which carry their
//     insightType as a member of their own instead of in insightDetails;
//   - records that name their account only in userIdentity.accountId
//     (older than eventVersion 1.02, without recipientAccountId) when
//     userIdentity was not decoded.
//
// These are also the records whose event.Record.Title and ID read
// members event.Record does not model. NeedsWhole is false for every
// record when Members is nil (every member decoded).
func (r *Router) NeedsWhole(rec *event.Record) bool {
	if r.uses&usesUnknown != 0 || rec == nil {
		return false
	}
	if rec.IsAggregated() {
		return true
	}
	switch c, _ := rec.Category(); c {
	case event.CategoryAggregated:
		return true
	case event.CategoryInsight:
		if rec.InsightDetails == nil {
			return true
		}
	}
	return rec.UserIdentity == nil && rec.Recipient() == ""
}
