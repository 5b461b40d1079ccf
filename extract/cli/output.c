/* Writing the command's outputs. A regular file of ours is written beside
 * its place and renamed over it once complete, so a failure (a full disk,
 * a signal) leaves the previous file as it was. Everything else is written
 * where it is, as a shell's `>` would: devices, pipes, a file of another
 * user (a rename would take it from its owner), and a descriptor the path
 * names (`-o /dev/stdout` appends when stdout does). Every write, flush and
 * close is checked. */
#define _XOPEN_SOURCE 700 /* readlink, fchmod, sigaction, fdopen, strdup */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { LINK_STEPS = 40 }; /* the kernel's own limit on a chain of links */

/* ---- the temporary file, removed when a signal ends the process --------- */

static char pending_tmp[4096];
static volatile sig_atomic_t pending;
static const int cleanup_signals[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT};
enum { CLEANUP_SIGNALS = sizeof cleanup_signals / sizeof cleanup_signals[0] };

/* Only async-signal-safe calls: unlink, signal, raise. */
static void on_signal(int sig)
{
    if (pending)
        unlink(pending_tmp);
    signal(sig, SIG_DFL);
    raise(sig); /* ends the process as the signal would have */
}

static void block_cleanup_signals(bool block)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t k = 0; k < CLEANUP_SIGNALS; k++)
        sigaddset(&set, cleanup_signals[k]);
    sigprocmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

void output_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t k = 0; k < CLEANUP_SIGNALS; k++)
        sigaddset(&sa.sa_mask, cleanup_signals[k]);
    for (size_t k = 0; k < CLEANUP_SIGNALS; k++) {
        struct sigaction old;
        if (sigaction(cleanup_signals[k], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue; /* ignored on purpose (nohup): stays ignored */
        sigaction(cleanup_signals[k], &sa, NULL);
    }
    signal(SIGXFSZ, SIG_IGN); /* past a file-size limit a write fails with EFBIG */
}

/* ---- what a path names ---------------------------------------------------- */

/* N when path names descriptor N of this process (/dev/fd/N,
 * /proc/self/fd/N, /proc/<our pid>/fd/N), else -1. */
static int descriptor_path(const char *path)
{
    char own[64];
    snprintf(own, sizeof own, "/proc/%ld/fd/", (long)getpid());
    const char *const prefixes[] = {"/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/", own};
    const char *rest = NULL;
    for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0] && !rest; k++)
        if (strncmp(path, prefixes[k], strlen(prefixes[k])) == 0)
            rest = path + strlen(prefixes[k]);
    if (!rest || !*rest)
        return -1;
    long n = 0;
    for (; *rest; rest++) {
        if (*rest < '0' || *rest > '9' || n > INT_MAX / 10)
            return -1;
        n = n * 10 + (*rest - '0');
    }
    return n <= INT_MAX ? (int)n : -1;
}

/* The link target `to`, read from the link at `from`, as a path. */
static char *link_target(const char *from, const char *to, size_t to_len)
{
    const char *slash = strrchr(from, '/');
    size_t dir = to[0] == '/' || !slash ? 0 : (size_t)(slash - from) + 1;
    char *path = malloc(dir + to_len + 1);
    if (path) {
        memcpy(path, from, dir);
        memcpy(path + dir, to, to_len);
        path[dir + to_len] = '\0';
    }
    return path;
}

/* Follows the symbolic links that dest is, one at a time, to the file they
 * name, which need not exist yet (a dangling link is written through, not
 * replaced). *fd is set when a step names a descriptor of ours. Returns a
 * malloc'd path, or NULL with errno set. */
static char *follow_links(const char *dest, int *fd)
{
    *fd = -1;
    char *path = strdup(dest);
    for (int step = 0; path && step < LINK_STEPS; step++) {
        *fd = descriptor_path(path);
        if (*fd >= 0)
            return path;
        char to[4096];
        ssize_t len = readlink(path, to, sizeof to);
        if (len < 0)
            return path; /* not a link, or nothing there: the file itself */
        if ((size_t)len == sizeof to) {
            free(path);
            errno = ENAMETOOLONG;
            return NULL;
        }
        char *next = link_target(path, to, (size_t)len);
        free(path);
        path = next;
    }
    if (path) {
        free(path);
        errno = ELOOP;
    }
    return NULL;
}

bool output_identity(const char *dest, dev_t *dev, ino_t *ino)
{
    if (strcmp(dest, "-") == 0)
        dest = "/dev/stdout";
    int fd;
    char *path = follow_links(dest, &fd);
    struct stat st;
    /* a terminal, a pipe or /dev/null is no file an input could be */
    bool found = path && (fd >= 0 ? fstat(fd, &st) : stat(path, &st)) == 0 && S_ISREG(st.st_mode);
    free(path);
    if (found) {
        *dev = st.st_dev;
        *ino = st.st_ino;
    }
    return found;
}

/* ---- opening ------------------------------------------------------------- */

/* Writes through descriptor n as it stands: its offset, its append mode. */
static int open_descriptor(output *o, int n)
{
    if (n == STDOUT_FILENO) {
        o->f = stdout;
        return 0;
    }
    int fd = dup(n);
    if (fd < 0)
        return errno;
    o->f = fdopen(fd, "wb"); /* "w" on a descriptor truncates nothing */
    if (!o->f) {
        int e = errno;
        close(fd);
        return e;
    }
    return 0;
}

/* fd, opened on a device, a pipe or someone else's file: written there. */
static int write_in_place(output *o, int fd, bool regular)
{
    int flags = fcntl(fd, F_GETFL);
    if ((flags >= 0 && fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) ||
        (regular && ftruncate(fd, 0) != 0) || !(o->f = fdopen(fd, "wb"))) {
        int e = errno;
        close(fd);
        return e;
    }
    return 0;
}

/* A new file beside o->target ("target.PID.N.tmp") with the mode of the
 * file it replaces (old, or NULL for a new file), armed for removal on a
 * signal. */
static int open_temporary(output *o, const struct stat *old)
{
    for (int n = 0; n < 100; n++) {
        int len = snprintf(o->tmp, sizeof o->tmp, "%s.%ld.%d.tmp", o->target, (long)getpid(), n);
        if (len < 0 || (size_t)len >= sizeof o->tmp)
            return ENAMETOOLONG;
        block_cleanup_signals(true);
        int fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        int e = errno;
        if (fd >= 0) {
            memcpy(pending_tmp, o->tmp, (size_t)len + 1);
            pending = 1;
        }
        block_cleanup_signals(false);
        if (fd < 0 && e == EEXIST)
            continue;
        if (fd < 0)
            return e;
        if (old)
            (void)fchmod(fd, old->st_mode & 07777); /* best effort: the data matter */
        o->f = fdopen(fd, "wb");
        if (!o->f) {
            e = errno;
            close(fd);
            unlink(o->tmp);
            pending = 0;
            return e;
        }
        return 0;
    }
    return EEXIST;
}

/* path, after its links: replaced when it is a regular file of ours or a
 * new one, written in place otherwise. Opening it first for writing is the
 * check a shell's `>` makes: a file we may not write is refused, not
 * renamed over. */
static int open_path(output *o, char *path)
{
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 && errno == ENXIO) /* a FIFO with no reader yet: wait, as `>` does */
        fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 && errno != ENOENT) {
        int e = errno;
        free(path);
        return e;
    }
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        free(path);
        return e;
    }
    if (fd >= 0 && (!S_ISREG(st.st_mode) || st.st_uid != geteuid())) {
        free(path);
        return write_in_place(o, fd, S_ISREG(st.st_mode));
    }
    if (fd >= 0)
        close(fd);
    o->target = path;
    o->replace = true;
    int e = open_temporary(o, fd >= 0 ? &st : NULL);
    if (e) {
        free(o->target);
        o->target = NULL;
    }
    return e;
}

int output_open(output *o, const char *dest)
{
    memset(o, 0, sizeof *o);
    if (strcmp(dest, "-") == 0) {
        o->f = stdout;
        return 0;
    }
    int fd;
    char *path = follow_links(dest, &fd);
    if (!path)
        return errno ? errno : ENOMEM;
    if (fd >= 0) {
        free(path);
        return open_descriptor(o, fd);
    }
    return open_path(o, path);
}

/* ---- closing ------------------------------------------------------------- */

static bool stdout_failed; /* a failure of stdout was reported */

int output_close(output *o, bool written, int write_errno)
{
    int err = written ? 0 : write_errno ? write_errno : EIO;
    if (o->f == stdout) {
        if (fflush(stdout) != 0 && !err)
            err = errno ? errno : EIO;
        if (ferror(stdout) && !err)
            err = EIO;
        stdout_failed = stdout_failed || err;
    } else if (o->f && fclose(o->f) != 0 && !err) {
        err = errno ? errno : EIO;
    }
    if (o->replace) {
        if (!err && rename(o->tmp, o->target) != 0)
            err = errno;
        if (err)
            unlink(o->tmp);
        pending = 0;
    }
    free(o->target);
    memset(o, 0, sizeof *o);
    return err;
}

static void report_stdout(int e, const char *who)
{
    if (!stdout_failed)
        fprintf(stderr, "%s: error: cannot write stdout: %s\n", who, strerror(e ? e : EIO));
    stdout_failed = true;
}

bool output_write_stdout(const void *p, size_t n, const char *who)
{
    if (stdout_failed)
        return false;
    errno = 0;
    if (fwrite(p, 1, n, stdout) == n && fflush(stdout) == 0)
        return true;
    report_stdout(errno, who);
    return false;
}

void output_buffer_stdout_lines(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
}

bool output_write_json_stdout(const vnp_document *doc, const char *who)
{
    if (stdout_failed)
        return false;
    errno = 0;
    vnp_status st = vnp_write_json_file(doc, VNP_WRITE_COMPACT, stdout);
    int e = errno;
    if (st == VNP_OK && fflush(stdout) == 0)
        return true;
    if (st == VNP_ERR_NOMEM) {
        fprintf(stderr, "%s: error: out of memory writing its JSON line\n", who);
        return false;
    }
    report_stdout(e ? e : errno, who);
    return false;
}

bool output_flush_stdout(void)
{
    if (stdout_failed)
        return false;
    errno = 0;
    int e = fflush(stdout) != 0 ? errno : ferror(stdout) ? EIO : 0;
    if (e)
        report_stdout(e, "vnplan");
    return !e;
}

bool output_printf_stdout(const char *who, const char *fmt, ...)
{
    if (stdout_failed)
        return false;
    va_list ap;
    va_start(ap, fmt);
    errno = 0;
    int n = vfprintf(stdout, fmt, ap);
    va_end(ap);
    if (n >= 0 && !ferror(stdout))
        return true;
    report_stdout(errno, who);
    return false;
}

bool output_close_standard(void)
{
    bool ok = output_flush_stdout();
    bool had_error = ferror(stdout) != 0;
    errno = 0;
    /* a closed stdout that nothing was written to is no failure */
    if (fclose(stdout) != 0 && ok && (had_error || errno != EBADF)) {
        report_stdout(errno, "vnplan");
        ok = false;
    }
    return ok && !ferror(stderr); /* a failed stderr cannot say so itself */
}
