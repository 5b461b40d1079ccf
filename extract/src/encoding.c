/* What a text that is not UTF-8 looks like, so the error can say how to
 * convert it: UTF-16 (a byte-order mark, or a zero byte in every other
 * place, where the high half of ASCII and Latin letters falls), or one of
 * the 8-bit encodings Vietnamese was typed in before Unicode (TCVN3, VNI,
 * VISCII, Windows-1258), whose letters are single bytes above 0x7F inside
 * otherwise ASCII words. */
#include "internal.h"

#include <string.h>

enum { SAMPLE_BYTES = 1 << 16 };

static const char *utf16_guess(const unsigned char *s, size_t n)
{
    if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE)
        return "UTF-16 (little-endian, with a byte-order mark)";
    if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF)
        return "UTF-16 (big-endian, with a byte-order mark)";
    size_t zero_even = 0, zero_odd = 0, units = n / 2;
    for (size_t i = 0; i + 1 < n; i += 2) {
        zero_even += s[i] == 0;
        zero_odd += s[i + 1] == 0;
    }
    /* a quarter of the units (and a few at least: one NUL in a short text
     * is no pattern) with a zero high byte, and the other half rarely zero
     * (binary data has zeros in both) */
    if (zero_odd >= 4 && zero_odd * 4 >= units && zero_odd >= 4 * zero_even + 1)
        return "UTF-16 (little-endian, no byte-order mark)";
    if (zero_even >= 4 && zero_even * 4 >= units && zero_even >= 4 * zero_odd + 1)
        return "UTF-16 (big-endian, no byte-order mark)";
    return NULL;
}

static bool ascii_letter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* A control byte that text does not hold. VISCII spends six of them on
 * letters (0x02, 0x05, 0x06, 0x14, 0x19, 0x1E), so those do not count. */
static bool stray_control(unsigned char c)
{
    return c < 0x20 && !strchr("\t\n\r\f\x02\x05\x06\x14\x19\x1E", c);
}

static const char *legacy_guess(const unsigned char *s, size_t n)
{
    size_t lone = 0, in_word = 0, sequences = 0, controls = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            controls += stray_control(s[i]);
            i++;
            continue;
        }
        size_t w;
        if (utf8_decode((const char *)s + i, n - i, &w) >= 0 && w > 1) {
            sequences++;
            i += w;
            continue;
        }
        lone++;
        in_word += (i > 0 && ascii_letter(s[i - 1])) || (i + 1 < n && ascii_letter(s[i + 1]));
        i++;
    }
    /* several bytes, mostly not UTF-8, mostly inside words, and no binary */
    bool legacy = lone >= 3 && lone > 4 * sequences && in_word * 2 >= lone &&
                  controls * 100 <= n;
    return legacy ? "a legacy Vietnamese encoding (TCVN3, VNI, VISCII or Windows-1258)" : NULL;
}

const char *encoding_guess(const char *bytes, size_t len)
{
    const unsigned char *s = (const unsigned char *)bytes;
    size_t n = len < SAMPLE_BYTES ? len : SAMPLE_BYTES;
    const char *guess = utf16_guess(s, n);
    if (!guess && !memchr(s, 0, n))
        guess = legacy_guess(s, n);
    return guess;
}
