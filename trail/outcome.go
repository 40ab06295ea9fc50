package trail

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/trailmap/trailmap/event"
)

// Routing a stream of records mostly repeats a few outcomes: the records
// of one account, Region and day that the trails' selectors cannot tell
// apart are delivered and skipped alike, with the same reasons. RouteInto
// remembers whole outcomes by the members of a record that routing reads
// (outcomeKey), and copies a remembered one into the Result instead of
// routing again; ResultEncoder then writes its JSON, encoded once, in
// one copy. The JSON is encoded by the first ResultEncoder that writes
// the outcome (from what it remembers of each delivery and skip), not
// when the outcome is remembered: many outcomes are never written (with
// -summary, or when the table of outcomes turns over), and encoding one
// afresh, every reason escaped, cost a deployment of 15 trails an eighth
// of route's time.

// outcomeSlots is how many outcomes a Result remembers: a table of
// outcomeSlots entries in which a key has two places, chosen by two
// parts of its hash, so that two keys that come in turn and share one
// place do not keep taking it from each other (with one place per key,
// such a pair, one in about 340 for three keys, was never remembered).
// A new key takes an unused place, else one that holds no outcome (only
// a key seen once), else one of the two by a third part of its hash. An outcome is remembered the second time its
// key is seen in its place, so that records whose keys never repeat
// (data events on new objects, when a selector names resources.ARN)
// cost no memory.
const outcomeSlots = 1024

// A Result that looks for outcomes in vain pauses: after a window of
// outcomeWindow records of which fewer than outcomeWindow/8 repeat a key
// seen before (an outcome found, or kept then), the next outcomePause
// records are routed afresh without looking, so that records that never
// repeat (data events on new objects, when a selector names
// resources.ARN) pay for looking a fifth of the time only.
const (
	outcomeWindow = 256
	outcomePause  = 1024
)

// maxOutcomeKey is the longest key remembered; records with longer keys
// (many resources, long values) are routed each time.
const maxOutcomeKey = 512

// routeOutcome is a remembered routing outcome.
type routeOutcome struct {
	key        []byte
	deliveries []Delivery
	skips      []Skip
	others     int
	// json is what Result.AppendJSON writes after the eventName:
	// `,"deliveries":[…],"skipped":[…]}`, once a ResultEncoder has
	// written it (atomic: Results holding the outcome may be written by
	// encoders in several goroutines).
	json atomic.Pointer[[]byte]
}

type outcomeSlot struct {
	hash    uint64
	outcome *routeOutcome
}

// outcomes is the table of remembered outcomes of a routeCache.
type outcomes struct {
	slots []outcomeSlot
	seed  maphash.Seed
	key   []byte
	// looked and repeated count the records of the current window and
	// those whose key was seen before; pause, the records left to route
	// without looking.
	looked, repeated, pause int
}

// outcomeKey appends to dst the members of rec that routing it reads,
// given its facts f: the recipient account, the Region, the category
// (and how it was found), whether it is a global service event recorded
// before the cutover, the day of the delivery (or why there is none),
// and what the trails' selectors read: for Insights events the insight
// type and analysed category, for aggregated events the template and event source, for
// the others the members the selectors of the deployment name (u, as
// explainKey writes them), and the event source when a reason may name
// it (global service events). Two records with the same key are routed
// alike, reasons included. Which members follow depends only on what
// comes before them and on u, so no two different records share a key.
func outcomeKey(dst []byte, u explainUses, rec *event.Record, f *recordFacts) []byte {
	dst = appendField(dst, f.account)
	dst = appendField(dst, f.region)
	cat, how := rec.Category()
	dst = appendField(dst, string(cat))
	var flags byte
	if f.global {
		flags |= 1
	}
	if f.before {
		flags |= 2
	}
	dst = append(dst, byte(how), flags)
	dst = binary.AppendVarint(dst, f.dayKey)
	dst = appendField(dst, f.undated)
	switch f.kind {
	case InsightFiles:
		typ, on, ok := rec.InsightOn()
		dst = appendField(dst, typ)
		dst = appendField(dst, string(on))
		if ok {
			dst = append(dst, 1)
		} else {
			dst = append(dst, 0)
		}
		return dst
	case AggregatedFiles:
		dst = appendField(dst, rec.AggregationTemplate())
		return appendField(dst, rec.EventSource)
	}
	if f.global {
		// A reason may name the event source of a global service event.
		u |= usesSource
	}
	return appendUsedMembers(dst, u, rec, maxOutcomeKey)
}

// routeRemembered routes rec, of facts f, into res: from a remembered
// outcome when there is one, else afresh, remembering the outcome the
// second time its key comes.
func (r *Router) routeRemembered(rec *event.Record, res *Result, c *routeCache, f *recordFacts) {
	t := &c.outcomes
	if t.pause > 0 {
		t.pause--
		r.route(rec, res, c, f)
		return
	}
	if t.looked++; t.looked == outcomeWindow {
		if t.repeated < outcomeWindow/8 {
			t.pause = outcomePause
		}
		t.looked, t.repeated = 0, 0
	}
	key := outcomeKey(t.key[:0], r.uses, rec, f)
	if unsafe.SliceData(key) != unsafe.SliceData(t.key) {
		// Grown. Otherwise t.key is left as it is: storing a pointer
		// costs a write barrier while the garbage collector marks.
		t.key = key[:0]
	}
	if len(key) > maxOutcomeKey {
		r.route(rec, res, c, f)
		return
	}
	if t.slots == nil {
		t.slots = make([]outcomeSlot, outcomeSlots)
		t.seed = maphash.MakeSeed()
	}
	h := maphash.Bytes(t.seed, key)
	s := t.place(h)
	if s.hash == h {
		t.repeated++
	}
	if s.hash == h && s.outcome != nil && bytes.Equal(s.outcome.key, key) {
		o := s.outcome
		switch {
		case !r.shared:
			res.Deliveries = append(res.Deliveries[:0], o.deliveries...)
			res.Skipped = append(res.Skipped[:0], o.skips...)
		case res.shared && res.outcome == o && sameSlice(res.Deliveries, o.deliveries) && sameSlice(res.Skipped, o.skips):
			// The record before had this outcome: nothing to write
			// (each pointer written costs a write barrier while the
			// garbage collector marks).
		default:
			if !res.shared {
				res.own.deliveries, res.own.skips, res.shared = res.Deliveries, res.Skipped, true
			}
			res.Deliveries = o.deliveries[:len(o.deliveries):len(o.deliveries)]
			res.Skipped = o.skips[:len(o.skips):len(o.skips)]
		}
		res.OtherAccounts = o.others
		if res.outcome != o {
			res.outcome = o
		}
		return
	}
	r.route(rec, res, c, f)
	if s.hash != h {
		// First seen here: remember the key only.
		s.hash, s.outcome = h, nil
		return
	}
	o := &routeOutcome{
		key:        bytes.Clone(key),
		deliveries: make([]Delivery, len(res.Deliveries)),
		skips:      append([]Skip(nil), res.Skipped...),
		others:     res.OtherAccounts,
	}
	for i, d := range res.Deliveries {
		// The account and Region are the record's text, which may share
		// memory with the whole record: copied, they keep only
		// themselves alive.
		d.Account, d.Region = strings.Clone(d.Account), strings.Clone(d.Region)
		o.deliveries[i] = d
	}
	s.outcome = o
	res.outcome = o
}

// place returns the entry of t.slots for a key of hash h: the one of its
// two places that holds h, else the one to take for it (see
// outcomeSlots).
func (t *outcomes) place(h uint64) *outcomeSlot {
	a, b := &t.slots[h%outcomeSlots], &t.slots[(h>>20)%outcomeSlots]
	switch {
	case a.hash == h:
		return a
	case b.hash == h:
		return b
	case a.hash == 0:
		return a
	case b.hash == 0:
		return b
	case a.outcome == nil:
		return a
	case b.outcome == nil:
		return b
	case h>>63 == 0:
		return a
	}
	return b
}

// sameSlice reports whether a is b, capacity cut to its length (as
// WithSharedResults hands b out).
func sameSlice[E any](a, b []E) bool {
	return len(a) == len(b) && cap(a) == len(b) && unsafe.SliceData(a) == unsafe.SliceData(b)
}

// holds reports whether r holds what o holds. The strings of a Result
// copied from o are o's own, so they are compared by memory first.
func (o *routeOutcome) holds(r *Result) bool {
	if sameSlice(r.Deliveries, o.deliveries) && sameSlice(r.Skipped, o.skips) {
		return true // o's own memory (WithSharedResults)
	}
	if len(r.Deliveries) != len(o.deliveries) || len(r.Skipped) != len(o.skips) {
		return false
	}
	for i := range o.deliveries {
		a, b := &r.Deliveries[i], &o.deliveries[i]
		if !same(a.TrailARN, b.TrailARN) || !same(a.Account, b.Account) || !same(a.Region, b.Region) ||
			!same(a.KeyPrefix, b.KeyPrefix) || !same(a.Bucket, b.Bucket) || !same(a.LogStream, b.LogStream) ||
			a.Kind != b.Kind || !same(a.Undated, b.Undated) {
			return false
		}
	}
	for i := range o.skips {
		a, b := &r.Skipped[i], &o.skips[i]
		if a.Code != b.Code || !same(a.TrailARN, b.TrailARN) || !same(a.Reason, b.Reason) {
			return false
		}
	}
	return true
}

// same reports whether a and b are equal, looking at their text only
// when they are not the same memory.
func same(a, b string) bool {
	return len(a) == len(b) && (unsafe.StringData(a) == unsafe.StringData(b) || a == b)
}
