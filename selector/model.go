package selector

import "fmt"

// Target is what selectors are written for: a trail (the zero value) or a
// CloudTrail Lake event data store. The two accept different fields.
type Target int

// The targets.
const (
	TargetTrail Target = iota
	TargetEventDataStore
)

// String returns "Trail" or "EventDataStore".
func (t Target) String() string {
	switch t {
	case TargetTrail:
		return "Trail"
	case TargetEventDataStore:
		return "EventDataStore"
	}
	return fmt.Sprintf("Target(%d)", int(t))
}

// Operator is one of the six operators of a field selector. The zero
// value is not an operator.
type Operator int

// The operators, in the order the API documents them. The first three
// select, the last three deselect.
const (
	Equals Operator = iota + 1
	StartsWith
	EndsWith
	NotEquals
	NotStartsWith
	NotEndsWith
)

// String returns the operator's API name, such as "NotStartsWith".
func (o Operator) String() string {
	switch o {
	case Equals:
		return "Equals"
	case StartsWith:
		return "StartsWith"
	case EndsWith:
		return "EndsWith"
	case NotEquals:
		return "NotEquals"
	case NotStartsWith:
		return "NotStartsWith"
	case NotEndsWith:
		return "NotEndsWith"
	}
	return fmt.Sprintf("Operator(%d)", int(o))
}

// Deselects reports whether o excludes events (NotEquals, NotStartsWith,
// NotEndsWith).
func (o Operator) Deselects() bool { return o >= NotEquals && o <= NotEndsWith }

// operators lists the operators in API order.
func operators() [6]Operator {
	return [6]Operator{Equals, StartsWith, EndsWith, NotEquals, NotStartsWith, NotEndsWith}
}

// Values returns the values f gives operator o.
func (f *Field) Values(o Operator) []string {
	switch o {
	case Equals:
		return f.Equals
	case StartsWith:
		return f.StartsWith
	case EndsWith:
		return f.EndsWith
	case NotEquals:
		return f.NotEquals
	case NotStartsWith:
		return f.NotStartsWith
	case NotEndsWith:
		return f.NotEndsWith
	}
	return nil
}

// The advanced selector fields, as the API spells them.
const (
	FieldEventCategory                = "eventCategory"
	FieldEventSource                  = "eventSource"
	FieldEventName                    = "eventName"
	FieldEventType                    = "eventType"
	FieldReadOnly                     = "readOnly"
	FieldSessionCredentialFromConsole = "sessionCredentialFromConsole"
	FieldUserIdentityARN              = "userIdentity.arn"
	FieldResourcesType                = "resources.type"
	FieldResourcesARN                 = "resources.ARN"
	FieldErrorCode                    = "errorCode"
	FieldVPCEndpointID                = "vpcEndpointId"
)

// fieldID is a known field, numbered for switch-based lookup.
type fieldID uint8

const (
	fUnknown fieldID = iota
	fEventCategory
	fEventSource
	fEventName
	fEventType
	fReadOnly
	fSessionCredentialFromConsole
	fUserIdentityARN
	fResourcesType
	fResourcesARN
	fErrorCode
	fVPCEndpointID
)

func lookupField(name string) fieldID {
	switch name {
	case FieldEventCategory:
		return fEventCategory
	case FieldEventSource:
		return fEventSource
	case FieldEventName:
		return fEventName
	case FieldEventType:
		return fEventType
	case FieldReadOnly:
		return fReadOnly
	case FieldSessionCredentialFromConsole:
		return fSessionCredentialFromConsole
	case FieldUserIdentityARN:
		return fUserIdentityARN
	case FieldResourcesType:
		return fResourcesType
	case FieldResourcesARN:
		return fResourcesARN
	case FieldErrorCode:
		return fErrorCode
	case FieldVPCEndpointID:
		return fVPCEndpointID
	}
	return fUnknown
}

func (f fieldID) isResource() bool { return f == fResourcesType || f == fResourcesARN }
