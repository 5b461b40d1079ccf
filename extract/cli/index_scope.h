/* What the corpus checks look at: the archive, with the files being
 * checked in place of the versions it holds of them. */
#ifndef VNPLAN_INDEX_SCOPE_H
#define VNPLAN_INDEX_SCOPE_H

#include "index.h"

/* Opens x: an index in memory holding the files of paths[0..count)
 * (parsed now, counted in c), with the archive at archive_path attached
 * read-only, and the temporary views the checks read:
 *   scope_documents (id, path, key, date, province, place),
 *   scope_cited (id, document_id, key, symbol, date, first_line),
 *   scope_mentions (cited_id, line, date, issuer, type),
 *   scope_links (cited_id, citing_id, target_id, key): the rule of
 *   schema/vnplan.sql's view citation_links over the scope.
 * They hold the archive's documents, less those at a path or with a
 * sha256 of a file checked, and the files checked, whose ids are
 * negative. False (reported, x closed) when the archive or the memory
 * fails; a file that cannot be read is reported and counted in c. */
bool index_scope_open(index_db *x, const char *archive_path, char **paths, int count,
                      index_counts *c);

#endif
