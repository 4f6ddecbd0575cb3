// The ISA self-check of each simulated CPU: optimized paths against the
// scalar path, bit for bit. Everything is static and deterministic (a small
// LCG), so a failure replays identically.
#include "tests/kernels/kernel_selfcheck.h"

#include <cstdint>

#include "cc/kernels/arithmetic.h"
#include "cc/kernels/isa.h"
#include "cc/kernels/quantize.h"
#include "cc/kernels/quantized_add.h"
#include "cc/kernels/quantized_linear.h"

namespace armlet::kernels {
namespace {

// A log line built in a fixed buffer; numbers formatted by hand (no stdio).
class Line {
 public:
  Line& operator<<(const char* text) {
    while (*text != '\0' && length_ < kCapacity) buffer_[length_++] = *text++;
    buffer_[length_] = '\0';
    return *this;
  }

  Line& operator<<(int32_t value) {
    char digits[12];
    int count = 0;
    // Work in uint32 so INT32_MIN has a magnitude.
    uint32_t magnitude = value < 0 ? 0u - static_cast<uint32_t>(value) : static_cast<uint32_t>(value);
    do {
      digits[count++] = static_cast<char>('0' + magnitude % 10);
      magnitude /= 10;
    } while (magnitude != 0);
    if (value < 0) digits[count++] = '-';
    char text[12];
    for (int i = 0; i < count; ++i) text[i] = digits[count - 1 - i];
    text[count] = '\0';
    return *this << static_cast<const char*>(text);
  }

  const char* c_str() const { return buffer_; }

 private:
  static constexpr int kCapacity = 159;
  char buffer_[kCapacity + 1] = {};
  int length_ = 0;
};

class Checker {
 public:
  explicit Checker(void (*log)(const char*)) : log_(log) {}

  void Log(const Line& line) const {
    if (log_ != nullptr) log_(line.c_str());
  }

  // Counts a failure; logs the first few in full.
  void Fail(const Line& line) {
    if (++failures_ <= 10) Log(line);
  }

  int failures() const { return failures_; }

 private:
  void (*log_)(const char*);
  int failures_ = 0;
};

// Numerical Recipes' LCG; the high bits are the useful ones.
class Lcg {
 public:
  explicit Lcg(uint32_t seed) : state_(seed) {}
  uint32_t Next() {
    state_ = state_ * 1664525u + 1013904223u;
    return state_;
  }
  int32_t Uniform(int32_t low, int32_t high) {
    const uint32_t span = static_cast<uint32_t>(high - low) + 1u;
    return low + static_cast<int32_t>((Next() >> 8) % span);
  }
  int8_t Int8() { return static_cast<int8_t>(Next() >> 24); }

 private:
  uint32_t state_;
};

constexpr int32_t kMaxRows = 8;
constexpr int32_t kMaxIn = 128;
constexpr int32_t kMaxOut = 40;
constexpr int32_t kMaxAdd = 1024;

int8_t g_input[kMaxRows * kMaxIn];
int8_t g_weights[kMaxOut * kMaxIn];
int32_t g_kernel_sum[kMaxOut];
int32_t g_multipliers[kMaxOut];
int32_t g_shifts[kMaxOut];
int8_t g_reference[kMaxRows * kMaxOut > kMaxAdd ? kMaxRows * kMaxOut : kMaxAdd];
int8_t g_candidate[kMaxRows * kMaxOut > kMaxAdd ? kMaxRows * kMaxOut : kMaxAdd];
int8_t g_add_a[kMaxAdd];
int8_t g_add_b[kMaxAdd];

// Index of the first difference, or -1.
int32_t FirstDifference(int32_t count) {
  for (int32_t i = 0; i < count; ++i) {
    if (g_reference[i] != g_candidate[i]) return i;
  }
  return -1;
}

using LinearFn = void (*)(const LinearParams&, const int8_t*, const int8_t*, const int32_t*,
                          int32_t, int32_t, int32_t, int8_t*);
using AddFn = void (*)(const AddParams&, const int8_t*, const int8_t*, int8_t*, int32_t);

struct LinearShape {
  int32_t rows, in_features, out_features;
};

// Shapes around the vector widths: K = 1, K % 16 != 0, N % 4 != 0, N = 1,
// odd row counts, and the seed's 61 -> 37 case.
constexpr LinearShape kLinearShapes[] = {
    {1, 1, 1},  {1, 16, 4},  {2, 17, 5},  {3, 61, 13}, {8, 61, 37}, {1, 128, 40},
    {5, 3, 2},  {2, 4, 7},   {7, 33, 3},  {1, 15, 9},  {4, 100, 8}, {2, 127, 1},
};

void CheckLinearPath(const char* name, LinearFn candidate, Lcg& rng, Checker& checker) {
  int cases = 0;
  const int failures_before = checker.failures();
  for (const LinearShape& shape : kLinearShapes) {
    for (int variant = 0; variant < 6; ++variant) {
      const bool per_channel = (variant & 1) != 0;
      // Variants 0-1: realistic multipliers in [2^30, 2^31). 2-3: any int32
      // with any valid shift. 4-5: tiny values and shifts, so that rounding
      // ties are frequent and outputs stay inside the activation range.
      const bool edge = variant == 2 || variant == 3;
      const bool tiny = variant >= 4;
      const auto value = [&rng, tiny]() {
        return tiny ? static_cast<int8_t>(rng.Uniform(-4, 4)) : rng.Int8();
      };
      for (int32_t i = 0; i < shape.rows * shape.in_features; ++i) g_input[i] = value();
      for (int32_t i = 0; i < shape.out_features * shape.in_features; ++i) {
        g_weights[i] = value();
      }
      const int32_t channels = per_channel ? shape.out_features : 1;
      const int32_t bias_limit = tiny ? 64 : 1 << 20;
      for (int32_t n = 0; n < shape.out_features; ++n) {
        g_kernel_sum[n] = rng.Uniform(-bias_limit, bias_limit);
      }
      for (int32_t c = 0; c < channels; ++c) {
        g_multipliers[c] = edge ? static_cast<int32_t>(rng.Next())
                                : rng.Uniform(1 << 30, kInt32Max);
        g_shifts[c] = edge ? rng.Uniform(kMinShift, kMaxShift)
                           : (tiny ? rng.Uniform(-6, 0) : rng.Uniform(-14, -4));
      }
      if (edge) g_multipliers[0] = kInt32Min;
      const int32_t activation_min = tiny ? -128 : rng.Uniform(-128, -100);
      const LinearParams params{rng.Uniform(-127, 128), rng.Uniform(-128, 127), g_multipliers,
                                g_shifts, per_channel, activation_min,
                                tiny ? 127 : rng.Uniform(activation_min, 127)};
      quantized_linear_scalar(params, g_input, g_weights, g_kernel_sum, shape.rows,
                              shape.in_features, shape.out_features, g_reference);
      candidate(params, g_input, g_weights, g_kernel_sum, shape.rows, shape.in_features,
                shape.out_features, g_candidate);
      const int32_t diff = FirstDifference(shape.rows * shape.out_features);
      if (diff >= 0) {
        checker.Fail(Line() << "MISMATCH quantized_linear " << name << " rows " << shape.rows
                            << " in " << shape.in_features << " out " << shape.out_features
                            << " variant " << variant << " index " << diff << ": "
                            << int32_t{g_candidate[diff]} << " vs scalar "
                            << int32_t{g_reference[diff]});
      }
      ++cases;
    }
  }
  if (checker.failures() == failures_before) {
    checker.Log(Line() << "quantized_linear " << name << " == scalar: " << cases << " cases");
  }
}

void CheckAddPath(const char* name, AddFn candidate, Lcg& rng, Checker& checker) {
  constexpr int32_t kSizes[] = {1, 2, 3, 4, 5, 7, 15, 16, 17, 63, 64, 255, 1000, kMaxAdd};
  int cases = 0;
  const int failures_before = checker.failures();
  for (int32_t size : kSizes) {
    for (int variant = 0; variant < 4; ++variant) {
      for (int32_t i = 0; i < size; ++i) {
        g_add_a[i] = rng.Int8();
        g_add_b[i] = rng.Int8();
      }
      AddParams p{};
      p.input1_offset = rng.Uniform(-127, 128);
      p.input2_offset = rng.Uniform(-127, 128);
      p.output_offset = rng.Uniform(-128, 127);
      p.left_shift = 20;
      p.input1_multiplier = rng.Uniform(1 << 30, kInt32Max);
      p.input2_multiplier = rng.Uniform(1 << 30, kInt32Max);
      p.input1_shift = rng.Uniform(-3, 0);
      p.input2_shift = rng.Uniform(-3, 0);
      p.output_multiplier = rng.Uniform(1 << 30, kInt32Max);
      p.output_shift = rng.Uniform(-22, -15);
      p.activation_min = rng.Uniform(-128, -90);
      p.activation_max = rng.Uniform(p.activation_min, 127);
      if (variant == 1) {
        // Parameters outside the DSP fast path: the fallback must agree too.
        p.input1_multiplier = kInt32Min;
        p.output_shift = rng.Uniform(-31, 2);
        p.left_shift = rng.Uniform(0, 24);
      } else if (variant == 3) {
        // Output = (x1 + x2 - zero points) / 2 or / 4 exactly: half the
        // elements are rounding ties.
        p.input1_multiplier = 1 << 30;
        p.input2_multiplier = 1 << 30;
        p.output_multiplier = 1 << 30;
        p.input1_shift = 0;
        p.input2_shift = 0;
        p.output_shift = rng.Uniform(-20, -19);
        p.activation_min = -128;
        p.activation_max = 127;
      } else if (variant == 2) {
        p.input1_offset = rng.Uniform(-300, 300);
        p.output_multiplier = static_cast<int32_t>(rng.Next());
        p.output_shift = rng.Uniform(kMinShift, 0);
      }
      quantized_add_scalar(p, g_add_a, g_add_b, g_reference, size);
      candidate(p, g_add_a, g_add_b, g_candidate, size);
      const int32_t diff = FirstDifference(size);
      if (diff >= 0) {
        checker.Fail(Line() << "MISMATCH quantized_add " << name << " size " << size
                            << " variant " << variant << " index " << diff << ": "
                            << int32_t{g_candidate[diff]} << " vs scalar "
                            << int32_t{g_reference[diff]});
      }
      ++cases;
    }
  }
  if (checker.failures() == failures_before) {
    checker.Log(Line() << "quantized_add " << name << " == scalar: " << cases << " cases");
  }
}

using QuantizeFn = void (*)(const float*, int8_t*, int32_t, float, int32_t, int32_t, int32_t);
using DequantizeFn = void (*)(const int8_t*, float*, int32_t, float, int32_t);

float g_floats[kMaxAdd];
float g_floats_reference[kMaxAdd];

// Random floats around the quantization grid (many exact ties), plus
// infinities, NaN, subnormals and huge values, through both directions.
void CheckQuantizePath(const char* name, QuantizeFn quantize, DequantizeFn dequantize, Lcg& rng,
                       Checker& checker) {
  constexpr int32_t kSizes[] = {1, 3, 4, 7, 64, 257, kMaxAdd};
  constexpr float kSpecials[] = {__builtin_inff(), -__builtin_inff(), __builtin_nanf(""),
                                 1.0e-45f, -1.0e-45f, 3.0e38f, -3.0e38f, 0.0f, -0.0f};
  int cases = 0;
  const int failures_before = checker.failures();
  for (int32_t size : kSizes) {
    const float scale = static_cast<float>(rng.Uniform(1, 1 << 20)) * (1.0f / 16777216.0f);
    const int32_t zero_point = rng.Uniform(-128, 127);
    for (int32_t i = 0; i < size; ++i) {
      const int32_t step = rng.Uniform(-600, 600);  // in half steps of the grid
      g_floats[i] = static_cast<float>(step) * 0.5f * scale;
      if (rng.Uniform(0, 15) == 0) g_floats[i] = kSpecials[rng.Uniform(0, 8)];
    }
    quantize_per_tensor_scalar(g_floats, g_reference, size, scale, zero_point, -128, 127);
    quantize(g_floats, g_candidate, size, scale, zero_point, -128, 127);
    int32_t diff = FirstDifference(size);
    if (diff >= 0) {
      checker.Fail(Line() << "MISMATCH quantize_per_tensor " << name << " size " << size
                          << " index " << diff << ": " << int32_t{g_candidate[diff]}
                          << " vs scalar " << int32_t{g_reference[diff]});
    }
    dequantize_per_tensor_scalar(g_reference, g_floats_reference, size, scale, zero_point);
    dequantize(g_reference, g_floats, size, scale, zero_point);
    for (diff = 0; diff < size; ++diff) {
      if (__builtin_memcmp(&g_floats[diff], &g_floats_reference[diff], sizeof(float)) != 0) {
        checker.Fail(Line() << "MISMATCH dequantize_per_tensor " << name << " size " << size
                            << " index " << diff);
        break;
      }
    }
    ++cases;
  }
  if (checker.failures() == failures_before) {
    checker.Log(Line() << "quantize/dequantize " << name << " == scalar: " << cases << " cases");
  }
}

// Values worked out by hand (the same as the host unit tests), through the
// dispatching entry points: on a scalar-only CPU this is the check.
void CheckKnownValues(Checker& checker) {
  const int8_t input[] = {5, 1, -4, 9};
  const int8_t weights[] = {2, -1};
  const int32_t kernel_sum[] = {7};
  const int32_t multiplier[] = {1610612736};  // 0.75
  const int32_t shift[] = {-2};
  const LinearParams params{-3, -1, multiplier, shift, false, -128, 127};
  int8_t out[2] = {0, 0};
  quantized_linear(params, input, weights, kernel_sum, 2, 2, 1, out);
  if (out[0] != 2 || out[1] != -3) {
    checker.Fail(Line() << "MISMATCH quantized_linear known values: " << int32_t{out[0]} << " "
                        << int32_t{out[1]} << ", expected 2 -3");
  }

  AddParams add{};
  add.input1_offset = -10;
  add.input2_offset = 3;
  add.output_offset = 5;
  add.input1_multiplier = 1 << 30;
  add.input2_multiplier = 1 << 30;
  add.output_multiplier = 1 << 30;
  add.output_shift = -18;
  add.left_shift = 20;
  add.activation_min = -128;
  add.activation_max = 127;
  // (a - 10) + (b + 3) + 5, saturated.
  const int8_t a[] = {20, 127, -128, 10, 0};
  const int8_t b[] = {0, 100, -100, -3, 1};
  const int8_t expected_add[] = {18, 127, -128, 5, -1};
  int8_t sum[5];
  quantized_add(add, a, b, sum, 5);
  for (int i = 0; i < 5; ++i) {
    if (sum[i] != expected_add[i]) {
      checker.Fail(Line() << "MISMATCH quantized_add known value " << i << ": "
                          << int32_t{sum[i]} << ", expected " << int32_t{expected_add[i]});
    }
  }

  // Ties round to even after the float32 product: x * float32(1 / 0.3) is
  // exactly -107.5 for x = -32.25 (-108, then + 3).
  const float x[] = {1.25f, -1.25f, -32.25f};
  const int8_t expected_q[] = {5, 1, -105};
  int8_t q[3];
  quantize_per_tensor(x, q, 2, 0.5f, 3, -128, 127);
  quantize_per_tensor(x + 2, q + 2, 1, 0.3f, 3, -128, 127);
  for (int i = 0; i < 3; ++i) {
    if (q[i] != expected_q[i]) {
      checker.Fail(Line() << "MISMATCH quantize_per_tensor known value " << i << ": "
                          << int32_t{q[i]} << ", expected " << int32_t{expected_q[i]});
    }
  }
}

}  // namespace

int run_kernel_selfcheck(void (*log)(const char* line)) {
  Checker checker(log);
  checker.Log(Line() << "kernel selfcheck: dispatch path " << kIsaName);
  CheckKnownValues(checker);
  Lcg rng(20261125u);
  // The dispatching entry points on every CPU (on a scalar-only one this is
  // scalar against itself, which still checks the wiring), then each
  // optimized path the CPU has.
  CheckLinearPath("dispatch", quantized_linear, rng, checker);
  CheckAddPath("dispatch", quantized_add, rng, checker);
  CheckQuantizePath("dispatch", quantize_per_tensor, dequantize_per_tensor, rng, checker);
  CheckQuantizePath("integer", quantize_per_tensor_integer, dequantize_per_tensor_scalar, rng,
                    checker);
  if constexpr (kHasFpu) {
    CheckQuantizePath("vfp", quantize_per_tensor_vfp, dequantize_per_tensor_scalar, rng, checker);
  }
  if constexpr (kHasMveFloat) {
    CheckQuantizePath("mve", quantize_per_tensor_mve, dequantize_per_tensor_mve, rng, checker);
  }
  if constexpr (kHasMve) {
    CheckLinearPath("mve", quantized_linear_mve, rng, checker);
    CheckAddPath("mve", quantized_add_mve, rng, checker);
  }
  if constexpr (kHasDsp) {
    CheckLinearPath("dsp", quantized_linear_dsp, rng, checker);
    CheckAddPath("dsp", quantized_add_dsp, rng, checker);
  }
  checker.Log(Line() << "kernel selfcheck: " << (checker.failures() == 0 ? "PASS" : "FAIL")
                     << " (" << checker.failures() << " failures)");
  return checker.failures();
}

}  // namespace armlet::kernels
