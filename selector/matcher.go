package selector

import (
	"slices"
	"strconv"
	"strings"

	"github.com/trailmap/trailmap/event"
)

// Matcher is a compiled set of advanced event selectors. It is immutable
// and safe for concurrent use; Match allocates nothing.
type Matcher struct {
	sels   []compiled
	source []Advanced // deep copy of the selectors, for Explain and Selectors
	labels []string   // "AdvancedEventSelectors[i]" or "EventSelectors[i]"
}

// compiled is one advanced selector: every condition must hold.
type compiled struct {
	// cat, when set, is the one eventCategory Equals value: compared first
	// and directly, as it rejects most records.
	cat string
	// resType, when set, is the one resources.type Equals value, compared
	// directly with each resource's type.
	resType string
	conds   []cond // record-level conditions, cheapest first
	res     []cond // resources.type and resources.ARN conditions
}

// cond is one field selector. It holds when the value satisfies some
// SELECT value (if any SELECT operator is given) and no DESELECT value.
type cond struct {
	field    fieldID
	index    int      // position in Advanced.Fields
	kind     condKind // single-value forms, tested without the sets
	one      string   // their value
	hasSel   bool
	hasDesel bool
	sel      valueSet
	desel    valueSet
}

// valueSet tests a value against the values of Equals, StartsWith and
// EndsWith (or their Not forms): hash set, sorted prefix-free prefixes,
// sorted suffix-free suffixes. Each test costs O(log n) or O(1).
type valueSet struct {
	eq  strSet
	pre []string // sorted, no element a prefix of another
	suf []string // sorted by reversed text, no element a suffix of another
}

// strSet is a set of strings: a slice while small, a map beyond.
type strSet struct {
	small []string
	m     map[string]struct{}
}

const smallSet = 8

func newStrSet(vals []string) strSet {
	if len(vals) <= smallSet {
		return strSet{small: slices.Clone(vals)}
	}
	m := make(map[string]struct{}, len(vals))
	for _, v := range vals {
		m[v] = struct{}{}
	}
	return strSet{m: m}
}

func (s *strSet) has(v string) bool {
	if s.m != nil {
		_, ok := s.m[v]
		return ok
	}
	for _, x := range s.small {
		if x == v {
			return true
		}
	}
	return false
}

func (s *valueSet) has(v string) bool {
	return s.eq.has(v) || len(s.pre) > 0 && hasPrefixIn(s.pre, v) || len(s.suf) > 0 && hasSuffixIn(s.suf, v)
}

// prefixFree sorts vals and drops every value that has another value as a
// prefix: "any prefix matches" is unchanged, and in a sorted prefix-free
// list the only candidate prefix of v is the greatest element <= v.
func prefixFree(vals []string) []string {
	s := slices.Clone(vals)
	slices.Sort(s)
	out := s[:0]
	for _, v := range s {
		if len(out) > 0 && strings.HasPrefix(v, out[len(out)-1]) {
			continue
		}
		out = append(out, v)
	}
	return slices.Clip(out)
}

func hasPrefixIn(pre []string, v string) bool {
	if len(pre) <= smallSet/2 {
		for _, p := range pre {
			if strings.HasPrefix(v, p) {
				return true
			}
		}
		return false
	}
	i, found := slices.BinarySearch(pre, v)
	if found {
		return true
	}
	return i > 0 && strings.HasPrefix(v, pre[i-1])
}

// compareReversed orders strings by their reversed text without building
// it.
func compareReversed(a, b string) int {
	i, j := len(a)-1, len(b)-1
	for i >= 0 && j >= 0 {
		if a[i] != b[j] {
			if a[i] < b[j] {
				return -1
			}
			return 1
		}
		i--
		j--
	}
	switch {
	case i < 0 && j < 0:
		return 0
	case i < 0:
		return -1
	}
	return 1
}

// suffixFree is prefixFree on reversed text.
func suffixFree(vals []string) []string {
	s := slices.Clone(vals)
	slices.SortFunc(s, compareReversed)
	out := s[:0]
	for _, v := range s {
		if len(out) > 0 && strings.HasSuffix(v, out[len(out)-1]) {
			continue
		}
		out = append(out, v)
	}
	return slices.Clip(out)
}

func hasSuffixIn(suf []string, v string) bool {
	if len(suf) <= smallSet/2 {
		for _, x := range suf {
			if strings.HasSuffix(v, x) {
				return true
			}
		}
		return false
	}
	i, found := slices.BinarySearchFunc(suf, v, compareReversed)
	if found {
		return true
	}
	return i > 0 && strings.HasSuffix(v, suf[i-1])
}

// condKind names the common single-value conditions, which holds tests
// without going through the sets.
type condKind uint8

const (
	kindSets          condKind = iota // anything else
	kindEquals                        // Equals [one]
	kindStartsWith                    // StartsWith [one]
	kindNotStartsWith                 // NotStartsWith [one]
	kindNotEquals                     // NotEquals [one]
)

func (c *cond) holds(v string) bool {
	switch c.kind {
	case kindEquals:
		return v == c.one
	case kindStartsWith:
		return len(v) >= len(c.one) && v[:len(c.one)] == c.one
	case kindNotStartsWith:
		return len(v) < len(c.one) || v[:len(c.one)] != c.one
	case kindNotEquals:
		return v != c.one
	}
	return c.holdsSets(v)
}

func (c *cond) holdsSets(v string) bool {
	if c.hasSel && !c.sel.has(v) {
		return false
	}
	return !c.hasDesel || !c.desel.has(v)
}

// Compile validates sels for a trail (ValidateAdvanced with Trail) and
// builds a Matcher. Its error is the Errors of the validation.
func Compile(sels []Advanced) (*Matcher, error) { return CompileFor(sels, TargetTrail) }

// CompileFor is Compile for selectors written for target t.
func CompileFor(sels []Advanced, t Target) (*Matcher, error) {
	if err := ValidateAdvanced(sels, t); err != nil {
		return nil, err
	}
	labels := make([]string, len(sels))
	for i := range sels {
		labels[i] = "AdvancedEventSelectors[" + strconv.Itoa(i) + "]"
	}
	return build(sels, labels), nil
}

// CompileBasic validates basic selectors (ValidateBasic) and builds a
// Matcher from their FromBasic translation.
func CompileBasic(sels []Basic) (*Matcher, error) {
	if err := ValidateBasic(sels); err != nil {
		return nil, err
	}
	var adv []Advanced
	var labels []string
	for i, s := range sels {
		n := len(adv)
		adv = appendBasic(adv, i, s)
		for range adv[n:] {
			labels = append(labels, "EventSelectors["+strconv.Itoa(i)+"]")
		}
	}
	return build(adv, labels), nil
}

// MustCompile is Compile for selectors written into a program; it panics
// if they are invalid.
func MustCompile(sels []Advanced) *Matcher {
	m, err := Compile(sels)
	if err != nil {
		panic(err)
	}
	return m
}

func build(sels []Advanced, labels []string) *Matcher {
	m := &Matcher{
		sels:   make([]compiled, len(sels)),
		source: make([]Advanced, len(sels)),
		labels: labels,
	}
	for i := range sels {
		src := Advanced{Name: sels[i].Name, Fields: make([]Field, len(sels[i].Fields))}
		var c compiled
		for j := range sels[i].Fields {
			f := cloneField(sels[i].Fields[j])
			src.Fields[j] = f
			k := compileField(&f, j)
			if k.field == fEventCategory && c.cat == "" && len(f.Equals) == 1 && f.Equals[0] != "" &&
				len(f.StartsWith)+len(f.EndsWith)+len(f.NotEquals)+len(f.NotStartsWith)+len(f.NotEndsWith) == 0 {
				c.cat = f.Equals[0]
				continue
			}
			if k.field == fResourcesType && c.resType == "" && k.kind == kindEquals && k.one != "" {
				c.resType = k.one
				continue
			}
			if k.field.isResource() {
				c.res = append(c.res, k)
			} else {
				c.conds = append(c.conds, k)
			}
		}
		// eventCategory first: it is the cheapest test and rejects most
		// records. resources.type before resources.ARN.
		slices.SortStableFunc(c.conds, func(a, b cond) int { return rank(a.field) - rank(b.field) })
		slices.SortStableFunc(c.res, func(a, b cond) int { return rank(a.field) - rank(b.field) })
		m.sels[i] = c
		m.source[i] = src
	}
	return m
}

func rank(f fieldID) int {
	switch f {
	case fEventCategory:
		return 0
	case fReadOnly, fResourcesType:
		return 1
	}
	return 2
}

func compileField(f *Field, index int) cond {
	c := cond{field: lookupField(f.Field), index: index}
	c.hasSel = len(f.Equals)+len(f.StartsWith)+len(f.EndsWith) > 0
	c.hasDesel = len(f.NotEquals)+len(f.NotStartsWith)+len(f.NotEndsWith) > 0
	n := len(f.Equals) + len(f.StartsWith) + len(f.EndsWith) + len(f.NotEquals) + len(f.NotStartsWith) + len(f.NotEndsWith)
	if n == 1 {
		switch {
		case len(f.Equals) == 1:
			c.kind, c.one = kindEquals, f.Equals[0]
		case len(f.StartsWith) == 1:
			c.kind, c.one = kindStartsWith, f.StartsWith[0]
		case len(f.NotStartsWith) == 1:
			c.kind, c.one = kindNotStartsWith, f.NotStartsWith[0]
		case len(f.NotEquals) == 1:
			c.kind, c.one = kindNotEquals, f.NotEquals[0]
		}
	}
	c.sel = valueSet{eq: newStrSet(f.Equals), pre: prefixFree(f.StartsWith), suf: suffixFree(f.EndsWith)}
	c.desel = valueSet{eq: newStrSet(f.NotEquals), pre: prefixFree(f.NotStartsWith), suf: suffixFree(f.NotEndsWith)}
	return c
}

// Match reports whether the selectors select rec: some selector has all
// its field selectors hold. A nil Matcher or record matches nothing.
//
// Records without eventCategory (eventVersion before 1.07) are classified
// from their other members first. A member the record lacks is matched as
// the empty string: no Equals, StartsWith or EndsWith value matches it and
// no Not value drops it. So a selector with readOnly Equals "true" does not
// select a record without readOnly (network activity records have none;
// CloudTrail record contents lists readOnly as optional).
//
// resources.type and resources.ARN conditions are evaluated against each
// resource of the record: the selector holds when one resource satisfies
// all of them. A resource without ARN is compared by its ARNPrefix (S3
// ListObjects names the objects it lists so; Resource.SelectorARN).
func (m *Matcher) Match(rec *event.Record) bool {
	if m == nil || rec == nil {
		return false
	}
	cat := rec.EventCategory
	if cat == "" {
		cat, _ = categoryOf(rec)
	}
	for i := range m.sels {
		if m.sels[i].match(rec, cat) {
			return true
		}
	}
	return false
}

func (c *compiled) match(rec *event.Record, cat event.Category) bool {
	if c.cat != "" && string(cat) != c.cat {
		return false
	}
	for i := range c.conds {
		k := &c.conds[i]
		if !k.holds(fieldValue(rec, cat, k.field)) {
			return false
		}
	}
	if len(c.res) == 0 && c.resType == "" {
		return true
	}
	for i := range rec.Resources {
		r := &rec.Resources[i]
		if c.resType != "" && r.Type != c.resType {
			continue
		}
		if c.resourceHolds(r) {
			return true
		}
	}
	return false
}

func (c *compiled) resourceHolds(r *event.Resource) bool {
	for i := range c.res {
		k := &c.res[i]
		v := r.SelectorARN()
		if k.field == fResourcesType {
			v = r.Type
		}
		if !k.holds(v) {
			return false
		}
	}
	return true
}

// fieldValue returns the record-level member f of rec as the selector
// compares it ("" when absent).
func fieldValue(rec *event.Record, cat event.Category, f fieldID) string {
	v, _ := fieldValueOK(rec, cat, f)
	return v
}

func fieldValueOK(rec *event.Record, cat event.Category, f fieldID) (string, bool) {
	switch f {
	case fEventCategory:
		return string(cat), cat != ""
	case fEventSource:
		return rec.EventSource, rec.EventSource != ""
	case fEventName:
		return rec.EventName, rec.EventName != ""
	case fEventType:
		// The documented typos (AwsVpceEvents, AwsConsoleSignin) are read as
		// the types they mean.
		return string(rec.EventType.Canonical()), rec.EventType != ""
	case fReadOnly:
		return boolText(rec.ReadOnly)
	case fSessionCredentialFromConsole:
		// "This field is not shown unless the value is true" (CloudTrail
		// User Guide, "CloudTrail record contents",
		// sessionCredentialFromConsole): a record without it is a
		// "false" one, so Equals "false" selects it and NotEquals "false"
		// drops it.
		if !rec.SessionCredentialFromConsole.Set {
			return "false", true
		}
		return boolText(rec.SessionCredentialFromConsole)
	case fUserIdentityARN:
		if rec.UserIdentity == nil {
			return "", false
		}
		return rec.UserIdentity.ARN, rec.UserIdentity.ARN != ""
	case fErrorCode:
		return rec.ErrorCode, rec.ErrorCode != ""
	case fVPCEndpointID:
		return rec.VPCEndpointID, rec.VPCEndpointID != ""
	}
	return "", false
}

func boolText(b event.Bool) (string, bool) {
	if !b.Set {
		return "", false
	}
	if b.Value {
		return "true", true
	}
	return "false", true
}

// Len returns the number of compiled advanced selectors.
func (m *Matcher) Len() int {
	if m == nil {
		return 0
	}
	return len(m.sels)
}

// Selectors returns a copy of the advanced selectors m evaluates (for a
// Matcher from CompileBasic, their FromBasic translation).
func (m *Matcher) Selectors() []Advanced {
	if m == nil {
		return nil
	}
	out := make([]Advanced, len(m.source))
	for i, a := range m.source {
		out[i] = Advanced{Name: a.Name, Fields: make([]Field, len(a.Fields))}
		for j, f := range a.Fields {
			out[i].Fields[j] = cloneField(f)
		}
	}
	return out
}
