package selector_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"log"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/selector"
)

func ExampleValidateAdvanced() {
	sels := []selector.Advanced{{
		Name: "S3 reads",
		Fields: []selector.Field{
			{Field: "eventCategory", Equals: []string{"Data"}},
			{Field: "readOnly", Equals: []string{"yes"}},
			{Field: "eventname", Equals: []string{"GetObject"}},
		},
	}}
	err := selector.ValidateAdvanced(sels, selector.TargetTrail)
	var es selector.Errors
	if !errors.As(err, &es) {
		log.Fatal("want selector.Errors")
	}
	for _, e := range es {
		fmt.Println(e.Code)
		fmt.Println(" ", e)
	}
	// Output:
	// InvalidEventSelectorsException
	//   selector: AdvancedEventSelectors[0].FieldSelectors: The resources.type field is required for Data events; specify resources.type Equals a data resource type.
	// InvalidEventSelectorsException
	//   selector: AdvancedEventSelectors[0].FieldSelectors[1].Equals[0]: Value yes for readOnly is invalid; use "true" or "false".
	// InvalidEventSelectorsException
	//   selector: AdvancedEventSelectors[0].FieldSelectors[2].Field: Field eventname is not a supported field; fields are case-sensitive (eventCategory, eventSource, eventName, eventType, readOnly, sessionCredentialFromConsole, userIdentity.arn, resources.type, resources.ARN, errorCode, vpcEndpointId).
}

func ExampleValidateBasic() {
	err := selector.ValidateBasic([]selector.Basic{{
		DataResources: []selector.DataResource{{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3:::*"}}},
	}})
	fmt.Println(err)
	// Output:
	// selector: EventSelectors[0].DataResources[0].Values[0]: Value arn:aws:s3:::* for DataResources.Values is invalid.
}

func ExampleCompile() {
	m, err := selector.Compile([]selector.Advanced{
		{Name: "Management events", Fields: []selector.Field{
			{Field: "eventCategory", Equals: []string{"Management"}},
			{Field: "eventSource", NotEquals: []string{"kms.amazonaws.com"}},
		}},
		{Name: "S3 writes", Fields: []selector.Field{
			{Field: "eventCategory", Equals: []string{"Data"}},
			{Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
			{Field: "readOnly", Equals: []string{"false"}},
		}},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, rec := range []*event.Record{
		{EventCategory: "Management", EventSource: "iam.amazonaws.com", EventName: "CreateUser"},
		{EventCategory: "Management", EventSource: "kms.amazonaws.com", EventName: "Decrypt"},
		{EventCategory: "Data", EventSource: "s3.amazonaws.com", EventName: "PutObject",
			ReadOnly:  event.Bool{Set: true, Value: false},
			Resources: []event.Resource{{Type: "AWS::S3::Object", ARN: "arn:aws:s3:::amzn-s3-demo-bucket/report.csv"}}},
		{EventCategory: "Data", EventSource: "s3.amazonaws.com", EventName: "GetObject",
			ReadOnly:  event.Bool{Set: true, Value: true},
			Resources: []event.Resource{{Type: "AWS::S3::Object", ARN: "arn:aws:s3:::amzn-s3-demo-bucket/report.csv"}}},
	} {
		fmt.Println(rec.EventName, m.Match(rec))
	}
	// Output:
	// CreateUser true
	// Decrypt false
	// PutObject true
	// GetObject false
}

func ExampleMatcher_Explain() {
	// Log data events of every bucket except private-bucket. NotEquals
	// "arn:aws:s3:::private-bucket/" would never match an object ARN;
	// NotStartsWith does.
	m := selector.MustCompile([]selector.Advanced{{
		Name: "All buckets but one",
		Fields: []selector.Field{
			{Field: "eventCategory", Equals: []string{"Data"}},
			{Field: "resources.type", Equals: []string{"AWS::S3::Object"}},
			{Field: "resources.ARN", NotStartsWith: []string{"arn:aws:s3:::private-bucket/"}},
		},
	}})
	rec := &event.Record{
		EventCategory: "Data", EventSource: "s3.amazonaws.com", EventName: "GetObject",
		Resources: []event.Resource{
			{Type: "AWS::S3::Object", ARN: "arn:aws:s3:::private-bucket/x"},
			{Type: "AWS::S3::Bucket", ARN: "arn:aws:s3:::private-bucket"},
		},
	}
	x := m.Explain(rec)
	fmt.Println(x.Selected)
	fmt.Println(x)
	// Output:
	// false
	// not selected: AdvancedEventSelectors[0] ("All buckets but one"): resources.ARN "arn:aws:s3:::private-bucket/x" starts with the NotStartsWith value "arn:aws:s3:::private-bucket/"
}

func ExampleFromBasic() {
	adv := selector.FromBasic([]selector.Basic{{
		ReadWriteType:                 selector.WriteOnly,
		ExcludeManagementEventSources: []string{"kms.amazonaws.com"},
		DataResources: []selector.DataResource{
			{Type: "AWS::S3::Object", Values: []string{"arn:aws:s3:::amzn-s3-demo-bucket/"}},
			{Type: "AWS::Lambda::Function", Values: []string{"arn:aws:lambda"}},
		},
	}})
	for _, a := range adv {
		b, err := json.Marshal(a)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(string(b))
	}
	// Output:
	// {"Name":"EventSelectors[0] management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]},{"Field":"readOnly","Equals":["false"]},{"Field":"eventSource","NotEquals":["kms.amazonaws.com"]}]}
	// {"Name":"EventSelectors[0] data events AWS::S3::Object (DataResources[0])","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},{"Field":"readOnly","Equals":["false"]},{"Field":"resources.ARN","StartsWith":["arn:aws:s3:::amzn-s3-demo-bucket/"]}]}
	// {"Name":"EventSelectors[0] data events AWS::Lambda::Function (DataResources[1])","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::Lambda::Function"]},{"Field":"readOnly","Equals":["false"]}]}
}

func ExampleConfig() {
	// The output of `aws cloudtrail get-event-selectors --trail-name management-events`.
	out := []byte(`{
    "TrailARN": "arn:aws:cloudtrail:us-east-2:123456789012:trail/management-events",
    "EventSelectors": [
        {
            "ReadWriteType": "All",
            "IncludeManagementEvents": true,
            "DataResources": [],
            "ExcludeManagementEventSources": []
        }
    ]
}`)
	var cfg selector.Config
	if err := json.Unmarshal(out, &cfg); err != nil {
		log.Fatal(err)
	}
	m, err := cfg.Compile()
	if err != nil {
		log.Fatal(err)
	}
	rec := &event.Record{EventCategory: "Management", EventSource: "iam.amazonaws.com", EventName: "CreateUser"}
	fmt.Println(m.Explain(rec))
	// Output:
	// selected by EventSelectors[0]
}

func ExampleValidateInsight() {
	err := selector.ValidateInsight(
		[]selector.Insight{{InsightType: selector.APICallRateInsight}},
		[]selector.Basic{{ReadWriteType: selector.ReadOnly}}, nil)
	var e *selector.Error
	if errors.As(err, &e) {
		fmt.Println(e.Code)
		fmt.Println(e.Msg)
	}
	// Output:
	// InvalidInsightSelectorsException
	// ApiCallRateInsight on management events needs the trail to log write management events; its event selectors do not.
}

// A resources.type missing from the documented table is a warning naming
// the table's date and the nearest documented type; Strict makes it the
// exception AWS returns for an invalid value.
func ExampleOptions_Validate() {
	sels := []selector.Advanced{{Fields: []selector.Field{
		{Field: "eventCategory", Equals: []string{"Data"}},
		{Field: "resources.type", Equals: []string{"AWS::S3::Objects"}},
	}}}
	warns, err := selector.Options{}.Validate(nil, sels)
	fmt.Println(err, len(warns), warns[0].Code)
	_, err = selector.Options{Strict: true}.Validate(nil, sels)
	var es selector.Errors
	errors.As(err, &es)
	fmt.Println(es[0].Code)
	fmt.Println(selector.NearestResourceType("AWS::S3::Objects"))
	// Output:
	// <nil> 1 UnknownResourceType
	// InvalidEventSelectorsException
	// AWS::S3::Object
}
