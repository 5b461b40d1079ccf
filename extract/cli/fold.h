/* The search folding of the archive index: lower case, without tone marks
 * or other diacritics, đ as d ("Phối hợp" -> "phoi hop"). */
#ifndef VNPLAN_FOLD_H
#define VNPLAN_FOLD_H

#include <stddef.h>

/* A malloc'd, NUL-terminated folding of len bytes of UTF-8 text, or NULL
 * when the text is not UTF-8 or memory ran out. */
char *fold_text(const char *text, size_t len);

#endif
