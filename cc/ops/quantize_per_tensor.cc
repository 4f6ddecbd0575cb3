// armlet::quantize_per_tensor.out (float32 -> int8) and
// armlet::dequantize_per_tensor.out (int8 -> float32) -> kernels/quantize.h.
#include "cc/kernels/quantize.h"
#include "cc/ops/op_util.h"
#include "cc/ops/operator_table.h"

namespace armlet::ops {
namespace {

// ExecuTorch ScalarType code of int8, the only quantized type armlet runs.
constexpr int64_t kInt8Code = static_cast<int64_t>(ScalarType::kInt8);
constexpr double kFloatMax = 3.4028234663852886e38;
constexpr double kFloatMinNormal = 1.1754943508222875e-38;

// The spec converts the double scale to float32 before use: it must stay a
// positive normal float whose reciprocal is finite too.
Status check_scale(const char* op, double scale) {
  if (!(scale >= kFloatMinNormal && scale <= kFloatMax)) {
    return op_fail(Status::kUnsupported, op,
                   Text() << "scale " << Real{scale} << " is not a positive normal float32");
  }
  const float as_float = static_cast<float>(scale);
  if (!(1.0f / as_float <= static_cast<float>(kFloatMax))) {
    return op_fail(Status::kUnsupported, op, Text() << "scale " << Real{scale} << " too small");
  }
  return Status::kOk;
}

// Shared checks: scale, zero point, quantization range, dtype, same shapes.
Status check_common(const char* op, const OpCall& call, const Tensor& input, ScalarType input_type,
                    const Tensor& out, ScalarType out_type) {
  namespace args = quantize_per_tensor_out_args;  // same positions for both
  Status status = expect_tensor(op, "input", input, input_type, -1);
  if (status == Status::kOk) {
    status = expect_shape(op, "out", out, out_type, input.sizes, input.rank);
  }
  if (status == Status::kOk && call.integer(args::kDtype) != kInt8Code) {
    status = op_fail(Status::kUnsupported, op,
                     Text() << "quantized dtype " << call.integer(args::kDtype)
                            << " unsupported (int8 only)");
  }
  if (status == Status::kOk) status = check_scale(op, call.real(args::kScale));
  if (status == Status::kOk) {
    status = expect_range(op, "zero_point", call.integer(args::kZeroPoint), -128, 127);
  }
  if (status == Status::kOk) status = expect_range(op, "quant_min", call.integer(args::kQuantMin), -128, 127);
  if (status == Status::kOk) status = expect_range(op, "quant_max", call.integer(args::kQuantMax), -128, 127);
  if (status == Status::kOk && call.integer(args::kQuantMin) > call.integer(args::kQuantMax)) {
    status = op_fail(Status::kInvalidProgram, op, Text() << "quant_min > quant_max");
  }
  return status;
}

static_assert(quantize_per_tensor_out_args::kScale == dequantize_per_tensor_out_args::kScale &&
                  quantize_per_tensor_out_args::kDtype == dequantize_per_tensor_out_args::kDtype &&
                  quantize_per_tensor_out_args::kOut == dequantize_per_tensor_out_args::kOut,
              "quantize and dequantize share argument positions");

}  // namespace

Status quantize_per_tensor_out_prepare(OpCall& call) {
  namespace args = quantize_per_tensor_out_args;
  return check_common("armlet::quantize_per_tensor", call, call.tensor(args::kInput),
                      ScalarType::kFloat32, call.tensor(args::kOut), ScalarType::kInt8);
}

Status quantize_per_tensor_out_run(const OpCall& call) {
  namespace args = quantize_per_tensor_out_args;
  const Tensor& input = call.tensor(args::kInput);
  kernels::quantize_per_tensor(input.data_as<const float>(), call.tensor(args::kOut).data_as<int8_t>(),
                               input.numel, static_cast<float>(call.real(args::kScale)),
                               static_cast<int32_t>(call.integer(args::kZeroPoint)),
                               static_cast<int32_t>(call.integer(args::kQuantMin)),
                               static_cast<int32_t>(call.integer(args::kQuantMax)));
  return Status::kOk;
}

Status dequantize_per_tensor_out_prepare(OpCall& call) {
  namespace args = dequantize_per_tensor_out_args;
  return check_common("armlet::dequantize_per_tensor", call, call.tensor(args::kInput),
                      ScalarType::kInt8, call.tensor(args::kOut), ScalarType::kFloat32);
}

Status dequantize_per_tensor_out_run(const OpCall& call) {
  namespace args = dequantize_per_tensor_out_args;
  const Tensor& input = call.tensor(args::kInput);
  kernels::dequantize_per_tensor(input.data_as<const int8_t>(), call.tensor(args::kOut).data_as<float>(),
                                 input.numel, static_cast<float>(call.real(args::kScale)),
                                 static_cast<int32_t>(call.integer(args::kZeroPoint)));
  return Status::kOk;
}

}  // namespace armlet::ops
