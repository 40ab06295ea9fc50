package selector

import (
	"fmt"
	"strings"

	"github.com/trailmap/trailmap/event"
)

// oracleMatch is a deliberately simple evaluator written straight from the
// user guide's rules, used to cross-check the compiled Matcher. It never
// validates and reads the selectors directly.
func oracleMatch(sels []Advanced, rec *event.Record) bool {
	cat, _ := categoryOf(rec)
	for _, s := range sels {
		if oracleSelector(s, rec, cat) {
			return true
		}
	}
	return false
}

func oracleSelector(s Advanced, rec *event.Record, cat event.Category) bool {
	var res []Field
	for _, f := range s.Fields {
		if f.Field == FieldResourcesType || f.Field == FieldResourcesARN {
			res = append(res, f)
			continue
		}
		if !oracleField(f, oracleValue(rec, cat, f.Field)) {
			return false
		}
	}
	if len(res) == 0 {
		return true
	}
	for _, r := range rec.Resources {
		all := true
		for _, f := range res {
			v := r.ARN
			if f.Field == FieldResourcesType {
				v = r.Type
			}
			if !oracleField(f, v) {
				all = false
			}
		}
		if all {
			return true
		}
	}
	return false
}

func oracleValue(rec *event.Record, cat event.Category, field string) string {
	b := func(x event.Bool) string {
		if !x.Set {
			return ""
		}
		return fmt.Sprint(x.Value)
	}
	switch field {
	case FieldEventCategory:
		return string(cat)
	case FieldEventSource:
		return rec.EventSource
	case FieldEventName:
		return rec.EventName
	case FieldEventType:
		return string(rec.EventType.Canonical())
	case FieldReadOnly:
		return b(rec.ReadOnly)
	case FieldSessionCredentialFromConsole:
		// Records leave the member out when it is false.
		if !rec.SessionCredentialFromConsole.Set {
			return "false"
		}
		return b(rec.SessionCredentialFromConsole)
	case FieldUserIdentityARN:
		if rec.UserIdentity != nil {
			return rec.UserIdentity.ARN
		}
	case FieldErrorCode:
		return rec.ErrorCode
	case FieldVPCEndpointID:
		return rec.VPCEndpointID
	}
	return ""
}

// oracleField: any deselect value drops; otherwise some select value must
// hold when there are select values.
func oracleField(f Field, v string) bool {
	for _, x := range f.NotEquals {
		if v == x {
			return false
		}
	}
	for _, x := range f.NotStartsWith {
		if strings.HasPrefix(v, x) {
			return false
		}
	}
	for _, x := range f.NotEndsWith {
		if strings.HasSuffix(v, x) {
			return false
		}
	}
	if len(f.Equals)+len(f.StartsWith)+len(f.EndsWith) == 0 {
		return true
	}
	for _, x := range f.Equals {
		if v == x {
			return true
		}
	}
	for _, x := range f.StartsWith {
		if strings.HasPrefix(v, x) {
			return true
		}
	}
	for _, x := range f.EndsWith {
		if strings.HasSuffix(v, x) {
			return true
		}
	}
	return false
}

// basicOracle evaluates basic selectors directly from their documented
// meaning, without the advanced translation.
func basicOracle(sels []Basic, rec *event.Record) bool {
	cat, _ := categoryOf(rec)
	for _, s := range sels {
		rw := true
		switch s.ReadWriteType {
		case ReadOnly:
			rw = rec.ReadOnly.True()
		case WriteOnly:
			rw = rec.ReadOnly.False()
		}
		if !rw {
			continue
		}
		if cat == event.CategoryManagement && (s.IncludeManagementEvents == nil || *s.IncludeManagementEvents) {
			excluded := false
			for _, src := range s.ExcludeManagementEventSources {
				excluded = excluded || rec.EventSource == src
			}
			if !excluded {
				return true
			}
		}
		if cat != event.CategoryData {
			continue
		}
		for _, dr := range s.DataResources {
			for _, r := range rec.Resources {
				if r.Type != dr.Type {
					continue
				}
				for _, v := range dr.Values {
					switch {
					case v == "arn:aws:s3" || v == "arn:aws-cn:s3" || v == "arn:aws-us-gov:s3",
						v == "arn:aws:lambda" || v == "arn:aws-cn:lambda",
						v == "arn:aws:dynamodb" || v == "arn:aws-cn:dynamodb":
						return true
					case dr.Type == S3Object && strings.HasPrefix(r.ARN, v):
						return true
					case dr.Type != S3Object && r.ARN == v:
						return true
					}
				}
			}
		}
	}
	return false
}

// largeSelectors is 20 data selectors with 500 values in all, the
// documented maximum.
func largeSelectors() []Advanced {
	var out []Advanced
	for i := 0; i < 20; i++ {
		f := []Field{
			eq(FieldEventCategory, "Data"),
			eq(FieldResourcesType, S3Object),
			eq(FieldEventName, "GetObject", "PutObject", "DeleteObject", "HeadObject", fmt.Sprintf("Op%d", i)),
			{Field: FieldResourcesARN, StartsWith: nil, NotStartsWith: nil},
			{Field: FieldUserIdentityARN, NotEquals: nil},
		}
		for j := 0; j < 10; j++ {
			f[3].StartsWith = append(f[3].StartsWith, fmt.Sprintf("arn:aws:s3:::bucket-%d/", i*10+j))
		}
		for j := 0; j < 4; j++ {
			f[3].NotStartsWith = append(f[3].NotStartsWith, fmt.Sprintf("arn:aws:s3:::bucket-%d/private%d/", i*10+j, j))
			f[4].NotEquals = append(f[4].NotEquals, fmt.Sprintf("arn:aws:iam::111122223333:role/deny-%d-%d", i, j))
		}
		out = append(out, Advanced{Name: fmt.Sprintf("large %d", i), Fields: f})
	}
	return out
}
