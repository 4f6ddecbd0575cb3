// Host tests of the .pte loader, executor, operator adapters and bundles.
//
// Programs are built by tests/runtime/pte_builder from a description, so each
// test breaks exactly one thing in a good program and checks the error code
// and message. Run under -fsanitize=address,undefined: nothing may crash or
// read out of bounds, whatever the bytes.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "cc/ops/operator_table.h"
#include "cc/runtime/bundle.h"
#include "cc/runtime/method.h"
#include "cc/runtime/program.h"
#include "cc/runtime/status.h"
#include "cc/runtime/text.h"
#include "tests/runtime/check.h"
#include "tests/runtime/pte_builder.h"

namespace armlet::testing {
namespace {

namespace lv = linear_values;
using Kind = InstructionSpec::Kind;

// Heap bytes at a 16-byte aligned address, as the runtime requires.
class AlignedBytes {
 public:
  explicit AlignedBytes(size_t size) : storage_(size + 16) {
    offset_ = (16 - reinterpret_cast<uintptr_t>(storage_.data()) % 16) % 16;
    size_ = size;
  }
  explicit AlignedBytes(const std::vector<uint8_t>& bytes) : AlignedBytes(bytes.size()) {
    if (!bytes.empty()) memcpy(data(), bytes.data(), bytes.size());
  }
  uint8_t* data() { return storage_.data() + offset_; }
  size_t size() const { return size_; }

 private:
  std::vector<uint8_t> storage_;
  size_t offset_ = 0;
  size_t size_ = 0;
};

// Loads a program and initializes its first method with given buffer sizes.
class Harness {
 public:
  explicit Harness(const std::vector<uint8_t>& pte, size_t arena = 4096, size_t workspace = 16384)
      : bytes_(pte), arena_(arena), workspace_(workspace) {}

  Status load() {
    Status status = Program::load(bytes_.data(), bytes_.size(), &program_);
    if (status != Status::kOk) return status;
    Arena arena{arena_.data(), arena_.size()};
    MethodConfig config;
    config.operators = &ops::operator_table();
    config.arenas = &arena;
    config.arena_count = arena_count_;
    config.workspace = workspace_.data();
    config.workspace_size = workspace_.size();
    config.now = &fake_clock;
    return method_.init(program_, config);
  }

  Status run_int8(const std::vector<int8_t>& input) {
    TensorRef ref{};
    ref.dtype = ScalarType::kInt8;
    const Tensor* planned = method_.input(0);
    if (planned == nullptr) return Status::kInvalidArgument;
    ref.rank = planned->rank;
    for (int32_t d = 0; d < planned->rank; ++d) ref.sizes[d] = planned->sizes[d];
    ref.data = input.data();
    ref.nbytes = static_cast<uint32_t>(input.size());
    Status status = method_.set_input(0, ref);
    return status == Status::kOk ? method_.execute() : status;
  }

  std::vector<int8_t> output_int8(size_t index = 0) const {
    const Tensor* out = method_.output(index);
    if (out == nullptr) return {};
    const int8_t* data = out->data_as<const int8_t>();
    return std::vector<int8_t>(data, data + out->numel);
  }

  void set_arena_count(size_t count) { arena_count_ = count; }
  Method& method() { return method_; }
  Program& program() { return program_; }

 private:
  static uint64_t fake_clock() {
    static uint64_t ticks = 0;
    return ticks += 10;
  }

  AlignedBytes bytes_;
  AlignedBytes arena_;
  AlignedBytes workspace_;
  size_t arena_count_ = 1;
  Program program_;
  Method method_;
};

const std::vector<int8_t> kInput = {1, 2, 3, 4, -5, 6, -7, 100};

// Builds |spec|, expects load+init to fail with |status| and a message
// containing |message|.
void expect_load_error(const ProgramSpec& spec, Status status, const char* message, int line) {
  Harness harness(build_pte(spec));
  const Status got = harness.load();
  const bool ok = got == status && contains(last_error_message(), message);
  if (!check(ok, message, __FILE__, line)) {
    std::printf("  got status %d (%s): '%s'\n", static_cast<int>(got), status_name(got),
                last_error_message());
  }
}

#define EXPECT_LOAD_ERROR(spec, status, message) expect_load_error(spec, status, message, __LINE__)

void test_good_linear() {
  for (bool inline_constants : {false, true}) {
    ProgramSpec spec = linear_program();
    spec.inline_constants = inline_constants;
    Harness harness(build_pte(spec));
    CHECK_EQ(harness.load(), Status::kOk);
    CHECK_EQ(harness.run_int8(kInput), Status::kOk);
    CHECK(harness.output_int8() == linear_program_expected(kInput));
    // Running twice gives the same answer.
    CHECK_EQ(harness.run_int8(kInput), Status::kOk);
    CHECK(harness.output_int8() == linear_program_expected(kInput));
    const InstructionProfile profile = harness.method().profile(0);
    CHECK(profile.op != nullptr && std::string(profile.op->name) == "armlet::quantized_linear");
    CHECK_EQ(profile.calls, 2u);
    CHECK_EQ(profile.macs_per_call, 24u);
    CHECK(profile.ticks > 0);
    CHECK_EQ(harness.method().planned_arena_bytes(0), 48u);
    MethodRequirements needs{};
    CHECK_EQ(Method::requirements(harness.program(), nullptr, &needs), Status::kOk);
    CHECK_EQ(needs.workspace_bytes, harness.method().workspace_used() + 7);
    CHECK_EQ(needs.arena_count, 1u);
    CHECK_EQ(needs.arena_bytes[0], 48u);
  }
}

void test_all_operators() {
  Harness harness(build_pte(all_operators_program()));
  CHECK_EQ(harness.load(), Status::kOk);
  const float input[8] = {0.5f, 1.0f, -1.5f, 2.0f, 0.25f, 0.75f, 3.0f, -60.0f};
  TensorRef ref{ScalarType::kFloat32, 2, {2, 4}, input, sizeof(input)};
  CHECK_EQ(harness.method().set_input(0, ref), Status::kOk);
  CHECK_EQ(harness.method().execute(), Status::kOk);
  // Reference: q = round_half_even(x / 0.5); linear (scale 1, +1); doubled by
  // add; + {5, 0, -5} broadcast; * 0.5.
  std::vector<int8_t> q;
  for (float x : input) q.push_back(static_cast<int8_t>(std::nearbyint(x / 0.5f)));
  const std::vector<int8_t> linear = linear_program_expected(q);
  const int32_t bias[3] = {5, 0, -5};
  const Tensor* out = harness.method().output(0);
  CHECK(out != nullptr && out->dtype == ScalarType::kFloat32 && out->numel == 6);
  for (int i = 0; out != nullptr && i < 6; ++i) {
    int32_t doubled = 2 * linear[i];
    doubled = doubled > 127 ? 127 : (doubled < -128 ? -128 : doubled);
    int32_t biased = doubled + bias[i % 3];
    biased = biased > 127 ? 127 : (biased < -128 ? -128 : biased);
    CHECK_EQ(out->data_as<const float>()[i], static_cast<float>(biased) * 0.5f);
  }
}

void test_truncation_and_corruption() {
  for (bool inline_constants : {false, true}) {
    ProgramSpec spec = linear_program();
    spec.inline_constants = inline_constants;
    const std::vector<uint8_t> good = build_pte(spec);
    int loaded = 0;
    for (size_t length = 0; length < good.size(); ++length) {
      std::vector<uint8_t> cut(good.begin(), good.begin() + static_cast<long>(length));
      Harness harness(cut);
      if (harness.load() == Status::kOk) ++loaded;
    }
    // With the extended header every cut fails; inline-constant files (no
    // header) may still parse when the cut only drops trailing padding.
    if (!inline_constants) CHECK_EQ(loaded, 0);
    // Flip bits everywhere: any result is fine as long as nothing crashes;
    // loaded programs must also run.
    for (size_t position = 0; position < good.size(); ++position) {
      for (uint8_t mask : {0x01, 0x80, 0xff}) {
        std::vector<uint8_t> bad = good;
        bad[position] ^= mask;
        Harness harness(bad, 256, 4096);
        if (harness.load() == Status::kOk) {
          (void)harness.run_int8(kInput);
          (void)harness.method().execute();
        }
      }
    }
  }
}

void test_identifier_and_header() {
  ProgramSpec spec = linear_program();
  spec.identifier = "ET13";
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "file identifier is 'ET13', expected 'ET12'");

  spec = linear_program();
  spec.header_program_size = 1 << 20;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "file truncated: program needs 1048576 bytes");
  spec = linear_program();
  spec.header_program_size = 12;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "file truncated");
  spec = linear_program();
  spec.header_segment_base = 1 << 20;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "segment base offset 1048576 outside the file");
  spec = linear_program();
  spec.header_segment_base = 16;  // inside the FlatBuffers data
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "segment base offset 16");
  spec = linear_program();
  spec.header_segment_size = 0xffffffffffffull;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "file truncated: segments end at");
  spec = linear_program();
  spec.header_length = 8;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "extended header length 8 is invalid");
  spec = linear_program();
  spec.header_length = 0x7fffffff;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "extended header length");
  spec = linear_program();
  spec.header_segment_base = 0;  // segments listed, but no segment data
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "no segment base offset");

  // Tiny and empty files.
  for (size_t n : {0, 3, 7, 8, 11, 12, 20}) {
    std::vector<uint8_t> bytes(n, 0);
    if (n >= 8) memcpy(bytes.data() + 4, "ET12", 4);
    if (n >= 12) memcpy(bytes.data() + 8, "eh00", 4);
    Harness harness(bytes);
    CHECK(harness.load() != Status::kOk);
  }
  // A misaligned program buffer is refused, not read.
  const std::vector<uint8_t> good = build_pte(linear_program());
  AlignedBytes shifted(good.size() + 1);
  memcpy(shifted.data() + 1, good.data(), good.size());
  Program program;
  CHECK_EQ(Program::load(shifted.data() + 1, good.size(), &program), Status::kInvalidArgument);
  CHECK(contains(last_error_message(), "16-byte aligned"));
}

void test_segments_and_constants() {
  ProgramSpec spec = linear_program();
  spec.segment_offset_delta = 4096;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "segment 0 (offset 4096");
  spec = linear_program();
  spec.segment_size_delta = 1 << 30;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "lies past the end of the segment data");
  spec = linear_program();
  spec.segment_offset_delta = -1;  // wraps to 2^64 - 1
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "segment 0");
  spec = linear_program();
  spec.constant_segment_index = 5;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "constant segment index 5 out of range");
  spec = linear_program();
  spec.constant_offset_overrides = {0, 0, 100000};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "constant 2 (12 bytes at offset 100000)");
  spec = linear_program();
  spec.constant_offset_overrides = {0, 0, static_cast<int64_t>(0xfffffffffffffff0ull)};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "lies past the end of its segment");
  spec = linear_program();
  spec.constant_offset_overrides = {0, 1, 16};  // kernel_sum misaligned? no: weights at 1
  spec.values[lv::kKernelSum].tensor.buffer = 1;  // int32 at offset 1: misaligned
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "misaligned");
  spec = linear_program();
  spec.values[lv::kWeights].tensor.buffer = 9;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "constant index 9 out of range (3 constants)");
  spec = linear_program();
  spec.inline_constants = true;
  spec.values[lv::kWeights].tensor.buffer = 9;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "constant index 9 out of range");
  spec = linear_program();
  spec.inline_constants = true;
  spec.values[lv::kWeights].tensor.sizes = {30, 4};  // 120 bytes from a 12-byte buffer
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "holds fewer than 120 bytes");
  spec = linear_program();
  spec.values[lv::kWeights].tensor.sizes = {300, 4};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "lies past the end of its segment");
}

void test_tensor_checks() {
  ProgramSpec spec = linear_program();
  spec.values[lv::kInput].tensor.sizes = {1 << 30, 1 << 30};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "value 0: tensor sizes negative or too large");
  spec = linear_program();
  spec.values[lv::kInput].tensor.sizes = {0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff, 0, 1};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "too large");
  spec = linear_program();
  spec.values[lv::kInput].tensor.sizes = {-1, 4};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "negative or too large");
  spec = linear_program();
  spec.values[lv::kInput].tensor.sizes = {1, 1, 1, 1, 1, 1, 1, 1, 8};
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "value 0: rank 9 exceeds 8");
  spec = linear_program();
  spec.values[lv::kInput].tensor.scalar_type = 99;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "value 0: unsupported scalar type 99");
  spec = linear_program();
  spec.values[lv::kInput].tensor.scalar_type = -3;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "unsupported scalar type 253");
  spec = linear_program();
  spec.values[lv::kInput].tensor.dim_order = {1, 0};
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "non-contiguous dim_order");
  spec = linear_program();
  spec.values[lv::kInput].tensor.dim_order = {0, 1, 2};
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "non-contiguous dim_order");
  spec = linear_program();
  spec.values[lv::kInput].tensor.dim_order = {0, 200};
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "non-contiguous dim_order");
  spec = linear_program();
  spec.values[lv::kInput].tensor.omit_dim_order = true;  // absent = contiguous
  {
    Harness harness(build_pte(spec));
    CHECK_EQ(harness.load(), Status::kOk);
  }
  spec = linear_program();
  spec.values[lv::kInput].tensor.storage_offset = 1;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "nonzero storage_offset");
  spec = linear_program();
  spec.values[lv::kInput].tensor.dynamism = 2;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "dynamic shape without upper bound");
  spec = linear_program();
  spec.values[lv::kInput].tensor.dynamism = 77;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "dynamic shape");
  spec = linear_program();
  spec.values[lv::kWeights].tensor.external = true;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "tensor data outside the program file");
  spec = linear_program();
  spec.values[lv::kInput].tensor.buffer = 1;  // planned and initial data
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "mutable tensor with initial data");
  spec = linear_program();
  spec.values[lv::kInput].tensor.planned = false;  // neither constant nor planned
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "tensor has no data");
  spec = linear_program();
  spec.values[lv::kInput].tensor.memory_id = 0;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "memory id 0 out of range");
  spec = linear_program();
  spec.values[lv::kInput].tensor.memory_id = 7;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "memory id 7 out of range");
  spec = linear_program();
  spec.values[lv::kLinearOut].tensor.offset = 44;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram,
                    "value 12: tensor (6 bytes at offset 44) lies past the end of memory id 1");
  spec = linear_program();
  spec.values[lv::kLinearOut].tensor.offset = 0xffffffff00000010ull;  // high bits set
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "lies past the end of memory id 1");
  spec = linear_program();
  spec.values[lv::kKernelSum] = ValueSpec::tensor_value(spec.values[lv::kKernelSum].tensor);
  spec.values[lv::kKernelSum].tensor.planned = true;
  spec.values[lv::kKernelSum].tensor.buffer = 0;
  spec.values[lv::kKernelSum].tensor.offset = 33;  // int32 at an odd offset
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "misaligned");
}

void test_value_checks() {
  ProgramSpec spec = linear_program();
  spec.values[lv::kMultipliers].list = {99};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "int list item 0 refers to value 99");
  spec = linear_program();
  spec.values[lv::kMultipliers].list = {-1};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "refers to value -1");
  spec = linear_program();
  spec.values[lv::kMultipliers].list = {lv::kWeights};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "which is not an Int");
  spec = linear_program();
  spec.values[lv::kMultiplier].integer = int64_t{1} << 40;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "does not fit in int32");
  spec = linear_program();
  spec.values[lv::kInputOffset].kind = ValueSpec::Kind::kMissingPayload;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "value 3: missing Int");
  spec = linear_program();
  spec.values[lv::kWeights].kind = ValueSpec::Kind::kMissingPayload;
  spec.values[lv::kWeights].payload_kind = ValueSpec::Kind::kTensor;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "value 1: missing Tensor");
  spec = linear_program();
  spec.values[lv::kShifts].kind = ValueSpec::Kind::kMissingPayload;
  spec.values[lv::kShifts].payload_kind = ValueSpec::Kind::kIntList;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "value 9: missing IntList");
  spec = linear_program();
  spec.values[lv::kViewSize].kind = ValueSpec::Kind::kRawType;
  spec.values[lv::kViewSize].raw_type = 42;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "value 14 has unknown type 42");
  // Unused values of kinds the runtime never reads are fine.
  spec = linear_program();
  spec.values.push_back(ValueSpec{});
  spec.values.back().kind = ValueSpec::Kind::kString;
  {
    Harness harness(build_pte(spec));
    CHECK_EQ(harness.load(), Status::kOk);
  }
  spec = linear_program();
  spec.inputs = {99};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "input 0 refers to value 99, out of range (16 values)");
  spec = linear_program();
  spec.inputs = {lv::kWeights};
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "input 0 is not a memory-planned tensor");
  spec = linear_program();
  spec.inputs = {lv::kInputOffset};
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "input 0 is not a memory-planned tensor");
  spec = linear_program();
  spec.outputs = {-1};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "output 0 refers to value -1");
  spec = linear_program();
  spec.outputs = {lv::kMultipliers};
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "output 0 is not a tensor");
  spec = linear_program();
  spec.omit_plans = true;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "program has no methods");
}

void test_operator_checks() {
  ProgramSpec spec = linear_program();
  spec.operators[1].first = "aten::sigmoid";
  EXPECT_LOAD_ERROR(spec, Status::kUnknownOperator, "unknown operator aten::sigmoid.out");
  spec = linear_program();
  spec.operators[0].second = "default";
  EXPECT_LOAD_ERROR(spec, Status::kUnknownOperator, "unknown operator armlet::quantized_linear.default");
  spec = linear_program();
  spec.instructions[0].op = 7;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "instruction 0: operator index 7 out of range (2 operators)");
  spec = linear_program();
  spec.instructions[1].op = -1;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "instruction 1: operator index -1 out of range");
  spec = linear_program();
  spec.instructions[0].args[5] = 99;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "instruction 0 refers to value 99, out of range (16 values)");
  spec = linear_program();
  spec.instructions[0].args[5] = -7;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "refers to value -7");
  spec = linear_program();
  spec.instructions[0].args.pop_back();
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram,
                    "instruction 0: armlet::quantized_linear.out takes 12 arguments, got 11");
  spec = linear_program();
  spec.instructions[0].omit_args = true;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "takes 12 arguments, got 0");
  spec = linear_program();
  spec.instructions[0].args[3] = lv::kMultipliers;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "argument 'input_offset' must be Int, got IntList");
  spec = linear_program();
  spec.instructions[0].args[1] = lv::kInputOffset;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "argument 'weights' must be Tensor, got Int");
  spec = linear_program();
  spec.instructions[1].args = {12, 15, lv::kWeights, lv::kWeights};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "argument 'out' writes to a constant tensor");
  spec = linear_program();
  spec.instructions[0].args[11] = 13;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "return value is not its out argument");
  spec = linear_program();
  spec.instructions[0].kind = Kind::kMissingPayload;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "kernel call without arguments");
  spec = linear_program();
  spec.instructions[0].kind = Kind::kRawType;
  spec.instructions[0].raw_type = 9;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "instruction 0 has unknown type 9");
  spec = linear_program();
  spec.instructions[0].kind = Kind::kRawType;
  spec.instructions[0].raw_type = 0;  // NONE
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "instruction 0 has unknown type 0");
  spec = linear_program();
  spec.instructions.insert(spec.instructions.begin(), InstructionSpec::other(Kind::kDelegate, 0));
  spec.add_delegate = true;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "instruction 0: delegates not supported");
}

void test_adapter_checks() {
  ProgramSpec spec = linear_program();
  spec.values[lv::kFilterOffset].integer = 3;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported,
                    "armlet::quantized_linear: filter_offset 3 unsupported");
  spec = linear_program();
  spec.values[lv::kWeights].tensor.scalar_type = 3;  // int32 [3, 1]: 12 bytes
  spec.values[lv::kWeights].tensor.sizes = {3, 1};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram,
                    "armlet::quantized_linear: weights must be int8 of rank 2, got int32 [3, 1]");
  spec = linear_program();
  spec.values[lv::kWeights].tensor.sizes = {4, 3};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "weights must be int8 [4, 4], got int8 [4, 3]");
  spec = linear_program();
  spec.values[lv::kKernelSum].tensor.scalar_type = 1;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "kernel_sum must be int32 [3], got int8 [3]");
  spec = linear_program();
  spec.values[lv::kInput].tensor.scalar_type = 6;
  spec.values[lv::kInput].tensor.sizes = {2, 1};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "input must be int8, got float32 [2, 1]");
  spec = linear_program();
  spec.values[lv::kLinearOut].tensor.sizes = {3, 2};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "out must be int8 [2, 3], got int8 [3, 2]");
  spec = linear_program();
  spec.values.push_back(ValueSpec::int_value(5));
  spec.values[lv::kMultipliers].list = {6, 16};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "requantize lists must both hold 1 or N = 3 values");
  spec = linear_program();
  spec.values[lv::kShift].integer = 40;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "requantize shift = 40 outside [-31, 31]");
  spec = linear_program();
  spec.values[lv::kMultiplier].integer = -5;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "requantize multiplier = -5 outside");
  spec = linear_program();
  spec.values[lv::kActivationMin].integer = 10;
  spec.values[lv::kActivationMax].integer = 5;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "activation_min 10 > activation_max 5");
  spec = linear_program();
  spec.values[lv::kActivationMax].integer = 300;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "activation_max = 300 outside [-128, 127]");
  spec = linear_program();
  spec.values[lv::kOutputOffset].integer = 1000;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "output_offset = 1000 outside");
  spec = linear_program();
  spec.values[lv::kInputOffset].integer = -200;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "input_offset = -200 outside");

  // Per-channel lists of length N run.
  spec = linear_program();
  spec.values.push_back(ValueSpec::int_value(1 << 30));  // 16
  spec.values.push_back(ValueSpec::int_value(1 << 30));  // 17
  spec.values[lv::kMultipliers].list = {6, 16, 17};
  spec.values[lv::kShifts].list = {8, 8, 8};
  {
    Harness harness(build_pte(spec));
    CHECK_EQ(harness.load(), Status::kOk);
    CHECK_EQ(harness.run_int8(kInput), Status::kOk);
    CHECK(harness.output_int8() == linear_program_expected(kInput));
  }

  // view_copy: -1 is inferred; a wrong size is refused.
  spec = linear_program();
  spec.values[lv::kViewSize].integer = -1;
  {
    Harness harness(build_pte(spec));
    CHECK_EQ(harness.load(), Status::kOk);
    CHECK_EQ(harness.run_int8(kInput), Status::kOk);
    CHECK(harness.output_int8() == linear_program_expected(kInput));
  }
  spec = linear_program();
  spec.values[lv::kViewSize].integer = 7;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "aten::view_copy: out must be int8 [7], got int8 [6]");
  spec = linear_program();
  spec.values[lv::kViewSize].integer = -2;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "aten::view_copy: invalid size -2");

  // quantize/dequantize/add parameter checks.
  ProgramSpec all = all_operators_program();
  const int32_t scale = 17, dtype = 19;
  spec = all;
  spec.values[scale].real = 0.0;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "armlet::quantize_per_tensor: scale 0 is not a positive normal float32");
  spec = all;
  spec.values[scale].real = NAN;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "scale nan");
  spec = all;
  spec.values[scale].real = 1e300;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "scale 1e+300");
  spec = all;
  spec.values[dtype].integer = 3;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "quantized dtype 3 unsupported");
  spec = all;
  spec.values[20 + 9].integer = 40;  // add left_shift
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "armlet::quantized_add: left_shift = 40 outside [0, 31]");
  spec = all;
  spec.values[32].tensor.sizes = {2};  // the broadcast operand [2] against [2, 3]
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "shapes int8 [2, 3] and int8 [2] do not broadcast");
}

void test_memory() {
  const std::vector<uint8_t> pte = build_pte(linear_program());
  {
    Harness harness(pte, 16);
    CHECK_EQ(harness.load(), Status::kArenaTooSmall);
    CHECK(contains(last_error_message(), "arena too small: need 48 bytes, have 16"));
  }
  {
    Harness harness(pte);
    harness.set_arena_count(0);
    CHECK_EQ(harness.load(), Status::kArenaTooSmall);
    CHECK(contains(last_error_message(), "arena too small: need 48 bytes, have 0"));
  }
  {
    Harness harness(pte, 4096, 64);
    CHECK_EQ(harness.load(), Status::kWorkspaceTooSmall);
    CHECK(contains(last_error_message(), "workspace too small: need"));
  }
  ProgramSpec spec = linear_program();
  spec.buffer_sizes = {0, 48, 16};
  EXPECT_LOAD_ERROR(spec, Status::kArenaTooSmall, "program needs 2 memory arenas, got 1");
  spec = linear_program();
  spec.buffer_sizes = {0, -5};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "planned memory id 1 has negative size -5");
  spec = linear_program();
  spec.buffer_sizes = {0, int64_t{1} << 62};
  EXPECT_LOAD_ERROR(spec, Status::kArenaTooSmall, "arena too small: need 4611686018427387904 bytes");
  spec = linear_program();
  spec.buffer_sizes = {};
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "memory id 1 out of range (0 ids, 0 reserved)");
  // Two arenas: memory id 2 is served by the second.
  spec = linear_program();
  spec.buffer_sizes = {0, 48, 8};
  spec.values[lv::kInput].tensor.memory_id = 2;
  spec.values[lv::kInput].tensor.offset = 0;
  {
    AlignedBytes bytes(build_pte(spec)), arena1(48), arena2(8), workspace(8192);
    Program program;
    CHECK_EQ(Program::load(bytes.data(), bytes.size(), &program), Status::kOk);
    Arena arenas[2] = {{arena1.data(), 48}, {arena2.data(), 8}};
    MethodConfig config;
    config.operators = &ops::operator_table();
    config.arenas = arenas;
    config.arena_count = 2;
    config.workspace = workspace.data();
    config.workspace_size = workspace.size();
    Method method;
    CHECK_EQ(method.init(program, config), Status::kOk);
    CHECK(method.input(0) != nullptr && method.input(0)->data == arena2.data());
    TensorRef ref{ScalarType::kInt8, 2, {2, 4}, kInput.data(), 8};
    CHECK_EQ(method.set_input(0, ref), Status::kOk);
    CHECK_EQ(method.execute(), Status::kOk);
    const int8_t* out = method.output(0)->data_as<const int8_t>();
    CHECK(std::vector<int8_t>(out, out + 6) == linear_program_expected(kInput));
    arenas[1].size = 4;
    CHECK_EQ(method.init(program, config), Status::kArenaTooSmall);
    CHECK(contains(last_error_message(), "arena too small: need 8 bytes, have 4 (memory id 2)"));
  }
}

void test_control_flow() {
  // A forward jump over view_copy when the condition is false.
  for (bool condition : {false, true}) {
    ProgramSpec spec = linear_program();
    spec.values.push_back(ValueSpec::bool_value(condition));  // 16
    spec.instructions.insert(spec.instructions.begin() + 1,
                             InstructionSpec::other(Kind::kJumpFalse, 16, 3));
    Harness harness(build_pte(spec));
    CHECK_EQ(harness.load(), Status::kOk);
    CHECK_EQ(harness.run_int8(kInput), Status::kOk);
    const std::vector<int8_t> expected =
        condition ? linear_program_expected(kInput) : std::vector<int8_t>(6, 0);
    CHECK(harness.output_int8() == expected);
  }
  ProgramSpec spec = linear_program();
  spec.values.push_back(ValueSpec::bool_value(false));
  spec.instructions.push_back(InstructionSpec::other(Kind::kJumpFalse, 16, 0));
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "instruction 2: jump back to 0 not supported");
  spec.instructions.back().b = 2;  // to itself
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "jump back to 2");
  spec.instructions.back().b = 4;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "jump destination 4 past the end of the chain");
  spec.instructions.back().a = lv::kInputOffset;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "jump condition is not a Bool");
  spec.instructions.back().a = 1000;
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "refers to value 1000");

  // Move: tensor bytes into another planned tensor of the same shape.
  spec = linear_program();
  TensorSpec copy = spec.values[lv::kLinearOut].tensor;
  copy.offset = 40;
  spec.values.push_back(ValueSpec::tensor_value(copy));  // 16
  spec.instructions.push_back(InstructionSpec::other(Kind::kMove, lv::kLinearOut, 16));
  spec.instructions.push_back(InstructionSpec::other(Kind::kFree, lv::kLinearOut));
  spec.outputs = {16};
  {
    Harness harness(build_pte(spec));
    CHECK_EQ(harness.load(), Status::kOk);
    CHECK_EQ(harness.run_int8(kInput), Status::kOk);
    CHECK(harness.output_int8() == linear_program_expected(kInput));
    CHECK(harness.method().profile(2).op == nullptr);
  }
  spec.instructions[2].b = lv::kWeights;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "move needs planned tensors of equal dtype and shape");
  spec.instructions[2].b = lv::kInputOffset;
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "move between different kinds (Tensor to Int)");
  spec.instructions[2] = InstructionSpec::other(Kind::kMove, lv::kInputOffset, lv::kViewSize);
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "move into an Int used by an int list");
  spec.instructions[2] = InstructionSpec::other(Kind::kMove, lv::kInputOffset, lv::kFilterOffset);
  {
    Harness harness(build_pte(spec));
    CHECK_EQ(harness.load(), Status::kOk);
  }
  spec.instructions[2] = InstructionSpec::other(Kind::kMove, lv::kMultipliers, lv::kShifts);
  EXPECT_LOAD_ERROR(spec, Status::kUnsupported, "move of a IntList value");
  spec.instructions[2] = InstructionSpec::other(Kind::kFree, 555);
  EXPECT_LOAD_ERROR(spec, Status::kInvalidProgram, "instruction 2 refers to value 555");

  // A second chain runs after the first.
  spec = linear_program();
  spec.second_chain = {spec.instructions[1]};
  spec.instructions.pop_back();
  {
    Harness harness(build_pte(spec));
    CHECK_EQ(harness.load(), Status::kOk);
    CHECK_EQ(harness.method().instruction_count(), 2u);
    CHECK_EQ(harness.run_int8(kInput), Status::kOk);
    CHECK(harness.output_int8() == linear_program_expected(kInput));
  }
}

void test_inputs() {
  Harness harness(build_pte(linear_program()));
  CHECK_EQ(harness.load(), Status::kOk);
  Method& method = harness.method();
  TensorRef ref{ScalarType::kInt8, 2, {2, 4}, kInput.data(), 8};
  CHECK_EQ(method.set_input(0, ref), Status::kOk);
  TensorRef bad = ref;
  bad.dtype = ScalarType::kInt32;
  CHECK_EQ(method.set_input(0, bad), Status::kInputMismatch);
  CHECK(contains(last_error_message(), "input 0: expected int8 [2, 4], got int32 [2, 4]"));
  bad = ref;
  bad.sizes[1] = 3;
  CHECK_EQ(method.set_input(0, bad), Status::kInputMismatch);
  bad = ref;
  bad.rank = 1;
  bad.sizes[0] = 8;
  CHECK_EQ(method.set_input(0, bad), Status::kInputMismatch);
  bad = ref;
  bad.nbytes = 7;
  CHECK_EQ(method.set_input(0, bad), Status::kInputMismatch);
  bad = ref;
  bad.data = nullptr;
  CHECK_EQ(method.set_input(0, bad), Status::kInputMismatch);
  bad = ref;
  bad.rank = 99;  // described safely
  CHECK_EQ(method.set_input(0, bad), Status::kInputMismatch);
  CHECK_EQ(method.set_input(1, ref), Status::kInvalidArgument);
  CHECK(method.input(1) == nullptr && method.output(5) == nullptr);

  Method fresh;
  CHECK_EQ(fresh.execute(), Status::kInvalidArgument);
  CHECK_EQ(fresh.set_input(0, ref), Status::kInvalidArgument);
  MethodConfig config;
  CHECK_EQ(fresh.init(harness.program(), config), Status::kInvalidArgument);
  config.operators = &ops::operator_table();
  config.method_name = "backward";
  CHECK_EQ(fresh.init(harness.program(), config), Status::kInvalidArgument);
  CHECK(contains(last_error_message(), "no method named 'backward'"));
  CHECK(std::string(harness.program().method_name(0)) == "forward");
  CHECK(harness.program().method_name(1) == nullptr);
}

std::vector<uint8_t> make_bundle() {
  const int8_t a[6] = {1, -2, 3, -4, 5, -6};
  const float b[3] = {0.5f, -1.0f, 1e-3f};
  std::vector<uint8_t> buffer(256);
  BundleWriter writer(buffer.data(), buffer.size());
  CHECK_EQ(writer.begin(2), Status::kOk);
  CHECK_EQ(writer.add(TensorRef{ScalarType::kInt8, 2, {2, 3}, a, 6}), Status::kOk);
  CHECK_EQ(writer.add(TensorRef{ScalarType::kFloat32, 1, {3}, b, 12}), Status::kOk);
  CHECK_EQ(writer.finish(), Status::kOk);
  buffer.resize(writer.size());
  return buffer;
}

void test_bundles() {
  const std::vector<uint8_t> good = make_bundle();
  CHECK_EQ(good.size(), 8u + (12 + 8 + 8) + (12 + 4 + 12));
  AlignedBytes bytes(good);
  BundleReader reader;
  CHECK_EQ(reader.open(bytes.data(), bytes.size()), Status::kOk);
  CHECK_EQ(reader.count(), 2u);
  TensorRef t{};
  CHECK_EQ(reader.tensor(1, &t), Status::kOk);
  CHECK(t.dtype == ScalarType::kFloat32 && t.rank == 1 && t.sizes[0] == 3 && t.nbytes == 12);
  CHECK_EQ(static_cast<const float*>(t.data)[1], -1.0f);
  CHECK_EQ(reader.tensor(0, &t), Status::kOk);
  CHECK(t.rank == 2 && t.sizes[1] == 3 && static_cast<const int8_t*>(t.data)[3] == -4);
  CHECK_EQ(reader.tensor(2, &t), Status::kInvalidArgument);

  for (size_t length = 0; length < good.size(); ++length) {
    AlignedBytes cut(std::vector<uint8_t>(good.begin(), good.begin() + static_cast<long>(length)));
    CHECK(reader.open(cut.data(), cut.size()) != Status::kOk);
  }
  for (size_t position = 0; position < good.size(); ++position) {
    std::vector<uint8_t> bad = good;
    bad[position] ^= 0xff;
    AlignedBytes corrupt(bad);
    if (reader.open(corrupt.data(), corrupt.size()) == Status::kOk) {
      for (uint32_t i = 0; i < reader.count(); ++i) CHECK_EQ(reader.tensor(i, &t), Status::kOk);
    }
  }
  std::vector<uint8_t> bad = good;
  bad[0] = 'X';
  CHECK_EQ(reader.open(AlignedBytes(bad).data(), bad.size()), Status::kInvalidBundle);
  bad = good;
  bad.push_back(0);
  AlignedBytes trailing(bad);
  CHECK_EQ(reader.open(trailing.data(), trailing.size()), Status::kInvalidBundle);
  CHECK(contains(last_error_message(), "trailing bytes"));
  bad = good;
  bad[8] = 99;  // scalar type
  AlignedBytes type(bad);
  CHECK_EQ(reader.open(type.data(), type.size()), Status::kInvalidBundle);
  CHECK(contains(last_error_message(), "unsupported scalar type 99"));
  bad = good;
  bad[12] = 9;  // rank
  AlignedBytes rank(bad);
  CHECK_EQ(reader.open(rank.data(), rank.size()), Status::kInvalidBundle);
  CHECK(contains(last_error_message(), "rank 9 exceeds 8"));
  bad = good;
  bad[24] = 7;  // nbytes
  AlignedBytes nbytes(bad);
  CHECK_EQ(reader.open(nbytes.data(), nbytes.size()), Status::kInvalidBundle);
  CHECK(contains(last_error_message(), "nbytes 7 != numel * element size 6"));
  bad = good;
  bad[4] = bad[5] = bad[6] = bad[7] = 0xff;  // count 2^32 - 1
  AlignedBytes count(bad);
  CHECK_EQ(reader.open(count.data(), count.size()), Status::kInvalidBundle);
  bad = good;
  bad[16] = bad[17] = bad[18] = 0xff;  // huge size
  bad[19] = 0x7f;
  AlignedBytes huge(bad);
  CHECK_EQ(reader.open(huge.data(), huge.size()), Status::kInvalidBundle);
  const uint8_t empty[8] = {'A', 'T', 'B', '1', 0, 0, 0, 0};
  CHECK_EQ(reader.open(empty, sizeof(empty)), Status::kOk);
  CHECK_EQ(reader.count(), 0u);

  // Writer bounds.
  uint8_t small[20];
  BundleWriter writer(small, sizeof(small));
  const int8_t a[6] = {};
  CHECK_EQ(writer.begin(1), Status::kOk);
  CHECK_EQ(writer.add(TensorRef{ScalarType::kInt8, 2, {2, 3}, a, 6}), Status::kBufferTooSmall);
  CHECK_EQ(writer.begin(1), Status::kOk);
  CHECK_EQ(writer.add(TensorRef{ScalarType::kInt8, 2, {2, 3}, a, 5}), Status::kInvalidArgument);
  CHECK_EQ(writer.finish(), Status::kInvalidArgument);
  CHECK_EQ(writer.add(TensorRef{ScalarType::kInt8, 9, {}, a, 1}), Status::kInvalidArgument);
}

std::string format(double value, int32_t digits = 6) {
  Text text;
  text << Real{value, digits};
  return text.c_str();
}

void test_text() {
  Text text;
  text << "a" << int8_t{-5} << ' ' << INT64_MIN << ' ' << UINT64_MAX << ' ' << uint16_t{7};
  CHECK(std::string(text.c_str()) == "a-5 -9223372036854775808 18446744073709551615 7");
  text.clear();
  text << Pad{5, true} << 42 << '|' << Pad{4} << "ab" << '|';
  CHECK(std::string(text.c_str()) == "   42|ab  |");
  CHECK(format(0) == "0");
  CHECK(format(-0.0) == "-0" || format(-0.0) == "0");
  CHECK(format(1) == "1");
  CHECK(format(0.5) == "0.5");
  CHECK(format(-2.25) == "-2.25");
  CHECK(format(123456) == "123456");
  CHECK(format(1234567) == "1.23457e+06");
  CHECK(format(0.0001) == "0.0001");
  CHECK(format(0.00001234) == "1.234e-05");
  CHECK(format(1e300) == "1e+300");
  CHECK(format(3.14159265, 3) == "3.14");
  CHECK(format(9.9999999) == "10");
  CHECK(format(NAN) == "nan");
  CHECK(format(-INFINITY) == "-inf");
  CHECK(format(5e-324).size() > 0);
  text.clear();
  for (int i = 0; i < 500; ++i) text << "xyz";
  CHECK_EQ(text.size(), Text::kCapacity);
}

}  // namespace
}  // namespace armlet::testing

int main() {
  using namespace armlet::testing;
  test_good_linear();
  test_all_operators();
  test_identifier_and_header();
  test_segments_and_constants();
  test_tensor_checks();
  test_value_checks();
  test_operator_checks();
  test_adapter_checks();
  test_memory();
  test_control_flow();
  test_inputs();
  test_bundles();
  test_text();
  test_truncation_and_corruption();
  return finish("runtime_test");
}
