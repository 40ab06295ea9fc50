package trailtest

import (
	"bytes"
	"compress/gzip"
	"crypto"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing/fstest"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/arn"
	"github.com/trailmap/trailmap/trail"
)

// A Signer writes the bucket tree CloudTrail log file integrity
// validation produces for a trail: log files, hourly digest files (hours
// without log files included), their chain, their signatures, the
// `aws cloudtrail list-public-keys` output and, beside every digest file,
// the `aws s3api head-object` output holding its S3 metadata (see
// Tree). It follows the CloudTrail User Guide pages "CloudTrail digest
// file structure" and "Custom implementations of CloudTrail log file
// integrity validation".
//
// Digest file i of a chain covers [Start + i h, Start + (i+1) h) and is
// delivered (its key's time stamp) at its end plus Delay. A log file
// belongs to the digest of the hour its key's time stamp (its delivery
// time) falls in; log files outside [Start, End) are left out of every
// digest. A chain exists for the trail's account and home Region, for
// every account and Region a log file is in, and for every pair of
// Accounts × Regions.
type Signer struct {
	// Key signs the digest files. Required.
	Key *rsa.PrivateKey
	// NextKey, when set, signs the digest files that end after RotateAt,
	// as after a key rotation; both keys are listed, with validity
	// windows that overlap by an hour.
	NextKey *rsa.PrivateKey
	// RotateAt is when NextKey takes over.
	RotateAt time.Time
	// SPKI lists the public keys as X.509 SubjectPublicKeyInfo DER
	// instead of PKCS#1 (CloudTrail has published both).
	SPKI bool
	// TrailARN names the trail: its account, home Region and name.
	TrailARN string
	// Bucket and Prefix are the trail's S3 bucket and key prefix.
	Bucket, Prefix string
	// OrgID is the organization ID of an organization trail, else "".
	OrgID string
	// Accounts and Regions add chains for these accounts and Regions
	// (a multi-Region or organization trail delivers digest files for
	// each, with or without activity).
	Accounts, Regions []string
	// Start and End bound the hours digest files cover; Start is
	// truncated to the hour.
	Start, End time.Time
	// Delay is how long after its hour a digest file is delivered.
	Delay time.Duration
	// Moves lists changes of the trail's bucket: from At on, log and
	// digest files go to Bucket, and the first digest file there links
	// back to the last one in the previous bucket.
	Moves []BucketMove
	// Stopped lists intervals when logging was off: no digest file
	// covers an hour starting in one, and the next digest file is a
	// starting digest file (its previous-digest members are null).
	Stopped []Interval
}

// BucketMove is a change of a trail's bucket at a time.
type BucketMove struct {
	At     time.Time
	Bucket string
}

// Interval is a span of time [From, To).
type Interval struct{ From, To time.Time }

// LogObject is a log file to put in the tree: its object key (which says
// its account, Region and delivery time) and its gzip-compressed content.
type LogObject struct {
	Key  string
	Body []byte
	// Backfill puts the file in a backfill digest file instead of its
	// hour's digest file, as when CloudTrail delivered it late.
	Backfill bool
}

// LogObjects encodes the log files a Recorder delivered (Recorder.Files)
// as LogObjects.
func LogObjects(files []File) ([]LogObject, error) {
	out := make([]LogObject, 0, len(files))
	for _, f := range files {
		b, err := f.Encode()
		if err != nil {
			return nil, err
		}
		out = append(out, LogObject{Key: f.Key, Body: b})
	}
	return out, nil
}

// RecordLogObjects groups records into the log files CloudTrail would
// deliver for a trail with the S3 key prefix and organization ID given
// ("" for none): one file per recipient account, Region, folder kind and
// five-minute window, keyed as Recorder.Files keys them. Records without
// eventTime, recipient or awsRegion are an error.
func RecordLogObjects(trailARN, prefix, orgID string, recs []*event.Record) ([]LogObject, error) {
	var files []File
	at := map[string]int{}
	for i, rec := range recs {
		account, region := rec.Recipient(), rec.AWSRegion
		if rec.EventTime.IsZero() || account == "" || region == "" {
			return nil, fmt.Errorf("trailtest: record %d: no eventTime, recipient account or awsRegion", i)
		}
		kind := trail.KindOf(rec)
		d := trail.Delivery{TrailARN: trailARN, Account: account, Region: region, Kind: kind,
			KeyPrefix: trail.DayPrefix(prefix, orgID, account, kind, region, rec.EventTime)}
		key := d.LogFileKey(rec.EventTime)
		j, ok := at[key]
		if !ok {
			j = len(files)
			at[key] = j
			files = append(files, File{Key: key})
		}
		files[j].Records = append(files[j].Records, rec)
	}
	return LogObjects(files)
}

// Tree is a bucket's objects as `aws s3 sync` writes them, plus what an
// offline validation needs beside them.
type Tree struct {
	// Bucket is the name of the bucket the trail started in (Signer.Bucket).
	Bucket string
	// Objects maps object keys to contents: log files, digest files and,
	// for each digest file, "<key>.metadata.json" holding head-object
	// output with its Metadata (signature, signature-algorithm and, for
	// backfill digest files, backfill-generation-timestamp). Tests
	// tamper with the tree by changing this map.
	Objects map[string][]byte
	// PublicKeys is the output of `aws cloudtrail list-public-keys` for
	// the keys that signed the digest files.
	PublicKeys []byte
	// Others holds the objects of the buckets the trail moved to
	// (Signer.Moves), by bucket name.
	Others map[string]map[string][]byte
	// Digests lists the digest files' keys per chain, oldest first; the
	// chain is "<account>/<region>" or "<account>/<region>/backfill".
	Digests map[string][]string
	// DigestBuckets gives the bucket of each digest file's key.
	DigestBuckets map[string]string
}

// objects returns the object map of the named bucket.
func (t *Tree) objects(bucket string) map[string][]byte {
	if bucket == t.Bucket {
		return t.Objects
	}
	if t.Others == nil {
		t.Others = map[string]map[string][]byte{}
	}
	m := t.Others[bucket]
	if m == nil {
		m = map[string][]byte{}
		t.Others[bucket] = m
	}
	return m
}

// BucketFS returns the objects of the named bucket as a file system.
func (t *Tree) BucketFS(bucket string) fs.FS {
	m := fstest.MapFS{}
	for k, v := range t.objects(bucket) {
		m[k] = &fstest.MapFile{Data: v, Mode: 0o644}
	}
	return m
}

// FS returns the objects of Bucket as a file system (object keys are
// paths).
func (t *Tree) FS() fs.FS { return t.BucketFS(t.Bucket) }

// WriteDir writes the objects of each bucket under dir/<bucket>/ and the
// public keys to dir/public-keys.json, and returns the directory of
// Bucket.
func (t *Tree) WriteDir(dir string) (string, error) {
	root := filepath.Join(dir, t.Bucket)
	buckets := map[string]map[string][]byte{t.Bucket: t.Objects}
	for name, objs := range t.Others {
		buckets[name] = objs
	}
	for name, objs := range buckets {
		for k, v := range objs {
			p := filepath.Join(dir, name, filepath.FromSlash(k))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return "", fmt.Errorf("trailtest: write tree: %w", err)
			}
			if err := os.WriteFile(p, v, 0o644); err != nil {
				return "", fmt.Errorf("trailtest: write tree: %w", err)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "public-keys.json"), t.PublicKeys, 0o644); err != nil {
		return "", fmt.Errorf("trailtest: write tree: %w", err)
	}
	return root, nil
}

// DigestKeys returns the keys of all digest files, sorted.
func (t *Tree) DigestKeys() []string {
	var keys []string
	for _, ks := range t.Digests {
		keys = append(keys, ks...)
	}
	sort.Strings(keys)
	return keys
}

// Gzip compresses b as one gzip member.
func Gzip(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

type chainID struct{ account, region string }

// Sign returns the bucket tree for the log files.
func (s *Signer) Sign(logs []LogObject) (*Tree, error) {
	if s.Key == nil {
		return nil, fmt.Errorf("trailtest: sign: no Key")
	}
	a, err := arn.Parse(s.TrailARN)
	if err != nil {
		return nil, fmt.Errorf("trailtest: sign: trail ARN: %w", err)
	}
	name, ok := strings.CutPrefix(a.Resource, "trail/")
	if !ok {
		return nil, fmt.Errorf("trailtest: sign: %q is not a trail ARN", s.TrailARN)
	}
	home, owner := a.Region, a.Account
	start := s.Start.UTC().Truncate(time.Hour)
	end := s.End.UTC()
	if !start.Before(end) {
		return nil, fmt.Errorf("trailtest: sign: Start %v is not before End %v", start, end)
	}
	t := &Tree{Bucket: s.Bucket, Objects: map[string][]byte{}, Digests: map[string][]string{}, DigestBuckets: map[string]string{}}

	chains := map[chainID]bool{{owner, home}: true}
	for _, acct := range append([]string{owner}, s.Accounts...) {
		for _, r := range append([]string{home}, s.Regions...) {
			chains[chainID{acct, r}] = true
		}
	}
	type placed struct {
		obj LogObject
		key trail.Key
	}
	byChain := map[chainID][]placed{}
	for _, lo := range logs {
		k, err := trail.ParseKey(lo.Key)
		if err != nil {
			return nil, fmt.Errorf("trailtest: sign: %w", err)
		}
		id := chainID{k.Account, k.Region}
		chains[id] = true
		byChain[id] = append(byChain[id], placed{lo, k})
		t.objects(s.bucketAt(k.Time))[lo.Key] = lo.Body
	}
	ids := make([]chainID, 0, len(chains))
	for id := range chains {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(x, y chainID) int { return strings.Compare(x.account+"/"+x.region, y.account+"/"+y.region) })

	for _, id := range ids {
		stdHour := map[time.Time][]LogObject{}
		bfHour := map[time.Time][]LogObject{}
		for _, p := range byChain[id] {
			h := p.key.Time.Truncate(time.Hour)
			if h.Before(start) || !h.Before(end) {
				continue
			}
			if p.obj.Backfill {
				bfHour[h] = append(bfHour[h], p.obj)
			} else {
				stdHour[h] = append(stdHour[h], p.obj)
			}
		}
		// The standard chain: every hour, empty or not, unless stopped.
		var prev *digestOut
		for h := start; h.Before(end); h = h.Add(time.Hour) {
			if s.stopped(h) {
				prev = nil
				continue
			}
			d, err := s.digest(t, id, name, home, h, stdHour[h], prev, false)
			if err != nil {
				return nil, err
			}
			t.Digests[id.account+"/"+id.region] = append(t.Digests[id.account+"/"+id.region], d.key)
			prev = d
		}
		// The backfill chain: one digest file per hour with late files.
		prev = nil
		hours := make([]time.Time, 0, len(bfHour))
		for h := range bfHour {
			hours = append(hours, h)
		}
		slices.SortFunc(hours, func(x, y time.Time) int { return x.Compare(y) })
		for _, h := range hours {
			d, err := s.digest(t, id, name, home, h, bfHour[h], prev, true)
			if err != nil {
				return nil, err
			}
			c := id.account + "/" + id.region + "/backfill"
			t.Digests[c] = append(t.Digests[c], d.key)
			prev = d
		}
	}
	pk, err := s.publicKeys(start, end)
	if err != nil {
		return nil, err
	}
	t.PublicKeys = pk
	return t, nil
}

// bucketAt returns the bucket the trail delivers to at t.
func (s *Signer) bucketAt(t time.Time) string {
	b := s.Bucket
	for _, m := range s.Moves {
		if !t.Before(m.At) {
			b = m.Bucket
		}
	}
	return b
}

func (s *Signer) stopped(h time.Time) bool {
	for _, iv := range s.Stopped {
		if !h.Before(iv.From) && h.Before(iv.To) {
			return true
		}
	}
	return false
}

// digestOut is a digest file written: what the next one links to.
type digestOut struct {
	bucket   string
	key, sig string
	inflated []byte
}

// signingKey returns the key that signs a digest ending at end.
func (s *Signer) signingKey(end time.Time) *rsa.PrivateKey {
	if s.NextKey != nil && end.After(s.RotateAt) {
		return s.NextKey
	}
	return s.Key
}

func (s *Signer) der(k *rsa.PrivateKey) []byte {
	if s.SPKI {
		b, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
		return b
	}
	return x509.MarshalPKCS1PublicKey(&k.PublicKey)
}

// KeyFingerprint returns the fingerprint CloudTrail gives a public key:
// the hex MD5 of its DER encoding.
func KeyFingerprint(der []byte) string {
	sum := md5.Sum(der)
	return hex.EncodeToString(sum[:])
}

const digestTimeLayout = "2006-01-02T15:04:05Z"

func (s *Signer) digest(t *Tree, id chainID, name, home string, h time.Time, logs []LogObject, prev *digestOut, backfill bool) (*digestOut, error) {
	dStart, dEnd := h, h.Add(time.Hour)
	delivered := dEnd.Add(s.Delay)
	bucket := s.bucketAt(dStart)
	key := trail.DigestKey(s.Prefix, s.OrgID, id.account, id.region, name, home, delivered).String()
	if backfill {
		key = trail.BackfillDigestKey(s.Prefix, s.OrgID, id.account, id.region, name, home, delivered).String()
	}
	priv := s.signingKey(dEnd)
	fp := KeyFingerprint(s.der(priv))

	var newest, oldest time.Time
	files := make([]map[string]any, 0, len(logs))
	for _, lo := range logs {
		inflated, err := gunzipAll(lo.Body)
		if err != nil {
			return nil, fmt.Errorf("trailtest: sign: log file %s: %w", lo.Key, err)
		}
		sum := sha256.Sum256(inflated)
		lNew, lOld := eventTimes(inflated)
		if !lNew.IsZero() && (newest.IsZero() || lNew.After(newest)) {
			newest = lNew
		}
		if !lOld.IsZero() && (oldest.IsZero() || lOld.Before(oldest)) {
			oldest = lOld
		}
		k, _ := trail.ParseKey(lo.Key)
		files = append(files, map[string]any{
			"s3Bucket": s.bucketAt(k.Time), "s3Object": lo.Key, "hashValue": hex.EncodeToString(sum[:]),
			"hashAlgorithm": "SHA-256", "newestEventTime": timeOrNil(lNew), "oldestEventTime": timeOrNil(lOld),
		})
	}
	type member struct {
		k string
		v any
	}
	ms := []member{
		{"awsAccountId", id.account},
		{"digestStartTime", dStart.Format(digestTimeLayout)},
		{"digestEndTime", dEnd.Format(digestTimeLayout)},
		{"digestS3Bucket", bucket},
		{"digestS3Object", key},
		{"digestPublicKeyFingerprint", fp},
		{"digestSignatureAlgorithm", "SHA256withRSA"},
		{"newestEventTime", timeOrNil(newest)},
		{"oldestEventTime", timeOrNil(oldest)},
	}
	if prev != nil {
		sum := sha256.Sum256(prev.inflated)
		ms = append(ms, member{"previousDigestS3Bucket", prev.bucket}, member{"previousDigestS3Object", prev.key},
			member{"previousDigestHashValue", hex.EncodeToString(sum[:])}, member{"previousDigestHashAlgorithm", "SHA-256"},
			member{"previousDigestSignature", prev.sig})
	} else {
		for _, k := range []string{"previousDigestS3Bucket", "previousDigestS3Object", "previousDigestHashValue",
			"previousDigestHashAlgorithm", "previousDigestSignature"} {
			ms = append(ms, member{k, nil})
		}
	}
	ms = append(ms, member{"logFiles", files})
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, _ := json.Marshal(m.k)
		vb, err := json.Marshal(m.v)
		if err != nil {
			return nil, fmt.Errorf("trailtest: sign: %w", err)
		}
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(vb)
	}
	buf.WriteByte('}')
	inflated := buf.Bytes()

	prevSig := "null"
	if prev != nil {
		prevSig = prev.sig
	}
	sum := sha256.Sum256(inflated)
	toSign := dEnd.Format(digestTimeLayout) + "\n" + bucket + "/" + key + "\n" + hex.EncodeToString(sum[:]) + "\n" + prevSig
	digest := sha256.Sum256([]byte(toSign))
	sigBytes, err := rsa.SignPKCS1v15(rand.Reader, priv, crypto.SHA256, digest[:])
	if err != nil {
		return nil, fmt.Errorf("trailtest: sign: %w", err)
	}
	sig := hex.EncodeToString(sigBytes)

	gz := Gzip(inflated)
	objs := t.objects(bucket)
	objs[key] = gz
	t.DigestBuckets[key] = bucket
	meta := map[string]string{"signature": sig, "signature-algorithm": "SHA256withRSA"}
	if backfill {
		meta["backfill-generation-timestamp"] = delivered.Format("2006-01-02T15:04:05.000Z")
	}
	head, _ := json.MarshalIndent(map[string]any{
		"AcceptRanges": "bytes", "ContentLength": len(gz), "ContentType": "application/json",
		"ContentEncoding": "gzip", "Metadata": meta,
	}, "", "    ")
	objs[key+".metadata.json"] = append(head, '\n')
	return &digestOut{bucket: bucket, key: key, sig: sig, inflated: inflated}, nil
}

func timeOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(digestTimeLayout)
}

// gunzipAll inflates every member of b.
func gunzipAll(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if _, err := out.ReadFrom(zr); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// eventTimes returns the newest and oldest eventTime of the records in a
// log file; zero when it holds none or does not decode.
func eventTimes(inflated []byte) (newest, oldest time.Time) {
	for rec, err := range event.Records(bytes.NewReader(inflated)) {
		if err != nil {
			return newest, oldest
		}
		t := rec.EventTime
		if t.IsZero() {
			continue
		}
		if newest.IsZero() || t.After(newest) {
			newest = t
		}
		if oldest.IsZero() || t.Before(oldest) {
			oldest = t
		}
	}
	return newest, oldest
}

// publicKeys returns list-public-keys output for the signing keys.
func (s *Signer) publicKeys(start, end time.Time) ([]byte, error) {
	type pk struct {
		Value             string `json:"Value"`
		ValidityStartTime string `json:"ValidityStartTime"`
		ValidityEndTime   string `json:"ValidityEndTime"`
		Fingerprint       string `json:"Fingerprint"`
	}
	from, to := start.Add(-24*time.Hour), end.Add(24*time.Hour)
	var list []pk
	add := func(k *rsa.PrivateKey, a, b time.Time) {
		der := s.der(k)
		list = append(list, pk{base64.StdEncoding.EncodeToString(der), a.Format(time.RFC3339), b.Format(time.RFC3339), KeyFingerprint(der)})
	}
	if s.NextKey != nil {
		add(s.Key, from, s.RotateAt.Add(time.Hour))
		add(s.NextKey, s.RotateAt, to)
	} else {
		add(s.Key, from, to)
	}
	b, err := json.MarshalIndent(map[string]any{"PublicKeyList": list}, "", "    ")
	if err != nil {
		return nil, fmt.Errorf("trailtest: sign: %w", err)
	}
	return append(b, '\n'), nil
}

// Rewrite changes the content of the digest file at key with edit and
// signs it again with priv, updating the signature in its metadata file:
// what someone holding the private key could do. The digest's own
// signature then verifies; the newer digest's previousDigestSignature and
// previousDigestHashValue no longer match it, which only a validator
// checking the links finds. With a nil priv the content changes and the
// signature is kept.
func (t *Tree) Rewrite(key string, priv *rsa.PrivateKey, edit func([]byte) []byte) error {
	objs := t.Objects
	if b, ok := t.DigestBuckets[key]; ok {
		objs = t.objects(b)
	}
	inflated, err := gunzipAll(objs[key])
	if err != nil {
		return fmt.Errorf("trailtest: rewrite %s: %w", key, err)
	}
	inflated = edit(inflated)
	objs[key] = Gzip(inflated)
	if priv == nil {
		return nil
	}
	var d struct {
		End     string  `json:"digestEndTime"`
		Bucket  string  `json:"digestS3Bucket"`
		Object  string  `json:"digestS3Object"`
		PrevSig *string `json:"previousDigestSignature"`
	}
	if err := json.Unmarshal(inflated, &d); err != nil {
		return fmt.Errorf("trailtest: rewrite %s: %w", key, err)
	}
	prev := "null"
	if d.PrevSig != nil {
		prev = *d.PrevSig
	}
	sum := sha256.Sum256(inflated)
	h := sha256.Sum256([]byte(d.End + "\n" + d.Bucket + "/" + d.Object + "\n" + hex.EncodeToString(sum[:]) + "\n" + prev))
	sig, err := rsa.SignPKCS1v15(rand.Reader, priv, crypto.SHA256, h[:])
	if err != nil {
		return fmt.Errorf("trailtest: rewrite %s: %w", key, err)
	}
	var head map[string]any
	if err := json.Unmarshal(objs[key+".metadata.json"], &head); err != nil {
		head = map[string]any{}
	}
	meta, _ := head["Metadata"].(map[string]any)
	if meta == nil {
		meta = map[string]any{}
	}
	meta["signature"] = hex.EncodeToString(sig)
	head["Metadata"] = meta
	b, err := json.MarshalIndent(head, "", "    ")
	if err != nil {
		return fmt.Errorf("trailtest: rewrite %s: %w", key, err)
	}
	objs[key+".metadata.json"] = append(b, '\n')
	return nil
}
