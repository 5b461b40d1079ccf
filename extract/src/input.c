/* Input stage: check the bytes, drop a BOM, unify line ends.
 *
 * Output is valid UTF-8 with LF line ends and no NUL. Invalid sequences are
 * an error naming line, column and byte offset, or (VNP_OPT_REPLACE_INVALID)
 * become U+FFFD with one diagnostic per line where it happened. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s, or 0 when it is invalid
 * (overlong forms, surrogates and code points past U+10FFFF included). */
static inline size_t utf8_valid_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;
        if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (n < need || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < need; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return need;
}

typedef struct position {
    size_t line, column;
} position;

/* The position of byte `offset`, for an error message: counted only when
 * there is an error. CR, LF and CRLF each end a line. */
static position position_of(const unsigned char *s, size_t offset)
{
    position pos = {1, 1};
    for (size_t i = 0; i < offset; i++) {
        unsigned char c = s[i];
        if (c == '\r' || (c == '\n' && (i == 0 || s[i - 1] != '\r'))) {
            pos.line++;
            pos.column = 1;
        } else if (c != '\n' && (c & 0xC0) != 0x80) {
            pos.column++;
        }
    }
    return pos;
}

/* Where the valid text that starts at s[i] ends: the first NUL, CR or
 * invalid sequence, or n. The usual sequences of Vietnamese text (ASCII,
 * two-byte letters, three-byte letters of U+1E00-U+1EFF and punctuation)
 * are checked inline; the rest goes through utf8_valid_len(). */
static size_t clean_run(const unsigned char *s, size_t i, size_t n)
{
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c == 0 || c == '\r')
                return i;
            i++;
        } else if (c >= 0xC2 && c <= 0xDF && n - i >= 2 && (s[i + 1] & 0xC0) == 0x80) {
            i += 2;
        } else if (((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) && n - i >= 3 &&
                   (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
            i += 3;
        } else {
            size_t w = utf8_valid_len(s + i, n - i);
            if (!w)
                return i;
            i += w;
        }
    }
    return n;
}

/* What a first pass learns about the input. */
typedef struct input_scan {
    size_t out_len;  /* bytes after cleaning */
    bool needs_copy; /* CRs or invalid bytes: copy_clean must rewrite */
    size_t invalid;  /* bytes replaced by U+FFFD */
    vnp_status fail; /* VNP_ERR_BINARY or VNP_ERR_UTF8 at fail_at, or VNP_OK */
    size_t fail_at;  /* offset in s */
} input_scan;

/* First pass: find NUL bytes and invalid sequences, and size the output
 * (an invalid byte becomes the three of U+FFFD; CRLF shrinks, which the
 * size may overstate). */
static void scan(const unsigned char *s, size_t n, bool replace, input_scan *res)
{
    size_t invalid = 0;
    bool cr = false;
    *res = (input_scan){0};
    for (size_t i = clean_run(s, 0, n); i < n; i = clean_run(s, i, n)) {
        if (s[i] == '\r') {
            cr = true;
            i++;
            continue;
        }
        if (s[i] == 0 || !replace) {
            res->fail = s[i] == 0 ? VNP_ERR_BINARY : VNP_ERR_UTF8;
            res->fail_at = i;
            return;
        }
        invalid++;
        i++;
    }
    res->out_len = n + 2 * invalid;
    res->needs_copy = invalid || cr;
    res->invalid = invalid;
}

/* The error of a failed scan: its place, and what the text looks like when
 * it is another encoding (UTF-16 is then no binary input but text to
 * convert). */
static vnp_status scan_error(const char *bytes, size_t len, const unsigned char *s,
                             size_t base, const input_scan *res, vnp_error *err)
{
    const char *guess = encoding_guess(bytes, len);
    bool utf16 = guess && strncmp(guess, "UTF-16", 6) == 0;
    vnp_status st = utf16 ? VNP_ERR_UTF8 : res->fail;
    if (!err)
        return st;
    position pos = position_of(s, res->fail_at);
    const char *what = res->fail == VNP_ERR_UTF8 ? "invalid UTF-8 byte"
                       : utf16                   ? "NUL byte"
                                                 : "NUL byte: binary input, not text";
    err->status = st;
    err->line = pos.line;
    err->column = pos.column;
    err->offset = base + res->fail_at;
    snprintf(err->message, sizeof err->message,
             "%s at line %zu, column %zu (byte offset %zu)%s%s%s", what, pos.line, pos.column,
             err->offset, guess ? ": looks like " : "", guess ? guess : "",
             guess ? "; convert it to UTF-8" : "");
    return st;
}

/* Second pass: copy, turning CRLF and CR into LF and bad bytes into U+FFFD. */
static size_t copy_clean(const unsigned char *s, size_t n, size_t base, char *out,
                         vnp_document *doc, size_t *bad_lines)
{
    size_t o = 0, line = 1, last_bad_line = 0;
    for (size_t i = 0; i < n;) {
        size_t w = utf8_valid_len(s + i, n - i);
        if (w == 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            if (doc && last_bad_line != line) {
                diag_add(doc, VNP_SEV_WARNING, "utf8-replaced", line,
                         "invalid UTF-8 replaced by U+FFFD (byte offset %zu)", i + base);
                last_bad_line = line;
                (*bad_lines)++;
            }
            i++;
            continue;
        }
        if (s[i] == '\r') {
            out[o++] = '\n';
            line++;
            i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        if (s[i] == '\n')
            line++;
        memcpy(out + o, s + i, w);
        o += w;
        i += w;
    }
    out[o] = '\0';
    return o;
}

vnp_status input_decode(vnp_document *doc, const char *bytes, size_t len, unsigned flags,
                        char **text, size_t *text_len, vnp_error *err)
{
    if (len > VNP_MAX_INPUT_BYTES) {
        if (err) {
            err->status = VNP_ERR_TOO_LARGE;
            err->offset = VNP_MAX_INPUT_BYTES;
            snprintf(err->message, sizeof err->message, "input too large (over 1 GiB)");
        }
        return VNP_ERR_TOO_LARGE;
    }
    const unsigned char *s = (const unsigned char *)bytes;
    size_t base = 0;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        s += 3;
        len -= 3;
        base = 3;
    }
    input_scan res;
    scan(s, len, flags & VNP_OPT_REPLACE_INVALID, &res);
    if (res.fail != VNP_OK)
        return scan_error(bytes, len + base, s, base, &res, err);
    char *out = arena_alloc(&doc->internal->mem, res.out_len + 1);
    if (!out)
        return VNP_ERR_NOMEM;
    size_t bad_lines = 0;
    *text = out;
    if (res.needs_copy) {
        *text_len = copy_clean(s, len, base, out, doc, &bad_lines);
        const char *guess = res.invalid ? encoding_guess(bytes, len + base) : NULL;
        if (guess)
            diag_add(doc, VNP_SEV_WARNING, "encoding", 0,
                     "the text looks like %s, not UTF-8: convert it rather than replace "
                     "its letters", guess);
    } else {
        memcpy(out, s, len); /* already clean: the usual case */
        out[len] = '\0';
        *text_len = len;
    }
    return VNP_OK;
}
