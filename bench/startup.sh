#!/usr/bin/env bash
# Start-up, memory and installer size (issue 10), in release builds:
#   - start-up to the first interactive paint, Accroche beside a bare Tauri 2 window (startup.py);
#   - memory with the large demo case file open (memory.test.mjs, through tauri-driver);
#   - the .deb's size, when `make package` has built it.
# Runs under Xvfb when there is no display. Prints Markdown; figures go in BENCHMARKS.md by hand.
set -euo pipefail
if [[ -z "${DISPLAY:-}" ]]; then
  exec xvfb-run -a --server-args='-screen 0 1280x800x24' "$0" "$@"
fi
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$HOME/.cache/accroche-target}"
runs="${RUNS:-10}"
cd "$repo"

echo "Construction (release) d'Accroche et de la fenêtre Tauri nue…" >&2
(cd ui && npm run build >/dev/null)
cargo build --release -p accroche-desktop -p accroche-cli >&2
cargo build --release --manifest-path bench/bare-tauri/Cargo.toml >&2
app="$target/release/accroche-desktop"
bare="$target/release/bare-tauri"

echo "## Démarrage (premier affichage interactif) et mémoire au repos, écran d'accueil"
python3 bench/startup.py --app "$app" --bare "$bare" --runs "$runs"

large="$target/bench/grand-lycee.accroche"
if [[ ! -f "$large" ]]; then
  echo "Création du grand établissement de démonstration (2 000 élèves × 10 ans)…" >&2
  mkdir -p "$(dirname "$large")"
  ACCROCHE_PASSPHRASE=demo-accroche-2026 "$target/release/accroche" demo "$large" --large >&2
fi
out="$(mktemp)"
ACCROCHE_BENCH_CASEFILE="$large" ACCROCHE_BENCH_OUT="$out" \
  tests/e2e/run.sh "$app" bench/memory.test.mjs >&2
echo
echo "## Mémoire, le grand établissement ouvert (tableau de bord affiché, 8 s au repos)"
python3 - "$out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("| Processus | RSS (Mo) | PSS (Mo) | privée (Mo) |")
print("|---|---:|---:|---:|")
for p in d["processes"]:
    print(f"| {p['name']} | {p['rssMiB']:.0f} | {p['pssMiB']:.0f} | {p['privateMiB']:.0f} |")
print(f"| **Total** | **{d['totalMiB']}** | **{d['totalPssMiB']}** | **{d['totalPrivateMiB']}** |")
print(f"\nObjectif < 150 Mo (RSS, tous processus) : {'atteint' if d['totalMiB'] < 150 else 'non atteint'}")
PY

deb="$(ls -t "$target"/release/bundle/deb/*.deb 2>/dev/null | head -1 || true)"
echo
if [[ -n "$deb" ]]; then
  size=$(stat -c %s "$deb")
  echo "## Installateur : $(basename "$deb") — $((size / 1024)) Kio (objectif < 15 Mo)"
else
  echo "## Installateur : pas de .deb construit (make package)"
fi
