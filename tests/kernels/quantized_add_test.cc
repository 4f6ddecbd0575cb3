// quantized_add: every same-shape path this build has against an int64
// reference of the spec, the broadcasting form against an index-by-index
// reference, rejected shapes, and hand-computed values.
#include "cc/kernels/quantized_add.h"

#include <cstring>

#include "cc/kernels/arithmetic.h"
#include "cc/kernels/isa.h"
#include "tests/kernels/test_util.h"

namespace armlet::kernels {
namespace {

using testing::Check;
using testing::Rng;

constexpr int32_t kMaxSize = 4096;
constexpr int32_t kGuard = 16;
int8_t g_a[kMaxSize];
int8_t g_b[kMaxSize];
int8_t g_expected[kMaxSize];
int8_t g_output[kMaxSize + kGuard];

// The spec for one element; false if the parameters leave the spec's domain.
bool RefElement(const AddParams& p, int8_t x1, int8_t x2, int8_t* out) {
  bool valid = true;
  const int64_t a = (int64_t{x1} + p.input1_offset) * (int64_t{1} << p.left_shift);
  const int64_t b = (int64_t{x2} + p.input2_offset) * (int64_t{1} << p.left_shift);
  if (!testing::FitsInt32(a) || !testing::FitsInt32(b)) valid = false;
  const int64_t sa = testing::RefMbqm(a, p.input1_multiplier, p.input1_shift, &valid);
  const int64_t sb = testing::RefMbqm(b, p.input2_multiplier, p.input2_shift, &valid);
  if (!testing::FitsInt32(sa + sb)) valid = false;
  const int64_t y = testing::RefMbqm(sa + sb, p.output_multiplier, p.output_shift, &valid);
  *out = static_cast<int8_t>(
      testing::RefClamp(y + p.output_offset, p.activation_min, p.activation_max));
  return valid;
}

// Parameters as the AOT side derives them from three scales (spec), or with
// edge multipliers and shifts.
AddParams MakeParams(Rng& rng) {
  static constexpr int32_t kZeroPoints[] = {-128, 127, 0};
  const auto zero_point = [&rng]() {
    return rng.Bool() ? kZeroPoints[rng.Uniform(0, 2)] : rng.Uniform(-128, 127);
  };
  AddParams p{};
  p.input1_offset = -zero_point();
  p.input2_offset = -zero_point();
  p.output_offset = zero_point();
  p.left_shift = 20;
  const bool full_range = rng.Bool();
  p.activation_min = full_range ? -128 : rng.Uniform(-128, 0);
  p.activation_max = full_range ? 127 : rng.Uniform(p.activation_min, 127);
  const int style = rng.Uniform(0, 5);
  if (style == 5) {
    // Output = (x1 + x2 - zero points) / 2, / 4 or / 8 exactly: many
    // elements are rounding ties, of both signs.
    p.input1_multiplier = 1 << 30;
    p.input2_multiplier = 1 << 30;
    p.output_multiplier = 1 << 30;
    p.input1_shift = rng.Uniform(-1, 0);
    p.input2_shift = p.input1_shift;
    p.output_shift = rng.Uniform(-20, -18);
  } else if (style <= 1) {
    const double s1 = rng.Scale(1000, -12, 0);
    const double s2 = style == 0 ? s1 : rng.Scale(1000, -12, 0);
    const double s_out = rng.Scale(1000, -12, 1);
    const double twice_max = 2.0 * (s1 > s2 ? s1 : s2);
    testing::QuantizeMultiplier(s1 / twice_max, &p.input1_multiplier, &p.input1_shift);
    testing::QuantizeMultiplier(s2 / twice_max, &p.input2_multiplier, &p.input2_shift);
    testing::QuantizeMultiplier(twice_max / (1048576.0 * s_out), &p.output_multiplier,
                                &p.output_shift);
  } else {
    // Edge values: INT32_MIN / INT32_MAX multipliers, extreme shifts, a
    // smaller left shift.
    const int32_t multipliers[] = {kInt32Min, kInt32Max, 1 << 30, 0, -(1 << 30)};
    p.input1_multiplier = multipliers[rng.Uniform(0, 4)];
    p.input2_multiplier = multipliers[rng.Uniform(0, 4)];
    p.output_multiplier = rng.Bool() ? multipliers[rng.Uniform(0, 4)] : rng.Int32();
    p.input1_shift = rng.Uniform(-31, 0);
    p.input2_shift = rng.Uniform(-31, 0);
    p.output_shift = rng.Uniform(-31, 1);
    p.left_shift = rng.Uniform(0, 22);
    if (style == 4) {
      // Offsets outside any int8 zero point: only the spec's arithmetic counts.
      p.input1_offset = rng.Uniform(-1000, 1000);
      p.input2_offset = rng.Uniform(-1000, 1000);
      p.left_shift = rng.Uniform(0, 20);
    }
  }
  return p;
}

using AddFn = void (*)(const AddParams&, const int8_t*, const int8_t*, int8_t*, int32_t);

void RunPath(const char* name, AddFn fn, const AddParams& p, int32_t size, int case_index) {
  std::memset(g_output, 0x5a, sizeof(g_output));
  fn(p, g_a, g_b, g_output, size);
  for (int32_t i = 0; i < size; ++i) {
    if (!Check(g_output[i] == g_expected[i], "%s case %d size %ld: out[%ld] = %d, expected %d",
               name, case_index, static_cast<long>(size), static_cast<long>(i), g_output[i],
               g_expected[i])) {
      return;
    }
  }
  for (int32_t i = size; i < size + kGuard; ++i) {
    if (!Check(g_output[i] == 0x5a, "%s case %d wrote past the output", name, case_index)) return;
  }
}

void TestSameShape() {
  Rng rng(7);
  int cases = 0;
  while (cases < 400) {
    const AddParams p = MakeParams(rng);
    const int32_t size = rng.Uniform(0, 3) == 0 ? rng.Uniform(0, 9) : rng.Uniform(1, kMaxSize);
    bool valid = true;
    for (int32_t i = 0; i < size; ++i) {
      g_a[i] = rng.Int8();
      g_b[i] = rng.Int8();
      valid = RefElement(p, g_a[i], g_b[i], &g_expected[i]) && valid;
    }
    if (!valid) continue;
    RunPath("scalar", quantized_add_scalar, p, size, cases);
    RunPath("dispatch", quantized_add, p, size, cases);
    if constexpr (kHasDsp) RunPath("dsp", quantized_add_dsp, p, size, cases);
    if constexpr (kHasMve) RunPath("mve", quantized_add_mve, p, size, cases);
    ++cases;
  }
  // Every pair of int8 values once, with realistic parameters.
  for (int round = 0; round < 4; ++round) {
    AddParams p = MakeParams(rng);
    while (p.input1_multiplier == kInt32Min || p.left_shift != 20) p = MakeParams(rng);
    for (int32_t base = 0; base < 65536; base += kMaxSize) {
      bool valid = true;
      for (int32_t i = 0; i < kMaxSize; ++i) {
        g_a[i] = static_cast<int8_t>((base + i) & 0xff);
        g_b[i] = static_cast<int8_t>((base + i) >> 8);
        valid = RefElement(p, g_a[i], g_b[i], &g_expected[i]) && valid;
      }
      if (!Check(valid, "exhaustive parameters valid")) break;
      RunPath("scalar all pairs", quantized_add_scalar, p, kMaxSize, round);
      RunPath("dispatch all pairs", quantized_add, p, kMaxSize, round);
    }
  }
}

// Scales s1 = s2 = s_out = s, zero points 0: multipliers QM(0.5) = (2^30, 0)
// for both inputs and QM(2^-19) = (2^30, -18) for the output, so
// out = x1 + x2 exactly, saturated to int8.
void TestKnownValues() {
  AddParams p{};
  p.input1_multiplier = 1 << 30;
  p.input2_multiplier = 1 << 30;
  p.output_multiplier = 1 << 30;
  p.output_shift = -18;
  p.left_shift = 20;
  p.activation_min = -128;
  p.activation_max = 127;
  const int8_t a[] = {3, -5, 100, -100, 0, 127, -128, 1, 2};
  const int8_t b[] = {4, -6, 100, -100, 0, 0, 0, -1, 3};
  const int8_t expected[] = {7, -11, 127, -128, 0, 127, -128, 0, 5};
  int8_t out[9];
  quantized_add(p, a, b, out, 9);
  for (int i = 0; i < 9; ++i) {
    Check(out[i] == expected[i], "known add[%d] = %d, expected %d", i, out[i], expected[i]);
  }
  // Zero points: input1 zp 10, input2 zp -3, output zp 5: (20-10) + (0+3) + 5 = 18.
  p.input1_offset = -10;
  p.input2_offset = 3;
  p.output_offset = 5;
  const int8_t x1[] = {20};
  const int8_t x2[] = {0};
  quantized_add(p, x1, x2, out, 1);
  Check(out[0] == 18, "known add with zero points = %d", out[0]);
}

// Output element `flat` of a broadcast: unravel the index, then pick each
// input's element with its own shape (dims of 1 repeat).
int8_t RefBroadcastElement(const AddParams& p, const int32_t* a_shape, int32_t a_rank,
                           const int32_t* b_shape, int32_t b_rank, const int32_t* out_shape,
                           int32_t out_rank, int32_t flat, bool* valid) {
  int32_t index[kMaxBroadcastRank] = {};
  for (int32_t d = out_rank - 1; d >= 0; --d) {
    index[d] = flat % out_shape[d];
    flat /= out_shape[d];
  }
  const auto pick = [&](const int32_t* shape, int32_t rank) {
    int32_t offset = 0;
    for (int32_t d = 0; d < rank; ++d) {
      const int32_t i = index[out_rank - rank + d];
      offset = offset * shape[d] + (shape[d] == 1 ? 0 : i);
    }
    return offset;
  };
  int8_t y = 0;
  *valid = RefElement(p, g_a[pick(a_shape, a_rank)], g_b[pick(b_shape, b_rank)], &y) && *valid;
  return y;
}

void TestBroadcast() {
  Rng rng(11);
  int cases = 0;
  while (cases < 300) {
    AddParams p = MakeParams(rng);
    int32_t out_rank = rng.Uniform(0, 5);
    if (cases % 50 == 0) out_rank = kMaxBroadcastRank;
    int32_t out_shape[kMaxBroadcastRank];
    int32_t a_shape[kMaxBroadcastRank];
    int32_t b_shape[kMaxBroadcastRank];
    int32_t total = 1;
    for (int32_t d = 0; d < out_rank; ++d) {
      out_shape[d] = out_rank > 5 ? rng.Uniform(1, 2) : rng.Uniform(1, 7);
      if (rng.Uniform(0, 19) == 0) out_shape[d] = 0;
      total *= out_shape[d];
    }
    if (total >= kMaxSize) continue;
    const int32_t a_rank = rng.Uniform(0, out_rank);
    const int32_t b_rank = rng.Bool() ? out_rank : rng.Uniform(0, out_rank);
    int32_t a_size = 1;
    int32_t b_size = 1;
    for (int32_t d = 0; d < a_rank; ++d) {
      a_shape[d] = rng.Bool() ? 1 : out_shape[out_rank - a_rank + d];
      a_size *= a_shape[d];
    }
    for (int32_t d = 0; d < b_rank; ++d) {
      b_shape[d] = rng.Uniform(0, 3) == 0 ? 1 : out_shape[out_rank - b_rank + d];
      b_size *= b_shape[d];
    }
    for (int32_t i = 0; i < a_size; ++i) g_a[i] = rng.Int8();
    for (int32_t i = 0; i < b_size; ++i) g_b[i] = rng.Int8();
    bool valid = true;
    for (int32_t i = 0; i < total; ++i) {
      g_expected[i] = RefBroadcastElement(p, a_shape, a_rank, b_shape, b_rank, out_shape,
                                          out_rank, i, &valid);
    }
    if (!valid) continue;
    std::memset(g_output, 0x5a, sizeof(g_output));
    const bool ok = quantized_add_broadcast(p, g_a, a_shape, a_rank, g_b, b_shape, b_rank,
                                            g_output, out_shape, out_rank);
    Check(ok, "broadcast case %d rejected", cases);
    for (int32_t i = 0; ok && i < total; ++i) {
      if (!Check(g_output[i] == g_expected[i],
                 "broadcast case %d (ranks %ld %ld -> %ld): out[%ld] = %d, expected %d", cases,
                 static_cast<long>(a_rank), static_cast<long>(b_rank),
                 static_cast<long>(out_rank), static_cast<long>(i), g_output[i],
                 g_expected[i])) {
        break;
      }
    }
    Check(g_output[total] == 0x5a, "broadcast case %d wrote past the output", cases);
    ++cases;
  }
}

void TestBroadcastRejects() {
  AddParams p{};
  p.activation_min = -128;
  p.activation_max = 127;
  const int32_t out_shape[] = {2, 3};
  const int32_t bad[] = {2, 2};
  const int32_t good[] = {3};
  const int32_t too_long[] = {1, 2, 3};
  const int32_t negative[] = {-2, 3};
  g_output[0] = 0x5a;
  Check(!quantized_add_broadcast(p, g_a, bad, 2, g_b, good, 1, g_output, out_shape, 2),
        "mismatched dimension is rejected");
  Check(!quantized_add_broadcast(p, g_a, too_long, 3, g_b, good, 1, g_output, out_shape, 2),
        "input of higher rank than the output is rejected");
  Check(!quantized_add_broadcast(p, g_a, good, 1, g_b, good, 1, g_output, negative, 2),
        "negative output dimension is rejected");
  const int32_t nine[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
  Check(!quantized_add_broadcast(p, g_a, good, 1, g_b, good, 1, g_output, nine, 9),
        "rank above the limit is rejected");
  Check(!quantized_add_broadcast(p, g_a, good, -1, g_b, good, 1, g_output, out_shape, 2),
        "negative rank is rejected");
  Check(g_output[0] == 0x5a, "rejected shapes write nothing");
}

}  // namespace
}  // namespace armlet::kernels

int main() {
  std::printf("quantized_add_test: path %s\n", armlet::kernels::kIsaName);
  armlet::kernels::TestKnownValues();
  armlet::kernels::TestSameShape();
  armlet::kernels::TestBroadcast();
  armlet::kernels::TestBroadcastRejects();
  return armlet::kernels::testing::Finish("quantized_add_test");
}
