/* The arguments of `vnplan extract`. */
#ifndef VNPLAN_ARGS_H
#define VNPLAN_ARGS_H

#include "vnplan.h"

#include <stdbool.h>
#include <stddef.h>

enum { JOBS_MAX = 256 };

typedef struct extract_args {
    bool json, xml, akn;   /* the formats written (akn: Akoma Ntoso) */
    bool jsonl;            /* JSON Lines: one compact document per line, on stdout */
    unsigned write_flags;
    vnp_options options;
    const char *output;    /* -o FILE */
    const char *out_dir;   /* -d DIR */
    bool quiet;
    size_t jobs;           /* --jobs N, 1 when not given */
    bool files_from_stdin; /* --files-from - */
    char **files;          /* the inputs, in order (malloc'd array of argv's strings) */
    int file_count;
} extract_args;

/* Reads argv[2..argc) in any order (options before, between or after the
 * files; everything after "--" is a file). An option's value is always the
 * next argument: an option without one is a usage error, never a file
 * taken as its value. Returns false after printing the usage error. */
bool extract_args_parse(extract_args *a, int argc, char **argv);

void extract_args_free(extract_args *a);

#endif
