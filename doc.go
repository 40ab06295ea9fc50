// Package trailmap models AWS CloudTrail in-process and offline: the record
// format, who made a call, which event selectors select an event, and which
// trails — in which accounts, Regions, buckets and S3 keys — would log it,
// and if not, why not. It needs no AWS account and no network.
//
// The root package holds only this overview; the work is done by its
// packages, whose imports point only toward the leaves:
//
//   - [github.com/trailmap/trailmap/region]: partitions, Regions enabled by
//     default or opt-in, global services and endpoints, and the dated rule
//     that records global service events in us-east-1 only.
//   - [github.com/trailmap/trailmap/identity]: the userIdentity element in
//     all its variants, and who really made the call.
//   - [github.com/trailmap/trailmap/event]: typed, lossless records, log
//     files (envelope, JSON Lines, gzip) streamed in constant memory, digest
//     files and classification; [github.com/trailmap/trailmap/event/schema]
//     validates records against a strict JSON Schema.
//   - [github.com/trailmap/trailmap/selector]: basic, advanced and insight
//     selectors, validated as AWS validates them, compiled once and matched
//     without allocating, with explanations.
//   - [github.com/trailmap/trailmap/trail]: trails, organizations and
//     deployments; validation with AWS's exception names; the Router that
//     says where a record is delivered and why other trails skip it; S3 keys
//     and CloudWatch Logs stream names.
//   - [github.com/trailmap/trailmap/trail/trailtest]: builders, a recorder
//     and LookupEvents-style event history for testing IAM workflows.
//
// The program examples/route reads records and prints, for each, the
// deliveries and skipped trails of a deployment.
package trailmap
