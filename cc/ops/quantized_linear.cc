// armlet::quantized_linear.out -> kernels::quantized_linear.
//
// input int8 [..., K], weights int8 [N, K], kernel_sum int32 [N] (bias and
// input offset folded ahead of time), one multiplier/shift for the tensor or
// one per output channel; out int8 [..., N].
#include "cc/kernels/arithmetic.h"
#include "cc/kernels/quantized_linear.h"
#include "cc/ops/op_util.h"
#include "cc/ops/operator_table.h"

namespace armlet::ops {
namespace {

namespace args = quantized_linear_out_args;
constexpr const char* kName = "armlet::quantized_linear";

// Rows = product of the input's leading dimensions.
int64_t leading_rows(const Tensor& input) {
  int64_t rows = 1;
  for (int32_t d = 0; d + 1 < input.rank; ++d) {
    rows *= input.sizes[d];
    if (rows > INT32_MAX) return -1;  // only reachable with a zero-sized K
  }
  return rows;
}

Status check_requantization(const OpCall& call, int32_t out_features) {
  const IntListView& multipliers = call.int_list(args::kRequantizeMultipliers);
  const IntListView& shifts = call.int_list(args::kRequantizeShifts);
  if (multipliers.size != shifts.size || (multipliers.size != 1 && multipliers.size != out_features)) {
    return op_fail(Status::kInvalidProgram, kName,
                   Text() << "requantize lists must both hold 1 or N = " << out_features
                          << " values, got " << multipliers.size << " multipliers and "
                          << shifts.size << " shifts");
  }
  for (int32_t i = 0; i < multipliers.size; ++i) {
    Status status = expect_multiplier(kName, "requantize multiplier", multipliers.items[i]);
    if (status == Status::kOk) status = expect_shift(kName, "requantize shift", shifts.items[i]);
    if (status != Status::kOk) return status;
  }
  return Status::kOk;
}

}  // namespace

Status quantized_linear_out_prepare(OpCall& call) {
  const Tensor& input = call.tensor(args::kInput);
  const Tensor& weights = call.tensor(args::kWeights);
  const Tensor& kernel_sum = call.tensor(args::kKernelSum);
  const Tensor& out = call.tensor(args::kOut);

  Status status = expect_tensor(kName, "input", input, ScalarType::kInt8, -1);
  if (status == Status::kOk && input.rank < 1) {
    status = op_fail(Status::kInvalidProgram, kName, Text() << "input must have rank >= 1");
  }
  if (status == Status::kOk) status = expect_tensor(kName, "weights", weights, ScalarType::kInt8, 2);
  if (status != Status::kOk) return status;
  const int32_t in_features = input.sizes[input.rank - 1];
  const int32_t out_features = weights.sizes[0];
  const int32_t weight_shape[2] = {out_features, in_features};
  const int32_t sum_shape[1] = {out_features};
  status = expect_shape(kName, "weights", weights, ScalarType::kInt8, weight_shape, 2);
  if (status == Status::kOk) {
    status = expect_shape(kName, "kernel_sum", kernel_sum, ScalarType::kInt32, sum_shape, 1);
  }
  if (status != Status::kOk) return status;

  int32_t out_shape[kMaxRank];
  for (int32_t d = 0; d < input.rank; ++d) out_shape[d] = input.sizes[d];
  out_shape[input.rank - 1] = out_features;
  status = expect_shape(kName, "out", out, ScalarType::kInt8, out_shape, input.rank);
  if (status != Status::kOk) return status;

  if (call.integer(args::kFilterOffset) != 0) {
    return op_fail(Status::kUnsupported, kName,
                   Text() << "filter_offset " << call.integer(args::kFilterOffset)
                          << " unsupported (weights must be symmetric)");
  }
  status = expect_range(kName, "input_offset", call.integer(args::kInputOffset), -127, 128);
  if (status == Status::kOk) {
    status = expect_range(kName, "output_offset", call.integer(args::kOutputOffset), -128, 127);
  }
  if (status == Status::kOk) {
    status = expect_activation_range(kName, call.integer(args::kActivationMin),
                                     call.integer(args::kActivationMax));
  }
  if (status == Status::kOk) status = check_requantization(call, out_features);
  if (status != Status::kOk) return status;

  const int64_t rows = leading_rows(input);
  if (rows < 0) return op_fail(Status::kUnsupported, kName, Text() << "too many rows");
  call.macs = static_cast<uint64_t>(rows) * static_cast<uint64_t>(in_features) *
              static_cast<uint64_t>(out_features);
  return Status::kOk;
}

Status quantized_linear_out_run(const OpCall& call) {
  const Tensor& input = call.tensor(args::kInput);
  const Tensor& weights = call.tensor(args::kWeights);
  const Tensor& out = call.tensor(args::kOut);
  if (out.numel == 0) return Status::kOk;
  const IntListView& multipliers = call.int_list(args::kRequantizeMultipliers);
  kernels::LinearParams params{};
  params.input_offset = static_cast<int32_t>(call.integer(args::kInputOffset));
  params.output_offset = static_cast<int32_t>(call.integer(args::kOutputOffset));
  params.multipliers = multipliers.items;
  params.shifts = call.int_list(args::kRequantizeShifts).items;
  params.per_channel = multipliers.size > 1;
  params.activation_min = static_cast<int32_t>(call.integer(args::kActivationMin));
  params.activation_max = static_cast<int32_t>(call.integer(args::kActivationMax));
  kernels::quantized_linear(params, input.data_as<const int8_t>(), weights.data_as<const int8_t>(),
                            call.tensor(args::kKernelSum).data_as<const int32_t>(),
                            static_cast<int32_t>(leading_rows(input)), weights.sizes[1],
                            weights.sizes[0], out.data_as<int8_t>());
  return Status::kOk;
}

}  // namespace armlet::ops
