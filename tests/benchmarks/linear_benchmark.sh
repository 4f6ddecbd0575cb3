#!/usr/bin/env bash
# Runs each benchmark model on each CPU's simulated board and prints one table row per pair:
# instructions per inference (whole program, and the linear kernel alone), MACs per instruction of
# the linear kernel, the runner's code bytes (.text of the ELF) and the model's arena bytes.
#   linear_benchmark.sh RUN_ON_SIMULATOR SIZE cpu=RUNNER... model=PTE... model.inputs=BUNDLE...
set -euo pipefail
simulator="$PWD/$1"
size_tool="$PWD/$2"
shift 2

declare -A runners programs inputs
cpus=()
models=()
for pair in "$@"; do
  key="${pair%%=*}"
  value="$PWD/${pair#*=}"
  case "$key" in
    cortex_*) runners[$key]="$value"; cpus+=("$key") ;;
    *.inputs) inputs[${key%.inputs}]="$value" ;;
    *) programs[$key]="$value"; models+=("$key") ;;
  esac
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

printf '%-12s %-11s %14s %14s %9s %11s %11s %11s\n' model cpu "instr/infer" "linear instr" "MACs" "MACs/instr" "code bytes" "arena bytes"
for model in "${models[@]}"; do
  for cpu in "${cpus[@]}"; do
    cp "${programs[$model]}" "$work/model.pte"
    cp "${inputs[$model]}" "$work/inputs.bundle"
    log="$work/$model.$cpu.log"
    if ! (cd "$work" && "$simulator" "$cpu" "${runners[$cpu]}" model.pte inputs.bundle outputs.bundle >"$log" 2>&1); then
      echo "$model on $cpu failed:"
      cat "$log"
      exit 1
    fi
    total=$(sed -n 's/^total instructions: \([0-9]*\).*/\1/p' "$log")
    read -r linear_instr macs < <(awk '$1 == "armlet::quantized_linear.out" { print $3, $4 }' "$log")
    arena=$(sed -n 's/^arena: \([0-9]*\) bytes used.*/\1/p' "$log")
    code=$("$size_tool" -A "${runners[$cpu]}" | awk '$1 == ".text" { print $2 }')
    per_instr=$(awk -v m="$macs" -v i="$linear_instr" 'BEGIN { printf "%.2f", m / i }')
    printf '%-12s %-11s %14s %14s %9s %11s %11s %11s\n' "$model" "$cpu" "$total" "$linear_instr" "$macs" "$per_instr" "$code" "$arena"
  done
done
echo "instructions: QEMU -icount counts (see README, 'Counting instructions'); code bytes: the whole runner ELF's .text"
