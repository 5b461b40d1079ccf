/* UTF-8 validity for the fuzz harnesses, written apart from the library's
 * own decoder so that a bug there cannot hide itself. */
#ifndef VNPLAN_UTF8_CHECK_H
#define VNPLAN_UTF8_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* Length of the valid UTF-8 sequence at s (overlongs, surrogates and code
 * points past U+10FFFF rejected), 0 when invalid. */
static inline size_t utf8_sequence_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t need = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (need == 0 || n < need)
        return 0;
    for (size_t i = 1; i < need; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) ||
        (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
        return 0;
    return need;
}

static inline bool utf8_valid(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t w = utf8_sequence_len((const unsigned char *)s + i, n - i);
        if (w == 0)
            return false;
        i += w;
    }
    return true;
}

#endif
