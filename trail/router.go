package trail

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/region"
	"github.com/trailmap/trailmap/selector"
)

// Router says which trails of a Deployment deliver a record, where, and
// why the others do not. NewRouter validates the deployment and compiles
// every trail's selectors once; a Router is immutable and safe for
// concurrent use. Route and RouteInto apply these rules, in this order,
// to each trail (each failed rule is a SkipCode):
//
//  1. A stopped trail (IsLogging false) delivers nothing (API StopLogging).
//  2. The record is the copy of one account: recipientAccountId; for
//     network activity events without it, the VPC endpoint owner
//     (vpcEndpointAccountId); else userIdentity.accountId when it is an
//     account ID (CloudTrail User Guide, "CloudTrail record contents":
//     recipientAccountId exists since eventVersion 1.02 and is optional,
//     so records older than 1.02, and the few later ones without it, are
//     taken to be the copy of the account whose identity acted). It goes
//     to that account's trails and to organization trails whose
//     organization has the account (the management account included),
//     never to other accounts' trails.
//  3. A trail covers only Regions of its own partition (the partition of
//     its ARN); a record whose awsRegion fits no partition is placed
//     nowhere.
//  4. An organization trail homed in an opt-in Region delivers nothing for
//     member accounts that have not enabled that Region (User Guide,
//     "Creating a trail for an organization").
//  5. Global service events (IAM, CloudFront, STS and console sign-in
//     through their global endpoints; see region.Origin) reach only trails
//     with IncludeGlobalServiceEvents. Before the cutover of the
//     region.GlobalEventRule (2021-11-22) they reached every such trail,
//     whatever its Regions: a single-Region trail files them in the folder
//     of its home Region, from which it delivers (derived: the guide says
//     only that they are "delivered to any trail that includes global
//     services"), a multi-Region trail in the folder of the Region the
//     record names. From the cutover on they are recorded only in the
//     Region their awsRegion names (us-east-1 for IAM, CloudFront and
//     global STS; us-gov-west-1 in AWS GovCloud (US)) and follow rule 6.
//  6. A multi-Region trail covers every Region enabled in the account:
//     those enabled by default, the opt-in Regions the deployment's
//     accounts[..].EnabledRegions lists, and the home Regions of the
//     account's own trails (Deployment.RegionEnabled). A single-Region trail covers its home Region
//     only; so its data events are those of resources in that Region.
//     The Region of a resource is the record's awsRegion, the Region
//     that served the request: an S3 object ARN names no Region, and
//     CloudTrail records S3 data events in the bucket's Region.
//  7. Insights events (eventType AwsCloudTrailInsight) need an insight
//     selector of their InsightType whose EventCategories (Management when
//     absent) hold the category of the events analysed: Data when the
//     record's attributions name a resourceArn or insightDetails names a
//     data event API, else Management. Event
//     selectors do not apply to them; they go to the CloudTrail-Insight
//     folder.
//  8. Aggregated events (eventCategory Aggregated) need an aggregation
//     configuration of the trail naming the template the event was made
//     by (event.Record.AggregationTemplate); they go to the
//     CloudTrail-Aggregated folder (CloudTrail User Guide, "Aggregating
//     data events", "Finding your CloudTrail log files"). The summaries
//     are of the trail's own data events ("By enabling aggregation on
//     your data events ... consolidates data events into 5-minute
//     summaries", on "a trail that collects data events"), so the trail
//     must also log data events of the record's eventSource: some data
//     event selector of the trail can select a data event of that
//     eventSource (selector.Set.Project), else NoDataEventsOfSource.
//     Event selectors apply no further.
//  9. Other events must be selected by the trail's event selectors
//     (selector.Matcher; a trail without selectors logs all management
//     events). The reason of a miss is selector.Matcher.Explain's.
//     Network activity events go to the CloudTrail-NetworkActivity
//     folder, the rest to CloudTrail (KindOf).
//
// A delivery's KeyPrefix is the object key prefix up to the day folder of
// the delivery date: the event time (event.Record.Occurred) unless
// WithDeliveryTime says otherwise. Where no day folder can be given the
// KeyPrefix ends at the Region folder and Delivery.Undated says why: the
// record has no eventTime, its eventTime is not a time, or the date's year
// has no four digits (HasDayFolder). A KeyPrefix never names another day.
type Router struct {
	trails   []routeTrail
	orgID    string
	members  map[string]bool            // organization accounts, management account included
	enabled  map[string]map[string]bool // account → opt-in Regions it enabled
	rule     region.GlobalEventRule
	delivery time.Time // zero: the event time

	// owned lists, per account, the indexes of the trails it owns, and
	// orgTrails the organization trails: the only trails that can
	// deliver an account's copy (all others skip it as OtherAccount).
	owned      map[string][]int
	orgTrails  []int
	omitOthers bool
	noReasons  bool
	shared     bool // WithSharedResults
	strict     bool // WithStrictTables: set while NewRouter validates
	// uses is what the selectors of all the trails read (see explainUses);
	// noOutcomes turns off remembering outcomes (outcome.go) when some
	// selector reads a member explainUses does not name.
	uses       explainUses
	noOutcomes bool
	matchers   map[[2]int]*shapeMatchers       // by number of basic and advanced selectors, while NewRouter runs
	matcherIDs map[*selector.Matcher]matcherID // a number per distinct Matcher, while NewRouter runs
}

// routeTrail is a trail as the Router uses it, resolved once.
type routeTrail struct {
	arn, name, account, partition, home string
	prefix, orgID, bucket               string
	multi, org, global, logging, cwl    bool
	homeOptIn                           bool
	match                               *selector.Matcher
	// mid numbers the distinct Matchers of the Router (trails with the
	// same selectors share one); uses says which record members their
	// explanation reads (see explainKey).
	mid      int
	uses     explainUses
	insights []selector.Insight
	aggs     []selector.Aggregation
	// aggSources are the event sources of the data events the trail's
	// selectors can select (selector.Set.Project on eventSource), set when
	// the trail has aggregation configurations: the sources it can
	// summarise.
	aggSources selector.Set
}

// Option configures a Router.
type Option func(*Router)

// WithDeliveryTime sets the delivery time of every record routed: the day
// folder of the keys is its UTC date. By default a record is taken to be
// delivered at its event time.
func WithDeliveryTime(t time.Time) Option {
	return func(r *Router) { r.delivery = t.UTC() }
}

// WithGlobalEventRule sets the dated rule for global service events
// (region.DefaultGlobalEventRule by default: the 2021-11-22 change).
// Records with an event time before rule.Cutover are delivered to every
// trail that includes global service events; later ones only to trails
// covering the Region they are recorded in. The zero rule applies the
// current behaviour to every record.
func WithGlobalEventRule(rule region.GlobalEventRule) Option {
	return func(r *Router) { r.rule = rule }
}

// WithStrictTables makes NewRouter (and [Deployment.Validate]) reject a
// trail whose selectors name a resources.type or network activity
// eventSource missing from the selector package's dated tables
// (selector.TablesDate), with InvalidEventSelectorsException, as AWS
// rejects an invalid value; by default such a value is accepted and
// [Check] warns of it. AWS adds types and sources often: use it when the
// tables are known to be current, or to insist on them.
func WithStrictTables() Option {
	return func(r *Router) { r.strict = true }
}

// WithoutReasons makes the Router leave Skip.Reason empty: the codes
// stay, the sentences (the costliest part of routing a record a trail
// does not select) are not written. For callers that only count.
func WithoutReasons() Option {
	return func(r *Router) { r.noReasons = true }
}

// WithSharedResults lets RouteInto hand out a routing outcome it
// remembers (see RouteInto) without copying it: the Deliveries and
// Skipped of a Result routed from one are then the Router's memory,
// shared with every Result routed alike, with a capacity that is their
// length (so appending to them copies them). The caller must not change
// their elements; a Result is otherwise used as before. For callers that
// read Results only, such as one that counts them (Tally) or writes them
// (ResultEncoder): copying an outcome's deliveries and skips into each
// Result writes a few dozen pointers per record, which the garbage
// collector's write barrier makes costly while it marks.
func WithSharedResults() Option {
	return func(r *Router) { r.shared = true }
}

// skipReason is the reason of a skip, or "" under WithoutReasons.
func (r *Router) skipReason(c *routeCache, i int, code SkipCode, rec *event.Record, f *recordFacts) string {
	if r.noReasons {
		return ""
	}
	return r.reason(c, i, code, rec, f)
}

// WithoutOtherAccounts leaves out of Result.Skipped the trails that skip a
// record only because it is another account's copy (OtherAccount, and the
// NotLogging trails of other accounts), and counts them in
// Result.OtherAccounts instead. Routing a record then costs time in the
// number of trails of its account and of the organization trails, whatever
// the number of other accounts' trails: for organizations of thousands of
// accounts.
func WithoutOtherAccounts() Option {
	return func(r *Router) { r.omitOthers = true }
}

// Result is the outcome of routing one record: one Delivery per trail
// that delivers it and one Skip per trail that does not, each in the
// order of the deployment's trails. A Result reused with
// Router.RouteInto keeps its storage; it is not safe for concurrent use.
type Result struct {
	// Deliveries holds the trails that deliver the record.
	Deliveries []Delivery
	// Skipped holds every other trail of the deployment, with the reason
	// (under WithoutOtherAccounts, only the trails of the record's
	// account and the organization trails).
	Skipped []Skip
	// OtherAccounts counts the trails left out of Skipped under
	// WithoutOtherAccounts; 0 otherwise.
	OtherAccounts int

	cache *routeCache
	// outcome is the remembered outcome RouteInto copied the result from
	// or remembered it as, nil when none; ResultEncoder writes its JSON
	// when the result still holds what it holds.
	outcome *routeOutcome
	// own holds the Result's own storage for deliveries and skips while
	// Deliveries and Skipped are an outcome's (WithSharedResults), and
	// shared says they are.
	own struct {
		deliveries []Delivery
		skips      []Skip
	}
	shared bool
}

// Delivery is one trail delivering a record.
type Delivery struct {
	// TrailARN is the delivering trail's ARN (for an organization trail,
	// the management account's ARN, as every member's copy shows it).
	TrailARN string
	// Account is the account whose folder (and log stream) receives the
	// record: the record's recipient.
	Account string
	// Region is the Region folder.
	Region string
	// KeyPrefix is the object key prefix of the log file, up to and including
	// its day folder, without the bucket:
	// "org/AWSLogs/o-exampleorgid/444455556666/CloudTrail/us-east-1/2023/05/01/".
	KeyPrefix string
	// Bucket is the trail's S3BucketName.
	Bucket string
	// LogStream is the CloudWatch Logs log stream of the record, set only
	// for Log deliveries of trails with a CloudWatchLogsLogGroupArn.
	LogStream string
	// Kind is the folder of the delivery: KindOf the record (LogFiles,
	// InsightFiles, NetworkActivityFiles or AggregatedFiles).
	Kind FileKind
	// Undated says, for a person, why KeyPrefix ends at the Region folder
	// without a day folder: the record has no eventTime, its eventTime
	// is not a time, or the delivery date has no four-digit year. It is
	// "" when KeyPrefix ends in a day folder.
	Undated string `json:",omitempty"`
}

// DeliveryWindow is how often LogFileKey has a trail deliver a log file:
// CloudTrail delivers about every five minutes (CloudTrail User Guide,
// "Finding your CloudTrail log files").
const DeliveryWindow = 5 * time.Minute

// LogFileKey returns the object key of the log file that holds a record
// of the given eventTime as d delivers it, for simulations of a bucket:
// the records of one delivery (trail, key prefix) and DeliveryWindow of
// event time share a file, stamped with the end of the window, kept within
// the day of d's day folder (23:59 for the last window of a day). The
// 16-character string that CloudTrail picks at random is derived from the
// trail ARN, the key prefix and the stamp, so the same delivery and window
// always give the same key. It returns "" for a zero eventTime or an
// undated delivery (empty KeyPrefix).
func (d Delivery) LogFileKey(eventTime time.Time) string {
	if eventTime.IsZero() || d.KeyPrefix == "" {
		return ""
	}
	t := eventTime.UTC()
	stamp := t.Truncate(DeliveryWindow).Add(DeliveryWindow)
	if y, m, dd := stamp.Date(); y != t.Year() || m != t.Month() || dd != t.Day() {
		stamp = time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 0, 0, time.UTC)
	}
	h := sha256.Sum256([]byte(d.TrailARN + "\x00" + d.KeyPrefix + "\x00" + stamp.Format(time.RFC3339)))
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var unique [uniqueLen]byte
	for i := range unique {
		unique[i] = alnum[int(h[i])%len(alnum)]
	}
	return d.KeyPrefix + d.Account + "_" + d.Kind.String() + "_" + d.Region + "_" + stamp.Format(logStamp) + "_" + string(unique[:]) + ".json.gz"
}

// Skip is one trail that does not deliver a record.
type Skip struct {
	// TrailARN is the ARN of the trail that does not deliver the record.
	TrailARN string
	// Reason says, for a person, why and what would change it.
	Reason string
	// Code is the reason as a stable code to branch on.
	Code SkipCode
}

// NewRouter validates d (Deployment.Validate, with opts: see
// WithStrictTables) and compiles every trail's
// event selectors. Errors are those of Validate, or the trail and the
// selector error, wrapped.
func NewRouter(d *Deployment, opts ...Option) (*Router, error) {
	if d == nil {
		return nil, errors.New("trail: new router: nil deployment")
	}
	if err := d.Validate(opts...); err != nil {
		return nil, err
	}
	r := &Router{rule: region.DefaultGlobalEventRule()}
	for _, o := range opts {
		o(r)
	}
	if d.Organization != nil {
		r.orgID = d.Organization.ID
		r.members = make(map[string]bool, len(d.Organization.Accounts)+1)
		r.members[d.Organization.MasterAccountID] = true
		for _, a := range d.Organization.Accounts {
			r.members[a] = true
		}
	}
	r.enabled = make(map[string]map[string]bool, len(d.Accounts))
	for id, a := range d.Accounts {
		m := make(map[string]bool, len(a.EnabledRegions))
		for _, name := range a.EnabledRegions {
			m[name] = true
		}
		r.enabled[id] = m
	}
	// An account that owns a trail homed in an opt-in Region has enabled
	// that Region (Deployment.RegionEnabled).
	for i := range d.Trails {
		t := &d.Trails[i]
		acct, home := t.Account(), t.Home()
		if acct == "" || region.IsEnabledByDefault(home) {
			continue
		}
		if r.enabled[acct] == nil {
			r.enabled[acct] = map[string]bool{}
		}
		r.enabled[acct][home] = true
	}
	r.trails = make([]routeTrail, len(d.Trails))
	r.owned = make(map[string][]int, len(d.Trails))
	r.matchers = map[[2]int]*shapeMatchers{}
	r.matcherIDs = map[*selector.Matcher]matcherID{}
	for i := range d.Trails {
		t := &d.Trails[i]
		rt, err := r.resolve(t)
		if err != nil {
			return nil, fmt.Errorf("trail: new router: trails[%d] (%s): %w", i, t.Name, err)
		}
		r.trails[i] = rt
		if rt.org {
			r.orgTrails = append(r.orgTrails, i)
		} else {
			r.owned[rt.account] = append(r.owned[rt.account], i)
		}
	}
	r.matchers, r.matcherIDs = nil, nil
	for i := range r.trails {
		r.uses |= r.trails[i].uses
	}
	r.noOutcomes = r.uses&usesUnknown != 0
	return r, nil
}

// candidates returns, ascending, the indexes of the trails that can
// receive account's events: its own trails and the organization trails.
func (r *Router) candidates(account string) []int {
	own := r.owned[account]
	if len(r.orgTrails) == 0 {
		return own
	}
	out := make([]int, 0, len(own)+len(r.orgTrails))
	i, j := 0, 0
	for i < len(own) || j < len(r.orgTrails) {
		if j == len(r.orgTrails) || i < len(own) && own[i] < r.orgTrails[j] {
			out = append(out, own[i])
			i++
		} else {
			out = append(out, r.orgTrails[j])
			j++
		}
	}
	return out
}

func (r *Router) resolve(t *Trail) (routeTrail, error) {
	rt := routeTrail{
		arn:       t.TrailARN,
		name:      t.Name,
		account:   t.Account(),
		partition: t.Partition(),
		home:      t.Home(),
		prefix:    t.S3KeyPrefix,
		bucket:    t.S3BucketName,
		multi:     t.IsMultiRegionTrail,
		org:       t.IsOrganizationTrail,
		global:    t.IncludesGlobalServiceEvents(),
		logging:   t.Logging(),
		cwl:       t.CloudWatchLogsLogGroupArn != "",
	}
	if rt.account == "" {
		return rt, fmt.Errorf("TrailARN %q is not a trail ARN (arn:<partition>:cloudtrail:<region>:<account>:trail/<name>); the owning account comes from it", t.TrailARN)
	}
	rt.homeOptIn = !region.IsEnabledByDefault(rt.home)
	if rt.org {
		if r.orgID == "" {
			return rt, errors.New("organization trail in a deployment without an organization")
		}
		rt.orgID = r.orgID
	}
	cfg := selector.Config{EventSelectors: t.EventSelectors, AdvancedEventSelectors: t.AdvancedEventSelectors}
	m, err := r.matcher(cfg)
	if err != nil {
		return rt, err
	}
	rt.match = m
	id, ok := r.matcherIDs[rt.match]
	if !ok {
		id = matcherID{len(r.matcherIDs), usesOf(rt.match)}
		r.matcherIDs[rt.match] = id
	}
	rt.mid, rt.uses = id.n, id.uses
	rt.insights = t.InsightSelectors
	rt.aggs = t.AggregationConfigurations
	if len(rt.aggs) > 0 {
		rt.aggSources = dataSources(rt.match)
	}
	return rt, nil
}

// shapeMatchers are the Matchers of the selector configurations with a
// number of basic and of advanced selectors, while NewRouter runs: the
// first configuration's alone, then by their JSON text once a second
// comes.
type shapeMatchers struct {
	first  selector.Config
	firstM *selector.Matcher
	byJSON map[string]*selector.Matcher
}

// matcher compiles cfg, or returns the Matcher of a trail before with the
// same selectors: a Matcher is immutable, and an organization's accounts
// often have identical trails. The selectors are the same when their JSON
// texts are; they are encoded only when a trail before has as many basic
// and advanced selectors (which equal texts have), so that a deployment
// whose trails differ in that does not pay for encoding/json's encoder
// (its first use: 0.3-0.5 ms and 16 page faults for the demo deployment
// at start-up).
func (r *Router) matcher(cfg selector.Config) (*selector.Matcher, error) {
	shape := [2]int{len(cfg.EventSelectors), len(cfg.AdvancedEventSelectors)}
	g := r.matchers[shape]
	if g == nil {
		m, err := cfg.Compile()
		if err != nil {
			return nil, err
		}
		r.matchers[shape] = &shapeMatchers{first: cfg, firstM: m}
		return m, nil
	}
	if g.byJSON == nil {
		g.byJSON = map[string]*selector.Matcher{}
		if key, err := json.Marshal(g.first); err == nil {
			g.byJSON[string(key)] = g.firstM
		}
		g.first, g.firstM = selector.Config{}, nil
	}
	key, kerr := json.Marshal(cfg)
	if m, ok := g.byJSON[string(key)]; ok && kerr == nil {
		return m, nil
	}
	m, err := cfg.Compile()
	if err != nil {
		return nil, err
	}
	if kerr == nil {
		g.byJSON[string(key)] = m
	}
	return m, nil
}

// Route routes rec and returns the Result. It allocates the Result; use
// RouteInto to reuse one.
func (r *Router) Route(rec *event.Record) Result {
	n := len(r.trails)
	if r.omitOthers {
		n = len(r.orgTrails) + len(r.owned[rec.Recipient()])
	}
	res := Result{Skipped: make([]Skip, 0, n)}
	c := &routeCache{}
	var f recordFacts
	r.facts(rec, c, &f)
	r.route(rec, &res, c, &f)
	return res
}

// recordFacts is what routing needs to know about a record, found once.
type recordFacts struct {
	account   string
	region    string // the Region the record was recorded in
	partition string
	global    bool // a global service event
	before    bool // recorded before the global-event cutover
	insight   bool
	kind      FileKind // the folder of the delivery
	byDefault bool     // the Region is enabled in every account
	day       time.Time
	dayKey    int64
	undated   string // why there is no day folder ("" when there is one)
}

// RouteInto routes rec into res, reusing res's slices and the keys, log
// stream names and reasons res remembers from earlier records (at most a
// few thousand of each). In steady state it does not allocate: a record
// of an account, Region and day seen before costs no allocation, except
// that a trail whose selectors miss it needs an explanation, which is
// remembered for records equal in the members the trail's selectors
// name (so a data event on a new object ARN is explained afresh only by
// a trail whose selectors name resources.ARN). It also remembers whole
// outcomes (up to 1024), by the members of a record that routing reads:
// a record routed alike to one before (the same account, Region,
// category, day, and values of the members the trails' selectors name)
// gets a copy of that outcome (WithSharedResults: the outcome itself). A
// Result routed by another Router starts its memory afresh.
func (r *Router) RouteInto(rec *event.Record, res *Result) {
	if res.cache == nil || res.cache.router != r {
		res.cache = newRouteCache()
		res.cache.router = r
	}
	c := res.cache
	c.trim()
	c.size(len(r.trails))
	// Filled in place: returned, the facts (a few dozen words) were
	// copied twice per record.
	var f recordFacts
	r.facts(rec, c, &f)
	if r.noOutcomes {
		r.route(rec, res, c, &f)
		return
	}
	r.routeRemembered(rec, res, c, &f)
}

// unshare gives r back its own storage when its deliveries and skips
// are an outcome's (WithSharedResults), for routing to write into. Only
// a Router that shares outcomes hands out a Result that holds one
// without routing it here first: a Result routed by another Router
// starts its memory afresh, routing its first record here.
func (r *Result) unshare() {
	if r.shared {
		r.Deliveries, r.Skipped, r.shared = r.own.deliveries, r.own.skips, false
		r.own.deliveries, r.own.skips = nil, nil
	}
}

// route routes rec, of facts f, into res.
func (r *Router) route(rec *event.Record, res *Result, c *routeCache, fp *recordFacts) {
	res.unshare()
	if res.outcome != nil {
		// Not written unless it changes: a pointer written costs a
		// write barrier while the garbage collector marks.
		res.outcome = nil
	}
	res.Deliveries = res.Deliveries[:0]
	res.Skipped = res.Skipped[:0]
	res.OtherAccounts = 0
	f := fp
	// Only the record's account's own trails and the organization trails
	// can deliver it (rule 2); the others are decided without check.
	var own []int
	switch {
	case f.account == "":
	case c.owned.set && c.owned.account == f.account:
		own = c.owned.trails
	default:
		own = r.owned[f.account]
		if !c.direct() {
			c.owned.account, c.owned.trails, c.owned.set = f.account, own, true
		}
	}
	nextOwn, nextOrg := 0, 0
	for i := 0; i < len(r.trails); i++ {
		t := &r.trails[i]
		candidate := false
		switch {
		case nextOwn < len(own) && own[nextOwn] == i:
			candidate = true
			nextOwn++
		case nextOrg < len(r.orgTrails) && r.orgTrails[nextOrg] == i:
			candidate = true
			nextOrg++
		}
		if !candidate {
			if r.omitOthers && f.account != "" {
				// Jump to the next candidate.
				next := len(r.trails)
				if nextOwn < len(own) {
					next = own[nextOwn]
				}
				if nextOrg < len(r.orgTrails) && r.orgTrails[nextOrg] < next {
					next = r.orgTrails[nextOrg]
				}
				res.OtherAccounts += next - i
				i = next - 1
				continue
			}
			code := OtherAccount
			switch {
			case !t.logging:
				code = NotLogging
			case f.account == "":
				code = NoAccount
			}
			res.Skipped = append(res.Skipped, Skip{TrailARN: t.arn, Code: code, Reason: r.skipReason(c, i, code, rec, f)})
			continue
		}
		code, folder := r.check(t, rec, f)
		if code != 0 {
			res.Skipped = append(res.Skipped, Skip{TrailARN: t.arn, Code: code, Reason: r.skipReason(c, i, code, rec, f)})
			continue
		}
		kind := f.kind
		d := Delivery{
			TrailARN:  t.arn,
			Account:   f.account,
			Region:    folder,
			KeyPrefix: c.key(i, t, kind, f.account, folder, f.day, f.dayKey),
			Bucket:    t.bucket,
			Kind:      kind,
			Undated:   f.undated,
		}
		if t.cwl && kind == LogFiles {
			d.LogStream = c.stream(i, t, f.account, folder)
		}
		res.Deliveries = append(res.Deliveries, d)
	}
}

// facts fills the zero f with what routing rec needs to know about it.
func (r *Router) facts(rec *event.Record, c *routeCache, f *recordFacts) {
	f.account = rec.Recipient()
	f.region = rec.RecordedRegion()
	if c.region.set && c.region.name == f.region {
		f.partition, f.byDefault = c.region.partition, c.region.byDefault
	} else {
		if p, ok := region.PartitionOf(f.region); ok {
			f.partition = p.ID
			f.byDefault = region.IsEnabledByDefault(f.region)
		}
		c.region.name, c.region.partition, c.region.byDefault, c.region.set = f.region, f.partition, f.byDefault, true
	}
	f.kind = KindOf(rec)
	f.insight = f.kind == InsightFiles
	f.global = isGlobalServiceEvent(rec, c)
	if f.global && rec.HasEventTime() && !r.rule.RecordedInHomeOnly(rec.EventTime) {
		f.before = true
	}
	f.day = r.delivery
	when := "the delivery time"
	if f.day.IsZero() {
		t, ok := rec.Occurred()
		f.day, when = t.UTC(), "the event time"
		if !ok {
			f.undated = undatedReason(rec)
		}
	}
	// The year of a day folder has four digits: 0000 to 9999, the
	// instants from dayFoldersFrom (0000-01-01T00:00:00Z) to before
	// dayFoldersUntil (10000-01-01T00:00:00Z); HasDayFolder says so
	// from the date, more slowly.
	if u := f.day.Unix(); f.undated == "" && (u < dayFoldersFrom || u >= dayFoldersUntil) {
		f.undated = when + " falls on " + f.day.Format("2006-01-02") + " (UTC), a date without the four-digit year of a day folder"
	}
	if f.undated != "" {
		f.day, f.dayKey = time.Time{}, noDay
		return
	}
	// Days since 1970-01-01, rounded down (a time before 1970 must not
	// share 1970-01-01's day).
	f.dayKey = f.day.Unix() / 86400
	if f.day.Unix() < 0 && f.day.Unix()%86400 != 0 {
		f.dayKey--
	}
}

// noDay is the dayKey of a delivery without a day folder.
const noDay = -1 << 62

// The Unix times of 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z
// (TestDayFolderBounds).
const (
	dayFoldersFrom  = -62167219200
	dayFoldersUntil = 253402300800
)

// undatedReason says why rec, routed at its event time, has no day
// folder.
func undatedReason(rec *event.Record) string {
	text, ok := rec.EventTimeText()
	switch {
	case ok:
		if len(text) > 40 {
			n := 40
			for n > 0 && !utf8.RuneStart(text[n]) {
				n--
			}
			text = text[:n] + "…"
		}
		return "eventTime " + strconv.Quote(text) + " is not a time (want RFC 3339, such as 2023-05-01T12:00:00Z)"
	case rec.IsAggregated():
		return "the aggregated event has no eventTime and no complete timeWindow"
	}
	return "the record has no eventTime"
}

// KindOf returns the folder a trail delivers rec to: AggregatedFiles for
// aggregated events (event.Record.IsAggregated, the rule every accessor of
// an aggregated event uses), and otherwise from its category
// (event.Record.Category): InsightFiles for Insights events,
// NetworkActivityFiles for network activity events, and LogFiles for the
// rest, management and data events (CloudTrail User Guide, "Finding your
// CloudTrail log files"). It never returns DigestFiles.
func KindOf(rec *event.Record) FileKind {
	if rec == nil {
		return LogFiles
	}
	if rec.IsAggregated() {
		return AggregatedFiles
	}
	switch c, _ := rec.Category(); c {
	case event.CategoryInsight:
		return InsightFiles
	case event.CategoryNetworkActivity:
		return NetworkActivityFiles
	case event.CategoryAggregated:
		return AggregatedFiles
	}
	return LogFiles
}

// IsGlobalServiceEvent reports whether rec is an event of a global
// service: IAM, CloudFront, STS through its global endpoint and console
// sign-in through the global endpoint (CloudTrail User Guide, "Global
// service events"; IAM User Guide, "Logging IAM and AWS STS API calls with
// AWS CloudTrail"), as region.Origin.IsGlobal decides from the record's
// eventSource, awsRegion, tlsDetails.clientProvidedHostHeader and
// additionalEventData.RequestDetails.endpointType (event.Record.Endpoint).
// Insights and aggregated events are not: they are about other events.
// It is the one answer every package of the module uses.
func IsGlobalServiceEvent(rec *event.Record) bool {
	o, ok := originOf(rec)
	return ok && o.IsGlobal()
}

// originOf returns what region.Origin needs of rec, and false when rec
// cannot be a global service event.
func originOf(rec *event.Record) (region.Origin, bool) {
	if rec == nil || !region.IsGlobalService(rec.EventSource) || rec.IsAggregated() {
		return region.Origin{}, false
	}
	if c, _ := rec.Category(); c == event.CategoryInsight {
		return region.Origin{}, false
	}
	o := region.Origin{EventSource: rec.EventSource, AWSRegion: rec.AWSRegion}
	if rec.TLSDetails != nil {
		o.HostHeader = rec.TLSDetails.ClientProvidedHostHeader
	}
	if rec.EventSource == "sts.amazonaws.com" || rec.EventSource == "signin.amazonaws.com" {
		o.EndpointType = rec.EndpointType()
	}
	return o, true
}

// isGlobalServiceEvent is IsGlobalServiceEvent remembering its last
// decision in c: deciding from a host header parses it
// (region.ParseEndpoint, some hundreds of nanoseconds), and records from
// one client and endpoint repeat it.
func isGlobalServiceEvent(rec *event.Record, c *routeCache) bool {
	if !region.IsGlobalService(rec.EventSource) {
		return false // most records: decided without an Origin
	}
	o, ok := originOf(rec)
	if !ok {
		return false
	}
	if c.origin.set && c.origin.o == o {
		return c.origin.global
	}
	g := o.IsGlobal()
	c.origin.o, c.origin.global, c.origin.set = o, g, true
	return g
}

// check decides whether t delivers rec and returns the Region folder, or
// the reason it does not.
func (r *Router) check(t *routeTrail, rec *event.Record, f *recordFacts) (SkipCode, string) {
	if !t.logging {
		return NotLogging, ""
	}
	if f.account == "" {
		return NoAccount, ""
	}
	if t.org {
		if f.account != t.account && !r.members[f.account] {
			return OtherAccount, ""
		}
	} else if f.account != t.account {
		return OtherAccount, ""
	}
	if f.partition == "" {
		return UnknownRegion, ""
	}
	if f.partition != t.partition {
		return OtherPartition, ""
	}
	if t.org && t.homeOptIn && !r.enabled[f.account][t.home] {
		return HomeRegionNotEnabled, ""
	}
	folder := f.region
	if f.global {
		if !t.global {
			return GlobalEventsExcluded, ""
		}
		if f.before {
			// Before the cutover every trail that includes global service
			// events received them, whatever its Regions. A single-Region
			// trail writes them into the folder of its own Region, the
			// Region it delivers from; a multi-Region trail into the
			// recorded Region.
			if !t.multi {
				folder = t.home
			}
			return r.selectors(t, rec, f), folder
		}
		if !t.multi && t.home != f.region {
			return GlobalEventOutsideHomeRegion, ""
		}
	}
	if t.multi {
		if !f.byDefault && !r.regionEnabled(f.account, f.region) {
			return RegionNotEnabled, ""
		}
	} else if t.home != f.region {
		return RegionNotCovered, ""
	}
	return r.selectors(t, rec, f), folder
}

// dataSources returns the event sources of the data events m can select,
// as a Set constrained on eventSource only.
func dataSources(m *selector.Matcher) selector.Set {
	data := selector.SetOf([]selector.Advanced{{Fields: []selector.Field{
		{Field: selector.FieldEventCategory, Equals: []string{string(event.CategoryData)}}}}})
	return m.Set().Intersect(data).Project(selector.FieldEventSource)
}

// logsDataOf reports whether sources (from dataSources) holds the event
// source src.
func logsDataOf(sources selector.Set, src string) bool {
	return sources.Contains(selector.Point{EventCategory: string(event.CategoryData), EventSource: src,
		SessionCredentialFromConsole: "false"})
}

// regionEnabled reports whether the account has the Region enabled, as
// Deployment.RegionEnabled does: by default, listed in EnabledRegions, or
// the home Region of a trail the account owns.
func (r *Router) regionEnabled(account, name string) bool {
	return region.IsEnabledByDefault(name) || r.enabled[account][name]
}

// selectors applies the trail's event selectors, or for Insights events
// its insight selectors.
func (r *Router) selectors(t *routeTrail, rec *event.Record, f *recordFacts) SkipCode {
	if f.kind == AggregatedFiles {
		if len(t.aggs) == 0 {
			return NoAggregation
		}
		if !selector.HasAggregationTemplate(t.aggs, rec.AggregationTemplate()) {
			return AggregationTemplateNotConfigured
		}
		if !logsDataOf(t.aggSources, rec.EventSource) {
			return NoDataEventsOfSource
		}
		return 0
	}
	if f.insight {
		if len(t.insights) == 0 {
			return NoInsightSelectors
		}
		if selector.SelectsInsight(t.insights, rec) {
			return 0
		}
		return InsightNotSelected
	}
	if !t.match.Match(rec) {
		return NotSelected
	}
	return 0
}
