#!/usr/bin/env bash
# End-to-end tests of the real window: tauri-driver drives WebKitWebDriver, which drives the app.
#
#   tests/e2e/run.sh /abs/path/to/accroche-desktop [spec.test.mjs…]
#
# Runs every tests/e2e/*.test.mjs, or only the specs given after the app.
# Runs under Xvfb when there is no display. Each run gets fresh XDG data/config directories, so
# recent files, default locations and lock files never leak between runs or into the user's.
# Screenshots: $ACCROCHE_E2E_OUT (default <repo>/target/e2e-screenshots). Set ACCROCHE_E2E_KEEP=1
# to keep the run's temporary directory (case files, tauri-driver log).
set -euo pipefail

if [[ -z "${DISPLAY:-}" ]]; then
  exec xvfb-run -a --server-args='-screen 0 1280x800x24' "$0" "$@"
fi

app="${1:-${ACCROCHE_APP:-}}"
specs=("${@:2}")
if [[ -z "$app" ]]; then
  echo "usage: $0 /path/to/accroche-desktop" >&2
  exit 2
fi
if [[ ! -x "$app" ]]; then
  echo "e2e: the app binary $app does not exist or is not executable" >&2
  exit 2
fi
app="$(cd "$(dirname "$app")" && pwd)/$(basename "$app")"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
for i in "${!specs[@]}"; do
  specs[i]="$(cd "$(dirname "${specs[i]}")" && pwd)/$(basename "${specs[i]}")"
done

driver="$(command -v tauri-driver || true)"
if [[ -z "$driver" && -x "$HOME/.cargo/bin/tauri-driver" ]]; then driver="$HOME/.cargo/bin/tauri-driver"; fi
if [[ -z "$driver" ]]; then
  echo "e2e: tauri-driver not found (cargo install tauri-driver --locked)" >&2
  exit 2
fi
if ! command -v WebKitWebDriver >/dev/null; then
  echo "e2e: WebKitWebDriver not found (apt-get install webkit2gtk-driver)" >&2
  exit 2
fi

if ! command -v flock >/dev/null; then
  echo "e2e: flock not found (apt-get install util-linux): casefile.test.mjs holds a case file's lock with it" >&2
  exit 2
fi

port="${ACCROCHE_E2E_PORT:-4444}"
native_port="${ACCROCHE_E2E_NATIVE_PORT:-4445}"
tmp="$(mktemp -d -t accroche-e2e.XXXXXX)"
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" XDG_STATE_HOME="$tmp/state"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME" "$tmp/files"
export ACCROCHE_APP="$app"
export ACCROCHE_E2E_TMP="$tmp/files"
export ACCROCHE_E2E_OUT="${ACCROCHE_E2E_OUT:-$repo/target/e2e-screenshots}"
export ACCROCHE_WEBDRIVER_URL="http://127.0.0.1:$port"
# « Imprimer » and « Aperçu » open PDFs in the system's viewer: here a recorder keeps a copy.
export ACCROCHE_OPEN_WITH="$repo/tests/e2e/record-open.sh" ACCROCHE_E2E_OPENED="$tmp/opened"
mkdir -p "$ACCROCHE_E2E_OUT"

"$driver" --port "$port" --native-port "$native_port" >"$tmp/tauri-driver.log" 2>&1 &
driver_pid=$!

cleanup() {
  kill "$driver_pid" 2>/dev/null || true
  wait "$driver_pid" 2>/dev/null || true
  if [[ -n "${ACCROCHE_E2E_KEEP:-}" ]]; then
    echo "e2e: temporary files kept in $tmp"
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT

# Wait until tauri-driver answers (it proxies /status to WebKitWebDriver).
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  if ! kill -0 "$driver_pid" 2>/dev/null; then
    echo "e2e: tauri-driver exited:" >&2
    cat "$tmp/tauri-driver.log" >&2
    exit 1
  fi
  sleep 0.1
done
if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "e2e: tauri-driver did not listen on port $port within 10 s" >&2
  cat "$tmp/tauri-driver.log" >&2
  exit 1
fi

cd "$repo"
status=0
if [[ ${#specs[@]} -eq 0 ]]; then specs=(tests/e2e/*.test.mjs); fi
node --test --test-concurrency=1 "${specs[@]}" || status=$?
if [[ $status -ne 0 ]]; then
  echo "e2e: failed; tauri-driver log:" >&2
  tail -n 50 "$tmp/tauri-driver.log" >&2 || true
fi
echo "e2e: screenshots in $ACCROCHE_E2E_OUT"
exit "$status"
