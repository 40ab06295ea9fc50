package selector

//go:generate go run ./internal/tablegen/tablesgen -in tables.json -out zz_tables.go

import "strings"

// The tables of documented values (generated from tables.json, stamped
// TablesDate):
//
//   - data resource types: the resources.type values of "Data events
//     supported by AWS CloudTrail" (CloudTrail User Guide, "Logging data
//     events");
//   - network activity event sources: the eventSource values of "Advanced
//     event selector fields for network activity events" (CloudTrail User
//     Guide, "Logging network activity events");
//   - aggregation templates: API_ACTIVITY, RESOURCE_ACCESS, USER_ACTIONS
//     (CloudTrail User Guide, "Aggregating data events").
//
// AWS adds resource types and event sources often, so a value missing from
// a table may be newer than the table rather than wrong: validation reports
// it as a Warning, or as InvalidEventSelectorsException under
// Options.Strict.

// ResourceTypes returns the documented data resource types (resources.type
// values) as of TablesDate, sorted. The slice is new on every call.
func ResourceTypes() []string { return strings.Split(resourceTypeList, "\n") }

// NetworkEventSources returns the documented network activity event
// sources as of TablesDate, sorted. The slice is new on every call.
func NetworkEventSources() []string { return strings.Split(networkEventSourceList, "\n") }

// AggregationTemplates returns the documented templates of an aggregation
// configuration (API_ACTIVITY, RESOURCE_ACCESS, USER_ACTIONS). The slice
// is new on every call.
func AggregationTemplates() []string { return strings.Split(aggregationTemplateList, "\n") }

// KnownResourceType reports whether t is a documented data resource type
// as of TablesDate. It does not allocate.
func KnownResourceType(t string) bool { return isKnownResourceType(t) }

// KnownNetworkEventSource reports whether s is a documented network
// activity event source as of TablesDate. It does not allocate.
func KnownNetworkEventSource(s string) bool { return isKnownNetworkEventSource(s) }

// KnownAggregationTemplate reports whether t is a documented aggregation
// template.
func KnownAggregationTemplate(t string) bool {
	for rest := aggregationTemplateList; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if line == t {
			return true
		}
	}
	return false
}

// NearestResourceType returns the documented resource type closest to t
// (fewest single-character edits, ignoring case; the first in the table's
// order on a tie): "AWS::S3::Object" for the typo "AWS::S3::Objects".
func NearestResourceType(t string) string { return nearest(resourceTypeList, t) }

// NearestNetworkEventSource returns the documented network activity event
// source closest to s, as NearestResourceType does for resource types.
func NearestNetworkEventSource(s string) string { return nearest(networkEventSourceList, s) }

// nearest returns the line of list closest to s by edit distance, ignoring
// case.
func nearest(list, s string) string {
	ls := strings.ToLower(s)
	best, bestD := "", -1
	row := make([]int, len(ls)+1)
	for rest := list; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if d := editDistance(strings.ToLower(line), ls, row); bestD < 0 || d < bestD {
			best, bestD = line, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, bytewise, in
// one row of len(b)+1 ints.
func editDistance(a, b string, row []int) int {
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		prev := row[0] // the value of row[j-1] before this row
		row[0] = i
		for j := 1; j <= len(b); j++ {
			cur := row[j]
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			row[j] = min(row[j]+1, row[j-1]+1, prev+cost)
			prev = cur
		}
	}
	return row[len(b)]
}
