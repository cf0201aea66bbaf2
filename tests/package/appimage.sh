#!/usr/bin/env bash
# The AppImage as a référent's laptop gets it: checks the file (type-2 magic, image offset = end
# of the ELF runtime, --appimage-extract with a valid menu entry), then opens a case file with it
# the way a double-click does (`Accroche_….AppImage "/chemin/avec espaces/Lycée d'essai.accroche"`),
# under Xvfb, in fresh XDG folders, and waits for the app's first screen on that file: once with
# FUSE (the image mounted) when this machine has it, once extracted (APPIMAGE_EXTRACT_AND_RUN=1).
# While the app runs, checks that the WebKit it uses is the bundled one (the UI process maps
# libwebkit2gtk-4.1 from the AppImage's tree, and its WebKitWebProcess runs from there too); after
# it exits, that nothing is left mounted or in the temporary folder. Last, a truncated copy must
# fail at once with a clear message.
#   tests/package/appimage.sh [--build] [AppImage]   (--build: src-tauri/packaging/appimage/build.sh first)
set -euo pipefail
if [[ -z "${DISPLAY:-}" ]]; then
  exec xvfb-run -a --server-args='-screen 0 1280x800x24' "$0" "$@"
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$HOME/.cache/accroche-target}"
if [[ "${1:-}" == "--build" ]]; then
  shift
  "$root/src-tauri/packaging/appimage/build.sh"
fi
appimage="${1:-$(find "$target/release/bundle/appimage" -maxdepth 1 -name '*.AppImage' 2>/dev/null | head -1)}"
if [[ -z "$appimage" || ! -f "$appimage" ]]; then
  echo "appimage : aucune AppImage (make appimage la construit)" >&2
  exit 2
fi
appimage="$(readlink -f "$appimage")"
size=$(stat -c %s "$appimage")
echo "appimage : $(basename "$appimage") ($((size / 1048576)) Mio)"

work="$(mktemp -d)"
run_pid=""
cleanup() {
  if [[ -n "$run_pid" ]]; then
    kill "$run_pid" 2>/dev/null || true
    wait "$run_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "appimage : ÉCHEC — $*" >&2; exit 1; }

# ---- The file itself.
magic="$(head -c 11 "$appimage" | tail -c 3 | od -An -tx1 | tr -d ' \n')"
[[ "$magic" == "414902" ]] || fail "pas de signature AppImage de type 2 (« AI\\x02 ») à l'octet 8 : $magic"
shoff=$(readelf -h "$appimage" | sed -n 's/.*Start of section headers: *\([0-9]*\).*/\1/p')
shentsize=$(readelf -h "$appimage" | sed -n 's/.*Size of section headers: *\([0-9]*\).*/\1/p')
shnum=$(readelf -h "$appimage" | sed -n 's/.*Number of section headers: *\([0-9]*\).*/\1/p')
elf_end=$((shoff + shentsize * shnum))
offset="$("$appimage" --appimage-offset)"
[[ "$offset" == "$elf_end" ]] || fail "--appimage-offset donne $offset, la fin de l'ELF est à $elf_end"
(cd "$work" && "$appimage" --appimage-extract) || fail "--appimage-extract a échoué"
tree="$work/squashfs-root"
[[ -x "$tree/AppRun" ]] || fail "squashfs-root/AppRun absent"
desktop="$tree/accroche.desktop"
desktop-file-validate "$desktop" || fail "accroche.desktop invalide"
grep -q '^Exec=accroche-desktop %f$' "$desktop" || fail "Exec ne reçoit pas le fichier"
grep -q '^MimeType=application/x-accroche;$' "$desktop" || fail "type .accroche non déclaré"
[[ -f "$tree/accroche.png" && -e "$tree/.DirIcon" ]] || fail "icône (accroche.png, .DirIcon) absente"
[[ -f "$tree/usr/share/mime/packages/accroche.xml" ]] || fail "type MIME absent"
lib="$tree/usr/lib/x86_64-linux-gnu"
missing="$(LD_LIBRARY_PATH="$lib" ldd "$tree/usr/bin/accroche-desktop" \
  "$lib/webkit2gtk-4.1/WebKitWebProcess" "$lib/webkit2gtk-4.1/WebKitNetworkProcess" | grep 'not found' || true)"
[[ -z "$missing" ]] || fail "bibliothèques introuvables : $missing"
echo "appimage : signature, image à l'octet $offset, extraction et entrée de menu valides," \
  "$(find "$lib" -maxdepth 1 -name '*.so*' | wc -l) bibliothèques"
rm -rf "$tree"

# ---- A real case file, in a folder with spaces, its name accented and with an apostrophe.
folder="$work/dossiers avec espaces"
mkdir -p "$folder"
file="$folder/Lycée d'essai.accroche"
cli="$target/debug/accroche"
if [[ -x "$cli" ]]; then
  ACCROCHE_PASSPHRASE=essai-appimage "$cli" demo "$file" >/dev/null
else
  : > "$file" # the app shows the unlock screen of any path; a real file needs the CLI
  echo "appimage : $cli absent (cargo build -p accroche-cli) : fichier vide"
fi

descendants() { # every process started by $1
  ps -eo pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2 }
    END { for (p in parent) { q = p; while (q in parent && q != root && q > 1) q = parent[q]; if (q == root && p != root) print p } }'
}

# Opens $file with the AppImage in mode $1 (fuse or extract), as a double-click, and checks all;
# with $2 = relative, as from a terminal in the file's folder (AppRun resolves the name).
launch() {
  local mode="$1" how="${2:-}" expect_prefix line ms app="" web="" p
  local dir="$work/$mode$how"
  mkdir -p "$dir/tmp"
  local start=$EPOCHREALTIME wall
  (
    export ACCROCHE_STARTUP_PROBE=1 TMPDIR="$dir/tmp" XDG_DATA_HOME="$dir/data" \
      XDG_CONFIG_HOME="$dir/config" XDG_CACHE_HOME="$dir/cache"
    [[ "$mode" == extract ]] && export APPIMAGE_EXTRACT_AND_RUN=1
    if [[ "$how" == relative ]]; then
      cd "$folder"
      exec "$appimage" "$(basename "$file")"
    fi
    cd "$folder/.." # the file manager's folder is not the AppImage's
    exec "$appimage" "$file"
  ) >"$dir/out.txt" 2>"$dir/err.txt" &
  run_pid=$!
  for _ in $(seq 1 600); do
    grep -q "^accroche-ready " "$dir/out.txt" && break
    kill -0 "$run_pid" 2>/dev/null || fail "$mode : l'AppImage s'est arrêtée : $(tail -5 "$dir/err.txt")"
    sleep 0.1
  done
  wall=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", (b - a) * 1000 }')
  line="$(grep "^accroche-ready " "$dir/out.txt" || true)"
  [[ -n "$line" ]] || fail "$mode : pas de premier écran en 60 s : $(tail -5 "$dir/err.txt")"
  [[ "$line" == *" $file" ]] || fail "$mode : l'application ne s'est pas ouverte sur le fichier : $line"
  ms="$(awk '{print $2}' <<<"$line")"

  if [[ "$mode" == fuse ]]; then
    expect_prefix="$dir/tmp/.mount_Accroche-"
    grep -q " ${expect_prefix}[^ ]* fuse" /proc/mounts || fail "fuse : image non montée"
    ! grep -q "FUSE est absent" "$dir/err.txt" || fail "fuse : l'AppImage s'est rabattue sur l'extraction"
  else
    expect_prefix="$dir/tmp/.extract_Accroche-"
  fi
  for p in $(descendants "$run_pid"); do
    case "$(readlink "/proc/$p/exe" 2>/dev/null)" in
      */usr/bin/accroche-desktop) app="$p" ;;
      */WebKitWebProcess) web="$(readlink "/proc/$p/exe")" ;;
    esac
  done
  [[ -n "$app" ]] || fail "$mode : processus accroche-desktop introuvable"
  grep -q " ${expect_prefix}[^/]*/usr/lib/x86_64-linux-gnu/libwebkit2gtk-4.1.so.0$" "/proc/$app/maps" ||
    fail "$mode : libwebkit2gtk-4.1 n'est pas celle de l'AppImage : $(grep -m1 libwebkit2gtk "/proc/$app/maps")"
  [[ "$web" == "$expect_prefix"*/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/WebKitWebProcess ]] ||
    fail "$mode : WebKitWebProcess ne vient pas de l'AppImage : ${web:-aucun}"
  if [[ -n "${ACCROCHE_APPIMAGE_SCREENSHOT:-}" ]] && command -v import >/dev/null; then
    import -window root "${ACCROCHE_APPIMAGE_SCREENSHOT%.png}-$mode.png"
  fi

  # Closed (as at the end of a session): the runtime must unmount and clean up behind the app.
  kill -TERM "$app"
  for _ in $(seq 1 40); do
    kill -0 "$run_pid" 2>/dev/null || break
    sleep 0.25
  done
  kill -0 "$run_pid" 2>/dev/null && fail "$mode : l'AppImage ne s'est pas terminée après l'application"
  wait "$run_pid" || true
  run_pid=""
  ! grep -q " $dir/tmp/" /proc/mounts || fail "$mode : un montage est resté : $(grep " $dir/tmp/" /proc/mounts)"
  [[ -z "$(ls -A "$dir/tmp")" ]] || fail "$mode : dossier temporaire laissé : $(ls -A "$dir/tmp")"
  echo "appimage : $mode${how:+ ($how)} — s'ouvre sur « $(basename "$file") », premier écran en $wall ms depuis le" \
    "lancement ($ms ms pour l'application), WebKit de l'AppImage ; rien ne reste après la fermeture"
}

if [[ -w /dev/fuse ]] && { [[ "$(id -u)" == 0 ]] || command -v fusermount3 >/dev/null; }; then
  launch fuse
  launch fuse relative
else
  echo "appimage : FUSE indisponible ici (/dev/fuse, fusermount3) : mode monté non testé"
  launch extract relative
fi
launch extract

# ---- A truncated download: a clear message and a non-zero status, at once.
head -c $((offset + (size - offset) / 2)) "$appimage" > "$work/tronquee.AppImage"
chmod +x "$work/tronquee.AppImage"
status=0
timeout 20 "$work/tronquee.AppImage" "$file" >/dev/null 2>"$work/tronquee.txt" || status=$?
[[ $status -ne 0 && $status -ne 124 ]] || fail "AppImage tronquée : statut $status"
grep -q "incomplète ou abîmée" "$work/tronquee.txt" || fail "AppImage tronquée : message : $(cat "$work/tronquee.txt")"
echo "appimage : copie tronquée refusée — $(cat "$work/tronquee.txt")"
echo "appimage : OK"
