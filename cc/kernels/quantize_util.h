// Shared by the optimized quantize paths (not part of the public API): they
// round in float32 like the spec but add the zero point and clamp in
// integers.
//
// Why that equals the spec's float32 add and clamp: for an integer-valued
// float r and an exactly representable zero point z, when r + z lies in
// [qmin, qmax] the float addition is exact (both small, or r and -z within a
// factor of two), and when it lies outside, float rounding is monotonic and
// keeps it outside on the same side. So the paths require float32(z) to be
// exact (any int8 zero point is) and defer to the scalar path otherwise.
#pragma once

#include <cstdint>

#include "cc/kernels/arithmetic.h"
#include "cc/kernels/quantize.h"

namespace armlet::kernels {

constexpr bool ZeroPointIsExactInFloat(int32_t zero_point) {
  return zero_point >= -(1 << 24) && zero_point <= (1 << 24);
}

// clamp(r + zero_point, qmin, qmax) for an int32 r (rint already applied,
// saturated), computed without leaving int32: clamping r to the shifted
// bounds [qmin - zero_point, qmax - zero_point] first is the same for the
// exact sum; limiting those bounds to int32 changes nothing for an int32 r,
// and the final sum then lies within [qmin, qmax] or between a limited bound
// plus zero_point and the other bound, inside int32 either way.
class ZeroPointClamp {
 public:
  ZeroPointClamp(int32_t zero_point, int32_t qmin, int32_t qmax)
      : zero_point_(zero_point),
        low_(Saturate(int64_t{qmin} - zero_point)),
        high_(Saturate(int64_t{qmax} - zero_point)) {}

  int8_t operator()(int32_t rounded) const {
    return static_cast<int8_t>(WrappingAdd(Clamp(rounded, low_, high_), zero_point_));
  }

 private:
  static int32_t Saturate(int64_t value) {
    return value < kInt32Min ? kInt32Min
                             : (value > kInt32Max ? kInt32Max : static_cast<int32_t>(value));
  }

  int32_t zero_point_;
  int32_t low_;
  int32_t high_;
};

// The quantize loop of the paths that round in integers (VFP's VCVTR, the integer rounding of
// FPU-less cores): x * (1 / scale) in float32, rounded to int32 by |round| (ties to even,
// saturating, NaN to 0), then the zero point added and clamped in integers. Where the zero point
// is too large for that to match float32 addition, it runs the scalar reference instead.
template <typename RoundToInt32>
void QuantizeRoundingInIntegers(const float* input, int8_t* output, int32_t size, float scale,
                                int32_t zero_point, int32_t qmin, int32_t qmax,
                                RoundToInt32 round) {
  if (!ZeroPointIsExactInFloat(zero_point)) {
    quantize_per_tensor_scalar(input, output, size, scale, zero_point, qmin, qmax);
    return;
  }
  const float inverse = 1.0f / scale;
  const ZeroPointClamp clamp(zero_point, qmin, qmax);
  for (int32_t i = 0; i < size; ++i) output[i] = clamp(round(input[i] * inverse));
}

}  // namespace armlet::kernels
