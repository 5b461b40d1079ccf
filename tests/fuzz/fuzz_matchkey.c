/* libFuzzer harness for vnp_match_key: any bytes, not NUL-terminated (the
 * length says where the text ends), including invalid UTF-8, which the key
 * skips. The key must be a NUL-terminated string of valid UTF-8. */
#include "utf8_check.h"
#include "vnplan.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy without a NUL, so ASan sees a read past the end. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    char *key = vnp_match_key(text, size);
    free(text);
    if (key && !utf8_valid(key, strlen(key))) {
        fprintf(stderr, "fuzz_matchkey: key is not valid UTF-8\n");
        abort();
    }
    vnp_free(key);
    return 0;
}
