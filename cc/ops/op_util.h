// Argument checks shared by the operator adapters. Each returns kOk or
// reports "<operator>: <what>" through the log hook.
#pragma once

#include <cstdint>

#include "cc/runtime/operator.h"
#include "cc/runtime/status.h"
#include "cc/runtime/tensor.h"

namespace armlet::ops {

// "<op>: <arg> must be <dtype> of rank <rank>, got <actual>"; rank < 0 means
// any rank.
Status expect_tensor(const char* op, const char* arg, const Tensor& tensor, ScalarType dtype,
                     int32_t rank);

// "<op>: <arg> = <value> outside [low, high]".
Status expect_range(const char* op, const char* arg, int64_t value, int64_t low, int64_t high);

// An int8 activation range: both ends in [-128, 127], min <= max.
Status expect_activation_range(const char* op, int64_t min, int64_t max);

// A requantization multiplier (non-negative int32) and shift (|shift| < 32).
Status expect_multiplier(const char* op, const char* arg, int64_t multiplier);
Status expect_shift(const char* op, const char* arg, int64_t shift);

// "<op>: <out> must be <dtype> <expected shape>, got <actual>".
Status expect_shape(const char* op, const char* arg, const Tensor& tensor, ScalarType dtype,
                    const int32_t* sizes, int32_t rank);

// Generic failure with the operator's name in front.
Status op_fail(Status status, const char* op, const Text& detail);

}  // namespace armlet::ops
