#!/usr/bin/env bash
# « Documents vs LibreOffice » (issue 10): the same contrat PAFI — same text, same fields — made
# by Accroche's engine and by LibreOffice from a Writer template filled by a script, on this
# machine, in this run. Prints a Markdown table (BENCHMARKS.md).
#
#   bench/documents-vs-libreoffice.sh [N]      N contracts in the batch (100)
#
# Environment: BENCH_DIR (work folder, default a new one under /tmp, kept), RUNS (repetitions
# of the single-document and batch measures, median kept; 3), SEPARATE=0 to skip the N separate
# soffice launches. Needs soffice, pdftotext, pdfinfo, python3, cargo: .ci/setup-debian.sh --bench
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-100}
RUNS=${RUNS:-3}
SEPARATE=${SEPARATE:-1}
for tool in soffice pdftotext pdfinfo python3 cargo; do
  command -v "$tool" >/dev/null || { echo "$tool est introuvable : lancez .ci/setup-debian.sh --bench" >&2; exit 1; }
done
WORK=${BENCH_DIR:-$(mktemp -d /tmp/accroche-bench.XXXXXX)}
mkdir -p "$WORK"
RESULTS="$WORK/mesures.txt"
: >"$RESULTS"
LOG="$WORK/soffice.log"
: >"$LOG"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
now() { date +%s%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }
record() { echo "$1 $2" >>"$RESULTS"; }
# Drops these files' pages from the page cache (posix_fadvise DONTNEED: only them, no root
# needed, nothing else on the machine is touched), so that the next launch reads them from disk
# as after a reboot.
evict() {
  python3 - "$@" <<'PY'
import os, sys
for root in sys.argv[1:]:
    paths = [root] if os.path.isfile(root) else [
        os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs]
    for p in paths:
        try:
            fd = os.open(p, os.O_RDONLY)
        except OSError:
            continue
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        os.close(fd)
PY
}
json_field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

echo "Construction de l'exemple (release)…" >&2
cargo build --release --quiet -p accroche-core --example contract_batch
TARGET=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
BIN="$TARGET/release/examples/contract_batch"

# --- Accroche -------------------------------------------------------------------------------
echo "Accroche : 1 contrat, puis $N contrats…" >&2
# Cold: the binary read from disk.
evict "$BIN"
out="$WORK/accroche-froid"; rm -rf "$out"
t0=$(now); "$BIN" "$out" 1 >"$out.json"; t1=$(now)
record acc_cold "$(ms "$t0" "$t1")"
for r in $(seq "$RUNS"); do
  out="$WORK/accroche-1-$r"; rm -rf "$out"
  t0=$(now); "$BIN" "$out" 1 >"$out.json"; t1=$(now)
  record acc_one_process "$(ms "$t0" "$t1")"
  record acc_one_engine "$(json_field "$out.json" first_document_ms)"
done
for r in $(seq "$RUNS"); do
  out="$WORK/accroche-$N"; rm -rf "$out"
  t0=$(now); "$BIN" "$out" "$N" >"$out.json"; t1=$(now)
  record acc_batch_process "$(ms "$t0" "$t1")"
  record acc_batch_engine "$(json_field "$out.json" total_ms)"
  record acc_batch_per_doc "$(json_field "$out.json" per_document_ms)"
  record acc_prepare "$(json_field "$out.json" prepare_ms)"
  record acc_donnees "$(json_field "$out.json" donnees_ms)"
  python3 -c 'import json,sys
for k, v in json.load(open(sys.argv[1]))["stages_ms"].items(): print("acc_stage_" + k, v)' "$out.json" >>"$RESULTS"
done
ACC="$WORK/accroche-$N"
# N separate launches, one contract each (the other way to script it).
rm -rf "$WORK/accroche-separes"
t0=$(now)
for i in $(seq "$N"); do "$BIN" "$WORK/accroche-separes/$i" 1 >/dev/null; done
t1=$(now)
record acc_separate "$(ms "$t0" "$t1")"

# --- The Writer template, filled for each student --------------------------------------------
echo "Modèle Writer rempli pour $N élèves…" >&2
python3 bench/make_odt.py "$ACC/donnees" "$WORK/odt" >"$WORK/odt.json"
record odt_fill "$(json_field "$WORK/odt.json" fill_ms)"

# --- LibreOffice ----------------------------------------------------------------------------
PROFILE="$WORK/lo-profile"
soffice_pdf() { # outdir files…
  local outdir=$1; shift
  soffice -env:UserInstallation="file://$PROFILE" --headless --norestore --nolockcheck \
    --convert-to pdf --outdir "$outdir" "$@" >>"$LOG" 2>&1
}
echo "LibreOffice : 1 contrat à froid, à chaud, puis $N en un lancement…" >&2
rm -rf "$PROFILE" "$WORK/lo-"{froid,premier,chaud-*,lot,separes}
LO_DIR=$(dirname "$(readlink -f "$(command -v soffice)")")/..
# Cold: LibreOffice's files read from disk, a new user profile (LibreOffice creates it).
evict "$LO_DIR"
t0=$(now); soffice_pdf "$WORK/lo-froid" "$WORK/odt/contrat-001.odt"; t1=$(now)
record lo_cold "$(ms "$t0" "$t1")"
# First launch with a new profile, its files in the page cache.
rm -rf "$PROFILE"
t0=$(now); soffice_pdf "$WORK/lo-premier" "$WORK/odt/contrat-001.odt"; t1=$(now)
record lo_first "$(ms "$t0" "$t1")"
# Warm: the profile exists, the files are in the page cache.
for r in $(seq "$RUNS"); do
  t0=$(now); soffice_pdf "$WORK/lo-chaud-$r" "$WORK/odt/contrat-001.odt"; t1=$(now)
  record lo_warm "$(ms "$t0" "$t1")"
done
# The batch, in one soffice launch.
t0=$(now); soffice_pdf "$WORK/lo-lot" "$WORK"/odt/contrat-*.odt; t1=$(now)
record lo_batch "$(ms "$t0" "$t1")"
# N separate launches, as a script converting each contract as it is filled would do.
if [ "$SEPARATE" != 0 ]; then
  echo "LibreOffice : $N lancements séparés…" >&2
  t0=$(now)
  for f in "$WORK"/odt/contrat-*.odt; do soffice_pdf "$WORK/lo-separes" "$f"; done
  t1=$(now)
  record lo_separate "$(ms "$t0" "$t1")"
fi

# --- Checks ---------------------------------------------------------------------------------
count() { find "$1" -maxdepth 1 -name 'contrat-*.pdf' | wc -l; }
[ "$(count "$ACC")" = "$N" ] || { echo "Accroche n'a pas fait $N PDF" >&2; exit 1; }
[ "$(count "$WORK/lo-lot")" = "$N" ] || { echo "LibreOffice n'a pas fait $N PDF (voir $LOG)" >&2; exit 1; }
[ "$SEPARATE" = 0 ] || [ "$(count "$WORK/lo-separes")" = "$N" ] ||
  { echo "LibreOffice (lancements séparés) n'a pas fait $N PDF" >&2; exit 1; }
NAME=$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))[0]; print(f["PRENOM"], f["NOM"])' "$ACC/donnees/champs.json")
flat() { pdftotext "$1" - | tr -s '[:space:]' ' '; }
for pdf in "$ACC/contrat-001.pdf" "$WORK/lo-lot/contrat-001.pdf"; do
  flat "$pdf" | grep -qF "$NAME" || { echo "« $NAME » absent de $pdf" >&2; exit 1; }
done
pages() { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; }
record acc_pages "$(pages "$ACC/contrat-001.pdf")"
record lo_pages "$(pages "$WORK/lo-lot/contrat-001.pdf")"
record acc_kb "$(( $(stat -c %s "$ACC/contrat-001.pdf") / 1024 ))"
record lo_kb "$(( $(stat -c %s "$WORK/lo-lot/contrat-001.pdf") / 1024 ))"

# --- Report ---------------------------------------------------------------------------------
LO_VERSION=$(soffice --version 2>/dev/null | head -1)
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$RESULTS" "$N" "$NAME" "$LO_VERSION" "$WORK" "$SEPARATE" "$LOAD_BEFORE" "$LOAD_AFTER" <<'EOF'
import statistics, sys
path, n, name, lo_version, work, separate, load_before, load_after = sys.argv[1:]
n = int(n)
m = {}
for line in open(path):
    k, v = line.split()
    m.setdefault(k, []).append(float(v))
med = lambda k: statistics.median(m[k])
f = lambda x: f"{x:,.1f}".replace(",", " ") + " ms"
s = lambda x: f"{x / 1000:,.1f} s" if x >= 1000 else f(x)
r = lambda a, b: f"**{b / a:,.0f}×**".replace(",", " ")
print(f"Contrat PAFI ({int(med('acc_pages'))} pages chez Accroche, {int(med('lo_pages'))} chez "
      f"LibreOffice ; {int(med('acc_kb'))} Ko / {int(med('lo_kb'))} Ko), {n} élèves, {lo_version}.")
print(f"Nom de l'élève 1 (« {name} ») trouvé dans les deux PDF. Médianes de {len(m['lo_warm'])} "
      f"essais pour « à chaud » et Accroche en lot ; un essai pour le reste.\n")
print("| Mesure | Accroche | LibreOffice | Rapport |")
print("|---|---:|---:|---:|")
print(f"| 1 contrat, à froid (programme lu sur le disque ; LibreOffice : profil neuf) | "
      f"{f(med('acc_cold'))} | {s(med('lo_cold'))} | {r(med('acc_cold'), med('lo_cold'))} |")
print(f"| 1 contrat, LibreOffice : profil neuf, fichiers en cache | {f(med('acc_one_process'))} | "
      f"{s(med('lo_first'))} | {r(med('acc_one_process'), med('lo_first'))} |")
print(f"| 1 contrat, un lancement du programme (à chaud) | {f(med('acc_one_process'))} | "
      f"{s(med('lo_warm'))} | {r(med('acc_one_process'), med('lo_warm'))} |")
print(f"| 1 contrat, moteur seul (premier document du processus) | {f(med('acc_one_engine'))} | — | — |")
print(f"| Par contrat dans un lot de {n} | {f(med('acc_batch_per_doc'))} | "
      f"{f(med('lo_batch') / n)} | {r(med('acc_batch_per_doc'), med('lo_batch') / n)} |")
print(f"| Lot de {n}, un lancement | {s(med('acc_batch_process'))} | {s(med('lo_batch'))} | "
      f"{r(med('acc_batch_process'), med('lo_batch'))} |")
if separate != "0":
    print(f"| {n} lancements séparés, un contrat chacun | {s(med('acc_separate'))} | "
          f"{s(med('lo_separate'))} | {r(med('acc_separate'), med('lo_separate'))} |")
print(f"\nRemplissage des {n} modèles .odt par le script (non compté pour LibreOffice) : "
      f"{f(med('odt_fill'))}. Moteur Accroche seul pour le lot : {f(med('acc_batch_engine'))} ; "
      f"le même processus fait aussi l'école de démonstration ({f(med('acc_prepare'))}) et écrit "
      f"les données du modèle .odt ({f(med('acc_donnees'))}).")
stages = {k[len("acc_stage_"):]: med(k) / n for k in m if k.startswith("acc_stage_")}
print("Accroche, par contrat : " + ", ".join(f"{k} {v:.2f} ms" for k, v in stages.items()) + ".")
print(f"Charge (1, 5, 15 min) avant : {load_before} ; après : {load_after}. Fichiers : {work}")
EOF
