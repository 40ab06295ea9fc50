package integrity

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"regexp"
	"runtime"
	"strings"
	"time"
)

// Config is what a validation reads and the range it covers.
type Config struct {
	// Store holds the buckets: the chain's own and any bucket a digest
	// file links to or lists log files in.
	Store Store
	// Keys are the public keys, as ParsePublicKeys reads them from
	// `aws cloudtrail list-public-keys` output (keys are per Region: give
	// the keys of the Region whose digests are validated).
	Keys Keys
	// Start and End bound the validation: digest files delivered from
	// Start to End (plus the hour after, as the AWS CLI does). A zero End
	// means now, the CLI's default.
	Start, End time.Time
	// CLIOnly reports exactly what the AWS CLI reports: no second
	// consecutive missing digest file, no previousDigestSignature or
	// previousDigestHashValue checks.
	CLIOnly bool
	// Workers is how many log files are hashed at once (one inflating
	// while another hashes); 0 means GOMAXPROCS.
	Workers int
	// Pipelined inflates and hashes each log file in two goroutines, for
	// large files on idle cores. On a busy machine it costs more than it
	// gains (BenchmarkValidate), so it is off by default.
	Pipelined bool
}

// FatalError is an error that stops a validation, as it stops the AWS
// CLI: no public keys for the range, a bucket that cannot be read.
type FatalError struct {
	Err error
	// Msg, when set, is the message, as the AWS CLI prints it.
	Msg string
}

// Error returns the message.
func (e *FatalError) Error() string {
	if e.Msg != "" {
		return e.Msg
	}
	return e.Err.Error()
}

// Unwrap returns the cause.
func (e *FatalError) Unwrap() error { return e.Err }

// ErrNoPublicKeys is matched by the error that stops a validation when
// no public key is valid in [Start, End + 2 h].
var ErrNoPublicKeys = errors.New("integrity: no public keys")

// Validate validates the chain's digest files and the log files they
// list, newest to oldest, the standard chain first and then the backfill
// chain, as `aws cloudtrail validate-logs` does (see the package
// documentation), and yields one Result per file and gap in the order the
// CLI prints them. Log files are hashed in parallel, ahead of the
// results. An error ends the sequence: a *FatalError (no public keys, a
// bucket that is missing or cannot be read) or the context's error.
func Validate(ctx context.Context, cfg *Config, chain Chain) iter.Seq2[Result, error] {
	return func(yield func(Result, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		workers := cfg.Workers
		if workers <= 0 {
			workers = runtime.GOMAXPROCS(0)
		}
		v := &validator{
			cfg:   cfg,
			chain: chain,
			out:   make(chan item, 4*workers+16),
			sem:   make(chan struct{}, workers),
			lists: map[listKey]*listing{},
		}
		go func() {
			defer close(v.out)
			if err := v.run(ctx); err != nil {
				v.send(ctx, item{err: err})
			}
		}()
		defer func() {
			cancel()
			for it := range v.out { // let the producer and hashers end
				if it.log != nil {
					<-it.log.done
				}
			}
		}()
		for it := range v.out {
			if it.err != nil {
				yield(Result{}, it.err)
				return
			}
			if it.log != nil {
				select {
				case <-it.log.done:
				case <-ctx.Done():
					yield(Result{}, ctx.Err())
					return
				}
				if it.log.err != nil {
					yield(Result{}, it.log.err)
					return
				}
				it.res = it.log.res
			}
			if !yield(it.res, nil) {
				return
			}
		}
		if err := ctx.Err(); err != nil {
			yield(Result{}, err)
		}
	}
}

type validator struct {
	cfg   *Config
	chain Chain
	out   chan item
	sem   chan struct{}
	lists map[listKey]*listing
	hash  logHasher
}

type item struct {
	res Result
	log *logJob
	err error
}

type logJob struct {
	done chan struct{}
	res  Result
	err  error
}

func (v *validator) send(ctx context.Context, it item) bool {
	select {
	case v.out <- it:
		return true
	case <-ctx.Done():
		return false
	}
}

func (v *validator) run(ctx context.Context) error {
	for _, backfill := range [...]bool{false, true} {
		if err := v.traverse(ctx, backfill); err != nil {
			return err
		}
	}
	return nil
}

// listKey is the AWS CLI's listing cache key (bucket, prefix, start,
// end); the prefix is the chain's.
type listKey struct {
	bucket     string
	start, end time.Time
}

// listing holds the digest keys a listing found, oldest first; traversal
// takes keys from the end, as the CLI pops them.
type listing struct {
	standard, backfill []string
}

// load returns the digest keys of bucket in [start, end + 1 h], listed
// once per bucket and range as the AWS CLI lists them
// (load_all_digest_keys_in_range).
func (v *validator) load(ctx context.Context, bucket string, start, end time.Time, backfill bool) (*[]string, error) {
	k := listKey{bucket, start, end}
	l, ok := v.lists[k]
	if !ok {
		b, err := v.cfg.Store.bucket(bucket)
		if err != nil {
			return nil, err
		}
		l = &listing{}
		marker := v.chain.digestKey(start.Add(-time.Minute))
		re := v.keyPattern()
		from := start.UTC().Format(stampLayout)
		to := end.Add(time.Hour).UTC().Format(stampLayout)
		for key, err := range b.List(ctx, v.chain.DigestPrefix(), marker) {
			if err != nil {
				return nil, err
			}
			if !re.MatchString(key) {
				continue
			}
			stamp, bf := keyStamp(key)
			if stamp > to {
				break
			}
			if stamp < from {
				continue
			}
			if _, err := time.Parse(stampLayout, stamp); err != nil {
				continue // the CLI would fail parsing it later
			}
			if bf {
				l.backfill = append(l.backfill, key)
			} else {
				l.standard = append(l.standard, key)
			}
		}
		v.lists[k] = l
	}
	if backfill {
		return &l.backfill, nil
	}
	return &l.standard, nil
}

// keyPattern is the AWS CLI's pattern for the chain's digest keys
// (_create_digest_key_regex).
func (v *validator) keyPattern() *regexp.Regexp {
	c := v.chain
	q := regexp.QuoteMeta
	p := "AWSLogs/"
	if c.OrgID != "" {
		p += c.OrgID + "/" // not escaped by the CLI either
	}
	p += q(c.Account) + `/CloudTrail\-Digest/` + q(c.Region) + `/\d+/\d+/\d+/` + q(c.Account) +
		`_CloudTrail\-Digest_` + q(c.Region) + "_" + q(c.TrailName) + "_" + q(c.HomeRegion) + `_.+(?:_backfill)?\.json\.gz`
	if c.Prefix != "" {
		p = q(c.Prefix) + "/" + p
	}
	return regexp.MustCompile("^" + p + "$")
}

// keyStamp returns the time stamp of a digest key and whether the key is
// a backfill digest's (extract_digest_key_date, is_backfill_digest_key).
func keyStamp(key string) (string, bool) {
	bf := strings.HasSuffix(key, "_backfill.json.gz")
	a, b := len(key)-24, len(key)-8
	if bf {
		a, b = len(key)-33, len(key)-17
	}
	if a < 0 {
		return "", bf
	}
	return key[a:b], bf
}

func stampTime(key string) time.Time {
	s, _ := keyStamp(key)
	t, _ := time.Parse(stampLayout, s)
	return t
}

// popLast takes the newest key of the listing, or with before set the
// newest key stamped before it, dropping the keys passed
// (_get_last_digest).
func popLast(l *[]string, before string) (string, time.Time, bool) {
	var limit time.Time
	if before != "" {
		limit = stampTime(before)
	}
	for len(*l) > 0 {
		k := (*l)[len(*l)-1]
		*l = (*l)[:len(*l)-1]
		t := stampTime(k)
		if before == "" || t.Before(limit) {
			return k, t, true
		}
	}
	return "", time.Time{}, false
}

// pendingMissing is a missing digest file reached through a chain link.
type pendingMissing struct {
	bucket, key string
	newerStart  time.Time // digestStartTime of the digest that linked to it
}

func (v *validator) traverse(ctx context.Context, backfill bool) error {
	kind := KindDigest
	if backfill {
		kind = KindBackfillDigest
	}
	start, end := v.cfg.Start.UTC(), v.cfg.End.UTC()
	if v.cfg.End.IsZero() {
		end = time.Now().UTC()
	}
	bucket := v.chain.Bucket
	digests, err := v.load(ctx, bucket, start, end, backfill)
	if err != nil {
		return &FatalError{Err: err}
	}
	keys := map[string]*PublicKey{}
	if !backfill {
		to := end.Add(2 * time.Hour)
		keys = v.cfg.Keys.Between(start, to)
		if len(keys) == 0 {
			return &FatalError{Err: ErrNoPublicKeys, Msg: noKeysMessage(start, to)}
		}
	}
	emit := func(r Result) bool {
		r.Chain, r.Kind = v.chain, kind
		return v.send(ctx, item{res: r})
	}
	key, _, ok := popLast(digests, "")
	lastStart := stampTime(key)
	var lk *link
	var pending *pendingMissing
	for ok && key != "" && !start.After(lastStart) {
		d, fail, err := v.loadDigest(ctx, bucket, key, backfill, keys, lk)
		if err != nil {
			return &FatalError{Err: err}
		}
		if fail != nil {
			r := Result{Status: Invalid, Reason: fail.reason, Message: fail.msg, Bucket: bucket, Key: key}
			pending = nil
			if fail.reason == ReasonNotFound {
				r.Status = Missing
				if lk != nil {
					pending = &pendingMissing{bucket, key, lk.newerStart}
				}
			}
			if !emit(r) {
				return ctx.Err()
			}
			key, _, ok = popLast(digests, key)
			lk = nil
			continue
		}
		if !v.cfg.CLIOnly {
			for _, r := range v.beyond(bucket, key, d, lk, pending) {
				if !emit(r) {
					return ctx.Err()
				}
			}
		}
		pending = nil
		if !emit(Result{Status: Valid, Bucket: bucket, Key: key, Digest: d.typed, From: d.start, To: d.end}) {
			return ctx.Err()
		}
		if err := v.logs(ctx, d); err != nil {
			return err
		}
		lastStart = d.start
		if d.prevBucket == nil || d.prevKey == nil {
			var nextKey string
			var nextStamp time.Time
			nextKey, nextStamp, ok = popLast(digests, key)
			if ok {
				if !emit(Result{Status: Gap, Bucket: bucket, Key: key, From: nextStamp, To: d.start}) {
					return ctx.Err()
				}
			}
			key, lk = nextKey, nil
			continue
		}
		lk = &link{sig: d.prevSig, hash: d.prevHash, newerKey: key, newerStart: d.start}
		key = *d.prevKey
		if *d.prevBucket != bucket {
			bucket = *d.prevBucket
			if digests, err = v.load(ctx, bucket, start, d.end, backfill); err != nil {
				return &FatalError{Err: err}
			}
		}
	}
	return nil
}

// beyond returns the findings the AWS CLI does not make about the valid
// digest d at bucket/key: the newer digest's previousDigestSignature and
// previousDigestHashValue checked against d, and digest files missing
// between d and a missing digest file reached through a link
// (aws/aws-cli#7054).
func (v *validator) beyond(bucket, key string, d *digestFile, lk *link, pending *pendingMissing) []Result {
	var out []Result
	if pending != nil {
		// The missing digest covered the hour before newerStart; every
		// further hour between d's end and it had a digest too.
		hours := int((pending.newerStart.Sub(d.end) + 30*time.Minute) / time.Hour)
		offset := stampTime(pending.key).Sub(pending.newerStart)
		for j := 1; j < hours && j <= maxEstimated; j++ {
			est := estimatedKey(pending.key, pending.newerStart.Add(-time.Duration(j)*time.Hour+offset))
			out = append(out, Result{Status: Missing, Reason: ReasonNotFound, Message: "not found",
				Bucket: pending.bucket, Key: est, BeyondCLI: true, Estimated: true})
		}
	}
	if lk != nil {
		if lk.hash != nil && !strings.EqualFold(*lk.hash, digestHash(d.inflated)) {
			out = append(out, Result{Status: Invalid, Reason: ReasonPreviousHash, BeyondCLI: true,
				Message: "previousDigestHashValue is not the SHA-256 of " + key, Bucket: bucket, Key: lk.newerKey})
		}
		if lk.sig != nil && !strings.EqualFold(*lk.sig, d.signature) {
			out = append(out, Result{Status: Invalid, Reason: ReasonPreviousSignature, BeyondCLI: true,
				Message: "previousDigestSignature is not the signature of " + key, Bucket: bucket, Key: lk.newerKey})
		}
	}
	return out
}

// maxEstimated bounds the missing digest files inferred from one hole.
const maxEstimated = 24 * 366

// estimatedKey returns key with its time stamp and day folders set to t.
func estimatedKey(key string, t time.Time) string {
	stamp, bf := keyStamp(key)
	if stamp == "" {
		return key
	}
	t = t.UTC().Truncate(time.Second)
	suffix := ".json.gz"
	if bf {
		suffix = "_backfill.json.gz"
	}
	name := key[:len(key)-len(suffix)-len(stamp)] + t.Format(stampLayout) + suffix
	// Replace the YYYY/MM/DD folders before the file name.
	i := strings.LastIndexByte(name, '/')
	dir, file := name[:i], name[i+1:]
	parts := strings.Split(dir, "/")
	if len(parts) >= 3 {
		parts[len(parts)-3], parts[len(parts)-2], parts[len(parts)-1] = t.Format("2006"), t.Format("01"), t.Format("02")
	}
	return strings.Join(parts, "/") + "/" + file
}

// logs queues the checks of d's log files; they run on the hashing
// workers and are reported in order.
func (v *validator) logs(ctx context.Context, d *digestFile) error {
	for _, raw := range d.logs {
		job := &logJob{done: make(chan struct{})}
		var lf struct {
			S3Bucket  *string `json:"s3Bucket"`
			S3Object  *string `json:"s3Object"`
			HashValue *string `json:"hashValue"`
		}
		if json.Unmarshal(raw, &lf) != nil || lf.S3Bucket == nil || lf.S3Object == nil || lf.HashValue == nil {
			// The CLI stops on such an entry; it is reported here instead.
			job.res = Result{Chain: v.chain, Kind: KindLog, Status: Invalid, Reason: ReasonFormat,
				Message: "invalid format", Bucket: deref(lf.S3Bucket), Key: deref(lf.S3Object)}
			close(job.done)
		} else {
			select {
			case v.sem <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			go func() {
				defer func() { <-v.sem; close(job.done) }()
				job.res, job.err = v.checkLog(ctx, *lf.S3Bucket, *lf.S3Object, *lf.HashValue)
			}()
		}
		if !v.send(ctx, item{log: job}) {
			<-job.done
			return ctx.Err()
		}
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// checkLog checks one log file as the AWS CLI's _download_log does.
func (v *validator) checkLog(ctx context.Context, bucket, key, want string) (Result, error) {
	r := Result{Chain: v.chain, Kind: KindLog, Bucket: bucket, Key: key}
	b, err := v.cfg.Store.bucket(bucket)
	if err != nil {
		return r, &FatalError{Err: err}
	}
	obj, err := b.Get(ctx, key)
	if errors.Is(err, ErrNotFound) {
		r.Status, r.Reason, r.Message = Missing, ReasonNotFound, "not found"
		return r, nil
	}
	if err != nil {
		return r, &FatalError{Err: err}
	}
	h := v.hash.hash(readErrorReader{obj.Body}, v.cfg.Pipelined)
	obj.Body.Close()
	switch {
	case h.err != nil && errors.Is(h.err, errRead):
		return r, &FatalError{Err: fmt.Errorf("integrity: read s3://%s/%s: %w", bucket, key, h.err)}
	case h.err != nil:
		r.Status, r.Reason, r.Message = Invalid, ReasonFormat, "invalid format"
	case h.trailing:
		r.Status, r.Reason, r.Message = Invalid, ReasonTrailingData, "unexpected data after end of compressed stream"
	case hex.EncodeToString(h.sum[:]) != want:
		r.Status, r.Reason, r.Message = Invalid, ReasonHash, "hash value doesn't match"
	default:
		r.Status = Valid
	}
	return r, nil
}
