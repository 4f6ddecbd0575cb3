// Runs programs written by the AOT flow (`armlet compile`) on the host and
// compares the output bundle with the Python reference's byte for byte; then
// cuts and corrupts each real file to show that the loader refuses it cleanly.
//
//   pte_files_test MODEL.pte INPUTS.bundle GOLDEN.bundle [MODEL2.pte ...]
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "cc/ops/operator_table.h"
#include "cc/runtime/bundle.h"
#include "cc/runtime/method.h"
#include "cc/runtime/program.h"
#include "cc/runtime/status.h"
#include "tests/runtime/check.h"

namespace armlet::testing {
namespace {

bool read_file(const char* path, std::vector<uint8_t>* bytes) {
  std::FILE* file = std::fopen(path, "rb");
  if (file == nullptr) return false;
  uint8_t chunk[4096];
  size_t got = 0;
  while ((got = std::fread(chunk, 1, sizeof(chunk), file)) > 0) bytes->insert(bytes->end(), chunk, chunk + got);
  std::fclose(file);
  return true;
}

// 16-byte aligned copy of some bytes (the runtime requires it).
struct Aligned {
  explicit Aligned(const std::vector<uint8_t>& bytes) : storage((bytes.size() + 31) / 16) {
    if (!bytes.empty()) memcpy(storage.data(), bytes.data(), bytes.size());
    size = bytes.size();
  }
  uint8_t* data() { return reinterpret_cast<uint8_t*>(storage.data()); }
  struct alignas(16) Block {
    uint8_t bytes[16];
  };
  std::vector<Block> storage;
  size_t size;
};

// Loads, binds |inputs|, runs and bundles the outputs; returns the status.
Status run_program(const std::vector<uint8_t>& pte, const std::vector<uint8_t>& inputs,
                   std::vector<uint8_t>* outputs) {
  Aligned program_bytes(pte);
  Aligned input_bytes(inputs);
  Program program;
  Status status = Program::load(program_bytes.data(), program_bytes.size, &program);
  if (status != Status::kOk) return status;
  MethodRequirements needs{};
  if ((status = Method::requirements(program, nullptr, &needs)) != Status::kOk) return status;
  if (needs.arena_count > 1 || needs.workspace_bytes > (1u << 20) || needs.arena_bytes[0] > (1u << 24)) {
    return Status::kUnsupported;
  }
  Aligned arena_bytes(std::vector<uint8_t>(static_cast<size_t>(needs.arena_bytes[0])));
  Aligned workspace(std::vector<uint8_t>(static_cast<size_t>(needs.workspace_bytes)));
  Arena arena{arena_bytes.data(), arena_bytes.size};
  MethodConfig config;
  config.operators = &ops::operator_table();
  config.arenas = &arena;
  config.arena_count = needs.arena_count;
  config.workspace = workspace.data();
  config.workspace_size = workspace.size;
  Method method;
  if ((status = method.init(program, config)) != Status::kOk) return status;
  BundleReader reader;
  if ((status = reader.open(input_bytes.data(), input_bytes.size)) != Status::kOk) return status;
  if (reader.count() != method.input_count()) return Status::kInputMismatch;
  for (uint32_t i = 0; i < reader.count(); ++i) {
    TensorRef input{};
    if ((status = reader.tensor(i, &input)) != Status::kOk) return status;
    if ((status = method.set_input(i, input)) != Status::kOk) return status;
  }
  if ((status = method.execute()) != Status::kOk) return status;
  outputs->assign(1 << 20, 0);
  BundleWriter writer(outputs->data(), outputs->size());
  status = writer.begin(static_cast<uint32_t>(method.output_count()));
  for (size_t i = 0; status == Status::kOk && i < method.output_count(); ++i) {
    status = writer.add(*method.output(i));
  }
  if (status == Status::kOk) status = writer.finish();
  outputs->resize(writer.size());
  return status;
}

void test_file(const char* pte_path, const char* inputs_path, const char* golden_path) {
  std::vector<uint8_t> pte, inputs, golden, outputs;
  if (!CHECK(read_file(pte_path, &pte) && read_file(inputs_path, &inputs) && read_file(golden_path, &golden))) {
    return;
  }
  set_log_hook(nullptr);
  const Status status = run_program(pte, inputs, &outputs);
  if (!CHECK_EQ(status, Status::kOk)) std::printf("  %s: %s\n", pte_path, last_error_message());
  if (!CHECK(outputs == golden)) {
    size_t first = 0;
    while (first < outputs.size() && first < golden.size() && outputs[first] == golden[first]) ++first;
    std::printf("  %s: output bundle differs from the golden at byte %zu\n", pte_path, first);
  }
  // Every cut of a real file is refused; corrupt files fail or run, never crash.
  int loaded = 0;
  for (size_t length = 0; length < pte.size(); ++length) {
    std::vector<uint8_t> cut(pte.begin(), pte.begin() + static_cast<long>(length));
    if (run_program(cut, inputs, &outputs) == Status::kOk) ++loaded;
  }
  CHECK_EQ(loaded, 0);
  for (size_t position = 0; position < pte.size(); ++position) {
    std::vector<uint8_t> bad = pte;
    bad[position] ^= static_cast<uint8_t>(0x5a);
    (void)run_program(bad, inputs, &outputs);
  }
  std::printf("%s: bit-exact, %zu truncations refused, %zu corruptions survived\n", pte_path,
              pte.size(), pte.size());
}

}  // namespace
}  // namespace armlet::testing

int main(int argc, char** argv) {
  if (argc < 4 || (argc - 1) % 3 != 0) {
    std::printf("usage: pte_files_test MODEL.pte INPUTS.bundle GOLDEN.bundle [...]\n");
    return 2;
  }
  for (int i = 1; i < argc; i += 3) armlet::testing::test_file(argv[i], argv[i + 1], argv[i + 2]);
  return armlet::testing::finish("pte_files_test");
}
