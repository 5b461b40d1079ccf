/*
 * vnplan: read Vietnamese provincial plan documents into tracked data.
 *
 * The library parses one document (UTF-8 text, a legacy Vietnamese
 * encoding, .docx, .doc, HTML or PDF) into a vnp_document, and writes it as
 * JSON or XML. The library never prints and never aborts; every failure is
 * a status. Its output does not depend on the caller's locale (numbers are
 * read and written with a '.' whatever LC_NUMERIC says).
 *
 * Ownership. A vnp_document and everything reachable from it (strings,
 * arrays, the structs in them) are the document's: read-only for the
 * caller, valid until vnp_document_free(doc), which frees them all at once;
 * none may be freed alone. Buffers the writers return are the caller's
 * (see vnp_write_json()); so are the string of vnp_match_key() and what
 * vnp_due_parse() puts in a caller's vnp_due. Every pointer the caller
 * passes in (bytes, names, options, the allocator struct) is only read
 * during the call: the library keeps copies. Strings given as "static"
 * live as long as the program.
 *
 * Memory. Every allocation made for a document (its parse, its writers,
 * its free) goes through vnp_options.allocator when one is given, else the
 * C library's malloc/realloc/free. Not through it: the caches shared by all
 * documents (below), built once with malloc; libxml2 and libzip, whose
 * allocators are process-wide, while a .docx, .doc or HTML input is read
 * (all of it freed before vnp_parse() returns); the FILE of vnp_parse_file()
 * (stdio's); glibc's iconv, which reads its tables once per process; the
 * executable memory PCRE2's JIT maps for the patterns of a caller's grammar
 * folder; and what the pdftotext and soffice processes use.
 *
 * Threads. Different documents may be parsed, written and freed in as many
 * threads at once as the caller likes, with no lock of the caller's; one
 * document may be written or read by several threads at once (the writers
 * only read it), but not freed while another thread uses it. Shared between
 * threads, behind the library's own locks: the compiled built-in grammars
 * (PCRE2 codes, JIT-compiled once per process), the lexicons read from
 * the embedded grammar files, and tables built once (letters, hash key,
 * glibc's encoding tables). Per document: everything else, the PCRE2 match
 * data and match context included. tests/api/threads.c checks this under
 * ThreadSanitizer (make tsan).
 *
 * Growing without breaking binaries. The structs come in four kinds:
 *   - caller-filled (vnp_options): the first field, size, is set to
 *     sizeof(vnp_options) by the caller (VNP_OPTIONS_INIT does it). New
 *     fields are added only at the end; the library reads the fields the
 *     caller's size covers and gives the others their defaults, and
 *     refuses (VNP_ERR_ARGUMENT) a size it does not know whose bytes past
 *     its own struct are not all zero.
 *   - results in arrays (vnp_reference, vnp_table, vnp_record, ...): new
 *     fields are added only at the end of a struct, so its size changes:
 *     a program reads the elements of an array through the accessor of that
 *     array (vnp_document_reference(doc, i), vnp_table_record(table, i),
 *     ...), which knows the stride, never as array[i], which bakes the size
 *     of the header it was built with into the program. The array pointers
 *     stay in the structs for the library itself.
 *   - vnp_document, reached only through the pointer vnp_parse() gives:
 *     new fields are added at its end.
 *   - fixed (vnp_error, vnp_allocator, vnp_date, vnp_ymd, vnp_due,
 *     vnp_quantity, vnp_signer, vnp_issuer, vnp_province): held by value
 *     in the caller's memory or inside another struct, they never change;
 *     what they might gain later comes as new fields at the end of the
 *     struct that holds them, or through new functions.
 * Enums only grow at the end (a cell role before VNP_CELL_ROLES, which
 * counts them), and a record's cells have room for more roles
 * (VNP_CELL_SLOTS) than there are. One exception, before 0.2.0 was
 * released: the record's cells, an array of VNP_CELL_SLOTS pointers mostly
 * NULL, became the cells the record has (vnp_record.cell_roles and
 * .cells); vnp_record_cell() reads them as before. And in 0.2.0 too: a
 * record's due and quantity, held by value beside has_due and has_quantity,
 * became pointers (vnp_record.due, .quantity), NULL when the record has
 * none, so that the many records without them do not carry their bytes;
 * kind and cell_roles moved to the end of vnp_record, where they pack.
 */
#ifndef VNPLAN_H
#define VNPLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Every name declared below is the library's API, and the only one the
 * shared library exports: it is built with hidden visibility. */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(default)
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define VNPLAN_VERSION "0.2.0"
/* Version of the JSON and XML output format (schema/vnplan.*). */
#define VNPLAN_FORMAT_VERSION "1.0"

typedef enum vnp_status {
    VNP_OK = 0,
    VNP_ERR_NOMEM,       /* an allocation failed */
    VNP_ERR_UTF8,        /* invalid UTF-8 and replacement was not asked for */
    VNP_ERR_BINARY,      /* a NUL byte: the input is not text */
    VNP_ERR_TOO_LARGE,   /* the input exceeds VNP_MAX_INPUT_BYTES */
    VNP_ERR_IO,          /* reading or writing a file failed */
    VNP_ERR_ARGUMENT,    /* a NULL or inconsistent argument */
    VNP_ERR_FORMAT       /* a document form that cannot be read: a .docx, .doc or HTML
                          * input that is not one (a broken or truncated zip, a part
                          * that is not XML, a part past its size limit, no converter
                          * for .doc), or a PDF with no text layer, damaged, or its
                          * reader (pdftotext) missing; the message says */
} vnp_status;

/* Named resource limits: reaching one gives a diagnostic or an error. */
#define VNP_MAX_INPUT_BYTES ((size_t)1 << 30) /* 1 GiB of input */
#define VNP_MAX_LINE_BYTES ((size_t)1 << 26)  /* longer lines are cut, with a diagnostic */

/* Option bits for vnp_options.flags. */
#define VNP_OPT_REPLACE_INVALID 0x1u /* invalid UTF-8 becomes U+FFFD, with a diagnostic */

/* The form of an input. VNP_FORM_AUTO tells it by the bytes: a zip
 * holding word/document.xml is .docx, the OLE2 signature .doc (Word 97,
 * read through LibreOffice's soffice when installed), "%PDF" PDF, an HTML
 * document or a text heavy with <table> markup HTML, anything else text. */
typedef enum vnp_form {
    VNP_FORM_AUTO = 0, VNP_FORM_TEXT, VNP_FORM_DOCX, VNP_FORM_DOC, VNP_FORM_HTML, VNP_FORM_PDF
} vnp_form;

/* An allocator for everything a document needs (yyjson's yyjson_alc
 * shape): malloc and realloc return NULL when out of memory, which the
 * library turns into VNP_ERR_NOMEM; realloc is told the block's old size
 * (for pool allocators); free is never given NULL. ctx is passed to each.
 * The struct is copied at parse time; ctx and the functions must stay
 * usable until the document and the buffers written from it are freed.
 * The functions may be called from the threads that use the document. */
typedef struct vnp_allocator {
    void *(*malloc)(void *ctx, size_t size);
    void *(*realloc)(void *ctx, void *ptr, size_t old_size, size_t size);
    void (*free)(void *ctx, void *ptr);
    void *ctx;
} vnp_allocator;

/* How to parse. Caller-filled: start from VNP_OPTIONS_INIT (or set size to
 * sizeof(vnp_options) and zero the rest), then set what differs. A size of
 * 0 or below the 0.2.0 struct is VNP_ERR_ARGUMENT. */
typedef struct vnp_options {
    size_t size; /* sizeof(vnp_options), as the caller was built */
    unsigned flags;
    vnp_form form; /* VNP_FORM_AUTO (0): told by the bytes; otherwise forced */
    /* A folder of grammar and lexicon files (the layout of grammars/) that
     * replace the built-in ones file by file; NULL for the built-in set. */
    const char *grammar_dir;
    /* The encoding of a text input: NULL or "auto" to detect it (valid
     * UTF-8 stays UTF-8; other bytes are read in the legacy Vietnamese
     * encoding whose words are most often Vietnamese syllables), or one of
     * "UTF-8", "TCVN3" (TCVN 5712, the ABC fonts), "VNI", "VISCII", "VPS",
     * "CP1258" (Windows-1258), in any case, to read it so; another name is
     * VNP_ERR_ARGUMENT. A legacy encoding forced on a text that reads far
     * better otherwise is VNP_ERR_ARGUMENT too. */
    const char *encoding;
    /* The allocator of the document (see vnp_allocator); NULL for the C
     * library's. Its three functions must all be set. */
    const vnp_allocator *allocator;
    /* 0.2.0 ends here: new options go below, each with its default at 0 */
} vnp_options;

#define VNP_OPTIONS_INIT {sizeof(vnp_options), 0, VNP_FORM_AUTO, NULL, NULL, NULL}

/* Where parsing stopped when it failed: 1-based line and column (in
 * characters), and the 0-based byte offset of the offending byte. The
 * caller's, filled by the library; fixed (it never grows). */
typedef struct vnp_error {
    vnp_status status;
    size_t line;
    size_t column;
    size_t offset;
    char message[200];
} vnp_error;

typedef enum vnp_severity { VNP_SEV_NOTE, VNP_SEV_WARNING, VNP_SEV_ERROR } vnp_severity;

/* The code of a diagnostic: what kind of finding it is, for programs to
 * select on. Append-only: a value keeps its number and meaning for ever, a
 * new code is added at the end (docs/diagnostics.md lists each with its
 * severity and meaning; a code the library no longer gives stays, retired).
 * vnp_diag_code_string() gives its stable name, the one written in JSON
 * (`diagnostics[].code`), XML and on stderr. */
typedef enum vnp_diag_code {
    VNP_DIAG_UTF8_REPLACED = 0, /* "utf8-replaced" */
    VNP_DIAG_LINE_TOO_LONG, /* "line-too-long" */
    VNP_DIAG_BAD_DATE, /* "bad-date" */
    VNP_DIAG_NO_TYPE, /* "no-type" */
    VNP_DIAG_NO_SIGNATURE, /* "no-signature" */
    VNP_DIAG_IMPOSSIBLE_DATE, /* "impossible-date" */
    VNP_DIAG_GRAMMAR, /* "grammar" */
    VNP_DIAG_MATCH_LIMIT, /* "match-limit" */
    VNP_DIAG_CONFLICTING_DATE, /* "conflicting-date" */
    VNP_DIAG_CONFLICTING_ISSUER, /* "conflicting-issuer" */
    VNP_DIAG_MALFORMED_YEAR, /* "malformed-year" */
    VNP_DIAG_YEAR_MISMATCH, /* "year-mismatch" */
    VNP_DIAG_SYMBOL_REPAIRED, /* "symbol-repaired" */
    VNP_DIAG_TYPE_CODE_MISMATCH, /* "type-code-mismatch" */
    VNP_DIAG_ISSUER_MISMATCH, /* "issuer-mismatch" */
    VNP_DIAG_TERM_MISMATCH, /* "term-mismatch" */
    VNP_DIAG_CITED_AFTER_DOCUMENT, /* "cited-after-document" */
    VNP_DIAG_AGENCY_LIMIT, /* "agency-limit" */
    VNP_DIAG_ENCODING, /* "encoding" */
    VNP_DIAG_SITE_FRAME, /* "site-frame" */
    VNP_DIAG_ENCODING_UNCERTAIN, /* "encoding-uncertain" */
    VNP_DIAG_ENCODING_MIXED, /* "encoding-mixed" */
    VNP_DIAG_PDF_DAMAGED, /* "pdf-damaged" */
    /* the codes of 0.2.0: a new one goes below, with its name in a comment */
    VNP_DIAG_ENCODING_IGNORED, /* "encoding-ignored" */
} vnp_diag_code;

typedef struct vnp_diagnostic {
    vnp_severity severity;
    const char *code;    /* vnp_diag_code_string(id), e.g. "utf8-replaced": a static string */
    size_t line;         /* 1-based source line, 0 when not tied to a line */
    const char *message; /* for people; may change between versions */
    vnp_diag_code id;    /* the code as a value (added in 0.2.0) */
} vnp_diagnostic;

/* A calendar date; 0 in a field means the document leaves it blank.
 * Fixed; held by value in vnp_document and vnp_reference. */
typedef struct vnp_date {
    int year;
    int month;
    int day;
    const char *text; /* the date as written, NULL when absent */
    size_t line;
} vnp_date;

/* A paragraph or list item with the lines it spans. Here and in every
 * struct below, the strings and arrays are the document's (see the top of
 * this file); NULL stands for "none" where a comment says so. */
typedef struct vnp_text {
    size_t line;
    size_t end_line;
    const char *text;
} vnp_text;

typedef struct vnp_heading {
    size_t line;
    int level;          /* 1 for the outermost heading style met */
    const char *style;  /* "roman", "arabic", "decimal2", "letter", "article"... */
    const char *number; /* "I", "2.1", "a", "Điều 3"... as written, no dot */
    const char *title;
    size_t parent;      /* index + 1 of the enclosing heading, 0 at top */
} vnp_heading;

typedef struct vnp_footnote {
    size_t line;
    const char *marker;
    const char *text;
    size_t ref_line;    /* line of the paragraph that carries the marker, 0 if none */
} vnp_footnote;

typedef struct vnp_annex {
    size_t line;
    size_t end_line;
    const char *label;   /* "Phụ lục I", "DANH MỤC", "Biểu mẫu 3" */
    const char *caption; /* the caption lines joined, NULL if none */
} vnp_annex;

typedef struct vnp_signer {
    const char *authority; /* "KT.", "TM.", "TL.", "Q.", "TUQ." or NULL */
    const char *on_behalf_of; /* "GIÁM ĐỐC" in "KT. GIÁM ĐỐC", or NULL */
    const char *title;     /* "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC" */
    const char *name;
    size_t line;
} vnp_signer;

/* Where a reference stands: in the legal-basis preamble, the body, an
 * annex or form, or a footnote. */
typedef enum vnp_role { VNP_ROLE_BASIS, VNP_ROLE_BODY, VNP_ROLE_ANNEX, VNP_ROLE_FOOTNOTE } vnp_role;

/* One mention of a legal or administrative document. */
typedef struct vnp_reference {
    size_t line;            /* where the mention starts */
    size_t column;          /* 1-based, in characters of the normalised line */
    const char *type;       /* "Nghị quyết": the type word as written, first letter in
                             * capitals; the head word of a compound type */
    const char *type_code;  /* "NQ"; NULL for types without a code (Luật, Công văn) */
    const char *number;     /* "76", "66.7", "05" as written; NULL for a law cited by name */
    int year;               /* year inside the symbol (2025 in 118/2025/NĐ-CP), else 0 */
    const char *symbol;     /* canonical: "NQ-CP", "NQ/TW", "QH15" */
    const char *symbol_raw; /* as written, when it differs from symbol */
    vnp_date date;          /* issuing date that follows the mention */
    const char *issuer;     /* as written after "của" */
    const char *title;      /* "về ..." / "ban hành ..." / a law's name */
    vnp_role role;
    const char *text;       /* the mention as written, type word through date or symbol */
    size_t cited;           /* index + 1 into cited_documents */
} vnp_reference;

/* One cited document: the mentions that name it, merged. */
typedef struct vnp_cited_document {
    const char *key;        /* stable identity, e.g. "NQ|76||NQ-CP" */
    const char *type;
    const char *type_code;
    const char *number;
    int year;
    const char *symbol;
    vnp_date date;
    const char *issuer;
    const char *title;
    unsigned roles;         /* bit (1 << vnp_role) for each role it is cited in */
    size_t *mentions;       /* indices into references (size_t: index it directly) */
    size_t mention_count;
} vnp_cited_document;

/* What a table column holds. */
typedef enum vnp_cell_role {
    VNP_CELL_NUMBER, VNP_CELL_OBJECTIVE, VNP_CELL_TASK, VNP_CELL_ACTIVITY, VNP_CELL_OUTPUT,
    VNP_CELL_LEAD, VNP_CELL_SUPPORT, VNP_CELL_START, VNP_CELL_DEADLINE, VNP_CELL_NOTE,
    VNP_CELL_INDICATOR, VNP_CELL_UNIT, VNP_CELL_VALUE, VNP_CELL_OTHER,
    VNP_CELL_ROLES /* the roles this header knows; roles are added before it */
} vnp_cell_role;
/* The roles a record can hold cells of (bits of vnp_record.cell_roles):
 * roles added later take the free ones, so the record never changes. */
#define VNP_CELL_SLOTS 24

typedef struct vnp_column {
    const char *header; /* as written; "Thời gian / Bắt đầu" for two-level headers */
    vnp_cell_role role;
} vnp_column;

typedef enum vnp_record_kind {
    VNP_RECORD_SECTION, VNP_RECORD_GROUP, VNP_RECORD_TASK, VNP_RECORD_INDICATOR
} vnp_record_kind;

/* A calendar day; zeros when absent. */
typedef struct vnp_ymd {
    int year, month, day;
} vnp_ymd;

typedef enum vnp_due_kind {
    VNP_DUE_NONE, VNP_DUE_DATE, VNP_DUE_MONTH, VNP_DUE_QUARTER, VNP_DUE_YEAR, VNP_DUE_RANGE,
    VNP_DUE_BEFORE, VNP_DUE_ONGOING, VNP_DUE_AFTER, VNP_DUE_AS_DIRECTED, VNP_DUE_PERIODIC,
    VNP_DUE_ON_OCCURRENCE, VNP_DUE_MULTIPLE
} vnp_due_kind;

/* A time cell read as dates: first and last day (inclusive), a yearly
 * recurrence (start and end are then the first occurrence, repeated each
 * year until `until`), and the words that make it conditional.
 *
 * Who owns `condition`: in a record's due (*vnp_record.due), the document,
 * until vnp_document_free(); in a due filled by vnp_due_parse(), that due,
 * until vnp_due_clear(). `owned` tells the two apart and is not for the
 * caller: vnp_due_clear() frees only what vnp_due_parse() allocated, so it
 * is harmless (it does nothing) on a record's due. */
/* Fixed: held by the document for a record (vnp_record.due) and by value
 * in the caller's memory. */
typedef struct vnp_due {
    vnp_due_kind kind;
    vnp_ymd start, end;
    const char *recurrence; /* "yearly" (a static string) or NULL */
    vnp_ymd until;
    const char *condition;  /* "theo kế hoạch", or NULL */
    void *owned;            /* private: NULL when the due owns nothing */
} vnp_due;

/* Reads a time cell in the plan's period (years 0..9999; one may be 0),
 * as the built-in time grammar (grammars/time.pcre) reads it: text that
 * is not UTF-8 names no time. Whenever out is not NULL, *out is filled (kind VNP_DUE_NONE on any
 * failure, and for text that names no time or is longer than 4,096 bytes)
 * and must be given to vnp_due_clear() once read. Returns VNP_OK,
 * VNP_ERR_ARGUMENT for a NULL text or out or a year out of range, or
 * VNP_ERR_NOMEM. text is only read during the call. */
vnp_status vnp_due_parse(const char *text, int period_from, int period_to, vnp_due *out);
/* Frees what vnp_due_parse() put in *due (its condition) and sets *due to
 * kind VNP_DUE_NONE; clearing twice is harmless. NULL, a zeroed due and a
 * due vnp_due_parse() did not fill (a record's) are left as they are. */
void vnp_due_clear(vnp_due *due);
/* "none", "date", ...: a static string; "none" for a value out of range. */
const char *vnp_due_kind_string(vnp_due_kind kind);

/* An agency named in a lead or support cell. */
typedef struct vnp_agency {
    const char *name; /* as written */
    const char *key;  /* groups spellings of one agency: lower case, no tone marks */
} vnp_agency;

/* The number an indicator row reports. */
typedef struct vnp_quantity {
    double value;
    const char *unit;  /* "%", "Người"...; NULL when the unit cell is a code list */
    const char *code;  /* the answer a coded value stands for ("Có" for 1), or NULL */
} vnp_quantity;

/* The cell of a column that is no task field (role "other"), kept apart. */
typedef struct vnp_other_cell {
    size_t column;    /* 1-based column of the table */
    const char *text; /* as written */
} vnp_other_cell;

/* One record of an annex table, after page breaks were rejoined. A
 * document holds one per table row, so the record is kept small (112
 * bytes on x86-64): its position, line and counts take 32 bits, since a
 * document has at most VNP_MAX_INPUT_BYTES (1 GiB) and none passes
 * UINT32_MAX. */
typedef struct vnp_record {
    const char *number;     /* the STT as written ("1", "4.2", "a)", "III"), NULL if none */
    const char *section;    /* "II. Cải cách thủ tục hành chính" for rows under a section */
    const char *parent;     /* number of the enclosing group or task ("4" for "4.1") */
    const char *title;      /* the text of a section or group row */
    const char **cells;                /* the texts of the cells the record has, as
                                        * written, in the order of their roles (NULL
                                        * when none): read a role's with
                                        * vnp_record_cell() */
    vnp_other_cell *other;             /* one per filled column of role "other" */
    vnp_agency *lead, *support;        /* the lead and support cells split into agencies */
    vnp_due *due;                      /* the time cells read as dates; NULL when they
                                        * name none */
    vnp_quantity *quantity;            /* an indicator's value as a number; NULL when
                                        * the record has none */
    uint32_t seq;                      /* 1-based position in the table */
    uint32_t line;                     /* first source line of the record */
    uint32_t other_count;
    uint32_t lead_count, support_count;
    vnp_record_kind kind;
    unsigned cell_roles;               /* bit (1 << role) for each cell the record has
                                        * (a table's cells of role "other" are in `other`) */
} vnp_record;

typedef struct vnp_table {
    size_t index;           /* 1-based, in document order */
    const char *title;      /* the caption above the table */
    size_t line, end_line;
    const char *kind;       /* "tasks", "procedure" (steps), "indicators", "other", or
                             * "prose" for tasks written as labelled paragraphs under
                             * a heading */
    vnp_column *columns;
    size_t column_count;
    vnp_record *records;
    size_t record_count;
} vnp_table;

/* The body that issued the document, from the header block (the name at
 * the top left, above its rule), or from the authority line above the
 * preamble when the header block does not name it. */
typedef struct vnp_issuer {
    const char *name;   /* "SỞ KHOA HỌC VÀ CÔNG NGHỆ" as written; NULL when none was found */
    size_t name_line;
    const char *parent; /* the body above it, "UBND TỈNH BẮC NINH"; NULL when none */
    size_t parent_line;
    const char *scope;  /* "national", "province", "local" (ward, commune...) or NULL */
    const char *source; /* "header" or "authority" */
} vnp_issuer;

/* The province or centrally-run city the document belongs to. NULL name
 * for a national body (issuer scope "national") and when nothing names
 * one. */
typedef struct vnp_province {
    const char *name;    /* canonical, one of the 34 units since 1 July 2025: "Bắc Ninh" */
    const char *kind;    /* "province" or "city" (of name) */
    const char *written; /* as the document writes it: "BẮC GIANG", "TP. HCM" */
    const char *former;  /* the unit before the 2025 mergers the document belongs to
                            ("Bắc Giang"), when the written name is a former unit or
                            the document predates the merger; else NULL */
    const char *source;  /* "issuer" or "place" (the place-and-date line) */
    size_t line;
} vnp_province;

typedef struct vnp_document {
    /* source */
    const char *source_name;
    size_t source_bytes;
    char source_sha256[65];
    size_t line_count;     /* lines of a text; paragraphs of a .docx, .doc or HTML body */
    const char *source_form; /* the form read: "text", "docx", "doc", "html", "pdf" */
    const char *source_encoding;       /* "UTF-8", "TCVN3", "VNI", "VISCII", "VPS", "CP1258" */
    double source_encoding_confidence; /* detected: the share of the words the encoding reads
                                        * as Vietnamese syllables (1 for valid UTF-8), 0..1;
                                        * negative when vnp_options.encoding forced it */

    /* header */
    const char *type;      /* "KẾ HOẠCH" as written */
    const char *type_code; /* "KH" from the ND 30/2020 table */
    size_t type_line;
    const char *number;    /* NULL in a draft that leaves it blank */
    const char *symbol;    /* "KH-SKHCN" */
    int number_year;       /* 2025 in 55/2025/NQ-HĐND, else 0 */
    size_t number_line;
    const char *place;
    vnp_date date;
    const char *title;
    size_t title_line;
    int period_from;       /* years the plan covers, 0 if none */
    int period_to;
    vnp_signer signer;
    vnp_issuer issuer;
    vnp_province province;

    vnp_text *recipients;
    size_t recipient_count;
    size_t recipients_line;

    vnp_heading *outline;
    size_t outline_count;

    vnp_text *preamble;    /* legal-basis paragraphs */
    size_t preamble_count;

    vnp_footnote *footnotes;
    size_t footnote_count;

    vnp_annex *annexes;
    size_t annex_count;

    vnp_reference *references;
    size_t reference_count;

    vnp_cited_document *cited_documents;
    size_t cited_document_count;

    vnp_table *tables;
    size_t table_count;

    vnp_diagnostic *diagnostics;
    size_t diagnostic_count;

    struct vnp_internal *internal; /* the library's: never read, changed or freed by the caller */
} vnp_document;

/* Parses len bytes of a document: text (UTF-8, or a legacy Vietnamese
 * encoding: see vnp_options.encoding), a .docx, .doc or HTML document, or a
 * PDF with a text layer (read through poppler's pdftotext, run as a
 * separate process, which must be on PATH): options->form, or told by the
 * bytes. The paragraphs and tables of a .docx, .doc or HTML feed the same
 * stages as a text's lines, so a line number in the output is then the
 * 1-based index of a paragraph of the body (see README.md, "Input"). bytes may be NULL only when len is 0 (an empty
 * document). name is used in diagnostics and output (NULL: "-").
 * options may be NULL (the defaults); a grammar_dir that is not a folder
 * is VNP_ERR_ARGUMENT. err may be NULL; otherwise it is always filled
 * (status VNP_OK on success). On success *out holds a new document, the
 * caller's to free with vnp_document_free(); on failure *out is NULL. out
 * NULL is VNP_ERR_ARGUMENT, and so are options whose size is wrong (see
 * vnp_options) or whose allocator lacks a function. bytes, name and options
 * (its allocator struct included) are only read during the call: the
 * document keeps copies. The document, and everything in it, is allocated
 * with options->allocator. */
vnp_status vnp_parse(const char *bytes, size_t len, const char *name,
                     const vnp_options *options, vnp_document **out, vnp_error *err);

/* Reads a whole file (path "-" or NULL: stdin, from where it stands) and
 * parses it as vnp_parse() does, with path as the name. A file that cannot
 * be opened or read, or a directory, is VNP_ERR_IO with the reason in
 * err->message; past VNP_MAX_INPUT_BYTES it is VNP_ERR_TOO_LARGE (never
 * more than the limit is read). */
vnp_status vnp_parse_file(const char *path, const vnp_options *options,
                          vnp_document **out, vnp_error *err);

/* The elements of the document's arrays, by 0-based index: the element,
 * owned by the document, or NULL when i is not below the array's count
 * (and for a NULL document, table or record). A program reads array
 * elements only through these (see "Growing" at the top of this file). */
const vnp_text *vnp_document_recipient(const vnp_document *doc, size_t i);
const vnp_heading *vnp_document_heading(const vnp_document *doc, size_t i);   /* outline */
const vnp_text *vnp_document_preamble(const vnp_document *doc, size_t i);
const vnp_footnote *vnp_document_footnote(const vnp_document *doc, size_t i);
const vnp_annex *vnp_document_annex(const vnp_document *doc, size_t i);
const vnp_reference *vnp_document_reference(const vnp_document *doc, size_t i);
const vnp_cited_document *vnp_document_cited_document(const vnp_document *doc, size_t i);
const vnp_table *vnp_document_table(const vnp_document *doc, size_t i);
const vnp_diagnostic *vnp_document_diagnostic(const vnp_document *doc, size_t i);
const vnp_column *vnp_table_column(const vnp_table *table, size_t i);
const vnp_record *vnp_table_record(const vnp_table *table, size_t i);
const vnp_other_cell *vnp_record_other(const vnp_record *record, size_t i);
const vnp_agency *vnp_record_lead(const vnp_record *record, size_t i);
const vnp_agency *vnp_record_support(const vnp_record *record, size_t i);
/* The record's cell of a role, the document's; NULL when empty, for a role
 * this library does not have, and for a NULL record. */
const char *vnp_record_cell(const vnp_record *record, vnp_cell_role role);

/* The canonical name ("TCVN3") of an encoding name or alias that
 * vnp_options.encoding takes ("tcvn3", "ABC", "windows-1258"), or NULL for
 * one it does not know (and for NULL and "auto"). A static string. */
const char *vnp_encoding_name(const char *name);

/* Frees doc and everything it owns, through its allocator; NULL is
 * harmless. doc and every pointer read from it must not be used afterwards
 * (freeing it twice is an error of the caller); buffers written from it
 * stay valid. */
void vnp_document_free(vnp_document *doc);

/* Writer flags. */
#define VNP_WRITE_COMPACT 0x1u

/* Write the document as JSON or XML into a new NUL-terminated buffer:
 * *out, the caller's, and its length in *out_len (out_len may be NULL).
 * The buffer comes from the document's allocator: release it with
 * vnp_free() when the document was parsed without one, else with that
 * allocator's free; it may outlive the document. Unknown flag bits are ignored. doc or
 * out NULL is VNP_ERR_ARGUMENT; on any failure *out is NULL (when out is
 * not) and *out_len 0. */
vnp_status vnp_write_json(const vnp_document *doc, unsigned flags, char **out, size_t *out_len);
vnp_status vnp_write_xml(const vnp_document *doc, unsigned flags, char **out, size_t *out_len);
/* The document as OASIS Akoma Ntoso 3.0 (LegalDocML), valid against
 * schema/akn/akomantoso30.xsd, with the FRBR IRIs of docs/akn.md. Added in
 * 0.2.0 beside the JSON and XML writers; the same contract. */
vnp_status vnp_write_akn(const vnp_document *doc, unsigned flags, char **out, size_t *out_len);
/* The same bytes written to f a block at a time, so that a large output is
 * never held whole in memory. doc or f NULL is VNP_ERR_ARGUMENT;
 * VNP_ERR_IO when f refuses a write (errno says why); on any failure f may
 * hold the beginning of the output. f is not flushed: a write error that
 * only shows when the caller flushes or closes f is the caller's to check. */
vnp_status vnp_write_json_file(const vnp_document *doc, unsigned flags, FILE *f);
vnp_status vnp_write_xml_file(const vnp_document *doc, unsigned flags, FILE *f);
vnp_status vnp_write_akn_file(const vnp_document *doc, unsigned flags, FILE *f);
/* Frees a buffer from vnp_match_key(), or from vnp_write_json(),
 * vnp_write_xml() and vnp_write_akn() for a document parsed without an
 * allocator (C library's free); NULL is harmless. */
void vnp_free(void *p);

/* Names of the enum values: static strings, never NULL; a value out of
 * range gives the fallback ("unknown error", "body", "other", "task",
 * "note"). */
const char *vnp_status_string(vnp_status status);
const char *vnp_role_string(vnp_role role);
const char *vnp_cell_role_string(vnp_cell_role role);
const char *vnp_record_kind_string(vnp_record_kind kind);
const char *vnp_severity_string(vnp_severity severity);
/* The stable name of a diagnostic code ("utf8-replaced"), the one the
 * writers give; "unknown" for a value this version does not have. */
const char *vnp_diag_code_string(vnp_diag_code code);
/* "text", "docx", "doc", "html", "pdf", or "auto" for VNP_FORM_AUTO and a
 * value out of range. */
const char *vnp_form_string(vnp_form form);

/* The match key used for every lexicon look-up: lower case, tone marks
 * moved to one canonical place (so "hoá" and "hóa" agree), Đ kept. Reads
 * text[0..len), which need not end with a NUL; invalid UTF-8 sequences are
 * left out.
 * Returns a new string, the caller's to release with vnp_free(), or NULL
 * when out of memory or when text is NULL and len is not 0 (text NULL
 * with len 0 is the empty text). */
char *vnp_match_key(const char *text, size_t len);

/* The versions of the library a program runs with, which may differ from
 * the VNPLAN_VERSION and VNPLAN_FORMAT_VERSION it was compiled against:
 * the library's version ("0.1.0") and that of the output format its
 * writers stamp in JSON and XML ("1.0"). Static strings; thread-safe. */
const char *vnp_version(void);
const char *vnp_format_version(void);

#ifdef __cplusplus
}
#endif

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif
#endif
