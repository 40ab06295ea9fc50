package trail

import (
	"bytes"
	"encoding/binary"
	"strings"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/region"
	"github.com/trailmap/trailmap/selector"
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
	// owned is the last account's own trails (Router.owned).
	owned struct {
		account string
		trails  []int
		set     bool
	}
	// origin is the last global-service decision (isGlobalServiceEvent).
	origin struct {
		o           region.Origin
		global, set bool
	}
	keys     map[keyID]string
	streams  map[keyID]string
	reasons  map[reasonID]string
	explains map[string]string // by explainKey
	buf      []byte
	kbuf     []byte // explainKey's
	outcomes outcomes
	// router is the Router the cache was filled for: a Result routed by
	// another Router starts afresh, as the cache is by trail index.
	router *Router
}

const cacheLimit = 4096

type slot struct {
	keyID      keyID
	key        string
	streamID   keyID
	stream     string
	reasonID   reasonID
	reason     string
	explainKey []byte
	explain    string
	has        uint8 // bits: 1 key, 2 stream, 4 reason, 8 explain
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

// explainUses says which members of a record a Matcher's explanation
// reads besides its category (event.Record.Category, which every
// explanation states): one bit per selector field, usesAll when a field
// is not one of them.
type explainUses uint16

const (
	usesSource explainUses = 1 << iota
	usesName
	usesType
	usesReadOnly
	usesConsole
	usesUserARN
	usesResourceType
	usesResourceARN
	usesErrorCode
	usesVPCE
	// usesUnknown is set with every other bit for a field that is not one
	// of the above.
	usesUnknown
	usesAll explainUses = 1<<iota - 1
)

// matcherID is what NewRouter finds once per distinct Matcher.
type matcherID struct {
	n    int
	uses explainUses
}

// usesOf returns the members m's selectors read.
func usesOf(m *selector.Matcher) explainUses {
	var u explainUses
	for _, a := range m.Selectors() {
		for _, f := range a.Fields {
			switch f.Field {
			case selector.FieldEventCategory:
			case selector.FieldEventSource:
				u |= usesSource
			case selector.FieldEventName:
				u |= usesName
			case selector.FieldEventType:
				u |= usesType
			case selector.FieldReadOnly:
				u |= usesReadOnly
			case selector.FieldSessionCredentialFromConsole:
				u |= usesConsole
			case selector.FieldUserIdentityARN:
				u |= usesUserARN
			case selector.FieldResourcesType:
				u |= usesResourceType
			case selector.FieldResourcesARN:
				u |= usesResourceARN
			case selector.FieldErrorCode:
				u |= usesErrorCode
			case selector.FieldVPCEndpointID:
				u |= usesVPCE
			default:
				return usesAll
			}
		}
	}
	return u
}

// maxExplainKey is the longest explanation key remembered; records with
// longer ones (many resources, long values) are explained afresh.
const maxExplainKey = 1024

// explainKey appends to dst the members of rec that the explanation of
// trail t's Matcher reads: two records with the same key get the same
// sentence. It starts with the Matcher's number, so trails with the same
// selectors share their explanations. Each value is written with its
// length first; a resources field writes every resource's type (the
// sentence names them when none is of the selected type), and ARN when
// resources.ARN is used. Members the selectors do not name are left out,
// so that records differing only in them (a new object ARN, a new
// session) share one sentence.
func explainKey(dst []byte, t *routeTrail, rec *event.Record) []byte {
	dst = binary.AppendUvarint(dst, uint64(t.mid))
	cat, how := rec.Category()
	dst = appendField(dst, string(cat))
	dst = append(dst, byte(how))
	return appendUsedMembers(dst, t.uses, rec, maxExplainKey)
}

func appendField(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

func appendBool(dst []byte, b event.Bool) []byte {
	switch {
	case !b.Set:
		return append(dst, 0)
	case b.Value:
		return append(dst, 2)
	}
	return append(dst, 1)
}

func newRouteCache() *routeCache {
	return &routeCache{
		keys:     make(map[keyID]string),
		streams:  make(map[keyID]string),
		reasons:  make(map[reasonID]string),
		explains: make(map[string]string),
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
	case NoDataEventsOfSource:
		id.a = rec.EventSource
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
	if c.direct() {
		return notSelectedText(t, rec)
	}
	c.kbuf = explainKey(c.kbuf[:0], t, rec)
	if len(c.kbuf) > maxExplainKey {
		return notSelectedText(t, rec)
	}
	sl := &c.slots[i]
	if sl.has&8 != 0 && bytes.Equal(sl.explainKey, c.kbuf) {
		return sl.explain
	}
	s, ok := c.explains[string(c.kbuf)]
	if !ok {
		s = notSelectedText(t, rec)
		c.explains[string(c.kbuf)] = s
	}
	sl.explainKey = append(sl.explainKey[:0], c.kbuf...)
	sl.explain, sl.has = s, sl.has|8
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
	case NoDataEventsOfSource:
		w("the record is an aggregated event summarising data events of " + rquote(rec.EventSource) + ", and no event selector of the trail logs data events of that eventSource; aggregation summarises only the trail's own data events, so add a data event selector for that source to receive these summaries")
	default:
		w(code.String())
	}
	return b.String()
}

func rquote(s string) string { return `"` + s + `"` }

// appendUsedMembers appends to dst the members of rec that selectors
// using u read, each written whole (appendField), in a fixed order, so
// that which members follow depends only on u. It stops once dst is
// longer than limit; the caller then remembers nothing for rec.
func appendUsedMembers(dst []byte, u explainUses, rec *event.Record, limit int) []byte {
	if u&usesSource != 0 {
		dst = appendField(dst, rec.EventSource)
	}
	if u&usesName != 0 {
		dst = appendField(dst, rec.EventName)
	}
	if u&usesType != 0 {
		dst = appendField(dst, string(rec.EventType))
	}
	if u&usesReadOnly != 0 {
		dst = appendBool(dst, rec.ReadOnly)
	}
	if u&usesConsole != 0 {
		dst = appendBool(dst, rec.SessionCredentialFromConsole)
	}
	if u&usesUserARN != 0 {
		arn := ""
		if rec.UserIdentity != nil {
			arn = rec.UserIdentity.ARN
		}
		dst = appendField(dst, arn)
	}
	if u&usesErrorCode != 0 {
		dst = appendField(dst, rec.ErrorCode)
	}
	if u&usesVPCE != 0 {
		dst = appendField(dst, rec.VPCEndpointID)
	}
	if u&(usesResourceType|usesResourceARN) != 0 {
		dst = binary.AppendUvarint(dst, uint64(len(rec.Resources)))
		for i := range rec.Resources {
			dst = appendField(dst, rec.Resources[i].Type)
			if u&usesResourceARN != 0 {
				// A selector compares SelectorARN: the ARN, else the
				// ARNPrefix; both are written, as the sentence may tell
				// them apart.
				dst = appendField(dst, rec.Resources[i].ARN)
				dst = appendField(dst, rec.Resources[i].ARNPrefix)
			}
			if len(dst) > limit {
				return dst
			}
		}
	}
	return dst
}
