// Builds .pte files from a plain description, for tests and the fuzz seed
// corpus. Every field can be set to a bad value on purpose: tests start from a
// good program (linear_program()) and break one thing at a time.
//
// Serialization follows ExecuTorch's layout: the FlatBuffers Program from the
// flatc-generated builder, then the 32-byte extended header ("eh00") inserted
// after the file identifier, then the constant segment at the segment base
// offset. Host-only (uses the heap and std::vector).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace armlet::testing {

struct TensorSpec {
  int32_t scalar_type = 1;  // int8
  std::vector<int32_t> sizes;
  // Empty: the identity (contiguous) order of sizes.size() dimensions.
  std::vector<uint8_t> dim_order;
  bool omit_dim_order = false;
  uint32_t buffer = 0;  // constant index (> 0) or 0
  bool planned = false;
  uint32_t memory_id = 1;
  uint64_t offset = 0;
  int32_t storage_offset = 0;
  int32_t dynamism = 0;  // STATIC
  bool external = false;  // ExtraTensorInfo location EXTERNAL
};

struct ValueSpec {
  enum class Kind { kNone, kInt, kBool, kDouble, kTensor, kIntList, kString, kRawType, kMissingPayload };
  Kind kind = Kind::kNone;
  int64_t integer = 0;
  double real = 0;
  bool boolean = false;
  TensorSpec tensor;
  std::vector<int64_t> list;  // IntList items: value indices
  int32_t raw_type = 0;       // kRawType: this union type code, no payload
  Kind payload_kind = Kind::kInt;  // kMissingPayload: type set, payload absent

  static ValueSpec none() { return ValueSpec{}; }
  static ValueSpec int_value(int64_t v) {
    ValueSpec s;
    s.kind = Kind::kInt;
    s.integer = v;
    return s;
  }
  static ValueSpec bool_value(bool v) {
    ValueSpec s;
    s.kind = Kind::kBool;
    s.boolean = v;
    return s;
  }
  static ValueSpec double_value(double v) {
    ValueSpec s;
    s.kind = Kind::kDouble;
    s.real = v;
    return s;
  }
  static ValueSpec tensor_value(TensorSpec t) {
    ValueSpec s;
    s.kind = Kind::kTensor;
    s.tensor = std::move(t);
    return s;
  }
  static ValueSpec int_list(std::vector<int64_t> items) {
    ValueSpec s;
    s.kind = Kind::kIntList;
    s.list = std::move(items);
    return s;
  }
};

struct InstructionSpec {
  enum class Kind { kKernel, kDelegate, kMove, kJumpFalse, kFree, kRawType, kMissingPayload };
  Kind kind = Kind::kKernel;
  int32_t op = 0;
  std::vector<int32_t> args;
  int32_t a = 0;  // move_from / cond / value index / delegate index
  int32_t b = 0;  // move_to / destination
  bool omit_args = false;
  int32_t raw_type = 0;

  static InstructionSpec kernel(int32_t op, std::vector<int32_t> args) {
    InstructionSpec s;
    s.op = op;
    s.args = std::move(args);
    return s;
  }
  static InstructionSpec other(Kind kind, int32_t a, int32_t b = 0) {
    InstructionSpec s;
    s.kind = kind;
    s.a = a;
    s.b = b;
    return s;
  }
};

struct ProgramSpec {
  std::string identifier = "ET12";
  std::string method_name = "forward";
  std::vector<ValueSpec> values;
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
  std::vector<std::pair<std::string, std::string>> operators;
  std::vector<InstructionSpec> instructions;
  // A second chain, run after the first (empty: one chain).
  std::vector<InstructionSpec> second_chain;
  std::vector<int64_t> buffer_sizes;  // non_const_buffer_sizes (index 0 reserved)
  // Constant data; index 0 is the reserved empty entry and is added here.
  std::vector<std::vector<uint8_t>> constants;
  bool inline_constants = false;  // Program.constant_buffer instead of a segment
  bool omit_plans = false;
  bool add_delegate = false;

  // Deliberate damage to the segment tables.
  int64_t constant_segment_index = 0;
  int64_t segment_offset_delta = 0;  // added to segment 0's offset
  int64_t segment_size_delta = 0;    // added to segment 0's size
  std::vector<int64_t> constant_offset_overrides;  // replace constant offsets (when non-empty)
  // Extended header overrides (when >= 0).
  int64_t header_program_size = -1;
  int64_t header_segment_base = -1;
  int64_t header_segment_size = -1;
  int64_t header_length = -1;
};

// Serializes |spec| to .pte bytes.
std::vector<uint8_t> build_pte(const ProgramSpec& spec);

// A good int8 program: y = quantized_linear(x[2, 4], W[3, 4], kernel_sum[3])
// with multiplier 2^30, shift 1 (scale 1.0), output_offset 1, clamp to
// [-128, 127], then view_copy to [6]. Input value 0, output value 13.
ProgramSpec linear_program();

// Its expected output for |input| (8 values).
std::vector<int8_t> linear_program_expected(const std::vector<int8_t>& input);

// Value indices in linear_program().
namespace linear_values {
inline constexpr int32_t kInput = 0;
inline constexpr int32_t kWeights = 1;
inline constexpr int32_t kKernelSum = 2;
inline constexpr int32_t kInputOffset = 3;
inline constexpr int32_t kFilterOffset = 4;
inline constexpr int32_t kOutputOffset = 5;
inline constexpr int32_t kMultiplier = 6;
inline constexpr int32_t kMultipliers = 7;
inline constexpr int32_t kShift = 8;
inline constexpr int32_t kShifts = 9;
inline constexpr int32_t kActivationMin = 10;
inline constexpr int32_t kActivationMax = 11;
inline constexpr int32_t kLinearOut = 12;
inline constexpr int32_t kViewOut = 13;
inline constexpr int32_t kViewSize = 14;
inline constexpr int32_t kViewSizes = 15;
}  // namespace linear_values

// A good program using every armlet operator: float [2, 4] -> quantize ->
// linear -> add (with itself, and broadcast with a constant [3]) ->
// dequantize -> float [2, 3].
ProgramSpec all_operators_program();

}  // namespace armlet::testing
