// arithmetic.h against the spec written out in test_util.h, over edge values
// and random operands, plus values worked out by hand.
#include "cc/kernels/arithmetic.h"

#include "tests/kernels/test_util.h"

namespace armlet::kernels {
namespace {

using testing::Check;
using testing::RefMbqm;
using testing::RefRdpot;
using testing::RefSrdhm;
using testing::Rng;

// Worked by hand from the spec; checked at compile time too.
static_assert(SaturatingRoundingDoublingHighMul(kInt32Min, kInt32Min) == kInt32Max);
static_assert(SaturatingRoundingDoublingHighMul(kInt32Min, kInt32Max) == -kInt32Max);
static_assert(SaturatingRoundingDoublingHighMul(1, 1 << 30) == 1);    // 0.5 -> 1
static_assert(SaturatingRoundingDoublingHighMul(-1, 1 << 30) == 0);   // -0.5 -> 0
static_assert(SaturatingRoundingDoublingHighMul(3, 1 << 30) == 2);    // 1.5 -> 2
static_assert(SaturatingRoundingDoublingHighMul(-3, 1 << 30) == -1);  // -1.5 -> -1
static_assert(SaturatingRoundingDoublingHighMul(kInt32Max, kInt32Max) == kInt32Max - 1);
static_assert(SaturatingRoundingDoublingHighMul(0, kInt32Min) == 0);
static_assert(RoundingDivideByPOT(5, 1) == 3);    // 2.5 -> 3
static_assert(RoundingDivideByPOT(-5, 1) == -3);  // -2.5 -> -3
static_assert(RoundingDivideByPOT(-4, 1) == -2);
static_assert(RoundingDivideByPOT(7, 2) == 2);    // 1.75
static_assert(RoundingDivideByPOT(6, 2) == 2);    // 1.5 -> 2
static_assert(RoundingDivideByPOT(-6, 2) == -2);  // -1.5 -> -2
static_assert(RoundingDivideByPOT(-7, 2) == -2);  // -1.75
static_assert(RoundingDivideByPOT(-5, 2) == -1);  // -1.25
static_assert(RoundingDivideByPOT(kInt32Min, 31) == -1);
static_assert(RoundingDivideByPOT(kInt32Max, 31) == 1);
static_assert(RoundingDivideByPOT(kInt32Min, 0) == kInt32Min);
static_assert(RoundingDivideByPOT(-(1 << 30), 31) == -1);  // -0.5 -> -1
static_assert(RoundingDivideByPOT(1 << 30, 31) == 1);      // 0.5 -> 1
// 100 * 0.75 = 75 (multiplier 0.75 * 2^31, shift 0).
static_assert(MultiplyByQuantizedMultiplier(100, 1610612736, 0) == 75);
// 100 * 0.75 * 2^-3 = 9.375 -> 9.
static_assert(MultiplyByQuantizedMultiplier(100, 1610612736, -3) == 9);
// -100 * 0.75 * 2^-3 = -9.375 -> -9; -12 * 0.5 * 2^-2 = -1.5 -> -2.
static_assert(MultiplyByQuantizedMultiplier(-100, 1610612736, -3) == -9);
static_assert(MultiplyByQuantizedMultiplier(-12, 1 << 30, -2) == -2);
// 3 * 0.5 * 2^2 = 6, the shift applied before the high multiply.
static_assert(MultiplyByQuantizedMultiplier(3, 1 << 30, 2) == 6);
static_assert(Clamp(200, -128, 127) == 127);
static_assert(Clamp(-200, -128, 127) == -128);
static_assert(Clamp(5, -128, 127) == 5);
static_assert(RequantizeToInt8(1000, 1 << 30, -3, -5, -128, 127) == 58);  // 62.5 -> 63, -5

constexpr int32_t kEdges[] = {kInt32Min,   kInt32Min + 1, -(1 << 30) - 1, -(1 << 30),
                              -(1 << 30) + 1, -65536,      -3,             -2,
                              -1,          0,             1,              2,
                              3,           65535,         (1 << 30) - 1,  1 << 30,
                              (1 << 30) + 1, kInt32Max - 1, kInt32Max};

void TestSrdhm() {
  for (int32_t a : kEdges) {
    for (int32_t b : kEdges) {
      Check(SaturatingRoundingDoublingHighMul(a, b) == RefSrdhm(a, b), "srdhm(%ld, %ld)",
            static_cast<long>(a), static_cast<long>(b));
    }
  }
  Rng rng(1);
  for (int i = 0; i < 200000; ++i) {
    const int32_t a = rng.Int32();
    const int32_t b = i % 2 ? rng.Int32() : rng.Uniform(1 << 30, kInt32Max);
    if (!Check(SaturatingRoundingDoublingHighMul(a, b) == RefSrdhm(a, b), "srdhm(%ld, %ld)",
               static_cast<long>(a), static_cast<long>(b))) {
      break;
    }
  }
  // Exact ties: a * b = (2j + 1) * 2^30, both signs.
  for (int32_t j = -1000; j <= 1000; ++j) {
    const int32_t a = 2 * j + 1;
    Check(SaturatingRoundingDoublingHighMul(a, 1 << 30) == RefSrdhm(a, 1 << 30), "tie %ld",
          static_cast<long>(a));
  }
}

void TestRdpot() {
  Rng rng(2);
  for (int e = 0; e <= 31; ++e) {
    for (int32_t x : kEdges) {
      Check(RoundingDivideByPOT(x, e) == RefRdpot(x, e), "rdpot(%ld, %d)", static_cast<long>(x),
            e);
    }
    // Values around every tie of this exponent.
    for (int32_t q = -3; q <= 3; ++q) {
      for (int32_t d = -1; d <= 1; ++d) {
        const int64_t x = q * (int64_t{1} << e) + (e > 0 ? (int64_t{1} << (e - 1)) : 0) + d;
        if (!testing::FitsInt32(x)) continue;
        Check(RoundingDivideByPOT(static_cast<int32_t>(x), e) == RefRdpot(x, e),
              "rdpot tie(%lld, %d)", static_cast<long long>(x), e);
      }
    }
    for (int i = 0; i < 5000; ++i) {
      const int32_t x = rng.Int32();
      Check(RoundingDivideByPOT(x, e) == RefRdpot(x, e), "rdpot(%ld, %d)", static_cast<long>(x),
            e);
    }
  }
}

void TestMbqm() {
  Rng rng(3);
  const int32_t multipliers[] = {0, 1, 1 << 30, (1 << 30) + 1, 1518500250, kInt32Max,
                                 kInt32Min, -(1 << 30), -1};
  for (int shift = kMinShift; shift <= 30; ++shift) {
    for (int32_t m : multipliers) {
      for (int i = 0; i < 400; ++i) {
        // Keep x * 2^shift inside int32, as the spec requires.
        const int left = shift > 0 ? shift : 0;
        const int32_t limit = static_cast<int32_t>(testing::kMax32 >> left);
        int32_t x = i < 4 ? (i < 2 ? limit : -limit) : rng.Uniform(-limit, limit);
        if (i == 4 && left == 0) x = kInt32Min;
        bool valid = true;
        const int64_t expected = RefMbqm(x, m, shift, &valid);
        if (!valid) continue;
        Check(MultiplyByQuantizedMultiplier(x, m, shift) == expected, "mbqm(%ld, %ld, %d)",
              static_cast<long>(x), static_cast<long>(m), shift);
      }
    }
  }
  // Multipliers as the AOT side makes them.
  for (int i = 0; i < 20000; ++i) {
    int32_t m = 0;
    int32_t shift = 0;
    const double real = rng.Scale(1000000, -40, 10);
    testing::QuantizeMultiplier(real, &m, &shift);
    const int32_t x = rng.Uniform(-(1 << 20), 1 << 20);
    bool valid = true;
    const int64_t expected = RefMbqm(x, m, shift, &valid);
    if (!valid) continue;
    Check(MultiplyByQuantizedMultiplier(x, m, shift) == expected, "mbqm(%ld, %ld, %ld)",
          static_cast<long>(x), static_cast<long>(m), static_cast<long>(shift));
  }
}

void TestQuantizeMultiplierHelper() {
  int32_t m = 0;
  int32_t shift = 0;
  testing::QuantizeMultiplier(0.75, &m, &shift);
  Check(m == 1610612736 && shift == 0, "QM(0.75) = %ld, %ld", static_cast<long>(m),
        static_cast<long>(shift));
  testing::QuantizeMultiplier(0.5, &m, &shift);
  Check(m == (1 << 30) && shift == 0, "QM(0.5)");
  testing::QuantizeMultiplier(std::ldexp(1.0, -40), &m, &shift);
  Check(m == 0 && shift == 0, "QM(2^-40) underflows to 0");
  // q * 2^31 rounds up to 2^31: the multiplier halves and the shift grows.
  testing::QuantizeMultiplier(1.0 - 1e-12, &m, &shift);
  Check(m == (1 << 30) && shift == 1, "QM(1 - eps) = %ld, %ld", static_cast<long>(m),
        static_cast<long>(shift));
}

}  // namespace
}  // namespace armlet::kernels

int main() {
  armlet::kernels::TestSrdhm();
  armlet::kernels::TestRdpot();
  armlet::kernels::TestMbqm();
  armlet::kernels::TestQuantizeMultiplierHelper();
  return armlet::kernels::testing::Finish("arithmetic_test");
}
