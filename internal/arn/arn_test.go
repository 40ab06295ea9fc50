package arn

import (
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in     string
		want   ARN
		err    error
		reason string
	}{
		{"arn:aws:iam::123456789012:user/Alice", ARN{"aws", "iam", "", "123456789012", "user/Alice"}, nil, "IAM user, no path"},
		{"arn:aws:iam::123456789012:role/path/to/Role", ARN{"aws", "iam", "", "123456789012", "role/path/to/Role"}, nil, "role with a path"},
		{"arn:aws:sts::123456789012:assumed-role/Role/session", ARN{"aws", "sts", "", "123456789012", "assumed-role/Role/session"}, nil, "assumed-role session"},
		{"arn:aws-cn:sts::123456789012:federated-user/Bob", ARN{"aws-cn", "sts", "", "123456789012", "federated-user/Bob"}, nil, "federated user in China"},
		{"arn:aws-us-gov:iam::123456789012:root", ARN{"aws-us-gov", "iam", "", "123456789012", "root"}, nil, "root in GovCloud"},
		{"arn:aws:s3:::bucket/key:with:colons", ARN{"aws", "s3", "", "", "bucket/key:with:colons"}, nil, "resource keeps its colons; S3 has no account"},
		{"arn:aws:cloudtrail:us-east-1:111122223333:trail/org", ARN{"aws", "cloudtrail", "us-east-1", "111122223333", "trail/org"}, nil, "regional resource"},
		{"arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy", ARN{"aws", "iam", "", "aws", "policy/root-task/S3UnlockBucketPolicy"}, nil, "AWS managed policy: account is \"aws\""},
		{"arn:aws:signin:us-east-1:123456789012:session/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", ARN{"aws", "signin", "us-east-1", "123456789012", "session/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"}, nil, "sign-in session"},
		{"arn:aws:identitystore::123456789012:identitystore/d-9067642ac7", ARN{"aws", "identitystore", "", "123456789012", "identitystore/d-9067642ac7"}, nil, "identity store"},
		{"", ARN{}, ErrPrefix, "empty"},
		{"arn", ARN{}, ErrPrefix, "prefix only"},
		{"ARN:aws:iam::1:root", ARN{}, ErrPrefix, "prefix is case sensitive"},
		{"arn:aws:iam::123456789012", ARN{}, ErrSections, "five sections"},
		{"arn:aws:iam:123456789012:root", ARN{}, ErrSections, "region section missing"},
		{"arn::iam::1:root", ARN{}, ErrEmpty, "empty partition"},
		{"arn:aws:::1:root", ARN{}, ErrEmpty, "empty service"},
		{"arn:aws:iam::1:", ARN{}, ErrEmpty, "empty resource"},
	} {
		got, err := Parse(tc.in)
		if !errors.Is(err, tc.err) {
			t.Errorf("Parse(%q) error = %v, want %v (%s)", tc.in, err, tc.err, tc.reason)
			continue
		}
		if got != tc.want {
			t.Errorf("Parse(%q) = %+v, want %+v (%s)", tc.in, got, tc.want, tc.reason)
		}
		if err == nil && got.String() != tc.in {
			t.Errorf("Parse(%q).String() = %q (%s)", tc.in, got.String(), tc.reason)
		}
		var e *Error
		if err != nil && (!errors.As(err, &e) || e.Input != tc.in) {
			t.Errorf("Parse(%q) error %v is not an *Error naming the input", tc.in, err)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	_, err := Parse("arn:aws:iam")
	if got, want := err.Error(), `arn: parse "arn:aws:iam": not enough sections`; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
}

func TestPrincipalHelpers(t *testing.T) {
	for _, p := range partitions {
		for _, tc := range []struct {
			a      ARN
			s      string
			reason string
		}{
			{UserARN(p, "123456789012", "", "Alice"), "arn:" + p + ":iam::123456789012:user/Alice", "user, default path"},
			{UserARN(p, "123456789012", "/division_abc/subdivision_xyz/", "Bob"), "arn:" + p + ":iam::123456789012:user/division_abc/subdivision_xyz/Bob", "user with a path"},
			{RoleARN(p, "123456789012", "path/to", "Role"), "arn:" + p + ":iam::123456789012:role/path/to/Role", "path without slashes is completed"},
			{RoleARN(p, "123456789012", "/", "Role"), "arn:" + p + ":iam::123456789012:role/Role", "root path"},
			{AssumedRoleARN(p, "123456789012", "Role", "session@example.com"), "arn:" + p + ":sts::123456789012:assumed-role/Role/session@example.com", "session names may hold @ = , . -"},
			{FederatedUserARN(p, "123456789012", "Bob"), "arn:" + p + ":sts::123456789012:federated-user/Bob", "federated user"},
			{RootARN(p, "123456789012"), "arn:" + p + ":iam::123456789012:root", "root"},
		} {
			if got := tc.a.String(); got != tc.s {
				t.Errorf("%s: String() = %q, want %q", tc.reason, got, tc.s)
			}
			back, err := Parse(tc.s)
			if err != nil || back != tc.a {
				t.Errorf("%s: Parse(%q) = %+v, %v; want %+v", tc.reason, tc.s, back, err, tc.a)
			}
		}
		if !KnownPartition(p) {
			t.Errorf("KnownPartition(%q) = false", p)
		}
	}
	if KnownPartition("aws-xyz") || KnownPartition("") {
		t.Error("KnownPartition accepts an unknown partition")
	}
}

func TestAccessors(t *testing.T) {
	for _, tc := range []struct {
		in                        string
		kind                      string // user, role, assumed, federated, root, none
		path, name, role, session string
		reason                    string
	}{
		{"arn:aws:iam::123456789012:user/Alice", "user", "/", "Alice", "", "", "user at the root path"},
		{"arn:aws:iam::123456789012:user/a/b/Alice", "user", "/a/b/", "Alice", "", "", "user with a path"},
		{"arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef", "role", "/aws-reserved/sso.amazonaws.com/", "AWSReservedSSO_Admin_0123456789abcdef", "", "", "Identity Center role path"},
		{"arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice@example.com", "assumed", "", "", "AWSReservedSSO_Admin_0123456789abcdef", "alice@example.com", "assumed-role session"},
		{"arn:aws:sts::123456789012:federated-user/Bob", "federated", "", "Bob", "", "", "federated user"},
		{"arn:aws:iam::123456789012:root", "root", "", "", "", "", "root"},
		{"arn:aws:iam::123456789012:user/", "none", "", "", "", "", "user without a name"},
		{"arn:aws:sts::123456789012:assumed-role/Role", "none", "", "", "", "", "assumed role without a session"},
		{"arn:aws:sts::123456789012:assumed-role/Role/", "none", "", "", "", "", "empty session"},
		{"arn:aws:sts::123456789012:federated-user/", "none", "", "", "", "", "federated user without a name"},
		{"arn:aws:s3:::user/Alice", "none", "", "", "", "", "not IAM"},
		{"arn:aws:iam::123456789012:rootx", "none", "", "", "", "", "not exactly root"},
	} {
		a, err := Parse(tc.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.in, err)
		}
		path, name, isUser := a.User()
		rpath, rname, isRole := a.Role()
		role, session, isAssumed := a.AssumedRole()
		fname, isFed := a.FederatedUser()
		got := "none"
		switch {
		case isUser:
			got = "user"
		case isRole:
			got, path, name = "role", rpath, rname
		case isAssumed:
			got = "assumed"
		case isFed:
			got, name = "federated", fname
		case a.IsRoot():
			got = "root"
		}
		if got != tc.kind || path != tc.path || name != tc.name || role != tc.role || session != tc.session {
			t.Errorf("%s: %q gives %s path=%q name=%q role=%q session=%q; want %s %q %q %q %q",
				tc.reason, tc.in, got, path, name, role, session, tc.kind, tc.path, tc.name, tc.role, tc.session)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"arn:aws:iam::123456789012:user/Alice",
		"arn:aws:sts::123456789012:assumed-role/Role/session",
		"arn:aws-iso-b:iam::123456789012:role/a/b/c",
		"arn:aws:s3:::bucket/a:b",
		"arn:::::",
		"arn:aws:iam::1:root",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			return
		}
		if got := a.String(); got != s {
			t.Fatalf("Parse(%q).String() = %q", s, got)
		}
		b, err := Parse(a.String())
		if err != nil || b != a {
			t.Fatalf("Parse(String(%+v)) = %+v, %v", a, b, err)
		}
		// The accessors never panic and rebuild the same ARN.
		if path, name, ok := a.User(); ok {
			if UserARN(a.Partition, a.Account, path, name).Resource != a.Resource {
				t.Fatalf("UserARN does not rebuild %q", s)
			}
		}
		if path, name, ok := a.Role(); ok {
			if RoleARN(a.Partition, a.Account, path, name).Resource != a.Resource {
				t.Fatalf("RoleARN does not rebuild %q", s)
			}
		}
		if role, session, ok := a.AssumedRole(); ok {
			if AssumedRoleARN(a.Partition, a.Account, role, session).Resource != a.Resource {
				t.Fatalf("AssumedRoleARN does not rebuild %q", s)
			}
		}
		if name, ok := a.FederatedUser(); ok {
			if FederatedUserARN(a.Partition, a.Account, name).Resource != a.Resource {
				t.Fatalf("FederatedUserARN does not rebuild %q", s)
			}
		}
	})
}

func FuzzString(f *testing.F) {
	f.Add("aws", "iam", "", "123456789012", "role/a/b/Role")
	f.Add("aws-eusc", "sts", "", "123456789012", "assumed-role/R/s:x")
	f.Fuzz(func(t *testing.T, partition, service, region, account, resource string) {
		a := ARN{partition, service, region, account, resource}
		b, err := Parse(a.String())
		if strings.Contains(partition+service+region+account, ":") || partition == "" || service == "" || resource == "" {
			if err == nil && b == a {
				t.Fatalf("Parse(String(%+v)) accepted fields that cannot round trip", a)
			}
			return
		}
		if err != nil || b != a {
			t.Fatalf("Parse(String(%+v)) = %+v, %v", a, b, err)
		}
	})
}

func TestIsAccountID(t *testing.T) {
	for _, tc := range []struct {
		in     string
		want   bool
		reason string
	}{
		{"111122223333", true, "12 digits"},
		{"11112222333", false, "11 digits"},
		{"1111222233334", false, "13 digits"},
		{"11112222333a", false, "a letter"},
		{"", false, "empty"},
		{"１１１１２２２２３３３３", false, "full-width digits are not ASCII digits"},
	} {
		if got := IsAccountID(tc.in); got != tc.want {
			t.Errorf("%s: IsAccountID(%q) = %v, want %v", tc.reason, tc.in, got, tc.want)
		}
	}
}
