/* Shared by the C test hosts: checks that count instead of aborting, and reading a .wasm file. */
#ifndef MICROWASM_TEST_UTIL_H
#define MICROWASM_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_passed, test_failed;

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (cond)                                                                          \
            test_passed++;                                                                 \
        else {                                                                             \
            test_failed++;                                                                 \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);       \
        }                                                                                  \
    } while (0)

#define CHECK_STR(actual, expected)                                                        \
    do {                                                                                   \
        const char *a_ = (actual), *e_ = (expected);                                       \
        if (a_ != NULL && strcmp(a_, e_) == 0)                                             \
            test_passed++;                                                                 \
        else {                                                                             \
            test_failed++;                                                                 \
            fprintf(stderr, "%s:%d: expected \"%s\", got \"%s\"\n", __FILE__, __LINE__, e_, \
                    a_ ? a_ : "(null)");                                                   \
        }                                                                                  \
    } while (0)

static unsigned char *read_file(const char *path, unsigned int *size)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long n;
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = (unsigned char *)malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    fclose(f);
    *size = (unsigned int)n;
    return buf;
}

static int test_summary(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, test_passed, test_failed);
    return test_failed == 0 && test_passed > 0 ? 0 : 1;
}

#endif
