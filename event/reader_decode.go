package event

import (
	"encoding/json"
	"errors"
)

// decodeRecord decodes one record's bytes into rec, which it resets first.
func decodeRecord(b []byte, rec *Record) error {
	*rec = Record{}
	err := json.Unmarshal(b, rec)
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		// Decoding stays lenient: a member of an unexpected JSON type is
		// not an error.
		return nil
	}
	return err
}
