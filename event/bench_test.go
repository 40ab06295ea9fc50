package event

import (
	"bytes"
	"encoding/json"
	"runtime"
	"testing"
	"time"
)

// typicalRecord is a realistic management event of about 2 KB: an
// assumed-role caller with session context, TLS details, resources and
// request and response payloads (example values from the CloudTrail User
// Guide).
const typicalRecord = `{
    "eventVersion": "1.09",
    "userIdentity": {
        "type": "AssumedRole",
        "principalId": "AROAIOSFODNN7EXAMPLE:devops-session",
        "arn": "arn:aws:sts::111122223333:assumed-role/DevOps/devops-session",
        "accountId": "111122223333",
        "accessKeyId": "ASIAIOSFODNN7EXAMPLE",
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": "AROAIOSFODNN7EXAMPLE",
                "arn": "arn:aws:iam::111122223333:role/DevOps",
                "accountId": "111122223333",
                "userName": "DevOps"
            },
            "webIdFederationData": {},
            "attributes": {
                "creationDate": "2023-07-19T21:11:57Z",
                "mfaAuthenticated": "false"
            }
        }
    },
    "eventTime": "2023-07-19T21:25:09Z",
    "eventSource": "ec2.amazonaws.com",
    "eventName": "RunInstances",
    "awsRegion": "us-east-2",
    "sourceIPAddress": "192.0.2.10",
    "userAgent": "aws-cli/2.13.5 Python/3.11.4 Linux/4.14.255-314-253.539.amzn2.x86_64 exec-env/CloudShell exe/x86_64.amzn.2 prompt/off command/ec2.run-instances",
    "requestParameters": {
        "instancesSet": {"items": [{"imageId": "ami-0123456789abcdef0", "minCount": 1, "maxCount": 1, "keyName": "my-key"}]},
        "instanceType": "t3.micro",
        "blockDeviceMapping": {},
        "monitoring": {"enabled": false},
        "disableApiTermination": false,
        "disableApiStop": false,
        "clientToken": "fd2c4b1e-9a8b-4d3c-8e2f-1a2b3c4d5e6f",
        "tagSpecificationSet": {"items": [{"resourceType": "instance", "tags": [{"key": "Name", "value": "web-1"}]}]}
    },
    "responseElements": {
        "requestId": "2f4a1bd0-4e6c-4b3b-9f1e-8c7d6e5f4a3b",
        "reservationId": "r-0123456789abcdef0",
        "ownerId": "111122223333",
        "groupSet": {},
        "instancesSet": {"items": [{"instanceId": "i-0123456789abcdef0", "imageId": "ami-0123456789abcdef0", "currentInstanceBootMode": "legacy-bios", "instanceState": {"code": 0, "name": "pending"}, "privateDnsName": "ip-10-0-0-12.us-east-2.compute.internal", "amiLaunchIndex": 0, "instanceType": "t3.micro", "launchTime": 1689801909000, "placement": {"availabilityZone": "us-east-2a", "tenancy": "default"}}]}
    },
    "requestID": "2f4a1bd0-4e6c-4b3b-9f1e-8c7d6e5f4a3b",
    "eventID": "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
    "readOnly": false,
    "resources": [
        {"accountId": "111122223333", "type": "AWS::EC2::Instance", "ARN": "arn:aws:ec2:us-east-2:111122223333:instance/i-0123456789abcdef0"}
    ],
    "eventType": "AwsApiCall",
    "managementEvent": true,
    "recipientAccountId": "111122223333",
    "eventCategory": "Management",
    "tlsDetails": {
        "tlsVersion": "TLSv1.3",
        "cipherSuite": "TLS_AES_128_GCM_SHA256",
        "clientProvidedHostHeader": "ec2.us-east-2.amazonaws.com"
    },
    "sessionCredentialFromConsole": "true"
}`

// plainRecord is what a typical hand-written typed decoder uses: the
// documented members as plain Go types.
type plainRecord struct {
	plainFields
	UserIdentity struct {
		plainIdentity
		SessionContext *struct {
			SessionIssuer struct {
				Type        string `json:"type"`
				PrincipalID string `json:"principalId"`
				ARN         string `json:"arn"`
				AccountID   string `json:"accountId"`
				UserName    string `json:"userName"`
			} `json:"sessionIssuer"`
			WebIDFederationData json.RawMessage `json:"webIdFederationData"`
			Attributes          struct {
				CreationDate     string `json:"creationDate"`
				MFAAuthenticated string `json:"mfaAuthenticated"`
			} `json:"attributes"`
		} `json:"sessionContext"`
	} `json:"userIdentity"`
	EventTime       time.Time `json:"eventTime"`
	ReadOnly        *bool     `json:"readOnly"`
	ManagementEvent *bool     `json:"managementEvent"`
	TLSDetails      *struct {
		TLSVersion               string `json:"tlsVersion"`
		CipherSuite              string `json:"cipherSuite"`
		ClientProvidedHostHeader string `json:"clientProvidedHostHeader"`
	} `json:"tlsDetails"`
	SessionCredentialFromConsole string `json:"sessionCredentialFromConsole"`
}

// plainFields are the record members every typed baseline declares the
// same way.
type plainFields struct {
	EventVersion        string          `json:"eventVersion"`
	EventSource         string          `json:"eventSource"`
	EventName           string          `json:"eventName"`
	AWSRegion           string          `json:"awsRegion"`
	SourceIPAddress     string          `json:"sourceIPAddress"`
	UserAgent           string          `json:"userAgent"`
	ErrorCode           string          `json:"errorCode"`
	ErrorMessage        string          `json:"errorMessage"`
	RequestParameters   json.RawMessage `json:"requestParameters"`
	ResponseElements    json.RawMessage `json:"responseElements"`
	AdditionalEventData json.RawMessage `json:"additionalEventData"`
	RequestID           string          `json:"requestID"`
	EventID             string          `json:"eventID"`
	EventType           string          `json:"eventType"`
	Resources           []struct {
		ARN       string `json:"ARN"`
		AccountID string `json:"accountId"`
		Type      string `json:"type"`
	} `json:"resources"`
	RecipientAccountID string `json:"recipientAccountId"`
	EventCategory      string `json:"eventCategory"`
}

// plainIdentity are the userIdentity members every typed baseline
// declares the same way.
type plainIdentity struct {
	Type        string `json:"type"`
	PrincipalID string `json:"principalId"`
	ARN         string `json:"arn"`
	AccountID   string `json:"accountId"`
	AccessKeyID string `json:"accessKeyId"`
	UserName    string `json:"userName"`
	InvokedBy   string `json:"invokedBy"`
}

// benchInputs are the inputs every decoder is measured on: the typical
// record (compact, as delivered, and indented), and the corpus records one
// after another.
func benchInputs(b *testing.B) []struct {
	name string
	recs [][]byte
} {
	// CloudTrail delivers compact JSON; documentation pages indent it.
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(typicalRecord)); err != nil {
		b.Fatal(err)
	}
	in := []struct {
		name string
		recs [][]byte
	}{
		{"typical", [][]byte{compact.Bytes()}},
		{"typical-indented", [][]byte{[]byte(typicalRecord)}},
	}
	if corpusDir(b) != "" {
		var recs [][]byte
		for _, cr := range corpusRecords(b) {
			// The typed baseline cannot read records whose eventTime is
			// not RFC 3339; measure every decoder on the same records.
			// Nor can ParseRecord read the documentation example with a
			// member twice (ErrDuplicateMember).
			var p plainRecord
			if _, err := ParseRecord(cr.b); err == nil && json.Unmarshal(cr.b, &p) == nil {
				recs = append(recs, cr.b)
			}
		}
		in = append(in, struct {
			name string
			recs [][]byte
		}{"corpus", recs})
	}
	return in
}

func runDecode(b *testing.B, recs [][]byte, decode func([]byte) error) {
	n := 0
	for _, r := range recs {
		n += len(r)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, r := range recs {
			if err := decode(r); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	records := float64(b.N * len(recs))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/records, "ns/record")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/records, "allocs/record")
}

// BenchmarkDecode compares ParseRecord with encoding/json decoding the
// same bytes into a map, into a plain typed struct, and only checking
// them (json.Valid), in the same run.
func BenchmarkDecode(b *testing.B) {
	for _, in := range benchInputs(b) {
		b.Run(in.name+"/ParseRecord", func(b *testing.B) {
			runDecode(b, in.recs, func(p []byte) error {
				_, err := ParseRecord(p)
				return err
			})
		})
		b.Run(in.name+"/Decode-reused", func(b *testing.B) {
			var r Record
			runDecode(b, in.recs, r.Decode)
		})
		b.Run(in.name+"/DecodeString", func(b *testing.B) {
			// The records as strings already, as a reader holding a whole
			// file in one string would have them.
			strs := make(map[*byte]string, len(in.recs))
			for _, p := range in.recs {
				strs[&p[0]] = string(p)
			}
			var r Record
			runDecode(b, in.recs, func(p []byte) error { return r.DecodeString(strs[&p[0]]) })
		})
		b.Run(in.name+"/json-typed", func(b *testing.B) {
			runDecode(b, in.recs, func(p []byte) error {
				var v plainRecord
				return json.Unmarshal(p, &v)
			})
		})
		b.Run(in.name+"/json-map", func(b *testing.B) {
			runDecode(b, in.recs, func(p []byte) error {
				var v map[string]any
				return json.Unmarshal(p, &v)
			})
		})
		b.Run(in.name+"/json-Valid", func(b *testing.B) {
			runDecode(b, in.recs, func(p []byte) error {
				if !json.Valid(p) {
					b.Fatal("invalid")
				}
				return nil
			})
		})
	}
}

// BenchmarkEncode measures AppendJSON beside json.Marshal of the plain
// typed struct.
func BenchmarkEncode(b *testing.B) {
	r, err := ParseRecord([]byte(typicalRecord))
	if err != nil {
		b.Fatal(err)
	}
	var p plainRecord
	if err := json.Unmarshal([]byte(typicalRecord), &p); err != nil {
		b.Fatal(err)
	}
	// Both write compact JSON; count the bytes written.
	b.Run("AppendJSON", func(b *testing.B) {
		b.SetBytes(int64(len(r.AppendJSON(nil))))
		b.ReportAllocs()
		buf := make([]byte, 0, 4096)
		for i := 0; i < b.N; i++ {
			buf = r.AppendJSON(buf[:0])
		}
	})
	b.Run("json-typed", func(b *testing.B) {
		out, _ := json.Marshal(&p)
		b.SetBytes(int64(len(out)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := json.Marshal(&p); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDecodeSpeedup decodes the typical record with ParseRecord and
// with encoding/json into the plain typed struct in alternation, a few
// records at a time, so that a busy machine slows both alike, and reports
// how many times faster ParseRecord is, and the MB/s of each.
func BenchmarkDecodeSpeedup(b *testing.B) {
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(typicalRecord)); err != nil {
		b.Fatal(err)
	}
	rec := compact.Bytes()
	var ours, theirs time.Duration
	const batch = 8
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		for k := 0; k < batch; k++ {
			if _, err := ParseRecord(rec); err != nil {
				b.Fatal(err)
			}
		}
		t1 := time.Now()
		for k := 0; k < batch; k++ {
			var p plainRecord
			if err := json.Unmarshal(rec, &p); err != nil {
				b.Fatal(err)
			}
		}
		t2 := time.Now()
		ours += t1.Sub(t0)
		theirs += t2.Sub(t1)
	}
	n := float64(b.N * batch * len(rec))
	b.ReportMetric(float64(theirs)/float64(ours), "x-faster")
	b.ReportMetric(n/ours.Seconds()/1e6, "ParseRecord-MB/s")
	b.ReportMetric(n/theirs.Seconds()/1e6, "json-typed-MB/s")
}
