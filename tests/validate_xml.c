/* validate_xml SCHEMA.xsd FILE.xml...: validates each file against the XML
 * Schema with libxml2. Prints "FILE: ok" or each error as "file:line: ...".
 * Exit status: 0 all valid, 1 a file is invalid or unreadable, 2 usage or
 * an unusable schema. */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlversion.h>

/* libxml2 2.12 made the error argument const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *error_ptr;
#else
typedef xmlErrorPtr error_ptr;
#endif

/* Prints one libxml2 error as file:line: message. user is the name of the
 * file being read, used when libxml2 does not say which file it means. */
static void print_error(void *user, error_ptr e)
{
    const char *file = e->file ? e->file : (const char *)user;
    const char *msg = e->message ? e->message : "unknown error\n";
    size_t n = strlen(msg);
    if (n && msg[n - 1] == '\n')
        n--; /* libxml2 messages end with a newline; print exactly one */
    if (e->line > 0)
        fprintf(stderr, "%s:%d: %.*s\n", file ? file : "?", e->line, (int)n, msg);
    else
        fprintf(stderr, "%s: %.*s\n", file ? file : "?", (int)n, msg);
}

/* Parse errors of the instance come through the global handler, schema
 * errors through the context: route both to print_error. */
static void set_handlers(xmlSchemaValidCtxtPtr vctx, const char *file)
{
    xmlSetStructuredErrorFunc((void *)file, print_error);
    xmlSchemaSetValidStructuredErrors(vctx, print_error, (void *)file);
}

static xmlSchemaPtr load_schema(const char *path)
{
    xmlSchemaParserCtxtPtr pctx = xmlSchemaNewParserCtxt(path);
    if (!pctx)
        return NULL;
    xmlSetStructuredErrorFunc((void *)path, print_error);
    xmlSchemaSetParserStructuredErrors(pctx, print_error, (void *)path);
    xmlSchemaPtr schema = xmlSchemaParse(pctx);
    xmlSchemaFreeParserCtxt(pctx);
    return schema;
}

/* Returns 0 when the file is valid, 1 otherwise. */
static int validate_one(xmlSchemaValidCtxtPtr vctx, const char *file)
{
    /* xmlSchemaValidateFile reports a missing file only as an internal
     * error; check first so the message says what went wrong. */
    FILE *f = fopen(file, "rb");
    if (!f) {
        perror(file);
        return 1;
    }
    fclose(f);
    set_handlers(vctx, file);
    int rc = xmlSchemaValidateFile(vctx, file, 0);
    if (rc == 0) {
        printf("%s: ok\n", file);
        return 0;
    }
    if (rc < 0)
        fprintf(stderr, "%s: not validated: not well-formed or not readable\n", file);
    else
        fprintf(stderr, "%s: invalid\n", file);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: validate_xml SCHEMA.xsd FILE.xml...\n");
        return 2;
    }
    LIBXML_TEST_VERSION
    xmlSchemaPtr schema = load_schema(argv[1]);
    if (!schema) {
        fprintf(stderr, "%s: cannot load the schema\n", argv[1]);
        xmlCleanupParser();
        return 2;
    }
    xmlSchemaValidCtxtPtr vctx = xmlSchemaNewValidCtxt(schema);
    if (!vctx) {
        fprintf(stderr, "validate_xml: out of memory\n");
        xmlSchemaFree(schema);
        xmlCleanupParser();
        return 2;
    }
    int failed = 0;
    for (int i = 2; i < argc; i++)
        failed |= validate_one(vctx, argv[i]);
    xmlSchemaFreeValidCtxt(vctx);
    xmlSchemaFree(schema);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlCleanupParser();
    return failed ? 1 : 0;
}
