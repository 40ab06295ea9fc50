package event

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/trailmap/trailmap/internal/jsonwire"
)

// This file holds input-form detection and unwrapping: which envelope a
// top-level object is, and how its records are taken out of it.

// isRecordField reports whether name is the name of a member of Record.
func isRecordField(name []byte) bool {
	switch string(name) {
	case "eventVersion", "userIdentity", "eventTime", "eventSource", "eventName",
		"awsRegion", "sourceIPAddress", "userAgent", "errorCode", "errorMessage",
		"requestParameters", "responseElements", "additionalEventData", "requestID",
		"eventID", "readOnly", "resources", "eventType", "apiVersion", "managementEvent",
		"recipientAccountId", "sharedEventID", "vpcEndpointId", "vpcEndpointAccountId",
		"serviceEventDetails", "eventCategory", "addendum", "tlsDetails",
		"sessionCredentialFromConsole", "edgeDeviceDetails", "insightDetails", "eventContext":
		return true
	}
	return false
}

// isEnvelopeField reports whether name is a member name that makes an
// object an envelope of records.
func isEnvelopeField(name []byte) bool {
	switch string(name) {
	case "Records", "Events", "logEvents", "messageType", "detail-type", "detail", "awslogs":
		return true
	}
	return false
}

// firstName returns the first member name of the object b, raw (without
// its quotes, escapes as written), or nil.
func firstName(b []byte) []byte {
	i := 1
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	if i >= len(b) || b[i] != '"' {
		return nil
	}
	j := bytes.IndexByte(b[i+1:], '"')
	if j < 0 {
		return nil
	}
	return b[i+1 : i+1+j]
}

// topObject reads the top-level object starting at p. It is an envelope
// whose array is read next (topObject returns nil, nil), or a whole value
// that classify says holds a record.
func (r *Reader) topObject(p int64) ([]byte, error) {
	r.keep = p
	defer func() { r.keep = -1 }()
	r.pend = r.pend[:0]
	r.overLimit = false
	if r.suspect {
		if err := r.checkSuspect(p, false); err != nil {
			return nil, err
		}
	}
	index := r.index

	// Fast path: an object whose first member is a record's (CloudTrail
	// writes eventVersion first) is a record, read in one span.
	if q, c, ok := r.skipSpace(p + 1); ok && c == '"' {
		if nameEnd, e := r.span(q, p, false); e == nil && isRecordField(r.buf[q+1-r.base:nameEnd-1-r.base]) {
			r.index++
			r.setFormat(FormatLines)
			end, e := r.span(p, p, false)
			if e != nil {
				return nil, r.recordFail(index, p, e, false)
			}
			r.last, r.rawStart = index, p
			r.off, r.st = end, stTop
			return r.buf[p-r.base : end-r.base], nil
		}
	}

	// Member by member: the array of an envelope is streamed, anything
	// else is kept until the object ends.
	fail := func(at int64, msg string) ([]byte, error) {
		r.index++
		r.setFormat(FormatLines)
		if r.overLimit {
			return nil, r.tooLarge(index, p, false)
		}
		hi := min(at+1, r.base+int64(r.w))
		r.rawStart, r.raw = p, r.buf[p-r.base:hi-r.base]
		if r.muted() {
			r.recover(p, false)
			return nil, &r.mutedErr
		}
		if se := checkJSON(r.raw); se != nil && int64(se.off) < at-p {
			at, msg = p+int64(se.off), se.message()
		}
		err := r.syntaxRecordError(index, at, msg)
		r.recover(p, false)
		err.End = r.off
		return nil, err
	}
	spanFail := func(e *spanErr) ([]byte, error) {
		r.index++
		r.setFormat(FormatLines)
		return nil, r.recordFail(index, p, e, false)
	}
	q := p + 1
	for first := true; ; first = false {
		var c byte
		var ok bool
		q, c, ok = r.skipSpace(q)
		if first && ok && c == '}' {
			return r.wholeObject(index, p, q+1)
		}
		if !ok || c != '"' {
			return fail(q, "expected string for object member name, found "+r.found(q))
		}
		nameEnd, e := r.span(q, p, false)
		if e != nil {
			return spanFail(e)
		}
		v, c, ok := r.skipSpace(nameEnd)
		if !ok || c != ':' {
			return fail(v, "expected ':' after object member name, found "+r.found(v))
		}
		v, c, ok = r.skipSpace(v + 1)
		if !ok {
			return fail(v, "expected value of object member, found "+r.found(v))
		}
		if c == '[' {
			if kind, ok := r.envelopeKind(r.buf[q+1-r.base : nameEnd-1-r.base]); ok {
				r.keepMembers()
				r.enterEnvelope(kind, v)
				return nil, nil
			}
		}
		valEnd, e := r.span(v, p, false)
		if e != nil {
			return spanFail(e)
		}
		r.pend = append(r.pend, memberSpan{q, nameEnd, v, valEnd})
		s, c, ok := r.skipSpace(valEnd)
		switch {
		case ok && c == ',':
			q = s + 1
		case ok && c == '}':
			return r.wholeObject(index, p, s+1)
		default:
			return fail(s, "expected ',' or '}' after object member, found "+r.found(s))
		}
	}
}

// envelopeKind says whether an array member named name (raw) makes the
// object being read an envelope, and of what.
func (r *Reader) envelopeKind(name []byte) (arrKind, bool) {
	switch string(name) {
	case "Records":
		return arrRecords, true
	case "Events":
		return arrEvents, true
	case "logEvents":
		for _, m := range r.pend {
			if string(r.buf[m.name-r.base:m.nameEnd-r.base]) == `"messageType"` &&
				string(r.buf[m.val-r.base:m.valEnd-r.base]) == `"CONTROL_MESSAGE"` {
				return arrSkip, true
			}
		}
		return arrLogEvents, true
	}
	return 0, false
}

// enterEnvelope starts reading the array of an envelope whose '[' is at v.
func (r *Reader) enterEnvelope(kind arrKind, v int64) {
	r.off, r.arr, r.st = v+1, kind, stElemFirst
	switch kind {
	case arrRecords:
		r.sum.LogFiles++
		r.setFormat(FormatLogFile)
	case arrEvents:
		r.sum.Pages++
		r.setFormat(FormatLookupEvents)
	default:
		r.sum.Messages++
		r.setFormat(FormatCloudWatchLogs)
	}
}

func (r *Reader) keepMembers() {
	for _, m := range r.pend {
		var name string
		nb := r.buf[m.name-r.base : m.nameEnd-r.base]
		if err := json.Unmarshal(nb, &name); err != nil {
			name = string(nb)
		}
		r.extra = append(r.extra, Member{Name: name, Value: bytes.Clone(r.buf[m.val-r.base : m.valEnd-r.base])})
	}
	r.pend = r.pend[:0]
}

// wholeObject handles a top-level object read whole, from p to end.
func (r *Reader) wholeObject(index int, p, end int64) ([]byte, error) {
	r.index++
	r.off, r.st = end, stTop
	b, err := r.classify(index, p, r.buf[p-r.base:end-r.base])
	if b == nil && err == nil {
		// No record in it (a control message), or the records are
		// in its data (the Lambda form): the object itself is not one
		// and takes no index.
		r.index = index
		if !r.inSub {
			return nil, nil
		}
	}
	return b, err
}

// classify says what the whole object b, at offset p, holds: a record,
// an EventBridge event's record, a CloudWatch Logs message with no
// records, or the Lambda form of CloudWatch Logs data. It returns the
// record, or nil and nil when there is none (yet), or a *RecordError for
// an object that is none of these.
func (r *Reader) classify(index int, p int64, b []byte) ([]byte, error) {
	if isRecordField(firstName(b)) {
		r.setFormat(FormatLines)
		r.last, r.rawStart = index, p
		return b, nil
	}
	// The slow path, for objects that do not start like a record.
	sc := jsonwire.New(string(b))
	var (
		detailType, messageType       string
		detail, awslogs, recordsValue string
		detailAt, awslogsAt           int
		lookupEvent                   bool
		recordsName                   string
		names                         []string
		recordLike                    bool
		digestLike                    int // members only a digest file has
	)
	fail := func(err error) ([]byte, error) {
		r.setFormat(FormatLines)
		r.rawStart, r.raw = p, b
		var se *jsonwire.SyntaxError
		if errors.As(err, &se) {
			e := r.syntaxRecordError(index, p+int64(se.Offset), se.Msg)
			e.End = p + int64(len(b))
			return nil, e
		}
		line, col := r.position(p)
		return nil, &RecordError{Index: index, Line: line, Column: col, Offset: p, End: p + int64(len(b)), Err: err}
	}
	if err := sc.BeginObject(); err != nil {
		return fail(err)
	}
	for {
		key, ok, err := sc.NextKey()
		if err != nil {
			return fail(err)
		}
		if !ok {
			break
		}
		if len(names) < 6 {
			names = append(names, strconv.Quote(key))
		}
		if isRecordField([]byte(key)) {
			recordLike = true
		}
		if key == "digestStartTime" || key == "digestS3Object" {
			digestLike++
		}
		at := sc.Pos()
		v, err := sc.SkipValue()
		if err != nil {
			return fail(err)
		}
		at += strings.Index(string(b[at:]), v[:1]) // white space before the value
		switch key {
		case "detail-type":
			detailType, _ = strconv.Unquote(v)
		case "detail":
			detail, detailAt = v, at
		case "messageType":
			messageType, _ = strconv.Unquote(v)
		case "awslogs":
			awslogs, awslogsAt = v, at
		case "Records", "Events", "logEvents":
			recordsName, recordsValue = key, v
		case "CloudTrailEvent":
			lookupEvent = v[0] == '"'
		}
	}
	if err := sc.End(); err != nil {
		return fail(err)
	}
	switch {
	case detailType != "" || detail != "":
		r.setFormat(FormatEventBridge)
		r.sum.Events++
		if detailType == "" {
			return fail(fmt.Errorf("%w: an EventBridge event without a detail-type (CloudTrail sends %s)", ErrNotRecords, detailTypesSent))
		}
		if !cloudTrailDetailType(detailType) {
			return fail(fmt.Errorf("%w: an EventBridge event of detail-type %q, not one CloudTrail sends (CloudTrail sends %s)", ErrNotRecords, detailType, detailTypesSent))
		}
		if detail == "" || detail[0] != '{' {
			return fail(fmt.Errorf("%w: an EventBridge event from CloudTrail whose detail is not an object", ErrNotRecords))
		}
		if d := b[detailAt : detailAt+len(detail)]; !isRecordField(firstName(d)) {
			if like, found := objectNames(detail); !like {
				return fail(fmt.Errorf("%w: an EventBridge event from CloudTrail whose detail is not a CloudTrail record: found %s", ErrNotRecords, found))
			}
		}
		r.keepEvent(b, detailAt, len(detail))
		r.last, r.rawStart = index, p+int64(detailAt)
		return b[detailAt : detailAt+len(detail)], nil
	case messageType != "":
		r.setFormat(FormatCloudWatchLogs)
		r.sum.Messages++
		if messageType == "CONTROL_MESSAGE" {
			return nil, nil
		}
		return fail(fmt.Errorf("%w: a CloudWatch Logs %s without a logEvents array", ErrNotRecords, messageType))
	case awslogs != "":
		r.setFormat(FormatCloudWatchLogs)
		return nil, r.startSub(index, p+int64(awslogsAt), awslogs)
	case recordLike:
		r.setFormat(FormatLines)
		r.last, r.rawStart = index, p
		return b, nil
	case lookupEvent:
		// One event of lookup-events output on its own, as
		// `aws cloudtrail lookup-events --query 'Events[0]'` prints it
		// (or, in an array, --query 'Events'): its CloudTrailEvent
		// string is the record.
		r.setFormat(FormatLookupEvents)
		return r.unwrap(index, p, b, "CloudTrailEvent")
	case recordsName != "":
		return fail(fmt.Errorf("%w: an object whose %s member is %s, not an array", ErrNotRecords, recordsName, jsonKind(recordsValue)))
	}
	found := "an empty object"
	if len(names) > 5 {
		names[5] = "…"
	}
	if len(names) > 0 {
		found = "an object with members " + strings.Join(names, ", ")
	}
	if digestLike == 2 {
		found = "a CloudTrail digest file (log file integrity validation), which lists log files and holds no records"
	}
	return fail(fmt.Errorf("%w: found %s; expected a CloudTrail record, a log file {\"Records\":[…]}, lookup-events output {\"Events\":[…]}, an EventBridge event from CloudTrail or CloudWatch Logs subscription data", ErrNotRecords, found))
}

// jsonKind names the kind of the JSON value v, with its article.
func jsonKind(v string) string {
	switch {
	case v == "":
		return "missing"
	case v == "null":
		return "null"
	case v[0] == '{':
		return "an object"
	case v[0] == '[':
		return "an array"
	}
	return "a " + kindOf(v[0])
}

// unwrap returns the record held as a JSON string in the member name of
// the object b (an element at p of an Events or logEvents array).
func (r *Reader) unwrap(index int, p int64, b []byte, name string) ([]byte, error) {
	sc := jsonwire.New(string(b))
	fail := func(at int, err error) ([]byte, error) {
		r.rawStart, r.raw = p, b
		line, col := r.position(p + int64(at))
		return nil, &RecordError{Index: index, Line: line, Column: col, Offset: p + int64(at), End: p + int64(len(b)), Err: err}
	}
	syntax := func(err error) ([]byte, error) {
		var se *jsonwire.SyntaxError
		if errors.As(err, &se) {
			e := r.syntaxRecordError(index, p+int64(se.Offset), se.Msg)
			e.End = p + int64(len(b))
			return nil, e
		}
		return fail(0, err)
	}
	if err := sc.BeginObject(); err != nil {
		return syntax(err)
	}
	var str string
	at := -1
	recordLike := false
	for {
		key, ok, err := sc.NextKey()
		if err != nil {
			return syntax(err)
		}
		if !ok {
			break
		}
		recordLike = recordLike || isRecordField([]byte(key))
		if key == name && sc.Peek() == jsonwire.String {
			at = sc.Pos()
			if str, err = sc.SkipString(); err != nil {
				return syntax(err)
			}
			continue
		}
		if _, err := sc.SkipValue(); err != nil {
			return syntax(err)
		}
	}
	if at < 0 && recordLike && name == "CloudTrailEvent" {
		// The record itself in place of the event, as the CloudTrail
		// User Guide's examples of lookup-events --event-category
		// insight and list-insights-data output print it ("Viewing
		// Insights events for trails with the AWS CLI").
		r.last, r.rawStart = index, p
		return b, nil
	}
	if at < 0 {
		return fail(0, fmt.Errorf("%w: a %s without a %s string", ErrNotRecords, r.elementName(), name))
	}
	u, err := appendUnquote(r.unq[:0], str)
	if err != nil {
		return fail(at, err)
	}
	r.unq = u
	if t := bytes.Trim(u, " \t\r\n"); name == "CloudTrailEvent" && len(t) >= 2 && t[0] == '{' && t[len(t)-1] == '}' && emptyObject(t) {
		// {} is no record, as in Records: never an empty record.
		return fail(at, fmt.Errorf("%w: a %s whose CloudTrailEvent is an empty object, not a CloudTrail record", ErrNotRecords, r.elementName()))
	}
	if name == "message" {
		// A log group that is the target of an EventBridge rule holds
		// the events: the record is the detail of one CloudTrail sent.
		if t := bytes.TrimLeft(u, " \t\r\n"); len(t) > 0 && t[0] == '{' && !isRecordField(firstName(t)) {
			if detailType, detail, dat, ok := eventBridgeParts(t); ok {
				var err error
				switch {
				case !cloudTrailDetailType(detailType):
					err = fmt.Errorf("%w: a CloudWatch Logs message that is an EventBridge event of detail-type %q, not one CloudTrail sends (CloudTrail sends %s)", ErrNotRecords, detailType, detailTypesSent)
				case detail == "" || detail[0] != '{':
					err = fmt.Errorf("%w: a CloudWatch Logs message that is an EventBridge event from CloudTrail whose detail is not an object", ErrNotRecords)
				default:
					if like, found := objectNames(detail); !like && !isRecordField(firstName([]byte(detail))) {
						err = fmt.Errorf("%w: a CloudWatch Logs message that is an EventBridge event from CloudTrail whose detail is not a CloudTrail record: found %s", ErrNotRecords, found)
					}
				}
				if err != nil {
					return fail(at, err)
				}
				r.last, r.rawStart, r.origin = index, p+int64(at), name
				d := len(u) - len(t) + dat
				return u[d : d+len(detail)], nil
			}
		}
		// A subscription may carry any log group's messages, and
		// nothing says this one is a record, as Records, detail and
		// CloudTrailEvent do.
		if found := notRecordText(u); found != "" {
			return fail(at, fmt.Errorf("%w: a CloudWatch Logs message that is not a CloudTrail record: found %s", ErrNotRecords, found))
		}
	}
	r.last, r.rawStart, r.origin = index, p+int64(at), name
	return u, nil
}

// notRecordText says what b is when it is plainly not a CloudTrail
// record: text that is not a JSON object, or an object none of whose
// members is a record's. It returns "" for a record, and for malformed
// JSON, which decoding reports with its position.
func notRecordText(b []byte) string {
	t := bytes.TrimLeft(b, " \t\r\n")
	if len(t) == 0 {
		return "an empty message"
	}
	if t[0] != '{' {
		if json.Valid(t) {
			return "a JSON value, " + jsonKind(string(bytes.TrimSpace(t)))
		}
		const max = 30
		r := []rune(string(t))
		if len(r) > max {
			return "text " + strconv.Quote(string(r[:max])+"…")
		}
		return "text " + strconv.Quote(string(r))
	}
	sc := jsonwire.New(string(t))
	if sc.BeginObject() != nil {
		return ""
	}
	var names []string
	for {
		key, ok, err := sc.NextKey()
		if err != nil {
			return ""
		}
		if !ok {
			break
		}
		if isRecordField([]byte(key)) {
			return ""
		}
		if len(names) < 6 {
			names = append(names, strconv.Quote(key))
		}
		if _, err := sc.SkipValue(); err != nil {
			return ""
		}
	}
	if len(names) == 0 {
		return "an empty object"
	}
	if len(names) > 5 {
		names[5] = "…"
	}
	return "an object with members " + strings.Join(names, ", ")
}

// appendUnquote appends the JSON string s (with its quotes, well-formed)
// unescaped to dst. It takes time linear in the length of s.
func appendUnquote(dst []byte, s string) ([]byte, error) {
	sc := jsonwire.New(s)
	v, err := sc.ReadString()
	if err != nil {
		return dst, err
	}
	return append(dst, v...), nil
}

// afterEnvelope reads the members of an envelope object that follow its
// array, up to the closing '}'. Another array of records (a second
// Records member) is read like the first.
func (r *Reader) afterEnvelope() error {
	for {
		r.keep = -1
		r.overLimit = false
		p, c, ok := r.skipSpace(r.off)
		if !ok {
			if err := r.readErr(); err != nil {
				return err
			}
			return r.syntaxError(p, "expected ',' or '}' after "+envelopeNames[r.arr]+" array, found end of input")
		}
		if c == '}' {
			r.off, r.st = p+1, stTop
			return nil
		}
		if c != ',' {
			return r.syntaxError(p, "expected ',' or '}' after "+envelopeNames[r.arr]+" array, found "+r.found(p))
		}
		r.off = p + 1
		q, c, ok := r.skipSpace(p + 1)
		r.keep = q
		if !ok || c != '"' {
			return r.syntaxError(q, "expected string for object member name, found "+r.found(q))
		}
		nameEnd, serr := r.span(q, q, false)
		if serr != nil {
			return r.memberError(q, serr)
		}
		v, c, ok := r.skipSpace(nameEnd)
		if !ok || c != ':' {
			return r.memberLimit(q, v, "expected ':' after object member name, found "+r.found(v))
		}
		v, c, ok = r.skipSpace(v + 1)
		if !ok {
			return r.memberLimit(q, v, "expected value of object member, found end of input")
		}
		if kind, isEnv := r.envelopeKind(r.buf[q+1-r.base : nameEnd-1-r.base]); isEnv && c == '[' {
			// A second array: its records come out too.
			if kind == arrRecords && r.arr != arrRecords || kind != arrRecords && r.arr == arrRecords {
				return r.syntaxError(q, "an envelope with both "+envelopeNames[r.arr]+" and "+envelopeNames[kind])
			}
			r.keep = -1
			r.off, r.st = v+1, stElemFirst
			return nil
		}
		valEnd, serr := r.span(v, q, false)
		if serr != nil {
			return r.memberError(q, serr)
		}
		if se := checkJSON(r.buf[v-r.base : valEnd-r.base]); se != nil {
			return r.syntaxError(v+int64(se.off), se.message())
		}
		r.pend = append(r.pend[:0], memberSpan{q, nameEnd, v, valEnd})
		r.keepMembers()
		r.off = valEnd
	}
}

func (r *Reader) memberLimit(start, at int64, msg string) error {
	if r.overLimit {
		return r.syntaxError(start, fmt.Sprintf("envelope member longer than %d bytes", r.cfg.maxRecord))
	}
	return r.syntaxError(at, msg)
}

func (r *Reader) memberError(start int64, e *spanErr) error {
	if e.read != nil {
		return e.read
	}
	if e.tooLarge {
		return r.syntaxError(start, fmt.Sprintf("envelope member longer than %d bytes", r.cfg.maxRecord))
	}
	b := r.buf[start-r.base : min(e.at+1, r.base+int64(r.w))-r.base]
	if se := checkJSON(b); se != nil {
		return r.syntaxError(start+int64(se.off), se.message())
	}
	return r.syntaxError(e.at, e.msg)
}

// notRecords is the error for input that starts with neither '{' nor '['.
func (r *Reader) notRecords(p int64) error {
	found := r.found(p)
	if p == 0 {
		// Windows PowerShell 5's > and Out-File write UTF-16 with a
		// byte order mark.
		c0, _ := r.at(0)
		c1, _ := r.at(1)
		switch {
		case c0 == 0xff && c1 == 0xfe:
			found = "UTF-16 text (byte order mark FF FE); JSON records are UTF-8: convert the file (PowerShell: Out-File -Encoding utf8)"
		case c0 == 0xfe && c1 == 0xff:
			found = "UTF-16 text (byte order mark FE FF); JSON records are UTF-8: convert the file (PowerShell: Out-File -Encoding utf8)"
		}
	}
	se := r.syntaxError(p, "expected '{' or '[' at start of input, found "+found)
	return &notRecordsError{se}
}

// notRecordsError is a *SyntaxError that also matches ErrNotRecords.
type notRecordsError struct{ *SyntaxError }

// Unwrap returns the syntax error and ErrNotRecords.
func (e *notRecordsError) Unwrap() []error { return []error{e.SyntaxError, ErrNotRecords} }

// emptyError is the error for input that holds no JSON value; n is its
// length.
func (r *Reader) emptyError(n int64) error {
	var what string
	if n > 0 {
		what = "the input holds only white space (" + strconv.FormatInt(n, 10) + " bytes)"
	}
	switch {
	case r.sum.Compressed && n > 0:
		what += " after gzip decompression"
	case r.sum.Compressed:
		what = "the gzip-compressed input decompresses to nothing"
	}
	if what == "" {
		return ErrEmptyInput // its text already says "empty input"
	}
	return fmt.Errorf("%w: %s", ErrEmptyInput, what)
}

// startSub starts reading the data of the Lambda form of CloudWatch Logs
// data, {"awslogs":{"data":"<base64 of gzip>"}}: v is the value of
// awslogs, at offset at.
func (r *Reader) startSub(index int, at int64, v string) error {
	line, col := r.position(at)
	fail := func(err error) error {
		return &RecordError{Index: index, Line: line, Column: col, Offset: at, End: r.off, Err: err}
	}
	if r.nested {
		return fail(fmt.Errorf("%w: awslogs inside the data of awslogs", ErrNotRecords))
	}
	sc := jsonwire.New(v)
	var data string
	if err := sc.BeginObject(); err != nil {
		return fail(err)
	}
	for {
		key, ok, err := sc.NextKey()
		if err != nil || !ok {
			break
		}
		if key == "data" {
			data, err = sc.ReadString()
			if err != nil {
				return fail(err)
			}
			continue
		}
		if _, err := sc.SkipValue(); err != nil {
			return fail(err)
		}
	}
	if data == "" {
		return fail(fmt.Errorf("%w: awslogs without a data string", ErrNotRecords))
	}
	n := base64.StdEncoding.DecodedLen(len(data))
	if cap(r.subData) < n {
		r.subData = make([]byte, n)
	}
	n, err := base64.StdEncoding.Decode(r.subData[:n], []byte(data))
	if err != nil {
		return fail(fmt.Errorf("event: awslogs.data is not base64: %w", err))
	}
	if r.sub == nil {
		r.sub = new(Reader)
	}
	r.sub.cfg = r.cfg
	r.sub.cfg.maxErrors = -1 // the outer reader counts them
	r.sub.nested = true
	r.subSrc = prefixReader{pre: r.subData[:n]}
	r.sub.Reset(&r.subSrc)
	r.inSub, r.subAt, r.subIdx = true, at, index
	return nil
}

// subNext returns the next record of the Lambda form's data, or nil and
// nil at its end.
func (r *Reader) subNext() ([]byte, error) {
	b, err := r.sub.NextRaw()
	if err == nil {
		r.last, r.rawStart, r.origin = r.index, r.subAt, "awslogs.data"
		r.index++
		return b, nil
	}
	s := r.sub.Summary()
	if err == io.EOF {
		r.inSub = false
		r.sum.Messages += s.Messages
		return nil, nil
	}
	var re *RecordError
	if !errors.As(err, &re) {
		// The data ended badly: report it, and go on after the object.
		r.inSub = false
		r.sum.Messages += s.Messages
	}
	line, col := r.position(r.subAt)
	index := r.index
	r.index++
	return nil, &RecordError{Index: index, Line: line, Column: col, Offset: r.subAt, End: r.off,
		Err: inData(err, r.subAt, line, col)}
}

// cloudTrailDetailType reports whether an EventBridge event of detail-type
// t is one CloudTrail sends, whose detail is a record. The EventBridge
// User Guide, "AWS service events delivered via AWS CloudTrail", lists
// "AWS API Call via CloudTrail", "AWS Console Signin via CloudTrail"
// (spelled "AWS Console Sign In via CloudTrail" by the CloudTrail User
// Guide and working rules), "AWS Console Action via CloudTrail", "AWS
// Service Event via CloudTrail", "AWS Insight via CloudTrail" and "AWS
// Network Activity Event via CloudTrail"; the list has grown with each
// kind of event CloudTrail records, and every entry ends in " via
// CloudTrail", as no other sender's detail-type does. A detail-type AWS
// adds is an open enum value: it is read, and kept in the envelope, not
// refused (the detail must still be a record).
func cloudTrailDetailType(t string) bool {
	return strings.HasSuffix(t, " via CloudTrail") && len(t) > len(" via CloudTrail")
}

// detailTypesSent names the detail-types CloudTrail is documented to send,
// for error messages.
const detailTypesSent = `"AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail", ` +
	`"AWS Console Action via CloudTrail", "AWS Service Event via CloudTrail", "AWS Insight via CloudTrail" ` +
	`and "AWS Network Activity Event via CloudTrail", or another ending in " via CloudTrail"`

// keepEvent keeps the EventBridge event b, whose detail is the n bytes at
// at, for Extra: its text with the detail replaced by null, in place of
// the previous event's, in a buffer r keeps.
func (r *Reader) keepEvent(b []byte, at, n int) {
	r.ev = append(append(append(r.ev[:0], b[:at]...), "null"...), b[at+n:]...)
	r.evAt = len(r.extra)
	r.evSeq++
}

// envelopeMembers returns the members of the object env but detail.
func envelopeMembers(env []byte) []Member {
	sc := jsonwire.New(string(env))
	if sc.BeginObject() != nil {
		return nil
	}
	var ms []Member
	for {
		key, ok, err := sc.NextKey()
		if err != nil || !ok {
			return ms
		}
		v, err := sc.SkipValue()
		if err != nil {
			return ms
		}
		if key != "detail" {
			ms = append(ms, Member{Name: key, Value: json.RawMessage(v)})
		}
	}
}

// objectNames reports whether the JSON object obj has a member a record
// has, and describes it by its first member names for an error.
func objectNames(obj string) (recordLike bool, found string) {
	sc := jsonwire.New(obj)
	if sc.BeginObject() != nil {
		return false, "an object"
	}
	var names []string
	for {
		key, ok, err := sc.NextKey()
		if err != nil || !ok {
			break
		}
		if isRecordField([]byte(key)) {
			return true, ""
		}
		if len(names) < 6 {
			names = append(names, strconv.Quote(key))
		}
		if _, err := sc.SkipValue(); err != nil {
			break
		}
	}
	if len(names) == 0 {
		return false, "an empty object"
	}
	if len(names) > 5 {
		names[5] = "…"
	}
	return false, "an object with members " + strings.Join(names, ", ")
}

// eventBridgeParts returns the detail-type and the detail (its text, and
// where it starts in t) of the JSON object t when it is an EventBridge
// event: one with a detail-type or detail member.
func eventBridgeParts(t []byte) (detailType, detail string, at int, ok bool) {
	sc := jsonwire.New(string(t))
	if sc.BeginObject() != nil {
		return "", "", 0, false
	}
	for {
		key, more, err := sc.NextKey()
		if err != nil || !more {
			return detailType, detail, at, ok
		}
		pos := sc.Pos()
		v, err := sc.SkipValue()
		if err != nil {
			return "", "", 0, false
		}
		switch key {
		case "detail-type":
			detailType, _ = strconv.Unquote(v)
			ok = true
		case "detail":
			detail, ok = v, true
			at = pos + strings.Index(string(t[pos:]), v[:1])
		}
	}
}
