/* The FRBR work IRIs of the Akoma Ntoso writer (akn_writer.c, scheme in
 * docs/akn.md), apart so that the tests can check them one by one. */
#ifndef VNPLAN_AKN_H
#define VNPLAN_AKN_H

#include "internal.h"

/* What a work IRI is made of: the document itself or one it cites. */
typedef struct akn_parts {
    const char *type;      /* the type word as written ("Nghị quyết", "KẾ HOẠCH"), or NULL */
    const char *number;    /* "76", or NULL */
    int symbol_year;       /* 2025 in 118/2025/NĐ-CP, else 0 */
    const char *symbol;    /* "NQ-CP", "NQ/TW", "QH15", or NULL */
    int year, month, day;  /* the issuing date; 0 where not known */
    const char *issuer;    /* the issuer as written, or NULL */
    const char *title;     /* a law's name when it has no number, or NULL */
    bool national;         /* issued by a national body (known from elsewhere) */
} akn_parts;

/* The parts of a cited document. */
akn_parts akn_cited_parts(const vnp_cited_document *c);
/* The parts of the document itself. */
akn_parts akn_document_parts(const vnp_document *d);
/* Appends the work IRI ("/akn/vn/act/nghi-quyet/cp/2021-07-15/76-nq-cp") to
 * b. doc is the document being written: its grammars and, for a local
 * document it cites, its province. */
void akn_work_uri(const vnp_document *doc, const akn_parts *p, strbuf *b);
/* "act" for the types of legal documents, "doc" for the others. */
const char *akn_doc_type(const char *type);
/* Appends the lower-case ASCII form of s[0..n) with its tone and vowel
 * marks dropped, đ as d and every other run of characters as one '-', at
 * most max bytes (cut at a '-'). */
void akn_slug(strbuf *b, const char *s, size_t n, size_t max);

#endif
