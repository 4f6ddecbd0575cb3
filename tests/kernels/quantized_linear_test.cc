// quantized_linear: every path this build has (scalar everywhere, plus DSP
// and MVE on a board) against a straightforward int64 reference of the spec,
// over random shapes and parameters, plus a hand-computed case.
#include "cc/kernels/quantized_linear.h"

#include <cstring>

#include "cc/kernels/arithmetic.h"
#include "cc/kernels/isa.h"
#include "tests/kernels/test_util.h"

namespace armlet::kernels {
namespace {

using testing::Check;
using testing::Rng;

constexpr int32_t kMaxRows = 9;
constexpr int32_t kMaxIn = 300;
constexpr int32_t kMaxOut = 40;

// Static buffers: no heap, and small enough for a board's RAM. The guard bytes
// after each output catch writes past the end.
constexpr int32_t kGuard = 16;
int8_t g_input[kMaxRows * kMaxIn];
int8_t g_weights[kMaxOut * kMaxIn];
int32_t g_kernel_sum[kMaxOut];
int32_t g_multipliers[kMaxOut];
int32_t g_shifts[kMaxOut];
int8_t g_expected[kMaxRows * kMaxOut];
int8_t g_output[kMaxRows * kMaxOut + kGuard];

struct Case {
  int32_t rows, in_features, out_features;
  LinearParams params;
};

// The spec with int64 accumulation. False if an intermediate leaves int32,
// which a valid model never does; the caller then draws another case.
bool Reference(const Case& c, const int8_t* input, const int8_t* weights,
               const int32_t* kernel_sum, int8_t* output) {
  bool valid = true;
  for (int32_t b = 0; b < c.rows; ++b) {
    for (int32_t n = 0; n < c.out_features; ++n) {
      int64_t acc = kernel_sum[n];
      for (int32_t k = 0; k < c.in_features; ++k) {
        acc += int64_t{input[b * c.in_features + k]} * weights[n * c.in_features + k];
      }
      if (!testing::FitsInt32(acc)) valid = false;
      const int32_t q = c.params.per_channel ? n : 0;
      const int64_t scaled =
          testing::RefMbqm(acc, c.params.multipliers[q], c.params.shifts[q], &valid);
      output[b * c.out_features + n] = static_cast<int8_t>(testing::RefClamp(
          scaled + c.params.output_offset, c.params.activation_min, c.params.activation_max));
    }
  }
  return valid;
}

using LinearFn = void (*)(const LinearParams&, const int8_t*, const int8_t*, const int32_t*,
                          int32_t, int32_t, int32_t, int8_t*);

// Runs one path and compares it with g_expected; reports the first mismatch.
void RunPath(const char* name, LinearFn fn, const Case& c, int case_index) {
  const int32_t count = c.rows * c.out_features;
  std::memset(g_output, 0x5a, sizeof(g_output));
  fn(c.params, g_input, g_weights, g_kernel_sum, c.rows, c.in_features, c.out_features,
     g_output);
  for (int32_t i = 0; i < count; ++i) {
    if (!Check(g_output[i] == g_expected[i],
               "%s case %d (rows %ld, in %ld, out %ld, per_channel %d): output[%ld] = %d, "
               "expected %d",
               name, case_index, static_cast<long>(c.rows), static_cast<long>(c.in_features),
               static_cast<long>(c.out_features), c.params.per_channel ? 1 : 0,
               static_cast<long>(i), g_output[i], g_expected[i])) {
      return;
    }
  }
  for (int32_t i = count; i < count + kGuard; ++i) {
    if (!Check(g_output[i] == 0x5a, "%s case %d wrote past the output", name, case_index)) {
      return;
    }
  }
}

void RunAllPaths(const Case& c, int case_index) {
  RunPath("scalar", quantized_linear_scalar, c, case_index);
  RunPath("dispatch", quantized_linear, c, case_index);
  if constexpr (kHasDsp) RunPath("dsp", quantized_linear_dsp, c, case_index);
  if constexpr (kHasMve) RunPath("mve", quantized_linear_mve, c, case_index);
}

int32_t PickDim(Rng& rng, int32_t max, const int32_t* specials, int count) {
  if (rng.Uniform(0, 2) == 0) return specials[rng.Uniform(0, count - 1)];
  return rng.Uniform(1, max);
}

// Draws a random valid case into the globals and g_expected.
Case MakeCase(Rng& rng) {
  static constexpr int32_t kInSpecials[] = {1, 2, 3, 4, 15, 16, 17, 31, 32, 33, 61, 64, 300};
  static constexpr int32_t kOutSpecials[] = {1, 2, 3, 4, 5, 7, 8, 37, 40};
  static constexpr int32_t kZeroPoints[] = {-128, 127, 0, -1, 5};
  for (;;) {
    Case c{};
    c.rows = rng.Uniform(0, 3) == 0 ? 1 : rng.Uniform(1, kMaxRows);
    c.in_features = PickDim(rng, kMaxIn, kInSpecials, 13);
    c.out_features = PickDim(rng, kMaxOut, kOutSpecials, 9);
    const int32_t input_zero_point = rng.Bool() ? kZeroPoints[rng.Uniform(0, 4)] : rng.Uniform(-128, 127);
    const int32_t output_zero_point = rng.Bool() ? kZeroPoints[rng.Uniform(0, 4)] : rng.Uniform(-128, 127);
    c.params.input_offset = -input_zero_point;
    c.params.output_offset = output_zero_point;
    c.params.per_channel = rng.Bool();
    const bool full_range = rng.Bool();
    c.params.activation_min = full_range ? -128 : rng.Uniform(-128, 0);
    c.params.activation_max = full_range ? 127 : rng.Uniform(c.params.activation_min, 127);
    c.params.multipliers = g_multipliers;
    c.params.shifts = g_shifts;

    // Values are sometimes saturated at the extremes to stress the sums, and
    // sometimes tiny with tiny shifts, where rounding ties are frequent and
    // outputs stay inside the activation range.
    const int style = rng.Uniform(0, 4);
    const bool tiny = style == 4;
    const auto value = [&rng, tiny](bool extreme) -> int8_t {
      if (tiny) return static_cast<int8_t>(rng.Uniform(-4, 4));
      return extreme ? (rng.Bool() ? -128 : 127) : rng.Int8();
    };
    for (int32_t i = 0; i < c.rows * c.in_features; ++i) g_input[i] = value(style == 0);
    for (int32_t i = 0; i < c.out_features * c.in_features; ++i) {
      g_weights[i] = value(style == 1);
    }
    // kernel_sum as the AOT side folds it: bias + input_offset * sum_k w.
    for (int32_t n = 0; n < c.out_features; ++n) {
      int64_t weight_sum = 0;
      for (int32_t k = 0; k < c.in_features; ++k) weight_sum += g_weights[n * c.in_features + k];
      const int32_t bias_limit = tiny ? 64 : 1 << 20;
      const int32_t bias = rng.Bool() ? 0 : rng.Uniform(-bias_limit, bias_limit);
      g_kernel_sum[n] = static_cast<int32_t>(bias + c.params.input_offset * weight_sum);
    }
    // Realistic multipliers from scales, with edge multipliers and shifts
    // mixed in.
    const int32_t channels = c.params.per_channel ? c.out_features : 1;
    for (int32_t q = 0; q < channels; ++q) {
      if (tiny) {
        g_multipliers[q] = rng.Bool() ? (1 << 30) : rng.Uniform(1 << 30, kInt32Max);
        g_shifts[q] = rng.Uniform(-6, 0);
        continue;
      }
      switch (rng.Uniform(0, 5)) {
        case 0:
          g_multipliers[q] = rng.Bool() ? kInt32Max : (1 << 30);
          g_shifts[q] = rng.Uniform(kMinShift, 0);
          break;
        case 1:
          g_multipliers[q] = rng.Uniform(-kInt32Max, kInt32Max);
          g_shifts[q] = rng.Uniform(-31, 4);
          break;
        case 2:
          g_multipliers[q] = kInt32Min;
          g_shifts[q] = rng.Uniform(-31, 0);
          break;
        default: {
          const double real = rng.Scale(100000, -24, -4);
          testing::QuantizeMultiplier(real, &g_multipliers[q], &g_shifts[q]);
        }
      }
    }
    if (Reference(c, g_input, g_weights, g_kernel_sum, g_expected)) return c;
  }
}

void TestRandom() {
  Rng rng(42);
  for (int i = 0; i < 600; ++i) RunAllPaths(MakeCase(rng), i);
}

// Two rows, two inputs, one output channel, worked by hand:
// input zero point 3 (offset -3), weights {2, -1}, bias 10:
// kernel_sum = 10 + (-3) * (2 - 1) = 7.
// Row 0, x = {5, 1}: acc = 7 + 10 - 1 = 16 (= 10 + (5-3)*2 + (1-3)*(-1)).
// Row 1, x = {-4, 9}: acc = 7 - 8 - 9 = -10 (= 10 + (-7)*2 + 6*(-1)).
// Multiplier 0.75 (1610612736), shift -2: 16 * 0.1875 = 3; -10 * 0.1875 =
// -1.875 -> -2. Output zero point -1: {2, -3}.
void TestKnownValues() {
  const int8_t input[] = {5, 1, -4, 9};
  const int8_t weights[] = {2, -1};
  const int32_t kernel_sum[] = {7};
  const int32_t multiplier[] = {1610612736};
  const int32_t shift[] = {-2};
  const LinearParams params{-3, -1, multiplier, shift, false, -128, 127};
  int8_t out[2] = {0, 0};
  quantized_linear_scalar(params, input, weights, kernel_sum, 2, 2, 1, out);
  Check(out[0] == 2 && out[1] == -3, "known values scalar: %d %d", out[0], out[1]);
  out[0] = out[1] = 0;
  quantized_linear(params, input, weights, kernel_sum, 2, 2, 1, out);
  Check(out[0] == 2 && out[1] == -3, "known values dispatch: %d %d", out[0], out[1]);

  // Clamping: activation range [0, 1] (a fused ReLU-like bound).
  const LinearParams clamped{-3, -1, multiplier, shift, false, 0, 1};
  quantized_linear(clamped, input, weights, kernel_sum, 2, 2, 1, out);
  Check(out[0] == 1 && out[1] == 0, "known values clamped: %d %d", out[0], out[1]);
}

// Zero rows or zero outputs write nothing.
void TestEmpty() {
  const int32_t multiplier[] = {1 << 30};
  const int32_t shift[] = {0};
  const LinearParams params{0, 0, multiplier, shift, false, -128, 127};
  int8_t out[4] = {9, 9, 9, 9};
  quantized_linear(params, g_input, g_weights, g_kernel_sum, 0, 5, 4, out);
  quantized_linear(params, g_input, g_weights, g_kernel_sum, 1, 5, 0, out);
  Check(out[0] == 9 && out[3] == 9, "empty shapes write nothing");
}

}  // namespace
}  // namespace armlet::kernels

int main() {
  std::printf("quantized_linear_test: path %s\n", armlet::kernels::kIsaName);
  armlet::kernels::TestKnownValues();
  armlet::kernels::TestEmpty();
  armlet::kernels::TestRandom();
  return armlet::kernels::testing::Finish("quantized_linear_test");
}
