// Scalar-FPU path of quantize_per_tensor (Cortex-M4, M7, M33 and any core
// with a single-precision FPU): one VCVTR per element instead of rintf, which
// is a library call on the M4's FPv4, plus float add and compares.
//
// VCVTR converts float32 to int32 with the FPSCR rounding mode (round to
// nearest, ties to even, at reset: the spec's rint), saturating, with NaN
// giving 0. The zero point is then added and the result clamped in integers;
// as in quantize_mve.cc this equals the spec's float32 add and clamp: exact
// within +-2^24, and on the same far side of [qmin, qmax] beyond. NaN gives
// clamp(zero_point) in both. That equivalence needs float32(zero_point) to
// be exact, true for any int8 zero point; others take the scalar path.
//
// The whole file compiles to nothing on targets without a hardware FPU, so
// one source list serves every CPU.
#if defined(__ARM_FP) && (__ARM_FP & 4)

#include <cstring>

#include "cc/kernels/arithmetic.h"
#include "cc/kernels/quantize.h"

namespace armlet::kernels {
namespace {

// VCVTR has no intrinsic; the product arrives already rounded to float32 in
// an S register, so no multiply-add can be fused here either.
inline int32_t ConvertRoundingToNearest(float value) {
  float converted;  // the int32 result, still in an S register
  __asm__("vcvtr.s32.f32 %0, %1" : "=t"(converted) : "t"(value));
  int32_t result;
  std::memcpy(&result, &converted, sizeof(result));
  return result;
}

int32_t SaturateToInt32(int64_t value) {
  return value < kInt32Min ? kInt32Min : (value > kInt32Max ? kInt32Max : static_cast<int32_t>(value));
}

}  // namespace

void quantize_per_tensor_vfp(const float* input, int8_t* output, int32_t size,
                             float scale, int32_t zero_point, int32_t qmin,
                             int32_t qmax) {
  if (!ZeroPointIsExactInFloat(zero_point)) {
    quantize_per_tensor_scalar(input, output, size, scale, zero_point, qmin, qmax);
    return;
  }
  const float inverse = 1.0f / scale;
  // clamp(c + zero_point, qmin, qmax) = clamp(c, qmin - zero_point,
  // qmax - zero_point) + zero_point for the exact sum, so the loop clamps the
  // converted value against shifted bounds and adds last, never leaving
  // int32: limiting the shifted bounds to int32 changes nothing for an int32
  // c, and the final sum lies within [qmin, qmax] or between a limited bound
  // plus zero_point and the other, both inside int32.
  const int32_t low = SaturateToInt32(int64_t{qmin} - zero_point);
  const int32_t high = SaturateToInt32(int64_t{qmax} - zero_point);
  for (int32_t i = 0; i < size; ++i) {
    const int32_t c = ConvertRoundingToNearest(input[i] * inverse);
    output[i] = static_cast<int8_t>(WrappingAdd(Clamp(c, low, high), zero_point));
  }
}

}  // namespace armlet::kernels

#endif  // defined(__ARM_FP) && (__ARM_FP & 4)
