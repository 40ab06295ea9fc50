package trail

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/trailmap/trailmap/internal/arn"
	"github.com/trailmap/trailmap/region"
	"github.com/trailmap/trailmap/selector"
)

// The codes of findings. They do not change between releases; the
// messages may improve.
const (
	// FindingGlobalEventsDuplicated: since 2021-11-22 two or more trails
	// receive the same account's global service events and write them
	// to the same bucket and prefix, so every such event is stored twice.
	FindingGlobalEventsDuplicated = "GlobalEventsDuplicated"
	// FindingGlobalEventsDuplicatedBefore2021: before 2021-11-22 every
	// trail that included global service events received them, in any
	// Region; these trails stored them more than once under one bucket
	// and prefix then (worth knowing when reading old logs).
	FindingGlobalEventsDuplicatedBefore2021 = "GlobalEventsDuplicatedBefore2021"
	// FindingGlobalEventsNotReceived: a single-Region trail outside the
	// Region where global service events are recorded includes them, yet
	// has received none since 2021-11-22 (homed in a Region where the
	// console records sign-ins, such as us-east-2, only those).
	FindingGlobalEventsNotReceived = "GlobalEventsNotReceived"
	// FindingNoBucket: the trail names no S3 bucket. CreateTrail requires
	// S3BucketName, so the configuration is incomplete; routing still
	// works, since delivery keys do not include the bucket.
	FindingNoBucket = "NoBucket"
	// FindingNotLogging: IsLogging is false; the trail delivers nothing.
	FindingNotLogging = "NotLogging"
	// FindingLogsNothing: the trail's event selectors select no event.
	FindingLogsNothing = "LogsNothing"
	// FindingSelectorNeverMatches: a condition of an advanced selector
	// can never hold, so the selector selects nothing.
	FindingSelectorNeverMatches = "SelectorNeverMatches"
	// FindingDeselectExcludesNothing: a resources.ARN NotEquals value
	// names an S3 bucket, which no object ARN equals; the objects meant
	// to be excluded are logged.
	FindingDeselectExcludesNothing = "DeselectExcludesNothing"
	// FindingOrgTrailOptInHome: an organization trail is homed in an
	// opt-in Region that some member accounts have not enabled; those
	// members get no copy and nothing of theirs is delivered.
	FindingOrgTrailOptInHome = "OrgTrailOptInHome"
	// FindingUnknownResourceType: an advanced selector's resources.type is
	// not in the dated table of documented data resource types
	// (selector.TablesDate): newer than the table, or a typo AWS rejects.
	FindingUnknownResourceType = selector.WarnUnknownResourceType
	// FindingUnknownNetworkEventSource: a network activity selector's
	// eventSource is not among the documented ones of the table's date.
	FindingUnknownNetworkEventSource = selector.WarnUnknownNetworkEventSource
	// FindingDefaultRegionListed: an account's EnabledRegions lists a
	// Region that is enabled by default; the entry changes nothing.
	FindingDefaultRegionListed = "DefaultRegionListed"
	// FindingNoTrails: the deployment has no trail, so nothing is
	// recorded beyond the 90 days of Event history (describe-trails of
	// an account without trails prints an empty trailList).
	FindingNoTrails = "NoTrails"
	// FindingLiteralWildcard: a value of an advanced selector holds '*',
	// which CloudTrail matches as an asterisk, not as a wildcard.
	FindingLiteralWildcard = "LiteralWildcard"
	// FindingLogDeliveryFailing: get-trail-status reports an S3 error
	// delivering the trail's log files (LatestDeliveryError), usually a
	// bucket policy that does not let CloudTrail write.
	FindingLogDeliveryFailing = "LogDeliveryFailing"
	// FindingDigestDeliveryFailing: the same for digest files
	// (LatestDigestDeliveryError); log file validation has gaps.
	FindingDigestDeliveryFailing = "DigestDeliveryFailing"
	// FindingCloudWatchLogsDeliveryFailing: CloudTrail cannot send the
	// trail's events to its CloudWatch Logs log group
	// (LatestCloudWatchLogsDeliveryError).
	FindingCloudWatchLogsDeliveryFailing = "CloudWatchLogsDeliveryFailing"
	// FindingNotificationFailing: CloudTrail cannot publish the trail's
	// SNS notifications (LatestNotificationError).
	FindingNotificationFailing = "NotificationFailing"
)

// statusErrorMembers are the members of get-trail-status output that
// report a delivery error, in the order Check looks at them.
var statusErrorMembers = []string{"LatestDeliveryError", "LatestDigestDeliveryError", "LatestCloudWatchLogsDeliveryError", "LatestNotificationError"}

// Finding is something a person wants to know before trusting a setup:
// not an error AWS would return, but a configuration that does not do
// what it seems to.
type Finding struct {
	// Code is one of the Finding* constants.
	Code string
	// Trails holds the TrailARN (or Name, when there is no ARN) of each
	// trail concerned, in deployment order; empty for account findings.
	Trails []string
	// Accounts holds the accounts concerned, if any.
	Accounts []string
	// Path locates the configuration in the deployment, when one place
	// is to blame, e.g. "trails[1].AdvancedEventSelectors[0].FieldSelectors[2]".
	Path string
	// Message says, for a person, what is wrong and its consequence.
	Message string
	// Fact cites the documented behaviour the finding rests on.
	Fact string
}

// String returns "<code>: <message>".
func (f Finding) String() string { return f.Code + ": " + f.Message }

const (
	factGlobal       = "CloudTrail User Guide, \"Receiving CloudTrail log files from multiple Regions\" / global service events: since 2021-11-22 recorded only in us-east-1 (us-gov-west-1 in AWS GovCloud (US)) and delivered only to trails covering that Region"
	factGlobalOld    = "CloudTrail User Guide (2021 and before): global service events were delivered to every trail with IncludeGlobalServiceEvents, in any Region"
	factBucket       = "CloudTrail API, CreateTrail: S3BucketName is required"
	factLogging      = "CloudTrail API, StopLogging / GetTrailStatus IsLogging: a trail that is not logging delivers no events"
	factSelectors    = "CloudTrail API, PutEventSelectors: an event is logged when it matches any event selector"
	factS3NotEq      = "CloudTrail User Guide, \"Filtering data events by using advanced event selectors\": S3 object ARNs are arn:aws:s3:::bucket/key, so exclude a bucket with NotStartsWith; Equals and NotEquals match whole ARNs"
	factARNType      = "CloudTrail API, AdvancedFieldSelector: resources.ARN values must be ARNs of the resources.type resource"
	factOrgOptIn     = "CloudTrail User Guide, \"Creating a trail for an organization\": a trail homed in an opt-in Region logs nothing for member accounts that have not enabled that Region"
	factTables       = "CloudTrail User Guide, \"Logging data events\" (resources.type values) and \"Logging network activity events\" (eventSource values), as of " + selector.TablesDate
	factNoTrails     = "CloudTrail User Guide, \"Security best practices in AWS CloudTrail\": Event history keeps 90 days of management events only; for an ongoing record you must create a trail"
	factStatus       = "CloudTrail API Reference, GetTrailStatus: LatestDeliveryError and LatestDigestDeliveryError are S3 errors met delivering log and digest files to the bucket (fix the bucket policy, or create a new bucket and call UpdateTrail); LatestCloudWatchLogsDeliveryError and LatestNotificationError are the CloudWatch Logs and SNS errors"
	factWildcard     = "CloudTrail API Reference, AdvancedFieldSelector: selectors don't support the use of wildcards like *; to match several values with one condition use StartsWith, EndsWith, NotStartsWith or NotEndsWith"
	factSingleRegion = "CloudTrail User Guide: a single-Region trail has only the events logged in its own Region, a multi-Region trail those of the Regions of its partition, and a data event is logged in the Region of its resource (the partition and Region elements of the resource's ARN)"
	factOptIn        = "AWS Account Management Reference, \"Enable or disable Regions\": Regions launched before 2019-03-20 are enabled by default"
)

// Check returns what a person should know about d before trusting it, in
// a fixed order (by code, then deployment order). It does not validate; run
// [Deployment.Validate] first. Findings:
//
//   - GlobalEventsDuplicated (current era, since 2021-11-22): trails that
//     each receive one account's global service events — logging trails
//     that include them, log management events and cover us-east-1
//     (multi-Region, or homed there; us-gov-west-1 in GovCloud) — writing
//     to the same S3 bucket and prefix.
//   - GlobalEventsDuplicatedBefore2021: the same for the era before
//     2021-11-22, when every trail including them received them.
//   - GlobalEventsNotReceived: single-Region trails outside us-east-1
//     that include global service events, which have received none since
//     2021-11-22 but the console sign-ins recorded in their Region.
//   - NotLogging, LogsNothing: trails that deliver nothing (IsLogging
//     false; basic selectors without management events or data
//     resources; advanced selectors each with a condition that never
//     holds).
//   - SelectorNeverMatches: a resource ARN (basic DataResources value,
//     resources.ARN Equals or StartsWith) of another partition than the
//     trail's, or of another Region than the home Region of a
//     single-Region trail; a field selector whose Equals
//     values are all deselected again by its NotEquals, two conditions on
//     one field with disjoint Equals values, resources.ARN Equals an S3
//     bucket (no object ARN equals it) or a value whose ARN service is not
//     that of resources.type (arn:aws:lambda:… for AWS::S3::Object).
//   - LiteralWildcard: a value with '*' in an advanced selector, which
//     CloudTrail matches literally (no wildcards).
//   - DeselectExcludesNothing: resources.ARN NotEquals an S3 bucket ARN
//     (arn:aws:s3:::b or arn:aws:s3:::b/), the NotEquals pitfall.
//   - OrgTrailOptInHome: organization trails homed in an opt-in Region
//     that members have not enabled.
//   - UnknownResourceType, UnknownNetworkEventSource: values missing from
//     the dated tables of documented values (selector.Options).
//   - DefaultRegionListed: default Regions in EnabledRegions.
//   - LogDeliveryFailing, DigestDeliveryFailing,
//     CloudWatchLogsDeliveryFailing, NotificationFailing: the delivery
//     errors of get-trail-status (LatestDeliveryError and its siblings,
//     members of the trail).
//   - NoTrails: a deployment without trails (an empty describe-trails
//     trailList): nothing is recorded beyond Event history.
//   - SelectorsNotGiven, InsightSelectorsNotGiven: describe-trails flags
//     promise selectors the deployment lacks.
//   - NoManagementEvents, DataEventsSomeRegions, LoggedTwice: from
//     Router.Coverage at the current time (for a valid deployment).
//   - GlobalEventsNotLogged: from the same, accounts that log management
//     events but whose global service events (IAM, CloudFront, STS
//     through its global endpoint) no trail receives.
//   - ManagementEventsPartial: from the same, accounts and Regions whose
//     trails log read management events but no write ones, or the
//     reverse.
//   - ManagementEventsCharged, DataEventsCharged: from the same, trails
//     delivering some of the same management (or data) events of an
//     account and Region, in any buckets: only the first copy of a
//     management event is free, every copy of a data event is charged
//     ("Managing CloudTrail trail costs").
func Check(d *Deployment) []Finding {
	if d == nil {
		return nil
	}
	var out []Finding
	if len(d.Trails) == 0 {
		out = append(out, Finding{Code: FindingNoTrails, Path: "trails",
			Message: "The deployment has no trail: nothing is recorded beyond the 90 days of management events in Event history. Create a trail (a multi-Region one logs every enabled Region).",
			Fact:    factNoTrails})
	}
	x := newDeploymentIndex(d)
	out = append(out, checkGlobalDuplicates(x, true)...)
	out = append(out, checkGlobalDuplicates(x, false)...)
	out = append(out, checkGiven(d)...)
	out = append(out, checkCoverage(d)...)
	for i := range d.Trails {
		t := &d.Trails[i]
		path := "trails[" + strconv.Itoa(i) + "]"
		id := trailID(t)
		if t.S3BucketName == "" {
			out = append(out, Finding{Code: FindingNoBucket, Trails: []string{id}, Path: path + ".S3BucketName",
				Message: fmt.Sprintf("Trail %s names no S3 bucket; a real trail always has one.", id), Fact: factBucket})
		}
		if !t.Logging() {
			out = append(out, Finding{Code: FindingNotLogging, Trails: []string{id}, Path: path + ".IsLogging",
				Message: fmt.Sprintf("Trail %s is not logging (IsLogging false); it delivers no events.", id), Fact: factLogging})
		}
		out = append(out, checkStatus(t, id, path)...)
		if t.IncludesGlobalServiceEvents() && !t.IsMultiRegionTrail {
			home := t.Home()
			part := partitionOfRegion(home)
			if gr := region.GlobalEventRegion(part); gr != "" && home != gr {
				msg := fmt.Sprintf("Trail %s is a single-Region trail in %s that includes global service events; since 2021-11-22 they are recorded only in %s, so it receives none (before then it received them).", id, home, gr)
				if slices.Contains(region.ConsoleSignInRegions(part), home) {
					// The console sign-in endpoint records some sign-ins in
					// this Region (CloudTrail User Guide, "AWS Management
					// Console sign-in events"); the Router delivers those.
					msg = fmt.Sprintf("Trail %s is a single-Region trail in %s that includes global service events; since 2021-11-22 IAM, CloudFront and global-endpoint STS events are recorded only in %s, so of them it can receive only the console sign-in events recorded in %s (before then it received them all).", id, home, gr, home)
				}
				out = append(out, Finding{Code: FindingGlobalEventsNotReceived, Trails: []string{id}, Path: path + ".IncludeGlobalServiceEvents",
					Message: msg, Fact: factGlobal})
			}
		}
		out = append(out, checkSelectors(t, id, path)...)
		if t.IsOrganizationTrail && d.Organization != nil {
			home := t.Home()
			if home != "" && !region.IsEnabledByDefault(home) {
				var missing []string
				for _, m := range x.memberList {
					if m != t.Account() && !x.regionEnabled(m, home) {
						missing = append(missing, m)
					}
				}
				if len(missing) > 0 {
					out = append(out, Finding{Code: FindingOrgTrailOptInHome, Trails: []string{id}, Accounts: missing, Path: path + ".HomeRegion",
						Message: fmt.Sprintf("Organization trail %s is homed in opt-in Region %s, which %s: they get no copy of the trail and none of their events is delivered.", id, home, notEnabled(missing)),
						Fact:    factOrgOptIn})
				}
			}
		}
	}
	accts := make([]string, 0, len(d.Accounts))
	for a := range d.Accounts {
		accts = append(accts, a)
	}
	slices.Sort(accts)
	for _, a := range accts {
		for j, r := range d.Accounts[a].EnabledRegions {
			if region.IsEnabledByDefault(r) {
				out = append(out, Finding{Code: FindingDefaultRegionListed, Accounts: []string{a},
					Path:    "accounts[" + strconv.Quote(a) + "].EnabledRegions[" + strconv.Itoa(j) + "]",
					Message: fmt.Sprintf("Account %s lists %s in EnabledRegions, but %s is enabled by default; the entry changes nothing.", a, r, r),
					Fact:    factOptIn})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// checkStatus reports the delivery errors get-trail-status gave for t
// (kept as members of the trail).
func checkStatus(t *Trail, id, path string) []Finding {
	var out []Finding
	for _, k := range statusErrorMembers {
		raw, ok := t.Unknown(k)
		if !ok {
			continue
		}
		var v string
		if json.Unmarshal(raw, &v) != nil || v == "" {
			continue
		}
		f := Finding{Trails: []string{id}, Path: path + "." + k, Fact: factStatus}
		switch k {
		case "LatestDeliveryError":
			f.Code = FindingLogDeliveryFailing
			f.Message = fmt.Sprintf("Trail %s: the latest delivery of log files to bucket %s failed with the S3 error %q (get-trail-status LatestDeliveryError); until CloudTrail can write there, its events do not reach the bucket. Fix the bucket policy, or give the trail a new bucket (UpdateTrail).", id, t.S3BucketName, v)
		case "LatestDigestDeliveryError":
			f.Code = FindingDigestDeliveryFailing
			f.Message = fmt.Sprintf("Trail %s: the latest delivery of digest files to bucket %s failed with the S3 error %q (get-trail-status LatestDigestDeliveryError); log file integrity validation finds no digests for that time.", id, t.S3BucketName, v)
		case "LatestCloudWatchLogsDeliveryError":
			f.Code = FindingCloudWatchLogsDeliveryFailing
			f.Message = fmt.Sprintf("Trail %s: sending events to CloudWatch Logs log group %s failed with %q (get-trail-status LatestCloudWatchLogsDeliveryError); check the role %s and its policy.", id, orNone(t.CloudWatchLogsLogGroupArn), v, orNone(t.CloudWatchLogsRoleArn))
		case "LatestNotificationError":
			f.Code = FindingNotificationFailing
			f.Message = fmt.Sprintf("Trail %s: publishing the log file notification to SNS failed with %q (get-trail-status LatestNotificationError); check the topic policy.", id, v)
		}
		out = append(out, f)
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return "(none named)"
	}
	return s
}

// notEnabled says that the member accounts have not enabled a Region, with
// the verb agreeing.
func notEnabled(accts []string) string {
	if len(accts) == 1 {
		return "member account " + accts[0] + " has not enabled"
	}
	return "member accounts " + strings.Join(accts, ", ") + " have not enabled"
}

func trailID(t *Trail) string {
	if t.TrailARN != "" {
		return t.TrailARN
	}
	return t.Name
}

// logsManagement reports whether some selector of t selects management
// events (no selectors: the default, all management events).
func logsManagement(t *Trail) bool {
	if len(t.EventSelectors) == 0 && len(t.AdvancedEventSelectors) == 0 {
		return true
	}
	for _, s := range t.EventSelectors {
		if s.IncludeManagementEvents == nil || *s.IncludeManagementEvents {
			return true
		}
	}
	for _, a := range t.AdvancedEventSelectors {
		for _, f := range a.Fields {
			if f.Field == selector.FieldEventCategory && slices.Contains(f.Equals, "Management") {
				return true
			}
		}
	}
	return false
}

// checkGlobalDuplicates finds trails writing one account's global service
// events to one bucket and prefix, in the current era or the one before
// 2021-11-22.
func checkGlobalDuplicates(x *deploymentIndex, current bool) []Finding {
	d := x.d
	type dest struct{ bucket, prefix string }
	type group struct {
		trails   []int
		accounts []string
	}
	groups := map[string]*group{}
	var order []string
	for _, acct := range x.accounts {
		byDest := map[dest][]int{}
		var dests []dest
		for _, i := range x.candidates(acct) {
			t := &d.Trails[i]
			if !t.Logging() || !t.IncludesGlobalServiceEvents() || !logsManagement(t) || t.S3BucketName == "" {
				continue
			}
			if !x.coversAccount(t, acct) {
				continue
			}
			if current {
				gr := region.GlobalEventRegion(t.Partition())
				if gr == "" || !(t.IsMultiRegionTrail && x.regionEnabled(acct, gr) || t.Home() == gr) {
					continue
				}
			}
			k := dest{t.S3BucketName, t.S3KeyPrefix}
			if _, ok := byDest[k]; !ok {
				dests = append(dests, k)
			}
			byDest[k] = append(byDest[k], i)
		}
		for _, k := range dests {
			idx := byDest[k]
			if len(idx) < 2 {
				continue
			}
			key := fmt.Sprint(k.bucket, "\x00", k.prefix, "\x00", idx)
			g, ok := groups[key]
			if !ok {
				g = &group{trails: idx}
				groups[key] = g
				order = append(order, key)
			}
			g.accounts = append(g.accounts, acct)
		}
	}
	var out []Finding
	for _, key := range order {
		g := groups[key]
		var ids []string
		for _, i := range g.trails {
			ids = append(ids, trailID(&d.Trails[i]))
		}
		t0 := &d.Trails[g.trails[0]]
		where := "s3://" + t0.S3BucketName + "/"
		if t0.S3KeyPrefix != "" {
			where += t0.S3KeyPrefix + "/"
		}
		f := Finding{Trails: ids, Accounts: g.accounts}
		if current {
			f.Code, f.Fact = FindingGlobalEventsDuplicated, factGlobal
			f.Message = fmt.Sprintf("Since 2021-11-22, trails %s all receive the global service events (IAM, STS global endpoint, CloudFront, sign-in) of accounts %s and write them to %s: each such event is stored %d times.",
				strings.Join(ids, ", "), strings.Join(g.accounts, ", "), where, len(ids))
		} else {
			f.Code, f.Fact = FindingGlobalEventsDuplicatedBefore2021, factGlobalOld
			f.Message = fmt.Sprintf("Before 2021-11-22, trails %s all received the global service events of accounts %s and wrote them to %s: logs from then hold each such event %d times.",
				strings.Join(ids, ", "), strings.Join(g.accounts, ", "), where, len(ids))
		}
		out = append(out, f)
	}
	return out
}

// checkSelectors reports selectors that select nothing or exclude
// nothing.
func checkSelectors(t *Trail, id, path string) []Finding {
	var out []Finding
	if len(t.EventSelectors) == 0 || len(t.AdvancedEventSelectors) == 0 {
		warns, _ := selector.Options{}.Validate(t.EventSelectors, t.AdvancedEventSelectors)
		for _, w := range warns {
			out = append(out, Finding{Code: w.Code, Trails: []string{id}, Path: path + "." + w.Path,
				Message: fmt.Sprintf("Trail %s: %s", id, w.Msg), Fact: factTables})
		}
	}
	if len(t.EventSelectors) > 0 && len(t.AdvancedEventSelectors) == 0 {
		nothing := true
		for i, s := range t.EventSelectors {
			if s.IncludeManagementEvents == nil || *s.IncludeManagementEvents {
				nothing = false
			}
			for j, dr := range s.DataResources {
				for k, v := range dr.Values {
					if msg := elsewhere(t, id, v); msg != "" {
						out = append(out, Finding{Code: FindingSelectorNeverMatches, Trails: []string{id},
							Path:    fmt.Sprintf("%s.EventSelectors[%d].DataResources[%d].Values[%d]", path, i, j, k),
							Message: msg, Fact: factSingleRegion})
						continue
					}
					nothing = false
				}
			}
		}
		if nothing {
			out = append(out, Finding{Code: FindingLogsNothing, Trails: []string{id}, Path: path + ".EventSelectors",
				Message: fmt.Sprintf("Trail %s has event selectors that exclude management events and name no data resources: it logs nothing.", id),
				Fact:    factSelectors})
		}
		return out
	}
	if len(t.AdvancedEventSelectors) == 0 {
		return nil
	}
	dead := 0
	for i, a := range t.AdvancedEventSelectors {
		apath := path + ".AdvancedEventSelectors[" + strconv.Itoa(i) + "]"
		typ := ""
		for _, f := range a.Fields {
			if f.Field == selector.FieldResourcesType && len(f.Equals) == 1 {
				typ = f.Equals[0]
			}
		}
		never := false
		equalsByField := map[string][]string{}
		for j, f := range a.Fields {
			fpath := apath + ".FieldSelectors[" + strconv.Itoa(j) + "]"
			for _, op := range []selector.Operator{selector.Equals, selector.StartsWith, selector.EndsWith,
				selector.NotEquals, selector.NotStartsWith, selector.NotEndsWith} {
				for k, v := range f.Values(op) {
					if strings.ContainsRune(v, '*') {
						verb := "selects only values with an asterisk in them"
						if op == selector.NotEquals || op == selector.NotStartsWith || op == selector.NotEndsWith {
							verb = "excludes only values with an asterisk in them"
						}
						out = append(out, Finding{Code: FindingLiteralWildcard, Trails: []string{id},
							Path:    fpath + "." + op.String() + "[" + strconv.Itoa(k) + "]",
							Message: fmt.Sprintf("Trail %s: %s %s %q %s: CloudTrail matches '*' as itself, not as a wildcard. Use StartsWith, EndsWith, NotStartsWith or NotEndsWith.", id, f.Field, op, v, verb),
							Fact:    factWildcard})
					}
				}
			}
			if len(f.Equals) > 0 && len(f.StartsWith) == 0 && len(f.EndsWith) == 0 && allIn(f.Equals, f.NotEquals) {
				never = true
				out = append(out, Finding{Code: FindingSelectorNeverMatches, Trails: []string{id}, Path: fpath,
					Message: fmt.Sprintf("Trail %s: every Equals value of %s is also a NotEquals value, so selector %q selects nothing.", id, f.Field, a.Name),
					Fact:    factSelectors})
			}
			if prev, ok := equalsByField[f.Field]; ok && len(f.Equals) > 0 && len(f.StartsWith) == 0 && len(f.EndsWith) == 0 && !anyIn(f.Equals, prev) {
				never = true
				out = append(out, Finding{Code: FindingSelectorNeverMatches, Trails: []string{id}, Path: fpath,
					Message: fmt.Sprintf("Trail %s: two conditions on %s in selector %q have no Equals value in common, and all conditions must hold: it selects nothing.", id, f.Field, a.Name),
					Fact:    factSelectors})
			}
			if len(f.Equals) > 0 && len(f.StartsWith) == 0 && len(f.EndsWith) == 0 {
				equalsByField[f.Field] = f.Equals
			}
			if f.Field != selector.FieldResourcesARN {
				continue
			}
			for _, v := range f.NotEquals {
				if typ == selector.S3Object && isS3BucketARN(v) {
					out = append(out, Finding{Code: FindingDeselectExcludesNothing, Trails: []string{id}, Path: fpath,
						Message: fmt.Sprintf("Trail %s: resources.ARN NotEquals %q excludes nothing: S3 object ARNs are %s<key>, never the bucket ARN itself. Use NotStartsWith %q.", id, v, strings.TrimSuffix(v, "/")+"/", strings.TrimSuffix(v, "/")+"/"),
						Fact:    factS3NotEq})
				}
			}
			selectOK := false
			check := func(v string, equals bool) {
				bad := ""
				switch {
				case equals && typ == selector.S3Object && isS3BucketARN(v):
					bad = fmt.Sprintf("resources.ARN Equals %q matches no object: S3 object ARNs are %s<key>. Use StartsWith.", v, strings.TrimSuffix(v, "/")+"/")
				case typ != "" && arnServiceMismatch(v, typ):
					bad = fmt.Sprintf("resources.ARN value %q is not an ARN of a %s resource.", v, typ)
				case elsewhere(t, id, v) != "":
					out = append(out, Finding{Code: FindingSelectorNeverMatches, Trails: []string{id}, Path: fpath,
						Message: elsewhere(t, id, v), Fact: factSingleRegion})
					return
				default:
					selectOK = true
					return
				}
				out = append(out, Finding{Code: FindingSelectorNeverMatches, Trails: []string{id}, Path: fpath,
					Message: "Trail " + id + ": " + bad, Fact: factARNType})
			}
			for _, v := range f.Equals {
				check(v, true)
			}
			for _, v := range f.StartsWith {
				check(v, false)
			}
			if (len(f.Equals) > 0 || len(f.StartsWith) > 0) && len(f.EndsWith) == 0 && !selectOK {
				never = true
			}
		}
		if never {
			dead++
		}
	}
	if dead == len(t.AdvancedEventSelectors) {
		out = append(out, Finding{Code: FindingLogsNothing, Trails: []string{id}, Path: path + ".AdvancedEventSelectors",
			Message: fmt.Sprintf("Trail %s: none of its advanced event selectors can select an event; it logs nothing.", id),
			Fact:    factSelectors})
	}
	return out
}

// otherRegion returns the Region of the resource ARN (or ARN prefix with
// a whole Region element) v when t is a single-Region trail homed
// elsewhere: the resource's data events are recorded in its Region, which
// the trail does not cover. It returns "" otherwise.
func otherRegion(t *Trail, v string) string {
	if t.IsMultiRegionTrail {
		return ""
	}
	parts := strings.SplitN(v, ":", 5)
	if len(parts) < 5 || parts[0] != "arn" || parts[3] == "" {
		return ""
	}
	home := t.Home()
	if home == "" || parts[3] == home {
		return ""
	}
	if _, ok := lookupRegion(parts[3]); !ok {
		return ""
	}
	return parts[3]
}

// elsewhere says why the trail never logs the events of the resource whose
// ARN (or ARN prefix) is v: it is of another partition, or of another
// Region than a single-Region trail's; "" when neither.
func elsewhere(t *Trail, id, v string) string {
	parts := strings.SplitN(v, ":", 4)
	if len(parts) >= 3 && parts[0] == "arn" && parts[1] != "" && t.Partition() != "" && parts[1] != t.Partition() {
		if _, ok := region.PartitionByID(parts[1]); ok {
			return fmt.Sprintf("Trail %s is in partition %s, and %q names a resource in partition %s: a trail logs the events of its own partition only, so it never logs them.", id, t.Partition(), v, parts[1])
		}
	}
	if r := otherRegion(t, v); r != "" {
		return otherRegionMessage(t, id, v, r)
	}
	return ""
}

func otherRegionMessage(t *Trail, id, v, r string) string {
	return fmt.Sprintf("Trail %s is a single-Region trail in %s, and %q names a resource in %s: the resource's data events are recorded in %s, so the trail never logs them. Make the trail multi-Region, or log them with a trail in %s.", id, t.Home(), v, r, r, r)
}

func allIn(vs, set []string) bool {
	for _, v := range vs {
		if !slices.Contains(set, v) {
			return false
		}
	}
	return true
}

func anyIn(vs, set []string) bool {
	for _, v := range vs {
		if slices.Contains(set, v) {
			return true
		}
	}
	return false
}

// isS3BucketARN reports whether v is the ARN of an S3 bucket, with or
// without a trailing slash: arn:<partition>:s3:::<bucket>[/].
func isS3BucketARN(v string) bool {
	a, err := arn.Parse(v)
	if err != nil || a.Service != "s3" || a.Region != "" || a.Account != "" {
		return false
	}
	bucket := strings.TrimSuffix(a.Resource, "/")
	return bucket != "" && !strings.Contains(bucket, "/")
}

// arnServiceMismatch reports whether the ARN (or ARN prefix with a whole
// service element) v belongs to a service other than that of the
// resource type typ (AWS::<Service>::<Type>). Services are compared
// without case and dashes, and one may extend the other
// (AWS::Cognito::IdentityPool has cognito-identity ARNs).
func arnServiceMismatch(v, typ string) bool {
	parts := strings.SplitN(v, ":", 4)
	if len(parts) < 4 || parts[0] != "arn" {
		return false // not a whole service element
	}
	tparts := strings.Split(typ, "::")
	if len(tparts) != 3 || tparts[0] != "AWS" {
		return false
	}
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "-", "")) }
	a, b := norm(parts[2]), norm(tparts[1])
	if a == "" || b == "" {
		return false
	}
	return !strings.HasPrefix(a, b) && !strings.HasPrefix(b, a)
}
