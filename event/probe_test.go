package event_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/trailmap/trailmap/event"
)

// A probe of a KMS write in one account and Region: the record has every
// member routing and selectors read.
func ExampleProbe() {
	rec := event.Probe{
		Account: "111122223333", Region: "eu-west-1",
		Time:     time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC),
		Category: event.CategoryManagement, Source: "kms.amazonaws.com", Name: "CreateKey",
		ReadOnly: event.BoolOf(false),
	}.Record()
	b, _ := rec.MarshalJSON()
	fmt.Println(string(b))
	// Output:
	// {"eventVersion":"1.11","userIdentity":{"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"},"eventTime":"2024-05-01T12:00:00Z","eventSource":"kms.amazonaws.com","eventName":"CreateKey","awsRegion":"eu-west-1","sourceIPAddress":"192.0.2.1","eventID":"00000000-0000-4000-8000-000000000000","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}
}

func TestProbeRecord(t *testing.T) {
	tests := []struct {
		name  string
		probe event.Probe
		check func(*event.Record) error
	}{
		{"network activity gets AwsVpceEvent and the endpoint owner",
			event.Probe{Account: "111122223333", Region: "us-east-1", Category: event.CategoryNetworkActivity, Source: "kms.amazonaws.com", VPCEndpointID: "vpce-1"},
			func(r *event.Record) error {
				if r.EventType != event.AwsVpceEvent || r.VPCEndpointAccountID != "111122223333" || r.ManagementEvent.Set {
					return fmt.Errorf("got type %q, endpoint account %q, managementEvent %+v", r.EventType, r.VPCEndpointAccountID, r.ManagementEvent)
				}
				return nil
			}},
		{"data events are not management events and keep their resources",
			event.Probe{Account: "111122223333", Region: "us-east-1", Category: event.CategoryData, Source: "s3.amazonaws.com", Name: "GetObject",
				Resources: []event.Resource{{Type: "AWS::S3::Object", ARN: "arn:aws:s3:::b/k"}}},
			func(r *event.Record) error {
				if !r.ManagementEvent.False() || len(r.Resources) != 1 || r.Resources[0].ARN != "arn:aws:s3:::b/k" {
					return fmt.Errorf("got managementEvent %+v, resources %+v", r.ManagementEvent, r.Resources)
				}
				return nil
			}},
		{"a global endpoint is written where routing reads it",
			event.Probe{Account: "111122223333", Region: "us-east-1", Category: event.CategoryManagement, Source: "sts.amazonaws.com", Name: "GetCallerIdentity", Endpoint: "global"},
			func(r *event.Record) error {
				if !r.Endpoint().Global() {
					return fmt.Errorf("Endpoint() = %+v, want global", r.Endpoint())
				}
				return nil
			}},
		{"a user ARN makes an IAM user",
			event.Probe{Account: "111122223333", UserARN: "arn:aws:iam::111122223333:user/Alice"},
			func(r *event.Record) error {
				if r.UserIdentity.Type != "IAMUser" || r.UserIdentity.ARN != "arn:aws:iam::111122223333:user/Alice" {
					return fmt.Errorf("got %+v", r.UserIdentity)
				}
				return nil
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := tc.probe.Record()
			if err := tc.check(rec); err != nil {
				t.Fatal(err)
			}
			b, err := rec.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			back, err := event.ParseRecord(b)
			if err != nil {
				t.Fatalf("ParseRecord of the probe: %v\n%s", err, b)
			}
			if err := tc.check(back); err != nil {
				t.Fatalf("after a round trip: %v", err)
			}
		})
	}
}
