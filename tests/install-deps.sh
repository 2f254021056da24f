#!/bin/sh
# Install, from Debian's archive, everything the builds and tests need.
# Quick when all is there already; needs root (or sudo) otherwise.
# The booted-system test's guest is arm64: its programs are cross-built
# against Debian's arm64 libraries (multiarch), which it also runs with.
set -eu
packages="
	build-essential bc bison flex libelf-dev libssl-dev python3 rsync cpio xz-utils
	linux-source-6.12 linux-headers-6.12-amd64 sparse
	linux-source-6.1 linux-headers-amd64
	pkg-config clang libclang-rt-14-dev libasound2-dev libjson-c-dev libcmocka-dev
	valgrind
	device-tree-compiler dt-schema gcc-aarch64-linux-gnu dkms openssl kmod
	qemu-system-arm busybox-static alsa-utils
	libc6-dev:arm64 libasound2-dev:arm64 libjson-c-dev:arm64
	systemd bash-completion
	debhelper dh-dkms lintian man-db
"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "installing:$missing"
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
dpkg --print-foreign-architectures | grep -qx arm64 ||
	$sudo dpkg --add-architecture arm64
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
