package selector

import (
	"fmt"
	"strconv"

	"github.com/trailmap/trailmap/event"
)

// The EventCategories values of an insight selector.
const (
	InsightManagement = "Management"
	InsightData       = "Data"
)

// Categories returns the event categories the selector analyzes: its
// EventCategories, or Management when it has none (API InsightSelector:
// omitting EventCategories means management events).
func (in Insight) Categories() []string {
	if len(in.EventCategories) == 0 {
		return []string{InsightManagement}
	}
	return in.EventCategories
}

// ValidateInsight checks insight selectors as PutInsightSelectors does for
// a trail whose event selectors are basic or adv (both empty means the
// trail default, all management events). Every problem has code
// InvalidInsightSelectorsException:
//
//   - InsightType is ApiCallRateInsight or ApiErrorRateInsight, each at
//     most once; EventCategories holds Management and Data at most once
//     each.
//   - Management ApiCallRateInsight needs write management events logged;
//     management ApiErrorRateInsight needs read or write management
//     events; Data Insights need data events logged (CloudTrail guide,
//     "Working with CloudTrail Insights").
//
// An empty list is valid: it turns Insights off.
func ValidateInsight(ins []Insight, basic []Basic, adv []Advanced) error {
	const code = CodeInvalidInsightSelectors
	var p problems
	logs := loggedKinds(basic, adv)
	seen := map[InsightType]bool{}
	for i, in := range ins {
		path := "InsightSelectors[" + strconv.Itoa(i) + "]"
		switch in.InsightType {
		case APICallRateInsight, APIErrorRateInsight:
			if seen[in.InsightType] {
				p.add(path+".InsightType", code, fmt.Sprintf("InsightType %s is given more than once.", in.InsightType))
			}
			seen[in.InsightType] = true
		default:
			p.add(path+".InsightType", code, fmt.Sprintf("Value %s for InsightType is invalid; use ApiCallRateInsight or ApiErrorRateInsight.", in.InsightType))
		}
		cats := map[string]bool{}
		for j, c := range in.EventCategories {
			cpath := path + ".EventCategories[" + strconv.Itoa(j) + "]"
			switch {
			case c != InsightManagement && c != InsightData:
				p.add(cpath, code, fmt.Sprintf("Value %s for EventCategories is invalid; use Management or Data.", c))
			case cats[c]:
				p.add(cpath, code, fmt.Sprintf("Event category %s is given more than once.", c))
			}
			cats[c] = true
		}
		for _, c := range in.Categories() {
			switch {
			case c == InsightManagement && in.InsightType == APICallRateInsight && !logs.mgmtWrite:
				p.add(path, code, "ApiCallRateInsight on management events needs the trail to log write management events; its event selectors do not.")
			case c == InsightManagement && in.InsightType == APIErrorRateInsight && !logs.mgmtWrite && !logs.mgmtRead:
				p.add(path, code, "ApiErrorRateInsight on management events needs the trail to log read or write management events; its event selectors do not.")
			case c == InsightData && (in.InsightType == APICallRateInsight || in.InsightType == APIErrorRateInsight) && !logs.data:
				p.add(path, code, fmt.Sprintf("%s on data events needs the trail to log data events; its event selectors do not.", in.InsightType))
			}
		}
	}
	return p.err()
}

type logged struct{ mgmtRead, mgmtWrite, data bool }

// loggedKinds reports which kinds of events some selector logs.
func loggedKinds(basic []Basic, adv []Advanced) logged {
	var l logged
	if len(basic) == 0 && len(adv) == 0 {
		return logged{mgmtRead: true, mgmtWrite: true}
	}
	for _, s := range basic {
		if s.IncludeManagementEvents == nil || *s.IncludeManagementEvents {
			l.mgmtRead = l.mgmtRead || s.ReadWriteType != WriteOnly
			l.mgmtWrite = l.mgmtWrite || s.ReadWriteType != ReadOnly
		}
		l.data = l.data || len(s.DataResources) > 0
	}
	for _, a := range adv {
		cat := ""
		read, write := true, true
		for _, f := range a.Fields {
			switch f.Field {
			case FieldEventCategory:
				if len(f.Equals) == 1 {
					cat = f.Equals[0]
				}
			case FieldReadOnly:
				read, write = false, false
				for _, v := range f.Equals {
					read = read || v == "true"
					write = write || v == "false"
				}
			}
		}
		switch cat {
		case catManagement:
			l.mgmtRead = l.mgmtRead || read
			l.mgmtWrite = l.mgmtWrite || write
		case catData:
			l.data = true
		}
	}
	return l
}

// SelectsInsight reports whether insight selectors ins ask for the
// Insights event rec: rec is an Insights record (event.Record.IsInsight)
// whose insightDetails.insightType is the InsightType of some selector
// whose categories cover the analysed events, the category
// event.Record.InsightOn gives (Data when the attributions name a
// resourceArn or insightDetails names a data event API, else Management).
// The Router of package trail asks the same question the same way.
func SelectsInsight(ins []Insight, rec *event.Record) bool {
	if rec == nil {
		return false
	}
	typ, cat, ok := rec.InsightOn()
	if !ok {
		return false
	}
	for _, in := range ins {
		if string(in.InsightType) != typ {
			continue
		}
		for _, c := range in.Categories() {
			if c == string(cat) {
				return true
			}
		}
	}
	return false
}
