package event

import "github.com/trailmap/trailmap/internal/jsonwire"

// fieldSet is the string fields of one nested object (a resources entry,
// tlsDetails, addendum, insightDetails) by field number, with their member
// names, so that one piece of code decodes, clears and writes them all.
type fieldSet struct {
	path  string // the object's member name, for errors
	w     *wireState
	names []string   // member name of field f
	ptrs  [5]*string // field f, for f < len(names); an array, so that a fieldSet allocates nothing
}

// The member names of the nested objects' string fields, in field order
// (the documented order, in which they are written when set).
var (
	resourceNames = [...]string{"ARN", "accountId", "type", "ARNPrefix"}
	addendumNames = [...]string{"reason", "updatedFields", "originalRequestID", "originalEventID"}
	tlsNames      = [...]string{"tlsVersion", "cipherSuite", "clientProvidedHostHeader", "keyExchange"}
	insightNames  = [...]string{"state", "eventSource", "eventName", "insightType", "errorCode"}
)

// insightContextField is InsightDetails' field number for insightContext,
// the raw field after its string fields.
const insightContextField = len(insightNames)

func (x *Resource) fields() fieldSet {
	return fieldSet{"resources", &x.wire, resourceNames[:], [5]*string{&x.ARN, &x.AccountID, &x.Type, &x.ARNPrefix}}
}

func (x *Addendum) fields() fieldSet {
	return fieldSet{"addendum", &x.wire, addendumNames[:], [5]*string{&x.Reason, &x.UpdatedFields, &x.OriginalRequestID, &x.OriginalEventID}}
}

func (x *TLSDetails) fields() fieldSet {
	return fieldSet{"tlsDetails", &x.wire, tlsNames[:], [5]*string{&x.TLSVersion, &x.CipherSuite, &x.ClientProvidedHostHeader, &x.KeyExchange}}
}

func (x *InsightDetails) fields() fieldSet {
	return fieldSet{"insightDetails", &x.wire, insightNames[:], [5]*string{&x.State, &x.EventSource, &x.EventName, &x.InsightType, &x.ErrorCode}}
}

// field returns the field number of the member named key, or -1.
func (fs fieldSet) field(key string) int {
	for f, name := range fs.names {
		if key == name {
			return f
		}
	}
	return -1
}

// object reads a nested object into fs. other, when not nil, reads the
// members besides the string fields that the object models and reports
// whether key was one; every other member is kept raw. A member name
// read twice is remembered for a DuplicateMemberError.
func (d *decoder) object(fs fieldSet, other func(key string) (bool, error)) error {
	sc := &d.sc
	start := sc.Pos()
	if err := sc.BeginObject(); err != nil {
		return err
	}
	// A field read twice is found by its bit in seen; the names of the
	// other members by names.
	var names jsonwire.Names
	var live, seen uint16 // live: see decoder.nested
	for i := 0; ; i++ {
		key, ok, err := sc.NextKey()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		if f := fs.field(key); f >= 0 {
			if seen&(1<<f) != 0 {
				d.nestedDup(fs.path, start, key)
			}
			seen |= 1 << f
			err = d.nested(fs.w, &live, key, f, fs.ptrs[f])
		} else {
			if names.SeenAt(sc.Text(), start, i, key) {
				d.nestedDup(fs.path, start, key)
			}
			done := false
			if other != nil {
				done, err = other(key)
			}
			if err == nil && !done {
				err = d.nestedExtra(fs.w, key, -1)
			}
		}
		if err != nil {
			return err
		}
	}
}

// readObject reads the member key, documented as an object, into *dst:
// into the slot of the record's block that slot names, or a new value when
// slot names none or an earlier member of the same name holds it, or when
// a decoder with a Reader's memo has no block (its nested values copied
// from the memo are placed by decoder.place, in room of their size). A value
// of another JSON type is kept raw in place of field.
func readObject[T any, P interface {
	*T
	fields() fieldSet
}](d *decoder, key string, field int, dst *P, slot func(*block) P) error {
	if d.sc.Peek() != jsonwire.Object {
		return d.extra(key, field)
	}
	// The block's slot is used once, while it is all zero as the block
	// was allocated: a repeated member gets a new value, so that no
	// slot is cleared (which would cost write barriers while the
	// garbage collector runs).
	var x P
	if d.blk != nil || d.ids == nil {
		x = slot(d.block())
	}
	if x == nil || d.slots&(1<<field) != 0 {
		x = new(T)
	} else {
		d.slots |= 1 << field
	}
	if err := d.object(x.fields(), nil); err != nil {
		return err
	}
	d.set(field)
	*dst = x
	return nil
}

// appendJSON writes the nested object; extra, when not nil, writes its
// fields beyond the string fields, of which set has the bits.
func (fs fieldSet) appendJSON(dst []byte, nfields int, set uint16, extra func(dst []byte, f int) []byte) []byte {
	for f := range fs.names {
		set |= fs.w.bit(f, *fs.ptrs[f])
	}
	return fs.w.object(dst, nfields, set, func(dst []byte, f int) []byte {
		if f < len(fs.names) {
			return fs.w.str(dst, f, fs.names[f], *fs.ptrs[f])
		}
		return extra(dst, f)
	})
}
