#!/bin/sh
# Install (as root) or name (otherwise) the Debian packages kprof needs.
# Usage: scripts/deps.sh [--check]   (--check: exit 1 if anything is missing)
set -e

BUILD_PKGS="gcc make pkg-config libtraceevent-dev libtracefs-dev libunwind-dev
	libncurses-dev libelf-dev libzstd-dev zlib1g-dev linux-source-6.1
	libiberty-dev libcapstone-dev protobuf-c-compiler libprotobuf-c-dev libbpf-dev"
# make doc (man pages) and its tests: asciidoctor -b manpage, man -l
DOC_PKGS="asciidoctor man-db"
TEST_PKGS="linux-perf perl tmux jq util-linux procps time
	qemu-system-x86 busybox-static cpio clang libclang-rt-14-dev ltrace golang-go"

missing=
for p in $BUILD_PKGS $TEST_PKGS $DOC_PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0
[ "$1" = "--check" ] && { echo "kprof: missing packages:$missing" >&2; exit 1; }

if [ "$(id -u)" != 0 ]; then
	echo "kprof: missing packages:$missing" >&2
	echo "kprof: run 'sudo apt-get install$missing' (or 'make deps' as root)" >&2
	exit 1
fi
echo "kprof: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || true
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
