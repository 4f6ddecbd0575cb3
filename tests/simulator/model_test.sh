#!/usr/bin/env bash
# One model on one simulated CPU: runs the runner firmware on the board with the model's program
# and inputs, then compares its outputs with the golden outputs of the Python reference, bit for bit.
#   model_test.sh CPU RUNNER_ELF MODEL.pte INPUTS GOLDEN COMPARE_TOOL RUN_ON_SIMULATOR
set -euo pipefail

cpu="$1"
runner="$PWD/$2"
program="$PWD/$3"
inputs="$PWD/$4"
golden="$PWD/$5"
compare="$PWD/$6"
simulator="$PWD/$7"

# Semihosting opens files relative to the simulator's working directory.
work="${TEST_TMPDIR:-$(mktemp -d)}/run"
mkdir -p "$work"
cp "$program" "$work/model.pte"
cp "$inputs" "$work/inputs.bundle"
cd "$work"

echo "== $cpu: running $(basename "$3") on the simulated board"
"$simulator" "$cpu" "$runner" model.pte inputs.bundle outputs.bundle
echo "== $cpu: comparing with the Python reference"
"$compare" "$golden" outputs.bundle
