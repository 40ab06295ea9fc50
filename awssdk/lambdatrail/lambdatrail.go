// Package lambdatrail processes CloudTrail log files in AWS Lambda, one
// invocation per delivered object, the way organizations scale CloudTrail
// processing out: S3 event notifications (directly, through SNS, SQS or
// EventBridge) and CloudTrail's own SNS notifications
// ({"s3Bucket": ..., "s3ObjectKey": [...]}, usually through SQS).
//
// A Handler reads each object named by a notification through the S3
// API, decodes its records with trailmap's reader (gzip or not, log file
// envelope or JSON lines) and calls a function on every record. Objects
// that fail are reported: HandleSQS answers an SQS partial batch response
// naming only the messages with a failed object, so the queue retries
// those alone (the function's event source mapping must have
// ReportBatchItemFailures enabled); HandleS3 and HandleSNS return an
// error, so Lambda retries the invocation.
//
// A complete Lambda main:
//
//	func main() {
//		cfg, err := config.LoadDefaultConfig(context.Background())
//		if err != nil {
//			log.Fatal(err)
//		}
//		h := &lambdatrail.Handler{
//			S3: s3.NewFromConfig(cfg),
//			Record: func(ctx context.Context, obj lambdatrail.Object, rec *event.Record) error {
//				// ... detect, index, forward ...
//				return nil
//			},
//		}
//		lambda.Start(h.HandleSQS)
//	}
package lambdatrail

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sync"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/trailmap/trailmap/awssdk"
	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
)

// Object is an S3 object a notification names.
type Object struct {
	Bucket, Key string
}

// String returns s3://bucket/key.
func (o Object) String() string { return "s3://" + o.Bucket + "/" + o.Key }

// Handler reads the objects notifications name and runs Record on their
// records. Its methods are safe for concurrent use when Record and
// Validate are.
type Handler struct {
	// S3 reads the objects (GetObject); *s3.Client has the method.
	S3 awssdk.S3API
	// Record is called for each record of an object, in the object's
	// order, from the goroutine reading that object; rec is valid until
	// Record returns. An error fails the object.
	Record func(ctx context.Context, obj Object, rec *event.Record) error
	// Validate, when set, is called on each object before its records
	// are read (for example to check it against its digest file with
	// trail/integrity over awssdk.Bucket); an error fails the object
	// and its records are not read.
	Validate func(ctx context.Context, obj Object) error
	// Workers is how many objects are read at once; 0 means 4.
	Workers int
	// ReadDigests reads digest files (CloudTrail-Digest) as records too;
	// by default they are skipped, as they hold no records.
	ReadDigests bool
}

// ObjectError is the failure of one object.
type ObjectError struct {
	Object Object
	Err    error
}

// Error returns "lambdatrail: s3://bucket/key: <cause>".
func (e *ObjectError) Error() string {
	return "lambdatrail: " + e.Object.String() + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *ObjectError) Unwrap() error { return e.Err }

// HandleSQS handles an SQS batch whose messages are S3 event
// notifications or CloudTrail notifications, sent to the queue directly,
// through SNS (the SNS envelope or raw message delivery) or through
// EventBridge. It answers the messages whose objects failed, or whose
// body is none of these, as batch item failures; the error is nil unless
// ctx is done.
func (h *Handler) HandleSQS(ctx context.Context, e events.SQSEvent) (events.SQSEventResponse, error) {
	resp := events.SQSEventResponse{BatchItemFailures: []events.SQSBatchItemFailure{}}
	var mu sync.Mutex
	fail := func(id string) {
		mu.Lock()
		defer mu.Unlock()
		resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: id})
	}
	var wg sync.WaitGroup
	for _, m := range e.Records {
		objs, err := Objects([]byte(m.Body))
		if err != nil {
			fail(m.MessageId)
			continue
		}
		wg.Add(1)
		go func(id string) {
			defer wg.Done()
			if err := h.process(ctx, objs); err != nil {
				fail(id)
			}
		}(m.MessageId)
	}
	wg.Wait()
	// Failures in the batch's order, for readable logs.
	order := map[string]int{}
	for i, m := range e.Records {
		order[m.MessageId] = i
	}
	sortByOrder(resp.BatchItemFailures, order)
	return resp, ctx.Err()
}

func sortByOrder(fs []events.SQSBatchItemFailure, order map[string]int) {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && order[fs[j].ItemIdentifier] < order[fs[j-1].ItemIdentifier]; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

// HandleS3 handles an S3 event notification delivered to the function
// directly. It returns the failures of its objects joined (each an
// *ObjectError), so that Lambda retries the invocation.
func (h *Handler) HandleS3(ctx context.Context, e events.S3Event) error {
	var objs []Object
	for _, r := range e.Records {
		objs = append(objs, Object{Bucket: r.S3.Bucket.Name, Key: unescapeKey(r.S3.Object.Key)})
	}
	return h.process(ctx, objs)
}

// HandleSNS handles CloudTrail's SNS notifications (or S3 event
// notifications sent through SNS) delivered to the function directly. It
// returns the failures of its objects joined.
func (h *Handler) HandleSNS(ctx context.Context, e events.SNSEvent) error {
	var errs []error
	for _, r := range e.Records {
		objs, err := Objects([]byte(r.SNS.Message))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := h.process(ctx, objs); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// unescapeKey decodes an object key of an S3 event notification, which
// is URL-encoded with '+' for spaces (Amazon S3 User Guide, "Event message
// structure"). A key that does not decode is used as it is.
func unescapeKey(k string) string {
	if u, err := url.QueryUnescape(k); err == nil {
		return u
	}
	return k
}

// notification holds the members of every notification shape Objects
// reads.
type notification struct {
	// CloudTrail's SNS notification (CloudTrail User Guide, "Configuring
	// Amazon SNS notifications for CloudTrail").
	S3Bucket    *string  `json:"s3Bucket"`
	S3ObjectKey []string `json:"s3ObjectKey"`
	// S3 event notification.
	Records []struct {
		EventSource string `json:"eventSource"`
		S3          struct {
			Bucket struct{ Name string } `json:"bucket"`
			Object struct{ Key string }  `json:"object"`
		} `json:"s3"`
	} `json:"Records"`
	// S3's test message, sent when a notification is configured.
	Event string `json:"Event"`
	// An SNS envelope (without raw message delivery).
	Type    string  `json:"Type"`
	Message *string `json:"Message"`
	// An EventBridge event from S3.
	DetailType string `json:"detail-type"`
	Source     string `json:"source"`
	Detail     struct {
		Bucket struct {
			Name string `json:"name"`
		} `json:"bucket"`
		Object struct {
			Key string `json:"key"`
		} `json:"object"`
	} `json:"detail"`
}

// Objects returns the objects a notification names: a CloudTrail SNS
// notification {"s3Bucket": ..., "s3ObjectKey": [...]}, an S3 event
// notification (keys URL-decoded), either inside an SNS envelope, or an
// EventBridge "Object Created" event. S3's test event names none.
// Anything else is an error.
func Objects(body []byte) ([]Object, error) {
	return objects(body, 0)
}

func objects(body []byte, depth int) ([]Object, error) {
	var n notification
	if err := json.Unmarshal(body, &n); err != nil {
		return nil, fmt.Errorf("lambdatrail: notification: %w", err)
	}
	switch {
	case n.S3Bucket != nil:
		objs := make([]Object, 0, len(n.S3ObjectKey))
		for _, k := range n.S3ObjectKey {
			objs = append(objs, Object{Bucket: *n.S3Bucket, Key: k})
		}
		return objs, nil
	case n.Type == "Notification" && n.Message != nil && depth == 0:
		return objects([]byte(*n.Message), depth+1)
	case len(n.Records) > 0:
		var objs []Object
		for _, r := range n.Records {
			if r.EventSource != "aws:s3" {
				return nil, fmt.Errorf("lambdatrail: notification: a record from %q, not aws:s3", r.EventSource)
			}
			objs = append(objs, Object{Bucket: r.S3.Bucket.Name, Key: unescapeKey(r.S3.Object.Key)})
		}
		return objs, nil
	case n.Event == "s3:TestEvent":
		return nil, nil
	case n.Source == "aws.s3" && n.Detail.Bucket.Name != "" && n.Detail.Object.Key != "":
		// EventBridge keys are not URL-encoded.
		return []Object{{Bucket: n.Detail.Bucket.Name, Key: n.Detail.Object.Key}}, nil
	}
	return nil, errors.New("lambdatrail: notification: neither a CloudTrail notification, an S3 event notification nor an SNS envelope of one")
}

// process reads objs, Workers at a time, and returns their failures
// joined.
func (h *Handler) process(ctx context.Context, objs []Object) error {
	workers := h.Workers
	if workers <= 0 {
		workers = 4
	}
	errs := make([]error, len(objs))
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	for i, o := range objs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := h.object(ctx, o); err != nil {
				errs[i] = &ObjectError{Object: o, Err: err}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// object reads one object and runs Record on its records.
func (h *Handler) object(ctx context.Context, o Object) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !h.ReadDigests {
		if k, err := trail.ParseKey(o.Key); err == nil && k.Kind == trail.DigestFiles {
			return nil
		}
	}
	if h.Validate != nil {
		if err := h.Validate(ctx, o); err != nil {
			return err
		}
	}
	if h.S3 == nil {
		return errors.New("no S3 client")
	}
	out, err := h.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(o.Bucket), Key: aws.String(o.Key)})
	if err != nil {
		return err
	}
	defer out.Body.Close()
	r := event.NewReader(out.Body)
	var bad []error
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		var re *event.RecordError
		if errors.As(err, &re) {
			// A broken record costs itself: the rest are still read,
			// and the object is reported failed afterwards.
			bad = append(bad, err)
			continue
		}
		if err != nil {
			return err
		}
		if h.Record != nil {
			if err := h.Record(ctx, o, rec); err != nil {
				return err
			}
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("%d records could not be read: %w", len(bad), errors.Join(bad...))
	}
	return nil
}
