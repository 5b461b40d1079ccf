/* Refusing outputs that would overwrite an input or another output. Sorted
 * arrays keep the checks at n log n for any number of files. */
#define _XOPEN_SOURCE 700 /* fstat, stat */
#include "guard.h"

#include "output.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *path_base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int by_id(const void *pa, const void *pb)
{
    const struct file_id *a = pa, *b = pb;
    if (a->dev != b->dev)
        return a->dev < b->dev ? -1 : 1;
    return a->ino < b->ino ? -1 : a->ino > b->ino;
}

bool file_ids_of(file_ids *ids, char *const *paths, size_t n)
{
    ids->count = 0;
    ids->items = malloc((n ? n : 1) * sizeof *ids->items);
    if (!ids->items)
        return false;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        bool is_stdin = strcmp(paths[i], "-") == 0;
        if ((is_stdin ? fstat(STDIN_FILENO, &st) : stat(paths[i], &st)) != 0 ||
            !S_ISREG(st.st_mode))
            continue; /* a terminal or pipe is never overwritten; a missing file fails later */
        ids->items[ids->count++] = (struct file_id){st.st_dev, st.st_ino, paths[i]};
    }
    qsort(ids->items, ids->count, sizeof *ids->items, by_id);
    return true;
}

void file_ids_free(file_ids *ids)
{
    free(ids->items);
    ids->items = NULL;
    ids->count = 0;
}

const char *file_ids_find(const file_ids *ids, dev_t dev, ino_t ino)
{
    struct file_id key = {dev, ino, NULL};
    const struct file_id *hit =
        ids->count ? bsearch(&key, ids->items, ids->count, sizeof key, by_id) : NULL;
    return hit ? hit->path : NULL;
}

const char *file_ids_find_output(const file_ids *ids, const char *dest)
{
    dev_t dev;
    ino_t ino;
    return output_identity(dest, &dev, &ino) ? file_ids_find(ids, dev, ino) : NULL;
}

static int by_base_name(const void *pa, const void *pb)
{
    char *const *a = pa, *const *b = pb;
    return strcmp(path_base_name(*a), path_base_name(*b));
}

bool same_base_names(char *const *paths, size_t n, size_t *first, size_t *second)
{
    char **sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!sorted)
        return false;
    memcpy(sorted, paths, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, by_base_name);
    bool found = false;
    for (size_t i = 1; i < n && !found; i++)
        if (strcmp(path_base_name(sorted[i - 1]), path_base_name(sorted[i])) == 0) {
            size_t a = 0, b = 0;
            for (size_t k = 0; k < n; k++) {
                if (paths[k] == sorted[i - 1])
                    a = k;
                if (paths[k] == sorted[i])
                    b = k;
            }
            *first = a < b ? a : b; /* in argument order, whatever qsort did */
            *second = a < b ? b : a;
            found = true;
        }
    free(sorted);
    return found;
}
