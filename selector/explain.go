package selector

import (
	"strconv"
	"strings"

	"github.com/trailmap/trailmap/event"
)

// Explanation says whether and why a Matcher selects a record.
type Explanation struct {
	// Selected is Match's answer.
	Selected bool
	// Selector is the index of the first selector that selects the record
	// (in Matcher.Selectors), or -1.
	Selector int
	// Name is that selector's Name.
	Name string
	// Category is the event category the record was matched as;
	// CategoryDerived reports that the record had no eventCategory and the
	// category was derived from its other members.
	Category event.Category
	// CategoryDerived reports that Category was derived (see Category).
	CategoryDerived bool
	// Results has one entry per selector, in order.
	Results []Result
}

// Result is the outcome of one selector.
type Result struct {
	// Selector is the index in Matcher.Selectors; Label locates it in the
	// configuration, such as "AdvancedEventSelectors[2]" or
	// "EventSelectors[0]" for a translated basic selector.
	Selector int
	// Label locates the selector in the configuration (see Selector).
	Label string
	// Name is the selector's Name.
	Name string
	// Matched reports whether the selector selects the record.
	Matched bool
	// Failure is the first field selector that does not hold, in the
	// order written; nil when Matched.
	Failure *Failure
}

// Failure describes one field selector that does not hold for a record.
type Failure struct {
	// Path locates the field selector, such as
	// "AdvancedEventSelectors[1].FieldSelectors[3]".
	Path string
	// Field is the field selector as configured.
	Field Field
	// Value is the record's value of the field; Present is false when
	// the record lacks the member. For resources fields Value is the
	// value of the resource that came closest.
	Value string
	// Present reports whether the record has the member (see Value).
	Present bool
	// Operator is the DESELECT operator whose value Operand matched (the
	// record is dropped), or zero when no SELECT value matched.
	Operator Operator
	// Operand is the value of Operator that matched; "" when Operator is
	// zero.
	Operand string
	// NoResource is set for resources fields when the record has no
	// resource of the selected resources.type (or no resources at all).
	NoResource bool
	// ResourceTypes lists the resource types the record has, when
	// NoResource is set.
	ResourceTypes []string
}

// Explain evaluates rec like Match and reports, for every selector, the
// first field selector that does not hold. It allocates and is meant for
// diagnostics, not hot paths.
func (m *Matcher) Explain(rec *event.Record) Explanation {
	x := Explanation{Selector: -1}
	if m == nil || rec == nil {
		return x
	}
	cat, derived := categoryOf(rec)
	x.Category, x.CategoryDerived = cat, derived
	for i := range m.source {
		r := Result{Selector: i, Label: m.labels[i], Name: m.source[i].Name}
		r.Failure = m.explainOne(i, rec, cat)
		r.Matched = r.Failure == nil
		if r.Matched && !x.Selected {
			x.Selected, x.Selector, x.Name = true, i, r.Name
		}
		x.Results = append(x.Results, r)
	}
	return x
}

func (m *Matcher) explainOne(i int, rec *event.Record, cat event.Category) *Failure {
	src := &m.source[i]
	resDone := false
	for j := range src.Fields {
		f := &src.Fields[j]
		id := lookupField(f.Field)
		path := m.labels[i] + ".FieldSelectors[" + strconv.Itoa(j) + "]"
		if id.isResource() {
			if resDone {
				continue
			}
			resDone = true
			if fl := m.explainResources(i, rec); fl != nil {
				return fl
			}
			continue
		}
		v, present := fieldValueOK(rec, cat, id)
		if fl := explainField(f, v); fl != nil {
			fl.Path, fl.Present = path, present
			return fl
		}
	}
	return nil
}

// explainField returns nil when f holds for v.
func explainField(f *Field, v string) *Failure {
	for _, op := range [3]Operator{NotEquals, NotStartsWith, NotEndsWith} {
		for _, x := range f.Values(op) {
			if opHolds(op, v, x) {
				return &Failure{Field: cloneField(*f), Value: v, Operator: op, Operand: x}
			}
		}
	}
	sel := false
	for _, op := range [3]Operator{Equals, StartsWith, EndsWith} {
		for _, x := range f.Values(op) {
			sel = true
			if opHolds(op, v, x) {
				return nil
			}
		}
	}
	if sel {
		return &Failure{Field: cloneField(*f), Value: v}
	}
	return nil
}

// opHolds reports whether v equals, starts with or ends with x.
func opHolds(op Operator, v, x string) bool {
	switch op {
	case Equals, NotEquals:
		return v == x
	case StartsWith, NotStartsWith:
		return strings.HasPrefix(v, x)
	case EndsWith, NotEndsWith:
		return strings.HasSuffix(v, x)
	}
	return false
}

// explainResources explains the resources.* field selectors of selector
// i as a group: some resource must satisfy all of them.
func (m *Matcher) explainResources(i int, rec *event.Record) *Failure {
	src := &m.source[i]
	type fs struct {
		f    *Field
		id   fieldID
		path string
	}
	var typeConds, arnConds []fs
	for j := range src.Fields {
		f := &src.Fields[j]
		id := lookupField(f.Field)
		p := m.labels[i] + ".FieldSelectors[" + strconv.Itoa(j) + "]"
		switch id {
		case fResourcesType:
			typeConds = append(typeConds, fs{f, id, p})
		case fResourcesARN:
			arnConds = append(arnConds, fs{f, id, p})
		}
	}
	var types []string
	var candidates []*event.Resource
	for k := range rec.Resources {
		r := &rec.Resources[k]
		types = append(types, r.Type)
		ok := true
		for _, c := range typeConds {
			if explainField(c.f, r.Type) != nil {
				ok = false
				break
			}
		}
		if ok {
			candidates = append(candidates, r)
		}
	}
	if len(candidates) == 0 {
		first := typeConds
		if len(first) == 0 {
			first = arnConds
		}
		return &Failure{Path: first[0].path, Field: cloneField(*first[0].f), NoResource: true, ResourceTypes: types}
	}
	var firstFail *Failure
	for _, r := range candidates {
		var fail *Failure
		for _, c := range arnConds {
			if fl := explainField(c.f, r.SelectorARN()); fl != nil {
				fl.Path, fl.Present = c.path, r.SelectorARN() != ""
				fail = fl
				break
			}
		}
		if fail == nil {
			return nil
		}
		if firstFail == nil {
			firstFail = fail
		}
	}
	return firstFail
}

// String returns a sentence a person can act on, such as
//
//	not selected: AdvancedEventSelectors[0] ("S3 but not private"): resources.ARN "arn:aws:s3:::private-bucket/x" starts with the NotStartsWith value "arn:aws:s3:::private-bucket/"
func (x Explanation) String() string {
	var b strings.Builder
	if x.Selected {
		r := x.Results[x.Selector]
		b.WriteString("selected by ")
		writeLabel(&b, r)
		return b.String()
	}
	if len(x.Results) == 0 {
		return "not selected: there are no event selectors"
	}
	b.WriteString("not selected: ")
	for i, r := range x.Results {
		if i > 0 {
			b.WriteString("; ")
		}
		writeLabel(&b, r)
		b.WriteString(": ")
		if r.Failure != nil {
			b.WriteString(r.Failure.String())
		}
	}
	if x.CategoryDerived {
		b.WriteString(" (the record has no eventCategory; it was classified as ")
		b.WriteString(string(x.Category))
		b.WriteString(")")
	}
	return b.String()
}

func writeLabel(b *strings.Builder, r Result) {
	b.WriteString(r.Label)
	if r.Name != "" && !strings.HasPrefix(r.Name, r.Label+" ") {
		b.WriteString(" (")
		b.WriteString(strconv.Quote(r.Name))
		b.WriteString(")")
	}
}

// String describes the failure in one clause, such as
// `readOnly "false" is not the Equals value "true"`.
func (f *Failure) String() string {
	var b strings.Builder
	name := f.Field.Field
	if f.NoResource {
		b.WriteString("the record has no resource")
		if name == FieldResourcesType {
			b.WriteString(" of resources.type ")
			writeValues(&b, f.Field.Equals)
		}
		if len(f.ResourceTypes) > 0 {
			b.WriteString(" (it has ")
			writeValues(&b, dedupe(f.ResourceTypes))
			b.WriteString(")")
		}
		return b.String()
	}
	b.WriteString(name)
	if !f.Present {
		b.WriteString(" is absent from the record")
		if f.Operator != 0 {
			b.WriteString(" and matches the ")
			b.WriteString(f.Operator.String())
			b.WriteString(" value ")
			b.WriteString(strconv.Quote(f.Operand))
			return b.String()
		}
		b.WriteString(", so it matches no ")
		writeSelect(&b, &f.Field)
		return b.String()
	}
	b.WriteByte(' ')
	b.WriteString(strconv.Quote(f.Value))
	switch f.Operator {
	case NotEquals:
		b.WriteString(" equals the NotEquals value ")
	case NotStartsWith:
		b.WriteString(" starts with the NotStartsWith value ")
	case NotEndsWith:
		b.WriteString(" ends with the NotEndsWith value ")
	default:
		b.WriteString(" matches no ")
		writeSelect(&b, &f.Field)
		return b.String()
	}
	b.WriteString(strconv.Quote(f.Operand))
	return b.String()
}

// writeSelect writes "Equals value "x"" or "Equals values "x", "y" or
// StartsWith value "z"".
func writeSelect(b *strings.Builder, f *Field) {
	first := true
	for _, op := range [3]Operator{Equals, StartsWith, EndsWith} {
		vals := f.Values(op)
		if len(vals) == 0 {
			continue
		}
		if !first {
			b.WriteString(" or ")
		}
		first = false
		b.WriteString(op.String())
		if len(vals) == 1 {
			b.WriteString(" value ")
		} else {
			b.WriteString(" values ")
		}
		writeValues(b, vals)
	}
}

func writeValues(b *strings.Builder, vals []string) {
	for i, v := range vals {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(v))
	}
}

func dedupe(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
