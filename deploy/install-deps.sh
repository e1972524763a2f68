#!/usr/bin/env bash
# install-deps.sh - install the Debian 12 packages hr-dismissal needs, by name, only what is missing.
#
# Runs as root (or through sudo when it is present). Safe to run any number of times.
set -euo pipefail

PACKAGES=(
    build-essential cmake pkg-config clang
    libczmq-dev libzmq3-dev
    libprotobuf-c-dev protobuf-c-compiler
    liblmdb-dev lmdb-utils
    libcurl4-openssl-dev libsodium-dev libjansson-dev libmicrohttpd-dev
    libssl-dev
    libcmocka-dev
    python3 python3-zmq python3-protobuf python3-aiosmtpd
    protobuf-compiler
    openssl       # the openssl CLI: e2e.notify_smtp makes its TLS test certificates with it
    clang-format  # .ci/checksrc's format check (deploy/test.sh): skipped without it
    procps        # pkill (deploy/run.sh --stop); cmake depends on it today, run.sh uses it itself
)

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if ((${#missing[@]} == 0)); then
    echo "install-deps: all ${#PACKAGES[@]} packages present"
    exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "install-deps: need root to install: ${missing[*]}" >&2; exit 1; }
    SUDO=sudo
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
