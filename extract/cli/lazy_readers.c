/* The libraries of the .docx and HTML readers, libzip (with libcrypto)
 * and libxml2 (with ICU), loaded when a document first needs them rather
 * than at start: loading them costs more than a plain-text document of a
 * few kilobytes does to read, and most inputs are plain text.
 *
 * Each function the library calls is defined here, hidden, under its own
 * name: it finds the real one once, then calls it. The names stay hidden
 * so that the loaded library still binds to its own functions. A name
 * missing here is taken from the library at link time instead, which
 * makes the library load at start again (the startup test catches that).
 * Built on ELF only, where the command links with --as-needed. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#pragma GCC visibility push(hidden)
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlreader.h>
#include <zip.h>

/* One library loaded on first use: its handle, or why there is none. */
typedef struct lazy_library {
    const char *soname;
    const char *needed_for;
    pthread_once_t once;
    void (*open)(void);
    void *handle;
    char error[256];
} lazy_library;

static void open_library(lazy_library *lib)
{
    lib->handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
    if (!lib->handle) {
        const char *why = dlerror();
        snprintf(lib->error, sizeof lib->error, "%s", why ? why : "not found");
    }
}

static void open_libxml2(void);
static void open_libzip(void);

static lazy_library libxml2 = {VNPLAN_LIBXML2_SONAME, ".docx and HTML input", PTHREAD_ONCE_INIT,
                               open_libxml2, NULL, ""};
static lazy_library libzip = {VNPLAN_LIBZIP_SONAME, ".docx input", PTHREAD_ONCE_INIT, open_libzip,
                              NULL, ""};

static void open_libxml2(void) { open_library(&libxml2); }
static void open_libzip(void) { open_library(&libzip); }

/* The address of name in lib, loading lib first. A library that cannot
 * be loaded leaves no way to read the input: the command stops with a
 * message that names what is missing. */
static void *library_symbol(lazy_library *lib, const char *name)
{
    pthread_once(&lib->once, lib->open);
    void *symbol = lib->handle ? dlsym(lib->handle, name) : NULL;
    if (!symbol) {
        fprintf(stderr, "vnplan: %s needs %s, which could not be loaded: %s\n", lib->needed_for,
                lib->soname, lib->handle ? name : lib->error);
        exit(EXIT_FAILURE);
    }
    return symbol;
}

/* library_symbol(), looked up once for each function. */
static void *cached_symbol(lazy_library *lib, _Atomic(void *) *slot, const char *name)
{
    void *symbol = atomic_load_explicit(slot, memory_order_acquire);
    if (!symbol) {
        symbol = library_symbol(lib, name);
        atomic_store_explicit(slot, symbol, memory_order_release);
    }
    return symbol;
}

/* The real function, as a pointer of its own type (ISO C has no cast
 * from an object pointer to a function pointer; POSIX makes the bytes
 * the same). */
#define REAL(lib, name)                                                                    \
    __typeof__(name) *real;                                                                \
    static _Atomic(void *) slot;                                                           \
    void *symbol = cached_symbol(&lib, &slot, #name);                                      \
    memcpy(&real, &symbol, sizeof real)

#define FORWARD(lib, type, name, params, args)                                             \
    type name params                                                                       \
    {                                                                                      \
        REAL(lib, name);                                                                   \
        return real args;                                                                  \
    }

#define FORWARD_VOID(lib, name, params, args)                                              \
    void name params                                                                       \
    {                                                                                      \
        REAL(lib, name);                                                                   \
        real args;                                                                         \
    }

/* ---- libxml2 ------------------------------------------------------------- */

FORWARD(libxml2, htmlParserCtxtPtr, htmlCreatePushParserCtxt,
        (htmlSAXHandlerPtr sax, void *user_data, const char *chunk, int size, const char *filename,
         xmlCharEncoding enc),
        (sax, user_data, chunk, size, filename, enc))
FORWARD(libxml2, int, htmlCtxtUseOptions, (htmlParserCtxtPtr ctxt, int options), (ctxt, options))
FORWARD_VOID(libxml2, htmlFreeParserCtxt, (htmlParserCtxtPtr ctxt), (ctxt))
FORWARD(libxml2, int, htmlParseChunk,
        (htmlParserCtxtPtr ctxt, const char *chunk, int size, int terminate),
        (ctxt, chunk, size, terminate))
FORWARD(libxml2, xmlParserCtxtPtr, xmlCreateIOParserCtxt,
        (xmlSAXHandlerPtr sax, void *user_data, xmlInputReadCallback ioread,
         xmlInputCloseCallback ioclose, void *ioctx, xmlCharEncoding enc),
        (sax, user_data, ioread, ioclose, ioctx, enc))
FORWARD(libxml2, int, xmlCtxtUseOptions, (xmlParserCtxtPtr ctxt, int options), (ctxt, options))
FORWARD(libxml2, xmlNodePtr, xmlDocGetRootElement, (const xmlDoc *doc), (doc))
FORWARD_VOID(libxml2, xmlFreeDoc, (xmlDocPtr cur), (cur))
FORWARD_VOID(libxml2, xmlFreeParserCtxt, (xmlParserCtxtPtr ctxt), (ctxt))
FORWARD_VOID(libxml2, xmlFreeTextReader, (xmlTextReaderPtr reader), (reader))
FORWARD(libxml2, xmlChar *, xmlGetNsProp,
        (const xmlNode *node, const xmlChar *name, const xmlChar *nameSpace),
        (node, name, nameSpace))
FORWARD(libxml2, xmlChar *, xmlGetProp, (const xmlNode *node, const xmlChar *name), (node, name))
FORWARD_VOID(libxml2, xmlInitParser, (void), ())
FORWARD(libxml2, xmlChar *, xmlNodeGetContent, (const xmlNode *cur), (cur))
FORWARD(libxml2, int, xmlParseDocument, (xmlParserCtxtPtr ctxt), (ctxt))
FORWARD(libxml2, xmlTextReaderPtr, xmlReaderForIO,
        (xmlInputReadCallback ioread, xmlInputCloseCallback ioclose, void *ioctx, const char *URL,
         const char *encoding, int options),
        (ioread, ioclose, ioctx, URL, encoding, options))
FORWARD_VOID(libxml2, xmlSetStructuredErrorFunc, (void *ctx, xmlStructuredErrorFunc handler),
             (ctx, handler))
FORWARD(libxml2, const xmlChar *, xmlTextReaderConstLocalName, (xmlTextReaderPtr reader), (reader))
FORWARD(libxml2, const xmlChar *, xmlTextReaderConstNamespaceUri, (xmlTextReaderPtr reader),
        (reader))
FORWARD(libxml2, const xmlChar *, xmlTextReaderConstValue, (xmlTextReaderPtr reader), (reader))
FORWARD(libxml2, xmlChar *, xmlTextReaderGetAttributeNs,
        (xmlTextReaderPtr reader, const xmlChar *localName, const xmlChar *namespaceURI),
        (reader, localName, namespaceURI))
FORWARD(libxml2, int, xmlTextReaderGetParserLineNumber, (xmlTextReaderPtr reader), (reader))
FORWARD(libxml2, int, xmlTextReaderIsEmptyElement, (xmlTextReaderPtr reader), (reader))
FORWARD(libxml2, int, xmlTextReaderNext, (xmlTextReaderPtr reader), (reader))
FORWARD(libxml2, int, xmlTextReaderNodeType, (xmlTextReaderPtr reader), (reader))
FORWARD(libxml2, int, xmlTextReaderRead, (xmlTextReaderPtr reader), (reader))
FORWARD_VOID(libxml2, xmlTextReaderSetStructuredErrorHandler,
             (xmlTextReaderPtr reader, xmlStructuredErrorFunc f, void *arg), (reader, f, arg))

#ifndef LIBXML_THREAD_ALLOC_ENABLED
/* xmlFree is a variable of libxml2's: what it frees was allocated there,
 * so libxml2 is loaded by then. */
static void free_with_libxml2(void *mem)
{
    xmlFreeFunc real_free;
    memcpy(&real_free, library_symbol(&libxml2, "xmlFree"), sizeof real_free);
    real_free(mem);
}

xmlFreeFunc xmlFree = free_with_libxml2;
#endif

/* ---- libzip -------------------------------------------------------------- */

FORWARD_VOID(libzip, zip_discard, (zip_t *archive), (archive))
FORWARD_VOID(libzip, zip_error_fini, (zip_error_t *error), (error))
FORWARD_VOID(libzip, zip_error_init, (zip_error_t *error), (error))
FORWARD(libzip, const char *, zip_error_strerror, (zip_error_t *error), (error))
FORWARD(libzip, int, zip_fclose, (zip_file_t *file), (file))
FORWARD(libzip, zip_file_t *, zip_fopen, (zip_t *archive, const char *name, zip_flags_t flags),
        (archive, name, flags))
FORWARD(libzip, zip_int64_t, zip_fread, (zip_file_t *file, void *buf, zip_uint64_t n),
        (file, buf, n))
FORWARD(libzip, zip_t *, zip_open_from_source, (zip_source_t *source, int flags, zip_error_t *error),
        (source, flags, error))
FORWARD(libzip, zip_source_t *, zip_source_buffer_create,
        (const void *data, zip_uint64_t len, int freep, zip_error_t *error),
        (data, len, freep, error))
FORWARD_VOID(libzip, zip_source_free, (zip_source_t *source), (source))
FORWARD(libzip, int, zip_stat,
        (zip_t *archive, const char *name, zip_flags_t flags, zip_stat_t *stat),
        (archive, name, flags, stat))
FORWARD_VOID(libzip, zip_stat_init, (zip_stat_t *stat), (stat))

#pragma GCC visibility pop
