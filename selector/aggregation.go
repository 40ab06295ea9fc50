package selector

import (
	"fmt"
	"strconv"
	"strings"
)

// The exception names PutEventConfiguration returns for a bad aggregation
// configuration (API PutEventConfiguration, Errors).
const (
	// CodeInvalidParameter: a value outside the documented set (an
	// EventCategory other than Data, an unknown template), or more
	// configurations or templates than the API allows.
	CodeInvalidParameter = "InvalidParameterException"
	// CodeInvalidParameterCombination: parameters that do not go
	// together, such as aggregation on a trail that logs no data events.
	CodeInvalidParameterCombination = "InvalidParameterCombinationException"
)

// Limits of an aggregation configuration (API AggregationConfiguration,
// PutEventConfiguration).
const (
	MaxAggregations         = 1  // AggregationConfigurations per trail
	MaxAggregationTemplates = 50 // Templates per configuration
)

// AggregationData is the one EventCategory aggregation accepts.
const AggregationData = "Data"

// Aggregation is one aggregation configuration of a trail, in the shape
// of `aws cloudtrail get-event-configuration` output's
// AggregationConfigurations (API AggregationConfiguration): CloudTrail
// then delivers five-minute summaries of the trail's data events, one per
// template, under CloudTrail-Aggregated (CloudTrail User Guide,
// "Aggregating data events").
type Aggregation struct {
	// EventCategory is the category aggregated: Data.
	EventCategory string `json:"EventCategory"`
	// Templates are the summaries wanted: API_ACTIVITY (by eventName),
	// RESOURCE_ACCESS (by resourceARN), USER_ACTIONS (by userIdentity).
	Templates []string `json:"Templates"`
}

// HasAggregationTemplate reports whether the configurations ask for
// summaries made by template.
func HasAggregationTemplate(aggs []Aggregation, template string) bool {
	for _, a := range aggs {
		if a.EventCategory != AggregationData {
			continue
		}
		for _, t := range a.Templates {
			if t == template {
				return true
			}
		}
	}
	return false
}

// ValidateAggregation checks a trail's aggregation configurations as
// PutEventConfiguration does, for a trail whose event selectors are basic
// or adv, and returns nil or an Errors holding every problem:
//
//   - at most one configuration; EventCategory Data; 1 to 50 Templates,
//     each API_ACTIVITY, RESOURCE_ACCESS or USER_ACTIONS
//     (InvalidParameterException; API AggregationConfiguration);
//   - the trail logs data events ("Before you enable event aggregation,
//     you must create a trail and configure data events in it",
//     CloudTrail User Guide, "Aggregating data events";
//     InvalidParameterCombinationException, derived: the API reference
//     names no message).
//
// An empty list is valid: aggregation is off.
func ValidateAggregation(aggs []Aggregation, basic []Basic, adv []Advanced) error {
	var p problems
	if len(aggs) > MaxAggregations {
		p.add("AggregationConfigurations", CodeInvalidParameter,
			fmt.Sprintf("Specify at most %d aggregation configuration, not %d.", MaxAggregations, len(aggs)))
	}
	for i, a := range aggs {
		path := "AggregationConfigurations[" + strconv.Itoa(i) + "]"
		if a.EventCategory != AggregationData {
			p.add(path+".EventCategory", CodeInvalidParameter,
				fmt.Sprintf("Value %s for EventCategory is invalid; aggregation supports only Data.", a.EventCategory))
		}
		if n := len(a.Templates); n < 1 || n > MaxAggregationTemplates {
			p.add(path+".Templates", CodeInvalidParameter,
				fmt.Sprintf("Specify 1 to %d templates, not %d.", MaxAggregationTemplates, n))
		}
		seen := map[string]bool{}
		for j, t := range a.Templates {
			tpath := path + ".Templates[" + strconv.Itoa(j) + "]"
			switch {
			case !KnownAggregationTemplate(t):
				p.add(tpath, CodeInvalidParameter,
					fmt.Sprintf("Value %s for Templates is invalid; use %s.", t, strings.Join(AggregationTemplates(), ", ")))
			case seen[t]:
				p.add(tpath, CodeInvalidParameter, fmt.Sprintf("Template %s is given more than once.", t))
			}
			seen[t] = true
		}
	}
	if len(aggs) > 0 && !loggedKinds(basic, adv).data {
		p.add("AggregationConfigurations", CodeInvalidParameterCombination,
			"Aggregation summarises the trail's data events, and its event selectors log none; configure data events on the trail first.")
	}
	return p.err()
}
