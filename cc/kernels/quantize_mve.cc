// MVE floating-point path of (de)quantization (Cortex-M55, M85): four floats
// per step, tail-predicated, bit-identical to the scalar reference.
//
// Why the vector form gives the same numbers:
// - quantize: VMUL rounds the product to float32 like the scalar multiply;
//   VCVTN converts to int32 rounding to nearest, ties to even (rint),
//   saturating, with NaN giving 0 (so NaN ends as clamp(zero_point), as in
//   the scalar path). The zero point is then added (saturating) and clamped
//   in integers, which equals the spec's float32 add and clamp for any zero
//   point float32 holds exactly (quantize_util.h); others take the scalar
//   path. MVE arithmetic may flush subnormals to zero, which cannot matter
//   here: a subnormal product rounds to 0 either way.
// - dequantize: int32 subtraction and conversion are exact for int8 data, and
//   with a normal, finite scale every nonzero product is at least |scale| in
//   magnitude, so no subnormal can arise. Other scales (0, subnormal, inf,
//   NaN) take the scalar path.
//
// The whole file compiles to nothing on targets without MVE floating point,
// so one source list serves every CPU.
#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 2)

#include <arm_mve.h>

#include <cfloat>

#include "cc/kernels/quantize.h"
#include "cc/kernels/quantize_util.h"

namespace armlet::kernels {

void quantize_per_tensor_mve(const float* input, int8_t* output, int32_t size,
                             float scale, int32_t zero_point, int32_t qmin,
                             int32_t qmax) {
  if (!ZeroPointIsExactInFloat(zero_point)) {
    quantize_per_tensor_scalar(input, output, size, scale, zero_point, qmin, qmax);
    return;
  }
  const float inverse = 1.0f / scale;
  const int32x4_t zero = vdupq_n_s32(zero_point);
  const int32x4_t low = vdupq_n_s32(qmin);
  const int32x4_t high = vdupq_n_s32(qmax);
  const auto quantize = [&](float32x4_t x) {
    const int32x4_t rounded = vcvtnq_s32_f32(vmulq_n_f32(x, inverse));
    return vminq_s32(vmaxq_s32(vqaddq_s32(rounded, zero), low), high);
  };
  int32_t i = 0;
  for (; i + 4 <= size; i += 4) vstrbq_s32(output + i, quantize(vld1q_f32(input + i)));
  if (i < size) {
    const mve_pred16_t tail = vctp32q(static_cast<uint32_t>(size - i));
    vstrbq_p_s32(output + i, quantize(vldrwq_z_f32(input + i, tail)), tail);
  }
}

void dequantize_per_tensor_mve(const int8_t* input, float* output, int32_t size,
                               float scale, int32_t zero_point) {
  const float magnitude = scale < 0.0f ? -scale : scale;
  if (!(magnitude >= FLT_MIN && magnitude <= FLT_MAX)) {
    dequantize_per_tensor_scalar(input, output, size, scale, zero_point);
    return;
  }
  const auto dequantize = [&](int32x4_t q) {
    return vmulq_n_f32(vcvtq_f32_s32(vsubq_s32(q, vdupq_n_s32(zero_point))), scale);
  };
  int32_t i = 0;
  for (; i + 4 <= size; i += 4) vst1q_f32(output + i, dequantize(vldrbq_s32(input + i)));
  if (i < size) {
    const mve_pred16_t tail = vctp32q(static_cast<uint32_t>(size - i));
    vstrwq_p_f32(output + i, dequantize(vldrbq_z_s32(input + i, tail)), tail);
  }
}

}  // namespace armlet::kernels

#endif  // defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 2)
