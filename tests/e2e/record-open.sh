#!/bin/sh
# Stands in for the system's PDF viewer during the e2e flows (ACCROCHE_OPEN_WITH, set by run.sh):
# keeps a copy of each file the app asks to open, in $ACCROCHE_E2E_OPENED, for the flow to read.
set -eu
mkdir -p "${ACCROCHE_E2E_OPENED:?}"
cp -- "$1" "$ACCROCHE_E2E_OPENED/"
