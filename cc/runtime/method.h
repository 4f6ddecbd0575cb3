// One method of a loaded program, ready to run: values, memory plan, resolved
// operators and the instruction list, all in caller-provided memory.
#pragma once

#include <cstddef>
#include <cstdint>

#include "cc/runtime/operator.h"
#include "cc/runtime/program.h"
#include "cc/runtime/status.h"
#include "cc/runtime/tensor.h"
#include "cc/runtime/value.h"

namespace armlet {

// A caller-provided buffer for one planned memory id (activations).
struct Arena {
  uint8_t* data;
  size_t size;
};

// Arena and workspace buffers must start at this alignment.
inline constexpr size_t kArenaAlignment = 16;

struct MethodConfig {
  const OperatorTable* operators = nullptr;
  // arenas[i] holds the program's planned memory id i + 1 (id 0 is reserved).
  const Arena* arenas = nullptr;
  size_t arena_count = 0;
  // Method state: values, unboxed int lists, instruction list, profile.
  uint8_t* workspace = nullptr;
  size_t workspace_size = 0;
  // nullptr: the program's first method.
  const char* method_name = nullptr;
  // Profile clock read around every kernel call (instructions or cycles);
  // nullptr disables timing.
  uint64_t (*now)() = nullptr;
};

// Per kernel instruction: calls, clock ticks spent, MACs per call.
struct InstructionProfile {
  const OperatorEntry* op;  // nullptr for move/jump/free instructions
  uint32_t calls;
  uint64_t ticks;
  uint64_t macs_per_call;
};

namespace detail {
struct Instruction;
struct Layout;
}  // namespace detail

// What a method needs from the caller, so it can size buffers before init.
struct MethodRequirements {
  static constexpr size_t kMaxReportedArenas = 8;
  uint64_t workspace_bytes;
  size_t arena_count;  // planned memory ids, 0 excluded
  uint64_t arena_bytes[kMaxReportedArenas];  // the first kMaxReportedArenas
};

class Method {
 public:
  // Workspace and arena sizes |method_name| (nullptr: the first method)
  // needs; arena sizes come from the program's memory plan.
  [[nodiscard]] static Status requirements(const Program& program, const char* method_name,
                                           MethodRequirements* out);

  // Validates the method against the operator table, places every tensor and
  // prepares every kernel call. Nothing is allocated: all state lives in the
  // config's workspace and arenas, which must outlive the Method.
  [[nodiscard]] Status init(const Program& program, const MethodConfig& config);

  size_t input_count() const { return input_count_; }
  size_t output_count() const { return output_count_; }
  // The planned tensors (nullptr if out of range or not initialized).
  const Tensor* input(size_t index) const;
  const Tensor* output(size_t index) const;

  // Copies |value| into planned input |index|; dtype, shape and byte size
  // must equal the plan.
  [[nodiscard]] Status set_input(size_t index, const TensorRef& value);

  // Runs every chain once.
  [[nodiscard]] Status execute();

  size_t instruction_count() const { return instruction_count_; }
  InstructionProfile profile(size_t instruction) const;

  // Memory figures for reports.
  size_t workspace_used() const { return workspace_used_; }
  // Planned memory ids, the reserved id 0 excluded (= arenas needed).
  size_t planned_arena_count() const { return planned_arena_count_; }
  uint64_t planned_arena_bytes(size_t arena_index) const;

 private:
  Status place_arenas(const MethodConfig& config);
  Status load_values(const Program& program);
  Status load_lists();
  Status load_io();
  Status load_operators(const OperatorTable& table);
  Status load_instructions();

  const executorch_flatbuffer::ExecutionPlan* plan_ = nullptr;
  const Arena* arenas_ = nullptr;
  uint64_t (*now_)() = nullptr;
  Value* values_ = nullptr;
  size_t value_count_ = 0;
  int32_t* list_pool_ = nullptr;
  Value** inputs_ = nullptr;
  size_t input_count_ = 0;
  Value** outputs_ = nullptr;
  size_t output_count_ = 0;
  const OperatorEntry** operators_ = nullptr;
  size_t operator_count_ = 0;
  detail::Instruction* instructions_ = nullptr;
  size_t instruction_count_ = 0;
  Value** arg_pool_ = nullptr;
  // chain_starts_[c] .. chain_starts_[c + 1] are chain c's instructions.
  uint32_t* chain_starts_ = nullptr;
  size_t chain_count_ = 0;
  size_t planned_arena_count_ = 0;
  size_t workspace_used_ = 0;
  bool ready_ = false;
};

}  // namespace armlet
