package trail

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/region"
	"github.com/trailmap/trailmap/selector"
)

// CoverageOptions say what Router.Coverage covers.
type CoverageOptions struct {
	// At is the time the coverage is computed for (zero: now): it decides
	// the rule of global service events (region.GlobalEventRule) and is
	// the eventTime of every witness.
	At time.Time
	// ResourceTypes are the data event resource types of the universe
	// (nil: selector.ResourceTypes, the documented table).
	ResourceTypes []string
	// NetworkEventSources are the network activity event sources of the
	// universe (nil: selector.NetworkEventSources).
	NetworkEventSources []string
	// AggregationTemplates are the templates of aggregated events of the
	// universe (nil: selector.AggregationTemplates).
	AggregationTemplates []string
}

// Coverage is the answer of Router.Coverage: for every account and
// enabled Region of a deployment, which events no trail logs (Gaps,
// grouped for people) and, per cell, which trails log each class of
// event (Cells, the full table).
type Coverage struct {
	// At is the time the coverage was computed for.
	At time.Time
	// Gaps are the events logged by no trail, grouped: each Gap holds for
	// every one of its accounts in every one of its Regions. Sorted by
	// accounts, then Regions, then kind.
	Gaps []Gap

	r     *Router
	cells []covCell
	sigs  []*covSig
	uni   universe
}

// Gap is a class of events that no trail of the deployment logs in any of
// its accounts in any of its Regions: sound (every such event is logged
// nowhere) and, with the other gaps, complete (every event of the
// universe logged nowhere is in some gap). Its JSON form is that of
// `trailmap coverage -json`:
//
//	{"accounts":[…],"regions":[…],"selector":{"FieldSelectors":[…]},
//	 "witness":{<record>},"skipped":[{"trail":…,"code":…,"reason":…}]}
//
// with "insightType" and "eventCategory" in place of "selector" for
// Insights events, "aggregationTemplate" for aggregated events, and
// "globalServiceEvents":true for a gap of global service events.
type Gap struct {
	// Accounts are the recipient accounts, sorted.
	Accounts []string
	// Regions are the Regions, sorted; each is enabled in every account.
	Regions []string
	// Selector describes the events, as an advanced event selector of any
	// field and operator (it describes; it is not meant for a trail). It
	// is nil for Insights and aggregated events gaps.
	Selector *selector.Advanced
	// InsightType and InsightCategory name an Insights gap: Insights
	// events of that type about events of that category.
	InsightType     selector.InsightType
	InsightCategory event.Category
	// AggregationTemplate names an aggregated events gap: the five-minute
	// summaries of data events made by that template (API_ACTIVITY,
	// RESOURCE_ACCESS, USER_ACTIONS).
	AggregationTemplate string
	// AggregationSelector narrows an aggregated events gap to the event
	// sources it is of, as an advanced event selector on eventSource
	// only: where some trail names the template, the sources none of
	// those trails logs data events of (the Router's rule 8). It is nil
	// when no trail names the template: the gap is of every source.
	AggregationSelector *selector.Advanced
	// GlobalServiceEvents marks a gap of global service events only (IAM,
	// CloudFront, and AWS STS and console sign-in through their global
	// endpoints), which CloudTrail records in the partition's global
	// event Region (and the console sign-in Regions). Other gaps are of
	// events that are not global service events.
	GlobalServiceEvents bool
	// Witness is one event of the gap, in the first account and Region:
	// routing it delivers it nowhere. It is a record of the documented
	// shape of its category, which package event/schema's Validate
	// accepts: a management, data or network activity event names a
	// documented call of its event source where the gap leaves the name
	// free; an Insights event names the API it is about in
	// insightDetails only.
	Witness *event.Record
	// Skipped is the witness's route result: every trail, with its reason.
	Skipped []Skip
}

type gapJSON struct {
	Accounts            []string           `json:"accounts"`
	Regions             []string           `json:"regions"`
	Selector            *selector.Advanced `json:"selector,omitempty"`
	InsightType         string             `json:"insightType,omitempty"`
	EventCategory       string             `json:"eventCategory,omitempty"`
	AggregationTemplate string             `json:"aggregationTemplate,omitempty"`
	AggregationSelector *selector.Advanced `json:"aggregationSelector,omitempty"`
	GlobalServiceEvents bool               `json:"globalServiceEvents,omitempty"`
	Witness             *event.Record      `json:"witness"`
	Skipped             []skipJSON         `json:"skipped"`
}

type skipJSON struct {
	Trail  string   `json:"trail"`
	Code   SkipCode `json:"code"`
	Reason string   `json:"reason"`
}

// MarshalJSON writes the gap as `trailmap coverage -json` prints it.
func (g Gap) MarshalJSON() ([]byte, error) {
	j := gapJSON{Accounts: g.Accounts, Regions: g.Regions, Selector: g.Selector,
		InsightType: string(g.InsightType), EventCategory: string(g.InsightCategory),
		AggregationTemplate: g.AggregationTemplate, AggregationSelector: g.AggregationSelector,
		GlobalServiceEvents: g.GlobalServiceEvents, Witness: g.Witness, Skipped: []skipJSON{}}
	if j.Accounts == nil {
		j.Accounts = []string{}
	}
	if j.Regions == nil {
		j.Regions = []string{}
	}
	for _, s := range g.Skipped {
		j.Skipped = append(j.Skipped, skipJSON{Trail: s.TrailARN, Code: s.Code, Reason: s.Reason})
	}
	return json.Marshal(j)
}

// String describes the gap in one line for people.
func (g Gap) String() string {
	var b strings.Builder
	b.WriteString(listText(g.Accounts, "account", "accounts"))
	b.WriteString(" in ")
	b.WriteString(listText(g.Regions, "Region", "Regions"))
	b.WriteString(": ")
	switch {
	case g.AggregationTemplate != "":
		fmt.Fprintf(&b, "aggregated events of template %s", g.AggregationTemplate)
		if g.AggregationSelector != nil {
			b.WriteString(" of " + describeFields(g.AggregationSelector.Fields))
		}
	case g.Selector != nil:
		if g.GlobalServiceEvents {
			b.WriteString("global service events ")
		}
		b.WriteString(describeFields(g.Selector.Fields))
	default:
		fmt.Fprintf(&b, "Insights events %s about %s events", g.InsightType, g.InsightCategory)
	}
	return b.String()
}

func listText(v []string, one, many string) string {
	switch len(v) {
	case 1:
		return one + " " + v[0]
	case 2, 3:
		return many + " " + strings.Join(v, ", ")
	}
	return strconv.Itoa(len(v)) + " " + many + " (" + v[0] + " … " + v[len(v)-1] + ")"
}

func describeFields(fs []selector.Field) string {
	var b strings.Builder
	for i := range fs {
		if i > 0 {
			b.WriteString(", ")
		}
		f := &fs[i]
		b.WriteString(f.Field)
		for _, op := range []selector.Operator{selector.Equals, selector.StartsWith, selector.EndsWith,
			selector.NotEquals, selector.NotStartsWith, selector.NotEndsWith} {
			v := f.Values(op)
			if len(v) == 0 {
				continue
			}
			b.WriteString(" " + op.String() + " ")
			if len(v) > 4 {
				b.WriteString("[" + strings.Join(v[:3], " ") + " … (" + strconv.Itoa(len(v)) + " values)]")
			} else {
				b.WriteString("[" + strings.Join(v, " ") + "]")
			}
		}
	}
	if len(fs) == 0 {
		return "every event"
	}
	return b.String()
}

// The global service event sources (CloudTrail User Guide, "Global
// service events"; region.Origin.IsGlobal): IAM and CloudFront always,
// STS and console sign-in through their global endpoints.
const (
	srcIAM        = "iam.amazonaws.com"
	srcCloudFront = "cloudfront.amazonaws.com"
	srcSTS        = "sts.amazonaws.com"
	srcSignIn     = "signin.amazonaws.com"
)

// exampleData names a documented call and resource of some data event
// types, for readable witnesses: the types basic selectors know first,
// then common ones advanced selectors add. read is "" for a type without
// a read-only data API among them.
var exampleData = []struct{ typ, source, read, write, arn string }{
	{"AWS::S3::Object", "s3.amazonaws.com", "GetObject", "PutObject", "arn:aws:s3:::amzn-s3-demo-bucket/example"},
	{"AWS::Lambda::Function", "lambda.amazonaws.com", "", "Invoke", "arn:aws:lambda:REGION:ACCOUNT:function:example"},
	{"AWS::DynamoDB::Table", "dynamodb.amazonaws.com", "GetItem", "PutItem", "arn:aws:dynamodb:REGION:ACCOUNT:table/example"},
	{"AWS::SQS::Queue", "sqs.amazonaws.com", "", "SendMessage", "arn:aws:sqs:REGION:ACCOUNT:example"},
	{"AWS::SNS::Topic", "sns.amazonaws.com", "", "Publish", "arn:aws:sns:REGION:ACCOUNT:example"},
	{"AWS::Kinesis::Stream", "kinesis.amazonaws.com", "GetRecords", "PutRecord", "arn:aws:kinesis:REGION:ACCOUNT:stream/example"},
}

// exampleCall is a documented read-only and a mutating API of an event
// source, for the eventName of witnesses of management and network
// activity events (a call through a VPC endpoint is a call of the
// service's API). typ is the eventType of a call of write other than
// AwsApiCall.
type exampleCall struct {
	read, write string
	typ         event.EventType
}

// exampleCalls returns the example calls of the event source src, and
// false for a source not listed, which gets exampleAnyCall. A switch
// rather than a map, which the package would build at initialisation in
// every program that links it.
func exampleCalls(src string) (exampleCall, bool) {
	switch src {
	case "ec2.amazonaws.com":
		return exampleCall{"DescribeInstances", "RunInstances", ""}, true
	case srcIAM:
		return exampleCall{"ListUsers", "CreateUser", ""}, true
	case srcSTS:
		return exampleCall{"GetCallerIdentity", "GetFederationToken", ""}, true
	case srcSignIn:
		return exampleCall{"", "ConsoleLogin", event.AwsConsoleSignIn}, true
	case srcCloudFront:
		return exampleCall{"ListDistributions", "CreateDistribution", ""}, true
	case selector.KMSSource:
		return exampleCall{"DescribeKey", "CreateKey", ""}, true
	case selector.RDSDataSource:
		return exampleCall{"", "ExecuteStatement", ""}, true
	case "s3.amazonaws.com":
		return exampleCall{"ListBuckets", "CreateBucket", ""}, true
	case "lambda.amazonaws.com":
		return exampleCall{"ListFunctions20150331", "CreateFunction20150331", ""}, true
	case "dynamodb.amazonaws.com":
		return exampleCall{"ListTables", "CreateTable", ""}, true
	case "cloudtrail.amazonaws.com":
		return exampleCall{"DescribeTrails", "CreateTrail", ""}, true
	case "sqs.amazonaws.com":
		return exampleCall{"ListQueues", "CreateQueue", ""}, true
	case "sns.amazonaws.com":
		return exampleCall{"ListTopics", "CreateTopic", ""}, true
	}
	return exampleCall{}, false
}

// exampleAnyCall is the read-only and the mutating call of witnesses of
// an event source exampleCalls does not list: tagging APIs most services
// have.
var exampleAnyCall = struct{ read, write string }{"ListTagsForResource", "TagResource"}

// universe is what coverage covers, as selector sets.
type universe struct {
	regular   selector.Set // events that are not global service events
	types     []string
	sources   []string
	templates []string // of aggregated events
}

func newUniverse(o CoverageOptions) universe {
	types := o.ResourceTypes
	if types == nil {
		types = selector.ResourceTypes()
	}
	sources := o.NetworkEventSources
	if sources == nil {
		sources = selector.NetworkEventSources()
	}
	notGlobal := selector.Field{Field: selector.FieldEventSource, NotEquals: []string{srcCloudFront, srcIAM}}
	sels := []selector.Advanced{{Fields: []selector.Field{
		{Field: selector.FieldEventCategory, Equals: []string{string(event.CategoryManagement)}}, notGlobal}}}
	if len(types) > 0 {
		sels = append(sels, selector.Advanced{Fields: []selector.Field{
			{Field: selector.FieldEventCategory, Equals: []string{string(event.CategoryData)}},
			{Field: selector.FieldResourcesType, Equals: slices.Clone(types)}, notGlobal}})
	}
	if len(sources) > 0 {
		sels = append(sels, selector.Advanced{Fields: []selector.Field{
			{Field: selector.FieldEventCategory, Equals: []string{string(event.CategoryNetworkActivity)}},
			{Field: selector.FieldEventSource, Equals: slices.Clone(sources)}, notGlobal}})
	}
	templates := o.AggregationTemplates
	if templates == nil {
		templates = selector.AggregationTemplates()
	}
	return universe{regular: selector.SetOf(sels), types: types, sources: sources, templates: templates}
}

// globalSources returns the global service event sources CloudTrail
// records in Region reg of partition p: IAM, CloudFront and global STS in
// the partition's global event Region, console sign-in through the
// global endpoint in the console sign-in Regions.
func globalSources(p, reg string) []string {
	var out []string
	if reg == region.GlobalEventRegion(p) {
		out = append(out, srcCloudFront, srcIAM, srcSTS)
	}
	if slices.Contains(region.ConsoleSignInRegions(p), reg) {
		out = append(out, srcSignIn)
	}
	slices.Sort(out)
	return out
}

// globalUniverse is the management events of the global sources.
func globalUniverse(sources []string) selector.Set {
	if len(sources) == 0 {
		return selector.Set{}
	}
	return selector.SetOf([]selector.Advanced{{Fields: []selector.Field{
		{Field: selector.FieldEventCategory, Equals: []string{string(event.CategoryManagement)}},
		{Field: selector.FieldEventSource, Equals: sources}}}})
}

// covCell is one account and Region, and the signature of the trails that
// apply there.
type covCell struct {
	account, region, partition string
	sig                        int
}

// covSig is what coverage knows for one combination of applicable
// trails: the trails, and the gaps.
type covSig struct {
	regular, global []int // trail indexes
	globalSources   []string
	gaps            []gapShape
}

// gapShape is one gap before grouping by account and Region.
type gapShape struct {
	key      string
	sel      *selector.Advanced
	set      selector.Set // the selector's set, for the witness (set by group)
	global   bool
	insight  selector.InsightType
	category event.Category
	template string // aggregated events
	// aggSel narrows an aggregated events gap to event sources (nil:
	// every source); aggSet is its set (set by group).
	aggSel *selector.Advanced
	aggSet selector.Set
}

// Coverage computes which events of the deployment no trail logs, for
// every account (the organization's members and management account, the
// deployment's accounts and the owners of its trails) and every Region of
// the trails' partitions the account has enabled. The universe is:
// management events of every event source; data events of the resource
// types of opts (the project's table by default); network activity
// events of its event sources; Insights events of both types about
// management and about data events; global service events in the
// Regions CloudTrail records them, by the rule in force at opts.At;
// aggregated events of each template and event source (the Router's
// rule 8: a trail's AggregationConfigurations name the template and its
// selectors log data events of the source).
//
// It is exact: trail selectors are compared as selector.Set, not by
// sampling, and each Gap's witness is routed and confirmed to be
// delivered nowhere. The error reports a witness the Router delivers,
// which would be a defect of this package.
//
// Cells that share their applicable trails share their computation, so
// the cost grows with the number of distinct combinations of trails, plus
// a small cost per account and Region.
func (r *Router) Coverage(opts CoverageOptions) (*Coverage, error) {
	cov := r.coverageCells(opts)
	if err := cov.group(); err != nil {
		return nil, err
	}
	return cov, nil
}

// coverageCells computes the cells of Coverage and their signatures,
// without the Gaps (their grouping, witnesses and routing): Check's
// findings read the cells only.
func (r *Router) coverageCells(opts CoverageOptions) *Coverage {
	at := opts.At
	if at.IsZero() {
		at = time.Now().UTC()
	}
	cov := &Coverage{At: at, r: r, uni: newUniverse(opts)}
	before := !r.rule.RecordedInHomeOnly(at)
	sets := r.trailSets()
	sigIndex := map[string]int{}
	memo := &sigMemo{uni: &cov.uni, regular: map[string][]gapShape{}, global: map[string][]gapShape{}, content: contentIDs(r)}
	var key []byte
	var regular, global []int
	for _, p := range r.partitions() {
		part, ok := region.PartitionByID(p)
		if !ok {
			continue
		}
		regions := part.Regions()
		gsrcs := make([][]string, len(regions))
		for i, reg := range regions {
			gsrcs[i] = globalSources(p, reg.Name)
		}
		for _, acct := range r.accounts() {
			// Only the account's own trails and the organization trails
			// can apply to it: the rest are not looked at.
			cands := r.candidates(acct)
			for ri, reg := range regions {
				if !r.regionEnabled(acct, reg.Name) {
					continue
				}
				gsrc := gsrcs[ri]
				regular, global = regular[:0], global[:0]
				for _, i := range cands {
					t := &r.trails[i]
					if !r.applies(t, acct, p) {
						continue
					}
					if t.multi || t.home == reg.Name {
						regular = append(regular, i)
					}
					if len(gsrc) > 0 && t.global && (before || t.multi || t.home == reg.Name) {
						global = append(global, i)
					}
				}
				key = key[:0]
				for _, i := range regular {
					key = strconv.AppendInt(key, int64(i), 10)
					key = append(key, ',')
				}
				key = append(key, '|')
				for _, i := range global {
					key = strconv.AppendInt(key, int64(i), 10)
					key = append(key, ',')
				}
				key = append(key, '|')
				for _, s := range gsrc {
					key = append(key, s...)
					key = append(key, ',')
				}
				k, ok := sigIndex[string(key)]
				if !ok {
					k = len(cov.sigs)
					sigIndex[string(key)] = k
					cov.sigs = append(cov.sigs, r.signature(memo, sets, slices.Clone(regular), slices.Clone(global), gsrc))
				}
				cov.cells = append(cov.cells, covCell{account: acct, region: reg.Name, partition: p, sig: k})
			}
		}
	}
	return cov
}

// applies reports whether t receives the events of account acct in
// partition p at all (rules 1 to 4 of the Router).
func (r *Router) applies(t *routeTrail, acct, p string) bool {
	if !t.logging || t.partition != p {
		return false
	}
	if t.org {
		if acct != t.account && !r.members[acct] {
			return false
		}
	} else if acct != t.account {
		return false
	}
	return !(t.org && t.homeOptIn && !r.enabled[acct][t.home])
}

// accounts returns every account the deployment names, sorted.
func (r *Router) accounts() []string {
	seen := map[string]bool{}
	for a := range r.members {
		seen[a] = true
	}
	for a := range r.enabled {
		seen[a] = true
	}
	for i := range r.trails {
		seen[r.trails[i].account] = true
	}
	out := make([]string, 0, len(seen))
	for a := range seen {
		if a != "" {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return out
}

// partitions returns the partitions of the trails ("aws" without trails).
func (r *Router) partitions() []string {
	var out []string
	for i := range r.trails {
		if p := r.trails[i].partition; p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		out = append(out, "aws")
	}
	slices.Sort(out)
	return out
}

// The Insights kinds: each type, about management and about data events.
var insightKinds = []struct {
	typ selector.InsightType
	cat event.Category
}{
	{selector.APICallRateInsight, event.CategoryManagement},
	{selector.APICallRateInsight, event.CategoryData},
	{selector.APIErrorRateInsight, event.CategoryManagement},
	{selector.APIErrorRateInsight, event.CategoryData},
}

// signature computes the gaps of one combination of trails.
func (r *Router) signature(m *sigMemo, sets []selector.Set, regular, global []int, gsrc []string) *covSig {
	s := &covSig{regular: regular, global: global, globalSources: gsrc}
	key := func(idx []int, extra []string) string {
		var b []byte
		for _, i := range idx {
			b = strconv.AppendInt(b, int64(m.content[i]), 10)
			b = append(b, ',')
		}
		for _, x := range extra {
			b = append(b, x...)
			b = append(b, ',')
		}
		return string(b)
	}
	// Cells share the gaps of their regular trails, whatever their
	// global sources, and the reverse.
	rk := key(regular, nil)
	reg, ok := m.regular[rk]
	if !ok {
		var logged selector.Set
		for _, i := range regular {
			logged = logged.Union(sets[i])
		}
		reg = appendShapes(nil, m.uni.regular.Minus(logged), false)
		for _, k := range insightKinds {
			covered := false
			for _, i := range regular {
				if insightSelects(r.trails[i].insights, string(k.typ), k.cat) {
					covered = true
					break
				}
			}
			if !covered {
				reg = append(reg, gapShape{key: "insight|" + string(k.typ) + "|" + string(k.cat), insight: k.typ, category: k.cat})
			}
		}
		// Rule 8 of the Router: an aggregation configuration naming the
		// template, on a trail logging data events of the record's event
		// source. Where some trail names the template, the gap is of the
		// event sources none of them logs data events of, written as a
		// selector on eventSource.
		for _, tmpl := range m.uni.templates {
			named := false
			var sources selector.Set
			for _, i := range regular {
				if selector.HasAggregationTemplate(r.trails[i].aggs, tmpl) {
					named = true
					sources = sources.Union(r.trails[i].aggSources)
				}
			}
			if !named {
				reg = append(reg, gapShape{key: "aggregated|" + tmpl, template: tmpl})
				continue
			}
			for _, a := range selector.Universe().Minus(sources).Advanced() {
				b, _ := json.Marshal(a)
				reg = append(reg, gapShape{key: "aggregated|" + tmpl + "|" + string(b), aggSel: &a, template: tmpl})
			}
		}
		m.regular[rk] = reg
	}
	s.gaps = append(s.gaps, reg...)
	if len(gsrc) > 0 {
		gk := key(global, gsrc)
		glob, ok := m.global[gk]
		if !ok {
			var glogged selector.Set
			for _, i := range global {
				glogged = glogged.Union(sets[i])
			}
			glob = appendShapes(nil, globalUniverse(gsrc).Minus(glogged), true)
			m.global[gk] = glob
		}
		s.gaps = append(s.gaps, glob...)
	}
	return s
}

// sigMemo remembers the gaps of each combination of regular trails and of
// global trails with their sources.
type sigMemo struct {
	uni             *universe
	regular, global map[string][]gapShape
	// content numbers the trails by what decides their gaps (compiled
	// selectors, insight selectors, aggregation configurations), so that the gaps of trails alike
	// in different accounts are computed once.
	content []int
}

// trailSets returns each trail's selector.Set, computed once per compiled
// Matcher (trails alike share one).
func (r *Router) trailSets() []selector.Set {
	byMatcher := map[*selector.Matcher]selector.Set{}
	sets := make([]selector.Set, len(r.trails))
	for i := range r.trails {
		m := r.trails[i].match
		s, ok := byMatcher[m]
		if !ok {
			s = m.Set()
			byMatcher[m] = s
		}
		sets[i] = s
	}
	return sets
}

// contentIDs returns, per trail, a number shared by the trails whose
// selectors (the same compiled Matcher), insight selectors and
// aggregation configurations are the same.
func contentIDs(r *Router) []int {
	type content struct {
		m         *selector.Matcher
		ins, aggs string
	}
	ids := map[content]int{}
	out := make([]int, len(r.trails))
	for i := range r.trails {
		t := &r.trails[i]
		c := content{m: t.match, ins: fmt.Sprint(t.insights), aggs: fmt.Sprint(t.aggs)}
		id, ok := ids[c]
		if !ok {
			id = len(ids)
			ids[c] = id
		}
		out[i] = id
	}
	return out
}

// insightSelects applies the Router's rule 7: an insight selector of the
// type whose EventCategories (Management when absent) hold cat.
func insightSelects(sels []selector.Insight, typ string, cat event.Category) bool {
	for _, s := range sels {
		if string(s.InsightType) != typ {
			continue
		}
		if len(s.EventCategories) == 0 {
			if cat == event.CategoryManagement {
				return true
			}
			continue
		}
		if slices.Contains(s.EventCategories, string(cat)) {
			return true
		}
	}
	return false
}

func appendShapes(out []gapShape, gap selector.Set, global bool) []gapShape {
	for _, a := range gap.Advanced() {
		a := a
		b, _ := json.Marshal(a)
		key := string(b)
		if global {
			key = "global|" + key
		}
		out = append(out, gapShape{key: key, sel: &a, global: global})
	}
	return out
}

// group turns the gaps of every cell into Gaps: for each gap, the
// accounts with the same Regions share a line. Each line's witness is
// built and routed.
func (c *Coverage) group() error {
	type acctRegions struct {
		shape   *gapShape
		index   map[string]int // account → its place in order and regions
		order   []string       // accounts in first-seen order
		regions [][]string     // per account in order, its Regions
	}
	byKey := map[string]*acctRegions{}
	var keys []string
	for _, cell := range c.cells {
		sig := c.sigs[cell.sig]
		for i := range sig.gaps {
			g := &sig.gaps[i]
			ar := byKey[g.key]
			if ar == nil {
				ar = &acctRegions{shape: g, index: map[string]int{}}
				byKey[g.key] = ar
				keys = append(keys, g.key)
			}
			j, ok := ar.index[cell.account]
			if !ok {
				j = len(ar.order)
				ar.index[cell.account] = j
				ar.order = append(ar.order, cell.account)
				ar.regions = append(ar.regions, nil)
			}
			ar.regions[j] = append(ar.regions[j], cell.region)
		}
	}
	for _, k := range keys {
		ar := byKey[k]
		if ar.shape.sel != nil {
			ar.shape.set = selector.SetOf([]selector.Advanced{*ar.shape.sel})
		}
		if ar.shape.aggSel != nil {
			ar.shape.aggSet = selector.SetOf([]selector.Advanced{*ar.shape.aggSel})
		}
		lines := map[string]*Gap{}
		var lineKeys []string
		for j, acct := range ar.order {
			regs := ar.regions[j]
			slices.Sort(regs)
			lk := strings.Join(regs, ",")
			g := lines[lk]
			if g == nil {
				g = &Gap{Regions: regs, Selector: ar.shape.sel, InsightType: ar.shape.insight,
					InsightCategory: ar.shape.category, AggregationTemplate: ar.shape.template, AggregationSelector: ar.shape.aggSel, GlobalServiceEvents: ar.shape.global}
				lines[lk] = g
				lineKeys = append(lineKeys, lk)
			}
			g.Accounts = append(g.Accounts, acct)
		}
		for _, lk := range lineKeys {
			g := lines[lk]
			slices.Sort(g.Accounts)
			w, res, err := c.witness(ar.shape, g.Accounts[0], g.Regions[0])
			if err != nil {
				return err
			}
			if len(res.Deliveries) > 0 {
				return fmt.Errorf("trail: coverage: the witness of gap %s is delivered by %s", g, res.Deliveries[0].TrailARN)
			}
			g.Witness, g.Skipped = w, res.Skipped
			c.Gaps = append(c.Gaps, *g)
		}
	}
	slices.SortStableFunc(c.Gaps, func(a, b Gap) int {
		if x := slices.Compare(a.Accounts, b.Accounts); x != 0 {
			return x
		}
		if x := slices.Compare(a.Regions, b.Regions); x != 0 {
			return x
		}
		return 0
	})
	return nil
}

// witness builds a record of the gap's shape in account acct and Region
// reg: a record of the documented shape of its category (it passes
// package event/schema's Validate), in the gap, which the Router should
// deliver nowhere (group checks); and its route result.
func (c *Coverage) witness(g *gapShape, acct, reg string) (*event.Record, Result, error) {
	var rec *event.Record
	var err error
	switch {
	case g.template != "":
		src := "s3.amazonaws.com"
		if g.aggSel != nil {
			p, _ := g.aggSet.WitnessLike(selector.Point{EventSource: src})
			src = p.EventSource
		}
		rec, err = aggregatedWitness(g.template, src, acct, reg, c.At)
	case g.insight != "":
		rec, err = insightWitness(g.insight, g.category, acct, reg, c.At)
	default:
		var res *Result
		if rec, res, err = c.eventWitness(g, acct, reg); res != nil {
			return rec, *res, nil
		}
	}
	if err != nil {
		return nil, Result{}, err
	}
	return rec, c.r.Route(rec), nil
}

// eventWitness is witness for a gap of a selector; the route result is
// not nil when it was worked out on the way.
func (c *Coverage) eventWitness(g *gapShape, acct, reg string) (*event.Record, *Result, error) {
	// A realistic record where the gap allows: an API call (a VPC
	// endpoint event for network activity) by the account's root, without
	// resources unless the class needs one.
	like := selector.Point{EventType: string(event.AwsAPICall), EventSource: "ec2.amazonaws.com",
		UserIdentityARN: "arn:aws:iam::" + acct + ":root", ReadOnly: "false"}
	p, ok := g.set.WitnessLike(like)
	if !ok {
		return nil, nil, fmt.Errorf("trail: coverage: gap %s has no event", describeFields(g.sel.Fields))
	}
	// A second pass, knowing the category: a documented call (of a
	// documented resource type for data events).
	like.EventCategory, like.ReadOnly = p.EventCategory, p.ReadOnly
	switch event.Category(p.EventCategory) {
	case event.CategoryNetworkActivity:
		like.EventSource, like.EventType = p.EventSource, string(event.AwsVpceEvent)
		like.ReadOnly, like.VPCEndpointID = "", "vpce-0123456789abcdef0"
	case event.CategoryManagement:
		like.EventSource = p.EventSource
	case event.CategoryData:
		like.HasResource, like.ResourceType = p.HasResource, p.ResourceType
		for _, x := range exampleData {
			name := x.write
			if p.ReadOnly == "true" {
				name = x.read
			}
			if name == "" {
				continue
			}
			l := like
			l.HasResource, l.ResourceType, l.EventSource, l.EventName = true, x.typ, x.source, name
			l.ResourceARN = strings.ReplaceAll(strings.ReplaceAll(x.arn, "REGION", reg), "ACCOUNT", acct)
			if q, ok := g.set.WitnessLike(l); ok && q.ResourceType == x.typ && q.EventSource == x.source && q.EventName == name {
				like = l
				break
			}
		}
	}
	if q, ok := g.set.WitnessLike(like); ok {
		p = q
	}
	if p.EventName != "" {
		return c.witnessRecord(g, p, acct, reg), nil, nil
	}
	// Every record of these categories names its call (the record
	// schema requires eventName): a documented call of the event source
	// where the gap leaves the name free, else another the gap holds.
	for _, q := range witnessCalls(p) {
		if !g.set.Contains(q) {
			continue
		}
		rec := c.witnessRecord(g, q, acct, reg)
		if res := c.r.Route(rec); len(res.Deliveries) == 0 {
			return rec, &res, nil
		}
	}
	return c.witnessRecord(g, p, acct, reg), nil, nil
}

// witnessCalls returns p with the eventName (and eventType) of calls a
// witness may make, best first: a documented call of p's event source of
// p's kind (read-only or not), then others.
func witnessCalls(p selector.Point) []selector.Point {
	call, listed := exampleCalls(p.EventSource)
	var names []string
	var write event.EventType
	switch {
	case event.Category(p.EventCategory) == event.CategoryData:
		// A data event: no documented call of the type's source fits
		// (its eventSource or name is not the gap's); the others.
	case !listed:
		names = []string{exampleAnyCall.read, exampleAnyCall.write}
		if p.ReadOnly == "false" {
			names[0], names[1] = names[1], names[0]
		}
	case p.ReadOnly == "true":
		names = []string{call.read, exampleAnyCall.read}
	case p.ReadOnly == "false":
		names, write = []string{call.write, exampleAnyCall.write}, call.typ
	default: // network activity: any call of the service
		names = []string{call.read, call.write, exampleAnyCall.read}
	}
	names = append(names, "Describe", "Get", "List", "Update", "Example")
	var out []selector.Point
	for _, n := range names {
		if n == "" {
			continue
		}
		q := p
		q.EventName = n
		if n == call.write && write != "" && listed {
			// The call's own eventType where the gap allows it.
			t := q
			t.EventType = string(write)
			out = append(out, t)
		}
		out = append(out, q)
	}
	return out
}

// witnessRecord returns the record of the event p in account acct and
// Region reg.
func (c *Coverage) witnessRecord(g *gapShape, p selector.Point, acct, reg string) *event.Record {
	probe := event.Probe{Account: acct, Region: reg, Time: c.At, Category: event.Category(p.EventCategory)}
	switch p.EventSource {
	case srcSTS, srcSignIn:
		probe.Endpoint = "regional"
		if g.global {
			probe.Endpoint = "global"
		}
	}
	rec := probe.Record()
	p.Apply(rec)
	return rec
}

// insightWitness returns an Insights event of the type and the category
// of events it analyses, of the documented shape (CloudTrail User Guide,
// "CloudTrail record contents for Insights events for trails"): no
// userIdentity, eventSource or eventName of its own; the API whose
// activity was unusual is named in insightDetails. The API is a
// management write (RunInstances) for management Insights, which analyse
// write calls, and an S3 data event (GetObject) for data Insights.
func insightWitness(typ selector.InsightType, cat event.Category, acct, reg string, at time.Time) (*event.Record, error) {
	// The members in the documented order.
	type average struct {
		Average float64 `json:"average"`
	}
	type details struct {
		State          string `json:"state"`
		EventSource    string `json:"eventSource"`
		EventName      string `json:"eventName"`
		InsightType    string `json:"insightType"`
		ErrorCode      string `json:"errorCode,omitempty"`
		InsightContext struct {
			Statistics struct {
				Baseline average `json:"baseline"`
				Insight  average `json:"insight"`
			} `json:"statistics"`
		} `json:"insightContext"`
	}
	d := details{State: "Start", EventSource: "ec2.amazonaws.com", EventName: "RunInstances", InsightType: string(typ)}
	if cat == event.CategoryData {
		d.EventSource, d.EventName = "s3.amazonaws.com", "GetObject"
	}
	if typ == selector.APIErrorRateInsight {
		d.ErrorCode = "Client.UnauthorizedOperation" // EC2's
		if cat == event.CategoryData {
			d.ErrorCode = "AccessDenied" // S3's
		}
	}
	d.InsightContext.Statistics.Baseline.Average, d.InsightContext.Statistics.Insight.Average = 0.5, 10
	b, err := json.Marshal(struct {
		EventVersion       string  `json:"eventVersion"`
		EventTime          string  `json:"eventTime"`
		AWSRegion          string  `json:"awsRegion"`
		EventID            string  `json:"eventID"`
		EventType          string  `json:"eventType"`
		RecipientAccountID string  `json:"recipientAccountId"`
		SharedEventID      string  `json:"sharedEventID"`
		InsightDetails     details `json:"insightDetails"`
		EventCategory      string  `json:"eventCategory"`
	}{"1.11", at.UTC().Format(time.RFC3339), reg, "00000000-0000-4000-8000-000000000000", string(event.AwsCloudTrailInsight),
		acct, "00000000-0000-4000-8000-000000000001", d, string(event.CategoryInsight)})
	if err != nil {
		return nil, err
	}
	rec, err := event.ParseRecord(b)
	if err != nil {
		return nil, fmt.Errorf("trail: coverage: Insights witness: %w", err)
	}
	return rec, nil
}

// templateDimensions returns the primary dimension of an aggregation
// template (CloudTrail User Guide, "Aggregated events record contents"),
// and false for another template.
func templateDimensions(template string) (string, bool) {
	switch template {
	case event.TemplateAPIActivity:
		return "eventName", true
	case event.TemplateResourceAccess:
		return "resourceARN", true
	case event.TemplateUserActions:
		return "userIdentity", true
	}
	return "", false
}

// aggregatedWitness returns an aggregated event of the template and event
// source src: the five-minute window ending at at, in account acct and
// Region reg.
func aggregatedWitness(template, src, acct, reg string, at time.Time) (*event.Record, error) {
	dim, ok := templateDimensions(template)
	if !ok {
		dim = template // a template newer than this table: the Router will say
	}
	end := at.UTC().Truncate(5 * time.Minute)
	doc := map[string]any{
		"eventVersion": "1.0", "accountId": acct, "eventId": "00000000-0000-4000-8000-000000000000",
		"eventCategory": string(event.CategoryAggregated), "eventType": string(event.AwsAggregatedEvent),
		"awsRegion": reg, "eventSource": src,
		"timeWindow": map[string]string{"windowStart": end.Add(-5 * time.Minute).Format(time.RFC3339),
			"windowEnd": end.Format(time.RFC3339), "windowSize": "PT5M"},
		"summary": map[string]any{"primaryDimension": map[string]any{"dimension": dim,
			"statistics": []any{}, "aggregationType": "Count"}},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	rec, err := event.ParseRecord(b)
	if err != nil {
		return nil, fmt.Errorf("trail: coverage: aggregated witness: %w", err)
	}
	return rec, nil
}
