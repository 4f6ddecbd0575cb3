// quantize_per_tensor / dequantize_per_tensor against a reference that rounds
// half to even by hand (floor and compare), plus hand-computed values, ties,
// saturation, infinities and NaN.
#include "cc/kernels/quantize.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "tests/kernels/test_util.h"

namespace armlet::kernels {
namespace {

using testing::Check;
using testing::Rng;

// Round half to even written with floor: independent of rint.
float RoundHalfEven(float v) {
  const float low = std::floor(v);
  const float diff = v - low;  // exact: both are floats within one unit
  if (diff > 0.5f) return low + 1.0f;
  if (diff < 0.5f) return low;
  return std::fmod(low, 2.0f) == 0.0f ? low : low + 1.0f;
}

int8_t RefQuantize(float x, float scale, int32_t zero_point, int32_t qmin, int32_t qmax) {
  const float inverse = 1.0f / scale;
  const float product = x * inverse;
  const float value = RoundHalfEven(product) + static_cast<float>(zero_point);
  if (value <= static_cast<float>(qmin)) return static_cast<int8_t>(qmin);
  if (value >= static_cast<float>(qmax)) return static_cast<int8_t>(qmax);
  return static_cast<int8_t>(static_cast<int32_t>(value));
}

void TestKnownValues() {
  // scale 0.5 (inverse 2), zero point 3: x * 2 rounds half to even.
  const float x[] = {1.25f, 1.75f, -1.25f, -1.75f, 0.25f, 0.75f, 0.0f, -0.0f, 100.0f, -100.0f};
  const int8_t expected[] = {5, 7, 1, -1, 3, 5, 3, 3, 127, -128};
  int8_t q[10];
  quantize_per_tensor(x, q, 10, 0.5f, 3, -128, 127);
  for (int i = 0; i < 10; ++i) {
    Check(q[i] == expected[i], "quantize(%g) = %d, expected %d", static_cast<double>(x[i]), q[i],
          expected[i]);
  }
  // A narrower quant range clamps there.
  const float y[] = {10.0f, -10.0f, 0.4f};
  int8_t r[3];
  quantize_per_tensor(y, r, 3, 1.0f, 0, -4, 5);
  Check(r[0] == 5 && r[1] == -4 && r[2] == 0, "quant range clamp: %d %d %d", r[0], r[1], r[2]);

  // Infinities clamp; NaN becomes the zero point (clamped).
  const float inf = std::numeric_limits<float>::infinity();
  const float special[] = {inf, -inf, std::numeric_limits<float>::quiet_NaN(), 3.0e38f, -3.0e38f};
  int8_t s[5];
  quantize_per_tensor(special, s, 5, 0.1f, -7, -128, 127);
  Check(s[0] == 127 && s[1] == -128 && s[2] == -7 && s[3] == 127 && s[4] == -128,
        "special values: %d %d %d %d %d", s[0], s[1], s[2], s[3], s[4]);

  // Dequantize: (q - zp) * scale, all exact here.
  const int8_t dq[] = {-128, 0, 3, 127};
  float out[4];
  dequantize_per_tensor(dq, out, 4, 0.5f, 3);
  Check(out[0] == -65.5f && out[1] == -1.5f && out[2] == 0.0f && out[3] == 62.0f,
        "dequantize: %g %g %g %g", static_cast<double>(out[0]), static_cast<double>(out[1]),
        static_cast<double>(out[2]), static_cast<double>(out[3]));
}

// 1/scale is rounded to float32 before the multiply, and the product is
// rounded before rint: these inputs land on exact ties that way (computed
// with numpy float32), while x / scale would fall just off them and round the
// other way (-107 and 63).
void TestInverseIsRounded() {
  const float x1 = -32.25f;  // * float32(1 / 0.3f) = -107.5 exactly -> -108
  int8_t q = 0;
  quantize_per_tensor(&x1, &q, 1, 0.3f, 0, -128, 127);
  Check(q == -108, "quantize(-32.25, 0.3) = %d, expected -108", q);
  const float x2 = 1.46875f;  // * float32(1 / 0.0235f) = 62.5 exactly -> 62
  quantize_per_tensor(&x2, &q, 1, 0.0235f, 0, -128, 127);
  Check(q == 62, "quantize(1.46875, 0.0235) = %d, expected 62", q);
}

void TestRandom() {
  Rng rng(5);
  constexpr int32_t kCount = 4096;
  static float x[kCount];
  static int8_t q[kCount];
  static float back[kCount];
  for (int round = 0; round < 200; ++round) {
    const float scale = static_cast<float>(rng.Scale(100000, -12, 2));
    const int32_t zero_point = rng.Uniform(-128, 127);
    const int32_t qmin = rng.Bool() ? -128 : rng.Uniform(-128, 0);
    const int32_t qmax = rng.Bool() ? 127 : rng.Uniform(qmin, 127);
    for (int32_t i = 0; i < kCount; ++i) {
      // Mostly values near representable points, including exact ties.
      const int32_t k = rng.Uniform(-300, 300);
      const float tie = (static_cast<float>(k) + (rng.Bool() ? 0.5f : 0.0f)) * scale;
      const float any = static_cast<float>(rng.Int32()) / 2147483648.0f * 200.0f * scale;
      x[i] = rng.Bool() ? tie : any;
    }
    quantize_per_tensor(x, q, kCount, scale, zero_point, qmin, qmax);
    for (int32_t i = 0; i < kCount; ++i) {
      const int8_t expected = RefQuantize(x[i], scale, zero_point, qmin, qmax);
      if (!Check(q[i] == expected, "quantize(%a, scale %a, zp %ld) = %d, expected %d",
                 static_cast<double>(x[i]), static_cast<double>(scale),
                 static_cast<long>(zero_point), q[i], expected)) {
        break;
      }
    }
    dequantize_per_tensor(q, back, kCount, scale, zero_point);
    for (int32_t i = 0; i < kCount; ++i) {
      const float expected = static_cast<float>(q[i] - zero_point) * scale;
      if (!Check(std::memcmp(&back[i], &expected, sizeof(float)) == 0, "dequantize(%d)", q[i])) {
        break;
      }
    }
  }
}

}  // namespace
}  // namespace armlet::kernels

int main() {
  armlet::kernels::TestKnownValues();
  armlet::kernels::TestInverseIsRounded();
  armlet::kernels::TestRandom();
  return armlet::kernels::testing::Finish("quantize_test");
}
