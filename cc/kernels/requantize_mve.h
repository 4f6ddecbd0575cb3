// Four-lane requantization with MVE, bit-identical to
// MultiplyByQuantizedMultiplier (arithmetic.h). Only included by MVE sources.
//
// Why these instructions give the same numbers:
// - VSHL by a non-negative per-lane amount is ShiftLeft (wraps modulo 2^32).
// - VQRDMULH returns saturate((2ab + 2^31) >> 32) = floor((ab + 2^30) / 2^31),
//   which is SaturatingRoundingDoublingHighMul in the form arithmetic.h
//   proves equal to the spec; the only saturating case is INT32_MIN^2, where
//   both give INT32_MAX.
// - VRSHL by -e computes floor((x + 2^(e-1)) / 2^e): round half up. The spec's
//   RoundingDivideByPOT rounds half away from zero, which differs only for
//   negative x. Subtracting 1 from negative x first (when e > 0) fixes that:
//   with x = q * 2^e + r (0 <= r < 2^e), floor((x - 1 + 2^(e-1)) / 2^e) is
//   q + (r > 2^(e-1)), exactly the spec's q + (remainder > threshold). The
//   subtraction saturates, which only matters for INT32_MIN, whose remainder
//   is 0 either way.
//   The -1 is (x & -e) >> 31: the AND keeps the sign bit only when x < 0 and
//   -e < 0.
#pragma once

#include <arm_mve.h>

#include <cstdint>

namespace armlet::kernels {

// Per-lane multiplier and shift split into the two shift directions.
struct MveMultiplier {
  int32x4_t multiplier;
  int32x4_t left_shift;   // max(shift, 0)
  int32x4_t right_shift;  // min(shift, 0), the (negative) VRSHL amount
};

inline MveMultiplier MakeMveMultiplier(int32x4_t multiplier, int32x4_t shift) {
  const int32x4_t zero = vdupq_n_s32(0);
  return {multiplier, vmaxq_s32(shift, zero), vminq_s32(shift, zero)};
}

inline MveMultiplier MakeMveMultiplier(int32_t multiplier, int32_t shift) {
  return MakeMveMultiplier(vdupq_n_s32(multiplier), vdupq_n_s32(shift));
}

inline int32x4_t MultiplyByQuantizedMultiplierMve(int32x4_t x,
                                                  const MveMultiplier& m) {
  const int32x4_t scaled = vqrdmulhq_s32(vshlq_s32(x, m.left_shift), m.multiplier);
  const int32x4_t fixup = vshrq_n_s32(vandq_s32(scaled, m.right_shift), 31);
  return vrshlq_s32(vqaddq_s32(scaled, fixup), m.right_shift);
}

// One multiplier and shift for every lane (per-tensor), kept in general
// registers where MVE has a scalar-operand form (VSHL, VQRDMULH, VRSHL by Rm),
// so a loop needs only one vector register for it: the fixup mask.
struct MveUniformMultiplier {
  int32_t multiplier;
  int32_t left_shift;     // max(shift, 0), plus any shift the caller folds in
  int32_t right_shift;    // min(shift, 0)
  int32x4_t right_mask;   // right_shift in every lane, for the fixup
};

inline MveUniformMultiplier MakeMveUniformMultiplier(int32_t multiplier, int32_t shift,
                                                     int32_t extra_left_shift = 0) {
  const int32_t right = shift < 0 ? shift : 0;
  return {multiplier, (shift > 0 ? shift : 0) + extra_left_shift, right, vdupq_n_s32(right)};
}

inline int32x4_t MultiplyByQuantizedMultiplierMve(int32x4_t x,
                                                  const MveUniformMultiplier& m) {
  const int32x4_t scaled = vqrdmulhq_n_s32(vshlq_r_s32(x, m.left_shift), m.multiplier);
  const int32x4_t fixup = vshrq_n_s32(vandq_s32(scaled, m.right_mask), 31);
  return vrshlq_n_s32(vqaddq_s32(scaled, fixup), m.right_shift);
}

// Output offset, activation clamp, all four lanes.
struct MveOutputStage {
  int32x4_t offset;
  int32x4_t min;
  int32x4_t max;
};

inline MveOutputStage MakeMveOutputStage(int32_t offset, int32_t activation_min,
                                         int32_t activation_max) {
  return {vdupq_n_s32(offset), vdupq_n_s32(activation_min),
          vdupq_n_s32(activation_max)};
}

inline int32x4_t ApplyOutputStage(int32x4_t x, const MveOutputStage& stage) {
  return vminq_s32(vmaxq_s32(vaddq_s32(x, stage.offset), stage.min), stage.max);
}

}  // namespace armlet::kernels
