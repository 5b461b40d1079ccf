/* libFuzzer harness: any bytes read as an HTML page (the form forced). */
#include "fuzz_forms.h"

#include <stdint.h>

#include "fuzz_init.h"
#include <libxml/parser.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size ? size : 1); /* exact size: ASan sees a read past it */
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    forms_parse(copy, size, VNP_FORM_HTML);
    free(copy);
    return 0;
}
