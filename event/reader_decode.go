package event

// decodeRecord decodes one record's bytes into rec, which it resets first.
func decodeRecord(b []byte, rec *Record) error {
	return rec.Decode(b)
}
