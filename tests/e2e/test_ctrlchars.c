/*  e2e.ctrlchars - control characters (ESC, BEL, CR) and bidi controls (U+202E) from imports and
 *  free texts, through the real hr-workflow, hr-analytics and hrctl.
 *
 *  The directory import refuses a people or departments row whose cell holds one, naming the
 *  line, the column and the character, and the directory keeps the name it had; a case reason,
 *  a review's reasons and an interview place holding one are refused (EINVAL naming the field);
 *  a reason of several lines is taken. An attendance row that drives a terminal (retitles the
 *  window, overwrites the line above) is quarantined, and `hrctl quarantine` shows it with '?'
 *  for each control character while --json keeps every character (nothing is lost).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hr_test.h"
#include "workflow_util.h"

#define S_DEMO_E0110                                                                               \
    "E0110,%s,SALES,E0101,wang.lei@example.com,13800000110,大客户经理,2019-04-01,open_ended," \
    "2019-04-01,,,16000.00,16000.00,,,zh,,,\n"

// Fails when text holds part (what names the text).
static void s_lacks(const char *what, const char *text, const char *part)
{
    if (strstr(text, part))
        fail_msg("%s has '%s':\n%s", what, part, text);
}

// Writes text to name in the test's directory: the path (owned).
static char *s_file(e2e_t *c, const char *name, const char *text)
{
    char *path = hr_strfmt("%s/%s", e2e_config_dir(c), name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    return path;
}

// Sends body - packed by hand, as a client in another language might - as type to service, as
// user with one role: the reply's code, its message in *message (arena).
static hr_rc_t s_raw_call(e2e_t *c, const char *service, const char *type, const char *user,
                          char *role, const uint8_t *body, size_t len, hr_arena_t *arena,
                          const char **message)
{
    hr_clock_t *clock = hr_clock_system_new();
    char *err = NULL;
    hr_client_t *client = hr_client_new(e2e_endpoint(c, service), clock, &err);
    assert_non_null(client);
    Hr__Actor actor = HR__ACTOR__INIT;
    actor.user_id = (char *)user;
    actor.roles = &role;
    actor.n_roles = 1;
    Hr__Envelope env = HR__ENVELOPE__INIT;
    int64_t now_ms = hr_clock_now_ms(clock);
    env.msg_id = hr_id_new(arena, now_ms);
    env.type = (char *)type;
    env.actor = &actor;
    env.attempt = 1;
    env.sent_at_ms = now_ms;
    env.deadline_ms = now_ms + 10000;
    env.body.data = (uint8_t *)body;
    env.body.len = len;
    assert_int_equal(hr_client_send(client, &env, NULL), HR_OK);
    hr_rc_t rc = HR_ETIMEOUT;
    *message = "";
    for (int waited = 0; waited < 10000 && rc == HR_ETIMEOUT; waited += 20) {
        Hr__Envelope *reply = NULL;
        zmsg_t *frames = NULL;
        if (hr_client_recv(client, arena, &reply, &frames)) {
            zclock_sleep(20);
            continue;
        }
        zmsg_destroy(&frames);
        rc = reply->status ? (hr_rc_t)reply->status->code : HR_OK;
        *message = reply->status && reply->status->message ? reply->status->message : "";
    }
    hr_client_destroy(&client);
    hr_clock_destroy(&clock);
    return rc;
}

static void test_imports_and_free_texts_refuse_control_and_bidi_characters(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_start("ctrlchars");
    assert_non_null(c);
    assert_int_equal(wfe_import_demo(c, arena), 0);

    // E0110's name with a right-to-left override, then with ESC sequences: each row refused,
    // naming the line, the column and the character; the directory keeps 王磊.
    const char *header = "employee_no,name,department_id,manager_no,email,mobile,title,hire_date,"
                         "contract_type,contract_start,contract_end,probation_end,monthly_wage,"
                         "average_wage,tags,roles,language,protected,birth_date,retirement_base\n";
    char *rlo_row = hr_strfmt(S_DEMO_E0110, "王磊\u202Egnp.exe");
    char *esc_row = hr_strfmt(S_DEMO_E0110, "Cert\x1b]2;CERTPWN\x07\x1b[42mGREEN\x1b[0m");
    char *text = hr_strfmt("%s%s%s", header, rlo_row, esc_row);
    char *path = s_file(c, "people-bidi.csv", text);
    char *out = NULL, *err = NULL;
    const char *imp[] = {"import", "people", path, "--skip-bad", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, imp), 1);
    wfe_has("hrctl import people", out,
            ":2: name: holds U+202E (RIGHT-TO-LEFT OVERRIDE, a bidi control) at byte 6");
    wfe_has("hrctl import people", out, ":3: name: holds U+001B (ESC, a control character)");
    wfe_has("hrctl import people", out, "0 imported, 2 skipped");
    s_lacks("hrctl import people", out, "\x1b");
    s_lacks("hrctl import people", out, "\u202E");
    hr_free(out);
    hr_free(err);
    Hr__Workflow__GetPersonRequest gp = HR__WORKFLOW__GET_PERSON_REQUEST__INIT;
    gp.employee_no = "E0110";
    Hr__Workflow__GetPersonReply *person = NULL;
    assert_int_equal(wfe_call(c, NULL, NULL, "workflow.GetPerson", &gp.base,
                              &hr__workflow__get_person_reply__descriptor, arena, (void **)&person),
                     HR_OK);
    assert_string_equal(person->person->name, "王磊");

    // A department named with a control character: the same.
    char *dpath =
        s_file(c, "departments-cr.csv", "id,name,head_no,parent_id\nSALES,销售部\r\r,,\n");
    const char *dimp[] = {"import", "departments", dpath, NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, dimp), 1);
    wfe_has("hrctl import departments", out, ":2: name: holds U+000D (CR, a control character)");
    hr_free(out);
    hr_free(err);

    // A case reason with ESC is refused naming the field; one of several lines is taken.
    Hr__Workflow__OpenCaseRequest oc = HR__WORKFLOW__OPEN_CASE_REQUEST__INIT;
    oc.employee_no = "E0110";
    oc.ground = "A40_2";
    oc.reason = "考核不合格\x1b[2J\x1b[1A";
    wfe_case_refused(c, "E0101", "manager", "workflow.OpenCase", &oc.base, arena, HR_EINVAL,
                     "reason: holds U+001B (ESC, a control character) at byte 15");
    oc.reason = "考核不合格 \u2067上级\u2069";
    wfe_case_refused(c, "E0101", "manager", "workflow.OpenCase", &oc.base, arena, HR_EINVAL,
                     "reason: holds U+2067 (RIGHT-TO-LEFT ISOLATE, a bidi control)");
    // A NUL inside the reason (a client packing by hand): protobuf-c's C string would end there
    // and "考核不合格" be stored without a word. Refused naming the field; nothing opened.
    oc.reason = "考核不合格#second half";
    size_t len = protobuf_c_message_get_packed_size(&oc.base);
    uint8_t *body = hr_arena_alloc(arena, len);
    protobuf_c_message_pack(&oc.base, body);
    uint8_t *hash = memchr(body, '#', len);
    assert_non_null(hash);
    *hash = '\0';
    const char *said = NULL;
    assert_int_equal(
        s_raw_call(c, "workflow", "workflow.OpenCase", "E0101", "manager", body, len, arena, &said),
        HR_EINVAL);
    wfe_has("OpenCase with a NUL", said, "reason: holds a NUL byte");
    oc.reason = "第二季度考核不合格\n第三季度考核不合格\n\t附：考核表";
    Hr__Workflow__CaseReply *open =
        wfe_case_do(c, "E0101", "manager", "workflow.OpenCase", &oc.base, arena);
    assert_string_equal(open->case_->reason, oc.reason);

    // A withdrawal's reason with a bare CR (it rewrites the line it is shown on): refused.
    Hr__Workflow__WithdrawCaseRequest wd = HR__WORKFLOW__WITHDRAW_CASE_REQUEST__INIT;
    wd.case_id = open->case_->id;
    wd.reason = "误开\rOK";
    wfe_case_refused(c, "E0101", "manager", "workflow.WithdrawCase", &wd.base, arena, HR_EINVAL,
                     "reason: holds U+000D (CR, a control character)");
    Hr__Workflow__Case *still = wfe_get(c, open->case_->id, arena);
    assert_int_equal(still->state, HR__WORKFLOW__CASE_STATE__CASE_STATE_OPEN);

    hr_free(dpath);
    hr_free(path);
    hr_free(text);
    hr_free(esc_row);
    hr_free(rlo_row);
    assert_int_equal(e2e_stop(&c), 0);
    hr_arena_destroy(&arena);
}

// HR's review: reasons with ESC and an interview place with a line break are refused by name.
static void test_review_reasons_and_place_refuse_controls(void **state)
{
    HR_UNUSED(state);
    hr_arena_t *arena = hr_arena_new(0);
    e2e_t *c = wfe_start("ctrlchars-review");
    assert_non_null(c);
    assert_int_equal(wfe_import_demo(c, arena), 0);
    const char *const sha[3] = {"1111111111111111111111111111111111111111111111111111111111111111",
                                "2222222222222222222222222222222222222222222222222222222222222222",
                                "3333333333333333333333333333333333333333333333333333333333333333"};
    char *id = wfe_a39_1_submitted(c, sha, arena);
    wfe_a39_1_review(c, id, sha, "试用期考核不合格\x1b]2;PWNED\x07", HR_EINVAL,
                     "reasons: holds U+001B (ESC, a control character)", arena);
    wfe_a39_1_reviewed(c, id, sha, "试用期考核不合格，不符合录用条件", arena);
    Hr__Workflow__PrepareCaseRequest pr = HR__WORKFLOW__PREPARE_CASE_REQUEST__INIT;
    pr.case_id = id;
    pr.date = "2026-11-30";
    pr.time = "10:00";
    pr.place = "会议室 A\n改到会议室 B";
    wfe_case_refused(c, "E0002", "hr,hr_head", "workflow.PrepareCase", &pr.base, arena, HR_EINVAL,
                     "place: holds U+000A (LF, a control character)");
    assert_int_equal(e2e_stop(&c), 0);
    hr_arena_destroy(&arena);
}

// The reviewer's row: quarantined (its time is no time), shown with '?' for each control
// character; --json keeps it whole.
static void test_quarantine_shows_a_row_without_driving_the_terminal(void **state)
{
    HR_UNUSED(state);
    e2e_t *c = e2e_new("ctrlchars-quarantine");
    char *cal = hr_test_source_path("deploy/config/calendar.txt");
    e2e_config(c, "analytics", "calendar/file", cal);
    assert_int_equal(e2e_start_one(c, "analytics", NULL), 0);
    char *path = s_file(c, "a.csv",
                        "employee_no,time\n"
                        "E0110,\x1b]2;PWNED\x07\x1b[31mFAKE: verify: ok\x1b[1A\x1b[2K\u202E\n");
    char *out = NULL, *err = NULL;
    const char *imp[] = {"import", "attendance", path, NULL};
    e2e_hrctl(c, &out, &err, imp); // every row quarantined: exit 1, said on stderr
    s_lacks("hrctl import attendance", out, "\x1b");
    hr_free(out);
    hr_free(err);
    const char *q[] = {"quarantine", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, q), 0);
    wfe_has("hrctl quarantine", out, "E0110,?]2;PWNED??[31mFAKE: verify: ok?[1A?[2K?");
    s_lacks("hrctl quarantine", out, "\x1b");
    s_lacks("hrctl quarantine", out, "\x07");
    s_lacks("hrctl quarantine", out, "\u202E");
    hr_free(out);
    hr_free(err);
    const char *qj[] = {"quarantine", "--json", NULL};
    assert_int_equal(e2e_hrctl(c, &out, &err, qj), 0);
    wfe_has("hrctl quarantine --json", out, "\\u001B]2;PWNED\\u0007\\u001B[31mFAKE");
    hr_free(out);
    hr_free(err);
    hr_free(path);
    hr_free(cal);
    assert_int_equal(e2e_stop(&c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_imports_and_free_texts_refuse_control_and_bidi_characters),
        cmocka_unit_test(test_review_reasons_and_place_refuse_controls),
        cmocka_unit_test(test_quarantine_shows_a_row_without_driving_the_terminal),
    };
    return cmocka_run_group_tests_name("e2e.ctrlchars", tests, NULL, NULL);
}
