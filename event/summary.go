package event

import "strings"

// String returns a one-line summary of the record for logs and test
// failures:
//
//	s3:DeleteBucket by AssumedRole arn:aws:sts::111122223333:assumed-role/Admin/alice in us-west-2 (account 111122223333, eventID …)
//
// The service is eventSource without ".amazonaws.com", the name is Title's,
// and the caller is the identity's type and its arn (else invokedBy,
// userName or "of <accountId>"). The format is for people and may change;
// do not parse it.
func (r *Record) String() string {
	if r == nil {
		return "<nil record>"
	}
	who := "no identity"
	if id := r.UserIdentity; id != nil {
		who = string(id.Type)
		switch {
		case id.ARN != "":
			who += " " + id.ARN
		case id.InvokedBy != "":
			who += " " + id.InvokedBy
		case id.UserName != "":
			who += " " + id.UserName
		case id.AccountID != "":
			who += " of " + id.AccountID
		}
		who = strings.TrimSpace(who)
	}
	return strings.TrimSuffix(r.EventSource, ".amazonaws.com") + ":" + r.Title() + " by " + who +
		" in " + r.AWSRegion + " (account " + r.RecipientAccountID + ", eventID " + r.EventID + ")"
}
