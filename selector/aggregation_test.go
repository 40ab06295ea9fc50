package selector

import "testing"

// TestValidateAggregation: API AggregationConfiguration (EventCategory
// Data; 1 to 50 Templates of API_ACTIVITY, RESOURCE_ACCESS, USER_ACTIONS),
// API PutEventConfiguration (at most one configuration), CloudTrail User
// Guide "Aggregating data events" (the trail must log data events).
func TestValidateAggregation(t *testing.T) {
	data := []Basic{{DataResources: []DataResource{{Type: S3Object, Values: []string{"arn:aws:s3"}}}}}
	advData := []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, "AWS::SNS::Topic"))}
	agg := func(cat string, tpls ...string) []Aggregation {
		return []Aggregation{{EventCategory: cat, Templates: tpls}}
	}
	many := make([]string, 51)
	for i := range many {
		many[i] = "API_ACTIVITY"
	}
	for _, tc := range []struct {
		reason string
		aggs   []Aggregation
		basic  []Basic
		adv    []Advanced
		want   []problem
	}{
		{"off: no configuration", nil, nil, nil, nil},
		{"the page's CLI example (API_ACTIVITY, RESOURCE_ACCESS) on a data trail", agg("Data", "API_ACTIVITY", "RESOURCE_ACCESS"), data, nil, nil},
		{"all three templates, advanced data selectors", agg("Data", "API_ACTIVITY", "RESOURCE_ACCESS", "USER_ACTIONS"), nil, advData, nil},
		{"a trail without selectors logs management events only", agg("Data", "API_ACTIVITY"), nil, nil,
			[]problem{{"AggregationConfigurations", CodeInvalidParameterCombination, "log none"}}},
		{"management-only basic selectors", agg("Data", "USER_ACTIONS"), []Basic{{}}, nil,
			[]problem{{"AggregationConfigurations", CodeInvalidParameterCombination, "configure data events"}}},
		{"EventCategory valid values: Data", agg("Management", "API_ACTIVITY"), data, nil,
			[]problem{{"AggregationConfigurations[0].EventCategory", CodeInvalidParameter, "Value Management for EventCategory is invalid"}}},
		{"unknown template", agg("Data", "API_ACTIVITIES"), data, nil,
			[]problem{{"AggregationConfigurations[0].Templates[0]", CodeInvalidParameter, "Value API_ACTIVITIES for Templates is invalid"}}},
		{"template twice", agg("Data", "USER_ACTIONS", "USER_ACTIONS"), data, nil,
			[]problem{{"AggregationConfigurations[0].Templates[1]", CodeInvalidParameter, "more than once"}}},
		{"Templates minimum 1 item", agg("Data"), data, nil,
			[]problem{{"AggregationConfigurations[0].Templates", CodeInvalidParameter, "1 to 50"}}},
		{"Templates maximum 50 items", agg("Data", many...), data, nil, func() []problem {
			p := []problem{{"AggregationConfigurations[0].Templates", CodeInvalidParameter, "1 to 50"}}
			for i := 1; i < 51; i++ {
				p = append(p, problem{"AggregationConfigurations[0].Templates[" + itoa(i) + "]", CodeInvalidParameter, "more than once"})
			}
			return p
		}()},
		{"AggregationConfigurations maximum 1 item", append(agg("Data", "API_ACTIVITY"), agg("Data", "USER_ACTIONS")...), data, nil,
			[]problem{{"AggregationConfigurations", CodeInvalidParameter, "at most 1"}}},
	} {
		checkProblems(t, ValidateAggregation(tc.aggs, tc.basic, tc.adv), tc.want, tc.reason)
	}
	if !HasAggregationTemplate(agg("Data", "RESOURCE_ACCESS"), "RESOURCE_ACCESS") || HasAggregationTemplate(agg("Data", "RESOURCE_ACCESS"), "API_ACTIVITY") ||
		HasAggregationTemplate(agg("Management", "API_ACTIVITY"), "API_ACTIVITY") || HasAggregationTemplate(nil, "") {
		t.Error("HasAggregationTemplate")
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
