// Package trailtest helps test programs that act on AWS as CloudTrail would
// see them: it builds realistic CloudTrail records, turns the calls a test
// reports into the record copies each account receives, routes them
// through a deployment's trails, answers LookupEvents over the resulting
// event history, and compares records with readable diffs.
//
// # Lifecycle
//
// A test describes its trails as a [trail.Deployment], makes a [Recorder]
// with [NewRecorder] and a seed, and reports what happened:
//
//	r, err := trailtest.NewRecorder(d, 1)
//	alice := trailtest.NewIAMUser(trailtest.Account1, "Alice")
//	admin, _ := r.AssumeRole(alice, "arn:aws:iam::444455556666:role/Admin", "alice")
//	r.Call("s3.amazonaws.com", "DeleteBucket", trailtest.As(admin), trailtest.In("us-west-2"),
//		trailtest.Resource("AWS::S3::Bucket", "arn:aws:s3:::amzn-s3-demo-bucket", trailtest.Account2))
//
// It then reads what each trail delivered ([Recorder.Log], or grouped into
// log files under their object keys, [Recorder.Files], whose
// [File.Encode] gives the gzip-compressed file), how each copy was
// routed ([Recorder.Result]) and what event history shows
// ([Recorder.LookupEvents]), or asserts with [AssertLogged],
// [AssertNotLogged] and [Diff]. [Builder] builds single records without a
// deployment; [History] answers LookupEvents over records added to it.
//
// # Assertions
//
// Trails are named by TrailARN or, when no other trail of the deployment
// shares it, by Name. A call returns one record copy per account involved;
// [CopyFor] picks an account's. A test asserts on such a copy, or on a
// record it wrote: [IgnoreGenerated] leaves out what the builders generate
// (IDs, times, addresses, keys; in LookupEvents output too), and
// [IgnoreUnset] compares only the fields the written record sets, so an
// expectation names just what the test is about:
//
//	trailtest.AssertLogged(t, r, "audit", &event.Record{EventSource: "iam.amazonaws.com",
//		EventName: "CreateUser", AWSRegion: "us-east-1", RecipientAccountID: trailtest.Account1},
//		trailtest.IgnoreUnset())
//
// A failed AssertLogged says why in its first line (the trail's skip code
// and reason, or that it logged no record of that eventSource and
// eventName), and shows a diff only against a record of the same
// eventSource and eventName.
//
// Everything generated — event, request and shared event IDs, times,
// addresses, access keys — follows from the seed and the order of the
// calls, so records are the same on every run. Identities built by
// [NewIAMUser], [NewAssumedRole], [NewRoot] and the other New constructors
// derive their IDs from their names. The default accounts are the documented example
// account IDs [Account1], [Account2] and [Account3].
//
// # Fidelity
//
// Records follow the CloudTrail User Guide pages "CloudTrail record
// contents", "CloudTrail userIdentity element" and "AWS Management Console
// sign-in events", and the IAM User Guide pages "Logging IAM and AWS STS
// API calls with AWS CloudTrail" and "Track privileged tasks in AWS
// CloudTrail":
//
//   - Each account involved gets its own copy with its own eventID and
//     recipientAccountId; copies of one action share a sharedEventID. The
//     role owner's copy of a cross-account AssumeRole shows the caller as
//     AWSAccount (or AWSService with invokedBy when a service assumed the
//     role); AssumeRoleWithSAML and AssumeRoleWithWebIdentity are recorded
//     in the role owner's account only, as SAMLUser and WebIdentityUser;
//     later calls show AssumedRole with a sessionContext naming the role.
//     GetSessionToken keeps the user's identity; GetFederationToken gives
//     a FederatedUser; AssumeRoot gives a Root identity with a temporary
//     key in the member account and has no global endpoint.
//   - STS calls through the global endpoint are recorded in us-east-1,
//     through a Regional endpoint in that Region; from 2025 their
//     additionalEventData.RequestDetails says which (IAM User Guide,
//     "Manage AWS STS in an AWS Region"). A source identity passes through
//     role chaining.
//   - A console sign-in that fails on the password is recorded with
//     errorMessage "Failed authentication"; one that fails on the IAM user
//     name with userName HIDDEN_DUE_TO_SECURITY_REASONS and errorMessage
//     "No username found in supplied account". Neither has an errorCode.
//     Failed root sign-ins (wrong password) are recorded as the current
//     sign-in page shows, except before 2018-08-25, the date of its first
//     such example: the IAM User Guide of 2017 said they were not logged
//     (the newer page wins for later events). A root sign-in with an
//     e-mail address of no account is recorded nowhere, as there is no
//     account to record it in (derived).
//   - Cross-account data events are recorded in the caller's and in the
//     resource owner's account ("Logging data events").
//   - A call through a VPC endpoint ([VPCEndpoint]) is recorded in the
//     caller's account with vpcEndpointId, and the endpoint's owner gets
//     its network activity event ("Logging network activity events";
//     the examples of "Understanding CloudTrail events"): eventType
//     AwsVpceEvent, eventCategory NetworkActivity, eventVersion 1.09,
//     recipientAccountId and vpcEndpointAccountId the owner, a
//     sharedEventID, no userAgent, readOnly, managementEvent,
//     requestParameters or responseElements, and a caller from another
//     account shown as AWSAccount. A call the endpoint policy denied
//     ([EndpointPolicyDenied]) has errorCode VpceAccessDenied and the
//     fixed message "The request was denied due to a VPC endpoint
//     policy", and only the owner's copy: that the service then records
//     nothing in the caller's account is derived, not documented.
//   - Members newer than a record's eventVersion are left out (the
//     "Since" column of "CloudTrail record contents"); sign-in records of
//     eventVersion 1.05 have no readOnly, as the documented ones.
//   - Root user sign-ins and failed sign-ins carry "accessKeyId": "", as
//     every current sign-in example does; those identities are decoded
//     from JSON, since a built identity cannot hold a member present
//     with an empty string.
//
// [History] follows the API Reference page for LookupEvents and the User
// Guide page "Working with CloudTrail event history": 90 days, management
// events only (Insights events only with EventCategory "insight"), per
// account and Region, global service events in us-east-1 since 2021-11-22
// and in every Region before, one lookup attribute, MaxResults 1 to 50,
// newest first, NextToken bound to its request. The Username and
// ResourceName it shows are derived: the user or session name, and the
// resource ARN (bucket name for S3 buckets). Event history's own gaps
// (events not every service records there, throttling) are not modelled.
//
// [Signer] writes what log file integrity validation leaves in a bucket:
// given log files (from [LogObjects] over [Recorder.Files], any bytes,
// or [RecordLogObjects] over records) and an RSA key ([TestKey] gives fixed ones), [Signer.Sign] returns a
// [Tree] with the log files, hourly digest files (hours without log files
// included, none while logging was stopped), their chain, backfill digest
// files, the signatures in head-object metadata files beside them, and the
// list-public-keys output. Tests tamper with Tree.Objects, or re-sign a
// changed digest with [Tree.Rewrite], and check what their validator says;
// trail/integrity validates such trees as the AWS CLI does.
//
// Log files group a trail's records per account, Region and five-minute
// window, as CloudTrail delivers about every five minutes; the real
// grouping and timing are not documented beyond that.
//
// Not modelled: the payloads of responseElements beyond the documented
// members of the STS and sign-in responses, service-specific requestID
// formats other than S3's, and members present with an empty string in
// identities other than the sign-in ones above.
//
// # Errors
//
// [History.LookupEvents] returns a *[LookupError] whose Code is the AWS
// exception name; the message text may change. [NewRecorder] returns the
// deployment's validation errors from [trail.NewRouter], wrapped.
//
// # Concurrency
//
// A Builder, Recorder or History is for one goroutine. Records they
// return are fresh values the caller may change, except that a record
// given to a Recorder or History must not be changed afterwards.
package trailtest
