package trail

import (
	"strings"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/region"
)

// routeCache remembers, for one Result, the keys, stream names and
// reasons built for earlier records, so that routing records of the same
// accounts, Regions and days allocates nothing. It is bounded: past
// cacheLimit entries a map is cleared.
type routeCache struct {
	// slots remember, per trail, the last key, stream and reason built,
	// checked before the maps: consecutive records of one account, Region
	// and day then cost a comparison per trail.
	slots  []slot
	region struct {
		name, partition string
		byDefault, set  bool
	}
	// origin is the last global-service decision (isGlobalServiceEvent).
	origin struct {
		o           region.Origin
		global, set bool
	}
	keys     map[keyID]string
	streams  map[keyID]string
	reasons  map[reasonID]string
	explains map[explainID]string
	buf      []byte
}

const cacheLimit = 4096

type slot struct {
	keyID     keyID
	key       string
	streamID  keyID
	stream    string
	reasonID  reasonID
	reason    string
	explainID explainID
	explain   string
	has       uint8 // bits: 1 key, 2 stream, 4 reason, 8 explain
}

// size gives c one slot per trail of a Router of n trails (none for an
// empty deployment).
func (c *routeCache) size(n int) {
	if len(c.slots) != n {
		c.slots = make([]slot, n)
	}
}

type keyID struct {
	trail   int
	kind    FileKind
	day     int64
	account string
	region  string
}

type reasonID struct {
	trail  int
	code   SkipCode
	before bool
	a, b   string
}

// explainID holds every member of a record an event selector can look at,
// so that an explanation computed for one record serves every record equal
// in them. Records with more than two resources are not remembered.
type explainID struct {
	trail                                  int
	version                                event.Version
	category                               event.Category
	eventType                              event.EventType
	source, name, userARN, errorCode, vpce string
	readOnly, console, management          event.Bool
	nres                                   int
	rtype0, rarn0, rtype1, rarn1           string
}

func newRouteCache() *routeCache {
	return &routeCache{
		keys:     make(map[keyID]string),
		streams:  make(map[keyID]string),
		reasons:  make(map[reasonID]string),
		explains: make(map[explainID]string),
	}
}

// direct reports whether c remembers nothing: Route's one-off cache.
func (c *routeCache) direct() bool { return c.keys == nil }

func (c *routeCache) trim() {
	if len(c.keys) > cacheLimit {
		clear(c.keys)
	}
	if len(c.streams) > cacheLimit {
		clear(c.streams)
	}
	if len(c.reasons) > cacheLimit {
		clear(c.reasons)
	}
	if len(c.explains) > cacheLimit {
		clear(c.explains)
	}
}

// key returns the day-folder key prefix of a delivery.
func (c *routeCache) key(i int, t *routeTrail, kind FileKind, account, region string, day time.Time, dayKey int64) string {
	if c.direct() {
		return c.buildKey(t, kind, account, region, day, dayKey)
	}
	id := keyID{trail: i, kind: kind, day: dayKey, account: account, region: region}
	sl := &c.slots[i]
	if sl.has&1 != 0 && sl.keyID == id {
		return sl.key
	}
	if k, ok := c.keys[id]; ok {
		sl.keyID, sl.key, sl.has = id, k, sl.has|1
		return k
	}
	k := c.buildKey(t, kind, account, region, day, dayKey)
	c.keys[id] = k
	sl.keyID, sl.key, sl.has = id, k, sl.has|1
	return k
}

func (c *routeCache) buildKey(t *routeTrail, kind FileKind, account, region string, day time.Time, dayKey int64) string {
	if dayKey == noDay {
		// No day folder (recordFacts.undated says why): the key stops
		// at the Region folder.
		c.buf = AppendDayPrefix(c.buf[:0], t.prefix, t.orgID, account, kind, region, time.Unix(0, 0))
		return string(c.buf[:len(c.buf)-len("1970/01/01/")])
	}
	c.buf = AppendDayPrefix(c.buf[:0], t.prefix, t.orgID, account, kind, region, day)
	return string(c.buf)
}

// stream returns the CloudWatch Logs log stream of a delivery.
func (c *routeCache) stream(i int, t *routeTrail, account, region string) string {
	if c.direct() {
		return Stream{OrgID: t.orgID, Account: account, Region: region}.String()
	}
	id := keyID{trail: i, account: account, region: region}
	sl := &c.slots[i]
	if sl.has&2 != 0 && sl.streamID == id {
		return sl.stream
	}
	s, ok := c.streams[id]
	if !ok {
		s = Stream{OrgID: t.orgID, Account: account, Region: region}.String()
		c.streams[id] = s
	}
	sl.streamID, sl.stream, sl.has = id, s, sl.has|2
	return s
}

// reason returns the text of a Skip.
func (r *Router) reason(c *routeCache, i int, code SkipCode, rec *event.Record, f *recordFacts) string {
	t := &r.trails[i]
	if code == NotSelected {
		return r.explain(c, i, rec)
	}
	if c.direct() {
		return r.reasonText(t, code, rec, f)
	}
	id := reasonID{trail: i, code: code, before: f.before}
	switch code {
	case OtherAccount, HomeRegionNotEnabled:
		id.a = f.account
	case UnknownRegion, OtherPartition, RegionNotCovered, RegionNotEnabled:
		id.a, id.b = f.account, f.region
	case GlobalEventsExcluded, GlobalEventOutsideHomeRegion:
		id.a, id.b = rec.EventSource, f.region
	case InsightNotSelected:
		typ, cat, _ := rec.InsightOn()
		id.a, id.b = typ, string(cat)
	case AggregationTemplateNotConfigured:
		id.a = rec.AggregationTemplate()
	}
	sl := &c.slots[i]
	if sl.has&4 != 0 && sl.reasonID == id {
		return sl.reason
	}
	s, ok := c.reasons[id]
	if !ok {
		s = r.reasonText(t, code, rec, f)
		c.reasons[id] = s
	}
	sl.reasonID, sl.reason, sl.has = id, s, sl.has|4
	return s
}

func (r *Router) explain(c *routeCache, i int, rec *event.Record) string {
	t := &r.trails[i]
	if c.direct() || len(rec.Resources) > 2 {
		return notSelectedText(t, rec)
	}
	id := explainID{
		trail: i, version: rec.EventVersion, category: rec.EventCategory, eventType: rec.EventType,
		source: rec.EventSource, name: rec.EventName, errorCode: rec.ErrorCode, vpce: rec.VPCEndpointID,
		readOnly: rec.ReadOnly, console: rec.SessionCredentialFromConsole, management: rec.ManagementEvent,
		nres: len(rec.Resources),
	}
	if rec.UserIdentity != nil {
		id.userARN = rec.UserIdentity.ARN
	}
	if len(rec.Resources) > 0 {
		id.rtype0, id.rarn0 = rec.Resources[0].Type, rec.Resources[0].SelectorARN()
	}
	if len(rec.Resources) > 1 {
		id.rtype1, id.rarn1 = rec.Resources[1].Type, rec.Resources[1].SelectorARN()
	}
	sl := &c.slots[i]
	if sl.has&8 != 0 && sl.explainID == id {
		return sl.explain
	}
	s, ok := c.explains[id]
	if !ok {
		s = notSelectedText(t, rec)
		c.explains[id] = s
	}
	sl.explainID, sl.explain, sl.has = id, s, sl.has|8
	return s
}

func notSelectedText(t *routeTrail, rec *event.Record) string {
	x := t.match.Explain(rec).String()
	return "no event selector of the trail selects the record: " + strings.TrimPrefix(x, "not selected: ")
}

// reasonText says why t does not deliver the record, in words a person
// can act on.
func (r *Router) reasonText(t *routeTrail, code SkipCode, rec *event.Record, f *recordFacts) string {
	var b strings.Builder
	w := b.WriteString
	switch code {
	case NotLogging:
		w("the trail is not logging (IsLogging is false); a stopped trail delivers nothing until StartLogging")
	case NoAccount:
		w("the record names no account (no recipientAccountId, vpcEndpointAccountId or userIdentity.accountId), so no account's trails can be said to receive it")
	case OtherAccount:
		if t.org {
			w("the record is account " + f.account + "'s copy and that account is not in organization " + t.orgID + " of this organization trail")
		} else {
			w("the trail belongs to account " + t.account + "; the record is account " + f.account + "'s copy (a trail logs only its own account's events unless it is an organization trail)")
		}
	case UnknownRegion:
		if f.region == "" {
			w("the record has no awsRegion, so no Region's trails can be said to receive it")
		} else {
			w("the record's Region " + rquote(f.region) + " is not a Region of any AWS partition")
		}
	case OtherPartition:
		w("the trail is in partition " + t.partition + "; the event was recorded in " + f.region + " of partition " + f.partition + " (a trail covers only its own partition)")
	case HomeRegionNotEnabled:
		w("the organization trail is homed in opt-in Region " + t.home + ", which member account " + f.account + " has not enabled; such a trail delivers nothing for that account")
	case GlobalEventsExcluded:
		w("the record is a global service event (" + rec.EventSource + ") and the trail has IncludeGlobalServiceEvents false")
	case GlobalEventOutsideHomeRegion:
		w("the trail is single-Region in " + t.home + "; the record is a global service event (" + rec.EventSource + ") recorded in " + f.region + ", and since 2021-11-22 such events go only to trails covering the Region they are recorded in, not to every trail that includes global service events")
	case RegionNotCovered:
		w("the trail is single-Region in " + t.home + "; the event was recorded in " + f.region + " (a multi-Region trail, or one homed in " + f.region + ", would receive it)")
	case RegionNotEnabled:
		w("the trail is multi-Region, but " + f.region + " is an opt-in Region account " + f.account + " has not enabled, and a multi-Region trail covers only enabled Regions")
	case NoInsightSelectors:
		w("the record is an Insights event and the trail has no insight selectors (PutInsightSelectors turns Insights on)")
	case InsightNotSelected:
		typ, cat, _ := rec.InsightOn()
		w("the record is an Insights event of type " + rquote(typ) + " on " + string(cat) + " events, and no insight selector of the trail names that type for that category")
	case NoAggregation:
		w("the record is an aggregated event (a summary of data events) and the trail has no aggregation configuration (PutEventConfiguration AggregationConfigurations turns it on)")
	case AggregationTemplateNotConfigured:
		tpl := rec.AggregationTemplate()
		if tpl == "" {
			w("the record is an aggregated event whose summary.primaryDimension names no documented template (API_ACTIVITY, RESOURCE_ACCESS, USER_ACTIONS), so no aggregation configuration asks for it")
		} else {
			w("the record is an aggregated event of template " + tpl + ", and the trail's aggregation configuration does not name that template")
		}
	default:
		w(code.String())
	}
	return b.String()
}

func rquote(s string) string { return `"` + s + `"` }
