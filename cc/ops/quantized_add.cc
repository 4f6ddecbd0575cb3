// armlet::quantized_add.out -> kernels::quantized_add (same shapes) or
// kernels::quantized_add_broadcast (numpy broadcasting).
#include "cc/kernels/quantized_add.h"
#include "cc/ops/op_util.h"
#include "cc/ops/operator_table.h"

namespace armlet::ops {
namespace {

namespace args = quantized_add_out_args;
constexpr const char* kName = "armlet::quantized_add";

// The numpy broadcast of two shapes into |out|; false if they do not broadcast.
bool broadcast_shape(const Tensor& a, const Tensor& b, int32_t* out, int32_t* rank) {
  *rank = a.rank > b.rank ? a.rank : b.rank;
  for (int32_t d = 0; d < *rank; ++d) {
    // Align from the right; a missing dimension acts as 1.
    const int32_t da = d - (*rank - a.rank);
    const int32_t db = d - (*rank - b.rank);
    const int32_t sa = da >= 0 ? a.sizes[da] : 1;
    const int32_t sb = db >= 0 ? b.sizes[db] : 1;
    if (sa != sb && sa != 1 && sb != 1) return false;
    out[d] = sa == 1 ? sb : sa;
  }
  return true;
}

kernels::AddParams params_of(const OpCall& call) {
  const auto arg = [&](int32_t index) { return static_cast<int32_t>(call.integer(index)); };
  kernels::AddParams params{};
  params.input1_offset = arg(args::kSelfOffset);
  params.input1_multiplier = arg(args::kSelfMultiplier);
  params.input1_shift = arg(args::kSelfShift);
  params.input2_offset = arg(args::kOtherOffset);
  params.input2_multiplier = arg(args::kOtherMultiplier);
  params.input2_shift = arg(args::kOtherShift);
  params.left_shift = arg(args::kLeftShift);
  params.output_offset = arg(args::kOutputOffset);
  params.output_multiplier = arg(args::kOutputMultiplier);
  params.output_shift = arg(args::kOutputShift);
  params.activation_min = arg(args::kActivationMin);
  params.activation_max = arg(args::kActivationMax);
  return params;
}

Status check_parameters(const OpCall& call) {
  const auto integer = [&](int32_t index) { return call.integer(index); };
  Status status = expect_range(kName, "self_offset", integer(args::kSelfOffset), -127, 128);
  if (status == Status::kOk) {
    status = expect_range(kName, "other_offset", integer(args::kOtherOffset), -127, 128);
  }
  if (status == Status::kOk) {
    status = expect_range(kName, "output_offset", integer(args::kOutputOffset), -128, 127);
  }
  if (status == Status::kOk) {
    status = expect_multiplier(kName, "self_multiplier", integer(args::kSelfMultiplier));
  }
  if (status == Status::kOk) {
    status = expect_multiplier(kName, "other_multiplier", integer(args::kOtherMultiplier));
  }
  if (status == Status::kOk) {
    status = expect_multiplier(kName, "output_multiplier", integer(args::kOutputMultiplier));
  }
  if (status == Status::kOk) status = expect_shift(kName, "self_shift", integer(args::kSelfShift));
  if (status == Status::kOk) status = expect_shift(kName, "other_shift", integer(args::kOtherShift));
  if (status == Status::kOk) {
    status = expect_shift(kName, "output_shift", integer(args::kOutputShift));
  }
  if (status == Status::kOk) {
    status = expect_range(kName, "left_shift", integer(args::kLeftShift), 0, 31);
  }
  if (status == Status::kOk) {
    status = expect_activation_range(kName, integer(args::kActivationMin),
                                     integer(args::kActivationMax));
  }
  return status;
}

}  // namespace

Status quantized_add_out_prepare(OpCall& call) {
  const Tensor& self = call.tensor(args::kSelf);
  const Tensor& other = call.tensor(args::kOther);
  const Tensor& out = call.tensor(args::kOut);
  Status status = expect_tensor(kName, "self", self, ScalarType::kInt8, -1);
  if (status == Status::kOk) status = expect_tensor(kName, "other", other, ScalarType::kInt8, -1);
  if (status != Status::kOk) return status;
  int32_t shape[kMaxRank];
  int32_t rank = 0;
  if (!broadcast_shape(self, other, shape, &rank)) {
    Text text;
    text << "shapes ";
    describe(text, self);
    text << " and ";
    describe(text, other);
    return op_fail(Status::kInvalidProgram, kName, text << " do not broadcast");
  }
  status = expect_shape(kName, "out", out, ScalarType::kInt8, shape, rank);
  if (status == Status::kOk) status = check_parameters(call);
  return status;
}

Status quantized_add_out_run(const OpCall& call) {
  const Tensor& self = call.tensor(args::kSelf);
  const Tensor& other = call.tensor(args::kOther);
  const Tensor& out = call.tensor(args::kOut);
  if (out.numel == 0) return Status::kOk;
  const kernels::AddParams params = params_of(call);
  if (same_shape(self, other)) {
    kernels::quantized_add(params, self.data_as<const int8_t>(), other.data_as<const int8_t>(),
                           out.data_as<int8_t>(), out.numel);
    return Status::kOk;
  }
  if (!kernels::quantized_add_broadcast(params, self.data_as<const int8_t>(), self.sizes, self.rank,
                                        other.data_as<const int8_t>(), other.sizes, other.rank,
                                        out.data_as<int8_t>(), out.sizes, out.rank)) {
    return op_fail(Status::kKernelFailed, kName, Text() << "broadcast kernel refused the shapes");
  }
  return Status::kOk;
}

}  // namespace armlet::ops
