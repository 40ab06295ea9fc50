package event

// decode decodes b, the record NextRaw returned last, into rec, which it
// resets first; blk, when not nil, is where the nested values go.
func (r *Reader) decode(b []byte, rec *Record, blk *block) error {
	if err := rec.decode(r.text(b), blk); err != nil {
		return r.decodeError(b, err)
	}
	return nil
}

// text returns b, the record NextRaw returned last, as a string: a copy
// of its own, or with share set a substring of chunk, which is renewed
// from the buffered input when the record is not within it. Sharing
// makes one copy per buffer's worth of records instead of one per record;
// every record keeps its whole chunk alive, which costs nothing when all
// of them are kept.
func (r *Reader) text(b []byte) string {
	if !r.share {
		return string(b)
	}
	start, end := r.rawStart, r.rawStart+int64(len(b))
	if start < r.chunkAt || end > r.chunkAt+int64(len(r.chunk)) {
		r.chunk = string(r.buf[start-r.base : r.w])
		r.chunkAt = start
	}
	return r.chunk[start-r.chunkAt : end-r.chunkAt]
}
