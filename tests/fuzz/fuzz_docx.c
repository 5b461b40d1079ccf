/* libFuzzer harness: the .docx reader. The first byte chooses what the rest
 * is: odd, a whole file (the zip itself, mutated: damaged archives); even,
 * the text of word/document.xml, put in a zip here (stored, with its CRC),
 * so that the fuzzer reaches the XML of the body and not only the zip's
 * checks. */
#include "fuzz_forms.h"

#include <stdint.h>

#include "fuzz_init.h"
#include <libxml/parser.h>
#include <zlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char *put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v & 0xFF);
    p[1] = (unsigned char)(v >> 8);
    return p + 2;
}

static unsigned char *put32(unsigned char *p, unsigned long v)
{
    p = put16(p, (unsigned)(v & 0xFFFF));
    return put16(p, (unsigned)(v >> 16));
}

/* A zip of one stored entry, word/document.xml, holding xml[0..n). */
static unsigned char *stored_zip(const uint8_t *xml, size_t n, size_t *len)
{
    static const char name[] = "word/document.xml";
    size_t nl = sizeof name - 1;
    unsigned long crc = crc32(0L, xml, (uInt)n);
    unsigned char *z = malloc(30 + nl + n + 46 + nl + 22);
    if (!z)
        return NULL;
    unsigned char *p = z;
    p = put32(p, 0x04034b50);
    p = put16(p, 20), p = put16(p, 0), p = put16(p, 0), p = put16(p, 0), p = put16(p, 0);
    p = put32(p, crc), p = put32(p, n), p = put32(p, n);
    p = put16(p, (unsigned)nl), p = put16(p, 0);
    memcpy(p, name, nl), p += nl;
    memcpy(p, xml, n), p += n;
    unsigned char *central = p;
    p = put32(p, 0x02014b50);
    p = put16(p, 20), p = put16(p, 20), p = put16(p, 0), p = put16(p, 0), p = put16(p, 0);
    p = put16(p, 0), p = put32(p, crc), p = put32(p, n), p = put32(p, n);
    p = put16(p, (unsigned)nl), p = put16(p, 0), p = put16(p, 0), p = put16(p, 0);
    p = put16(p, 0), p = put32(p, 0), p = put32(p, 0);
    memcpy(p, name, nl), p += nl;
    size_t central_len = (size_t)(p - central);
    p = put32(p, 0x06054b50);
    p = put16(p, 0), p = put16(p, 0), p = put16(p, 1), p = put16(p, 1);
    p = put32(p, central_len), p = put32(p, (unsigned long)(central - z)), p = put16(p, 0);
    *len = (size_t)(p - z);
    return z;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t len = 0;
    unsigned char *bytes;
    if (data[0] & 1) {
        len = size - 1;
        bytes = malloc(len ? len : 1);
        if (bytes)
            memcpy(bytes, data + 1, len);
    } else {
        bytes = stored_zip(data + 1, size - 1, &len);
    }
    if (!bytes)
        return 0;
    forms_parse((const char *)bytes, len, VNP_FORM_DOCX);
    free(bytes);
    return 0;
}
