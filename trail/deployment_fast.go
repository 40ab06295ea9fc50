package trail

import (
	"unicode"
	"unicode/utf8"

	"github.com/trailmap/trailmap/internal/jsonwire"
	"github.com/trailmap/trailmap/selector"
)

// parseDeploymentFast decodes a deployment file (its byte order mark
// dropped) with jsonwire's scanner, without encoding/json's reflection,
// whose first use costs a command more at start-up (1.3-1.7 ms, about 50
// page faults) than the file takes to read. It decodes the common form
// only and returns nil for anything else, which ParseDeployment then
// decodes through encoding/json as before, so that errors, their
// positions and every unusual input (null values, duplicate members,
// member names in another case, members it does not model, invalid
// UTF-8, nesting deeper than jsonwire skips) are told and decoded as they
// were. What it returns equals (reflect.DeepEqual) what the reflective
// path returns for the same input: FuzzParseDeploymentFast.
func parseDeploymentFast(b []byte) *Deployment {
	f := fastDecoder{sc: jsonwire.New(string(b))}
	f.sc.Quiet()
	d := &Deployment{}
	if f.sc.BeginObject() != nil {
		return nil
	}
	var seen uint8
	for {
		key, more, err := f.sc.NextKey()
		if err != nil {
			return nil
		}
		if !more {
			break
		}
		var bit uint8
		switch key {
		case "organization":
			bit = 1
			if d.Organization = f.organization(); d.Organization == nil {
				return nil
			}
		case "accounts":
			bit = 2
			if !f.accounts(d) {
				return nil
			}
		case "trails":
			bit = 4
			if d.Trails = f.trails(); d.Trails == nil {
				return nil
			}
		default:
			return nil // an unknown member: an error
		}
		if seen&bit != 0 {
			return nil // a duplicate member: an error
		}
		seen |= bit
	}
	if f.sc.End() != nil {
		return nil
	}
	return d
}

// fastDecoder reads a deployment file for parseDeploymentFast.
type fastDecoder struct {
	sc jsonwire.Scanner
}

// str reads a string; ok is false for any other value.
func (f *fastDecoder) str() (string, bool) {
	s, ok, err := f.sc.NextString()
	return s, ok && err == nil
}

// boolean reads true or false.
func (f *fastDecoder) boolean() (v, ok bool) { return f.sc.NextBool() }

// boolPtr reads true or false into a new *bool, nil for any other value.
func (f *fastDecoder) boolPtr() *bool {
	v, ok := f.sc.NextBool()
	if !ok {
		return nil
	}
	return &v
}

// strings reads an array of strings: an empty array is an empty slice,
// not nil, as encoding/json decodes it; nil means another value.
func (f *fastDecoder) strings() []string {
	if f.sc.Peek() != jsonwire.Array || f.sc.BeginArray() != nil {
		return nil
	}
	out := []string{}
	for {
		more, err := f.sc.NextElem()
		if err != nil {
			return nil
		}
		if !more {
			return out
		}
		s, ok := f.str()
		if !ok {
			return nil
		}
		out = append(out, s)
	}
}

// objects reads an array of objects, each through elem, which returns
// false to decline. ok is false for any other value.
func (f *fastDecoder) objects(elem func() bool) bool {
	if f.sc.Peek() != jsonwire.Array || f.sc.BeginArray() != nil {
		return false
	}
	for {
		more, err := f.sc.NextElem()
		if err != nil {
			return false
		}
		if !more {
			return true
		}
		if f.sc.Peek() != jsonwire.Object || !elem() {
			return false
		}
	}
}

// members reads the members of an object, calling member with each name
// and the index of the field it names among fields (-1 for none), which
// reads the value and returns false to decline. A name of fields in
// another case (which encoding/json matches to it) and a name given twice
// are declined.
func (f *fastDecoder) members(fields []string, member func(name string, i int) bool) bool {
	if f.sc.BeginObject() != nil {
		return false
	}
	var seen uint64
	for {
		key, more, err := f.sc.NextKey()
		if err != nil {
			return false
		}
		if !more {
			return true
		}
		i := -1
		for j, name := range fields {
			if key == name {
				i = j
				break
			}
		}
		if i < 0 {
			for _, name := range fields {
				if foldEqual(key, name) {
					return false
				}
			}
		} else {
			if seen&(1<<i) != 0 {
				return false
			}
			seen |= 1 << i
		}
		if !member(key, i) {
			return false
		}
	}
}

// skip reads a value of any kind that is not kept.
func (f *fastDecoder) skip() bool {
	_, err := f.sc.SkipValue()
	return err == nil && !f.sc.Deep()
}

var organizationFields = []string{"Id", "MasterAccountId", "Accounts", "FeatureSet",
	"Arn", "MasterAccountArn", "MasterAccountEmail", "AvailablePolicyTypes"}

func (f *fastDecoder) organization() *Organization {
	if f.sc.Peek() != jsonwire.Object {
		return nil
	}
	o := &Organization{}
	ok := f.members(organizationFields, func(key string, i int) bool {
		var ok bool
		switch i {
		case 0:
			o.ID, ok = f.str()
		case 1:
			o.MasterAccountID, ok = f.str()
		case 2:
			ok = f.array(func() bool {
				// An account ID, or an Account of `aws organizations
				// list-accounts`, whose Id is read.
				if f.sc.Peek() == jsonwire.Object {
					id := ""
					ok := f.members(accountIDFields, func(_ string, i int) bool {
						if i == 0 {
							var ok bool
							id, ok = f.str()
							return ok
						}
						return f.skip()
					})
					o.Accounts = append(o.Accounts, id)
					return ok
				}
				id, ok := f.str()
				o.Accounts = append(o.Accounts, id)
				return ok
			})
		case 3:
			o.FeatureSet, ok = f.str()
		case 4, 5, 6, 7:
			ok = f.skip()
		}
		return ok // an unknown member (i < 0) is an error
	})
	if !ok {
		return nil
	}
	return o
}

var accountIDFields = []string{"Id"}

// objectsInto reads an array of objects into *dst, each through elem,
// which returns false to decline: an empty array is an empty slice, not
// nil, as encoding/json decodes it. ok is false for any other value.
func objectsInto[T any](f *fastDecoder, dst *[]T, elem func(*T) bool) bool {
	*dst = []T{}
	return f.objects(func() bool {
		var v T
		if !elem(&v) {
			return false
		}
		*dst = append(*dst, v)
		return true
	})
}

// nameAndList reads an object of two members, fields[0] a string into
// *name and fields[1] an array of strings into *list (the shape of a data
// resource, an Insights selector and an aggregation configuration); any
// other member is declined.
func (f *fastDecoder) nameAndList(fields []string, name *string, list *[]string) bool {
	return f.members(fields, func(_ string, i int) bool {
		switch i {
		case 0:
			var ok bool
			*name, ok = f.str()
			return ok
		case 1:
			*list = f.strings()
			return *list != nil
		}
		return false
	})
}

// array reads an array whose elements elem reads, whatever their kind.
func (f *fastDecoder) array(elem func() bool) bool {
	if f.sc.Peek() != jsonwire.Array || f.sc.BeginArray() != nil {
		return false
	}
	for {
		more, err := f.sc.NextElem()
		if err != nil {
			return false
		}
		if !more {
			return true
		}
		if !elem() {
			return false
		}
	}
}

var accountFields = []string{"EnabledRegions"}

func (f *fastDecoder) accounts(d *Deployment) bool {
	if f.sc.Peek() != jsonwire.Object || f.sc.BeginObject() != nil {
		return false
	}
	d.Accounts = map[string]Account{}
	for {
		id, more, err := f.sc.NextKey()
		if err != nil {
			return false
		}
		if !more {
			return true
		}
		if _, dup := d.Accounts[id]; dup || f.sc.Peek() != jsonwire.Object {
			return false
		}
		var a Account
		ok := f.members(accountFields, func(_ string, i int) bool {
			if i != 0 {
				return false // only EnabledRegions, in its case
			}
			a.EnabledRegions = f.strings()
			return a.EnabledRegions != nil
		})
		if !ok {
			return false
		}
		d.Accounts[id] = a
	}
}

func (f *fastDecoder) trails() []Trail {
	var trails []Trail
	if !objectsInto(f, &trails, f.trail) {
		return nil
	}
	return trails
}

// trail reads a trail object whose members are all among trailFields,
// each once, in their case.
func (f *fastDecoder) trail(t *Trail) bool {
	return f.members(trailFields, func(_ string, i int) bool {
		var ok bool
		switch i {
		case 0:
			t.Name, ok = f.str()
		case 1:
			t.TrailARN, ok = f.str()
		case 2:
			t.HomeRegion, ok = f.str()
		case 3:
			t.S3BucketName, ok = f.str()
		case 4:
			t.S3KeyPrefix, ok = f.str()
		case 5:
			t.SnsTopicName, ok = f.str()
		case 6:
			t.SnsTopicARN, ok = f.str()
		case 7:
			t.IncludeGlobalServiceEvents = f.boolPtr()
			ok = t.IncludeGlobalServiceEvents != nil
		case 8:
			t.IsMultiRegionTrail, ok = f.boolean()
		case 9:
			t.IsOrganizationTrail, ok = f.boolean()
		case 10:
			t.IsLogging = f.boolPtr()
			ok = t.IsLogging != nil
		case 11:
			t.LogFileValidationEnabled, ok = f.boolean()
		case 12:
			t.CloudWatchLogsLogGroupArn, ok = f.str()
		case 13:
			t.CloudWatchLogsRoleArn, ok = f.str()
		case 14:
			t.KmsKeyID, ok = f.str()
		case 15:
			t.HasCustomEventSelectors, ok = f.boolean()
		case 16:
			t.HasInsightSelectors, ok = f.boolean()
		case 17:
			ok = objectsInto(f, &t.EventSelectors, f.basic)
		case 18:
			ok = objectsInto(f, &t.AdvancedEventSelectors, f.advanced)
		case 19:
			ok = objectsInto(f, &t.InsightSelectors, func(s *selector.Insight) bool {
				var v string
				ok := f.nameAndList(insightFields, &v, &s.EventCategories)
				s.InsightType = selector.InsightType(v)
				return ok
			})
		case 20:
			ok = objectsInto(f, &t.AggregationConfigurations, func(a *selector.Aggregation) bool {
				return f.nameAndList(aggregationFields, &a.EventCategory, &a.Templates)
			})
		}
		return ok // a member Trail does not model is declined
	})
}

var (
	basicFields        = []string{"ReadWriteType", "IncludeManagementEvents", "DataResources", "ExcludeManagementEventSources"}
	dataResourceFields = []string{"Type", "Values"}
	advancedFields     = []string{"Name", "FieldSelectors"}
	fieldFields        = []string{"Field", "Equals", "StartsWith", "EndsWith", "NotEquals", "NotStartsWith", "NotEndsWith"}
	insightFields      = []string{"InsightType", "EventCategories"}
	aggregationFields  = []string{"EventCategory", "Templates"}
)

func (f *fastDecoder) basic(s *selector.Basic) bool {
	return f.members(basicFields, func(_ string, i int) bool {
		var ok bool
		switch i {
		case 0:
			var v string
			v, ok = f.str()
			s.ReadWriteType = selector.ReadWriteType(v)
		case 1:
			s.IncludeManagementEvents = f.boolPtr()
			ok = s.IncludeManagementEvents != nil
		case 2:
			ok = objectsInto(f, &s.DataResources, func(r *selector.DataResource) bool {
				return f.nameAndList(dataResourceFields, &r.Type, &r.Values)
			})
		case 3:
			s.ExcludeManagementEventSources = f.strings()
			ok = s.ExcludeManagementEventSources != nil
		}
		return ok
	})
}

func (f *fastDecoder) advanced(s *selector.Advanced) bool {
	return f.members(advancedFields, func(_ string, i int) bool {
		var ok bool
		switch i {
		case 0:
			s.Name, ok = f.str()
		case 1:
			ok = objectsInto(f, &s.Fields, func(fs *selector.Field) bool {
				return f.members(fieldFields, func(_ string, i int) bool {
					if i == 0 {
						var ok bool
						fs.Field, ok = f.str()
						return ok
					}
					if i < 0 {
						return false
					}
					l := f.strings()
					switch i {
					case 1:
						fs.Equals = l
					case 2:
						fs.StartsWith = l
					case 3:
						fs.EndsWith = l
					case 4:
						fs.NotEquals = l
					case 5:
						fs.NotStartsWith = l
					case 6:
						fs.NotEndsWith = l
					}
					return l != nil
				})
			})
		}
		return ok
	})
}

// foldEqual reports whether encoding/json matches the member name key to
// the field name: the names are equal under simple Unicode case folding,
// each rune folded to the least rune of its folding orbit (encoding/json's
// foldName), so that "name", "NAME" and "ſ3BucketName" (a long s) name
// fields too. Invalid UTF-8 compares as U+FFFD, as there.
func foldEqual(key, name string) bool {
	i, j := 0, 0
	for i < len(key) && j < len(name) {
		r1, n1 := decodeFold(key[i:])
		r2, n2 := decodeFold(name[j:])
		if r1 != r2 {
			return false
		}
		i, j = i+n1, j+n2
	}
	return i == len(key) && j == len(name)
}

// decodeFold returns the first rune of s folded as encoding/json's
// foldName folds it, and its width.
func decodeFold(s string) (rune, int) {
	c := s[0]
	if c < utf8.RuneSelf {
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		return rune(c), 1
	}
	r, n := utf8.DecodeRuneInString(s)
	for {
		r2 := unicode.SimpleFold(r)
		if r2 <= r {
			return r2, n
		}
		r = r2
	}
}
