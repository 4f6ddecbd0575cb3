// Tiny test helpers shared by the kernel unit tests: a failure counter with a
// printf-style message (no gtest here), a deterministic random generator, and
// the spec's arithmetic written out independently of cc/kernels/ in int64.
//
// Plain C++ with stdio only, no heap: the same tests also build for a board
// with semihosting, where they exercise the DSP and MVE paths.
#pragma once

#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>

namespace armlet::kernels::testing {

inline int g_failures = 0;
inline int g_checks = 0;

// Records one check; prints the message when it fails. Returns `ok` so a
// caller can stop a loop after the first mismatch.
__attribute__((format(printf, 2, 3))) inline bool Check(bool ok, const char* format, ...) {
  ++g_checks;
  if (ok) return true;
  ++g_failures;
  if (g_failures <= 20) {
    std::printf("FAIL: ");
    va_list args;
    va_start(args, format);
    std::vprintf(format, args);
    va_end(args);
    std::printf("\n");
  }
  return false;
}

// Prints the summary and returns the process status.
inline int Finish(const char* name) {
  std::printf("%s: %d checks, %d failures\n", name, g_checks, g_failures);
  return g_failures == 0 ? 0 : 1;
}

// xorshift64*: deterministic across hosts and boards.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed * 2654435761u + 1) {}

  uint32_t Next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return static_cast<uint32_t>((state_ * 2685821657736338717ull) >> 32);
  }

  // Uniform in [low, high], both inclusive.
  int32_t Uniform(int32_t low, int32_t high) {
    const uint64_t span = static_cast<uint64_t>(static_cast<int64_t>(high) - low) + 1;
    return static_cast<int32_t>(low + static_cast<int64_t>(Next() % span));
  }

  // (1 + j / steps) * 2^e with j and e uniform: the mantissa is drawn first,
  // in its own statement, so the sequence does not depend on the compiler's
  // order of evaluating function arguments.
  double Scale(uint32_t steps, int32_t min_exponent, int32_t max_exponent) {
    const double mantissa = 1.0 + static_cast<double>(Next() % steps) / steps;
    return std::ldexp(mantissa, Uniform(min_exponent, max_exponent));
  }

  int8_t Int8() { return static_cast<int8_t>(Next() & 0xff); }
  int32_t Int32() { return static_cast<int32_t>(Next()); }
  bool Bool() { return (Next() & 1) != 0; }

 private:
  uint64_t state_;
};

constexpr int64_t kMin32 = -2147483648LL;
constexpr int64_t kMax32 = 2147483647LL;

inline bool FitsInt32(int64_t v) { return v >= kMin32 && v <= kMax32; }

// floor(x / 2^e) by division, not by shifting.
inline int64_t FloorDivPow2(int64_t x, int e) {
  const int64_t d = int64_t{1} << e;
  int64_t q = x / d;
  if (x % d != 0 && x < 0) q -= 1;
  return q;
}

// The spec, literally: nudge, then C's truncating division.
inline int64_t RefSrdhm(int64_t a, int64_t b) {
  if (a == kMin32 && b == kMin32) return kMax32;
  const int64_t ab = a * b;
  const int64_t nudge = ab >= 0 ? (int64_t{1} << 30) : (1 - (int64_t{1} << 30));
  return (ab + nudge) / (int64_t{1} << 31);
}

// The spec: mask, remainder, threshold; the shift written as floor division.
inline int64_t RefRdpot(int64_t x, int e) {
  const int64_t mask = (int64_t{1} << e) - 1;
  const int64_t remainder = x - FloorDivPow2(x, e) * (int64_t{1} << e);  // x & mask
  const int64_t threshold = (mask / 2) + (x < 0 ? 1 : 0);
  return FloorDivPow2(x, e) + (remainder > threshold ? 1 : 0);
}

// The spec's MultiplyByQuantizedMultiplier. `*valid` becomes false when the
// left shift would overflow int32 (an input the spec rules out).
inline int64_t RefMbqm(int64_t x, int64_t multiplier, int shift, bool* valid) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  const int64_t shifted = x * (int64_t{1} << left);
  if (!FitsInt32(shifted)) *valid = false;
  return RefRdpot(RefSrdhm(shifted, multiplier), right);
}

inline int64_t RefClamp(int64_t v, int64_t low, int64_t high) {
  return v < low ? low : (v > high ? high : v);
}

// QuantizeMultiplier as the AOT side computes it (spec).
inline void QuantizeMultiplier(double real, int32_t* multiplier, int32_t* shift) {
  if (real == 0.0) {
    *multiplier = 0;
    *shift = 0;
    return;
  }
  int exponent = 0;
  const double q = std::frexp(real, &exponent);
  int64_t m = static_cast<int64_t>(std::round(q * 2147483648.0));  // half away from zero
  if (m == (int64_t{1} << 31)) {
    m /= 2;
    ++exponent;
  }
  if (exponent < -31) {
    m = 0;
    exponent = 0;
  }
  *multiplier = static_cast<int32_t>(m);
  *shift = exponent;
}

}  // namespace armlet::kernels::testing
