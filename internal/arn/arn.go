package arn

import (
	"errors"
	"strconv"
	"strings"
)

// ARN is an Amazon Resource Name split into its sections.
type ARN struct {
	Partition string // aws, aws-cn, aws-us-gov, aws-iso, ...
	Service   string // iam, sts, s3, ...
	Region    string // empty for global services such as IAM and STS
	Account   string // 12-digit account ID; "aws" for AWS managed policies; may be empty (S3)
	Resource  string // everything after the fifth colon, colons included
}

// Errors returned by Parse, wrapped with the input.
var (
	ErrPrefix   = errors.New("does not start with \"arn:\"")
	ErrSections = errors.New("not enough sections")
	ErrEmpty    = errors.New("empty partition, service or resource")
)

// Error is a malformed ARN.
type Error struct {
	Input string
	Err   error
}

// Error returns "arn: parse <quoted input>: <reason>".
func (e *Error) Error() string {
	return "arn: parse " + strconv.Quote(e.Input) + ": " + e.Err.Error()
}

// Unwrap returns the reason, one of ErrPrefix, ErrSections or ErrEmpty.
func (e *Error) Unwrap() error { return e.Err }

// Parse splits s into its sections. It requires the "arn" prefix, six
// sections, and non-empty partition, service and resource; it does not
// check that the partition or service exists.
func Parse(s string) (ARN, error) {
	if !strings.HasPrefix(s, "arn:") {
		return ARN{}, &Error{Input: s, Err: ErrPrefix}
	}
	var sec [4]string
	rest := s[len("arn:"):]
	for i := range sec {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return ARN{}, &Error{Input: s, Err: ErrSections}
		}
		sec[i], rest = rest[:j], rest[j+1:]
	}
	a := ARN{Partition: sec[0], Service: sec[1], Region: sec[2], Account: sec[3], Resource: rest}
	if a.Partition == "" || a.Service == "" || a.Resource == "" {
		return ARN{}, &Error{Input: s, Err: ErrEmpty}
	}
	return a, nil
}

// String formats a as arn:partition:service:region:account:resource.
func (a ARN) String() string {
	return "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.Account + ":" + a.Resource
}

// partitions lists the AWS partitions (botocore partitions.json): the
// partition ID is the ARN partition.
var partitions = [...]string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}

// KnownPartition reports whether p is one of the AWS partitions: aws,
// aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc.
func KnownPartition(p string) bool {
	for _, q := range partitions {
		if p == q {
			return true
		}
	}
	return false
}

// splitPath splits an IAM resource such as "role/path/to/Name" after its
// type prefix into the path ("/path/to/", "/" when there is none) and the
// friendly name.
func splitPath(rest string) (path, name string, ok bool) {
	i := strings.LastIndexByte(rest, '/')
	name = rest[i+1:]
	if name == "" {
		return "", "", false
	}
	if i < 0 {
		return "/", name, true
	}
	return "/" + rest[:i+1], name, true
}

// iamEntity returns the path and name of an IAM resource of the given type
// ("user" or "role").
func (a ARN) iamEntity(typ string) (path, name string, ok bool) {
	if a.Service != "iam" || !strings.HasPrefix(a.Resource, typ+"/") {
		return "", "", false
	}
	return splitPath(a.Resource[len(typ)+1:])
}

// User returns the path and name of an IAM user ARN
// (arn:aws:iam::123456789012:user/division/Alice gives "/division/",
// "Alice").
func (a ARN) User() (path, name string, ok bool) { return a.iamEntity("user") }

// Role returns the path and name of an IAM role ARN
// (arn:aws:iam::123456789012:role/service-role/Admin gives
// "/service-role/", "Admin").
func (a ARN) Role() (path, name string, ok bool) { return a.iamEntity("role") }

// AssumedRole returns the role and session names of an STS assumed-role
// session ARN (arn:aws:sts::123456789012:assumed-role/Admin/alice). The
// role's path is not part of such an ARN.
func (a ARN) AssumedRole() (role, session string, ok bool) {
	const prefix = "assumed-role/"
	if a.Service != "sts" || !strings.HasPrefix(a.Resource, prefix) {
		return "", "", false
	}
	rest := a.Resource[len(prefix):]
	i := strings.IndexByte(rest, '/')
	if i <= 0 || i == len(rest)-1 {
		return "", "", false
	}
	return rest[:i], rest[i+1:], true
}

// FederatedUser returns the name of an STS federated user ARN
// (arn:aws:sts::123456789012:federated-user/Bob).
func (a ARN) FederatedUser() (name string, ok bool) {
	const prefix = "federated-user/"
	if a.Service != "sts" || !strings.HasPrefix(a.Resource, prefix) || len(a.Resource) == len(prefix) {
		return "", false
	}
	return a.Resource[len(prefix):], true
}

// IsRoot reports whether a is the ARN of an account root user
// (arn:aws:iam::123456789012:root).
func (a ARN) IsRoot() bool {
	return a.Service == "iam" && a.Resource == "root"
}

// cleanPath makes an IAM path: "" becomes "/", and the leading and
// trailing slashes are added when missing.
func cleanPath(path string) string {
	if path == "" || path == "/" {
		return "/"
	}
	if path[0] != '/' {
		path = "/" + path
	}
	if path[len(path)-1] != '/' {
		path += "/"
	}
	return path
}

// UserARN returns the ARN of an IAM user; path may be "" for "/".
func UserARN(partition, account, path, name string) ARN {
	return ARN{Partition: partition, Service: "iam", Account: account, Resource: "user" + cleanPath(path) + name}
}

// RoleARN returns the ARN of an IAM role; path may be "" for "/".
func RoleARN(partition, account, path, name string) ARN {
	return ARN{Partition: partition, Service: "iam", Account: account, Resource: "role" + cleanPath(path) + name}
}

// AssumedRoleARN returns the ARN of a role session.
func AssumedRoleARN(partition, account, role, session string) ARN {
	return ARN{Partition: partition, Service: "sts", Account: account, Resource: "assumed-role/" + role + "/" + session}
}

// FederatedUserARN returns the ARN of a federated user session.
func FederatedUserARN(partition, account, name string) ARN {
	return ARN{Partition: partition, Service: "sts", Account: account, Resource: "federated-user/" + name}
}

// RootARN returns the ARN of an account's root user.
func RootARN(partition, account string) ARN {
	return ARN{Partition: partition, Service: "iam", Account: account, Resource: "root"}
}

// IsAccountID reports whether s is an AWS account ID: 12 decimal digits.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
