package event

import "github.com/trailmap/trailmap/internal/jsonwire"

// canonicalTime is the eventTime layout of CloudTrail records.
const canonicalTime = "2006-01-02T15:04:05Z"

// MarshalJSON returns the JSON text of r: see AppendJSON. It implements
// json.Marshaler.
func (r Record) MarshalJSON() ([]byte, error) {
	return r.AppendJSON(make([]byte, 0, 2048)), nil
}

// AppendJSON appends the JSON text of r to dst and returns the extended
// buffer. It uses no reflection.
//
// A decoded record is written back as the same JSON value: members come
// in their input order, unknown members and members whose JSON type was
// not the documented one are written as they came, members that were
// present with an empty string are written with it, and booleans carried
// as strings stay strings. Fields the caller set are written too; a
// field left at its zero value is omitted unless decoding saw it present.
//
// EventTime is written as the recorded text while it still equals what
// that text parsed to; otherwise, when not zero, as UTC in the layout
// "2006-01-02T15:04:05Z".
//
// The raw payloads (RequestParameters and the like) are written as they
// are: the caller must keep them valid JSON.
func (r *Record) AppendJSON(dst []byte) []byte {
	dst = append(dst, '{')
	w := &r.wire
	var done uint64
	if !w.unordered {
		for _, o := range w.order[:w.norder] {
			if o >= extraBase {
				m := &w.extra[o-extraBase]
				if !m.dead && m.field >= 0 && r.isSet(int(m.field)) {
					// The caller set the field the raw member stood
					// in for: write it in the member's place.
					o = uint8(m.field)
				} else {
					dst = r.appendExtra(dst, int(o-extraBase))
					continue
				}
			}
			if done&(1<<o) != 0 {
				continue
			}
			done |= 1 << o
			dst = r.appendField(dst, int(o))
		}
	}
	for f := 0; f < numFields; f++ {
		if done&(1<<f) == 0 {
			dst = r.appendField(dst, f)
		}
	}
	if w.unordered {
		for k := range w.extra {
			dst = r.appendExtra(dst, k)
		}
	}
	return append(dst, '}')
}

func (r *Record) appendExtra(dst []byte, k int) []byte {
	m := &r.wire.extra[k]
	if m.dead || m.field >= 0 && r.isSet(int(m.field)) {
		return dst
	}
	return append(jsonwire.AppendMember(dst, m.key), m.raw...)
}

func (r *Record) appendStr(dst []byte, f int, key, v string) []byte {
	if v == "" && r.wire.empty&(1<<f) == 0 {
		return dst
	}
	return jsonwire.AppendStringMember(dst, key, v)
}

func appendBool(dst []byte, key string, b Bool) []byte {
	if !b.Set {
		return dst
	}
	dst = jsonwire.AppendMember(dst, key)
	switch {
	case b.Quoted && b.Value:
		return append(dst, `"true"`...)
	case b.Quoted:
		return append(dst, `"false"`...)
	case b.Value:
		return append(dst, "true"...)
	}
	return append(dst, "false"...)
}

func appendRaw(dst []byte, key string, raw []byte) []byte {
	if raw == nil {
		return dst
	}
	return jsonwire.AppendRawMember(dst, key, raw)
}

func (r *Record) appendTime(dst []byte) []byte {
	w := &r.wire
	if w.timeSet && r.EventTime.Equal(w.timeParsed) {
		return jsonwire.AppendStringMember(dst, "eventTime", w.timeText)
	}
	if r.EventTime.IsZero() {
		return dst
	}
	dst = jsonwire.AppendMember(dst, "eventTime")
	dst = append(dst, '"')
	dst = r.EventTime.UTC().AppendFormat(dst, canonicalTime)
	return append(dst, '"')
}

// Nested objects.

// str appends a string member of a nested object when it is set.
func (w *wireState) str(dst []byte, f int, key, v string) []byte {
	if v == "" && w.empty&(1<<f) == 0 {
		return dst
	}
	return jsonwire.AppendStringMember(dst, key, v)
}

// object writes a nested object: its members in the order decoding saw
// them, then fields set since, in field order, then any raw members left.
// set has a bit for each field that will be written; field writes field f
// when it is set.
func (w *wireState) object(dst []byte, nfields int, set uint16, field func(dst []byte, f int) []byte) []byte {
	dst = append(dst, '{')
	var done uint16
	k := 0 // the next raw member
	var ms []member
	if w.extra != nil {
		ms = w.extra.m
	}
	if w.norder != orderLost {
		for i := 0; i < int(w.norder); i++ {
			n := int(w.order>>(4*i)) & 0xF
			if n == nibExtra {
				if k >= len(ms) {
					continue
				}
				m := &ms[k]
				k++
				switch {
				case m.dead:
					continue
				case m.field >= 0 && set&(1<<m.field) != 0:
					n = int(m.field) + 1 // the field set since, in the member's place
				default:
					dst = append(jsonwire.AppendMember(dst, m.key), m.raw...)
					continue
				}
			}
			f := n - 1
			if f < 0 || f >= nfields || done&(1<<f) != 0 {
				continue
			}
			done |= 1 << f
			dst = field(dst, f)
		}
	}
	for f := 0; f < nfields; f++ {
		if done&(1<<f) == 0 {
			dst = field(dst, f)
		}
	}
	for ; k < len(ms); k++ {
		m := &ms[k]
		if m.dead || m.field >= 0 && set&(1<<m.field) != 0 {
			continue
		}
		dst = append(jsonwire.AppendMember(dst, m.key), m.raw...)
	}
	return append(dst, '}')
}

// rawBit returns the field bit for f when raw is set.
func rawBit(f int, raw []byte) uint16 {
	if raw != nil {
		return 1 << f
	}
	return 0
}

// bit returns the field bit for f when v is set.
func (w *wireState) bit(f int, v string) uint16 {
	if v != "" || w.empty&(1<<f) != 0 {
		return 1 << f
	}
	return 0
}

// MarshalJSON returns the JSON text of x, unknown members included.
func (x Resource) MarshalJSON() ([]byte, error) { return x.appendJSON(nil), nil }

func (x *Resource) appendJSON(dst []byte) []byte {
	return x.fields().appendJSON(dst, len(resourceNames), 0, nil)
}

// MarshalJSON returns the JSON text of x, unknown members included.
func (x Addendum) MarshalJSON() ([]byte, error) { return x.appendJSON(nil), nil }

func (x *Addendum) appendJSON(dst []byte) []byte {
	return x.fields().appendJSON(dst, len(addendumNames), 0, nil)
}

// MarshalJSON returns the JSON text of x, unknown members included.
func (x TLSDetails) MarshalJSON() ([]byte, error) { return x.appendJSON(nil), nil }

func (x *TLSDetails) appendJSON(dst []byte) []byte {
	return x.fields().appendJSON(dst, len(tlsNames), 0, nil)
}

// MarshalJSON returns the JSON text of x, unknown members included.
func (x InsightDetails) MarshalJSON() ([]byte, error) { return x.appendJSON(nil), nil }

func (x *InsightDetails) appendJSON(dst []byte) []byte {
	return x.fields().appendJSON(dst, insightContextField+1, rawBit(insightContextField, x.InsightContext),
		func(dst []byte, f int) []byte { return appendRaw(dst, "insightContext", x.InsightContext) })
}
