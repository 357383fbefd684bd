#!/usr/bin/env bash
# The fresh-Debian check of issue 15: `make install` into a Debian root that has no Swift, then
# sfn run, validate and the store inside it through chroot. No container engine answers on the
# build machines, so the "container" is a minbase Debian made with debootstrap (see
# ../shared/notes/decisions.md). Needs root (debootstrap, chroot) and the network on first use
# (about 100 MB from the mirror); the root is reused afterwards. Not part of `make test` or CI.
#
# usage: scripts/fresh-debian-check.sh        (make fresh-debian-check)
#   DEBIAN_ROOT    where the Debian root lives (default /tmp/debian-root)
#   DEBIAN_SUITE   the release (default bookworm)
#   DEBIAN_MIRROR  the mirror (default http://deb.debian.org/debian)
set -euo pipefail
root=${DEBIAN_ROOT:-/tmp/debian-root}
suite=${DEBIAN_SUITE:-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "debootstrap and chroot need root"

step "Debian root: $root ($suite, minbase)"
if [ ! -x "$root/bin/sh" ]; then
  command -v debootstrap >/dev/null || apt-get install -y debootstrap
  debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$root.debootstrap.log" 2>&1 \
    || { tail -20 "$root.debootstrap.log"; fail "debootstrap"; }
fi
cat "$root/etc/debian_version"
# No Swift anywhere in it: no swift command, no Swift runtime library.
if chroot "$root" /bin/sh -c 'command -v swift swiftc' >/dev/null 2>&1; then fail "the root has Swift"; fi
if find "$root" -xdev -name 'libswiftCore.so*' 2>/dev/null | grep -q .; then fail "the root has the Swift runtime"; fi
echo "no swift, no libswiftCore.so"

# A container has /proc; a bare chroot does not, and Swift's runtime reads the arguments from
# /proc/self/cmdline.
if ! mountpoint -q "$root/proc"; then
  mount -t proc proc "$root/proc"
  trap 'umount "$root/proc"' EXIT
fi

step "make install PREFIX=$root/usr/local"
make --no-print-directory install PREFIX="$root/usr/local" >/tmp/fresh-debian-install.log 2>&1 \
  || { tail -30 /tmp/fresh-debian-install.log; fail "make install"; }
ls -l "$root/usr/local/bin/sfn"

step "ldd inside the root"
chroot "$root" ldd /usr/local/bin/sfn || true
if chroot "$root" ldd /usr/local/bin/sfn 2>&1 | grep -qi swift; then fail "the binary links a Swift library"; fi
if chroot "$root" ldd /usr/local/bin/sfn 2>&1 | grep -q 'not found'; then fail "a library is missing"; fi

step "examples copied in"
work=/root/sfn-check
rm -rf "$root$work" && mkdir -p "$root$work"
cp definitions/hello.asl.json definitions/hello.input.json "$root$work/"
cat >"$root$work/shell.asl.json" <<'JSON'
{"StartAt": "Greet", "States": {"Greet": {"Type": "Task", "Resource": "shell:./greet.sh", "End": true}}}
JSON
printf '#!/bin/sh\necho "greeting from $(pwd)" >&2\necho "{\\"uname\\": \\"$(uname -s)\\"}"\n' >"$root$work/greet.sh"
chmod +x "$root$work/greet.sh"
ls "$root$work"

# A bare environment from an empty directory, as a new user's first command.
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root /bin/sh -c "cd /tmp && $*"; }

step "sfn --version"
in_root "sfn --version"
step "sfn run (no store)"
in_root "sfn run --no-store $work/hello.asl.json --input $work/hello.input.json"
step "sfn run with the store, then sfn executions"
in_root "rm -f /tmp/sfn-check.db /tmp/sfn-check.db-wal /tmp/sfn-check.db-shm"
in_root "sfn run $work/hello.asl.json --input '{\"name\": \"Debian\"}' --store /tmp/sfn-check.db --name debian-1"
in_root "sfn executions --store /tmp/sfn-check.db"
step "sfn run of a shell: task (runs in the definition's folder; its stderr comes through)"
in_root "sfn run --no-store $work/shell.asl.json"
step "sfn validate"
in_root "sfn validate $work/hello.asl.json"
step "man page and completions installed"
ls "$root/usr/local/share/man/man1/sfn.1" "$root/usr/local/share/bash-completion/completions/sfn"
printf '\nfresh Debian check: OK\n'
