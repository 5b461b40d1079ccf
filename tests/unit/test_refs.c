/* Reference stage: the lines of mentions inside cells and lists, tables
 * that hold no tasks, decomposed input, and grammars that do not compile. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "unit_helpers.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* A folder of its own holding grammar file `name` with `text`; path gets
 * the file's path. */
static void grammar_file(char *dir, const char *name, const char *text, char *path, size_t cap)
{
    assert_non_null(mkdtemp(dir));
    snprintf(path, cap, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* Parsing text with the grammar folder dir fails with an error that
 * names `want` (a file and its line). */
static void assert_grammar_error(const char *dir, const char *text, const char *want)
{
    vnp_options opt = VNP_OPTIONS_INIT;
    opt.grammar_dir = dir;
    vnp_document *doc = NULL;
    vnp_error err;
    assert_int_equal(vnp_parse(text, strlen(text), "unit.txt", &opt, &doc, &err),
                     VNP_ERR_ARGUMENT);
    assert_null(doc);
    assert_int_equal(err.status, VNP_ERR_ARGUMENT);
    if (!strstr(err.message, want))
        fail_msg("the error does not name %s: '%s'", want, err.message);
}

static const vnp_reference *ref_at(const vnp_document *doc, size_t i)
{
    if (i >= doc->reference_count)
        fail_msg("reference %zu asked, %zu found", i, doc->reference_count);
    return &doc->references[i];
}

/* A block cell (crawl layout) of several lines: each mention has the line
 * its type word stands on, not the cell's first line; a cell of a table
 * that assigns no tasks (a legal-basis column) is read, and so is a list
 * inside a cell. */
static void test_lines_inside_block_cells(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("QUYẾT ĐỊNH\n\nVề việc công bố thủ tục\n\n"   /* 1-3 */
                                   "Điều 1. Công bố danh mục.\n\n"                 /* 5 */
                                   "|\nSTT\n|\nTên thủ tục\n|\nCăn cứ pháp lý\n|\n|\n" /* 7-14 */
                                   "1.\n|\nCấp phép hoạt động\nthư viện tư nhân\n|\n"  /* 15-19 */
                                   "Luật\nThư viện năm 2019; Nghị định số 93/2020/NĐ-CP\n" /* 20-21 */
                                   "ngày 18/8/2020 của Chính phủ\nquy định chi tiết; Thông tư số\n" /* 22-23 */
                                   "15/2021/TT-BVHTTDL\n|\n|\n"                           /* 24-26 */
                                   "2.\n|\nThủ tục khác\n|\n"                             /* 27-30 */
                                   "- Quyết định số 5/QĐ-UBND;\n- Chỉ thị số 2/CT-UBND\n|\n|\n"); /* 31-32 */
    assert_int_equal(doc->reference_count, 5);
    size_t want_lines[] = {20, 21, 23, 31, 32};
    const char *want_types[] = {"Luật", "Nghị định", "Thông tư", "Quyết định", "Chỉ thị"};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(ref_at(doc, i)->line, want_lines[i]);
        assert_str(ref_at(doc, i)->type, want_types[i]);
    }
    assert_str(ref_at(doc, 1)->issuer, "Chính phủ");
    assert_int_equal(ref_at(doc, 1)->date.day, 18);
    vnp_document_free(doc);
}

/* A page saved from a website: the site's banner and its title of the
 * document before the header block, its title again, a note and a notice
 * to its readers after the document. Only the document's own mention is
 * a reference. */
static void test_site_frame_is_not_the_document(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(
        "Tra cứu: Nghị quyết 8/2024/NQ-HĐND bãi bỏ Nghị quyết 2/2019/NQ-HĐND\n\n" /* 1 */
        "ỦY BAN NHÂN DÂN TỈNH AN GIANG\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"  /* 3, 5 */
        "Số: 15/KH-UBND\n\nAn Giang, ngày 3 tháng 4 năm 2025\n\n"                 /* 7, 9 */
        "KẾ HOẠCH\n\nPhòng, chống thiên tai năm 2025\n\n"                         /* 11, 13 */
        "Căn cứ Nghị định số 66/2021/NĐ-CP ngày 6/7/2021 của Chính phủ;\n\n"       /* 15 */
        "Kế hoạch 15/KH-UBND năm 2025 phòng, chống thiên tai của tỉnh An Giang\n"  /* 17 */
        "Văn bản này chưa cập nhật nội dung Tiếng Anh\n"                           /* 18 */
        "## Văn bản liên quan\n"
        "Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân yêu cầu xác nhận\n");
    assert_int_equal(doc->reference_count, 1);
    assert_int_equal(ref_at(doc, 0)->line, 15);
    assert_str(ref_at(doc, 0)->number, "66");
    vnp_document_free(doc);
}

/* Negative: "Văn bản liên quan" as a table heading or a line of the text
 * (not a markdown heading) ends nothing, and a document whose header the
 * stages do not find keeps every reference from its first line. */
static void test_no_frame_without_its_lines(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("Thực hiện Chỉ thị số 4/CT-TTg ngày 2/3/2024 của Thủ tướng"
                                   " Chính phủ;\n\n"
                                   "STT\tThủ tục\tVăn bản liên quan\n"
                                   "1\tCấp phép\tLuật Đường bộ; Nghị định số 165/2024/NĐ-CP\n\n"
                                   "Văn bản liên quan\n\n"
                                   "Thông tư số 39/2024/TT-BGTVT của Bộ Giao thông vận tải.\n");
    assert_int_equal(doc->reference_count, 4);
    assert_int_equal(ref_at(doc, 0)->line, 1);
    assert_str(ref_at(doc, 3)->symbol, "TT-BGTVT");
    vnp_document_free(doc);
}

/* Tab-separated rows of a table with no task columns: every cell read. */
static void test_cells_of_other_tables(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("QUYẾT ĐỊNH\n\nVề việc công bố\n\n"
                                   "STT\tTên thủ tục\tCăn cứ pháp lý\n"
                                   "1\tĐăng ký hoạt động\tNghị định số 11/2019/NĐ-CP; Luật Hợp tác xã\n");
    assert_int_equal(doc->reference_count, 2);
    assert_int_equal(ref_at(doc, 0)->line, 6);
    assert_str(ref_at(doc, 0)->symbol, "NĐ-CP");
    assert_str(ref_at(doc, 1)->title, "Hợp tác xã");
    vnp_document_free(doc);
}

/* Decomposed Unicode (NFD) reads as the composed text. */
static void test_decomposed_input(void **state)
{
    (void)state;
    /* "Nghị định số 4/2025/NĐ-CP của Chính phủ" with every mark combining */
    vnp_document *doc = parse_text("KÊ\xcc\x81 HOA\xcc\xa3""CH\n\nCải cách\n\nI. MỤC TIÊU\n\n"
                                   "Theo Nghi\xcc\xa3 \xc4\x91i\xcc\xa3nh so\xcc\x82\xcc\x81 4/2025/\xc4\x90-CP"
                                   " cu\xcc\x89""a Chi\xcc\x81nh phu\xcc\x89.\n");
    assert_int_equal(doc->reference_count, 1);
    assert_str(ref_at(doc, 0)->type, "Nghị định");
    assert_str(ref_at(doc, 0)->issuer, "Chính phủ");
    vnp_document_free(doc);
}

static void test_builtin_grammars_compile(void **state)
{
    (void)state;
    char why[256];
    if (!refs_grammar_check(why, sizeof why))
        fail_msg("grammars/%s", why);
}

/* A caller's grammar that does not compile: the parse fails with an error
 * naming the file and the line (past an @TYPES@ replacement), never a
 * document without references that looks complete. */
static void test_broken_grammar_names_its_line(void **state)
{
    (void)state;
    char dir[] = "/tmp/vnplan-grammar-XXXXXX", path[300];
    grammar_file(dir, "reference.pcre",
                 "# a grammar with an error on line 3\n(?<type> @TYPES@ ) \\s+ (?<num> \\d+ )\n"
                 "  (?<sym> [A-Z]+ ))\n",
                 path, sizeof path);
    assert_grammar_error(dir, "Nghị định 5 NĐ\n", "reference.pcre:3: ");
    unlink(path);
    rmdir(dir);
}

/* The issuer a reference's text names is held to the code of its symbol:
 * "Thủ tướng Chính phủ" is TTg, so a symbol of CP with it is a mismatch,
 * and one of TTg is none. The built-in names are keyed once for all
 * documents, a caller's grammar folder's per document: both read alike,
 * one document after another. */
static size_t diagnostics_of(const char *code, const char *text, const char *grammar_dir)
{
    vnp_options opt = VNP_OPTIONS_INIT;
    opt.grammar_dir = grammar_dir;
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse(text, strlen(text), "unit.txt", &opt, &doc, NULL), VNP_OK);
    size_t n = 0;
    for (size_t i = 0; i < doc->diagnostic_count; i++)
        n += strcmp(doc->diagnostics[i].code, code) == 0;
    vnp_document_free(doc);
    return n;
}

static size_t issuer_mismatches(const char *text, const char *grammar_dir)
{
    return diagnostics_of("issuer-mismatch", text, grammar_dir);
}

static void test_issuer_names_shared_and_own(void **state)
{
    (void)state;
    const char *mismatch = "Căn cứ Quyết định số 17/2023/QĐ-CP ngày 3 tháng 5 năm 2023 của "
                           "Thủ tướng Chính phủ về việc giao chỉ tiêu;\n";
    const char *agrees = "Căn cứ Quyết định số 17/2023/QĐ-TTg ngày 3 tháng 5 năm 2023 của "
                         "Thủ tướng Chính phủ về việc giao chỉ tiêu;\n";
    for (int round = 0; round < 2; round++) {
        assert_int_equal(issuer_mismatches(mismatch, NULL), 1);
        assert_int_equal(issuer_mismatches(agrees, NULL), 0);
        assert_int_equal(issuer_mismatches(mismatch, VNPLAN_ROOT "/grammars"), 1);
        assert_int_equal(issuer_mismatches(agrees, VNPLAN_ROOT "/grammars"), 0);
    }
}

/* "key" of every reference of a parse: where it is and what it says. */
static char *reference_keys(const char *text, size_t len)
{
    vnp_document *doc = parse_with(text, len, 0);
    assert_non_null(doc);
    size_t cap = 64 + doc->reference_count * 256, used = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    out[0] = '\0';
    for (size_t i = 0; i < doc->reference_count; i++) {
        const vnp_reference *r = &doc->references[i];
        used += (size_t)snprintf(out + used, cap - used, "%zu:%zu %.60s|%.60s|%.60s\n", r->line,
                                 r->column, r->type ? r->type : "", r->title ? r->title : "",
                                 r->text ? r->text : "");
    }
    vnp_document_free(doc);
    return out;
}

typedef char *(*reading_fn)(const char *text, size_t len);

/* What read() gives for text with the SIMD scans (SSE2 alone, and AVX2
 * where the processor has it) and without: the same. */
static void same_both_scans(reading_fn read, const char *text, size_t len)
{
    refs_uses_simd = false;
    char *plain = read(text, len);
    refs_uses_simd = true;
    refs_uses_avx2 = false;
    char *sse2 = read(text, len);
    refs_uses_avx2 = true;
    char *simd = read(text, len);
    assert_string_equal(plain, sse2);
    assert_string_equal(plain, simd);
    free(plain);
    free(sse2);
    free(simd);
}

typedef void (*seed_check)(reading_fn read, const char *text, size_t len);

/* check(read, ...) of each seed document; returns how many there are. */
static size_t each_seed(seed_check check, reading_fn read)
{
    char path[512];
    snprintf(path, sizeof path, "%s/corpus/seeds", VNPLAN_ROOT);
    DIR *d = opendir(path);
    assert_non_null(d);
    size_t files = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (!strstr(e->d_name, ".txt"))
            continue;
        snprintf(path, sizeof path, "%s/corpus/seeds/%s", VNPLAN_ROOT, e->d_name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static char buf[1 << 20];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        check(read, buf, n);
        files++;
    }
    closedir(d);
    return files;
}

/* The readings of text with the opening-byte tests off and on: the same. */
static void same_with_opening_bytes(reading_fn read, const char *text, size_t len)
{
    refs_uses_opening_bytes = false;
    char *plain = read(text, len);
    refs_uses_opening_bytes = true;
    char *told = read(text, len);
    assert_string_equal(plain, told);
    free(plain);
    free(told);
}

/* The law words are found 32 bytes at a time where AVX2 is there, 16
 * where SSE2 is, a byte at a time elsewhere: the same references either
 * way, with the law words at every place of a 16- and a 32-byte block, at
 * the text's end, and in the seeds. */
static void same_laws_both_scans(const char *text, size_t len)
{
    same_both_scans(reference_keys, text, len);
}

static void test_law_word_scans_agree(void **state)
{
    (void)state;
    const char *laws = "theo Luật Đất đai năm 2024, Bộ luật Lao động, (Pháp lệnh Phí và lệ phí),"
                       " \"Hiến pháp\" năm 2013 và LUẬT ĐẦU TƯ CÔNG; BỘ LUẬT DÂN SỰ: HIẾN PHÁP."
                       " Luật";
    char text[1024];
    for (int pad = 0; pad < 40; pad++) {
        int n = snprintf(text, sizeof text, "KẾ HOẠCH\n\nThử nghiệm\n\n%*s%s\n", pad, "", laws);
        same_laws_both_scans(text, (size_t)n);
        n = snprintf(text, sizeof text, "%.*s Luật Thủy sản", pad,
                     "HHHHBBBBLLLLPPPPHHHHBBBBLLLLPPPPHHHHBBBB");
        same_laws_both_scans(text, (size_t)n);
    }
    /* capitals that go on with another byte than a law word's second, a
     * law word's first byte as the text's last, law words after each byte
     * that may stand before one and after others */
    const char *near[] = {"Ban Long Phòng Hội Bế BÔ Lu Hi Ph Luậ L", "LLuật Đất đai", "(Luật Đất đai)",
                          "“Luật Đất đai”", "xLuật Đất đai", ",Bộ luật Dân sự", "BỘ LUẬT Hình sự B",
                          "Pháp lệnh Phí;Hiến pháp:Luật Đầu tư H"};
    for (size_t k = 0; k < sizeof near / sizeof *near; k++)
        for (int pad = 0; pad < 40; pad++) {
            int n = snprintf(text, sizeof text, "%.*s %s", pad,
                             "BLPHBLPHBLPHBLPHBLPHBLPHBLPHBLPHBLPHBLPH", near[k]);
            same_laws_both_scans(text, (size_t)n);
        }
    int n = snprintf(text, sizeof text, "%s", "Luật Thủy sản");
    same_laws_both_scans(text, (size_t)n);
    char *found = reference_keys(text, strlen(text)); /* the laws are found at all */
    assert_non_null(strstr(found, "Luật|Thủy sản"));
    free(found);
    assert_true(each_seed(same_both_scans, reference_keys) >= 5);
}

/* The law words are data: a caller's law_words.tsv names laws by its own
 * words, and one with more rows than the table holds is an error. */
/* A word that would end a law's name goes on with it when the law's
 * number follows, words only between ("với", past a comma before "số");
 * a "số" without a number and year after it ends the name at the stop. */
static void test_law_name_runs_to_its_number(void **state)
{
    (void)state;
    vnp_document *doc =
        parse_text("Căn cứ Pháp lệnh Ưu đãi người có công với cách mạng số 02/2020/UBTVQH14;\n\n"
                   "Căn cứ Luật Đất đai với các quy định mới, số 31/2024/QH15;\n\n"
                   "Căn cứ Luật Dược về quản lý thuốc số 5 và số 44/2024/QH15;\n");
    assert_int_equal(doc->reference_count, 3);
    assert_str(ref_at(doc, 0)->title, "Ưu đãi người có công với cách mạng");
    assert_str(ref_at(doc, 0)->number, "02");
    assert_str(ref_at(doc, 1)->title, "Đất đai với các quy định mới");
    assert_str(ref_at(doc, 1)->number, "31");
    assert_str(ref_at(doc, 2)->title, "Dược");
    assert_null(ref_at(doc, 2)->number);
    vnp_document_free(doc);
}

static void test_law_words_from_a_grammar_folder(void **state)
{
    (void)state;
    char dir[] = "/tmp/vnplan-grammar-XXXXXX", path[300];
    grammar_file(dir, "law_words.tsv", "# a word of our own\nSắc lệnh\tlaw\n", path,
                 sizeof path);
    vnp_options opt = VNP_OPTIONS_INIT;
    opt.grammar_dir = dir;
    vnp_document *doc = NULL;
    vnp_error err;
    const char *text = "KẾ HOẠCH\n\nThử nghiệm\n\ntheo Sắc lệnh Tổng động viên và Luật Dân quân\n";
    assert_int_equal(vnp_parse(text, strlen(text), "unit.txt", &opt, &doc, &err), VNP_OK);
    assert_int_equal(doc->reference_count, 1); /* "Luật" is no law word of this folder */
    assert_str(ref_at(doc, 0)->type, "Sắc lệnh");
    assert_str(ref_at(doc, 0)->title, "Tổng động viên");
    vnp_document_free(doc);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < 40; i++)
        fprintf(f, "Luật%d\tlaw\n", i);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(vnp_parse(text, strlen(text), "unit.txt", &opt, &doc, &err),
                     VNP_ERR_ARGUMENT);
    assert_null(doc);
    if (!strstr(err.message, "law_words.tsv:33: "))
        fail_msg("the error does not name law_words.tsv:33: '%s'", err.message);
    unlink(path);
    rmdir(dir);
}

/* grammar_file with the built-in ref_connectives.tsv, row `row` (a whole
 * line, tab-separated) put in place of row `was`. */
static void connectives_with(char *dir, const char *was, const char *row, char *path, size_t cap,
                             size_t *line)
{
    size_t len;
    const char *t = lexicon_text("ref_connectives.tsv", &len);
    assert_non_null(t);
    const char *at = strstr(t, was);
    assert_non_null(at);
    assert_true(at == t || at[-1] == '\n');
    *line = 1;
    for (const char *p = t; p < at; p++)
        *line += *p == '\n';
    size_t head = (size_t)(at - t), was_len = strlen(was);
    char *text = malloc(len + strlen(row) + 1);
    assert_non_null(text);
    memcpy(text, t, head);
    strcpy(text + head, row);
    memcpy(text + head + strlen(row), at + was_len, len - head - was_len);
    text[len - was_len + strlen(row)] = '\0';
    grammar_file(dir, "ref_connectives.tsv", text, path, cap);
    free(text);
}

/* The issuer and title of the only reference of text, read with the
 * grammar folder dir (NULL: the built-in grammars). */
static void read_issuer_title(const char *text, const char *dir, char *issuer, char *title,
                              size_t cap)
{
    vnp_options opt = VNP_OPTIONS_INIT;
    opt.grammar_dir = dir;
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse(text, strlen(text), "unit.txt", &opt, &doc, NULL), VNP_OK);
    const vnp_reference *r = ref_at(doc, 0);
    snprintf(issuer, cap, "%s", r->issuer ? r->issuer : "");
    snprintf(title, cap, "%s", r->title ? r->title : "");
    vnp_document_free(doc);
}

/* The connective words are what the reader reads: a caller's copy of
 * ref_connectives.tsv with "của" (of) put as "thuộc" takes the issuer
 * after "thuộc" and none after "của"; one with "về" (subject) put as
 * "nhằm" takes the subject after "nhằm" and none after "về". */
static void test_connectives_from_a_grammar_folder(void **state)
{
    (void)state;
    const char *of_text = "KẾ HOẠCH\n\nThử nghiệm\n\nCăn cứ Quyết định số 27/QĐ-UBND ngày "
                          "4/3/2025 của Ủy ban nhân dân tỉnh về việc giao vốn;\n";
    const char *by_text = "KẾ HOẠCH\n\nThử nghiệm\n\nCăn cứ Quyết định số 27/QĐ-UBND ngày "
                          "4/3/2025 thuộc Ủy ban nhân dân tỉnh, nhằm giao vốn;\n";
    const char *aim_text = "KẾ HOẠCH\n\nThử nghiệm\n\nCăn cứ Quyết định số 27/QĐ-UBND ngày "
                           "4/3/2025 của Ủy ban nhân dân tỉnh, nhằm giao vốn;\n";
    char issuer[200], title[200];
    read_issuer_title(of_text, NULL, issuer, title, sizeof issuer);
    assert_str(issuer, "Ủy ban nhân dân tỉnh");
    assert_str(title, "về việc giao vốn");
    read_issuer_title(by_text, NULL, issuer, title, sizeof issuer);
    assert_str(issuer, "");
    assert_str(title, "");

    char dir[] = "/tmp/vnplan-grammar-XXXXXX", path[300];
    size_t line;
    connectives_with(dir, "của\tof\tfolded\n", "thuộc\tof\tfolded\n", path, sizeof path, &line);
    read_issuer_title(of_text, dir, issuer, title, sizeof issuer);
    assert_str(issuer, "");
    read_issuer_title(by_text, dir, issuer, title, sizeof issuer);
    assert_str(issuer, "Ủy ban nhân dân tỉnh");
    assert_str(title, "");
    unlink(path);
    rmdir(dir);

    char dir2[] = "/tmp/vnplan-grammar-XXXXXX";
    connectives_with(dir2, "về\tsubject\tfolded\n", "nhằm\tsubject\tfolded\n", path, sizeof path,
                     &line);
    read_issuer_title(of_text, dir2, issuer, title, sizeof issuer);
    assert_str(issuer, "Ủy ban nhân dân tỉnh");
    assert_str(title, "");
    read_issuer_title(aim_text, NULL, issuer, title, sizeof issuer);
    assert_str(title, "");
    read_issuer_title(aim_text, dir2, issuer, title, sizeof issuer);
    assert_str(issuer, "Ủy ban nhân dân tỉnh");
    assert_str(title, "nhằm giao vốn");
    unlink(path);
    rmdir(dir2);
}

/* The National Assembly's code in a law's symbol is the "assembly" word
 * of ref_connectives.tsv: "QH13" in 2024 is a term that had ended; with
 * the code put as "QX" in a caller's copy, "QX13" is, and "QH13" no
 * longer names a term. */
static void test_assembly_code_from_a_grammar_folder(void **state)
{
    (void)state;
    const char *qh = "KẾ HOẠCH\n\nThử nghiệm\n\nCăn cứ Luật số 45/2024/QH13 về đất đai;\n";
    const char *qx = "KẾ HOẠCH\n\nThử nghiệm\n\nCăn cứ Luật số 45/2024/QX13 về đất đai;\n";
    assert_int_equal(diagnostics_of("term-mismatch", qh, NULL), 1);
    assert_int_equal(diagnostics_of("term-mismatch", qx, NULL), 0);
    char dir[] = "/tmp/vnplan-grammar-XXXXXX", path[300];
    size_t line;
    connectives_with(dir, "QH\tassembly\texact\n", "QX\tassembly\texact\n", path, sizeof path,
                     &line);
    assert_int_equal(diagnostics_of("term-mismatch", qh, dir), 0);
    assert_int_equal(diagnostics_of("term-mismatch", qx, dir), 1);
    unlink(path);
    rmdir(dir);
}

/* A row of ref_connectives.tsv that cannot be read stops the parse with an
 * error naming the file and its line: another comparison, a role the
 * reader does not ask for, a missing column, an empty word, a folded row
 * of a role compared as written with a space after it. */
static void test_broken_connective_row_names_its_line(void **state)
{
    (void)state;
    static const char *const rows[][2] = {
        {"của\tof\tfolded\n", "của\tof\tfoldd\n"},
        {"của\tof\tfolded\n", "của\towner\tfolded\n"},
        {"của\tof\tfolded\n", "của\tof\n"},
        {"của\tof\tfolded\n", "\tof\tfolded\n"},
        {"luật\tlaw_lower\texact\n", "luật\tlaw_lower\tfolded\n"}, /* then a space: exact */
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char dir[] = "/tmp/vnplan-grammar-XXXXXX", path[300], want[64];
        size_t line;
        connectives_with(dir, rows[i][0], rows[i][1], path, sizeof path, &line);
        snprintf(want, sizeof want, "ref_connectives.tsv:%zu: ", line);
        assert_grammar_error(dir, "Nghị định số 5/2024/NĐ-CP của Chính phủ\n", want);
        unlink(path);
        rmdir(dir);
    }
}


/* Every title of the references in text, whole, one a line. */
static char *reference_titles(const char *text, size_t len)
{
    vnp_document *doc = parse_with(text, len, 0);
    assert_non_null(doc);
    size_t cap = 64, used = 0;
    for (size_t i = 0; i < doc->reference_count; i++)
        cap += 16 + (doc->references[i].title ? strlen(doc->references[i].title) : 0);
    char *out = malloc(cap);
    assert_non_null(out);
    out[0] = '\0';
    for (size_t i = 0; i < doc->reference_count; i++) {
        const char *t = doc->references[i].title;
        used += (size_t)snprintf(out + used, cap - used, "%zu %s\n", i, t ? t : "-");
    }
    vnp_document_free(doc);
    return out;
}

static void same_titles_both_scans(const char *text, size_t len)
{
    same_both_scans(reference_titles, text, len);
}

/* A title ends at a ';', a tab or a full stop before a space or the
 * text's end, 400 bytes on at the most, found 16 bytes at a time or one
 * at a time: the same titles either way, with the end at every place of a
 * block, dots inside numbers, and the seeds. */
static void test_title_scans_agree(void **state)
{
    (void)state;
    const char *ends[] = {";", "\t", ". ", ".", "; và", ""};
    char text[2048], words[1200];
    for (size_t e = 0; e < sizeof ends / sizeof *ends; e++)
        for (int pad = 0; pad < 40; pad++) {
            int n = snprintf(text, sizeof text,
                             "Căn cứ Quyết định số 5/QĐ-UBND về giá %*s12.000 đồng/kg%s tiếp\n",
                             pad, "", ends[e]);
            same_titles_both_scans(text, (size_t)n);
        }
    size_t w = 0;
    while (w + 12 < sizeof words - 1)
        w += (size_t)snprintf(words + w, sizeof words - w, "việc %zu.5 ", w);
    int n = snprintf(text, sizeof text, "theo Nghị định số 8/2024/NĐ-CP quy định %s.\n", words);
    same_titles_both_scans(text, (size_t)n);
    char *long_title = reference_titles(text, (size_t)n); /* cut, not run to the end */
    assert_true(strlen(long_title) < 420);
    free(long_title);
    const char *priced = "Căn cứ Quyết định số 5/QĐ-UBND về giá 12.000 đồng; khác\n";
    char *found = reference_titles(priced, strlen(priced));
    assert_non_null(strstr(found, "0 về giá 12.000 đồng\n"));
    free(found);
    assert_true(each_seed(same_both_scans, reference_titles) >= 5);
}

/* Every field a reference reads, one line each. */
static char *reference_readings(const char *text, size_t len)
{
    vnp_document *doc = parse_with(text, len, 0);
    assert_non_null(doc);
    size_t cap = 64 + doc->reference_count * 1024, used = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    out[0] = '\0';
    for (size_t i = 0; i < doc->reference_count; i++) {
        const vnp_reference *r = &doc->references[i];
        used += (size_t)snprintf(out + used, cap - used, "%zu:%zu %.60s|%.60s|%.60s|%.60s|%.60s|%d\n",
                                 r->line, r->column, r->type ? r->type : "",
                                 r->issuer ? r->issuer : "", r->date.text ? r->date.text : "",
                                 r->title ? r->title : "", r->text ? r->text : "", r->year);
    }
    vnp_document_free(doc);
    return out;
}

/* What read() gives for text with the connective words told from their
 * first letters and without: the same. */
static void same_with_openings(reading_fn read, const char *text, size_t len)
{
    refs_uses_openings = false;
    char *plain = read(text, len);
    refs_uses_openings = true;
    char *told = read(text, len);
    assert_string_equal(plain, told);
    free(plain);
    free(told);
}

/* The connective words ("của", "về", "số", "và", "sửa đổi", "dự thảo")
 * in capitals, decomposed, after other letters of their first letter and
 * next to words of other first letters are read as when each row is
 * compared: in these texts and in the seeds. */
static void test_connectives_told_by_first_letter(void **state)
{
    (void)state;
    const char *texts[] = {
        "Căn cứ Nghị định số 8/2024/NĐ-CP ngày 05/6/2024 của Chính phủ về quản lý; Luật Đất đai"
        " và Luật Nhà ở; dự thảo Luật Thủy lợi sửa đổi năm 2024.\n",
        "CĂN CỨ NGHỊ ĐỊNH SỐ 8/2024/NĐ-CP CỦA CHÍNH PHỦ VỀ QUẢN LÝ; LUẬT ĐẤT ĐAI VÀ LUẬT NHÀ Ở\n",
        "Căn cứ Nghị định so\xcc\x81 8/2024/NĐ-CP cu\xcc\x89" "a Chính phủ ve\xcc\x80" " quản lý\n",
        "Theo Quyết định số 9/QĐ-TTg cua Thủ tướng, cuả Bộ; Quyết định số 10/QĐ-TTg, V/v giao\n",
        "Luật sửa đổi, bổ sung một số điều của Luật Chứng khoán, luật kế toán và Luật Quy hoạch"
        " (sửa đổi); dự án Luật Đường bộ; Luật Công nghệ số số 71/2025/QH15 năm 2025\n",
        "Nghị quyết số 57-NQ/TW ×của Bộ Chính trị, Quyết định số 3/QĐ-UBND ủa UBND tỉnh; số"
        " 4/QĐ-UBND và 5/QĐ-UBND ban hành quy định\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        same_with_openings(reference_readings, texts[i], strlen(texts[i]));
        char *found = reference_readings(texts[i], strlen(texts[i]));
        assert_true(strlen(found) > 0); /* each text cites something */
        free(found);
    }
    char *first = reference_readings(texts[0], strlen(texts[0]));
    assert_non_null(strstr(first, "|Chính phủ|ngày 05/6/2024|về quản lý|"));
    free(first);
    assert_true(each_seed(same_with_openings, reference_readings) >= 5);
}

/* Every reference's date and number as read, and the parse's
 * diagnostics, one line each. */
static char *reference_dates(const char *text, size_t len)
{
    vnp_document *doc = parse_with(text, len, 0);
    assert_non_null(doc);
    size_t cap = 64 + (doc->reference_count + doc->diagnostic_count) * 256, used = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    out[0] = '\0';
    for (size_t i = 0; i < doc->reference_count; i++) {
        const vnp_reference *r = &doc->references[i];
        used += (size_t)snprintf(
            out + used, cap - used, "%zu:%zu %.60s|%.60s|%d-%d-%d|%.60s|%.20s|%d|%.20s\n", r->line,
            r->column, r->text ? r->text : "", r->date.text ? r->date.text : "", r->date.year,
            r->date.month, r->date.day, r->issuer ? r->issuer : "", r->number ? r->number : "",
            r->year, r->symbol ? r->symbol : "");
    }
    for (size_t i = 0; i < doc->diagnostic_count; i++)
        used += (size_t)snprintf(out + used, cap - used, "%d %zu\n", (int)doc->diagnostics[i].id,
                                 doc->diagnostics[i].line);
    vnp_document_free(doc);
    return out;
}

/* The date after a mention, and a law's number after its name, are ruled
 * out from the byte that must open the built-in date and law number
 * grammars, or matched: the same readings either way, after white space
 * of every kind, commas, "ban hành", capitals, "ſ" for "s", words that
 * share the first letter and none, and in the seeds. */
static void test_anchored_grammars_told_by_first_byte(void **state)
{
    (void)state;
    const char *texts[] = {
        "Căn cứ Nghị định số 8/2024/NĐ-CP ngày 05/6/2024; Nghị định số 9/2024/NĐ-CP, ngày"
        " 06/6/2024; Nghị định số 10/2024/NĐ-CP ban hành ngày 07.6.2024 của Chính phủ.\n",
        "CĂN CỨ NGHỊ ĐỊNH SỐ 8/2024/NĐ-CP NGÀY 05 THÁNG 6 NĂM 2024, QUYẾT ĐỊNH SỐ 3/QĐ-UBND BAN"
        " HÀNH NGÀY 1-2-2024\n",
        "Quyết định số 9/QĐ-TTg\xc2\xa0ngày 3/4/2024; Quyết định số 10/QĐ-TTg\tngày 4/4/2024;"
        " Quyết định số 11/QĐ-TTg,, ngày 5/4/2024; Quyết định số 12/QĐ-TTg năm 2024;"
        " Quyết định số 13/QĐ-TTg bằng ngày 6/4/2024; Quyết định số 14/QĐ-TTg\n",
        "Nghị quyết số 57-NQ/TW của Bộ Chính trị ngày 22/12/2024, Quyết định số 3/QĐ-UBND ngày"
        " 31/2/2024; số 4/QĐ-UBND ngày 09/6/20245 và 5/QĐ-UBND Ngày 7 - 4 - 2023\n",
        "Căn cứ Thông tư số 15/2024/TT-BTC",
        "Căn cứ Luật Đất đai số 31/2024/QH15; Luật Nhà ở, số 27/2023/QH15; Luật Đầu tư SỐ"
        " 61/2020/QH14; Luật Xây dựng\xc2\xa0số 50/2014/QH13; Luật Điện lực \xc5\xbfố 61/2024/QH15;"
        " Luật Thủy lợi sau 08/2017/QH14; Luật Quy hoạch năm 2017; Bộ luật Dân sự\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        same_with_opening_bytes(reference_dates, texts[i], strlen(texts[i]));
        char *told = reference_dates(texts[i], strlen(texts[i]));
        assert_true(strlen(told) > 0);
        free(told);
    }
    char *first = reference_dates(texts[0], strlen(texts[0]));
    assert_non_null(strstr(first, "|ban hành ngày 07.6.2024|2024-6-7|Chính phủ"));
    free(first);
    char *laws = reference_dates(texts[5], strlen(texts[5])); /* "ſ" is read as "s" */
    assert_non_null(strstr(laws, "Luật Điện lực \xc5\xbfố 61/2024/QH15||0-0-0||61|2024|QH15\n"));
    free(laws);
    assert_true(each_seed(same_with_opening_bytes, reference_dates) >= 5);
}

static size_t findings_of(const vnp_document *doc, vnp_diag_code id)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->diagnostic_count; i++)
        n += doc->diagnostics[i].id == id;
    return n;
}

/* A document's type words and symbols are read once and kept by their
 * bytes: a repeated symbol is repaired as the first one was, a type word
 * in other capitals is a reading of its own, and the issuer a symbol names
 * is checked again at each mention of the same issuer. */
static void test_repeated_readings_agree(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(
        "Căn cứ Nghị quyết số 66/NQCP ngày 26/3/2025 của Chính phủ; Nghị quyết số 67/NQCP;"
        " NGHỊ QUYẾT SỐ 68/NQCP; Quyết định số 9/QĐ-TTG của Thủ tướng Chính phủ;"
        " Quyết định số 10/QĐ-TTG của Bộ Tài chính; Quyết định số 11/QĐ-TTG của Bộ Tài chính;"
        " Quyết định số 12/QĐ-TTg của Thủ tướng Chính phủ.\n");
    assert_int_equal(doc->reference_count, 7);
    for (size_t i = 0; i < 3; i++) {
        assert_str(ref_at(doc, i)->symbol, "NQ-CP");
        assert_str(ref_at(doc, i)->symbol_raw, "NQCP");
        assert_str(ref_at(doc, i)->type_code, "NQ");
    }
    assert_str(ref_at(doc, 1)->type, "Nghị quyết");
    assert_str(ref_at(doc, 2)->type, "NGHỊ QUYẾT");
    for (size_t i = 3; i < 7; i++) {
        assert_str(ref_at(doc, i)->symbol, "QĐ-TTg");
        assert_str(ref_at(doc, i)->type, "Quyết định");
    }
    assert_str(ref_at(doc, 5)->symbol_raw, "QĐ-TTG");
    assert_null(ref_at(doc, 6)->symbol_raw);
    assert_int_equal(findings_of(doc, VNP_DIAG_ISSUER_MISMATCH), 2);
    assert_int_equal(findings_of(doc, VNP_DIAG_SYMBOL_REPAIRED), 6);
    vnp_document_free(doc);
}

/* The keys of cited documents in each form: a symbol with its year, a
 * Party symbol, a short form that joins the full one (cited before the
 * laws by name, or after them), and laws by name with a year and without;
 * a short form of another type joins none. */
static void test_cited_document_keys(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(
        "Căn cứ Nghị định số 118/2025/NĐ-CP; Nghị quyết số 57-NQ/TW của Bộ Chính trị;"
        " Luật Đất đai năm 2024; Luật Thủ đô; Quyết định số 9/2025/QĐ-UBND."
        " Thực hiện Nghị định 118/2025, Quyết định 9/2025, Thông tư 9/2025 và"
        " Nghị định 60/2021.\n");
    const char *want[] = {"118/2025/NĐ-CP",      "57-NQ/TW",         "Luật Đất đai năm 2024",
                          "Luật Thủ đô",         "9/2025/QĐ-UBND",   "Thông tư 9/2025",
                          "Nghị định 60/2021"};
    assert_int_equal(doc->cited_document_count, 7);
    for (size_t i = 0; i < 7; i++)
        assert_str(doc->cited_documents[i].key, want[i]);
    assert_int_equal(doc->cited_documents[0].mention_count, 2); /* the short forms join them */
    assert_int_equal(doc->cited_documents[4].mention_count, 2);
    assert_int_equal(doc->cited_documents[5].mention_count, 1);
    vnp_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_inside_block_cells),
        cmocka_unit_test(test_cells_of_other_tables),
        cmocka_unit_test(test_site_frame_is_not_the_document),
        cmocka_unit_test(test_no_frame_without_its_lines),
        cmocka_unit_test(test_decomposed_input),
        cmocka_unit_test(test_issuer_names_shared_and_own),
        cmocka_unit_test(test_builtin_grammars_compile),
        cmocka_unit_test(test_broken_grammar_names_its_line),
        cmocka_unit_test(test_law_word_scans_agree),
        cmocka_unit_test(test_law_name_runs_to_its_number),
        cmocka_unit_test(test_law_words_from_a_grammar_folder),
        cmocka_unit_test(test_connectives_from_a_grammar_folder),
        cmocka_unit_test(test_broken_connective_row_names_its_line),
        cmocka_unit_test(test_assembly_code_from_a_grammar_folder),
        cmocka_unit_test(test_repeated_readings_agree),
        cmocka_unit_test(test_title_scans_agree),
        cmocka_unit_test(test_cited_document_keys),
        cmocka_unit_test(test_connectives_told_by_first_letter),
        cmocka_unit_test(test_anchored_grammars_told_by_first_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
