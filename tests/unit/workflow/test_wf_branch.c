/*  test_wf_branch - branches in other cities: workflow.cfg's branch/CODE sections, the
 *  department tree and the person's own branch that place a person's contract (LCL 47; Reg. 4,
 *  14, 27), and what a branch lacks for a review (hrctl health).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wf_fixture.h"

static void s_seen(void *arg, const char *path)
{
    char *seen = arg;
    strncat(seen, path, 255 - strlen(seen));
    strncat(seen, ";", 255 - strlen(seen));
}

// Beijing declares its own entity, figures and union; Chengdu only its city: its figures are
// missing (none of the head office's law/ keys fill them), its union the head office's.
static void test_branches_are_read_with_their_own_figures_only(void **state)
{
    HR_UNUSED(state);
    hr_config_t *cfg = hr_config_new_empty();
    hr_config_set(cfg, "law/local_average_monthly_wage_2025", "12307");
    hr_config_set(cfg, "law/local_minimum_monthly_wage", "2740");
    hr_config_set(cfg, "branch/BJ/name", "示例科技有限公司北京分公司");
    hr_config_set(cfg, "branch/BJ/address", "北京市朝阳区示例路 1 号");
    hr_config_set(cfg, "branch/BJ/city", "北京");
    hr_config_set(cfg, "branch/BJ/local_average_monthly_wage_2025", "11937");
    hr_config_set(cfg, "branch/BJ/local_average_wage_source_2025", "北京市 2025 年度（测试）");
    hr_config_set(cfg, "branch/BJ/local_minimum_monthly_wage", "2540");
    hr_config_set(cfg, "branch/BJ/has_union", "true");
    hr_config_set(cfg, "branch/BJ/template", "beijing");
    hr_config_set(cfg, "branch/BJ/citty", "typo");
    hr_config_set(cfg, "branch/CD/city", "成都");
    wf_branch_t *b = NULL;
    size_t n = 0;
    wf_branches_load(cfg, false, &b, &n);
    assert_null(hr_config_error(cfg));
    assert_int_equal(n, 2);
    assert_string_equal(b[0].code, "BJ");
    assert_string_equal(b[0].prefix, "branch/BJ");
    assert_string_equal(b[0].name, "示例科技有限公司北京分公司");
    assert_string_equal(b[0].city, "北京");
    assert_string_equal(b[0].template_id, "beijing");
    assert_int_equal(b[0].law.n_local_wages, 1);
    assert_int_equal(b[0].law.local_wages[0].year, 2025);
    assert_int_equal(b[0].law.local_wages[0].fen, 1193700);
    assert_string_equal(b[0].law.local_wages[0].key, "branch/BJ/local_average_monthly_wage_2025");
    assert_string_equal(b[0].law.local_wages[0].source, "北京市 2025 年度（测试）");
    assert_int_equal(b[0].law.local_minimum_wage_fen, 254000);
    assert_true(b[0].law.has_union);
    assert_true(b[0].own_union);
    assert_string_equal(b[1].code, "CD");
    assert_int_equal(b[1].law.n_local_wages, 0);
    assert_int_equal(b[1].law.local_average_wage_fen, 0);
    assert_int_equal(b[1].law.local_minimum_wage_fen, 0);
    assert_false(b[1].law.has_union); // the head office's (false here)
    assert_false(b[1].own_union);
    assert_string_equal(b[1].law.key_prefix, "branch/CD");
    assert_non_null(strstr(b[1].law.place_zh, "分支机构 CD"));
    // The law section's keys are not the branch's: read by the daemon, not here.
    hr_config_int(cfg, "law/local_average_monthly_wage_2025", 0, 0, 1000000);
    hr_config_int(cfg, "law/local_minimum_monthly_wage", 0, 0, 1000000);
    char seen[256] = "";
    assert_int_equal(hr_config_unknown(cfg, s_seen, seen), 1); // a misspelt key stops the start
    assert_string_equal(seen, "branch/BJ/citty;");
    wf_branches_free(&b, n);
    assert_null(b);
    hr_config_destroy(&cfg);
}

// A code the departments file could not name (not letters, digits, '_' or '-') stops the start.
static void test_a_branch_code_must_be_a_plain_word(void **state)
{
    HR_UNUSED(state);
    hr_config_t *cfg = hr_config_new_empty();
    hr_config_set(cfg, "branch/北京/city", "北京");
    wf_branch_t *b = NULL;
    size_t n = 0;
    wf_branches_load(cfg, true, &b, &n);
    assert_non_null(hr_config_error(cfg));
    assert_non_null(strstr(hr_config_error(cfg), "branch/北京: a branch code is 1..32 letters"));
    assert_int_equal(n, 0);
    wf_branches_free(&b, n);
    hr_config_destroy(&cfg);
    // No branch section: none, nothing recorded.
    cfg = hr_config_new_empty();
    wf_branches_load(cfg, true, &b, &n);
    assert_null(b);
    assert_int_equal(n, 0);
    assert_null(hr_config_error(cfg));
    hr_config_destroy(&cfg);
}

static Hr__Workflow__Department *s_dept(hr_arena_t *arena, const char *id, const char *parent,
                                        const char *branch)
{
    Hr__Workflow__Department *d = hr_arena_alloc(arena, sizeof *d);
    hr__workflow__department__init(d);
    d->id = (char *)id;
    d->parent_id = (char *)parent;
    d->branch = (char *)branch;
    return d;
}

// A department without a branch inherits its parent's; the top without one is the head office.
static void test_a_department_inherits_its_parents_branch(void **state)
{
    wf_fixture_t *f = *state;
    Hr__Workflow__Department *depts[] = {
        s_dept(f->arena, "HQ", "", ""),       s_dept(f->arena, "BJ", "HQ", "BJ"),
        s_dept(f->arena, "BJ-S", "BJ", ""),   s_dept(f->arena, "BJ-S-1", "BJ-S", ""),
        s_dept(f->arena, "CD", "HQ", "CD"),   s_dept(f->arena, "HQ-IT", "HQ", ""),
        s_dept(f->arena, "CD-X", "CD", "BJ"), // seconded under Chengdu, performed in Beijing
    };
    size_t n = HR_ARRAY_LEN(depts);
    assert_string_equal(wf_branch_of_department(depts, n, "HQ"), "");
    assert_string_equal(wf_branch_of_department(depts, n, "HQ-IT"), "");
    assert_string_equal(wf_branch_of_department(depts, n, "BJ"), "BJ");
    assert_string_equal(wf_branch_of_department(depts, n, "BJ-S-1"), "BJ");
    assert_string_equal(wf_branch_of_department(depts, n, "CD"), "CD");
    assert_string_equal(wf_branch_of_department(depts, n, "CD-X"), "BJ");
    assert_string_equal(wf_branch_of_department(depts, n, "nowhere"), "");
    assert_string_equal(wf_branch_of_department(depts, n, ""), "");
    wf_branch_t b[2] = {{.code = "BJ"}, {.code = "CD"}};
    assert_ptr_equal(wf_branch_find(b, 2, "CD"), &b[1]);
    assert_null(wf_branch_find(b, 2, ""));
    assert_null(wf_branch_find(b, 2, "SZ"));
}

// The departments read once (wf_dept_map_t) place everyone as a scan of the table does, in
// whatever order the store gave them.
static void test_the_department_map_places_as_the_table_does(void **state)
{
    wf_fixture_t *f = *state;
    Hr__Workflow__Department *depts[] = {
        s_dept(f->arena, "HQ-IT", "HQ", ""),      s_dept(f->arena, "CD-X", "CD", "BJ"),
        s_dept(f->arena, "BJ-S-1", "BJ-S", ""),   s_dept(f->arena, "HQ", "", ""),
        s_dept(f->arena, "CD", "HQ", "CD"),       s_dept(f->arena, "BJ", "HQ", "BJ"),
        s_dept(f->arena, "BJ-S", "BJ", ""),       s_dept(f->arena, "LOOP-A", "LOOP-B", ""),
        s_dept(f->arena, "LOOP-B", "LOOP-A", ""),
    };
    size_t n = HR_ARRAY_LEN(depts);
    wf_dept_map_t m;
    wf_dept_map_init(&m, depts, n, f->arena);
    assert_int_equal(m.n, n);
    assert_string_equal(depts[0]->id, "HQ-IT"); // the caller's array is left as it was
    const char *ids[] = {"HQ", "HQ-IT", "BJ",     "BJ-S",    "BJ-S-1",
                         "CD", "CD-X",  "LOOP-A", "nowhere", ""};
    for (size_t i = 0; i < HR_ARRAY_LEN(ids); i++)
        assert_string_equal(wf_dept_map_branch(&m, ids[i]),
                            wf_branch_of_department(depts, n, ids[i]));
    assert_string_equal(wf_dept_map_branch(&m, "BJ-S-1"), "BJ");
    assert_string_equal(wf_dept_map_branch(&m, "CD-X"), "BJ");
    wf_dept_map_t none;
    wf_dept_map_init(&none, NULL, 0, f->arena);
    assert_string_equal(wf_dept_map_branch(&none, "BJ"), "");
}

// Whose union a place's people belong to (LCL 43) follows has_union's fallback: a branch that
// sets branch/CODE/has_union has its own (none when false); one that does not, an undeclared
// code and the head office share the head office's (law/has_union).
static void test_a_branchs_union_is_its_own_only_when_it_says_so(void **state)
{
    HR_UNUSED(state);
    for (int head = 0; head < 2; head++) {
        hr_config_t *cfg = hr_config_new_empty();
        hr_config_set(cfg, "branch/BJ/has_union", "true");
        hr_config_set(cfg, "branch/NJ/has_union", "true");
        hr_config_set(cfg, "branch/SZ/has_union", "false");
        hr_config_set(cfg, "branch/CD/city", "成都");
        wf_branch_t *b = NULL;
        size_t n = 0;
        wf_branches_load(cfg, head, &b, &n);
        assert_null(hr_config_error(cfg));
        assert_int_equal(n, 4);
        assert_string_equal(wf_branch_union(b, n, head, "BJ"), "BJ");
        assert_string_equal(wf_branch_union(b, n, head, "NJ"), "NJ");
        assert_null(wf_branch_union(b, n, head, "SZ")); // its own: none, not the head office's
        if (head) {
            assert_string_equal(wf_branch_union(b, n, head, ""), "");
            assert_string_equal(wf_branch_union(b, n, head, "CD"), ""); // shares the head's
            assert_string_equal(wf_branch_union(b, n, head, "XX"), ""); // undeclared: the head's
        } else {
            assert_null(wf_branch_union(b, n, head, ""));
            assert_null(wf_branch_union(b, n, head, "CD"));
            assert_null(wf_branch_union(b, n, head, "XX"));
        }
        wf_branches_free(&b, n);
        hr_config_destroy(&cfg);
    }
}

// A union person of the directory: role union, in dept (and their own branch, "" none), with
// the email given ("" none), left on left_ms (0 never).
static Hr__Workflow__Person *s_union_person(hr_arena_t *arena, const char *no, const char *dept,
                                            const char *branch, const char *email, int64_t left_ms)
{
    Hr__Workflow__Person *p = hr_arena_alloc(arena, sizeof *p);
    hr__workflow__person__init(p);
    p->employee_no = (char *)no;
    p->department_id = (char *)dept;
    p->branch = (char *)branch;
    p->email = (char *)email;
    p->left_ms = left_ms;
    p->roles = hr_arena_alloc(arena, sizeof *p->roles);
    p->roles[0] = "union";
    p->n_roles = 1;
    return p;
}

// Whose union notices reach nobody (LCL 43, hrctl health's union_nobody=) follows the one rule
// of wf_branch_union: the head office's union stands for itself and every branch that leaves
// has_union unset (CD), a branch's own (BJ, NJ) for itself alone, one with none (SZ) asks for
// nobody. A union person counts for their place's union, only while active and with an address.
static void test_each_union_with_nobody_to_tell_is_named(void **state)
{
    wf_fixture_t *f = *state;
    hr_arena_t *a = f->arena;
    hr_config_t *cfg = hr_config_new_empty();
    hr_config_set(cfg, "branch/BJ/has_union", "true");
    hr_config_set(cfg, "branch/NJ/has_union", "true");
    hr_config_set(cfg, "branch/SZ/has_union", "false");
    hr_config_set(cfg, "branch/CD/city", "成都");
    wf_branch_t *b = NULL;
    size_t n = 0;
    wf_branches_load(cfg, true, &b, &n);
    assert_null(hr_config_error(cfg));
    Hr__Workflow__Department *depts[] = {
        s_dept(a, "HQ", "", ""),     s_dept(a, "BJ", "HQ", "BJ"), s_dept(a, "NJ", "HQ", "NJ"),
        s_dept(a, "SZ", "HQ", "SZ"), s_dept(a, "CD", "HQ", "CD"),
    };
    wf_dept_map_t m;
    wf_dept_map_init(&m, depts, HR_ARRAY_LEN(depts), a);
    const int64_t now = 1000000;
    const char *out[WF_BRANCH_MAX + 1];
    // Nobody at all: the head office's union (for CD too) and each branch's own, not SZ's none.
    assert_int_equal(wf_unions_unreached(b, n, true, &m, NULL, 0, now, out, 8), 3);
    assert_string_equal(out[0], "");
    assert_string_equal(out[1], "BJ");
    assert_string_equal(out[2], "NJ");
    assert_string_equal(wf_union_branches(b, n, true, "", ",", a), "CD");
    assert_string_equal(wf_union_branches(b, n, true, "BJ", ",", a), "");
    // Chengdu's union chair is the head office's union's (CD shares it); Nanjing's has left;
    // Beijing's has no address; SZ's person holds a union of none.
    Hr__Workflow__Person *people[] = {
        s_union_person(a, "U1", "CD", "", "cd@example.com", 0),
        s_union_person(a, "U2", "NJ", "", "nj@example.com", now),
        s_union_person(a, "U3", "BJ", "", "", 0),
        s_union_person(a, "U4", "SZ", "", "sz@example.com", 0),
    };
    size_t np = HR_ARRAY_LEN(people);
    assert_int_equal(wf_unions_unreached(b, n, true, &m, people, np, now, out, 8), 2);
    assert_string_equal(out[0], "BJ");
    assert_string_equal(out[1], "NJ");
    assert_string_equal(wf_union_of_person(b, n, true, &m, people[0]), "");
    assert_null(wf_union_of_person(b, n, true, &m, people[3]));
    // A mobile will do; a person's own branch over their department's (U2 again, at NJ in a
    // head office department, before they leave).
    people[2]->mobile = "13800000003";
    people[1]->department_id = "HQ";
    people[1]->branch = "NJ";
    assert_int_equal(wf_unions_unreached(b, n, true, &m, people, np, now - 1, out, 8), 0);
    // At most max, in order.
    assert_int_equal(wf_unions_unreached(b, n, true, &m, NULL, 0, now, out, 1), 1);
    assert_string_equal(out[0], "");
    wf_branches_free(&b, n);
    hr_config_destroy(&cfg);
    // No head office union: CD has none (nothing to reach), BJ's own still wants its people.
    cfg = hr_config_new_empty();
    hr_config_set(cfg, "branch/BJ/has_union", "true");
    hr_config_set(cfg, "branch/CD/city", "成都");
    wf_branches_load(cfg, false, &b, &n);
    assert_int_equal(wf_unions_unreached(b, n, false, &m, people, 1, now, out, 8), 1);
    assert_string_equal(out[0], "BJ");
    wf_problem_t w = wf_union_nobody(b, n, false, "BJ", a);
    assert_string_equal(w.code, "UNION_NOBODY");
    assert_non_null(strstr(w.message_zh, "分支机构 BJ 的工会（branch/BJ/has_union）"));
    assert_non_null(strstr(w.message_en, "branch BJ's own union (branch/BJ/has_union)"));
    wf_branches_free(&b, n);
    hr_config_destroy(&cfg);
    // The head office's union's warning names the branches sharing it.
    cfg = hr_config_new_empty();
    hr_config_set(cfg, "branch/CD/city", "成都");
    hr_config_set(cfg, "branch/WH/city", "武汉");
    wf_branches_load(cfg, true, &b, &n);
    w = wf_union_nobody(b, n, true, "", a);
    assert_non_null(strstr(w.message_zh, "总部的工会（law/has_union，也代表未设置 has_union 的分支"
                                         "机构 CD、WH）"));
    assert_non_null(strstr(w.message_zh, "角色 union"));
    assert_non_null(strstr(w.message_en, "has_union unset: CD, WH)"));
    wf_branches_free(&b, n);
    hr_config_destroy(&cfg);
}

// The departments file's optional branch column.
static void test_the_departments_file_has_a_branch_column(void **state)
{
    wf_fixture_t *f = *state;
    size_t nrows = 0;
    wf_csv_row_t *rows = wf_fixture_csv(f->arena,
                                        "id,name,head_no,parent_id,branch\n"
                                        "HQ,上海总部,S001,,\n"
                                        "BJ,北京分公司,B100,HQ,BJ\n",
                                        10, &nrows);
    wf_errors_t errs;
    wf_errors_init(&errs, f->arena);
    wf_dept_row_t *d = NULL;
    size_t n = 0;
    wf_departments_from_csv(rows, nrows, f->arena, &d, &n, &errs);
    assert_int_equal(errs.total, 0);
    assert_int_equal(n, 2);
    assert_string_equal(d[0].dept->branch, "");
    assert_string_equal(d[1].dept->branch, "BJ");
}

// The people file's optional branch column (分支机构): the cell as written (the import checks it
// against the config), and whether the file has the column at all.
static void test_the_people_file_has_a_branch_column(void **state)
{
    wf_fixture_t *f = *state;
    size_t nrows = 0;
    wf_csv_row_t *rows = wf_fixture_csv(f->arena,
                                        "工号,姓名,部门,分支机构\n"
                                        "S001,王五,SALES,\n"
                                        "S002,赵六,SALES, CD \n",
                                        10, &nrows);
    wf_errors_t errs;
    wf_errors_init(&errs, f->arena);
    wf_person_row_t *p = NULL;
    size_t n = 0;
    wf_people_from_csv(rows, nrows, f->arena, &p, &n, &errs);
    assert_int_equal(errs.total, 0);
    assert_int_equal(n, 2);
    assert_true(p[0].has_branch);
    assert_string_equal(p[0].person->branch, "");
    assert_string_equal(p[1].person->branch, "CD"); // trimmed like every cell
    assert_string_equal(wf_errors_label(&errs, "branch"), "分支机构");
    rows = wf_fixture_csv(f->arena, "employee_no,name,department_id,branch\nS003,钱七,SALES,BJ\n",
                          10, &nrows);
    wf_people_from_csv(rows, nrows, f->arena, &p, &n, &errs);
    assert_int_equal(errs.total, 0);
    assert_string_equal(p[0].person->branch, "BJ");
    rows =
        wf_fixture_csv(f->arena, "employee_no,name,department_id\nS003,钱七,SALES\n", 10, &nrows);
    wf_people_from_csv(rows, nrows, f->arena, &p, &n, &errs);
    assert_int_equal(errs.total, 0);
    assert_false(p[0].has_branch);
    assert_string_equal(p[0].person->branch, "");
}

// A file without the column keeps the branch the directory has; with it, an empty cell clears it
// (the department's applies again).
static void test_a_file_without_the_branch_column_keeps_the_persons_branch(void **state)
{
    wf_fixture_t *f = *state;
    Hr__Workflow__Person before = HR__WORKFLOW__PERSON__INIT;
    before.employee_no = "S002";
    before.branch = "CD";
    Hr__Workflow__Person now = HR__WORKFLOW__PERSON__INIT;
    wf_person_row_t row = {.person = &now, .line = 2};
    wf_person_keep(&now, &row, &before);
    assert_string_equal(now.branch, "CD");
    Hr__Workflow__Person cleared = HR__WORKFLOW__PERSON__INIT;
    row = (wf_person_row_t){.person = &cleared, .line = 2, .has_branch = true};
    wf_person_keep(&cleared, &row, &before);
    assert_string_equal(cleared.branch, "");
    HR_UNUSED(f);
}

// A person's own branch is where their contract is performed, over their department's; without
// one, their department's (up the tree), else the head office.
static void test_a_persons_own_branch_overrides_the_departments(void **state)
{
    wf_fixture_t *f = *state;
    Hr__Workflow__Department *depts[] = {
        s_dept(f->arena, "HQ", "", ""),
        s_dept(f->arena, "SALES", "HQ", "SH"),
        s_dept(f->arena, "SALES-W", "SALES", ""),
    };
    size_t n = HR_ARRAY_LEN(depts);
    Hr__Workflow__Person p = HR__WORKFLOW__PERSON__INIT;
    p.department_id = "SALES-W";
    bool own = true;
    assert_string_equal(wf_branch_of_person(depts, n, &p, &own), "SH");
    assert_false(own);
    p.branch = "CD"; // the Shanghai department's sales rep based in Chengdu
    assert_string_equal(wf_branch_of_person(depts, n, &p, &own), "CD");
    assert_true(own);
    p.department_id = "HQ"; // a head office department: the person's own still decides
    assert_string_equal(wf_branch_of_person(depts, n, &p, &own), "CD");
    assert_true(own);
    p.branch = "";
    assert_string_equal(wf_branch_of_person(depts, n, &p, &own), "");
    assert_false(own);
    assert_string_equal(wf_branch_of_person(depts, n, NULL, &own), "");
    assert_false(own);
}

// What a branch lacks for a review of a contract ending in 2026 (2025's local average): the
// year's figure (an older one or none), the minimum, its own has_union, its union's name.
static void test_what_a_branch_lacks_is_named(void **state)
{
    HR_UNUSED(state);
    hr_config_t *cfg = hr_config_new_empty();
    hr_config_set(cfg, "branch/BJ/name", "示例科技有限公司北京分公司");
    hr_config_set(cfg, "branch/BJ/local_average_monthly_wage_2025", "11937");
    hr_config_set(cfg, "branch/BJ/local_minimum_monthly_wage", "2540");
    hr_config_set(cfg, "branch/BJ/has_union", "true");
    hr_config_set(cfg, "branch/CD/city", "成都");
    hr_config_set(cfg, "branch/GZ/local_average_monthly_wage_2024", "11000");
    hr_config_set(cfg, "branch/GZ/local_minimum_monthly_wage", "2500");
    hr_config_set(cfg, "branch/GZ/has_union", "true");
    wf_branch_t *b = NULL;
    size_t n = 0;
    wf_branches_load(cfg, false, &b, &n);
    assert_null(hr_config_error(cfg));
    assert_int_equal(n, 3);
    wf_branch_lacks_t l;
    assert_false(wf_branch_lacks(&b[0], 2025, &l)); // Beijing has all it needs
    assert_int_equal(l.average_newest, 2025);
    assert_true(wf_branch_lacks(&b[0], 2026, &l)); // a year on: 2026's figure is missing
    assert_true(l.average_missing);
    assert_int_equal(l.average_newest, 2025);
    assert_false(l.minimum_missing || l.union_unset || l.union_name_missing);
    assert_true(wf_branch_lacks(&b[1], 2025, &l)); // Chengdu: nothing of its own
    assert_true(l.average_missing);
    assert_int_equal(l.average_newest, 0);
    assert_true(l.minimum_missing);
    assert_true(l.union_unset);
    assert_false(l.union_name_missing);            // no union of its own to name
    assert_true(wf_branch_lacks(&b[2], 2025, &l)); // Guangzhou: 2024's only, its union unnamed
    assert_true(l.average_missing);
    assert_int_equal(l.average_newest, 2024);
    assert_false(l.minimum_missing);
    assert_false(l.union_unset);
    assert_true(l.union_name_missing);
    wf_branches_free(&b, n);
    // With a head office union, Chengdu's unset has_union lacks nothing: that union stands for it.
    wf_branches_load(cfg, true, &b, &n);
    assert_true(wf_branch_lacks(&b[1], 2025, &l));
    assert_false(l.union_unset);
    wf_branches_free(&b, n);
    hr_config_destroy(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_branches_are_read_with_their_own_figures_only),
        cmocka_unit_test(test_a_branch_code_must_be_a_plain_word),
        cmocka_unit_test_setup_teardown(test_a_department_inherits_its_parents_branch,
                                        wf_fixture_setup, wf_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_the_departments_file_has_a_branch_column,
                                        wf_fixture_setup, wf_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_the_people_file_has_a_branch_column, wf_fixture_setup,
                                        wf_fixture_teardown),
        cmocka_unit_test_setup_teardown(
            test_a_file_without_the_branch_column_keeps_the_persons_branch, wf_fixture_setup,
            wf_fixture_teardown),
        cmocka_unit_test_setup_teardown(test_a_persons_own_branch_overrides_the_departments,
                                        wf_fixture_setup, wf_fixture_teardown),
        cmocka_unit_test(test_what_a_branch_lacks_is_named),
        cmocka_unit_test_setup_teardown(test_the_department_map_places_as_the_table_does,
                                        wf_fixture_setup, wf_fixture_teardown),
        cmocka_unit_test(test_a_branchs_union_is_its_own_only_when_it_says_so),
        cmocka_unit_test_setup_teardown(test_each_union_with_nobody_to_tell_is_named,
                                        wf_fixture_setup, wf_fixture_teardown),
    };
    return cmocka_run_group_tests_name("unit.workflow.branch", tests, NULL, NULL);
}
