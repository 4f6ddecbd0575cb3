#include "tests/runtime/pte_builder.h"

#include <cstring>

#include "cc/runtime/pte_schema.h"

namespace armlet::testing {
namespace {

namespace fb = executorch_flatbuffer;
using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

constexpr size_t kHeaderLength = 32;
constexpr size_t kSegmentAlignment = 128;
constexpr size_t kConstantAlignment = 16;

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void put_u64(std::vector<uint8_t>& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

size_t align_up(size_t n, size_t alignment) { return (n + alignment - 1) / alignment * alignment; }

Offset<fb::Tensor> build_tensor(FlatBufferBuilder& b, const TensorSpec& t) {
  std::vector<uint8_t> order = t.dim_order;
  if (order.empty()) {
    for (size_t d = 0; d < t.sizes.size(); ++d) order.push_back(static_cast<uint8_t>(d));
  }
  auto sizes = b.CreateVector(t.sizes);
  auto dim_order = t.omit_dim_order ? 0 : b.CreateVector(order);
  Offset<fb::AllocationDetails> allocation = 0;
  if (t.planned) {
    allocation = fb::CreateAllocationDetails(b, t.memory_id, static_cast<uint32_t>(t.offset),
                                             static_cast<uint32_t>(t.offset >> 32));
  }
  Offset<fb::ExtraTensorInfo> extra = 0;
  if (t.external) {
    extra = fb::CreateExtraTensorInfo(b, 0, b.CreateString("w"), fb::TensorDataLocation::EXTERNAL);
  }
  return fb::CreateTensor(b, static_cast<fb::ScalarType>(t.scalar_type), t.storage_offset, sizes,
                          dim_order, false, t.buffer, allocation, 0,
                          static_cast<fb::TensorShapeDynamism>(t.dynamism), extra);
}

Offset<fb::EValue> build_value(FlatBufferBuilder& b, const ValueSpec& v) {
  using Kind = ValueSpec::Kind;
  switch (v.kind) {
    case Kind::kNone:
      return fb::CreateEValue(b);
    case Kind::kInt:
      return fb::CreateEValue(b, fb::KernelTypes::Int, fb::CreateInt(b, v.integer).Union());
    case Kind::kBool:
      return fb::CreateEValue(b, fb::KernelTypes::Bool, fb::CreateBool(b, v.boolean).Union());
    case Kind::kDouble:
      return fb::CreateEValue(b, fb::KernelTypes::Double, fb::CreateDouble(b, v.real).Union());
    case Kind::kTensor:
      return fb::CreateEValue(b, fb::KernelTypes::Tensor, build_tensor(b, v.tensor).Union());
    case Kind::kIntList:
      return fb::CreateEValue(b, fb::KernelTypes::IntList,
                              fb::CreateIntList(b, b.CreateVector(v.list)).Union());
    case Kind::kString:
      return fb::CreateEValue(b, fb::KernelTypes::String,
                              fb::CreateString(b, b.CreateString("text")).Union());
    case Kind::kRawType:
      return fb::CreateEValue(b, static_cast<fb::KernelTypes>(v.raw_type));
    case Kind::kMissingPayload: {
      const fb::KernelTypes type = v.payload_kind == Kind::kTensor  ? fb::KernelTypes::Tensor
                                   : v.payload_kind == Kind::kIntList ? fb::KernelTypes::IntList
                                                                      : fb::KernelTypes::Int;
      return fb::CreateEValue(b, type);
    }
  }
  return 0;
}

Offset<fb::Instruction> build_instruction(FlatBufferBuilder& b, const InstructionSpec& s) {
  using Kind = InstructionSpec::Kind;
  switch (s.kind) {
    case Kind::kKernel: {
      auto args = s.omit_args ? 0 : b.CreateVector(s.args);
      return fb::CreateInstruction(b, fb::InstructionArguments::KernelCall,
                                   fb::CreateKernelCall(b, s.op, args).Union());
    }
    case Kind::kDelegate:
      return fb::CreateInstruction(b, fb::InstructionArguments::DelegateCall,
                                   fb::CreateDelegateCall(b, s.a, b.CreateVector(s.args)).Union());
    case Kind::kMove:
      return fb::CreateInstruction(b, fb::InstructionArguments::MoveCall,
                                   fb::CreateMoveCall(b, s.a, s.b).Union());
    case Kind::kJumpFalse:
      return fb::CreateInstruction(b, fb::InstructionArguments::JumpFalseCall,
                                   fb::CreateJumpFalseCall(b, s.a, s.b).Union());
    case Kind::kFree:
      return fb::CreateInstruction(b, fb::InstructionArguments::FreeCall,
                                   fb::CreateFreeCall(b, s.a).Union());
    case Kind::kRawType:
      return fb::CreateInstruction(b, static_cast<fb::InstructionArguments>(s.raw_type));
    case Kind::kMissingPayload:
      return fb::CreateInstruction(b, fb::InstructionArguments::KernelCall);
  }
  return 0;
}

Offset<fb::Chain> build_chain(FlatBufferBuilder& b, const std::vector<InstructionSpec>& list) {
  std::vector<Offset<fb::Instruction>> instructions;
  for (const InstructionSpec& s : list) instructions.push_back(build_instruction(b, s));
  return fb::CreateChain(b, 0, 0, b.CreateVector(instructions));
}

}  // namespace

std::vector<uint8_t> build_pte(const ProgramSpec& spec) {
  FlatBufferBuilder b(1024);
  std::vector<std::vector<uint8_t>> constants = spec.constants;
  constants.insert(constants.begin(), std::vector<uint8_t>());  // index 0: reserved

  std::vector<Offset<fb::ExecutionPlan>> plans;
  if (!spec.omit_plans) {
    std::vector<Offset<fb::EValue>> values;
    for (const ValueSpec& v : spec.values) values.push_back(build_value(b, v));
    std::vector<Offset<fb::Operator>> operators;
    for (const auto& op : spec.operators) {
      operators.push_back(
          fb::CreateOperator(b, b.CreateString(op.first), b.CreateString(op.second)));
    }
    std::vector<Offset<fb::Chain>> chains = {build_chain(b, spec.instructions)};
    if (!spec.second_chain.empty()) chains.push_back(build_chain(b, spec.second_chain));
    Offset<flatbuffers::Vector<Offset<fb::BackendDelegate>>> delegates = 0;
    if (spec.add_delegate) {
      delegates = b.CreateVector(std::vector<Offset<fb::BackendDelegate>>{
          fb::CreateBackendDelegate(b, b.CreateString("XnnpackBackend"))});
    }
    plans.push_back(fb::CreateExecutionPlan(
        b, b.CreateString(spec.method_name), 0, b.CreateVector(values), b.CreateVector(spec.inputs),
        b.CreateVector(spec.outputs), b.CreateVector(chains), b.CreateVector(operators), delegates,
        b.CreateVector(spec.buffer_sizes)));
  }

  // Constants: inline buffers, or one segment with aligned offsets.
  std::vector<uint8_t> segment;
  std::vector<uint64_t> offsets;
  Offset<flatbuffers::Vector<Offset<fb::Buffer>>> inline_buffers = 0;
  Offset<flatbuffers::Vector<Offset<fb::DataSegment>>> segments = 0;
  Offset<fb::SubsegmentOffsets> constant_segment = 0;
  if (spec.inline_constants) {
    std::vector<Offset<fb::Buffer>> buffers;
    for (const auto& c : constants) {
      b.ForceVectorAlignment(c.size(), 1, kConstantAlignment);
      buffers.push_back(fb::CreateBuffer(b, b.CreateVector(c)));
    }
    inline_buffers = b.CreateVector(buffers);
  } else {
    for (const auto& c : constants) {
      segment.resize(align_up(segment.size(), kConstantAlignment), 0);
      offsets.push_back(segment.size());
      segment.insert(segment.end(), c.begin(), c.end());
    }
    if (!spec.constant_offset_overrides.empty()) {
      offsets.assign(spec.constant_offset_overrides.begin(), spec.constant_offset_overrides.end());
    }
    segments = b.CreateVector(std::vector<Offset<fb::DataSegment>>{fb::CreateDataSegment(
        b, static_cast<uint64_t>(spec.segment_offset_delta),
        static_cast<uint64_t>(static_cast<int64_t>(segment.size()) + spec.segment_size_delta))});
    constant_segment = fb::CreateSubsegmentOffsets(
        b, static_cast<uint32_t>(spec.constant_segment_index), b.CreateVector(offsets));
  }
  auto program = fb::CreateProgram(b, 0, b.CreateVector(plans), inline_buffers, 0, segments,
                                   constant_segment);
  b.Finish(program, spec.identifier.c_str());

  const uint8_t* flat = b.GetBufferPointer();
  const size_t flat_size = b.GetSize();
  std::vector<uint8_t> out;
  if (spec.inline_constants) {
    out.assign(flat, flat + flat_size);
    return out;
  }
  // Insert the extended header after root offset + identifier; the root
  // offset grows by the header length, every other offset is relative.
  const size_t program_size = flat_size + kHeaderLength;
  const size_t segment_base = align_up(program_size, kSegmentAlignment);
  uint32_t root = 0;
  memcpy(&root, flat, 4);
  put_u32(out, root + static_cast<uint32_t>(kHeaderLength));
  out.insert(out.end(), flat + 4, flat + 8);
  out.insert(out.end(), {'e', 'h', '0', '0'});
  put_u32(out, static_cast<uint32_t>(spec.header_length >= 0 ? spec.header_length : kHeaderLength));
  put_u64(out, spec.header_program_size >= 0 ? static_cast<uint64_t>(spec.header_program_size)
                                             : program_size);
  put_u64(out, spec.header_segment_base >= 0 ? static_cast<uint64_t>(spec.header_segment_base)
                                             : segment_base);
  put_u64(out, spec.header_segment_size >= 0 ? static_cast<uint64_t>(spec.header_segment_size)
                                             : segment.size());
  out.insert(out.end(), flat + 8, flat + flat_size);
  out.resize(segment_base, 0);
  out.insert(out.end(), segment.begin(), segment.end());
  return out;
}

namespace {

TensorSpec planned(int32_t scalar_type, std::vector<int32_t> sizes, uint64_t offset) {
  TensorSpec t;
  t.scalar_type = scalar_type;
  t.sizes = std::move(sizes);
  t.planned = true;
  t.offset = offset;
  return t;
}

TensorSpec constant(int32_t scalar_type, std::vector<int32_t> sizes, uint32_t buffer) {
  TensorSpec t;
  t.scalar_type = scalar_type;
  t.sizes = std::move(sizes);
  t.buffer = buffer;
  return t;
}

std::vector<uint8_t> int32_bytes(const std::vector<int32_t>& values) {
  std::vector<uint8_t> bytes(values.size() * 4);
  memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

const int8_t kWeights[12] = {1, 2, 3, 4, -1, -2, -3, -4, 10, 0, -10, 5};
const int32_t kKernelSum[3] = {100, -50, 0};

}  // namespace

ProgramSpec linear_program() {
  using V = ValueSpec;
  ProgramSpec spec;
  spec.values = {
      V::tensor_value(planned(1, {2, 4}, 0)),  // 0 input
      V::tensor_value(constant(1, {3, 4}, 1)),  // 1 weights
      V::tensor_value(constant(3, {3}, 2)),     // 2 kernel_sum
      V::int_value(0),                          // 3 input_offset
      V::int_value(0),                          // 4 filter_offset
      V::int_value(1),                          // 5 output_offset
      V::int_value(1 << 30),                    // 6 multiplier
      V::int_list({6}),                         // 7 multipliers
      V::int_value(1),                          // 8 shift
      V::int_list({8}),                         // 9 shifts
      V::int_value(-128),                       // 10 activation_min
      V::int_value(127),                        // 11 activation_max
      V::tensor_value(planned(1, {2, 3}, 16)),  // 12 linear out
      V::tensor_value(planned(1, {6}, 32)),     // 13 view out
      V::int_value(6),                          // 14
      V::int_list({14}),                        // 15 view size
  };
  spec.inputs = {0};
  spec.outputs = {13};
  spec.operators = {{"armlet::quantized_linear", "out"}, {"aten::view_copy", "out"}};
  spec.instructions = {
      InstructionSpec::kernel(0, {0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 12, 12}),
      InstructionSpec::kernel(1, {12, 15, 13, 13}),
  };
  spec.buffer_sizes = {0, 48};
  spec.constants = {std::vector<uint8_t>(reinterpret_cast<const uint8_t*>(kWeights),
                                         reinterpret_cast<const uint8_t*>(kWeights) + 12),
                    int32_bytes({kKernelSum[0], kKernelSum[1], kKernelSum[2]})};
  return spec;
}

std::vector<int8_t> linear_program_expected(const std::vector<int8_t>& input) {
  std::vector<int8_t> out;
  for (int row = 0; row < 2; ++row) {
    for (int n = 0; n < 3; ++n) {
      int32_t acc = kKernelSum[n];
      for (int k = 0; k < 4; ++k) acc += input[row * 4 + k] * kWeights[n * 4 + k];
      acc += 1;  // output_offset; scale 1.0 is exact
      out.push_back(static_cast<int8_t>(acc < -128 ? -128 : (acc > 127 ? 127 : acc)));
    }
  }
  return out;
}

ProgramSpec all_operators_program() {
  using V = ValueSpec;
  ProgramSpec spec = linear_program();
  // Reuse the linear values 1..11; replace the tensors around them.
  spec.values[0] = V::tensor_value(planned(1, {2, 4}, 0));  // quantized input
  spec.values[13] = V::tensor_value(planned(1, {2, 3}, 32));  // add(lin, lin)
  const int32_t float_in = 16, scale = 17, zp = 18, qmin = 10, qmax = 11, dtype = 19;
  spec.values.push_back(V::tensor_value(planned(6, {2, 4}, 64)));  // 16 float input
  spec.values.push_back(V::double_value(0.5));                     // 17 scale
  spec.values.push_back(V::int_value(0));                          // 18 zero point
  spec.values.push_back(V::int_value(1));                          // 19 dtype int8
  const int32_t add_params = static_cast<int32_t>(spec.values.size());
  // self_offset, self_mult, self_shift, other_offset, other_mult, other_shift,
  // output_offset, output_mult, output_shift, left_shift, act_min, act_max
  const int64_t params[12] = {0, 1 << 30, 0, 0, 1 << 30, 0, 0, 1 << 30, -18, 20, -128, 127};
  for (int64_t p : params) spec.values.push_back(V::int_value(p));
  const int32_t bias = static_cast<int32_t>(spec.values.size());
  spec.values.push_back(V::tensor_value(constant(1, {3}, 3)));        // broadcast operand
  spec.values.push_back(V::tensor_value(planned(1, {2, 3}, 48)));     // add(add, bias)
  spec.values.push_back(V::tensor_value(planned(6, {2, 3}, 96)));     // float output
  spec.constants.push_back({5, 0, 251});
  const int32_t added2 = bias + 1, float_out = bias + 2;
  spec.inputs = {float_in};
  spec.outputs = {float_out};
  spec.operators = {{"armlet::quantize_per_tensor", "out"},
                    {"armlet::quantized_linear", "out"},
                    {"armlet::quantized_add", "out"},
                    {"armlet::dequantize_per_tensor", "out"}};
  std::vector<int32_t> add1 = {12, 12};
  std::vector<int32_t> add2 = {13, bias};
  for (int i = 0; i < 12; ++i) add1.push_back(add_params + i), add2.push_back(add_params + i);
  add1.insert(add1.end(), {13, 13});
  add2.insert(add2.end(), {added2, added2});
  spec.instructions = {
      InstructionSpec::kernel(0, {float_in, scale, zp, qmin, qmax, dtype, 0, 0}),
      InstructionSpec::kernel(1, {0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 12, 12}),
      InstructionSpec::kernel(2, add1),
      InstructionSpec::kernel(2, add2),
      InstructionSpec::kernel(3, {added2, scale, zp, qmin, qmax, dtype, float_out, float_out}),
  };
  spec.buffer_sizes = {0, 128};
  return spec;
}

}  // namespace armlet::testing
