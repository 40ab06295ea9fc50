package event

import (
	"encoding/json"
	"strings"
)

// Title returns a short name a person recognises the event by: the
// eventName. Records without one say what they are about instead:
//
//   - an Insights record: the API its unusual activity concerns, the
//     Insight type and the state, "ec2.amazonaws.com:RunInstances
//     ApiCallRateInsight Start" (insightDetails, or the flat insight*
//     members of an event data store's record; an ApiErrorRateInsight
//     adds its errorCode);
//   - an aggregated event: "<eventSource> aggregated by <dimension>", the
//     dimension of the summary's primaryDimension (eventName, resourceARN
//     or userIdentity by template; its "dimension" member, the string
//     itself, or "name=value" when it is an object of one string member)
//     (CloudTrail User Guide, "CloudTrail record contents for aggregated
//     events");
//   - anything else: the eventSource, or "" when there is none.
func (r *Record) Title() string {
	if r.EventName != "" {
		return r.EventName
	}
	if d := r.InsightDetails; d != nil {
		return insightTitle(d.EventSource, d.EventName, d.InsightType, d.ErrorCode, d.State)
	}
	if r.IsInsight() {
		// An event data store's record names them in flat members.
		src, name := r.InsightAPI()
		typ, _ := r.memberString("insightType")
		code, _ := r.memberString("insightErrorCode")
		state, _ := r.memberString("insightState")
		if t := insightTitle(src, name, typ, code, state); t != "" {
			return t
		}
	}
	if r.IsAggregated() {
		name := "aggregated"
		if r.EventSource != "" {
			name = r.EventSource + " aggregated"
		}
		if dim := r.primaryDimension(); dim != "" {
			name += " by " + dim
		}
		return name
	}
	return r.EventSource
}

// primaryDimension returns summary.primaryDimension of an aggregated
// event as text, or "".
func (r *Record) primaryDimension() string {
	for _, m := range r.wire.extra {
		if m.key != "summary" || m.dead {
			continue
		}
		var s struct {
			PrimaryDimension json.RawMessage `json:"primaryDimension"`
		}
		if json.Unmarshal([]byte(m.raw), &s) != nil {
			return ""
		}
		var name string
		if json.Unmarshal(s.PrimaryDimension, &name) == nil {
			return name
		}
		// The documented shape names the dimension in its "dimension"
		// member, beside its statistics and aggregationType (CloudTrail
		// User Guide, "CloudTrail record contents for aggregated events").
		var doc struct {
			Dimension string `json:"dimension"`
		}
		if json.Unmarshal(s.PrimaryDimension, &doc) == nil && doc.Dimension != "" {
			return doc.Dimension
		}
		// An object names its dimension by its one member, and its
		// value when that is a string.
		var obj map[string]json.RawMessage
		if json.Unmarshal(s.PrimaryDimension, &obj) == nil && len(obj) == 1 {
			for k, v := range obj {
				if json.Unmarshal(v, &name) == nil {
					return k + "=" + name
				}
				return k
			}
		}
	}
	return ""
}

// insightTitle is Title of an Insights record about the API source:name.
func insightTitle(source, name, typ, code, state string) string {
	var b strings.Builder
	b.WriteString(source)
	if name != "" {
		if source != "" {
			b.WriteByte(':')
		}
		b.WriteString(name)
	}
	for _, s := range [...]string{typ, code, state} {
		if s != "" {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s)
		}
	}
	return b.String()
}
