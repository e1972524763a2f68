/*  ctl_export_docs - what `hrctl evidence export` adds for the people who read an export and
 *  the third party who checks it without the system:
 *
 *  DIR/verify.py              the checks README.txt describes, in python3 with its standard
 *                             library alone: SHA256SUMS, manifest.json, the audit chain from its
 *                             first entry to the head, the case journal; OK or the first bad item
 *  DIR/evidence-index.zh.txt  证据目录: 序号, 证据名称, 文件, SHA-256, 提交人, 提交时间, 证明目的
 *  DIR/case-timeline.zh.txt   案件经过: what happened, dated in the company's time
 *  DIR/SHA256SUMS             every file of the export but itself, for `sha256sum -c`
 *
 *  The index and timeline are made from what the export holds (manifest.json, case-versions.json)
 *  and are conveniences: the records, the audit and the journal are what they are read against.
 */
#include "ctl_ev.h"
#include "wf.h"

#include <dirent.h>
#include <jansson.h>
#include <string.h>
#include <sys/stat.h>

#define S_SUMS_MAX 20000 // files in one export at most (records and their signatures' files)

static const char s_verify_py[] =
    "# verify.py: checks this export offline (python3 verify.py; standard library only).\n"
    "# Prints OK, or the first bad item in Chinese and English, and exits 1.\n"
    "import base64, hashlib, json, os, re, struct, sys\n"
    "\n"
    "os.chdir(os.path.dirname(os.path.abspath(__file__)))\n"
    "ZERO = '0' * 64\n"
    "ANCHOR = (r'(?:' + re.escape('" WF_DOC_ANCHOR_ZH "') + '|' +\n"
    "          re.escape('" WF_DOC_ANCHOR_EN "') + r')([0-9a-f]{32})')\n"
    "anchors = []\n"
    "\n"
    "\n"
    "def bad(zh, en):\n"
    "    print('不通过: ' + zh)\n"
    "    print('BAD: ' + en)\n"
    "    sys.exit(1)\n"
    "\n"
    "\n"
    "def sha(path):\n"
    "    h = hashlib.sha256()\n"
    "    with open(path, 'rb') as f:\n"
    "        for b in iter(lambda: f.read(1 << 20), b''):\n"
    "            h.update(b)\n"
    "    return h.hexdigest()\n"
    "\n"
    "\n"
    "def text(t):\n"
    "    b = t.encode('utf-8')\n"
    "    return struct.pack('>I', len(b)) + b\n"
    "\n"
    "\n"
    "def jsonl(name):\n"
    "    if not os.path.isfile(name):\n"
    "        bad('缺少文件 ' + name, 'missing file ' + name)\n"
    "    with open(name, encoding='utf-8') as f:\n"
    "        return [json.loads(l) for l in f if l.strip()]\n"
    "\n"
    "\n"
    "# 1. SHA256SUMS: every file it lists is here with that SHA-256, and nothing else is here.\n"
    "if not os.path.isfile('SHA256SUMS'):\n"
    "    bad('缺少 SHA256SUMS', 'SHA256SUMS is missing')\n"
    "sums = {}\n"
    "with open('SHA256SUMS', encoding='utf-8') as f:\n"
    "    for line in f:\n"
    "        h, _, name = line.rstrip('\\n').partition('  ')\n"
    "        sums[name] = h\n"
    "for name, h in sums.items():\n"
    "    if not os.path.isfile(name):\n"
    "        bad('文件缺失: ' + name, 'missing file: ' + name)\n"
    "    if sha(name) != h:\n"
    "        bad('文件内容与 SHA256SUMS 不符: ' + name, 'file does not match SHA256SUMS: ' + "
    "name)\n"
    "for root, dirs, files in os.walk('.'):\n"
    "    for n in files:\n"
    "        p = os.path.relpath(os.path.join(root, n), '.')\n"
    "        if p not in sums and p != 'SHA256SUMS':\n"
    "            bad('SHA256SUMS 未列出的文件: ' + p, 'a file SHA256SUMS does not list: ' + p)\n"
    "\n"
    "# 2. manifest.json: every record's file and signature files.\n"
    "m = json.load(open('manifest.json', encoding='utf-8'))\n"
    "for r in m['records']:\n"
    "    f = r['file']\n"
    "    if f not in sums or sha(f) != r['id']:\n"
    "        bad('证据文件缺失或被改动: ' + f, 'record file missing or changed: ' + f)\n"
    "    if os.path.getsize(f) != r['size']:\n"
    "        bad('证据文件大小不符: ' + f, 'record file size differs: ' + f)\n"
    "    for s in r['signatures']:\n"
    "        d = s['files'] + '/'\n"
    "        for n in ('signer.pem', 'msg.bin', 'sig.bin', 'signed.bin'):\n"
    "            if d + n not in sums:\n"
    "                bad('签名文件缺失: ' + d + n, 'signature file missing: ' + d + n)\n"
    "        signed = open(d + 'signed.bin', 'rb').read()\n"
    "        msg = open(d + 'msg.bin', 'rb').read()\n"
    "        if (hashlib.blake2b(signed, digest_size=32).digest() != msg\n"
    "                or msg.hex() != s['signed_message_hex']\n"
    "                or open(d + 'sig.bin', 'rb').read().hex() != s['signature_hex']):\n"
    "            bad('签名文件与 manifest.json 不符: ' + d, 'signature files differ from "
    "manifest.json: ' + d)\n"
    "for k in ('case_versions', 'evidence_index', 'case_timeline', 'notifications'):\n"
    "    x = m.get(k)\n"
    "    if x and (x['file'] not in sums or sha(x['file']) != x['sha256']):\n"
    "        bad(x['file'] + ' 与 manifest.json 所记 SHA-256 不符', x['file'] + ' differs from its "
    "sha256 in manifest.json')\n"
    "\n"
    "# 3. audit.jsonl: one unbroken chain from its first entry to the chain head.\n"
    "lines = jsonl('audit.jsonl')\n"
    "if not lines or 'chain_head' not in lines[-1]:\n"
    "    bad('audit.jsonl 最后一行不是链头', 'the last line of audit.jsonl is not the chain "
    "head')\n"
    "head, entries = lines[-1]['chain_head'], lines[:-1]\n"
    "prev = None\n"
    "for e in entries:\n"
    "    if prev is None and e['seq'] == 1 and e['prev_hash'] != ZERO:\n"
    "        bad('序号 1 的审计记录 prev_hash 不为零', 'audit entry 1: prev_hash is not zero')\n"
    "    if prev is not None and e['seq'] != prev['seq'] + 1:\n"
    "        bad('审计记录缺失: 序号 %d 之后是序号 %d' % (prev['seq'], e['seq']),\n"
    "            'audit entries missing: %d is followed by %d' % (prev['seq'], e['seq']))\n"
    "    if prev is not None and e['prev_hash'] != prev['hash']:\n"
    "        bad('审计链断开: 序号 %d 的 prev_hash 不等于序号 %d 的 hash' % (e['seq'], "
    "prev['seq']),\n"
    "            'audit chain broken: entry %d prev_hash is not entry %d hash' % (e['seq'], "
    "prev['seq']))\n"
    "    if 'action' in e:\n"
    "        b = text('hr.evidence.audit.v1') + struct.pack('>Qq', e['seq'], e['at_ms'])\n"
    "        for k in ('actor', 'action', 'evidence_id', 'case_id', 'detail'):\n"
    "            b += text(e[k])\n"
    "        if hashlib.sha256(b + bytes.fromhex(e['prev_hash'])).hexdigest() != e['hash']:\n"
    "            bad('序号 %d 的审计记录 hash 复算不符 (内容被改动)' % e['seq'],\n"
    "                'audit entry %d: its hash does not recompute (edited)' % e['seq'])\n"
    "    elif sorted(e) != ['hash', 'prev_hash', 'seq']:\n"
    "        bad('序号 %d 的审计记录既非完整记录亦非存根' % e['seq'],\n"
    "            'audit entry %d is neither a full entry nor a stub' % e['seq'])\n"
    "    prev = e\n"
    "if prev is None or prev['seq'] != head['seq'] or prev['hash'] != head['hash']:\n"
    "    bad('审计记录未连到链头', 'the audit entries do not reach the chain head')\n"
    "full = [e for e in entries if 'action' in e]\n"
    "if m['audit']['entries'] != len(entries) or m['audit'].get('stubs', 0) != len(entries) - "
    "len(full):\n"
    "    bad('审计记录条数与 manifest.json 不符', 'the number of audit entries differs from "
    "manifest.json')\n"
    "exp = [e for e in full if e['seq'] == m['export_audit_seq']]\n"
    "if not exp or exp[0]['action'] != 'export' or exp[0]['case_id'] != m['case_id']:\n"
    "    bad('缺少本次导出的 export 审计记录', 'the export audit entry is missing')\n"
    "\n"
    "# 4. case-journal.jsonl: every entry recomputes; its head is the one the export entry "
    "records.\n"
    "if 'case_journal' in m:\n"
    "    lines = jsonl('case-journal.jsonl')\n"
    "    if not lines or 'journal_head' not in lines[-1]:\n"
    "        bad('case-journal.jsonl 最后一行不是日志链头', 'the last line of case-journal.jsonl "
    "is not the journal head')\n"
    "    seen = {}\n"
    "    for e in lines[:-1]:\n"
    "        row = base64.b64decode(e['case_bytes_base64'])\n"
    "        if hashlib.sha256(row).hexdigest() != e['case_sha256']:\n"
    "            bad('案件日志序号 %d 的案件内容被改动' % e['seq'], 'case journal entry %d: the "
    "case bytes were changed' % e['seq'])\n"
    "        b = text('hr.workflow.case_journal.v1') + struct.pack('>Qq', e['seq'], e['at_ms'])\n"
    "        for k in ('case_id', 'actor', 'msg_id', 'request', 'note'):\n"
    "            b += text(e[k])\n"
    "        b += bytes.fromhex(e['case_sha256']) + bytes.fromhex(e['prev_hash'])\n"
    "        if hashlib.sha256(b).hexdigest() != e['hash'] or e['case_id'] != m['case_id']:\n"
    "            bad('案件日志序号 %d 的 hash 复算不符' % e['seq'], 'case journal entry %d: its "
    "hash does not recompute' % e['seq'])\n"
    "        seen[e['seq']] = e['case_sha256']\n"
    "    if len(seen) != m['case_journal']['entries']:\n"
    "        bad('案件日志条数与 manifest.json 不符', 'the number of case journal entries differs "
    "from manifest.json')\n"
    "    # The value a notice or certificate prints (its closing line) is the hash of this case's\n"
    "    # latest journal entry when it was made: the employee holds it, so a journal rewritten\n"
    "    # before that point, however consistently, no longer has an entry with that hash.\n"
    "    hashes = {e['hash']: e['seq'] for e in lines[:-1]}\n"
    "    for r in m['records']:\n"
    "        if r['kind'] not in ('notice_letter', 'termination_certificate'):\n"
    "            continue\n"
    "        t = open(r['file'], 'rb').read().decode('utf-8', 'replace')\n"
    "        for v in re.findall(ANCHOR, t):\n"
    "            hit = [s for h, s in hashes.items() if h.startswith(v)]\n"
    "            if not hit:\n"
    "                bad('%s 所载本案记录摘要值 %s 不是案件日志中任何一条的 hash (日志被改写?)' % "
    "(r['file'], v),\n"
    "                    '%s states case record digest %s, the hash of no case journal entry "
    "(journal rewritten?)' % (r['file'], v))\n"
    "            anchors.append((r['file'], v, hit[0]))\n"
    "    jh = lines[-1]['journal_head']\n"
    "    if ' case_journal_head=%d:%s' % (jh['seq'], jh['hash']) not in ' ' + exp[0]['detail']:\n"
    "        bad('案件日志链头与 export 审计记录不符', 'the journal head differs from the export "
    "audit entry')\n"
    "    if 'case_versions' in m:\n"
    "        v = json.load(open('case-versions.json', encoding='utf-8'))\n"
    "        for x in v['versions']:\n"
    "            if seen.get(x['seq']) != x['case_sha256']:\n"
    "                bad('case-versions.json 中序号 %d 的版本与案件日志不对应' % x['seq'],\n"
    "                    'case-versions.json version %d matches no case journal entry' % "
    "x['seq'])\n"
    "\n"
    "for f, v, seq in anchors:\n"
    "    print('OK: %s 所载本案记录摘要值 %s 为案件日志序号 %d 的 hash' % (f, v, seq))\n"
    "    print('OK: %s states case record digest %s: case journal entry %d' % (f, v, seq))\n"
    "print('OK: %d 个文件、%d 条审计记录 (其中 %d 条存根)、审计链连至链头 %d, 均核对无误' %\n"
    "      (len(sums), len(entries), len(entries) - len(full), head['seq']))\n"
    "print('OK: %d files, %d audit entries (%d stubs) linked to chain head %d: all check out' %\n"
    "      (len(sums), len(entries), len(entries) - len(full), head['seq']))\n";

static int s_write(const char *dir, const char *name, const char *text, json_t *manifest,
                   const char *key)
{
    char *path = hr_strfmt("%s/%s", dir, name);
    hr_rc_t rc = hr_file_write(path, text, strlen(text));
    if (rc)
        fprintf(stderr, "hrctl evidence export: %s: %s\n", path, strerror(errno));
    hr_free(path);
    if (rc || !key)
        return rc ? -1 : 0;
    unsigned char d[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256(d, (const unsigned char *)text, strlen(text));
    ev_hex(d, sizeof d, hex);
    json_object_set_new(manifest, key, json_pack("{s:s,s:s}", "file", name, "sha256", hex));
    return 0;
}

char *ctl_export_local(int64_t ms, const ctl_zone_t *z, hr_arena_t *arena)
{
    char t[HR_TIME_ISO_LEN];
    hr_time_iso(ms + (int64_t)z->offset_min * HR_MINUTE_MS, t);
    t[10] = ' ';
    t[19] = '\0';
    return hr_arena_fmt(arena, "%s %s", t, z->name);
}

// The kinds in Chinese, as the evidence index names them (ev_kinds).
static const char *const s_kinds_zh[][2] = {
    {"performance_report", "绩效报告"},
    {"assessment_result", "考核结果"},
    {"training_record", "培训记录"},
    {"rule_document", "规章制度"},
    {"rule_acknowledgement", "规章制度签收记录"},
    {"attendance_record", "考勤记录"},
    {"complaint_record", "投诉记录"},
    {"feedback_talk_record", "绩效反馈面谈记录"},
    {"hiring_conditions", "录用条件"},
    {"agreement", "协议"},
    {"notice_letter", "解除劳动合同通知书"},
    {"union_notice", "工会通知"},
    {"facts_snapshot", "事实快照"},
    {"termination_certificate", "解除(终止)劳动合同证明"},
    {"other", "其他"},
};

static const char *s_kind_zh(const char *kind)
{
    for (size_t i = 0; i < HR_ARRAY_LEN(s_kinds_zh); i++)
        if (kind && !strcmp(kind, s_kinds_zh[i][0]))
            return s_kinds_zh[i][1];
    return "其他";
}

static const char *s_str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static bool s_has(const json_t *arr, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(
        arr, i, v) if (!strcmp(json_string_value(v) ? json_string_value(v) : "", id)) return true;
    return false;
}

// What the case says record id is to prove, or "" when it says nothing (kase: the case's last
// version as case-versions.json renders it; NULL without a journal).
static const char *s_purpose(const json_t *kase, const char *id, hr_arena_t *arena)
{
    const char *out = "";
#define S_ADD(text) out = hr_arena_fmt(arena, "%s%s%s", out, *out ? "；" : "", (text))
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(kase, "evidence"), i, v)
    {
        if (!strcmp(s_str(v, "id"), id) && *s_str(v, "note"))
            S_ADD(hr_arena_fmt(arena, "附入说明：%s", s_str(v, "note")));
    }
    json_array_foreach(json_object_get(kase, "facts"), i, v)
    {
        if (s_has(json_object_get(v, "evidence_ids"), id))
            S_ADD(hr_arena_fmt(arena, "证明事实 %s", s_str(v, "fact")));
    }
    const json_t *o = json_object_get(kase, "outcome");
    if (!strcmp(s_str(o, "evidence_id"), id))
        S_ADD("解除通知或协议本身");
    if (!strcmp(s_str(o, "service_evidence_id"), id))
        S_ADD("送达");
    const json_t *u = json_object_get(kase, "union_record");
    if (!strcmp(s_str(u, "notice_evidence_id"), id))
        S_ADD("已通知工会（劳动合同法第四十三条）");
    if (!strcmp(s_str(u, "opinion_evidence_id"), id))
        S_ADD("工会意见");
    if (!strcmp(s_str(u, "reply_evidence_id"), id))
        S_ADD("对工会意见的答复");
#undef S_ADD
    return out;
}

static const json_t *s_last_case(const json_t *versions)
{
    const json_t *arr = json_object_get(versions, "versions");
    return json_object_get(json_array_get(arr, json_array_size(arr) - 1), "case");
}

static char *s_index(const json_t *m, const json_t *versions, const ctl_zone_t *z,
                     hr_arena_t *arena)
{
    const json_t *kase = s_last_case(versions);
    int64_t exported = json_integer_value(json_object_get(m, "exported_ms"));
    char *t = hr_arena_fmt(
        arena,
        "证据目录\n========\n案件：%s%s%s\n导出时间：%s（UTC %s）\n"
        "时间均为公司所在时区（%s）的当地时间。本目录由本导出中的 manifest.json 与\n"
        "case-versions.json 生成，便于查阅；以各证据文件本身及其 SHA-256 为准。\n",
        s_str(m, "case_id"), kase ? "    员工：" : "", kase ? s_str(kase, "employee_no") : "",
        ctl_export_local(exported, z, arena), s_str(m, "exported_at"), z->name);
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(m, "records"), i, r)
    {
        const char *purpose = s_purpose(kase, s_str(r, "id"), arena);
        t = hr_arena_fmt(
            arena,
            "%s\n序号 %zu\n  证据名称：%s（%s）\n  文件：%s（原文件名 %s）\n"
            "  SHA-256：%s\n  提交人：%s\n  提交时间：%s\n  证明目的：%s\n",
            t, i + 1, s_kind_zh(s_str(r, "kind")), s_str(r, "kind"), s_str(r, "file"),
            s_str(r, "original_name"), s_str(r, "id"), s_str(r, "uploader"),
            ctl_export_local(json_integer_value(json_object_get(r, "uploaded_ms")), z, arena),
            *purpose ? purpose : "（案件未载明）");
        size_t k;
        json_t *s;
        json_array_foreach(json_object_get(r, "signatures"), k, s)
        {
            bool declined = !strcmp(s_str(s, "disposition"), "declined");
            t = hr_arena_fmt(
                arena, "%s  签名：%s %s，%s（签名人身份未经系统认证，见 README.txt）\n", t,
                s_str(s, "signer"), declined ? "拒绝签字" : "签字确认",
                ctl_export_local(json_integer_value(json_object_get(s, "signed_ms")), z, arena));
        }
    }
    return t;
}

// The workflow's requests as the timeline says them.
static const char *const s_requests_zh[][2] = {
    {"workflow.OpenCase", "立案"},
    {"workflow.SubmitCase", "提交解除申请"},
    {"workflow.ReviewCase", "人事审核"},
    {"workflow.ApproveCase", "上级批准"},
    {"workflow.PrepareCase", "安排面谈，发出面谈邀请"},
    {"workflow.ConfirmInterview", "确认出席面谈"},
    {"workflow.RecordOutcome", "记录处理结果（解除通知或协议）"},
    {"workflow.RecordUnion", "记录工会通知或意见"},
    {"workflow.RecordPayment", "记录支付"},
    {"workflow.CloseCase", "结案"},
    {"workflow.CompleteDuty", "完成交接事项"},
    {"workflow.AttachEvidence", "附入证据"},
    {"workflow.WithdrawCase", "撤回案件"},
    {"workflow.RescindCase", "撤销解除"},
    {"workflow.RecordDispute", "记录劳动争议"},
    {"workflow.ReassignCase", "改派处理人"},
    {"workflow.SetCaseTemplate", "更换流程模板"},
    {"upgrade", "案件日志自系统升级时开始记录"},
};

static const char *s_request_zh(const char *request)
{
    for (size_t i = 0; i < HR_ARRAY_LEN(s_requests_zh); i++)
        if (!strcmp(request, s_requests_zh[i][0]))
            return s_requests_zh[i][1];
    return request;
}

typedef struct {
    char **lines; // "<key><index> <text>": key the local time or a day padded, index the order
                  // added (events at the same time stay in the journal's order)
    size_t n, cap;
    hr_arena_t *arena;
    const ctl_zone_t *z;
} s_events_t;

static void s_event(s_events_t *ev, const char *key, const char *text)
{
    if (!key || !*key)
        return;
    if (ev->n == ev->cap) {
        ev->cap = ev->cap ? 2 * ev->cap : 64;
        char **grown = hr_arena_alloc(ev->arena, ev->cap * sizeof *grown);
        if (ev->n)
            memcpy(grown, ev->lines, ev->n * sizeof *grown);
        ev->lines = grown;
    }
    ev->lines[ev->n] = hr_arena_fmt(ev->arena, "%-29s%06zu %s", key, ev->n, text);
    ev->n++;
}

static void s_event_ms(s_events_t *ev, int64_t ms, const char *text)
{
    if (ms > 0)
        s_event(ev, ctl_export_local(ms, ev->z, ev->arena), text);
}

static int s_cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *s_timeline(const json_t *m, const json_t *versions, const ctl_zone_t *z,
                        hr_arena_t *arena)
{
    s_events_t ev = {.arena = arena, .z = z};
    const json_t *kase = s_last_case(versions);
    const char *manager = s_str(kase, "manager_no");
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(versions, "versions"), i, v)
    {
        const char *req = s_str(v, "request"), *actor = s_str(v, "actor");
        const char *what = s_request_zh(req);
        if (!strcmp(req, "workflow.ConfirmInterview") && *manager && !strcmp(actor, manager))
            what = "直线经理确认出席面谈";
        s_event_ms(&ev, json_integer_value(json_object_get(v, "at_ms")),
                   hr_arena_fmt(arena, "%s（%s，案件日志序号 %lld）", what, actor,
                                (long long)json_integer_value(json_object_get(v, "seq"))));
    }
    const json_t *iv = json_object_get(kase, "interview");
    if (*s_str(iv, "date"))
        s_event(&ev,
                hr_arena_fmt(arena, "%s %s:00 %s", s_str(iv, "date"), s_str(iv, "time"), z->name),
                hr_arena_fmt(arena, "面谈（地点：%s；人事确认：%s；直线经理确认出席：%s）",
                             s_str(iv, "place"),
                             json_is_true(json_object_get(iv, "hr_confirmed")) ? "是" : "否",
                             json_is_true(json_object_get(iv, "manager_confirmed")) ? "是" : "否"));
    const json_t *o = json_object_get(kase, "outcome");
    s_event(&ev, s_str(o, "served_date"), "解除通知送达或协议签订之日");
    s_event(&ev, s_str(o, "effective_date"), "劳动合同解除生效（最后工作日）");
    const json_t *u = json_object_get(kase, "union_record");
    s_event(&ev, s_str(u, "notice_date"), "通知工会（劳动合同法第四十三条）");
    if (*s_str(u, "opinion_date"))
        s_event(&ev, s_str(u, "opinion_date"),
                hr_arena_fmt(arena, "工会意见：%s",
                             !strcmp(s_str(u, "opinion"), "objection") ? "提出异议"
                             : !strcmp(s_str(u, "opinion"), "none")    ? "无异议"
                                                                       : s_str(u, "opinion")));
    s_event(&ev, s_str(u, "reply_date"), "公司答复工会意见");
    json_array_foreach(json_object_get(kase, "payments"), i, v)
    {
        json_int_t fen = json_integer_value(json_object_get(v, "amount_fen"));
        s_event(&ev, s_str(v, "paid_date"),
                hr_arena_fmt(arena, "%s %s %lld.%02lld 元（%s，登记人 %s）",
                             *s_str(v, "reverses") ? "冲正" : "支付", s_str(v, "item"),
                             (long long)(fen / 100), (long long)(fen % 100), s_str(v, "method"),
                             s_str(v, "recorded_by")));
    }
    json_array_foreach(json_object_get(kase, "notifications"), i, v)
    {
        // What reached the employee, and the interview's invitations; the workflow's own
        // reminders to its staff (step_assigned, overdue) are not the case's story.
        const char *to = "", *employee = s_str(kase, "employee_no");
        bool told = !strncmp(s_str(v, "template_id"), "interview", 9);
        size_t k;
        json_t *x;
        json_array_foreach(json_object_get(v, "to"), k, x)
        {
            told |= !strcmp(json_string_value(x), employee);
            to = hr_arena_fmt(arena, "%s%s%s", to, *to ? "、" : "", json_string_value(x));
        }
        if (!told)
            continue;
        s_event_ms(&ev, json_integer_value(json_object_get(v, "at_ms")),
                   hr_arena_fmt(arena, "发出通知 %s，收件人 %s（通知内容与送达记录见 README.txt）",
                                s_str(v, "template_id"), to));
    }
    json_array_foreach(json_object_get(m, "records"), i, v)
    {
        s_event_ms(&ev, json_integer_value(json_object_get(v, "uploaded_ms")),
                   hr_arena_fmt(arena, "证据存证：%s，%s（%s）", s_kind_zh(s_str(v, "kind")),
                                s_str(v, "file"), s_str(v, "uploader")));
        size_t k;
        json_t *s;
        json_array_foreach(json_object_get(v, "signatures"), k, s) s_event_ms(
            &ev, json_integer_value(json_object_get(s, "signed_ms")),
            hr_arena_fmt(arena, "%s %s：%s", s_str(s, "signer"),
                         strcmp(s_str(s, "disposition"), "declined") ? "签字确认" : "拒绝签字",
                         s_kind_zh(s_str(v, "kind"))));
    }
    // The close is the journal's CloseCase entry; a journal started after it has none.
    bool closed = false;
    json_array_foreach(json_object_get(versions, "versions"), i, v) closed |=
        !strcmp(s_str(v, "request"), "workflow.CloseCase");
    if (!closed)
        s_event_ms(&ev, json_integer_value(json_object_get(kase, "closed_ms")), "案件结案");
    s_event_ms(&ev,
               json_integer_value(json_object_get(json_object_get(m, "case_holds"), "closed_ms")),
               "证据保存期限起算（结案时间与劳动合同最后一日当地 24:00 两者中较晚者）");
    qsort(ev.lines, ev.n, sizeof *ev.lines, s_cmp_line);
    char *t = hr_arena_fmt(
        arena,
        "案件经过\n========\n案件：%s%s%s\n时间均为公司所在时区（%"
        "s）的当地时间；只有日期的事项按当日\n"
        "列出。本文件由本导出中的 case-versions.json（案件日志的可读转写）与 manifest.json\n"
        "生成，便于查阅；以 case-journal.jsonl、audit.jsonl 及各证据文件为准。\n\n",
        s_str(m, "case_id"), kase ? "    员工：" : "", kase ? s_str(kase, "employee_no") : "",
        z->name);
    for (size_t k = 0; k < ev.n; k++) // the index is for sorting, not for reading
        t = hr_arena_fmt(arena, "%s%.29s %s\n", t, ev.lines[k], ev.lines[k] + 36);
    return t;
}

int ctl_export_docs(const char *dir, json_t *manifest, const ctl_zone_t *z)
{
    hr_arena_t *arena = hr_arena_new(0);
    char *path = hr_strfmt("%s/case-versions.json", dir);
    json_t *versions = json_load_file(path, 0, NULL); // NULL: no journal exported
    hr_free(path);
    int rc = s_write(dir, "verify.py", s_verify_py, manifest, NULL) ||
                     s_write(dir, "evidence-index.zh.txt", s_index(manifest, versions, z, arena),
                             manifest, "evidence_index") ||
                     s_write(dir, "case-timeline.zh.txt", s_timeline(manifest, versions, z, arena),
                             manifest, "case_timeline")
                 ? -1
                 : 0;
    json_decref(versions);
    hr_arena_destroy(&arena);
    return rc;
}

typedef struct {
    char **names; // owned: paths relative to the export's directory
    size_t n;
} s_files_t;

// Every regular file under dir/rel, recursively, into f. 0, or -1 said on stderr.
static int s_walk(const char *dir, const char *rel, s_files_t *f)
{
    char *path = *rel ? hr_strfmt("%s/%s", dir, rel) : hr_strfmt("%s", dir);
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "hrctl evidence export: %s: %s\n", path, strerror(errno));
        hr_free(path);
        return -1;
    }
    int rc = 0;
    struct dirent *de;
    while (!rc && (de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        char *name = *rel ? hr_strfmt("%s/%s", rel, de->d_name) : hr_strfmt("%s", de->d_name);
        char *full = hr_strfmt("%s/%s", dir, name);
        struct stat st;
        if (lstat(full, &st)) {
            fprintf(stderr, "hrctl evidence export: %s: %s\n", full, strerror(errno));
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            rc = s_walk(dir, name, f);
        } else if (S_ISREG(st.st_mode) && strcmp(name, "SHA256SUMS")) {
            if (f->n == S_SUMS_MAX) {
                fprintf(stderr, "hrctl evidence export: more than %d files\n", S_SUMS_MAX);
                rc = -1;
            } else {
                f->names[f->n++] = name;
                name = NULL;
            }
        }
        hr_free(full);
        hr_free(name);
    }
    closedir(d);
    hr_free(path);
    return rc;
}

static int s_cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int ctl_export_sums(const char *dir)
{
    s_files_t f = {.names = hr_alloc(S_SUMS_MAX * sizeof(char *))};
    int rc = s_walk(dir, "", &f);
    qsort(f.names, f.n, sizeof *f.names, s_cmp_name);
    size_t cap = 4096, len = 0;
    char *out = hr_alloc(cap);
    out[0] = '\0';
    for (size_t i = 0; !rc && i < f.n; i++) {
        char *path = hr_strfmt("%s/%s", dir, f.names[i]);
        FILE *in = fopen(path, "rb");
        crypto_hash_sha256_state st;
        crypto_hash_sha256_init(&st);
        unsigned char buf[65536];
        size_t n;
        while (in && (n = fread(buf, 1, sizeof buf, in)) > 0)
            crypto_hash_sha256_update(&st, buf, n);
        if (!in || ferror(in)) {
            fprintf(stderr, "hrctl evidence export: %s: %s\n", path, strerror(errno));
            rc = -1;
        }
        if (in)
            fclose(in);
        hr_free(path);
        unsigned char d[crypto_hash_sha256_BYTES];
        char hex[2 * crypto_hash_sha256_BYTES + 1];
        crypto_hash_sha256_final(&st, d);
        ev_hex(d, sizeof d, hex);
        size_t need = strlen(hex) + 2 + strlen(f.names[i]) + 2;
        while (len + need > cap)
            out = hr_realloc(out, cap *= 2);
        len += (size_t)snprintf(out + len, cap - len, "%s  %s\n", hex, f.names[i]);
    }
    if (!rc) {
        char *path = hr_strfmt("%s/SHA256SUMS", dir);
        if (hr_file_write(path, out, len)) {
            fprintf(stderr, "hrctl evidence export: %s: %s\n", path, strerror(errno));
            rc = -1;
        }
        hr_free(path);
    }
    for (size_t i = 0; i < f.n; i++)
        hr_free(f.names[i]);
    hr_free(f.names);
    hr_free(out);
    return rc;
}
