# Accroche — the two commands of the README, and a few more.
#   make run    installs what is missing, builds, opens the app on the demo case file
#   make test   installs what is missing, runs every test (core, CLI, shell, end-to-end)
#   make reliability  the reliability suite with 1000 kill -9 trials (20 to 30 minutes, debug build)

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
# Builds live outside the clone, so that fresh clones rebuild incrementally.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/accroche-target
DATA_DIR := $(or $(XDG_DATA_HOME),$(HOME)/.local/share)/Accroche
DEMO := $(DATA_DIR)/demo.accroche
DEMO_PASSPHRASE := demo-accroche-2026

.PHONY: run test ui build lint e2e bench reliability package appimage package-test

run:
	.ci/setup-debian.sh
	$(MAKE) --no-print-directory build
	@mkdir -p "$(DATA_DIR)"
	@if [ ! -f "$(DEMO)" ]; then \
	  ACCROCHE_PASSPHRASE=$(DEMO_PASSPHRASE) "$(CARGO_TARGET_DIR)/debug/accroche" demo "$(DEMO)"; fi
	@echo "Dossier de démonstration : $(DEMO) — phrase de passe : $(DEMO_PASSPHRASE)"
	"$(CARGO_TARGET_DIR)/debug/accroche-desktop" "$(DEMO)"

test:
	.ci/setup-debian.sh --test
	$(MAKE) --no-print-directory ui
	$(MAKE) --no-print-directory lint
	cargo test --workspace
	cargo build -p accroche-desktop
	$(MAKE) --no-print-directory e2e
	$(MAKE) --no-print-directory package-test

ui:
	cd ui && npm run build

build: ui
	cargo build -p accroche-desktop -p accroche-cli

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --quiet -- -D warnings
	@# Package names only: the core's own path (src-tauri/core) must not count as a match.
	@n=$$(cargo tree -p accroche-core -e normal --prefix none --format '{p}' | awk '{print $$1}' | grep -c '^tauri' || true); \
	  if [ "$$n" != 0 ]; then echo "accroche-core dépend de tauri : interdit (DESIGN.md)"; exit 1; fi
	@# Licences, bans, sources (deny.toml). Advisories need the RustSec database from GitHub.
	@# --offline keeps cargo deny from GitHub; the crates of every platform (Windows' too)
	@# come from crates.io first, which a fresh machine has not downloaded yet.
	cargo fetch --locked --quiet
	cargo deny --offline check licenses bans sources

e2e:
	ACCROCHE_E2E_OUT="$(CARGO_TARGET_DIR)/e2e-screenshots" tests/e2e/run.sh "$(CARGO_TARGET_DIR)/debug/accroche-desktop"

bench:
	cargo bench -p accroche-core
	python3 bench/summary.py
	@if [ -x bench/documents-vs-libreoffice.sh ] && command -v soffice >/dev/null; then bench/documents-vs-libreoffice.sh; \
	  else echo "LibreOffice absent : .ci/setup-debian.sh --bench l'installe (comparaison des documents)"; fi
	bench/startup.sh

# The .deb (release build; Tauri's CLI: cargo install tauri-cli --locked). The Windows and macOS
# installers are built by .github/workflows/release.yml (which also makes an AppImage with Tauri's
# own bundler, on GitHub).
package: ui
	cd src-tauri && cargo tauri build --bundles deb

# The AppImage, from the release binary `make package` leaves: our own runtime and Debian's
# libraries (src-tauri/packaging/appimage/build.sh), since Tauri's AppImage tools come from GitHub.
appimage: package
	src-tauri/packaging/appimage/build.sh

# Installs the .deb on this machine, opens a case file with it as a double-click does, removes it;
# then the same double-click on the AppImage, mounted with FUSE and extracted.
package-test: appimage
	tests/package/deb.sh
	tests/package/appimage.sh

# The reliability suite's long mode: 1000 writers killed with SIGKILL at random moments
# (`make test` runs 10), then the corruption, full-disk, read-only and plaintext checks.
reliability:
	ACCROCHE_CRASH_TRIALS=$${ACCROCHE_CRASH_TRIALS:-1000} cargo test -p accroche-tests --test it reliability -- --nocapture
