package trail

import (
	"slices"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/selector"
)

// Cell is one account and Region of a Coverage: for each class of event
// some trail logs there, the trails that log it and where.
type Cell struct {
	Account, Region string
	// Classes lists the classes logged by at least one trail, in a fixed
	// order: management events by readOnly and event source, global
	// service events, data events by resource type, network activity
	// events by event source, Insights kinds, aggregated events by template. A class of the universe
	// missing here is logged by no trail (and is in a Gap).
	Classes []ClassCoverage
}

// ClassCoverage is one class of events and the trails that log it.
type ClassCoverage struct {
	// Class names it, such as "Management write", "Management
	// kms.amazonaws.com", "Global service events", "Data AWS::S3::Object",
	// "NetworkActivity ec2.amazonaws.com", "Insight ApiCallRateInsight
	// Management" or "Aggregated API_ACTIVITY".
	Class string
	// Trails log the class, in deployment order.
	Trails []Logger
}

// Logger is one trail logging a class in a cell.
type Logger struct {
	TrailARN string
	Bucket   string
	// KeyPrefix is the object key prefix up to the day folder of
	// Coverage.At (see DayPrefix).
	KeyPrefix string
	// Partial says the trail logs some, not all, events of the class
	// (its selectors select part of it).
	Partial bool
}

// covClass is a class with its set, and whether it concerns the global
// trails of a cell.
type covClass struct {
	name     string
	set      selector.Set
	global   bool
	kind     FileKind
	insight  *selector.Insight
	template string // aggregated events
}

func (c *Coverage) classes(gsrc []string) []covClass {
	mk := func(fs ...selector.Field) selector.Set {
		return c.uni.regular.Intersect(selector.SetOf([]selector.Advanced{{Fields: fs}}))
	}
	cat := func(v event.Category) selector.Field {
		return selector.Field{Field: selector.FieldEventCategory, Equals: []string{string(v)}}
	}
	special := []string{selector.KMSSource, selector.RDSDataSource}
	out := []covClass{
		{name: "Management read", set: mk(cat(event.CategoryManagement), selector.Field{Field: selector.FieldReadOnly, Equals: []string{"true"}},
			selector.Field{Field: selector.FieldEventSource, NotEquals: special})},
		{name: "Management write", set: mk(cat(event.CategoryManagement), selector.Field{Field: selector.FieldReadOnly, Equals: []string{"false"}},
			selector.Field{Field: selector.FieldEventSource, NotEquals: special})},
	}
	for _, s := range special {
		out = append(out, covClass{name: "Management " + s, set: mk(cat(event.CategoryManagement), selector.Field{Field: selector.FieldEventSource, Equals: []string{s}})})
	}
	if len(gsrc) > 0 {
		out = append(out, covClass{name: "Global service events", set: globalUniverse(gsrc), global: true})
	}
	for _, t := range c.uni.types {
		out = append(out, covClass{name: "Data " + t, set: mk(cat(event.CategoryData), selector.Field{Field: selector.FieldResourcesType, Equals: []string{t}})})
	}
	for _, s := range c.uni.sources {
		out = append(out, covClass{name: "NetworkActivity " + s, kind: NetworkActivityFiles,
			set: mk(cat(event.CategoryNetworkActivity), selector.Field{Field: selector.FieldEventSource, Equals: []string{s}})})
	}
	for _, k := range insightKinds {
		out = append(out, covClass{name: "Insight " + string(k.typ) + " " + string(k.cat), kind: InsightFiles,
			insight: &selector.Insight{InsightType: k.typ, EventCategories: []string{string(k.cat)}}})
	}
	for _, tmpl := range c.uni.templates {
		out = append(out, covClass{name: "Aggregated " + tmpl, kind: AggregatedFiles, template: tmpl})
	}
	return out
}

// Cells returns the full table: every account and enabled Region, with
// the trails logging each class there. It is computed on each call (per
// combination of applicable trails, then per cell).
func (c *Coverage) Cells() []Cell {
	type entry struct {
		class  string
		trails []int
		part   []bool
		kind   FileKind
		global bool
	}
	perSig := make([][]entry, len(c.sigs))
	sets := c.r.trailSets()
	for k, s := range c.sigs {
		for _, cl := range c.classes(s.globalSources) {
			kind := cl.kind
			if kind == 0 {
				kind = LogFiles
			}
			e := entry{class: cl.name, kind: kind, global: cl.global}
			idx := s.regular
			if cl.global {
				idx = s.global
			}
			for _, i := range idx {
				if cl.template != "" {
					if t := &c.r.trails[i]; selector.HasAggregationTemplate(t.aggs, cl.template) && !t.aggSources.Empty() {
						// Partial unless the trail logs data events of
						// every event source (the Router's rule 8).
						e.trails, e.part = append(e.trails, i), append(e.part, !t.aggSources.Covers(selector.Universe()))
					}
					continue
				}
				if cl.insight != nil {
					if insightSelects(c.r.trails[i].insights, string(cl.insight.InsightType), event.Category(cl.insight.EventCategories[0])) {
						e.trails, e.part = append(e.trails, i), append(e.part, false)
					}
					continue
				}
				in := cl.set.Intersect(sets[i])
				if in.Empty() {
					continue
				}
				e.trails, e.part = append(e.trails, i), append(e.part, !sets[i].Covers(cl.set))
			}
			if len(e.trails) > 0 {
				perSig[k] = append(perSig[k], e)
			}
		}
	}
	out := make([]Cell, 0, len(c.cells))
	for _, cell := range c.cells {
		cc := Cell{Account: cell.account, Region: cell.region}
		for _, e := range perSig[cell.sig] {
			cl := ClassCoverage{Class: e.class}
			for j, i := range e.trails {
				t := &c.r.trails[i]
				folder := cell.region
				if e.global && !t.multi && !c.r.rule.RecordedInHomeOnly(c.At) {
					folder = t.home // before the cutover: the trail's own Region folder
				}
				cl.Trails = append(cl.Trails, Logger{TrailARN: t.arn, Bucket: t.bucket, Partial: e.part[j],
					KeyPrefix: DayPrefix(t.prefix, t.orgID, cell.account, e.kind, folder, c.At)})
			}
			cc.Classes = append(cc.Classes, cl)
		}
		out = append(out, cc)
	}
	slices.SortStableFunc(out, func(a, b Cell) int {
		if a.Account != b.Account {
			if a.Account < b.Account {
				return -1
			}
			return 1
		}
		if a.Region < b.Region {
			return -1
		}
		if a.Region > b.Region {
			return 1
		}
		return 0
	})
	return out
}
