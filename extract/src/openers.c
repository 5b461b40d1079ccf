/* What a paragraph or line opens with: a legal basis ("Căn cứ", "Thực
 * hiện": grammars/preamble_openers.tsv), an annex label ("PHỤ LỤC",
 * "Biểu số": grammars/annex_labels.tsv), the recipients ("Nơi nhận") or
 * the addressee ("Kính gửi": grammars/block_openers.tsv), the label of a task written in prose ("Cơ
 * quan chủ trì:": grammars/prose_labels.tsv). A shared test below the
 * stages: the layout stage starts a paragraph there, the header stage ends
 * the title, the issuer stage finds the preamble, the parts, table and
 * prose stages read the blocks; it calls no stage. */
#include "internal.h"

/* key_first_base, without the call where the first character is ASCII
 * and the next one cannot join it: ASCII too, or a letter of U+00C0-U+02FF
 * or of U+1E00-U+1EFF (the combining marks a key composes with the letter
 * before them are none of these), so that the first is the key's first
 * letter. */
int32_t opening_first_letter(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = n ? u[0] : 0, d = n > 1 ? u[1] : 0;
    bool alone = d < 0x80 || (d >= 0xC3 && d <= 0xCB) ||
                 (d == 0xE1 && n > 2 && u[2] >= 0xB8 && u[2] <= 0xBB);
    if (c > ' ' && c < 0x80 && alone)
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    return key_first_base(s, n);
}

int32_t opening_second_letter(const char *s, size_t n)
{
    unsigned char c = n ? (unsigned char)s[0] : 0;
    /* a first letter that can be told is ASCII or a letter of two (C3-DF)
     * or three (E1) bytes */
    size_t w = c < 0x80 ? 1 : c >= 0xC3 && c <= 0xDF ? 2 : c == 0xE1 ? 3 : n;
    return w < n ? opening_first_letter(s + w, n - w) : 0;
}

bool opens_basis(struct vnp_internal *in, const char *s, size_t n)
{
    return lexicon_prefix(in, "preamble_openers.tsv", s, n, NULL) != NULL;
}

const char *opens_annex(struct vnp_internal *in, const char *s, size_t n, size_t *matched)
{
    size_t len = 0;
    const char *kind = lexicon_prefix(in, "annex_labels.tsv", s, n, &len);
    if (matched)
        *matched = len;
    return kind;
}

bool opens_recipients(struct vnp_internal *in, const char *s, size_t n)
{
    return listed_word_opens(in, "block_openers.tsv", "recipients", s, n, NULL);
}

bool opens_addressee(struct vnp_internal *in, const char *s, size_t n)
{
    return listed_word_opens(in, "block_openers.tsv", "addressee", s, n, NULL);
}

const char *prose_label_role(struct vnp_internal *in, const char *label, size_t n)
{
    return n ? lexicon_lookup(in, "prose_labels.tsv", label, n) : NULL;
}

bool opens_block_basis(struct vnp_internal *in, const char *s, size_t n, bool *basis)
{
    prefix_keys pk; /* the first words keyed once for both lexicons */
    prefix_keys_init(&pk, s, n);
    *basis = lexicon_prefix_keyed(in, "preamble_openers.tsv", &pk, NULL) != NULL;
    bool block = *basis || lexicon_prefix_keyed(in, "annex_labels.tsv", &pk, NULL) ||
                 opens_recipients(in, s, n) || opens_addressee(in, s, n);
    prefix_keys_release(&pk);
    return block;
}

bool opens_block(struct vnp_internal *in, const char *s, size_t n)
{
    bool basis;
    return opens_block_basis(in, s, n, &basis);
}
