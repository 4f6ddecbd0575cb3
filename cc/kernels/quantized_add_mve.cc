// MVE (Helium) path of the same-shape quantized_add (Cortex-M55, M85).
//
// Four elements per step: widening byte loads put them in int32 lanes, where
// the whole spec arithmetic runs with the four-lane requantization of
// requantize_mve.h; a narrowing byte store writes the results. The last
// size % 4 elements use a tail predicate, so nothing past either end is read
// or written. Bit-identical to the scalar path for all parameters (shifts as
// documented in arithmetic.h), since every step wraps or saturates exactly as
// the scalar arithmetic does.
//
// The whole file compiles to nothing on targets without MVE, so one source
// list serves every CPU.
#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)

#include <arm_mve.h>

#include "cc/kernels/quantized_add.h"
#include "cc/kernels/requantize_mve.h"

namespace armlet::kernels {

void quantized_add_mve(const AddParams& params, const int8_t* a,
                       const int8_t* b, int8_t* out, int32_t size) {
  const int32x4_t offset1 = vdupq_n_s32(params.input1_offset);
  const int32x4_t offset2 = vdupq_n_s32(params.input2_offset);
  const int32x4_t left_shift = vdupq_n_s32(params.left_shift);
  const MveMultiplier scale1 =
      MakeMveMultiplier(params.input1_multiplier, params.input1_shift);
  const MveMultiplier scale2 =
      MakeMveMultiplier(params.input2_multiplier, params.input2_shift);
  const MveMultiplier scale_out =
      MakeMveMultiplier(params.output_multiplier, params.output_shift);
  const MveOutputStage stage = MakeMveOutputStage(
      params.output_offset, params.activation_min, params.activation_max);

  for (int32_t i = 0; i < size; i += 4) {
    const mve_pred16_t active = vctp32q(static_cast<uint32_t>(size - i));
    const int32x4_t x1 = vaddq_s32(vldrbq_z_s32(a + i, active), offset1);
    const int32x4_t x2 = vaddq_s32(vldrbq_z_s32(b + i, active), offset2);
    const int32x4_t sum = vaddq_s32(
        MultiplyByQuantizedMultiplierMve(vshlq_s32(x1, left_shift), scale1),
        MultiplyByQuantizedMultiplierMve(vshlq_s32(x2, left_shift), scale2));
    const int32x4_t y =
        ApplyOutputStage(MultiplyByQuantizedMultiplierMve(sum, scale_out), stage);
    vstrbq_p_s32(out + i, y, active);
  }
}

}  // namespace armlet::kernels

#endif  // defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
