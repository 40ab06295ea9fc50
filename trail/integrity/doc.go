// Package integrity validates CloudTrail log file integrity offline: the
// chains of digest files, their signatures and the hashes of the log
// files they list, on a local copy of a bucket or through a small
// interface over S3. It does what `aws cloudtrail validate-logs` does,
// with the same verdicts and messages, and reports what the CLI misses.
//
// # Lifecycle
//
// Read the public keys ([ParsePublicKeys], from `aws cloudtrail
// list-public-keys` output), give the buckets ([Store] of [Bucket]s: [NewFS]
// over a directory written by `aws s3 sync`, or your own S3 [Bucket]),
// name the chain ([Chain]: account, Region, trail; [Discover] finds every
// chain of a trail in a bucket) and range ([Config]), then range over
// [Validate]. Each [Result] is one file's verdict or a gap; [Result.Line]
// is the CLI's line for it and [Summary] totals them as the CLI's summary
// does.
//
//	keys, err := integrity.ParsePublicKeys(listPublicKeysOutput)
//	cfg := &integrity.Config{Store: integrity.Store{"amzn-s3-demo-bucket": integrity.NewFS(os.DirFS(dir))},
//		Keys: keys, Start: start, End: end}
//	for r, err := range integrity.Validate(ctx, cfg, chain) { … }
//
// # Fidelity
//
// The checks, their order and their messages are those of the AWS CLI's
// validate-logs (awscli/customizations/cloudtrail/validation.py, 2026)
// and the CloudTrail User Guide pages "Validating CloudTrail log file
// integrity with the AWS CLI", "CloudTrail digest file structure" and
// "Custom implementations of CloudTrail log file integrity validation":
//
//   - Digest files are listed as the CLI lists them (under
//     [Chain.DigestPrefix], after the key of a digest delivered a minute
//     before the start, keys whose time stamp is in [start, end + 1 h]),
//     and followed newest to oldest through previousDigestS3Object,
//     first the standard chain, then the backfill chain
//     ("…_backfill.json.gz"). A null link is a gap (reported only when an
//     older digest file exists); a missing or invalid digest file makes
//     the traversal go on with the next older listed key.
//   - A digest file is checked in the CLI's order: gzip and JSON
//     ("invalid format"), signature metadata ("signature verification
//     failed"), a backfill digest's backfill-generation-timestamp, the
//     required members, its own location ("has been moved from its
//     original location"), the public key by fingerprint ("public key not
//     found in region <home Region> for fingerprint <fp>"), the key's DER
//     ("Unable to load PKCS #1 key with fingerprint <fp>"), and the RSA
//     PKCS#1 v1.5 SHA-256 signature over [SigningString].
//   - A log file's SHA-256 is that of its decompressed first gzip
//     member; bytes after it make it invalid ("unexpected data after end
//     of compressed stream", as the CLI since 2026-05); a stream cut
//     short is hashed as far as it goes ("hash value doesn't match").
//   - Public keys: the standard chain uses the keys valid in [start,
//     end + 2 h] and stops with "No public keys found between …" when
//     there are none; a backfill digest file adds the keys valid within
//     an hour of its backfill-generation-timestamp. Keys may be PKCS#1
//     or SubjectPublicKeyInfo DER (the CLI loads PKCS#1 only).
//
// Offline: `aws s3 sync` drops S3 metadata, so a digest file's signature
// is read from "<key>.metadata.json" beside it (head-object output) when
// present; otherwise it is the previousDigestSignature of the newer
// digest file that links to it, as the User Guide describes for offline
// validation. A digest file with neither is reported as the CLI reports
// one without metadata (ReasonNoSignature). A backfill digest file
// without its metadata may be signed by any key given.
//
// Beyond the CLI (Result.BeyondCLI; Config.CLIOnly turns it off):
//
//   - Digest files missing between a missing digest file and the next
//     valid one are reported too (aws/aws-cli#7054: the CLI reports only
//     the first of two consecutive deleted digest files). Their keys are
//     inferred from the hourly rhythm and marked Estimated: the name was
//     in the missing file. A stretch of missing hours is taken for
//     deleted digest files, not for logging turned off, which offline
//     cannot be told apart.
//   - previousDigestSignature and previousDigestHashValue are checked
//     against the digest file linked to (ReasonPreviousSignature,
//     ReasonPreviousHash).
//
// Where the CLI would crash (a valid digest file without logFiles, a
// malformed logFiles entry), the first counts as listing no log files and
// the second as an invalid log file. JSON the CLI's Python parser accepts
// and Go's does not (NaN, Infinity) is "invalid format" here.
//
// # Errors
//
// Verdicts are Results, never errors. Validate yields an error only to
// stop: a *FatalError (no public keys, matching ErrNoPublicKeys; a read
// error other than a missing key), or the context's error. A bucket the
// Store lacks reads as empty.
//
// # Concurrency
//
// Log files are hashed by Config.Workers goroutines (one inflating while
// another hashes; with Config.Pipelined each file also inflates and hashes
// in two), ahead of the results, which come in the CLI's order. A Config, Keys and an FS may be shared by validations
// running at once; a Bucket given in a Store must allow concurrent calls.
package integrity
