/* The text stages and their products. Each stage's entry function takes
 * the products it reads and makes its own (internal.h, "the products of
 * the stages"); document.c runs them in order and stops at the first that
 * fails. Here each stage runs alone on products built by hand, and what
 * it makes is checked: its product, or what it adds to the document.
 * Each also returns its status: VNP_OK, VNP_ERR_NOMEM once an allocation
 * of the parse has failed, VNP_ERR_ARGUMENT once a pattern of a caller's
 * grammar folder did not compile. That the parse then refuses the
 * document, naming the file and line, test_refs.c tests for the
 * reference grammar. */
#include "unit_helpers.h"

static src_line text_line(const char *s, uint32_t no)
{
    return (src_line){.text = s, .len = (uint32_t)strlen(s), .no = no,
                      .flags = *s ? 0 : LINE_BLANK};
}

static para text_para(const char *s, size_t line)
{
    return (para){.kind = PARA_TEXT, .line = para_u32(line), .end_line = para_u32(line), .text = s,
                  .len = para_u32(strlen(s))};
}

static para row_para(const char **cells, size_t count, size_t line)
{
    return (para){.kind = PARA_ROW, .line = para_u32(line), .end_line = para_u32(line), .text = "",
                  .cells = cells, .cell_count = para_u32(count)};
}

static paragraphs_product paras_of(const para *p, size_t count)
{
    return (paragraphs_product){p, count, NULL, 0};
}

/* A document with nothing in it yet, for a stage to add to. */
static vnp_document *blank_document(void) { return parse_with("", 0, 0); }

static void expect(const char *stage, vnp_status got, vnp_status want, const char *when)
{
    if (got != want)
        fail_msg("%s stage %s: %s, expected %s", stage, when, vnp_status_string(got),
                 vnp_status_string(want));
}

/* Every stage on doc with empty products, in pipeline order, each status
 * against want. */
static void expect_all(vnp_document *doc, vnp_status want, const char *when)
{
    stage_products p = {0};
    expect("layout", layout_paragraphs(doc, &p.lines, &p.paragraphs), want, when);
    expect("header", header_extract(doc, &p.paragraphs, &p.title), want, when);
    expect("issuer", issuer_extract(doc, &p.lines, &p.paragraphs, &p.title, &p.issuer_place),
           want, when);
    expect("province", province_resolve(doc, &p.issuer_place), want, when);
    expect("parts", parts_extract(doc, &p.paragraphs, &p.title, &p.parts), want, when);
    expect("frame", frame_extract(doc, &p.lines, &p.frame), want, when);
    expect("outline", outline_extract(doc, &p.paragraphs, &p.title, &p.parts), want, when);
    expect("tables", tables_extract(doc, &p.paragraphs, &p.tables), want, when);
    expect("prose", prose_extract(doc, &p.paragraphs, &p.parts), want, when);
    expect("interpret", records_interpret(doc), want, when);
    expect("refs",
           refs_extract(doc, &p.lines, &p.paragraphs, &p.title, &p.parts, &p.frame, &p.tables),
           want, when);
    expect("citations", citations_resolve(doc), want, when);
}

static void test_stage_statuses(void **state)
{
    (void)state;
    vnp_document *doc = blank_document();
    struct vnp_internal *in = doc->internal;
    expect_all(doc, VNP_OK, "on an empty document");
    in->grammar_error = "header_number.pcre:3: missing closing parenthesis";
    expect_all(doc, VNP_ERR_ARGUMENT, "after a grammar that does not compile");
    in->grammar_error = NULL;
    vnp_alloc_failed = true;
    expect_all(doc, VNP_ERR_NOMEM, "after an allocation failed");
    vnp_alloc_failed = false;
    in->mem.failed = true;
    expect_all(doc, VNP_ERR_NOMEM, "after the arena ran out");
    in->mem.failed = false;
    vnp_document_free(doc);
}

/* layout: lines -> paragraphs; a blank line parts two paragraphs, a
 * wrapped line continues one. */
static void test_layout_makes_paragraphs(void **state)
{
    (void)state;
    vnp_document *doc = blank_document();
    const src_line l[] = {text_line("Các sở, ngành rà soát danh mục thủ tục", 1),
                          text_line("hành chính trước ngày 30/6.", 2), text_line("", 3),
                          text_line("Kết quả gửi về Văn phòng.", 4)};
    lines_product lines = {l, 4, NULL, 0};
    paragraphs_product paras = {0};
    assert_int_equal(layout_paragraphs(doc, &lines, &paras), VNP_OK);
    assert_int_equal(paras.count, 2);
    assert_int_equal(paras.footnote_count, 0);
    assert_int_equal(paras.paras[0].line, 1);
    assert_int_equal(paras.paras[0].end_line, 2);
    assert_str(paras.paras[0].text,
               "Các sở, ngành rà soát danh mục thủ tục hành chính trước ngày 30/6.");
    assert_int_equal(paras.paras[1].line, 4);
    vnp_document_free(doc);
}

/* header: paragraphs -> the type and title, and where the title ends;
 * with no type line, a title product of 0. */
static void test_header_makes_title(void **state)
{
    (void)state;
    vnp_document *doc = blank_document();
    const para p[] = {text_para("KẾ HOẠCH", 1), text_para("Số hóa hồ sơ lưu trữ năm 2027", 3),
                      text_para("Căn cứ Luật Lưu trữ năm 2024;", 5)};
    paragraphs_product paras = paras_of(p, 3);
    title_product title = {99};
    assert_int_equal(header_extract(doc, &paras, &title), VNP_OK);
    assert_int_equal(title.title_end, 2);
    assert_str(doc->type, "KẾ HOẠCH");
    assert_str(doc->title, "Số hóa hồ sơ lưu trữ năm 2027");
    assert_int_equal(doc->period_from, 2027);
    vnp_document_free(doc);

    doc = blank_document();
    const para none[] = {text_para("Các phòng chuyên môn báo cáo kết quả.", 1)};
    paragraphs_product plain = paras_of(none, 1);
    title.title_end = 99;
    assert_int_equal(header_extract(doc, &plain, &title), VNP_OK);
    assert_int_equal(title.title_end, 0);
    vnp_document_free(doc);
}

/* issuer: the header's paragraphs -> doc->issuer and the issuer's place,
 * which the province stage reads. */
static void test_issuer_makes_place(void **state)
{
    (void)state;
    vnp_document *doc = blank_document();
    const para p[] = {text_para("ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG", 2),
                      text_para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 3),
                      text_para("Số: 12/KH-UBND", 4)};
    paragraphs_product paras = paras_of(p, 3);
    lines_product lines = {0};
    title_product title = {0};
    issuer_place_product place = {0};
    assert_int_equal(issuer_extract(doc, &lines, &paras, &title, &place), VNP_OK);
    assert_str(doc->issuer.name, "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG");
    assert_true(place.place.found);
    assert_str(place.place.canonical, "Tuyên Quang");
    assert_str(place.text, "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG");
    assert_int_equal(place.line, 2);
    vnp_document_free(doc);
}

/* province: the issuer's place -> doc->province, at the place's line. */
static void test_province_reads_issuer_place(void **state)
{
    (void)state;
    vnp_document *doc = blank_document();
    const char *text = "SỞ Y TẾ TỈNH LẠNG SƠN";
    place_match m = {0};
    place_find(doc->internal, text, strlen(text), &m);
    assert_true(m.found);
    issuer_place_product place = {text, m, 6};
    assert_int_equal(province_resolve(doc, &place), VNP_OK);
    assert_str(doc->province.source, "issuer");
    assert_str(doc->province.written, "TỈNH LẠNG SƠN");
    assert_int_equal(doc->province.line, 6);
    vnp_document_free(doc);

    doc = blank_document(); /* no place: no province, whatever else is known */
    issuer_place_product none = {0};
    assert_int_equal(province_resolve(doc, &none), VNP_OK);
    assert_null(doc->province.name);
    vnp_document_free(doc);
}

/* parts: paragraphs and the title's end -> where the body and the closing
 * start: the preamble runs from the title's end up to the first heading. */
static void test_parts_makes_body_and_closing(void **state)
{
    (void)state;
    vnp_document *doc = blank_document();
    const para p[] = {text_para("KẾ HOẠCH", 1),
                      text_para("Căn cứ Nghị định số 45/2020/NĐ-CP của Chính phủ;", 2),
                      text_para("I. MỤC ĐÍCH, YÊU CẦU", 3),
                      text_para("Bảo đảm đúng tiến độ.", 4),
                      text_para("Nơi nhận:", 5),
                      text_para("- Như trên;", 6),
                      text_para("- Lưu: VT.", 7),
                      text_para("Phụ lục I", 9)};
    paragraphs_product paras = paras_of(p, 8);
    title_product title = {1};
    parts_product parts = {0};
    assert_int_equal(parts_extract(doc, &paras, &title, &parts), VNP_OK);
    assert_int_equal(parts.body_start, 2);
    assert_int_equal(doc->preamble_count, 1);
    assert_int_equal(doc->preamble[0].line, 2);
    assert_int_equal(parts.closing_start, 4);
    assert_int_equal(parts.closing_end, 7);
    assert_int_equal(doc->recipient_count, 2);
    assert_int_equal(doc->annex_count, 1);
    assert_int_equal(doc->annexes[0].line, 9);
    vnp_document_free(doc);
}

/* frame: the lines and the header's first line -> the document's lines;
 * a website's lines before the header are outside. */
static void test_frame_makes_document_lines(void **state)
{
    (void)state;
    vnp_document *doc = blank_document();
    const src_line l[] = {text_line("Trang chủ | Văn bản", 1), text_line("", 2),
                          text_line("KẾ HOẠCH", 3), text_line("Triển khai", 4)};
    lines_product lines = {l, 4, NULL, 0};
    doc->type_line = 3;
    frame_product frame = {0};
    size_t before = doc->internal->diags.count;
    assert_int_equal(frame_extract(doc, &lines, &frame), VNP_OK);
    assert_int_equal(frame.first_line, 3);
    assert_int_equal(frame.end_line, 0);
    assert_false(within_document(&frame, 1));
    assert_true(within_document(&frame, 4));
    /* said in the parse's list (the document's array is set when the
     * stages are done) */
    const vnp_diagnostic *said = (const vnp_diagnostic *)doc->internal->diags.items + before;
    assert_int_equal(doc->internal->diags.count, before + 1);
    assert_str(said->code, "site-frame");
    assert_int_equal(said->line, 1);
    vnp_document_free(doc);
}

/* frame: a line is looked up in site_frames.tsv only when its opening
 * may be a row's (an ASCII byte before an ASCII byte told by a table):
 * for lines that open in every way, the site's text starts where a
 * look-up of every line finds it. */
static void test_frame_finds_what_every_look_up_finds(void **state)
{
    (void)state;
    static const char *const openings[] = {
        "Văn bản này chưa cập nhật nội dung Tiếng Anh",
        "VĂN BẢN NÀY CHƯA CẬP NHẬT NỘI DUNG TIẾNG ANH",
        "văn bản này chưa cập nhật nội dung tiếng anh",
        "vĂn bản này chưa cập nhật nội dung Tiếng Anh",
        "Van ban nay chua cap nhat noi dung Tieng Anh",
        "Ván bản này chưa cập nhật nội dung Tiếng Anh",
        "Văn bản liên quan",
        "Vb", "V", "v", "Q Văn bản", "1 Văn bản", "(Văn bản này chưa cập nhật nội dung Tiếng Anh)",
        "Đ", "é", "e\xcc\x81", "V\xcc\x86n bản này chưa cập nhật nội dung Tiếng Anh"};
    size_t found = 0;
    for (size_t k = 0; k < sizeof openings / sizeof openings[0]; k++) {
        vnp_document *doc = blank_document();
        const src_line l[] = {text_line("KẾ HOẠCH", 1), text_line("Triển khai", 2),
                              text_line("Ab", 3), text_line("x", 4), text_line(openings[k], 5),
                              text_line("Tail", 6)};
        lines_product lines = {l, 6, NULL, 0};
        doc->type_line = 1;
        const char *row =
            lexicon_lookup(doc->internal, "site_frames.tsv", openings[k], strlen(openings[k]));
        size_t want = row && !strstr(row, "heading") ? 4 : 0; /* the row names 1 line before */
        frame_product frame = {0};
        assert_int_equal(frame_extract(doc, &lines, &frame), VNP_OK);
        if (frame.end_line != want)
            fail_msg("\"%s\": the frame ends at %zu, not %zu", openings[k], frame.end_line, want);
        found += want != 0;
        vnp_document_free(doc);
    }
    assert_true(found >= 3); /* in each case, and each way of opening */
}

/* outline: the headings after the title's end, none inside the closing. */
static void test_outline_reads_title_and_parts(void **state)
{
    (void)state;
    vnp_document *doc = blank_document();
    const para p[] = {text_para("I. TIÊU ĐỀ CỦA CHÍNH VĂN BẢN", 1), text_para("I. MỤC TIÊU", 2),
                      text_para("1. Mục tiêu chung", 3),         text_para("II. NHIỆM VỤ", 4),
                      text_para("1. Nhiệm vụ trong khối ký", 5)};
    paragraphs_product paras = paras_of(p, 5);
    title_product title = {1};
    parts_product parts = {1, 4, 5};
    assert_int_equal(outline_extract(doc, &paras, &title, &parts), VNP_OK);
    assert_int_equal(doc->outline_count, 3);
    assert_int_equal(doc->outline[0].line, 2);
    assert_int_equal(doc->outline[1].line, 3);
    assert_int_equal(doc->outline[1].parent, 1);
    assert_int_equal(doc->outline[2].line, 4);
    vnp_document_free(doc);
}

/* tables: the rows -> doc->tables and the table text: every cell. */
static void test_tables_make_table_text(void **state)
{
    (void)state;
    vnp_document *doc = blank_document();
    const char *head[] = {"STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"};
    const char *row[] = {"1", "Cập nhật cơ sở dữ liệu đất đai", "Sở Nông nghiệp và Môi trường",
                         "Quý III/2026"};
    const para p[] = {row_para(head, 4, 10), row_para(row, 4, 11)};
    paragraphs_product paras = paras_of(p, 2);
    table_text text = {0};
    assert_int_equal(tables_extract(doc, &paras, &text), VNP_OK);
    assert_int_equal(doc->table_count, 1);
    assert_str(doc->tables[0].kind, "tasks");
    assert_int_equal(doc->tables[0].record_count, 1);
    /* the row's four cells, in order, on its line: one entry, a slice of
     * the row's own cells */
    table_cursor at = {0, 0};
    table_cell c;
    for (size_t k = 0; k < 4; k++) {
        assert_true(table_text_next(&text, &at, &c));
        assert_str(c.text, row[k]);
        assert_int_equal(c.piece_count, 1);
        assert_int_equal(c.pieces[0].line, 11);
    }
    assert_false(table_text_next(&text, &at, &c));
    assert_int_equal(text.count, 1);
    vnp_document_free(doc);
}

/* The table text's runs of one-fragment cells, odd and even, around a
 * cell of several fragments, and a slice of a row's cells, read back cell
 * by cell; nothing from an empty one. */
static void test_table_text_next_reads_runs(void **state)
{
    (void)state;
    static const char *const row[] = {"x", "s1", "s2", "s3", "y"};
    table_entry e[9];
    memset(e, 0, sizeof e);
    e[0].cell = (cell_text){.text = "a", .line = 4, .piece_count = 2}; /* a, b, c on line 4 */
    e[1].texts[0] = "b";
    e[1].texts[1] = "c";
    e[2].cell = (cell_text){.text = "joined", .line = 0, .piece_count = 2}; /* two pieces */
    e[3].piece = (line_piece){0, 5};
    e[4].piece = (line_piece){3, 6};
    e[5].cell = (cell_text){.text = "d", .line = 7, .piece_count = 1}; /* d, e on line 7 */
    e[6].texts[0] = "e";
    e[7].cell = (cell_text){.cells = row + 1, .line = 9, .piece_count = CELL_TEXT_SLICE | 3u};
    e[8].cell = (cell_text){.text = "f", .line = 8, .piece_count = 0}; /* alone on line 8 */
    table_text text = {e, 9};
    const char *want[] = {"a", "b", "c", "joined", "d", "e", "s1", "s2", "s3", "f"};
    const size_t line[] = {4, 4, 4, 5, 7, 7, 9, 9, 9, 8};
    const size_t pieces[] = {1, 1, 1, 2, 1, 1, 1, 1, 1, 1};
    table_cursor at = {0, 0};
    table_cell c;
    for (size_t k = 0; k < 10; k++) {
        assert_true(table_text_next(&text, &at, &c));
        assert_str(c.text, want[k]);
        assert_int_equal(c.piece_count, pieces[k]);
        assert_int_equal(c.pieces[0].line, line[k]);
    }
    assert_int_equal(c.pieces[0].offset, 0);
    assert_false(table_text_next(&text, &at, &c));
    table_text none = {NULL, 0};
    table_cursor start = {0, 0};
    assert_false(table_text_next(&none, &start, &c));
}

/* Cells of two rows make two runs, each on its row's line. */
static void test_tables_table_text_lines(void **state)
{
    (void)state;
    vnp_document *doc = blank_document();
    const char *head[] = {"STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"};
    const char *r1[] = {"1", "Cập nhật cơ sở dữ liệu", "Sở Tài chính", "Năm 2026"};
    const char *r2[] = {"2", "Số hóa hồ sơ", "Sở Nội vụ", "Năm 2027"};
    const para p[] = {row_para(head, 4, 10), row_para(r1, 4, 11), row_para(r2, 4, 12)};
    paragraphs_product paras = paras_of(p, 3);
    table_text text = {0};
    assert_int_equal(tables_extract(doc, &paras, &text), VNP_OK);
    assert_int_equal(doc->table_count, 1);
    assert_int_equal(doc->tables[0].record_count, 2);
    table_cursor at = {0, 0};
    table_cell c;
    for (size_t k = 0; k < 8; k++) {
        assert_true(table_text_next(&text, &at, &c));
        assert_str(c.text, k < 4 ? r1[k] : r2[k - 4]);
        assert_int_equal(c.piece_count, 1);
        assert_int_equal(c.pieces[0].line, k < 4 ? 11 : 12);
    }
    assert_false(table_text_next(&text, &at, &c));
    assert_int_equal(text.count, 2); /* per row, one slice of the row's own cells */
    vnp_document_free(doc);
}

/* prose: a labelled block under a heading in the body -> a prose table;
 * the same block inside the closing is none. */
static void test_prose_reads_parts(void **state)
{
    (void)state;
    const para p[] = {text_para("1. Tập huấn kỹ năng số cho cán bộ cấp xã", 3),
                      text_para("- Cơ quan chủ trì: Sở Khoa học và Công nghệ.", 4),
                      text_para("- Thời gian thực hiện: Quý IV/2026.", 5)};
    paragraphs_product paras = paras_of(p, 3);
    vnp_document *doc = blank_document();
    parts_product body = {0, 3, 3};
    assert_int_equal(prose_extract(doc, &paras, &body), VNP_OK);
    assert_int_equal(doc->table_count, 1);
    assert_str(doc->tables[0].kind, "prose");
    assert_int_equal(doc->tables[0].record_count, 1);
    vnp_document_free(doc);

    doc = blank_document();
    parts_product closing = {0, 0, 3};
    assert_int_equal(prose_extract(doc, &paras, &closing), VNP_OK);
    assert_int_equal(doc->table_count, 0);
    vnp_document_free(doc);
}

/* refs: the paragraphs, the parts and the frame -> doc->references: a
 * basis before the body, nothing outside the frame. */
static void test_refs_read_parts_and_frame(void **state)
{
    (void)state;
    const para p[] = {
        text_para("Căn cứ Quyết định số 1234/QĐ-UBND ngày 02/3/2026 của UBND tỉnh;", 2),
        text_para("Thực hiện Công văn số 88/UBND-KT, các sở triển khai.", 4)};
    paragraphs_product paras = paras_of(p, 2);
    lines_product lines = {0};
    title_product title = {0};
    parts_product parts = {1, 2, 2};
    table_text text = {0};
    vnp_document *doc = blank_document();
    vnp_text basis = {.line = 2, .end_line = 2, .text = p[0].text};
    doc->preamble = &basis;
    doc->preamble_count = 1;
    frame_product whole = {0, 0};
    assert_int_equal(refs_extract(doc, &lines, &paras, &title, &parts, &whole, &text), VNP_OK);
    assert_int_equal(doc->reference_count, 2);
    assert_int_equal(doc->references[0].line, 2);
    assert_int_equal(doc->references[0].role, VNP_ROLE_BASIS);
    assert_int_equal(doc->references[1].line, 4);
    assert_int_equal(doc->references[1].role, VNP_ROLE_BODY);
    doc->preamble = NULL;
    doc->preamble_count = 0;
    vnp_document_free(doc);

    doc = blank_document();
    frame_product later = {3, 0};
    assert_int_equal(refs_extract(doc, &lines, &paras, &title, &parts, &later, &text), VNP_OK);
    assert_int_equal(doc->reference_count, 1);
    assert_int_equal(doc->references[0].line, 4);
    vnp_document_free(doc);
}

/* interpret: the records and the period -> each record's agencies and due. */
static void test_interpret_reads_records(void **state)
{
    (void)state;
    vnp_document *doc = blank_document();
    const char *by_role[VNP_CELL_ROLES] = {0};
    by_role[VNP_CELL_TASK] = "Rà soát quy hoạch sử dụng đất";
    by_role[VNP_CELL_LEAD] = "Sở Tài chính, Sở Nội vụ";
    by_role[VNP_CELL_DEADLINE] = "Quý II/2026";
    vnp_record rec = {.kind = VNP_RECORD_TASK, .line = 5};
    assert_true(record_set_cells(&doc->internal->mem, &rec, by_role));
    vnp_table table = {.records = &rec, .record_count = 1};
    doc->tables = &table;
    doc->table_count = 1;
    doc->period_from = doc->period_to = 2026;
    assert_int_equal(records_interpret(doc), VNP_OK);
    assert_int_equal(rec.lead_count, 2);
    assert_str(rec.lead[1].name, "Sở Nội vụ");
    assert_non_null(rec.due);
    assert_int_equal(rec.due->start.month, 4);
    assert_int_equal(rec.due->end.month, 6);
    doc->tables = NULL;
    doc->table_count = 0;
    vnp_document_free(doc);
}

/* citations: the references -> one cited document per document cited. */
static void test_citations_read_references(void **state)
{
    (void)state;
    const para p[] = {
        text_para("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;", 2),
        text_para("Các sở quán triệt Nghị quyết số 57-NQ/TW và Luật Đầu tư công.", 4)};
    paragraphs_product paras = paras_of(p, 2);
    stage_products made = {.paragraphs = paras, .parts = {2, 2, 2}};
    vnp_document *doc = blank_document();
    assert_int_equal(refs_extract(doc, &made.lines, &made.paragraphs, &made.title, &made.parts,
                                  &made.frame, &made.tables),
                     VNP_OK);
    assert_int_equal(doc->reference_count, 3);
    assert_int_equal(citations_resolve(doc), VNP_OK);
    assert_int_equal(doc->cited_document_count, 2);
    assert_int_equal(doc->cited_documents[0].mention_count, 2);
    assert_int_equal(doc->cited_documents[1].mention_count, 1);
    vnp_document_free(doc);
}

/* The driver hands each product on: the parse of a plan gives what the
 * stages alone give. */
static void test_pipeline_hands_products_on(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG\n\n"
                                   "KẾ HOẠCH\n\nSố hóa hồ sơ lưu trữ năm 2027\n\n"
                                   "Căn cứ Luật Lưu trữ năm 2024;\n\n"
                                   "I. MỤC ĐÍCH\n\nBảo đảm tiến độ.\n\n"
                                   "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n");
    assert_str(doc->province.source, "issuer");
    assert_str(doc->title, "Số hóa hồ sơ lưu trữ năm 2027");
    assert_int_equal(doc->preamble_count, 1);
    assert_int_equal(doc->outline_count, 1);
    assert_int_equal(doc->outline[0].line, 9);
    assert_int_equal(doc->reference_count, 1);
    assert_int_equal(doc->references[0].role, VNP_ROLE_BASIS);
    vnp_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stage_statuses),
        cmocka_unit_test(test_layout_makes_paragraphs),
        cmocka_unit_test(test_header_makes_title),
        cmocka_unit_test(test_issuer_makes_place),
        cmocka_unit_test(test_province_reads_issuer_place),
        cmocka_unit_test(test_parts_makes_body_and_closing),
        cmocka_unit_test(test_frame_makes_document_lines),
        cmocka_unit_test(test_frame_finds_what_every_look_up_finds),
        cmocka_unit_test(test_outline_reads_title_and_parts),
        cmocka_unit_test(test_tables_make_table_text),
        cmocka_unit_test(test_table_text_next_reads_runs),
        cmocka_unit_test(test_tables_table_text_lines),
        cmocka_unit_test(test_prose_reads_parts),
        cmocka_unit_test(test_refs_read_parts_and_frame),
        cmocka_unit_test(test_interpret_reads_records),
        cmocka_unit_test(test_citations_read_references),
        cmocka_unit_test(test_pipeline_hands_products_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
