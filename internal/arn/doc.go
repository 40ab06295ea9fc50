// Package arn parses and formats Amazon Resource Names, with helpers for
// the IAM and STS principal ARNs that appear in CloudTrail userIdentity
// elements: IAM users and roles (with paths), assumed-role sessions,
// federated users and the account root user.
//
// The general layout is arn:partition:service:region:account-id:resource
// (IAM User Guide, "IAM identifiers"; AWS General Reference, "Amazon
// Resource Names"). Parse splits on the first five colons and keeps the
// resource as it is, so String gives back the parsed text exactly.
//
// # Errors
//
// Parse returns an *[Error] naming the input; its reason is one of
// [ErrPrefix], [ErrSections] or [ErrEmpty], matchable with errors.Is.
//
// # Compatibility
//
// Parse accepts partitions and services it does not know;
// [KnownPartition] reports the AWS partitions.
package arn
