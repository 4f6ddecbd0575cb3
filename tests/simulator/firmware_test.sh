#!/usr/bin/env bash
# Firmware with an embedded model on its simulated board: it reads nothing from the host; it writes
# its outputs through semihosting only so that they can be compared with the Python reference.
#   firmware_test.sh CPU FIRMWARE_ELF GOLDEN COMPARE_TOOL RUN_ON_SIMULATOR
set -euo pipefail
cpu="$1"
firmware="$PWD/$2"
golden="$PWD/$3"
compare="$PWD/$4"
simulator="$PWD/$5"
work="${TEST_TMPDIR:-$(mktemp -d)}/firmware"
mkdir -p "$work"
cd "$work"
"$simulator" "$cpu" "$firmware" outputs.bundle
"$compare" "$golden" outputs.bundle
