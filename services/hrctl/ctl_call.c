/*  ctl_call - one call from hrctl to one daemon: resolve its endpoint from the config, make a
 *  client, call one route as an actor (the operator unless told otherwise) and say on stderr
 *  what went wrong. Every command that talks to a daemon once goes through here.
 */
#include "ctl_call.h"

hr_rc_t ctl_service_call(const char *who, const char *service, const char *what,
                         const char *config_dir, const Hr__Actor *as, const char *type,
                         const ProtobufCMessage *req, const ProtobufCMessageDescriptor *reply_desc,
                         int timeout_ms, zmsg_t *frames, hr_arena_t *arena, void **reply_out)
{
    zsys_handler_set(NULL);
    char *dir = ctl_config_dir(config_dir);
    char *err = NULL;
    char *endpoint = ctl_endpoint(dir, service, &err);
    hr_rc_t rc = HR_EUNAVAIL;
    hr_clock_t *clock = hr_clock_system_new();
    hr_client_t *client = endpoint ? hr_client_new(endpoint, clock, &err) : NULL;
    if (!client) {
        fprintf(stderr, "%s: %s: %s\n", who, service, err ? err : "no endpoint");
        goto out;
    }
    Hr__Actor actor = HR__ACTOR__INIT;
    char *roles[] = {"operator"};
    actor.user_id = "operator";
    actor.n_roles = 1;
    actor.roles = roles;
    hr_call_opts_t opts = {.timeout_ms = timeout_ms, .actor = as ? as : &actor, .frames = frames};
    hr_result_t res;
    rc = hr_client_call(client, type, req, reply_desc, arena, &opts, &res);
    zmsg_destroy(&res.frames);
    if (rc)
        fprintf(stderr, "%s: %s%s%s: %s\n", who, what ? what : "", what ? ": " : "", hr_rc_name(rc),
                res.message);
    else
        *reply_out = res.reply;
out:
    hr_client_destroy(&client);
    hr_clock_destroy(&clock);
    hr_free(endpoint);
    hr_free(err);
    hr_free(dir);
    return rc;
}
