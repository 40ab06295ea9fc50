package event

import (
	"bytes"
	"compress/gzip"
	"errors"
	"strings"
	"testing"
)

func TestRecordString(t *testing.T) {
	for _, tc := range []struct {
		in, want, reason string
	}{
		{`{"eventSource":"s3.amazonaws.com","eventName":"DeleteBucket","awsRegion":"us-west-2","recipientAccountId":"111122223333","eventID":"e1","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/Admin/alice"}}`,
			"s3:DeleteBucket by AssumedRole arn:aws:sts::111122223333:assumed-role/Admin/alice in us-west-2 (account 111122223333, eventID e1)", "a role session"},
		{`{"eventSource":"kms.amazonaws.com","eventName":"Decrypt","awsRegion":"eu-west-1","recipientAccountId":"111122223333","eventID":"e2","userIdentity":{"accountId":"111122223333","invokedBy":"AWS Internal"}}`,
			"kms:Decrypt by AWS Internal in eu-west-1 (account 111122223333, eventID e2)", "an identity without type names the service"},
		{`{"eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1"}`,
			"iam:CreateUser by no identity in us-east-1 (account , eventID )", "no userIdentity"},
	} {
		rec, err := ParseRecord([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		if got := rec.String(); got != tc.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tc.reason, got, tc.want)
		}
	}
	if got := (*Record)(nil).String(); got != "<nil record>" {
		t.Errorf("nil record: %q", got)
	}
}

func TestEventTimeText(t *testing.T) {
	for _, tc := range []struct {
		in     string
		want   string
		ok     bool
		reason string
	}{
		{`{"eventTime":"2023-05-01T12:00:00Z"}`, "2023-05-01T12:00:00Z", true, "the documented layout"},
		{`{"eventTime":"May 1st, noon"}`, "May 1st, noon", true, "text that is no time is still readable"},
		{`{"eventTime":1682942400}`, "1682942400", true, "a number, as JSON text"},
		{`{"eventName":"x"}`, "", false, "no eventTime"},
	} {
		rec, err := ParseRecord([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		got, ok := rec.EventTimeText()
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: EventTimeText() = %q, %v; want %q, %v", tc.reason, got, ok, tc.want, tc.ok)
		}
	}
}

// ParseRecord on gzip bytes says what to call instead.
func TestParseRecordGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(`{"eventName":"x"}`))
	zw.Close()
	rec, err := ParseRecord(buf.Bytes())
	if rec != nil || !errors.Is(err, ErrNotRecord) || !strings.Contains(err.Error(), "gzip-compressed; read it with Records or ReadLogFile") {
		t.Errorf("ParseRecord(gzip) = %v, %v", rec, err)
	}
	var r Record
	if err := r.Decode(buf.Bytes()); !errors.Is(err, ErrNotRecord) {
		t.Errorf("Decode(gzip) = %v", err)
	}
}
