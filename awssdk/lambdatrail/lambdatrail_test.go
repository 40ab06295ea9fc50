package lambdatrail_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailmap/trailmap/awssdk/lambdatrail"
	"github.com/trailmap/trailmap/awssdk/s3fake"
	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail/trailtest"
)

const (
	bucket   = "amzn-s3-demo-bucket"
	logKey1  = "AWSLogs/111122223333/CloudTrail/us-east-2/2013/12/13/111122223333_CloudTrail_us-east-2_20131213T1920Z_LnPgDQnpkSKEsppV.json.gz"
	logKey2  = "AWSLogs/111122223333/CloudTrail/us-east-2/2013/12/13/111122223333_CloudTrail_us-east-2_20131213T1925Z_0123456789abcdef.json.gz"
	spaceKey = "custom folder/log file.json.gz"
	badKey   = "AWSLogs/111122223333/CloudTrail/us-east-2/2013/12/13/111122223333_CloudTrail_us-east-2_20131213T1930Z_brokenbrokenbrok.json.gz"
	digest   = "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2013/12/13/111122223333_CloudTrail-Digest_us-east-2_audit_us-east-2_20131213T200000Z.json.gz"
)

func logFile(ids ...string) []byte {
	var recs []string
	for _, id := range ids {
		recs = append(recs, `{"eventVersion":"1.08","eventID":"`+id+`","eventName":"CreateUser","eventSource":"iam.amazonaws.com","eventTime":"2013-12-13T19:15:00Z"}`)
	}
	return trailtest.Gzip([]byte(`{"Records":[` + strings.Join(recs, ",") + `]}`))
}

func setup(t testing.TB) (*s3fake.Server, *s3.Client) {
	store := s3fake.New()
	store.Put(bucket, logKey1, logFile("a1", "a2"), nil)
	store.Put(bucket, logKey2, logFile("b1"), nil)
	store.Put(bucket, spaceKey, logFile("c1"), nil)
	store.Put(bucket, badKey, trailtest.Gzip([]byte(`{"Records":[{"eventID":"ok"},{"eventID": tru`)), nil)
	store.Put(bucket, digest, trailtest.Gzip([]byte(`{"awsAccountId":"111122223333"}`)), nil)
	srv := httptest.NewServer(store)
	t.Cleanup(srv.Close)
	return store, s3.New(s3.Options{Region: "us-east-2", BaseEndpoint: aws.String(srv.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", ""), HTTPClient: srv.Client(), RetryMaxAttempts: 1})
}

// sns wraps a message in the envelope SNS delivers to SQS without raw
// message delivery.
func sns(msg string) string {
	b, _ := json.Marshal(map[string]any{"Type": "Notification", "MessageId": "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
		"TopicArn": "arn:aws:sns:us-east-2:111122223333:cloudtrail", "Message": msg, "Timestamp": "2013-12-13T19:21:00.000Z", "SignatureVersion": "1"})
	return string(b)
}

func s3Event(key string) string {
	return `{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-2","eventTime":"2013-12-13T19:21:00.000Z",
	  "eventName":"ObjectCreated:Put","s3":{"s3SchemaVersion":"1.0","configurationId":"logs","bucket":{"name":"` + bucket + `",
	  "arn":"arn:aws:s3:::` + bucket + `"},"object":{"key":"` + key + `","size":1024,"eTag":"d41d8cd98f00b204e9800998ecf8427e"}}}]}`
}

type seen struct {
	mu  sync.Mutex
	ids []string
}

func (s *seen) record(ctx context.Context, o lambdatrail.Object, rec *event.Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids = append(s.ids, rec.EventID)
	return nil
}

func TestHandleSQS(t *testing.T) {
	_, client := setup(t)
	var got seen
	h := &lambdatrail.Handler{S3: client, Record: got.record}
	batch := events.SQSEvent{Records: []events.SQSMessage{
		{MessageId: "m1", Body: sns(`{"s3Bucket":"` + bucket + `","s3ObjectKey":["` + logKey1 + `","` + logKey2 + `"]}`)}, // CloudTrail via SNS
		{MessageId: "m2", Body: `{"s3Bucket":"` + bucket + `","s3ObjectKey":["AWSLogs/missing.json.gz"]}`},                // raw delivery, missing object
		{MessageId: "m3", Body: s3Event("custom+folder/log+file.json.gz")},                                                // S3 notification, URL-encoded key
		{MessageId: "m4", Body: `not json`},
		{MessageId: "m5", Body: `{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2013-12-13T19:20:00.000Z","Bucket":"` + bucket + `"}`},
		{MessageId: "m6", Body: `{"s3Bucket":"` + bucket + `","s3ObjectKey":["` + digest + `"]}`}, // digest files hold no records
		{MessageId: "m7", Body: sns(s3Event(badKey))},                                             // a broken record fails its object
	}}
	resp, err := h.HandleSQS(context.Background(), batch)
	if err != nil {
		t.Fatal(err)
	}
	var failed []string
	for _, f := range resp.BatchItemFailures {
		failed = append(failed, f.ItemIdentifier)
	}
	if want := []string{"m2", "m4", "m7"}; !slices.Equal(failed, want) {
		t.Errorf("batch item failures %v, want %v", failed, want)
	}
	slices.Sort(got.ids)
	if want := []string{"a1", "a2", "b1", "c1", "ok"}; !slices.Equal(got.ids, want) {
		t.Errorf("records %v, want %v", got.ids, want)
	}
	b, _ := json.Marshal(resp)
	if !strings.Contains(string(b), `"batchItemFailures":[{"itemIdentifier":"m2"}`) {
		t.Errorf("response %s", b)
	}
}

func TestHandleS3AndSNS(t *testing.T) {
	_, client := setup(t)
	var got seen
	h := &lambdatrail.Handler{S3: client, Record: got.record, Workers: 1}
	var e events.S3Event
	if err := json.Unmarshal([]byte(s3Event("custom+folder/log+file.json.gz")), &e); err != nil {
		t.Fatal(err)
	}
	if err := h.HandleS3(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(s3Event("AWSLogs/none.json.gz")), &e); err != nil {
		t.Fatal(err)
	}
	err := h.HandleS3(context.Background(), e)
	var oe *lambdatrail.ObjectError
	if !errors.As(err, &oe) || oe.Object.Key != "AWSLogs/none.json.gz" {
		t.Errorf("missing object: %v", err)
	}
	sev := events.SNSEvent{Records: []events.SNSEventRecord{{SNS: events.SNSEntity{Message: `{"s3Bucket":"` + bucket + `","s3ObjectKey":["` + logKey2 + `"]}`}}}}
	if err := h.HandleSNS(context.Background(), sev); err != nil {
		t.Fatal(err)
	}
	if want := []string{"c1", "b1"}; !slices.Equal(got.ids, want) {
		t.Errorf("records %v, want %v", got.ids, want)
	}
	// Validate runs first and can fail an object.
	h.Validate = func(ctx context.Context, o lambdatrail.Object) error { return errors.New("digest mismatch") }
	if err := h.HandleSNS(context.Background(), sev); err == nil || !strings.Contains(err.Error(), "digest mismatch") {
		t.Errorf("failed validation: %v", err)
	}
}

func TestObjects(t *testing.T) {
	tests := []struct {
		name, body, want, reason string
	}{
		{"cloudtrail", `{"s3Bucket":"b","s3ObjectKey":["k1","k 2"]}`, "s3://b/k1 s3://b/k 2", "CloudTrail's keys are not encoded"},
		{"s3", s3Event("a%2Bb+c"), "s3://" + bucket + "/a+b c", "S3's keys are URL-encoded"},
		{"sns", sns(`{"s3Bucket":"b","s3ObjectKey":["k"]}`), "s3://b/k", "the SNS envelope is opened"},
		{"eventbridge", `{"version":"0","detail-type":"Object Created","source":"aws.s3","detail":{"bucket":{"name":"b"},"object":{"key":"a b"}}}`, "s3://b/a b", "EventBridge keys are not encoded"},
		{"test event", `{"Service":"Amazon S3","Event":"s3:TestEvent"}`, "", "names no object"},
		{"empty list", `{"s3Bucket":"b","s3ObjectKey":[]}`, "", "names no object"},
	}
	for _, tc := range tests {
		objs, err := lambdatrail.Objects([]byte(tc.body))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		var got []string
		for _, o := range objs {
			got = append(got, o.String())
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%s: %q, want %q (%s)", tc.name, got, tc.want, tc.reason)
		}
	}
	for _, bad := range []string{`{}`, `[]`, `{"Records":[{"eventSource":"aws:sqs"}]}`, sns(sns(`{"s3Bucket":"b"}`))} {
		if _, err := lambdatrail.Objects([]byte(bad)); err == nil {
			t.Errorf("Objects(%s) succeeded", bad)
		}
	}
}

func FuzzObjects(f *testing.F) {
	f.Add([]byte(s3Event("k")))
	f.Add([]byte(sns(`{"s3Bucket":"b","s3ObjectKey":["k"]}`)))
	f.Fuzz(func(t *testing.T, b []byte) {
		lambdatrail.Objects(b)
	})
}
