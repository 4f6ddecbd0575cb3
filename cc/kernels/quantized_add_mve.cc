// MVE (Helium) path of the same-shape quantized_add (Cortex-M55, M85).
//
// Four elements per step: widening byte loads put them in int32 lanes, where
// the whole spec arithmetic runs with the four-lane requantization of
// requantize_mve.h; a narrowing byte store writes the results. The last
// size % 4 elements use a tail predicate (VCTP), so nothing past either end
// is read or written. Bit-identical to the scalar path for all parameters (shifts as
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

namespace {

// Constants of one call. Shifts and multipliers stay in general registers
// (scalar-operand instructions), leaving vector registers for the data.
struct AddConstants {
  int32_t input1_offset;
  int32_t input2_offset;
  MveUniformMultiplier scale1;  // left_shift folded into its left shift
  MveUniformMultiplier scale2;
  MveUniformMultiplier scale_out;
  MveOutputStage stage;
};

// Four elements from int32 lanes to int32 lanes. VSHL by the folded amount
// equals ShiftLeft twice: both wrap modulo 2^32, and VSHL by 32 or more gives
// 0, as two shifts summing to 32 or more do.
inline int32x4_t AddLanes(const AddConstants& k, int32x4_t a, int32x4_t b) {
  const int32x4_t x1 = vaddq_n_s32(a, k.input1_offset);
  const int32x4_t x2 = vaddq_n_s32(b, k.input2_offset);
  const int32x4_t sum = vaddq_s32(MultiplyByQuantizedMultiplierMve(x1, k.scale1),
                                  MultiplyByQuantizedMultiplierMve(x2, k.scale2));
  return ApplyOutputStage(MultiplyByQuantizedMultiplierMve(sum, k.scale_out), k.stage);
}

}  // namespace

void quantized_add_mve(const AddParams& params, const int8_t* a,
                       const int8_t* b, int8_t* out, int32_t size) {
  const AddConstants k{
      params.input1_offset,
      params.input2_offset,
      MakeMveUniformMultiplier(params.input1_multiplier, params.input1_shift, params.left_shift),
      MakeMveUniformMultiplier(params.input2_multiplier, params.input2_shift, params.left_shift),
      MakeMveUniformMultiplier(params.output_multiplier, params.output_shift),
      MakeMveOutputStage(params.output_offset, params.activation_min, params.activation_max)};
  int32_t i = 0;
  for (; i + 4 <= size; i += 4) {
    vstrbq_s32(out + i, AddLanes(k, vldrbq_s32(a + i), vldrbq_s32(b + i)));
  }
  if (i < size) {
    const mve_pred16_t tail = vctp32q(static_cast<uint32_t>(size - i));
    const int32x4_t y = AddLanes(k, vldrbq_z_s32(a + i, tail), vldrbq_z_s32(b + i, tail));
    vstrbq_p_s32(out + i, y, tail);
  }
}

}  // namespace armlet::kernels

#endif  // defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
