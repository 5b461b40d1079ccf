/* libFuzzer harness for the PDF layout stage: word streams as pdftotext
 * -tsv gives them, laid out with no process spawned per input, and the
 * text it makes parsed and written as the PDF reader's would be.
 *
 * The first byte chooses how the rest is read: even, as the TSV itself
 * (seeded with the fixtures' pdftotext output); odd, as records of words
 * written into TSV here, so that most inputs are words the layout places:
 * page (1 byte), left and top (2 bytes each, over the page), width and
 * height (1 byte each), then the word's length (1 byte) and its bytes.
 * Beyond "no crash, no leak", the stage holds to its contract: it
 * succeeds or runs out of memory, counts the words, and writes text that
 * grows with its input, never past a fixed multiple of it. */
#include "internal.h"
#include "fuzz_forms.h"

#include <stdint.h>
#include <stdio.h>

#include "fuzz_init.h"
#include <libxml/parser.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void tsv_records(strbuf *tsv, const uint8_t *data, size_t size)
{
    sb_puts(tsv, "level\tpage_num\tpar_num\tblock_num\tline_num\tword_num\tleft\ttop\twidth\t"
                 "height\tconf\ttext\n");
    size_t pages = 0;
    for (size_t i = 0; i + 8 <= size;) {
        const uint8_t *r = data + i;
        size_t page = (size_t)(r[0] % 8) + 1, n = r[7];
        double x = (r[1] << 8 | r[2]) / 65535.0 * 595, y = (r[3] << 8 | r[4]) / 65535.0 * 842;
        double w = r[5] / 2.0, h = 4 + r[6] / 8.0;
        i += 8;
        if (n > size - i)
            n = size - i;
        for (; pages < page; pages++)
            sb_printf(tsv, "1\t%zu\t0\t0\t0\t0\t0\t0\t595.3\t841.9\t-1\t###PAGE###\n", pages + 1);
        sb_printf(tsv, "5\t%zu\t0\t0\t0\t0\t%.2f\t%.2f\t%.2f\t%.2f\t100\t", page, x, y, w, h);
        for (size_t k = 0; k < n; k++) {
            char ch = (char)data[i + k];
            sb_putc(tsv, ch == '\t' || ch == '\n' || ch == '\0' ? 'x' : ch);
        }
        if (!n)
            sb_putc(tsv, '1');
        sb_putc(tsv, '\n');
        i += n;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    strbuf tsv = {0};
    if (data[0] & 1)
        tsv_records(&tsv, data + 1, size - 1);
    else
        sb_append(&tsv, (const char *)data + 1, size - 1);
    if (tsv.failed) {
        sb_free(&tsv);
        return 0;
    }
    char *copy = malloc(tsv.len ? tsv.len : 1); /* exact size: ASan sees a read past it */
    if (!copy) {
        sb_free(&tsv);
        return 0;
    }
    memcpy(copy, tsv.data ? tsv.data : "", tsv.len);
    vnp_options options = VNP_OPTIONS_INIT;
    vnp_document *doc = NULL;
    vnp_error err;
    if (vnp_parse("x\n", 2, "fuzz", &options, &doc, &err) != VNP_OK) {
        free(copy);
        sb_free(&tsv);
        return 0;
    }
    pdf_text t;
    vnp_status st = pdf_layout(doc, copy, tsv.len, &t);
    forms_require(st == VNP_OK || st == VNP_ERR_NOMEM, "the layout failed otherwise than for memory");
    if (st == VNP_OK) {
        forms_require(t.text && t.text[t.len] == '\0', "the layout's text is not terminated");
        forms_require(t.len <= 8 * tsv.len + 4096, "the layout's text grew past 8 times its input");
        forms_require(t.words <= tsv.len / 12 + 1, "more words than the TSV has lines");
        if (t.len <= 1 << 16)
            forms_parse(t.text, t.len, VNP_FORM_TEXT);
    }
    vnp_document_free(doc);
    free(copy);
    sb_free(&tsv);
    return 0;
}
