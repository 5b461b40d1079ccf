/* A record holds only the cells it has (vnp_record.cell_roles and .cells,
 * packed in role order); vnp_record_cell() reads a role's as the array of
 * one slot per role it replaced did. */
#include "unit_helpers.h"

static void test_only_the_cells_given_are_kept_in_role_order(void **state)
{
    (void)state;
    arena a = {0};
    const char *by_role[VNP_CELL_ROLES] = {0};
    by_role[VNP_CELL_DEADLINE] = "Quý III/2026";
    by_role[VNP_CELL_TASK] = "Rà soát hồ sơ đất đai";
    by_role[VNP_CELL_LEAD] = "Sở Nông nghiệp và Môi trường";
    vnp_record r = {0};
    assert_true(record_set_cells(&a, &r, by_role));
    assert_int_equal(r.cell_roles,
                     1u << VNP_CELL_TASK | 1u << VNP_CELL_LEAD | 1u << VNP_CELL_DEADLINE);
    assert_ptr_equal(r.cells[0], by_role[VNP_CELL_TASK]);
    assert_ptr_equal(r.cells[1], by_role[VNP_CELL_LEAD]);
    assert_ptr_equal(r.cells[2], by_role[VNP_CELL_DEADLINE]);
    for (int k = 0; k < VNP_CELL_ROLES; k++)
        assert_ptr_equal(vnp_record_cell(&r, (vnp_cell_role)k), by_role[k]);
    assert_null(vnp_record_cell(&r, VNP_CELL_ROLES));
    assert_null(vnp_record_cell(&r, (vnp_cell_role)-1));
    assert_null(vnp_record_cell(NULL, VNP_CELL_TASK));
    arena_release(&a);
}

static void test_every_role_and_none(void **state)
{
    (void)state;
    arena a = {0};
    const char *by_role[VNP_CELL_ROLES];
    static const char texts[VNP_CELL_ROLES][4] = {"0", "1", "2", "3", "4", "5", "6",
                                                 "7", "8", "9", "10", "11", "12", "13"};
    for (int k = 0; k < VNP_CELL_ROLES; k++)
        by_role[k] = texts[k];
    vnp_record r = {0};
    assert_true(record_set_cells(&a, &r, by_role));
    for (int k = 0; k < VNP_CELL_ROLES; k++)
        assert_ptr_equal(vnp_record_cell(&r, (vnp_cell_role)k), texts[k]);
    /* a record given none afterwards has none, and no array */
    const char *none[VNP_CELL_ROLES] = {0};
    assert_true(record_set_cells(&a, &r, none));
    assert_int_equal(r.cell_roles, 0);
    assert_null(r.cells);
    for (int k = 0; k < VNP_CELL_ROLES; k++)
        assert_null(vnp_record_cell(&r, (vnp_cell_role)k));
    arena_release(&a);
}

/* A record read from one row whose cells hold its own one after the other,
 * in role order, shares that part of the row's cells; one whose cells do
 * not (a gap, another order, a text that is no cell of the row) gets its
 * own array. Either way a role's cell reads the same. */
static void test_cells_shared_with_their_row(void **state)
{
    (void)state;
    arena a = {0};
    const char *row[] = {"1", "Chỉ tiêu số hoá", "%", "80", ""};
    const char *by_role[VNP_CELL_ROLES] = {0};
    by_role[VNP_CELL_INDICATOR] = row[1];
    by_role[VNP_CELL_UNIT] = row[2];
    by_role[VNP_CELL_VALUE] = row[3];
    vnp_record r = {0};
    assert_true(record_share_cells(&a, &r, by_role, row, 5));
    assert_ptr_equal(r.cells, &row[1]); /* no copy */
    for (int k = 0; k < VNP_CELL_ROLES; k++)
        assert_ptr_equal(vnp_record_cell(&r, (vnp_cell_role)k), by_role[k]);

    by_role[VNP_CELL_UNIT] = NULL; /* a gap in the row: indicator and value */
    assert_true(record_share_cells(&a, &r, by_role, row, 5));
    assert_true(r.cells < row || r.cells >= row + 5);
    for (int k = 0; k < VNP_CELL_ROLES; k++)
        assert_ptr_equal(vnp_record_cell(&r, (vnp_cell_role)k), by_role[k]);

    const char *swapped[VNP_CELL_ROLES] = {0}; /* role order against column order */
    swapped[VNP_CELL_TASK] = row[2];
    swapped[VNP_CELL_LEAD] = row[1];
    assert_true(record_share_cells(&a, &r, swapped, row, 5));
    assert_true(r.cells < row || r.cells >= row + 5);
    assert_ptr_equal(vnp_record_cell(&r, VNP_CELL_TASK), row[2]);
    assert_ptr_equal(vnp_record_cell(&r, VNP_CELL_LEAD), row[1]);

    const char *joined[VNP_CELL_ROLES] = {0}; /* a text of several rows */
    joined[VNP_CELL_TASK] = "Chỉ tiêu số hoá toàn tỉnh";
    assert_true(record_share_cells(&a, &r, joined, row, 5));
    assert_ptr_equal(vnp_record_cell(&r, VNP_CELL_TASK), joined[VNP_CELL_TASK]);

    const char *last[VNP_CELL_ROLES] = {0}; /* a cell past the n cells given */
    last[VNP_CELL_INDICATOR] = row[1];
    last[VNP_CELL_UNIT] = row[2];
    last[VNP_CELL_VALUE] = row[3];
    assert_true(record_share_cells(&a, &r, last, row, 3));
    assert_true(r.cells < row || r.cells >= row + 5);
    assert_ptr_equal(vnp_record_cell(&r, VNP_CELL_VALUE), row[3]);

    const char *none[VNP_CELL_ROLES] = {0};
    assert_true(record_share_cells(&a, &r, none, row, 5));
    assert_null(r.cells);
    assert_int_equal(r.cell_roles, 0);
    arena_release(&a);
}

/* A record holds a due only when its time cells name a time, and a
 * quantity only when its value cell is a number: the many records without
 * them carry a NULL pointer, not the values. */
static void test_due_and_quantity_only_where_present(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("KẾ HOẠCH\n\nChuyển đổi số năm 2026\n\n"
                                   "STT\tNội dung\tĐơn vị thực hiện\tThời hạn\n"
                                   "1\tSố hoá hồ sơ lưu trữ\tSở Nội vụ\tQuý II/2026\n"
                                   "2\tTập huấn cán bộ\tSở Tư pháp\tThường xuyên hằng ngày\n"
                                   "3\tKiểm tra an toàn thông tin\tCông an tỉnh\t\n\n"
                                   "STT\tChỉ tiêu\tĐơn vị tính\tGiá trị\n"
                                   "1\tTỷ lệ hồ sơ trực tuyến\t%\t80\n"
                                   "2\tSố điểm truy cập công cộng\tĐiểm\tchưa có số liệu\n");
    assert_non_null(doc);
    assert_int_equal(doc->table_count, 2);
    const vnp_table *tasks = vnp_document_table(doc, 0), *values = vnp_document_table(doc, 1);
    assert_int_equal(tasks->record_count, 3);
    const vnp_record *dated = vnp_table_record(tasks, 0);
    assert_non_null(dated->due);
    assert_int_equal(dated->due->kind, VNP_DUE_QUARTER);
    assert_int_equal(dated->due->end.year, 2026);
    assert_int_equal(dated->due->end.month, 6);
    assert_null(vnp_table_record(tasks, 2)->due); /* no time cell at all */
    for (size_t i = 0; i < tasks->record_count; i++)
        assert_null(vnp_table_record(tasks, i)->quantity);
    assert_int_equal(values->record_count, 2);
    const vnp_record *measured = vnp_table_record(values, 0);
    assert_non_null(measured->quantity);
    assert_true(measured->quantity->value == 80);
    assert_null(measured->due);
    assert_null(vnp_table_record(values, 1)->quantity); /* no number */
    vnp_document_free(doc);
}

/* The record stays within 16 pointer-sized words (128 bytes on LP64): the
 * memory of a table-heavy document is mostly its records. */
static void test_record_size_budget(void **state)
{
    (void)state;
    assert_true(sizeof(vnp_record) <= 16 * sizeof(void *));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_only_the_cells_given_are_kept_in_role_order),
        cmocka_unit_test(test_every_role_and_none),
        cmocka_unit_test(test_cells_shared_with_their_row),
        cmocka_unit_test(test_due_and_quantity_only_where_present),
        cmocka_unit_test(test_record_size_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
