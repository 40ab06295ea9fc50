package selector

import "strconv"

// DefaultManagement returns the console's default advanced selector, which
// logs every read and write management event:
// [eventCategory Equals Management]. It selects what a trail created
// without selectors logs (PutEventSelectors: "trails created without
// specific event selectors are configured to log all read and write
// management events, and no data events").
func DefaultManagement() []Advanced {
	return []Advanced{{
		Name:   "Management events selector",
		Fields: []Field{{Field: FieldEventCategory, Equals: []string{catManagement}}},
	}}
}

// FromBasic translates basic event selectors into advanced ones that
// select exactly the same events, so one evaluator serves both. The
// management part and each data resource of a basic selector become
// separate advanced selectors:
//
//   - IncludeManagementEvents (absent means true) gives
//     [eventCategory Equals Management], plus readOnly Equals "true"
//     (ReadOnly) or "false" (WriteOnly), plus eventSource NotEquals the
//     ExcludeManagementEventSources.
//   - Each DataResource gives [eventCategory Equals Data, resources.type
//     Equals Type], plus the same readOnly condition (ReadWriteType applies
//     to data events too), plus a resources.ARN condition unless a value is
//     the "all resources" form (arn:<partition>:s3, :lambda, :dynamodb):
//     StartsWith for S3 values, which are prefixes; Equals for Lambda and
//     DynamoDB values, which are matched exactly.
//
// FromBasic does not validate; invalid input translates as best it can.
// The result has names such as "EventSelectors[0] management events".
func FromBasic(sels []Basic) []Advanced {
	var out []Advanced
	for i, s := range sels {
		out = appendBasic(out, i, s)
	}
	return out
}

func appendBasic(out []Advanced, i int, s Basic) []Advanced {
	prefix := "EventSelectors[" + strconv.Itoa(i) + "] "
	var readOnly *Field
	switch s.ReadWriteType {
	case ReadOnly:
		readOnly = &Field{Field: FieldReadOnly, Equals: []string{"true"}}
	case WriteOnly:
		readOnly = &Field{Field: FieldReadOnly, Equals: []string{"false"}}
	}
	if s.IncludeManagementEvents == nil || *s.IncludeManagementEvents {
		a := Advanced{Name: prefix + "management events"}
		a.Fields = append(a.Fields, Field{Field: FieldEventCategory, Equals: []string{catManagement}})
		if readOnly != nil {
			a.Fields = append(a.Fields, cloneField(*readOnly))
		}
		if len(s.ExcludeManagementEventSources) > 0 {
			a.Fields = append(a.Fields, Field{Field: FieldEventSource, NotEquals: append([]string(nil), s.ExcludeManagementEventSources...)})
		}
		out = append(out, a)
	}
	for j, dr := range s.DataResources {
		kind := dataKindOf(dr.Type)
		a := Advanced{Name: prefix + "data events " + dr.Type + " (DataResources[" + strconv.Itoa(j) + "])"}
		a.Fields = append(a.Fields,
			Field{Field: FieldEventCategory, Equals: []string{catData}},
			Field{Field: FieldResourcesType, Equals: []string{dr.Type}})
		if readOnly != nil {
			a.Fields = append(a.Fields, cloneField(*readOnly))
		}
		all := false
		var vals []string
		for _, v := range dr.Values {
			if isAllForm(kind, v) {
				all = true
				break
			}
			vals = append(vals, v)
		}
		if !all && len(vals) > 0 {
			if kind == kindS3 {
				a.Fields = append(a.Fields, Field{Field: FieldResourcesARN, StartsWith: vals})
			} else {
				a.Fields = append(a.Fields, Field{Field: FieldResourcesARN, Equals: vals})
			}
		}
		out = append(out, a)
	}
	return out
}

// isAllForm reports whether v is arn:<partition>:<service> for kind k.
func isAllForm(k dataKind, v string) bool {
	all, ok := parseDataValue(k, v)
	return ok && all
}

func cloneField(f Field) Field {
	c := Field{Field: f.Field}
	for _, op := range operators() {
		if v := f.Values(op); v != nil {
			c.set(op, append([]string(nil), v...))
		}
	}
	return c
}

func (f *Field) set(op Operator, v []string) {
	switch op {
	case Equals:
		f.Equals = v
	case StartsWith:
		f.StartsWith = v
	case EndsWith:
		f.EndsWith = v
	case NotEquals:
		f.NotEquals = v
	case NotStartsWith:
		f.NotStartsWith = v
	case NotEndsWith:
		f.NotEndsWith = v
	}
}
