/* What the form harnesses (fuzz_docx, fuzz_html) share: parse with the form
 * forced, write both formats, and hold the API to its contract. */
#ifndef VNPLAN_FUZZ_FORMS_H
#define VNPLAN_FUZZ_FORMS_H

#include "vnplan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void forms_require(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz: %s\n", what);
        abort();
    }
}

static void forms_parse(const char *bytes, size_t len, vnp_form form)
{
    vnp_options options = VNP_OPTIONS_INIT;
    options.form = form;
    vnp_document *doc = NULL;
    vnp_error err;
    vnp_status st = vnp_parse(bytes, len, "fuzz", &options, &doc, &err);
    if (st != VNP_OK) {
        forms_require(doc == NULL && err.status == st, "a failed parse left a document");
        forms_require(memchr(err.message, '\0', sizeof err.message) != NULL,
                      "error message is not terminated");
        return;
    }
    forms_require(doc && doc->source_form && strcmp(doc->source_form, vnp_form_string(form)) == 0,
                  "source_form is not the form forced");
    for (int xml = 0; xml <= 1; xml++) {
        char *out = NULL;
        size_t out_len = 0;
        st = xml ? vnp_write_xml(doc, 0, &out, &out_len) : vnp_write_json(doc, 0, &out, &out_len);
        forms_require(st == VNP_OK || st == VNP_ERR_NOMEM, "a writer failed");
        forms_require(st != VNP_OK || (out && strlen(out) == out_len), "writer output length");
        vnp_free(out);
    }
    vnp_document_free(doc);
}

#endif
