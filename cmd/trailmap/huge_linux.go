package main

import (
	"bytes"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"unsafe"
)

// adviseHugePages asks the kernel to back the heap memory a long read
// grows into with transparent huge pages (madvise MADV_HUGEPAGE), where
// the system gives them only to memory that asks for them (the mode
// "madvise" of /sys/kernel/mm/transparent_hugepage/enabled; with
// "always" it has them already, with "never" not at all). The Go
// runtime does not ask: each new 4 KiB page of its heap then costs a
// page fault when first touched, which on a virtual machine is dear
// (11 µs a page on the machine route was measured on, against 0.2-6 µs
// per 4 KiB of a 2 MiB page), and a
// read of a bucket tree touches a few thousand of them (the
// collector lets the heap grow to twice what it holds between its
// cycles).
//
// It allocates hugeAdvised bytes, never written, which the heap maps
// above what it has used so far, advises their huge-page-aligned part
// and drops them: the next collector cycle frees them, and the heap,
// which allocates its lowest free pages first, grows into them as the
// read goes on. The cost is that cycle (the allocation sets it off) and
// memory touched in 2 MiB pages rather than 4 KiB ones; route calls it
// once a read is long enough for the heap to grow further (see
// hugePagesAfter). Nothing is done when GODEBUG has disablethp=1, or
// under a soft memory limit below 48 MiB.
func adviseHugePages() {
	if strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") || debug.SetMemoryLimit(-1) < hugeAdvised*3/2 {
		// Under a memory limit that low (GOMEMLIMIT), the allocation
		// would make the collector run and run again until the next
		// cycle frees it.
		return
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !bytes.Contains(mode, []byte("[madvise]")) {
		return
	}
	text, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size")
	if err != nil {
		return
	}
	huge, err := strconv.Atoi(strings.TrimSpace(string(text)))
	if err != nil || huge <= 0 || huge&(huge-1) != 0 || huge > hugeAdvised/4 {
		return
	}
	b := make([]byte, hugeAdvised)
	p, h := uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(huge)
	start, end := (p+h-1)&^(h-1), (p+uintptr(len(b)))&^(h-1)
	// An error (a kernel without transparent huge pages) leaves the
	// memory as it was.
	syscall.Syscall(syscall.SYS_MADVISE, start, end-start, madvHugePage)
	runtime.KeepAlive(b)
}

// hugeAdvised is how much memory adviseHugePages advises: more than the
// heap of a read on one or two cores grows to (10 and 38 MB over the
// benchmark tree; 64 MiB did no better than 32).
const hugeAdvised = 32 << 20

// madvHugePage is Linux's MADV_HUGEPAGE, which package syscall does not
// name.
const madvHugePage = 14
