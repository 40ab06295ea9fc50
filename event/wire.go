package event

import "time"

// member is an object member kept as raw JSON: one this package does not
// model, or a modelled one whose JSON type is not the documented one.
type member struct {
	key   string
	raw   string // the value's JSON text as it came
	field int8   // the modelled field it stands in for, or -1
	dead  bool   // superseded by a later member of the same name
}

// extras holds the raw members of a nested object.
type extras struct{ m []member }

// wireState is what decoding a nested object saw that its fields do not
// hold. It is comparable, so Resource values can be compared with ==.
type wireState struct {
	// order holds the member order, a nibble each: field number + 1, or
	// nibExtra for the next raw member. norder counts the nibbles, and is
	// orderLost once more than eight members were seen. (The small fields
	// come together so that the struct takes 16 bytes.)
	order  uint32
	empty  uint16 // fields present with the empty string, by field number
	norder uint8
	extra  *extras // nil when there are none
}

const (
	nibExtra  = 0xF
	orderLost = 0xFF
)

// note appends n to the member order.
func (w *wireState) note(n uint32) {
	if w.norder < 8 {
		w.order |= n << (4 * w.norder)
		w.norder++
	} else {
		w.norder = orderLost
	}
}

// Field numbers of Record, used for the empty-string bits, raw members
// that stand in for a field, and the member order.
const (
	fEventVersion = iota
	fUserIdentity
	fEventTime
	fEventSource
	fEventName
	fAWSRegion
	fSourceIPAddress
	fUserAgent
	fErrorCode
	fErrorMessage
	fRequestParameters
	fResponseElements
	fAdditionalEventData
	fRequestID
	fEventID
	fReadOnly
	fResources
	fEventType
	fAPIVersion
	fManagementEvent
	fRecipientAccountID
	fSharedEventID
	fVPCEndpointID
	fVPCEndpointAccountID
	fServiceEventDetails
	fEventCategory
	fAddendum
	fTLSDetails
	fSessionCredentialFromConsole
	fEdgeDeviceDetails
	fInsightDetails
	fEventContext
	numFields
)

// recordOrder bounds how many members' order a Record remembers; a record
// with more members is written with the modelled fields first. (45 rather
// than 48 makes recordWire, and so Record, 8 bytes smaller, which keeps
// a ParseRecord block with its malloc header within 1536 bytes.)
const recordOrder = 45

// extraBase is added to an index into recordWire.extra in the order list.
const extraBase = numFields

// recordWire is what decoding a record saw that the fields do not hold.
type recordWire struct {
	empty uint64   // fields present with the empty string
	extra []member // unknown and mistyped members, in input order

	// order lists the members in input order: field numbers, or
	// extraBase+i for extra[i]. unordered is set when it overflowed.
	order     [recordOrder]uint8
	norder    uint8
	unordered bool

	timeSet    bool      // eventTime was a string
	timeOK     bool      // timeText parsed
	timeText   string    // eventTime as recorded
	timeParsed time.Time // what timeText parsed to (zero if it did not)
}
