package trail

import (
	"github.com/trailmap/trailmap/event"
	"github.com/trailmap/trailmap/internal/jsonwire"
)

// AppendJSON appends the routing of rec as one JSON object, the line
// `trailmap route` and examples/route print per record:
//
//	{"eventID":"…","eventName":"CreateUser",
//	 "deliveries":[{"trail":"arn:…","account":"…","region":"us-east-1","key":"org/AWSLogs/…/2023/05/01/"}],
//	 "skipped":[{"trail":"arn:…","code":"NotSelected","reason":"…"}]}
//
// eventName is rec.Title(), so Insights and aggregated records, which
// have no eventName, are named by what they are about. key is the
// delivery's KeyPrefix; code is the skip's SkipCode name. Both arrays are
// always present. No newline is appended. AppendJSON allocates nothing
// beyond growing dst.
func (r *Result) AppendJSON(dst []byte, rec *event.Record) []byte {
	dst = append(dst, `{"eventID":`...)
	dst = jsonwire.AppendString(dst, rec.EventID)
	dst = append(dst, `,"eventName":`...)
	dst = jsonwire.AppendString(dst, rec.Title())
	dst = append(dst, `,"deliveries":[`...)
	for i := range r.Deliveries {
		d := &r.Deliveries[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"trail":`...)
		dst = jsonwire.AppendString(dst, d.TrailARN)
		dst = append(dst, `,"account":`...)
		dst = jsonwire.AppendString(dst, d.Account)
		dst = append(dst, `,"region":`...)
		dst = jsonwire.AppendString(dst, d.Region)
		dst = append(dst, `,"key":`...)
		dst = jsonwire.AppendString(dst, d.KeyPrefix)
		dst = append(dst, '}')
	}
	dst = append(dst, `],"skipped":[`...)
	for i := range r.Skipped {
		s := &r.Skipped[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"trail":`...)
		dst = jsonwire.AppendString(dst, s.TrailARN)
		dst = append(dst, `,"code":`...)
		dst = jsonwire.AppendString(dst, s.Code.String())
		dst = append(dst, `,"reason":`...)
		dst = jsonwire.AppendString(dst, s.Reason)
		dst = append(dst, '}')
	}
	return append(dst, "]}"...)
}
