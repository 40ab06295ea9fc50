package trail

import (
	"bytes"
	"unsafe"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/jsonwire"
)

// AppendJSON appends the routing of rec as one JSON object, the line
// `trailmap route` and examples/route print per record:
//
//	{"eventID":"…","eventName":"CreateUser",
//	 "deliveries":[{"trail":"arn:…","account":"…","region":"us-east-1","key":"org/AWSLogs/…/2023/05/01/"}],
//	 "skipped":[{"trail":"arn:…","code":"NotSelected","reason":"…"}]}
//
// eventID is rec.ID(), the eventId of an aggregated event; eventName is
// rec.Title(), so Insights and aggregated records, which have no
// eventName, are named by what they are about. key is the
// delivery's KeyPrefix; undated, present only when the key has no day folder,
// is the delivery's Undated; code is the skip's SkipCode name. Both arrays are
// always present. No newline is appended. AppendJSON allocates nothing
// beyond growing dst.
func (r *Result) AppendJSON(dst []byte, rec *event.Record) []byte {
	dst = append(dst, `{"eventID":`...)
	dst = jsonwire.AppendString(dst, rec.ID())
	dst = append(dst, `,"eventName":`...)
	dst = jsonwire.AppendString(dst, rec.Title())
	return appendOutcomeJSON(dst, r.Deliveries, r.Skipped)
}

// appendOutcomeJSON appends what AppendJSON writes after the eventName.
func appendOutcomeJSON(dst []byte, deliveries []Delivery, skips []Skip) []byte {
	dst = append(dst, `,"deliveries":[`...)
	for i := range deliveries {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendDelivery(dst, &deliveries[i])
	}
	dst = append(dst, `],"skipped":[`...)
	for i := range skips {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendSkip(dst, &skips[i])
	}
	return append(dst, "]}"...)
}

func appendDelivery(dst []byte, d *Delivery) []byte {
	dst = append(dst, `{"trail":`...)
	dst = jsonwire.AppendString(dst, d.TrailARN)
	dst = append(dst, `,"account":`...)
	dst = jsonwire.AppendString(dst, d.Account)
	dst = append(dst, `,"region":`...)
	dst = jsonwire.AppendString(dst, d.Region)
	dst = append(dst, `,"key":`...)
	dst = jsonwire.AppendString(dst, d.KeyPrefix)
	if d.Undated != "" {
		dst = append(dst, `,"undated":`...)
		dst = jsonwire.AppendString(dst, d.Undated)
	}
	return append(dst, '}')
}

func appendSkip(dst []byte, s *Skip) []byte {
	dst = append(dst, `{"trail":`...)
	dst = jsonwire.AppendString(dst, s.TrailARN)
	dst = append(dst, `,"code":`...)
	dst = jsonwire.AppendString(dst, s.Code.String())
	dst = append(dst, `,"reason":`...)
	dst = jsonwire.AppendString(dst, s.Reason)
	return append(dst, '}')
}

// ResultEncoder writes the lines of Result.AppendJSON for a stream of
// records, faster: the Router hands out one string per trail ARN, key
// prefix and distinct reason, so the encoder escapes each delivery and
// skip once and copies it afterwards, recognising a string by its memory,
// not its text (and checking the account and Region of a delivery by
// text), and looks first at what it wrote at the same position for the
// record before; a Result that RouteInto copied from a remembered
// outcome, unchanged since, is written in one copy. The zero ResultEncoder is ready to use; it remembers at
// most 4096 skips and 4096 deliveries. It is not safe for concurrent use.
type ResultEncoder struct {
	skips      map[skipKey][]byte
	deliveries map[deliveryKey]cachedDelivery
	// lastSkips holds, per position in Result.Skipped, the skip written
	// there last: consecutive records mostly have the same skips, found
	// by a comparison instead of a map look-up.
	lastSkips      []lastSkip
	lastDeliveries []lastDelivery
}

type lastDelivery struct {
	key deliveryKey
	c   cachedDelivery
}

type lastSkip struct {
	key  skipKey
	json []byte
}

// skipKey names a skip by the memory of its strings; the cached entry
// keeps that memory alive, so it cannot be reused for other text.
type skipKey struct {
	trail, reason *byte
	tn, rn        int
	code          SkipCode
}

// deliveryKey names a delivery by the memory of its trail ARN, key
// prefix and undated reason; the entry holds the account and Region it
// was written with, compared by text.
type deliveryKey struct {
	trail, key, undated *byte
	tn, kn, un          int
}

type cachedDelivery struct {
	account, region string
	json            []byte
}

const maxCachedSkips = 4096

// AppendJSON appends the line of rec and r, byte for byte what
// r.AppendJSON(dst, rec) appends.
func (e *ResultEncoder) AppendJSON(dst []byte, rec *event.Record, r *Result) []byte {
	dst = append(dst, `{"eventID":`...)
	dst = jsonwire.AppendString(dst, rec.ID())
	dst = append(dst, `,"eventName":`...)
	dst = jsonwire.AppendString(dst, rec.Title())
	o := r.outcome
	if o != nil && o.holds(r) {
		// Routed from (or remembered as) an outcome RouteInto remembers,
		// and not changed since: its JSON is written once.
		if b := o.json.Load(); b != nil {
			return append(dst, *b...)
		}
		at := len(dst)
		dst = e.appendOutcome(dst, r)
		b := bytes.Clone(dst[at:])
		o.json.Store(&b)
		return dst
	}
	return e.appendOutcome(dst, r)
}

// appendOutcome appends what Result.AppendJSON writes after the
// eventName.
func (e *ResultEncoder) appendOutcome(dst []byte, r *Result) []byte {
	dst = append(dst, `,"deliveries":[`...)
	if e.deliveries == nil && len(r.Deliveries) > 0 {
		e.deliveries = make(map[deliveryKey]cachedDelivery)
	}
	for i := range r.Deliveries {
		d := &r.Deliveries[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		k := deliveryKey{unsafe.StringData(d.TrailARN), unsafe.StringData(d.KeyPrefix), unsafe.StringData(d.Undated),
			len(d.TrailARN), len(d.KeyPrefix), len(d.Undated)}
		if i < len(e.lastDeliveries) {
			if l := &e.lastDeliveries[i]; l.key == k && l.c.account == d.Account && l.c.region == d.Region {
				dst = append(dst, l.c.json...)
				continue
			}
		}
		c, ok := e.deliveries[k]
		if ok && c.account == d.Account && c.region == d.Region {
			dst = append(dst, c.json...)
		} else {
			at := len(dst)
			dst = appendDelivery(dst, d)
			if len(e.deliveries) >= maxCachedSkips {
				continue
			}
			c = cachedDelivery{d.Account, d.Region, append([]byte(nil), dst[at:]...)}
			e.deliveries[k] = c
		}
		if i < maxCachedSkips {
			for len(e.lastDeliveries) <= i {
				e.lastDeliveries = append(e.lastDeliveries, lastDelivery{})
			}
			e.lastDeliveries[i] = lastDelivery{k, c}
		}
	}
	dst = append(dst, `],"skipped":[`...)
	if e.skips == nil && len(r.Skipped) > 0 {
		e.skips = make(map[skipKey][]byte)
	}
	for i := range r.Skipped {
		s := &r.Skipped[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		k := skipKey{unsafe.StringData(s.TrailARN), unsafe.StringData(s.Reason), len(s.TrailARN), len(s.Reason), s.Code}
		if i < len(e.lastSkips) && e.lastSkips[i].key == k {
			dst = append(dst, e.lastSkips[i].json...)
			continue
		}
		b, ok := e.skips[k]
		if !ok {
			at := len(dst)
			dst = appendSkip(dst, s)
			b = dst[at:]
			if len(e.skips) >= maxCachedSkips {
				continue
			}
			b = append([]byte(nil), b...)
			e.skips[k] = b
		} else {
			dst = append(dst, b...)
		}
		if i < maxCachedSkips {
			for len(e.lastSkips) <= i {
				e.lastSkips = append(e.lastSkips, lastSkip{})
			}
			e.lastSkips[i] = lastSkip{k, b}
		}
	}
	return append(dst, "]}"...)
}
