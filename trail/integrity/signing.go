package integrity

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"errors"
)

// SigningString returns the text CloudTrail signs for a digest file
// (CloudTrail User Guide, "Custom implementations of CloudTrail log file
// integrity validation"; the AWS CLI's _create_string_to_sign):
//
//	<digestEndTime>\n<digestS3Bucket>/<digestS3Object>\n<hex SHA-256 of the uncompressed digest>\n<previousDigestSignature>
//
// endTime is digestEndTime as written in the file; prevSig is
// previousDigestSignature, and a starting digest file (whose
// previousDigestSignature is null) passes hasPrev false: the last line is
// then the four characters "null". There is no final newline.
func SigningString(endTime, bucket, key string, inflated []byte, prevSig string, hasPrev bool) []byte {
	sum := sha256.Sum256(inflated)
	if !hasPrev {
		prevSig = "null"
	}
	b := make([]byte, 0, len(endTime)+len(bucket)+len(key)+len(prevSig)+4+64)
	b = append(b, endTime...)
	b = append(b, '\n')
	b = append(b, bucket...)
	b = append(b, '/')
	b = append(b, key...)
	b = append(b, '\n')
	b = hex.AppendEncode(b, sum[:])
	b = append(b, '\n')
	return append(b, prevSig...)
}

// ErrSignature is returned by VerifySignature when the signature does not
// match.
var ErrSignature = errors.New("integrity: signature verification failed")

// VerifySignature checks sig, a digest file's signature, over the signing
// string s with RSASSA-PKCS1-v1_5 and SHA-256 ("SHA256withRSA").
func VerifySignature(pub *rsa.PublicKey, s, sig []byte) error {
	sum := sha256.Sum256(s)
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig); err != nil {
		return ErrSignature
	}
	return nil
}

// decodeHexPy decodes hex as Python's binascii.unhexlify does, with its
// error messages, which the AWS CLI prints after "INVALID: ".
func decodeHexPy(s string) ([]byte, error) {
	if len(s)%2 == 1 {
		return nil, errors.New("Odd-length string")
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, errors.New("Non-hexadecimal digit found")
	}
	return b, nil
}
