// Integer-rounding path of quantize_per_tensor, for CPUs without an FPU
// (Cortex-M0+, M3). There every float operation is a library call; this path
// keeps the one the spec needs, the float32 product x * (1 / scale), and
// replaces rintf, the float add and the float compares with integer
// operations on the product's bits. Bit-identical to the scalar reference
// (the zero point is added in integers, see quantize_util.h). Portable C++,
// compiled and tested on every target.
#include <cstring>

#include "cc/kernels/quantize.h"
#include "cc/kernels/quantize_util.h"

namespace armlet::kernels {
namespace {

constexpr uint32_t kSignBit = 0x80000000u;
constexpr uint32_t kMantissaBits = 23;
constexpr uint32_t kMantissaMask = (1u << kMantissaBits) - 1;
constexpr int32_t kExponentBias = 127;
constexpr int32_t kExponentAllOnes = 0xff;

// rint(value) as an int32, ties to even, saturating; NaN gives 0 (like the
// hardware conversions, so all paths agree).
//
// A finite float is m * 2^(e - 150) with the 24-bit m = 1.mantissa (e being
// the biased exponent). Below 0.5 the result is 0; at 2^31 or beyond it
// saturates; otherwise the integer part is m >> (150 - e) and the dropped
// bits decide the rounding: above half rounds up, exactly half rounds to
// the even neighbour.
int32_t RoundHalfEvenToInt32(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  const bool negative = (bits & kSignBit) != 0;
  const int32_t exponent = static_cast<int32_t>((bits >> kMantissaBits) & 0xff);
  if (exponent == kExponentAllOnes && (bits & kMantissaMask) != 0) return 0;  // NaN
  if (exponent < kExponentBias - 1) return 0;                                  // |v| < 0.5
  if (exponent >= kExponentBias + 31) return negative ? kInt32Min : kInt32Max;
  const uint32_t mantissa = (bits & kMantissaMask) | (1u << kMantissaBits);
  const int32_t drop = kExponentBias + static_cast<int32_t>(kMantissaBits) - exponent;
  uint32_t magnitude;
  if (drop <= 0) {
    magnitude = mantissa << -drop;  // an integer already, below 2^31
  } else {
    magnitude = mantissa >> drop;  // drop <= 24: |v| >= 0.5
    const uint32_t remainder = mantissa & ((1u << drop) - 1);
    const uint32_t half = 1u << (drop - 1);
    if (remainder > half || (remainder == half && (magnitude & 1u) != 0)) ++magnitude;
  }
  return negative ? -static_cast<int32_t>(magnitude) : static_cast<int32_t>(magnitude);
}

}  // namespace

void quantize_per_tensor_integer(const float* input, int8_t* output, int32_t size,
                                 float scale, int32_t zero_point, int32_t qmin,
                                 int32_t qmax) {
  QuantizeRoundingInIntegers(input, output, size, scale, zero_point, qmin, qmax,
                             RoundHalfEvenToInt32);
}

}  // namespace armlet::kernels
