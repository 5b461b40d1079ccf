/* Search folding with utf8proc: the text is decomposed (NFD), its
 * combining marks dropped, case folded, and đ/Đ (which Unicode gives no
 * decomposition) mapped to d, so that a query typed without tone marks
 * finds the text written with them. */
#include "fold.h"

#include <stdint.h>
#include <utf8proc.h>

static utf8proc_int32_t d_for_dj(utf8proc_int32_t c, void *data)
{
    (void)data;
    if (c == 0x0111 || c == 0x0110 || c == 0x00D0) /* đ, Đ, and Ð typed for Đ */
        return 'd';
    return c;
}

char *fold_text(const char *text, size_t len)
{
    if (len > (size_t)PTRDIFF_MAX / 8) /* utf8proc counts in a signed size */
        return NULL;
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map_custom((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len,
                                             &out,
                                             UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
                                                 UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD,
                                             d_for_dj, NULL);
    return n < 0 ? NULL : (char *)out;
}
