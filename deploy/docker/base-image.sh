#!/usr/bin/env bash
# base-image.sh - make the `debian:12` image the Dockerfile starts FROM, without Docker Hub:
# debootstrap Debian 12 (bookworm) from a Debian mirror and import it into the local engine.
# Needed only where Docker Hub cannot be reached; with Hub access `docker-compose build` pulls it.
#
#   deploy/docker/base-image.sh [MIRROR [SECURITY_MIRROR]]     (as root)
#
# MIRROR defaults to http://deb.debian.org/debian, SECURITY_MIRROR to .../debian-security; the
# image's apt sources name bookworm, bookworm-updates and bookworm-security as Docker Hub's do.
#
# Needs debootstrap and a running Docker engine. An existing debian:12 is left alone
# (docker rmi debian:12 first to make it again).
set -euo pipefail
MIRROR=${1:-http://deb.debian.org/debian}
SECURITY_MIRROR=${2:-http://deb.debian.org/debian-security}
DOCKER=${DOCKER:-docker}

if "$DOCKER" image inspect debian:12 >/dev/null 2>&1; then
    echo "base-image.sh: debian:12 is there already; nothing to do"
    exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
    echo "base-image.sh: debootstrap needs root" >&2
    exit 1
fi
command -v debootstrap >/dev/null || {
    echo "base-image.sh: debootstrap is missing (apt-get install debootstrap)" >&2
    exit 1
}

root=$(mktemp -d /tmp/hr-debian12.XXXXXX)
trap 'rm -rf "$root"' EXIT
echo "base-image.sh: debootstrap bookworm from $MIRROR into $root"
debootstrap --variant=minbase bookworm "$root" "$MIRROR"
rm -f "$root"/etc/apt/sources.list
cat >"$root"/etc/apt/sources.list.d/debian.sources <<SOURCES
Types: deb
URIs: $MIRROR
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
# What the official image does too: no package caches or lists in the image.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" --numeric-owner -c . | "$DOCKER" import \
    --change 'CMD ["bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    - debian:12
echo "base-image.sh: debian:12 imported ($("$DOCKER" image inspect -f '{{.Size}}' debian:12) bytes)"
