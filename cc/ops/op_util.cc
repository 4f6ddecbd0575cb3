#include "cc/ops/op_util.h"

#include "cc/kernels/arithmetic.h"

namespace armlet::ops {

Status op_fail(Status status, const char* op, const Text& detail) {
  return fail(status, Text() << op << ": " << detail.c_str());
}

Status expect_tensor(const char* op, const char* arg, const Tensor& tensor, ScalarType dtype,
                     int32_t rank) {
  if (tensor.dtype == dtype && (rank < 0 || tensor.rank == rank)) return Status::kOk;
  Text text;
  text << arg << " must be " << scalar_type_name(dtype);
  if (rank >= 0) text << " of rank " << rank;
  text << ", got ";
  describe(text, tensor);
  return op_fail(Status::kInvalidProgram, op, text);
}

Status expect_range(const char* op, const char* arg, int64_t value, int64_t low, int64_t high) {
  if (value >= low && value <= high) return Status::kOk;
  return op_fail(Status::kUnsupported, op,
                 Text() << arg << " = " << value << " outside [" << low << ", " << high << "]");
}

Status expect_activation_range(const char* op, int64_t min, int64_t max) {
  Status status = expect_range(op, "activation_min", min, -128, 127);
  if (status == Status::kOk) status = expect_range(op, "activation_max", max, -128, 127);
  if (status == Status::kOk && min > max) {
    status = op_fail(Status::kInvalidProgram, op,
                     Text() << "activation_min " << min << " > activation_max " << max);
  }
  return status;
}

Status expect_multiplier(const char* op, const char* arg, int64_t multiplier) {
  return expect_range(op, arg, multiplier, 0, INT32_MAX);
}

Status expect_shift(const char* op, const char* arg, int64_t shift) {
  return expect_range(op, arg, shift, kernels::kMinShift, kernels::kMaxShift);
}

Status expect_shape(const char* op, const char* arg, const Tensor& tensor, ScalarType dtype,
                    const int32_t* sizes, int32_t rank) {
  bool match = tensor.dtype == dtype && tensor.rank == rank;
  for (int32_t d = 0; match && d < rank; ++d) match = tensor.sizes[d] == sizes[d];
  if (match) return Status::kOk;
  Text text;
  text << arg << " must be ";
  describe(text, dtype, rank, sizes);
  text << ", got ";
  describe(text, tensor);
  return op_fail(Status::kInvalidProgram, op, text);
}

}  // namespace armlet::ops
