/* The accessors of the public arrays: the one place that knows the size of
 * their elements, so that the structs can grow at their end without
 * breaking programs built against an older vnplan.h. */
#include "internal.h"

#define ELEMENT(owner, array, count, i) ((owner) && (i) < (owner)->count ? &(owner)->array[i] : NULL)

const vnp_text *vnp_document_recipient(const vnp_document *doc, size_t i)
{
    return ELEMENT(doc, recipients, recipient_count, i);
}

const vnp_heading *vnp_document_heading(const vnp_document *doc, size_t i)
{
    return ELEMENT(doc, outline, outline_count, i);
}

const vnp_text *vnp_document_preamble(const vnp_document *doc, size_t i)
{
    return ELEMENT(doc, preamble, preamble_count, i);
}

const vnp_footnote *vnp_document_footnote(const vnp_document *doc, size_t i)
{
    return ELEMENT(doc, footnotes, footnote_count, i);
}

const vnp_annex *vnp_document_annex(const vnp_document *doc, size_t i)
{
    return ELEMENT(doc, annexes, annex_count, i);
}

const vnp_reference *vnp_document_reference(const vnp_document *doc, size_t i)
{
    return ELEMENT(doc, references, reference_count, i);
}

const vnp_cited_document *vnp_document_cited_document(const vnp_document *doc, size_t i)
{
    return ELEMENT(doc, cited_documents, cited_document_count, i);
}

const vnp_table *vnp_document_table(const vnp_document *doc, size_t i)
{
    return ELEMENT(doc, tables, table_count, i);
}

const vnp_diagnostic *vnp_document_diagnostic(const vnp_document *doc, size_t i)
{
    return ELEMENT(doc, diagnostics, diagnostic_count, i);
}

const vnp_column *vnp_table_column(const vnp_table *table, size_t i)
{
    return ELEMENT(table, columns, column_count, i);
}

const vnp_record *vnp_table_record(const vnp_table *table, size_t i)
{
    return ELEMENT(table, records, record_count, i);
}

const vnp_other_cell *vnp_record_other(const vnp_record *record, size_t i)
{
    return ELEMENT(record, other, other_count, i);
}

const vnp_agency *vnp_record_lead(const vnp_record *record, size_t i)
{
    return ELEMENT(record, lead, lead_count, i);
}

const vnp_agency *vnp_record_support(const vnp_record *record, size_t i)
{
    return ELEMENT(record, support, support_count, i);
}

_Static_assert(VNP_CELL_ROLES <= VNP_CELL_SLOTS, "a record has a slot for every cell role");
_Static_assert(VNP_CELL_SLOTS <= sizeof(unsigned) * 8, "vnp_record.cell_roles has a bit per slot");
_Static_assert(sizeof(void *) != 8 || sizeof(vnp_record) <= 112,
               "a record within 112 bytes on a 64-bit machine (vnplan.h)");

/* The set bits of x. */
static unsigned bits_set(unsigned x)
{
    unsigned n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

const char *vnp_record_cell(const vnp_record *record, vnp_cell_role role)
{
    if (!record || (unsigned)role >= VNP_CELL_ROLES || !(record->cell_roles >> role & 1u))
        return NULL;
    return record->cells[bits_set(record->cell_roles & ((1u << role) - 1u))];
}

bool record_share_cells(arena *a, vnp_record *record, const char *const by_role[VNP_CELL_ROLES],
                        const char **row, size_t n)
{
    unsigned roles = 0;
    size_t at = n; /* where the record's first cell stands in the row */
    for (unsigned k = 0; k < VNP_CELL_ROLES; k++) {
        if (!by_role[k])
            continue;
        if (!roles) {
            for (at = 0; at < n && row[at] != by_role[k]; at++)
                ;
        } else if (at < n && row[at] != by_role[k]) {
            at = n;
        }
        if (at >= n)
            return record_set_cells(a, record, by_role);
        roles |= 1u << k;
        at++;
    }
    if (!roles)
        return record_set_cells(a, record, by_role);
    record->cell_roles = roles;
    record->cells = row + at - bits_set(roles);
    return true;
}

bool record_set_cells(arena *a, vnp_record *record, const char *const by_role[VNP_CELL_ROLES])
{
    unsigned roles = 0, n = 0;
    for (unsigned k = 0; k < VNP_CELL_ROLES; k++)
        if (by_role[k]) {
            roles |= 1u << k;
            n++;
        }
    record->cell_roles = 0;
    record->cells = NULL;
    if (!n)
        return true;
    const char **cells = arena_alloc(a, n * sizeof *cells);
    if (!cells)
        return false;
    for (unsigned k = 0, at = 0; k < VNP_CELL_ROLES; k++)
        if (roles >> k & 1u)
            cells[at++] = by_role[k];
    record->cell_roles = roles;
    record->cells = cells;
    return true;
}
