package identity

import "github.com/trailmap/trailmap/internal/jsonwire"

// strObject is an element whose known members are all strings
// (sessionIssuer, onBehalfOf, inScopeOf, invokedByDelegate): one piece of
// code decodes and encodes them all.
type strObject struct {
	path    string     // the element's member path, for errors
	w       *wireState // what decoding saw besides the fields
	members []string   // member i as written: its name in quotes and a colon
	ptrs    [5]*string // field of member i, for i < len(members)
}

// The members of the string-only elements, in the documented order, in
// which they are written. Member i has slot i.
var (
	issuerMembers   = [...]string{`"type":`, `"principalId":`, `"arn":`, `"accountId":`, `"userName":`}
	behalfMembers   = [...]string{`"userId":`, `"identityStoreArn":`}
	scopeMembers    = [...]string{`"sourceArn":`, `"sourceAccount":`, `"issuerType":`, `"credentialsIssuedTo":`}
	delegateMembers = [...]string{`"accountId":`}
)

func (s *SessionIssuer) fields() strObject {
	return strObject{siPath, &s.wire, issuerMembers[:],
		[5]*string{(*string)(&s.Type), &s.PrincipalID, &s.ARN, &s.AccountID, &s.UserName}}
}

func (o *OnBehalfOf) fields() strObject {
	return strObject{obPath, &o.wire, behalfMembers[:], [5]*string{&o.UserID, &o.IdentityStoreARN}}
}

func (s *InScopeOf) fields() strObject {
	return strObject{isPath, &s.wire, scopeMembers[:],
		[5]*string{&s.SourceARN, &s.SourceAccount, &s.IssuerType, &s.CredentialsIssuedTo}}
}

func (v *InvokedByDelegate) fields() strObject {
	return strObject{ibdPath, &v.wire, delegateMembers[:], [5]*string{&v.AccountID}}
}

// slot returns the slot of the member named key, or -1.
func (o *strObject) slot(key string) int {
	for i, m := range o.members {
		if len(m) == len(key)+3 && m[1:len(m)-2] == key {
			return i
		}
	}
	return -1
}

// decode reads the element; unknown members are kept raw.
func (o strObject) decode(d *decoder) error {
	start := d.sc.Pos()
	if err := d.sc.BeginObject(); err != nil {
		return syntaxError(o.path, "", err)
	}
	var names jsonwire.Names
	for i := 0; ; i++ {
		key, ok, err := d.sc.NextKey()
		if err != nil {
			return syntaxError(o.path, "", err)
		}
		if !ok {
			return nil
		}
		if slot := o.slot(key); slot >= 0 {
			dc := d.before(o.w)
			err = d.str(o.w, slot, key, o.ptrs[slot])
			d.check(dc, o.w, o.path, start, key)
		} else {
			d.unknown(&names, o.path, start, i, key)
			err = d.other(o.w, -1, key)
		}
		if err != nil {
			return syntaxError(o.path, key, err)
		}
	}
}

// appendJSON writes the element (see appendMembers for the order).
func (o strObject) appendJSON(dst []byte) []byte {
	if o.w.zero&reordered != 0 {
		return appendMembers(dst, o.w, len(o.members), o.appendMember)
	}
	dst = append(dst, '{')
	for i, m := range o.members {
		dst = appendStr(dst, o.w, i, m, *o.ptrs[i])
	}
	dst = appendUnknown(dst, o.w)
	return append(dst, '}')
}

func (o *strObject) appendMember(dst []byte, slot int) []byte {
	return appendStr(dst, o.w, slot, o.members[slot], *o.ptrs[slot])
}

func (s *SessionIssuer) appendJSON(dst []byte) []byte     { return s.fields().appendJSON(dst) }
func (o *OnBehalfOf) appendJSON(dst []byte) []byte        { return o.fields().appendJSON(dst) }
func (s *InScopeOf) appendJSON(dst []byte) []byte         { return s.fields().appendJSON(dst) }
func (v *InvokedByDelegate) appendJSON(dst []byte) []byte { return v.fields().appendJSON(dst) }

func (d *decoder) sessionIssuer(s *SessionIssuer) error         { return s.fields().decode(d) }
func (d *decoder) onBehalfOf(o *OnBehalfOf) error               { return o.fields().decode(d) }
func (d *decoder) inScopeOf(s *InScopeOf) error                 { return s.fields().decode(d) }
func (d *decoder) invokedByDelegate(v *InvokedByDelegate) error { return v.fields().decode(d) }
