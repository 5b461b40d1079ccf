/* The Word 97 reader: LibreOffice (soffice, run as a separate process in a
 * folder of its own) converts the .doc into a .docx, which docx_read()
 * reads. Without soffice the error says how to install it. */
#define _POSIX_C_SOURCE 200809L
#include "reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The soffice to run: $VNPLAN_SOFFICE when set (tests point it at a
 * program that is not there), else the first on PATH. */
static bool find_soffice(char *path, size_t cap)
{
    const char *forced = getenv("VNPLAN_SOFFICE");
    if (forced) {
        snprintf(path, cap, "%s", forced);
        return access(path, X_OK) == 0;
    }
    const char *dirs = getenv("PATH");
    if (!dirs)
        dirs = "/usr/bin:/bin";
    for (const char *d = dirs; *d;) {
        const char *end = strchr(d, ':');
        size_t n = end ? (size_t)(end - d) : strlen(d);
        if (n && n < cap - 10) {
            snprintf(path, cap, "%.*s/soffice", (int)n, d);
            if (access(path, X_OK) == 0)
                return true;
        }
        d += n + (end != NULL);
    }
    return false;
}

static bool write_file(const char *path, const char *bytes, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return false;
    bool ok = true;
    for (size_t done = 0; ok && done < len;) {
        ssize_t w = write(fd, bytes + done, len - done);
        ok = w > 0 || (w < 0 && errno == EINTR);
        done += w > 0 ? (size_t)w : 0;
    }
    return close(fd) == 0 && ok;
}

static bool read_file(const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    strbuf b = {0};
    char chunk[1 << 16];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= VNP_MAX_INPUT_BYTES)
        sb_append(&b, chunk, got);
    bool ok = !ferror(f) && !b.failed && b.len <= VNP_MAX_INPUT_BYTES;
    fclose(f);
    if (!ok) {
        sb_free(&b);
        return false;
    }
    *data = b.data;
    *len = b.len;
    return true;
}

/* Runs soffice on dir/in.doc with its profile in dir, its output in dir,
 * and nothing on our stdout or stderr; its exit status. */
static int convert(const char *soffice, const char *dir)
{
    char in[4200], profile[4200];
    snprintf(in, sizeof in, "%s/in.doc", dir);
    snprintf(profile, sizeof profile, "-env:UserInstallation=file://%s/profile", dir);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
        }
        execl(soffice, soffice, profile, "--headless", "--norestore", "--convert-to", "docx",
              "--outdir", dir, in, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Removes what the conversion left in dir (files and the profile tree). */
static void remove_tree(const char *path)
{
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/rm", "rm", "-rf", "--", path, (char *)NULL);
        _exit(127);
    }
    int status;
    if (pid > 0)
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
}

vnp_status doc_read(vnp_document *doc, const char *bytes, size_t len, reader_out *o,
                    vnp_error *err)
{
    char soffice[4096];
    if (!find_soffice(soffice, sizeof soffice))
        return reader_fail(err, VNP_ERR_FORMAT,
                           "a Word 97 .doc is read through LibreOffice, and soffice was not "
                           "found: install it (apt-get install libreoffice-writer) or save the "
                           "document as .docx");
    const char *tmp = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/vnplan-doc-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return reader_fail(err, VNP_ERR_IO, "cannot make a temporary folder for soffice: %s",
                           strerror(errno));
    char in[4200], out[4200];
    snprintf(in, sizeof in, "%s/in.doc", dir);
    snprintf(out, sizeof out, "%s/in.docx", dir);
    vnp_status st;
    char *docx = NULL;
    size_t docx_len = 0;
    if (!write_file(in, bytes, len))
        st = reader_fail(err, VNP_ERR_IO, "cannot write the .doc for soffice: %s",
                         strerror(errno));
    else if (convert(soffice, dir) != 0 || !read_file(out, &docx, &docx_len))
        st = reader_fail(err, VNP_ERR_FORMAT,
                         "soffice could not convert the .doc into a .docx: the file is "
                         "damaged or not a Word document");
    else
        st = docx_read(doc, docx, docx_len, o, err);
    mem_free(docx);
    remove_tree(dir);
    return st;
}
