/* Outputs that would destroy an input, or each other, are refused before
 * anything is read or written. */
#ifndef VNPLAN_GUARD_H
#define VNPLAN_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The regular files among a set of paths, by device and inode ("-" is
 * stdin), for asking whether an output is one of them. */
typedef struct file_ids {
    struct file_id {
        dev_t dev;
        ino_t ino;
        const char *path;
    } *items;
    size_t count;
} file_ids;

/* false when out of memory. */
bool file_ids_of(file_ids *ids, char *const *paths, size_t n);
void file_ids_free(file_ids *ids);

/* The input that dest (an output: a path, or "-" for stdout) would
 * overwrite, or NULL. */
const char *file_ids_find_output(const file_ids *ids, const char *dest);

/* The input that is the regular file at path (already opened by a caller,
 * say), or NULL. */
const char *file_ids_find(const file_ids *ids, dev_t dev, ino_t ino);

/* Two inputs whose outputs in a -d folder have one name (the same base
 * name): their indices in *first and *second. */
bool same_base_names(char *const *paths, size_t n, size_t *first, size_t *second);

const char *path_base_name(const char *path);

#endif
