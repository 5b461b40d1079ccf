/* Runs a fuzz harness once on each file named on the command line, without
 * libFuzzer: the inputs that once made a harness fail (tests/fuzz/regressions)
 * are replayed by every build, with any compiler and under the sanitizers,
 * so a fixed crash stays fixed. A harness reports a broken contract by
 * aborting; a file that cannot be read is an error here. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Harnesses without an initialiser get this weak one. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static unsigned char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        unsigned char *grown = realloc(buf, cap * 2);
        if (!grown) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s INPUT...\n", argv[0]);
        return 2;
    }
    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        size_t len = 0;
        unsigned char *data = read_whole(argv[i], &len);
        if (!data) {
            fprintf(stderr, "%s:0: error: cannot read the input\n", argv[i]);
            return 1;
        }
        LLVMFuzzerTestOneInput(data, len);
        free(data);
        printf("ok %s\n", argv[i]);
    }
    return 0;
}
