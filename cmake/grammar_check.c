/* Build step: every grammar file must be usable before it is embedded.
 *
 *   grammar_check DIR
 *
 * Every DIR/NAME.pcre compiles with PCRE2 as the library compiles it
 * (PCRE2_EXTENDED | PCRE2_UTF | PCRE2_UCP, and @TYPES@ replaced by the
 * type words of DIR/doctypes.tsv, each escaped); every .tsv and .pcre
 * file is UTF-8 (the library compiles its own grammars without a UTF
 * check). A failure prints "DIR/FILE:LINE: error: MESSAGE", the form
 * editors jump to, and exits 1, which stops the build.
 *
 * The type words are put in as refs.c puts them (append_type_words):
 * each word escaped, a space standing for \s+; the order of the words,
 * longest first there, does not change whether the pattern compiles. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <dirent.h>
#include <pcre2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct text {
    char *data;
    size_t len, cap;
} text;

static bool put(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = (t->len + n + 1) * 2;
        char *p = realloc(t->data, cap);
        if (!p)
            return false;
        t->data = p;
        t->cap = cap;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
    return true;
}

static bool read_file(const char *path, text *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char buf[8192];
    size_t n;
    bool ok = true;
    while (ok && (n = fread(buf, 1, sizeof buf, f)) > 0)
        ok = put(out, buf, n);
    ok = ok && !ferror(f) && put(out, "", 0);
    fclose(f);
    return ok;
}

static size_t line_of(const char *s, size_t off)
{
    size_t line = 1;
    for (size_t i = 0; i < off; i++)
        line += s[i] == '\n';
    return line;
}

/* Length of the UTF-8 sequence at s (well formed, shortest form, no
 * surrogate), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (len == 0 || s[0] > 0xF4 || len > n)
        return 0;
    for (size_t k = 1; k < len; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90))
        return 0;
    return len;
}

static bool check_utf8(const char *shown, const text *t)
{
    const unsigned char *s = (const unsigned char *)t->data;
    for (size_t i = 0; i < t->len;) {
        size_t k = utf8_len(s + i, t->len - i);
        if (k == 0) {
            printf("%s:%zu: error: invalid UTF-8 (byte 0x%02X)\n", shown, line_of(t->data, i), s[i]);
            return false;
        }
        if (s[i] == 0) {
            printf("%s:%zu: error: NUL byte\n", shown, line_of(t->data, i));
            return false;
        }
        i += k;
    }
    return true;
}

static bool quiet_utf8(const text *t)
{
    const unsigned char *s = (const unsigned char *)t->data;
    for (size_t i = 0, k; i < t->len; i += k)
        if ((k = utf8_len(s + i, t->len - i)) == 0 || s[i] == 0)
            return false;
    return true;
}

/* A lexicon word as a literal of a PCRE2_EXTENDED pattern: ASCII
 * punctuation escaped, a space matching any white space. */
static bool put_word(text *pat, const char *w, size_t n)
{
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        bool alnum = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
        if (c == ' ')
            ok = put(pat, "\\s+", 3);
        else if (c < 0x80 && !alnum)
            ok = put(pat, "\\", 1) && put(pat, w + i, 1);
        else
            ok = put(pat, w + i, 1);
    }
    return ok;
}

/* "(?i:w1|w2|...)" from the first column of the rows of a lexicon. */
static bool put_types(text *pat, const text *lex)
{
    bool ok = put(pat, "(?i:", 4), first = true;
    for (size_t pos = 0; ok && pos < lex->len;) {
        const char *line = lex->data + pos;
        const char *nl = memchr(line, '\n', lex->len - pos);
        size_t end = nl ? (size_t)(nl - lex->data) : lex->len;
        const char *tab = memchr(line, '\t', end - pos);
        if (line[0] != '#' && tab) {
            ok = (first || put(pat, "|", 1)) && put_word(pat, line, (size_t)(tab - line));
            first = false;
        }
        pos = end + 1;
    }
    return ok && put(pat, ")", 1);
}

/* One piece of the built pattern: from pattern byte `at` on, the bytes
 * of the grammar file from its byte `from` on, or (from_lexicon) the type
 * words put in for the @TYPES@ at byte `from`. */
typedef struct piece {
    size_t at, from;
    bool from_lexicon;
} piece;

enum { MAX_PIECES = 64 };

/* The innermost '(' still open at the end of an extended pattern, for a
 * "missing closing parenthesis": PCRE2 reports that at the end. */
static size_t open_paren(const char *s, size_t n)
{
    size_t stack[256], depth = 0, unknown = n;
    bool in_class = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\') {
            if (i + 1 < n && s[i + 1] == 'Q') {
                const char *e = strstr(s + i + 2, "\\E");
                i = e ? (size_t)(e - s) + 1 : n;
            } else {
                i++;
            }
        } else if (in_class) {
            in_class = c != ']';
        } else if (c == '[') {
            in_class = true;
            if (i + 1 < n && s[i + 1] == '^')
                i++;
            if (i + 1 < n && s[i + 1] == ']')
                i++;
        } else if (c == '#') {
            while (i < n && s[i] != '\n')
                i++;
        } else if (c == '(') {
            if (depth < 256)
                stack[depth] = i;
            depth++;
        } else if (c == ')' && depth > 0) {
            depth--;
        }
    }
    return depth > 0 && depth <= 256 ? stack[depth - 1] : unknown;
}

/* Where pattern byte `off` came from, as "FILE:LINE" (the line of the
 * @TYPES@ for a byte of the type words). */
static void place(char *out, size_t cap, size_t off, const piece *pc, size_t pieces,
                  const char *shown, const text *src)
{
    size_t k = 0;
    while (k + 1 < pieces && pc[k + 1].at <= off)
        k++;
    size_t from = pc[k].from_lexicon ? pc[k].from : pc[k].from + (off - pc[k].at);
    snprintf(out, cap, "%s:%zu%s", shown, line_of(src->data, from < src->len ? from : src->len),
             pc[k].from_lexicon ? " (in the type words of doctypes.tsv)" : "");
}

static bool check_pattern(const char *dir, const char *name, const text *src)
{
    char shown[1024], lex_path[1024];
    snprintf(shown, sizeof shown, "%s/%s", dir, name);
    snprintf(lex_path, sizeof lex_path, "%s/doctypes.tsv", dir);
    text pat = {0}, lex = {0};
    piece pc[MAX_PIECES];
    size_t pieces = 0;
    bool ok = true, have_lex = false;
    for (size_t pos = 0; ok;) {
        const char *at = strstr(src->data + pos, "@TYPES@");
        size_t end = at ? (size_t)(at - src->data) : src->len;
        if (pieces < MAX_PIECES)
            pc[pieces++] = (piece){pat.len, pos, false};
        ok = put(&pat, src->data + pos, end - pos);
        if (!at)
            break;
        if (!have_lex) {
            if (!read_file(lex_path, &lex)) {
                printf("%s:%zu: error: @TYPES@ needs %s, which cannot be read\n", shown,
                       line_of(src->data, end), lex_path);
                free(pat.data);
                return false;
            }
            have_lex = true;
            if (!quiet_utf8(&lex)) { /* reported with its own line already */
                printf("%s:%zu: error: the type words put in for @TYPES@ (%s) are not UTF-8\n",
                       shown, line_of(src->data, end), lex_path);
                free(pat.data);
                free(lex.data);
                return false;
            }
        }
        if (pieces < MAX_PIECES)
            pc[pieces++] = (piece){pat.len, end, true};
        ok = ok && put_types(&pat, &lex);
        pos = end + 7;
    }
    if (!ok) {
        printf("%s: error: out of memory\n", shown);
        free(pat.data);
        free(lex.data);
        return false;
    }
    int err;
    PCRE2_SIZE off;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat.data, pat.len,
                                     PCRE2_EXTENDED | PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
    if (!code) {
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(err, msg, sizeof msg) < 0)
            snprintf((char *)msg, sizeof msg, "PCRE2 error %d", err);
        char where[1100];
        place(where, sizeof where, off, pc, pieces, shown, src);
        printf("%s: error: %s\n", where, (const char *)msg);
        if (err == PCRE2_ERROR_MISSING_CLOSING_PARENTHESIS) {
            size_t open = open_paren(pat.data, pat.len);
            if (open < pat.len) {
                place(where, sizeof where, open, pc, pieces, shown, src);
                printf("%s: note: this '(' is still open at the end\n", where);
            }
        }
    }
    pcre2_code_free(code);
    free(pat.data);
    free(lex.data);
    return code != NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static char *copy_name(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    return c ? memcpy(c, s, n) : NULL;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: grammar_check DIR\n");
        return 2;
    }
    const char *dir = argv[1];
    DIR *d = opendir(dir);
    if (!d) {
        printf("%s: error: cannot read the folder\n", dir);
        return 1;
    }
    char *names[512];
    size_t count = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL && count < 512;)
        if (ends_with(e->d_name, ".pcre") || ends_with(e->d_name, ".tsv")) {
            if ((names[count] = copy_name(e->d_name)) == NULL) {
                printf("%s: error: out of memory\n", dir);
                return 1;
            }
            count++;
        }
    closedir(d);
    qsort(names, count, sizeof *names, by_name);
    bool ok = true;
    for (size_t i = 0; i < count; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        text t = {0};
        if (!read_file(path, &t)) {
            printf("%s: error: cannot read the file\n", path);
            ok = false;
        } else if (!check_utf8(path, &t)) {
            ok = false;
        } else if (ends_with(names[i], ".pcre")) {
            ok = check_pattern(dir, names[i], &t) && ok;
        }
        free(t.data);
        free(names[i]);
    }
    if (count == 0) {
        printf("%s: error: no grammar files\n", dir);
        ok = false;
    }
    return ok ? 0 : 1;
}
