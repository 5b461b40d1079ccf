/* libFuzzer harness for vnp_due_parse: time cells are short, so inputs are
 * cut a little past the library's own cap on cell length (4 KB), which
 * then gets crossed too. The first two bytes choose the plan's period (either year
 * may be 0, as in a plan without one, and the order may be reversed); the
 * rest is the cell text as a C string. */
#include "vnplan.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_CELL = 4200 };

/* 0 for a blank year, else one around the plans' years, with a few far off
 * ones to exercise date arithmetic at the edges. */
static int year_of(uint8_t b)
{
    static const int far[] = {1, 1900, 9999, 2147483647, -2147483647 - 1, -1, 10000};
    if (b == 0)
        return 0;
    if (b >= 0xF0)
        return far[(b - 0xF0) % (sizeof far / sizeof far[0])];
    return 2000 + b % 64;
}

static void check_kind(vnp_due_kind kind)
{
    if (kind > VNP_DUE_MULTIPLE || !vnp_due_kind_string(kind)) {
        fprintf(stderr, "fuzz_due: kind %d out of range\n", (int)kind);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int from = year_of(data[0]), to = year_of(data[1]);
    size_t len = size - 2 > MAX_CELL ? MAX_CELL : size - 2;
    char *text = malloc(len + 1);
    if (!text)
        return 0;
    memcpy(text, data + 2, len);
    text[len] = '\0'; /* an embedded NUL simply ends the cell early */

    vnp_due due;
    memset(&due, 0xA5, sizeof due); /* the call must fill every field it returns */
    vnp_status st = vnp_due_parse(text, from, to, &due);
    free(text);
    if (st == VNP_OK) {
        check_kind(due.kind);
        if (due.condition && strlen(due.condition) > len) {
            fprintf(stderr, "fuzz_due: condition longer than the cell\n");
            abort();
        }
        vnp_due_clear(&due);
    } else if (st == VNP_ERR_NOMEM) {
        vnp_due_clear(&due); /* a partial result must still be safe to clear */
    } else if (st == VNP_ERR_ARGUMENT && (from < 0 || from > 9999 || to < 0 || to > 9999)) {
        vnp_due_clear(&due); /* a period outside the calendar is refused */
    } else {
        fprintf(stderr, "fuzz_due: unexpected status %d\n", (int)st);
        abort();
    }
    return 0;
}
