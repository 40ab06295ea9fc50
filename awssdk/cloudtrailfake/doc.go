// Package cloudtrailfake is an in-process fake of the AWS CloudTrail API
// for tests: an http.Handler that aws-sdk-go-v2's cloudtrail client, the
// AWS CLI and any other SDK talk to as to CloudTrail, and that behaves as
// CloudTrail does, validation included.
//
//	fake, _ := cloudtrailfake.New(cloudtrailfake.Options{})
//	srv := httptest.NewServer(fake)
//	client := cloudtrail.New(cloudtrail.Options{
//		Region:       "us-east-1",
//		BaseEndpoint: aws.String(srv.URL),
//		Credentials:  credentials.NewStaticCredentialsProvider("111122223333", "secret", ""),
//	})
//
// # Wire protocol
//
// awsJson1_1: POST / with X-Amz-Target CloudTrail_20131101.<Operation>
// (aws-sdk-go-v2) or com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Operation>
// (botocore: the AWS CLI, boto3). Timestamps are epoch seconds as JSON
// numbers; errors are {"__type": <exception>, "Message": <text>} with HTTP
// 400, as every modelled CloudTrail exception is (API Reference); an
// unknown operation is UnknownOperationException (404), a body that is
// not JSON SerializationException. Every answer carries x-amzn-RequestId.
//
// The caller's Region and account come from the SigV4 credential scope
// (Credential=<access key>/<date>/<Region>/cloudtrail/aws4_request); the
// signature is not checked. An access key ID of 12 digits acts as that
// account, any other as Options.DefaultAccount (123456789012); an
// unsigned request is in Options.DefaultRegion (us-east-1).
//
// # Operations and semantics
//
// CreateTrail, GetTrail, DescribeTrails, ListTrails, UpdateTrail,
// DeleteTrail, StartLogging, StopLogging, GetTrailStatus,
// PutEventSelectors, GetEventSelectors, PutInsightSelectors,
// GetInsightSelectors, PutEventConfiguration, GetEventConfiguration
// (aggregation of trails), AddTags, RemoveTags, ListTags, LookupEvents and
// ListPublicKeys. Event data stores, channels, dashboards, Lake queries
// and imports are not modelled.
//
// State is kept per account and Region. A trail lives in its home Region;
// a multi-Region trail is also seen, as a shadow trail, in every other
// Region of its partition, and an organization trail in the member
// accounts of the organization (Options.Deployment). Names resolve to the
// caller's trails homed in the caller's Region; other copies are reached
// by ARN (GetTrailStatus of a shadow, DescribeTrails of a trail homed
// elsewhere). DescribeTrails includes shadows unless includeShadowTrails
// is false. Only the home copy can be changed: UpdateTrail, DeleteTrail,
// StartLogging, StopLogging and the Put operations elsewhere answer
// InvalidHomeRegionException. A trail created through the API is not
// logging until StartLogging; a trail seeded from a deployment is logging
// unless its IsLogging says false. New trails include global service
// events unless told otherwise; GetEventSelectors of a trail never given
// selectors answers the default basic selector; GetInsightSelectors of a
// trail without Insights answers InsightNotEnabledException.
//
// Validation is trailmap's own (trail.Deployment.Validate and the
// selector package), so the fake and the library never disagree: trail
// names, five trails per Region counting multi-Region and organization
// trails, multi-Region trails with global service events, organization
// trails of the management account, S3 key prefixes, basic, advanced and
// insight selectors, each answered with the AWS exception name and,
// where known, AWS's message ("Trail t already exists for customer:
// 123456789012", "Unknown trail: arn:aws:cloudtrail:us-east-2:123456789012:trail/t
// for the user: 123456789012", "User: 123456789012 already has 5 trails
// in us-east-1.", "Multi-Region trail must include global service
// events."). Problems are answered one per call, the first in the order
// AWS checks names first.
//
// # Records and event history
//
// Every call of the fake's API is recorded as CloudTrail records it: a
// management event of cloudtrail.amazonaws.com in the caller's account
// and Region, with requestParameters, responseElements of changing calls
// (member names starting lower case, "name", "trailARN", as CloudTrail
// logs them) and errorCode and errorMessage of failed ones (Options.NoRecords turns
// this off). Calls to other services are reported with Server.Call (the
// trailtest recorder's rules: one copy per account involved) or
// Server.Add. Each record is routed through the fake's own trails
// (trail.Router: Regions, organization, global service events,
// selectors, logging state) and Server.Log says what each trail
// delivered and under which key prefix; LookupEvents answers from the
// event history with AWS's rules (trailtest.History: 90 days, management
// events only unless EventCategory is insight, one lookup attribute,
// MaxResults 1 to 50, newest first, tokens bound to their request).
//
// Server.Files groups each trail's deliveries into log files named as
// CloudTrail names them (five-minute windows), and Server.Deliver writes
// them, with signed, chained digest files for trails with log file
// validation enabled, to any store (s3fake, a directory, a real bucket),
// so that the archive reader and log file integrity validation can be
// tested end to end. ListPublicKeys answers one RSA key per Region
// (PKCS #1 DER, fingerprint the MD5 of it), valid for a year from the day
// the fake started; the digests of a Region are signed with its key, and
// Server.PrivateKey gives the private half.
//
// # Faults
//
// Server.Inject makes calls fail on demand: Throttling
// (ThrottlingException, which SDKs retry), Unavailable (503),
// InternalFailure (500) or any code and status, for one operation or all,
// a number of times or until ClearFaults. Tests of injected throttling
// usually set the client's RetryMaxAttempts to 1.
//
// # Not modelled
//
// Event data stores, channels, dashboards, Lake queries and imports;
// checks against other services (S3 bucket existence and policy, SNS
// topics, KMS keys, CloudWatch Logs: inject S3BucketDoesNotExistException
// and the like with Inject); SigV4 signature checks; paging tokens of
// ListTrails and ListTags (everything is one page); Insights events
// (none are generated, though Insights records given to Add are routed
// and looked up). Messages AWS has not been seen to send are the fake's
// own: its exception names are always AWS's.
//
// # Concurrency
//
// A Server is safe for concurrent use; requests are served one at a
// time.
package cloudtrailfake
