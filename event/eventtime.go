package event

import "time"

// HasEventTime reports whether r.EventTime holds the record's time: a
// time the caller set (not the zero time.Time), or the time a decoded
// eventTime read as while r.EventTime still equals it. A record whose
// eventTime reads "0001-01-01T00:00:00Z" has one, the zero time.Time; a
// record without eventTime, or whose eventTime is not a time
// (EventTimeText tells which), has none.
func (r *Record) HasEventTime() bool {
	w := &r.wire
	return !r.EventTime.IsZero() || w.timeSet && w.timeOK && w.timeParsed.IsZero()
}

// EventTimeText returns the eventTime member as the record holds it, and
// whether it has one: a JSON string's contents, or the JSON text of a
// value of any other type. It is how a caller tells a record without
// eventTime from one whose eventTime is not a time (HasEventTime false
// for both). A time set by the caller after decoding is not reflected:
// the text is what was read.
func (r *Record) EventTimeText() (string, bool) {
	if r.wire.timeSet {
		return r.wire.timeText, true
	}
	return r.memberText("eventTime")
}

// Occurred returns when the event happened, as Time does, and whether
// that is known: false for a record without eventTime (or whose
// eventTime is not a time) that is not an aggregated event with a
// complete time window. Unlike Time it tells the instant
// 0001-01-01T00:00:00Z, which is the zero time.Time, from no time.
func (r *Record) Occurred() (time.Time, bool) {
	if r.HasEventTime() {
		return r.EventTime, true
	}
	if !r.IsAggregated() {
		return time.Time{}, false
	}
	t := r.windowEnd()
	return t, !t.IsZero()
}
