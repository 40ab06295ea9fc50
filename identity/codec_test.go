package identity

import (
	"testing"
)

// typicalAssumedRole is the identity of a call made with role session
// credentials, as in the CloudTrail User Guide's userIdentity examples.
const typicalAssumedRole = `{
  "type": "AssumedRole",
  "principalId": "AROAIDPPEZS35WEXAMPLE:AssumedRoleSessionName",
  "arn": "arn:aws:sts::123456789012:assumed-role/RoleToBeAssumed/MySessionName",
  "accountId": "123456789012",
  "accessKeyId": "ASIAIOSFODNN7EXAMPLE",
  "sessionContext": {
    "sessionIssuer": {
      "type": "Role",
      "principalId": "AROAIDPPEZS35WEXAMPLE",
      "arn": "arn:aws:iam::123456789012:role/RoleToBeAssumed",
      "accountId": "123456789012",
      "userName": "RoleToBeAssumed"
    },
    "attributes": {
      "creationDate": "2023-07-19T21:11:57Z",
      "mfaAuthenticated": "false"
    },
    "ec2RoleDelivery": "2.0"
  }
}`

func TestParseAllocatesOnce(t *testing.T) {
	var err error
	n := testing.AllocsPerRun(100, func() {
		_, err = Parse(typicalAssumedRole)
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("Parse of a typical AssumedRole identity: %v allocations, want 1", n)
	}
}

func TestAppendJSONAllocatesNothing(t *testing.T) {
	u, err := Parse(typicalAssumedRole)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, 4096)
	n := testing.AllocsPerRun(100, func() {
		buf = u.AppendJSON(buf[:0])
	})
	if n != 0 {
		t.Errorf("AppendJSON into a large enough buffer: %v allocations, want 0", n)
	}
}
