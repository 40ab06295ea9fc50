package identity

import (
	"errors"

	"github.com/trailmap/trailmap/internal/jsonwire"
)

// MarshalJSON returns the JSON text of u: see AppendJSON. It reports an
// error if a raw member (WebIDFederationData.Attributes) set by the caller
// is not valid JSON.
func (u *UserIdentity) MarshalJSON() ([]byte, error) {
	return checked(u.AppendJSON(nil))
}

// ErrInvalidRaw reports that WebIDFederationData.Attributes, which is
// written as it is, does not hold valid JSON.
var ErrInvalidRaw = errors.New("identity: webIdFederationData.attributes is not valid JSON")

// checked returns b when it is one valid JSON value. Only raw members set
// by the caller can make it invalid.
func checked(b []byte) ([]byte, error) {
	sc := jsonwire.New(string(b))
	if _, err := sc.SkipValue(); err != nil {
		return nil, ErrInvalidRaw
	}
	if err := sc.End(); err != nil {
		return nil, ErrInvalidRaw
	}
	return b, nil
}

// AppendJSON appends the JSON text of u to dst and returns the extended
// buffer. A nil u is written as null. A decoded identity is written with
// its members in the order they were read, unknown members included, then
// fields the caller set since in the documented order; an identity built
// by the caller in the documented order, then unknown members. The same
// holds for every nested element. Members read as an empty string, null or
// a value of an undocumented JSON type are written back as read unless the
// caller has set the field.
//
// AppendJSON allocates nothing beyond growing dst. It writes
// WebIDFederationData.Attributes as it is, so that must hold valid JSON;
// MarshalJSON checks it.
func (u *UserIdentity) AppendJSON(dst []byte) []byte {
	if u == nil {
		return append(dst, "null"...)
	}
	w := &u.wire
	if w.zero&reordered != 0 {
		return appendMembers(dst, w, uInvokedByDelegate+1, u.appendMember)
	}
	// The documented order, written straight.
	dst = append(dst, '{')
	dst = appendStr(dst, w, uType, `"type":`, string(u.Type))
	dst = appendStr(dst, w, uPrincipalID, `"principalId":`, u.PrincipalID)
	dst = appendStr(dst, w, uARN, `"arn":`, u.ARN)
	dst = appendStr(dst, w, uAccountID, `"accountId":`, u.AccountID)
	dst = appendStr(dst, w, uAccessKeyID, `"accessKeyId":`, u.AccessKeyID)
	dst = appendStr(dst, w, uUserName, `"userName":`, u.UserName)
	dst = appendObject(dst, w, uSessionContext, `"sessionContext":`, u.SessionContext)
	dst = appendStr(dst, w, uInvokedBy, `"invokedBy":`, u.InvokedBy)
	dst = appendStr(dst, w, uIdentityProvider, `"identityProvider":`, u.IdentityProvider)
	dst = appendStr(dst, w, uCredentialID, `"credentialId":`, u.CredentialID)
	dst = appendObject(dst, w, uOnBehalfOf, `"onBehalfOf":`, u.OnBehalfOf)
	dst = appendObject(dst, w, uInScopeOf, `"inScopeOf":`, u.InScopeOf)
	dst = appendObject(dst, w, uInvokedByDelegate, `"invokedByDelegate":`, u.InvokedByDelegate)
	dst = appendUnknown(dst, w)
	return append(dst, '}')
}

// appendUnknown writes the members the model does not know.
func appendUnknown(dst []byte, w *wireState) []byte {
	for _, m := range w.members() {
		if m.slot < 0 {
			dst = append(jsonwire.AppendMember(dst, m.name), m.raw...)
		}
	}
	return dst
}

// appendMember writes member slot of u, if it is to be written.
func (u *UserIdentity) appendMember(dst []byte, slot int) []byte {
	w := &u.wire
	switch slot {
	case uType:
		return appendStr(dst, w, uType, `"type":`, string(u.Type))
	case uPrincipalID:
		return appendStr(dst, w, uPrincipalID, `"principalId":`, u.PrincipalID)
	case uARN:
		return appendStr(dst, w, uARN, `"arn":`, u.ARN)
	case uAccountID:
		return appendStr(dst, w, uAccountID, `"accountId":`, u.AccountID)
	case uAccessKeyID:
		return appendStr(dst, w, uAccessKeyID, `"accessKeyId":`, u.AccessKeyID)
	case uUserName:
		return appendStr(dst, w, uUserName, `"userName":`, u.UserName)
	case uSessionContext:
		return appendObject(dst, w, uSessionContext, `"sessionContext":`, u.SessionContext)
	case uInvokedBy:
		return appendStr(dst, w, uInvokedBy, `"invokedBy":`, u.InvokedBy)
	case uIdentityProvider:
		return appendStr(dst, w, uIdentityProvider, `"identityProvider":`, u.IdentityProvider)
	case uCredentialID:
		return appendStr(dst, w, uCredentialID, `"credentialId":`, u.CredentialID)
	case uOnBehalfOf:
		return appendObject(dst, w, uOnBehalfOf, `"onBehalfOf":`, u.OnBehalfOf)
	case uInScopeOf:
		return appendObject(dst, w, uInScopeOf, `"inScopeOf":`, u.InScopeOf)
	case uInvokedByDelegate:
		return appendObject(dst, w, uInvokedByDelegate, `"invokedByDelegate":`, u.InvokedByDelegate)
	}
	return dst
}

// appendMembers writes an element of n member slots, braces included,
// whose members came in another than the documented order: the members
// in the order decoding noted them (wireState.order), then the slots not
// written yet in the documented order, then unknown members not written
// yet. member writes one slot, or nothing when it is not to
// be written; a slot is written once.
func appendMembers(dst []byte, w *wireState, n int, member func([]byte, int) []byte) []byte {
	dst = append(dst, '{')
	ms := w.members()
	var done uint16
	k := 0 // the next raw member that may be an unknown one
	if w.zero&unordered == 0 {
		for o := w.order; o != 0; o >>= 4 {
			v := int(o & 0xF)
			if v != orderUnknown {
				if slot := v - 1; done&(1<<slot) == 0 {
					done |= 1 << slot
					dst = member(dst, slot)
				}
				continue
			}
			for k < len(ms) && ms[k].slot >= 0 {
				k++
			}
			if k < len(ms) {
				dst = append(jsonwire.AppendMember(dst, ms[k].name), ms[k].raw...)
				k++
			}
		}
	}
	for slot := 0; slot < n; slot++ {
		if done&(1<<slot) == 0 {
			dst = member(dst, slot)
		}
	}
	for ; k < len(ms); k++ {
		if ms[k].slot < 0 {
			dst = append(jsonwire.AppendMember(dst, ms[k].name), ms[k].raw...)
		}
	}
	return append(dst, '}')
}

// key starts a member: a comma unless it is the first of its object, then
// name, the member name already written as JSON text with its colon.
func key(dst []byte, name string) []byte {
	if n := len(dst); n > 0 && dst[n-1] != '{' {
		dst = append(dst, ',')
	}
	return append(dst, name...)
}

// appendStr writes a string member (name as for key): its value when set,
// else what was read ("" or raw text) when it was present, else nothing.
func appendStr(dst []byte, w *wireState, slot int, name, v string) []byte {
	if v != "" {
		return jsonwire.AppendString(key(dst, name), v)
	}
	if w.zero&(1<<slot) == 0 {
		return dst
	}
	if raw, ok := w.raw(slot); ok {
		return append(key(dst, name), raw...)
	}
	return append(key(dst, name), `""`...)
}

// appendRaw writes a member whose field is unset but that was read with a
// null or undocumented value.
func appendRaw(dst []byte, w *wireState, slot int, name string) []byte {
	if w.zero&(1<<slot) == 0 {
		return dst
	}
	if raw, ok := w.raw(slot); ok {
		return append(key(dst, name), raw...)
	}
	return dst
}

// appendObject writes a member documented as an object: v when set, else
// what was read in its place (as for appendRaw).
func appendObject[E any, P interface {
	*E
	appendJSON([]byte) []byte
}](dst []byte, w *wireState, slot int, name string, v P) []byte {
	if v != nil {
		return v.appendJSON(key(dst, name))
	}
	return appendRaw(dst, w, slot, name)
}

func (c *SessionContext) appendJSON(dst []byte) []byte {
	w := &c.wire
	if w.zero&reordered != 0 {
		return appendMembers(dst, w, scSignInSessionARN+1, c.appendMember)
	}
	dst = append(dst, '{')
	dst = appendObject(dst, w, scSessionIssuer, `"sessionIssuer":`, c.SessionIssuer)
	dst = appendObject(dst, w, scWebIDFederationData, `"webIdFederationData":`, c.WebIDFederationData)
	dst = appendObject(dst, w, scAttributes, `"attributes":`, c.Attributes)
	dst = appendStr(dst, w, scSourceIdentity, `"sourceIdentity":`, c.SourceIdentity)
	dst = appendStr(dst, w, scEC2RoleDelivery, `"ec2RoleDelivery":`, c.EC2RoleDelivery)
	dst = appendStr(dst, w, scAssumedRoot, `"assumedRoot":`, c.AssumedRoot)
	dst = appendStr(dst, w, scSignInSessionARN, `"signInSessionArn":`, c.SignInSessionARN)
	dst = appendUnknown(dst, w)
	return append(dst, '}')
}

func (c *SessionContext) appendMember(dst []byte, slot int) []byte {
	w := &c.wire
	switch slot {
	case scSessionIssuer:
		return appendObject(dst, w, scSessionIssuer, `"sessionIssuer":`, c.SessionIssuer)
	case scWebIDFederationData:
		return appendObject(dst, w, scWebIDFederationData, `"webIdFederationData":`, c.WebIDFederationData)
	case scAttributes:
		return appendObject(dst, w, scAttributes, `"attributes":`, c.Attributes)
	case scSourceIdentity:
		return appendStr(dst, w, scSourceIdentity, `"sourceIdentity":`, c.SourceIdentity)
	case scEC2RoleDelivery:
		return appendStr(dst, w, scEC2RoleDelivery, `"ec2RoleDelivery":`, c.EC2RoleDelivery)
	case scAssumedRoot:
		return appendStr(dst, w, scAssumedRoot, `"assumedRoot":`, c.AssumedRoot)
	case scSignInSessionARN:
		return appendStr(dst, w, scSignInSessionARN, `"signInSessionArn":`, c.SignInSessionARN)
	}
	return dst
}

func (f *WebIDFederationData) appendJSON(dst []byte) []byte {
	return appendMembers(dst, &f.wire, wfAttributes+1, f.appendMember)
}

func (f *WebIDFederationData) appendMember(dst []byte, slot int) []byte {
	w := &f.wire
	switch slot {
	case wfFederatedProvider:
		return appendStr(dst, w, wfFederatedProvider, `"federatedProvider":`, f.FederatedProvider)
	case wfAttributes:
		if len(f.Attributes) > 0 {
			return append(key(dst, `"attributes":`), f.Attributes...)
		}
		return appendRaw(dst, w, wfAttributes, `"attributes":`)
	}
	return dst
}

func (a *Attributes) appendJSON(dst []byte) []byte {
	w := &a.wire.wireState
	if w.zero&reordered != 0 {
		return appendMembers(dst, w, atMFAAuthenticated+1, a.appendMember)
	}
	dst = append(dst, '{')
	dst = a.appendMember(dst, atCreationDate)
	dst = a.appendMember(dst, atMFAAuthenticated)
	dst = appendUnknown(dst, w)
	return append(dst, '}')
}

func (a *Attributes) appendMember(dst []byte, slot int) []byte {
	w := &a.wire
	switch slot {
	case atCreationDate:
		// As read unless the caller changed it; a new value in the
		// layout it was read in (extended by default).
		switch {
		case w.cdForm != formAbsent && w.sameCreationDate(a.CreationDate):
			dst = append(key(dst, `"creationDate":`), w.cdRaw...)
		case a.CreationDate.IsZero():
		default:
			layout := extendedLayout
			if w.cdForm == formBasic {
				layout = basicLayout
			}
			dst = append(key(dst, `"creationDate":`), '"')
			dst = a.CreationDate.UTC().AppendFormat(dst, layout)
			dst = append(dst, '"')
		}
	case atMFAAuthenticated:
		// As read unless changed; absent stays absent while false; a
		// value built by the caller is written as documented.
		switch {
		case w.mfaForm != formAbsent && a.MFAAuthenticated == w.mfaVal:
			dst = append(key(dst, `"mfaAuthenticated":`), w.mfaRaw...)
		case w.decoded && w.mfaForm == formAbsent && !a.MFAAuthenticated:
		case w.mfaForm == formBool:
			dst = strconvBool(key(dst, `"mfaAuthenticated":`), a.MFAAuthenticated, false)
		default:
			dst = strconvBool(key(dst, `"mfaAuthenticated":`), a.MFAAuthenticated, true)
		}
	}
	return dst
}

func strconvBool(dst []byte, v, quoted bool) []byte {
	s := "false"
	if v {
		s = "true"
	}
	if quoted {
		dst = append(dst, '"')
		dst = append(dst, s...)
		return append(dst, '"')
	}
	return append(dst, s...)
}
