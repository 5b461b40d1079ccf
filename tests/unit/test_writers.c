/* JSON and XML writers: deterministic output, compact form, escaping, and
 * XML that parses back with the same values. */
#include "unit_helpers.h"

#include "akn.h"
#include "xml_out.h"

#include <limits.h>
#include <utf8proc.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

static char *json_of(const vnp_document *doc, unsigned flags, size_t *len)
{
    char *out = NULL;
    assert_int_equal(vnp_write_json(doc, flags, &out, len), VNP_OK);
    assert_non_null(out);
    return out;
}

static char *xml_of(const vnp_document *doc, unsigned flags, size_t *len)
{
    char *out = NULL;
    assert_int_equal(vnp_write_xml(doc, flags, &out, len), VNP_OK);
    assert_non_null(out);
    return out;
}

/* ---- JSON ---------------------------------------------------------------- */

static void test_json_deterministic(void **state)
{
    (void)state;
    vnp_document *a = parse_text(sample_plan()), *b = parse_text(sample_plan());
    size_t la = 0, la2 = 0, lb = 0;
    char *ja = json_of(a, 0, &la), *ja2 = json_of(a, 0, &la2), *jb = json_of(b, 0, &lb);
    assert_int_equal(la, strlen(ja));
    assert_int_equal(la, la2);
    assert_int_equal(la, lb);
    assert_string_equal(ja, ja2); /* the same document written twice */
    assert_string_equal(ja, jb);  /* the same input parsed twice */
    vnp_free(ja);
    vnp_free(ja2);
    vnp_free(jb);
    vnp_document_free(a);
    vnp_document_free(b);
}

/* Removes the white space that stands outside JSON strings. */
static void strip_json_layout(char *s)
{
    size_t o = 0;
    bool in_string = false;
    for (size_t i = 0; s[i]; i++) {
        char c = s[i];
        if (in_string) {
            s[o++] = c;
            if (c == '\\' && s[i + 1])
                s[o++] = s[++i];
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == ' ' || c == '\n')
            continue;
        in_string = c == '"';
        s[o++] = c;
    }
    s[o] = '\0';
}

static void test_json_compact(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(sample_plan());
    size_t len = 0;
    char *compact = json_of(doc, VNP_WRITE_COMPACT, &len), *pretty = json_of(doc, 0, NULL);
    assert_true(len > 100);
    assert_int_equal(compact[len - 1], '\n');
    assert_ptr_equal(strchr(compact, '\n'), compact + len - 1); /* the only newline */
    assert_non_null(strstr(compact, "\"format\":{\"name\":\"vnplan\",\"version\":\"1.0\"}"));
    /* compact and pretty carry the same tokens */
    strip_json_layout(pretty);
    compact[len - 1] = '\0';
    assert_string_equal(compact, pretty);
    vnp_free(compact);
    vnp_free(pretty);
    vnp_document_free(doc);
}

static void test_json_pretty_layout(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(sample_plan());
    char *json = json_of(doc, 0, NULL);
    assert_memory_equal(json, "{\n  \"format\": {\n    \"name\": \"vnplan\",", 36);
    assert_non_null(strstr(json, "\n  \"document\": {\n    \"issuer\": {\n"
                                 "      \"name\": \"ỦY BAN NHÂN DÂN TỈNH BẮC NINH\",\n"));
    assert_non_null(strstr(json, "\n    },\n    \"type\": \"KẾ HOẠCH\",\n"
                                 "    \"type_code\": \"KH\",\n"));
    assert_non_null(strstr(json, "\"title\": \"Cải cách hành chính năm 2026\""));
    assert_non_null(strstr(json, "\"number_year\": null")); /* absent values are null */
    assert_non_null(strstr(json, "\"recipients\": [\n"));
    assert_non_null(strstr(json, "\"preamble\": [\n"));
    assert_int_equal(json[strlen(json) - 2], '}');
    vnp_free(json);
    vnp_document_free(doc);
}

/* Children follow their parent inside "children". */
static void test_json_outline_nesting(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("KẾ HOẠCH\n\nTiêu đề\n\nI. MỤC TIÊU\n\n1. Chung\n\nII. NHIỆM VỤ\n");
    char *json = json_of(doc, VNP_WRITE_COMPACT, NULL);
    assert_non_null(strstr(json,
        "\"outline\":[{\"line\":5,\"level\":1,\"style\":\"roman\",\"number\":\"I\","
        "\"title\":\"MỤC TIÊU\",\"children\":[{\"line\":7,\"level\":2,\"style\":\"arabic\","
        "\"number\":\"1\",\"title\":\"Chung\",\"children\":[]}]},{\"line\":9,\"level\":1,"
        "\"style\":\"roman\",\"number\":\"II\",\"title\":\"NHIỆM VỤ\",\"children\":[]}]"));
    vnp_free(json);
    vnp_document_free(doc);
}

/* Quotes, backslashes and control characters are escaped; other UTF-8
 * passes through unchanged. */
static void test_json_escaping(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("x");
    doc->title = "Nói \"rõ\" \\ và\x01\ttab\nxuống\x1F\r";
    doc->title_line = 1;
    char *json = json_of(doc, VNP_WRITE_COMPACT, NULL);
    assert_non_null(strstr(json, "\"title\":\"Nói \\\"rõ\\\" \\\\ và\\u0001\\ttab\\nxuống"
                                 "\\u001f\\u000d\""));
    vnp_free(json);
    vnp_document_free(doc);
}

/* The JSON string of title[0..n) as a byte at a time escapes it, with
 * the key before it and the comma after. */
static void expected_title(const char *title, size_t len, char *want, size_t cap)
{
    size_t n = (size_t)snprintf(want, cap, "\"title\":\"");
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)title[i];
        if (b == '"' || b == '\\')
            n += (size_t)snprintf(want + n, cap - n, "\\%c", b);
        else if (b == '\n')
            n += (size_t)snprintf(want + n, cap - n, "\\n");
        else if (b == '\t')
            n += (size_t)snprintf(want + n, cap - n, "\\t");
        else if (b < 0x20)
            n += (size_t)snprintf(want + n, cap - n, "\\u%04x", b);
        else
            want[n++] = (char)b;
    }
    snprintf(want + n, cap - n, "\",");
}

/* Whether the document with title[0..len) as its title writes it as a
 * byte at a time would, with SSE2 or by words. */
static bool title_written_bytewise(vnp_document *doc, const char *title, size_t len, bool simd)
{
    char want[320];
    expected_title(title, len, want, sizeof want);
    json_uses_simd = simd;
    doc->title = title;
    char *json = json_of(doc, VNP_WRITE_COMPACT, NULL);
    bool same = strstr(json, want) != NULL;
    vnp_free(json);
    json_uses_simd = true;
    doc->title = NULL;
    return same;
}

/* The writer copies strings by words of eight or four, 16 bytes at a time
 * with SSE2, and the last word or block overlapping the one before:
 * every byte value at every place of a string of every length up to 40
 * (each word and block boundary, the short strings' own ways, the
 * overlapping tails) is escaped as a byte at a time would, both ways. */
static void test_json_escaping_every_byte_everywhere(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("x");
    doc->title_line = 1;
    for (int simd = 0; simd < 2; simd++)
        for (size_t len = 1; len <= 40; len++)
            for (unsigned c = 1; c < 256; c++)
                for (size_t at = 0; at < len; at++) {
                    char title[48];
                    memset(title, 'a', sizeof title);
                    title[at] = (char)c;
                    title[len] = '\0';
                    if (!title_written_bytewise(doc, title, len, simd))
                        fail_msg("byte 0x%02x at %zu of %zu (simd %d)", c, at, len, simd);
                }
    vnp_document_free(doc);
}

/* Longer strings go 32 bytes at a time with SSE2 and end on the last 32
 * bytes: each kind of byte at every place of every length up to 100,
 * both ways, and bytes that only look near to needing an escape. */
static void test_json_escaping_long_strings(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("x");
    doc->title_line = 1;
    static const unsigned char bytes[] = {'"', '\\', '\n', 0x01, 0x1f, 0x20, 0x21, 0x5b, 0x7f, 0x80, 0xff};
    for (int simd = 0; simd < 2; simd++)
        for (size_t len = 41; len <= 100; len++)
            for (size_t k = 0; k < sizeof bytes; k++)
                for (size_t at = 0; at < len; at++) {
                    char title[104];
                    memset(title, 'a', sizeof title);
                    title[at] = (char)bytes[k];
                    title[len] = '\0';
                    if (!title_written_bytewise(doc, title, len, simd))
                        fail_msg("byte 0x%02x at %zu of %zu (simd %d)", bytes[k], at, len, simd);
                }
    vnp_document_free(doc);
}

/* Strings with an escape in each of two places (a run of bytes that need
 * none between them, of every length), and strings that are all escapes
 * or empty, both ways. */
static void test_json_escaping_two_places(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("x");
    doc->title_line = 1;
    static const char escapes[] = {'"', '\\', '\n', '\t', '\x01', '\x1f'};
    for (int simd = 0; simd < 2; simd++)
        for (size_t len = 0; len <= 40; len++)
            for (size_t a = 0; a < len; a++)
                for (size_t b = a; b < len; b++) {
                    char title[48];
                    memset(title, 'Z', sizeof title);
                    title[a] = escapes[(a + b) % sizeof escapes];
                    title[b] = escapes[b % sizeof escapes];
                    title[len] = '\0';
                    if (!title_written_bytewise(doc, title, len, simd))
                        fail_msg("escapes at %zu and %zu of %zu (simd %d)", a, b, len, simd);
                }
    char all[41];
    memset(all, '"', 40);
    all[40] = '\0';
    assert_true(title_written_bytewise(doc, all, 40, true));
    assert_true(title_written_bytewise(doc, "", 0, true));
    vnp_document_free(doc);
}

/* The two ways of finding the bytes that need no escape write the same
 * JSON for a whole plan (a seed: tables, references, footnotes),
 * compact and indented. */
static void test_json_simd_same_as_words(void **state)
{
    (void)state;
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse_file(VNPLAN_ROOT "/corpus/seeds/000_168f61acab888f69.txt", NULL,
                                    &doc, NULL),
                     VNP_OK);
    for (unsigned flags = 0; flags <= VNP_WRITE_COMPACT; flags += VNP_WRITE_COMPACT) {
        size_t fast_len, words_len;
        char *fast = json_of(doc, flags, &fast_len);
        json_uses_simd = false;
        char *words = json_of(doc, flags, &words_len);
        json_uses_simd = true;
        assert_int_equal(fast_len, words_len);
        assert_memory_equal(fast, words, fast_len);
        vnp_free(fast);
        vnp_free(words);
    }
    vnp_document_free(doc);
}

/* A record's cells are written from its packed cells (a bit of
 * cell_roles each, lowest first), in the order and with the keys a loop
 * over every role with vnp_record_cell() gives: for sets of roles of
 * every size, the cells object is the one that loop makes. */
static void test_json_cells_in_role_order(void **state)
{
    (void)state;
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse_file(VNPLAN_ROOT "/corpus/seeds/000_168f61acab888f69.txt", NULL,
                                    &doc, NULL),
                     VNP_OK);
    assert_true(doc->table_count > 0 && doc->tables[0].record_count > 0);
    vnp_record *r = &doc->tables[0].records[0];
    static const char texts[VNP_CELL_ROLES][8] = {"c0", "c1", "c2", "c3", "c4", "c5", "c6",
                                                 "c7", "c8", "c9", "c10", "c11", "c12", "c13"};
    const unsigned all = (1u << VNP_CELL_ROLES) - 1u;
    static const unsigned wide[] = {0x1555, 0x2AAA, 0x3F00, 0x2001, 0x3FFF};
    for (size_t t = 0; t < 64 + sizeof wide / sizeof wide[0]; t++) {
        unsigned roles = (t < 64 ? (unsigned)t : wide[t - 64]) & all;
        const char *by_role[VNP_CELL_ROLES] = {0};
        for (int k = 0; k < VNP_CELL_ROLES; k++)
            if (roles >> k & 1u)
                by_role[k] = texts[k];
        assert_true(record_set_cells(&doc->internal->mem, r, by_role));
        char want[512];
        size_t n = (size_t)snprintf(want, sizeof want, "\"cells\":{");
        bool first = true;
        for (int k = 0; k < VNP_CELL_ROLES; k++) {
            const char *cell = vnp_record_cell(r, (vnp_cell_role)k);
            if (!cell)
                continue;
            n += (size_t)snprintf(want + n, sizeof want - n, "%s\"%s\":\"%s\"", first ? "" : ",",
                                  vnp_cell_role_string((vnp_cell_role)k), cell);
            first = false;
        }
        snprintf(want + n, sizeof want - n, "}");
        char *json = json_of(doc, VNP_WRITE_COMPACT, NULL);
        if (!strstr(json, want))
            fail_msg("roles 0x%x: %s not written", roles, want);
        vnp_free(json);
    }
    vnp_document_free(doc);
}

/* A reference's date is written as iso_date() writes it (the writer puts
 * a known day's digits in itself): days, months and years of every width,
 * an unknown part, and negative ones. */
static void test_json_dates_as_iso_date(void **state)
{
    (void)state;
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse_file(VNPLAN_ROOT "/corpus/seeds/000_168f61acab888f69.txt", NULL,
                                    &doc, NULL),
                     VNP_OK);
    assert_true(doc->reference_count > 0);
    vnp_reference *r = &doc->references[0];
    static const int years[] = {0, 1, 9, 10, 99, 100, 999, 1000, 2025, 9999, 10000, 12345, -5};
    static const int parts[] = {0, 1, 9, 10, 12, 31, 99, 100, 123, -1};
    for (size_t y = 0; y < sizeof years / sizeof years[0]; y++)
        for (size_t m = 0; m < sizeof parts / sizeof parts[0]; m++)
            for (size_t d = 0; d < sizeof parts / sizeof parts[0]; d++) {
                r->date.year = years[y];
                r->date.month = parts[m];
                r->date.day = parts[d];
                char buf[16], want[48];
                const char *iso = iso_date(years[y], parts[m], parts[d], buf);
                if (iso)
                    snprintf(want, sizeof want, "\"date\":\"%s\",\"issuer\"", iso);
                else
                    snprintf(want, sizeof want, "\"date\":null,\"issuer\"");
                char *json = NULL;
                assert_int_equal(vnp_write_json(doc, VNP_WRITE_COMPACT, &json, NULL), VNP_OK);
                const char *refs = strstr(json, "\"references\":[");
                assert_non_null(refs);
                const char *date = strstr(refs, "\"date\":");
                assert_non_null(date);
                if (strncmp(date, want, strlen(want)) != 0)
                    fail_msg("%d-%d-%d: %.40s, not %s", years[y], parts[m], parts[d], date, want);
                vnp_free(json);
            }
    vnp_document_free(doc);
}

/* The source name comes from the caller and is escaped like any string. */
static void test_json_source_name_escaped(void **state)
{
    (void)state;
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse("x", 1, "thư mục\\\"kế hoạch\".txt", NULL, &doc, NULL), VNP_OK);
    char *json = json_of(doc, VNP_WRITE_COMPACT, NULL);
    assert_non_null(strstr(json, "\"name\":\"thư mục\\\\\\\"kế hoạch\\\".txt\""));
    vnp_free(json);
    vnp_document_free(doc);
}

/* ---- XML ----------------------------------------------------------------- */

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
    assert_non_null(parent);
    for (xmlNodePtr n = parent->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, (const xmlChar *)name) == 0)
            return n;
    fail_msg("no <%s> under <%s>", name, (const char *)parent->name);
    return NULL;
}

static void assert_content(xmlNodePtr n, const char *expected)
{
    xmlChar *text = xmlNodeGetContent(n);
    assert_non_null(text);
    assert_string_equal((const char *)text, expected);
    xmlFree(text);
}

static void assert_attr(xmlNodePtr n, const char *name, const char *expected)
{
    xmlChar *value = xmlGetProp(n, (const xmlChar *)name);
    assert_non_null(value);
    assert_string_equal((const char *)value, expected);
    xmlFree(value);
}

static xmlDocPtr read_xml(const char *xml, size_t len)
{
    xmlDocPtr x = xmlReadMemory(xml, (int)len, "unit.xml", "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!x)
        fail_msg("XML output is not well-formed:\n%s", xml);
    return x;
}

static void test_xml_well_formed_and_same_values(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(sample_plan());
    size_t len = 0;
    char *xml = xml_of(doc, 0, &len);
    assert_int_equal(len, strlen(xml));
    xmlDocPtr x = read_xml(xml, len);
    xmlNodePtr root = xmlDocGetRootElement(x);
    assert_string_equal((const char *)root->name, "vnplan");
    assert_attr(root, "version", VNPLAN_FORMAT_VERSION);
    assert_attr(child(root, "source"), "sha256", doc->source_sha256);
    assert_attr(child(root, "source"), "lines", "36");
    xmlNodePtr d = child(root, "document");
    assert_content(child(d, "type"), doc->type);
    assert_attr(child(d, "type"), "code", "KH");
    assert_content(child(d, "title"), doc->title);
    assert_str(doc->title, "Cải cách hành chính năm 2026");
    assert_attr(child(d, "number"), "symbol", "KH-UBND");
    assert_attr(child(d, "signer"), "authority", "KT.");
    assert_content(child(child(d, "signer"), "name"), "Nguyễn Văn An");
    xmlNodePtr heading = child(child(root, "outline"), "heading");
    assert_attr(heading, "number", "I");
    assert_attr(child(heading, "heading"), "number", "1"); /* nested like the tree */
    xmlFreeDoc(x);
    vnp_free(xml);
    vnp_document_free(doc);
}

/* The issuer and province: child elements with their lines, attributes. */
static void test_xml_issuer_and_province(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("UBND TỈNH BẮC GIANG\nSỞ NỘI VỤ\n-----\n\nSố: 4/KH-SNV\n\n"
                                   "Bắc Giang, ngày 5 tháng 5 năm 2024\n");
    char *xml = xml_of(doc, 0, NULL);
    assert_non_null(strstr(xml, "<issuer scope=\"province\" source=\"header\">\n"
                                "      <parent line=\"1\">UBND TỈNH BẮC GIANG</parent>\n"
                                "      <name line=\"2\">SỞ NỘI VỤ</name>\n    </issuer>\n"));
    assert_non_null(strstr(xml, "<province name=\"Bắc Ninh\" kind=\"province\" former=\"Bắc "
                                "Giang\" source=\"issuer\" line=\"1\">TỈNH BẮC GIANG</province>"));
    vnp_free(xml);
    vnp_document_free(doc);
}

static void test_xml_deterministic(void **state)
{
    (void)state;
    vnp_document *a = parse_text(sample_plan()), *b = parse_text(sample_plan());
    char *xa = xml_of(a, 0, NULL), *xa2 = xml_of(a, 0, NULL), *xb = xml_of(b, 0, NULL);
    assert_string_equal(xa, xa2);
    assert_string_equal(xa, xb);
    vnp_free(xa);
    vnp_free(xa2);
    vnp_free(xb);
    vnp_document_free(a);
    vnp_document_free(b);
}

/* Markup characters in text survive the round trip through XML. */
static void test_xml_escaping(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("KẾ HOẠCH\n\nTiêu đề\n");
    doc->title = "A & B <C> \"D\" 'E'";
    doc->symbol = "KH<&>\"";
    doc->number_line = 1;
    size_t len = 0;
    char *xml = xml_of(doc, VNP_WRITE_COMPACT, &len);
    xmlDocPtr x = read_xml(xml, len);
    xmlNodePtr d = child(xmlDocGetRootElement(x), "document");
    assert_content(child(d, "title"), "A & B <C> \"D\" 'E'");
    assert_attr(child(d, "number"), "symbol", "KH<&>\"");
    xmlFreeDoc(x);
    vnp_free(xml);
    vnp_document_free(doc);
}

/* s[0..n) as a byte at a time escapes it in XML text (attribute false)
 * or an attribute value, at out; returns the end. */
static char *xml_escaped_bytewise(const char *s, size_t n, bool attribute, char *out)
{
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\r': rep = "&#13;"; break;
        case '\n': rep = attribute ? "&#10;" : NULL; break;
        case '\t': rep = attribute ? "&#9;" : NULL; break;
        default: break;
        }
        if (rep) {
            strcpy(out, rep);
            out += strlen(rep);
        } else {
            *out++ = s[i];
        }
    }
    return out;
}

/* Whether <e a="value">value</e> comes out of the XML writer as the byte
 * at a time escaping writes it, with SSE2 or by words. */
static bool xml_value_written_bytewise(const char *value, size_t n, bool simd)
{
    char want[8 * 64 + 32], *o = want;
    o += sprintf(o, "<e a=\"");
    o = xml_escaped_bytewise(value, n, true, o);
    o += sprintf(o, "\">");
    o = xml_escaped_bytewise(value, n, false, o);
    o += sprintf(o, "</e>\n");
    xml_uses_simd = simd;
    xml_out x;
    xml_out_init(&x, VNP_WRITE_COMPACT, NULL);
    xml_start(&x, "e");
    xml_attr(&x, "a", value);
    xml_text_n(&x, value, n);
    xml_end(&x);
    xml_out_close(&x);
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(sink_finish(&x.sink, &out, &len), VNP_OK);
    xml_uses_simd = true;
    bool same = len == (size_t)(o - want) && memcmp(out, want, len) == 0;
    mem_free(out);
    return same;
}

/* The XML writer finds the bytes that need an entity 16 at a time with
 * SSE2 or by words of eight, the last block or word overlapping the one
 * before: every byte value at every place of a value of every length up
 * to 40, in text and in an attribute, is escaped as a byte at a time
 * would, both ways; so are values of entities only, and two entities at
 * every pair of places. */
static void test_xml_escaping_every_byte_everywhere(void **state)
{
    (void)state;
    for (int simd = 0; simd < 2; simd++)
        for (size_t len = 1; len <= 40; len++) {
            char value[48];
            for (unsigned c = 1; c < 256; c++)
                for (size_t at = 0; at < len; at++) {
                    memset(value, 'a', sizeof value);
                    value[at] = (char)c;
                    value[len] = '\0';
                    if (!xml_value_written_bytewise(value, len, simd))
                        fail_msg("byte 0x%02x at %zu of %zu (simd %d)", c, at, len, simd);
                }
            for (size_t a = 0; a < len; a++)
                for (size_t b = a; b < len; b++) {
                    memset(value, 'Z', sizeof value);
                    value[a] = "&<>\"\r\n\t"[(a + b) % 7];
                    value[b] = "&<>\"\r\n\t"[b % 7];
                    value[len] = '\0';
                    if (!xml_value_written_bytewise(value, len, simd))
                        fail_msg("entities at %zu and %zu of %zu (simd %d)", a, b, len, simd);
                }
            memset(value, '&', len);
            value[len] = '\0';
            assert_true(xml_value_written_bytewise(value, len, simd));
        }
    assert_true(xml_value_written_bytewise("", 0, true));
}

/* Number attributes: written in decimal with their sign, left out when
 * 0 or when no start tag is open; a value of entities only and a long
 * name written after them. */
static void test_xml_number_attributes(void **state)
{
    (void)state;
    xml_out x;
    xml_out_init(&x, VNP_WRITE_COMPACT, NULL);
    xml_start(&x, "e");
    xml_attr_int(&x, "zero", 0);
    xml_attr_int(&x, "one", 1);
    xml_attr_int(&x, "a", -12);
    xml_attr_int(&x, "max", LLONG_MAX);
    xml_attr_int(&x, "min", LLONG_MIN);
    xml_attr(&x, "v", "<&>");
    xml_attr(&x, "name_of_an_attribute_longer_than_thirty_two_bytes", "x");
    xml_text(&x, "t");
    xml_attr_int(&x, "late", 5); /* the start tag is closed: nothing */
    xml_end(&x);
    xml_out_close(&x);
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(sink_finish(&x.sink, &out, &len), VNP_OK);
    assert_string_equal(out, "<e one=\"1\" a=\"-12\" max=\"9223372036854775807\" "
                             "min=\"-9223372036854775808\" v=\"&lt;&amp;&gt;\" "
                             "name_of_an_attribute_longer_than_thirty_two_bytes=\"x\">t</e>\n");
    assert_int_equal(len, strlen(out));
    mem_free(out);
}

/* An Akoma Ntoso slug reads ASCII without asking utf8proc: every ASCII
 * character between two letters gives what utf8proc's decomposition,
 * marks stripped and case folded, says (a letter or digit in lower case,
 * anything else a '-'). */
static void test_akn_slug_ascii_as_utf8proc(void **state)
{
    (void)state;
    for (int32_t cp = 1; cp < 0x80; cp++) {
        utf8proc_int32_t parts[4];
        utf8proc_ssize_t n = utf8proc_decompose_char(
            cp, parts, 4, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, NULL);
        assert_int_equal(n, 1);
        bool kept = (parts[0] >= 'a' && parts[0] <= 'z') || (parts[0] >= '0' && parts[0] <= '9');
        char want[4] = {'x', kept ? (char)parts[0] : '-', 'y', '\0'};
        char text[4] = {'x', (char)cp, 'y', '\0'};
        strbuf b = {0};
        akn_slug(&b, text, 3, 80);
        assert_non_null(b.data);
        if (strcmp(b.data, want) != 0)
            fail_msg("0x%02x: slug %s, utf8proc %s", (unsigned)cp, b.data, want);
        sb_free(&b);
    }
}

/* A file name may hold any bytes; both outputs still carry valid UTF-8
 * without the control characters XML cannot hold. */
static void test_source_name_cleaned(void **state)
{
    (void)state;
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse("x", 1, "a\xFF" "b\x01" "c.txt", NULL, &doc, NULL), VNP_OK);
    assert_str(doc->source_name, "a\xEF\xBF\xBD" "b?c.txt");
    size_t len = 0;
    char *xml = xml_of(doc, 0, &len);
    xmlDocPtr x = read_xml(xml, len);
    assert_attr(child(xmlDocGetRootElement(x), "source"), "name", "a\xEF\xBF\xBD" "b?c.txt");
    xmlFreeDoc(x);
    vnp_free(xml);
    vnp_document_free(doc);
}

/* Names of printable ASCII are kept in one copy, the others a character
 * at a time from the first other byte: both as the rule says, a control
 * or invalid byte at the start, inside and at the end, after ASCII. */
static void test_source_names_ascii_and_not(void **state)
{
    (void)state;
    static const char *const names[][2] = {
        {"docs/plan-2026_v1.txt", "docs/plan-2026_v1.txt"},
        {"", ""},
        {"thư mục/kế hoạch.txt", "thư mục/kế hoạch.txt"},
        {"\x01" "a.txt", "?a.txt"},
        {"a.txt\x7f", "a.txt?"},
        {"ab\xC3", "ab\xEF\xBF\xBD"},
        {"~ \xC2\x85x", "~ ?x"},
    };
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        vnp_document *doc = NULL;
        assert_int_equal(vnp_parse("x", 1, names[k][0], NULL, &doc, NULL), VNP_OK);
        assert_str(doc->source_name, names[k][1]);
        vnp_document_free(doc);
    }
}

/* An empty document still writes a complete, well-formed XML and JSON. */
static void test_empty_document_output(void **state)
{
    (void)state;
    vnp_document *doc = parse_with("", 0, 0);
    size_t len = 0;
    char *xml = xml_of(doc, 0, &len);
    xmlDocPtr x = read_xml(xml, len);
    xmlNodePtr root = xmlDocGetRootElement(x);
    assert_attr(child(root, "source"), "lines", "0");
    child(root, "document"); /* present, with its optional children left out */
    child(root, "outline");
    xmlFreeDoc(x);
    vnp_free(xml);
    char *json = json_of(doc, VNP_WRITE_COMPACT, NULL);
    assert_non_null(strstr(json, "\"type\":null"));
    assert_non_null(strstr(json, "\"date\":null"));
    assert_non_null(strstr(json, "\"outline\":[]"));
    vnp_free(json);
    vnp_document_free(doc);
}

/* ---- writing to a FILE ------------------------------------------------- */

/* A plan whose table is long enough that either output passes the writers'
 * 64 KB blocks several times. */
static vnp_document *long_plan(void)
{
    strbuf text = {0};
    sb_puts(&text, "KẾ HOẠCH\nThực hiện nhiệm vụ năm 2026\n\nPhụ lục\n\n"
                   "STT\tNội dung\tĐơn vị chủ trì\tThời gian hoàn thành\n");
    for (int i = 1; i <= 1500; i++)
        sb_printf(&text, "%d\tTriển khai nhiệm vụ số %d theo \"Kế hoạch\" <chung>\tSở Nội vụ\t"
                         "Quý %d/2026\n", i, i, 1 + i % 4);
    assert_false(text.failed);
    vnp_document *doc = parse_text(text.data);
    sb_free(&text);
    return doc;
}

/* Everything written to f, read back. */
static char *read_back(FILE *f, size_t *len)
{
    assert_int_equal(fflush(f), 0);
    long end = ftell(f);
    assert_true(end > 0);
    rewind(f);
    char *data = malloc((size_t)end + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)end, f), (size_t)end);
    data[end] = '\0';
    *len = (size_t)end;
    return data;
}

static void test_file_writers_give_the_same_bytes(void **state)
{
    (void)state;
    vnp_document *doc = long_plan();
    for (int xml = 0; xml <= 1; xml++)
        for (unsigned flags = 0; flags <= VNP_WRITE_COMPACT; flags += VNP_WRITE_COMPACT) {
            size_t len = 0, file_len = 0;
            char *buf = xml ? xml_of(doc, flags, &len) : json_of(doc, flags, &len);
            assert_true(len > 3 * 64 * 1024);
            FILE *f = tmpfile();
            assert_non_null(f);
            vnp_status st = xml ? vnp_write_xml_file(doc, flags, f)
                                : vnp_write_json_file(doc, flags, f);
            assert_int_equal(st, VNP_OK);
            char *written = read_back(f, &file_len);
            assert_int_equal(file_len, len);
            assert_memory_equal(written, buf, len);
            fclose(f);
            free(written);
            vnp_free(buf);
        }
    vnp_document_free(doc);
}

/* A file that refuses writes (a full disk) is an I/O error, not a crash or
 * a success. */
static void test_file_writer_reports_a_full_disk(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    vnp_document *doc = long_plan();
    assert_int_equal(vnp_write_json_file(doc, 0, f), VNP_ERR_IO);
    assert_int_equal(vnp_write_xml_file(doc, 0, f), VNP_ERR_IO);
    assert_int_equal(vnp_write_json_file(NULL, 0, f), VNP_ERR_ARGUMENT);
    assert_int_equal(vnp_write_xml_file(doc, 0, NULL), VNP_ERR_ARGUMENT);
    fclose(f);
    vnp_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_deterministic),
        cmocka_unit_test(test_json_compact),
        cmocka_unit_test(test_json_pretty_layout),
        cmocka_unit_test(test_json_outline_nesting),
        cmocka_unit_test(test_json_escaping),
        cmocka_unit_test(test_json_escaping_every_byte_everywhere),
        cmocka_unit_test(test_json_escaping_two_places),
        cmocka_unit_test(test_json_escaping_long_strings),
        cmocka_unit_test(test_json_simd_same_as_words),
        cmocka_unit_test(test_json_cells_in_role_order),
        cmocka_unit_test(test_json_dates_as_iso_date),
        cmocka_unit_test(test_json_source_name_escaped),
        cmocka_unit_test(test_xml_well_formed_and_same_values),
        cmocka_unit_test(test_xml_issuer_and_province),
        cmocka_unit_test(test_xml_deterministic),
        cmocka_unit_test(test_xml_escaping),
        cmocka_unit_test(test_xml_escaping_every_byte_everywhere),
        cmocka_unit_test(test_xml_number_attributes),
        cmocka_unit_test(test_akn_slug_ascii_as_utf8proc),
        cmocka_unit_test(test_source_name_cleaned),
        cmocka_unit_test(test_source_names_ascii_and_not),
        cmocka_unit_test(test_empty_document_output),
        cmocka_unit_test(test_file_writers_give_the_same_bytes),
        cmocka_unit_test(test_file_writer_reports_a_full_disk),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return failed;
}
