// DSP-extension path of the same-shape quantized_add (Cortex-M4, M7, M33).
//
// Per four elements: one word load per input, SXTAB16 to sign-extend the bytes
// and add the input offset two lanes at a time, and one word store of the
// packed results. The requantization is the spec's, but written in a shorter
// form that is exact only under bounds which valid parameters always meet
// (checked once per call, see FastPathApplies); otherwise the call falls back
// to the scalar path, so results never differ.
//
// The whole file compiles to nothing on targets without the DSP extension, so
// one source list serves every CPU.
#if defined(__ARM_FEATURE_DSP)

#include <arm_acle.h>

#include <cstring>

#include "cc/kernels/arithmetic.h"
#include "cc/kernels/quantized_add.h"

namespace armlet::kernels {
namespace {

// Bounds of the fast path. With |offset| <= 256, |x + offset| <= 384, which
// also fits SXTAB16's int16 lanes; shifted left by 20 that is 0.375 * 2^30.
// A high multiply by |m| <= 2^31 - 1 and a rounding right shift never grow a
// magnitude by more than their rounding, so each scaled input stays below
// 0.375 * 2^30 + 1, their sum below 2^30, and so does the output's high
// multiply when the output shift is not positive. Every intermediate of
// Scale::Apply is therefore below 2^30 in magnitude.
constexpr int32_t kMaxFastOffset = 256;
// TFLite's (and armlet's) left shift, a compile-time constant on the fast
// path so it costs no register.
constexpr int32_t kFastLeftShift = 20;

bool FastPathApplies(const AddParams& p) {
  const auto offset_ok = [](int32_t offset) {
    return offset >= -kMaxFastOffset && offset <= kMaxFastOffset;
  };
  const auto scale_ok = [](int32_t multiplier, int32_t shift) {
    return multiplier != kInt32Min && shift <= 0 && shift >= kMinShift;
  };
  return offset_ok(p.input1_offset) && offset_ok(p.input2_offset) &&
         p.left_shift == kFastLeftShift &&
         scale_ok(p.input1_multiplier, p.input1_shift) &&
         scale_ok(p.input2_multiplier, p.input2_shift) &&
         scale_ok(p.output_multiplier, p.output_shift);
}

// MultiplyByQuantizedMultiplier for a non-positive shift, with its constants
// prepared once per call.
struct Scale {
  int32_t multiplier;  // never INT32_MIN, so the high multiply cannot saturate
  int32_t exponent;    // -shift
  int32_t round;       // 2^(exponent - 1), or 0 when exponent == 0
  int32_t negative_fix;  // -1 when exponent > 0, else 0

  static Scale Make(int32_t multiplier, int32_t shift) {
    const int32_t exponent = -shift;
    return {multiplier, exponent, exponent > 0 ? int32_t{1} << (exponent - 1) : 0,
            exponent > 0 ? -1 : 0};
  }

  // The high multiply is floor((ab + 2^30) / 2^31) (arithmetic.h) minus the
  // saturation test. The division rounds half up by adding `round` and half
  // away from zero by first subtracting 1 from negative values: for
  // x = q * 2^e + r that gives q + (r > 2^(e-1)), the spec's result. Both
  // additions stay in range because |x| < 2^30 (the fast-path bounds).
  int32_t Apply(int32_t x) const {
    const int64_t product = static_cast<int64_t>(x) * multiplier;
    const int32_t high = static_cast<int32_t>((product + (int64_t{1} << 30)) >> 31);
    return (high + round + ((high >> 31) & negative_fix)) >> exponent;
  }
};

// SXTAB16 of bytes {1, 3} through the instruction's ROR #8 operand: GCC 12's
// arm_acle.h has no __ror and would spend a separate rotate per word.
inline int16x2_t AddOddBytes(int16x2_t pair, uint32_t word) {
  int16x2_t sums;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(sums) : "r"(pair), "r"(word));
  return sums;
}

inline uint32_t LoadWord(const int8_t* p) {
  uint32_t word;
  std::memcpy(&word, p, sizeof(word));
  return word;
}

inline void StoreWord(int8_t* p, uint32_t word) { std::memcpy(p, &word, sizeof(word)); }

// Both int16 halves of an SXTAB16 result.
inline int32_t Low(int16x2_t pair) { return static_cast<int16_t>(pair & 0xffff); }
inline int32_t High(int16x2_t pair) { return pair >> 16; }

struct FastAdd {
  Scale input1, input2, output;
  int32_t output_offset, activation_min, activation_max;

  // x1, x2 already have their offsets added.
  uint32_t Element(int32_t x1, int32_t x2) const {
    const int32_t sum =
        input1.Apply(ShiftLeft(x1, kFastLeftShift)) + input2.Apply(ShiftLeft(x2, kFastLeftShift));
    const int32_t y = Clamp(output.Apply(sum) + output_offset, activation_min, activation_max);
    return static_cast<uint8_t>(y);
  }
};

}  // namespace

void quantized_add_dsp(const AddParams& params, const int8_t* a,
                       const int8_t* b, int8_t* out, int32_t size) {
  if (!FastPathApplies(params)) {
    quantized_add_scalar(params, a, b, out, size);
    return;
  }
  const FastAdd add{Scale::Make(params.input1_multiplier, params.input1_shift),
                    Scale::Make(params.input2_multiplier, params.input2_shift),
                    Scale::Make(params.output_multiplier, params.output_shift),
                    params.output_offset,
                    params.activation_min,
                    params.activation_max};
  // The offsets fit in int16, duplicated into both halves for SXTAB16.
  const auto pair = [](int32_t offset) {
    return static_cast<int16x2_t>((static_cast<uint32_t>(offset) << 16) |
                                  (static_cast<uint32_t>(offset) & 0xffff));
  };
  const int16x2_t offset1 = pair(params.input1_offset);
  const int16x2_t offset2 = pair(params.input2_offset);

  int32_t i = 0;
  for (; i + 4 <= size; i += 4) {
    const uint32_t wa = LoadWord(a + i);
    const uint32_t wb = LoadWord(b + i);
    const int16x2_t a02 = __sxtab16(offset1, wa);
    const int16x2_t a13 = AddOddBytes(offset1, wa);
    const int16x2_t b02 = __sxtab16(offset2, wb);
    const int16x2_t b13 = AddOddBytes(offset2, wb);
    const uint32_t y0 = add.Element(Low(a02), Low(b02));
    const uint32_t y1 = add.Element(Low(a13), Low(b13));
    const uint32_t y2 = add.Element(High(a02), High(b02));
    const uint32_t y3 = add.Element(High(a13), High(b13));
    StoreWord(out + i, y0 | (y1 << 8) | (y2 << 16) | (y3 << 24));
  }
  for (; i < size; ++i) {
    out[i] = quantized_add_element(params, a[i], b[i]);
  }
}

}  // namespace armlet::kernels

#endif  // defined(__ARM_FEATURE_DSP)
