#!/usr/bin/env bash
# docker_files.sh - two defects deploy/docker/check.sh found in the container files, kept from
# coming back on machines without Docker (CI):
#   1. every pkg-config module and program CMakeLists.txt requires comes from a package the
#      Dockerfile's build stage installs (libcrypto: libssl-dev was missing, the build stopped);
#   2. every named volume docker-compose.yml mounts has its mount point made in the image, owned
#      by hr (a volume whose place the image lacks is root's: the daemons could not write).
#
#   tests/unit/deploy/docker_files.sh [SOURCE_DIR]
#
# Needs dpkg-query and pkg-config (Debian, deploy/install-deps.sh); exits 77 (skipped) without.
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/../../.." && pwd)}
dockerfile=$root/deploy/docker/Dockerfile
compose=$root/docker-compose.yml
status=0

for tool in dpkg-query pkg-config; do
    command -v "$tool" >/dev/null || {
        echo "docker_files: no $tool here: skipped"
        exit 77
    }
done

# A stage of the Dockerfile as one line: continuation lines joined.
stage() { # stage 1 = build, 2 = the image
    awk -v n="$1" '/^FROM /{k++} k==n' "$dockerfile" | sed 's/\\$//' | tr '\n' ' '
}
build_stage=$(stage 1)
image_stage=$(stage 2)
[[ -n $build_stage && -n $image_stage ]] || {
    echo "docker_files: $dockerfile: no build stage and image stage"
    exit 1
}

# 1. The package each module's .pc file (and protoc-c) belongs to, on this machine.
mapfile -t modules < <(grep -oE 'pkg_check_modules\([A-Z_]+ REQUIRED IMPORTED_TARGET [^)]+\)' \
    "$root/CMakeLists.txt" | sed -E 's/.* ([^ )]+)\)$/\1/')
((${#modules[@]} >= 5)) || {
    echo "docker_files: found only ${#modules[@]} pkg_check_modules in CMakeLists.txt"
    exit 1
}
files=()
for m in "${modules[@]}"; do
    dir=$(pkg-config --variable=pcfiledir "$m") || {
        echo "docker_files: pkg-config does not know $m here (deploy/install-deps.sh)"
        exit 1
    }
    files+=("$m=$dir/$m.pc")
done
program=$(grep -oE 'find_program\([A-Z_]+ [^ )]+' "$root/CMakeLists.txt" | awk '{print $2}')
for p in $program; do
    files+=("$p=$(command -v "$p")")
done
# One dpkg-query for all of them (each call reads every package's file list): "pkg[:arch]: path".
owners=$(dpkg-query -S "${files[@]#*=}" 2>/dev/null || true)
for entry in "${files[@]}"; do
    what=${entry%%=*} file=${entry#*=}
    pkg=$(awk -v f="$file" '{p = $0; sub(/^[^ ]+ /, "", p)} p == f {sub(/:.*/, "", $1); print $1; exit}' <<<"$owners")
    if [[ -z $pkg ]]; then
        echo "docker_files: $what: no package owns $file"
        status=1
    elif ! grep -qE "(^| )$pkg( |$)" <<<"$build_stage"; then
        echo "docker_files: $what comes from $pkg, which the Dockerfile's build stage does not install"
        status=1
    fi
done

# 2. Named volumes (the top-level volumes: list) and where services mount them.
mapfile -t volumes < <(awk '/^volumes:/{v=1; next} /^[^ #]/{v=0} v && /^  [a-z0-9_-]+:/' "$compose" |
    sed -E 's/^  ([a-z0-9_-]+):.*/\1/')
((${#volumes[@]} > 0)) || {
    echo "docker_files: no named volumes in $compose"
    exit 1
}
made=" $(grep -oE 'install -d -o hr[^&]*' <<<"$image_stage" | tr -s ' ' || true) "
checked=0
for v in "${volumes[@]}"; do
    # shellcheck disable=SC2013 # a mount point is one word
    for place in $(grep -oE "(^|[[ ,])$v:/[^],: ]+" "$compose" | sed -E "s/^.?$v://" | sort -u); do
        checked=$((checked + 1))
        if [[ $made != *" $place "* ]]; then
            echo "docker_files: volume $v is mounted at $place, which the image does not make for hr" \
                "(install -d -o hr -g hr ... in the Dockerfile)"
            status=1
        fi
    done
done
((checked >= ${#volumes[@]})) || {
    echo "docker_files: only $checked mounts found for ${#volumes[@]} volumes"
    exit 1
}
((status)) || echo "docker_files: ${#files[@]} build dependencies in the Dockerfile, $checked volume mount points made for hr"
exit $status
