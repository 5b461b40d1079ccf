/* Normalisation stage: NFC, character repairs, markup removal, footnote
 * markers and the line flags later stages read. */
#include "unit_helpers.h"

/* Parses text and checks that line 1 reads `expected`. */
static void check_line1(const char *text, const char *expected)
{
    vnp_document *doc = parse_text(text);
    assert_str(line_at(doc, 1)->text, expected);
    assert_int_equal(line_at(doc, 1)->len, strlen(expected));
    vnp_document_free(doc);
}

static unsigned flags_of_line1(const char *text)
{
    vnp_document *doc = parse_text(text);
    unsigned f = line_at(doc, 1)->flags;
    vnp_document_free(doc);
    return f;
}

static void test_nfd_becomes_nfc(void **state)
{
    (void)state;
    /* "Hồ Chí Minh" and "Đà Nẵng" with decomposed marks (o + ^ + `) */
    check_line1("Ho\xCC\x82\xCC\x80 Chi\xCC\x81 Minh", "Hồ Chí Minh");
    check_line1("Đa\xCC\x80 Na\xCC\x86\xCC\x83ng", "Đà Nẵng");
    /* the same words already in NFC are left as they are */
    check_line1("Hồ Chí Minh", "Hồ Chí Minh");
}

/* A line NFC makes longer (U+0958 is excluded from composition: it
 * becomes U+0915 U+093C, 3 bytes to 6) does not overrun the next line;
 * lines that markup made shorter stay whole too. */
static void test_text_longer_than_its_line(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("\xE0\xA5\x98\n**ab**\nc\n");
    assert_str(line_at(doc, 1)->text, "\xE0\xA4\x95\xE0\xA4\xBC");
    assert_int_equal(line_at(doc, 1)->len, 6);
    assert_str(line_at(doc, 2)->text, "ab");
    assert_str(line_at(doc, 3)->text, "c");
    vnp_document_free(doc);
}

/* A line with markup longer than the scan's buffer was: its text grows
 * with it, whole. */
static void test_long_line_with_markup(void **state)
{
    (void)state;
    char line[4096], expected[4096];
    size_t n = 0, e = 0;
    for (int k = 0; k < 600; k++) {
        n += (size_t)snprintf(line + n, sizeof line - n, k % 7 ? "chữ " : "**đậm** ");
        e += (size_t)snprintf(expected + e, sizeof expected - e, k % 7 ? "chữ " : "đậm ");
    }
    expected[e - 1] = '\0'; /* the space at the end is cut */
    check_line1(line, expected);
}

/* A heading typed letter by letter, its words two spaces apart. */
static void test_letter_spaced_heading(void **state)
{
    (void)state;
    check_line1("K Ế  H O Ạ C H", "KẾ HOẠCH");
    check_line1("**Q U Y Ế T  Đ Ị N H**", "QUYẾT ĐỊNH");
    check_line1("  C H Ỉ   T H Ị  ", "CHỈ THỊ");
    check_line1("N Ă M  2 0 2 6", "NĂM 2026");
    /* not letter spacing: single letters one space apart, short runs,
     * lower case, words among the letters */
    check_line1("A B C D", "A B C D");
    check_line1("A  B", "A B");
    check_line1("a b  c d e", "a b c d e");
    check_line1("Mục  A B C D", "Mục A B C D");
    check_line1("I.  A B C D", "I. A B C D");
    check_line1("1 2  3 4", "1 2 3 4");
}

static void test_eth_becomes_d_stroke(void **state)
{
    (void)state;
    check_line1("\xC3\x90" "ỊNH", "ĐỊNH"); /* U+00D0 typed for U+0110 */
    check_line1("QUYẾT \xC3\x90" "ỊNH", "QUYẾT ĐỊNH");
    check_line1("\xC3\xB0" "ịa", "địa"); /* lower case U+00F0 likewise */
}

static void test_odd_spaces(void **state)
{
    (void)state;
    check_line1("A\xC2\xA0" "B", "A B");                /* NBSP */
    check_line1("A\xE2\x80\xAF" "B\xE2\x80\x83" "C", "A B C"); /* narrow NBSP, em space */
    check_line1("\xC2\xA0\xC2\xA0Số:\xC2\xA0\xC2\xA0" "12", "Số: 12"); /* trimmed and folded */
}

static void test_zero_width_removed(void **state)
{
    (void)state;
    /* ZWSP, ZWNJ, ZWJ, word joiner, BOM inside a line, soft hyphen */
    check_line1("C\xE2\x80\x8B" "D\xE2\x80\x8C" "E\xE2\x80\x8D" "F\xE2\x81\xA0" "G\xEF\xBB\xBF"
                "H\xC2\xAD" "I",
                "CDEFGHI");
}

/* XML 1.0 forbids C0 controls: they become spaces. */
static void test_control_characters(void **state)
{
    (void)state;
    check_line1("a\x01" "b\x1F" "c", "a b c");
    check_line1("x\xC2\x85" "y", "x y"); /* C1 control U+0085 */
}

/* Once wrong: DEL (U+007F) is meant to become a space like the other
 * controls, but it is only replaced when something else on the line sends
 * the line through the full mapping; alone it is kept. */
static void test_delete_character(void **state)
{
    (void)state;
    check_line1("x\x7F" "y\xC2\xA0" "z", "x y z"); /* with an NBSP on the line */
    check_line1("x\x7F" "y", "x y");
}

static void test_markdown_emphasis_removed(void **state)
{
    (void)state;
    check_line1("**bold** và *nghiêng* và ***cả hai***", "bold và nghiêng và cả hai");
    check_line1("Họ tên: ______", "Họ tên: ______"); /* blanks of a form stay */
}

static void test_markdown_heading(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("## II. NHIỆM VỤ\n###### sâu\n####### bảy\n#không");
    assert_str(line_at(doc, 1)->text, "II. NHIỆM VỤ");
    assert_int_equal(line_at(doc, 1)->hashes, 2);
    assert_int_equal(line_at(doc, 2)->hashes, 6);
    assert_str(line_at(doc, 3)->text, "####### bảy"); /* seven is not a heading */
    assert_int_equal(line_at(doc, 3)->hashes, 0);
    assert_str(line_at(doc, 4)->text, "#không"); /* no space after # */
    assert_int_equal(line_at(doc, 4)->hashes, 0);
    vnp_document_free(doc);
}

static void test_html_tags_removed(void **state)
{
    (void)state;
    check_line1("<b>B</b><i>I</i><u>U</u>", "BIU");
    check_line1("<p>Đoạn</p>", "Đoạn");
    check_line1("một<br>hai<br/>ba<br />bốn", "một hai ba bốn");
    check_line1("<ul style=\"x\"><li>mục</li></ul>", "mục");
    check_line1("H<sub>2</sub>O", "H2O");
    check_line1("<B>Hoa</B> <STRONG>đậm</STRONG>", "Hoa đậm");
}

static void test_entities_decoded(void **state)
{
    (void)state;
    check_line1("A &amp; B &lt;C&gt; &quot;D&quot;", "A & B <C> \"D\"");
    check_line1("h&#7843;i &#x1EA3;", "hải ả");
    check_line1("a&nbsp;b", "a b");
}

/* Things that only look like markup stay as text. */
static void test_unknown_markup_kept(void **state)
{
    (void)state;
    check_line1("<Nội dung> và &MT; hoặc &#0;", "<Nội dung> và &MT; hoặc &#0;");
    check_line1("a < b > c & d", "a < b > c & d");
    check_line1("Chỉ tiêu (*) và (**)", "Chỉ tiêu (*) và (**)");
    check_line1("x\\*y \\# z", "x*y # z"); /* markdown escapes */
}

/* The markers a line carries (NULL when it has none). */
static const line_extra *extra_of(const vnp_document *doc, const src_line *ln)
{
    return line_extra_of_line(&doc->internal->products.lines, ln);
}

static const char *footnote_of(const vnp_document *doc, const src_line *ln)
{
    const line_extra *x = extra_of(doc, ln);
    return x ? x->footnote_marker : NULL;
}

static const char *inline_of(const vnp_document *doc, const src_line *ln)
{
    const line_extra *x = extra_of(doc, ln);
    return x ? x->inline_markers : NULL;
}

static void test_footnote_marker_at_line_start(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("<sup>3</sup> Theo Bộ chỉ số PAR INDEX.");
    const src_line *ln = line_at(doc, 1);
    assert_true(ln->flags & LINE_FOOTNOTE);
    assert_str(footnote_of(doc, ln), "3");
    assert_str(ln->text, "Theo Bộ chỉ số PAR INDEX.");
    assert_null(inline_of(doc, ln));
    vnp_document_free(doc);
}

static void test_inline_markers(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("Kết quả<sup>4</sup> đạt 98%<sup> 5 </sup>.");
    const src_line *ln = line_at(doc, 1);
    assert_false(ln->flags & LINE_FOOTNOTE);
    assert_null(footnote_of(doc, ln));
    assert_str(inline_of(doc, ln), "4 5");
    assert_str(ln->text, "Kết quả đạt 98%.");
    vnp_document_free(doc);
}

/* An empty <sup></sup> is dropped without leaving a marker. */
static void test_empty_sup(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("<sup></sup>x");
    assert_str(line_at(doc, 1)->text, "x");
    assert_false(line_at(doc, 1)->flags & LINE_FOOTNOTE);
    assert_null(inline_of(doc, line_at(doc, 1)));
    vnp_document_free(doc);
}

static void test_bold_flags(void **state)
{
    (void)state;
    assert_int_equal(flags_of_line1("**KẾ HOẠCH**"), LINE_BOLD);
    assert_int_equal(flags_of_line1("<b>KẾ HOẠCH</b>"), LINE_BOLD);
    assert_int_equal(flags_of_line1("*Nghiêng*"), LINE_ITALIC);
    assert_int_equal(flags_of_line1("***Cả hai***"), LINE_BOLD | LINE_ITALIC);
    assert_int_equal(flags_of_line1("**Đầu** đuôi"), 0);
    assert_int_equal(flags_of_line1("thường"), 0);
}

/* A bold span wrapped over two lines: open on one, close on the next. */
static void test_bold_open_close(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("**I. MỤC\nĐÍCH, YÊU CẦU**\nthường");
    assert_str(line_at(doc, 1)->text, "I. MỤC");
    assert_int_equal(line_at(doc, 1)->flags, LINE_BOLD | LINE_BOLD_OPEN);
    assert_str(line_at(doc, 2)->text, "ĐÍCH, YÊU CẦU");
    assert_int_equal(line_at(doc, 2)->flags, LINE_BOLD | LINE_BOLD_CLOSE);
    assert_int_equal(line_at(doc, 3)->flags, 0);
    vnp_document_free(doc);
}

/* A ** that nothing closes does not embolden the lines after a blank. */
static void test_stray_bold_stops_at_blank(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("**mở mà không đóng\n\nsau dòng trống");
    assert_true(line_at(doc, 1)->flags & LINE_BOLD_OPEN);
    assert_true(line_at(doc, 2)->flags & LINE_BLANK);
    assert_int_equal(line_at(doc, 3)->flags, 0);
    vnp_document_free(doc);
}

static void test_tabs_preserved(void **state)
{
    (void)state;
    /* the lines as this stage makes them: the layout stage then makes a
     * tab-separated line's bytes its cells */
    vnp_document *doc = parse_text("");
    char text[] = "\tA\t\tB\n\t\t\nTT  \t Nội dung";
    lines_product lines = {0};
    assert_int_equal(normalize_lines(doc, text, strlen(text), &lines), VNP_OK);
    assert_int_equal(lines.count, 3);
    assert_str(lines.lines[0].text, "\tA\t\tB");
    assert_int_equal(lines.lines[0].flags, LINE_CELLS);
    assert_int_equal(lines.lines[1].flags, LINE_BLANK); /* only empty cells */
    assert_str(lines.lines[2].text, "TT\tNội dung"); /* spaces at a tab go */
    vnp_document_free(doc);
}

static void test_blank_pipe_and_hard_break(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("   \n|\nCuối dòng  \n**  **\n <br> ");
    assert_true(line_at(doc, 1)->flags & LINE_BLANK);
    assert_int_equal(line_at(doc, 2)->flags, LINE_PIPE);
    assert_int_equal(line_at(doc, 3)->flags, LINE_HARD_BREAK);
    assert_str(line_at(doc, 3)->text, "Cuối dòng");
    assert_true(line_at(doc, 4)->flags & LINE_BLANK); /* markup and nothing else */
    assert_true(line_at(doc, 5)->flags & LINE_BLANK);
    vnp_document_free(doc);
}

/* Once wrong: use after free. normalize_one() frees the NFC-mapped copy of
 * a line and then reads it to look for a trailing "  " (hard break), so a
 * line that needed mapping (NFD marks, NBSP...) gets a hard break or not
 * depending on what reused the freed memory. AddressSanitizer reports
 * heap-use-after-free on every such line. */
static void test_hard_break_on_mapped_line(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("Ho\xCC\x82\xCC\x80 Chi\xCC\x81 Minh  \nA\xC2\xA0" "B  \n");
    assert_str(line_at(doc, 1)->text, "Hồ Chí Minh");
    assert_int_equal(line_at(doc, 1)->flags, LINE_HARD_BREAK);
    assert_str(line_at(doc, 2)->text, "A B");
    assert_int_equal(line_at(doc, 2)->flags, LINE_HARD_BREAK);
    vnp_document_free(doc);
}

/* Lines kept in place must come out as the full path makes them: texts,
 * lengths, flags, heading levels and markers of random documents over the
 * bytes each step of normalisation looks at. */
static void same_lines(const vnp_document *a, const vnp_document *b)
{
    const struct vnp_internal *x = a->internal, *y = b->internal;
    assert_int_equal(x->products.lines.count, y->products.lines.count);
    for (size_t i = 0; i < x->products.lines.count; i++) {
        const src_line *p = &x->products.lines.lines[i], *q = &y->products.lines.lines[i];
        assert_int_equal(p->len, q->len);
        assert_memory_equal(p->text, q->text, p->len + 1);
        assert_int_equal(p->flags, q->flags);
        assert_int_equal(p->hashes, q->hashes);
        assert_int_equal(p->no, q->no);
        assert_true((footnote_of(a, p) == NULL) == (footnote_of(b, q) == NULL));
        assert_true((inline_of(a, p) == NULL) == (inline_of(b, q) == NULL));
        const line_extra *px = extra_of(a, p), *qx = extra_of(b, q);
        size_t places = px ? px->marker_at_count : 0;
        assert_int_equal(places, qx ? qx->marker_at_count : 0);
        if (places)
            assert_memory_equal(px->marker_at, qx->marker_at, places * sizeof *px->marker_at);
    }
}

static void test_kept_lines_match_full_path(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "a", "Nội", " ", "  ", "\t", "\t\t", "*", "**", "<b>", "</b>", "<sup>1</sup>", "&amp;",
        "\\*", "#", "# ", "|", "Đ", "\xC3\x90", "\xC3\xB0", "é", "e\xCC\x81", "\xC2\xA0", "–",
        "“", "\xE2\x80\x8B", "\xE2\x80\x82", "\xE1\xBC\x80", "\xEF\xBB\xBF", "\x7F", "\x01",
        "\r", "ở", "\xF0\x9F\x98\x80", "\xE2\x84\xAB", " \t", "\t ", "\n", "\n", "\n",
        "\xE2\x89\xA4", "\xCE\xA9", "\xCC\x81", "\xC2\xB0", "&#9;", "&#x9;",
        "<sup>\t2</sup>", "(", ")", "(*)", "***", "\xE2\x89\xA4*"};
    enum { PIECES = sizeof pieces / sizeof *pieces };
    unsigned seed = 20260301;
    for (int doc_no = 0; doc_no < 3000; doc_no++) {
        char text[2048];
        size_t n = 0;
        int count = 1 + doc_no % 60;
        for (int k = 0; k < count; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % PIECES];
            size_t len = strlen(p);
            if (n + len >= sizeof text)
                break;
            memcpy(text + n, p, len);
            n += len;
        }
        text[n] = '\0';
        vnp_document *kept = parse_with(text, n, VNP_OPT_REPLACE_INVALID);
        normalize_uses_simd = 0;
        vnp_document *scalar = parse_with(text, n, VNP_OPT_REPLACE_INVALID);
        normalize_uses_simd = 32;
        normalize_keeps_clean_lines = false;
        vnp_document *full = parse_with(text, n, VNP_OPT_REPLACE_INVALID);
        normalize_keeps_clean_lines = true;
        same_lines(kept, full);
        same_lines(scalar, full);
        vnp_document_free(kept);
        vnp_document_free(scalar);
        vnp_document_free(full);
    }
}

/* Lines whose only markup is runs of '*' are made in place from the marks
 * (keep_star_line): the same lines as the full path makes, with the
 * spaces the runs leave side by side, brackets, bold spans over lines and
 * characters the triage marks but nothing changes. */
static void test_star_lines_match_full_path(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "**QUY\xE1\xBA\xBET \xC4\x90\xE1\xBB\x8ANH**\n*C\xC4\x83n c\xE1\xBB\xA9 Lu\xE1\xBA\xADt;*\n",
        "**\xE1\xBB\xA6Y BAN NH\xC3\x82N\nD\xC3\x82N **\nTH\xC3\x80NH PH\xE1\xBB\x90\n",
        "(*) ghi ch\xC3\xBA\na ** b\n** K \xE1\xBA\xBE H**\n*** x ***\n**\n*\n|**\n",
        "x \xE2\x89\xA4 **y** 5\xC2\xB0 *z*\n**a**b**c\n**(*)** t\n( *) (**\n",
        "**m\nn\no\np\nq\nr\ns\nt\nu\nv\nw\n**\n"};
    for (size_t d = 0; d < sizeof docs / sizeof *docs; d++) {
        size_t n = strlen(docs[d]);
        vnp_document *kept = parse_with(docs[d], n, 0);
        normalize_keeps_clean_lines = false;
        vnp_document *full = parse_with(docs[d], n, 0);
        normalize_keeps_clean_lines = true;
        same_lines(kept, full);
        vnp_document_free(kept);
        vnp_document_free(full);
    }
}

/* The triage marks the same bytes, and the same new lines, 32 and 16 at a
 * time as one at a time, at every offset from the start and the end of the
 * text. */
static void test_triage_simd_same_as_bytes(void **state)
{
    (void)state;
    static const unsigned char alphabet[] = {'a', ' ', '\t', '\n', '*', '#', 0x01, 0x7F, 0xC3,
                                             0x90, 0xB0, 0xA0, 0xE1, 0xB8, 0xBB, 0xBC, 0xE2,
                                             0x80, 0x93, 0xA8, 0xC2, 0xCA, 0xE0, 0xF0, 0xC4};
    unsigned seed = 7;
    for (size_t len = 0; len < 300; len++)
        for (int round = 0; round < 40; round++) {
            char text[300];
            for (size_t i = 0; i < len; i++) {
                seed = seed * 1103515245u + 12345u;
                text[i] = (char)alphabet[(seed >> 16) % sizeof alphabet];
            }
            uint64_t slow[300 / 64 + 1], slow_nl[300 / 64 + 1];
            memset(slow, 0xA5, sizeof slow); /* what the buffers held is not read */
            memset(slow_nl, 0x5A, sizeof slow_nl);
            size_t lines = triage_marks(text, len, slow, slow_nl, 0);
            for (unsigned width = 16; width <= 32; width *= 2) { /* SSE2, AVX2 */
                uint64_t fast[300 / 64 + 1], fast_nl[300 / 64 + 1];
                memset(fast, 0xFF, sizeof fast);
                memset(fast_nl, 0xFF, sizeof fast_nl);
                assert_int_equal(triage_marks(text, len, fast, fast_nl, width), lines);
                assert_memory_equal(fast, slow, (len / 64 + 1) * sizeof *fast);
                assert_memory_equal(fast_nl, slow_nl, (len / 64 + 1) * sizeof *fast_nl);
            }
            size_t counted = 0;
            for (size_t i = 0; i < len; i++) { /* a bit at each new line, and only there */
                assert_int_equal((slow_nl[i / 64] >> (i % 64)) & 1, text[i] == '\n');
                counted += text[i] == '\n';
            }
            assert_int_equal(lines, counted);
            for (size_t i = len; i < (len / 64 + 1) * 64; i++) /* none past the end */
                assert_int_equal((slow[i / 64] >> (i % 64)) & 1, 0);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kept_lines_match_full_path),
        cmocka_unit_test(test_star_lines_match_full_path),
        cmocka_unit_test(test_triage_simd_same_as_bytes),
        cmocka_unit_test(test_nfd_becomes_nfc),
        cmocka_unit_test(test_text_longer_than_its_line),
        cmocka_unit_test(test_long_line_with_markup),
        cmocka_unit_test(test_letter_spaced_heading),
        cmocka_unit_test(test_eth_becomes_d_stroke),
        cmocka_unit_test(test_odd_spaces),
        cmocka_unit_test(test_zero_width_removed),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_delete_character),
        cmocka_unit_test(test_markdown_emphasis_removed),
        cmocka_unit_test(test_markdown_heading),
        cmocka_unit_test(test_html_tags_removed),
        cmocka_unit_test(test_entities_decoded),
        cmocka_unit_test(test_unknown_markup_kept),
        cmocka_unit_test(test_footnote_marker_at_line_start),
        cmocka_unit_test(test_inline_markers),
        cmocka_unit_test(test_empty_sup),
        cmocka_unit_test(test_bold_flags),
        cmocka_unit_test(test_bold_open_close),
        cmocka_unit_test(test_stray_bold_stops_at_blank),
        cmocka_unit_test(test_tabs_preserved),
        cmocka_unit_test(test_blank_pipe_and_hard_break),
        cmocka_unit_test(test_hard_break_on_mapped_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
