/* Where the command's outputs go, and how they are written so that a
 * failure never loses the file that was there and never passes unseen. */
#ifndef VNPLAN_OUTPUT_H
#define VNPLAN_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "vnplan.h"

/* One output being written: stdout ("-"), a descriptor the path names
 * (/dev/stdout, /dev/fd/N), a device or pipe (written in place), or a
 * regular file (written beside it and renamed over it when complete). */
typedef struct output {
    FILE *f;
    bool replace;   /* written to tmp, renamed over target by output_close */
    char *target;   /* the file replaced (malloc'd), or NULL */
    char tmp[4096];
} output;

/* Opens dest for writing. Returns 0, or the errno that says why not
 * (nothing is changed then). */
int output_open(output *o, const char *dest);

/* Ends the output; `written` says whether everything was written. Returns
 * 0 or the errno of the first failure (written false with errno 0 gives
 * EIO). On failure the replaced file is left as it was and the temporary
 * file removed. */
int output_close(output *o, bool written, int write_errno);

/* The identity of the regular file dest names, without changing it: false
 * when it does not exist yet or is no regular file. */
bool output_identity(const char *dest, dev_t *dev, ino_t *ino);

/* Removes the temporary file on SIGTERM, SIGINT, SIGHUP and SIGQUIT, and
 * lets a file-size limit fail a write (an error) rather than kill. */
void output_install_signals(void);

/* Flushes stdout; on failure reports it once, as "cannot write stdout:
 * <cause>", and returns false (so does every later call). */
bool output_flush_stdout(void);

/* Writes n bytes to stdout and flushes them, so that a failure is the
 * failure of this piece; on failure reports "<who>: error: cannot write
 * stdout: <cause>" once and returns false (so does every later call). */
bool output_write_stdout(const void *p, size_t n, const char *who);

/* printf to stdout, for output made line by line: on the first failure
 * reports "<who>: error: cannot write stdout: <cause>" once (the cause of
 * that failure) and returns false (so does every later call). */
bool output_printf_stdout(const char *who, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Leaves stdout without stdio's buffer, for lines made in a buffer of
 * their own (the JSON writer's 64 KB, a buffered line): each goes out
 * in one write as it is handed over, where stdio's 4 KB buffer made two
 * or more a line and copied every byte. Called before anything is written
 * to stdout. */
void output_buffer_stdout_lines(void);

/* Writes doc's compact JSON (one line) to stdout as it is made, and
 * flushes it; a failure is reported as output_write_stdout() does (memory
 * that ran out as such), and may leave the line cut short. */
bool output_write_json_stdout(const vnp_document *doc, const char *who);

/* At exit: flushes and closes stdout, checks stderr; false when either
 * could not be written (reported once when it was stdout). */
bool output_close_standard(void);

#endif
