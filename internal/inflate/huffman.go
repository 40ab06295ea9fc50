package inflate

import (
	"math/bits"
	"sync"
)

// Table entries. A decoding table maps the next bits of the input (read
// from the least significant end, RFC 1951 section 3.1.1) to an entry:
//
//	bits 0-7    the bits the symbol takes: its code's length, and for a
//	            length or distance the number of its extra bits added
//	            (0 for a bit string no code starts with); for a subtable
//	            link, the number of bits indexing the subtable
//	bits 8-11   the code's length
//	bit 12      flagBad: a code of a symbol that may not occur (litlen
//	            286 and 287, distance 30 and 31) or no code at all
//	bit 13      flagLit: a literal byte
//	bit 14      flagEOB: the end of the block
//	bit 15      flagSub: a link to a subtable
//	bits 16-31  the literal byte, the length or distance base, the
//	            code-length symbol, or the subtable's offset
//
// A length or distance entry has none of the flags set. As in
// libdeflate, the fast loop drops a length's or distance's code and
// extra bits with one shift, and finds the extra bits in the bits it
// had before it as the bits past the code's length and below the
// entry's count.
const (
	flagBad = 1 << 12
	flagLit = 1 << 13
	flagEOB = 1 << 14
	flagSub = 1 << 15

	litBits  = 11 // bits indexing the litlen table's primary part
	distBits = 8  // the same for distances
	clenBits = 7  // code-length codes are at most 7 bits long: no subtables

	// The largest tables the codes deflate allows need (zlib's enough
	// program: "enough 288 11 15" and "enough 32 8 15").
	litEnough  = 2342
	distEnough = 402

	maxCodeLen = 15
	numLitLen  = 286 // usable litlen symbols; 286 and 287 may not occur
	numDist    = 30  // usable distance symbols
)

// litSym and distSym give each symbol's entry without its code length
// (see codeEntry).
var (
	litSym  [288]uint32
	distSym [32]uint32
)

// Fixed Huffman codes (RFC 1951 section 3.2.6), built by fixedCodes the
// first time a block uses them: most streams have none (a compressor
// chooses them for short blocks), and built at initialisation they cost
// every program that links the package 20 k instructions and 11 KB of
// memory touched (three new pages) before main.
var (
	fixedOnce sync.Once
	fixedLit  [litEnough]uint32
	fixedDist [distEnough]uint32
)

// fixedCodes returns the fixed codes' tables, building them the first
// time; they are only read after.
func fixedCodes() (lit *[litEnough]uint32, dist *[distEnough]uint32) {
	fixedOnce.Do(buildFixed)
	return &fixedLit, &fixedDist
}

// fixedLitMin and fixedDistMin are the bits compress/flate reads before
// it looks a fixed code up: the shortest litlen code (7 bits, also the
// end-of-block code's length) and the 5-bit distance code.
const (
	fixedLitMin  = 7
	fixedDistMin = 5
)

func init() {
	for s := 0; s < 256; s++ {
		litSym[s] = flagLit | uint32(s)<<16
	}
	litSym[256] = flagEOB
	base := uint32(3)
	for s := 257; s < 286; s++ {
		extra := uint32(0)
		if s >= 265 && s < 285 {
			extra = uint32(s-261) / 4
		}
		if s == 285 {
			base = 258
		}
		litSym[s] = base<<16 | extra
		base += 1 << extra
	}
	litSym[286], litSym[287] = flagBad, flagBad
	base = 1
	for s := 0; s < 30; s++ {
		extra := uint32(0)
		if s >= 4 {
			extra = uint32(s-2) / 2
		}
		distSym[s] = base<<16 | extra
		base += 1 << extra
	}
	distSym[30], distSym[31] = flagBad, flagBad
}

// buildFixed builds fixedLit and fixedDist (through fixedOnce).
func buildFixed() {
	var lens [288]uint8
	for i := range lens {
		switch {
		case i < 144:
			lens[i] = 8
		case i < 256:
			lens[i] = 9
		case i < 280:
			lens[i] = 7
		default:
			lens[i] = 8
		}
	}
	var scratch [1 << litBits]uint8
	if _, ok := buildTable(fixedLit[:], lens[:], litSym[:], litBits, &scratch); !ok {
		panic("inflate: fixed litlen code")
	}
	for i := range 32 {
		lens[i] = 5
	}
	if _, ok := buildTable(fixedDist[:], lens[:32], distSym[:], distBits, &scratch); !ok {
		panic("inflate: fixed distance code")
	}
}

// codeEntry returns the entry of a symbol whose code is l bits long:
// its entry in litSym, distSym or clenSym, whose low byte holds its
// extra bits, with l added to them and held in bits 8-11.
func codeEntry(sym uint32, l uint8) uint32 { return sym + uint32(l)*0x101 }

// codeLen returns the length of the code of a table entry.
func codeLen(e uint32) uint { return uint(e>>8) & 15 }

// buildTable fills table for the code whose code lengths are lens, sym
// giving each symbol's entry, with a primary part indexed by mainBits
// bits. It accepts exactly the codes compress/flate accepts: complete
// ones, one code of one bit (zlib makes them), and none at all (the
// bit strings no code starts with decode to a bad entry of length 0).
// It returns the shortest code length (0 for no code), the number of
// bits compress/flate reads before it looks a symbol up. scratch must be
// all zeros; it is left so.
func buildTable(table []uint32, lens []uint8, sym []uint32, mainBits uint, scratch *[1 << litBits]uint8) (uint, bool) {
	var count [maxCodeLen + 1]int
	for _, l := range lens {
		count[l&15]++
	}
	count[0] = 0
	minLen, maxLen := 0, 0
	for l := 1; l <= maxCodeLen; l++ {
		if count[l] > 0 {
			if minLen == 0 {
				minLen = l
			}
			maxLen = l
		}
	}
	mainSize := 1 << mainBits
	if maxLen == 0 {
		for i := range table[:mainSize] {
			table[i] = flagBad
		}
		return 0, true
	}
	var next [maxCodeLen + 2]int
	code := 0
	for l := minLen; l <= maxLen; l++ {
		code <<= 1
		next[l] = code
		code += count[l]
	}
	if code != 1<<maxLen && !(code == 1 && maxLen == 1) {
		return 0, false
	}
	// The symbols in the order of their canonical codes (RFC 1951
	// section 3.2.2): by length, then by symbol.
	var offs [maxCodeLen + 2]int
	for l := 1; l <= maxCodeLen; l++ {
		offs[l+1] = offs[l] + count[l]
	}
	var sorted [288]uint16
	for s, l := range lens {
		if l != 0 && int(l) <= maxCodeLen {
			sorted[offs[l]] = uint16(s)
			offs[l]++
		}
	}
	n := offs[maxCodeLen+1]
	// Codes of up to mainBits bits, as libdeflate does: each entry is
	// written once into a table of 2^l entries for length l, and the table
	// doubled by copying it as l grows. codeword is the next code,
	// bit-reversed (deflate packs codes starting with their most
	// significant bit).
	i, codeword, size := 0, 0, 1<<minLen
	if code != 1<<maxLen {
		// One code of one bit: the other bit decodes to nothing.
		table[0], table[1] = codeEntry(sym[sorted[0]], 1), flagBad
		for ; size < mainSize; size <<= 1 {
			copy(table[size:2*size], table[:size])
		}
		return 1, true
	}
	for l := minLen; l <= int(mainBits); {
		for c := count[l]; c > 0; c-- {
			table[codeword] = codeEntry(sym[sorted[i]], uint8(l))
			i++
			if codeword == size-1 {
				// The last code: the table is complete once doubled up
				// to its size.
				for ; size < mainSize; size <<= 1 {
					copy(table[size:2*size], table[:size])
				}
				return uint(minLen), true
			}
			bit := 1 << (bits.Len(uint(codeword^(size-1))) - 1)
			codeword = codeword&(bit-1) | bit
		}
		if l++; l <= int(mainBits) {
			copy(table[size:2*size], table[:size])
			size <<= 1
		}
	}
	// Codes longer than mainBits: a subtable for each primary index
	// they share, as wide as the longest of them needs. Their canonical
	// codes follow those of the codes before them, length by length.
	var rev [288]uint16
	for k := i; k < n; k++ {
		l := lens[sorted[k]]
		c := next[l]
		next[l]++
		r := bits.Reverse16(uint16(c)) >> (16 - l)
		rev[k] = r
		p := int(r) & (mainSize - 1)
		if scratch[p] < l {
			scratch[p] = l
		}
	}
	off := mainSize
	ok := true
	for k := i; k < n; k++ {
		l := lens[sorted[k]]
		r := int(rev[k])
		p := r & (mainSize - 1)
		if m := scratch[p]; m != 0 {
			sub := uint(m) - mainBits
			if off+1<<sub > len(table) {
				ok = false
				break
			}
			table[p] = flagSub | uint32(off)<<16 | uint32(sub)
			off += 1 << sub
			scratch[p] = 0
		}
		t := table[p]
		if t&flagSub == 0 {
			ok = false
			break
		}
		start, size := int(t>>16), 1<<(t&0xff)
		e := codeEntry(sym[sorted[k]], l)
		for i := r >> mainBits; i < size; i += 1 << (uint(l) - mainBits) {
			table[start+i] = e
		}
	}
	if !ok {
		clear(scratch[:])
		return 0, false
	}
	return uint(minLen), true
}
