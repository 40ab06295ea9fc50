package selector

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// problem is an expected validation problem: path and code exactly, and
// a part of the message.
type problem struct{ path, code, msg string }

func checkProblems(t *testing.T, err error, want []problem, reason string) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("got error %v, want none (%s)", err, reason)
		}
		return
	}
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("got %v, want Errors (%s)", err, reason)
	}
	if len(es) != len(want) {
		t.Fatalf("got %d problems, want %d (%s):\n%v", len(es), len(want), reason, err)
	}
	for i, w := range want {
		e := es[i]
		if e.Path != w.path || e.Code != w.code || !strings.Contains(e.Msg, w.msg) {
			t.Errorf("problem %d = {%q %q %q}, want {%q %q contains %q} (%s)", i, e.Path, e.Code, e.Msg, w.path, w.code, w.msg, reason)
		}
	}
}

const ies = CodeInvalidEventSelectors

func TestValidateBasic(t *testing.T) {
	s3 := func(vals ...string) []Basic {
		return []Basic{{DataResources: []DataResource{{Type: S3Object, Values: vals}}}}
	}
	many := func(n int, all bool) []Basic {
		var vals []string
		for i := 0; i < n; i++ {
			vals = append(vals, fmt.Sprintf("arn:aws:s3:::bucket-%d/", i))
		}
		if all {
			vals = append(vals, "arn:aws:s3")
		}
		return []Basic{{DataResources: []DataResource{{Type: S3Object, Values: vals[:n/2]}}},
			{DataResources: []DataResource{{Type: S3Object, Values: vals[n/2:]}}}}
	}
	tests := []struct {
		name   string
		reason string
		sels   []Basic
		want   []problem
	}{
		{"default", "one selector with defaults is the console's management selector", []Basic{{}}, nil},
		{"none", "PutEventSelectors: 1 to 5 event selectors", nil,
			[]problem{{"EventSelectors", ies, "(1 to 5)"}}},
		{"six", "at most five basic selectors", make([]Basic, 6),
			[]problem{{"EventSelectors", ies, "(1 to 5)"}}},
		{"read-only", "PutEventSelectors: ReadWriteType read-only is not valid", []Basic{{ReadWriteType: "read-only"}},
			[]problem{{"EventSelectors[0].ReadWriteType", ies, "Value read-only for ReadWriteType is invalid."}}},
		{"s3 wildcard", "AWS rejects wildcards (aws-security-reference-architecture-examples#335)", s3("arn:aws:s3:::*"),
			[]problem{{"EventSelectors[0].DataResources[0].Values[0]", ies, "Value arn:aws:s3:::* for DataResources.Values is invalid."}}},
		{"lambda wildcard", "same issue, Lambda form", []Basic{{DataResources: []DataResource{{Type: LambdaFunction, Values: []string{"arn:aws:lambda:*"}}}}},
			[]problem{{"EventSelectors[0].DataResources[0].Values[0]", ies, "Value arn:aws:lambda:* for DataResources.Values is invalid."}}},
		{"s3 bucket without slash", "a bucket is selected with a trailing slash", s3("arn:aws:s3:::b"),
			[]problem{{"EventSelectors[0].DataResources[0].Values[0]", ies, "Value arn:aws:s3:::b for DataResources.Values is invalid."}}},
		{"s3 empty bucket", "arn:aws:s3:::/ is rejected by AWS", s3("arn:aws:s3:::/"),
			[]problem{{"EventSelectors[0].DataResources[0].Values[0]", ies, "is invalid"}}},
		{"s3 bucket name only", "values are ARNs, not bucket names", s3("my-bucket/"),
			[]problem{{"EventSelectors[0].DataResources[0].Values[0]", ies, "is invalid"}}},
		{"s3 forms", "all buckets, a bucket, a key prefix, another partition", s3("arn:aws:s3", "arn:aws:s3:::b/", "arn:aws:s3:::b/logs/2023", "arn:aws-cn:s3:::b/", "arn:aws-us-gov:s3"), nil},
		// The CloudTrail User Guide's put-event-selectors example for "all
		// data events for all Amazon S3 buckets" (TrailName2, in the
		// archived awsdocs/aws-cloudtrail-user-guide CLI pages, with the
		// get-event-selectors output returning it; earlier versions of the
		// AWS CLI's own example too) and CDK's Trail.logAllS3DataEvents
		// write arn:aws:s3::: for every bucket.
		{"s3 all buckets written arn:aws:s3:::", "AWS documents and returns it", s3("arn:aws:s3:::", "arn:aws-cn:s3:::"), nil},
		{"lambda forms", "all functions and a function ARN", []Basic{{DataResources: []DataResource{{Type: LambdaFunction, Values: []string{"arn:aws:lambda", "arn:aws:lambda:us-west-2:111122223333:function:helloworld"}}}}}, nil},
		{"lambda not a function", "a layer ARN is not a function", []Basic{{DataResources: []DataResource{{Type: LambdaFunction, Values: []string{"arn:aws:lambda:us-west-2:111122223333:layer:x"}}}}},
			[]problem{{"EventSelectors[0].DataResources[0].Values[0]", ies, "is invalid"}}},
		{"dynamodb forms", "all tables and a table ARN", []Basic{{DataResources: []DataResource{{Type: DynamoDBTable, Values: []string{"arn:aws:dynamodb", "arn:aws:dynamodb:us-east-1:111122223333:table/Music"}}}}}, nil},
		{"other type", "basic selectors take only S3 objects, Lambda functions and DynamoDB tables", []Basic{{DataResources: []DataResource{{Type: "AWS::SNS::Topic", Values: []string{"arn:aws:sns"}}}}},
			[]problem{{"EventSelectors[0].DataResources[0].Type", ies, "Value AWS::SNS::Topic for DataResources.Type is invalid."}}},
		{"no values", "a data resource needs values", []Basic{{DataResources: []DataResource{{Type: S3Object}}}},
			[]problem{{"EventSelectors[0].DataResources[0].Values", ies, "at least one value"}}},
		{"exclude", "only kms and rdsdata can be excluded", []Basic{{ExcludeManagementEventSources: []string{KMSSource, "iam.amazonaws.com"}}},
			[]problem{{"EventSelectors[0].ExcludeManagementEventSources[1]", ies, "Value iam.amazonaws.com for ExcludeManagementEventSources is invalid."}}},
		{"no management events and no data resources", "AWS rejects a selector that selects nothing (aws/aws-cdk#15488, #13966; CloudFormation User Guide, AWS::CloudTrail::Trail EventSelector)",
			[]Basic{{IncludeManagementEvents: boolPtr(false)}},
			[]problem{{"EventSelectors[0]", ies, "Invalid combination of parameters in EventSelectors. When includeManagementEvents is false, DataResources must not be empty"}}},
		{"no management events, data resources", "a data-only selector is valid (CloudTrail User Guide, Logging data events: basic selectors)",
			[]Basic{{IncludeManagementEvents: boolPtr(false), DataResources: []DataResource{{Type: S3Object, Values: []string{"arn:aws:s3"}}}}}, nil},
		{"second selector selects nothing", "the rule holds per selector (aws/aws-cdk#13966: the management selector of a bucket-only trail)",
			[]Basic{{DataResources: []DataResource{{Type: S3Object, Values: []string{"arn:aws:s3:::b/"}}}}, {IncludeManagementEvents: boolPtr(false), ReadWriteType: WriteOnly}},
			[]problem{{"EventSelectors[1]", ies, "When includeManagementEvents is false, DataResources must not be empty"}}},
		{"250 values", "250 values in all is the limit", many(250, false), nil},
		{"251 values", "more than 250 values across selectors (aws-crr-monitor#7)", many(251, false),
			[]problem{{"EventSelectors", ies, "Specify a valid number of DataResources.Values (0 to 250) for all your selectors"}}},
		{"250 values plus all", "the all-resources forms do not count", many(250, true), nil},
		{"all problems at once", "every problem is reported, sorted by path", []Basic{
			{ReadWriteType: "x"},
			{DataResources: []DataResource{{Type: S3Object, Values: []string{"*", "arn:aws:s3:::b/"}}}},
			{ExcludeManagementEventSources: []string{"x"}},
		}, []problem{
			{"EventSelectors[0].ReadWriteType", ies, "Value x"},
			{"EventSelectors[1].DataResources[0].Values[0]", ies, "Value * for"},
			{"EventSelectors[2].ExcludeManagementEventSources[0]", ies, "Value x"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, ValidateBasic(tt.sels), tt.want, tt.reason)
		})
	}
}

func TestValidateAdvanced(t *testing.T) {
	data := func(extra ...Field) []Advanced {
		return []Advanced{sel("", append([]Field{eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object)}, extra...)...)}
	}
	mg := func(extra ...Field) []Advanced {
		return []Advanced{sel("", append([]Field{eq(FieldEventCategory, "Management")}, extra...)...)}
	}
	na := func(extra ...Field) []Advanced {
		return []Advanced{sel("", append([]Field{eq(FieldEventCategory, "NetworkActivity"), eq(FieldEventSource, KMSSource)}, extra...)...)}
	}
	values := func(n int) []Advanced {
		var v []string
		for i := 0; i < n; i++ {
			v = append(v, fmt.Sprintf("arn:aws:s3:::b%d/", i))
		}
		return data(Field{Field: FieldResourcesARN, StartsWith: v})
	}
	fs0 := "AdvancedEventSelectors[0].FieldSelectors"
	tests := []struct {
		name   string
		reason string
		target Target
		sels   []Advanced
		want   []problem
	}{
		{"default management", "the console default", TargetTrail, DefaultManagement(), nil},
		{"empty list", "no selectors is not a selector error", TargetTrail, nil, nil},
		{"no field selectors", "FieldSelectors has at least one member", TargetTrail, []Advanced{{Name: "x"}},
			[]problem{{fs0, ies, "at least one field selector"}}},
		{"no eventCategory", "eventCategory is required", TargetTrail, []Advanced{sel("", eq(FieldEventName, "GetObject"))},
			[]problem{{fs0, ies, "eventCategory field is required"}}},
		{"eventCategory NotEquals", "eventCategory takes Equals only", TargetTrail, []Advanced{sel("", Field{Field: FieldEventCategory, Equals: []string{"Management"}, NotEquals: []string{"Data"}})},
			[]problem{{fs0 + "[0].NotEquals", ies, "Operator NotEquals is not supported for field eventCategory"}}},
		{"eventCategory Insight on a trail", "Insight is for event data stores", TargetTrail, []Advanced{sel("", eq(FieldEventCategory, "Insight"))},
			[]problem{{fs0 + "[0].Equals[0]", ies, "Value Insight for eventCategory is invalid for trails"}}},
		{"eventCategory Insight on a store", "event data stores select Insights events", TargetEventDataStore, []Advanced{sel("", eq(FieldEventCategory, "Insight"))}, nil},
		{"Insight with a filter", "Insights, Config items and the rest take only eventCategory", TargetEventDataStore, []Advanced{sel("", eq(FieldEventCategory, "ConfigurationItem"), eq(FieldEventName, "x"))},
			[]problem{{fs0 + "[1].Field", ies, "Field eventName is not supported for ConfigurationItem events"}}},
		{"two categories", "one eventCategory value per selector", TargetTrail, []Advanced{sel("", eq(FieldEventCategory, "Management", "Data"))},
			[]problem{{fs0 + "[0].Equals", ies, "exactly one Equals value"}}},
		{"field case", "fields are case-sensitive", TargetTrail, mg(eq("eventname", "x")),
			[]problem{{fs0 + "[1].Field", ies, "Field eventname is not a supported field"}}},
		{"field pattern", "Field matches [\\w|\\d|\\.|_]+", TargetTrail, mg(eq("event name", "x")),
			[]problem{{fs0 + "[1].Field", ies, "does not match the pattern"}}},
		{"field length", "Field is 1 to 1000 characters", TargetTrail, mg(eq(strings.Repeat("a", 1001), "x")),
			[]problem{{fs0 + "[1].Field", ies, "1 to 1000 characters"}}},
		{"empty field", "Field is required", TargetTrail, mg(eq("", "x")),
			[]problem{{fs0 + "[1].Field", ies, "1 to 1000 characters"}}},
		{"no operator", "a field selector without operator is rejected (aws-sdk-go#4260)", TargetTrail, mg(Field{Field: FieldReadOnly}),
			[]problem{{fs0 + "[1]", ies, "has no operator"}}},
		{"name length", "Name is at most 1000 characters", TargetTrail, []Advanced{{Name: strings.Repeat("n", 1001), Fields: DefaultManagement()[0].Fields}},
			[]problem{{"AdvancedEventSelectors[0].Name", ies, "maximum is 1000"}}},
		{"value with a line break", "API AdvancedFieldSelector: values match the pattern .+, and . matches no line terminator", TargetTrail,
			data(eq(FieldEventName, "Get\nObject"), Field{Field: FieldResourcesARN, StartsWith: []string{"arn:aws:s3:::b/\u2028"}}),
			[]problem{{fs0 + "[2].Equals[0]", ies, "line break"}, {fs0 + "[3].StartsWith[0]", ies, "line break"}}},
		{"name with a line break", "API AdvancedEventSelector: Name matches the pattern .*, and . matches no line terminator", TargetTrail,
			[]Advanced{{Name: "Log\r\nall", Fields: DefaultManagement()[0].Fields}},
			[]problem{{"AdvancedEventSelectors[0].Name", ies, "line break"}}},
		{"value length", "values are 1 to 2048 characters", TargetTrail, data(eq(FieldEventName, strings.Repeat("v", 2049), "")),
			[]problem{{fs0 + "[2].Equals[0]", ies, "1 to 2048"}, {fs0 + "[2].Equals[1]", ies, "1 to 2048"}}},
		{"500 values", "500 values in all is the limit", TargetTrail, values(498), nil},
		{"501 values", "more than 500 values across all selectors (CloudTrail quotas: 500 values for all conditions)", TargetTrail, values(499),
			[]problem{{"AdvancedEventSelectors", ies, "Specify up to 500 values for all conditions in all advanced event selectors for a trail; found 501."}}},
		{"501 values, event data store", "the same limit names the event data store", TargetEventDataStore, values(499),
			[]problem{{"AdvancedEventSelectors", ies, "for an event data store; found 501."}}},
		{"readOnly values", "readOnly is \"true\" or \"false\"", TargetTrail, mg(eq(FieldReadOnly, "yes")),
			[]problem{{fs0 + "[1].Equals[0]", ies, "Value yes for readOnly is invalid"}}},
		{"readOnly NotEquals", "readOnly takes Equals only", TargetTrail, mg(Field{Field: FieldReadOnly, NotEquals: []string{"true"}}),
			[]problem{{fs0 + "[1].NotEquals", ies, "Operator NotEquals is not supported for field readOnly"}}},
		{"management eventSource kms", "trails may exclude KMS management events", TargetTrail, mg(Field{Field: FieldEventSource, NotEquals: []string{KMSSource, RDSDataSource}}), nil},
		{"management eventSource other", "only kms and rdsdata on trails", TargetTrail, mg(Field{Field: FieldEventSource, NotEquals: []string{"iam.amazonaws.com"}}),
			[]problem{{fs0 + "[1].NotEquals[0]", ies, "Value iam.amazonaws.com for eventSource is invalid"}}},
		{"management eventSource Equals", "only NotEquals on trails", TargetTrail, mg(eq(FieldEventSource, "iam.amazonaws.com")),
			[]problem{{fs0 + "[1].Equals", ies, "Operator Equals is not supported for field eventSource"}}},
		{"management eventSource on a store", "any operator on event data stores", TargetEventDataStore, mg(eq(FieldEventSource, "iam.amazonaws.com")), nil},
		{"management eventName on a trail", "eventName on management events is for event data stores only", TargetTrail, mg(eq(FieldEventName, "CreateUser")),
			[]problem{{fs0 + "[1].Field", ies, "Field eventName is not supported for Management events on trails"}}},
		{"management eventName on a store", "allowed on event data stores", TargetEventDataStore, mg(eq(FieldEventName, "CreateUser"), Field{Field: FieldUserIdentityARN, StartsWith: []string{"arn:aws:iam::"}}), nil},
		{"data without resources.type", "resources.type is required for data events", TargetTrail, []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldEventName, "GetObject"))},
			[]problem{{fs0, ies, "resources.type field is required"}}},
		{"data on trail, newer fields", "eventType, sessionCredentialFromConsole and userIdentity.arn are allowed for data events on trails (newer API reference)", TargetTrail,
			data(Field{Field: FieldEventType, NotEquals: []string{"AwsServiceEvent"}}, eq(FieldSessionCredentialFromConsole, "true"), Field{Field: FieldUserIdentityARN, NotStartsWith: []string{"arn:aws:sts::111122223333:assumed-role/x/"}}, Field{Field: FieldEventSource, StartsWith: []string{"s3"}}), nil},
		{"two resources.type", "one resources.type per selector", TargetTrail, data(eq(FieldResourcesType, LambdaFunction)),
			[]problem{{fs0 + "[2].Field", ies, "only once"}}},
		{"resources.type StartsWith", "resources.type takes Equals only", TargetTrail, []Advanced{sel("", eq(FieldEventCategory, "Data"), Field{Field: FieldResourcesType, Equals: []string{S3Object}, StartsWith: []string{"AWS::S3"}})},
			[]problem{{fs0 + "[1].StartsWith", ies, "Operator StartsWith is not supported"}}},
		{"resources.type malformed", "types are AWS::<Service>::<Type>", TargetTrail, []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, "S3Object"))},
			[]problem{{fs0 + "[1].Equals[0]", ies, "Value S3Object for resources.type is invalid"}}},
		{"resources.ARN Equals not an ARN", "Equals must be a full ARN", TargetTrail, data(eq(FieldResourcesARN, "my-bucket/key")),
			[]problem{{fs0 + "[2].Equals[0]", ies, "full ARN"}}},
		{"resources.ARN NotEquals bucket", "valid, though it does not exclude the bucket's objects", TargetTrail, data(Field{Field: FieldResourcesARN, NotEquals: []string{"arn:aws:s3:::b/"}}), nil},
		{"sessionCredentialFromConsole StartsWith", "Equals and NotEquals only", TargetTrail, data(Field{Field: FieldSessionCredentialFromConsole, StartsWith: []string{"t"}}),
			[]problem{{fs0 + "[2].StartsWith", ies, "use Equals or NotEquals"}}},
		{"errorCode on data", "errorCode is for network activity", TargetTrail, data(eq(FieldErrorCode, "AccessDenied")),
			[]problem{{fs0 + "[2].Field", ies, "Field errorCode is not supported for Data events"}}},
		{"network activity", "eventSource Equals, errorCode VpceAccessDenied, vpcEndpointId, eventName", TargetTrail,
			na(eq(FieldErrorCode, "VpceAccessDenied"), Field{Field: FieldVPCEndpointID, StartsWith: []string{"vpce-"}}, Field{Field: FieldEventName, NotEquals: []string{"Decrypt"}}), nil},
		{"network activity userIdentity.arn on trail", "added for trails (CloudTrail doc history 2026-07-15)", TargetTrail, na(Field{Field: FieldUserIdentityARN, NotStartsWith: []string{"arn:aws:iam::111122223333:role/"}}), nil},
		{"network activity userIdentity.arn on store", "the trails-only field", TargetEventDataStore, na(eq(FieldUserIdentityARN, "arn:aws:iam::111122223333:user/x")),
			[]problem{{fs0 + "[2].Field", ies, "Field userIdentity.arn is not supported for NetworkActivity events on event data stores"}}},
		{"network activity without source", "eventSource is required", TargetTrail, []Advanced{sel("", eq(FieldEventCategory, "NetworkActivity"))},
			[]problem{{fs0, ies, "eventSource field is required"}}},
		{"network activity two sources", "one event source per selector", TargetTrail, []Advanced{sel("", eq(FieldEventCategory, "NetworkActivity"), eq(FieldEventSource, KMSSource, "s3.amazonaws.com"))},
			[]problem{{fs0 + "[1].Equals", ies, "one event source"}}},
		{"network activity errorCode", "only VpceAccessDenied", TargetTrail, na(eq(FieldErrorCode, "AccessDenied")),
			[]problem{{fs0 + "[2].Equals[0]", ies, "use VpceAccessDenied"}}},
		{"network activity readOnly", "network activity has no readOnly", TargetTrail, na(eq(FieldReadOnly, "true")),
			[]problem{{fs0 + "[2].Field", ies, "Field readOnly is not supported for NetworkActivity"}}},
		{"all problems at once", "sorted by path with numeric indexes", TargetTrail, append(values(2), make([]Advanced, 10)...),
			func() []problem {
				var p []problem
				for i := 1; i <= 10; i++ {
					p = append(p, problem{fmt.Sprintf("AdvancedEventSelectors[%d].FieldSelectors", i), ies, "at least one"})
				}
				return p
			}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateAdvanced(tt.sels, tt.target)
			checkProblems(t, err, tt.want, tt.reason)
			if tt.target == TargetTrail {
				_, cerr := Compile(tt.sels)
				if (cerr == nil) != (err == nil) {
					t.Errorf("Compile error %v disagrees with ValidateAdvanced %v", cerr, err)
				}
			}
		})
	}
}

func TestValidateTogether(t *testing.T) {
	err := Validate([]Basic{{}}, DefaultManagement())
	checkProblems(t, err, []problem{{"EventSelectors", CodeInvalidEventSelectors, "not both"}}, "PutEventSelectors: either AdvancedEventSelectors or EventSelectors, but not both")
	if err := Validate(nil, nil); err != nil {
		t.Errorf("Validate(nil, nil) = %v", err)
	}
	checkProblems(t, Validate([]Basic{{ReadWriteType: "x"}}, nil), []problem{{"EventSelectors[0].ReadWriteType", ies, "Value x"}}, "basic checked")
	checkProblems(t, Config{AdvancedEventSelectors: []Advanced{{}}}.Validate(), []problem{{"AdvancedEventSelectors[0].FieldSelectors", ies, "at least one"}}, "advanced checked")
}

func TestValidateInsight(t *testing.T) {
	const iis = CodeInvalidInsightSelectors
	writeOnly := []Basic{{ReadWriteType: WriteOnly}}
	readOnly := []Basic{{ReadWriteType: ReadOnly}}
	withData := []Basic{{DataResources: []DataResource{{Type: S3Object, Values: []string{"arn:aws:s3"}}}}}
	advRead := []Advanced{sel("", eq(FieldEventCategory, "Management"), eq(FieldReadOnly, "true"))}
	tests := []struct {
		name   string
		reason string
		ins    []Insight
		basic  []Basic
		adv    []Advanced
		want   []problem
	}{
		{"off", "an empty list turns Insights off", nil, readOnly, nil, nil},
		{"default trail", "a trail without selectors logs all management events", []Insight{{InsightType: APICallRateInsight}, {InsightType: APIErrorRateInsight}}, nil, nil, nil},
		{"call rate, write logged", "call-rate Insights analyze write management events", []Insight{{InsightType: APICallRateInsight}}, writeOnly, nil, nil},
		{"call rate, read only", "write management events are needed", []Insight{{InsightType: APICallRateInsight}}, readOnly, nil,
			[]problem{{"InsightSelectors[0]", iis, "write management events"}}},
		{"call rate, advanced read only", "the same rule for advanced selectors", []Insight{{InsightType: APICallRateInsight}}, nil, advRead,
			[]problem{{"InsightSelectors[0]", iis, "write management events"}}},
		{"error rate, read only", "error-rate needs read or write management events", []Insight{{InsightType: APIErrorRateInsight}}, readOnly, nil, nil},
		{"error rate, no management", "management events off", []Insight{{InsightType: APIErrorRateInsight}}, []Basic{{IncludeManagementEvents: boolPtr(false), DataResources: withData[0].DataResources}}, nil,
			[]problem{{"InsightSelectors[0]", iis, "read or write management events"}}},
		{"data insights with data", "data-event Insights need data events", []Insight{{InsightType: APICallRateInsight, EventCategories: []string{"Data"}}}, withData, nil, nil},
		{"data insights without data", "no data selector", []Insight{{InsightType: APIErrorRateInsight, EventCategories: []string{"Management", "Data"}}}, writeOnly, nil,
			[]problem{{"InsightSelectors[0]", iis, "data events"}}},
		{"bad type and category", "InsightType and EventCategories are enums", []Insight{{InsightType: "ApiCallRate", EventCategories: []string{"NetworkActivity"}}}, nil, nil,
			[]problem{{"InsightSelectors[0].EventCategories[0]", iis, "Value NetworkActivity for EventCategories is invalid"}, {"InsightSelectors[0].InsightType", iis, "Value ApiCallRate for InsightType is invalid"}}},
		{"duplicate", "each type once", []Insight{{InsightType: APICallRateInsight}, {InsightType: APICallRateInsight}}, nil, nil,
			[]problem{{"InsightSelectors[1].InsightType", iis, "more than once"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, ValidateInsight(tt.ins, tt.basic, tt.adv), tt.want, tt.reason)
		})
	}
}

func TestPathLess(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"A[2].B", "A[10].B", true},
		{"A[10].B", "A[2].B", false},
		{"A", "A[0]", true},
		{"A[1].B", "A[1].C", true},
		{"A[01]", "A[1]", false},
	}
	for _, tt := range tests {
		if got := pathLess(tt.a, tt.b); got != tt.want {
			t.Errorf("pathLess(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
