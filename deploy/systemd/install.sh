#!/usr/bin/env bash
# install.sh - hr-dismissal on a bare server under systemd, for a real company (no demo).
#
#   deploy/systemd/install.sh [--build DIR] [--destdir DIR]
#
# From a build (default build/, made by deploy/run.sh or cmake): installs the binaries to
# /usr/local/bin and the shipped configs to /usr/local/share/hr-dismissal (cmake --install), then
#   - the system user and group hr (no login, home /var/lib/hr);
#   - /etc/hr: the configs adapted to this layout - bus endpoints ipc:///run/hr/<name>.ipc, stores
#     /var/lib/hr/<service>, the mail file channel /var/lib/hr/mail, calendar and documents in
#     /etc/hr - with calendar.txt, template-default.txt and documents/; a file already there is
#     never overwritten: the new one is written beside it as FILE.new, and it says so;
#   - /etc/hr/keys/evidence.key: the evidence master key, 32 random bytes in hex, 0600, owner hr,
#     outside the data directory; made once and never replaced (without it no blob can be read:
#     keep a copy apart from the backups);
#   - /var/lib/hr/<service>, /var/lib/hr/mail, /var/backups/hr: 0700, owner hr;
#   - /etc/systemd/system/hr@.service and hr.target, hr@evidence.service.d/shred-ledger.conf
#     (hr-evidence may write /etc/hr/keys: its shred ledger), then systemctl daemon-reload.
# It starts nothing: it prints the commands that do. Run it as root. --destdir DIR installs
# everything under DIR instead of / (packaging, or a look before the real thing): then no user is
# made, nothing is chowned and systemctl is not called. Exits 0 when done, 1 naming what failed,
# 2 for bad usage.
set -euo pipefail

usage() {
    echo "usage: deploy/systemd/install.sh [--build DIR] [--destdir DIR]" >&2
    exit 2
}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=$src/build
destdir=
while [[ $# -gt 0 ]]; do
    case $1 in
    --build)
        [[ $# -ge 2 && -n $2 ]] || usage
        build=$2
        shift 2
        ;;
    --destdir)
        [[ $# -ge 2 && -n $2 ]] || usage
        destdir=$(mkdir -p "$2" && cd "$2" && pwd)
        shift 2
        ;;
    *) usage ;;
    esac
done
fail() {
    echo "install.sh: $*" >&2
    exit 1
}
[[ -f $build/cmake_install.cmake ]] ||
    fail "$build is not a build directory (build first: deploy/run.sh, or cmake -S . -B build)"
[[ -n $destdir || $(id -u) -eq 0 ]] || fail "run it as root (or with --destdir DIR)"

PREFIX=/usr/local
SERVICES=(workflow evidence analytics notify assistant gateway)
etc=$destdir/etc/hr
lib=$destdir/var/lib/hr
owner=()
[[ -n $destdir ]] || owner=(-o hr -g hr)

# The user the units run as.
if [[ -z $destdir ]] && ! getent passwd hr >/dev/null; then
    useradd --system --user-group --home-dir /var/lib/hr --no-create-home \
        --shell /usr/sbin/nologin hr || fail "could not create the user hr"
    echo "install.sh: created the system user hr"
fi

# Binaries and the shipped configs (CMake's install rules).
DESTDIR=$destdir cmake --install "$build" --prefix "$PREFIX" >/dev/null ||
    fail "cmake --install $build failed"
shipped=$destdir$PREFIX/share/hr-dismissal/config
[[ -f $shipped/workflow.cfg ]] || fail "$shipped/workflow.cfg was not installed"

# Writes the text on stdin to $1 with mode $2: as it is when $1 is new or the same, else beside
# it as $1.new (an administrator's edits are never overwritten).
put() {
    local target=$1 mode=$2 tmp
    tmp=$(mktemp "$target.XXXXXX")
    cat >"$tmp"
    chmod "$mode" "$tmp"
    [[ -n $destdir ]] || chown root:hr "$tmp"
    if [[ ! -e $target ]]; then
        mv "$tmp" "$target"
    elif cmp -s "$tmp" "$target"; then
        rm -f "$tmp"
    else
        mv "$tmp" "$target.new"
        echo "install.sh: $target exists and differs: the new one is $target.new (compare them)"
    fi
}

# /etc/hr: readable by hr, writable by root only.
install -d -m 0750 "$etc" "$etc/documents"
[[ -n $destdir ]] || chown root:hr "$etc" "$etc/documents"
for f in "$shipped"/*.cfg; do
    # The layout of deploy/run.sh (relative to the checkout) becomes the installed one.
    sed -e 's|"ipc://var/run/|"ipc:///run/hr/|g' \
        -e 's|"var/keys/evidence.key"|"/etc/hr/keys/evidence.key"|' \
        -e 's|"var/|"/var/lib/hr/|g' \
        -e 's|"deploy/config/|"/etc/hr/|g' \
        "$f" | put "$etc/$(basename "$f")" 0640
done
for f in calendar.txt template-default.txt; do
    put "$etc/$f" 0640 <"$shipped/$f"
done
for f in "$shipped"/documents/*; do
    put "$etc/documents/$(basename "$f")" 0640 <"$f"
done
if grep -l '"var/\|ipc://var/\|"deploy/' "$etc"/*.cfg; then
    fail "the configs above still name a path relative to a checkout"
fi

# Data: one directory per service, 0700, owner hr (the units' StateDirectory= says the same).
install -d -m 0700 "${owner[@]}" "$lib" "$destdir/var/backups/hr"
for s in "${SERVICES[@]}" mail; do
    install -d -m 0700 "${owner[@]}" "$lib/$s"
done

# The evidence master key: outside the data directory, 0600, owner hr, never replaced.
install -d -m 0700 "${owner[@]}" "$etc/keys"
key=$etc/keys/evidence.key
if [[ -f $key ]]; then
    echo "install.sh: $key kept (a key is never replaced)"
else
    (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$key.new" &&
        echo >>"$key.new") || fail "could not write $key"
    [[ -n $destdir ]] || chown hr:hr "$key.new"
    chmod 0600 "$key.new"
    mv "$key.new" "$key"
    echo "install.sh: made the evidence master key $key (0600): keep a copy apart from the" \
        "backups; without it no evidence can be read"
fi

# The units.
units=$destdir/etc/systemd/system
install -d -m 0755 "$units"
install -m 0644 "$here/hr@.service" "$here/hr.target" "$units/"
# hr-evidence writes its shred ledger beside the key (/etc/hr/keys): its own drop-in.
install -d -m 0755 "$units/hr@evidence.service.d"
install -m 0644 "$here/hr@evidence.service.d/shred-ledger.conf" "$units/hr@evidence.service.d/"
if [[ -z $destdir ]] && command -v systemctl >/dev/null; then
    systemctl daemon-reload || echo "install.sh: systemctl daemon-reload failed" >&2
fi

echo "install.sh: installed into ${destdir:-/}: binaries in $PREFIX/bin, configs in /etc/hr," \
    "data in /var/lib/hr, units in /etc/systemd/system"
echo "Next: set the SMTP relay and SMS vendor in /etc/hr/notify.cfg, company/name and"
echo "law/local_average_monthly_wage_YYYY (each year's figure your city published) in"
echo "/etc/hr/workflow.cfg (roles/hr_head if several people hold hr_head), then:"
echo "  systemctl enable --now hr@workflow hr@evidence hr@analytics hr@notify hr@assistant hr@gateway"
echo "  sudo -u hr $PREFIX/bin/hrctl health --config-dir /etc/hr"
echo "  sudo -u hr $PREFIX/bin/hrctl import departments FILE --config-dir /etc/hr   (then people)"
