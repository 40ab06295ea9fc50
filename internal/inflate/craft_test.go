package inflate

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"hash/crc32"
	"math/bits"
	"math/rand"
)

// bitWriter writes a DEFLATE bit stream by hand, for streams no encoder
// makes: codes compress/flate must reject, and the edge cases of the
// ones it accepts.
type bitWriter struct {
	b   []byte
	acc uint64
	n   uint
}

// put writes the n low bits of v, least significant first.
func (w *bitWriter) put(v uint64, n uint) {
	w.acc |= v << w.n
	w.n += n
	for w.n >= 8 {
		w.b = append(w.b, byte(w.acc))
		w.acc >>= 8
		w.n -= 8
	}
}

// code writes a Huffman code of length l, most significant bit first.
func (w *bitWriter) code(c uint16, l uint) {
	w.put(uint64(bits.Reverse16(c)>>(16-l)), l)
}

func (w *bitWriter) bytes() []byte {
	b := w.b
	if w.n > 0 {
		b = append(b, byte(w.acc))
	}
	return b
}

// canonical returns the canonical codes for lens (RFC 1951 section
// 3.2.2), whether or not they make a complete code.
func canonical(lens []uint8) []uint16 {
	var count [16]int
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	var next [16]int
	code := 0
	for l := 1; l < 16; l++ {
		code = (code + count[l-1]) << 1
		next[l] = code
	}
	codes := make([]uint16, len(lens))
	for s, l := range lens {
		if l > 0 {
			codes[s] = uint16(next[l])
			next[l]++
		}
	}
	return codes
}

// dynHeader writes a dynamic block header (final if final) for the
// litlen and distance code lengths given, with a code-length code of
// sixteen 4-bit codes (lengths 0 to 15 written as they are), and returns
// the codes of both.
func (w *bitWriter) dynHeader(final bool, lit, dist []uint8) (litCodes, distCodes []uint16) {
	f := uint64(0)
	if final {
		f = 1
	}
	w.put(f, 1)
	w.put(2, 2)
	w.put(uint64(len(lit)-257), 5)
	w.put(uint64(len(dist)-1), 5)
	w.put(19-4, 4)
	for _, s := range codeOrder {
		if s < 16 {
			w.put(4, 3)
		} else {
			w.put(0, 3)
		}
	}
	for _, l := range append(append([]uint8(nil), lit...), dist...) {
		w.code(uint16(l), 4)
	}
	return canonical(lit), canonical(dist)
}

// member wraps a DEFLATE stream in a gzip header and a trailer for the
// data it is meant to decode to.
func member(deflate []byte, plain string) []byte {
	b := []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}
	b = append(b, deflate...)
	b = binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE([]byte(plain)))
	return binary.LittleEndian.AppendUint32(b, uint32(len(plain)))
}

// lengths returns n code lengths, those at the indexes given set.
func lengths(n int, set map[int]uint8) []uint8 {
	l := make([]uint8, n)
	for i, v := range set {
		l[i] = v
	}
	return l
}

// abLit is a complete litlen code: 'a', 'b', end of block and length
// symbol 257 (length 3) with two bits each.
func abLit() []uint8 { return lengths(258, map[int]uint8{'a': 2, 'b': 2, 256: 2, 257: 2}) }

// dynamic returns a final dynamic block with the codes lit and dist that
// writes syms: a litlen symbol, or for a negative one, -(distance
// symbol+1) after a length symbol.
func dynamic(lit, dist []uint8, syms ...int) []byte {
	var w bitWriter
	lc, dc := w.dynHeader(true, lit, dist)
	for _, s := range syms {
		if s < 0 {
			d := -s - 1
			w.code(dc[d], uint(dist[d]))
			continue
		}
		w.code(lc[s], uint(lit[s]))
	}
	return w.bytes()
}

// fixedBlock returns a final fixed-code block with the litlen symbols
// syms; a negative one is a 5-bit distance code -(s+1) with no extra
// bits.
func fixedBlock(syms ...int) []byte {
	var w bitWriter
	w.put(1, 1)
	w.put(1, 2)
	for _, s := range syms {
		switch {
		case s < 0:
			w.code(uint16(-s-1), 5)
		case s < 144:
			w.code(uint16(0x30+s), 8)
		case s < 256:
			w.code(uint16(0x190+s-144), 9)
		case s < 280:
			w.code(uint16(s-256), 7)
		default:
			w.code(uint16(0xc0+s-280), 8)
		}
	}
	return w.bytes()
}

func gz(data []byte, level int) []byte {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, level)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

func rawDeflate(data []byte, level int) []byte {
	var b bytes.Buffer
	zw, _ := flate.NewWriter(&b, level)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

// matchData returns data whose best encoding has matches at distance
// dist: a random run of dist bytes, repeated.
func matchData(dist, n int) []byte {
	rng := rand.New(rand.NewSource(int64(dist)))
	b := make([]byte, dist, n)
	rng.Read(b)
	for len(b) < n {
		b = append(b, b[len(b)-dist])
	}
	return b
}

// withHeader returns a member of "hello" whose header has the flags
// flg and the fields given after the first ten bytes.
func withHeader(flg byte, fields []byte) []byte {
	m := gz([]byte("hello"), 6)
	h := []byte{0x1f, 0x8b, 8, flg, 0, 0, 0, 0, 0, 255}
	return append(append(h, fields...), m[10:]...)
}

// hcrc returns the header CRC field for a header of the given bytes.
func hcrc(header []byte) []byte {
	return binary.LittleEndian.AppendUint16(nil, uint16(crc32.ChecksumIEEE(header)))
}
