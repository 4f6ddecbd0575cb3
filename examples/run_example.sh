#!/usr/bin/env bash
# The main job of README's first command: compile the example model, run it with the Python
# reference and on the simulated Cortex-M55, and print both outputs side by side with the verdict
# ("bit-exact" or the first difference), the runner's per-operator profile and memory figures.
set -euo pipefail
cd "$(dirname "$0")/.."

model="${1:-examples/linear_relu_add.py}"
target="${2:-cortex-m55}"
out="build/example"
mkdir -p "$out"

armlet() { bazel run --ui_event_filters=-info,-stdout --noshow_progress //:armlet -- "$@"; }

echo "== compile $model for $target"
armlet compile "$model" --target "$target" -o "$out/model.pte" --save-inputs "$out/inputs.npz"
echo "== the program"
armlet inspect "$out/model.pte"
echo "== Python reference"
armlet reference "$out/model.pte" --inputs "$out/inputs.npz" -o "$out/reference.npz"
echo "== simulated $target"
armlet run "$out/model.pte" --target "$target" --inputs "$out/inputs.npz" -o "$out/device.npz"
echo "== reference vs device"
armlet compare "$out/reference.npz" "$out/device.npz"
