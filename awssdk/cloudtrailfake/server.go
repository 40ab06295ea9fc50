package cloudtrailfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/identity"
	"github.com/trailmap/trailmap/internal/arn"
	"github.com/trailmap/trailmap/trail"
	"github.com/trailmap/trailmap/trail/trailtest"
)

// The X-Amz-Target prefixes that name an operation: the Smithy service
// shape aws-sdk-go-v2 sends, and the model's targetPrefix botocore (the
// AWS CLI, boto3) sends before the same shape name.
const (
	targetPrefix      = "CloudTrail_20131101."
	longTargetPrefix  = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101."
	jsonContentType   = "application/x-amz-json-1.1"
	maxRequestBody    = 4 << 20 // larger bodies are RequestEntityTooLargeException
	defaultAccount    = "123456789012"
	defaultRegion     = "us-east-1"
	defaultCallerName = "trailmap-fake"
)

// Options configures a Server. The zero Options is ready to use.
type Options struct {
	// Deployment seeds the fake: its organization, per-account Regions
	// and trails (each in the account and home Region its ARN names,
	// logging unless IsLogging says false). It must be valid
	// (trail.Deployment.Validate); New returns its errors.
	Deployment *trail.Deployment
	// DefaultRegion is the Region of a request whose signature names
	// none (an anonymous request); "" means us-east-1.
	DefaultRegion string
	// DefaultAccount is the account of a request signed with an access
	// key ID that is not 12 digits, or not signed; "" means
	// 123456789012. A 12-digit access key ID acts as that account
	// (moto's convention).
	DefaultAccount string
	// Now is the fake's clock; nil means time.Now. Records of calls
	// are stamped with it and LookupEvents measures its 90 days from it.
	Now func() time.Time
	// Caller returns the userIdentity the records of a call show for a
	// request signed with accessKeyID acting as account; nil means an
	// IAM user "trailmap-fake" of the account holding that access key.
	Caller func(accessKeyID, account string) *identity.UserIdentity
	// Seed seeds the IDs of generated records (event and request IDs).
	Seed uint64
	// NoRecords turns off the records of the fake's own API calls; calls
	// reported with Call or Add are still recorded.
	NoRecords bool
}

// Server is the fake CloudTrail API: an http.Handler speaking awsJson1_1
// to aws-sdk-go-v2, the AWS CLI and any other SDK. It is safe for
// concurrent use.
type Server struct {
	opts Options

	mu       sync.Mutex
	org      *trail.Organization
	accounts map[string]trail.Account
	trails   []*trailState // in creation order
	faults   []*Fault
	requests int
	router   *trail.Router // nil when the trails changed since it was built
	routeErr error         // why records could not be routed, if ever
	rec      *trailtest.Recorder
	logs     map[string][]Entry
	keys     map[string]*publicKey // per Region
	started  time.Time
}

// New returns a Server with the state opts.Deployment describes.
func New(opts Options) (*Server, error) {
	s := &Server{
		opts:     opts,
		accounts: map[string]trail.Account{},
		logs:     map[string][]Entry{},
		keys:     map[string]*publicKey{},
	}
	if s.opts.DefaultRegion == "" {
		s.opts.DefaultRegion = defaultRegion
	}
	if s.opts.DefaultAccount == "" {
		s.opts.DefaultAccount = defaultAccount
	}
	rec, err := trailtest.NewRecorder(nil, opts.Seed)
	if err != nil {
		return nil, err
	}
	s.rec = rec
	s.started = s.now()
	if d := opts.Deployment; d != nil {
		if err := d.Validate(); err != nil {
			return nil, fmt.Errorf("cloudtrailfake: deployment: %w", err)
		}
		if d.Organization != nil {
			o := *d.Organization
			s.org = &o
		}
		for id, a := range d.Accounts {
			s.accounts[id] = a
		}
		for i := range d.Trails {
			t := d.Trails[i]
			st := &trailState{t: t, created: s.started}
			st.t.HomeRegion = t.Home()
			st.logging = t.Logging()
			st.t.IsLogging = nil
			st.t.HasInsightSelectors = len(t.InsightSelectors) > 0
			st.customSel = len(t.EventSelectors) > 0 || len(t.AdvancedEventSelectors) > 0
			if st.logging {
				st.startTime = s.started
			}
			if t.IncludeGlobalServiceEvents == nil {
				st.t.IncludeGlobalServiceEvents = boolPtr(true)
			}
			s.trails = append(s.trails, st)
		}
	}
	return s, nil
}

func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now().UTC()
	}
	return time.Now().UTC()
}

// caller is who made a request: the account it acts as, the Region it
// was sent to and the access key that signed it.
type caller struct {
	account, region, accessKey string
	sourceIP, userAgent        string
}

// callerOf reads the caller from the SigV4 Authorization header:
// "AWS4-HMAC-SHA256 Credential=<AKID>/<date>/<region>/<service>/aws4_request, ...".
// The signature is not checked.
func (s *Server) callerOf(r *http.Request) caller {
	c := caller{account: s.opts.DefaultAccount, region: s.opts.DefaultRegion, userAgent: r.UserAgent()}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		c.sourceIP = host
	}
	auth := r.Header.Get("Authorization")
	if _, rest, ok := strings.Cut(auth, "Credential="); ok {
		cred, _, _ := strings.Cut(rest, ",")
		parts := strings.Split(strings.TrimSpace(cred), "/")
		if len(parts) >= 3 {
			c.accessKey = parts[0]
			if parts[2] != "" {
				c.region = parts[2]
			}
		}
	}
	if arn.IsAccountID(c.accessKey) {
		c.account = c.accessKey
	}
	return c
}

// apiError is an error answered as AWS does: HTTP status and
// {"__type": code, "Message": msg}: CloudTrail spells the member
// "Message" (second-wave notes §b.2, from a real response logged in
// aws/aws-sdk-go-v2#1957); aws-sdk-go-v2 and botocore read either.
type apiError struct {
	status int
	code   string
	msg    string
}

func (e *apiError) Error() string { return e.code + ": " + e.msg }

func errf(code, format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, code: code, msg: fmt.Sprintf(format, args...)}
}

// ServeHTTP answers one awsJson1_1 request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	reqID := requestID(s.opts.Seed, s.requests)
	s.mu.Unlock()
	w.Header().Set("x-amzn-RequestId", reqID)

	if r.Method != http.MethodPost {
		writeError(w, &apiError{http.StatusMethodNotAllowed, "UnknownOperationException", "CloudTrail operations are POST / with an X-Amz-Target header."})
		return
	}
	target := r.Header.Get("X-Amz-Target")
	op, ok := strings.CutPrefix(target, longTargetPrefix)
	if !ok {
		op, ok = strings.CutPrefix(target, targetPrefix)
	}
	h, known := operations[op]
	if !ok || !known {
		// CloudTrail API Reference, Common Errors: UnknownOperationException, HTTP 404.
		writeError(w, &apiError{http.StatusNotFound, "UnknownOperationException", fmt.Sprintf("Unknown operation %q.", target)})
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
	if err != nil {
		writeError(w, errf("SerializationException", "Cannot read the request body: %v", err))
		return
	}
	if len(body) > maxRequestBody {
		writeError(w, &apiError{http.StatusRequestEntityTooLarge, "RequestEntityTooLargeException", "Request body is too large."})
		return
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		body = []byte("{}")
	}
	c := s.callerOf(r)

	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.takeFault(op); f != nil {
		writeError(w, &apiError{f.status(), f.Code, f.Message})
		return
	}
	out, err := h(s, c, body)
	var ae *apiError
	if err != nil && !errors.As(err, &ae) {
		ae = &apiError{http.StatusInternalServerError, "InternalFailure", err.Error()}
	}
	if !s.opts.NoRecords && (ae == nil || ae.status < 500) {
		s.recordCall(c, op, body, out, ae)
	}
	if ae != nil {
		writeError(w, ae)
		return
	}
	b, err := json.Marshal(out)
	if err != nil {
		writeError(w, &apiError{http.StatusInternalServerError, "InternalFailure", err.Error()})
		return
	}
	w.Header().Set("Content-Type", jsonContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}

func writeError(w http.ResponseWriter, e *apiError) {
	b, _ := json.Marshal(struct {
		Type    string `json:"__type"`
		Message string `json:"Message"`
	}{e.code, e.msg})
	w.Header().Set("Content-Type", jsonContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(e.status)
	w.Write(b)
}

// requestID returns the n-th request ID, shaped as AWS's (a UUID).
func requestID(seed uint64, n int) string {
	x := seed*0x9e3779b97f4a7c15 + uint64(n)*0xbf58476d1ce4e5b9
	y := x ^ (x>>31)*0x94d049bb133111eb
	return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", uint32(x>>32), uint16(x>>16), uint16(y>>52), uint16(y>>40)&0xfff, y&0xffffffffffff)
}

// Fault is an error the fake answers instead of performing a call, for
// testing retries and error handling.
type Fault struct {
	// Operation is the operation that fails, such as "CreateTrail"; ""
	// means every operation.
	Operation string
	// Code is the error code (__type), such as "ThrottlingException".
	Code string
	// Message is the error message.
	Message string
	// Status is the HTTP status; 0 means 400.
	Status int
	// Times is how many matching calls fail; 0 means every one until
	// ClearFaults.
	Times int
}

func (f *Fault) status() int {
	if f.Status == 0 {
		return http.StatusBadRequest
	}
	return f.Status
}

// Throttling returns a Fault answering the next n calls of op ("" for any)
// with ThrottlingException ("Rate exceeded", HTTP 400), which SDKs retry.
func Throttling(op string, n int) Fault {
	return Fault{Operation: op, Code: "ThrottlingException", Message: "Rate exceeded", Status: http.StatusBadRequest, Times: n}
}

// Unavailable returns a Fault answering the next n calls of op ("" for
// any) with ServiceUnavailable (HTTP 503), which SDKs retry.
func Unavailable(op string, n int) Fault {
	return Fault{Operation: op, Code: "ServiceUnavailable", Message: "Service is unavailable. Please try again later.", Status: http.StatusServiceUnavailable, Times: n}
}

// InternalFailure returns a Fault answering the next n calls of op ("" for
// any) with InternalFailure (HTTP 500).
func InternalFailure(op string, n int) Fault {
	return Fault{Operation: op, Code: "InternalFailure", Message: "We encountered an internal error. Please try again.", Status: http.StatusInternalServerError, Times: n}
}

// Inject makes the fake answer matching calls with f, before the faults
// injected earlier.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append([]*Fault{&f}, s.faults...)
}

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

func (s *Server) takeFault(op string) *Fault {
	for i, f := range s.faults {
		if f.Operation != "" && f.Operation != op {
			continue
		}
		out := *f
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return &out
	}
	return nil
}

// Requests returns how many requests the fake has received.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

func boolPtr(b bool) *bool { return &b }

// readOnlyOps are the operations CloudTrail records with readOnly true.
var readOnlyOps = map[string]bool{
	"GetTrail": true, "DescribeTrails": true, "ListTrails": true, "GetTrailStatus": true,
	"GetEventSelectors": true, "GetInsightSelectors": true, "GetEventConfiguration": true,
	"ListTags": true, "LookupEvents": true, "ListPublicKeys": true,
}

// Entry is one record a trail of the fake delivered.
type Entry struct {
	// Record is the record copy delivered.
	Record *event.Record
	// Delivery says which trail delivered it and where (account and
	// Region folders, object key prefix up to the day folder).
	Delivery trail.Delivery
}
