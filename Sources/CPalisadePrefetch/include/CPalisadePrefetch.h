// Memory hints for the flow engine's large tables: software prefetch (Swift has no prefetch builtin) and
// transparent huge pages. Header only; no external dependency.
#ifndef C_PALISADE_PREFETCH_H
#define C_PALISADE_PREFETCH_H

#include <stddef.h>
#include <stdint.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

/// Asks the CPU to start loading the cache line holding `address` for reading, into every cache level.
/// A hint: it never faults, even on an invalid address.
static inline void palisade_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

/// Asks the kernel to back the whole 2 MiB pages inside [address, address + length) with transparent huge
/// pages, so that random reads in a large table miss the TLB far less. Call it before the memory is first
/// written (pages already faulted in stay small until the kernel collapses them). Returns whether the hint
/// was taken; a no-op where transparent huge pages do not exist.
static inline int palisade_advise_huge_pages(void *address, size_t length) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t start = ((uintptr_t)address + huge - 1) & ~(huge - 1);
    uintptr_t end = ((uintptr_t)address + length) & ~(huge - 1);
    if (end <= start) return 0;
    return madvise((void *)start, end - start, MADV_HUGEPAGE) == 0;
#else
    (void)address;
    (void)length;
    return 0;
#endif
}

#endif
