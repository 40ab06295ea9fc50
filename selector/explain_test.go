package selector

import (
	"testing"

	"github.com/trailmap/trailmap/event"
)

func TestExplain(t *testing.T) {
	s3Private := []Advanced{sel("All but private", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object),
		Field{Field: FieldResourcesARN, NotStartsWith: []string{"arn:aws:s3:::private-bucket/"}})}
	tests := []struct {
		name     string
		reason   string
		sels     []Advanced
		basic    []Basic
		rec      *event.Record
		selector int
		want     string
	}{
		{"selected", "names the first selector that holds", append(DefaultManagement(), DefaultManagement()...), nil,
			mgmt("iam.amazonaws.com", "CreateUser", no()), 0,
			`selected by AdvancedEventSelectors[0] ("Management events selector")`},
		{"deselect prefix", "the documented pitfall's fix, explained", s3Private, nil,
			s3Data("GetObject", "private-bucket", "x", yes()), -1,
			`not selected: AdvancedEventSelectors[0] ("All but private"): resources.ARN "arn:aws:s3:::private-bucket/x" starts with the NotStartsWith value "arn:aws:s3:::private-bucket/"`},
		{"category", "the category does not match", DefaultManagement(), nil,
			s3Data("GetObject", "b", "k", yes()), -1,
			`not selected: AdvancedEventSelectors[0] ("Management events selector"): eventCategory "Data" matches no Equals value "Management"`},
		{"several selectors", "every selector's first failing condition", []Advanced{
			sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object), eq(FieldEventName, "PutObject", "DeleteObject")),
			sel("lambda", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, LambdaFunction)),
		}, nil, s3Data("GetObject", "b", "k", yes()), -1,
			`not selected: AdvancedEventSelectors[0]: eventName "GetObject" matches no Equals values "PutObject", "DeleteObject"; AdvancedEventSelectors[1] ("lambda"): the record has no resource of resources.type "AWS::Lambda::Function" (it has "AWS::S3::Object", "AWS::S3::Bucket")`},
		{"absent readOnly", "absence is said plainly", []Advanced{sel("", eq(FieldEventCategory, "Management"), eq(FieldReadOnly, "true"))}, nil,
			mgmt("ec2.amazonaws.com", "X", event.Bool{}), -1,
			`not selected: AdvancedEventSelectors[0]: readOnly is absent from the record, so it matches no Equals value "true"`},
		{"not equals", "a deselect value equal to the record's", []Advanced{sel("", eq(FieldEventCategory, "Management"), Field{Field: FieldEventSource, NotEquals: []string{KMSSource}})}, nil,
			mgmt(KMSSource, "Decrypt", yes()), -1,
			`not selected: AdvancedEventSelectors[0]: eventSource "kms.amazonaws.com" equals the NotEquals value "kms.amazonaws.com"`},
		{"ends with", "select by suffix and by prefix together", []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object), Field{Field: FieldResourcesARN, StartsWith: []string{"arn:aws:s3:::a/"}, EndsWith: []string{".csv"}})}, nil,
			s3Data("GetObject", "b", "k.txt", yes()), -1,
			`not selected: AdvancedEventSelectors[0]: resources.ARN "arn:aws:s3:::b/k.txt" matches no StartsWith value "arn:aws:s3:::a/" or EndsWith value ".csv"`},
		{"basic", "translated basic selectors are labelled with the basic selector", nil, []Basic{{ReadWriteType: WriteOnly}},
			mgmt("ec2.amazonaws.com", "GetConsoleOutput", yes()), -1,
			`not selected: EventSelectors[0]: readOnly "true" matches no Equals value "false"`},
		{"derived category", "records without eventCategory say how they were classified", DefaultManagement(), nil,
			&event.Record{EventVersion: "1.05", EventSource: "s3.amazonaws.com", EventName: "GetObject"}, -1,
			`not selected: AdvancedEventSelectors[0] ("Management events selector"): eventCategory "Data" matches no Equals value "Management" (the record has no eventCategory; it was classified as Data)`},
		{"trail default", "a trail without selectors logs management events, and Explain says why", nil, []Basic{},
			mgmt("iam.amazonaws.com", "CreateUser", no()), 0,
			`selected by the default selector of a trail without event selectors ("Management events selector")`},
		{"no selectors", "an empty matcher selects nothing", nil, nil, mgmt("a", "b", yes()), -1,
			`not selected: there are no event selectors`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m *Matcher
			var err error
			switch {
			case tt.basic != nil && len(tt.basic) == 0:
				m, err = Config{}.Compile()
			case tt.basic != nil:
				m, err = CompileBasic(tt.basic)
			default:
				m, err = Compile(tt.sels)
			}
			if err != nil {
				t.Fatal(err)
			}
			x := m.Explain(tt.rec)
			if x.Selector != tt.selector || x.Selected != (tt.selector >= 0) {
				t.Errorf("Selector = %d, Selected = %v, want %d (%s)", x.Selector, x.Selected, tt.selector, tt.reason)
			}
			if got := x.String(); got != tt.want {
				t.Errorf("String:\ngot  %s\nwant %s\n(%s)", got, tt.want, tt.reason)
			}
		})
	}
}

func TestSelectsInsight(t *testing.T) {
	ins := func(typ, name string) *event.Record {
		return &event.Record{EventVersion: "1.07", EventType: event.AwsCloudTrailInsight, EventCategory: event.CategoryInsight,
			InsightDetails: &event.InsightDetails{State: "Start", EventSource: "s3.amazonaws.com", EventName: name, InsightType: typ}}
	}
	tests := []struct {
		name   string
		reason string
		sels   []Insight
		rec    *event.Record
		want   bool
	}{
		{"type match", "call-rate selector, call-rate Insight on a management API", []Insight{{InsightType: APICallRateInsight}}, ins("ApiCallRateInsight", "PutBucketPolicy"), true},
		{"type mismatch", "error-rate Insights need an error-rate selector", []Insight{{InsightType: APICallRateInsight}}, ins("ApiErrorRateInsight", "PutBucketPolicy"), false},
		{"data insight, management selector", "omitted EventCategories means management only", []Insight{{InsightType: APICallRateInsight}}, ins("ApiCallRateInsight", "GetObject"), false},
		{"data insight, data selector", "EventCategories Data covers data APIs", []Insight{{InsightType: APICallRateInsight, EventCategories: []string{"Data"}}}, ins("ApiCallRateInsight", "GetObject"), true},
		{"not an insight", "API records are not Insights events", []Insight{{InsightType: APICallRateInsight}}, mgmt("iam.amazonaws.com", "CreateUser", no()), false},
		{"no selectors", "Insights off", nil, ins("ApiCallRateInsight", "PutBucketPolicy"), false},
	}
	for _, tt := range tests {
		if got := SelectsInsight(tt.sels, tt.rec); got != tt.want {
			t.Errorf("%s: got %v, want %v (%s)", tt.name, got, tt.want, tt.reason)
		}
	}
}
