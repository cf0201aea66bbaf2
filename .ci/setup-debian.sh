#!/usr/bin/env bash
# Installs what Accroche needs on Debian / Ubuntu, and only what is missing.
#   .ci/setup-debian.sh          build and run the app
#   .ci/setup-debian.sh --test   also what the tests need (Xvfb, WebDriver, poppler, qpdf…)
#   .ci/setup-debian.sh --bench  also what bench/documents-vs-libreoffice.sh compares with
#                                (LibreOffice Writer without its interface, poppler); never
#                                part of the test set-up
set -euo pipefail

want_tests=0
want_bench=0
for arg in "$@"; do
  case "$arg" in
    --test) want_tests=1 ;;
    --bench) want_bench=1 ;;
    *) echo "Option inconnue : $arg (--test, --bench)" >&2; exit 2 ;;
  esac
done

run_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
          libayatana-appindicator3-dev librsvg2-dev pkg-config nodejs npm)
if [ "$want_tests" = 1 ]; then
  packages+=(xvfb xauth imagemagick poppler-utils qpdf libnss3-tools webkit2gtk-driver xdg-utils libglib2.0-bin)
  # The AppImage (make appimage): its runtime links squashfuse, libfuse 3 and the decompressors
  # statically; mksquashfs; fuse3 (fusermount3) and desktop-file-validate for its test.
  packages+=(squashfs-tools libsquashfuse-dev libfuse3-dev libzstd-dev liblzma-dev zlib1g-dev
             liblz4-dev liblzo2-dev fuse3 desktop-file-utils)
fi

missing=()
for p in "${packages[@]}"; do
  # node and npm may come from elsewhere than Debian (nodesource, nvm): only their commands count.
  case "$p" in
    nodejs) command -v node >/dev/null && continue ;;
    npm) command -v npm >/dev/null && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installation des paquets Debian manquants : ${missing[*]}"
  run_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive run_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The « documents vs LibreOffice » benchmark: Writer alone, without the recommended extras
# (Java among them), which the conversion does not need.
if [ "$want_bench" = 1 ]; then
  bench_missing=()
  for p in libreoffice-writer-nogui fonts-liberation poppler-utils python3; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || bench_missing+=("$p")
  done
  if [ "${#bench_missing[@]}" -gt 0 ]; then
    echo "Installation des paquets du banc d'essai : ${bench_missing[*]}"
    run_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive run_root apt-get install -y -qq --no-install-recommends \
      "${bench_missing[@]}" >/dev/null
  fi
fi

if ! command -v cargo >/dev/null; then
  [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null; then
  echo "Rust (cargo) est introuvable : installez-le avec rustup (https://rustup.rs), version 1.89 ou plus récente." >&2
  exit 1
fi

if [ "$want_tests" = 1 ] && ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "Installation de tauri-driver…"
  cargo install tauri-driver --locked --quiet
fi

# Tauri's CLI bundles the .deb that `make test` installs and opens (make package-test). About 12
# minutes, once.
if [ "$want_tests" = 1 ] && ! command -v cargo-tauri >/dev/null && [ ! -x "$HOME/.cargo/bin/cargo-tauri" ]; then
  echo "Installation de la CLI de Tauri (cargo tauri)…"
  cargo install tauri-cli --version "^2" --locked --quiet
fi

# Licences, bans and sources of the dependency tree (make lint). About 4 minutes, once.
if [ "$want_tests" = 1 ] && ! command -v cargo-deny >/dev/null && [ ! -x "$HOME/.cargo/bin/cargo-deny" ]; then
  echo "Installation de cargo-deny…"
  cargo install cargo-deny --locked --quiet
fi

# Vite 8 needs Node 20.19 or newer (Debian 12's own nodejs is 18).
node_version=$(node -p 'process.versions.node' 2>/dev/null || echo 0)
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null; then
  echo "Node.js $node_version est trop ancien pour construire l'interface : il faut Node 20.19 ou plus récent (paquets NodeSource, ou nvm)." >&2
  exit 1
fi

# The front end's packages, when package-lock.json changed since the last install.
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "Installation des paquets npm de l'interface…"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi
