/* LD_PRELOAD shim: fills every posix_memalign allocation of 64 bytes or more with 0xFF (NaN as float32). See README.md. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>
#include <stdlib.h>
static int (*real_pm)(void**, size_t, size_t);
int posix_memalign(void **p, size_t a, size_t n) {
    if (!real_pm) real_pm = dlsym(RTLD_NEXT, "posix_memalign");
    int r = real_pm(p, a, n);
    if (r == 0 && *p && n >= 64) memset(*p, 0xFF, n);
    return r;
}
