package event

import (
	"encoding/json"
	"time"
	"unsafe"

	"github.com/trailmap/trailmap/internal/jsonwire"
)

// recordNames are the member names of Record's fields, by field number.
var recordNames = [numFields]string{
	fEventVersion:                 "eventVersion",
	fUserIdentity:                 "userIdentity",
	fEventTime:                    "eventTime",
	fEventSource:                  "eventSource",
	fEventName:                    "eventName",
	fAWSRegion:                    "awsRegion",
	fSourceIPAddress:              "sourceIPAddress",
	fUserAgent:                    "userAgent",
	fErrorCode:                    "errorCode",
	fErrorMessage:                 "errorMessage",
	fRequestParameters:            "requestParameters",
	fResponseElements:             "responseElements",
	fAdditionalEventData:          "additionalEventData",
	fRequestID:                    "requestID",
	fEventID:                      "eventID",
	fReadOnly:                     "readOnly",
	fResources:                    "resources",
	fEventType:                    "eventType",
	fAPIVersion:                   "apiVersion",
	fManagementEvent:              "managementEvent",
	fRecipientAccountID:           "recipientAccountId",
	fSharedEventID:                "sharedEventID",
	fVPCEndpointID:                "vpcEndpointId",
	fVPCEndpointAccountID:         "vpcEndpointAccountId",
	fServiceEventDetails:          "serviceEventDetails",
	fEventCategory:                "eventCategory",
	fAddendum:                     "addendum",
	fTLSDetails:                   "tlsDetails",
	fSessionCredentialFromConsole: "sessionCredentialFromConsole",
	fEdgeDeviceDetails:            "edgeDeviceDetails",
	fInsightDetails:               "insightDetails",
	fEventContext:                 "eventContext",
}

// strField returns field f when it is a string, else nil. It looks its
// offset up (strOffsets) rather than switch on f, so that it is inlined
// in the decoders' loops.
func (r *Record) strField(f int) *string {
	if uint(f) < numFields {
		if o := strOffsets[f]; o != 0 {
			return (*string)(unsafe.Add(unsafe.Pointer(r), o-1))
		}
	}
	return nil
}

// strOffsets holds per field 1 + the offset in Record of its string (of
// type string, or of a type whose underlying type is string), or 0 for
// a field of another type. It is never written.
var strOffsets = [numFields]uintptr{
	fEventVersion:         1 + unsafe.Offsetof(Record{}.EventVersion),
	fEventSource:          1 + unsafe.Offsetof(Record{}.EventSource),
	fEventName:            1 + unsafe.Offsetof(Record{}.EventName),
	fAWSRegion:            1 + unsafe.Offsetof(Record{}.AWSRegion),
	fSourceIPAddress:      1 + unsafe.Offsetof(Record{}.SourceIPAddress),
	fUserAgent:            1 + unsafe.Offsetof(Record{}.UserAgent),
	fErrorCode:            1 + unsafe.Offsetof(Record{}.ErrorCode),
	fErrorMessage:         1 + unsafe.Offsetof(Record{}.ErrorMessage),
	fRequestID:            1 + unsafe.Offsetof(Record{}.RequestID),
	fEventID:              1 + unsafe.Offsetof(Record{}.EventID),
	fEventType:            1 + unsafe.Offsetof(Record{}.EventType),
	fAPIVersion:           1 + unsafe.Offsetof(Record{}.APIVersion),
	fRecipientAccountID:   1 + unsafe.Offsetof(Record{}.RecipientAccountID),
	fSharedEventID:        1 + unsafe.Offsetof(Record{}.SharedEventID),
	fVPCEndpointID:        1 + unsafe.Offsetof(Record{}.VPCEndpointID),
	fVPCEndpointAccountID: 1 + unsafe.Offsetof(Record{}.VPCEndpointAccountID),
	fEventCategory:        1 + unsafe.Offsetof(Record{}.EventCategory),
}

// rawField returns field f when it is a raw payload, else nil.
func (r *Record) rawField(f int) *json.RawMessage {
	switch f {
	case fRequestParameters:
		return &r.RequestParameters
	case fResponseElements:
		return &r.ResponseElements
	case fAdditionalEventData:
		return &r.AdditionalEventData
	case fServiceEventDetails:
		return &r.ServiceEventDetails
	case fEdgeDeviceDetails:
		return &r.EdgeDeviceDetails
	case fEventContext:
		return &r.EventContext
	}
	return nil
}

// boolField returns field f when it is a Bool, else nil.
func (r *Record) boolField(f int) *Bool {
	switch f {
	case fReadOnly:
		return &r.ReadOnly
	case fManagementEvent:
		return &r.ManagementEvent
	case fSessionCredentialFromConsole:
		return &r.SessionCredentialFromConsole
	}
	return nil
}

// appendField appends field f when it is set.
func (r *Record) appendField(dst []byte, f int) []byte {
	if p := r.strField(f); p != nil {
		return r.appendStr(dst, f, recordNames[f], *p)
	}
	if p := r.rawField(f); p != nil {
		return appendRaw(dst, recordNames[f], *p)
	}
	if p := r.boolField(f); p != nil {
		return appendBool(dst, recordNames[f], *p)
	}
	switch f {
	case fUserIdentity:
		if r.UserIdentity != nil {
			return r.UserIdentity.AppendJSON(jsonwire.AppendMember(dst, "userIdentity"))
		}
	case fEventTime:
		return r.appendTime(dst)
	case fResources:
		if r.Resources != nil {
			dst = append(jsonwire.AppendMember(dst, "resources"), '[')
			for i := range r.Resources {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = r.Resources[i].appendJSON(dst)
			}
			return append(dst, ']')
		}
	case fAddendum:
		if r.Addendum != nil {
			return r.Addendum.appendJSON(jsonwire.AppendMember(dst, "addendum"))
		}
	case fTLSDetails:
		if r.TLSDetails != nil {
			return r.TLSDetails.appendJSON(jsonwire.AppendMember(dst, "tlsDetails"))
		}
	case fInsightDetails:
		if r.InsightDetails != nil {
			return r.InsightDetails.appendJSON(jsonwire.AppendMember(dst, "insightDetails"))
		}
	}
	return dst
}

// isSet reports whether field f would be written.
func (r *Record) isSet(f int) bool {
	w := &r.wire
	if w.empty&(1<<f) != 0 {
		return true
	}
	if p := r.strField(f); p != nil {
		return *p != ""
	}
	if p := r.rawField(f); p != nil {
		return *p != nil
	}
	if p := r.boolField(f); p != nil {
		return p.Set
	}
	switch f {
	case fUserIdentity:
		return r.UserIdentity != nil
	case fEventTime:
		return !r.EventTime.IsZero() || w.timeSet && w.timeParsed.IsZero()
	case fResources:
		return r.Resources != nil
	case fAddendum:
		return r.Addendum != nil
	case fTLSDetails:
		return r.TLSDetails != nil
	case fInsightDetails:
		return r.InsightDetails != nil
	}
	return false
}

// clear zeroes field f, which a later member of the same name replaced
// with a value of another JSON type.
func (r *Record) clear(f int) {
	if p := r.strField(f); p != nil {
		*p = ""
		return
	}
	if p := r.rawField(f); p != nil {
		*p = nil
		return
	}
	if p := r.boolField(f); p != nil {
		*p = Bool{}
		return
	}
	switch f {
	case fUserIdentity:
		r.UserIdentity = nil
	case fEventTime:
		r.EventTime = time.Time{}
		r.wire.timeSet, r.wire.timeOK, r.wire.timeText, r.wire.timeParsed = false, false, "", time.Time{}
	case fResources:
		r.Resources = nil
	case fAddendum:
		r.Addendum = nil
	case fTLSDetails:
		r.TLSDetails = nil
	case fInsightDetails:
		r.InsightDetails = nil
	}
}
