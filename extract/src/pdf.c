/* PDF with a text layer: poppler's pdftotext reads it, in a process of its
 * own (so the library links no PDF code), and gives every word with its
 * box (-tsv); pdf_layout.c makes lines, paragraphs and tables of them.
 *
 * The PDF goes to pdftotext's stdin through a socket (a write to a child
 * that stopped reading fails with EPIPE, never a SIGPIPE for the caller's
 * process), its output comes back through a pipe, read as it comes, with a
 * time limit; no shell is involved. A PDF without words (a scan) is an
 * error that names OCR as the way. */
#define _GNU_SOURCE /* pipe2, MSG_NOSIGNAL */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

enum { PDF_TIME_LIMIT_SECONDS = 300 };
#define PDF_MAX_OUTPUT ((size_t)1 << 31) /* of pdftotext's TSV: 2 GiB */

bool pdf_signature(const char *bytes, size_t len)
{
    /* the header may follow some bytes of junk (the specification allows
     * 1024) */
    size_t n = len < 1024 ? len : 1024;
    if (n < 5)
        return false;
    /* from one '%' to the next with memchr: a text has few, and a byte
     * by byte compare at each of the 1024 places cost more than the
     * whole test of its form */
    for (const char *at = memchr(bytes, '%', n); at && (size_t)(at - bytes) + 5 <= n;
         at = memchr(at + 1, '%', n - (size_t)(at + 1 - bytes)))
        if (memcmp(at, "%PDF-", 5) == 0)
            return true;
    return false;
}

static vnp_status pdf_error(vnp_error *err, const char *what, const char *detail)
{
    if (err) {
        err->status = VNP_ERR_FORMAT;
        snprintf(err->message, sizeof err->message, "%.100s%s%.96s", what, detail ? ": " : "",
                 detail ? detail : "");
    }
    return VNP_ERR_FORMAT;
}

typedef struct child_io {
    strbuf out, errors;
    size_t written;
} child_io;

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Reads what fd has into b; false at its end (or an error). */
static bool drain(int fd, strbuf *b, size_t most)
{
    char chunk[1 << 16];
    ssize_t got = read(fd, chunk, sizeof chunk);
    if (got < 0 && (errno == EINTR || errno == EAGAIN))
        return true;
    if (got <= 0)
        return false;
    if (b->len + (size_t)got <= most)
        sb_append(b, chunk, (size_t)got);
    else
        b->failed = true; /* past the limit: stop keeping it */
    return true;
}

/* Feeds the PDF and gathers both outputs until the child closes them or
 * the time runs out. Returns false on timeout. */
static bool exchange(int in_fd, int out_fd, int err_fd, const char *bytes, size_t len,
                     child_io *io)
{
    double deadline = now_seconds() + PDF_TIME_LIMIT_SECONDS;
    bool out_open = true, err_open = true;
    while (out_open || err_open) {
        struct pollfd fds[3] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0},
                                {in_fd, POLLOUT, 0}};
        nfds_t count = in_fd >= 0 ? 3 : 2;
        fds[0].fd = out_open ? out_fd : -1;
        fds[1].fd = err_open ? err_fd : -1;
        double left = deadline - now_seconds();
        if (left <= 0)
            return false;
        int r = poll(fds, count, (int)(left * 1000) + 1);
        if (r < 0 && errno != EINTR)
            return false;
        if (r <= 0)
            continue;
        if (out_open && fds[0].revents)
            out_open = drain(out_fd, &io->out, PDF_MAX_OUTPUT);
        if (err_open && fds[1].revents)
            err_open = drain(err_fd, &io->errors, 1 << 16);
        if (in_fd >= 0 && fds[2].revents) {
            ssize_t w = io->written < len
                            ? send(in_fd, bytes + io->written, len - io->written, MSG_NOSIGNAL)
                            : 0;
            if (w > 0)
                io->written += (size_t)w;
            if (w < 0 && errno != EINTR && errno != EAGAIN)
                io->written = len; /* the child stopped reading: what it has is all */
            if (io->written >= len || (fds[2].revents & (POLLERR | POLLHUP))) {
                close(in_fd);
                in_fd = -1;
            }
        }
    }
    if (in_fd >= 0)
        close(in_fd);
    return true;
}

/* The first line of pdftotext's complaints, for a message. */
static const char *first_complaint(strbuf *errors, char *buf, size_t cap)
{
    if (!errors->len || !errors->data)
        return NULL;
    size_t n = strcspn(errors->data, "\n");
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, errors->data, n);
    buf[utf8_boundary(buf, n)] = '\0';
    return buf;
}

typedef struct spawned {
    pid_t pid;
    int in_fd, out_fd, err_fd;
} spawned;

static void close_all(int *fds, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (fds[i] >= 0)
            close(fds[i]);
}

/* Starts pdftotext -tsv reading stdin; errno-style code on failure. */
static int spawn_pdftotext(spawned *c)
{
    int sv[2] = {-1, -1}, out[2] = {-1, -1}, errp[2] = {-1, -1};
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0 ||
        pipe2(out, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0) {
        int e = errno;
        int all[6] = {sv[0], sv[1], out[0], out[1], errp[0], errp[1]};
        close_all(all, 6);
        return e;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
    /* not -q: the complaints a damaged file gives are wanted */
    char *argv[] = {"pdftotext", "-tsv", "-enc", "UTF-8", "-", "-", NULL};
    int e = posix_spawnp(&c->pid, "pdftotext", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(sv[1]);
    close(out[1]);
    close(errp[1]);
    if (e) {
        int rest[3] = {sv[0], out[0], errp[0]};
        close_all(rest, 3);
        return e;
    }
    c->in_fd = sv[0];
    c->out_fd = out[0];
    c->err_fd = errp[0];
    fcntl(c->in_fd, F_SETFL, O_NONBLOCK);
    return 0;
}

vnp_status pdf_read(vnp_document *doc, const char *bytes, size_t len, char **text,
                    size_t *text_len, vnp_error *err)
{
    spawned c;
    int e = spawn_pdftotext(&c);
    if (e == ENOENT)
        return pdf_error(err, "reading a PDF needs pdftotext, which is not installed",
                         "install poppler-utils (Debian: apt-get install poppler-utils)");
    if (e)
        return pdf_error(err, "cannot run pdftotext", strerror(e));
    child_io io = {{0}, {0}, 0};
    bool in_time = exchange(c.in_fd, c.out_fd, c.err_fd, bytes, len, &io);
    close(c.out_fd);
    close(c.err_fd);
    if (!in_time)
        kill(c.pid, SIGKILL);
    int status = 0;
    while (waitpid(c.pid, &status, 0) < 0 && errno == EINTR)
        ;
    char why[96];
    const char *complaint = first_complaint(&io.errors, why, sizeof why);
    vnp_status st = VNP_OK;
    if (!in_time)
        st = pdf_error(err, "pdftotext took longer than the time limit (300 s) and was stopped",
                       NULL);
    else if (io.out.failed && io.out.len >= PDF_MAX_OUTPUT)
        st = pdf_error(err, "the PDF's text is too large (over 2 GiB of words)", NULL);
    else if (io.out.failed)
        st = VNP_ERR_NOMEM;
    else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        st = pdf_error(err, "pdftotext could not read the PDF (damaged or truncated?)",
                       complaint ? complaint : "no reason given");
    if (st == VNP_OK) {
        pdf_text t;
        st = pdf_layout(doc, io.out.data ? io.out.data : "", io.out.len, &t);
        if (st == VNP_OK && t.words == 0)
            st = pdf_error(err, "the PDF has no text layer (its pages are images: a scan)",
                           "read it with OCR first (for instance ocrmypdf, or tesseract) "
                           "and give vnplan the result");
        if (st == VNP_OK) {
            if (complaint)
                diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_PDF_DAMAGED, 0,
                         "pdftotext read the PDF with complaints (%s): some of its text may "
                         "be missing", complaint);
            *text = t.text;
            *text_len = t.len;
        }
    }
    sb_free(&io.out);
    sb_free(&io.errors);
    return st;
}
