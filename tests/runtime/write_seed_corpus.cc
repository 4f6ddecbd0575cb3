// Writes the fuzz seed corpus: good programs from tests/runtime/pte_builder
// (every operator, inline constants, jumps, moves, two chains, several
// arenas) into the directory named by argv[1]. Real AOT programs can be added
// beside them; see tests/runtime/README.md.
#include <cstdio>
#include <string>
#include <vector>

#include "tests/runtime/pte_builder.h"

namespace {

using armlet::testing::InstructionSpec;
using armlet::testing::ProgramSpec;
using armlet::testing::ValueSpec;

bool write(const std::string& directory, const char* name, const ProgramSpec& spec) {
  const std::vector<uint8_t> bytes = armlet::testing::build_pte(spec);
  const std::string path = directory + "/" + name + ".pte";
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return false;
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
  return std::fclose(file) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::printf("usage: write_seed_corpus DIRECTORY\n");
    return 2;
  }
  const std::string directory = argv[1];
  bool ok = write(directory, "linear", armlet::testing::linear_program());
  ProgramSpec spec = armlet::testing::linear_program();
  spec.inline_constants = true;
  ok = ok && write(directory, "linear_inline_constants", spec);
  ok = ok && write(directory, "all_operators", armlet::testing::all_operators_program());

  spec = armlet::testing::linear_program();
  spec.values.push_back(ValueSpec::bool_value(false));
  spec.instructions.insert(spec.instructions.begin() + 1,
                           InstructionSpec::other(InstructionSpec::Kind::kJumpFalse, 16, 3));
  ok = ok && write(directory, "jump", spec);

  spec = armlet::testing::linear_program();
  armlet::testing::TensorSpec copy = spec.values[12].tensor;
  copy.offset = 40;
  spec.values.push_back(ValueSpec::tensor_value(copy));
  spec.instructions.push_back(InstructionSpec::other(InstructionSpec::Kind::kMove, 12, 16));
  spec.instructions.push_back(InstructionSpec::other(InstructionSpec::Kind::kFree, 12));
  spec.outputs = {16};
  ok = ok && write(directory, "move_free", spec);

  spec = armlet::testing::linear_program();
  spec.second_chain = {spec.instructions[1]};
  spec.instructions.pop_back();
  ok = ok && write(directory, "two_chains", spec);

  spec = armlet::testing::linear_program();
  spec.values[14].integer = -1;
  ok = ok && write(directory, "view_infer", spec);

  if (!ok) {
    std::printf("cannot write the corpus into %s\n", argv[1]);
    return 1;
  }
  std::printf("wrote seed corpus into %s\n", argv[1]);
  return 0;
}
