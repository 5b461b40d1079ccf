/* Text of the documents written into the page of `vnplan report`: as HTML
 * text, or as JSON strings inside a <script> element. */
#ifndef VNPLAN_REPORT_ESCAPE_H
#define VNPLAN_REPORT_ESCAPE_H

#include <stdio.h>

/* s as HTML text (also safe in a quoted attribute): & < > " ' as
 * entities. Bytes that are not UTF-8 (a file name, say) become U+FFFD. */
void html_text(FILE *f, const char *s);

/* s as a JSON string that cannot end the <script> element it stands in:
 * <, > and & as \u escapes (so neither "</script" nor "<!--" appears), and
 * U+2028 and U+2029 too; NULL as null. Bytes that are not UTF-8 become
 * U+FFFD, so the data is always valid JSON. */
void json_script_string(FILE *f, const char *s);

#endif
