/* `vnplan index`: the archive as an SQLite database (schema/vnplan.sql),
 * its full-text search and its corpus checks. */
#ifndef VNPLAN_INDEX_H
#define VNPLAN_INDEX_H

/* argv[1] is "index". Returns the exit status. */
int index_main(int argc, char **argv);

/* --check DB: the corpus checks over an index (index_check.c). */
int index_check(const char *db_path);

/* --search DB WORDS...: the titles, tasks and agencies that hold every
 * word, folded (index_search.c). */
int index_search(const char *db_path, char **words, int count);

#endif
