/* Legacy encodings: every one of the 134 Vietnamese letters with marks,
 * both cases, written by glibc's iconv (TCVN3, VISCII, CP1258) or by the
 * tables of grammars/ (VNI, VPS, reversed), reads back as itself; the
 * syllable checker's examples (grammars/syllable_rhymes.tsv); TCVN3's
 * capitals font and Windows quotes; the detection on short texts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "internal.h"

static const char *const bases[] = {"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"};
static const char *const tones[] = {"", "\xCC\x81", "\xCC\x80", "\xCC\x89", "\xCC\x83",
                                    "\xCC\xA3"};

/* The 134 letters, NFC, each in its own buffer. */
static size_t letters(char out[140][8])
{
    size_t n = 0;
    for (int upper = 0; upper < 2; upper++) {
        for (size_t b = 0; b < 12; b++)
            for (size_t t = 0; t < 6; t++) {
                if (t == 0 && strlen(bases[b]) == 1)
                    continue; /* a e i o u y are ASCII */
                char raw[16];
                snprintf(raw, sizeof raw, "%s%s", bases[b], tones[t]);
                utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)raw);
                utf8proc_uint8_t *cased = NULL;
                if (upper) {
                    int32_t cp;
                    utf8proc_iterate(nfc, -1, &cp);
                    char u[8] = {0};
                    utf8_encode(utf8proc_toupper(cp), u);
                    snprintf(out[n++], 8, "%s", u);
                } else {
                    snprintf(out[n++], 8, "%s", (const char *)nfc);
                }
                free(nfc);
                free(cased);
            }
        snprintf(out[n++], 8, "%s", upper ? "\xC4\x90" : "\xC4\x91"); /* Đ đ */
    }
    return n;
}

static vnp_document *new_doc(void)
{
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse("x\n", 2, "x", NULL, &doc, NULL), VNP_OK);
    return doc;
}

static void decode_check(vnp_document *doc, const legacy_codec *c, const char *bytes,
                         size_t len, const char *want)
{
    char *text = NULL;
    size_t n = 0;
    vnp_error err;
    assert_int_equal(legacy_decode(doc, c, bytes, len, false, &text, &n, &err), VNP_OK);
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)text);
    if (strcmp((const char *)nfc, want) != 0) {
        print_error("%s: %s read as %s\n", encoding_name(c->encoding), want, (const char *)nfc);
        fail();
    }
    free(nfc);
}

/* glibc writes each letter; our reading gives it back. */
static void test_glibc_round_trips(void **state)
{
    (void)state;
    char list[140][8];
    size_t n = letters(list);
    assert_int_equal(n, 134);
    vnp_document *doc = new_doc();
    static const struct {
        vn_encoding e;
        const char *iconv_name;
    } encs[] = {{ENC_TCVN3, "TCVN5712-1"}, {ENC_VISCII, "VISCII"}, {ENC_CP1258, "CP1258"}};
    for (size_t k = 0; k < 3; k++) {
        legacy_codec c;
        char why[160];
        assert_true(codec_load(doc->internal, encs[k].e, &c, why, sizeof why));
        iconv_t cd = iconv_open(encs[k].iconv_name, "UTF-8");
        assert_true(cd != (iconv_t)-1);
        for (size_t i = 0; i < n; i++) {
            char in[8], out[16], *ip = in, *op = out;
            snprintf(in, sizeof in, "%s", list[i]);
            size_t il = strlen(in), ol = sizeof out;
            iconv(cd, NULL, NULL, NULL, NULL);
            assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
            iconv(cd, NULL, NULL, &op, &ol);
            /* inside a word of its case: TCVN3 reads some capitals alone as
             * Word's punctuation (test_tcvn3_places) */
            int32_t cp;
            size_t w;
            cp = utf8_decode(list[i], strlen(list[i]), &w);
            const char *around = utf8proc_isupper(cp) ? "N" : "n";
            char word[24], bytes[24];
            snprintf(word, sizeof word, "%s%s%s", around, list[i], around);
            size_t len = sizeof out - ol;
            snprintf(bytes, sizeof bytes, "%s", around);
            memcpy(bytes + 1, out, len);
            bytes[1 + len] = around[0];
            decode_check(doc, &c, bytes, len + 2, word);
        }
        iconv_close(cd);
    }
    vnp_document_free(doc);
}

/* The tables of grammars/ hold all 134 letters, and each reads back. */
static void test_table_round_trips(void **state)
{
    (void)state;
    char list[140][8];
    size_t n = letters(list);
    vnp_document *doc = new_doc();
    const vn_encoding encs[] = {ENC_VNI, ENC_VPS};
    for (size_t k = 0; k < 2; k++) {
        legacy_codec c;
        char why[160];
        assert_true(codec_load(doc->internal, encs[k], &c, why, sizeof why));
        for (size_t i = 0; i < n; i++) {
            int32_t want;
            size_t w;
            want = utf8_decode(list[i], strlen(list[i]), &w);
            unsigned char bytes[2];
            size_t len = 0;
            for (size_t p = 0; p < c.pair_count && !len; p++)
                if (c.pairs[p].cp == want) {
                    bytes[0] = (unsigned char)(c.pairs[p].bytes >> 8);
                    bytes[1] = (unsigned char)c.pairs[p].bytes;
                    len = 2;
                }
            for (int b = 0; b < 256 && !len; b++)
                if (c.single[b] == want) {
                    bytes[0] = (unsigned char)b;
                    len = 1;
                }
            if (!len) {
                print_error("%s lacks %s\n", encoding_name(encs[k]), list[i]);
                fail();
            }
            decode_check(doc, &c, (const char *)bytes, len, list[i]);
        }
    }
    vnp_document_free(doc);
}

static syllable_verdict check_word(const syllable_rules *r, const char *w)
{
    int32_t cps[64];
    size_t n = 0, width;
    for (size_t i = 0; w[i]; i += width)
        cps[n++] = utf8_decode(w + i, strlen(w + i), &width);
    return syllable_check(r, cps, n);
}

/* The examples of syllable_rhymes.tsv, and some of our own. */
static void test_syllables(void **state)
{
    (void)state;
    vnp_document *doc = new_doc();
    char why[160];
    const syllable_rules *r = syllable_rules_load(doc->internal, why, sizeof why);
    assert_non_null(r);
    size_t len;
    const char *text = lexicon_text("syllable_rhymes.tsv", &len);
    size_t examples = 0;
    for (const char *p = text; (p = strstr(p, "# example: ")) != NULL; examples++) {
        p += 11;
        const char *arrow = strstr(p, " => ");
        char word[64];
        snprintf(word, sizeof word, "%.*s", (int)(arrow - p), p);
        bool want = strncmp(arrow + 4, "syllable", 8) == 0;
        assert_int_equal(check_word(r, word) == SYL_VALID, want);
    }
    assert_true(examples >= 4);
    const char *valid[] = {"Quỳnh", "giếng", "gìn", "NGHIÊNG", "Ủy", "khuya", "thuở", "oong"};
    const char *invalid[] = {"kÕ", "ho¹ch", "cña", "ấấ", "tiếngg", "fá", "hoạcH", "mãt"};
    for (size_t i = 0; i < sizeof valid / sizeof *valid; i++)
        if (check_word(r, valid[i]) != SYL_VALID) {
            print_error("%s is a syllable\n", valid[i]);
            fail();
        }
    for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++)
        assert_int_equal(check_word(r, invalid[i]), SYL_INVALID);
    assert_int_equal(check_word(r, "HĐND"), SYL_NOT_WORD);
    vnp_document_free(doc);
}

/* TCVN3: a word typed in the capitals font ("HO¹CH"), and Word's quotes
 * and dashes beside capitals of the full set. */
static void test_tcvn3_places(void **state)
{
    (void)state;
    vnp_document *doc = new_doc();
    legacy_codec c;
    char why[160];
    assert_true(codec_load(doc->internal, ENC_TCVN3, &c, why, sizeof why));
    /* "HO¹CH TRIÓN" typed in .VnTimeH: the small letters' bytes */
    decode_check(doc, &c, "HO\xB9" "CH TRI\xD3N", 11,
                 "HO\xE1\xBA\xA0" "CH TRI\xE1\xBB\x82N");
    /* one capital, small letters after it: left as it is */
    decode_check(doc, &c, "K\xD5 ho\xB9" "ch", 8, "K\xE1\xBA\xBF ho\xE1\xBA\xA1" "ch");
    /* quotes around a word, and NGHỊ (0x91 at the end of a word) */
    decode_check(doc, &c, "\x93" "abc\x94 NGH\x91", 10,
                 "\xE2\x80\x9C" "abc\xE2\x80\x9D NGH\xE1\xBB\x8A");
    /* VÕ (0x94 after a word, no quote open) and a dash after a digit */
    decode_check(doc, &c, "V\x94 2021\x96" "2030", 12,
                 "V\xC3\x95 2021\xE2\x80\x93" "2030");
    vnp_document_free(doc);
}

/* A text mixing two encodings warns, naming the first line read better
 * otherwise; a short text with one stray byte stays a UTF-8 error. */
static void test_detection(void **state)
{
    (void)state;
    strbuf b = {0};
    for (int i = 0; i < 10; i++) /* VNI: "Kế hoạch triển khai nhiệm vụ" */
        sb_puts(&b, "Ke\xE1 hoa\xEF" "ch trie\xE5n khai nhie\xE4m vu\xEF\n");
    for (int i = 0; i < 10; i++) /* TCVN3: the same words */
        sb_puts(&b, "K\xD5 ho\xB9" "ch tri\xD3n khai nhi\xD6m v\xF4\n");
    vnp_document *doc = NULL;
    vnp_error err;
    assert_int_equal(vnp_parse(b.data, b.len, "x", NULL, &doc, &err), VNP_OK);
    bool mixed = false;
    for (size_t i = 0; i < doc->diagnostic_count; i++)
        mixed |= strcmp(doc->diagnostics[i].code, "encoding-mixed") == 0 &&
                 doc->diagnostics[i].line == 11;
    assert_true(mixed);
    vnp_document_free(doc);
    sb_free(&b);
    static const char stray[] = "plain text \xFF here\n";
    assert_int_equal(vnp_parse(stray, sizeof stray - 1, "x", NULL, &doc, &err), VNP_ERR_UTF8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_glibc_round_trips),
        cmocka_unit_test(test_table_round_trips),
        cmocka_unit_test(test_syllables),
        cmocka_unit_test(test_tcvn3_places),
        cmocka_unit_test(test_detection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
