package cloudtrailfake

import (
	"bytes"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/identity"
	"github.com/trailmap/trailmap/trail"
	"github.com/trailmap/trailmap/trail/trailtest"
)

const cloudTrailSource = "cloudtrail.amazonaws.com"

// callerIdentity returns who the records of c's calls show.
func (s *Server) callerIdentity(c caller) *identity.UserIdentity {
	if s.opts.Caller != nil {
		if id := s.opts.Caller(c.accessKey, c.account); id != nil {
			return id
		}
	}
	id := trailtest.NewIAMUser(c.account, defaultCallerName)
	if c.accessKey != "" {
		id.AccessKeyID = c.accessKey
	}
	return id
}

// recordCall records a call of the fake's own API as CloudTrail does: a
// management event of cloudtrail.amazonaws.com in the caller's account
// and Region, read-only for Get, Describe, List and Lookup calls, with
// the request as requestParameters, the answer of a changing call as
// responseElements (both with CloudTrail's member names, loggedNames),
// and the error of a failed call.
func (s *Server) recordCall(c caller, op string, body []byte, out any, ae *apiError) {
	opts := []trailtest.Option{
		trailtest.As(s.callerIdentity(c)), trailtest.In(c.region), trailtest.At(s.now()),
		trailtest.WithReadOnly(readOnlyOps[op]),
	}
	if c.userAgent != "" {
		opts = append(opts, trailtest.UserAgent(c.userAgent))
	}
	if c.sourceIP != "" {
		opts = append(opts, trailtest.From(c.sourceIP))
	}
	if b, err := loggedNames(body); err == nil {
		opts = append(opts, trailtest.Request(b))
	}
	switch {
	case ae != nil:
		opts = append(opts, trailtest.WithError(ae.code, ae.msg))
	case !readOnlyOps[op] && out != nil:
		if b, err := json.Marshal(out); err == nil && string(b) != "{}" {
			if b, err := loggedNames(b); err == nil {
				opts = append(opts, trailtest.Response(b))
			}
		}
	}
	s.routeAll(s.rec.Call(cloudTrailSource, op, opts...))
}

// Call reports an API call made elsewhere (to S3, IAM, ...) as the
// trailtest recorder does (see trailtest.Recorder.Call: one copy per
// account involved), at the fake's clock unless opts say otherwise. The
// copies are routed through the fake's trails and added to its event
// history; Call returns them.
func (s *Server) Call(source, name string, opts ...trailtest.Option) []*event.Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	recs := s.rec.Call(source, name, append([]trailtest.Option{trailtest.At(s.now())}, opts...)...)
	s.routeAll(recs)
	return recs
}

// Add reports records built elsewhere (for example the Records of a
// trailtest.Recorder), each one copy in the account it names: they are
// routed through the fake's trails and added to its event history. Do not
// change them afterwards.
func (s *Server) Add(recs ...*event.Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rec.Add(recs...)
	s.routeAll(recs)
}

// routeAll routes records already in event history through the trails.
func (s *Server) routeAll(recs []*event.Record) {
	if len(s.trails) == 0 {
		return
	}
	if s.router == nil {
		r, err := trail.NewRouter(s.deployment(nil, nil))
		if err != nil {
			// The state is validated on every change, so this does not
			// happen; if it did, records would reach event history only.
			s.routeErr = fmt.Errorf("cloudtrailfake: routing: %w", err)
			return
		}
		s.router = r
	}
	now := s.now()
	for _, rec := range recs {
		if rec == nil {
			continue
		}
		res := s.router.Route(rec)
		for _, d := range res.Deliveries {
			s.logs[d.TrailARN] = append(s.logs[d.TrailARN], Entry{Record: rec, Delivery: d})
			for _, st := range s.trails {
				if st.t.TrailARN == d.TrailARN {
					st.lastDelivery = now
				}
			}
		}
	}
}

// Log returns what the trail with ARN trailARN delivered, in order: one
// Entry per record copy (an organization trail's log holds every member
// account's copies).
func (s *Server) Log(trailARN string) []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Entry(nil), s.logs[trailARN]...)
}

// Records returns every record in the fake's event history source: the
// records of its own API calls and those reported with Call and Add.
func (s *Server) Records() []*event.Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rec.Records()
}

func (s *Server) lookupEvents(c caller, body []byte) (any, error) {
	var in lookupIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	req := &trailtest.LookupEventsInput{EventCategory: in.EventCategory, NextToken: in.NextToken}
	for _, a := range in.LookupAttributes {
		req.LookupAttributes = append(req.LookupAttributes, trailtest.LookupAttribute{AttributeKey: a.AttributeKey, AttributeValue: a.AttributeValue})
	}
	if in.StartTime != nil {
		req.StartTime = in.StartTime.Time
	}
	if in.EndTime != nil {
		req.EndTime = in.EndTime.Time
	}
	if in.MaxResults != nil {
		if *in.MaxResults == 0 {
			return nil, errf(trailtest.CodeInvalidMaxResults, "MaxResults 0 is not valid; it must be 1 to 50")
		}
		req.MaxResults = *in.MaxResults
	}
	s.rec.History.Now = s.now
	res, err := s.rec.History.LookupEvents(c.account, c.region, req)
	if err != nil {
		var le *trailtest.LookupError
		if errors.As(err, &le) {
			return nil, errf(le.Code, "%s", le.Message)
		}
		return nil, err
	}
	out := lookupOut{Events: make([]lookupEvent, 0, len(res.Events)), NextToken: res.NextToken}
	for _, e := range res.Events {
		le := lookupEvent{
			EventID: e.EventID, EventName: e.EventName, ReadOnly: e.ReadOnly, AccessKeyID: e.AccessKeyID,
			EventTime: epochOf(e.EventTime), EventSource: e.EventSource, Username: e.Username,
			Resources: []lookupResource{}, CloudTrailEvent: e.CloudTrailEvent,
		}
		for _, r := range e.Resources {
			le.Resources = append(le.Resources, lookupResource{ResourceType: r.ResourceType, ResourceName: r.ResourceName})
		}
		out.Events = append(out.Events, le)
	}
	return out, nil
}

// publicKey is the key the fake signs a Region's digests with.
type publicKey struct {
	priv       *rsa.PrivateKey
	der        []byte // PKCS #1 RSAPublicKey, as ListPublicKeys returns it
	start, end time.Time
}

// keyValidity is how long a Region's key is valid from the day the fake
// started.
const keyValidity = 365 * 24 * time.Hour

func (s *Server) keyFor(region string) (*publicKey, error) {
	if k, ok := s.keys[region]; ok {
		return k, nil
	}
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	start := s.started.Truncate(24 * time.Hour)
	k := &publicKey{priv: priv, der: x509.MarshalPKCS1PublicKey(&priv.PublicKey), start: start, end: start.Add(keyValidity)}
	s.keys[region] = k
	return k, nil
}

// PrivateKey returns the key whose public half ListPublicKeys answers in
// region, for signing digest files a test writes.
func (s *Server) PrivateKey(region string) (*rsa.PrivateKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.keyFor(region)
	if err != nil {
		return nil, err
	}
	return k.priv, nil
}

func (s *Server) listPublicKeys(c caller, body []byte) (any, error) {
	var in publicKeysIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	now := s.now()
	start, end := now, now
	if in.StartTime != nil {
		start = in.StartTime.Time
	}
	if in.EndTime != nil {
		end = in.EndTime.Time
	}
	if start.After(end) {
		return nil, errf(codeInvalidTimeRange, "StartTime %s is after EndTime %s.", start.Format(time.RFC3339), end.Format(time.RFC3339))
	}
	k, err := s.keyFor(c.region)
	if err != nil {
		return nil, err
	}
	out := publicKeysOut{PublicKeyList: []publicKeyOut{}}
	if !end.Before(k.start) && start.Before(k.end) {
		sum := md5.Sum(k.der)
		out.PublicKeyList = append(out.PublicKeyList, publicKeyOut{
			Value: k.der, ValidityStartTime: epochOf(k.start), ValidityEndTime: epochOf(k.end),
			Fingerprint: hex.EncodeToString(sum[:]),
		})
	}
	return out, nil
}

// Files returns the log files the trail with ARN trailARN delivered, in
// the order of their first record: the records of one account, Region
// and five-minute window of event time in one file, stamped with the end
// of the window (kept within the day of its day folder) and named as
// CloudTrail names them under the delivery's key prefix. The unique part
// of the name is derived from the rest, so names are the same on every
// run. File.Encode gives the gzip-compressed {"Records": [...]} object.
func (s *Server) Files(trailARN string) []trailtest.File {
	s.mu.Lock()
	defer s.mu.Unlock()
	var files []trailtest.File
	at := map[string]int{}
	for _, e := range s.logs[trailARN] {
		key := e.Delivery.LogFileKey(e.Record.EventTime)
		if key == "" {
			continue
		}
		i, ok := at[key]
		if !ok {
			i = len(files)
			at[key] = i
			files = append(files, trailtest.File{Bucket: e.Delivery.Bucket, Key: key})
		}
		files[i].Records = append(files[i].Records, e.Record)
	}
	return files
}

// Deliver writes what the trails delivered with put, as CloudTrail
// writes it to the trails' buckets, stopping at the first error: every
// log file (see Files; meta nil) and, for trails with log file validation
// enabled, the hourly digest files of each account and Region they
// delivered to, signed with the Region's key (ListPublicKeys, PrivateKey)
// and chained as CloudTrail chains them (trailtest.Signer), their
// signature in meta ("signature", "signature-algorithm"), from the hour
// of the first log file to the hour of the last. put receives the bucket,
// the object key, the gzip-compressed content and the user metadata; an
// S3 client's PutObject, s3fake's Put or a directory tree serve.
func (s *Server) Deliver(put func(bucket, key string, body []byte, meta map[string]string) error) error {
	s.mu.Lock()
	arns := make([]string, 0, len(s.logs))
	for arn := range s.logs {
		arns = append(arns, arn)
	}
	s.mu.Unlock()
	slices.Sort(arns)
	for _, arn := range arns {
		files := s.Files(arn)
		logs, err := trailtest.LogObjects(files)
		if err != nil {
			return err
		}
		for i, f := range files {
			if err := put(f.Bucket, f.Key, logs[i].Body, nil); err != nil {
				return fmt.Errorf("cloudtrailfake: deliver s3://%s/%s: %w", f.Bucket, f.Key, err)
			}
		}
		if err := s.deliverDigests(arn, logs, put); err != nil {
			return err
		}
	}
	return nil
}

// deliverDigests signs the digest files of a trail's log files, one
// chain per account and Region, with each Region's key.
func (s *Server) deliverDigests(arn string, logs []trailtest.LogObject, put func(bucket, key string, body []byte, meta map[string]string) error) error {
	s.mu.Lock()
	var st *trailState
	for _, x := range s.trails {
		if x.t.TrailARN == arn {
			st = x
		}
	}
	if st == nil || !st.t.LogFileValidationEnabled || len(logs) == 0 {
		s.mu.Unlock()
		return nil
	}
	t := st.t
	orgID := ""
	if t.IsOrganizationTrail && s.org != nil {
		orgID = s.org.ID
	}
	byRegion := map[string][]trailtest.LogObject{}
	var first, last time.Time
	for _, l := range logs {
		k, err := trail.ParseKey(l.Key)
		if err != nil {
			continue
		}
		byRegion[k.Region] = append(byRegion[k.Region], l)
		if first.IsZero() || k.Time.Before(first) {
			first = k.Time
		}
		if k.Time.After(last) {
			last = k.Time
		}
	}
	keys := map[string]*rsa.PrivateKey{}
	for r := range byRegion {
		k, err := s.keyFor(r)
		if err != nil {
			s.mu.Unlock()
			return err
		}
		keys[r] = k.priv
	}
	s.mu.Unlock()

	regions := make([]string, 0, len(byRegion))
	for r := range byRegion {
		regions = append(regions, r)
	}
	slices.Sort(regions)
	for _, r := range regions {
		signer := &trailtest.Signer{Key: keys[r], TrailARN: arn, Bucket: t.S3BucketName, Prefix: t.S3KeyPrefix, OrgID: orgID,
			Start: first.Truncate(time.Hour), End: last.Truncate(time.Hour).Add(time.Hour)}
		tree, err := signer.Sign(byRegion[r])
		if err != nil {
			return fmt.Errorf("cloudtrailfake: sign digests of %s in %s: %w", arn, r, err)
		}
		for _, key := range tree.DigestKeys() {
			var head struct{ Metadata map[string]string }
			if err := json.Unmarshal(tree.Objects[key+".metadata.json"], &head); err != nil {
				return fmt.Errorf("cloudtrailfake: digest %s: %w", key, err)
			}
			if err := put(t.S3BucketName, key, tree.Objects[key], head.Metadata); err != nil {
				return fmt.Errorf("cloudtrailfake: deliver s3://%s/%s: %w", t.S3BucketName, key, err)
			}
		}
	}
	return nil
}

// loggedNames rewrites a JSON request or response of the CloudTrail API
// with the member names CloudTrail's own records give it: each member
// name at every level starts lower case ("Name" is logged as "name",
// "TrailARN" as "trailARN", "DataResources" as "dataResources"), as in
// the User Guide's StartLogging and UpdateTrail records and in real
// PutEventSelectors records. Member order, values and the rest of each
// name are kept.
func loggedNames(b []byte) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out []byte
	var objects []bool // for each open container, whether it is an object
	key := false       // the next token is a member name
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		d, isDelim := tok.(json.Delim)
		closing := isDelim && (d == '}' || d == ']')
		if n := len(out); n > 0 && !closing && out[n-1] != '[' && out[n-1] != '{' && out[n-1] != ':' {
			out = append(out, ',')
		}
		switch v := tok.(type) {
		case json.Delim:
			out = append(out, byte(v))
			if closing {
				objects = objects[:len(objects)-1]
				key = len(objects) > 0 && objects[len(objects)-1]
			} else {
				objects = append(objects, v == '{')
				key = v == '{'
			}
			continue
		case string:
			if key {
				r, size := utf8.DecodeRuneInString(v)
				v = string(unicode.ToLower(r)) + v[size:]
			}
			q, _ := json.Marshal(v)
			out = append(out, q...)
			if key {
				out = append(out, ':')
				key = false
				continue
			}
		case json.Number:
			out = append(out, v...)
		case bool:
			out = strconv.AppendBool(out, v)
		case nil:
			out = append(out, "null"...)
		}
		key = len(objects) > 0 && objects[len(objects)-1]
	}
	if !json.Valid(out) {
		return nil, errors.New("cloudtrailfake: rewriting member names made invalid JSON")
	}
	return out, nil
}
