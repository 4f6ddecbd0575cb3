#!/usr/bin/env bash
# Builds the .pte loader fuzz target (tests/runtime/fuzz_loader.cc) with clang's libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer, and runs it for a bounded time on the seed
# corpus. Exits nonzero on any finding.
#
#   tests/runtime/fuzz.sh [SECONDS]      (default 60)
#
# Everything it compiles comes from this workspace: Bazel generates the .pte reader (flatc, from
# executorch's program.fbs), the operator table and the seed corpus (crafted programs from
# tests/runtime/write_seed_corpus.cc plus programs from the AOT flow); the FlatBuffers headers are
# the pinned @flatbuffers ones. Reproducers of findings are kept in $FUZZ_ARTIFACTS (default:
# ./fuzz-artifacts); replay one with `bazel-bin/tests/runtime/fuzz_seed_replay_test FILE` or
# the printed fuzz binary.
#
# Environment: CLANG (default clang++), FUZZ_ARTIFACTS.
set -euo pipefail
cd "$(dirname "$0")/../.."

readonly seconds="${1:-60}"
readonly clang="${CLANG:-clang++}"
readonly artifacts="${FUZZ_ARTIFACTS:-${PWD}/fuzz-artifacts}"
readonly aot_programs=(linear_bias linear_per_channel residual_linear_add)

targets=(//cc/runtime:pte_schema_cc //cc/ops:operator_table_gen //tests/runtime:seed_corpus)
for program in "${aot_programs[@]}"; do targets+=("//tests/simulator:${program}_program"); done
bazel build "${targets[@]}"
bin="$(bazel info bazel-bin)"
flatbuffers_include="$(bazel info output_base)/external/flatbuffers/usr/include"

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
mkdir -p "${work}/seeds" "${work}/corpus" "${artifacts}"
cp "${bin}"/tests/runtime/seeds/*.pte "${work}/seeds/"
for program in "${aot_programs[@]}"; do
  cp "${bin}/tests/simulator/${program}_program.pte" "${work}/seeds/"
done

sources=(cc/runtime/*.cc cc/ops/*.cc "${bin}/cc/ops/operator_table.cc" cc/kernels/*.cc
  tests/runtime/fuzz_loader.cc)
echo "fuzz.sh: building the fuzz target with ${clang}"
"${clang}" -std=c++17 -O1 -g -fno-exceptions -fno-rtti \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -I. -I"${bin}" -I"${flatbuffers_include}" "${sources[@]}" -o "${work}/fuzz_loader"

echo "fuzz.sh: fuzzing for ${seconds} s ($(ls "${work}/seeds" | wc -l) seeds)"
# The first directory collects new inputs; the seeds are read only.
if ! "${work}/fuzz_loader" -max_total_time="${seconds}" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="${artifacts}/" "${work}/corpus" "${work}/seeds"; then
  echo "fuzz.sh: FINDING - reproducer(s) in ${artifacts}" >&2
  exit 1
fi
echo "fuzz.sh: no findings in ${seconds} s"
