/* What a paragraph or line opens with: a legal basis ("Căn cứ", "Thực
 * hiện": grammars/preamble_openers.tsv), an annex label ("PHỤ LỤC",
 * "Biểu số": grammars/annex_labels.tsv), the recipients ("Nơi nhận") or
 * the addressee ("Kính gửi": grammars/block_openers.tsv), the label of a task written in prose ("Cơ
 * quan chủ trì:": grammars/prose_labels.tsv). A shared test below the
 * stages: the layout stage starts a paragraph there, the header stage ends
 * the title, the issuer stage finds the preamble, the parts, table and
 * prose stages read the blocks; it calls no stage. */
#include "internal.h"

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
