// Integer requantization arithmetic shared by every kernel path.
//
// These are the exact operations of the armlet arithmetic spec (TFLite's
// integer scheme). Every path (scalar, DSP, MVE) and the Python reference must
// agree bit for bit, so the optimized paths either call these functions or use
// instruction sequences proven equal to them (see quantized_linear_mve.cc).
//
// Two implementation choices, both well defined on GCC and Clang:
// - Shifts of negative signed values: `>>` on a negative value is arithmetic
//   (implementation-defined before C++20, arithmetic on every compiler we use);
//   left shifts go through uint32_t, so they never hit undefined behaviour.
// - Additions that could only overflow for invalid parameters (a hostile
//   program) wrap modulo 2^32, like the SIMD instructions do, so all paths keep
//   agreeing and sanitizers stay quiet even on garbage input.
#pragma once

#include <cstdint>
#include <limits>

namespace armlet::kernels {

inline constexpr int32_t kInt32Min = std::numeric_limits<int32_t>::min();
inline constexpr int32_t kInt32Max = std::numeric_limits<int32_t>::max();

// Shift amounts the kernels accept for a requantization shift: the left part
// (shift > 0) and the right part (shift < 0) must both stay below 32.
inline constexpr int32_t kMinShift = -31;
inline constexpr int32_t kMaxShift = 31;

constexpr bool IsValidShift(int32_t shift) {
  return shift >= kMinShift && shift <= kMaxShift;
}

// a + b modulo 2^32 (two's complement), without signed-overflow UB.
constexpr int32_t WrappingAdd(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}

// a - b modulo 2^32 (two's complement), without signed-overflow UB.
constexpr int32_t WrappingSub(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
}

// x * 2^n in int32 for n in [0, 31]. The spec guarantees no overflow for valid
// inputs; going through uint32_t makes a negative x well defined.
constexpr int32_t ShiftLeft(int32_t x, int32_t n) {
  return static_cast<int32_t>(static_cast<uint32_t>(x) << n);
}

// Spec: if a == b == INT32_MIN -> INT32_MAX; ab = int64(a) * b;
// nudge = ab >= 0 ? 2^30 : 1 - 2^30; result = trunc((ab + nudge) / 2^31).
//
// Written here as floor((ab + 2^30) / 2^31), which is the same number and
// compiles to a multiply, an add with carry and a funnel shift:
// - ab >= 0: truncation is floor, and the nudge is 2^30.
// - ab < 0: write ab + 2^30 = q * 2^31 + r with 0 <= r < 2^31. Then
//   ab + 1 - 2^30 = (q - 1) * 2^31 + (r + 1) with 0 < r + 1 <= 2^31, a negative
//   number whose quotient by 2^31 lies in (q - 1, q]; truncation toward zero
//   rounds it up to exactly q.
// The unit tests check this against the literal spec form.
constexpr int32_t SaturatingRoundingDoublingHighMul(int32_t a, int32_t b) {
  if (a == kInt32Min && b == kInt32Min) return kInt32Max;
  const int64_t ab = static_cast<int64_t>(a) * b;
  return static_cast<int32_t>((ab + (int64_t{1} << 30)) >> 31);
}

// Divides by 2^exponent (exponent in [0, 31]) rounding to nearest, ties away
// from zero. Spec: mask = 2^e - 1; remainder = x & mask;
// threshold = (mask >> 1) + (x < 0); result = (x >> e) + (remainder > threshold).
constexpr int32_t RoundingDivideByPOT(int32_t x, int32_t exponent) {
  const int32_t mask = static_cast<int32_t>((uint32_t{1} << exponent) - 1u);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

// x * multiplier * 2^(shift - 31), rounded as TFLite does: the positive part
// of the shift is applied before the high multiply, the negative part after.
constexpr int32_t MultiplyByQuantizedMultiplier(int32_t x, int32_t multiplier,
                                                int32_t shift) {
  const int32_t left = shift > 0 ? shift : 0;
  const int32_t right = shift > 0 ? 0 : -shift;
  return RoundingDivideByPOT(
      SaturatingRoundingDoublingHighMul(ShiftLeft(x, left), multiplier), right);
}

constexpr int32_t Clamp(int32_t value, int32_t low, int32_t high) {
  return value < low ? low : (value > high ? high : value);
}

// The last step of every int8 kernel: requantize an int32 accumulator, move it
// to the output zero point and clamp to the activation range. The result is
// int8 because the caller's activation range lies within [-128, 127].
constexpr int8_t RequantizeToInt8(int32_t acc, int32_t multiplier, int32_t shift,
                                  int32_t output_offset, int32_t activation_min,
                                  int32_t activation_max) {
  const int32_t scaled = MultiplyByQuantizedMultiplier(acc, multiplier, shift);
  return static_cast<int8_t>(
      Clamp(WrappingAdd(scaled, output_offset), activation_min, activation_max));
}

}  // namespace armlet::kernels
