package inflate

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"math/rand"
	"strconv"
	"testing"
)

// gzipCase is a gzip member, what decoding it must give, and why.
type gzipCase struct {
	name   string
	in     []byte
	want   string // the error class errClass gives, "" for none
	reason string
}

func gzipCases() []gzipCase {
	hello := gz([]byte("hello"), 6)
	text := cloudTrailLike(30)
	var cases []gzipCase
	for level := -2; level <= 9; level++ {
		cases = append(cases, gzipCase{"level " + strconv.Itoa(level), gz(text, level), "",
			"every compress/gzip level: stored (0), Huffman only (-2), fixed and dynamic blocks"})
	}
	for _, d := range []int{1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 255, 256, 1000, 32767, 32768} {
		cases = append(cases, gzipCase{"matches at distance " + strconv.Itoa(d), gz(matchData(d, 2*d+3000), 9), "",
			"matches overlapping their source (distance < length) and the longest distance"})
	}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	ab := abLit()
	oneDist := lengths(1, map[int]uint8{0: 1})
	return append(cases, []gzipCase{
		{"empty member", gz(nil, 6), "", "no data: one empty final block"},
		{"length 258", gz(bytes.Repeat([]byte{'a'}, 100000), 9), "", "symbol 285, the longest match, over and over"},
		{"big random", gz(matchData(1<<20, 1<<20), 6), "", "incompressible data: stored blocks across many window slides"},
		{"big text", gz(bytes.Repeat(text, 20), 1), "", "output many times the window"},
		{"longest distance across slides", gz(matchData(32768, 400000), 9), "", "matches 32 KiB back while the window slides under them"},
		{"two members", cat(hello, hello), "", "only the first member is read: the length consumed ends at its trailer"},
		{"member then garbage", cat(hello, []byte("garbage")), "", "what follows a member is left unread"},
		{"truncated trailer", hello[:len(hello)-3], "truncated", "the input ends inside the trailer"},
		{"bad CRC", flip(hello, len(hello)-8), "checksum", "the CRC-32 does not match the data"},
		{"bad length", flip(hello, len(hello)-1), "checksum", "ISIZE does not match the data's length"},
		{"empty input", nil, "truncated", "no member at all (the caller sees it as cut off)"},
		{"not gzip", []byte("not a gzip file at all"), "header", "the magic bytes are wrong"},
		{"CM not deflate", append([]byte{0x1f, 0x8b, 7}, hello[3:]...), "header", "compression method 7 is not deflate"},
		{"reserved flags", withHeader(0xe0, nil), "", "compress/gzip ignores the reserved flag bits, and so must we"},
		{"FEXTRA", withHeader(0x04, []byte{3, 0, 'a', 'b', 'c'}), "", "an extra field is skipped"},
		{"FEXTRA cut", withHeader(0x04, []byte{200, 0, 'a'})[:14], "truncated", "the input ends inside the extra field"},
		{"FNAME", withHeader(0x08, []byte("name.json\x00")), "", "a file name is skipped"},
		{"FNAME 511 bytes", withHeader(0x08, append(bytes.Repeat([]byte{'n'}, 511), 0)), "", "compress/gzip's longest name"},
		{"FNAME 512 bytes", withHeader(0x08, append(bytes.Repeat([]byte{'n'}, 512), 0)), "header", "one byte longer than compress/gzip allows"},
		{"FCOMMENT", withHeader(0x10, []byte("a comment\x00")), "", "a comment is skipped"},
		{"FNAME and FCOMMENT", withHeader(0x18, []byte("n\x00c\x00")), "", "both, name first"},
		{"FHCRC right", withHeader(0x0a, append([]byte("n\x00"), hcrc([]byte{0x1f, 0x8b, 8, 0x0a, 0, 0, 0, 0, 0, 255, 'n', 0})...)), "", "a header CRC that matches"},
		{"FHCRC wrong", withHeader(0x02, []byte{1, 2}), "header", "a header CRC that does not match"},
		{"stored LEN/NLEN mismatch", member([]byte{1, 5, 0, 0xfa, 0xfe, 'h', 'e', 'l', 'l', 'o'}, "hello"), "corrupt", "NLEN is not the complement of LEN"},
		{"stored empty block", member([]byte{1, 0, 0, 0xff, 0xff}, ""), "", "a stored block of no bytes"},
		{"block type 3", member([]byte{0x07}, ""), "corrupt", "BTYPE 11 is reserved"},
		{"fixed litlen 286", member(fixedBlock('a', 286), "a"), "corrupt", "litlen symbols 286 and 287 have fixed codes but may not occur"},
		{"fixed distance 30", member(fixedBlock('a', 257, -31), "a"), "corrupt", "distance symbols 30 and 31 may not occur"},
		{"distance too far", member(fixedBlock('a', 257, -2, 256), "a"), "corrupt", "distance 2 with one byte of history"},
		{"distance back to the start", member(fixedBlock('a', 'b', 257, -2, 256), "ababa"), "", "distance equal to the history is allowed"},
		{"over-subscribed litlen", member(dynamic(lengths(258, map[int]uint8{'a': 1, 'b': 1, 256: 1}), oneDist, 256), ""), "corrupt", "three codes of one bit"},
		{"incomplete litlen", member(dynamic(lengths(258, map[int]uint8{'a': 2, 256: 2}), oneDist, 256), ""), "corrupt", "two codes of two bits leave half the code space unused"},
		{"one litlen code of one bit", member(dynamic(lengths(257, map[int]uint8{256: 1}), oneDist, 256), ""), "", "zlib's degenerate code: one code of one bit is allowed"},
		{"one distance code", member(dynamic(ab, oneDist, 'a', 257, -1, 256), "aaaa"), "", "a distance code of one code of one bit, used"},
		{"unused distance code", func() []byte {
			var w bitWriter
			lc, _ := w.dynHeader(true, ab, oneDist)
			w.code(lc['a'], 2)
			w.code(lc[257], 2)
			w.put(1, 1) // the bit string no code starts with
			return member(w.bytes(), "aaaa")
		}(), "corrupt", "the bit string the one-code distance code leaves unused"},
		{"one distance code of two bits", member(dynamic(ab, lengths(1, map[int]uint8{0: 2}), 'a', 256), "a"), "corrupt", "one code of two bits is incomplete, unlike one of one bit"},
		{"no distance codes, literals only", member(dynamic(ab, lengths(1, nil), 'a', 'b', 256), "ab"), "", "an empty distance code is allowed while no match uses it"},
		{"no distance codes, a match", member(dynamic(ab, lengths(1, nil), 'a', 257, 256), "aaaa"), "corrupt", "a match with an empty distance code"},
		{"over-subscribed distance", member(dynamic(ab, lengths(3, map[int]uint8{0: 1, 1: 1, 2: 1}), 'a', 256), "a"), "corrupt", "three distance codes of one bit"},
		{"HLIT 287", member(func() []byte {
			var w bitWriter
			w.dynHeader(true, lengths(287, map[int]uint8{256: 1, 'a': 1}), oneDist)
			return w.bytes()
		}(), ""), "corrupt", "at most 286 litlen code lengths"},
		{"HDIST 31", member(func() []byte {
			var w bitWriter
			w.dynHeader(true, ab, lengths(31, map[int]uint8{0: 1, 1: 1}))
			return w.bytes()
		}(), ""), "corrupt", "at most 30 distance code lengths"},
		{"repeat with no previous length", member(func() []byte {
			var w bitWriter
			w.put(1, 1)
			w.put(2, 2)
			w.put(0, 5)
			w.put(0, 5)
			w.put(15, 4)
			for _, s := range codeOrder {
				w.put(map[bool]uint64{true: 2, false: 0}[s == 16 || s == 17 || s == 18 || s == 0], 3) // 4 codes of 2 bits
			}
			w.code(1, 2) // symbol 16 (canonical order: 0, 16, 17, 18)
			return w.bytes()
		}(), ""), "corrupt", "code 16 repeats the previous length; there is none"},
		{"repeat past the end", member(func() []byte {
			var w bitWriter
			w.put(1, 1)
			w.put(2, 2)
			w.put(0, 5)
			w.put(0, 5)
			w.put(15, 4)
			for _, s := range codeOrder {
				w.put(map[bool]uint64{true: 2, false: 0}[s == 16 || s == 17 || s == 18 || s == 0], 3)
			}
			w.code(3, 2)  // symbol 18: zeros
			w.put(127, 7) // 138 of them
			w.code(3, 2)  // and 138 more: 276
			w.put(127, 7) //
			return w.bytes()
		}(), ""), "corrupt", "repeats that run past HLIT+HDIST lengths"},
		{"over-subscribed code-length code", member(func() []byte {
			var w bitWriter
			w.put(1, 1)
			w.put(2, 2)
			w.put(0, 5)
			w.put(0, 5)
			w.put(15, 4)
			for range codeOrder {
				w.put(1, 3) // nineteen codes of one bit
			}
			return w.bytes()
		}(), ""), "corrupt", "the code-length code itself over-subscribed"},
		{"empty code-length code", member(func() []byte {
			var w bitWriter
			w.put(1, 1)
			w.put(2, 2)
			w.put(0, 5)
			w.put(0, 5)
			w.put(0, 4)
			w.put(0, 12)
			w.put(0, 8)
			return w.bytes()
		}(), ""), "corrupt", "no code-length codes at all: the first length cannot be read"},
	}...)
}

func flip(b []byte, i int) []byte {
	b = bytes.Clone(b)
	b[i] ^= 0x5a
	return b
}

// TestGzipCases checks each case against compress/gzip (same output,
// same error, same length consumed) and against the outcome it states,
// with the input handed over whole and a few bytes at a time.
func TestGzipCases(t *testing.T) {
	for _, tc := range gzipCases() {
		want := stdGzip(tc.in)
		if want.err != tc.want {
			t.Errorf("%s: compress/gzip gives %q, the case says %q (%s)", tc.name, want.err, tc.want, tc.reason)
		}
		for _, chunk := range []int{0, 1, 3, 1000} {
			if d := differ(want, ourGzip(tc.in, chunk)); d != "" {
				t.Errorf("%s (%s), input %d bytes at a time: %s", tc.name, tc.reason, chunk, d)
			}
		}
	}
}

// TestTruncations cuts members off at every byte: the output before the
// cut, then io.ErrUnexpectedEOF, as compress/gzip.
func TestTruncations(t *testing.T) {
	for _, m := range [][]byte{
		gz(cloudTrailLike(2), 6),
		gz(cloudTrailLike(2), 0),
		gz([]byte("hello, hello, hello"), 1),
		withHeader(0x1e, append(append([]byte{2, 0, 'x', 'y'}, "name\x00comment\x00"...), 0, 0)),
		member(fixedBlock('a', 'b', 257, -2, 256), "ababa"),
	} {
		for i := range m {
			want := stdGzip(m[:i])
			for _, chunk := range []int{0, 1} {
				if d := differ(want, ourGzip(m[:i], chunk)); d != "" {
					t.Errorf("cut at %d of %d, input %d bytes at a time: %s", i, len(m), chunk, d)
				}
			}
		}
	}
}

// TestRawDeflate checks raw DEFLATE streams against compress/flate.
func TestRawDeflate(t *testing.T) {
	text := cloudTrailLike(50)
	for level := -2; level <= 9; level++ {
		d := rawDeflate(text, level)
		for _, chunk := range []int{0, 1, 5} {
			if diff := differ(stdFlate(d), ourFlate(d, chunk)); diff != "" {
				t.Errorf("level %d, chunk %d: %s", level, chunk, diff)
			}
		}
	}
}

// TestReuse reads members one after another with one Gzip, as the
// readers of log files do.
func TestReuse(t *testing.T) {
	var z Gzip
	for i, m := range [][]byte{gz(cloudTrailLike(3), 9), gz(nil, 6), gz(matchData(100, 100000), 1), gz(cloudTrailLike(3), 0)} {
		if err := z.Reset(NewBytesInput(m)); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := b.ReadFrom(&z); err != nil {
			t.Fatalf("member %d: %v", i, err)
		}
		zr, _ := gzip.NewReader(bytes.NewReader(m))
		var w bytes.Buffer
		w.ReadFrom(zr)
		if !bytes.Equal(b.Bytes(), w.Bytes()) || z.Offset() != int64(len(m)) {
			t.Errorf("member %d: output or length consumed differs", i)
		}
	}
}

// TestLevels decodes CloudTrail-like JSON gzipped at every level, from
// no records to many, with the input handed over in chunks of several
// sizes, as compress/gzip does.
func TestLevels(t *testing.T) {
	for _, n := range []int{0, 1, 20, 1000} {
		plain := cloudTrailLike(n)
		for level := -2; level <= 9; level++ {
			comp := gzipped(t, plain, level)
			for _, chunk := range []int{0, 1, 7, 4096} {
				if chunk == 1 && n > 20 {
					continue
				}
				if d := differ(stdGzip(comp), ourGzip(comp, chunk)); d != "" {
					t.Errorf("n %d level %d chunk %d: %s", n, level, chunk, d)
				}
			}
		}
	}
}

// TestReaderMembers reads gzip files of several members with Reader, as
// compress/gzip's Reader does: the members' data one after the other,
// and what is between or after them taken for another member.
func TestReaderMembers(t *testing.T) {
	a, b := gz([]byte("first member\n"), 6), gz(cloudTrailLike(40), 9)
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	for _, tc := range []struct {
		name, want, reason string
		in                 []byte
	}{
		{"one", "", "a single member", a},
		{"three", "", "members back to back, an empty one among them", cat(a, gz(nil, 1), b)},
		{"empty", "", "no member at all: io.EOF at once, which compress/gzip also gives", nil},
		{"garbage after", "header", "bytes after a member that are not a member", cat(a, []byte("garbage!!!!!"))},
		{"header cut after", "truncated", "a member header cut off after a member", cat(a, b[:5])},
		{"member cut after", "truncated", "a second member cut off", cat(a, b[:len(b)/2])},
		{"bad CRC in the second", "checksum", "the error ends the stream after the first member's data", cat(a, flip(b, len(b)-6))},
	} {
		want := stdMulti(tc.in)
		if want.err != tc.want {
			t.Errorf("%s: compress/gzip gives %q, the case says %q (%s)", tc.name, want.err, tc.want, tc.reason)
		}
		for _, chunk := range []int{0, 1, 100} {
			if d := differ(want, ourMulti(tc.in, chunk)); d != "" {
				t.Errorf("%s (%s), input %d bytes at a time: %s", tc.name, tc.reason, chunk, d)
			}
		}
	}
}

// TestReuseAllocates: reading a member with a Gzip that has read one
// before allocates nothing (the window and tables are kept).
func TestReuseAllocates(t *testing.T) {
	m := gz(cloudTrailLike(100), 6)
	var z Gzip
	in := NewBytesInput(nil)
	buf := make([]byte, 4096)
	read := func() {
		in.b = m
		if err := z.Reset(in); err != nil {
			t.Fatal(err)
		}
		for {
			_, err := z.Read(buf)
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	read()
	if n := testing.AllocsPerRun(10, read); n != 0 {
		t.Errorf("%v allocations per member, want 0", n)
	}
}

// liar says it read more than it was given room for.
type liar struct{}

func (liar) Read(p []byte) (int, error) { return len(p) + 1, nil }

// TestReaderInputLiar: an io.Reader that returns an impossible count
// is an error, not a panic.
func TestReaderInputLiar(t *testing.T) {
	if _, err := NewReader(liar{}); err != errBadCount {
		t.Errorf("got %v, want errBadCount", err)
	}
}

// TestBufioInput reads members through a bufio.Reader, as
// trail/integrity does: the same output as compress/gzip, and what
// follows the member is left in the bufio.Reader.
func TestBufioInput(t *testing.T) {
	m := gz(cloudTrailLike(50), 6)
	for _, size := range []int{16, 100, 4096, 1 << 16} {
		for _, chunk := range []int{1, 7, 1000} {
			br := bufio.NewReaderSize(&chunkReader{append(bytes.Clone(m), "after"...), chunk}, size)
			var z Gzip
			if err := z.Reset(BufioInput{br}); err != nil {
				t.Fatal(err)
			}
			out, err := io.ReadAll(&z)
			if err != nil || !bytes.Equal(out, stdGzip(m).out) {
				t.Fatalf("bufio size %d, chunk %d: %d bytes, %v", size, chunk, len(out), err)
			}
			if rest, _ := io.ReadAll(br); string(rest) != "after" {
				t.Errorf("bufio size %d, chunk %d: %q left after the member, want %q", size, chunk, rest, "after")
			}
		}
	}
}

// TestReadSizes reads members with Reads of many sizes in turn: small
// ones, which go through the window, and large ones, which are decoded
// into the caller's slice with the window as their history, so that
// matches reach from one into the other both ways, across slides of
// the window, and matches are cut off by the end of a slice. The
// output must be compress/gzip's.
func TestReadSizes(t *testing.T) {
	sizes := []int{1, 4096, 300, 100000, 4095, 5000, 40000, 7, 32768, 65536 + 3, 200, 4097, 250000}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"CloudTrail-like level 1", gz(cloudTrailLike(3000), 1)},
		{"CloudTrail-like level 9", gz(cloudTrailLike(3000), 9)},
		{"stored", gz(cloudTrailLike(1000), 0)},
		{"matches at distance 32768", gz(matchData(32768, 1<<20), 6)},
		{"matches at distance 1000", gz(matchData(1000, 1<<20), 6)},
		{"runs", gz(bytes.Repeat([]byte("a"), 1<<20), 6)},
	} {
		want := stdGzip(tc.data).out
		for start := range sizes {
			var z Gzip
			if err := z.Reset(NewBytesInput(tc.data)); err != nil {
				t.Fatal(err)
			}
			var got []byte
			for i := start; ; i++ {
				p := make([]byte, sizes[i%len(sizes)])
				n, err := z.Read(p)
				got = append(got, p[:n]...)
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s, sizes from %d on: output differs (%d bytes, want %d)", tc.name, sizes[start], len(got), len(want))
			}
		}
	}
}

// TestOneReadAllocates: a fresh Gzip that decodes a small member with
// one Read into a large enough slice allocates no window.
func TestOneReadAllocates(t *testing.T) {
	m := gz(cloudTrailLike(5), 6)
	buf := make([]byte, 64<<10)
	in := NewBytesInput(nil)
	allocs := testing.AllocsPerRun(10, func() {
		in.b = m
		z := new(Gzip)
		if err := z.Reset(in); err != nil {
			t.Fatal(err)
		}
		for {
			if _, err := z.Read(buf); err == io.EOF {
				return
			} else if err != nil {
				t.Fatal(err)
			}
		}
	})
	if allocs != 1 {
		t.Errorf("%v allocations, want 1 (the Gzip)", allocs)
	}
}

// failWriter takes n bytes, then fails.
type failWriter struct{ n int }

var errWriterFull = errors.New("writer full")

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errWriterFull
	}
	w.n -= len(p)
	return len(p), nil
}

// TestWriteTo: WriteTo writes what Read reads, and stops at the writer's
// error having counted the bytes the writer took.
func TestWriteTo(t *testing.T) {
	plain := cloudTrailLike(500)
	m := gz(plain, 6)
	var z Gzip
	for _, tc := range []struct {
		reason string
		take   int
		want   error
	}{
		{"a writer that takes everything", len(plain), nil},
		{"a writer full in the first window's worth", 1000, errWriterFull},
		{"a writer full further on", 200000, errWriterFull},
	} {
		if err := z.Reset(NewBytesInput(m)); err != nil {
			t.Fatal(err)
		}
		n, err := z.WriteTo(&failWriter{tc.take})
		if err != tc.want || n != int64(min(tc.take, len(plain))) {
			t.Errorf("%s: wrote %d, %v; want %d, %v", tc.reason, n, err, min(tc.take, len(plain)), tc.want)
		}
	}
}

// TestCorruptOffsets damages DEFLATE streams of every level a few bits
// at a time, and decodes random bytes: where compress/flate finds
// corrupt data, the decoder finds it at the same offset (compress/flate
// reads a code's bits as it looks it up, ahead of the bits it uses; the
// decoder's fast loop reads 8 bytes at a time, and decodes a corrupt
// symbol again as compress/flate does). Before that, about 3% of them
// were a byte or two short.
func TestCorruptOffsets(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var inputs [][]byte
	for level := -2; level <= 9; level++ {
		raw := rawDeflate(cloudTrailLike(1+rng.Intn(30)), level)
		for k := 0; k < 150; k++ {
			b := bytes.Clone(raw)
			for j := 0; j < 1+rng.Intn(3); j++ {
				b[rng.Intn(len(b))] ^= byte(1 << rng.Intn(8))
			}
			inputs = append(inputs, b)
		}
	}
	for k := 0; k < 5000; k++ {
		b := make([]byte, 1+rng.Intn(40))
		rng.Read(b)
		inputs = append(inputs, b)
	}
	corrupt := 0
	for _, b := range inputs {
		want := stdFlate(b)
		if want.err == "corrupt" {
			corrupt++
		}
		for _, chunk := range []int{0, 1, 2, 7} {
			if d := differ(want, ourFlate(b, chunk)); d != "" {
				t.Fatalf("input %x, %d bytes at a time: %s", b, chunk, d)
			}
		}
	}
	if corrupt < 1000 {
		t.Errorf("only %d of %d inputs corrupt", corrupt, len(inputs))
	}
}

// TestCorruptBigStreams damages streams of several windows' output and
// compares with compress/flate: the damage falls anywhere, in the fast
// loop, in tailLoop (the last longest match of room before each 32 KiB
// of output) or symbol by symbol, with all the input held or 255 bytes
// at a time.
func TestCorruptBigStreams(t *testing.T) {
	// Fixed-code streams whose output reaches the last longest match
	// of room before 32 KiB ('aaa', then matches of 258 at distance 1),
	// there to end, to cross 32 KiB with a match, or to be corrupt.
	upTo := func(n int, tail ...int) []byte {
		syms := []int{'a', 'a', 'a'}
		for range n {
			syms = append(syms, 285, -1)
		}
		syms = append(syms, tail...)
		for range 40 {
			syms = append(syms, 'b')
		}
		return fixedBlock(append(syms, 256)...)
	}
	for _, b := range [][]byte{
		upTo(126, 256),      // the end of the block
		upTo(127, 285, -1),  // a match across 32 KiB
		upTo(126, 286),      // a litlen symbol that may not occur
		upTo(126, 257, -31), // a distance symbol that may not occur
		upTo(126, 'c', 257, -5, 257, -3),
	} {
		want := stdFlate(b)
		for _, chunk := range []int{0, 1, 255} {
			if d := differ(want, ourFlate(b, chunk)); d != "" {
				t.Fatalf("input %x, %d bytes at a time: %s", b, chunk, d)
			}
		}
	}
	rng := rand.New(rand.NewSource(2))
	text := cloudTrailLike(300)
	for _, level := range []int{1, 6, 9, -2} {
		raw := rawDeflate(text, level)
		for k := 0; k < 25; k++ {
			b := bytes.Clone(raw)
			for j := 0; j < 1+rng.Intn(2); j++ {
				b[rng.Intn(len(b))] ^= byte(1 << rng.Intn(8))
			}
			want := stdFlate(b)
			for _, chunk := range []int{0, 255} {
				if d := differ(want, ourFlate(b, chunk)); d != "" {
					t.Fatalf("level %d, damage %d, %d bytes at a time: %s", level, k, chunk, d)
				}
			}
		}
	}
}
