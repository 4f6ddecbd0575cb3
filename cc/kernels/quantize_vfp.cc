// Scalar-FPU path of quantize_per_tensor (Cortex-M4, M7, M33 and any core
// with a single-precision FPU): one VCVTR per element instead of rintf (a
// library call on the M4's FPv4), a float add and float compares.
//
// VCVTR converts float32 to int32 with the FPSCR rounding mode (round to
// nearest, ties to even, at reset: the spec's rint), saturating, with NaN
// giving 0, so NaN ends as clamp(zero_point) as in the scalar path. The zero
// point is added and clamped in integers (quantize_util.h).
//
// The whole file compiles to nothing on targets without a hardware FPU, so
// one source list serves every CPU.
#if defined(__ARM_FP) && (__ARM_FP & 4)

#include <cstring>

#include "cc/kernels/quantize.h"
#include "cc/kernels/quantize_util.h"

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

}  // namespace

void quantize_per_tensor_vfp(const float* input, int8_t* output, int32_t size,
                             float scale, int32_t zero_point, int32_t qmin,
                             int32_t qmax) {
  QuantizeRoundingInIntegers(input, output, size, scale, zero_point, qmin, qmax,
                             ConvertRoundingToNearest);
}

}  // namespace armlet::kernels

#endif  // defined(__ARM_FP) && (__ARM_FP & 4)
