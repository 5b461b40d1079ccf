/* Allocation-failure test: vnp_parse, vnp_write_json, vnp_write_xml and
 * vnp_write_akn run
 * on a small but complete plan while the n-th allocation fails, for every
 * n until a run no longer reaches the failure. Each run must:
 *   - return VNP_OK or VNP_ERR_NOMEM, never crash or hang;
 *   - leave no block allocated once everything is freed;
 *   - when it returns VNP_OK although an allocation failed, give the same
 *     output as a run without failure (otherwise the failure was swallowed
 *     into a wrong result: the header promises every failure is a status);
 *   - print nothing (the header promises the library never prints).
 *
 * malloc, calloc, realloc and free are replaced in this executable (glibc
 * lets a program do that, and forwards to __libc_*), so the allocations of
 * utf8proc and PCRE2 are counted and made to fail too. Each n runs
 * in a child process, so a crash or a hang is reported and the next n still
 * runs. The first failure of each kind at each code path is explained:
 * where the refused allocation was made, where a crash happened, where a
 * leaked block was allocated; a summary of all failure sites ends the run.
 *
 * usage: alloc_fail [--mode single|rest|cold|hook|all] [--only N] [--verbose]
 *   single    only the n-th allocation fails, in a process whose caches are
 *             built (the compiled grammar, the letter tables)
 *   rest      the n-th and every later allocation fail
 *   cold      only the n-th allocation fails, in the first parse of the
 *             process: the caches themselves are built under failure, and
 *             a second parse without failure must then be right
 *   hook      as single, but the document is parsed with an allocator of
 *             its own (vnp_options.allocator) and the n-th allocation made
 *             through it fails; any allocation made through malloc instead
 *             while the document is parsed, written or freed is a failure
 *             (the library promises that the allocator serves them all),
 *             and so is a block of the allocator's not given back by
 *             vnp_document_free and the allocator's free of the outputs
 *   all       cold, single, rest, hook (the default)
 *   --only N  run n = N (single or rest) in this process, to watch it
 *             under gdb
 *   --verbose one line for every failing n, not only the first of a site
 * Final line: "N passed, M failed"; exit 1 when any run failed.
 * Build without sanitizers: they replace malloc themselves. */
#define _GNU_SOURCE
#include "vnplan.h"

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <malloc.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t count, size_t size);
void *__libc_realloc(void *p, size_t size);
void *__libc_memalign(size_t align, size_t size);
void __libc_free(void *p);

/* ---- the document: header, legal basis with a footnote, headings of
 * three styles, a task written as labelled paragraphs, recipients,
 * signature, and two annexes whose first table is cut by a page break (the
 * header repeats, a row continues) ------------------------------------------ */

static const char SEED[] =
    "UBND TỈNH THÁI NGUYÊN\n"
    "SỞ KHOA HỌC VÀ CÔNG NGHỆ\n\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n\n"
    "Số: 12/KH-SKHCN\n\n"
    "Thái Nguyên, ngày 15 tháng 12 năm 2025\n\n"
    "KẾ HOẠCH\n"
    "Chuyển đổi số của Sở Khoa học và Công nghệ giai đoạn 2026 - 2030\n\n"
    "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển "
    "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia;\n\n"
    "Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ về thực hiện thủ tục "
    "hành chính theo cơ chế một cửa;\n\n"
    "Căn cứ Quyết định số 2347/QĐ-UBND ngày 17/12/2025 của UBND tỉnh Thái Nguyên về việc ban "
    "hành Chương trình cải cách hành chính giai đoạn 2026 - 2030<sup>1</sup>;\n\n"
    "<sup>1</sup> Được sửa đổi bởi Quyết định số 100/QĐ-UBND ngày 05/01/2026 của UBND tỉnh.\n\n"
    "Sở Khoa học và Công nghệ ban hành Kế hoạch như sau:\n\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n\n"
    "1. Mục đích\n\n"
    "a) Triển khai Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình "
    "tổng thể cải cách hành chính nhà nước.\n\n"
    "b) Nâng cao chất lượng phục vụ người dân, doanh nghiệp.\n\n"
    /* written decomposed (NFD), so the line goes through utf8proc */
    "c) Ta\xcc\x86ng cu\xcc\x9bo\xcc\x9b\xcc\x80ng kie\xcc\x82\xcc\x89m tra.\n\n"
    "2. Yêu cầu\n\n"
    "- Bảo đảm thống nhất, đồng bộ; gắn với Chỉ thị số 23/CT-TTg ngày 02/9/2021.\n\n"
    "II. NHIỆM VỤ\n\n"
    "1.1. Cải cách thể chế\n\n"
    "1.1.1. Rà soát văn bản theo Thông tư số 02/2021/TT-BKHCN của Bộ Khoa học và Công nghệ.\n\n"
    "2. Số hóa hồ sơ lưu trữ của Sở\n\n"
    "- Cơ quan chủ trì: Văn phòng Sở.\n\n"
    "- Cơ quan phối hợp: các phòng, đơn vị thuộc Sở.\n\n"
    "- Thời gian thực hiện: Quý II/2026.\n\n"
    "III. TỔ CHỨC THỰC HIỆN\n\n"
    "Giao Văn phòng Sở theo dõi, đôn đốc; báo cáo trước ngày 15/12 hằng năm.\n\n"
    "Nơi nhận:\n"
    "- UBND tỉnh (B/cáo);\n"
    "- Lãnh đạo Sở;\n"
    "- Lưu: VT, VP.\n\n"
    "**KT. GIÁM ĐỐC\n"
    "PHÓ GIÁM ĐỐC**\n\n"
    "Nguyễn Văn An\n\n"
    "PHỤ LỤC I\n\n"
    "DANH MỤC NHIỆM VỤ NĂM 2026\n"
    "(Kèm theo Kế hoạch số 12/KH-SKHCN ngày 15/12/2025 của Sở Khoa học và Công nghệ)\n\n"
    "STT\tNội dung\tChủ trì\tPhối hợp\tThời gian hoàn thành\tGhi chú\n"
    "I\tCải cách thể chế\t\t\t\t\n"
    "1\tXây dựng kế hoạch tuyên truyền theo Nghị quyết số 57-NQ/TW\tVăn phòng Sở\t"
    "Các phòng, đơn vị\tQuý I/2026\t\n"
    "2\tRà soát thủ tục hành chính\tPhòng Quản lý Khoa học\tSở Tư pháp; Văn phòng UBND tỉnh\t"
    "Trước 31/12 hàng năm\t\n"
    "3\tTriển khai hệ thống thông tin giải quyết\tTrung tâm Chuyển đổi số\t"
    "Các sở, ban, ngành\tThường xuyên\t\n\n"
    "STT\tNội dung\tChủ trì\tPhối hợp\tThời gian hoàn thành\tGhi chú\n"
    "\tthủ tục hành chính của tỉnh\t\t\t\t\n"
    "4\tĐánh giá chỉ số cải cách hành chính\tVăn phòng Sở\t\tTháng 02/2027\t"
    "Theo kế hoạch của UBND tỉnh\n\n"
    "PHỤ LỤC II\n\n"
    "CHỈ TIÊU NĂM 2026\n\n"
    "STT\tChỉ tiêu\tĐơn vị tính\tGiá trị\n"
    "1\tTỷ lệ hồ sơ giải quyết trực tuyến\t%\t80\n"
    "2\tCó hệ thống báo cáo\tCó/Không\t1\n";

/* ---- the counting allocator ------------------------------------------- */

enum { MAX_FRAMES = 32, TABLE_SIZE = 1 << 17 };

typedef struct stack {
    void *pc[MAX_FRAMES];
    int depth;
} stack;

/* Allocations made while armed are numbered from 1; fail_at refuses one of
 * them (or, with fail_rest, it and all later ones). */
static struct {
    bool armed;
    bool in_hook;     /* backtrace() may allocate: do not count that */
    size_t seq;
    size_t fail_at;   /* 0: refuse nothing */
    bool fail_rest;
    bool hook;        /* the document's allocator is the one counted */
    long bypassed;    /* hook: allocations made through malloc while armed */
    stack bypass_stack; /* where the first of them was made */
    bool failed;      /* an allocation was refused */
    long live;        /* blocks allocated and not freed, armed or not */
    size_t trace_at;  /* record the stack of this allocation */
    stack fail_stack, trace_stack;
} A;

/* Live armed blocks and their numbers, to name a leaked block. Open
 * addressing with tombstones; when full, leaks are still counted. */
typedef struct slot {
    void *p;
    size_t seq;
} slot;
static slot table[TABLE_SIZE];
static void *const TOMBSTONE = (void *)1;

static size_t slot_of(const void *p) { return ((uintptr_t)p >> 4) * 2654435761u % TABLE_SIZE; }

static void remember(void *p, size_t seq)
{
    for (size_t i = slot_of(p), k = 0; k < TABLE_SIZE; i = (i + 1) % TABLE_SIZE, k++) {
        if (!table[i].p || table[i].p == TOMBSTONE) {
            table[i] = (slot){p, seq};
            return;
        }
    }
}

static void forget(const void *p)
{
    for (size_t i = slot_of(p), k = 0; k < TABLE_SIZE && table[i].p; i = (i + 1) % TABLE_SIZE, k++) {
        if (table[i].p == p) {
            table[i].p = TOMBSTONE;
            return;
        }
    }
}

/* The lowest number among armed blocks still live, 0 when none. */
static size_t first_live_seq(void)
{
    size_t best = 0;
    for (size_t i = 0; i < TABLE_SIZE; i++)
        if (table[i].p && table[i].p != TOMBSTONE && (!best || table[i].seq < best))
            best = table[i].seq;
    return best;
}

static void forget_all(void) { memset(table, 0, sizeof table); }

/* The current stack, from the frame that returns to `from` on (the caller
 * of malloc), or whole when from is NULL or not found. */
static void capture(stack *s, const void *from)
{
    void *pc[MAX_FRAMES + 8];
    A.in_hook = true;
    int depth = backtrace(pc, MAX_FRAMES + 8);
    A.in_hook = false;
    int start = 0;
    while (from && start < depth && pc[start] != from)
        start++;
    if (start == depth)
        start = 0;
    s->depth = depth - start < MAX_FRAMES ? depth - start : MAX_FRAMES;
    memcpy(s->pc, pc + start, (size_t)s->depth * sizeof *pc);
}

/* Numbers one armed allocation and says whether to refuse it; caller is
 * the return address into the code that asked for memory. */
static bool refuse(const void *caller)
{
    if (!A.armed || A.in_hook)
        return false;
    A.seq++;
    if (A.seq == A.trace_at)
        capture(&A.trace_stack, caller);
    bool no = A.fail_at && (A.seq == A.fail_at || (A.fail_rest && A.seq > A.fail_at));
    if (no && !A.failed)
        capture(&A.fail_stack, caller);
    A.failed |= no;
    return no;
}

#define CALLER __builtin_return_address(0)

static void *noted(void *p)
{
    if (p) {
        A.live++;
        if (A.armed && !A.in_hook)
            remember(p, A.seq);
    }
    return p;
}

/* With the hook counted, an allocation through malloc while armed went
 * around the document's allocator: noted, never refused. */
static bool bypass(const void *caller)
{
    if (!A.hook || !A.armed || A.in_hook)
        return false;
    if (!A.bypassed++)
        capture(&A.bypass_stack, caller);
    return true;
}

static void *allocate(size_t size, const void *caller)
{
    if (bypass(caller))
        return noted(__libc_malloc(size));
    if (refuse(caller)) {
        errno = ENOMEM;
        return NULL;
    }
    return noted(__libc_malloc(size));
}

void *malloc(size_t size) { return allocate(size, CALLER); }

void *calloc(size_t count, size_t size)
{
    if (bypass(CALLER))
        return noted(__libc_calloc(count, size));
    if (refuse(CALLER)) {
        errno = ENOMEM;
        return NULL;
    }
    return noted(__libc_calloc(count, size));
}

void free(void *p)
{
    if (!p)
        return;
    A.live--;
    forget(p);
    __libc_free(p);
}

/* glibc semantics: realloc(NULL, n) allocates, realloc(p, 0) frees. */
void *realloc(void *p, size_t size)
{
    if (!p)
        return allocate(size, CALLER);
    if (size == 0) {
        free(p);
        return NULL;
    }
    if (!bypass(CALLER) && refuse(CALLER)) {
        errno = ENOMEM;
        return NULL;
    }
    void *q = __libc_realloc(p, size);
    if (q) {
        forget(p);
        if (A.armed && !A.in_hook)
            remember(q, A.seq);
    }
    return q;
}

/* Aligned allocations are counted (their blocks reach free()), never refused. */
void *memalign(size_t align, size_t size) { return noted(__libc_memalign(align, size)); }

void *aligned_alloc(size_t align, size_t size) { return memalign(align, size); }

int posix_memalign(void **out, size_t align, size_t size)
{
    void *p = memalign(align, size);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

/* The document's allocator of hook mode: numbered and refused as the
 * replaced malloc is in the other modes. */
static void *hook_malloc(void *ctx, size_t size)
{
    (void)ctx;
    if (refuse(CALLER))
        return NULL;
    return noted(__libc_malloc(size));
}

static void *hook_realloc(void *ctx, void *p, size_t old_size, size_t size)
{
    (void)ctx;
    (void)old_size;
    if (refuse(CALLER))
        return NULL;
    void *q = __libc_realloc(p, size);
    if (q) {
        forget(p);
        if (A.armed && !A.in_hook)
            remember(q, A.seq);
    }
    return q;
}

static void hook_free(void *ctx, void *p)
{
    (void)ctx;
    A.live--;
    forget(p);
    __libc_free(p);
}

static const vnp_allocator hook_allocator = {hook_malloc, hook_realloc, hook_free, NULL};

/* ---- one run ----------------------------------------------------------- */

/* single: only allocation n fails, in a process that parsed before (its
 * caches are built); rest: allocation n and all later ones fail; cold:
 * only allocation n fails, in the first parse of the process, where the
 * caches kept for the whole process (the compiled reference grammar, the
 * letter tables) are being built. */
enum mode { MODE_SINGLE, MODE_REST, MODE_COLD, MODE_HOOK, MODES };

static const char *const mode_name[] = {"single", "rest", "cold", "hook"};
static const char *const mode_text[] = {
    "one allocation fails", "this and later allocations fail",
    "one allocation fails in the first parse of the process",
    "one allocation of the document's allocator fails"};

/* What a run saw. It lives in memory shared with the parent, so it
 * survives a crash of the child. */
typedef struct report {
    vnp_status parse, json, xml, akn;
    bool done;            /* the run reached its end */
    bool failed;          /* an allocation was refused */
    bool json_same, xml_same, akn_same;
    bool error_ok;        /* a failed parse left no document and said why */
    bool later_ok;        /* cold: a second parse, without failure, is right */
    long leaked;
    long bypassed;        /* hook: allocations that went around the allocator */
    long allowed;         /* cold: blocks the caches may keep */
    size_t first_leak;    /* number of the lowest leaked block */
    size_t allocations;
    int signal;           /* the signal that ended the child, 0 if none */
    long printed;         /* bytes written to stderr (the library must not print) */
    char first_words[120]; /* the start of it */
    stack fail_stack;     /* where the refused allocation was made */
    stack trace_stack;    /* where allocation trace_at was made */
    stack crash_stack;
    stack bypass_stack;   /* hook: where the first allocation around it was made */
} report;

typedef struct output {
    char *json, *xml, *akn;
    size_t json_len, xml_len, akn_len;
} output;

/* The output of a run without failure, and what a first parse leaves in
 * the caches; filled by a child, so the parent itself never parses before
 * the cold runs. */
enum { REFERENCE_BYTES = 1 << 20 };
typedef struct reference_data {
    char json[REFERENCE_BYTES], xml[REFERENCE_BYTES], akn[REFERENCE_BYTES];
    size_t json_len, xml_len, akn_len;
    long residue;        /* blocks a first parse leaves allocated */
    size_t allocations;  /* in a first parse */
    bool ok;
} reference_data;

static output reference;
static report *shared;
static reference_data *refdata;

static bool same(const char *a, size_t alen, const char *b, size_t blen)
{
    return a && b && alen == blen && memcmp(a, b, alen) == 0;
}

/* Parse, write and free while armed; the checks run before freeing so they
 * read the outputs, and allocate nothing themselves. A parse that met a
 * refused allocation and still returned VNP_OK is judged by its document:
 * it is written with no further failures and must equal the reference. */
static void exercise(report *r, output *keep)
{
    vnp_document *doc = NULL;
    vnp_error err;
    output out = {0};
    long before = A.live;
    forget_all();
    A.seq = 0;
    A.failed = false;
    A.bypassed = 0;
    vnp_options opt = VNP_OPTIONS_INIT;
    opt.allocator = A.hook ? &hook_allocator : NULL;
    A.armed = true;
    r->parse = vnp_parse(SEED, sizeof SEED - 1, "seed.txt", &opt, &doc, &err);
    r->error_ok = r->parse == VNP_OK ? doc != NULL : doc == NULL && err.status == r->parse;
    A.armed = !A.failed;
    if (doc) {
        r->json = vnp_write_json(doc, 0, &out.json, &out.json_len);
        r->xml = vnp_write_xml(doc, 0, &out.xml, &out.xml_len);
        r->akn = vnp_write_akn(doc, 0, &out.akn, &out.akn_len);
    }
    A.armed = true;
    r->json_same = same(out.json, out.json_len, reference.json, reference.json_len);
    r->xml_same = same(out.xml, out.xml_len, reference.xml, reference.xml_len);
    r->akn_same = same(out.akn, out.akn_len, reference.akn, reference.akn_len);
    if (keep) {
        *keep = out;
    } else if (A.hook) { /* the outputs are the allocator's */
        if (out.json)
            hook_free(NULL, out.json);
        if (out.xml)
            hook_free(NULL, out.xml);
        if (out.akn)
            hook_free(NULL, out.akn);
    } else {
        vnp_free(out.json);
        vnp_free(out.xml);
        vnp_free(out.akn);
    }
    vnp_document_free(doc);
    A.armed = false;
    r->failed = A.failed;
    r->allocations = A.seq;
    r->leaked = A.live - before;
    r->first_leak = r->leaked ? first_live_seq() : 0;
    r->fail_stack = A.fail_stack;
    r->trace_stack = A.trace_stack;
    r->bypassed = A.bypassed;
    r->bypass_stack = A.bypass_stack;
    r->done = true;
}

static void on_crash(int sig)
{
    A.armed = false;
    shared->signal = sig;
    shared->failed = A.failed;
    shared->fail_stack = A.fail_stack;
    capture(&shared->crash_stack, NULL);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Sends stderr to an in-memory file: whatever the library (or a library
 * under it) prints there is a finding. Returns the file, or -1. */
static int catch_stderr(void)
{
    int fd = memfd_create("stderr", 0);
    if (fd >= 0 && dup2(fd, STDERR_FILENO) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static void read_stderr(int fd, report *r)
{
    if (fd < 0)
        return;
    off_t size = lseek(fd, 0, SEEK_END);
    r->printed = size > 0 ? (long)size : 0;
    ssize_t got = pread(fd, r->first_words, sizeof r->first_words - 1, 0);
    r->first_words[got > 0 ? got : 0] = '\0';
    r->first_words[strcspn(r->first_words, "\n")] = '\0';
}

/* After a failure in the first parse, a second parse without failure must
 * be right: a cache that kept the failure would spoil every later parse. */
static void parse_again(report *r)
{
    report again = {0};
    A.fail_at = 0;
    exercise(&again, NULL);
    r->later_ok = again.parse == VNP_OK && again.json_same && again.xml_same && again.akn_same;
}

static void child_run(size_t n, enum mode mode, size_t trace_at)
{
    signal(SIGSEGV, on_crash);
    signal(SIGBUS, on_crash);
    signal(SIGABRT, on_crash);
    signal(SIGFPE, on_crash);
    signal(SIGILL, on_crash);
    signal(SIGALRM, on_crash);
    alarm(60); /* a hang becomes SIGALRM */
    int err = catch_stderr();
    A.fail_at = n;
    A.fail_rest = mode == MODE_REST;
    A.hook = mode == MODE_HOOK;
    A.trace_at = trace_at;
    exercise(shared, NULL);
    read_stderr(err, shared);
    shared->allowed = mode == MODE_COLD ? refdata->residue : 0;
    shared->later_ok = true;
    if (mode == MODE_COLD)
        parse_again(shared);
    _exit(0);
}

/* Runs one n in a child; the report lands in `shared`. */
static void run_child(size_t n, enum mode mode, size_t trace_at)
{
    memset(shared, 0, sizeof *shared);
    pid_t pid = fork();
    if (pid == 0)
        child_run(n, mode, trace_at);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0) {
        perror("alloc_fail: fork");
        exit(1);
    }
    if (WIFSIGNALED(status) && !shared->signal)
        shared->signal = WTERMSIG(status);
}

/* ---- judging ----------------------------------------------------------- */

enum verdict { GOOD, CRASH, BAD_STATUS, LEAK, SILENT, CACHED, PRINTED, BYPASS, VERDICTS };

static const char *const verdict_text[] = {
    "ok", "crashed", "returned a status other than VNP_OK or VNP_ERR_NOMEM",
    "leaked", "returned VNP_OK with output that differs from a run without failure",
    "left the process unable to parse right (a later parse without failure is wrong)",
    "printed to stderr", "allocated through malloc, around the document's allocator"};

static bool status_ok(vnp_status st) { return st == VNP_OK || st == VNP_ERR_NOMEM; }

static enum verdict judge(const report *r)
{
    if (r->signal || !r->done)
        return CRASH;
    if (!status_ok(r->parse) || !status_ok(r->json) || !status_ok(r->xml) || !status_ok(r->akn) ||
        !r->error_ok)
        return BAD_STATUS;
    if (r->leaked > r->allowed)
        return LEAK;
    if (!r->later_ok)
        return CACHED;
    bool all_ok = r->parse == VNP_OK && r->json == VNP_OK && r->xml == VNP_OK && r->akn == VNP_OK;
    if (all_ok && (!r->json_same || !r->xml_same || !r->akn_same))
        return SILENT;
    if (r->bypassed)
        return BYPASS;
    return r->printed ? PRINTED : GOOD;
}

/* ---- stacks as text ---------------------------------------------------- */

/* addr2line names static and inlined functions with file:line, which
 * backtrace_symbols cannot; each address is looked up once. */
typedef struct symbol {
    void *pc;
    char *text; /* one or more lines: "func at file:line", " (inlined by) ..." */
} symbol;

enum { MAX_SYMBOLS = 8192 };
static symbol symbols[MAX_SYMBOLS];
static size_t symbol_count;

static char *addr2line(void *pc)
{
    Dl_info info;
    char cmd[1200], line[1024];
    if (!dladdr(pc, &info) || !info.dli_fname)
        return strdup("??");
    /* a return address: look up the call instruction before it */
    unsigned long off = (unsigned long)((uintptr_t)pc - 1 - (uintptr_t)info.dli_fbase);
    snprintf(cmd, sizeof cmd, "addr2line -f -i -p -C -e '%s' 0x%lx 2>/dev/null", info.dli_fname,
             off);
    size_t cap = 4096, len = 0;
    char *text = calloc(1, cap);
    FILE *p = popen(cmd, "r");
    while (text && p && fgets(line, sizeof line, p))
        len += (size_t)snprintf(text + len, len < cap ? cap - len : 0, "%s", line);
    if (p)
        pclose(p);
    /* Without debug information the name is only the nearest exported
     * symbol: add the exact spot. */
    if (text && (len == 0 || strstr(text, "??"))) {
        len = strcspn(text, "\n");
        snprintf(text + len, cap - len, " [%s+0x%lx]\n", info.dli_fname, off);
    }
    return text;
}

static const char *symbolise(void *pc)
{
    for (size_t i = 0; i < symbol_count; i++)
        if (symbols[i].pc == pc)
            return symbols[i].text;
    char *text = addr2line(pc);
    if (symbol_count < MAX_SYMBOLS)
        symbols[symbol_count++] = (symbol){pc, text};
    return text ? text : "??";
}

/* Frames of this test (the allocator, the crash handler) and the signal
 * trampoline are noise at the top of a stack; the driver is noise below
 * exercise(). */
static bool own_frame(const char *text)
{
    return (strstr(text, "alloc_fail.c") && !strstr(text, "exercise")) ||
           strstr(text, "sigaction") || strstr(text, "restore_rt");
}

static void print_stack(const char *title, const stack *s)
{
    printf("    %s:\n", title);
    int shown = 0, i = 0;
    while (i < s->depth && own_frame(symbolise(s->pc[i])))
        i++;
    for (; i < s->depth && shown < 16; i++) {
        const char *text = symbolise(s->pc[i]);
        for (const char *l = text; *l;) {
            size_t n = strcspn(l, "\n");
            printf("      #%d %.*s\n", shown++, (int)n, l);
            l += n + (l[n] == '\n');
        }
        if (strstr(text, "exercise"))
            break;
    }
}

/* What names one line of a symbolised frame in a site key: the function,
 * or without debug information (where the name is only the nearest
 * exported symbol) the library's file name and offset. */
static const char *key_token(const char *line, size_t *n)
{
    size_t end = strcspn(line, "\n");
    const char *spot = memchr(line, '[', end);
    if (!spot) {
        *n = strcspn(line, " \n");
        return line;
    }
    const char *start = spot + 1;
    for (const char *p = start; p < line + end; p++)
        if (*p == '/')
            start = p + 1;
    *n = strcspn(start, "]\n");
    return start;
}

/* The function names along the first frames of the refused allocation: one
 * code path, whatever lines it passed through, is one failure site. */
static void site_key(const stack *s, char *key, size_t cap)
{
    size_t len = 0;
    int names = 0;
    key[0] = '\0';
    for (int i = 0; i < s->depth && names < 6; i++) {
        const char *text = symbolise(s->pc[i]);
        for (const char *l = text; *l && names < 6; names++) {
            l += strspn(l, " ");
            if (!strncmp(l, "(inlined by) ", 13))
                l += 13;
            size_t n;
            const char *token = key_token(l, &n);
            len += (size_t)snprintf(key + len, len < cap ? cap - len : 0, "%.*s<", (int)n, token);
            l += strcspn(l, "\n");
            l += *l == '\n';
        }
        if (strstr(text, "exercise"))
            break;
    }
}

/* ---- failure sites ----------------------------------------------------- */

enum { KEY_BYTES = 512, MAX_SITES = 1024 };

typedef struct site {
    enum verdict verdict;
    enum mode mode;
    char key[KEY_BYTES];
    size_t count;
    size_t first_n, last_n;
} site;

static site sites[MAX_SITES];
static size_t site_count;

/* The site of a failure; *fresh tells whether it was met for the first time. */
static site *site_for(enum verdict v, enum mode mode, const stack *s, bool *fresh)
{
    char key[KEY_BYTES];
    site_key(s, key, sizeof key);
    *fresh = false;
    for (size_t i = 0; i < site_count; i++)
        if (sites[i].verdict == v && sites[i].mode == mode && !strcmp(sites[i].key, key))
            return &sites[i];
    if (site_count == MAX_SITES)
        return NULL;
    site *t = &sites[site_count++];
    *t = (site){.verdict = v, .mode = mode};
    memcpy(t->key, key, sizeof key);
    *fresh = true;
    return t;
}

static void describe(size_t n, enum mode mode, enum verdict v, const report *r)
{
    printf("n=%zu (%s): %s", n, mode_text[mode], verdict_text[v]);
    if (v == CRASH)
        printf(" (%s)", r->signal == SIGALRM ? "hang: no end after 60 s" : strsignal(r->signal));
    if (v == BAD_STATUS)
        printf(" (parse %s%s, json %s, xml %s, akn %s)", vnp_status_string(r->parse),
               r->error_ok ? "" : " with a document left or a mismatched error",
               vnp_status_string(r->json), vnp_status_string(r->xml), vnp_status_string(r->akn));
    if (v == LEAK)
        printf(" %ld block(s)", r->leaked - r->allowed);
    if (v == BYPASS)
        printf(" %ld time(s)", r->bypassed);
    if (v == SILENT)
        printf(" (%s%s%s%s)", r->json_same ? "" : "JSON ", r->xml_same ? "" : "XML ",
               r->akn_same ? "" : "AKN ", "differs");
    if (r->printed)
        printf("; wrote %ld byte(s) to stderr: \"%s\"", r->printed, r->first_words);
    printf("\n");
}

/* A full description of one failure: where the allocation was refused,
 * then where it crashed or where the leaked block came from. */
static void explain(size_t n, enum mode mode, enum verdict v, const report *r)
{
    report copy = *r; /* `shared` is reused by the leak trace below */
    describe(n, mode, v, &copy);
    print_stack("refused allocation", &copy.fail_stack);
    if (v == CRASH)
        print_stack(copy.signal == SIGALRM ? "where it was stopped" : "crash", &copy.crash_stack);
    if (v == BYPASS)
        print_stack("first allocation through malloc", &copy.bypass_stack);
    if (v == LEAK && copy.first_leak && mode != MODE_COLD) {
        run_child(n, mode, copy.first_leak);
        print_stack("leaked block allocated at", &shared->trace_stack);
    }
}

static void summarise_sites(void)
{
    size_t count[VERDICTS] = {0};
    for (size_t i = 0; i < site_count; i++)
        count[sites[i].verdict] += sites[i].count;
    printf("\nfailure sites: %zu (runs: %zu crashed, %zu bad status, %zu leaked, %zu silent, "
           "%zu spoiled later parses, %zu only printed, %zu went around the allocator)\n",
           site_count, count[CRASH], count[BAD_STATUS], count[LEAK], count[SILENT], count[CACHED],
           count[PRINTED], count[BYPASS]);
    for (size_t i = 0; i < site_count; i++)
        printf("  %s, %zu run(s), n=%zu..%zu (%s): %s\n", verdict_text[sites[i].verdict],
               sites[i].count, sites[i].first_n, sites[i].last_n, mode_name[sites[i].mode],
               sites[i].key);
}

/* ---- driver ------------------------------------------------------------ */

typedef struct tally {
    size_t passed, failed;
} tally;

static void record_failure(size_t n, enum mode mode, enum verdict v, const report *r,
                           bool verbose)
{
    bool fresh;
    site *s = site_for(v, mode, &r->fail_stack, &fresh);
    if (s) {
        s->first_n = fresh ? n : s->first_n;
        s->last_n = n;
        s->count++;
    }
    if (fresh || !s)
        explain(n, mode, v, r);
    else if (verbose)
        describe(n, mode, v, r);
}

/* n = 1, 2, ... until a run no longer reaches allocation n. */
static void sweep(enum mode mode, bool verbose, tally *t)
{
    size_t n = 1;
    for (;; n++) {
        run_child(n, mode, 0);
        report r = *shared;
        enum verdict v = judge(&r);
        if (v == GOOD && !r.failed)
            break;
        if (v == GOOD) {
            t->passed++;
        } else {
            t->failed++;
            record_failure(n, mode, v, &r, verbose);
        }
    }
    printf("mode %s: n = 1..%zu\n", mode_name[mode], n - 1);
}

/* One run in this process, for a debugger (not for cold: this process has
 * parsed by then). */
static int run_only(size_t n, enum mode mode)
{
    report r = {0};
    A.fail_at = n;
    A.fail_rest = mode == MODE_REST;
    A.hook = mode == MODE_HOOK;
    exercise(&r, NULL);
    r.later_ok = true;
    enum verdict v = judge(&r);
    describe(n, mode, v, &r);
    if (v != GOOD)
        print_stack("refused allocation", &r.fail_stack);
    return v == GOOD ? 0 : 1;
}

static void *shared_memory(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

/* A child makes the first parse of its process, so this one stays fresh
 * for the cold runs: it records the output and what the caches keep. */
static void cold_reference_child(void)
{
    report r = {0};
    output out = {0};
    exercise(&r, &out);
    refdata->ok = r.parse == VNP_OK && r.json == VNP_OK && r.xml == VNP_OK && r.akn == VNP_OK &&
                  out.json_len < REFERENCE_BYTES && out.xml_len < REFERENCE_BYTES &&
                  out.akn_len < REFERENCE_BYTES;
    if (refdata->ok) {
        memcpy(refdata->json, out.json, out.json_len);
        memcpy(refdata->xml, out.xml, out.xml_len);
        refdata->json_len = out.json_len;
        refdata->xml_len = out.xml_len;
        memcpy(refdata->akn, out.akn, out.akn_len);
        refdata->akn_len = out.akn_len;
    }
    refdata->residue = r.leaked - 3; /* the kept outputs are not residue */
    refdata->allocations = r.allocations;
    _exit(0);
}

static bool cold_reference(void)
{
    pid_t pid = fork();
    if (pid == 0)
        cold_reference_child();
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || !refdata->ok) {
        printf("the seed document does not parse in a fresh process\n");
        return false;
    }
    reference = (output){refdata->json, refdata->xml, refdata->akn,
                         refdata->json_len, refdata->xml_len, refdata->akn_len};
    printf("a first parse makes %zu allocations and leaves %ld block(s) in caches\n",
           refdata->allocations, refdata->residue);
    return true;
}

/* A first run sets up what libraries keep for the whole process, so later
 * runs count only what a parse allocates. A second run must leak nothing
 * and give the reference output. */
static bool warm_up(void)
{
    report r = {0};
    exercise(&r, NULL);
    exercise(&r, NULL);
    printf("a later parse makes %zu allocations\n", r.allocations);
    if (r.leaked) {
        printf("a parse without failure leaks %ld block(s)\n", r.leaked);
        run_child(0, MODE_SINGLE, r.first_leak);
        print_stack("leaked block allocated at", &shared->trace_stack);
        return false;
    }
    if (!r.json_same || !r.xml_same || !r.akn_same) {
        printf("a second parse gives other output than the first\n");
        return false;
    }
    A.hook = true;
    exercise(&r, NULL);
    A.hook = false;
    printf("a parse with an allocator makes %zu allocations through it, %ld through malloc, "
           "and leaves %ld block(s)\n",
           r.allocations, r.bypassed, r.leaked);
    if (r.bypassed)
        print_stack("first allocation through malloc", &r.bypass_stack);
    if (!r.json_same || !r.xml_same || !r.akn_same)
        printf("a parse with an allocator gives other output than without\n");
    return !r.bypassed && !r.leaked && r.allocations && r.json_same && r.xml_same && r.akn_same;
}

static bool parse_mode(const char *s, bool *run)
{
    bool all = !strcmp(s, "all"), any = all;
    for (int m = MODE_SINGLE; m < MODES; m++)
        any |= run[m] = all || !strcmp(s, mode_name[m]);
    return any;
}

static int usage(void)
{
    fprintf(stderr, "usage: alloc_fail [--mode single|rest|cold|hook|all] [--only N] [--verbose]\n");
    return 2;
}

int main(int argc, char **argv)
{
    bool run[MODES];
    const char *mode = "all";
    size_t only = 0;
    bool verbose = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--mode") && i + 1 < argc)
            mode = argv[++i];
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--verbose"))
            verbose = true;
        else
            return usage();
    }
    if (!parse_mode(mode, run))
        return usage();
    setvbuf(stdout, NULL, _IOLBF, 0);
    void *warm[2];
    backtrace(warm, 2); /* loads the unwinder now, not inside malloc */
    shared = shared_memory(sizeof *shared);
    refdata = shared_memory(sizeof *refdata);
    if (!shared || !refdata || !cold_reference()) {
        printf("0 passed, 1 failed\n");
        return 1;
    }
    tally t = {0};
    if (run[MODE_COLD] && !only)
        sweep(MODE_COLD, verbose, &t); /* before this process ever parses */
    if (!warm_up()) {
        printf("%zu passed, %zu failed\n", t.passed, t.failed + 1);
        return 1;
    }
    if (only)
        return run_only(only, run[MODE_HOOK] && !run[MODE_SINGLE]   ? MODE_HOOK
                              : run[MODE_REST] && !run[MODE_SINGLE] ? MODE_REST
                                                                    : MODE_SINGLE);
    for (int m = MODE_SINGLE; m < MODES; m++)
        if (run[m] && m != MODE_COLD)
            sweep((enum mode)m, verbose, &t);
    summarise_sites();
    printf("%zu passed, %zu failed\n", t.passed, t.failed);
    return t.failed ? 1 : 0;
}
