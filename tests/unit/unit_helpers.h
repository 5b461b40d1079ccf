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
    vnp_options opt = {.flags = flags}; /* other options keep their defaults */
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
    assert_true(no >= 1 && no <= doc->internal->line_count);
    return &doc->internal->lines[no - 1];
}

static inline const para *para_at(const vnp_document *doc, size_t i)
{
    assert_true(i < doc->internal->para_count);
    return &doc->internal->paras[i];
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
