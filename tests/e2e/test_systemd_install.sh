#!/usr/bin/env bash
# e2e.systemd_install - deploy/systemd/install.sh into a DESTDIR (no root, no systemd): the
# binaries (cmake --install), /etc/hr's configs adapted to the installed layout, the data
# directories 0700, the evidence key 0600 outside them, the units; run twice, nothing an
# administrator changed is overwritten and the key is never replaced. Then hr-workflow starts
# on the installed config with its paths moved under the DESTDIR (HR_* overrides) and answers.
#
#   tests/e2e/test_systemd_install.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
[[ $# -eq 2 ]] || {
    echo "usage: test_systemd_install.sh SOURCE_DIR BUILD_DIR" >&2
    exit 2
}
src=$1
build=$2
dest=$(mktemp -d "${TMPDIR:-/tmp}/hr-install-XXXXXX")
pid=
cleanup() {
    [[ -z $pid ]] || { kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; } || true
    rm -rf "$dest"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
mode() { stat -c %a "$1"; }

out=$("$src/deploy/systemd/install.sh" --build "$build" --destdir "$dest")
echo "$out"
for b in hr-workflow hr-evidence hr-analytics hr-notify hr-assistant hr-gateway hrctl; do
    [[ -x $dest/usr/local/bin/$b ]] || fail "$b not installed to /usr/local/bin"
done
[[ -f $dest/usr/local/share/hr-dismissal/systemd/hr@.service ]] || fail "units not in share"
for s in workflow evidence analytics notify assistant gateway; do
    cfg=$dest/etc/hr/$s.cfg
    [[ -f $cfg ]] || fail "$cfg missing"
    grep -q "endpoint = \"ipc:///run/hr/$s.ipc\"" "$cfg" || fail "$cfg: bus endpoint not under /run/hr"
    grep -q "dir = \"/var/lib/hr/$s\"" "$cfg" || fail "$cfg: store not under /var/lib/hr"
    grep -q '"var/\|ipc://var/\|"deploy/' "$cfg" && fail "$cfg names a checkout-relative path"
    [[ $(mode "$cfg") == 640 ]] || fail "$cfg is $(mode "$cfg"), not 640"
    [[ -d $dest/var/lib/hr/$s && $(mode "$dest/var/lib/hr/$s") == 700 ]] ||
        fail "/var/lib/hr/$s missing or not 0700"
done
grep -q 'master_file = "/etc/hr/keys/evidence.key"' "$dest/etc/hr/evidence.cfg" ||
    fail "evidence.cfg: the key is not /etc/hr/keys/evidence.key"
grep -q 'file = "/etc/hr/calendar.txt"' "$dest/etc/hr/analytics.cfg" ||
    fail "analytics.cfg: the calendar is not /etc/hr/calendar.txt"
grep -q 'dir = "/var/lib/hr/mail"' "$dest/etc/hr/notify.cfg" || fail "notify.cfg: mail dir"
grep -q 'ipc:///run/hr/workflow-events.ipc' "$dest/etc/hr/workflow.cfg" || fail "events endpoint"
for f in calendar.txt template-default.txt documents/notice.zh.txt; do
    [[ -f $dest/etc/hr/$f ]] || fail "/etc/hr/$f missing"
done
key=$dest/etc/hr/keys/evidence.key
[[ -f $key && $(mode "$key") == 600 && $(mode "$dest/etc/hr/keys") == 700 ]] ||
    fail "the evidence key is missing or not 0600 in a 0700 directory"
[[ $(tr -d '\n' <"$key") =~ ^[0-9a-f]{64}$ ]] || fail "the key is not 32 bytes in hex"
[[ $(mode "$dest/var/lib/hr") == 700 && $(mode "$dest/var/lib/hr/mail") == 700 &&
    $(mode "$dest/var/backups/hr") == 700 ]] || fail "/var/lib/hr, mail or /var/backups/hr not 0700"
[[ -f $dest/etc/systemd/system/hr@.service && -f $dest/etc/systemd/system/hr.target ]] ||
    fail "units not installed"
grep -q 'StateDirectory=hr/%i hr/mail' "$dest/etc/systemd/system/hr@.service" ||
    fail "the unit does not let notify write /var/lib/hr/mail"
grep -qx 'ReadWritePaths=/etc/hr/keys' "$dest/etc/systemd/system/hr@evidence.service.d/shred-ledger.conf" ||
    fail "hr@evidence may not write its shred ledger beside the key (/etc/hr/keys)"
grep -q '^ReadWritePaths=.*/etc/hr/keys' "$dest/etc/systemd/system/hr@.service" &&
    fail "every daemon may write the key directory, not hr-evidence alone"

# Again, after the administrator set the company's name: kept, the new file beside it; the key
# is the same one.
before=$(cat "$key")
sed -i 's|^    name = .*|    name = "Example Corp"|' "$dest/etc/hr/workflow.cfg"
out=$("$src/deploy/systemd/install.sh" --build "$build" --destdir "$dest")
[[ $out == *"workflow.cfg exists and differs"* ]] || fail "the second run did not say workflow.cfg differs"
[[ $out == *"kept (a key is never replaced)"* ]] || fail "the second run did not keep the key"
grep -q 'name = "Example Corp"' "$dest/etc/hr/workflow.cfg" || fail "the administrator's edit was overwritten"
[[ -f $dest/etc/hr/workflow.cfg.new ]] || fail "no workflow.cfg.new"
[[ ! -e $dest/etc/hr/evidence.cfg.new ]] || fail "an unchanged config got a .new"
[[ $(cat "$key") == "$before" ]] || fail "the key was replaced"

# The installed hr-workflow starts on the installed config (paths under the DESTDIR) and serves.
run=$dest/run/hr
mkdir -p "$run"
HR_BUS_ENDPOINT=ipc://$run/workflow.ipc HR_BUS_EVENTS_ENDPOINT=ipc://$run/workflow-events.ipc \
    HR_STORE_DIR=$dest/var/lib/hr/workflow HR_CALENDAR_FILE=$dest/etc/hr/calendar.txt \
    HR_TEMPLATE_FILE=$dest/etc/hr/template-default.txt HR_DOCUMENTS_DIR=$dest/etc/hr/documents \
    "$dest/usr/local/bin/hr-workflow" --config "$dest/etc/hr/workflow.cfg" --ready-fd 3 \
    3>"$dest/ready" >"$dest/workflow.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
    grep -q '^READY' "$dest/ready" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { cat "$dest/workflow.log"; fail "hr-workflow exited"; }
    sleep 0.1
done
grep -q '^READY' "$dest/ready" || { cat "$dest/workflow.log"; fail "hr-workflow not ready"; }
[[ -f $dest/var/lib/hr/workflow/data.mdb ]] || fail "no store in /var/lib/hr/workflow"
echo "e2e.systemd_install: ok"
