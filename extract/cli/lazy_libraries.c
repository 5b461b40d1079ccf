/* The libraries of the .docx and HTML readers, libzip (with libcrypto)
 * and libxml2 (with ICU), and the index's, SQLite, loaded when they are
 * first needed rather than at start: loading them costs more than a
 * plain-text document of a few kilobytes does to read, and most runs
 * read plain text only.
 *
 * Each function the library calls is defined here, hidden, under its own
 * name: it finds the real one once, then calls it. The names stay hidden
 * so that the loaded library still binds to its own functions. A name
 * missing here is taken from the library at link time instead, which
 * makes the library load at start again (the startup test catches that).
 * Built on ELF only, where the command links with --as-needed. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
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
#include <sqlite3.h>
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
static void open_sqlite3(void);

static lazy_library libxml2 = {VNPLAN_LIBXML2_SONAME, ".docx and HTML input", PTHREAD_ONCE_INIT,
                               open_libxml2, NULL, ""};
static lazy_library libzip = {VNPLAN_LIBZIP_SONAME, ".docx input", PTHREAD_ONCE_INIT, open_libzip,
                              NULL, ""};

static lazy_library libsqlite3 = {VNPLAN_SQLITE3_SONAME, "the index", PTHREAD_ONCE_INIT,
                               open_sqlite3, NULL, ""};

static void open_libxml2(void) { open_library(&libxml2); }
static void open_libzip(void) { open_library(&libzip); }
static void open_sqlite3(void) { open_library(&libsqlite3); }

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

/* ---- SQLite -------------------------------------------------------------- */

FORWARD(libsqlite3, int, sqlite3_bind_int, (sqlite3_stmt * stmt, int i, int value), (stmt, i, value))
FORWARD(libsqlite3, int, sqlite3_bind_int64, (sqlite3_stmt * stmt, int i, sqlite3_int64 value),
        (stmt, i, value))
FORWARD(libsqlite3, int, sqlite3_bind_parameter_index, (sqlite3_stmt * stmt, const char *name),
        (stmt, name))
FORWARD(libsqlite3, int, sqlite3_bind_text,
        (sqlite3_stmt * stmt, int i, const char *text, int n, void (*destructor)(void *)),
        (stmt, i, text, n, destructor))
FORWARD(libsqlite3, int, sqlite3_bind_text64,
        (sqlite3_stmt * stmt, int i, const char *text, sqlite3_uint64 n,
         void (*destructor)(void *), unsigned char encoding),
        (stmt, i, text, n, destructor, encoding))
FORWARD(libsqlite3, int, sqlite3_busy_timeout, (sqlite3 * db, int ms), (db, ms))
FORWARD(libsqlite3, int, sqlite3_changes, (sqlite3 * db), (db))
FORWARD(libsqlite3, int, sqlite3_close, (sqlite3 * db), (db))
FORWARD(libsqlite3, int, sqlite3_column_int, (sqlite3_stmt * stmt, int column), (stmt, column))
FORWARD(libsqlite3, sqlite3_int64, sqlite3_column_int64, (sqlite3_stmt * stmt, int column),
        (stmt, column))
FORWARD(libsqlite3, const unsigned char *, sqlite3_column_text, (sqlite3_stmt * stmt, int column),
        (stmt, column))
FORWARD(libsqlite3, int, sqlite3_create_function,
        (sqlite3 * db, const char *name, int n_arg, int text_rep, void *app,
         void (*func)(sqlite3_context *, int, sqlite3_value **),
         void (*step)(sqlite3_context *, int, sqlite3_value **),
         void (*final)(sqlite3_context *)),
        (db, name, n_arg, text_rep, app, func, step, final))
FORWARD(libsqlite3, int, sqlite3_db_readonly, (sqlite3 * db, const char *name), (db, name))
FORWARD(libsqlite3, int, sqlite3_errcode, (sqlite3 * db), (db))
FORWARD(libsqlite3, const char *, sqlite3_errmsg, (sqlite3 * db), (db))
FORWARD(libsqlite3, int, sqlite3_exec,
        (sqlite3 * db, const char *sql, int (*callback)(void *, int, char **, char **), void *arg,
         char **errmsg),
        (db, sql, callback, arg, errmsg))
FORWARD(libsqlite3, int, sqlite3_extended_result_codes, (sqlite3 * db, int onoff), (db, onoff))
FORWARD(libsqlite3, int, sqlite3_finalize, (sqlite3_stmt * stmt), (stmt))
FORWARD_VOID(libsqlite3, sqlite3_free, (void *mem), (mem))
FORWARD(libsqlite3, int, sqlite3_get_autocommit, (sqlite3 * db), (db))
FORWARD(libsqlite3, sqlite3_int64, sqlite3_last_insert_rowid, (sqlite3 * db), (db))
FORWARD(libsqlite3, char *, sqlite3_vmprintf, (const char *format, va_list args), (format, args))
FORWARD(libsqlite3, int, sqlite3_open_v2,
        (const char *filename, sqlite3 **db, int flags, const char *vfs),
        (filename, db, flags, vfs))
FORWARD(libsqlite3, int, sqlite3_prepare_v2,
        (sqlite3 * db, const char *sql, int n, sqlite3_stmt **stmt, const char **tail),
        (db, sql, n, stmt, tail))
FORWARD_VOID(libsqlite3, sqlite3_result_error, (sqlite3_context * ctx, const char *message, int n),
             (ctx, message, n))
FORWARD_VOID(libsqlite3, sqlite3_result_null, (sqlite3_context * ctx), (ctx))
FORWARD_VOID(libsqlite3, sqlite3_result_text,
             (sqlite3_context * ctx, const char *text, int n, void (*destructor)(void *)),
             (ctx, text, n, destructor))
FORWARD(libsqlite3, int, sqlite3_step, (sqlite3_stmt * stmt), (stmt))
FORWARD(libsqlite3, int, sqlite3_value_bytes, (sqlite3_value * value), (value))
FORWARD(libsqlite3, const unsigned char *, sqlite3_value_text, (sqlite3_value * value), (value))
FORWARD(libsqlite3, int, sqlite3_value_type, (sqlite3_value * value), (value))

/* A variadic function cannot pass its arguments on: it goes through the
 * va_list form. */
char *sqlite3_mprintf(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    char *text = sqlite3_vmprintf(format, args);
    va_end(args);
    return text;
}

#pragma GCC visibility pop
