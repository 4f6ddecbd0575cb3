// libFuzzer target: any bytes as a .pte, through load, init, input binding,
// execution and output bundling with small fixed buffers. The runtime must
// answer every input with a status; sanitizers catch anything else.
//
//   clang++ -fsanitize=fuzzer,address,undefined ... fuzz_loader.cc <runtime>
//   ./fuzz_loader -max_total_time=60 CORPUS_DIR
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "cc/ops/operator_table.h"
#include "cc/runtime/bundle.h"
#include "cc/runtime/method.h"
#include "cc/runtime/program.h"
#include "cc/runtime/status.h"

namespace {

constexpr size_t kMaxProgram = 1 << 20;
constexpr size_t kArenaBytes = 64 * 1024;
constexpr size_t kWorkspaceBytes = 64 * 1024;

alignas(16) uint8_t g_program[kMaxProgram];
alignas(16) uint8_t g_arena[kArenaBytes];
alignas(16) uint8_t g_workspace[kWorkspaceBytes];
alignas(16) uint8_t g_input[kArenaBytes];
alignas(16) uint8_t g_bundle[kArenaBytes];

uint64_t counter() {
  static uint64_t ticks = 0;
  return ++ticks;
}

void run(const uint8_t* data, size_t size) {
  using namespace armlet;
  if (size > kMaxProgram) return;
  memcpy(g_program, data, size);  // the runtime needs 16-byte aligned bytes
  Program program;
  if (Program::load(g_program, size, &program) != Status::kOk) return;
  MethodRequirements needs{};
  if (Method::requirements(program, nullptr, &needs) != Status::kOk) return;

  Arena arena{g_arena, kArenaBytes};
  MethodConfig config;
  config.operators = &ops::operator_table();
  config.arenas = &arena;
  config.arena_count = 1;
  config.workspace = g_workspace;
  config.workspace_size = kWorkspaceBytes;
  config.now = &counter;
  Method method;
  if (method.init(program, config) != Status::kOk) return;

  for (size_t i = 0; i < method.input_count(); ++i) {
    const Tensor& planned = *method.input(i);
    TensorRef ref{};
    ref.dtype = planned.dtype;
    ref.rank = planned.rank;
    for (int32_t d = 0; d < planned.rank; ++d) ref.sizes[d] = planned.sizes[d];
    ref.nbytes = planned.nbytes;
    // A deterministic pattern, but never NaN or huge floats: values go in as
    // bytes 0..63.
    for (uint32_t b = 0; b < planned.nbytes && b < kArenaBytes; ++b) g_input[b] = static_cast<uint8_t>(b & 63);
    ref.data = g_input;
    if (planned.nbytes > kArenaBytes) return;
    if (method.set_input(i, ref) != Status::kOk) return;
  }
  if (method.execute() != Status::kOk) return;
  BundleWriter writer(g_bundle, sizeof(g_bundle));
  if (writer.begin(static_cast<uint32_t>(method.output_count())) != Status::kOk) return;
  for (size_t i = 0; i < method.output_count(); ++i) {
    if (writer.add(*method.output(i)) != Status::kOk) return;
  }
  BundleReader reader;
  if (writer.finish() == Status::kOk) (void)reader.open(g_bundle, writer.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  armlet::set_log_hook(nullptr);
  run(data, size);
  return 0;
}
