// Package awssdk connects trailmap to aws-sdk-go-v2, in a module of its
// own so that trailmap itself never depends on the SDK.
//
// Trails from the SDK: [Trail] and [Trails] convert DescribeTrails and
// GetTrail answers; [SetEventSelectors], [SetInsightSelectors],
// [SetStatus] and [SetEventConfiguration] merge GetEventSelectors,
// GetInsightSelectors, GetTrailStatus and GetEventConfiguration answers
// into a trail; [BasicSelectors], [AdvancedSelectors] and
// [InsightSelectors] convert selectors. Conversions copy each member
// from the SDK's types, so nothing of the SDK's result metadata ends up
// in a trail or a deployment file. [Collect] gathers a whole account
// (and its organization) into a deployment in one call; it does not read
// which opt-in Regions accounts enabled (the Account Management API),
// so a deployment it writes lists none beyond those its trails live in.
//
// Logs from S3: [Bucket] reads a bucket (or a prefix of it) through the
// S3 API with paging and concurrent GETs, as an fs.FS for the archive
// reader (trail/archive.FS) and as the integrity.Bucket and
// integrity.Dirser that log file validation reads digests and their
// metadata from; [PublicKeys] converts a ListPublicKeys answer to its
// keys. [LookupRecords] turns LookupEvents pages into records.
//
// The subpackage lambdatrail processes delivered log files in AWS Lambda
// (S3 event notifications and CloudTrail's SNS notifications, through SQS
// with partial batch responses). cloudtrailfake is an in-process
// CloudTrail API for tests; cmd/trailmap-fake serves it over HTTP; s3fake
// is a minimal S3 for tests of code reading logs from a bucket.
package awssdk
