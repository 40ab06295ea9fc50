package trail

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Output is one output of the AWS CLI about a trail, for Assemble.
type Output struct {
	// Trail names the trail (TrailARN or Name) when the output does not:
	// `get-trail-status` output names none. For the other outputs it may
	// be empty; their TrailARN member decides.
	Trail string
	// Data is the output, as the CLI prints it.
	Data []byte
}

// Assemble builds trails from the output of `aws cloudtrail
// describe-trails` (see ParseTrails) and any mix of outputs of
// `get-event-selectors` (the selectors, MergeEventSelectors),
// `get-insight-selectors` (MergeInsightSelectors),
// `get-event-configuration` (its members other than TrailARN are kept on
// the trail, written back by MarshalJSON) and `get-trail-status`
// (IsLogging). Each output is matched to a trail by its TrailARN member,
// or by Output.Trail (an ARN or a name); an output that no listed trail
// claims, that names no trail, or that is none of these kinds is an
// error. Every problem is reported, joined (errors.Join).
//
// A trail whose HasCustomEventSelectors or HasInsightSelectors is true
// but whose selectors no output gave is assembled as it is; Check reports
// it (FindingSelectorsNotGiven, FindingInsightSelectorsNotGiven).
func Assemble(describeTrails []byte, outputs ...Output) ([]Trail, error) {
	trails, err := ParseTrails(describeTrails)
	if err != nil {
		return nil, fmt.Errorf("trail: assemble: describe-trails: %w", err)
	}
	var errs []error
	for i, o := range outputs {
		if err := assembleOne(trails, o); err != nil {
			errs = append(errs, fmt.Errorf("trail: assemble: outputs[%d]: %w", i, err))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return trails, nil
}

func assembleOne(trails []Trail, o Output) error {
	if err := checkSyntax(o.Data); err != nil {
		return err
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(o.Data, &members); err != nil {
		return fmt.Errorf("want a JSON object: %w", err)
	}
	var arn string
	if raw, ok := members["TrailARN"]; ok {
		if err := json.Unmarshal(raw, &arn); err != nil {
			return fmt.Errorf("TrailARN: %w", err)
		}
	}
	name := arn
	if name == "" {
		name = o.Trail
	}
	if name == "" {
		return errors.New("the output names no trail (no TrailARN member) and Output.Trail is empty")
	}
	if arn != "" && o.Trail != "" && !trailNamed(&Trail{TrailARN: arn, Name: arnName(arn)}, o.Trail) {
		return fmt.Errorf("the output is for %s, not %s", arn, o.Trail)
	}
	var t *Trail
	for i := range trails {
		if trailNamed(&trails[i], name) {
			if t != nil {
				return fmt.Errorf("%q names more than one trail; use its TrailARN", name)
			}
			t = &trails[i]
		}
	}
	if t == nil {
		return fmt.Errorf("no trail of describe-trails is %s", name)
	}
	_, sel := members["EventSelectors"]
	_, adv := members["AdvancedEventSelectors"]
	_, ins := members["InsightSelectors"]
	_, logging := members["IsLogging"]
	switch {
	case sel || adv:
		return t.MergeEventSelectors(o.Data)
	case ins:
		return t.MergeInsightSelectors(o.Data)
	case logging:
		var s struct {
			IsLogging *bool
		}
		if err := json.Unmarshal(o.Data, &s); err != nil || s.IsLogging == nil {
			return fmt.Errorf("get-trail-status: IsLogging is not a boolean")
		}
		t.IsLogging = s.IsLogging
		return nil
	}
	for _, k := range []string{"AggregationConfigurations", "MaxEventSize", "ContextKeySelectors"} {
		if _, ok := members[k]; ok {
			// get-event-configuration: AggregationConfigurations set,
			// the event data store members kept as members of the trail.
			if err := t.MergeEventConfiguration(o.Data); err != nil {
				return err
			}
			for name, raw := range members {
				if name == "TrailARN" || knownTrailField(name) {
					continue
				}
				if t.unknown == nil {
					t.unknown = map[string]json.RawMessage{}
				}
				t.unknown[name] = append(json.RawMessage(nil), raw...)
			}
			return nil
		}
	}
	return errors.New("not an output of get-event-selectors, get-insight-selectors, get-event-configuration or get-trail-status")
}

// trailNamed reports whether s is t's ARN or name.
func trailNamed(t *Trail, s string) bool {
	if s == t.TrailARN {
		return true
	}
	if strings.HasPrefix(s, "arn:") {
		return false
	}
	n := t.Name
	if n == "" {
		n = arnName(t.TrailARN)
	}
	return s == n
}

func arnName(arn string) string {
	if i := strings.LastIndex(arn, ":trail/"); i >= 0 {
		return arn[i+len(":trail/"):]
	}
	return ""
}
