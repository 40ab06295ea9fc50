package trail

import (
	"cmp"
	"slices"
	"unsafe"

	"github.com/trailmap/trailmap/event"
)

// lastCode is the highest SkipCode.
const lastCode = NoDataEventsOfSource

// SkipCodes returns every SkipCode, in the order the Router checks them.
func SkipCodes() []SkipCode {
	codes := make([]SkipCode, 0, lastCode)
	for c := SkipCode(1); c <= lastCode; c++ {
		codes = append(codes, c)
	}
	return codes
}

// Tally counts the results of routing many records: per trail, the
// records it delivers and the records it skips by SkipCode; per account
// and Region, the records. The zero Tally is empty and ready to use. Add
// allocates only the first time it meets a trail or a place (and once two
// small tables, of outcomes and trail ARNs), so a Tally keeps up with a
// Router. A Tally is not safe for concurrent use (Places
// and Merge included, which fold in the last run of records); give each
// goroutine its own and Merge them.
type Tally struct {
	// Records is the number of records added.
	Records int
	// Undelivered is the number of records no trail delivers.
	Undelivered int

	trails []TrailCount
	index  map[string]int
	places map[Place]int
	// arns remembers, by the memory of a trail ARN's text, its entry
	// of trails: a Router hands out one string per trail ARN, so the map
	// is rarely needed. (Positions in a Result would not do: a trail's
	// moves with the number of deliveries before the skips.)
	arns []arnEntry
	// last is the place of the last records added, and pending their
	// number, not yet in places: records come in runs of one place (a
	// log file holds one account's records of one Region).
	last    Place
	pending int
	// outcomes counts the records added per outcome RouteInto
	// remembers (see routeOutcome), in a table indexed by the outcome's
	// address, an outcome's counts being added to the trails' when
	// another takes its entry, or when the counts are read (flushOutcomes):
	// a record routed from a remembered outcome costs an increment, not
	// one per trail.
	outcomes []outcomeCount
	// router is the Router the results added were routed by (RouteInto),
	// whose order of trails Trails keeps; mixed says results of more than
	// one were added.
	router *Router
	mixed  bool
}

// outcomeCount is the number of records of one outcome not yet in a
// Tally's trail counts.
type outcomeCount struct {
	o *routeOutcome
	n int
}

// tallyOutcomes is the size of Tally.outcomes (a power of two).
const tallyOutcomes = 64

// arnEntry is an entry of Tally.arns: the text of an ARN, by its memory
// and length, and its entry of Tally.trails.
type arnEntry struct {
	p    *byte
	n, i int
}

// tallyARNs is the size of Tally.arns (a power of two, 1<<tallyARNBits).
const (
	tallyARNBits = 6
	tallyARNs    = 1 << tallyARNBits
)

// TrailCount is what a Tally counted for one trail.
type TrailCount struct {
	// TrailARN is the trail's ARN.
	TrailARN string
	// Delivered is the number of records the trail delivers.
	Delivered int

	skipped [lastCode + 1]int
}

// Skipped returns the number of records the trail skips for code.
func (c *TrailCount) Skipped(code SkipCode) int {
	if code > lastCode {
		return 0
	}
	return c.skipped[code]
}

// SkippedTotal returns the number of records the trail skips.
func (c *TrailCount) SkippedTotal() int {
	n := 0
	for _, v := range c.skipped {
		n += v
	}
	return n
}

// Place is an account and a Region: where a record copy was recorded.
type Place struct {
	Account string // the record's recipient (event.Record.Recipient)
	Region  string // the record's awsRegion
}

// PlaceCount is the number of records of one Place.
type PlaceCount struct {
	Place
	Records int
}

// Add counts one record and its routing result.
func (t *Tally) Add(rec *event.Record, res *Result) {
	if res.cache != nil {
		t.from(res.cache.router)
	} else {
		t.mixed = true // not routed by RouteInto: its Router is not known
	}
	t.Records++
	if len(res.Deliveries) == 0 {
		t.Undelivered++
	}
	if o := res.outcome; o != nil && o.holds(res) {
		t.addOutcome(o)
	} else {
		t.addTrails(res.Deliveries, res.Skipped, 1)
	}
	if account := rec.Recipient(); t.pending == 0 || account != t.last.Account || rec.AWSRegion != t.last.Region {
		t.flush()
		t.last = Place{account, rec.AWSRegion}
	}
	t.pending++
}

// addTrails adds n records of deliveries and skips to the trail counts.
func (t *Tally) addTrails(deliveries []Delivery, skips []Skip, n int) {
	for i := range deliveries {
		t.trailAt(deliveries[i].TrailARN).Delivered += n
	}
	for i := range skips {
		s := &skips[i]
		if s.Code <= lastCode {
			t.trailAt(s.TrailARN).skipped[s.Code] += n
		}
	}
}

// addOutcome counts a record of outcome o.
func (t *Tally) addOutcome(o *routeOutcome) {
	if t.outcomes == nil {
		t.outcomes = make([]outcomeCount, tallyOutcomes)
	}
	// Outcomes are allocated apart, at least 64 bytes each: the bits
	// above those of the size class tell them apart.
	c := &t.outcomes[uintptr(unsafe.Pointer(o))>>6&(tallyOutcomes-1)]
	if c.o == o {
		c.n++
		return
	}
	if c.o != nil {
		t.addTrails(c.o.deliveries, c.o.skips, c.n)
	}
	// The first record is counted now, so that the trails are met in
	// the order of the records.
	t.addTrails(o.deliveries, o.skips, 1)
	c.o, c.n = o, 0
}

// flushOutcomes adds the counts of t.outcomes to the trail counts.
func (t *Tally) flushOutcomes() {
	for i := range t.outcomes {
		if c := &t.outcomes[i]; c.n > 0 {
			t.addTrails(c.o.deliveries, c.o.skips, c.n)
			*c = outcomeCount{}
		}
	}
}

// flush moves the pending count of the last place into places.
func (t *Tally) flush() {
	if t.pending == 0 {
		return
	}
	if t.places == nil {
		t.places = make(map[Place]int)
	}
	t.places[t.last] += t.pending
	t.pending = 0
}

// trailAt returns the count of the trail arn, found by the memory of its
// text when that was met before (see Tally.arns).
func (t *Tally) trailAt(arn string) *TrailCount {
	p := unsafe.StringData(arn)
	if p == nil {
		return &t.trails[t.trail(arn)]
	}
	if t.arns == nil {
		t.arns = make([]arnEntry, tallyARNs)
	}
	e := &t.arns[uint64(uintptr(unsafe.Pointer(p)))*0x9e3779b97f4a7c15>>(64-tallyARNBits)]
	// The entry's trail is checked by its text too (the same memory
	// compares at once): a copy of t shares the table.
	if e.p != p || e.n != len(arn) || e.i >= len(t.trails) || t.trails[e.i].TrailARN != arn {
		*e = arnEntry{p, len(arn), t.trail(arn)}
	}
	return &t.trails[e.i]
}

// trail returns the index in t.trails of the count of the trail arn,
// adding one if there is none.
func (t *Tally) trail(arn string) int {
	if i, ok := t.index[arn]; ok {
		return i
	}
	if t.index == nil {
		t.index = make(map[string]int)
	}
	t.index[arn] = len(t.trails)
	t.trails = append(t.trails, TrailCount{TrailARN: arn})
	return len(t.trails) - 1
}

// Merge adds the counts of o to t.
func (t *Tally) Merge(o *Tally) {
	if o.mixed {
		t.mixed = true
	}
	if o.Records > 0 {
		t.from(o.router)
	}
	t.flushOutcomes()
	o.flushOutcomes()
	t.Records += o.Records
	t.Undelivered += o.Undelivered
	for i := range o.trails {
		c := &t.trails[t.trail(o.trails[i].TrailARN)]
		c.Delivered += o.trails[i].Delivered
		for code, n := range o.trails[i].skipped {
			c.skipped[code] += n
		}
	}
	t.flush()
	o.flush()
	for p, n := range o.places {
		if t.places == nil {
			t.places = make(map[Place]int)
		}
		t.places[p] += n
	}
}

// Trails returns the count of every trail met: in the order of the
// deployment's trails when every result added was routed by one Router
// with RouteInto (so that Tallies merged in any order list them alike),
// else in the order first met.
func (t *Tally) Trails() []TrailCount {
	t.flushOutcomes()
	out := slices.Clone(t.trails)
	if r := t.router; r != nil && !t.mixed {
		at := make(map[string]int, len(r.trails))
		for i := len(r.trails) - 1; i >= 0; i-- {
			at[r.trails[i].arn] = i
		}
		slices.SortStableFunc(out, func(a, b TrailCount) int {
			ia, oka := at[a.TrailARN]
			ib, okb := at[b.TrailARN]
			switch {
			case oka && okb:
				return cmp.Compare(ia, ib)
			case oka:
				return -1
			case okb:
				return 1
			}
			return 0
		})
	}
	return out
}

// from notes that results routed by r are added.
func (t *Tally) from(r *Router) {
	switch {
	case r == nil || r == t.router:
	case t.router == nil && !t.mixed:
		t.router = r
	default:
		t.mixed = true
	}
}

// Places returns the records per account and Region, ordered by account
// then Region.
func (t *Tally) Places() []PlaceCount {
	t.flush()
	out := make([]PlaceCount, 0, len(t.places))
	for p, n := range t.places {
		out = append(out, PlaceCount{p, n})
	}
	slices.SortFunc(out, func(a, b PlaceCount) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Region, b.Region))
	})
	return out
}
