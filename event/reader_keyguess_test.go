package event

import (
	"strings"
	"testing"
)

// TestDecodeOnlyKeyGuess: the one-pass decoding under DecodeOnly takes a
// member name where the records before had it (keyGuess) instead of
// scanning it; records and errors must be those of a full decoding
// whatever the names before were, so each log file here reads records
// that meet the guesses of the records before it in every way they can
// be met or missed.
func TestDecodeOnlyKeyGuess(t *testing.T) {
	logFile := func(recs ...string) []byte {
		return []byte(`{"Records":[` + strings.Join(recs, ",") + `]}`)
	}
	const (
		a = `{"eventVersion":"1.08","eventTime":"2024-05-01T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","readOnly":true,"managementEvent":false,"recipientAccountId":"111122223333","sessionCredentialFromConsole":"true","eventCategory":"Data"}`
		b = `{"eventVersion":"1.08","eventTime":"2024-05-01T00:00:01Z","eventName":"PutObject","eventSource":"s3.amazonaws.com","awsRegion":"us-west-2","errorCode":"AccessDenied","readOnly":false,"recipientAccountId":"111122223333","eventCategory":"Data"}`
	)
	for _, tc := range []struct {
		why  string
		recs []string
	}{
		{"the same names in the same order: every name guessed", []string{a, a, a}},
		{"two orders alternating: each held by one of the two guesses", []string{a, b, a, b, a}},
		{"a third order after two: guessed anew", []string{a, b, `{"eventName":"X","eventVersion":"1.08","awsRegion":"us-east-1"}`, a, b}},
		{"white space before the comma: the guessed text is not where it was", []string{a, `{"eventVersion":"1.08" ,"eventTime":"2024-05-01T00:00:00Z"  ,  "eventSource":"s3.amazonaws.com"}`, a}},
		{"white space after the opening brace and after the colon", []string{a, `{ "eventVersion":"1.08","eventTime": "2024-05-01T00:00:00Z"}`, a}},
		{"pretty-printed after compact", []string{a, "{\n  \"eventVersion\": \"1.08\",\n  \"eventTime\": \"2024-05-01T00:00:00Z\"\n}", a}},
		{"a name twice where it was guessed", []string{`{"eventName":"A","eventName":"A"}`, `{"eventName":"A","eventName":"B"}`, `{"eventName":"A","eventName":"A"}`}},
		{"an unknown name twice where it was guessed", []string{`{"someOtherName":1,"someOtherName":1}`, `{"someOtherName":1,"someOtherName":2}`}},
		{"a name escaped where it was plain", []string{a, `{"eventVersion":"1.08","event\u0054ime":"2024-05-01T00:00:00Z"}`, `{"eventVersion":"1.08","eventTime":"2024-05-01T00:00:00Z","event\u0054ime":"2024-05-01T00:00:00Z"}`}},
		// A name taken for another of the same length would be decoded
		// as the other's field.
		{"a name like a field's but in its second word", []string{
			`{"eventName":"A","recipientAccountId":"111122223333"}`, `{"eventName":"A","recipientXccountId":"111122223333"}`,
		}},
		{"a name like a field's but in its third word", []string{
			`{"eventName":"A","sessionCredentialFromConsole":"true"}`, `{"eventName":"A","sessionCredentialFXomConsole":"true"}`,
		}},
		{"a name like a field's but in its fourth word", []string{
			`{"eventName":"A","sessionCredentialFromConsole":"true"}`, `{"eventName":"A","sessionCredentialFromConsXle":"true"}`,
		}},
		{"a name like a field's but in its first or last word", []string{
			`{"eventName":"A","recipientAccountId":"1"}`, `{"eventName":"A","XecipientAccountId":"1"}`,
			`{"eventName":"A","recipientAccountId":"1"}`, `{"eventName":"A","recipientAccountIX":"1"}`,
		}},
		{"a name of 4 bytes and the longest one", []string{`{"abcd":1,"sessionCredentialFromConsole":"true"}`, `{"abcd":2,"sessionCredentialFromConsole":"false"}`}},
		{"a name with a control character or non-ASCII byte", []string{`{"eventName":"A","näme___":1}`, `{"eventName":"A","näme___":1}`, `{"eventName":"A","n` + "\x01" + `me____":1}`}},
		{"the guessed text cut off by the end of the input", []string{a, `{"eventVersion":"1.08","eventTi`}},
		{"a comma where the first name was", []string{a, `{,"eventVersion":"1.08"}`, a}},
		{"no comma where the name after a member was guessed", []string{a, `{"eventVersion":"1.08""eventTime":"2024-05-01T00:00:00Z"}`, a}},
		{"the object's end where a name was guessed", []string{a, `{"eventVersion":"1.08"}`, `{"eventVersion":"1.08","eventTime":"2024-05-01T00:00:00Z"}`}},
		{"an empty object after records", []string{a, `{}`, a}},
	} {
		t.Run(tc.why, func(t *testing.T) { compareOnlyAll(t, logFile(tc.recs...)) })
	}
}

// TestKeyGuessKeep: a name is guessed only in the form NextKey's fast
// path reads as it stands.
func TestKeyGuessKeep(t *testing.T) {
	for _, tc := range []struct {
		text, key string
		first     bool
		kept      bool
		why       string
	}{
		{`,"eventName":`, "eventName", false, true, "a member after another"},
		{`"eventName":`, "eventName", true, true, "the first member"},
		{`"eventName":`, "eventName", false, false, "no comma after a member"},
		{`,"eventName":`, "eventName", true, false, "a comma before the first member"},
		{`, "eventName":`, "eventName", false, false, "white space before the name"},
		{`,"eventName" :`, "eventName", false, false, "white space after the name"},
		{`,"eventName": `, "eventName", false, false, "white space after the colon"},
		{`,"event\u004eame":`, "eventName", false, false, "an escape in the name"},
		{`,"abc":`, "abc", false, false, "shorter than a word"},
		{`,"` + strings.Repeat("a", 37) + `":`, strings.Repeat("a", 37), false, false, "longer than keyWords words"},
		{`,"` + strings.Repeat("a", 36) + `":`, strings.Repeat("a", 36), false, true, "keyWords words"},
		{`,"näme___":`, "näme___", false, false, "a byte from 0x80 up"},
	} {
		var g keyGuess
		g.keep(tc.text, tc.key, 3, actString, tc.first)
		if got := g.n != 0; got != tc.kept {
			t.Errorf("%s: keep(%q) kept %v, want %v", tc.why, tc.text, got, tc.kept)
		}
		if !tc.kept {
			continue
		}
		gs := keyGuesses{g}
		s := "{" + tc.text + `1}`
		pos := 1
		if !tc.first {
			s = `{"x":0` + tc.text + `1}`
			pos = 6
		}
		found := gs.find(s, pos)
		if found == nil {
			t.Errorf("%s: find in %q found no guess", tc.why, s)
			continue
		}
		if key := found.key(s, pos); key != tc.key || found.f != 3 || found.a != actString || found.slot != 3 || int(found.n) != len(tc.text) {
			t.Errorf("%s: find in %q = %q, field %d, act %d, slot %d, length %d; want %q, 3, %d, 3, %d", tc.why, s, key, found.f, found.a, found.slot, found.n, tc.key, actString, len(tc.text))
		}
	}
}

// TestDecodeOnlyTextMemo: under DecodeOnly of userIdentity and resources,
// a value whose text was decoded before is decoded again from the copy
// of that text (textMemo) instead of a new one; records and errors must
// be those of a full decoding whatever the records around it hold.
func TestDecodeOnlyTextMemo(t *testing.T) {
	logFile := func(recs ...string) []byte {
		return []byte(`{"Records":[` + strings.Join(recs, ",") + `]}`)
	}
	const (
		id  = `{"type":"AssumedRole","principalId":"AROAEXAMPLE:s","arn":"arn:aws:sts::111122223333:assumed-role/R/s","accountId":"111122223333","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/R"},"attributes":{"creationDate":"2023-01-01T00:00:00Z","mfaAuthenticated":"false"}}}`
		res = `[{"ARN":"arn:aws:s3:::amzn-s3-demo-bucket/k","type":"AWS::S3::Object"},{"accountId":"111122223333","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::amzn-s3-demo-bucket"}]`
	)
	rec := func(name, ident, resources string) string {
		return `{"eventVersion":"1.08","userIdentity":` + ident + `,"eventName":"` + name + `","resources":` + resources + `,"recipientAccountId":"111122223333"}`
	}
	for _, tc := range []struct {
		why  string
		recs []string
	}{
		{"the same values in every record", []string{rec("A", id, res), rec("B", id, res), rec("C", id, res)}},
		{"values alike up to their last byte", []string{rec("A", id, res), rec("B", id[:len(id)-2]+`,"x":1}}`, res[:len(res)-1]+`,{"ARN":"a"}]`), rec("C", id, res)}},
		// A text taken for another that differs in one byte would be
		// decoded as the other; the texts here fall in one set of the
		// memo (memoSet hashes their first 128 bytes, or up to their
		// first '}').
		{"values that differ in one byte near their end", []string{
			rec("A", `{"type":"IAMUser","userName":"`+strings.Repeat("a", 150)+`1"}`, `[{"ARN":"a"},{"ARN":"b1"}]`),
			rec("B", `{"type":"IAMUser","userName":"`+strings.Repeat("a", 150)+`2"}`, `[{"ARN":"a"},{"ARN":"b2"}]`),
		}},
		{"values that differ in one byte in their middle", []string{
			rec("A", id, res),
			rec("B", strings.Replace(id, "role/R\"", "role/Q\"", 1), strings.Replace(res, "S3::Bucket", "S3::Buckex", 1)),
		}},
		{"a value with a name twice, then again", []string{rec("A", `{"type":"IAMUser","type":"Root"}`, res), rec("B", `{"type":"IAMUser","type":"Root"}`, res)}},
		{"a value decoded before, then the record has a name twice", []string{rec("A", id, res), `{"userIdentity":` + id + `,"eventName":"A","eventName":"B"}`}},
		{"a value decoded before, then malformed text after it", []string{rec("A", id, res), `{"userIdentity":` + id + `x,"eventName":"B"}`, rec("C", id, res)}},
		{"a value decoded before, then the record cut off after it", []string{rec("A", id, res), `{"userIdentity":` + id}},
		{"white space before a value decoded before", []string{rec("A", id, res), `{"userIdentity": ` + id + `,"resources":` + "\n" + res + `}`}},
		{"a value of another type where one was decoded", []string{rec("A", id, res), rec("B", `"AssumedRole"`, `{}`), rec("C", id, res)}},
		{"an empty value after one decoded", []string{rec("A", id, res), rec("B", `{}`, `[]`)}},
	} {
		t.Run(tc.why, func(t *testing.T) { compareOnlyAll(t, logFile(tc.recs...)) })
	}
}
