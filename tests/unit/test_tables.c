/* Table stage: header roles, page breaks undone (repeated headers, split
 * rows, slid cells), sections, merged cells, groups and parents, in both
 * row layouts (tab-separated lines and blocks of "|" cells). */
#include "unit_helpers.h"

#include <stdio.h>

/* Lines 1-4 of every document; a table written after it starts on line 5.
 * The title names a year so that the plan has a period. */
#define PLAN_HEAD "KẾ HOẠCH\n\nCải cách hành chính năm 2026\n\n"

/* The header of most task tables below. */
#define TASK_HEADER "STT\tNội dung\tĐơn vị thực hiện\tThời hạn\n"

static vnp_document *parse_table(const char *rows)
{
    size_t n = strlen(PLAN_HEAD) + strlen(rows) + 1;
    char *text = malloc(n);
    assert_non_null(text);
    snprintf(text, n, "%s%s", PLAN_HEAD, rows);
    vnp_document *doc = parse_text(text);
    free(text);
    return doc;
}

/* Two rows of TASK_HEADER tables with a page break between them: the
 * header is repeated, so the first row is on line 6 and the second on 9. */
static vnp_document *parse_across_break(const char *first, const char *second)
{
    char rows[1000];
    snprintf(rows, sizeof rows, TASK_HEADER "%s\n\n" TASK_HEADER "%s\n", first, second);
    return parse_table(rows);
}

/* ---- assertions ------------------------------------------------------------ */

/* NULL-aware: a field the document should leave empty prints what it got. */
static void assert_opt_str(const char *actual, const char *expected)
{
    if (expected) {
        assert_str(actual, expected);
    } else if (actual) {
        print_error("expected NULL, got \"%s\"\n", actual);
        fail();
    }
}

static const vnp_table *only_table(const vnp_document *doc)
{
    assert_int_equal(doc->table_count, 1);
    return &doc->tables[0];
}

static const vnp_record *rec_at(const vnp_table *t, size_t i)
{
    assert_true(i < t->record_count);
    return &t->records[i];
}

typedef struct col_spec {
    const char *header;
    const char *role;
} col_spec;

/* Roles compare by name so that a failure says which role came out. */
static void assert_columns(const vnp_table *t, const col_spec *spec, size_t n)
{
    assert_int_equal(t->column_count, n);
    for (size_t i = 0; i < n; i++) {
        assert_str(t->columns[i].header, spec[i].header);
        assert_string_equal(vnp_cell_role_string(t->columns[i].role), spec[i].role);
    }
}

#define COLUMNS(t, ...)                                                        \
    do {                                                                       \
        const col_spec spec_[] = {__VA_ARGS__};                                \
        assert_columns((t), spec_, sizeof spec_ / sizeof spec_[0]);            \
    } while (0)

static void assert_record(const vnp_record *r, const char *kind, const char *number,
                          const char *section, const char *parent, const char *title)
{
    assert_string_equal(vnp_record_kind_string(r->kind), kind);
    assert_opt_str(r->number, number);
    assert_opt_str(r->section, section);
    assert_opt_str(r->parent, parent);
    assert_opt_str(r->title, title);
}

/* Every role's cell: the ones given, and NULL for all others. */
static void assert_cells(const vnp_record *r, const char *const expected[VNP_CELL_ROLES])
{
    for (size_t k = 0; k < VNP_CELL_ROLES; k++) {
        const char *got = vnp_record_cell(r, (vnp_cell_role)k), *want = expected[k];
        if (!got != !want || (got && strcmp(got, want) != 0))
            print_error("cell of role %s:\n", vnp_cell_role_string((vnp_cell_role)k));
        assert_opt_str(got, want);
    }
}

#define CELLS(r, ...) assert_cells((r), (const char *const[VNP_CELL_ROLES]){__VA_ARGS__})
#define NO_CELLS(r) assert_cells((r), (const char *const[VNP_CELL_ROLES]){NULL})

/* ---- header roles ---------------------------------------------------------- */

/* Header words compare by match key (capitals do not matter), the head
 * noun and its modifiers give the role ("Thời hạn hoàn thành"), and a
 * column that is no task field is "other": its cell stays apart, by
 * column, never joined with another. */
static void test_header_roles_and_other_columns(void **state)
{
    (void)state;
    vnp_document *doc = parse_table(
        "TT\tNỘI DUNG CÔNG VIỆC\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời hạn hoàn thành\t"
        "Kinh phí\tCăn cứ pháp lý\n"
        "1\tRà soát thủ tục\tSở Nội vụ\tSở Tư pháp\tQuý I/2026\tNgân sách tỉnh\t"
        "Nghị quyết 76\n");
    const vnp_table *t = only_table(doc);
    assert_string_equal(t->kind, "tasks");
    COLUMNS(t, {"TT", "number"}, {"NỘI DUNG CÔNG VIỆC", "task"}, {"Đơn vị chủ trì", "lead"},
            {"Đơn vị phối hợp", "support"}, {"Thời hạn hoàn thành", "deadline"},
            {"Kinh phí", "other"}, {"Căn cứ pháp lý", "other"});
    assert_int_equal(t->record_count, 1);
    assert_record(rec_at(t, 0), "task", "1", NULL, NULL, NULL);
    CELLS(rec_at(t, 0), [VNP_CELL_TASK] = "Rà soát thủ tục", [VNP_CELL_LEAD] = "Sở Nội vụ",
          [VNP_CELL_SUPPORT] = "Sở Tư pháp", [VNP_CELL_DEADLINE] = "Quý I/2026");
    assert_int_equal(rec_at(t, 0)->other_count, 2);
    assert_int_equal(rec_at(t, 0)->other[0].column, 6);
    assert_str(rec_at(t, 0)->other[0].text, "Ngân sách tỉnh");
    assert_int_equal(rec_at(t, 0)->other[1].column, 7);
    assert_str(rec_at(t, 0)->other[1].text, "Nghị quyết 76");
    vnp_document_free(doc);
}

/* A header cell's remarks in brackets are left out, digits in them
 * included, and a cell without brackets is read as it is: each column
 * has the role of its words alone. */
static void test_header_remarks_in_brackets(void **state)
{
    (void)state;
    vnp_document *doc = parse_table(
        "STT\tNội dung (công việc)\tĐơn vị chủ trì (ghi 1 đơn vị)\tĐơn vị phối hợp\t"
        "Thời hạn [hoàn thành]\n"
        "1\tRà soát thủ tục\tSở Nội vụ\tSở Tư pháp\tQuý I/2026\n");
    const vnp_table *t = only_table(doc);
    COLUMNS(t, {"STT", "number"}, {"Nội dung (công việc)", "task"},
            {"Đơn vị chủ trì (ghi 1 đơn vị)", "lead"}, {"Đơn vị phối hợp", "support"},
            {"Thời hạn [hoàn thành]", "deadline"});
    vnp_document_free(doc);
}

/* What a cell's text says does not depend on where it stands or which
 * test asked first: the second table repeats the first one's header and
 * one of its agencies (new copies of the same texts), and a text longer
 * than the evidence reads is text even when it opens with an agency, so
 * the unnamed column is the lead in the first table and other in the
 * second (two of its three cells are such texts). */
static void test_cell_answers_by_text_and_length(void **state)
{
    (void)state;
    const char *long1 = "Sở Tài chính chủ trì, phối hợp với các sở, ban, ngành và Ủy ban nhân "
                        "dân các huyện rà soát, tổng hợp nhu cầu kinh phí thực hiện các nhiệm "
                        "vụ của kế hoạch, báo cáo Ủy ban nhân dân tỉnh xem xét, quyết định";
    const char *long2 = "Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp và các cơ quan liên quan "
                        "hướng dẫn các đơn vị triển khai thực hiện, định kỳ hằng quý tổng hợp "
                        "kết quả, báo cáo Ủy ban nhân dân tỉnh và Bộ Nội vụ theo quy định";
    char rows[2000];
    snprintf(rows, sizeof rows,
             "STT\tNội dung\tPhân công nhiệm vụ\tThời hạn\n"
             "1\tRà soát thủ tục\tSở Tài chính\tQuý I/2026\n"
             "2\tLập danh mục\tSở Nội vụ\tQuý II/2026\n\n"
             "Các nhiệm vụ khác như sau.\n\n"
             "STT\tNội dung\tPhân công nhiệm vụ\tThời hạn\n"
             "1\tTổng hợp kinh phí\t%s\tQuý III/2026\n"
             "2\tHướng dẫn triển khai\t%s\tQuý IV/2026\n"
             "3\tBáo cáo kết quả\tSở Tài chính\tQuý IV/2026\n",
             long1, long2);
    vnp_document *doc = parse_table(rows);
    assert_int_equal(doc->table_count, 2);
    COLUMNS(&doc->tables[0], {"STT", "number"}, {"Nội dung", "task"},
            {"Phân công nhiệm vụ", "lead"}, {"Thời hạn", "deadline"});
    COLUMNS(&doc->tables[1], {"STT", "number"}, {"Nội dung", "task"},
            {"Phân công nhiệm vụ", "other"}, {"Thời hạn", "deadline"});
    assert_int_equal(doc->tables[0].record_count, 2);
    assert_int_equal(doc->tables[1].record_count, 3);
    vnp_document_free(doc);
}

/* Three known columns make a header without an STT column; the records
 * then have no number and no parent. */
static void test_task_lead_deadline_without_number(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("Nội dung\tĐơn vị thực hiện\tThời hạn\n"
                                    "Rà soát thủ tục hành chính\tSở Nội vụ\tQuý I/2026\n"
                                    "Công khai thủ tục\tSở Tư pháp\tNăm 2026\n");
    const vnp_table *t = only_table(doc);
    COLUMNS(t, {"Nội dung", "task"}, {"Đơn vị thực hiện", "lead"}, {"Thời hạn", "deadline"});
    assert_int_equal(t->line, 5);
    assert_int_equal(t->end_line, 7);
    assert_int_equal(t->record_count, 2);
    assert_record(rec_at(t, 0), "task", NULL, NULL, NULL, NULL);
    assert_int_equal(rec_at(t, 0)->line, 6);
    CELLS(rec_at(t, 0), [VNP_CELL_TASK] = "Rà soát thủ tục hành chính",
          [VNP_CELL_LEAD] = "Sở Nội vụ", [VNP_CELL_DEADLINE] = "Quý I/2026");
    assert_record(rec_at(t, 1), "task", NULL, NULL, NULL, NULL);
    assert_int_equal(rec_at(t, 1)->line, 7);
    CELLS(rec_at(t, 1), [VNP_CELL_TASK] = "Công khai thủ tục", [VNP_CELL_LEAD] = "Sở Tư pháp",
          [VNP_CELL_DEADLINE] = "Năm 2026");
    vnp_document_free(doc);
}

/* A second header row names the columns under a spanning one; the merged
 * top cell covers the empty column after it. */
static void test_two_level_header(void **state)
{
    (void)state;
    vnp_document *doc = parse_table(
        "STT\tNhiệm vụ\tCơ quan chủ trì\tThời gian\t\tSản phẩm\n"
        "\t\t\tBắt đầu\tHoàn thành\t\n"
        "1\tRà soát thủ tục\tSở Nội vụ\tTháng 3/2026\tTháng 6/2026\tBáo cáo\n");
    const vnp_table *t = only_table(doc);
    COLUMNS(t, {"STT", "number"}, {"Nhiệm vụ", "task"}, {"Cơ quan chủ trì", "lead"},
            {"Thời gian / Bắt đầu", "start"}, {"Thời gian / Hoàn thành", "deadline"},
            {"Sản phẩm", "output"});
    assert_int_equal(t->line, 5);
    assert_int_equal(t->end_line, 7);
    assert_int_equal(t->record_count, 1); /* the sub-header is no record */
    assert_int_equal(rec_at(t, 0)->line, 7);
    CELLS(rec_at(t, 0), [VNP_CELL_TASK] = "Rà soát thủ tục", [VNP_CELL_LEAD] = "Sở Nội vụ",
          [VNP_CELL_START] = "Tháng 3/2026", [VNP_CELL_DEADLINE] = "Tháng 6/2026",
          [VNP_CELL_OUTPUT] = "Báo cáo");
    vnp_document_free(doc);
}

/* A spanning header with no sub-header takes its own role. */
static void test_span_header_alone(void **state)
{
    (void)state;
    vnp_document *doc = parse_table(
        "STT\tNhóm thủ tục hành chính\tCơ quan thực hiện rà soát\tThời gian thực hiện\n"
        "1\tCấp giấy phép\tSở Công Thương\tQuý I/2026\n");
    const vnp_table *t = only_table(doc);
    COLUMNS(t, {"STT", "number"}, {"Nhóm thủ tục hành chính", "task"},
            {"Cơ quan thực hiện rà soát", "lead"}, {"Thời gian thực hiện", "deadline"});
    assert_int_equal(t->record_count, 1);
    CELLS(rec_at(t, 0), [VNP_CELL_TASK] = "Cấp giấy phép", [VNP_CELL_LEAD] = "Sở Công Thương",
          [VNP_CELL_DEADLINE] = "Quý I/2026");
    vnp_document_free(doc);
}

/* A header with no task, lead, indicator or value column makes an "other"
 * table. */
static void test_table_kind_other(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("STT\tKinh phí\tGhi chú\n1\t20 triệu đồng\tNgân sách tỉnh\n");
    const vnp_table *t = only_table(doc);
    assert_string_equal(t->kind, "other");
    COLUMNS(t, {"STT", "number"}, {"Kinh phí", "other"}, {"Ghi chú", "note"});
    assert_int_equal(t->record_count, 1);
    CELLS(rec_at(t, 0), [VNP_CELL_NOTE] = "Ngân sách tỉnh");
    assert_int_equal(rec_at(t, 0)->other_count, 1);
    assert_str(rec_at(t, 0)->other[0].text, "20 triệu đồng");
    vnp_document_free(doc);
}

/* A first row that only opens with a header word ("Nhiệm vụ ...") is a
 * row of the table, not a second header row. */
static void test_first_row_opening_with_header_word(void **state)
{
    (void)state;
    vnp_document *doc = parse_table(TASK_HEADER "\tNhiệm vụ chung của các sở\t\t\n"
                                    "1\tRà soát thủ tục\tSở Nội vụ\tNăm 2026\n");
    const vnp_table *t = only_table(doc);
    COLUMNS(t, {"STT", "number"}, {"Nội dung", "task"}, {"Đơn vị thực hiện", "lead"},
            {"Thời hạn", "deadline"});
    assert_int_equal(t->record_count, 2);
    assert_int_equal(rec_at(t, 0)->line, 6);
    CELLS(rec_at(t, 0), [VNP_CELL_TASK] = "Nhiệm vụ chung của các sở");
    vnp_document_free(doc);
}

/* Cells past the header's width make a column of their own, with no
 * header: their text is kept, apart from the last column. */
static void test_row_wider_than_header(void **state)
{
    (void)state;
    vnp_document *doc = parse_table(TASK_HEADER
                                    "1\tRà soát thủ tục\tSở Nội vụ\tNăm 2026\tThêm ghi chú\n");
    const vnp_table *t = only_table(doc);
    assert_int_equal(t->column_count, 5);
    COLUMNS(t, {"STT", "number"}, {"Nội dung", "task"}, {"Đơn vị thực hiện", "lead"},
            {"Thời hạn", "deadline"}, {"", "other"});
    CELLS(rec_at(t, 0), [VNP_CELL_TASK] = "Rà soát thủ tục", [VNP_CELL_LEAD] = "Sở Nội vụ",
          [VNP_CELL_DEADLINE] = "Năm 2026");
    assert_int_equal(rec_at(t, 0)->other_count, 1);
    assert_str(rec_at(t, 0)->other[0].text, "Thêm ghi chú");
    vnp_document_free(doc);
}

/* A table inside an annex takes the annex label and caption as its title,
 * not the "(Kèm theo ...)" line just above it. */
static void test_annex_table_title(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("I. NỘI DUNG\n\nNội dung chính.\n\n"
                                    "Nơi nhận:\n- Bộ Nội vụ;\n- Lưu: VT.\n\n"
                                    "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An\n\n"
                                    "Phụ lục I\n\nNhiệm vụ trọng tâm năm 2026\n\n"
                                    "(Kèm theo Kế hoạch số 12/KH-UBND ngày 15/01/2026)\n\n"
                                    TASK_HEADER "1\tRà soát\tSở Nội vụ\tNăm 2026\n");
    const vnp_table *t = only_table(doc);
    assert_str(t->title, "Phụ lục I Nhiệm vụ trọng tâm năm 2026");
    assert_int_equal(t->line, 24);
    assert_int_equal(t->record_count, 1);
    assert_int_equal(rec_at(t, 0)->line, 25);
    vnp_document_free(doc);
}

/* ---- page breaks: repeated headers ------------------------------------------ */

/* Three page breaks, each repeating the header: one table goes on. */
static void test_header_repeated_three_times(void **state)
{
    (void)state;
    vnp_document *doc = parse_table(TASK_HEADER "1\tRà soát thủ tục\tSở Nội vụ\tQuý I/2026\n\n"
                                    TASK_HEADER "2\tCông khai thủ tục\tSở Tư pháp\tQuý II/2026\n\n"
                                    TASK_HEADER "3\tĐánh giá kết quả\tSở Tài chính\tQuý III/2026\n\n"
                                    TASK_HEADER "4\tTổng kết\tVăn phòng UBND tỉnh\tQuý IV/2026\n");
    const vnp_table *t = only_table(doc);
    assert_int_equal(t->line, 5);
    assert_int_equal(t->end_line, 15);
    assert_int_equal(t->record_count, 4);
    static const char *const numbers[] = {"1", "2", "3", "4"};
    static const size_t lines[] = {6, 9, 12, 15};
    for (size_t i = 0; i < 4; i++) {
        assert_record(rec_at(t, i), "task", numbers[i], NULL, NULL, NULL);
        assert_int_equal(rec_at(t, i)->seq, i + 1);
        assert_int_equal(rec_at(t, i)->line, lines[i]);
    }
    CELLS(rec_at(t, 3), [VNP_CELL_TASK] = "Tổng kết", [VNP_CELL_LEAD] = "Văn phòng UBND tỉnh",
          [VNP_CELL_DEADLINE] = "Quý IV/2026");
    vnp_document_free(doc);
}

/* Both rows of a two-level header are repeated after a page break. */
static void test_two_level_header_repeated(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("STT\tNhiệm vụ\tThời gian\t\n"
                                    "\t\tBắt đầu\tHoàn thành\n"
                                    "1\tRà soát\tTháng 3/2026\tTháng 6/2026\n\n"
                                    "STT\tNhiệm vụ\tThời gian\t\n"
                                    "\t\tBắt đầu\tHoàn thành\n"
                                    "2\tTổng kết\tTháng 9/2026\tTháng 12/2026\n");
    const vnp_table *t = only_table(doc);
    COLUMNS(t, {"STT", "number"}, {"Nhiệm vụ", "task"}, {"Thời gian / Bắt đầu", "start"},
            {"Thời gian / Hoàn thành", "deadline"});
    assert_int_equal(t->record_count, 2);
    assert_int_equal(rec_at(t, 1)->line, 11);
    assert_record(rec_at(t, 1), "task", "2", NULL, NULL, NULL);
    CELLS(rec_at(t, 1), [VNP_CELL_TASK] = "Tổng kết", [VNP_CELL_START] = "Tháng 9/2026",
          [VNP_CELL_DEADLINE] = "Tháng 12/2026");
    vnp_document_free(doc);
}

/* ---- page breaks: rows split in two ------------------------------------------ */

/* Every cell was cut mid-sentence; the second row's fragments all start in
 * lower case and join their cells with one space. */
static void test_row_split_in_every_cell(void **state)
{
    (void)state;
    vnp_document *doc = parse_table(TASK_HEADER
                                    "1\tRà soát các thủ tục\tSở Nội vụ chủ trì,\tTrước\n\n"
                                    TASK_HEADER
                                    "\tthuộc thẩm quyền\tphối hợp các sở\tngày 30/6/2026\n"
                                    "2\tCông khai thủ tục\tSở Tư pháp\tQuý III/2026\n");
    const vnp_table *t = only_table(doc);
    assert_int_equal(t->record_count, 2);
    assert_record(rec_at(t, 0), "task", "1", NULL, NULL, NULL);
    assert_int_equal(rec_at(t, 0)->line, 6);
    CELLS(rec_at(t, 0), [VNP_CELL_TASK] = "Rà soát các thủ tục thuộc thẩm quyền",
          [VNP_CELL_LEAD] = "Sở Nội vụ chủ trì, phối hợp các sở",
          [VNP_CELL_DEADLINE] = "Trước ngày 30/6/2026");
    assert_record(rec_at(t, 1), "task", "2", NULL, NULL, NULL);
    assert_int_equal(rec_at(t, 1)->line, 10);
    vnp_document_free(doc);
}

/* A reference in a table cell is found on the line of its own fragment:
 * the table text keeps the line of a one-fragment cell, and the pieces
 * of a cell joined across a page break. */
static void test_cell_references_keep_their_fragment_lines(void **state)
{
    (void)state;
    vnp_document *doc = parse_table(TASK_HEADER
                                    "1\tTriển khai Nghị quyết số 12/2025/NQ-HĐND\tSở Nội vụ\tNăm 2026\n\n"
                                    TASK_HEADER
                                    "\tvà Quyết định số 34/2025/QĐ-UBND của tỉnh\t\t\n"
                                    "2\tThực hiện Kế hoạch số 56/KH-UBND\tSở Tư pháp\tQuý III/2026\n");
    const vnp_table *t = only_table(doc);
    assert_int_equal(t->record_count, 2);
    CELLS(rec_at(t, 0),
          [VNP_CELL_TASK] = "Triển khai Nghị quyết số 12/2025/NQ-HĐND và Quyết định số "
                            "34/2025/QĐ-UBND của tỉnh",
          [VNP_CELL_LEAD] = "Sở Nội vụ", [VNP_CELL_DEADLINE] = "Năm 2026");
    static const struct {
        const char *number;
        size_t line;
    } want[] = {{"12", 6}, {"34", 9}, {"56", 10}};
    assert_int_equal(doc->reference_count, 3);
    for (size_t i = 0; i < 3; i++) {
        const vnp_reference *r = vnp_document_reference(doc, i);
        assert_string_equal(r->number, want[i].number);
        assert_int_equal(r->line, want[i].line);
    }
    vnp_document_free(doc);
}

/* A number or an abbreviation in capitals continues a cell that stopped
 * mid-sentence. */
static void test_split_neutral_fragment_joins(void **state)
{
    (void)state;
    vnp_document *doc = parse_across_break("1\tHỗ trợ các\tSở Nội vụ\tNăm 2026",
                                           "\tĐVSNCL thuộc Sở\t\t");
    const vnp_table *t = only_table(doc);
    assert_int_equal(t->record_count, 1);
    CELLS(rec_at(t, 0), [VNP_CELL_TASK] = "Hỗ trợ các ĐVSNCL thuộc Sở",
          [VNP_CELL_LEAD] = "Sở Nội vụ", [VNP_CELL_DEADLINE] = "Năm 2026");
    vnp_document_free(doc);

    doc = parse_across_break("1\tKiểm tra đến năm\tSở Nội vụ\tNăm 2026",
                             "\t2030 và các năm sau\t\t");
    t = only_table(doc);
    assert_int_equal(t->record_count, 1);
    CELLS(rec_at(t, 0), [VNP_CELL_TASK] = "Kiểm tra đến năm 2030 và các năm sau",
          [VNP_CELL_LEAD] = "Sở Nội vụ", [VNP_CELL_DEADLINE] = "Năm 2026");
    vnp_document_free(doc);
}

/* After a finished sentence an abbreviation opens a new row. */
static void test_split_neutral_after_sentence_end(void **state)
{
    (void)state;
    vnp_document *doc = parse_across_break("1\tHỗ trợ đơn vị.\tSở Nội vụ\tNăm 2026",
                                           "\tĐVSNCL thuộc Sở\t\t");
    const vnp_table *t = only_table(doc);
    assert_int_equal(t->record_count, 2);
    assert_record(rec_at(t, 1), "task", NULL, NULL, NULL, NULL);
    assert_int_equal(rec_at(t, 1)->line, 9);
    CELLS(rec_at(t, 1), [VNP_CELL_TASK] = "ĐVSNCL thuộc Sở");
    vnp_document_free(doc);
}

/* A capitalised fragment beside the number argues against a join. */
static void test_split_capital_fragment_argues_against(void **state)
{
    (void)state;
    vnp_document *doc = parse_across_break("1\tKiểm tra đến năm\tSở Nội vụ\tNăm 2026",
                                           "\t2030 và các năm sau\tSở Tài chính\t");
    const vnp_table *t = only_table(doc);
    assert_int_equal(t->record_count, 2);
    CELLS(rec_at(t, 0), [VNP_CELL_TASK] = "Kiểm tra đến năm", [VNP_CELL_LEAD] = "Sở Nội vụ",
          [VNP_CELL_DEADLINE] = "Năm 2026");
    assert_record(rec_at(t, 1), "task", NULL, NULL, NULL, NULL);
    CELLS(rec_at(t, 1), [VNP_CELL_TASK] = "2030 và các năm sau",
          [VNP_CELL_LEAD] = "Sở Tài chính");
    vnp_document_free(doc);
}

/* A row with an empty STT whose capitalised texts fill its own columns is
 * a record of its own, and (no objective or activity column) keeps no
 * number from the row above. */
static void test_empty_first_cell_is_new_row(void **state)
{
    (void)state;
    vnp_document *doc = parse_table(TASK_HEADER "1\tRà soát thủ tục\tSở Nội vụ\tNăm 2026\n"
                                    "\tXây dựng cơ sở dữ liệu\tSở Khoa học và Công nghệ\t"
                                    "Quý I/2026\n"
                                    "2\tCông khai\tSở Tư pháp\tNăm 2026\n");
    const vnp_table *t = only_table(doc);
    assert_int_equal(t->record_count, 3);
    CELLS(rec_at(t, 0), [VNP_CELL_TASK] = "Rà soát thủ tục", [VNP_CELL_LEAD] = "Sở Nội vụ",
          [VNP_CELL_DEADLINE] = "Năm 2026");
    /* "2" is no child of "1": the row stands beside "1", at the top */
    assert_record(rec_at(t, 1), "task", NULL, NULL, NULL, NULL);
    assert_int_equal(rec_at(t, 1)->line, 7);
    CELLS(rec_at(t, 1), [VNP_CELL_TASK] = "Xây dựng cơ sở dữ liệu",
          [VNP_CELL_LEAD] = "Sở Khoa học và Công nghệ", [VNP_CELL_DEADLINE] = "Quý I/2026");
    assert_record(rec_at(t, 2), "task", "2", NULL, NULL, NULL);
    vnp_document_free(doc);
}

/* A page break cut "... năm 2026" from the task: the fragment reads as a
 * time, but it continues the task and must not slide into the time
 * column. */
static void test_continued_fragment_that_reads_as_time(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("STT\tNội dung\tThời hạn\n"
                                    "1\tTổ chức tổng kết công tác\tQuý IV/2026\n\n"
                                    "STT\tNội dung\tThời hạn\n"
                                    "\tnăm 2026\t\n"
                                    "2\tBáo cáo\tQuý I/2026\n");
    const vnp_table *t = only_table(doc);
    assert_int_equal(t->record_count, 2);
    CELLS(rec_at(t, 0), [VNP_CELL_TASK] = "Tổ chức tổng kết công tác năm 2026",
          [VNP_CELL_DEADLINE] = "Quý IV/2026");
    vnp_document_free(doc);
}

/* ---- slid cells and spanning times --------------------------------------------- */

/* A merged task cell made the row slide one column left: the time stands
 * under "Cơ quan phối hợp" and the last column is empty. */
static void test_slid_cells_put_back(void **state)
{
    (void)state;
    vnp_document *doc = parse_table(
        "STT\tNội dung\tCơ quan chủ trì\tCơ quan phối hợp\tThời hạn\n"
        "1\tRà soát thủ tục\tSở Nội vụ\tCác sở, ngành\tQuý I/2026\n"
        "\tSở Tư pháp\tCông an tỉnh\tQuý II/2026\t\n");
    const vnp_table *t = only_table(doc);
    assert_int_equal(t->record_count, 2);
    CELLS(rec_at(t, 0), [VNP_CELL_TASK] = "Rà soát thủ tục", [VNP_CELL_LEAD] = "Sở Nội vụ",
          [VNP_CELL_SUPPORT] = "Các sở, ngành", [VNP_CELL_DEADLINE] = "Quý I/2026");
    assert_record(rec_at(t, 1), "task", NULL, NULL, NULL, NULL);
    CELLS(rec_at(t, 1), [VNP_CELL_LEAD] = "Sở Tư pháp", [VNP_CELL_SUPPORT] = "Công an tỉnh",
          [VNP_CELL_DEADLINE] = "Quý II/2026");
    vnp_document_free(doc);
}

/* One time under "Bắt đầu | Hoàn thành" spans both: it is the deadline, and
 * a value after it is the product. Two times stay where they are. */
static void test_spanning_time_cell(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("STT\tNhiệm vụ\tCơ quan chủ trì\tThời gian\t\tSản phẩm\n"
                                    "\t\t\tBắt đầu\tHoàn thành\t\n"
                                    "1\tRà soát\tSở Nội vụ\tQuý III/2026\t\t\n"
                                    "2\tĐánh giá\tSở Tài chính\tNăm 2026\tKế hoạch\t\n"
                                    "3\tTổng kết\tSở Tư pháp\tTháng 3/2026\tTháng 6/2026\tBáo cáo\n");
    const vnp_table *t = only_table(doc);
    assert_int_equal(t->record_count, 3);
    CELLS(rec_at(t, 0), [VNP_CELL_TASK] = "Rà soát", [VNP_CELL_LEAD] = "Sở Nội vụ",
          [VNP_CELL_DEADLINE] = "Quý III/2026");
    CELLS(rec_at(t, 1), [VNP_CELL_TASK] = "Đánh giá", [VNP_CELL_LEAD] = "Sở Tài chính",
          [VNP_CELL_DEADLINE] = "Năm 2026", [VNP_CELL_OUTPUT] = "Kế hoạch");
    CELLS(rec_at(t, 2), [VNP_CELL_TASK] = "Tổng kết", [VNP_CELL_LEAD] = "Sở Tư pháp",
          [VNP_CELL_START] = "Tháng 3/2026", [VNP_CELL_DEADLINE] = "Tháng 6/2026",
          [VNP_CELL_OUTPUT] = "Báo cáo");
    vnp_document_free(doc);
}

/* ---- sections -------------------------------------------------------------------- */

/* A Roman numeral or a capital letter with one text cell is a section; the
 * rows under it carry its label. With two text cells it is a task. */
static void test_section_rows(void **state)
{
    (void)state;
    vnp_document *doc = parse_table(TASK_HEADER "A\tNHIỆM VỤ CHUNG\t\t\n"
                                    "I\tCải cách thể chế\t\t\n"
                                    "1\tRà soát văn bản\tSở Tư pháp\tQuý I/2026\n"
                                    "II.\tCải cách thủ tục hành chính\t\t\n"
                                    "1\tCông khai thủ tục\tSở Nội vụ\tNăm 2026\n"
                                    "III\tTổng kết\tSở Nội vụ\tNăm 2026\n");
    const vnp_table *t = only_table(doc);
    assert_int_equal(t->record_count, 6);
    assert_record(rec_at(t, 0), "section", "A", NULL, NULL, "NHIỆM VỤ CHUNG");
    NO_CELLS(rec_at(t, 0));
    /* "I" nests in "A": the levels come in the order the table uses them */
    assert_record(rec_at(t, 1), "section", "I", "A. NHIỆM VỤ CHUNG", "A", "Cải cách thể chế");
    assert_record(rec_at(t, 2), "task", "1", "I. Cải cách thể chế", NULL, NULL);
    assert_record(rec_at(t, 3), "section", "II.", "A. NHIỆM VỤ CHUNG", "A",
                  "Cải cách thủ tục hành chính");
    assert_int_equal(rec_at(t, 3)->line, 9);
    NO_CELLS(rec_at(t, 3));
    assert_record(rec_at(t, 4), "task", "1", "II. Cải cách thủ tục hành chính", NULL, NULL);
    CELLS(rec_at(t, 4), [VNP_CELL_TASK] = "Công khai thủ tục", [VNP_CELL_LEAD] = "Sở Nội vụ",
          [VNP_CELL_DEADLINE] = "Năm 2026");
    assert_record(rec_at(t, 5), "task", "III", "II. Cải cách thủ tục hành chính", NULL, NULL);
    vnp_document_free(doc);
}

/* A page break cut a section title: the rest comes as a lower-case row,
 * in the title's column or in the number column. */
static void test_section_title_continued_on_row(void **state)
{
    (void)state;
    vnp_document *doc = parse_across_break("II\tCải cách thủ tục hành chính và\t\t",
                                           "\tthực hiện cơ chế một cửa\t\t\n"
                                           "1\tCông khai thủ tục\tSở Nội vụ\tNăm 2026");
    const vnp_table *t = only_table(doc);
    assert_int_equal(t->record_count, 2);
    assert_record(rec_at(t, 0), "section", "II", NULL, NULL,
                  "Cải cách thủ tục hành chính và thực hiện cơ chế một cửa");
    assert_record(rec_at(t, 1), "task", "1",
                  "II. Cải cách thủ tục hành chính và thực hiện cơ chế một cửa", NULL, NULL);
    vnp_document_free(doc);

    doc = parse_across_break("B\tCẢI CÁCH THỦ TỤC,\t\t", "một cửa liên thông\t\t\t\n"
                                                        "1\tCông khai\tSở Nội vụ\tNăm 2026");
    t = only_table(doc);
    assert_int_equal(t->record_count, 2);
    assert_record(rec_at(t, 0), "section", "B", NULL, NULL,
                  "CẢI CÁCH THỦ TỤC, một cửa liên thông");
    assert_record(rec_at(t, 1), "task", "1", "B. CẢI CÁCH THỦ TỤC, một cửa liên thông", NULL,
                  NULL);
    vnp_document_free(doc);
}

/* The rest of a section title may also come as a line of text. */
static void test_section_title_continued_on_line(void **state)
{
    (void)state;
    vnp_document *doc = parse_table(TASK_HEADER "II\tCải cách thủ tục hành chính,\t\t\n\n"
                                    "một cửa, một cửa liên thông\n\n"
                                    "1\tCông khai thủ tục\tSở Nội vụ\tNăm 2026\n");
    const vnp_table *t = only_table(doc);
    assert_int_equal(t->end_line, 10);
    assert_int_equal(t->record_count, 2);
    assert_record(rec_at(t, 0), "section", "II", NULL, NULL,
                  "Cải cách thủ tục hành chính, một cửa, một cửa liên thông");
    assert_record(rec_at(t, 1), "task", "1",
                  "II. Cải cách thủ tục hành chính, một cửa, một cửa liên thông", NULL, NULL);
    assert_int_equal(rec_at(t, 1)->line, 10);
    vnp_document_free(doc);
}

/* Without section rows no record has a section. */
static void test_table_without_sections(void **state)
{
    (void)state;
    vnp_document *doc = parse_table(TASK_HEADER "1\tRà soát\tSở Nội vụ\tNăm 2026\n"
                                    "2\tKiểm tra\tSở Tư pháp\tNăm 2026\n"
                                    "3\tTổng kết\tSở Tài chính\tNăm 2026\n");
    const vnp_table *t = only_table(doc);
    assert_int_equal(t->record_count, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(rec_at(t, i)->kind, VNP_RECORD_TASK);
        assert_null(rec_at(t, i)->section);
        assert_null(rec_at(t, i)->parent);
    }
    vnp_document_free(doc);
}

/* ---- merged cells ----------------------------------------------------------------- */

/* In tables with objective and activity columns an empty STT, objective or
 * task means "as above". */
static void test_merged_cells_inherited(void **state)
{
    (void)state;
    vnp_document *doc = parse_table(
        "STT\tMục tiêu\tNhiệm vụ\tHoạt động\tChủ trì\tThời hạn\n"
        "1\tNâng cao chất lượng\tSố hóa hồ sơ\tRà soát hồ sơ\tSở Nội vụ\tQuý I/2026\n"
        "\t\t\tSố hóa kết quả\tSở Tư pháp\tQuý II/2026\n"
        "\t\tKết nối dữ liệu\tXây dựng phần mềm\tSở Khoa học và Công nghệ\tNăm 2026\n"
        "2\tTăng sự hài lòng\tKhảo sát\tĐo lường\tSở Nội vụ\tQuý IV/2026\n");
    const vnp_table *t = only_table(doc);
    COLUMNS(t, {"STT", "number"}, {"Mục tiêu", "objective"}, {"Nhiệm vụ", "task"},
            {"Hoạt động", "activity"}, {"Chủ trì", "lead"}, {"Thời hạn", "deadline"});
    assert_int_equal(t->record_count, 4);
    assert_record(rec_at(t, 1), "task", "1", NULL, NULL, NULL);
    assert_int_equal(rec_at(t, 1)->line, 7);
    CELLS(rec_at(t, 1), [VNP_CELL_OBJECTIVE] = "Nâng cao chất lượng",
          [VNP_CELL_TASK] = "Số hóa hồ sơ", [VNP_CELL_ACTIVITY] = "Số hóa kết quả",
          [VNP_CELL_LEAD] = "Sở Tư pháp", [VNP_CELL_DEADLINE] = "Quý II/2026");
    assert_record(rec_at(t, 2), "task", "1", NULL, NULL, NULL);
    CELLS(rec_at(t, 2), [VNP_CELL_OBJECTIVE] = "Nâng cao chất lượng",
          [VNP_CELL_TASK] = "Kết nối dữ liệu", [VNP_CELL_ACTIVITY] = "Xây dựng phần mềm",
          [VNP_CELL_LEAD] = "Sở Khoa học và Công nghệ", [VNP_CELL_DEADLINE] = "Năm 2026");
    assert_record(rec_at(t, 3), "task", "2", NULL, NULL, NULL);
    CELLS(rec_at(t, 3), [VNP_CELL_OBJECTIVE] = "Tăng sự hài lòng", [VNP_CELL_TASK] = "Khảo sát",
          [VNP_CELL_ACTIVITY] = "Đo lường", [VNP_CELL_LEAD] = "Sở Nội vụ",
          [VNP_CELL_DEADLINE] = "Quý IV/2026");
    vnp_document_free(doc);
}

/* ---- groups and parents ------------------------------------------------------------ */

/* A numbered row without agency, time or product whose next numbered row
 * is its child is a group; parents come from the numbers, letters sit
 * under the last numbered row, unnumbered rows under the row they follow
 * when the next number is its child, else beside it. */
static void test_groups_and_parents(void **state)
{
    (void)state;
    vnp_document *doc = parse_table(
        "STT\tNội dung\tCơ quan chủ trì\tThời hạn\n"
        "1\tXây dựng văn bản\t\t\n"                               /* 6 */
        "1.1\tRà soát văn bản\tSở Tư pháp\tQuý I/2026\n"
        "a)\tRà soát nghị quyết\tSở Tư pháp\tQuý I/2026\n"
        "\tLập danh mục\tSở Tư pháp\tQuý I/2026\n"
        "b)\tRà soát quyết định\tSở Tư pháp\tQuý II/2026\n"        /* 10 */
        "1.2.\tBáo cáo kết quả\tSở Tư pháp\tQuý III/2026\n"
        "2\tHiện đại hóa hành chính\t\t\n"
        "\tThống kê hồ sơ\tSở Nội vụ\tNăm 2026\n"
        "2.1\tSố hóa hồ sơ\tSở Nội vụ\tNăm 2026\n"
        "3\tTổng kết\t\t\n");                                     /* 15 */
    const vnp_table *t = only_table(doc);
    assert_int_equal(t->record_count, 10);
    assert_record(rec_at(t, 0), "group", "1", NULL, NULL, "Xây dựng văn bản");
    NO_CELLS(rec_at(t, 0));
    assert_record(rec_at(t, 1), "task", "1.1", NULL, "1", NULL);
    assert_record(rec_at(t, 2), "task", "a)", NULL, "1.1", NULL);
    assert_record(rec_at(t, 3), "task", NULL, NULL, "1.1", NULL);
    CELLS(rec_at(t, 3), [VNP_CELL_TASK] = "Lập danh mục", [VNP_CELL_LEAD] = "Sở Tư pháp",
          [VNP_CELL_DEADLINE] = "Quý I/2026");
    assert_record(rec_at(t, 4), "task", "b)", NULL, "1.1", NULL);
    assert_record(rec_at(t, 5), "task", "1.2.", NULL, "1", NULL);
    assert_record(rec_at(t, 6), "group", "2", NULL, NULL, "Hiện đại hóa hành chính");
    assert_record(rec_at(t, 7), "task", NULL, NULL, "2", NULL);
    assert_record(rec_at(t, 8), "task", "2.1", NULL, "2", NULL);
    /* no work, but no child follows: a task */
    assert_record(rec_at(t, 9), "task", "3", NULL, NULL, NULL);
    CELLS(rec_at(t, 9), [VNP_CELL_TASK] = "Tổng kết");
    assert_int_equal(rec_at(t, 9)->line, 15);
    vnp_document_free(doc);
}

/* Letter items make the numbered row above them a group ("đ" included). */
static void test_letters_under_group(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("STT\tNội dung\tCơ quan chủ trì\tThời hạn\n"
                                    "1\tNhóm nhiệm vụ số hóa\t\t\n"
                                    "a)\tSố hóa hồ sơ\tSở Nội vụ\tNăm 2026\n"
                                    "đ)\tSố hóa kết quả\tSở Tư pháp\tNăm 2026\n"
                                    "2\tTổng kết\tSở Nội vụ\tNăm 2026\n");
    const vnp_table *t = only_table(doc);
    assert_int_equal(t->record_count, 4);
    assert_record(rec_at(t, 0), "group", "1", NULL, NULL, "Nhóm nhiệm vụ số hóa");
    assert_record(rec_at(t, 1), "task", "a)", NULL, "1", NULL);
    assert_record(rec_at(t, 2), "task", "đ)", NULL, "1", NULL);
    assert_record(rec_at(t, 3), "task", "2", NULL, NULL, NULL);
    vnp_document_free(doc);
}

/* ---- indicator tables ----------------------------------------------------------- */

/* "Kết quả thống kê" spans "Đơn vị tính | Số liệu"; rows without unit and
 * value are groups, and the numbered rows under them their children. */
static void test_indicator_table(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("STT\tChỉ tiêu\tKết quả thống kê\t\n"
                                    "\t\tĐơn vị tính\tSố liệu\n"
                                    "1\tChỉ tiêu về thủ tục hành chính\t\t\n"
                                    "1.1\tSố hồ sơ tiếp nhận\tHồ sơ\t1.155.106\n"
                                    "1.2\tTỷ lệ hồ sơ đúng hạn\t%\t99,61%\n"
                                    "2\tChỉ tiêu về công chức\t\t\n"
                                    "2.1\tSố công chức được đào tạo\tNgười\t1.234\n");
    const vnp_table *t = only_table(doc);
    assert_string_equal(t->kind, "indicators");
    COLUMNS(t, {"STT", "number"}, {"Chỉ tiêu", "indicator"},
            {"Kết quả thống kê / Đơn vị tính", "unit"}, {"Kết quả thống kê / Số liệu", "value"});
    assert_int_equal(t->record_count, 5);
    assert_record(rec_at(t, 0), "group", "1", NULL, NULL, "Chỉ tiêu về thủ tục hành chính");
    assert_int_equal(rec_at(t, 0)->line, 7);
    NO_CELLS(rec_at(t, 0));
    assert_record(rec_at(t, 1), "indicator", "1.1", NULL, "1", NULL);
    CELLS(rec_at(t, 1), [VNP_CELL_INDICATOR] = "Số hồ sơ tiếp nhận", [VNP_CELL_UNIT] = "Hồ sơ",
          [VNP_CELL_VALUE] = "1.155.106");
    assert_record(rec_at(t, 2), "indicator", "1.2", NULL, "1", NULL);
    CELLS(rec_at(t, 2), [VNP_CELL_INDICATOR] = "Tỷ lệ hồ sơ đúng hạn", [VNP_CELL_UNIT] = "%",
          [VNP_CELL_VALUE] = "99,61%");
    assert_record(rec_at(t, 3), "group", "2", NULL, NULL, "Chỉ tiêu về công chức");
    assert_record(rec_at(t, 4), "indicator", "2.1", NULL, "2", NULL);
    assert_int_equal(rec_at(t, 4)->line, 11);
    vnp_document_free(doc);
}

/* ---- cell blocks and table ends ------------------------------------------------- */

/* The block layout: each cell's lines end with "|", a second "|" ends a
 * row; cells wrapped over lines are joined. */
static void test_cell_block_table(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("|\n"
                                    "STT\n|\nNội dung\ncông việc\n|\nĐơn vị\nchủ trì\n|\n"
                                    "Thời hạn\n|\n|\n"                        /* 6-16 */
                                    "1\n|\nRà soát thủ tục\nhành chính\n|\nSở Nội vụ\n|\n"
                                    "Quý I/2026\n|\n|\n"                      /* 17-26 */
                                    "2\n|\nCông khai\n|\nSở Tư pháp\n|\nNăm 2026\n|\n"); /* 27-34 */
    const vnp_table *t = only_table(doc);
    COLUMNS(t, {"STT", "number"}, {"Nội dung công việc", "task"}, {"Đơn vị chủ trì", "lead"},
            {"Thời hạn", "deadline"});
    assert_int_equal(t->line, 6);
    assert_int_equal(t->end_line, 34);
    assert_int_equal(t->record_count, 2);
    assert_record(rec_at(t, 0), "task", "1", NULL, NULL, NULL);
    assert_int_equal(rec_at(t, 0)->line, 17);
    CELLS(rec_at(t, 0), [VNP_CELL_TASK] = "Rà soát thủ tục hành chính",
          [VNP_CELL_LEAD] = "Sở Nội vụ", [VNP_CELL_DEADLINE] = "Quý I/2026");
    assert_record(rec_at(t, 1), "task", "2", NULL, NULL, NULL);
    assert_int_equal(rec_at(t, 1)->line, 27);
    CELLS(rec_at(t, 1), [VNP_CELL_TASK] = "Công khai", [VNP_CELL_LEAD] = "Sở Tư pháp",
          [VNP_CELL_DEADLINE] = "Năm 2026");
    vnp_document_free(doc);
}

/* A capitalised paragraph ends a table; a header row after it starts a
 * second one. Each takes the text just above it as its title. */
static void test_text_between_two_tables(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("Nhiệm vụ trọng tâm năm 2026\n\n"
                                    TASK_HEADER "1\tRà soát\tSở Nội vụ\tQuý I/2026\n\n"
                                    "Các sở, ngành triển khai nhiệm vụ theo kế hoạch.\n\n"
                                    "Chỉ tiêu thống kê năm 2026\n\n"
                                    "STT\tTên chỉ tiêu\tĐVT\tSố liệu\n"
                                    "1\tSố hồ sơ\tHồ sơ\t120\n");
    assert_int_equal(doc->table_count, 2);
    const vnp_table *t1 = &doc->tables[0], *t2 = &doc->tables[1];
    assert_int_equal(t1->index, 1);
    assert_str(t1->title, "Nhiệm vụ trọng tâm năm 2026");
    assert_string_equal(t1->kind, "tasks");
    assert_int_equal(t1->line, 7);
    assert_int_equal(t1->end_line, 8);
    assert_int_equal(t1->record_count, 1);
    assert_int_equal(t2->index, 2);
    assert_str(t2->title, "Chỉ tiêu thống kê năm 2026");
    assert_string_equal(t2->kind, "indicators");
    COLUMNS(t2, {"STT", "number"}, {"Tên chỉ tiêu", "indicator"}, {"ĐVT", "unit"},
            {"Số liệu", "value"});
    assert_int_equal(t2->line, 14);
    assert_int_equal(t2->end_line, 15);
    assert_int_equal(t2->record_count, 1);
    assert_record(rec_at(t2, 0), "indicator", "1", NULL, NULL, NULL);
    CELLS(rec_at(t2, 0), [VNP_CELL_INDICATOR] = "Số hồ sơ", [VNP_CELL_UNIT] = "Hồ sơ",
          [VNP_CELL_VALUE] = "120");
    vnp_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_roles_and_other_columns),
        cmocka_unit_test(test_header_remarks_in_brackets),
        cmocka_unit_test(test_cell_answers_by_text_and_length),
        cmocka_unit_test(test_task_lead_deadline_without_number),
        cmocka_unit_test(test_two_level_header),
        cmocka_unit_test(test_span_header_alone),
        cmocka_unit_test(test_table_kind_other),
        cmocka_unit_test(test_first_row_opening_with_header_word),
        cmocka_unit_test(test_row_wider_than_header),
        cmocka_unit_test(test_annex_table_title),
        cmocka_unit_test(test_header_repeated_three_times),
        cmocka_unit_test(test_two_level_header_repeated),
        cmocka_unit_test(test_row_split_in_every_cell),
        cmocka_unit_test(test_split_neutral_fragment_joins),
        cmocka_unit_test(test_cell_references_keep_their_fragment_lines),
        cmocka_unit_test(test_split_neutral_after_sentence_end),
        cmocka_unit_test(test_split_capital_fragment_argues_against),
        cmocka_unit_test(test_empty_first_cell_is_new_row),
        cmocka_unit_test(test_continued_fragment_that_reads_as_time),
        cmocka_unit_test(test_slid_cells_put_back),
        cmocka_unit_test(test_spanning_time_cell),
        cmocka_unit_test(test_section_rows),
        cmocka_unit_test(test_section_title_continued_on_row),
        cmocka_unit_test(test_section_title_continued_on_line),
        cmocka_unit_test(test_table_without_sections),
        cmocka_unit_test(test_merged_cells_inherited),
        cmocka_unit_test(test_groups_and_parents),
        cmocka_unit_test(test_letters_under_group),
        cmocka_unit_test(test_indicator_table),
        cmocka_unit_test(test_cell_block_table),
        cmocka_unit_test(test_text_between_two_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
