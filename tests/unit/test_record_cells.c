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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_only_the_cells_given_are_kept_in_role_order),
        cmocka_unit_test(test_every_role_and_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
