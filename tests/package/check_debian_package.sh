#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the Debian package of a build folder into a temporary folder and checks what a user
# gets from it: the programs, the icon, the .desktop entry and the MIME type of .embex sessions
# (whose magic must match a session embex-cli writes), and Depends that name the Debian package
# of every shared library the programs load. Nothing is installed on this machine.
#   check_debian_package.sh CPACK BUILD_DIR
set -euo pipefail
cpack=$1
build=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

(cd "$work" && "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1) || {
    cat "$work/cpack.log" >&2
    fail "cpack -G DEB failed"
    exit 1
}
debs=("$work"/out/*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || { fail "expected one .deb, found: ${debs[*]}"; exit 1; }
deb=${debs[0]}
echo "package: $(basename "$deb")"

# Contents
contents=$(dpkg-deb -c "$deb" | awk '{print $NF}')
for path in ./usr/bin/embex ./usr/bin/embex-cli ./usr/share/applications/embex.desktop \
    ./usr/share/icons/hicolor/scalable/apps/embex.svg ./usr/share/mime/packages/embex.xml; do
    grep -qx -- "$path" <<<"$contents" || fail "the package lacks $path"
done
dpkg-deb -x "$deb" "$work/root"
desktop=$work/root/usr/share/applications/embex.desktop
grep -qx 'Exec=embex %f' "$desktop" || fail "embex.desktop does not say Exec=embex %f"
grep -q '^MimeType=.*application/x-embex-session;' "$desktop" || fail "embex.desktop does not list application/x-embex-session"

# The MIME type as shared-mime-info compiles it: the glob, and the magic against a real session.
mkdir -p "$work/mime/packages"
cp "$work/root/usr/share/mime/packages/embex.xml" "$work/mime/packages/"
if command -v update-mime-database >/dev/null; then
    update-mime-database "$work/mime" 2>"$work/mime.log" || { cat "$work/mime.log" >&2; fail "update-mime-database rejects embex.xml"; }
    grep -qx 'application/x-embex-session:\*\.embex' <(cut -d: -f2- "$work/mime/globs2") \
        || fail "the MIME database has no *.embex glob for application/x-embex-session"
    cli=$work/root/usr/bin/embex-cli # the packaged, stripped program
    "$cli" demo --users 40 --items 30 --types 2 --per-user 5 --out "$work/demo.csv" >/dev/null 2>&1 \
        && "$cli" train "$work/demo.csv" --model als --epochs 1 --save "$work/s.embex" --quiet >/dev/null 2>&1 \
        || fail "the packaged embex-cli could not write a session to check the magic against"
    python3 - "$work/mime/magic" "$work/s.embex" <<'PY' || fail "the MIME magic does not match the start of a session file"
import sys
magic = open(sys.argv[1], "rb").read()
section = magic.index(b"[", magic.index(b"application/x-embex-session") - 10)
rule = magic[magic.index(b"\n>", section) + 2:]
offset, rest = rule.split(b"=", 1)
length = int.from_bytes(rest[:2], "big")
value = rest[2:2 + length]
session = open(sys.argv[2], "rb").read()
ok = int(offset) == 0 and length >= 6 and session[:length] == value
print(f"magic at {int(offset)}: {value!r}; session starts {session[:8]!r}")
sys.exit(0 if ok else 1)
PY
else
    fail "update-mime-database (shared-mime-info) is missing: scripts/install-deps installs it"
fi

# Depends: the package of every library the programs link directly, and Qt's run-time plugins.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
names=$(tr ',' '\n' <<<"$depends" | sed -E 's/^ *//; s/ .*//; s/:.*//' | sort -u)
for program in "$build/app/embex" "$build/app/embex-cli"; do
    while read -r library; do
        owner=$(dpkg -S "$library" 2>/dev/null || dpkg -S "$(realpath "$library")" 2>/dev/null \
            || dpkg -S "${library#/usr}" 2>/dev/null || dpkg -S "/usr$library" 2>/dev/null || true)
        owner=${owner%%:*}
        [[ -n $owner ]] || { fail "no Debian package owns $library ($(basename "$program"))"; continue; }
        grep -qx -- "$owner" <<<"$names" || fail "Depends lacks $owner, which provides $library to $(basename "$program")"
    done < <(needed=$(objdump -p "$program" | awk '$1 == "NEEDED" {print $2}')
             ldd "$program" | awk -v needed="$needed" 'BEGIN { split(needed, n, "\n"); for (i in n) want[n[i]] = 1 }
                                                      $2 == "=>" && $3 ~ /^\// && ($1 in want) {print $3}')
done
for plugin in qt6-qpa-plugins libqt6svg6; do
    grep -qx -- "$plugin" <<<"$names" || fail "Depends lacks $plugin (loaded by Qt at run time)"
done
[[ $(dpkg-deb -f "$deb" Architecture) == "$(dpkg --print-architecture)" ]] || fail "wrong Architecture"

[[ $failures -eq 0 ]] || { echo "$failures problem(s) in $(basename "$deb")" >&2; exit 1; }
echo "ok"
