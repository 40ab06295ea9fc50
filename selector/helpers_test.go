package selector

import (
	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/identity"
)

// Record builders for tests. Values follow the AWS documentation examples.

func yes() event.Bool { return event.Bool{Set: true, Value: true} }
func no() event.Bool  { return event.Bool{Set: true, Value: false} }

func mgmt(source, name string, readOnly event.Bool) *event.Record {
	return &event.Record{
		EventVersion:    "1.08",
		EventSource:     source,
		EventName:       name,
		EventType:       event.AwsAPICall,
		EventCategory:   event.CategoryManagement,
		ManagementEvent: yes(),
		ReadOnly:        readOnly,
		UserIdentity:    &identity.UserIdentity{ARN: "arn:aws:iam::111122223333:user/Alice"},
	}
}

func s3Data(name, bucket, key string, readOnly event.Bool) *event.Record {
	return &event.Record{
		EventVersion:    "1.08",
		EventSource:     "s3.amazonaws.com",
		EventName:       name,
		EventType:       event.AwsAPICall,
		EventCategory:   event.CategoryData,
		ManagementEvent: no(),
		ReadOnly:        readOnly,
		UserIdentity:    &identity.UserIdentity{ARN: "arn:aws:iam::111122223333:user/Alice"},
		Resources: []event.Resource{
			{Type: "AWS::S3::Object", ARN: "arn:aws:s3:::" + bucket + "/" + key},
			{Type: "AWS::S3::Bucket", ARN: "arn:aws:s3:::" + bucket, AccountID: "111122223333"},
		},
	}
}

func lambdaInvoke(fn string) *event.Record {
	return &event.Record{
		EventVersion:    "1.08",
		EventSource:     "lambda.amazonaws.com",
		EventName:       "Invoke",
		EventType:       event.AwsAPICall,
		EventCategory:   event.CategoryData,
		ManagementEvent: no(),
		ReadOnly:        no(),
		Resources:       []event.Resource{{Type: "AWS::Lambda::Function", ARN: fn}},
	}
}

func network(source, name, errorCode string) *event.Record {
	return &event.Record{
		EventVersion:  "1.09",
		EventSource:   source,
		EventName:     name,
		EventType:     event.AwsVpceEvent,
		EventCategory: event.CategoryNetworkActivity,
		ErrorCode:     errorCode,
		VPCEndpointID: "vpce-EXAMPLE08c1b6b9b7",
		UserIdentity:  &identity.UserIdentity{ARN: "arn:aws:iam::111122223333:user/Alice"},
	}
}

func eq(field string, vals ...string) Field { return Field{Field: field, Equals: vals} }

func sel(name string, fields ...Field) Advanced { return Advanced{Name: name, Fields: fields} }

func boolPtr(b bool) *bool { return &b }
