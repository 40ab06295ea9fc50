package trail

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/selector"
)

// Codes of the findings about selectors not given and about coverage.
const (
	// FindingSelectorsNotGiven: describe-trails says the trail has custom
	// event selectors (HasCustomEventSelectors) but none were given, so
	// the deployment models it as logging all management events only.
	FindingSelectorsNotGiven = "SelectorsNotGiven"
	// FindingInsightSelectorsNotGiven: describe-trails says Insights is on
	// (HasInsightSelectors) but no insight selectors were given, so the
	// deployment models it as logging no Insights events.
	FindingInsightSelectorsNotGiven = "InsightSelectorsNotGiven"
	// FindingNoManagementEvents: no trail logs any management event of
	// the accounts in the Regions named (Router.Coverage).
	FindingNoManagementEvents = "NoManagementEvents"
	// FindingDataEventsSomeRegions: data events of a resource type are
	// logged in some enabled Regions of an account and not in others.
	FindingDataEventsSomeRegions = "DataEventsSomeRegions"
	// FindingLoggedTwice: two trails log some of the same events of an
	// account and Region into one bucket, so those events are stored (and
	// billed) twice.
	FindingLoggedTwice = "LoggedTwice"
	// FindingManagementEventsCharged: two or more trails deliver some of
	// the same management events of an account and Region, whatever their
	// buckets; the first copy is free, every further copy is charged.
	FindingManagementEventsCharged = "ManagementEventsCharged"
	// FindingManagementEventsPartial: the trails of an account and Region
	// log its read management events but no write ones, or the reverse.
	FindingManagementEventsPartial = "ManagementEventsPartial"
	// FindingDataEventsCharged: two or more trails deliver some of the
	// same data events of an account and Region; every delivery of a data
	// event is charged, the first included.
	FindingDataEventsCharged = "DataEventsCharged"
	// FindingGlobalEventsNotLogged: the trails of an account log
	// management events, yet none receives its global service events
	// (IAM, CloudFront, STS through the global endpoint) where CloudTrail
	// records them.
	FindingGlobalEventsNotLogged = "GlobalEventsNotLogged"
)

const (
	factSelectorsGiven = "DescribeTrails reports HasCustomEventSelectors and HasInsightSelectors; the selectors themselves come from GetEventSelectors and GetInsightSelectors (CloudTrail API Reference, Trail)."
	factCoverage       = "A trail logs the events of the Regions it covers that its selectors select (CloudTrail User Guide, \"Working with CloudTrail trails\"); computed by Router.Coverage."
	factTwice          = "Each trail that logs an event delivers its own copy (CloudTrail User Guide, \"Managing CloudTrail trail costs\": further copies of management events, and every copy of a data event, are charged)."
	factGlobalLogged   = "CloudTrail User Guide, global service events: since 2021-11-22 IAM, CloudFront and global-endpoint STS events are recorded in us-east-1 (us-gov-west-1 in AWS GovCloud (US)) and delivered only to the trails there that include global service events."
	factPartial        = "AWS Security Hub control CloudTrail.1: a multi-Region trail should log read and write management events; CloudTrail User Guide, \"Read and write events\": a trail set to one kind does not log the other."
	factCharged        = "CloudTrail User Guide, \"Managing CloudTrail trail costs\": the first copy of management events within each Region is delivered free of charge; further trails delivering the same management events (a single-Region trail beside a multi-Region trail, a member account's trail beside the organization trail) deliver charged copies, whatever their destination. For data events, all deliveries incur charges, including the first."
)

// checkGiven reports trails whose describe-trails flags promise selectors
// the deployment lacks.
func checkGiven(d *Deployment) []Finding {
	var out []Finding
	for i := range d.Trails {
		t := &d.Trails[i]
		id, path := trailID(t), "trails["+strconv.Itoa(i)+"]"
		if t.HasCustomEventSelectors && len(t.EventSelectors) == 0 && len(t.AdvancedEventSelectors) == 0 {
			out = append(out, Finding{Code: FindingSelectorsNotGiven, Trails: []string{id}, Path: path + ".HasCustomEventSelectors",
				Message: fmt.Sprintf("Trail %s has custom event selectors (HasCustomEventSelectors) but none were given; it is taken to log all management events and no data events, which is probably wrong. Add the output of get-event-selectors.", id),
				Fact:    factSelectorsGiven})
		}
		if t.HasInsightSelectors && len(t.InsightSelectors) == 0 {
			out = append(out, Finding{Code: FindingInsightSelectorsNotGiven, Trails: []string{id}, Path: path + ".HasInsightSelectors",
				Message: fmt.Sprintf("Trail %s has Insights enabled (HasInsightSelectors) but no insight selectors were given; it is taken to log no Insights events. Add the output of get-insight-selectors.", id),
				Fact:    factSelectorsGiven})
		}
	}
	return out
}

// checkCoverage reports what Router.Coverage shows: accounts and Regions
// without management events, data event types logged in some Regions
// only, and trails that store the same events twice in one bucket. A
// deployment the Router refuses gets none (Validate says why).
func checkCoverage(d *Deployment) []Finding {
	r, err := NewRouter(d)
	if err != nil {
		return nil
	}
	// The cells only: the findings do not read the Gaps, whose witnesses
	// cost a Route each (Router.Coverage builds and checks them).
	cov := r.coverageCells(CoverageOptions{At: time.Now().UTC()})
	var out []Finding
	mgmt := cov.uni.regular.Intersect(selector.SetOf([]selector.Advanced{{Fields: []selector.Field{
		{Field: selector.FieldEventCategory, Equals: []string{string(event.CategoryManagement)}}}}}))
	mgmtOf := func(readOnly string) selector.Set {
		return cov.uni.regular.Intersect(selector.SetOf([]selector.Advanced{{Fields: []selector.Field{
			{Field: selector.FieldEventCategory, Equals: []string{string(event.CategoryManagement)}},
			{Field: selector.FieldReadOnly, Equals: []string{readOnly}}}}}))
	}
	mgmtRead, mgmtWrite := mgmtOf("true"), mgmtOf("false")
	data := cov.uni.regular.Intersect(selector.SetOf([]selector.Advanced{{Fields: []selector.Field{
		{Field: selector.FieldEventCategory, Equals: []string{string(event.CategoryData)}}}}}))
	typeSets := make([]selector.Set, len(cov.uni.types))
	for i, typ := range cov.uni.types {
		typeSets[i] = cov.uni.regular.Intersect(selector.SetOf([]selector.Advanced{{Fields: []selector.Field{
			{Field: selector.FieldEventCategory, Equals: []string{string(event.CategoryData)}},
			{Field: selector.FieldResourcesType, Equals: []string{typ}}}}}))
	}
	sets := r.trailSets()
	type sigFacts struct {
		noMgmt  bool
		noIAM   bool   // the cell records IAM's events, and no trail receiving them logs them
		half    string // "read" or "write": the kind of management events not logged at all
		types   []bool // type i logged (some of its events)
		twice   [][2]int
		charged [2][]int // per kind (management, data), trails delivering an event of the kind another trail delivers too
	}
	facts := make([]*sigFacts, len(cov.sigs))
	// What the regular trails log depends on their selectors only: trails
	// alike (contentIDs) in different accounts share the answers.
	type logFacts struct {
		noMgmt  bool
		half    string
		types   []bool
		charged [2][]int // positions in the signature's regular trails
	}
	cid := contentIDs(r)
	byContent := map[string]*logFacts{}
	var ckey []byte
	for k, s := range cov.sigs {
		f := &sigFacts{}
		ckey = ckey[:0]
		for _, i := range s.regular {
			ckey = strconv.AppendInt(ckey, int64(cid[i]), 10)
			ckey = append(ckey, ',')
		}
		lf, ok := byContent[string(ckey)]
		if !ok {
			lf = &logFacts{types: make([]bool, len(typeSets))}
			var logged selector.Set
			for _, i := range s.regular {
				logged = logged.Union(sets[i])
			}
			lf.noMgmt = mgmt.Intersect(logged).Empty()
			if !lf.noMgmt {
				switch {
				case mgmtRead.Intersect(logged).Empty():
					lf.half = "read"
				case mgmtWrite.Intersect(logged).Empty():
					lf.half = "write"
				}
			}
			for i := range typeSets {
				lf.types[i] = !typeSets[i].Intersect(logged).Empty()
			}
			// Management or data events two trails deliver: for
			// management events a copy beyond the first, for data events
			// every copy, is charged.
			for kind, kindSet := range [2]selector.Set{mgmt, data} {
				if len(s.regular) < 2 || kindSet.Intersect(logged).Empty() {
					continue
				}
				own := make([]selector.Set, len(s.regular))
				for x, i := range s.regular {
					own[x] = kindSet.Intersect(sets[i])
				}
				dup := make([]bool, len(s.regular))
				for x := range own {
					for y := x + 1; y < len(own); y++ {
						if (!dup[x] || !dup[y]) && !own[x].Intersect(own[y]).Empty() {
							dup[x], dup[y] = true, true
						}
					}
				}
				for x, d := range dup {
					if d {
						lf.charged[kind] = append(lf.charged[kind], x)
					}
				}
			}
			byContent[string(ckey)] = lf
		}
		f.noMgmt, f.types, f.half = lf.noMgmt, lf.types, lf.half
		if slices.Contains(s.globalSources, srcIAM) {
			var logged selector.Set
			for _, i := range s.global {
				logged = logged.Union(sets[i])
			}
			f.noIAM = globalUniverse([]string{srcCloudFront, srcIAM, srcSTS}).Intersect(logged).Empty()
		}
		for kind := range lf.charged {
			for _, x := range lf.charged[kind] {
				f.charged[kind] = append(f.charged[kind], s.regular[x])
			}
		}
		for x, i := range s.regular {
			for _, j := range s.regular[x+1:] {
				if r.trails[i].bucket != "" && r.trails[i].bucket == r.trails[j].bucket &&
					!cov.uni.regular.Intersect(sets[i]).Intersect(sets[j]).Empty() {
					f.twice = append(f.twice, [2]int{i, j})
				}
			}
		}
		facts[k] = f
	}
	// No management events: per account, the Regions; accounts with the
	// same Regions share a finding.
	noMgmt := map[string][]string{}
	someMgmt := map[string]bool{} // accounts with management events logged somewhere
	var noIAM []string            // accounts whose global service events no trail logs
	half := map[string][]string{} // "<kind> <account>" → Regions
	var halfKeys []string
	var accts []string
	typeRegions := map[string][][]string{} // account → per type, Regions logged
	allRegions := map[string][]string{}
	twice := map[[2]int]map[string]bool{}
	// Charged copies: per set of trails, per account, the Regions.
	type chargedGroup struct {
		kind    int
		trails  []int
		regions map[string][]string
		accts   []string
	}
	charged := map[string]*chargedGroup{}
	var chargedKeys []string
	for _, c := range cov.cells {
		f := facts[c.sig]
		if _, ok := allRegions[c.account]; !ok {
			accts = append(accts, c.account)
		}
		allRegions[c.account] = append(allRegions[c.account], c.region)
		if f.noMgmt {
			noMgmt[c.account] = append(noMgmt[c.account], c.region)
		} else {
			someMgmt[c.account] = true
		}
		if f.noIAM {
			noIAM = append(noIAM, c.account)
		}
		if f.half != "" {
			k := f.half + " " + c.account
			if _, ok := half[k]; !ok {
				halfKeys = append(halfKeys, k)
			}
			half[k] = append(half[k], c.region)
		}
		for i, ok := range f.types {
			if ok {
				// Made on the first type logged: most accounts of a
				// large organization log no data events at all.
				tr := typeRegions[c.account]
				if tr == nil {
					tr = make([][]string, len(typeSets))
					typeRegions[c.account] = tr
				}
				tr[i] = append(tr[i], c.region)
			}
		}
		for kind, trails := range f.charged {
			if len(trails) == 0 {
				continue
			}
			k := fmt.Sprint(kind, trails)
			g, ok := charged[k]
			if !ok {
				g = &chargedGroup{kind: kind, trails: trails, regions: map[string][]string{}}
				charged[k] = g
				chargedKeys = append(chargedKeys, k)
			}
			if _, ok := g.regions[c.account]; !ok {
				g.accts = append(g.accts, c.account)
			}
			g.regions[c.account] = append(g.regions[c.account], c.region)
		}
		for _, p := range f.twice {
			if twice[p] == nil {
				twice[p] = map[string]bool{}
			}
			twice[p][c.account+" "+c.region] = true
		}
	}
	for _, g := range groupRegions(len(accts), func(i int) (string, string, []string) {
		if regs, ok := noMgmt[accts[i]]; ok {
			return accts[i], "", regs
		}
		return "", "", nil
	}) {
		out = append(out, Finding{Code: FindingNoManagementEvents, Accounts: g.accts,
			Message: fmt.Sprintf("No trail logs management events of %s in %s.", listText(g.accts, "account", "accounts"), g.joined),
			Fact:    factCoverage})
	}
	// Global service events not logged, in accounts that log management
	// events elsewhere (without any, NoManagementEvents says it).
	var iamAccts []string
	for _, a := range noIAM {
		if someMgmt[a] && !slices.Contains(iamAccts, a) {
			iamAccts = append(iamAccts, a)
		}
	}
	if len(iamAccts) > 0 {
		out = append(out, Finding{Code: FindingGlobalEventsNotLogged, Accounts: iamAccts,
			Message: fmt.Sprintf("No trail logs the global service events of %s (IAM, CloudFront, AWS STS through its global endpoint): CloudTrail records them in %s only, and no trail covering it receives them. Include global service events on a trail in that Region, or use a multi-Region trail.",
				listText(iamAccts, "account", "accounts"), globalRegionsText(cov, iamAccts)),
			Fact: factGlobalLogged})
	}
	// Read or write management events not logged: accounts with the same
	// kind and Regions share a finding.
	for _, g := range groupRegions(len(halfKeys), func(i int) (string, string, []string) {
		kind, acct, _ := strings.Cut(halfKeys[i], " ")
		return acct, kind, half[halfKeys[i]]
	}) {
		other := "read"
		if g.tag == "read" {
			other = "write"
		}
		out = append(out, Finding{Code: FindingManagementEventsPartial, Accounts: g.accts,
			Message: fmt.Sprintf("The trails of %s log %s management events but no %s management event in %s.", listText(g.accts, "account", "accounts"), other, g.tag, g.joined),
			Fact:    factPartial})
	}
	for _, a := range accts {
		all := len(allRegions[a])
		for i, regs := range typeRegions[a] {
			if len(regs) == 0 || len(regs) == all {
				continue
			}
			slices.Sort(regs)
			out = append(out, Finding{Code: FindingDataEventsSomeRegions, Accounts: []string{a},
				Message: fmt.Sprintf("Data events of type %s of account %s are logged in %s only, not in the other %d enabled Regions.", cov.uni.types[i], a, listText(regs, "Region", "Regions"), all-len(regs)),
				Fact:    factCoverage})
		}
	}
	for _, k := range chargedKeys {
		g := charged[k]
		ids := make([]string, len(g.trails))
		for x, i := range g.trails {
			ids[x] = r.trails[i].arn
		}
		// Accounts with the same Regions share a finding.
		for _, rg := range groupRegions(len(g.accts), func(i int) (string, string, []string) {
			return g.accts[i], "", g.regions[g.accts[i]]
		}) {
			as, regs := rg.accts, rg.regs
			f := Finding{Code: FindingManagementEventsCharged, Trails: ids, Accounts: as,
				Message: fmt.Sprintf("Trails %s all deliver some of the same management events of %s in %s: only the first copy of a management event in a Region is free, each further copy is charged.",
					strings.Join(ids, ", "), listText(as, "account", "accounts"), listText(regs, "Region", "Regions")),
				Fact: factCharged}
			if g.kind == 1 {
				f.Code = FindingDataEventsCharged
				f.Message = fmt.Sprintf("Trails %s all deliver some of the same data events of %s in %s: every delivery of a data event is charged, so each such event is paid for %d times.",
					strings.Join(ids, ", "), listText(as, "account", "accounts"), listText(regs, "Region", "Regions"), len(ids))
			}
			out = append(out, f)
		}
	}
	pairs := make([][2]int, 0, len(twice))
	for p := range twice {
		pairs = append(pairs, p)
	}
	slices.SortFunc(pairs, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	for _, p := range pairs {
		a, b := &r.trails[p[0]], &r.trails[p[1]]
		var acctSet []string
		for k := range twice[p] {
			acct, _, _ := strings.Cut(k, " ")
			if !slices.Contains(acctSet, acct) {
				acctSet = append(acctSet, acct)
			}
		}
		slices.Sort(acctSet)
		out = append(out, Finding{Code: FindingLoggedTwice, Trails: []string{a.arn, b.arn}, Accounts: acctSet,
			Message: fmt.Sprintf("Trails %s and %s both log some of the same events into bucket %s (%s), so those events are stored twice.", a.arn, b.arn, a.bucket, cellsText(len(twice[p]))),
			Fact:    factTwice})
	}
	return out
}

// globalRegionsText names the Regions where the accounts' global service
// events are recorded (us-east-1, or us-gov-west-1 in AWS GovCloud (US)).
func globalRegionsText(cov *Coverage, accts []string) string {
	var regs []string
	for _, c := range cov.cells {
		if slices.Contains(accts, c.account) && slices.Contains(globalSources(c.partition, c.region), srcIAM) && !slices.Contains(regs, c.region) {
			regs = append(regs, c.region)
		}
	}
	slices.Sort(regs)
	return strings.Join(regs, " and ")
}

// cellsText counts account-Region cells for people.
func cellsText(n int) string {
	if n == 1 {
		return "1 account-Region cell"
	}
	return strconv.Itoa(n) + " account-Region cells"
}

// regionGroup is accounts with the same tag and the same Regions, which
// share a finding.
type regionGroup struct {
	tag    string
	regs   []string // sorted
	joined string   // regs joined by ", "
	accts  []string
}

// groupRegions groups the n accounts at returns by tag and Regions
// (sorting each account's Regions in place), the groups in the order of
// their first account; at returns an empty account for an index to pass
// over.
func groupRegions(n int, at func(i int) (acct, tag string, regs []string)) []regionGroup {
	var groups []regionGroup
	index := map[string]int{}
	for i := range n {
		acct, tag, regs := at(i)
		if acct == "" {
			continue
		}
		slices.Sort(regs)
		joined := strings.Join(regs, ", ")
		k := tag + "|" + joined
		x, ok := index[k]
		if !ok {
			x = len(groups)
			index[k] = x
			groups = append(groups, regionGroup{tag: tag, regs: regs, joined: joined})
		}
		groups[x].accts = append(groups[x].accts, acct)
	}
	return groups
}
