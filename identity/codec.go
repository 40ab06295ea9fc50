package identity

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/trailmap/trailmap/internal/idstore"
	"github.com/trailmap/trailmap/internal/jsonwire"
)

// SyntaxError reports JSON text that is not a well-formed userIdentity
// object.
type SyntaxError struct {
	// Path is the member path to the value in error, such as
	// "sessionContext.attributes"; empty for the userIdentity object
	// itself.
	Path string
	// Offset is the byte offset of the error into the text given to
	// Parse or UnmarshalJSON.
	Offset int
	// Msg says what was expected and what was found.
	Msg string

	err error
}

// Error returns "identity: <path>: offset <n>: <what was expected>".
func (e *SyntaxError) Error() string {
	if e.Path == "" {
		return "identity: offset " + strconv.Itoa(e.Offset) + ": " + e.Msg
	}
	return "identity: " + e.Path + ": offset " + strconv.Itoa(e.Offset) + ": " + e.Msg
}

// Unwrap returns the underlying scanner error.
func (e *SyntaxError) Unwrap() error { return e.err }

// syntaxError wraps a scanner error with the member path where it happened.
//
// An error that already is a *SyntaxError, from a nested object, has its
// full path and is returned as it is.
func syntaxError(path, key string, err error) error {
	if se, ok := err.(*SyntaxError); ok {
		return se
	}
	if key != "" {
		if path != "" {
			path += "." + key
		} else {
			path = key
		}
	}
	var se *jsonwire.SyntaxError
	if errors.As(err, &se) {
		return &SyntaxError{Path: path, Offset: se.Offset, Msg: se.Msg, err: se}
	}
	return &SyntaxError{Path: path, Msg: err.Error(), err: err}
}

// storage is room for one decoded UserIdentity and the nested objects a
// typical identity has: sessionContext with its sessionIssuer, attributes
// and webIdFederationData (behind one pointer), and onBehalfOf (behind
// another), allocated by the decoder when the identity has them and the
// storage has no room for them. Parse allocates one storage with room for
// both per identity. Package event embeds the same type in the block of
// memory it allocates per record, with room for a sessionContext when the
// identity likely has one, and decodes through idstore.DecodeString, so
// that a typical identity costs no allocation of its own. The zero value
// is ready to use.
type storage = idstore.Storage[UserIdentity, SessionContext, SessionIssuer, Attributes, WebIDFederationData, OnBehalfOf]

// session is the room for a sessionContext in a storage.
type session = idstore.Session[SessionContext, SessionIssuer, Attributes, WebIDFederationData]

// fullStorage is a storage with room for every nested object it may point
// to, allocated together.
type fullStorage struct {
	st storage
	s  session
	ob OnBehalfOf
}

// newStorage returns a storage that needs no allocation for a typical
// identity.
func newStorage() *storage {
	f := new(fullStorage)
	f.st.S, f.st.OB = &f.s, &f.ob
	return &f.st
}

func init() { idstore.SetDecoder(decodeString) }

// The parts of a storage, as bits of decoder.fresh.
const (
	partSC uint8 = 1 << iota
	partSI
	partAT
	partWF
	partOB

	allParts = partSC | partSI | partAT | partWF | partOB
)

// Member slots, in the documented order in which they are written.
const (
	uType = iota
	uPrincipalID
	uARN
	uAccountID
	uAccessKeyID
	uUserName
	uSessionContext
	uInvokedBy
	uIdentityProvider
	uCredentialID
	uOnBehalfOf
	uInScopeOf
	uInvokedByDelegate
)

const (
	scSessionIssuer = iota
	scWebIDFederationData
	scAttributes
	scSourceIdentity
	scEC2RoleDelivery
	scAssumedRoot
	scSignInSessionARN
)

const (
	wfFederatedProvider = iota
	wfAttributes
)

const (
	atCreationDate = iota
	atMFAAuthenticated
)

// Parse parses the JSON text of a userIdentity element. Strings in the
// result share memory with s (strings are immutable, so that is safe).
// A typical identity costs one allocation.
//
// Errors are *SyntaxError values whose Offset is relative to s.
func Parse(s string) (*UserIdentity, error) {
	st := newStorage()
	d := decoder{sc: jsonwire.New(s), b: st, fresh: allParts}
	if err := d.identity(&st.U); err != nil {
		return nil, err
	}
	if err := d.sc.End(); err != nil {
		return nil, syntaxError("", "", err)
	}
	if d.dup.set {
		clean, err := d.dropRepeats(s)
		if err != nil {
			return nil, err
		}
		u, err := Parse(clean)
		if err != nil {
			return nil, d.duplicateError(s)
		}
		return u, nil
	}
	return &st.U, nil
}

// decodeString decodes the userIdentity object at the start of s (white
// space may come first) into st and returns the identity and the number
// of bytes of s it read, up to and including the closing '}'. What follows
// the object is not looked at, so a decoder of a larger JSON text can hand
// over the rest of its input and go on after the identity.
//
// The identity and its sessionContext, sessionIssuer, attributes,
// webIdFederationData and onBehalfOf live in st; inScopeOf and
// invokedByDelegate are allocated. Strings share memory with s. Decoding
// again into st replaces the identity it returned before, so a decoder
// uses one storage per identity it keeps.
//
// Errors are *SyntaxError values whose Offset is relative to s; u is then
// nil and n zero.
func decodeString(st *storage, s string) (u *UserIdentity, n int, err error) {
	d := decoder{sc: jsonwire.New(s), b: st}
	if st.Used {
		st.U = UserIdentity{}
	} else {
		// A storage never decoded into is all zero: none of its parts
		// needs resetting before its first use.
		d.fresh = allParts
		st.Used = true
	}
	if err := d.identity(&st.U); err != nil {
		return nil, 0, err
	}
	if d.dup.set {
		n := d.sc.Pos()
		clean, err := d.dropRepeats(s[:n])
		if err != nil {
			return nil, 0, err
		}
		u, _, err := decodeString(st, clean)
		if err != nil {
			return nil, 0, d.duplicateError(s)
		}
		return u, n, nil
	}
	return &st.U, d.sc.Pos(), nil
}

// UnmarshalJSON sets u from the JSON text of a userIdentity element,
// replacing what u held. It copies b once.
func (u *UserIdentity) UnmarshalJSON(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*u = *v
	return nil
}

type decoder struct {
	sc    jsonwire.Scanner
	b     *storage
	fresh uint8    // the parts of b still zero, which need no reset before use
	dup   dupFound // the first member name an object has twice
	// dupObjs lists the objects that have a member name twice.
	dupObjs []dupObj
	// passed counts the raw members forget looked at, which tests bound.
	passed int
}

// sess returns the storage's room for a sessionContext, allocating it
// when there is none.
func (d *decoder) sess() *session {
	if d.b.S == nil {
		d.b.S = new(session)
		d.fresh |= partSC | partSI | partAT | partWF
	}
	return d.b.S
}

// onBehalf returns the storage's room for onBehalfOf, allocating it when
// there is none.
func (d *decoder) onBehalf() *OnBehalfOf {
	if d.b.OB == nil {
		d.b.OB = new(OnBehalfOf)
		d.fresh |= partOB
	}
	return d.b.OB
}

// reuse reports whether part p of the storage must be reset before it is
// decoded into, and notes that it is in use.
func (d *decoder) reuse(p uint8) bool {
	r := d.fresh&p == 0
	d.fresh &^= p
	return r
}

// str reads a string member into dst, remembering an empty string, null or
// a value of another JSON type.
func (d *decoder) str(w *wireState, slot int, key string, dst *string) error {
	d.passed += w.forget(slot)
	w.note(slot)
	if v, ok, err := d.sc.NextString(); ok {
		if err != nil {
			return err
		}
		*dst = v
		if v == "" {
			w.zero |= 1 << slot
		}
		return nil
	}
	raw, err := d.sc.SkipValue()
	if err != nil {
		return err
	}
	*dst = ""
	w.keepRaw(slot, key, raw)
	return nil
}

// other keeps a member whose value is not an object where an object is
// documented (slot >= 0), or an unknown member (slot < 0).
func (d *decoder) other(w *wireState, slot int, key string) error {
	raw, err := d.sc.SkipValue()
	if err != nil {
		return err
	}
	if slot < 0 {
		w.note(-1)
		w.keepUnknown(key, raw)
	} else {
		w.keepRaw(slot, key, raw)
	}
	return nil
}

// object starts member slot, documented as an object: it forgets what an
// earlier member of the same name left, keeps a value of another JSON type
// raw, and reports whether an object follows for the caller to read.
func (d *decoder) object(w *wireState, slot int, key string) (bool, error) {
	d.passed += w.forget(slot)
	w.note(slot)
	if d.sc.Peek() != jsonwire.Object {
		return false, d.other(w, slot, key)
	}
	return true, nil
}

func (d *decoder) identity(u *UserIdentity) error {
	start := d.sc.Pos()
	if err := d.sc.BeginObject(); err != nil {
		return syntaxError("", "", err)
	}
	var names jsonwire.Names
	w := &u.wire
	for i := 0; ; i++ {
		key, ok, err := d.sc.NextKey()
		if err != nil {
			return syntaxError("", "", err)
		}
		if !ok {
			return nil
		}
		dc := d.before(w)
		switch key {
		case "type":
			var t string
			err = d.str(w, uType, key, &t)
			u.Type = Type(t)
		case "principalId":
			err = d.str(w, uPrincipalID, key, &u.PrincipalID)
		case "arn":
			err = d.str(w, uARN, key, &u.ARN)
		case "accountId":
			err = d.str(w, uAccountID, key, &u.AccountID)
		case "accessKeyId":
			err = d.str(w, uAccessKeyID, key, &u.AccessKeyID)
		case "userName":
			err = d.str(w, uUserName, key, &u.UserName)
		case "invokedBy":
			err = d.str(w, uInvokedBy, key, &u.InvokedBy)
		case "identityProvider":
			err = d.str(w, uIdentityProvider, key, &u.IdentityProvider)
		case "credentialId":
			err = d.str(w, uCredentialID, key, &u.CredentialID)
		case "sessionContext":
			u.SessionContext = nil
			if ok, err = d.object(w, uSessionContext, key); ok {
				sc := &d.sess().SC
				if d.reuse(partSC) {
					*sc = SessionContext{}
				}
				if err = d.sessionContext(sc); err == nil {
					u.SessionContext = sc
				}
			}
		case "onBehalfOf":
			u.OnBehalfOf = nil
			if ok, err = d.object(w, uOnBehalfOf, key); ok {
				ob := d.onBehalf()
				if d.reuse(partOB) {
					*ob = OnBehalfOf{}
				}
				if err = d.onBehalfOf(ob); err == nil {
					u.OnBehalfOf = ob
				}
			}
		case "inScopeOf":
			u.InScopeOf = nil
			if ok, err = d.object(w, uInScopeOf, key); ok {
				v := new(InScopeOf)
				if err = d.inScopeOf(v); err == nil {
					u.InScopeOf = v
				}
			}
		case "invokedByDelegate":
			u.InvokedByDelegate = nil
			if ok, err = d.object(w, uInvokedByDelegate, key); ok {
				v := new(InvokedByDelegate)
				if err = d.invokedByDelegate(v); err == nil {
					u.InvokedByDelegate = v
				}
			}
		default:
			d.unknown(&names, "", start, i, key)
			err = d.other(w, -1, key)
		}
		d.check(dc, w, "", start, key)
		if err != nil {
			return syntaxError("", key, err)
		}
	}
}

const scPath = "sessionContext"

func (d *decoder) sessionContext(c *SessionContext) error {
	start := d.sc.Pos()
	if err := d.sc.BeginObject(); err != nil {
		return syntaxError(scPath, "", err)
	}
	var names jsonwire.Names
	w := &c.wire
	for i := 0; ; i++ {
		key, ok, err := d.sc.NextKey()
		if err != nil {
			return syntaxError(scPath, "", err)
		}
		if !ok {
			return nil
		}
		dc := d.before(w)
		switch key {
		case "sessionIssuer":
			c.SessionIssuer = nil
			if ok, err = d.object(w, scSessionIssuer, key); ok {
				si := &d.sess().SI
				if d.reuse(partSI) {
					*si = SessionIssuer{}
				}
				if err = d.sessionIssuer(si); err == nil {
					c.SessionIssuer = si
				}
			}
		case "webIdFederationData":
			c.WebIDFederationData = nil
			if ok, err = d.object(w, scWebIDFederationData, key); ok {
				wf := &d.sess().WF
				if d.reuse(partWF) {
					*wf = WebIDFederationData{}
				}
				if err = d.webIDFederationData(wf); err == nil {
					c.WebIDFederationData = wf
				}
			}
		case "attributes":
			c.Attributes = nil
			if ok, err = d.object(w, scAttributes, key); ok {
				at := &d.sess().AT
				if d.reuse(partAT) {
					*at = Attributes{}
				}
				if err = d.attributes(at); err == nil {
					c.Attributes = at
				}
			}
		case "sourceIdentity":
			err = d.str(w, scSourceIdentity, key, &c.SourceIdentity)
		case "ec2RoleDelivery":
			err = d.str(w, scEC2RoleDelivery, key, &c.EC2RoleDelivery)
		case "assumedRoot":
			err = d.str(w, scAssumedRoot, key, &c.AssumedRoot)
		case "signInSessionArn":
			err = d.str(w, scSignInSessionARN, key, &c.SignInSessionARN)
		default:
			d.unknown(&names, scPath, start, i, key)
			err = d.other(w, -1, key)
		}
		d.check(dc, w, scPath, start, key)
		if err != nil {
			return syntaxError(scPath, key, err)
		}
	}
}

const siPath = "sessionContext.sessionIssuer"

const wfPath = "sessionContext.webIdFederationData"

func (d *decoder) webIDFederationData(f *WebIDFederationData) error {
	start := d.sc.Pos()
	if err := d.sc.BeginObject(); err != nil {
		return syntaxError(wfPath, "", err)
	}
	var names jsonwire.Names
	w := &f.wire
	for i := 0; ; i++ {
		key, ok, err := d.sc.NextKey()
		if err != nil {
			return syntaxError(wfPath, "", err)
		}
		if !ok {
			return nil
		}
		dc := d.before(w)
		switch key {
		case "federatedProvider":
			err = d.str(w, wfFederatedProvider, key, &f.FederatedProvider)
		case "attributes":
			d.passed += w.forget(wfAttributes)
			w.note(wfAttributes)
			f.Attributes = nil
			var raw string
			raw, err = d.sc.SkipValue()
			if err == nil {
				if raw == "null" {
					w.keepRaw(wfAttributes, key, raw)
				} else {
					f.Attributes = []byte(raw)
				}
			}
		default:
			d.unknown(&names, wfPath, start, i, key)
			err = d.other(w, -1, key)
		}
		d.check(dc, w, wfPath, start, key)
		if err != nil {
			return syntaxError(wfPath, key, err)
		}
	}
}

const atPath = "sessionContext.attributes"

// Layouts of sessionContext.attributes.creationDate: the CloudTrail guide
// documents ISO 8601 basic format, records use the extended format.
const (
	basicLayout    = "20060102T150405Z"
	extendedLayout = time.RFC3339Nano
)

func (d *decoder) attributes(a *Attributes) error {
	start := d.sc.Pos()
	if err := d.sc.BeginObject(); err != nil {
		return syntaxError(atPath, "", err)
	}
	var names jsonwire.Names
	w := &a.wire
	w.decoded = true
	for i := 0; ; i++ {
		key, ok, err := d.sc.NextKey()
		if err != nil {
			return syntaxError(atPath, "", err)
		}
		if !ok {
			return nil
		}
		dc := d.before(&w.wireState)
		switch key {
		case "creationDate":
			w.note(atCreationDate)
			err = d.creationDate(a)
		case "mfaAuthenticated":
			w.note(atMFAAuthenticated)
			err = d.mfa(a)
		default:
			d.unknown(&names, atPath, start, i, key)
			err = d.other(&w.wireState, -1, key)
		}
		d.check(dc, &w.wireState, atPath, start, key)
		if err != nil {
			return syntaxError(atPath, key, err)
		}
	}
}

func (d *decoder) creationDate(a *Attributes) error {
	w := &a.wire
	isString := d.sc.Peek() == jsonwire.String
	start := d.sc.Pos()
	var v string
	var err error
	if isString {
		v, err = d.sc.ReadString()
	} else {
		_, err = d.sc.SkipValue()
	}
	if err != nil {
		return err
	}
	w.cdRaw = d.sc.Text()[start:d.sc.Pos()]
	var t time.Time
	w.cdForm = formRaw
	if isString {
		if pt, f, ok := parseCreationDate(v); ok {
			w.cdForm, t = f, pt
		}
	}
	w.setCreationDate(t)
	a.CreationDate = t
	return nil
}

// parseCreationDate reads creationDate in either documented layout; the
// fixed layouts without time.Parse, RFC 3339 variants (fractions of a
// second, offsets) with it.
func parseCreationDate(v string) (time.Time, form, bool) {
	if t, basic, ok := jsonwire.ParseUTC(v); ok {
		if basic {
			return t, formBasic, true
		}
		return t, formString, true
	}
	if len(v) == len(basicLayout) && v[8] == 'T' {
		return time.Time{}, formBasic, false
	}
	t, err := time.Parse(time.RFC3339, v)
	return t, formString, err == nil
}

func (d *decoder) mfa(a *Attributes) error {
	w := &a.wire
	k := d.sc.Peek()
	start := d.sc.Pos()
	var v string
	var err error
	if k == jsonwire.String {
		v, err = d.sc.ReadString()
	} else {
		_, err = d.sc.SkipValue()
	}
	if err != nil {
		return err
	}
	w.mfaRaw = d.sc.Text()[start:d.sc.Pos()]
	w.mfaForm, w.mfaVal = formRaw, false
	switch {
	case k == jsonwire.String && (strings.EqualFold(v, "true") || strings.EqualFold(v, "false")):
		// Documented as "true" or "false"; "False" has been seen.
		w.mfaForm, w.mfaVal = formString, strings.EqualFold(v, "true")
	case k == jsonwire.True || k == jsonwire.False:
		w.mfaForm, w.mfaVal = formBool, k == jsonwire.True
	}
	a.MFAAuthenticated = w.mfaVal
	return nil
}

const obPath = "onBehalfOf"

const isPath = "inScopeOf"

const ibdPath = "invokedByDelegate"
