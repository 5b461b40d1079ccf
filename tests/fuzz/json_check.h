/* A strict JSON syntax check (RFC 8259) for the fuzz harness: the writer's
 * escaping is what the fuzzer attacks, so the output must parse. Only
 * syntax is checked; the schema tests cover the shape. */
#ifndef VNPLAN_JSON_CHECK_H
#define VNPLAN_JSON_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "utf8_check.h"

typedef struct json_cursor {
    const unsigned char *s;
    size_t n, i;
    int depth;
} json_cursor;

static bool json_value(json_cursor *c);

static void json_ws(json_cursor *c)
{
    while (c->i < c->n && strchr(" \t\r\n", c->s[c->i]) && c->s[c->i])
        c->i++;
}

static bool json_lit(json_cursor *c, const char *word)
{
    size_t k = strlen(word);
    if (c->n - c->i < k || memcmp(c->s + c->i, word, k) != 0)
        return false;
    c->i += k;
    return true;
}

static bool json_digits(json_cursor *c)
{
    size_t start = c->i;
    while (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9')
        c->i++;
    return c->i > start;
}

static bool json_number(json_cursor *c)
{
    json_lit(c, "-");
    if (json_lit(c, "0")) {
        /* no leading zeros */
    } else if (!json_digits(c)) {
        return false;
    }
    if (json_lit(c, ".") && !json_digits(c))
        return false;
    if (c->i < c->n && (c->s[c->i] == 'e' || c->s[c->i] == 'E')) {
        c->i++;
        if (!json_lit(c, "+"))
            json_lit(c, "-");
        return json_digits(c);
    }
    return true;
}

/* Control characters must be escaped, and the text must be UTF-8. */
static bool json_string(json_cursor *c)
{
    if (!json_lit(c, "\""))
        return false;
    while (c->i < c->n) {
        unsigned char ch = c->s[c->i];
        if (ch >= 0x80) {
            size_t w = utf8_sequence_len(c->s + c->i, c->n - c->i);
            if (w == 0)
                return false;
            c->i += w;
            continue;
        }
        c->i++;
        if (ch == '"')
            return true;
        if (ch < 0x20)
            return false;
        if (ch != '\\')
            continue;
        if (c->i >= c->n)
            return false;
        ch = c->s[c->i++];
        if (ch == 'u') {
            for (int k = 0; k < 4; k++, c->i++)
                if (c->i >= c->n || !strchr("0123456789abcdefABCDEF", c->s[c->i]) ||
                    !c->s[c->i])
                    return false;
        } else if (!strchr("\"\\/bfnrt", ch) || !ch) {
            return false;
        }
    }
    return false;
}

/* Members of an object (pairs) or an array (values) up to `close`. */
static bool json_members(json_cursor *c, char close, bool pairs)
{
    json_ws(c);
    if (json_lit(c, (char[]){close, 0}))
        return true;
    for (;;) {
        json_ws(c);
        if (pairs) {
            if (!json_string(c))
                return false;
            json_ws(c);
            if (!json_lit(c, ":"))
                return false;
        }
        if (!json_value(c))
            return false;
        json_ws(c);
        if (json_lit(c, (char[]){close, 0}))
            return true;
        if (!json_lit(c, ","))
            return false;
    }
}

static bool json_value(json_cursor *c)
{
    json_ws(c);
    if (c->i >= c->n || ++c->depth > 200)
        return false;
    bool ok;
    unsigned char ch = c->s[c->i];
    if (ch == '{' || ch == '[') {
        c->i++;
        ok = json_members(c, ch == '{' ? '}' : ']', ch == '{');
    } else if (ch == '"') {
        ok = json_string(c);
    } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
        ok = json_number(c);
    } else {
        ok = json_lit(c, "true") || json_lit(c, "false") || json_lit(c, "null");
    }
    c->depth--;
    return ok;
}

/* One value and nothing after it but white space. */
static bool json_valid(const char *s, size_t n)
{
    json_cursor c = {(const unsigned char *)s, n, 0, 0};
    if (!json_value(&c))
        return false;
    json_ws(&c);
    return c.i == n;
}

#endif
