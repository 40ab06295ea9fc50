package inflate

import (
	"math/bits"
	"math/rand"
	"testing"
)

// randomCode returns code lengths for n symbols that make a complete
// code of at most 15 bits: a binary tree grown by splitting random
// leaves, its leaves' depths given to the symbols in a random order.
func randomCode(rng *rand.Rand, n int) []uint8 {
	depths := []uint8{0}
	for len(depths) < n {
		i := rng.Intn(len(depths))
		if depths[i] == maxCodeLen {
			continue
		}
		depths[i]++
		depths = append(depths, depths[i])
	}
	rng.Shuffle(len(depths), func(i, j int) { depths[i], depths[j] = depths[j], depths[i] })
	return depths
}

// TestBuildTable decodes every code of random complete codes through
// the table built for them, with random bits after the code, and
// checks the symbol and the length found: short codes (primary table
// only), long ones (subtables), for litlen and distance tables.
func TestBuildTable(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var scratch [1 << litBits]uint8
	var table [litEnough]uint32
	for round := 0; round < 300; round++ {
		n := 2 + rng.Intn(287)
		mainBits, sym := uint(litBits), litSym[:]
		if round%3 == 0 {
			n, mainBits, sym = 2+rng.Intn(29), distBits, distSym[:]
		}
		lens := randomCode(rng, n)
		minLen, ok := buildTable(table[:], lens, sym, mainBits, &scratch)
		if !ok {
			t.Fatalf("round %d: a complete code refused: %v", round, lens)
		}
		want := uint(maxCodeLen)
		for _, l := range lens {
			want = min(want, uint(l))
		}
		if minLen != want {
			t.Errorf("round %d: shortest code %d, want %d", round, minLen, want)
		}
		codes := canonical(lens)
		for s, l := range lens {
			r := uint64(bits.Reverse16(codes[s]) >> (16 - l))
			in := r | rng.Uint64()<<l
			e := table[in&(1<<mainBits-1)]
			if e&flagSub != 0 {
				e = table[e>>16+uint32(in>>mainBits)&(1<<(e&0xff)-1)]
			}
			if e != codeEntry(sym[s], l) {
				t.Fatalf("round %d: symbol %d (code of %d bits) decodes to entry %#x, want %#x", round, s, l, e, codeEntry(sym[s], l))
			}
		}
		for i := range scratch {
			if scratch[i] != 0 {
				t.Fatalf("round %d: scratch not left cleared", round)
			}
		}
	}
}
