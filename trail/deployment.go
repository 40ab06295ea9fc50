package trail

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/trailmap/trailmap/internal/jsonwire"
	"io"
	"strconv"
	"strings"
)

// Deployment is a set of trails with the accounts and organization they
// live in: everything needed to say where a record is delivered. Its JSON
// form is the deployment file:
//
//	{
//	  "organization": {"Id": "o-exampleorgid", "MasterAccountId": "111122223333",
//	                   "Accounts": ["111122223333", "444455556666"]},
//	  "accounts": {"444455556666": {"EnabledRegions": ["af-south-1"]}},
//	  "trails": [{"Name": "org-audit", "TrailARN": "...", ...}]
//	}
type Deployment struct {
	// Organization is the AWS Organizations organization the accounts
	// belong to; nil when there is none (then no trail may be an
	// organization trail).
	Organization *Organization `json:"organization,omitempty"`
	// Accounts holds per-account settings by 12-digit account ID; an
	// account without an entry has only the default Regions enabled.
	Accounts map[string]Account `json:"accounts,omitempty"`
	// Trails are the trails of every account, each listed once, from
	// its home Region (describe-trails output with the selectors merged
	// in).
	Trails []Trail `json:"trails"`
}

// Organization is an AWS Organizations organization.
type Organization struct {
	// ID is the organization ID, "o-" and 10 to 32 lower-case letters or
	// digits; organization trails file member logs under it.
	ID string `json:"Id"`
	// MasterAccountID is the management account, which owns the
	// organization trails (Organizations' DescribeOrganization member
	// name).
	MasterAccountID string `json:"MasterAccountId"`
	// Accounts lists the member accounts; the management account is a
	// member whether listed or not.
	Accounts []string `json:"Accounts,omitempty"`
	// FeatureSet is describe-organization's FeatureSet: "ALL", or
	// "CONSOLIDATED_BILLING", under which an organization trail cannot
	// exist; "" when not given (taken to be ALL).
	FeatureSet string `json:"FeatureSet,omitempty"`
}

// Account holds per-account settings.
type Account struct {
	// EnabledRegions lists the opt-in Regions the account has enabled.
	// Regions enabled by default are always enabled.
	EnabledRegions []string `json:"EnabledRegions,omitempty"`
}

// Member reports whether account belongs to the organization: it is the
// management account or listed in Accounts. A nil organization has no
// members.
func (o *Organization) Member(account string) bool {
	if o == nil || account == "" {
		return false
	}
	if account == o.MasterAccountID {
		return true
	}
	for _, a := range o.Accounts {
		if a == account {
			return true
		}
	}
	return false
}

// Members returns the organization's accounts, the management account
// first, each once.
func (o *Organization) Members() []string {
	if o == nil {
		return nil
	}
	out := make([]string, 0, len(o.Accounts)+1)
	seen := make(map[string]bool, len(o.Accounts)+1)
	if o.MasterAccountID != "" {
		out = append(out, o.MasterAccountID)
		seen[o.MasterAccountID] = true
	}
	for _, a := range o.Accounts {
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out
}

// DecodeError reports JSON that does not decode: where (1-based line and
// byte column, and the path of the member when known) and why.
type DecodeError struct {
	// Line and Column locate the problem: 1-based line, and 1-based byte
	// column within it.
	Line, Column int
	// Path is the member at fault, e.g. "trails[2].IsMultiRegionTrail";
	// "" at the top.
	Path string
	// Msg says what is wrong.
	Msg string
	// Err is the underlying encoding/json error, if any.
	Err error
}

// Error returns "trail: <line>:<column>: [<path>: ]<msg>".
func (e *DecodeError) Error() string {
	s := "trail: " + strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Column) + ": "
	if e.Path != "" {
		s += e.Path + ": "
	}
	return s + e.Msg
}

// Unwrap returns the underlying encoding/json error.
func (e *DecodeError) Unwrap() error { return e.Err }

// ParseDeployment decodes a deployment file.
//
// "organization" may be the Organization object of `aws organizations
// describe-organization` (Arn, FeatureSet and the other members routing
// does not need are ignored), and its "Accounts" either account IDs or
// the Account objects of `aws organizations list-accounts`, of which
// only Id is read.
//
// The members of the deployment file itself — the top level,
// "organization" and each entry of "accounts" — are this package's format,
// so a member it does not know (usually a typo) is an error naming it and
// its position. Trail objects are AWS's shape: their unknown members are
// kept (see [Trail]) so that CLI output can be pasted in unchanged.
// Errors are *[DecodeError] values with line and column. ParseDeployment
// only decodes; call [Deployment.Validate] for AWS's rules.
func ParseDeployment(b []byte) (*Deployment, error) {
	b = trimBOM(b)
	if d := parseDeploymentFast(b); d != nil {
		return d, nil
	}
	return parseDeploymentReflect(b)
}

// parseDeploymentReflect is ParseDeployment through encoding/json: for
// the input parseDeploymentFast declines, and every error.
func parseDeploymentReflect(b []byte) (*Deployment, error) {
	if err := checkSyntax(b); err != nil {
		return nil, err
	}
	d := &Deployment{}
	seen := map[string]bool{}
	err := walkObject(b, 0, len(b), "", func(key string, keyOff, vs, ve int) error {
		if seen[key] {
			return posErr(b, keyOff, "", fmt.Sprintf("duplicate member %q", key), nil)
		}
		seen[key] = true
		switch key {
		case "organization":
			if isNull(b[vs:ve]) {
				return nil
			}
			o, err := parseOrganization(b, vs, ve)
			d.Organization = o
			return err
		case "accounts":
			if isNull(b[vs:ve]) {
				return nil
			}
			d.Accounts = map[string]Account{}
			return walkObject(b, vs, ve, "accounts", func(id string, keyOff, vs, ve int) error {
				if _, dup := d.Accounts[id]; dup {
					return posErr(b, keyOff, "accounts", fmt.Sprintf("duplicate account %q", id), nil)
				}
				var a Account
				path := "accounts[" + strconv.Quote(id) + "]"
				if !isNull(b[vs:ve]) {
					err := walkObject(b, vs, ve, path, func(k string, keyOff, vs, ve int) error {
						if k != "EnabledRegions" {
							return posErr(b, keyOff, path, fmt.Sprintf("unknown member %q (want \"EnabledRegions\")", k), nil)
						}
						return decodeAt(b[:ve], vs, &a.EnabledRegions, true, path+".EnabledRegions")
					})
					if err != nil {
						return err
					}
				}
				d.Accounts[id] = a
				return nil
			})
		case "trails":
			if isNull(b[vs:ve]) {
				return nil
			}
			d.Trails = []Trail{}
			return walkArray(b, vs, ve, "trails", func(i, vs, ve int) error {
				var t Trail
				if err := decodeAt(b[:ve], vs, &t, false, "trails["+strconv.Itoa(i)+"]"); err != nil {
					return err
				}
				d.Trails = append(d.Trails, t)
				return nil
			})
		}
		return posErr(b, keyOff, "", fmt.Sprintf("unknown member %q (want \"organization\", \"accounts\" or \"trails\")", key), nil)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

func parseOrganization(b []byte, vs, ve int) (*Organization, error) {
	o := &Organization{}
	err := walkObject(b, vs, ve, "organization", func(k string, keyOff, vs, ve int) error {
		path := "organization." + k
		switch k {
		case "Id":
			return decodeAt(b[:ve], vs, &o.ID, true, path)
		case "MasterAccountId":
			return decodeAt(b[:ve], vs, &o.MasterAccountID, true, path)
		case "Accounts":
			if isNull(b[vs:ve]) {
				return nil
			}
			return walkArray(b, vs, ve, path, func(i, vs, ve int) error {
				p := path + "[" + strconv.Itoa(i) + "]"
				if b[vs] == '{' {
					// An Account of `aws organizations list-accounts`:
					// its Id is the account ID; the rest is not needed.
					var a struct{ Id string }
					if err := decodeAt(b[:ve], vs, &a, false, p); err != nil {
						return err
					}
					o.Accounts = append(o.Accounts, a.Id)
					return nil
				}
				var id string
				if err := decodeAt(b[:ve], vs, &id, true, p); err != nil {
					return err
				}
				o.Accounts = append(o.Accounts, id)
				return nil
			})
		case "FeatureSet":
			return decodeAt(b[:ve], vs, &o.FeatureSet, true, path)
		case "Arn", "MasterAccountArn", "MasterAccountEmail", "AvailablePolicyTypes":
			// Members of the Organization object `aws organizations
			// describe-organization` returns that routing does not need.
			return nil
		}
		return posErr(b, keyOff, "organization", fmt.Sprintf("unknown member %q (want \"Id\", \"MasterAccountId\" or \"Accounts\")", k), nil)
	})
	return o, err
}

// checkSyntax reports the first syntax error of the JSON text b with its
// position. The decoders run after it see only well-formed JSON, so their
// errors are about types and members.
func checkSyntax(b []byte) error {
	for _, bom := range []string{"\xff\xfe", "\xfe\xff"} {
		if bytes.HasPrefix(b, []byte(bom)) {
			// Windows PowerShell 5's > and Out-File write UTF-16.
			return posErr(b, 0, "", fmt.Sprintf("UTF-16 text (byte order mark % X); JSON is read as UTF-8: convert the file (PowerShell: Out-File -Encoding utf8)", bom), nil)
		}
	}
	var raw json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return jsonErr(b, 0, "", err, 0)
	}
	return nil
}

func isNull(v []byte) bool { return string(v) == "null" }

// trimBOM drops a UTF-8 byte order mark before the JSON text, as
// PowerShell 5's Out-File -Encoding utf8 and Notepad write it: RFC 8259
// §8.1 lets a parser ignore it, and event's readers do. Positions are
// then counted from after it, as editors show them.
func trimBOM(b []byte) []byte { return bytes.TrimPrefix(b, []byte("\ufeff")) }

// posErr builds a *DecodeError at byte offset off of doc.
func posErr(doc []byte, off int, path, msg string, err error) *DecodeError {
	line, col := lineCol(doc, off)
	return &DecodeError{Line: line, Column: col, Path: path, Msg: msg, Err: err}
}

// lineCol converts a byte offset into doc to a 1-based line and column.
func lineCol(doc []byte, off int) (line, col int) {
	if off > len(doc) {
		off = len(doc)
	}
	if off < 0 {
		off = 0
	}
	line = 1 + bytes.Count(doc[:off], []byte{'\n'})
	col = off - bytes.LastIndexByte(doc[:off], '\n')
	return line, col
}

// skipSpace returns the offset of the first byte at or after off that is
// neither JSON white space nor one of seps.
func skipSpace(doc []byte, off int, seps string) int {
	for off < len(doc) {
		switch c := doc[off]; {
		case jsonwire.IsSpace(c):
		case bytes.IndexByte([]byte(seps), c) >= 0:
		default:
			return off
		}
		off++
	}
	return off
}

// decodeAt decodes the single JSON value in doc[start:] into v, reporting
// errors with positions in doc and paths under path. With strict, unknown
// struct members are errors.
func decodeAt(doc []byte, start int, v any, strict bool, path ...string) error {
	p := ""
	if len(path) > 0 {
		p = path[0]
	}
	dec := json.NewDecoder(bytes.NewReader(doc[start:]))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return jsonErr(doc, start, p, err, dec.InputOffset())
	}
	off := start + int(dec.InputOffset())
	if _, err := dec.Token(); err != io.EOF {
		return posErr(doc, skipSpace(doc, off, ""), p, "unexpected data after the JSON value", nil)
	}
	return nil
}

// jsonErr converts an encoding/json error found while decoding doc[start:]
// into a *DecodeError.
func jsonErr(doc []byte, start int, path string, err error, at int64) error {
	var de *DecodeError
	if errors.As(err, &de) {
		return err
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		// Offset counts the offending byte; point at it, or at the end
		// when the input stops short.
		off := start + int(se.Offset)
		if off < len(doc) || !strings.HasPrefix(se.Error(), "unexpected end") {
			off--
		}
		return posErr(doc, off, path, se.Error(), err)
	case errors.As(err, &te):
		p := path
		if te.Field != "" {
			if p != "" {
				p += "."
			}
			p += te.Field
		}
		return posErr(doc, valueStart(doc, start+int(te.Offset)), p, "cannot decode JSON "+te.Value+" into "+te.Type.String(), err)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return posErr(doc, len(doc), path, "unexpected end of JSON input", err)
	}
	return posErr(doc, start+int(at), path, err.Error(), err)
}

// valueStart returns the offset of the start of the string, number or
// literal that ends at end in doc, or end when doc[:end] does not end in
// one.
func valueStart(doc []byte, end int) int {
	if end <= 0 || end > len(doc) {
		return end
	}
	i := end - 1
	if doc[i] == '"' {
		for j := i - 1; j >= 0; j-- {
			if doc[j] != '"' {
				continue
			}
			bs := 0
			for k := j - 1; k >= 0 && doc[k] == '\\'; k-- {
				bs++
			}
			if bs%2 == 0 {
				return j
			}
		}
		return end
	}
	j := end
	for j > 0 {
		c := doc[j-1]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'E') {
			break
		}
		j--
	}
	return j
}

// walkObject calls fn for each member of the JSON object doc[start:end]
// with its key, the key's offset and the value's extent.
func walkObject(doc []byte, start, end int, path string, fn func(key string, keyOff, vs, ve int) error) error {
	dec := json.NewDecoder(bytes.NewReader(doc[start:end]))
	tok, err := dec.Token()
	if err != nil {
		return jsonErr(doc[:end], start, path, err, dec.InputOffset())
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return posErr(doc, skipSpace(doc, start, ""), path, "want a JSON object", nil)
	}
	for dec.More() {
		keyOff := skipSpace(doc, start+int(dec.InputOffset()), ",")
		tok, err := dec.Token()
		if err != nil {
			return jsonErr(doc[:end], start, path, err, dec.InputOffset())
		}
		key, _ := tok.(string)
		vs := skipSpace(doc, start+int(dec.InputOffset()), ":")
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return jsonErr(doc[:end], start, path, err, dec.InputOffset())
		}
		ve := start + int(dec.InputOffset())
		if err := fn(key, keyOff, vs, ve); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return jsonErr(doc[:end], start, path, err, dec.InputOffset())
	}
	off := start + int(dec.InputOffset())
	if _, err := dec.Token(); err != io.EOF {
		return posErr(doc, skipSpace(doc, off, ""), path, "unexpected data after the JSON object", nil)
	}
	return nil
}

// walkArray calls fn for each element of the JSON array doc[start:end]
// with its index and extent.
func walkArray(doc []byte, start, end int, path string, fn func(i, vs, ve int) error) error {
	dec := json.NewDecoder(bytes.NewReader(doc[start:end]))
	tok, err := dec.Token()
	if err != nil {
		return jsonErr(doc[:end], start, path, err, dec.InputOffset())
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return posErr(doc, skipSpace(doc, start, ""), path, "want a JSON array", nil)
	}
	for i := 0; dec.More(); i++ {
		vs := skipSpace(doc, start+int(dec.InputOffset()), ",")
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return jsonErr(doc[:end], start, path, err, dec.InputOffset())
		}
		ve := start + int(dec.InputOffset())
		if err := fn(i, vs, ve); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return jsonErr(doc[:end], start, path, err, dec.InputOffset())
	}
	return nil
}
