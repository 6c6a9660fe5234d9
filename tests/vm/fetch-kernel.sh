#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Fetch one of Debian's cloud kernels (they have KPROBES, KPROBE_EVENTS and BTF;
# the host's kernel may not) and extract it into build/vm/kernel-SERIES/.
#
# Usage: tests/vm/fetch-kernel.sh SERIES        SERIES: 6.1 or 6.12
#
# Prints the directory on success; it holds vmlinuz, release (the `uname -r` the
# guest will report) and root/ (the extracted package, modules included).
# Cached: once the directory is complete a second run only prints it.
# Exit 0 ok, 1 the kernel cannot be fetched (the reason is on stderr), 129 usage.
set -e

series=$1
case "$series" in
6.1)	meta=linux-image-cloud-amd64 ;;
6.12)	meta=linux-image-6.12-cloud-amd64 ;;
*)	echo "usage: tests/vm/fetch-kernel.sh 6.1|6.12" >&2; exit 129 ;;
esac

top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$top/build/vm/kernel-$series
if [ -f "$dir/.done" ]; then
	echo "$dir"
	exit 0
fi
# Two tests may ask for the same kernel at once (prove -j): one fetches, the other waits.
mkdir -p "$top/build/vm"
exec 9>"$top/build/vm/.fetch-$series.lock"
flock 9
if [ -f "$dir/.done" ]; then
	echo "$dir"
	exit 0
fi

fail() {
	echo "vm: cannot fetch the $series kernel: $*" >&2
	exit 1
}

command -v apt-get >/dev/null || fail "no apt-get (the harness uses Debian's packages)"

# The meta-package names the current image package, e.g. linux-image-6.1.0-56-cloud-amd64.
resolve() {
	apt-cache depends "$meta" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -n 1
}
pkg=$(resolve)
if [ -z "$pkg" ] && [ "$(id -u)" = 0 ]; then
	apt-get update -qq >/dev/null 2>&1 || true
	pkg=$(resolve)
fi
[ -n "$pkg" ] || fail "apt-cache does not know '$meta' (run 'apt-get update')"

# The unsigned image is the same kernel without the Secure Boot signature.
if apt-cache show "$pkg-unsigned" >/dev/null 2>&1; then
	pkg=$pkg-unsigned
fi

tmp=$top/build/vm/.fetch-$series.$$
rm -rf "$tmp" "$dir"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download -qq "$pkg" >download.log 2>&1) ||
	fail "'apt-get download $pkg' failed: $(tail -n 1 "$tmp/download.log")"
mkdir -p "$tmp/root"
dpkg-deb -x "$tmp"/*.deb "$tmp/root" || fail "cannot extract $(basename "$tmp"/*.deb)"

vmlinuz=$(ls "$tmp"/root/boot/vmlinuz-* 2>/dev/null | head -n 1)
[ -n "$vmlinuz" ] || fail "$pkg holds no /boot/vmlinuz-*"
release=${vmlinuz##*/vmlinuz-}

mkdir -p "$dir"
mv "$tmp/root" "$dir/root"
ln -s "root/boot/vmlinuz-$release" "$dir/vmlinuz"
echo "$release" >"$dir/release"
echo "$pkg" >"$dir/package"
touch "$dir/.done"
echo "$dir"
