// Package region knows the AWS partitions and Regions as CloudTrail sees
// them: which Regions are enabled by default and which are opt-in, which
// services are global, in which Region their events are recorded, and
// what an endpoint host name says about where a request went.
//
// # Partitions and Regions
//
// [Lookup] returns a known [Region]; [PartitionOf] and [Infer] also
// accept Regions newer than this package, recognising their partition by
// the shape of the name as the AWS SDKs do ("ap-southeast-9" is aws,
// "us-gov-central-1" is aws-us-gov). [IsEnabledByDefault] says whether an
// account can use a Region without enabling it first; a Region this
// package does not know is opt-in in the aws partition, because every
// Region launched since 2019-03-20 is. [Partition.Regions],
// [Partition.DefaultRegions] and [Partition.OptInRegions] list a
// partition's Regions; [Partitions] lists the partitions.
//
// # Global services
//
// IAM, AWS STS through its global endpoint, CloudFront and console
// sign-in through the global sign-in endpoint produce global service
// events. [IsGlobalService] names the services, [Origin.IsGlobal] decides
// for one record from its eventSource, awsRegion,
// tlsDetails.clientProvidedHostHeader and, for STS,
// additionalEventData.RequestDetails.endpointType. [GlobalEventRegion]
// gives the Region a partition records them in (us-east-1;
// us-gov-west-1 in GovCloud (US)), [ConsoleSignInRegions] the Regions a
// global console sign-in may be recorded in, and [GlobalEventRule] the
// change of 2021-11-22 as a dated rule whose cutover callers may move.
//
// [ParseEndpoint] parses endpoint host names such as sts.amazonaws.com,
// sts-fips.us-east-2.amazonaws.com, iam.global.api.aws,
// us-east-2.signin.aws.amazon.com or s3.cn-north-1.amazonaws.com.cn.
//
// # Fidelity
//
// The partition and Region table is generated (go generate) from
// partitions.json, which records its sources:
//
//   - partitions, DNS suffixes, Region name patterns, Region names and
//     descriptions: botocore's partitions.json (boto/botocore, 2026-08);
//     partition-wide endpoints of IAM, STS and CloudFront and their
//     Regions: botocore's endpoints.json; sign-in domains: botocore's
//     signin endpoint rules;
//   - default versus opt-in: AWS Account Management Reference, "Enable
//     or disable AWS Regions in your account" (Regions launched before
//     2019-03-20 are enabled by default), with launch dates from the
//     CloudTrail User Guide, "CloudTrail supported Regions". Only the
//     aws partition has opt-in Regions;
//   - global service events and the 2021-11-22 change: CloudTrail User
//     Guide, "CloudTrail concepts", "Global service events"; AWS GovCloud
//     (US) User Guide, "AWS CloudTrail in AWS GovCloud (US)";
//   - STS: IAM User Guide, "AWS STS Regions and endpoints" (global
//     endpoint calls are logged in us-east-1 even when served in another
//     Region since 2025; Regional endpoint calls in their Region);
//   - console sign-in: CloudTrail User Guide, "AWS Management Console
//     sign-in events"; AWS General Reference, "AWS Sign-In endpoints and
//     quotas".
//
// Not documented by AWS, and chosen here: the global event Region of
// aws-cn, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f and aws-eusc (see
// [GlobalEventRegion]); the exact instant of the 2021 change (midnight
// UTC, see [GlobalEventRule]); how to classify an STS or sign-in event
// that carries no endpoint hint (see [Origin.IsGlobal]). Route 53 is not
// treated as a global service: only third-party material calls it one.
//
// # Concurrency
//
// The package has no mutable state. Every function may be called from
// any goroutine; returned slices are fresh copies the caller owns.
//
// # Compatibility
//
// New Regions and partitions are added to partitions.json as AWS
// launches them. Until then they still work: their names are recognised
// by pattern, and in the aws partition they are opt-in.
package region
