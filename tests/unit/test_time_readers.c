/* The two questions asked of the time grammar agree on every cell of the
 * seeds, the development corpus and the held-out documents: a cell the
 * table stage takes for a time has a deadline, and a cell with a deadline
 * is a time, except where a stated rule says otherwise:
 *   - a duration ("0,5 ngày", "Giờ hành chính") is a time with no day;
 *   - a start with no end ("Từ tháng 3/2026 đến khi ...") is a time with
 *     no deadline;
 *   - a loose "Theo ..." ("Theo nội dung tại Đề án") and a cell longer
 *     than TIME_CELL_MAX_BYTES are deadlines but no time evidence;
 *   - several deadlines whose first part opens with no time ("...; ...:
 *     Tháng 12/2026") are a deadline but no time evidence.
 * Every cell of every record is asked, whatever its column. */
#include "unit_helpers.h"

#include <dirent.h>
#include <stdio.h>

static void read_all(const char *path, strbuf *b)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        sb_append(b, chunk, got);
    fclose(f);
    assert_false(b->failed);
}

typedef struct tally {
    size_t cells, times, deadlines, ruled;
} tally;

static bool allowed(const char *reading, bool cell, const vnp_due *d, size_t n)
{
    if (cell)
        return reading && (strcmp(reading, "duration") == 0 || strcmp(reading, "from") == 0);
    if (n > TIME_CELL_MAX_BYTES)
        return true;
    if (reading && strcmp(reading, "according") == 0)
        return true;
    return d->kind == VNP_DUE_MULTIPLE && d->end.year; /* and it names a day */
}

static void check_cell(vnp_document *doc, const char *file, size_t line, const char *s, tally *t)
{
    size_t n = strlen(s);
    bool cell = time_cell(doc->internal, s, n);
    vnp_due d;
    assert_int_equal(due_parse(doc->internal, s, doc->period_from, doc->period_to, &d), VNP_OK);
    bool due = d.kind != VNP_DUE_NONE;
    t->cells++;
    t->times += cell;
    t->deadlines += due;
    if (cell != due) {
        const char *reading = time_reading_name(doc->internal, s, n);
        if (!allowed(reading, cell, &d, n))
            fail_msg("%s:%zu: '%s': %s, but the deadline is %s (reading %s)", file, line, s,
                     cell ? "a time cell" : "no time cell", vnp_due_kind_string(d.kind),
                     reading ? reading : "none");
        t->ruled++;
    }
    vnp_due_clear(&d);
}

static void check_document(const char *path, tally *t)
{
    strbuf text = {0};
    read_all(path, &text);
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse(text.data, text.len, path, NULL, &doc, NULL), VNP_OK);
    for (size_t i = 0; i < doc->table_count; i++)
        for (size_t k = 0; k < doc->tables[i].record_count; k++) {
            const vnp_record *r = &doc->tables[i].records[k];
            for (size_t c = 0; c < VNP_CELL_ROLES; c++)
                if (vnp_record_cell(r, (vnp_cell_role)c))
                    check_cell(doc, path, r->line, vnp_record_cell(r, (vnp_cell_role)c), t);
            for (size_t o = 0; o < r->other_count; o++)
                check_cell(doc, path, r->line, r->other[o].text, t);
        }
    vnp_document_free(doc);
    sb_free(&text);
}

static size_t check_folder(const char *folder, tally *t)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/corpus/%s", VNPLAN_ROOT, folder);
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t files = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t k = strlen(e->d_name);
        if (e->d_name[0] == '.' || k < 4 ||
            (strcmp(e->d_name + k - 3, ".md") != 0 && strcmp(e->d_name + k - 4, ".txt") != 0))
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        check_document(path, t);
        files++;
    }
    closedir(d);
    return files;
}

static void test_readers_agree(void **state)
{
    (void)state;
    tally t = {0};
    size_t files = check_folder("seeds", &t) + check_folder("realworld", &t) +
                   check_folder("heldout", &t);
    printf("time readers: %zu files, %zu cells, %zu time cells, %zu deadlines, %zu apart by "
           "a rule\n",
           files, t.cells, t.times, t.deadlines, t.ruled);
    assert_true(files >= 20); /* that the corpus was read, not a figure to hold */
    assert_true(t.times >= 100 && t.deadlines >= 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readers_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
