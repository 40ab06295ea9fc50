package awssdk_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/google/go-cmp/cmp"

	"github.com/trailmap/trailmap/awssdk"
	"github.com/trailmap/trailmap/awssdk/cloudtrailfake"
	"github.com/trailmap/trailmap/awssdk/s3fake"
	"github.com/trailmap/trailmap/trail"
	"github.com/trailmap/trailmap/trail/archive"
	"github.com/trailmap/trailmap/trail/integrity"
	"github.com/trailmap/trailmap/trail/trailtest"
)

const (
	mgmt   = "111122223333"
	member = "444455556666"
)

var now = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

const seed = `{
  "organization": {"Id": "o-exampleorgid", "MasterAccountId": "111122223333", "Accounts": ["444455556666"]},
  "trails": [
    {"Name": "org-audit", "TrailARN": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit", "HomeRegion": "us-east-1",
     "IsMultiRegionTrail": true, "IncludeGlobalServiceEvents": true, "IsOrganizationTrail": true, "S3BucketName": "org-bucket",
     "S3KeyPrefix": "org", "LogFileValidationEnabled": true,
     "AdvancedEventSelectors": [{"Name": "management", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]},
       {"Name": "writes", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
         {"Field": "readOnly", "Equals": ["false"]}]}],
     "InsightSelectors": [{"InsightType": "ApiCallRateInsight"}]},
    {"Name": "eu-only", "TrailARN": "arn:aws:cloudtrail:eu-west-1:111122223333:trail/eu-only", "HomeRegion": "eu-west-1",
     "IncludeGlobalServiceEvents": false, "IsLogging": false, "S3BucketName": "eu-bucket", "KmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/k",
     "EventSelectors": [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": true,
       "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::amzn-s3-demo-bucket/"]}]}]}
  ]}`

// organizations answers the two Organizations calls Collect makes.
func organizations(w http.ResponseWriter, r *http.Request, inOrg bool) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AWSOrganizationsV20161128.")
	body, _ := io.ReadAll(r.Body)
	switch {
	case !inOrg:
		w.WriteHeader(400)
		io.WriteString(w, `{"__type":"AWSOrganizationsNotInUseException","Message":"Your account is not a member of an organization."}`)
	case op == "DescribeOrganization":
		io.WriteString(w, `{"Organization":{"Id":"o-exampleorgid","Arn":"arn:aws:organizations::111122223333:organization/o-exampleorgid","FeatureSet":"ALL","MasterAccountId":"111122223333"}}`)
	case op == "ListAccounts" && !strings.Contains(string(body), "page2"):
		io.WriteString(w, `{"Accounts":[{"Id":"111122223333","Status":"ACTIVE"}],"NextToken":"page2"}`)
	case op == "ListAccounts":
		io.WriteString(w, `{"Accounts":[{"Id":"444455556666","Status":"ACTIVE"}]}`)
	default:
		w.WriteHeader(400)
		io.WriteString(w, `{"__type":"UnknownOperationException","Message":"unknown"}`)
	}
}

func newFake(t *testing.T, d *trail.Deployment, inOrg bool) (*cloudtrailfake.Server, *httptest.Server) {
	t.Helper()
	fake, err := cloudtrailfake.New(cloudtrailfake.Options{Deployment: d, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.Header.Get("X-Amz-Target"), "AWSOrganizationsV20161128.") {
			organizations(w, r, inOrg)
			return
		}
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return fake, srv
}

func config(srv *httptest.Server, account string) aws.Config {
	return aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider(account, "secret", ""),
		BaseEndpoint:     aws.String(srv.URL),
		HTTPClient:       srv.Client(),
		RetryMaxAttempts: 1,
	}
}

func TestCollect(t *testing.T) {
	want, err := trail.ParseDeployment([]byte(seed))
	if err != nil {
		t.Fatal(err)
	}
	fake, srv := newFake(t, want, true)
	cfg := config(srv, mgmt)
	// Aggregation, set through the API, is collected too.
	_, err = cloudtrail.NewFromConfig(cfg).PutEventConfiguration(context.Background(), &cloudtrail.PutEventConfigurationInput{
		TrailName: aws.String("org-audit"), AggregationConfigurations: []types.AggregationConfiguration{{EventCategory: "Data", Templates: []types.Template{"API_ACTIVITY"}}}})
	if err != nil {
		t.Fatal(err)
	}

	got, err := awssdk.Collect(context.Background(), cfg, "us-east-1", "eu-west-1", "ap-southeast-2")
	if err != nil {
		t.Fatal(err)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("collected deployment is invalid: %v", err)
	}
	// What was seeded comes back, with what the API adds: logging state,
	// describe-trails' flags, the defaults GetEventSelectors writes out.
	wantTrails := fake.Trails().Trails
	wantTrails[1].EventSelectors[0].ExcludeManagementEventSources = []string{}
	gotJSON := jsonOf(t, got.Trails) // aggregation included
	if diff := cmp.Diff(jsonOf(t, wantTrails), gotJSON); diff != "" {
		t.Errorf("collected trails differ (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want.Organization, got.Organization); diff != "" {
		t.Errorf("organization (-want +got):\n%s", diff)
	}
	agg, _ := json.Marshal(got.Trails[0].AggregationConfigurations)
	if string(agg) != `[{"EventCategory":"Data","Templates":["API_ACTIVITY"]}]` {
		t.Errorf("AggregationConfigurations %s", agg)
	}
	b, _ := json.Marshal(got)
	if strings.Contains(string(b), "ResultMetadata") {
		t.Errorf("the deployment carries SDK metadata: %s", b)
	}

	// From an account outside any organization.
	_, srv2 := newFake(t, nil, false)
	d2, err := awssdk.Collect(context.Background(), config(srv2, mgmt))
	if err != nil || d2.Organization != nil || len(d2.Trails) != 0 {
		t.Errorf("collect outside an organization: %+v %v", d2, err)
	}
}

// jsonOf is the deployment-file form of trails, to compare them as a
// user would see them.
func jsonOf(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	json.Unmarshal(b, &out)
	return out
}

func TestTrailConversion(t *testing.T) {
	tests := []struct {
		name, reason string
		in           types.Trail
		want         string
	}{
		{"absent members stay absent", "IncludeGlobalServiceEvents nil keeps trailmap's default",
			types.Trail{Name: aws.String("t1x"), TrailARN: aws.String("arn:aws:cloudtrail:us-east-1:111122223333:trail/t1x")},
			`{"Name":"t1x","TrailARN":"arn:aws:cloudtrail:us-east-1:111122223333:trail/t1x"}`},
		{"false is kept", "a trail without global service events",
			types.Trail{Name: aws.String("t2x"), IncludeGlobalServiceEvents: aws.Bool(false), IsMultiRegionTrail: aws.Bool(false), KmsKeyId: aws.String("k")},
			`{"Name":"t2x","IncludeGlobalServiceEvents":false,"KmsKeyId":"k"}`},
		{"every member", "each SDK member has its trailmap member",
			types.Trail{Name: aws.String("n"), TrailARN: aws.String("a"), HomeRegion: aws.String("h"), S3BucketName: aws.String("b"),
				S3KeyPrefix: aws.String("p"), SnsTopicName: aws.String("s"), SnsTopicARN: aws.String("sa"), IncludeGlobalServiceEvents: aws.Bool(true),
				IsMultiRegionTrail: aws.Bool(true), IsOrganizationTrail: aws.Bool(true), LogFileValidationEnabled: aws.Bool(true),
				CloudWatchLogsLogGroupArn: aws.String("g"), CloudWatchLogsRoleArn: aws.String("r"), KmsKeyId: aws.String("k"),
				HasCustomEventSelectors: aws.Bool(true), HasInsightSelectors: aws.Bool(true)},
			`{"Name":"n","TrailARN":"a","HomeRegion":"h","S3BucketName":"b","S3KeyPrefix":"p","SnsTopicName":"s","SnsTopicARN":"sa",` +
				`"IncludeGlobalServiceEvents":true,"IsMultiRegionTrail":true,"IsOrganizationTrail":true,"LogFileValidationEnabled":true,` +
				`"CloudWatchLogsLogGroupArn":"g","CloudWatchLogsRoleArn":"r","KmsKeyId":"k","HasCustomEventSelectors":true,"HasInsightSelectors":true}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(awssdk.Trail(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Errorf("%s\n got %s\nwant %s", tc.reason, b, tc.want)
			}
		})
	}
}

func TestLookupRecords(t *testing.T) {
	fake, srv := newFake(t, nil, false)
	for i := 0; i < 7; i++ {
		fake.Call("iam.amazonaws.com", "CreateUser", trailtest.As(trailtest.NewIAMUser(mgmt, "admin")), trailtest.At(now.Add(time.Duration(-i)*time.Minute)))
	}
	c := cloudtrail.NewFromConfig(config(srv, mgmt))
	n := 0
	var last time.Time
	for rec, err := range awssdk.LookupRecords(context.Background(), c, &cloudtrail.LookupEventsInput{MaxResults: aws.Int32(3),
		LookupAttributes: []types.LookupAttribute{{AttributeKey: types.LookupAttributeKeyEventName, AttributeValue: aws.String("CreateUser")}}}) {
		if err != nil {
			t.Fatal(err)
		}
		if rec.EventName != "CreateUser" || rec.UserIdentity == nil || rec.UserIdentity.UserName != "admin" {
			t.Errorf("record %+v", rec)
		}
		if n > 0 && rec.EventTime.After(last) {
			t.Errorf("not newest first: %v after %v", rec.EventTime, last)
		}
		last = rec.EventTime
		n++
	}
	if n != 7 {
		t.Errorf("%d records over pages of 3, want 7", n)
	}
	for _, err := range awssdk.LookupRecords(context.Background(), c, &cloudtrail.LookupEventsInput{MaxResults: aws.Int32(99)}) {
		var bad *types.InvalidMaxResultsException
		if !errors.As(err, &bad) {
			t.Errorf("a failing page: %v", err)
		}
	}
}

func s3Client(srv *httptest.Server) *s3.Client {
	return s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", ""), HTTPClient: srv.Client(), RetryMaxAttempts: 1})
}

// TestBucketArchive reads the log files the CloudTrail fake delivered
// into the S3 fake back through Bucket and the archive reader.
func TestBucketArchive(t *testing.T) {
	d, err := trail.ParseDeployment([]byte(seed))
	if err != nil {
		t.Fatal(err)
	}
	fake, fakeSrv := newFake(t, d, true)
	bob := trailtest.NewIAMUser(member, "bob")
	for i := 0; i < 12; i++ {
		fake.Call("s3.amazonaws.com", "PutObject", trailtest.As(bob), trailtest.In([]string{"eu-west-1", "us-east-1", "ap-south-1"}[i%3]),
			trailtest.At(now.Add(time.Duration(i)*3*time.Minute)),
			trailtest.Resource("AWS::S3::Object", "arn:aws:s3:::amzn-s3-demo-bucket/k", ""))
	}
	store := s3fake.New()
	if err := fake.Deliver(func(bucket, key string, body []byte, meta map[string]string) error {
		store.Put(bucket, key, body, meta)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	store.Put("org-bucket", "elsewhere/not-a-log.txt", []byte("x"), nil)
	srv := httptest.NewServer(store)
	t.Cleanup(srv.Close)

	b := awssdk.NewBucket(s3Client(srv), "org-bucket", "org")
	b.PageSize = 2 // every listing pages
	if err := fstest.TestFS(b, "AWSLogs/o-exampleorgid/"+member+"/CloudTrail/eu-west-1/2026/03/02"); err != nil {
		t.Errorf("fstest.TestFS: %v", err)
	}
	n := 0
	gets := store.Gets()
	for r, err := range archive.FS(b).Records(context.Background(), &archive.Options{Workers: 4}) {
		if err != nil {
			t.Fatal(err)
		}
		if r.Event.EventName != "PutObject" {
			t.Errorf("record %s", r.Event.EventName)
		}
		n++
	}
	if n != 12 {
		t.Errorf("%d records through the archive, want 12", n)
	}
	logFiles := 0
	for _, k := range store.Keys("org-bucket") {
		if strings.Contains(k, "/CloudTrail/") {
			logFiles++
		}
	}
	if want := logFiles; store.Gets()-gets != want {
		t.Errorf("%d GETs for %d log files", store.Gets()-gets, want)
	}
	if _, err := b.Open("AWSLogs/nope"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open of a missing name: %v", err)
	}

	// The organization trail validates its logs: the fake signed digest
	// files with the keys its ListPublicKeys answers, per Region.
	whole := awssdk.NewBucket(s3Client(srv), "org-bucket", "")
	chains, err := integrity.Discover(context.Background(), whole, "org-bucket", "org", "org-audit", "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	// The member's three Regions, and the trail's own account and home
	// Region (a chain exists there even without log files).
	if len(chains) != 4 {
		t.Fatalf("%d chains, want 4: %+v", len(chains), chains)
	}
	logs := 0
	for _, ch := range chains {
		c := cloudtrail.NewFromConfig(config(fakeSrv, mgmt), func(o *cloudtrail.Options) { o.Region = ch.Region })
		out, err := c.ListPublicKeys(context.Background(), &cloudtrail.ListPublicKeysInput{StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now.Add(2 * time.Hour))})
		if err != nil {
			t.Fatal(err)
		}
		cfg := &integrity.Config{Store: integrity.Store{"org-bucket": whole}, Keys: awssdk.PublicKeys(out), Start: now.Add(-time.Hour), End: now.Add(2 * time.Hour)}
		sum := integrity.Summary{Start: cfg.Start, End: cfg.End}
		for r, err := range integrity.Validate(context.Background(), cfg, ch) {
			if err != nil {
				t.Fatalf("%s: %v", ch.Region, err)
			}
			sum.Add(r)
		}
		if !sum.OK() || sum.Digest.Valid == 0 {
			t.Errorf("%s/%s: %+v", ch.Account, ch.Region, sum)
		}
		logs += sum.Log.Valid
	}
	if logs != logFiles {
		t.Errorf("%d log files validated, %d delivered", logs, logFiles)
	}
}

// TestBucketIntegrity validates a signed bucket tree (trailtest.Signer)
// served by the S3 fake, digest signatures read from object metadata.
func TestBucketIntegrity(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	s := &trailtest.Signer{Key: key, TrailARN: "arn:aws:cloudtrail:us-east-1:" + mgmt + ":trail/audit", Bucket: "audit-bucket", Start: t0, End: t0.Add(4 * time.Hour)}
	var logs []trailtest.LogObject
	for h := 0; h < 4; h++ {
		at := t0.Add(time.Duration(h)*time.Hour + 10*time.Minute)
		logs = append(logs, trailtest.LogObject{
			Key:  "AWSLogs/" + mgmt + "/CloudTrail/us-east-1/2026/01/05/" + mgmt + "_CloudTrail_us-east-1_" + at.Format("20060102T1504Z") + "_abcdefghijklmnop.json.gz",
			Body: trailtest.Gzip([]byte(`{"Records":[{"eventVersion":"1.08","eventID":"e` + at.Format("1504") + `"}]}`)),
		})
	}
	tree, err := s.Sign(logs)
	if err != nil {
		t.Fatal(err)
	}
	store := s3fake.New()
	for k, v := range tree.Objects {
		if strings.HasSuffix(k, integrity.MetadataSuffix) {
			continue
		}
		var head struct{ Metadata map[string]string }
		if m, ok := tree.Objects[k+integrity.MetadataSuffix]; ok {
			if err := json.Unmarshal(m, &head); err != nil {
				t.Fatal(err)
			}
		}
		store.Put("audit-bucket", k, v, head.Metadata)
	}
	srv := httptest.NewServer(store)
	t.Cleanup(srv.Close)
	b := awssdk.NewBucket(s3Client(srv), "audit-bucket", "")
	b.PageSize = 3
	keys, err := integrity.ParsePublicKeys(tree.PublicKeys)
	if err != nil {
		t.Fatal(err)
	}
	chains, err := integrity.Discover(context.Background(), b, "audit-bucket", "", "audit", "us-east-1")
	if err != nil || len(chains) != 1 {
		t.Fatalf("Discover: %+v %v", chains, err)
	}
	cfg := &integrity.Config{Store: integrity.Store{"audit-bucket": b}, Keys: keys, Start: t0, End: t0.Add(24 * time.Hour)}
	sum := integrity.Summary{Start: cfg.Start, End: cfg.End}
	for r, err := range integrity.Validate(context.Background(), cfg, chains[0]) {
		if err != nil {
			t.Fatal(err)
		}
		sum.Add(r)
	}
	if !sum.OK() || sum.Digest.Valid != 4 || sum.Log.Valid != 4 {
		t.Errorf("validation through S3: %+v", sum)
	}
	// A missing key matches integrity.ErrNotFound.
	if _, err := b.Get(context.Background(), "AWSLogs/none.json.gz"); !errors.Is(err, integrity.ErrNotFound) {
		t.Errorf("Get of a missing key: %v", err)
	}
}
