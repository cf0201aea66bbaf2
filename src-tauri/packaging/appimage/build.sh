#!/usr/bin/env bash
# Builds Accroche_<version>_amd64.AppImage from the release binary, on Debian 12, without
# GitHub: Tauri's AppImage bundler downloads linuxdeploy and the AppImage runtime from GitHub,
# which this machine cannot reach. Here everything comes from Debian packages: our own runtime
# (runtime.c, squashfuse + libfuse 3 linked statically), mksquashfs, and the libraries of this
# system, bundled as Tauri's own AppImages bundle them:
#   - the ldd closure of accroche-desktop and of WebKit's helper processes (WebKitWebProcess,
#     WebKitNetworkProcess, WebKitGPUProcess, the injected bundle), WebKitGTK 4.1, JavaScriptCore,
#     GTK 3, libsoup 3, ICU… except what must come from the host (see host_lib below);
#   - WebKit's helpers in usr/lib/x86_64-linux-gnu/webkit2gtk-4.1, with the absolute path
#     compiled into libwebkit2gtk-4.1 rewritten to a relative one of the same length, which AppRun
#     makes valid by starting the app from $APPDIR/usr;
#   - gdk-pixbuf's SVG loader (PNG is built in) with its loaders.cache, GTK 3's GSettings
#     schemas, an empty GIO module directory (no host module built against another GLib).
#
#   src-tauri/packaging/appimage/build.sh [binary]   (default: $CARGO_TARGET_DIR/release/accroche-desktop)
# Writes $CARGO_TARGET_DIR/release/bundle/appimage/Accroche_<version>_amd64.AppImage (and the
# AppDir beside it, to inspect). Needs: gcc, squashfs-tools, libsquashfuse-dev, libfuse3-dev,
# liblz4-dev, liblzo2-dev, libzstd-dev, liblzma-dev, zlib1g-dev (.ci/setup-debian.sh --test).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tauri_dir="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$HOME/.cache/accroche-target}"
binary="${1:-$target/release/accroche-desktop}"
out_dir="$target/release/bundle/appimage"
multiarch=/usr/lib/x86_64-linux-gnu
webkit_dir="$multiarch/webkit2gtk-4.1"

fail() { echo "appimage : $*" >&2; exit 1; }
[[ -x "$binary" ]] || fail "binaire absent : $binary (make package le construit)"
[[ -x "$webkit_dir/WebKitWebProcess" ]] || fail "WebKitGTK 4.1 absent ($webkit_dir)"
for tool in gcc mksquashfs readelf ldd perl glib-compile-schemas; do
  command -v "$tool" >/dev/null || fail "outil absent : $tool (.ci/setup-debian.sh --test)"
done
version="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$tauri_dir/tauri.conf.json")"
[[ -n "$version" ]] || fail "version introuvable dans tauri.conf.json"
appimage="$out_dir/Accroche_${version}_amd64.AppImage"
started=$SECONDS

# ---- The runtime: static, with the type-2 magic "AI\x02" at offset 8 (ELF padding bytes).
build="$out_dir/build"
rm -rf "$build" "$appimage"
mkdir -p "$build"
# libfuse3.a's high-level part (never called here) mentions dlopen: the linker's warning is noise.
gcc -O2 -s -static -Wall -Wextra -o "$build/runtime" "$here/runtime.c" \
  -lsquashfuse_ll -lsquashfuse -lfuse3 -lzstd -llzma -lz -llz4 -llzo2 -lpthread \
  2> >(grep -v -e "requires at runtime the shared libraries" -e "in function .fuse_get_module" >&2)
printf 'AI\002' | dd of="$build/runtime" bs=1 seek=8 conv=notrunc status=none

# ---- The AppDir.
appdir="$build/Accroche.AppDir"
lib="$appdir/usr/lib/x86_64-linux-gnu"
mkdir -p "$appdir/usr/bin" "$lib/webkit2gtk-4.1/injected-bundle" "$lib/gio/modules" \
  "$lib/gdk-pixbuf-2.0/2.10.0/loaders" "$appdir/usr/share/glib-2.0/schemas" \
  "$appdir/usr/share/mime/packages" "$appdir/usr/share/applications"
install -m 755 "$binary" "$appdir/usr/bin/accroche-desktop"
for helper in WebKitWebProcess WebKitNetworkProcess WebKitGPUProcess; do
  [[ -x "$webkit_dir/$helper" ]] && install -m 755 "$webkit_dir/$helper" "$lib/webkit2gtk-4.1/"
done
cp "$webkit_dir"/injected-bundle/*.so "$lib/webkit2gtk-4.1/injected-bundle/"
svg_loader="$multiarch/gdk-pixbuf-2.0/2.10.0/loaders/libpixbufloader-svg.so"
[[ -f "$svg_loader" ]] || fail "chargeur SVG de gdk-pixbuf absent (librsvg2-common)"
cp "$svg_loader" "$lib/gdk-pixbuf-2.0/2.10.0/loaders/"

# Libraries left to the host, as the AppImage project's excludelist says: the C library family
# (it must match the host's ld.so), libstdc++/libgcc_s (the host's GL drivers need theirs, which
# is at least as new on any system whose glibc runs these libraries), the graphics drivers'
# libraries (tied to the host's GPU and kernel), X11/xcb (speak to the host's server, shared with
# its GL driver), fontconfig/freetype/harfbuzz (fontconfig reads the host's configuration and
# caches, in the host's format), and a few libraries every desktop has, configured by the host
# (ALSA, p11-kit, gpg-error, com_err, expat, zlib, uuid).
host_lib() {
  case "$1" in
    ld-linux*|libc.so*|libm.so*|libdl.so*|libpthread.so*|librt.so*|libresolv.so*|libutil.so*|\
    libanl.so*|libmvec.so*|libnss_*|libthread_db.so*|libBrokenLocale.so*|\
    libstdc++.so*|libgcc_s.so*|\
    libGL.so*|libEGL.so*|libGLX.so*|libGLdispatch.so*|libOpenGL.so*|libGLESv2.so*|libdrm.so*|\
    libgbm.so*|libglapi.so*|\
    libX11.so*|libX11-xcb.so*|libxcb*.so*|libfontconfig.so*|libfreetype.so*|libharfbuzz.so*|\
    libasound.so*|libp11-kit.so*|libgpg-error.so*|libcom_err.so*|libexpat.so*|libz.so*|libuuid.so*)
      return 0 ;;
  esac
  return 1
}

# Walks the NEEDED entries from the given ELF files, resolving each name as ld.so does for that
# file (ldd), and copies every library not left to the host; a host library's own dependencies
# are the host's business.
declare -A seen=()
queue=("$appdir/usr/bin/accroche-desktop" "$lib"/webkit2gtk-4.1/WebKit*Process
       "$lib"/webkit2gtk-4.1/injected-bundle/*.so "$lib"/gdk-pixbuf-2.0/2.10.0/loaders/*.so)
bundled=0
while [[ ${#queue[@]} -gt 0 ]]; do
  elf="${queue[0]}"
  queue=("${queue[@]:1}")
  declare -A where=()
  while read -r name _ path _; do
    [[ "$path" == /* ]] && where[$name]="$path"
  done < <(ldd "$elf" 2>/dev/null | grep '=>')
  while read -r name; do
    [[ -n "${seen[$name]:-}" ]] && continue
    seen[$name]=1
    host_lib "$name" && continue
    [[ -n "${where[$name]:-}" ]] || fail "$name (requis par $(basename "$elf")) introuvable"
    cp -L "${where[$name]}" "$lib/$name"
    bundled=$((bundled + 1))
    queue+=("$lib/$name")
  done < <(readelf -d "$elf" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  unset where
done

# WebKit finds its helpers by an absolute path compiled in: rewrite it, byte for byte, to a
# relative path of the same length, valid from $APPDIR/usr (AppRun's working directory).
old="$webkit_dir"
new="././/lib/x86_64-linux-gnu/webkit2gtk-4.1"
[[ ${#old} -eq ${#new} ]] || fail "chemin de remplacement de longueur différente"
webkit_lib="$lib/libwebkit2gtk-4.1.so.0"
[[ -f "$webkit_lib" ]] || fail "libwebkit2gtk-4.1.so.0 n'a pas été embarquée"
count() { OLD="$2" perl -0777 -ne 'my $n = () = /\Q$ENV{OLD}\E/g; print $n' "$1"; }
size_before="$(stat -c %s "$webkit_lib")"
occurrences="$(count "$webkit_lib" "$old")"
[[ "$occurrences" -ge 1 ]] || fail "chemin des processus WebKit introuvable dans libwebkit2gtk"
OLD="$old" NEW="$new" perl -0777 -pi -e 's/\Q$ENV{OLD}\E/$ENV{NEW}/g' "$webkit_lib"
[[ "$(stat -c %s "$webkit_lib")" == "$size_before" && "$(count "$webkit_lib" "$old")" == 0 &&
   "$(count "$webkit_lib" "$new")" == "$occurrences" ]] || fail "réécriture du chemin WebKit ratée"
for f in "$lib"/*.so* "$lib"/webkit2gtk-4.1/WebKit*; do
  [[ "$(count "$f" "$old")" == 0 ]] || fail "$(basename "$f") contient encore $old"
done

# Tauri records in the binary which package it came in (`cargo tauri build` writes DEB there for
# the .deb): APP, as Tauri's own AppImage bundler does, for tauri::utils::platform::bundle_type().
OLD='__TAURI_BUNDLE_TYPE_VAR_(UNK|DEB)' NEW='__TAURI_BUNDLE_TYPE_VAR_APP' \
  perl -0777 -pi -e 's/$ENV{OLD}/$ENV{NEW}/g' "$appdir/usr/bin/accroche-desktop"

# gdk-pixbuf: the cache names the loader relative to $APPDIR/usr too.
GDK_PIXBUF_MODULEDIR="$lib/gdk-pixbuf-2.0/2.10.0/loaders" \
  "$multiarch/gdk-pixbuf-2.0/gdk-pixbuf-query-loaders" "$lib"/gdk-pixbuf-2.0/2.10.0/loaders/*.so |
  sed "s|\"$appdir/usr/|\"./|" > "$lib/gdk-pixbuf-2.0/2.10.0/loaders.cache"
grep -q '^"./lib/.*libpixbufloader-svg.so"$' "$lib/gdk-pixbuf-2.0/2.10.0/loaders.cache" ||
  fail "loaders.cache de gdk-pixbuf incomplet"
# GTK 3's own settings (file chooser, colour chooser…): GSETTINGS_SCHEMA_DIR comes before the
# host's schemas, which stay visible (the desktop's interface settings among them).
cp /usr/share/glib-2.0/schemas/org.gtk.Settings.*.gschema.xml "$appdir/usr/share/glib-2.0/schemas/"
glib-compile-schemas "$appdir/usr/share/glib-2.0/schemas"

# Desktop entry, icons, MIME type: what desktop-integration tools (appimaged, AppImageLauncher)
# install from an AppImage.
sed -e 's/{{categories}}/Education;/' -e 's/{{exec}}/accroche-desktop/g' -e 's/{{icon}}/accroche/' \
  -e 's/{{name}}/Accroche/' "$tauri_dir/packaging/linux/accroche.desktop" > "$appdir/accroche.desktop"
echo "X-AppImage-Version=$version" >> "$appdir/accroche.desktop"
cp "$appdir/accroche.desktop" "$appdir/usr/share/applications/accroche.desktop"
cp "$tauri_dir/packaging/linux/accroche-mime.xml" "$appdir/usr/share/mime/packages/accroche.xml"
for icon in 32x32:32x32.png 128x128:128x128.png 256x256:128x128@2x.png 512x512:icon.png; do
  mkdir -p "$appdir/usr/share/icons/hicolor/${icon%%:*}/apps"
  cp "$tauri_dir/icons/${icon#*:}" "$appdir/usr/share/icons/hicolor/${icon%%:*}/apps/accroche.png"
done
cp "$tauri_dir/icons/128x128@2x.png" "$appdir/accroche.png"
ln -s accroche.png "$appdir/.DirIcon"

# Opening a document (ACCROCHE_OPEN_WITH, else xdg-open) must start the host's PDF reader in the
# host's environment, not with this AppImage's libraries.
cat > "$appdir/usr/bin/accroche-open-host" <<'EOF'
#!/bin/sh
# Starts the host's document viewer with the environment AppRun found (no bundled libraries).
for v in LD_LIBRARY_PATH GDK_PIXBUF_MODULE_FILE GSETTINGS_SCHEMA_DIR GIO_MODULE_DIR XDG_DATA_DIRS; do
  eval "if [ -n \"\${ACCROCHE_HOST_$v+set}\" ]; then export $v=\"\$ACCROCHE_HOST_$v\"; else unset $v; fi"
  unset "ACCROCHE_HOST_$v"
done
program="${ACCROCHE_HOST_OPEN_WITH:-xdg-open}"
unset ACCROCHE_HOST_OPEN_WITH ACCROCHE_OPEN_WITH
cd "${OWD:-$HOME}" 2>/dev/null || cd /
exec "$program" "$@"
EOF
cat > "$appdir/AppRun" <<'EOF'
#!/bin/sh
# Accroche's AppImage entry point: the bundled libraries and GTK/WebKit data, then the app,
# started from $APPDIR/usr (the relative path to WebKit's helpers is compiled into the bundled
# libwebkit2gtk-4.1; see src-tauri/packaging/appimage/build.sh).
APPDIR="${APPDIR:-$(dirname "$(readlink -f "$0")")}"
OWD="${OWD:-$PWD}"
export APPDIR OWD
# A case file given by a relative path is the caller's: make it absolute before the cd.
n=$#
while [ "$n" -gt 0 ]; do
  arg=$1
  shift
  n=$((n - 1))
  case "$arg" in
    /* | -*) ;;
    *.accroche) arg="$OWD/$arg" ;;
    *) [ -e "$OWD/$arg" ] && arg="$OWD/$arg" ;;
  esac
  set -- "$@" "$arg"
done
for v in LD_LIBRARY_PATH GDK_PIXBUF_MODULE_FILE GSETTINGS_SCHEMA_DIR GIO_MODULE_DIR XDG_DATA_DIRS; do
  eval "[ -n \"\${$v+set}\" ] && export ACCROCHE_HOST_$v=\"\$$v\""
done
export ACCROCHE_HOST_OPEN_WITH="${ACCROCHE_OPEN_WITH:-xdg-open}"
export ACCROCHE_OPEN_WITH="$APPDIR/usr/bin/accroche-open-host"
lib="$APPDIR/usr/lib/x86_64-linux-gnu"
export LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export GDK_PIXBUF_MODULE_FILE="$lib/gdk-pixbuf-2.0/2.10.0/loaders.cache"
export GSETTINGS_SCHEMA_DIR="$APPDIR/usr/share/glib-2.0/schemas"
export GIO_MODULE_DIR="$lib/gio/modules"
export XDG_DATA_DIRS="${XDG_DATA_DIRS:-/usr/local/share:/usr/share}:$APPDIR/usr/share"
cd "$APPDIR/usr" || exit 1
exec "$APPDIR/usr/bin/accroche-desktop" "$@"
EOF
chmod 755 "$appdir/AppRun" "$appdir/usr/bin/accroche-open-host"

# ---- The image: zstd when the runtime reads it (it does with Debian 12's squashfuse), default
# 128 KiB blocks. Measured here: xz is ~10 MB smaller but the mounted start takes 9 s instead of
# 2; 1 MiB blocks save ~8 MB but squashfuse serves them from one thread, 2 to 20 times slower.
comp=xz
"$build/runtime" --appimage-version | grep -qw zstd && comp=zstd
mksquashfs "$appdir" "$build/image.squashfs" -root-owned -noappend -comp "$comp" -no-progress \
  -quiet ${APPIMAGE_PROCESSORS:+-processors "$APPIMAGE_PROCESSORS"} >/dev/null
cat "$build/runtime" "$build/image.squashfs" > "$appimage"
chmod 755 "$appimage"
rm "$build/image.squashfs"
size=$(stat -c %s "$appimage")
echo "appimage : $appimage — $((size / 1048576)) Mio ($size octets), $bundled bibliothèques embarquées," \
  "compression $comp, $((SECONDS - started)) s"
