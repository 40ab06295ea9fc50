package trail

import "fmt"

// SkipCode says why a trail does not deliver a record. It is a closed set
// this package owns; the codes are stable, the reason texts may improve.
// The zero SkipCode is not a reason.
type SkipCode uint8

// The reasons a trail does not deliver a record, in the order the Router
// checks them.
const (
	// NotLogging: the trail is stopped (IsLogging false); a stopped trail
	// delivers nothing whatever its selectors.
	NotLogging SkipCode = iota + 1
	// NoAccount: the record names no account (no recipientAccountId,
	// vpcEndpointAccountId or userIdentity.accountId), so no account's
	// trails can be said to receive it.
	NoAccount
	// OtherAccount: the record is another account's copy, and the trail is
	// neither that account's trail nor an organization trail covering it.
	OtherAccount
	// UnknownRegion: the record's Region is missing or is not the name of a
	// Region of any partition.
	UnknownRegion
	// OtherPartition: the record was recorded in a Region of another
	// partition; a trail covers only Regions of its own partition.
	OtherPartition
	// HomeRegionNotEnabled: an organization trail homed in an opt-in
	// Region delivers nothing for member accounts that have not enabled
	// that Region.
	HomeRegionNotEnabled
	// GlobalEventsExcluded: the record is a global service event and the
	// trail has IncludeGlobalServiceEvents false.
	GlobalEventsExcluded
	// GlobalEventOutsideHomeRegion: since 2021-11-22 global service events
	// are recorded in us-east-1 (us-gov-west-1 in AWS GovCloud (US)) only,
	// and the trail is a single-Region trail elsewhere.
	GlobalEventOutsideHomeRegion
	// RegionNotCovered: the trail is a single-Region trail of another
	// Region.
	RegionNotCovered
	// RegionNotEnabled: the trail is multi-Region but the record's Region is
	// an opt-in Region the account has not enabled.
	RegionNotEnabled
	// NotSelected: no event selector of the trail selects the record.
	NotSelected
	// NoInsightSelectors: the record is an Insights event and the trail has
	// no insight selectors.
	NoInsightSelectors
	// InsightNotSelected: the trail's insight selectors do not name the
	// record's InsightType for its event category.
	InsightNotSelected
	// NoAggregation: the record is an aggregated event and the trail has
	// no AggregationConfigurations.
	NoAggregation
	// AggregationTemplateNotConfigured: the trail's aggregation
	// configurations do not name the template the aggregated event was
	// made by.
	AggregationTemplateNotConfigured
	// NoDataEventsOfSource: the record is an aggregated event of an
	// eventSource of which the trail's event selectors log no data
	// events; the summaries are of the trail's own data events.
	NoDataEventsOfSource
)

var skipNames = [...]string{
	NotLogging:                   "NotLogging",
	NoAccount:                    "NoAccount",
	OtherAccount:                 "OtherAccount",
	UnknownRegion:                "UnknownRegion",
	OtherPartition:               "OtherPartition",
	HomeRegionNotEnabled:         "HomeRegionNotEnabled",
	GlobalEventsExcluded:         "GlobalEventsExcluded",
	GlobalEventOutsideHomeRegion: "GlobalEventOutsideHomeRegion",
	RegionNotCovered:             "RegionNotCovered",
	RegionNotEnabled:             "RegionNotEnabled",
	NotSelected:                  "NotSelected",
	NoInsightSelectors:           "NoInsightSelectors",
	InsightNotSelected:           "InsightNotSelected",

	NoAggregation:                    "NoAggregation",
	AggregationTemplateNotConfigured: "AggregationTemplateNotConfigured",
	NoDataEventsOfSource:             "NoDataEventsOfSource",
}

// String returns the code's name, such as "RegionNotCovered", or
// "SkipCode(n)" for a value that is not a code.
func (c SkipCode) String() string {
	if int(c) < len(skipNames) && skipNames[c] != "" {
		return skipNames[c]
	}
	return fmt.Sprintf("SkipCode(%d)", uint8(c))
}

// MarshalText returns the code's name.
func (c SkipCode) MarshalText() ([]byte, error) {
	if int(c) < len(skipNames) && skipNames[c] != "" {
		return []byte(skipNames[c]), nil
	}
	return nil, fmt.Errorf("trail: marshal skip code: %d is not a code", uint8(c))
}

// UnmarshalText sets c to the code named by text.
func (c *SkipCode) UnmarshalText(text []byte) error {
	for i, n := range skipNames {
		if n != "" && n == string(text) {
			*c = SkipCode(i)
			return nil
		}
	}
	return fmt.Errorf("trail: unmarshal skip code: unknown code %q", text)
}
