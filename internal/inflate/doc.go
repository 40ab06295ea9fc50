// Package inflate decompresses DEFLATE (RFC 1951) and gzip members
// (RFC 1952) 2.7 times as fast as compress/flate and compress/gzip
// (see BenchmarkGunzipTree), in pure Go, for the readers of CloudTrail's
// .json.gz log files.
//
// It is built the way zlib's inflate_fast and libdeflate are: the input
// is read in place from a byte slice the caller holds (an [Input]), into
// a 64-bit bit buffer refilled with one unaligned 8-byte load; Huffman
// codes are decoded with tables whose entries carry the literal, or the
// length or distance base and its extra bits, already worked out (an
// 11-bit primary table with subtables for litlen codes, 8 bits for
// distances), built as libdeflate builds them, each entry written once
// for its code's length and the table doubled by copying; and while at
// least 8 input bytes and a longest match of room are left, a loop with
// no other checks decodes symbols and copies matches: two 8-byte moves
// for a short one, copy for a longer one that does not overlap its
// source, 8 bytes at a time for one that does. Near the end of the
// room in the window, a symbol a round, still refilling 8 bytes at a
// time, a match that does not fit cut for the next Read; near the end
// of the input (and of the room in a caller's slice), symbol by symbol,
// reading more input as it needs it.
//
// It accepts and rejects exactly what compress/flate and compress/gzip
// do, with the same errors (gzip.ErrHeader, gzip.ErrChecksum, a
// flate.CorruptInputError with the same offset, io.ErrUnexpectedEOF),
// gives the same output before an error, and uses the same input: a
// member's length is up to the end of its trailer, and whole bytes
// taken into the bit buffer past it are given back, so that what
// follows is left for the caller. The offset of corrupt data is how far
// compress/flate has read, which is past the bits used by those it has
// read of a code it was looking up: symbol by symbol, the decoder reads
// a code's bits as compress/flate does, and the fast loop decodes a
// symbol it finds corrupt again that way. Its fuzz target checks all of
// this against the standard library.
//
// Output goes through a window of 128 KiB that keeps the 32 KiB of
// history matches refer to; a Read returns at most the output up to the
// next multiple of 32 KiB of the stream, as compress/flate does. But a
// decoder that has no window yet (a new one) decodes into the slice of
// its first Read, when it is at least 4 KiB, as much as fits: a small
// file read whole in one Read takes no window, so that a decoder made
// for it costs its tables (about 14 KiB) only, less than compress/gzip's
// Reader. A decoder whose stream goes on past its first Read makes its
// window then, and keeps it for the streams it is reset to.
package inflate
