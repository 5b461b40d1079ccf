/* libFuzzer harness: parse any bytes, write every format (JSON, XML,
 * Akoma Ntoso), free everything.
 *
 * The first input byte chooses the options, so the fuzzer explores them
 * together with the text: bit 0 asks for U+FFFD replacement of invalid
 * UTF-8, bit 1 for compact output, bit 2 for an allocator of the caller's
 * (vnp_options.allocator) that counts its blocks. The rest is the
 * document. Beyond "no crash, no leak", the harness checks the contract of
 * the API: a failure leaves no document, a success writes NUL-terminated
 * output that parses as JSON or as well-formed XML, the FILE writers give
 * the same bytes, and every block of the caller's allocator comes back. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "json_check.h"
#include "vnplan.h"

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_init.h"
#include <libxml/parser.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* abort() turns a broken contract into a crash the fuzzer saves. */
static void require(bool ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_parse: %s\n", what);
        abort();
    }
}

/* The caller's allocator of bit 2: its ctx counts the blocks out. */
static void *count_malloc(void *ctx, size_t size)
{
    void *p = malloc(size);
    *(long *)ctx += p != NULL;
    return p;
}

static void *count_realloc(void *ctx, void *p, size_t old_size, size_t size)
{
    (void)ctx;
    (void)old_size;
    return realloc(p, size);
}

static void count_free(void *ctx, void *p)
{
    require(p != NULL, "the allocator's free was given NULL");
    *(long *)ctx -= 1;
    free(p);
}

static long blocks_out;
static const vnp_allocator counting = {count_malloc, count_realloc, count_free, &blocks_out};

/* A writer's buffer goes back where it came from. */
static void release(const vnp_options *options, char *out)
{
    if (out && options->allocator)
        count_free(options->allocator->ctx, out);
    else
        vnp_free(out);
}

static bool xml_well_formed(const char *s, size_t n)
{
    xmlDocPtr x = xmlReadMemory(s, (int)n, "out.xml", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                    XML_PARSE_HUGE);
    xmlFreeDoc(x);
    return x != NULL;
}

/* The writers: JSON, XML and Akoma Ntoso (XML too). */
enum { FORMAT_JSON, FORMAT_XML, FORMAT_AKN, FORMATS };

static vnp_status write_buffer(const vnp_document *doc, int format, unsigned flags, char **out,
                               size_t *len)
{
    return format == FORMAT_XML   ? vnp_write_xml(doc, flags, out, len)
           : format == FORMAT_AKN ? vnp_write_akn(doc, flags, out, len)
                                  : vnp_write_json(doc, flags, out, len);
}

/* The FILE writers give the bytes of the buffer writers. */
static void check_file_writer(const vnp_document *doc, unsigned flags, int format,
                              const char *out, size_t out_len)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return;
    vnp_status st = format == FORMAT_XML   ? vnp_write_xml_file(doc, flags, f)
                    : format == FORMAT_AKN ? vnp_write_akn_file(doc, flags, f)
                                           : vnp_write_json_file(doc, flags, f);
    fclose(f);
    require(st == VNP_OK, "a FILE writer failed where the buffer writer did not");
    require(len == out_len && memcmp(buf, out, len) == 0, "a FILE writer gave other bytes");
    free(buf);
}

static void check_writer(const vnp_options *options, vnp_status st, char *out, size_t len,
                         bool xml)
{
    require(st == VNP_OK || st == VNP_ERR_NOMEM, "a writer returned an unexpected status");
    if (st != VNP_OK) {
        release(options, out);
        return;
    }
    require(out != NULL && out[len] == '\0' && strlen(out) == len,
            "writer output is not one NUL-terminated string of the stated length");
    if (xml)
        require(xml_well_formed(out, len), "XML output is not well-formed");
    else
        require(json_valid(out, len), "JSON output does not parse");
    release(options, out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned mode = data[0];
    vnp_options options = VNP_OPTIONS_INIT;
    options.flags = mode & 1u ? VNP_OPT_REPLACE_INVALID : 0;
    unsigned write_flags = mode & 2u ? VNP_WRITE_COMPACT : 0;
    options.allocator = mode & 4u ? &counting : NULL;
    blocks_out = 0;

    /* An exact-size copy, so ASan sees any read past the input. */
    size_t len = size - 1;
    char *text = malloc(len ? len : 1);
    if (!text)
        return 0;
    memcpy(text, data + 1, len);

    vnp_document *doc = NULL;
    vnp_error err;
    vnp_status st = vnp_parse(text, len, "fuzz.txt", &options, &doc, &err);
    free(text); /* the document must not point into the caller's bytes */
    if (st != VNP_OK) {
        require(doc == NULL && err.status == st, "a failed parse left a document or "
                                                 "an error status that differs");
        require(memchr(err.message, '\0', sizeof err.message) != NULL,
                "error message is not terminated");
        require(blocks_out == 0, "a failed parse kept blocks of the caller's allocator");
        return 0;
    }
    require(doc != NULL, "VNP_OK without a document");

    for (int format = FORMAT_JSON; format < FORMATS; format++) {
        char *out = NULL;
        size_t out_len = 0;
        st = write_buffer(doc, format, write_flags, &out, &out_len);
        if (st == VNP_OK)
            check_file_writer(doc, write_flags, format, out, out_len);
        check_writer(&options, st, out, out_len, format != FORMAT_JSON);
    }
    vnp_document_free(doc);
    require(blocks_out == 0, "blocks of the caller's allocator were not given back");
    return 0;
}
