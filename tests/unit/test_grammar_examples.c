/* Runs the examples that each grammar file carries:
 *   # example: TEXT => field=value field=value ; field=value ...
 * reference.pcre: TEXT must give exactly the listed references (";"
 * separates them; nothing after "=>" means no reference), and every field
 * an example does not list must be empty: each example checks them all;
 * law_number.pcre, list_head.pcre, law_words.tsv: like reference.pcre;
 * date.pcre: TEXT, put after a reference, must give that ISO date (nothing
 * after "=>": no date);
 * time.pcre: its named groups are the fields, as below; and the two
 * readers that ask it agree with the reading: the table stage's test of
 * a cell says a time when it reads one (but a loose "Theo ..."), and
 * vnp_due_parse() gives a deadline when it reads one (but a duration, and
 * a start with no end);
 * header_number.pcre, place_date.pcre, signature_authority.pcre: the
 * pattern's named groups are the fields: each listed one must hold its
 * value, each other one must be empty, and nothing after "=>" means no
 * match;
 * the word lists (block_openers.tsv, function_words.tsv, ...: words.c):
 * TEXT opens with (or, for a list of whole words, is) the row whose role,
 * word and len the example lists, or with nothing after "=>" no row; an
 * example of a list whose words stand under several roles names the role
 * it asks for, and lists word and len, or nothing else when none of that
 * role matches;
 * ref_connectives.tsv: the same, each role read under the test the
 * reference reader gives it (refs_connective_roles), and every role has
 * an example that meets a word and one that meets none. */
#include "unit_helpers.h"

#include <stdio.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

static const char *field_of(const void *obj, const char *name, char *buf, size_t cap)
{
    const vnp_reference *r = obj;
    if (strcmp(name, "type") == 0)
        return r->type;
    if (strcmp(name, "number") == 0)
        return r->number;
    if (strcmp(name, "symbol") == 0)
        return r->symbol;
    if (strcmp(name, "symbol_raw") == 0)
        return r->symbol_raw;
    if (strcmp(name, "issuer") == 0)
        return r->issuer;
    if (strcmp(name, "title") == 0)
        return r->title;
    if (strcmp(name, "year") == 0) {
        snprintf(buf, cap, "%d", r->year);
        return buf;
    }
    if (strcmp(name, "date") == 0) {
        if (!r->date.day)
            return NULL;
        snprintf(buf, cap, "%04d-%02d-%02d", r->date.year, r->date.month, r->date.day);
        return buf;
    }
    fail_msg("unknown field '%s' in a grammar example", name);
    return NULL;
}

static const char *const FIELDS[] = {"type", "number", "year", "symbol", "symbol_raw",
                                     "date", "issuer", "title", NULL};

/* Every field the example does not name is empty (year 0). */
static void check_unlisted(const char *example, const vnp_reference *r, const char *spec)
{
    for (size_t i = 0; FIELDS[i]; i++) {
        char key[32];
        snprintf(key, sizeof key, "%s=", FIELDS[i]);
        const char *at = spec;
        bool listed = false;
        while ((at = strstr(at, key)) != NULL) {
            if (at == spec || at[-1] == ' ')
                listed = true;
            at += strlen(key);
        }
        char buf[32];
        const char *got = field_of(r, FIELDS[i], buf, sizeof buf);
        if (!listed && got && strcmp(got, "0") != 0)
            fail_msg("example '%s': %s is '%s', but the example lists none", example, FIELDS[i],
                     got);
    }
}

/* Checks "a=x b=y z" against one reference, and that it has no other field. */
static void check_fields(const char *example, const vnp_reference *r, const char *spec)
{
    check_unlisted(example, r, spec);
    check_example_fields(example, r, spec, field_of, false);
}

static size_t count_groups(const char *spec)
{
    while (*spec == ' ')
        spec++;
    if (!*spec)
        return 0;
    size_t n = 1;
    for (const char *p = spec; (p = strstr(p, " ; ")) != NULL; p += 3)
        n++;
    return n;
}

static void run_reference_example(const char *text, const char *spec)
{
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse(text, strlen(text), "example", NULL, &doc, NULL), VNP_OK);
    size_t want = count_groups(spec);
    if (doc->reference_count != want)
        fail_msg("example '%s': %zu references, expected %zu", text, doc->reference_count, want);
    const char *g = spec;
    for (size_t i = 0; i < want; i++) {
        const char *sep = strstr(g, " ; ");
        char *one = dup_range(g, sep ? (size_t)(sep - g) : strlen(g));
        check_fields(text, &doc->references[i], one);
        free(one);
        g = sep ? sep + 3 : g + strlen(g);
    }
    vnp_document_free(doc);
}

static void run_date_example(const char *text, const char *spec)
{
    char buf[512];
    int n = snprintf(buf, sizeof buf, "Nghị quyết số 1/NQ-CP%s%s", text[0] == ',' ? "" : " ",
                     text);
    assert_true(n > 0 && (size_t)n < sizeof buf);
    char want[128];
    spec += strspn(spec, " ");
    /* nothing after "=>": the text gives no date */
    n = snprintf(want, sizeof want, "type=Nghị quyết number=1 symbol=NQ-CP%s%s",
                 *spec ? " date=" : "", spec);
    assert_true(n > 0 && (size_t)n < sizeof want);
    run_reference_example(buf, want);
}

/* ---- grammars whose named groups are the fields ------------------------------- */

typedef struct group_match {
    const pcre2_code *code;
    pcre2_match_data *md;
    const char *subject;
} group_match;

/* The text of named group `name`, or NULL when it took no part or is
 * empty; a name the pattern does not have fails the example. A name that
 * stands for several groups (time.pcre: one in each alternative) gives
 * the one that took part. */
static const char *group_of(const void *obj, const char *name, char *buf, size_t cap)
{
    (void)buf;
    (void)cap;
    const group_match *m = obj;
    PCRE2_SPTR first = NULL, last = NULL;
    int entry = pcre2_substring_nametable_scan(m->code, (PCRE2_SPTR)name, &first, &last);
    if (entry <= 0)
        fail_msg("an example names '%s', which is no group of the pattern", name);
    uint32_t size = 0;
    pcre2_pattern_info(m->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    for (PCRE2_SPTR e = first; e <= last; e += size) {
        int n = (e[0] << 8) | e[1];
        if (ov[2 * n] == PCRE2_UNSET || ov[2 * n] == ov[2 * n + 1])
            continue;
        static char text[512];
        size_t len = ov[2 * n + 1] - ov[2 * n];
        assert_true(len < sizeof text);
        memcpy(text, m->subject + ov[2 * n], len);
        text[len] = '\0';
        return text;
    }
    return NULL;
}

/* Is group `name` listed in spec as "name="? */
static bool listed(const char *spec, const char *name)
{
    size_t n = strlen(name);
    for (const char *at = spec; (at = strstr(at, name)) != NULL; at += n)
        if ((at == spec || at[-1] == ' ') && at[n] == '=')
            return true;
    return false;
}

static const char *group_grammar; /* the file whose examples run */

static void run_group_example(const char *text, const char *spec)
{
    size_t len;
    const char *src = lexicon_text(group_grammar, &len);
    assert_non_null(src);
    int err = 0;
    pcre2_code *code = rx_compile_code(
        src, len, PCRE2_EXTENDED | PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err);
    if (!code)
        fail_msg("%s does not compile: error %d", group_grammar, err);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    assert_non_null(md);
    bool matched = pcre2_match(code, (PCRE2_SPTR)text, strlen(text), 0, 0, md, NULL) > 0;
    spec += strspn(spec, " ");
    if (matched != (*spec != '\0'))
        fail_msg("%s example '%s': %s, expected %s", group_grammar, text,
                 matched ? "a match" : "no match", *spec ? "a match" : "none");
    if (matched) {
        group_match m = {code, md, text};
        check_example_fields(text, &m, spec, group_of, false);
        uint32_t names = 0, entry = 0;
        PCRE2_SPTR table = NULL;
        pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &names);
        pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &entry);
        pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
        for (uint32_t i = 0; i < names; i++) {
            const char *name = (const char *)table + i * entry + 2;
            const char *got = group_of(&m, name, NULL, 0);
            if (!listed(spec, name) && got)
                fail_msg("%s example '%s': %s is '%s', but the example lists none",
                         group_grammar, text, name, got);
        }
    }
    pcre2_match_data_free(md);
    pcre2_code_free(code);
}

static const char *spec_value(const char *spec, const char *name, char *buf, size_t cap);

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* The time grammar's readers agree with its reading of the example. */
static void run_time_example(const char *text, const char *spec)
{
    group_grammar = "time.pcre";
    run_group_example(text, spec);
    spec += strspn(spec, " ");
    bool read = *spec != '\0';
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse("", 0, "example", NULL, &doc, NULL), VNP_OK);
    bool cell = time_cell(doc->internal, text, strlen(text));
    vnp_due in_doc, alone;
    assert_int_equal(due_parse(doc->internal, text, 2026, 2030, &in_doc), VNP_OK);
    assert_int_equal(vnp_due_parse(text, 2026, 2030, &alone), VNP_OK);
    vnp_document_free(doc);
    if (cell != (read && !listed(spec, "according")))
        fail_msg("time.pcre example '%s': the cell test says %s", text, cell ? "a time" : "none");
    /* a day its year has not (29/02 of a year that is not leap; no year
     * written: the plan's first, 2026 here) is a time, but no deadline */
    char day[8], month[8], year[8];
    bool no_such_day = spec_value(spec, "day", day, sizeof day) &&
                       spec_value(spec, "month", month, sizeof month) &&
                       atoi(day) == 29 && atoi(month) == 2 &&
                       !is_leap(spec_value(spec, "year", year, sizeof year) ? atoi(year) : 2026);
    bool due_expected = read && !listed(spec, "duration") && !no_such_day;
    bool open_start = listed(spec, "from") && in_doc.kind == VNP_DUE_NONE;
    if ((in_doc.kind != VNP_DUE_NONE) != due_expected && !open_start)
        fail_msg("time.pcre example '%s': the deadline is %s", text,
                 vnp_due_kind_string(in_doc.kind));
    if (listed(spec, "from") && in_doc.kind != VNP_DUE_NONE && in_doc.kind != VNP_DUE_RANGE)
        fail_msg("time.pcre example '%s': a start gives %s", text,
                 vnp_due_kind_string(in_doc.kind));
    if (in_doc.kind != alone.kind || in_doc.end.day != alone.end.day ||
        in_doc.end.month != alone.end.month || in_doc.end.year != alone.end.year)
        fail_msg("time.pcre example '%s': the document's and the built-in grammar differ", text);
    vnp_due_clear(&in_doc);
    vnp_due_clear(&alone);
}

static void test_group_grammar_examples(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        size_t at_least;
    } grammars[] = {{"header_number.pcre", 10}, {"place_date.pcre", 8},
                    {"signature_authority.pcre", 9}};
    for (size_t i = 0; i < sizeof grammars / sizeof *grammars; i++) {
        group_grammar = grammars[i].name;
        size_t n = for_each_example(group_grammar, run_group_example);
        if (n < grammars[i].at_least)
            fail_msg("%s: %zu examples, expected at least %zu", group_grammar, n,
                     grammars[i].at_least);
    }
}

/* ---- word lists (words.c) ------------------------------------------------ */

static const char *word_list;   /* the file whose examples run */
static bool word_list_whole;    /* its words are compared whole */
static bool word_list_by_role;  /* each example names the role it asks for */

static const char *hit_field(const void *obj, const char *name, char *buf, size_t cap)
{
    const word_hit *h = obj;
    if (strcmp(name, "role") == 0) {
        snprintf(buf, cap, "%.*s", (int)h->role_len, h->role);
        return buf;
    }
    if (strcmp(name, "word") == 0)
        return h->word;
    if (strcmp(name, "len") == 0) {
        snprintf(buf, cap, "%zu", h->len);
        return buf;
    }
    fail_msg("%s: an example names '%s', which is no field of a word (role, word, len)",
             word_list, name);
    return NULL;
}

/* The value of "name=" in spec, up to the next space, into buf. */
static const char *spec_value(const char *spec, const char *name, char *buf, size_t cap)
{
    size_t n = strlen(name);
    for (const char *at = spec; (at = strstr(at, name)) != NULL; at += n)
        if ((at == spec || at[-1] == ' ') && at[n] == '=') {
            snprintf(buf, cap, "%.*s", (int)strcspn(at + n + 1, " "), at + n + 1);
            return buf;
        }
    return NULL;
}

static void run_word_example(const char *text, const char *spec)
{
    spec += strspn(spec, " ");
    char role[64];
    const char *asked = word_list_by_role ? spec_value(spec, "role", role, sizeof role) : NULL;
    if (word_list_by_role && !asked)
        fail_msg("%s example '%s': it names no role", word_list, text);
    bool want = word_list_by_role ? listed(spec, "word") : *spec != '\0';
    /* both ways of reading the list: the built-in copy, and a document's
     * lexicon read from a grammar folder (here the source's own) */
    vnp_options opt = VNP_OPTIONS_INIT;
    opt.grammar_dir = VNPLAN_ROOT "/grammars";
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse("", 0, "example", &opt, &doc, NULL), VNP_OK);
    for (int pass = 0; pass < 2; pass++) {
        struct vnp_internal *in = pass ? doc->internal : NULL;
        word_hit h;
        bool got = word_list_whole
                       ? listed_word_is(in, word_list, asked, text, strlen(text), &h)
                       : listed_word_opens(in, word_list, asked, text, strlen(text), &h);
        if (got != want)
            fail_msg("%s example '%s': %s, expected %s", word_list, text,
                     got ? "a word" : "no word", want ? "a word" : "none");
        if (got) {
            check_example_fields(text, &h, spec, hit_field, false);
            if (!listed(spec, "role") || !listed(spec, "word") || !listed(spec, "len"))
                fail_msg("%s example '%s': a word's example lists role, word and len",
                         word_list, text);
        }
    }
    vnp_document_free(doc);
}

static void test_word_list_examples(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        bool whole, by_role;
        size_t at_least;
    } lists[] = {{"block_openers.tsv", false, false, 6}, {"annex_parent.tsv", false, false, 5},
                 {"state_mottos.tsv", false, false, 7},  {"function_words.tsv", false, true, 19},
                 {"numbering_words.tsv", false, false, 9}, {"akn_act_types.tsv", true, false, 7},
                 {"local_body_codes.tsv", true, false, 5}};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        word_list = lists[i].name;
        word_list_whole = lists[i].whole;
        word_list_by_role = lists[i].by_role;
        size_t n = for_each_example(word_list, run_word_example);
        if (n < lists[i].at_least)
            fail_msg("%s: %zu examples, expected at least %zu", word_list, n,
                     lists[i].at_least);
    }
}

/* ---- the reference reader's connective words (refs.c) -------------------- */

/* The spec of the role an example names, as the reader asks for it. */
static size_t connective_role(const char *text, const char *role)
{
    size_t count;
    const role_spec *specs = refs_connective_roles(&count);
    for (size_t k = 0; k < count; k++)
        if (strcmp(specs[k].role, role) == 0)
            return k;
    fail_msg("ref_connectives.tsv example '%s': the reader asks for no role '%s'", text, role);
    return count;
}

static unsigned connective_met[32], connective_unmet[32]; /* examples per role */

/* Read as refs.c reads the file: every role with its test; the example's
 * text meets the row it lists, or (role alone) none of its role. */
static void run_connective_example(const char *text, const char *spec)
{
    spec += strspn(spec, " ");
    char role[64];
    if (!spec_value(spec, "role", role, sizeof role))
        fail_msg("ref_connectives.tsv example '%s': it names no role", text);
    size_t k = connective_role(text, role), count;
    const role_spec *specs = refs_connective_roles(&count);
    assert_true(count <= 32);
    bool want = listed(spec, "word");
    (want ? connective_met : connective_unmet)[k]++;
    vnp_options opt = VNP_OPTIONS_INIT;
    opt.grammar_dir = VNPLAN_ROOT "/grammars";
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse("", 0, "example", &opt, &doc, NULL), VNP_OK);
    static role_words words[32];
    for (int pass = 0; pass < 2; pass++) {
        char why[256];
        if (!role_words_load(pass ? doc->internal : NULL, "ref_connectives.tsv", specs, count,
                             words, why, sizeof why))
            fail_msg("%s", why);
        word_hit h;
        bool got = role_word_at(&words[k], text, strlen(text), &h);
        if (got != want)
            fail_msg("ref_connectives.tsv example '%s': %s, expected %s", text,
                     got ? "a word" : "no word", want ? "a word" : "none");
        if (got) {
            check_example_fields(text, &h, spec, hit_field, false);
            if (!listed(spec, "len"))
                fail_msg("ref_connectives.tsv example '%s': it lists role, word and len", text);
        }
    }
    vnp_document_free(doc);
}

/* Every role the reader asks for has an example its words meet and one
 * they do not. */
static void test_connective_examples(void **state)
{
    (void)state;
    word_list = "ref_connectives.tsv";
    memset(connective_met, 0, sizeof connective_met);
    memset(connective_unmet, 0, sizeof connective_unmet);
    assert_true(for_each_example("ref_connectives.tsv", run_connective_example) >= 50);
    size_t count;
    const role_spec *specs = refs_connective_roles(&count);
    for (size_t k = 0; k < count; k++)
        if (!connective_met[k] || !connective_unmet[k])
            fail_msg("ref_connectives.tsv: role %s has %u examples that meet a word and %u that "
                     "meet none; each needs both",
                     specs[k].role, connective_met[k], connective_unmet[k]);
}

static void test_reference_examples(void **state)
{
    (void)state;
    assert_true(for_each_example("reference.pcre", run_reference_example) >= 80);
}

/* list_head.pcre's examples are whole texts, run like reference.pcre's. */
static void test_list_head_examples(void **state)
{
    (void)state;
    assert_true(for_each_example("list_head.pcre", run_reference_example) >= 5);
}

/* law_number.pcre's examples are whole mentions, run like reference.pcre's. */
static void test_law_number_examples(void **state)
{
    (void)state;
    assert_true(for_each_example("law_number.pcre", run_reference_example) >= 3);
}

/* law_words.tsv's examples are whole texts, run like reference.pcre's. */
static void test_law_words_examples(void **state)
{
    (void)state;
    assert_true(for_each_example("law_words.tsv", run_reference_example) >= 6);
}

static void test_date_examples(void **state)
{
    (void)state;
    assert_true(for_each_example("date.pcre", run_date_example) >= 4);
}

static void test_time_examples(void **state)
{
    (void)state;
    assert_true(for_each_example("time.pcre", run_time_example) >= 100);
}

/* due.c reads the time grammar's groups by number: its table names each
 * number as the compiled pattern does, and misses none. */
static void test_time_group_numbers(void **state)
{
    (void)state;
    size_t len;
    const char *src = lexicon_text("time.pcre", &len);
    assert_non_null(src);
    int err = 0;
    pcre2_code *code = rx_compile_code(
        src, len, PCRE2_EXTENDED | PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err);
    assert_non_null(code);
    uint32_t names = 0, entry = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &names);
    pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &entry);
    pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
    size_t read = 0;
    for (uint32_t i = 0; i < names; i++) {
        PCRE2_SPTR e = table + i * entry;
        size_t number = (size_t)((e[0] << 8) | e[1]);
        const char *name = (const char *)e + 2;
        const char *due = time_group_name(number);
        if (due && strcmp(due, name) != 0)
            fail_msg("time.pcre group %zu is '%s', due.c reads it as '%s'", number, name, due);
        read += due != NULL; /* past the table: the grammar's subpatterns (DEFINE) */
    }
    size_t numbers = 0;
    while (time_group_name(numbers + 1))
        numbers++;
    if (read != numbers)
        fail_msg("due.c names %zu groups of time.pcre, the pattern has %zu of them", numbers,
                 read);
    pcre2_code_free(code);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_examples),
        cmocka_unit_test(test_date_examples),
        cmocka_unit_test(test_law_number_examples),
        cmocka_unit_test(test_list_head_examples),
        cmocka_unit_test(test_law_words_examples),
        cmocka_unit_test(test_time_examples),
        cmocka_unit_test(test_time_group_numbers),
        cmocka_unit_test(test_group_grammar_examples),
        cmocka_unit_test(test_word_list_examples),
        cmocka_unit_test(test_connective_examples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
