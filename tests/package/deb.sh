#!/usr/bin/env bash
# The .deb as a référent's laptop gets it: installs the package `make package` built on this
# machine, checks what it installed (the app, its menu entry declaring the .accroche type, the
# type known to the MIME database with Accroche as its application), then opens a case file the
# way a file manager does on a double-click (the menu entry's Exec line with the file), under
# Xvfb, and waits for the installed app's first screen on that file. Removes the package at the
# end, whatever happened. Needs root or sudo (dpkg).
set -euo pipefail
if [[ -z "${DISPLAY:-}" ]]; then
  exec xvfb-run -a --server-args='-screen 0 1280x800x24' "$0" "$@"
fi
target="${CARGO_TARGET_DIR:-$HOME/.cache/accroche-target}"
deb="${1:-$(ls -t "$target"/*/bundle/deb/*.deb 2>/dev/null | head -1 || true)}"
if [[ -z "$deb" || ! -f "$deb" ]]; then
  echo "paquet : aucun .deb (make package le construit)" >&2
  exit 2
fi
sudo=""
[[ "$(id -u)" = 0 ]] || sudo="sudo"
package="$(dpkg-deb -f "$deb" Package)"
version="$(dpkg-deb -f "$deb" Version)"
echo "paquet : $package $version ($(( $(stat -c %s "$deb") / 1024 )) Kio) — $deb"

work="$(mktemp -d)"
app_pid=""
cleanup() {
  [[ -n "$app_pid" ]] && kill "$app_pid" 2>/dev/null || true
  $sudo dpkg -r "$package" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "paquet : ÉCHEC — $*" >&2; exit 1; }

# Installs with its dependencies (webkit2gtk…), as `apt install ./accroche.deb` would.
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$deb" >/dev/null
[[ -x /usr/bin/accroche-desktop ]] || fail "/usr/bin/accroche-desktop absent"
desktop="$(dpkg -L "$package" | grep '^/usr/share/applications/.*\.desktop$' | head -1)"
[[ -n "$desktop" ]] || fail "aucune entrée de menu (.desktop)"
grep -q '^Name=Accroche$' "$desktop" || fail "$desktop : Name n'est pas Accroche"
grep -q '^MimeType=application/x-accroche;$' "$desktop" || fail "$desktop : type .accroche non déclaré"
grep -q '^Exec=accroche-desktop %f$' "$desktop" || fail "$desktop : Exec ne reçoit pas le fichier"
dpkg -L "$package" | grep -q '^/usr/share/icons/hicolor/.*/apps/accroche-desktop.png$' || fail "icône absente"
[[ -f /usr/share/mime/packages/accroche.xml ]] || fail "type MIME non installé"
echo "paquet : installé — $desktop, type application/x-accroche, icônes"

file="$work/Lycée d'essai.accroche"
: > "$file"
type="$(xdg-mime query filetype "$file")"
[[ "$type" = "application/x-accroche" ]] || fail "le fichier est vu comme « $type »"
handlers="$(gio mime application/x-accroche 2>/dev/null || true)"
grep -q "$(basename "$desktop")" <<<"$handlers" || fail "Accroche n'est pas proposé pour les .accroche : $handlers"
echo "paquet : un .accroche s'ouvre avec $(basename "$desktop")"

# The double-click: the Exec line with the file, in fresh XDG folders.
exec_line="$(sed -n 's/^Exec=//p' "$desktop" | head -1)"
program="${exec_line% %f}"
out="$work/out.txt"
(
  export ACCROCHE_STARTUP_PROBE=1 XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
  exec "$program" "$file"
) >"$out" 2>"$work/err.txt" &
app_pid=$!
for _ in $(seq 1 120); do
  if grep -q "^accroche-ready " "$out"; then break; fi
  kill -0 "$app_pid" 2>/dev/null || fail "l'application installée s'est arrêtée : $(tail -5 "$work/err.txt")"
  sleep 0.5
done
line="$(grep "^accroche-ready " "$out" || true)"
[[ -n "$line" ]] || fail "pas de premier écran en 60 s : $(tail -5 "$work/err.txt")"
[[ "$line" == *" $file" ]] || fail "l'application ne s'est pas ouverte sur le fichier : $line"
ms="$(awk '{print $2}' <<<"$line")"
echo "paquet : l'application installée s'ouvre sur « $(basename "$file") », premier écran en $ms ms"
echo "paquet : OK"
