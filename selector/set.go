package selector

import (
	"slices"
	"strings"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/identity"
)

// A Set is a set of events as selectors see them: the values of the
// fields a selector can test. It is kept exactly, as predicates: for each
// field a finite union of value sets (one value; or the strings with a
// given prefix and suffix, minus finitely many values, prefixes and
// suffixes), an event class being such a predicate per field (a
// conjunction), and a Set a finite union of classes. Nothing is sampled:
// Covers, Minus, Empty and Equal decide over every string.
//
// The events of a Set have at most one resource (a type and an ARN, or
// none). A record with several resources is in the Set of a Matcher when
// one of its resources is, as Matcher.Match evaluates resources one by
// one; Contains applies that rule to any Set.
//
// Values range over strings of an unbounded alphabet; readOnly and
// sessionCredentialFromConsole over "true", "false" and absent;
// eventCategory is never absent (Record.Category derives one). A Set is
// immutable; its methods may be called from any number of goroutines.
type Set struct {
	cubes []cube
}

// Dimensions of a Set: the fields selectors test, and whether the event
// has a resource (so that resource conditions on an event without one
// fail, as in Match).
const (
	dCategory = iota
	dSource
	dName
	dType
	dReadOnly
	dConsole
	dUserARN
	dErrorCode
	dVPCE
	dHasResource
	dResType
	dResARN
	numDims
)

var dimFields = [numDims]string{
	dCategory: FieldEventCategory, dSource: FieldEventSource, dName: FieldEventName,
	dType: FieldEventType, dReadOnly: FieldReadOnly, dConsole: FieldSessionCredentialFromConsole,
	dUserARN: FieldUserIdentityARN, dErrorCode: FieldErrorCode, dVPCE: FieldVPCEndpointID,
	dHasResource: "", dResType: FieldResourcesType, dResARN: FieldResourcesARN,
}

func dimOf(f fieldID) int {
	switch f {
	case fEventCategory:
		return dCategory
	case fEventSource:
		return dSource
	case fEventName:
		return dName
	case fEventType:
		return dType
	case fReadOnly:
		return dReadOnly
	case fSessionCredentialFromConsole:
		return dConsole
	case fUserIdentityARN:
		return dUserARN
	case fErrorCode:
		return dErrorCode
	case fVPCEndpointID:
		return dVPCE
	case fResourcesType:
		return dResType
	case fResourcesARN:
		return dResARN
	}
	return -1
}

// domains are the values a dimension can take in a record, where that is
// not every string.
var (
	boolDomain    = fset{eqAtom("true"), eqAtom("false"), eqAtom("")}
	presentDomain = fset{eqAtom("false"), eqAtom("true")}
	// sessionCredentialFromConsole is never absent: records leave it out
	// when it is "false" (fieldValueOK).
	consoleDomain  = fset{eqAtom("false"), eqAtom("true")}
	categoryDomain = fset{{notEq: []string{""}}}
	// eventType is compared in its Canonical spelling, never a documented
	// typo.
	typeDomain = fset{{notEq: []string{"AwsConsoleSignin", "AwsVpceEvents"}}}
)

func domain(d int) fset {
	switch d {
	case dReadOnly:
		return boolDomain
	case dConsole:
		return consoleDomain
	case dHasResource:
		return presentDomain
	case dCategory:
		return categoryDomain
	case dType:
		return typeDomain
	}
	return nil
}

// cube is a conjunction: one fset per dimension (nil meaning every
// string, so that a cube is cheap to copy).
type cube [numDims]fset

func (c *cube) dim(d int) fset {
	if c[d] == nil {
		return full()
	}
	return c[d]
}

// restrict sets dimension d to c[d] ∩ s and reports whether the cube is
// still non-empty in the dimension's domain.
func (c *cube) restrict(d int, s fset) bool {
	if len(s) == 0 {
		c[d] = fset{}
		return false
	}
	if s.universal() {
		return c.nonEmptyDim(d)
	}
	if c[d] == nil {
		c[d] = s
	} else {
		c[d] = c[d].intersect(s)
	}
	if len(c[d]) == 0 {
		c[d] = fset{} // empty, not nil (every string)
		return false
	}
	return c.nonEmptyDim(d)
}

func (c *cube) nonEmptyDim(d int) bool {
	s := c.dim(d)
	if dom := domain(d); dom != nil {
		s = s.intersect(dom)
	}
	return len(s) > 0
}

func (c *cube) empty() bool {
	for d := range numDims {
		if !c.nonEmptyDim(d) {
			return true
		}
	}
	return false
}

// subset reports whether c ⊆ b in every dimension's domain.
func (c *cube) subset(b *cube) bool {
	for d := range numDims {
		if b[d] == nil || b[d].universal() {
			continue
		}
		s := c.dim(d)
		if dom := domain(d); dom != nil {
			s = s.intersect(dom)
		}
		if !s.subset(b[d]) {
			return false
		}
	}
	return true
}

// disjoint reports whether some dimension of c and b has no common value.
func (c *cube) disjoint(b *cube) bool {
	for d := range numDims {
		if b[d] == nil || c[d] == nil {
			continue
		}
		s := c[d].intersect(b[d])
		if dom := domain(d); dom != nil {
			s = s.intersect(dom)
		}
		if len(s) == 0 {
			return true
		}
	}
	return false
}

// cubeOf returns the cube of one advanced selector, and false when the
// selector can select no event.
func cubeOf(a *Advanced) (cube, bool) {
	var c cube
	for i := range a.Fields {
		f := &a.Fields[i]
		s := valuesOf(f)
		d := dimOf(lookupField(f.Field))
		if d < 0 {
			// Match compares a field it does not know as absent ("").
			if !s.has("") {
				return c, false
			}
			continue
		}
		if d == dResType || d == dResARN {
			if !c.restrict(dHasResource, fset{eqAtom("true")}) {
				return c, false
			}
		}
		if !c.restrict(d, s) {
			return c, false
		}
	}
	return c, true
}

// SetOf returns the events the advanced selectors select, as Match
// selects them. It does not validate: selectors AWS would refuse denote
// what Match would do with them.
func SetOf(sels []Advanced) Set {
	var s Set
	for i := range sels {
		if c, ok := cubeOf(&sels[i]); ok {
			s.cubes = append(s.cubes, c)
		}
	}
	return s
}

// Set returns the events m selects. A nil Matcher selects none.
func (m *Matcher) Set() Set {
	if m == nil {
		return Set{}
	}
	return SetOf(m.source)
}

// Dead returns the indexes of the selectors of m that can select no event
// at all (their conditions contradict each other, such as readOnly Equals
// "true" with readOnly Equals "false", or StartsWith "a" with NotStartsWith
// "a"), in increasing order.
func (m *Matcher) Dead() []int {
	if m == nil {
		return nil
	}
	var out []int
	for i := range m.source {
		if _, ok := cubeOf(&m.source[i]); !ok {
			out = append(out, i)
		}
	}
	return out
}

// Universe returns the Set of every event.
func Universe() Set { return Set{cubes: []cube{{}}} }

// Empty reports whether s holds no event.
func (s Set) Empty() bool {
	for i := range s.cubes {
		if !s.cubes[i].empty() {
			return false
		}
	}
	return true
}

// Union returns the events of s or t.
func (s Set) Union(t Set) Set {
	out := Set{cubes: make([]cube, 0, len(s.cubes)+len(t.cubes))}
	out.cubes = append(out.cubes, s.cubes...)
	out.cubes = append(out.cubes, t.cubes...)
	return out
}

// Intersect returns the events of both s and t.
func (s Set) Intersect(t Set) Set {
	var out Set
	for i := range s.cubes {
		for j := range t.cubes {
			c := s.cubes[i]
			ok := true
			for d := range numDims {
				if t.cubes[j][d] != nil && !c.restrict(d, t.cubes[j][d]) {
					ok = false
					break
				}
			}
			if ok {
				out.cubes = append(out.cubes, c)
			}
		}
	}
	return out
}

// Minus returns the events of s that are not in t.
func (s Set) Minus(t Set) Set {
	// The complement of each dimension of each cube of t, computed once.
	comp := make([][numDims]fset, len(t.cubes))
	for j := range t.cubes {
		for d := range numDims {
			if b := t.cubes[j][d]; b != nil && !b.universal() {
				comp[j][d] = b.complement()
			}
		}
	}
	var out Set
	for i := range s.cubes {
		if s.cubes[i].empty() {
			continue
		}
		pieces := []cube{s.cubes[i]}
		for j := range t.cubes {
			b := &t.cubes[j]
			var next []cube
			for k := range pieces {
				p := &pieces[k]
				if p.disjoint(b) {
					next = append(next, *p)
					continue
				}
				if p.subset(b) {
					continue
				}
				// p \ b is the union, over the dimensions b restricts, of p
				// with that dimension outside b.
				for d := range numDims {
					if b[d] == nil || b[d].universal() {
						continue
					}
					q := *p
					if q.restrict(d, comp[j][d]) && !q.empty() {
						next = append(next, q)
					}
				}
			}
			pieces = prune(next)
			if len(pieces) == 0 {
				break
			}
		}
		out.cubes = append(out.cubes, pieces...)
	}
	out.cubes = prune(out.cubes)
	return out
}

// prune drops cubes another cube of cs holds (when there are few enough
// to compare pairwise).
func prune(cs []cube) []cube {
	if len(cs) < 2 || len(cs) > 256 {
		return cs
	}
	out := cs[:0:0]
outer:
	for i := range cs {
		for j := range cs {
			if i != j && cs[i].subset(&cs[j]) && (j < i || !cs[j].subset(&cs[i])) {
				continue outer
			}
		}
		out = append(out, cs[i])
	}
	return out
}

// Project returns the events whose value of field (one of the Field
// constants other than resources.type and resources.ARN) is the value of
// that field of some event of s, whatever their other fields: s seen
// through that one field. It answers, for instance, "can a selector of
// s select an event of eventSource X": whether Project(FieldEventSource)
// holds a point of eventSource X. Project panics for another field.
func (s Set) Project(field string) Set {
	d := -1
	for i, f := range dimFields {
		if f != "" && f == field && i != dResType && i != dResARN {
			d = i
		}
	}
	if d < 0 {
		panic("selector: Set.Project of field " + field)
	}
	var out []cube
	for i := range s.cubes {
		if s.cubes[i].empty() {
			continue
		}
		var c cube
		c[d] = s.cubes[i][d]
		if c[d] == nil {
			return Universe()
		}
		out = append(out, c)
	}
	return Set{cubes: prune(out)}
}

// Covers reports whether every event of t is in s.
func (s Set) Covers(t Set) bool { return t.Minus(s).Empty() }

// Equal reports whether s and t hold the same events.
func (s Set) Equal(t Set) bool { return s.Covers(t) && t.Covers(s) }

// EqualWithin reports whether s and t hold the same events of class:
// whether, for events of the class, either selects exactly what the other
// does (two trails redundant for that class).
func (s Set) EqualWithin(t, class Set) bool {
	return s.Intersect(class).Equal(t.Intersect(class))
}

// Point is one event as selectors see it: the value of each field a
// selector tests ("" for a member the event lacks) and at most one
// resource.
type Point struct {
	EventCategory                string
	EventSource                  string
	EventName                    string
	EventType                    string
	ReadOnly                     string // "true", "false" or ""
	SessionCredentialFromConsole string // "true" or "false" (records leave "false" out)
	UserIdentityARN              string
	ErrorCode                    string
	VPCEndpointID                string
	// HasResource says whether the event has a resource, of type
	// ResourceType and ARN ResourceARN.
	HasResource  bool
	ResourceType string
	ResourceARN  string
}

func (p *Point) set(d int, v string) {
	switch d {
	case dCategory:
		p.EventCategory = v
	case dSource:
		p.EventSource = v
	case dName:
		p.EventName = v
	case dType:
		p.EventType = v
	case dReadOnly:
		p.ReadOnly = v
	case dConsole:
		p.SessionCredentialFromConsole = v
	case dUserARN:
		p.UserIdentityARN = v
	case dErrorCode:
		p.ErrorCode = v
	case dVPCE:
		p.VPCEndpointID = v
	case dHasResource:
		p.HasResource = v == "true"
	case dResType:
		p.ResourceType = v
	case dResARN:
		p.ResourceARN = v
	}
}

func (p *Point) values() [numDims]string {
	has := "false"
	if p.HasResource {
		has = "true"
	}
	return [numDims]string{p.EventCategory, p.EventSource, p.EventName, p.EventType, p.ReadOnly,
		p.SessionCredentialFromConsole, p.UserIdentityARN, p.ErrorCode, p.VPCEndpointID, has,
		p.ResourceType, p.ResourceARN}
}

// Apply writes p into rec: each member p names, cleared where p's value
// is "", and rec's resources replaced by p's resource (or none).
// userIdentity is created when p has an ARN for it and rec has none.
// sessionCredentialFromConsole is written as records carry it: the
// string "true", and left out when it is false (CloudTrail User Guide,
// "CloudTrail record contents": "This field is not shown unless the value
// is true"); readOnly as the boolean.
func (p *Point) Apply(rec *event.Record) {
	rec.EventCategory = event.Category(p.EventCategory)
	rec.EventSource = p.EventSource
	rec.EventName = p.EventName
	rec.EventType = event.EventType(p.EventType)
	rec.ReadOnly = boolOf(p.ReadOnly)
	rec.SessionCredentialFromConsole = event.Bool{}
	if p.SessionCredentialFromConsole == "true" {
		rec.SessionCredentialFromConsole = event.Bool{Value: true, Set: true, Quoted: true}
	}
	if p.UserIdentityARN != "" || rec.UserIdentity != nil {
		if rec.UserIdentity == nil {
			rec.UserIdentity = &identity.UserIdentity{}
		}
		rec.UserIdentity.ARN = p.UserIdentityARN
	}
	rec.ErrorCode = p.ErrorCode
	rec.VPCEndpointID = p.VPCEndpointID
	rec.Resources = nil
	if p.HasResource {
		rec.Resources = []event.Resource{{Type: p.ResourceType, ARN: p.ResourceARN}}
	}
}

func boolOf(v string) event.Bool {
	switch v {
	case "true":
		return event.Bool{Set: true, Value: true}
	case "false":
		return event.Bool{Set: true, Value: false}
	}
	return event.Bool{}
}

// Witness returns an event of s, and false when s is empty. It prefers
// short values: "" (the member absent) where any value will do.
func (s Set) Witness() (Point, bool) {
	for i := range s.cubes {
		if p, ok := s.cubes[i].witness(); ok {
			return p, true
		}
	}
	return Point{}, false
}

// WitnessLike returns an event of s that keeps as many of like's values
// as it can: in the first class of s that has an event, each field keeps
// like's value when the class allows it and takes a sampled value
// otherwise. It is Witness with preferences, such as a realistic
// eventType or caller.
func (s Set) WitnessLike(like Point) (Point, bool) {
	for i := range s.cubes {
		if p, ok := s.cubes[i].witnessLike(&like); ok {
			return p, true
		}
	}
	return Point{}, false
}

func (c *cube) witness() (Point, bool) { return c.witnessLike(nil) }

func (c *cube) witnessLike(like *Point) (Point, bool) {
	var p Point
	var pref [numDims]string
	if like != nil {
		pref = like.values()
	}
	for d := range numDims {
		v := c.dim(d)
		if dom := domain(d); dom != nil {
			v = v.intersect(dom)
		}
		if like != nil && v.has(pref[d]) {
			p.set(d, pref[d])
			continue
		}
		x, ok := v.sample()
		if !ok {
			return Point{}, false
		}
		p.set(d, x)
	}
	return p, true
}

// Contains reports whether the event p is in s.
func (s Set) Contains(p Point) bool {
	v := p.values()
	for i := range s.cubes {
		if s.cubes[i].holds(&v) {
			return true
		}
	}
	return false
}

func (c *cube) holds(v *[numDims]string) bool {
	for d := range numDims {
		if c[d] != nil && !c[d].has(v[d]) {
			return false
		}
		if dom := domain(d); dom != nil && !dom.has(v[d]) {
			return false
		}
	}
	return true
}

// ContainsRecord reports whether rec is in s: whether one of its points
// (its fields with one of its resources, or with none when it has none) is
// in s, the fields read as Match reads them. For the Set of a Matcher it
// is Match.
func (s Set) ContainsRecord(rec *event.Record) bool {
	if rec == nil {
		return false
	}
	p := PointOf(rec)
	if len(rec.Resources) == 0 {
		return s.Contains(p)
	}
	for _, r := range rec.Resources {
		p.HasResource, p.ResourceType, p.ResourceARN = true, r.Type, r.SelectorARN()
		if s.Contains(p) {
			return true
		}
	}
	return false
}

// PointOf returns rec as selectors see it, with its first resource (if
// any): the category as Record.Category derives it, eventType in its
// Canonical spelling, absent members as "".
func PointOf(rec *event.Record) Point {
	cat := rec.EventCategory
	if cat == "" {
		cat, _ = categoryOf(rec)
	}
	var p Point
	p.EventCategory = string(cat)
	for d := range numDims {
		var f fieldID
		switch d {
		case dSource:
			f = fEventSource
		case dName:
			f = fEventName
		case dType:
			f = fEventType
		case dReadOnly:
			f = fReadOnly
		case dConsole:
			f = fSessionCredentialFromConsole
		case dUserARN:
			f = fUserIdentityARN
		case dErrorCode:
			f = fErrorCode
		case dVPCE:
			f = fVPCEndpointID
		default:
			continue
		}
		p.set(d, fieldValue(rec, cat, f))
	}
	if len(rec.Resources) > 0 {
		p.HasResource, p.ResourceType, p.ResourceARN = true, rec.Resources[0].Type, rec.Resources[0].SelectorARN()
	}
	return p
}

// Advanced returns advanced selectors that denote s: one per class,
// more where a field's values need several field selectors. They use
// any field and operator, also ones AWS refuses on trails (they describe,
// they are not put on a trail), and may test one field twice (both must
// hold). A field that may be any value is left out; a class of events
// with some resource of any type and ARN has resources.ARN StartsWith "";
// a class that needs an event without resources says so only by leaving
// out resources fields, as the selector language cannot state it.
func (s Set) Advanced() []Advanced {
	var out []Advanced
	for i := range s.cubes {
		out = append(out, s.cubes[i].advanced()...)
	}
	return out
}

func (c *cube) advanced() []Advanced {
	sels := []Advanced{{}}
	if c[dHasResource] != nil && !c[dHasResource].has("false") && c.dim(dResType).universal() && c.dim(dResARN).universal() {
		// Some resource, of any type and ARN: StartsWith "" (a value AWS
		// refuses, which Match reads as "any resource").
		sels[0].Fields = append(sels[0].Fields, Field{Field: FieldResourcesARN, StartsWith: []string{""}})
	}
	for d := range numDims {
		if d == dHasResource || c[d] == nil || c[d].universal() {
			continue
		}
		groups := renderField(dimFields[d], c[d], domain(d))
		if groups == nil {
			continue
		}
		// A field whose values need more than one group splits the class.
		var next []Advanced
		for _, s := range sels {
			for _, g := range groups {
				n := Advanced{Fields: append(slices.Clip(s.Fields), g...)}
				next = append(next, n)
			}
		}
		sels = next
	}
	return sels
}

// renderField writes s as groups of field selectors: s is the union of
// the groups, each group the conjunction of its field selectors.
func renderField(name string, s fset, dom fset) [][]Field {
	if dom != nil && dom.universalOver(s) {
		return nil
	}
	if dom != nil && isFinite(dom) {
		// A finite domain: Equals the values held, or NotEquals the values
		// missed when "" (absent, which no operator names) is held.
		var in, out []string
		for _, a := range dom {
			if s.has(a.val) {
				in = append(in, a.val)
			} else {
				out = append(out, a.val)
			}
		}
		if slices.Contains(in, "") {
			return [][]Field{{{Field: name, NotEquals: out}}}
		}
		return [][]Field{{{Field: name, Equals: in}}}
	}
	type group struct {
		neg    atom
		fields Field
	}
	var groups []group
	var eqs []string
	var out [][]Field
	for _, a := range s {
		switch {
		case a.eq:
			eqs = append(eqs, a.val)
			continue
		case a.pre != "" && a.suf != "":
			f := Field{Field: name, StartsWith: []string{a.pre}, NotEquals: a.notEq, NotStartsWith: a.notPre, NotEndsWith: a.notSuf}
			out = append(out, []Field{f, {Field: name, EndsWith: []string{a.suf}}})
			continue
		}
		k := -1
		for i := range groups {
			g := &groups[i].neg
			if slices.Equal(g.notEq, a.notEq) && slices.Equal(g.notPre, a.notPre) && slices.Equal(g.notSuf, a.notSuf) {
				k = i
				break
			}
		}
		if k < 0 {
			groups = append(groups, group{neg: atom{notEq: a.notEq, notPre: a.notPre, notSuf: a.notSuf},
				fields: Field{Field: name, NotEquals: a.notEq, NotStartsWith: a.notPre, NotEndsWith: a.notSuf}})
			k = len(groups) - 1
		}
		switch {
		case a.pre != "":
			groups[k].fields.StartsWith = append(groups[k].fields.StartsWith, a.pre)
		case a.suf != "":
			groups[k].fields.EndsWith = append(groups[k].fields.EndsWith, a.suf)
		}
	}
	// A single value joins the first group whose exclusions it passes
	// and which has a SELECT value (a group without one holds it already).
	var lone []string
	for _, v := range eqs {
		placed := false
		for i := range groups {
			f := &groups[i].fields
			if len(f.StartsWith)+len(f.EndsWith) > 0 && groups[i].neg.has(v) {
				f.Equals = append(f.Equals, v)
				placed = true
				break
			}
		}
		if !placed {
			lone = append(lone, v)
		}
	}
	if len(lone) > 0 {
		slices.Sort(lone)
		out = append([][]Field{{{Field: name, Equals: lone}}}, out...)
	}
	for _, g := range groups {
		out = append(out, []Field{g.fields})
	}
	return out
}

func isFinite(s fset) bool {
	for _, a := range s {
		if !a.eq {
			return false
		}
	}
	return true
}

// universalOver reports whether s holds every value of dom (dom being a
// domain, s a dimension's set).
func (dom fset) universalOver(s fset) bool { return dom.subset(s) }

// String returns the Set as its advanced selectors, one class per line:
// "eventCategory Equals [Management], eventSource Equals [kms.amazonaws.com]".
func (s Set) String() string {
	var b strings.Builder
	for i, a := range s.Advanced() {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(a.describe())
	}
	if b.Len() == 0 {
		return "(no events)"
	}
	return b.String()
}

// describe writes a in one line: "eventCategory Equals [Data], ...".
func (a *Advanced) describe() string {
	if len(a.Fields) == 0 {
		return "(every event)"
	}
	var b strings.Builder
	for i := range a.Fields {
		if i > 0 {
			b.WriteString(", ")
		}
		f := &a.Fields[i]
		b.WriteString(f.Field)
		for _, op := range operators() {
			if v := f.Values(op); len(v) > 0 {
				b.WriteByte(' ')
				b.WriteString(op.String())
				b.WriteString(" [")
				b.WriteString(strings.Join(v, " "))
				b.WriteByte(']')
			}
		}
	}
	return b.String()
}
