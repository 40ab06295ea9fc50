package trail

import (
	"cmp"
	"slices"

	"github.com/trailmap/trailmap/event"
)

// lastCode is the highest SkipCode.
const lastCode = AggregationTemplateNotConfigured

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
// allocates only the first time it meets a trail or a place, so a Tally
// keeps up with a Router. A Tally is not safe for concurrent use (Places
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
	// hint is, per position in a Result (deliveries, then skips), the
	// trail found there last: results of one Router list the trails in
	// one order, so the map is rarely needed.
	hint []int
	// last is the place of the last records added, and pending their
	// number, not yet in places: records come in runs of one place (a
	// log file holds one account's records of one Region).
	last    Place
	pending int
}

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
	t.Records++
	if len(res.Deliveries) == 0 {
		t.Undelivered++
	}
	for i := range res.Deliveries {
		t.trailAt(i, res.Deliveries[i].TrailARN).Delivered++
	}
	n := len(res.Deliveries)
	for i := range res.Skipped {
		s := &res.Skipped[i]
		if s.Code <= lastCode {
			t.trailAt(n+i, s.TrailARN).skipped[s.Code]++
		}
	}
	if account := rec.Recipient(); t.pending == 0 || account != t.last.Account || rec.AWSRegion != t.last.Region {
		t.flush()
		t.last = Place{account, rec.AWSRegion}
	}
	t.pending++
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

// trailAt returns the count of the trail arn, found at position pos of a
// Result.
func (t *Tally) trailAt(pos int, arn string) *TrailCount {
	if pos < len(t.hint) {
		if i := t.hint[pos]; t.trails[i].TrailARN == arn {
			return &t.trails[i]
		}
	}
	c := t.trail(arn)
	if pos <= len(t.trails) {
		for len(t.hint) <= pos {
			t.hint = append(t.hint, 0)
		}
		t.hint[pos] = t.index[arn]
	}
	return c
}

func (t *Tally) trail(arn string) *TrailCount {
	if i, ok := t.index[arn]; ok {
		return &t.trails[i]
	}
	if t.index == nil {
		t.index = make(map[string]int)
	}
	t.index[arn] = len(t.trails)
	t.trails = append(t.trails, TrailCount{TrailARN: arn})
	return &t.trails[len(t.trails)-1]
}

// Merge adds the counts of o to t.
func (t *Tally) Merge(o *Tally) {
	t.Records += o.Records
	t.Undelivered += o.Undelivered
	for i := range o.trails {
		c := t.trail(o.trails[i].TrailARN)
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

// Trails returns the count of every trail met, in the order first met
// (the deployment's order, for results of one Router).
func (t *Tally) Trails() []TrailCount {
	return slices.Clone(t.trails)
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
