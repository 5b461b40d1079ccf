/* Interpretation stage, read through vnp_parse and the record fields: the
 * agencies of lead and support cells and their keys, an indicator's value
 * as a number, and the time cells as a due date. */
#include "unit_helpers.h"

#include <stdio.h>

/* Lines 1-4 of every document; "năm 2026" gives the plan its period. */
#define PLAN_HEAD "KẾ HOẠCH\n\nCải cách hành chính năm 2026\n\n"

/* The only record of a document with one table. */
static const vnp_record *only_record(const vnp_document *doc)
{
    assert_int_equal(doc->table_count, 1);
    assert_int_equal(doc->tables[0].record_count, 1);
    return &doc->tables[0].records[0];
}

/* A task table with one row whose lead and support cells are given. */
static vnp_document *parse_agencies(const char *lead, const char *support)
{
    char text[1000];
    snprintf(text, sizeof text,
             PLAN_HEAD "STT\tNội dung\tCơ quan chủ trì\tCơ quan phối hợp\tThời hạn\n"
                       "1\tRà soát thủ tục\t%s\t%s\tNăm 2026\n",
             lead, support);
    return parse_text(text);
}

/* An indicator table with one row whose unit and value cells are given. */
static vnp_document *parse_indicator(const char *unit, const char *value)
{
    char text[1000];
    snprintf(text, sizeof text,
             PLAN_HEAD "STT\tTên chỉ tiêu\tĐơn vị tính\tSố liệu\n1\tSố hồ sơ\t%s\t%s\n", unit,
             value);
    return parse_text(text);
}

/* A task table with "Thời gian" over "Bắt đầu | Hoàn thành". */
static vnp_document *parse_times(const char *start, const char *deadline)
{
    char text[1000];
    snprintf(text, sizeof text,
             PLAN_HEAD "STT\tNội dung\tThời gian\t\n\t\tBắt đầu\tHoàn thành\n"
                       "1\tRà soát thủ tục\t%s\t%s\n",
             start, deadline);
    return parse_text(text);
}

/* ---- assertions ------------------------------------------------------------ */

/* On a wrong count, lists what the cell was split into. */
static void assert_names(const vnp_agency *a, size_t count, const char *const *names, size_t n)
{
    if (count != n)
        for (size_t i = 0; i < count; i++)
            print_error("agency %zu: \"%s\"\n", i, a[i].name);
    assert_int_equal(count, n);
    for (size_t i = 0; i < n; i++)
        assert_str(a[i].name, names[i]);
}

#define NAMES(list, count, ...)                                                \
    do {                                                                       \
        const char *const names_[] = {__VA_ARGS__};                            \
        assert_names((list), (count), names_, sizeof names_ / sizeof names_[0]); \
    } while (0)

static void assert_ymd(vnp_ymd d, int year, int month, int day)
{
    assert_int_equal(d.year, year);
    assert_int_equal(d.month, month);
    assert_int_equal(d.day, day);
}

/* Kinds compare by name so that a failure says which kind came out. */
static void assert_due(const vnp_record *r, const char *kind, vnp_ymd start, vnp_ymd end)
{
    assert_non_null(r->due);
    assert_string_equal(vnp_due_kind_string(r->due->kind), kind);
    assert_ymd(r->due->start, start.year, start.month, start.day);
    assert_ymd(r->due->end, end.year, end.month, end.day);
}

static void assert_no_due(const vnp_record *r)
{
    assert_null(r->due);
}

/* Exact: strtod and the literal round the same decimal to the same double. */
static void assert_quantity(const vnp_record *r, double value, const char *unit,
                            const char *code)
{
    assert_non_null(r->quantity);
    if (r->quantity->value != value) {
        print_error("value %.17g != %.17g\n", r->quantity->value, value);
        fail();
    }
    if (unit)
        assert_str(r->quantity->unit, unit);
    else
        assert_null(r->quantity->unit);
    if (code)
        assert_str(r->quantity->code, code);
    else
        assert_null(r->quantity->code);
}

/* ---- agencies ----------------------------------------------------------------- */

static void test_agencies_split_on_semicolon(void **state)
{
    (void)state;
    vnp_document *doc = parse_agencies("Sở Nội vụ; Sở Tư pháp; Công an tỉnh",
                                       "Sở Tài chính;Kho bạc Nhà nước tỉnh");
    const vnp_record *r = only_record(doc);
    NAMES(r->lead, r->lead_count, "Sở Nội vụ", "Sở Tư pháp", "Công an tỉnh");
    NAMES(r->support, r->support_count, "Sở Tài chính", "Kho bạc Nhà nước tỉnh");
    vnp_document_free(doc);
}

/* A comma followed by a capitalised agency word starts a new agency. */
static void test_agencies_split_before_agency_word(void **state)
{
    (void)state;
    vnp_document *doc =
        parse_agencies("Sở Y tế, Sở Giáo dục và Đào tạo, UBND các huyện",
                       "Văn phòng Sở, Các phòng chuyên môn, đơn vị thuộc Sở");
    const vnp_record *r = only_record(doc);
    NAMES(r->lead, r->lead_count, "Sở Y tế", "Sở Giáo dục và Đào tạo", "UBND các huyện");
    NAMES(r->support, r->support_count, "Văn phòng Sở", "Các phòng chuyên môn, đơn vị thuộc Sở");
    vnp_document_free(doc);
}

/* A comma before a word that opens no agency, capitalised or not, stays
 * inside one name. */
static void test_agencies_comma_inside_name(void **state)
{
    (void)state;
    vnp_document *doc = parse_agencies("Sở Văn hóa, Thể thao và Du lịch",
                                       "UBND các huyện, thành phố; Trung tâm Phục vụ hành chính "
                                       "công, Báo Bắc Ninh, Đài Phát thanh và Truyền hình tỉnh");
    const vnp_record *r = only_record(doc);
    NAMES(r->lead, r->lead_count, "Sở Văn hóa, Thể thao và Du lịch");
    NAMES(r->support, r->support_count, "UBND các huyện, thành phố",
          "Trung tâm Phục vụ hành chính công", "Báo Bắc Ninh",
          "Đài Phát thanh và Truyền hình tỉnh");
    vnp_document_free(doc);
}

/* "Các phòng, đơn vị thuộc Sở" and "Các sở, ban, ngành" are one agency. */
static void test_agencies_fixed_phrases(void **state)
{
    (void)state;
    vnp_document *doc = parse_agencies("Các phòng, đơn vị thuộc Sở",
                                       "Các sở, ban, ngành; các cơ quan, đơn vị liên quan");
    const vnp_record *r = only_record(doc);
    NAMES(r->lead, r->lead_count, "Các phòng, đơn vị thuộc Sở");
    NAMES(r->support, r->support_count, "Các sở, ban, ngành", "các cơ quan, đơn vị liên quan");
    vnp_document_free(doc);
}

/* Documents as often write the phrase with capitals: still one agency. */
static void test_agencies_capitalised_fixed_phrase(void **state)
{
    (void)state;
    vnp_document *doc = parse_agencies("Các Sở, Ban, Ngành tỉnh", "Sở Nội vụ");
    const vnp_record *r = only_record(doc);
    NAMES(r->lead, r->lead_count, "Các Sở, Ban, Ngành tỉnh");
    vnp_document_free(doc);
}

/* List marks before a name and punctuation after it are no part of it. */
static void test_agencies_trimmed(void **state)
{
    (void)state;
    vnp_document *doc = parse_agencies("Sở Nội vụ.", "- Sở Y tế; - Sở Giáo dục và Đào tạo.");
    const vnp_record *r = only_record(doc);
    NAMES(r->lead, r->lead_count, "Sở Nội vụ");
    NAMES(r->support, r->support_count, "Sở Y tế", "Sở Giáo dục và Đào tạo");
    vnp_document_free(doc);
}

static void test_agencies_absent(void **state)
{
    (void)state;
    vnp_document *doc = parse_agencies("Sở Nội vụ", "");
    const vnp_record *r = only_record(doc);
    NAMES(r->lead, r->lead_count, "Sở Nội vụ");
    assert_int_equal(r->support_count, 0);
    assert_null(r->support);
    vnp_document_free(doc);
}

/* Keys drop case and tone marks (vowel marks and "đ" stay), so misspelt
 * tones, tone placement ("hoá", "hóa") and capitals give one key. */
static void test_agency_keys(void **state)
{
    (void)state;
    vnp_document *doc = parse_agencies("Phòng Chuyển đổi số; Ủy ban nhân dân tỉnh",
                                       "Phòng Chuyên đổi số; Uỷ ban nhân dân tỉnh; Sở Nội vụ");
    const vnp_record *r = only_record(doc);
    assert_int_equal(r->lead_count, 2);
    assert_int_equal(r->support_count, 3);
    assert_str(r->lead[0].key, "phong chuyên đôi sô");
    assert_str(r->support[0].key, "phong chuyên đôi sô");
    assert_str(r->lead[1].key, "uy ban nhân dân tinh");
    assert_str(r->support[1].key, "uy ban nhân dân tinh");
    assert_str(r->support[2].key, "sơ nôi vu");
    /* the names stay as written */
    assert_str(r->lead[0].name, "Phòng Chuyển đổi số");
    assert_str(r->support[0].name, "Phòng Chuyên đổi số");
    vnp_document_free(doc);

    doc = parse_agencies("Sở Văn hoá và Thể thao", "Sở Văn hóa và Thể Thao; SỞ NỘI VỤ");
    r = only_record(doc);
    assert_str(r->lead[0].key, "sơ văn hoa va thê thao");
    assert_str(r->support[0].key, "sơ văn hoa va thê thao");
    assert_str(r->support[1].key, "sơ nôi vu");
    vnp_document_free(doc);
}

/* A cell naming more agencies than the limit keeps them all: the first 63
 * split, the rest as the 64th, unsplit, with a warning on the row's line. */
static void test_agencies_past_the_limit(void **state)
{
    (void)state;
    char cell[4000] = "";
    for (int i = 1; i <= 100; i++)
        snprintf(cell + strlen(cell), sizeof cell - strlen(cell), "%sPhòng Kế hoạch %d",
                 i > 1 ? "; " : "", i);
    char text[5000];
    snprintf(text, sizeof text,
             PLAN_HEAD "STT\tNội dung\tCơ quan chủ trì\tThời hạn\n"
                       "1\tRà soát thủ tục\t%s\tNăm 2026\n",
             cell);
    vnp_document *doc = parse_text(text);
    const vnp_record *r = only_record(doc);
    assert_int_equal(r->lead_count, 64);
    assert_str(r->lead[62].name, "Phòng Kế hoạch 63");
    const char *rest = strstr(cell, "Phòng Kế hoạch 64;");
    assert_non_null(rest);
    assert_str(r->lead[63].name, rest); /* 64 to 100, as written */
    const vnp_diagnostic *d = find_diag(doc, "agency-limit");
    assert_non_null(d);
    assert_int_equal(d->severity, VNP_SEV_WARNING);
    assert_int_equal(d->line, r->line);
    vnp_document_free(doc);
    /* at the limit exactly: every agency split, no warning */
    cell[0] = '\0';
    for (int i = 1; i <= 64; i++)
        snprintf(cell + strlen(cell), sizeof cell - strlen(cell), "%sPhòng Kế hoạch %d",
                 i > 1 ? "; " : "", i);
    snprintf(text, sizeof text,
             PLAN_HEAD "STT\tNội dung\tCơ quan chủ trì\tThời hạn\n"
                       "1\tRà soát thủ tục\t%s\tNăm 2026\n",
             cell);
    doc = parse_text(text);
    assert_int_equal(only_record(doc)->lead_count, 64);
    assert_str(only_record(doc)->lead[63].name, "Phòng Kế hoạch 64");
    assert_null(find_diag(doc, "agency-limit"));
    vnp_document_free(doc);
}

/* Rows whose lead cells read the same share one array of agencies (the
 * same split, made once); a different cell has its own. A cell cut short
 * at the limit is split on each of its rows, each with its own warning. */
static void test_same_cell_same_agencies(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(PLAN_HEAD "STT\tNội dung\tCơ quan chủ trì\tThời hạn\n"
                                             "1\tLập danh mục\tSở Y tế, Sở Tài chính\tNăm 2026\n"
                                             "2\tCập nhật danh mục\tSở Y tế, Sở Tài chính\tNăm 2027\n"
                                             "3\tCông bố danh mục\tSở Y tế\tNăm 2027\n");
    assert_int_equal(doc->tables[0].record_count, 3);
    const vnp_record *a = vnp_table_record(&doc->tables[0], 0),
                     *b = vnp_table_record(&doc->tables[0], 1),
                     *c = vnp_table_record(&doc->tables[0], 2);
    assert_int_equal(a->lead_count, 2);
    assert_int_equal(b->lead_count, 2);
    assert_ptr_equal(a->lead, b->lead);
    assert_str(b->lead[1].name, "Sở Tài chính");
    assert_int_equal(c->lead_count, 1);
    assert_ptr_not_equal(c->lead, a->lead);
    assert_str(c->lead[0].name, "Sở Y tế");
    assert_ptr_equal(c->lead[0].name, a->lead[0].name); /* one copy of a name */
    vnp_document_free(doc);

    char cell[4000] = "";
    for (int i = 1; i <= 70; i++)
        snprintf(cell + strlen(cell), sizeof cell - strlen(cell), "%sTổ công tác %d",
                 i > 1 ? "; " : "", i);
    char text[9000];
    snprintf(text, sizeof text,
             PLAN_HEAD "STT\tNội dung\tCơ quan chủ trì\tThời hạn\n"
                       "1\tKiểm kê tài sản\t%s\tNăm 2026\n"
                       "2\tĐánh giá tài sản\t%s\tNăm 2026\n",
             cell, cell);
    doc = parse_text(text);
    assert_int_equal(doc->tables[0].record_count, 2);
    size_t warned = 0;
    for (size_t i = 0; i < doc->diagnostic_count; i++)
        if (strcmp(doc->diagnostics[i].code, "agency-limit") == 0) {
            assert_int_equal(doc->diagnostics[i].line,
                             vnp_table_record(&doc->tables[0], warned)->line);
            warned++;
        }
    assert_int_equal(warned, 2);
    assert_int_equal(vnp_table_record(&doc->tables[0], 1)->lead_count, 64);
    vnp_document_free(doc);
}

/* Rows that give the same time cell read it once (the document keeps
 * what the first read): each record's due is what vnp_due_parse() reads in
 * the cell alone, in the plan's period, its condition included, and so is
 * a range from two cells that come back. */
static void test_same_time_cell_same_due(void **state)
{
    (void)state;
    static const char *const cells[] = {"Năm 2026", "Thường xuyên", "Quý III/2026",
                                        "Tháng 6/2026, theo kế hoạch", "Năm 2026"};
    enum { CELLS = sizeof cells / sizeof cells[0], ROWS = 3 * CELLS };
    char text[4000];
    size_t n = (size_t)snprintf(text, sizeof text,
                                PLAN_HEAD "STT\tNội dung\tCơ quan chủ trì\tThời hạn\n");
    for (int i = 0; i < ROWS; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%d\tViệc số %d\tSở Y tế\t%s\n", i + 1,
                              i + 1, cells[i % CELLS]);
    vnp_document *doc = parse_text(text);
    assert_int_equal(doc->table_count, 1);
    assert_int_equal(doc->tables[0].record_count, ROWS);
    for (int i = 0; i < ROWS; i++) {
        const vnp_record *r = vnp_table_record(&doc->tables[0], (size_t)i);
        vnp_due alone;
        assert_int_equal(vnp_due_parse(cells[i % CELLS], doc->period_from, doc->period_to, &alone),
                         VNP_OK);
        if (alone.kind == VNP_DUE_NONE) {
            assert_null(r->due);
        } else {
            assert_non_null(r->due);
            assert_int_equal(r->due->kind, alone.kind);
            assert_memory_equal(&r->due->start, &alone.start, sizeof alone.start);
            assert_memory_equal(&r->due->end, &alone.end, sizeof alone.end);
            assert_memory_equal(&r->due->until, &alone.until, sizeof alone.until);
            assert_true((r->due->recurrence == NULL) == (alone.recurrence == NULL));
            if (alone.condition)
                assert_str(r->due->condition, alone.condition);
            else
                assert_null(r->due->condition);
        }
        vnp_due_clear(&alone);
    }
    vnp_document_free(doc);

    /* a range: the same start and deadline cells on two rows */
    doc = parse_times("Tháng 3/2026", "Tháng 6/2026");
    vnp_ymd start = only_record(doc)->due->start, end = only_record(doc)->due->end;
    vnp_document_free(doc);
    doc = parse_text(PLAN_HEAD "STT\tNội dung\tThời gian\t\n\t\tBắt đầu\tHoàn thành\n"
                               "1\tRà soát thủ tục\tTháng 3/2026\tTháng 6/2026\n"
                               "2\tCông bố thủ tục\tTháng 3/2026\tTháng 6/2026\n");
    assert_int_equal(doc->tables[0].record_count, 2);
    for (size_t i = 0; i < 2; i++)
        assert_due(vnp_table_record(&doc->tables[0], i), "range", start, end);
    vnp_document_free(doc);
}

/* ---- indicator values ----------------------------------------------------------- */

/* Rows that give the same value in the same unit share one quantity; the
 * same value in another unit, or with no unit, has its own. Long cells
 * too (past the look-up's buffer on the stack). */
static void test_same_value_and_unit_same_quantity(void **state)
{
    (void)state;
    char unit[400] = "";
    while (strlen(unit) < 300)
        strcat(unit, "Hộ gia đình được hỗ trợ ");
    char text[3000];
    snprintf(text, sizeof text,
             PLAN_HEAD "STT\tTên chỉ tiêu\tĐơn vị tính\tSố liệu\n"
                       "1\tTỷ lệ xã đạt chuẩn\t%%\t75\n"
                       "2\tTỷ lệ thôn đạt chuẩn\t%%\t75\n"
                       "3\tSố người được đào tạo\tNgười\t75\n"
                       "4\tSố hộ được hỗ trợ\t%s\t12\n"
                       "5\tSố hộ được vay vốn\t%s\t12\n",
             unit, unit);
    vnp_document *doc = parse_text(text);
    assert_int_equal(doc->table_count, 1);
    assert_int_equal(doc->tables[0].record_count, 5);
    const vnp_record *r[5];
    for (size_t i = 0; i < 5; i++) {
        r[i] = vnp_table_record(&doc->tables[0], i);
        assert_non_null(r[i]->quantity);
    }
    assert_ptr_equal(r[0]->quantity, r[1]->quantity);
    assert_str(r[1]->quantity->unit, "%");
    assert_ptr_not_equal(r[2]->quantity, r[0]->quantity);
    assert_true(r[2]->quantity->value == 75);
    assert_str(r[2]->quantity->unit, "Người");
    assert_ptr_equal(r[3]->quantity, r[4]->quantity);
    assert_true(r[4]->quantity->value == 12);
    vnp_document_free(doc);
}

/* A dot followed by three digits groups thousands. */
static void test_quantity_thousands_dots(void **state)
{
    (void)state;
    vnp_document *doc = parse_indicator("Hồ sơ", "1.155.106");
    assert_quantity(only_record(doc), 1155106, "Hồ sơ", NULL);
    vnp_document_free(doc);
    doc = parse_indicator("Người", "1.234");
    assert_quantity(only_record(doc), 1234, "Người", NULL);
    vnp_document_free(doc);
    doc = parse_indicator("Đồng", "1 200");
    assert_quantity(only_record(doc), 1200, "Đồng", NULL);
    vnp_document_free(doc);
}

/* A comma marks decimals; a percent sign in the value sets the unit. */
static void test_quantity_decimal_comma_and_percent(void **state)
{
    (void)state;
    vnp_document *doc = parse_indicator("%", "99,61%");
    assert_quantity(only_record(doc), 99.61, "%", NULL);
    vnp_document_free(doc);
    doc = parse_indicator("Tỷ lệ", "85,5 %");
    assert_quantity(only_record(doc), 85.5, "%", NULL);
    vnp_document_free(doc);
    doc = parse_indicator("Người", "1.234,5");
    assert_quantity(only_record(doc), 1234.5, "Người", NULL);
    vnp_document_free(doc);
    doc = parse_indicator("%", "12.5");
    assert_quantity(only_record(doc), 12.5, "%", NULL);
    vnp_document_free(doc);
}

/* A unit cell "Có = 1; Không = 0" is a code list: the value names the
 * answer, and there is no unit. */
static void test_quantity_code_list(void **state)
{
    (void)state;
    vnp_document *doc = parse_indicator("Có = 1; Không = 0", "1");
    assert_quantity(only_record(doc), 1, NULL, "Có");
    vnp_document_free(doc);
    doc = parse_indicator("Có = 1; Không = 0", "0");
    assert_quantity(only_record(doc), 0, NULL, "Không");
    vnp_document_free(doc);
    doc = parse_indicator("Có = 1; Không = 0", "2"); /* no answer has code 2 */
    assert_quantity(only_record(doc), 2, NULL, NULL);
    vnp_document_free(doc);
}

/* Code lists separated by commas name their answers without the comma. */
static void test_quantity_code_list_with_commas(void **state)
{
    (void)state;
    vnp_document *doc = parse_indicator("Đạt = 1, Không đạt = 0", "0");
    assert_quantity(only_record(doc), 0, NULL, "Không đạt");
    vnp_document_free(doc);
}

/* A value that is no number gives no quantity; the row stays an indicator. */
static void test_quantity_not_a_number(void **state)
{
    (void)state;
    static const char *const values[] = {"không có số liệu", "Đạt", "-", "x", "%"};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        vnp_document *doc = parse_indicator("Người", values[i]);
        const vnp_record *r = only_record(doc);
        assert_int_equal(r->kind, VNP_RECORD_INDICATOR);
        if (r->quantity) {
            print_error("\"%s\" read as %g\n", values[i], r->quantity->value);
            fail();
        }
        vnp_document_free(doc);
    }
}

/* Group rows and task tables have no value column to read. */
/* A value is read exactly or not at all: past the 15 significant digits a
 * double holds, however long the cell, there is no quantity rather than a
 * different number; zeros around the digits do not count. */
static void test_quantity_exact_or_none(void **state)
{
    (void)state;
    char ones[80], nines[80];
    memset(ones, '1', 70);
    ones[70] = '\0';
    memset(nines, '9', 64);
    strcpy(nines + 64, ",5");
    const char *const none[] = {ones, nines, "1234567890123456", "12.345.678.901.234,56"};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        vnp_document *doc = parse_indicator("Đồng", none[i]);
        const vnp_record *r = only_record(doc);
        if (r->quantity) {
            print_error("\"%s\" read as %.17g\n", none[i], r->quantity->value);
            fail();
        }
        vnp_document_free(doc);
    }
    static const struct {
        const char *cell;
        double value;
    } exact[] = {{"123.456.789.012.345", 123456789012345.0},
                 {"0,000125", 0.000125},
                 {"1.000.000.000.000.000.000.000.000", 1e24},
                 {"00012,50", 12.5},
                 {"7,0000000000000000000000000", 7}};
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++) {
        vnp_document *doc = parse_indicator("Đồng", exact[i].cell);
        assert_quantity(only_record(doc), exact[i].value, "Đồng", NULL);
        vnp_document_free(doc);
    }
}

static void test_quantity_absent(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(PLAN_HEAD "STT\tTên chỉ tiêu\tĐơn vị tính\tSố liệu\n"
                                             "1\tChỉ tiêu về hồ sơ\t\t\n"
                                             "1.1\tSố hồ sơ\tHồ sơ\t15\n");
    assert_int_equal(doc->table_count, 1);
    assert_int_equal(doc->tables[0].record_count, 2);
    assert_int_equal(doc->tables[0].records[0].kind, VNP_RECORD_GROUP);
    assert_null(doc->tables[0].records[0].quantity);
    assert_quantity(&doc->tables[0].records[1], 15, "Hồ sơ", NULL);
    vnp_document_free(doc);
    doc = parse_agencies("Sở Nội vụ", "Sở Tư pháp");
    assert_null(only_record(doc)->quantity);
    vnp_document_free(doc);
}

/* ---- due dates ---------------------------------------------------------------------- */

static void test_due_from_deadline(void **state)
{
    (void)state;
    vnp_document *doc = parse_agencies("Sở Nội vụ", "");
    assert_due(only_record(doc), "year", (vnp_ymd){2026, 1, 1}, (vnp_ymd){2026, 12, 31});
    vnp_document_free(doc);
    doc = parse_times("", "Quý II/2026");
    assert_due(only_record(doc), "quarter", (vnp_ymd){2026, 4, 1}, (vnp_ymd){2026, 6, 30});
    vnp_document_free(doc);
}

/* A time without a year falls in the plan's first year. */
static void test_due_takes_plan_year(void **state)
{
    (void)state;
    vnp_document *doc = parse_times("", "Quý II");
    assert_int_equal(doc->period_from, 2026);
    assert_due(only_record(doc), "quarter", (vnp_ymd){2026, 4, 1}, (vnp_ymd){2026, 6, 30});
    vnp_document_free(doc);
}

/* Start and deadline: the range from the start of the one to the end of
 * the other. */
static void test_due_range(void **state)
{
    (void)state;
    vnp_document *doc = parse_times("Tháng 3/2026", "Tháng 6/2026");
    assert_due(only_record(doc), "range", (vnp_ymd){2026, 3, 1}, (vnp_ymd){2026, 6, 30});
    vnp_document_free(doc);
    doc = parse_times("2026", "2027");
    assert_due(only_record(doc), "range", (vnp_ymd){2026, 1, 1}, (vnp_ymd){2027, 12, 31});
    vnp_document_free(doc);
    doc = parse_times("Tháng 3", "Tháng 6");
    assert_due(only_record(doc), "range", (vnp_ymd){2026, 3, 1}, (vnp_ymd){2026, 6, 30});
    vnp_document_free(doc);
}

/* A start cell that names no time leaves the deadline alone. */
static void test_due_start_not_a_time(void **state)
{
    (void)state;
    vnp_document *doc = parse_times("Đã triển khai", "Quý II/2026");
    const vnp_record *r = only_record(doc);
    assert_str(vnp_record_cell(r, VNP_CELL_START), "Đã triển khai");
    assert_due(r, "quarter", (vnp_ymd){2026, 4, 1}, (vnp_ymd){2026, 6, 30});
    vnp_document_free(doc);
}

/* No time cell, an empty one, or one that names no time: no due date. */
static void test_due_none(void **state)
{
    (void)state;
    vnp_document *doc = parse_times("", "");
    assert_no_due(only_record(doc));
    vnp_document_free(doc);
    doc = parse_times("", "x");
    assert_str(vnp_record_cell(only_record(doc), VNP_CELL_DEADLINE), "x");
    assert_no_due(only_record(doc));
    vnp_document_free(doc);
    doc = parse_text(PLAN_HEAD "STT\tNội dung\tCơ quan chủ trì\n1\tRà soát\tSở Nội vụ\n");
    assert_no_due(only_record(doc));
    vnp_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agencies_split_on_semicolon),
        cmocka_unit_test(test_agencies_split_before_agency_word),
        cmocka_unit_test(test_agencies_comma_inside_name),
        cmocka_unit_test(test_agencies_fixed_phrases),
        cmocka_unit_test(test_agencies_capitalised_fixed_phrase),
        cmocka_unit_test(test_agencies_trimmed),
        cmocka_unit_test(test_agencies_absent),
        cmocka_unit_test(test_agency_keys),
        cmocka_unit_test(test_agencies_past_the_limit),
        cmocka_unit_test(test_quantity_thousands_dots),
        cmocka_unit_test(test_quantity_decimal_comma_and_percent),
        cmocka_unit_test(test_quantity_code_list),
        cmocka_unit_test(test_quantity_code_list_with_commas),
        cmocka_unit_test(test_quantity_not_a_number),
        cmocka_unit_test(test_quantity_exact_or_none),
        cmocka_unit_test(test_quantity_absent),
        cmocka_unit_test(test_same_cell_same_agencies),
        cmocka_unit_test(test_same_time_cell_same_due),
        cmocka_unit_test(test_same_value_and_unit_same_quantity),
        cmocka_unit_test(test_due_from_deadline),
        cmocka_unit_test(test_due_takes_plan_year),
        cmocka_unit_test(test_due_range),
        cmocka_unit_test(test_due_start_not_a_time),
        cmocka_unit_test(test_due_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
