// Command s3getobject answers "which of my trails would log S3 GetObject
// on this bucket?" from the output of the AWS CLI:
//
//	aws cloudtrail describe-trails > trails.json
//	aws cloudtrail get-event-selectors --trail-name NAME > NAME.json   # per trail
//	go run ./examples/s3getobject -trails trails.json -bucket amzn-s3-demo-bucket1 -region us-east-1 NAME.json ...
//
// Each selectors file is matched to its trail by its TrailARN. A trail
// without one logs management events only, as a trail with no event
// selectors does. For each trail it prints whether a GetObject call on the
// object would be logged, and where or why not:
//
//	logged      bucket1-data  s3://amzn-s3-demo-bucket/data/AWSLogs/123456789012/CloudTrail/us-east-1/2024/01/15/
//	not logged  oregon-writes  the trail is single-Region in us-west-2; the event was recorded in us-east-1 (a multi-Region trail, ...)
//
// Run without -trails it answers for the sample CLI output in its testdata
// directory and says so.
package main

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"text/tabwriter"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/trail"
)

//go:embed testdata/describe-trails.json testdata/bucket1-data.json testdata/oregon-writes.json testdata/all-but-logs.json
var samples embed.FS

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("s3getobject", flag.ContinueOnError)
	fs.SetOutput(stderr)
	trailsFile := fs.String("trails", "", "the output of aws cloudtrail describe-trails, saved in `FILE` (default: the built-in example)")
	bucket := fs.String("bucket", "amzn-s3-demo-bucket1", "bucket `name`")
	key := fs.String("key", "report.csv", "object `key`")
	bucketRegion := fs.String("region", "us-east-1", "the bucket's `Region`")
	account := fs.String("account", "", "the `account` whose trails are asked about (default: the first trail's)")
	at := fs.String("at", "2024-01-15T12:00:00Z", "the `time` of the call (RFC 3339)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: s3getobject [-trails FILE] [-bucket NAME] [-key KEY] [-region REGION] [-account ID] [-at TIME] [SELECTORS.json ...]")
		fmt.Fprint(stderr, "\nSays which trails would log S3 GetObject on the object; SELECTORS.json are aws cloudtrail get-event-selectors outputs.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0 // -h asked for the usage above
		}
		return 2
	}
	when, err := time.Parse(time.RFC3339, *at)
	if err != nil {
		fmt.Fprintf(stderr, "s3getobject: -at: %v\n", err)
		return 2
	}

	read := os.ReadFile
	selFiles := fs.Args()
	if *trailsFile == "" {
		fmt.Fprintln(stderr, "s3getobject: no -trails: using the sample CLI output in testdata")
		*trailsFile = "testdata/describe-trails.json"
		selFiles = []string{"testdata/bucket1-data.json", "testdata/oregon-writes.json", "testdata/all-but-logs.json"}
		read = samples.ReadFile
	}
	b, err := read(*trailsFile)
	if err != nil {
		fmt.Fprintf(stderr, "s3getobject: %v\n", err)
		return 2
	}
	trails, err := trail.ParseTrails(b)
	if err != nil {
		fmt.Fprintf(stderr, "s3getobject: %s: %v\n", *trailsFile, err)
		return 2
	}
	if len(trails) == 0 {
		fmt.Fprintf(stderr, "s3getobject: %s: no trails\n", *trailsFile)
		return 1
	}
	if err := mergeSelectors(trails, selFiles, read); err != nil {
		fmt.Fprintf(stderr, "s3getobject: %v\n", err)
		return 2
	}
	for _, t := range trails {
		if t.HasCustomEventSelectors && len(t.EventSelectors) == 0 && len(t.AdvancedEventSelectors) == 0 {
			fmt.Fprintf(stderr, "s3getobject: trail %s has custom event selectors but no get-event-selectors output was given; taking it to log management events only\n", t.Name)
		}
	}
	if *account == "" {
		*account = trails[0].Account()
	}

	d := &trail.Deployment{Trails: trails}
	rt, err := trail.NewRouter(d)
	if err != nil {
		fmt.Fprintf(stderr, "s3getobject: %v\n", err)
		return 2
	}
	rec, err := getObject(*account, *bucket, *key, *bucketRegion, when)
	if err != nil {
		fmt.Fprintf(stderr, "s3getobject: %v\n", err)
		return 2
	}
	res := rt.Route(rec)

	fmt.Fprintf(stdout, "GetObject s3://%s/%s (%s, account %s):\n", *bucket, *key, *bucketRegion, *account)
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	nameOf := make(map[string]string, len(trails))
	for _, t := range trails {
		nameOf[t.TrailARN] = t.Name
	}
	for _, dl := range res.Deliveries {
		fmt.Fprintf(tw, "logged\t%s\ts3://%s/%s\n", nameOf[dl.TrailARN], dl.Bucket, dl.KeyPrefix)
	}
	for _, s := range res.Skipped {
		fmt.Fprintf(tw, "not logged\t%s\t%s\n", nameOf[s.TrailARN], s.Reason)
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(stderr, "s3getobject: %v\n", err)
		return 1
	}
	return 0
}

// mergeSelectors gives each trail the get-event-selectors output whose
// TrailARN names it.
func mergeSelectors(trails []trail.Trail, files []string, read func(string) ([]byte, error)) error {
	for _, f := range files {
		b, err := read(f)
		if err != nil {
			return err
		}
		var head struct{ TrailARN string }
		if err := json.Unmarshal(b, &head); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		found := false
		for i := range trails {
			if trails[i].TrailARN == head.TrailARN {
				if err := trails[i].MergeEventSelectors(b); err != nil {
					return fmt.Errorf("%s: %w", f, err)
				}
				found = true
			}
		}
		if !found {
			return fmt.Errorf("%s: no trail has TrailARN %q (from %s)", f, head.TrailARN, path.Base(f))
		}
	}
	return nil
}

// getObject builds the data event S3 records for a GetObject call on
// bucket/key by an IAM user of account, in the shape of the
// example in the Amazon S3 User Guide ("Logging Amazon S3 API calls using
// AWS CloudTrail"): eventCategory Data, read-only, with the object and
// bucket resources.
func getObject(account, bucket, key, bucketRegion string, when time.Time) (*event.Record, error) {
	type resource struct {
		Type      string `json:"type"`
		ARN       string `json:"ARN"`
		AccountID string `json:"accountId,omitempty"`
	}
	rec := map[string]any{
		"eventVersion": "1.10",
		"userIdentity": map[string]any{
			"type": "IAMUser", "principalId": "AIDACKCEVSQ6C2EXAMPLE",
			"arn": "arn:aws:iam::" + account + ":user/Mary_Major", "accountId": account, "userName": "Mary_Major",
		},
		"eventTime":         when.UTC().Format(time.RFC3339),
		"eventSource":       "s3.amazonaws.com",
		"eventName":         "GetObject",
		"awsRegion":         bucketRegion,
		"sourceIPAddress":   "192.0.2.0",
		"userAgent":         "aws-cli/2.15.0",
		"requestParameters": map[string]any{"bucketName": bucket, "key": key, "Host": bucket + ".s3." + bucketRegion + ".amazonaws.com"},
		"responseElements":  nil,
		"eventID":           "cdc4b7ed-e171-4cef-975a-EXAMPLE11111",
		"readOnly":          true,
		"resources": []resource{
			{Type: "AWS::S3::Object", ARN: "arn:aws:s3:::" + bucket + "/" + key},
			{Type: "AWS::S3::Bucket", ARN: "arn:aws:s3:::" + bucket, AccountID: account},
		},
		"eventType":          "AwsApiCall",
		"managementEvent":    false,
		"recipientAccountId": account,
		"eventCategory":      "Data",
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	for r, err := range event.Records(bytes.NewReader(b)) {
		return r, err
	}
	return nil, fmt.Errorf("no record built")
}
