/*  ctl_wf - the plumbing hrctl's workflow commands share: options, one call to hr-workflow with
 *  the operator (or --as someone) as actor, and descriptor-driven protobuf -> JSON for --json.
 */
#include "ctl_wf.h"
#include "ctl_call.h"

#include <string.h>

int ctl_wf_options(int argc, char **argv, ctl_wf_opts_t *opts)
{
    int out = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool takes = !strcmp(a, "--config-dir") || !strcmp(a, "--as") || !strcmp(a, "--role");
        if (takes && i + 1 >= argc) {
            fprintf(stderr, "hrctl: %s needs a value\n", a);
            return -1;
        }
        if (!strcmp(a, "--config-dir"))
            opts->config_dir = argv[++i];
        else if (!strcmp(a, "--as"))
            opts->as = argv[++i];
        else if (!strcmp(a, "--role"))
            opts->roles = argv[++i];
        else if (!strcmp(a, "--json"))
            opts->json = true;
        else
            argv[out++] = argv[i];
    }
    argv[out] = NULL;
    return out;
}

#define S_MAX_ROLES 8

// The person's roles in the people directory, asked as the operator (hrctl's own identity).
static hr_rc_t s_directory_roles(const char *who, const char *config_dir, const char *as,
                                 hr_arena_t *arena, char **list_out)
{
    Hr__Workflow__GetPersonRequest req = HR__WORKFLOW__GET_PERSON_REQUEST__INIT;
    req.employee_no = (char *)as;
    Hr__Workflow__GetPersonReply *rep = NULL;
    char what[96];
    snprintf(what, sizeof what, "--as %.40s: the people directory", as);
    hr_rc_t rc = ctl_service_call(who, "workflow", what, config_dir, NULL, "workflow.GetPerson",
                                  &req.base, &hr__workflow__get_person_reply__descriptor,
                                  CTL_WF_TIMEOUT_MS, NULL, arena, (void **)&rep);
    if (rc) {
        fprintf(stderr,
                "%s: --as takes the person's roles from the people directory in "
                "hr-workflow; to act without it, name them with --role\n",
                who);
        return rc;
    }
    if (!rep->person) {
        fprintf(stderr, "%s: --as %s: hr-workflow answered without the person\n", who, as);
        return HR_EIO;
    }
    size_t cap = sizeof "employee";
    for (size_t i = 0; i < rep->person->n_roles; i++)
        cap += strlen(rep->person->roles[i]) + 1;
    char *list = hr_arena_alloc(arena, cap);
    size_t at = 0;
    for (size_t i = 0; i < rep->person->n_roles; i++) {
        size_t n = strlen(rep->person->roles[i]);
        if (at)
            list[at++] = ',';
        memcpy(list + at, rep->person->roles[i], n);
        at += n;
    }
    list[at] = '\0';
    *list_out = at ? list : hr_arena_strdup(arena, "employee");
    return HR_OK;
}

// The roles a person can hold (hr_law's directory and DESIGN.md 7), and hrctl's own.
static const char *const s_roles[] = {"employee", "manager", "hr",      "hr_head",
                                      "legal",    "union",   "payroll", "operator"};

static bool s_role_known(const char *role)
{
    for (size_t i = 0; i < HR_ARRAY_LEN(s_roles); i++)
        if (!strcmp(role, s_roles[i]))
            return true;
    return false;
}

hr_rc_t ctl_as_actor(const char *who, const char *config_dir, const char *as, const char *roles,
                     hr_arena_t *arena, Hr__Actor *actor)
{
    if (!*as) {
        fprintf(stderr, "%s: --as needs an employee number\n", who);
        return HR_EINVAL;
    }
    char *list = NULL;
    if (roles)
        list = hr_arena_strdup(arena, roles);
    else {
        hr_rc_t rc = s_directory_roles(who, config_dir, as, arena, &list);
        if (rc)
            return rc;
    }
    hr__actor__init(actor);
    actor->user_id = hr_arena_strdup(arena, as);
    actor->roles = hr_arena_alloc(arena, S_MAX_ROLES * sizeof *actor->roles);
    char *save = NULL;
    for (char *r = strtok_r(list, ",", &save); r && actor->n_roles < S_MAX_ROLES;
         r = strtok_r(NULL, ",", &save)) {
        r += strspn(r, " ");
        size_t n = strlen(r);
        while (n && r[n - 1] == ' ')
            r[--n] = '\0';
        if (!s_role_known(r)) {
            fprintf(stderr,
                    "%s: --role: '%s' is not a role (employee, manager, hr, hr_head, legal, union, "
                    "payroll, operator)\n",
                    who, r);
            return HR_EINVAL;
        }
        actor->roles[actor->n_roles++] = r;
    }
    return HR_OK;
}

hr_rc_t ctl_wf_call(const ctl_wf_opts_t *opts, const char *type, const ProtobufCMessage *req,
                    const ProtobufCMessageDescriptor *reply_desc, hr_arena_t *arena, zmsg_t *frames,
                    void **reply_out)
{
    if (!opts->as)
        return ctl_service_call("hrctl", "workflow", type, opts->config_dir, NULL, type, req,
                                reply_desc, CTL_WF_TIMEOUT_MS, frames, arena, reply_out);
    // --as EMPLOYEE_NO: the person the gateway would name, with the roles it would give them.
    Hr__Actor actor;
    hr_rc_t rc = ctl_as_actor("hrctl", opts->config_dir, opts->as, opts->roles, arena, &actor);
    if (rc)
        return rc;
    return ctl_service_call("hrctl", "workflow", type, opts->config_dir, &actor, type, req,
                            reply_desc, CTL_WF_TIMEOUT_MS, frames, arena, reply_out);
}

static json_t *s_value(const ProtobufCFieldDescriptor *f, const void *p)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
        return json_integer(*(const int32_t *)p);
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
        return json_integer(*(const uint32_t *)p);
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
        return json_integer((json_int_t) * (const int64_t *)p);
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        return json_integer((json_int_t) * (const uint64_t *)p);
    case PROTOBUF_C_TYPE_FLOAT:
        return json_real(*(const float *)p);
    case PROTOBUF_C_TYPE_DOUBLE:
        return json_real(*(const double *)p);
    case PROTOBUF_C_TYPE_BOOL:
        return json_boolean(*(const protobuf_c_boolean *)p);
    case PROTOBUF_C_TYPE_ENUM: {
        const ProtobufCEnumValue *v =
            protobuf_c_enum_descriptor_get_value(f->descriptor, *(const int *)p);
        return v ? ctl_json_str(v->name) : json_integer(*(const int *)p);
    }
    case PROTOBUF_C_TYPE_STRING: {
        const char *s = *(char *const *)p;
        return ctl_json_str(s ? s : "");
    }
    case PROTOBUF_C_TYPE_MESSAGE: {
        const ProtobufCMessage *m = *(ProtobufCMessage *const *)p;
        return m ? ctl_pb_to_json(m) : json_null();
    }
    case PROTOBUF_C_TYPE_BYTES:
        return NULL;
    }
    return NULL;
}

static size_t s_size(const ProtobufCFieldDescriptor *f)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        return 8;
    case PROTOBUF_C_TYPE_DOUBLE:
        return sizeof(double);
    case PROTOBUF_C_TYPE_STRING:
    case PROTOBUF_C_TYPE_MESSAGE:
        return sizeof(void *);
    case PROTOBUF_C_TYPE_BYTES:
        return sizeof(ProtobufCBinaryData);
    case PROTOBUF_C_TYPE_BOOL:
        return sizeof(protobuf_c_boolean);
    default:
        return 4;
    }
}

json_t *ctl_pb_to_json(const ProtobufCMessage *msg)
{
    json_t *o = json_object();
    const ProtobufCMessageDescriptor *d = msg->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        const char *base = (const char *)msg + f->offset;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(const size_t *)((const char *)msg + f->quantifier_offset);
            const char *arr = *(char *const *)base;
            json_t *a = json_array();
            for (size_t k = 0; k < n; k++) {
                json_t *v = s_value(f, arr + k * s_size(f));
                if (v)
                    json_array_append_new(a, v);
            }
            json_object_set_new(o, f->name, a);
            continue;
        }
        json_t *v = s_value(f, base);
        if (v)
            json_object_set_new(o, f->name, v);
    }
    return o;
}

void ctl_json_print(json_t *value)
{
    char *text = json_dumps(value, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (text)
        printf("%s\n", text);
    free(text);
    json_decref(value);
}

uint8_t *ctl_read_file(const char *path, size_t max, size_t *len_out)
{
    char *data = NULL;
    hr_rc_t rc = hr_file_read(path, max, &data, len_out);
    if (rc)
        fprintf(stderr, "hrctl: %s: %s\n", path,
                rc == HR_EFULL    ? "file too large"
                : rc == HR_EINVAL ? "not a regular file"
                                  : strerror(errno));
    return (uint8_t *)data;
}

int ctl_wf_exit(hr_rc_t rc)
{
    return rc == HR_EINVAL ? CTL_EXIT_USAGE : CTL_EXIT_FAIL;
}

ctl_zone_t ctl_zone(const ctl_wf_opts_t *opts)
{
    ctl_zone_t z = {HR_TZ_SHANGHAI_MIN, ""};
    char *dir = ctl_config_dir(opts->config_dir);
    char *path = hr_strfmt("%s/workflow.cfg", dir);
    hr_config_t *cfg = hr_config_load(path, NULL);
    if (cfg) {
        z.offset_min =
            (int)hr_config_int(cfg, "calendar/tz_offset_min", HR_TZ_SHANGHAI_MIN, -720, 840);
        if (hr_config_error(cfg))
            z.offset_min = HR_TZ_SHANGHAI_MIN; // the daemon refuses such a file: say Shanghai
    }
    hr_config_destroy(&cfg);
    hr_free(path);
    hr_free(dir);
    int a = z.offset_min < 0 ? -z.offset_min : z.offset_min;
    snprintf(z.name, sizeof z.name, "UTC%c%02d:%02d", z.offset_min < 0 ? '-' : '+', a / 60, a % 60);
    return z;
}

void ctl_when_company(int64_t ms, const char *config_dir, char *buf, size_t len)
{
    if (!ms) {
        snprintf(buf, len, "-");
        return;
    }
    ctl_wf_opts_t o = {.config_dir = config_dir};
    ctl_zone_t z = ctl_zone(&o);
    char t[HR_TIME_ISO_LEN];
    ctl_when(ms, &z, t);
    snprintf(buf, len, "%s %s", t, z.name);
}

void ctl_when(int64_t at_ms, const ctl_zone_t *z, char t[HR_TIME_ISO_LEN])
{
    hr_time_iso(at_ms + (int64_t)z->offset_min * HR_MINUTE_MS, t);
    t[10] = ' ';
    t[16] = '\0';
}
