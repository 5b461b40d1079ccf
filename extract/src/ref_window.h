/* Which "/" can be the first slash of a match of the built-in reference
 * grammar: a test read back from the slash over the number, "số" and the
 * type words (ref_window.c), so that PCRE2 runs only where it may match. */
#ifndef VNPLAN_REF_WINDOW_H
#define VNPLAN_REF_WINDOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REF_WINDOW_WORDS 64    /* last words of the type words kept, at most */
#define REF_WINDOW_WORD_CPS 16 /* code points of such a word, at most */

/* Code points of the Latin blocks (U+0080-U+036F, U+1E00-U+1EFF) with
 * their class and case fold in a table. */
#define REF_WINDOW_LATIN (0x370 - 0x80 + 0x100)

/* The last word of each type word of doctypes.tsv, case-folded, and the
 * tables of ASCII and the Latin blocks. */
typedef struct ref_window_words {
    size_t count;
    uint32_t cps[REF_WINDOW_WORDS][REF_WINDOW_WORD_CPS];
    size_t lens[REF_WINDOW_WORDS];
    size_t words[REF_WINDOW_WORDS]; /* of the whole type word */
    uint32_t last_mask[REF_WINDOW_WORD_CPS + 1]; /* by length: bit (last code point & 31) */
    /* The words of one length and last code point (& 31), chained: the
     * first's index + 1 (0: none), and each one's next. */
    uint8_t bucket_first[(REF_WINDOW_WORD_CPS + 1) * 32];
    uint8_t bucket_next[REF_WINDOW_WORDS];
    uint8_t ascii_class[128];
    uint8_t latin_class[REF_WINDOW_LATIN];
    uint32_t latin_fold[REF_WINDOW_LATIN];
} ref_window_words;

/* Reads the type words of doctypes.tsv (its text, len bytes). False when a
 * type word is one the test cannot read back over (a character other than
 * a Latin letter or a space, too many words or letters): the caller then
 * tries every window. */
bool ref_window_prepare(ref_window_words *w, const char *doctypes, size_t len);

#define REF_WINDOW_NONE ((size_t)-1)

/* A word read back is compared with the type words of its length and
 * last letter alone (true, the default) or with every one: the same
 * answers either way. */
extern bool ref_window_uses_buckets;

/* Where a match of the built-in reference.pcre whose first "/" is
 * t[slash] can start at the earliest (t: n bytes of valid UTF-8; the type
 * words have type_words words at most); REF_WINDOW_NONE when no match has
 * its first "/" there, 0 when the test cannot tell. */
size_t ref_window_start(const ref_window_words *w, const char *t, size_t n, size_t slash,
                        size_t type_words);

/* The built-in reference.pcre (compiled once per process, refs.c), the
 * type words its windows are tested with (NULL when they are not) and the
 * most words of a type word; NULL when the built-in grammar does not
 * compile. */
struct pcre2_real_code_8;
const struct pcre2_real_code_8 *refs_builtin_reference(const ref_window_words **words,
                                                       size_t *type_words);

#endif
