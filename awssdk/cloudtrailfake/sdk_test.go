package cloudtrailfake_test

import (
	"context"
	"crypto/md5"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/smithy-go"

	"github.com/trailmap/trailmap/awssdk/cloudtrailfake"
	"github.com/trailmap/trailmap/trail"
)

const (
	acct  = "111122223333"
	acct2 = "444455556666"
)

// env is a fake behind an httptest.Server and a way to make clients.
type env struct {
	fake  *cloudtrailfake.Server
	srv   *httptest.Server
	clock *clock
}

// clock is the fake's clock, moved by the test while the server's
// goroutines read it.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newEnv(t *testing.T, opts cloudtrailfake.Options) *env {
	t.Helper()
	e := &env{clock: &clock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}}
	if opts.Now == nil {
		opts.Now = e.clock.now
	}
	f, err := cloudtrailfake.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	e.fake = f
	e.srv = httptest.NewServer(f)
	t.Cleanup(e.srv.Close)
	return e
}

// client returns a real cloudtrail client acting as account in region.
func (e *env) client(account, region string, retries ...int) *cloudtrail.Client {
	attempts := 1
	if len(retries) > 0 {
		attempts = retries[0]
	}
	return cloudtrail.New(cloudtrail.Options{
		Region:           region,
		BaseEndpoint:     aws.String(e.srv.URL),
		Credentials:      credentials.NewStaticCredentialsProvider(account, "secret", ""),
		RetryMaxAttempts: attempts,
		HTTPClient:       e.srv.Client(),
	})
}

func isA[T any]() func(error) bool {
	return func(err error) bool {
		var x *T
		var target any = &x // vet cannot see that *T is an error type
		return errors.As(err, target)
	}
}

// wantAPIError checks the typed exception, the code and (when msg is not
// "") the exact message.
func wantAPIError(t *testing.T, err error, typed func(error) bool, code, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %s", code)
	}
	if !typed(err) {
		t.Errorf("error %v is not the SDK's typed %s", err, code)
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not a smithy.APIError", err)
	}
	if ae.ErrorCode() != code {
		t.Errorf("code %q, want %q", ae.ErrorCode(), code)
	}
	if msg != "" && ae.ErrorMessage() != msg {
		t.Errorf("message %q,\nwant    %q", ae.ErrorMessage(), msg)
	}
}

func mustCreate(t *testing.T, c *cloudtrail.Client, in *cloudtrail.CreateTrailInput) *cloudtrail.CreateTrailOutput {
	t.Helper()
	out, err := c.CreateTrail(context.Background(), in)
	if err != nil {
		t.Fatalf("CreateTrail %s: %v", aws.ToString(in.Name), err)
	}
	return out
}

func TestTrailLifecycle(t *testing.T) {
	e := newEnv(t, cloudtrailfake.Options{})
	ctx := context.Background()
	c := e.client(acct, "us-east-1")

	out := mustCreate(t, c, &cloudtrail.CreateTrailInput{Name: aws.String("audit"), S3BucketName: aws.String("audit-bucket"),
		S3KeyPrefix: aws.String("logs"), SnsTopicName: aws.String("topic"), KmsKeyId: aws.String("alias/k")})
	wantARN := "arn:aws:cloudtrail:us-east-1:" + acct + ":trail/audit"
	if aws.ToString(out.TrailARN) != wantARN || aws.ToString(out.Name) != "audit" || aws.ToString(out.KmsKeyId) != "alias/k" ||
		aws.ToString(out.SnsTopicARN) != "arn:aws:sns:us-east-1:"+acct+":topic" {
		t.Errorf("CreateTrail answered %+v", out)
	}
	// CreateTrail's defaults (API Reference): global service events on,
	// single-Region, no validation.
	if !aws.ToBool(out.IncludeGlobalServiceEvents) || aws.ToBool(out.IsMultiRegionTrail) || aws.ToBool(out.LogFileValidationEnabled) {
		t.Errorf("CreateTrail defaults: %+v", out)
	}

	st, err := c.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("audit")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToBool(st.IsLogging) || st.StartLoggingTime != nil {
		t.Errorf("a new trail is logging: %+v", st)
	}
	e.clock.add(time.Minute)
	if _, err := c.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String(wantARN)}); err != nil {
		t.Fatal(err)
	}
	st, err = c.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("audit")})
	if err != nil {
		t.Fatal(err)
	}
	if !aws.ToBool(st.IsLogging) || st.StartLoggingTime == nil || !st.StartLoggingTime.Equal(e.clock.now()) ||
		aws.ToString(st.TimeLoggingStarted) != e.clock.now().Format("2006-01-02T15:04:05Z") {
		t.Errorf("after StartLogging: IsLogging %v StartLoggingTime %v TimeLoggingStarted %q", aws.ToBool(st.IsLogging), st.StartLoggingTime, aws.ToString(st.TimeLoggingStarted))
	}
	e.clock.add(time.Minute)
	if _, err := c.StopLogging(ctx, &cloudtrail.StopLoggingInput{Name: aws.String("audit")}); err != nil {
		t.Fatal(err)
	}
	st, _ = c.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("audit")})
	if aws.ToBool(st.IsLogging) || st.StopLoggingTime == nil || !st.StopLoggingTime.Equal(e.clock.now()) {
		t.Errorf("after StopLogging: %v %v", aws.ToBool(st.IsLogging), st.StopLoggingTime)
	}

	g, err := c.GetTrail(ctx, &cloudtrail.GetTrailInput{Name: aws.String("audit")})
	if err != nil {
		t.Fatal(err)
	}
	if tr := g.Trail; aws.ToString(tr.HomeRegion) != "us-east-1" || aws.ToString(tr.S3KeyPrefix) != "logs" || aws.ToBool(tr.HasCustomEventSelectors) {
		t.Errorf("GetTrail: %+v", tr)
	}

	u, err := c.UpdateTrail(ctx, &cloudtrail.UpdateTrailInput{Name: aws.String("audit"), IsMultiRegionTrail: aws.Bool(true), EnableLogFileValidation: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	if !aws.ToBool(u.IsMultiRegionTrail) || !aws.ToBool(u.LogFileValidationEnabled) || aws.ToString(u.S3BucketName) != "audit-bucket" {
		t.Errorf("UpdateTrail: %+v", u)
	}

	l, err := e.client(acct, "eu-west-1").ListTrails(ctx, &cloudtrail.ListTrailsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Trails) != 1 || aws.ToString(l.Trails[0].HomeRegion) != "us-east-1" || aws.ToString(l.Trails[0].TrailARN) != wantARN {
		t.Errorf("ListTrails from eu-west-1: %+v", l.Trails)
	}

	if _, err := c.DeleteTrail(ctx, &cloudtrail.DeleteTrailInput{Name: aws.String("audit")}); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.TrailList) != 0 {
		t.Errorf("after DeleteTrail: %+v", d.TrailList)
	}
}

func TestTargetSpellings(t *testing.T) {
	e := newEnv(t, cloudtrailfake.Options{})
	post := func(target, body string) (int, string) {
		req, _ := http.NewRequest("POST", e.srv.URL+"/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", target)
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+acct+"/20260302/us-east-2/cloudtrail/aws4_request, SignedHeaders=host, Signature=0")
		resp, err := e.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.Header.Get("x-amzn-RequestId") == "" {
			t.Errorf("%s: no x-amzn-RequestId", target)
		}
		return resp.StatusCode, string(b)
	}
	for _, target := range []string{
		"CloudTrail_20131101.GetTrailStatus",                                    // aws-sdk-go-v2
		"com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.GetTrailStatus", // botocore
	} {
		code, body := post(target, `{"Name":"t"}`)
		// The error body spells its text "Message", as CloudTrail's own
		// answers do (aws/aws-sdk-go-v2#1957's response log); the SDKs
		// accept either spelling, a raw client may not.
		want := `{"__type":"TrailNotFoundException","Message":"Unknown trail: arn:aws:cloudtrail:us-east-2:` + acct + `:trail/t for the user: ` + acct + `"}`
		if code != 400 || body != want {
			t.Errorf("%s: %d %s, want 400 %s", target, code, body, want)
		}
	}
	// A name of characters no trail name has: the first rule it breaks.
	if code, body := post("CloudTrail_20131101.GetTrail", `{"Name":"?"}`); code != 400 ||
		body != `{"__type":"InvalidTrailNameException","Message":"Trail name too short. Minimum allowed length: 3 characters. Specified name length: 1 characters."}` {
		t.Errorf("GetTrail ?: %d %s", code, body)
	}
	if code, body := post("CloudTrail_20131101.GetTrail", `{"Name":"unknowntrail"}`); code != 400 ||
		body != `{"__type":"TrailNotFoundException","Message":"Unknown trail: unknowntrail for the user: `+acct+`"}` {
		t.Errorf("GetTrail unknowntrail: %d %s", code, body)
	}
	if code, body := post("CloudTrail_20131101.NoSuchOperation", `{}`); code != 404 || !strings.Contains(body, `"__type":"UnknownOperationException"`) {
		t.Errorf("unknown operation: %d %s", code, body)
	}
	if code, body := post("CloudTrail_20131101.DescribeTrails", `{"trailNameList":`); code != 400 || !strings.Contains(body, "SerializationException") {
		t.Errorf("bad body: %d %s", code, body)
	}
	// A member of the wrong type is named by its JSON name and types, as
	// the caller wrote them, not by the fake's Go types.
	if code, body := post("CloudTrail_20131101.GetTrail", `{"Name":123}`); code != 400 ||
		body != `{"__type":"SerializationException","Message":"The request body could not be read: Name is a JSON number where a string is expected."}` {
		t.Errorf("wrong type: %d %s", code, body)
	}
	// Timestamps are epoch-second numbers.
	post("CloudTrail_20131101.CreateTrail", `{"Name":"trl","S3BucketName":"b"}`)
	post("CloudTrail_20131101.StartLogging", `{"Name":"trl"}`)
	if _, body := post("CloudTrail_20131101.GetTrailStatus", `{"Name":"trl"}`); !strings.Contains(body, fmt.Sprintf(`"StartLoggingTime":%d`, e.clock.now().Unix())) {
		t.Errorf("GetTrailStatus: %s", body)
	}
}

func TestAccountFromAccessKey(t *testing.T) {
	e := newEnv(t, cloudtrailfake.Options{})
	ctx := context.Background()
	for _, tc := range []struct{ key, account string }{
		{acct, acct},                             // 12 digits: that account
		{"AKIAIOSFODNN7EXAMPLE", "123456789012"}, // any other: the default
	} {
		c := e.client(tc.key, "eu-central-1")
		out := mustCreate(t, c, &cloudtrail.CreateTrailInput{Name: aws.String("t-" + tc.key[:4]), S3BucketName: aws.String("b")})
		if want := "arn:aws:cloudtrail:eu-central-1:" + tc.account + ":trail/t-" + tc.key[:4]; aws.ToString(out.TrailARN) != want {
			t.Errorf("key %s: ARN %s, want %s", tc.key, aws.ToString(out.TrailARN), want)
		}
	}
	// Anonymous requests: the default Region and account.
	anon := cloudtrail.New(cloudtrail.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.srv.URL),
		Credentials: aws.AnonymousCredentials{}, RetryMaxAttempts: 1})
	out, err := anon.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("anon"), S3BucketName: aws.String("b")})
	if err != nil {
		t.Fatal(err)
	}
	if want := "arn:aws:cloudtrail:us-east-1:123456789012:trail/anon"; aws.ToString(out.TrailARN) != want {
		t.Errorf("anonymous: %s, want %s", aws.ToString(out.TrailARN), want)
	}
}

func TestShadowTrailsAndHomeRegion(t *testing.T) {
	e := newEnv(t, cloudtrailfake.Options{})
	ctx := context.Background()
	home := e.client(acct, "us-east-1")
	away := e.client(acct, "us-west-2")
	multi := mustCreate(t, home, &cloudtrail.CreateTrailInput{Name: aws.String("multi"), S3BucketName: aws.String("b"), IsMultiRegionTrail: aws.Bool(true)})
	mustCreate(t, home, &cloudtrail.CreateTrailInput{Name: aws.String("single"), S3BucketName: aws.String("b")})
	arn := aws.ToString(multi.TrailARN)

	// DescribeTrails from another Region: the shadow by default, not with
	// includeShadowTrails false (API Reference, DescribeTrails).
	d, err := away.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.TrailList) != 1 || aws.ToString(d.TrailList[0].TrailARN) != arn || aws.ToString(d.TrailList[0].HomeRegion) != "us-east-1" {
		t.Errorf("DescribeTrails from us-west-2: %+v", d.TrailList)
	}
	d, err = away.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(false)})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.TrailList) != 0 {
		t.Errorf("DescribeTrails without shadows: %+v", d.TrailList)
	}
	// No shadow in an opt-in Region the account has not enabled (the
	// deployment lists none for it).
	d, err = e.client(acct, "af-south-1").DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{})
	if err != nil || len(d.TrailList) != 0 {
		t.Errorf("DescribeTrails from a Region not enabled: %+v %v", d, err)
	}
	// Names reach the caller's Region only; ARNs reach a trail homed elsewhere.
	d, _ = away.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{TrailNameList: []string{"multi"}})
	if len(d.TrailList) != 0 {
		t.Errorf("DescribeTrails by name from another Region: %+v", d.TrailList)
	}
	d, _ = away.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{TrailNameList: []string{arn}})
	if len(d.TrailList) != 1 {
		t.Errorf("DescribeTrails by ARN from another Region: %+v", d.TrailList)
	}
	// Status of a shadow by ARN (API Reference, GetTrailStatus).
	if st, err := away.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(arn)}); err != nil || aws.ToBool(st.IsLogging) {
		t.Errorf("GetTrailStatus of the shadow by ARN: %v %v", st, err)
	}
	_, err = away.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("multi")})
	wantAPIError(t, err, isA[types.TrailNotFoundException](), "TrailNotFoundException",
		"Unknown trail: arn:aws:cloudtrail:us-west-2:"+acct+":trail/multi for the user: "+acct)

	// Changes only in the home Region.
	for name, call := range map[string]func() error{
		"UpdateTrail": func() error {
			_, err := away.UpdateTrail(ctx, &cloudtrail.UpdateTrailInput{Name: aws.String(arn), S3KeyPrefix: aws.String("p")})
			return err
		},
		"DeleteTrail": func() error {
			_, err := away.DeleteTrail(ctx, &cloudtrail.DeleteTrailInput{Name: aws.String(arn)})
			return err
		},
		"StartLogging": func() error {
			_, err := away.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String(arn)})
			return err
		},
		"StopLogging": func() error {
			_, err := away.StopLogging(ctx, &cloudtrail.StopLoggingInput{Name: aws.String(arn)})
			return err
		},
		"PutEventSelectors": func() error {
			_, err := away.PutEventSelectors(ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String(arn),
				EventSelectors: []types.EventSelector{{ReadWriteType: types.ReadWriteTypeAll}}})
			return err
		},
		"PutInsightSelectors": func() error {
			_, err := away.PutInsightSelectors(ctx, &cloudtrail.PutInsightSelectorsInput{TrailName: aws.String(arn),
				InsightSelectors: []types.InsightSelector{{InsightType: types.InsightTypeApiCallRateInsight}}})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			wantAPIError(t, call(), isA[types.InvalidHomeRegionException](), "InvalidHomeRegionException", "")
		})
	}
	// A name taken by a shadow cannot be reused in that Region.
	_, err = away.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("multi"), S3BucketName: aws.String("b")})
	wantAPIError(t, err, isA[types.TrailAlreadyExistsException](), "TrailAlreadyExistsException", "Trail multi already exists for customer: "+acct)
}

func TestCreateTrailErrors(t *testing.T) {
	ctx := context.Background()
	long := strings.Repeat("a", 129)
	tests := []struct {
		name   string
		reason string
		setup  []string // trail names created first in us-east-1 (multi-Region when prefixed with "m:")
		in     cloudtrail.CreateTrailInput
		region string
		typed  func(error) bool
		code   string
		msg    string
	}{
		{name: "duplicate", reason: "a name is unique in an account and Region", setup: []string{"tr1"},
			in: cloudtrail.CreateTrailInput{Name: aws.String("tr1")}, typed: isA[types.TrailAlreadyExistsException](),
			code: "TrailAlreadyExistsException", msg: "Trail tr1 already exists for customer: " + acct},
		{name: "multi-Region without global events", reason: "AWS's message, trailmap's rule",
			in:    cloudtrail.CreateTrailInput{Name: aws.String("mrt"), IsMultiRegionTrail: aws.Bool(true), IncludeGlobalServiceEvents: aws.Bool(false)},
			typed: isA[types.InvalidParameterCombinationException](), code: "InvalidParameterCombinationException",
			msg: "Multi-Region trail must include global service events."},
		{name: "sixth trail", reason: "five trails per Region, a multi-Region trail homed elsewhere counted",
			setup: []string{"a-a1", "a-a2", "a-a3", "a-a4"}, region: "us-east-1",
			in:    cloudtrail.CreateTrailInput{Name: aws.String("a-a6")},
			typed: isA[types.MaximumNumberOfTrailsExceededException](), code: "MaximumNumberOfTrailsExceededException",
			msg: "User: " + acct + " already has 5 trails in us-east-1."},
		{name: "blank name", reason: "AWS's message", in: cloudtrail.CreateTrailInput{Name: aws.String("")},
			typed: isA[types.InvalidTrailNameException](), code: "InvalidTrailNameException", msg: "Trail name cannot be blank!"},
		{name: "short name", reason: "3 to 128 characters", in: cloudtrail.CreateTrailInput{Name: aws.String("ab")},
			typed: isA[types.InvalidTrailNameException](), code: "InvalidTrailNameException",
			msg: "Trail name too short. Minimum allowed length: 3 characters. Specified name length: 2 characters."},
		{name: "long name", reason: "3 to 128 characters", in: cloudtrail.CreateTrailInput{Name: aws.String(long)},
			typed: isA[types.InvalidTrailNameException](), code: "InvalidTrailNameException",
			msg: "Trail name too long. Maximum allowed length: 128 characters. Specified name length: 129 characters."},
		{name: "bad first character", reason: "starts with a letter or digit", in: cloudtrail.CreateTrailInput{Name: aws.String("-abc")},
			typed: isA[types.InvalidTrailNameException](), code: "InvalidTrailNameException", msg: "Trail name must starts with a letter or number."},
		{name: "bad character", reason: "letters, digits, . _ -", in: cloudtrail.CreateTrailInput{Name: aws.String("a b c")},
			typed: isA[types.InvalidTrailNameException](), code: "InvalidTrailNameException",
			msg: "Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_)."},
		{name: "long prefix", reason: "S3KeyPrefix at most 200 characters",
			in:    cloudtrail.CreateTrailInput{Name: aws.String("pfx"), S3KeyPrefix: aws.String(strings.Repeat("p", 201))},
			typed: isA[types.InvalidS3PrefixException](), code: "InvalidS3PrefixException"},
		{name: "organization trail without organization", reason: "the fake has no organization",
			in:    cloudtrail.CreateTrailInput{Name: aws.String("org"), IsOrganizationTrail: aws.Bool(true)},
			typed: isA[types.OrganizationsNotInUseException](), code: "OrganizationsNotInUseException",
			// No answer of AWS's is published; the API Reference's
			// description of the exception (CreateTrail, Errors) stands in,
			// not trailmap's advice on deployment files.
			msg: "This exception is thrown when the request is made from an AWS account that is not a member of an organization. To make this request, sign in using the credentials of an account that belongs to an organization."},
		{name: "too many tags", reason: "50 tags per trail",
			in:    cloudtrail.CreateTrailInput{Name: aws.String("tags"), TagsList: manyTags(51)},
			typed: isA[types.TagsLimitExceededException](), code: "TagsLimitExceededException"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, cloudtrailfake.Options{})
			c := e.client(acct, "us-east-1")
			if tc.name == "sixth trail" {
				mustCreate(t, e.client(acct, "eu-west-1"), &cloudtrail.CreateTrailInput{Name: aws.String("multi"), S3BucketName: aws.String("b"), IsMultiRegionTrail: aws.Bool(true)})
			}
			for _, n := range tc.setup {
				mustCreate(t, c, &cloudtrail.CreateTrailInput{Name: aws.String(n), S3BucketName: aws.String("b")})
			}
			in := tc.in
			in.S3BucketName = aws.String("b")
			_, err := c.CreateTrail(ctx, &in)
			wantAPIError(t, err, tc.typed, tc.code, tc.msg)
		})
	}
}

func manyTags(n int) []types.Tag {
	var out []types.Tag
	for i := 0; i < n; i++ {
		out = append(out, types.Tag{Key: aws.String(fmt.Sprintf("k%d", i)), Value: aws.String("v")})
	}
	return out
}

func TestOrganizationTrails(t *testing.T) {
	d, err := trail.ParseDeployment([]byte(`{
	  "organization": {"Id": "o-exampleorgid", "MasterAccountId": "` + acct + `", "Accounts": ["` + acct2 + `"]},
	  "trails": [{"Name": "org-audit", "TrailARN": "arn:aws:cloudtrail:us-east-1:` + acct + `:trail/org-audit",
	    "IsMultiRegionTrail": true, "IsOrganizationTrail": true, "S3BucketName": "org-bucket"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, cloudtrailfake.Options{Deployment: d})
	ctx := context.Background()
	member := e.client(acct2, "eu-west-1")
	out, err := member.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.TrailList) != 1 || !aws.ToBool(out.TrailList[0].IsOrganizationTrail) {
		t.Fatalf("member account sees %+v", out.TrailList)
	}
	st, err := member.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: out.TrailList[0].TrailARN})
	if err != nil || !aws.ToBool(st.IsLogging) {
		t.Errorf("seeded organization trail status: %v %v", st, err)
	}
	_, err = e.client(acct2, "us-east-1").DeleteTrail(ctx, &cloudtrail.DeleteTrailInput{Name: out.TrailList[0].TrailARN})
	wantAPIError(t, err, isA[types.NotOrganizationMasterAccountException](), "NotOrganizationMasterAccountException",
		"You cannot configure or manage trails for an organization because this action requires being signed in with the management account.")
	// A member account cannot create an organization trail; AWS's
	// message as CloudFormation relayed it (aws/aws-cdk#21824).
	_, err = e.client(acct2, "us-east-1").CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("mine"), S3BucketName: aws.String("b"), IsOrganizationTrail: aws.Bool(true)})
	wantAPIError(t, err, isA[types.NotOrganizationMasterAccountException](), "NotOrganizationMasterAccountException",
		"You cannot configure or manage trails for an organization because this action requires being signed in with the management account.")
	// An account outside the organization sees nothing.
	out, _ = e.client("999999999999", "us-east-1").DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{})
	if len(out.TrailList) != 0 {
		t.Errorf("outsider sees %+v", out.TrailList)
	}
}

func TestInvalidDeployment(t *testing.T) {
	d, err := trail.ParseDeployment([]byte(`{"trails": [{"Name": "x", "TrailARN": "arn:aws:cloudtrail:us-east-1:` + acct + `:trail/x"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = cloudtrailfake.New(cloudtrailfake.Options{Deployment: d})
	var es trail.Errors
	if !errors.As(err, &es) || !es.Has(trail.CodeInvalidTrailName) {
		t.Errorf("New with an invalid deployment: %v", err)
	}
}

func TestEventSelectors(t *testing.T) {
	e := newEnv(t, cloudtrailfake.Options{})
	ctx := context.Background()
	c := e.client(acct, "us-east-1")
	mustCreate(t, c, &cloudtrail.CreateTrailInput{Name: aws.String("tr1"), S3BucketName: aws.String("b")})

	// A new trail answers the default basic selector.
	g, err := c.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String("tr1")})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.EventSelectors) != 1 || g.EventSelectors[0].ReadWriteType != types.ReadWriteTypeAll || !aws.ToBool(g.EventSelectors[0].IncludeManagementEvents) || len(g.AdvancedEventSelectors) != 0 {
		t.Errorf("default selectors: %+v", g)
	}

	adv := []types.AdvancedEventSelector{{
		Name: aws.String("S3 writes"),
		FieldSelectors: []types.AdvancedFieldSelector{
			{Field: aws.String("eventCategory"), Equals: []string{"Data"}},
			{Field: aws.String("resources.type"), Equals: []string{"AWS::S3::Object"}},
			{Field: aws.String("readOnly"), Equals: []string{"false"}},
		},
	}}
	p, err := c.PutEventSelectors(ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String("tr1"), AdvancedEventSelectors: adv})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.AdvancedEventSelectors) != 1 || len(p.AdvancedEventSelectors[0].FieldSelectors) != 3 || len(p.EventSelectors) != 0 {
		t.Errorf("PutEventSelectors answered %+v", p)
	}
	g, _ = c.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String("tr1")})
	if len(g.AdvancedEventSelectors) != 1 || aws.ToString(g.AdvancedEventSelectors[0].Name) != "S3 writes" || len(g.EventSelectors) != 0 {
		t.Errorf("GetEventSelectors after advanced: %+v", g)
	}
	desc, _ := c.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{})
	if !aws.ToBool(desc.TrailList[0].HasCustomEventSelectors) {
		t.Errorf("HasCustomEventSelectors false after PutEventSelectors")
	}
	// Basic selectors replace advanced ones.
	_, err = c.PutEventSelectors(ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String("tr1"),
		EventSelectors: []types.EventSelector{{ReadWriteType: types.ReadWriteTypeWriteOnly, IncludeManagementEvents: aws.Bool(true),
			DataResources: []types.DataResource{{Type: aws.String("AWS::S3::Object"), Values: []string{"arn:aws:s3:::bucket/"}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	g, _ = c.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String("tr1")})
	if len(g.AdvancedEventSelectors) != 0 || len(g.EventSelectors) != 1 || g.EventSelectors[0].ReadWriteType != types.ReadWriteTypeWriteOnly ||
		g.EventSelectors[0].DataResources[0].Values[0] != "arn:aws:s3:::bucket/" {
		t.Errorf("GetEventSelectors after basic: %+v", g)
	}

	bad := []struct {
		name string
		in   cloudtrail.PutEventSelectorsInput
		msg  string // AWS's message where known
	}{
		{"both kinds", cloudtrail.PutEventSelectorsInput{EventSelectors: []types.EventSelector{{}}, AdvancedEventSelectors: adv},
			"You can use either EventSelectors or AdvancedEventSelectors, but not both."},
		{"six basic selectors", cloudtrail.PutEventSelectorsInput{EventSelectors: make([]types.EventSelector, 6)}, ""},
		{"unknown field", cloudtrail.PutEventSelectorsInput{AdvancedEventSelectors: []types.AdvancedEventSelector{{FieldSelectors: []types.AdvancedFieldSelector{
			{Field: aws.String("eventCategory"), Equals: []string{"Management"}}, {Field: aws.String("colour"), Equals: []string{"red"}}}}}}, ""},
		{"wildcard data resource", cloudtrail.PutEventSelectorsInput{EventSelectors: []types.EventSelector{{
			DataResources: []types.DataResource{{Type: aws.String("AWS::S3::Object"), Values: []string{"arn:aws:s3:::*"}}}}}},
			"Value arn:aws:s3:::* for DataResources.Values is invalid."}, // aws-samples/aws-security-reference-architecture-examples#335
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			in.TrailName = aws.String("tr1")
			_, err := c.PutEventSelectors(ctx, &in)
			wantAPIError(t, err, isA[types.InvalidEventSelectorsException](), "InvalidEventSelectorsException", tc.msg)
		})
	}
	_, err = c.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: aws.String("nope")})
	wantAPIError(t, err, isA[types.TrailNotFoundException](), "TrailNotFoundException",
		"Unknown trail: arn:aws:cloudtrail:us-east-1:"+acct+":trail/nope for the user: "+acct)
}

func TestInsightSelectors(t *testing.T) {
	e := newEnv(t, cloudtrailfake.Options{})
	ctx := context.Background()
	c := e.client(acct, "us-east-1")
	mustCreate(t, c, &cloudtrail.CreateTrailInput{Name: aws.String("tr1"), S3BucketName: aws.String("b")})
	_, err := c.GetInsightSelectors(ctx, &cloudtrail.GetInsightSelectorsInput{TrailName: aws.String("tr1")})
	wantAPIError(t, err, isA[types.InsightNotEnabledException](), "InsightNotEnabledException", "")

	_, err = c.PutInsightSelectors(ctx, &cloudtrail.PutInsightSelectorsInput{TrailName: aws.String("tr1"),
		InsightSelectors: []types.InsightSelector{{InsightType: "ApiCallVolumeInsight"}}})
	wantAPIError(t, err, isA[types.InvalidInsightSelectorsException](), "InvalidInsightSelectorsException", "")

	if _, err := c.PutInsightSelectors(ctx, &cloudtrail.PutInsightSelectorsInput{TrailName: aws.String("tr1"),
		InsightSelectors: []types.InsightSelector{{InsightType: types.InsightTypeApiCallRateInsight}, {InsightType: types.InsightTypeApiErrorRateInsight}}}); err != nil {
		t.Fatal(err)
	}
	g, err := c.GetInsightSelectors(ctx, &cloudtrail.GetInsightSelectorsInput{TrailName: aws.String("tr1")})
	if err != nil || len(g.InsightSelectors) != 2 {
		t.Fatalf("GetInsightSelectors: %+v %v", g, err)
	}
	desc, _ := c.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{})
	if !aws.ToBool(desc.TrailList[0].HasInsightSelectors) {
		t.Errorf("HasInsightSelectors false")
	}
	// An empty list turns Insights off.
	if _, err := c.PutInsightSelectors(ctx, &cloudtrail.PutInsightSelectorsInput{TrailName: aws.String("tr1"), InsightSelectors: []types.InsightSelector{}}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetInsightSelectors(ctx, &cloudtrail.GetInsightSelectorsInput{TrailName: aws.String("tr1")})
	wantAPIError(t, err, isA[types.InsightNotEnabledException](), "InsightNotEnabledException", "")
	_, err = c.PutInsightSelectors(ctx, &cloudtrail.PutInsightSelectorsInput{TrailName: aws.String("tr1"), EventDataStore: aws.String("eds"),
		InsightSelectors: []types.InsightSelector{}})
	wantAPIError(t, err, isA[types.InvalidParameterCombinationException](), "InvalidParameterCombinationException", "")
}

func TestEventConfiguration(t *testing.T) {
	e := newEnv(t, cloudtrailfake.Options{})
	ctx := context.Background()
	c := e.client(acct, "us-east-1")
	mustCreate(t, c, &cloudtrail.CreateTrailInput{Name: aws.String("tr1"), S3BucketName: aws.String("b")})
	g, err := c.GetEventConfiguration(ctx, &cloudtrail.GetEventConfigurationInput{TrailName: aws.String("tr1")})
	if err != nil || len(g.AggregationConfigurations) != 0 {
		t.Fatalf("GetEventConfiguration of a new trail: %+v %v", g, err)
	}
	agg := []types.AggregationConfiguration{{EventCategory: types.EventCategoryAggregationData, Templates: []types.Template{types.TemplateApiActivity, types.TemplateUserActions}}}
	// Aggregation needs a trail that logs data events (trailmap's rule).
	_, err = c.PutEventConfiguration(ctx, &cloudtrail.PutEventConfigurationInput{TrailName: aws.String("tr1"), AggregationConfigurations: agg})
	wantAPIError(t, err, isA[types.InvalidParameterCombinationException](), "InvalidParameterCombinationException", "")
	if _, err := c.PutEventSelectors(ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String("tr1"),
		AdvancedEventSelectors: []types.AdvancedEventSelector{{FieldSelectors: []types.AdvancedFieldSelector{
			{Field: aws.String("eventCategory"), Equals: []string{"Data"}}, {Field: aws.String("resources.type"), Equals: []string{"AWS::S3::Object"}}}}}}); err != nil {
		t.Fatal(err)
	}
	p, err := c.PutEventConfiguration(ctx, &cloudtrail.PutEventConfigurationInput{TrailName: aws.String("tr1"), AggregationConfigurations: agg})
	if err != nil || aws.ToString(p.TrailARN) == "" || len(p.AggregationConfigurations) != 1 {
		t.Fatalf("PutEventConfiguration: %+v %v", p, err)
	}
	g, _ = c.GetEventConfiguration(ctx, &cloudtrail.GetEventConfigurationInput{TrailName: aws.String("tr1")})
	if len(g.AggregationConfigurations) != 1 || len(g.AggregationConfigurations[0].Templates) != 2 {
		t.Errorf("GetEventConfiguration: %+v", g.AggregationConfigurations)
	}
	_, err = c.PutEventConfiguration(ctx, &cloudtrail.PutEventConfigurationInput{TrailName: aws.String("tr1"),
		AggregationConfigurations: []types.AggregationConfiguration{{EventCategory: "Data", Templates: []types.Template{"EVERYTHING"}}}})
	wantAPIError(t, err, isA[types.InvalidParameterException](), "InvalidParameterException", "")
	_, err = c.PutEventConfiguration(ctx, &cloudtrail.PutEventConfigurationInput{TrailName: aws.String("tr1"), MaxEventSize: types.MaxEventSizeLarge})
	wantAPIError(t, err, isA[types.InvalidParameterCombinationException](), "InvalidParameterCombinationException", "")
}

func TestTags(t *testing.T) {
	e := newEnv(t, cloudtrailfake.Options{})
	ctx := context.Background()
	c := e.client(acct, "us-east-1")
	arn := aws.ToString(mustCreate(t, c, &cloudtrail.CreateTrailInput{Name: aws.String("tr1"), S3BucketName: aws.String("b"),
		TagsList: []types.Tag{{Key: aws.String("team"), Value: aws.String("sec")}}}).TrailARN)
	if _, err := c.AddTags(ctx, &cloudtrail.AddTagsInput{ResourceId: aws.String(arn), TagsList: []types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RemoveTags(ctx, &cloudtrail.RemoveTagsInput{ResourceId: aws.String(arn), TagsList: []types.Tag{{Key: aws.String("team")}}}); err != nil {
		t.Fatal(err)
	}
	l, err := c.ListTags(ctx, &cloudtrail.ListTagsInput{ResourceIdList: []string{arn}})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.ResourceTagList) != 1 || len(l.ResourceTagList[0].TagsList) != 1 || aws.ToString(l.ResourceTagList[0].TagsList[0].Key) != "env" {
		t.Errorf("ListTags: %+v", l.ResourceTagList)
	}
	_, err = c.AddTags(ctx, &cloudtrail.AddTagsInput{ResourceId: aws.String(arn), TagsList: manyTags(50)})
	wantAPIError(t, err, isA[types.TagsLimitExceededException](), "TagsLimitExceededException", "")
	_, err = c.AddTags(ctx, &cloudtrail.AddTagsInput{ResourceId: aws.String(arn), TagsList: []types.Tag{{Key: aws.String("")}}})
	wantAPIError(t, err, isA[types.InvalidTagParameterException](), "InvalidTagParameterException", "")
	_, err = c.AddTags(ctx, &cloudtrail.AddTagsInput{ResourceId: aws.String(arn + "x"), TagsList: []types.Tag{{Key: aws.String("k")}}})
	wantAPIError(t, err, isA[types.ResourceNotFoundException](), "ResourceNotFoundException", "")
	_, err = c.ListTags(ctx, &cloudtrail.ListTagsInput{ResourceIdList: []string{"tr1"}})
	wantAPIError(t, err, isA[types.CloudTrailARNInvalidException](), "CloudTrailARNInvalidException", "")
}

// TestTagsOutsideTheARNsRegion: tagging calls take the ARN of a trail of
// the caller's Region only; a multi-Region trail's ARN used from another
// Region (as DescribeTrails lists it there) is refused with AWS's
// "Region in ARN is wrong" (cloudquery/cq-provider-aws#236, ListTags,
// HTTP 400; aws/aws-sdk-java#1309).
func TestTagsOutsideTheARNsRegion(t *testing.T) {
	e := newEnv(t, cloudtrailfake.Options{})
	ctx := context.Background()
	home := e.client(acct, "us-east-1")
	away := e.client(acct, "us-west-2")
	arn := aws.ToString(mustCreate(t, home, &cloudtrail.CreateTrailInput{Name: aws.String("multi"), S3BucketName: aws.String("b"),
		IsMultiRegionTrail: aws.Bool(true)}).TrailARN)
	const msg = "Region in ARN is wrong, you can only access resources in region us-west-2."
	_, err := away.ListTags(ctx, &cloudtrail.ListTagsInput{ResourceIdList: []string{arn}})
	wantAPIError(t, err, isA[types.CloudTrailARNInvalidException](), "CloudTrailARNInvalidException", msg)
	_, err = away.AddTags(ctx, &cloudtrail.AddTagsInput{ResourceId: aws.String(arn), TagsList: []types.Tag{{Key: aws.String("k")}}})
	wantAPIError(t, err, isA[types.CloudTrailARNInvalidException](), "CloudTrailARNInvalidException", msg)
	_, err = away.RemoveTags(ctx, &cloudtrail.RemoveTagsInput{ResourceId: aws.String(arn), TagsList: []types.Tag{{Key: aws.String("k")}}})
	wantAPIError(t, err, isA[types.CloudTrailARNInvalidException](), "CloudTrailARNInvalidException", msg)
	// An ARN of a Region where no such trail exists is the same refusal,
	// not ResourceNotFoundException.
	_, err = home.ListTags(ctx, &cloudtrail.ListTagsInput{ResourceIdList: []string{"arn:aws:cloudtrail:eu-west-1:" + acct + ":trail/none"}})
	wantAPIError(t, err, isA[types.CloudTrailARNInvalidException](), "CloudTrailARNInvalidException",
		"Region in ARN is wrong, you can only access resources in region us-east-1.")
	if _, err := home.ListTags(ctx, &cloudtrail.ListTagsInput{ResourceIdList: []string{arn}}); err != nil {
		t.Errorf("ListTags in the home Region: %v", err)
	}
}

func TestListPublicKeys(t *testing.T) {
	e := newEnv(t, cloudtrailfake.Options{})
	ctx := context.Background()
	c := e.client(acct, "us-east-1")
	out, err := c.ListPublicKeys(ctx, &cloudtrail.ListPublicKeysInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.PublicKeyList) != 1 {
		t.Fatalf("keys: %+v", out.PublicKeyList)
	}
	k := out.PublicKeyList[0]
	pub, err := x509.ParsePKCS1PublicKey(k.Value)
	if err != nil {
		t.Fatal(err)
	}
	sum := md5.Sum(k.Value)
	if aws.ToString(k.Fingerprint) != hex.EncodeToString(sum[:]) {
		t.Errorf("fingerprint %s is not the MD5 of the key", aws.ToString(k.Fingerprint))
	}
	priv, err := e.fake.PrivateKey("us-east-1")
	if err != nil || !priv.PublicKey.Equal(pub) {
		t.Errorf("PrivateKey does not match ListPublicKeys: %v", err)
	}
	if k.ValidityStartTime == nil || k.ValidityStartTime.After(e.clock.now()) || !k.ValidityEndTime.After(e.clock.now()) {
		t.Errorf("validity %v to %v does not cover now", k.ValidityStartTime, k.ValidityEndTime)
	}
	_, err = c.ListPublicKeys(ctx, &cloudtrail.ListPublicKeysInput{StartTime: aws.Time(e.clock.now()), EndTime: aws.Time(e.clock.now().Add(-time.Hour))})
	wantAPIError(t, err, isA[types.InvalidTimeRangeException](), "InvalidTimeRangeException", "")
}

func TestFaults(t *testing.T) {
	e := newEnv(t, cloudtrailfake.Options{})
	ctx := context.Background()
	e.fake.Inject(cloudtrailfake.Throttling("DescribeTrails", 1))
	_, err := e.client(acct, "us-east-1").DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "ThrottlingException" {
		t.Fatalf("injected throttling: %v", err)
	}
	// The SDK's default retryer retries throttling: 3 attempts.
	e.fake.Inject(cloudtrailfake.Throttling("DescribeTrails", 2))
	before := e.fake.Requests()
	if _, err := e.client(acct, "us-east-1", 3).DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{}); err != nil {
		t.Fatalf("after two throttles the third attempt should pass: %v", err)
	}
	if n := e.fake.Requests() - before; n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	e.fake.Inject(cloudtrailfake.Unavailable("", 0))
	_, err = e.client(acct, "us-east-1").ListTrails(ctx, &cloudtrail.ListTrailsInput{})
	if !errors.As(err, &ae) || ae.ErrorCode() != "ServiceUnavailable" {
		t.Errorf("injected 503: %v", err)
	}
	e.fake.ClearFaults()
	e.fake.Inject(cloudtrailfake.Fault{Operation: "CreateTrail", Code: "S3BucketDoesNotExistException", Message: "S3 bucket b does not exist!"})
	_, err = e.client(acct, "us-east-1").CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("tr1"), S3BucketName: aws.String("b")})
	wantAPIError(t, err, isA[types.S3BucketDoesNotExistException](), "S3BucketDoesNotExistException", "S3 bucket b does not exist!")
	if _, err := e.client(acct, "us-east-1").ListTrails(ctx, &cloudtrail.ListTrailsInput{}); err != nil {
		t.Errorf("a fault for CreateTrail failed ListTrails: %v", err)
	}
}

// TestRecordedCallsUseCloudTrailsMemberNames: the records of the fake's
// own API calls spell requestParameters and responseElements as
// CloudTrail logs them, member names starting lower case at every level
// ("name", "trailName", "eventSelectors", "dataResources", "trailARN"),
// not as the API's wire form ("Name", "TrailName"). Sources: the AWS
// CloudTrail User Guide's StartLogging and UpdateTrail records
// ({"name": …}, responseElements null) and a real PutEventSelectors
// record (Stratus Red Team, aws.defense-evasion.cloudtrail-event-selectors).
func TestRecordedCallsUseCloudTrailsMemberNames(t *testing.T) {
	e := newEnv(t, cloudtrailfake.Options{})
	ctx := context.Background()
	c := e.client(acct, "us-east-1")
	mustCreate(t, c, &cloudtrail.CreateTrailInput{Name: aws.String("tr1"), S3BucketName: aws.String("b")})
	if _, err := c.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String("tr1")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutEventSelectors(ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String("tr1"),
		EventSelectors: []types.EventSelector{{ReadWriteType: types.ReadWriteTypeReadOnly, IncludeManagementEvents: aws.Bool(false),
			DataResources: []types.DataResource{{Type: aws.String("AWS::S3::Object"), Values: []string{"arn:aws:s3"}}}}}}); err != nil {
		t.Fatal(err)
	}
	got := map[string][2]string{}
	for _, r := range e.fake.Records() {
		if r.EventSource == "cloudtrail.amazonaws.com" {
			got[r.EventName] = [2]string{string(r.RequestParameters), string(r.ResponseElements)}
		}
	}
	tests := []struct {
		op, req, resp, reason string
	}{
		{"StartLogging", `{"name":"tr1"}`, ``, "User Guide StartLogging record: name, responseElements null"},
		{"PutEventSelectors",
			`{"trailName":"tr1","eventSelectors":[{"readWriteType":"ReadOnly","includeManagementEvents":false,"dataResources":[{"type":"AWS::S3::Object","values":["arn:aws:s3"]}]}]}`,
			`{"trailARN":"arn:aws:cloudtrail:us-east-1:` + acct + `:trail/tr1","eventSelectors":[{"readWriteType":"ReadOnly","includeManagementEvents":false,"dataResources":[{"type":"AWS::S3::Object","values":["arn:aws:s3"]}],"excludeManagementEventSources":[]}]}`,
			"real PutEventSelectors record: lower-case member names at every level"},
	}
	for _, tc := range tests {
		g, ok := got[tc.op]
		if !ok {
			t.Errorf("%s: no record", tc.op)
			continue
		}
		if !jsonEqual(g[0], tc.req) || tc.resp == "" && g[1] != "" && g[1] != "null" || tc.resp != "" && !jsonEqual(g[1], tc.resp) {
			t.Errorf("%s (%s):\nrequestParameters %s\nwant              %s\nresponseElements  %s\nwant              %s", tc.op, tc.reason, g[0], tc.req, g[1], tc.resp)
		}
	}
}

// jsonEqual reports whether a and b are the same JSON value.
func jsonEqual(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// TestAdvancedSelectorCount: advanced event selectors have no count limit
// of their own on a trail, only the 500 values of all their conditions
// (API Reference, PutEventSelectors, AdvancedEventSelectors; the limit of
// 1 to 5 is for basic event selectors, InvalidEventSelectorsException),
// so six are taken; none is refused without claiming that limit.
func TestAdvancedSelectorCount(t *testing.T) {
	e := newEnv(t, cloudtrailfake.Options{})
	ctx := context.Background()
	c := e.client(acct, "us-east-1")
	mustCreate(t, c, &cloudtrail.CreateTrailInput{Name: aws.String("tr1"), S3BucketName: aws.String("b")})
	var six []types.AdvancedEventSelector
	for _, src := range []string{"a", "b", "c", "d", "e", "f"} {
		six = append(six, types.AdvancedEventSelector{FieldSelectors: []types.AdvancedFieldSelector{
			{Field: aws.String("eventCategory"), Equals: []string{"Data"}},
			{Field: aws.String("resources.type"), Equals: []string{"AWS::S3::Object"}},
			{Field: aws.String("resources.ARN"), StartsWith: []string{"arn:aws:s3:::" + src + "-bucket/"}},
		}})
	}
	if _, err := c.PutEventSelectors(ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String("tr1"), AdvancedEventSelectors: six}); err != nil {
		t.Errorf("six advanced selectors: %v", err)
	}
	_, err := c.PutEventSelectors(ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String("tr1"), AdvancedEventSelectors: []types.AdvancedEventSelector{}})
	wantAPIError(t, err, isA[types.InvalidEventSelectorsException](), "InvalidEventSelectorsException", "")
	var ae smithy.APIError
	if errors.As(err, &ae) && strings.Contains(ae.ErrorMessage(), "1 to 5") {
		t.Errorf("no advanced selectors: message %q claims the basic selectors' limit", ae.ErrorMessage())
	}
}
