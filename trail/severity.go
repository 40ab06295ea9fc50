package trail

import "fmt"

// Severity says how much a Finding matters: a warning is worth knowing
// (events stored twice, a setting that changes nothing), an error means
// events the configuration seems to log are not logged.
type Severity uint8

// The severities, in increasing order.
const (
	SeverityWarning Severity = iota + 1
	SeverityError
)

// String returns "warning" or "error".
func (s Severity) String() string {
	switch s {
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return fmt.Sprintf("Severity(%d)", uint8(s))
}

// ParseSeverity returns the Severity named "warning" or "error".
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "warning":
		return SeverityWarning, nil
	case "error":
		return SeverityError, nil
	}
	return 0, fmt.Errorf("trail: severity %q: want warning or error", s)
}

// Severity returns the finding's severity: an error for the findings
// that mean events the configuration seems to log are not logged
// (NotLogging, LogsNothing, SelectorNeverMatches, DeselectExcludesNothing,
// OrgTrailOptInHome, LogDeliveryFailing, LiteralWildcard) or that AWS
// would not accept as is (NoBucket); a warning for the others (duplicated
// or historic global service events, a Region listed for nothing, values
// newer than the project's tables).
func (f Finding) Severity() Severity {
	switch f.Code {
	case FindingNotLogging, FindingLogsNothing, FindingSelectorNeverMatches,
		FindingDeselectExcludesNothing, FindingOrgTrailOptInHome, FindingNoBucket,
		FindingLogDeliveryFailing, FindingLiteralWildcard:
		return SeverityError
	}
	return SeverityWarning
}
