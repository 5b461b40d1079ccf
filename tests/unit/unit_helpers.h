/* Helpers shared by the unit tests: parsing inline text, NULL-safe string
 * asserts, look-ups in a parsed document. Header-only (static inline) so
 * every test_*.c stays one self-contained executable. */
#ifndef VNPLAN_UNIT_HELPERS_H
#define VNPLAN_UNIT_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

/* cmocka's assert_string_equal() dereferences NULL; check it first so a
 * missing field fails with a message instead of a crash. */
#define assert_str(actual, expected)                                          \
    do {                                                                      \
        const char *actual_ = (actual);                                       \
        assert_non_null(actual_);                                             \
        assert_string_equal(actual_, (expected));                            \
    } while (0)

static inline vnp_document *parse_with(const char *bytes, size_t len, unsigned flags)
{
    vnp_options opt = VNP_OPTIONS_INIT; /* other options keep their defaults */
    opt.flags = flags;
    vnp_document *doc = NULL;
    vnp_error err;
    vnp_status st = vnp_parse(bytes, len, "unit.txt", &opt, &doc, &err);
    if (st != VNP_OK)
        print_error("vnp_parse: %s\n", err.message);
    assert_int_equal(st, VNP_OK);
    assert_non_null(doc);
    return doc;
}

/* Parses a NUL-terminated UTF-8 string that must be accepted. */
static inline vnp_document *parse_text(const char *text)
{
    return parse_with(text, strlen(text), 0);
}

/* The first diagnostic with this code, or NULL. */
static inline const vnp_diagnostic *find_diag(const vnp_document *doc, const char *code)
{
    for (size_t i = 0; i < doc->diagnostic_count; i++)
        if (strcmp(doc->diagnostics[i].code, code) == 0)
            return &doc->diagnostics[i];
    return NULL;
}

static inline const src_line *line_at(const vnp_document *doc, size_t no)
{
    assert_true(no >= 1 && no <= doc->internal->products.lines.count);
    return &doc->internal->products.lines.lines[no - 1];
}

static inline const para *para_at(const vnp_document *doc, size_t i)
{
    assert_true(i < doc->internal->products.paragraphs.count);
    return &doc->internal->products.paragraphs.paras[i];
}

/* ---- the "# example: TEXT => name=value name=value" lines of grammar files */

static inline char *dup_range(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    assert_non_null(p);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* The value of field `name` of obj as text (buf may hold it), or NULL. */
typedef const char *(*example_field_fn)(const void *obj, const char *name, char *buf, size_t cap);

/* Checks "a=x b=y z" against obj: a value runs to the next " name=" or the
 * end; with none_dash, "-" means the field must be absent. */
static inline void check_example_fields(const char *example, const void *obj, const char *spec,
                                        example_field_fn field, bool none_dash)
{
    const char *p = spec + strspn(spec, " ");
    while (*p) {
        const char *eq = strchr(p, '=');
        assert_non_null(eq);
        char *name = dup_range(p, (size_t)(eq - p));
        const char *v = eq + 1, *end = v;
        for (;;) {
            const char *sp = strchr(end, ' ');
            if (!sp) {
                end = v + strlen(v);
                break;
            }
            const char *next_eq = strchr(sp + 1, '=');
            const char *next_sp = strchr(sp + 1, ' ');
            if (next_eq && (!next_sp || next_eq < next_sp)) {
                end = sp;
                break;
            }
            end = sp + 1;
        }
        char *want = dup_range(v, (size_t)(end - v));
        char buf[32];
        const char *got = field(obj, name, buf, sizeof buf);
        bool none = none_dash && strcmp(want, "-") == 0;
        if (none ? got != NULL : (!got || strcmp(got, want) != 0))
            fail_msg("example '%s': %s is '%s', expected '%s'", example, name,
                     got ? got : "(none)", want);
        free(name);
        free(want);
        p = *end ? end + 1 : end;
    }
}

/* Calls fn(text, spec) for every example line of grammar file `name`;
 * returns how many there were. */
static inline size_t for_each_example(const char *name, void (*fn)(const char *, const char *))
{
    size_t len, count = 0;
    const char *src = lexicon_text(name, &len);
    assert_non_null(src);
    const char *tag = "# example: ";
    for (const char *p = src; (p = strstr(p, tag)) != NULL && p < src + len;) {
        const char *line_end = strchr(p, '\n');
        assert_non_null(line_end);
        char *line = dup_range(p + strlen(tag), (size_t)(line_end - p) - strlen(tag));
        char *arrow = strstr(line, " =>");
        if (!arrow)
            fail_msg("%s: an example without ' =>': %s", name, line);
        *arrow = '\0';
        fn(line, arrow + 3);
        free(line);
        count++;
        p = line_end;
    }
    return count;
}

/* A small but complete plan: header, preamble, outline, a footnote, a
 * table row, recipients, signature and an annex. */
static inline const char *sample_plan(void)
{
    return "ỦY BAN NHÂN DÂN TỈNH BẮC NINH\n"
           "\n"
           "Số: 12/KH-UBND\n"
           "\n"
           "Bắc Ninh, ngày 15 tháng 01 năm 2026\n"
           "\n"
           "**KẾ HOẠCH**\n"
           "**Cải cách hành chính năm 2026**\n"
           "\n"
           "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;\n"
           "\n"
           "**I. MỤC ĐÍCH, YÊU CẦU**\n"
           "\n"
           "**1. Mục đích**\n"
           "\n"
           "Nâng cao chất lượng dịch vụ công<sup>1</sup>.\n"
           "\n"
           "TT\tNội dung\tThời gian\n"
           "1\tRà soát \"thủ tục\"\tQuý I\n"
           "\n"
           "**II. NHIỆM VỤ**\n"
           "\n"
           "Nơi nhận:\n"
           "- Bộ Nội vụ;\n"
           "- Lưu: VT.\n"
           "\n"
           "KT. CHỦ TỊCH\n"
           "PHÓ CHỦ TỊCH\n"
           "\n"
           "Nguyễn Văn An\n"
           "\n"
           "<sup>1</sup> Theo Bộ chỉ số PAR INDEX.\n"
           "\n"
           "Phụ lục I\n"
           "\n"
           "Nhiệm vụ trọng tâm năm 2026\n";
}

#endif
