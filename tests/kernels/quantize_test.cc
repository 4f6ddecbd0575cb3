// quantize_per_tensor / dequantize_per_tensor, every path this build has,
// against a reference that rounds half to even by hand (floor and compare),
// plus hand-computed values, ties, saturation, infinities, NaN and subnormals.
#include "cc/kernels/quantize.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "cc/kernels/isa.h"
#include "tests/kernels/test_util.h"

namespace armlet::kernels {
namespace {

using testing::Check;
using testing::Rng;

using QuantizeFn = void (*)(const float*, int8_t*, int32_t, float, int32_t, int32_t, int32_t);
using DequantizeFn = void (*)(const int8_t*, float*, int32_t, float, int32_t);

struct Path {
  const char* name;
  QuantizeFn quantize;
  DequantizeFn dequantize;
};

// The paths of this build: on the host the scalar one, the dispatch (scalar)
// and the portable integer-rounding one.
constexpr int kMaxPaths = 5;
int Paths(Path (&paths)[kMaxPaths]) {
  int count = 0;
  paths[count++] = {"scalar", quantize_per_tensor_scalar, dequantize_per_tensor_scalar};
  paths[count++] = {"dispatch", quantize_per_tensor, dequantize_per_tensor};
  paths[count++] = {"integer", quantize_per_tensor_integer, dequantize_per_tensor_scalar};
  if constexpr (kHasFpu) {
    paths[count++] = {"vfp", quantize_per_tensor_vfp, dequantize_per_tensor_scalar};
  }
  if constexpr (kHasMveFloat) {
    paths[count++] = {"mve", quantize_per_tensor_mve, dequantize_per_tensor_mve};
  }
  return count;
}

// Round half to even written with floor: independent of rint.
float RoundHalfEven(float v) {
  const float low = std::floor(v);
  const float diff = v - low;  // exact: both are floats within one unit
  if (diff > 0.5f) return low + 1.0f;
  if (diff < 0.5f) return low;
  return std::fmod(low, 2.0f) == 0.0f ? low : low + 1.0f;
}

// Finite x only.
int8_t RefQuantize(float x, float scale, int32_t zero_point, int32_t qmin, int32_t qmax) {
  const float inverse = 1.0f / scale;
  const float product = x * inverse;
  const float value = RoundHalfEven(product) + static_cast<float>(zero_point);
  if (value <= static_cast<float>(qmin)) return static_cast<int8_t>(qmin);
  if (value >= static_cast<float>(qmax)) return static_cast<int8_t>(qmax);
  return static_cast<int8_t>(static_cast<int32_t>(value));
}

bool SameBits(float a, float b) { return std::memcmp(&a, &b, sizeof(float)) == 0; }

void TestKnownValues(const Path& path) {
  // scale 0.5 (inverse 2), zero point 3: x * 2 rounds half to even. Nine
  // values, so vector paths also run a partial (tail) step.
  const float x[] = {1.25f, 1.75f, -1.25f, -1.75f, 0.25f, 0.75f, 0.0f, -0.0f, 100.0f, -100.0f};
  const int8_t expected[] = {5, 7, 1, -1, 3, 5, 3, 3, 127, -128};
  int8_t q[10];
  path.quantize(x, q, 10, 0.5f, 3, -128, 127);
  for (int i = 0; i < 10; ++i) {
    Check(q[i] == expected[i], "%s: quantize(%g) = %d, expected %d", path.name,
          static_cast<double>(x[i]), q[i], expected[i]);
  }
  // A narrower quant range clamps there.
  const float y[] = {10.0f, -10.0f, 0.4f};
  int8_t r[3];
  path.quantize(y, r, 3, 1.0f, 0, -4, 5);
  Check(r[0] == 5 && r[1] == -4 && r[2] == 0, "%s: quant range clamp: %d %d %d", path.name, r[0],
        r[1], r[2]);

  // Infinities and huge values clamp; NaN becomes the zero point (clamped);
  // subnormals round to zero.
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float tiny = std::numeric_limits<float>::denorm_min();
  const float special[] = {inf, -inf, nan, 3.0e38f, -3.0e38f, tiny, -tiny, -nan};
  const int8_t expected_special[] = {127, -128, -7, 127, -128, -7, -7, -7};
  int8_t s[8];
  path.quantize(special, s, 8, 0.1f, -7, -128, 127);
  for (int i = 0; i < 8; ++i) {
    Check(s[i] == expected_special[i], "%s: special value %d: %d, expected %d", path.name, i, s[i],
          expected_special[i]);
  }
  // A scale of 0 makes the inverse infinite: x = 0 gives NaN, the rest clamp.
  const float around_zero[] = {0.0f, 1.0f, -1.0f};
  path.quantize(around_zero, s, 3, 0.0f, 2, -128, 127);
  Check(s[0] == 2 && s[1] == 127 && s[2] == -128, "%s: scale 0: %d %d %d", path.name, s[0], s[1],
        s[2]);

  // Zero points beyond what float32 represents exactly: the spec adds in
  // float32, where 2^24 + 1 becomes 2^24 (-16777117 + 16777216 = 99, not 100).
  const float far[] = {-16777117.0f, 0.0f, 3.0e9f, -3.0e9f};
  path.quantize(far, s, 4, 1.0f, (1 << 24) + 1, -128, 127);
  Check(s[0] == 99 && s[1] == 127 && s[2] == 127 && s[3] == -128,
        "%s: zero point 2^24 + 1: %d %d %d %d", path.name, s[0], s[1], s[2], s[3]);
  const int32_t extreme_zero_points[] = {testing::kMax32, -2147483647 - 1, 1 << 30, -(1 << 30)};
  for (int32_t zero_point : extreme_zero_points) {
    const float values[] = {0.0f, 1.0e10f, -1.0e10f, 3.0e38f, -3.0e38f, -2.0e9f, 2.0e9f};
    int8_t got[7];
    int8_t want[7];
    path.quantize(values, got, 7, 1.0f, zero_point, -128, 127);
    quantize_per_tensor_scalar(values, want, 7, 1.0f, zero_point, -128, 127);
    Check(std::memcmp(got, want, sizeof(got)) == 0, "%s: zero point %ld differs from scalar",
          path.name, static_cast<long>(zero_point));
  }

  // Dequantize: (q - zp) * scale, all exact here.
  const int8_t dq[] = {-128, 0, 3, 127, 5};
  const float expected_dq[] = {-65.5f, -1.5f, 0.0f, 62.0f, 1.0f};
  float out[5];
  path.dequantize(dq, out, 5, 0.5f, 3);
  for (int i = 0; i < 5; ++i) {
    Check(out[i] == expected_dq[i], "%s: dequantize(%d) = %g", path.name, dq[i],
          static_cast<double>(out[i]));
  }
  // Scales whose products would be subnormal, or are not finite.
  const float scales[] = {tiny, 1e-39f, std::numeric_limits<float>::min(), 0.0f, -0.0f, inf, nan,
                          -3.0e38f};
  for (float scale : scales) {
    path.dequantize(dq, out, 5, scale, 3);
    for (int i = 0; i < 5; ++i) {
      const float want = static_cast<float>(dq[i] - 3) * scale;
      Check(SameBits(out[i], want) || (want != want && out[i] != out[i]),
            "%s: dequantize(%d, scale %a) = %a, expected %a", path.name, dq[i],
            static_cast<double>(scale), static_cast<double>(out[i]), static_cast<double>(want));
    }
  }
}

// 1/scale is rounded to float32 before the multiply, and the product is
// rounded before rint: these inputs land on exact ties that way (computed
// with numpy float32), while x / scale would fall just off them and round the
// other way (-107 and 63).
void TestInverseIsRounded(const Path& path) {
  const float x1 = -32.25f;  // * float32(1 / 0.3f) = -107.5 exactly -> -108
  int8_t q = 0;
  path.quantize(&x1, &q, 1, 0.3f, 0, -128, 127);
  Check(q == -108, "%s: quantize(-32.25, 0.3) = %d, expected -108", path.name, q);
  const float x2 = 1.46875f;  // * float32(1 / 0.0235f) = 62.5 exactly -> 62
  path.quantize(&x2, &q, 1, 0.0235f, 0, -128, 127);
  Check(q == 62, "%s: quantize(1.46875, 0.0235) = %d, expected 62", path.name, q);
}

void TestRandom(const Path& path) {
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
    const int32_t count = rng.Uniform(0, 3) == 0 ? rng.Uniform(0, 9) : kCount - rng.Uniform(0, 3);
    for (int32_t i = 0; i < count; ++i) {
      // Mostly values near representable points, including exact ties.
      const int32_t k = rng.Uniform(-300, 300);
      const float tie = (static_cast<float>(k) + (rng.Bool() ? 0.5f : 0.0f)) * scale;
      const float any = static_cast<float>(rng.Int32()) / 2147483648.0f * 200.0f * scale;
      x[i] = rng.Bool() ? tie : any;
    }
    path.quantize(x, q, count, scale, zero_point, qmin, qmax);
    for (int32_t i = 0; i < count; ++i) {
      const int8_t expected = RefQuantize(x[i], scale, zero_point, qmin, qmax);
      if (!Check(q[i] == expected, "%s: quantize(%a, scale %a, zp %ld) = %d, expected %d",
                 path.name, static_cast<double>(x[i]), static_cast<double>(scale),
                 static_cast<long>(zero_point), q[i], expected)) {
        break;
      }
    }
    path.dequantize(q, back, count, scale, zero_point);
    for (int32_t i = 0; i < count; ++i) {
      const float expected = static_cast<float>(q[i] - zero_point) * scale;
      if (!Check(SameBits(back[i], expected), "%s: dequantize(%d)", path.name, q[i])) break;
    }
  }
}

// Float bit patterns spread over the whole range (every sign, exponent,
// NaN and infinity), and every tie k + 0.5 with its two neighbours, against
// the scalar path with several zero points.
void TestBitPatterns(const Path& path) {
  constexpr int32_t kCount = 2048;
  static float values[kCount];
  static int8_t got[kCount];
  static int8_t want[kCount];
  int32_t count = 0;
  const auto flush = [&](int32_t zero_point) {
    path.quantize(values, got, count, 1.0f, zero_point, -128, 127);
    quantize_per_tensor_scalar(values, want, count, 1.0f, zero_point, -128, 127);
    for (int32_t i = 0; i < count; ++i) {
      if (!Check(got[i] == want[i], "%s: quantize(%a, zp %ld) = %d, scalar %d", path.name,
                 static_cast<double>(values[i]), static_cast<long>(zero_point), got[i], want[i])) {
        break;
      }
    }
  };
  constexpr int32_t kZeroPoints[] = {0, -128, 127, 77};
  for (int32_t zero_point : kZeroPoints) {
    count = 0;
    for (uint64_t bits = 0; bits <= 0xffffffffu; bits += 65521) {
      const uint32_t word = static_cast<uint32_t>(bits);
      std::memcpy(&values[count++], &word, sizeof(float));
      if (count == kCount) {
        flush(zero_point);
        count = 0;
      }
    }
    flush(zero_point);
    count = 0;
    for (int32_t k = -300; k <= 300; ++k) {
      const float tie = static_cast<float>(k) + 0.5f;
      values[count++] = tie;
      values[count++] = std::nextafter(tie, 1000.0f);
      values[count++] = std::nextafter(tie, -1000.0f);
    }
    flush(zero_point);
  }
}

}  // namespace
}  // namespace armlet::kernels

int main() {
  using namespace armlet::kernels;
  Path paths[kMaxPaths];
  const int count = Paths(paths);
  for (int i = 0; i < count; ++i) {
    TestKnownValues(paths[i]);
    TestInverseIsRounded(paths[i]);
    TestRandom(paths[i]);
    TestBitPatterns(paths[i]);
  }
  return testing::Finish("quantize_test");
}
