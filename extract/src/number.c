/* Decimal numbers read and written alike under every locale: strtod, atof
 * and printf take their decimal point from the caller's locale (a comma in
 * Vietnamese and German), and a library must not. Reading is exact or
 * nothing: a number with more significant digits than a double holds, or
 * out of its reach, is no number rather than a different one. */
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum { SIGNIFICANT_MAX = 15, EXACT_POWER_MAX = 22 };

/* 10^0 .. 10^22: each exactly a double. */
static const double powers_of_ten[EXACT_POWER_MAX + 1] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The significant digits of s[0..n) (digits and at most one '.') as an
 * integer and a power of ten. false when s is not such a number or has
 * more than SIGNIFICANT_MAX significant digits. */
static bool split_decimal(const char *s, size_t n, uint64_t *mantissa, long *exponent)
{
    uint64_t m = 0;
    long exp = 0;
    size_t digits = 0, significant = 0;
    size_t zeros = 0; /* zeros after the last nonzero digit, not yet in m */
    bool point = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '.' && !point) {
            point = true;
            continue;
        }
        if (c < '0' || c > '9')
            return false;
        digits++;
        exp -= point;
        if (c == '0') {
            zeros += significant > 0; /* leading zeros are no digits of the value */
            continue;
        }
        significant += zeros + 1;
        if (significant > SIGNIFICANT_MAX)
            return false;
        for (; zeros; zeros--)
            m *= 10;
        m = m * 10 + (uint64_t)(c - '0');
    }
    *mantissa = m;
    *exponent = exp + (long)zeros; /* trailing zeros go into the power */
    return digits > 0;
}

bool decimal_read(const char *s, size_t n, double *value)
{
    uint64_t m;
    long exp;
    if (!split_decimal(s, n, &m, &exp))
        return false;
    if (m == 0) {
        *value = 0;
        return true;
    }
    /* m < 10^15 < 2^53 is exact, and so is 10^|exp| up to 22: one
     * multiplication or division, rounded once, is the correctly rounded
     * value (what strtod gives). A larger power is moved into m while m
     * stays exact. */
    for (; exp > EXACT_POWER_MAX && m < ((uint64_t)1 << 53) / 10; exp--)
        m *= 10;
    if (exp > EXACT_POWER_MAX || exp < -EXACT_POWER_MAX)
        return false;
    *value = exp >= 0 ? (double)m * powers_of_ten[exp] : (double)m / powers_of_ten[-exp];
    return true;
}

/* A leading [+-]digits[.digits] after spaces, as atof reads it in the C
 * locale; 0 when there is none. */
double decimal_prefix(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    bool negative = *s == '-';
    s += *s == '-' || *s == '+';
    size_t n = strspn(s, "0123456789");
    if (s[n] == '.')
        n += 1 + strspn(s + n + 1, "0123456789");
    double v = 0;
    if (!decimal_read(s, n, &v))
        v = 0;
    return negative ? -v : v;
}

/* printf's %.15g, with '.' for whatever decimal point the locale gave: the
 * only part of %g output a locale changes (%g never groups digits). */
size_t decimal_write(double value, char *out, size_t cap)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%.15g", value);
    size_t o = 0;
    bool in_point = false;
    for (const char *p = raw; *p && o + 1 < cap; p++) {
        bool part = (*p >= '0' && *p <= '9') || *p == '-' || *p == '+' || *p == 'e' ||
                    *p == 'E' || (*p >= 'a' && *p <= 'z'); /* digits, signs, e, inf, nan */
        if (!part && !in_point)
            out[o++] = '.'; /* the point, whatever bytes spell it */
        in_point = !part;
        if (part)
            out[o++] = *p;
    }
    out[o] = '\0';
    return o;
}
