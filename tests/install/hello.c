/* A program that uses vnplan as an embedder would: it reads one document
 * and writes it as JSON on stdout. It first checks that the library it runs
 * with is the one its header describes. */
#include <stdio.h>
#include <string.h>

#include <vnplan.h>

/* Names the library uses inside, given other meanings here: linked
 * statically they must not clash, linked dynamically the library must not
 * call these instead of its own. */
int sb_append(int x);
int utf8_decode(int x);
int diag_add(int x);
int sb_append(int x) { return x + 1; }
int utf8_decode(int x) { return x + 2; }
int diag_add(int x) { return x + 3; }

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: hello FILE\n", stderr);
        return 2;
    }
    if (strcmp(vnp_version(), VNPLAN_VERSION) != 0 ||
        strcmp(vnp_format_version(), VNPLAN_FORMAT_VERSION) != 0) {
        fprintf(stderr, "hello: compiled against vnplan %s (format %s), runs with %s (format %s)\n",
                VNPLAN_VERSION, VNPLAN_FORMAT_VERSION, vnp_version(), vnp_format_version());
        return 1;
    }
    if (sb_append(0) + utf8_decode(0) + diag_add(0) != 6)
        return 1;
    vnp_document *doc = NULL;
    vnp_error err;
    vnp_status st = vnp_parse_file(argv[1], NULL, &doc, &err);
    if (st != VNP_OK) {
        fprintf(stderr, "hello: %s:%zu: %s\n", argv[1], err.line, err.message);
        return 1;
    }
    st = vnp_write_json_file(doc, 0, stdout);
    vnp_document_free(doc);
    if (st != VNP_OK || fflush(stdout) != 0) {
        fprintf(stderr, "hello: writing the output: %s\n", vnp_status_string(st));
        return 1;
    }
    return 0;
}
