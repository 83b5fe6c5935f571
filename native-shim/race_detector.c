/*
 * Hints for valgrind's thread error detector, drd. drd orders threads only through what it intercepts (pthread
 * mutexes, condition variables, thread creation and join); .NET's locks and volatile publication are atomic
 * instructions it cannot see, so the managed code tells it, through these client requests, where one thread's work
 * happens before another's (MicroWasm.Runtime.RaceDetector). Outside valgrind a client request is a few no-op
 * instructions, and the managed side does not call these at all.
 */
#include <stdint.h>

#if defined(__has_include)
#if __has_include(<valgrind/drd.h>)
#include <valgrind/drd.h>
#define MICROWASM_HAVE_DRD 1
#endif
#endif

void microwasm_shim_happens_before(uintptr_t tag);
void microwasm_shim_happens_after(uintptr_t tag);
int microwasm_shim_race_detector(void (**happens_before)(uintptr_t), void (**happens_after)(uintptr_t));

#ifdef MICROWASM_HAVE_DRD

void microwasm_shim_happens_before(uintptr_t tag)
{
    ANNOTATE_HAPPENS_BEFORE((void *)tag);
}

void microwasm_shim_happens_after(uintptr_t tag)
{
    ANNOTATE_HAPPENS_AFTER((void *)tag);
}

/* 1 and the two functions when the process runs under valgrind; 0 otherwise (also when built without its headers). */
int microwasm_shim_race_detector(void (**happens_before)(uintptr_t), void (**happens_after)(uintptr_t))
{
    if (!RUNNING_ON_VALGRIND)
        return 0;
    *happens_before = microwasm_shim_happens_before;
    *happens_after = microwasm_shim_happens_after;
    return 1;
}

#else

void microwasm_shim_happens_before(uintptr_t tag)
{
    (void)tag;
}

void microwasm_shim_happens_after(uintptr_t tag)
{
    (void)tag;
}

int microwasm_shim_race_detector(void (**happens_before)(uintptr_t), void (**happens_after)(uintptr_t))
{
    (void)happens_before;
    (void)happens_after;
    return 0;
}

#endif
