package selector

import (
	"testing"

	"github.com/trailmap/trailmap/event"
)

// Cases from the CloudTrail user guide ("Logging data events", "Filtering
// data events by using advanced event selectors", "Logging management
// events") and the PutEventSelectors API reference.
func TestMatchDocumented(t *testing.T) {
	const privateObj = "arn:aws:s3:::private-bucket/"
	s3Sel := func(arn Field) []Advanced {
		return []Advanced{sel("s3", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object), arn)}
	}
	tests := []struct {
		name   string
		reason string
		sels   []Advanced
		rec    *event.Record
		want   bool
	}{
		{
			name:   "default/management write",
			reason: "the console default logs every management event",
			sels:   DefaultManagement(),
			rec:    mgmt("ec2.amazonaws.com", "RunInstances", no()),
			want:   true,
		},
		{
			name:   "default/management read",
			reason: "the default has no readOnly condition",
			sels:   DefaultManagement(),
			rec:    mgmt("ec2.amazonaws.com", "GetConsoleOutput", yes()),
			want:   true,
		},
		{
			name:   "default/no data events",
			reason: "trails without data selectors log no data events",
			sels:   DefaultManagement(),
			rec:    s3Data("GetObject", "b", "k", yes()),
			want:   false,
		},
		{
			name:   "default/no network activity",
			reason: "network activity events need their own selector",
			sels:   DefaultManagement(),
			rec:    network("kms.amazonaws.com", "Decrypt", ""),
			want:   false,
		},
		{
			name:   "S3 pitfall/NotEquals bucket does not exclude objects",
			reason: "object ARNs are bucket/key, so NotEquals the bucket prefix never matches and the object is logged (terraform-provider-aws#28582)",
			sels:   s3Sel(Field{Field: FieldResourcesARN, NotEquals: []string{privateObj}}),
			rec:    s3Data("GetObject", "private-bucket", "x", yes()),
			want:   true,
		},
		{
			name:   "S3 pitfall/NotStartsWith bucket excludes objects",
			reason: "the guide's 'all but one bucket' example uses NotStartsWith",
			sels:   s3Sel(Field{Field: FieldResourcesARN, NotStartsWith: []string{privateObj}}),
			rec:    s3Data("GetObject", "private-bucket", "x", yes()),
			want:   false,
		},
		{
			name:   "S3 pitfall/NotStartsWith keeps other buckets",
			reason: "only objects under the deselected prefix are dropped",
			sels:   s3Sel(Field{Field: FieldResourcesARN, NotStartsWith: []string{privateObj}}),
			rec:    s3Data("GetObject", "public-bucket", "x", yes()),
			want:   true,
		},
		{
			name:   "S3/NotStartsWith similar bucket name",
			reason: "private-bucket2 does not start with private-bucket/ (the slash ends the bucket name)",
			sels:   s3Sel(Field{Field: FieldResourcesARN, NotStartsWith: []string{privateObj}}),
			rec:    s3Data("GetObject", "private-bucket2", "x", yes()),
			want:   true,
		},
		{
			name:   "several DESELECT values/first hits",
			reason: "the event is dropped when any deselect value matches",
			sels: []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object),
				Field{Field: FieldEventName, NotEquals: []string{"GetObject", "HeadObject"}})},
			rec:  s3Data("GetObject", "b", "k", yes()),
			want: false,
		},
		{
			name:   "several DESELECT values/second hits",
			reason: "deselect values are not OR'd 'not's: HeadObject equals the second value",
			sels: []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object),
				Field{Field: FieldEventName, NotEquals: []string{"GetObject", "HeadObject"}})},
			rec:  s3Data("HeadObject", "b", "k", yes()),
			want: false,
		},
		{
			name:   "several DESELECT values/none hits",
			reason: "PutObject matches no deselect value",
			sels: []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object),
				Field{Field: FieldEventName, NotEquals: []string{"GetObject", "HeadObject"}})},
			rec:  s3Data("PutObject", "b", "k", no()),
			want: true,
		},
		{
			name:   "SELECT and DESELECT/AND'd within a field selector",
			reason: "StartsWith selects the bucket and NotStartsWith drops its private/ prefix",
			sels: s3Sel(Field{Field: FieldResourcesARN, StartsWith: []string{"arn:aws:s3:::b/"},
				NotStartsWith: []string{"arn:aws:s3:::b/private/"}}),
			rec:  s3Data("GetObject", "b", "private/k", yes()),
			want: false,
		},
		{
			name:   "SELECT and DESELECT/selected part",
			reason: "outside the deselected prefix the select value holds",
			sels: s3Sel(Field{Field: FieldResourcesARN, StartsWith: []string{"arn:aws:s3:::b/"},
				NotStartsWith: []string{"arn:aws:s3:::b/private/"}}),
			rec:  s3Data("GetObject", "b", "public/k", yes()),
			want: true,
		},
		{
			name:   "SELECT values OR'd",
			reason: "PutEventSelectors example: eventName Equals PutObject or DeleteObject",
			sels: []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object),
				eq(FieldEventName, "PutObject", "DeleteObject"),
				Field{Field: FieldResourcesARN, StartsWith: []string{"arn:aws:s3:::amzn-s3-demo-bucket/prefix", "arn:aws:s3:::amzn-s3-demo-bucket2/prefix2"}})},
			rec:  s3Data("DeleteObject", "amzn-s3-demo-bucket2", "prefix2/file", no()),
			want: true,
		},
		{
			name:   "SELECT values OR'd/no value",
			reason: "GetObject is not among the Equals values",
			sels: []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object),
				eq(FieldEventName, "PutObject", "DeleteObject"))},
			rec:  s3Data("GetObject", "b", "k", yes()),
			want: false,
		},
		{
			name:   "readOnly on data events/read",
			reason: "readOnly Equals true keeps read data events",
			sels:   []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object), eq(FieldReadOnly, "true"))},
			rec:    s3Data("GetObject", "b", "k", yes()),
			want:   true,
		},
		{
			name:   "readOnly on data events/write",
			reason: "readOnly Equals true drops write data events",
			sels:   []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object), eq(FieldReadOnly, "true"))},
			rec:    s3Data("PutObject", "b", "k", no()),
			want:   false,
		},
		{
			name:   "readOnly on management events/write-only",
			reason: "PutEventSelectors example: a write-only selector logs RunInstances",
			sels:   []Advanced{sel("", eq(FieldEventCategory, "Management"), eq(FieldReadOnly, "false"))},
			rec:    mgmt("ec2.amazonaws.com", "RunInstances", no()),
			want:   true,
		},
		{
			name:   "readOnly on management events/read dropped",
			reason: "PutEventSelectors example: a write-only selector does not log GetConsoleOutput",
			sels:   []Advanced{sel("", eq(FieldEventCategory, "Management"), eq(FieldReadOnly, "false"))},
			rec:    mgmt("ec2.amazonaws.com", "GetConsoleOutput", yes()),
			want:   false,
		},
		{
			name:   "readOnly absent/Equals true",
			reason: "a record without readOnly (optional in record contents) has no value to equal true",
			sels:   []Advanced{sel("", eq(FieldEventCategory, "Management"), eq(FieldReadOnly, "true"))},
			rec:    mgmt("ec2.amazonaws.com", "X", event.Bool{}),
			want:   false,
		},
		{
			name:   "readOnly absent/Equals false",
			reason: "absent is not false either",
			sels:   []Advanced{sel("", eq(FieldEventCategory, "Management"), eq(FieldReadOnly, "false"))},
			rec:    mgmt("ec2.amazonaws.com", "X", event.Bool{}),
			want:   false,
		},
		{
			name:   "readOnly absent/no condition",
			reason: "without a readOnly condition both kinds are logged",
			sels:   DefaultManagement(),
			rec:    mgmt("ec2.amazonaws.com", "X", event.Bool{}),
			want:   true,
		},
		{
			name:   "exclude KMS/kms dropped",
			reason: "eventSource NotEquals kms.amazonaws.com excludes KMS management events",
			sels:   []Advanced{sel("", eq(FieldEventCategory, "Management"), Field{Field: FieldEventSource, NotEquals: []string{KMSSource}})},
			rec:    mgmt(KMSSource, "Decrypt", yes()),
			want:   false,
		},
		{
			name:   "exclude KMS/others kept",
			reason: "other sources do not equal the deselect value",
			sels:   []Advanced{sel("", eq(FieldEventCategory, "Management"), Field{Field: FieldEventSource, NotEquals: []string{KMSSource}})},
			rec:    mgmt("iam.amazonaws.com", "CreateUser", no()),
			want:   true,
		},
		{
			name:   "network activity/source and error code",
			reason: "Logging network activity events: eventSource Equals, errorCode Equals VpceAccessDenied",
			sels: []Advanced{sel("", eq(FieldEventCategory, "NetworkActivity"), eq(FieldEventSource, KMSSource),
				eq(FieldErrorCode, "VpceAccessDenied"))},
			rec:  network(KMSSource, "Decrypt", "VpceAccessDenied"),
			want: true,
		},
		{
			name:   "network activity/allowed call",
			reason: "a call without errorCode does not equal VpceAccessDenied",
			sels: []Advanced{sel("", eq(FieldEventCategory, "NetworkActivity"), eq(FieldEventSource, KMSSource),
				eq(FieldErrorCode, "VpceAccessDenied"))},
			rec:  network(KMSSource, "Decrypt", ""),
			want: false,
		},
		{
			name:   "per-resource/type and ARN on the same resource",
			reason: "the bucket ARN belongs to the AWS::S3::Bucket resource, not to an AWS::S3::Object one",
			sels:   s3Sel(eq(FieldResourcesARN, "arn:aws:s3:::b")),
			rec:    s3Data("GetObject", "b", "k", yes()),
			want:   false,
		},
		{
			name:   "per-resource/full object ARN",
			reason: "Equals must be the full ARN of a resource of the selected type",
			sels:   s3Sel(eq(FieldResourcesARN, "arn:aws:s3:::b/k")),
			rec:    s3Data("GetObject", "b", "k", yes()),
			want:   true,
		},
		{
			name:   "EndsWith",
			reason: "EndsWith matches the end of the value",
			sels:   []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object), Field{Field: FieldEventName, EndsWith: []string{"Object"}})},
			rec:    s3Data("PutObject", "b", "k", no()),
			want:   true,
		},
		{
			name:   "NotEndsWith",
			reason: "NotEndsWith drops keys ending in .log",
			sels:   s3Sel(Field{Field: FieldResourcesARN, NotEndsWith: []string{".log"}}),
			rec:    s3Data("PutObject", "b", "app.log", no()),
			want:   false,
		},
		{
			name:   "OR across selectors",
			reason: "the record matches the second selector",
			sels: append(DefaultManagement(), sel("", eq(FieldEventCategory, "Data"),
				eq(FieldResourcesType, LambdaFunction))),
			rec:  lambdaInvoke("arn:aws:lambda:us-east-1:111122223333:function:helloworld"),
			want: true,
		},
		{
			name:   "userIdentity.arn on data events",
			reason: "newer API reference allows userIdentity.arn for data events on trails",
			sels: []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object),
				Field{Field: FieldUserIdentityARN, NotStartsWith: []string{"arn:aws:iam::111122223333:user/"}})},
			rec:  s3Data("PutObject", "b", "k", no()),
			want: false,
		},
		{
			name:   "sessionCredentialFromConsole absent",
			reason: "the member is emitted only when true, so NotEquals true keeps records without it",
			sels: []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object),
				Field{Field: FieldSessionCredentialFromConsole, NotEquals: []string{"true"}})},
			rec:  s3Data("PutObject", "b", "k", no()),
			want: true,
		},
		{
			name:   "sessionCredentialFromConsole absent is false",
			reason: `CloudTrail User Guide, "CloudTrail record contents": the field "is not shown unless the value is true", so Equals "false" selects a record without it`,
			sels: []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object),
				eq(FieldSessionCredentialFromConsole, "false"))},
			rec:  s3Data("PutObject", "b", "k", no()),
			want: true,
		},
		{
			name:   "sessionCredentialFromConsole absent, NotEquals false",
			reason: `CloudTrail User Guide, "CloudTrail record contents": a record without the field is a non-console one, which NotEquals "false" drops`,
			sels: []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object),
				Field{Field: FieldSessionCredentialFromConsole, NotEquals: []string{"false"}})},
			rec:  s3Data("PutObject", "b", "k", no()),
			want: false,
		},
		{
			name:   "sessionCredentialFromConsole true, Equals false",
			reason: "a console session's record carries \"true\"",
			sels: []Advanced{sel("", eq(FieldEventCategory, "Data"), eq(FieldResourcesType, S3Object),
				eq(FieldSessionCredentialFromConsole, "false"))},
			rec: func() *event.Record {
				r := s3Data("PutObject", "b", "k", no())
				r.SessionCredentialFromConsole = event.Bool{Set: true, Value: true, Quoted: true}
				return r
			}(),
			want: false,
		},
		{
			name:   "no resources",
			reason: "a resources condition needs some resource",
			sels:   s3Sel(Field{Field: FieldResourcesARN, NotStartsWith: []string{"arn:aws:s3:::x/"}}),
			rec:    &event.Record{EventCategory: event.CategoryData, EventName: "GetObject"},
			want:   false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Compile(tt.sels)
			if err != nil {
				t.Fatalf("Compile: %v", err)
			}
			if got := m.Match(tt.rec); got != tt.want {
				t.Errorf("Match = %v, want %v (%s)\n%s", got, tt.want, tt.reason, m.Explain(tt.rec))
			}
			if got := oracleMatch(tt.sels, tt.rec); got != tt.want {
				t.Errorf("oracle = %v, want %v (%s)", got, tt.want, tt.reason)
			}
			if x := m.Explain(tt.rec); x.Selected != tt.want {
				t.Errorf("Explain.Selected = %v, want %v: %s", x.Selected, tt.want, x)
			}
		})
	}
}

// Basic selector cases: CloudTrail user guide "Logging data events"
// (basic event selectors) and the PutEventSelectors reference.
func TestMatchBasic(t *testing.T) {
	const hello = "arn:aws:lambda:us-west-2:111122223333:function:helloworld"
	tests := []struct {
		name   string
		reason string
		sels   []Basic
		rec    *event.Record
		want   bool
	}{
		{"lambda exact/same", "a function ARN value matches that function", []Basic{{DataResources: []DataResource{{Type: LambdaFunction, Values: []string{hello}}}}},
			lambdaInvoke(hello), true},
		{"lambda exact/longer name", "helloworld does not select helloworld2: Lambda values are exact, not prefixes", []Basic{{DataResources: []DataResource{{Type: LambdaFunction, Values: []string{hello}}}}},
			lambdaInvoke(hello + "2"), false},
		{"lambda all", "arn:aws:lambda selects every function", []Basic{{DataResources: []DataResource{{Type: LambdaFunction, Values: []string{"arn:aws:lambda"}}}}},
			lambdaInvoke(hello + "2"), true},
		{"s3 prefix/bucket", "arn:aws:s3:::b/ selects every object of b", []Basic{{DataResources: []DataResource{{Type: S3Object, Values: []string{"arn:aws:s3:::b/"}}}}},
			s3Data("GetObject", "b", "dir/k", yes()), true},
		{"s3 prefix/other bucket", "b/ does not select objects of b2", []Basic{{DataResources: []DataResource{{Type: S3Object, Values: []string{"arn:aws:s3:::b/"}}}}},
			s3Data("GetObject", "b2", "k", yes()), false},
		{"s3 prefix/key prefix", "values are key prefixes", []Basic{{DataResources: []DataResource{{Type: S3Object, Values: []string{"arn:aws:s3:::b/dir"}}}}},
			s3Data("GetObject", "b", "dir2/k", yes()), true},
		{"s3 all", "arn:aws:s3 selects every bucket", []Basic{{DataResources: []DataResource{{Type: S3Object, Values: []string{"arn:aws:s3"}}}}},
			s3Data("GetObject", "any", "k", yes()), true},
		{"s3 all written arn:aws:s3:::", "the CloudTrail User Guide's example for every bucket (put-event-selectors, TrailName2)", []Basic{{DataResources: []DataResource{{Type: S3Object, Values: []string{"arn:aws:s3:::"}}}}},
			s3Data("GetObject", "any", "k", yes()), true},
		{"other partition", "arn:aws-cn:s3::: prefixes apply in the China partition", []Basic{{DataResources: []DataResource{{Type: S3Object, Values: []string{"arn:aws-cn:s3:::b/"}}}}},
			func() *event.Record {
				r := s3Data("GetObject", "b", "k", yes())
				r.Resources[0].ARN = "arn:aws-cn:s3:::b/k"
				return r
			}(), true},
		{"management default", "IncludeManagementEvents absent means true", []Basic{{}}, mgmt("iam.amazonaws.com", "CreateUser", no()), true},
		{"management off", "IncludeManagementEvents false logs no management events", []Basic{{IncludeManagementEvents: boolPtr(false), DataResources: []DataResource{{Type: S3Object, Values: []string{"arn:aws:s3"}}}}},
			mgmt("iam.amazonaws.com", "CreateUser", no()), false},
		{"write only/management", "PutEventSelectors example: RunInstances is logged", []Basic{{ReadWriteType: WriteOnly}}, mgmt("ec2.amazonaws.com", "RunInstances", no()), true},
		{"write only/management read", "PutEventSelectors example: GetConsoleOutput is not", []Basic{{ReadWriteType: WriteOnly}}, mgmt("ec2.amazonaws.com", "GetConsoleOutput", yes()), false},
		{"read only/data", "ReadWriteType applies to data events too", []Basic{{ReadWriteType: ReadOnly, DataResources: []DataResource{{Type: S3Object, Values: []string{"arn:aws:s3"}}}}},
			s3Data("PutObject", "b", "k", no()), false},
		{"exclude kms", "ExcludeManagementEventSources drops KMS management events", []Basic{{ExcludeManagementEventSources: []string{KMSSource}}},
			mgmt(KMSSource, "Decrypt", yes()), false},
		{"data not in mgmt-only selector", "a selector without DataResources logs no data events", []Basic{{}}, s3Data("GetObject", "b", "k", yes()), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := CompileBasic(tt.sels)
			if err != nil {
				t.Fatalf("CompileBasic: %v", err)
			}
			if got := m.Match(tt.rec); got != tt.want {
				t.Errorf("Match = %v, want %v (%s)\n%s", got, tt.want, tt.reason, m.Explain(tt.rec))
			}
			if got := basicOracle(tt.sels, tt.rec); got != tt.want {
				t.Errorf("basic oracle = %v, want %v (%s)", got, tt.want, tt.reason)
			}
		})
	}
}

func TestCategoryDerived(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		rec    *event.Record
		want   event.Category
	}{
		{"recorded", "eventCategory is used as recorded", &event.Record{EventCategory: "Data", EventSource: "iam.amazonaws.com"}, event.CategoryData},
		{"vpce", "eventType AwsVpceEvent is network activity", &event.Record{EventType: event.AwsVpceEvent}, event.CategoryNetworkActivity},
		{"insight", "eventType AwsCloudTrailInsight is an Insights event", &event.Record{EventType: event.AwsCloudTrailInsight}, event.CategoryInsight},
		{"managementEvent false", "managementEvent (1.06) false means a data event", &event.Record{EventVersion: "1.06", EventSource: "sqs.amazonaws.com", ManagementEvent: no()}, event.CategoryData},
		{"managementEvent true", "managementEvent true means management", &event.Record{EventVersion: "1.06", EventSource: "s3.amazonaws.com", EventName: "GetObject", ManagementEvent: yes()}, event.CategoryManagement},
		{"s3 object 1.05", "an S3 object-level call is a data event", &event.Record{EventVersion: "1.05", EventSource: "s3.amazonaws.com", EventName: "GetObject"}, event.CategoryData},
		{"s3 bucket 1.05", "a bucket-level call is management", &event.Record{EventVersion: "1.05", EventSource: "s3.amazonaws.com", EventName: "PutBucketPolicy",
			Resources: []event.Resource{{Type: "AWS::S3::Bucket", ARN: "arn:aws:s3:::b"}}}, event.CategoryManagement},
		{"lambda invoke 1.05", "Lambda Invoke is a data event", &event.Record{EventVersion: "1.05", EventSource: "lambda.amazonaws.com", EventName: "Invoke"}, event.CategoryData},
		{"dynamodb item 1.05", "DynamoDB item activity is data", &event.Record{EventVersion: "1.05", EventSource: "dynamodb.amazonaws.com", EventName: "PutItem"}, event.CategoryData},
		{"iam 1.02", "everything else is management", &event.Record{EventVersion: "1.02", EventSource: "iam.amazonaws.com", EventName: "CreateUser"}, event.CategoryManagement},
	}
	for _, tt := range tests {
		got, derived := categoryOf(tt.rec)
		if got != tt.want {
			t.Errorf("%s: category = %q, want %q (%s)", tt.name, got, tt.want, tt.reason)
		}
		if derived != (tt.rec.EventCategory == "") {
			t.Errorf("%s: derived = %v", tt.name, derived)
		}
	}
}

func TestMatchNil(t *testing.T) {
	var m *Matcher
	if m.Match(mgmt("a", "b", yes())) {
		t.Error("nil Matcher matched")
	}
	if MustCompile(DefaultManagement()).Match(nil) {
		t.Error("nil record matched")
	}
	if x := m.Explain(nil); x.Selected || x.Selector != -1 {
		t.Errorf("nil Explain = %+v", x)
	}
}

func TestMustCompilePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustCompile accepted a selector without eventCategory")
		}
	}()
	MustCompile([]Advanced{sel("", eq(FieldEventName, "x"))})
}

func TestMatchAllocs(t *testing.T) {
	def := MustCompile(DefaultManagement())
	large := MustCompile(largeSelectors())
	recs := []*event.Record{
		mgmt("ec2.amazonaws.com", "RunInstances", no()),
		s3Data("GetObject", "bucket-7", "k", yes()),
		network(KMSSource, "Decrypt", ""),
		{EventVersion: "1.05", EventSource: "s3.amazonaws.com", EventName: "GetObject"},
	}
	for _, m := range []*Matcher{def, large} {
		for _, rec := range recs {
			if n := testing.AllocsPerRun(100, func() { m.Match(rec) }); n != 0 {
				t.Errorf("Match(%s) allocates %v times, want 0", rec.EventName, n)
			}
		}
	}
}
