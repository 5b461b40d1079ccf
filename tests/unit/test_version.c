/* The versions a program finds at run time: the library's is the project's
 * and the header's, the output format's is the one both writers stamp and
 * both schemas require. */
#include "unit_helpers.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#ifndef VNPLAN_PROJECT_VERSION
#error "tests/CMakeLists.txt passes the project version"
#endif

static void test_library_version(void **state)
{
    (void)state;
    assert_str(vnp_version(), VNPLAN_PROJECT_VERSION);
    assert_str(vnp_version(), VNPLAN_VERSION);
    assert_ptr_equal(vnp_version(), vnp_version()); /* a static string */
}

static void test_format_version(void **state)
{
    (void)state;
    assert_str(vnp_format_version(), VNPLAN_FORMAT_VERSION);
    assert_ptr_equal(vnp_format_version(), vnp_format_version());
}

static void test_json_stamps_the_format_version(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(sample_plan());
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(vnp_write_json(doc, VNP_WRITE_COMPACT, &out, &len), VNP_OK);
    char want[96];
    snprintf(want, sizeof want, "{\"format\":{\"name\":\"vnplan\",\"version\":\"%s\"}",
             vnp_format_version());
    assert_int_equal(strncmp(out, want, strlen(want)), 0);
    vnp_free(out);
    vnp_document_free(doc);
}

static void test_xml_stamps_the_format_version(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(sample_plan());
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(vnp_write_xml(doc, 0, &out, &len), VNP_OK);
    xmlDocPtr x = xmlReadMemory(out, (int)len, "out.xml", NULL, XML_PARSE_NONET);
    assert_non_null(x);
    xmlNodePtr root = xmlDocGetRootElement(x);
    assert_non_null(root);
    xmlChar *version = xmlGetProp(root, (const xmlChar *)"version");
    assert_str((const char *)version, vnp_format_version());
    xmlFree(version);
    xmlFreeDoc(x);
    vnp_free(out);
    vnp_document_free(doc);
}

/* The value of attribute `version` of the XSD's root element. */
static void test_xml_schema_fixes_the_format_version(void **state)
{
    (void)state;
    xmlDocPtr x = xmlReadFile(VNPLAN_ROOT "/schema/vnplan.xsd", NULL, XML_PARSE_NONET);
    assert_non_null(x);
    bool seen = false;
    xmlNodePtr el = xmlDocGetRootElement(x)->children;
    for (; el; el = el->next) /* the top-level xs:element named vnplan */
        if (el->type == XML_ELEMENT_NODE && xmlStrcmp(el->name, (const xmlChar *)"element") == 0)
            break;
    assert_non_null(el);
    for (xmlNodePtr n = el; n;) { /* depth-first through the element's type */
        if (n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, (const xmlChar *)"attribute") == 0) {
            xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
            if (name && xmlStrcmp(name, (const xmlChar *)"version") == 0) {
                xmlChar *fixed = xmlGetProp(n, (const xmlChar *)"fixed");
                assert_str((const char *)fixed, vnp_format_version());
                xmlFree(fixed);
                seen = true;
            }
            xmlFree(name);
        }
        if (n->children) {
            n = n->children;
            continue;
        }
        while (n != el && !n->next)
            n = n->parent;
        n = n == el ? NULL : n->next;
    }
    assert_true(seen);
    xmlFreeDoc(x);
}

/* "format": {... "version": {... "const": "1.0"}} in the JSON Schema. */
static void test_json_schema_fixes_the_format_version(void **state)
{
    (void)state;
    FILE *f = fopen(VNPLAN_ROOT "/schema/vnplan.schema.json", "rb");
    assert_non_null(f);
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    const char *format = strstr(text, "\"format\"");
    assert_non_null(format);
    const char *version = strstr(format, "\"version\"");
    assert_non_null(version);
    const char *constant = strstr(version, "\"const\"");
    assert_non_null(constant);
    const char *open = strchr(constant + strlen("\"const\""), '"');
    assert_non_null(open);
    const char *close = strchr(open + 1, '"');
    assert_non_null(close);
    assert_int_equal((size_t)(close - open - 1), strlen(vnp_format_version()));
    assert_memory_equal(open + 1, vnp_format_version(), strlen(vnp_format_version()));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_library_version),
        cmocka_unit_test(test_format_version),
        cmocka_unit_test(test_json_stamps_the_format_version),
        cmocka_unit_test(test_xml_stamps_the_format_version),
        cmocka_unit_test(test_xml_schema_fixes_the_format_version),
        cmocka_unit_test(test_json_schema_fixes_the_format_version),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return failed;
}
